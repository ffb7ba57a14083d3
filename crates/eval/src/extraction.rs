//! Article body extraction, scored on the Scrapinghub article-extraction benchmark
//! (`../shared/data/article-extraction`: 181 news pages and their true bodies) with
//! exactly the metric of its README (word 4-gram precision and recall averaged over
//! pages, F1 of the two means), and page metadata (title, byline, date) scored on
//! Mozilla's Readability test pages (`../shared/data/readability-pages`).
//!
//! The scorer is checked against the published tool outputs stored beside the pages.
//! Speed is measured on one thread over HTML already in memory (decoding and
//! extraction, no disk reads), as the published figures are. Nothing here tunes the
//! extractor: it only measures it. With `CROSSCHECK_EXTRACTION_PAGES=1` it also lists the
//! pages that score worst, and with `CROSSCHECK_EXTRACTION_DUMP=DIR` it writes each
//! page's extracted and true bodies there to compare them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::{Context, Result};
use regex::Regex;
use serde_json::Value;

/// Per-suite scores, as fractions.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages: usize,
}

/// Counts of word 4-gram shingles on one page.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    tp: f64,
    fp: f64,
    fn_: f64,
}

fn tokens(text: &str) -> Vec<&str> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    // Unicode `\w+` as Python's `re` reads it: letters, numbers (all of category N, not
    // only decimal digits) and the underscore, but not combining marks, which Rust's
    // `\w` would include. Case is kept and punctuation dropped.
    let word = WORD.get_or_init(|| Regex::new(r"[\p{L}\p{N}_]+").expect("valid regex"));
    word.find_iter(text).map(|m| m.as_str()).collect()
}

/// The multiset of word 4-grams of `text`; a text of 1 to 3 tokens gives one shorter
/// shingle, an empty one gives none.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    let n = 4.min(toks.len());
    for w in toks.windows(n) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

fn counts(predicted: &str, truth: &str) -> Counts {
    let p = shingles(predicted);
    let t = shingles(truth);
    let mut c = Counts::default();
    for (s, &n) in &p {
        let m = t.get(s).copied().unwrap_or(0);
        c.tp += n.min(m) as f64;
        c.fp += n.saturating_sub(m) as f64;
    }
    for (s, &m) in &t {
        let n = p.get(s).copied().unwrap_or(0);
        c.fn_ += m.saturating_sub(n) as f64;
    }
    c
}

/// Scores predicted bodies against true ones, page by page, with the benchmark's
/// metric. Pages missing from `predicted` count as empty predictions.
pub fn score(predicted: &HashMap<String, String>, truth: &HashMap<String, String>) -> Score {
    let (mut p_sum, mut p_n, mut r_sum, mut r_n) = (0.0, 0usize, 0.0, 0usize);
    for (id, true_body) in truth {
        let pred = predicted.get(id).map(String::as_str).unwrap_or("");
        let c = counts(pred, true_body);
        // Dividing by tp+fp+fn (so each page weighs the same) does not change the
        // ratios below, so it is left out.
        if c.fp == 0.0 && c.fn_ == 0.0 {
            p_sum += 1.0;
            p_n += 1;
            r_sum += 1.0;
            r_n += 1;
            continue;
        }
        if c.tp + c.fp > 0.0 {
            p_sum += c.tp / (c.tp + c.fp);
            p_n += 1;
        }
        if c.tp + c.fn_ > 0.0 {
            r_sum += c.tp / (c.tp + c.fn_);
            r_n += 1;
        }
    }
    let precision = p_sum / p_n.max(1) as f64;
    let recall = r_sum / r_n.max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Score {
        precision,
        recall,
        f1,
        pages: truth.len(),
    }
}

/// The benchmark folder.
pub fn benchmark_dir() -> PathBuf {
    crate::shared_dir().join("data/article-extraction")
}

/// The true bodies by page id.
pub fn truth() -> Result<HashMap<String, String>> {
    let path = benchmark_dir().join("truth.json");
    let v: Value = serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
    )?;
    Ok(bodies(&v))
}

fn bodies(map: &Value) -> HashMap<String, String> {
    map.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let body = v["articleBody"].as_str().unwrap_or_default().to_string();
                    (k.clone(), body)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The published output of a reference tool (`trafilatura`, `readability_js`, ...).
pub fn reference(tool: &str) -> Result<HashMap<String, String>> {
    let path = benchmark_dir().join(format!("reference-outputs/{tool}.json"));
    let v: Value = serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
    )?;
    Ok(bodies(&v["output"]))
}

/// Our extraction of every benchmark page, and the seconds spent extracting (one
/// thread, HTML in memory).
pub fn ours() -> Result<(HashMap<String, String>, f64)> {
    let mut pages = Vec::new();
    for (id, path) in page_paths()? {
        pages.push((id, std::fs::read(&path)?));
    }
    let mut out = HashMap::new();
    let start = Instant::now();
    for (id, raw) in pages {
        out.insert(id, extract_text(raw));
    }
    Ok((out, start.elapsed().as_secs_f64()))
}

