//! Property-based fuzzing (cargo-fuzz needs a nightly toolchain this project's
//! machines cannot install; proptest drives the same targets on stable) of the
//! manifest parser and validator, the SSE reader and run accumulator, the JWT
//! expiry reader, the token field reader, and the rate-limit header parsers. Each must never panic, whatever the
//! input. `PROPTEST_CASES` sets the budget; `scripts/reliability.sh` runs a long one.

use std::path::Path;

use epsimo::api::token;
use epsimo::config::manifest::Manifest;
use epsimo::stream::accumulator::Accumulator;
use epsimo::stream::sse::Parser;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// YAML-looking text: keys of the manifest, nesting, anchors, aliases, junk.
fn yamlish() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(vec![
        "project_id: ",
        "name: ",
        "assistants:\n",
        "  - name: ",
        "    model: ",
        "    tools:\n",
        "      - ",
        "use: ",
        "type: ",
        "function",
        "retrieval",
        "database_sync",
        "parameters:\n",
        "        type: object\n",
        "        properties: {x: {type: 5}}\n",
        "        required: [y]\n",
        "&a ",
        "*a ",
        "[",
        "]",
        "{",
        "}",
        ": ",
        "- ",
        "\n",
        "  ",
        "\"",
        "'",
        "${HOME}",
        "${",
        "#",
        "public: ",
        "yes",
        "maybe",
        "instructions_file: ../../etc/passwd\n",
        "\t",
        "\u{0}",
        "é",
        "!!binary ",
    ]);
    prop::collection::vec(atom, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn manifest_never_panics_on_yamlish_text(text in yamlish()) {
        let _ = Manifest::parse(Path::new("epsimo.yaml"), &text);
    }

    /// The header parsers: `Retry-After` and `X-RateLimit-*`, numbers of any size,
    /// sign or form, and dates; a wait is never more than a day.
    #[test]
    fn rate_limit_headers_never_panic(
        retry_after in prop_oneof![".{0,40}", Just("Fri, 31 Dec 9999 23:59:59 GMT".to_string()), "[-+]?[0-9]{0,40}(\\.[0-9]{0,10})?(e[-+]?[0-9]{1,4})?", Just("NaN".to_string()), Just("inf".to_string())],
        reset in prop_oneof![".{0,40}", "[-+]?[0-9]{0,40}(\\.[0-9]{0,10})?(e[-+]?[0-9]{1,4})?"],
        limit in ".{0,30}",
        remaining in "[-+]?[0-9e.]{0,30}",
        now_secs in 0u64..4_000_000_000,
    ) {
        use reqwest::header::{HeaderMap, HeaderValue};
        let mut h = HeaderMap::new();
        for (k, v) in [("retry-after", &retry_after), ("x-ratelimit-reset", &reset), ("x-ratelimit-limit", &limit), ("x-ratelimit-remaining", &remaining)] {
            if let Ok(v) = HeaderValue::from_str(v) {
                h.insert(k, v);
            }
        }
        let now = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(now_secs);
        if let Some(w) = epsimo::api::retry::server_wait(&h, now) {
            prop_assert!(w <= std::time::Duration::from_secs(86_400));
        }
        let read = epsimo::api::limit::Headers::read(&h, now);
        if let Some(w) = read.reset_in {
            prop_assert!(w <= epsimo::api::limit::MAX_WAIT);
        }
    }

    #[test]
    fn manifest_never_panics_on_any_text(text in ".{0,400}") {
        let _ = Manifest::parse(Path::new("epsimo.yaml"), &text);
    }

    #[test]
    fn sse_reader_and_accumulator_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000), cuts in prop::collection::vec(0usize..2000, 0..10)) {
        let mut parser = Parser::new();
        let mut acc = Accumulator::new();
        let mut at = 0;
        let mut cuts = cuts;
        cuts.sort();
        for cut in cuts.into_iter().chain(std::iter::once(bytes.len())) {
            let cut = cut.min(bytes.len()).max(at);
            for e in parser.feed(&bytes[at..cut]) {
                acc.push(e);
            }
            at = cut;
        }
        for e in parser.finish() {
            acc.push(e);
        }
        acc.end();
    }

    #[test]
    fn accumulator_never_panics_on_message_shaped_events(
        frames in prop::collection::vec(
            (prop::sample::select(vec!["data", "messages", "error", "end", "metadata"]),
             prop::collection::vec((prop::sample::select(vec!["human", "ai", "tool", "system", "x"]),
                                    prop::sample::select(vec!["a", "b", "c"]),
                                    ".{0,12}", any::<bool>()), 0..4)),
            0..20)
    ) {
        let mut acc = Accumulator::new();
        for (name, msgs) in frames {
            let list: Vec<serde_json::Value> = msgs.into_iter().map(|(t, id, content, fin)| {
                let mut m = serde_json::json!({"type": t, "id": id, "content": content});
                if fin { m["response_metadata"] = serde_json::json!({"finish_reason": "stop"}); }
                m
            }).collect();
            let event = epsimo::stream::sse::Event { name: name.to_string(), data: serde_json::Value::Array(list).to_string().into() };
            acc.push(event);
        }
        acc.end();
    }

    #[test]
    fn chunking_never_changes_the_events(cuts in prop::collection::vec(0usize..4000, 0..8)) {
        let raw = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/opengpts/42-runs-stream-tool-call.http")).unwrap();
        let whole = { let mut p = Parser::new(); let mut v = p.feed(&raw); v.extend(p.finish()); v };
        let mut p = Parser::new();
        let mut got = Vec::new();
        let mut at = 0;
        let mut cuts = cuts;
        cuts.sort();
        for cut in cuts.into_iter().chain(std::iter::once(raw.len())) {
            let cut = cut.min(raw.len()).max(at);
            got.extend(p.feed(&raw[at..cut]));
            at = cut;
        }
        got.extend(p.finish());
        prop_assert_eq!(got, whole);
    }

    #[test]
    fn jwt_expiry_reader_never_panics(t in ".{0,200}", parts in prop::collection::vec("[A-Za-z0-9_=+/-]{0,40}", 0..5)) {
        let _ = token::jwt_exp(&t);
        let joined = parts.join(".");
        let _ = token::jwt_exp(&joined);
        let _ = token::expiry(&joined, Some(&serde_json::json!({"expires_in": t})), 0);
    }

    #[test]
    fn token_fields_never_panic(v in prop::collection::vec((prop::sample::select(vec!["access_token", "token", "jwt_token", "x"]), ".{0,10}"), 0..4)) {
        let map: serde_json::Map<String, serde_json::Value> = v.into_iter().map(|(k, val)| (k.to_string(), serde_json::Value::String(val))).collect();
        let _ = token::token_from_response(&serde_json::Value::Object(map));
    }
}
