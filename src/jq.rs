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
    let modules = loader
        .load(&arena, program)
        .map_err(|errs| bad(format!("{} parse error(s)", errs.len())))?;
    let compiled = Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| bad(format!("{} compile error(s)", errs.len())))?;
    let input = jaq_json::read::parse_single(input.to_string().as_bytes())
        .map_err(|e| CliError::failure(format!("cannot read JSON for --jq: {e}")))?;
    let ctx = Ctx::<data::JustLut<Val>>::new(&compiled.lut, Vars::new([]));
    let mut out = Vec::new();
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
