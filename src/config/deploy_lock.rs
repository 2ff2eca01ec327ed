//! This machine's deploy lock: two deploys of one project from one machine (CI
//! jobs, a terminal and an agent) would both create what is missing, so each takes
//! a file lock first. Machine-local state, like the credentials: it lives with the
//! configuration, not in the library (which keeps no files of its own).

use crate::error::{CliError, Result};

/// The deploy lock of one API URL and project on this machine: two deploys at once
/// would both create what is missing.
pub enum Lock {
    Held(std::fs::File),
    /// Another deploy holds it: the file (to wait on) and its path.
    Busy(std::fs::File, std::path::PathBuf),
}

pub fn lock(api_url: &str, pid: &str) -> Result<Lock> {
    use sha2::Digest;
    let dir = crate::config::cache_dir()
        .ok_or_else(|| CliError::failure("cannot find a cache directory for the deploy lock"))?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
    let digest = hex::encode(sha2::Sha256::digest(format!("{api_url}|{pid}").as_bytes()));
    let path = dir.join(format!("deploy-{}.lock", &digest[..16]));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| CliError::failure(format!("cannot open {}: {e}", path.display())))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock::Held(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(Lock::Busy(file, path)),
        Err(std::fs::TryLockError::Error(e)) => Err(CliError::failure(format!(
            "cannot lock {}: {e}",
            path.display()
        ))),
    }
}
