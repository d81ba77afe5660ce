//! Charts drawn from datasets (being written).

use crate::dataset::Dataset;

#[derive(Debug, Clone, Default)]
pub struct ChartOptions {
    pub kind: Option<String>,
    pub columns: Option<Vec<String>>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub sort: Option<String>,
    pub highlight: Vec<String>,
    pub axis_label: Option<String>,
    pub label: Option<String>,
    pub id: String,
    pub csv_bytes: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ChartError {
    pub message: String,
    pub hint: String,
}

pub fn render(ds: &Dataset, _opts: &ChartOptions) -> Result<String, ChartError> {
    Err(ChartError {
        message: format!("chart of `{}`: charts are not available yet", ds.name),
        hint: "use table() for now".into(),
    })
}
