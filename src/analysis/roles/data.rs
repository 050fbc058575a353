//! Labelled answers for training and evaluating the sentence-role model, and the gold role of
//! each unit the analysis sees.
//!
//! Rule: files are TOML with one `[[answer]]` table per answer (format:
//! helpers' DATA_FORMAT.md; the older `tests/data/eval/*.toml` sets have the same markup
//! without `author` and `profession`). Markup: `<S> <T> <A> <R> <L>` story elements, `<I>`
//! identity and `<N>` next step (pitches), `{..}` fillers. The markup is stripped the same way
//! as [`crate::analysis::evaluation::strip_markup`] (whitespace collapsed), and a unit's gold
//! role is the element tag covering most of its characters, when it covers at least
//! [`MIN_COVER`] of them; `<I>`/`<N>` and untagged text are [`Role::None`] for the story roles.

use super::Role;
use crate::domain::PromptKind;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A unit is given a tag's role when the tag covers at least this share of its characters.
pub const MIN_COVER: f32 = 0.5;

/// A tag in the labelled text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Role(Role),
    Identity,
    Next,
}

/// One labelled answer with its markup removed.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub id: String,
    pub author: String,
    pub profession: String,
    pub kind: PromptKind,
    pub text: String,
    /// (tag, start_char, end_char)
    pub spans: Vec<(Tag, usize, usize)>,
    pub quantified_result: bool,
    pub hypothetical: bool,
    pub habitual: bool,
    pub whisper_style: bool,
    /// The file it came from, for messages.
    pub file: PathBuf,
}

impl Labelled {
    /// The (start_char, end_char) spans labelled with `role`.
    pub fn role_spans(&self, role: Role) -> Vec<(usize, usize)> {
        self.spans
            .iter()
            .filter(|(t, _, _)| *t == Tag::Role(role))
            .map(|&(_, a, b)| (a, b))
            .collect()
    }
}

#[derive(Debug, Deserialize)]
struct RawFile {
    answer: Vec<RawAnswer>,
}

#[derive(Debug, Deserialize)]
struct RawAnswer {
    id: String,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    profession: Option<String>,
    kind: PromptKind,
    text: String,
    quantified_result: bool,
    #[serde(default)]
    hypothetical: bool,
    #[serde(default)]
    habitual: bool,
    #[serde(default)]
    whisper_style: bool,
}

/// Why labelled data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML: {source}")]
    Toml {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{path}: answer {id}: {problem}")]
    Markup {
        path: PathBuf,
        id: String,
        problem: String,
    },
}

/// The repository's labelled data: `tests/data/labelled/*.toml` (authors in the files) and the
/// two older sets, whose answers get the authors `dev` and `heldout`.
pub fn repository_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Reads one file; `default_author` is used when an answer names none.
pub fn read_file(path: &Path, default_author: &str) -> Result<Vec<Labelled>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let raw: RawFile = toml::from_str(&text).map_err(|source| DataError::Toml {
        path: path.to_path_buf(),
        source,
    })?;
    raw.answer
        .into_iter()
        .map(|a| {
            let (clean, spans) = strip(&a.text).map_err(|problem| DataError::Markup {
                path: path.to_path_buf(),
                id: a.id.clone(),
                problem,
            })?;
            Ok(Labelled {
                author: a.author.unwrap_or_else(|| default_author.to_string()),
                profession: a.profession.unwrap_or_else(|| "unknown".to_string()),
                id: a.id,
                kind: a.kind,
                text: clean,
                spans,
                quantified_result: a.quantified_result,
                hypothetical: a.hypothetical,
                habitual: a.habitual,
                whisper_style: a.whisper_style,
                file: path.to_path_buf(),
            })
        })
        .collect()
}

/// The repository's answers: (new files, development set, held-out set).
pub type RepositoryData = (Vec<Labelled>, Vec<Labelled>, Vec<Labelled>);

/// A labelled text without its markup, and its tagged spans (tag, start char, end char).
pub type Stripped = (String, Vec<(Tag, usize, usize)>);

/// Every labelled answer: (new files, development set, held-out set).
pub fn read_repository(dir: &Path) -> Result<RepositoryData, DataError> {
    let mut labelled = Vec::new();
    let folder = dir.join("labelled");
    if let Ok(entries) = std::fs::read_dir(&folder) {
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            labelled.extend(read_file(&f, "unknown")?);
        }
    }
    let dev = read_file(&dir.join("eval/development.toml"), "dev")?;
    let held = read_file(&dir.join("eval/held_out.toml"), "heldout")?;
    Ok((labelled, dev, held))
}

fn tag_of(c: char) -> Option<Tag> {
    Some(match c {
        'S' => Tag::Role(Role::Situation),
        'T' => Tag::Role(Role::Task),
        'A' => Tag::Role(Role::Action),
        'R' => Tag::Role(Role::Result),
        'L' => Tag::Role(Role::Learning),
        'I' => Tag::Identity,
        'N' => Tag::Next,
        _ => return None,
    })
}

