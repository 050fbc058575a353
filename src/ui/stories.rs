//! The Stories tab: the story bank (list with search, a card per story, the editor), the
//! coverage grid of the seven skills, resume bullets turned into stories, and the
//! self-assessment view ([`super::assessment`]).
//!
//! Rules: like the history screens, the tab reads the store through a cached copy (refreshed
//! after a change, on demand, and when the app calls [`StoriesView::invalidate`] after keeping
//! an attempt), so drawing never touches the disk. It never records: "Practise this story"
//! returns [`Command::PractiseStory`] for the app to carry out. Every screen has an empty state
//! that says what to do first; every action is a focusable button (Tab / Enter), with Ctrl+N
//! for a new story, Ctrl+S to save in the editor and Escape to go back.

use eframe::egui;

use super::assessment::{AssessmentView, assessment_ui};
use super::command::Command;
use super::message::{MessageKind, Messages};
use crate::domain::{Element, Role, Skill};
use crate::store::{AttemptSummary, Store};
use crate::stories::assessment::review_status;
use crate::stories::bullet::{BulletCheck, check_bullet, story_from_bullet};
use crate::stories::coverage::{Cell, coverage, role_emphasis};
use crate::stories::practice::{CueCard, StoryCard, next_to_practise, story_prompt};
use crate::stories::{Assessment, Story, StoryId};
use chrono::{Local, Utc};

/// Which screen of the tab is shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum StoriesScreen {
    #[default]
    List,
    Card(StoryId),
    Edit,
    Coverage,
    Bullet,
    Assessment,
}

/// The story being written or edited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryDraft {
    /// `None` for a new story.
    pub id: Option<StoryId>,
    pub title: String,
    pub skills: Vec<Skill>,
    pub roles: Vec<Role>,
    /// Situation, Task, Action, Result, Learning.
    pub notes: [String; 5],
    /// One link or path per line.
    pub proof: String,
    /// Questions to answer, shown beside the notes (from a resume bullet).
    pub questions: Vec<String>,
    pub error: Option<String>,
}

impl StoryDraft {
    fn of(story: &Story) -> Self {
        StoryDraft {
            id: Some(story.id.clone()),
            title: story.title.clone(),
            skills: story.skills.clone(),
            roles: story.roles.clone(),
            notes: Element::ALL.map(|e| story.note(e).to_string()),
            proof: story.proof.join("\n"),
            questions: Vec::new(),
            error: None,
        }
    }

    fn apply(&self, story: &mut Story) {
        story.title = self.title.trim().to_string();
        story.skills = self.skills.clone();
        story.roles = self.roles.clone();
        for (i, element) in Element::ALL.into_iter().enumerate() {
            *story.note_mut(element) = self.notes[i].trim().to_string();
        }
        story.proof = self
            .proof
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
    }
}

/// What the tab read from the store.
#[derive(Debug, Default)]
struct Bank {
    stories: Vec<Story>,
    cards: Vec<StoryCard>,
    attempts: Vec<AttemptSummary>,
    assessments: Vec<Assessment>,
    problems: Vec<String>,
}

/// The state of the Stories tab (the UI thread owns it).
#[derive(Debug, Default)]
pub struct StoriesView {
    pub screen: StoriesScreen,
    pub search: String,
    /// The role whose emphasis the coverage grid marks.
    pub role: Option<Role>,
    pub draft: StoryDraft,
    pub bullet: String,
    pub bullet_check: Option<BulletCheck>,
    /// The story last moved to the trash, for the Undo button.
    pub last_deleted: Option<StoryId>,
    /// This screen's messages (saved, moved to the trash, a store error).
    pub messages: Messages,
    pub assessment: AssessmentView,
    bank: Option<Bank>,
}

impl StoriesView {
    /// Asks for a fresh read of the store next frame.
    pub fn invalidate(&mut self) {
        self.bank = None;
    }

    /// Opens the editor on a new story (with `skill` ticked, if given).
    pub fn new_story(&mut self, skill: Option<Skill>) {
        self.draft = StoryDraft {
            skills: skill.into_iter().collect(),
            ..StoryDraft::default()
        };
        self.screen = StoriesScreen::Edit;
    }

