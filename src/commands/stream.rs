//! One streamed turn of a conversation, shared by `threads run` and `chat`.

use std::io::Write;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::api::client::root_cause;
use crate::api::run::{Accumulator, RunEvent};
use crate::api::sse::Parser;
use crate::api::{Api, Auth, Call};
use crate::error::{CliError, Exit, Result};
use crate::output::{Printer, stdout_error};
use crate::util::{sanitize, truncate};

/// Where the events of a turn go. A sink may buffer; `flush` is called after the
/// events of each chunk received from the network, so output is never behind what
/// arrived, without a write per token.
pub trait Sink {
    fn event(&mut self, event: &RunEvent, run_id: Option<&str>) -> Result<()>;
    /// Writes out what is buffered.
    fn flush(&mut self) -> Result<()>;
    /// Called once when the stream is over, however it ended.
    fn close(&mut self) -> Result<()> {
        self.flush()
    }
}

/// Writes `buf` to stdout and empties it.
fn write_out(buf: &mut Vec<u8>) -> Result<()> {
    if buf.is_empty() {
        return Ok(());
    }
    let mut o = std::io::stdout().lock();
    let r = o.write_all(buf).and_then(|_| o.flush());
    buf.clear();
    r.map_err(stdout_error)
}

/// Human output: the reply's text on stdout as it arrives, tool activity on stderr.
pub struct HumanSink<'a> {
    pub printer: &'a Printer,
    spinner: Option<crate::output::Spinner>,
    last_id: Option<String>,
    at_line_start: bool,
    buf: Vec<u8>,
}

impl<'a> HumanSink<'a> {
    pub fn new(printer: &'a Printer, spinner: bool) -> Self {
        HumanSink {
            printer,
            spinner: spinner.then(|| printer.spinner("Thinking…")),
            last_id: None,
            at_line_start: true,
            buf: Vec::new(),
        }
    }

    fn out(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.buf.extend_from_slice(sanitize(text).as_bytes());
        self.at_line_start = text.ends_with('\n');
    }

    fn newline(&mut self) {
        if !self.at_line_start {
            self.out("\n");
        }
    }
}

impl Sink for HumanSink<'_> {
    fn event(&mut self, event: &RunEvent, _run_id: Option<&str>) -> Result<()> {
        if !matches!(event, RunEvent::Message(_)) {
            self.spinner = None;
        }
        match event {
            RunEvent::Token { id, text } => {
                if self.last_id.as_deref() != Some(id.as_str()) {
                    self.newline();
                    self.last_id = Some(id.clone());
                }
                self.out(text);
            }
            RunEvent::Restart { id, content } => {
                self.newline();
                self.last_id = Some(id.clone());
                self.out(content);
            }
            RunEvent::ToolCall { name, args, .. } => {
                self.newline();
                // The reply so far goes out before the tool line on stderr.
                self.flush()?;
                crate::say!(
                    "⚙ {} {}",
                    sanitize(name),
                    truncate(&sanitize(&args.to_string()), 200)
                );
            }
            RunEvent::ToolResult { name, content, .. } => {
                self.flush()?;
                crate::say!(
                    "↳ {}: {}",
                    sanitize(name),
                    truncate(&sanitize(content).replace('\n', " "), 200)
                );
            }
            RunEvent::Message(_) | RunEvent::Error { .. } => {}
            RunEvent::End => self.newline(),
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        write_out(&mut self.buf)
    }

    fn close(&mut self) -> Result<()> {
        self.spinner = None;
        self.newline();
        self.flush()
    }
}

/// `--json`: one NDJSON event per line, flushed; with `--jq`, each event is
/// filtered on its own (so `--jq 'select(.event == "token") | .text'` streams text).
pub struct JsonSink<'a> {
    printer: &'a Printer,
    buf: Vec<u8>,
}

impl<'a> JsonSink<'a> {
    pub fn new(printer: &'a Printer) -> Self {
        JsonSink {
            printer,
            buf: Vec::new(),
        }
    }
}

