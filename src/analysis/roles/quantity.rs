//! Which quantities in a Result unit make the result quantified.
//!
//! Rule (labelling-guide.md, "Quantified result"): a number, percentage, money or time amount
//! inside the Result counts ("restored in 40 minutes", "cut costs by a third", "doubled
//! sign-ups"); these do not: tenure ("for 18 months", "after six years at", "10 years of
//! experience"), deadlines ("a deadline of two weeks", "due in three days"), clock times
//! ("at 5 pm", "9:30"), team sizes ("a team of eight", "six engineers"), and effort talk
//! ("110% effort"). Quantities are found by [`crate::analysis::value::quantities`]; the
//! multipliers below are words without digits that measure a change.

use super::super::text::{TextIndex, is_number};
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
    "fifth",
    "tenth",
    "tenfold",
    "zero",
];

const TIME_UNITS: &[&str] = &["years", "year", "months", "month"];
const TENURE_BEFORE: &[&str] = &["for", "after", "over", "spent", "with", "of"];
const TENURE_AFTER: &[&str] = &["at", "in", "as", "on", "with", "there", "here"];
/// Words before a bare hour that make it a clock time ("at six", "by ten", "before nine").
/// ("from" is left out: "down from eight a week to one" is a count.)
const CLOCK_BEFORE: &[&str] = &[
    "at", "by", "before", "until", "till", "around", "past", "gone",
];
/// Words after a bare number that make it a rate or a share, not a clock time or an age ("at
/// two per cent", "six a month").
const RATE_AFTER: &[&str] = &["per", "percent", "a", "an", "each", "times", "of", "out"];
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
    counted
        || u.tokens()
            .any(|t| is_multiplier(index, t) || is_article_amount(index, t))
}

/// Time words that "a" / "an" / "one" make an amount ("a day late", "within a fortnight",
/// "in under an hour", "one week late").
const ARTICLE_UNITS: &[&str] = &[
    "minute",
    "hour",
    "day",
    "week",
    "fortnight",
    "month",
    "year",
];

/// Whether token `t` starts a time amount told with "a" / "an" / "one" ("they arrived a day
/// late", "home in a fortnight", "a week quicker"), not a rate ("once a week", "forty a day"
/// counts by its number already), tenure ("for a year") or a deadline ("we had a week").
fn is_article_amount(index: &TextIndex, t: usize) -> bool {
    if !matches!(index.word(t), "a" | "an" | "one") || !ARTICLE_UNITS.contains(&index.word(t + 1)) {
        return false;
    }
    let before = if t == 0 { "" } else { index.word(t - 1) };
    let rate = matches!(
        before,
        "once" | "twice" | "times" | "per" | "every" | "each" | "a" | "an"
    ) || is_number(before);
    !rate && !is_not_a_result(index, t, t + 2)
}

/// Whether token `t` is a word measuring a change ([`MULTIPLIERS`]), and not part of a clock
/// time or a tenure ("half six", "half past", "a year and a half").
fn is_multiplier(index: &TextIndex, t: usize) -> bool {
    let w = index.word(t);
    if !MULTIPLIERS.contains(&w) {
        return false;
    }
    if matches!(w, "fifth" | "tenth") {
        // "up by a fifth", not "on the fifth attempt".
        return t > 0 && matches!(index.word(t - 1), "a" | "one" | "by");
    }
    if matches!(w, "half" | "quarter") {
        let next = index.word(t + 1);
        let clock = is_hour(next) || matches!(next, "past" | "to");
        return !clock && and_a_half_of(index, t).is_none();
    }
    true
}

/// For the "half" of "a year and a half" / "six months and a half" at token `t`, the index of
/// its year or month word.
fn and_a_half_of(index: &TextIndex, t: usize) -> Option<usize> {
    if index.word(t) != "half" || t < 2 {
        return None;
    }
    let and = if index.word(t - 1) == "a" {
        t - 2
    } else {
        t - 1
    };
    (and >= 1 && index.word(and) == "and" && TIME_UNITS.contains(&index.word(and - 1)))
        .then(|| and - 1)
}

/// Whether a lower-case number word or figure can be a person's age (under 120, no money or
/// thousands: not "£2,300").
fn is_age(word: &str) -> bool {
    match word.parse::<u32>() {
        Ok(n) => n < 120,
        Err(_) => {
            word.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
                && !matches!(
                    word,
                    "hundred" | "hundreds" | "thousand" | "thousands" | "million" | "billion"
                )
        }
    }
}

/// Whether a lower-case word can name the hour of a clock time ("6", "six", "11", "noon").
fn is_hour(word: &str) -> bool {
    const HOURS: &[&str] = &[
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "noon", "midnight",
    ];
    HOURS.contains(&word) || word.parse::<u32>().is_ok_and(|h| (1..=24).contains(&h))
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
            .filter(|&t| is_multiplier(index, t))
            .map(|t| (index.word(t).to_string(), true)),
    );
    out.extend(
        u.tokens()
            .filter(|&t| is_article_amount(index, t))
            .map(|t| (format!("{} {}", index.word(t), index.word(t + 1)), true)),
    );
    out
}

/// Words that soften a number ("for about six years"), looked past for the word before it.
const APPROXIMATORS: &[&str] = &[
    "about", "around", "nearly", "almost", "roughly", "maybe", "just", "over", "like",
];

/// Words that make the "for" of a time amount the length of an agreement won or kept, a
/// result ("they renewed for two years", "fixed the price for three years"), not tenure.
const TERM_VERBS: &[&str] = &[
    "renewed",
    "extended",
    "signed",
    "re-signed",
    "fixed",
    "locked",
    "froze",
    "frozen",
    "guaranteed",
    "funded",
    "booked",
    "retained",
];

