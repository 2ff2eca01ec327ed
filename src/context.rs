//! What every front-end gets: the printer, the global flags, and the way to the
//! API ([`Ctx`]), with the prompts a person may be asked on a terminal. The
//! commands and the MCP server both stand on it; it stands on neither.

use std::io::BufRead;

use crate::api::Api;
use crate::cli::{GlobalArgs, ProjectArg};
use crate::config::config_dir;
use crate::config::credentials::CredentialsFile;
use crate::config::manifest;
use crate::config::settings;
use crate::env;
use crate::error::{CliError, Exit, Result};
use crate::output::Printer;

/// What every command gets: the printer, the global flags, and the way to the API.
pub struct Ctx {
    pub printer: Printer,
    pub global: GlobalArgs,
    /// The configuration directory, when not the usual one (in-process tests).
    config_dir: Option<std::path::PathBuf>,
    /// The profile in use, resolved once.
    profile: std::sync::OnceLock<settings::Setting>,
    /// The credential store as it was when first needed to resolve the profile and
    /// the URL: read once per command, not once for each.
    store: std::sync::OnceLock<Option<crate::config::credentials::Store>>,
    /// The command's one API client, built on first need from the settings
    /// resolved once (flags, environment, store): every call shares its session
    /// (tokens, re-login, pacing).
    api: std::sync::Mutex<Option<std::sync::Arc<Api>>>,
}

impl Ctx {
    /// `printer` is the one `run` built from the same flags (it also prints the
    /// final error), so a command and the top level never disagree on the output.
    pub fn new(global: GlobalArgs, printer: Printer) -> Self {
        Ctx {
            printer,
            global,
            config_dir: None,
            profile: std::sync::OnceLock::new(),
            store: std::sync::OnceLock::new(),
            api: std::sync::Mutex::new(None),
        }
    }

    /// A context whose configuration directory is `dir` (in-process tests, the
    /// throw-away emulator of `epsimo test`), else the usual one.
    pub fn with_config_dir(
        global: GlobalArgs,
        printer: Printer,
        dir: Option<std::path::PathBuf>,
    ) -> Self {
        Ctx {
            config_dir: dir,
            ..Ctx::new(global, printer)
        }
    }

    /// The configuration directory this context was given, if not the usual one.
    pub fn config_dir(&self) -> Option<std::path::PathBuf> {
        self.config_dir.clone()
    }

    /// The store as the command found it (see `store`); `None` when unreadable.
    fn stored(&self) -> Option<&crate::config::credentials::Store> {
        self.store
            .get_or_init(|| self.credentials().ok().and_then(|c| c.load().ok()))
            .as_ref()
    }

    pub fn profile(&self) -> String {
        self.profile_setting().value
    }

    /// The profile in use and where its name came from: `--profile` >
    /// `EPSIMO_PROFILE` > the active profile (`epsimo auth switch`) > `default`.
    pub fn profile_setting(&self) -> settings::Setting {
        self.profile
            .get_or_init(|| {
                let named = self
                    .global
                    .profile
                    .clone()
                    .or_else(|| env::get(env::PROFILE));
                // The store is read only when nothing named a profile.
                let active = if named.is_some() {
                    None
                } else {
                    self.stored().and_then(|s| s.active.clone())
                };
                settings::profile(self.global.profile.clone(), env::get(env::PROFILE), active)
            })
            .clone()
    }

    pub fn credentials(&self) -> Result<CredentialsFile> {
        match &self.config_dir {
            Some(dir) => Ok(CredentialsFile::new(dir.clone())),
            None => Ok(CredentialsFile::new(config_dir()?)),
        }
    }

    /// The API URL and where it came from: `--api-url` > `EPSIMO_API_URL` > the
    /// profile's stored URL > the default.
    pub fn api_url(&self) -> (String, String) {
        let flag = self.global.api_url.clone();
        let from_env = env::get(env::API_URL);
        // The stored URL is read only when nothing given wins over it.
        let stored = if flag.is_some() || from_env.is_some() {
            None
        } else {
            let profile = self.profile();
            self.stored()
                .and_then(|s| s.profiles.get(&profile).and_then(|p| p.api_url.clone()))
        };
        let s = settings::api_url(flag, from_env, stored);
        (s.value, s.source.to_string())
    }