impl Sink for JsonSink<'_> {
    fn event(&mut self, event: &RunEvent, run_id: Option<&str>) -> Result<()> {
        let value = event.to_json(run_id);
        if self.printer.jq.is_some() {
            self.flush()?;
            return self.printer.json(&value);
        }
        serde_json::to_writer(&mut self.buf, &value)
            .map_err(|e| CliError::failure(format!("cannot write an event: {e}")))?;
        self.buf.push(b'\n');
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        write_out(&mut self.buf)
    }
}

/// The run payload of the contract.
pub fn payload(thread_id: &str, assistant_id: Option<&str>, message: &str) -> Value {
    let mut p = json!({
        "thread_id": thread_id,
        "input": [{"role": "user", "type": "human", "content": message}],
        "stream_mode": ["messages", "events", "values"],
    });
    if let Some(a) = assistant_id {
        p["assistant_id"] = json!(a);
    }
    p
}

/// Sends one message and streams the reply into `sink`. Fails on an `error`
/// event, on a stream cut before `end`, and on a stream that only pings for longer
/// than the read timeout.
pub async fn turn(
    api: &Api,
    project_id: &str,
    thread_id: &str,
    assistant_id: Option<&str>,
    message: &str,
    sink: &mut dyn Sink,
) -> Result<()> {
    let call = Call::post(
        "/runs/stream",
        Auth::Project(project_id.to_string()),
        payload(thread_id, assistant_id, message),
    );
    let mut resp = api.send(&call).await?;
    let idle_limit = api.options().read_timeout;
    let mut parser = Parser::new();
    let mut acc = Accumulator::new();
    let mut failure: Option<CliError> = None;
    let mut last_event = Instant::now();
    let result: Result<()> = async {
        loop {
            let chunk = match tokio::time::timeout(idle_limit, resp.chunk()).await {
                Err(_) => return Err(idle_error(idle_limit)),
                Ok(Err(e)) => {
                    return Err(CliError::new(
                        Exit::Unavailable,
                        format!("the stream broke before the run finished: {}", root_cause(&e)),
                    )
                    .with_hint("what arrived is shown above; run `epsimo threads state THREAD` to see what the thread kept"));
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(c))) => c,
            };
            let events = parser.feed(&chunk);
            if events.is_empty() {
                if last_event.elapsed() > idle_limit {
                    return Err(idle_error(idle_limit));
                }
                continue;
            }
            last_event = Instant::now();
            for e in events {
                for ev in acc.push(e) {
                    if let RunEvent::Error { status_code, message } = &ev {
                        failure = Some(
                            CliError::new(
                                Exit::Failure,
                                format!(
                                    "the run failed on the server: {}{}",
                                    sanitize(message),
                                    status_code.map(|c| format!(" ({c})")).unwrap_or_default()
                                ),
                            )
                            .with_hint("the message was kept in the thread; try again, or check the assistant's configuration"),
                        );
                    }
                    sink.event(&ev, acc.run_id.as_deref())?;
                }
            }
            sink.flush()?;
            if acc.ended() {
                return Ok(());
            }
        }
        for e in parser.finish() {
            for ev in acc.push(e) {
                sink.event(&ev, acc.run_id.as_deref())?;
            }
        }
        if !acc.ended() {
            return Err(CliError::new(
                Exit::Unavailable,
                "the stream ended before the run finished (no `end` event)",
            )
            .with_hint("what arrived is shown above; run `epsimo threads state THREAD` to see what the thread kept"));
        }
        Ok(())
    }
    .await;
    sink.close()?;
    result?;
    match failure {
        Some(f) => Err(f),
        None => Ok(()),
    }
}

fn idle_error(limit: Duration) -> CliError {
    CliError::new(
        Exit::Unavailable,
        format!(
            "no reply for {}s (the server sent only keep-alive pings, or nothing)",
            limit.as_secs_f64()
        ),
    )
    .with_hint("try again; EPSIMO_READ_TIMEOUT sets how long to wait")
}
