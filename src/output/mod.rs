//! The printer: data on stdout, everything else on stderr; tables for people, TSV for
//! pipes, JSON (pretty on a terminal, compact when piped) and `--jq` for programs;
//! color and spinners only where they belong.

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};
use serde_json::Value;

use crate::env;
use crate::error::{CliError, Exit, Result};
use crate::util::sanitize;

pub mod markdown;
pub mod pager;
pub mod table;
pub mod wrap;
pub use table::Col;

/// The terminal's width in columns: stdout's, else `COLUMNS`; `None` when neither
/// says (a bare pseudo-terminal reports 0: nothing is cut then).
pub fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(w, _)| w.0 as usize)
        .filter(|w| *w >= 20)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .filter(|w| *w >= 20)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Decides color from the flag, `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and the terminal.
pub fn use_color(choice: ColorChoice, is_tty: bool) -> bool {
    color_decision(
        choice,
        is_tty,
        env::get(env::NO_COLOR).as_deref(),
        env::get(env::CLICOLOR).as_deref(),
        env::get(env::CLICOLOR_FORCE).as_deref(),
    )
}

/// The color rules, given the variables' values: the flag wins, then `NO_COLOR`
/// (any value), then `CLICOLOR_FORCE` (non-zero), then `CLICOLOR=0`, then the terminal.
pub fn color_decision(
    choice: ColorChoice,
    is_tty: bool,
    no_color: Option<&str>,
    clicolor: Option<&str>,
    clicolor_force: Option<&str>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if no_color.is_some() {
                return false;
            }
            if clicolor_force.is_some_and(|v| v != "0") {
                return true;
            }
            if clicolor == Some("0") {
                return false;
            }
            is_tty
        }
    }
}

/// JSON text: pretty for a terminal, compact (one line) for a pipe.
pub fn json_text(value: &Value, pretty: bool) -> String {
    if pretty {
        serde_json::to_string_pretty(value).unwrap_or_default()
    } else {
        value.to_string()
    }
}

/// Tab-separated rows without a header, for pipes: cells are cleaned of control
/// characters, and tabs or newlines inside a cell become spaces so rows stay rows.
pub fn tsv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| sanitize(c).replace(['\t', '\n'], " "))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// Where a printer writes: the process's stdout or stderr, or a buffer that a test
/// reads back (as gh's IOStreams does), so a command's output can be checked
/// in-process.
#[derive(Debug, Clone)]
pub enum Stream {
    Stdout,
    Stderr,
    #[cfg(test)]
    Buffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>),
}

impl Stream {
    /// A new, empty buffer.
    #[cfg(test)]
    pub fn buffer() -> Stream {
        Stream::Buffer(Default::default())
    }

    /// What a buffer holds (empty for the process's streams).
    #[cfg(test)]
    pub fn contents(&self) -> String {
        match self {
            Stream::Buffer(b) => String::from_utf8_lossy(&b.lock().unwrap()).into_owned(),
            _ => String::new(),
        }
    }

    fn writer(&self) -> Box<dyn Write + '_> {
        match self {
            Stream::Stdout => Box::new(std::io::stdout().lock()),
            Stream::Stderr => Box::new(std::io::stderr().lock()),
            #[cfg(test)]
            Stream::Buffer(b) => Box::new(BufferWriter(b)),
        }
    }

    /// A status line; a closed stderr is never an error (see `say!`). A spinner on
    /// screen is cleared for it and drawn again after.
    fn say(&self, text: std::fmt::Arguments) {
        let text = match self {
            // Wrapped at words to the terminal's width when stderr is one.
            Stream::Stderr => wrap::for_stderr(&text.to_string()),
            _ => text.to_string(),
        };
        above_spinner(|| {
            let _ = writeln!(self.writer(), "{text}");
        });
    }
}

#[cfg(test)]
struct BufferWriter<'a>(&'a std::sync::Mutex<Vec<u8>>);

#[cfg(test)]
impl Write for BufferWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct Printer {
    pub json: bool,
    pub jq: Option<String>,
    pub quiet: bool,
    pub color: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    /// Prompts are allowed: stdin and stdout are terminals, no `--no-input`, not CI.
    pub interactive: bool,
    /// Long output on a terminal goes through the pager (not with `--no-pager`).
    pub pager: bool,
    /// Data goes here (stdout unless a test injects a buffer).
    pub out: Stream,
    /// Status, warnings and errors go here (stderr unless a test injects a buffer).
    pub err: Stream,
}

impl Printer {
    pub fn new(
        json: bool,
        jq: Option<String>,
        quiet: bool,
        color: ColorChoice,
        no_input: bool,
    ) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        let stdin_tty = std::io::stdin().is_terminal();
        Printer {
            json: json || jq.is_some(),
            jq,
            quiet,
            color: use_color(color, stderr_tty),
            stdout_tty,
            stderr_tty,
            interactive: stdin_tty && stdout_tty && !no_input && !env::truthy(env::CI),
            pager: stdout_tty,
            out: Stream::Stdout,
            err: Stream::Stderr,
        }
    }

    /// A printer for in-process tests: not a terminal, no colour, no prompts, both
    /// streams captured in buffers (`printer.out.contents()`).
    #[cfg(test)]
    pub fn captured(json: bool, jq: Option<String>) -> Self {
        Printer {
            json: json || jq.is_some(),
            jq,
            quiet: false,
            color: false,
            stdout_tty: false,
            stderr_tty: false,
            interactive: false,
            pager: false,
            out: Stream::buffer(),
            err: Stream::buffer(),
        }
    }

    /// JSON output: through `--jq` if given, pretty on a terminal, compact otherwise.
    pub fn json(&self, value: &impl serde::Serialize) -> Result<()> {
        let mut out = self.out.writer();
        if let Some(filter) = &self.jq {
            let value = serde_json::to_value(value)?;
            for v in crate::jq::run(filter, &value)? {
                match v {
                    // Like `gh --jq`: strings print raw, so `--jq .[].id` feeds shell
                    // loops; on a terminal their control characters are shown, not
                    // acted on (server data must not drive the terminal).
                    Value::String(s) if self.stdout_tty => {
                        writeln!(out, "{}", crate::util::escape_controls(&s))
                    }
                    Value::String(s) => writeln!(out, "{s}"),
                    other => writeln!(out, "{}", self.render_json(&other)),
                }
                .map_err(stdout_error)?;
            }
            return Ok(());
        }
        if self.stdout_tty {
            let text = serde_json::to_string_pretty(value)?;
            let text = format!("{}\n", crate::util::escape_c1_in_json(&text));
            drop(out);
            return self.long(&text);
        }
        // Streamed into a buffered stdout: a large document is never held twice.
        let mut w = std::io::BufWriter::with_capacity(64 * 1024, out);
        let written = serde_json::to_writer(&mut w, value);
        written.map_err(|e| stdout_error(std::io::Error::other(e)))?;
        w.write_all(b"\n")
            .and_then(|_| w.flush())
            .map_err(stdout_error)
    }

    fn render_json(&self, value: &Value) -> String {
        let text = json_text(value, self.stdout_tty);
        if self.stdout_tty {
            crate::util::escape_c1_in_json(&text)
        } else {
            text
        }
    }

    /// A table on a terminal (see [`table`]); tab-separated rows without header
    /// when piped. Cells are server text: stripped of control sequences either way.
    pub fn table(&self, cols: &[Col], rows: &[Vec<String>]) -> Result<()> {
        if self.stdout_tty {
            let text = table::render(cols, rows, terminal_width(), chrono::Utc::now().timestamp());
            return self.long(&text);
        }
        self.out
            .writer()
            .write_all(tsv(rows).as_bytes())
            .map_err(stdout_error)
    }

    /// Data for people that may be long: through the pager when it is longer than
    /// the terminal (see [`pager`]), else written as it is.
    pub fn long(&self, text: &str) -> Result<()> {
        if self.pager && matches!(self.out, Stream::Stdout) && pager::page(text) {
            return Ok(());
        }
        self.out
            .writer()
            .write_all(text.as_bytes())
            .map_err(stdout_error)
    }

    /// Key-value lines of a single record, for people.
    pub fn record(&self, pairs: &[(&str, String)]) -> Result<()> {
        let text = self.record_text(pairs);
        self.out
            .writer()
            .write_all(text.as_bytes())
            .map_err(stdout_error)
    }

    /// [`Printer::record`]'s text. On a terminal a long value wraps at words, its
    /// lines under its start.
    pub fn record_text(&self, pairs: &[(&str, String)]) -> String {
        let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let wrap_at = if self.stdout_tty {
            wrap::stdout_width()
        } else {
            None
        };
        let mut out = String::new();
        for (k, v) in pairs {
            let line = format!(
                "{:width$}  {}",
                format!("{k}:"),
                sanitize(v),
                width = width + 1
            );
            let line = match wrap_at {
                Some(w) => line
                    .split('\n')
                    .enumerate()
                    .map(|(i, l)| {
                        let hang = if i == 0 { width + 3 } else { 0 };
                        wrap::fill_line(l, w, hang)
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                None => line,
            };
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// One line of data on stdout (a token, an id).
    pub fn line(&self, text: &str) -> Result<()> {
        writeln!(self.out.writer(), "{text}").map_err(stdout_error)
    }

    /// A line for people on stderr that was asked for (a plan, response headers,
    /// tool activity): shown with `--quiet` too.
    pub fn say(&self, msg: &str) {
        self.err.say(format_args!("{msg}"));
    }

    /// Text on stderr as it is, without a line end of its own (a rendered plan).
    pub fn say_raw(&self, text: &str) {
        above_spinner(|| {
            let mut w = self.err.writer();
            let _ = w.write_all(text.as_bytes());
            let _ = w.flush();
        });
    }

    /// Status for people, on stderr; silent with `--quiet`.
    pub fn status(&self, msg: &str) {
        if !self.quiet {
            self.err.say(format_args!("{msg}"));
        }
    }

    /// A success line on stderr.
    pub fn success(&self, msg: &str) {
        if !self.quiet {
            self.err
                .say(format_args!("{} {msg}", self.paint("✓", AnsiColor::Green)));
        }
    }

    /// What a check found and let through: warnings, and notes (`note:`, silent
    /// with `--quiet`).
    pub fn findings(&self, findings: &[crate::contract::assistant::Finding]) {
        use crate::contract::assistant::Level;
        for f in findings {
            match f.level {
                Level::Note if self.quiet => {}
                Level::Note => self.err.say(format_args!(
                    "{} {}",
                    self.paint("note:", AnsiColor::Cyan),
                    f.message
                )),
                _ => self.warn(&f.message),
            }
        }
    }

    pub fn warn(&self, msg: &str) {
        self.err.say(format_args!(
            "{} {msg}",
            self.paint("warning:", AnsiColor::Yellow)
        ));
    }

    /// The error on stderr, with any secret this process holds masked (a server
    /// may echo the request it refused).
    pub fn error(&self, err: &CliError) {
        let message = crate::util::mask_secrets(&err.message);
        // A paused run is not a failure: it waits (exit 9 tells scripts apart).
        let label = if err.exit == crate::error::Exit::Paused {
            self.paint("paused:", AnsiColor::Yellow)
        } else {
            self.paint("error:", AnsiColor::Red)
        };
        self.err.say(format_args!("{label} {message}"));
        if let Some(hint) = crate::hints::hint_of(err) {
            let hint = crate::util::mask_secrets(&hint);
            self.err.say(format_args!(
                "{} {hint} (more: `{}`)",
                self.paint("hint:", AnsiColor::Cyan),
                err.exit.help_command()
            ));
        }
    }

    fn paint(&self, text: &str, color: AnsiColor) -> String {
        if self.color {
            let style = Style::new().fg_color(Some(color.into())).bold();
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// A spinner on stderr, only on a terminal outside JSON and quiet modes.
    pub fn spinner(&self, msg: &str) -> Spinner {
        if !self.stderr_tty || self.json || self.quiet {
            return Spinner(None);
        }
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_message(msg.to_string());
        pb.enable_steady_tick(std::time::Duration::from_millis(80));
        Spinner::start(pb)
    }
}

impl Printer {
    /// A progress bar of `total` steps on stderr, only on a terminal outside JSON
    /// and quiet modes; lines said meanwhile go above it, as with a spinner.
    pub fn progress(&self, total: u64, msg: &str) -> Spinner {
        if !self.stderr_tty || self.json || self.quiet || total == 0 {
            return Spinner(None);
        }
        let pb = indicatif::ProgressBar::new(total);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} ({eta} left)")
        {
            pb.set_style(style);
        }
        pb.set_message(msg.to_string());
        Spinner::start(pb)
    }
}

/// A spinner that clears itself when dropped (on every exit path: an error, an
/// interrupt that drops the command's future). While it spins, every other line
/// on stderr is written through it ([`above_spinner`]), so none leaves a dead
/// spinner line behind.
pub struct Spinner(Option<indicatif::ProgressBar>);

/// The spinner on screen, if any.
static SPINNING: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);

impl Spinner {
    fn start(pb: indicatif::ProgressBar) -> Spinner {
        if let Ok(mut s) = SPINNING.lock() {
            *s = Some(pb.clone());
        }
        Spinner(Some(pb))
    }
}

impl Spinner {
    /// One step more (a progress bar's).
    pub fn inc(&self) {
        if let Some(pb) = &self.0 {
            pb.inc(1);
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(pb) = self.0.take() {
            pb.finish_and_clear();
            if let Ok(mut s) = SPINNING.lock() {
                *s = None;
            }
        }
    }
}

/// Runs `write` (which prints on stderr) with the spinner on screen, if any,
/// cleared first and redrawn after.
pub fn above_spinner(write: impl FnOnce()) {
    let pb = SPINNING.lock().ok().and_then(|s| s.clone());
    match pb {
        Some(pb) => pb.suspend(write),
        None => write(),
    }
}

/// What a failed write to stdout means: a reader that left (`| head`) ends the
/// program quietly with success; anything else is an error.
pub fn stdout_error(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // The reader went away (`| head`): nothing more to say, and not a failure.
        return CliError::new(Exit::BrokenPipe, "");
    }
    CliError::new(Exit::Failure, format!("cannot write to stdout: {e}"))
}

/// Renders the client's events on stderr as the command line always has: retries,
/// re-logins and warnings unless `--quiet`, the request trace only with `--verbose`.
pub struct StderrObserver {
    pub verbose: bool,
    pub quiet: bool,
}

impl crate::api::events::Observer for StderrObserver {
    fn event(&self, event: &crate::api::events::Event) {
        // A secret in use is masked in whatever this process prints.
        if let crate::api::events::Event::Secret(s) = event {
            crate::util::remember_secret(&s.0);
            return;
        }
        if event.is_trace() && !self.verbose {
            return;
        }
        if !event.is_trace() && self.quiet {
            return;
        }
        above_spinner(|| render_event(event));
    }
}

/// One client event as the command line has always shown it.
fn render_event(event: &crate::api::events::Event) {
    use crate::api::events::Event;
    match event {
        Event::Request {
            method,
            url,
            user_agent,
            bearer,
            body,
        } => {
            crate::say!("> {method} {url}");
            crate::say!("> user-agent: {user_agent}");
            if *bearer {
                crate::say!("> authorization: Bearer [redacted]");
            }
            if let Some(b) = body {
                crate::say!("> {b}");
            }
        }
        Event::Response { status, elapsed } => {
            crate::say!("< {status} ({} ms)", elapsed.as_millis())
        }
        Event::TransportError { elapsed, cause } => {
            crate::say!("< error after {} ms: {cause}", elapsed.as_millis())
        }
        Event::Retrying {
            what,
            method,
            path,
            wait,
            retry,
            of,
        } => crate::say!(
            "{what} on {method} {path}; retrying in {:.1}s (retry {retry} of {of})",
            wait.as_secs_f64()
        ),
        Event::RateLimited { wait } => crate::say!(
            "rate limited by the server, resuming in {}s",
            wait.as_secs_f64().ceil() as u64
        ),
        Event::Relogin { email } => {
            crate::say!("session expired; logging in again as {email}")
        }
        Event::Warning(w) => crate::say!("warning: {w}"),
        Event::Secret(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_rules() {
        use ColorChoice::*;
        assert!(color_decision(Always, false, Some("1"), None, None));
        assert!(!color_decision(Never, true, None, None, Some("1")));
        assert!(color_decision(Auto, true, None, None, None));
        assert!(!color_decision(Auto, false, None, None, None));
        assert!(
            !color_decision(Auto, true, Some(""), None, None),
            "NO_COLOR, any value"
        );
        assert!(
            !color_decision(Auto, true, Some("1"), None, Some("1")),
            "NO_COLOR wins"
        );
        assert!(color_decision(Auto, false, None, None, Some("1")));
        assert!(!color_decision(Auto, false, None, None, Some("0")));
        assert!(!color_decision(Auto, true, None, Some("0"), None));
        assert!(color_decision(Auto, true, None, Some("1"), None));
    }

    #[test]
    fn json_is_pretty_only_for_terminals() {
        let v = serde_json::json!({"a": [1, 2]});
        assert_eq!(json_text(&v, false), r#"{"a":[1,2]}"#);
        assert!(json_text(&v, true).contains("\n  \"a\": ["));
    }

    #[test]
    fn tsv_has_no_header_and_keeps_rows_whole() {
        let rows = vec![
            vec!["id1".to_string(), "A\tB\nC".to_string()],
            vec!["id2".to_string(), "\u{1b}[31mred\u{1b}[0m".to_string()],
        ];
        assert_eq!(tsv(&rows), "id1\tA B C\nid2\tred\n");
        assert_eq!(tsv(&[]), "");
    }
}

#[cfg(test)]
mod printer_tests {
    use super::*;

    #[test]
    fn errors_and_status_go_to_the_error_stream_and_data_to_the_output() {
        let p = Printer::captured(false, None);
        p.line("id-1").unwrap();
        p.record(&[("ID", "a".into()), ("Name", "b\u{1b}[31m".into())])
            .unwrap();
        p.status("working");
        p.warn("careful");
        p.error(&CliError::usage("bad flag").with_hint("pass --x"));
        assert_eq!(p.out.contents(), "id-1\nID:    a\nName:  b\n");
        assert_eq!(
            p.err.contents(),
            format!(
                "working\nwarning: careful\nerror: bad flag\nhint: pass --x (more: `epsimo help troubleshooting {}`)\n",
                Exit::Usage.doc_anchor()
            )
        );
    }

    #[test]
    fn json_goes_through_jq_when_asked() {
        let p = Printer::captured(true, Some(".[].id".into()));
        p.json(&serde_json::json!([{"id": "x"}, {"id": 2}]))
            .unwrap();
        assert_eq!(p.out.contents(), "x\n2\n");
    }
}
