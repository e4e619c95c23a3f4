//! Tokenizer for RFC 1035 master files (§5.1): quoted strings, `\X` and
//! `\DDD` escapes, parentheses spanning lines, `;` comments. Yields logical
//! lines one at a time, so the first bad line is reported without reading the
//! rest, and every step consumes input: time and memory are linear in the text.
//!
//! Blank space is every Unicode `White_Space` character but the newline
//! (`char::is_whitespace`: U+0085, U+00A0, U+2028, U+3000, ... as well as
//! space and tab), the same rule for separating tokens, for skipping between
//! them and for a blank (omitted) owner name. Other control characters
//! (U+0000..U+001F, U+007F..U+009F that are not blank space) must be written
//! as `\DDD` or inside a quoted string.

/// One token: its raw text (escapes kept, quotes removed) and decoded bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub raw: String,
    pub bytes: Vec<u8>,
    pub quoted: bool,
}

/// A logical line: its tokens, its first physical line, and whether it
/// started with blank space (an omitted owner name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub blank_owner: bool,
    pub tokens: Vec<Token>,
}

/// A lexing error: the 1-based line and what is wrong there.
pub type LexError = (usize, String);

/// True for blank space between tokens: any Unicode whitespace but `\n`.
pub fn is_blank(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

/// Splits master-file text into logical lines, lazily; errors carry a line
/// number. After an error the iterator ends.
pub fn lines(text: &str) -> Lines<'_> {
    Lines {
        chars: text.chars().peekable(),
        line: 1,
        failed: false,
    }
}

/// Iterator over the logical lines of a master file.
pub struct Lines<'t> {
    chars: std::iter::Peekable<std::str::Chars<'t>>,
    line: usize,
    failed: bool,
}

impl Iterator for Lines<'_> {
    type Item = Result<Line, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let result = self.logical_line().transpose();
        if matches!(result, Some(Err(_))) {
            self.failed = true;
        }
        result
    }
}

impl Lines<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    /// Consumes one character, counting lines.
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    /// The next logical line with at least one token, or `None` at the end.
    fn logical_line(&mut self) -> Result<Option<Line>, LexError> {
        while self.peek().is_some() {
            let number = self.line;
            let blank_owner = self.peek().is_some_and(is_blank);
            let tokens = self.line_tokens()?;
            if !tokens.is_empty() {
                return Ok(Some(Line {
                    number,
                    blank_owner,
                    tokens,
                }));
            }
        }
        Ok(None)
    }

    /// Tokens up to the end of a logical line (a newline outside parentheses).
    fn line_tokens(&mut self) -> Result<Vec<Token>, LexError> {
        let mut tokens = Vec::new();
        let mut depth = 0usize;
        let mut open_line = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '\n' => {
                    self.bump();
                    if depth == 0 {
                        return Ok(tokens);
                    }
                }
                c if is_blank(c) => {
                    self.bump();
                }
                ';' => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '(' => {
                    if depth == 0 {
                        open_line = self.line;
                    }
                    depth += 1;
                    self.bump();
                }
                ')' => {
                    if depth == 0 {
                        return Err((self.line, "unbalanced \")\"".into()));
                    }
                    depth -= 1;
                    self.bump();
                }
                _ => tokens.push(self.token()?),
            }
        }
        if depth > 0 {
            return Err((open_line, "\"(\" is never closed".into()));
        }
        Ok(tokens)
    }

    /// One token; the caller saw a character that starts one, so at least
    /// that character is consumed.
    fn token(&mut self) -> Result<Token, LexError> {
        let start_line = self.line;
        let quoted = self.peek() == Some('"');
        if quoted {
            self.bump();
        }
        let mut token = Token {
            raw: String::new(),
            bytes: Vec::new(),
            quoted,
        };
        loop {
            let Some(c) = self.peek() else {
                if quoted {
                    return Err((start_line, "unterminated quoted string".into()));
                }
                break;
            };
            if quoted && c == '"' {
                self.bump();
                break;
            }
            if !quoted && (c.is_whitespace() || matches!(c, ';' | '(' | ')' | '"')) {
                break;
            }
            if !quoted && c.is_control() {
                return Err((
                    self.line,
                    format!(
                        "control character U+{:04X} outside a quoted string (write it as \\{:03})",
                        u32::from(c),
                        u32::from(c)
                    ),
                ));
            }
            self.bump();
            if c == '\\' {
                self.escape(&mut token)?;
            } else {
                push_char(&mut token, c);
            }
        }
        Ok(token)
    }

    /// After a `\`: three decimal digits (one octet) or one literal character.
    fn escape(&mut self, token: &mut Token) -> Result<(), LexError> {
        token.raw.push('\\');
        let Some(first) = self.bump() else {
            return Err((self.line, "escape at end of input".into()));
        };
        if !first.is_ascii_digit() {
            push_char(token, first);
            return Ok(());
        }
        let mut digits = String::from(first);
        while digits.len() < 3 {
            match self.peek() {
                Some(d) if d.is_ascii_digit() => {
                    digits.push(d);
                    self.bump();
                }
                _ => break,
            }
        }
        if digits.len() < 3 {
            // `\1x`: the first digit stands for itself, the rest are plain text.
            token.raw.push_str(&digits);
            token.bytes.extend_from_slice(digits.as_bytes());
            return Ok(());
        }
        let byte = digits
            .parse::<u8>()
            .map_err(|_| (self.line, format!("invalid escape \"\\{digits}\"")))?;
        token.raw.push_str(&digits);
        token.bytes.push(byte);
        Ok(())
    }
}

