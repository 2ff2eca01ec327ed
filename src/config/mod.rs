//! Where `epsimo` keeps its state: the config directory and the credentials store.

pub mod credentials;
pub mod deploy_lock;
pub mod keychain;
pub mod manifest;
pub mod settings;

use std::path::PathBuf;

use crate::env;
use crate::error::{CliError, Exit, Result};

/// The directory holding `credentials.json`: `EPSIMO_CONFIG_DIR`, else the OS config
/// dir (`~/.config/epsimo` on Linux).
pub fn config_dir() -> Result<PathBuf> {
    if let Some(dir) = env::get(env::CONFIG_DIR) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir().map(|d| d.join("epsimo")).ok_or_else(|| {
        CliError::new(
            Exit::Failure,
            "cannot find a config directory for this user",
        )
        .remedy(crate::error::Remedy::WritableConfigDir)
    })
}

/// The directory for caches that may be deleted at any time (the server's schema):
/// `EPSIMO_CACHE_DIR`, else the OS cache dir (`~/.cache/epsimo` on Linux).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = env::get(env::CACHE_DIR) {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|d| d.join("epsimo"))
}
