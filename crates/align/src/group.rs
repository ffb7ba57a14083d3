//! Claim groups: claims from different documents of one story about the same fact.
//!
//! Each claim is read into features (content lemmas, names or entity ids, quoted-word
//! shingles, numbers with their unit, specific dates, a stance and who takes it). Claims
//! are paired only through rare shared keys (a key held by more than
//! `Config::max_key_claims` claims is no evidence of sameness and is skipped), so the work
//! grows with the number of claims times that cap, never with all pairs of a story. A
//! pair is scored by IDF-weighted word overlap plus agreement of numbers and dates;
//! shared quoted words join outright; an actor's unconfirmed or denied statement joins
//! that actor's later assertion. Pairs join greedily, best first, and a group never holds
//! two claims of one document, which keeps chains of loose matches from growing.
//!
//! This module decides what belongs together and why; it does not decide independence
//! of sources (see `sources`) nor the figures tables (see `figures`).

use std::collections::HashMap;

use model::{Claim, Entity, Stance};

use crate::Config;
use crate::dates::{self, Days};
use crate::sources::Sources;
use crate::text::{self, Lemmatiser};

/// What the stage reads from one claim.
pub struct Feat {
    /// Index into the run's claims.
    pub claim: usize,
    pub doc: usize,
    /// The document whose evidence this is (another one when the claim relays it).
    pub origin: usize,
    pub relay: Option<String>,
    pub family: usize,
    pub day: i32,
    /// Sorted, distinct term ids (lemmas and names).
    pub terms: Vec<u32>,
    /// Lemma ids in sentence order, for bigram keys.
    seq: Vec<u32>,
    pub quotes: Vec<u64>,
    /// `(unit term id, low, high)` of each number with a unit.
    pub quants: Vec<(u32, f64, f64)>,
    /// Times of the claim precise to a week or better.
    pub days: Vec<Days>,
    pub stance: Option<(Stance, String, Option<u32>)>,
}

/// Terms of one story: ids, display words and document frequencies.
#[derive(Default)]
pub struct Terms {
    ids: HashMap<String, u32>,
    pub display: Vec<String>,
    pub df: Vec<u32>,
    /// True for names and entity ids; lemma terms become names when they are written
    /// capitalised inside sentences more often than not.
    pub is_name: Vec<bool>,
    /// For lemma terms: occurrences capitalised inside a sentence minus lowercase ones.
    capital_balance: Vec<i32>,
    /// Weights computed once all claims are read.
    weights: Vec<f64>,
}

impl Terms {
    fn id(&mut self, key: String, display: &str, name: bool) -> u32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.display.len() as u32;
        self.ids.insert(key, id);
        self.display.push(display.to_string());
        self.df.push(0);
        self.is_name.push(name);
        self.capital_balance.push(0);
        id
    }

    /// Settles which lemma terms are names and the weights, once all `n` claims are read.
    fn settle(&mut self, n: usize) {
        self.weights.clear();
        self.weights = (0..self.df.len() as u32)
            .map(|t| self.weight(t, n))
            .collect();
        for (i, b) in self.capital_balance.iter().enumerate() {
            if *b > 0 {
                self.is_name[i] = true;
            }
        }
    }

    /// The IDF weight of a term in a story of `n` claims: rare terms weigh most.
    pub fn weight(&self, id: u32, n: usize) -> f64 {
        if let Some(&w) = self.weights.get(id as usize) {
            return w;
        }
        let df = f64::from(self.df[id as usize]);
        ((n as f64 + 1.0) / (df + 0.5)).ln().max(0.1)
    }
}

