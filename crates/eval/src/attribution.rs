//! Attribution and entity-merge evaluation of the `attribute` stage on ECB+
//! (`../shared/data/ecbplus/texts`), with our own annotations.
//!
//! **Attribution.** `data/attribution-ecbplus.tsv` holds every line (one sentence per line)
//! of the first ten lines of 41 documents, annotated by hand with the speaker's head word
//! and the reporting verb's lemma, or `-` when the sentence reports no one (the file header
//! gives the conventions). Each document is read the way the pipeline reads it (its text
//! as the body, `extract::claims`, then `attribute::attribute`); the prediction for a line
//! is the attribution of the first claim that starts on it.
//!
//! What counts as a match: the predicted attribution names the annotated speaker (one of
//! the annotated head words appears, case-insensitively, as a word of the predicted
//! `source` or of an element of `via`, so that "X said, citing Y" is a match for X) **and**
//! its verb lemma equals the annotated one. Precision is matches over lines where the tool
//! attributes anything; recall is matches over annotated reported-speech lines. Speaker
//! precision and recall (verb ignored) are reported beside them.
//!
//! **Merges.** All 982 texts are resolved together; every merge (an alias with its reason)
//! is listed, and 100 are sampled deterministically (smallest XXH3 of entity and alias).
//! `data/merges-sample.tsv` holds my verdict on each sampled merge (`ok` or `wrong`, with a
//! note), checked by hand against the texts; the score is the number of wrong ones.
//!
//! **Speed.** `attribute` (and `resolve`) over the ECB+ texts and the seed articles on one
//! core, with sentence segmentation over the same texts as the peer, and a 1 MB and a 5 MB
//! line without punctuation to show the cost stays linear.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use model::{Claim, Document};
use xxhash_rust::xxh3::xxh3_64;

use crate::ratchet::Scores;

/// Targets of issue 4.
pub const TARGET_PRECISION: f64 = 0.90;
pub const TARGET_RECALL: f64 = 0.90;
pub const TARGET_WRONG_MERGES: usize = 3;
pub const MERGE_SAMPLE: usize = 100;

/// One annotated line.
#[derive(Debug, Clone)]
pub struct Gold {
    pub file: String,
    pub line: usize,
    /// Acceptable head words, lowercase; empty for no reported speech.
    pub heads: Vec<String>,
    pub verb: String,
}

/// What the tool said for one annotated line.
#[derive(Debug, Clone)]
pub struct Case {
    pub gold: Gold,
    pub source: Option<String>,
    pub via: Vec<String>,
    pub verb: Option<String>,
    pub speaker_ok: bool,
    pub verb_ok: bool,
}

#[derive(Debug, Default)]
pub struct Report {
    pub cases: Vec<Case>,
    pub documents: usize,
}

impl Report {
    fn count(&self, f: impl Fn(&Case) -> bool) -> usize {
        self.cases.iter().filter(|c| f(c)).count()
    }

    pub fn gold(&self) -> usize {
        self.count(|c| !c.gold.heads.is_empty())
    }

    pub fn predicted(&self) -> usize {
        self.count(|c| c.source.is_some())
    }

    pub fn correct(&self) -> usize {
        self.count(|c| c.speaker_ok && c.verb_ok)
    }

    pub fn speaker_correct(&self) -> usize {
        self.count(|c| c.speaker_ok)
    }

    pub fn scores(&self) -> Scores {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let mut s = Scores::new();
        s.insert("precision".into(), ratio(self.correct(), self.predicted()));
        s.insert("recall".into(), ratio(self.correct(), self.gold()));
        s.insert(
            "speaker_precision".into(),
            ratio(self.speaker_correct(), self.predicted()),
        );
        s.insert(
            "speaker_recall".into(),
            ratio(self.speaker_correct(), self.gold()),
        );
        s
    }
}

