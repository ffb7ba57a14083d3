//! The link benchmark: a generated corpus of many stories, with injected copies and
//! rewrites, held in memory, through `link::stories` and `link::links`.
//!
//! Each story has its own invented names (a person, a place and an organisation made of
//! random syllables, so the vocabulary grows with the corpus as real news does), its own
//! figures and dates, and a topic word shared with many other stories (look-alike events).
//! An article mixes sentences about its story with generic filler. A tenth of the
//! articles are verbatim copies of an earlier article of the story, a tenth are copies
//! with edits (a sentence dropped, words replaced) and a tenth are rewrites (sentences
//! reordered, words dropped, some sentences new); copies and rewrites name their source
//! outlet ("X reported"). It reports the time and peak memory of stories and links, how
//! well the stories match the generated ones (B³) and how many injected copies were found.
//!
//! It does not read or write files: ingest and clean are measured by `run`.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use anyhow::Result;
use model::{Document, LinkKind};

use crate::generate::{self, Rng};

const SYLLABLES: &[&str] = &[
    "ka", "ro", "vel", "mar", "dun", "esk", "tol", "bri", "sa", "no", "qua", "ith", "lor", "pen",
    "zu", "ar", "ven", "ost", "ira", "gal", "dre", "mo", "ty", "hal", "wyn", "cor", "ul", "fen",
];

