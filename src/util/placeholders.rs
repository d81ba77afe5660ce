//! Placeholders left in author text: `XX`, `TBC`, `??`, a lone `X` standing
//! for a number, and the like. Plain text in, findings out, so every layer
//! that reads author text (the loader of CSV cells, the checks, the scan of
//! the built pages) finds the same ones.

/// Placeholder patterns every site gets.
pub const PLACEHOLDER_WORDS: &[&str] = &["XXX", "XX", "TBC", "TBA", "TBD"];

/// A placeholder left in the text, if any: the default patterns plus the
/// site's own.
pub fn find_placeholder(text: &str, extra: &[String]) -> Option<String> {
    find_placeholders(text, extra)
        .into_iter()
        .next()
        .map(|(_, w)| w)
}

/// Whether the text holds a piece of one of the default patterns: most
/// text holds none, and needs no closer reading.
pub fn could_hold(text: &str) -> bool {
    text.contains('X')
        || text.contains("TB")
        || text.contains("??")
        || text.contains("orem")
        || text.contains("OREM")
        || text.contains("nsert")
        || text.contains("NSERT")
}

/// Every placeholder left in the text, with its byte offset, in order:
/// `XX`, `XXX` and longer, `TBC`, `TBA`, `TBD`, `??`, lorem ipsum,
/// `[insert …]`, a lone `X` standing for a number (`X people`,
/// `X young people`, `£X`, `X%`), and the site's own patterns.
pub fn find_placeholders(text: &str, extra: &[String]) -> Vec<(usize, String)> {
    if !could_hold(text) && extra.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(usize, String)> = Vec::new();
    let words = words(text);
    for &(i, w) in &words {
        if PLACEHOLDER_WORDS.contains(&w) || (w.len() >= 3 && w.chars().all(|c| c == 'X')) {
            found.push((i, w.to_string()));
        } else if w == "X" && lone_x_is_a_number(text, i, &words) {
            found.push((i, "X".into()));
        }
    }
    let mut from = 0;
    while let Some(j) = text[from..].find("??") {
        let at = from + j;
        found.push((at, "??".into()));
        from = at + text[at..].chars().take_while(|&c| c == '?').count();
    }
    let lower = text.to_lowercase();
    // Lower-casing keeps byte offsets only for ASCII; elsewhere the search
    // still finds the words, placed at the nearest char boundary.
    let offset = |i: usize| if lower.len() == text.len() { i } else { 0 };
    for (pat, len) in [("lorem ipsum", 11)] {
        let mut from = 0;
        while let Some(j) = lower[from..].find(pat) {
            let at = from + j;
            let o = offset(at);
            found.push((o, text.get(o..o + len).unwrap_or("Lorem ipsum").to_string()));
            from = at + len;
        }
    }
    let mut from = 0;
    while let Some(j) = lower[from..].find("[insert") {
        let at = offset(from + j);
        let end = text[at..]
            .find(']')
            .map(|k| at + k + 1)
            .unwrap_or(text.len());
        found.push((at, text[at..end].to_string()));
        from = from + j + 7;
    }
    for p in extra {
        if p.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(j) = text[from..].find(p.as_str()) {
            found.push((from + j, p.clone()));
            from += j + p.len();
        }
    }
    found.sort_by_key(|(i, _)| *i);
    found.dedup_by_key(|(i, _)| *i);
    found
}

/// A lone capital `X` stands for a number when a figure would go there:
/// after `£`, before `%`, or before a word in lower case ("X people",
/// "X male victims"). After a capitalised word it is part of a name
/// ("Generation X", "Platform X").
fn lone_x_is_a_number(text: &str, i: usize, words: &[(usize, &str)]) -> bool {
    let before = text[..i].trim_end();
    let after = &text[i + 1..];
    if before.ends_with('£') || after.starts_with('%') {
        return true;
    }
    if !after.starts_with(' ') {
        return false;
    }
    let next_is_lower = after[1..]
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
    // A capitalised word that does not open a sentence or an item, right
    // before the X, makes it a name.
    let prev = words.iter().rev().find(|(j, _)| *j < i).copied();
    let after_name = prev.is_some_and(|(j, w)| {
        let opens = text[..j].trim_end().chars().last().is_none_or(|c| {
            matches!(
                c,
                '.' | '!' | '?' | ':' | ';' | '-' | '*' | '(' | '"' | '\u{201c}'
            )
        });
        w.chars().next().is_some_and(char::is_uppercase) && before.ends_with(w) && !opens
    });
    next_is_lower && !after_name
}

/// Runs of letters and digits, with their byte offsets.
pub fn words(text: &str) -> Vec<(usize, &str)> {
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

/// A placeholder standing where a figure should be: the patterns above, or
/// a value that is nothing but `X` (a heading "X" may be a name; a figure
/// "X" is not).
pub fn figure_placeholder(value: &str) -> Option<String> {
    if value.trim() == "X" {
        return Some("X".into());
    }
    find_placeholder(value, &[])
}
