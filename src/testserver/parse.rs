//! Parsing record names and values given in presentation format.

use hickory_proto::rr::rdata::{CNAME, MX, NS, PTR, TXT};
use hickory_proto::rr::{Name, RData, RecordType};

use super::error::{RecordError, SUPPORTED_TYPES};

/// The longest character-string of a TXT record (RFC 1035 §3.3).
const TXT_CHUNK: usize = 255;

/// Parses a record type name (case-insensitive) among [`SUPPORTED_TYPES`].
pub fn parse_type(rtype: &str) -> Result<RecordType, RecordError> {
    let upper = rtype.trim().to_ascii_uppercase();
    if !SUPPORTED_TYPES.contains(&upper.as_str()) {
        return Err(RecordError::UnknownType(rtype.to_string()));
    }
    upper
        .parse()
        .map_err(|_| RecordError::UnknownType(rtype.to_string()))
}

/// Parses a domain name (trailing dot optional) into an FQDN. ASCII names
/// keep their case (as a zone file would); others go through IDNA.
pub fn parse_name(name: &str) -> Result<Name, RecordError> {
    let bad = |reason: String| RecordError::BadName {
        name: name.to_string(),
        reason,
    };
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(bad("empty name".into()));
    }
    let parsed = if trimmed.is_ascii() {
        Name::from_ascii(trimmed)
    } else {
        Name::from_utf8(trimmed)
    };
    let mut parsed = parsed.map_err(|e| bad(e.to_string()))?;
    parsed.set_fqdn(true);
    Ok(parsed)
}

/// The lookup key of a name: ASCII lower case, no trailing dot (`""` is the root).
pub fn name_key(name: &Name) -> String {
    let ascii = name.to_lowercase().to_ascii();
    ascii.trim_end_matches('.').to_string()
}

/// Parses `value` as the data of a `rtype` record.
pub fn parse_rdata(rtype: RecordType, value: &str) -> Result<RData, RecordError> {
    let bad = |reason: String| RecordError::BadValue {
        rtype: rtype.to_string(),
        value: value.to_string(),
        reason,
    };
    let target = |text: &str| parse_name(text).map_err(|e| bad(e.to_string()));
    match rtype {
        RecordType::MX => parse_mx(value).map_err(bad),
        RecordType::CNAME => Ok(RData::CNAME(CNAME(target(value)?))),
        RecordType::NS => Ok(RData::NS(NS(target(value)?))),
        RecordType::PTR => Ok(RData::PTR(PTR(target(value)?))),
        RecordType::TXT => parse_txt(value).map_err(bad),
        _ => RData::try_from_str(rtype, value.trim())
            .map(fqdn_names)
            .map_err(|e| bad(e.to_string())),
    }
}

/// `"10 mx1.example.com."`; the exchange `"."` is a Null MX (RFC 7505).
fn parse_mx(value: &str) -> Result<RData, String> {
    let mut parts = value.split_whitespace();
    let (Some(pref), Some(exchange), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err("expected \"PREFERENCE EXCHANGE\"".into());
    };
    let preference: u16 = pref
        .parse()
        .map_err(|_| format!("preference {pref:?} is not an integer 0..65535"))?;
    let exchange = if exchange == "." {
        Name::root()
    } else {
        parse_name(exchange).map_err(|e| e.to_string())?
    };
    Ok(RData::MX(MX::new(preference, exchange)))
}

/// Quoted presentation format (`"a" "b"`) or plain text; strings over 255
/// bytes are split into several character-strings.
fn parse_txt(value: &str) -> Result<RData, String> {
    let strings: Vec<Vec<u8>> = if value.trim_start().starts_with('"') {
        match RData::try_from_str(RecordType::TXT, value.trim()) {
            Ok(RData::TXT(txt)) => txt.txt_data.iter().map(|s| s.to_vec()).collect(),
            Ok(_) => return Err("not a TXT value".into()),
            Err(e) => return Err(e.to_string()),
        }
    } else {
        vec![value.as_bytes().to_vec()]
    };
    let chunks: Vec<&[u8]> = strings.iter().flat_map(|s| split_chunks(s)).collect();
    Ok(RData::TXT(TXT::from_bytes(chunks)))
}

/// Splits bytes into pieces of at most 255 bytes (one empty piece for empty input).
fn split_chunks(bytes: &[u8]) -> Vec<&[u8]> {
    if bytes.is_empty() {
        return vec![bytes];
    }
    bytes.chunks(TXT_CHUNK).collect()
}

