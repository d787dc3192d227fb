//! The one orchestration entry: a corpus and settings in, an analysis out.
