//! # Preflight, the app
//!
//! A thin Leptos shell over `preflight-core`: [`app`] holds the router,
//! [`pages`] one page per route, [`components`] the shared pieces,
//! [`store`] the workspace signal and [`storage`] the one storage adapter.
//! The binary (`main.rs`) only mounts [`app::App`]; the library form exists
//! so that the browser tests in `tests/` can reach the adapter.

pub mod app;
pub mod browser;
pub mod components;
pub mod env_pair;
pub mod heap_probe;
pub mod hosting;
pub mod idb;
pub mod offline;
pub mod pages;
pub mod signer;
pub mod storage;
pub mod store;
pub mod today;
