//! The shape of the crate (docs/architecture.md), checked from the source: which
//! top-level module uses which (`crate::X` anywhere in its files, test modules
//! included), with no cycle, and the directions that matter: the contract depends
//! on nothing, the emulator on the contract and leaves only, never on the client or
//! the command line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module -> the top-level modules its files name, for the sources
/// under `src`: `(path, text)` of each `.rs` file.
fn graph_of(
    src: &Path,
    files: Vec<(std::path::PathBuf, String)>,
) -> BTreeMap<String, BTreeSet<String>> {
    let re = regex::Regex::new(r"crate::([a-z_]+)").unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files {
        let rel = path.strip_prefix(src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let top = if top == "main" {
            "lib".to_string()
        } else {
            top
        };
        // The whole file: a test module's `use` is a dependency too (an earlier
        // version stopped at the first `#[cfg(test)]` and missed a cycle).
        let deps = out.entry(top.clone()).or_default();
        for c in re.captures_iter(&text) {
            let used = c[1].to_string();
            // `say!`/`say_inline!` are macros exported at the crate root.
            if used != top && !used.starts_with("say") {
                deps.insert(used);
            }
        }
    }
    out
}

/// The program's module graph.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    graph_of(&src, crate::common::source_files(Some("rs")))
}

/// The graph of the code that ships: each `#[cfg(test)]` item taken out (a test
/// module, inline or in its own `tests.rs`), everything else kept.
fn shipped_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = crate::common::source_files(Some("rs"))
        .into_iter()
        .filter(|(p, _)| p.file_name().is_none_or(|n| n != "tests.rs"))
        .map(|(p, text)| (p, without_tests(&text)))
        .collect();
    graph_of(&src, files)
}

