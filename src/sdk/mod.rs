//! The library: a [`Client`] built once from a [`Session`], with the platform's
//! resources (projects, assistants, threads, runs, files, the thread database,
//! tools and the schema, credits, public access) and its workflows (the deploy
//! plan and its application, name resolution). Async on tokio; it prints nothing,
//! reads no environment variable, and keeps no process-wide state of its own.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use epsimo::emulator::{self, DEV_EMAIL, DEV_PASSWORD};
//! use epsimo::{Client, Session};
//!
//! // The built-in emulator, on a free port of this machine.
//! let emulator = emulator::start(emulator::Config::default(), "127.0.0.1:0".parse()?).await?;
//!
//! // Its account; a real one is `Session::platform().token(...)` or `.login(...)`.
//! let client = Client::new(Session::new(emulator.url()).login(DEV_EMAIL, DEV_PASSWORD))?;
//! let project = client.projects().create("docs-example").await?;
//! assert_eq!(project.name, "docs-example");
//! assert!(client.projects().list().await?.iter().any(|p| p.name == "docs-example"));
//! # emulator.stop().await;
//! # Ok(()) }
//! ```

mod error;
mod project;
mod run;
mod tests_run;
mod view;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::api::client::Given;
use crate::api::{Api, Options};
use crate::config::credentials::CredentialsFile;
use crate::contract::models::{NewProject, ProjectUpdate};

pub use crate::contract::models::{Assistant, Project, Thread, ThreadInfo, Wire};
pub use crate::contract::rules::DEFAULT_API_URL;
// The types of what the client offers this crate's front-ends beyond its public
// face (the crate-visible methods take and answer them): a front-end names them
// here, by the library's door, not in the layers under it.
pub(crate) use crate::platform::assistants::{Validation, Written};
pub(crate) use crate::platform::db_stream::StreamError;
pub(crate) use crate::platform::public::Publish;
pub(crate) use crate::platform::threads::{NotResumable, RunState, resumable};
pub use crate::stream::events::RunEvent;
pub(crate) use crate::stream::turn::{Conversation, Input, Outcome, Sink};
// The rules the command line applies before it asks (a purchase's size, a value's
// text, an outsider's id, the endpoint's snippets) and the schema cache's types.
pub(crate) use crate::api::schema::{
    Loaded as Schema, Source as SchemaSource, cached as cached_schema,
};
pub(crate) use crate::platform::account::check_quantity as check_purchase;
pub(crate) use crate::platform::db::parse_value;
pub(crate) use crate::platform::public::snippets as endpoint_snippets;
pub(crate) use crate::platform::resolve::not_an_id;
pub use error::{Error, ErrorKind, Fix, Result};
pub use project::{
    Action, Applied, Change, DeployPlan, ExportFormat, FieldChange, Manifest, ProjectClient,
};
pub(crate) use run::{Choice, Open};
pub use run::{PublicPiece, Run, RunEnd};
pub use tests_run::{TestOptions, TestReport, TestStatus};
pub(crate) use tests_run::{TestOutcome, TestSelection};
pub use view::{
    DEFAULT_THREAD_NAME, MAX_DATABASE_VALUE_BYTES, access_of, check_database_key, looks_like_id,
    masked_assistant, project_view, thread_name, transcript,
};

/// Where a [`Client`] talks to, as whom, and how patiently. Everything is given
/// here: the library reads no environment variable (a front-end reads its own and
/// passes them in).
#[derive(Debug, Clone)]
pub struct Session {
    url: String,
    token: Option<String>,
    login: Option<(String, String)>,
    project_token: Option<String>,
    stored: Option<(PathBuf, Option<String>)>,
    allow_insecure_http: bool,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    run_timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_rps: Option<f64>,
}

