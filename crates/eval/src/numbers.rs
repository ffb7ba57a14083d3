//! Number and quantity evaluations of `extract::quantity` against three public suites and
//! one set of our own:
//!
//! - **Recognizers-Text** `Number/English/NumberModel.json` and `NumberRangeModel.json`
//!   (`../shared/data/recognizers-specs`). Per file: strict case pass (the upstream rule:
//!   same entities in order, same type, text compared case-insensitively, same offsets, same
//!   value and subtype), lenient case pass (offsets and subtype ignored) and entity-level
//!   value precision/recall/F1 (overlapping span and equal value). Cases the .NET reference
//!   itself does not support are left out, as upstream does; cases that follow a convention
//!   we deliberately do not share are listed with their reason in `data/numbers-skip.tsv`
//!   and counted.
//! - **quantulum3** fixtures (`../shared/data/quantulum3-tests`): per expected quantity,
//!   value + surface and value + unit accuracy, with our unit names mapped to quantulum's by
//!   [`quantulum_unit`]. Bare years, which we deliberately do not report, are counted apart
//!   as expected misses, as the suite's README suggests.
//! - **Our news quantity set** (`data/news-quantities.jsonl`): sentences of
//!   `../shared/data/ecbplus` and `../shared/data/article-extraction`, addressed by file (and
//!   page id) and byte range, never copied; each quantity annotated by reading with value,
//!   unit lemma and qualifier. Value F1, value + unit F1 and value + qualifier F1.
//!
//! The annotation conventions of the news set: a quantity is a cardinal that counts,
//! measures or prices something (money, percentages, ages, durations, scores and game
//! statistics included). Years, dates, times of day, clock times, ordinals, names and codes
//! with digits (`Firefox 3.0`, `Channel 4`, `Interstate 540`) and `one` used as a pronoun
//! (`one of the`) are not. The unit is the lemma of the noun as written (`people` ->
//! `person`), a currency's ISO code, `percent`, or a measure's full name (`kilometre`);
//! when the text names no noun (`at least 120 in ...`, `aged 91`) it is null. Vague plurals
//! are approximate brackets of an order of magnitude (`hundreds` = 100..1000, `dozens` =
//! 12..144); ranges carry both ends with the qualifier `range`. The set does not record
//! what a rate is per (`$55.12 per barrel` is `USD`), so a rate we read is compared by what
//! it counts (see `news_unit_eq`).
//!
//! `print` writes the tables in Markdown (with `CROSSCHECK_NUMBERS_FAILS=quantulum3`, also
//! the failing quantulum3 cases; with `=news` or `=specs`, the failing news sentences or
//! Recognizers-Text cases); with `CROSSCHECK_NUMBERS_SPEED=1` in the
//! environment it also measures throughput (see [`print_speed`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use extract::quantity::{self, Bound, Found, Kind};
use model::Qualifier;
use serde::Deserialize;

use crate::ratchet::Scores;

/// Targets of issue 3, as fractions.
pub const TARGET_RECOGNIZERS_LENIENT: f64 = 0.95;
pub const TARGET_QUANTULUM: f64 = 0.90;
pub const TARGET_NEWS_VALUE: f64 = 0.95;
pub const TARGET_NEWS_UNIT: f64 = 0.90;
pub const TARGET_NEWS_QUALIFIER: f64 = 0.90;

/// Prints every table.
pub fn print() -> Result<()> {
    let report = run()?;
    print!("{}", report.markdown());
    if std::env::var("CROSSCHECK_NUMBERS_FAILS").as_deref() == Ok("quantulum3") {
        for q in &report.quantulum {
            println!("\n### quantulum3 {} failures\n", q.name);
            for f in &q.failures {
                println!("- {f}");
            }
        }
    }
    if std::env::var("CROSSCHECK_NUMBERS_FAILS").as_deref() == Ok("specs") {
        for f in &report.specs {
            println!("\n### {} failures (lenient)\n", f.name);
            for x in &f.failures {
                println!("- {x}");
            }
        }
    }
    if std::env::var("CROSSCHECK_NUMBERS_FAILS").as_deref() == Ok("news") {
        println!("\n### news set failures\n");
        for f in &report.news.failures {
            println!("- {f}");
        }
    }
    if std::env::var("CROSSCHECK_NUMBERS_SPEED").as_deref() == Ok("1") {
        print_speed()?;
    }
    Ok(())
}

/// Measures the throughput of `quantities` over at least 20 MB of news sentences (the
/// ecbplus texts and the article-extraction bodies, repeated), on one core, and prints it.
pub fn print_speed() -> Result<()> {
    let (mb, secs, found) = speed(20 * 1024 * 1024)?;
    let (peer_mb, peer_secs) = segment_speed(20 * 1024 * 1024)?;
    let (all_mb, all_secs, claims) = claims_speed(100 * 1024 * 1024)?;
    println!("\n## Quantity extraction speed (one core, release build)\n");
    println!("| what | text | time | throughput | found |");
    println!("|---|---|---|---|---|");
    println!(
        "| `quantity::quantities` per sentence | {mb:.1} MB | {secs:.2} s | {:.1} MB/s | {found} quantities |",
        mb / secs
    );
    println!(
        "| peer: `segment::sentences` per text | {peer_mb:.1} MB | {peer_secs:.2} s | {:.1} MB/s | |",
        peer_mb / peer_secs
    );
    println!(
        "| `extract::claims_checked` per document (sentences + quantities + times) | {all_mb:.1} MB | {all_secs:.2} s | {:.1} MB/s | {claims} claims |",
        all_mb / all_secs
    );
    Ok(())
}

