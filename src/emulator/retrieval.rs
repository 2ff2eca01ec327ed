//! Retrieval over the files uploaded to an assistant: text split into passages
//! when a file arrives, and ranked with BM25 (the `bm25` crate) when the
//! `retrieval` tool runs. Plain text, Markdown, JSON, CSV and HTML (its text) are
//! indexed; anything else (PDF among them) is kept and said not to be.

/// The longest passage, in characters: paragraphs are joined up to it.
const PASSAGE: usize = 1000;

/// Passages the tool answers with, at most (upstream's retriever's default).
pub const TOP: usize = 4;

/// The passages of an uploaded file, or why it is not indexed.
pub fn index(
    filename: &str,
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<Vec<String>, String> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = content_type.unwrap_or("").to_ascii_lowercase();
    let html = ext == "html" || ext == "htm" || kind.contains("html");
    let text_like =
        html || matches!(
            ext.as_str(),
            "txt" | "text" | "md" | "markdown" | "json" | "csv"
        ) || kind.starts_with("text/")
            || kind.contains("json")
            || kind.contains("csv");
    if !text_like {
        return Err(format!(
            "not indexed: the emulator reads plain text, Markdown, JSON, CSV and HTML, not {}",
            if ext.is_empty() {
                "this file"
            } else {
                ext.as_str()
            }
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "not indexed: the file is not UTF-8 text".to_string())?;
    let text = if html {
        text_of_html(text)
    } else {
        text.to_string()
    };
    Ok(passages(&text))
}

/// Paragraphs (split at blank lines) joined into passages of at most `PASSAGE`
/// characters; a longer paragraph is a passage of its own. Trailing newlines go
/// (upstream stores a chunk without the file's last newline, fixture 130b).
pub fn passages(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if !current.is_empty() && current.chars().count() + para.chars().count() + 2 > PASSAGE {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push_str("\n\n");
        }
        current.push_str(para);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The text of an HTML page: scripts and styles dropped, tags removed, the common
/// entities decoded, blank runs collapsed to paragraph breaks.
fn text_of_html(html: &str) -> String {
    static DROP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?is)<(script|style|head)\b.*?</(script|style|head)\s*>").unwrap()
    });
    static BLOCK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)</?(p|div|br|li|h[1-6]|tr|section|article)\b[^>]*>").unwrap()
    });
    static TAG: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"<[^>]*>").unwrap());
    let text = DROP.replace_all(html, "");
    let text = BLOCK.replace_all(&text, "\n\n");
    let text = TAG.replace_all(&text, "");
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The passages that best answer `query`, best first, at most `limit`; none when
/// nothing matches a word of it.
pub fn search(passages: &[String], query: &str, limit: usize) -> Vec<String> {
    if passages.is_empty() {
        return Vec::new();
    }
    let engine = bm25::SearchEngineBuilder::<u32>::with_corpus(
        bm25::Language::English,
        passages.iter().cloned(),
    )
    .build();
    engine
        .search(query, limit)
        .into_iter()
        .filter(|r| r.score > 0.0)
        .map(|r| r.document.contents)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passage_with_the_answer_comes_first() {
        let mut corpus: Vec<String> = (0..10)
            .map(|i| format!("Chapter {i}. The weather was mild and the trains ran on time."))
            .collect();
        corpus.insert(6, "The secret word is pineapple, said the keeper.".into());
        let found = search(&corpus, "What is the secret word?", TOP);
        assert_eq!(found[0], "The secret word is pineapple, said the keeper.");
        assert!(search(&corpus, "zebra", TOP).is_empty());
    }

    #[test]
    fn files_are_split_and_html_read_as_text() {
        let p = index(
            "notes.md",
            None,
            b"Epsimo fixture document.\nThe secret word is pineapple.\n",
        )
        .unwrap();
        assert_eq!(
            p,
            ["Epsimo fixture document.\nThe secret word is pineapple."]
        );
        let html = index(
            "page.html",
            Some("text/html"),
            b"<html><head><title>x</title><style>p{}</style></head><body><h1>Hi &amp; bye</h1><p>First <b>bold</b> line.</p><script>alert(1)</script></body></html>",
        )
        .unwrap();
        assert_eq!(html, ["Hi & bye\n\nFirst bold line."]);
        let pdf = index("report.pdf", Some("application/pdf"), b"%PDF-1.7").unwrap_err();
        assert!(pdf.contains("not indexed") && pdf.contains("pdf"), "{pdf}");
        let long = "word ".repeat(300);
        assert_eq!(passages(&format!("{long}\n\n{long}")).len(), 2);
    }
}
