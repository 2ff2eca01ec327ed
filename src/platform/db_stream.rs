//! A thread's database written out as its state arrives: `db query`, piped, prints
//! the values of a state of many megabytes without holding the body.
//!
//! The state's structure (its members, and the members of its `values`) is walked
//! here, a member at a time; every key and value is read by `serde_json` from the
//! bytes held so far, so what is accepted as JSON is serde_json's judgement, not
//! this module's. A member that is not complete yet waits for more bytes; one that
//! is long is tried again only once the bytes held have doubled, so a value of any
//! size costs a bounded number of reads. Bytes already written out are dropped.

use std::io::Write;

use serde::de::{Deserialize, IgnoredAny};
use serde_json::value::RawValue;

/// Why the stream stopped: the body is not a state's JSON, the request failed,
/// or the output did.
#[derive(Debug)]
pub enum StreamError {
    /// What is wrong with the body (worded like the whole-body reader's details).
    Body(String),
    /// The request or the body's reading failed.
    Api(crate::error::CliError),
    /// Writing the output failed.
    Write(std::io::Error),
}

impl From<std::io::Error> for StreamError {
    fn from(e: std::io::Error) -> Self {
        StreamError::Write(e)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum At {
    /// Before the body's first byte.
    Start,
    /// The body is not an object: kept whole, checked at the end, no database.
    Whole,
    /// After the state's `{`.
    TopFirst,
    TopKey,
    TopColon {
        values: bool,
    },
    TopValue {
        values: bool,
    },
    /// After a member of the state: `,` or `}`.
    TopNext,
    /// After the state's `}`: only whitespace may follow.
    End,
    /// After the `{` of `values`.
    ValFirst,
    ValKey,
    ValColon {
        key: String,
    },
    ValValue {
        key: String,
    },
    ValNext,
}

/// Reads a state fed in pieces ([`DatabaseStream::feed`]) and writes its database
/// as one line of compact JSON: the same text as re-serialising it, for values
/// sent compactly (a value with any whitespace byte is re-serialised), in the
/// order the server sent the keys. A key the server sent twice is written twice,
/// as it came (a JSON reader keeps the last).
pub struct DatabaseStream {
    buf: Vec<u8>,
    /// Where reading is in `buf`.
    pos: usize,
    /// Bytes of the body before `buf[0]` (dropped once written).
    dropped: usize,
    /// An incomplete member is read again once this many bytes are held after
    /// `pos`.
    wait_for: usize,
    at: At,
    first_byte: Option<u8>,
    kept: usize,
}

/// One step of reading.
enum Step {
    /// Read; go on.
    Go,
    /// Wait for more bytes.
    More,
}

impl Default for DatabaseStream {
    fn default() -> Self {
        Self::new()
    }
}

impl DatabaseStream {
    pub fn new() -> Self {
        DatabaseStream {
            buf: Vec::with_capacity(64 * 1024),
            pos: 0,
            dropped: 0,
            wait_for: 0,
            at: At::Start,
            first_byte: None,
            kept: 0,
        }
    }

    /// Reads the next piece of the body, writing every member of the database it
    /// completes.
    pub fn feed(&mut self, piece: &[u8], out: &mut impl Write) -> Result<(), StreamError> {
        self.buf.extend_from_slice(piece);
        self.advance(out, false)?;
        if self.at != At::Whole && self.pos > 0 {
            self.buf.drain(..self.pos);
            self.dropped += self.pos;
            self.pos = 0;
        }
        Ok(())
    }

    /// The body has ended: checks it was a whole state, closes the line, and
    /// answers how many keys were written (none: nothing was written at all).
    pub fn finish(mut self, out: &mut impl Write) -> Result<usize, StreamError> {
        self.advance(out, true)?;
        match self.at {
            At::End => {}
            At::Start => {
                return Err(StreamError::Body(
                    "the body is empty where JSON was expected".into(),
                ));
            }
            At::Whole => {
                // Not a state object: no database, but the body must be JSON.
                serde_json::from_slice::<IgnoredAny>(&self.buf).map_err(|e| self.syntax(e, 0))?;
            }
            _ => {
                return Err(
                    self.invalid("EOF while parsing an object", self.dropped + self.buf.len())
                );
            }
        }
        if self.kept > 0 {
            out.write_all(b"}")?;
        }
        Ok(self.kept)
    }

    fn advance(&mut self, out: &mut impl Write, eof: bool) -> Result<(), StreamError> {
        loop {
            let step = match self.at.clone() {
                At::Whole => return Ok(()),
                At::Start => match self.next_byte() {
                    None => Step::More,
                    Some(b) => {
                        self.first_byte = Some(b);
                        if b == b'{' {
                            self.pos += 1;
                            self.at = At::TopFirst;
                        } else {
                            self.at = At::Whole;
                        }
                        Step::Go
                    }
                },
                At::TopFirst => self.close_or(At::End, At::TopKey),
                At::TopKey => match self.read::<String>(eof)? {
                    None => Step::More,
                    Some(key) => {
                        self.at = At::TopColon {
                            values: key == "values",
                        };
                        Step::Go
                    }
                },
                At::TopColon { values } => self.expect(b':', At::TopValue { values })?,
                At::TopValue { values } => match self.next_byte() {
                    None => Step::More,
                    Some(b'{') if values => {
                        self.pos += 1;
                        self.at = At::ValFirst;
                        Step::Go
                    }
                    Some(_) => match self.read::<IgnoredAny>(eof)? {
                        None => Step::More,
                        Some(_) => {
                            self.at = At::TopNext;
                            Step::Go
                        }
                    },
                },
                At::TopNext => self.separator(At::TopKey, At::End)?,
                At::End => match self.next_byte() {
                    None => Step::More,
                    Some(_) => {
                        return Err(self.invalid("trailing characters", self.dropped + self.pos));
                    }
                },
                At::ValFirst => self.close_or(At::TopNext, At::ValKey),
                At::ValKey => match self.read::<String>(eof)? {
                    None => Step::More,
                    Some(key) => {
                        self.at = At::ValColon { key };
                        Step::Go
                    }
                },
                At::ValColon { key } => self.expect(b':', At::ValValue { key })?,
                At::ValValue { key } => {
                    if !self.take_member(&key, out, eof)? {
                        Step::More
                    } else {
                        self.at = At::ValNext;
                        Step::Go
                    }
                }
                At::ValNext => self.separator(At::ValKey, At::TopNext)?,
            };
            if let Step::More = step {
                return Ok(());
            }
        }
    }

    /// The next byte that is not whitespace, skipping to it (`None`: none held).
    fn next_byte(&mut self) -> Option<u8> {
        while let Some(&b) = self.buf.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                return Some(b);
            }
        }
        None
    }

