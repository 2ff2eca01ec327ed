//! `epsimo auth`: login, signup, logout, status, token.

use std::io::Read;

use serde_json::{Value, json};

use super::{Ctx, prompt_line};
use crate::Client;
use crate::api::token::{self, is_expired, jwt_exp};
use crate::cli::{AuthCommand, LoginArgs, LogoutArgs, SwitchArgs};
use crate::config::credentials::{CredentialsFile, DEFAULT_PROFILE, Profile};
use crate::config::keychain::{Keychain, Storage, Wanted};
use crate::config::settings;
use crate::env;
use crate::error::{CliError, Exit, Result};
use crate::output::table::Col;
use crate::util::mask_token;

pub async fn run(cmd: AuthCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        AuthCommand::Login(args) => login(args, ctx, false).await,
        AuthCommand::Signup(args) => login(args, ctx, true).await,
        AuthCommand::Logout(args) => logout(args, ctx),
        AuthCommand::List => list(ctx),
        AuthCommand::Switch(args) => switch(args, ctx),
        AuthCommand::Status => status(ctx),
        AuthCommand::Token => print_token(ctx),
    }
}

/// What to log in with, and whether the password was typed at a prompt (then a
/// wrong one is asked for again).
struct Credentials {
    email: String,
    password: String,
    prompted: bool,
}

/// Tries a typed password gets before the login fails.
const PASSWORD_TRIES: usize = 3;

/// Reads a password with the terminal's echo off; Ctrl-C is an interrupt.
fn prompt_password(prompt: &str) -> Result<String> {
    let _reading = crate::interrupt::reading_password();
    rpassword::prompt_password(prompt).map_err(|e| {
        // Ctrl-C interrupts the read itself (EINTR): that is an interrupt.
        if e.kind() == std::io::ErrorKind::Interrupted {
            CliError::interrupted()
        } else {
            CliError::failure(format!("cannot read the password: {e}"))
        }
    })
}

/// Whether a refused login says the account does not exist (then sign-up is
/// offered). A server that answers "incorrect email or password" to both does not.
fn says_no_account(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "not found",
        "does not exist",
        "doesn't exist",
        "no account",
        "no such user",
        "unknown user",
        "not registered",
    ]
    .iter()
    .any(|p| m.contains(p))
}

/// Email and password from flags, stdin, the environment, or prompts, in that order.
fn gather_credentials(args: &LoginArgs, ctx: &Ctx) -> Result<Credentials> {
    let email = args.email.clone().or_else(|| env::get(env::EMAIL));
    let mut password = None;
    if args.password_stdin {
        let mut buf = String::new();
        let _reading = crate::interrupt::reading();
        std::io::stdin()
            .read_to_string(&mut buf)
            .map_err(|e| CliError::failure(format!("cannot read the password from stdin: {e}")))?;
        let pw = buf.trim_end_matches(['\r', '\n']).to_string();
        if pw.is_empty() {
            return Err(CliError::usage("--password-stdin read an empty password"));
        }
        password = Some(pw);
    } else if let Some(pw) = env::get(env::PASSWORD) {
        password = Some(pw);
    }
    if let (Some(e), Some(p)) = (&email, &password) {
        return Ok(Credentials {
            email: e.clone(),
            password: p.clone(),
            prompted: false,
        });
    }
    if !ctx.printer.interactive {
        return Err(CliError::new(Exit::Auth, "no credentials given and no terminal to ask for them")
            .with_hint("set EPSIMO_EMAIL and EPSIMO_PASSWORD, or pass --email with --password-stdin; CI can use EPSIMO_TOKEN instead"));
    }
    let email = match email {
        Some(e) => e,
        None => {
            let e = prompt_line(&ctx.printer, "Email: ")?;
            if e.trim().is_empty() {
                return Err(CliError::usage("an email is needed to log in"));
            }
            e.trim().to_string()
        }
    };
    let (password, prompted) = match password {
        Some(p) => (p, false),
        None => (prompt_password("Password: ")?, true),
    };
    Ok(Credentials {
        email,
        password,
        prompted,
    })
}