impl Session {
    /// A session with the API at `url` (`https://`, or `http://` on this machine),
    /// no credentials, and the defaults the CLI uses: connect 10 s, read 60 s, a
    /// request 300 s, a run 30 min, 3 retries.
    pub fn new(url: impl Into<String>) -> Session {
        Session {
            url: url.into().trim_end_matches('/').to_string(),
            token: None,
            login: None,
            project_token: None,
            stored: None,
            allow_insecure_http: false,
            connect_timeout: None,
            read_timeout: None,
            request_timeout: None,
            run_timeout: None,
            max_retries: None,
            max_rps: None,
        }
    }

    /// The platform's production API ([`DEFAULT_API_URL`]).
    pub fn platform() -> Session {
        Session::new(DEFAULT_API_URL)
    }

    /// Sends this user token (a JWT or API key) with every user-scoped call.
    pub fn token(mut self, token: impl Into<String>) -> Session {
        self.token = Some(token.into());
        self
    }

    /// Logs in with this e-mail and password when a call first needs a user token
    /// (and once more after the server refuses an expired one).
    pub fn login(mut self, email: impl Into<String>, password: impl Into<String>) -> Session {
        self.login = Some((email.into(), password.into()));
        self
    }

    /// Sends this project token with every project-scoped call, instead of fetching
    /// one with the user token.
    pub fn project_token(mut self, token: impl Into<String>) -> Session {
        self.project_token = Some(token.into());
        self
    }

    /// Uses the login `epsimo auth login` stored in the configuration directory
    /// `dir`, under its active profile (the one `epsimo auth switch` chose); a
    /// given token or login still wins. Project tokens are cached there as the
    /// CLI caches them. The token is sent only to the URL it was issued by.
    pub fn stored_login(mut self, dir: impl Into<PathBuf>) -> Session {
        self.stored = Some((dir.into(), None));
        self
    }

    /// [`Session::stored_login`] under the profile `profile`.
    pub fn stored_profile(
        mut self,
        dir: impl Into<PathBuf>,
        profile: impl Into<String>,
    ) -> Session {
        self.stored = Some((dir.into(), Some(profile.into())));
        self
    }

    /// Allows plain `http://` to a host that is not this machine (tokens would
    /// travel unencrypted).
    pub fn allow_insecure_http(mut self, allow: bool) -> Session {
        self.allow_insecure_http = allow;
        self
    }

    /// How long to wait for a connection.
    pub fn connect_timeout(mut self, d: Duration) -> Session {
        self.connect_timeout = Some(d);
        self
    }

    /// How long to wait for the next bytes of an answer.
    pub fn read_timeout(mut self, d: Duration) -> Session {
        self.read_timeout = Some(d);
        self
    }

    /// How long a request that is not a run may take in all.
    pub fn request_timeout(mut self, d: Duration) -> Session {
        self.request_timeout = Some(d);
        self
    }

    /// How long a streamed run may take in all.
    pub fn run_timeout(mut self, d: Duration) -> Session {
        self.run_timeout = Some(d);
        self
    }

    /// How many times a failed request (connection, 5xx, 429) is retried.
    pub fn max_retries(mut self, n: u32) -> Session {
        self.max_retries = Some(n);
        self
    }

    /// The most requests a second this client sends, on top of the server's limits.
    pub fn max_requests_per_second(mut self, rps: f64) -> Session {
        self.max_rps = Some(rps);
        self
    }

    /// The transport's options: the one place a session's settings become the
    /// client's.
    fn options(self) -> Options {
        let (store, profile) = match self.stored {
            Some((dir, named)) => {
                let file = CredentialsFile::new(dir);
                // An unreadable store is no login: the first call says so.
                let active = || file.load().ok().and_then(|s| s.active);
                let profile = named.or_else(active).unwrap_or_else(|| "default".into());
                (Some(file), profile)
            }
            None => (None, "default".to_string()),
        };
        let mut o = Options::new(self.url, profile, store);
        o.allow_insecure_http = self.allow_insecure_http;
        if let Some(d) = self.connect_timeout {
            o.connect_timeout = d;
        }
        if let Some(d) = self.read_timeout {
            o.read_timeout = d;
        }
        if let Some(d) = self.request_timeout {
            o.request_timeout = d;
        }
        if let Some(d) = self.run_timeout {
            o.run_timeout = d;
        }
        if let Some(n) = self.max_retries {
            o.retry.max_retries = n;
        }
        o.max_rps = self.max_rps;
        o.given = Given {
            token: self.token.map(|t| ("Session::token", t)),
            login: self.login,
            // The names say where a token came from in the errors about it.
            project_token: self.project_token.map(|t| ("Session::project_token", t)),
        };
        o
    }
}