/// Runs `quantities` over the news corpus repeated to at least `min_bytes`: returns the
/// megabytes read, the seconds taken and the quantities found.
pub fn speed(min_bytes: usize) -> Result<(f64, f64, usize)> {
    let shared = crate::shared_dir().join("data");
    let mut sentences: Vec<String> = Vec::new();
    for text in corpus_texts(&shared)? {
        for r in extract::segment::sentences(&text) {
            sentences.push(text[r].to_string());
        }
    }
    let once: usize = sentences.iter().map(String::len).sum();
    anyhow::ensure!(once > 0, "no news text found under {}", shared.display());
    let rounds = min_bytes.div_ceil(once);
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        for s in &sentences {
            found += std::hint::black_box(quantity::quantities(s)).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    Ok(((once * rounds) as f64 / 1_048_576.0, secs, found))
}

/// Measures the whole extraction of claims (`extract::claims_checked`: sentences, then
/// quantities and times resolved against the document's date) over at least `min_bytes`
/// of news bodies, on one thread: `(MB, seconds, claims)`.
pub fn claims_speed(min_bytes: usize) -> Result<(f64, f64, usize)> {
    let shared = crate::shared_dir().join("data");
    let docs: Vec<model::Document> = corpus_texts(&shared)?
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let mut d = model::Document::new(format!("d{i}"), "bench", "");
            d.body = text;
            d.published = Some("2024-10-28".into());
            d
        })
        .collect();
    let once: usize = docs.iter().map(|d| d.body.len()).sum();
    anyhow::ensure!(once > 0, "no news text found under {}", shared.display());
    let rounds = min_bytes.div_ceil(once);
    let config = extract::Config::default();
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        for d in &docs {
            found += std::hint::black_box(extract::claims_checked(d, &config))
                .0
                .len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    Ok(((once * rounds) as f64 / 1_048_576.0, secs, found))
}

/// The peer measured in the same run: sentence segmentation (`extract::segment`) over the
/// same texts, repeated as often. A ratio to it holds on a busy machine where an absolute
/// figure does not.
pub fn segment_speed(min_bytes: usize) -> Result<(f64, f64)> {
    let shared = crate::shared_dir().join("data");
    let texts = corpus_texts(&shared)?;
    let once: usize = texts.iter().map(String::len).sum();
    let rounds = min_bytes.div_ceil(once.max(1));
    let start = Instant::now();
    for _ in 0..rounds {
        for t in &texts {
            std::hint::black_box(extract::segment::sentences(t));
        }
    }
    Ok((
        (once * rounds) as f64 / 1_048_576.0,
        start.elapsed().as_secs_f64(),
    ))
}

fn corpus_texts(shared: &Path) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    let dir = shared.join("ecbplus/texts");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for p in names {
        texts
            .push(std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?);
    }
    for page in truth(shared)?.into_values() {
        texts.push(page.article_body);
    }
    Ok(texts)
}

#[derive(Deserialize)]
struct TruthPage {
    #[serde(rename = "articleBody")]
    article_body: String,
}

fn truth(shared: &Path) -> Result<BTreeMap<String, TruthPage>> {
    let p = shared.join("article-extraction/truth.json");
    let bytes = std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", p.display()))
}

/// All results, ready to print or to compare with the ratchet.
pub struct Report {
    pub specs: Vec<SpecScore>,
    pub quantulum: Vec<QuantulumScore>,
    pub news: NewsScore,
}

