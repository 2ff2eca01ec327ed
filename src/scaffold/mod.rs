//! `epsimo create`: the Next.js app template, embedded in the binary so it works
//! offline and from any install location, and its renderer.

use std::path::{Path, PathBuf};

use crate::error::{CliError, Exit, Result};

/// Every file of the template: (path in the app, contents).
pub const FILES: &[(&str, &str)] = &[
    (
        "package.json",
        include_str!("../../templates/app/package.json"),
    ),
    (
        "tsconfig.json",
        include_str!("../../templates/app/tsconfig.json"),
    ),
    (
        "next.config.mjs",
        include_str!("../../templates/app/next.config.mjs"),
    ),
    (".gitignore", include_str!("../../templates/app/_gitignore")),
    (
        ".env.example",
        include_str!("../../templates/app/_env.example"),
    ),
    ("README.md", include_str!("../../templates/app/README.md")),
    (
        "epsimo.yaml",
        include_str!("../../templates/app/epsimo.yaml"),
    ),
    (
        "src/app/layout.tsx",
        include_str!("../../templates/app/src/app/layout.tsx"),
    ),
    (
        "src/app/page.tsx",
        include_str!("../../templates/app/src/app/page.tsx"),
    ),
    (
        "src/app/globals.css",
        include_str!("../../templates/app/src/app/globals.css"),
    ),
    (
        "src/app/icon.svg",
        include_str!("../../templates/app/src/app/icon.svg"),
    ),
    (
        "src/lib/epsimo.ts",
        include_str!("../../templates/app/src/lib/epsimo.ts"),
    ),
    (
        "src/hooks/epsimo/useChat.ts",
        include_str!("../../templates/app/src/hooks/epsimo/useChat.ts"),
    ),
    (
        "src/hooks/epsimo/index.ts",
        include_str!("../../templates/app/src/hooks/epsimo/index.ts"),
    ),
    (
        "src/components/epsimo/ThreadChat.tsx",
        include_str!("../../templates/app/src/components/epsimo/ThreadChat.tsx"),
    ),
    (
        "src/components/epsimo/DatabasePanel.tsx",
        include_str!("../../templates/app/src/components/epsimo/DatabasePanel.tsx"),
    ),
    (
        "src/components/epsimo/SignIn.tsx",
        include_str!("../../templates/app/src/components/epsimo/SignIn.tsx"),
    ),
    (
        "src/components/epsimo/ThreadList.tsx",
        include_str!("../../templates/app/src/components/epsimo/ThreadList.tsx"),
    ),
    (
        "src/components/epsimo/index.ts",
        include_str!("../../templates/app/src/components/epsimo/index.ts"),
    ),
];

/// A valid npm package name from a display name: ASCII (transliterated), lower
/// case, words joined by `-`, at most 214 characters.
pub fn slug(name: &str) -> String {
    let mut s = crate::util::join_words(name, '-');
    s.truncate(214);
    let s = s.trim_matches('-').to_string();
    if s.is_empty() || s == "node-modules" {
        "epsimo-app".to_string()
    } else {
        s
    }
}

/// The name as plain text on one line, without control characters.
fn name_text(name: &str) -> String {
    crate::util::sanitize(name)
        .replace(['\n', '\t'], " ")
        .trim()
        .to_string()
}

/// Fills the placeholders of one template file.
pub fn render(template: &str, name: &str) -> String {
    let text = name_text(name);
    let quoted = serde_json::to_string(&text).unwrap_or_else(|_| "\"app\"".into());
    let js = quoted[1..quoted.len() - 1].to_string();
    template
        .replace("{{slug}}", &slug(name))
        .replace("{{name_yaml}}", &quoted)
        .replace("{{name_js}}", &js)
        .replace("{{name_text}}", &text)
}

/// `.env.local` for a new app: the API the CLI talks to, ids filled by `deploy`.
pub fn env_local(api_url: &str) -> String {
    format!(
        "NEXT_PUBLIC_EPSIMO_API_URL={api_url}\nNEXT_PUBLIC_EPSIMO_PROJECT_ID=\nNEXT_PUBLIC_EPSIMO_ASSISTANT_ID=\n"
    )
}

/// What went wrong while moving the app in, and what was undone.
fn write_error(dir: &Path, e: impl std::fmt::Display, left: &[PathBuf]) -> CliError {
    let err = CliError::new(
        Exit::Failure,
        format!("cannot write the app into {}: {e}", dir.display()),
    );
    if left.is_empty() {
        err.with_hint("nothing was changed: every file that was there is as it was; check the permissions and free space, then try again")
    } else {
        let list: Vec<String> = left.iter().map(|p| p.display().to_string()).collect();
        err.with_hint(format!(
            "these could not be put back as they were: {}",
            list.join(", ")
        ))
    }
}

