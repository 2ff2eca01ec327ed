//! Public assistants (CONTRACT.md, "Public access"; the platform guide's "Public
//! Assistants" and "OpenAI-Compatible Endpoint"): an assistant's access mode and
//! public token, set with a partial update, and calls made as an outsider with
//! nothing but that token.

use futures_util::StreamExt;
use serde_json::{Map, Value, json};

use super::{Assistant, Wire};
use crate::api::{Api, Auth, Call};
use crate::error::{CliError, Exit, Result};

pub use crate::contract::public::{ACCESS_MODE, PUBLIC_TOKEN};
/// The OpenAI-compatible chat completions route.
pub const OPENAI_PATH: &str = "/public/openai/v1/chat/completions";

/// Who may call an assistant through the public routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    // Only logged-in users, through `/runs/stream` (the default).
    Authenticated,
    // Anyone presenting the assistant's public token.
    PublicToken,
    // Anyone.
    PublicNoAuth,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Authenticated => "authenticated",
            Access::PublicToken => "public_token",
            Access::PublicNoAuth => "public_no_auth",
        }
    }
}

/// An assistant's access mode and public token (see
/// [`crate::contract::public::access_of_config`]).
pub fn access_of(assistant: &Value) -> (String, Option<String>) {
    crate::contract::public::access_of_config(assistant.get("config").unwrap_or(&Value::Null))
}

/// A strong random public token: 32 bytes from the OS's generator, base64url, after
/// a `pubkey_` prefix as the guide's examples have.
pub fn generate_token() -> String {
    use base64::Engine as _;
    let bytes: [u8; 32] = rand::random();
    format!(
        "pubkey_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The assistant JSON with its public token masked (what `show` and `list` print
/// unless the token is asked for).
pub fn masked(mut assistant: Value) -> Value {
    if let Some(t) = assistant
        .pointer_mut("/config/configurable")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.get_mut(PUBLIC_TOKEN))
        && let Some(s) = t.as_str()
    {
        *t = Value::String(crate::util::mask_token(s));
    }
    assistant
}

/// Sets the access mode (and, for `public_token`, the token) with a partial update.
/// Going back to `authenticated` sets only the mode: the old token stops working,
/// as public routes refuse an `authenticated` assistant.
pub async fn set_access(
    api: &Api,
    pid: &str,
    id: &str,
    mode: Access,
    token: Option<&str>,
) -> Result<Wire<Assistant>> {
    let mut c = Map::new();
    c.insert(ACCESS_MODE.into(), json!(mode.as_str()));
    if let Some(t) = token {
        api.secret(t);
        c.insert(PUBLIC_TOKEN.into(), json!(t));
    }
    super::assistants::patch(api, pid, id, None, c).await
}

/// Where outsiders call the assistants of the server `api` talks to: the
/// OpenAI-compatible endpoint, and the platform's own streaming run (the URL shown,
/// any credentials in it masked).
pub fn endpoints(api: &Api) -> (String, String) {
    let base = crate::util::redact_url(api.base_url());
    let base = base.trim_end_matches('/');
    (
        format!("{base}{OPENAI_PATH}"),
        format!("{base}{}", crate::stream::turn::PUBLIC_RUNS_PATH),
    )
}

/// What [`publish`] is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publish {
    /// `public_token`, with `token` when one is given, else a generated one. An
    /// assistant that has a token already keeps it unless `rotate`.
    Token { token: Option<String>, rotate: bool },
    /// `public_no_auth`: anyone, with no token.
    NoAuth,
    /// Back to `authenticated`: public calls are refused.
    Authenticated,
}

/// What [`publish`] did.
#[derive(Debug, Clone)]
pub struct Published {
    pub access: Access,
    /// The token set now (`public_token` only).
    pub token: Option<String>,
    /// The token was made here (and is known only to the caller and the server).
    pub generated: bool,
}

/// The shortest public token accepted from a person: shorter ones are guessable.
pub const MIN_GIVEN_TOKEN: usize = 16;

/// Sets who may call assistant `id` through the public routes. Asking for a token
/// where one is set already, without `rotate` and without a token, changes nothing
/// and fails (exit 5, `http_status` unset): a second publish must not silently cut
/// off the callers of the first.
pub async fn publish(api: &Api, pid: &str, id: &str, want: Publish) -> Result<Published> {
    let (access, token, generated) = match want {
        Publish::NoAuth => (Access::PublicNoAuth, None, false),
        Publish::Authenticated => (Access::Authenticated, None, false),
        Publish::Token { token, rotate } => {
            if let Some(t) = &token
                && t.chars().count() < MIN_GIVEN_TOKEN
            {
                return Err(CliError::usage(format!(
                    "a public token must be at least {MIN_GIVEN_TOKEN} characters"
                )));
            }
            if token.is_none() && !rotate {
                let current = super::assistants::get(api, pid, id).await?.into_raw();
                if let (mode, Some(_)) = access_of(&current)
                    && mode == Access::PublicToken.as_str()
                {
                    return Err(CliError::new(
                        Exit::Invalid,
                        format!(
                            "assistant {id} is public with a token already; nothing was changed"
                        ),
                    ));
                }
            }
            let generated = token.is_none();
            (
                Access::PublicToken,
                Some(token.unwrap_or_else(generate_token)),
                generated,
            )
        }
    };
    set_access(api, pid, id, access, token.as_deref()).await?;
    Ok(Published {
        access,
        token,
        generated,
    })
}

