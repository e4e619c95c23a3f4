//! `ValidationReason`: what a validator found, on which records, from whom.

use std::sync::Arc;

use crate::zone::Record;

/// One finding: the reason text (octoDNS's exact wording), the records it is
/// about (no duplicates, in the order the rule names them) and the id of the
/// validator that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationReason {
    /// The message, word for word as octoDNS 1.22.0 writes it.
    pub reason: String,
    /// The records the reason is about.
    pub records: Vec<Arc<Record>>,
    /// The id of the validator that produced the reason.
    pub validator_id: String,
}

impl ValidationReason {
    /// Builds a reason from the records that are present (duplicates dropped).
    pub fn new<'a>(
        reason: String,
        records: impl IntoIterator<Item = Option<&'a Arc<Record>>>,
        validator_id: &str,
    ) -> Self {
        let mut out: Vec<Arc<Record>> = Vec::new();
        for record in records.into_iter().flatten() {
            if !out.iter().any(|r| Arc::ptr_eq(r, record)) {
                out.push(record.clone());
            }
        }
        ValidationReason {
            reason,
            records: out,
            validator_id: validator_id.to_string(),
        }
    }
}
