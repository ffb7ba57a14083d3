//! The link stage: relations between documents.
//!
//! [`stories`] groups documents by the event they report, so that a folder of mixed
//! news is handled story by story. [`links`] then relates documents inside each story:
//! `duplicates` (the same text, exact or nearly), `reuses` (passages copied or rewritten
//! from an earlier document, aligned on both sides with the share they cover) and `cites`
//! (a document naming another outlet as its source). Every link carries its evidence in
//! words, and no link crosses stories.
//!
//! Work is bounded by indexes, never by all pairs: candidate pairs for stories come from
//! an inverted index over each document's most distinctive terms, candidate pairs for
//! reuse from an index of content-word pairs within a story, and citations from one scan
//! per document. The stage reads no clock and no global state; results depend only on the
//! documents, whatever their order or the number of threads.
//!
//! It deliberately does not read entities or attributions beyond what citations need,
//! and does not decide what documents say: claim groups belong to the align stage.

mod cite;
mod reuse;
mod story;
mod text;

use std::collections::{BTreeMap, HashMap, HashSet};

use model::{Claim, Document, Entity, Link, LinkKind, Passage, Span, Story};
use rayon::prelude::*;

pub use story::stories;

/// Thresholds and sizes of the link stage. The defaults were tuned on the ECB+ training
/// documents (stories) and on reuse pairs built from real articles (see the tests).
#[derive(Debug, Clone)]
pub struct Config {
    /// Mean similarity two clusters of documents need to merge into one topic.
    pub story_threshold: f64,
    /// Mean similarity, re-weighted inside a topic, two clusters need to stay one event.
    pub event_threshold: f64,
    /// A topic splits in two when the mean similarity across the parts is below this
    /// share of the mean similarity within them.
    pub split_ratio: f64,
    /// Topics with fewer documents than this are not split into events.
    pub min_split: usize,
    /// Topics up to this size are compared pair by pair when split; larger ones through
    /// the term index.
    pub split_all_pairs: usize,
    /// Candidate partners kept per document from the term index.
    pub neighbours: usize,
    /// Distinctive terms per document used to look up candidates.
    pub query_terms: usize,
    /// Terms held by more documents than this are too common to find candidates with.
    pub max_posting: usize,
    /// Similarities below this are not kept as edges of the story graph.
    pub min_edge: f64,
    /// Weight of words that look like names or numbers, relative to other words.
    pub name_weight: f64,
    /// Weight of a headline's words, relative to the body's.
    pub title_weight: f64,
    /// Documents whose dates are further apart than this many days…
    pub max_days_apart: i64,
    /// …have their similarity multiplied by this.
    pub far_apart_factor: f64,
    /// Content-word pairs held by more documents of a story than this are not used to
    /// find reuse candidates (stock phrases of the story).
    pub max_pair_docs: usize,
    /// Fewest content-word pairs two documents must share to be aligned.
    pub min_shared_pairs: u32,
    /// Reuse candidates kept per document.
    pub reuse_candidates: usize,
    /// Fewest content words a sentence needs to be aligned at all.
    pub min_sentence_terms: usize,
    /// Weighted Dice similarity two sentences need to be aligned.
    pub sentence_similarity: f64,
    /// Fewest aligned sentences for a `reuses` link.
    pub min_reuse_sentences: usize,
    /// Smallest share of the later document's text that must be aligned for `reuses`…
    pub min_reuse_share: f64,
    /// …unless this share of the earlier document is taken.
    pub min_source_share: f64,
    /// Share of both documents aligned above which they are `duplicates`…
    pub duplicate_share: f64,
    /// …when their aligned sentences are this similar on average (copies, not rewrites).
    pub duplicate_similarity: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            story_threshold: 0.04,
            event_threshold: 0.1,
            split_ratio: 0.35,
            min_split: 12,
            split_all_pairs: 200,
            neighbours: 40,
            query_terms: 20,
            max_posting: 500,
            min_edge: 0.05,
            name_weight: 2.5,
            title_weight: 2.0,
            max_days_apart: 30,
            far_apart_factor: 0.5,
            max_pair_docs: 50,
            min_shared_pairs: 2,
            reuse_candidates: 20,
            min_sentence_terms: 3,
            sentence_similarity: 0.5,
            min_reuse_sentences: 2,
            min_reuse_share: 0.15,
            min_source_share: 0.5,
            duplicate_share: 0.9,
            duplicate_similarity: 0.8,
        }
    }
}

