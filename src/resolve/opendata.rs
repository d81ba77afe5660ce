//! The open-data descriptions of the datasets: CSV on the Web metadata for
//! each published CSV, a schema.org `Dataset` for dataset search engines
//! (placed in the dataset's page and published beside it), and the DCAT
//! catalogue of them all for harvesters. None holds a null or an empty
//! string (but CSVW's `null` list, whose first entry is the empty cell): a
//! field the sidecar leaves out is left out here too.

use serde_json::{Map, Value, json};

use crate::model::config::Config;
use crate::model::dataset::format::Cell;
use crate::model::dataset::{ColType, Column, Dataset, Datasets};
use crate::util::period::interval;

/// Where an ONS GSS code names its area as linked data.
pub const GSS_URI: &str = "http://statistics.data.gov.uk/id/statistical-geography/";
/// The statistical vocabulary's word for "the area a figure is about".
const REF_AREA: &str = "http://purl.org/linked-data/sdmx/2009/dimension#refArea";

/// Google's Dataset guidance: a description of 50 to 5,000 characters.
pub const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 50..=5000;

/// Inserts `v` under `k` unless it is empty.
fn put(m: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    let v = v.into();
    let empty = match &v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    if !empty {
        m.insert(k.to_string(), v);
    }
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_vec_pretty(v).unwrap_or_default();
    s.push(b'\n');
    s
}

