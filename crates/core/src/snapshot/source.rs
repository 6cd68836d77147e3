//! A snapshot's file: the environment's text as it was, with its format
//! and name, so that a revert restores the exact bytes.
//!
//! Like the config ([`super::Content`]), the text of a loaded snapshot
//! stays in the store until a page needs it ([`TextContent::Stored`], the
//! root of its chunk tree, see [`crate::objects::text`]).

use crate::environment::EnvSource;
use crate::files::SourceFormat;
use crate::objects::TreeRoot;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// Where a snapshot's text is.
#[derive(Debug, Clone)]
pub enum TextContent {
    /// In memory, shared with the environment it was taken from.
    Loaded(Arc<str>),
    /// In the store, under this root, not read yet.
    Stored(TreeRoot),
}

impl TextContent {
    pub fn text(&self) -> Option<&Arc<str>> {
        match self {
            Self::Loaded(t) => Some(t),
            Self::Stored(_) => None,
        }
    }
    pub fn root(&self) -> Option<&TreeRoot> {
        match self {
            Self::Stored(r) => Some(r),
            Self::Loaded(_) => None,
        }
    }
}

impl PartialEq for TextContent {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Loaded(a), Self::Loaded(b)) => a == b,
            (Self::Stored(a), Self::Stored(b)) => a == b,
            _ => false,
        }
    }
}

/// Written as the text itself (backups carry it); text not read yet
/// cannot be written.
impl Serialize for TextContent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Loaded(t) => s.serialize_str(t),
            Self::Stored(_) => Err(serde::ser::Error::custom(
                "a snapshot's text has not been read from storage",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for TextContent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|t| Self::Loaded(Arc::from(t)))
    }
}

/// A snapshot's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotSource {
    pub format: SourceFormat,
    pub file_name: String,
    pub text: TextContent,
}

impl SnapshotSource {
    /// The file of `env` as it is now.
    pub fn of(source: &EnvSource) -> Self {
        Self {
            format: source.format,
            file_name: source.file_name.clone(),
            text: TextContent::Loaded(source.text.clone()),
        }
    }

    /// The file again, once its text has been read.
    pub fn env_source(&self) -> Option<EnvSource> {
        self.text
            .text()
            .map(|t| EnvSource::new(self.format, t.clone(), self.file_name.clone()))
    }

    pub fn is_loaded(&self) -> bool {
        self.text.text().is_some()
    }
}
