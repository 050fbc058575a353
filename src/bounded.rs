//! Reading small files (settings, prompt packs, transcripts, records, stories) with a size limit.
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

/// Largest attempt record read (`attempt.json`): it holds a transcript (see
/// [`MAX_TRANSCRIPT_BYTES`]) and every earlier analysis of it.
pub const MAX_ATTEMPT_RECORD_BYTES: u64 = 64 << 20;
/// Largest attempt index read (`index.json`, a cache: one larger is ignored and rebuilt).
pub const MAX_INDEX_BYTES: u64 = 64 << 20;
/// Largest story read (`story.json`: a title, five short notes, skills and proof; a real one is
/// a few kilobytes).
pub const MAX_STORY_BYTES: u64 = 1 << 20;
/// Largest self-assessment read (seven ratings with evidence).
pub const MAX_ASSESSMENT_BYTES: u64 = 1 << 20;

/// Reads `path` whole if it holds at most `limit` bytes; a larger file gives an error of kind
/// [`io::ErrorKind::FileTooLarge`] that names the limit.
pub fn read_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    let read = file.take(limit + 1).read_to_end(&mut bytes)?;
    if read as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "it is larger than {}, the most rehearse reads from such a file; make it smaller or split it",
            human(limit)
        ),
    )
}

/// Reads `path` as UTF-8 text if it holds at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut text = String::new();
    let read = file.take(limit + 1).read_to_string(&mut text)?;
    if read as u64 > limit {
        return Err(too_large(limit));
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
        assert_eq!(
            read_bytes(&path, 1024).unwrap_err().kind(),
            io::ErrorKind::FileTooLarge
        );
        assert_eq!(read_bytes(&path, 2048).unwrap().len(), 2048);
    }
}
