//! Audio: decoding files to 16 kHz mono ([`decode`], [`resample`]) and microphone recording:
//! one worker thread owns the input stream ([`capture`]), every
//! recording streams to a WAV file that survives a crash ([`wav_stream`]), a level meter
//! ([`level`]), the device list ([`devices`]), playback of a recording ([`playback`]) and the
//! pure decisions taken while recording ([`recording_rules`]); cutting speech into chunks at
//! pauses ([`chunker`]) and resampling block by block ([`stream_resample`]) for live
//! transcription.
//!
//! Rule: nothing here imports egui. The worker reports through a callback so the UI can turn
//! each report into its own event and ask for a repaint. Sources: the cpal 0.18 behaviour
//! measured in docs/sources.md (no sound card, the ALSA `null` device, late first
//! callbacks, error callbacks that repeat when the sound server dies).

pub mod capture;
pub mod chunker;
pub mod decode;
pub mod devices;
pub mod level;
pub mod playback;
pub mod recording_rules;
pub mod resample;
pub mod stream_resample;
pub mod wav_parse;
pub mod wav_stream;
