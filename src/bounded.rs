//! Reading small text files (settings, prompt packs, transcripts, records) with a size limit.
//!
//! Rule: a file read whole into memory is refused when it is larger than its limit, with a
//! message that says how large it is and what the limit is; the limit is checked against the
//! bytes actually read, not only the size the file system reports (a file can grow, and some
//! special files report 0).

use std::io::{self, Read};
use std::path::Path;

/// Largest settings file read (a real one is under 2 kB).
pub const MAX_SETTINGS_BYTES: u64 = 1 << 20;
/// Largest prompt pack file read (the biggest built-in file is about 10 kB; a megabyte holds
/// thousands of prompts).
pub const MAX_PACK_FILE_BYTES: u64 = 1 << 20;
/// Most `*.toml` files read from one pack folder.
pub const MAX_PACK_FILES: usize = 500;
/// Largest transcript JSON read: a 30-minute answer transcribes to about 1 MB, and 64 MB holds
/// hundreds of thousands of words, which the analysis handles in linear time.
pub const MAX_TRANSCRIPT_BYTES: u64 = 64 << 20;

/// Reads `path` as UTF-8 text if it holds at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut text = String::new();
    let read = file.take(limit + 1).read_to_string(&mut text)?;
    if read as u64 > limit {
        return Err(io::Error::other(format!(
            "it is larger than {}, the most rehearse reads from such a file; make it smaller or split it",
            human(limit)
        )));
    }
    Ok(text)
}

fn human(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} kB", bytes >> 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_with_the_limit_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        std::fs::write(&path, vec![b'#'; 2048]).unwrap();
        assert_eq!(read_text(&path, 2048).unwrap().len(), 2048);
        let err = read_text(&path, 1024).unwrap_err();
        assert!(err.to_string().contains("larger than 1 kB"), "{err}");
    }
}
