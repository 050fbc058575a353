//! Keeps the user's recordings and records private on a shared machine.
//!
//! Rule: every folder the store or the recorder creates is mode 0700 and every file 0600
//! (owner only), whatever the process umask or the mode of a file copied in. A folder from an
//! older rehearse is tightened when the store opens it. On systems without Unix modes these
//! are no-ops.

use std::io;
use std::path::Path;

/// Mode of private folders: owner read, write, enter.
pub const DIR_MODE: u32 = 0o700;
/// Mode of private files: owner read and write.
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` (and missing parents) and makes `dir` itself private.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    set_mode(dir, DIR_MODE)
}

/// Makes an existing folder private.
pub fn restrict_dir(dir: &Path) -> io::Result<()> {
    set_mode(dir, DIR_MODE)
}

/// Makes an existing file private.
pub fn restrict_file(file: &Path) -> io::Result<()> {
    set_mode(file, FILE_MODE)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_recording_in_progress_is_private_from_its_first_byte() {
        let dir = tempfile::tempdir().unwrap();
        let recordings = dir.path().join("recordings");
        let stream =
            crate::audio::wav_stream::WavStream::create(&recordings, "take", 8000).unwrap();
        assert_eq!(mode(&recordings), DIR_MODE);
        assert_eq!(mode(stream.partial_path()), FILE_MODE);
        let done = stream.finish().unwrap();
        assert_eq!(mode(&done), FILE_MODE);
    }
}
