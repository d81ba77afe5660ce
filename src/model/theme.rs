//! A theme: template sources and static files (read by src/load/theme.rs).

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Template sources by name, with the file each came from.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, (PathBuf, String)>,
    /// Static files by output path, with their source (None = built in).
    pub statics: BTreeMap<PathBuf, StaticFile>,
}

#[derive(Debug, Clone)]
pub enum StaticFile {
    Builtin(&'static [u8]),
    Disk(PathBuf),
}
