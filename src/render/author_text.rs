//! Author text outside the Markdown body: every front-matter field that can
//! reach a reader (title, description, scope, lead, progress, findings, each
//! action and outcome, and anything under `extra` that a theme may print).
//!
//! Template calls work in all of it, through the same functions as the body
//! (`value()`, `link()`, `ref()`, site and page values), and a failing call is
//! reported at its own line and column inside the YAML. The fields are plain
//! text (the template that prints one escapes it), so calls here run on an
//! engine without Markdown escaping, and a call that makes HTML (a table or a
//! chart) is refused with a pointer to the body.

use std::path::Path;

use tera::{Context, Tera};

use crate::diagnostic::{Code, Diagnostic, Diagnostics, line_col};
use crate::load::yaml::{field_start, find_typed, locate_in_yaml};
use crate::model::dataset::{Dataset, TextPlace};
use crate::model::page::{FieldFigure, FieldPath, Page};
use crate::model::site::Site;
use crate::render::{calls, functions};

/// Whether a string holds a template call or tag to work out.
pub fn has_calls(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

/// Where one piece of text was typed: its file, and how to find a part of
/// it there (line and column in the file).
struct Origin<'a> {
    file: &'a Path,
    locate: &'a dyn Fn(&str) -> (usize, usize),
}

impl Origin<'_> {
    fn locate(&self, needle: &str) -> (usize, usize) {
        (self.locate)(needle)
    }
}

/// File line and column of `needle` typed under the top-level key `top` of
/// a page's front matter (which starts on the file's second line).
pub fn locate_in_front_matter(yaml: &str, top: &str, needle: &str) -> (usize, usize) {
    let (l, c) = locate_in_yaml(yaml, top, needle);
    (l + 1, c)
}

/// Line and column of `needle` within one field of a page's front matter:
/// searched from where the field's own text was typed (found from its text
/// before its calls were worked out), so a call or word that also appears
/// in an earlier item is not taken for this one.
fn locate_in_field(yaml: &str, top: &str, raw: &str, needle: &str) -> (usize, usize) {
    let start = field_start(yaml, top, Some(raw));
    match find_typed(&yaml[start..], needle) {
        Some(i) => {
            let (l, c) = line_col(yaml, start + i);
            (l + 1, c)
        }
        None => locate_in_front_matter(yaml, top, needle),
    }
}

/// The engine for calls in fields: the body's functions and values, with
/// no escaping, since a field is plain text until a template prints it.
fn text_engine(site: &Site) -> (Tera, std::sync::Arc<functions::Scopes>) {
    let mut t = Tera::new();
    t.autoescape_on(Vec::<&str>::new());
    super::call_limits::register(&mut t);
    // Fields are worked out before any page renders; only the figures a
    // page's fields place are recorded, for its corrections.
    let scopes = std::sync::Arc::new(functions::Scopes::default());
    functions::register(
        &mut t,
        site.datasets.clone(),
        std::sync::Arc::new(site.csv_sizes()),
        scopes.clone(),
        site.strings.clone(),
    );
    crate::render::plan::register(&mut t, site.plan.clone(), scopes.clone());
    t.global_context()
        .insert_value("data", super::context::data_context(site));
    (t, scopes)
}

/// Works out the calls in every page's front-matter fields, in place.
/// Returns the problems, each at its place in the page's file; a field whose
/// call fails keeps its text, and the build fails on the error.
pub fn expand_pages(site: &mut Site) -> Diagnostics {
    let todo: Vec<usize> = (0..site.content.pages.len())
        .filter(|&i| has_calls(&site.content.pages[i].front_yaml))
        .collect();
    let mut diags = Diagnostics::new();
    if todo.is_empty() {
        return diags;
    }
    let engine = text_engine(site);
    let mut done = Vec::with_capacity(todo.len());
    for i in todo {
        let p = &site.content.pages[i];
        let (front, d, figures) = expand_page(site, &engine, p);
        diags.extend(d);
        done.push((i, front, figures));
    }
    for (i, front, figures) in done {
        let page = &mut site.content.pages[i];
        page.typed_front = Some(Box::new(std::mem::replace(&mut page.front, front)));
        page.field_figures = figures;
    }
    diags
}

