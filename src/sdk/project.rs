//! One project's resources and workflows ([`ProjectClient`]).

use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{Assistant, Error, Result, Thread, Wire};
use crate::api::Api;
use crate::platform::{assistants, db, files, public, threads};

/// One project of the account: its assistants, threads, runs, files, thread
/// databases, public access, and the deploy workflow ([`crate::Client::project`]).
#[derive(Clone)]
pub struct ProjectClient {
    pub(super) api: Arc<Api>,
    pub(super) id: String,
}

impl std::fmt::Debug for ProjectClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProjectClient")
            .field("id", &self.id)
            .finish()
    }
}

impl ProjectClient {
    pub(super) fn new(api: Arc<Api>, id: String) -> Self {
        ProjectClient { api, id }
    }

    /// The project's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    // What this crate's front-ends call that the public face does not offer yet:
    // the types are the layers' own.

    /// The server's schema (bot types, model families, tool types): the cached one
    /// while fresh, else fetched; with `refresh`, fetched.
    pub(crate) async fn schema(&self, refresh: bool) -> Result<crate::api::schema::Loaded> {
        Ok(if refresh {
            crate::api::schema::fetch(&self.api, &self.id).await?
        } else {
            crate::api::schema::load(&self.api, &self.id).await?
        })
    }

    /// The assistant a new thread talks to: the id given, the assistant named (the
    /// manifest's, if the project lacks it, says to deploy), or the only one.
    pub(crate) async fn pick_assistant(&self, choice: super::Choice<'_>) -> Result<String> {
        Ok(threads::pick_assistant(&self.api, &self.id, choice).await?)
    }

    /// Creates an assistant from what is asked, checked as `how` says against the
    /// server's schema; answers it with what the checks let through.
    pub(crate) async fn create_checked(
        &self,
        desired: crate::contract::assistant::Desired,
        tools: &[String],
        how: assistants::Validation,
    ) -> Result<assistants::Written> {
        Ok(assistants::create_checked(&self.api, &self.id, desired, tools, how).await?)
    }

    /// Updates the assistant `id` with what is asked, checked as `how` says.
    pub(crate) async fn update_checked(
        &self,
        id: &str,
        desired: crate::contract::assistant::Desired,
        tools: &[String],
        how: assistants::Validation,
    ) -> Result<assistants::Written> {
        Ok(assistants::update_checked(&self.api, &self.id, id, desired, tools, how).await?)
    }

    /// Sets who may call the assistant `id` through the public routes; answers the
    /// access in force and its token.
    pub(crate) async fn set_access(
        &self,
        id: &str,
        access: public::Publish,
    ) -> Result<public::Published> {
        Ok(public::publish(&self.api, &self.id, id, access).await?)
    }

    /// The thread, and its state or why it could not be read.
    pub(crate) async fn thread_with_state(
        &self,
        id: &str,
    ) -> Result<(Wire<Thread>, crate::error::Result<Value>)> {
        Ok(threads::with_state(&self.api, &self.id, id).await?)
    }

    /// Whether the thread's last run is idle, paused before tools, or stopped on a
    /// failed tool call, from its `state`.
    pub(crate) async fn run_state(
        &self,
        assistant_id: Option<&str>,
        state: &Value,
    ) -> threads::RunState {
        threads::run_state(&self.api, &self.id, assistant_id, state).await
    }

    // Assistants.

    /// The project's assistants, as the server sent them.
    pub async fn assistants(&self) -> Result<Vec<Wire<Assistant>>> {
        Ok(assistants::list(&self.api, &self.id).await?)
    }

    /// The assistant `id`.
    pub async fn assistant(&self, id: &str) -> Result<Wire<Assistant>> {
        Ok(assistants::get(&self.api, &self.id, id).await?)
    }

    /// A new assistant from its whole body (`name`, `config.configurable`, ...),
    /// sent as given: the server is the judge of it.
    pub async fn create_assistant(&self, body: Value) -> Result<Wire<Assistant>> {
        Ok(assistants::create(&self.api, &self.id, body).await?)
    }