/// A column's name as a CSVW name: the characters of a URI template
/// variable (letters, digits, `_`), anything else percent-encoded, so
/// `change-pct` is `change%2Dpct`. A name may not start with `_`.
pub fn csvw_name(name: &str) -> String {
    let mut out = String::new();
    for (i, b) in name.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || (b == b'_' && i > 0) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A column's CSVW datatype, with the format its figures are written in.
fn csvw_datatype(c: &Column) -> Value {
    let decimals = |d: u32| match d {
        0 => "#0".to_string(),
        d => format!("#0.{}", "0".repeat(d as usize)),
    };
    match c.ty {
        ColType::Text => json!("string"),
        ColType::Integer => json!("integer"),
        ColType::Date => json!({"base": "date", "format": "yyyy-MM-dd"}),
        ColType::AreaCode => json!({"base": "string", "format": "^[EWSNK][0-9]{8}$"}),
        ColType::Year => json!("gYear"),
        ColType::FinancialYear => json!({"base": "string", "format": "^[0-9]{4}/[0-9]{2}$"}),
        ColType::Month => json!("gYearMonth"),
        // Pounds are written without pence when there are none.
        ColType::Currency => json!({"base": "decimal", "format": {"pattern": "#0.##"}}),
        ColType::Decimal | ColType::Percent => {
            json!({"base": "decimal", "format": {"pattern": decimals(c.decimals)}})
        }
    }
}

/// CSV on the Web (W3C) table metadata for the published CSV: each
/// column's `titles` is its header cell in the CSV exactly; the label
/// readers see is its `rdfs:label`.
pub fn csvw(ds: &Dataset) -> Vec<u8> {
    let columns: Vec<Value> = ds
        .published_columns()
        .map(|(_, c)| {
            let name = csvw_name(&c.name);
            let mut m = Map::new();
            put(&mut m, "name", name.clone());
            put(&mut m, "titles", c.name.clone());
            put(&mut m, "rdfs:label", c.label.clone());
            // A column whose rows have types of their own is plain decimals.
            let mixed = ds
                .formats
                .rows
                .values()
                .any(|f| f.ty.is_some() || f.decimals.is_some());
            if mixed && c.ty.is_numeric() {
                put(&mut m, "datatype", "decimal");
            } else {
                put(&mut m, "datatype", csvw_datatype(c));
            }
            let about = c.description.as_ref().or(c.formula.as_ref());
            put(&mut m, "dc:description", about.cloned());
            if c.required {
                m.insert("required".into(), Value::Bool(true));
            }
            if c.ty == ColType::AreaCode {
                put(&mut m, "propertyUrl", REF_AREA);
                put(&mut m, "valueUrl", format!("{GSS_URI}{{{name}}}"));
            }
            Value::Object(m)
        })
        .collect();
    let mut v = Map::new();
    put(
        &mut v,
        "@context",
        json!(["http://www.w3.org/ns/csvw", {"@language": "en"}]),
    );
    put(&mut v, "url", format!("{}.csv", ds.name));
    put(&mut v, "dc:title", ds.meta.title.clone());
    put(&mut v, "dc:description", ds.meta.description.clone());
    put(&mut v, "dc:source", super::opendata_notes::dc_source(ds));
    put(&mut v, "dc:publisher", ds.meta.publisher.clone());
    if let Some(l) = ds.meta.licence.as_ref().filter(|l| !l.url.is_empty()) {
        put(&mut v, "dc:license", json!({ "@id": l.url }));
    }
    for (k, d) in [
        ("dc:issued", &ds.meta.published),
        ("dc:modified", &ds.meta.updated),
    ] {
        if let Some(d) = d {
            put(&mut v, k, json!({"@value": d, "@type": "xsd:date"}));
        }
    }
    if let Some(notes) = super::opendata_notes::notes(ds) {
        v.insert("notes".into(), notes);
    }
    let schema = json!({
        "columns": columns,
        "primaryKey": csvw_name(&ds.columns[ds.key].name),
    });
    put(&mut v, "tableSchema", schema);
    // A symbol in a cell ([x]) is "no value" to a CSVW reader.
    put(&mut v, "null", super::marks_out::csvw_null());
    put(&mut v, "notes", super::marks_out::csvw_notes(ds));
    pretty(&Value::Object(v))
}

/// The areas the rows are about, from the first area-code column: each
/// row's code and the name in its key column.
pub fn areas(ds: &Dataset) -> Vec<(String, String)> {
    let Some(col) = ds.columns.iter().position(|c| c.ty == ColType::AreaCode) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for row in &ds.rows {
        if let Cell::Text(code) = &row[col]
            && !out.iter().any(|(c, _)| c == code)
        {
            let name = match &row[ds.key] {
                Cell::Text(n) if ds.key != col => n.clone(),
                _ => code.clone(),
            };
            out.push((code.clone(), name));
        }
    }
    out
}

/// A description search engines accept: the sidecar's, lengthened from
/// the dataset's own facts when it is under 50 characters, and cut at
/// 5,000.
pub fn search_description(ds: &Dataset) -> String {
    let mut d = if ds.meta.description.trim().is_empty() {
        ds.meta.title.clone()
    } else {
        ds.meta.description.trim().to_string()
    };
    let end = |d: &mut String| {
        if !d.ends_with(['.', '!', '?']) {
            d.push('.');
        }
    };
    let facts = [
        (!ds.meta.source.is_empty()).then(|| format!("Source: {}", ds.meta.source)),
        (!ds.meta.period.current.is_empty()).then(|| format!("Period: {}", ds.meta.period.current)),
        Some(format!(
            "Columns: {}",
            ds.published_columns()
                .map(|(_, c)| c.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Some(format!(
            "{} rows, published by {}",
            ds.rows.len(),
            ds.meta.publisher
        )),
    ];
    for f in facts.into_iter().flatten() {
        if d.chars().count() >= *DESCRIPTION_CHARS.start() {
            break;
        }
        end(&mut d);
        d.push(' ');
        d.push_str(&f);
    }
    end(&mut d);
    match d.char_indices().nth(*DESCRIPTION_CHARS.end() - 1) {
        Some((i, _)) => format!("{}…", &d[..i]),
        None => d,
    }
}

fn organisation(name: &str) -> Value {
    json!({"@type": "Organization", "name": name})
}

/// The published files of a dataset: (URL path, media type, what it is).
pub fn distributions(ds: &Dataset) -> [(String, &'static str, &'static str); 3] {
    [
        (ds.csv_url(), "text/csv", "CSV"),
        (
            format!("/data/{}.json", ds.name),
            "application/json",
            "JSON",
        ),
        (
            format!("/data/{}.csv-metadata.json", ds.name),
            "application/csvm+json",
            "CSV on the Web metadata",
        ),
    ]
}

/// schema.org `Dataset` description (Google's Dataset Search reads it in
/// the dataset's page; it is also published as `/data/NAME.jsonld`).
pub fn jsonld(ds: &Dataset, cfg: &Config) -> Vec<u8> {
    let url = cfg.permalink(&ds.url());
    let mut v = Map::new();
    put(&mut v, "@context", "https://schema.org");
    put(&mut v, "@type", "Dataset");
    put(&mut v, "@id", url.clone());
    put(&mut v, "name", ds.meta.title.clone());
    put(&mut v, "description", search_description(ds));
    put(&mut v, "url", url);
    put(&mut v, "identifier", ds.name.clone());
    if let Some(l) = &ds.meta.licence {
        put(
            &mut v,
            "license",
            if l.url.is_empty() {
                l.name.clone()
            } else {
                l.url.clone()
            },
        );
    }
    v.insert("isAccessibleForFree".into(), Value::Bool(true));
    let producer = if ds.meta.source.is_empty() {
        &ds.meta.publisher
    } else {
        &ds.meta.source
    };
    put(&mut v, "creator", organisation(producer));
    put(&mut v, "publisher", organisation(&ds.meta.publisher));
    if let Some((a, b)) = interval(&ds.meta.period.current) {
        put(&mut v, "temporalCoverage", format!("{a}/{b}"));
    }
    let places: Vec<Value> = areas(ds)
        .into_iter()
        .map(|(code, name)| {
            json!({"@type": "Place", "name": name, "identifier": code, "sameAs": format!("{GSS_URI}{code}")})
        })
        .collect();
    put(&mut v, "spatialCoverage", places);
    put(&mut v, "datePublished", ds.meta.published.clone());
    put(
        &mut v,
        "dateModified",
        ds.meta.updated.clone().or(ds.meta.published.clone()),
    );
    let measured: Vec<Value> = (ds.published_columns())
        .map(|(_, c)| json!({"@type": "PropertyValue", "name": c.label, "identifier": c.name}))
        .collect();
    put(&mut v, "variableMeasured", measured);
    let files: Vec<Value> = distributions(ds)
        .into_iter()
        .map(|(path, ty, what)| {
            json!({"@type": "DataDownload", "name": format!("{} ({what})", ds.meta.title), "encodingFormat": ty, "contentUrl": cfg.permalink(&path)})
        })
        .collect();
    put(&mut v, "distribution", files);
    put(
        &mut v,
        "includedInDataCatalog",
        json!({"@type": "DataCatalog", "name": format!("{} data catalogue", cfg.title), "url": cfg.permalink("/data/")}),
    );
    pretty(&Value::Object(v))
}

/// Where the DCAT catalogue is published.
pub const CATALOG_PATH: &str = "data/catalog.jsonld";

/// The DCAT catalogue of every dataset, as JSON-LD, for harvesters
/// (data.gov.uk and the like): each dataset's title, description,
/// publisher, licence, dates, period, areas and downloads.
pub fn dcat(cfg: &Config, data: &Datasets, sizes: &dyn Fn(&str) -> Option<usize>) -> Vec<u8> {
    let datasets: Vec<Value> = data
        .tables
        .values()
        .map(|ds| dcat_dataset(cfg, ds, sizes))
        .collect();
    let mut v = Map::new();
    put(
        &mut v,
        "@context",
        json!({
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        }),
    );
    put(&mut v, "@id", cfg.permalink(&format!("/{CATALOG_PATH}")));
    put(&mut v, "@type", "dcat:Catalog");
    put(&mut v, "dct:title", format!("{} data catalogue", cfg.title));
    put(&mut v, "dct:description", cfg.description.clone());
    put(
        &mut v,
        "dct:publisher",
        json!({"@type": "foaf:Agent", "foaf:name": cfg.organisation.name}),
    );
    if !cfg.licence.url.is_empty() {
        put(&mut v, "dct:license", json!({"@id": cfg.licence.url}));
    }
    put(
        &mut v,
        "foaf:homepage",
        json!({"@id": cfg.permalink("/data/")}),
    );
    put(&mut v, "dcat:dataset", datasets);
    pretty(&Value::Object(v))
}

fn dcat_dataset(cfg: &Config, ds: &Dataset, sizes: &dyn Fn(&str) -> Option<usize>) -> Value {
    let page = cfg.permalink(&ds.url());
    let mut m = Map::new();
    put(&mut m, "@id", page.clone());
    put(&mut m, "@type", "dcat:Dataset");
    put(&mut m, "dct:identifier", ds.name.clone());
    put(&mut m, "dct:title", ds.meta.title.clone());
    put(&mut m, "dct:description", search_description(ds));
    put(
        &mut m,
        "dct:publisher",
        json!({"@type": "foaf:Agent", "foaf:name": ds.meta.publisher}),
    );
    if let Some(l) = ds.meta.licence.as_ref().filter(|l| !l.url.is_empty()) {
        put(&mut m, "dct:license", json!({"@id": l.url}));
    }
    for (k, d) in [
        ("dct:issued", &ds.meta.published),
        ("dct:modified", &ds.meta.updated),
    ] {
        if let Some(d) = d {
            put(&mut m, k, json!({"@value": d, "@type": "xsd:date"}));
        }
    }
    if let Some((a, b)) = interval(&ds.meta.period.current) {
        put(
            &mut m,
            "dct:temporal",
            json!({"@type": "dct:PeriodOfTime",
                   "dcat:startDate": {"@value": a, "@type": "xsd:date"},
                   "dcat:endDate": {"@value": b, "@type": "xsd:date"}}),
        );
    }
    let spatial: Vec<Value> = areas(ds)
        .into_iter()
        .map(|(code, _)| json!({"@id": format!("{GSS_URI}{code}")}))
        .collect();
    put(&mut m, "dct:spatial", spatial);
    put(&mut m, "dcat:landingPage", json!({"@id": page}));
    let files: Vec<Value> = distributions(ds)
        .into_iter()
        .map(|(path, ty, what)| {
            let mut d = Map::new();
            put(&mut d, "@type", "dcat:Distribution");
            put(&mut d, "dct:title", format!("{} ({what})", ds.meta.title));
            put(
                &mut d,
                "dcat:downloadURL",
                json!({"@id": cfg.permalink(&path)}),
            );
            put(&mut d, "dcat:mediaType", ty);
            if let Some(n) = sizes(&path) {
                d.insert(
                    "dcat:byteSize".into(),
                    json!({"@value": n.to_string(), "@type": "xsd:nonNegativeInteger"}),
                );
            }
            Value::Object(d)
        })
        .collect();
    put(&mut m, "dcat:distribution", files);
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_uri_template_variables() {
        assert_eq!(csvw_name("change_pct"), "change_pct");
        assert_eq!(csvw_name("change-pct"), "change%2Dpct");
        assert_eq!(csvw_name("_x"), "%5Fx");
        assert_eq!(csvw_name("2023"), "2023");
    }
}