/// One page read again in `serve`: its fields worked out before it joins
/// the site.
pub fn expand_page_in_place(site: &Site, page: &mut Page) -> Diagnostics {
    if !has_calls(&page.front_yaml) {
        return Diagnostics::new();
    }
    let engine = text_engine(site);
    let (front, d, figures) = expand_page(site, &engine, page);
    page.typed_front = Some(Box::new(std::mem::replace(&mut page.front, front)));
    page.field_figures = figures;
    d
}

/// The page's front matter with its calls worked out, the problems, and
/// the figures its fields placed.
fn expand_page(
    site: &Site,
    (engine, scopes): &(Tera, std::sync::Arc<functions::Scopes>),
    p: &Page,
) -> (
    crate::model::page::FrontMatter,
    Diagnostics,
    Vec<FieldFigure>,
) {
    let mut ctx = Context::new();
    scopes.begin(&p.url);
    ctx.insert(functions::SCOPE_KEY, &p.url);
    ctx.insert("site", &super::context::site_context(site, &p.url));
    ctx.insert("page", &super::context::page_value(site, p));
    ctx.insert(
        crate::render::languages::LANG_KEY,
        &site.config.lang_of_url(&p.url),
    );
    let mut front = p.front.clone();
    let mut diags = Diagnostics::new();
    front.visit_text_mut(&mut |path: FieldPath, text: &mut String| {
        if !has_calls(text) {
            return;
        }
        let raw = text.clone();
        let locate = |needle: &str| locate_in_field(&p.front_yaml, &path.top, &raw, needle);
        let origin = Origin {
            file: &p.source,
            locate: &locate,
        };
        match expand_text(
            engine,
            &ctx,
            text,
            &origin,
            &format!("the front matter's `{}`", path.path),
        ) {
            Ok(s) => *text = s,
            Err(d) => {
                // Reported at the call; the field is left empty so the
                // call's text is never shown, even in a preview.
                text.clear();
                diags.extend(d);
            }
        }
    });
    let figures = (scopes.finish(&p.url).figures.into_iter())
        .map(|f| FieldFigure {
            dataset: f.dataset,
            row: f.row,
            column: f.column,
            shown: f.shown,
        })
        .collect();
    (front, diags, figures)
}

/// The text of site.yaml and of every dataset with its calls worked out,
/// in that order (a dataset's title may use `{{ site.title }}`; its calls
/// see the data as typed). Errors are located in site.yaml, the sidecar or
/// the CSV cell; the text of a failing call is left empty.
pub fn expand_site_text(site: &mut Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let config_has_calls = {
        let mut any = false;
        site.config
            .clone()
            .visit_text_mut(&mut |_, s| any |= has_calls(s));
        any
    };
    let names = datasets_with_calls(site);
    if !config_has_calls && names.is_empty() {
        return diags;
    }
    let mut ctx = Context::new();
    ctx.insert("site", &super::context::site_context(site, "/"));
    let (engine, _) = text_engine(site);
    if config_has_calls {
        site.config = expand_config(site, &engine, &ctx, &mut diags);
    }
    let expanded: Vec<Dataset> = (names.iter())
        .filter_map(|name| site.datasets.get(name))
        .map(|ds| expand_dataset(site, ds, &engine, &ctx, &mut diags))
        .collect();
    // The engine holds the datasets too: dropped first, they are not copied.
    drop(engine);
    let data = std::sync::Arc::make_mut(&mut site.datasets);
    for ds in expanded {
        data.tables.insert(ds.name.clone(), ds);
    }
    diags
}

fn datasets_with_calls(site: &Site) -> Vec<String> {
    (site.datasets.tables.iter())
        .filter(|(_, ds)| ds.any_text(has_calls))
        .map(|(n, _)| n.clone())
        .collect()
}

