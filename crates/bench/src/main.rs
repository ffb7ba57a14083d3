//! `crosscheck-bench`: throughput and peak memory of ingest + clean + sentence
//! segmentation on one core, over a large generated corpus.
//!
//! `generate` writes a deterministic corpus of plain-text news articles (about 3-8 KB
//! each, 1000 files per subdirectory) with the header lines, page furniture and tricky
//! punctuation the stages handle. `run` streams over a corpus twice, as the pipeline
//! does: pass 1 loads every file (`ingest::discover` + `ingest::load`) and adds it to
//! `clean::CorpusStats`; pass 2 loads each file again, cleans it (`clean::clean`) and
//! splits its body into sentences (`extract::segment::sentences`). Each document is
//! dropped right after it is processed, so memory should stay flat as the corpus grows.
//! It reports bytes, documents, sentences, wall time per pass and per stage, MB/s (of
//! pass 2 and of both passes) and peak resident memory (`VmHWM`).
//!
//! `links` generates a corpus of many stories with injected copies and rewrites in
//! memory and measures `link::stories` and `link::links` on all cores (see `links.rs`).
//!
//! `run` deliberately runs on one thread (the target is MB/s per core) and does not measure
//! extraction beyond segmentation, linking or reporting. The files are read through the
//! page cache, so on a freshly generated corpus the figures exclude disk latency.

mod generate;
mod links;
mod run;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "crosscheck-bench",
    about = "Benchmark ingest + clean + segmentation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a generated corpus of plain-text news articles.
    Generate {
        /// Directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Approximate corpus size in megabytes (10^6 bytes).
        #[arg(long, default_value_t = 100)]
        mb: u64,
        /// Seed of the generator; the same seed writes the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure load + corpus stats, then load + clean + segment, on one thread.
    Run {
        /// Corpus directory (walked recursively for .txt files).
        #[arg(long)]
        dir: PathBuf,
        /// Worker threads; only 1 is supported, as the target is MB/s per core.
        #[arg(long, default_value_t = 1)]
        threads: usize,
    },
    /// Generate a corpus of many stories with injected copies and rewrites in memory and
    /// measure story grouping and linking on it (all cores).
    Links {
        /// Number of documents.
        #[arg(long, default_value_t = 10_000)]
        docs: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Generate { out, mb, seed } => generate::generate(&out, mb, seed),
        Command::Run { dir, threads } => run::run(&dir, threads),
        Command::Links { docs, seed } => links::run(docs, seed),
    }
}
