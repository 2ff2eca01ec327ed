//! Markdown rendered as a reply streams, append-only: nothing printed is ever
//! redrawn, so there is no flicker and the scrollback stays clean.
//!
//! The unit is the line. A paragraph's line streams as it arrives, as plain text
//! (its words are wrapped by the caller). A line that may be something else (a
//! heading, a list item, a quote, a rule, a table row, a code fence) is held until
//! it is complete, then printed once, styled; so is each line of a code block,
//! highlighted by its language. The output depends only on the text, never on how
//! it was split into chunks (property-tested below): what a chunk completes is
//! printed, what it leaves open waits or streams exactly as it would have anyway.

use std::sync::OnceLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::ThemeSet;
use syntect::parsing::SyntaxSet;

/// A piece of output: text to flow (wrap at words) or a block printed as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Paragraph text, plain: the caller wraps it.
    Flow(String),
    /// A finished, styled line (its newline included): printed as it is.
    Block(String),
}

/// What the line being received is, once its first characters tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not known yet (only spaces so far, or nothing).
    Open,
    /// A paragraph's line: streamed as it comes.
    Paragraph,
    /// Held until its newline: structure, or a line of code.
    Held,
}

/// The streaming renderer of one reply.
pub struct Markdown {
    /// The line being received (held, or not yet classified).
    line: String,
    kind: Kind,
    /// Inside a fenced code block: its fence (```` ``` ```` or `~~~`) and language.
    code: Option<(String, String)>,
    highlighter: Option<HighlightLines<'static>>,
    /// Width of a rule.
    width: usize,
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const ITALIC: &str = "\x1b[3m";
const UNDERLINE: &str = "\x1b[4m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

impl Markdown {
    /// A renderer for a terminal `width` columns wide (rules are drawn that wide,
    /// at most 60).
    pub fn new(width: usize) -> Markdown {
        Markdown {
            line: String::new(),
            kind: Kind::Open,
            code: None,
            highlighter: None,
            width: width.clamp(3, 60),
        }
    }

