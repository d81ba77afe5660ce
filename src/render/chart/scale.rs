//! Chart geometry that does not depend on the data model: "nice" axis ticks,
//! linear scales, text measurement and label wrapping. Pure functions, so
//! they are tested on their own.

/// Axis ticks: evenly spaced round numbers covering the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    /// Lowest tick (the start of the axis).
    pub lo: f64,
    /// Highest tick (the end of the axis).
    pub hi: f64,
    pub step: f64,
    pub values: Vec<f64>,
}

impl Ticks {
    /// Decimal places needed to write every tick exactly.
    pub fn decimals(&self) -> u32 {
        step_decimals(self.step)
    }
}

/// Decimal places needed to write multiples of `step`.
pub fn step_decimals(step: f64) -> u32 {
    if !(step.is_finite() && step > 0.0) || step >= 1.0 {
        return 0;
    }
    let mut d = 0u32;
    let mut s = step;
    while d < 12 && (s - s.round()).abs() > 1e-9 * s.abs().max(1.0) {
        s *= 10.0;
        d += 1;
    }
    d
}

fn round_to(x: f64, decimals: u32) -> f64 {
    let f = 10f64.powi(decimals as i32);
    let r = (x * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// Round steps of 1, 2 or 5 × 10ⁿ covering `min..max` and always zero (bars
/// must start at zero), with about `target` intervals. `integer` forbids
/// fractional steps (counts of incidents). Handles all-zero, all-negative,
/// mixed, single and very large values; non-finite inputs count as zero.
pub fn nice_ticks(min: f64, max: f64, target: usize, integer: bool) -> Ticks {
    let min = if min.is_finite() { min } else { 0.0 };
    let max = if max.is_finite() { max } else { 0.0 };
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    let lo = min.min(0.0);
    let mut hi = max.max(0.0);
    if hi - lo <= 0.0 {
        // Every value is zero: show an axis from 0 to 1.
        hi = 1.0;
    }
    let span = hi - lo;
    let raw = span / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag);
    if integer && step < 1.0 {
        step = 1.0;
    }
    let decimals = step_decimals(step);
    let i_lo = (lo / step + 1e-9).floor() as i64;
    let i_hi = (hi / step - 1e-9).ceil() as i64;
    let values: Vec<f64> = (i_lo..=i_hi)
        .map(|i| round_to(i as f64 * step, decimals))
        .collect();
    Ticks {
        lo: values[0],
        hi: *values.last().unwrap_or(&hi),
        step,
        values,
    }
}

/// A linear map from data values to SVG coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Scale {
        Scale {
            d0: domain.0,
            d1: domain.1,
            r0: range.0,
            r1: range.1,
        }
    }
    pub fn at(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return self.r0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Estimated width of `s` in a proportional sans-serif at `size` user units.
/// Deliberately generous, so labels never collide: no font metrics are
/// available when building a static site.
pub fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.32,
            ' ' => 0.34,
            'f' | 't' | 'r' | '(' | ')' | '-' | '/' => 0.42,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.95,
            '0'..='9' | '£' | '+' | '\u{2212}' => 0.64,
            c if c.is_uppercase() => 0.72,
            _ => 0.6,
        })
        .sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

