//! Fault injection and the request log, under `/_emulator/` (only with `--faults`),
//! plus the middleware every request passes: body size cap, logging, faults, and
//! JSON bodies on the router's own 404/405 answers.
//!
//! A fault (`POST /_emulator/faults`) matches requests by method and path (a trailing
//! `*` matches any rest) and applies to the next `times` of them (0 = forever):
//!
//! ```json
//! {"method": "GET", "path": "/projects/", "times": 2,
//!  "action": "status", "status": 503, "retry_after": "1"}
//! ```
//!
//! Actions: `status` (with optional `retry_after`, `body`, `content_type`), `delay`
//! (`ms`, then the request is served), `hold` (the request is served, then its
//! answer waits `ms`), `drop` (headers, part of a body, then the
//! connection is cut), `malformed` (200 with broken JSON), `empty` (200, no body),
//! `cut_stream` (an SSE stream stops after `after_events` events), `sse_error` (an
//! `error` event after `after_events`), `pings_only` (a stream that only pings).

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::http::{ErrorReply, json_response, ok, parse_body};
use super::{Shared, tokens};
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Status {
        status: u16,
        #[serde(default)]
        retry_after: Option<String>,
        #[serde(default)]
        body: Option<String>,
        #[serde(default)]
        content_type: Option<String>,
    },
    Delay {
        ms: u64,
    },
    /// Serves the request, then holds its answer back `ms` before sending it: a
    /// read that answers after what was asked later.
    Hold {
        ms: u64,
    },
    Drop,
    Malformed,
    Empty,
    CutStream {
        after_events: usize,
    },
    SseError {
        #[serde(default)]
        after_events: usize,
    },
    PingsOnly,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fault {
    #[serde(default)]
    pub id: u64,
    #[serde(default)]
    pub method: Option<String>,
    pub path: String,
    /// How many matching requests it applies to; 0 = every one.
    #[serde(default = "one")]
    pub times: u32,
    #[serde(flatten)]
    pub action: Action,
}

fn one() -> u32 {
    1
}

impl Fault {
    fn matches(&self, method: &Method, path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()));
        let path_ok = match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => self.path == path,
        };
        method_ok && path_ok
    }
}

#[derive(Debug, Default)]
pub struct Admin {
    faults: Mutex<Vec<Fault>>,
    next_id: Mutex<u64>,
    log: Mutex<Log>,
}

/// The request log: entries, oldest first, with their sizes.
#[derive(Debug, Default)]
struct Log {
    entries: std::collections::VecDeque<(Value, usize)>,
    bytes: usize,
    /// How many entries were ever recorded (the newest's number is this minus 1).
    recorded: u64,
}

/// Most requests kept in the log, and most bytes (the oldest go first).
const LOG_CAP: usize = 10_000;
const LOG_BYTES: usize = 32 * 1024 * 1024;

impl Admin {
    pub fn add(&self, mut fault: Fault) -> u64 {
        let mut id = self.next_id.lock().unwrap();
        *id += 1;
        fault.id = *id;
        self.faults.lock().unwrap().push(fault);
        *id
    }

    /// The first fault matching the request, counted down (and removed when spent).
    pub fn take(&self, method: &Method, path: &str) -> Option<Action> {
        let mut faults = self.faults.lock().unwrap();
        let pos = faults.iter().position(|f| f.matches(method, path))?;
        let action = faults[pos].action.clone();
        match faults[pos].times {
            0 => {}
            1 => {
                faults.remove(pos);
            }
            _ => faults[pos].times -= 1,
        }
        Some(action)
    }

    /// Records a request as it arrives; the number it returns finds it again.
    fn record(&self, entry: Value) -> u64 {
        let size = entry.to_string().len();
        let mut log = self.log.lock().unwrap();
        log.bytes += size;
        log.entries.push_back((entry, size));
        log.recorded += 1;
        let number = log.recorded - 1;
        while log.entries.len() > LOG_CAP || (log.bytes > LOG_BYTES && log.entries.len() > 1) {
            if let Some((_, s)) = log.entries.pop_front() {
                log.bytes -= s;
            }
        }
        number
    }

    /// Notes how the request recorded as `number` was answered (if still kept):
    /// its status, and the milliseconds to the answer's headers (a stream's body
    /// comes later).
    fn answered(&self, number: u64, status: u16, took: std::time::Duration) {
        let mut log = self.log.lock().unwrap();
        let oldest = log.recorded - log.entries.len() as u64;
        if let Some(i) = number.checked_sub(oldest)
            && let Some((e, _)) = log.entries.get_mut(i as usize)
        {
            e["status"] = json!(status);
            e["duration_ms"] = json!((took.as_secs_f64() * 1000.0 * 10.0).round() / 10.0);
        }
    }
}