/// Links documents inside each story: `duplicates`, `reuses` and `cites` (see the crate
/// documentation). `claims` give sentence boundaries and attributions (documents without
/// claims are split into sentences here); `entities` name outlets and stand in for the
/// outlets that have no document in the corpus. Documents in no story are treated as
/// stories of one.
pub fn links(
    docs: &[Document],
    claims: &[Claim],
    entities: &[Entity],
    stories: &[Story],
    config: &Config,
) -> Vec<Link> {
    links_with(docs, claims, entities, stories, config, None)
}

/// [`stories`] then [`links`] over the same documents, reading the corpus's term
/// frequencies once for both.
pub fn stories_and_links(
    docs: &[Document],
    claims: &[Claim],
    entities: &[Entity],
    config: &Config,
) -> (Vec<Story>, Vec<Link>) {
    let (stories, df) = story::stories_with_df(docs, config);
    let links = links_with(docs, claims, entities, &stories, config, Some(df));
    (stories, links)
}

fn links_with(
    docs: &[Document],
    claims: &[Claim],
    entities: &[Entity],
    stories: &[Story],
    config: &Config,
    df: Option<story::DocFreq>,
) -> Vec<Link> {
    let mut sorted: Vec<&Document> = docs.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
    let pos: HashMap<&str, usize> = sorted
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    // The story of each document; a document no story holds is a story of its own.
    let mut story_of: Vec<usize> = vec![usize::MAX; sorted.len()];
    for (s, story) in stories.iter().enumerate() {
        for id in &story.documents {
            if let Some(&i) = pos.get(id.as_str())
                && story_of[i] == usize::MAX
            {
                story_of[i] = s;
            }
        }
    }
    let mut next = stories.len();
    for s in story_of.iter_mut().filter(|s| **s == usize::MAX) {
        *s = next;
        next += 1;
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); next];
    for (i, &s) in story_of.iter().enumerate() {
        members[s].push(i);
    }

    let mut claims_of: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for c in claims {
        claims_of.entry(c.doc.as_str()).or_default().push(c);
    }
    // Frequencies depend only on the set of documents, so the ones `stories` read serve.
    let df = match df {
        Some(df) => df,
        None => story::vectors(&sorted, config).1,
    };
    let prepared: Vec<reuse::Prepared> = sorted
        .par_iter()
        .map(|d| {
            let cs = claims_of.get(d.id.as_str()).map_or(&[][..], Vec::as_slice);
            reuse::prepare(d, cs, &df)
        })
        .collect();
    let days: Vec<Option<i64>> = sorted.iter().map(|d| text::day(d)).collect();

    let citations = cite::citations(&sorted, claims, entities, &story_of);
    // The first citing phrase of each (citing, cited) pair of documents.
    let mut cites_doc: HashMap<(usize, usize), &str> = HashMap::new();
    for c in &citations {
        if let cite::Target::Doc(t) = c.to {
            cites_doc.entry((c.from, t)).or_insert(c.phrase.as_str());
        }
    }

    let mut out: Vec<Link> = Vec::new();
    let exact = exact_pairs(&sorted, &members);
    let exact_set: HashSet<(usize, usize)> = exact
        .iter()
        .map(|&(from, to)| (from.min(to), from.max(to)))
        .collect();
    for (from, to) in exact {
        out.push(Link {
            from: sorted[from].id.clone(),
            to: sorted[to].id.clone(),
            kind: LinkKind::Duplicates,
            evidence: format!(
                "identical body text ({} bytes after whitespace normalisation)",
                sorted[to].body.len()
            ),
            score: Some(1.0),
            passages: vec![Passage {
                from: Span::new(0, sorted[from].body.len()),
                to: Span::new(0, sorted[to].body.len()),
            }],
        });
    }

    for (a, b, al) in reuse::align_stories(&members, &prepared, &df, config) {
        if exact_set.contains(&(a, b)) || al.matches.len() < config.min_reuse_sentences {
            continue;
        }
        // Which way the text went: dates first, then citations, then which text is the
        // more covered (a rewrite is mostly made of its source), then ids.
        // Stated dates beat a citation; a citation beats dates inferred from the text.
        let stated = sorted[a].published.is_some() && sorted[b].published.is_some();
        let (flip, why) = match (days[a], days[b]) {
            (Some(x), Some(y)) if x != y && stated => (x < y, Direction::Dates((x - y).abs())),
            _ if cites_doc.contains_key(&(a, b)) => (false, Direction::Cites),
            _ if cites_doc.contains_key(&(b, a)) => (true, Direction::Cites),
            (Some(x), Some(y)) if x != y => (x < y, Direction::Dates((x - y).abs())),
            _ if (al.share_a - al.share_b).abs() > 0.05 => {
                (al.share_a < al.share_b, Direction::Covered)
            }
            _ => (false, Direction::Unknown),
        };
        let (from, to, share_from, share_to) = if flip {
            (b, a, al.share_b, al.share_a)
        } else {
            (a, b, al.share_a, al.share_b)
        };
        // A duplicate shares nearly all of both texts in nearly the same words; a full
        // paraphrase is a rewrite.
        let mean_similarity =
            al.matches.iter().map(|m| f64::from(m.2)).sum::<f64>() / al.matches.len().max(1) as f64;
        let duplicate = share_from >= config.duplicate_share
            && share_to >= config.duplicate_share
            && mean_similarity >= config.duplicate_similarity;
        if !duplicate && share_from < config.min_reuse_share && share_to < config.min_source_share {
            continue;
        }
        let passages = reuse::passages(&al, &prepared[a], &prepared[b], flip);
        let evidence = reuse_evidence(
            &al,
            passages.len(),
            share_from,
            share_to,
            &sorted[to].id,
            why,
            duplicate,
            cites_doc.get(&(from, to)).copied(),
            prepared[from].sentences.len(),
        );
        out.push(Link {
            from: sorted[from].id.clone(),
            to: sorted[to].id.clone(),
            kind: if duplicate {
                LinkKind::Duplicates
            } else {
                LinkKind::Reuses
            },
            evidence,
            score: Some((share_from * 1000.0).round() / 1000.0),
            passages,
        });
    }

    // One `cites` link per citing document and cited target, with every citing phrase.
    let mut grouped: BTreeMap<(usize, &cite::Target), Vec<&cite::Citation>> = BTreeMap::new();
    for c in &citations {
        grouped.entry((c.from, &c.to)).or_default().push(c);
    }
    for ((from, to), cs) in grouped {
        let target = match to {
            cite::Target::Doc(t) => sorted[*t].id.clone(),
            cite::Target::Entity(e) => e.clone(),
        };
        let what = match to {
            cite::Target::Doc(_) => format!("its document {target}"),
            cite::Target::Entity(_) => "the outlet (no document of it in this story)".to_string(),
        };
        let mut phrases: Vec<String> = cs
            .iter()
            .map(|c| format!("\u{201c}{}\u{201d}", c.phrase))
            .collect();
        phrases.dedup();
        let evidence = format!(
            "names {} as its source ({}); linked to {}",
            cs[0].outlet,
            phrases.join(", "),
            what
        );
        out.push(Link {
            from: sorted[from].id.clone(),
            to: target,
            kind: LinkKind::Cites,
            evidence,
            score: None,
            passages: cs
                .iter()
                .map(|c| Passage {
                    from: c.span,
                    to: Span::new(0, 0),
                })
                .collect(),
        });
    }
    out.sort_by(|x, y| (&x.from, &x.to, x.kind).cmp(&(&y.from, &y.to, y.kind)));
    out
}

