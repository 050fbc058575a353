//! Sentence roles judged by a learned model: each unit (sentence or clause, see
//! [`super::text`]) gets one role (situation, task, action, result, learning or none) with a
//! confidence, plus hypothetical / habitual flags, decided with its neighbours and its place in
//! the answer.
//!
//! Rule: every unit is embedded by the sentence encoder ([`crate::encoder`], all-MiniLM-L6-v2);
//! its features are [its vector, the mean vector of its two neighbours, its position, its
//! length, the phrase-list judgement of [`super::structure`] for it and its neighbours (kept as
//! features, not as the decision), number and quantity cues, the prompt's kind]
//! ([`features`]). A softmax head (after a hidden layer when cross-validation prefers one)
//! gives per-unit role probabilities and a Viterbi decoder picks the best sequence under learned
//! role-to-role transitions (stories run S -> T -> A -> R -> L), weighted by
//! [`heads::Heads::transition_weight`]; for the roles in [`heads::Heads::with_rules`] a unit the
//! phrase-list rules give that role tells it too. A second head decides whether the answer is
//! a story at all or tells what the speaker would do or always does (only when some unit holds
//! such a cue); inside such an answer the units that say "would" / "always" are flagged and
//! carry no story role. A result is quantified when a unit the model itself gives the Result
//! role (first or second, not through the union with the rules; or whose Result probability
//! reaches [`heads::Heads::quantified_threshold`]) holds a number, percentage,
//! money or duration that is not tenure, a deadline, a clock time, an age or a team size
//! ([`quantity`]). The heads' weights are trained by
//! `rehearse train` ([`train`]) from the labelled files and checked in (`heads.json`).
//! Without the installed encoder the analysis keeps the phrase-list rules, and the feedback says
//! which engine judged. Sources: shared/notes/labelling-guide.md (roles and traps);
//! stack-facts.md (the encoder); issue 10.

pub mod data;
pub mod features;
pub mod heads;
pub mod quantity;
pub mod train;

use super::structure::{StructureFindings, UnitLabel};
use super::text::{CharMap, TextIndex};
use crate::domain::{Element, PromptKind};
use crate::encoder::SentenceEncoder;
use heads::Heads;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The role of one unit in a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Situation,
    Task,
    Action,
    Result,
    Learning,
    None,
}

impl Role {
    /// All roles, in the order of the heads' outputs.
    pub const ALL: [Role; 6] = [
        Role::Situation,
        Role::Task,
        Role::Action,
        Role::Result,
        Role::Learning,
        Role::None,
    ];

    pub fn index(self) -> usize {
        Role::ALL.iter().position(|r| *r == self).unwrap_or(5)
    }

    pub fn element(self) -> Option<Element> {
        match self {
            Role::Situation => Some(Element::Situation),
            Role::Task => Some(Element::Task),
            Role::Action => Some(Element::Action),
            Role::Result => Some(Element::Result),
            Role::Learning => Some(Element::Learning),
            Role::None => None,
        }
    }

    pub fn of_element(element: Element) -> Role {
        match element {
            Element::Situation => Role::Situation,
            Element::Task => Role::Task,
            Element::Action => Role::Action,
            Element::Result => Role::Result,
            Element::Learning => Role::Learning,
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Role::Situation => "S",
            Role::Task => "T",
            Role::Action => "A",
            Role::Result => "R",
            Role::Learning => "L",
            Role::None => "-",
        }
    }
}

/// Which engine decided the structure.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Engine {
    /// The learned sentence-role model (encoder + trained heads).
    Model,
    /// The phrase-list rules (no encoder installed, or asked for).
    #[default]
    Rules,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The judgement on one unit, with character offsets into the analysed text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRole {
    pub start_char: usize,
    pub end_char: usize,
    pub role: Role,
    /// Probability of `role` from the per-unit head (0-1).
    pub confidence: f32,
    /// The unit tells what the speaker would do (a conditional, not an event).
    pub hypothetical: bool,
    /// The unit tells what the speaker always or usually does (a habit, not an event).
    pub habitual: bool,
    /// Other story roles the unit also tells (a sentence can set the scene and name the task),
    /// each with a probability of at least [`heads::Heads::secondary_threshold`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Role>,
}

impl SentenceRole {
    /// The story elements of the unit: its role, then the roles it also tells.
    pub fn elements(&self) -> impl Iterator<Item = Element> + '_ {
        std::iter::once(self.role)
            .chain(self.also.iter().copied())
            .filter_map(Role::element)
    }
}

