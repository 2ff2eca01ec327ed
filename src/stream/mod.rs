//! Streaming, in one home: the SSE reader (`sse`), the accumulator that turns
//! cumulative events into new text, tool calls and complete messages
//! (`accumulator`), and the turn loop with its deadlines (`turn`). It stands on the
//! HTTP client and the contract; front-ends supply a `turn::Sink`.

pub mod accumulator;
pub mod sse;
pub mod turn;