    fn bank(&mut self, store: &Store) -> &Bank {
        self.bank.get_or_insert_with(|| read_bank(store))
    }
}

fn read_bank(store: &Store) -> Bank {
    let mut bank = Bank::default();
    match store.list_stories() {
        Ok(listing) => {
            bank.stories = listing.stories;
            bank.problems
                .extend(listing.problems.iter().map(ToString::to_string));
        }
        Err(err) => bank.problems.push(err.to_string()),
    }
    match store.list() {
        Ok(listing) => bank.attempts = listing.attempts,
        Err(err) => bank.problems.push(err.to_string()),
    }
    match store.assessments() {
        Ok(listing) => {
            bank.assessments = listing.assessments;
            bank.problems
                .extend(listing.problems.iter().map(ToString::to_string));
        }
        Err(err) => bank.problems.push(err.to_string()),
    }
    bank.cards = bank
        .stories
        .iter()
        .map(|s| StoryCard::of(s, &bank.attempts))
        .collect();
    bank
}

/// A short name for a skill, for grid headers and chips.
pub fn short_label(skill: Skill) -> &'static str {
    match skill {
        Skill::Communication => "Communication",
        Skill::Leadership => "Leadership",
        Skill::ProblemSolving => "Problem solving",
        Skill::LearningAgility => "Learning agility",
        Skill::BusinessAcumen => "Business acumen",
        Skill::RiskManagement => "Risk management",
        Skill::Collaboration => "Collaboration",
    }
}

fn role_label(role: Role) -> &'static str {
    crate::prompts::role_emphasis(role).label
}

fn score_text(score: Option<u8>) -> String {
    score.map_or("-".into(), |s| s.to_string())
}

/// Draws the Stories tab.
pub fn stories_ui(ui: &mut egui::Ui, view: &mut StoriesView, store: &Store) -> Option<Command> {
    let mut command = None;
    // Escape goes back to the list (the editor keeps its draft until saved or cancelled).
    if view.screen != StoriesScreen::List
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        view.screen = StoriesScreen::List;
    }
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::N)) {
        view.new_story(None);
    }
    let on_bank = matches!(
        view.screen,
        StoriesScreen::List | StoriesScreen::Card(_) | StoriesScreen::Edit
    );
    let tabs = [
        ("Story bank", on_bank, StoriesScreen::List),
        (
            "Coverage",
            view.screen == StoriesScreen::Coverage,
            StoriesScreen::Coverage,
        ),
        (
            "From a resume bullet",
            view.screen == StoriesScreen::Bullet,
            StoriesScreen::Bullet,
        ),
        (
            "Self-assessment",
            view.screen == StoriesScreen::Assessment,
            StoriesScreen::Assessment,
        ),
    ];
    if super::layout::screens_ui(ui, &mut view.screen, tabs, "Read the data folder again") {
        view.invalidate();
    }
    if let Some(id) = super::layout::message_ui(ui, &mut view.messages, &mut view.last_deleted) {
        match store.restore_story(&id) {
            Ok(()) => view
                .messages
                .say(MessageKind::Success, "Restored the story."),
            Err(err) => view.messages.say(MessageKind::Error, err.to_string()),
        }
        view.invalidate();
    }
    let problems = view.bank(store).problems.clone();
    if !problems.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{} record(s) could not be read and were skipped (they are left untouched). First: {}",
                problems.len(),
                problems[0]
            ),
        );
    }
    ui.separator();
    match view.screen.clone() {
        StoriesScreen::List => list_ui(ui, view, store),
        StoriesScreen::Card(id) => command = card_ui(ui, view, store, &id),
        StoriesScreen::Edit => editor_ui(ui, view, store),
        StoriesScreen::Coverage => command = coverage_ui(ui, view, store),
        StoriesScreen::Bullet => bullet_ui(ui, view),
        StoriesScreen::Assessment => {
            let bank = view.bank(store);
            let (assessments, attempts) = (bank.assessments.clone(), bank.attempts.clone());
            if assessment_ui(ui, &mut view.assessment, store, &assessments, &attempts) {
                view.invalidate();
            }
        }
    }
    command
}

