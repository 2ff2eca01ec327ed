//! What the client and the emulator share about the platform: the catalogue of what a
//! run accepts (bot types, model families, tools and their literals, read from the
//! server's own `GET /runs/config_schema`), the assistant payload, the wire models,
//! the thread state as the Virtual Database, and the rules both sides apply (which
//! hosts are loopback, which names hold secrets). It depends on nothing else in the
//! crate but `util`: the client, the front-ends and the emulator depend on it.

pub mod assistant;
pub mod catalog;
pub mod library;
pub mod models;
pub mod public;
pub mod rules;
pub mod state;

pub use catalog::Catalog;
