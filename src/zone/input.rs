//! Loosely typed input values (what a YAML file or a Python caller hands over)
//! and their conversion to typed record values, the way octoDNS's value classes
//! convert them with `lenient: true`.

use std::net::IpAddr;

use super::error::ZoneError;
use super::idna::idna_encode;
use super::record::{MxValue, RData, RType};

/// A value as it arrives from a mapping-based source.
#[derive(Debug, Clone, PartialEq)]
pub enum InputValue {
    /// `None` / YAML `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A list or tuple.
    List(Vec<InputValue>),
    /// Keys in their original order.
    Map(Vec<(String, InputValue)>),
    /// Something else, by type name (reported in errors).
    Other(String),
}

impl InputValue {
    /// Looks a key up in a map value.
    pub fn get(&self, key: &str) -> Option<&InputValue> {
        match self {
            InputValue::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Short description for error messages (`'x'`, `None`, `a list`, ...).
    pub fn describe(&self) -> String {
        match self {
            InputValue::Null => "None".into(),
            InputValue::Bool(b) => if *b { "True" } else { "False" }.into(),
            InputValue::Int(i) => i.to_string(),
            InputValue::Float(f) => f.to_string(),
            InputValue::Str(s) => format!("{s:?}"),
            InputValue::List(_) => "a list".into(),
            InputValue::Map(_) => "a mapping".into(),
            InputValue::Other(t) => format!("a {t}"),
        }
    }
}

/// Converts raw values to the typed values of `rtype`, applying octoDNS's
/// normalisation (IDNA for targets, TXT quote stripping, sorting).
/// `escape_semicolons` turns `;` into `\;` first (octoDNS's YAML provider with
/// `escaped_semicolons: false`).
pub fn typed_values(
    rtype: &RType,
    values: &[InputValue],
    fqdn: &str,
    escape_semicolons: bool,
) -> Result<RData, ZoneError> {
    let t = rtype.as_str();
    match rtype {
        RType::Mx => {
            let mut out = values
                .iter()
                .enumerate()
                .map(|(i, v)| mx_value(v, i, fqdn))
                .collect::<Result<Vec<_>, _>>()?;
            out.sort();
            Ok(RData::Mx(out))
        }
        RType::Txt => {
            let mut out = Vec::with_capacity(values.len());
            for v in values {
                match v {
                    InputValue::Str(s) if escape_semicolons => {
                        out.push(process_txt(&s.replace(';', "\\;")))
                    }
                    InputValue::Str(s) => out.push(process_txt(s)),
                    other => {
                        return Err(ZoneError::value(
                            fqdn,
                            t,
                            format!("TXT value {} is not a string", other.describe()),
                        ))
                    }
                }
            }
            out.sort();
            Ok(RData::Txt(out))
        }
        RType::A | RType::Aaaa => {
            let mut out = Vec::with_capacity(values.len());
            for v in values {
                out.push(address(v, rtype, fqdn)?);
            }
            out.sort();
            Ok(RData::Address(out))
        }
        RType::Cname => {
            if values.len() > 1 {
                return Err(ZoneError::value(fqdn, t, "CNAME takes a single value"));
            }
            let mut out = Vec::new();
            for v in values {
                match v {
                    InputValue::Null => {}
                    InputValue::Str(s) if s.is_empty() => {}
                    InputValue::Str(s) => out.push(encode_target(s, fqdn, t)?),
                    other => {
                        return Err(ZoneError::value(
                            fqdn,
                            t,
                            format!("CNAME value {} is not a string", other.describe()),
                        ))
                    }
                }
            }
            Ok(RData::Text(out))
        }
        RType::Other(_) => {
            let mut out = values.iter().map(other_text).collect::<Vec<_>>();
            out.sort();
            Ok(RData::Text(out))
        }
    }
}

/// octoDNS `_ChunkedValue.process`: strips one pair of surrounding quotes (a
/// leading `"` drops the first and last character) and joins `" "` chunks.
pub fn process_txt(v: &str) -> String {
    let inner = if v.starts_with('"') {
        let mut chars = v.chars();
        chars.next();
        chars.next_back();
        chars.as_str()
    } else {
        v
    };
    inner.replace("\" \"", "")
}

fn encode_target(s: &str, fqdn: &str, t: &str) -> Result<String, ZoneError> {
    idna_encode(s).map_err(|e| ZoneError::value(fqdn, t, e))
}

fn address(v: &InputValue, rtype: &RType, fqdn: &str) -> Result<IpAddr, ZoneError> {
    let t = rtype.as_str();
    let InputValue::Str(s) = v else {
        return Err(ZoneError::value(
            fqdn,
            t,
            format!("address {} is not a string", v.describe()),
        ));
    };
    let parsed: Option<IpAddr> = match rtype {
        RType::A => s.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
        _ => s.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6),
    };
    parsed.ok_or_else(|| ZoneError::value(fqdn, t, format!("invalid address {s:?}")))
}

fn other_text(v: &InputValue) -> String {
    match v {
        InputValue::Str(s) => s.clone(),
        InputValue::Map(entries) => entries
            .iter()
            .map(|(_, v)| other_text(v))
            .collect::<Vec<_>>()
            .join(" "),
        InputValue::List(items) => items.iter().map(other_text).collect::<Vec<_>>().join(" "),
        InputValue::Null => String::new(),
        other => other.describe(),
    }
}

/// One MX value from a mapping (`preference`/`exchange`, or the legacy
/// `priority`/`value`) or from a `"10 mx.example.com."` string.
fn mx_value(v: &InputValue, index: usize, fqdn: &str) -> Result<MxValue, ZoneError> {
    let err = |detail: String| ZoneError::value(fqdn, "MX", format!("value {index}: {detail}"));
    let (pref, exchange) = match v {
        InputValue::Str(s) => {
            let parts: Vec<&str> = s.split_whitespace().collect();
            if parts.len() != 2 {
                return Err(err(format!("{s:?} is not \"<preference> <exchange>\"")));
            }
            (
                InputValue::Str(parts[0].to_string()),
                InputValue::Str(parts[1].to_string()),
            )
        }
        InputValue::Map(_) => {
            let pref = v
                .get("preference")
                .or_else(|| v.get("priority"))
                .cloned()
                .ok_or_else(|| err("missing preference".into()))?;
            let exchange = match v.get("exchange") {
                Some(e) => e.clone(),
                None => v
                    .get("value")
                    .cloned()
                    .ok_or_else(|| err("missing exchange".into()))?,
            };
            (pref, exchange)
        }
        other => {
            return Err(err(format!(
                "{} is neither a mapping nor a \"<preference> <exchange>\" string",
                other.describe()
            )))
        }
    };
    let preference = preference(&pref).map_err(err)?;
    let exchange = match exchange {
        InputValue::Str(s) if !s.is_empty() => s,
        InputValue::Str(_) | InputValue::Null => return Err(err("missing exchange".into())),
        other => {
            return Err(err(format!(
                "exchange {} is not a string",
                other.describe()
            )))
        }
    };
    let exchange = idna_encode(&exchange).map_err(err)?;
    Ok(MxValue {
        preference,
        exchange,
    })
}

/// An MX preference: an integer (or integer text) in 0..=65535.
fn preference(v: &InputValue) -> Result<u16, String> {
    let n: i64 = match v {
        InputValue::Int(i) => *i,
        InputValue::Bool(b) => i64::from(*b),
        InputValue::Float(f) if f.fract() == 0.0 && f.is_finite() && f.abs() < 1e15 => *f as i64,
        InputValue::Str(s) => s
            .trim()
            .replace('_', "")
            .parse::<i64>()
            .map_err(|_| format!("invalid preference {s:?}"))?,
        other => return Err(format!("invalid preference {}", other.describe())),
    };
    u16::try_from(n).map_err(|_| format!("preference {n} out of range 0-65535"))
}

/// Builders of [`InputValue`]s for the unit tests of the loaders.
#[cfg(test)]
pub(crate) mod test_values {
    use super::InputValue;

