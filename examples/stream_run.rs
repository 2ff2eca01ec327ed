//! Stream a run: the reply's words as they come, the tool calls, the end.
//!
//! `cargo run --example stream_run` (see `examples/common/mod.rs` for a real account).

#![allow(clippy::print_stdout)] // an example shows what it did on stdout

mod common;

use futures_util::StreamExt;
use std::io::Write;

use epsimo::{RunEnd, RunEvent};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let c = common::connect().await?;
    let project = common::project(&c.client).await?;
    let assistant = project.create_assistant(common::notes_assistant()).await?;

    let mut run = project
        .run(&assistant.assistant_id, None, "Hello, what can you do?")
        .await?;
    println!("thread {}", run.thread_id());
    let mut words = 0;
    while let Some(event) = run.next().await {
        match event {
            RunEvent::Token { text, .. } => {
                words += 1;
                print!("{text}");
                std::io::stdout().flush()?;
            }
            RunEvent::ToolCall { name, args, .. } => println!("\n[calls {name} {args}]"),
            RunEvent::ToolResult { content, .. } => println!("[result: {content}]"),
            _ => {}
        }
    }
    println!();
    match run.finish().await? {
        RunEnd::Done => println!("done ({words} pieces of text)"),
        RunEnd::Paused { calls } => println!("paused before {} tool call(s)", calls.len()),
    }
    assert!(words > 0, "the reply streamed");
    c.done().await;
    Ok(())
}
