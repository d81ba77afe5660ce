//! `plainsight new DIR`: a working site to start from, with what a team
//! needs to publish it: a GitHub Pages workflow, a `.gitignore` and a
//! README that says how to edit, preview and read the checks.

use std::path::Path;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;

/// What the author chose on the command line; the rest is an example to
/// edit.
#[derive(Debug, Clone, Default)]
pub struct NewSite {
    pub title: Option<String>,
    /// Where the site will be published. Left out, the site says
    /// `https://OWNER.github.io/REPO/`, which `check --strict` refuses
    /// until it is set (the workflow passes the real address itself).
    pub base_url: Option<String>,
    pub organisation: Option<String>,
}

/// The base URL a new site has until its author sets one.
pub const PLACEHOLDER_BASE_URL: &str = "https://OWNER.github.io/REPO/";

/// A YAML string in double quotes.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn site_yaml(c: &NewSite) -> String {
    let title = c
        .title
        .as_deref()
        .unwrap_or("Our Community Safety Partnership");
    let org = c.organisation.as_deref().unwrap_or("Our Borough Council");
    let base = c.base_url.as_deref().unwrap_or(PLACEHOLDER_BASE_URL);
    format!(
        "title: {}\nbase_url: {}\ndescription: Our plan to keep the district safe, with the figures behind it.\norganisation:\n  name: {}\nperiod:\n  current: \"2025/26\"\n  previous: \"2024/25\"\ncontact:\n  email: community.safety@example.org\naccessibility:\n  status: not-assessed\n",
        quoted(title),
        quoted(base),
        quoted(org)
    )
}

const HOME: &str = "---\ntitle: Community Safety Plan {{ site.period.current }}\ndescription: What the partnership will do this year, and why.\n---\n\nThis is our plan for {{ site.period.current }}. Reports of anti-social behaviour in\nAshford came to {{ value(data=\"asb-by-district\", row=\"Ashford\", col=\"current\") }}, a change of\n{{ value(data=\"asb-by-district\", row=\"Ashford\", col=\"change_pct\") }} on the year before.\n\n{{ table(data=\"asb-by-district\", highlight=\"Ashford\") }}\n";

const FILES: &[(&str, &str)] = &[
    ("content/_index.md", HOME),
    (
        "content/priorities/_index.md",
        "---\ntitle: Our priorities\ndescription: The areas the partnership will focus on.\nweight: 1\n---\n\nEach priority has its own page with an action plan.\n",
    ),
    (
        "content/priorities/anti-social-behaviour.md",
        "---\ntitle: Reducing anti-social behaviour\ndescription: How we will reduce anti-social behaviour.\nweight: 1\n---\n\n## Our approach\n\nWe work with residents, the police and the council to deal with problems early.\n",
    ),
    (
        "data/asb-by-district.csv",
        "district,current,previous\nAshford,1020,965\nCanterbury,1430,1403\nDover,1006,969\n",
    ),
    (
        "data/asb-by-district.yaml",
        "title: Anti-social behaviour reports by district\nsource: Police recorded incidents\nperiod:\n  current: April to September 2023\n  previous: April to September 2022\ncolumns:\n  district: { label: District, type: text }\n  current: { label: \"2023\", type: integer }\n  previous: { label: \"2022\", type: integer }\nderived:\n  difference: { kind: difference, a: current, b: previous, label: Change }\n  change_pct: { kind: percent_change, a: current, b: previous, label: \"% change\" }\n",
    ),
    (
        ".gitignore",
        "# What `plainsight build` writes; the workflow builds it afresh.\n/public/\n",
    ),
    ("README.md", README),
];

/// The publishing workflow of a new site: check, build with the address
/// GitHub Pages gives, deploy on merge.
pub const WORKFLOW: &str = include_str!("new/publish.yml");

const README: &str = include_str!("new/README.md");

pub fn create(dir: &Path, choices: &NewSite) -> Result<(), Diagnostic> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Diagnostic::error(
            Code::New,
            format!("{} already exists and is not empty", dir.display()),
        )
        .hint("choose a new folder name"));
    }
    if let Some(u) = &choices.base_url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        return Err(Diagnostic::error(
            Code::New,
            format!("--base-url must be an http(s) address, not `{u}`"),
        )
        .hint("e.g. --base-url https://OWNER.github.io/REPO/ for GitHub Pages"));
    }
    let site = site_yaml(choices);
    let workflow = WORKFLOW.replace("{version}", env!("CARGO_PKG_VERSION"));
    let files = [
        ("site.yaml", site.as_str()),
        (".github/workflows/publish.yml", workflow.as_str()),
    ]
    .into_iter()
    .chain(FILES.iter().copied());
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| {
                Diagnostic::error(Code::New, format!("cannot create {}: {e}", p.display()))
            })?;
        }
        std::fs::write(&path, text).map_err(|e| {
            Diagnostic::error(Code::New, format!("cannot write {}: {e}", path.display()))
        })?;
    }
    Ok(())
}
