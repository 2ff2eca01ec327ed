//! Streaming, in one home: the SSE reader (`sse`), the peeks at the wire that keep
//! reading cheap (`wire`), the accumulator that turns cumulative events into new
//! text, tool calls and complete messages (`accumulator`), what those mean to a
//! front-end (`events`), and the turn loop with its deadlines (`turn`). It stands on
//! the HTTP client and the contract; front-ends supply a `turn::Sink`.

pub mod accumulator;
pub mod collect;
pub mod error;
pub mod events;
pub mod sse;
pub mod turn;
mod wire;
