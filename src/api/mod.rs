//! The HTTP layer: client, models, error mapping, retry policy and token handling.

pub mod body;
pub mod call;
pub mod client;
pub mod error;
pub mod events;
pub mod limit;
pub mod retry;
pub mod schema;
pub mod session;
pub mod token;

/// The assistant payload and the wire models belong to the contract; these paths
/// are kept for the code that reaches them through the API layer.
pub use crate::contract::{assistant, models};
pub use client::{Api, Auth, Call, Options, Payload, TokenSource, item_path};
