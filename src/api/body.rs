//! A response body read whole (into a mapping when it is large), and its parsing
//! with errors that name the request.

use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::error::Result;

/// A response body read whole. A large one (by its Content-Length) goes into a
/// mapping whose pages the kernel supplies in one go, rather than into fresh heap
/// memory that costs a page fault per 4 KiB as it is first written.
pub struct Body {
    buf: BodyBuf,
    len: usize,
}

enum BodyBuf {
    Heap(Vec<u8>),
    Mapped(memmap2::MmapMut),
}

impl Body {
    /// Bodies this large (by Content-Length) are mapped; the pages of a mapping
    /// are taken at once, so a lying Content-Length beyond the upper bound gets
    /// heap capacity instead, which costs nothing until written.
    const MAP_FROM: u64 = 1024 * 1024;
    const MAP_UP_TO: u64 = 64 * 1024 * 1024;
    /// At most this much heap is set aside on the word of a Content-Length.
    const MOST_RESERVED: u64 = 256 * 1024 * 1024;

    pub(super) fn with_capacity(expected: u64) -> Body {
        let expected = expected.min(Self::MOST_RESERVED);
        let mapped = (Self::MAP_FROM..=Self::MAP_UP_TO)
            .contains(&expected)
            .then(|| Self::map(expected as usize))
            .flatten();
        Body {
            buf: match mapped {
                Some(m) => BodyBuf::Mapped(m),
                None => BodyBuf::Heap(Vec::with_capacity(expected as usize)),
            },
            len: 0,
        }
    }

    /// An anonymous mapping of `len` bytes, its pages taken at once. On Linux it
    /// asks for transparent huge pages first: a 20 MB body then costs ten page
    /// allocations, not five thousand (each zeroed and charged on its own), which
    /// was most of the time `db query` spent beyond curl's.
    fn map(len: usize) -> Option<memmap2::MmapMut> {
        #[cfg(target_os = "linux")]
        {
            let m = memmap2::MmapOptions::new().len(len).map_anon().ok()?;
            // Advice a kernel does not take (no THP, an old kernel) costs nothing:
            // the pages then come one by one as the body is written.
            let _ = m.advise(memmap2::Advice::HugePage);
            let _ = m.advise(memmap2::Advice::PopulateWrite);
            Some(m)
        }
        #[cfg(not(target_os = "linux"))]
        {
            memmap2::MmapOptions::new()
                .len(len)
                .populate()
                .map_anon()
                .ok()
        }
    }

    pub(super) fn extend(&mut self, chunk: &[u8]) {
        let end = self.len + chunk.len();
        match &mut self.buf {
            BodyBuf::Mapped(m) if end <= m.len() => m[self.len..end].copy_from_slice(chunk),
            BodyBuf::Mapped(m) => {
                // Longer than announced: carry on in the heap.
                let mut v = Vec::with_capacity(end);
                v.extend_from_slice(&m[..self.len]);
                v.extend_from_slice(chunk);
                self.buf = BodyBuf::Heap(v);
            }
            BodyBuf::Heap(v) => v.extend_from_slice(chunk),
        }
        self.len = end;
    }
}

impl std::ops::Deref for Body {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.buf {
            BodyBuf::Heap(v) => v,
            BodyBuf::Mapped(m) => &m[..self.len],
        }
    }
}

/// Parses a success body as JSON, with a clear error for an empty or malformed one.
pub fn parse_json<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T> {
    parse_body(path, bytes, serde_json::from_slice)
}

/// [`parse_json`] with the parse given, for a type that borrows from the body.
pub fn parse_body<'a, T>(
    path: &str,
    bytes: &'a [u8],
    parse: impl FnOnce(&'a [u8]) -> serde_json::Result<T>,
) -> Result<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadBody {
            path: path.to_string(),
            detail: "the body is empty where JSON was expected".into(),
        }
        .into());
    }
    parse(bytes).map_err(|e| {
        // What failed, said as it is: a shape that differs (a data error) is not a
        // nesting too deep or bytes that are not UTF-8 (syntax errors).
        let detail = if bytes.trim_ascii_start().starts_with(b"<") {
            "an HTML page came back where JSON was expected".to_string()
        } else if e.to_string().contains("recursion limit") {
            format!("the JSON is nested too deeply to read: {e}")
        } else if std::str::from_utf8(bytes).is_err() {
            format!("the body is not UTF-8 text: {e}")
        } else if let Err(syntax) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            // A typed parse may stop at the first mismatch before seeing the body is
            // broken: whether it is JSON at all is asked on its own.
            if syntax.to_string().contains("recursion limit") {
                format!("the JSON is nested too deeply to read: {syntax}")
            } else {
                format!("the body is not valid JSON: {syntax}")
            }
        } else {
            format!("the JSON does not have the expected shape: {e}")
        };
        ApiError::BadBody {
            path: path.to_string(),
            detail,
        }
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn bodies_hold_what_came_whether_mapped_or_not_and_longer_than_announced() {
        let piece: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
        for announced in [
            0,
            10,
            Body::MAP_FROM,
            Body::MAP_FROM + 5,
            4 * Body::MAP_FROM,
        ] {
            let mut body = Body::with_capacity(announced);
            assert_eq!(
                matches!(body.buf, BodyBuf::Mapped(_)),
                announced >= Body::MAP_FROM,
                "{announced}"
            );
            let mut expected = Vec::new();
            // Past the announced length, whatever it was.
            while expected.len() as u64 <= announced + 1 {
                body.extend(&piece);
                expected.extend_from_slice(&piece);
            }
            assert_eq!(&*body, expected.as_slice(), "{announced}");
        }
        let empty = Body::with_capacity(2 * Body::MAP_FROM);
        assert!(empty.is_empty(), "a mapped body shows only what arrived");
        // A Content-Length too large to take on trust is not mapped.
        let huge = Body::with_capacity(u64::MAX);
        assert!(matches!(huge.buf, BodyBuf::Heap(_)));
    }

    #[test]
    fn json_body_errors_are_clear() {
        let e = parse_json::<Value>("/x", b"").unwrap_err();
        assert!(e.message.contains("empty"));
        let e = parse_json::<Value>("/x", b"<html>").unwrap_err();
        assert!(e.message.contains("HTML"));
        let e = parse_json::<Value>("/x", b"{\"a\":").unwrap_err();
        assert!(e.message.contains("not valid JSON"));
        let e = parse_json::<Vec<u8>>("/x", b"{}").unwrap_err();
        assert!(e.message.contains("expected shape"));
        // A typed parse that stops at the first mismatch still sees broken JSON.
        let e = parse_json::<Vec<u8>>("/x", b"{\"a\": [").unwrap_err();
        assert!(e.message.contains("not valid JSON"), "{}", e.message);
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let e = parse_json::<Value>("/x", deep.as_bytes()).unwrap_err();
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        let e = parse_json::<Vec<String>>("/x", b"[\"a\xff\"]").unwrap_err();
        assert!(e.message.contains("not UTF-8"), "{}", e.message);
    }
}
