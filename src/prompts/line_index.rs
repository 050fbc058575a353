//! Line numbers of byte offsets in a pack file, in logarithmic time.
//!
//! Rule: the start of every line is found once per file; each lookup is then a binary search.
//! (Counting newlines from the start of the file for every prompt made a 4 MB pack take 17 s.)

/// The byte offset where each line of a text starts.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset` (offsets past the end are on the last line).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_match_counting_newlines() {
        let text = "a = 1\n\nb = [\n  2,\n]\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 3 {
            let upto = &text[..offset.min(text.len())];
            assert_eq!(
                index.line(offset),
                upto.matches('\n').count() + 1,
                "{offset}"
            );
        }
    }
}