/// `text` without its `#[cfg(test)]` items: a `mod x;` line, or an item up to the
/// brace that closes it.
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let item = &rest[i..];
        let semi = item.find(';').unwrap_or(item.len());
        let open = item.find('{');
        let end = match open {
            Some(o) if o < semi => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (j, c) in item[o..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = o + j + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            _ => (semi + 1).min(item.len()),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn test_items_are_taken_out_and_nothing_else() {
    let text = "use crate::a;\n#[cfg(test)]\nmod tests;\nfn f() { crate::b::g(); }\n#[cfg(test)]\nmod t {\n    fn x() { if y { crate::c::z(); } }\n}\nuse crate::d;\n";
    let kept = without_tests(text);
    for (name, kept_it) in [
        ("crate::a", true),
        ("crate::b", true),
        ("crate::c", false),
        ("crate::d", true),
    ] {
        assert_eq!(kept.contains(name), kept_it, "{name}: {kept}");
    }
}

/// A cycle planted where the old check did not look (inside a test module) is
/// found: the check can fail.
#[test]
fn a_planted_cycle_is_found() {
    let src = Path::new("/src");
    let files = vec![
        (
            src.join("alpha/mod.rs"),
            "use crate::beta::thing;\n".to_string(),
        ),
        (
            src.join("beta.rs"),
            "pub fn thing() {}\n#[cfg(test)]\nmod tests {\n    use crate::alpha;\n}\n".to_string(),
        ),
        (src.join("gamma.rs"), "use crate::alpha;\n".to_string()),
    ];
    let g = graph_of(src, files);
    let c = cycle(&g).expect("the planted cycle");
    assert!(
        c.contains(&"alpha".to_string()) && c.contains(&"beta".to_string()),
        "{c:?}"
    );
    // And in the program's own graph, one edge back from the transport to a
    // front-end is enough to fail it.
    let mut g = graph();
    g.get_mut("api").unwrap().insert("commands".into());
    assert!(cycle(&g).is_some());
}

fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in g.keys() {
        if let Some(c) = visit(n, g, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    assert!(g.len() > 10, "the modules were found: {g:?}");
    assert_eq!(cycle(&g), None, "{g:#?}");
}

#[test]
fn the_contract_and_the_emulator_depend_only_downwards() {
    let g = graph();
    let leaves: BTreeSet<&str> = ["util", "env", "error", "pricing"].into();
    let contract = &g["contract"];
    assert!(
        contract.iter().all(|d| d == "util"),
        "contract uses {contract:?}"
    );
    let emulator = &g["emulator"];
    for d in emulator {
        assert!(
            d == "contract" || leaves.contains(d.as_str()),
            "the emulator uses {d} (it may use the contract and {leaves:?})"
        );
    }
    // Streaming stands on the client and the contract, never on a front-end.
    for d in &g["stream"] {
        assert!(
            ["api", "contract"].contains(&d.as_str()) || leaves.contains(d.as_str()),
            "stream uses {d}"
        );
    }
    // The platform layer stands on the client, streaming, the contract and the
    // configuration; it never reaches up into a front-end.
    for d in &g["platform"] {
        assert!(
            ["api", "stream", "contract", "config"].contains(&d.as_str())
                || leaves.contains(d.as_str()),
            "platform uses {d}"
        );
    }
    // Front-ends reach the server through the platform layer: no command builds a
    // request itself, except `epsimo api` (a raw request is what it is for).
    let commands = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    for entry in std::fs::read_dir(&commands).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "api.rs" || !name.ends_with(".rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("Call::"),
            "{name} builds a request itself; add an operation to src/platform/"
        );
    }
    // The MCP server is a front-end beside the commands: it shares their context
    // (how to reach the API, which project) and nothing else of them, and never the
    // printer (its stdout is the protocol's).
    let mcp = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/mcp");
    for entry in std::fs::read_dir(&mcp).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display();
        assert!(
            !text.contains("crate::commands"),
            "{name} uses a command; move what it needs to src/platform/ (the shared context is crate::context)"
        );
        assert!(!text.contains("crate::output"), "{name} uses the printer");
    }
    // Only the command line reaches the emulator (to start it); tests may use it.
    for (m, deps) in &shipped_graph() {
        if deps.contains("emulator") {
            assert!(
                ["cli", "commands", "lib"].contains(&m.as_str()),
                "{m} uses the emulator"
            );
        }
    }
}

#[test]
fn the_check_finds_a_cycle_when_there_is_one() {
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert!(cycle(&g).is_some());
    g.get_mut("b").unwrap().clear();
    assert!(cycle(&g).is_none());
}

#[test]
fn the_client_reports_to_its_observer_and_prints_nothing_itself() {
    use epsimo::api::events::{Event, Recorder};
    use epsimo::api::{Api, Auth, Call, Options};
    use std::sync::Arc;

    let emu = crate::common::Emu::start();
    emu.fault(
        serde_json::json!({"path": "/health", "times": 2, "action": "status", "status": 503}),
    );
    let recorder = Arc::new(Recorder::default());
    let mut opts = Options::new(emu.url.clone(), "default".into(), None);
    opts.retry.base = std::time::Duration::from_millis(10);
    opts.observer = recorder.clone();
    let api = Api::new(opts).unwrap();
    let v: serde_json::Value = emu
        .rt
        .block_on(api.json(&Call::get("/health", Auth::None)))
        .unwrap();
    assert_eq!(v["status"], "ok");
    let events = recorder.0.lock().unwrap().clone();
    let retries = events
        .iter()
        .filter(|e| matches!(e, Event::Retrying { .. }))
        .count();
    assert_eq!(retries, 2, "{events:?}");
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::Request { .. }))
            .count(),
        3,
        "every try is traced: {events:?}"
    );
}

#[test]
fn the_http_layer_prints_nothing() {
    let files: Vec<(String, String)> = sources(Some("rs"))
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("api/"))
        .collect();
    assert!(
        files.len() > 5,
        "the client's files were found: {}",
        files.len()
    );
    for (rel, text) in files {
        for printing in [
            "say!(",
            "say_inline!(",
            "println!(",
            "eprintln!(",
            "print!(",
        ] {
            assert!(
                !text.contains(printing),
                "{rel} prints ({printing}): report an api::events::Event instead"
            );
        }
    }
}

