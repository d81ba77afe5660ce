//! The functions authors call from Markdown and templates: `value()`,
//! `table()`, `chart()` and `link()`.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use tera::{Error, Kwargs, State, Tera, Value};

use crate::diagnostic::suggest;
use crate::model::dataset::format::{self, Style};
use crate::model::dataset::symbol::Mark;
use crate::model::dataset::{Dataset, Datasets};
use crate::model::i18n::{Messages, Strings};
use crate::render::languages::lang_of;
use crate::render::table::{self, TableError, TableOptions};

/// A call that failed, as the functions report it: what went wrong and
/// what to do. Tera carries a function's error to the caller only as text,
/// so the two travel joined by a separator that no message contains, and
/// are taken apart again, in this module only.
pub struct CallFailure {
    pub message: String,
    pub hint: Option<String>,
}

const HINT_SEP: &str = "\u{1f}";

impl CallFailure {
    /// The error a Tera function returns.
    pub fn into_tera(self) -> Error {
        match self.hint {
            Some(h) => Error::message(format!("{}{HINT_SEP}{h}", self.message)),
            None => Error::message(self.message),
        }
    }

    /// The failure back from the text of Tera's error.
    pub fn from_text(text: &str) -> CallFailure {
        match text.split_once(HINT_SEP) {
            Some((m, h)) => CallFailure {
                message: m.to_string(),
                hint: Some(h.to_string()),
            },
            None => CallFailure {
                message: text.lines().next().unwrap_or("").to_string(),
                hint: None,
            },
        }
    }
}

/// What one page being rendered has used so far.
#[derive(Debug, Default, Clone)]
pub struct PageScope {
    pub datasets: BTreeSet<String>,
    /// URLs of the pages this one names through `ref()`: when one of them is
    /// retitled or relettered, `serve` renders this page again.
    pub pages: BTreeSet<String>,
    /// Every figure `value()` placed, in order.
    pub figures: Vec<Placed>,
    /// The datasets `table()` showed, for the check that a page's
    /// correction names a figure the page shows.
    pub tables: BTreeSet<String>,
    ids: HashMap<String, usize>,
}

/// A figure `value()` placed on a page, and where it came from: what the
/// page's "Figures on this page" list says, and where the figure links to.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub dataset: String,
    pub dataset_title: String,
    pub row: String,
    pub column: String,
    /// The figure as printed.
    pub shown: String,
    /// The unrounded value, for the `data` element.
    pub value: f64,
    /// How a derived figure was worked out, with its numbers.
    pub working: Option<String>,
    /// The figure's row on its dataset's page.
    pub url: String,
    /// Where the notice of a correction on record for this figure is.
    pub correction: Option<String>,
}

/// The name under which a render's context carries its page's key, so the
/// functions, which are shared by every page and thread, know whose use to
/// record.
pub const SCOPE_KEY: &str = "__plainsight_scope";

/// What every page being rendered has used, by page key (its URL). Pages
/// render in parallel; each function call records under the key its render
/// carries in its context, so nothing depends on which thread ran it.
#[derive(Debug, Default)]
pub struct Scopes(Mutex<HashMap<String, PageScope>>);

impl Scopes {
    /// Starts a fresh record for the page `key`.
    pub fn begin(&self, key: &str) {
        self.lock().insert(key.to_string(), PageScope::default());
    }

    /// Every figure `value()` has placed on the page `key` so far.
    pub fn figures(&self, key: &str) -> Option<Vec<Placed>> {
        Some(self.lock().get(key)?.figures.clone())
    }

    /// How many figures `value()` has placed on the page `key`.
    pub fn figure_count(&self, key: &str) -> usize {
        self.lock().get(key).map_or(0, |s| s.figures.len())
    }

    /// The figure `value()` placed last on the page `key`.
    pub fn last_figure(&self, key: &str) -> Option<Placed> {
        self.lock().get(key)?.figures.last().cloned()
    }

