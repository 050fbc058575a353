//! Which quantities in a Result unit make the result quantified.
//!
//! Rule (labelling-guide.md, "Quantified result"): a number, percentage, money or time amount
//! inside the Result counts ("restored in 40 minutes", "cut costs by a third", "doubled
//! sign-ups"); these do not: tenure ("for 18 months", "after six years at", "10 years of
//! experience"), deadlines ("a deadline of two weeks", "due in three days"), clock times
//! ("at 5 pm", "9:30"), team sizes ("a team of eight", "six engineers"), and effort talk
//! ("110% effort"). Quantities are found by [`crate::analysis::value::quantities`]; the
//! multipliers below are words without digits that measure a change.

use super::super::text::TextIndex;
use super::super::value::quantities;

/// Words that measure a change without a digit.
const MULTIPLIERS: &[&str] = &[
    "doubled",
    "tripled",
    "trebled",
    "quadrupled",
    "halved",
    "double",
    "triple",
    "twice",
    "half",
    "third",
    "quarter",
    "tenfold",
    "zero",
];

const TIME_UNITS: &[&str] = &["years", "year", "months", "month"];
const TENURE_BEFORE: &[&str] = &["for", "after", "over", "spent", "with", "of"];
const TENURE_AFTER: &[&str] = &["at", "in", "of", "as", "on", "with", "there", "here"];
const DEADLINE_WORDS: &[&str] = &["deadline", "due", "gave", "given", "had", "within", "by"];
const CLOCK_WORDS: &[&str] = &["am", "pm", "a.m", "p.m", "o'clock", "oclock"];
const TEAM_WORDS: &[&str] = &[
    "engineers",
    "developers",
    "people",
    "reports",
    "nurses",
    "staff",
    "members",
    "teachers",
    "volunteers",
    "agents",
    "designers",
    "analysts",
];

/// Whether unit `unit` holds a quantity that measures a result.
pub fn has_result_quantity(index: &TextIndex, unit: usize) -> bool {
    let Some(u) = index.units.get(unit) else {
        return false;
    };
    let in_unit = |t: usize| t >= u.first && t < u.end_token;
    let counted = quantities(index)
        .into_iter()
        .filter(|q| in_unit(q.span.start))
        .any(|q| !is_not_a_result(index, q.span.start, q.span.end));
    counted || u.tokens().any(|t| MULTIPLIERS.contains(&index.word(t)))
}

/// Every quantity of unit `unit` with whether it counts as a result's (for the training's
/// disagreement lists): (its text, counted).
pub fn unit_quantities(index: &TextIndex, unit: usize) -> Vec<(String, bool)> {
    let Some(u) = index.units.get(unit) else {
        return Vec::new();
    };
    let mut out: Vec<(String, bool)> = quantities(index)
        .into_iter()
        .filter(|q| q.span.start >= u.first && q.span.start < u.end_token)
        .map(|q| {
            let (a, b) = index.span(q.span.start, q.span.end);
            (
                index.text[a..b].to_string(),
                !is_not_a_result(index, q.span.start, q.span.end),
            )
        })
        .collect();
    out.extend(
        u.tokens()
            .filter(|&t| MULTIPLIERS.contains(&index.word(t)))
            .map(|t| (index.word(t).to_string(), true)),
    );
    out
}

/// Tenure, deadlines, clock times, team sizes and effort talk.
fn is_not_a_result(index: &TextIndex, start: usize, end: usize) -> bool {
    let w = |i: usize| index.word(i);
    let before = if start == 0 { "" } else { w(start - 1) };
    let before2 = if start < 2 { "" } else { w(start - 2) };
    let last = w(end.saturating_sub(1));
    let after = w(end);
    let number = w(start);
    // Clock times: "5 pm", "9:30", "at 6".
    if CLOCK_WORDS.contains(&after) || number.contains(':') {
        return true;
    }
    if before == "at" && !last.ends_with('%') && end == start + 1 {
        return true;
    }
    // Tenure: "for 18 months", "six years at", "10 years of experience".
    if TIME_UNITS.contains(&last)
        && (TENURE_BEFORE.contains(&before)
            || TENURE_AFTER.contains(&after)
            || after == "experience")
    {
        return true;
    }
    // Deadlines: "a deadline of two weeks", "due in three days", "we had two weeks".
    if DEADLINE_WORDS.contains(&before) || DEADLINE_WORDS.contains(&before2) {
        let measured_time = matches!(
            last,
            "days" | "day" | "weeks" | "week" | "hours" | "hour" | "months" | "month"
        );
        if measured_time && !matches!(before, "by" | "within") {
            return true;
        }
        if measured_time && (w(start.saturating_sub(3)) == "deadline" || before2 == "deadline") {
            return true;
        }
    }
    // Team sizes: "a team of eight", "six engineers", "managed 12 people".
    if before == "of" && matches!(before2, "team" | "group" | "squad" | "crew") {
        return true;
    }
    if TEAM_WORDS.contains(&last) || TEAM_WORDS.contains(&after) {
        let verb = w(start.saturating_sub(1));
        let team_context = matches!(verb, "managed" | "led" | "of" | "with" | "had" | "lead")
            || matches!(w(end + 1), "team" | "reports");
        if team_context {
            return true;
        }
    }
    // "110% effort".
    if last.ends_with('%') && matches!(after, "effort" | "commitment" | "focus") {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantified(text: &str) -> bool {
        let index = TextIndex::new(text);
        (0..index.units.len()).any(|u| has_result_quantity(&index, u))
    }

    #[test]
    fn results_with_numbers_count() {
        assert!(quantified("Service was restored in 40 minutes."));
        assert!(quantified("Complaints fell by 30%."));
        assert!(quantified("We saved $12,000 a year."));
        assert!(quantified("Sign-ups doubled."));
    }

    #[test]
    fn tenure_deadlines_clock_times_and_team_sizes_do_not() {
        assert!(!quantified("I had worked there for 18 months."));
        assert!(!quantified("I have 10 years of experience."));
        assert!(!quantified("We had a deadline of two weeks."));
        assert!(!quantified("The call came at 5 pm."));
        assert!(!quantified("I managed 12 people."));
        assert!(!quantified("I was on a team of eight."));
        assert!(!quantified("I gave it 110% effort."));
    }
}
