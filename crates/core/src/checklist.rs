//! Go-live checklists: timeframes counted back from a go-live date, items,
//! progress, and the production gate.
//!
//! (Being built: see issue 5.)

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The state of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
    NotApplicable,
    Blocked,
}

/// A named period counted from go-live, e.g. "Eight weeks before" is -56.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeframe {
    pub name: String,
    pub offset_days: i32,
}

/// One thing to do before go-live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub category: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub status: Status,
    /// Index into the checklist's timeframes.
    #[serde(default)]
    pub timeframe: usize,
    /// Set by hand; otherwise computed from the timeframe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_override: Option<Date>,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub gates_promotion: bool,
}

/// A go-live checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_live: Option<Date>,
    pub timeframes: Vec<Timeframe>,
    pub items: Vec<Item>,
}

impl Checklist {
    /// Share of items that are Done or N/A, from 0 to 100.
    pub fn percent_done(&self) -> u8 {
        if self.items.is_empty() {
            return 0;
        }
        let done = self
            .items
            .iter()
            .filter(|i| matches!(i.status, Status::Done | Status::NotApplicable))
            .count();
        (done * 100 / self.items.len()) as u8
    }
}
