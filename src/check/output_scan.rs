//! The last line of defence: the visible text of every built page (generated
//! pages and chart text included) is read for placeholders and for template
//! calls that were never worked out (`{{`, `}}`, `{%`, `%}`), whatever route
//! they took: a theme printing a field, a dataset's text, `site.yaml`.
//!
//! What the checks of the sources already reported is not reported again;
//! anything else is an error at the place it can be traced to (the page's
//! file, a dataset, `site.yaml` or a template), or at the page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, line_col};
use crate::model::site::Site;
use crate::render::RenderedPage;

use super::text::find_placeholders;

/// A file, line and column.
type Place = (PathBuf, usize, usize);

/// Something in a built page's text that must not be published.
#[derive(Debug, Clone)]
pub struct Suspect {
    word: String,
    raw_call: bool,
    /// Where it was typed, if it can be found: file, line, column.
    traced: Option<Place>,
}

/// Elements whose text is not prose: code shows braces on purpose.
const SKIPPED: [&str; 6] = ["script", "style", "code", "pre", "textarea", "template"];
/// Elements inside a sentence: their text joins the words around them.
const INLINE: [&str; 16] = [
    "a", "abbr", "b", "cite", "data", "em", "i", "mark", "q", "s", "small", "span", "strong",
    "sub", "sup", "time",
];

/// The visible text of a page, one line per block, with what screen
/// readers read from attributes (`alt`, `aria-label`) on lines of their own.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skip: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if skip.is_none() {
            out.push_str(&decode(&rest[..lt]));
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let closing = tag.starts_with("</");
        // The name, lower-cased into a small buffer: this runs for every
        // tag of every page.
        let bare = tag.trim_start_matches(['<', '/']);
        let len = bare
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count()
            .min(16);
        let mut buf = [0u8; 16];
        buf[..len].copy_from_slice(&bare.as_bytes()[..len]);
        buf[..len].make_ascii_lowercase();
        let name = std::str::from_utf8(&buf[..len]).unwrap_or("");
        if let Some(s) = &skip {
            if closing && s == name {
                skip = None;
            }
            continue;
        }
        if !closing && SKIPPED.contains(&name) && !tag.ends_with("/>") {
            skip = Some(name.to_string());
            continue;
        }
        if !INLINE.contains(&name) {
            out.push('\n');
        }
        // What a screen reader reads from attributes, and what a search
        // engine or a share card shows of the page.
        let attrs: &[&str] = match name {
            "meta" if has(tag, "name=\"description\"") || has(tag, "property=\"og:") => {
                &["content=\""]
            }
            "img" | "area" | "input" => &["alt=\"", "aria-label=\""],
            _ if has(tag, "aria-label=\"") => &["aria-label=\""],
            _ => &[],
        };
        for attr in attrs {
            if let Some(i) = tag.find(attr) {
                let v = &tag[i + attr.len()..];
                let v = &v[..v.find('"').unwrap_or(v.len())];
                out.push('\n');
                out.push_str(&decode(v));
                out.push('\n');
            }
        }
    }
    if skip.is_none() {
        out.push_str(&decode(rest));
    }
    out
}