/// A fault for the SSE handler to apply, passed through request extensions.
#[derive(Debug, Clone)]
pub struct StreamFault(pub Action);

/// A request's `Host` names loopback (or the `--host` the emulator was told to
/// serve); a missing `Host` (HTTP/1.0) is let through.
fn host_allowed(shared: &Shared, host: Option<&HeaderValue>) -> bool {
    let Some(host) = host.and_then(|h| h.to_str().ok()) else {
        return host.is_none();
    };
    let Ok(url) = url::Url::parse(&format!("http://{host}/")) else {
        return false;
    };
    crate::contract::rules::is_loopback(&url)
        || shared
            .cfg
            .allowed_host
            .as_deref()
            .is_some_and(|h| url.host_str() == Some(h))
}

/// How long a request body may take to arrive in all, and between two pieces.
pub const BODY_DEADLINE: Duration = Duration::from_secs(60);
pub const BODY_IDLE: Duration = Duration::from_secs(10);

/// Reads a request body within the size limit and its deadlines. Bodies in memory at
/// once are bounded: each holds a reservation of the bytes it has actually brought
/// (not of what it might), so clients trickling bodies byte by byte hold next to
/// nothing, and each is cut off when a piece is late.
async fn read_body(
    shared: &Arc<Shared>,
    body: Body,
) -> Result<(bytes::Bytes, Vec<tokio::sync::OwnedSemaphorePermit>), Box<Response>> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut buf = bytes::BytesMut::new();
    let mut held = Vec::new();
    let mut held_kib = 0usize;
    let deadline = tokio::time::Instant::now() + BODY_DEADLINE;
    let late = || {
        Box::new(
            ErrorReply::new(
                StatusCode::REQUEST_TIMEOUT,
                "The request body did not arrive in time",
            )
            .into_response(),
        )
    };
    loop {
        let until = deadline.min(tokio::time::Instant::now() + BODY_IDLE);
        let piece = match tokio::time::timeout_at(until, stream.next()).await {
            Err(_) => return Err(late()),
            Ok(None) => break,
            Ok(Some(Ok(p))) => p,
            // A body that is not valid HTTP (a malformed chunk) is the client's
            // mistake, 400.
            Ok(Some(Err(_))) => {
                return Err(Box::new(
                    ErrorReply::bad_request("The request body could not be read").into_response(),
                ));
            }
        };
        if buf.len() + piece.len() > shared.cfg.max_body {
            return Err(Box::new(
                ErrorReply::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("Request body larger than {} bytes", shared.cfg.max_body),
                )
                .into_response(),
            ));
        }
        buf.extend_from_slice(&piece);
        let need = buf.len().div_ceil(1024).min(super::BODY_BUDGET_KIB);
        if need > held_kib {
            let more = (need - held_kib) as u32;
            let permit = tokio::time::timeout_at(
                deadline,
                shared.body_budget.clone().acquire_many_owned(more),
            )
            .await;
            match permit {
                Err(_) => return Err(late()),
                Ok(Err(_)) => {
                    return Err(Box::new(
                        ErrorReply::new(StatusCode::SERVICE_UNAVAILABLE, "Shutting down")
                            .into_response(),
                    ));
                }
                Ok(Ok(p)) => held.push(p),
            }
            held_kib = need;
        }
    }
    // The reservation is kept until the request is answered.
    Ok((buf.freeze(), held))
}

/// The middleware in front of every route.
pub async fn middleware(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let (bytes, _reserved) = match read_body(&shared, body).await {
        Ok(b) => b,
        Err(resp) => return *resp,
    };
    let path = parts.uri.path().to_string();
    // A verification link is opened from an e-mail: its code is its secret.
    let admin_path = path.starts_with("/_emulator/") && !path.starts_with("/_emulator/verify/");
    // DNS rebinding: a page whose name resolves to 127.0.0.1 sends its own name.
    if !host_allowed(&shared, parts.headers.get(header::HOST)) {
        return ErrorReply::new(StatusCode::FORBIDDEN, "Host not allowed").into_response();
    }
    if admin_path && shared.cfg.faults {
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if given != Some(shared.admin_token.as_str()) {
            return ErrorReply::unauthorized(
                "the admin endpoints need the admin token the emulator printed at start (Authorization: Bearer TOKEN)",
            )
            .into_response();
        }
    }
    // Logged as it arrives (a test may act while it is in flight), then with how it
    // was answered (tests count 429s).
    let logged = (shared.cfg.faults && !admin_path && parts.method != Method::OPTIONS)
        .then(|| shared.admin.record(log_entry(&shared, &parts, &bytes)));
    let started = std::time::Instant::now();
    let resp = answer(&shared, parts, bytes, &path, admin_path, next).await;
    if let Some(number) = logged {
        shared
            .admin
            .answered(number, resp.status().as_u16(), started.elapsed());
    }
    resp
}

