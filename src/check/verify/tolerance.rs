//! A `tolerance:` looser than the precision a figure was published to lets
//! wrong figures pass: each stated column's figures it lets through are
//! named in one warning.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::dataset::Dataset;

use super::{Failure, words};

pub(super) fn hidden(ds: &Dataset, hidden: &[Failure]) -> Diagnostics {
    let mut out = Diagnostics::new();
    let mut columns: Vec<usize> = hidden.iter().map(|f| f.si).collect();
    columns.dedup();
    for si in columns {
        let mine: Vec<&Failure> = hidden.iter().filter(|f| f.si == si).collect();
        let col = &ds.columns[si];
        let tol = col.tolerance.unwrap_or(0.0);
        let figures: Vec<String> = mine
            .iter()
            .map(|f| {
                format!(
                    "{} (published as {}, but the data give {})",
                    ds.key_text(f.r),
                    words::published(ds, f),
                    words::computed(ds, f, f.computed.unwrap_or(0.0))
                )
            })
            .collect();
        let decimals = mine[0].stated.decimals;
        let mut d = Diagnostic::warning(
            Code::VerifyTolerance,
            format!(
                "`tolerance: {tol}` on {} is looser than the figures were published to, and hides {} with the data: {}",
                words::label(ds, si),
                if mine.len() == 1 { "one figure that disagrees".to_string() } else { format!("{} figures that disagree", mine.len()) },
                words::list(&figures)
            ),
        )
        .in_file(ds.sidecar_path.as_ref().unwrap_or(&ds.csv_path))
        .at(col.spec_line.max(1), 1)
        .label("looser than the published figures")
        .note(format!(
            "a figure published to {decimals} decimal place{} is already allowed the half unit its rounding hides ({})",
            if decimals == 1 { "" } else { "s" },
            crate::check::verify::causes::half_unit(decimals)
        ));
        for f in &mine {
            d = d.note(format!(
                "{} is at {}:{}",
                ds.key_text(f.r),
                crate::diagnostic::display_path(&ds.csv_path),
                ds.positions[f.r].line
            ));
        }
        out.push(d.hint(format!(
            "remove `tolerance: {tol}` from {}: the figures are then checked at the precision they were published to, and the ones it hides are reported with their causes",
            words::label(ds, si)
        )));
    }
    out
}
