//! stenogram-analysis: corpus analysis on stenogram's documents: term
//! trends over time, keyness of one subcorpus against another,
//! collocations, and recurring passages (talking points). The statistics
//! and the reuse detection are pure functions over word counts and texts;
//! the store supplies the subcorpora.

pub mod measures;
pub mod reports;
pub mod reuse;
pub mod stats;
