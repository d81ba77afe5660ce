//! What verification found behind a finding about figures as published:
//! the cause it named, and every figure concerned. Carried by the finding
//! so the JSON output lists the figures a grouped finding covers.

use serde::Serialize;

/// The cause a finding names (`none` when no known cause fits, `several`
/// when more than one fits exactly), and the figures it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    pub kind: &'static str,
    pub figures: Vec<Figure>,
}

/// One published figure a finding covers, as published and as the data
/// give it at the published precision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The row's key, e.g. `Swale`.
    pub row: String,
    /// The stated column's name in the CSV.
    pub column: String,
    pub line: usize,
    #[serde(rename = "col")]
    pub column_number: usize,
    pub published: String,
    pub computed: String,
    /// Whose figure it is, when it belongs to another row or column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belongs_to: Option<String>,
}