impl Report {
    /// The scores compared with the ratchet, by name.
    pub fn scores(&self) -> Scores {
        let mut s = Scores::new();
        for f in &self.specs {
            s.insert(format!("{}.strict", f.name), f.strict());
            s.insert(format!("{}.lenient", f.name), f.lenient());
            s.insert(format!("{}.entity_f1", f.name), f1(f.ent_p(), f.ent_r()));
        }
        for q in &self.quantulum {
            s.insert(
                format!("quantulum3.{}.value_surface", q.name),
                q.value_surface(),
            );
            s.insert(format!("quantulum3.{}.value_unit", q.name), q.value_unit());
        }
        let n = &self.news;
        s.insert("news.value_f1".into(), n.value.f1());
        s.insert("news.value_unit_f1".into(), n.unit.f1());
        s.insert("news.value_qualifier_f1".into(), n.qualifier.f1());
        s
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        out.push_str("## Recognizers-Text number specs\n\n");
        out.push_str("| file | cases | skipped (list) | strict pass | lenient pass | entity P | entity R | entity F1 |\n");
        out.push_str("|---|---|---|---|---|---|---|---|\n");
        for f in &self.specs {
            out.push_str(&format!(
                "| {} | {} | {} | {} ({}) | {} ({}) | {} | {} | {} |\n",
                f.name,
                f.cases,
                f.skipped,
                pct(f.strict()),
                f.strict_pass,
                pct(f.lenient()),
                f.lenient_pass,
                pct(f.ent_p()),
                pct(f.ent_r()),
                pct(f1(f.ent_p(), f.ent_r()))
            ));
        }
        out.push_str("\n## quantulum3 fixtures\n\n");
        out.push_str("| file | quantities scored | bare years (expected misses) | value + surface | value + surface + unit | predicted | precision (value + surface) |\n");
        out.push_str("|---|---|---|---|---|---|---|\n");
        for q in &self.quantulum {
            out.push_str(&format!(
                "| {} | {} | {} | {} ({}) | {} ({}) | {} | {} |\n",
                q.name,
                q.expected,
                q.years,
                pct(q.value_surface()),
                q.surface_ok,
                pct(q.value_unit()),
                q.unit_ok,
                q.predicted,
                pct(ratio(q.surface_ok, q.predicted))
            ));
        }
        let n = &self.news;
        out.push_str("\n## News quantity set (ours)\n\n");
        out.push_str(&format!(
            "{} sentences ({} without a quantity), {} annotated quantities.\n\n",
            n.sentences, n.empty, n.gold
        ));
        out.push_str("| metric | P | R | F1 | target F1 |\n|---|---|---|---|---|\n");
        for (name, m, target) in [
            ("value", &n.value, TARGET_NEWS_VALUE),
            ("value + unit", &n.unit, TARGET_NEWS_UNIT),
            ("value + qualifier", &n.qualifier, TARGET_NEWS_QUALIFIER),
        ] {
            out.push_str(&format!(
                "| {name} | {} | {} | {} | {} |\n",
                pct(m.p()),
                pct(m.r()),
                pct(m.f1()),
                pct(target)
            ));
        }
        out
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Runs every suite.
pub fn run() -> Result<Report> {
    let shared = crate::shared_dir().join("data");
    let skips = skip_list()?;
    let mut specs = Vec::new();
    for (name, model) in [
        ("NumberModel", SpecModel::Number),
        ("NumberRangeModel", SpecModel::Range),
    ] {
        let path = shared.join(format!("recognizers-specs/Number/English/{name}.json"));
        specs.push(score_spec(name, &path, model, &skips)?);
    }
    let mut quantulum = Vec::new();
    for name in ["quantities", "quantities.ambiguity"] {
        let path = shared.join(format!("quantulum3-tests/{name}.json"));
        quantulum.push(score_quantulum(name, &path)?);
    }
    let news = score_news(&shared)?;
    Ok(Report {
        specs,
        quantulum,
        news,
    })
}

// ---------------------------------------------------------------------------------------
// Recognizers-Text
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum SpecModel {
    Number,
    Range,
}

#[derive(Deserialize)]
struct SpecCase {
    #[serde(rename = "Input")]
    input: String,
    #[serde(rename = "Results", default)]
    results: Vec<SpecResult>,
    #[serde(rename = "NotSupported", default)]
    not_supported: Option<String>,
    #[serde(rename = "NotSupportedByDesign", default)]
    not_supported_by_design: Option<String>,
}

#[derive(Deserialize)]
struct SpecResult {
    #[serde(rename = "Text")]
    text: String,
    #[serde(rename = "TypeName")]
    type_name: String,
    #[serde(rename = "Start")]
    start: usize,
    #[serde(rename = "End")]
    end: usize,
    #[serde(rename = "Resolution", default)]
    resolution: Option<serde_json::Value>,
}

/// A resolved value: a number, or an interval with its ends and whether each is included.
#[derive(Debug, Clone, PartialEq)]
enum SpecValue {
    Number(f64),
    Interval(Option<(f64, bool)>, Option<(f64, bool)>),
}

#[derive(Debug, Clone)]
struct Entity {
    type_name: String,
    text: String,
    /// Character offsets, end inclusive, as upstream.
    start: usize,
    end: usize,
    value: Option<SpecValue>,
    subtype: Option<String>,
}

pub struct SpecScore {
    pub name: String,
    pub cases: usize,
    pub skipped: usize,
    pub strict_pass: usize,
    pub lenient_pass: usize,
    pub ent_expected: usize,
    pub ent_predicted: usize,
    pub ent_matched_expected: usize,
    pub ent_matched_predicted: usize,
    /// Inputs of the failing cases (lenient), for reading.
    pub failures: Vec<String>,
}

impl SpecScore {
    pub fn strict(&self) -> f64 {
        ratio(self.strict_pass, self.cases)
    }
    pub fn lenient(&self) -> f64 {
        ratio(self.lenient_pass, self.cases)
    }
    pub fn ent_p(&self) -> f64 {
        ratio(self.ent_matched_predicted, self.ent_predicted)
    }
    pub fn ent_r(&self) -> f64 {
        ratio(self.ent_matched_expected, self.ent_expected)
    }
}

/// The skip list: `(file, input) -> reason`.
fn skip_list() -> Result<HashMap<(String, String), String>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/numbers-skip.tsv");
    let text = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
    let mut out = HashMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(file), Some(input), Some(reason)) = (parts.next(), parts.next(), parts.next())
        else {
            anyhow::bail!("bad line in {}: {line:?}", p.display());
        };
        anyhow::ensure!(!reason.trim().is_empty(), "skip without a reason: {line:?}");
        out.insert(
            (file.to_string(), input.replace("\\u202f", "\u{202f}")),
            reason.to_string(),
        );
    }
    Ok(out)
}

