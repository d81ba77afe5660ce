//! What is read in the authors' own words: placeholders left in text,
//! titles and descriptions, and period labels that contradict the plan's.

use super::*;
use crate::diagnostic::Code;

/// Placeholder patterns every site gets.
pub(super) const PLACEHOLDER_WORDS: &[&str] = &["XXX", "XX", "TBC", "TBA", "TBD"];

/// A placeholder left in the text, if any: the default patterns plus the
/// site's own.
pub fn find_placeholder(text: &str, extra: &[String]) -> Option<String> {
    let words = words(text);
    for w in &words {
        if PLACEHOLDER_WORDS.contains(&w.1) || (w.1.len() >= 3 && w.1.chars().all(|c| c == 'X')) {
            return Some(w.1.to_string());
        }
    }
    if text.contains("??") {
        return Some("??".into());
    }
    let lower = text.to_lowercase();
    if lower.contains("lorem ipsum") {
        return Some("Lorem ipsum".into());
    }
    if let Some(i) = lower.find("[insert") {
        let end = text[i..].find(']').map(|j| i + j + 1).unwrap_or(text.len());
        return Some(text[i..end].to_string());
    }
    // `X` standing in for a number: "X people", "£X", "X%".
    for &(i, w) in &words {
        if w == "X" {
            let before = text[..i].trim_end();
            let after = &text[i + 1..];
            let numeric_context = before.ends_with('£')
                || after.starts_with('%')
                || (after.starts_with(' ')
                    && after[1..]
                        .split_whitespace()
                        .next()
                        .is_some_and(counted_noun));
            if numeric_context {
                return Some("X".into());
            }
        }
    }
    for p in extra {
        if !p.is_empty() && text.contains(p.as_str()) {
            return Some(p.clone());
        }
    }
    None
}

/// A word that follows a count: "X people", "X incidents".
pub(super) fn counted_noun(w: &str) -> bool {
    let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
    const IRREGULAR: &[&str] = &["people", "children", "men", "women", "staff", "times"];
    IRREGULAR.contains(&w)
        || (w.len() > 2 && w.ends_with('s') && w.chars().next().is_some_and(char::is_lowercase))
}

/// Runs of letters and digits, with their byte offsets.
pub(super) fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let is_word = c.is_alphanumeric();
        match (is_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

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
        if let Some(word) = find_placeholder(&line, extra) {
            let col = line
                .find(&word)
                .map(|b| line[..b].chars().count() + 1)
                .unwrap_or(1);
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
    for (key, value) in [
        ("title", Some(&page.front.title)),
        ("description", page.front.description.as_ref()),
    ] {
        if let Some(v) = value
            && let Some(word) = find_placeholder(v, extra)
        {
            d.push(
                Diagnostic::error(
                    Code::Placeholder,
                    format!("placeholder `{word}` in the front matter's `{key}`"),
                )
                .in_file(&page.source)
                .at(front_line(page, key), 1)
                .hint("replace it before publishing"),
            );
        }
    }
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
