//! Reading `data/`: CSV files typed by their sidecars, and free YAML.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

mod columns;
pub(crate) mod corrections;
pub mod csvtext;
mod intake;
mod marks;
mod notes;
mod renamed;
mod rows;
mod sidecar;
mod translation;
pub(crate) use translation::is_language_key;
mod typed;
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path, relative_to};
use crate::load::yaml;
use crate::model::config::Licence;
use crate::model::dataset::schema::{DateStyle, Negatives, Sidecar};
use crate::model::dataset::{DATA_DIR, Dataset, Meta, RowPos};
use crate::util::text::is_iso_date;
use csvtext::{LineCounter, csv_error, field_columns};
pub use sidecar::{MAX_DECIMALS, section_line, tolerance_problem, yaml_key};

/// A dataset as its files give it, before its derived columns are worked
/// out (src/resolve/dataset.rs does that, with the sidecar kept here).
pub struct Loaded {
    pub dataset: Dataset,
    pub sidecar: Sidecar,
    pub sidecar_src: String,
}

/// Every dataset under `root/data` as read, with every problem found:
/// the tables that loaded, the free YAML files, and the findings.
pub struct LoadedData {
    pub tables: Vec<Loaded>,
    /// Names of the CSV files that could not be loaded.
    pub failed: Vec<String>,
    pub yaml: BTreeMap<String, serde_json::Value>,
    /// Sidecars without a CSV, each with the CSV without a sidecar it most
    /// likely belongs to.
    pub renamed: BTreeMap<String, String>,
    pub diags: Diagnostics,
}

/// Loads every dataset under `root/data`, reporting all problems at once.
pub fn load(root: &Path) -> LoadedData {
    let dir = root.join(DATA_DIR);
    let mut out = LoadedData {
        tables: Vec::new(),
        failed: Vec::new(),
        yaml: BTreeMap::new(),
        renamed: BTreeMap::new(),
        diags: Diagnostics::new(),
    };
    let mut diags = Diagnostics::new();
    if !dir.is_dir() {
        return out;
    }
    let (csvs, yamls) = list_data(root, &dir, &mut diags);
    for (name, csv_path) in &csvs {
        match load_csv_dataset(root, name, csv_path, yamls.get(name)) {
            Ok(l) => out.tables.push(l),
            Err(d) => {
                out.failed.push(name.clone());
                diags.extend(d);
            }
        }
    }
    let unpaired: Vec<&str> = (csvs.keys())
        .filter(|n| !yamls.contains_key(*n))
        .map(String::as_str)
        .collect();
    for (name, path) in &yamls {
        if csvs.contains_key(name) {
            continue;
        }
        let read = crate::load::files::read_text(root, path);
        match read.and_then(|src| free_yaml(&src, path).map(|v| (src, v))) {
            Ok((src, _)) if renamed::is_sidecar(&src) => {
                let (d, likely) = renamed::sidecar_without_csv(name, path, &unpaired);
                diags.push(d);
                if let Some(new) = likely {
                    out.renamed.insert(name.clone(), new);
                }
            }
            Ok((_, v)) => {
                out.yaml.insert(name.clone(), v);
            }
            Err(d) => diags.push(d),
        }
    }
    renamed::point_to_sidecars(&mut out.tables, &out.renamed);
    out.diags = diags;
    out
}

/// The CSV and the YAML files of `data/`, by dataset name. A YAML file
/// with a CSV of the same name is that CSV's sidecar.
type DataFiles = (BTreeMap<String, PathBuf>, BTreeMap<String, PathBuf>);

fn list_data(root: &Path, dir: &Path, diags: &mut Diagnostics) -> DataFiles {
    let mut csvs: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut yamls: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .max_depth(1)
    {
        let Some((stem, ext, rel)) = data_file(root, entry, diags) else {
            continue;
        };
        match ext.as_str() {
            "csv" => {
                csvs.insert(stem, rel);
            }
            "yaml" | "yml" => {
                if let Some(prev) = yamls.insert(stem.clone(), rel.clone()) {
                    diags.push(
                        Diagnostic::error(Code::DataName, format!("two YAML files for `{stem}`"))
                            .in_file(&rel)
                            .note(format!("the other is {}", display_path(&prev)))
                            .hint("keep one of them: `.yaml` and `.yml` name the same dataset"),
                    );
                }
            }
            _ => {}
        }
    }
    (csvs, yamls)
}

