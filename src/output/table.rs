//! Tables for people, as gh prints them: a header, aligned columns, no borders.
//! Ids and timestamps are never wrapped or cut (they are what gets copied); free
//! text is cut with `…` so every row stays one line at the terminal's width; times
//! read relative (`2m ago`) on a terminal. Piped output is tab-separated instead
//! (see `tsv`), with every value whole.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::util::sanitize;

/// What a column holds, which decides how it may be shortened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An id, a number, a short word: shown whole.
    Id,
    /// A timestamp: shown whole, relative to now on a terminal.
    Time,
    /// Free text (names, descriptions): cut with `…` to fit.
    Text,
    /// A size in bytes: shown as `19.1 MiB` on a terminal.
    Bytes,
}

/// A column: its title and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub title: &'static str,
    pub kind: Kind,
}

impl Col {
    pub const fn id(title: &'static str) -> Col {
        Col {
            title,
            kind: Kind::Id,
        }
    }
    pub const fn time(title: &'static str) -> Col {
        Col {
            title,
            kind: Kind::Time,
        }
    }
    pub const fn bytes(title: &'static str) -> Col {
        Col {
            title,
            kind: Kind::Bytes,
        }
    }
    pub const fn text(title: &'static str) -> Col {
        Col {
            title,
            kind: Kind::Text,
        }
    }
}

/// Columns are this far apart.
const GAP: usize = 2;
/// A text column is never cut narrower than this (or its title).
const MIN_TEXT: usize = 8;

