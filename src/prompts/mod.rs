//! Module `prompts` (under construction: see its issue).
