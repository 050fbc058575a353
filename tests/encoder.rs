//! The installed sentence encoder and the model engine, end to end (run `make model` first;
//! `make test` does). Small and honest: a real embedding (a paraphrase is closer than an
//! unrelated sentence), the model engine labels held-out answers sensibly, and no input makes
//! the new path panic. The full evaluation lives in `make train` / `make eval`.

#![allow(clippy::unwrap_used)] // tests may unwrap

use proptest::prelude::*;
use rehearse::analysis::relevance::WordOverlap;
use rehearse::analysis::roles::{Engine, Role, RoleModel};
use rehearse::analysis::{AnswerContext, Feedback, analyze, analyze_with_engine};
use rehearse::domain::{Element, PromptKind};
use rehearse::encoder::{DIMENSIONS, SentenceEncoder, cosine};
use rehearse::transcript::Transcript;

fn model() -> &'static RoleModel {
    RoleModel::installed().expect(
        "the sentence encoder must be installed: run `make model` (rehearse models install)",
    )
}

/// The feedback with the sentence-role model judging (whatever the default engine is).
fn by_model(transcript: &Transcript, ctx: &AnswerContext) -> Feedback {
    analyze_with_engine(transcript, None, ctx, &WordOverlap, Some(model()))
}

fn encoder() -> &'static SentenceEncoder {
    &model().encoder
}

#[test]
fn a_paraphrase_is_closer_than_an_unrelated_sentence() {
    let v = encoder()
        .embed(&[
            "I rewrote the deployment script so releases stopped failing.",
            "I fixed our release tooling so that deploys no longer broke.",
            "My grandmother grows tomatoes in her garden every summer.",
        ])
        .unwrap();
    assert!(v.iter().all(|x| x.len() == DIMENSIONS));
    let norm: f32 = v[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-3, "vectors are unit length: {norm}");
    let paraphrase = cosine(&v[0], &v[1]);
    let unrelated = cosine(&v[0], &v[2]);
    assert!(
        paraphrase > unrelated + 0.3,
        "paraphrase {paraphrase}, unrelated {unrelated}"
    );
    // The same sentence again comes from the cache, unchanged.
    let again = encoder()
        .embed(&["I rewrote the deployment script so releases stopped failing."])
        .unwrap();
    assert_eq!(again[0], v[0]);
}

/// The encoder's own forward pass (sentences packed without padding, one q/k/v product, GELU
/// from a table) gives the vectors of candle-transformers' `BertModel` run on each sentence
/// alone with the same weights, within float rounding; several forward passes included.
#[test]
fn the_packed_forward_pass_gives_candles_bert_vectors() {
    use candle_core::{DType, Device, Tensor};
    use candle_transformers::models::bert::{BertModel, Config};
    let dir = rehearse::encoder::find().unwrap();
    let config: Config =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    let bytes = std::fs::read(dir.join("model.safetensors")).unwrap();
    let vb =
        candle_nn::VarBuilder::from_buffered_safetensors(bytes, DType::F32, &Device::Cpu).unwrap();
    let reference = BertModel::load(vb, &config).unwrap();
    let run_on = "and then we checked the logs again ".repeat(30);
    let giant = "x".repeat(5000);
    let sentences: Vec<&str> = vec![
        "I rewrote the deployment script so releases stopped failing.",
        "",
        "   ",
        "Nous avons réduit les délais de moitié 🎉",
        "我们把等待时间减少了一半。",
        &run_on,
        "Yes.",
        &giant,
        "So, um, the first thing I did was, you know, call the supplier.",
        &run_on,
        "Waste fell from eighteen percent to seven percent by the end of the summer.",
        &run_on,
        &run_on,
        "I learned to share the numbers first.",
    ];
    let encoder = encoder();
    encoder.clear_cache();
    let ours = encoder.embed(&sentences).unwrap();
    let mut worst = 0f32;
    for (s, v) in sentences.iter().zip(&ours) {
        let ids = encoder.token_ids(s).unwrap();
        let ids = Tensor::new(ids.as_slice(), &Device::Cpu)
            .unwrap()
            .unsqueeze(0)
            .unwrap();
        let hidden = reference
            .forward(&ids, &ids.zeros_like().unwrap(), None)
            .unwrap();
        let mean = hidden.mean(1).unwrap().squeeze(0).unwrap();
        let norm = mean.sqr().unwrap().sum_all().unwrap().sqrt().unwrap();
        let expected: Vec<f32> = mean.broadcast_div(&norm).unwrap().to_vec1().unwrap();
        assert_eq!(v.len(), DIMENSIONS);
        for (a, b) in v.iter().zip(&expected) {
            worst = worst.max((a - b).abs());
        }
    }
    assert!(worst < 2e-5, "largest difference {worst}");
}

