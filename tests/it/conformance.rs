//! Conformance: every request recorded from a real OpenGPTs server
//! (`../shared/fixtures/opengpts/`, copied under `tests/fixtures/opengpts/`) is
//! replayed, in its recorded order and against one state, to the emulator in its
//! upstream mode and path style, and each answer is compared with the recording: status,
//! content type, and the shape of the body (keys and their order, types, lengths;
//! for errors the detail itself; for streams the events and the kinds of message),
//! ids and times aside.
//!
//! Where Epsimo differs from upstream on purpose, the difference is listed once,
//! below, with the CONTRACT.md rule that allows it. A recording added later is
//! replayed without new code: a request naming an object no recording created is
//! preceded by creating it from the recorded answer (the fixtures README: "each setup
//! create ... was byte-identical to the body of the GET recorded right after it").

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::Emu;
use epsimo::cli::{Mode, PathStyle};
use epsimo::emulator::Config;
use serde_json::{Value, json};

/// How a recording may differ from the emulator's answer, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Difference {
    /// Not replayed: upstream refused it and changed nothing, where Epsimo accepts it.
    Skip,
    /// The emulator answers this status instead (and the body is not compared).
    Status(u16),
}

/// The differences Epsimo has on purpose, each once, with the rule that allows it.
fn difference(name: &str) -> Option<(Difference, &'static str)> {
    Some(match name {
        // CONTRACT.md, "Tokens": every call but health and login carries a bearer
        // token; upstream's noop auth makes a user of any caller without a cookie.
        "28-no-cookie-assistants-list" => (
            Difference::Status(401),
            "auth: a call without a token is 401 (CONTRACT.md, Tokens)",
        ),
        // The fixtures README, 123: recorded from a second server with upstream's
        // `jwt_local` auth and a signing key of its own. The emulator issues its own
        // tokens (CONTRACT.md, Tokens): none of those tokens is one of them, and a
        // call without a token is 401 (as 28).
        "123-jwt-no-token"
        | "123b-jwt-bad-signature"
        | "123c-jwt-valid-token"
        | "123d-jwt-expired-token" => (
            Difference::Skip,
            "another server's auth (jwt_local, its own key): the emulator issues its own tokens (CONTRACT.md, Tokens)",
        ),
        // The fixtures README, 140-145: recorded from a third server given fake
        // tool keys. The upstream mode is the server without keys (:8100), whose
        // outcomes for the same tools are 101, 102, 105, 106, 107 and 112.
        n if (140..=145).contains(&number(n))
            && (n.contains("-runs-stream-") || n.contains("-threads-state-")) =>
        {
            (
                Difference::Skip,
                "recorded with fake tool keys; the upstream mode has none, as 101-112 recorded",
            )
        }
        _ => return None,
    })
}

/// Upstream's agent threads keep a list state; Epsimo's agent threads are the Virtual
/// Database, an object whose `messages` is that list (CONTRACT.md, The Virtual
/// Database). The emulator's `values` is compared through its `messages` then.
fn agent_state(recorded: &Value, actual: &Value) -> Option<Value> {
    if recorded.is_array() && actual.is_object() {
        return actual.get("messages").cloned();
    }
    None
}

fn fixtures_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/fixtures/opengpts");
    if shared.is_dir() {
        shared
    } else {
        root.join("tests/fixtures/opengpts")
    }
}

/// A recorded request.
struct Recorded {
    name: String,
    method: String,
    path: String,
    content_type: Option<String>,
    body: Vec<u8>,
    has_cookie: bool,
}

fn parse_request(name: &str, raw: &[u8]) -> Recorded {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{name}: no end of head"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap().split(' ');
    let method = first.next().unwrap().to_string();
    let path = first.next().unwrap().to_string();
    let mut content_type = None;
    let mut has_cookie = false;
    for l in lines {
        let (k, v) = l.split_once(": ").unwrap_or((l, ""));
        match k.to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(v.to_string()),
            "cookie" => has_cookie = true,
            _ => {}
        }
    }
    Recorded {
        name: name.to_string(),
        method,
        path,
        content_type,
        body,
        has_cookie,
    }
}

