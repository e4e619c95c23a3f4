//! Python `re` syntax rules that fancy-regex does not enforce.
//!
//! `single_mx_regexes` are Python patterns (octoDNS compiles them with
//! `re.compile`), run here by fancy-regex. fancy-regex accepts some patterns
//! Python rejects; [`check`] rejects those first, with Python's wording, so a
//! pattern is refused here exactly when octoDNS would refuse it. The rules
//! follow CPython's `re._parser` (3.11+): group names are identifiers and
//! unique, `(?<name>` is not Python syntax, global flags only at the start,
//! an escaped ASCII letter must be a known escape, `\x`/`\u`/`\U` take 2/4/8
//! hex digits, ranges go upwards.
//!
//! Where both accept a pattern but spell a construct differently, the pattern
//! is rewritten for fancy-regex: octal escapes (`\0`, `\012`) and escaped
//! punctuation (`\<` is a literal `<` in Python, a word boundary in
//! fancy-regex) become `\x{..}`, and Python's end-of-string `\Z` becomes `\z`.

/// Checks `pattern` against the Python `re` syntax rules above and returns it
/// rewritten for fancy-regex.
pub fn check(pattern: &str) -> Result<String, String> {
    let mut scan = Scan {
        chars: pattern.chars().collect(),
        pos: 0,
        groups: 0,
        names: Vec::new(),
        verbose: false,
        only_flags: true,
        rewrites: Vec::new(),
    };
    scan.run()?;
    let mut out = String::with_capacity(pattern.len());
    let mut at = 0;
    for (start, end, text) in &scan.rewrites {
        out.extend(&scan.chars[at..*start]);
        out.push_str(text);
        at = *end;
    }
    out.extend(&scan.chars[at..]);
    Ok(out)
}

/// fancy-regex's spelling of one character.
fn hex_escape(value: u32) -> String {
    format!("\\x{{{value:X}}}")
}

struct Scan {
    chars: Vec<char>,
    pos: usize,
    /// Capturing groups opened so far.
    groups: usize,
    /// Group names with their number and the position of their `(`.
    names: Vec<(String, usize, usize)>,
    /// `(?x)` at the start: blank space and `#` comments are ignored.
    verbose: bool,
    /// Nothing but global flags seen so far.
    only_flags: bool,
    /// (start, end, replacement) in character positions, in order.
    rewrites: Vec<(usize, usize, String)>,
}

/// Escapes of ASCII letters Python knows outside a character set.
const ESCAPES: &str = "aAbBdDfnrsStvwWZxuUN";
/// Escapes of ASCII letters Python knows inside a character set.
const SET_ESCAPES: &str = "abdDfnrsStvwWxuUN";

impl Scan {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn run(&mut self) -> Result<(), String> {
        // 1 just after a repeat, 2 after a repeat and its `?`/`+` modifier.
        let mut after_repeat = 0u8;
        while let Some(c) = self.next() {
            let start = self.pos - 1;
            if self.verbose && c.is_whitespace() {
                continue;
            }
            if self.verbose && c == '#' {
                while self.next().is_some_and(|c| c != '\n') {}
                continue;
            }
            let repeat = match c {
                '*' | '+' | '?' => true,
                '{' => self.counted_repeat(),
                _ => false,
            };
            if repeat {
                self.only_flags = false;
                after_repeat = match (after_repeat, c) {
                    (0, _) => 1,
                    (1, '?' | '+') => 2,
                    _ => return Err(format!("multiple repeat at position {start}")),
                };
                continue;
            }
            after_repeat = 0;
            match c {
                '(' => self.group(start)?,
                '\\' => {
                    self.only_flags = false;
                    self.escape(start, false)?;
                }
                '[' => {
                    self.only_flags = false;
                    self.set(start)?;
                }
                _ => self.only_flags = false,
            }
        }
        Ok(())
    }

    /// After `{`: whether `{m}`, `{m,}`, `{,n}` or `{m,n}` follows (then
    /// consumed); otherwise Python reads the `{` as a literal.
    fn counted_repeat(&mut self) -> bool {
        let rest = &self.chars[self.pos..];
        let Some(close) = rest.iter().position(|&c| c == '}') else {
            return false;
        };
        let inner = &rest[..close];
        let commas = inner.iter().filter(|&&c| c == ',').count();
        let valid = commas <= 1
            && inner.iter().all(|&c| c == ',' || c.is_ascii_digit())
            && (commas == 1 || !inner.is_empty());
        if valid {
            self.pos += close + 1;
        }
        valid
    }

