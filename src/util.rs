//! Small helpers shared across commands: cleaning server text, masking secrets.

/// Strips terminal escape sequences and other control characters from text that came
/// from the server, before it is shown to a person. Newlines and tabs stay.
pub fn sanitize(text: &str) -> String {
    // The stripper treats tabs and newlines as controls too: keep them by stripping
    // the pieces between them.
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push('\t');
            }
            let stripped = strip_ansi_escapes::strip_str(piece);
            out.extend(stripped.chars().filter(|c| !c.is_control()));
        }
    }
    out
}

/// Shows enough of a token to recognise it, never enough to use it.
pub fn mask_token(token: &str) -> String {
    let n = token.chars().count();
    if n <= 12 {
        return "*".repeat(n.min(8));
    }
    let head: String = token.chars().take(4).collect();
    let tail: String = token.chars().skip(n - 4).collect();
    format!("{head}…{tail}")
}

/// Cuts text to at most `max` bytes on a character boundary, marking the cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

/// Percent-encodes one path segment (an id), so `/`, `..`, `?`, `#` and spaces can
/// never reach another path.
pub fn encode_segment(segment: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'~')
        .remove(b'.');
    // A segment of only dots is a path operation, not a name: encode the dots too.
    if !segment.is_empty() && segment.chars().all(|c| c == '.') {
        return segment.replace('.', "%2E");
    }
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// A URL without the password of its userinfo (`http://user:SECRET@host`), for
/// anything printed.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("redacted"));
            u.as_str().trim_end_matches('/').to_string()
        }
        _ => raw.to_string(),
    }
}

/// Replaces `path` with `bytes` atomically: a temp file with a random name is
/// created beside it exclusively (so a planted file or symlink of any fixed name is
/// never followed or reused), written, then renamed over `path`. `mode` sets the
/// temp file's permissions before anything is written (0o600 for secrets). A failed
/// write leaves `path` as it was and removes the temp file.
pub fn write_atomic(
    path: &std::path::Path,
    bytes: &[u8],
    mode: Option<u32>,
) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    if let Some(m) = mode {
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(m));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Largest instructions file read (system messages are prose, not data).
pub const MAX_INSTRUCTIONS_BYTES: u64 = 1024 * 1024;

/// Reads a file, refusing one larger than `cap` by the bytes actually read, not by
/// what its metadata says (`/dev/zero` and `/dev/urandom` report size 0 and never
/// end): at most `cap + 1` bytes are ever read. Too large is `FileTooLarge`.
pub fn read_capped(path: &std::path::Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(cap + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("larger than {} KiB", cap / 1024),
        ));
    }
    Ok(bytes)
}

/// [`read_capped`], as UTF-8 text.
pub fn read_text_capped(path: &std::path::Path, cap: u64) -> std::io::Result<String> {
    let bytes = read_capped(path, cap)?;
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_strips_escapes_and_controls() {
        assert_eq!(sanitize("\x1b[31mred\x1b[0m"), "red");
        assert_eq!(sanitize("a\x07b\rc\nd\te"), "abc\nd\te");
        assert_eq!(sanitize("\x1b]0;title\x07x"), "x");
        assert_eq!(sanitize("héllo ✓"), "héllo ✓");
    }

    #[test]
    fn mask_keeps_only_ends() {
        let m = mask_token("eyJhbGciOiJIUzI1NiJ9.payload.signature");
        assert!(m.starts_with("eyJh") && m.ends_with("ture"));
        assert!(!m.contains("payload"));
        assert_eq!(mask_token("short"), "*****");
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("abc", 10), "abc");
        let t = truncate("ééééé", 3);
        assert!(t.starts_with('é') && t.contains("10 bytes"));
    }

    #[test]
    fn segments_cannot_escape() {
        assert_eq!(encode_segment("abc-123_x"), "abc-123_x");
        assert_eq!(encode_segment("../x"), "..%2Fx");
        assert_eq!(encode_segment("v1.2"), "v1.2");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("a?b#c d"), "a%3Fb%23c%20d");
        assert_eq!(encode_segment("a\nb"), "a%0Ab");
    }
}