/// Answers written for this test (not in any training file), one story and one "would" answer.
const STORY: &str = "Last spring our clinic's phone line was so overloaded that patients waited forty minutes \
    to book. My manager asked me to cut the waiting time before the flu season. I mapped every call for a week \
    and I moved repeat prescriptions to an online form. By October the average wait had dropped to six minutes. \
    What I took from it is to look at the data before adding staff.";

const WOULD: &str = "If a customer was angry with me, I would first listen to them without interrupting. \
    Then I would apologise and I'd try to find a fix that works for them. I would always follow up a day later.";

#[test]
fn the_model_engine_labels_a_story_in_order() {
    let fb = by_model(
        &Transcript::from_text(STORY),
        &AnswerContext::for_kind(PromptKind::Behavioral),
    );
    assert_eq!(fb.engine, Engine::Model);
    let roles: Vec<Role> = fb.structure.roles.iter().map(|r| r.role).collect();
    assert_eq!(roles.first(), Some(&Role::Situation), "{roles:?}");
    assert_eq!(roles.last(), Some(&Role::Learning), "{roles:?}");
    assert!(roles.contains(&Role::Action), "{roles:?}");
    assert!(roles.contains(&Role::Result), "{roles:?}");
    assert!(fb.value.quantified_result);
    assert!(!fb.structure.hypothetical);
    let result = &fb.structure.elements[&Element::Result].evidence[0];
    assert!(result.text.contains("six minutes"), "{}", result.text);
    let c = result.confidence.unwrap();
    assert!((0.0..=1.0).contains(&c));
    let json = serde_json::to_value(&fb).unwrap();
    assert_eq!(json["engine"], "model");
    assert!(json["structure"]["elements"]["result"]["evidence"][0]["confidence"].is_f64());
    // The rules still judge when asked, and say so.
    let rules = analyze_with_engine(
        &Transcript::from_text(STORY),
        None,
        &AnswerContext::default(),
        &WordOverlap,
        None,
    );
    assert_eq!(rules.engine, Engine::Rules);
    // The default engine is the rules unless the model is chosen (README: it scores lower on
    // the test split).
    let default = analyze(
        &Transcript::from_text(STORY),
        None,
        &AnswerContext::default(),
    );
    assert_eq!(default.engine, Engine::chosen());
    assert!(serde_json::to_value(&rules).unwrap()["engine"] == "rules");
}

#[test]
fn the_model_engine_flags_what_one_would_do() {
    let fb = by_model(
        &Transcript::from_text(WOULD),
        &AnswerContext::for_kind(PromptKind::Behavioral),
    );
    assert!(fb.structure.hypothetical, "{:?}", fb.structure.roles);
    assert!(fb.structure.roles.iter().any(|r| r.hypothetical));
    assert!(!fb.structure.elements[&Element::Action].present);
}

#[test]
fn the_model_engine_labels_held_out_answers_sensibly() {
    let set = rehearse::analysis::roles::data::read_file(
        &rehearse::analysis::roles::data::repository_data_dir().join("eval/held_out.toml"),
        "heldout",
    )
    .unwrap();
    let mut units = 0;
    let mut right = 0;
    for answer in set.iter().filter(|a| a.kind.expects_story()) {
        let fb = by_model(
            &Transcript::from_text(&answer.text),
            &AnswerContext::for_kind(answer.kind),
        );
        assert_eq!(fb.engine, Engine::Model);
        for r in &fb.structure.roles {
            let gold =
                rehearse::analysis::roles::data::gold_role(&answer.spans, r.start_char, r.end_char);
            units += 1;
            right += usize::from(gold == r.role);
        }
    }
    let accuracy = right as f64 / units as f64;
    assert!(
        accuracy >= 0.7,
        "unit role accuracy on the held-out stories: {accuracy:.2} ({right}/{units})"
    );
}

