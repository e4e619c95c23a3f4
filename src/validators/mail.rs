//! `MailZoneValidator`: octoDNS 1.22.0's mail best practices (MX redundancy
//! with `min_mx` and single-MX providers, SPF, DMARC, Null MX), apex first in
//! octoDNS's order, then sub-domains sorted by name.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::error::ValidatorError;
use super::mail_values::{tagged_values, Dmarc};
use super::reason::ValidationReason;
use super::single_mx::SingleMxMatcher;
use super::ZoneValidator;
use crate::mail::spf::{terminated, STRICT_SPF};
use crate::mail::{Kind, Reading};
use crate::zone::{MxEntry, RType, Record, Zone};

/// How a zone (or sub-domain) is expected to handle mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Detect the mode from the apex MX (Null MX: no mail) or, without MX, the SPF record.
    Auto,
    /// The zone handles mail: redundancy, SPF and DMARC are required.
    Mail,
    /// The zone accepts no mail: Null MX, strict SPF and `p=reject` DMARC are required.
    NoMail,
}

impl Mode {
    /// `auto`, `mail` or `no-mail`.
    pub fn parse(mode: &str) -> Result<Mode, ValidatorError> {
        match mode {
            "auto" => Ok(Mode::Auto),
            "mail" => Ok(Mode::Mail),
            "no-mail" => Ok(Mode::NoMail),
            _ => Err(ValidatorError::UnknownMode {
                mode: mode.to_string(),
            }),
        }
    }

    /// The configuration spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Auto => "auto",
            Mode::Mail => "mail",
            Mode::NoMail => "no-mail",
        }
    }
}

/// The comprehensive mail validator (MX, SPF, DMARC).
#[derive(Debug, Clone)]
pub struct MailZoneValidator {
    id: String,
    sets: Option<BTreeSet<String>>,
    mode: Mode,
    min_mx: i64,
    single_mx_regexes: Vec<String>,
    single_mx: SingleMxMatcher,
}

/// The apex records and values every apex rule looks at.
struct Apex<'z> {
    mx: Option<&'z MxEntry>,
    txt: Option<&'z Arc<Record>>,
    spf: Option<String>,
    dmarc_txt: Option<&'z Arc<Record>>,
    dmarc: Dmarc,
}

impl MailZoneValidator {
    /// Validates the parameters as octoDNS does (mode, then patterns).
    pub fn new(
        id: &str,
        mode: &str,
        min_mx: i64,
        single_mx_regexes: Vec<String>,
        sets: Option<BTreeSet<String>>,
    ) -> Result<Self, ValidatorError> {
        if id.is_empty() {
            return Err(ValidatorError::EmptyId {
                class: "MailZoneValidator",
            });
        }
        let mode = Mode::parse(mode)?;
        let single_mx = SingleMxMatcher::new(&single_mx_regexes)?;
        Ok(MailZoneValidator {
            id: id.to_string(),
            sets,
            mode,
            min_mx,
            single_mx_regexes,
            single_mx,
        })
    }

    /// The configured mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The configured minimum number of MX values.
    pub fn min_mx(&self) -> i64 {
        self.min_mx
    }

    /// The user's extra patterns, as given.
    pub fn single_mx_regexes(&self) -> &[String] {
        &self.single_mx_regexes
    }

