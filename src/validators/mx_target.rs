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

    fn finding(&self, zone: &Zone, target: &str) -> bool {
        match self.rule {
            MxTargetRule::NotCname => {
                target != "."
                    && zone.owns("CNAME", target)
                    && zone
                        .get_type(&zone.hostname_from_fqdn(target), &RType::Cname)
                        .is_some()
            }
            MxTargetRule::ResolvableInZone => {
                zone.owns("A", target) && zone.get(&zone.hostname_from_fqdn(target)).is_empty()
            }
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
        let mut out = Vec::new();
        for record in zone.records_of_type(&RType::Mx) {
            for value in record.mx_values() {
                let target = value.exchange.as_str();
                if !self.finding(zone, target) {
                    continue;
                }
                let reason = match self.rule {
                    MxTargetRule::NotCname => format!(
                        "MX record \"{}\" points to exchange \"{target}\" which is a CNAME",
                        record.fqdn(zone.names())
                    ),
                    MxTargetRule::ResolvableInZone => format!(
                        "MX record \"{}\" points to in-zone target \"{target}\" that does not exist",
                        record.decoded_fqdn(zone.names())
                    ),
                };
                out.push(ValidationReason::new(reason, [Some(&record)], &self.id));
            }
        }
        out
    }
}
