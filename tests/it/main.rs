//! The integration tests, one binary (one link instead of one per file): each
//! module runs the real binary or the in-process emulator; `common` is the harness.

mod common;

mod account_rules;
mod architecture;
mod cli_auth;
mod cli_deploy;
mod cli_projects;
mod cli_prompt;
mod cli_resources;
mod completions;
mod conformance;
mod docs;
mod emulator_cli;
mod emulator_data;
mod emulator_http;
mod emulator_model;
mod emulator_retrieval;
mod emulator_stream;
mod fidelity;
mod fuzz;
mod hostile;
mod keychain;
mod library;
mod mcp;
mod platform_examples;
mod public_access;
mod ratelimit;
mod reliability;
mod snapshots;
mod testing;
mod threads_export;
mod ui;
