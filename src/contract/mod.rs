//! What the client and the emulator share about the platform: the catalogue of what a
//! run accepts (bot types, model families, tools and their literals), read from the
//! server's own `GET /runs/config_schema`.

pub mod catalog;

pub use catalog::{Catalog, ToolModel};
