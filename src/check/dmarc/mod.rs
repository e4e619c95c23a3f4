//! DMARC by RFC 7489 and RFC 9989 (DMARCbis): policy discovery by the DNS
//! tree walk ([`walk`]), every tag's grammar ([`tags`]), reporting URIs
//! ([`uri`]) and the authorization of external report destinations
//! ([`external`]). [`fetch`] does the lookups of one check into
//! [`DmarcData`]; [`findings`] and [`summary`] are pure functions over it.
//! Record selection and the tag-list grammar come from [`crate::mail`].

pub mod data;
pub mod external;
pub mod fetch;
pub mod findings;
pub mod summary;
pub mod tags;
pub mod uri;
pub mod walk;

pub use data::DmarcData;
pub use fetch::fetch;
pub use summary::{summarize, DmarcSummary};
