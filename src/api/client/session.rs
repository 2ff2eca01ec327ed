//! The client's session: which token each call carries (the user's from the
//! environment, the store or a login; a project's, fetched once and cached), the
//! login itself, and the one transparent re-login after a 401.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::Api;
use super::{Auth, Call, item_path};
use crate::api::error::ApiError;
use crate::api::events::Event;
use crate::api::token;
use crate::config::credentials::CachedToken;
use crate::error::{CliError, Exit, Remedy, Result};

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

pub use crate::config::credentials::LoginResult;

#[derive(Default)]
pub(super) struct Session {
    pub(super) user: Option<(String, TokenSource)>,
    pub(super) relogged: bool,
    pub(super) project_tokens: HashMap<String, String>,
}

impl Api {
    pub(super) async fn token_for(&self, auth: &Auth) -> Result<Option<String>> {
        let token = match auth {
            Auth::None => None,
            Auth::User => Some(self.user_token().await?.0),
            Auth::Project(id) => Some(self.project_token(id).await?),
            Auth::Public(t) | Auth::Given(t) => Some(t.clone()),
        };
        if let Some(t) = &token {
            self.secret(t);
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
        if let Some((name, t)) = self.opts.given.token.clone() {
            session.user = Some((t.clone(), TokenSource::Env(name)));
            return Ok((t, TokenSource::Env(name)));
        }
        let mut stored_but_expired = false;
        let mut stored_for_another: Option<String> = None;
        if let Some(store) = &self.opts.store
            && let Some(p) = store.profile(&self.opts.profile)?
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
        if let Some((email, password)) = self.opts.given.login.clone() {
            drop(session);
            let login = Box::pin(self.login(&email, &password)).await?;
            self.save_login(&email, &login, None)?;
            let mut session = self.session.lock().await;
            session.user = Some((login.token.clone(), TokenSource::Login));
            return Ok((login.token, TokenSource::Login));
        }
        if self.opts.given.project_token.is_some() {
            return Err(CliError::new(
                Exit::Auth,
                "this command needs a user token; a project token only opens project-scoped commands",
            )
            .remedy(Remedy::NeedsUserLogin));
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
            .remedy(Remedy::LogInHere {
                url: crate::util::redact_url(&self.base),
            }));
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
        if let Some((_, t)) = self.opts.given.project_token.clone() {
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
            let saved = store.update_profile(&profile, |p| {
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
        self.secret(password);
        let call = Call::post(
            "/auth/login",
            Auth::None,
            json!({"email": email, "password": password}),
        );
        let body: Value = self.json(&call).await.map_err(|e| {
            if matches!(e.exit, Exit::Auth | Exit::Invalid) {
                // The platform refuses an account whose sign-up e-mail is not verified.
                let remedy = if e.http_status == Some(403) {
                    Remedy::VerifyEmail
                } else {
                    Remedy::CheckPassword
                };
                let mut err = CliError::new(Exit::Auth, format!("login failed: {}", e.message))
                    .remedy(remedy);
                err.http_status = e.http_status;
                err
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
        let id = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
        Ok(LoginResult {
            expires_at: token::expiry(&t, Some(&body), token::now()),
            token: t,
            main_agent_id: id("main_agent_id"),
            main_thread_id: id("main_thread_id"),
        })
    }

    /// Stores a login in the client's profile, dropping the project tokens of the old
    /// one. `storage` is where its secrets go; `None` keeps the profile's (the file
    /// for a new one): a login made on the way, with `EPSIMO_EMAIL`/`EPSIMO_PASSWORD`,
    /// never probes the keychain.
    pub fn save_login(
        &self,
        email: &str,
        login: &LoginResult,
        storage: Option<crate::config::keychain::Storage>,
    ) -> Result<()> {
        let Some(store) = &self.opts.store else {
            return Ok(());
        };
        store.save_login(&self.opts.profile, &self.base, email, login, storage)
    }

    /// One re-login per process with `EPSIMO_EMAIL`/`EPSIMO_PASSWORD`, after a 401.
    pub(super) async fn relogin(&self) -> Result<bool> {
        let Some((email, password)) = self.opts.given.login.clone() else {
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
        self.save_login(&email, &login, None)?;
        let mut session = self.session.lock().await;
        session.project_tokens.clear();
        // An env token stays the one in use only if it is not the rejected one.
        session.user = Some((login.token, TokenSource::Login));
        Ok(true)
    }
}
