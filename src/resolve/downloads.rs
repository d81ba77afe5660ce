//! Downloads: each dataset as CSV (RFC 4180, derived columns included) and
//! JSON; its open-data descriptions are in opendata.rs.

use serde_json::{Map, Value, json};

use crate::model::config::Config;
use crate::model::dataset::format::{Cell, raw};
use crate::model::dataset::{Dataset, schema::ColType};
use crate::model::site::Downloads;

/// The published CSV: key column first, stated columns left out, no totals row
/// (a totals row would be counted again by anyone who adds the column up).
pub fn csv(ds: &Dataset) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let cols: Vec<usize> = ds.published_columns().map(|(i, _)| i).collect();
    let _ = w.write_record(cols.iter().map(|&i| ds.columns[i].name.as_str()));
    for r in 0..ds.rows.len() {
        let _ = w.write_record(cols.iter().map(|&i| super::marks_out::csv_text(ds, r, i)));
    }
    w.into_inner().unwrap_or_default()
}

fn json_cell(cell: &Cell, ty: ColType, style: crate::model::dataset::format::Style) -> Value {
    match cell {
        Cell::Missing => Value::Null,
        Cell::Text(s) | Cell::Date(s) => Value::String(s.clone()),
        Cell::Number(_) => {
            let r = raw(cell, style);
            if matches!(ty, ColType::Integer | ColType::Year) {
                r.parse::<i64>().map(Value::from).unwrap_or(Value::Null)
            } else {
                r.parse::<f64>()
                    .ok()
                    .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
                    .unwrap_or(Value::Null)
            }
        }
    }
}

pub fn json(ds: &Dataset) -> Vec<u8> {
    let cols: Vec<usize> = ds.published_columns().map(|(i, _)| i).collect();
    let row_obj = |row: &Vec<Cell>| {
        let mut m = Map::new();
        for &i in &cols {
            let c = &ds.columns[i];
            m.insert(c.name.clone(), json_cell(&row[i], c.ty, c.style()));
        }
        Value::Object(m)
    };
    let columns: Vec<Value> = cols
        .iter()
        .map(|&i| {
            let c = &ds.columns[i];
            json!({
                "name": c.name, "label": c.label, "type": c.ty.name(), "unit": c.unit,
                "description": c.description, "formula": c.formula,
            })
        })
        .collect();
    let mut v = json!({
        "name": ds.name,
        "title": ds.meta.title,
        "description": ds.meta.description,
        "source": ds.meta.source,
        "publisher": ds.meta.publisher,
        "period": ds.meta.period,
        "published": ds.meta.published,
        "updated": ds.meta.updated,
        "licence": ds.meta.licence,
        "caveats": ds.meta.caveats,
        "columns": columns,
        "totals": ds.totals.as_ref().map(|t| {
            let mut o = row_obj(&t.cells);
            if let Value::Object(m) = &mut o {
                m.insert(ds.columns[ds.key].name.clone(), Value::String(t.label.clone()));
            }
            o
        }),
    });
    if let Some(m) = v.as_object_mut() {
        if let Some(notes) = figures_as_shown(ds) {
            m.insert("shown_as".into(), notes);
        }
        // Only when the sidecar lists them, so other downloads stay as they were.
        if !ds.meta.sources.is_empty() {
            m.insert("sources".into(), json!(ds.meta.sources));
        }
        if !ds.meta.footnotes.is_empty() {
            m.insert("footnotes".into(), json!(ds.meta.footnotes));
        }
        if !ds.marks.cells.is_empty() {
            m.insert("markers".into(), super::marks_out::json_markers(ds));
            m.insert("symbols".into(), super::marks_out::json_symbols(ds));
        }
    }
    // The rows are written straight out rather than built as JSON values
    // first: as values, a 100,000-row dataset took hundreds of megabytes.
    let mut sorted = cols.clone();
    sorted.sort_by(|&a, &b| ds.columns[a].name.cmp(&ds.columns[b].name));
    let out = WithRows {
        head: v.as_object(),
        rows: Rows { ds, cols: &sorted },
    };
    let mut s = serde_json::to_vec_pretty(&out).unwrap_or_default();
    s.push(b'\n');
    s
}

/// The figures readers see otherwise than in full ("over 240", "1.5
/// million", a row's unit), so a download keeps what the table said while
/// its rows keep the full figures.
fn figures_as_shown(ds: &Dataset) -> Option<Value> {
    let mut out = Vec::new();
    // Downloads keep the English words the data were typed with.
    let english = crate::model::i18n::Messages::builtin("en");
    for (r, row) in ds.rows.iter().enumerate() {
        for (i, c) in ds.published_columns() {
            let shown = ds.show_at(Some(r), i, &row[i], &english);
            let plain = crate::model::dataset::format::format(&row[i], ds.style_at(Some(r), i));
            let unit = ds.row_unit(r).filter(|_| c.ty.is_numeric());
            if i != ds.key && (shown != plain || unit.is_some()) && row[i].number().is_some() {
                let mut o = json!({ "row": ds.key_text(r), "column": c.name, "shown": shown });
                if let (Some(u), Value::Object(m)) = (unit, &mut o) {
                    m.insert("unit".into(), Value::String(u.to_string()));
                }
                out.push(o);
            }
        }
    }
    (!out.is_empty()).then_some(Value::Array(out))
}

/// The JSON download's top-level object: `head`'s entries with `rows` in its
/// place among them. Keys come out sorted, as a `serde_json::Map` sorts them.
struct WithRows<'a> {
    head: Option<&'a Map<String, Value>>,
    rows: Rows<'a>,
}

impl serde::Serialize for WithRows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let head = self.head.into_iter().flatten();
        let mut m = s.serialize_map(None)?;
        let mut rows_written = false;
        for (k, v) in head {
            if !rows_written && k.as_str() > "rows" {
                m.serialize_entry("rows", &self.rows)?;
                rows_written = true;
            }
            m.serialize_entry(k, v)?;
        }
        if !rows_written {
            m.serialize_entry("rows", &self.rows)?;
        }
        m.end()
    }
}

/// Each row as an object of its published columns; `cols` is sorted by name.
struct Rows<'a> {
    ds: &'a Dataset,
    cols: &'a [usize],
}

impl serde::Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct Row<'a>(&'a Rows<'a>, usize);
        impl serde::Serialize for Row<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.cols.len()))?;
                let (ds, r) = (self.0.ds, self.1);
                for &i in self.0.cols {
                    let c = &ds.columns[i];
                    let st = ds.style_at(Some(r), i);
                    m.serialize_entry(&c.name, &json_cell(&ds.rows[r][i], st.ty, st))?;
                }
                m.end()
            }
        }
        let mut seq = s.serialize_seq(Some(self.ds.rows.len()))?;
        for r in 0..self.ds.rows.len() {
            seq.serialize_element(&Row(self, r))?;
        }
        seq.end()
    }
}

impl Downloads {
    pub fn of(ds: &Dataset, config: &Config) -> Self {
        Downloads {
            csv: csv(ds),
            json: json(ds),
            csvw: super::opendata::csvw(ds),
            jsonld: super::opendata::jsonld(ds, config),
        }
    }
}

/// Data offered without a licence or publisher of its own is the site's:
/// settled once, on loading, so every place data is offered agrees.
pub fn settle_dataset(config: &Config, ds: &mut Dataset) {
    if ds.meta.licence.is_none() {
        ds.meta.licence = Some(config.licence.clone());
    }
    if ds.meta.publisher.is_empty() {
        ds.meta.publisher = config.organisation.name.clone();
    }
}