    /// Makes the assistant `id` look like `whole` (its full body), sending only the
    /// keys that change where the server has PATCH, else the whole body.
    pub async fn update_assistant(&self, id: &str, whole: Value) -> Result<Wire<Assistant>> {
        let current = assistants::get(&self.api, &self.id, id).await?;
        Ok(assistants::write_changes(&self.api, &self.id, id, current.raw(), whole).await?)
    }

    /// Deletes the assistant `id` (one that is not there is [`ErrorKind::NotFound`](crate::ErrorKind::NotFound)).
    pub async fn delete_assistant(&self, id: &str) -> Result<()> {
        Ok(assistants::delete_existing(&self.api, &self.id, id).await?)
    }

    /// Deletes the assistant `id` once `confirm`, shown it, agrees; answers whether
    /// it was deleted. It is read first (the server answers "ok" for any id), so one
    /// that is not there is [`ErrorKind::NotFound`](crate::ErrorKind::NotFound)
    /// before anyone is asked.
    pub async fn delete_assistant_if<E: From<Error>>(
        &self,
        id: &str,
        confirm: impl FnOnce(&Wire<Assistant>) -> std::result::Result<bool, E>,
    ) -> std::result::Result<bool, E> {
        let found = self.assistant(id).await;
        confirmed(found, confirm, assistants::delete(&self.api, &self.id, id)).await
    }

    /// The id of the assistant `name_or_id`: an id as given, a name looked up (a
    /// name two assistants share is refused, listing their ids).
    pub async fn resolve_assistant(&self, name_or_id: &str) -> Result<String> {
        Ok(assistants::resolve(&self.api, &self.id, name_or_id).await?)
    }

    // Threads.

    /// The project's threads, as the server sent them.
    pub async fn threads(&self) -> Result<Vec<Wire<Thread>>> {
        Ok(threads::list(&self.api, &self.id).await?)
    }

    /// The thread `id`.
    pub async fn thread(&self, id: &str) -> Result<Wire<Thread>> {
        Ok(threads::get(&self.api, &self.id, id).await?)
    }

    /// A new thread of the assistant `assistant_id`, named `name` (else the
    /// platform's default name).
    pub async fn create_thread(
        &self,
        assistant_id: &str,
        name: Option<&str>,
    ) -> Result<Wire<Thread>> {
        Ok(threads::create(&self.api, &self.id, assistant_id, name).await?)
    }

    /// Deletes the thread `id` (one that is not there is [`ErrorKind::NotFound`](crate::ErrorKind::NotFound)).
    pub async fn delete_thread(&self, id: &str) -> Result<()> {
        Ok(threads::delete_existing(&self.api, &self.id, id).await?)
    }

    /// Deletes the thread `id` once `confirm`, shown it, agrees; answers whether it
    /// was deleted. It is read first (the server answers "ok" for any id), so one
    /// that is not there is [`ErrorKind::NotFound`](crate::ErrorKind::NotFound)
    /// before anyone is asked.
    pub async fn delete_thread_if<E: From<Error>>(
        &self,
        id: &str,
        confirm: impl FnOnce(&Wire<Thread>) -> std::result::Result<bool, E>,
    ) -> std::result::Result<bool, E> {
        let found = self.thread(id).await;
        confirmed(found, confirm, threads::delete(&self.api, &self.id, id)).await
    }

    /// The thread's checkpoints, newest first, as the server sent them (`GET
    /// /threads/{id}/history`).
    pub async fn thread_history(&self, id: &str) -> Result<Value> {
        self.thread_read(id, "/history").await
    }

    /// The thread's `state` or `history` (`rest`: `/state`, `/history`) as the
    /// server sent it, the read retried like any other: for `threads state`.
    pub(crate) async fn thread_read(&self, id: &str, rest: &str) -> Result<Value> {
        Ok(threads::raw(&self.api, &self.id, id, rest).await?)
    }

    /// The thread's state (`values` with its messages and database, `next`, ...),
    /// as the server sent it.
    pub async fn thread_state(&self, id: &str) -> Result<Value> {
        Ok(threads::state(&self.api, &self.id, id).await?)
    }

    /// The id of the thread `id_or_name`: an id as given, else the thread it names
    /// or begins (refused with the candidates otherwise).
    pub async fn resolve_thread(&self, id_or_name: &str) -> Result<String> {
        Ok(threads::resolve(&self.api, &self.id, id_or_name).await?)
    }

