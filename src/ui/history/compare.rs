//! The compare screen: two attempts side by side ([`crate::store::compare`] makes the rows),
//! its content kept clear of the floating scroll bar.

use super::*;
pub use crate::store::compare::{Change, CompareRow, PACE_BAND_WPM, compare_rows, improvements};

pub(super) fn compare_ui(
    ui: &mut egui::Ui,
    view: &mut HistoryView,
    store: &Store,
    a: &AttemptId,
    b: &AttemptId,
) {
    if ui.button("Back to all attempts").clicked() {
        view.screen = HistoryScreen::List;
        return;
    }
    view.listing(store);
    let (Some(first), Some(second)) = (view.summary(a).cloned(), view.summary(b).cloned()) else {
        view.messages.say(
            MessageKind::Warning,
            "One of the two attempts is no longer there.",
        );
        view.screen = HistoryScreen::List;
        return;
    };
    let (first_attempt, second_attempt) = match (store.get(a), store.get(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(err), _) | (_, Err(err)) => {
            view.messages.say(MessageKind::Error, err.to_string());
            view.screen = HistoryScreen::List;
            return;
        }
    };
    ui.heading("Compare two attempts");
    if first.prompt_id != second.prompt_id || first.prompt_id.is_empty() {
        ui.label(
            egui::RichText::new("These answer different prompts; the figures still compare.")
                .color(ui.visuals().warn_fg_color),
        );
    }
    ui.label(egui::RichText::new(&second.prompt_text).italics());
    let rows = compare_rows(&first, &second, second_attempt.prompt.target_seconds);
    // Floating scroll bars are drawn over the content's right edge: keep a gutter that wide so
    // the right-hand transcript is never under the bar. The scroll position is this screen's
    // own (Progress used to open scrolled to wherever Compare was).
    let scroll = &ui.spacing().scroll;
    let gutter = scroll.bar_inner_margin + scroll.bar_width + scroll.bar_outer_margin;
    egui::ScrollArea::vertical()
        .id_salt("history_compare_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let width = (ui.available_width() - gutter).max(100.0);
            ui.set_max_width(width);
            // A grid wider than the window scrolls sideways on its own instead of widening
            // the screen (and pushing the transcripts off it).
            egui::ScrollArea::horizontal()
                .id_salt("history_compare_grid")
                .show(ui, |ui| {
                    egui::Grid::new("compare_grid")
                        .striped(true)
                        .num_columns(4)
                        .spacing([16.0, 4.0])
                        .show(ui, |ui| {
                            let when = |s: &AttemptSummary| {
                                s.created
                                    .with_timezone(&Local)
                                    .format("%Y-%m-%d %H:%M")
                                    .to_string()
                            };
                            ui.label("");
                            ui.label(
                                egui::RichText::new(format!("Earlier ({})", when(&first))).strong(),
                            );
                            ui.label(
                                egui::RichText::new(format!("Later ({})", when(&second))).strong(),
                            );
                            ui.label(egui::RichText::new("Change").strong());
                            ui.end_row();
                            for row in &rows {
                                ui.label(&row.label);
                                ui.label(&row.first);
                                ui.label(&row.second);
                                let colour = if row.change.improved() {
                                    egui::Color32::from_rgb(60, 160, 80)
                                } else if row.change.worsened() {
                                    egui::Color32::from_rgb(200, 90, 60)
                                } else {
                                    ui.visuals().weak_text_color()
                                };
                                ui.label(egui::RichText::new(row.change.label()).color(colour));
                                ui.end_row();
                            }
                        });
                });
            ui.add_space(8.0);
            ui.heading("What improved");
            let improved = improvements(&rows);
            if improved.is_empty() {
                ui.label("No figure improved between these two attempts.");
            }
            for line in improved {
                ui.label(format!("- {line}"));
            }
            ui.add_space(8.0);
            ui.allocate_ui(egui::vec2(width, 0.0), |ui| {
                ui.columns(2, |columns| {
                    for (column, attempt) in
                        columns.iter_mut().zip([&first_attempt, &second_attempt])
                    {
                        column.strong("Transcript");
                        column.label(
                            attempt
                                .transcript
                                .as_ref()
                                .map_or("(not transcribed)", |t| t.text.as_str()),
                        );
                    }
                });
            });
        });
}
