//! The measured run: two streaming passes over a corpus on one thread, timing each stage
//! separately and reading the peak resident memory from the kernel at the end.
//!
//! Each pass walks the corpus again with `ingest::discover_each` and reads each file as
//! the walk finds it; documents are dropped as soon as they are processed. What stays in
//! memory is the corpus statistics (bounded by `clean::DEFAULT_MAX_LINES`) and the
//! sorted entries of the directories being walked, so peak memory does not grow with the
//! corpus.

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

    let roots = [PathBuf::from(dir)];
    let started = Instant::now();
    let mut inputs = 0u64;
    let mut problems = 0u64;
    let mut found = Vec::new();

    // Pass 1: corpus statistics, which the clean stage needs before it sees any document.
    let mut stats = clean::CorpusStats::default();
    let mut p1 = Pass::default();
    let pass_start = Instant::now();
    ingest::discover_each(
        &roots,
        &ingest_config,
        &mut |input| {
            inputs += 1;
            let t = Instant::now();
            let _diags = ingest::load(&input, &ingest_config, &mut no_stdin, &mut |d| {
                found.push(d)
            });
            p1.load += t.elapsed();
            if found.is_empty() {
                p1.skipped += 1;
            }
            for doc in found.drain(..) {
                p1.bytes += doc.text.len() as u64;
                p1.documents += 1;
                let t = Instant::now();
                stats.add(&doc.text);
                p1.stats += t.elapsed();
            }
        },
        &mut |_| problems += 1,
    );
    p1.wall = pass_start.elapsed();
    if inputs == 0 {
        bail!(
            "no .txt inputs under {} ({problems} problems reported)",
            dir.display()
        );
    }
    let rss_after_pass1 = peak_rss_mb()?;

    // Pass 2: clean and segment each document, then drop it.
    let mut p2 = Pass::default();
    let mut coverage = Coverage::default();
    let pass_start = Instant::now();
    ingest::discover_each(
        &roots,
        &ingest_config,
        &mut |input| {
            let t = Instant::now();
            let _diags = ingest::load(&input, &ingest_config, &mut no_stdin, &mut |d| {
                found.push(d)
            });
            p2.load += t.elapsed();
            if found.is_empty() {
                p2.skipped += 1;
            }
            for mut doc in found.drain(..) {
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
        },
        &mut |_| {},
    );
    p2.wall = pass_start.elapsed();
    let total = started.elapsed();
    let peak = peak_rss_mb()?;

    let input_mb = p2.bytes as f64 / MB;
    println!(
        "crosscheck-bench run over {} (single thread; MB = 10^6 bytes)",
        dir.display()
    );
    println!(
        "discover: {inputs} inputs ({problems} problems), walked again in each pass as it is read"
    );
    println!(
        "pass 1 (walk + load + corpus stats): {} documents, {:.1} MB in {:.2} s  [load {:.2} s = {:.0} MB/s, stats {:.2} s = {:.0} MB/s, walk and the rest {:.2} s]",
        p1.documents,
        p1.bytes as f64 / MB,
        secs(p1.wall),
        secs(p1.load),
        mb_per_s(p1.bytes, p1.load),
        secs(p1.stats),
        mb_per_s(p1.bytes, p1.stats),
        secs(p1.wall.saturating_sub(p1.load + p1.stats)),
    );
    println!(
        "corpus stats: {} distinct short lines counted (sample level {}, bound {})",
        stats.len(),
        stats.sample_level(),
        clean::DEFAULT_MAX_LINES
    );
    println!(
        "pass 2 (walk + load + clean + segment): {} documents, {} sentences in {:.2} s  [load {:.2} s = {:.0} MB/s, clean {:.2} s = {:.0} MB/s, segment {:.2} s = {:.0} MB/s]",
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
    println!(
        "total: {:.2} s (both passes, each walking the corpus)",
        secs(total)
    );
    println!(
        "throughput per core: pass 2 {:.1} MB/s; both passes {:.1} MB/s; peer (load only, pass 1) {:.1} MB/s",
        mb_per_s(p2.bytes, p2.wall),
        mb_per_s(p2.bytes, total),
        mb_per_s(p1.bytes, p1.load),
    );
    println!("peak memory (VmHWM): {peak:.1} MB  [after pass 1 {rss_after_pass1:.1} MB]");
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
