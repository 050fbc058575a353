//! Value cues: evidence that the speaker solves problems someone pays for.
//!
//! Rules: four kinds of cue, each found by token patterns.
//! - Quantity: a number with its unit ("40%", "$2,000", "three weeks", "twice"); years and
//!   "N years ago" are dates, not measures.
//! - Business outcome: words that tie the work to cost, revenue, risk, customers or compliance.
//! - Ownership: "I led", "I owned", "I took ownership", "I volunteered".
//! - Problem solving: diagnosis and method ("root cause", "figured out", "tested",
//!   "experiment").
//!
//! A result is *quantified* when a Result sentence holds a quantity (decided in
//! [`super::analyze`], where the structure is known).
//!
//! Sources: the seeds (docs/sources.md) ("Demonstrating Value": you didn't
//! migrate SQL Server, "you reduced costs by 30%"); the seeds (docs/sources.md)
//! (2.5 Business acumen: risk reduction, margin, customer satisfaction; 2.3 problem solving:
//! root cause, 5 Whys, quantified outcomes).

use super::delivery::TokenSpan;
use super::lexicon::Lexicon;
use super::text::{TextIndex, is_number};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The kind of a value cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueCueKind {
    Quantity,
    Business,
    Ownership,
    ProblemSolving,
}

impl ValueCueKind {
    pub fn label(self) -> &'static str {
        match self {
            ValueCueKind::Quantity => "quantity",
            ValueCueKind::Business => "business outcome",
            ValueCueKind::Ownership => "ownership",
            ValueCueKind::ProblemSolving => "problem solving",
        }
    }
}

/// Words that measure what a number counts; they join the number's span.
const MEASURE_WORDS: &[&str] = &[
    "percent",
    "%",
    "dollars",
    "euros",
    "pounds",
    "k",
    "grand",
    "million",
    "billion",
    "thousand",
    "hundred",
    "hours",
    "hour",
    "minutes",
    "minute",
    "seconds",
    "second",
    "milliseconds",
    "ms",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "people",
    "customers",
    "users",
    "clients",
    "patients",
    "students",
    "tickets",
    "incidents",
    "outages",
    "alerts",
    "times",
    "x",
    "points",
    "deals",
    "accounts",
    "engineers",
    "servers",
    "services",
    "errors",
    "calls",
    "pages",
    "beds",
    "shifts",
    "staff",
    "members",
    "schools",
    "sites",
];

static BUSINESS: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "cost",
        "costs",
        "revenue",
        "risk",
        "risks",
        "customer",
        "customers",
        "compliance",
        "audit",
        "audits",
        "churn",
        "retention",
        "sales",
        "profit",
        "margin",
        "margins",
        "budget",
        "savings",
        "downtime",
        "outage",
        "outages",
        "sla",
        "slo",
        "slas",
        "satisfaction",
        "nps",
        "safety",
        "conversion",
        "roi",
        "efficiency",
        "fines",
        "market share",
        "renewal",
        "renewals",
        "contract",
        "quota",
        "bookings",
        "uptime",
        "on time",
        "under budget",
        "headcount",
        "overtime",
        "errors",
        "complaints",
        "readmissions",
        "throughput",
    ])
});

static OWNERSHIP: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "i led",
        "i owned",
        "i took ownership",
        "i drove",
        "i was responsible",
        "i took the lead",
        "i volunteered",
        "i stepped up",
        "i took charge",
        "i initiated",
        "i championed",
        "i proposed",
        "end-to-end",
        "end to end",
        "i spearheaded",
        "i ran the",
        "i pushed for",
        "i decided",
        "i designed",
        "i built",
        "i set up",
        "i created",
    ])
});

static PROBLEM_SOLVING: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "root cause",
        "diagnos*",
        "figured out",
        "investigat*",
        "debug*",
        "troubleshoot*",
        "hypothes*",
        "experiment*",
        "analysed",
        "analyzed",
        "analysis",
        "analysing",
        "analyzing",
        "traced",
        "dug into",
        "narrowed",
        "5 whys",
        "five whys",
        "post-mortem",
        "postmortem",
        "tested",
        "measured",
        "identified",
        "prototyp*",
        "benchmark*",
        "pinpoint*",
        "reproduc*",
        "compared",
        "mapped",
        "audited",
    ])
});

/// One value cue: tokens and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueHit {
    pub span: TokenSpan,
    pub kind: ValueCueKind,
}

pub fn find(index: &TextIndex) -> Vec<ValueHit> {
    let all = 0..index.tokens.len();
    let mut hits = quantities(index);
    for (lexicon, kind) in [
        (&*BUSINESS, ValueCueKind::Business),
        (&*OWNERSHIP, ValueCueKind::Ownership),
        (&*PROBLEM_SOLVING, ValueCueKind::ProblemSolving),
    ] {
        hits.extend(
            lexicon
                .find(index, all.clone())
                .into_iter()
                .map(|h| ValueHit {
                    span: TokenSpan {
                        start: h.start,
                        end: h.end,
                    },
                    kind,
                }),
        );
    }
    hits.sort_by_key(|h| (h.span.start, h.span.end));
    hits
}

/// Numbers with their measure words, skipping dates.
pub fn quantities(index: &TextIndex) -> Vec<ValueHit> {
    let mut out = Vec::new();
    let n = index.tokens.len();
    let mut i = 0;
    while i < n {
        let w = index.word(i);
        if !is_number(w) || is_date(index, i) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < n
            && (is_number(index.word(end)) || MEASURE_WORDS.contains(&index.word(end)))
            && !index.punct_after(end - 1)
        {
            end += 1;
        }
        out.push(ValueHit {
            span: TokenSpan { start: i, end },
            kind: ValueCueKind::Quantity,
        });
        i = end;
    }
    out
}

fn is_date(index: &TextIndex, i: usize) -> bool {
    let w = index.word(i);
    let year = w.len() == 4
        && w.chars().all(|c| c.is_ascii_digit())
        && (w.starts_with("19") || w.starts_with("20"));
    let ago = matches!(index.word(i + 1), "years" | "months" | "year" | "month")
        && index.word(i + 2) == "ago";
    let age = matches!(index.word(i + 1), "year-old" | "years-old");
    year || ago || age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<(String, ValueCueKind)> {
        let idx = TextIndex::new(text);
        find(&idx)
            .into_iter()
            .map(|h| {
                let (a, b) = idx.span(h.span.start, h.span.end);
                (text[a..b].to_string(), h.kind)
            })
            .collect()
    }

    #[test]
    fn a_number_takes_its_measure_word() {
        assert_eq!(
            cues("It took three weeks.")[0],
            ("three weeks".into(), ValueCueKind::Quantity)
        );
    }

    #[test]
    fn years_and_ago_are_dates_not_quantities() {
        assert!(cues("In 2019, two years ago, it rained.").is_empty());
    }

    #[test]
    fn cost_and_ownership_and_root_cause_are_found() {
        let kinds: Vec<_> = cues("I led the fix, found the root cause and cut costs.")
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(
            kinds,
            [
                ValueCueKind::Ownership,
                ValueCueKind::ProblemSolving,
                ValueCueKind::Business
            ]
        );
    }

    #[test]
    fn money_and_percent_are_quantities() {
        let got = cues("We saved $40,000 and 30% of the time.");
        assert_eq!(got[0].0, "$40,000");
        assert_eq!(got[1].0, "30%");
    }
}
