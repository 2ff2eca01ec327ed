//! Log in, and see who you are and what the account holds.
//!
//! `cargo run --example login` (see `examples/common/mod.rs` for a real account).

#![allow(clippy::print_stdout)] // an example shows what it did on stdout

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let c = common::connect().await?;
    let me = c.client.credits().await?;
    println!(
        "logged in as {} ({} of {} thread credits left)",
        me.email.as_deref().unwrap_or("?"),
        me.remaining(),
        me.thread_max
    );
    for p in c.client.projects().list().await? {
        println!("project {} {}", p.project_id, p.name);
    }
    c.done().await;
    Ok(())
}