fn push_char(token: &mut Token, c: char) {
    token.raw.push(c);
    let mut buf = [0u8; 4];
    token
        .bytes
        .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<Line>, LexError> {
        lines(text).collect()
    }

    fn words(line: &Line) -> Vec<&str> {
        line.tokens.iter().map(|t| t.raw.as_str()).collect()
    }

    #[test]
    fn parentheses_comments_and_blank_owner() {
        let text = "a IN TXT ( \"x;y\" ; comment\n  \"z\" )\n  MX 10 mx\n; only comment\n";
        let lines = all(text).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(words(&lines[0]), vec!["a", "IN", "TXT", "x;y", "z"]);
        assert!(!lines[0].blank_owner);
        assert_eq!(lines[1].number, 3);
        assert!(lines[1].blank_owner);
    }

    #[test]
    fn escapes() {
        let lines = all("a TXT \"q\\\"\\059\\\\\" \\12x\n").unwrap();
        assert_eq!(lines[0].tokens[2].bytes, b"q\";\\".to_vec());
        assert_eq!(lines[0].tokens[3].raw, "\\12x");
        assert_eq!(lines[0].tokens[3].bytes, b"12x".to_vec());
    }

    #[test]
    fn errors_carry_lines() {
        assert_eq!(all("a TXT \"x\n\nb").unwrap_err().0, 1);
        assert_eq!(all("a\nb ( c\n").unwrap_err().0, 2);
        assert_eq!(all("a\n b )\n").unwrap_err().0, 2);
        assert_eq!(all("a TXT \\999\n").unwrap_err().0, 1);
        assert_eq!(all("a TXT x\\").unwrap_err().0, 1);
        assert_eq!(all("a\nb\x1cc\n").unwrap_err().0, 2);
    }

    #[test]
    fn unicode_whitespace_separates_tokens() {
        // U+0085 (NEL) once made the lexer loop forever on an empty token.
        assert!(all("\u{85}\n").unwrap().is_empty());
        let lines = all("a\u{a0}TXT\u{3000}x\u{2028}y\n\u{85}MX 1 m\n").unwrap();
        assert_eq!(words(&lines[0]), vec!["a", "TXT", "x", "y"]);
        assert!(lines[1].blank_owner);
        assert_eq!(words(&lines[1]), vec!["MX", "1", "m"]);
    }

    #[test]
    fn stops_at_the_first_error() {
        let mut it = lines("a TXT x\n)\nb TXT y\n");
        assert!(it.next().unwrap().is_ok());
        assert_eq!(it.next().unwrap().unwrap_err().0, 2);
        assert!(it.next().is_none());
    }
}
