//! Errors raised while configuring a validator.

use std::fmt;

/// A validator's parameters are wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidatorError {
    /// `id` is empty.
    EmptyId {
        /// The validator class being constructed.
        class: &'static str,
    },
    /// `mode` is not `auto`, `mail` or `no-mail`.
    UnknownMode {
        /// The mode as given.
        mode: String,
    },
    /// A `single_mx_regexes` pattern does not compile.
    InvalidPattern {
        /// The pattern as given.
        pattern: String,
        /// The regex engine's own description of the error.
        message: String,
    },
}

impl fmt::Display for ValidatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValidatorError::EmptyId { class } => write!(f, "{class} requires a non-empty id"),
            ValidatorError::UnknownMode { mode } => write!(f, "Unknown mode \"{mode}\""),
            ValidatorError::InvalidPattern { pattern, message } => {
                write!(
                    f,
                    "Invalid single_mx_regexes pattern \"{pattern}\": {message}"
                )
            }
        }
    }
}

impl std::error::Error for ValidatorError {}
