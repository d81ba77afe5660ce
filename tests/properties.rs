//! Laws the figures obey, tried on many generated inputs (proptest): a
//! percent change agrees with the difference it comes from, a rank is a
//! competition ranking (a permutation of 1..=n when values differ), a total
//! is the sum of its column, a formatted figure reads back as the figure it
//! shows, and a `value()` in prose prints what the table shows. And no
//! placeholder or raw template call typed in any author field (the body,
//! front matter, a sidecar, a CSV cell, site.yaml) reaches a built page
//! unreported.

mod common;

use common::*;
use plainsight::internals::{Cell, Style, format_number, parse_number, round};
use plainsight::internals::{ColType, Order};
use plainsight::internals::{difference, percent_change, rank, sum};
use proptest::prelude::*;

fn figure() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1_000_000i64..1_000_000).prop_map(|n| n as f64),
        -1.0e9f64..1.0e9,
        Just(0.0),
    ]
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![4 => figure().prop_map(Cell::Number), 1 => Just(Cell::Missing)]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn percent_change_agrees_with_difference(a in cell(), b in cell()) {
        let d = difference(&a, &b);
        let p = percent_change(&a, &b);
        match (a.number(), b.number()) {
            (Some(x), Some(y)) => {
                prop_assert_eq!(d.number(), Some(x - y));
                if y == 0.0 {
                    prop_assert!(p.is_missing(), "no percent change from zero");
                } else {
                    let pct = p.number().expect("a percent change");
                    prop_assert!(close(pct, (x - y) / y.abs() * 100.0));
                    // The same sign: a rise is never shown as a fall.
                    prop_assert_eq!(pct > 0.0, x > y);
                }
            }
            _ => {
                prop_assert!(d.is_missing());
                prop_assert!(p.is_missing());
            }
        }
    }

    #[test]
    fn rank_is_a_competition_ranking(values in prop::collection::vec(prop::option::weighted(0.9, -50i32..50), 0..40), descending: bool) {
        let xs: Vec<Option<f64>> = values.iter().map(|v| v.map(f64::from)).collect();
        let order = if descending { Order::Descending } else { Order::Ascending };
        let ranks = rank(&xs, order);
        prop_assert_eq!(ranks.len(), xs.len());
        for (x, r) in xs.iter().zip(&ranks) {
            match x {
                None => prop_assert!(r.is_none(), "missing values are not ranked"),
                Some(v) => {
                    let better = xs.iter().flatten().filter(|o| if descending { *o > v } else { *o < v }).count();
                    prop_assert_eq!(*r, Some((better + 1) as f64));
                }
            }
        }
        // With no ties the ranks are exactly 1..=n.
        let mut present: Vec<i32> = values.iter().flatten().copied().collect();
        present.sort_unstable();
        present.dedup();
        if present.len() == values.iter().flatten().count() {
            let mut got: Vec<u64> = ranks.iter().flatten().map(|r| *r as u64).collect();
            got.sort_unstable();
            prop_assert_eq!(got, (1..=present.len() as u64).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_total_is_the_sum_of_its_column(cells in prop::collection::vec(cell(), 0..30)) {
        let total = sum(cells.iter());
        let numbers: Vec<f64> = cells.iter().filter_map(Cell::number).collect();
        if numbers.is_empty() {
            prop_assert!(total.is_missing());
        } else {
            prop_assert_eq!(total.number(), Some(numbers.iter().sum::<f64>()));
        }
    }

    #[test]
    fn a_formatted_figure_reads_back_as_the_figure_shown(
        x in figure(),
        decimals in 0u32..4,
        signed: bool,
        ty in prop_oneof![Just(ColType::Integer), Just(ColType::Decimal), Just(ColType::Percent), Just(ColType::Currency)],
    ) {
        let style = Style { ty, decimals, signed };
        let text = format_number(x, style);
        let (back, _) = parse_number(&text, ty)
            .unwrap_or_else(|| panic!("{text:?} (from {x}) does not read back"));
        let shown = match ty {
            ColType::Integer => round(x, 0),
            ColType::Currency => round(x, 2),
            _ => round(x, decimals),
        };
        prop_assert!(close(back, shown), "{} read back as {} but shows {}", text, back, shown);
    }

    /// However a financial year is typed, it reads as one form, and those
    /// forms sort as the years do.
    #[test]
    fn financial_years_sort_in_time_order(
        years in prop::collection::vec(1900u32..2198, 1..20),
        style in 0usize..4,
    ) {
        let typed = |y: u32| match style {
            0 => format!("{y}/{:02}", (y + 1) % 100),
            1 => format!("{y}-{:02}", (y + 1) % 100),
            2 => format!("{y}/{}", y + 1),
            _ => format!("FY {y}–{:02}", (y + 1) % 100),
        };
        let mut read: Vec<(String, u32)> = years
            .iter()
            .map(|&y| (plainsight::internals::financial_year(&typed(y)).expect("a financial year"), y))
            .collect();
        read.sort();
        prop_assert!(read.windows(2).all(|w| w[0].1 <= w[1].1), "{:?}", read);
        prop_assert!(read.iter().all(|(t, y)| t.starts_with(&y.to_string())));
    }

    /// A qualified figure is true of the figure it stands for: "just over
    /// 4,900" is shown only for figures above 4,900 and below 5,000.
    #[test]
    fn a_qualified_figure_is_true_of_its_figure(v in 1.0f64..1e9, sig in 1u32..4, q in 0usize..5) {
        use plainsight::internals::{Qualifier, unit_for_significant};
        let q = Qualifier::parse(["over", "just over", "almost", "under", "about"][q]).unwrap();
        let unit = unit_for_significant(v, sig);
        let shown = q.round_to(v, unit);
        // A figure exactly on the unit is not "over" it: value() refuses it.
        prop_assume!((v / unit).fract().abs() > 1e-6 || q.words == "about");
        prop_assert!(q.holds(shown, unit, v), "{} {} for {}", q.words, shown, v);
    }
}

/// Through a whole build: the figure `value()` prints in prose is the one
/// in the table's row, for generated figures and derived columns alike.
#[test]
fn value_in_prose_prints_what_the_table_shows() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(12));
    // A previous figure of 0 has no change to print (its own test).
    let rows = prop::collection::vec((0i64..100_000, 1i64..100_000), 2..6);
    runner
        .run(&rows, |rows| {
            let tmp = TempDir::new("prop-value");
            let root = tmp.join("site");
            let mut csv = String::from("area,current,previous\n");
            for (i, (c, p)) in rows.iter().enumerate() {
                csv.push_str(&format!("A{i},{c},{p}\n"));
            }
            let calls: String = (0..rows.len())
                .map(|i| format!("[{{{{ value(data=\"x\", row=\"A{i}\", col=\"change\") }}}}]\n\n"))
                .collect();
            write_files(
                &root,
                &[
                    ("site.yaml", "title: P\nbase_url: https://example.org/\n"),
                    ("data/x.csv", &csv),
                    (
                        "data/x.yaml",
                        "title: X\nkey: area\ncolumns:\n  current: { type: integer }\n  previous: { type: integer }\nderived:\n  change: { kind: percent_change, a: current, b: previous, decimals: 1 }\n",
                    ),
                    (
                        "content/_index.md",
                        &format!("---\ntitle: Home\ndescription: Home.\n---\n\n{calls}{{{{ table(data=\"x\") }}}}\n"),
                    ),
                ],
            );
            let out = tmp.join("public");
            build_ok(&root, &out);
            let html = without_figure_markup(&read(out.join("index.html")));
            for i in 0..rows.len() {
                let row_start = html.find(&format!(">A{i}</th>")).expect("the row");
                let row = &html[row_start..row_start + html[row_start..].find("</tr>").unwrap()];
                let last_cell = row.rsplit("<td").next().unwrap();
                let shown = &last_cell[last_cell.find('>').unwrap() + 1..last_cell.find("</td>").unwrap()];
                let prose = format!("[{shown}]");
                prop_assert!(html.contains(&prose), "row A{}: the table shows {} but the prose does not", i, shown);
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------
// No placeholder or raw template call reaches a published page, whatever
// author field it was typed in.

/// What is never to be published: placeholders and the pieces of a template
/// call that was never worked out.
const UNPUBLISHABLE: &[&str] = &[
    "XX",
    "XXX",
    "TBC",
    "TBD",
    "??",
    "[insert figure]",
    "lorem ipsum",
    "X people",
    "{{",
    "}}",
    "{%",
    "%}",
    "{{ nope }}",
];

/// Ordinary words the token is put among: lower case, so that a lone `X`
/// never follows a capitalised word (which makes it part of a name, as in
/// "Generation X", and so not a placeholder by design).
const ORDINARY: &[&str] = &[
    "our",
    "partners",
    "met",
    "residents",
    "in",
    "each",
    "ward",
    "this",
    "year",
    "and",
    "reports",
    "fell",
];

/// The author fields the property writes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    // content/about.md
    Body,
    Title,
    Description,
    ExtraNote,
    // content/violence.md, a priority
    Scope,
    Lead,
    Progress,
    Finding,
    ActionArea,
    ActionLead,
    ActionSummary,
    ActionItem,
    Outcome,
    // data/asb.yaml
    SidecarTitle,
    SidecarDescription,
    SidecarSource,
    SidecarPublisher,
    SidecarPeriod,
    SidecarLicence,
    SidecarCaveat,
    ColumnLabel,
    ColumnUnit,
    DerivedLabel,
    TotalsLabel,
    // data/asb.csv
    CsvCell,
    KeyCell,
    // site.yaml
    SiteTitle,
    SiteDescription,
    OrganisationName,
    ContactName,
    ContactAddress,
    ContactPhone,
    AccessibilityIssue,
    MenuTitle,
}

const FIELDS: &[Field] = &[
    Field::Body,
    Field::Title,
    Field::Description,
    Field::ExtraNote,
    Field::Scope,
    Field::Lead,
    Field::Progress,
    Field::Finding,
    Field::ActionArea,
    Field::ActionLead,
    Field::ActionSummary,
    Field::ActionItem,
    Field::Outcome,
    Field::SidecarTitle,
    Field::SidecarDescription,
    Field::SidecarSource,
    Field::SidecarPublisher,
    Field::SidecarPeriod,
    Field::SidecarLicence,
    Field::SidecarCaveat,
    Field::ColumnLabel,
    Field::ColumnUnit,
    Field::DerivedLabel,
    Field::TotalsLabel,
    Field::CsvCell,
    Field::KeyCell,
    Field::SiteTitle,
    Field::SiteDescription,
    Field::OrganisationName,
    Field::ContactName,
    Field::ContactAddress,
    Field::ContactPhone,
    Field::AccessibilityIssue,
    Field::MenuTitle,
];

impl Field {
    /// The file the field is typed in, relative to the site.
    fn file(self) -> &'static str {
        use Field::*;
        match self {
            Body | Title | Description | ExtraNote => "content/about.md",
            Scope | Lead | Progress | Finding | ActionArea | ActionLead | ActionSummary
            | ActionItem | Outcome => "content/violence.md",
            SidecarTitle | SidecarDescription | SidecarSource | SidecarPublisher
            | SidecarPeriod | SidecarLicence | SidecarCaveat | ColumnLabel | ColumnUnit
            | DerivedLabel | TotalsLabel => "data/asb.yaml",
            CsvCell | KeyCell => "data/asb.csv",
            SiteTitle | SiteDescription | OrganisationName | ContactName | ContactAddress
            | ContactPhone | AccessibilityIssue | MenuTitle => "site.yaml",
        }
    }

    /// What the field holds when no token is put in it.
    fn ordinary(self) -> &'static str {
        use Field::*;
        match self {
            Body => "We meet every month.",
            Title => "About us",
            Description => "Who we are.",
            ExtraNote => "Opened by the council.",
            Scope => "Knife crime.",
            Lead => "Police",
            Progress => "We visited schools.",
            Finding => "Reports fell.",
            ActionArea => "Prevent",
            ActionLead => "Youth service",
            ActionSummary => "Stop harm early.",
            ActionItem => "Visit schools",
            Outcome => "Fewer knives carried",
            SidecarTitle => "Anti-social behaviour by area",
            SidecarDescription => "Incidents recorded in each area.",
            SidecarSource => "Test Police",
            SidecarPublisher => "Safety Partnership",
            SidecarPeriod => "April to March",
            SidecarLicence => "Local data licence",
            SidecarCaveat => "Figures are provisional.",
            ColumnLabel => "Note",
            ColumnUnit => "incidents",
            DerivedLabel => "Change in number",
            TotalsLabel => "All areas",
            CsvCell => "Rising",
            KeyCell => "Dover",
            SiteTitle => "Bad Input Partnership",
            SiteDescription => "How partners work together.",
            OrganisationName => "Borough Council",
            ContactName => "Community Safety Team",
            ContactAddress => "Civic Centre, Tannery Lane",
            ContactPhone => "01233 330225",
            AccessibilityIssue => "Some charts lack a summary.",
            MenuTitle => "About the partnership",
        }
    }
}

/// A YAML double-quoted scalar holding `s`.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A CSV field holding `s`, always quoted.
fn csv_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The bad-input base site in `root`, with a priority page, a text column
/// `note`, a caveat, a totals row, a menu, an organisation, a contact and an
/// accessibility issue added; `put`, when given, replaces the ordinary text
/// of one field.
fn write_text_site(root: &std::path::Path, put: Option<(Field, &str)>) {
    copy_dir(&site("bad-input-base"), root);
    let text = |f: Field| -> String {
        match put {
            Some((g, t)) if g == f => t.to_string(),
            _ => f.ordinary().to_string(),
        }
    };
    let y = |f: Field| yaml_quoted(&text(f));
    use Field::*;
    let site_yaml = format!(
        "title: {}\nbase_url: https://example.org/\ndescription: {}\n\
         organisation:\n  name: {}\n  url: https://example.org/council/\n\
         contact:\n  name: {}\n  address: {}\n  phone: {}\n  email: safety@example.org\n\
         period: {{ current: \"2025/26\", previous: \"2024/25\" }}\n\
         accessibility:\n  status: partially\n  issues:\n    - {}\n\
         menu:\n  - {{ title: {}, url: /about/ }}\n  - {{ title: Data, url: /data/ }}\n",
        y(SiteTitle),
        y(SiteDescription),
        y(OrganisationName),
        y(ContactName),
        y(ContactAddress),
        y(ContactPhone),
        y(AccessibilityIssue),
        y(MenuTitle),
    );
    let about = format!(
        "---\ntitle: {}\ndescription: {}\nextra:\n  note: {}\n---\n\n\
         ## Who we are\n\nWe are a partnership. See [the data](/data/asb/).\n\n{}\n",
        y(Title),
        y(Description),
        y(ExtraNote),
        text(Body),
    );
    let violence = format!(
        "---\ntitle: Reducing violence\ndescription: Our work on violence.\nplan: priority\n\
         scope: {}\nlead: {}\nprogress:\n  - {}\nfindings:\n  - {}\n\
         actions:\n  - area: {}\n    lead: {}\n    summary: {}\n    actions: [{}]\n    outcomes: [{}]\n\
         ---\n\nOur approach.\n",
        y(Scope),
        y(Lead),
        y(Progress),
        y(Finding),
        y(ActionArea),
        y(ActionLead),
        y(ActionSummary),
        y(ActionItem),
        y(Outcome),
    );
    let sidecar = format!(
        "title: {}\ndescription: {}\nsource: {}\npublisher: {}\n\
         period: {{ current: {}, previous: \"2024/25\" }}\nlicence: {}\n\
         caveats:\n  - {}\nkey: area\ncolumns:\n  area: {{ label: Area, type: text }}\n  \
         current: {{ label: This year, type: integer, unit: {} }}\n  \
         previous: {{ label: Last year, type: integer }}\n  \
         note: {{ label: {}, type: text }}\n\
         derived:\n  change: {{ kind: difference, a: current, b: previous, label: {} }}\n  \
         change_pct: {{ kind: percent_change, a: current, b: previous }}\n\
         totals: {{ label: {}, columns: [current, previous] }}\n",
        y(SidecarTitle),
        y(SidecarDescription),
        y(SidecarSource),
        y(SidecarPublisher),
        y(SidecarPeriod),
        y(SidecarLicence),
        y(SidecarCaveat),
        y(ColumnUnit),
        y(ColumnLabel),
        y(DerivedLabel),
        y(TotalsLabel),
    );
    let csv = format!(
        "area,current,previous,note\nAshford,1020,1000,{}\nCanterbury,1500,1600,Steady\n{},900,900,Steady\n",
        csv_quoted(&text(CsvCell)),
        csv_quoted(&text(KeyCell)),
    );
    write_files(
        root,
        &[
            ("site.yaml", &site_yaml),
            ("content/about.md", &about),
            ("content/violence.md", &violence),
            ("data/asb.yaml", &sidecar),
            ("data/asb.csv", &csv),
        ],
    );
}

/// The text a reader is shown of a built page: text between tags (entities
/// decoded, blocks on lines of their own, runs of white space made one
/// space), `alt` and `aria-label` attributes and the page's description for
/// search engines and share cards; never scripts and styles, and, with
/// `skip_code`, not code either.
fn shown_text(html: &str, skip_code: bool) -> String {
    fn decode(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            let end = rest.find(';').filter(|&e| e <= 12);
            let c = end.and_then(|e| match &rest[1..e] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                n => n.strip_prefix('#').and_then(|n| {
                    let v = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => n.parse().ok(),
                    };
                    v.and_then(char::from_u32)
                }),
            });
            match (c, end) {
                (Some(c), Some(e)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let v = &tag[at..];
        Some(&v[..v.find('"')?])
    }
    let skipped: &[&str] = if skip_code {
        &["script", "style", "template", "code", "pre", "textarea"]
    } else {
        &["script", "style", "template"]
    };
    let mut out = String::new();
    let mut rest = html;
    let mut skipping: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&decode(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map_or("", |e| &r[e + 3..]);
            continue;
        }
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if q == c => quote = None,
                (None, '>') => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        let tag = &rest[..end];
        rest = &rest[end..];
        let closing = tag.starts_with("</");
        let name = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(s) = &skipping {
            if closing && *s == name {
                skipping = None;
            }
            continue;
        }
        if !closing && skipped.contains(&name.as_str()) && !tag.ends_with("/>") {
            skipping = Some(name);
            continue;
        }
        out.push('\n');
        let shown_meta = name == "meta"
            && (tag.contains("name=\"description\"") || tag.contains("property=\"og:"));
        let names: &[&str] = if shown_meta {
            &["content"]
        } else {
            &["alt", "aria-label"]
        };
        for n in names {
            if let Some(v) = attr(tag, n) {
                out.push_str(&decode(v));
                out.push('\n');
            }
        }
    }
    if skipping.is_none() {
        out.push_str(&decode(rest));
    }
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a line of shown text holds `token`.
fn shows(line: &str, token: &str) -> bool {
    if token == "lorem ipsum" {
        line.to_lowercase().contains(token)
    } else {
        line.contains(token)
    }
}

/// `{{`, `}}`, `{%`, `%}` and calls: code may show them on purpose.
fn is_raw_call(token: &str) -> bool {
    token.contains(['{', '}'])
}

/// The lines of every built .html file that show `token`: (file, line).
fn published(out: &std::path::Path, token: &str) -> Vec<(String, String)> {
    tree(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .flat_map(|(path, bytes)| {
            let text = shown_text(&String::from_utf8_lossy(&bytes), is_raw_call(token));
            text.lines()
                .filter(|l| shows(l, token))
                .map(|l| (path.clone(), l.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What became of a token typed in a field.
#[derive(Debug)]
#[allow(dead_code)] // the payloads are read through Debug, in failure messages
enum Fate {
    /// `check` reports an error in the field's file: the finding.
    Flagged(String),
    /// `check` and the build fail, but no error names the field's file.
    FailedElsewhere(Vec<String>),
    /// The build succeeded and no page shows the token.
    NotShown,
    /// The build succeeded and pages show it: (file, line of text).
    Published(Vec<(String, String)>),
}

/// Writes `text` into `field` of a fresh site and follows it through
/// `check` and, if `check` names no error in the field's file, `build`.
fn fate(field: Field, text: &str, token: &str) -> Fate {
    let tmp = TempDir::new("prop-unpublishable");
    let root = tmp.join("site");
    write_text_site(&root, Some((field, text)));
    let diags = match plainsight::check(plainsight::Options::new(&root)) {
        Ok(r) => r.findings,
        Err(d) => d,
    };
    if let Some(d) = diags
        .iter()
        .find(|d| d.is_error() && d.file.as_deref() == Some(field.file()))
    {
        return Fate::Flagged(describe(d));
    }
    let out = tmp.join("public");
    match plainsight::build(plainsight::Options::new(&root), &out) {
        Err(d) => Fate::FailedElsewhere(d.iter().map(describe).collect()),
        Ok(_) => {
            let shown = published(&out, token);
            if shown.is_empty() {
                Fate::NotShown
            } else {
                Fate::Published(shown)
            }
        }
    }
}

/// The site the property starts from builds without errors, shows none of
/// the tokens (so a token found later was put there by the field), and
/// shows every field but `extra.note` (which only a custom theme prints), so
/// each field is a real route to a page.
#[test]
fn the_text_site_builds_clean_and_shows_every_field() {
    let tmp = TempDir::new("prop-unpublishable-base");
    let root = tmp.join("site");
    write_text_site(&root, None);
    let out = tmp.join("public");
    let report = build_ok(&root, &out);
    assert!(
        !report.findings.iter().any(|d| d.is_error()),
        "{}",
        report
            .findings
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join("\n")
    );
    for token in UNPUBLISHABLE {
        let shown = published(&out, token);
        assert!(shown.is_empty(), "the base site shows `{token}`: {shown:?}");
    }
    let all = tree(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| shown_text(&String::from_utf8_lossy(&b), false))
        .collect::<Vec<_>>()
        .join("\n");
    for field in FIELDS.iter().filter(|f| **f != Field::ExtraNote) {
        assert!(
            all.contains(field.ordinary()),
            "no page shows {field:?}: `{}`",
            field.ordinary()
        );
    }
}

/// A field, a token, and a sentence of ordinary words with the token at
/// some place in it.
fn token_in_a_field() -> impl Strategy<Value = (Field, &'static str, String)> {
    (
        prop::sample::select(FIELDS),
        prop::sample::select(UNPUBLISHABLE),
        prop::collection::vec(prop::sample::select(ORDINARY), 1..6),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(field, token, words, at)| {
            let mut words: Vec<String> = words.into_iter().map(String::from).collect();
            words.insert(at.index(words.len() + 1), token.to_string());
            // The first word opens the sentence, as an author writes it.
            if let Some(first) = words.first_mut() {
                let mut c = first.chars();
                if let Some(h) = c.next() {
                    *first = h.to_uppercase().chain(c).collect();
                }
            }
            (field, token, words.join(" "))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever author field a placeholder or a raw template call is typed
    /// in, `check` reports an error in that file, or the build fails, or no
    /// built page shows it.
    #[test]
    fn no_placeholder_or_raw_call_is_published((field, token, text) in token_in_a_field()) {
        let fate = fate(field, &text, token);
        prop_assert!(
            !matches!(fate, Fate::Published(_)),
            "`{}` typed in {:?} ({}) as {:?} was published: {:?}",
            token, field, field.file(), text, fate
        );
    }
}

/// Every field and every token, at the start, in the middle and at the end
/// of a sentence: prints what became of each, and fails if any was
/// published. About 40 seconds in debug: run with
/// `cargo test --test properties survey -- --ignored --nocapture`.
#[test]
#[ignore = "a survey of every route, slow: the property above samples it"]
fn survey_every_field_and_token() {
    let mut published = Vec::new();
    for &field in FIELDS {
        for &token in UNPUBLISHABLE {
            for text in [
                format!("{token} our partners met"),
                format!("Our partners {token} met residents"),
                format!("Our partners met {token}"),
            ] {
                let f = fate(field, &text, token);
                println!("{field:?}\t{token}\t{text:?}\t{f:?}");
                if matches!(f, Fate::Published(_)) {
                    published.push(format!("{field:?} {text:?}: {f:?}"));
                }
            }
        }
    }
    assert!(published.is_empty(), "{}", published.join("\n"));
}

/// Asserts that each (field, text, token) is reported by `check` as an
/// error in the field's own file.
fn assert_located(cases: &[(Field, &str, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(field, text, token)| match fate(field, text, token) {
            Fate::Flagged(_) => None,
            other => Some(format!("{field:?} ({}) {text:?}: {other:?}", field.file())),
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "not located in the file typed in:\n{}",
        wrong.join("\n")
    );
}

/// A closing `}}` or `%}` in a priority's scope or lead is shown on the
/// home page (its card) and on the priority's page; the one report made is
/// the home page's, untraced, so it names content/_index.md.
#[test]
fn a_closer_in_a_priority_field_is_located_in_the_priority() {
    assert_located(&[
        (Field::Scope, "Knife crime }} and more", "}}"),
        (Field::Lead, "Police %} and council", "%}"),
    ]);
}

/// A closing `}}` or `%}` in a sidecar's caveats or description is shown
/// only on the dataset's own page, which lists no dataset to trace it to.
#[test]
fn a_closer_in_a_sidecar_caveat_or_description_is_located_in_the_sidecar() {
    assert_located(&[
        (Field::SidecarCaveat, "Figures }} are provisional", "}}"),
        (Field::SidecarDescription, "Incidents %} in each area", "%}"),
    ]);
}

/// Sidecar text that is not read at the source (publisher, period, licence,
/// a column's unit) or not checked there for placeholders (the totals
/// label) is caught only in the built dataset page, with no file.
#[test]
fn a_placeholder_in_any_sidecar_text_is_located_in_the_sidecar() {
    assert_located(&[
        (Field::SidecarPublisher, "Safety Partnership TBC", "TBC"),
        (Field::SidecarPeriod, "April to XX", "XX"),
        (Field::SidecarLicence, "Licence TBD", "TBD"),
        (Field::ColumnUnit, "?? incidents", "??"),
        (Field::TotalsLabel, "All areas XXX", "XXX"),
    ]);
}
