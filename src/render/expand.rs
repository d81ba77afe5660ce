//! Template calls in Markdown: each `{{ … }}` is run before the Markdown is
//! read, and a map from the expanded text back to the source keeps every
//! later message at the line and column the author wrote.

use super::*;
use crate::diagnostic::Code;

/// (offset in expanded text, offset in body, delta) at each substitution end.
pub(super) type OffsetMap = Vec<(usize, usize, isize)>;

/// Expands the template calls of a page's body. Returns the Markdown to render
/// and a map from offsets in it back to offsets in the body.
pub(super) fn expand_calls(
    site: &Site,
    engines: &Engines,
    ctx: &Context,
    p: &Page,
    words: &crate::model::i18n::Messages,
) -> Result<(String, OffsetMap), Diagnostics> {
    let body = &p.body;
    let at = |offset: usize| {
        let (l, c) = line_col(body, offset);
        (l + p.body_line - 1, c)
    };
    let found = match calls::scan(body) {
        Ok(f) => f,
        Err(u) => {
            let (line, col) = at(u.start);
            return Err(
                Diagnostic::error(Code::CallUnterminated, "this `{{` is never closed")
                    .in_file(&p.source)
                    .at(line, col)
                    .width(2)
                    .label("template call opened here")
                    .hint("close it with `}}`, or write `\\{{` to show the braces as text")
                    .into(),
            );
        }
    };
    let mut out = String::with_capacity(body.len() + found.len() * 256);
    // (offset in output, offset in body, delta) at each substitution end.
    let mut map = Vec::with_capacity(found.len());
    let mut last = 0;
    let mut diags = Diagnostics::new();
    for call in found {
        out.push_str(&body[last..call.range.start]);
        let src = &body[call.range.clone()];
        let placed_before = engines.scopes.figure_count(&p.url);
        match engines
            .calls
            .render_str(&calls::normalise_pasted(src), ctx, true)
            .and_then(|s| super::call_limits::check_output(&s).map(|()| s))
        {
            Ok(s) => match engines.scopes.last_figure(&p.url) {
                // A figure on its own is linked to its source; one inside
                // an expression is part of something else, and a call that
                // printed its `if_missing` words placed no figure.
                Some(mut fig)
                    if engines.scopes.figure_count(&p.url) > placed_before
                        && figures::is_bare_value(&body[call.expr.clone()]) =>
                {
                    // A correction this page records outranks its dataset's:
                    // the notice is on this page.
                    if let Some(href) = super::page_corrections::link_for(site, p, &fig) {
                        fig.correction = Some(href);
                    }
                    out.push_str(&figures::markup(&fig, &s, words))
                }
                _ => out.push_str(&s),
            },
            Err(e) => {
                let (line, col) = at(call.range.start);
                let d = call_error(&e, &p.source, line, col, src);
                // A missing dataset named by every call on a page is one
                // mistake: reported once, with the other places it is named.
                let first = (diags.0.iter_mut()).find(|f| {
                    d.code == Code::UnknownDataset && f.code == d.code && f.message == d.message
                });
                match first {
                    Some(f) => f.notes.push(format!("also named on line {}", d.line)),
                    None => diags.push(d),
                }
            }
        }
        last = call.range.end;
        map.push((out.len(), last, out.len() as isize - last as isize));
    }
    out.push_str(&body[last..]);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((out, map))
}

pub(super) fn call_error(
    e: &tera::Error,
    file: &std::path::Path,
    line: usize,
    col: usize,
    src: &str,
) -> Diagnostic {
    let (msg, span) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            (r.message().to_string(), Some(r.span().clone()))
        }
        _ => (e.to_string(), None),
    };
    let functions::CallFailure { message, hint } = functions::CallFailure::from_text(&msg);
    let (l, c, w) = match span {
        Some(s) if s.start_line >= 1 => {
            let l = line + s.start_line - 1;
            let c = if s.start_line == 1 {
                col + s.start_col
            } else {
                s.start_col + 1
            };
            let w = if s.start_line == s.end_line {
                s.end_col.saturating_sub(s.start_col)
            } else {
                2
            };
            (l, c, w)
        }
        _ => (
            line,
            col,
            src.lines().next().map(|s| s.chars().count()).unwrap_or(2),
        ),
    };
    let code = if message.contains(super::call_limits::LIMIT_MARK) {
        Code::CallLimit
    } else if message.contains("no dataset") {
        Code::UnknownDataset
    } else if message.contains("has no row") {
        Code::UnknownRow
    } else if message.contains("has no column") {
        Code::UnknownColumn
    } else if message.contains("there is no page") {
        Code::UnknownPage
    } else if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
        Code::CallSyntax
    } else {
        Code::Call
    };
    let hint = hint.or_else(|| {
        if message.contains("Unknown function") || message.contains("not found") || message.contains("unknown function") {
            Some("the functions are value(), table(), chart(), link() and ref(); variables are site, page and data".to_string())
        } else if message.contains("is not defined") {
            Some("the variables are site, page and data; to show `{{` as text, write \\{{".to_string())
        } else if code == Code::CallSyntax {
            Some("a call looks like {{ value(data=\"asb\", row=\"Ashford\", col=\"current\") }}; write \\{{ to show braces as text".to_string())
        } else {
            None
        }
    });
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let mut d = Diagnostic::error(code, format!("in a template call: {message}"))
        .in_file(file)
        .at(l, c)
        .width(w.max(1));
    if let Some(h) = hint {
        d = d.hint(h);
    }
    d
}

pub(super) fn map_offset(map: &[(usize, usize, isize)], expanded: usize) -> usize {
    // Offsets inside a substituted call map to the call's end; elsewhere the
    // delta of the last substitution before the offset applies.
    let i = map.partition_point(|&(out_end, _, _)| out_end <= expanded);
    if i == 0 {
        expanded
    } else {
        let (_, _, delta) = map[i - 1];
        (expanded as isize - delta).max(0) as usize
    }
}
