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
        if s.cfg.require_verification {
            user.verification_code = Some(hex::encode(rand::random::<[u8; 16]>()));
        }
        db.users.insert(user.user_id.clone(), user.clone());
        if s.cfg.mode == crate::emulator::options::Mode::Platform {
            db.ensure_main(&user.user_id);
        }
        user
    };
    s.persist().await;
    let Some(code) = &user.verification_code else {
        return Ok(ok(json!({
            "user_id": user.user_id,
            "email": user.email,
            "message": "User created successfully",
        })));
    };
    // No mail leaves the emulator: the link is printed, and listed by /_emulator/mail.
    if s.cfg.log_requests {
        crate::say!(
            "verification e-mail to {}: open /_emulator/verify/{code} on this emulator",
            user.email
        );
    }
    Ok(ok(json!({
        "user_id": user.user_id,
        "email": user.email,
        "message": "User created. A verification e-mail was sent: open its link, then log in.",
    })))
}

/// `GET /_emulator/verify/{code}`: the verification link of a sign-up (the
/// emulator's own path; the platform's link was never recorded).
pub(super) async fn verify(State(s): S, Path(code): Path<String>) -> Res {
    let email = {
        let mut db = s.db.lock().unwrap();
        let user = db
            .users
            .values_mut()
            .find(|u| u.verification_code.as_deref() == Some(code.as_str()))
            .ok_or_else(|| ErrorReply::not_found("Verification link"))?;
        user.verification_code = None;
        user.email.clone()
    };
    s.persist().await;
    Ok(ok(
        json!({"email": email, "message": "E-mail verified: you can log in now."}),
    ))
}

/// `GET /_emulator/mail`: the verification e-mails not acted on yet, as a mail
/// catcher shows them (`[{"to", "subject", "link"}]`).
pub(super) async fn mail(State(s): S) -> Res {
    let db = s.db.lock().unwrap();
    let sent: Vec<Value> = db
        .users
        .values()
        .filter_map(|u| {
            let code = u.verification_code.as_ref()?;
            Some(json!({
                "to": u.email,
                "subject": "Verify your e-mail address",
                "link": format!("/_emulator/verify/{code}"),
            }))
        })
        .collect();
    Ok(ok(Value::Array(sent)))
}

pub(super) async fn login(State(s): S, JsonBody(body): JsonBody<Credentials>) -> Res {
    let db = s.db.lock().unwrap();
    let user = db
        .user_by_email(&body.email)
        .filter(|u| {
            crate::emulator::state::hash_password(&u.salt, &body.password) == u.password_hash
        })
        .ok_or_else(|| ErrorReply::unauthorized("Incorrect email or password"))?;
    if user.verification_code.is_some() {
        return Err(ErrorReply::forbidden(
            "Email not verified: open the link in the verification e-mail first",
        ));
    }
    let token = tokens::issue(
        &db.secret,
        &user.user_id,
        &user.email,
        None,
        s.cfg.token_ttl,
    );
    let mut answer = json!({
        "access_token": token,
        "token": token,
        "jwt_token": token,
        "token_type": "bearer",
        "expires_in": s.cfg.token_ttl,
    });
    if let (Some(agent), Some(thread)) = (&user.main_agent_id, &user.main_thread_id) {
        answer["main_agent_id"] = json!(agent);
        answer["main_thread_id"] = json!(thread);
    }
    Ok(ok(answer))
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
