//! `plainsight new DIR`: a small working site to start from.

use std::path::Path;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;

const FILES: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: Our Community Safety Partnership\nbase_url: https://example.org/\ndescription: Our plan to keep the district safe, with the figures behind it.\norganisation:\n  name: Our Borough Council\nperiod:\n  current: \"2025/26\"\n  previous: \"2024/25\"\ncontact:\n  email: community.safety@example.org\naccessibility:\n  status: not-assessed\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Community Safety Plan {{ site.period.current }}\ndescription: What the partnership will do this year, and why.\n---\n\nThis is our plan for {{ site.period.current }}. Reports of anti-social behaviour in\nAshford came to {{ value(data=\"asb-by-district\", row=\"Ashford\", col=\"current\") }}, a change of\n{{ value(data=\"asb-by-district\", row=\"Ashford\", col=\"change_pct\") }} on the year before.\n\n{{ table(data=\"asb-by-district\", highlight=\"Ashford\") }}\n",
    ),
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
];

pub fn create(dir: &Path) -> Result<(), Diagnostic> {
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
    for (rel, text) in FILES {
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