/// A new account's password, typed twice when it was typed at all.
fn confirm_new_password(c: &Credentials) -> Result<()> {
    if c.prompted && prompt_password("Repeat the password: ")? != c.password {
        return Err(
            CliError::usage("the two passwords differ; nothing was created")
                .with_hint("run the command again"),
        );
    }
    Ok(())
}

async fn login(args: LoginArgs, ctx: &Ctx, signup_first: bool) -> Result<()> {
    if let Some((name, _)) = env::env_token() {
        ctx.printer.warn(&format!(
            "{name} is set: commands use that token, not the stored login, until it is unset"
        ));
    }
    let target = login_target(ctx)?;
    // Decided (and the keychain probed) before any password is asked for.
    let storage = choose_storage(&args, ctx)?;
    if args.with_token {
        return login_with_token(ctx, &target, storage).await;
    }
    let mut creds = gather_credentials(&args, ctx)?;
    let email = creds.email.clone();
    let client = ctx.client_for(target.url.clone(), target.profile.clone())?;
    if signup_first {
        confirm_new_password(&creds)?;
        return signed_up(ctx, &client, &target, &email, &creds.password, storage).await;
    }
    let mut tries = 1;
    let result = loop {
        match log_in(&client, &email, &creds.password).await {
            Ok(r) => break r,
            Err(e) if e.exit == Exit::Auth && ctx.printer.interactive => {
                if says_no_account(&e.message) {
                    ctx.printer.error(&e);
                    if !ctx.confirm(
                        &format!("Create an account for {email}?"),
                        "`epsimo auth signup`",
                    )? {
                        return Err(e);
                    }
                    confirm_new_password(&creds)?;
                    return signed_up(ctx, &client, &target, &email, &creds.password, storage)
                        .await;
                }
                if !creds.prompted || tries >= PASSWORD_TRIES {
                    return Err(e.with_hint(
                        "check the email and password; no account yet? `epsimo auth signup`",
                    ));
                }
                ctx.printer.warn(&format!("{}; try again", e.message));
                creds.password = prompt_password("Password: ")?;
                tries += 1;
            }
            Err(e) => return Err(e),
        }
    };
    saved(ctx, &client, &target, &email, &result, storage, "")
}