/// The answer: an injected fault when one matches, else the route's.
async fn answer(
    shared: &Arc<Shared>,
    parts: axum::http::request::Parts,
    bytes: bytes::Bytes,
    path: &str,
    admin_path: bool,
    next: Next,
) -> Response {
    let mut stream_fault = None;
    let mut hold = None;
    if shared.cfg.faults && !admin_path {
        match shared.admin.take(&parts.method, path) {
            None => {}
            Some(Action::Status {
                status,
                retry_after,
                body,
                content_type,
            }) => {
                let status =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let mut resp = match body {
                    Some(b) => (status, b).into_response(),
                    None => ErrorReply::new(
                        status,
                        status.canonical_reason().unwrap_or("Injected fault"),
                    )
                    .into_response(),
                };
                if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
                    resp.headers_mut().insert(header::CONTENT_TYPE, ct);
                }
                if let Some(ra) = retry_after.and_then(|r| HeaderValue::from_str(&r).ok()) {
                    resp.headers_mut().insert(header::RETRY_AFTER, ra);
                }
                return resp;
            }
            Some(Action::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
            Some(Action::Hold { ms }) => hold = Some(Duration::from_millis(ms)),
            Some(Action::Drop) => {
                // Headers and part of a body go out (the pause lets them be flushed),
                // then the body fails and the connection is cut.
                let body =
                    Body::from_stream(futures_util::stream::unfold(0u8, |step| async move {
                        match step {
                            0 => Some((
                                Ok(bytes::Bytes::from_static(
                                    b"{\"detail\": \"the connection is about to be cut",
                                )),
                                1,
                            )),
                            1 => {
                                tokio::time::sleep(Duration::from_millis(50)).await;
                                Some((
                                    Err(std::io::Error::new(
                                        std::io::ErrorKind::ConnectionReset,
                                        "injected drop",
                                    )),
                                    2,
                                ))
                            }
                            _ => None,
                        }
                    }));
                let mut resp = Response::new(body);
                resp.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                return resp;
            }
            Some(Action::Malformed) => {
                let mut resp = (StatusCode::OK, "{\"detail\": [1, 2,").into_response();
                resp.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                return resp;
            }
            Some(Action::Empty) => {
                let mut resp = StatusCode::OK.into_response();
                resp.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                return resp;
            }
            Some(a @ (Action::CutStream { .. } | Action::SseError { .. } | Action::PingsOnly)) => {
                stream_fault = Some(StreamFault(a));
            }
        }
    }
    let mut req = Request::from_parts(parts, Body::from(bytes));
    if let Some(f) = stream_fault {
        req.extensions_mut().insert(f);
    }
    let resp = next.run(req).await;
    if let Some(d) = hold {
        tokio::time::sleep(d).await;
    }
    jsonify_bare_errors(resp)
}

/// The router's own 404 and 405 come without a body; the real server sends
/// `{"detail": "Not Found"}` and `{"detail": "Method Not Allowed"}` (keeping `allow`).
fn jsonify_bare_errors(resp: Response) -> Response {
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error())
        || resp.headers().contains_key(header::CONTENT_TYPE)
    {
        return resp;
    }
    let (mut parts, _) = resp.into_parts();
    let body = json!({"detail": status.canonical_reason().unwrap_or("Error")}).to_string();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