/// site.yaml's text with its calls worked out, each error placed in the file.
fn expand_config(
    site: &Site,
    engine: &Tera,
    ctx: &Context,
    diags: &mut Diagnostics,
) -> crate::model::config::Config {
    let file = Path::new(crate::model::config::CONFIG_FILE);
    let src = std::fs::read_to_string(site.root().join(file)).unwrap_or_default();
    let mut config = site.config.clone();
    config.visit_text_mut(&mut |top, text| {
        if !has_calls(text) {
            return;
        }
        let locate = |needle: &str| locate_in_yaml(&src, top, needle);
        let origin = Origin {
            file,
            locate: &locate,
        };
        expand_into(
            engine,
            ctx,
            text,
            &origin,
            &format!("site.yaml's `{top}`"),
            diags,
        );
    });
    config
}

/// A copy of one dataset with the calls in its sidecar and cells worked
/// out, each error placed in the sidecar or at the CSV cell.
fn expand_dataset(
    site: &Site,
    ds: &Dataset,
    engine: &Tera,
    ctx: &Context,
    diags: &mut Diagnostics,
) -> Dataset {
    let mut ds = ds.clone();
    let sidecar_src = (ds.sidecar_path.as_ref())
        .and_then(|p| std::fs::read_to_string(site.root().join(p)).ok())
        .unwrap_or_default();
    let (csv_path, sidecar_path) = (ds.csv_path.clone(), ds.sidecar_path.clone());
    let positions = ds.positions.clone();
    let columns: Vec<String> = ds.columns.iter().map(|c| c.name.clone()).collect();
    ds.visit_text_mut(&mut |place, text| {
        if !has_calls(text) {
            return;
        }
        match place {
            TextPlace::Sidecar(top) => {
                let file = sidecar_path.clone().unwrap_or_else(|| csv_path.clone());
                let locate = |needle: &str| locate_in_yaml(&sidecar_src, top, needle);
                let origin = Origin {
                    file: &file,
                    locate: &locate,
                };
                let what = format!("the sidecar's `{top}`");
                expand_into(engine, ctx, text, &origin, &what, diags);
            }
            TextPlace::Translation(lang, key) => {
                // A language's words are worked out in that language, so a
                // date reads as its pages read it.
                let file = sidecar_path.clone().unwrap_or_else(|| csv_path.clone());
                let locate = |needle: &str| locate_in_yaml(&sidecar_src, lang, needle);
                let origin = Origin {
                    file: &file,
                    locate: &locate,
                };
                let mut ctx = ctx.clone();
                ctx.insert(crate::render::languages::LANG_KEY, lang);
                let what = format!("the sidecar's `{lang}: {key}`");
                expand_into(engine, &ctx, text, &origin, &what, diags);
            }
            TextPlace::Cell(r, c) => {
                let at = (positions[r].line, positions[r].column(c));
                let locate = |_: &str| at;
                let origin = Origin {
                    file: &csv_path,
                    locate: &locate,
                };
                let what = format!(
                    "the CSV's column `{}`",
                    columns.get(c).map_or("?", String::as_str)
                );
                expand_into(engine, ctx, text, &origin, &what, diags);
            }
        }
    });
    ds
}

/// One piece of text worked out in place; on an error the text is left
/// empty, so the call's text is never shown.
fn expand_into(
    engine: &Tera,
    ctx: &Context,
    text: &mut String,
    origin: &Origin<'_>,
    place: &str,
    diags: &mut Diagnostics,
) {
    match expand_text(engine, ctx, text, origin, place) {
        Ok(s) => *text = s,
        Err(d) => {
            text.clear();
            diags.extend(d);
        }
    }
}

