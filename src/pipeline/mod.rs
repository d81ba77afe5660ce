//! The pipeline: the only module that knows every stage, strung together for
//! a build, a check, a rebuild in watch mode and a new site.

mod aliases;
pub mod build;
mod collisions;
pub mod diff;
pub mod new;
pub mod rebuild;
pub mod site;
