//! rehearse: a private, local coach for job-interview answers.
//!
//! The crate is a pure analysis core ([`analysis`]) with thin shells around it: audio
//! ([`audio`]), Whisper ([`transcribe`], [`models`]), the prompt bank ([`prompts`]), the attempt
//! store ([`store`]), the desktop UI ([`ui`]) and the command line ([`cli`]). Shared vocabulary
//! lives in [`domain`] and [`transcript`].

pub mod analysis;
pub mod audio;
pub mod bounded;
pub mod cli;
pub mod domain;
pub mod encoder;
pub mod files;
pub mod models;
pub mod paths;
pub mod pipeline;
pub mod prompts;
pub mod store;
pub mod stories;
pub mod transcribe;
pub mod transcript;
pub mod ui;
