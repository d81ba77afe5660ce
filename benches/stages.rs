//! Micro-benchmarks of the build's hot stages, through the library API:
//! Markdown rendering, template calls, dataset loading and derivation, page
//! template rendering and writing. `cargo bench` runs them (about a minute);
//! `cargo bench -- calls` runs the ones whose names match. The whole-build
//! comparison with Hugo is `bench/run` (docs/performance.md).
//!
//! The fixture sites are generated into a temporary folder: corpus-like pages
//! (the shape of bench/gen_corpus.py's) and district tables, plus one
//! 20,000-row table with derived columns for the dataset stage.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use plainsight::internals as render;
use plainsight::internals::{FileData, output};
use plainsight::{Options, internals::Site};

const WORDS: &[&str] = &[
    "partnership",
    "community",
    "safety",
    "borough",
    "residents",
    "police",
    "council",
    "ward",
    "reduction",
    "incidents",
    "offences",
    "reported",
    "strategic",
    "assessment",
    "priority",
    "outcome",
    "intervention",
    "multi-agency",
    "patrols",
    "victims",
    "support",
    "services",
];
const DISTRICTS: &[&str] = &[
    "Medway",
    "Swale",
    "Thanet",
    "Gravesham",
    "Canterbury",
    "Maidstone",
    "Ashford",
    "Dover",
    "Dartford",
    "Sevenoaks",
    "Tunbridge Wells",
    "Folkestone and Hythe",
    "Tonbridge and Malling",
];

/// A deterministic stream of numbers (no dependency needed for this).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
    fn sentence(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            let w = WORDS[self.next(WORDS.len() as u64) as usize];
            if i == 0 {
                s.push_str(&w[..1].to_uppercase());
                s.push_str(&w[1..]);
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }
}

/// One report page's body, as bench/gen_corpus.py writes it.
fn page_body(r: &mut Lcg, i: usize, section: &str, dataset: &str) -> String {
    let mut out = format!(
        "{}\n\n## What the strategic assessment told us\n\n",
        r.sentence(30)
    );
    for _ in 0..5 {
        let (a, b) = (100 + r.next(12000), 100 + r.next(12000));
        let _ = writeln!(
            out,
            "- In the period there were **{a}** recorded incidents, compared to **{b}** the previous year. {}",
            r.sentence(10)
        );
    }
    out.push_str("\n## Action plan\n\n| Key area | Key actions | Outcomes |\n|---|---|---|\n");
    for area in ["Prepare", "Protect", "Prevent", "Pursue"] {
        let _ = writeln!(out, "| {area} | {} | {} |", r.sentence(12), r.sentence(8));
    }
    let _ = write!(
        out,
        "\n## District comparison\n\n{{{{ table(data=\"{dataset}\") }}}}\n\n\
         Ashford had {{{{ value(data=\"{dataset}\", row=\"Ashford\", col=\"current\") }}}} incidents.\n\n\
         ## Our progress\n\n"
    );
    for _ in 0..3 {
        let _ = writeln!(
            out,
            "{} See [the plan](/{section}/) for details.\n",
            r.sentence(40)
        );
    }
    let _ = i;
    out
}

fn district_csv(r: &mut Lcg) -> String {
    let mut s = String::from("district,current,previous\n");
    for d in DISTRICTS {
        let _ = writeln!(s, "{d},{},{}", 500 + r.next(15500), 500 + r.next(15500));
    }
    s
}

const BIG_SIDECAR: &str = "title: Incidents by ward\nkey: ward\ncolumns:\n  ward: { label: Ward, type: text }\n  current: { label: This year, type: integer }\n  previous: { label: Last year, type: integer }\nderived:\n  difference: { kind: difference, a: current, b: previous, label: Change, type: integer }\n  change_pct: { kind: percent_change, a: current, b: previous, decimals: 1, label: \"% change\" }\n  rank: { kind: rank, of: current, order: descending, label: Rank }\ntotals: { label: Total, columns: [current, previous, difference] }\n";

struct Fixture {
    dir: PathBuf,
}

