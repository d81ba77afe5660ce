//! The data model: plain data that every stage reads. No Tera, no HTML.

pub mod config;
pub mod correction;
pub mod dataset;
pub mod glossary;
pub mod i18n;
pub mod page;
pub mod plan;
pub mod report;
pub mod site;
pub mod theme;