fn parse_interval(s: &str) -> Option<SpecValue> {
    let s = s.trim();
    let open = s.chars().next()?;
    let close = s.chars().last()?;
    let inner = &s[1..s.len() - 1];
    let (a, b) = inner.split_once(',')?;
    let end = |x: &str, incl: bool| -> Option<Option<(f64, bool)>> {
        let x = x.trim();
        if x.is_empty() {
            Some(None)
        } else {
            Some(Some((x.parse().ok()?, incl)))
        }
    };
    Some(SpecValue::Interval(
        end(a, open == '[')?,
        end(b, close == ']')?,
    ))
}

fn expected_entity(r: &SpecResult) -> Entity {
    let res = r.resolution.as_ref();
    let value_str = res
        .and_then(|v| v.get("value"))
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let value = if r.type_name == "numberrange" {
        parse_interval(value_str)
    } else {
        value_str.parse().ok().map(SpecValue::Number)
    };
    Entity {
        type_name: r.type_name.clone(),
        text: r.text.clone(),
        start: r.start,
        end: r.end,
        value,
        subtype: res
            .and_then(|v| v.get("subtype"))
            .and_then(|v| v.as_str())
            .map(str::to_string),
    }
}

fn char_range(text: &str, r: &std::ops::Range<usize>) -> (usize, usize) {
    let start = text[..r.start].chars().count();
    let len = text[r.start..r.end].chars().count();
    (start, (start + len).saturating_sub(1))
}