/// The calls of one field worked out, or every problem with them.
fn expand_text(
    engine: &Tera,
    ctx: &Context,
    text: &str,
    origin: &Origin<'_>,
    place: &str,
) -> Result<String, Diagnostics> {
    if let Some(d) = tag_error(text, origin, place) {
        return Err(d.into());
    }
    let found = match calls::scan(text) {
        Ok(f) => f,
        Err(u) => {
            let (line, col) = origin.locate(&text[u.start..]);
            return Err(Diagnostic::error(
                Code::CallUnterminated,
                format!("in {place}: this `{{{{` is never closed"),
            )
            .in_file(origin.file)
            .at(line, col)
            .width(2)
            .label("template call opened here")
            .hint("close it with `}}`, or write `\\{{` to show the braces as text")
            .into());
        }
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut diags = Diagnostics::new();
    for call in found {
        out.push_str(&text[last..call.range.start]);
        match expand_call(engine, ctx, text, &call, origin, place) {
            Ok(s) => out.push_str(&s),
            Err(d) => diags.push(d),
        }
        last = call.range.end;
    }
    out.push_str(&text[last..]);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(unescape_braces(&out))
}

/// The first `{% … %}` tag not escaped with a backslash, refused: a field
/// is one piece of text, with no room for loops or conditions.
fn tag_error(text: &str, origin: &Origin<'_>, place: &str) -> Option<Diagnostic> {
    let i = text
        .match_indices("{%")
        .map(|(i, _)| i)
        .find(|&i| !text[..i].ends_with('\\'))?;
    let tag_end = text[i..].find("%}").map_or(text.len(), |j| i + j + 2);
    let (line, col) = origin.locate(&text[i..tag_end]);
    Some(Diagnostic::error(
        Code::FrontMatterCall,
        format!("in {place}: only {{{{ … }}}} calls are allowed, not {{% … %}} tags"),
    )
    .in_file(origin.file)
    .at(line, col)
    .width(2)
    .hint("use a value such as {{ site.period.current }} or {{ value(...) }}; loops and conditions belong in a template"))
}

/// One call's output, or the problem with it placed at the call.
fn expand_call(
    engine: &Tera,
    ctx: &Context,
    text: &str,
    call: &calls::Call,
    origin: &Origin<'_>,
    place: &str,
) -> Result<String, Diagnostic> {
    let src = &text[call.range.clone()];
    let (line, col) = origin.locate(src);
    let name = text[call.expr.clone()].trim_start();
    if name.starts_with("table(") || name.starts_with("chart(") {
        let f = &name[..5];
        return Err(Diagnostic::error(
            Code::Call,
            format!("in {place}: {f}() makes a {f}, which cannot go in a field of plain text"),
        )
        .in_file(origin.file)
        .at(line, col)
        .width(src.chars().count().min(80))
        .hint(
            "place the table or chart in the page's body; a field can hold a figure from value()",
        ));
    }
    engine
        .render_str(&calls::normalise_pasted(src), ctx, false)
        .and_then(|s| super::call_limits::check_output(&s).map(|()| s))
        .map_err(|e| {
            let mut d = super::expand::call_error(&e, origin.file, line, col, src);
            // Inside YAML quotes the call may be typed with escapes,
            // so the error's offset within it would be off: the whole
            // call is marked instead.
            d.line = line;
            d.column = col;
            d.width = src.chars().count().min(80);
            d.message = d
                .message
                .replacen("in a template call", &format!("in {place}"), 1);
            d
        })
}

/// `\{{` and `\{%` show braces as text, in a field as in the body.
fn unescape_braces(s: &str) -> String {
    s.replace("\\{{", "{{").replace("\\{%", "{%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_text_under_its_key() {
        let y = "title: A\nprogress:\n  - Dealt with XX people\n  - Had XX referrals\n";
        assert_eq!(locate_in_front_matter(y, "progress", "Had XX"), (5, 5));
        assert_eq!(locate_in_front_matter(y, "progress", "not there"), (3, 1));
        assert_eq!(locate_in_front_matter(y, "title", "A"), (2, 8));
    }
}