/// Greedy word wrap to lines no wider than `max` (a single long word stays
/// whole: labels are never abbreviated).
pub fn wrap(s: &str, max: f64, size: f64, bold: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(&candidate, size, bold) > max {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Writes a coordinate compactly: at most one decimal place.
pub fn n(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_for_counts_start_at_zero() {
        let t = nice_ticks(699.0, 2929.0, 6, true);
        assert_eq!(
            t.values,
            vec![0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0]
        );
        assert_eq!(
            nice_ticks(699.0, 2929.0, 5, true).values,
            vec![0.0, 1000.0, 2000.0, 3000.0]
        );
        assert_eq!(t.lo, 0.0);
        assert_eq!(t.hi, 3000.0);
    }

    #[test]
    fn ticks_all_zero() {
        let t = nice_ticks(0.0, 0.0, 5, true);
        assert_eq!(t.lo, 0.0);
        assert!(t.hi > 0.0);
        assert!(t.values.contains(&0.0));
    }

    #[test]
    fn ticks_all_negative() {
        let t = nice_ticks(-43.0, -5.0, 5, false);
        assert_eq!(t.hi, 0.0);
        assert!(t.lo <= -43.0);
        assert_eq!(t.values, vec![-50.0, -40.0, -30.0, -20.0, -10.0, 0.0]);
    }

    #[test]
    fn ticks_mixed() {
        let t = nice_ticks(-42.4, 16.8, 5, false);
        assert!(t.lo <= -42.4 && t.hi >= 16.8);
        assert!(t.values.contains(&0.0));
        assert_eq!(t.step, 20.0);
        assert_eq!(t.values.first(), Some(&-60.0));
        assert_eq!(t.values.last(), Some(&20.0));
    }

    #[test]
    fn ticks_single_value() {
        let t = nice_ticks(7.0, 7.0, 5, true);
        assert_eq!(t.lo, 0.0);
        assert!(t.hi >= 7.0);
        assert_eq!(t.step, 2.0);
        assert_eq!(t.values, vec![0.0, 2.0, 4.0, 6.0, 8.0]);
    }

    #[test]
    fn ticks_small_integers_never_fractional() {
        let t = nice_ticks(0.0, 3.0, 6, true);
        assert!(t.values.iter().all(|v| v.fract() == 0.0));
        assert_eq!(t.values, vec![0.0, 1.0, 2.0, 3.0]);
    }

    #[test]
    fn ticks_small_decimals_are_clean() {
        let t = nice_ticks(0.0, 0.7, 5, false);
        assert_eq!(t.step, 0.2);
        assert_eq!(t.values, vec![0.0, 0.2, 0.4, 0.6, 0.8]);
        assert_eq!(t.decimals(), 1);
        assert_eq!(step_decimals(0.05), 2);
        assert_eq!(step_decimals(5.0), 0);
    }

    #[test]
    fn ticks_huge_values() {
        let t = nice_ticks(0.0, 8.7e12, 5, true);
        assert_eq!(t.step, 2e12);
        assert_eq!(t.hi, 1e13);
        assert!(t.values.len() <= 7);
        let t = nice_ticks(-1e300, 1e300, 5, false);
        assert!(t.values.iter().all(|v| v.is_finite()));
        assert!(t.values.len() <= 12);
    }

    #[test]
    fn ticks_non_finite_inputs() {
        let t = nice_ticks(f64::NAN, f64::INFINITY, 5, true);
        assert_eq!(t.lo, 0.0);
        assert_eq!(t.hi, 1.0);
    }

    #[test]
    fn ticks_reversed_arguments() {
        assert_eq!(
            nice_ticks(10.0, 0.0, 5, true),
            nice_ticks(0.0, 10.0, 5, true)
        );
    }

    #[test]
    fn scale_maps_linearly() {
        let s = Scale::new((0.0, 100.0), (50.0, 250.0));
        assert_eq!(s.at(0.0), 50.0);
        assert_eq!(s.at(50.0), 150.0);
        assert_eq!(s.at(100.0), 250.0);
        let inverted = Scale::new((0.0, 10.0), (200.0, 0.0));
        assert_eq!(inverted.at(10.0), 0.0);
        assert_eq!(Scale::new((1.0, 1.0), (3.0, 9.0)).at(1.0), 3.0);
    }

    #[test]
    fn text_measurement_grows_with_length_and_weight() {
        let a = text_width("Ashford", 14.0, false);
        let b = text_width("Tonbridge and Malling", 14.0, false);
        assert!(a > 50.0 && a < 75.0, "{a}");
        assert!(b > a * 2.0);
        assert!(text_width("Ashford", 14.0, true) > a);
        assert_eq!(text_width("", 14.0, false), 0.0);
    }

    #[test]
    fn wrapping_keeps_every_word() {
        let s = "Ashford residents using substance misuse services";
        let lines = wrap(s, 150.0, 14.0, false);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), s);
        for l in &lines {
            assert!(text_width(l, 14.0, false) <= 150.0 || !l.contains(' '));
        }
        assert_eq!(wrap("Ashford", 10.0, 14.0, false), vec!["Ashford"]);
        assert_eq!(wrap("", 100.0, 14.0, false), vec![""]);
    }

    #[test]
    fn coordinates_are_compact() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.345), "12.3");
        assert_eq!(n(-0.04), "0");
    }
}
