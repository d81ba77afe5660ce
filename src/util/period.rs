//! A period as authors write it ("1 April to 30 September 2023", "April
//! 2021 to March 2022", "2022/23", "2021 (provisional)") read as the first
//! and last day it covers, for machine-readable metadata (schema.org's
//! `temporalCoverage`, DCAT's `dct:temporal`). Text it cannot read gives
//! nothing: a wrong date range is worse than none.

/// The first and last day of the period, as `YYYY-MM-DD`.
pub fn interval(text: &str) -> Option<(String, String)> {
    // "…, unless the row says otherwise" and "(provisional)" qualify the
    // period without changing it.
    let core = text.split([',', '(']).next()?.trim();
    let words: Vec<&str> = core.split_whitespace().collect();
    if let Some(i) = words.iter().position(|w| w.eq_ignore_ascii_case("to")) {
        let end = end_point(&words[i + 1..])?;
        let start = start_point(&words[..i], end)?;
        return Some((iso(start), iso(end)));
    }
    match words[..] {
        [m, y] => {
            let (m, y) = (month(m)?, year(y)?);
            Some((iso((y, m, 1)), iso((y, m, days_in(y, m)))))
        }
        _ => words.iter().rev().find_map(|w| year_span(w)),
    }
}

/// `2022/23` (a financial year, April to March) or `2021` (a calendar year).
fn year_span(w: &str) -> Option<(String, String)> {
    if let Some((a, b)) = w.split_once('/') {
        let y = year(a)?;
        let next = b.parse::<u32>().ok()?;
        let follows = (b.len() == 2 && next == (y + 1) % 100) || (b.len() == 4 && next == y + 1);
        return follows.then(|| (iso((y, 4, 1)), iso((y + 1, 3, 31))));
    }
    let y = year(w)?;
    Some((iso((y, 1, 1)), iso((y, 12, 31))))
}

/// The end of a range: `30 September 2023`, `September 2023` or `2023`.
fn end_point(w: &[&str]) -> Option<(u32, u32, u32)> {
    match *w {
        [d, m, y] => date(day(d)?, month(m)?, year(y)?),
        [m, y] => {
            let (m, y) = (month(m)?, year(y)?);
            Some((y, m, days_in(y, m)))
        }
        _ => None,
    }
}

/// The start of a range, its year taken from the end when left out (`1
/// April to 30 September 2023`), or the year before when its month comes
/// after the end's (`November to October 2024`).
fn start_point(w: &[&str], end: (u32, u32, u32)) -> Option<(u32, u32, u32)> {
    let (ey, em, _) = end;
    let infer = |m: u32| if m > em { ey - 1 } else { ey };
    match *w {
        [d, m, y] => date(day(d)?, month(m)?, year(y)?),
        [d, m] if day(d).is_some() => {
            let m = month(m)?;
            date(day(d)?, m, infer(m))
        }
        [m, y] => Some((year(y)?, month(m)?, 1)),
        [m] => {
            let m = month(m)?;
            Some((infer(m), m, 1))
        }
        _ => None,
    }
}

fn date(d: u32, m: u32, y: u32) -> Option<(u32, u32, u32)> {
    (d >= 1 && d <= days_in(y, m)).then_some((y, m, d))
}

fn day(w: &str) -> Option<u32> {
    w.parse().ok().filter(|d| (1..=31).contains(d))
}

fn month(w: &str) -> Option<u32> {
    crate::util::text::month_number(w)
}

fn year(w: &str) -> Option<u32> {
    (w.len() == 4)
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1900..2200).contains(y))
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

