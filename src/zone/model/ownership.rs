//! octoDNS's ownership rules (`Zone.owns`, `Zone.hostname_from_fqdn`), exactly,
//! including the quirks of its regex (dots of the zone name match any character).

use std::borrow::Cow;

use super::Zone;

impl Zone {
    /// octoDNS `Zone.hostname_from_fqdn`: removes the zone suffix the way its
    /// regex `\.?{zone.name}?$` does (dots in the zone name match any
    /// character, its final dot is optional). ASCII names are lower-cased and
    /// matched against the encoded zone name; others, as given, against the
    /// Unicode zone name.
    pub fn hostname_from_fqdn<'a>(&self, fqdn: &'a str) -> Cow<'a, str> {
        if !fqdn.is_ascii() {
            let chars: Vec<char> = fqdn.chars().collect();
            let zone: Vec<char> = self.names.decoded.chars().collect();
            return match suffix_match_start(&chars, &zone, '.') {
                Some(p) => Cow::Owned(chars[..p].iter().collect()),
                None => Cow::Borrowed(fqdn),
            };
        }
        let s: Cow<'a, str> = if fqdn.bytes().any(|b| b.is_ascii_uppercase()) {
            fqdn.to_ascii_lowercase().into()
        } else {
            fqdn.into()
        };
        match suffix_match_start(s.as_bytes(), self.names.name.as_bytes(), b'.') {
            Some(p) => match s {
                Cow::Borrowed(b) => Cow::Borrowed(&b[..p]),
                Cow::Owned(o) => Cow::Owned(o[..p].to_string()),
            },
            None => s,
        }
    }

    /// `owns(rtype, target)` and, when owned, `hostname_from_fqdn(target)` in
    /// one step: the hot path of the MX-target rules. A fast path covers the
    /// usual case (lower-case ASCII target, no sub-zones); anything else goes
    /// through the two general functions.
    pub fn owned_hostname<'a>(&self, rtype: &str, target: &'a str) -> Option<Cow<'a, str>> {
        let zone = self.names.name.as_str();
        let simple = self.sub_zones.is_empty()
            && zone != "."
            && target
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase());
        if !simple {
            return self
                .owns(rtype, target)
                .then(|| self.hostname_from_fqdn(target));
        }
        // `zone` with and without its final dot; `target` may lack its dot
        let suffix = if target.ends_with('.') {
            zone
        } else {
            &zone[..zone.len() - 1]
        };
        if target == suffix {
            return Some(Cow::Borrowed(""));
        }
        let host = target.strip_suffix(suffix)?.strip_suffix('.')?;
        if host.is_empty() {
            return None;
        }
        Some(Cow::Borrowed(host))
    }

    /// octoDNS `Zone.owns`: true if a record of `rtype` at `fqdn` belongs in
    /// this zone rather than outside it or in a sub-zone (NS at a sub-zone
    /// boundary belongs to the parent).
    pub fn owns(&self, rtype: &str, fqdn: &str) -> bool {
        if fqdn.is_empty() {
            return false;
        }
        let dotted: Cow<str> = if fqdn.ends_with('.') {
            fqdn.into()
        } else {
            format!("{fqdn}.").into()
        };
        let zone = self.names.name.as_str();
        if dotted == zone {
            return true;
        }
        let under = dotted.len() > zone.len()
            && dotted.ends_with(zone)
            && dotted.as_bytes()[dotted.len() - zone.len() - 1] == b'.';
        if !under {
            return false;
        }
        if self.sub_zones.is_empty() {
            return true;
        }
        let hostname = self.hostname_from_fqdn(&dotted);
        if self.sub_zones.iter().any(|s| *s == *hostname) {
            return rtype == "NS";
        }
        !self.sub_zones.iter().any(|s| is_under(&hostname, s))
    }
}

/// `name` ends with `.{sub}`.
pub(super) fn is_under(name: &str, sub: &str) -> bool {
    name.len() > sub.len()
        && name.ends_with(sub)
        && name.as_bytes()[name.len() - sub.len() - 1] == b'.'
}

/// Start of the leftmost match of `\.?{zone}?$` in `s` (zone's dots are
/// wildcards, its last character optional), if any.
fn suffix_match_start<T: PartialEq + Copy>(s: &[T], zone: &[T], dot: T) -> Option<usize> {
    let m = zone.len();
    if m == 0 {
        return None;
    }
    let core = &zone[..m - 1];
    let core_matches =
        |t: &[T]| t.len() == core.len() && t.iter().zip(core).all(|(a, b)| *b == dot || a == b);
    let lo = s.len().saturating_sub(m + 1);
    (lo..=s.len()).find(|&p| {
        let t = &s[p..];
        [(true, true), (true, false), (false, true), (false, false)]
            .iter()
            .any(|&(lead, tail)| {
                let need = core.len() + usize::from(lead) + usize::from(tail);
                if t.len() != need || (lead && t[0] != dot) {
                    return false;
                }
                let start = usize::from(lead);
                core_matches(&t[start..start + core.len()])
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(subs: &[&str]) -> Zone {
        Zone::new("Example.com", subs.iter().map(|s| s.to_string()).collect()).unwrap()
    }

    #[test]
    fn hostname_from_fqdn_like_octodns() {
        let z = zone(&[]);
        assert_eq!(z.hostname_from_fqdn("www.example.com."), "www");
        assert_eq!(z.hostname_from_fqdn("www.example.com"), "www");
        assert_eq!(z.hostname_from_fqdn("example.com."), "");
        assert_eq!(z.hostname_from_fqdn("a.b.example.com."), "a.b");
        // dots of the zone name are regex wildcards in octoDNS
        assert_eq!(z.hostname_from_fqdn("wwwXexampleYcom."), "wwwx");
        assert_eq!(z.hostname_from_fqdn("other.org."), "other.org.");
        let idn = Zone::new("bücher.example.", vec![]).unwrap();
        assert_eq!(idn.hostname_from_fqdn("Post.bücher.example."), "Post");
        assert_eq!(
            idn.hostname_from_fqdn("post.xn--bcher-kva.example."),
            "post"
        );
    }

    #[test]
    fn owns_like_octodns() {
        let z = zone(&["sub"]);
        assert!(z.owns("A", "example.com."));
        assert!(z.owns("A", "www.example.com"));
        assert!(!z.owns("A", "wwwexample.com."));
        assert!(!z.owns("A", "sub.example.com."));
        assert!(z.owns("NS", "sub.example.com."));
        assert!(!z.owns("A", "x.sub.example.com."));
        assert!(z.owns("A", "xsub.example.com."));
        assert!(!z.owns("A", "."));
        assert!(!z.owns("A", ""));
    }
}
