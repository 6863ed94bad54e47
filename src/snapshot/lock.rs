//! One writer per snapshot store: a lock file (`.ocrgate.lock`, holding the
//! writer's process id) created exclusively in the store's folder. A second
//! run waits for it, then fails with a message naming the holder. A lock
//! left by a process that no longer exists is taken over.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Held while snapshots are written; removed on drop.
#[derive(Debug)]
pub struct StoreLock {
    path: PathBuf,
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true // elsewhere: assume alive, and wait
    }
}

/// How long a run waits for another run's lock: `OCRGATE_LOCK_TIMEOUT`
/// seconds, default 30.
pub fn wait_time() -> Duration {
    let secs = std::env::var("OCRGATE_LOCK_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

impl StoreLock {
    /// Takes the lock of the store at `root`, waiting up to `wait`.
    pub fn acquire(root: &Path, wait: Duration) -> Result<StoreLock> {
        std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        let path = root.join(".ocrgate.lock");
        let start = Instant::now();
        // The lock appears with its content or not at all: the process id
        // goes into a temporary file that is then hard-linked into place
        // (which fails if the lock exists). A run killed half way leaves no
        // empty lock behind, only a temporary file the next writer removes.
        let tmp = root.join(format!(".ocrgate.lock.{}.tmp", std::process::id()));
        std::fs::write(&tmp, format!("{}\n", std::process::id()))
            .map_err(|e| Error::io(&tmp, e))?;
        loop {
            match std::fs::hard_link(&tmp, &path) {
                Ok(()) => {
                    let _ = std::fs::remove_file(&tmp);
                    // Holding the lock, no one else writes here: temporary
                    // files left by a run that was killed are garbage.
                    remove_stale_temporaries(root);
                    return Ok(StoreLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    let stale = match holder {
                        Some(pid) => !process_alive(pid),
                        // An unreadable lock (written by hand, or by an older
                        // ocrgate) is stale after a minute.
                        None => std::fs::metadata(&path)
                            .and_then(|m| m.modified())
                            .is_ok_and(|t| t.elapsed().is_ok_and(|e| e > Duration::from_secs(60))),
                    };
                    if stale {
                        // A crashed run: its lock protects nothing.
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    if start.elapsed() >= wait {
                        let _ = std::fs::remove_file(&tmp);
                        let who = holder.map_or("another ocrgate".to_string(), |p| {
                            format!("ocrgate (process {p})")
                        });
                        return Err(Error::Usage(format!(
                            "{who} is writing snapshots in {}; wait for it to finish, or delete {} if no ocrgate is running",
                            root.display(),
                            path.display()
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(Error::io(&path, e));
                }
            }
        }
    }
}

/// Removes `.<name>.<pid>.tmp` files (see `write_atomic`) under `root`.
fn remove_stale_temporaries(root: &Path) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(_) if name.starts_with('.') && name.ends_with(".tmp") => {
                    let _ = std::fs::remove_file(&p);
                }
                _ => {}
            }
        }
    }
}

impl Drop for StoreLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_waits_then_fails_and_stale_locks_are_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let held = StoreLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let err = StoreLock::acquire(dir.path(), Duration::from_millis(120))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("is writing snapshots") && err.contains(".ocrgate.lock"),
            "{err}"
        );
        drop(held);
        assert!(StoreLock::acquire(dir.path(), Duration::ZERO).is_ok());
        // A lock file of a process that is gone.
        std::fs::write(dir.path().join(".ocrgate.lock"), "4000000000\n").unwrap();
        if cfg!(target_os = "linux") {
            assert!(StoreLock::acquire(dir.path(), Duration::ZERO).is_ok());
        }
    }
}
