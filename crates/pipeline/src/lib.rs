//! The pipeline: the one place that orders the stages and the library API a user calls.
//!
//! `analyze` runs ingest -> clean -> extract -> link over the inputs and returns a
//! [`Report`]. Stages run in parallel over documents where they are independent (loading,
//! cleaning, extraction); everything that crosses documents (corpus statistics, links)
//! runs over the whole set. The result does not depend on the order of the inputs or on
//! the number of threads: documents are sorted by content-derived keys before output.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use model::{Diagnostic, Document, Report, Severity};
use rayon::prelude::*;

pub use ingest::Input;
pub use model;

/// Everything a run can be told. Every field has a sensible default.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub ingest: ingest::Config,
    pub clean: clean::Config,
    pub extract: extract::Config,
    pub attribute: attribute::Config,
    pub link: link::Config,
    pub align: align::Config,
    /// Publication dates given by the user as `(file, date)`; `file` matches an input's
    /// path as given, its file name, or a trailing part of its path.
    pub published: Vec<(String, String)>,
}

/// The stages, as reported to a progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Load,
    Clean,
    Extract,
    Link,
}

/// Receives `(stage, done, total)` as work proceeds. Called from worker threads.
pub type Progress<'a> = &'a (dyn Fn(Stage, usize, usize) + Sync);

/// A failure that stops the whole run (not a problem with one input, which is a
/// diagnostic in the report).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid --published value {0:?}: expected FILE=DATE with an ISO 8601 date")]
    BadPublished(String),
}

/// Parses a `FILE=DATE` pair as given to `--published`.
pub fn parse_published(arg: &str) -> Result<(String, String), Error> {
    let (file, date) = arg
        .rsplit_once('=')
        .ok_or_else(|| Error::BadPublished(arg.to_string()))?;
    let date = date.trim();
    let ok = chrono_like_iso(date);
    if file.is_empty() || !ok {
        return Err(Error::BadPublished(arg.to_string()));
    }
    Ok((file.to_string(), date.to_string()))
}

/// A light check of ISO 8601 dates and date-times: `YYYY-MM-DD` with an optional time.
fn chrono_like_iso(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(_), Some(m), Some(d)) => {
            (1..=12).contains(&m) && (1..=31).contains(&d) && (b.len() == 10 || b[10] == b'T')
        }
        _ => false,
    }
}

/// Analyses the documents found at `paths` (files, directories, `-` for `stdin`).
pub fn analyze(
    paths: &[PathBuf],
    config: &Config,
    stdin: &mut dyn Read,
    progress: Progress<'_>,
) -> Result<Report, Error> {
    let (inputs, mut diagnostics) = ingest::discover(paths, &config.ingest);

    // Standard input is read on this thread; files are read in parallel.
    let total = inputs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    // Each input may hold many documents (an archive, a feed); each is loaded whole
    // into its own list.
    let mut loaded: Vec<(Vec<Document>, Vec<Diagnostic>)> = Vec::with_capacity(total);
    let stdin_pos = inputs.iter().position(|i| *i == Input::Stdin);
    let mut files = inputs.clone();
    if let Some(pos) = stdin_pos {
        files.remove(pos);
        let mut found = Vec::new();
        let diags = ingest::load(&Input::Stdin, &config.ingest, stdin, &mut |d| found.push(d));
        loaded.push((found, diags));
    }
    loaded.par_extend(files.par_iter().map(|input| {
        let mut none = std::io::empty();
        let mut found = Vec::new();
        let diags = ingest::load(input, &config.ingest, &mut none, &mut |d| found.push(d));
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(Stage::Load, n, total);
        (found, diags)
    }));
    let mut docs = Vec::new();
    for (found, diags) in loaded {
        diagnostics.extend(diags);
        docs.extend(found);
    }
    apply_published(&mut docs, &config.published, &mut diagnostics);
    Ok(analyze_documents(docs, diagnostics, config, progress))
}

