//! `epsimo whoami`: the account and its thread usage.

use serde_json::json;

use super::Ctx;
use crate::error::Result;
use crate::platform::account;

pub async fn run(ctx: &Ctx) -> Result<()> {
    let api = ctx.api()?;
    let spinner = ctx.printer.spinner("Fetching account…");
    let info = account::thread_info(&api).await?;
    drop(spinner);
    if ctx.printer.json {
        return ctx.printer.json(&json!({
            "email": info.email,
            "user_id": info.user_id,
            "thread_counter": info.thread_counter,
            "thread_max": info.thread_max,
            "threads_remaining": info.remaining(),
            "subscription_tier": info.subscription_tier,
            "api_url": crate::util::redact_url(api.base_url()),
        }));
    }
    let mut pairs = vec![
        (
            "Logged in as",
            info.email.clone().unwrap_or_else(|| "?".into()),
        ),
        (
            "Threads Used",
            format!("{}/{}", info.thread_counter, info.thread_max),
        ),
    ];
    if let Some(tier) = &info.subscription_tier {
        pairs.push(("Tier", tier.clone()));
    }
    pairs.push(("API", crate::util::redact_url(api.base_url())));
    ctx.printer.record(&pairs)
}
