//! Reusable pieces of the shell, one component per file.

pub mod change_list;
pub mod checklist_summary;
pub mod config_editor;
pub mod config_import;
pub mod confirm_dialog;
pub mod conflict_resolver;
pub mod empty_state;
pub mod environment_row;
pub mod gate_panel;
pub mod link;
pub mod nav_bar;
pub mod out_of_sync_banner;
pub mod patterns_editor;
pub mod pipeline_strip;
pub mod progress_bar;
pub mod promote_now_dialog;
pub mod snapshot_panel;
pub mod storage_banner;
pub mod structural_diff;
pub mod text_diff;
pub mod theme_toggle;
pub mod tri_checkbox;
pub mod update_banner;
pub mod value_text;
pub mod virtual_list;
pub mod workspace_backup;