/// The table as text for a terminal `width` columns wide (`None`: unknown, nothing
/// is cut). `now` is the Unix time relative times are counted from.
pub fn render(cols: &[Col], rows: &[Vec<String>], width: Option<usize>, now: i64) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            cols.iter()
                .enumerate()
                .map(|(i, c)| {
                    let v = sanitize(row.get(i).map(String::as_str).unwrap_or(""))
                        .replace(['\t', '\n', '\r'], " ");
                    match c.kind {
                        Kind::Time => relative(&v, now).unwrap_or(v),
                        Kind::Bytes => v.parse::<u64>().map(crate::util::human_bytes).unwrap_or(v),
                        _ => v,
                    }
                })
                .collect()
        })
        .collect();
    let natural: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| r[i].width())
                .chain([c.title.width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = fit(cols, &natural, width);
    let mut out = String::new();
    let header: Vec<String> = cols.iter().map(|c| c.title.to_uppercase()).collect();
    for row in std::iter::once(&header).chain(cells.iter()) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let cell = cut(cell, widths[i]);
            line.push_str(&cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.width() + GAP));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Column widths within `width`: whole columns stay whole, text columns share
/// what is left (each at least `MIN_TEXT` or its title), the narrow ones first.
fn fit(cols: &[Col], natural: &[usize], width: Option<usize>) -> Vec<usize> {
    let mut widths = natural.to_vec();
    let Some(width) = width else { return widths };
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    if total(&widths) <= width {
        return widths;
    }
    let fixed: usize = cols
        .iter()
        .zip(natural)
        .filter(|(c, _)| c.kind != Kind::Text)
        .map(|(_, w)| w)
        .sum();
    let mut text: Vec<usize> = (0..cols.len())
        .filter(|&i| cols[i].kind == Kind::Text)
        .collect();
    let mut left = width.saturating_sub(fixed + GAP * cols.len().saturating_sub(1));
    // The narrowest text columns get what they need while that is under an equal
    // share; the rest split what remains.
    text.sort_by_key(|&i| natural[i]);
    let mut remaining = text.len();
    for &i in &text {
        let share = left / remaining.max(1);
        let floor = MIN_TEXT.max(cols[i].title.width()).min(natural[i]);
        widths[i] = natural[i].min(share).max(floor);
        left = left.saturating_sub(widths[i]);
        remaining -= 1;
    }
    widths
}

/// `text` cut to `width` display columns, ending in `…` when cut.
pub fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// A timestamp as people read it: `just now`, `5m ago`, `3h ago`, `2d ago`, or the
/// date for anything older than a month (or in the future by more than a minute).
/// `None` when it is not a timestamp.
pub fn relative(ts: &str, now: i64) -> Option<String> {
    let t = parse_time(ts)?;
    let ago = now - t;
    Some(match ago {
        i64::MIN..=-60 => date_of(ts),
        -59..=44 => "just now".to_string(),
        45..=3599 => format!("{}m ago", (ago + 30) / 60),
        3600..=86_399 => format!("{}h ago", ago / 3600),
        86_400..=2_591_999 => format!("{}d ago", ago / 86_400),
        _ => date_of(ts),
    })
}

fn date_of(ts: &str) -> String {
    ts.get(..10).unwrap_or(ts).to_string()
}

/// Unix seconds of an RFC 3339 timestamp, or of one without an offset (UTC), as
/// servers write them.
fn parse_time(ts: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(ts) {
        return Some(t.timestamp());
    }
    chrono::NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_633_600; // 2025-12-02T00:00:00Z
    const ID: &str = "9b0c6f0e-1d2a-4c1e-9f3b-2a6d8e7c5b41";

    fn rows() -> Vec<Vec<String>> {
        vec![
            vec![
                ID.into(),
                "Support Bot".into(),
                "Answers the questions customers ask about orders, refunds and deliveries".into(),
                "2025-12-01T23:58:00Z".into(),
            ],
            vec![
                "a1".into(),
                "日本語のプロジェクト名".into(),
                "".into(),
                "2025-11-20T10:00:00.123456".into(),
            ],
        ]
    }

    const COLS: [Col; 4] = [
        Col::id("ID"),
        Col::text("Name"),
        Col::text("Description"),
        Col::time("Created"),
    ];

    #[test]
    fn every_row_is_one_line_and_ids_stay_whole_at_80_and_120_columns() {
        for width in [80, 120] {
            let t = render(&COLS, &rows(), Some(width), NOW);
            let lines: Vec<&str> = t.lines().collect();
            assert_eq!(lines.len(), 3, "{t}");
            for l in &lines {
                assert!(l.width() <= width, "{width}: {l:?} is {} wide", l.width());
            }
            assert!(lines[1].starts_with(ID), "{t}");
            assert!(lines[1].ends_with("2m ago"), "{t}");
            assert!(lines[2].ends_with("11d ago"), "{t}");
        }
        let narrow = render(&COLS, &rows(), Some(80), NOW);
        assert!(narrow.contains('…'), "{narrow}");
        let wide = render(&COLS, &rows(), None, NOW);
        assert!(!wide.contains('…'), "{wide}");
    }

    #[test]
    fn the_header_and_columns_line_up_without_borders() {
        let t = render(
            &[Col::id("ID"), Col::text("Name")],
            &[
                vec!["1".into(), "x\u{1b}[2Jy".into()],
                vec!["22".into(), "z".into()],
            ],
            Some(80),
            NOW,
        );
        assert_eq!(t, "ID  NAME\n1   xy\n22  z\n");
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        let t = render(
            &[Col::id("ID"), Col::bytes("Size")],
            &[
                vec!["f1".into(), "20027801".into()],
                vec!["f2".into(), "?".into()],
            ],
            Some(80),
            NOW,
        );
        assert_eq!(t, "ID  SIZE\nf1  19.1 MiB\nf2  ?\n");
    }

    #[test]
    fn cutting_counts_display_columns() {
        assert_eq!(cut("hello world", 6), "hello…");
        assert_eq!(cut("hello", 5), "hello");
        assert_eq!(cut("日本語です", 5), "日本…");
        assert!(cut("日本語です", 5).width() <= 5);
    }

    #[test]
    fn times_read_relative_and_anything_else_is_left_alone() {
        assert_eq!(relative("2025-12-01T23:59:50Z", NOW).unwrap(), "just now");
        assert_eq!(
            relative("2025-12-01T22:00:00+00:00", NOW).unwrap(),
            "2h ago"
        );
        assert_eq!(relative("2025-10-01T00:00:00Z", NOW).unwrap(), "2025-10-01");
        assert_eq!(relative("2030-01-01T00:00:00Z", NOW).unwrap(), "2030-01-01");
        assert_eq!(relative("soon", NOW), None);
        assert_eq!(relative("", NOW), None);
    }
}