#[test]
fn thirty_minutes_of_text_is_judged_without_trouble() {
    let long = STORY.repeat(60) + " " + &"word ".repeat(2000);
    let fb = by_model(&Transcript::from_text(&long), &AnswerContext::default());
    assert_eq!(fb.engine, Engine::Model);
    assert!(fb.word_count > 4000);
    assert!(!fb.structure.roles.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Empty text, other scripts, emoji, giant tokens, stray punctuation: the model path never
    /// panics, and every role points inside the text with a confidence between 0 and 1.
    #[test]
    fn the_model_path_survives_any_text(
        parts in prop::collection::vec(
            prop_oneof![
                Just(String::new()),
                Just("😀🚀 ".to_string()),
                Just("Je suis ingénieure à Lyon. ".to_string()),
                Just("我在上海工作了三年。".to_string()),
                Just("x".repeat(5000)),
                Just("I cut costs by 40% in 3 weeks. ".to_string()),
                Just("... ;;; ?! ".to_string()),
                "[a-zA-Z0-9 .,!?']{0,80}",
                any::<String>(),
            ],
            0..6,
        )
    ) {
        let transcript = Transcript::from_text(&parts.concat());
        let n_chars = transcript.text.chars().count();
        let fb = by_model(&transcript, &AnswerContext::default());
        for r in &fb.structure.roles {
            prop_assert!(r.start_char <= r.end_char && r.end_char <= n_chars);
            prop_assert!((0.0..=1.0).contains(&r.confidence));
        }
    }
}

/// Encoding ahead during live transcription: the settled sentences of each offered text end up
/// in the encoder's cache, the unit still being spoken does not, and the final analysis then
/// finds every earlier sentence already encoded.
#[test]
fn sentences_offered_while_speaking_are_encoded_before_stop() {
    use rehearse::encoder::ahead::{EncodeAhead, settled_units};
    // A fresh encoder of its own, so other tests' sentences are not in its cache.
    let fresh: &'static SentenceEncoder = Box::leak(Box::new(
        SentenceEncoder::load_installed().expect("the encoder is installed"),
    ));
    let first =
        "Last spring our clinic's phone line was overloaded. My manager asked me to cut the wait.";
    let second =
        format!("{first} I mapped every call for a week and moved repeat prescriptions online.");
    let last = format!("{second} By October the wait had dropped to six minutes.");
    let ahead = EncodeAhead::start(move || Some(fresh)).expect("a thread starts");
    ahead.offer(first);
    ahead.offer(&second);
    let report = ahead.finish();
    assert!(report.offers >= 1, "{report:?}");
    for unit in settled_units(&second) {
        assert!(fresh.is_cached(unit), "{unit:?} was not encoded ahead");
    }
    let index = rehearse::analysis::text::TextIndex::new(&last);
    let final_units: Vec<&str> = index.units.iter().map(|u| &last[u.start..u.end]).collect();
    let settled = settled_units(&second);
    let left: Vec<&str> = final_units
        .iter()
        .copied()
        .filter(|u| !fresh.is_cached(u))
        .collect();
    let expected: Vec<&str> = final_units
        .iter()
        .copied()
        .filter(|u| !settled.contains(u))
        .collect();
    assert!(!expected.is_empty() && expected.len() < final_units.len());
    assert_eq!(
        left, expected,
        "only the units after the settled ones are left"
    );
}

/// The learned red-flag judge (the default since 2026-12-03; `REHEARSE_FLAGS=rules` turns it
/// off) loads its checked-in
/// heads and, on its own (without the rules), flags an answer that puts a cancelled project on
/// other people and leaves a candid telling of the same kind of failure unflagged.
#[test]
fn the_red_flag_judge_flags_blame_and_not_candid_ownership() {
    use rehearse::analysis::flag_model::FlagModel;
    use rehearse::analysis::red_flags::{FlagScope, RedFlagKind};
    use rehearse::analysis::text::TextIndex;
    let judge = FlagModel::installed().expect("the encoder is installed and the heads load");
    let question = "Describe a project that failed or was cancelled. What was your part in it, and what did you take away?";
    let scope = FlagScope::from_question(question, &[]);
    let kinds = |text: &str| -> Vec<RedFlagKind> {
        let index = TextIndex::new(text);
        judge
            .judge(&index, &scope, PromptKind::Behavioral, question)
            .unwrap()
            .0
            .into_iter()
            .map(|f| f.kind)
            .collect()
    };
    let blame = kinds(
        "The app was cancelled and honestly it was all the other team's fault. They let us down at every turn and none of it was down to me.",
    );
    assert!(blame.contains(&RedFlagKind::Blame), "{blame:?}");
    let candid = kinds(
        "The app was cancelled after four months. I had promised a date before testing the payment provider, and when it failed our checks we had nothing to fall back on. That was my mistake. We kept the design work, and since then I test the riskiest part in the first fortnight.",
    );
    assert!(candid.is_empty(), "{candid:?}");
}