    fn reason<'a>(
        &self,
        text: String,
        records: impl IntoIterator<Item = Option<&'a Arc<Record>>>,
    ) -> ValidationReason {
        ValidationReason::new(text, records, &self.id)
    }

    fn redundancy(&self, zone: &Zone, entry: &MxEntry, out: &mut Vec<ValidationReason>) {
        if entry.null || (entry.values as i64) >= self.min_mx {
            return;
        }
        let record = &entry.record;
        if entry.values == 1 && self.single_mx.matches(&record.mx_values()[0].exchange) {
            return;
        }
        out.push(self.reason(
            format!(
                "MX record \"{}\" should have at least {} values for redundancy, found {}",
                record.fqdn(zone.names()),
                self.min_mx,
                entry.values
            ),
            [Some(record)],
        ));
    }

    fn spf(
        &self,
        txt: Option<&Arc<Record>>,
        multi_msg: impl FnOnce() -> String,
        out: &mut Vec<ValidationReason>,
    ) -> Option<String> {
        let mut values = tagged_values(txt?, Kind::Spf);
        if values.len() > 1 {
            out.push(self.reason(multi_msg(), [txt]));
        }
        (!values.is_empty()).then(|| values.swap_remove(0))
    }

    fn detect(&self, apex: &Apex<'_>) -> Mode {
        if self.mode != Mode::Auto {
            return self.mode;
        }
        match (apex.mx, apex.spf.as_deref()) {
            (Some(mx), _) if mx.null => Mode::NoMail,
            (Some(_), _) => Mode::Mail,
            (None, Some(STRICT_SPF)) => Mode::NoMail,
            (None, Some(_)) => Mode::Mail,
            (None, None) => Mode::Auto,
        }
    }

    fn validate_mail(&self, zone: &Zone, apex: &Apex<'_>, out: &mut Vec<ValidationReason>) {
        let name = zone.decoded_name();
        let all = [apex.mx_record(), apex.txt, apex.dmarc_txt];
        if apex.mx.is_none() {
            out.push(self.reason(
                format!("zone \"{name}\" handles mail but is missing MX records at the apex"),
                all,
            ));
        }
        match &apex.spf {
            None => out.push(self.reason(
                format!("zone \"{name}\" handles mail but is missing an SPF TXT record at the apex"),
                all,
            )),
            Some(spf) if !terminated(spf, Reading::OctoDns1_22) => out.push(self.reason(
                format!(
                    "SPF record at the apex of \"{name}\" should terminate with \"~all\" or \"-all\""
                ),
                [apex.txt],
            )),
            Some(_) => {}
        }
        match &apex.dmarc {
            Dmarc::NoRecord | Dmarc::NoValue => out.push(self.reason(
                format!("zone \"{name}\" handles mail but is missing a DMARC TXT record at _dmarc"),
                all,
            )),
            dmarc => {
                if dmarc.policy().is_none() {
                    out.push(self.reason(
                        format!("DMARC record at _dmarc.{name} is missing a policy (p=...)"),
                        [apex.dmarc_txt],
                    ));
                }
            }
        }
    }

    fn validate_no_mail(&self, zone: &Zone, apex: &Apex<'_>, out: &mut Vec<ValidationReason>) {
        let name = zone.decoded_name();
        let all = [apex.mx_record(), apex.txt, apex.dmarc_txt];
        match apex.mx {
            None => out.push(self.reason(
                format!("zone \"{name}\" disables mail but is missing a Null MX record (0 .)"),
                all,
            )),
            Some(mx) if !mx.null => out.push(self.reason(
                format!(
                    "zone \"{name}\" disables mail and should have a single Null MX record (0 .)"
                ),
                [Some(&mx.record)],
            )),
            Some(_) => {}
        }
        match apex.spf.as_deref() {
            None => out.push(self.reason(
                format!(
                    "zone \"{name}\" disables mail but is missing strict SPF TXT record \"v=spf1 -all\""
                ),
                all,
            )),
            Some(STRICT_SPF) => {}
            Some(_) => out.push(self.reason(
                format!(
                    "zone \"{name}\" disables mail and should have a single strict SPF TXT record \"v=spf1 -all\""
                ),
                [apex.txt],
            )),
        }
        match &apex.dmarc {
            Dmarc::NoRecord => out.push(self.reason(
                format!(
                    "zone \"{name}\" disables mail but is missing strict DMARC TXT record \"v=DMARC1; p=reject;\""
                ),
                all,
            )),
            dmarc => {
                if dmarc.policy().as_deref() != Some("reject") {
                    out.push(self.reason(
                        format!(
                            "zone \"{name}\" disables mail and should have a DMARC TXT record with \"v=DMARC1; p=reject;\""
                        ),
                        [apex.dmarc_txt],
                    ));
                }
            }
        }
    }

    fn validate_subdomain(&self, zone: &Zone, entry: &MxEntry, out: &mut Vec<ValidationReason>) {
        let mx = &entry.record;
        let fqdn = || mx.decoded_fqdn(zone.names());
        let txt = || zone.node_record(entry.node, &RType::Txt);
        let spf = zone.node_spf(entry.node);
        if spf.count > 1 {
            out.push(self.reason(format!("\"{}\" has multiple SPF values", fqdn()), [txt()]));
        }
        let mode = match self.mode {
            Mode::Auto if entry.null => Mode::NoMail,
            Mode::Auto => Mode::Mail,
            explicit => explicit,
        };
        if mode == Mode::Mail {
            if spf.count == 0 {
                out.push(self.reason(
                    format!(
                        "\"{}\" handles mail but is missing an SPF TXT record",
                        fqdn()
                    ),
                    [Some(mx), txt()],
                ));
            } else if !spf.terminated {
                out.push(self.reason(
                    format!(
                        "SPF record at \"{}\" should terminate with \"~all\" or \"-all\"",
                        fqdn()
                    ),
                    [txt()],
                ));
            }
            return;
        }
        if !entry.null {
            out.push(self.reason(
                format!(
                    "\"{}\" disables mail and should have a single Null MX record (0 .)",
                    fqdn()
                ),
                [Some(mx)],
            ));
        }
        if spf.count == 0 {
            out.push(self.reason(
                format!(
                    "\"{}\" disables mail but is missing strict SPF TXT record \"v=spf1 -all\"",
                    fqdn()
                ),
                [Some(mx), txt()],
            ));
        } else if !spf.strict {
            out.push(self.reason(
                format!(
                    "\"{}\" disables mail and should have a strict SPF TXT record \"v=spf1 -all\"",
                    fqdn()
                ),
                [txt()],
            ));
        }
    }
}