fn list_ui(ui: &mut egui::Ui, view: &mut StoriesView, store: &Store) {
    let review = review_status(&view.bank(store).assessments, Utc::now());
    if review.is_due() {
        ui.horizontal(|ui| {
            ui.colored_label(ui.visuals().warn_fg_color, review.sentence());
            if ui.button("Review now").clicked() {
                view.screen = StoriesScreen::Assessment;
            }
        });
    }
    ui.horizontal(|ui| {
        if ui
            .button("New story")
            .on_hover_text("Write a story from scratch (Ctrl+N)")
            .clicked()
        {
            view.new_story(None);
        }
        if ui.button("Start from a resume bullet").clicked() {
            view.screen = StoriesScreen::Bullet;
        }
        ui.label("Search:");
        ui.add(
            egui::TextEdit::singleline(&mut view.search)
                .hint_text("words in the title, notes or proof")
                .desired_width(260.0),
        );
    });
    let search = view.search.clone();
    let bank = view.bank(store);
    if bank.stories.is_empty() {
        ui.add_space(12.0);
        ui.heading("Your story bank is empty");
        ui.label(
            "Interviewers ask for proof of seven soft skills. Write one short story per skill: \
             what was at stake, what you did, what changed (in numbers) and what you learned.",
        );
        ui.label(
            "Start with New story (Ctrl+N), or paste a line of your resume under \
             From a resume bullet and answer the questions it raises.",
        );
        return;
    }
    let rows: Vec<(Story, StoryCard)> = bank
        .stories
        .iter()
        .zip(&bank.cards)
        .filter(|(s, _)| s.matches(&search))
        .map(|(s, c)| (s.clone(), c.clone()))
        .collect();
    ui.label(format!("{} of {} stories", rows.len(), bank.stories.len()));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("stories_list")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    ui.strong("Story");
                    ui.strong("Skills");
                    ui.strong("Told");
                    ui.strong("Best");
                    ui.end_row();
                    for (story, card) in rows {
                        if ui.button(&story.title).clicked() {
                            view.screen = StoriesScreen::Card(story.id.clone());
                        }
                        let skills: Vec<&str> =
                            story.skills.iter().map(|s| short_label(*s)).collect();
                        ui.label(skills.join(", "));
                        ui.label(card.times_told.to_string());
                        ui.label(score_text(card.best_score));
                        ui.end_row();
                    }
                });
        });
}

