//! Domain normalisation: IDNA (punycode), label and length checks, cache keys.

use super::text::py_strip;
use hickory_proto::rr::Name;

use super::error::Error;

/// Longest accepted name in presentation form, without the trailing dot.
const MAX_NAME_LEN: usize = 253;
/// Longest accepted label, in octets.
const MAX_LABEL_LEN: usize = 63;
/// Longest input given to the IDNA conversion, in octets of UTF-8. Every
/// character that IDNA keeps gives at least one octet of the ASCII form, so a
/// longer input can only be valid through characters IDNA drops (soft hyphens,
/// joiners); refusing it keeps the conversion, which is not linear in label
/// length, cheap on hostile input.
const MAX_IDNA_INPUT: usize = 4 * MAX_NAME_LEN;

/// A domain ready to be queried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryName {
    /// Lowercased IDNA form without the trailing dot: the cache key.
    pub key: String,
}

impl QueryName {
    /// The fully qualified name sent on the wire.
    pub(super) fn fqdn(&self) -> Result<Name, Error> {
        Name::from_ascii(format!("{}.", self.key)).map_err(|_| Error::InvalidName)
    }
}

/// The key of `bare` when it is plain LDH ASCII needing no IDNA processing
/// (letters, digits, inner hyphens, no `xn--` label, lengths in range), in
/// one pass; `None` sends the name through the full IDNA path.
fn plain_ldh_key(bare: &str) -> Option<String> {
    let b = bare.as_bytes();
    if b.len() > MAX_NAME_LEN {
        return None;
    }
    let mut key = String::with_capacity(b.len());
    for label in b.split(|c| *c == b'.') {
        let n = label.len();
        if n == 0 || n > MAX_LABEL_LEN || label[0] == b'-' || label[n - 1] == b'-' {
            return None;
        }
        if n >= 4 && label[..4].eq_ignore_ascii_case(b"xn--") {
            return None;
        }
        if !key.is_empty() {
            key.push('.');
        }
        for &c in label {
            if !(c.is_ascii_alphanumeric() || c == b'-') {
                return None;
            }
            key.push(c.to_ascii_lowercase() as char);
        }
    }
    Some(key)
}

/// Checks label and name lengths of a lowercased ASCII key.
fn check_lengths(key: String) -> Result<QueryName, Error> {
    let labels_ok = key
        .split('.')
        .all(|l| !l.is_empty() && l.len() <= MAX_LABEL_LEN);
    if key.is_empty() || key.len() > MAX_NAME_LEN || !labels_ok {
        return Err(Error::InvalidName);
    }
    Ok(QueryName { key })
}

/// Normalises a domain as written by the caller (surrounding whitespace and
/// one trailing dot allowed; Unicode is converted to punycode).
pub fn normalize(domain: &str) -> Result<QueryName, Error> {
    let trimmed = py_strip(domain);
    let bare = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if let Some(key) = plain_ldh_key(bare) {
        return Ok(QueryName { key });
    }
    if bare.is_empty()
        || bare.len() > MAX_IDNA_INPUT
        || bare
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Err(Error::InvalidName);
    }
    if bare.split('.').any(str::is_empty) {
        return Err(Error::InvalidName);
    }
    let name = Name::from_utf8(format!("{bare}.")).map_err(|_| Error::InvalidName)?;
    if name.is_root() {
        return Err(Error::InvalidName);
    }
    let ascii = name.to_ascii().to_ascii_lowercase();
    let q = check_lengths(ascii.strip_suffix('.').unwrap_or(&ascii).to_owned())?;
    q.fqdn()?;
    Ok(q)
}

/// Whether `b` is already a normalised key: lowercase LDH labels of 1..=63
/// octets without inner `xn--` labels or edge hyphens, at most 253 in all
/// (one pass, no allocation).
fn is_own_key(b: &[u8]) -> bool {
    if b.is_empty() || b.len() > MAX_NAME_LEN {
        return false;
    }
    b.split(|c| *c == b'.').all(|l| {
        !l.is_empty()
            && l.len() <= MAX_LABEL_LEN
            && l[0] != b'-'
            && l[l.len() - 1] != b'-'
            && !l.starts_with(b"xn--")
            && l.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    })
}

