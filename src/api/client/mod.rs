//! The one HTTP client of `epsimo`: sending a [`Call`] with the token its session
//! gives it (`session.rs`), retries with backoff, one transparent re-login on 401,
//! the slash-form fallback on 405, the request trace with secrets redacted (as
//! events for the front-end's observer), and every failure mapped to a [`CliError`].
//! What a call is lives in `call.rs`, how a body is read and parsed in `body.rs`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::{Method, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

pub use crate::api::body::{Body, parse_body, parse_json};
use crate::api::call::UNUSABLE_ID;
pub use crate::api::call::{Auth, Call, Payload, item_path};
use crate::api::error::{ApiError, message_from_body};
use crate::api::events::{Event, Observer, Silent};
use crate::api::retry::{RetryPolicy, retryable_status, server_wait};
mod session;

use crate::config::credentials::CredentialsFile;
use crate::error::{CliError, Exit, Remedy, Result};
use session::Session;
pub use session::{LoginResult, TokenSource};

pub use crate::contract::rules::{is_loopback, is_secret_name, redact};

pub use crate::contract::rules::DEFAULT_API_URL;

/// The largest response body accepted by default (`EPSIMO_MAX_RESPONSE_MB`).
pub const MAX_BODY_DEFAULT: usize = 128 * 1024 * 1024;

/// The wait before the one retry of a 500.
const QUICK_RETRY: Duration = Duration::from_millis(200);
pub const USER_AGENT: &str = concat!("epsimo/", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone)]
pub struct Options {
    pub base_url: String,
    pub allow_insecure_http: bool,
    pub verbose: bool,
    pub quiet: bool,
    pub profile: String,
    pub store: Option<CredentialsFile>,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// How long a non-streamed request may take in all, body included: a server that
    /// trickles a byte every few seconds never trips `read_timeout`.
    pub request_timeout: Duration,
    /// How long a streamed run may take in all.
    pub run_timeout: Duration,
    /// The largest response body accepted.
    pub max_body: usize,
    pub retry: RetryPolicy,
    /// `EPSIMO_MAX_RPS`: the most requests a second, on top of the server's limits.
    pub max_rps: Option<f64>,
    /// Where the client's events go (retries, re-logins, the trace, warnings).
    pub observer: Arc<dyn Observer>,
    /// Credentials the caller gave (a front-end reads them from its environment):
    /// they win over the store, and the transport itself reads no environment.
    pub given: Given,
    /// Where the server's schema is cached between processes (`None`: not cached).
    pub cache_dir: Option<std::path::PathBuf>,
    /// Pace requests with every other client of this API URL in the process (the
    /// command line's clients); else this client paces alone (a library's).
    pub shared_pacing: bool,
}

/// Credentials given to the client rather than stored.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// A user token and the name it was given under (`EPSIMO_TOKEN`, or the
    /// library's `Session::token`), for the messages about it.
    pub token: Option<(&'static str, String)>,
    /// An e-mail and password to log in with when no token works, and to log in
    /// again with once after a 401.
    pub login: Option<(String, String)>,
    /// A project token and the name it was given under, used for every
    /// project-scoped call.
    pub project_token: Option<(&'static str, String)>,
}

impl std::fmt::Debug for dyn Observer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Observer")
    }
}

impl Options {
    /// The defaults, with nothing read from the environment.
    pub fn new(base_url: String, profile: String, store: Option<CredentialsFile>) -> Self {
        Options {
            base_url,
            allow_insecure_http: false,
            verbose: false,
            quiet: false,
            profile,
            store,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(300),
            run_timeout: Duration::from_secs(1800),
            max_body: MAX_BODY_DEFAULT,
            retry: RetryPolicy::default(),
            max_rps: None,
            observer: Arc::new(Silent),
            given: Given::default(),
            cache_dir: None,
            shared_pacing: false,
        }
    }
}

