//! A local, stateful server that implements the Epsimo wire contract (`CONTRACT.md`),
//! including its awkward parts: both list shapes, slash forms, cumulative SSE content,
//! history re-sent in the first `data` event, `end` without data, `{"detail"}` errors.
//!
//! It is a development tool: the assistant is a deterministic echo (documented in
//! [`stream`]) unless `--model-url` names a real model ([`model`]), tools return
//! canned results except `update_database`, which really writes the thread state,
//! and `retrieval`, which searches the uploaded files, and checkout sessions take no
//! payment.

#[doc(hidden)]
pub mod admin;
#[doc(hidden)]
pub mod dump;
#[doc(hidden)]
pub mod history;
#[doc(hidden)]
pub mod http;
#[doc(hidden)]
pub mod journal;
// Its doc comments are clap's `--help` text, not rustdoc: URLs stay bare.
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
#[allow(rustdoc::bare_urls)]
pub mod options;
#[doc(hidden)]
pub mod public;
#[doc(hidden)]
pub mod ratelimit;
#[doc(hidden)]
pub mod records;
#[doc(hidden)]
pub mod retrieval;
#[doc(hidden)]
pub mod routes;
#[doc(hidden)]
pub mod schema;
#[doc(hidden)]
pub mod seed;
#[doc(hidden)]
pub mod state;
#[doc(hidden)]
pub mod stream;
#[doc(hidden)]
pub mod table;
#[doc(hidden)]
pub mod tokens;
#[doc(hidden)]
pub mod tools;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use options::{EmulatorOptions, PathStyle, ThreadsShape};

pub use state::{DEV_EMAIL, DEV_PASSWORD};

/// Request bodies held at once, in KiB: 256 MiB, however many clients send at once.
pub const BODY_BUDGET_KIB: usize = 256 * 1024;

/// Whether the emulator says on stderr why it refused something with a 500 (the
/// `emulator` command turns it on; an emulator inside tests stays quiet).
pub static EXPLAIN_ERRORS: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Says why, when [`EXPLAIN_ERRORS`] is on.
pub fn explain(why: &str) {
    if EXPLAIN_ERRORS.load(std::sync::atomic::Ordering::Relaxed) {
        crate::say!("emulator: {why}");
    }
}

/// Everything that shapes the emulator's behaviour.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file the state is kept in (`--data`); `None`: in memory only.
    pub data: Option<PathBuf>,
    /// How long a user token lives, in seconds.
    pub token_ttl: u64,
    /// The shape of `GET /threads/` (a list, or `{"threads": [...]}`).
    pub threads_shape: ThreadsShape,
    /// Which slash form of collection paths is served.
    pub path_style: PathStyle,
    /// How often a streamed run sends a keep-alive.
    pub ping_interval: Duration,
    /// The pause between streamed tokens.
    pub token_delay: Duration,
    /// Serves the fault-injection endpoints (`/_emulator/faults`).
    pub faults: bool,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// Thread credits each account gets.
    pub thread_max: i64,
    /// How runs are framed on the wire (production or upstream).
    pub framing: stream::Framing,
    /// The token the admin endpoints (`/_emulator/*`) require; `None`: a random one.
    pub admin_token: Option<String>,
    /// Browser origins allowed besides loopback ones (`--cors-origin`).
    pub cors_origins: Vec<String>,
    /// A non-loopback host name requests may name in `Host` (`--host`).
    pub allowed_host: Option<String>,
    /// How long a connection may take to send a request's headers.
    pub header_timeout: Duration,
    /// Connections served at once; more are closed as they come.
    pub max_connections: usize,
    /// `--rate-limit`: requests per window per token, or none.
    pub rate_limit: Option<ratelimit::RateLimit>,
    /// Log each request on stderr (method, path, status, time): `emulator start`
    /// does, unless `--quiet`; an emulator inside tests or `exec` stays quiet.
    pub log_requests: bool,
    /// `--mode`: what the emulator accepts, the platform's or upstream's.
    pub mode: options::Mode,
    /// `--require-verification`: an account logs in only after opening the
    /// verification link of its sign-up.
    pub require_verification: bool,
    /// `--import DIR`: the data to start from.
    pub import: Option<PathBuf>,
    /// `--export-on-exit`: the data written back to the import directory on stop.
    pub export_on_exit: bool,
    /// `--seed FILE.yaml`: projects, assistants and threads for the dev account.
    pub seed: Option<PathBuf>,
    /// `--model-url`: runs answered by a real model; `None`: the echo.
    pub model: Option<Arc<model::ModelConfig>>,
}

