//! Module `audio` (under construction: see its issue).
pub mod decode;
pub mod resample;