/// The cache key of `domain`, as [`normalize`] gives it, without allocating
/// when the domain already is its own key (lowercase LDH, no trailing dot,
/// no surrounding whitespace): the cache-hit fast path.
pub fn cache_key(domain: &str) -> Result<std::borrow::Cow<'_, str>, Error> {
    if is_own_key(domain.as_bytes()) {
        Ok(std::borrow::Cow::Borrowed(domain))
    } else {
        normalize(domain).map(|q| std::borrow::Cow::Owned(q.key))
    }
}

/// The domain as written, for `implicit_mx` answers: surrounding whitespace
/// and a trailing dot removed, case kept.
pub fn display_without_dot(domain: &str) -> String {
    let trimmed = py_strip(domain);
    trimmed.strip_suffix('.').unwrap_or(trimmed).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(d: &str) -> String {
        normalize(d).unwrap().key
    }

    #[test]
    fn keys_are_lowercase_idna_without_dot() {
        assert_eq!(key("Example.COM."), "example.com");
        assert_eq!(key("  example.com "), "example.com");
        assert_eq!(key("bücher.example"), "xn--bcher-kva.example");
        assert_eq!(key("_dmarc.example.com"), "_dmarc.example.com");
        assert_eq!(normalize("A.b").unwrap().fqdn().unwrap().to_ascii(), "a.b.");
        assert_eq!(key("a-b.Example"), "a-b.example");
    }

    #[test]
    fn long_unicode_input_is_refused_before_idna() {
        // A megabyte of non-ASCII text: refused at once (the IDNA conversion
        // is not linear in label length), and the limit is not reached by
        // any name that can be valid through kept characters.
        let huge = "ü".repeat(500_000);
        assert_eq!(normalize(&huge), Err(Error::InvalidName));
        let longest = format!("{}.example", ["bü"; 60].join("."));
        assert!(longest.len() <= MAX_IDNA_INPUT);
    }

    #[test]
    fn fast_path_agrees_with_idna_path() {
        for name in ["Example.COM", "a-b.c", "x1.y2.z3", "MX.Example.Org"] {
            let idna = Name::from_utf8(format!("{name}.")).unwrap().to_ascii();
            assert_eq!(
                plain_ldh_key(name).unwrap(),
                idna.trim_end_matches('.').to_lowercase()
            );
        }
        for name in [
            "-a.com",
            "a-.com",
            "xn--bcher-kva.example",
            "a_b.com",
            "bücher.de",
            "a..b",
        ] {
            assert!(plain_ldh_key(name).is_none(), "{name}");
        }
    }

    #[test]
    fn cache_key_matches_normalize() {
        let long_label = format!("{}.com", "a".repeat(64));
        for d in [
            "example.com",
            "Example.COM.",
            " example.com",
            "a-b.example",
            "bücher.example",
            "xn--bcher-kva.example",
            "xn--zz.com",
            "_dmarc.example.com",
            "a..b",
            "",
            "-a.com",
            long_label.as_str(),
        ] {
            assert_eq!(
                cache_key(d).map(|k| k.into_owned()),
                normalize(d).map(|q| q.key),
                "{d:?}"
            );
        }
        assert!(matches!(
            cache_key("example.com"),
            Ok(std::borrow::Cow::Borrowed(_))
        ));
    }

    #[test]
    fn rejects_invalid_names() {
        let long_label = format!("{}.com", "a".repeat(64));
        let long_name = format!("{}com", "abcdefghi.".repeat(26));
        for bad in [
            "",
            ".",
            " ",
            "a..b",
            ".a",
            "a b.com",
            "a\nb.com",
            "a\\b.com",
            "xn--zz.com",
            "xn--a.com",
            long_label.as_str(),
            long_name.as_str(),
            "a.b..",
        ] {
            assert_eq!(normalize(bad), Err(Error::InvalidName), "{bad:?}");
        }
        assert!(normalize(&format!("{}.com", "a".repeat(63))).is_ok());
        let max = format!(
            "{}.{}.{}.{}",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(61)
        );
        assert_eq!(max.len(), 253);
        assert!(normalize(&max).is_ok());
        assert!(normalize(&format!("{max}e")).is_err());
    }
}