/// Reads the features of a story's claims. `members` are `(claim index, doc index)`.
#[allow(clippy::too_many_arguments)]
pub fn features(
    claims: &[Claim],
    members: &[(usize, usize)],
    story_docs: &[usize],
    aliases: &HashMap<String, String>,
    entity_names: &HashMap<&str, &str>,
    sources: &Sources<'_>,
    lem: &Lemmatiser,
    terms: &mut Terms,
) -> Vec<Feat> {
    let mut out = Vec::with_capacity(members.len());
    let mut cache: HashMap<&str, Option<u32>> = HashMap::new();
    let outlets = sources.story_outlets(story_docs);
    for &(ci, doc) in members {
        let c = &claims[ci];
        let words = text::words(&c.text);
        let mut seq = Vec::new();
        for w in &words {
            // Stemming is the costly part of reading a claim, and a story repeats its
            // vocabulary: each surface form is lemmatised once.
            let id = match cache.get(w.text) {
                Some(&id) => id,
                None => {
                    let id = lem
                        .lemma(w.text)
                        .map(|l| terms.id(format!("l:{l}"), &w.text.to_lowercase(), false));
                    cache.insert(w.text, id);
                    id
                }
            };
            if let Some(id) = id {
                if !w.initial {
                    terms.capital_balance[id as usize] += if w.capitalised { 1 } else { -1 };
                }
                seq.push(id);
            }
        }
        let mut term_ids = seq.clone();
        if c.entities.is_empty() {
            for n in text::names(&words) {
                let key = match aliases.get(&n) {
                    Some(e) => format!("e:{e}"),
                    None => format!("n:{n}"),
                };
                term_ids.push(terms.id(key, &n, true));
            }
        } else {
            for e in &c.entities {
                let display = entity_names.get(e.as_str()).copied().unwrap_or(e.as_str());
                term_ids.push(terms.id(format!("e:{e}"), &display.to_lowercase(), true));
            }
        }
        term_ids.sort_unstable();
        term_ids.dedup();
        for &t in &term_ids {
            terms.df[t as usize] += 1;
        }
        let mut quotes = text::quote_shingles(&c.text, 4);
        if let Some(q) = c.attribution.as_ref().and_then(|a| a.quote) {
            let local = q
                .start
                .checked_sub(c.span.start)
                .zip(q.end.checked_sub(c.span.start));
            if let Some(quoted) = local.and_then(|(s, e)| c.text.get(s..e)) {
                quotes.extend(text::quote_shingles(&format!("“{quoted}”"), 4));
                quotes.sort_unstable();
                quotes.dedup();
            }
        }
        let mut quants = Vec::new();
        for q in &c.quantities {
            let Some(unit) = &q.unit else { continue };
            let lemma = text::words(unit)
                .iter()
                .map(|w| lem.lemma(w.text).unwrap_or_else(|| w.text.to_lowercase()))
                .collect::<Vec<_>>()
                .join(" ");
            let id = terms.id(format!("u:{lemma}"), unit, false);
            let (lo, hi) = crate::figures::interval(q);
            quants.push((id, lo, hi));
        }
        let days: Vec<Days> = c
            .times
            .iter()
            .filter_map(|t| dates::parse(&t.value))
            .filter(|d| d.len() <= 7)
            .collect();
        let stance = match &c.attribution {
            Some(a) => {
                let actor = a
                    .entity
                    .clone()
                    .map(|e| format!("e:{e}"))
                    .unwrap_or_else(|| format!("n:{}", a.source.to_lowercase()));
                let id = terms.id(actor, &a.source, true);
                // The words of the sentence that carry the stance read best ("has yet
                // to confirm"); the lemmatised verb when the sentence's own cue differs.
                let cue = match text::stance(&words) {
                    Some((s, i)) if s == a.stance => cue_phrase(&words, i),
                    _ if a.verb.is_empty() => format!("{:?}", a.stance).to_lowercase(),
                    _ => a.verb.clone(),
                };
                Some((a.stance, cue, Some(id)))
            }
            None => text::stance(&words).map(|(s, i)| {
                let actor = text::actor_before(&words, i).map(|n| {
                    let key = match aliases.get(&n) {
                        Some(e) => format!("e:{e}"),
                        None => format!("n:{n}"),
                    };
                    terms.id(key, &n, true)
                });
                (s, cue_phrase(&words, i), actor)
            }),
        };
        let (origin, relay) = sources.origin(c, doc, &outlets);
        out.push(Feat {
            claim: ci,
            doc,
            origin,
            relay,
            family: sources.family(origin),
            day: sources.day[doc],
            terms: term_ids,
            seq,
            quotes,
            quants,
            days,
            stance,
        });
    }
    terms.settle(out.len());
    out
}

