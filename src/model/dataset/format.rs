//! The one formatter for figures, wherever they appear (tables, `value()`,
//! charts, feeds): thousands separators, signed changes with a true minus,
//! pounds with pence only where present, and UK-style dates.

use super::schema::ColType;

/// A typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Missing,
    Text(String),
    Number(f64),
    /// `YYYY-MM-DD`
    Date(String),
}

impl Cell {
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub fn is_missing(&self) -> bool {
        matches!(self, Cell::Missing)
    }
}

/// How a figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub ty: ColType,
    pub decimals: u32,
    /// Show `+` on positive values (changes and differences).
    pub signed: bool,
}

pub const NO_DATA: &str = "no data";
pub const MINUS: char = '\u{2212}';

/// Rounds half away from zero to `decimals` places.
pub fn round(x: f64, decimals: u32) -> f64 {
    let f = 10f64.powi(decimals as i32);
    let r = (x * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

pub fn format(cell: &Cell, style: Style) -> String {
    match cell {
        Cell::Missing => NO_DATA.to_string(),
        Cell::Text(s) => s.clone(),
        Cell::Date(d) => format_date(d),
        Cell::Number(n) => format_number(*n, style),
    }
}

pub fn format_number(n: f64, style: Style) -> String {
    if !n.is_finite() {
        return NO_DATA.to_string();
    }
    // A year is a name for a time, not a count: never "1,998".
    if style.ty == ColType::Year {
        return format!("{}", round(n, 0));
    }
    let decimals = match style.ty {
        ColType::Integer => 0,
        ColType::Currency => {
            if round(n, 2).fract() == 0.0 {
                0
            } else {
                2
            }
        }
        _ => style.decimals,
    };
    let r = round(n, decimals);
    let body = group_thousands(r.abs(), decimals);
    let sign = if r < 0.0 {
        MINUS.to_string()
    } else if style.signed && r > 0.0 {
        "+".to_string()
    } else {
        String::new()
    };
    match style.ty {
        ColType::Percent => format!("{sign}{body}%"),
        ColType::Currency => format!("{sign}£{body}"),
        _ => format!("{sign}{body}"),
    }
}

fn group_thousands(x: f64, decimals: u32) -> String {
    // Whole numbers (every count) print as integers: the same digits as
    // `{:.0}`, without the exact float-to-decimal conversion, which showed
    // in profiles of pages with many tables.
    let s = if decimals == 0 && x.is_sign_positive() && x.fract() == 0.0 && x < 9.0e15 {
        (x as u64).to_string()
    } else {
        format!("{:.*}", decimals as usize, x)
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut out = String::with_capacity(int.len() + int.len() / 3 + 4);
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// `2024-01-16` → `16 January 2024`.
pub fn format_date(d: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = d.split('-').collect();
    if let [y, m, day] = parts[..]
        && let (Ok(m), Ok(day)) = (m.parse::<usize>(), day.parse::<u32>())
        && (1..=12).contains(&m)
    {
        return format!("{day} {} {y}", MONTHS[m - 1]);
    }
    // A month column's `YYYY-MM`: "March 2024".
    if let [y, m] = parts[..]
        && let Ok(m) = m.parse::<usize>()
        && (1..=12).contains(&m)
        && y.len() == 4
    {
        return format!("{} {y}", MONTHS[m - 1]);
    }
    d.to_string()
}

/// A machine-readable form for CSV and JSON: plain digits, a `.` decimal point,
/// rounded to the column's decimals, no grouping or symbols.
pub fn raw(cell: &Cell, style: Style) -> String {
    match cell {
        Cell::Missing => String::new(),
        Cell::Text(s) | Cell::Date(s) => s.clone(),
        Cell::Number(n) => {
            let d = match style.ty {
                ColType::Integer | ColType::Year => 0,
                ColType::Currency => 2,
                _ => style.decimals,
            };
            let r = round(*n, d);
            if style.ty == ColType::Currency && r.fract() == 0.0 {
                format!("{r:.0}")
            } else {
                format!("{r:.*}", d as usize)
            }
        }
    }
}

/// Parses a cell written by a person: `1,020`, `-5.8`, `−19.3%`, `£8,118.50`.
/// Returns the number and how many decimals were written.
pub fn parse_number(s: &str, ty: ColType) -> Option<(f64, u32)> {
    let mut t = s.trim().replace(MINUS, "-");
    // Accounting style, as Excel shows negatives: `(250)`, `(£250)`.
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        if inner.trim().starts_with(['-', '+', '(']) {
            return None;
        }
        t = format!("-{}", inner.trim());
    }
    if ty == ColType::Percent {
        t = t.trim_end_matches('%').trim_end().to_string();
    }
    if ty == ColType::Currency {
        // The sign may stand before or after the pound sign, and a space
        // may follow it (`£ 300`, as some systems export amounts).
        let (sign, rest) = match t.strip_prefix(['-', '+']) {
            Some(r) => (&t[..1], r),
            None => ("", t.as_str()),
        };
        let rest = rest.strip_prefix('£').map(str::trim_start).unwrap_or(rest);
        t = format!("{sign}{rest}");
    }
    let t = t.strip_prefix('+').unwrap_or(&t);
    // Thousands separators must sit in groups of three.
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits_int = int.strip_prefix('-').unwrap_or(int);
    if digits_int.is_empty() && frac.is_none() {
        return None;
    }
    if digits_int.contains(',') {
        let groups: Vec<&str> = digits_int.split(',').collect();
        if groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let clean_int = digits_int.replace(',', "");
    if !clean_int.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    if ty == ColType::Integer && frac.is_some_and(|f| f.chars().any(|c| c != '0')) {
        return None;
    }
    let text = format!(
        "{}{}{}",
        if int.starts_with('-') { "-" } else { "" },
        if clean_int.is_empty() {
            "0"
        } else {
            &clean_int
        },
        frac.map(|f| format!(".{f}")).unwrap_or_default()
    );
    let v: f64 = text.parse().ok()?;
    v.is_finite()
        .then_some((v, frac.map(|f| f.len() as u32).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_group_as_the_float_formatter_would() {
        let xs = [
            0.0,
            1.0,
            12.0,
            999.0,
            1000.0,
            65536.0,
            1234567.0,
            9.0e15 - 1.0,
            9.0e15,
            1.0e20,
            0.5,
            2.5,
        ];
        for x in xs {
            let slow = format!("{x:.0}");
            let mut want = String::new();
            for (i, c) in slow.chars().enumerate() {
                if i > 0 && (slow.len() - i) % 3 == 0 {
                    want.push(',');
                }
                want.push(c);
            }
            assert_eq!(group_thousands(x, 0), want, "{x}");
        }
    }

    fn st(ty: ColType, decimals: u32, signed: bool) -> Style {
        Style {
            ty,
            decimals,
            signed,
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(
            format_number(1020.0, st(ColType::Integer, 0, false)),
            "1,020"
        );
        assert_eq!(format_number(-43.0, st(ColType::Integer, 0, true)), "−43");
        assert_eq!(format_number(55.0, st(ColType::Integer, 0, true)), "+55");
        assert_eq!(format_number(0.0, st(ColType::Integer, 0, true)), "0");
        assert_eq!(
            format_number(1234567.0, st(ColType::Integer, 0, false)),
            "1,234,567"
        );
        assert_eq!(format_number(5.699, st(ColType::Percent, 1, true)), "+5.7%");
        assert_eq!(
            format_number(-19.26, st(ColType::Percent, 1, true)),
            "−19.3%"
        );
        assert_eq!(
            format_number(8118.5, st(ColType::Currency, 2, false)),
            "£8,118.50"
        );
        assert_eq!(
            format_number(360.0, st(ColType::Currency, 2, false)),
            "£360"
        );
        assert_eq!(format_number(-0.04, st(ColType::Percent, 1, true)), "0.0%");
    }

    #[test]
    fn rounding_half_away_from_zero() {
        assert_eq!(round(2.5, 0), 3.0);
        assert_eq!(round(-2.5, 0), -3.0);
        assert_eq!(round(0.125, 2), 0.13);
        assert_eq!(round(-0.0001, 2), 0.0);
    }

    #[test]
    fn parsing() {
        assert_eq!(parse_number("1,020", ColType::Integer), Some((1020.0, 0)));
        assert_eq!(parse_number("1,02O", ColType::Integer), None);
        assert_eq!(parse_number("10,20", ColType::Integer), None);
        assert_eq!(parse_number("12.45%", ColType::Percent), Some((12.45, 2)));
        assert_eq!(parse_number("−5.8", ColType::Decimal), Some((-5.8, 1)));
        assert_eq!(
            parse_number("£8,118.50", ColType::Currency),
            Some((8118.5, 2))
        );
        assert_eq!(parse_number("n/a", ColType::Integer), None);
        assert_eq!(parse_number("1.5", ColType::Integer), None);
        assert_eq!(parse_number("", ColType::Integer), None);
        assert_eq!(parse_number("-", ColType::Integer), None);
        assert_eq!(parse_number("1e5", ColType::Decimal), None);
    }

    #[test]
    fn formatting_round_trips() {
        for (v, ty, d) in [
            (1020.0, ColType::Integer, 0),
            (-19.3, ColType::Percent, 1),
            (8118.5, ColType::Currency, 2),
            (1234.56, ColType::Decimal, 2),
        ] {
            let s = format_number(v, st(ty, d, true));
            assert_eq!(parse_number(&s, ty).map(|x| x.0), Some(v), "{s}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(format_date("2024-01-16"), "16 January 2024");
        assert_eq!(format_date("2024-03"), "March 2024");
    }

    #[test]
    fn years_have_no_separator() {
        assert_eq!(format_number(1998.0, st(ColType::Year, 0, false)), "1998");
        assert_eq!(
            raw(&Cell::Number(2011.0), st(ColType::Year, 0, false)),
            "2011"
        );
    }
}