fn name(rng: &mut Rng, parts: u64) -> String {
    let mut s = String::new();
    for _ in 0..parts {
        s.push_str(rng.pick(SYLLABLES));
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// What one story is about.
struct StoryFacts {
    sentences: Vec<String>,
    day: u64,
}

fn story(rng: &mut Rng) -> StoryFacts {
    let person = format!("{} {}", rng.pick(generate::FIRST), name(rng, 3));
    let place = name(rng, 3);
    let org = format!(
        "{} {}",
        name(rng, 2),
        rng.pick(&["Council", "Ministry", "Union", "Authority"])
    );
    let topic = rng.pick(generate::NOUNS);
    let count = rng.range(12, 9000);
    let day = rng.range(0, 700);
    let templates = [
        format!(
            "The {topic} in {place} was {} by the {org} on Tuesday.",
            rng.pick(generate::VERBS)
        ),
        format!(
            "{person}, the {} of {place}, said {count} people were affected.",
            rng.pick(generate::ROLES)
        ),
        format!(
            "Officials in {place} confirmed that {count} residents had been moved since the {topic} began."
        ),
        format!("The {org} said it would review the {topic} after talks with {person}."),
        format!("{person} told reporters the {topic} could last until the end of the month."),
        format!("Crowds gathered outside the {org} offices in {place} late on Wednesday."),
        format!(
            "A spokesman for the {org} declined to say how many {} were involved.",
            rng.pick(&["officers", "vessels", "workers", "trucks"])
        ),
        format!("Residents of {place} described long queues and closed shops near the harbour."),
        format!("{person} is expected to meet the {org} again next week, aides said."),
        format!("Critics accused {person} of ignoring warnings about the {topic} in {place}."),
        format!(
            "Figures from the {org} put the cost at {} million.",
            rng.range(2, 900)
        ),
        format!(
            "The {topic} is the largest in {place} since {}.",
            rng.range(1950, 2020)
        ),
    ];
    StoryFacts {
        sentences: templates.to_vec(),
        day,
    }
}

/// How an article was made, for scoring.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
    Original,
    Copy(usize),
    Edited(usize),
    Rewrite(usize),
}

fn date(day: u64) -> String {
    let (y, d) = (2024 + day / 360, day % 360);
    format!("{y}-{:02}-{:02}", d / 30 + 1, d % 30 + 1)
}

/// Generates `n` documents; returns them with their story index and how each was made.
fn corpus(n: usize, seed: u64) -> (Vec<Document>, Vec<usize>, Vec<Made>) {
    let mut rng = Rng::new(seed);
    let mut docs: Vec<Document> = Vec::with_capacity(n);
    let mut story_of = Vec::with_capacity(n);
    let mut made = Vec::with_capacity(n);
    let mut outlets: Vec<String> = (0..200)
        .map(|_| {
            format!(
                "The {} {}",
                name(&mut rng, 2),
                rng.pick(&["Herald", "Post", "Times", "Courier", "Wire"])
            )
        })
        .collect();
    outlets.sort();
    outlets.dedup();
    let mut s = 0;
    while docs.len() < n {
        let facts = story(&mut rng);
        let size = (rng.range(1, 19) as usize).min(n - docs.len());
        let first = docs.len();
        for k in 0..size {
            let outlet = rng
                .pick(&outlets.iter().map(String::as_str).collect::<Vec<_>>())
                .to_string();
            let roll = rng.range(0, 99);
            let source = (k > 0).then(|| first + rng.range(0, k as u64 - 1) as usize);
            let (body, how) = match source {
                Some(src) if roll < 10 => (docs[src].body.clone(), Made::Copy(src)),
                Some(src) if roll < 20 => (edit(&mut rng, &docs[src].body), Made::Edited(src)),
                Some(src) if roll < 30 => (rewrite(&mut rng, &docs[src].body), Made::Rewrite(src)),
                _ => {
                    let mut body = String::new();
                    let k = rng.range(4, 9);
                    for _ in 0..k {
                        if rng.chance(65) {
                            body.push_str(
                                &facts.sentences
                                    [rng.range(0, facts.sentences.len() as u64 - 1) as usize],
                            );
                        } else {
                            generate::sentence(&mut rng, &mut body, false);
                        }
                        body.push(if rng.chance(30) { '\n' } else { ' ' });
                        if body.ends_with('\n') {
                            body.push('\n');
                        }
                    }
                    (body.trim().to_string(), Made::Original)
                }
            };
            let body = match how {
                Made::Original => body,
                Made::Copy(_) => body,
                Made::Edited(src) | Made::Rewrite(src) => {
                    let cited = docs[src].outlet.clone().unwrap_or_default();
                    format!("{body}\n\n{cited} reported the news first.")
                }
            };
            let id = model::ids::document(format!("{seed}:{}", docs.len()).as_bytes());
            let mut d = Document::new(id, format!("gen/{}.txt", docs.len()), "");
            d.title = Some(format!(
                "{} in {}",
                facts.sentences[0].split(" was ").next().unwrap_or(""),
                outlet
            ));
            d.outlet = Some(outlet);
            d.published = Some(date(facts.day + rng.range(0, 3)));
            d.body = body;
            docs.push(d);
            story_of.push(s);
            made.push(how);
        }
        s += 1;
    }
    (docs, story_of, made)
}

/// A copy with edits: one sentence dropped (when there are several) and a few words
/// replaced.
fn edit(rng: &mut Rng, body: &str) -> String {
    let mut sentences: Vec<&str> = body.split_inclusive(". ").collect();
    if sentences.len() > 3 {
        let k = rng.range(0, sentences.len() as u64 - 1) as usize;
        sentences.remove(k);
    }
    let mut out: String = sentences.concat();
    for (from, to) in [(" said ", " stated "), (" the ", " a "), (" on ", " by ")] {
        if rng.chance(60) {
            out = out.replacen(from, to, 1);
        }
    }
    out
}

/// A rewrite: sentences reordered, every sixth word dropped, one new sentence.
fn rewrite(rng: &mut Rng, body: &str) -> String {
    let mut sentences: Vec<String> = body
        .split_inclusive(['.', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let n = sentences.len();
    for i in (1..n).rev() {
        let j = rng.range(0, i as u64) as usize;
        sentences.swap(i, j);
    }
    let mut out = String::new();
    for s in &sentences {
        for (k, w) in s.split_whitespace().enumerate() {
            if k % 6 != 5 {
                out.push_str(w);
                out.push(' ');
            }
        }
        if !out.trim_end().ends_with('.') {
            out.push('.');
        }
        out.push(' ');
    }
    generate::sentence(rng, &mut out, false);
    out.trim().to_string()
}

/// Generates `docs` documents and measures stories and links on them; with `full`, runs
/// the whole pipeline on them instead (see [`run_full`]).
pub fn run(n: usize, seed: u64, full: bool) -> Result<()> {
    if full {
        return run_full(n, seed);
    }
    let t = Instant::now();
    let (docs, truth, made) = corpus(n, seed);
    let generation = t.elapsed().as_secs_f64();
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    let rss_before = crate::run::peak_rss_mb()?;
    let config = link::Config::default();

    let t = Instant::now();
    let peer = link::exact_duplicates(&docs);
    let peer_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let stories = link::stories(&docs, &config);
    let stories_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let links = link::links(&docs, &[], &[], &stories, &config);
    let links_s = t.elapsed().as_secs_f64();
    let peak = crate::run::peak_rss_mb()?;

    // Scores against the generated truth.
    let pos: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut found_story = vec![0usize; docs.len()];
    for (k, s) in stories.iter().enumerate() {
        for id in &s.documents {
            found_story[pos[id.as_str()]] = k;
        }
    }
    let (p, r) = b_cubed(&found_story, &truth);
    let linked: HashSet<(usize, usize)> = links
        .iter()
        .filter(|l| l.kind != LinkKind::Cites)
        .filter_map(|l| Some((*pos.get(l.from.as_str())?, *pos.get(l.to.as_str())?)))
        .flat_map(|(a, b)| [(a, b), (b, a)])
        .collect();
    let mut tally: [(usize, usize); 3] = [(0, 0); 3];
    for (i, m) in made.iter().enumerate() {
        let (slot, src) = match *m {
            Made::Copy(s) => (0, s),
            Made::Edited(s) => (1, s),
            Made::Rewrite(s) => (2, s),
            Made::Original => continue,
        };
        tally[slot].1 += 1;
        if linked.contains(&(i, src)) {
            tally[slot].0 += 1;
        }
    }
    let count = |k: LinkKind| links.iter().filter(|l| l.kind == k).count();
    println!(
        "crosscheck-bench links: {} documents ({:.1} MB of body text) in {} generated stories, generated in {generation:.2} s",
        docs.len(),
        bytes as f64 / 1e6,
        truth.iter().max().map_or(0, |m| m + 1)
    );
    println!(
        "stories: {stories_s:.2} s -> {} stories, B³ P {p:.4} R {r:.4} against the generated ones",
        stories.len()
    );
    println!(
        "links: {links_s:.2} s -> {} duplicates, {} reuses, {} cites; injected pairs found: verbatim {}/{}, edited {}/{}, rewritten {}/{}",
        count(LinkKind::Duplicates),
        count(LinkKind::Reuses),
        count(LinkKind::Cites),
        tally[0].0,
        tally[0].1,
        tally[1].0,
        tally[1].1,
        tally[2].0,
        tally[2].1
    );
    println!(
        "peer (exact-duplicate hash pass): {peer_s:.3} s, {} links",
        peer.len()
    );
    println!("peak memory (VmHWM): {peak:.0} MB (after generation {rss_before:.0} MB)");
    println!();
    println!(
        "| documents | body MB | stories s | links s | total s | peer s | stories found | B³ F1 | peak MB |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {:.1} | {stories_s:.2} | {links_s:.2} | {:.2} | {peer_s:.3} | {} | {:.4} | {peak:.0} |",
        docs.len(),
        bytes as f64 / 1e6,
        stories_s + links_s,
        stories.len(),
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    );
    Ok(())
}

/// The whole pipeline (`pipeline::analyze_documents`: clean, extract, attribute, stories,
/// links, groups) on the generated corpus, on all cores, each stage timed from the
/// pipeline's own progress reports. The documents enter as raw text, as a loaded file
/// would, so clean and extraction do their real work; the figure the issue targets is
/// stories + links + groups.
fn run_full(n: usize, seed: u64) -> Result<()> {
    use std::sync::Mutex;

    let (mut docs, _, _) = corpus(n, seed);
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    for d in &mut docs {
        d.text = std::mem::take(&mut d.body);
    }
    let rss_before = crate::run::peak_rss_mb()?;
    let config = pipeline::Config::default();
    let marks: Mutex<Vec<(pipeline::Stage, Instant)>> = Mutex::new(Vec::new());
    let progress = |stage: pipeline::Stage, done: usize, total: usize| {
        if done == total
            && let Ok(mut m) = marks.lock()
            && m.last().is_none_or(|&(s, _)| s != stage)
        {
            m.push((stage, Instant::now()));
        }
    };
    let start = Instant::now();
    let report = pipeline::analyze_documents(docs, Vec::new(), &config, &progress);
    let end = Instant::now();
    let peak = crate::run::peak_rss_mb()?;
    let marks = marks.into_inner().unwrap_or_default();
    let at = |stage: pipeline::Stage| {
        marks
            .iter()
            .find(|&&(s, _)| s == stage)
            .map(|&(_, t)| t)
            .ok_or_else(|| anyhow::anyhow!("the pipeline did not report stage {stage:?}"))
    };
    let (clean, extract, link) = (
        at(pipeline::Stage::Clean)?,
        at(pipeline::Stage::Extract)?,
        at(pipeline::Stage::Link)?,
    );
    let secs = |a: Instant, b: Instant| b.duration_since(a).as_secs_f64();
    let (clean_s, extract_s, link_s, align_s) = (
        secs(start, clean),
        secs(clean, extract),
        secs(extract, link),
        secs(link, end),
    );
    println!(
        "crosscheck-bench links --full: {} documents ({:.1} MB), {} claims, {} entities, {} stories, {} links, {} groups, {} figures tables",
        report.documents.len(),
        bytes as f64 / 1e6,
        report.claims.len(),
        report.entities.len(),
        report.stories.len(),
        report.links.len(),
        report.groups.len(),
        report.figures.len(),
    );
    println!("peak memory (VmHWM): {peak:.0} MB (after generation {rss_before:.0} MB)");
    println!();
    println!(
        "| documents | claims | clean s | extract + attribute s | stories + links s | groups s | stories + links + groups s | whole s | peak MB |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {} | {clean_s:.2} | {extract_s:.2} | {link_s:.2} | {align_s:.2} | {:.2} | {:.2} | {peak:.0} |",
        report.documents.len(),
        report.claims.len(),
        link_s + align_s,
        secs(start, end),
    );
    Ok(())
}

fn b_cubed(found: &[usize], truth: &[usize]) -> (f64, f64) {
    let mut both: HashMap<(usize, usize), f64> = HashMap::new();
    let mut f: HashMap<usize, f64> = HashMap::new();
    let mut t: HashMap<usize, f64> = HashMap::new();
    for (&a, &b) in found.iter().zip(truth) {
        *both.entry((a, b)).or_default() += 1.0;
        *f.entry(a).or_default() += 1.0;
        *t.entry(b).or_default() += 1.0;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (&a, &b) in found.iter().zip(truth) {
        p += both[&(a, b)] / f[&a];
        r += both[&(a, b)] / t[&b];
    }
    let n = found.len().max(1) as f64;
    (p / n, r / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corpus_is_deterministic_and_its_copies_are_found() {
        let (a, truth, made) = corpus(300, 7);
        let (b, _, _) = corpus(300, 7);
        assert_eq!(a, b);
        assert_eq!(a.len(), 300);
        let copies: Vec<(usize, usize)> = made
            .iter()
            .enumerate()
            .filter_map(|(i, m)| match *m {
                Made::Copy(s) => Some((i, s)),
                _ => None,
            })
            .collect();
        assert!(copies.len() > 10, "{}", copies.len());
        let config = link::Config::default();
        let stories = link::stories(&a, &config);
        let (p, r) = b_cubed(
            &{
                let pos: HashMap<&str, usize> = a
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.id.as_str(), i))
                    .collect();
                let mut f = vec![0; a.len()];
                for (k, s) in stories.iter().enumerate() {
                    for id in &s.documents {
                        f[pos[id.as_str()]] = k;
                    }
                }
                f
            },
            &truth,
        );
        assert!(p > 0.9 && r > 0.7, "B³ {p} {r}");
        let links = link::links(&a, &[], &[], &stories, &config);
        let found = copies
            .iter()
            .filter(|&&(i, s)| {
                links.iter().any(|l| {
                    l.from == a[i].id && l.to == a[s].id || l.from == a[s].id && l.to == a[i].id
                })
            })
            .count();
        assert!(
            found * 10 >= copies.len() * 9,
            "{found} of {}",
            copies.len()
        );
    }
}