fn log_entry(shared: &Shared, parts: &axum::http::request::Parts, body: &[u8]) -> Value {
    let mut headers = serde_json::Map::new();
    let mut auth_scope = "none".to_string();
    for (name, value) in &parts.headers {
        let v = value.to_str().unwrap_or("<binary>");
        if name == header::AUTHORIZATION && v.starts_with("Bearer ") {
            let secret = shared.db.lock().unwrap().secret.clone();
            let token = v.strip_prefix("Bearer ").unwrap_or(v);
            auth_scope = match tokens::verify(&secret, token) {
                Ok(c) => c.scope,
                Err(tokens::TokenError::Expired) => "expired".into(),
                Err(tokens::TokenError::Invalid) => "invalid".into(),
            };
            headers.insert(name.to_string(), json!("[redacted]"));
        } else if crate::contract::rules::is_secret_name(name.as_str()) {
            headers.insert(name.to_string(), json!("[redacted]"));
        } else {
            headers.insert(name.to_string(), json!(v));
        }
    }
    // The log holds at most LOG_CAP entries: a large body is noted, not kept.
    let body_view = if body.is_empty() {
        Value::Null
    } else if body.len() > 64 * 1024 {
        json!(format!("<{} bytes>", body.len()))
    } else if let Ok(v) = serde_json::from_slice::<Value>(body) {
        crate::contract::rules::redact(&v)
    } else if let Ok(text) = std::str::from_utf8(body) {
        if text.len() > 4096 {
            json!(format!("<{} bytes of text>", text.len()))
        } else {
            json!(text)
        }
    } else {
        json!(format!("<{} bytes>", body.len()))
    };
    json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query(),
        "headers": headers,
        "auth_scope": auth_scope,
        "body": body_view,
        "at": super::state::now_iso(),
    })
}

// ---- the admin endpoints ---------------------------------------------------------

pub async fn add_fault(State(shared): State<Arc<Shared>>, body: bytes::Bytes) -> Response {
    let value: Value = match parse_body(&body) {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let items = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    let mut ids = Vec::new();
    for item in items {
        match serde_json::from_value::<Fault>(item.clone()) {
            Ok(f) => ids.push(shared.admin.add(f)),
            Err(e) => {
                return ErrorReply::invalid("value_error", json!(["body"]), e.to_string(), item)
                    .into_response();
            }
        }
    }
    ok(json!({"ids": ids}))
}

pub async fn list_faults(State(shared): State<Arc<Shared>>) -> Response {
    let faults = shared.admin.faults.lock().unwrap().clone();
    ok(serde_json::to_value(faults).unwrap_or(Value::Null))
}

pub async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.admin.faults.lock().unwrap().clear();
    ok(json!({"status": "ok"}))
}

pub async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    let log: Vec<Value> = shared
        .admin
        .log
        .lock()
        .unwrap()
        .entries
        .iter()
        .map(|(e, _)| e.clone())
        .collect();
    json_response(StatusCode::OK, &Value::Array(log))
}

pub async fn clear_requests(State(shared): State<Arc<Shared>>) -> Response {
    *shared.admin.log.lock().unwrap() = Log::default();
    ok(json!({"status": "ok"}))
}

/// `GET /_emulator/export`: every record, as `epsimo emulator export` writes it.
pub async fn export(State(shared): State<Arc<Shared>>) -> Response {
    let bundle = shared.db.lock().unwrap().bundle();
    ok(serde_json::to_value(bundle).unwrap_or_default())
}

/// `emulator start`'s request log on stderr, one line per request: method, path,
/// status and the time to the answer's headers (a stream's body comes later).
pub async fn log(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if !shared.cfg.log_requests {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = std::time::Instant::now();
    let resp = next.run(req).await;
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "{method} {path} {} {} ms\n",
            resp.status().as_u16(),
            started.elapsed().as_millis()
        )
        .as_bytes(),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_match_count_down_and_expire() {
        let admin = Admin::default();
        let fault: Fault = serde_json::from_value(json!({
            "method": "GET", "path": "/projects/*", "times": 2,
            "action": "status", "status": 503, "retry_after": "1"
        }))
        .unwrap();
        admin.add(fault);
        assert!(admin.take(&Method::POST, "/projects/").is_none());
        assert!(admin.take(&Method::GET, "/threads/").is_none());
        assert!(matches!(
            admin.take(&Method::GET, "/projects/x"),
            Some(Action::Status { status: 503, .. })
        ));
        assert!(admin.take(&Method::GET, "/projects/").is_some());
        assert!(admin.take(&Method::GET, "/projects/").is_none());
        let forever: Fault =
            serde_json::from_value(json!({"path": "/x", "times": 0, "action": "drop"})).unwrap();
        admin.add(forever);
        for _ in 0..5 {
            assert_eq!(admin.take(&Method::PUT, "/x"), Some(Action::Drop));
        }
    }

    #[test]
    fn the_request_log_is_bounded_in_bytes_too() {
        let admin = Admin::default();
        let big = "x".repeat(1024 * 1024);
        for i in 0..50 {
            admin.record(json!({"i": i, "body": big}));
        }
        let log = admin.log.lock().unwrap();
        assert!(log.bytes <= LOG_BYTES, "{}", log.bytes);
        assert!(log.entries.len() < 50);
        assert_eq!(log.entries.back().unwrap().0["i"], 49, "the newest stay");
    }
}
