//! Assertions against what a turn, a test and a thread's database gave: pure
//! functions, each failure saying what was expected and what was there.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::spec::{Check, DB_OPERATORS, Sequence, SequenceMode, ToolCalled, duration};
use crate::stream::collect::ToolCall;

/// What one turn gave.
#[derive(Debug, Clone, Default)]
pub struct TurnResult {
    pub reply: String,
    pub calls: Vec<ToolCall>,
    pub latency: Duration,
    /// Tokens the platform reported for the turn, if it did.
    pub tokens: Option<u64>,
    /// The assistant's tool objects: an assertion may name a tool by its type, its
    /// `name` or the name the model sees, and a call carries the last.
    pub tools: Vec<Value>,
}

/// Whether a call named `called` (as the server reports it) is of the tool an
/// assertion names `wanted`: the same name, or both names of one of the assistant's
/// tools (type, `name`, or model-visible name: `dall_e` is `Dall-E-Image-Generator`).
pub fn same_tool_name(wanted: &str, called: &str, tools: &[Value]) -> bool {
    wanted == called
        || tools.iter().any(|t| {
            crate::contract::catalog::tool_is(t, wanted)
                && crate::contract::catalog::tool_is(t, called)
        })
}

/// One name per tool, whatever it was called by: the type of the assistant's tool it
/// names, else the name itself.
fn canonical(name: &str, tools: &[Value]) -> String {
    tools
        .iter()
        .find(|t| crate::contract::catalog::tool_is(t, name))
        .and_then(|t| t.get("type").and_then(Value::as_str))
        .filter(|k| *k != crate::contract::catalog::FUNCTION)
        .map(str::to_owned)
        .unwrap_or_else(|| name.to_string())
}

/// An assertion that did not hold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Failure {
    /// Where: `turn 2`, `db`, `tool_sequence`.
    pub place: String,
    /// The assertion as written (`contains: "refund"`).
    pub assertion: String,
    pub expected: String,
    pub actual: String,
    /// A line diff of expected and actual, for text and JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

/// A check that could not be made (the platform did not report what it needs).
pub type Note = String;

