//! The one HTTP client of `epsimo`: bearer tokens per the contract, retries with
//! backoff, one transparent re-login on 401, the slash-form fallback on 405, verbose
//! tracing with secrets redacted, and every failure mapped to a [`CliError`].

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::{Method, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;

use super::error::{ApiError, message_from_body};
use super::events::{Event, Observer, Silent};
use super::retry::{RetryPolicy, retryable_status, server_wait};
use super::token;
use crate::config::credentials::{CachedToken, CredentialsFile};
use crate::env;
use crate::error::{CliError, Exit, Result};
use crate::util::encode_segment;

pub use crate::contract::rules::{is_loopback, is_secret_name, redact};

pub use crate::contract::rules::DEFAULT_API_URL;

/// The largest response body accepted by default (`EPSIMO_MAX_RESPONSE_MB`).
pub const MAX_BODY_DEFAULT: usize = 128 * 1024 * 1024;

/// The wait before the one retry of a 500.
const QUICK_RETRY: Duration = Duration::from_millis(200);
pub const USER_AGENT: &str = concat!("epsimo/", env!("CARGO_PKG_VERSION"));

/// Which token a call carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    User,
    Project(String),
}

/// A request body.
#[derive(Clone)]
pub enum Payload {
    None,
    Json(Value),
    /// Multipart forms cannot be cloned, so a retry builds the form again.
    Multipart(Arc<dyn Fn() -> reqwest::multipart::Form + Send + Sync>),
}

/// One API call, before tokens, retries and fallbacks are applied.
#[derive(Clone)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub payload: Payload,
    pub auth: Auth,
    /// A collection path (`/assistants/`): on a 405, try the other slash form once.
    pub collection: bool,
    /// Extra request headers (`epsimo api -H`).
    pub headers: Vec<(String, String)>,
    /// Whether failures may be retried (a call that must cost one request says no).
    pub retry: bool,
    /// A streamed answer (a run): no total deadline, the reader keeps its own.
    pub streaming: bool,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>, auth: Auth) -> Self {
        let path = path.into();
        let collection = path.ends_with('/') && path.matches('/').count() == 2;
        Call {
            method,
            path,
            query: Vec::new(),
            payload: Payload::None,
            auth,
            collection,
            headers: Vec::new(),
            retry: true,
            streaming: false,
        }
    }
    /// A call whose answer is a stream (runs): the total request deadline does not
    /// apply; the stream's reader has an idle and an overall deadline of its own.
    pub fn streamed(mut self) -> Self {
        self.streaming = true;
        self
    }
    /// A call made once: no retries, whatever fails.
    pub fn once(mut self) -> Self {
        self.retry = false;
        self
    }
    pub fn get(path: impl Into<String>, auth: Auth) -> Self {
        Call::new(Method::GET, path, auth)
    }
    pub fn post(path: impl Into<String>, auth: Auth, body: Value) -> Self {
        Call::new(Method::POST, path, auth).json(body)
    }
    pub fn json(mut self, body: Value) -> Self {
        self.payload = Payload::Json(body);
        self
    }
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }
}

/// Marks a path built from an id that no encoding can keep in its place: an
/// empty id would name the collection, and `.`/`..` are dot segments that URL
/// parsing resolves even when percent-encoded. [`Api::send`] refuses such paths.
const UNUSABLE_ID: char = '\0';

/// Builds `/prefix/{id}/rest` with the id percent-encoded.
pub fn item_path(prefix: &str, id: &str, rest: &str) -> String {
    if id.is_empty() || id.chars().all(|c| c == '.') {
        return format!("{prefix}/{UNUSABLE_ID}{rest}");
    }
    format!("{prefix}/{}{rest}", encode_segment(id))
}

/// Where the user token in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// An environment variable (never written to disk).
    Env(&'static str),
    /// The credentials file.
    Store(PathBuf),
    /// A login made by this process with EPSIMO_EMAIL/EPSIMO_PASSWORD.
    Login,
}

#[derive(Debug, Clone)]
pub struct LoginResult {
    pub token: String,
    pub expires_at: Option<i64>,
}

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
    /// Where the client's events go (retries, re-logins, the trace, warnings).
    pub observer: Arc<dyn Observer>,
}