/// The path components of `rel` below `dir` that exist, checked before anything is
/// written: none may be a symlink (a planted link would send the write elsewhere),
/// a file may not stand where a directory belongs, nor a directory where a file does.
fn preflight(dir: &Path, rel: &str) -> std::io::Result<()> {
    let mut at = dir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let Ok(meta) = at.symlink_metadata() else {
            return Ok(()); // missing: created later
        };
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Err(std::io::Error::other(format!(
                "{} is a symbolic link; epsimo does not write through links",
                at.display()
            )));
        }
        if !last && !meta.is_dir() {
            return Err(std::io::Error::other(format!(
                "{} is a file where the app needs a directory",
                at.display()
            )));
        }
        if last && meta.is_dir() {
            return Err(std::io::Error::other(format!(
                "{} is a directory where the app needs a file",
                at.display()
            )));
        }
    }
    Ok(())
}

/// Writes the app into `dir`. Refuses a non-empty directory unless `force`.
///
/// Nothing that was there is lost: every target is checked first (no symlinks, no
/// file where a directory belongs); the app is written into a staging directory
/// inside `dir`; each file it replaces is moved aside, then the new one moved in;
/// on any failure everything is put back as it was, and the error says exactly what
/// could not be.
pub fn write_app(dir: &Path, name: &str, api_url: &str, force: bool) -> Result<Vec<PathBuf>> {
    write_app_failing(dir, name, api_url, force, None)
}

