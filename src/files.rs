//! Writing files so that a crash never leaves half of one: the one atomic-write helper.
//!
//! Rule: new contents go to a temporary file in the same folder (so the rename cannot cross
//! file systems), the file is synced, renamed over the target, and the folder is synced, so
//! after a crash the target holds either the old contents or the new ones. Sources: POSIX
//! `rename(2)` replaces atomically within one file system; `fsync` on the folder makes the
//! rename itself durable (see docs/sources.md).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Replaces `path` with `bytes` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Moves a finished, synced file (a download, a conversion) over `target`, durably.
pub fn move_into_place(finished: &Path, target: &Path) -> io::Result<()> {
    std::fs::rename(finished, target)?;
    sync_dir(target.parent().unwrap_or(Path::new(".")))
}

/// Makes the creations, renames and removals in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        write_atomically(&path, b"old contents that are longer").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
