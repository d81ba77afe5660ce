//! The write stage: the output folder, replaced atomically, moved under the
//! base URL's path or made relative, and indexed for search.

pub mod base_path;
pub mod output;
pub mod relative;
pub mod search_index;
pub mod search_reuse;