/// The model's judgement on a whole answer.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleJudgement {
    pub units: Vec<SentenceRole>,
    /// Probabilities per unit, in [`Role::ALL`] order (for evaluation and explanations).
    pub probabilities: Vec<[f32; 6]>,
    /// The answer tells what the speaker would do or always does rather than a story.
    pub not_a_story: bool,
    /// Probability of `not_a_story` from the answer head.
    pub not_a_story_confidence: f32,
    /// A Result unit holds a quantity that is a result (see [`quantity`]).
    pub quantified_result: bool,
}

/// The encoder and the trained heads, loaded once.
pub struct RoleModel {
    pub encoder: SentenceEncoder,
    pub heads: Heads,
}

impl std::fmt::Debug for RoleModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoleModel").finish_non_exhaustive()
    }
}

/// Environment variable that chooses the structure engine: `rules` or `model`.
pub const ENGINE_ENV: &str = "REHEARSE_ENGINE";

/// The engine used when nothing else is chosen: the one that scores better on the test split
/// (README, "The sentence-role model"). Since 2026-12-02 the sentence-role model, which beats
/// the rules on every element there with not-a-story precision 1.00; where its encoder is not
/// installed the phrase-list rules judge instead and the report says so.
pub const DEFAULT_ENGINE: Engine = Engine::Model;

static INSTALLED: OnceLock<Option<RoleModel>> = OnceLock::new();
static CHOSEN: OnceLock<Engine> = OnceLock::new();

impl Engine {
    /// Reads `rules` or `model` (any case); `None` for anything else.
    pub fn parse(name: &str) -> Option<Engine> {
        match name.trim().to_ascii_lowercase().as_str() {
            "rules" => Some(Engine::Rules),
            "model" => Some(Engine::Model),
            _ => None,
        }
    }

    /// Chooses the engine for this process (a command-line `--engine`); the first choice wins.
    /// Returns the engine in force.
    pub fn choose(engine: Engine) -> Engine {
        *CHOSEN.get_or_init(|| engine)
    }

    /// The engine in force: the one chosen with [`Engine::choose`], else `REHEARSE_ENGINE`,
    /// else [`DEFAULT_ENGINE`].
    pub fn chosen() -> Engine {
        *CHOSEN.get_or_init(|| {
            std::env::var(ENGINE_ENV)
                .ok()
                .and_then(|v| Engine::parse(&v))
                .unwrap_or(DEFAULT_ENGINE)
        })
    }
}

/// The installed sentence encoder, loaded once per process and shared by everything that
/// reads it (the role model, the relevance measure, the red-flag judge, encoding ahead); `None`
/// when it is not installed or cannot be loaded.
pub fn shared_encoder() -> Option<&'static SentenceEncoder> {
    RoleModel::installed().map(|m| &m.encoder)
}

impl RoleModel {
    /// The installed encoder with the checked-in heads; `None` when the encoder is not
    /// installed or cannot be loaded. Loaded on first use, then shared.
    pub fn installed() -> Option<&'static RoleModel> {
        INSTALLED
            .get_or_init(|| {
                let heads = Heads::bundled().ok()?;
                let encoder = SentenceEncoder::load_installed().ok()?;
                Some(RoleModel { encoder, heads })
            })
            .as_ref()
    }

    /// The model when it is the engine in force ([`Engine::chosen`]) and installed; `None`
    /// means the phrase-list rules judge.
    pub fn default_engine() -> Option<&'static RoleModel> {
        match Engine::chosen() {
            Engine::Model => RoleModel::installed(),
            Engine::Rules => None,
        }
    }

    /// Judges every unit of the answer. `rules` is the phrase-list judgement of the same
    /// index (used as features).
    pub fn judge(
        &self,
        index: &TextIndex,
        rules: &StructureFindings,
        kind: PromptKind,
    ) -> Result<RoleJudgement, crate::encoder::EncoderError> {
        let sentences: Vec<&str> = index
            .units
            .iter()
            .map(|u| &index.text[u.start..u.end])
            .collect();
        let vectors = self.encoder.embed(&sentences)?;
        Ok(judge_with_vectors(
            &self.heads,
            index,
            rules,
            kind,
            &vectors,
        ))
    }
}

