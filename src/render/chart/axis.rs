//! The value axis both chart kinds draw: its ticks' labels, the gridlines
//! behind the marks and the line at zero. Bars run it across the foot of the
//! chart, lines up its left side; only where things sit differs.

use super::Plot;
use super::scale::{Scale, Ticks, n, text_width};
use super::svg::{self, AXIS, MUTED, SMALL};

/// The lowest and highest of `values`, stretched to include zero: bars and
/// the value axis always start there.
pub(super) fn extent(values: &[f64]) -> (f64, f64) {
    let min = values.iter().copied().fold(0.0, f64::min);
    let max = values.iter().copied().fold(0.0, f64::max);
    (min, max)
}

/// A tick's label: the first series' formatting with the decimals the step
/// needs, so `0.2` steps do not print as `0`.
pub(super) fn tick_label(p: &Plot, ticks: &Ticks, v: f64) -> String {
    crate::model::dataset::format::format_number(v, p.tick_style(ticks.decimals()))
}

pub(super) fn tick_labels(p: &Plot, ticks: &Ticks) -> Vec<String> {
    ticks
        .values
        .iter()
        .map(|&v| tick_label(p, ticks, v))
        .collect()
}

/// The widest tick label, so the plot can leave room for it.
pub(super) fn widest(labels: &[String]) -> f64 {
    labels
        .iter()
        .map(|t| text_width(t, SMALL, false))
        .fold(0.0, f64::max)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Runs {
    Across,
    Up,
}

/// A value axis placed on the plot.
pub(super) struct ValueAxis {
    ticks: Ticks,
    labels: Vec<String>,
    scale: Scale,
    runs: Runs,
    /// The plot's edges the other way: its top and bottom for an axis that
    /// runs across, its left and right for one that runs up.
    edges: (f64, f64),
}

impl ValueAxis {
    /// An axis along the foot of a plot spanning `left..right` and
    /// `top..bottom`.
    pub(super) fn across(
        ticks: Ticks,
        labels: Vec<String>,
        (left, right): (f64, f64),
        (top, bottom): (f64, f64),
    ) -> ValueAxis {
        ValueAxis {
            scale: Scale::new((ticks.lo, ticks.hi), (left, right)),
            ticks,
            labels,
            runs: Runs::Across,
            edges: (top, bottom),
        }
    }

    /// An axis up the left of a plot spanning `left..right` and
    /// `top..bottom`; values grow upwards.
    pub(super) fn up(
        ticks: Ticks,
        labels: Vec<String>,
        (left, right): (f64, f64),
        (top, bottom): (f64, f64),
    ) -> ValueAxis {
        ValueAxis {
            scale: Scale::new((ticks.lo, ticks.hi), (bottom, top)),
            ticks,
            labels,
            runs: Runs::Up,
            edges: (left, right),
        }
    }

    /// Where value `v` falls on the axis.
    pub(super) fn at(&self, v: f64) -> f64 {
        self.scale.at(v)
    }

    pub(super) fn len(&self) -> usize {
        self.ticks.values.len()
    }

    /// The gridline through tick `k`, or `None` at zero, where
    /// [`zero_line`](Self::zero_line) is drawn instead.
    pub(super) fn gridline(&self, k: usize) -> Option<String> {
        let t = self.ticks.values[k];
        if t == 0.0 {
            return None;
        }
        let (a, b) = self.edges;
        let c = self.at(t);
        Some(match self.runs {
            Runs::Across => svg::gridline(c, c, a, b),
            Runs::Up => svg::gridline(a, b, c, c),
        })
    }

    /// Tick `k`'s label, beneath an axis that runs across and left of one
    /// that runs up, in small muted text so the data stands out.
    pub(super) fn tick(&self, k: usize) -> String {
        let c = self.at(self.ticks.values[k]);
        let (x, y, anchor) = match self.runs {
            Runs::Across => (c, self.edges.1 + 18.0, "middle"),
            Runs::Up => (self.edges.0 - 6.0, c + SMALL * 0.35, "end"),
        };
        svg::text_with(
            &format!("font-size=\"{}\" fill=\"{MUTED}\"", n(SMALL)),
            x,
            y,
            anchor,
            "axis__tick",
            &self.labels[k],
        )
    }

    /// The axis line, at zero, over the gridlines. Across a bar chart it
    /// reaches a little below the plot, towards the tick labels.
    pub(super) fn zero_line(&self) -> String {
        let z = self.at(0.0);
        let (a, b) = self.edges;
        let (x1, x2, y1, y2) = match self.runs {
            Runs::Across => (z, z, a, b + 4.0),
            Runs::Up => (a, b, z, z),
        };
        format!(
            "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{AXIS}\" stroke-width=\"1.5\"/>\n",
            n(x1),
            n(x2),
            n(y1),
            n(y2)
        )
    }
}
