//! A dataset's sources and footnotes in its CSV on the Web metadata:
//! `dc:source` (the sidecar's `source` text, then each of `sources:` as an
//! object with its title, address and date) and `notes` (each footnote as
//! a web annotation on the table, its text as written).

use serde_json::{Value, json};

use crate::model::dataset::Dataset;

/// `dc:source`: the old single string when that is all there is.
pub(super) fn dc_source(ds: &Dataset) -> Value {
    let m = &ds.meta;
    if m.sources.is_empty() {
        return Value::String(m.source.clone());
    }
    let mut list = Vec::new();
    if !m.source.trim().is_empty() {
        list.push(Value::String(m.source.clone()));
    }
    for s in &m.sources {
        let mut o = serde_json::Map::new();
        if let Some(u) = s.url.as_ref().filter(|u| !u.trim().is_empty()) {
            o.insert("@id".into(), Value::String(u.clone()));
        }
        o.insert("dc:title".into(), Value::String(s.title.clone()));
        if let Some(d) = &s.date {
            o.insert("dc:date".into(), json!({"@value": d, "@type": "xsd:date"}));
        }
        list.push(Value::Object(o));
    }
    Value::Array(list)
}

/// `notes`: the footnotes, each with its id and text.
pub(super) fn notes(ds: &Dataset) -> Option<Value> {
    if ds.meta.footnotes.is_empty() {
        return None;
    }
    let list: Vec<Value> = (ds.meta.footnotes.iter())
        .map(|n| {
            json!({
                "type": "Annotation",
                "target": format!("{}.csv", ds.name),
                "dc:identifier": n.id,
                "body": n.text,
            })
        })
        .collect();
    Some(Value::Array(list))
}
