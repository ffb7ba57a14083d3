//! Reuse: passages of one document that copy or rewrite another in the same story.
//!
//! Candidate pairs come, story by story, from an index of consecutive content-word pairs
//! ("north harbour", "harbour closed"): each document keeps the few partners with which it
//! shares the most, skipping pairs common to too many documents to tell anything. A pair
//! is then aligned sentence by sentence: a sentence of one matches the sentence of the
//! other with which it shares the most rare content words (a Dice coefficient over
//! inverse-document-frequency weights), which holds for verbatim copy, copy with a few
//! words deleted or replaced, and close paraphrase that keeps the names, numbers and key
//! words. Consecutive matches become passages. Direction comes from publication dates,
//! then from citations.
//!
//! It does not align below the sentence (a copied half-sentence counts only when its
//! sentence matches) and does not compare documents of different stories.

use std::collections::HashMap;

/// A hash map with a fast, fixed (so deterministic) hasher for integer keys.
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

fn map<K, V>() -> Map<K, V> {
    Map::with_hasher(foldhash::fast::FixedState::with_seed(0))
}

use model::{Claim, Document, Span};
use rayon::prelude::*;

use crate::Config;
use crate::story::DocFreq;
use crate::text;

/// One sentence with its content terms.
pub(crate) struct Sentence {
    pub span: Span,
    /// Term hashes, sorted and unique.
    pub terms: Vec<u64>,
    /// Sum of the terms' weights.
    pub weight: f32,
}

/// The sentences of a document (from its claims when it has them) with their terms, and
/// the document's content-word pairs for the candidate index.
pub(crate) struct Prepared {
    pub sentences: Vec<Sentence>,
    pub pairs: Vec<u64>,
    /// Bytes of all sentences, the denominator of the covered share.
    pub bytes: usize,
}

pub(crate) fn prepare(doc: &Document, claims: &[&Claim], df: &DocFreq) -> Prepared {
    let spans: Vec<Span> = if claims.is_empty() {
        text::sentences(&doc.body)
    } else {
        claims
            .iter()
            .map(|c| c.span)
            .filter(|s| s.slice(&doc.body).is_some())
            .collect()
    };
    let mut sentences = Vec::with_capacity(spans.len());
    let mut pairs = Vec::new();
    let mut bytes = 0;
    for span in spans {
        let Some(s) = span.slice(&doc.body) else {
            continue;
        };
        bytes += span.len();
        let mut seq: Vec<u64> = Vec::new();
        for w in text::words(s) {
            if let Some(h) = text::term_hash(&s[w.span.start..w.span.end]) {
                seq.push(h);
            }
        }
        for p in seq.windows(2) {
            pairs.push(p[0].rotate_left(17) ^ p[1]);
        }
        let mut terms = seq;
        terms.sort_unstable();
        terms.dedup();
        let weight = terms.iter().map(|&h| df.idf(h)).sum();
        sentences.push(Sentence {
            span,
            terms,
            weight,
        });
    }
    pairs.sort_unstable();
    pairs.dedup();
    Prepared {
        sentences,
        pairs,
        bytes,
    }
}

