//! Request plumbing shared by the handlers: JSON errors as the real server writes
//! them, a JSON body extractor that answers 422/413 instead of failing, and bearer
//! token checks.

use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::Shared;
use super::tokens::{self, Claims, TokenError};

/// An error response `{"detail": ...}`.
#[derive(Debug)]
pub struct ErrorReply {
    pub status: StatusCode,
    pub detail: Value,
}

impl ErrorReply {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        ErrorReply {
            status,
            detail: Value::String(detail.into()),
        }
    }
    pub fn not_found(what: &str) -> Self {
        ErrorReply::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        ErrorReply::new(StatusCode::FORBIDDEN, detail)
    }
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        ErrorReply::new(StatusCode::UNAUTHORIZED, detail)
    }
    pub fn bad_request(detail: impl Into<String>) -> Self {
        ErrorReply::new(StatusCode::BAD_REQUEST, detail)
    }
    /// An unhandled exception upstream: 500, `text/plain`, `Internal Server Error`
    /// (not JSON; fixtures 16, 20, 92b). What failed goes to the emulator's log.
    pub fn internal(why: &str) -> Self {
        super::explain(&format!("500 Internal Server Error: {why}"));
        ErrorReply {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            detail: Value::Null,
        }
    }
    /// A 422 with one pydantic-style validation error.
    pub fn invalid(kind: &str, loc: Value, msg: impl Into<String>, input: Value) -> Self {
        ErrorReply {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: json!([{"type": kind, "loc": loc, "msg": msg.into(), "input": input}]),
        }
    }
}

impl IntoResponse for ErrorReply {
    fn into_response(self) -> Response {
        if self.status == StatusCode::INTERNAL_SERVER_ERROR && self.detail.is_null() {
            let mut resp = (self.status, "Internal Server Error").into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            return resp;
        }
        json_response(self.status, &json!({"detail": self.detail}))
    }
}

/// A compact JSON response with `content-type: application/json`, as upstream sends.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

pub fn ok(body: Value) -> Response {
    json_response(StatusCode::OK, &body)
}

/// A JSON body, parsed leniently (any content type, like the real server) and
/// validated into `T`, with FastAPI-shaped 422 errors.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ErrorReply;

    async fn from_request(req: Request, state: &S) -> Result<Self, ErrorReply> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ErrorReply::new(e.status(), e.body_text()))?;
        parse_body(&bytes).map(JsonBody)
    }
}

pub fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ErrorReply> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        let offset = byte_offset(bytes, e.line(), e.column());
        ErrorReply {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: json!([{"type": "json_invalid", "loc": ["body", offset],
                "msg": "JSON decode error", "input": {}, "ctx": {"error": e.to_string()}}]),
        }
    })?;
    serde_json::from_value(value.clone()).map_err(|e| {
        let msg = e.to_string();
        if let Some(field) = msg
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            ErrorReply::invalid("missing", json!(["body", field]), "Field required", value)
        } else {
            ErrorReply::invalid("value_error", json!(["body"]), msg, value)
        }
    })
}

fn byte_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in bytes.split(|b| *b == b'\n').enumerate() {
        if i + 1 == line {
            return offset + column.saturating_sub(1);
        }
        offset += l.len() + 1;
    }
    bytes.len()
}

/// The token of an `Authorization: Bearer TOKEN` header: the scheme in any case and
/// the spaces around the token do not matter (RFC 7235), so one token is one token
/// whatever its spelling (the rate limit counts it once).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let raw = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = raw.split_once(char::is_whitespace)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    Some(rest.trim()).filter(|t| !t.is_empty())
}

/// The verified claims of the request's bearer token.
pub fn claims(shared: &Shared, headers: &HeaderMap) -> Result<Claims, ErrorReply> {
    let token =
        bearer_token(headers).ok_or_else(|| ErrorReply::unauthorized("Not authenticated"))?;
    let secret = shared.db.lock().unwrap().secret.clone();
    let claims = tokens::verify(&secret, token).map_err(|e| match e {
        TokenError::Expired => ErrorReply::unauthorized("Token has expired"),
        TokenError::Invalid => ErrorReply::unauthorized("Could not validate credentials"),
    })?;
    if !shared.db.lock().unwrap().users.contains_key(&claims.sub) {
        return Err(ErrorReply::unauthorized("User no longer exists"));
    }
    Ok(claims)
}

/// A user token's claims; a project token here is refused.
pub fn user(shared: &Shared, headers: &HeaderMap) -> Result<Claims, ErrorReply> {
    let c = claims(shared, headers)?;
    if c.scope != "user" {
        return Err(ErrorReply::forbidden(
            "This endpoint needs a user token (from /auth/login), not a project token",
        ));
    }
    Ok(c)
}

/// The project a project token opens; a user token here is refused.
pub fn project(shared: &Shared, headers: &HeaderMap) -> Result<(Claims, String), ErrorReply> {
    let c = claims(shared, headers)?;
    match (c.scope.as_str(), c.project_id.clone()) {
        ("project", Some(p)) => {
            if !shared.db.lock().unwrap().projects.contains_key(&p) {
                return Err(ErrorReply::not_found("Project"));
            }
            Ok((c, p))
        }
        _ => Err(ErrorReply::forbidden(
            "This endpoint needs a project token: get one from GET /projects/{project_id}",
        )),
    }
}
