//! A cell as readers see it: its column's style, changed by what its row
//! and the cell itself say (src/model/dataset/approx.rs).

use super::approx::{self, CellFormat, RowFormat};
use super::format::{Cell, Style};
use super::schema::DerivedKind;
use super::{Column, Dataset};

impl Dataset {
    /// The row's own format, if the sidecar's `rows:` gave it one.
    pub fn row_format(&self, r: usize) -> Option<&RowFormat> {
        let line = self.positions.get(r)?.line;
        self.formats.rows.get(&line)
    }

    /// The unit of row `r`'s figures, where its row has its own.
    pub fn row_unit(&self, r: usize) -> Option<&str> {
        self.row_format(r)?.unit.as_deref()
    }

    /// How cell (r, c) was typed, where that differs from its column.
    pub fn cell_format(&self, r: usize, c: usize) -> Option<&CellFormat> {
        let line = self.positions.get(r)?.line;
        let name = &self.columns.get(c)?.name;
        self.formats.cells.get(&(line, name.clone()))
    }

    /// Whether a row's own format reaches column `c`: the CSV's figures,
    /// and differences and sums of them, which share their unit.
    fn row_reaches(col: &Column) -> bool {
        col.ty.is_numeric()
            && match &col.derived {
                None => true,
                Some(d) => matches!(d.kind, DerivedKind::Difference | DerivedKind::Sum),
            }
    }

    /// The style of the figure at row `r` (None: the totals row) and
    /// column `c`.
    pub fn style_at(&self, r: Option<usize>, c: usize) -> Style {
        let col = &self.columns[c];
        let mut style = col.style();
        if let Some(rf) = r.and_then(|r| self.row_format(r))
            && Self::row_reaches(col)
        {
            if let Some(ty) = rf.ty {
                style.ty = ty;
                style.decimals = rf.decimals.unwrap_or(match ty {
                    super::ColType::Percent => 1,
                    super::ColType::Decimal | super::ColType::Currency => 2,
                    _ => 0,
                });
            }
            if let Some(d) = rf.decimals {
                style.decimals = d;
            }
        }
        style
    }

    /// The figure at (r, c) as readers see it in tables and sentences.
    /// Qualifiers, scale words and fractions are in the language of `w`.
    pub fn show_at(
        &self,
        r: Option<usize>,
        c: usize,
        cell: &Cell,
        w: &crate::model::i18n::Messages,
    ) -> String {
        let col = &self.columns[c];
        let mut display = self.formats.columns.get(&col.name).and_then(|f| f.display);
        let mut row_cf = None;
        if let Some(rf) = r.and_then(|r| self.row_format(r))
            && Self::row_reaches(col)
        {
            display = rf.display.or(display);
            if col.derived.is_none() && rf.qualifier.is_some() {
                row_cf = Some(CellFormat {
                    qualifier: rf.qualifier,
                    ..CellFormat::default()
                });
            }
        }
        let cf = r.and_then(|r| self.cell_format(r, c)).or(row_cf.as_ref());
        approx::show(cell, self.style_at(r, c), display, cf, w)
    }
}