/// Whether the "for" at token `f` before a time amount gives the term of an agreement: a
/// [`TERM_VERBS`] word within the four words before it ("renewed for", "fixed the price for").
fn is_agreement_term(index: &TextIndex, f: usize) -> bool {
    (f.saturating_sub(4)..f).any(|k| TERM_VERBS.contains(&index.word(k)))
}

/// Whether the time amount at tokens `start..end` (its last word a year or month) is the
/// speaker's tenure: "for 18 months", "about six years at", "10 years of experience", "I've
/// been doing it three years", "eleven years now"; not the term of an agreement ("renewed
/// for two years").
fn is_tenure(index: &TextIndex, start: usize, end: usize) -> bool {
    let w = |i: usize| index.word(i);
    let mut b = start;
    while b > 0 && APPROXIMATORS.contains(&w(b - 1)) {
        b -= 1;
    }
    let before = if b == 0 { "" } else { w(b - 1) };
    let after = w(end);
    if before == "for" && is_agreement_term(index, b - 1) {
        return false;
    }
    TENURE_BEFORE.contains(&before)
        || TENURE_AFTER.contains(&after)
        || matches!(after, "experience" | "now")
        || (after == "of" && matches!(w(end + 1), "experience" | "service"))
        || (b.saturating_sub(4)..b).any(|k| w(k) == "been")
}

/// Tenure, deadlines, clock times, ages, team sizes and effort talk.
fn is_not_a_result(index: &TextIndex, start: usize, end: usize) -> bool {
    let w = |i: usize| index.word(i);
    let before = if start == 0 { "" } else { w(start - 1) };
    let before2 = if start < 2 { "" } else { w(start - 2) };
    let last = w(end.saturating_sub(1));
    let after = w(end);
    let number = w(start);
    // A bare small number, not a rate ("two per cent") nor money or a large count.
    let bare = end == start + 1 && !RATE_AFTER.contains(&after);
    // Clock times: "5 pm", "9:30", "at 6", "by half six", "before nine", "twenty to eleven";
    // a bare hour after a word of time (not "at $265,000" or "by 40%").
    let dotted = matches!(after, "a" | "p") && w(end + 1) == "m"; // "6 a.m."
    if CLOCK_WORDS.contains(&after) || dotted || number.contains(':') {
        return true;
    }
    if bare && CLOCK_BEFORE.contains(&before) && is_hour(number) {
        return true;
    }
    if number == "half" && end == start + 2 && is_hour(last) {
        return true;
    }
    if matches!(after, "to" | "past") && is_hour(w(end + 1)) && !TIME_UNITS.contains(&last) {
        return true;
    }
    if bare && before == "to" && is_hour(number) && is_number(before2) {
        return true;
    }
    // Ages: "she was four", "since I was seventeen", "aged six".
    if bare && matches!(before, "was" | "were" | "aged" | "turned") && is_age(number) {
        return true;
    }
    // Tenure: "for 18 months", "six years at", "10 years of experience", "I've been doing it
    // three years", "eleven years now"; "a year and a half" is judged as its "a year".
    if let Some(unit) = and_a_half_of(index, start) {
        let phrase = if unit > 0 && matches!(w(unit - 1), "a" | "an") {
            unit - 1
        } else {
            unit
        };
        return is_tenure(index, phrase, unit + 1);
    }
    if TIME_UNITS.contains(&last) && is_tenure(index, start, end) {
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

    #[test]
    fn money_after_at_durations_and_changes_still_count() {
        assert!(quantified("We settled at £265,000."));
        assert!(quantified("It freed about two months of engineering time."));
        assert!(quantified("Waits dropped by a half."));
        assert!(quantified(
            "Failed deploys dropped from six a month to one."
        ));
        assert!(quantified("We renewed at two per cent."));
        assert!(quantified("The credit was £2,300."));
        assert!(quantified("The line was back up in half an hour."));
    }

    #[test]
    fn clock_times_ages_and_tenure_in_other_words_do_not() {
        assert!(!quantified("The tray was back on the shelf by half six."));
        assert!(!quantified("The form was signed off before nine."));
        assert!(!quantified("The call came at 6 a.m. on the Sunday."));
        assert!(!quantified("The file went over at twenty to eleven."));
        assert!(!quantified("I've been doing it three years."));
        assert!(!quantified(
            "I've been at the same place since I was seventeen."
        ));
        assert!(!quantified("Eleven years now on the vans."));
        assert!(!quantified(
            "I've been a junior reporter for about a year and a half."
        ));
        assert!(!quantified(
            "I worked in a supermarket for about eight years."
        ));
        assert!(quantified(
            "The refit took a year and a half less than planned."
        ));
    }

    #[test]
    fn time_amounts_told_with_a_or_one_count_but_rates_tenure_and_deadlines_do_not() {
        assert!(quantified("They arrived a day late."));
        assert!(quantified("He was home from hospital in a fortnight."));
        assert!(quantified("Claims got settled about a week quicker."));
        assert!(quantified("One day lost, that was all."));
        assert!(quantified("Sign-ups went up by a fifth."));
        assert!(!quantified("Now we meet once a week."));
        assert!(!quantified("I worked there for a year."));
        assert!(!quantified("We had a week to do it."));
        assert!(!quantified("She won on the fifth attempt."));
        assert!(!quantified("It went well in the end."));
    }

    #[test]
    fn the_term_of_an_agreement_won_is_not_tenure() {
        assert!(quantified("They renewed for two years."));
        assert!(quantified("The supplier fixed the price for three years."));
        assert!(quantified("We signed them up for 12 months."));
        assert!(!quantified("I ran the shop for six years."));
        assert!(!quantified("I was the deputy there for two years."));
    }
}
