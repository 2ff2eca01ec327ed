//! A thread's conversation as a file: Markdown for people, JSON and JSON Lines for
//! programs, each with the thread's Virtual Database at the end.

use serde_json::{Map, Value, json};

use crate::api::Api;
use crate::contract::state::{into_database, messages_of};
use crate::error::Result;
use crate::stream::events::content_text;

/// The formats a thread is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown: each message under who said it, tool calls and results as code.
    Md,
    /// One JSON object: the thread, its messages, its database.
    Json,
    /// One line per message, then one with the database.
    Jsonl,
}

impl Format {
    /// The file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }
}

/// The thread `id` exported: the thread and its state read at once.
pub async fn export(api: &Api, pid: &str, id: &str, format: Format) -> Result<String> {
    let (thread, state) = super::threads::with_state(api, pid, id).await?;
    let mut state = state?;
    let values = state
        .get_mut("values")
        .map(Value::take)
        .unwrap_or(Value::Null);
    let messages = messages_of(&values);
    Ok(render(
        format,
        thread.raw(),
        &messages,
        &into_database(values),
    ))
}

/// The export of a thread (`thread` as the server sent it), its messages and its
/// database, in `format`.
pub fn render(
    format: Format,
    thread: &Value,
    messages: &[Value],
    db: &Map<String, Value>,
) -> String {
    match format {
        Format::Json => {
            let whole = json!({"thread": thread, "messages": messages, "database": db});
            serde_json::to_string_pretty(&whole).unwrap_or_default() + "\n"
        }
        Format::Jsonl => {
            let mut out = String::new();
            for m in messages {
                out.push_str(&m.to_string());
                out.push('\n');
            }
            out.push_str(&json!({"type": "database", "values": db}).to_string());
            out.push('\n');
            out
        }
        Format::Md => markdown(thread, messages, db),
    }
}

fn markdown(thread: &Value, messages: &[Value], db: &Map<String, Value>) -> String {
    let field = |k: &str| thread.get(k).and_then(Value::as_str).unwrap_or("");
    let name = match field("name") {
        "" => "Thread",
        n => n,
    };
    let mut out = format!(
        "# {}\n\n- Thread: `{}`\n",
        one_line(name),
        field("thread_id")
    );
    if !field("assistant_id").is_empty() {
        out.push_str(&format!("- Assistant: `{}`\n", field("assistant_id")));
    }
    for m in messages {
        let text = content_text(&m["content"]);
        match m.get("type").and_then(Value::as_str).unwrap_or("") {
            "human" => out.push_str(&format!("\n**You**\n\n{}\n", text.trim_end())),
            "ai" => {
                if !text.trim().is_empty() {
                    out.push_str(&format!("\n**Assistant**\n\n{}\n", text.trim_end()));
                }
                for c in m
                    .get("tool_calls")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let args = serde_json::to_string_pretty(&c["args"]).unwrap_or_default();
                    out.push_str(&format!(
                        "\n**Tool call** `{}`\n\n{}",
                        one_line(c["name"].as_str().unwrap_or("tool")),
                        fenced(&args, "json")
                    ));
                }
            }
            "tool" => out.push_str(&format!(
                "\n**Tool result** `{}`\n\n{}",
                one_line(m["name"].as_str().unwrap_or("")),
                fenced(&text, "")
            )),
            other => out.push_str(&format!(
                "\n**{}**\n\n{}\n",
                one_line(other),
                text.trim_end()
            )),
        }
    }
    out.push_str("\n## Database\n\n");
    if db.is_empty() {
        out.push_str("No keys.\n");
    } else {
        let pretty = serde_json::to_string_pretty(db).unwrap_or_default();
        out.push_str(&fenced(&pretty, "json"));
    }
    out
}

/// `text` in a code fence longer than any run of backticks inside it.
fn fenced(text: &str, lang: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}\n", text.trim_end_matches('\n'))
}

/// A name on one line (a heading or a label cannot hold a line break).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outgrow_the_backticks_inside() {
        assert_eq!(fenced("a", ""), "```\na\n```\n");
        assert_eq!(fenced("x ``` y", "md"), "````md\nx ``` y\n````\n");
    }

    #[test]
    fn each_format_ends_with_the_database() {
        let thread = json!({"thread_id": "t1", "name": "Orders\nand more"});
        let messages = vec![json!({"type": "human", "content": "hi", "id": "1"})];
        let mut db = Map::new();
        db.insert("k".into(), json!(1));
        let md = render(Format::Md, &thread, &messages, &db);
        assert!(md.starts_with("# Orders and more\n"), "{md}");
        assert!(
            md.ends_with("## Database\n\n```json\n{\n  \"k\": 1\n}\n```\n"),
            "{md}"
        );
        let lines: Vec<Value> = render(Format::Jsonl, &thread, &messages, &db)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1], json!({"type": "database", "values": {"k": 1}}));
        let whole: Value =
            serde_json::from_str(&render(Format::Json, &thread, &messages, &db)).unwrap();
        assert_eq!(whole["database"], json!({"k": 1}));
        assert_eq!(whole["messages"][0]["content"], "hi");
    }
}
