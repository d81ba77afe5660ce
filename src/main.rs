//! The command line. The library does the work.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use plainsight::{Diagnostics, Format, Options, diagnostic};

/// mimalloc, not the system's: a build with search allocates and frees
/// millions of small strings, most of them in Pagefind (measured in
/// docs/performance.md#search).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "plainsight",
    version,
    about = "Static sites for public transparency reports, with every figure computed from data"
)]
struct Cli {
    /// When to colour messages: `auto` colours them on a terminal, unless
    /// NO_COLOR is set to a value or TERM is `dumb`
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build leaves it untouched)
    Build(BuildArgs),
    /// Run every publishing check without writing anything
    Check(CheckArgs),
    /// Watch mode for drafting: rebuild on every save, reload open tabs, show errors in the page
    Serve(ServeArgs),
    /// Create a working site in DIR, with a publishing workflow and a README for the team
    New(NewArgs),
    /// The figures that differ between a git revision and the working tree, per dataset and per page
    Diff(DiffArgs),
}

#[derive(Args)]
struct DiffArgs {
    /// The revision to compare with [default: the previous commit, or on a pull request in GitHub Actions where the branch left its target]
    rev: Option<String>,
    /// The site's folder, holding site.yaml
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// How to print the changes: `human`, `markdown` (for a pull request's summary) or `json`
    #[arg(short, long, value_enum, default_value_t = DiffFormatArg::Human)]
    format: DiffFormatArg,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormatArg {
    Human,
    Markdown,
    Json,
}

#[derive(Args)]
struct BuildArgs {
    /// The site's folder, holding site.yaml
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Output folder [default: ROOT/public]
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// Include pages marked `draft: true`
    #[arg(short = 'D', long)]
    drafts: bool,
    /// Override site.yaml's base_url (for preview deployments)
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Leave out the search index (pagefind/); the search page then says search is unavailable
    #[arg(long)]
    no_search: bool,
    /// Write every internal link relative to its page (folders as …/index.html), so the output works opened from the disk, a shared drive or a zip; canonical links, the sitemap and the feed stay absolute
    #[arg(long)]
    relative: bool,
    /// How to print findings: `human` for people, `github` for pull-request annotations, `json` for programs
    #[arg(short, long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Args)]
struct CheckArgs {
    /// The site's folder, holding site.yaml
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// How to print findings: `human` for people, `github` for pull-request annotations, `json` for programs
    #[arg(short, long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors: the gate before publishing
    #[arg(long)]
    strict: bool,
    /// Check pages marked `draft: true` too
    #[arg(short = 'D', long)]
    drafts: bool,
    /// Also check links to other sites (slow: needs the network; never part of the default run)
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external site with --external (1 to 3600)
    #[arg(long, default_value_t = 10, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=plainsight::MAX_EXTERNAL_TIMEOUT.as_secs()))]
    external_timeout: u64,
    /// Check as published at this address instead of site.yaml's base_url
    #[arg(short = 'u', long)]
    base_url: Option<String>,
}

#[derive(Args)]
struct ServeArgs {
    /// The site's folder, holding site.yaml
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Port to listen on
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on (the default keeps drafts on this machine)
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Hide pages marked `draft: true` (shown by default when serving)
    #[arg(long)]
    no_drafts: bool,
    /// Open the preview in the system's web browser once it is ready
    #[arg(short = 'O', long)]
    open: bool,
}

#[derive(Args)]
struct NewArgs {
    /// The folder to create (it must not exist, or be empty)
    dir: PathBuf,
    /// The site's title
    #[arg(long)]
    title: Option<String>,
    /// The address the site will be published at, e.g. https://OWNER.github.io/REPO/
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// The organisation that publishes it
    #[arg(long)]
    organisation: Option<String>,
}

/// Whether messages on stderr are coloured.
fn colour(choice: ColorChoice) -> bool {
    colour_for(
        choice,
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR"),
        std::env::var_os("TERM"),
    )
}

fn colour_for(
    choice: ColorChoice,
    terminal: bool,
    no_color: Option<std::ffi::OsString>,
    term: Option<std::ffi::OsString>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // https://no-color.org: only a value that is not empty turns it off.
        ColorChoice::Auto => {
            terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
        }
    }
}

const BUILD_WARNINGS_SHOWN: usize = plainsight::WARNINGS_SHOWN;

fn print(diags: &Diagnostics, format: Format, root: &Path, color: bool) {
    let text = diagnostic::render(diags, format, root, color && format == Format::Human);
    match format {
        Format::Human => eprint!("{text}"),
        _ => print!("{text}"),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = colour(cli.color);
    match cli.command {
        Command::Build(args) => build(args, color),
        Command::Check(args) => check(args, color),
        Command::Serve(args) => serve(args, color),
        Command::New(args) => new(args, color),
        Command::Diff(args) => diff(args, color),
    }
}

/// A spinner with the time taken, on a terminal only, from one second into
/// a build: a short build prints nothing extra, and piped output never
/// holds it.
fn progress(label: &'static str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.set_message(label);
    // Hidden until a second has gone by.
    bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let shown = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if !shown.is_finished() {
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            shown.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    });
    Some(bar)
}

fn build(args: BuildArgs, color: bool) -> ExitCode {
    let root = args.root;
    let out = args.out.unwrap_or_else(|| root.join("public"));
    let mut opts = Options::new(&root);
    opts.drafts = args.drafts;
    opts.base_url = args.base_url;
    opts.search = !args.no_search;
    opts.relative = args.relative;
    let bar = progress("building");
    let result = plainsight::build(opts, &out);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match result {
        Ok(r) => {
            print_first_warnings(&r, args.format, &root, color);
            eprintln!(
                "built {} pages ({} files) into {} in {} ms",
                r.pages,
                r.files,
                out.display(),
                r.millis
            );
            match r.search {
                Some(s) if s.reused => eprintln!(
                    "search: no page changed since the last build, so its index was kept ({} pages, {} files, {} ms)",
                    s.pages, s.files, s.millis
                ),
                Some(s) => eprintln!(
                    "search: indexed {} pages into {} files in {} ms",
                    s.pages, s.files, s.millis
                ),
                None => {}
            }
            ExitCode::SUCCESS
        }
        Err(mut d) => {
            report_for_github(&mut d, args.format, &root);
            print(&d, args.format, &root, color);
            eprintln!("build failed: {} left as it was", out.display());
            ExitCode::FAILURE
        }
    }
}

/// A build shows only the first warnings (the library keeps no more);
/// `check` lists them all.
fn print_first_warnings(r: &plainsight::Report, format: Format, root: &Path, color: bool) {
    let mut shown = Diagnostics(
        r.findings
            .0
            .iter()
            .take(BUILD_WARNINGS_SHOWN)
            .cloned()
            .collect(),
    );
    report_for_github(&mut shown, format, root);
    print(&shown, format, root, color);
    let more = r.more + r.findings.0.len().saturating_sub(BUILD_WARNINGS_SHOWN);
    if more > 0 && format == Format::Human {
        eprintln!("… and {more} more warnings: run `plainsight check` to see them all");
    }
}

/// In GitHub Actions, findings name files from the repository's root (so
/// an annotation lands on its line when the site sits in a subfolder), and
/// the job summary lists every finding, since GitHub shows only ten
/// annotations of each kind per step.
fn report_for_github(diags: &mut Diagnostics, format: Format, root: &Path) {
    if format != Format::Github {
        return;
    }
    let prefix = repository_prefix(root);
    if !prefix.as_os_str().is_empty() {
        for d in diags.0.iter_mut() {
            if let Some(f) = &d.file {
                d.file = Some(prefix.join(f).to_string_lossy().replace('\\', "/"));
            }
        }
    }
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
        let link = |file: &str, line: usize| -> Option<String> {
            let server = std::env::var("GITHUB_SERVER_URL").ok()?;
            let repo = std::env::var("GITHUB_REPOSITORY").ok()?;
            let sha = std::env::var("GITHUB_SHA").ok()?;
            Some(format!("{server}/{repo}/blob/{sha}/{file}#L{line}"))
        };
        let text = diagnostic::render_summary(diags, &link);
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(e) = written {
            eprintln!(
                "could not write the job summary to {}: {e}",
                Path::new(&path).display()
            );
        }
    }
}

