//! Running lol_html, a streaming HTML rewriter, over a page held in memory.
//!
//! lol_html reads HTML as a browser's tokenizer does (quoted and unquoted
//! attributes, comments, `<script>` and `<style>` as raw text) and copies
//! every byte it is not asked to change, so a pass that only reads, or that
//! changes one text node, leaves the rest of the page as it was.

use lol_html::errors::RewritingError;
use lol_html::{HtmlRewriter, Settings};

/// `settings` made lenient: raw HTML that leaves the parser unsure (rare,
/// and then only around `<select>`/`<noscript>` nesting) is read as well as
/// it can be rather than failing, and ESI tags are not HTML.
fn lenient<'h, 's>(settings: Settings<'h, 's>) -> Settings<'h, 's> {
    settings.with_strict(false).with_enable_esi_tags(false)
}

/// `html` rewritten by `settings`, handed to lol_html `piece` bytes at a
/// time. Callers pass `html.len()`; tests pass a few bytes, so that text
/// arrives in the fragments a network stream would bring.
pub fn rewrite(
    html: &str,
    settings: Settings<'_, '_>,
    piece: usize,
) -> Result<String, RewritingError> {
    let mut out = Vec::with_capacity(html.len() + 256);
    let mut rewriter = HtmlRewriter::new(lenient(settings), |c: &[u8]| out.extend_from_slice(c));
    for part in html.as_bytes().chunks(piece.max(1)) {
        rewriter.write(part)?;
    }
    rewriter.end()?;
    // Only whole UTF-8 text goes in, and lol_html copies bytes or writes
    // what the handlers gave it, so the output is UTF-8 too.
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Runs `settings`' handlers over `html` for what they gather, discarding
/// the output.
pub fn read(html: &str, settings: Settings<'_, '_>, piece: usize) -> Result<(), RewritingError> {
    let mut rewriter = HtmlRewriter::new(lenient(settings), |_: &[u8]| {});
    for part in html.as_bytes().chunks(piece.max(1)) {
        rewriter.write(part)?;
    }
    rewriter.end()
}