    /// The command's API client (built once; later calls share it).
    pub fn api(&self) -> Result<std::sync::Arc<Api>> {
        let mut slot = self.api.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(api) = &*slot {
            return Ok(api.clone());
        }
        let api = std::sync::Arc::new(self.fresh_api()?);
        *slot = Some(api.clone());
        Ok(api)
    }

    /// The library's client on this command's transport ([`Ctx::api`]): what a
    /// front-end calls the platform through.
    pub fn client(&self) -> Result<crate::sdk::Client> {
        Ok(crate::sdk::Client::on(self.api()?))
    }

    /// The library's client on a transport built now from the settings as they are
    /// now (not the shared one of [`Ctx::api`]): for a long-lived server, each
    /// request sees the current login.
    pub fn fresh_client(&self) -> Result<crate::sdk::Client> {
        Ok(crate::sdk::Client::on(self.fresh_api()?))
    }

    /// A transport built from the settings as they are now.
    fn fresh_api(&self) -> Result<Api> {
        let (url, _) = self.api_url();
        self.api_for(url, self.profile())
    }

    /// The client of a full-screen front-end: as [`Ctx::fresh_client`], but retry
    /// notices and verbose traces are not written to the terminal it draws on.
    pub fn quiet_client(&self) -> Result<crate::sdk::Client> {
        let (url, _) = self.api_url();
        let mut opts = api_options(url, self.profile(), Some(self.credentials()?))?;
        opts.allow_insecure_http = self.global.allow_insecure_http;
        opts.quiet = true;
        Ok(crate::sdk::Client::on(Api::new(opts)?))
    }

    /// Logs in as `email` and stores the login in this context's profile, as `auth
    /// login` would (for `test --emulator`, in its throw-away config dir).
    pub async fn log_in_stored(&self, email: &str, password: &str) -> Result<()> {
        let api = self.api()?;
        let login = api.login(email, password).await?;
        api.save_login(email, &login, None)
    }

    /// The library's client of `url` whose stored login is `profile`'s (`auth login`
    /// picks both).
    pub fn client_for(&self, url: String, profile: String) -> Result<crate::sdk::Client> {
        Ok(crate::sdk::Client::on(self.api_for(url, profile)?))
    }

    /// A client of `url` whose stored login is `profile`'s (`auth login` picks both).
    fn api_for(&self, url: String, profile: String) -> Result<Api> {
        let mut opts = api_options(url, profile, Some(self.credentials()?))?;
        opts.allow_insecure_http = self.global.allow_insecure_http;
        opts.verbose = self.global.verbose;
        opts.quiet = self.global.quiet;
        opts.observer = std::sync::Arc::new(crate::output::StderrObserver {
            verbose: self.global.verbose,
            quiet: self.global.quiet,
        });
        Api::new(opts)
    }

    /// The project of a project-scoped command: `--project-id` > `EPSIMO_PROJECT_ID`
    /// > `project_id` of the nearest `epsimo.yaml` > on a terminal, a picker.
    pub async fn project_id(&self, arg: &ProjectArg) -> Result<String> {
        if let Some(id) = self.project_id_offline(arg)? {
            return Ok(id);
        }
        if self.printer.interactive {
            return self.pick_project().await;
        }
        Err(CliError::usage("no project selected").with_hint(
            "pass --project-id, set EPSIMO_PROJECT_ID, or run `epsimo init` to link this directory (epsimo.yaml)",
        ))
    }

    /// The project without asking anyone: flag, environment, or manifest.
    pub fn project_id_offline(&self, arg: &ProjectArg) -> Result<Option<String>> {
        Ok(self.project_setting(arg)?.map(|s| s.value))
    }

    /// The project and where it came from; the manifest is read only when neither
    /// the flag nor the variable names one.
    pub fn project_setting(&self, arg: &ProjectArg) -> Result<Option<settings::Setting>> {
        let flag = arg.project_id.clone();
        let from_env = env::get(env::PROJECT_ID);
        let linked = if flag.as_deref().is_some_and(|f| !f.is_empty()) || from_env.is_some() {
            None
        } else {
            match manifest::find() {
                Some(path) => {
                    let id = manifest::read_link(&path)?.project_id;
                    Some((path, id))
                }
                None => None,
            }
        };
        Ok(settings::project(flag, from_env, linked))
    }