/// A recorded answer: status, content type, body.
fn parse_response(raw: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .split("\r\n")
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_owned)
        })
        .unwrap_or_default();
    (status, content_type, body.to_string())
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36
}

/// Every UUID in a text.
fn uuids(text: &str) -> Vec<String> {
    let re =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    re.find_iter(text).map(|m| m.as_str().to_string()).collect()
}

/// Learns recorded id -> emulator id from two answers of the same shape.
fn learn(recorded: &Value, actual: &Value, ids: &mut HashMap<String, String>) {
    match (recorded, actual) {
        (Value::String(r), Value::String(a)) if is_uuid(r) && is_uuid(a) => {
            ids.entry(r.clone()).or_insert_with(|| a.clone());
        }
        (Value::Object(r), Value::Object(a)) => {
            for (k, rv) in r {
                if let Some(av) = a.get(k) {
                    learn(rv, av, ids);
                }
            }
        }
        (Value::Array(r), Value::Array(a)) => {
            for (rv, av) in r.iter().zip(a) {
                learn(rv, av, ids);
            }
        }
        _ => {}
    }
}

/// The emulated model speaks commands where the recordings' fake model reacted to
/// words (the fixtures README, "Fake model"): "fail" fails, "image" and "use tool"
/// call the assistant's first tool, "slow" waits past a ping.
fn translate_input(body: &mut Value) {
    let Some(input) = body.get_mut("input") else {
        return;
    };
    let list = match input {
        Value::Array(l) => l,
        Value::Object(m) => match m.get_mut("messages") {
            Some(Value::Array(l)) => l,
            _ => return,
        },
        _ => return,
    };
    for m in list {
        let Some(text) = m.get("content").and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        let command = if text.contains("fail") {
            "/fail".to_string()
        } else if text.contains("image") || text.contains("use tool") {
            // The first offered tool, its required arguments filled in.
            "/tool".to_string()
        } else if text.contains("slow") {
            "/slow 0.5".to_string()
        } else {
            continue;
        };
        m["content"] = json!(command);
    }
}

/// Compares the shape of two JSON values; `Err` says where they differ.
fn same_shape(recorded: &Value, actual: &Value, at: &str, exact_text: bool) -> Result<(), String> {
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    match (recorded, actual) {
        (Value::Object(r), Value::Object(a)) => {
            let rk: Vec<&String> = r.keys().collect();
            let ak: Vec<&String> = a.keys().collect();
            if rk != ak {
                return Err(format!(
                    "{at}: keys {rk:?} recorded, {ak:?} from the emulator"
                ));
            }
            for (k, rv) in r {
                // `values` of an agent thread: the Virtual Database (see agent_state).
                if k == "values"
                    && let Some(messages) = agent_state(rv, &a[k])
                {
                    same_shape(rv, &messages, &format!("{at}.values(messages)"), exact_text)?;
                    continue;
                }
                same_shape(rv, &a[k], &format!("{at}.{k}"), exact_text)?;
            }
            Ok(())
        }
        (Value::Array(r), Value::Array(a)) => {
            if r.len() != a.len() {
                return Err(format!(
                    "{at}: {} items recorded, {} from the emulator",
                    r.len(),
                    a.len()
                ));
            }
            for (i, (rv, av)) in r.iter().zip(a).enumerate() {
                same_shape(rv, av, &format!("{at}[{i}]"), exact_text)?;
            }
            Ok(())
        }
        (Value::String(r), Value::String(a)) if exact_text && r != a => {
            Err(format!("{at}: {r:?} recorded, {a:?} from the emulator"))
        }
        (r, a) if kind(r) != kind(a) => Err(format!(
            "{at}: a {} recorded ({r}), a {} from the emulator ({a})",
            kind(r),
            kind(a)
        )),
        _ => Ok(()),
    }
}