fn annotations() -> Result<Vec<Gold>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/attribution-ecbplus.tsv");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        anyhow::ensure!(
            cols.len() >= 4,
            "{}:{}: expected 4 columns",
            path.display(),
            n + 1
        );
        let heads = if cols[2] == "-" {
            Vec::new()
        } else {
            cols[2].split('|').map(|h| h.to_lowercase()).collect()
        };
        out.push(Gold {
            file: cols[0].to_string(),
            line: cols[1].parse().with_context(|| format!("line {}", n + 1))?,
            heads,
            verb: cols[3].to_string(),
        });
    }
    Ok(out)
}

/// A document made from an ECB+ text, as the pipeline would see it after cleaning (the
/// texts carry no header to remove): the body is the text.
fn document(id: &str, text: &str) -> Document {
    let mut d = Document::new(id, id, text);
    d.body = text.to_string();
    d
}

fn attributed(doc: &Document) -> (Vec<Claim>, attribute::DocMentions) {
    let mut claims = extract::claims(doc, &extract::Config::default());
    let m = attribute::attribute(doc, &mut claims, &attribute::Config::default());
    (claims, m)
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect()
}

/// Scores the annotated sample.
pub fn run() -> Result<Report> {
    let texts = crate::shared_dir().join("data/ecbplus/texts");
    let gold = annotations()?;
    let mut by_file: BTreeMap<String, Vec<Gold>> = BTreeMap::new();
    for g in gold {
        by_file.entry(g.file.clone()).or_default().push(g);
    }
    let mut report = Report {
        documents: by_file.len(),
        ..Report::default()
    };
    for (file, golds) in by_file {
        let path = texts.join(&file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let doc = document(&file, &text);
        let (claims, _) = attributed(&doc);
        let mut starts = vec![0usize];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        for g in golds {
            let from = starts.get(g.line - 1).copied().unwrap_or(usize::MAX);
            let to = starts.get(g.line).copied().unwrap_or(text.len() + 1);
            let a = claims
                .iter()
                .filter(|c| c.span.start >= from && c.span.start < to)
                .find_map(|c| c.attribution.as_ref());
            let (source, via, verb) = match a {
                Some(a) => (Some(a.source.clone()), a.via.clone(), Some(a.verb.clone())),
                None => (None, Vec::new(), None),
            };
            let predicted: Vec<String> = source
                .iter()
                .chain(via.iter())
                .flat_map(|s| words(s))
                .collect();
            let speaker_ok = !g.heads.is_empty() && g.heads.iter().any(|h| predicted.contains(h));
            let verb_ok = verb.as_deref() == Some(g.verb.as_str());
            report.cases.push(Case {
                gold: g,
                source,
                via,
                verb,
                speaker_ok,
                verb_ok,
            });
        }
    }
    Ok(report)
}

/// Prints the scores, the misses and the false alarms.
pub fn print(speed: bool, dump_merges: bool) -> Result<()> {
    let report = run()?;
    let s = report.scores();
    println!(
        "## Attribution on ECB+ (our annotations, {} lines of {} documents)\n",
        report.cases.len(),
        report.documents
    );
    println!("| measure | value |");
    println!("|---|---|");
    println!("| lines with reported speech (gold) | {} |", report.gold());
    println!("| lines the tool attributes | {} |", report.predicted());
    println!("| speaker and verb right | {} |", report.correct());
    println!("| precision (speaker + verb) | {:.3} |", s["precision"]);
    println!("| recall (speaker + verb) | {:.3} |", s["recall"]);
    println!("| speaker precision | {:.3} |", s["speaker_precision"]);
    println!("| speaker recall | {:.3} |", s["speaker_recall"]);
    if std::env::var("ATTRIBUTION_DUMP").as_deref() == Ok("1") {
        println!("\n### Disagreements\n");
        for c in &report.cases {
            if (c.speaker_ok && c.verb_ok) || (c.gold.heads.is_empty() && c.source.is_none()) {
                continue;
            }
            println!(
                "- {}:{} gold {:?}/{} predicted {:?} via {:?} / {:?}",
                c.gold.file, c.gold.line, c.gold.heads, c.gold.verb, c.source, c.via, c.verb
            );
        }
    }
    let merges = merge_check()?;
    println!("\n## Entity merges on all of ECB+ (whole-corpus resolve)\n");
    println!("| measure | value |");
    println!("|---|---|");
    println!("| entities | {} |", merges.entities);
    println!("| merges (aliases with a reason) | {} |", merges.total);
    println!("| sampled and checked by hand | {} |", merges.checked);
    println!("| wrong in the sample | {} |", merges.wrong);
    println!(
        "| sampled merges without a verdict (re-check needed) | {} |",
        merges.unchecked
    );
    if dump_merges {
        println!("\n### Sample (entity, alias, reason)\n");
        for (e, a, r) in &merges.sample {
            println!("{e}\t{a}\t{r}");
        }
    }
    if speed {
        print_speed()?;
    }
    Ok(())
}

/// The result of checking the merge sample against the verdicts in
/// `data/merges-sample.tsv`.
#[derive(Debug, Default)]
pub struct MergeCheck {
    pub entities: usize,
    pub total: usize,
    pub sample: Vec<MergeRow>,
    pub checked: usize,
    pub wrong: usize,
    pub unchecked: usize,
}

fn ecb_texts() -> Result<Vec<(String, String)>> {
    let dir = crate::shared_dir().join("data/ecbplus/texts");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for p in names {
        let id = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        out.push((
            id,
            std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?,
        ));
    }
    Ok(out)
}

/// A merge as listed: (entity name, alias, reason).
pub type MergeRow = (String, String, String);

/// Resolves all of ECB+ and returns the number of entities and every merge, sorted.
pub fn all_merges() -> Result<(usize, Vec<MergeRow>)> {
    let docs: Vec<Document> = ecb_texts()?.iter().map(|(id, t)| document(id, t)).collect();
    let mut claims = Vec::new();
    let mut mentions = Vec::new();
    for d in &docs {
        let (c, m) = attributed(d);
        claims.extend(c);
        mentions.push(m);
    }
    let entities = attribute::resolve(&docs, &mut claims, mentions, &attribute::Config::default());
    let mut out = Vec::new();
    for e in &entities {
        for m in &e.merges {
            out.push((e.name.clone(), m.alias.clone(), m.reason.clone()));
        }
    }
    out.sort();
    Ok((entities.len(), out))
}

/// The deterministic sample: the merges with the smallest hash of entity and alias.
pub fn sample(merges: &[MergeRow], n: usize) -> Vec<MergeRow> {
    let mut keyed: Vec<(u64, &MergeRow)> = merges
        .iter()
        .map(|m| (xxh3_64(format!("{}\t{}", m.0, m.1).as_bytes()), m))
        .collect();
    keyed.sort();
    keyed.into_iter().take(n).map(|(_, m)| m.clone()).collect()
}

/// Compares the current sample with the verdicts on file.
pub fn merge_check() -> Result<MergeCheck> {
    let (entities, merges) = all_merges()?;
    let sample = sample(&merges, MERGE_SAMPLE);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/merges-sample.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut verdicts: HashMap<(String, String), String> = HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() >= 4 {
            verdicts.insert(
                (cols[0].to_string(), cols[1].to_string()),
                cols[3].to_string(),
            );
        }
    }
    let mut check = MergeCheck {
        entities,
        total: merges.len(),
        ..MergeCheck::default()
    };
    for (e, a, _) in &sample {
        match verdicts.get(&(e.clone(), a.clone())).map(String::as_str) {
            Some("ok") => check.checked += 1,
            Some("wrong") => {
                check.checked += 1;
                check.wrong += 1;
            }
            _ => check.unchecked += 1,
        }
    }
    check.sample = sample;
    Ok(check)
}

