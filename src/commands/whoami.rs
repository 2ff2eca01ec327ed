//! `epsimo whoami`: the account and its thread usage.

use serde_json::json;

use super::Ctx;
use crate::error::Result;

pub async fn run(ctx: &Ctx) -> Result<()> {
    let client = ctx.client()?;
    let spinner = ctx.printer.spinner("Fetching account…");
    let info = client.credits().await?;
    drop(spinner);
    let main = main_of(ctx, info.email.as_deref());
    if ctx.printer.json {
        return ctx.printer.json(&json!({
            "email": info.email,
            "user_id": info.user_id,
            "thread_counter": info.thread_counter,
            "thread_max": info.thread_max,
            "threads_remaining": info.remaining(),
            "subscription_tier": info.subscription_tier,
            "api_url": crate::util::redact_url(client.url()),
            "main_agent_id": main.0,
            "main_thread_id": main.1,
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
    if let Some(agent) = main.0 {
        pairs.push(("Main assistant", agent));
    }
    if let Some(thread) = main.1 {
        pairs.push(("Main thread", thread));
    }
    pairs.push(("API", crate::util::redact_url(client.url())));
    ctx.printer.record(&pairs)
}

/// The main assistant and thread the stored login was answered with, when the
/// account in use is that login's (not a token from the environment for another).
fn main_of(ctx: &Ctx, email: Option<&str>) -> (Option<String>, Option<String>) {
    if crate::env::env_token().is_some() {
        return (None, None);
    }
    let Ok(store) = ctx.credentials().and_then(|s| s.load()) else {
        return (None, None);
    };
    match store.profiles.get(&ctx.profile()) {
        Some(p) if p.email.as_deref() == email => {
            (p.main_agent_id.clone(), p.main_thread_id.clone())
        }
        _ => (None, None),
    }
}