fn written(c: &Check) -> String {
    let v = serde_json::to_value(c).unwrap_or(Value::Null);
    match v {
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{k}: {}", compact(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

fn diff(expected: &str, actual: &str) -> Option<String> {
    if !expected.contains('\n') && !actual.contains('\n') {
        return None;
    }
    let d = similar::TextDiff::from_lines(expected, actual);
    Some(
        d.unified_diff()
            .context_radius(2)
            .header("expected", "actual")
            .to_string(),
    )
}

/// For a `json:` subset that did not match: the expected value and the reply, both
/// pretty-printed, as a line diff.
fn json_diff(spec: &Value, reply: &str) -> Option<String> {
    let value: Value = serde_json::from_str(reply.trim()).ok()?;
    let want = match spec.as_object() {
        Some(m) if m.len() == 1 && m.contains_key("schema") => return None,
        Some(m) if m.len() == 1 && m.contains_key("subset") => &m["subset"],
        _ => spec,
    };
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    diff(&pretty(want), &pretty(&value))
}

/// `sub` is found in `whole`: every key of an object with a matching value, every
/// item of an array matched by some item, scalars equal.
pub fn subset(sub: &Value, whole: &Value) -> bool {
    match (sub, whole) {
        (Value::Object(s), Value::Object(w)) => s
            .iter()
            .all(|(k, v)| w.get(k).is_some_and(|wv| subset(v, wv))),
        (Value::Array(s), Value::Array(w)) => s.iter().all(|v| w.iter().any(|wv| subset(v, wv))),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}

/// Whether a check holds on a turn, and if not, what was there. `Err` is a note:
/// the check could not be made.
fn holds(c: &Check, t: &TurnResult) -> Result<(bool, String, String), Note> {
    let reply = || format!("{:?}", t.reply);
    let names = || {
        if t.calls.is_empty() {
            "no tool was called".to_string()
        } else {
            t.calls
                .iter()
                .map(|c| format!("{} {}", c.name, c.args))
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    Ok(match c {
        Check::Contains(s) => (
            t.reply.contains(s.as_str()),
            format!("a reply containing {s:?}"),
            reply(),
        ),
        Check::NotContains(s) => (
            !t.reply.contains(s.as_str()),
            format!("a reply without {s:?}"),
            reply(),
        ),
        Check::Regex(r) => {
            let re = regex::Regex::new(r).map_err(|e| e.to_string())?;
            (
                re.is_match(&t.reply),
                format!("a reply matching /{r}/"),
                reply(),
            )
        }
        Check::Equals(s) => (t.reply.trim() == s.trim(), s.clone(), t.reply.clone()),
        Check::Json(spec) => {
            let parsed: Result<Value, _> = serde_json::from_str(t.reply.trim());
            let Ok(value) = parsed else {
                return Ok((false, "a reply that is JSON".into(), reply()));
            };
            let obj = spec.as_object();
            let single = |k: &str| obj.filter(|m| m.len() == 1).and_then(|m| m.get(k));
            if let Some(schema) = single("schema") {
                let validator = jsonschema::validator_for(schema).map_err(|e| e.to_string())?;
                let errors: Vec<String> = validator
                    .iter_errors(&value)
                    .map(|e| e.to_string())
                    .collect();
                (
                    errors.is_empty(),
                    format!("JSON matching the schema {schema}"),
                    if errors.is_empty() {
                        value.to_string()
                    } else {
                        format!("{value}: {}", errors.join("; "))
                    },
                )
            } else {
                let want = single("subset").unwrap_or(spec);
                (
                    subset(want, &value),
                    format!("JSON containing {want}"),
                    value.to_string(),
                )
            }
        }
        Check::ToolCalled(tc) => {
            let found = t.calls.iter().any(|c| {
                same_tool_name(tc.name(), &c.name, &t.tools)
                    && tc.args().is_none_or(|a| subset(a, &c.args))
            });
            let want = match tc {
                ToolCalled::Name(n) => format!("a call of {n}"),
                ToolCalled::With { name, args } => format!(
                    "a call of {name} with {}",
                    args.as_ref().map(|a| a.to_string()).unwrap_or_default()
                ),
            };
            (found, want, names())
        }
        Check::NotToolCalled(n) => (
            !t.calls.iter().any(|c| same_tool_name(n, &c.name, &t.tools)),
            format!("no call of {n}"),
            names(),
        ),
        Check::MaxLatency(v) => {
            let limit = duration(v)?;
            (
                t.latency <= limit,
                format!("at most {:.3}s", limit.as_secs_f64()),
                format!("{:.3}s", t.latency.as_secs_f64()),
            )
        }
        Check::MaxTurnTokens(n) => match t.tokens {
            Some(used) => (
                used <= *n,
                format!("at most {n} tokens"),
                format!("{used} tokens"),
            ),
            None => {
                return Err(
                    "max_turn_tokens: the platform reported no token usage for this turn".into(),
                );
            }
        },
        Check::Not(inner) => {
            let (ok, want, actual) = holds(inner, t)?;
            (!ok, format!("not {want}"), actual)
        }
    })
}

/// The failures (and notes) of a turn's checks.
pub fn turn(place: &str, checks: &[Check], t: &TurnResult) -> (Vec<Failure>, Vec<Note>) {
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for c in checks {
        match holds(c, t) {
            Ok((true, ..)) => {}
            Ok((false, expected, actual)) => failures.push(Failure {
                place: place.to_string(),
                assertion: written(c),
                diff: match c {
                    Check::Equals(_) => diff(&expected, &actual),
                    Check::Json(spec) => json_diff(spec, &t.reply),
                    _ => None,
                },
                expected,
                actual,
            }),
            Err(note) => notes.push(format!("{place}: {note}")),
        }
    }
    (failures, notes)
}

/// The tool calls of a whole test against a sequence; each name, in the sequence and
/// in the calls, stands for the assistant's tool it names (see [`same_tool_name`]).
pub fn sequence(s: &Sequence, calls: &[String], tools: &[Value]) -> Option<Failure> {
    let calls: Vec<String> = calls.iter().map(|c| canonical(c, tools)).collect();
    let want: Vec<String> = s.tools.iter().map(|c| canonical(c, tools)).collect();
    let ok = match s.mode {
        SequenceMode::Strict => calls == want,
        SequenceMode::Unordered => {
            let (mut a, mut b) = (calls.clone(), want.clone());
            a.sort();
            b.sort();
            a == b
        }
        SequenceMode::Subset => calls.iter().all(|c| want.contains(c)),
        SequenceMode::Superset => want.iter().all(|t| calls.contains(t)),
    };
    (!ok).then(|| Failure {
        place: "tool_sequence".into(),
        assertion: format!(
            "tool_sequence: {} {:?}",
            serde_json::to_value(s.mode)
                .unwrap_or_default()
                .as_str()
                .unwrap_or(""),
            s.tools
        ),
        expected: match s.mode {
            SequenceMode::Strict => format!("exactly {:?}, in order", s.tools),
            SequenceMode::Unordered => format!("exactly {:?}, in any order", s.tools),
            SequenceMode::Subset => format!("only calls among {:?}", s.tools),
            SequenceMode::Superset => format!("at least one call of each of {:?}", s.tools),
        },
        actual: format!("{calls:?}"),
        diff: None,
    })
}

/// The value a database expectation's key names: a top-level key, or a jq
/// expression when it starts with `.`. `None`: not there.
fn lookup(db: &Value, key: &str, budget: crate::jq::Budget) -> Result<Option<Value>, String> {
    if key.starts_with('.') {
        let out = crate::jq::run_with(key, db, budget, None).map_err(|e| e.message)?;
        Ok(out.into_iter().next().filter(|v| !v.is_null()))
    } else {
        Ok(db.get(key).cloned())
    }
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn db_holds(found: &Option<Value>, expected: &Value) -> (bool, String) {
    if let Some(m) = expected.as_object()
        && m.len() == 1
        && let Some((op, v)) = m.iter().next()
        && DB_OPERATORS.contains(&op.as_str())
    {
        return match op.as_str() {
            "exists" => (
                found.is_some() == (v == &Value::Bool(true)),
                format!("exists: {v}"),
            ),
            "absent" => (
                found.is_none() == (v == &Value::Bool(true)),
                format!("absent: {v}"),
            ),
            "type" => {
                let want = v.as_str().unwrap_or("");
                let ok = found
                    .as_ref()
                    .is_some_and(|f| type_of(f) == want || (want == "number" && f.is_number()));
                (ok, format!("a value of type {want}"))
            }
            "not" => {
                let (ok, want) = db_holds(found, v);
                (!ok, format!("not {want}"))
            }
            _ => (
                found.as_ref().is_some_and(|f| f == v || num_eq(f, v)),
                compact(v),
            ),
        };
    }
    (
        found
            .as_ref()
            .is_some_and(|f| f == expected || num_eq(f, expected)),
        compact(expected),
    )
}

fn num_eq(a: &Value, b: &Value) -> bool {
    matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
}

/// The database expectations of a test, on the database after its last turn.
/// Each expectation of `expect` against the thread's database `db`; a key that is
/// a jq expression runs within `budget`.
pub fn database(
    expect: &indexmap::IndexMap<String, Value>,
    db: &Value,
    budget: crate::jq::Budget,
) -> Vec<Failure> {
    let mut out = Vec::new();
    for (key, expected) in expect {
        let (ok, want, actual) = match lookup(db, key, budget) {
            Ok(found) => {
                let (ok, want) = db_holds(&found, expected);
                let actual = match &found {
                    Some(v) => compact(v),
                    None => "not there".to_string(),
                };
                (ok, want, actual)
            }
            Err(e) => (
                false,
                compact(expected),
                format!("the expression failed: {e}"),
            ),
        };
        if !ok {
            let pretty = |s: &str| {
                serde_json::from_str::<Value>(s)
                    .ok()
                    .and_then(|v| serde_json::to_string_pretty(&v).ok())
                    .unwrap_or_else(|| s.to_string())
            };
            out.push(Failure {
                place: "db".into(),
                assertion: format!("{key}: {}", compact(expected)),
                diff: diff(&pretty(&want), &pretty(&actual)),
                expected: want,
                actual,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(reply: &str, calls: &[(&str, Value)]) -> TurnResult {
        TurnResult {
            reply: reply.into(),
            calls: calls
                .iter()
                .map(|(n, a)| ToolCall {
                    id: "c".into(),
                    name: n.to_string(),
                    args: a.clone(),
                    result: None,
                })
                .collect(),
            latency: Duration::from_millis(120),
            tokens: None,
            tools: Vec::new(),
        }
    }

    /// A server names a dall_e call by the name the model sees; an assertion may name
    /// the tool by its type, its name, or that name. Each passes when the tool ran and
    /// fails when it did not; `not_tool_called: dall_e` fails when it ran.
    #[test]
    fn tool_assertions_match_the_type_the_name_and_the_model_visible_name() {
        let dalle =
            json!({"id": "x", "type": "dall_e", "name": "Generate Image (Dall-E)", "config": {}});
        let ran = TurnResult {
            tools: vec![dalle.clone()],
            ..t("", &[("Dall-E-Image-Generator", json!({"__arg1": "cat"}))])
        };
        let idle = TurnResult {
            tools: vec![dalle],
            ..t("no image", &[])
        };
        for name in [
            "dall_e",
            "Dall-E-Image-Generator",
            "Generate Image (Dall-E)",
        ] {
            let c = Check::ToolCalled(ToolCalled::Name(name.into()));
            assert!(
                turn("t", std::slice::from_ref(&c), &ran).0.is_empty(),
                "{name}"
            );
            assert_eq!(turn("t", &[c], &idle).0.len(), 1, "{name}");
            let not = Check::NotToolCalled(name.into());
            assert_eq!(
                turn("t", std::slice::from_ref(&not), &ran).0.len(),
                1,
                "{name}"
            );
            assert!(turn("t", &[not], &idle).0.is_empty(), "{name}");
        }
        let calls = vec!["Dall-E-Image-Generator".to_string()];
        let s = Sequence {
            mode: SequenceMode::Strict,
            tools: vec!["dall_e".into()],
        };
        assert!(sequence(&s, &calls, &ran.tools).is_none());
        assert!(sequence(&s, &[], &ran.tools).is_some());
    }

    /// Each check passes on one turn and fails on another: none can only pass.
    #[test]
    fn every_check_can_pass_and_fail() {
        let hit = t(
            "(emulated) You said: {\"a\": 1}",
            &[("update_database", json!({"key": "status", "value": "x"}))],
        );
        let json_reply = t("{\"a\": 1, \"b\": [1, 2]}", &[]);
        let cases: Vec<(Check, TurnResult, TurnResult)> = vec![
            (
                Check::Contains("You said".into()),
                hit.clone(),
                json_reply.clone(),
            ),
            (
                Check::NotContains("refund".into()),
                hit.clone(),
                t("a refund", &[]),
            ),
            (
                Check::Regex("^\\(emulated\\)".into()),
                hit.clone(),
                json_reply.clone(),
            ),
            (
                Check::Equals("{\"a\": 1, \"b\": [1, 2]}".into()),
                json_reply.clone(),
                hit.clone(),
            ),
            (
                Check::Json(json!({"a": 1})),
                json_reply.clone(),
                hit.clone(),
            ),
            (
                Check::Json(json!({"schema": {"type": "object", "required": ["b"]}})),
                json_reply.clone(),
                t("{\"a\": 1}", &[]),
            ),
            (
                Check::ToolCalled(ToolCalled::Name("update_database".into())),
                hit.clone(),
                json_reply.clone(),
            ),
            (
                Check::ToolCalled(ToolCalled::With {
                    name: "update_database".into(),
                    args: Some(json!({"key": "status"})),
                }),
                hit.clone(),
                t("", &[("update_database", json!({"key": "other"}))]),
            ),
            (
                Check::NotToolCalled("update_database".into()),
                json_reply.clone(),
                hit.clone(),
            ),
            (
                Check::MaxLatency(json!("1s")),
                hit.clone(),
                TurnResult {
                    latency: Duration::from_secs(2),
                    ..hit.clone()
                },
            ),
            (
                Check::Not(Box::new(Check::Contains("refund".into()))),
                hit.clone(),
                t("refund", &[]),
            ),
        ];
        for (c, pass, fail) in cases {
            let (f, n) = turn("turn 1", std::slice::from_ref(&c), &pass);
            assert!(
                f.is_empty() && n.is_empty(),
                "{c:?} should pass: {f:?} {n:?}"
            );
            let (f, _) = turn("turn 1", std::slice::from_ref(&c), &fail);
            assert_eq!(f.len(), 1, "{c:?} should fail");
        }
        // Unreported usage is a note, not a pass or a failure.
        let (f, n) = turn("turn 1", &[Check::MaxTurnTokens(10)], &hit);
        assert!(f.is_empty());
        assert_eq!(n.len(), 1);
        let used = TurnResult {
            tokens: Some(11),
            ..hit.clone()
        };
        assert_eq!(
            turn("turn 1", &[Check::MaxTurnTokens(10)], &used).0.len(),
            1
        );
    }

    #[test]
    fn a_failure_says_what_was_expected_and_what_was_there() {
        let (f, _) = turn(
            "turn 2",
            &[Check::Contains("refund".into())],
            &t("no luck", &[]),
        );
        assert_eq!(f[0].place, "turn 2");
        assert_eq!(f[0].assertion, "contains: \"refund\"");
        assert_eq!(f[0].expected, "a reply containing \"refund\"");
        assert_eq!(f[0].actual, "\"no luck\"");
        let (f, _) = turn(
            "turn 1",
            &[Check::Equals("a\nb\nc".into())],
            &t("a\nB\nc", &[]),
        );
        let d = f[0].diff.as_deref().unwrap();
        assert!(d.contains("-b") && d.contains("+B"), "{d}");
        let (f, _) = turn(
            "turn 1",
            &[Check::Json(json!({"a": 1, "b": 2}))],
            &t("{\"a\": 1, \"b\": 3}", &[]),
        );
        let d = f[0].diff.as_deref().unwrap();
        assert!(
            d.contains("-  \"b\": 2") && d.contains("+  \"b\": 3"),
            "{d}"
        );
    }

    #[test]
    fn sequences() {
        let s = |mode, tools: &[&str]| Sequence {
            mode,
            tools: tools.iter().map(|t| t.to_string()).collect(),
        };
        let calls: Vec<String> = vec!["a".into(), "b".into()];
        let seq = |mode, tools: &[&str]| sequence(&s(mode, tools), &calls, &[]);
        assert!(seq(SequenceMode::Strict, &["a", "b"]).is_none());
        assert!(seq(SequenceMode::Strict, &["b", "a"]).is_some());
        assert!(seq(SequenceMode::Unordered, &["b", "a"]).is_none());
        assert!(seq(SequenceMode::Unordered, &["a"]).is_some());
        assert!(seq(SequenceMode::Subset, &["a", "b", "c"]).is_none());
        assert!(seq(SequenceMode::Subset, &["a"]).is_some());
        assert!(seq(SequenceMode::Superset, &["a"]).is_none());
        assert!(seq(SequenceMode::Superset, &["c"]).is_some());
    }

    #[test]
    fn database_expectations() {
        let db = json!({"status": "shipped", "order": {"id": 7, "items": [1, 2]}, "n": 3});
        let expect = |pairs: Value| -> indexmap::IndexMap<String, Value> {
            serde_json::from_value(pairs).unwrap()
        };
        let pass = expect(json!({
            "status": "shipped", ".order.id": 7, "n": 3.0,
            "order": {"exists": true}, "nope": {"absent": true},
            "n ": {"absent": true}, ".order.items": {"type": "array"}, "status ": {"not": {"exists": true}},
            "status  ": {"not": "pending"}, ".order": {"equals": {"id": 7, "items": [1, 2]}}
        }));
        assert_eq!(database(&pass, &db, crate::jq::Budget::STANDARD), vec![]);
        let fail = expect(json!({
            "status": "pending", ".order.id": 8, "order": {"absent": true}, "nope": {"exists": true},
            "n": {"type": "string"}, "status ": {"not": {"absent": true}}, ".[": 1
        }));
        let f = database(&fail, &db, crate::jq::Budget::STANDARD);
        assert_eq!(f.len(), 7, "{f:?}");
        assert_eq!(f[0].assertion, "status: \"pending\"");
        assert_eq!(f[0].actual, "\"shipped\"");
        assert_eq!(f[3].actual, "not there");
    }
}
