//! The one resolver of settings: the API URL, the profile and the project, each with
//! where it came from (a flag, a variable, `epsimo.yaml`, the stored profile, the
//! default), so `auth status`, warnings and `--verbose` can say it. The functions are
//! pure: callers pass what the flags, the environment and the files hold. An empty
//! value counts as unset everywhere.

use std::fmt;
use std::path::PathBuf;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag (`--api-url`).
    Flag(&'static str),
    /// An environment variable (`EPSIMO_API_URL`).
    Env(&'static str),
    /// The `project_id` of this `epsimo.yaml`.
    Manifest(PathBuf),
    /// What the stored profile holds.
    Profile,
    /// The built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(name) | Source::Env(name) => f.write_str(name),
            Source::Manifest(path) => write!(f, "{}", path.display()),
            Source::Profile => f.write_str("profile"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub value: String,
    pub source: Source,
}

impl Setting {
    /// True when the user named it on purpose for this run (a flag or a variable).
    pub fn given(&self) -> bool {
        matches!(self.source, Source::Flag(_) | Source::Env(_))
    }
}

/// The first candidate that holds a non-empty value.
pub fn first(candidates: impl IntoIterator<Item = (Option<String>, Source)>) -> Option<Setting> {
    candidates.into_iter().find_map(|(v, source)| {
        v.filter(|v| !v.trim().is_empty())
            .map(|value| Setting { value, source })
    })
}

/// `--profile` > `EPSIMO_PROFILE` > the active profile (`auth switch`) > `default`.
pub fn profile(flag: Option<String>, env: Option<String>, active: Option<String>) -> Setting {
    first([
        (flag, Source::Flag("--profile")),
        (env, Source::Env(crate::env::PROFILE)),
        (active, Source::Profile),
    ])
    .unwrap_or(Setting {
        value: super::credentials::DEFAULT_PROFILE.to_string(),
        source: Source::Default,
    })
}

/// The profile the emulator's logins go to when no profile is named.
pub const LOCAL_PROFILE: &str = "local";

/// Whether a URL names this machine (the emulator, a server under development).
pub fn is_local_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| crate::contract::rules::is_loopback(&u))
}

/// The profile a login goes to. A named profile (`--profile`, `EPSIMO_PROFILE`) is
/// that one. Otherwise the active profile, unless the URL given for this login is of
/// the other kind than the active profile's: a loopback URL then goes to `local`, a
/// remote one to `default`. So a login to the emulator never re-points the
/// platform's profile, and a login to the platform never lands in the emulator's.
pub fn login_profile(
    named: Option<String>,
    active: &str,
    active_url: Option<&str>,
    url_given: Option<&str>,
) -> String {
    if let Some(n) = named.filter(|n| !n.trim().is_empty()) {
        return n;
    }
    let Some(url) = url_given else {
        return active.to_string();
    };
    let active_is_local = active_url.is_some_and(is_local_url);
    match (is_local_url(url), active_is_local) {
        (a, b) if a == b => active.to_string(),
        (true, _) => LOCAL_PROFILE.to_string(),
        (false, _) => super::credentials::DEFAULT_PROFILE.to_string(),
    }
}

/// `--api-url` > `EPSIMO_API_URL` > the profile's stored URL > the default.
pub fn api_url(flag: Option<String>, env: Option<String>, stored: Option<String>) -> Setting {
    first([
        (flag, Source::Flag("--api-url")),
        (env, Source::Env(crate::env::API_URL)),
        (stored, Source::Profile),
    ])
    .unwrap_or(Setting {
        value: crate::contract::rules::DEFAULT_API_URL.to_string(),
        source: Source::Default,
    })
}

/// `--project-id` > `EPSIMO_PROJECT_ID` > `project_id` of the nearest `epsimo.yaml`.
pub fn project(
    flag: Option<String>,
    env: Option<String>,
    manifest: Option<(PathBuf, Option<String>)>,
) -> Option<Setting> {
    let (path, linked) = match manifest {
        Some((p, l)) => (Some(p), l),
        None => (None, None),
    };
    first([
        (flag, Source::Flag("--project-id")),
        (env, Source::Env(crate::env::PROJECT_ID)),
        (
            linked,
            Source::Manifest(path.unwrap_or_else(|| PathBuf::from(super::manifest::FILE_NAME))),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn a_login_goes_to_the_profile_of_its_kind_of_server() {
        let emu = Some("http://127.0.0.1:8787");
        let real = Some("https://backend.epsimoagents.com");
        // Named: always that one.
        assert_eq!(login_profile(s("ci"), "default", real, emu), "ci");
        // No URL given: the active profile (its URL is used).
        assert_eq!(login_profile(None, "local", emu, None), "local");
        assert_eq!(login_profile(None, "default", None, None), "default");
        // The emulator while the platform's profile (or none) is active: `local`.
        assert_eq!(login_profile(None, "default", None, emu), "local");
        assert_eq!(login_profile(None, "default", real, emu), "local");
        // The platform while `local` is active: `default`.
        assert_eq!(login_profile(None, "local", emu, real), "default");
        // Same kind: the active one.
        assert_eq!(login_profile(None, "work", real, real), "work");
        assert_eq!(
            login_profile(None, "local", emu, Some("http://localhost:9")),
            "local"
        );
    }

    #[test]
    fn flags_win_then_variables_then_files_then_defaults_and_empty_is_unset() {
        let u = api_url(s("https://a"), s("https://b"), s("https://c"));
        assert_eq!(
            (u.value.as_str(), u.source.to_string()),
            ("https://a", "--api-url".into())
        );
        let u = api_url(s(""), s("https://b"), s("https://c"));
        assert_eq!(u.source, Source::Env("EPSIMO_API_URL"));
        let u = api_url(None, None, s("https://c"));
        assert_eq!((u.value.as_str(), u.source), ("https://c", Source::Profile));
        let u = api_url(None, Some(" ".into()), None);
        assert_eq!(u.source, Source::Default);
        assert_eq!(profile(None, None, None).value, "default");
        assert_eq!(
            profile(None, s("ci"), s("local")).source,
            Source::Env("EPSIMO_PROFILE")
        );
        let active = profile(None, None, s("local"));
        assert_eq!(
            (active.value.as_str(), active.source),
            ("local", Source::Profile)
        );
        let m = Some((PathBuf::from("/app/epsimo.yaml"), s("p-yaml")));
        let p = project(None, None, m.clone()).unwrap();
        assert_eq!(p.value, "p-yaml");
        assert_eq!(p.source.to_string(), "/app/epsimo.yaml");
        assert!(!p.given());
        let p = project(None, s("p-env"), m.clone()).unwrap();
        assert!(p.given() && p.value == "p-env");
        // An empty project_id in the manifest is no project (the drift that was).
        assert_eq!(project(None, None, Some((PathBuf::from("e"), s("")))), None);
        assert_eq!(project(s(""), None, None), None);
    }
}
