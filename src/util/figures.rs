//! Figures typed in running text: "413 offences", "fell by 6.7%",
//! "£114,000", "3.3 million". Numbers that are not statistics are left out
//! here, so the check that asks for every figure to come from data is not a
//! list of false alarms: years and periods, dates, times, phone numbers,
//! postcodes and other codes, ordinals, numbers that a label names
//! ("Section 17", "Priority 2", "aged 25"), and list numbers.
//!
//! Written by hand: this is a reading of English prose about statistics,
//! not a general number parser (a crate that reads numbers does not know
//! that "2023/24" is a period and "01233 330000" a phone number).

/// One figure in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte range in the text, sign, currency and percent sign included.
    pub start: usize,
    pub end: usize,
    /// The figure as printed, without its sign, scaled down by `scale`
    /// ("3.3 million" is 3.3 with a scale of a million).
    pub value: f64,
    /// Decimal places printed.
    pub decimals: u32,
    pub scale: f64,
    pub percent: bool,
    pub currency: bool,
    /// Typed with a minus sign.
    pub negative: bool,
    /// Typed with a plus sign.
    pub plus: bool,
    /// The words before it that say it is approximate ("just over"), as
    /// typed, lower-cased; empty when there are none.
    pub qualifier: String,
}

/// Words after which a number is a name or a place, not a statistic.
const LABELS: [&str; 41] = [
    "year",
    "years",
    "section",
    "sections",
    "part",
    "parts",
    "chapter",
    "appendix",
    "annex",
    "schedule",
    "article",
    "paragraph",
    "para",
    "clause",
    "regulation",
    "rule",
    "priority",
    "objective",
    "aim",
    "step",
    "phase",
    "stage",
    "table",
    "figure",
    "chart",
    "map",
    "page",
    "pages",
    "item",
    "recommendation",
    "action",
    "outcome",
    "level",
    "tier",
    "version",
    "wcag",
    "no",
    "number",
    "aged",
    "age",
    "ages",
];

/// Words after which 999, 101 and 111 are phone numbers.
const DIAL: [&str; 9] = [
    "call",
    "dial",
    "ring",
    "phone",
    "telephone",
    "tel",
    "on",
    "or",
    "text",
];

/// Every figure in `text` that may be a statistic.
pub fn figures(text: &str) -> Vec<Figure> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = number_run(b, i);
        match read(text, i, run) {
            Read::Figure(f) => {
                i = f.end.max(run);
                out.push(f);
            }
            Read::Skip(to) => i = to.max(run),
        }
    }
    out
}

enum Read {
    Figure(Figure),
    /// Not a statistic; carry on from this byte.
    Skip(usize),
}

/// The end of the digits, thousands separators and decimals from `i`.
fn number_run(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() {
        let c = b[j];
        let sep = (c == b',' || c == b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit);
        if c.is_ascii_digit() || sep {
            j += 1;
        } else {
            break;
        }
    }
    j
}