/// Measures throughput on one core and prints it.
pub fn print_speed() -> Result<()> {
    let mut texts: Vec<(String, String)> = ecb_texts()?;
    let seeds = crate::shared_dir().join("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .with_context(|| format!("reading {}", seeds.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for p in names {
        let id = p
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        texts.push((id, std::fs::read_to_string(&p)?));
    }
    let docs: Vec<Document> = texts.iter().map(|(id, t)| document(id, t)).collect();
    let claims: Vec<Vec<Claim>> = docs
        .iter()
        .map(|d| extract::claims(d, &extract::Config::default()))
        .collect();
    let once: usize = docs.iter().map(|d| d.body.len()).sum();
    let min: usize = 20 * 1024 * 1024;
    let rounds = min.div_ceil(once);
    let cfg = attribute::Config::default();
    let (mut t_attr, mut t_resolve) = (0.0, 0.0);
    let mut entities = 0;
    for _ in 0..rounds {
        let mut all: Vec<Vec<Claim>> = claims.clone();
        let start = Instant::now();
        let mentions: Vec<attribute::DocMentions> = docs
            .iter()
            .zip(all.iter_mut())
            .map(|(d, c)| attribute::attribute(d, c, &cfg))
            .collect();
        t_attr += start.elapsed().as_secs_f64();
        let mut flat: Vec<Claim> = all.into_iter().flatten().collect();
        let start = Instant::now();
        entities = attribute::resolve(&docs, &mut flat, mentions, &cfg).len();
        t_resolve += start.elapsed().as_secs_f64();
    }
    let start = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            std::hint::black_box(extract::segment::sentences(&d.body));
        }
    }
    let t_peer = start.elapsed().as_secs_f64();
    let mb = (once * rounds) as f64 / 1e6;
    println!("\n## Attribution speed (one core, release build; MB = 10^6 bytes)\n");
    println!("| what | text | time | throughput |");
    println!("|---|---|---|---|");
    println!(
        "| `attribute::attribute` per document ({} documents x {rounds}) | {mb:.1} MB | {t_attr:.2} s | {:.1} MB/s |",
        docs.len(),
        mb / t_attr
    );
    println!(
        "| `attribute::resolve` over the corpus ({entities} entities) | {mb:.1} MB | {t_resolve:.2} s | {:.1} MB/s |",
        mb / t_resolve
    );
    println!(
        "| both | {mb:.1} MB | {:.2} s | {:.1} MB/s |",
        t_attr + t_resolve,
        mb / (t_attr + t_resolve)
    );
    println!(
        "| peer: `segment::sentences` | {mb:.1} MB | {t_peer:.2} s | {:.1} MB/s |",
        mb / t_peer
    );

    // One line without punctuation, at two sizes: the time grows with the size, not its
    // square.
    let unit =
        "Officials Said Harbour Board spokesperson Ana Lind according to the Norland Wire citing ";
    let mut times = Vec::new();
    for size in [1_000_000usize, 5_000_000] {
        let body = unit.repeat(size / unit.len());
        let doc = document("long", &body);
        let mut claims: Vec<Claim> = extract::segment::sentences(&body)
            .into_iter()
            .enumerate()
            .map(|(i, r)| Claim {
                id: format!("long:c{i}"),
                doc: "long".into(),
                span: model::Span::new(r.start, r.end),
                text: String::new(),
                attribution: None,
                quantities: Vec::new(),
                times: Vec::new(),
                entities: Vec::new(),
            })
            .collect();
        let start = Instant::now();
        let m = attribute::attribute(&doc, &mut claims, &cfg);
        attribute::resolve(std::slice::from_ref(&doc), &mut claims, vec![m], &cfg);
        times.push((body.len(), start.elapsed().as_secs_f64()));
    }
    for (len, t) in &times {
        println!(
            "| one line, no punctuation | {:.1} MB | {t:.2} s | {:.1} MB/s |",
            *len as f64 / 1e6,
            *len as f64 / 1e6 / t
        );
    }
    Ok(())
}
