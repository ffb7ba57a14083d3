//! The store benchmarks: ingest throughput and search latency of the SQLite store, and a
//! store holding one large story for the load test of `crosscheck serve`.
//!
//! `store` generates articles with the corpus generator (`generate::article`), loads each
//! through the ingest stage as `crosscheck ingest -` would, and adds them to a fresh store
//! in batches through `store::Store::add` with the pipeline's analysis, exactly the
//! library path of `crosscheck ingest`. It prints documents/s, MB/s of input and the size
//! of the store on disk at checkpoints (so the scaling shows), then runs seeded searches
//! whose words are drawn from the corpus (a third of them with a filter) and prints
//! p50/p99/max latency.
//!
//! `store-search` runs the same searches over a store kept by `store --db PATH`.
//!
//! `story-store` writes a store whose one story has N articles from many outlets, for
//! `scripts/bench-serve.sh`.
//!
//! What it deliberately does not do: it reads no files (the corpus is generated in
//! memory, so the figures exclude disk reads of the input) and does not start a server.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use model::Document;
use store::{AddConfig, Loaded, Store};

use crate::generate::{self, Rng};

/// Arguments of `crosscheck-bench store`.
pub struct StoreArgs {
    pub docs: usize,
    pub seed: u64,
    pub batch: usize,
    pub queries: usize,
    pub db: Option<PathBuf>,
    /// Print a line every this many documents.
    pub every: usize,
    /// `AddConfig::full_limit`, when not the default.
    pub full_limit: Option<usize>,
    /// `AddConfig::candidates`, when not the default.
    pub candidates: Option<usize>,
}

/// Loads one generated article as `crosscheck ingest -` does: the text path of the
/// ingest stage, with its bytes kept as the raw input.
fn load(text: &str, config: &ingest::Config) -> Option<Loaded> {
    let mut reader = Cursor::new(text.as_bytes());
    let mut found = None;
    ingest::load(&ingest::Input::Stdin, config, &mut reader, &mut |doc| {
        found = Some(doc)
    });
    found.map(|doc| Loaded {
        doc,
        raw: Some(text.as_bytes().to_vec()),
    })
}

/// Size of the store's files on disk: the database and its write-ahead log.
fn size_on_disk(db: &Path) -> u64 {
    let mut total = 0;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        total += std::fs::metadata(PathBuf::from(p)).map_or(0, |m| m.len());
    }
    total
}

fn analyze(config: &pipeline::Config) -> impl FnMut(Vec<Document>) -> model::Report + '_ {
    move |docs| pipeline::analyze_documents(docs, Vec::new(), config, &|_, _, _| {})
}

