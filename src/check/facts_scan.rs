//! A quick reading of what the checks need from a built page (its ids,
//! whether its `<html>` names a language, how many `<h1>`s it has), for
//! HTML as the themes and the Markdown renderer write it. lol_html reads
//! every page correctly but took a fifth of a 10,000-page build's CPU time
//! for these three facts; this reads tags as a browser's tokenizer does
//! (quoted and unquoted attributes, comments, `<script>`, `<style>`,
//! `<title>` and `<textarea>` as text) and gives up, returning `None`, on
//! anything rarer, and the page is then read with lol_html. Giving up is
//! always safe, so the rules below can be strict: raw-text elements other
//! than those four, `<select>`, `<noscript>` and `<template>` (whose reading
//! depends on nesting), CDATA and processing instructions, anything in
//! SVG or MathML that could be read as raw text, an id or lang attribute
//! not in lower case or given twice, an unclosed tag or comment, a NUL.
//! The tests hold the two readings to the same facts.

use super::PageFacts;

/// The facts of `html`, or `None` where only lol_html can say.
pub(super) fn read(html: &str) -> Option<PageFacts> {
    let b = html.as_bytes();
    if b.contains(&0) {
        return None;
    }
    let mut facts = PageFacts::default();
    // Once an <svg> or <math> has opened, a <style> or <script> may be
    // foreign content rather than raw text: then this gives up.
    let mut foreign = false;
    let mut i = 0;
    while let Some(off) = find_byte(&b[i..], b'<') {
        let lt = i + off;
        let next = b.get(lt + 1).copied();
        i = match next {
            Some(b'!') => after_markup(b, lt)?,
            Some(b'/') if b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => tag(b, lt + 2)?.end,
            Some(b'/' | b'?') => return None,
            Some(c) if c.is_ascii_alphabetic() => {
                let t = tag(b, lt + 1)?;
                start_tag(html, &t, &mut facts, &mut foreign)?
            }
            // A `<` that opens nothing is text.
            _ => lt + 1,
        };
    }
    Some(facts)
}

/// Where reading goes on after a start tag, with its facts noted.
fn start_tag(html: &str, t: &Tag, facts: &mut PageFacts, foreign: &mut bool) -> Option<usize> {
    if t.ids > 1 || t.langs > 1 {
        return None;
    }
    if let Some((from, to)) = t.id {
        facts.ids.insert(html[from..to].to_string());
    }
    match t.name {
        b"html" => {
            let lang = t
                .lang
                .is_some_and(|(from, to)| !html[from..to].trim().is_empty());
            facts.has_lang.get_or_insert(lang);
        }
        b"h1" => facts.h1s += 1,
        b"svg" | b"math" => *foreign = true,
        b"script" | b"style" | b"title" | b"textarea" => {
            if *foreign || t.self_closing {
                return None;
            }
            return raw_text_end(html.as_bytes(), t.end, t.name);
        }
        b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript" | b"plaintext" | b"select"
        | b"template" => return None,
        _ => {}
    }
    Some(t.end)
}

/// After `<!`: a comment or a doctype; anything else gives up.
fn after_markup(b: &[u8], lt: usize) -> Option<usize> {
    let rest = &b[lt + 2..];
    if let Some(body) = rest.strip_prefix(b"--") {
        // `<!-->`, `<!--->` and `--!>` end comments early in a browser.
        if body.starts_with(b">") || body.starts_with(b"->") {
            return None;
        }
        let end = find(body, b"-->")?;
        if find(&body[..end], b"--!").is_some() {
            return None;
        }
        return Some(lt + 4 + end + 3);
    }
    if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
        // A doctype ends at its first `>`, quoted or not.
        return Some(lt + 2 + find_byte(rest, b'>')? + 1);
    }
    None
}

/// Where the raw text of a `<name>` element opened at `from` ends: at its
/// end tag, which is read next.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    loop {
        let at = i + find(&b[i..], b"</")?;
        let n = at + 2 + name.len();
        let closes = b
            .get(at + 2..n)
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
            && b.get(n)
                .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>');
        if closes {
            return Some(at);
        }
        i = at + 2;
    }
}

fn find_byte(hay: &[u8], c: u8) -> Option<usize> {
    hay.iter().position(|&x| x == c)
}

/// Where `needle` (two or three bytes) first is in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        let at = i + find_byte(&hay[i..], needle[0])?;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        i = at + 1;
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// A start or end tag: its name, where it ends, and its id and lang
/// attributes (byte ranges of their values) and how many of each.
struct Tag<'a> {
    name: &'a [u8],
    end: usize,
    self_closing: bool,
    id: Option<(usize, usize)>,
    ids: usize,
    lang: Option<(usize, usize)>,
    langs: usize,
}