/// What the Recognizers models would report for our findings. NumberModel reports each
/// number on its own (the ends of a range separately, money and percentages by their
/// number) and no ordinals; it reports numbers only at word boundaries, so a number written
/// against a unit (`180ml`) is a dimension there, not a number. NumberRangeModel reports
/// the hedged numbers: bounds as intervals, an explicit `equal to N` as `[N,N]`, and a plain
/// range as `[a,b)`, its convention for a range whose ends news reads as included.
fn adapt(text: &str, found: &[Found], model: SpecModel) -> Vec<Entity> {
    let mut out = Vec::new();
    let ent = |type_name: &str, r: &std::ops::Range<usize>, value: SpecValue, sub: Option<&str>| {
        let (start, end) = char_range(text, r);
        Entity {
            type_name: type_name.to_string(),
            text: text[r.clone()].to_lowercase(),
            start,
            end,
            value: Some(value),
            subtype: sub.map(str::to_string),
        }
    };
    for f in found {
        match model {
            SpecModel::Number => {
                if f.kind == Kind::Ordinal {
                    continue;
                }
                let glued = text[f.number_span.end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
                if glued {
                    continue;
                }
                let mut parts = vec![(f.number_span.clone(), f.value)];
                if let (Some(span), Some(max)) = (&f.max_span, f.value_max)
                    && f.kind == Kind::Range
                {
                    parts.push((span.clone(), max));
                }
                for (span, value) in parts {
                    let surface = &text[span.clone()];
                    let subtype = if f.kind == Kind::Fraction {
                        "fraction"
                    } else if surface.contains('^')
                        || surface.contains(['e', 'E'])
                            && surface.chars().any(|c| c.is_ascii_digit())
                            && !surface.chars().any(char::is_whitespace)
                            && surface.chars().filter(|c| c.is_alphabetic()).count() == 1
                    {
                        "power"
                    } else if value.fract() == 0.0 {
                        "integer"
                    } else {
                        "decimal"
                    };
                    out.push(ent(
                        "number",
                        &span,
                        SpecValue::Number(value),
                        Some(subtype),
                    ));
                }
            }
            SpecModel::Range => {
                let v = f.value;
                let value = match f.qualifier {
                    Qualifier::AtLeast => SpecValue::Interval(Some((v, true)), None),
                    Qualifier::MoreThan => SpecValue::Interval(Some((v, false)), None),
                    Qualifier::AtMost => SpecValue::Interval(None, Some((v, true))),
                    Qualifier::LessThan => SpecValue::Interval(None, Some((v, false))),
                    Qualifier::Exact if f.qualifier_span.is_some() => {
                        SpecValue::Interval(Some((v, true)), Some((v, true)))
                    }
                    Qualifier::Range => {
                        let hi = f.value_max.unwrap_or(v);
                        let lo_incl = f.bounds.0 != Bound::Exclusive;
                        let hi_incl = f.bounds.1 == Bound::Inclusive;
                        SpecValue::Interval(Some((v, lo_incl)), Some((hi, hi_incl)))
                    }
                    _ => continue,
                };
                out.push(ent("numberrange", &f.figure, value, None));
            }
        }
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12)
}

fn same_value(a: &Option<SpecValue>, b: &Option<SpecValue>) -> bool {
    let end = |x: &Option<(f64, bool)>, y: &Option<(f64, bool)>| match (x, y) {
        (None, None) => true,
        (Some((p, i)), Some((q, j))) => close(*p, *q) && i == j,
        _ => false,
    };
    match (a, b) {
        (Some(SpecValue::Number(x)), Some(SpecValue::Number(y))) => close(*x, *y),
        (Some(SpecValue::Interval(a1, b1)), Some(SpecValue::Interval(a2, b2))) => {
            end(a1, a2) && end(b1, b2)
        }
        _ => false,
    }
}

fn score_spec(
    name: &str,
    path: &Path,
    model: SpecModel,
    skips: &HashMap<(String, String), String>,
) -> Result<SpecScore> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let cases: Vec<SpecCase> = serde_json::from_str(raw.trim_start_matches('\u{feff}'))
        .with_context(|| format!("parsing {}", path.display()))?;
    let mut s = SpecScore {
        name: name.to_string(),
        cases: 0,
        skipped: 0,
        strict_pass: 0,
        lenient_pass: 0,
        ent_expected: 0,
        ent_predicted: 0,
        ent_matched_expected: 0,
        ent_matched_predicted: 0,
        failures: Vec::new(),
    };
    for case in cases {
        let unsupported = [&case.not_supported, &case.not_supported_by_design]
            .iter()
            .any(|n| {
                n.as_deref()
                    .is_some_and(|n| n.to_lowercase().contains("dotnet"))
            });
        if unsupported {
            continue;
        }
        if skips.contains_key(&(name.to_string(), case.input.clone())) {
            s.skipped += 1;
            continue;
        }
        s.cases += 1;
        let expected: Vec<Entity> = case.results.iter().map(expected_entity).collect();
        let got = adapt(&case.input, &quantity::scan(&case.input), model);
        let lenient = expected.len() == got.len()
            && expected.iter().zip(&got).all(|(e, g)| {
                e.type_name == g.type_name
                    && e.text.to_lowercase() == g.text
                    && same_value(&e.value, &g.value)
            });
        let strict = lenient
            && expected.iter().zip(&got).all(|(e, g)| {
                e.start == g.start
                    && e.end == g.end
                    && (e.subtype.is_none() || e.subtype == g.subtype)
            });
        s.lenient_pass += usize::from(lenient);
        s.strict_pass += usize::from(strict);
        if !lenient {
            s.failures.push(format!(
                "{:?}: expected {:?}, got {:?}",
                case.input,
                expected
                    .iter()
                    .map(|e| (&e.text, &e.value))
                    .collect::<Vec<_>>(),
                got.iter().map(|e| (&e.text, &e.value)).collect::<Vec<_>>()
            ));
        }
        s.ent_expected += expected.len();
        s.ent_predicted += got.len();
        let overlaps = |e: &Entity, g: &Entity| e.start <= g.end && g.start <= e.end;
        s.ent_matched_expected += expected
            .iter()
            .filter(|e| {
                got.iter()
                    .any(|g| overlaps(e, g) && same_value(&e.value, &g.value))
            })
            .count();
        s.ent_matched_predicted += got
            .iter()
            .filter(|g| {
                expected
                    .iter()
                    .any(|e| overlaps(e, g) && same_value(&e.value, &g.value))
            })
            .count();
    }
    Ok(s)
}

// ---------------------------------------------------------------------------------------
// quantulum3
// ---------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct QCase {
    req: String,
    res: Vec<QQuantity>,
}

#[derive(Deserialize)]
struct QQuantity {
    value: f64,
    unit: String,
    surface: String,
}

pub struct QuantulumScore {
    pub name: String,
    pub expected: usize,
    pub years: usize,
    pub predicted: usize,
    pub surface_ok: usize,
    pub unit_ok: usize,
    pub failures: Vec<String>,
}

impl QuantulumScore {
    pub fn value_surface(&self) -> f64 {
        ratio(self.surface_ok, self.expected)
    }
    pub fn value_unit(&self) -> f64 {
        ratio(self.unit_ok, self.expected)
    }
}

