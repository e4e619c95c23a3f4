//! Validated settings of one discovery engine: servers, deadline, cache TTL.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use super::error::ConfigError;
use crate::dns::text::py_repr;

/// Largest accepted `timeout` or `cache_ttl`, in seconds (about 31 years).
pub const MAX_SECONDS: f64 = 1e9;

/// The settings of an [`super::MxDiscovery`], validated.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoveryConfig {
    /// Nameservers tried in order; empty means the system resolver.
    pub servers: Vec<SocketAddr>,
    /// The total deadline of one lookup.
    pub timeout: Duration,
    /// `timeout` as the user wrote it (`5`, `2.5`), for the warning text.
    pub timeout_text: String,
    /// How long a successful answer is reused; zero disables the cache.
    pub cache_ttl: Duration,
    /// Whether a domain without MX but with A/AAAA resolves to itself.
    pub implicit_mx: bool,
}

impl Default for DiscoveryConfig {
    fn default() -> Self {
        Self {
            servers: Vec::new(),
            timeout: Duration::from_secs(5),
            timeout_text: "5".to_owned(),
            cache_ttl: Duration::ZERO,
            implicit_mx: false,
        }
    }
}

/// Parses one `servers` entry: `IPv4`, `IPv6`, `IPv4:port` or `[IPv6]:port`
/// (default port 53). Port 0, brackets around IPv4, scope ids and
/// surrounding whitespace are rejected.
pub fn parse_server(entry: &str) -> Result<SocketAddr, ConfigError> {
    parse_server_inner(entry).ok_or_else(|| {
        ConfigError::Value(format!(
            "invalid DNS server {}: expected IPv4, IPv6, IPv4:port or [IPv6]:port",
            py_repr(entry)
        ))
    })
}

fn parse_server_inner(entry: &str) -> Option<SocketAddr> {
    if let Some(rest) = entry.strip_prefix('[') {
        let (host, port) = rest.split_once("]:")?;
        let ip: Ipv6Addr = host.parse().ok()?;
        return Some(SocketAddr::new(IpAddr::V6(ip), parse_port(port)?));
    }
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(SocketAddr::new(ip, 53));
    }
    let (host, port) = entry.rsplit_once(':')?;
    let ip: Ipv4Addr = host.parse().ok()?;
    Some(SocketAddr::new(IpAddr::V4(ip), parse_port(port)?))
}

fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u16>().ok().filter(|p| *p != 0)
}

/// Validates a number of seconds for `field` (`timeout` must be > 0,
/// `cache_ttl` >= 0); `text` is the value as the user wrote it.
pub fn parse_seconds(field: &str, value: f64, text: &str) -> Result<Duration, ConfigError> {
    let err = |what: &str| ConfigError::Value(format!("{field} must be {what}, got {text}"));
    if !value.is_finite() {
        return Err(err("a finite number"));
    }
    if field == "timeout" && value <= 0.0 {
        return Err(err("greater than 0"));
    }
    if value < 0.0 {
        return Err(err(">= 0"));
    }
    if value > MAX_SECONDS {
        return Err(err("at most 1000000000 seconds"));
    }
    Duration::try_from_secs_f64(value).map_err(|_| err("a valid number of seconds"))
}

impl DiscoveryConfig {
    /// Builds a validated config from raw values (`timeout_text` is how the
    /// timeout is printed in warnings).
    pub fn new(
        servers: &[&str],
        timeout: f64,
        timeout_text: &str,
        cache_ttl: f64,
        implicit_mx: bool,
    ) -> Result<Self, ConfigError> {
        let servers = servers
            .iter()
            .map(|s| parse_server(s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            servers,
            timeout: parse_seconds("timeout", timeout, timeout_text)?,
            timeout_text: timeout_text.to_owned(),
            cache_ttl: parse_seconds("cache_ttl", cache_ttl, &format_seconds(cache_ttl))?,
            implicit_mx,
        })
    }
}

/// Formats seconds the way Python's `str()` prints an int or a simple float.
pub fn format_seconds(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e16 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_four_server_forms() {
        assert_eq!(
            parse_server("192.0.2.1").unwrap(),
            "192.0.2.1:53".parse().unwrap()
        );
        assert_eq!(
            parse_server("192.0.2.1:5353").unwrap(),
            "192.0.2.1:5353".parse().unwrap()
        );
        assert_eq!(
            parse_server("2001:db8::1").unwrap(),
            "[2001:db8::1]:53".parse().unwrap()
        );
        assert_eq!(
            parse_server("[::1]:54").unwrap(),
            "[::1]:54".parse().unwrap()
        );
    }

    #[test]
    fn rejects_bad_servers() {
        for bad in [
            "",
            "x",
            "1.2.3",
            "1.2.3.4:0",
            "1.2.3.4:65536",
            "[1.2.3.4]:53",
            "fe80::1%eth0",
            "[fe80::1%eth0]:53",
            " 1.2.3.4",
            "1.2.3.4:",
            "1.2.3.4:+5",
            "[::1]",
            "::1:53:x",
            "example.com",
        ] {
            let err = parse_server(bad).unwrap_err().to_string();
            assert!(err.contains(&py_repr(bad)), "{bad}: {err}");
        }
    }

    #[test]
    fn validates_seconds() {
        assert_eq!(
            parse_seconds("timeout", 2.5, "2.5").unwrap(),
            Duration::from_millis(2500)
        );
        assert!(parse_seconds("timeout", 0.0, "0").is_err());
        assert!(parse_seconds("timeout", f64::NAN, "nan").is_err());
        assert!(parse_seconds("timeout", 1e300, "1e+300")
            .unwrap_err()
            .to_string()
            .contains("1e+300"));
        assert!(parse_seconds("cache_ttl", 0.0, "0").is_ok());
        assert!(parse_seconds("cache_ttl", -1.0, "-1").is_err());
    }
}