fn read(text: &str, start: usize, end: usize) -> Read {
    let b = text.as_bytes();
    let digits = &text[start..end];
    let before = &text[..start];
    let prev = before.chars().next_back();
    // Part of a word or a code: TN23, A28, COVID-19, v2, a URL's path.
    if prev.is_some_and(|c| c.is_alphanumeric() || "_/#@\\:&=".contains(c))
        || (prev == Some('.') && before.len() >= 2 && !before[..before.len() - 1].ends_with(' '))
        || ((prev == Some('-') || prev == Some('‐'))
            && before[..before.len() - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric))
    {
        return Read::Skip(skip_word(b, end));
    }
    let next = text[end..].chars().next();
    // Joined to another number by a slash or colon: a period (2023/24), a
    // date (01/04/2023), a ratio written 24/7, a time (10:30).
    if matches!(next, Some('/') | Some(':')) && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let mut j = end + 1;
        while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'/' || b[j] == b':') {
            j += 1;
        }
        return Read::Skip(skip_word(b, j));
    }
    // A measure joined to its word: a 24-hour line, a 10-year strategy.
    if next == Some('-') && b.get(end + 1).is_some_and(u8::is_ascii_alphabetic) {
        return Read::Skip(skip_word(b, end));
    }
    let suffix = letters_after(text, end);
    if !suffix.is_empty() && !is_scale(suffix) {
        // 8th, 2nd, 10am, 1990s, 1PL: an ordinal, a time, a decade, a code.
        return Read::Skip(skip_word(b, end));
    }
    let plain = !digits.contains(',') && !digits.contains('.');
    let n_digits = digits.bytes().filter(u8::is_ascii_digit).count();
    let word = prev_word(before);
    let lower = word.to_ascii_lowercase();
    let percent_after = percent_after(text, end);
    if plain && n_digits == 4 && percent_after.is_none() && !currency_before(before) {
        let y: u32 = digits.parse().unwrap_or(0);
        if (1800..=2100).contains(&y) {
            // A year, or the start of a period or date (2025–28, 2026-11-22).
            return Read::Skip(skip_range(b, end));
        }
    }
    if plain && starts_phone(text, start) {
        return Read::Skip(skip_phone(b, start));
    }
    if plain && ["999", "101", "111", "112"].contains(&digits) && dialled(before) {
        return Read::Skip(end);
    }
    // "s.17" is section 17; the "s" of "Dover's 900" is not.
    let label = lower.trim_end_matches('.');
    let is_label = LABELS.contains(&label) || (lower == "s." && before.ends_with("s."));
    if is_label && percent_after.is_none() {
        return Read::Skip(skip_label_range(text, skip_dotted(b, end)));
    }
    if plain && n_digits <= 2 && is_date(text, before, end) {
        return Read::Skip(end);
    }
    if is_list_number(before, text, end) {
        return Read::Skip(end + 1);
    }
    figure(text, start, end, suffix, percent_after)
}

/// The figure itself, once it is known to be one.
fn figure(
    text: &str,
    start: usize,
    end: usize,
    suffix: &str,
    percent_after: Option<usize>,
) -> Read {
    let digits = &text[start..end];
    let value: f64 = match digits.replace(',', "").parse() {
        Ok(v) => v,
        Err(_) => return Read::Skip(end),
    };
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len() as u32);
    let before = &text[..start];
    let (currency, mut from) = match before.chars().next_back() {
        Some(c @ ('£' | '$' | '€')) => (true, start - c.len_utf8()),
        _ => (false, start),
    };
    let mut plus = false;
    let negative = match text[..from].chars().next_back() {
        Some(c @ ('−' | '-' | '–'))
            if !text[..from - c.len_utf8()].ends_with(|x: char| x.is_alphanumeric()) =>
        {
            from -= c.len_utf8();
            true
        }
        Some('+') => {
            from -= 1;
            plus = true;
            false
        }
        _ => false,
    };
    let (scale, mut to) = if suffix.is_empty() {
        scale_word_after(text, end)
    } else {
        (scale_of(suffix), end + suffix.len())
    };
    let percent = percent_after.is_some();
    if let Some(p) = percent_after {
        to = p;
    }
    let qualifier = qualifier_before(&text[..from]);
    Read::Figure(Figure {
        qualifier,
        start: from,
        end: to,
        value,
        decimals,
        scale,
        percent,
        currency,
        negative,
        plus,
    })
}

/// Words of approximation just before a figure ("just over", "about"):
/// the longest of one or two words that ends right before it.
fn qualifier_before(before: &str) -> String {
    let t = before.trim_end().to_ascii_lowercase();
    if t.len() == before.len() {
        return String::new();
    }
    WORDS_OF_APPROXIMATION
        .iter()
        .find(|w| {
            t.ends_with(*w) && !t[..t.len() - w.len()].ends_with(|c: char| c.is_alphanumeric())
        })
        .map(|w| w.to_string())
        .unwrap_or_default()
}

/// The qualifiers a figure may carry (src/model/dataset/approx.rs gives
/// each its meaning; a test there keeps the two lists the same).
pub const WORDS_OF_APPROXIMATION: [&str; 11] = [
    "just over",
    "just under",
    "more than",
    "less than",
    "fewer than",
    "over",
    "under",
    "almost",
    "nearly",
    "about",
    "around",
];

