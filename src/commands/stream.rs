//! How a turn looks: the reply's text on stdout as it arrives and tool activity on
//! stderr, or NDJSON events. The turn itself is `stream::turn`.

use std::io::Write;

use crate::error::{CliError, Result};
use crate::output::{Printer, stdout_error};
use crate::stream::accumulator::RunEvent;
use crate::util::{sanitize, truncate};

pub(crate) use crate::sdk::{Conversation, Input, Outcome, Sink};

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
pub struct HumanSink {
    spinner: Option<crate::output::Spinner>,
    last_id: Option<String>,
    at_line_start: bool,
    buf: Vec<u8>,
    /// On a terminal, the reply wrapped at words to its width as it arrives.
    flow: Option<crate::output::wrap::Flow>,
    /// `chat` asks instead of telling how to resume.
    pub quiet_resume_hint: bool,
    /// `chat` on a terminal: the reply's Markdown rendered as it streams.
    markdown: Option<crate::output::markdown::Markdown>,
    /// Where tool activity goes (the printer's stderr).
    printer: Printer,
}

impl HumanSink {
    pub fn new(printer: &Printer, spinner: bool) -> Self {
        HumanSink {
            spinner: spinner.then(|| printer.spinner("Thinking…")),
            last_id: None,
            at_line_start: true,
            buf: Vec::new(),
            flow: printer
                .stdout_tty
                .then(crate::output::wrap::stdout_width)
                .flatten()
                .map(crate::output::wrap::Flow::new),
            quiet_resume_hint: false,
            markdown: None,
            printer: printer.clone(),
        }
    }

    /// Renders the reply's Markdown as it streams (`chat` on a terminal).
    pub fn render_markdown(mut self) -> Self {
        let width = crate::output::wrap::stdout_width().unwrap_or(80);
        self.markdown = Some(crate::output::markdown::Markdown::new(width));
        self
    }

    fn out(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        // What the server sent is cleaned of escape sequences before any styling.
        let clean = sanitize(text);
        match &mut self.markdown {
            Some(md) => {
                let pieces = md.feed(&clean);
                self.place(pieces);
            }
            None => self.flowed(&clean),
        }
    }

    /// Text that wraps at words on a terminal.
    fn flowed(&mut self, clean: &str) {
        if clean.is_empty() {
            return;
        }
        let shown = match &mut self.flow {
            Some(flow) => flow.feed(clean),
            None => clean.to_string(),
        };
        self.buf.extend_from_slice(shown.as_bytes());
        self.at_line_start = clean.ends_with('\n');
    }

    /// Rendered Markdown: paragraphs flow, finished blocks are written as they are.
    fn place(&mut self, pieces: Vec<crate::output::markdown::Piece>) {
        use crate::output::markdown::Piece;
        for piece in pieces {
            match piece {
                Piece::Flow(t) => self.flowed(&t),
                Piece::Block(b) => {
                    if let Some(flow) = &mut self.flow {
                        let rest = flow.finish();
                        self.buf.extend_from_slice(rest.as_bytes());
                    }
                    self.at_line_start = b.ends_with('\n');
                    self.buf.extend_from_slice(b.as_bytes());
                }
            }
        }
    }

    fn newline(&mut self) {
        // A line the Markdown renderer holds is finished as it stands.
        if let Some(md) = &mut self.markdown {
            let pieces = md.finish();
            self.place(pieces);
        }
        // A word held for wrapping goes out first.
        if let Some(flow) = &mut self.flow {
            let rest = flow.finish();
            self.buf.extend_from_slice(rest.as_bytes());
        }
        if !self.at_line_start {
            self.out("\n");
        }
    }
}

impl Sink for HumanSink {
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
                self.printer.say(&format!(
                    "⚙ {} {}",
                    sanitize(name),
                    truncate(&sanitize(&args.to_string()), 200)
                ));
            }
            RunEvent::ToolResult { name, content, .. } => {
                self.flush()?;
                self.printer.say(&format!(
                    "↳ {}: {}",
                    sanitize(name),
                    truncate(&sanitize(content).replace('\n', " "), 200)
                ));
            }
            RunEvent::Message(_) | RunEvent::Error { .. } => {}
            RunEvent::End => self.newline(),
            RunEvent::Paused {
                thread_id, calls, ..
            } => {
                self.newline();
                self.flush()?;
                for (_, name, args) in calls {
                    self.printer.say(&format!(
                        "⏸ waiting for approval to run {} {}",
                        sanitize(name),
                        truncate(&sanitize(&args.to_string()), 200)
                    ));
                }
                if !self.quiet_resume_hint {
                    self.printer.say(&format!(
                        "  run it with `epsimo threads resume {thread_id}`"
                    ));
                }
            }
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

impl JsonSink<'_> {
    /// One NDJSON line of the command's own (the thread a run is on, before its events).
    pub fn record(&mut self, value: &serde_json::Value) -> Result<()> {
        if self.printer.jq.is_some() {
            self.flush()?;
            return self.printer.json(value);
        }
        serde_json::to_writer(&mut self.buf, value)
            .map_err(|e| CliError::failure(format!("cannot write an event: {e}")))?;
        self.buf.push(b'\n');
        Ok(())
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