/// The benchmark's pages as `(id, path)`, sorted by id.
fn page_paths() -> Result<Vec<(String, PathBuf)>> {
    let dir = benchmark_dir().join("html");
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let id = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".html"))
            .map(str::to_string);
        if let Some(id) = id {
            pages.push((id, path));
        }
    }
    pages.sort();
    Ok(pages)
}

/// Our bodies as the report shows them: each page read by `ingest::load` and then
/// cleaned (header lines, captions, navigation and story lists taken out) with the
/// corpus statistics of all the pages, as `crosscheck analyze` on the folder does.
pub fn ours_cleaned() -> Result<HashMap<String, String>> {
    let config = ingest::Config::default();
    let mut docs = Vec::new();
    for (id, path) in page_paths()? {
        let input = ingest::Input::File { path };
        ingest::load(&input, &config, &mut std::io::empty(), &mut |d| {
            docs.push((id.clone(), d))
        });
    }
    let mut stats = clean::CorpusStats::default();
    for (_, d) in &docs {
        stats.add(&d.text);
    }
    let mut out = HashMap::new();
    for (id, mut d) in docs {
        clean::clean(&mut d, &stats, &clean::Config::default());
        out.insert(id, d.body);
    }
    Ok(out)
}

fn limits() -> ingest::html::Limits {
    ingest::html::Limits {
        max_elements: ingest::Config::default().max_html_elements,
        max_depth: ingest::Config::default().max_html_depth,
    }
}

fn extract_text(raw: Vec<u8>) -> String {
    ingest::html::decode_html(raw, None)
        .ok()
        .and_then(|page| ingest::html::extract(page, None, &limits()))
        .map(|page| page.text)
        .unwrap_or_default()
}

/// Metadata matches on the Readability pages.
#[derive(Debug, Clone, Default)]
pub struct MetaScore {
    pub title: (usize, usize),
    pub byline: (usize, usize),
    pub date: (usize, usize),
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The words of a byline without "by" and joining words, for comparing bylines
/// written differently ("By A and B" against "A, B").
fn byline_words(s: &str) -> Vec<String> {
    tokens(&s.to_lowercase())
        .into_iter()
        .filter(|w| !matches!(*w, "by" | "and"))
        .map(str::to_string)
        .collect()
}

/// Scores title (exact after normalising white space and case), byline (same words)
/// and date (same day) on the Readability pages that state each.
pub fn metadata() -> Result<MetaScore> {
    let dir = crate::shared_dir().join("data/readability-pages");
    let mut names: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("source.html").is_file())
        .map(|e| e.path())
        .collect();
    names.sort();
    let mut s = MetaScore::default();
    for page_dir in names {
        let expected: Value =
            serde_json::from_slice(&std::fs::read(page_dir.join("expected-metadata.json"))?)?;
        let raw = std::fs::read(page_dir.join("source.html"))?;
        let meta = ingest::html::decode_html(raw, None)
            .ok()
            .and_then(|page| ingest::html::extract(page, None, &limits()))
            .map(|p| p.meta)
            .unwrap_or_default();
        let want = |k: &str| {
            expected[k]
                .as_str()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        if let Some(title) = want("title") {
            s.title.1 += 1;
            if meta.title.as_deref().map(norm) == Some(norm(&title)) {
                s.title.0 += 1;
            }
        }
        if let Some(byline) = want("byline") {
            s.byline.1 += 1;
            let ours = meta.authors.clone().unwrap_or_default().join(" and ");
            if byline_words(&ours) == byline_words(&byline) {
                s.byline.0 += 1;
            }
        }
        if let Some(date) = want("publishedTime") {
            s.date.1 += 1;
            let day =
                |d: &str| ingest::html::iso_date(d).and_then(|d| d.get(..10).map(str::to_string));
            if meta
                .published
                .as_deref()
                .and_then(day)
                .is_some_and(|d| Some(d) == day(&date))
            {
                s.date.0 += 1;
            }
        }
    }
    Ok(s)
}

/// The tools whose published outputs are stored, with the F1 the benchmark's README
/// gives for each.
pub const REFERENCES: &[(&str, f64)] = &[
    ("trafilatura", 0.958),
    ("readability_js", 0.947),
    ("html-text", 0.665),
    ("rs_trafilatura", 0.970),
    ("dom_smoothie", 0.865),
    ("go_trafilatura", 0.960),
];

fn pct(n: (usize, usize)) -> f64 {
    n.0 as f64 / n.1.max(1) as f64
}

/// Prints the scores as Markdown.
pub fn print() -> Result<()> {
    print_peer(None)
}

/// Prints the scores as Markdown, with a row for the peer output in `peer` (a file in
/// the reference outputs' format) scored by the same scorer.
pub fn print_with_peer(peer: &std::path::Path) -> Result<()> {
    print_peer(Some(peer))
}

fn print_peer(peer: Option<&std::path::Path>) -> Result<()> {
    let truth = truth()?;
    println!("| tool | F1 | P | R | pages/s (1 core) |");
    println!("|---|---:|---:|---:|---:|");
    for (tool, _) in REFERENCES {
        let s = score(&reference(tool)?, &truth);
        println!(
            "| {tool} (published output) | {:.3} | {:.3} | {:.3} | |",
            s.f1, s.precision, s.recall
        );
    }
    if let Some(peer) = peer {
        let v: Value = serde_json::from_slice(
            &std::fs::read(peer).with_context(|| format!("reading {}", peer.display()))?,
        )?;
        let s = score(&bodies(&v["output"]), &truth);
        println!(
            "| peer {} {} (this run) | {:.3} | {:.3} | {:.3} | see above |",
            peer.display(),
            v["version"].as_str().unwrap_or_default(),
            s.f1,
            s.precision,
            s.recall
        );
    }
    let (ours, secs) = ours()?;
    let s = score(&ours, &truth);
    let cleaned = ours_cleaned()?;
    let c = score(&cleaned, &truth);
    println!(
        "| crosscheck, cleaned body (as reported) | {:.3} | {:.3} | {:.3} | |",
        c.f1, c.precision, c.recall
    );
    if std::env::var("CROSSCHECK_EXTRACTION_PAGES").as_deref() == Ok("1") {
        print_worst_pages(&ours, &truth, 30);
    }
    if let Some(dir) = std::env::var_os("CROSSCHECK_EXTRACTION_DUMP") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir)?;
        for (id, body) in &ours {
            std::fs::write(dir.join(format!("{id}.txt")), body)?;
            let t = truth.get(id).map_or("", String::as_str);
            std::fs::write(dir.join(format!("{id}.truth.txt")), t)?;
            let c = cleaned.get(id).map_or("", String::as_str);
            std::fs::write(dir.join(format!("{id}.clean.txt")), c)?;
        }
    }
    println!(
        "| crosscheck | {:.3} | {:.3} | {:.3} | {:.0} |",
        s.f1,
        s.precision,
        s.recall,
        s.pages as f64 / secs.max(1e-9)
    );
    let m = metadata()?;
    println!();
    println!("| readability-pages | matched | of | share |");
    println!("|---|---:|---:|---:|");
    for (name, n) in [
        ("title exact", m.title),
        ("byline", m.byline),
        ("date (same day)", m.date),
    ] {
        println!("| {name} | {} | {} | {:.3} |", n.0, n.1, pct(n));
    }
    Ok(())
}