pub struct Api {
    http: reqwest::Client,
    pub(super) base: String,
    pub(super) opts: Options,
    session: tokio::sync::Mutex<Session>,
    /// Collection paths for which the other slash form is the one that works.
    flipped: Mutex<HashSet<String>>,
    /// The process's pacing for this API URL (shared with every other client of it).
    limiter: Arc<crate::api::limit::Limiter>,
    /// The API is on this machine (a refused connection is not worth a backoff).
    loopback: bool,
    /// The server answered a PATCH with 405 (upstream has none, fixture 120): partial
    /// updates are read-modify-write PUTs for the rest of the process.
    no_patch: std::sync::atomic::AtomicBool,
}

/// Checks an API URL: absolute http(s), and plain HTTP only to loopback unless allowed.
pub fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url> {
    let url = Url::parse(raw).map_err(|e| {
        CliError::usage(format!("invalid API URL {raw:?}: {e}")).remedy(Remedy::FullApiUrl)
    })?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) || allow_insecure_http => Ok(url),
        "http" => Err(CliError::usage(format!(
            "refusing to send credentials over plain HTTP to {}",
            url.host_str().unwrap_or("?")
        ))
        .remedy(Remedy::UseHttpsOrAllow)),
        other => Err(
            CliError::usage(format!("unsupported scheme {other:?} in API URL {raw:?}"))
                .remedy(Remedy::UseHttps),
        ),
    }
}

/// An HTTP client for the API at `base`. Plain `http` is only ever loopback (the
/// emulator): such a client loads no certificate roots, which saves reading the
/// system's whole certificate directory on every command.
/// No redirect is ever followed: the API has no use for them, and following one
/// would carry a password or a token wherever it points (another host, plain HTTP).
/// A 3xx is reported as an error naming where it pointed.
pub fn client_builder(base: &url::Url) -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none());
    if base.scheme() == "http" {
        builder.tls_certs_only([])
    } else {
        builder
    }
}