/// One entry of `data/` as (name, lower-case extension, path from the
/// root), or None for what is skipped or refused (refusals reported).
fn data_file(
    root: &Path,
    entry: walkdir::Result<walkdir::DirEntry>,
    diags: &mut Diagnostics,
) -> Option<(String, String, PathBuf)> {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::error(
                Code::Io,
                format!("cannot read data/: {e}"),
            ));
            return None;
        }
    };
    if entry.depth() == 0 || entry.file_type().is_dir() {
        return None;
    }
    let rel = relative_to(root, entry.path());
    let name = entry.file_name().to_string_lossy().to_string();
    if name.starts_with('.') {
        return None;
    }
    if let Some(d) = crate::load::files::broken_link(root, &entry)
        .or_else(|| crate::load::files::link_outside(root, &entry))
    {
        diags.push(d);
        return None;
    }
    let (stem, ext) = name.rsplit_once('.')?;
    let (stem, ext) = (stem.to_string(), ext.to_ascii_lowercase());
    let valid_name = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid_name {
        diags.push(
            Diagnostic::error(
                Code::DataName,
                format!(
                    "`{name}`: dataset names are lower-case letters, digits, dashes and underscores"
                ),
            )
            .in_file(&rel)
            .hint(format!(
                "rename it to `{}.{ext}`",
                crate::util::text::slugify(&stem)
            )),
        );
        return None;
    }
    // A named pipe or a device would hang the build on reading it.
    if matches!(ext.as_str(), "csv" | "yaml" | "yml") && !entry.path().is_file() {
        diags.push(
            Diagnostic::error(Code::Io, "this is not an ordinary file")
                .in_file(&rel)
                .hint("data/ may hold only CSV and YAML files"),
        );
        return None;
    }
    Some((stem, ext, rel))
}

/// A free YAML data file. Read as JSON values, a repeated key would
/// silently keep its last value, so the text is also checked as YAML, which
/// refuses repeated keys.
pub fn free_yaml(src: &str, path: &Path) -> Result<serde_json::Value, Diagnostic> {
    let v = yaml::parse::<serde_json::Value>(src, path, 1, Code::DataYaml, "data file")?;
    yaml::parse::<yaml_serde::Value>(src, path, 1, Code::DataYaml, "data file")?;
    Ok(v)
}

/// Reads one dataset again (`serve`, after a save of its CSV or sidecar),
/// from `data/NAME.csv` and `data/NAME.yaml` (or `.yml`) if there is one.
pub fn load_one(root: &Path, name: &str) -> Result<Loaded, Diagnostics> {
    let csv = Path::new(DATA_DIR).join(format!("{name}.csv"));
    let sidecar = ["yaml", "yml"]
        .iter()
        .map(|ext| Path::new(DATA_DIR).join(format!("{name}.{ext}")))
        .find(|p| root.join(p).is_file());
    load_csv_dataset(root, name, &csv, sidecar.as_ref())
}

/// A CSV file and its sidecar as text, and where each came from: what the
/// steps of reading a dataset point their messages at.
struct Source<'a> {
    csv_path: &'a Path,
    csv: &'a str,
    sidecar_path: Option<&'a Path>,
    /// Empty when there is no sidecar.
    sidecar: &'a str,
    /// The byte between values (a comma unless the file or sidecar says).
    delim: u8,
    dates: Option<DateStyle>,
    negatives: Option<Negatives>,
}

impl Source<'_> {
    /// The file a message about the sidecar names. With no sidecar nothing
    /// in it can be wrong, so the CSV only stands in.
    fn sidecar_file(&self) -> &Path {
        self.sidecar_path.unwrap_or(self.csv_path)
    }
}

