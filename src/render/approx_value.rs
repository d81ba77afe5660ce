//! `value()` with a qualifier or a compact form: "just over 4,900", "about
//! 3.3 million", "one-third". The figure shown is rounded on the side the
//! qualifier says, and a qualifier that would not be true is refused.

use tera::Error;

use crate::model::dataset::Dataset;
use crate::model::dataset::approx::{
    Display, Qualifier, compact, fraction_words, unit_for_significant,
};
use crate::model::dataset::format::{Cell, Style, format_number};
use crate::render::functions::fail;

/// Significant figures a qualified figure keeps unless the call says.
const SIGNIFICANT: u32 = 2;

/// What `value()` was asked for beyond its cell.
pub(crate) struct Ask<'a> {
    pub(crate) format: Option<&'a str>,
    pub(crate) qualifier: Option<&'a str>,
    pub(crate) significant: Option<u32>,
}

impl Ask<'_> {
    /// Whether this module shows the figure (else the usual formats do).
    pub(crate) fn is_mine(&self) -> bool {
        self.qualifier.is_some()
            || self.significant.is_some()
            || matches!(self.format, Some("compact" | "fraction"))
    }
}

/// The figure at (row, c) as asked.
pub(crate) fn shown(
    ds: &Dataset,
    row: Option<usize>,
    c: usize,
    cell: &Cell,
    ask: &Ask<'_>,
    words: &crate::model::i18n::Messages,
) -> Result<String, Error> {
    let col = &ds.columns[c];
    let Some(n) = cell.number() else {
        return Err(fail(
            format!("value(): `{}` is not a column of figures", col.name),
            "qualifier, significant and format=\"compact\" are for figures",
        ));
    };
    let style = ds.style_at(row, c);
    let qualifier = match ask.qualifier {
        Some(q) => Some(Qualifier::parse(q).ok_or_else(|| {
            fail(
                format!("value(): `{q}` is not a qualifier Plainsight knows"),
                format!("use one of {}", Qualifier::known()),
            )
        })?),
        None => None,
    };
    if ask.format == Some("fraction") {
        return fraction_words(n, words).ok_or_else(|| {
            fail(
                format!("value(): {n:.3} is not near a common fraction (a half, a third, a quarter, a fifth or a tenth)"),
                "leave out format=\"fraction\" to show the figure itself",
            )
        });
    }
    let (figure, unit) = match (qualifier, ask.significant) {
        (None, None) => (n, 0.0),
        (q, sig) => {
            let unit = unit_for_significant(n, sig.unwrap_or(SIGNIFICANT))
                .max(10f64.powi(-(style.decimals as i32)));
            let q = q.unwrap_or(Qualifier::parse("about").expect("a known qualifier"));
            (q.round_to(n, unit), unit)
        }
    };
    if let Some(q) = qualifier
        && !q.holds(figure, unit, n)
    {
        return Err(fail(
            format!(
                "value(): `{}` for `{}` is {}, so \"{} {}\" would not be true",
                col.name,
                row.map(|r| ds.key_text(r)).unwrap_or_default(),
                format_number(n, style),
                q.words,
                format_number(figure, style)
            ),
            "leave out qualifier=, or use qualifier=\"about\"",
        ));
    }
    let compact_asked = ask.format == Some("compact")
        || ds.formats.columns.get(&col.name).and_then(|f| f.display) == Some(Display::Compact)
        || row.and_then(|r| ds.row_format(r)).and_then(|f| f.display) == Some(Display::Compact);
    let body = if compact_asked {
        let scale = if figure.abs() >= 1e9 { 1e9 } else { 1e6 };
        let decimals = (unit > 0.0).then(|| (scale / unit).log10().max(0.0).round() as u32);
        compact(figure, style, decimals.map(|d| d.min(3)), words)
    } else {
        let decimals = if unit > 0.0 && unit < 1.0 {
            (-unit.log10()).round() as u32
        } else {
            style.decimals
        };
        format_number(figure, Style { decimals, ..style })
    };
    Ok(match qualifier {
        Some(q) => q.apply(&body, words),
        None => body,
    })
}
