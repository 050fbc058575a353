//! Module `store` (under construction: see its issue).
