//! The HTTP layer: what a call is, the client that sends it (session and tokens,
//! retries, the rate limiter, error mapping), bodies, events and the schema cache.

pub mod body;
pub mod call;
pub mod client;
pub mod error;
pub mod events;
pub mod limit;
pub mod retry;
pub mod schema;
pub mod token;

pub use client::{Api, Auth, Call, LoginResult, Options, Payload, TokenSource, item_path};
