//! Module `audio` (under construction: see its issue).
