//! Accounts: sign-up, login, the thread allowance, the emulated checkout.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Res, S};
use crate::contract::models::{Credentials, ThreadInfo};
use crate::emulator::http::{ErrorReply, JsonBody, ok, user};
use crate::emulator::tokens;

pub(super) fn valid_email(email: &str) -> bool {
    let mut parts = email.split('@');
    matches!((parts.next(), parts.next(), parts.next()),
        (Some(l), Some(d), None) if !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub(super) async fn signup(State(s): S, JsonBody(body): JsonBody<Credentials>) -> Res {
    if !valid_email(&body.email) {
        return Err(ErrorReply::bad_request("Invalid email address"));
    }
    if body.password.chars().count() < 8 {
        return Err(ErrorReply::bad_request(
            "Password must be at least 8 characters long",
        ));
    }
    let user = {
        let mut db = s.db.lock().unwrap();
        if db.user_by_email(&body.email).is_some() {
            return Err(ErrorReply::bad_request("User already exists"));
        }
        let mut user = db.add_user(&body.email, &body.password);
        user.thread_max = s.cfg.thread_max;
        db.users.insert(user.user_id.clone(), user.clone());
        user
    };
    s.persist().await;
    Ok(ok(json!({
        "user_id": user.user_id,
        "email": user.email,
        "message": "User created successfully",
    })))
}

pub(super) async fn login(State(s): S, JsonBody(body): JsonBody<Credentials>) -> Res {
    let db = s.db.lock().unwrap();
    let user = db
        .user_by_email(&body.email)
        .filter(|u| {
            crate::emulator::state::hash_password(&u.salt, &body.password) == u.password_hash
        })
        .ok_or_else(|| ErrorReply::unauthorized("Incorrect email or password"))?;
    let token = tokens::issue(
        &db.secret,
        &user.user_id,
        &user.email,
        None,
        s.cfg.token_ttl,
    );
    Ok(ok(json!({
        "access_token": token,
        "token": token,
        "jwt_token": token,
        "token_type": "bearer",
        "expires_in": s.cfg.token_ttl,
    })))
}

pub(super) async fn thread_info(State(s): S, headers: HeaderMap) -> Res {
    let c = user(&s, &headers)?;
    let db = s.db.lock().unwrap();
    let u = db
        .users
        .get(&c.sub)
        .ok_or_else(|| ErrorReply::unauthorized("User no longer exists"))?;
    let info = ThreadInfo {
        email: Some(u.email.clone()),
        user_id: Some(u.user_id.clone()),
        thread_counter: u.thread_counter,
        thread_max: u.thread_max,
        subscription_tier: Some(u.subscription_tier.clone()),
    };
    Ok(ok(serde_json::to_value(info).unwrap_or(Value::Null)))
}

#[derive(Deserialize)]
pub(super) struct CheckoutBody {
    quantity: i64,
    #[serde(default)]
    total_amount: Option<f64>,
}

pub(super) async fn checkout(
    State(s): S,
    headers: HeaderMap,
    JsonBody(body): JsonBody<CheckoutBody>,
) -> Res {
    user(&s, &headers)?;
    // The platform's limit on one purchase (its guide: 1 to 100,000 credits).
    let range = crate::contract::rules::PURCHASE;
    if !range.contains(&body.quantity) {
        return Err(ErrorReply::invalid(
            "value_error",
            json!(["body", "quantity"]),
            format!(
                "quantity must be between {} and {}",
                range.start(),
                range.end()
            ),
            json!(body.quantity),
        ));
    }
    let session_id = format!("cs_emulated_{}", uuid::Uuid::new_v4().simple());
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    Ok(ok(json!({
        "url": format!("http://{host}/checkout/emulated/{session_id}"),
        "session_id": session_id,
        "quantity": body.quantity,
        "total_amount": crate::pricing::total_eur(body.quantity),
        "requested_amount": body.total_amount,
        "currency": "eur",
    })))
}

pub(super) async fn checkout_page(Path(session_id): Path<String>) -> Response {
    let id: String = session_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    Html(format!(
        "<!doctype html><title>Emulated checkout</title><h1>Emulated checkout {id}</h1>\
         <p>This is the Epsimo emulator: no payment is taken and no credits are added.</p>"
    ))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        assert!(valid_email("a@b.co"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("@b.co"));
        assert!(!valid_email("a b@c.de"));
        assert!(!valid_email("a@@c.de"));
    }
}