    async fn pick_project(&self) -> Result<String> {
        let api = self.api()?;
        let projects = crate::platform::projects::list(&api).await?;
        if projects.is_empty() {
            return Err(CliError::usage("you have no projects yet")
                .with_hint("create one with `epsimo projects create NAME`"));
        }
        let index = pick_from(
            &self.printer,
            "Pick a project (or pass --project-id next time):",
            &projects,
            None,
        )?;
        Ok(projects[index.expect("no `new` choice was offered")]
            .project_id
            .clone())
    }

    /// Whether to go ahead with deleting `what`: `--yes`, or a yes on a terminal
    /// (a no says that nothing was deleted); without a terminal, a usage error.
    pub fn confirm_delete(&self, what: &str, yes: bool) -> Result<bool> {
        if yes || self.confirm(&format!("Delete {what}?"), "--yes")? {
            return Ok(true);
        }
        self.printer.status("Nothing deleted.");
        Ok(false)
    }

    /// Asks a yes/no question on a terminal; without one, fails naming the flag.
    pub fn confirm(&self, question: &str, flag: &str) -> Result<bool> {
        if !self.printer.interactive {
            return Err(CliError::usage(format!("{question} needs confirmation"))
                .with_hint(format!("pass {flag} to confirm without a terminal")));
        }
        let answer = prompt_line(&self.printer, &format!("{question} [y/N] "))?;
        Ok(matches!(
            answer.trim().to_ascii_lowercase().as_str(),
            "y" | "yes"
        ))
    }
}

/// Lists projects on stderr and asks for one by number: `Some(index)`, or `None`
/// for the `new` choice (number 0) when one is offered.
pub fn pick_from(
    printer: &Printer,
    title: &str,
    projects: &[crate::platform::Wire<crate::platform::Project>],
    new: Option<&str>,
) -> Result<Option<usize>> {
    let choices: Vec<(&str, &str)> = projects
        .iter()
        .map(|p| (p.name.as_str(), p.project_id.as_str()))
        .collect();
    pick(printer, title, &choices, new)
}

/// Asks for one of `(name, id)` choices: `Some(index)`, or `None` for the `new`
/// choice when one is offered. On a terminal that can, a picker (arrow keys, and
/// typing filters); elsewhere (`TERM=dumb`, stderr not a terminal) a numbered list
/// on stderr, answered by number (0 for `new`).
pub fn pick(
    printer: &Printer,
    title: &str,
    choices: &[(&str, &str)],
    new: Option<&str>,
) -> Result<Option<usize>> {
    if printer.interactive && keys_work() {
        return pick_with_keys(title, choices, new);
    }
    printer.say(title);
    if let Some(label) = new {
        printer.say(&format!("   0) {label}"));
    }
    for (i, (name, id)) in choices.iter().enumerate() {
        let id = if id.is_empty() {
            String::new()
        } else {
            format!("  {id}")
        };
        printer.say(&format!(
            "  {:>2}) {}{id}",
            i + 1,
            crate::util::sanitize(name)
        ));
    }
    let first = if new.is_some() { 0 } else { 1 };
    // A wrong answer is asked again (end of input or Ctrl-C ends the question).
    loop {
        let answer = prompt_line(printer, "Number: ")?;
        match picked(&answer, choices.len(), new.is_some()) {
            Some(choice) => return Ok(choice),
            None => printer.say(&format!(
                "{:?} is not a number from the list: type one from {first} to {}.",
                answer.trim(),
                choices.len()
            )),
        }
    }
}

/// Whether the terminal takes a key-driven picker: stderr (where prompts go) is
/// one, and `TERM` names a terminal that moves its cursor.
fn keys_work() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && crate::env::get("TERM").is_some_and(|t| t != "dumb")
}

/// The picker: `inquire`'s select, drawn on stderr; Ctrl-C or Esc ends the command
/// with 130.
fn pick_with_keys(
    title: &str,
    choices: &[(&str, &str)],
    new: Option<&str>,
) -> Result<Option<usize>> {
    let mut options: Vec<String> = Vec::with_capacity(choices.len() + 1);
    if let Some(label) = new {
        options.push(label.to_string());
    }
    options.extend(choices.iter().map(|(name, id)| {
        let name = crate::util::sanitize(name);
        if id.is_empty() {
            name
        } else {
            format!("{name}  {id}")
        }
    }));
    let answer = {
        let _raw = crate::interrupt::reading_raw();
        inquire::Select::new(title, options)
            .with_page_size(12)
            .with_help_message("↑↓ to move, type to filter, Enter to pick, Esc to cancel")
            .raw_prompt()
    };
    match answer {
        Ok(picked) => Ok(match (new, picked.index) {
            (Some(_), 0) => None,
            (Some(_), i) => Some(i - 1),
            (None, i) => Some(i),
        }),
        Err(e) => Err(picker_error(e)),
    }
}