/// The words that carry a stance, as a reader would quote them ("has yet to confirm").
fn cue_phrase(words: &[text::Word<'_>], cue: usize) -> String {
    let from = words[..cue]
        .iter()
        .rposition(|w| {
            matches!(
                w.text.to_lowercase().as_str(),
                "not" | "yet" | "unable" | "cannot" | "declined" | "never" | "refused"
            )
        })
        .filter(|&p| cue - p <= 4)
        .map(|p| {
            if p > 0 && words[p - 1].text.eq_ignore_ascii_case("has") {
                p - 1
            } else {
                p
            }
        })
        .unwrap_or(cue);
    words[from..=cue]
        .iter()
        .map(|w| w.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// How a pair of claims came to be joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edge {
    Words,
    Quote,
    Statement,
}

/// A candidate pair with its score.
struct Pair {
    score: f64,
    a: u32,
    b: u32,
    edge: Edge,
}

/// Polarity of a stance for change detection.
fn polarity(s: Stance) -> u8 {
    match s {
        Stance::Unconfirmed => 0,
        Stance::Denied => 1,
        _ => 2,
    }
}

/// Similarity of two claims: IDF-weighted Dice overlap of their terms, plus agreement
/// of numbers and dates; and the same overlap over content words only (not names),
/// which must also be present: sharing only who is spoken of is not reporting the same
/// thing.
pub fn score(a: &Feat, b: &Feat, terms: &Terms, n: usize) -> (f64, f64) {
    let (mut i, mut j) = (0, 0);
    let (mut shared, mut total) = (0.0, 0.0);
    let (mut c_shared, mut c_total) = (0.0, 0.0);
    let content = |t: u32| !terms.is_name[t as usize];
    while i < a.terms.len() || j < b.terms.len() {
        match (a.terms.get(i), b.terms.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                let w = terms.weight(x, n);
                shared += 2.0 * w;
                total += 2.0 * w;
                if content(x) {
                    c_shared += 2.0 * w;
                    c_total += 2.0 * w;
                }
                i += 1;
                j += 1;
            }
            (Some(&x), Some(&y)) if x < y => {
                let w = terms.weight(x, n);
                total += w;
                if content(x) {
                    c_total += w;
                }
                i += 1;
            }
            (Some(_), Some(&y)) | (None, Some(&y)) => {
                let w = terms.weight(y, n);
                total += w;
                if content(y) {
                    c_total += w;
                }
                j += 1;
            }
            (Some(&x), None) => {
                let w = terms.weight(x, n);
                total += w;
                if content(x) {
                    c_total += w;
                }
                i += 1;
            }
            (None, None) => break,
        }
    }
    let mut s = if total > 0.0 { shared / total } else { 0.0 };
    let same_number = a.quants.iter().any(|qa| {
        b.quants
            .iter()
            .any(|qb| qa.0 == qb.0 && qa.1 <= qb.2 * 1.02 && qb.1 <= qa.2 * 1.02)
    });
    if same_number {
        s += 0.15;
    }
    if a.days
        .iter()
        .any(|da| b.days.iter().any(|db| da.overlaps(*db)))
    {
        s += 0.1;
    }
    let c = if c_total > 0.0 {
        c_shared / c_total
    } else {
        0.0
    };
    (s, c)
}

/// Clusters of a story's claims (indices into `feats`), each with how its members were
/// joined. Only clusters of two or more claims are returned, each sorted.
pub fn cluster(feats: &[Feat], terms: &Terms, config: &Config) -> Vec<(Vec<usize>, Vec<Edge>)> {
    let n = feats.len();
    // The index: rare keys to the claims that hold them.
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    // A key is the hash of its tag and parts (at most two), laid out on the stack: this
    // runs for every term of every claim.
    let key = |tag: u8, parts: &[u64]| {
        let mut bytes = [0u8; 17];
        bytes[0] = tag;
        let mut len = 1;
        for p in parts.iter().take(2) {
            bytes[len..len + 8].copy_from_slice(&p.to_le_bytes());
            len += 8;
        }
        xxhash_rust::xxh3::xxh3_64(&bytes[..len])
    };
    let mut keys_of: Vec<Vec<u64>> = Vec::with_capacity(n);
    for (i, f) in feats.iter().enumerate() {
        let mut keys: Vec<u64> = Vec::new();
        keys.extend(f.terms.iter().map(|&t| key(b't', &[u64::from(t)])));
        keys.extend(
            f.seq
                .windows(2)
                .map(|w| key(b'b', &[u64::from(w[0]), u64::from(w[1])])),
        );
        keys.extend(f.quotes.iter().map(|&q| key(b'q', &[q])));
        keys.extend(
            f.quants
                .iter()
                .map(|q| key(b'v', &[u64::from(q.0), q.1.to_bits()])),
        );
        keys.sort_unstable();
        keys.dedup();
        for &k in &keys {
            index.entry(k).or_default().push(i as u32);
        }
        keys_of.push(keys);
    }
    let mut pairs: Vec<Pair> = Vec::new();
    // For each claim, the later claims it shares rare keys with, counted; only the ones
    // sharing most are scored, so a claim meets a bounded number of others.
    let mut shared = vec![0u32; n];
    let mut touched: Vec<u32> = Vec::new();
    for (i, keys) in keys_of.iter().enumerate() {
        touched.clear();
        for k in keys {
            let Some(post) = index.get(k) else { continue };
            if post.len() > config.max_key_claims {
                continue;
            }
            for &j in post {
                let ju = j as usize;
                if ju <= i || feats[ju].doc == feats[i].doc {
                    continue;
                }
                if shared[ju] == 0 {
                    touched.push(j);
                }
                shared[ju] += 1;
            }
        }
        touched.sort_by(|&a, &b| shared[b as usize].cmp(&shared[a as usize]).then(a.cmp(&b)));
        let limit = touched.len().min(config.max_candidates);
        for &j in &touched[limit..] {
            shared[j as usize] = 0;
        }
        for &j in &touched[..limit] {
            let ju = j as usize;
            shared[ju] = 0;
            {
                let (a, b) = (&feats[i], &feats[ju]);
                let quote = a.quotes.iter().any(|q| b.quotes.binary_search(q).is_ok());
                let (s, c) = score(a, b, terms, n);
                if quote {
                    pairs.push(Pair {
                        score: 1.0 + s,
                        a: i as u32,
                        b: j,
                        edge: Edge::Quote,
                    });
                } else if s >= config.group_threshold
                    && (c >= config.content_threshold || s >= config.strong_threshold)
                {
                    pairs.push(Pair {
                        score: s,
                        a: i as u32,
                        b: j,
                        edge: Edge::Words,
                    });
                }
            }
        }
    }
    statement_pairs(feats, terms, config, &mut pairs);
    pairs.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    // Greedy joining, best pairs first; a group holds one claim per document.
    let mut parent: Vec<usize> = (0..n).collect();
    let mut docs: Vec<Vec<usize>> = feats.iter().map(|f| vec![f.doc]).collect();
    let mut edges: Vec<Vec<Edge>> = vec![Vec::new(); n];
    for p in pairs {
        let (ra, rb) = (
            root(&mut parent, p.a as usize),
            root(&mut parent, p.b as usize),
        );
        if ra == rb {
            continue;
        }
        if docs[ra].iter().any(|d| docs[rb].binary_search(d).is_ok()) {
            continue;
        }
        let (keep, join) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[join] = keep;
        let moved = std::mem::take(&mut docs[join]);
        docs[keep].extend(moved);
        docs[keep].sort_unstable();
        let moved = std::mem::take(&mut edges[join]);
        edges[keep].extend(moved);
        edges[keep].push(p.edge);
    }
    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        clusters.entry(r).or_default().push(i);
    }
    let mut out: Vec<(Vec<usize>, Vec<Edge>)> = clusters
        .into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|(r, m)| (m, std::mem::take(&mut edges[r])))
        .collect();
    out.sort();
    out
}

