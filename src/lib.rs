//! Plainsight: a static site generator for public transparency reports.
//!
//! The modules are the stages of one pipeline, and each imports only from
//! the ones above it in this list (docs/design.md draws it; tests/layers.rs
//! enforces it): `util` → [`diagnostic`] → `model` → `load` → `resolve` →
//! `render` → `check` → `write` → `pipeline` → [`serve`].
//!
//! The public API is what the command line uses: [`build`], [`check`] and
//! [`check_with`] with their [`Options`] and [`Report`], [`new_site`], the
//! preview server in [`serve`], and the [`Diagnostic`]s every one of them
//! reports. Everything else is private to the crate.

// Diagnostics are the error type everywhere; they are built only on the
// failure path, where their size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub(crate) mod check;
pub mod diagnostic;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod pipeline;
pub(crate) mod render;
pub(crate) mod resolve;
pub mod serve;
pub(crate) mod util;
pub(crate) mod write;

pub use check::external::{MAX_TIMEOUT as MAX_EXTERNAL_TIMEOUT, Settings as ExternalSettings};
pub use diagnostic::{Code, Diagnostic, Diagnostics, Format, Severity};
pub use model::site::Options;
pub use pipeline::build::{Report, WARNINGS_SHOWN, build, check, check_with};
pub use pipeline::diff::{DiffFormat, DiffReport, diff};
pub use pipeline::new::{NewSite, create as new_site};

/// Not part of the API: the pieces the benchmarks, the fuzz targets and the
/// integration tests reach into. Names here may change at any time.
#[doc(hidden)]
pub mod internals {
    pub use crate::check::verify::verify;
    pub use crate::load::front_matter::{parse as parse_front_matter, split as split_front_matter};
    pub use crate::model::dataset::approx::{Qualifier, unit_for_significant};
    pub use crate::model::dataset::format::{
        self, Cell, Style, format_number, parse_number, round,
    };
    pub use crate::model::dataset::schema::{ColType, Order};
    pub use crate::model::page::{Page, PageKind};
    pub use crate::model::site::Site;
    pub use crate::pipeline::rebuild::{Files, Outcome, Scope, Session};
    pub use crate::pipeline::site::load as load_site;
    pub use crate::render::calls::{MAX_CALL_LEN, scan as scan_calls};
    pub use crate::render::chart::{MAX_BARS, MAX_POINTS, MAX_SERIES};
    pub use crate::render::markdown::render as render_markdown;
    pub use crate::render::table::MAX_INLINE_ROWS;
    pub use crate::render::{engines, render_generated, render_pages};
    pub use crate::resolve::dataset::{load as load_datasets, load_one as load_dataset};
    pub use crate::resolve::derive::{difference, percent_change, rank, sum};
    pub use crate::resolve::downloads::{csv, json};
    pub use crate::resolve::opendata::{csvw, dcat, jsonld};
    pub use crate::serve::{host, http, server};
    pub use crate::util::period::financial_year;
    pub use crate::write::output::{self, FileData};
}
