//! The one storage adapter: everything Preflight keeps in the browser goes
//! through here.
//!
//! - [`WorkspaceDb`] (IndexedDB, via [`crate::idb`]) holds the workspace as
//!   records and content-addressed nodes ([`preflight_core::stored`]); each
//!   action is one transaction that writes only what it changed.
//!   The same database keeps the automatic backups (`backups`), and
//!   [`WorkspaceDb::breakdown`] reads what each kind of data takes.
//! - [`signing_key`] (its own IndexedDB database) keeps this browser's
//!   non-extractable signing key for approvals.
//! - [`WorkspaceStorage`] (`localStorage`) is where builds before IndexedDB
//!   kept the whole document and the automatic backups. They are read
//!   once, moved into IndexedDB, and removed only after the new store has
//!   committed (and, for the document, read back equal). It still keeps
//!   the few characters of the last build's id ([`swap_build_id`]).

mod backups;
mod local;
mod nodes;
pub mod signing_key;
mod usage;
mod workspace_db;

pub use backups::KeptBackup;
pub use local::*;
pub use usage::Removed;
pub use workspace_db::{Opened, WorkspaceDb, DB_NAME};
