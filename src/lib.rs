//! Plainsight: a static site generator for public transparency reports.
//!
//! The pipeline runs one way: [`site`] loads configuration, content, data and
//! theme and resolves datasets; [`render`] expands template calls, renders
//! Markdown and page templates; [`check`] finds publishing problems; and
//! [`output`] writes the result atomically. [`build`] strings them together.

// Diagnostics are the error type everywhere; they are built only on the
// failure path, where their size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod base_path;
pub mod build;
pub mod calls;
pub mod chart;
pub mod check;
pub mod check_external;
pub mod config;
pub mod content;
pub mod dataset;
pub mod diagnostic;
pub mod feeds;
pub mod files;
pub mod frontmatter;
pub mod functions;
pub mod generated;
pub mod glossary;
pub mod html;
pub mod markdown;
pub mod new;
pub mod output;
pub mod plan;
pub mod rebuild;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod table;
pub mod theme;
pub mod yaml;

pub use build::{build, check};
pub use diagnostic::{Diagnostic, Diagnostics, Format};
pub use site::Options;
