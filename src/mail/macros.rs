//! SPF macro strings and domain specs (RFC 7208 §7.1), validated, not
//! expanded: expansion needs the message context the next checks bring.

/// Where macro strings appear: a `domain-spec` (which may not use the
/// `exp`-only letters `c`, `r`, `t`, §7.1) or an unknown modifier's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacroContext {
    /// A target name (`include:`, `a:`, `redirect=`, ...).
    DomainSpec,
    /// Free text (`exp` TXT text, unknown modifiers).
    Text,
}

/// One piece of a macro string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Literal,
    Expand,
}

/// Checks `text` against `macro-string` (§7.1); `Ok` lists whether the last
/// piece was a macro expansion. The error names the offending part.
fn macro_pieces(text: &str, ctx: MacroContext) -> Result<Option<Piece>, String> {
    let mut last = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '%' => {
                match chars.next() {
                    Some((_, '%' | '_' | '-')) => {}
                    Some((_, '{')) => {
                        let body_start = i + 2;
                        let end = text[body_start..]
                            .find('}')
                            .ok_or_else(|| format!("unterminated macro at {:?}", &text[i..]))?;
                        let body = &text[body_start..body_start + end];
                        macro_expand(body, ctx)?;
                        for _ in 0..=body.chars().count() {
                            chars.next();
                        }
                    }
                    _ => {
                        return Err(format!(
                            "'%' not followed by '{{', '%', '_' or '-' at {:?}",
                            &text[i..]
                        ))
                    }
                }
                last = Some(Piece::Expand);
            }
            '\u{21}'..='\u{7e}' => last = Some(Piece::Literal),
            other => return Err(format!("character {other:?} is not allowed")),
        }
    }
    Ok(last)
}

/// Checks the inside of `%{...}`: macro-letter, transformers (`*DIGIT
/// ["r"]`), delimiters (`.-+,/_=`).
fn macro_expand(body: &str, ctx: MacroContext) -> Result<(), String> {
    let mut chars = body.chars();
    let letter = chars
        .next()
        .ok_or_else(|| "empty macro %{}".to_owned())?
        .to_ascii_lowercase();
    let allowed = match ctx {
        MacroContext::DomainSpec => "slodiphv",
        MacroContext::Text => "slodiphcrtv",
    };
    if !allowed.contains(letter) {
        return Err(format!("unknown macro letter in %{{{body}}}"));
    }
    let rest: &str = chars.as_str();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, mut rest) = rest.split_at(digits);
    if !number.is_empty() && number.parse::<u32>().is_err() {
        return Err(format!("transformer out of range in %{{{body}}}"));
    }
    if let Some(r) = rest.strip_prefix(['r', 'R']) {
        rest = r;
    }
    if !rest.chars().all(|c| ".-+,/_=".contains(c)) {
        return Err(format!("bad transformer or delimiter in %{{{body}}}"));
    }
    Ok(())
}

/// Checks an unknown modifier's value or `exp` text: a `macro-string`.
pub fn check_macro_string(text: &str) -> Result<(), String> {
    macro_pieces(text, MacroContext::Text).map(|_| ())
}

/// Checks a `domain-spec` (§7.1): a macro string that ends in a macro
/// expansion or in `"." toplabel ["."]`.
pub fn check_domain_spec(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("empty domain".to_owned());
    }
    if macro_pieces(text, MacroContext::DomainSpec)? == Some(Piece::Expand) {
        return Ok(());
    }
    let name = text.strip_suffix('.').unwrap_or(text);
    match name.rsplit_once('.') {
        Some((_, top)) if is_toplabel(top) => Ok(()),
        _ => Err(format!(
            "{text:?} does not end in a top-level label or a macro"
        )),
    }
}

/// `toplabel` (§7.1): letters/digits with a letter, or letters/digits with
/// inner hyphens.
fn is_toplabel(label: &str) -> bool {
    let b = label.as_bytes();
    let alnum = |c: &u8| c.is_ascii_alphanumeric();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if alnum(f) && alnum(l) => {
            b.iter().all(|c| alnum(c) || *c == b'-')
                && (b.contains(&b'-') || b.iter().any(u8::is_ascii_alphabetic))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_specs() {
        for ok in [
            "example.com",
            "_spf.example.com.",
            "%{i}._ip.%{h}._ehlo.%{d2}",
            "%{ir}.%{v}._spf.%{d}",
            "%{l1r-}.example.org",
            "a.123-4",
            "%%.example.com",
        ] {
            assert_eq!(check_domain_spec(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "example",
            "example.123",
            "example.-com",
            "%{x}.example.com",
            "%{c}.example.com",
            "%{d",
            "%a.example.com",
            "ex ample.com",
            "%{d9999999999999}",
            "%{d2x}",
        ] {
            assert!(check_domain_spec(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_macro_string("%{c} %{r} %{t}").map_err(|_| ()),
            Err(())
        );
        assert_eq!(check_macro_string("%{c}%{r}%{t}"), Ok(()));
    }
}
