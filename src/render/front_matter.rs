//! Front-matter titles and descriptions with site values expanded.

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostics;
use crate::model::config::Config;
use crate::model::page::Page;

/// Titles and descriptions may use `{{ site.period.current }}` and other site
/// values, so a heading like "Priorities for 2025/26" never goes stale.
pub fn expand_front_matter<'a>(
    config: &Config,
    pages: impl Iterator<Item = &'a mut Page>,
) -> Result<(), Diagnostics> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    let mut ctx = tera::Context::new();
    ctx.insert("site", config);
    let mut diags = Diagnostics::new();
    for p in pages {
        let title_line = crate::load::yaml::key_line(&p.front_yaml, "title") + 1;
        let desc_line = crate::load::yaml::key_line(&p.front_yaml, "description") + 1;
        for (text, line) in [
            (Some(&mut p.front.title), title_line),
            (p.front.description.as_mut(), desc_line),
        ] {
            let Some(text) = text else { continue };
            if text.contains("{%") {
                // Values only: a loop here would run for every page and
                // every rebuild, and nothing in a title needs one.
                diags.push(
                    crate::diagnostic::Diagnostic::error(
                        Code::FrontMatterCall,
                        "in the front matter: only {{ … }} values are allowed, not {% … %} tags",
                    )
                    .in_file(&p.source)
                    .at(line, 1)
                    .hint("use a value such as {{ site.period.current }}; anything more belongs in the body or a template"),
                );
                continue;
            }
            if !text.contains("{{") {
                continue;
            }
            match tera.render_str(text, &ctx, false) {
                Ok(s) => *text = s,
                Err(e) => diags.push(
                    crate::diagnostic::Diagnostic::error(
                        Code::FrontMatterCall,
                        format!("in the front matter: {}", first_line_of(&e)),
                    )
                    .in_file(&p.source)
                    .at(line, 1)
                    .hint("front matter may use site values such as {{ site.period.current }}; data calls belong in the body"),
                ),
            }
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

fn first_line_of(e: &tera::Error) -> String {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.message().to_string()
        }
        _ => e.to_string().lines().next().unwrap_or("").to_string(),
    }
}
