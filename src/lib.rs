//! Plainsight: a static site generator for public transparency reports.
//!
//! The modules are the stages of one pipeline, and each imports only from
//! the ones above it in this list (docs/design.md draws it):
//! [`util`] → [`diagnostic`] → [`model`] → [`load`] → [`resolve`] →
//! [`render`] → [`check`] → [`write`] → [`pipeline`] → [`serve`].

// Diagnostics are the error type everywhere; they are built only on the
// failure path, where their size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod util;
pub mod write;

pub use diagnostic::{Diagnostic, Diagnostics, Format};
pub use model::site::Options;
pub use pipeline::build::{build, check};