    /// After `(`.
    fn group(&mut self, start: usize) -> Result<(), String> {
        if self.peek() != Some('?') {
            self.only_flags = false;
            self.groups += 1;
            return Ok(());
        }
        self.pos += 1;
        let Some(kind) = self.next() else {
            return Err(format!(
                "unexpected end of pattern at position {}",
                self.pos
            ));
        };
        if kind != '#' && !kind.is_ascii_alphabetic() && kind != '-' {
            self.only_flags = false;
        }
        match kind {
            'P' => match self.next() {
                Some('<') => self.named_group(start),
                Some('=') => {
                    let name = self.name_until(')', "missing ), unterminated name")?;
                    if !self.names.iter().any(|(n, ..)| *n == name) {
                        return Err(format!(
                            "unknown group name '{name}' at position {}",
                            start + 4
                        ));
                    }
                    self.only_flags = false;
                    Ok(())
                }
                Some(c) => Err(format!("unknown extension ?P{c} at position {}", start + 1)),
                None => Err(format!(
                    "unexpected end of pattern at position {}",
                    self.pos
                )),
            },
            '<' => match self.next() {
                Some('=' | '!') => Ok(()),
                Some(c) => Err(format!("unknown extension ?<{c} at position {}", start + 1)),
                None => Err(format!(
                    "unexpected end of pattern at position {}",
                    self.pos
                )),
            },
            ':' | '=' | '!' | '>' | '(' => Ok(()),
            '#' => {
                while let Some(c) = self.next() {
                    if c == ')' {
                        return Ok(());
                    }
                }
                Err(format!(
                    "missing ), unterminated comment at position {start}"
                ))
            }
            c if c.is_ascii_alphabetic() || c == '-' => {
                self.pos -= 1;
                self.flags(start)
            }
            c => Err(format!("unknown extension ?{c} at position {}", start + 1)),
        }
    }

    /// After `(?P<`: an identifier not used before, then `>`.
    fn named_group(&mut self, start: usize) -> Result<(), String> {
        self.only_flags = false;
        let name = self.name_until('>', "missing >, unterminated name")?;
        self.groups += 1;
        if let Some((_, number, _)) = self.names.iter().find(|(n, ..)| *n == name) {
            return Err(format!(
                "redefinition of group name '{name}' as group {}; was group {number} at position {}",
                self.groups,
                start + 4
            ));
        }
        self.names.push((name, self.groups, start));
        Ok(())
    }

    /// A group name up to `end` (consumed); it must be a Python identifier.
    fn name_until(&mut self, end: char, unterminated: &str) -> Result<String, String> {
        let at = self.pos;
        let mut name = String::new();
        loop {
            match self.next() {
                Some(c) if c == end => break,
                Some(c) => name.push(c),
                None => return Err(format!("{unterminated} at position {at}")),
            }
        }
        if name.is_empty() {
            return Err(format!("missing group name at position {at}"));
        }
        if !is_identifier(&name) {
            return Err(format!(
                "bad character in group name '{name}' at position {at}"
            ));
        }
        Ok(name)
    }

    /// Inline flags after `(?`: `(?aiLmsux)` (global, only at the start) or
    /// `(?flags-flags:...)`.
    fn flags(&mut self, start: usize) -> Result<(), String> {
        let mut on = String::new();
        let mut off: Option<String> = None;
        loop {
            match self.next() {
                Some(':') => break,
                Some(')') => {
                    if off.is_some() {
                        return Err(format!("missing : at position {}", self.pos - 1));
                    }
                    if !self.only_flags {
                        return Err(format!(
                            "global flags not at the start of the expression at position {start}"
                        ));
                    }
                    if on.contains('x') {
                        self.verbose = true;
                    }
                    if on.chars().all(|c| c == 'a' || c == 'u') {
                        // Nothing left for fancy-regex: drop the whole group.
                        self.rewrites.retain(|(at, ..)| *at < start);
                        self.rewrites.push((start, self.pos, String::new()));
                    }
                    return check_flags(&on);
                }
                Some('-') if off.is_none() => off = Some(String::new()),
                Some(c) if "aiLmsux".contains(c) => match off.as_mut() {
                    Some(off) if "imsx".contains(c) => off.push(c),
                    None if c == 'a' || c == 'u' => {
                        // ASCII or Unicode classes: the same on the ASCII
                        // exchange names matched here; fancy-regex lacks `a`.
                        on.push(c);
                        self.rewrites.push((self.pos - 1, self.pos, String::new()));
                    }
                    Some(_) => {
                        return Err(format!(
                        "bad inline flags: cannot turn off flags 'a', 'u' and 'L' at position {}",
                        self.pos - 1
                    ))
                    }
                    None => on.push(c),
                },
                Some(_) => return Err(format!("unknown flag at position {}", self.pos - 1)),
                None => return Err(format!("missing -, : or ) at position {}", self.pos)),
            }
        }
        self.only_flags = false;
        check_flags(&on)
    }

