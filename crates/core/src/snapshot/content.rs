//! A snapshot's content: in memory, or in the store and not read yet.
//!
//! A workspace with hundreds of snapshots of a large config cannot hold them
//! all in memory (each is the whole config), and a cold load must not read
//! them all. So a loaded snapshot starts as [`Content::Stored`], the root of
//! its content-addressed tree ([`crate::objects`]), and the app reads it
//! ([`super::read_in`]) when a page needs it: the history's preview, a
//! comparison, a revert, a backup. Snapshots taken in this session, and the
//! merge bases promotions need, are [`Content::Loaded`].
//!
//! What needs the value asks for it through [`Content::value`] and fails
//! with [`super::SnapshotError::NotLoaded`] rather than reading something
//! else: nothing is ever computed from a snapshot that was not read.

use crate::objects::TreeRoot;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::sync::Arc;

/// Where a snapshot's content is.
#[derive(Debug, Clone)]
pub enum Content {
    /// In memory. Shared: a snapshot's content is often another one's.
    Loaded(Arc<Value>),
    /// In the store, under this root, not read yet.
    Stored(TreeRoot),
}

impl Content {
    /// Content held in memory.
    pub fn loaded(value: Value) -> Self {
        Self::Loaded(Arc::new(value))
    }

    /// The value, when it has been read.
    pub fn value(&self) -> Option<&Value> {
        match self {
            Self::Loaded(v) => Some(v),
            Self::Stored(_) => None,
        }
    }

    pub fn is_loaded(&self) -> bool {
        matches!(self, Self::Loaded(_))
    }

    /// The stored root, while the content is not read.
    pub fn root(&self) -> Option<&TreeRoot> {
        match self {
            Self::Stored(r) => Some(r),
            Self::Loaded(_) => None,
        }
    }
}

impl From<Value> for Content {
    fn from(v: Value) -> Self {
        Self::loaded(v)
    }
}

/// Loaded contents compare by value and stored ones by root; a loaded and
/// a stored one are never taken as equal, since that cannot be told
/// without reading.
impl PartialEq for Content {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Loaded(a), Self::Loaded(b)) => Arc::ptr_eq(a, b) || a == b,
            (Self::Stored(a), Self::Stored(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq<Value> for Content {
    fn eq(&self, other: &Value) -> bool {
        self.value() == Some(other)
    }
}

/// Written as the value itself (the workspace document and backup format
/// are unchanged). Content not read yet cannot be written: callers read it
/// first ([`crate::Workspace::to_json`] says which snapshot).
impl Serialize for Content {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Loaded(v) => v.serialize(s),
            Self::Stored(_) => Err(serde::ser::Error::custom(
                "a snapshot's content has not been read from storage",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Content {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::formats::exact_json::deserialize(d).map(Self::loaded)
    }
}

/// For `Option<Content>` fields: an absent field is `None`.
pub(crate) fn deserialize_option<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Content>, D::Error> {
    crate::formats::exact_json::deserialize_option(d).map(|v| v.map(Content::loaded))
}