/// The model's decision from already computed unit vectors (one per unit).
pub fn judge_with_vectors(
    heads: &Heads,
    index: &TextIndex,
    rules: &StructureFindings,
    kind: PromptKind,
    vectors: &[Vec<f32>],
) -> RoleJudgement {
    let n = index.units.len();
    let feats = features::unit_features(index, rules, kind, vectors);
    let probabilities: Vec<[f32; 6]> = feats.iter().map(|f| heads.role_probabilities(f)).collect();
    let path = heads.decode(&probabilities);
    let answer_feats = features::answer_features(index, rules, kind, vectors);
    let not_a_story_confidence = heads.not_a_story_probability(&answer_feats);
    // By the labelling guide an answer that tells no story is made of "would" or "always"
    // statements: without one such unit the head alone does not call it hypothetical.
    let has_cue = (0..n).any(|i| {
        let (would, habit) = features::conditional_and_habit_cues(index, i);
        would || habit || rules.units.get(i).is_some_and(|u| u.hypothetical)
    });
    let not_a_story = kind.expects_story()
        && has_cue
        && (!heads.not_a_story_needs_rules || rules.hypothetical)
        && not_a_story_confidence >= heads.not_a_story_threshold;
    let chars = CharMap::new(index.text);
    let mut units: Vec<SentenceRole> = (0..n)
        .map(|i| {
            let u = &index.units[i];
            let role = path[i];
            SentenceRole {
                start_char: chars.char_at(u.start),
                end_char: chars.char_at(u.end),
                role,
                confidence: probabilities[i][role.index()],
                hypothetical: false,
                habitual: false,
                also: heads.secondary_roles(&probabilities[i], role),
            }
        })
        .collect();
    // The quantified result is read from the model's own Result units: the union with the
    // rules below gives Result to many action and background units that hold a count ("I
    // spent two evenings"), which the cross-validation found to be most of its false calls.
    let model_result: Vec<bool> = units
        .iter()
        .zip(&probabilities)
        .map(|(u, p)| {
            u.role == Role::Result
                || u.also.contains(&Role::Result)
                || p[Role::Result.index()] >= heads.quantified_threshold
        })
        .collect();
    // Roles judged by both: a unit the rules give such a role tells it too.
    for (unit, label) in units.iter_mut().zip(&rules.units) {
        for role in &heads.with_rules {
            let by_rules = role.element().is_some_and(|e| label.elements.contains(&e));
            if by_rules && unit.role != *role && !unit.also.contains(role) {
                unit.also.push(*role);
            }
        }
    }
    for (i, unit) in units.iter_mut().enumerate() {
        let (would, habit) = features::conditional_and_habit_cues(index, i);
        let flagged = rules.units.get(i).is_some_and(|u| u.hypothetical) || would || habit;
        if not_a_story && flagged {
            unit.hypothetical = would || !habit;
            unit.habitual = habit;
            // What one would do or always does is not an event of a story (labelling guide).
            if matches!(
                unit.role,
                Role::Action | Role::Result | Role::Situation | Role::Task
            ) {
                unit.role = Role::None;
            }
        }
    }
    let quantified_result = units.iter().enumerate().any(|(i, u)| {
        model_result[i] && !u.hypothetical && !u.habitual && quantity::has_result_quantity(index, i)
    });
    RoleJudgement {
        units,
        probabilities,
        not_a_story,
        not_a_story_confidence,
        quantified_result,
    }
}

/// Replaces the rules' elements with the model's roles (one per unit) and its hypothetical
/// decision; the rules' scores stay for the strength figure.
pub fn apply(findings: &mut StructureFindings, judged: &RoleJudgement) {
    for (unit, role) in findings.units.iter_mut().zip(&judged.units) {
        unit.elements = role.elements().collect();
        unit.hypothetical = role.hypothetical || role.habitual;
        if role.role != Role::Action {
            unit.first_person_action = false;
        }
    }
    findings.hypothetical = judged.not_a_story;
    findings.first_person_action = findings
        .units
        .iter()
        .any(|u| u.first_person_action && u.elements.contains(&Element::Action));
}

/// The rules' judgement in the same shape (confidence 1 for a decided element, hypothetical
/// and habitual from the phrase lists), so the coach sees one shape whichever engine judged.
pub fn from_rules(index: &TextIndex, findings: &StructureFindings) -> Vec<SentenceRole> {
    let chars = CharMap::new(index.text);
    index
        .units
        .iter()
        .zip(&findings.units)
        .enumerate()
        .map(|(i, (u, label)): (usize, (_, &UnitLabel))| {
            let role = label
                .elements
                .first()
                .copied()
                .map_or(Role::None, Role::of_element);
            let (would, habit) = features::conditional_and_habit_cues(index, i);
            SentenceRole {
                start_char: chars.char_at(u.start),
                end_char: chars.char_at(u.end),
                role,
                confidence: 1.0,
                hypothetical: findings.hypothetical && label.hypothetical && (would || !habit),
                habitual: findings.hypothetical && label.hypothetical && habit,
                also: label
                    .elements
                    .iter()
                    .skip(1)
                    .map(|e| Role::of_element(*e))
                    .collect(),
            }
        })
        .collect()
}
