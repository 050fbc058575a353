//! Module `transcribe` (under construction: see its issue).