fn iso((y, m, d): (u32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// A financial year as written (`2024/25`, `2024-25`, `2024/2025`,
/// `2024–25`, `FY 2024/25`) in its one form, `2024/25`, whose text sorts in
/// time order. The second year must follow the first.
pub fn financial_year(s: &str) -> Option<String> {
    let t = s.trim();
    let t = t
        .strip_prefix("FY")
        .or_else(|| t.strip_prefix("fy"))
        .map(str::trim_start)
        .unwrap_or(t);
    let (a, b) = t.split_once(['/', '-', '–'])?;
    let (a, b) = (a.trim(), b.trim());
    let y: u32 = a.parse().ok().filter(|_| a.len() == 4)?;
    let next: u32 = b.parse().ok()?;
    let follows = (b.len() == 2 && next == (y + 1) % 100) || (b.len() == 4 && next == y + 1);
    (follows && (1900..2200).contains(&y)).then(|| format!("{y}/{:02}", (y + 1) % 100))
}

/// A calendar month as written (`March 2024`, `Mar 2024`, `2024-03`,
/// `03/2024`) as `YYYY-MM`.
pub fn calendar_month(s: &str) -> Option<String> {
    let t = s.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let (y, m) = match words[..] {
        [m, y] => (year(y)?, month(m)?),
        [one] => match one.split_once(['-', '/']) {
            Some((a, b)) if a.len() == 4 => (year(a)?, b.parse().ok()?),
            Some((a, b)) if b.len() == 4 && a.len() <= 2 => (year(b)?, a.parse().ok()?),
            _ => return None,
        },
        _ => return None,
    };
    (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
}

/// A calendar year: four digits, 1900 to 2199.
pub fn calendar_year(s: &str) -> Option<u32> {
    year(s.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(s: &str) -> Option<String> {
        interval(s).map(|(a, b)| format!("{a}/{b}"))
    }

    #[test]
    fn periods_as_written() {
        assert_eq!(
            i("1 April to 30 September 2023").as_deref(),
            Some("2023-04-01/2023-09-30")
        );
        assert_eq!(
            i("1 April 2023 to 31 March 2024").as_deref(),
            Some("2023-04-01/2024-03-31")
        );
        assert_eq!(
            i("April 2021 to March 2022").as_deref(),
            Some("2021-04-01/2022-03-31")
        );
        assert_eq!(
            i("November to October 2024").as_deref(),
            Some("2023-11-01/2024-10-31")
        );
        assert_eq!(
            i("January to December 2021 (provisional)").as_deref(),
            Some("2021-01-01/2021-12-31")
        );
        assert_eq!(
            i("February 2024 to January 2025").as_deref(),
            Some("2024-02-01/2025-01-31")
        );
        assert_eq!(i("2022/23").as_deref(), Some("2022-04-01/2023-03-31"));
        assert_eq!(
            i("Strategic assessments carried out in 2021/22").as_deref(),
            Some("2021-04-01/2022-03-31")
        );
        assert_eq!(
            i("2021 (provisional)").as_deref(),
            Some("2021-01-01/2021-12-31")
        );
        assert_eq!(i("February 2024").as_deref(), Some("2024-02-01/2024-02-29"));
        assert_eq!(i("Latest strategic assessment"), None);
        assert_eq!(i(""), None);
        assert_eq!(i("31 February to 3 March 2023"), None);
    }

    #[test]
    fn financial_years_and_months() {
        for s in ["2024/25", "2024-25", "2024/2025", "2024–25", "FY 2024/25"] {
            assert_eq!(financial_year(s).as_deref(), Some("2024/25"), "{s}");
        }
        assert_eq!(financial_year("1999/00").as_deref(), Some("1999/00"));
        assert_eq!(financial_year("2024/26"), None);
        assert_eq!(financial_year("24/25"), None);
        assert_eq!(calendar_month("March 2024").as_deref(), Some("2024-03"));
        assert_eq!(calendar_month("2024-03").as_deref(), Some("2024-03"));
        assert_eq!(calendar_month("3/2024").as_deref(), Some("2024-03"));
        assert_eq!(calendar_month("2024-13"), None);
        assert_eq!(calendar_year("1998"), Some(1998));
        assert_eq!(calendar_year("98"), None);
    }
}
