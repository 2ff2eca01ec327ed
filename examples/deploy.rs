//! Deploy a manifest: plan, apply, and plan again (nothing left to do).
//!
//! `cargo run --example deploy` (see `examples/common/mod.rs` for a real account).

#![allow(clippy::print_stdout)] // an example shows what it did on stdout

mod common;

use epsimo::Action;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let c = common::connect().await?;
    let project = common::project(&c.client).await?;
    let dir = tempfile::tempdir()?;
    let manifest = dir.path().join("epsimo.yaml");
    std::fs::write(
        &manifest,
        format!(
            "project_id: {}\nname: example\nassistants:\n  - name: Notes\n    instructions: Keep the user's notes.\n    tools:\n      - use: database_sync\n",
            project.id()
        ),
    )?;

    let plan = project.deploy_plan(&manifest, false).await?;
    for change in &plan.changes {
        println!("{:?} {}", change.action, change.name);
    }
    let applied = project.deploy_apply(&plan).await?;
    for (what, why) in &applied.failed {
        eprintln!("{what} failed: {why} (fix: {:?})", why.fix());
    }
    println!("applied: {}", applied.applied.join(", "));

    let again = project.deploy_plan(&manifest, false).await?;
    assert!(!again.pending(), "a second plan has nothing to do");
    assert!(again.changes.iter().all(|c| c.action == Action::Unchanged));
    println!("up to date: {}", applied.ids.len());
    c.done().await;
    Ok(())
}