/// Our unit name -> quantulum3's. Count nouns ("soldier") have no entry: quantulum calls
/// a bare count `dimensionless` and its surface is the number alone.
///
/// A composed name (`USD per hour`, `joule per square metre per year`, `inverse
/// femtobarn`, `joule second`) is mapped part by part: it is split at `per`, each part loses
/// its power word (`inverse`, `square`, `cubic`) and is split into factors, and each factor
/// is mapped by [`quantulum_factor`]; the pieces are put back in the same order. In a rate a
/// counted `time` is quantulum's `count` (`four times per week` is `count per week`).
pub fn quantulum_unit(ours: &str) -> Option<String> {
    if let Some(u) = quantulum_simple(ours) {
        return Some(u.to_string());
    }
    let mut out = String::new();
    for (n, part) in ours.split(" per ").enumerate() {
        if n > 0 {
            out.push_str(" per ");
        }
        let rate = ours.contains(" per ");
        let mapped = quantulum_simple(part).map(str::to_string).or_else(|| {
            let (power, rest) = ["inverse ", "square ", "cubic "]
                .iter()
                .find_map(|p| part.strip_prefix(p).map(|r| (*p, r)))
                .unwrap_or(("", part));
            let factors: Option<Vec<String>> = quantulum_simple(rest)
                .map(|u| vec![u.to_string()])
                .or_else(|| {
                    rest.split(' ')
                        .map(|f| match f {
                            "time" if rate => Some("count".to_string()),
                            _ => quantulum_factor(f),
                        })
                        .collect()
                });
            Some(format!("{power}{}", factors?.join(" ")))
        })?;
        out.push_str(&mapped);
    }
    Some(out)
}

/// One factor of a composed unit: a name of the table, or an SI prefix on a unit that
/// quantulum names the way we do (`femtobarn`, `kilometre`, `milliampere`).
fn quantulum_factor(ours: &str) -> Option<String> {
    if let Some(u) = quantulum_simple(ours) {
        return Some(u.to_string());
    }
    const SAME: &[&str] = &[
        "metre",
        "gram",
        "second",
        "ampere",
        "kelvin",
        "mole",
        "candela",
        "joule",
        "watt",
        "newton",
        "pascal",
        "hertz",
        "volt",
        "ohm",
        "electronvolt",
        "litre",
        "gray",
        "sievert",
        "becquerel",
        "lumen",
        "calorie",
        "tonne",
        "byte",
        "bit",
        "barn",
        "minute",
        "hour",
        "day",
        "week",
        "month",
        "year",
    ];
    const PREFIXES: &[&str] = &[
        "", "exa", "peta", "tera", "giga", "mega", "kilo", "hecto", "deci", "centi", "milli",
        "micro", "nano", "pico", "femto",
    ];
    PREFIXES
        .iter()
        .filter_map(|p| ours.strip_prefix(p))
        .any(|base| SAME.contains(&base))
        .then(|| ours.to_string())
}

/// The names of the table, one to one.
fn quantulum_simple(ours: &str) -> Option<&'static str> {
    Some(match ours {
        "percent" => "percentage",
        "USD" => "dollar",
        "EUR" => "euro",
        "GBP" => "pound sterling",
        "JPY" => "yen",
        "metre" => "metre",
        "kilometre" => "kilometre",
        "centimetre" => "centimetre",
        "millimetre" => "millimetre",
        "nanometre" => "nanometre",
        "picometre" => "picometre",
        "mile" => "mile",
        "foot" => "foot",
        "inch" => "inch",
        "yard" => "yard",
        "square kilometre" => "square kilometre",
        "square mile" => "square mile",
        "square metre" => "square metre",
        "cubic kilometre" => "cubic kilometre",
        "kilogram" => "kilogram",
        "gram" => "gram",
        "milligram" => "milligram",
        "tonne" => "tonne",
        "pound" => "pound-mass",
        "litre" => "litre",
        "millilitre" => "cubic centimetre",
        "centilitre" => "centilitre",
        "gallon" => "gallon",
        "cup" => "cup",
        "tablespoon" => "tablespoon",
        "electronvolt" => "electronvolt",
        "teraelectronvolt" => "teraelectronvolt",
        "watt hour" => "watt hour",
        "megawatt hour" => "megawatt hour",
        "kilowatt hour" => "kilowatt hour",
        "watt" => "watt",
        "gigahertz" => "gigahertz",
        "megabyte" => "megabyte",
        "exabyte" => "exabyte",
        "kibibyte" => "kibibyte",
        "byte" => "byte",
        "bit" => "bit",
        "degree celsius" => "degree celsius",
        "degree fahrenheit" => "degree fahrenheit",
        "kelvin" => "kelvin",
        "kilometre per hour" => "kilometre per hour",
        "watt per minute" => "watt per minute",
        "litre per kilometre" => "litre per kilometre",
        "ton per day" => "ton per day",
        "milligray" => "milligray",
        "gray" => "gray",
        "megayear" => "megayear",
        "gigayear" => "gigayear",
        "second" => "second",
        "minute" => "minute",
        "hour" => "hour",
        "day" => "day",
        "week" => "week",
        "month" => "month",
        "year" => "year",
        "cent" => "cent",
        "dime" => "dime",
        "penny" => "penny",
        _ => return None,
    })
}