#[test]
fn only_main_ends_the_process() {
    // The exceptions cannot return to main: the panic hook (lib.rs) and the signal
    // watcher, whose main thread is blocked in a read (interrupt.rs).
    let allowed = ["main.rs", "lib.rs", "interrupt.rs"];
    for (rel, text) in sources(None) {
        if text.contains("process::exit(") {
            assert!(
                allowed.contains(&rel.as_str()),
                "{rel} ends the process: return a CliError with its Exit instead"
            );
        }
    }
}

/// One way to the network and one way out: an HTTP client is built only by the
/// API client (so every request has its timeouts, limits and observer), and no
/// module but the printer writes with the print macros.
/// The crate's source files under `src/` (of extension `ext`): each path relative
/// to `src/` (`api/client/mod.rs`), and its text.
fn sources(ext: Option<&str>) -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    crate::common::source_files(ext)
        .into_iter()
        .map(|(path, text)| {
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, text)
        })
        .collect()
}

/// The source files under the given paths of `src/` (`"api/"`, `"error.rs"`): each
/// relative path and its code without test items; there must be some.
fn layer_files(layers: &[&str]) -> Vec<(String, String)> {
    let files: Vec<(String, String)> = sources(Some("rs"))
        .into_iter()
        .filter(|(rel, _)| layers.iter().any(|l| rel.starts_with(l)))
        .map(|(rel, text)| (rel, without_tests(&text)))
        .collect();
    assert!(
        files.len() > 20,
        "the layers' files were found ({})",
        files.len()
    );
    files
}

#[test]
fn one_http_client_and_no_print_macros() {
    for (rel, text) in sources(Some("rs")) {
        // The session's client is the only one that talks to the platform; the
        // emulator's client to a model API (`--model-url`) is the server's own.
        if rel != "api/client/mod.rs" && rel != "emulator/model.rs" {
            for builds in ["reqwest::Client", "ClientBuilder", "client_builder("] {
                assert!(
                    !text.contains(builds),
                    "{rel} builds an HTTP client ({builds}): use crate::api::Api"
                );
            }
        }
        if !rel.starts_with("output/") {
            for prints in ["println!(", "eprintln!(", "print!(", "eprint!("] {
                let found = text.match_indices(prints).any(|(i, _)| {
                    // `eprintln!(` also holds `println!(`: only whole macro names.
                    i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric()
                });
                assert!(!found, "{rel} prints with {prints}: go through the printer");
            }
        }
    }
}

/// Lines for people go through the printer (`--quiet`, `--json` and test buffers
/// apply to them). The `say!` macro, which writes to stderr itself, is left only
/// where this list says; the list may shrink, never grow.
#[test]
fn stderr_lines_go_through_the_printer() {
    let allowed = [
        // The macros' definitions.
        "lib.rs",
        // The emulator's own log (it has no printer: it stands on the contract
        // only) and the line after a Ctrl-C (the signal watcher's).
        "emulator/mod.rs",
        "emulator/routes/auth.rs",
        "interrupt.rs",
    ];
    for (rel, text) in sources(Some("rs")) {
        if rel.starts_with("output/") || allowed.contains(&rel.as_str()) {
            continue;
        }
        assert!(
            !text.contains("say!(") && !text.contains("say_inline!("),
            "{rel} writes to stderr itself: use the printer (ctx.printer.say, status, warn)"
        );
    }
}

/// Where a source file reads the process's environment (`std::env::var`, the
/// front-ends' `crate::env` helpers), if it does: the line.
fn reads_environment(text: &str) -> Option<String> {
    let text = without_tests(text);
    let found = text.lines().find(|l| {
        let code = l.split("//").next().unwrap_or("");
        code.contains("std::env::var")
            || code.contains("env::get(")
            || code.contains("crate::env")
            || code.contains("use crate::env")
            || code.contains("env::env_token")
            || code.contains("env::login_credentials")
    })?;
    Some(found.trim().to_string())
}

