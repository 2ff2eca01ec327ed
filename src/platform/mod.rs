//! The typed platform layer: one function per operation of the platform's API
//! (`projects::list`, `assistants::get`, `threads::state`, ...), returning the
//! contract's models wrapped in [`Wire`] so nothing the server sends is lost, and
//! the domain helpers every front-end needs (which assistant a conversation talks
//! to, the thread it continues, a thread's Virtual Database).
//!
//! Front-ends (the commands, `chat`, completion, and later an MCP server or a test
//! runner) call this layer; it stands on the HTTP client ([`crate::api`]), the
//! streamed turn ([`crate::stream`]) and the [`crate::contract`], and prints
//! nothing: what happens on the way is reported to the client's observer.

pub mod account;
pub mod assistants;
pub mod db;
pub mod db_stream;
pub mod emulator_admin;
pub mod export;
pub mod files;
pub mod projects;
pub mod public;
pub mod resolve;
pub mod threads;
pub mod tools;

pub use crate::contract::models::{Assistant, Project, Thread, ThreadInfo, Wire};

use crate::api::Auth;

/// The credential a project's resources are reached with.
fn project(pid: &str) -> Auth {
    Auth::Project(pid.to_string())
}
