//! The signed-in account: its thread allowance and the credit checkout.

use serde_json::{Value, json};

use super::ThreadInfo;
use crate::api::{Api, Auth, Call};
use crate::error::{CliError, Result};

/// Creates an account (`POST /auth/signup`); signing in is the client's
/// [`Api::login`]. Answers the server's `message`, if it sent one (the platform
/// sends a verification e-mail at sign-up).
pub async fn signup(api: &Api, email: &str, password: &str) -> Result<Option<String>> {
    let call = Call::post(
        "/auth/signup",
        Auth::None,
        json!({"email": email, "password": password}),
    );
    let answer = api.empty(&call).await?;
    Ok(answer
        .get("message")
        .and_then(Value::as_str)
        .map(str::to_string))
}

/// [`thread_info`] with a token given for this call (checked before it is stored).
pub async fn thread_info_with(api: &Api, token: &str) -> Result<ThreadInfo> {
    api.json(&Call::get(
        "/auth/thread-info",
        Auth::Given(token.to_string()),
    ))
    .await
}

/// `GET /auth/thread-info`: who is signed in and how many threads are left.
pub async fn thread_info(api: &Api) -> Result<ThreadInfo> {
    api.json(&Call::get("/auth/thread-info", Auth::User)).await
}

/// A checkout session for `quantity` thread credits.
#[derive(Debug, Clone)]
pub struct Checkout {
    pub url: String,
    pub session_id: Option<Value>,
}

/// Opens a checkout session; its URL is where the purchase is completed.
/// A purchase's quantity by the platform's limit (1 to 100,000 credits): exit 5.
pub fn check_quantity(quantity: i64) -> Result<()> {
    let range = crate::contract::rules::PURCHASE;
    if range.contains(&quantity) {
        return Ok(());
    }
    Err(crate::error::CliError::new(
        crate::error::Exit::Invalid,
        format!(
            "a purchase is {} to {} credits; {quantity} is not",
            range.start(),
            range.end()
        ),
    )
    .with_hint("nothing was sent"))
}

pub async fn checkout(api: &Api, quantity: i64, total_eur: f64) -> Result<Checkout> {
    check_quantity(quantity)?;
    let session: Value = api
        .json(&Call::post(
            "/checkout/create-checkout-session",
            Auth::User,
            json!({"quantity": quantity, "total_amount": total_eur}),
        ))
        .await?;
    let url = session
        .get("url")
        .and_then(Value::as_str)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .ok_or_else(|| CliError::failure("the checkout session has no URL"))?
        .to_string();
    Ok(Checkout {
        url,
        session_id: session.get("session_id").cloned(),
    })
}