impl std::fmt::Debug for dyn Observer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Observer")
    }
}

impl Options {
    /// Options with the timeouts and retry budget read from the environment.
    /// Values out of range are an error naming the variable, never a panic.
    pub fn from_env(
        base_url: String,
        profile: String,
        store: Option<CredentialsFile>,
    ) -> Result<Self> {
        let mut retry = RetryPolicy::default();
        if let Some(n) = env::number(env::MAX_RETRIES, 0..=100)? {
            retry.max_retries = n;
        }
        if let Some(d) = env::seconds(env::RETRY_MAX_WAIT)? {
            retry.max_total_wait = d;
        }
        Ok(Options {
            base_url,
            allow_insecure_http: false,
            verbose: false,
            quiet: false,
            profile,
            store,
            connect_timeout: env::seconds(env::CONNECT_TIMEOUT)?.unwrap_or(Duration::from_secs(10)),
            read_timeout: env::seconds(env::READ_TIMEOUT)?.unwrap_or(Duration::from_secs(60)),
            request_timeout: env::seconds(env::REQUEST_TIMEOUT)?
                .unwrap_or(Duration::from_secs(300)),
            run_timeout: env::seconds(env::RUN_TIMEOUT)?.unwrap_or(Duration::from_secs(1800)),
            max_body: env::number(env::MAX_RESPONSE_MB, 1..=4096)?
                .map_or(MAX_BODY_DEFAULT, |mb| mb as usize * 1024 * 1024),
            retry,
            observer: Arc::new(Silent),
        })
    }
}

#[derive(Default)]
struct Session {
    user: Option<(String, TokenSource)>,
    relogged: bool,
    project_tokens: HashMap<String, String>,
}

pub struct Api {
    http: reqwest::Client,
    base: String,
    opts: Options,
    session: tokio::sync::Mutex<Session>,
    /// Collection paths for which the other slash form is the one that works.
    flipped: Mutex<HashSet<String>>,
}