impl Fixture {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("plainsight-bench-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("bench fixture folder");
        Fixture { dir }
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("fixture folder");
        std::fs::write(p, text).expect("fixture file");
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A site of `sections` sections of `per` report pages over `datasets` tables.
fn corpus_site(name: &str, sections: usize, per: usize, datasets: usize) -> Fixture {
    let f = Fixture::new(name);
    let mut r = Lcg(7);
    f.write(
        "site.yaml",
        "title: \"Bench\"\nbase_url: \"https://example.org/\"\n",
    );
    f.write(
        "content/_index.md",
        "---\ntitle: \"Bench\"\n---\n\nSynthetic benchmark site.\n",
    );
    for k in 0..datasets {
        f.write(
            &format!("data/district_comparison_{k:03}.csv"),
            &district_csv(&mut r),
        );
    }
    for s in 0..sections {
        let section = format!("partnership-{s:02}");
        f.write(
            &format!("content/{section}/_index.md"),
            &format!("---\ntitle: \"{section}\"\n---\n\n{}\n", r.sentence(20)),
        );
        for p in 0..per {
            let i = s * per + p;
            let ds = format!("district_comparison_{:03}", i % datasets);
            let body = page_body(&mut r, i, &section, &ds);
            f.write(
                &format!("content/{section}/report-{i:05}.md"),
                &format!(
                    "---\ntitle: \"Report {i}\"\ndate: 2025-01-{:02}\n---\n\n{body}",
                    1 + i % 28
                ),
            );
        }
    }
    f
}

fn big_dataset_site(rows: usize) -> Fixture {
    let f = Fixture::new("big");
    let mut r = Lcg(11);
    let mut csv = String::from("ward,current,previous\n");
    for i in 0..rows {
        let _ = writeln!(csv, "Ward {i:06},{},{}", r.next(20000), 1 + r.next(20000));
    }
    f.write("data/wards.csv", &csv);
    f.write("data/wards.yaml", BIG_SIDECAR);
    f
}

fn markdown(c: &mut Criterion) {
    let mut r = Lcg(3);
    let body = page_body(&mut r, 1, "partnership-00", "district_comparison_000");
    c.bench_function("markdown/report_page", |b| {
        b.iter(|| plainsight::internals::render_markdown(std::hint::black_box(&body)))
    });
}

fn load(root: &Path) -> Site {
    let mut o = Options::new(root);
    o.search = false;
    plainsight::internals::load_site(o)
        .map(|(s, _)| s)
        .unwrap_or_else(|d| panic!("the bench fixture failed to load: {d:?}"))
}

fn calls_and_templates(c: &mut Criterion) {
    let f = corpus_site("pages", 20, 10, 20);
    let site = load(&f.dir);
    let engines = render::engines(&site).unwrap_or_else(|d| panic!("engines: {d:?}"));
    let mut ctx = tera::Context::new();
    ctx.insert_value(
        "site",
        engines.site_value(&site, "/partnership-03/report-00031/"),
    );
    ctx.insert(
        "page",
        &serde_json::json!({"title": "Report", "url": "/partnership-03/report-00031/"}),
    );
    let value = r#"{{ value(data="district_comparison_003", row="Ashford", col="current") }}"#;
    c.bench_function("calls/value", |b| {
        b.iter(|| {
            engines
                .calls
                .render_str(value, &ctx, true)
                .expect("value() renders")
        })
    });
    let table = r#"{{ table(data="district_comparison_003") }}"#;
    c.bench_function("calls/table", |b| {
        b.iter(|| {
            engines
                .calls
                .render_str(table, &ctx, true)
                .expect("table() renders")
        })
    });
    c.bench_function("template/404_page", |b| {
        b.iter(|| {
            render::render_generated(
                &site,
                &engines,
                "404.html",
                "/404.html",
                PathBuf::from("404.html"),
                "Page not found",
                "404",
                &[],
            )
            .expect("the 404 page renders")
        })
    });
    let pages: Vec<&plainsight::internals::Page> = site
        .content
        .pages
        .iter()
        .filter(|p| p.kind == plainsight::internals::PageKind::Page)
        .take(50)
        .collect();
    c.bench_function("render/50_report_pages", |b| {
        b.iter(|| {
            let (out, diags) = render::render_pages(&site, &engines, &pages);
            assert!(!diags.has_errors());
            out
        })
    });
}

fn datasets(c: &mut Criterion) {
    let small = corpus_site("data", 1, 1, 100);
    c.bench_function("dataset/load_100_tables_of_13_rows", |b| {
        b.iter(|| plainsight::internals::load_datasets(&small.dir).0)
    });
    let big = big_dataset_site(20_000);
    c.bench_function("dataset/load_and_derive_20000_rows", |b| {
        b.iter(|| plainsight::internals::load_datasets(&big.dir).0)
    });
}

fn writing(c: &mut Criterion) {
    let f = Fixture::new("write");
    let out = f.dir.join("public");
    let page = vec![b'x'; 18 * 1024];
    let mut files = BTreeMap::new();
    for s in 0..10 {
        for p in 0..100 {
            files.insert(
                PathBuf::from(format!("partnership-{s:02}/report-{p:05}/index.html")),
                FileData::Bytes(page.clone()),
            );
        }
    }
    // A fresh folder each time. The last one is moved aside, not deleted:
    // on ext4 without a journal, creating files soon after deleting
    // thousands makes the kernel skip past every recently freed inode, and
    // that would time the clean-up (docs/performance.md). The fixture's
    // folder, trash and all, goes when the benchmark ends.
    let trash = f.dir.join("trash");
    let _ = std::fs::create_dir_all(&trash);
    let mut n = 0;
    c.bench_function("write/1000_pages_fresh", |b| {
        b.iter_batched(
            || {
                n += 1;
                let _ = std::fs::rename(&out, trash.join(n.to_string()));
            },
            |()| output::write_site(&out, &files).expect("writes"),
            BatchSize::PerIteration,
        )
    });
    output::write_site(&out, &files).expect("writes");
    c.bench_function("write/1000_pages_reused_unchanged", |b| {
        b.iter(|| output::write_site(&out, &files).expect("writes"))
    });
}

/// Two cores, often shared: few samples and short windows keep the whole
/// run to about a minute; the figures are for comparing before and after.
fn short() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = stages;
    config = short();
    targets = markdown, calls_and_templates, datasets, writing
}
criterion_main!(stages);
