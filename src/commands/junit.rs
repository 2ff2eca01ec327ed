//! JUnit XML, as CI systems read it: one `<testsuite>` per test file, one
//! `<testcase>` per test; an assertion that did not hold is a `<failure>`, a test
//! that could not run an `<error>`; the conversation and its timing in
//! `<system-out>`.

use crate::TestStatus as Status;
use crate::sdk::TestOutcome;

/// Text as XML character data or an attribute value: the five special characters
/// escaped, and characters XML 1.0 cannot hold (most control characters) dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn render(outcomes: &[TestOutcome], total_s: f64, keep_threads: bool) -> String {
    let count = |s: Status, list: &[&TestOutcome]| list.iter().filter(|o| o.status == s).count();
    let all: Vec<&TestOutcome> = outcomes.iter().collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"epsimo test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3}\">\n",
        all.len(),
        count(Status::Failed, &all),
        count(Status::Error, &all),
        total_s
    ));
    let mut files: Vec<&str> = Vec::new();
    for o in outcomes {
        if !files.contains(&o.file.as_str()) {
            files.push(&o.file);
        }
    }
    for file in files {
        let cases: Vec<&TestOutcome> = outcomes.iter().filter(|o| o.file == file).collect();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3}\">\n",
            xml(file),
            cases.len(),
            count(Status::Failed, &cases),
            count(Status::Error, &cases),
            cases.iter().map(|o| o.duration_s).sum::<f64>()
        ));
        for o in cases {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\">\n",
                xml(&o.name),
                xml(file),
                o.duration_s
            ));
            let detail = xml(&super::test_report::report(o, keep_threads));
            match o.status {
                Status::Passed => {}
                Status::Failed => {
                    let first = o
                        .attempts
                        .iter()
                        .flat_map(|a| &a.failures)
                        .next()
                        .map(|f| format!("{}: {}", f.place, f.assertion))
                        .unwrap_or_else(|| "the pass rate was not reached".into());
                    out.push_str(&format!(
                        "      <failure type=\"assertion\" message=\"{}\">{detail}</failure>\n",
                        xml(&first)
                    ));
                }
                Status::Error => {
                    let first = o
                        .attempts
                        .iter()
                        .find_map(|a| a.error.clone())
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "      <error type=\"could not run\" message=\"{}\">{detail}</error>\n",
                        xml(&first)
                    ));
                }
            }
            let mut system_out = String::new();
            for (i, a) in o.attempts.iter().enumerate() {
                system_out.push_str(&format!(
                    "run {} of {}: {:.3}s, thread {}\n{}",
                    i + 1,
                    o.attempts.len(),
                    a.duration_s,
                    a.thread_id.as_deref().unwrap_or("(none)"),
                    a.transcript
                ));
            }
            out.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                xml(&system_out)
            ));
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            xml("a<b>&\"c\"'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;\n"
        );
    }
}