/// One CSV record as written: where it is, its fields, and its first byte,
/// for placing a message about one of its values on the value's own line.
struct RawRow {
    pos: RowPos,
    fields: Vec<String>,
    byte: usize,
}

fn load_csv_dataset(
    root: &Path,
    name: &str,
    csv_path: &Path,
    sidecar_path: Option<&PathBuf>,
) -> Result<Loaded, Diagnostics> {
    let bytes = crate::load::files::read_bytes(root, csv_path)?;
    let (sidecar, sidecar_src) = read_sidecar(root, sidecar_path)?;
    let has_sidecar = sidecar.is_some();
    let sc = sidecar.unwrap_or_default();
    // Where a pin would go, for hints, whether or not the file exists yet.
    let pin_file = sidecar_path
        .cloned()
        .unwrap_or_else(|| Path::new(DATA_DIR).join(format!("{name}.yaml")));
    let mut notes = Diagnostics::new();
    let src = intake::decode(bytes, csv_path, sc.encoding, &pin_file, &mut notes)?;
    let delim = intake::delimiter(&src, csv_path, sc.delimiter, &pin_file, &mut notes)?;
    check_text(&src, csv_path, delim)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delim)
        .from_reader(src.as_bytes());
    let mut headers = read_headers(&mut reader, &src, csv_path)?;
    let mut raw_rows = read_rows(&mut reader, &src, csv_path, delim)?;
    intake::trailing_blanks(&mut headers, &mut raw_rows, csv_path, &mut notes);
    let header_diags = header_problems(&headers, &src, csv_path, delim);
    if header_diags.has_errors() {
        return Err(header_diags);
    }
    if !has_sidecar {
        notes.push(no_sidecar(csv_path, &pin_file));
    }
    let source = Source {
        csv_path,
        csv: &src,
        sidecar_path: sidecar_path.map(PathBuf::as_path),
        sidecar: &sidecar_src,
        delim,
        dates: sc.dates,
        negatives: sc.negatives,
    };
    let mut diags = Diagnostics::new();
    let marks = marks::missing_marks(sc.missing.as_ref(), &source, &mut diags);
    let missing = marks.texts();
    missing_placeholders(&missing, &source, &mut diags);
    let specs = sidecar::column_specs(&sc, &headers, &source, &mut diags);
    let key = sidecar::key_column(&sc, &headers, &source, &mut diags);
    let translations = translation::read(&sc, &headers, &source, &mut diags);
    let columns = columns::build_columns(&headers, &specs, key, &raw_rows, &marks, has_sidecar);
    let row_formats = rows::row_formats(&sc, &source, &mut diags);
    let shapes = typed::Shapes {
        row_types: rows::row_types(&row_formats),
        typed_decimals: (headers.iter())
            .map(|h| specs.get(h).is_some_and(|(s, _)| s.decimals_as_typed))
            .collect(),
    };
    let typed = columns::type_cells(
        raw_rows, &columns, key, &marks, &source, &shapes, &mut diags,
    );
    let meta = dataset_meta(&sc, name, &source, &mut diags);
    let column_names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    #[rustfmt::skip]
    notes::check_references(&meta.footnotes, &typed.rows, &typed.positions, key, &column_names, &source, &mut diags, &mut notes);
    if diags.has_errors() {
        diags.extend(notes);
        return Err(diags);
    }
    let mut dataset = Dataset {
        name: name.to_string(),
        csv_path: csv_path.to_path_buf(),
        sidecar_path: sidecar_path.cloned(),
        meta,
        key,
        columns,
        rows: typed.rows,
        positions: typed.positions,
        raw: typed.raw,
        totals: None,
        notes: notes.0,
        formats: crate::model::dataset::approx::Formats {
            cells: typed.cells,
            columns: rows::column_formats(&specs),
            ..Default::default()
        },
        marks: typed.marks,
        translations,
        lang_prefix: String::new(),
    };
    rows::place_rows(&mut dataset, row_formats, &source, &mut diags);
    if diags.has_errors() {
        diags.extend(notes_of(&dataset));
        return Err(diags);
    }
    Ok(Loaded {
        dataset,
        sidecar: sc,
        sidecar_src,
    })
}

