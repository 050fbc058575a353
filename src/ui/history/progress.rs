//! Progress over time: scores per area, fillers, pace, attempts per week, skill coverage.
//!
//! Rules: the x axis follows the span of the attempts ([`super::axis`]: time of day within a
//! day or two, attempt numbers for a burst, dates beyond), and a caption says which; weekly
//! charts have one slot per week named by its Monday. The legend sits above a chart, never on
//! its newest points, and hovering a point or bar shows its value and when. The screen keeps its
//! own scroll position (it opens at the top, whatever Compare was scrolled to).

use super::axis::{Mark, TimeAxis, WeekAxis, hover_text};
use super::*;
use crate::store::Metrics;
use chrono::NaiveDateTime;
use egui_plot::{GridInput, GridMark, HoverPosition};

fn local_time(summary: &AttemptSummary) -> NaiveDateTime {
    summary.created.with_timezone(&Local).naive_local()
}

fn grid(marks: Vec<Mark>) -> Vec<GridMark> {
    marks
        .into_iter()
        .map(|m| GridMark {
            value: m.value,
            step_size: m.step,
        })
        .collect()
}

/// A plot over attempts in time: its marks, labels and hover text come from `axis`; `value`
/// formats a y value for the hover label.
fn time_plot<'a>(id: &str, axis: &'a TimeAxis, value: fn(f64) -> String) -> Plot<'a> {
    let mut plot = Plot::new(id)
        .height(PLOT_HEIGHT)
        .allow_scroll(false)
        .x_grid_spacer(move |input: GridInput| {
            grid(axis.marks(input.bounds.0, input.bounds.1, input.base_step_size))
        })
        .x_axis_formatter(move |mark, _range| axis.label(mark.value))
        .label_formatter(move |pos: &HoverPosition<'_>| match pos {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(hover_text(
                plot_name,
                &value(position.y),
                &axis.point_label(position.x),
            )),
            HoverPosition::Elsewhere { .. } => None,
        });
    if let Some((min, max)) = axis.bounds_hint() {
        plot = plot.include_x(min).include_x(max);
    }
    plot
}

/// A bar chart with one slot per week; each bar's hover text is its name.
fn week_plot<'a>(id: &str, axis: &'a WeekAxis) -> Plot<'a> {
    let (min, max) = axis.bounds();
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .allow_scroll(false)
        .include_x(min)
        .include_x(max)
        .include_y(0.0)
        .x_grid_spacer(move |input: GridInput| {
            grid(axis.marks(input.bounds.0, input.bounds.1, input.base_step_size))
        })
        .x_axis_formatter(move |mark, _range| axis.label(mark.value))
}

/// The legend above a chart: one coloured swatch and name per series.
fn legend_row(ui: &mut egui::Ui, entries: &[(&str, egui::Color32)]) {
    ui.horizontal_wrapped(|ui| {
        for (name, colour) in entries {
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 2.0, *colour);
            ui.label(*name);
            ui.add_space(8.0);
        }
    });
}

fn caption(ui: &mut egui::Ui, axis: &TimeAxis) {
    ui.label(
        egui::RichText::new(format!("Across: {}", axis.caption()))
            .small()
            .weak(),
    );
}

fn whole(v: f64) -> String {
    format!("{v:.0}")
}

fn per_minute(v: f64) -> String {
    format!("{v:.1} a minute")
}

fn wpm(v: f64) -> String {
    format!("{v:.0} words a minute")
}

fn area_colour(area: Area) -> egui::Color32 {
    match area {
        Area::Timing => egui::Color32::from_rgb(86, 132, 204),
        Area::Delivery => egui::Color32::from_rgb(215, 70, 70),
        Area::Structure => egui::Color32::from_rgb(70, 160, 100),
        Area::Value => egui::Color32::from_rgb(220, 150, 50),
        Area::Rapport => egui::Color32::from_rgb(200, 90, 160),
    }
}

