//! The self-assessment view: rate each of the seven skills 1-5 with evidence and a next
//! action, keep every dated assessment, and see a skill's self-ratings over time beside the
//! scores measured on attempts at it.
//!
//! Rules: the form starts from the latest rating of each skill, so a monthly review changes
//! only what moved; saving keeps a new dated assessment of every skill that has a rating (none
//! is overwritten). The chart puts the self-rating on the 0-100 score scale (1 → 0, 5 → 100,
//! [`crate::stories::assessment::rating_as_score`]) as a line, and each analysed attempt at
//! the skill as a point. A gentle line says when the monthly review is due.

use chrono::{Local, Utc};
use eframe::egui;
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};
use std::collections::BTreeMap;

use super::stories::short_label;
use crate::domain::Skill;
use crate::store::{AttemptSummary, Store};
use crate::stories::assessment::{latest_ratings, rating_as_score, review_status, skill_history};
use crate::stories::record::{RATING_MAX, RATING_MIN};
use crate::stories::{Assessment, SkillRating};

/// Height of the ratings-over-time chart.
const CHART_HEIGHT: f32 = 200.0;

/// One skill's row of the form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RatingDraft {
    pub rating: Option<u8>,
    pub evidence: String,
    pub next_action: String,
}

/// The state of the self-assessment view.
#[derive(Debug, Default)]
pub struct AssessmentView {
    pub drafts: BTreeMap<Skill, RatingDraft>,
    /// The skill the chart shows.
    pub chart_skill: Option<Skill>,
    pub message: Option<String>,
    /// Whether the form was filled from the latest ratings.
    loaded: bool,
}

fn day_number(at: chrono::DateTime<Utc>) -> f64 {
    at.timestamp() as f64 / 86_400.0
}

fn date_axis(mark: egui_plot::GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    chrono::DateTime::from_timestamp((mark.value * 86_400.0) as i64, 0)
        .map(|d| d.with_timezone(&Local).format("%-d %b").to_string())
        .unwrap_or_default()
}

/// Draws the view. Returns true when an assessment was saved (the caller re-reads the store).
pub fn assessment_ui(
    ui: &mut egui::Ui,
    view: &mut AssessmentView,
    store: &Store,
    assessments: &[Assessment],
    attempts: &[AttemptSummary],
) -> bool {
    if !view.loaded {
        for (skill, current) in latest_ratings(assessments) {
            view.drafts.insert(
                skill,
                RatingDraft {
                    rating: Some(current.rating.rating),
                    evidence: current.rating.evidence,
                    next_action: current.rating.next_action,
                },
            );
        }
        view.loaded = true;
    }
    let review = review_status(assessments, Utc::now());
    ui.heading("Self-assessment");
    let colour = if review.is_due() {
        ui.visuals().warn_fg_color
    } else {
        ui.visuals().text_color()
    };
    ui.colored_label(colour, review.sentence());
    ui.label("Rate each skill from 1 (needs development) to 5 (strength); say what shows it and what you will do next.");
    let mut save = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
    let mut saved = false;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("assessment_form")
                .striped(true)
                .num_columns(4)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    ui.strong("Skill");
                    ui.strong("Rating");
                    ui.strong("Evidence");
                    ui.strong("Next action");
                    ui.end_row();
                    for skill in Skill::ALL {
                        let draft = view.drafts.entry(skill).or_default();
                        ui.label(skill.label());
                        ui.horizontal(|ui| {
                            for value in RATING_MIN..=RATING_MAX {
                                let on = draft.rating == Some(value);
                                if ui
                                    .selectable_label(on, value.to_string())
                                    .on_hover_text(format!("{} {value}", short_label(skill)))
                                    .clicked()
                                {
                                    draft.rating = if on { None } else { Some(value) };
                                }
                            }
                        });
                        ui.add(
                            egui::TextEdit::singleline(&mut draft.evidence)
                                .hint_text("documents, feedback, results")
                                .desired_width(220.0),
                        );
                        ui.add(
                            egui::TextEdit::singleline(&mut draft.next_action)
                                .hint_text("the gap and the next step")
                                .desired_width(220.0),
                        );
                        ui.end_row();
                    }
                });
            let rated = view.drafts.values().filter(|d| d.rating.is_some()).count();
            ui.horizontal(|ui| {
                save |= ui
                    .add_enabled(rated > 0, egui::Button::new("Save assessment"))
                    .on_hover_text("Keeps a new dated assessment (Ctrl+S)")
                    .clicked();
                ui.label(format!("{rated} of 7 skills rated"));
            });
            if save && rated > 0 {
                let ratings: Vec<SkillRating> = Skill::ALL
                    .into_iter()
                    .filter_map(|skill| {
                        let d = view.drafts.get(&skill)?;
                        Some(SkillRating {
                            skill,
                            rating: d.rating?,
                            evidence: d.evidence.trim().to_string(),
                            next_action: d.next_action.trim().to_string(),
                        })
                    })
                    .collect();
                view.message = Some(
                    match store.add_assessment(Assessment::new(ratings, Utc::now())) {
                        Ok(a) => {
                            saved = true;
                            format!(
                                "Saved your self-assessment of {} skill(s) on {}.",
                                a.ratings.len(),
                                a.created.with_timezone(&Local).format("%Y-%m-%d")
                            )
                        }
                        Err(err) => format!("Not saved: {err}"),
                    },
                );
            }
            if let Some(message) = &view.message {
                ui.label(message);
            }
            ui.separator();
            chart_ui(ui, view, assessments, attempts);
        });
    saved
}