    /// The thread's conversation as a file's text: Markdown, JSON or JSON Lines,
    /// with tool calls and results and the thread's database at the end.
    pub async fn export_thread(&self, id: &str, format: ExportFormat) -> Result<String> {
        Ok(crate::platform::export::export(&self.api, &self.id, id, format).await?)
    }

    // The Virtual Database.

    /// The thread's database: the top-level keys of its state other than `messages`.
    pub async fn database(&self, thread_id: &str) -> Result<Map<String, Value>> {
        Ok(db::read(&self.api, &self.id, thread_id).await?)
    }

    /// Writes the thread's database to `out` as its state arrives, one line of
    /// compact JSON with the values as the server sent them, holding none of the
    /// body but the member being read; answers how many keys were written (none:
    /// nothing was). For `db query`, piped: a database can be many megabytes.
    pub(crate) async fn stream_database(
        &self,
        thread_id: &str,
        out: &mut impl std::io::Write,
    ) -> std::result::Result<usize, super::StreamError> {
        db::stream_database(&self.api, &self.id, thread_id, out).await
    }

    /// One key of the thread's database (a key that is not there is
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound)).
    pub async fn database_get(&self, thread_id: &str, key: &str) -> Result<Value> {
        Ok(db::get(&self.api, &self.id, thread_id, key).await?)
    }

    /// Writes one key of the thread's database (the server merges keys: the others
    /// stay).
    pub async fn database_set(&self, thread_id: &str, key: &str, value: &Value) -> Result<()> {
        Ok(db::write(&self.api, &self.id, thread_id, key, value).await?)
    }

    // Files.

    /// The files uploaded to the assistant, as the server lists them.
    pub async fn files(&self, assistant_id: &str) -> Result<Value> {
        Ok(files::list(&self.api, &self.id, assistant_id).await?)
    }

    /// Uploads one file (its name and bytes) to the assistant, for retrieval.
    pub async fn upload_file(
        &self,
        assistant_id: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<Value> {
        let name = name.to_string();
        let bytes = bytes::Bytes::from(bytes);
        let form = move || {
            let part = reqwest::multipart::Part::stream_with_length(
                reqwest::Body::from(bytes.clone()),
                bytes.len() as u64,
            )
            .file_name(name.clone());
            reqwest::multipart::Form::new().part("files", part)
        };
        let form = crate::api::Payload::Multipart(Arc::new(form));
        Ok(files::upload(&self.api, &self.id, assistant_id, form).await?)
    }

    /// Uploads the files of a multipart form a front-end of this crate built (with
    /// its own progress reporting) to the assistant: for `files upload`.
    pub(crate) async fn upload_form(
        &self,
        assistant_id: &str,
        form: crate::api::Payload,
    ) -> Result<Value> {
        Ok(files::upload(&self.api, &self.id, assistant_id, form).await?)
    }

    /// Deletes an uploaded file.
    pub async fn delete_file(&self, assistant_id: &str, file_id: &str) -> Result<()> {
        Ok(files::delete(&self.api, &self.id, assistant_id, file_id).await?)
    }

    // Public access.

    /// Lets anyone holding a public token call the assistant through the public
    /// routes: `token` if given, else a new random one; an assistant that has one
    /// keeps it unless `rotate`. Answers the token in force.
    pub async fn publish(&self, id: &str, token: Option<String>, rotate: bool) -> Result<String> {
        let done = public::publish(
            &self.api,
            &self.id,
            id,
            public::Publish::Token { token, rotate },
        )
        .await?;
        done.token.ok_or_else(|| {
            Error::from(crate::error::CliError::failure(
                "the server set public_token access but no token was answered",
            ))
        })
    }

    /// The URLs public callers use: the OpenAI-compatible chat completions endpoint
    /// and the platform's own streaming run (`/public/runs/stream`).
    pub fn public_endpoints(&self) -> (String, String) {
        public::endpoints(&self.api)
    }

    /// Lets anyone call the assistant through the public routes, with no token.
    pub async fn publish_without_token(&self, id: &str) -> Result<()> {
        public::publish(&self.api, &self.id, id, public::Publish::NoAuth).await?;
        Ok(())
    }

    /// Back to logged-in users only: public calls are refused.
    pub async fn unpublish(&self, id: &str) -> Result<()> {
        public::publish(&self.api, &self.id, id, public::Publish::Authenticated).await?;
        Ok(())
    }

    // Deploy.

    /// The plan that would make the project's assistants match the manifest at
    /// `path` (an `epsimo.yaml`): the manifest is checked against the server's
    /// schema first, and refused where the server says it would fail. With `prune`,
    /// assistants the manifest does not name are to be deleted.
    pub async fn deploy_plan(&self, path: &Path, prune: bool) -> Result<DeployPlan> {
        let m = Manifest::load(path)?;
        self.plan(&m, prune, true).await
    }

    /// The plan that would make the project's assistants match `manifest`. With
    /// `checked`, the manifest is checked against the server's schema first and
    /// refused where the server says it would fail; without, it is sent as written.
    pub async fn plan(
        &self,
        manifest: &Manifest,
        prune: bool,
        checked: bool,
    ) -> Result<DeployPlan> {
        let how = if checked {
            assistants::Validation::Checked
        } else {
            assistants::Validation::AsWritten
        };
        let plan = crate::deploy::against(&self.api, &self.id, &manifest.inner, prune, how).await?;
        Ok(DeployPlan::of(plan, manifest.inner.clone()))
    }

    /// Applies a plan made by [`ProjectClient::deploy_plan`], a few requests at a
    /// time. A change that fails does not stop the others: see [`Applied::failed`].
    /// When it created assistants, the project is listed again: two deploys at
    /// once (CI runners) can each create one, and duplicates are an error.
    pub async fn deploy_apply(&self, plan: &DeployPlan) -> Result<Applied> {
        // No signal handler is installed: dropping the future stops it.
        self.deploy_apply_until(plan, std::future::pending()).await
    }

    /// [`ProjectClient::deploy_apply`], starting nothing new once `stop` is ready
    /// (the changes under way finish; [`Applied::interrupted`] says so).
    pub async fn deploy_apply_until(
        &self,
        plan: &DeployPlan,
        stop: impl std::future::Future<Output = ()>,
    ) -> Result<Applied> {
        let out = crate::deploy::apply::apply_checked(
            &self.api,
            &self.id,
            &plan.manifest,
            &plan.inner,
            stop,
        )
        .await?;
        Ok(Applied {
            applied: out.applied,
            failed: out
                .failed
                .into_iter()
                .map(|(what, e)| (what, Error::from(e)))
                .collect(),
            ids: out.ids,
            interrupted: out.interrupted,
        })
    }
}

