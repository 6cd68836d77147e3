//! One page per route (DESIGN.md section 3).

pub mod approve;
pub mod bench;
pub mod checklist;
pub mod checklists;
pub mod compare;
pub mod dashboard;
pub mod drift;
pub mod environment;
pub mod environments;
pub mod history;
pub mod not_found;
pub mod promote;
pub mod settings;