fn card_ui(
    ui: &mut egui::Ui,
    view: &mut StoriesView,
    store: &Store,
    id: &StoryId,
) -> Option<Command> {
    let bank = view.bank(store);
    let Some(position) = bank.stories.iter().position(|s| s.id == *id) else {
        ui.label("This story is no longer in the bank.");
        if ui.button("Back to the story bank").clicked() {
            view.screen = StoriesScreen::List;
        }
        return None;
    };
    let story = bank.stories[position].clone();
    let card = bank.cards[position].clone();
    let told: Vec<AttemptSummary> = bank
        .attempts
        .iter()
        .filter(|a| a.story_id.as_deref() == Some(id.as_str()))
        .cloned()
        .collect();
    let mut command = None;
    ui.horizontal(|ui| {
        if ui.button("Back").on_hover_text("Escape").clicked() {
            view.screen = StoriesScreen::List;
        }
        if ui
            .button("Practise this story")
            .on_hover_text(
                "Draw it as the prompt on the practice screen, notes hidden on a cue card",
            )
            .clicked()
        {
            command = Some(Command::PractiseStory(id.clone()));
        }
        if ui.button("Edit").clicked() {
            view.draft = StoryDraft::of(&story);
            view.screen = StoriesScreen::Edit;
        }
        if ui.button("Delete").clicked() {
            match store.delete_story(id) {
                Ok(()) => {
                    view.messages.say(
                        MessageKind::Info,
                        format!("Moved \"{}\" to the trash.", story.title),
                    );
                    view.last_deleted = Some(id.clone());
                    view.screen = StoriesScreen::List;
                }
                Err(err) => view.messages.say(MessageKind::Error, err.to_string()),
            }
            view.invalidate();
        }
    });
    ui.heading(&story.title);
    let skills: Vec<&str> = story.skills.iter().map(|s| s.label()).collect();
    ui.label(format!("Skills: {}", skills.join(", ")));
    if !story.roles.is_empty() {
        let roles: Vec<&str> = story.roles.iter().map(|r| role_label(*r)).collect();
        ui.label(format!("For: {}", roles.join(", ")));
    }
    ui.add_space(6.0);
    if card.practised() {
        let last = card
            .last_told
            .map(|t| t.with_timezone(&Local).format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        ui.label(format!(
            "Told {} time(s) · best score {} · latest {} · last told {last}",
            card.times_told,
            score_text(card.best_score),
            score_text(card.latest_score)
        ));
        for missing in &card.missing_last_time {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Last time: {}.", missing.sentence()),
            );
        }
    } else {
        ui.label("Not practised yet: press Practise this story to tell it out loud.");
    }
    ui.label(format!("Asked as: \"{}\"", story_prompt(&story, None).text));
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("story_notes")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for element in Element::ALL {
                        ui.strong(element.label());
                        let note = story.note(element).trim();
                        if note.is_empty() {
                            ui.weak("(no note yet)");
                        } else {
                            ui.label(note);
                        }
                        ui.end_row();
                    }
                    if !story.proof.is_empty() {
                        ui.strong("Proof");
                        ui.label(story.proof.join("\n"));
                        ui.end_row();
                    }
                });
            if !told.is_empty() {
                ui.add_space(8.0);
                ui.strong("Tellings");
                for attempt in told {
                    ui.label(format!(
                        "{}  score {}",
                        attempt
                            .created
                            .with_timezone(&Local)
                            .format("%Y-%m-%d %H:%M"),
                        attempt.overall().map_or("-".into(), |v| format!("{v:.0}"))
                    ));
                }
            }
        });
    command
}

fn editor_ui(ui: &mut egui::Ui, view: &mut StoriesView, store: &Store) {
    let save_key = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
    let draft = &mut view.draft;
    ui.heading(if draft.id.is_some() {
        "Edit story"
    } else {
        "New story"
    });
    if !draft.questions.is_empty() {
        ui.label("Answer these to turn the bullet into a story:");
        for q in &draft.questions {
            ui.label(format!("• {q}"));
        }
        ui.add_space(4.0);
    }
    let mut save = save_key;
    let mut cancel = false;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("story_editor")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    ui.label("Title");
                    ui.add(
                        egui::TextEdit::singleline(&mut draft.title)
                            .hint_text("e.g. Demystified the backup plan")
                            .desired_width(420.0),
                    );
                    ui.end_row();
                    ui.label("Skills");
                    ticks_ui(ui, &mut draft.skills, Skill::ALL, short_label);
                    ui.end_row();
                    ui.label("Target roles");
                    let roles = Role::ALL.into_iter().filter(|r| *r != Role::General);
                    ticks_ui(ui, &mut draft.roles, roles, role_label);
                    ui.end_row();
                    for (i, element) in Element::ALL.into_iter().enumerate() {
                        ui.label(element.label());
                        ui.add(
                            egui::TextEdit::multiline(&mut draft.notes[i])
                                .hint_text(note_hint(element))
                                .desired_rows(2)
                                .desired_width(420.0),
                        );
                        ui.end_row();
                    }
                    ui.label("Proof");
                    ui.add(
                        egui::TextEdit::multiline(&mut draft.proof)
                            .hint_text("links or file paths, one per line")
                            .desired_rows(2)
                            .desired_width(420.0),
                    );
                    ui.end_row();
                });
            if let Some(error) = &draft.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.horizontal(|ui| {
                save |= ui.button("Save story").on_hover_text("Ctrl+S").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
    if cancel {
        view.draft = StoryDraft::default();
        view.screen = StoriesScreen::List;
        return;
    }
    if !save {
        return;
    }
    let draft = view.draft.clone();
    let result = match &draft.id {
        Some(id) => store.update_story(id, |story| draft.apply(story)),
        None => {
            let mut story = Story::new("", Vec::new(), Utc::now());
            draft.apply(&mut story);
            store.create_story(story)
        }
    };
    match result {
        Ok(story) => {
            view.messages
                .say(MessageKind::Success, format!("Saved \"{}\".", story.title));
            view.last_deleted = None;
            view.draft = StoryDraft::default();
            view.screen = StoriesScreen::Card(story.id);
            view.invalidate();
        }
        Err(err) => view.draft.error = Some(format!("Not saved: {err}.")),
    }
}

/// One checkbox per item: ticking adds it to `chosen`, unticking takes it out.
fn ticks_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    chosen: &mut Vec<T>,
    items: impl IntoIterator<Item = T>,
    name: fn(T) -> &'static str,
) {
    ui.horizontal_wrapped(|ui| {
        for item in items {
            let mut on = chosen.contains(&item);
            if ui.checkbox(&mut on, name(item)).changed() {
                if on {
                    chosen.push(item);
                } else {
                    chosen.retain(|c| *c != item);
                }
            }
        }
    });
}

