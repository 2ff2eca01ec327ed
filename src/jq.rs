//! `--jq EXPR`: jq filters evaluated in-process with jaq, so no `jq` binary is needed.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;
use serde_json::Value;

use crate::error::{CliError, Result};

/// Runs `filter` on `input` and returns every output value.
pub fn run(filter: &str, input: &Value) -> Result<Vec<Value>> {
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let program = File {
        code: filter,
        path: (),
    };
    let bad = |what: String| {
        CliError::usage(format!("invalid --jq expression {filter:?}: {what}"))
            .with_hint("see https://jqlang.org/manual/ for the jq language")
    };
    let modules = loader.load(&arena, program).map_err(|errs| {
        bad(format!(
            "{} in the filter",
            crate::util::count(errs.len(), "parse error", "parse errors")
        ))
    })?;
    let compiled = Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| {
            bad(format!(
                "{} in the filter",
                crate::util::count(errs.len(), "compile error", "compile errors")
            ))
        })?;
    let input = jaq_json::read::parse_single(input.to_string().as_bytes())
        .map_err(|e| CliError::failure(format!("cannot read JSON for --jq: {e}")))?;
    let ctx = Ctx::<data::JustLut<Val>>::new(&compiled.lut, Vars::new([]));
    let mut out = Vec::new();
    // A filter that recurses without end (`def f: 1 + f; f`) exhausts the stack:
    // that ends in one line and exit 1, not a raw abort.
    let _guard = OverflowGuard::install();
    for item in compiled.id.run((ctx, input)).map(unwrap_valr) {
        let v = item.map_err(|e| CliError::failure(format!("--jq failed: {e}")))?;
        let text = v.to_string();
        let json: Value = serde_json::from_str(&text).map_err(|e| {
            CliError::failure(format!("--jq produced a value that is not JSON: {e}"))
        })?;
        out.push(json);
    }
    Ok(out)
}

/// While it lives, a stack overflow (SIGSEGV on the guard page, handled on the
/// alternate signal stack Rust sets up) prints one line and exits 1.
struct OverflowGuard {
    old_segv: libc::sigaction,
    old_bus: libc::sigaction,
}

extern "C" fn on_overflow(_: libc::c_int) {
    const MSG: &[u8] =
        b"error: the --jq filter recursed too deeply (the stack ran out); check it for a recursion without end\n";
    // SAFETY: write(2) and _exit(2) are async-signal-safe; nothing else runs here.
    unsafe {
        libc::write(2, MSG.as_ptr().cast(), MSG.len());
        libc::_exit(crate::error::Exit::Failure.code());
    }
}

impl OverflowGuard {
    fn install() -> OverflowGuard {
        // SAFETY: sigaction(2) with a zeroed struct, a valid handler and SA_ONSTACK;
        // the previous actions are kept and put back on drop.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_overflow as *const () as usize;
            action.sa_flags = libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            let mut old_segv: libc::sigaction = std::mem::zeroed();
            let mut old_bus: libc::sigaction = std::mem::zeroed();
            libc::sigaction(libc::SIGSEGV, &action, &mut old_segv);
            libc::sigaction(libc::SIGBUS, &action, &mut old_bus);
            OverflowGuard { old_segv, old_bus }
        }
    }
}

impl Drop for OverflowGuard {
    fn drop(&mut self) {
        // SAFETY: puts back the actions saved at install.
        unsafe {
            libc::sigaction(libc::SIGSEGV, &self.old_segv, std::ptr::null_mut());
            libc::sigaction(libc::SIGBUS, &self.old_bus, std::ptr::null_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_values() {
        let input = json!([{"id": "a", "n": 1}, {"id": "b", "n": 2}]);
        assert_eq!(run(".[].id", &input).unwrap(), vec![json!("a"), json!("b")]);
        assert_eq!(
            run("map(select(.n > 1)) | length", &input).unwrap(),
            vec![json!(1)]
        );
        assert_eq!(run(".[0]", &input).unwrap(), vec![json!({"id":"a","n":1})]);
    }

    #[test]
    fn bad_filters_are_usage_errors() {
        let e = run(".[", &json!(1)).unwrap_err();
        assert_eq!(e.exit, crate::error::Exit::Usage);
        let e = run("error(\"boom\")", &json!(1)).unwrap_err();
        assert_eq!(e.exit, crate::error::Exit::Failure);
    }
}