/// The tag whose name starts at `at`; `None` for anything unusual.
fn tag(b: &[u8], at: usize) -> Option<Tag<'_>> {
    let mut j = at;
    while j < b.len() && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
        if !(b[j].is_ascii_lowercase() || b[j].is_ascii_digit() || b[j] == b'-') {
            return None;
        }
        j += 1;
    }
    let mut t = Tag {
        name: &b[at..j],
        end: 0,
        self_closing: false,
        id: None,
        ids: 0,
        lang: None,
        langs: 0,
    };
    loop {
        while j < b.len() && (is_space(b[j]) || b[j] == b'/') {
            t.self_closing = b[j] == b'/' && b.get(j + 1) == Some(&b'>');
            j += 1;
        }
        match b.get(j)? {
            b'>' => {
                t.end = j + 1;
                return Some(t);
            }
            b'=' | b'"' | b'\'' | b'<' => return None,
            _ => {}
        }
        t.self_closing = false;
        let from = j;
        while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
            if matches!(b[j], b'"' | b'\'' | b'<') {
                return None;
            }
            j += 1;
        }
        let name = &b[from..j];
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let mut value = (j, j);
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match *b.get(j)? {
                q @ (b'"' | b'\'') => {
                    let len = find_byte(&b[j + 1..], q)?;
                    value = (j + 1, j + 1 + len);
                    j += len + 2;
                }
                b'>' => return None,
                _ => {
                    let from = j;
                    while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    value = (from, j);
                }
            }
        }
        if name.eq_ignore_ascii_case(b"id") {
            if name != b"id" {
                return None;
            }
            t.ids += 1;
            t.id = Some(value);
        } else if name.eq_ignore_ascii_case(b"lang") {
            if name != b"lang" {
                return None;
            }
            t.langs += 1;
            t.lang = Some(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lol(html: &str) -> (Vec<String>, Option<bool>, usize) {
        facts(&PageFacts::read(html, html.len()))
    }

    fn facts(f: &PageFacts) -> (Vec<String>, Option<bool>, usize) {
        let mut ids: Vec<String> = f.ids.iter().cloned().collect();
        ids.sort();
        (ids, f.has_lang, f.h1s)
    }

    #[test]
    fn reads_a_page_as_lol_html_does() {
        let page = "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><title>a <h1 id=x> title</title><style>p > a{}</style></head><body><!-- <h1 id=c> --><a href=\"#main\" id=\"skip\">Skip</a><main id=main><h1 class=\"t\">T</h1><h2 id='our-approach' >Our approach</h2><p>id=&quot;not-an-id&quot; 3 < 4</p><script>if (a</b) {}</script><svg viewBox=\"0 0 1 1\"><g id=\"bar-1\"></g></svg></main></body></html>";
        let fast = read(page).expect("read quickly");
        assert_eq!(facts(&fast), lol(page));
        assert_eq!(
            facts(&fast).0,
            ["bar-1", "main", "our-approach", "skip"].map(String::from)
        );
    }

    #[test]
    fn gives_up_on_what_it_does_not_read() {
        for html in [
            "<p>a\0b</p>",
            "<svg><style>.a{}</style></svg>",
            "<!--> <h1> -->",
            "<p id=a id=b>",
            "<p ID=a>",
            "<html LANG=en>",
            "<noscript><h1></h1></noscript>",
            "<p id=\"a>",
            "<![CDATA[ x ]]>",
            "<?xml version=\"1.0\"?>",
            "<script>never closed",
        ] {
            assert!(read(html).is_none(), "{html}");
        }
    }

    fn html() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "<h1>",
            "</h1>",
            "<h1 id=t>",
            "<H1>",
            "<p id=\"a\">",
            "<p id='b c'>",
            "<p id=d/>",
            "<a id>",
            "<a id=\"\">",
            "<a\nid=\"e\"\n>",
            "<div class=\"x\" id=\"f\">",
            "</div>",
            "<p title=\"id=g\">",
            "<img alt='<h1 id=h>' id=i>",
            "<td data-id=\"j\">",
            "<!-- <h1 id=k> -->",
            "<!---->",
            "<!-- a -- b -->",
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<html lang=\"\">",
            "<html>",
            "<html class=x lang=cy>",
            "<html lang = ' '>",
            "<title>",
            "</title>",
            "<style>",
            "</style>",
            "<script>",
            "</script>",
            "</script >",
            "</SCRIPT>",
            "<textarea>",
            "</textarea>",
            "<svg>",
            "</svg>",
            "<g id=\"l\"/>",
            "<br/>",
            "<p/ id=m>",
            "</p id=n>",
            "< p id=o>",
            "3 < 4",
            "a & b",
            "&lt;h1&gt;",
            "text",
            "\n",
            "<p id=\"a&amp;b\">",
            "<p id=p  >",
            "<p\tid=q>",
            "</>",
            "<p ID=r>",
            "<p id=s id=t>",
            "<select>",
            "<x-y id=u>",
            "<p id=\"v\"lang=\"w\">",
            "<p =x>",
            "<p id=>",
        ]);
        prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        #[test]
        fn same_facts_as_lol_html(html in html()) {
            if let Some(fast) = read(&html) {
                proptest::prop_assert_eq!(facts(&fast), lol(&html), "{}", html);
            }
        }
    }
}