fn note_hint(element: Element) -> &'static str {
    match element {
        Element::Situation => "the context and what was at stake",
        Element::Task => "your responsibility or goal",
        Element::Action => "what you did, step by step",
        Element::Result => "what changed, in numbers if you can",
        Element::Learning => "what you learned or would do differently",
    }
}

fn coverage_ui(ui: &mut egui::Ui, view: &mut StoriesView, store: &Store) -> Option<Command> {
    let mut command = None;
    egui::ComboBox::from_label("Target role")
        .selected_text(view.role.map_or("None chosen", role_label))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut view.role, None, "None chosen");
            for role in Role::ALL {
                ui.selectable_value(&mut view.role, Some(role), role_label(role));
            }
        });
    let role = view.role;
    let bank = view.bank(store);
    let cov = coverage(&bank.stories, &bank.cards, role);
    let stories = bank.stories.clone();
    let next = next_to_practise(&bank.stories, &bank.cards).map(|s| s.id.clone());
    if let Some(role) = role {
        let names: Vec<&str> = role_emphasis(role)
            .iter()
            .map(|s| short_label(*s))
            .collect();
        ui.label(format!(
            "{} interviews lean on: {}",
            role_label(role),
            names.join(", ")
        ));
    }
    let gaps = cov.gaps();
    if gaps.is_empty() {
        ui.label("Every skill has at least one story.");
    } else {
        ui.horizontal_wrapped(|ui| {
            ui.label("No story yet for:");
            for skill in gaps {
                if ui
                    .button(format!("+ {}", short_label(skill)))
                    .on_hover_text("Write a story for this skill")
                    .clicked()
                {
                    view.new_story(Some(skill));
                }
            }
        });
    }
    if let Some(next) = next
        && ui
            .button("Practise the next gap")
            .on_hover_text("A story never told first, then one whose last telling lacked a part")
            .clicked()
    {
        command = Some(Command::PractiseStory(next));
    }
    ui.separator();
    if stories.is_empty() {
        ui.label("The grid fills in as you add stories: one row per story, one column per skill.");
        return command;
    }
    ui.label("told: every part said last time · lacked a part: the last telling missed one · not told: never practised · -: not about this skill");
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("coverage_grid")
                .striped(true)
                .num_columns(8)
                .show(ui, |ui| {
                    ui.strong("Story");
                    for row in &cov.skills {
                        let name = short_label(row.skill);
                        if row.emphasised {
                            ui.strong(format!("{name} *"))
                                .on_hover_text("Emphasised for the target role");
                        } else {
                            ui.strong(name);
                        }
                    }
                    ui.end_row();
                    for (story, (_, cells)) in stories.iter().zip(&cov.rows) {
                        if ui.button(&story.title).clicked() {
                            view.screen = StoriesScreen::Card(story.id.clone());
                        }
                        for cell in cells {
                            let (mark, tip) = match cell {
                                Cell::NotCovered => ("-", "Not about this skill"),
                                Cell::NeverPractised => ("not told", "Never practised"),
                                Cell::LackingPart => {
                                    ("lacked a part", "The last telling missed a part")
                                }
                                Cell::Practised => ("told", "Told with every part last time"),
                            };
                            ui.label(mark).on_hover_text(tip);
                        }
                        ui.end_row();
                    }
                    ui.strong("Stories / told");
                    for row in &cov.skills {
                        ui.label(format!("{} / {}", row.stories, row.practised));
                    }
                    ui.end_row();
                });
        });
    command
}

