//! Errors raised while configuring a validator.

use std::fmt;

/// A validator's parameters are wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidatorError {
    /// `id` is empty.
    EmptyId { class: &'static str },
    /// `mode` is not `auto`, `mail` or `no-mail`.
    UnknownMode { mode: String },
    /// A `single_mx_regexes` pattern does not compile.
    InvalidPattern { pattern: String, message: String },
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
