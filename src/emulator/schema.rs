//! The emulator's `GET /runs/config_schema`: upstream OpenGPTs' schema (fixture 99),
//! with the model families the Epsimo platform runs beyond upstream's and the
//! contract's `function` tools. Runs are checked against the catalogue read from this
//! very document, as upstream checks them when a run builds its graph.

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::contract::Catalog;
use crate::contract::catalog::UPSTREAM_SCHEMA;

/// Families the platform runs that upstream OpenGPTs lacks.
pub const EXTRA_FAMILIES: &[&str] = &[
    "GPT 4o mini",
    "Claude 3.5 (Haiku)",
    "Claude 3.5 (Sonnet)",
    "Claude 3.7 (Sonnet)",
];

fn build() -> Value {
    let mut schema: Value = serde_json::from_str(UPSTREAM_SCHEMA).expect("embedded schema");
    let defs = schema["$defs"]
        .as_object_mut()
        .expect("the upstream schema has $defs");
    for family_enum in ["AgentType", "LLMType"] {
        if let Some(list) = defs
            .get_mut(family_enum)
            .and_then(|d| d.get_mut("enum"))
            .and_then(Value::as_array_mut)
        {
            list.extend(EXTRA_FAMILIES.iter().map(|f| json!(f)));
        }
    }
    defs.insert(
        "FunctionConfig".into(),
        json!({"properties": {"parameters": {"title": "Parameters", "type": "object"}},
               "title": "FunctionConfig", "type": "object"}),
    );
    defs.insert(
        "Function".into(),
        json!({
            "properties": {
                "type": {"const": "function", "default": "function", "enum": ["function"], "title": "Type", "type": "string"},
                "name": {"title": "Name", "type": "string"},
                "description": {"default": "", "title": "Description", "type": "string"},
                "config": {"$ref": "#/$defs/FunctionConfig"},
                "multi_use": {"default": false, "title": "Multi Use", "type": "boolean"}
            },
            "required": ["name"],
            "title": "Function",
            "type": "object"
        }),
    );
    if let Some(any_of) = schema
        .pointer_mut("/$defs/Configurable/properties/type==agent~1tools/items/anyOf")
        .and_then(Value::as_array_mut)
    {
        any_of.push(json!({"$ref": "#/$defs/Function"}));
    }
    schema
}

/// The schema the emulator publishes.
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(build)
}

/// What the emulator's runs accept: its own published schema, read.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::from_schema(schema()).expect("the emulator's schema reads"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_plus_the_platforms_families_and_functions() {
        let c = catalog();
        let up = Catalog::upstream();
        assert_eq!(c.bot_types, up.bot_types);
        for bot in ["agent", "chatbot", "chat_retrieval"] {
            let ours = &c.families(bot).unwrap().names;
            for f in &up.families(bot).unwrap().names {
                assert!(ours.contains(f), "{bot}: {f}");
            }
            assert!(ours.contains(&"GPT 4o mini".to_string()));
        }
        assert_eq!(c.tools.len(), up.tools.len());
        assert!(c.tool("function").is_some());
        assert_eq!(c.tool("dall_e"), up.tool("dall_e"));
    }
}