/// With the encoder installed the rules and the learned judge decide the red flags together by
/// default and the feedback says so; without a judge (as when the encoder is not installed)
/// the rules alone decide, their flags are exactly the rules' own, and the feedback says that.
#[test]
fn red_flags_are_judged_by_the_rules_and_the_judge_and_the_feedback_says_which() {
    use rehearse::analysis::analyze_with_judge;
    use rehearse::analysis::flag_model::{FlagEngine, FlagModel};
    use rehearse::analysis::red_flags::{FlagScope, find};
    use rehearse::analysis::text::TextIndex;
    let judge = FlagModel::installed().expect("the encoder is installed and the heads load");
    let question = "Tell me about a project that failed. What was your part in it?";
    let mut ctx = AnswerContext::for_kind(PromptKind::Behavioral);
    ctx.prompt_text = question.to_string();
    let text = "The launch slipped by a month and honestly none of that was down to me. \
        The other team kept changing the spec and my manager never backed me up.";
    let transcript = Transcript::from_text(text);
    let both = analyze_with_judge(&transcript, None, &ctx, &WordOverlap, None, Some(judge));
    assert_eq!(both.red_flags_engine, FlagEngine::Model);
    assert_eq!(
        serde_json::to_value(&both).unwrap()["red_flags_engine"],
        "model"
    );
    let alone = analyze_with_judge(&transcript, None, &ctx, &WordOverlap, None, None);
    assert_eq!(alone.red_flags_engine, FlagEngine::Rules);
    assert_eq!(
        serde_json::to_value(&alone).unwrap()["red_flags_engine"],
        "rules"
    );
    // The rules alone give the rules' own flags (not answering aside, decided with relevance).
    let index = TextIndex::new(text);
    let rules = find(&index, &FlagScope::from_question(question, &[]));
    let mut kinds: Vec<_> = alone.red_flags.iter().map(|f| f.kind).collect();
    let mut expected: Vec<_> = rules.iter().map(|f| f.kind).collect();
    for k in [&mut kinds, &mut expected] {
        k.sort_by_key(|k| k.as_str());
        k.dedup();
    }
    assert_eq!(kinds, expected);
    assert!(!kinds.is_empty(), "the rules see the blame");
    // The union keeps every rule flag.
    for f in &alone.red_flags {
        assert!(
            both.red_flags
                .iter()
                .any(|g| g.kind == f.kind && g.start_char == f.start_char),
            "{f:?} kept by the union"
        );
    }
    // The default engine in force (no REHEARSE_FLAGS in the test run) is the union.
    if std::env::var("REHEARSE_FLAGS").is_err() {
        let default = analyze(&transcript, None, &ctx);
        assert_eq!(default.red_flags_engine, FlagEngine::Model);
    }
    // Without a question the judge has nothing to read: the rules alone, and it says so.
    let no_question = analyze_with_judge(
        &transcript,
        None,
        &AnswerContext::for_kind(PromptKind::Behavioral),
        &WordOverlap,
        None,
        Some(judge),
    );
    assert_eq!(no_question.red_flags_engine, FlagEngine::Rules);
}

/// A vector handed back to the encoder (read from a training run's store) is reused as it is.
#[test]
fn a_remembered_vector_is_reused_and_a_wrong_width_is_ignored() {
    let fresh = SentenceEncoder::load_installed().unwrap();
    let sentence = "I rebuilt the rota so the night shift had two trained staff.";
    let v = fresh.embed(&[sentence]).unwrap().remove(0);
    fresh.clear_cache();
    assert!(!fresh.is_cached(sentence));
    fresh.remember(sentence, &v);
    assert!(fresh.is_cached(sentence));
    assert_eq!(fresh.embed(&[sentence]).unwrap()[0], v);
    fresh.remember("too short", &[0.5; 3]);
    assert!(!fresh.is_cached("too short"));
}
