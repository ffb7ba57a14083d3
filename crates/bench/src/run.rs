//! The measured run: two streaming passes over a corpus on one thread, timing each stage
//! separately and reading the peak resident memory from the kernel at the end.
//!
//! Documents are dropped as soon as they are processed, so what stays in memory is the
//! list of inputs and the corpus statistics; peak memory should not grow with the corpus
//! beyond those.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// Time spent in each stage over a pass, and what went through it.
#[derive(Default)]
struct Pass {
    load: Duration,
    stats: Duration,
    clean: Duration,
    segment: Duration,
    wall: Duration,
    bytes: u64,
    documents: u64,
    skipped: u64,
    sentences: u64,
}

/// What the clean stage found, counted outside the timers to show that the corpus
/// exercises it (header fields read, paragraphs removed and why).
#[derive(Default)]
struct Coverage {
    titles: u64,
    authors: u64,
    published: u64,
    datelines: u64,
    removed: BTreeMap<String, u64>,
}

const MB: f64 = 1e6;

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn mb_per_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / MB / d.as_secs_f64().max(1e-9)
}

/// Runs both passes over `dir` and prints the report; the last line is a Markdown table
/// row for `docs/BENCHMARKS.md`.
pub fn run(dir: &Path, threads: usize) -> Result<()> {
    if threads != 1 {
        bail!(
            "only single-threaded runs are measured (the target is MB/s per core); use --threads 1"
        );
    }
    let ingest_config = ingest::Config::default();
    let clean_config = clean::Config::default();
    let mut no_stdin = io::empty();

    let started = Instant::now();
    let (inputs, diags) = ingest::discover(&[PathBuf::from(dir)], &ingest_config);
    let discover = started.elapsed();
    if inputs.is_empty() {
        bail!(
            "no .txt inputs under {} ({} problems reported)",
            dir.display(),
            diags.len()
        );
    }
    let rss_after_discover = peak_rss_mb()?;

    // Pass 1: corpus statistics, which the clean stage needs before it sees any document.
    let mut stats = clean::CorpusStats::default();
    let mut p1 = Pass::default();
    let pass_start = Instant::now();
    for input in &inputs {
        let t = Instant::now();
        let mut found = Vec::new();
        let _diags = ingest::load(input, &ingest_config, &mut no_stdin, &mut |d| found.push(d));
        p1.load += t.elapsed();
        if found.is_empty() {
            p1.skipped += 1;
        }
        for doc in found {
            p1.bytes += doc.text.len() as u64;
            p1.documents += 1;
            let t = Instant::now();
            stats.add(&doc.text);
            p1.stats += t.elapsed();
        }
    }
    p1.wall = pass_start.elapsed();
    let rss_after_pass1 = peak_rss_mb()?;

    // Pass 2: clean and segment each document, then drop it.
    let mut p2 = Pass::default();
    let mut coverage = Coverage::default();
    let pass_start = Instant::now();
    for input in &inputs {
        let t = Instant::now();
        let mut found = Vec::new();
        let _diags = ingest::load(input, &ingest_config, &mut no_stdin, &mut |d| found.push(d));
        p2.load += t.elapsed();
        if found.is_empty() {
            p2.skipped += 1;
        }
        for mut doc in found {
            p2.bytes += doc.text.len() as u64;
            p2.documents += 1;
            let t = Instant::now();
            let _diags = clean::clean(&mut doc, &stats, &clean_config);
            p2.clean += t.elapsed();
            let t = Instant::now();
            p2.sentences += extract::segment::sentences(&doc.body).len() as u64;
            p2.segment += t.elapsed();
            coverage.titles += u64::from(doc.title.is_some());
            coverage.authors += u64::from(!doc.authors.is_empty());
            coverage.published += u64::from(doc.published.is_some());
            coverage.datelines += u64::from(doc.dateline.is_some());
            for r in &doc.removed {
                *coverage
                    .removed
                    .entry(format!("{:?}", r.reason))
                    .or_insert(0) += 1;
            }
        }
    }
    p2.wall = pass_start.elapsed();
    let total = started.elapsed();
    let peak = peak_rss_mb()?;

    let input_mb = p2.bytes as f64 / MB;
    println!(
        "crosscheck-bench run over {} (single thread; MB = 10^6 bytes)",
        dir.display()
    );
    println!(
        "discover: {} inputs in {:.3} s ({} problems)",
        inputs.len(),
        secs(discover),
        diags.len()
    );
    println!(
        "pass 1 (load + corpus stats): {} documents, {:.1} MB in {:.2} s  [load {:.2} s = {:.0} MB/s, stats {:.2} s = {:.0} MB/s]",
        p1.documents,
        p1.bytes as f64 / MB,
        secs(p1.wall),
        secs(p1.load),
        mb_per_s(p1.bytes, p1.load),
        secs(p1.stats),
        mb_per_s(p1.bytes, p1.stats),
    );
    println!(
        "pass 2 (load + clean + segment): {} documents, {} sentences in {:.2} s  [load {:.2} s = {:.0} MB/s, clean {:.2} s = {:.0} MB/s, segment {:.2} s = {:.0} MB/s]",
        p2.documents,
        p2.sentences,
        secs(p2.wall),
        secs(p2.load),
        mb_per_s(p2.bytes, p2.load),
        secs(p2.clean),
        mb_per_s(p2.bytes, p2.clean),
        secs(p2.segment),
        mb_per_s(p2.bytes, p2.segment),
    );
    if p1.skipped + p2.skipped > 0 {
        println!(
            "skipped inputs: {} in pass 1, {} in pass 2",
            p1.skipped, p2.skipped
        );
    }
    let removed: Vec<String> = coverage
        .removed
        .iter()
        .map(|(reason, n)| format!("{reason} {n}"))
        .collect();
    println!(
        "clean found: title in {}, authors in {}, published date in {}, dateline in {} of {} documents; removed paragraphs: {}",
        coverage.titles,
        coverage.authors,
        coverage.published,
        coverage.datelines,
        p2.documents,
        removed.join(", ")
    );
    println!("total: {:.2} s (discover + both passes)", secs(total));
    println!(
        "throughput per core: pass 2 {:.1} MB/s; both passes {:.1} MB/s; peer (load only, pass 1) {:.1} MB/s",
        mb_per_s(p2.bytes, p2.wall),
        mb_per_s(p2.bytes, total),
        mb_per_s(p1.bytes, p1.load),
    );
    println!(
        "peak memory (VmHWM): {peak:.1} MB  [after discover {rss_after_discover:.1} MB, after pass 1 {rss_after_pass1:.1} MB]"
    );
    println!();
    println!(
        "| corpus | input MB | documents | sentences | pass 1 s | pass 2 s | total s | pass 2 MB/s | both passes MB/s | peak MB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {input_mb:.1} | {} | {} | {:.2} | {:.2} | {:.2} | {:.1} | {:.1} | {peak:.1} |",
        dir.display(),
        p2.documents,
        p2.sentences,
        secs(p1.wall),
        secs(p2.wall),
        secs(total),
        mb_per_s(p2.bytes, p2.wall),
        mb_per_s(p2.bytes, total),
    );
    Ok(())
}

/// The peak resident set size of this process so far, in MB, from `/proc/self/status`.
pub(crate) fn peak_rss_mb() -> Result<f64> {
    let status = std::fs::read_to_string("/proc/self/status")
        .context("reading /proc/self/status (peak memory is measured on Linux only)")?;
    let kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .context("no VmHWM line in /proc/self/status")?;
    Ok(kb as f64 * 1024.0 / MB)
}
