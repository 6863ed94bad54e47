//! One writer per snapshot store: an advisory lock of the operating system
//! (`flock` on Unix, `LockFileEx` on Windows) on `.ocrgate.lock` in the
//! store's folder.
//!
//! The lock file is created once and never deleted, so every run locks the
//! same file: a run that deleted it on exit (as an earlier design did) let
//! a waiter lock a file that the next run no longer saw. The kernel drops
//! the lock when its holder exits, however it exits, so there are no stale
//! locks to detect and no process ids to trust. The holder writes its
//! process id into the file only so that a waiter can say whom it waits
//! for.
//!
//! A second run waits (saying so after a second) up to
//! `OCRGATE_LOCK_TIMEOUT` seconds, by default as long as it takes, like
//! cargo's build-directory lock; `--no-wait` makes it fail at once.

use crate::error::{Error, Result};
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Held while snapshots are written; the lock is released when it drops
/// (the file is closed).
#[derive(Debug)]
pub struct StoreLock {
    file: File,
}

impl Drop for StoreLock {
    /// Empties the lock file before the lock goes, so that a store left
    /// alone holds the same bytes whichever process wrote last (a process
    /// id would differ from run to run in a committed folder).
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

static NO_WAIT: AtomicBool = AtomicBool::new(false);

/// `--no-wait`: a run that finds the store locked fails at once.
pub fn set_no_wait(no_wait: bool) {
    NO_WAIT.store(no_wait, Ordering::Relaxed);
}

/// How long a run waits for another run's lock: zero with `--no-wait`,
/// else `OCRGATE_LOCK_TIMEOUT` seconds, else without end.
pub fn wait_time() -> Duration {
    if NO_WAIT.load(Ordering::Relaxed) {
        return Duration::ZERO;
    }
    std::env::var("OCRGATE_LOCK_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::MAX, Duration::from_secs)
}

/// Whom the lock file names as its holder, for messages.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file
        .rewind()
        .and_then(|_| file.take(32).read_to_string(&mut text));
    match text.trim().parse::<u32>() {
        Ok(pid) => format!("ocrgate (process {pid})"),
        Err(_) => "another ocrgate".to_string(),
    }
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        // A link planted in place of the lock file is not followed.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

impl StoreLock {
    /// Takes the lock of the store at `root`, waiting up to `wait`.
    pub fn acquire(root: &Path, wait: Duration) -> Result<StoreLock> {
        std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        let path = root.join(".ocrgate.lock");
        let mut file = open_lock_file(&path).map_err(|e| Error::io(&path, e))?;
        let start = Instant::now();
        let mut announced = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    let waited = start.elapsed();
                    if waited >= wait {
                        return Err(Error::Usage(format!(
                            "{} is writing snapshots in {}; wait for it to finish{}",
                            holder(&mut file),
                            root.display(),
                            if wait.is_zero() {
                                " (without --no-wait, ocrgate waits for it)"
                            } else {
                                ", or raise OCRGATE_LOCK_TIMEOUT"
                            }
                        )));
                    }
                    if !announced && waited >= Duration::from_secs(1) {
                        announced = true;
                        eprintln!(
                            "waiting for {}, which is writing snapshots in {} …",
                            holder(&mut file),
                            root.display()
                        );
                    }
                    std::thread::sleep(Duration::from_millis(50).min(wait - waited));
                }
                Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        // Ours now: say who holds it, for the messages of the next waiter.
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| writeln!(file, "{}", std::process::id()));
        // Holding the lock, no one else writes here: temporary files left
        // by a run that was killed are garbage.
        remove_stale_temporaries(root);
        Ok(StoreLock { file })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A second writer fails at once without waiting, waits for the
    /// first when it may, and the lock file stays in place throughout
    /// (deleting it let two writers in before).
    #[test]
    fn second_writer_waits_for_the_first_or_fails_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let held = StoreLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let err = StoreLock::acquire(dir.path(), Duration::ZERO)
            .unwrap_err()
            .to_string();
        let me = format!("process {}", std::process::id());
        assert!(
            err.contains("is writing snapshots") && err.contains(&me),
            "{err}"
        );
        let root = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let t = Instant::now();
            StoreLock::acquire(&root, Duration::from_secs(30)).map(|_| t.elapsed())
        });
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
        let waited = waiter.join().unwrap().unwrap();
        assert!(waited >= Duration::from_millis(250), "{waited:?}");
        assert!(dir.path().join(".ocrgate.lock").exists());
        // A lock file left behind (by a run that was killed) is no lock.
        assert!(StoreLock::acquire(dir.path(), Duration::ZERO).is_ok());
    }
}
