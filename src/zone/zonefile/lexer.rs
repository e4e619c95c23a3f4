//! Tokenizer for RFC 1035 master files: quoted strings, `\X` and `\DDD`
//! escapes, parentheses spanning lines, `;` comments. Yields logical lines.

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

/// Splits master-file text into logical lines; errors carry a line number.
pub fn lines(text: &str) -> Result<Vec<Line>, (usize, String)> {
    Lexer {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
    }
    .run()
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn run(mut self) -> Result<Vec<Line>, (usize, String)> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut open_line = 0usize;
        let mut current: Option<Line> = None;
        let mut at_line_start = true;
        while let Some(c) = self.peek() {
            if at_line_start && depth == 0 {
                at_line_start = false;
                if current.is_none() {
                    current = Some(Line {
                        number: self.line,
                        blank_owner: c == ' ' || c == '\t',
                        tokens: Vec::new(),
                    });
                }
            }
            match c {
                '\n' => {
                    self.pos += 1;
                    self.line += 1;
                    at_line_start = true;
                    if depth == 0 {
                        if let Some(line) = current.take() {
                            if !line.tokens.is_empty() {
                                out.push(line);
                            }
                        }
                    }
                }
                ' ' | '\t' | '\r' => self.pos += 1,
                ';' => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                '(' => {
                    if depth == 0 {
                        open_line = self.line;
                    }
                    depth += 1;
                    self.pos += 1;
                }
                ')' => {
                    if depth == 0 {
                        return Err((self.line, "unbalanced \")\"".into()));
                    }
                    depth -= 1;
                    self.pos += 1;
                }
                _ => {
                    let token = self.token()?;
                    if let Some(line) = current.as_mut() {
                        line.tokens.push(token);
                    }
                }
            }
        }
        if depth > 0 {
            return Err((open_line, "\"(\" is never closed".into()));
        }
        if let Some(line) = current {
            if !line.tokens.is_empty() {
                out.push(line);
            }
        }
        Ok(out)
    }

    fn token(&mut self) -> Result<Token, (usize, String)> {
        let start_line = self.line;
        let quoted = self.peek() == Some('"');
        if quoted {
            self.pos += 1;
        }
        let mut raw = String::new();
        let mut bytes = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                if quoted {
                    return Err((start_line, "unterminated quoted string".into()));
                }
                break;
            };
            if quoted && c == '"' {
                self.pos += 1;
                break;
            }
            if !quoted && (c.is_whitespace() || matches!(c, ';' | '(' | ')' | '"')) {
                break;
            }
            if c == '\n' {
                self.line += 1;
            }
            self.pos += 1;
            if c == '\\' {
                self.escape(&mut raw, &mut bytes)?;
            } else {
                raw.push(c);
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        Ok(Token { raw, bytes, quoted })
    }

    fn escape(&mut self, raw: &mut String, bytes: &mut Vec<u8>) -> Result<(), (usize, String)> {
        raw.push('\\');
        let digits: String = self.chars[self.pos..]
            .iter()
            .take(3)
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.len() == 3 {
            let value: u32 = digits.parse().unwrap_or(256);
            let byte = u8::try_from(value)
                .map_err(|_| (self.line, format!("invalid escape \"\\{digits}\"")))?;
            raw.push_str(&digits);
            bytes.push(byte);
            self.pos += 3;
            return Ok(());
        }
        match self.peek() {
            None => Err((self.line, "escape at end of input".into())),
            Some(c) => {
                if c == '\n' {
                    self.line += 1;
                }
                self.pos += 1;
                raw.push(c);
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &Line) -> Vec<&str> {
        line.tokens.iter().map(|t| t.raw.as_str()).collect()
    }

    #[test]
    fn parentheses_comments_and_blank_owner() {
        let text = "a IN TXT ( \"x;y\" ; comment\n  \"z\" )\n  MX 10 mx\n; only comment\n";
        let lines = lines(text).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(words(&lines[0]), vec!["a", "IN", "TXT", "x;y", "z"]);
        assert!(!lines[0].blank_owner);
        assert_eq!(lines[1].number, 3);
        assert!(lines[1].blank_owner);
    }

    #[test]
    fn escapes() {
        let lines = lines("a TXT \"q\\\"\\059\\\\\"\n").unwrap();
        assert_eq!(lines[0].tokens[2].bytes, b"q\";\\".to_vec());
    }

    #[test]
    fn errors_carry_lines() {
        assert_eq!(lines("a TXT \"x\n\nb").unwrap_err().0, 1);
        assert_eq!(lines("a\nb ( c\n").unwrap_err().0, 2);
        assert_eq!(lines("a\n b )\n").unwrap_err().0, 2);
        assert_eq!(lines("a TXT \\999\n").unwrap_err().0, 1);
    }
}