/// Makes the names inside parsed data fully qualified (SOA, SRV targets).
fn fqdn_names(rdata: RData) -> RData {
    match rdata {
        RData::SOA(mut soa) => {
            soa.mname.set_fqdn(true);
            soa.rname.set_fqdn(true);
            RData::SOA(soa)
        }
        RData::SRV(mut srv) => {
            srv.target.set_fqdn(true);
            RData::SRV(srv)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_case_insensitive_and_checked() {
        assert_eq!(parse_type("mx").unwrap(), RecordType::MX);
        assert!(matches!(parse_type("BOGUS"), Err(RecordError::UnknownType(t)) if t == "BOGUS"));
        assert!(parse_type("DNSKEY").is_err());
    }

    #[test]
    fn names_get_a_trailing_dot_and_keys_are_lowercase() {
        let name = parse_name("Example.COM").unwrap();
        assert!(name.is_fqdn());
        assert_eq!(name_key(&name), "example.com");
        assert_eq!(
            name_key(&parse_name("example.com.").unwrap()),
            "example.com"
        );
        assert!(parse_name("").is_err());
        assert!(parse_name("a..b").is_err());
        assert_eq!(
            name_key(&parse_name("Bücher.example").unwrap()),
            "xn--bcher-kva.example"
        );
        assert_eq!(
            name_key(&parse_name("_dmarc.Example.com").unwrap()),
            "_dmarc.example.com"
        );
    }

    #[test]
    fn mx_values_parse_including_null_mx() {
        let RData::MX(mx) = parse_rdata(RecordType::MX, "10 mx1.example.com").unwrap() else {
            panic!("not MX")
        };
        assert_eq!(mx.preference, 10);
        assert_eq!(mx.exchange.to_ascii(), "mx1.example.com.");
        let RData::MX(upper) = parse_rdata(RecordType::MX, "10 MX1.Example.com.").unwrap() else {
            panic!("not MX")
        };
        assert_eq!(upper.exchange.to_ascii(), "MX1.Example.com.");
        let RData::MX(null) = parse_rdata(RecordType::MX, "0 .").unwrap() else {
            panic!("not MX")
        };
        assert!(null.exchange.is_root());
        for bad in ["mx1.example.com", "x mx1.", "70000 mx.", "10 a b"] {
            assert!(parse_rdata(RecordType::MX, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn txt_plain_quoted_and_long() {
        let strings = |v: &str| match parse_rdata(RecordType::TXT, v).unwrap() {
            RData::TXT(t) => t.txt_data.iter().map(|s| s.len()).collect::<Vec<_>>(),
            _ => panic!("not TXT"),
        };
        assert_eq!(strings("v=spf1 -all"), vec![11]);
        assert_eq!(strings("\"a b\" \"cd\""), vec![3, 2]);
        assert_eq!(strings(&"x".repeat(600)), vec![255, 255, 90]);
        assert_eq!(strings(""), vec![0]);
    }

    #[test]
    fn tlsa_presentation_form() {
        let RData::TLSA(t) = parse_rdata(RecordType::TLSA, "3 1 1 0a0B ff").unwrap() else {
            panic!("not TLSA")
        };
        assert_eq!(u8::from(t.cert_usage), 3);
        assert_eq!(t.cert_data, vec![0x0a, 0x0b, 0xff]);
        // Out-of-range fields parse (the check reports them); bad hex does not.
        assert!(parse_rdata(RecordType::TLSA, "7 5 9 00").is_ok());
        assert!(parse_rdata(RecordType::TLSA, "3 1 1 zz").is_err());
        assert!(parse_rdata(RecordType::TLSA, "3 1").is_err());
        let ptr = parse_rdata(RecordType::PTR, "mx1.example.com").unwrap();
        assert!(matches!(ptr, RData::PTR(p) if p.0.to_ascii() == "mx1.example.com."));
    }

    #[test]
    fn addresses_and_soa() {
        assert!(parse_rdata(RecordType::A, "192.0.2.1").is_ok());
        assert!(parse_rdata(RecordType::A, "not-an-ip").is_err());
        assert!(parse_rdata(RecordType::AAAA, "2001:db8::1").is_ok());
        let soa = parse_rdata(
            RecordType::SOA,
            "ns1.example.com. hostmaster.example.com. 1 3600 600 86400 60",
        );
        assert!(matches!(soa, Ok(RData::SOA(_))));
    }
}
