//! `epsimo auth`: login, signup, logout, status, token.

use std::io::Read;

use serde_json::{Value, json};

use super::{Ctx, prompt_line};
use crate::api::Api;
use crate::api::token::{self, is_expired, jwt_exp};
use crate::cli::{AuthCommand, LoginArgs};
use crate::env;
use crate::error::{CliError, Exit, Result};
use crate::util::mask_token;

pub async fn run(cmd: AuthCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        AuthCommand::Login(args) => login(args, ctx, false).await,
        AuthCommand::Signup(args) => login(args, ctx, true).await,
        AuthCommand::Logout => logout(ctx),
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
            let e = prompt_line("Email: ")?;
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
    let mut creds = gather_credentials(&args, ctx)?;
    let email = creds.email.clone();
    let api = ctx.api()?;
    if signup_first {
        confirm_new_password(&creds)?;
        signup(&api, &email, &creds.password).await?;
        ctx.printer.success(&format!("Created account {email}"));
    }
    let mut tries = 1;
    let result = loop {
        match api.login(&email, &creds.password).await {
            Ok(r) => break r,
            Err(e) if e.exit == Exit::Auth && !signup_first && ctx.printer.interactive => {
                if says_no_account(&e.message) {
                    ctx.printer.error(&e);
                    if !ctx.confirm(
                        &format!("Create an account for {email}?"),
                        "`epsimo auth signup`",
                    )? {
                        return Err(e);
                    }
                    confirm_new_password(&creds)?;
                    signup(&api, &email, &creds.password).await?;
                    ctx.printer.success(&format!("Created account {email}"));
                    break api.login(&email, &creds.password).await?;
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
    api.save_login(&email, &result)?;
    if ctx.printer.json {
        return ctx.printer.json(&json!({
            "logged_in": true,
            "email": email,
            "api_url": crate::util::redact_url(api.base_url()),
            "profile": ctx.profile(),
            "expires_at": result.expires_at.map(iso),
        }));
    }
    ctx.printer.success(&format!(
        "Logged in to {} as {email} (profile {})",
        crate::util::redact_url(api.base_url()),
        ctx.profile()
    ));
    Ok(())
}

async fn signup(api: &Api, email: &str, password: &str) -> Result<()> {
    crate::platform::account::signup(api, email, password)
        .await
        .map_err(|e| {
            if e.exit == Exit::Invalid {
                CliError::new(Exit::Invalid, format!("sign-up refused: {}", e.message))
                    .with_hint("if the account exists, run `epsimo auth login`")
            } else {
                e
            }
        })?;
    Ok(())
}

fn logout(ctx: &Ctx) -> Result<()> {
    let store = ctx.credentials()?;
    let profile = ctx.profile();
    let had = store.update(|s| match s.profiles.get_mut(&profile) {
        Some(p) => {
            let had = p.token.is_some() || !p.project_tokens.is_empty();
            p.token = None;
            p.token_expires_at = None;
            p.project_tokens.clear();
            had
        }
        None => false,
    })?;
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"logged_out": had, "profile": profile}));
    }
    if had {
        ctx.printer.success(&format!(
            "Removed the stored tokens of profile {profile} from {}",
            store.path().display()
        ));
        ctx.printer.status(
            "The server-side token is not revoked: it stays valid until it expires (about an hour).",
        );
    } else {
        ctx.printer.status(&format!(
            "Profile {profile} holds no tokens; nothing to do."
        ));
    }
    if let Some((name, _)) = env::env_token() {
        ctx.printer.warn(&format!(
            "{name} is still set and is still used by every command"
        ));
    }
    Ok(())
}

/// The user token in force without any network call, with where it came from.
struct Current {
    token: Option<String>,
    source: String,
    email: Option<String>,
    expires_at: Option<i64>,
}

fn current(ctx: &Ctx) -> Result<Current> {
    if let Some((name, t)) = env::env_token() {
        return Ok(Current {
            expires_at: jwt_exp(&t),
            token: Some(t),
            source: format!("environment ({name})"),
            email: None,
        });
    }
    let store = ctx.credentials()?;
    let s = store.load()?;
    let p = s.profiles.get(&ctx.profile()).cloned().unwrap_or_default();
    Ok(Current {
        token: p.token,
        source: store.path().display().to_string(),
        email: p.email,
        expires_at: p.token_expires_at,
    })
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
                    Some(ts) => format!("{} (in {} min)", iso(ts), (ts - now).max(0) / 60),
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
    fn only_a_server_that_says_so_has_no_account() {
        assert!(says_no_account("User not found"));
        assert!(says_no_account("No account for this email"));
        assert!(!says_no_account("Incorrect email or password"));
        assert!(!says_no_account("Unauthorized"));
    }
}
