//! The layers of src/ (docs/design.md): a module imports only from layers
//! below its own. This test reads every `crate::` path in src/ and fails on
//! any that points up a layer, naming the file that imports and the module
//! it reaches; a second test shows it failing on an upward import.

use std::path::{Path, PathBuf};

/// The layers, lowest first. A file's layer is its first folder under src/.
const LAYERS: &[&str] = &[
    "util",
    "diagnostic",
    "model",
    "load",
    "resolve",
    "render",
    "check",
    "write",
    "pipeline",
    "serve",
];

/// One import that points up the pipeline.
#[derive(Debug)]
struct Upward {
    file: PathBuf,
    line: usize,
    target: String,
}

impl std::fmt::Display for Upward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: imports crate::{}, a higher layer",
            self.file.display(),
            self.line,
            self.target
        )
    }
}

fn layer(name: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == name)
}

/// Code of a line without its `//` comment (strings holding `//` are rare
/// enough in use lines and paths not to matter here).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// The top-level modules a line of code reaches through `crate::`, with
/// `crate::{a::x, b}` groups opened (a group may span lines, so the caller
/// passes whole `use` statements).
fn targets(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 1;
            let mut start = 0;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => {
                        out.extend(first_ident(&group[start..j]));
                        start = j + 1;
                    }
                    _ => {}
                }
                if depth == 0 {
                    out.extend(first_ident(&group[start..j]));
                    break;
                }
            }
        } else {
            out.extend(first_ident(after));
        }
        rest = after;
    }
    out
}

fn first_ident(s: &str) -> Option<String> {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (end > 0).then(|| s[..end].to_string())
}

/// Every upward import under `src`.
fn upward_imports(src: &Path) -> Vec<Upward> {
    let mut found = Vec::new();
    let mut files: Vec<PathBuf> = walk(src);
    files.sort();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let Some(own) = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs"))
            .and_then(layer)
        else {
            continue; // lib.rs and main.rs sit above every layer
        };
        let text = std::fs::read_to_string(&file).unwrap();
        // Join each statement's lines so a `use crate::{…}` group that
        // spans lines is read whole; report it at its first line.
        let mut stmt = String::new();
        let mut stmt_line = 0;
        for (n, line) in text.lines().enumerate() {
            if stmt.is_empty() {
                stmt_line = n + 1;
            }
            stmt.push_str(code(line));
            stmt.push(' ');
            let open = stmt.matches('{').count() > stmt.matches('}').count();
            if open && stmt.trim_start().starts_with("use ") {
                continue;
            }
            for t in targets(&stmt) {
                if let Some(l) = layer(&t)
                    && l > own
                {
                    found.push(Upward {
                        file: rel.to_path_buf(),
                        line: stmt_line,
                        target: t,
                    });
                }
            }
            stmt.clear();
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

#[test]
fn imports_only_point_down_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let up = upward_imports(&src);
    let list: Vec<String> = up.iter().map(|u| u.to_string()).collect();
    assert!(
        up.is_empty(),
        "imports that point up the pipeline (docs/design.md):\n{}",
        list.join("\n")
    );
    // Every folder under src/ is a layer the test knows, so a new one
    // cannot slip past it.
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            let name = p.file_name().unwrap().to_str().unwrap();
            assert!(
                layer(name).is_some(),
                "src/{name}/ is in no layer of tests/layers.rs"
            );
        }
    }
}

#[test]
fn an_upward_import_fails_the_test() {
    let dir = std::env::temp_dir().join(format!("plainsight-layers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("model")).unwrap();
    std::fs::create_dir_all(dir.join("render")).unwrap();
    std::fs::write(
        dir.join("model/page.rs"),
        "// crate::render in a comment is fine\nuse crate::util::slug;\nuse crate::{\n    diagnostic::Diagnostic,\n    render::table,\n};\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("render/table.rs"),
        "use crate::model::page::Page;\n",
    )
    .unwrap();
    let up = upward_imports(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(up.len(), 1, "{up:?}");
    assert_eq!(
        up[0].to_string(),
        format!(
            "{}:3: imports crate::render, a higher layer",
            Path::new("model/page.rs").display()
        )
    );
}
