//! The default registry: `mx-target-not-cname` in `strict`, `mail` and
//! `mx-target-resolvable-in-zone` in `best-practice`, in octoDNS's order.

use std::collections::BTreeSet;

use super::mail::MailZoneValidator;
use super::mx_target::{MxTargetRule, MxTargetValidator};
use super::reason::ValidationReason;
use super::ZoneValidator;
use crate::zone::Zone;

/// The sets `validate_zone` enables by default.
pub const DEFAULT_SETS: [&str; 2] = ["strict", "best-practice"];

fn set(name: &str) -> Option<BTreeSet<String>> {
    Some(BTreeSet::from([name.to_string()]))
}

/// The three built-in validators, as octoDNS registers them.
pub fn default_validators() -> Vec<Box<dyn ZoneValidator>> {
    let not_cname =
        MxTargetValidator::new(MxTargetRule::NotCname, "mx-target-not-cname", set("strict"));
    let mail = MailZoneValidator::new("mail", "auto", 2, Vec::new(), set("best-practice"));
    let resolvable = MxTargetValidator::new(
        MxTargetRule::ResolvableInZone,
        "mx-target-resolvable-in-zone",
        set("best-practice"),
    );
    let mut out: Vec<Box<dyn ZoneValidator>> = Vec::new();
    // The built-in parameters are valid; these cannot fail.
    if let Ok(v) = not_cname {
        out.push(Box::new(v));
    }
    if let Ok(v) = mail {
        out.push(Box::new(v));
    }
    if let Ok(v) = resolvable {
        out.push(Box::new(v));
    }
    out
}

/// Runs every default validator that is in one of `sets` (or in none at all).
pub fn validate_zone(zone: &Zone, sets: &[String]) -> Vec<ValidationReason> {
    default_validators()
        .iter()
        .filter(|v| match v.sets() {
            None => true,
            Some(own) => sets.iter().any(|s| own.contains(s)),
        })
        .flat_map(|v| v.validate(zone))
        .collect()
}