    /// What the page `key` used; its record is closed.
    pub fn finish(&self, key: &str) -> PageScope {
        self.lock().remove(key).unwrap_or_default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, PageScope>> {
        // A panic while recording leaves a record half written, which only
        // makes `serve` render a page more often: carry on with it.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The recorder for the render `state` belongs to.
    pub fn of<'a>(&'a self, state: &State) -> Recorder<'a> {
        Recorder {
            scopes: self,
            key: state.get::<String>(SCOPE_KEY).ok().flatten(),
        }
    }
}

/// Records what one render uses; a render without a key (a front-matter
/// field worked out on loading) records nothing.
pub struct Recorder<'a> {
    scopes: &'a Scopes,
    key: Option<String>,
}

impl Recorder<'_> {
    fn with<T>(&self, f: impl FnOnce(&mut PageScope) -> T) -> Option<T> {
        let key = self.key.as_ref()?;
        let mut all = self.scopes.lock();
        Some(f(all.entry(key.clone()).or_default()))
    }

    /// Notes that the page names the page at `url`.
    pub fn use_page(&self, url: &str) {
        self.with(|s| s.pages.insert(url.to_string()));
    }

    pub(crate) fn place_figure(&self, f: Placed) {
        self.with(|s| s.figures.push(f));
    }

    fn use_table(&self, name: &str) {
        self.with(|s| s.tables.insert(name.to_string()));
    }

    fn use_dataset(&self, name: &str) {
        self.with(|s| s.datasets.insert(name.to_string()));
    }

    /// An id unique within the page: `table-asb`, `table-asb-2`, ...
    pub fn unique_id(&self, base: &str) -> String {
        let n = self
            .with(|s| {
                let n = s.ids.entry(base.to_string()).or_insert(0);
                *n += 1;
                *n
            })
            .unwrap_or(1);
        if n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        }
    }
}

pub(crate) fn fail(msg: impl std::fmt::Display, hint: impl std::fmt::Display) -> Error {
    CallFailure {
        message: msg.to_string(),
        hint: Some(hint.to_string()),
    }
    .into_tera()
}

pub(crate) fn dataset<'a>(
    data: &'a Datasets,
    kwargs: &Kwargs,
    func: &str,
    rec: &Recorder<'_>,
) -> Result<&'a Dataset, Error> {
    let name: String = text_arg(kwargs, "data", func)?.ok_or_else(|| {
        fail(
            format!("{func}() needs a dataset: data=\"NAME\""),
            format!("e.g. {{{{ {func}(data=\"asb-by-district\") }}}}, naming a file in data/"),
        )
    })?;
    rec.use_dataset(&name);
    if data.failed.contains(&name) {
        return Err(fail(
            format!("the dataset `{name}` could not be loaded"),
            format!("correct the error reported in data/{name}.csv (or its sidecar) first"),
        ));
    }
    data.get(&name).ok_or_else(|| {
        let hint = match (data.renamed.get(&name), suggest(&name, data.names())) {
            (Some(new), _) => format!(
                "data/{name}.csv is not there, and data/{new}.csv has no sidecar: if it was renamed, use \"{new}\" and rename the sidecar to match"
            ),
            (None, Some(s)) => format!("did you mean \"{s}\"?"),
            (None, None) if let Some(s) = data.sharing_a_word(&name) => {
                format!("did you mean \"{s}\"? (if data/{name}.csv was renamed, use its new name)")
            }
            (None, None) if data.tables.is_empty() => "there are no CSV files in data/".into(),
            (None, None) => format!(
                "datasets are: {}",
                data.names().collect::<Vec<_>>().join(", ")
            ),
        };
        fail(
            format!("there is no dataset `{name}` (data/{name}.csv)"),
            hint,
        )
    })
}

pub fn check_kwargs(kwargs: &Kwargs, allowed: &[&str], func: &str) -> Result<(), Error> {
    for (k, _) in kwargs.iter() {
        let k = k.as_str().unwrap_or_default();
        if !allowed.contains(&k) {
            let hint = match suggest(k, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("{func}() takes: {}", allowed.join(", ")),
            };
            return Err(fail(format!("{func}() has no argument `{k}`"), hint));
        }
    }
    Ok(())
}