/// Our findings as quantulum would write them: `(value, unit, surface)`.
fn quantulum_view(text: &str, f: &Found) -> (f64, String, String) {
    let mapped = f.unit.as_deref().and_then(quantulum_unit);
    let unit = mapped
        .clone()
        .unwrap_or_else(|| "dimensionless".to_string());
    let value = match (f.kind, f.value_max) {
        (Kind::Range, Some(hi)) => (f.value + hi) / 2.0,
        _ => f.value,
    };
    let surface = if f.kind == Kind::Range {
        // quantulum keeps "between" but no other qualifier.
        // quantulum reads "between" only with "and".
        let joined_by_and = f
            .max_span
            .as_ref()
            .is_some_and(|m| text[f.number_span.end..m.start].contains("and"));
        let start = if text[f.span.clone()].to_lowercase().starts_with("between") && joined_by_and {
            f.span.start
        } else {
            f.number_span
                .start
                .min(f.unit_span.clone().map_or(usize::MAX, |u| u.start))
        };
        let end = if mapped.is_some() {
            f.span.end
        } else {
            f.figure.end
        };
        text[start..end].to_string()
    } else if mapped.is_some() {
        let u = f.unit_span.clone().unwrap_or(f.number_span.clone());
        let start = f.number_span.start.min(u.start);
        let end = f.number_span.end.max(u.end);
        text[start..end].to_string()
    } else {
        text[f.number_span.clone()].to_string()
    };
    (value, unit, surface)
}

fn score_quantulum(name: &str, path: &Path) -> Result<QuantulumScore> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let cases: Vec<QCase> =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", path.display()))?;
    let mut s = QuantulumScore {
        name: name.to_string(),
        expected: 0,
        years: 0,
        predicted: 0,
        surface_ok: 0,
        unit_ok: 0,
        failures: Vec::new(),
    };
    for case in cases {
        let got: Vec<(f64, String, String)> = quantity::quantities(&case.req)
            .iter()
            .map(|f| quantulum_view(&case.req, f))
            .collect();
        s.predicted += got.len();
        for q in &case.res {
            let year = q.unit == "dimensionless"
                && q.surface.len() == 4
                && q.surface.chars().all(|c| c.is_ascii_digit())
                && (1000.0..=2100.0).contains(&q.value);
            if year {
                s.years += 1;
                // A year we do report would be a false positive for a claim extractor; one
                // we skip is the expected miss.
                continue;
            }
            s.expected += 1;
            let surface = got
                .iter()
                .find(|(v, _, sf)| close(*v, q.value) && *sf == q.surface);
            if let Some((_, unit, _)) = surface {
                s.surface_ok += 1;
                if unit.eq_ignore_ascii_case(&q.unit) {
                    s.unit_ok += 1;
                } else {
                    s.failures
                        .push(format!("{:?}: unit {unit} for {}", case.req, q.unit));
                }
            } else {
                s.failures.push(format!(
                    "{:?}: expected {} {:?} ({}), got {:?}",
                    case.req, q.value, q.surface, q.unit, got
                ));
            }
        }
    }
    Ok(s)
}

// ---------------------------------------------------------------------------------------
// News set
// ---------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct NewsLine {
    file: String,
    #[serde(default)]
    page: Option<String>,
    start: usize,
    end: usize,
    quantities: Vec<NewsQuantity>,
}

#[derive(Deserialize, Clone)]
struct NewsQuantity {
    text: String,
    value: f64,
    value_max: Option<f64>,
    unit: Option<String>,
    qualifier: Qualifier,
}

#[derive(Default, Clone, Copy)]
pub struct Prf {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Prf {
    pub fn p(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    pub fn r(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        f1(self.p(), self.r())
    }
}

pub struct NewsScore {
    pub sentences: usize,
    pub empty: usize,
    pub gold: usize,
    pub value: Prf,
    pub unit: Prf,
    pub qualifier: Prf,
    pub failures: Vec<String>,
}

/// A sentence of the news set and its gold quantities, each with its byte span.
type NewsSentence = (String, Vec<(std::ops::Range<usize>, NewsQuantity)>);

/// How a finding is compared with a gold quantity.
type Matcher<'a> = &'a dyn Fn(&Found, &NewsQuantity) -> bool;

/// The annotated sentences: (sentence text, gold quantities with their byte spans).
fn news_sentences(shared: &Path) -> Result<Vec<NewsSentence>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/news-quantities.jsonl");
    let text = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
    let pages = truth(shared)?;
    let mut files: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let rec: NewsLine = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: bad record", p.display(), n + 1))?;
        let body = match &rec.page {
            Some(id) => pages
                .get(id)
                .map(|pg| pg.article_body.clone())
                .with_context(|| format!("{}:{}: no page {id}", p.display(), n + 1))?,
            None => {
                if !files.contains_key(&rec.file) {
                    let path = shared.join(&rec.file);
                    let t = std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    files.insert(rec.file.clone(), t);
                }
                files[&rec.file].clone()
            }
        };
        let sentence = body
            .get(rec.start..rec.end)
            .with_context(|| format!("{}:{}: range not in {}", p.display(), n + 1, rec.file))?
            .to_string();
        let mut pos = 0;
        let mut golds = Vec::new();
        for q in rec.quantities {
            let at = sentence[pos..].find(&q.text).with_context(|| {
                format!(
                    "{}:{}: {:?} not found in the sentence",
                    p.display(),
                    n + 1,
                    q.text
                )
            })? + pos;
            pos = at + q.text.len();
            golds.push((at..pos, q));
        }
        out.push((sentence, golds));
    }
    Ok(out)
}

