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

/// Markdown links (`[DuckDuckGo](https://...)`) as their text alone, for a table
/// cell that would otherwise be cut in the middle of a URL.
pub fn markdown_links_as_text(text: &str) -> String {
    use std::sync::OnceLock;
    static LINK: OnceLock<regex::Regex> = OnceLock::new();
    let re =
        LINK.get_or_init(|| regex::Regex::new(r"\[([^\]]*)\]\([^)\s]*\)").expect("link pattern"));
    re.replace_all(text, "$1").into_owned()
}

/// Text for a terminal with every control character but newline and tab made
/// visible instead of acted on, as gh shows them: C0 in caret notation (`^[` for ESC,
/// so an OSC 52 sequence cannot write the clipboard), DEL as `^?`, and C1
/// (U+0080-U+009F, which terminals may read as CSI and friends) as `<U+009B>`.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{0}'..='\u{1f}' => {
                out.push('^');
                out.push(char::from(c as u8 + 0x40));
            }
            '\u{7f}' => out.push_str("^?"),
            '\u{80}'..='\u{9f}' => out.push_str(&format!("<U+{:04X}>", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// JSON text for a terminal: C1 controls written as `\u0080`-style escapes (the
/// same JSON value; serde_json already escapes C0), so no terminal acts on them.
pub fn escape_c1_in_json(json: &str) -> String {
    if !json.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return json.to_string();
    }
    json.chars()
        .map(|c| {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Shows enough of a token to recognise it, never enough to use it: a short one
/// (under 24 characters) not at all, not even its length.
pub fn mask_token(token: &str) -> String {
    let n = token.chars().count();
    if n < 24 {
        return "********".to_string();
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

/// Secrets this process holds (the password it logged in with, its tokens): masked
/// in any text it prints, so a server that echoes a request cannot print them.
static SECRETS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Remembers a secret to mask (ignored when too short to mask without garbling).
pub fn remember_secret(secret: &str) {
    if secret.len() < 4 {
        return;
    }
    if let Ok(mut s) = SECRETS.lock()
        && !s.iter().any(|k| k == secret)
    {
        s.push(secret.to_string());
    }
}

/// `text` with every remembered secret replaced by `[redacted]`, and the password of
/// any URL's userinfo too.
pub fn mask_secrets(text: &str) -> String {
    let mut out = text.to_string();
    if let Ok(s) = SECRETS.lock() {
        for secret in s.iter() {
            out = out.replace(secret.as_str(), "[redacted]");
        }
    }
    redact_userinfo(&out)
}

/// Text with every run that looks like a credential replaced by `[redacted]`: JWTs,
/// provider keys (`sk-…`, `ghp_…`, `github_pat_…`, `AKIA…`, `xox…-`), private key
/// blocks, and the value after `password=`, `secret:`, `token=`, `api_key:` and the
/// like. For what is shown and never needs the value (a deploy plan).
pub fn mask_credentials(text: &str) -> String {
    use std::sync::OnceLock;
    static PATTERNS: OnceLock<Vec<regex::Regex>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            r"eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}",
            r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}",
            r"\bgh[pousr]_[A-Za-z0-9]{20,}",
            r"\bgithub_pat_[A-Za-z0-9_]{20,}",
            r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
            r"\bxox[abprs]-[A-Za-z0-9-]{10,}",
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
            r"(?i)\b(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)\b\s*[=:]\s*[^\s,;]{6,}",
        ]
        .iter()
        .map(|p| regex::Regex::new(p).expect("credential pattern"))
        .collect()
    });
    let mut out = text.to_string();
    for re in patterns {
        out = re.replace_all(&out, "[redacted]").into_owned();
    }
    out
}

/// `scheme://user:PASSWORD@host` anywhere in a text, with the password hidden.
fn redact_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '/' || c == '"')
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match (authority.rfind('@'), authority.find(':')) {
            (Some(at), Some(colon)) if colon < at => {
                out.push_str(&authority[..colon]);
                out.push_str(":redacted");
                out.push_str(&authority[at..]);
            }
            _ => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
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
    fn markdown_links_read_as_their_text() {
        assert_eq!(
            markdown_links_as_text(
                "Search the web with [DuckDuckGo](https://pypi.org/project/duckduckgo-search/)."
            ),
            "Search the web with DuckDuckGo."
        );
        assert_eq!(markdown_links_as_text("no link [here]"), "no link [here]");
    }

    #[test]
    fn controls_are_made_visible_for_a_terminal() {
        let osc52 = "\u{1b}]52;c;ZXZpbA==\u{7}ok";
        assert_eq!(escape_controls(osc52), "^[]52;c;ZXZpbA==^Gok");
        assert_eq!(escape_controls("a\u{9b}31mb\tc\n"), "a<U+009B>31mb\tc\n");
        assert_eq!(escape_controls("é ✓"), "é ✓");
        let json = serde_json::to_string(&serde_json::json!("x\u{9b}y\u{1b}")).unwrap();
        let escaped = escape_c1_in_json(&json);
        assert_eq!(escaped, "\"x\\u009by\\u001b\"");
        assert_eq!(
            serde_json::from_str::<String>(&escaped).unwrap(),
            "x\u{9b}y\u{1b}",
            "the same JSON value"
        );
    }

    #[test]
    fn credentials_are_masked() {
        for secret in [
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
            "sk-proj-abcdefghijklmnop1234",
            "ghp_abcdefghijklmnopqrstuv123456",
            "AKIAIOSFODNN7EXAMPLE",
            "xoxb-1234567890-abcdef",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
            "password=hunter2hunter2",
            "API_KEY: abcdef123456",
        ] {
            let m = mask_credentials(&format!("use {secret} here"));
            assert_eq!(m, "use [redacted] here", "{secret}");
        }
        assert_eq!(
            mask_credentials("You help customers."),
            "You help customers."
        );
        assert_eq!(mask_credentials("a token is a word"), "a token is a word");
    }

    #[test]
    fn mask_keeps_only_ends() {
        let m = mask_token("eyJhbGciOiJIUzI1NiJ9.payload.signature");
        assert!(m.starts_with("eyJh") && m.ends_with("ture"));
        assert!(!m.contains("payload"));
        // A short token shows nothing, not even its length.
        assert_eq!(mask_token("short"), "********");
        assert_eq!(mask_token("thirteen-char"), "********");
        assert_eq!(mask_token("a-token-of-23-character"), "********");
    }

    #[test]
    fn known_secrets_and_userinfo_are_masked_in_printed_text() {
        remember_secret("hunter2-secret-pw");
        remember_secret("ab"); // too short to mask without garbling
        let text = "bad request: {\"email\":\"a@b.co\",\"password\":\"hunter2-secret-pw\"} at http://user:SECRET@host:1/x and https://plain.example/y";
        let masked = mask_secrets(text);
        assert!(
            !masked.contains("hunter2-secret-pw") && !masked.contains("SECRET"),
            "{masked}"
        );
        assert!(masked.contains("http://user:redacted@host:1/x"), "{masked}");
        assert!(
            masked.contains("https://plain.example/y") && masked.contains("a@b.co"),
            "{masked}"
        );
        assert_eq!(
            redact_url("http://u:p4ss@127.0.0.1:8/"),
            "http://u:redacted@127.0.0.1:8"
        );
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

/// A size as people read it: `512 B`, `1.5 KiB`, `19.1 MiB`, `2.0 GiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// `1 file`, `2 files`: a count with its noun in the right number (`plural` is the
/// noun's plural form).
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod size_tests {
    use super::*;

    #[test]
    fn sizes_and_counts_read_as_words() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(20_027_801), "19.1 MiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
        assert_eq!(count(1, "file", "files"), "1 file");
        assert_eq!(count(0, "file", "files"), "0 files");
        assert_eq!(count(2, "change", "changes"), "2 changes");
    }
}

/// Compares two secrets in time that depends on their lengths only, not on where
/// they first differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A name as lower-case ASCII words (transliterated) joined by `sep`: each run of
/// other characters is one `sep`, none at either end. `Café Déjà-Vu!!` with `-`:
/// `cafe-deja-vu`.
pub fn join_words(name: &str, sep: char) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    out.trim_end_matches(sep).to_string()
}