/// The notes of a dataset that will not load after all, to report with
/// its errors.
fn notes_of(ds: &Dataset) -> Diagnostics {
    let mut d = Diagnostics::new();
    for n in &ds.notes {
        d.push(n.clone());
    }
    d
}

/// A CSV without a sidecar would be published with no source, period or
/// licence of its own: residents could not tell where the figures came from.
fn no_sidecar(csv_path: &Path, sidecar: &Path) -> Diagnostic {
    Diagnostic::warning(
        Code::DataNoSidecar,
        format!(
            "{} has no sidecar, so it would be published with no source, period or licence",
            display_path(csv_path)
        ),
    )
    .in_file(csv_path)
    .hint(format!(
        "add {} with at least `title:`, `description:`, `source:` and `period:` (docs/datasets.md, \"The sidecar\")",
        display_path(sidecar)
    ))
}

/// Listing `XX` as "no data" would turn every figure still to be written
/// into a silent gap.
fn missing_placeholders(missing: &[String], source: &Source, diags: &mut Diagnostics) {
    for m in missing {
        if let Some(word) = crate::util::placeholders::figure_placeholder(m) {
            diags.push(
                Diagnostic::error(
                    Code::Sidecar,
                    format!("`{m}` under `missing:` is a placeholder (`{word}`), not a mark of missing data"),
                )
                .in_file(source.sidecar_file())
                .at(crate::load::yaml::key_line(source.sidecar, "missing"), 1)
                .hint("take it out of `missing:`, and put the real figures in the CSV; cells with no figure can be left empty"),
            );
        }
    }
}

/// The sidecar as read and its text (empty when there is none).
fn read_sidecar(
    root: &Path,
    sidecar_path: Option<&PathBuf>,
) -> Result<(Option<Sidecar>, String), Diagnostic> {
    Ok(match sidecar_path {
        Some(p) => {
            let s = crate::load::files::read_text(root, p)?;
            // The blocks for other languages are read with the columns.
            let rest = translation::without_blocks(&s);
            let sc: Sidecar = yaml::parse(&rest, p, 1, Code::Sidecar, "dataset description")?;
            (Some(sc), s)
        }
        None => (None, String::new()),
    })
}

/// Mistakes the csv reader would misreport or report far from their
/// cause, caught before it reads the file.
fn check_text(src: &str, csv_path: &Path, delim: u8) -> Result<(), Diagnostic> {
    // A second byte-order mark (a file saved twice by tools that each add
    // one) is as empty as none: it is not a column name.
    if src
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(Diagnostic::error(Code::CsvEmpty, "this CSV file is empty")
            .in_file(csv_path)
            .hint("the first line must name the columns, e.g. `district,current,previous`"));
    }
    // A NUL is never text: the file is binary, or was damaged in saving.
    if let Some(at) = src.find('\0') {
        let (line, col) = crate::diagnostic::line_col(src, at);
        return Err(Diagnostic::error(
            Code::Csv,
            "this file holds a NUL character (byte 0), which is not text",
        )
        .in_file(csv_path)
        .at(line, col)
        .hint("save the file again as \"CSV UTF-8\" from the program that made it"));
    }
    if let Some((line, col)) = csvtext::unclosed_quote(src, delim) {
        return Err(Diagnostic::error(Code::CsvQuote, "this quote is never closed")
            .in_file(csv_path)
            .at(line, col)
            .label("the value that starts here runs to the end of the file")
            .hint("close the value with another `\"`; a `\"` inside a quoted value is written twice (`\"\"`)"));
    }
    Ok(())
}

/// The column names of the first line, trimmed.
fn read_headers(
    reader: &mut csv::Reader<&[u8]>,
    src: &str,
    csv_path: &Path,
) -> Result<Vec<String>, Diagnostics> {
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(csv_error(&e, csv_path, src).into()),
    };
    if headers.is_empty() {
        return Err(
            Diagnostic::error(Code::CsvHeader, "the first line names no columns")
                .in_file(csv_path)
                .at(1, 1)
                .hint("the first line must name the columns, e.g. `district,current,previous`")
                .into(),
        );
    }
    Ok(headers)
}

