//! The emulator's options, as `emulator start` and `emulator exec` take them.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Args, Clone)]
pub struct EmulatorOptions {
    /// Load state from FILE at start and save it there after every change
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Lifetime of issued tokens, in seconds (at most a year; the platform's are 30 days)
    #[arg(long, default_value_t = super::TOKEN_TTL, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    pub token_ttl: u64,
    /// Shape of `GET /threads/`: a plain list, or {"threads": [...], "total": N}
    #[arg(long, value_enum, default_value_t = ThreadsShape::List)]
    pub threads_shape: ThreadsShape,
    /// Creation paths: Epsimo's (`POST /assistants/`) or upstream OpenGPTs' (`POST /assistants`)
    #[arg(long, value_enum, default_value_t = PathStyle::Epsimo)]
    pub path_style: PathStyle,
    /// Seconds of silence before a `: ping` keep-alive in a stream
    #[arg(long, default_value_t = 15.0, value_name = "SECS", value_parser = ping_seconds)]
    pub ping_interval: f64,
    /// Delay between streamed tokens, in milliseconds
    #[arg(long, default_value_t = 0, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub token_delay_ms: u64,
    /// Enable the /_emulator/ admin endpoints: fault injection and the request log
    #[arg(long)]
    pub faults: bool,
    /// Threads each account may create (the credit allowance `/auth/thread-info` reports)
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub thread_max: i64,
    /// How runs are streamed: the platform's framing, or another server's (for
    /// testing clients): new-only, full-state, legacy
    #[arg(long, value_enum, default_value_t = Framing::Production, value_name = "FRAMING")]
    pub stream_framing: Framing,
    /// A browser origin allowed to call the emulator besides loopback ones
    /// (repeatable), e.g. https://app.example.test
    #[arg(long, value_name = "ORIGIN")]
    pub cors_origin: Vec<String>,
    /// Allow each token N requests per second or per minute (N/s, N/min); past it,
    /// 429 with Retry-After. Every answer carries the X-RateLimit-* headers
    #[arg(long, value_name = "N/s|N/min")]
    pub rate_limit: Option<super::ratelimit::RateLimit>,
    /// What the emulator accepts: `platform` takes what the platform's documents and
    /// clients send (GPT-4O, agent_type: agent, tools with their own descriptions,
    /// documented settings); `upstream` is strict exactly as upstream OpenGPTs was
    /// recorded (no keys, no network: the tools that need them fail as there)
    #[arg(long, value_enum, default_value_t = Mode::Platform, value_name = "MODE")]
    pub mode: Mode,
    /// Sign-up sends a verification e-mail, as the platform does, and an account
    /// logs in only once its link is opened. The emulator sends no mail: it prints
    /// the link (and `GET /_emulator/mail` lists them)
    #[arg(long)]
    pub require_verification: bool,
    /// Largest request body accepted, in bytes (larger ones get 413)
    #[arg(long, default_value_t = 32 * 1024 * 1024, value_name = "BYTES")]
    pub max_body: usize,
    /// Start from the data in DIR (written by --export-on-exit or
    /// `epsimo emulator export`: one JSON file per user, project, assistant,
    /// file and thread)
    #[arg(long, value_name = "DIR", conflicts_with = "data")]
    pub import: Option<PathBuf>,
    /// Write the data back to the --import directory on a clean stop (Ctrl-C)
    #[arg(long, requires = "import")]
    pub export_on_exit: bool,
    /// Add projects, assistants (tools by library name) and threads with their
    /// databases to the dev account from a small YAML file; by name, so nothing
    /// is added twice
    #[arg(long, value_name = "FILE.yaml")]
    pub seed: Option<PathBuf>,
    /// Answer runs with a real model: the base URL of an OpenAI-compatible API
    /// (e.g. http://localhost:11434/v1 for Ollama) or its /chat/completions URL.
    /// Without it the echo model answers
    #[arg(long, value_name = "URL")]
    pub model_url: Option<String>,
    /// The model to ask for (default: each assistant's own model name)
    #[arg(long, value_name = "NAME", requires = "model_url")]
    pub model: Option<String>,
    /// The environment variable that holds the model API's key (sent as a bearer
    /// token)
    #[arg(long, value_name = "VAR", requires = "model_url")]
    pub model_key_env: Option<String>,
    /// Model calls one run may make; a run that needs more ends with an error
    #[arg(long, default_value_t = DEFAULT_MODEL_STEPS, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100))]
    pub model_steps: usize,
}

/// How many model calls a run may make unless `--model-steps` says otherwise.
/// Upstream's graphs run under LangGraph's recursion limit of 25 node steps, about
/// twelve model calls with a tool step between each.
pub const DEFAULT_MODEL_STEPS: usize = 12;

/// `--ping-interval`: a finite number of seconds from 0.01 to a day.
fn ping_seconds(raw: &str) -> Result<f64, String> {
    let d = crate::env::parse_seconds(raw)?;
    if d.as_secs_f64() < 0.01 {
        return Err("must be at least 0.01 seconds".into());
    }
    Ok(d.as_secs_f64())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum ThreadsShape {
    List,
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum PathStyle {
    Epsimo,
    Opengpts,
}

/// What the emulator accepts (CONTRACT.md, "Which source wins").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// What the platform's documents and clients send (the default).
    #[default]
    Platform,
    /// Strict exactly as upstream OpenGPTs was recorded.
    Upstream,
}

/// The stream framings other servers use, for testing clients against each
/// (CONTRACT.md, "Streaming format"). `production` is what the platform sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Framing {
    // The first data event re-sends the history and the input; then only new or
    // changed messages (the recorded upstream framing).
    #[default]
    Production,
    // Only new messages from the start: no event re-sends the history.
    NewOnly,
    // The whole state, history included, in every data event (older servers).
    FullState,
    // The older documented framing: `event: messages`, each message on its own
    // `data:` line, and a final `data: [DONE]` instead of `end`.
    Legacy,
}
