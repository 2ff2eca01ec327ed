//! `epsimo credits`: balance and purchase.

use serde_json::json;

use super::Ctx;
use crate::cli::CreditsCommand;
use crate::error::Result;
use crate::pricing::{total_eur, unit_price_eur};

pub async fn run(cmd: CreditsCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        CreditsCommand::Balance => balance(ctx).await,
        CreditsCommand::Buy {
            quantity,
            yes,
            open,
        } => buy(ctx, quantity, yes, open).await,
    }
}

async fn balance(ctx: &Ctx) -> Result<()> {
    let info = ctx.client()?.credits().await?;
    if ctx.printer.json {
        return ctx.printer.json(&json!({
            "thread_counter": info.thread_counter,
            "thread_max": info.thread_max,
            "threads_remaining": info.remaining(),
            "subscription_tier": info.subscription_tier,
        }));
    }
    let mut pairs = vec![
        ("Threads Used", info.thread_counter.to_string()),
        ("Total Allowance", info.thread_max.to_string()),
        ("Threads Remaining", info.remaining().to_string()),
    ];
    if let Some(t) = &info.subscription_tier {
        pairs.push(("Tier", t.clone()));
    }
    ctx.printer.record(&pairs)
}

/// True when a browser can be shown.
fn has_display() -> bool {
    cfg!(target_os = "macos")
        || cfg!(windows)
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some()
}

async fn buy(ctx: &Ctx, quantity: i64, yes: bool, open: bool) -> Result<()> {
    crate::sdk::check_purchase(quantity)?;
    let total = total_eur(quantity);
    ctx.printer.status(&format!(
        "Estimated cost: {total:.2} EUR ({quantity} threads at {:.2} EUR each; the checkout shows the final price)",
        unit_price_eur(quantity)
    ));
    if !yes && !ctx.confirm(&format!("Open a checkout for {quantity} threads?"), "--yes")? {
        ctx.printer.status("Nothing bought.");
        return Ok(());
    }
    let session = ctx.client()?.checkout(quantity, total).await?;
    let url = session.url;
    if ctx.printer.json {
        ctx.printer.json(&json!({
            "url": url,
            "session_id": session.session_id,
            "quantity": quantity,
            "estimated_total_eur": total,
        }))?;
    } else {
        ctx.printer.status("Complete the purchase at:");
        ctx.printer.line(&crate::util::sanitize(&url))?;
    }
    if open {
        if has_display() {
            if let Err(e) = open::that_detached(&url) {
                ctx.printer.warn(&format!("could not open a browser: {e}"));
            }
        } else {
            ctx.printer
                .warn("no display to open a browser on; open the URL yourself");
        }
    }
    Ok(())
}
