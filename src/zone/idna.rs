//! IDN handling exactly as octoDNS's `octodns/idna.py` does it: per label,
//! lower-cased, non-ASCII labels Punycode-encoded with an `xn--` prefix.
//!
//! Punycode takes time quadratic in a label's length, so a label longer than
//! DNS allows (63 octets, RFC 1035 §2.3.4) is refused before it is coded, as
//! Python's `idna` (which octoDNS uses) refuses it: "Label too long".

/// The longest label DNS allows, in octets (RFC 1035 §2.3.4).
pub const MAX_LABEL: usize = 63;

/// Encodes a (relative or absolute) name: lower-cases it and Punycode-encodes
/// every non-ASCII label. ASCII labels (with `*`, `_`, ...) are kept as they are.
pub fn idna_encode(name: &str) -> Result<String, String> {
    let lower = name.to_lowercase();
    if lower.is_ascii() {
        return Ok(lower);
    }
    let mut out = String::with_capacity(lower.len() + 8);
    for (i, label) in lower.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        if label.is_ascii() {
            out.push_str(label);
        } else {
            // Every character codes to at least one octet, so more characters
            // than MAX_LABEL cannot give a valid label.
            if label.chars().count() > MAX_LABEL {
                return Err(format!(
                    "label \"{}…\" is longer than {MAX_LABEL} octets",
                    prefix(label)
                ));
            }
            let encoded = idna::punycode::encode_str(label)
                .ok_or_else(|| format!("cannot encode label \"{label}\""))?;
            out.push_str("xn--");
            out.push_str(&encoded);
        }
    }
    Ok(out)
}

/// Decodes a name for display: lower-cased, `xn--` labels Punycode-decoded.
pub fn idna_decode(name: &str) -> Result<String, String> {
    let lower = name.to_lowercase();
    if !lower.contains("xn--") {
        return Ok(lower);
    }
    let mut out = String::with_capacity(lower.len());
    for (i, label) in lower.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        match label.strip_prefix("xn--") {
            Some(_) if label.len() > MAX_LABEL => {
                return Err(format!(
                    "label \"{}…\" is longer than {MAX_LABEL} octets",
                    prefix(label)
                ));
            }
            Some(code) => {
                let decoded = idna::punycode::decode_to_string(code)
                    .filter(|d| !d.is_empty())
                    .ok_or_else(|| format!("invalid IDN label \"{label}\""))?;
                out.push_str(&decoded);
            }
            None => out.push_str(label),
        }
    }
    Ok(out)
}

/// The first characters of a long label, for an error message of bounded size.
fn prefix(label: &str) -> String {
    label.chars().take(MAX_LABEL).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_octodns() {
        assert_eq!(
            idna_encode("Bücher.Example.").unwrap(),
            "xn--bcher-kva.example."
        );
        assert_eq!(idna_encode("_DMARC").unwrap(), "_dmarc");
        assert_eq!(idna_encode("").unwrap(), "");
    }

    #[test]
    fn decodes_like_octodns() {
        assert_eq!(
            idna_decode("xn--bcher-kva.example.").unwrap(),
            "bücher.example."
        );
        assert_eq!(idna_decode("WWW.example.").unwrap(), "www.example.");
        assert!(idna_decode("xn--.example.").is_err());
    }

    #[test]
    fn long_labels_are_refused_before_punycode() {
        let long = "ü".repeat(200_000);
        let e = idna_encode(&format!("{long}.example.")).unwrap_err();
        assert!(e.contains("longer than 63 octets"), "{e}");
        assert!(e.len() < 300, "{e}");
        assert!(idna_encode(&"ü".repeat(63)).is_ok());
        let e = idna_decode(&format!("xn--{}.example.", "a".repeat(200_000))).unwrap_err();
        assert!(e.contains("longer than 63 octets"), "{e}");
    }
}