/// Analyses documents already loaded (by [`ingest::load`], or from a store): cleans them,
/// extracts claims and links them. `diagnostics` are the problems met while loading;
/// they are kept in the report.
pub fn analyze_documents(
    mut docs: Vec<Document>,
    mut diagnostics: Vec<Diagnostic>,
    config: &Config,
    progress: Progress<'_>,
) -> Report {
    dedupe_ids(&mut docs, &mut diagnostics);

    let stats = docs
        .par_iter()
        .fold(clean::CorpusStats::default, |mut s, d| {
            s.add(&d.text);
            s
        })
        .reduce(clean::CorpusStats::default, |mut a, b| {
            a.merge(b);
            a
        });
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = docs.len();
    let clean_diags: Vec<Vec<Diagnostic>> = docs
        .par_iter_mut()
        .map(|d| {
            let r = clean::clean(d, &stats, &config.clean);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(Stage::Clean, n, total);
            r
        })
        .collect();
    diagnostics.extend(clean_diags.into_iter().flatten());

    diagnostics.extend(extract::infer_publication(&mut docs));
    docs.sort_by_cached_key(|d| {
        (
            extract::reference_date(d).is_none(),
            extract::reference_date(d),
            d.id.clone(),
        )
    });
    let extracted: Vec<(Vec<model::Claim>, Vec<Diagnostic>)> = docs
        .par_iter()
        .map(|d| extract::claims_checked(d, &config.extract))
        .collect();
    let mut claims: Vec<model::Claim> = Vec::new();
    for (c, diags) in extracted {
        claims.extend(c);
        diagnostics.extend(diags);
    }
    // Attribution reads each document on its own (its claims are consecutive, in body
    // order), in parallel; entities are then resolved across documents in one pass.
    let doc_pos: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mentions: Vec<attribute::DocMentions> = claims
        .chunk_by_mut(|a, b| a.doc == b.doc)
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter_map(|chunk| {
            let doc = &docs[*doc_pos.get(chunk.first()?.doc.as_str())?];
            Some(attribute::attribute(doc, chunk, &config.attribute))
        })
        .collect();
    let entities = attribute::resolve(&docs, &mut claims, mentions, &config.attribute);
    progress(Stage::Extract, total, total);

    let (mut stories, links) = link::stories_and_links(&docs, &claims, &entities, &config.link);
    progress(Stage::Link, 1, 1);

    let aligned = align::align(
        &docs,
        &claims,
        &entities,
        &mut stories,
        &links,
        &config.align,
    );

    diagnostics.sort_by(|a, b| {
        (&a.source, a.offset, &a.code, &a.message).cmp(&(&b.source, b.offset, &b.code, &b.message))
    });
    Report {
        documents: docs,
        claims,
        entities,
        links,
        diagnostics,
        stories,
        groups: aligned.groups,
        figures: aligned.figures,
        timeline: aligned.timeline,
        ..Report::default()
    }
}

/// True when the run met problems a user should look at (warnings or errors).
pub fn has_problems(report: &Report) -> bool {
    report
        .diagnostics
        .iter()
        .any(|d| d.severity >= Severity::Warning)
}

fn apply_published(
    docs: &mut [Document],
    given: &[(String, String)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (file, date) in given {
        let mut matched = false;
        for doc in docs.iter_mut() {
            let src = doc.source.as_str();
            let name = std::path::Path::new(src)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(src);
            if src == file || name == file || src.ends_with(&format!("/{file}")) {
                doc.given.published = Some(date.clone());
                matched = true;
            }
        }
        if !matched {
            diagnostics.push(Diagnostic::new(
                "meta.unmatched",
                Severity::Warning,
                file.clone(),
                format!("--published {file}={date} names no input"),
            ));
        }
    }
}

/// Byte-identical inputs get the same content id; later ones (by source) get a suffix so
/// ids stay unique and independent of input order.
fn dedupe_ids(docs: &mut [Document], diagnostics: &mut Vec<Diagnostic>) {
    docs.sort_by(|a, b| (&a.id, &a.source).cmp(&(&b.id, &b.source)));
    let mut seen: HashMap<String, (usize, String)> = HashMap::new();
    for doc in docs.iter_mut() {
        match seen.get_mut(&doc.id) {
            None => {
                seen.insert(doc.id.clone(), (1, doc.source.clone()));
            }
            Some((count, first)) => {
                *count += 1;
                diagnostics.push(
                    Diagnostic::new(
                        "input.identical",
                        Severity::Info,
                        doc.source.clone(),
                        format!("byte-identical to {first}"),
                    )
                    .for_doc(&doc.id),
                );
                doc.id = format!("{}-{}", doc.id, count);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_args() {
        assert_eq!(
            parse_published("a/b.txt=2024-10-28").unwrap(),
            ("a/b.txt".to_string(), "2024-10-28".to_string())
        );
        assert!(parse_published("a.txt=2024-10-28T05:06").is_ok());
        assert!(parse_published("a.txt=Oct 28").is_err());
        assert!(parse_published("a.txt").is_err());
        assert!(parse_published("=2024-10-28").is_err());
        assert!(parse_published("a.txt=2024-13-28").is_err());
    }
}