/// Every column with no name and every name used twice.
fn header_problems(headers: &[String], src: &str, csv_path: &Path, delim: u8) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let header_cols = field_columns(src, 0, delim);
    let mut seen = HashSet::new();
    for (i, h) in headers.iter().enumerate() {
        let col = header_cols.get(i).copied().unwrap_or(1);
        if h.is_empty() {
            diags.push(
                Diagnostic::error(Code::CsvHeader, format!("column {} has no name", i + 1))
                    .in_file(csv_path)
                    .at(1, col)
                    .hint("give every column a name in the first line"),
            );
        } else if !seen.insert(h.clone()) {
            diags.push(
                Diagnostic::error(
                    Code::CsvHeader,
                    format!("the column name `{h}` is used twice"),
                )
                .in_file(csv_path)
                .at(1, col)
                .width(h.chars().count())
                .hint("give each column its own name"),
            );
        }
    }
    diags
}

/// Every record after the first line, placed by line and column; the
/// first record the reader refuses ends the reading.
fn read_rows(
    reader: &mut csv::Reader<&[u8]>,
    src: &str,
    csv_path: &Path,
    delim: u8,
) -> Result<Vec<RawRow>, Diagnostic> {
    let mut raw_rows = Vec::new();
    let mut lines = LineCounter::default();
    for rec in reader.records() {
        let r = rec.map_err(|e| csv_error(&e, csv_path, src))?;
        let byte = r
            .position()
            .map(|p| csvtext::record_start(src, p.byte() as usize))
            .unwrap_or(0);
        raw_rows.push(RawRow {
            pos: RowPos {
                line: lines.line_at(src, byte),
                columns: field_columns(src, byte, delim),
            },
            fields: r.iter().map(str::to_string).collect(),
            byte,
        });
    }
    Ok(raw_rows)
}

/// The dataset's title, source and licence from the sidecar, with its
/// dates checked.
fn dataset_meta(sc: &Sidecar, name: &str, source: &Source, diags: &mut Diagnostics) -> Meta {
    // A licence not in the known list is still shown, by its id.
    let licence = sc.licence.as_deref().map(|id| {
        Licence::from_id(id).unwrap_or(Licence {
            id: id.to_string(),
            name: id.to_string(),
            url: String::new(),
        })
    });
    for (k, v) in [("published", &sc.published), ("updated", &sc.updated)] {
        if let Some(d) = v
            && !is_iso_date(d)
        {
            diags.push(
                Diagnostic::error(Code::Sidecar, format!("`{k}` is not a date: `{d}`"))
                    .in_file(source.sidecar_file())
                    .at(yaml::key_line(source.sidecar, k), 1)
                    .hint(format!("write dates as YYYY-MM-DD, e.g. `{k}: 2024-01-16`")),
            );
        }
    }
    Meta {
        title: sc.title.clone().unwrap_or_else(|| humanise(name)),
        description: sc.description.clone().unwrap_or_default(),
        source: sc.source.clone().unwrap_or_default(),
        source_url: sc.source_url.clone(),
        publisher: sc.publisher.clone().unwrap_or_default(),
        period: sc.period.clone().unwrap_or_default(),
        published: sc.published.clone(),
        updated: sc.updated.clone(),
        licence,
        caveats: sc.caveats.clone(),
        sources: notes::sources(sc, source, diags),
        footnotes: notes::footnotes(sc, source, diags),
        targets: sc.targets.clone(),
        corrections: corrections::read(
            &sc.corrections,
            &corrections::Place {
                file: source.sidecar_file(),
                src: source.sidecar,
                first_line: 1,
                dataset: Some(name),
                page: None,
            },
            diags,
        ),
    }
}

/// `change_pct` → `Change pct`: a readable default label.
pub fn humanise(s: &str) -> String {
    let t = s.replace(['_', '-'], " ");
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
