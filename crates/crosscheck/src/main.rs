//! The `crosscheck` command: arguments in, a pipeline call, output out. No analysis
//! happens here.
//!
//! Exit codes: 0 finished cleanly; 1 finished, with problems in some inputs (see the
//! diagnostics); 2 usage error or nothing could be done.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use pipeline::Stage;

mod store_cmds;

// The stages allocate many small strings and vectors from every thread; glibc's allocator
// spent nearly a third of a 100,000-document run in malloc and free (`crosscheck-bench links
// --full`), mimalloc much less.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Cross-check news articles: who claims what, where sources agree, conflict or copy.",
    long_about = "crosscheck reads news articles from several outlets about a developing story and \
reports, with evidence, who claims what, where sources agree or conflict, and who copied whom. \
Every line of the report points back to the exact sentence it came from.\n\n\
It runs offline and deterministically: the same inputs give byte-identical output.",
    after_help = "Exit codes: 0 ok; 1 finished, but some inputs had problems (listed on stderr and \
in the report's diagnostics); 2 usage error or nothing could be analysed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and write a report.
    #[command(after_help = "Examples:\n  \
crosscheck analyze examples/harbor-blockade --format md\n  \
crosscheck analyze articles/ --out report.json\n  \
cat story.txt | crosscheck analyze - --published -=2024-10-28\n  \
crosscheck analyze a.txt b.txt --published a.txt=2024-10-28\n\n\
Metadata you already have goes in a sidecar file beside the article, NAME.meta.json, with any of \
the keys title, outlet, authors (a list), published (ISO 8601) and url. It always wins over what \
crosscheck reads from the text.")]
    Analyze(AnalyzeArgs),
    /// Add articles to a store: idempotent, resumable, incremental.
    Ingest(store_cmds::IngestArgs),
    /// Search the bodies and claims of a store.
    Search(store_cmds::SearchArgs),
    /// Serve a store as a local web UI and JSON API.
    Serve(store_cmds::ServeArgs),
    /// List the stored revisions of a URL with the claims each added and removed.
    Revisions(store_cmds::RevisionsArgs),
}

#[derive(clap::Args)]
struct AnalyzeArgs {
    /// Files or directories to read (directories are walked recursively for .txt files);
    /// `-` reads one article from standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,

    /// Publication date of one input, as FILE=DATE (ISO 8601, such as 2024-10-28).
    /// FILE matches the path as given, the file name, or the end of the path. Repeatable;
    /// wins over any date read from the text.
    #[arg(long, value_name = "FILE=DATE", allow_hyphen_values = true)]
    published: Vec<String>,

    /// Skip inputs larger than this many bytes (reported as a problem).
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,

    /// Do not print a progress bar or the summary on standard error.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The versioned JSON report (docs/report-schema.json).
    Json,
    /// A Markdown report to read.
    Md,
    /// One self-contained HTML page (charts inline, nothing loaded from the network).
    Html,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("crosscheck: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Ingest(args) => store_cmds::ingest(args),
        Command::Search(args) => store_cmds::search(args),
        Command::Serve(args) => store_cmds::serve(args),
        Command::Revisions(args) => store_cmds::revisions(args),
    }
}

fn analyze(args: AnalyzeArgs) -> anyhow::Result<u8> {
    let mut config = pipeline::Config::default();
    config.ingest.max_bytes = args.max_bytes;
    for p in &args.published {
        config.published.push(pipeline::parse_published(p)?);
    }

    let show_progress = !args.quiet && io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::hidden();
    if show_progress {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg:>8} [{bar:30}] {pos}/{len} documents ({elapsed})",
            )
            .expect("static template")
            .progress_chars("=> "),
        );
    }
    let progress = |stage: Stage, done: usize, total: usize| {
        let msg = match stage {
            Stage::Load => "reading",
            Stage::Clean => "cleaning",
            Stage::Extract => "claims",
            Stage::Link => "linking",
        };
        bar.set_message(msg);
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };

    let mut stdin = io::stdin().lock();
    let report = pipeline::analyze(&args.paths, &config, &mut stdin, &progress)
        .context("analysis failed")?;
    bar.finish_and_clear();

    for d in &report.diagnostics {
        if d.severity >= pipeline::model::Severity::Warning || !args.quiet {
            let at = d.offset.map(|o| format!(" (byte {o})")).unwrap_or_default();
            eprintln!("crosscheck: {}{at}: {} [{}]", d.source, d.message, d.code);
        }
    }

    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    match args.format {
        Format::Json => report::write_json(&report, &mut out).context("cannot write report")?,
        Format::Md => out
            .write_all(report::markdown(&report).as_bytes())
            .context("cannot write report")?,
        Format::Html => out
            .write_all(report::html_page(&report, &report::HtmlConfig::default()).as_bytes())
            .context("cannot write report")?,
    }
    out.flush().context("cannot write report")?;

    if !args.quiet {
        eprintln!(
            "crosscheck: {} documents, {} claims, {} problems",
            report.documents.len(),
            report.claims.len(),
            report
                .diagnostics
                .iter()
                .filter(|d| d.severity >= pipeline::model::Severity::Warning)
                .count()
        );
    }
    if report.documents.is_empty() {
        eprintln!("crosscheck: no document could be read");
        return Ok(2);
    }
    Ok(if pipeline::has_problems(&report) {
        1
    } else {
        0
    })
}
