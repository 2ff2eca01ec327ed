//! Read and write a thread's Virtual Database.
//!
//! `cargo run --example database` (see `examples/common/mod.rs` for a real account).

#![allow(clippy::print_stdout)] // an example shows what it did on stdout

mod common;

use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let c = common::connect().await?;
    let project = common::project(&c.client).await?;
    let assistant = project.create_assistant(common::notes_assistant()).await?;
    let thread = project
        .create_thread(&assistant.assistant_id, Some("notes"))
        .await?;

    project
        .database_set(&thread.thread_id, "shopping", &json!(["milk", "bread"]))
        .await?;
    project
        .database_set(&thread.thread_id, "budget", &json!(20))
        .await?;

    let db = project.database(&thread.thread_id).await?;
    println!("{}", serde_json::to_string_pretty(&db)?);
    let budget = project.database_get(&thread.thread_id, "budget").await?;
    assert_eq!(budget, json!(20));

    match project.database_get(&thread.thread_id, "nothing").await {
        Err(e) if e.kind() == epsimo::ErrorKind::NotFound => println!("no key nothing: {e}"),
        other => panic!("a missing key is NotFound, not {other:?}"),
    }
    c.done().await;
    Ok(())
}