#[test]
fn the_check_for_environment_reads_finds_one() {
    assert!(reads_environment("let t = std::env::var(\"EPSIMO_TOKEN\");").is_some());
    assert!(reads_environment("if let Some(t) = env::get(env::PROJECT_TOKEN) {}").is_some());
    assert!(reads_environment("// std::env::var in a comment\nlet x = 1;").is_none());
    assert!(reads_environment("const V: &str = env!(\"CARGO_PKG_VERSION\");").is_none());
}

/// The library and the layers under it read no environment variable: settings come
/// from the `Session` (the library) or the front-end's context (`context.rs`, which
/// reads `EPSIMO_*` once and gives the transport its options).
#[test]
fn the_library_and_the_transport_read_no_environment() {
    for (rel, code) in layer_files(&["sdk/", "api/", "platform/", "stream/", "deploy/"]) {
        if let Some(line) = reads_environment(&code) {
            panic!(
                "{rel} reads the environment ({line}): take the value from the session or the context"
            );
        }
    }
}

/// The library stands on the layers under it and on no front-end: it has no
/// printer, no context, no command line, no MCP; nor have the workflows under it.
#[test]
fn the_library_stands_on_no_front_end() {
    let g = shipped_graph();
    let sdk = &g["sdk"];
    for d in sdk {
        assert!(
            [
                "api", "platform", "stream", "deploy", "testing", "config", "contract", "error",
                "util", "jq"
            ]
            .contains(&d.as_str()),
            "the library uses {d}"
        );
    }
    assert!(
        sdk.contains("platform"),
        "the graph has the library's imports: {sdk:?}"
    );
    let front_ends = [
        "commands",
        "mcp",
        "context",
        "output",
        "cli",
        "completion",
        "scaffold",
        "hints",
    ];
    for layer in [
        "sdk", "testing", "deploy", "platform", "stream", "api", "contract", "config",
    ] {
        for d in &g[layer] {
            assert!(
                !front_ends.contains(&d.as_str()),
                "{layer} uses the front-end {d}"
            );
        }
    }
}

/// Module path (`api::client::session`) of a source file, by its path under
/// `src/` (`api/client/session.rs`, `api/client/mod.rs` is `api::client`).
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The modules between which a cycle is looked for at every level: for a use of
/// `p::a::...` in a file of `p::b::...`, an edge `p::b -> p::a` between the two
/// children of their deepest common module `p` (a module using its own parent or
/// child is not an edge: it holds or is held by it). A use is `crate::PATH` or
/// `super::PATH` (also `super::{A, B}`), resolved to the deepest module that is.
fn nested_graph(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let resolve = |path: Vec<String>| -> Option<Vec<String>> {
        (1..=path.len())
            .rev()
            .map(|k| path[..k].to_vec())
            .find(|m| modules.contains(m))
    };
    let word = regex::Regex::new(r"^[a-z_][a-z0-9_]*$").unwrap();
    let absolute =
        regex::Regex::new(r"\bcrate::([a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)").unwrap();
    let relative =
        regex::Regex::new(r"\bsuper::(\{[^}]*\}|[a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)").unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in files {
        let here = module_of(rel);
        if here == ["main"] || here == ["lib"] {
            continue;
        }
        let parent = here[..here.len() - 1].to_vec();
        let mut used = Vec::new();
        for c in absolute.captures_iter(text) {
            used.extend(resolve(c[1].split("::").map(str::to_string).collect()));
        }
        for c in relative.captures_iter(text) {
            let group = &c[1];
            let items: Vec<&str> = match group.strip_prefix('{') {
                Some(inner) => inner.trim_end_matches('}').split(',').collect(),
                None => vec![group],
            };
            for item in items {
                let segs: Vec<String> = item
                    .trim()
                    .split("::")
                    .take_while(|s| word.is_match(s))
                    .map(str::to_string)
                    .collect();
                if segs.is_empty() || segs[0] == "self" {
                    continue;
                }
                let mut path = parent.clone();
                path.extend(segs);
                used.extend(resolve(path));
            }
        }
        for there in used {
            let common = here.iter().zip(&there).take_while(|(a, b)| a == b).count();
            if common >= here.len() || common >= there.len() {
                continue;
            }
            out.entry(here[..=common].join("::"))
                .or_default()
                .insert(there[..=common].join("::"));
        }
    }
    out
}

