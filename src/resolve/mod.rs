//! The resolve stage: what follows from loaded data before anything is
//! rendered (derived columns, downloads, the plan's index).

pub mod dataset;
pub mod derive;
pub mod downloads;
pub mod glossary;
pub(crate) mod marks_out;
pub mod opendata;
mod opendata_notes;
pub mod plan;
pub(crate) mod suppress;
