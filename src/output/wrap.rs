//! Text for a terminal, wrapped to its width at word boundaries (`textwrap`): a
//! word is never split, so an id or a URL longer than the line stays whole (it
//! overflows, and stays one token to copy). Nothing is wrapped when the stream is
//! not a terminal: pipes get the text as it was.

use std::io::IsTerminal;

use unicode_width::UnicodeWidthStr;

/// The width of the terminal stderr is, if it is one.
pub fn stderr_width() -> Option<usize> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(std::io::stderr())
        .map(|(w, _)| w.0 as usize)
        .filter(|w| *w >= 20)
}

/// The width of the terminal stdout is, if it is one.
pub fn stdout_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    super::terminal_width()
}

/// `text` for stderr: wrapped when stderr is a terminal.
pub fn for_stderr(text: &str) -> String {
    match stderr_width() {
        Some(w) => fill(text, w),
        None => text.to_string(),
    }
}

/// Labels whose continuation lines hang under the text after them.
const LABELS: &[&str] = &[
    "error: ",
    "hint: ",
    "warning: ",
    "note: ",
    "paused: ",
    "✓ ",
    "⚙ ",
    "↳ ",
    "⏸ ",
];

/// How far a line's continuation lines are indented: under the text after its
/// label (`error: `, `✓ `) or its `Key:` column, else as deep as the line itself.
fn hang(line: &str) -> usize {
    let plain = strip_ansi_escapes::strip_str(line);
    let lead = plain.len() - plain.trim_start().len();
    let body = &plain[lead..];
    if let Some(label) = LABELS.iter().find(|l| body.starts_with(**l)) {
        return lead + label.width();
    }
    lead
}

/// Each line of `text` wrapped to `width` columns at spaces, never inside a word.
pub fn fill(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&fill_line(line, width, hang(line)));
    }
    out
}

/// One line wrapped with its continuation lines indented by `indent` columns.
pub fn fill_line(line: &str, width: usize, indent: usize) -> String {
    if textwrap::core::display_width(line) <= width {
        return line.to_string();
    }
    let pad = " ".repeat(indent.min(width / 2));
    let opts = textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .subsequent_indent(&pad);
    textwrap::fill(line, opts)
}

/// Streamed text (a reply arriving token by token) wrapped as it comes: a word is
/// held until it is whole, then goes on this line or, if it does not fit, the next.
/// What was written is never moved.
#[derive(Debug)]
pub struct Flow {
    width: usize,
    col: usize,
    /// The word being received.
    word: String,
    /// Spaces seen since the last word, written only before the next one on the
    /// same line.
    space: String,
}

impl Flow {
    pub fn new(width: usize) -> Flow {
        Flow {
            width,
            col: 0,
            word: String::new(),
            space: String::new(),
        }
    }

    /// Takes more text; returns what can be written now.
    pub fn feed(&mut self, text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '\n' => {
                    self.place_word(&mut out);
                    self.space.clear();
                    out.push('\n');
                    self.col = 0;
                }
                ' ' | '\t' => {
                    self.place_word(&mut out);
                    self.space.push(c);
                }
                _ => self.word.push(c),
            }
        }
        out
    }

    /// Writes the held word (at the end of the text, or before something else is
    /// printed).
    pub fn finish(&mut self) -> String {
        let mut out = String::new();
        self.place_word(&mut out);
        out
    }

    fn place_word(&mut self, out: &mut String) {
        if self.word.is_empty() {
            return;
        }
        let w = self.word.width();
        let space = std::mem::take(&mut self.space);
        let gap = space.width();
        if self.col > 0 && self.col + gap + w > self.width {
            // The spaces before a word that goes to the next line are dropped.
            out.push('\n');
            self.col = 0;
        } else {
            // Indentation at the start of a line is kept.
            out.push_str(&space);
            self.col += gap;
        }
        out.push_str(&self.word);
        self.col += w;
        self.word.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(text: &str) -> Vec<usize> {
        text.lines().map(|l| l.width()).collect()
    }

    #[test]
    fn lines_wrap_at_spaces_under_their_label_and_words_stay_whole() {
        let text = "error: the server refused the request because the project 2b995510-f41b-4380-9a77-6c90b1205635 has no such assistant";
        let out = fill(text, 40);
        assert!(out.lines().count() > 2, "{out}");
        for l in out.lines().skip(1) {
            assert!(
                l.starts_with("       ") && !l.starts_with("        "),
                "{l:?}"
            );
        }
        // The id is one token on one line, even longer than what is left.
        assert!(
            out.contains("2b995510-f41b-4380-9a77-6c90b1205635"),
            "{out}"
        );
        let words: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        // Short lines and other lines stay as they are.
        assert_eq!(fill("a\n  b", 40), "a\n  b");
        let out = fill("  Key:  a value that is long enough to wrap here", 24);
        assert!(out.lines().skip(1).all(|l| l.starts_with("  ")), "{out}");
    }

    #[test]
    fn streamed_text_wraps_as_it_comes_without_splitting_a_word() {
        let text = "The quick brown fox jumps over the lazy dog and keeps running past https://example.com/a/very/long/path/that/is/longer/than/the/line ok.\nNext  line\n    indented code";
        // Fed in pieces that cut words in two.
        let mut flow = Flow::new(20);
        let mut out = String::new();
        for chunk in text.as_bytes().chunks(3) {
            out.push_str(&flow.feed(std::str::from_utf8(chunk).unwrap()));
        }
        out.push_str(&flow.finish());
        let got: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(got, text.split_whitespace().collect::<Vec<_>>(), "{out}");
        for (line, w) in out.lines().zip(widths(&out)) {
            assert!(w <= 20 || !line.trim().contains(' '), "{line:?}");
        }
        assert!(out.contains("\n    indented code"), "{out:?}");
        assert!(out.contains("Next  line"), "{out:?}");
    }
}
