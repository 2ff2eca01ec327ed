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
        "src/components/epsimo/index.ts",
        include_str!("../../templates/app/src/components/epsimo/index.ts"),
    ),
];

/// A valid npm package name from a display name: ASCII (transliterated), lower
/// case, words joined by `-`, at most 214 characters.
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut s = out.trim_matches('-').to_string();
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

/// Writes the app into `dir`. Refuses a non-empty directory unless `force`; on a
/// failure midway it removes what it wrote (and the directory, if it made it).
pub fn write_app(dir: &Path, name: &str, api_url: &str, force: bool) -> Result<Vec<PathBuf>> {
    let existed = dir.exists();
    if existed {
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
    let mut written: Vec<PathBuf> = Vec::new();
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let result = (|| -> std::io::Result<()> {
        let mut files: Vec<(String, String)> = FILES
            .iter()
            .map(|(p, t)| (p.to_string(), render(t, name)))
            .collect();
        files.push((".env.local".into(), env_local(api_url)));
        for (rel, contents) in files {
            let path = dir.join(&rel);
            if let Some(parent) = path.parent() {
                // Remember each directory this call creates, outermost first.
                let mut missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|d| !d.exists())
                    .map(Path::to_path_buf)
                    .collect();
                missing.reverse();
                std::fs::create_dir_all(parent)?;
                made_dirs.extend(missing);
            }
            std::fs::write(&path, contents)?;
            written.push(path);
        }
        Ok(())
    })();
    if let Err(e) = result {
        for f in written.iter().rev() {
            let _ = std::fs::remove_file(f);
        }
        for d in made_dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
        return Err(CliError::new(
            Exit::Failure,
            format!("cannot write the app into {}: {e}", dir.display()),
        )
        .with_hint(
            "nothing was left behind; check the permissions and free space, then try again",
        ));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let resolved = m.resolve(&crate::contract::Catalog::upstream()).unwrap();
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
}
