//! The two readings of mail TXT records. The zone validators must give
//! octoDNS 1.22.0's verdicts exactly; the live check follows the RFCs. They
//! differ on purpose (`redirect=`, `~all` not last, `v=spf10`, ...), so each
//! function that differs takes the reading as a parameter.

/// Which reading of a TXT record to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    /// octoDNS 1.22.0's `MailZoneValidator`: values lower-cased with every
    /// backslash removed; SPF = value starts `v=spf1` (so `v=spf10` counts);
    /// terminated = ends with ` -all` or ` ~all`; DMARC tags split on `;` and
    /// `=` with Python's `str.strip`, a bare `p` is `p=`, the last one wins.
    OctoDns1_22,
    /// RFC 7208 / 7489 / 8460 / 8461: SPF = `v=spf1` then a space or the end
    /// (§4.5); the `all` mechanism wherever it stands, `redirect=` a valid
    /// ending; DMARC tags by the tag-list grammar, the first one wins and a
    /// malformed list is reported as malformed.
    Rfc,
}