/// What was `found`, shown to `confirm`; `delete` (not started before) runs only
/// when it agrees.
async fn confirmed<T, E: From<Error>>(
    found: Result<T>,
    confirm: impl FnOnce(&T) -> std::result::Result<bool, E>,
    delete: impl std::future::Future<Output = crate::error::Result<()>>,
) -> std::result::Result<bool, E> {
    if !confirm(&found?)? {
        return Ok(false);
    }
    delete.await.map_err(Error::from)?;
    Ok(true)
}

pub use crate::deploy::Action;

/// A manifest (`epsimo.yaml`): the assistants a project should have, read and
/// checked for its structure (the server's schema is asked when a plan is made).
#[derive(Debug, Clone)]
pub struct Manifest {
    inner: crate::config::manifest::Manifest,
}

impl Manifest {
    /// Reads the manifest at `path`; `${VAR}` in it is read from the process's
    /// environment when it names a variable the manifest may use.
    pub fn load(path: &Path) -> Result<Manifest> {
        Ok(Manifest {
            inner: crate::config::manifest::Manifest::load(path)?,
        })
    }

    /// [`Manifest::load`], refusing a file it includes from outside `root`.
    pub fn load_within(path: &Path, root: &Path) -> Result<Manifest> {
        Ok(Manifest {
            inner: crate::config::manifest::Manifest::load_in(path, root)?,
        })
    }

    /// The project's name, as the manifest declares it.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The project it is linked to (`project_id:`), when it says.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.project_id.as_deref()
    }

    /// How many assistants it declares.
    pub fn assistants(&self) -> usize {
        self.inner.assistants.len()
    }
}