/// Candidate pairs `(a, b)`, `a < b`, among the documents `members` of one story.
pub(crate) fn candidates(
    members: &[usize],
    prepared: &[Prepared],
    config: &Config,
) -> Vec<(usize, usize)> {
    let mut postings: Map<u64, Vec<usize>> = map();
    for &m in members {
        for &p in &prepared[m].pairs {
            postings.entry(p).or_default().push(m);
        }
    }
    let mut out = Vec::new();
    for &m in members {
        let mut shared: Map<usize, u32> = map();
        for p in &prepared[m].pairs {
            let Some(list) = postings.get(p) else {
                continue;
            };
            if list.len() > config.max_pair_docs {
                continue;
            }
            for &o in list {
                if o != m {
                    *shared.entry(o).or_default() += 1;
                }
            }
        }
        let mut ranked: Vec<(usize, u32)> = shared
            .into_iter()
            .filter(|e| e.1 >= config.min_shared_pairs)
            .collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(config.reuse_candidates);
        out.extend(ranked.into_iter().map(|(o, _)| (m.min(o), m.max(o))));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The alignment of two documents.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Alignment {
    /// Matched sentence pairs `(sentence of a, sentence of b, similarity)`, by `a`.
    pub matches: Vec<(usize, usize, f32)>,
    /// Share of `a`'s sentence bytes covered, and of `b`'s.
    pub share_a: f64,
    pub share_b: f64,
}

/// Aligns the sentences of `a` with those of `b`.
pub(crate) fn align(a: &Prepared, b: &Prepared, df: &DocFreq, config: &Config) -> Alignment {
    let mut index: Map<u64, Vec<usize>> = map();
    for (j, s) in b.sentences.iter().enumerate() {
        if s.terms.len() >= config.min_sentence_terms {
            for &t in &s.terms {
                index.entry(t).or_default().push(j);
            }
        }
    }
    let mut matches = Vec::new();
    let mut acc: Map<usize, f32> = map();
    for (i, s) in a.sentences.iter().enumerate() {
        if s.terms.len() < config.min_sentence_terms || s.weight <= 0.0 {
            continue;
        }
        acc.clear();
        for &t in &s.terms {
            if let Some(list) = index.get(&t) {
                let w = df.idf(t);
                for &j in list {
                    *acc.entry(j).or_default() += w;
                }
            }
        }
        let best = acc
            .iter()
            .map(|(&j, &shared)| (j, 2.0 * shared / (s.weight + b.sentences[j].weight)))
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        if let Some((j, sim)) = best
            && f64::from(sim) >= config.sentence_similarity
        {
            matches.push((i, j, sim));
        }
    }
    let covered_a: usize = matches.iter().map(|m| a.sentences[m.0].span.len()).sum();
    let mut bs: Vec<usize> = matches.iter().map(|m| m.1).collect();
    bs.sort_unstable();
    bs.dedup();
    let covered_b: usize = bs.iter().map(|&j| b.sentences[j].span.len()).sum();
    Alignment {
        share_a: covered_a as f64 / a.bytes.max(1) as f64,
        share_b: covered_b as f64 / b.bytes.max(1) as f64,
        matches,
    }
}

/// Passages from matched sentences: runs where both sides advance together (the other
/// side may skip a sentence, an insertion or deletion) become one passage. Spans are in
/// the bodies of `a` and `b`; when `flip`, the passages read from `b` to `a`.
pub(crate) fn passages(
    al: &Alignment,
    a: &Prepared,
    b: &Prepared,
    flip: bool,
) -> Vec<model::Passage> {
    let mut out: Vec<model::Passage> = Vec::new();
    let mut run: Option<(usize, usize, usize, usize)> = None; // first a, last a, min b, last b
    let mut last_b_span: Option<Span> = None;
    let close = |run: (usize, usize, usize, usize), bspan: Span, out: &mut Vec<model::Passage>| {
        let from = Span::new(a.sentences[run.0].span.start, a.sentences[run.1].span.end);
        let to = Span::new(b.sentences[run.2].span.start, bspan.end);
        out.push(if flip {
            model::Passage { from: to, to: from }
        } else {
            model::Passage { from, to }
        });
    };
    for &(i, j, _) in &al.matches {
        match run {
            Some((fa, la, mb, lb)) if i <= la + 2 && j > lb && j <= lb + 2 => {
                run = Some((fa, i, mb, j));
                last_b_span = Some(b.sentences[j].span);
            }
            _ => {
                if let (Some(r), Some(sp)) = (run, last_b_span) {
                    close(r, sp, &mut out);
                }
                run = Some((i, i, j, j));
                last_b_span = Some(b.sentences[j].span);
            }
        }
    }
    if let (Some(r), Some(sp)) = (run, last_b_span) {
        close(r, sp, &mut out);
    }
    out
}

/// Aligns every candidate pair of every story, in parallel; returns `(a, b, alignment)`.
pub(crate) fn align_stories(
    stories: &[Vec<usize>],
    prepared: &[Prepared],
    df: &DocFreq,
    config: &Config,
) -> Vec<(usize, usize, Alignment)> {
    let pairs: Vec<(usize, usize)> = stories
        .par_iter()
        .filter(|m| m.len() > 1)
        .flat_map_iter(|m| candidates(m, prepared, config))
        .collect();
    pairs
        .into_par_iter()
        .map(|(a, b)| (a, b, align(&prepared[a], &prepared[b], df, config)))
        .filter(|(_, _, al)| !al.matches.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prep(bodies: &[&str]) -> (Vec<Prepared>, DocFreq) {
        let docs: Vec<Document> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let mut d = Document::new(format!("d{i}"), "x", "");
                d.body = b.to_string();
                d
            })
            .collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let (_, df) = crate::story::vectors(&refs, &Config::default());
        let p = docs.iter().map(|d| prepare(d, &[], &df)).collect();
        (p, df)
    }

    const ORIGINAL: &str = "Storm surge flooded the lower town of Kestrel Bay overnight. \
        Harbour master Linnea Marbeck said 240 boats had broken their moorings. \
        Ferries to Lanvik were cancelled until Thursday. \
        The coast guard rescued eleven fishermen near the northern breakwater.";

    #[test]
    fn verbatim_and_edited_copies_align_fully() {
        let edited = "Storm surge flooded the lower town of Kestrel Bay on Tuesday night. \
            Ferries to Lanvik were cancelled until Thursday. \
            Harbour master Linnea Marbeck said 240 boats broke their moorings. \
            The coast guard rescued eleven fishermen close to the northern breakwater.";
        let (p, df) = prep(&[
            ORIGINAL,
            ORIGINAL,
            edited,
            "A festival of lanterns opened in Orlevo with music and dancing on the square.",
        ]);
        let c = Config::default();
        let same = align(&p[1], &p[0], &df, &c);
        assert_eq!(
            same.matches.len(),
            4,
            "{same:?} {:?}",
            p[1].sentences
                .iter()
                .map(|s| (s.span, s.terms.len(), s.weight))
                .collect::<Vec<_>>()
        );
        assert!(same.share_a > 0.99 && same.share_b > 0.99);
        let ed = align(&p[2], &p[0], &df, &c);
        assert_eq!(ed.matches.len(), 4, "{ed:?}");
        // The reordered sentences make separate passages.
        assert!(passages(&ed, &p[2], &p[0], false).len() >= 2);
        let none = align(&p[3], &p[0], &df, &c);
        assert!(none.matches.is_empty());
    }

    #[test]
    fn passages_span_runs_on_both_sides() {
        let (p, df) = prep(&[ORIGINAL, ORIGINAL]);
        let al = align(&p[0], &p[1], &df, &Config::default());
        let ps = passages(&al, &p[0], &p[1], false);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].from, Span::new(0, ORIGINAL.len()));
        assert_eq!(ps[0].to, Span::new(0, ORIGINAL.len()));
    }
}
