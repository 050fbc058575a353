//! Module `analysis` (under construction: see its issue).