/// An error body: the detail itself when it is text; for validation errors (422)
/// each item's `type` and the first part of its `loc`.
fn same_error(recorded: &Value, actual: &Value) -> Result<(), String> {
    match (&recorded["detail"], &actual["detail"]) {
        (Value::Array(r), Value::Array(a)) => {
            let outline = |items: &[Value]| -> Vec<(Value, Value)> {
                items
                    .iter()
                    .map(|i| (i["type"].clone(), i["loc"][0].clone()))
                    .collect()
            };
            // Upstream may list the same failure against several union members:
            // the emulator's items must be among the recorded ones.
            let r = outline(r);
            let a = outline(a);
            if a.is_empty() || !a.iter().all(|x| r.contains(x)) {
                return Err(format!(
                    "validation errors {r:?} recorded, {a:?} from the emulator"
                ));
            }
            Ok(())
        }
        _ => same_shape(recorded, actual, "body", true),
    }
}

/// The events of an SSE body: names (consecutive `data` once), whether a ping came,
/// and the kind of each new message in order of first appearance.
fn stream_outline(body: &str) -> (Vec<String>, bool, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let mut ping = false;
    let mut seen: Vec<String> = Vec::new();
    let mut kinds = Vec::new();
    for block in body.split("\r\n\r\n").filter(|b| !b.is_empty()) {
        if block.starts_with(": ping") {
            ping = true;
            continue;
        }
        let mut name = String::new();
        let mut data = String::new();
        for line in block.split("\r\n") {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
            }
        }
        if names.last() != Some(&name) || name != "data" {
            names.push(name.clone());
        }
        if name == "data"
            && let Ok(Value::Array(messages)) = serde_json::from_str::<Value>(&data)
        {
            for m in messages {
                let id = m["id"].as_str().unwrap_or_default().to_string();
                if !seen.contains(&id) {
                    seen.push(id);
                    let calls = m["tool_calls"].as_array().is_some_and(|c| !c.is_empty());
                    let kind = m["type"].as_str().unwrap_or("?").to_string();
                    kinds.push(if calls {
                        format!("{kind}+tool_calls")
                    } else {
                        kind
                    });
                }
            }
        }
    }
    (names, ping, kinds)
}

/// The message keys of each kind in a stream, as recorded.
fn message_keys(body: &str) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    for block in body.split("\r\n\r\n") {
        let Some(data) = block.split("\r\n").find_map(|l| l.strip_prefix("data: ")) else {
            continue;
        };
        if let Ok(Value::Array(messages)) = serde_json::from_str::<Value>(data) {
            for m in messages {
                if let Some(o) = m.as_object() {
                    out.entry(m["type"].as_str().unwrap_or("?").to_string())
                        .or_insert_with(|| o.keys().cloned().collect());
                }
            }
        }
    }
    out
}

struct Replay {
    emu: Emu,
    token: String,
    ids: HashMap<String, String>,
}

impl Replay {
    fn send(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
        auth: bool,
    ) -> (u16, String, String) {
        let url = format!("{}{}", self.emu.url, path);
        self.emu.rt.block_on(async {
            let client = reqwest::Client::new();
            let mut rb = client
                .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
                .timeout(Duration::from_secs(30));
            if auth {
                rb = rb.bearer_auth(&self.token);
            }
            if let Some(ct) = content_type {
                rb = rb.header("content-type", ct);
            }
            if !body.is_empty() {
                rb = rb.body(body);
            }
            let resp = rb.send().await.expect("the emulator answers");
            let status = resp.status().as_u16();
            let ct = resp
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            (status, ct, resp.text().await.unwrap_or_default())
        })
    }

    fn map_ids(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (r, a) in &self.ids {
            out = out.replace(r.as_str(), a.as_str());
        }
        out
    }

