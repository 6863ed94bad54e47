//! Errors that stop a run or a single issue.
//!
//! Every error names the file it is about and, where the input has one, the
//! line and column (columns count characters, not bytes, so they match what an
//! editor shows for CJK text). Each carries a `help` line that tells the user
//! what to do — modelled on ripgrep's messages.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file something went wrong. Lines and columns are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

/// An error tied to a file, for configuration and input problems alike.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: PathBuf,
    pub position: Option<Position>,
    pub message: String,
    pub help: Option<String>,
}

impl FileError {
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        FileError {
            path: path.as_ref().to_path_buf(),
            position: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(mut self, line: u64, column: u64) -> Self {
        self.position = Some(Position { line, column });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Paths and messages can carry what a corpus holds (a folder
        // named with an escape sequence): shown, never sent.
        // Bytes of a name that are not UTF-8 as `\xNN`, so two such names
        // stay two in a message.
        let path = crate::escape::escape_name(self.path.as_os_str().as_encoded_bytes());
        write!(f, "{}", crate::escape::visible(&path))?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": {}", crate::escape::visible(&self.message))?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// The errors of this crate.
///
/// `Config` and `Input` map to exit code 2; `Io` while writing snapshots too.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule, profile, publication or corpus configuration file is wrong.
    #[error("configuration error: {0}")]
    Config(FileError),
    /// A page or corpus file cannot be read or understood.
    #[error("input error: {0}")]
    Input(FileError),
    /// The command line asks for something impossible.
    #[error("usage error: {0}")]
    Usage(String),
    /// Reading or writing failed at the operating-system level.
    #[error("{}: {source}", crate::escape::visible(&path.display().to_string()))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
