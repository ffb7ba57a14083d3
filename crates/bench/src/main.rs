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
mod store;

use std::path::PathBuf;

// The stages allocate many small strings and vectors from both threads; glibc's
// allocator spent nearly a third of a 100k-document run in malloc and free.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Run the whole pipeline (clean, extract, attribute, stories, links, groups) on
        /// the generated documents and time each stage.
        #[arg(long)]
        full: bool,
    },
    /// Ingest a generated corpus into a fresh store through the library path of
    /// `crosscheck ingest`, then measure search latency.
    Store {
        /// Number of articles.
        #[arg(long, default_value_t = 100_000)]
        docs: usize,
        /// Seed of the generator and of the queries.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Documents per transaction, as `crosscheck ingest --batch`.
        #[arg(long, default_value_t = 50)]
        batch: usize,
        /// Number of search queries to time.
        #[arg(long, default_value_t = 1000)]
        queries: usize,
        /// Keep the store at this new path (default: a temporary folder, removed after).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Print progress every this many documents.
        #[arg(long, default_value_t = 10_000)]
        every: usize,
        /// Analyse the whole corpus again while it holds at most this many documents
        /// (default: the store's).
        #[arg(long)]
        full_limit: Option<usize>,
        /// Stories each new document pulls in above that (default: the store's).
        #[arg(long)]
        candidates: Option<usize>,
    },
    /// Measure search latency over a store kept by `store --db PATH`.
    StoreSearch {
        /// The store.
        #[arg(long)]
        db: PathBuf,
        /// Number of search queries to time.
        #[arg(long, default_value_t = 1000)]
        queries: usize,
        /// Seed of the queries.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write a new store holding one story of N articles (for `scripts/bench-serve.sh`).
    StoryStore {
        /// Path of the new store.
        #[arg(long)]
        db: PathBuf,
        /// Number of articles in the story.
        #[arg(long, default_value_t = 200)]
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
        Command::Links { docs, seed, full } => links::run(docs, seed, full),
        Command::Store {
            docs,
            seed,
            batch,
            queries,
            db,
            every,
            full_limit,
            candidates,
        } => store::run_store(store::StoreArgs {
            docs,
            seed,
            batch: batch.max(1),
            queries,
            db,
            every: every.max(1),
            full_limit,
            candidates,
        }),
        Command::StoreSearch { db, queries, seed } => store::run_search(&db, queries, seed),
        Command::StoryStore { db, docs, seed } => store::run_story_store(db, docs, seed),
    }
}