/// A client of the Epsimo API, built once from a [`Session`]. Cheap to clone: the
/// clones share the session (tokens, the one re-login, the request pacing).
#[derive(Clone)]
pub struct Client {
    api: Arc<Api>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.api.base_url())
            .finish()
    }
}

/// The answer of a login.
#[derive(Debug, Clone)]
pub struct Login {
    /// The user token.
    pub token: String,
    /// When it expires (seconds since the epoch), when the server says.
    pub expires_at: Option<i64>,
    /// The account's main assistant, where the platform answers it.
    pub main_assistant_id: Option<String>,
    /// The account's main thread, where the platform answers it.
    pub main_thread_id: Option<String>,
}

impl Login {
    /// What a profile of the command line stores of it.
    pub(crate) fn stored(self) -> crate::api::LoginResult {
        crate::api::LoginResult {
            token: self.token,
            expires_at: self.expires_at,
            main_agent_id: self.main_assistant_id,
            main_thread_id: self.main_thread_id,
        }
    }
}

impl Client {
    /// A client for `session`. Fails on a URL that is not one, or plain `http://`
    /// to another machine without [`Session::allow_insecure_http`].
    pub fn new(session: Session) -> Result<Client> {
        Ok(Client {
            api: Arc::new(Api::new(session.options())?),
        })
    }

    /// A client on a transport a front-end of this crate built with its own
    /// observer and options (the command line's, the MCP server's).
    pub(crate) fn on(api: impl Into<Arc<Api>>) -> Client {
        Client { api: api.into() }
    }

    /// The server's schema as cached by an earlier call, while it is fresh (no
    /// request): for this crate's front-ends.
    pub(crate) fn cached_schema(&self) -> Option<crate::api::schema::Loaded> {
        crate::api::schema::fresh(&self.api)
    }

    /// The API's URL.
    pub fn url(&self) -> &str {
        self.api.base_url()
    }

    /// `POST /auth/login`: logs in and answers the token (stored nowhere; pass it
    /// to [`Session::token`] to use it).
    pub async fn log_in(&self, email: &str, password: &str) -> Result<Login> {
        let l = self.api.login(email, password).await?;
        Ok(Login {
            token: l.token,
            expires_at: l.expires_at,
            main_assistant_id: l.main_agent_id,
            main_thread_id: l.main_thread_id,
        })
    }

    /// `POST /auth/signup`: answers the server's message (the platform's says a
    /// verification e-mail was sent).
    pub async fn sign_up(&self, email: &str, password: &str) -> Result<Option<String>> {
        Ok(crate::platform::account::signup(&self.api, email, password).await?)
    }

    /// Who the user `token` is, and its thread credits (the token is checked, not
    /// stored): for `auth login --with-token`.
    pub(crate) async fn credits_with(&self, token: &str) -> Result<ThreadInfo> {
        Ok(crate::platform::account::thread_info_with(&self.api, token).await?)
    }

    /// Who is logged in, and the thread credits used and allowed.
    pub async fn credits(&self) -> Result<ThreadInfo> {
        Ok(crate::platform::account::thread_info(&self.api).await?)
    }

    /// Opens a checkout session for `quantity` thread credits at `total_eur`
    /// (the estimate shown; the checkout shows the final price): for this crate's
    /// front-ends.
    pub(crate) async fn checkout(
        &self,
        quantity: i64,
        total_eur: f64,
    ) -> Result<crate::platform::account::Checkout> {
        Ok(crate::platform::account::checkout(&self.api, quantity, total_eur).await?)
    }

