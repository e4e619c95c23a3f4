//! SPF terms as typed values (RFC 7208 §4.6.1, §5, §6): one term parsed at
//! a time, so a record with a bad term still shows its other terms.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::macros::{check_domain_spec, check_macro_string};

/// A directive's qualifier (§4.6.2); `+` when none is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// `+`: pass.
    Pass,
    /// `-`: fail.
    Fail,
    /// `~`: softfail.
    SoftFail,
    /// `?`: neutral.
    Neutral,
}

/// A validated `domain-spec` (§7.1), macros unexpanded, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DomainSpec(pub String);

/// The optional CIDR lengths of `a` and `mx` (`/24//64`, §5.6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DualCidr {
    /// IPv4 prefix length (0..=32).
    pub v4: Option<u8>,
    /// IPv6 prefix length (0..=128).
    pub v6: Option<u8>,
}

/// A mechanism (§5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mechanism {
    /// `all` (§5.1).
    All,
    /// `include:<domain-spec>` (§5.2).
    Include(DomainSpec),
    /// `a[:<domain-spec>][<dual-cidr>]` (§5.3).
    A(Option<DomainSpec>, DualCidr),
    /// `mx[:<domain-spec>][<dual-cidr>]` (§5.4).
    Mx(Option<DomainSpec>, DualCidr),
    /// `ptr[:<domain-spec>]` (§5.5, deprecated).
    Ptr(Option<DomainSpec>),
    /// `ip4:<network>[/<len>]` (§5.6).
    Ip4(Ipv4Addr, Option<u8>),
    /// `ip6:<network>[/<len>]` (§5.6).
    Ip6(Ipv6Addr, Option<u8>),
    /// `exists:<domain-spec>` (§5.7).
    Exists(DomainSpec),
}

impl Mechanism {
    /// Whether evaluating it queries DNS (counts toward the limit of 10, §4.6.4).
    pub fn queries_dns(&self) -> bool {
        matches!(
            self,
            Mechanism::Include(_)
                | Mechanism::A(..)
                | Mechanism::Mx(..)
                | Mechanism::Ptr(_)
                | Mechanism::Exists(_)
        )
    }
}

/// A modifier (§6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Modifier {
    /// `redirect=<domain-spec>` (§6.1).
    Redirect(DomainSpec),
    /// `exp=<domain-spec>` (§6.2).
    Exp(DomainSpec),
    /// Any other `name=macro-string` (§6: ignored by evaluation).
    Unknown {
        /// The modifier name, as written.
        name: String,
        /// Its macro-string value.
        value: String,
    },
}

/// One term of an SPF record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Term {
    /// A mechanism with its qualifier.
    Directive(Qualifier, Mechanism),
    /// A modifier.
    Modifier(Modifier),
}

/// A term that does not follow the grammar (a permerror, §4.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermError {
    /// The term as written.
    pub term: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for TermError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SPF term {:?}: {}", self.term, self.reason)
    }
}

/// Parses one term (no spaces in it).
pub fn parse_term(term: &str) -> Result<Term, TermError> {
    let fail = |reason: String| TermError {
        term: term.to_owned(),
        reason,
    };
    if let Some((name, value)) = modifier_parts(term) {
        return parse_modifier(name, value)
            .map(Term::Modifier)
            .map_err(fail);
    }
    let (qualifier, rest) = match term.as_bytes().first() {
        Some(b'+') => (Qualifier::Pass, &term[1..]),
        Some(b'-') => (Qualifier::Fail, &term[1..]),
        Some(b'~') => (Qualifier::SoftFail, &term[1..]),
        Some(b'?') => (Qualifier::Neutral, &term[1..]),
        _ => (Qualifier::Pass, term),
    };
    parse_mechanism(rest)
        .map(|m| Term::Directive(qualifier, m))
        .map_err(fail)
}

/// `name=value` when `term` is a modifier: `name = ALPHA *( ALPHA / DIGIT /
/// "-" / "_" / "." )` then `=` (§6, §4.6.1).
fn modifier_parts(term: &str) -> Option<(&str, &str)> {
    let (name, value) = term.split_once('=')?;
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphabetic());
    let rest_ok = bytes.all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    (first_ok && rest_ok).then_some((name, value))
}

fn parse_modifier(name: &str, value: &str) -> Result<Modifier, String> {
    match name.to_ascii_lowercase().as_str() {
        "redirect" => domain_spec(value).map(Modifier::Redirect),
        "exp" => domain_spec(value).map(Modifier::Exp),
        _ => {
            check_macro_string(value)?;
            Ok(Modifier::Unknown {
                name: name.to_owned(),
                value: value.to_owned(),
            })
        }
    }
}

fn domain_spec(text: &str) -> Result<DomainSpec, String> {
    check_domain_spec(text).map(|()| DomainSpec(text.to_owned()))
}

fn parse_mechanism(text: &str) -> Result<Mechanism, String> {
    let end = text.find([':', '/']).unwrap_or(text.len());
    let (name, args) = text.split_at(end);
    let arg = args.strip_prefix(':');
    let required = |what: &str| arg.ok_or_else(|| format!("{what} needs ':' and a value"));
    match name.to_ascii_lowercase().as_str() {
        "all" if args.is_empty() => Ok(Mechanism::All),
        "include" => domain_spec(required("include")?).map(Mechanism::Include),
        "exists" => domain_spec(required("exists")?).map(Mechanism::Exists),
        "ptr" => match arg {
            Some(d) => domain_spec(d).map(|d| Mechanism::Ptr(Some(d))),
            None if args.is_empty() => Ok(Mechanism::Ptr(None)),
            None => Err("ptr takes no CIDR length".to_owned()),
        },
        "a" => target_and_cidr(args).map(|(d, c)| Mechanism::A(d, c)),
        "mx" => target_and_cidr(args).map(|(d, c)| Mechanism::Mx(d, c)),
        "ip4" => {
            let (net, len) = network(required("ip4")?, 32)?;
            let ip = net
                .parse()
                .map_err(|_| format!("{net:?} is not an IPv4 address"))?;
            Ok(Mechanism::Ip4(ip, len))
        }
        "ip6" => {
            let (net, len) = network(required("ip6")?, 128)?;
            let ip = net
                .parse()
                .map_err(|_| format!("{net:?} is not an IPv6 address"))?;
            Ok(Mechanism::Ip6(ip, len))
        }
        _ => Err(format!("unknown mechanism {name:?}")),
    }
}