/// A key-driven picker that ended without an answer: Ctrl-C or Esc is an
/// interrupt (130), anything else a failure.
fn picker_error(e: inquire::InquireError) -> CliError {
    match e {
        inquire::InquireError::OperationInterrupted | inquire::InquireError::OperationCanceled => {
            CliError::interrupted()
        }
        e => CliError::failure(format!("the picker failed: {e}")),
    }
}

/// What a picker's answer picks: `Some(None)` for the `new` choice (0, when
/// offered), `Some(Some(i))` for the i-th; `None` for anything else.
fn picked(answer: &str, len: usize, new: bool) -> Option<Option<usize>> {
    match answer.trim().parse::<usize>().ok()? {
        0 if new => Some(None),
        n if (1..=len).contains(&n) => Some(Some(n - 1)),
        _ => None,
    }
}

/// The id `arg` names among `named` when several share that name: on a terminal the
/// user picks one; otherwise `refused` (exit 5 listing the ids) stands.
fn pick_among(
    ctx: &Ctx,
    kind: &str,
    arg: &str,
    named: &[crate::platform::resolve::Named],
    refused: CliError,
) -> Result<String> {
    let same: Vec<&crate::platform::resolve::Named> =
        named.iter().filter(|n| n.name == arg).collect();
    if !ctx.printer.interactive || same.len() < 2 {
        return Err(refused);
    }
    let choices: Vec<(&str, &str)> = same
        .iter()
        .map(|n| (n.name.as_str(), n.id.as_str()))
        .collect();
    let i = pick(
        &ctx.printer,
        &format!("{} {kind}s are named {arg:?}; which one?", same.len()),
        &choices,
        None,
    )?
    .expect("no `new` choice was offered");
    Ok(same[i].id.clone())
}

/// An assistant by id or name; a name several share is picked on a terminal.
pub async fn assistant_named(ctx: &Ctx, pid: &str, arg: &str) -> Result<String> {
    let api = ctx.api()?;
    match crate::platform::assistants::resolve(&api, pid, arg).await {
        Err(e) if e.exit == Exit::Invalid => {
            let named = crate::platform::assistants::named(&api, pid).await?;
            pick_among(ctx, "assistant", arg, &named, e)
        }
        other => other,
    }
}

/// A project by id or name; a name several share is picked on a terminal.
pub async fn project_named(ctx: &Ctx, arg: &str) -> Result<String> {
    let api = ctx.api()?;
    match crate::platform::projects::resolve(&api, arg).await {
        Err(e) if e.exit == Exit::Invalid => {
            let named = crate::platform::projects::named(&api).await?;
            pick_among(ctx, "project", arg, &named, e)
        }
        other => other,
    }
}

/// Text written by the user in `$VISUAL` or `$EDITOR` (else `vi`), starting from
/// `initial`, in a temporary file named `prefix…suffix`; blocks while the editor
/// has the terminal. An editor that fails sends nothing.
pub fn edit_text(initial: &str, prefix: &str, suffix: &str) -> Result<String> {
    use std::io::Write;
    let mut file = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile()
        .map_err(|e| CliError::failure(format!("cannot create a file to edit: {e}")))?;
    file.write_all(initial.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| CliError::failure(format!("cannot write the file to edit: {e}")))?;
    let program = env::get("VISUAL")
        .or_else(|| env::get("EDITOR"))
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let mut words = program.split_whitespace();
    let bin = words.next().unwrap_or("vi").to_string();
    let status = std::process::Command::new(&bin)
        .args(words)
        .arg(file.path())
        .status()
        .map_err(|e| CliError::failure(format!("cannot start the editor {bin}: {e}")))?;
    if !status.success() {
        return Err(CliError::failure(format!(
            "the editor ended with {status}; nothing was sent"
        )));
    }
    std::fs::read_to_string(file.path())
        .map_err(|e| CliError::failure(format!("cannot read what was written: {e}")))
}

