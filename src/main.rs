//! The command line. The library does the work.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use plainsight::{Diagnostics, Format, Options, diagnostic};

#[derive(Parser)]
#[command(
    name = "plainsight",
    version,
    about = "Static sites for public transparency reports, with every figure computed from data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build leaves it untouched)
    Build(BuildArgs),
    /// Run every publishing check without writing anything
    Check(CheckArgs),
    /// Watch mode for drafting: rebuild on every save, reload open tabs, show errors in the page
    Serve(ServeArgs),
    /// Create a small working site in DIR
    New { dir: PathBuf },
}

#[derive(Args)]
struct BuildArgs {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder [default: ROOT/public]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Override site.yaml's base_url (for preview deployments)
    #[arg(long)]
    base_url: Option<String>,
    /// Leave out the search index (pagefind/); the search page then says search is unavailable
    #[arg(long)]
    no_search: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Args)]
struct CheckArgs {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors
    #[arg(long)]
    strict: bool,
    #[arg(long)]
    drafts: bool,
    /// Also check links to other sites (slow: needs the network; never part of the default run)
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external site with --external (1 to 3600)
    #[arg(long, default_value_t = 10, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=plainsight::MAX_EXTERNAL_TIMEOUT.as_secs()))]
    external_timeout: u64,
}

#[derive(Args)]
struct ServeArgs {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on (the default keeps drafts on this machine)
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Hide pages marked `draft: true` (shown by default when serving)
    #[arg(long)]
    no_drafts: bool,
}

const BUILD_WARNINGS_SHOWN: usize = 10;

fn print(diags: &Diagnostics, format: Format, root: &Path) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = diagnostic::render(diags, format, root, color && format == Format::Human);
    match format {
        Format::Human => eprint!("{text}"),
        _ => print!("{text}"),
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::New { dir } => new(&dir),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let root = args.root;
    let out = args.out.unwrap_or_else(|| root.join("public"));
    let mut opts = Options::new(&root);
    opts.drafts = args.drafts;
    opts.base_url = args.base_url;
    opts.search = !args.no_search;
    match plainsight::build(opts, &out) {
        Ok(r) => {
            print_first_warnings(&r.findings, args.format, &root);
            eprintln!(
                "built {} pages ({} files) into {} in {} ms",
                r.pages,
                r.files,
                out.display(),
                r.millis
            );
            if let Some(s) = r.search {
                eprintln!(
                    "search: indexed {} pages into {} files in {} ms",
                    s.pages, s.files, s.millis
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            print(&d, args.format, &root);
            eprintln!("build failed: {} left as it was", out.display());
            ExitCode::FAILURE
        }
    }
}

/// A build shows only the first warnings; `check` lists them all.
fn print_first_warnings(findings: &Diagnostics, format: Format, root: &Path) {
    let shown = Diagnostics(
        findings
            .0
            .iter()
            .take(BUILD_WARNINGS_SHOWN)
            .cloned()
            .collect(),
    );
    print(&shown, format, root);
    if findings.0.len() > BUILD_WARNINGS_SHOWN && format == Format::Human {
        eprintln!(
            "… and {} more warnings: run `plainsight check` to see them all",
            findings.0.len() - BUILD_WARNINGS_SHOWN
        );
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let mut opts = Options::new(&args.root);
    opts.drafts = args.drafts;
    let external = args.external.then(|| plainsight::ExternalSettings {
        timeout: std::time::Duration::from_secs(args.external_timeout),
        ..Default::default()
    });
    match plainsight::check_with(opts, external.as_ref()) {
        Ok(mut r) => {
            if args.strict {
                for d in r.findings.0.iter_mut().filter(|d| d.counts()) {
                    d.severity = diagnostic::Severity::Error;
                }
            }
            print(&r.findings, args.format, &args.root);
            if r.findings.has_errors() {
                ExitCode::FAILURE
            } else {
                if args.format == Format::Human {
                    eprintln!("checked {} pages: no errors", r.pages);
                }
                ExitCode::SUCCESS
            }
        }
        Err(d) => {
            print(&d, args.format, &args.root);
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let mut opts = plainsight::serve::ServeOptions::new(&args.root);
    opts.port = args.port;
    opts.bind = args.bind;
    opts.drafts = !args.no_drafts;
    match plainsight::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print(&d, Format::Human, &args.root);
            ExitCode::FAILURE
        }
    }
}

fn new(dir: &Path) -> ExitCode {
    match plainsight::new_site(dir) {
        Ok(()) => {
            eprintln!(
                "created a new site in {}; build it with: plainsight build --root {}",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print(&d.into(), Format::Human, Path::new("."));
            ExitCode::FAILURE
        }
    }
}
