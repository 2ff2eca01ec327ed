//! A Server-Sent Events reader: bytes in any chunking, events out.
//!
//! Handles `\r\n`, `\n` and `\r` line ends (also a `\r\n` split across chunks),
//! comment lines (`: ping`), several `data:` lines per event (joined with `\n`), and
//! events that carry a name but no data (`event: end`).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The `event:` field; `message` when absent.
    pub name: String,
    /// The `data:` lines joined with `\n`, as bytes: whoever reads them decides how
    /// much must be valid UTF-8 (a long reply's repeated prefix is never re-checked).
    pub data: Vec<u8>,
}

impl Event {
    pub fn new(name: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        Event {
            name: name.into(),
            data: data.into(),
        }
    }

    /// The data as text (invalid UTF-8 replaced).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.data)
    }
}

#[derive(Debug, Default)]
pub struct Parser {
    line: Vec<u8>,
    /// `line` holds the value of a `data: ` line, whose prefix was not copied.
    data_line: bool,
    /// The length of the last such value: the next one is likely a little longer
    /// (a long reply repeats its content), so its buffer starts that large.
    last_data_len: usize,
    /// The previous chunk ended in `\r`: a `\n` opening the next one ends no line.
    after_cr: bool,
    name: Option<String>,
    data: Vec<Vec<u8>>,
    /// Comment lines seen (keep-alive pings), for idle tracking.
    pub comments: u64,
    /// The largest line or event kept; past it the stream is refused
    /// ([`Parser::overflowed`]) instead of growing without end.
    pub max_event: usize,
    /// A line or an event grew past `max_event`.
    overflow: bool,
    /// Bytes held by the event being built.
    held: usize,
}

/// The default [`Parser::max_event`]: 16 MiB (a long reply's cumulative content is
/// well under 1 MiB).
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

impl Parser {
    pub fn new() -> Self {
        Parser {
            max_event: MAX_EVENT_BYTES,
            ..Parser::default()
        }
    }

    /// True once a line or an event grew past `max_event`: what follows is dropped.
    pub fn overflowed(&self) -> bool {
        self.overflow
    }