/// Asks for several of `options` (none allowed): a multi-select on a terminal that
/// can draw one (Space marks, Enter ends), else a numbered list answered with
/// numbers separated by commas or spaces.
pub fn pick_many(printer: &Printer, title: &str, options: &[&str]) -> Result<Vec<usize>> {
    if printer.interactive && keys_work() {
        let answer = {
            let _raw = crate::interrupt::reading_raw();
            inquire::MultiSelect::new(title, options.to_vec())
                .with_page_size(12)
                .with_help_message("↑↓ to move, Space to mark, type to filter, Enter when done")
                .raw_prompt()
        };
        return answer
            .map(|picked| picked.into_iter().map(|o| o.index).collect())
            .map_err(picker_error);
    }
    printer.say(title);
    for (i, o) in options.iter().enumerate() {
        printer.say(&format!("  {:>2}) {}", i + 1, crate::util::sanitize(o)));
    }
    loop {
        let answer = prompt_line(printer, "Numbers (e.g. 1,3; empty for none): ")?;
        match picked_many(&answer, options.len()) {
            Some(all) => return Ok(all),
            None => printer.say(&format!(
                "{:?} is not a list of numbers from 1 to {}.",
                answer.trim(),
                options.len()
            )),
        }
    }
}

/// The numbers of a multi-pick answer (each once, in order given), or `None` when
/// one is not a number of the list.
fn picked_many(answer: &str, len: usize) -> Option<Vec<usize>> {
    let mut all = Vec::new();
    for word in answer.split(|c: char| c == ',' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        let n: usize = word.parse().ok()?;
        if !(1..=len).contains(&n) {
            return None;
        }
        if !all.contains(&(n - 1)) {
            all.push(n - 1);
        }
    }
    Some(all)
}

/// Reads one line from the terminal after printing a prompt on stderr.
pub fn prompt_line(printer: &Printer, prompt: &str) -> Result<String> {
    printer.say_raw(prompt);
    let mut line = String::new();
    let _reading = crate::interrupt::reading();
    let n = std::io::stdin().lock().read_line(&mut line)?;
    if n == 0 {
        return Err(CliError::new(Exit::Interrupted, "no answer (end of input)"));
    }
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The API client's options for `base_url` as the environment sets them: the
/// timeouts, retries, response cap and request rate (`EPSIMO_*`, values out of
/// range an error naming the variable), and the credentials given in it
/// (`EPSIMO_TOKEN`/`EPSIMO_API_KEY`, `EPSIMO_EMAIL` with `EPSIMO_PASSWORD`,
/// `EPSIMO_PROJECT_TOKEN`). The front-ends' one reading of the environment for
/// the client: the transport reads none.
pub fn api_options(
    base_url: String,
    profile: String,
    store: Option<crate::config::credentials::CredentialsFile>,
) -> crate::error::Result<crate::api::Options> {
    let mut o = crate::api::Options::new(base_url, profile, store);
    if let Some(n) = env::number(env::MAX_RETRIES, 0..=100)? {
        o.retry.max_retries = n;
    }
    if let Some(d) = env::seconds(env::RETRY_MAX_WAIT)? {
        o.retry.max_total_wait = d;
    }
    if let Some(d) = env::seconds(env::CONNECT_TIMEOUT)? {
        o.connect_timeout = d;
    }
    if let Some(d) = env::seconds(env::READ_TIMEOUT)? {
        o.read_timeout = d;
    }
    if let Some(d) = env::seconds(env::REQUEST_TIMEOUT)? {
        o.request_timeout = d;
    }
    if let Some(d) = env::seconds(env::RUN_TIMEOUT)? {
        o.run_timeout = d;
    }
    if let Some(mb) = env::number(env::MAX_RESPONSE_MB, 1..=4096)? {
        o.max_body = mb as usize * 1024 * 1024;
    }
    o.max_rps = env::rate(env::MAX_RPS)?;
    o.cache_dir = crate::config::cache_dir();
    o.shared_pacing = true;
    o.given = crate::api::client::Given {
        token: env::env_token(),
        login: env::login_credentials(),
        project_token: env::get(env::PROJECT_TOKEN).map(|t| (env::PROJECT_TOKEN, t)),
    };
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_pick_answer_is_numbers_of_the_list_each_once() {
        assert_eq!(picked_many("", 3), Some(vec![]));
        assert_eq!(picked_many("1,3", 3), Some(vec![0, 2]));
        assert_eq!(picked_many(" 3 1, 3 ", 3), Some(vec![2, 0]));
        assert_eq!(picked_many("4", 3), None);
        assert_eq!(picked_many("0", 3), None);
        assert_eq!(picked_many("two", 3), None);
    }
}
