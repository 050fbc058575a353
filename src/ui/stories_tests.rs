//! The Stories tab and the self-assessment view driven through egui_kittest by their labels, on
//! a temporary store.

use super::command::Command;
use super::stories::{StoriesScreen, StoriesView, stories_ui};
use crate::domain::{Element, Skill};
use crate::store::tests::fixture;
use crate::store::{PromptSnapshot, Store};
use crate::stories::Story;
use crate::stories::practice::story_prompt;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct State {
    view: StoriesView,
    store: Store,
    commands: Vec<Command>,
    _dir: tempfile::TempDir,
}

fn harness() -> Harness<'static, State> {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let state = State {
        view: StoriesView::default(),
        store,
        commands: Vec::new(),
        _dir: dir,
    };
    Harness::builder()
        .with_size([1200.0, 900.0])
        .build_ui_state(
            |ui: &mut egui::Ui, state: &mut State| {
                if let Some(command) = stories_ui(ui, &mut state.view, &state.store) {
                    state.commands.push(command);
                }
            },
            state,
        )
}

#[test]
fn an_empty_bank_explains_what_to_do_first_and_a_new_story_is_saved() {
    let mut h = harness();
    h.run();
    h.get_by_label("Your story bank is empty");
    h.get_by_label("New story").click();
    h.run();
    assert_eq!(h.state().view.screen, StoriesScreen::Edit);
    // The first text field is the title.
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap()
        .focus();
    h.run();
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap()
        .type_text("Cut the cloud bill");
    h.run();
    // Saving without a skill is refused with a message, and nothing is written.
    h.get_by_label("Save story").click();
    h.run();
    h.get_by_label_contains("needs at least one skill");
    assert!(h.state().store.list_stories().unwrap().stories.is_empty());
    h.get_by_label("Business acumen").click();
    h.run();
    h.get_by_label("Save story").click();
    h.run();
    let stories = h.state().store.list_stories().unwrap().stories;
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].title, "Cut the cloud bill");
    assert_eq!(stories[0].skills, vec![Skill::BusinessAcumen]);
    assert_eq!(
        h.state().view.screen,
        StoriesScreen::Card(stories[0].id.clone())
    );
    h.get_by_label_contains("Not practised yet");
    h.get_by_label("Practise this story").click();
    h.run();
    assert_eq!(
        h.state().commands,
        vec![Command::PractiseStory(stories[0].id.clone())]
    );
}

#[test]
fn the_card_shows_tellings_and_what_the_last_one_lacked_and_delete_can_be_undone() {
    let mut h = harness();
    let mut story = Story::new(
        "Checkout outages",
        vec![Skill::ProblemSolving],
        chrono::Utc::now(),
    );
    story.result = "Errors dropped by 40%.".into();
    let story = h.state().store.create_story(story).unwrap();
    let mut attempt = fixture::attempt(
        "2026-11-20T10:00:00Z",
        PromptSnapshot::of(&story_prompt(&story, None), None),
        "I fixed it.",
        fixture::feedback([70; 5], &[Element::Situation, Element::Action], 140.0, 1.0),
    );
    attempt.story_id = Some(story.id.to_string());
    h.state().store.create(attempt, None).unwrap();
    h.state_mut().view.invalidate();
    h.state_mut().view.screen = StoriesScreen::Card(story.id.clone());
    h.run();
    h.get_by_label_contains("Told 1 time(s) · best score 70 · latest 70");
    h.get_by_label("Last time: no Result said out loud, although your notes have one.");
    h.get_by_label("Delete").click();
    h.run();
    assert_eq!(h.state().view.screen, StoriesScreen::List);
    h.get_by_label("Your story bank is empty");
    h.get_by_label("Undo").click();
    h.run();
    h.get_by_label("Checkout outages");
    assert!(h.state().store.get_story(&story.id).is_ok());
    // The coverage grid marks the story's skill as told with a part missing.
    h.get_by_label("Coverage").click();
    h.run();
    h.get_by_label("lacked a part");
    h.get_by_label("+ Leadership");
}

#[test]
fn a_resume_bullet_is_checked_and_opens_a_story_with_questions() {
    let mut h = harness();
    h.run();
    h.get_by_label("From a resume bullet").click();
    h.run();
    h.state_mut().view.bullet = "Migrated SQL Server to Postgres".into();
    h.run();
    h.get_by_label("Check the bullet").click();
    h.run();
    h.get_by_label("Action verb: yes");
    h.get_by_label("Number: no");
    h.get_by_label("Start a story from it").click();
    h.run();
    assert_eq!(h.state().view.screen, StoriesScreen::Edit);
    assert_eq!(
        h.state().view.draft.notes[2],
        "Migrated SQL Server to Postgres"
    );
    h.get_by_label_contains("What was at stake");
}

#[test]
fn rating_skills_keeps_a_dated_assessment_and_charts_it() {
    let mut h = harness();
    h.run();
    h.get_by_label("Self-assessment").click();
    h.run();
    h.get_by_label_contains("No self-assessment yet");
    // The rating buttons run 1-5 per skill in the framework's order; Leadership is second.
    h.get_all_by_label("4").nth(1).unwrap().click();
    h.run();
    h.get_by_label("Save assessment").click();
    h.run();
    let saved = h.state().store.assessments().unwrap().assessments;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].ratings.len(), 1);
    assert_eq!(saved[0].ratings[0].skill, Skill::Leadership);
    assert_eq!(saved[0].ratings[0].rating, 4);
    h.get_by_label_contains("up to date");
    h.state_mut().view.assessment.chart_skill = Some(Skill::Leadership);
    h.run();
    h.get_by_label("Leadership: self-rating 4/5 (75 on the score scale) · no analysed attempt yet");
}