    /// After `\` (at `start`), outside or inside a character set.
    fn escape(&mut self, start: usize, in_set: bool) -> Result<(), String> {
        let Some(c) = self.next() else {
            return Err(format!("bad escape (end of pattern) at position {start}"));
        };
        let known = if in_set { SET_ESCAPES } else { ESCAPES };
        match c {
            'x' => self.hex(start, c, 2),
            'u' => self.hex(start, c, 4),
            'U' => self.hex(start, c, 8),
            'N' => Err(format!(
                "named Unicode escapes (\\N{{...}}) are not supported at position {start}"
            )),
            c if c.is_ascii_alphabetic() && !known.contains(c) => {
                Err(format!("bad escape \\{c} at position {start}"))
            }
            '0'..='7' if in_set => self.octal(start),
            '8' | '9' if in_set => Err(format!("bad escape \\{c} at position {start}")),
            '0' => self.octal(start),
            '1'..='9' => self.reference(start, c),
            'Z' => {
                self.rewrites.push((start, self.pos, "\\z".into()));
                Ok(())
            }
            c if !c.is_ascii_alphanumeric() => {
                self.rewrites
                    .push((start, self.pos, hex_escape(u32::from(c))));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// `\x..`, `\u....`, `\U........`: exactly `digits` hex digits.
    fn hex(&mut self, start: usize, kind: char, digits: usize) -> Result<(), String> {
        let mut value = 0u32;
        for _ in 0..digits {
            match self.peek().and_then(|c| c.to_digit(16)) {
                Some(d) => {
                    value = value.saturating_mul(16).saturating_add(d);
                    self.pos += 1;
                }
                None => {
                    let seen: String = self.chars[start..self.pos].iter().collect();
                    return Err(format!("incomplete escape {seen} at position {start}"));
                }
            }
        }
        if kind == 'U' && value > 0x10FFFF {
            let seen: String = self.chars[start..self.pos].iter().collect();
            return Err(format!("bad escape {seen} at position {start}"));
        }
        Ok(())
    }

    /// An octal escape whose first digit was read: up to two more digits.
    fn octal(&mut self, start: usize) -> Result<(), String> {
        for _ in 0..2 {
            if self.peek().is_some_and(|c| ('0'..='7').contains(&c)) {
                self.pos += 1;
            }
        }
        let digits: String = self.chars[start + 1..self.pos].iter().collect();
        let value = u32::from_str_radix(&digits, 8).unwrap_or(u32::MAX);
        if value > 0o377 {
            return Err(format!(
                "octal escape value \\{digits} outside of range 0-0o377 at position {start}"
            ));
        }
        self.rewrites.push((start, self.pos, hex_escape(value)));
        Ok(())
    }

    /// `\1`..`\99` (a group reference) or a three-digit octal escape.
    fn reference(&mut self, start: usize, first: char) -> Result<(), String> {
        let digits: String = self.chars[self.pos..]
            .iter()
            .take(2)
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let octal = |s: &str| s.chars().all(|c| ('0'..='7').contains(&c));
        if digits.len() == 2 && octal(&format!("{first}{digits}")) {
            return self.octal(start);
        }
        let mut number = first.to_string();
        if let Some(d) = digits.chars().next() {
            number.push(d);
            self.pos += 1;
        }
        let n: usize = number.parse().unwrap_or(usize::MAX);
        if n > self.groups {
            return Err(format!(
                "invalid group reference {n} at position {}",
                start + 1
            ));
        }
        Ok(())
    }

    /// After `[`: up to the closing `]`; a `]` first is a literal.
    fn set(&mut self, start: usize) -> Result<(), String> {
        if self.peek() == Some('^') {
            self.pos += 1;
        }
        let mut first = true;
        // The last item, when it is a single character a range can start at.
        let mut last: Option<char> = None;
        loop {
            let Some(c) = self.next() else {
                return Err(format!("unterminated character set at position {start}"));
            };
            let at = self.pos - 1;
            if c == ']' && !first {
                return Ok(());
            }
            first = false;
            match c {
                '\\' => {
                    let class = self.peek().is_some_and(|n| "dDsSwW".contains(n));
                    self.escape(at, true)?;
                    last = None;
                    let range = self.peek() == Some('-')
                        && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']');
                    if class && range {
                        let end = (self.pos + 2).min(self.chars.len());
                        let seen: String = self.chars[at..end].iter().collect();
                        return Err(format!("bad character range {seen} at position {at}"));
                    }
                }
                '-' if last.is_some() && self.peek().is_some_and(|n| n != ']') => {
                    let from = last.take().unwrap_or(c);
                    let Some(to) = self.next() else {
                        return Err(format!("unterminated character set at position {start}"));
                    };
                    if to == '\\' {
                        // An escaped end: its value is checked by the engine.
                        self.escape(self.pos - 1, true)?;
                    } else if to < from {
                        return Err(format!(
                            "bad character range {from}-{to} at position {}",
                            at - 1
                        ));
                    }
                }
                c => {
                    // Literal in Python; a nested set or set operator (`&&`,
                    // `~~`) in fancy-regex.
                    if matches!(c, '[' | '&' | '~') {
                        self.rewrites.push((at, self.pos, hex_escape(u32::from(c))));
                    }
                    last = Some(c);
                }
            }
        }
    }
}

/// Python's rules on a set of inline flags.
fn check_flags(on: &str) -> Result<(), String> {
    if on.contains('L') {
        return Err("bad inline flags: cannot use 'L' flag with a str pattern".into());
    }
    if on.contains('a') && on.contains('u') {
        return Err("bad inline flags: flags 'a', 'u' and 'L' are incompatible".into());
    }
    Ok(())
}

/// A Python identifier (`str.isidentifier()`), approximated by Unicode's
/// alphabetic / alphanumeric classes: a letter or `_`, then letters, digits, `_`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn rewrites_for_fancy_regex() {
        assert_eq!(
            check(r"a\0\012\101[\01]\Z").unwrap(),
            r"a\x{0}\x{A}\x{41}[\x{1}]\z"
        );
        assert_eq!(
            check(r"\<\.\-é\d(a)\1").unwrap(),
            r"\x{3C}\x{2E}\x{2D}é\d(a)\1"
        );
        assert_eq!(check(r"(?a)(?ai:x)a{,3}").unwrap(), r"(?i:x)a{,3}");
        assert_eq!(
            check(r"[[a&&b~~]").unwrap(),
            r"[\x{5B}a\x{26}\x{26}b\x{7E}\x{7E}]"
        );
    }