pub(super) fn progress_ui(ui: &mut egui::Ui, view: &mut HistoryView, store: &Store) {
    // A wordless take (kept only because the user asked) is no practice: no line shows it.
    let summaries: Vec<AttemptSummary> = view
        .listing(store)
        .attempts
        .iter()
        .rev()
        .filter(|s| s.counts_as_practice())
        .cloned()
        .collect();
    let p = progress(&summaries, Local::now().date_naive());
    ui.heading("Progress");
    let mut facts = vec![
        format!("{} attempts ({} analysed)", p.attempts, p.analysed),
        format!("{} of practice", format_duration(p.practice_ms)),
        format!("streak: {} day(s)", p.streak_days),
    ];
    if let Some(share) = p.all_star_share() {
        facts.push(format!(
            "{} of {} story answers had all STAR parts ({:.0}%)",
            p.story_answers_with_all_star,
            p.story_answers,
            share * 100.0
        ));
    }
    ui.label(facts.join(" · "));
    if summaries.is_empty() {
        ui.label("No attempts yet: progress appears after your first answers.");
        return;
    }
    let analysed: Vec<&AttemptSummary> = summaries.iter().filter(|s| s.metrics.is_some()).collect();
    let times: Vec<NaiveDateTime> = analysed.iter().map(|s| local_time(s)).collect();
    let axis = TimeAxis::for_times(&times);
    let series = |f: &dyn Fn(&Metrics) -> Option<f64>| -> Vec<[f64; 2]> {
        analysed
            .iter()
            .filter_map(|s| Some([axis.x(local_time(s)), f(s.metrics.as_ref()?)?]))
            .collect()
    };
    let weeks = WeekAxis::new(p.weeks.iter().map(|w| w.week_start).collect());
    egui::ScrollArea::vertical()
        .id_salt("history_progress_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.strong("Scores per area");
            let legend: Vec<(&str, egui::Color32)> = Area::ALL
                .iter()
                .map(|&a| (a.label(), area_colour(a)))
                .collect();
            legend_row(ui, &legend);
            time_plot("history_scores", &axis, whole)
                .include_y(0.0)
                .include_y(100.0)
                .show(ui, |plot| {
                    for area in Area::ALL {
                        let points = series(&|m| m.scores.get(&area).map(|&v| f64::from(v)));
                        plot.line(
                            Line::new(area.label(), PlotPoints::from(points.clone()))
                                .color(area_colour(area)),
                        );
                        plot.points(
                            Points::new(area.label(), PlotPoints::from(points))
                                .color(area_colour(area))
                                .radius(2.5),
                        );
                    }
                });
            caption(ui, &axis);
            ui.columns(2, |columns| {
                columns[0].strong("Fillers per minute");
                let fillers = series(&|m| m.fillers_per_minute.map(f64::from));
                time_plot("history_fillers", &axis, per_minute)
                    .include_y(0.0)
                    .show(&mut columns[0], |plot| {
                        plot.line(Line::new("Fillers", PlotPoints::from(fillers.clone())));
                        plot.points(Points::new("Fillers", PlotPoints::from(fillers)).radius(2.5));
                    });
                caption(&mut columns[0], &axis);
                columns[1].strong("Pace (words per minute)");
                let pace = series(&|m| m.wpm.map(f64::from));
                time_plot("history_pace", &axis, wpm).include_y(0.0).show(
                    &mut columns[1],
                    |plot| {
                        plot.line(Line::new("Pace", PlotPoints::from(pace.clone())));
                        plot.points(Points::new("Pace", PlotPoints::from(pace)).radius(2.5));
                    },
                );
                caption(&mut columns[1], &axis);
            });
            ui.columns(2, |columns| {
                columns[0].strong("Attempts per week");
                let bars: Vec<Bar> = p
                    .weeks
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        Bar::new(i as f64, w.attempts as f64)
                            .width(0.6)
                            .name(format!(
                                "{}: {} attempt(s)",
                                weeks.label(i as f64),
                                w.attempts
                            ))
                    })
                    .collect();
                week_plot("history_weeks", &weeks).show(&mut columns[0], |plot| {
                    plot.bar_chart(
                        BarChart::new("Attempts", bars)
                            .element_formatter(Box::new(|bar, _| bar.name.clone())),
                    )
                });
                columns[1].strong("Story answers with all STAR parts, per week (%)");
                let share: Vec<Bar> = p
                    .weeks
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.story_answers > 0)
                    .map(|(i, w)| {
                        let percent =
                            100.0 * w.story_answers_with_all_star as f64 / w.story_answers as f64;
                        Bar::new(i as f64, percent).width(0.6).name(format!(
                            "{}: {percent:.0}% ({} of {} story answers)",
                            weeks.label(i as f64),
                            w.story_answers_with_all_star,
                            w.story_answers
                        ))
                    })
                    .collect();
                week_plot("history_star", &weeks)
                    .include_y(100.0)
                    .show(&mut columns[1], |plot| {
                        plot.bar_chart(
                            BarChart::new("All STAR parts", share)
                                .color(area_colour(Area::Structure))
                                .element_formatter(Box::new(|bar, _| bar.name.clone())),
                        )
                    });
            });
            ui.strong("The seven soft skills");
            egui::Grid::new("history_skills")
                .num_columns(3)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for s in &p.skills {
                        ui.label(s.skill.label());
                        ui.label(format!("{} attempt(s)", s.attempts));
                        match s.average_score {
                            Some(score) => ui.add(
                                egui::ProgressBar::new(score / 100.0)
                                    .text(format!("average {score:.0}"))
                                    .desired_width(180.0),
                            ),
                            None => ui.label(egui::RichText::new("not practised yet").weak()),
                        };
                        ui.end_row();
                    }
                });
        });
}