/// Removes the markup: clean text (whitespace collapsed, trimmed) and tag spans in characters.
pub fn strip(marked: &str) -> Result<Stripped, String> {
    let chars: Vec<char> = marked.chars().collect();
    let mut text = String::new();
    let mut count = 0usize;
    let mut open: Vec<(Tag, usize)> = Vec::new();
    let mut spans = Vec::new();
    let mut pending_space = false;
    let mut in_filler = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            let closing = chars.get(i + 1) == Some(&'/');
            let at = if closing { i + 2 } else { i + 1 };
            if let (Some(tag), Some('>')) =
                (chars.get(at).copied().and_then(tag_of), chars.get(at + 1))
            {
                if pending_space && !text.is_empty() && !closing {
                    text.push(' ');
                    count += 1;
                    pending_space = false;
                }
                if closing {
                    let Some(pos) = open.iter().rposition(|(t, _)| *t == tag) else {
                        return Err(format!("</{}> without an opening tag", chars[at]));
                    };
                    let (_, start) = open.remove(pos);
                    spans.push((tag, start, count));
                } else {
                    open.push((tag, count));
                }
                i = at + 2;
                continue;
            }
        }
        if c == '{' || c == '}' {
            if c == '{' {
                if in_filler {
                    return Err("nested {".into());
                }
                if pending_space && !text.is_empty() {
                    text.push(' ');
                    count += 1;
                    pending_space = false;
                }
                in_filler = true;
            } else {
                if !in_filler {
                    return Err("} without {".into());
                }
                in_filler = false;
            }
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
        } else {
            if pending_space && !text.is_empty() {
                text.push(' ');
                count += 1;
            }
            pending_space = false;
            text.push(c);
            count += 1;
        }
        i += 1;
    }
    if let Some((_, start)) = open.first() {
        return Err(format!("a tag opened at character {start} is never closed"));
    }
    if in_filler {
        return Err("{ is never closed".into());
    }
    spans.sort_by_key(|&(_, a, _)| a);
    Ok((text, spans))
}

/// Gold role of a unit spanning characters `start..end`.
pub fn gold_role(spans: &[(Tag, usize, usize)], start: usize, end: usize) -> Role {
    let len = end.saturating_sub(start).max(1) as f32;
    let mut best = (Role::None, 0usize);
    for &(tag, a, b) in spans {
        let Tag::Role(role) = tag else { continue };
        let cover = b.min(end).saturating_sub(a.max(start));
        if cover > best.1 {
            best = (role, cover);
        }
    }
    if best.1 as f32 / len >= MIN_COVER {
        best.0
    } else {
        Role::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_next_tags_are_stripped_and_kept() {
        let (text, spans) =
            strip("<I>I'm a nurse.</I> {um} <A>I built a rota.</A> <N>What next?</N>").unwrap();
        assert_eq!(text, "I'm a nurse. um I built a rota. What next?");
        assert_eq!(spans[0], (Tag::Identity, 0, 12));
        assert_eq!(spans[1], (Tag::Role(Role::Action), 16, 31));
        assert_eq!(spans[2].0, Tag::Next);
        assert_eq!(gold_role(&spans, 16, 31), Role::Action);
        assert_eq!(gold_role(&spans, 0, 12), Role::None);
    }

    /// Every labelled file of the repository reads, and its answers keep the labelling rules the
    /// training relies on: unique ids, an author matching the file name, a quantified result
    /// only where a Result is tagged, and no story element inside a hypothetical or habitual
    /// answer.
    #[test]
    fn the_repository_labelled_files_read_and_keep_the_rules() {
        let (labelled, dev, held) = read_repository(&repository_data_dir()).unwrap();
        assert!(
            labelled.len() >= 1430,
            "{} labelled answers",
            labelled.len()
        );
        let mut ids = std::collections::BTreeSet::new();
        for a in labelled.iter().chain(&dev).chain(&held) {
            assert!(ids.insert(a.id.clone()), "duplicate id {}", a.id);
            if a.hypothetical || a.habitual {
                assert!(
                    a.spans.iter().all(|(t, _, _)| !matches!(t, Tag::Role(_))),
                    "{}: a story element in an answer that tells no story",
                    a.id
                );
            }
        }
        for a in &labelled {
            let stem = a.file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            assert!(
                stem.starts_with(&format!("{}-", a.author)),
                "{}: author {} in {}",
                a.id,
                a.author,
                a.file.display()
            );
            if a.quantified_result {
                assert!(
                    a.spans
                        .iter()
                        .any(|(t, _, _)| *t == Tag::Role(Role::Result)),
                    "{}: quantified result without a tagged Result",
                    a.id
                );
            }
        }
    }

    /// The test authors' answers are frozen: the README's test-split figures (and the "later
    /// test authors" row) were measured on exactly these counts, so more test answers need a new
    /// author, and every later test author is a test author.
    #[test]
    fn the_test_authors_answers_are_all_read_and_unchanged_in_number() {
        use super::super::train::{LATER_TEST_AUTHORS, TEST_AUTHORS};
        const EXPECTED: &[(&str, usize)] = &[
            ("a2", 42),
            ("b3", 42),
            ("c3", 40),
            ("d5", 30),
            ("d8", 56),
            ("d9", 64),
            ("d12", 87),
        ];
        let (labelled, _, _) = read_repository(&repository_data_dir()).unwrap();
        let names: Vec<&str> = EXPECTED.iter().map(|&(a, _)| a).collect();
        assert_eq!(
            names, TEST_AUTHORS,
            "every test author needs an expected count"
        );
        for &(author, expected) in EXPECTED {
            let n = labelled.iter().filter(|a| a.author == author).count();
            assert_eq!(n, expected, "test author {author}");
        }
        for author in LATER_TEST_AUTHORS {
            assert!(
                TEST_AUTHORS.contains(author),
                "{author} is not a test author"
            );
        }
    }

    #[test]
    fn broken_markup_is_an_error() {
        assert!(strip("<S>open").is_err());
        assert!(strip("x</R>").is_err());
        assert!(strip("{um").is_err());
    }
}
