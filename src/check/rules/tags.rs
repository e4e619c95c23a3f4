//! Parsing of `tag=value; tag=value` records (DMARC, MTA-STS, TLS-RPT) and
//! selecting the records of one version.

/// The records of `txts` whose text starts with `prefix` followed by `;`,
/// whitespace or the end (`v=DMARC1`, `v=STSv1`, `v=TLSRPTv1`).
pub fn with_version<'a>(txts: &'a [String], prefix: &str) -> Vec<&'a String> {
    txts.iter()
        .filter(|t| {
            t.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(';') || rest.starts_with([' ', '\t'])
            })
        })
        .collect()
}

/// The `tag=value` pairs of a record, trimmed, in order; `None` when a
/// non-empty part has no `=` or an empty tag name.
pub fn parse(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for part in text.split(';') {
        let part = part.trim_matches([' ', '\t']);
        if part.is_empty() {
            continue;
        }
        let (tag, value) = part.split_once('=')?;
        let tag = tag.trim_matches([' ', '\t']);
        if tag.is_empty() {
            return None;
        }
        out.push((tag.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
    }
    Some(out)
}

/// The value of the first `tag` in `tags`.
pub fn get<'a>(tags: &'a [(String, String)], tag: &str) -> Option<&'a str> {
    tags.iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_by_version_and_parses_tags() {
        let txts = vec![
            "v=DMARC1; p=reject".to_owned(),
            "v=DMARC10; p=none".to_owned(),
            "other".to_owned(),
            "v=DMARC1".to_owned(),
        ];
        assert_eq!(with_version(&txts, "v=DMARC1").len(), 2);
        let tags = parse("v=DMARC1;  p = reject ;rua=mailto:a@b;").unwrap();
        assert_eq!(get(&tags, "p"), Some("reject"));
        assert_eq!(get(&tags, "v"), Some("DMARC1"));
        assert_eq!(tags.len(), 3);
        assert!(parse("v=DMARC1; junk").is_none());
        assert!(parse("=x").is_none());
    }
}
