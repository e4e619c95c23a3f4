//! DMARC reporting URIs (`rua=`, `ruf=`): a comma-separated list of URIs
//! (RFC 7489 §6.4 `dmarc-urilist`, RFC 9989 §4.8), each an RFC 3986 URI with
//! an optional size limit (`!10m`, RFC 7489 §6.4 `dmarc-uri`). `mailto:`
//! (RFC 6068) is the scheme every receiver supports; its address must name
//! a domain.

use std::fmt;

use crate::dns::name::normalize;

/// One reporting URI that parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportUri {
    /// The URI as written (whitespace around it removed).
    pub text: String,
    /// The scheme, lower-cased (`mailto`).
    pub scheme: String,
    /// For `mailto:`, the address's domain (lower-cased IDNA form): where
    /// the reports go.
    pub mailto_domain: Option<String>,
}

/// Why a reporting URI is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriError {
    /// The URI as written.
    pub text: String,
    /// What is wrong, for messages.
    pub reason: &'static str,
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} {}", self.text, self.reason)
    }
}

/// Space and tab around list items (`*WSP "," *WSP`, RFC 7489 §6.4).
const WSP: [char; 2] = [' ', '\t'];

/// The URIs of a `rua=`/`ruf=` value, each parsed, in order.
pub fn parse_list(value: &str) -> Vec<Result<ReportUri, UriError>> {
    value
        .split(',')
        .map(|u| parse(u.trim_matches(WSP)))
        .collect()
}

/// Parses one reporting URI.
pub fn parse(text: &str) -> Result<ReportUri, UriError> {
    let fail = |reason| UriError {
        text: text.to_owned(),
        reason,
    };
    if text.is_empty() {
        return Err(fail("is empty (a stray comma?)"));
    }
    // RFC 7489 §6.4: `URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]`; a "!"
    // inside the URI itself must be percent-encoded, so the first one starts
    // the size.
    let (uri, size) = match text.split_once('!') {
        Some((uri, size)) => (uri, Some(size)),
        None => (text, None),
    };
    if size.is_some_and(|s| !is_size(s)) {
        return Err(fail(
            "has a bad size limit (after '!': digits, then optionally k, m, g or t)",
        ));
    }
    let Some((scheme, rest)) = uri.split_once(':').filter(|(s, _)| is_scheme(s)) else {
        return Err(fail(
            "has no URI scheme: write it as a URI, e.g. mailto:reports@example.com",
        ));
    };
    if rest.is_empty() || rest.contains(WSP) {
        return Err(fail("is not a valid URI (empty or with spaces)"));
    }
    let scheme = scheme.to_ascii_lowercase();
    let mailto_domain = if scheme == "mailto" {
        Some(mailto_domain(rest).ok_or_else(|| {
            fail("is not a valid mailto: URI (needs one address local@domain, RFC 6068)")
        })?)
    } else {
        None
    };
    Ok(ReportUri {
        text: text.to_owned(),
        scheme,
        mailto_domain,
    })
}

/// RFC 3986 §3.1: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn is_scheme(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c))
}

/// `1*DIGIT [ "k" / "m" / "g" / "t" ]` (units case-insensitive, RFC 5234).
fn is_size(s: &str) -> bool {
    let digits = s.trim_end_matches(['k', 'm', 'g', 't', 'K', 'M', 'G', 'T']);
    let unit_len = s.len() - digits.len();
    unit_len <= 1 && !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
}

/// The domain of a `mailto:` URI's one address (`local@domain`, before any
/// `?headers`), as a query name with at least two labels.
fn mailto_domain(rest: &str) -> Option<String> {
    let address = rest.split('?').next().unwrap_or_default();
    let (local, domain) = address.rsplit_once('@')?;
    if local.is_empty() || local.contains(',') || domain.contains('%') {
        return None;
    }
    let key = normalize(domain).ok()?.key;
    key.contains('.').then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_with_and_without_size() {
        let u = parse("mailto:Dmarc@Example.COM").unwrap();
        assert_eq!(u.scheme, "mailto");
        assert_eq!(u.mailto_domain.as_deref(), Some("example.com"));
        let u = parse("MAILTO:d@reports.example.net!10m").unwrap();
        assert_eq!(u.mailto_domain.as_deref(), Some("reports.example.net"));
        assert!(parse("mailto:d@e.com!10").is_ok());
        assert!(parse("mailto:d@e.com?subject=x").is_ok());
        let https = parse("https://r.example/dmarc").unwrap();
        assert_eq!(https.mailto_domain, None);
    }

    #[test]
    fn bad_uris_say_why() {
        assert!(parse("dmarc@example.com")
            .unwrap_err()
            .reason
            .contains("no URI scheme"));
        assert!(parse("").is_err());
        assert!(parse("mailto:").is_err());
        assert!(parse("mailto:example.com").is_err());
        assert!(parse("mailto:@example.com").is_err());
        assert!(parse("mailto:a@localhost").is_err());
        assert!(parse("mailto:a@exa mple.com").is_err());
        assert!(parse("mailto:a@e.com!10x")
            .unwrap_err()
            .reason
            .contains("size"));
        assert!(parse("mailto:a@e.com!").is_err());
        assert!(parse("mailto:a@e.com!mm").is_err());
        assert!(parse("1mailto:a@e.com").is_err());
    }

    #[test]
    fn lists_split_on_commas_with_spaces() {
        let l = parse_list("mailto:a@e.com , mailto:b@f.org,x");
        assert_eq!(l.len(), 3);
        assert!(l[0].is_ok() && l[1].is_ok() && l[2].is_err());
        assert!(parse_list("mailto:a@e.com,")[1].is_err());
    }
}