/// Lifetime of the tokens the emulator issues unless told otherwise: the
/// platform's 30 days (its guide, "Authentication").
pub const TOKEN_TTL: u64 = 30 * 24 * 3600;

impl Default for Config {
    fn default() -> Self {
        Config {
            data: None,
            token_ttl: TOKEN_TTL,
            threads_shape: ThreadsShape::List,
            path_style: PathStyle::Epsimo,
            ping_interval: Duration::from_secs(15),
            token_delay: Duration::ZERO,
            faults: false,
            max_body: 32 * 1024 * 1024,
            thread_max: state::DEFAULT_THREAD_MAX,
            framing: stream::Framing::Production,
            admin_token: None,
            cors_origins: Vec::new(),
            allowed_host: None,
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
            log_requests: false,
            rate_limit: None,
            mode: options::Mode::Platform,
            require_verification: false,
            import: None,
            export_on_exit: false,
            seed: None,
            model: None,
        }
    }
}

impl From<&EmulatorOptions> for Config {
    fn from(o: &EmulatorOptions) -> Self {
        Config {
            data: o.data.clone(),
            token_ttl: o.token_ttl,
            threads_shape: o.threads_shape,
            path_style: o.path_style,
            ping_interval: Duration::from_secs_f64(o.ping_interval.clamp(0.01, 86_400.0)),
            token_delay: Duration::from_millis(o.token_delay_ms),
            faults: o.faults,
            max_body: o.max_body,
            thread_max: o.thread_max,
            framing: o.stream_framing,
            admin_token: None,
            cors_origins: o.cors_origin.clone(),
            allowed_host: None,
            rate_limit: o.rate_limit,
            mode: o.mode,
            require_verification: o.require_verification,
            import: o.import.clone(),
            export_on_exit: o.export_on_exit,
            seed: o.seed.clone(),
            ..Config::default()
        }
    }
}

/// State shared by every request.
pub struct Shared {
    /// The configuration it was started with.
    pub cfg: Config,
    /// The token `/_emulator/*` requires (`Authorization: Bearer ...`).
    pub admin_token: String,
    /// KiB of request bodies held at once, across every connection.
    pub body_budget: Arc<tokio::sync::Semaphore>,
    /// The data.
    pub db: Mutex<state::Db>,
    /// The request log and faults of the admin endpoints.
    pub admin: admin::Admin,
    /// Requests counted per token for `--rate-limit`.
    pub rate_windows: ratelimit::Windows,
    /// `--data`'s file and journal; one save at a time, in the order changes were
    /// taken.
    journal: tokio::sync::Mutex<Option<journal::Journal>>,
}

impl Shared {
    /// Saves what changed to `--data` (if given) after a change: a line appended
    /// to its journal, or now and then the store written whole.
    pub async fn persist(&self) {
        let mut j = self.journal.lock().await;
        let Some(j) = j.as_mut() else { return };
        if let Err(e) = j.save(&self.db) {
            self.cannot_save(e);
        }
    }

    /// Writes `--data`'s file whole (at start and on a clean stop).
    async fn rewrite(&self) {
        let mut j = self.journal.lock().await;
        let Some(j) = j.as_mut() else { return };
        if let Err(e) = j.rewrite(&self.db) {
            self.cannot_save(e);
        }
    }

    fn cannot_save(&self, e: std::io::Error) {
        if let Some(path) = &self.cfg.data {
            crate::say!("emulator: cannot save state to {}: {e}", path.display());
        }
    }
}

/// A running emulator.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its state, shared with every request.
    pub shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Its URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The token the admin endpoints require.
    pub fn admin_token(&self) -> &str {
        &self.shared.admin_token
    }

    /// Stops accepting, lets requests in flight finish for a moment, then stops;
    /// with `--export-on-exit`, writes the data back to the import directory.
    pub async fn stop(self) {
        let _ = self.stop_and_export().await;
    }

    /// [`Running::stop`], saying whether the export on exit (if asked) worked.
    pub async fn stop_and_export(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let abort = self.task.abort_handle();
        if tokio::time::timeout(Duration::from_secs(3), &mut self.task)
            .await
            .is_err()
        {
            abort.abort();
        }
        self.shared.rewrite().await;
        match (&self.shared.cfg.import, self.shared.cfg.export_on_exit) {
            (Some(dir), true) => {
                let bundle = self.shared.db.lock().unwrap().bundle();
                dump::write_dir(&bundle, dir)
            }
            _ => Ok(()),
        }
    }
}

