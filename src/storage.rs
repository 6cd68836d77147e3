//! The one storage adapter: everything Preflight keeps in the browser goes
//! through here.
//!
//! - [`WorkspaceDb`] (IndexedDB, via [`crate::idb`]) holds the workspace as
//!   records and content-addressed nodes ([`preflight_core::stored`]); each
//!   action is one transaction that writes only what it changed.
//! - [`WorkspaceStorage`] (`localStorage`) is where builds before IndexedDB
//!   kept the whole document. It is read once, moved into IndexedDB, and
//!   removed only after the new store has committed and read back equal.

mod local;
mod nodes;
mod workspace_db;

pub use local::*;
pub use workspace_db::{Opened, WorkspaceDb, DB_NAME};
