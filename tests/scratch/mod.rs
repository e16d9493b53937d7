//! A file path in a fresh temporary folder that is removed when the path is dropped, so
//! test runs leave nothing behind in the temp folder.

use std::ops::Deref;
use std::path::{Path, PathBuf};

/// `name` inside a new temporary folder; the folder goes when this value does.
pub struct TempPath {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl TempPath {
    pub fn new(prefix: &str, name: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("create a temporary folder");
        TempPath {
            path: dir.path().join(name),
            _dir: dir,
        }
    }
}

impl Deref for TempPath {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempPath {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

/// So that `&TempPath` converts `Into<PathBuf>`, as `&PathBuf` does.
impl AsRef<std::ffi::OsStr> for TempPath {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.path.as_os_str()
    }
}