    /// After an object's `{`: its `}` (then `closed`), or its first key (`key`).
    fn close_or(&mut self, closed: At, key: At) -> Step {
        match self.next_byte() {
            None => Step::More,
            Some(b'}') => {
                self.pos += 1;
                self.at = closed;
                Step::Go
            }
            Some(_) => {
                self.at = key;
                Step::Go
            }
        }
    }

    fn expect(&mut self, want: u8, then: At) -> Result<Step, StreamError> {
        match self.next_byte() {
            None => Ok(Step::More),
            Some(b) if b == want => {
                self.pos += 1;
                self.at = then;
                Ok(Step::Go)
            }
            Some(_) => Err(self.invalid(
                &format!("expected `{}`", want as char),
                self.dropped + self.pos,
            )),
        }
    }

    /// After an object's member: `,` (then `next`) or `}` (then `closed`).
    fn separator(&mut self, next: At, closed: At) -> Result<Step, StreamError> {
        match self.next_byte() {
            None => Ok(Step::More),
            Some(b',') => {
                self.pos += 1;
                self.at = next;
                Ok(Step::Go)
            }
            Some(b'}') => {
                self.pos += 1;
                self.at = closed;
                Ok(Step::Go)
            }
            Some(_) => Err(self.invalid("expected `,` or `}`", self.dropped + self.pos)),
        }
    }

    /// The JSON value at `pos` and the offset after it, once it is held whole and
    /// a byte follows it (a number at the end of what is held may go on); at the
    /// end of the body, as it is.
    fn value_at<'a, T: Deserialize<'a>>(
        buf: &'a [u8],
        pos: usize,
        eof: bool,
    ) -> Result<Option<(T, usize)>, serde_json::Error> {
        let mut values = serde_json::Deserializer::from_slice(&buf[pos..]).into_iter::<T>();
        match values.next() {
            Some(Ok(v)) => {
                let end = pos + values.byte_offset();
                if end < buf.len() || eof {
                    Ok(Some((v, end)))
                } else {
                    Ok(None)
                }
            }
            Some(Err(e)) => Err(e),
            None => Ok(None),
        }
    }