/// The accept loop: HTTP/1.1 with a deadline for each request's headers (a client
/// that trickles them, or never sends them, is dropped) and a bound on connections
/// served at once (more are closed on arrival, so a flood of slow clients cannot
/// exhaust file descriptors). On shutdown every connection finishes what is in
/// flight and closes.
async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    stop: tokio::sync::oneshot::Receiver<()>,
    header_timeout: Duration,
    limit: Arc<tokio::sync::Semaphore>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let (closing_tx, closing) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        // Out of descriptors or similar: breathe, then go on.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let Ok(permit) = limit.clone().try_acquire_owned() else {
                    drop(stream);
                    continue;
                };
                let service = TowerToHyperService::new(app.clone());
                let mut closing = closing.clone();
                connections.spawn(async move {
                    let _permit = permit;
                    let mut builder = hyper::server::conn::http1::Builder::new();
                    builder.timer(TokioTimer::new()).header_read_timeout(header_timeout);
                    let conn = builder
                        .serve_connection(TokioIo::new(stream), service)
                        .with_upgrades();
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = &mut conn => {}
                        _ = closing.changed() => {
                            conn.as_mut().graceful_shutdown();
                            let _ = conn.await;
                        }
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    let _ = closing_tx.send(true);
    while connections.join_next().await.is_some() {}
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Something else listens on that address already.
    #[error("{0} is in use by another program")]
    AddrInUse(SocketAddr),
    /// Any other reason, said in words.
    #[error("{0}")]
    Other(String),
}

impl From<String> for StartError {
    fn from(why: String) -> Self {
        StartError::Other(why)
    }
}

/// Binds to `addr` (port 0 picks a free port) and serves in the background.
pub async fn start(cfg: Config, addr: SocketAddr) -> Result<Running, StartError> {
    let mut db = match (&cfg.import, &cfg.data) {
        (Some(dir), _) => state::Db::from_bundle(dump::read_dir(dir)?),
        (None, Some(path)) => journal::load(path, &mut |w| crate::say!("emulator: {w}"))?,
        (None, None) => state::Db::new(),
    };
    for u in db.users.values_mut() {
        u.thread_max = cfg.thread_max;
    }
    if cfg.mode == options::Mode::Platform
        && let Some(dev) = db
            .user_by_email(state::DEV_EMAIL)
            .map(|u| u.user_id.clone())
    {
        db.ensure_main(&dev);
    }
    if let Some(path) = &cfg.seed {
        let seed = seed::read(path)?;
        let dev = db
            .user_by_email(state::DEV_EMAIL)
            .map(|u| u.user_id.clone())
            .unwrap_or_default();
        db.seed(&seed, &dev, cfg.mode)
            .map_err(|why| format!("{}: {why}", path.display()))?;
    }
    let admin_token = cfg
        .admin_token
        .clone()
        .unwrap_or_else(|| hex::encode(rand::random::<[u8; 16]>()));
    let shared = Arc::new(Shared {
        admin_token,
        body_budget: Arc::new(tokio::sync::Semaphore::new(BODY_BUDGET_KIB)),
        cfg,
        db: Mutex::new(db),
        admin: admin::Admin::default(),
        rate_windows: ratelimit::Windows::default(),
        journal: tokio::sync::Mutex::new(None),
    });
    if let Some(path) = &shared.cfg.data {
        journal::track(&mut shared.db.lock().unwrap());
        *shared.journal.lock().await = Some(journal::Journal::new(path.clone()));
        shared.rewrite().await;
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => StartError::AddrInUse(addr),
            _ => StartError::Other(format!("cannot listen on {addr}: {e}")),
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let app = routes::router(shared.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let header_timeout = shared.cfg.header_timeout;
    let limit = Arc::new(tokio::sync::Semaphore::new(shared.cfg.max_connections));
    let task = tokio::spawn(serve(listener, app, rx, header_timeout, limit));
    Ok(Running {
        addr,
        shared,
        shutdown: Some(tx),
        task,
    })
}
