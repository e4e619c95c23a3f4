//! Reverse DNS names of addresses: `in-addr.arpa` for IPv4 (RFC 1035 §3.5)
//! and `ip6.arpa` for IPv6 (RFC 3596 §2.5).

use std::net::IpAddr;

/// The name whose PTR record maps `ip` back to a host name (no trailing dot):
/// the IPv4 octets in reverse order under `in-addr.arpa`, or the 32 IPv6
/// nibbles, least significant first, under `ip6.arpa`.
pub fn reverse_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa")
        }
        IpAddr::V6(v6) => {
            let mut name = String::with_capacity(72);
            for byte in v6.octets().iter().rev() {
                name.push_str(&format!("{:x}.{:x}.", byte & 0x0f, byte >> 4));
            }
            name.push_str("ip6.arpa");
            name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_octets_reversed() {
        let ip: IpAddr = "198.51.100.49".parse().unwrap();
        assert_eq!(reverse_name(ip), "49.100.51.198.in-addr.arpa");
    }

    #[test]
    fn ipv6_nibbles_reversed() {
        // RFC 3596 §2.5's example address 4321:0:1:2:3:4:567:89ab.
        let ip: IpAddr = "4321:0:1:2:3:4:567:89ab".parse().unwrap();
        assert_eq!(
            reverse_name(ip),
            "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa"
        );
        let one: IpAddr = "2001:db8::1".parse().unwrap();
        let name = reverse_name(one);
        assert!(name.starts_with("1.0.0.0.") && name.ends_with(".8.b.d.0.1.0.0.2.ip6.arpa"));
        assert_eq!(name.split('.').count(), 34);
    }
}