/// How the direction of a reuse link was decided.
#[derive(Clone, Copy)]
enum Direction {
    Dates(i64),
    Cites,
    Covered,
    Unknown,
}

#[allow(clippy::too_many_arguments)]
fn reuse_evidence(
    al: &reuse::Alignment,
    passages: usize,
    share_from: f64,
    share_to: f64,
    to: &str,
    why: Direction,
    duplicate: bool,
    cites: Option<&str>,
    sentences_from: usize,
) -> String {
    let sims: Vec<f32> = al.matches.iter().map(|m| m.2).collect();
    let min = sims.iter().copied().fold(1.0f32, f32::min);
    let mean = sims.iter().sum::<f32>() / sims.len().max(1) as f32;
    let how = if min >= 0.95 {
        "copied verbatim"
    } else if mean >= 0.8 {
        "copied with edits"
    } else {
        "rewritten"
    };
    let mut e = if duplicate {
        format!(
            "near-duplicate: {:.0}% of this body and {:.0}% of {to} align ({} of {} sentences, {how})",
            share_from * 100.0,
            share_to * 100.0,
            al.matches.len(),
            sentences_from
        )
    } else {
        format!(
            "{passages} passage{}, {:.0}% of this body ({} of {} sentences), {how} from {to} ({:.0}% of it)",
            if passages == 1 { "" } else { "s" },
            share_from * 100.0,
            al.matches.len(),
            sentences_from,
            share_to * 100.0
        )
    };
    match why {
        Direction::Dates(1) => e.push_str(", published a day earlier"),
        Direction::Dates(n) => e.push_str(&format!(", published {n} days earlier")),
        Direction::Cites => {
            e.push_str("; direction from the citation (dates equal, unknown or inferred)")
        }
        Direction::Covered => {
            e.push_str("; same or unknown dates, direction from which text is the more covered")
        }
        Direction::Unknown => e.push_str("; same or unknown dates, direction unknown"),
    }
    if let Some(phrase) = cites {
        e.push_str(&format!("; cites it as \u{201c}{phrase}\u{201d}"));
    }
    e
}