/// Prints the `n` pages with the lowest F1 (precision, recall, shingle counts), to see
/// where extraction loses most.
fn print_worst_pages(ours: &HashMap<String, String>, truth: &HashMap<String, String>, n: usize) {
    let mut pages: Vec<(f64, f64, f64, &str, Counts)> = truth
        .iter()
        .map(|(id, t)| {
            let c = counts(ours.get(id).map_or("", String::as_str), t);
            let p = if c.tp + c.fp > 0.0 {
                c.tp / (c.tp + c.fp)
            } else {
                1.0
            };
            let r = if c.tp + c.fn_ > 0.0 {
                c.tp / (c.tp + c.fn_)
            } else {
                1.0
            };
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            (f, p, r, id.as_str(), c)
        })
        .collect();
    pages.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.3.cmp(b.3)));
    println!("\n| page | F1 | P | R | tp | fp | fn |\n|---|---:|---:|---:|---:|---:|---:|");
    for (f, p, r, id, c) in pages.into_iter().take(n) {
        println!(
            "| {id} | {f:.3} | {p:.3} | {r:.3} | {} | {} | {} |",
            c.tp, c.fp, c.fn_
        );
    }
    println!();
}

/// The scores kept in the ratchet.
pub fn ratchet_scores() -> Result<crate::ratchet::Scores> {
    let truth = truth()?;
    let (ours, _) = ours()?;
    let s = score(&ours, &truth);
    let m = metadata()?;
    Ok([
        ("body.f1", s.f1),
        ("body.precision", s.precision),
        ("body.recall", s.recall),
        ("meta.title", pct(m.title)),
        ("meta.byline", pct(m.byline)),
        ("meta.date", pct(m.date)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_counts() {
        let c = counts("a b c d e", "a b c d");
        assert_eq!((c.tp, c.fp, c.fn_), (1.0, 1.0, 0.0));
        let c = counts("", "x y");
        assert_eq!((c.tp, c.fp, c.fn_), (0.0, 0.0, 1.0));
        assert_eq!(
            tokens("Zé's 3.5-fold, naïve"),
            ["Zé", "s", "3", "5", "fold", "naïve"]
        );
    }
}