    /// Takes the next chunk of the reply; returns what can be printed now.
    pub fn feed(&mut self, text: &str) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let (part, newline) = match rest.find('\n') {
                Some(i) => (&rest[..i], true),
                None => (rest, false),
            };
            rest = &rest[part.len() + usize::from(newline)..];
            self.take(part, &mut out);
            if newline {
                self.end_line(&mut out);
            }
        }
        out
    }

    /// The end of the reply: a line still open is finished as it stands.
    pub fn finish(&mut self) -> Vec<Piece> {
        let mut out = Vec::new();
        if self.kind == Kind::Held || (self.kind == Kind::Open && !self.line.is_empty()) {
            let line = std::mem::take(&mut self.line);
            let styled = self.render_line(&line);
            out.push(Piece::Block(styled.trim_end_matches('\n').to_string()));
        }
        self.kind = Kind::Open;
        self.code = None;
        self.highlighter = None;
        out
    }

    /// Part of a line (no newline in it).
    fn take(&mut self, part: &str, out: &mut Vec<Piece>) {
        if part.is_empty() {
            return;
        }
        match self.kind {
            Kind::Paragraph => out.push(Piece::Flow(part.to_string())),
            Kind::Held => self.line.push_str(part),
            Kind::Open => {
                self.line.push_str(part);
                self.kind = self.classify();
                if self.kind == Kind::Paragraph {
                    out.push(Piece::Flow(std::mem::take(&mut self.line)));
                }
            }
        }
    }

    /// What the line received so far is: decided by its first character that is
    /// not a space (a code block's lines are all held).
    fn classify(&self) -> Kind {
        if self.code.is_some() {
            return Kind::Held;
        }
        match self.line.trim_start().chars().next() {
            None => Kind::Open,
            Some('#' | '`' | '~' | '-' | '*' | '+' | '>' | '|' | '_' | '=' | '0'..='9') => {
                Kind::Held
            }
            Some(_) => Kind::Paragraph,
        }
    }

    fn end_line(&mut self, out: &mut Vec<Piece>) {
        match self.kind {
            Kind::Paragraph => out.push(Piece::Flow("\n".into())),
            Kind::Open | Kind::Held => {
                let line = std::mem::take(&mut self.line);
                let styled = self.render_line(&line);
                out.push(Piece::Block(styled));
            }
        }
        self.kind = Kind::Open;
    }

    /// A complete line, styled, with its newline.
    fn render_line(&mut self, line: &str) -> String {
        let trimmed = line.trim_start();
        if let Some((fence, _)) = &self.code {
            if trimmed.starts_with(fence.as_str()) && trimmed.trim_end() == fence.as_str() {
                self.code = None;
                self.highlighter = None;
                return format!("{DIM}{}{RESET}\n", line.trim_end());
            }
            return self.code_line(line);
        }
        for fence in ["```", "~~~"] {
            if let Some(lang) = trimmed.strip_prefix(fence) {
                let lang = lang.trim().to_string();
                self.highlighter = syntaxes()
                    .find_syntax_by_token(&lang)
                    .map(|s| HighlightLines::new(s, &themes().themes["base16-ocean.dark"]));
                self.code = Some((fence.to_string(), lang));
                return format!("{DIM}{}{RESET}\n", line.trim_end());
            }
        }
        if trimmed.is_empty() {
            return "\n".into();
        }
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            let text = inline(trimmed[hashes..].trim());
            return if hashes <= 2 {
                format!("{BOLD}{UNDERLINE}{text}{RESET}\n")
            } else {
                format!("{BOLD}{text}{RESET}\n")
            };
        }
        let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() >= 3
            && (compact.chars().all(|c| c == '-')
                || compact.chars().all(|c| c == '*')
                || compact.chars().all(|c| c == '_'))
        {
            return format!("{DIM}{}{RESET}\n", "─".repeat(self.width));
        }
        let indent = &line[..line.len() - trimmed.len()];
        for bullet in ["- ", "* ", "+ "] {
            if let Some(item) = trimmed.strip_prefix(bullet) {
                return format!("{indent}• {}\n", inline(item));
            }
        }
        if let Some(quote) = trimmed.strip_prefix('>') {
            return format!(
                "{DIM}│{RESET} {ITALIC}{}{RESET}\n",
                inline(quote.trim_start())
            );
        }
        format!("{indent}{}\n", inline(trimmed))
    }

    fn code_line(&mut self, line: &str) -> String {
        let with_newline = format!("{line}\n");
        match &mut self.highlighter {
            Some(h) => match h.highlight_line(&with_newline, syntaxes()) {
                Ok(ranges) => {
                    let text = syntect::util::as_24_bit_terminal_escaped(&ranges, false);
                    format!("{}{RESET}\n", text.trim_end_matches('\n'))
                }
                Err(_) => format!("{CYAN}{line}{RESET}\n"),
            },
            None => format!("{CYAN}{line}{RESET}\n"),
        }
    }
}

