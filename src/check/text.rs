//! What is read in the authors' own words: placeholders left in text,
//! titles and descriptions, and period labels that contradict the plan's.

use super::*;
use crate::diagnostic::Code;

pub use crate::util::placeholders::find_placeholders;

/// Lines of a Markdown body outside fenced code, with inline code blanked.
pub(super) fn prose_lines(body: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            let marker: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
            match &fence {
                None => fence = Some(marker),
                Some(m) if marker.starts_with(m.as_str()) => fence = None,
                _ => {}
            }
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let mut s = String::with_capacity(line.len());
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
                s.push(' ');
            } else if in_code {
                s.push(' ');
            } else {
                s.push(c);
            }
        }
        out.push((i, s));
    }
    out
}

pub(super) fn placeholders_in_page(site: &Site, page: &Page, d: &mut Diagnostics) {
    let extra = &site.config.placeholders;
    for (i, line) in prose_lines(&page.body) {
        for (at, word) in find_placeholders(&line, extra) {
            let col = line[..at].chars().count() + 1;
            d.push(
                Diagnostic::error(Code::Placeholder, format!("placeholder `{word}` left in the text"))
                    .in_file(&page.source)
                    .at(page.body_line + i, col)
                    .width(word.chars().count())
                    .label("not a real figure or word")
                    .hint("replace it before publishing; if the figure is in data/, place it with {{ value(...) }}"),
            );
        }
    }
    for (path, text) in page.front.text_fields() {
        for (at, word) in find_placeholders(&text, extra) {
            // Where the author typed it. A placeholder a call brought in
            // from data is reported at its cell instead.
            let Some((line, col)) = locate_typed(page, &path, &text, at, &word) else {
                continue;
            };
            d.push(
                Diagnostic::error(
                    Code::Placeholder,
                    format!("placeholder `{word}` in the front matter's `{}`", path.path),
                )
                .in_file(&page.source)
                .at(line, col)
                .width(word.chars().count())
                .label("not a real figure or word")
                .hint("replace it before publishing; a figure from data/ can be placed with {{ value(...) }}, in a field as in the body"),
            );
        }
    }
}

pub(super) fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// File line and column of the text at byte `at` of a front-matter field
/// (`word` is what is there), if the author typed it: found on the field's
/// line as written, or as the word itself under the field's key.
pub(super) fn locate_typed(
    page: &Page,
    path: &crate::model::page::FieldPath,
    text: &str,
    at: usize,
    word: &str,
) -> Option<(usize, usize)> {
    let yaml = &page.front_yaml;
    // From where this field's own text was typed, when it can be found (a
    // text of a few letters could be found in an earlier field).
    let typed = page.typed_field(&path.path);
    let typed = typed
        .as_deref()
        .filter(|t| t.lines().next().map_or(0, |l| l.trim().len()) > 3);
    let start = crate::load::yaml::field_start(yaml, &path.top, typed);
    let region = &yaml[start..];
    // The whole text's line as written, when it was typed on one line.
    let first_line = text.lines().next().unwrap_or("");
    if at < first_line.len()
        && let Some(i) = region.find(first_line)
    {
        let (l, c) = line_col(yaml, start + i);
        return Some((l + 1, c + text[..at].chars().count()));
    }
    // Otherwise the word with the words typed around it, which a call in
    // the same field does not change: a placeholder that also appears in
    // an earlier item is not taken for this one.
    for around in [30, 15, 0] {
        let from = floor_char(text, at.saturating_sub(around));
        let to = ceil_char(text, (at + word.len() + around).min(text.len()));
        let anchor = &text[from..to];
        if let Some(i) = region.find(anchor) {
            let (l, c) = line_col(yaml, start + i + (at - from));
            return Some((l + 1, c));
        }
    }
    None
}

