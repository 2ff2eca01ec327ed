//! Tables for people, as gh prints them: a header, aligned columns, no borders.
//! Ids and timestamps are never wrapped or cut (they are what gets copied); free
//! text is cut with `…` so every row stays one line at the terminal's width; times
//! read relative (`2m ago`) on a terminal. Piped output is tab-separated instead
//! (see `tsv`), with every value whole.

use unicode_width::UnicodeWidthStr;

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
const GAP: u16 = 2;
/// A text column is never cut narrower than this (or its title).
const MIN_TEXT: usize = 8;

/// The table as text for a terminal `width` columns wide (`None`: unknown, nothing
/// is cut). `now` is the Unix time relative times are counted from.
///
/// Laid out by `comfy-table` without borders: ids, times and sizes keep their whole
/// width (`ContentWidth`), text columns share what is left (at least `MIN_TEXT` or
/// their title), and every row is one line, text cut with `…`.
pub fn render(cols: &[Col], rows: &[Vec<String>], width: Option<usize>, now: i64) -> String {
    use comfy_table::{ColumnConstraint, ContentArrangement, Row, Table, Width};
    let mut table = Table::new();
    table
        .load_style(comfy_table::presets::NOTHING)
        .set_truncation_indicator("…");
    match width {
        Some(w) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                // Each column has a gap after it, the last one's trimmed below.
                .set_width(u16::try_from(w).unwrap_or(u16::MAX).saturating_add(GAP));
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(cols.iter().map(|c| c.title.to_uppercase()));
    for row in rows {
        let cells = cols.iter().enumerate().map(|(i, c)| {
            let v = sanitize(row.get(i).map(String::as_str).unwrap_or(""))
                .replace(['\t', '\n', '\r'], " ");
            match c.kind {
                Kind::Time => relative(&v, now).unwrap_or(v),
                Kind::Bytes => v.parse::<u64>().map(crate::util::human_bytes).unwrap_or(v),
                _ => v,
            }
        });
        let mut r = Row::from(cells);
        r.max_height(1);
        table.add_row(r);
    }
    let natural = table.column_max_content_widths();
    for ((column, c), natural) in table.column_iter_mut().zip(cols).zip(natural) {
        column.set_padding((0, GAP));
        column.set_constraint(match c.kind {
            Kind::Text => {
                // Never padded past its content; comfy-table's widths count the
                // padding.
                let floor =
                    MIN_TEXT.max(c.title.width()).min(usize::from(natural)) + usize::from(GAP);
                ColumnConstraint::LowerBoundary(Width::Fixed(
                    u16::try_from(floor).unwrap_or(u16::MAX),
                ))
            }
            _ => ColumnConstraint::ContentWidth,
        });
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
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

    /// Too narrow for every column: the titles stay whole (the line is longer than
    /// the terminal rather than a title cut in two) and each row is still one line.
    #[test]
    fn too_narrow_a_terminal_cuts_text_never_a_title_or_an_id() {
        let t = render(&COLS, &rows(), Some(60), NOW);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3, "{t}");
        assert!(lines[0].contains("DESCRIPTION"), "{t}");
        assert!(lines[1].starts_with(ID), "{t}");
        assert!(t.contains('…'), "{t}");
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