impl From<crate::config::manifest::Manifest> for Manifest {
    fn from(inner: crate::config::manifest::Manifest) -> Manifest {
        Manifest { inner }
    }
}
pub use crate::platform::export::Format as ExportFormat;

/// What a deploy would do ([`ProjectClient::deploy_plan`]).
#[derive(Debug, Clone)]
pub struct DeployPlan {
    /// One entry per assistant of the manifest or the project.
    pub changes: Vec<Change>,
    inner: crate::deploy::Plan,
    manifest: crate::config::manifest::Manifest,
}

/// One assistant's part of a [`DeployPlan`].
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What happens to it.
    pub action: Action,
    /// Its name.
    pub name: String,
    /// Its id, when it exists on the platform.
    pub assistant_id: Option<String>,
    /// What an update changes.
    pub fields: Vec<FieldChange>,
}

/// One field an update changes.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field (`name`, `instructions`, `tools`, ...).
    pub field: String,
    /// Its value now.
    pub from: Value,
    /// Its value after the deploy.
    pub to: Value,
}

impl DeployPlan {
    fn of(inner: crate::deploy::Plan, manifest: crate::config::manifest::Manifest) -> DeployPlan {
        let changes = inner
            .changes
            .iter()
            .map(|c| Change {
                action: c.action,
                name: c.name.clone(),
                assistant_id: c.assistant_id.clone(),
                fields: c
                    .fields
                    .iter()
                    .map(|f| FieldChange {
                        field: f.field.to_string(),
                        from: f.from.clone(),
                        to: f.to.clone(),
                    })
                    .collect(),
            })
            .collect();
        DeployPlan {
            changes,
            inner,
            manifest,
        }
    }

    /// True when applying would change something.
    pub fn pending(&self) -> bool {
        self.inner.pending()
    }

    /// The name and id of each assistant the project keeps after applying (not
    /// those deleted or left alone): the id the apply answered ([`Applied::ids`]),
    /// else the one it had.
    pub fn assistants_after(&self, ids: &[(String, String)]) -> Vec<(String, String)> {
        self.inner
            .changes
            .iter()
            .filter(|c| !matches!(c.action, Action::Delete | Action::Orphan))
            .filter_map(|c| Some((c.name.clone(), c.id_after(ids)?)))
            .collect()
    }

    /// How many changes do `action`.
    pub fn count(&self, action: Action) -> usize {
        self.inner.count(action)
    }

    /// What the checks said and let through (warnings and notes).
    pub fn warnings(&self) -> Vec<String> {
        self.inner
            .findings
            .iter()
            .map(|f| f.message.clone())
            .collect()
    }

    /// The same, typed, for a front-end of this crate to show.
    pub(crate) fn findings(&self) -> &[crate::contract::assistant::Finding] {
        &self.inner.findings
    }

    /// The plan for people, values from the environment masked: one line per
    /// change, what updates change, and the assistants the manifest does not name
    /// with `how_to_prune` (the caller's words for deleting them).
    pub fn render(&self, color: bool, how_to_prune: &str) -> String {
        crate::deploy::render_with(&self.shown(), color, how_to_prune)
    }

    /// The plan as JSON for project `project_id` (`changes`, `summary`,
    /// `not_in_manifest`), values from the environment masked; `ids` (from
    /// [`Applied::ids`]) fill in the assistants created.
    pub fn report(&self, project_id: &str, ids: &[(String, String)]) -> Value {
        crate::deploy::report_json(project_id, &self.shown(), ids)
    }

    /// The plan with what came from the environment masked.
    pub(crate) fn shown(&self) -> crate::deploy::Plan {
        self.inner.masked(&self.manifest.from_env)
    }
}

/// What [`ProjectClient::deploy_apply`] did.
#[derive(Debug)]
pub struct Applied {
    /// What was done, as `create NAME`, `update NAME`, `delete NAME`.
    pub applied: Vec<String>,
    /// What failed, with why.
    pub failed: Vec<(String, Error)>,
    /// The name and id of every manifest assistant that exists now.
    pub ids: Vec<(String, String)>,
    /// Stopped before the end ([`ProjectClient::deploy_apply_until`]): nothing new
    /// was started after.
    pub interrupted: bool,
}