fn chart_ui(
    ui: &mut egui::Ui,
    view: &mut AssessmentView,
    assessments: &[Assessment],
    attempts: &[AttemptSummary],
) {
    ui.horizontal(|ui| {
        ui.strong("Self-rating against measured scores:");
        let chosen = view.chart_skill.unwrap_or(Skill::Communication);
        egui::ComboBox::from_label("Skill to chart")
            .selected_text(short_label(chosen))
            .show_ui(ui, |ui| {
                for skill in Skill::ALL {
                    ui.selectable_value(&mut view.chart_skill, Some(skill), short_label(skill));
                }
            });
    });
    let skill = view.chart_skill.unwrap_or(Skill::Communication);
    let history = skill_history(skill, assessments, attempts);
    if history.ratings.is_empty() && history.measured.is_empty() {
        ui.label(format!(
            "Nothing to chart for {} yet: rate it above and practise a prompt or story about it.",
            short_label(skill)
        ));
        return;
    }
    let mut summary = Vec::new();
    if let Some((_, rating)) = history.ratings.last() {
        summary.push(format!(
            "self-rating {rating}/5 ({:.0} on the score scale)",
            rating_as_score(*rating)
        ));
    } else {
        summary.push("not rated yet".into());
    }
    if history.measured.is_empty() {
        summary.push("no analysed attempt yet".into());
    } else {
        let mean = history.measured.iter().map(|m| f64::from(m.1)).sum::<f64>()
            / history.measured.len() as f64;
        summary.push(format!(
            "measured average {mean:.0} over {} attempt(s)",
            history.measured.len()
        ));
    }
    ui.label(format!("{}: {}", short_label(skill), summary.join(" · ")));
    let ratings: Vec<[f64; 2]> = history
        .ratings
        .iter()
        .map(|(at, r)| [day_number(*at), rating_as_score(*r)])
        .collect();
    let measured: Vec<[f64; 2]> = history
        .measured
        .iter()
        .map(|(at, s)| [day_number(*at), f64::from(*s)])
        .collect();
    Plot::new("assessment_chart")
        .height(CHART_HEIGHT)
        .legend(Legend::default())
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_formatter(date_axis)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(Line::new("Self-rating", PlotPoints::from(ratings.clone())));
            plot.points(Points::new("Self-rating", PlotPoints::from(ratings)).radius(4.0));
            plot.points(Points::new("Measured score", PlotPoints::from(measured)).radius(3.0));
        });
}