    #[test]
    fn python_rejects() {
        for p in [
            r"(?P<a>x)(?P<a>y)",
            r"(?P<1a>x)",
            r"(?P<>x)",
            r"(?<a>x)",
            r"(?P=b)",
            r"a(?i)b",
            r"(?L)a",
            r"\q",
            r"\z",
            r"\p{L}",
            r"\x4",
            r"[z-a]",
            r"[\d-z]",
            r"[\A]",
            r"\2(a)",
            r"(?#x",
            r"(?Q)",
            r"[a",
            r"\777",
            r"a{2}{3}",
            r"a*??",
            r"(?x)a * *",
        ] {
            assert!(check(p).is_err(), "{p}");
        }
    }

    #[test]
    fn python_accepts() {
        for p in [
            r"(?P<a>x)(?P=a)",
            r"(?P<_b2>x)",
            r"(?P<é>x)",
            r"(?i)mx",
            r"(?i)(?s)mx",
            r"(?i:mx)",
            r"(?<=a)b(?<!c)",
            r"(a)\1",
            r"\0\012\x41\u0041\U00000041",
            r"[]a]",
            r"[^]a-z\d-]",
            r"[\w.-]",
            r"\.\-\<",
            r"(?x) a b # (?P<a>x)(?P<a>y)",
            r"(?#comment(with paren)",
        ] {
            assert!(check(p).is_ok(), "{p}");
        }
    }
}
