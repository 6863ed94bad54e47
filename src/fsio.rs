//! Reading files that someone else controls: only regular files, never more
//! than a stated size, and (for files the tool owns, such as cache entries)
//! never through a symbolic link.
//!
//! The size is taken from the opened file, not from a separate `stat` of the
//! path, and the read itself stops one byte past the limit: a file that
//! grows between the two, or a device such as `/dev/zero` that reports a
//! size of 0, cannot make a run read more than the limit. A FIFO is refused
//! before anything is read from it (it is opened without blocking), so a
//! named pipe dropped into a corpus or a cache cannot hang a run.

use crate::error::{Error, FileError, Result};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// How a path may be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Follow a symbolic link (corpus files: the corpus decides).
    Follow,
    /// Refuse a symbolic link in the last component (files the tool itself
    /// created, whose links only someone else can have made).
    Refuse,
}

/// Why a file was not read, apart from the operating system's own errors.
#[derive(Debug)]
pub enum Refusal {
    /// Not a regular file: a folder, FIFO, socket or device.
    NotAFile(&'static str),
    /// Larger than the limit (the size, or `limit + 1` for a file that grew
    /// while it was read).
    TooLarge(u64),
    /// The operating system's error (not found, permission, a link refused).
    Io(std::io::Error),
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading: a regular file only, links as `links` says.
pub fn open_regular(path: &Path, links: Links) -> std::result::Result<(File, u64), Refusal> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Without O_NONBLOCK, opening a FIFO waits for a writer forever.
        let mut flags = libc::O_NONBLOCK;
        if links == Links::Refuse {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    if links == Links::Refuse
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(Refusal::NotAFile("a symbolic link"));
    }
    let file = options.open(path).map_err(|e| {
        // O_NOFOLLOW on a link fails with ELOOP: say what it is.
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) && links == Links::Refuse {
            return Refusal::NotAFile("a symbolic link");
        }
        Refusal::Io(e)
    })?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotAFile(kind_of(&meta)));
    }
    Ok((file, meta.len()))
}

/// Reads at most `limit` bytes of a regular file, or says why not.
pub fn read_limited(
    path: &Path,
    limit: u64,
    links: Links,
) -> std::result::Result<Vec<u8>, Refusal> {
    let (file, size) = open_regular(path, links)?;
    if size > limit {
        return Err(Refusal::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A size for people: `64 MB`, `1.5 GB`, `900 bytes`.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{} MB", b / 1_000_000),
        b if b >= 1_000 => format!("{} kB", b / 1_000),
        b => format!("{b} bytes"),
    }
}

/// Reads a file of the corpus or the command line (`what` names it in the
/// message: "page file", "ground-truth file") of at most `limit` bytes.
/// Refusals are input errors at the file, with what to do.
pub fn read_input(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    read_limited(path, limit, Links::Follow).map_err(|r| refusal_error(path, r, limit, what))
}

/// The input error for a refusal.
pub fn refusal_error(path: &Path, refusal: Refusal, limit: u64, what: &str) -> Error {
    match refusal {
        Refusal::Io(e) => Error::io(path, e),
        Refusal::NotAFile(kind) => Error::Input(
            FileError::new(path, format!("the {what} is {kind}, not a regular file"))
                .help("replace it with a regular file, or remove it"),
        ),
        Refusal::TooLarge(size) => Error::Input(
            FileError::new(
                path,
                format!(
                    "the {what} is {}; over {} is not read",
                    human_size(size),
                    human_size(limit)
                ),
            )
            .help("split it, or check that this is the right file"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_hold_and_only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("a.txt");
        std::fs::write(&small, b"12345").unwrap();
        assert_eq!(read_limited(&small, 5, Links::Follow).unwrap(), b"12345");
        // One byte over the limit.
        assert!(matches!(
            read_limited(&small, 4, Links::Follow),
            Err(Refusal::TooLarge(5))
        ));
        assert!(matches!(
            read_limited(dir.path(), 10, Links::Follow),
            Err(Refusal::NotAFile("a folder"))
        ));
        let msg = read_input(&small, 4, "page file").unwrap_err().to_string();
        assert!(
            msg.contains("a.txt") && msg.contains("over 4 bytes"),
            "{msg}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_refused_links() {
        // /dev/zero reports size 0 and never ends: refused as a device,
        // never read into memory.
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 1000, Links::Follow),
            Err(Refusal::NotAFile("a device"))
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p01.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        // Would block forever without O_NONBLOCK.
        assert!(matches!(
            read_limited(&fifo, 1000, Links::Follow),
            Err(Refusal::NotAFile("a named pipe (FIFO)"))
        ));
        let target = dir.path().join("target");
        std::fs::write(&target, b"secret").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read_limited(&link, 100, Links::Follow).unwrap(), b"secret");
        assert!(matches!(
            read_limited(&link, 100, Links::Refuse),
            Err(Refusal::NotAFile("a symbolic link"))
        ));
    }
}
