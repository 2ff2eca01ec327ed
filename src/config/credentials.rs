//! The credentials store: `credentials.json` in the config dir, holding named profiles.
//!
//! The directory is created 0700 and the file 0600 from the first byte (never chmod-ed
//! after the fact). Every write goes to a temp file in the same directory that is then
//! renamed over the old one, and read-modify-write cycles hold an advisory lock on a
//! sibling lock file, so concurrent invocations never tear the file or lose each
//! other's updates. A store path that is a symlink is refused.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use super::keychain::CachedToken;

/// A login the server answered: what a profile stores.
#[derive(Debug, Clone)]
pub struct LoginResult {
    pub token: String,
    pub expires_at: Option<i64>,
    /// The account's main assistant and thread, as the platform's login answers
    /// them (`main_agent_id`, `main_thread_id`); absent elsewhere.
    pub main_agent_id: Option<String>,
    pub main_thread_id: Option<String>,
}
use super::keychain::{Keychain, Secrets, Storage};
use crate::error::{CliError, Exit, Result};

pub const FILE_NAME: &str = "credentials.json";
const LOCK_NAME: &str = "credentials.lock";
pub const DEFAULT_PROFILE: &str = "default";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Store {
    #[serde(default = "version_one")]
    pub version: u32,
    /// The profile commands use when neither `--profile` nor `EPSIMO_PROFILE` names
    /// one (`auth switch`, or the last `auth login`); absent means `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

fn version_one() -> u32 {
    1
}

impl Default for Store {
    fn default() -> Self {
        Store {
            version: version_one(),
            active: None,
            profiles: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Where the token and the project tokens are kept: absent (the file) in what
    /// earlier versions wrote.
    #[serde(default, skip_serializing_if = "is_file")]
    pub storage: Storage,
    /// The user token (in the file only when `storage` is the file; [`CredentialsFile::profile`]
    /// fills it from the keychain otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Unix seconds at which the user token expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_expires_at: Option<i64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub project_tokens: BTreeMap<String, CachedToken>,
    /// The account's main assistant and thread, as its last login answered them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_thread_id: Option<String>,
}

fn is_file(s: &Storage) -> bool {
    *s == Storage::File
}

impl Store {
    /// The active profile's name: `active`, else `default`.
    pub fn active_name(&self) -> String {
        self.active
            .clone()
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| DEFAULT_PROFILE.to_string())
    }
}

/// Removes the temp files this process left in `dir` (a write cut short by SIGHUP):
/// they hold a token.
pub fn remove_own_temp_files(dir: &Path) {
    let mine = format!(".{FILE_NAME}.{}.", std::process::id());
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&mine) && name.ends_with(".tmp") {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// What reading the file found.
enum Read {
    Store(Store),
    Damaged(String),
}

/// The store on disk at one directory.
#[derive(Debug, Clone)]
pub struct CredentialsFile {
    dir: PathBuf,
}

impl CredentialsFile {
    pub fn new(dir: PathBuf) -> Self {
        CredentialsFile { dir }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Reads the store; a missing file is an empty store.
    pub fn load(&self) -> Result<Store> {
        match self.read()? {
            Read::Store(s) => Ok(s),
            Read::Damaged(why) => {
                Err(CliError::new(Exit::Failure, why)
                    .remedy(crate::error::Remedy::RewriteCredentials))
            }
        }
    }

    /// The store, or why the file is damaged (a typed answer, not a message to match).
    fn read(&self) -> Result<Read> {
        let path = self.path();
        refuse_symlink(&path)?;
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Read::Store(Store::default()));
            }
            Err(e) => {
                return Err(CliError::failure(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        };
        Ok(match serde_json::from_slice(&bytes) {
            Ok(s) => Read::Store(s),
            Err(e) => Read::Damaged(format!(
                "the credentials file {} is damaged: {e}",
                path.display()
            )),
        })
    }

    /// Loads, changes and saves the store under the lock. A damaged file is replaced
    /// by an empty store, so logging in again repairs it.
    pub fn update<T>(&self, change: impl FnOnce(&mut Store) -> T) -> Result<T> {
        self.ensure_dir()?;
        let _lock = self.lock()?;
        let mut store = match self.read()? {
            Read::Store(s) => s,
            Read::Damaged(_) => Store::default(),
        };
        let out = change(&mut store);
        self.write(&store)?;
        Ok(out)
    }

    /// The keychain items of this directory's profiles.
    pub fn keychain(&self) -> Keychain {
        Keychain::for_dir(&self.dir)
    }

    /// One profile with its secrets wherever they are kept (the keychain is read
    /// only for a profile that keeps them there). `None` when there is no such profile.
    pub fn profile(&self, name: &str) -> Result<Option<Profile>> {
        let store = self.load()?;
        let Some(mut p) = store.profiles.get(name).cloned() else {
            return Ok(None);
        };
        if p.storage == Storage::Keyring {
            let secrets = self
                .keychain()
                .get(name)
                .map_err(|why| keychain_error(name, "read", &why))?;
            p.token = secrets.token;
            p.project_tokens = secrets.project_tokens;
        }
        Ok(Some(p))
    }

    /// Changes one profile (created when missing) under the lock, secrets included:
    /// `change` sees the token wherever it is kept, and what it leaves is written
    /// where the profile's `storage` says. Changing `storage` moves the secrets (the
    /// old place is emptied), so a token is never kept in two places.
    /// Stores a login in the profile `name`, for the API at `api_url`, dropping the
    /// project tokens of the old one. `storage` is where its secrets go; `None`
    /// keeps the profile's (the file for a new one).
    pub fn save_login(
        &self,
        name: &str,
        api_url: &str,
        email: &str,
        login: &LoginResult,
        storage: Option<Storage>,
    ) -> Result<()> {
        self.update_profile(name, |p| {
            if let Some(s) = storage {
                p.storage = s;
            }
            p.api_url = Some(api_url.to_string());
            p.email = Some(email.to_string());
            p.token = Some(login.token.clone());
            p.token_expires_at = login.expires_at;
            p.main_agent_id = login.main_agent_id.clone();
            p.main_thread_id = login.main_thread_id.clone();
            p.project_tokens.clear();
        })
    }

    pub fn update_profile<T>(
        &self,
        name: &str,
        change: impl FnOnce(&mut Profile) -> T,
    ) -> Result<T> {
        self.ensure_dir()?;
        let _lock = self.lock()?;
        let mut store = match self.read()? {
            Read::Store(s) => s,
            Read::Damaged(_) => Store::default(),
        };
        let mut p = store.profiles.get(name).cloned().unwrap_or_default();
        let before = p.storage;
        let keychain = self.keychain();
        if before == Storage::Keyring {
            let secrets = keychain
                .get(name)
                .map_err(|why| keychain_error(name, "read", &why))?;
            p.token = secrets.token;
            p.project_tokens = secrets.project_tokens;
        }
        let out = change(&mut p);
        if p.storage == Storage::Keyring {
            let secrets = Secrets {
                token: p.token.take(),
                project_tokens: std::mem::take(&mut p.project_tokens),
            };
            keychain
                .set(name, &secrets)
                .map_err(|why| keychain_error(name, "write", &why))?;
        }
        store.profiles.insert(name.to_string(), p);
        self.write(&store)?;
        if before == Storage::Keyring && store.profiles[name].storage != Storage::Keyring {
            // Moved to the file (or removed): the keychain's copy goes.
            keychain
                .delete(name)
                .map_err(|why| keychain_error(name, "remove", &why))?;
        }
        Ok(out)
    }

    /// Removes a profile and its keychain item.
    pub fn remove_profile(&self, name: &str) -> Result<bool> {
        let removed = self.update(|s| {
            let p = s.profiles.remove(name);
            if s.active.as_deref() == Some(name) {
                s.active = None;
            }
            p
        })?;
        if let Some(p) = &removed
            && p.storage == Storage::Keyring
        {
            self.keychain()
                .delete(name)
                .map_err(|why| keychain_error(name, "remove", &why))?;
        }
        Ok(removed.is_some())
    }

    fn ensure_dir(&self) -> Result<()> {
        refuse_symlink(&self.dir)?;
        if self.dir.is_dir() {
            return Ok(());
        }
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&self.dir).map_err(|e| {
            CliError::failure(format!("cannot create {}: {e}", self.dir.display()))
                .remedy(crate::error::Remedy::WritableConfigDir)
        })
    }

    fn lock(&self) -> Result<fs::File> {
        let path = self.dir.join(LOCK_NAME);
        refuse_symlink(&path)?;
        let file = open_private(&path, false)
            .map_err(|e| CliError::failure(format!("cannot open {}: {e}", path.display())))?;
        file.lock()
            .map_err(|e| CliError::failure(format!("cannot lock {}: {e}", path.display())))?;
        Ok(file)
    }

    fn write(&self, store: &Store) -> Result<()> {
        let path = self.path();
        refuse_symlink(&path)?;
        let tmp = self.dir.join(format!(
            ".{FILE_NAME}.{}.{}.tmp",
            std::process::id(),
            rand::random::<u32>()
        ));
        let result = (|| -> std::io::Result<()> {
            let mut file = open_private(&tmp, true)?;
            let mut bytes = serde_json::to_vec_pretty(store)?;
            bytes.push(b'\n');
            file.write_all(&bytes)?;
            file.sync_all()?;
            fs::rename(&tmp, &path)
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(&tmp);
            return Err(CliError::failure(format!(
                "cannot write {}: {e}",
                path.display()
            )));
        }
        Ok(())
    }
}

/// A keychain that did not do what was asked: exit 4, as a login that cannot be used.
fn keychain_error(profile: &str, what: &str, why: &str) -> CliError {
    CliError::new(
        Exit::Auth,
        format!(
            "cannot {what} the token of profile {profile} in the {}: {why}",
            Keychain::label()
        ),
    )
    .remedy(crate::error::Remedy::UnlockKeychain)
}

/// Opens a file that only its owner may read and write, with that mode from creation.
fn open_private(path: &Path, create_new: bool) -> std::io::Result<fs::File> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true).write(true);
    if create_new {
        opts.create_new(true);
    } else {
        opts.create(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

fn refuse_symlink(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(CliError::failure(format!(
            "refusing to use {}: it is a symbolic link",
            path.display()
        ))
        .remedy(crate::error::Remedy::ReplaceLink)),
        Ok(m) => refuse_foreign(path, &m),
        _ => Ok(()),
    }
}

/// A credentials file (or its directory) another user owns could have been planted
/// (a shared `EPSIMO_CONFIG_DIR`): its tokens and API URL are not used, as ssh does
/// not use a key file another user can write.
fn refuse_foreign(path: &Path, m: &fs::Metadata) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid(2) cannot fail.
        let me = unsafe { libc::geteuid() };
        if m.uid() != me {
            return Err(CliError::failure(format!(
                "refusing to use {}: it belongs to another user (uid {}), who could have written it",
                path.display(),
                m.uid()
            ))
            .remedy(crate::error::Remedy::OwnConfigDir));
        }
    }
    let _ = (path, m);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let file = CredentialsFile::new(tmp.path().join("cfg"));
        assert_eq!(file.load().unwrap(), Store::default());
        file.update(|s| {
            s.profiles.entry("default".into()).or_default().token = Some("t".into());
        })
        .unwrap();
        let store = file.load().unwrap();
        assert_eq!(store.profiles["default"].token.as_deref(), Some("t"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&file.path()), 0o600);
            assert_eq!(mode(file.dir()), 0o700);
        }
    }

    #[test]
    fn damaged_file_is_reported_then_repaired() {
        let tmp = tempfile::tempdir().unwrap();
        let file = CredentialsFile::new(tmp.path().to_path_buf());
        fs::write(file.path(), b"{\"profiles\": [").unwrap();
        let err = file.load().unwrap_err();
        assert!(err.message.contains("damaged"), "{}", err.message);
        assert_eq!(
            err.remedy.as_deref(),
            Some(&crate::error::Remedy::RewriteCredentials)
        );
        file.update(|s| s.profiles.insert("default".into(), Profile::default()))
            .unwrap();
        assert!(file.load().unwrap().profiles.contains_key("default"));
    }

    /// Another user's file could have been planted: refused. (Only root can give a
    /// file away; elsewhere the test has nothing to check and says so.)
    #[cfg(unix)]
    #[test]
    fn a_store_another_user_owns_is_refused() {
        // SAFETY: geteuid(2) cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED a_store_another_user_owns_is_refused: not root, cannot give a file to another user"
            );
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let file = CredentialsFile::new(tmp.path().to_path_buf());
        file.update(|s| s.profiles.insert("default".into(), Profile::default()))
            .unwrap();
        std::os::unix::fs::chown(file.path(), Some(65534), None).unwrap();
        let e = file.load().unwrap_err();
        assert!(
            e.message.contains("belongs to another user"),
            "{}",
            e.message
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_store_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("elsewhere.json");
        fs::write(&target, b"{}").unwrap();
        std::os::unix::fs::symlink(&target, tmp.path().join(FILE_NAME)).unwrap();
        let file = CredentialsFile::new(tmp.path().to_path_buf());
        assert!(file.load().unwrap_err().message.contains("symbolic link"));
        assert!(file.update(|_| ()).is_err());
    }
}
