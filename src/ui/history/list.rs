//! The list of past attempts: search, filters, selection for comparison.

use super::*;

pub(super) fn list_ui(ui: &mut egui::Ui, view: &mut HistoryView, store: &Store) {
    filters_ui(ui, view);
    let query = view.query();
    let listing = view.listing(store);
    let problems = listing.problems.clone();
    let total = listing.attempts.len();
    let shown: Vec<AttemptSummary> = listing
        .attempts
        .iter()
        .filter(|s| query.matches(s))
        .cloned()
        .collect();
    ui.horizontal(|ui| {
        ui.label(format!("{} of {total} attempts", shown.len()));
        if !problems.is_empty() {
            let details: Vec<_> = problems.iter().map(ToString::to_string).collect();
            ui.label(
                egui::RichText::new(format!("{} record(s) could not be read", problems.len()))
                    .color(ui.visuals().warn_fg_color),
            )
            .on_hover_text(details.join("\n"));
        }
        let ready = view.selected.len() == 2;
        if ui
            .add_enabled(ready, egui::Button::new("Compare selected"))
            .on_hover_text("Tick two attempts to compare them side by side")
            .clicked()
        {
            let mut pair = view.selected.clone();
            pair.sort();
            view.screen = HistoryScreen::Compare(pair[0].clone(), pair[1].clone());
        }
    });
    if total == 0 {
        ui.add_space(12.0);
        ui.label(
            "No attempts yet. Answer a prompt on the Practice tab; every attempt is kept here.",
        );
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, shown.len(), |ui, range| {
            for summary in &shown[range] {
                ui.horizontal(|ui| {
                    let mut ticked = view.selected.contains(&summary.id);
                    if ui
                        .checkbox(&mut ticked, "Select")
                        .on_hover_text("Select for comparison (tick two)")
                        .changed()
                    {
                        view.selected.retain(|id| *id != summary.id);
                        if ticked {
                            view.selected.push(summary.id.clone());
                            if view.selected.len() > 2 {
                                view.selected.remove(0);
                            }
                        }
                    }
                    let when = summary
                        .created
                        .with_timezone(&Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string();
                    ui.label(egui::RichText::new(when).monospace());
                    ui.label(summary.kind.label());
                    ui.label(format_duration(summary.duration_ms));
                    let score = summary
                        .overall()
                        .map_or("-".to_string(), |s| format!("{s:.0}"));
                    ui.label(egui::RichText::new(score).strong())
                        .on_hover_text("Mean score of the five areas");
                    let mut preview: String = summary
                        .prompt_text
                        .chars()
                        .take(PROMPT_PREVIEW_CHARS)
                        .collect();
                    if summary.prompt_text.chars().count() > PROMPT_PREVIEW_CHARS {
                        preview.push_str("...");
                    }
                    if ui
                        .link(preview)
                        .on_hover_text("Open this attempt")
                        .clicked()
                    {
                        view.screen = HistoryScreen::Attempt(summary.id.clone());
                        view.open = None;
                    }
                });
            }
        });
}
