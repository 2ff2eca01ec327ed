//! Names or ids, wherever an object is named: an argument that is an id (a UUID,
//! as the platform makes them) is used as it is; anything else is looked up by
//! name among the project's (or the user's) objects. A name two objects share is
//! an error listing both, never a guess.

use crate::contract::catalog::suggest;
use crate::error::{CliError, Exit, Remedy, Result};

/// An object by its id and name, for matching.
#[derive(Debug, Clone)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// Whether `arg` is an id the platform could have made (a UUID).
pub fn looks_like_id(arg: &str) -> bool {
    uuid::Uuid::try_parse(arg).is_ok()
}

/// "not a valid id", with the id `arg` most likely meant among `known`: the one id
/// it begins, else the one object of that name, else the nearest id.
pub fn not_an_id(kind: &str, arg: &str, known: &[Named]) -> CliError {
    let lower = arg.to_ascii_lowercase();
    let prefixed: Vec<&Named> = if lower.is_empty() {
        Vec::new()
    } else {
        known.iter().filter(|n| n.id.starts_with(&lower)).collect()
    };
    let named: Vec<&Named> = known.iter().filter(|n| n.name == arg).collect();
    // What was likely meant is data every front-end can show; how to list them
    // is each front-end's to say.
    let guess = match (prefixed.as_slice(), named.as_slice()) {
        ([one], _) => Some(format!(
            "did you mean {}? (the {kind} whose id begins {arg})",
            one.id
        )),
        ([], [one]) => Some(format!(
            "did you mean {}? (the {kind} named {arg:?})",
            one.id
        )),
        _ => match suggest(arg, known.iter().map(|n| n.id.as_str())) {
            Some(id) => Some(format!("did you mean {id}?")),
            None if prefixed.len() > 1 => Some(format!(
                "{} {kind}s' ids begin {arg}: {}",
                prefixed.len(),
                prefixed
                    .iter()
                    .map(|n| n.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => None,
        },
    };
    CliError::new(
        Exit::Invalid,
        format!(
            "{arg:?} is not a valid id: {kind} ids are UUIDs (8-4-4-4-12 hex digits); nothing was sent"
        ),
    )
    .remedy(Remedy::WholeId {
        kind: kind.to_string(),
        guess,
    })
}

/// The id `arg` names among `items` (`kind` is "project", "assistant", ...): the
/// one object of that name, or `None` when none has it (the caller then tries it
/// as an id). Several objects of that name: exit 5, listing them with their ids.
pub fn by_name(kind: &str, arg: &str, items: &[Named]) -> Result<Option<String>> {
    let matches: Vec<&Named> = items.iter().filter(|n| n.name == arg).collect();
    match matches.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.id.clone())),
        many => Err(CliError::new(
            Exit::Invalid,
            format!("{} {kind}s are named {arg:?}", many.len()),
        )
        .with_hint(format!(
            "name it by id: {}",
            many.iter()
                .map(|n| n.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The error for a name nothing has (not found: exit 3, as a missing id is), with
/// the closest name if one is close.
pub fn not_found(kind: &str, arg: &str, items: &[Named]) -> CliError {
    let hint = match suggest(arg, items.iter().map(|n| n.name.as_str())) {
        Some(s) => format!("did you mean {s:?}?"),
        None if items.is_empty() => format!("there is no {kind} yet"),
        None => format!(
            "the {kind}s: {}",
            items
                .iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    CliError::new(Exit::NotFound, format!("no {kind} named {arg:?}")).remedy(Remedy::NoSuchName {
        kind: kind.to_string(),
        guess: hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the error says was likely meant.
    fn guess(e: &CliError) -> String {
        match e.remedy.as_deref() {
            Some(Remedy::WholeId { guess: Some(g), .. }) => g.clone(),
            Some(Remedy::NoSuchName { guess, .. }) => guess.clone(),
            other => panic!("no guess: {other:?}"),
        }
    }

    fn items() -> Vec<Named> {
        [("a1", "Support Bot"), ("a2", "Keeper"), ("a3", "Keeper")]
            .iter()
            .map(|(i, n)| Named {
                id: i.to_string(),
                name: n.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_name_finds_its_one_object_and_a_shared_name_is_refused() {
        assert_eq!(
            by_name("project", "Support Bot", &items()).unwrap(),
            Some("a1".into())
        );
        assert_eq!(by_name("project", "Nobody", &items()).unwrap(), None);
        let e = by_name("assistant", "Keeper", &items()).unwrap_err();
        assert_eq!(e.exit, Exit::Invalid);
        assert!(e.hint.unwrap().contains("a2, a3"));
        let e = not_found("assistant", "Suport Bot", &items());
        assert_eq!(e.exit, Exit::NotFound);
        assert!(guess(&e).contains("Support Bot"));
        assert!(looks_like_id("9b0c6f0e-1d2a-4c1e-9f3b-2a6d8e7c5b41"));
        let threads = [
            Named {
                id: "9b0c6f0e-1d2a-4c1e-9f3b-2a6d8e7c5b41".into(),
                name: "Support".into(),
            },
            Named {
                id: "9b1d0000-1d2a-4c1e-9f3b-2a6d8e7c5b42".into(),
                name: "Other".into(),
            },
        ];
        let e = not_an_id("thread", "9b0c6f0e", &threads);
        assert_eq!(e.exit, Exit::Invalid);
        assert!(e.message.contains("not a valid id"), "{}", e.message);
        assert!(guess(&e).contains("9b0c6f0e-1d2a-4c1e-9f3b-2a6d8e7c5b41"));
        let e = not_an_id("thread", "Other", &threads);
        assert!(guess(&e).contains("9b1d0000-"), "{}", guess(&e));
        let e = not_an_id("thread", "9b", &threads);
        assert!(
            guess(&e).contains("2 threads' ids begin 9b"),
            "{}",
            guess(&e)
        );
        // Nothing close: no guess, each front-end says how to list them.
        let e = not_an_id("thread", "zz", &threads);
        assert_eq!(
            e.remedy.as_deref(),
            Some(&Remedy::WholeId {
                kind: "thread".into(),
                guess: None
            })
        );
        assert!(!looks_like_id("Support Bot"));
    }
}