/// Inline styles of a held line: `**bold**`, `*italic*` or `_italic_`, and
/// `` `code` ``; a marker without its partner stays as written.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (marker, style) = if rest.starts_with("**") {
            ("**", BOLD)
        } else if rest.starts_with('`') {
            ("`", CYAN)
        } else if rest.starts_with('*') || rest.starts_with('_') {
            (&rest[..1], ITALIC)
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let inner = &rest[marker.len()..];
        match inner.find(marker) {
            Some(end) if end > 0 => {
                out.push_str(style);
                out.push_str(&inner[..end]);
                out.push_str(RESET);
                rest = &inner[end + marker.len()..];
            }
            _ => {
                out.push_str(marker);
                rest = inner;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Everything printed for `chunks`, pieces joined.
    fn render(chunks: &[&str]) -> String {
        let mut md = Markdown::new(40);
        let mut out = String::new();
        let mut take = |pieces: Vec<Piece>| {
            for p in pieces {
                match p {
                    Piece::Flow(t) | Piece::Block(t) => out.push_str(&t),
                }
            }
        };
        for c in chunks {
            take(md.feed(c));
        }
        take(md.finish());
        out
    }

    const REPLY: &str = "# Plan\n\nFirst, **install** it:\n\n```sh\ncargo install epsimo\n```\n\n- one `item`\n- two\n\n> quoted\n\n---\nDone.";

    #[test]
    fn headings_lists_quotes_and_code_are_styled_paragraphs_stream_plain() {
        let out = render(&[REPLY]);
        assert!(
            out.starts_with(&format!("{BOLD}{UNDERLINE}Plan{RESET}\n")),
            "{out:?}"
        );
        // A paragraph is text as written (markers and all): it streamed as it came.
        assert!(out.contains("First, **install** it:\n"), "{out:?}");
        assert!(out.contains(&format!("{DIM}```sh{RESET}\n")), "{out:?}");
        assert!(out.contains("cargo"), "{out:?}");
        assert!(
            out.contains("\x1b[38;2;"),
            "the code is highlighted: {out:?}"
        );
        assert!(
            out.contains(&format!("• one {CYAN}item{RESET}\n")),
            "{out:?}"
        );
        assert!(out.contains(&format!("{DIM}│{RESET} {ITALIC}quoted{RESET}\n")));
        assert!(out.contains(&"─".repeat(40)), "{out:?}");
        assert!(out.ends_with("Done."), "{out:?}");
    }

    #[test]
    fn a_paragraph_streams_at_once_and_a_heading_waits_for_its_line() {
        let mut md = Markdown::new(40);
        assert_eq!(md.feed("Hello wor"), vec![Piece::Flow("Hello wor".into())]);
        assert_eq!(
            md.feed("ld\n# Ti"),
            vec![Piece::Flow("ld".into()), Piece::Flow("\n".into())]
        );
        assert_eq!(
            md.feed("tle\n"),
            vec![Piece::Block(format!("{BOLD}{UNDERLINE}Title{RESET}\n"))]
        );
        // A code block's line waits for its newline too; the end closes it.
        assert!(
            md.feed("```\nlet x")
                .iter()
                .all(|p| matches!(p, Piece::Block(_)))
        );
        assert_eq!(
            md.finish(),
            vec![Piece::Block(format!("{CYAN}let x{RESET}"))]
        );
    }

    #[test]
    fn an_unpaired_marker_stays_as_written() {
        assert_eq!(inline("2 * 3 = 6"), "2 * 3 = 6");
        assert_eq!(inline("a **b** c"), format!("a {BOLD}b{RESET} c"));
        assert_eq!(inline("snake_case"), "snake_case");
    }

    proptest! {
        /// Any split of the stream into chunks gives the same output.
        #[test]
        fn any_split_gives_the_same_output(cuts in proptest::collection::vec(0usize..200, 0..12)) {
            let text = REPLY;
            let mut points: Vec<usize> = cuts
                .into_iter()
                .map(|c| c % (text.len() + 1))
                .filter(|i| text.is_char_boundary(*i))
                .collect();
            points.sort_unstable();
            points.dedup();
            let mut chunks = Vec::new();
            let mut at = 0;
            for p in points {
                chunks.push(&text[at..p]);
                at = p;
            }
            chunks.push(&text[at..]);
            prop_assert_eq!(render(&chunks), render(&[text]));
        }

        /// Also for text of any shape (Markdown characters, newlines, Unicode).
        #[test]
        fn any_split_of_any_text(text in "[#`*_ ->a-z1.\\n|é]{0,80}", cut in 0usize..80, cut2 in 0usize..80) {
            let mut points = [cut % (text.len() + 1), cut2 % (text.len() + 1)];
            points.sort_unstable();
            if points.iter().all(|p| text.is_char_boundary(*p)) {
                let chunks = [&text[..points[0]], &text[points[0]..points[1]], &text[points[1]..]];
                prop_assert_eq!(render(&chunks), render(&[text.as_str()]));
            }
        }
    }
}
