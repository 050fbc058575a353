//! Module `models` (under construction: see its issue).