/// What an outsider's call streams.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text of the reply, as it arrives.
    Text(String),
    /// The reply is complete.
    Done {
        /// Why the reply ended (`stop`, `length`, ...), as the server said.
        finish_reason: Option<String>,
    },
}

/// One message to a public assistant through the OpenAI-compatible route, as an
/// outsider: `token` selects the assistant. The reply streams to `on_piece`.
pub async fn ask_openai(
    api: &Api,
    token: &str,
    message: &str,
    mut on_piece: impl FnMut(Piece) -> Result<()>,
) -> Result<()> {
    let body = json!({
        // Accepted and ignored by the platform; OpenAI clients always send one.
        "model": "epsimo",
        "messages": [{"role": "user", "content": message}],
        "stream": true,
    });
    let call = Call::post(OPENAI_PATH, Auth::Public(token.to_string()), body).once();
    let resp = api.send(&call).await?;
    let mut parser = crate::stream::sse::Parser::new();
    let mut stream = resp.bytes_stream();
    let mut finish = None;
    let mut done = false;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            CliError::new(
                Exit::Unavailable,
                format!(
                    "the reply stream broke: {}",
                    crate::api::client::root_cause(&e)
                ),
            )
        })?;
        for ev in parser.feed(&chunk) {
            let data = ev.text();
            if data.trim() == "[DONE]" {
                done = true;
                continue;
            }
            let v: Value = serde_json::from_str(&data).map_err(|e| {
                CliError::failure(format!("the server sent a chunk that is not JSON: {e}"))
            })?;
            if let Some(err) = v.get("error") {
                return Err(CliError::failure(format!("the run failed: {err}")));
            }
            let choice = &v["choices"][0];
            if let Some(t) = choice["delta"]["content"]
                .as_str()
                .filter(|t| !t.is_empty())
            {
                on_piece(Piece::Text(t.to_string()))?;
            }
            if let Some(f) = choice["finish_reason"].as_str() {
                finish = Some(f.to_string());
            }
        }
    }
    if !done && finish.is_none() {
        return Err(CliError::new(
            Exit::Unavailable,
            "the reply stream ended before its end (no finish_reason, no [DONE])",
        ));
    }
    on_piece(Piece::Done {
        finish_reason: finish,
    })
}

/// The snippets that call an assistant through the OpenAI-compatible route from
/// curl, the OpenAI Python SDK and the OpenAI JavaScript SDK, the token read from
/// `EPSIMO_PUBLIC_TOKEN` (never written into them).
pub fn snippets(api_url: &str) -> Vec<(&'static str, String)> {
    let base = format!("{}/public/openai/v1", api_url.trim_end_matches('/'));
    vec![
        (
            "curl",
            format!(
                "curl {base}/chat/completions \\\n  -H \"Authorization: Bearer $EPSIMO_PUBLIC_TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{{\"model\": \"epsimo\", \"messages\": [{{\"role\": \"user\", \"content\": \"Hello\"}}]}}'"
            ),
        ),
        (
            "Python (pip install openai)",
            format!(
                "import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url=\"{base}\", api_key=os.environ[\"EPSIMO_PUBLIC_TOKEN\"])\nreply = client.chat.completions.create(\n    model=\"epsimo\",  # accepted and ignored: the assistant's own model answers\n    messages=[{{\"role\": \"user\", \"content\": \"Hello\"}}],\n)\nprint(reply.choices[0].message.content)"
            ),
        ),
        (
            "JavaScript (npm install openai)",
            format!(
                "import OpenAI from \"openai\";\n\nconst client = new OpenAI({{ baseURL: \"{base}\", apiKey: process.env.EPSIMO_PUBLIC_TOKEN }});\nconst reply = await client.chat.completions.create({{\n  model: \"epsimo\", // accepted and ignored: the assistant's own model answers\n  messages: [{{ role: \"user\", content: \"Hello\" }}],\n}});\nconsole.log(reply.choices[0].message.content);"
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_strong_and_masked_where_shown() {
        let a = generate_token();
        let b = generate_token();
        assert_ne!(a, b);
        assert!(a.starts_with("pubkey_") && a.len() >= 7 + 43, "{a}");
        let v = json!({"config": {"configurable": {ACCESS_MODE: "public_token", PUBLIC_TOKEN: a}}});
        assert_eq!(access_of(&v), ("public_token".to_string(), Some(a.clone())));
        let m = masked(v);
        assert!(!m.to_string().contains(&a[10..]), "{m}");
        assert_eq!(access_of(&json!({})).0, "authenticated");
    }
}