/// A temporary folder that is removed when dropped, unless the user named the store.
struct Scratch(Option<PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = &self.0 {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn fresh_db(db: Option<PathBuf>, name: &str) -> Result<(PathBuf, Scratch)> {
    match db {
        Some(db) => {
            if db.exists() {
                bail!("{} exists; the benchmark needs a fresh store", db.display());
            }
            Ok((db, Scratch(None)))
        }
        None => {
            let dir = std::env::temp_dir()
                .join(format!("crosscheck-bench-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            Ok((dir.join("store.db"), Scratch(Some(dir))))
        }
    }
}

/// The value at quantile `q` of sorted durations (nearest rank).
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn run_store(args: StoreArgs) -> Result<()> {
    let (db, _scratch) = fresh_db(args.db.clone(), "store")?;
    let config = pipeline::Config::default();
    let defaults = AddConfig::default();
    let add = AddConfig {
        full_limit: args.full_limit.unwrap_or(defaults.full_limit),
        candidates: args.candidates.unwrap_or(defaults.candidates),
    };
    let mut store = Store::open(&db)?;
    let mut rng = Rng::new(args.seed);
    let mut text = String::with_capacity(16 * 1024);
    let mut batch = Vec::with_capacity(args.batch);
    let (mut bytes, mut stored, mut analysed) = (0u64, 0usize, 0usize);
    // Words of the corpus to search for later: a few from every hundredth article.
    let mut words: Vec<String> = Vec::new();
    let started = Instant::now();
    let mut in_add = Duration::ZERO;
    let mut analyze = analyze(&config);
    println!(
        "ingesting {} generated articles into {} (batch {}, full_limit {}, candidates {})",
        args.docs,
        db.display(),
        args.batch,
        add.full_limit,
        add.candidates
    );
    println!("docs\tseconds\tdocs/s\tMB/s\tstore_MB\tanalysed\tadd_s");
    for i in 0..args.docs {
        text.clear();
        generate::article(&mut rng, &mut text);
        bytes += text.len() as u64;
        if i % 100 == 0 {
            words.extend(words_of(&text));
        }
        if let Some(loaded) = load(&text, &config.ingest) {
            batch.push(loaded);
        }
        let last = i + 1 == args.docs;
        if batch.len() >= args.batch || (last && !batch.is_empty()) {
            let t = Instant::now();
            let outcome = store
                .add(std::mem::take(&mut batch), &add, &mut analyze)
                .with_context(|| format!("cannot add to {}", db.display()))?;
            in_add += t.elapsed();
            stored += outcome.stored.len();
            analysed += outcome.analysed;
        }
        if (i + 1) % args.every == 0 || last {
            let s = started.elapsed().as_secs_f64();
            println!(
                "{}\t{s:.1}\t{:.1}\t{:.3}\t{:.1}\t{analysed}\t{:.1}",
                i + 1,
                (i + 1) as f64 / s,
                bytes as f64 / 1e6 / s,
                size_on_disk(&db) as f64 / 1e6,
                in_add.as_secs_f64()
            );
        }
    }
    let wall = started.elapsed();
    let counts = store.counts()?;
    let disk = size_on_disk(&db);
    println!(
        "ingest: {stored} documents, {:.1} MB of input in {:.1} s: {:.1} documents/s, {:.3} MB/s; \
         {analysed} documents analysed in all; store {:.1} MB on disk ({:.1} KB per document); \
         {} claims, {} stories; peak memory {:.0} MB",
        bytes as f64 / 1e6,
        wall.as_secs_f64(),
        stored as f64 / wall.as_secs_f64(),
        bytes as f64 / 1e6 / wall.as_secs_f64(),
        disk as f64 / 1e6,
        disk as f64 / 1e3 / stored.max(1) as f64,
        counts.claims,
        counts.stories,
        crate::run::peak_rss_mb().unwrap_or(0.0),
    );
    drop(analyze);
    search_latency(&store, &words, args.queries, args.seed)?;
    Ok(())
}

/// Words to search for, drawn from the stored text of every hundredth document as
/// `run_store` draws them from the generated articles.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 5)
        .skip(40)
        .step_by(17)
        .take(4)
        .map(str::to_lowercase)
}

/// Measures search latency over an existing store (`store --db PATH` keeps one).
pub fn run_search(db: &Path, queries: usize, seed: u64) -> Result<()> {
    if !db.exists() {
        bail!("no store at {}", db.display());
    }
    let store = Store::open(db)?;
    let texts: Vec<String> = store
        .connection()
        .prepare("SELECT text FROM documents WHERE seq % 100 = 1 ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let words: Vec<String> = texts.iter().flat_map(|t| words_of(t)).collect();
    println!(
        "searching {} ({} current documents)",
        db.display(),
        store.counts()?.current
    );
    search_latency(&store, &words, queries, seed)
}

/// Runs `n` seeded searches over the store and prints their latency quantiles.
fn search_latency(store: &Store, words: &[String], n: usize, seed: u64) -> Result<()> {
    if words.is_empty() || n == 0 {
        println!("search: no query run");
        return Ok(());
    }
    let stories: Vec<String> = store.stories()?.into_iter().map(|s| s.id).collect();
    let outlets: Vec<String> = store
        .connection()
        .prepare("SELECT DISTINCT outlet FROM analyses WHERE outlet IS NOT NULL ORDER BY outlet")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut times = Vec::with_capacity(n);
    let mut hits = 0usize;
    let mut filtered = 0usize;
    for _ in 0..n {
        let mut q = store::Query {
            limit: 20,
            ..store::Query::default()
        };
        let k = rng.range(1, 2);
        let picked: Vec<&str> = (0..k)
            .map(|_| words[rng.range(0, words.len() as u64 - 1) as usize].as_str())
            .collect();
        q.q = picked.join(" ");
        match rng.range(0, 5) {
            0 if !stories.is_empty() => {
                q.story = Some(stories[rng.range(0, stories.len() as u64 - 1) as usize].clone())
            }
            1 if !outlets.is_empty() => {
                q.outlet = Some(outlets[rng.range(0, outlets.len() as u64 - 1) as usize].clone())
            }
            2 => {
                let month = rng.range(1, 12);
                q.from = Some(format!("2020-{month:02}-01"));
                q.to = Some(format!("2030-{month:02}-28"));
            }
            _ => {}
        }
        if q.story.is_some() || q.outlet.is_some() || q.from.is_some() {
            filtered += 1;
        }
        let t = Instant::now();
        hits += store.search(&q)?.len();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "search: {n} queries ({filtered} with a filter), {hits} hits in all: p50 {:.2} ms, \
         p99 {:.2} ms, max {:.2} ms",
        ms(quantile(&times, 0.50)),
        ms(quantile(&times, 0.99)),
        ms(quantile(&times, 1.0)),
    );
    Ok(())
}

/// Writes one article of a story: its dateline, some of the story's sentences (with its
/// names and figures) and generic filler, under a headline naming the story's place.
fn story_article(rng: &mut Rng, facts: &[String], title: &str, outlet: &str, day: u64) -> String {
    // Every article reports every fact of the story, in its own order: one event told by
    // many outlets, as wire copy is retold. Filler sentences from the corpus generator
    // would name other companies and places, which the story stage rightly reads as
    // other events.
    let mut order: Vec<usize> = (0..facts.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.range(0, i as u64) as usize);
    }
    let mut body = String::new();
    for (k, i) in order.into_iter().enumerate() {
        body.push_str(&facts[i]);
        body.push_str(if k % 3 == 2 { "\n\n" } else { " " });
    }
    format!(
        "{title}\n\nBy {} {}, {outlet}\n\n2025-03-{:02}\n\n{}\n",
        rng.pick(generate::FIRST),
        rng.pick(generate::LAST),
        day.clamp(1, 28),
        body.trim()
    )
}

/// Writes a store at `db` holding one story of `docs` articles from many outlets.
pub fn run_story_store(db: PathBuf, docs: usize, seed: u64) -> Result<()> {
    if db.exists() {
        bail!("{} exists; give the path of a new store", db.display());
    }
    let config = pipeline::Config::default();
    let mut rng = Rng::new(seed);
    let person = format!("{} Orvannic", rng.pick(generate::FIRST));
    let place = "Quellmarsh";
    let org = "Quellmarsh Port Authority";
    let facts: Vec<String> = vec![
        format!("The port of {place} was closed by the {org} on Tuesday."),
        format!("{person}, the harbour master of {place}, said 340 vessels were waiting."),
        format!("Officials in {place} confirmed that 1,200 dock workers had walked out."),
        format!("The {org} said it would review the closure after talks with {person}."),
        format!("{person} told reporters the closure could last until the end of the month."),
        format!("Figures from the {org} put the cost at 48 million euros a day."),
        format!("Crowds gathered outside the {org} offices in {place} late on Wednesday."),
        format!("The union said 1,500 dock workers had walked out, not 1,200."),
    ];
    let outlets: Vec<String> = (0..40)
        .map(|i| {
            format!(
                "The {} {}",
                generate::FIRST[i % generate::FIRST.len()],
                ["Herald", "Post", "Times", "Courier", "Wire"][i % 5]
            )
        })
        .collect();
    let mut batch = Vec::with_capacity(docs);
    for i in 0..docs {
        let outlet = &outlets[i % outlets.len()];
        let title = format!("Port of {place} closed as dock workers walk out");
        let text = story_article(&mut rng, &facts, &title, outlet, 10 + (i as u64 % 5));
        if let Some(l) = load(&text, &config.ingest) {
            batch.push(l);
        }
    }
    let started = Instant::now();
    let mut store = Store::open(&db)?;
    let mut analyze = analyze(&config);
    // One batch: the whole story is analysed once, as `crosscheck ingest --batch N`
    // with a large N would.
    let outcome = store.add(batch, &AddConfig::default(), &mut analyze)?;
    let stories = store.stories()?;
    let biggest = stories.iter().max_by_key(|s| s.documents);
    println!(
        "stored {} articles in {:.1} s; {} stories; largest {} with {} documents",
        outcome.stored.len(),
        started.elapsed().as_secs_f64(),
        stories.len(),
        biggest.map_or("-", |s| s.id.as_str()),
        biggest.map_or(0, |s| s.documents)
    );
    if let Some(s) = biggest {
        println!("story {}", s.id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_use_the_nearest_rank() {
        let d: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(quantile(&d, 0.5), Duration::from_millis(50));
        assert_eq!(quantile(&d, 0.99), Duration::from_millis(99));
        assert_eq!(quantile(&d, 1.0), Duration::from_millis(100));
        assert_eq!(quantile(&[], 0.5), Duration::ZERO);
    }

    #[test]
    fn a_small_store_run_stores_every_article_and_finds_them() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        run_store(StoreArgs {
            docs: 60,
            seed: 3,
            batch: 25,
            queries: 20,
            db: Some(db.clone()),
            every: 1000,
            full_limit: Some(20),
            candidates: None,
        })
        .unwrap();
        let store = Store::open(&db).unwrap();
        assert_eq!(store.counts().unwrap().current, 60);
        assert!(size_on_disk(&db) > 0);
    }

    #[test]
    fn the_story_store_holds_one_story_of_every_article() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        run_story_store(db.clone(), 30, 1).unwrap();
        let store = Store::open(&db).unwrap();
        let stories = store.stories().unwrap();
        assert_eq!(store.counts().unwrap().current, 30);
        assert!(
            stories.iter().any(|s| s.documents == 30),
            "{:?}",
            stories.iter().map(|s| s.documents).collect::<Vec<_>>()
        );
    }
}
