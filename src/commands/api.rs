//! `epsimo api PATH`: a raw authenticated request, the escape hatch for anything the
//! other commands do not cover (like `gh api`).

use std::io::Read;

use reqwest::Method;
use serde_json::{Map, Value};

use super::Ctx;
use crate::api::{Auth, Call};
use crate::cli::ApiArgs;
use crate::error::{CliError, Result};

/// A `-f key=value` field: the value as JSON when it parses, else as a string.
fn parse_field(raw: &str) -> Result<(String, Value)> {
    let (k, v) = raw.split_once('=').ok_or_else(|| {
        CliError::usage(format!("field {raw:?} is not KEY=VALUE"))
            .with_hint("write -f name=value, e.g. -f name='My project' -f public=true")
    })?;
    if k.is_empty() {
        return Err(CliError::usage(format!("field {raw:?} has an empty key")));
    }
    let value = serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()));
    Ok((k.to_string(), value))
}

/// One part of a multipart form (`-F`).
#[derive(Debug, Clone, PartialEq)]
enum FormPart {
    Text {
        key: String,
        value: String,
    },
    File {
        key: String,
        filename: String,
        mime: String,
        bytes: bytes::Bytes,
    },
}

/// The type of a file part by its extension, unless `;type=` says it.
fn mime_for(path: &std::path::Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("txt") => "text/plain",
        Some("md") => "text/markdown",
        Some("csv") => "text/csv",
        Some("html" | "htm") => "text/html",
        Some("json") => "application/json",
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// Largest file `-F key=@FILE` reads.
const MAX_FORM_FILE: u64 = 512 * 1024 * 1024;

/// A `-F key=value` or `-F key=@file[;type=mime]` part, as curl and `gh api` read them.
fn parse_form(raw: &str) -> Result<FormPart> {
    let (key, value) = raw.split_once('=').ok_or_else(|| {
        CliError::usage(format!("form field {raw:?} is not KEY=VALUE or KEY=@FILE"))
            .with_hint("write -F files=@handbook.pdf or -F 'config={\"configurable\":{}}'")
    })?;
    if key.is_empty() {
        return Err(CliError::usage(format!(
            "form field {raw:?} has an empty key"
        )));
    }
    let Some(file) = value.strip_prefix('@') else {
        return Ok(FormPart::Text {
            key: key.to_string(),
            value: value.to_string(),
        });
    };
    let (file, mime) = match file.rsplit_once(";type=") {
        Some((f, m)) => (f, Some(m.to_string())),
        None => (file, None),
    };
    let path = std::path::Path::new(file);
    let mut data = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FORM_FILE + 1).read_to_end(&mut data))
        .map_err(|e| CliError::usage(format!("cannot read {file}: {e}")))?;
    if data.len() as u64 > MAX_FORM_FILE {
        return Err(CliError::usage(format!("{file} is larger than 512 MiB")));
    }
    Ok(FormPart::File {
        key: key.to_string(),
        filename: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "upload".into()),
        mime: mime.unwrap_or_else(|| mime_for(path).to_string()),
        bytes: data.into(),
    })
}

/// The form, built again for each try (a form is sent once).
fn form_payload(parts: Vec<FormPart>) -> Result<crate::api::Payload> {
    for p in &parts {
        if let FormPart::File { mime, .. } = p
            && reqwest::multipart::Part::text("").mime_str(mime).is_err()
        {
            return Err(CliError::usage(format!("{mime:?} is not a media type")));
        }
    }
    Ok(crate::api::Payload::Multipart(std::sync::Arc::new(
        move || {
            let mut form = reqwest::multipart::Form::new();
            for p in &parts {
                form = match p.clone() {
                    FormPart::Text { key, value } => form.text(key, value),
                    FormPart::File {
                        key,
                        filename,
                        mime,
                        bytes,
                    } => {
                        let len = bytes.len() as u64;
                        let part = reqwest::multipart::Part::stream_with_length(
                            reqwest::Body::from(bytes),
                            len,
                        )
                        .file_name(filename);
                        // Checked to parse above; a part without its type is still a file.
                        let part = match part.mime_str(&mime) {
                            Ok(p) => p,
                            Err(_) => reqwest::multipart::Part::bytes(Vec::new()),
                        };
                        form.part(key, part)
                    }
                };
            }
            form
        },
    )))
}

/// Paths that take the project token: the resources inside a project.
pub fn is_project_scoped(path: &str) -> bool {
    ["/assistants", "/threads", "/runs", "/ingest"]
        .iter()
        .any(|p| {
            path == *p || path.starts_with(&format!("{p}/")) || path.starts_with(&format!("{p}?"))
        })
}