/// Checks an API URL: absolute http(s), and plain HTTP only to loopback unless allowed.
pub fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url> {
    let url = Url::parse(raw).map_err(|e| {
        CliError::usage(format!("invalid API URL {raw:?}: {e}"))
            .with_hint("pass a full URL such as https://backend.epsimoagents.com")
    })?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) || allow_insecure_http => Ok(url),
        "http" => Err(CliError::usage(format!(
            "refusing to send credentials over plain HTTP to {}",
            url.host_str().unwrap_or("?")
        ))
        .with_hint("use https://, or pass --allow-insecure-http if you really mean it")),
        other => Err(
            CliError::usage(format!("unsupported scheme {other:?} in API URL {raw:?}"))
                .with_hint("use an https:// URL"),
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
    pub fn new(opts: Options) -> Result<Api> {
        let url = check_base_url(&opts.base_url, opts.allow_insecure_http)?;
        let http = client_builder(&url)
            .connect_timeout(opts.connect_timeout)
            .read_timeout(opts.read_timeout)
            .build()
            .map_err(|e| CliError::failure(format!("cannot build the HTTP client: {e}")))?;
        Ok(Api {
            http,
            base: url.as_str().trim_end_matches('/').to_string(),
            opts,
            session: tokio::sync::Mutex::new(Session::default()),
            flipped: Mutex::new(HashSet::new()),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Sends a call and returns the successful response (2xx), ready to be read or
    /// streamed. Every failure comes back as a [`CliError`] with its exit code.
    pub async fn send(&self, call: &Call) -> Result<Response> {
        if call.path.contains(UNUSABLE_ID) {
            return Err(CliError::usage("an id cannot be empty, `.` or `..`")
                .with_hint("pass the id as `epsimo ... list` shows it"));
        }
        let mut token = self.token_for(&call.auth).await?;
        let mut resp = self.send_with_fallback(call, token.as_deref()).await?;
        if resp.status().as_u16() == 401 && call.auth != Auth::None {
            if self.relogin().await? {
                token = self.token_for(&call.auth).await?;
                resp = self.send_with_fallback(call, token.as_deref()).await?;
            }
            if resp.status().as_u16() == 401 {
                return Err(self.unauthorized(&call.auth).await);
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
    pub async fn body(&self, mut resp: Response) -> Result<Body> {
        let url = strip_query(resp.url());
        let max = self.opts.max_body;
        let announced = resp.content_length().unwrap_or(0);
        if announced > max as u64 {
            return Err(ApiError::TooLarge { url, limit: max }.into());
        }
        let mut body = Body::with_capacity(announced);
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| CliError::from(self.transport_error(&url, e)))?
        {
            // An endless body (a hostile server) ends here, not in the allocator.
            if body.len() + chunk.len() > max {
                return Err(ApiError::TooLarge { url, limit: max }.into());
            }
            body.extend(&chunk);
        }
        Ok(body)
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
            && env::get(env::PROJECT_TOKEN).is_some()
        {
            return CliError::new(
                Exit::Auth,
                "the project token in EPSIMO_PROJECT_TOKEN was rejected (HTTP 401)",
            )
            .with_hint(
                "set a fresh project token, or unset EPSIMO_PROJECT_TOKEN to use your login",
            );
        }
        let session = self.session.lock().await;
        match &session.user {
            Some((_, TokenSource::Env(name))) => CliError::new(
                Exit::Auth,
                format!("the token in {name} was rejected (HTTP 401)"),
            )
            .with_hint(format!(
                "set a fresh token in {name}, or unset it and run `epsimo auth login`"
            )),
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
                        match next {
                            Some(wait) => {
                                self.notice_retry(
                                    &format!("HTTP {status}"),
                                    call,
                                    path,
                                    wait,
                                    attempt,
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
                    if retry
                        && let Some(wait) = policy.next_wait(attempt, waited, None, rand::random())
                    {
                        self.notice_retry("connection failed", call, path, wait, attempt);
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

    fn notice_retry(&self, what: &str, call: &Call, path: &str, wait: Duration, attempt: u32) {
        self.opts.observer.event(&Event::Retrying {
            what: what.to_string(),
            method: call.method.to_string(),
            path: path.to_string(),
            wait,
            retry: attempt + 1,
            of: self.opts.retry.max_retries,
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

    // ---- tokens -------------------------------------------------------------

    async fn token_for(&self, auth: &Auth) -> Result<Option<String>> {
        let token = match auth {
            Auth::None => None,
            Auth::User => Some(self.user_token().await?.0),
            Auth::Project(id) => Some(self.project_token(id).await?),
        };
        if let Some(t) = &token {
            crate::util::remember_secret(t);
        }
        Ok(token)
    }

    /// The user token and where it came from: `EPSIMO_TOKEN`/`EPSIMO_API_KEY`, else
    /// the stored profile while it is valid, else a login with
    /// `EPSIMO_EMAIL`/`EPSIMO_PASSWORD`.
    pub async fn user_token(&self) -> Result<(String, TokenSource)> {
        let mut session = self.session.lock().await;
        if let Some(found) = &session.user {
            return Ok(found.clone());
        }
        if let Some((name, t)) = env::env_token() {
            session.user = Some((t.clone(), TokenSource::Env(name)));
            return Ok((t, TokenSource::Env(name)));
        }
        let mut stored_but_expired = false;
        let mut stored_for_another: Option<String> = None;
        if let Some(store) = &self.opts.store {
            let s = store.load()?;
            if let Some(p) = s.profiles.get(&self.opts.profile)
                && let Some(t) = &p.token
            {
                // A stored token is bound to the API it was issued by (as gh binds
                // tokens to hosts): it never goes to another URL.
                if let Some(u) = p.api_url.as_deref().filter(|u| *u != self.base) {
                    stored_for_another = Some(u.to_string());
                } else if token::is_expired(p.token_expires_at, token::now()) {
                    stored_but_expired = true;
                } else {
                    let found = (t.clone(), TokenSource::Store(store.path()));
                    session.user = Some(found.clone());
                    // The same read gives the profile's cached project tokens: a
                    // project-scoped command need not read the file again.
                    for (project, cached) in &p.project_tokens {
                        if !token::is_expired(cached.expires_at, token::now()) {
                            session
                                .project_tokens
                                .entry(project.clone())
                                .or_insert_with(|| cached.token.clone());
                        }
                    }
                    return Ok(found);
                }
            }
        }
        if let Some((email, password)) = env::login_credentials() {
            drop(session);
            let login = Box::pin(self.login(&email, &password)).await?;
            self.save_login(&email, &login)?;
            let mut session = self.session.lock().await;
            session.user = Some((login.token.clone(), TokenSource::Login));
            return Ok((login.token, TokenSource::Login));
        }
        if env::get(env::PROJECT_TOKEN).is_some() {
            return Err(CliError::new(
                Exit::Auth,
                "this command needs a user token; EPSIMO_PROJECT_TOKEN only opens project-scoped commands",
            )
            .with_hint("set EPSIMO_TOKEN, or run `epsimo auth login`"));
        }
        if let Some(other) = stored_for_another {
            return Err(CliError::new(
                Exit::Auth,
                format!(
                    "not logged in to {}: the stored login (profile {}) is for {other}, and its token is not sent anywhere else",
                    crate::util::redact_url(&self.base),
                    self.opts.profile
                ),
            )
            .with_hint(format!(
                "run `epsimo auth login --api-url {}` (or use another --profile), or set EPSIMO_TOKEN",
                crate::util::redact_url(&self.base)
            )));
        }
        Err(if stored_but_expired {
            CliError::session_expired()
        } else {
            CliError::not_logged_in()
        })
    }

    /// The project token: `EPSIMO_PROJECT_TOKEN`, else the cache (in memory; the
    /// profile's cached tokens are read into it with the stored user token), else
    /// `GET /projects/{id}` with the user token, then cached.
    pub async fn project_token(&self, project_id: &str) -> Result<String> {
        if let Some(t) = env::get(env::PROJECT_TOKEN) {
            return Ok(t);
        }
        let (_, source) = self.user_token().await?;
        if let Some(t) = self.session.lock().await.project_tokens.get(project_id) {
            return Ok(t.clone());
        }
        let persist = !matches!(source, TokenSource::Env(_));
        // Boxed: fetching a token is itself a call (`send` -> `token_for` -> here).
        let body: Value = Box::pin(self.json(&Call::get(
            item_path("/projects", project_id, ""),
            Auth::User,
        )))
        .await?;
        let t = token::token_from_response(&body).ok_or_else(|| {
            CliError::from(ApiError::BadBody {
                path: format!("/projects/{project_id}"),
                detail: "no project token (access_token, token or jwt_token) in the response"
                    .into(),
            })
        })?;
        let expires_at = token::expiry(&t, Some(&body), token::now());
        self.remember_project_token(project_id, &t).await;
        if persist && let Some(store) = &self.opts.store {
            let profile = self.opts.profile.clone();
            let base = self.base.clone();
            let cached = CachedToken {
                token: t.clone(),
                expires_at,
            };
            // A cache that cannot be written (a full or read-only config dir) costs
            // the next command a request, not this command its result.
            let saved = store.update(|s| {
                let p = s.profiles.entry(profile).or_default();
                // Only cache against the profile the tokens belong to.
                if p.api_url.as_deref().is_none_or(|u| u == base) {
                    p.project_tokens.insert(project_id.to_string(), cached);
                }
            });
            if let Err(e) = saved {
                self.opts.observer.event(&Event::Warning(format!(
                    "the project token was not cached: {}",
                    e.message
                )));
            }
        }
        Ok(t)
    }

    /// Keeps a project token for the rest of the process.
    async fn remember_project_token(&self, project_id: &str, token: &str) {
        self.session
            .lock()
            .await
            .project_tokens
            .insert(project_id.to_string(), token.to_string());
    }

    /// `POST /auth/login`.
    pub async fn login(&self, email: &str, password: &str) -> Result<LoginResult> {
        crate::util::remember_secret(password);
        let call = Call::post(
            "/auth/login",
            Auth::None,
            json!({"email": email, "password": password}),
        );
        let body: Value = self.json(&call).await.map_err(|e| {
            if matches!(e.exit, Exit::Auth | Exit::Invalid) {
                CliError::new(Exit::Auth, format!("login failed: {}", e.message)).with_hint(
                    "check the email and password; create an account with `epsimo auth signup`",
                )
            } else {
                e
            }
        })?;
        let t = token::token_from_response(&body).ok_or_else(|| {
            CliError::from(ApiError::BadBody {
                path: "/auth/login".into(),
                detail: "no token (access_token, token or jwt_token) in the response".into(),
            })
        })?;
        Ok(LoginResult {
            expires_at: token::expiry(&t, Some(&body), token::now()),
            token: t,
        })
    }

    /// Stores a login in the active profile, dropping the project tokens of the old one.
    pub fn save_login(&self, email: &str, login: &LoginResult) -> Result<()> {
        let Some(store) = &self.opts.store else {
            return Ok(());
        };
        let profile = self.opts.profile.clone();
        let base = self.base.clone();
        store.update(|s| {
            let p = s.profiles.entry(profile).or_default();
            p.api_url = Some(base);
            p.email = Some(email.to_string());
            p.token = Some(login.token.clone());
            p.token_expires_at = login.expires_at;
            p.project_tokens.clear();
        })
    }

    /// One re-login per process with `EPSIMO_EMAIL`/`EPSIMO_PASSWORD`, after a 401.
    async fn relogin(&self) -> Result<bool> {
        let Some((email, password)) = env::login_credentials() else {
            return Ok(false);
        };
        {
            let mut session = self.session.lock().await;
            if session.relogged {
                return Ok(false);
            }
            session.relogged = true;
        }
        self.opts.observer.event(&Event::Relogin {
            email: email.clone(),
        });
        let login = Box::pin(self.login(&email, &password)).await?;
        self.save_login(&email, &login)?;
        let mut session = self.session.lock().await;
        session.project_tokens.clear();
        // An env token stays the one in use only if it is not the rejected one.
        session.user = Some((login.token, TokenSource::Login));
        Ok(true)
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

/// A response body read whole. A large one (by its Content-Length) goes into a
/// mapping whose pages the kernel supplies in one go, rather than into fresh heap
/// memory that costs a page fault per 4 KiB as it is first written.
pub struct Body {
    buf: BodyBuf,
    len: usize,
}

enum BodyBuf {
    Heap(Vec<u8>),
    Mapped(memmap2::MmapMut),
}

impl Body {
    /// Bodies this large (by Content-Length) are mapped; the pages of a mapping
    /// are taken at once, so a lying Content-Length beyond the upper bound gets
    /// heap capacity instead, which costs nothing until written.
    const MAP_FROM: u64 = 1024 * 1024;
    const MAP_UP_TO: u64 = 64 * 1024 * 1024;
    /// At most this much heap is set aside on the word of a Content-Length.
    const MOST_RESERVED: u64 = 256 * 1024 * 1024;

    fn with_capacity(expected: u64) -> Body {
        let expected = expected.min(Self::MOST_RESERVED);
        let mapped = (Self::MAP_FROM..=Self::MAP_UP_TO)
            .contains(&expected)
            .then(|| {
                memmap2::MmapOptions::new()
                    .len(expected as usize)
                    .populate()
                    .map_anon()
                    .ok()
            })
            .flatten();
        Body {
            buf: match mapped {
                Some(m) => BodyBuf::Mapped(m),
                None => BodyBuf::Heap(Vec::with_capacity(expected as usize)),
            },
            len: 0,
        }
    }

    fn extend(&mut self, chunk: &[u8]) {
        let end = self.len + chunk.len();
        match &mut self.buf {
            BodyBuf::Mapped(m) if end <= m.len() => m[self.len..end].copy_from_slice(chunk),
            BodyBuf::Mapped(m) => {
                // Longer than announced: carry on in the heap.
                let mut v = Vec::with_capacity(end);
                v.extend_from_slice(&m[..self.len]);
                v.extend_from_slice(chunk);
                self.buf = BodyBuf::Heap(v);
            }
            BodyBuf::Heap(v) => v.extend_from_slice(chunk),
        }
        self.len = end;
    }
}

impl std::ops::Deref for Body {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.buf {
            BodyBuf::Heap(v) => v,
            BodyBuf::Mapped(m) => &m[..self.len],
        }
    }
}

/// Parses a success body as JSON, with a clear error for an empty or malformed one.
pub fn parse_json<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T> {
    parse_body(path, bytes, serde_json::from_slice)
}

/// [`parse_json`] with the parse given, for a type that borrows from the body.
pub fn parse_body<'a, T>(
    path: &str,
    bytes: &'a [u8],
    parse: impl FnOnce(&'a [u8]) -> serde_json::Result<T>,
) -> Result<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadBody {
            path: path.to_string(),
            detail: "the body is empty where JSON was expected".into(),
        }
        .into());
    }
    parse(bytes).map_err(|e| {
        // What failed, said as it is: a shape that differs (a data error) is not a
        // nesting too deep or bytes that are not UTF-8 (syntax errors).
        let detail = if bytes.trim_ascii_start().starts_with(b"<") {
            "an HTML page came back where JSON was expected".to_string()
        } else if e.to_string().contains("recursion limit") {
            format!("the JSON is nested too deeply to read: {e}")
        } else if std::str::from_utf8(bytes).is_err() {
            format!("the body is not UTF-8 text: {e}")
        } else if let Err(syntax) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            // A typed parse may stop at the first mismatch before seeing the body is
            // broken: whether it is JSON at all is asked on its own.
            if syntax.to_string().contains("recursion limit") {
                format!("the JSON is nested too deeply to read: {syntax}")
            } else {
                format!("the body is not valid JSON: {syntax}")
            }
        } else {
            format!("the JSON does not have the expected shape: {e}")
        };
        ApiError::BadBody {
            path: path.to_string(),
            detail,
        }
        .into()
    })
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

    #[test]
    fn bodies_hold_what_came_whether_mapped_or_not_and_longer_than_announced() {
        let piece: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
        for announced in [
            0,
            10,
            Body::MAP_FROM,
            Body::MAP_FROM + 5,
            4 * Body::MAP_FROM,
        ] {
            let mut body = Body::with_capacity(announced);
            assert_eq!(
                matches!(body.buf, BodyBuf::Mapped(_)),
                announced >= Body::MAP_FROM,
                "{announced}"
            );
            let mut expected = Vec::new();
            // Past the announced length, whatever it was.
            while expected.len() as u64 <= announced + 1 {
                body.extend(&piece);
                expected.extend_from_slice(&piece);
            }
            assert_eq!(&*body, expected.as_slice(), "{announced}");
        }
        let empty = Body::with_capacity(2 * Body::MAP_FROM);
        assert!(empty.is_empty(), "a mapped body shows only what arrived");
        // A Content-Length too large to take on trust is not mapped.
        let huge = Body::with_capacity(u64::MAX);
        assert!(matches!(huge.buf, BodyBuf::Heap(_)));
    }

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
        assert!(e.hint.unwrap().contains("--allow-insecure-http"));
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

    #[test]
    fn json_body_errors_are_clear() {
        let e = parse_json::<Value>("/x", b"").unwrap_err();
        assert!(e.message.contains("empty"));
        let e = parse_json::<Value>("/x", b"<html>").unwrap_err();
        assert!(e.message.contains("HTML"));
        let e = parse_json::<Value>("/x", b"{\"a\":").unwrap_err();
        assert!(e.message.contains("not valid JSON"));
        let e = parse_json::<Vec<u8>>("/x", b"{}").unwrap_err();
        assert!(e.message.contains("expected shape"));
        // A typed parse that stops at the first mismatch still sees broken JSON.
        let e = parse_json::<Vec<u8>>("/x", b"{\"a\": [").unwrap_err();
        assert!(e.message.contains("not valid JSON"), "{}", e.message);
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let e = parse_json::<Value>("/x", deep.as_bytes()).unwrap_err();
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        let e = parse_json::<Vec<String>>("/x", b"[\"a\xff\"]").unwrap_err();
        assert!(e.message.contains("not UTF-8"), "{}", e.message);
    }

    #[test]
    fn unusable_ids_are_marked() {
        for id in ["", ".", ".."] {
            assert!(
                item_path("/threads", id, "").contains(UNUSABLE_ID),
                "{id:?}"
            );
        }
        assert!(!item_path("/threads", "...x", "").contains(UNUSABLE_ID));
    }

    #[test]
    fn item_paths_are_encoded() {
        assert_eq!(
            item_path("/threads", "a/../b", "/state"),
            "/threads/a%2F..%2Fb/state"
        );
    }
}