/// Period labels such as `2024/25` or `2024-25` in a text.
pub fn period_labels_in(text: &str) -> Vec<(usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 7 <= b.len() {
        let four = &b[i..i + 4];
        if four.iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && (b[i + 4] == b'/' || b[i + 4] == b'-')
        {
            let rest = &b[i + 5..];
            let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            let is_date = rest.get(n) == Some(&b'-');
            if (n == 2 || n == 4) && !is_date {
                out.push((i, text[i..i + 5 + n].to_string()));
                i += 5 + n;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `2025/26` and `2025-2026` name the same period.
pub fn same_period(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s.replace('-', "/");
        match s.split_once('/') {
            Some((y, e)) if e.len() == 4 => format!("{y}/{}", &e[2..]),
            _ => s,
        }
    };
    norm(a) == norm(b)
}

/// The first and last year a label names: `2022/23` is (2022, 2023),
/// `2022-2025` and `2022-25` are (2022, 2025).
fn years(label: &str) -> Option<(u32, u32)> {
    let (a, b) = label.split_once(['/', '-'])?;
    let start: u32 = a.parse().ok()?;
    let end: u32 = match b.len() {
        4 => b.parse().ok()?,
        2 => start / 100 * 100 + b.parse::<u32>().ok()?,
        _ => return None,
    };
    Some((start, end))
}

/// Whether a label is right for a plan whose period is `current` (and, if
/// given, `previous`): the same period, or a span of several years that
/// holds it ("Police and Crime Plan 2022-2025" in a 2022/23 plan).
pub fn period_fits(label: &str, current: &str, previous: &str) -> bool {
    if same_period(label, current) || (!previous.is_empty() && same_period(label, previous)) {
        return true;
    }
    let Some((s, e)) = years(label) else {
        return false;
    };
    let within = |(a, b): (u32, u32)| {
        (s, e) == (a, b)
            // a span of years that holds the period ("2022-2025" in 2022/23)
            || (e > s + 1 && s <= a && b <= e)
            // a year of a period of several years (2023/24 in "2022-2025")
            || (b > a + 1 && a <= s && e <= b)
    };
    [current, previous]
        .into_iter()
        .filter_map(span_of)
        .any(within)
}

/// The years a period names, however it is written: `2022/23`,
/// `2022-2025`, or in words, "April 2021 to March 2022".
fn span_of(period: &str) -> Option<(u32, u32)> {
    if let Some((_, label)) = period_labels_in(period).into_iter().next() {
        return years(&label);
    }
    let found: Vec<u32> = crate::util::placeholders::words(period)
        .into_iter()
        .filter(|(_, w)| w.len() == 4)
        .filter_map(|(_, w)| w.parse().ok())
        .filter(|y| (1900..2200).contains(y))
        .collect();
    Some((*found.iter().min()?, *found.iter().max()?))
}

pub(super) fn period_labels(site: &Site, page: &Page, d: &mut Diagnostics) {
    let (current, previous) = (&site.config.period.current, &site.config.period.previous);
    if current.is_empty() {
        return;
    }
    let mut check = |text: &str, line: usize, col0: usize, what: &str, allow_previous: bool| {
        let prev = if allow_previous {
            previous.as_str()
        } else {
            ""
        };
        for (off, label) in period_labels_in(text) {
            if !period_fits(&label, current, prev) {
                d.push(
                    Diagnostic::warning(Code::StalePeriod, format!("{what} names the period {label}, but this plan is for {current}"))
                        .in_file(&page.source)
                        .at(line, col0 + text[..off].chars().count())
                        .width(label.len())
                        .hint(format!(
                            "if you mean this plan's period write {{{{ site.period.current }}}} ({current}); for last year's, {{{{ site.period.previous }}}}; if the label is right (the name of another document), acknowledge it: see docs/checks.md"
                        )),
                );
            }
        }
    };
    // Every text field as written, before `{{ site.period.* }}` was filled
    // in; a list item may name last year's period ("in 2024/25 we…"), a
    // title or heading should not.
    let mut top = "";
    for (i, raw) in page.front_yaml.lines().enumerate() {
        if let Some((key, _)) = raw.split_once(':')
            && !raw.starts_with([' ', '\t', '-', '#'])
        {
            top = key.trim();
        }
        if matches!(
            top,
            "date" | "updated" | "slug" | "template" | "weight" | "draft" | "plan" | "lettered"
        ) {
            continue;
        }
        // A YAML comment is not text, and may hold an acknowledgement.
        let text = raw.split(" #").next().unwrap_or(raw);
        let what = if top == "title" {
            "the title".to_string()
        } else {
            format!("the front matter's `{top}`")
        };
        check(
            text,
            i + 2,
            1,
            &what,
            top != "title" && top != "description",
        );
    }
    for (i, line) in prose_lines(&page.body) {
        let t = line.trim_start();
        if t.starts_with('#') {
            let (_, c) = line_col(&line, line.len() - t.len());
            check(t, page.body_line + i, c, "this heading", false);
        }
    }
}

/// Period labels in a dataset's title and column headings: a heading may
/// name the period the dataset is for, the one before it, the plan's, or a
/// span that holds one of them; any other ("2012/13 target" in a table
/// for 2013/14) is stale.
pub(super) fn dataset_period_labels(
    site: &Site,
    ds: &crate::model::dataset::Dataset,
    sidecar: &std::path::Path,
    src: &str,
    d: &mut Diagnostics,
) {
    let site_period = &site.config.period;
    let own = &ds.meta.period;
    if site_period.current.is_empty() && own.current.is_empty() {
        return;
    }
    let fits = |label: &str| {
        [
            (&site_period.current, &site_period.previous),
            (&own.current, &own.previous),
        ]
        .iter()
        .any(|(c, p)| !c.is_empty() && period_fits(label, c, p))
    };
    let heading = |text: &str, line: usize, what: &str, d: &mut Diagnostics| {
        for (_, label) in period_labels_in(text) {
            if !fits(&label) {
                let col = src
                    .lines()
                    .nth(line.saturating_sub(1))
                    .and_then(|l| l.find(&label))
                    .map_or(1, |b| b + 1);
                let period = if own.current.is_empty() {
                    &site_period.current
                } else {
                    &own.current
                };
                d.push(
                    Diagnostic::warning(Code::StalePeriod, format!("{what} names the period {label}, but the data are for {period}"))
                        .in_file(sidecar)
                        .at(line, col)
                        .width(label.len())
                        .hint("name the period the column holds, or give the dataset its `period:` in the sidecar; if the label is right, acknowledge it: see docs/checks.md"),
                );
            }
        }
    };
    heading(
        &ds.meta.title,
        crate::load::yaml::key_line(src, "title"),
        "the dataset's title",
        d,
    );
    for c in &ds.columns {
        if c.spec_line > 0 {
            heading(
                &c.label,
                c.spec_line,
                &format!("the heading of column `{}`", c.name),
                d,
            );
        }
    }
}
