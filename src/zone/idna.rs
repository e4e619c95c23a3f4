//! IDN handling exactly as octoDNS's `octodns/idna.py` does it: per label,
//! lower-cased, non-ASCII labels Punycode-encoded with an `xn--` prefix.

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
}