    /// The built-in tools the server offers (`GET /tools/`).
    pub async fn tools(&self) -> Result<Vec<serde_json::Value>> {
        Ok(crate::platform::tools::list(&self.api).await?)
    }

    /// `GET /health/tool/TYPE`: whether the platform can reach what the tool type
    /// needs, the server's answer as it is (`status`, ...).
    pub async fn tool_health(&self, tool_type: &str) -> Result<serde_json::Value> {
        Ok(crate::platform::tools::health(&self.api, tool_type).await?)
    }

    /// `GET /_emulator/export`: every record of a running built-in emulator, with
    /// its admin token: for `emulator export`.
    pub(crate) async fn emulator_export(&self, admin_token: &str) -> Result<serde_json::Value> {
        Ok(crate::platform::emulator_admin::export(&self.api, admin_token).await?)
    }

    /// Sends `call` as it is and answers the server's successful response (a
    /// failure is an [`Error`], as any call's): for `epsimo api`, the command
    /// line's raw requests.
    pub(crate) async fn send_raw(&self, call: &crate::api::Call) -> Result<reqwest::Response> {
        Ok(self.api.send(call).await?)
    }

    /// The body of a response [`Client::send_raw`] answered, read within the
    /// transport's limits.
    pub(crate) async fn read_body(
        &self,
        response: reqwest::Response,
    ) -> Result<crate::api::client::Body> {
        Ok(self.api.body(response).await?)
    }

    /// The account's projects.
    pub fn projects(&self) -> Projects<'_> {
        Projects { client: self }
    }

    /// The project `id`: its assistants, threads, runs, files and databases.
    pub fn project(&self, id: impl Into<String>) -> ProjectClient {
        ProjectClient::new(self.api.clone(), id.into())
    }
}

/// The account's projects ([`Client::projects`]).
#[derive(Debug, Clone, Copy)]
pub struct Projects<'a> {
    client: &'a Client,
}

impl Projects<'_> {
    /// Every project of the account.
    pub async fn list(&self) -> Result<Vec<Wire<Project>>> {
        Ok(crate::platform::projects::list(&self.client.api).await?)
    }

    /// The project `id`.
    pub async fn get(&self, id: &str) -> Result<Wire<Project>> {
        Ok(crate::platform::projects::get(&self.client.api, id).await?)
    }

    /// A new project named `name`.
    pub async fn create(&self, name: &str) -> Result<Wire<Project>> {
        self.create_described(name, "").await
    }

    /// A new project named `name`, described by `description`.
    pub async fn create_described(&self, name: &str, description: &str) -> Result<Wire<Project>> {
        let new = NewProject {
            name: name.to_string(),
            description: description.to_string(),
            metadata: Default::default(),
        };
        Ok(crate::platform::projects::create(&self.client.api, &new).await?)
    }

    /// Renames the project `id`.
    pub async fn rename(&self, id: &str, name: &str) -> Result<Wire<Project>> {
        self.update(id, Some(name), None).await
    }

    /// Changes the project's name, description, or both (what is `None` stays).
    pub async fn update(
        &self,
        id: &str,
        name: Option<&str>,
        description: Option<&str>,
    ) -> Result<Wire<Project>> {
        let change = ProjectUpdate {
            name: name.map(str::to_string),
            description: description.map(str::to_string),
            metadata: Default::default(),
        };
        Ok(crate::platform::projects::update(&self.client.api, id, &change).await?)
    }

    /// Deletes the project `id` with everything in it.
    pub async fn delete(&self, id: &str) -> Result<()> {
        Ok(crate::platform::projects::delete(&self.client.api, id).await?)
    }

    /// The id of the project `name_or_id`: an id as given, a name looked up (two
    /// projects of that name are an error listing their ids).
    pub async fn resolve(&self, name_or_id: &str) -> Result<String> {
        Ok(crate::platform::projects::resolve(&self.client.api, name_or_id).await?)
    }
}
