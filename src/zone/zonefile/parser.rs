//! Turns logical lines into record sets: directives (`$ORIGIN`, `$TTL`,
//! `$INCLUDE`), owner names (`@`, relative, blank), TTL/class/type, rdata.

use std::path::{Path, PathBuf};

use super::lexer::{lines, Line, Token};
use crate::zone::error::ZoneError;
use crate::zone::record::RType;

/// Where `$INCLUDE` may read from: `None` for zone text (not allowed).
pub struct Includes {
    /// Canonical folder of the top-level file; includes must stay inside it.
    pub root: PathBuf,
}

/// One parsed resource record, owner name absolute and lower-case.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRr {
    pub owner: String,
    pub rtype: RType,
    pub ttl: i64,
    pub rdata: Rdata,
    pub file: Option<String>,
    pub line: usize,
}

/// Record data as read from the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rdata {
    Mx(u16, String),
    /// Character-strings joined, UTF-8.
    Txt(String),
    /// CNAME target (absolute) or any other type's text.
    Text(String),
}

/// Parser state shared across `$INCLUDE`d files.
pub struct Parser<'a> {
    includes: Option<&'a Includes>,
    /// Current `$ORIGIN` (absolute, with the dot).
    origin: Option<String>,
    /// The first origin seen: the zone's name unless the caller gave one.
    pub first_origin: Option<String>,
    default_ttl: Option<i64>,
    last_ttl: Option<i64>,
    last_owner: Option<String>,
    depth: usize,
    pub records: Vec<ParsedRr>,
}

const MAX_INCLUDE_DEPTH: usize = 16;

impl<'a> Parser<'a> {
    /// A parser starting at `origin` (absolute), if given.
    pub fn new(origin: Option<String>, includes: Option<&'a Includes>) -> Self {
        Parser {
            includes,
            first_origin: origin.clone(),
            origin,
            default_ttl: None,
            last_ttl: None,
            last_owner: None,
            depth: 0,
            records: Vec::new(),
        }
    }

    /// Parses one file's text; `file` is its path (for errors and includes).
    pub fn parse(&mut self, text: &str, file: Option<&Path>) -> Result<(), ZoneError> {
        let label = file.map(|f| f.display().to_string());
        let syntax = |line: usize, message: String| ZoneError::Syntax {
            file: label.clone(),
            line,
            message,
        };
        for line in lines(text) {
            let line = line.map_err(|(line, message)| syntax(line, message))?;
            self.line(&line, file, label.as_deref())
                .map_err(|message| syntax(line.number, message))?;
        }
        Ok(())
    }

    fn line(
        &mut self,
        line: &Line,
        file: Option<&Path>,
        label: Option<&str>,
    ) -> Result<(), String> {
        let first = &line.tokens[0];
        if !line.blank_owner && !first.quoted && first.raw.starts_with('$') {
            return self.directive(line, file);
        }
        let (owner, rest) = if line.blank_owner {
            let owner = self
                .last_owner
                .clone()
                .ok_or("no owner name for this record and none before it")?;
            (owner, &line.tokens[..])
        } else {
            (self.absolute(&first.raw)?, &line.tokens[1..])
        };
        self.last_owner = Some(owner.clone());
        let (ttl, rtype, rdata) = self.ttl_class_type(rest)?;
        let rdata = self.rdata(&rtype, rdata)?;
        self.records.push(ParsedRr {
            owner,
            rtype,
            ttl,
            rdata,
            file: label.map(str::to_string),
            line: line.number,
        });
        Ok(())
    }

    fn directive(&mut self, line: &Line, file: Option<&Path>) -> Result<(), String> {
        let args = &line.tokens[1..];
        match line.tokens[0].raw.to_ascii_uppercase().as_str() {
            "$ORIGIN" => {
                let [name] = args else {
                    return Err("$ORIGIN takes one name".into());
                };
                let origin = self.absolute(&name.raw)?;
                self.first_origin.get_or_insert_with(|| origin.clone());
                self.origin = Some(origin);
                Ok(())
            }
            "$TTL" => {
                let [ttl] = args else {
                    return Err("$TTL takes one value".into());
                };
                self.default_ttl =
                    Some(parse_ttl(&ttl.raw).ok_or(format!("invalid TTL \"{}\"", ttl.raw))?);
                Ok(())
            }
            "$INCLUDE" => self.include(args, file),
            other => Err(format!("unknown directive \"{other}\"")),
        }
    }