    /// Reads an owned value at `pos` (`None`: wait for more bytes).
    fn read<T: serde::de::DeserializeOwned>(
        &mut self,
        eof: bool,
    ) -> Result<Option<T>, StreamError> {
        if !self.ready(eof) {
            return Ok(None);
        }
        match Self::value_at::<T>(&self.buf, self.pos, eof) {
            Ok(Some((v, end))) => {
                self.pos = end;
                self.wait_for = 0;
                Ok(Some(v))
            }
            Ok(None) => {
                self.wait_longer();
                Ok(None)
            }
            Err(e) if self.cut_short(&e, self.pos, eof) => {
                self.wait_longer();
                Ok(None)
            }
            Err(e) => Err(self.syntax(e, self.pos)),
        }
    }

    /// Writes the member `key` whose value starts at `pos`, when the value is held
    /// whole (`false`: wait for more bytes); `messages` and the server's own keys
    /// are read and left out.
    fn take_member(
        &mut self,
        key: &str,
        out: &mut impl Write,
        eof: bool,
    ) -> Result<bool, StreamError> {
        if !self.ready(eof) {
            return Ok(false);
        }
        let (value, end) = match Self::value_at::<&RawValue>(&self.buf, self.pos, eof) {
            Ok(Some(found)) => found,
            Ok(None) => {
                self.wait_longer();
                return Ok(false);
            }
            Err(e) if self.cut_short(&e, self.pos, eof) => {
                self.wait_longer();
                return Ok(false);
            }
            Err(e) => return Err(self.syntax(e, self.pos)),
        };
        if crate::contract::state::is_data_key(key) {
            out.write_all(if self.kept == 0 { b"{" } else { b"," })?;
            write_member(out, key, value)?;
            self.kept += 1;
        }
        self.pos = end;
        self.wait_for = 0;
        Ok(true)
    }

    /// Whether enough is held to try reading the member at `pos` (again).
    fn ready(&self, eof: bool) -> bool {
        eof || self.buf.len() - self.pos >= self.wait_for
    }

    /// The member at `pos` is not complete: read it again once twice as much is
    /// held.
    fn wait_longer(&mut self) {
        self.wait_for = (self.buf.len() - self.pos).max(1) * 2;
    }

    /// The body is not JSON: where, as a byte of the whole body.
    fn invalid(&self, what: &str, at: usize) -> StreamError {
        let detail = if self.first_byte == Some(b'<') {
            "an HTML page came back where JSON was expected".to_string()
        } else {
            format!("the body is not valid JSON: {what} at byte {}", at + 1)
        };
        StreamError::Body(detail)
    }

    /// Where in `buf` serde_json's error, reading from `from`, is.
    fn offset_of(&self, e: &serde_json::Error, from: usize) -> usize {
        // serde_json counts lines and columns from where it began reading.
        let mut line = 1;
        let mut start = from;
        if e.line() > 1 {
            for (i, b) in self.buf[from..].iter().enumerate() {
                if *b == b'\n' {
                    line += 1;
                    if line == e.line() {
                        start = from + i + 1;
                        break;
                    }
                }
            }
        }
        start + e.column().saturating_sub(1)
    }

    /// Whether serde_json's error is only that the value goes on past what is held
    /// (a number cut short reads as an invalid one).
    fn cut_short(&self, e: &serde_json::Error, from: usize, eof: bool) -> bool {
        !eof && (e.is_eof() || self.offset_of(e, from) + 1 >= self.buf.len())
    }

    /// serde_json's error reading from `from` in `buf`, placed in the whole body.
    fn syntax(&self, e: serde_json::Error, from: usize) -> StreamError {
        let said = e.to_string();
        let what = said.split(" at line ").next().unwrap_or(&said);
        if what.contains("recursion limit") {
            return StreamError::Body(format!("the JSON is nested too deeply to read: {what}"));
        }
        self.invalid(what, self.dropped + self.offset_of(&e, from))
    }
}

