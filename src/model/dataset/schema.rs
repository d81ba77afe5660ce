//! The sidecar `data/NAME.yaml` that describes `data/NAME.csv`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub period: Option<crate::model::config::Period>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub caveats: Vec<String>,
    #[serde(default)]
    pub key: Option<String>,
    /// The source's own marks for a missing figure: a list (each read as
    /// "no data"), or a mapping from each mark to its GSS symbol.
    #[serde(default)]
    pub missing: Option<yaml_serde::Value>,
    /// Small-number suppression (docs/datasets.md, "Missing and suppressed
    /// figures").
    #[serde(default)]
    pub suppress: Option<SuppressSpec>,
    /// Per source column; kept in file order.
    #[serde(default)]
    pub columns: yaml_serde::Mapping,
    /// Computed columns, in the order written (later ones may use earlier ones).
    #[serde(default)]
    pub derived: yaml_serde::Mapping,
    #[serde(default)]
    pub totals: Option<TotalsSpec>,
    /// How the CSV file is written, pinned so that nothing is guessed
    /// (docs/datasets.md, "Excel exports").
    #[serde(default)]
    pub encoding: Option<Encoding>,
    #[serde(default)]
    pub delimiter: Option<Delimiter>,
    #[serde(default)]
    pub dates: Option<DateStyle>,
    #[serde(default)]
    pub negatives: Option<Negatives>,
    /// Rows, by their key, whose figures have a type, unit or precision of
    /// their own (docs/datasets.md, "Rows that mix units").
    #[serde(default)]
    pub rows: yaml_serde::Mapping,
    /// Sources, each with a title, a link and perhaps a date.
    #[serde(default)]
    pub sources: Vec<super::notes::SourceRef>,
    /// Notes that cells reference as `[^id]`: id → text, in file order.
    #[serde(default)]
    pub footnotes: yaml_serde::Mapping,
    /// The columns of a targets table (model/dataset/target.rs).
    #[serde(default)]
    pub targets: Option<super::target::TargetsSpec>,
    /// Figures published wrong and since corrected, each read and checked
    /// on its own (src/load/dataset/corrections.rs).
    #[serde(default)]
    pub corrections: Vec<yaml_serde::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Encoding {
    #[serde(rename = "utf-8", alias = "UTF-8", alias = "utf8")]
    Utf8,
    #[serde(rename = "windows-1252", alias = "Windows-1252", alias = "cp1252")]
    Windows1252,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Delimiter {
    #[serde(rename = "comma", alias = ",")]
    Comma,
    #[serde(rename = "semicolon", alias = ";")]
    Semicolon,
    #[serde(rename = "tab", alias = "\t")]
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Comma => "commas",
            Self::Semicolon => "semicolons",
            Self::Tab => "tabs",
        }
    }
}

/// Which way dates may be written in the CSV: `iso` is `YYYY-MM-DD` only;
/// `uk` also reads `dd/mm/yyyy` and `d Month yyyy`, as Excel writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    Iso,
    Uk,
}

/// Whether a negative may be written in brackets, as accountants do: `(250)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Negatives {
    Minus,
    Brackets,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ColType {
    #[default]
    Text,
    Integer,
    Decimal,
    Percent,
    Currency,
    Date,
    /// An ONS GSS area code such as `E07000105`.
    #[serde(rename = "area_code")]
    AreaCode,
    /// A calendar year, `2023`: never a thousands separator.
    Year,
    /// A financial year, April to March, written `2024/25`.
    #[serde(rename = "financial_year")]
    FinancialYear,
    /// A calendar month, `2024-03`, shown as "March 2024".
    Month,
}

impl ColType {
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::Integer | Self::Decimal | Self::Percent | Self::Currency
        )
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Integer => "integer",
            Self::Decimal => "decimal",
            Self::Percent => "percent",
            Self::Currency => "currency",
            Self::Date => "date",
            Self::AreaCode => "area_code",
            Self::Year => "year",
            Self::FinancialYear => "financial_year",
            Self::Month => "month",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default, rename = "type")]
    pub ty: Option<ColType>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub decimals: Option<u32>,
    #[serde(default)]
    pub required: bool,
    /// This column is a figure as published, checked against a computed column.
    #[serde(default)]
    pub verify: Option<String>,
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// Keep the column out of tables by default (it is still downloadable).
    #[serde(default)]
    pub hidden: bool,
    /// How a stated figure's sign is written: `reduction` means a fall
    /// typed as a positive number ("a reduction of 20" for −20).
    #[serde(default, rename = "as")]
    pub sense: Option<super::approx::Sense>,
    /// `compact` ("3.3 million") or `fraction` ("one third").
    #[serde(default)]
    pub format: Option<super::approx::Display>,
    /// Show each figure with the decimals it was typed with.
    #[serde(default)]
    pub decimals_as_typed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DerivedKind {
    Difference,
    PercentChange,
    Share,
    Rank,
    Sum,
    /// a ÷ b × 100, b a column or a stated `base:`.
    PercentOf,
    /// a ÷ b, b a column or a stated `base:` ("one third of the grant").
    Ratio,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    #[default]
    Descending,
    Ascending,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedSpec {
    pub kind: DerivedKind,
    #[serde(default)]
    pub a: Option<String>,
    #[serde(default)]
    pub b: Option<String>,
    #[serde(default)]
    pub of: Option<String>,
    #[serde(default)]
    pub columns: Option<Vec<String>>,
    #[serde(default)]
    pub order: Option<Order>,
    /// A stated figure to divide by, for `percent_of` and `ratio`.
    #[serde(default)]
    pub base: Option<f64>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default, rename = "type")]
    pub ty: Option<ColType>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub decimals: Option<u32>,
    #[serde(default)]
    pub hidden: bool,
    /// `compact` or `fraction`, as for a column.
    #[serde(default)]
    pub format: Option<super::approx::Display>,
    /// What a share, rank or row sum does about a missing figure.
    #[serde(default)]
    pub missing: Option<MissingRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalsSpec {
    #[serde(default)]
    pub label: Option<String>,
    /// Columns to total; default: every numeric column that is not a rank,
    /// share or percentage.
    #[serde(default)]
    pub columns: Option<Vec<String>>,
    /// A row of the CSV, by its key, that holds published totals to verify.
    #[serde(default)]
    pub stated_row: Option<String>,
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// What the totals do about a missing figure.
    #[serde(default)]
    pub missing: Option<MissingRule>,
}

/// What a total or other figure worked out over many cells does when one
/// of them is missing: by default it is missing too, with the reason;
/// `skip` works it out over the rows with figures and says which it left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MissingRule {
    #[default]
    Mark,
    Skip,
}

/// `suppress: { below: 5, columns: [current, previous], secondary: true }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressSpec {
    /// Figures above zero and below this are shown as [c].
    pub below: f64,
    /// The columns whose figures are counts of people or events.
    pub columns: Vec<String>,
    /// Also hold back the next smallest figure so that no total gives a
    /// held-back figure away.
    #[serde(default)]
    pub secondary: bool,
}
