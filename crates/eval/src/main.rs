//! `crosscheck-eval`: prints the scores of crosscheck's stages on the public suites in
//! `../shared/data`, as Markdown tables ready for `docs/BENCHMARKS.md`.

use clap::{Parser, Subcommand};

// The allocator the `crosscheck` binary uses, so speeds measured here are the product's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Attribution (speaker and reporting verb) and entity merges on ECB+.
    Attribution {
        /// Also measure throughput (MB/s, one core).
        #[arg(long)]
        speed: bool,
        /// Also print the sampled merges, to check them by hand.
        #[arg(long)]
        dump_merges: bool,
    },
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
    /// Story clustering on ECB+: B³ and ARI on the training documents.
    Stories {
        /// Also score other story thresholds (tuning on the training documents only).
        #[arg(long)]
        sweep: bool,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.suite {
        Suite::Attribution { speed, dump_merges } => eval::attribution::print(speed, dump_merges),
        Suite::Numbers { speed: false } => eval::numbers::print(),
        Suite::Numbers { speed: true } => eval::numbers::print_speed(),
        Suite::Times { speed: false } => eval::times::print(),
        Suite::Times { speed: true } => eval::times::speed(),
        Suite::Extraction { peer: None } => eval::extraction::print(),
        Suite::Extraction { peer: Some(peer) } => eval::extraction::print_with_peer(&peer),
        Suite::Stories { sweep } => eval::stories::print(sweep),
    }
}