    /// Feeds a chunk and returns the events it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        let mut rest = chunk;
        // An empty chunk says nothing about the `\n` a `\r` may be waiting for.
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if let Some(r) = rest.strip_prefix(b"\n") {
                rest = r;
            }
        }
        // Whole runs of line content are copied at once, found with memchr.
        while let Some(i) = memchr::memchr2(b'\r', b'\n', rest) {
            self.take(&rest[..i]);
            let cr = rest[i] == b'\r';
            rest = &rest[i + 1..];
            if cr {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    None => self.after_cr = true,
                    Some(_) => {}
                }
            }
            self.end_line(&mut out);
        }
        self.take(rest);
        out
    }

    /// Appends a piece of the current line. The usual `data: ` prefix, when a line
    /// starts with it whole, is left out here rather than cut off the value later.
    fn take(&mut self, piece: &[u8]) {
        if self.overflow {
            return;
        }
        if self.held + self.line.len() + piece.len() > self.max_event {
            // An endless line or event (a hostile server): stop keeping it.
            self.overflow = true;
            self.line = Vec::new();
            self.data = Vec::new();
            return;
        }
        if self.line.is_empty()
            && !self.data_line
            && let Some(value) = piece.strip_prefix(b"data: ")
        {
            self.data_line = true;
            self.line
                .reserve((self.last_data_len + self.last_data_len / 8).max(value.len()));
            self.line.extend_from_slice(value);
            return;
        }
        self.line.extend_from_slice(piece);
    }

    /// At the end of the stream: an event still being built had no closing blank
    /// line; it is dispatched if it is whole enough to mean something (`[DONE]`,
    /// `end`), as some servers close right after the last line.
    pub fn finish(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        if !self.line.is_empty() || self.data_line {
            self.end_line(&mut out);
        }
        self.dispatch(&mut out);
        out
    }

    fn end_line(&mut self, out: &mut Vec<Event>) {
        if self.overflow {
            return;
        }
        let line = std::mem::take(&mut self.line);
        if std::mem::take(&mut self.data_line) {
            self.last_data_len = line.len();
            self.held += line.len();
            self.data.push(line);
            return;
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(b":") {
            self.comments += 1;
            return;
        }
        let (field, value) = match memchr::memchr(b':', &line) {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (&line[..], &b""[..]),
        };
        match field {
            b"event" => self.name = Some(String::from_utf8_lossy(value).into_owned()),
            b"data" => {
                self.held += value.len();
                self.data.push(value.to_vec());
            }
            _ => {} // id, retry and unknown fields are not used here
        }
    }

    fn dispatch(&mut self, out: &mut Vec<Event>) {
        self.held = 0;
        if self.name.is_none() && self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        let data = if data.len() == 1 {
            data.pop().unwrap_or_default()
        } else {
            data.join(&b'\n')
        };
        out.push(Event {
            name: self.name.take().unwrap_or_else(|| "message".to_string()),
            data,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Vec<Event> {
        let mut p = Parser::new();
        let mut v = p.feed(bytes);
        v.extend(p.finish());
        v
    }

    fn ev(name: &str, data: &str) -> Event {
        Event::new(name, data)
    }

    const PRODUCTION: &[u8] = b"event: metadata\r\ndata: {\"run_id\":\"r\"}\r\n\r\n: ping - 2026-11-23 22:53:30.069598\r\n\r\nevent: data\r\ndata: [1]\r\n\r\nevent: end\r\n\r\n";

    #[test]
    fn production_framing() {
        assert_eq!(
            all(PRODUCTION),
            vec![
                ev("metadata", "{\"run_id\":\"r\"}"),
                ev("data", "[1]"),
                ev("end", "")
            ]
        );
    }

    #[test]
    fn every_split_point_gives_the_same_events() {
        let whole = all(PRODUCTION);
        for i in 0..=PRODUCTION.len() {
            let mut p = Parser::new();
            let mut v = p.feed(&PRODUCTION[..i]);
            v.extend(p.feed(&PRODUCTION[i..]));
            v.extend(p.finish());
            assert_eq!(v, whole, "split at {i}");
        }
        // And byte by byte.
        let mut p = Parser::new();
        let mut v = Vec::new();
        for b in PRODUCTION {
            v.extend(p.feed(std::slice::from_ref(b)));
        }
        v.extend(p.finish());
        assert_eq!(v, whole);
    }

    /// Found by the fuzz target run for a fixed time in CI: an empty chunk between
    /// the `\r` and the `\n` of one line end made the `\n` a second, empty line,
    /// which ended the event early.
    #[test]
    fn an_empty_chunk_between_cr_and_lf_changes_nothing() {
        let mut p = Parser::new();
        let mut got = p.feed(b"event: metadata\r");
        got.extend(p.feed(b""));
        got.extend(p.feed(b"\ndata: {\"run_id\":\"r\"}\r\n\r\n"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].name, "metadata");
        assert_eq!(got[0].text(), "{\"run_id\":\"r\"}");
    }

    #[test]
    fn lf_cr_multiline_data_and_older_framing() {
        let s = b"event: messages\ndata: [\"a\",\ndata: \"b\"]\n\ndata: [DONE]\n\n";
        assert_eq!(
            all(s),
            vec![ev("messages", "[\"a\",\n\"b\"]"), ev("message", "[DONE]")]
        );
        assert_eq!(
            all(b"data:x\r\rdata: y\r\r"),
            vec![ev("message", "x"), ev("message", "y")]
        );
    }

    #[test]
    fn empty_data_values_and_bytes_that_are_not_utf8() {
        assert_eq!(all(b"data: \n\n"), vec![ev("message", "")]);
        assert_eq!(all(b"data:\n\n"), vec![ev("message", "")]);
        // The data is handed over as bytes; whoever reads it decides.
        let e = all(b"event: data\ndata: [\"\xff\"]\n\n");
        assert_eq!(e[0].data, b"[\"\xff\"]");
        assert_eq!(e[0].text(), "[\"\u{fffd}\"]");
    }

    #[test]
    fn comments_are_counted_not_dispatched() {
        let mut p = Parser::new();
        assert!(p.feed(b": ping\r\n\r\n: ping\n\n").is_empty());
        assert_eq!(p.comments, 2);
    }

    #[test]
    fn an_unterminated_last_event_is_kept_at_the_end() {
        assert_eq!(all(b"data: [DONE]"), vec![ev("message", "[DONE]")]);
        assert_eq!(all(b"event: end\r\n"), vec![ev("end", "")]);
        assert!(all(b"").is_empty());
    }

    #[test]
    fn an_endless_line_or_event_is_refused_not_kept() {
        let mut p = Parser::new();
        p.max_event = 100;
        let chunk = [b'x'; 64];
        p.feed(b"data: ");
        for _ in 0..1000 {
            assert!(p.feed(&chunk).is_empty());
        }
        assert!(p.overflowed());
        assert!(p.line.capacity() < 1000, "nothing kept");
        // Many lines of one event count together.
        let mut p = Parser::new();
        p.max_event = 100;
        for _ in 0..10 {
            p.feed(b"data: 0123456789012345678901234567890123456789\n");
        }
        assert!(p.overflowed());
        // Within the limit, events come through as before.
        let mut p = Parser::new();
        p.max_event = 100;
        assert_eq!(p.feed(b"data: [1]\n\ndata: [2]\n\n").len(), 2);
        assert!(!p.overflowed());
    }
}
