//! # preflight-core
//!
//! The whole Preflight domain in pure Rust: no browser, no clock, no storage.
//! The Leptos shell turns a user's event into a call here and renders the
//! returned model; everything that decides something lives in this crate, so
//! that all of it is tested with plain `cargo test`.
//!
//! ## Layers
//!
//! - **Values and paths**: [`pointer`] (RFC 6901), [`formats`] (JSON, YAML
//!   and .env in and out), [`patterns`] (pinned and secret keys, masking).
//! - **Comparison**: [`diff`] (structural changes keyed by pointer) and
//!   [`display`] (side-by-side rows of two rendered documents).
//! - **Promotion**: [`changeset`], [`promote`] (selective, three-way,
//!   all-or-nothing), [`patch`] (RFC 6902), [`pipeline`], [`snapshot`],
//!   [`audit`].
//! - **Go-live**: [`checklist`] and the production gate; [`guards`] (the
//!   audited settings that guard production).
//! - **Sharing**: [`approval`].
//! - **Backups**: [`backup`] reads a backup file with a preview, and merges
//!   one into a workspace.
//! - **Hosting**: [`hosting`] (base paths and share links for any static
//!   host).
//! - **The document**: [`workspace`] ties it together in one versioned,
//!   serde-serializable value, with migrations from every older format;
//!   [`demo`] builds the first-run workspace.
//!
//! Time is always passed in as a [`jiff::Timestamp`] ("now"), never read.

pub mod approval;
pub mod audit;
pub mod backup;
pub mod changeset;
pub mod checklist;
pub mod csv_cell;
pub mod demo;
pub mod diff;
pub mod display;
pub mod edit;
pub mod environment;
pub mod files;
pub mod formats;
pub mod guards;
pub mod history;
pub mod hosting;
pub mod objects;
mod optional_value;
pub mod patch;
pub mod patterns;
pub mod pipeline;
pub mod pointer;
pub mod promote;
pub mod review;
pub mod snapshot;
pub mod stored;
pub mod workspace;

pub use environment::{EnvId, Environment};
pub use workspace::{Settings, Workspace, WorkspaceError, SCHEMA_VERSION};

/// Re-exported so that callers name times and dates with the same crate.
pub use jiff;
