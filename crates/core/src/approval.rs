//! Stakeholder approval by link or file, signed by the approver.
//!
//! A requester shares an [`ApprovalRequest`]: the change set's hash, its
//! changes (secret values masked unless the requester opted in), the
//! selection, who asks and why. The approver answers with an
//! [`ApprovalRecord`] bound to that hash and **signed** with a key their
//! browser holds (Ed25519; [`signing`]). The requester's workspace counts
//! it only when that key is one of its trusted approvers ([`trust`]), which
//! are added by importing the approver's [`KeyCard`] after comparing its
//! fingerprint.
//!
//! - `share`: the envelope links and files travel in.
//! - [`signing`]: what is signed, and checking a signature.
//! - [`trust`]: key cards, the trusted approvers, [`verify`].
//! - `ledger`: request, answer, [`attach`] (after [`inspect`], for the
//!   user's confirmation), and [`latest`], the answer that counts: the last
//!   one attached that verifies.
//! - `view`: the approval card's model ([`card`], [`decided`]).

mod ledger;
mod share;
pub mod signing;
pub mod trust;
mod types;
mod view;

pub use self::ledger::*;
pub use self::share::*;
pub use self::signing::{group, seal, signing_bytes, Signature, SignatureError};
pub use self::trust::{verify, KeyCard, Signer, TrustError, TrustedApprover};
pub use self::types::*;
pub use self::view::*;

/// The envelope format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Links longer than this are hard to send; the UI suggests the file.
pub const LINK_WARN_CHARS: usize = 8_000;

/// The largest payload accepted once inflated (guards against zip bombs).
pub const MAX_PAYLOAD_BYTES: usize = 16 * 1024 * 1024;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_signed;
