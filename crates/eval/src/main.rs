//! `crosscheck-eval`: prints the scores of crosscheck's stages on the public suites in
//! `../shared/data`, as Markdown tables ready for `docs/BENCHMARKS.md`.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "crosscheck-eval",
    about = "Score crosscheck against the public suites in ../shared/data"
)]
struct Cli {
    #[command(subcommand)]
    suite: Suite,
}

#[derive(Subcommand)]
enum Suite {
    /// Numbers and quantities: Recognizers-Text Number specs, quantulum3, our news set.
    Numbers {
        /// Measure the throughput of quantity extraction instead (MB/s, one core).
        #[arg(long)]
        speed: bool,
    },
    /// Article body extraction (Scrapinghub benchmark) and page metadata (Readability
    /// test pages).
    Extraction {
        /// Also score a peer's output file (`{"output": {id: {"articleBody": ...}}}`),
        /// as written by scripts/bench-extraction.sh.
        #[arg(long)]
        peer: Option<std::path::PathBuf>,
    },
    /// Time expressions: Recognizers-Text DateTime specs, TempEval-3 platinum.
    Times {
        /// Measure the throughput of time extraction instead (MB/s, one core).
        #[arg(long)]
        speed: bool,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.suite {
        Suite::Numbers { speed: false } => eval::numbers::print(),
        Suite::Numbers { speed: true } => eval::numbers::print_speed(),
        Suite::Times { speed: false } => eval::times::print(),
        Suite::Times { speed: true } => eval::times::speed(),
        Suite::Extraction { peer: None } => eval::extraction::print(),
        Suite::Extraction { peer: Some(peer) } => eval::extraction::print_with_peer(&peer),
    }
}