fn letters_after(text: &str, end: usize) -> &str {
    let rest = &text[end..];
    let n = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    &rest[..n]
}

fn is_scale(s: &str) -> bool {
    matches!(s, "m" | "bn" | "k")
}

fn scale_of(s: &str) -> f64 {
    match s {
        "k" => 1e3,
        "m" => 1e6,
        "bn" => 1e9,
        _ => 1.0,
    }
}

/// "3.3 million": the scale word and the end of it.
fn scale_word_after(text: &str, end: usize) -> (f64, usize) {
    let rest = &text[end..];
    let Some(r) = rest.strip_prefix(' ') else {
        return (1.0, end);
    };
    for (w, s) in [("million", 1e6), ("billion", 1e9), ("thousand", 1e3)] {
        if r.starts_with(w) && !r[w.len()..].starts_with(char::is_alphabetic) {
            return (s, end + 1 + w.len());
        }
    }
    (1.0, end)
}

/// The end of a percent sign or "per cent" after a number.
fn percent_after(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    if rest.starts_with('%') {
        return Some(end + 1);
    }
    for w in [" per cent", " percent", "\u{a0}per cent"] {
        if rest.starts_with(w) {
            return Some(end + w.len());
        }
    }
    None
}

fn currency_before(before: &str) -> bool {
    before.ends_with(['£', '$', '€'])
}

/// The word before a number, skipping spaces and an opening bracket.
fn prev_word(before: &str) -> &str {
    let t = before.trim_end_matches([' ', '\u{a0}', '(']);
    let start = t
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &t[start..]
}

fn skip_word(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b'.') {
        j += 1;
    }
    j
}

/// Past "2025–28", "2026-11-22" or "2023 to 2024" after a year.
fn skip_range(b: &[u8], end: usize) -> usize {
    let mut j = end;
    let dash = |j: usize| -> Option<usize> {
        match b.get(j..) {
            Some([b'-', ..]) => Some(j + 1),
            // En and em dashes.
            Some([0xE2, 0x80, 0x93 | 0x94, ..]) => Some(j + 3),
            _ => None,
        }
    };
    while let Some(k) = dash(j) {
        if !b.get(k).is_some_and(u8::is_ascii_digit) {
            break;
        }
        j = k;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
    }
    j
}

fn skip_dotted(b: &[u8], mut j: usize) -> usize {
    // "3.2.1" and "17(2)(a)".
    while j < b.len()
        && (b[j].is_ascii_alphanumeric() || b[j] == b'.' || b[j] == b'(' || b[j] == b')')
    {
        if b[j] == b'.' && !b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
            break;
        }
        j += 1;
    }
    j
}

/// Past "to 17", "–17" or "and 4" after a labelled number: "aged 13 to
/// 17", "sections 3 and 4" name two of the same kind.
fn skip_label_range(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    for joint in [" to ", "–", "-", " and ", " or ", ", "] {
        if let Some(r) = rest.strip_prefix(joint) {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            if n > 0 && !r[n..].starts_with('%') {
                return skip_dotted(text.as_bytes(), end + joint.len() + n);
            }
        }
    }
    end
}

/// Whether a word of dialling comes shortly before, in the same sentence:
/// "call 999", "in an emergency call 999, otherwise 101".
fn dialled(before: &str) -> bool {
    let from = before.len().saturating_sub(48);
    let mut from = from;
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let near = &before[from..];
    let sentence = near.rsplit(['.', '\n', ';']).next().unwrap_or(near);
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| DIAL.contains(&w.to_ascii_lowercase().as_str()))
}

/// A UK phone number: 0 then ten or eleven digits in all, spaces
/// allowed, or +44.
fn starts_phone(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    let intl = text[..start].ends_with('+') && text[start..].starts_with("44");
    if !(b[start] == b'0' || intl) {
        return false;
    }
    let end = skip_phone(b, start);
    let n = b[start..end].iter().filter(|c| c.is_ascii_digit()).count();
    (10..=12).contains(&n)
}

