//! Domain normalisation: IDNA (punycode), label and length checks, cache keys.

use hickory_proto::rr::Name;

use super::error::LookupError;

/// Longest accepted name in presentation form, without the trailing dot.
const MAX_NAME_LEN: usize = 253;
/// Longest accepted label, in octets.
const MAX_LABEL_LEN: usize = 63;

/// A domain ready to be queried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryName {
    /// Lowercased IDNA form without the trailing dot: the cache key.
    pub key: String,
}

impl QueryName {
    /// The fully qualified name sent on the wire.
    pub fn fqdn(&self) -> Result<Name, LookupError> {
        Name::from_ascii(format!("{}.", self.key)).map_err(|_| LookupError::InvalidDomain)
    }
}

/// Whether `bare` is plain LDH ASCII needing no IDNA processing: letters,
/// digits, inner hyphens, no `xn--` label (those must be checked as punycode).
fn is_plain_ldh(bare: &str) -> bool {
    bare.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
            && !(b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"xn--"))
    })
}

/// Checks label and name lengths of a lowercased ASCII key.
fn check_lengths(key: String) -> Result<QueryName, LookupError> {
    let labels_ok = key
        .split('.')
        .all(|l| !l.is_empty() && l.len() <= MAX_LABEL_LEN);
    if key.is_empty() || key.len() > MAX_NAME_LEN || !labels_ok {
        return Err(LookupError::InvalidDomain);
    }
    Ok(QueryName { key })
}

/// Normalises a domain as written by the caller (surrounding whitespace and
/// one trailing dot allowed; Unicode is converted to punycode).
pub fn normalize(domain: &str) -> Result<QueryName, LookupError> {
    let trimmed = domain.trim();
    let bare = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if bare.is_empty()
        || bare
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Err(LookupError::InvalidDomain);
    }
    if bare.split('.').any(str::is_empty) {
        return Err(LookupError::InvalidDomain);
    }
    if is_plain_ldh(bare) {
        return check_lengths(bare.to_ascii_lowercase());
    }
    let name = Name::from_utf8(format!("{bare}.")).map_err(|_| LookupError::InvalidDomain)?;
    if name.is_root() {
        return Err(LookupError::InvalidDomain);
    }
    let ascii = name.to_ascii().to_ascii_lowercase();
    let q = check_lengths(ascii.strip_suffix('.').unwrap_or(&ascii).to_owned())?;
    q.fqdn()?;
    Ok(q)
}

/// The domain as written, for `implicit_mx` answers: surrounding whitespace
/// and a trailing dot removed, case kept.
pub fn display_without_dot(domain: &str) -> String {
    let trimmed = domain.trim();
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
            assert_eq!(normalize(bad), Err(LookupError::InvalidDomain), "{bad:?}");
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