    fn include(&mut self, args: &[Token], file: Option<&Path>) -> Result<(), String> {
        let (Some(includes), Some(file)) = (self.includes, file) else {
            return Err("$INCLUDE is only followed in zone files read from a path".into());
        };
        let (target, origin) = match args {
            [target] => (target, None),
            [target, origin] => (target, Some(self.absolute(&origin.raw)?)),
            _ => return Err("$INCLUDE takes a file name and an optional origin".into()),
        };
        if self.depth >= MAX_INCLUDE_DEPTH {
            return Err("$INCLUDE nested too deeply".into());
        }
        let folder = file.parent().unwrap_or(Path::new("."));
        let path = folder.join(&target.raw);
        let canonical = path
            .canonicalize()
            .map_err(|e| format!("$INCLUDE \"{}\": {e}", target.raw))?;
        if !canonical.starts_with(&includes.root) {
            return Err(format!(
                "$INCLUDE \"{}\" is outside the zone file's folder",
                target.raw
            ));
        }
        let text = std::fs::read_to_string(&canonical)
            .map_err(|e| format!("$INCLUDE \"{}\": {e}", target.raw))?;
        let saved_origin = self.origin.clone();
        if let Some(origin) = origin {
            self.origin = Some(origin);
        }
        self.depth += 1;
        let result = self.parse(&text, Some(&canonical));
        self.depth -= 1;
        self.origin = saved_origin;
        result.map_err(|e| e.to_string())
    }

    fn ttl_class_type<'t>(
        &mut self,
        tokens: &'t [Token],
    ) -> Result<(i64, RType, &'t [Token]), String> {
        let mut ttl = None;
        for (i, token) in tokens.iter().enumerate() {
            let word = token.raw.as_str();
            if ttl.is_none() {
                if let Some(t) = parse_ttl(word) {
                    ttl = Some(t);
                    continue;
                }
            }
            if matches!(
                word.to_ascii_uppercase().as_str(),
                "IN" | "CH" | "HS" | "CS" | "ANY"
            ) {
                continue;
            }
            let rtype = RType::parse(word).ok_or(format!("unknown record type \"{word}\""))?;
            let ttl = match ttl {
                Some(t) => {
                    self.last_ttl = Some(t);
                    t
                }
                None => self.default_ttl.or(self.last_ttl).unwrap_or(3600),
            };
            return Ok((ttl, rtype, &tokens[i + 1..]));
        }
        Err("missing record type".into())
    }

    fn rdata(&self, rtype: &RType, tokens: &[Token]) -> Result<Rdata, String> {
        let t = rtype.as_str();
        match rtype {
            RType::Mx => {
                let [pref, exchange] = tokens else {
                    return Err("MX takes a preference and an exchange".into());
                };
                let pref: u16 = pref
                    .raw
                    .parse()
                    .map_err(|_| format!("invalid MX preference \"{}\" (0-65535)", pref.raw))?;
                Ok(Rdata::Mx(pref, self.absolute(&exchange.raw)?))
            }
            RType::Txt => {
                if tokens.is_empty() {
                    return Err("TXT needs at least one string".into());
                }
                let joined: Vec<u8> = tokens
                    .iter()
                    .flat_map(|t| t.bytes.iter().copied())
                    .collect();
                let text =
                    String::from_utf8(joined).map_err(|_| "TXT is not valid UTF-8".to_string())?;
                Ok(Rdata::Txt(text.replace(';', "\\;")))
            }
            RType::Cname => {
                let [target] = tokens else {
                    return Err("CNAME takes one name".into());
                };
                Ok(Rdata::Text(self.absolute(&target.raw)?))
            }
            _ => {
                if tokens.is_empty() {
                    return Err(format!("{t} record without data"));
                }
                let words: Vec<&str> = tokens.iter().map(|t| t.raw.as_str()).collect();
                Ok(Rdata::Text(words.join(" ")))
            }
        }
    }

    /// Makes a name absolute against the current `$ORIGIN`.
    fn absolute(&self, name: &str) -> Result<String, String> {
        if name.ends_with('.') && !name.ends_with("\\.") {
            return Ok(name.to_lowercase());
        }
        let origin = self
            .origin
            .as_deref()
            .ok_or(format!("relative name \"{name}\" but no $ORIGIN"))?;
        if name == "@" {
            return Ok(origin.to_string());
        }
        if origin == "." {
            return Ok(format!("{name}.").to_lowercase());
        }
        Ok(format!("{name}.{origin}").to_lowercase())
    }
}

/// A TTL: seconds, or BIND units (`1h30m`, `2d`, `1w`).
pub fn parse_ttl(s: &str) -> Option<i64> {
    if s.is_empty() || !s.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    if let Ok(n) = s.parse::<u32>() {
        return Some(i64::from(n));
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            'w' => 604_800,
            _ => return None,
        };
        let n: i64 = digits.parse().ok()?;
        digits.clear();
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    if !digits.is_empty() {
        return None;
    }
    (total <= i64::from(u32::MAX)).then_some(total)
}