/// Creates the account, then logs in. The platform sends a verification e-mail at
/// sign-up; an account that must open its link first is refused the login: that is
/// said as the next step, not as a failure (the account exists), and nothing is
/// stored.
async fn signed_up(
    ctx: &Ctx,
    client: &Client,
    target: &Target,
    email: &str,
    password: &str,
    storage: Storage,
) -> Result<()> {
    let message = signup(client, email, password).await?;
    ctx.printer.success(&format!("Created account {email}"));
    // What the server says about the e-mail it sent (not a bare "created").
    if let Some(m) = message
        .as_ref()
        .filter(|m| m.to_lowercase().contains("verif"))
    {
        ctx.printer.status(m);
    }
    match log_in(client, email, password).await {
        Ok(login) => saved(ctx, client, target, email, &login, storage, ""),
        Err(e) if matches!(e.http_status, Some(401 | 403)) => {
            if ctx.printer.json {
                return ctx.printer.json(&json!({
                    "signed_up": true,
                    "logged_in": false,
                    "email": email,
                    "message": message,
                    "login_refused": e.message,
                }));
            }
            ctx.printer
                .warn(&format!("not logged in yet: {}", e.message));
            ctx.printer.status(&format!(
                "Open the link in the verification e-mail sent to {email}, then run `epsimo auth login`."
            ));
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Stores a login in its profile (and makes the profile the active one, unless
/// EPSIMO_PROFILE named it: that is for this environment only), then says so. `how`
/// ends the success line (` with the token given`).
fn saved(
    ctx: &Ctx,
    client: &Client,
    target: &Target,
    email: &str,
    login: &crate::api::LoginResult,
    storage: Storage,
    how: &str,
) -> Result<()> {
    let store = ctx.credentials()?;
    store.save_login(&target.profile, client.url(), email, login, Some(storage))?;
    let activate = !target.named_by_env;
    if activate {
        store.update(|s| s.active = Some(target.profile.clone()))?;
    }
    if ctx.printer.json {
        return ctx.printer.json(&json!({
            "logged_in": true,
            "email": email,
            "api_url": crate::util::redact_url(client.url()),
            "profile": target.profile,
            "active": activate,
            "token_storage": storage.name(),
            "expires_at": login.expires_at.map(iso),
        }));
    }
    let shown = if email.is_empty() {
        "an account that did not say its email"
    } else {
        email
    };
    ctx.printer.success(&format!(
        "Logged in to {} as {shown}{how} (profile {}{})",
        crate::util::redact_url(client.url()),
        target.profile,
        if activate { ", now active" } else { "" },
    ));
    let where_kept = match storage {
        Storage::File => store.path().display().to_string(),
        Storage::Keyring => Keychain::label().to_string(),
    };
    ctx.printer
        .status(&format!("The token is kept in {where_kept}."));
    if let Some(why) = &target.note {
        ctx.printer.status(why);
    }
    Ok(())
}

/// `auth login --with-token`: a token read from stdin, checked with the server
/// (`/auth/thread-info` says whose it is), then stored like a login's. Its expiry
/// is the token's own `exp`.
async fn login_with_token(ctx: &Ctx, target: &Target, storage: Storage) -> Result<()> {
    let mut buf = String::new();
    {
        let _reading = crate::interrupt::reading();
        std::io::stdin()
            .read_to_string(&mut buf)
            .map_err(|e| CliError::failure(format!("cannot read the token from stdin: {e}")))?;
    }
    let token = buf.trim().to_string();
    if token.is_empty() {
        return Err(CliError::usage("--with-token read an empty token")
            .with_hint("pipe it in: `epsimo auth login --with-token < token.txt`"));
    }
    crate::util::remember_secret(&token);
    let client = ctx.client_for(target.url.clone(), target.profile.clone())?;
    let info = client.credits_with(&token).await?;
    let email = info.email.clone().unwrap_or_default();
    let login = crate::api::LoginResult {
        expires_at: token::expiry(&token, None, token::now()),
        token,
        main_agent_id: None,
        main_thread_id: None,
    };
    saved(
        ctx,
        &client,
        target,
        &email,
        &login,
        storage,
        " with the token given",
    )
}

/// Where a login goes: the profile and the URL.
struct Target {
    profile: String,
    url: String,
    named_by_env: bool,
    /// Said after the login when the profile was not the one named or active.
    note: Option<String>,
}

fn login_target(ctx: &Ctx) -> Result<Target> {
    // A damaged file is what a login repairs: read as empty here (a refused one, a
    // link or another user's, is refused again when the login is saved).
    let s = ctx.credentials()?.load().unwrap_or_default();
    let flag = ctx.global.profile.clone().filter(|p| !p.trim().is_empty());
    let from_env = env::get(env::PROFILE);
    let named_by_env = flag.is_none() && from_env.is_some();
    let active = s.active_name();
    let active_url = s.profiles.get(&active).and_then(|p| p.api_url.clone());
    let given = ctx
        .global
        .api_url
        .clone()
        .or_else(|| env::get(env::API_URL))
        .filter(|u| !u.trim().is_empty());
    let named = flag.or(from_env);
    let was_named = named.is_some();
    let profile = settings::login_profile(named, &active, active_url.as_deref(), given.as_deref());
    let stored = s.profiles.get(&profile).and_then(|p| p.api_url.clone());
    let url = settings::api_url(ctx.global.api_url.clone(), env::get(env::API_URL), stored).value;
    let note = if !was_named && profile != active {
        let local = settings::is_local_url(&url);
        let back = if s.profiles.contains_key(&active) {
            format!(" (`epsimo auth switch {active}` goes back)")
        } else {
            String::new()
        };
        Some(format!(
            "{} is {}: this login is profile {profile}, and {active} stays for {}{back}",
            crate::util::redact_url(&url),
            if local {
                "on this machine"
            } else {
                "not on this machine"
            },
            if local {
                "the platform"
            } else {
                "the emulator"
            },
        ))
    } else if given.is_none() && settings::is_local_url(&url) && profile == DEFAULT_PROFILE {
        // What an earlier version left: the platform's profile pointed at a local server.
        Some(format!(
            "profile {profile} points at {}, a server on this machine; for the platform: `epsimo auth login --api-url {}`",
            crate::util::redact_url(&url),
            crate::contract::rules::DEFAULT_API_URL
        ))
    } else {
        None
    };
    Ok(Target {
        profile,
        url,
        named_by_env,
        note,
    })
}

/// Where the token goes: `--storage` > `EPSIMO_AUTH_STORAGE` > auto. The keychain is
/// probed (within its deadline); `auto` falls back to the file with one warning
/// naming why, `keyring` fails closed.
fn choose_storage(args: &LoginArgs, ctx: &Ctx) -> Result<Storage> {
    let wanted = match args.storage {
        Some(w) => w,
        None => match env::get(env::AUTH_STORAGE) {
            Some(v) => Wanted::parse(&v).ok_or_else(|| {
                CliError::usage(format!("{}={v:?} is not a token store", env::AUTH_STORAGE))
                    .with_hint("use auto, keyring or file")
            })?,
            None => Wanted::Auto,
        },
    };
    if wanted == Wanted::File {
        return Ok(Storage::File);
    }
    let store = ctx.credentials()?;
    match store.keychain().probe() {
        Ok(()) => Ok(Storage::Keyring),
        Err(why) if wanted == Wanted::Keyring => Err(CliError::new(
            Exit::Auth,
            format!("the {} is not available: {why}", Keychain::label()),
        )
        .with_hint(format!(
            "nothing was stored; keep the token in {} instead with --storage file (or EPSIMO_AUTH_STORAGE=file)",
            store.path().display()
        ))),
        Err(why) => {
            ctx.printer.warn(&format!(
                "the {} is not available ({why}): the token is kept in {}, readable only by you",
                Keychain::label(),
                store.path().display()
            ));
            Ok(Storage::File)
        }
    }
}

/// A login through the library, as the profile stores it.
async fn log_in(client: &Client, email: &str, password: &str) -> Result<crate::api::LoginResult> {
    Ok(client.log_in(email, password).await?.stored())
}

async fn signup(client: &Client, email: &str, password: &str) -> Result<Option<String>> {
    client
        .sign_up(email, password)
        .await
        .map_err(CliError::from)
        .map_err(|e| {
            if e.exit == Exit::Invalid {
                CliError::new(Exit::Invalid, format!("sign-up refused: {}", e.message))
                    .with_hint("if the account exists, run `epsimo auth login`")
            } else {
                e
            }
        })
}

fn logout(args: LogoutArgs, ctx: &Ctx) -> Result<()> {
    let store = ctx.credentials()?;
    let names: Vec<String> = if args.all {
        store.load()?.profiles.keys().cloned().collect()
    } else {
        vec![ctx.profile()]
    };
    let mut removed = Vec::new();
    for name in &names {
        if store.remove_profile(name)? {
            removed.push(name.clone());
        }
    }
    if ctx.printer.json {
        let mut out = json!({"logged_out": !removed.is_empty(), "profiles": removed});
        if !args.all {
            out["profile"] = json!(names[0]);
        }
        return ctx.printer.json(&out);
    }
    if removed.is_empty() {
        ctx.printer.status(&if args.all {
            "No profiles are stored; nothing to do.".to_string()
        } else {
            format!("Profile {} is not stored; nothing to do.", names[0])
        });
    } else {
        ctx.printer.success(&format!(
            "Logged out of profile{} {}: its URL and tokens are removed",
            if removed.len() == 1 { "" } else { "s" },
            removed.join(", ")
        ));
        ctx.printer.status(
            "The server-side token is not revoked: it stays valid until it expires (30 days after the login).",
        );
    }
    if let Some((name, _)) = env::env_token() {
        ctx.printer.warn(&format!(
            "{name} is still set and is still used by every command"
        ));
    }
    Ok(())
}

/// One stored profile, as `auth list` shows it.
fn listed(store: &CredentialsFile, name: &str, p: &Profile, in_use: &str, now: i64) -> Value {
    let (has_token, unreadable) = match p.storage {
        Storage::File => (p.token.is_some(), None),
        // Asked of the keychain: the file does not know whether its item is there.
        Storage::Keyring => match store.profile(name) {
            Ok(Some(full)) => (full.token.is_some(), None),
            Ok(None) => (false, None),
            Err(e) => (false, Some(e.message)),
        },
    };
    let expired = has_token && is_expired(p.token_expires_at, now);
    json!({
        "name": name,
        "active": name == in_use,
        "api_url": p.api_url.as_deref().map(crate::util::redact_url),
        "email": p.email,
        "token_storage": p.storage.name(),
        "logged_in": has_token && !expired,
        "expires_at": p.token_expires_at.map(iso),
        "expired": expired,
        "keychain_error": unreadable,
    })
}

fn list(ctx: &Ctx) -> Result<()> {
    let store = ctx.credentials()?;
    let s = store.load()?;
    let in_use = ctx.profile();
    let now = token::now();
    let rows: Vec<Value> = s
        .profiles
        .iter()
        .map(|(name, p)| listed(&store, name, p, &in_use, now))
        .collect();
    if ctx.printer.json {
        return ctx.printer.json(&rows);
    }
    if rows.is_empty() {
        ctx.printer
            .status("No profiles yet: `epsimo auth login` creates one.");
        return Ok(());
    }
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let token = if r["keychain_error"].is_string() {
                "keyring (unreadable)".to_string()
            } else if r["logged_in"] == true {
                text(r, "token_storage")
            } else if r["expired"] == true {
                format!("{} (expired)", text(r, "token_storage"))
            } else {
                "none".to_string()
            };
            vec![
                if r["active"] == true { "*" } else { "" }.to_string(),
                text(r, "name"),
                text(r, "api_url"),
                text(r, "email"),
                token,
                text(r, "expires_at"),
            ]
        })
        .collect();
    ctx.printer.table(
        &[
            Col::text("Active"),
            Col::id("Name"),
            Col::id("API URL"),
            Col::text("Email"),
            Col::text("Token"),
            Col::text("Expires"),
        ],
        &table,
    )?;
    if let Some(v) = env::get(env::PROFILE).filter(|_| ctx.global.profile.is_none()) {
        ctx.printer.status(&format!(
            "{}={v} picks the profile in use here.",
            env::PROFILE
        ));
    }
    Ok(())
}

fn switch(args: SwitchArgs, ctx: &Ctx) -> Result<()> {
    let store = ctx.credentials()?;
    let s = store.load()?;
    let Some(p) = s.profiles.get(&args.name) else {
        let names: Vec<&str> = s.profiles.keys().map(String::as_str).collect();
        let hint = match crate::contract::catalog::suggest(&args.name, names.iter().copied()) {
            Some(n) => format!("did you mean {n}? `epsimo auth list` shows the profiles"),
            None if names.is_empty() => {
                "no profiles yet: `epsimo auth login --profile NAME` creates one".to_string()
            }
            None => format!(
                "the profiles are {}; `epsimo auth login --profile {}` creates this one",
                names.join(", "),
                args.name
            ),
        };
        return Err(
            CliError::new(Exit::NotFound, format!("no profile named {:?}", args.name))
                .with_hint(hint),
        );
    };
    let url = p
        .api_url
        .clone()
        .unwrap_or_else(|| crate::contract::rules::DEFAULT_API_URL.to_string());
    let email = p.email.clone();
    store.update(|s| s.active = Some(args.name.clone()))?;
    if ctx.printer.json {
        ctx.printer.json(&json!({
            "active": args.name,
            "api_url": crate::util::redact_url(&url),
            "email": email,
        }))?;
    } else {
        ctx.printer.success(&format!(
            "Active profile: {} ({}{})",
            args.name,
            crate::util::redact_url(&url),
            email.map(|e| format!(", {e}")).unwrap_or_default()
        ));
    }
    if let Some(v) = env::get(env::PROFILE) {
        ctx.printer.warn(&format!(
            "{}={v} is set and wins over the active profile until it is unset",
            env::PROFILE
        ));
    }
    Ok(())
}

/// The user token in force without any network call, with where it came from.
struct Current {
    token: Option<String>,
    source: String,
    /// Where the stored token is kept; `None` for an environment token.
    storage: Option<Storage>,
    email: Option<String>,
    expires_at: Option<i64>,
}

fn current(ctx: &Ctx) -> Result<Current> {
    if let Some((name, t)) = env::env_token() {
        return Ok(Current {
            expires_at: jwt_exp(&t),
            token: Some(t),
            source: format!("environment ({name})"),
            storage: None,
            email: None,
        });
    }
    let store = ctx.credentials()?;
    let p = store.profile(&ctx.profile())?.unwrap_or_default();
    Ok(Current {
        token: p.token,
        source: match p.storage {
            Storage::File => store.path().display().to_string(),
            Storage::Keyring => Keychain::label().to_string(),
        },
        storage: Some(p.storage),
        email: p.email,
        expires_at: p.token_expires_at,
    })
}

/// Seconds left as people say it: `59 min`, `5 h`, `30 days` (hours and days
/// rounded to the nearest).
fn time_left(secs: i64) -> String {
    let mins = secs.max(0) / 60;
    match mins {
        ..120 => format!("{mins} min"),
        120..2880 => format!("{} h", (mins + 30) / 60),
        _ => format!("{} days", (mins + 720) / 1440),
    }
}

fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn status(ctx: &Ctx) -> Result<()> {
    let cur = current(ctx)?;
    let (api_url, url_source) = ctx.api_url();
    let now = token::now();
    let expired = cur.token.is_some() && is_expired(cur.expires_at, now);
    let logged_in = cur.token.is_some() && !expired;
    if ctx.printer.json {
        ctx.printer.json(&json!({
            "profile": ctx.profile(),
            "api_url": crate::util::redact_url(&api_url),
            "logged_in": logged_in,
            "email": cur.email,
            "token_source": cur.token.as_ref().map(|_| cur.source.clone()),
            "token_storage": cur.token.as_ref().and(cur.storage).map(Storage::name),
            "token": cur.token.as_deref().map(mask_token),
            "expires_at": cur.expires_at.map(iso),
            "expired": expired,
            "project_token_env": env::get(env::PROJECT_TOKEN).is_some(),
        }))?;
    } else {
        let mut pairs = vec![
            ("Profile", ctx.profile()),
            (
                "API URL",
                format!("{} ({url_source})", crate::util::redact_url(&api_url)),
            ),
        ];
        if let Some(e) = &cur.email {
            pairs.push(("Email", e.clone()));
        }
        match &cur.token {
            Some(t) => {
                pairs.push(("Token", mask_token(t)));
                pairs.push(("Token from", cur.source.clone()));
                let exp = match cur.expires_at {
                    Some(ts) if expired => format!("{} (expired)", iso(ts)),
                    Some(ts) => format!("{} (in {})", iso(ts), time_left(ts - now)),
                    None => "unknown".to_string(),
                };
                pairs.push(("Expires", exp));
            }
            None => pairs.push(("Token", "none".to_string())),
        }
        if env::get(env::PROJECT_TOKEN).is_some() {
            pairs.push(("Project token", "from EPSIMO_PROJECT_TOKEN".to_string()));
        }
        ctx.printer.record(&pairs)?;
    }
    if expired {
        return Err(CliError::session_expired());
    }
    if !logged_in {
        return Err(CliError::not_logged_in());
    }
    Ok(())
}

fn print_token(ctx: &Ctx) -> Result<()> {
    let cur = current(ctx)?;
    match cur.token {
        Some(_) if is_expired(cur.expires_at, token::now()) => Err(CliError::session_expired()),
        Some(t) => {
            if ctx.printer.json {
                ctx.printer.json(&Value::String(t))
            } else {
                ctx.printer.line(&t)
            }
        }
        None => Err(CliError::not_logged_in()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_reads_in_minutes_hours_or_days() {
        assert_eq!(super::time_left(59 * 60 + 30), "59 min");
        assert_eq!(super::time_left(-5), "0 min");
        assert_eq!(super::time_left(5 * 3600), "5 h");
        // The platform's 30-day tokens, a few seconds after they were issued.
        assert_eq!(super::time_left(30 * 86_400 - 5), "30 days");
        assert_eq!(super::time_left(29 * 86_400 + 40_000), "29 days");
        assert_eq!(super::time_left(30 * 86_400), "30 days");
    }

    #[test]
    fn only_a_server_that_says_so_has_no_account() {
        assert!(says_no_account("User not found"));
        assert!(says_no_account("No account for this email"));
        assert!(!says_no_account("Incorrect email or password"));
        assert!(!says_no_account("Unauthorized"));
    }
}
