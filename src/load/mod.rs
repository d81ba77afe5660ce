//! The load stage: files on disk into the model, with every problem located.

pub mod branding;
pub mod config;
pub mod content;
pub mod dataset;
pub mod files;
pub mod front_matter;
pub mod git;
pub mod i18n;
pub mod report;
pub mod theme;
pub mod yaml;