/// A `-H 'Name: value'` header.
fn parse_header(raw: &str) -> Result<(String, String)> {
    let (name, value) = raw
        .split_once(':')
        .ok_or_else(|| CliError::usage(format!("header {raw:?} is not 'Name: value'")))?;
    let name = name.trim();
    if name.is_empty() || reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(CliError::usage(format!("invalid header name in {raw:?}")));
    }
    if name.eq_ignore_ascii_case("authorization") {
        return Err(
            CliError::usage("epsimo sets the Authorization header itself")
                .with_hint("use EPSIMO_TOKEN or EPSIMO_PROJECT_TOKEN to choose the token"),
        );
    }
    Ok((name.to_string(), value.trim().to_string()))
}

pub async fn run(args: ApiArgs, ctx: &Ctx) -> Result<()> {
    let method = Method::from_bytes(args.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| CliError::usage(format!("invalid HTTP method {:?}", args.method)))?;
    if !args.path.starts_with('/') {
        return Err(
            CliError::usage(format!("the path {:?} must start with /", args.path))
                .with_hint("for example: epsimo api /projects/"),
        );
    }
    let body = match (&args.input, args.fields.is_empty()) {
        (Some(_), false) => {
            return Err(CliError::usage("--input and --field cannot be combined"));
        }
        (Some(path), true) => {
            let mut text = String::new();
            let _reading = crate::interrupt::reading();
            if path.as_os_str() == "-" {
                std::io::stdin()
                    .take(MAX_FORM_FILE + 1)
                    .read_to_string(&mut text)?;
            } else {
                text = crate::util::read_text_capped(path, MAX_FORM_FILE)
                    .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
            }
            Some(serde_json::from_str::<Value>(&text).map_err(|e| {
                CliError::new(
                    crate::error::Exit::Invalid,
                    format!("--input is not valid JSON: {e}"),
                )
            })?)
        }
        (None, false) => {
            let mut map = Map::new();
            for f in &args.fields {
                let (k, v) = parse_field(f)?;
                map.insert(k, v);
            }
            Some(Value::Object(map))
        }
        (None, true) => None,
    };
    let auth = if is_project_scoped(&args.path) {
        let pid = ctx.project_id_offline(&args.project)?.ok_or_else(|| {
            CliError::usage(format!("{} is project-scoped: which project?", args.path)).with_hint(
                "pass --project-id, set EPSIMO_PROJECT_ID, or run it in a directory linked by epsimo.yaml",
            )
        })?;
        Auth::Project(pid)
    } else {
        Auth::User
    };
    let (path, query) = match args.path.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (args.path.clone(), None),
    };
    let mut call = Call::new(method, path, auth);
    // A raw call goes exactly where it was told: a 405 is reported as it came, never
    // answered by trying the other slash form (the typed commands do that).
    call.collection = false;
    if !args.form.is_empty() {
        let parts = args
            .form
            .iter()
            .map(|f| parse_form(f))
            .collect::<Result<Vec<_>>>()?;
        call.payload = form_payload(parts)?;
    }
    if let Some(q) = query {
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            call = call.query(k, v);
        }
    }
    if let Some(b) = body {
        call = call.json(b);
    }
    for h in &args.headers {
        call.headers.push(parse_header(h)?);
    }
    let client = ctx.client()?;
    let resp = client.send_raw(&call).await?;
    if args.include {
        let p = &ctx.printer;
        p.say(&format!("{:?} {}", resp.version(), resp.status()));
        for (name, value) in resp.headers() {
            p.say(&format!("{name}: {}", value.to_str().unwrap_or("<binary>")));
        }
        p.say("");
    }
    let bytes = client.read_body(resp).await?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(v) => ctx.printer.json(&v),
        Err(_) if bytes.is_empty() => Ok(()),
        Err(_) => {
            if ctx.printer.jq.is_some() {
                return Err(CliError::failure(
                    "the response is not JSON, so --jq cannot filter it",
                ));
            }
            let text = String::from_utf8_lossy(&bytes);
            ctx.printer.line(text.trim_end())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_parse_as_json_or_text() {
        assert_eq!(parse_field("n=5").unwrap(), ("n".into(), json!(5)));
        assert_eq!(parse_field("p=true").unwrap(), ("p".into(), json!(true)));
        assert_eq!(
            parse_field("name=My app").unwrap(),
            ("name".into(), json!("My app"))
        );
        assert_eq!(
            parse_field("c={\"a\":1}").unwrap(),
            ("c".into(), json!({"a": 1}))
        );
        assert_eq!(parse_field("e=").unwrap(), ("e".into(), json!("")));
        assert!(parse_field("novalue").is_err());
        assert!(parse_field("=x").is_err());
    }

    #[test]
    fn scoped_paths_and_headers() {
        assert!(is_project_scoped("/assistants/"));
        assert!(is_project_scoped("/threads/abc/state"));
        assert!(is_project_scoped("/runs/stream"));
        assert!(!is_project_scoped("/projects/"));
        assert!(!is_project_scoped("/assistantsx"));
        assert_eq!(
            parse_header("X-Trace: 1").unwrap(),
            ("X-Trace".into(), "1".into())
        );
        assert!(parse_header("nocolon").is_err());
        assert!(parse_header("Authorization: Bearer x").is_err());
        assert!(parse_header("bad name: x").is_err());
    }
}
