//! The RFC 1035 master-file loader: valid files and broken ones.

use std::fs;

use _core::zone::{MxValue, RData, RType, Zone, ZoneError};

const VALID: &str = r#"
$ORIGIN Example.COM.
$TTL 1h
@       IN SOA ns1 hostmaster ( 2024010101 ; serial
                               7200 3600 1209600 300 )
        IN NS  ns1.example.net.
        300 IN MX 10 mx1            ; relative exchange
        IN 300 MX 20 mx2.example.com.
@       TXT "v=spf1 " "mx -all"
_dmarc  TXT ( "v=DMARC1; p=reject;"
              "rua=mailto:d@example.com" )
mx1     A 192.0.2.1
mx2     AAAA 2001:db8::2
www     CNAME @
$ORIGIN sub.example.com.
mail    MX 0 .
"#;

fn syntax_line(e: ZoneError) -> usize {
    match e {
        ZoneError::Syntax { line, .. } => line,
        other => panic!("not a syntax error: {other}"),
    }
}

#[test]
fn parses_a_valid_file() {
    let z = Zone::from_zonefile_text(VALID, None).unwrap();
    assert_eq!(z.name(), "example.com.");
    let mx = z.get_type("", &RType::Mx).unwrap();
    assert_eq!(mx.ttl, 300);
    assert_eq!(
        mx.data,
        RData::Mx(vec![
            MxValue {
                preference: 10,
                exchange: "mx1.example.com.".into()
            },
            MxValue {
                preference: 20,
                exchange: "mx2.example.com.".into()
            },
        ])
    );
    assert_eq!(
        z.get_type("", &RType::Txt).unwrap().data,
        RData::Txt(vec!["v=spf1 mx -all".into()])
    );
    assert_eq!(
        z.get_type("_dmarc", &RType::Txt).unwrap().data,
        RData::Txt(vec![
            "v=DMARC1\\; p=reject\\;rua=mailto:d@example.com".into()
        ])
    );
    assert_eq!(z.get_type("_dmarc", &RType::Txt).unwrap().ttl, 3600);
    assert_eq!(
        z.get_type("www", &RType::Cname).unwrap().data,
        RData::Text(vec!["example.com.".into()])
    );
    assert!(z.get_type("mail.sub", &RType::Mx).unwrap().mx_values()[0].is_null());
    assert!(z.get_type("", &RType::Other("SOA".into())).is_some());
    assert_eq!(z.len(), 9);
}

#[test]
fn origin_argument_and_blank_owner() {
    let z = Zone::from_zonefile_text("@ 60 MX 10 mx\n  TXT \"hi\"\n", Some("example.org")).unwrap();
    assert_eq!(z.name(), "example.org.");
    assert_eq!(
        z.get_type("", &RType::Mx).unwrap().mx_values()[0].exchange,
        "mx.example.org."
    );
    assert!(z.get_type("", &RType::Txt).is_some());
}

#[test]
fn broken_files_name_the_line() {
    let cases: &[(&str, usize)] = &[
        ("$ORIGIN example.com.\n@ MX 10\n", 2),
        ("$ORIGIN example.com.\n\n@ MX 70000 mx\n", 3),
        ("$ORIGIN example.com.\n@ TXT \"unterminated\n", 2),
        ("$ORIGIN example.com.\n@ MX ( 10 mx\n\n", 2),
        ("$ORIGIN example.com.\n@ 10 IN\n", 2),
        ("$ORIGIN example.com.\nwww A 300.1.1.1\n", 2),
        ("$ORIGIN example.com.\nwww IN WHATEVER! x\n", 2),
        ("$ORIGIN example.com.\n$INCLUDE other.zone\n", 2),
        ("$ORIGIN example.com.\n$BOGUS x\n", 2),
        ("$ORIGIN example.com.\nx.example.net. A 192.0.2.1\n", 2),
        ("www A 192.0.2.1\n", 1),
        ("$ORIGIN example.com.\n  A 192.0.2.1\n", 2),
        ("$ORIGIN example.com.\nw CNAME a\nw CNAME b\n", 2),
    ];
    for (text, line) in cases {
        let e = Zone::from_zonefile_text(text, None).unwrap_err();
        let shown = e.to_string();
        assert!(shown.contains(&format!("line {line}")), "{text:?}: {shown}");
        assert_eq!(syntax_line(e), *line, "{text:?}");
    }
}

#[test]
fn include_is_confined_to_the_folder() {
    let dir = std::env::temp_dir().join(format!("mailtrace-zone-{}", std::process::id()));
    let zones = dir.join("zones");
    fs::create_dir_all(zones.join("inc")).unwrap();
    fs::write(zones.join("inc/mail.zone"), "@ MX 10 mx1\n@ MX 20 mx2\n").unwrap();
    fs::write(dir.join("secret.zone"), "@ TXT \"secret\"\n").unwrap();
    let main = zones.join("example.zone");
    fs::write(
        &main,
        "$ORIGIN example.com.\n$INCLUDE inc/mail.zone\nwww A 192.0.2.1\n",
    )
    .unwrap();
    let z = Zone::from_zonefile_path(&main, None).unwrap();
    assert_eq!(z.get_type("", &RType::Mx).unwrap().mx_values().len(), 2);
    assert!(z.get_type("www", &RType::A).is_some());

    let escape = zones.join("escape.zone");
    fs::write(&escape, "$ORIGIN example.com.\n\n$INCLUDE ../secret.zone\n").unwrap();
    let e = Zone::from_zonefile_path(&escape, None).unwrap_err();
    assert!(
        e.to_string().contains("outside the zone file's folder"),
        "{e}"
    );
    assert_eq!(syntax_line(e), 3);

    let missing = Zone::from_zonefile_path(&zones.join("nope.zone"), None).unwrap_err();
    assert!(matches!(
        missing,
        ZoneError::Io {
            not_found: true,
            ..
        }
    ));
    fs::remove_dir_all(&dir).unwrap();
}
