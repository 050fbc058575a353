//! The compare screen: two attempts side by side ([`crate::store::compare`] makes the rows).

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
        view.message = Some("One of the two attempts is no longer there.".into());
        view.screen = HistoryScreen::List;
        return;
    };
    let (first_attempt, second_attempt) = match (store.get(a), store.get(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(err), _) | (_, Err(err)) => {
            view.message = Some(err.to_string());
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
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
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
                    ui.label(egui::RichText::new(format!("Earlier ({})", when(&first))).strong());
                    ui.label(egui::RichText::new(format!("Later ({})", when(&second))).strong());
                    ui.label(egui::RichText::new("Change").strong());
                    ui.end_row();
                    for row in &rows {
                        ui.label(&row.label);
                        ui.label(&row.first);
                        ui.label(&row.second);
                        let colour = match row.change {
                            Change::Better => egui::Color32::from_rgb(60, 160, 80),
                            Change::Worse => egui::Color32::from_rgb(200, 90, 60),
                            _ => ui.visuals().weak_text_color(),
                        };
                        ui.label(egui::RichText::new(row.change.label()).color(colour));
                        ui.end_row();
                    }
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
            ui.columns(2, |columns| {
                for (column, attempt) in columns.iter_mut().zip([&first_attempt, &second_attempt]) {
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
}
