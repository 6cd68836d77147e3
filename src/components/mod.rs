//! Reusable pieces of the shell, one component per file.

pub mod checklist_summary;
pub mod confirm_dialog;
pub mod empty_state;
pub mod environment_row;
pub mod nav_bar;
pub mod pipeline_strip;
pub mod progress_bar;
pub mod storage_banner;
pub mod theme_toggle;