fn bullet_ui(ui: &mut egui::Ui, view: &mut StoriesView) {
    ui.heading("Turn a resume bullet into a story");
    ui.label(
        "Paste one line of your resume. A strong bullet has an action verb, a number and a \
         business outcome; a story adds what was at stake and what you learned.",
    );
    ui.add(
        egui::TextEdit::multiline(&mut view.bullet)
            .hint_text("e.g. Migrated SQL Server to Postgres")
            .desired_rows(2)
            .desired_width(520.0),
    );
    ui.horizontal(|ui| {
        let has_text = !crate::stories::bullet::clean(&view.bullet).is_empty();
        if ui
            .add_enabled(has_text, egui::Button::new("Check the bullet"))
            .clicked()
        {
            view.bullet_check = Some(check_bullet(&view.bullet));
        }
        if ui
            .add_enabled(has_text, egui::Button::new("Start a story from it"))
            .clicked()
        {
            let check = check_bullet(&view.bullet);
            let story = story_from_bullet(&view.bullet, None, Vec::new(), Utc::now());
            view.draft = StoryDraft {
                notes: Element::ALL.map(|e| story.note(e).to_string()),
                title: story.title,
                questions: check.questions.clone(),
                ..StoryDraft::default()
            };
            view.bullet_check = Some(check);
            view.screen = StoriesScreen::Edit;
        }
    });
    if let Some(check) = &view.bullet_check {
        let mark = |b: bool| if b { "yes" } else { "no" };
        ui.label(format!("Action verb: {}", mark(check.has_action)));
        ui.label(format!(
            "Number: {}{}",
            mark(check.has_number),
            if check.numbers.is_empty() {
                String::new()
            } else {
                format!(" ({})", check.numbers.join(", "))
            }
        ));
        ui.label(format!(
            "Business outcome: {}{}",
            mark(check.has_outcome),
            if check.outcomes.is_empty() {
                String::new()
            } else {
                format!(" ({})", check.outcomes.join(", "))
            }
        ));
        ui.strong("Questions for the missing parts");
        for q in &check.questions {
            ui.label(format!("• {q}"));
        }
    }
}

/// The story being practised on the practice screen: its id (linked to the kept attempt) and
/// its notes as a cue card, hidden until the user peeks.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryPractice {
    pub id: StoryId,
    pub cue_card: CueCard,
    pub peek: bool,
}

/// The Stories tab: the screens, or why the data folder cannot be used.
#[must_use]
pub fn stories_tab_ui(
    ui: &mut egui::Ui,
    view: &mut StoriesView,
    store: &Result<Store, String>,
) -> Option<Command> {
    match store {
        Ok(store) => stories_ui(ui, view, store),
        Err(err) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("The data folder cannot be opened, so stories cannot be kept: {err}"),
            );
            None
        }
    }
}

/// The cue card of the story being practised: a "Peek at your notes" toggle (Ctrl+K) over the
/// user's notes. Draws nothing when no story is being practised.
pub fn cue_card_ui(story: &mut Option<StoryPractice>, ui: &mut egui::Ui) {
    let Some(practice) = story else {
        return;
    };
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::K)) {
        practice.peek = !practice.peek;
    }
    ui.horizontal(|ui| {
        ui.label(format!("Your story: {}", practice.cue_card.title));
        let label = if practice.peek {
            "Hide your notes"
        } else {
            "Peek at your notes"
        };
        if ui.button(label).on_hover_text("Ctrl+K").clicked() {
            practice.peek = !practice.peek;
        }
    });
    if practice.peek {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            for (element, note) in &practice.cue_card.parts {
                ui.label(format!("{}: {note}", element.label()));
            }
            if practice.cue_card.parts.is_empty() {
                ui.weak("Your notes for this story are empty.");
            }
        });
    }
}
