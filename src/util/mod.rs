//! Helpers with no knowledge of sites: escaping, slugs, dates and sizes.
//! This layer imports nothing else of ours.

pub mod html;
pub mod html_stream;
pub mod text;
