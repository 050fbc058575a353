//! Progress over time: scores per area, fillers, pace, attempts per week, skill coverage.

use super::*;

fn day_number(summary: &AttemptSummary) -> f64 {
    summary.created.timestamp() as f64 / 86_400.0
}

fn date_axis(mark: egui_plot::GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    chrono::DateTime::from_timestamp((mark.value * 86_400.0) as i64, 0)
        .map(|d| d.with_timezone(&Local).format("%-d %b").to_string())
        .unwrap_or_default()
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
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.strong("Scores per area");
            Plot::new("history_scores")
                .height(PLOT_HEIGHT)
                .legend(Legend::default())
                .include_y(0.0)
                .include_y(100.0)
                .x_axis_formatter(date_axis)
                .allow_scroll(false)
                .show(ui, |plot| {
                    for area in Area::ALL {
                        let points: Vec<[f64; 2]> = analysed
                            .iter()
                            .filter_map(|s| {
                                Some([
                                    day_number(s),
                                    f64::from(*s.metrics.as_ref()?.scores.get(&area)?),
                                ])
                            })
                            .collect();
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
            ui.columns(2, |columns| {
                columns[0].strong("Fillers per minute");
                let fillers: Vec<[f64; 2]> = analysed
                    .iter()
                    .filter_map(|s| {
                        Some([
                            day_number(s),
                            f64::from(s.metrics.as_ref()?.fillers_per_minute?),
                        ])
                    })
                    .collect();
                Plot::new("history_fillers")
                    .height(PLOT_HEIGHT)
                    .include_y(0.0)
                    .x_axis_formatter(date_axis)
                    .allow_scroll(false)
                    .show(&mut columns[0], |plot| {
                        plot.line(Line::new("Fillers per minute", PlotPoints::from(fillers)))
                    });
                columns[1].strong("Pace (words per minute)");
                let pace: Vec<[f64; 2]> = analysed
                    .iter()
                    .filter_map(|s| Some([day_number(s), f64::from(s.metrics.as_ref()?.wpm?)]))
                    .collect();
                Plot::new("history_pace")
                    .height(PLOT_HEIGHT)
                    .include_y(0.0)
                    .x_axis_formatter(date_axis)
                    .allow_scroll(false)
                    .show(&mut columns[1], |plot| {
                        plot.line(Line::new("Words per minute", PlotPoints::from(pace)))
                    });
            });
            ui.columns(2, |columns| {
                columns[0].strong("Attempts per week");
                let bars: Vec<Bar> = p
                    .weeks
                    .iter()
                    .map(|w| {
                        Bar::new(
                            w.week_start
                                .and_hms_opt(0, 0, 0)
                                .map_or(0.0, |d| d.and_utc().timestamp() as f64 / 86_400.0),
                            w.attempts as f64,
                        )
                        .width(5.0)
                    })
                    .collect();
                Plot::new("history_weeks")
                    .height(PLOT_HEIGHT)
                    .x_axis_formatter(date_axis)
                    .allow_scroll(false)
                    .show(&mut columns[0], |plot| {
                        plot.bar_chart(BarChart::new("Attempts", bars))
                    });
                columns[1].strong("Story answers with all STAR parts, per week (%)");
                let share: Vec<[f64; 2]> = p
                    .weeks
                    .iter()
                    .filter(|w| w.story_answers > 0)
                    .filter_map(|w| {
                        let x = w.week_start.and_hms_opt(0, 0, 0)?.and_utc().timestamp() as f64
                            / 86_400.0;
                        Some([
                            x,
                            100.0 * w.story_answers_with_all_star as f64 / w.story_answers as f64,
                        ])
                    })
                    .collect();
                Plot::new("history_star")
                    .height(PLOT_HEIGHT)
                    .include_y(0.0)
                    .include_y(100.0)
                    .x_axis_formatter(date_axis)
                    .allow_scroll(false)
                    .show(&mut columns[1], |plot| {
                        plot.line(Line::new("All STAR parts", PlotPoints::from(share.clone())));
                        plot.points(
                            Points::new("All STAR parts", PlotPoints::from(share)).radius(3.0),
                        );
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