    /// A str value.
    pub fn s(v: &str) -> InputValue {
        InputValue::Str(v.into())
    }

    /// A mapping, keys in the given order.
    pub fn map(entries: &[(&str, InputValue)]) -> InputValue {
        InputValue::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::test_values::{map, s};
    use super::*;

    #[test]
    fn mx_forms() {
        let values = [
            map(&[
                ("preference", InputValue::Int(20)),
                ("exchange", s("MX2.Example.")),
            ]),
            map(&[("priority", s("10")), ("value", s("mx1.example."))]),
            s("5 bücher.example."),
        ];
        let RData::Mx(mx) = typed_values(&RType::Mx, &values, "x.", false).unwrap() else {
            panic!("not MX")
        };
        assert_eq!(mx[0].exchange, "xn--bcher-kva.example.");
        assert_eq!(mx[1].preference, 10);
        assert_eq!(mx[2].exchange, "mx2.example.");
    }

    #[test]
    fn mx_errors_name_the_record() {
        for bad in [
            map(&[("preference", InputValue::Int(10))]),
            map(&[
                ("preference", InputValue::Int(70000)),
                ("exchange", s("a.")),
            ]),
            map(&[("preference", InputValue::Int(-1)), ("exchange", s("a."))]),
            map(&[("exchange", s("a."))]),
            s("10"),
            InputValue::Int(3),
        ] {
            let e = typed_values(&RType::Mx, &[bad], "mail.example.", false).unwrap_err();
            assert!(e.to_string().contains("\"mail.example.\""), "{e}");
        }
    }

    #[test]
    fn txt_processing() {
        assert_eq!(process_txt("\"v=spf1 \" \"-all\""), "v=spf1 -all");
        assert_eq!(process_txt("\""), "");
        assert_eq!(process_txt("plain"), "plain");
        let RData::Txt(t) = typed_values(&RType::Txt, &[s("b;c"), s("a")], "x.", true).unwrap()
        else {
            panic!()
        };
        assert_eq!(t, vec!["a".to_string(), "b\\;c".to_string()]);
        assert!(typed_values(&RType::Txt, &[InputValue::Int(1)], "x.", false).is_err());
    }

    #[test]
    fn addresses() {
        assert!(typed_values(&RType::A, &[s("1.2.3.4")], "x.", false).is_ok());
        assert!(typed_values(&RType::A, &[s("::1")], "x.", false).is_err());
        assert!(typed_values(&RType::Aaaa, &[s("::1")], "x.", false).is_ok());
    }
}