fn skip_phone(b: &[u8], start: usize) -> usize {
    let mut j = start;
    let mut last_digit = start;
    while j < b.len() && (b[j].is_ascii_digit() || b[j] == b' ') {
        if b[j].is_ascii_digit() {
            last_digit = j + 1;
        }
        j += 1;
    }
    last_digit
}

fn starts_with_month(s: &str) -> bool {
    let w: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    crate::util::text::month_number(&w).is_some()
}

/// "22 November", "November 22", "1 Apr".
fn is_date(text: &str, before: &str, end: usize) -> bool {
    let after = text[end..].trim_start_matches([' ', '\u{a0}']);
    let after_ok = after.len() < text.len() - end && starts_with_month(after);
    let prev = prev_word(before);
    after_ok || (!prev.is_empty() && starts_with_month(prev) && prev.len() >= 3)
}

/// "1. " or "2) " at the start of a line: a list number.
fn is_list_number(before: &str, text: &str, end: usize) -> bool {
    let line_start = before.rsplit('\n').next().unwrap_or(before);
    line_start.trim().is_empty() && (text[end..].starts_with(". ") || text[end..].starts_with(") "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        figures(text)
            .iter()
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn reads_qualifiers() {
        let f = figures("just over 4,900 people and about 3.3 million reports, over24");
        assert_eq!(f[0].qualifier, "just over");
        assert_eq!(f[1].qualifier, "about");
        assert_eq!(f[1].scale, 1e6);
        let f = figures("moreover 12 and 15");
        assert_eq!(f[0].qualifier, "");
    }

    #[test]
    fn finds_statistics() {
        assert_eq!(
            found("July had 413 offences; robbery fell by 34.6% (18 fewer)."),
            ["413", "34.6%", "18"]
        );
        assert_eq!(
            found("a grant of £114,000 and −6.7%"),
            ["£114,000", "−6.7%"]
        );
        assert_eq!(
            found("3.3 million reports, 20 per cent"),
            ["3.3 million", "20 per cent"]
        );
        assert_eq!(found("£1.2bn and 4k"), ["£1.2bn", "4k"]);
        let f = &figures("fell by 6.7%")[0];
        assert_eq!(
            (f.value, f.decimals, f.percent, f.negative),
            (6.7, 1, true, false)
        );
        let f = &figures("3.3 million")[0];
        assert_eq!((f.value, f.scale), (3.3, 1e6));
        assert_eq!(found("+5.7% and - 3"), ["+5.7%", "3"]);
        assert_eq!(found("one in 5 residents"), ["5"]);
        assert_eq!(found("Dover's 900 incidents"), ["900"]);
        assert_eq!(found("1998 offences? 2,011 of them"), ["2,011"]);
    }

    #[test]
    fn leaves_non_statistics_alone() {
        for text in [
            "the Crime and Disorder Act 1998",
            "our plan for 2023/24 and 2025–28, and 2022-23",
            "published on 22 November 2026, or November 22, and 2026-11-22",
            "data to 01/04/2023",
            "open 9am to 5pm, or 10:30 and 5.30pm",
            "call 01233 330000 or +44 1233 330000, or call 999 or 101, in an emergency call 999, otherwise 101",
            "write to TN23 1PL, on the A28 or M20",
            "the 8th highest, 1st and 22nd",
            "Section 17, section 3.2.1, Priority 2, Appendix 1, Table 3, page 12",
            "WCAG 2.2 AA",
            "the 1990s",
            "aged 25 or under, aged 13 to 17, ages 10–17, sections 3 and 4",
            "COVID-19 and 24/7 support, a 24-hour line, pupils in years 12 and 13",
            "see https://example.org/a/123 and #row-12",
            "1. first\n2) second",
        ] {
            assert_eq!(found(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn a_label_does_not_hide_a_percentage() {
        assert_eq!(found("Priority 2 rose 8%"), ["8%"]);
        assert_eq!(found("page 45% full"), ["45%"]);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "1",
            "£",
            "-",
            "1.",
            ",1",
            "1,",
            "9".repeat(400).as_str(),
            "−",
            "x−1",
            "é1é",
            "1\u{a0}per cent",
        ] {
            let _ = figures(text);
        }
    }
}