/// `"key":value`, compact: the value's text as it came when it holds no byte of
/// whitespace (which memchr finds at once), else re-serialised.
pub fn write_member(out: &mut impl Write, key: &str, value: &RawValue) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, key)?;
    out.write_all(b":")?;
    let text = value.get().as_bytes();
    let spaced = memchr::memchr3(b' ', b'\n', b'\t', text).is_some()
        || memchr::memchr(b'\r', text).is_some();
    if spaced {
        let parsed: serde_json::Value = serde_json::from_str(value.get())?;
        serde_json::to_writer(&mut *out, &parsed)?;
    } else {
        out.write_all(text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body fed in pieces of `size` bytes (the last shorter).
    fn streamed(body: &[u8], size: usize) -> Result<(String, usize), StreamError> {
        let mut out = Vec::new();
        let mut s = DatabaseStream::new();
        for piece in body.chunks(size.max(1)) {
            s.feed(piece, &mut out)?;
        }
        let kept = s.finish(&mut out)?;
        Ok((String::from_utf8(out).unwrap(), kept))
    }

    fn text(body: &str) -> String {
        let whole = streamed(body.as_bytes(), body.len().max(1)).unwrap().0;
        for size in [1, 2, 3, 7, 64] {
            assert_eq!(
                streamed(body.as_bytes(), size).unwrap().0,
                whole,
                "{body} in pieces of {size}"
            );
        }
        whole
    }

    fn detail(body: &str) -> String {
        match streamed(body.as_bytes(), 3) {
            Err(StreamError::Body(d)) => d,
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn the_database_is_written_as_it_arrives() {
        let body = r#"{"next": [], "values": {"b": 1, "messages": [{"type": "human"}], "a": {"x": [1, 2]}, "n": 12345}, "config": {"k": "v"}}"#;
        assert_eq!(text(body), r#"{"b":1,"a":{"x":[1,2]},"n":12345}"#);
        // What is complete is written before the rest has come.
        let mut out = Vec::new();
        let mut s = DatabaseStream::new();
        s.feed(br#"{"values": {"a": "first", "b": 12"#, &mut out)
            .unwrap();
        assert_eq!(out, br#"{"a":"first""#);
        s.feed(b"3}}", &mut out).unwrap();
        assert_eq!(s.finish(&mut out).unwrap(), 2);
        assert_eq!(out, br#"{"a":"first","b":123}"#);
    }

    #[test]
    fn no_database_writes_nothing() {
        for body in [
            r#"{"values": null}"#,
            r#"{"values": [{"type": "human"}]}"#,
            r#"{"values": {"messages": []}}"#,
            "[1, 2]",
            "{}",
            " { } ",
            r#""text""#,
        ] {
            assert_eq!(
                streamed(body.as_bytes(), 2).unwrap(),
                (String::new(), 0),
                "{body}"
            );
        }
    }

    #[test]
    fn a_body_that_is_not_a_state_is_refused() {
        assert_eq!(detail("  \n"), "the body is empty where JSON was expected");
        assert!(detail(r#"{"detail": [1, 2,"#).contains("not valid JSON"));
        assert!(detail(r#"{"values": {"a": tru}}"#).contains("not valid JSON"));
        assert!(detail("[1, 2").contains("not valid JSON"));
        assert!(detail(r#"{"values": {"a": 1} x"#).contains("expected `,` or `}`"));
        assert!(detail(r#"{"values": {"a": 1}} x"#).contains("trailing characters"));
        assert!(detail(r#"{"values": {"a" 1}}"#).contains("expected `:`"));
        assert!(detail(r#"{"values": {1: 1}}"#).contains("not valid JSON"));
        assert!(detail("<html>oops</html>").contains("HTML page"));
        // Where, in the whole body, not in the piece held.
        let d = detail(r#"{"values": {"a": 1, "b": nope}}"#);
        assert!(d.ends_with("expected ident at byte 27"), "{d}");
        // A deep value is passed through as it came, as the whole-body reader did.
        let deep = format!(
            r#"{{"values": {{"a": {}1{}}}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert!(text(&deep).starts_with(
            r#"{"a":[[[[1"#.replace("[[[[1", &format!("{}1", "[".repeat(200))).as_str()
        ));
    }

    #[test]
    fn a_long_value_is_read_a_bounded_number_of_times() {
        let long = "x".repeat(1 << 20);
        let body = format!(r#"{{"values": {{"long": "{long}"}}}}"#);
        let mut out = Vec::new();
        let mut s = DatabaseStream::new();
        let mut tries = 0;
        for piece in body.as_bytes().chunks(1024) {
            let before = s.wait_for;
            s.feed(piece, &mut out).unwrap();
            if s.wait_for != before {
                tries += 1;
            }
        }
        s.finish(&mut out).unwrap();
        assert_eq!(out.len(), long.len() + 11);
        // Doubling: about log2(1 MiB / 1 KiB) reads, not a thousand.
        assert!(tries <= 12, "{tries}");
    }

    #[test]
    fn a_key_sent_twice_is_written_twice_and_read_as_the_last() {
        let (out, kept) = streamed(br#"{"values": {"b": 1, "a": 2, "b": "again"}}"#, 4).unwrap();
        assert_eq!(out, r#"{"b":1,"a":2,"b":"again"}"#);
        assert_eq!(kept, 3);
        let read: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(read, serde_json::json!({"a": 2, "b": "again"}));
    }
}
