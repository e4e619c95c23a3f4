//! The three mail zone validators of octoDNS 1.22.0 (`octodns/zone/mail.py`)
//! over the [`crate::zone`] model, and the default registry behind
//! `validate_zone`.

mod error;
mod mail;
mod mail_values;
mod mx_target;
mod py_regex;
mod reason;
mod registry;
mod single_mx;

use std::collections::BTreeSet;

pub use error::ValidatorError;
pub use mail::{MailZoneValidator, Mode};
pub use mx_target::{MxTargetRule, MxTargetValidator};
pub use reason::ValidationReason;
pub use registry::{default_validators, validate_zone, DEFAULT_SETS};
pub use single_mx::{SingleMxMatcher, BACKTRACK_LIMIT, DEFAULT_SINGLE_MX_REGEXES};

use crate::zone::Zone;

/// A zone-level check, as octoDNS's `ZoneValidator`.
pub trait ZoneValidator: Send + Sync {
    /// Short kebab-case id (`mail`, `mx-target-not-cname`, ...).
    fn id(&self) -> &str;
    /// Sets this validator belongs to; `None` means always active.
    fn sets(&self) -> Option<&BTreeSet<String>>;
    /// Every finding; empty when the zone is fine.
    fn validate(&self, zone: &Zone) -> Vec<ValidationReason>;
}
