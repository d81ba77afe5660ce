//! Helpers with no knowledge of sites: escaping, streaming HTML, slugs,
//! dates and placeholders. This layer imports nothing else of ours.

pub mod alias;
pub mod colour;
pub mod figures;
pub mod html;
pub mod html_stream;
pub mod period;
pub mod placeholders;
pub mod text;
