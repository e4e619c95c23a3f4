//! Hostile zone-file text: every Unicode whitespace character, control
//! characters, megabytes of garbage and inputs that were once quadratic. Each
//! must give a zone or a syntax error naming a line, in linear time; a
//! watchdog fails the test instead of letting a regression hang the run.

use std::sync::mpsc;
use std::time::Duration;

use _core::zone::{RData, RType, Zone, ZoneError};

/// Unicode `White_Space` characters (what `char::is_whitespace` accepts)
/// besides `\n`, ' ' and '\t'.
const UNICODE_BLANKS: [char; 22] = [
    '\u{0B}', '\u{0C}', '\r', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}',
    '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}',
    '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
];

/// Python's `str.isspace()` also counts these information separators; for
/// Unicode (and this reader) they are control characters, not blank space.
const SEPARATORS: [char; 4] = ['\u{1C}', '\u{1D}', '\u{1E}', '\u{1F}'];

/// Runs `f` on another thread and fails if it takes longer than a minute
/// (a quadratic or endless loop, not a slow machine).
fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the zone-file reader did not finish within a minute")
}

fn read(text: String) -> Result<Zone, ZoneError> {
    within_a_minute(move || Zone::from_zonefile_text(&text, Some("example.com")))
}

fn syntax_line(e: ZoneError) -> (usize, String) {
    match e {
        ZoneError::Syntax { line, message, .. } => (line, message),
        other => panic!("not a syntax error: {other}"),
    }
}

fn txt(zone: &Zone, name: &str) -> Vec<String> {
    match &zone.get_type(name, &RType::Txt).expect("TXT record").data {
        RData::Txt(v) => v.clone(),
        other => panic!("not TXT: {other:?}"),
    }
}

#[test]
fn nel_then_newline_is_an_empty_zone() {
    // Once an endless loop that allocated until the process was killed.
    let zone = read("\u{85}\n".into()).unwrap();
    assert!(zone.is_empty());
}

#[test]
fn every_unicode_blank_separates_tokens_and_blanks_the_owner() {
    for c in UNICODE_BLANKS {
        let text = format!("a{c}TXT{c}x{c}\n{c}MX 10 mx.example.com.\n{c}\n{c}");
        let zone = read(text).unwrap_or_else(|e| panic!("U+{:04X}: {e}", u32::from(c)));
        assert_eq!(
            txt(&zone, "a"),
            vec!["x".to_string()],
            "U+{:04X}",
            u32::from(c)
        );
        assert!(
            zone.get_type("a", &RType::Mx).is_some(),
            "U+{:04X}",
            u32::from(c)
        );
    }
}

#[test]
fn unicode_blanks_inside_quotes_are_kept() {
    for c in UNICODE_BLANKS.into_iter().filter(|c| *c != '\r') {
        let zone = read(format!("a TXT \"x{c}y\"\n")).unwrap();
        assert_eq!(
            txt(&zone, "a"),
            vec![format!("x{c}y")],
            "U+{:04X}",
            u32::from(c)
        );
    }
}

#[test]
fn unicode_blanks_alone_or_at_the_end() {
    for c in UNICODE_BLANKS {
        for text in [
            c.to_string(),
            format!("{c}{c}\n\n{c}"),
            format!("a TXT x{c}"),
        ] {
            match read(text.clone()) {
                Ok(_) => {}
                Err(e) => panic!("U+{:04X} in {text:?}: {e}", u32::from(c)),
            }
        }
    }
}

#[test]
fn control_characters_outside_quotes_name_their_line() {
    for c in SEPARATORS.into_iter().chain(['\0', '\u{7F}', '\u{9F}']) {
        let e = read(format!("a TXT x\nb{c} TXT y\n")).unwrap_err();
        let (line, message) = syntax_line(e);
        assert_eq!(line, 2, "U+{:04X}", u32::from(c));
        assert!(
            message.contains(&format!("U+{:04X}", u32::from(c))),
            "{message}"
        );
        // Quoted, they are text.
        let zone = read(format!("a TXT \"x{c}\"\n")).unwrap();
        assert_eq!(txt(&zone, "a"), vec![format!("x{c}")]);
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
fn garbage(len: usize, mut seed: u64) -> String {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            char::from((seed >> 24) as u8) // Latin-1: every byte is a char
        })
        .collect()
}

#[test]
fn ten_megabytes_of_garbage_name_an_early_line() {
    for seed in [1, 2, 3] {
        let text = garbage(10 << 20, seed);
        let newlines = text.matches('\n').count();
        let (line, _) = syntax_line(read(text).unwrap_err());
        assert!(line >= 1 && line <= newlines + 1, "line {line}");
    }
}

#[test]
fn garbage_after_a_valid_head_names_its_line() {
    let text = format!("a TXT x\nb TXT y\n{}", garbage(1 << 20, 7));
    let (line, _) = syntax_line(read(text).unwrap_err());
    assert!(line >= 3, "line {line}");
}

#[test]
fn an_unclosed_parenthesis_before_megabytes_names_line_one() {
    let text = format!("a TXT ( x\n{}", "b c d\n".repeat(1 << 20));
    assert_eq!(syntax_line(read(text).unwrap_err()).0, 1);
    let text = format!("a TXT {}", "(".repeat(1 << 20));
    assert_eq!(syntax_line(read(text).unwrap_err()).0, 1);
}

#[test]
fn a_first_error_is_found_before_the_rest_is_read() {
    // The error is on line 2; line 4 would be a lexer error too.
    let text = format!("a TXT x\nb MX 99999 mx.\nc TXT z\n){}", "x".repeat(1 << 20));
    let (line, message) = syntax_line(read(text).unwrap_err());
    assert_eq!(line, 2, "{message}");
}

#[test]
fn many_values_in_one_record_set_load_in_linear_time() {
    // Duplicate detection was a linear scan per value: quadratic in the set.
    let n = 200_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("@ TXT v{i}\n"));
    }
    text.push_str("@ TXT v0\n");
    let zone = read(text).unwrap();
    assert_eq!(txt(&zone, "").len(), n);
}

#[test]
fn a_megabyte_label_is_refused_not_punycoded() {
    // Punycode takes time quadratic in the label; DNS labels end at 63 octets.
    let text = format!("{} TXT x\n", "ü".repeat(1 << 20));
    let e = read(text).unwrap_err();
    let (line, message) = syntax_line(e);
    assert_eq!(line, 1);
    assert!(message.contains("longer than 63 octets"), "{message}");
    assert!(message.len() < 2000, "the message repeats the whole label");
}

#[test]
fn long_escapes_and_quotes() {
    let text = format!("a TXT \"{}\"\n", "\\065".repeat(1 << 18));
    let zone = read(text).unwrap();
    assert_eq!(txt(&zone, "a")[0].len(), 1 << 18);
    let text = format!("a TXT \"{}", "\\\"".repeat(1 << 18));
    assert_eq!(syntax_line(read(text).unwrap_err()).0, 1);
}