impl Api {
    /// Whether this server is known to have no PATCH (it answered one with 405).
    pub fn lacks_patch(&self) -> bool {
        self.no_patch.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Remembers that this server has no PATCH.
    pub fn remember_no_patch(&self) {
        self.no_patch
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn new(opts: Options) -> Result<Api> {
        let url = check_base_url(&opts.base_url, opts.allow_insecure_http)?;
        let http = client_builder(&url)
            .connect_timeout(opts.connect_timeout)
            .read_timeout(opts.read_timeout)
            .build()
            .map_err(|e| CliError::failure(format!("cannot build the HTTP client: {e}")))?;
        let base = url.as_str().trim_end_matches('/').to_string();
        Ok(Api {
            http,
            limiter: if opts.shared_pacing {
                crate::api::limit::Limiter::for_base(&base, opts.max_rps)
            } else {
                Arc::new(crate::api::limit::Limiter::new(opts.max_rps))
            },
            loopback: is_loopback(&url),
            base,
            opts,
            session: tokio::sync::Mutex::new(Session::default()),
            flipped: Mutex::new(HashSet::new()),
            no_patch: std::sync::atomic::AtomicBool::new(false),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Tells the observer of a secret now in use (a token, a password), for the
    /// front-end to mask it in what it prints. The client keeps no list itself.
    pub fn secret(&self, secret: &str) {
        self.opts
            .observer
            .event(&Event::Secret(crate::api::events::SecretText(
                secret.to_string(),
            )));
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Sends a call and returns the successful response (2xx), ready to be read or
    /// streamed. Every failure comes back as a [`CliError`] with its exit code.
    pub async fn send(&self, call: &Call) -> Result<Response> {
        if call.path.contains(UNUSABLE_ID) {
            return Err(
                CliError::usage("an id cannot be empty, `.` or `..`").remedy(Remedy::IdAsListed)
            );
        }
        let mut token = self.token_for(&call.auth).await?;
        let mut resp = self.send_with_fallback(call, token.as_deref()).await?;
        if resp.status().as_u16() == 401
            && let Auth::Public(_) = &call.auth
        {
            // No login renews an assistant's public token.
            return Err(CliError::new(
                Exit::Auth,
                "the public token was refused (HTTP 401): it is not this assistant's, or it was rotated",
            )
            .remedy(Remedy::CurrentPublicToken));
        }
        if resp.status().as_u16() == 401
            && let Auth::Given(_) = &call.auth
        {
            return Err(CliError::new(
                Exit::Auth,
                "the token was refused (HTTP 401): it is expired, revoked, or another server's",
            )
            .remedy(Remedy::FreshToken));
        }
        if resp.status().as_u16() == 401 && call.auth != Auth::None {
            if self.relogin().await? {
                token = self.token_for(&call.auth).await?;
                resp = self.send_with_fallback(call, token.as_deref()).await?;
            }
            if resp.status().as_u16() == 401 {
                let mut e = self.unauthorized(&call.auth).await;
                e.http_status = Some(401);
                return Err(e);
            }
        }
        if resp.status().is_success() {
            return Ok(resp);
        }
        if resp.status().is_redirection() {
            let location = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(crate::util::sanitize)
                .unwrap_or_else(|| "(no Location header)".into());
            return Err(ApiError::Redirect {
                status: resp.status().as_u16(),
                method: call.method.to_string(),
                path: call.path.clone(),
                location,
            }
            .into());
        }
        Err(self.status_error(call, resp).await)
    }

    /// Sends a call and parses its JSON body.
    pub async fn json<T: DeserializeOwned>(&self, call: &Call) -> Result<T> {
        let resp = self.send(call).await?;
        let bytes = self.body(resp).await?;
        parse_json(&call.path, &bytes)
    }

    /// Sends a call whose answer carries nothing we need (200 with anything, 204).
    pub async fn empty(&self, call: &Call) -> Result<Value> {
        let resp = self.send(call).await?;
        let bytes = self.body(resp).await?;
        Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// Reads a response body, mapping a broken connection or a timeout. The chunks
    /// are copied into one buffer as they arrive (sized by Content-Length, within
    /// reason) and freed at once: a large body is held about once, not twice.
    pub async fn body(&self, resp: Response) -> Result<Body> {
        // Refused before any memory is set aside for it.
        self.check_announced(&resp)?;
        let mut body = Body::with_capacity(resp.content_length().unwrap_or(0));
        self.body_pieces(resp, |piece| {
            body.extend(piece);
            Ok(())
        })
        .await?;
        Ok(body)
    }

    /// Hands a response body to `each` a piece at a time as it arrives, within the
    /// same limit as [`Api::body`] (an announced or actual length past it is an
    /// error), mapping a broken connection or a timeout: for a reader that keeps
    /// none of it. An error from `each` stops the reading.
    pub async fn body_pieces(
        &self,
        mut resp: Response,
        mut each: impl FnMut(&[u8]) -> Result<()>,
    ) -> Result<()> {
        self.check_announced(&resp)?;
        let url = strip_query(resp.url());
        let max = self.opts.max_body;
        let mut read = 0usize;
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| CliError::from(self.transport_error(&url, e)))?
        {
            // An endless body (a hostile server) ends here, not in the allocator.
            read += chunk.len();
            if read > max {
                return Err(ApiError::TooLarge { url, limit: max }.into());
            }
            each(&chunk)?;
        }
        Ok(())
    }

    /// A body announced (Content-Length) past the limit is refused unread.
    fn check_announced(&self, resp: &Response) -> Result<()> {
        let limit = self.opts.max_body;
        if resp.content_length().unwrap_or(0) > limit as u64 {
            let url = strip_query(resp.url());
            return Err(ApiError::TooLarge { url, limit }.into());
        }
        Ok(())
    }

    async fn status_error(&self, call: &Call, resp: Response) -> CliError {
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = resp.bytes().await.unwrap_or_default();
        ApiError::Status {
            status,
            method: call.method.to_string(),
            path: call.path.clone(),
            message: message_from_body(status, &content_type, &body),
        }
        .into()
    }

    async fn unauthorized(&self, auth: &Auth) -> CliError {
        if let Auth::Project(_) = auth
            && let Some((name, _)) = &self.opts.given.project_token
        {
            return CliError::new(
                Exit::Auth,
                format!("the project token in {name} was rejected (HTTP 401)"),
            )
            .remedy(Remedy::FreshTokenIn {
                var: name.to_string(),
                project: true,
            });
        }
        let session = self.session.lock().await;
        match &session.user {
            Some((_, TokenSource::Env(name))) => CliError::new(
                Exit::Auth,
                format!("the token in {name} was rejected (HTTP 401)"),
            )
            .remedy(Remedy::FreshTokenIn {
                var: name.to_string(),
                project: false,
            }),
            _ => CliError::session_expired(),
        }
    }

    /// Sends, and on a 405 for a collection path tries the other slash form once,
    /// remembering the form that worked for the rest of the process.
    async fn send_with_fallback(
        &self,
        call: &Call,
        token: Option<&str>,
    ) -> std::result::Result<Response, CliError> {
        let flipped = call.collection && self.flipped.lock().unwrap().contains(&call.path);
        let path = if flipped {
            other_slash_form(&call.path)
        } else {
            call.path.clone()
        };
        let resp = self.send_retrying(call, &path, token).await?;
        if resp.status().as_u16() == 405 && call.collection {
            let other = other_slash_form(&path);
            let retry = self.send_retrying(call, &other, token).await?;
            if retry.status().as_u16() != 405 {
                let mut set = self.flipped.lock().unwrap();
                if flipped {
                    set.remove(&call.path);
                } else {
                    set.insert(call.path.clone());
                }
            }
            return Ok(retry);
        }
        Ok(resp)
    }

    async fn send_retrying(
        &self,
        call: &Call,
        path: &str,
        token: Option<&str>,
    ) -> std::result::Result<Response, CliError> {
        let idempotent = matches!(
            call.method,
            Method::GET | Method::PUT | Method::DELETE | Method::HEAD
        );
        let url = format!("{}{}", self.base, path);
        let mut policy = self.opts.retry;
        if !call.retry {
            policy.max_retries = 0;
        }
        let mut attempt = 0u32;
        let mut waited = Duration::ZERO;
        loop {
            self.limiter
                .acquire(|wait| self.opts.observer.event(&Event::RateLimited { wait }))
                .await;
            let mut rb = self.http.request(call.method.clone(), &url);
            if !call.query.is_empty() {
                rb = rb.query(&call.query);
            }
            for (name, value) in &call.headers {
                rb = rb.header(name.as_str(), value.as_str());
            }
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            if !call.streaming {
                rb = rb.timeout(self.opts.request_timeout);
            }
            rb = match &call.payload {
                Payload::None => rb,
                Payload::Json(v) => rb.json(v),
                Payload::Multipart(build) => rb.multipart(build()),
            };
            self.trace_request(
                &call.method,
                &url,
                &call.query,
                token.is_some(),
                &call.payload,
            );
            let started = Instant::now();
            match rb.send().await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    self.opts.observer.event(&Event::Response {
                        status: resp.status().to_string(),
                        elapsed: started.elapsed(),
                    });
                    self.limiter.observe(resp.headers());
                    // A 429 means the server did not act: any method may try again. A
                    // 500 is usually deterministic upstream (a malformed id, a bug):
                    // one quick retry at most.
                    let retry_this = match status {
                        429 => true,
                        500 => idempotent && attempt == 0,
                        _ => idempotent && retryable_status(status),
                    };
                    if retry_this {
                        let asks = server_wait(resp.headers(), SystemTime::now());
                        let next = if status == 500 {
                            policy
                                .next_wait(attempt, waited, None, 0.0)
                                .map(|_| QUICK_RETRY.mul_f64(0.5 + rand::random::<f64>() / 2.0))
                        } else {
                            policy.next_wait(attempt, waited, asks, rand::random())
                        };
                        if status == 429 {
                            // Everyone waits, not only this call.
                            self.limiter
                                .refused(next.or(asks).unwrap_or(Duration::ZERO));
                        }
                        match next {
                            Some(wait) => {
                                // A 500 gets one retry at most: say so, not "of 4".
                                let of = if status == 500 { 1 } else { policy.max_retries };
                                self.notice_retry(
                                    &format!("HTTP {status}"),
                                    call,
                                    path,
                                    wait,
                                    (attempt, of),
                                );
                                tokio::time::sleep(wait).await;
                                waited += wait;
                                attempt += 1;
                                continue;
                            }
                            None => {
                                if let Some(asks) = asks
                                    && status == 429
                                    && waited + asks > policy.max_total_wait
                                {
                                    return Err(ApiError::RateLimited {
                                        path: format!("{} {}", call.method, path),
                                        wait: asks,
                                    }
                                    .into());
                                }
                                return Ok(resp);
                            }
                        }
                    }
                    return Ok(resp);
                }
                Err(e) => {
                    self.opts.observer.event(&Event::TransportError {
                        elapsed: started.elapsed(),
                        cause: root_cause(&e),
                    });
                    // A connection that never opened carried no request: safe to retry
                    // any method. Other failures only for idempotent methods, and never
                    // a timeout (a stalled server stays stalled; the user waited enough).
                    let retry = e.is_connect() || (idempotent && !e.is_timeout() && e.is_request());
                    // A refused connection on loopback (the emulator, a local server)
                    // is either up or not: one quick retry, not seconds of backoff.
                    if e.is_connect() && self.loopback {
                        if attempt == 0 && policy.max_retries > 0 {
                            // One quick retry on loopback, no more.
                            self.notice_retry(
                                "connection failed",
                                call,
                                path,
                                QUICK_RETRY,
                                (attempt, 1),
                            );
                            tokio::time::sleep(QUICK_RETRY).await;
                            attempt += 1;
                            continue;
                        }
                        return Err(self.transport_error(&url, e).into());
                    }
                    if retry
                        && let Some(wait) = policy.next_wait(attempt, waited, None, rand::random())
                    {
                        self.notice_retry(
                            "connection failed",
                            call,
                            path,
                            wait,
                            (attempt, policy.max_retries),
                        );
                        tokio::time::sleep(wait).await;
                        waited += wait;
                        attempt += 1;
                        continue;
                    }
                    return Err(self.transport_error(&url, e).into());
                }
            }
        }
    }

    /// Says a retry is coming: `(attempt, of)` is this attempt (from 0) and the most
    /// retries this kind of failure gets.
    fn notice_retry(&self, what: &str, call: &Call, path: &str, wait: Duration, n: (u32, u32)) {
        let (attempt, of) = n;
        self.opts.observer.event(&Event::Retrying {
            what: what.to_string(),
            method: call.method.to_string(),
            path: path.to_string(),
            wait,
            retry: attempt + 1,
            of: of.max(attempt + 1),
        });
    }

    /// The request as `--verbose` shows it: the URL without its password, the
    /// token and secret-looking fields redacted.
    fn trace_request(
        &self,
        method: &Method,
        url: &str,
        query: &[(String, String)],
        bearer: bool,
        payload: &Payload,
    ) {
        let q = if query.is_empty() {
            String::new()
        } else {
            let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("?{}", pairs.join("&"))
        };
        let body = match payload {
            Payload::None => None,
            Payload::Json(v) => Some(crate::util::truncate(&redact(v).to_string(), 2000)),
            Payload::Multipart(_) => Some("(multipart form)".to_string()),
        };
        self.opts.observer.event(&Event::Request {
            method: method.to_string(),
            url: format!("{}{q}", crate::util::redact_url(url)),
            user_agent: USER_AGENT.to_string(),
            bearer,
            body,
        });
    }

    fn transport_error(&self, url: &str, e: reqwest::Error) -> ApiError {
        let url = &crate::util::redact_url(url);
        if e.is_timeout() {
            ApiError::Timeout {
                url: url.to_string(),
                after: self.opts.read_timeout,
                total: self.opts.request_timeout,
            }
        } else if e.is_connect() {
            ApiError::Connect {
                url: url.to_string(),
                detail: root_cause(&e),
            }
        } else {
            ApiError::Dropped {
                url: url.to_string(),
                detail: root_cause(&e),
            }
        }
    }
}

fn other_slash_form(path: &str) -> String {
    match path.strip_suffix('/') {
        Some(p) => p.to_string(),
        None => format!("{path}/"),
    }
}

fn strip_query(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.to_string()
}

/// The innermost cause of a transport error (e.g. "Connection refused").
pub fn root_cause(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command line's clients of one URL pace together; a library's client
    /// paces alone (no state shared across the process it is in).
    #[test]
    fn pacing_is_shared_only_when_asked() {
        let url = "http://127.0.0.1:9".to_string();
        let own = || Api::new(Options::new(url.clone(), String::new(), None)).unwrap();
        assert!(!Arc::ptr_eq(&own().limiter, &own().limiter));
        let shared = || {
            let mut o = Options::new(url.clone(), String::new(), None);
            o.shared_pacing = true;
            Api::new(o).unwrap()
        };
        assert!(Arc::ptr_eq(&shared().limiter, &shared().limiter));
    }
    use serde_json::json;

    #[test]
    fn loopback_and_scheme_rules() {
        assert!(check_base_url("http://127.0.0.1:8080", false).is_ok());
        assert!(check_base_url("http://127.2.3.4", false).is_ok());
        assert!(check_base_url("http://localhost:1", false).is_ok());
        assert!(check_base_url("http://[::1]:1", false).is_ok());
        assert!(check_base_url("http://[::ffff:127.0.0.1]:1", false).is_ok());
        assert!(check_base_url("http://[::ffff:10.0.0.1]:1", false).is_err());
        assert!(check_base_url("https://api.epsimoagents.com", false).is_ok());
        let e = check_base_url("http://api.epsimoagents.com", false).unwrap_err();
        assert_eq!(e.exit, Exit::Usage);
        assert_eq!(
            e.remedy.as_deref(),
            Some(&crate::error::Remedy::UseHttpsOrAllow)
        );
        assert!(check_base_url("http://api.epsimoagents.com", true).is_ok());
        assert!(check_base_url("http://localhost.evil.com", false).is_err());
        assert!(check_base_url("ftp://x", false).is_err());
        assert!(check_base_url("not a url", false).is_err());
    }

    #[test]
    fn slash_forms() {
        assert_eq!(other_slash_form("/assistants/"), "/assistants");
        assert_eq!(other_slash_form("/assistants"), "/assistants/");
        assert!(Call::get("/threads/", Auth::User).collection);
        assert!(!Call::get("/threads/abc", Auth::User).collection);
        assert!(!Call::get("/threads/abc/state", Auth::User).collection);
    }

    #[test]
    fn secret_names_are_recognised_by_their_look() {
        for name in [
            "password",
            "X-Api-Key",
            "Proxy-Authorization",
            "apiKey",
            "client_secret",
            "passwd",
            "refresh_token",
            "Set-Cookie",
            "AWS_SECRET_ACCESS_KEY",
            "pwd",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["email", "name", "author", "content-type", "description"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn redaction_hides_secrets_at_any_depth() {
        let v = json!({"email":"a@b.c","password":"hunter2","nested":[{"access_token":"t"}]});
        let r = redact(&v).to_string();
        assert!(!r.contains("hunter2") && !r.contains("\"t\""));
        assert!(r.contains("a@b.c"));
    }
}
