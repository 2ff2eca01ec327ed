//! A Server-Sent Events reader: bytes in any chunking, events out.
//!
//! Handles `\r\n`, `\n` and `\r` line ends (also a `\r\n` split across chunks),
//! comment lines (`: ping`), several `data:` lines per event (joined with `\n`), and
//! events that carry a name but no data (`event: end`).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The `event:` field; `message` when absent.
    pub name: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

#[derive(Debug, Default)]
pub struct Parser {
    line: Vec<u8>,
    /// The previous chunk ended in `\r`: a `\n` opening the next one ends no line.
    after_cr: bool,
    name: Option<String>,
    data: Vec<String>,
    /// Comment lines seen (keep-alive pings), for idle tracking.
    pub comments: u64,
}

impl Parser {
    pub fn new() -> Self {
        Parser::default()
    }

    /// Feeds a chunk and returns the events it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        let mut rest = chunk;
        if self.after_cr {
            self.after_cr = false;
            if let Some(r) = rest.strip_prefix(b"\n") {
                rest = r;
            }
        }
        // Whole runs of line content are copied at once, found with memchr.
        while let Some(i) = memchr::memchr2(b'\r', b'\n', rest) {
            self.line.extend_from_slice(&rest[..i]);
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
        self.line.extend_from_slice(rest);
        out
    }

    /// At the end of the stream: an event still being built had no closing blank
    /// line; it is dispatched if it is whole enough to mean something (`[DONE]`,
    /// `end`), as some servers close right after the last line.
    pub fn finish(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        if !self.line.is_empty() {
            self.end_line(&mut out);
        }
        self.dispatch(&mut out);
        out
    }

    fn end_line(&mut self, out: &mut Vec<Event>) {
        let line = std::mem::take(&mut self.line);
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        // Valid UTF-8 (the usual case) is taken over without a copy.
        let text = String::from_utf8(line)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        if text.starts_with(':') {
            self.comments += 1;
            return;
        }
        let (field, value) = match text.find(':') {
            Some(i) => {
                let v = &text[i + 1..];
                (&text[..i], v.strip_prefix(' ').unwrap_or(v))
            }
            None => (&text[..], ""),
        };
        match field {
            "event" => self.name = Some(value.to_string()),
            "data" if value.len() + 6 == text.len() => {
                // `data: ` then the value: keep the line's buffer, drop the prefix.
                let mut owned = text;
                owned.drain(..6);
                self.data.push(owned);
            }
            "data" => self.data.push(value.to_string()),
            _ => {} // id, retry and unknown fields are not used here
        }
    }

    fn dispatch(&mut self, out: &mut Vec<Event>) {
        if self.name.is_none() && self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        let data = if data.len() == 1 {
            data.pop().unwrap_or_default()
        } else {
            data.join("\n")
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
        Event {
            name: name.into(),
            data: data.into(),
        }
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
}