/// Whether a short text holds `needle` (without building a searcher, which
/// costs more than the search on a tag's few bytes).
fn has(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The end of a tag, past its `>` (quoted `>` in attributes skipped).
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The character of `#65` or `#x41` (without the `#`). Digits only: the
/// number parsers also take a sign, and `&#+65;` is no reference to a
/// browser, which shows it as written.
fn numeric_reference(n: &str) -> Option<char> {
    let (digits, radix) = match n.strip_prefix(['x', 'X']) {
        Some(h) => (h, 16),
        None => (n, 10),
    };
    let plain = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
    plain
        .then(|| u32::from_str_radix(digits, radix).ok())
        .flatten()
        .and_then(char::from_u32)
}

/// HTML character references, as a reader sees them.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name.strip_prefix('#').and_then(numeric_reference),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What must not be published in one built page, traced where it can be.
pub fn scan_page(site: &Site, p: &RenderedPage) -> Vec<Suspect> {
    let text = visible_text(&p.html);
    // Most pages hold nothing a placeholder or a call is made of: one pass
    // over the text settles them, before any line is read.
    let could = crate::util::placeholders::could_hold(&text)
        || text.contains('{')
        || text.contains('}')
        || !site.config.placeholders.is_empty();
    if !could {
        return Vec::new();
    }
    let mut found = Vec::new();
    for line in text.lines() {
        for (_, word) in find_placeholders(line, &site.config.placeholders) {
            found.push((word, false));
        }
        for token in ["{{", "}}", "{%", "%}"] {
            // `\{{` still in the text was never meant as a call.
            if unescaped(line, token).is_some() {
                found.push((token.to_string(), true));
            }
        }
    }
    found.dedup();
    found
        .into_iter()
        .filter_map(|(word, raw_call)| {
            let traced = match trace(site, p, &word, raw_call) {
                Trace::At(file, line, col) => Some((file, line, col)),
                Trace::Meant => return None,
                Trace::Unknown => None,
            };
            Some(Suspect {
                traced,
                word,
                raw_call,
            })
        })
        .collect()
}

/// Where a word of a built page came from.
enum Trace {
    At(PathBuf, usize, usize),
    /// Braces the author asked to show with `\{{` or `\{%`.
    Meant,
    Unknown,
}

/// The first occurrence of `token` not escaped with a backslash.
/// A closer (`}}`, `%}`) belongs to the opener before it: escaped with it.
fn unescaped(hay: &str, token: &str) -> Option<usize> {
    let opener = if token.contains('%') { "{%" } else { "{{" };
    hay.match_indices(token).map(|(i, _)| i).find(|&i| {
        let start = if token.starts_with('{') {
            Some(i)
        } else {
            hay[..i].rfind(opener)
        };
        !start.is_some_and(|j| hay[..j].ends_with('\\'))
    })
}

/// Every dataset, those the page calls for first: a dataset's own page and
/// the catalogue show datasets without calling for them.
fn datasets_for<'a>(
    site: &'a Site,
    p: &'a RenderedPage,
) -> impl Iterator<Item = &'a crate::model::dataset::Dataset> {
    let shown = p.datasets.iter().filter_map(|n| site.datasets.get(n));
    let others = (site.datasets.tables.values()).filter(|ds| !p.datasets.contains(&ds.name));
    shown.chain(others)
}