/// `[":" domain-spec] [dual-cidr-length]` of `a` and `mx`.
fn target_and_cidr(args: &str) -> Result<(Option<DomainSpec>, DualCidr), String> {
    let (rest, v6) = match args.rsplit_once("//") {
        Some((rest, len)) => (rest, Some(cidr(len, 128)?)),
        None => (args, None),
    };
    let (rest, v4) = match rest.rsplit_once('/') {
        Some((rest, len)) if !len.is_empty() && len.bytes().all(|b| b.is_ascii_digit()) => {
            (rest, Some(cidr(len, 32)?))
        }
        _ => (rest, None),
    };
    let domain = match rest.strip_prefix(':') {
        Some(d) => Some(domain_spec(d)?),
        None if rest.is_empty() => None,
        None => return Err(format!("unexpected {rest:?}")),
    };
    Ok((domain, DualCidr { v4, v6 }))
}

/// `network ["/" length]` of `ip4`/`ip6`.
fn network(text: &str, max: u8) -> Result<(&str, Option<u8>), String> {
    match text.split_once('/') {
        Some((net, len)) => Ok((net, Some(cidr(len, max)?))),
        None => Ok((text, None)),
    }
}

/// A CIDR length: digits without a leading zero, at most `max` (§5.6).
fn cidr(text: &str, max: u8) -> Result<u8, String> {
    let valid = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    match text.parse::<u8>() {
        Ok(n) if valid && n <= max => Ok(n),
        _ => Err(format!("CIDR length {text:?} is not 0..={max}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> Option<DomainSpec> {
        Some(DomainSpec(s.to_owned()))
    }

    #[test]
    fn parses_every_mechanism_and_modifier() {
        use Mechanism::*;
        let d = |q, m| Ok(Term::Directive(q, m));
        assert_eq!(parse_term("-all"), d(Qualifier::Fail, All));
        assert_eq!(parse_term("ALL"), d(Qualifier::Pass, All));
        assert_eq!(
            parse_term("~include:_spf.example.com"),
            d(
                Qualifier::SoftFail,
                Include(DomainSpec("_spf.example.com".into()))
            )
        );
        assert_eq!(
            parse_term("a"),
            d(Qualifier::Pass, A(None, DualCidr::default()))
        );
        let cidr = DualCidr {
            v4: Some(24),
            v6: Some(64),
        };
        assert_eq!(
            parse_term("a:e.com/24//64"),
            d(Qualifier::Pass, A(spec("e.com"), cidr))
        );
        let v6 = DualCidr {
            v4: None,
            v6: Some(64),
        };
        assert_eq!(parse_term("?mx//64"), d(Qualifier::Neutral, Mx(None, v6)));
        assert_eq!(parse_term("ptr"), d(Qualifier::Pass, Ptr(None)));
        assert_eq!(
            parse_term("ip4:192.0.2.0/24"),
            d(Qualifier::Pass, Ip4("192.0.2.0".parse().unwrap(), Some(24)))
        );
        assert_eq!(
            parse_term("ip6:2001:db8::/32"),
            d(
                Qualifier::Pass,
                Ip6("2001:db8::".parse().unwrap(), Some(32))
            )
        );
        assert_eq!(
            parse_term("exists:%{i}.%{d}"),
            d(Qualifier::Pass, Exists(DomainSpec("%{i}.%{d}".into())))
        );
        assert_eq!(
            parse_term("redirect=_spf.e.com"),
            Ok(Term::Modifier(Modifier::Redirect(DomainSpec(
                "_spf.e.com".into()
            ))))
        );
        assert_eq!(
            parse_term("exp=explain.%{d}"),
            Ok(Term::Modifier(Modifier::Exp(DomainSpec(
                "explain.%{d}".into()
            ))))
        );
        assert_eq!(
            parse_term("x-custom=%{c}"),
            Ok(Term::Modifier(Modifier::Unknown {
                name: "x-custom".into(),
                value: "%{c}".into()
            }))
        );
    }

    #[test]
    fn rejects_bad_terms_naming_them() {
        for bad in [
            "ip4:999.1.1.1",
            "ipv4:192.0.2.1",
            "ip4:192.0.2.0/33",
            "ip4:192.0.2.0/024",
            "ip6:2001:db8::/129",
            "a/33",
            "a:e.com//129",
            "include",
            "include:",
            "include:e",
            "exists",
            "all:x",
            "ptr/24",
            "redirect=",
            "redirect=%{z}.e.com",
            "*all",
            "",
        ] {
            let err = parse_term(bad).expect_err(bad);
            assert_eq!(err.term, bad);
        }
        let err = parse_term("ipv4:1.2.3.4").unwrap_err();
        assert_eq!(
            err.to_string(),
            "SPF term \"ipv4:1.2.3.4\": unknown mechanism \"ipv4\""
        );
    }
}