fn nested_graph_of_the_tree() -> BTreeMap<String, BTreeSet<String>> {
    nested_graph(&sources(Some("rs")))
}

/// No cycle between modules at any level (`api::client` and `api::session` were
/// one; so were the emulator's routes, runs and public routes).
#[test]
fn no_cycle_between_modules_at_any_level() {
    let g = nested_graph_of_the_tree();
    assert!(
        g.keys().any(|k| k.contains("::")),
        "the graph has nested modules: {g:?}"
    );
    assert!(
        g["emulator::routes"].contains("emulator::records"),
        "a use through `crate::` is an edge: {:?}",
        g["emulator::routes"]
    );
    assert_eq!(cycle(&g), None);
}

#[test]
fn a_planted_cycle_between_submodules_is_found() {
    let files = |y: &str| {
        vec![
            ("a/mod.rs".to_string(), "pub mod x;\npub mod y;".to_string()),
            (
                "a/x.rs".to_string(),
                "use super::{y::Thing, z};".to_string(),
            ),
            ("a/y.rs".to_string(), y.to_string()),
            ("a/z.rs".to_string(), String::new()),
            ("b.rs".to_string(), "use crate::a::x::Other;".to_string()),
        ]
    };
    let g = nested_graph(&files("use crate::a::x::Other;"));
    assert_eq!(g["a::x"], ["a::y".to_string(), "a::z".to_string()].into());
    assert_eq!(g["b"], ["a".to_string()].into());
    assert!(cycle(&g).is_some(), "{g:?}");
    // Without the use back, no cycle; a use of the parent is none either.
    assert_eq!(cycle(&nested_graph(&files("use super::Shared;"))), None);
}

/// The layers under the front-ends word nothing for an agent: they give a typed
/// `Remedy`, and the MCP server says it with its own tools and arguments.
#[test]
fn agent_wording_is_the_mcp_servers_own() {
    let tools = regex::Regex::new(
        r"\b(list_(projects|assistants|threads|models)|db_query|db_get|resume_run|run_assistant)\b",
    )
    .unwrap();
    let layers = [
        "api/",
        "platform/",
        "stream/",
        "deploy/",
        "testing/",
        "sdk/",
        "contract/",
        "config/",
        "error.rs",
    ];
    for (rel, code) in layer_files(&layers) {
        assert!(
            !code.contains(".for_agents("),
            "{rel} words a fix for agents: give a crate::error::Remedy instead"
        );
        if let Some(m) = tools.find(&code) {
            panic!(
                "{rel} names the MCP tool {}: the MCP server words remedies",
                m.as_str()
            );
        }
    }
}

