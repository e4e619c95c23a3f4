//! mailtrace-mx: MX discovery and mail-zone validation.
//!
//! The crate is a pure-Rust core (no PyO3 types) plus, behind the default
//! `python` feature, a thin bindings layer in [`py`] that maps it to the
//! `mailtrace_mx._core` Python extension module.

#![warn(missing_docs)]

pub mod check;
pub mod discovery;
pub mod dns;
pub mod mail;
pub mod probe;
pub mod testserver;
pub mod validators;
pub mod zone;

#[cfg(feature = "python")]
mod py;