/// `root` as a path from the repository's root: from GITHUB_WORKSPACE
/// when set, else from the current folder.
fn repository_prefix(root: &Path) -> PathBuf {
    let base = std::env::var_os("GITHUB_WORKSPACE")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok());
    let (Some(base), Ok(root)) = (
        base.and_then(|b| b.canonicalize().ok()),
        root.canonicalize(),
    ) else {
        return PathBuf::new();
    };
    root.strip_prefix(&base)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn check(args: CheckArgs, color: bool) -> ExitCode {
    let mut opts = Options::new(&args.root);
    opts.drafts = args.drafts;
    opts.base_url = args.base_url;
    let external = args.external.then(|| plainsight::ExternalSettings {
        timeout: std::time::Duration::from_secs(args.external_timeout),
        ..Default::default()
    });
    let bar = progress("checking");
    let result = plainsight::check_with(opts, external.as_ref());
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match result {
        Ok(mut r) => {
            if args.strict {
                for d in r.findings.0.iter_mut().filter(|d| d.counts()) {
                    d.severity = diagnostic::Severity::Error;
                }
            }
            report_for_github(&mut r.findings, args.format, &args.root);
            print(&r.findings, args.format, &args.root, color);
            if r.findings.has_errors() {
                ExitCode::FAILURE
            } else {
                if args.format == Format::Human {
                    eprintln!("checked {} pages: no errors", r.pages);
                }
                ExitCode::SUCCESS
            }
        }
        Err(mut d) => {
            report_for_github(&mut d, args.format, &args.root);
            print(&d, args.format, &args.root, color);
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs, color: bool) -> ExitCode {
    let mut opts = plainsight::serve::ServeOptions::new(&args.root);
    opts.port = args.port;
    opts.bind = args.bind;
    opts.drafts = !args.no_drafts;
    opts.open = args.open;
    match plainsight::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print(&d, Format::Human, &args.root, color);
            ExitCode::FAILURE
        }
    }
}