/// Our unit against the news set's. The set names what a figure counts (`USD`, `hour`), not
/// what a rate is counted per, so a rate (`USD per barrel`, `hour per day`) is compared by
/// the thing it counts; a gold unit that is itself a rate must match whole.
fn news_unit_eq(f: &Found, g: &NewsQuantity) -> bool {
    match (f.unit.as_deref(), g.unit.as_deref()) {
        (Some(ours), Some(gold)) if !gold.contains(" per ") => {
            ours == gold || ours.split(" per ").next() == Some(gold)
        }
        (ours, gold) => ours == gold,
    }
}

fn score_news(shared: &Path) -> Result<NewsScore> {
    let sentences = news_sentences(shared)?;
    let mut s = NewsScore {
        sentences: sentences.len(),
        empty: 0,
        gold: 0,
        value: Prf::default(),
        unit: Prf::default(),
        qualifier: Prf::default(),
        failures: Vec::new(),
    };
    let opt_close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => close(x, y),
        _ => false,
    };
    for (text, golds) in &sentences {
        let found = quantity::quantities(text);
        s.empty += usize::from(golds.is_empty());
        s.gold += golds.len();
        let value_eq = |f: &Found, g: &NewsQuantity| {
            close(f.value, g.value) && opt_close(f.value_max, g.value_max)
        };
        let checks: [(&mut Prf, Matcher); 3] = [
            (&mut s.value, &|f, g| value_eq(f, g)),
            (&mut s.unit, &|f, g| value_eq(f, g) && news_unit_eq(f, g)),
            (&mut s.qualifier, &|f, g| {
                value_eq(f, g) && f.qualifier == g.qualifier
            }),
        ];
        for (prf, eq) in checks {
            prf.gold += golds.len();
            prf.predicted += found.len();
            let mut used = vec![false; found.len()];
            for (span, g) in golds {
                let hit = found.iter().enumerate().position(|(i, f)| {
                    !used[i] && f.span.start < span.end && span.start < f.span.end && eq(f, g)
                });
                if let Some(i) = hit {
                    used[i] = true;
                    prf.matched += 1;
                }
            }
        }
        let shown: Vec<String> = found
            .iter()
            .map(|f| {
                format!(
                    "{:?}={} {:?} {:?} {:?}",
                    &text[f.span.clone()],
                    f.value,
                    f.value_max,
                    f.unit,
                    f.qualifier
                )
            })
            .collect();
        let want: Vec<String> = golds
            .iter()
            .map(|(_, g)| {
                format!(
                    "{:?}={} {:?} {:?} {:?}",
                    g.text, g.value, g.value_max, g.unit, g.qualifier
                )
            })
            .collect();
        if shown.len() != want.len()
            || golds.iter().any(|(span, g)| {
                !found.iter().any(|f| {
                    f.span.start < span.end
                        && span.start < f.span.end
                        && value_eq(f, g)
                        && news_unit_eq(f, g)
                        && f.qualifier == g.qualifier
                })
            })
        {
            s.failures
                .push(format!("{text}\n    want {want:?}\n    got  {shown:?}"));
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_units_map_factor_by_factor() {
        let q = |u: &str| quantulum_unit(u);
        assert_eq!(q("USD per hour").as_deref(), Some("dollar per hour"));
        assert_eq!(q("time per week").as_deref(), Some("count per week"));
        assert_eq!(q("inverse second").as_deref(), Some("inverse second"));
        assert_eq!(q("inverse femtobarn").as_deref(), Some("inverse femtobarn"));
        assert_eq!(q("joule second").as_deref(), Some("joule second"));
        assert_eq!(q("candela second").as_deref(), Some("candela second"));
        assert_eq!(
            q("kilometre per square second").as_deref(),
            Some("kilometre per square second")
        );
        assert_eq!(
            q("joule per square metre per year").as_deref(),
            Some("joule per square metre per year")
        );
        assert_eq!(
            q("USD per kilogram").as_deref(),
            Some("dollar per kilogram")
        );
        // Names of the table keep their mapping.
        assert_eq!(q("pound").as_deref(), Some("pound-mass"));
        assert_eq!(
            q("kilometre per hour").as_deref(),
            Some("kilometre per hour")
        );
        // Counted nouns have no quantulum unit, in a rate or not; nor has a lone `time`.
        assert_eq!(q("soldier"), None);
        assert_eq!(q("soldier per day"), None);
        assert_eq!(q("time"), None);
        assert_eq!(q("inverse soldier"), None);
    }
}