    /// An object the request names that no recording created: created now from the
    /// recorded answer (the README's unrecorded setup steps).
    fn set_up(&mut self, req: &Recorded, recorded_body: &str) {
        for id in uuids(&req.path) {
            if self.ids.contains_key(&id) {
                continue;
            }
            let Ok(answer) = serde_json::from_str::<Value>(recorded_body) else {
                continue;
            };
            if answer["assistant_id"] == id.as_str() {
                let create = json!({"name": answer["name"], "config": answer["config"], "public": answer["public"]});
                let (status, _, body) = self.send(
                    "POST",
                    "/assistants",
                    Some("application/json"),
                    create.to_string().into_bytes(),
                    true,
                );
                assert_eq!(
                    status, 200,
                    "{}: setting up its assistant: {body}",
                    req.name
                );
                let created: Value = serde_json::from_str(&body).unwrap();
                self.ids.insert(
                    id.clone(),
                    created["assistant_id"].as_str().unwrap().to_string(),
                );
            }
        }
    }
}

fn recordings(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".request").map(str::to_owned)
        })
        .collect();
    // In the numbered order they ran in ("10" before "100", "99" before "100").
    names.sort_by_key(|n| (number(n), n.clone()));
    names
}

/// A recording's number: "100" of "100c-runs-stream-ddg-search".
fn number(name: &str) -> u32 {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(u32::MAX)
}

