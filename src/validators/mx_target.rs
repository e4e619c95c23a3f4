//! The two MX-target validators: exchanges must not be in-zone CNAMEs
//! (RFC 2181 §10.3) and in-zone exchanges must exist.

use std::collections::BTreeSet;

use super::error::ValidatorError;
use super::reason::ValidationReason;
use super::ZoneValidator;
use crate::zone::{RType, Zone};

/// Which of the two MX-target rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MxTargetRule {
    /// `MxTargetNotCnameZoneValidator`.
    NotCname,
    /// `MxTargetResolvableInZoneZoneValidator`.
    ResolvableInZone,
}

/// An MX-target validator.
#[derive(Debug, Clone)]
pub struct MxTargetValidator {
    id: String,
    sets: Option<BTreeSet<String>>,
    rule: MxTargetRule,
}

impl MxTargetValidator {
    /// A validator applying `rule`.
    pub fn new(
        rule: MxTargetRule,
        id: &str,
        sets: Option<BTreeSet<String>>,
    ) -> Result<Self, ValidatorError> {
        if id.is_empty() {
            return Err(ValidatorError::EmptyId {
                class: match rule {
                    MxTargetRule::NotCname => "MxTargetNotCnameZoneValidator",
                    MxTargetRule::ResolvableInZone => "MxTargetResolvableInZoneZoneValidator",
                },
            });
        }
        Ok(MxTargetValidator {
            id: id.to_string(),
            sets,
            rule,
        })
    }

    /// The rule applied.
    pub fn rule(&self) -> MxTargetRule {
        self.rule
    }

    /// Does the value whose exchange resolves to `target` break the rule?
    fn finding(&self, zone: &Zone, target: Option<u32>, exchange: impl FnOnce() -> bool) -> bool {
        let Some(id) = target else {
            return false;
        };
        match self.rule {
            MxTargetRule::NotCname => zone.node_has(id, &RType::Cname) && exchange(),
            MxTargetRule::ResolvableInZone => !zone.node_exists(id),
        }
    }
}

impl ZoneValidator for MxTargetValidator {
    fn id(&self) -> &str {
        &self.id
    }

    fn sets(&self) -> Option<&BTreeSet<String>> {
        self.sets.as_ref()
    }

    fn validate(&self, zone: &Zone) -> Vec<ValidationReason> {
        let mut out: Vec<(&str, ValidationReason)> = Vec::new();
        for entry in zone.mx_entries() {
            for (i, &target) in zone.mx_targets(entry).iter().enumerate() {
                let record = &entry.record;
                let exchange = || record.mx_values()[i].exchange.as_str();
                if !self.finding(zone, target, || exchange() != ".") {
                    continue;
                }
                let reason = match self.rule {
                    MxTargetRule::NotCname => format!(
                        "MX record \"{}\" points to exchange \"{}\" which is a CNAME",
                        record.fqdn(zone.names()),
                        exchange()
                    ),
                    MxTargetRule::ResolvableInZone => format!(
                        "MX record \"{}\" points to in-zone target \"{}\" that does not exist",
                        record.decoded_fqdn(zone.names()),
                        exchange()
                    ),
                };
                let reason = ValidationReason::new(reason, [Some(record)], &self.id);
                out.push((record.name.as_str(), reason));
            }
        }
        // deterministic: by record name, then value order (the sort is stable)
        out.sort_by(|a, b| a.0.cmp(b.0));
        out.into_iter().map(|(_, r)| r).collect()
    }
}
