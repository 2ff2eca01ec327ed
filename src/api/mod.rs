//! The HTTP layer: client, models, error mapping, retry policy and token handling.

pub mod assistant;
pub mod client;
pub mod error;
pub mod models;
pub mod retry;
pub mod run;
pub mod schema;
pub mod sse;
pub mod token;

pub use client::{Api, Auth, Call, Options, Payload, TokenSource, item_path};