fn new(args: NewArgs, color: bool) -> ExitCode {
    let dir = args.dir;
    let choices = plainsight::NewSite {
        title: args.title,
        base_url: args.base_url,
        organisation: args.organisation,
    };
    match plainsight::new_site(&dir, &choices) {
        Ok(()) => {
            let d = dir.display();
            eprintln!("created a new site in {d}");
            eprintln!("  preview it:  plainsight serve --root {d} --open");
            eprintln!("  check it:    plainsight check --strict --root {d}");
            eprintln!("  build it:    plainsight build --root {d}");
            eprintln!("{d}/README.md says how the team edits and publishes it");
            ExitCode::SUCCESS
        }
        Err(d) => {
            print(&d.into(), Format::Human, Path::new("."), color);
            ExitCode::FAILURE
        }
    }
}

fn diff(args: DiffArgs, color: bool) -> ExitCode {
    let format = match args.format {
        DiffFormatArg::Human => plainsight::DiffFormat::Human,
        DiffFormatArg::Markdown => plainsight::DiffFormat::Markdown,
        DiffFormatArg::Json => plainsight::DiffFormat::Json,
    };
    match plainsight::diff(&args.root, args.rev.as_deref()) {
        Ok(report) => {
            print!("{}", report.render(format));
            ExitCode::SUCCESS
        }
        Err(d) => {
            print(&d, Format::Human, &args.root, color);
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn colour_follows_the_conventions() {
        let on = |v: &str| Some(std::ffi::OsString::from(v));
        assert!(colour_for(ColorChoice::Auto, true, None, on("xterm")));
        assert!(
            !colour_for(ColorChoice::Auto, false, None, on("xterm")),
            "not a terminal"
        );
        assert!(
            colour_for(ColorChoice::Auto, true, on(""), None),
            "an empty NO_COLOR is not set"
        );
        assert!(!colour_for(ColorChoice::Auto, true, on("1"), None));
        assert!(!colour_for(ColorChoice::Auto, true, None, on("dumb")));
        assert!(colour_for(ColorChoice::Always, false, on("1"), on("dumb")));
        assert!(!colour_for(ColorChoice::Never, true, None, None));
    }

    #[test]
    fn every_flag_and_argument_has_help() {
        let cli = Cli::command();
        for sub in cli.get_subcommands() {
            for arg in sub.get_arguments() {
                if ["help", "version"].contains(&arg.get_id().as_str()) {
                    continue;
                }
                assert!(
                    arg.get_help().is_some(),
                    "`plainsight {} {}` has no help text",
                    sub.get_name(),
                    arg.get_id()
                );
            }
        }
        Cli::command().debug_assert();
    }

    #[test]
    fn short_flags_in_the_spirit_of_hugo_and_zola() {
        let cli = Cli::try_parse_from([
            "plainsight",
            "build",
            "-r",
            "site",
            "-o",
            "out",
            "-D",
            "-u",
            "https://a.example/",
        ]);
        assert!(cli.is_ok());
        let cli = Cli::try_parse_from(["plainsight", "serve", "-p", "8080", "-O"]);
        assert!(cli.is_ok());
        let cli = Cli::try_parse_from([
            "plainsight",
            "--color",
            "never",
            "check",
            "-f",
            "json",
            "-D",
        ]);
        assert!(cli.is_ok());
    }
}