#[test]
fn every_recorded_request_gets_the_answer_upstream_gave() {
    let dir = fixtures_dir();
    let names = recordings(&dir);
    assert!(
        names.len() >= 60,
        "the recordings are there: {}",
        names.len()
    );
    let emu = Emu::with(Config {
        path_style: PathStyle::Opengpts,
        mode: Mode::Upstream,
        ping_interval: Duration::from_millis(150),
        ..Config::default()
    });
    let user = emu.dev_token();
    let (_, token) = emu.project(&user, "conformance");
    let mut replay = Replay {
        emu,
        token,
        ids: HashMap::new(),
    };
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut database = 0;
    for name in &names {
        // Recordings 90 and 100 on began on a fresh database (the fixtures README):
        // a new project stands for it, so listings count what that one held.
        let era = match number(name) {
            0..90 => 0,
            90..100 => 1,
            _ => 2,
        };
        if era != database {
            database = era;
            replay.token = replay.emu.project(&user, &format!("conformance-{era}")).1;
        }
        let req = parse_request(
            name,
            &std::fs::read(dir.join(format!("{name}.request"))).unwrap(),
        );
        let (want_status, want_type, want_body) =
            parse_response(&std::fs::read(dir.join(format!("{name}.http"))).unwrap());
        let diff = difference(name);
        if matches!(diff, Some((Difference::Skip, _))) {
            continue;
        }
        replay.set_up(&req, &want_body);
        let path = replay.map_ids(&req.path);
        let body = if req.content_type.as_deref() == Some("application/json") {
            let text = replay.map_ids(&String::from_utf8_lossy(&req.body));
            match serde_json::from_str::<Value>(&text) {
                Ok(mut v) if path == "/runs/stream" => {
                    translate_input(&mut v);
                    v.to_string().into_bytes()
                }
                _ => text.into_bytes(),
            }
        } else {
            // Multipart: the ids inside are text too.
            let text = String::from_utf8_lossy(&req.body).into_owned();
            if text.is_ascii() {
                replay.map_ids(&text).into_bytes()
            } else {
                req.body.clone()
            }
        };
        let (status, content_type, got) = replay.send(
            &req.method,
            &path,
            req.content_type.as_deref(),
            body,
            req.has_cookie,
        );
        compared += 1;
        let mut problem = |what: String| failures.push(format!("{name}: {what}"));
        if let Some((Difference::Status(instead), _)) = diff {
            if status != instead {
                problem(format!(
                    "status {instead} expected (a listed difference), {status} from the emulator"
                ));
            }
            continue;
        }
        if status != want_status {
            problem(format!(
                "status {want_status} recorded, {status} from the emulator: {got}"
            ));
            continue;
        }
        if content_type != want_type {
            problem(format!(
                "content-type {want_type:?} recorded, {content_type:?} from the emulator"
            ));
            continue;
        }
        if want_type.starts_with("text/event-stream") {
            let (want_names, want_ping, want_kinds) = stream_outline(&want_body);
            let (names_got, ping_got, kinds_got) = stream_outline(&got);
            if (&want_names, want_ping, &want_kinds) != (&names_got, ping_got, &kinds_got) {
                problem(format!(
                    "stream {want_names:?} ping={want_ping} {want_kinds:?} recorded, {names_got:?} ping={ping_got} {kinds_got:?} from the emulator"
                ));
            }
            let keys_got = message_keys(&got);
            for (kind, keys) in message_keys(&want_body) {
                if keys_got.get(&kind).is_some_and(|k| *k != keys) {
                    problem(format!(
                        "{kind} message keys {keys:?} recorded, {:?} from the emulator",
                        keys_got[&kind]
                    ));
                }
            }
            continue;
        }
        if !want_type.starts_with("application/json") {
            if got != want_body {
                problem(format!(
                    "body {want_body:?} recorded, {got:?} from the emulator"
                ));
            }
            continue;
        }
        let (Ok(want), Ok(actual)) = (
            serde_json::from_str::<Value>(&want_body),
            serde_json::from_str::<Value>(&got),
        ) else {
            problem(format!("not JSON: {got}"));
            continue;
        };
        let verdict = if want_status >= 400 {
            same_error(&want, &actual)
        } else {
            same_shape(&want, &actual, "body", false)
        };
        if let Err(e) = verdict {
            problem(e);
        }
        learn(&want, &actual, &mut replay.ids);
    }
    assert!(compared >= 60, "{compared} compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} recordings differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_repository_holds_the_shared_recordings_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/fixtures/opengpts");
    if !shared.is_dir() {
        eprintln!("note: no ../shared/fixtures here; the repository's copy is the reference");
        return;
    }
    let copy = root.join("tests/fixtures/opengpts");
    let mut missing = Vec::new();
    let mut stack = vec![shared.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(&shared).unwrap();
            if std::fs::read(copy.join(rel)).ok() != std::fs::read(&p).ok() {
                missing.push(rel.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "tests/fixtures/opengpts differs from ../shared/fixtures/opengpts (copy them over): {missing:?}"
    );
}

#[test]
fn the_comparison_itself_catches_differences() {
    // A test that cannot fail is a defect: the comparisons, on known differences.
    let a = json!({"a": 1, "b": [1, 2]});
    assert!(
        same_shape(&a, &json!({"b": [1, 2], "a": 1}), "", false).is_err(),
        "key order"
    );
    assert!(
        same_shape(&a, &json!({"a": "1", "b": [1, 2]}), "", false).is_err(),
        "types"
    );
    assert!(
        same_shape(&a, &json!({"a": 1, "b": [1]}), "", false).is_err(),
        "lengths"
    );
    assert!(
        same_shape(&a, &json!({"a": 1, "b": [1, 2], "c": 0}), "", false).is_err(),
        "extra keys"
    );
    assert!(
        same_shape(
            &json!({"values": [1]}),
            &json!({"values": {"messages": [2]}}),
            "",
            false
        )
        .is_ok()
    );
    assert!(
        same_error(
            &json!({"detail": "Thread not found"}),
            &json!({"detail": "Not Found"})
        )
        .is_err()
    );
    let stream = "event: metadata\r\ndata: {}\r\n\r\nevent: data\r\ndata: [{\"id\":\"1\",\"type\":\"human\"}]\r\n\r\nevent: data\r\ndata: [{\"id\":\"2\",\"type\":\"ai\",\"tool_calls\":[{}]}]\r\n\r\n: ping - x\r\n\r\nevent: end\r\n\r\n";
    assert_eq!(
        stream_outline(stream),
        (
            vec!["metadata".to_string(), "data".into(), "end".into()],
            true,
            vec!["human".to_string(), "ai+tool_calls".into()]
        )
    );
}
