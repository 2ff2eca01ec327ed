//! The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service
//! on Linux) through the `keyring` crate, for the secrets of a profile: its user
//! token and cached project tokens. Everything else about a profile stays in
//! `credentials.json`.
//!
//! Every call runs on its own thread with a deadline: a keychain that does not
//! answer (a Secret Service with no D-Bus, a locked keyring waiting on a prompt)
//! costs at most [`TIMEOUT`], never a hang.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

/// A token kept with its expiry (a project's, in a profile's cache).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CachedToken {
    pub token: String,
    /// Unix seconds at which the token expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

/// The account a probe looks up (and never finds): no profile is called this, as
/// profile names are what a user types and this one has parentheses.
const PROBE_ACCOUNT: &str = "(epsimo probe)";

/// How long one keychain call may take.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// Where a profile's secrets are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Storage {
    /// In `credentials.json` (0600).
    #[default]
    File,
    /// In the OS keychain.
    Keyring,
}

impl Storage {
    pub fn name(self) -> &'static str {
        match self {
            Storage::File => "file",
            Storage::Keyring => "keyring",
        }
    }
}

/// What the user asked for: `EPSIMO_AUTH_STORAGE` or `auth login --storage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Wanted {
    // The keychain when it answers, else the file (with a warning).
    Auto,
    // The keychain or nothing (exit 4).
    Keyring,
    // The file; the keychain is never touched.
    File,
}

impl Wanted {
    /// Parses `EPSIMO_AUTH_STORAGE`; `None` for a value that is none of the three.
    pub fn parse(s: &str) -> Option<Wanted> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Some(Wanted::Auto),
            "keyring" | "keychain" => Some(Wanted::Keyring),
            "file" => Some(Wanted::File),
            _ => None,
        }
    }
}

/// The secrets of one profile, as one keychain item (JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Secrets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub project_tokens: BTreeMap<String, CachedToken>,
}

/// The keychain items of one config directory: the service is `epsimo` for the usual
/// directory and names the directory otherwise, so two config dirs (a test's, a
/// second install's) never share or overwrite each other's items. The account is the
/// profile's name.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    pub fn for_dir(dir: &Path) -> Keychain {
        let usual = dirs::config_dir().map(|d| d.join("epsimo"));
        let service = if usual.as_deref() == Some(dir) {
            "epsimo".to_string()
        } else {
            format!("epsimo {}", dir.display())
        };
        Keychain { service }
    }

    /// Whether the keychain answers: an error names why not.
    pub fn probe(&self) -> Result<(), String> {
        let service = self.service.clone();
        with_deadline(move || {
            let entry = keyring::Entry::new(&service, PROBE_ACCOUNT).map_err(describe)?;
            match entry.get_password() {
                Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(describe(e)),
            }
        })
    }

    /// The profile's secrets; none stored is the empty set.
    pub fn get(&self, profile: &str) -> Result<Secrets, String> {
        let (service, profile) = (self.service.clone(), profile.to_string());
        let text = with_deadline(move || {
            let entry = keyring::Entry::new(&service, &profile).map_err(describe)?;
            match entry.get_password() {
                Ok(t) => Ok(Some(t)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(describe(e)),
            }
        })?;
        match text {
            None => Ok(Secrets::default()),
            Some(t) => serde_json::from_str(&t)
                .map_err(|e| format!("the keychain item of this profile is not epsimo's: {e}")),
        }
    }

    /// Replaces the profile's secrets (an empty set deletes the item).
    pub fn set(&self, profile: &str, secrets: &Secrets) -> Result<(), String> {
        if secrets == &Secrets::default() {
            return self.delete(profile);
        }
        let text = serde_json::to_string(secrets).map_err(|e| e.to_string())?;
        let (service, profile) = (self.service.clone(), profile.to_string());
        with_deadline(move || {
            let entry = keyring::Entry::new(&service, &profile).map_err(describe)?;
            entry.set_password(&text).map_err(describe)
        })
    }

    /// Deletes the profile's item; none there is fine.
    pub fn delete(&self, profile: &str) -> Result<(), String> {
        let (service, profile) = (self.service.clone(), profile.to_string());
        with_deadline(move || {
            let entry = keyring::Entry::new(&service, &profile).map_err(describe)?;
            match entry.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(describe(e)),
            }
        })
    }

    /// The store's name for people: what `auth status` and `auth list` show.
    pub fn label() -> &'static str {
        if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(windows) {
            "Windows Credential Manager"
        } else {
            "Secret Service"
        }
    }
}

/// The keyring crate's error in one line, without its debug dump.
fn describe(e: keyring::Error) -> String {
    match e {
        keyring::Error::NoStorageAccess(inner) | keyring::Error::PlatformFailure(inner) => {
            inner.to_string()
        }
        keyring::Error::NoDefaultStore => "no keychain on this system".to_string(),
        other => other.to_string(),
    }
}

/// Runs `f` on its own thread and waits at most [`TIMEOUT`]. A call that overruns is
/// left to finish (or not) on its thread; the process does not wait for it.
fn with_deadline<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
        && cfg!(all(unix, not(target_os = "macos")))
        && std::env::var_os("XDG_RUNTIME_DIR").is_none()
    {
        // With no session bus to find, zbus has nothing to connect to: say so at
        // once rather than after the deadline.
        return Err("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)".to_string());
    }
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("epsimo-keychain".into())
        .spawn(move || {
            let _ = tx.send(f());
        });
    if let Err(e) = spawned {
        return Err(format!("cannot start the keychain thread: {e}"));
    }
    match rx.recv_timeout(TIMEOUT) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "the keychain did not answer within {} s",
            TIMEOUT.as_secs()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err("the keychain call ended without an answer".to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_names_parse() {
        assert_eq!(Wanted::parse("auto"), Some(Wanted::Auto));
        assert_eq!(Wanted::parse(" Keyring "), Some(Wanted::Keyring));
        assert_eq!(Wanted::parse("file"), Some(Wanted::File));
        assert_eq!(Wanted::parse("vault"), None);
        assert_eq!(
            serde_json::to_string(&Storage::Keyring).unwrap(),
            "\"keyring\""
        );
    }

    #[test]
    fn a_config_dir_of_its_own_has_a_service_of_its_own() {
        let a = Keychain::for_dir(Path::new("/tmp/a"));
        let b = Keychain::for_dir(Path::new("/tmp/b"));
        assert_ne!(a.service, b.service);
        if let Some(usual) = dirs::config_dir() {
            assert_eq!(Keychain::for_dir(&usual.join("epsimo")).service, "epsimo");
        }
    }
}