/// The layers under the front-ends word no fix for the shell either: they give a
/// typed `Remedy`, and the CLI words it (`src/hints.rs`), as the MCP server does
/// for agents. No string in them names an `epsimo` command, a flag or an
/// `EPSIMO_` variable (the public-access snippets are code for the user's own
/// program, which reads its token from a variable the user names).
#[test]
fn shell_wording_is_the_command_lines_own() {
    let literal = regex::Regex::new(r#""(?:[^"\\]|\\.)*""#).unwrap();
    let shell = regex::Regex::new(r"`epsimo |(^|[\s(`])--[a-z]|EPSIMO_[A-Z]").unwrap();
    let layers = [
        "api/",
        "platform/",
        "stream/",
        "deploy/",
        "testing/",
        "sdk/",
        "contract/",
    ];
    let mut found = Vec::new();
    for (rel, code) in layer_files(&layers) {
        for line in code.lines() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for lit in literal.find_iter(line) {
                let text = lit.as_str();
                if rel == "platform/public.rs" && text.contains("EPSIMO_PUBLIC_TOKEN") {
                    continue;
                }
                if shell.is_match(text) {
                    found.push(format!("{rel}: {text}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "these word a fix for the shell: give a crate::error::Remedy and word it in src/hints.rs\n{}",
        found.join("\n")
    );
}

/// The library and the layers under it keep no process-wide state of their own and
/// install no signal handler: secrets go to the observer (the command line's masks
/// them in what it prints), Ctrl-C is the caller's to pass in.
#[test]
fn the_library_keeps_no_process_wide_state() {
    let layers = [
        "sdk/",
        "api/",
        "platform/",
        "stream/",
        "deploy/",
        "testing/",
    ];
    for (rel, code) in layer_files(&layers) {
        for global in [
            "remember_secret(",
            "crate::interrupt",
            "tokio::signal",
            "set_var(",
        ] {
            assert!(
                !code.contains(global),
                "{rel} uses {global}: take it from the caller"
            );
        }
    }
}

/// Whether a front-end line reaches under the library: a handle on the transport
/// (`ctx.api()`, `.transport()`, ...) or a path into the layers `epsimo::Client`
/// wraps (`platform::`, `crate::deploy`, `crate::testing`, the turn loop, the
/// schema cache).
fn below_the_library(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    [
        "platform::",
        "crate::deploy",
        "crate::testing",
        "crate::stream::turn",
        "crate::api::schema",
        ".transport()",
        ".api()",
        "fresh_api()",
        "quiet_api()",
        "api_for(",
    ]
    .iter()
    .any(|t| code.contains(t))
}

#[test]
fn the_check_for_reaching_under_the_library_finds_one() {
    assert!(below_the_library("    let api = ctx.api()?;"));
    assert!(below_the_library(
        "use crate::platform::threads::{self, Opening};"
    ));
    assert!(below_the_library(
        "let (api, pid) = (project.transport(), project.id());"
    ));
    assert!(!below_the_library(
        "    let project = ctx.client()?.project(pid);"
    ));
    assert!(!below_the_library(
        "/// `platform::threads::resolve` in a comment"
    ));
}

/// The front-ends reach the platform through the library (`epsimo::Client`), as
/// any user of the library would: no line of `commands/` or `mcp/` goes under it
/// (call `ctx.client()` and the library's resources, adding to the library what
/// it lacks; a type or rule of a layer under it is named by the library's door,
/// `crate::sdk`, when a crate-visible method of the client takes or answers it).
/// No front-end takes the transport: commands and tools hold a `Client`.
#[test]
fn front_ends_reach_the_platform_through_the_library() {
    // Measured while the rule came in (issue 29): 151 such lines before the MCP
    // server's tools, the resource commands, the deploy, the runs, `chat` and `ui`
    // went through `epsimo::Client`; 58 after; 8 once the test runner, public
    // access, confirmed deletes, the views, `auth`'s logins, `epsimo api`'s raw
    // requests and the deploy lock (machine-local, now with the configuration)
    // followed; none once the platform's data rules and the schema cache's types
    // were named by the library's door.
    let mut found: Vec<String> = Vec::new();
    for (rel, code) in layer_files(&["commands/", "mcp/"]) {
        // The commands' in-process tests (a test module in a file of its own).
        if rel == "commands/tests.rs" {
            continue;
        }
        for (i, line) in code.lines().enumerate() {
            if below_the_library(line) {
                found.push(format!("{rel}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "these lines go under the library: go through `ctx.client()` (and add to the library what it lacks)\n{}",
        found.join("\n")
    );
    // No front-end takes the transport: the commands hold `ctx.client()`, the MCP
    // server's tools a `Client`, so nothing goes around the library. (The commands'
    // in-process tests check how the context shares one transport.)
    for (rel, code) in layer_files(&["commands/", "mcp/"]) {
        if rel != "commands/tests.rs" {
            for handle in [
                ".transport()",
                ".api()",
                "fresh_api()",
                "quiet_api()",
                "api_for(",
            ] {
                assert!(
                    !code.contains(handle),
                    "{rel} takes the transport ({handle})"
                );
            }
        }
    }
}