impl Apex<'_> {
    /// The apex MX record, if any.
    fn mx_record(&self) -> Option<&Arc<Record>> {
        self.mx.map(|e| &e.record)
    }
}

impl ZoneValidator for MailZoneValidator {
    fn id(&self) -> &str {
        &self.id
    }

    fn sets(&self) -> Option<&BTreeSet<String>> {
        self.sets.as_ref()
    }

    fn validate(&self, zone: &Zone) -> Vec<ValidationReason> {
        let mut out = Vec::new();
        let entries = zone.mx_entries();
        // walked in memory order; the sub-domain findings are put in name order
        let apex_entry = entries.iter().find(|e| e.record.name.is_empty());
        if let Some(apex) = apex_entry {
            self.redundancy(zone, apex, &mut out);
        }
        let subs = || entries.iter().filter(|e| !e.record.name.is_empty());
        out.extend(in_name_order(subs().map(|e| {
            let mut found = Vec::new();
            self.redundancy(zone, e, &mut found);
            (e.record.name.as_str(), found)
        })));
        let apex_txt = zone.get_type("", &RType::Txt);
        let name = zone.decoded_name();
        let spf = self.spf(
            apex_txt,
            || format!("zone \"{name}\" has multiple SPF values"),
            &mut out,
        );
        let dmarc_txt = zone.get_type("_dmarc", &RType::Txt);
        let (dmarc, dmarc_count) = Dmarc::from_record(dmarc_txt);
        if dmarc_count > 1 {
            out.push(self.reason(
                format!("zone \"{name}\" has multiple DMARC values"),
                [dmarc_txt],
            ));
        }
        let apex = Apex {
            mx: apex_entry,
            txt: apex_txt,
            spf,
            dmarc_txt,
            dmarc,
        };
        let mode = self.detect(&apex);
        log::debug!(
            "validate: zone={}, mode={}, detected={}",
            name,
            self.mode.as_str(),
            mode.as_str()
        );
        match mode {
            Mode::Mail => self.validate_mail(zone, &apex, &mut out),
            Mode::NoMail => self.validate_no_mail(zone, &apex, &mut out),
            Mode::Auto => {}
        }
        out.extend(in_name_order(subs().map(|e| {
            let mut found = Vec::new();
            self.validate_subdomain(zone, e, &mut found);
            (e.record.name.as_str(), found)
        })));
        out
    }
}

/// Findings grouped by record name, flattened in name order.
fn in_name_order<'a>(
    groups: impl Iterator<Item = (&'a str, Vec<ValidationReason>)>,
) -> Vec<ValidationReason> {
    let mut groups: Vec<_> = groups.filter(|(_, found)| !found.is_empty()).collect();
    groups.sort_by(|a, b| a.0.cmp(b.0));
    groups.into_iter().flat_map(|(_, found)| found).collect()
}
