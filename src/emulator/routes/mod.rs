//! The endpoints of the contract, one file per resource; the router names them.

mod assistants;
mod auth;
mod files;
mod projects;
mod threads;
mod tools;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::json;
use tower_http::cors::CorsLayer;

use super::Shared;
use super::admin;
use super::http::{ErrorReply, ok};
use super::options::PathStyle;
use super::stream;
use assistants::*;
use auth::*;
use files::*;
use projects::*;
use threads::*;
use tools::*;

type S = State<Arc<Shared>>;
type Res = Result<Response, ErrorReply>;

pub fn router(shared: Arc<Shared>) -> Router {
    let style = shared.cfg.path_style;
    let mut app = Router::new()
        .route("/health", get(|| async { ok(json!({"status": "ok"})) }))
        .route("/ok", get(|| async { ok(json!({"ok": true})) }))
        .route("/auth/signup", post(signup))
        .route("/auth/login", post(login))
        .route("/auth/thread-info", get(thread_info))
        .route("/checkout/create-checkout-session", post(checkout))
        .route("/checkout/emulated/{session_id}", get(checkout_page))
        .route("/projects/", get(list_projects).post(create_project))
        .route(
            "/projects/{id}",
            get(get_project).put(update_project).delete(delete_project),
        )
        .route(
            "/assistants/{id}",
            get(get_assistant)
                .put(put_assistant)
                .delete(delete_assistant),
        )
        .route("/assistants/{id}/files", get(list_files).post(upload_files))
        .route(
            "/assistants/{id}/files/{file_id}",
            axum::routing::delete(delete_file),
        )
        .route(
            "/threads/{id}",
            get(get_thread).put(put_thread).delete(delete_thread),
        )
        .route("/threads/{id}/state", get(get_state).post(post_state))
        .route("/threads/{id}/history", get(get_history))
        .route("/runs/stream", post(stream::run_stream))
        .route("/runs/config_schema", get(config_schema))
        .route("/ingest", post(ingest))
        .route("/tools/", get(tools_catalogue))
        .route("/health/tool/{tool_type}", get(tool_health));
    // The platform's layer over upstream: partial updates and public access.
    if shared.cfg.mode == super::options::Mode::Platform {
        app = app
            .route("/assistants/{id}", axum::routing::patch(patch_assistant))
            .route(
                "/public/openai/v1/chat/completions",
                post(super::public::chat_completions),
            )
            .route("/public/runs/stream", post(super::public::run_stream));
    }
    app = match style {
        PathStyle::Epsimo => app
            .route("/assistants/", get(list_assistants).post(create_assistant))
            .route("/assistants/public/", get(list_public_assistants))
            .route("/threads/", get(list_threads).post(create_thread)),
        // Upstream OpenGPTs: creation without the slash, listing with it; the other
        // form answers 405 with an `allow` header, never a redirect.
        PathStyle::Opengpts => app
            .route("/assistants/", get(list_assistants))
            .route("/assistants/public/", get(list_public_assistants))
            .route("/assistants", post(create_assistant))
            .route("/threads/", get(list_threads))
            .route("/threads", post(create_thread)),
    };
    if shared.cfg.require_verification {
        app = app.route("/_emulator/verify/{code}", get(verify));
    }
    if shared.cfg.faults {
        app = app
            .route("/_emulator/mail", get(mail))
            .route(
                "/_emulator/faults",
                get(admin::list_faults)
                    .post(admin::add_fault)
                    .delete(admin::clear_faults),
            )
            .route(
                "/_emulator/requests",
                get(admin::requests).delete(admin::clear_requests),
            )
            .route("/_emulator/export", get(admin::export));
    }
    app.fallback(|| async { ErrorReply::new(StatusCode::NOT_FOUND, "Not Found") })
        // The middleware enforces --max-body; axum's own 2 MB default would
        // otherwise refuse a large (valid) state write first.
        .layer(axum::extract::DefaultBodyLimit::max(shared.cfg.max_body))
        // Inside the admin middleware, so the request log records a 429 as such.
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            super::ratelimit::middleware,
        ))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            admin::middleware,
        ))
        .layer(cors(&shared.cfg.cors_origins))
        .layer(middleware::from_fn_with_state(shared.clone(), admin::log))
        .with_state(shared)
}

/// Browsers may call the emulator from loopback origins (the scaffolded app on
/// localhost) and from `--cors-origin`s, nothing else: a page on the internet must
/// not drive a developer's emulator.
fn cors(extra: &[String]) -> CorsLayer {
    let extra: Vec<String> = extra.to_vec();
    CorsLayer::new()
        .allow_origin(tower_http::cors::AllowOrigin::predicate(
            move |origin: &axum::http::HeaderValue, _| {
                let Ok(o) = origin.to_str() else { return false };
                extra.iter().any(|e| e == o)
                    || url::Url::parse(o).is_ok_and(|u| crate::contract::rules::is_loopback(&u))
            },
        ))
        .allow_methods(tower_http::cors::Any)
        .allow_headers(tower_http::cors::Any)
}
