//! Markdown export of attempts, to share with a mentor: the prompt, the figures, the scores,
//! the transcript with its marked elements and cues, the next steps and the user's notes.
//!
//! Rules: the transcript is reproduced word for word with Markdown's special characters
//! escaped; each story element is marked by a tag such as **[Situation]** where its first
//! evidence sentence starts; value cues are **bold**, hedges _italic_, fillers ~~struck~~ and
//! rapport cues in «guillemets». Where two cue spans overlap, the earlier one is marked and the
//! later one is left plain, so the markup stays balanced.

use super::record::Attempt;
use super::summary::Metrics;
use crate::analysis::{Area, Feedback, HighlightCategory};
use chrono::Local;
use std::fmt::Write;

/// The legend printed above each marked transcript.
const LEGEND: &str = "Marks: **[Element]** where a story part starts, **value cue**, _hedge_, ~~filler~~, «rapport cue».";

/// Formats milliseconds as `m:ss`.
pub fn format_duration(ms: u64) -> String {
    let seconds = ms / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn escape(text: &str, out: &mut String) {
    for ch in text.chars() {
        if matches!(
            ch,
            '\\' | '*' | '_' | '~' | '`' | '[' | ']' | '<' | '>' | '#' | '«' | '»'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
}

/// The transcript text with the feedback's marks as Markdown.
pub fn marked_transcript(text: &str, feedback: Option<&Feedback>) -> String {
    let mut all = feedback.map(Feedback::highlights).unwrap_or_default();
    // Story parts before cues at the same place; among cues fillers, hedges, value, rapport.
    all.sort_by_key(|h| (h.start_char, h.category, h.end_char));
    let chars: Vec<char> = text.chars().collect();
    // Tags that open at a position, and wrapped cue spans that do not overlap.
    let mut tags: Vec<(usize, &'static str)> = Vec::new();
    let mut spans: Vec<(usize, usize, &'static str, &'static str)> = Vec::new();
    let mut covered_to = 0usize;
    for mark in &all {
        let start = mark.start_char.min(chars.len());
        let end = mark.end_char.min(chars.len());
        if let Some(element) = mark.category.element() {
            if !tags
                .iter()
                .any(|&(at, label)| at == start && label == element.label())
            {
                tags.push((start, element.label()));
            }
            continue;
        }
        let (open, close) = match mark.category {
            HighlightCategory::ValueCue => ("**", "**"),
            HighlightCategory::Hedge => ("_", "_"),
            HighlightCategory::Filler => ("~~", "~~"),
            HighlightCategory::RapportCue => ("«", "»"),
            _ => continue,
        };
        if start >= covered_to && end > start {
            spans.push((start, end, open, close));
            covered_to = end;
        }
    }
    let mut out = String::new();
    let mut span_iter = spans.iter().peekable();
    let mut open_close: Option<&str> = None;
    let mut close_at = usize::MAX;
    for (i, ch) in chars.iter().enumerate() {
        if i == close_at {
            out.push_str(open_close.take().unwrap_or_default());
            close_at = usize::MAX;
        }
        for (_, label) in tags.iter().filter(|(at, _)| *at == i) {
            let _ = write!(out, "**[{label}]** ");
        }
        if let Some(&&(start, end, open, close)) = span_iter.peek()
            && start == i
        {
            out.push_str(open);
            open_close = Some(close);
            close_at = end;
            span_iter.next();
        }
        escape(&ch.to_string(), &mut out);
    }
    if let Some(close) = open_close {
        out.push_str(close);
    }
    out
}

/// One attempt as Markdown, with its title at heading level `level` (1 = `#`).
pub fn attempt_markdown(attempt: &Attempt, level: usize) -> String {
    let h = "#".repeat(level.max(1));
    let mut out = String::new();
    let when = attempt
        .created
        .with_timezone(&Local)
        .format("%a %-d %b %Y, %H:%M");
    let _ = writeln!(out, "{h} {when}: {}\n", attempt.prompt.kind.label());
    let mut prompt = String::new();
    escape(&attempt.prompt.text, &mut prompt);
    let _ = writeln!(out, "> {prompt}\n");
    let skills: Vec<_> = attempt.prompt.skills.iter().map(|s| s.label()).collect();
    let _ = writeln!(out, "- Attempt: `{}`", attempt.id);
    if !attempt.prompt.id.is_empty() {
        let _ = writeln!(out, "- Prompt: `{}`", attempt.prompt.id);
    }
    if !skills.is_empty() {
        let _ = writeln!(out, "- Skills: {}", skills.join(", "));
    }
    let mut duration = format!("- Duration: {}", format_duration(attempt.duration_ms));
    if let Some((low, high)) = attempt.prompt.target_seconds {
        let _ = write!(duration, " (target {low}-{high} s)");
    }
    let _ = writeln!(out, "{duration}");
    let metrics = attempt.feedback.as_ref().map(Metrics::of);
    if let Some(m) = &metrics {
        if let Some(wpm) = m.wpm {
            let _ = writeln!(out, "- Pace: {wpm:.0} words per minute");
        }
        if let Some(fpm) = m.fillers_per_minute {
            let _ = writeln!(out, "- Fillers: {} ({fpm:.1} per minute)", m.filler_count);
        }
        if attempt.prompt.kind.expects_story() {
            let parts: Vec<_> = m.elements_present.iter().map(|e| e.label()).collect();
            let shown = if parts.is_empty() {
                "none found".to_string()
            } else {
                parts.join(", ")
            };
            let _ = writeln!(out, "- Story parts: {shown}");
        }
    }
    if let Some(rating) = attempt.self_rating {
        let _ = writeln!(out, "- Self-rating: {rating}/5");
    }
    if !attempt.model.is_empty() {
        let _ = writeln!(out, "- Transcribed by: {}", attempt.model);
    }
    out.push('\n');
    if let Some(m) = metrics.as_ref().filter(|m| !m.scores.is_empty()) {
        let _ = writeln!(out, "{h}# Scores\n");
        let _ = writeln!(out, "| Area | Score |\n|---|---|");
        for area in Area::ALL {
            if let Some(score) = m.scores.get(&area) {
                let _ = writeln!(out, "| {} | {score} |", area.label());
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{h}# Transcript\n");
    match &attempt.transcript {
        Some(t) if !t.text.is_empty() => {
            let _ = writeln!(out, "{LEGEND}\n");
            let _ = writeln!(
                out,
                "{}\n",
                marked_transcript(&t.text, attempt.feedback.as_ref())
            );
        }
        _ => out.push_str("(not transcribed)\n\n"),
    }
    if let Some(m) = metrics.as_ref().filter(|m| !m.next_steps.is_empty()) {
        let _ = writeln!(out, "{h}# Next steps\n");
        for step in &m.next_steps {
            let _ = writeln!(out, "- {step}");
        }
        out.push('\n');
    }
    if let Some(first) = attempt.earlier_analyses.first() {
        let old = first.feedback.as_ref().map(Metrics::of);
        if let (Some(before), Some(now)) = (
            old.as_ref().and_then(Metrics::overall),
            metrics.as_ref().and_then(Metrics::overall),
        ) {
            let _ = writeln!(
                out,
                "Re-analysed {} time(s); the first analysis ({}) scored {before:.0} overall, the current one {now:.0}.\n",
                attempt.earlier_analyses.len(),
                first.analysed_at.with_timezone(&Local).format("%-d %b %Y"),
            );
        }
    }
    if !attempt.notes.trim().is_empty() {
        let _ = writeln!(out, "{h}# Notes\n\n{}\n", attempt.notes.trim());
    }
    out
}

/// Several attempts as one Markdown document, oldest first.
pub fn attempts_markdown(title: &str, attempts: &[Attempt]) -> String {
    let mut out = format!("# {title}\n\n");
    if attempts.is_empty() {
        out.push_str("No attempts.\n");
    }
    for attempt in attempts {
        out.push_str(&attempt_markdown(attempt, 2));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::value::ValueCueKind;
    use crate::analysis::{ElementFeedback, Span, ValueCue};
    use crate::domain::Element;

    fn span(start_char: usize, end_char: usize) -> Span {
        Span {
            text: String::new(),
            start_char,
            end_char,
            confidence: None,
        }
    }

    fn cue(start_char: usize, end_char: usize) -> ValueCue {
        ValueCue {
            text: String::new(),
            start_char,
            end_char,
            kind: ValueCueKind::Quantity,
        }
    }

    #[test]
    fn marks_elements_and_cues_and_escapes_the_rest() {
        let text = "Our *build* took 40 minutes. Um I cut it to 5.";
        let mut feedback = Feedback::default();
        for (element, evidence) in [
            (Element::Situation, span(0, 28)),
            (Element::Action, span(29, 46)),
        ] {
            feedback.structure.elements.insert(
                element,
                ElementFeedback {
                    present: true,
                    evidence: vec![evidence],
                    ..ElementFeedback::default()
                },
            );
        }
        feedback.delivery.fillers = vec![span(29, 31)];
        feedback.value.cues = vec![cue(17, 27), cue(20, 27)];
        let out = marked_transcript(text, Some(&feedback));
        assert_eq!(
            out,
            "**[Situation]** Our \\*build\\* took **40 minutes**. **[Action]** ~~Um~~ I cut it to 5."
        );
    }

    #[test]
    fn no_feedback_gives_the_plain_text() {
        assert_eq!(marked_transcript("plain words", None), "plain words");
    }
}