/// A text argument. A number is taken as its digits (a column may be
/// called 2025); a list, mapping or true/false is refused with a message
/// that names the argument, which serde's "expected a string" does not.
pub fn text_arg(kwargs: &Kwargs, key: &str, func: &str) -> Result<Option<String>, Error> {
    match kwargs.get::<Value>(key)? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => match v.as_str() {
            Some(s) => Ok(Some(s.to_string())),
            None if v.is_number() => Ok(Some(v.to_string())),
            None => Err(fail(
                format!(
                    "{func}(): `{key}` must be text in quotes, not a {}",
                    v.name()
                ),
                format!("e.g. {key}=\"...\""),
            )),
        },
    }
}

/// A true/false argument; `"yes"` or `"true"` in quotes is refused by name.
fn bool_arg(kwargs: &Kwargs, key: &str, func: &str) -> Result<Option<bool>, Error> {
    match kwargs.get::<Value>(key)? {
        None => Ok(None),
        Some(v) => v.as_bool().map(Some).ok_or_else(|| {
            fail(
                format!("{func}(): `{key}` must be true or false, not `{v}`"),
                format!("write {key}=true or {key}=false, without quotes"),
            )
        }),
    }
}

fn string_list(kwargs: &Kwargs, key: &str) -> Result<Option<Vec<String>>, Error> {
    match kwargs.get::<Value>(key)? {
        None => Ok(None),
        Some(v) if v.is_string() => Ok(Some(vec![v.as_str().unwrap_or_default().to_string()])),
        Some(v) => match v.as_array() {
            Some(items) => items
                .iter()
                .map(|i| {
                    i.as_str().map(str::to_string).ok_or_else(|| {
                        fail(
                            format!("`{key}` must be a list of names"),
                            format!("e.g. {key}=[\"current\", \"previous\"]"),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            None => Err(fail(
                format!("`{key}` must be a name or a list of names"),
                format!("e.g. {key}=[\"current\"]"),
            )),
        },
    }
}

pub(crate) fn column_error(ds: &Dataset, e: TableError) -> Error {
    match e {
        TableError::UnknownColumn(c) => {
            let hint = match suggest(&c, ds.columns.iter().map(|c| c.name.as_str())) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!(
                    "columns are: {}",
                    ds.columns
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            fail(format!("dataset `{}` has no column `{c}`", ds.name), hint)
        }
        TableError::UnknownRow(r) => row_error(ds, &r),
    }
}

fn row_error(ds: &Dataset, r: &str) -> Error {
    let keys: Vec<String> = (0..ds.rows.len()).map(|i| ds.key_text(i)).collect();
    let hint = match suggest(r, keys.iter().map(String::as_str)) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => format!(
            "rows are found by `{}`; it has: {}",
            ds.columns[ds.key].name,
            keys.join(", ")
        ),
    };
    fail(format!("dataset `{}` has no row `{r}`", ds.name), hint)
}

/// `value(data, row, col, format?)`: one figure, formatted.
pub fn value(
    data: &Datasets,
    kwargs: &Kwargs,
    rec: &Recorder<'_>,
    words: &Messages,
) -> Result<String, Error> {
    check_kwargs(
        kwargs,
        &[
            "data",
            "row",
            "col",
            "format",
            "if_missing",
            "qualifier",
            "significant",
        ],
        "value",
    )?;
    let ds = dataset(data, kwargs, "value", rec)?;
    let row_name = kwargs
        .get::<Value>("row")?
        .map(|v| match v.as_str() {
            Some(s) => s.to_string(),
            None => v.to_string(),
        })
        .ok_or_else(|| fail("value() needs row=\"...\"", "e.g. row=\"Ashford\""))?;
    let col_name: String = text_arg(kwargs, "col", "value")?
        .ok_or_else(|| fail("value() needs col=\"...\"", "e.g. col=\"current\""))?;
    let c = ds
        .column(&col_name)
        .ok_or_else(|| column_error(ds, TableError::UnknownColumn(col_name.clone())))?;
    let totals = ds
        .totals
        .as_ref()
        .is_some_and(|t| t.label.eq_ignore_ascii_case(&row_name));
    let row = if totals {
        None
    } else {
        Some(keyed_row(ds, &row_name)?)
    };
    let mark = match row {
        Some(r) => ds.marks.cell(r, c),
        None => ds.marks.totals.get(&c),
    };
    let cell = if totals {
        ds.totals
            .as_ref()
            .map(|t| t.cells[c].clone())
            .unwrap_or(format::Cell::Missing)
    } else {
        let r = row.unwrap_or_default();
        let cell = ds.rows[r][c].clone();
        if cell.is_missing() && mark.and_then(Mark::replacing).is_none() {
            return missing_in_prose(ds, kwargs, r, c);
        }
        cell
    };
    // A figure shown as a symbol says so in words as well: the sentence
    // reads "not available [x]", the words first, the symbol the key lists after.
    if cell.is_missing()
        && let Some(s) = mark.and_then(Mark::replacing)
    {
        if let Some(text) = text_arg(kwargs, "if_missing", "value")? {
            return Ok(text);
        }
        return Ok(crate::render::table_key::symbol_words(s, words));
    }
    if cell.is_missing() {
        // The totals row: a column with no figure to total.
        if let Some(text) = text_arg(kwargs, "if_missing", "value")? {
            return Ok(text);
        }
        return Err(fail(
            format!(
                "dataset `{}` has no total for `{}`",
                ds.name, ds.columns[c].name
            ),
            "a sentence cannot say \"no data\" for a figure: choose another figure, or write if_missing=\"…\" with the words the sentence should use instead",
        ));
    }
    // A target's status reads in the page's language: "wedi'i gyrraedd".
    if let format::Cell::Text(text) = &cell
        && let Some(status) = crate::render::table_cells::status_of(ds, c, text)
    {
        return Ok(words.get(status.key()).to_string());
    }
    let style = ds.style_at(row, c);
    let fmt: Option<String> = text_arg(kwargs, "format", "value")?;
    let qualifier: Option<String> = text_arg(kwargs, "qualifier", "value")?;
    let ask = crate::render::approx_value::Ask {
        format: fmt.as_deref(),
        qualifier: qualifier.as_deref(),
        significant: significant_arg(kwargs)?,
    };
    let shown = match fmt.as_deref() {
        _ if ask.is_mine() => crate::render::approx_value::shown(ds, row, c, &cell, &ask, words)?,
        Some("ordinal") => ordinal_of(&cell, &ds.columns[c], words)?,
        // Figures in words in English and Welsh; other languages keep figures.
        Some("words") => {
            match (cell.number()).and_then(|n| crate::render::words::number_words(n, words)) {
                Some(w) => w,
                None => formatted(&cell, style, None)?,
            }
        }
        // A date reads in the page's language: "1 Mehefin 2024".
        None | Some("plain") if matches!(cell, format::Cell::Date(_)) => match &cell {
            format::Cell::Date(d) => words.date(d),
            _ => formatted(&cell, style, None)?,
        },
        None => ds.show_at(row, c, &cell, words),
        other => formatted(&cell, style, other)?,
    };
    if let Some(value) = cell.number() {
        rec.place_figure(placed(ds, row, c, &shown, value));
    }
    // "1,234 (provisional) [p]": the words a reader needs, then the symbol.
    match mark.filter(|m| !m.symbols.is_empty()) {
        None => Ok(shown),
        Some(m) => {
            let meanings: Vec<String> = (m.symbols.iter())
                .map(|s| words.get(&s.key()).to_string())
                .collect();
            Ok(format!("{shown} ({}) {}", meanings.join(", "), m.shown()))
        }
    }
}

/// `significant=N`: how many significant figures a qualified figure keeps.
fn significant_arg(kwargs: &Kwargs) -> Result<Option<u32>, Error> {
    match kwargs.get::<Value>("significant")? {
        None => Ok(None),
        Some(v) => match v.as_u64().filter(|n| (1..=6).contains(n)) {
            Some(n) => Ok(Some(n as u32)),
            None => Err(fail(
                format!("value(): `significant` must be a whole number from 1 to 6, not {v}"),
                "e.g. significant=2 shows 4,913 as 4,900",
            )),
        },
    }
}

/// Where a figure came from, for the page's list of figures.
fn placed(ds: &Dataset, row: Option<usize>, c: usize, shown: &str, value: f64) -> Placed {
    let col = &ds.columns[c];
    // The dataset's page shows its first rows only; a figure from further
    // down links to the page, whose download has every row.
    let anchor = match row {
        None => Some(table::TOTALS_ANCHOR.to_string()),
        Some(r) if r < table::MAX_INLINE_ROWS => Some(ds.row_anchor(r)),
        Some(_) => None,
    };
    Placed {
        dataset: ds.name.clone(),
        dataset_title: ds.meta.title.clone(),
        row: match row {
            Some(r) => ds.key_text(r),
            None => ds
                .totals
                .as_ref()
                .map(|t| t.label.clone())
                .unwrap_or_default(),
        },
        column: col.label.clone(),
        shown: shown.to_string(),
        value,
        working: row.and_then(|r| crate::resolve::derive::working(ds, r, col)),
        correction: row
            .and_then(|r| crate::model::correction::for_cell(ds, r, c))
            .map(|fix| crate::render::corrections::notice_url(ds, fix)),
        url: match anchor {
            Some(a) => format!("{}#{a}", ds.url()),
            None => ds.url(),
        },
    }
}

/// The row whose key is `row_name`, which must be the only one.
fn keyed_row(ds: &Dataset, row_name: &str) -> Result<usize, Error> {
    let r = ds.row(row_name).ok_or_else(|| row_error(ds, row_name))?;
    // A key written on two rows makes the figure a guess: which one the
    // author meant cannot be told, so neither is used.
    if let Some(other) = ds.same_key(r) {
        return Err(fail(
            format!(
                "dataset `{}` has more than one row `{}` (lines {} and {} of {})",
                ds.name,
                ds.key_text(r),
                ds.positions[r].line,
                ds.positions[other].line,
                crate::diagnostic::display_path(&ds.csv_path)
            ),
            format!(
                "give each row its own name in the key column `{}`, or choose another key column with `key:` in the sidecar",
                ds.columns[ds.key].name
            ),
        ));
    }
    Ok(r)
}

/// "8th", or for a rank "8th highest": the order is the rank's own, so the
/// words cannot say "lowest" of a rank counted from the highest.
fn ordinal_of(
    cell: &format::Cell,
    col: &crate::model::dataset::Column,
    words: &Messages,
) -> Result<String, Error> {
    use crate::model::dataset::schema::{ColType, DerivedKind, Order};
    let whole_column = col.ty == ColType::Integer
        || col
            .derived
            .as_ref()
            .is_some_and(|d| d.kind == DerivedKind::Rank);
    let n = (cell.number().filter(|_| whole_column))
        .and_then(crate::render::words::ordinal)
        .map(|en| match cell.number() {
            Some(x) if !words.is_english() => words.ordinal(x as u64),
            _ => en,
        })
        .ok_or_else(|| {
            fail(
                format!(
                    "value(): `{}` is not a whole-number count or a rank, so it has no ordinal",
                    col.name
                ),
                "format=\"ordinal\" is for ranks and positions: 1st, 2nd, 8th",
            )
        })?;
    Ok(match &col.derived {
        Some(spec) if spec.kind == DerivedKind::Rank => {
            let key = match spec.order.unwrap_or_default() {
                Order::Descending => "value.ordinal_highest",
                Order::Ascending => "value.ordinal_lowest",
            };
            words.fill(key, &[("nth", &n)])
        }
        _ => n,
    })
}

/// A figure in the column's style, changed as `format=` asks.
fn formatted(cell: &format::Cell, style: Style, fmt: Option<&str>) -> Result<String, Error> {
    Ok(match fmt {
        None => format::format(cell, style),
        Some("raw") => format::raw(cell, style),
        Some("plain") => format::format(
            cell,
            Style {
                signed: false,
                ..style
            },
        ),
        Some("signed") => format::format(
            cell,
            Style {
                signed: true,
                ..style
            },
        ),
        Some("abs") => match cell.number() {
            Some(n) => format::format_number(
                n.abs(),
                Style {
                    signed: false,
                    ..style
                },
            ),
            None => format::NO_DATA.into(),
        },
        Some(other) => {
            return Err(fail(
                format!("value() has no format `{other}`"),
                "format is one of: raw, plain, signed, abs, ordinal, words, compact, fraction",
            ));
        }
    })
}

/// A `value()` whose cell is empty. In a table "no data" is a fair cell;
/// inside a sentence ("the group dealt with no data people") it is a hole in
/// the text, so it is an error at the call that names the cell, unless the
/// author says in words what to write instead (`if_missing="…"`).
fn missing_in_prose(
    ds: &crate::model::dataset::Dataset,
    kwargs: &Kwargs,
    r: usize,
    c: usize,
) -> Result<String, Error> {
    if let Some(text) = text_arg(kwargs, "if_missing", "value")? {
        return Ok(text);
    }
    let at = &ds.positions[r];
    let place = if c < ds.columns.len() && ds.columns[c].derived.is_none() {
        format!(
            "{}:{}:{}",
            crate::diagnostic::display_path(&ds.csv_path),
            at.line,
            at.column(c)
        )
    } else {
        format!(
            "{} line {}",
            crate::diagnostic::display_path(&ds.csv_path),
            at.line
        )
    };
    Err(fail(
        format!(
            "`{}` for `{}` in dataset `{}` has no data ({place}), so the sentence would read \"no data\"",
            ds.columns[c].name,
            ds.key_text(r),
            ds.name
        ),
        "fill in the cell, or write if_missing=\"…\" with the words the sentence should use when there is no figure",
    ))
}

/// `table(data, columns?, sort?, caption?, highlight?, totals?)`.
pub fn table(
    data: &Datasets,
    sizes: &HashMap<String, usize>,
    kwargs: &Kwargs,
    rec: &Recorder<'_>,
    words: Arc<Messages>,
) -> Result<String, Error> {
    check_kwargs(
        kwargs,
        &[
            "data",
            "columns",
            "sort",
            "caption",
            "highlight",
            "totals",
            "rows",
            "where",
            "missing",
        ],
        "table",
    )?;
    let ds = dataset(data, kwargs, "table", rec)?;
    rec.use_table(&ds.name);
    let pick = super::table_select::picked_rows(ds, string_list(kwargs, "rows")?, kwargs)?;
    let totals = bool_arg(kwargs, "totals", "table")?;
    if pick.is_some() && totals == Some(true) {
        return Err(fail(
            "table(): totals=true cannot be used with rows= or where=, since the dataset's totals add up every row",
            "leave totals= out: the table then says the totals are left out, and the dataset's page shows them",
        ));
    }
    let opts = TableOptions {
        columns: string_list(kwargs, "columns")?,
        sort: text_arg(kwargs, "sort", "table")?,
        caption: text_arg(kwargs, "caption", "table")?,
        highlight: string_list(kwargs, "highlight")?.unwrap_or_default(),
        totals,
        max_rows: table::MAX_INLINE_ROWS,
        id: rec.unique_id(&format!("table-{}", ds.name)),
        csv_bytes: sizes.get(&ds.name).copied(),
        notes: true,
        row_ids: false,
        pick,
        words,
    };
    table::render(ds, &opts).map_err(|e| column_error(ds, e))
}

/// `chart(data, kind?, columns?, ...)`: an SVG chart with its data beside it.
pub fn chart(
    data: &Datasets,
    sizes: &HashMap<String, usize>,
    kwargs: &Kwargs,
    rec: &Recorder<'_>,
    words: Arc<Messages>,
) -> Result<String, Error> {
    check_kwargs(
        kwargs,
        &[
            "data",
            "kind",
            "columns",
            "title",
            "subtitle",
            "sort",
            "highlight",
            "axis_label",
            "label",
        ],
        "chart",
    )?;
    let ds = dataset(data, kwargs, "chart", rec)?;
    let opts = crate::render::chart::ChartOptions {
        kind: text_arg(kwargs, "kind", "chart")?,
        columns: string_list(kwargs, "columns")?,
        title: text_arg(kwargs, "title", "chart")?,
        subtitle: text_arg(kwargs, "subtitle", "chart")?,
        sort: text_arg(kwargs, "sort", "chart")?,
        highlight: string_list(kwargs, "highlight")?.unwrap_or_default(),
        axis_label: text_arg(kwargs, "axis_label", "chart")?,
        label: text_arg(kwargs, "label", "chart")?,
        id: rec.unique_id(&format!("chart-{}", ds.name)),
        csv_bytes: sizes.get(&ds.name).copied(),
        words,
    };
    crate::render::chart::render(ds, &opts).map_err(|e| fail(e.message, e.hint))
}

/// `link(data)`: the URL of a dataset's page.
pub fn link(data: &Datasets, kwargs: &Kwargs, rec: &Recorder<'_>) -> Result<String, Error> {
    check_kwargs(kwargs, &["data"], "link")?;
    Ok(dataset(data, kwargs, "link", rec)?.url())
}

/// A Tera function whose output is already-escaped HTML.
pub struct Safe<F>(pub F);

impl<F> tera::Function<Result<Value, Error>> for Safe<F>
where
    F: Fn(Kwargs, &State) -> Result<Value, Error> + Send + Sync + 'static,
{
    fn call(&self, kwargs: Kwargs, state: &State) -> Result<Value, Error> {
        (self.0)(kwargs, state)
    }
    fn is_safe(&self) -> bool {
        true
    }
}

/// Registers the functions on a Tera instance.
pub fn register(
    tera: &mut Tera,
    data: Arc<Datasets>,
    sizes: Arc<HashMap<String, usize>>,
    scopes: Arc<Scopes>,
    strings: Arc<Strings>,
) {
    // Each call's words are its page's language's (src/render/languages.rs),
    // and so is each dataset's text (model/dataset/translation.rs).
    let (d, sc, w) = (data.clone(), scopes.clone(), strings.clone());
    tera.register_function("value", move |k: Kwargs, st: &State| {
        value(d.in_lang(&lang_of(st)), &k, &sc.of(st), w.of(&lang_of(st))).map(Value::from)
    });
    let (d, s, sc, w) = (data.clone(), sizes.clone(), scopes.clone(), strings.clone());
    tera.register_function(
        "table",
        Safe(move |k: Kwargs, st: &State| {
            let words = w.shared(&lang_of(st)).clone();
            table(d.in_lang(&lang_of(st)), &s, &k, &sc.of(st), words)
                .map(|h| Value::safe_string(&h))
        }),
    );
    let (d, s, sc, w) = (data.clone(), sizes, scopes.clone(), strings.clone());
    tera.register_function(
        "chart",
        Safe(move |k: Kwargs, st: &State| {
            let words = w.shared(&lang_of(st)).clone();
            chart(d.in_lang(&lang_of(st)), &s, &k, &sc.of(st), words)
                .map(|h| Value::safe_string(&h))
        }),
    );
    let (d, sc, w) = (data.clone(), scopes.clone(), strings);
    tera.register_function("count", move |k: Kwargs, st: &State| {
        crate::render::count::count(d.in_lang(&lang_of(st)), &k, &sc.of(st), w.of(&lang_of(st)))
            .map(Value::from)
    });
    let d = data;
    tera.register_function("link", move |k: Kwargs, st: &State| {
        link(d.in_lang(&lang_of(st)), &k, &scopes.of(st)).map(Value::from)
    });
}