/// An actor's unconfirmed or denied statement pairs with the same actor's later
/// assertion in another document: the position changed. Each earlier statement pairs
/// with the later one that shares most words with it.
fn statement_pairs(feats: &[Feat], terms: &Terms, config: &Config, pairs: &mut Vec<Pair>) {
    let mut by_actor: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, f) in feats.iter().enumerate() {
        if let Some((_, _, Some(actor))) = &f.stance {
            by_actor.entry(*actor).or_default().push(i);
        }
    }
    let n = feats.len();
    let mut actors: Vec<(&u32, &Vec<usize>)> = by_actor.iter().collect();
    actors.sort();
    for (_, members) in actors {
        if members.len() > config.max_key_claims {
            continue;
        }
        for &i in members {
            let Some((s, _, _)) = &feats[i].stance else {
                continue;
            };
            if polarity(*s) == 2 || feats[i].day == i32::MAX {
                continue;
            }
            let best = members
                .iter()
                .copied()
                .filter(|&j| {
                    feats[j].doc != feats[i].doc
                        && feats[j].day != i32::MAX
                        && feats[j].day > feats[i].day
                        && feats[j]
                            .stance
                            .as_ref()
                            .is_some_and(|(t, _, _)| polarity(*t) != polarity(*s))
                })
                .map(|j| (score(&feats[i], &feats[j], terms, n).0, j))
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
            if let Some((s, j)) = best {
                let (a, b) = (i.min(j) as u32, i.max(j) as u32);
                pairs.push(Pair {
                    score: config.group_threshold + s.min(1.0) * 0.01,
                    a,
                    b,
                    edge: Edge::Statement,
                });
            }
        }
    }
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Terms shared by at least two members of a cluster, heaviest first, as words.
pub fn shared_words(members: &[&Feat], terms: &Terms, n: usize, max: usize) -> Vec<String> {
    let mut count: HashMap<u32, usize> = HashMap::new();
    for f in members {
        for &t in &f.terms {
            *count.entry(t).or_default() += 1;
        }
    }
    let mut shared: Vec<(u32, usize)> = count.into_iter().filter(|(_, c)| *c >= 2).collect();
    shared.sort_by(|a, b| {
        (b.1 as f64 * terms.weight(b.0, n))
            .total_cmp(&(a.1 as f64 * terms.weight(a.0, n)))
            .then(a.0.cmp(&b.0))
    });
    let mut out: Vec<String> = Vec::new();
    for (t, _) in shared {
        let w = terms.display[t as usize].clone();
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == max {
            break;
        }
    }
    out
}

/// Lowercase alias → entity id, for mapping names read from text onto merged entities.
pub fn alias_table(entities: &[Entity]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for e in entities {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            let key = name.to_lowercase().replace('’', "'").replace('.', "");
            out.entry(key).or_insert_with(|| e.id.clone());
        }
    }
    out
}