/// Pairs `(copy, first)` of documents in the same story with identical normalised bodies:
/// each later copy points at the earliest (by date, then id).
fn exact_pairs(sorted: &[&Document], members: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for m in members.iter().filter(|m| m.len() > 1) {
        let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
        for &i in m {
            if let Some(h) = body_hash(sorted[i]) {
                by_hash.entry(h).or_default().push(i);
            }
        }
        for mut group in by_hash.into_values().filter(|g| g.len() > 1) {
            group.sort_by_key(|&i| date_key(sorted[i]));
            for &copy in &group[1..] {
                out.push((copy, group[0]));
            }
        }
    }
    out
}

fn body_hash(doc: &Document) -> Option<u64> {
    if doc.body.trim().is_empty() {
        return None;
    }
    let norm: String = doc.body.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(xxhash_rust::xxh3::xxh3_64(norm.as_bytes()))
}

fn date_key(doc: &Document) -> (bool, Option<&str>, &str) {
    (
        doc.published.is_none(),
        doc.published.as_deref(),
        doc.id.as_str(),
    )
}

/// Links documents with identical normalised bodies: each later copy `duplicates` the
/// earliest (by publication date, then id). Runs in linear time through a hash map. Kept
/// for callers that want only exact copies without grouping stories; [`links`] finds
/// these too, within each story.
pub fn exact_duplicates(docs: &[Document]) -> Vec<Link> {
    let mut sorted: Vec<&Document> = docs.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let all: Vec<usize> = (0..sorted.len()).collect();
    let mut links: Vec<Link> = exact_pairs(&sorted, &[all])
        .into_iter()
        .map(|(copy, first)| Link {
            from: sorted[copy].id.clone(),
            to: sorted[first].id.clone(),
            kind: LinkKind::Duplicates,
            evidence: format!(
                "identical body text ({} bytes after whitespace normalisation)",
                sorted[first].body.len()
            ),
            score: Some(1.0),
            passages: vec![Passage {
                from: Span::new(0, sorted[copy].body.len()),
                to: Span::new(0, sorted[first].body.len()),
            }],
        })
        .collect();
    links.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, body: &str, published: Option<&str>) -> Document {
        let mut d = Document::new(id, format!("{id}.txt"), "");
        d.body = body.into();
        d.published = published.map(String::from);
        d
    }

    #[test]
    fn identical_bodies_link_to_the_earliest() {
        let docs = vec![
            doc("b", "Same  text here.", Some("2024-01-02")),
            doc("a", "Same text here.", Some("2024-01-03")),
            doc("c", "Other text.", None),
        ];
        let links = exact_duplicates(&docs);
        assert_eq!(links.len(), 1);
        assert_eq!((links[0].from.as_str(), links[0].to.as_str()), ("a", "b"));
        assert_eq!(links[0].kind, LinkKind::Duplicates);
    }

    /// Two invented look-alike events (two harbour fires in different towns, two months
    /// apart) and one unrelated story, a few articles each, one a rewrite of another.
    /// With so few documents the topic is not split on its terms (`min_split`); the dates
    /// tell the two fires apart.
    fn mixed() -> Vec<Document> {
        let fire = |town: &str, chief: &str, n: u32, extra: &str| {
            format!(
                "A fire broke out at the harbour warehouse in {town} late on Monday. \
                 Fire chief {chief} said {n} crews fought the blaze for six hours. \
                 The warehouse stored grain and timber for the {town} cooperative. {extra}"
            )
        };
        vec![
            doc(
                "a1",
                &fire("Lanvik", "Odalric Varsenko", 14, "No one was hurt."),
                Some("2024-03-04"),
            ),
            doc(
                "a2",
                &fire(
                    "Lanvik",
                    "Odalric Varsenko",
                    14,
                    "Police in Lanvik opened an inquiry.",
                ),
                Some("2024-03-05"),
            ),
            doc(
                "a3",
                "Police in Lanvik opened an inquiry into the warehouse fire. Odalric Varsenko said the Lanvik cooperative lost its grain.",
                Some("2024-03-05"),
            ),
            doc(
                "b1",
                &fire(
                    "Orlevo",
                    "Mirelle Tollvind",
                    9,
                    "Two firefighters were treated for smoke.",
                ),
                Some("2024-05-20"),
            ),
            doc(
                "b2",
                "Mirelle Tollvind said the Orlevo warehouse fire began in the timber store. Two firefighters from Orlevo were treated for smoke.",
                Some("2024-05-21"),
            ),
            doc(
                "b3",
                "Orlevo officials said the Mirelle Tollvind inquiry into the Orlevo fire would report within a week.",
                Some("2024-05-22"),
            ),
            doc(
                "c1",
                "The central bank of Veskar raised its interest rate to 4.5 percent on Thursday, citing inflation in Veskar.",
                Some("2024-03-07"),
            ),
            doc(
                "c2",
                "Veskar's central bank lifted the interest rate to 4.5 percent as inflation in Veskar stayed high.",
                Some("2024-03-07"),
            ),
        ]
    }

    #[test]
    fn look_alike_events_are_separate_stories_and_links_stay_inside() {
        let docs = mixed();
        let config = Config::default();
        let found = stories(&docs, &config);
        let story_of = |id: &str| {
            found
                .iter()
                .position(|s| s.documents.iter().any(|d| d == id))
        };
        assert_eq!(story_of("a1"), story_of("a2"));
        assert_eq!(story_of("b1"), story_of("b2"));
        assert_ne!(story_of("a1"), story_of("b1"), "{found:#?}");
        assert_ne!(story_of("a1"), story_of("c1"));
        assert_eq!(story_of("c1"), story_of("c2"));
        for s in &found {
            assert!(!s.reason.is_empty() && !s.label.is_empty() && s.id.starts_with('s'));
        }
        let ls = links(&docs, &[], &[], &found, &config);
        assert!(
            ls.iter().all(|l| story_of(&l.from) == story_of(&l.to)),
            "{ls:#?}"
        );
        let reuse = ls
            .iter()
            .find(|l| l.from == "a2" && l.to == "a1")
            .expect("a2 reuses a1");
        assert_eq!(reuse.kind, LinkKind::Reuses);
        assert!(
            reuse.evidence.contains("published a day earlier"),
            "{}",
            reuse.evidence
        );
    }

    #[test]
    fn stories_and_links_do_not_depend_on_input_order() {
        let mut docs = mixed();
        let config = Config::default();
        let s1 = stories(&docs, &config);
        let l1 = links(&docs, &[], &[], &s1, &config);
        docs.reverse();
        docs.swap(0, 3);
        let s2 = stories(&docs, &config);
        assert_eq!(s1, s2);
        assert_eq!(l1, links(&docs, &[], &[], &s2, &config));
    }

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        let config = Config::default();
        assert!(stories(&[], &config).is_empty());
        let docs = vec![
            doc("x", "", None),
            doc("y", "...", None),
            doc("z", "\u{2019}s \u{2019}", None),
        ];
        let s = stories(&docs, &config);
        assert_eq!(s.iter().map(|s| s.documents.len()).sum::<usize>(), 3);
        let _ = links(&docs, &[], &[], &s, &config);
    }

    #[test]
    fn result_does_not_depend_on_input_order() {
        let mut docs = vec![
            doc("x", "Copy.", None),
            doc("y", "Copy.", None),
            doc("z", "Copy.", None),
        ];
        let a = exact_duplicates(&docs);
        docs.reverse();
        assert_eq!(a, exact_duplicates(&docs));
    }
}