/// A `}}` or `%}` with no opener before it on its line since the last
/// closer: not the end of a call.
fn lone_closer(hay: &str, token: &str) -> Option<usize> {
    let opener = if token.contains('%') { "{%" } else { "{{" };
    let mut offset = 0;
    for line in hay.split_inclusive('\n') {
        let mut open = false;
        let mut i = 0;
        while i < line.len() {
            if line[i..].starts_with(opener) {
                open = true;
                i += 2;
            } else if line[i..].starts_with(token) {
                if !open {
                    return Some(offset + i);
                }
                open = false;
                i += 2;
            } else {
                i += line[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        offset += line.len();
    }
    None
}

/// Whether `hay` shows the braces of `token` escaped: `\{{` for `{{` and
/// `}}`, `\{%` for `{%` and `%}`.
fn escaped(hay: &str, token: &str) -> bool {
    let esc = if token.contains('%') { "\\{%" } else { "\\{{" };
    hay.contains(esc)
}

/// Where `word` was typed: the page's own file, a dataset it shows,
/// `site.yaml`, or the template that made the page.
fn trace(site: &Site, p: &RenderedPage, word: &str, raw_call: bool) -> Trace {
    if !raw_call {
        return match locate(site, p, &mut |hay: &str| hay.find(word)) {
            Some((f, l, c)) => Trace::At(f, l, c),
            None => Trace::Unknown,
        };
    }
    let mut meant = false;
    let mut find = |hay: &str| -> Option<usize> {
        meant |= escaped(hay, word);
        unescaped(hay, word)
    };
    match locate_raw(site, p, word, &mut find) {
        Some((f, l, c)) => Trace::At(f, l, c),
        None if meant => Trace::Meant,
        None => Trace::Unknown,
    }
}

/// Where braces of a call may have been typed and left unworked: Tera tags
/// in the page's body (read only in templates), and the files of site.yaml
/// and of the datasets the page shows, where a field that is not text (a
/// period, a licence name) is printed as typed. Calls in the body and in
/// every text field were worked out, so finding one there says nothing;
/// they are only read for braces escaped with a backslash.
fn locate_raw(
    site: &Site,
    p: &RenderedPage,
    token: &str,
    find: &mut dyn FnMut(&str) -> Option<usize>,
) -> Option<(PathBuf, usize, usize)> {
    let is_tag = token.contains('%');
    let closer = token.starts_with(['}', '%']);
    let own = p.source.as_ref().and_then(|_| site.content.by_url(&p.url));
    if let Some(page) = own {
        let in_body = find(&page.body);
        let _ = find(&page.front_yaml);
        if is_tag && let Some(i) = in_body {
            let (l, c) = line_col(&page.body, i);
            return Some((page.source.clone(), l + page.body_line - 1, c));
        }
    }
    // A closer that closes no call was never one: in a field, or in the
    // body, it is shown as typed (this page's first, then any page's
    // fields, which listings show).
    if closer {
        let pages = own.into_iter().chain(site.content.pages.iter());
        for page in pages {
            if let Some(i) = lone_closer(&page.front_yaml, token) {
                let (l, c) = line_col(&page.front_yaml, i);
                return Some((page.source.clone(), l + 1, c));
            }
            if own.is_some_and(|o| o.source == page.source)
                && let Some(i) = lone_closer(&page.body, token)
            {
                let (l, c) = line_col(&page.body, i);
                return Some((page.source.clone(), l + page.body_line - 1, c));
            }
        }
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for ds in datasets_for(site, p) {
        files.extend(ds.sidecar_path.iter().cloned());
        files.push(ds.csv_path.clone());
    }
    files.push(PathBuf::from(crate::model::config::CONFIG_FILE));
    for file in files {
        if let Ok(src) = std::fs::read_to_string(site.root().join(&file))
            && let Some(i) = find(&src)
        {
            let (l, c) = line_col(&src, i);
            return Some((file, l, c));
        }
    }
    None
}

fn locate(
    site: &Site,
    p: &RenderedPage,
    find: &mut dyn FnMut(&str) -> Option<usize>,
) -> Option<(PathBuf, usize, usize)> {
    if let Some(page) = p.source.as_ref().and_then(|_| site.content.by_url(&p.url)) {
        if let Some(i) = find(&page.front_yaml) {
            let (l, c) = line_col(&page.front_yaml, i);
            return Some((page.source.clone(), l + 1, c));
        }
        if let Some(i) = find(&page.body) {
            let (l, c) = line_col(&page.body, i);
            return Some((page.source.clone(), l + page.body_line - 1, c));
        }
    }
    // A listing shows other pages' fields (a priority's lead on the home page).
    for page in &site.content.pages {
        if let Some(i) = find(&page.front_yaml) {
            let (l, c) = line_col(&page.front_yaml, i);
            return Some((page.source.clone(), l + 1, c));
        }
    }
    for ds in datasets_for(site, p) {
        for (r, row) in ds.raw.iter().enumerate() {
            if let Some(c) = row.iter().position(|cell| find(cell).is_some()) {
                return Some((
                    ds.csv_path.clone(),
                    ds.positions[r].line,
                    ds.positions[r].column(c),
                ));
            }
        }
        let meta = &ds.meta;
        let labels = ds.columns.iter().map(|c| c.label.as_str());
        let texts = [meta.title.as_str(), &meta.description, &meta.source]
            .into_iter()
            .chain(meta.caveats.iter().map(String::as_str))
            .chain(labels);
        if texts.into_iter().any(|t| find(t).is_some()) {
            let file = ds
                .sidecar_path
                .clone()
                .unwrap_or_else(|| ds.csv_path.clone());
            return Some((file, 0, 0));
        }
    }
    let config_file = Path::new(crate::model::config::CONFIG_FILE);
    if let Ok(src) = std::fs::read_to_string(site.root().join(config_file))
        && let Some(i) = find(&src)
    {
        let (l, c) = line_col(&src, i);
        return Some((config_file.to_path_buf(), l, c));
    }
    for name in std::iter::once(&p.template) {
        if let Some((path, src)) = site.theme.templates.get(name)
            && let Some(i) = find(src)
        {
            let (l, c) = line_col(src, i);
            return Some((path.clone(), l, c));
        }
    }
    None
}

/// The suspects of every page that no other finding already reports.
/// `reported` holds the files and lines (0 for a whole file) of the
/// placeholder and call findings made from the sources.
pub fn report(
    pages: &[(&RenderedPage, &[Suspect])],
    reported: &HashSet<(PathBuf, usize)>,
    each: &mut dyn FnMut(&Diagnostic),
) {
    let reported_files: HashSet<&Path> = reported.iter().map(|(f, _)| f.as_path()).collect();
    let mut seen: HashSet<(String, Place)> = HashSet::new();
    for (p, suspects) in pages {
        for s in suspects.iter() {
            let already = match &s.traced {
                Some((file, 0, _)) => reported_files.contains(file.as_path()),
                Some((file, line, _)) => reported.contains(&(file.clone(), *line)),
                None => false,
            };
            // Traced: once for its place; not traced: once for each page.
            let key = match &s.traced {
                Some(place) => (s.word.clone(), place.clone()),
                None => (s.word.clone(), (PathBuf::from(&p.url), 0, 0)),
            };
            if already || !seen.insert(key) {
                continue;
            }
            let (code, what) = if s.raw_call {
                (
                    Code::RawCall,
                    format!("`{}` of a template call that was never worked out", s.word),
                )
            } else {
                (Code::Placeholder, format!("placeholder `{}`", s.word))
            };
            let mut d = Diagnostic::error(code, format!("{what} is in the built page {}", p.url));
            d = match &s.traced {
                Some((file, line, col)) => {
                    let d = d.in_file(file);
                    if *line > 0 { d.at(*line, *col).width(s.word.chars().count()) } else { d }
                }
                None => match &p.source {
                    Some(src) => d.in_file(src).note(format!(
                        "it is not in this page's text: it comes from the template `{}`, a dataset or site.yaml",
                        p.template
                    )),
                    None => d.note(format!("the page is made by the template `{}`", p.template)),
                },
            };
            d = if s.raw_call {
                d.hint("calls are worked out in the body and in front-matter fields, and `{% … %}` tags only in templates; if a template printed this, check how it prints the value; to show braces as text, write \\{{ or \\{%")
            } else {
                d.hint("replace it before publishing")
            };
            each(&d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_skips_code_and_keeps_sentences_whole() {
        let t = visible_text(
            "<p>Dealt with <strong>X</strong> young people</p><pre><code>{{ x }}</code></pre><img alt=\"XX schools\"><p>A &amp; B</p>",
        );
        assert!(t.contains("Dealt with X young people"), "{t}");
        assert!(!t.contains("{{"), "{t}");
        assert!(t.contains("XX schools"), "{t}");
        assert!(t.contains("A & B"), "{t}");
    }

    #[test]
    fn decodes_references() {
        assert_eq!(
            decode("&#123;&#x7B; &lt;&gt; &amp;amp; &bogus; &"),
            "{{ <> &amp; &bogus; &"
        );
        assert_eq!(decode("&#x+7B;&#+123;&#x-1;"), "&#x+7B;&#+123;&#x-1;");
    }
}