/// [`write_app`], failing on purpose before moving in file number `fail_at` (tests
/// of the rollback; a full disk cannot be made on demand).
fn write_app_failing(
    dir: &Path,
    name: &str,
    api_url: &str,
    force: bool,
    fail_at: Option<usize>,
) -> Result<Vec<PathBuf>> {
    let existed = dir.symlink_metadata().is_ok();
    if existed {
        if dir
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(CliError::usage(format!(
                "{} is a symbolic link; epsimo does not write through links",
                dir.display()
            ))
            .with_hint("pass --dir with the real directory"));
        }
        if !dir.is_dir() {
            return Err(CliError::usage(format!(
                "{} exists and is not a directory",
                dir.display()
            )));
        }
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| CliError::failure(format!("cannot read {}: {e}", dir.display())))?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(CliError::usage(format!("{} is not empty", dir.display()))
                .with_hint("choose another name or --dir, or pass --force to write into it"));
        }
    }
    let mut files: Vec<(String, String)> = FILES
        .iter()
        .map(|(p, t)| (p.to_string(), render(t, name)))
        .collect();
    files.push((".env.local".into(), env_local(api_url)));
    for (rel, _) in &files {
        preflight(dir, rel).map_err(|e| write_error(dir, e, &[]))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e, &[]))?;
    let undo_dir = || {
        if !existed {
            let _ = std::fs::remove_dir_all(dir);
        }
    };
    // Staged inside `dir`: the same filesystem, so moving in is a rename.
    let staging = match tempfile::Builder::new()
        .prefix(".epsimo-create-")
        .tempdir_in(dir)
    {
        Ok(s) => s,
        Err(e) => {
            undo_dir();
            return Err(write_error(dir, e, &[]));
        }
    };
    let stage = || -> std::io::Result<()> {
        for (i, (_, contents)) in files.iter().enumerate() {
            let path = staging.path().join(format!("{i}"));
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            std::io::Write::write_all(&mut f, contents.as_bytes())?;
        }
        std::fs::create_dir(staging.path().join("replaced"))
    };
    if let Err(e) = stage() {
        drop(staging);
        undo_dir();
        return Err(write_error(dir, e, &[]));
    }
    // Moving in, with a journal of what to undo.
    let mut moved_in: Vec<PathBuf> = Vec::new();
    let mut replaced: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut install = || -> std::io::Result<()> {
        for (i, (rel, _)) in files.iter().enumerate() {
            if fail_at == Some(i) {
                return Err(std::io::Error::other("injected failure"));
            }
            let target = dir.join(rel);
            if let Some(parent) = target.parent() {
                let mut missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|d| d.symlink_metadata().is_err())
                    .map(Path::to_path_buf)
                    .collect();
                missing.reverse();
                for d in missing {
                    std::fs::create_dir(&d)?;
                    made_dirs.push(d);
                }
            }
            if target.symlink_metadata().is_ok() {
                let aside = staging.path().join("replaced").join(format!("{i}"));
                std::fs::rename(&target, &aside)?;
                replaced.push((target.clone(), aside));
            }
            std::fs::rename(staging.path().join(format!("{i}")), &target)?;
            moved_in.push(target);
        }
        Ok(())
    };
    if let Err(e) = install() {
        let mut left = Vec::new();
        for p in moved_in.iter().rev() {
            if std::fs::remove_file(p).is_err() {
                left.push(p.clone());
            }
        }
        for (target, aside) in replaced.iter().rev() {
            if std::fs::rename(aside, target).is_err() {
                left.push(target.clone());
            }
        }
        for d in made_dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
        drop(staging);
        if left.is_empty() {
            undo_dir();
        }
        return Err(write_error(dir, e, &left));
    }
    Ok(moved_in)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file added to `templates/app` but not to `FILES` would be missing from
    /// every app the binary creates: each file there is embedded, and the same.
    #[test]
    fn every_template_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/app");
        let mut stack = vec![root.clone()];
        let mut seen = 0;
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let name = match rel.as_str() {
                    "_gitignore" => ".gitignore".to_string(),
                    "_env.example" => ".env.example".to_string(),
                    r => r.to_string(),
                };
                let embedded = FILES.iter().find(|(n, _)| *n == name);
                let (_, text) = embedded.unwrap_or_else(|| panic!("{rel} is not in FILES"));
                assert_eq!(*text, std::fs::read_to_string(&p).unwrap(), "{rel}");
                seen += 1;
            }
        }
        assert_eq!(seen, FILES.len());
    }

    #[test]
    fn slugs_are_npm_names() {
        assert_eq!(slug("My AI App"), "my-ai-app");
        assert_eq!(slug("  Café Déjà-Vu!! "), "cafe-deja-vu");
        assert_eq!(slug("日本語 bot"), "ri-ben-yu-bot");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("$(rm -rf ~); `x`"), "rm-rf-x");
        assert_eq!(slug("!!!"), "epsimo-app");
        assert_eq!(slug(""), "epsimo-app");
        assert!(slug(&"a".repeat(500)).len() <= 214);
        let re = |s: &str| {
            s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        for n in ["Ünïcödé", "a_b.c", "Q&A Bot 2.0", "🚀 rocket"] {
            let s = slug(n);
            assert!(
                re(&s) && !s.starts_with('-') && !s.ends_with('-'),
                "{n} -> {s}"
            );
        }
    }

    #[test]
    fn names_are_escaped_for_each_file_kind() {
        let name = "Bob's \"AI\" </script> app";
        let pkg = render(FILES[0].1, name);
        let v: serde_json::Value = serde_json::from_str(&pkg).unwrap();
        assert_eq!(v["name"], "bob-s-ai-script-app");
        let yaml = render(FILES[6].1, name);
        let m = crate::config::manifest::Manifest::parse(Path::new("epsimo.yaml"), &yaml).unwrap();
        assert_eq!(m.name.as_deref(), Some(name));
        let (resolved, _) = m.resolve(&crate::contract::Catalog::upstream());
        assert_eq!(
            resolved[0].tools.as_ref().unwrap()[0]["name"],
            "update_database"
        );
        let layout = render(FILES[7].1, name);
        assert!(
            layout.contains(r#"title: "Bob's \"AI\" </script> app""#),
            "{layout}"
        );
    }

    #[test]
    fn writes_refuses_and_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("app");
        let files = write_app(&dir, "App", "http://127.0.0.1:8787", false).unwrap();
        assert_eq!(files.len(), FILES.len() + 1);
        assert!(dir.join("src/components/epsimo/ThreadChat.tsx").is_file());
        assert!(
            std::fs::read_to_string(dir.join(".env.local"))
                .unwrap()
                .contains("127.0.0.1:8787")
        );
        let e = write_app(&dir, "App", "u", false).unwrap_err();
        assert_eq!(e.exit, Exit::Usage);
        write_app(&dir, "App", "u", true).unwrap();
        // A failure midway: a file where a directory must go.
        let broken = tmp.path().join("broken");
        std::fs::create_dir_all(&broken).unwrap();
        std::fs::write(broken.join("src"), "in the way").unwrap();
        assert!(write_app(&broken, "App", "u", true).is_err());
        let left: Vec<_> = std::fs::read_dir(&broken)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["src"], "only what was there before");
    }

    /// Every file below `dir` with its bytes.
    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.symlink_metadata().unwrap().is_dir() {
                    stack.push(p);
                } else {
                    out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_failure_half_way_puts_back_every_file_that_was_there() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("app");
        std::fs::create_dir_all(dir.join("src/app")).unwrap();
        std::fs::write(dir.join("package.json"), "{\"name\": \"mine\"}").unwrap();
        std::fs::write(dir.join("src/app/page.tsx"), "my page").unwrap();
        std::fs::write(dir.join("notes.txt"), "keep").unwrap();
        let before = snapshot(&dir);
        for fail_at in [1, 4, FILES.len()] {
            let e = write_app_failing(&dir, "App", "u", true, Some(fail_at)).unwrap_err();
            assert!(e.hint.unwrap().starts_with("nothing was changed"));
            assert_eq!(snapshot(&dir), before, "fail at {fail_at}: byte for byte");
        }
        // Without a failure the scaffold replaces its own files, keeps the others.
        write_app(&dir, "App", "u", true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "keep"
        );
        assert_ne!(
            std::fs::read_to_string(dir.join("package.json")).unwrap(),
            "{\"name\": \"mine\"}"
        );
        let staged: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".epsimo-create")
            })
            .collect();
        assert!(staged.is_empty(), "no staging left behind");
    }

    #[test]
    fn links_in_the_target_are_refused_before_anything_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let dir = tmp.path().join("app");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("package.json"), "mine").unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("src")).unwrap();
        let e = write_app(&dir, "App", "u", true).unwrap_err();
        assert!(e.message.contains("symbolic link"), "{}", e.message);
        assert_eq!(
            std::fs::read_dir(&outside).unwrap().count(),
            0,
            "nothing written through the link"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("package.json")).unwrap(),
            "mine"
        );
        // A link as the directory itself.
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(write_app(&link, "App", "u", true).is_err());
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    }
}
