//! Test files (`epsimo.test.yaml`, `tests/*.epsimo-test.yaml`): what they may say,
//! read strictly (an unknown key, assertion or type is an error with its file, line
//! and column, as the manifest's are).

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CliError, Exit, Result};

/// The largest test file read (the manifest's cap).
const MAX_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TestFile {
    pub tests: Vec<TestSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TestSpec {
    pub name: String,
    /// The assistant: a name (of the manifest or the project) or an id.
    pub assistant: String,
    pub turns: Vec<Turn>,
    /// After the last turn, on the thread's database: a key or a jq expression
    /// (starting with `.`), and what it must be.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub db: IndexMap<String, Value>,
    /// The tool calls of the whole test, in order, against a list of names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_sequence: Option<Sequence>,
    /// Runs of this test (each on a fresh thread); `--repeat` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<u32>,
    /// The share of runs that must pass (default 1.0: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_rate: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    pub user: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expect: Vec<Check>,
}

/// One assertion on a turn. Each can be negated with `not:`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The reply contains this text.
    Contains(String),
    NotContains(String),
    /// The reply matches this regular expression.
    Regex(String),
    /// The reply is exactly this text (surrounding whitespace aside).
    Equals(String),
    /// The reply parses as JSON and matches: `{schema: ...}`, `{subset: ...}`, or a
    /// value taken as a subset.
    Json(Value),
    /// A tool of this name was called in the turn (`{name, args}`: with at least
    /// these arguments).
    ToolCalled(ToolCalled),
    NotToolCalled(String),
    /// The turn took at most this long: `5s`, `500ms`, or seconds.
    MaxLatency(Value),
    /// At most this many tokens in the turn, where the platform reports usage.
    MaxTurnTokens(u64),
    /// The assertion inside does not hold.
    Not(Box<Check>),
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum ToolCalled {
    Name(String),
    With {
        name: String,
        #[serde(default)]
        args: Option<Value>,
    },
}

impl ToolCalled {
    pub fn name(&self) -> &str {
        match self {
            ToolCalled::Name(n) => n,
            ToolCalled::With { name, .. } => name,
        }
    }
    pub fn args(&self) -> Option<&Value> {
        match self {
            ToolCalled::Name(_) => None,
            ToolCalled::With { args, .. } => args.as_ref(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    pub mode: SequenceMode,
    pub tools: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum SequenceMode {
    /// Exactly these calls, in this order.
    Strict,
    /// Exactly these calls, in any order.
    Unordered,
    /// No call outside the list.
    Subset,
    /// Every tool of the list called (others too, maybe).
    Superset,
}

/// A test file read and checked.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub file: TestFile,
}

/// Reads and checks one test file: exit 5 with `file:line:column` on any problem.
pub fn load(path: &Path) -> Result<Loaded> {
    let text = crate::util::read_text_capped(path, MAX_BYTES)
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
    parse(path, &text)
}

pub fn parse(path: &Path, text: &str) -> Result<Loaded> {
    let invalid =
        |msg: String| CliError::new(Exit::Invalid, msg).remedy(crate::error::Remedy::FixTestFile);
    let file: TestFile = serde_saphyr::from_str(text)
        .map_err(|e| invalid(crate::config::manifest::yaml_problem(path, &e)))?;
    // What the types cannot say.
    let mut problems = Vec::new();
    let mut names = std::collections::HashSet::new();
    for t in &file.tests {
        let at = format!("{}: test {:?}", path.display(), t.name);
        if t.name.trim().is_empty() {
            problems.push(format!("{}: a test needs a name", path.display()));
        }
        if !names.insert(t.name.clone()) {
            problems.push(format!("{at}: two tests have this name"));
        }
        if t.turns.is_empty() {
            problems.push(format!("{at}: no turns"));
        }
        if let Some(r) = t.pass_rate
            && !(r > 0.0 && r <= 1.0)
        {
            problems.push(format!(
                "{at}: pass_rate is a share above 0 and at most 1, not {r}"
            ));
        }
        if t.repeat == Some(0) {
            problems.push(format!("{at}: repeat is at least 1"));
        }
        for (i, turn) in t.turns.iter().enumerate() {
            for c in &turn.expect {
                if let Err(e) = check_shape(c) {
                    problems.push(format!("{at}, turn {}: {e}", i + 1));
                }
            }
        }
        for (key, expected) in &t.db {
            if let Err(e) = db_shape(key, expected) {
                problems.push(format!("{at}, db {key:?}: {e}"));
            }
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems.join("\n")));
    }
    Ok(Loaded {
        path: path.to_path_buf(),
        file,
    })
}

/// What a check's values must be, beyond their types.
fn check_shape(c: &Check) -> std::result::Result<(), String> {
    match c {
        Check::Regex(r) => regex_lite_check(r),
        Check::MaxLatency(v) => duration(v).map(drop),
        Check::Json(v) => {
            if let Some(schema) = v.get("schema").filter(|_| is_single(v, "schema")) {
                jsonschema::validator_for(schema)
                    .map(drop)
                    .map_err(|e| format!("the JSON Schema is invalid: {e}"))
            } else {
                Ok(())
            }
        }
        Check::Not(inner) => check_shape(inner),
        _ => Ok(()),
    }
}

fn regex_lite_check(r: &str) -> std::result::Result<(), String> {
    regex::Regex::new(r)
        .map(drop)
        .map_err(|e| format!("not a regular expression: {e}"))
}

fn is_single(v: &Value, key: &str) -> bool {
    v.as_object()
        .is_some_and(|m| m.len() == 1 && m.contains_key(key))
}

/// A duration: `5s`, `500ms`, `1.5s`, or a number of seconds.
pub fn duration(v: &Value) -> std::result::Result<std::time::Duration, String> {
    let bad = || format!("a duration is like 5s, 500ms or a number of seconds, not {v}");
    let secs = match v {
        Value::Number(n) => n.as_f64().ok_or_else(bad)?,
        Value::String(s) => {
            let s = s.trim();
            if let Some(ms) = s.strip_suffix("ms") {
                ms.trim().parse::<f64>().map_err(|_| bad())? / 1000.0
            } else if let Some(sec) = s.strip_suffix('s') {
                sec.trim().parse::<f64>().map_err(|_| bad())?
            } else {
                s.parse::<f64>().map_err(|_| bad())?
            }
        }
        _ => return Err(bad()),
    };
    if !(secs.is_finite() && secs > 0.0 && secs <= crate::env::MAX_SECONDS) {
        return Err(bad());
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// The operators a database expectation may be written with; any other value is
/// the value expected.
pub const DB_OPERATORS: &[&str] = &["equals", "exists", "absent", "type", "not"];

fn db_shape(key: &str, expected: &Value) -> std::result::Result<(), String> {
    if key.starts_with('.') {
        // A filter that does not parse or compile is refused when the file is read;
        // it is not run here (one without end would cost its whole budget).
        if let Err(e) = crate::jq::check(key) {
            return Err(e.message);
        }
    }
    if let Some(m) = expected.as_object()
        && m.len() == 1
        && let Some((op, v)) = m.iter().next()
        && DB_OPERATORS.contains(&op.as_str())
    {
        return match op.as_str() {
            "exists" | "absent" if !v.is_boolean() => Err(format!("{op} is true or false")),
            "type"
                if !v.as_str().is_some_and(|t| {
                    [
                        "string", "number", "integer", "boolean", "array", "object", "null",
                    ]
                    .contains(&t)
                }) =>
            {
                Err("type is one of string, number, integer, boolean, array, object, null".into())
            }
            "not" => db_shape(key, v),
            _ => Ok(()),
        };
    }
    Ok(())
}

/// The test files of a run: the paths given (files, or directories searched for
/// `*.epsimo-test.yaml`), else `epsimo.test.yaml` here and `tests/*.epsimo-test.yaml`.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let in_dir = |d: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map(|r| {
                r.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                            n.ends_with(".epsimo-test.yaml") || n == "epsimo.test.yaml"
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let mut out = Vec::new();
    if paths.is_empty() {
        let here = PathBuf::from("epsimo.test.yaml");
        if here.is_file() {
            out.push(here);
        }
        out.extend(in_dir(Path::new("tests")));
        if out.is_empty() {
            return Err(CliError::usage(
                "no test files: no epsimo.test.yaml here and no tests/*.epsimo-test.yaml",
            )
            .remedy(crate::error::Remedy::WriteTests));
        }
        return Ok(out);
    }
    for p in paths {
        if p.is_dir() {
            let found = in_dir(p);
            if found.is_empty() {
                return Err(CliError::usage(format!(
                    "no *.epsimo-test.yaml in {}",
                    p.display()
                )));
            }
            out.extend(found);
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(CliError::usage(format!("no test file {}", p.display())));
        }
    }
    Ok(out)
}

/// The turns of a conversation: a human message starts one; the tools called
/// before the next are `tool_called`, and the first line of the last reply (up to
/// 60 characters) is `contains`.
pub fn from_messages(name: String, assistant: String, messages: &[Value]) -> TestSpec {
    let text = |m: &Value| crate::stream::accumulator::content_text(&m["content"]);
    let mut turns: Vec<Turn> = Vec::new();
    let mut reply: Option<String> = None;
    let close = |turns: &mut Vec<Turn>, reply: &mut Option<String>| {
        if let (Some(turn), Some(r)) = (turns.last_mut(), reply.take()) {
            let first: String = r.lines().next().unwrap_or("").chars().take(60).collect();
            if !first.trim().is_empty() {
                turn.expect.push(Check::Contains(first.trim().to_string()));
            }
        }
    };
    for m in messages {
        match m["type"].as_str().unwrap_or("") {
            "human" => {
                close(&mut turns, &mut reply);
                turns.push(Turn {
                    user: text(m),
                    expect: Vec::new(),
                });
            }
            "ai" => {
                let Some(turn) = turns.last_mut() else {
                    continue;
                };
                for c in m["tool_calls"].as_array().into_iter().flatten() {
                    if let Some(n) = c["name"].as_str() {
                        let check = Check::ToolCalled(ToolCalled::Name(n.to_string()));
                        if !turn.expect.contains(&check) {
                            turn.expect.push(check);
                        }
                    }
                }
                let t = text(m);
                if !t.trim().is_empty() {
                    reply = Some(t);
                }
            }
            _ => {}
        }
    }
    close(&mut turns, &mut reply);
    TestSpec {
        name,
        assistant,
        turns,
        db: Default::default(),
        tool_sequence: None,
        repeat: None,
        pass_rate: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(text: &str) -> Result<Loaded> {
        parse(Path::new("t.yaml"), text)
    }

    #[test]
    fn the_issue_s_file_reads() {
        // The file of issue 18, exactly as it was written.
        let t = p(include_str!("../../tests/it/data/epsimo.test.yaml")).unwrap();
        assert_eq!(t.file.tests.len(), 2);
        assert_eq!(
            t.file.tests[0].turns[0].expect[1],
            Check::NotContains("refund".into())
        );
        assert_eq!(t.file.tests[1].db["status"], "shipped");
    }

    #[test]
    fn richer_checks_read() {
        let t = p(r#"
tests:
  - name: all
    assistant: a
    repeat: 3
    pass_rate: 0.66
    tool_sequence: {mode: strict, tools: [a, b]}
    turns:
      - user: hi
        expect:
          - regex: "^\\(emulated\\)"
          - equals: x
          - json: {schema: {type: object, required: [a]}}
          - tool_called: {name: update_database, args: {key: status}}
          - max_latency: 500ms
          - max_turn_tokens: 100
          - not: {contains: refund}
    db:
      .order.id: 7
      status: {exists: true}
      missing: {absent: true}
      count: {type: integer}
"#)
        .unwrap();
        let e = &t.file.tests[0].turns[0].expect;
        assert_eq!(e.len(), 7);
        assert!(
            matches!(&e[3], Check::ToolCalled(ToolCalled::With { name, .. }) if name == "update_database")
        );
        assert_eq!(e[6], Check::Not(Box::new(Check::Contains("refund".into()))));
    }

    #[test]
    fn problems_name_the_file_line_and_column() {
        let e = p("tests:\n  - name: a\n    assistant: x\n    turns:\n      - user: hi\n        expect:\n          - containz: x\n").unwrap_err();
        assert_eq!(e.exit, Exit::Invalid);
        assert!(e.message.starts_with("t.yaml:7:"), "{}", e.message);
        assert!(
            e.message.contains("did you mean `contains`?"),
            "{}",
            e.message
        );
        let e = p("tests:\n  - name: a\n    asistant: x\n    turns: []\n").unwrap_err();
        assert!(
            e.message.contains("t.yaml:3:5: unknown field `asistant`"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("did you mean `assistant`?"),
            "{}",
            e.message
        );
        for (text, want) in [
            (
                "tests:\n  - name: a\n    assistant: x\n    turns: []\n",
                "no turns",
            ),
            (
                "tests:\n  - name: a\n    assistant: x\n    turns: [{user: hi, expect: [{regex: '('}]}]\n",
                "not a regular expression",
            ),
            (
                "tests:\n  - name: a\n    assistant: x\n    turns: [{user: hi, expect: [{max_latency: soon}]}]\n",
                "a duration is like",
            ),
            (
                "tests:\n  - name: a\n    assistant: x\n    pass_rate: 2\n    turns: [{user: hi}]\n",
                "pass_rate",
            ),
            (
                "tests:\n  - name: a\n    assistant: x\n    turns: [{user: hi}]\n    db: {k: {type: text}}\n",
                "type is one of",
            ),
            (
                "tests:\n  - name: a\n    assistant: x\n    turns: [{user: hi}]\n    db: {'.[': 1, '.a | error': 2}\n",
                "parse error in the filter",
            ),
            (
                "tests:\n  - name: a\n    assistant: x\n    turns: [{user: hi}]\n  - name: a\n    assistant: x\n    turns: [{user: hi}]\n",
                "two tests have this name",
            ),
        ] {
            let e = p(text).unwrap_err();
            assert!(e.message.contains(want), "{want}: {}", e.message);
        }
    }

    #[test]
    fn durations() {
        assert_eq!(duration(&"500ms".into()).unwrap().as_millis(), 500);
        assert_eq!(duration(&"2s".into()).unwrap().as_secs(), 2);
        assert_eq!(duration(&Value::from(1.5)).unwrap().as_millis(), 1500);
        assert!(duration(&"-1s".into()).is_err());
        assert!(duration(&"soon".into()).is_err());
    }

    #[test]
    fn a_conversation_becomes_turns_with_loose_assertions() {
        let messages = vec![
            json!({"type": "human", "content": "store it"}),
            json!({"type": "ai", "content": "", "tool_calls": [{"name": "update_database", "args": {}}]}),
            json!({"type": "tool", "content": "Saved"}),
            json!({"type": "ai", "content": "Saved it.\nAnything else?"}),
            json!({"type": "human", "content": "thanks"}),
            json!({"type": "ai", "content": [{"type": "text", "text": "You are welcome"}]}),
        ];
        let t = from_messages("n".into(), "Keeper".into(), &messages);
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].user, "store it");
        assert_eq!(
            t.turns[0].expect,
            vec![
                Check::ToolCalled(ToolCalled::Name("update_database".into())),
                Check::Contains("Saved it.".into())
            ]
        );
        assert_eq!(
            t.turns[1].expect,
            vec![Check::Contains("You are welcome".into())]
        );
    }
}
