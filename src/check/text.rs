//! What is read in the authors' own words: placeholders left in text,
//! titles and descriptions, and period labels that contradict the plan's.

use super::*;
use crate::diagnostic::Code;

pub use crate::util::placeholders::{find_placeholder, find_placeholders};

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
            let Some((line, col)) = locate_typed(page, &path.top, &text, at, &word) else {
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

/// File line and column of the text at byte `at` of a front-matter field
/// (`word` is what is there), if the author typed it: found on the field's
/// line as written, or as the word itself under the field's key.
pub(super) fn locate_typed(
    page: &Page,
    top: &str,
    text: &str,
    at: usize,
    word: &str,
) -> Option<(usize, usize)> {
    let yaml = &page.front_yaml;
    let key_line = crate::load::yaml::key_line(yaml, top);
    let start: usize = yaml
        .split_inclusive('\n')
        .take(key_line - 1)
        .map(str::len)
        .sum();
    let region = &yaml[start..];
    // The whole text's line as written, when it was typed on one line.
    let first_line = text.lines().next().unwrap_or("");
    if at < first_line.len()
        && let Some(i) = region.find(first_line)
    {
        let (l, c) = line_col(yaml, start + i);
        return Some((l + 1, c + text[..at].chars().count()));
    }
    // Otherwise the word, the nth time it appears in the text.
    let nth = text[..at].matches(word).count();
    let i = region.match_indices(word).nth(nth)?.0;
    let (l, c) = line_col(yaml, start + i);
    Some((l + 1, c))
}

pub(super) fn front_line(page: &Page, key: &str) -> usize {
    // The front matter starts on line 2 of the file.
    crate::load::yaml::key_line(&page.front_yaml, key) + 1
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

pub(super) fn period_labels(site: &Site, page: &Page, d: &mut Diagnostics) {
    let current = &site.config.period.current;
    if current.is_empty() {
        return;
    }
    let mut check = |text: &str, line: usize, col0: usize, what: &str| {
        for (off, label) in period_labels_in(text) {
            if !same_period(&label, current) {
                d.push(
                    Diagnostic::warning(Code::StalePeriod, format!("{what} names the period {label}, but this plan is for {current}"))
                        .in_file(&page.source)
                        .at(line, col0 + text[..off].chars().count())
                        .width(label.len())
                        .hint(format!(
                            "if you mean this plan's period write {{{{ site.period.current }}}} ({current}); for last year's, {{{{ site.period.previous }}}}"
                        )),
                );
            }
        }
    };
    // The title as written, before `{{ site.period.* }}` was filled in.
    let title_line = front_line(page, "title");
    if let Some(raw) = page.front_yaml.lines().nth(title_line.saturating_sub(2)) {
        check(raw, title_line, 1, "the title");
    }
    for (i, line) in prose_lines(&page.body) {
        let t = line.trim_start();
        if t.starts_with('#') {
            let (_, c) = line_col(&line, line.len() - t.len());
            check(t, page.body_line + i, c, "this heading");
        }
    }
}
