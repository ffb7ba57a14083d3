//! Stories: documents grouped by the event they report.
//!
//! Each document becomes a TF-IDF vector over its content terms, with terms that look
//! like names or numbers weighted up (look-alike events share topic words and differ in
//! names, places, dates and figures). Candidate pairs come from an inverted index over
//! each document's most distinctive terms, skipping terms too common to be distinctive,
//! so the work grows with the number of documents times a bounded neighbourhood, never
//! with all pairs. Candidate pairs get their exact cosine (scaled down when both dates
//! are known and far apart) and documents are merged by average-link agglomeration over
//! that sparse graph: a pair of clusters joins only when the mean similarity over all
//! their document pairs (missing pairs counting as zero) reaches the threshold, so one
//! strong pair cannot chain two look-alike events together the way single-link would.
//!
//! It does not read the number of stories from anywhere and does not split one document
//! over two stories.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use model::{Document, Story};
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use crate::Config;
use crate::text;

/// A document's weighted terms, sorted by term hash, L2-normalised.
pub(crate) struct Vector {
    pub terms: Vec<(u64, f32)>,
}

/// Raw term counts of one document: hash -> (count, looks like a name).
fn counts(doc: &Document, config: &Config) -> Vec<(u64, f32, bool)> {
    let mut map: HashMap<u64, (f32, bool), foldhash::fast::FixedState> =
        HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
    let mut add = |text: &str, weight: f32| {
        for w in text::words(text) {
            if let Some(h) = text::term_hash(&text[w.span.start..w.span.end]) {
                let e = map.entry(h).or_insert((0.0, false));
                e.0 += weight;
                e.1 |= w.named;
            }
        }
    };
    if let Some(title) = &doc.title {
        // A headline names the event; an inferred one is just the first sentence, which
        // the body already holds.
        if !doc.title_inferred {
            add(title, config.title_weight as f32);
        }
    }
    add(&doc.body, 1.0);
    let mut v: Vec<(u64, f32, bool)> = map.into_iter().map(|(h, (c, n))| (h, c, n)).collect();
    v.sort_unstable_by_key(|e| e.0);
    v
}

/// Raw term counts of one document, sorted by term hash: (hash, count, looks like a name).
pub(crate) type Counts = Vec<(u64, f32, bool)>;

/// Document frequencies and TF-IDF vectors of `docs`, in the same order.
pub(crate) fn vectors(docs: &[&Document], config: &Config) -> (Vec<Vector>, DocFreq) {
    let (raw, vectors, df) = vectors_and_counts(docs, config);
    drop(raw);
    (vectors, df)
}

fn vectors_and_counts(docs: &[&Document], config: &Config) -> (Vec<Counts>, Vec<Vector>, DocFreq) {
    let raw: Vec<Counts> = docs.par_iter().map(|d| counts(d, config)).collect();
    let df = DocFreq::new(raw.iter().map(|r| r.iter().map(|e| e.0)), docs.len());
    let vectors = raw
        .par_iter()
        .map(|r| weigh(r, |h| df.idf(h), config))
        .collect();
    (raw, vectors, df)
}

/// A normalised vector from counts, each term weighted by `idf`.
fn weigh(raw: &Counts, idf: impl Fn(u64) -> f32, config: &Config) -> Vector {
    let mut terms: Vec<(u64, f32)> = raw
        .iter()
        .map(|&(h, c, named)| {
            let boost = if named {
                config.name_weight as f32
            } else {
                1.0
            };
            (h, (1.0 + c.ln()) * idf(h) * boost)
        })
        .filter(|e| e.1 > 0.0)
        .collect();
    let norm = terms.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in &mut terms {
            e.1 /= norm;
        }
    }
    Vector { terms }
}

/// Splits one topic cluster into events. Terms held by most of the cluster say what the
/// topic is (two earthquakes share "quake", "magnitude", "epicentre"); what tells the
/// events apart is what only part of it shares (places, names, figures, dates). So each
/// document is re-weighted by how rare each term is inside the cluster, times its
/// corpus rarity, and the cluster is re-clustered by average link on those vectors.
/// Returns the sub-cluster of each member.
fn split_topic(
    members: &[usize],
    raw: &[Counts],
    df: &DocFreq,
    days: &[Option<i64>],
    config: &Config,
) -> Vec<u32> {
    let m = members.len();
    let local = DocFreq::new(members.iter().map(|&i| raw[i].iter().map(|e| e.0)), m);
    let vectors: Vec<Vector> = members
        .iter()
        .map(|&i| {
            weigh(
                &raw[i],
                |h| {
                    // A term no other member holds cannot tie this document to any
                    // part of the topic; a term all hold cannot tell the parts apart.
                    let d = local.get(h) as f32;
                    if d < 2.0 {
                        0.0
                    } else {
                        df.idf(h) * (1.0 - d / m as f32)
                    }
                },
                config,
            )
        })
        .collect();
    let local_days: Vec<Option<i64>> = members.iter().map(|&i| days[i]).collect();
    if m > config.split_all_pairs {
        // A large topic is split through the term index, by average link.
        let edges = candidate_edges(&vectors, &local, &local_days, config);
        return average_link(m, &edges, config.event_threshold);
    }
    let mut sim = vec![0f64; m * m];
    for a in 0..m {
        sim[a * m + a] = 1.0;
        for b in a + 1..m {
            let s = scaled(
                cosine(&vectors[a], &vectors[b]),
                local_days[a],
                local_days[b],
                config,
            );
            sim[a * m + b] = s;
            sim[b * m + a] = s;
        }
    }
    let mut out = vec![0u32; m];
    let mut stack: Vec<Vec<usize>> = vec![(0..m).collect()];
    let mut next = 0u32;
    while let Some(part) = stack.pop() {
        match bisect(&part, &sim, m, config) {
            Some((x, y)) => {
                stack.push(x);
                stack.push(y);
            }
            None => {
                for &k in &part {
                    out[k] = next;
                }
                next += 1;
            }
        }
    }
    out
}

/// Splits `part` in two when it holds two clearly separate groups: a kernel 2-means on
/// the similarity matrix, seeded with the most central member and the member least like
/// it, accepted only when the mean similarity across the two groups is below
/// `split_ratio` times the mean similarity within them.
fn bisect(
    part: &[usize],
    sim: &[f64],
    m: usize,
    config: &Config,
) -> Option<(Vec<usize>, Vec<usize>)> {
    if part.len() < config.min_split {
        return None;
    }
    let s = |a: usize, b: usize| sim[a * m + b];
    let central = *part.iter().max_by(|&&a, &&b| {
        let sa: f64 = part.iter().map(|&k| s(a, k)).sum();
        let sb: f64 = part.iter().map(|&k| s(b, k)).sum();
        sa.total_cmp(&sb).then(b.cmp(&a))
    })?;
    let far = *part
        .iter()
        .min_by(|&&a, &&b| s(central, a).total_cmp(&s(central, b)).then(a.cmp(&b)))?;
    let mut side: Vec<bool> = part.iter().map(|&k| s(k, far) > s(k, central)).collect();
    for _ in 0..20 {
        let mean_to = |k: usize, group: bool, side: &[bool]| {
            let (mut t, mut n) = (0.0, 0usize);
            for (j, &o) in part.iter().enumerate() {
                if side[j] == group && o != k {
                    t += s(k, o);
                    n += 1;
                }
            }
            if n == 0 { 0.0 } else { t / n as f64 }
        };
        let next: Vec<bool> = part
            .iter()
            .map(|&k| mean_to(k, true, &side) > mean_to(k, false, &side))
            .collect();
        if next == side {
            break;
        }
        side = next;
    }
    let x: Vec<usize> = part
        .iter()
        .zip(&side)
        .filter(|e| !*e.1)
        .map(|e| *e.0)
        .collect();
    let y: Vec<usize> = part
        .iter()
        .zip(&side)
        .filter(|e| *e.1)
        .map(|e| *e.0)
        .collect();
    if x.len() < 2 || y.len() < 2 {
        return None;
    }
    let mean = |a: &[usize], b: &[usize], same: bool| {
        let (mut t, mut n) = (0.0, 0usize);
        for (i, &p) in a.iter().enumerate() {
            for (j, &q) in b.iter().enumerate() {
                if !same || j > i {
                    t += s(p, q);
                    n += 1;
                }
            }
        }
        if n == 0 { 0.0 } else { t / n as f64 }
    };
    let within = (mean(&x, &x, true) + mean(&y, &y, true)) / 2.0;
    let across = mean(&x, &y, false);
    (across < config.split_ratio * within).then_some((x, y))
}

/// A similarity scaled down when both dates are known and far apart.
fn scaled(s: f64, a: Option<i64>, b: Option<i64>, config: &Config) -> f64 {
    match (a, b) {
        (Some(a), Some(b)) if (a - b).abs() > config.max_days_apart => s * config.far_apart_factor,
        _ => s,
    }
}

/// How many documents hold each term.
pub(crate) struct DocFreq {
    map: HashMap<u64, u32, foldhash::fast::FixedState>,
    n: usize,
}

impl DocFreq {
    fn new<I: Iterator<Item = u64>>(docs: impl Iterator<Item = I>, n: usize) -> DocFreq {
        let mut map = HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
        for terms in docs {
            for h in terms {
                *map.entry(h).or_insert(0) += 1;
            }
        }
        DocFreq { map, n }
    }

    pub fn get(&self, h: u64) -> u32 {
        self.map.get(&h).copied().unwrap_or(0)
    }

    /// Smoothed inverse document frequency; zero for a term in every document.
    pub fn idf(&self, h: u64) -> f32 {
        let df = self.get(h).max(1) as f32;
        ((self.n as f32 + 1.0) / (df + 0.5)).ln().max(0.0)
    }
}

/// Cosine of two normalised sparse vectors.
pub(crate) fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f64);
    while i < a.terms.len() && j < b.terms.len() {
        match a.terms[i].0.cmp(&b.terms[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                s += f64::from(a.terms[i].1) * f64::from(b.terms[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// A candidate pair `(a, b, similarity)` with `a < b` (indices into the sorted documents).
pub(crate) type Edge = (u32, u32, f64);

/// Candidate pairs from an inverted index over each document's most distinctive terms,
/// with their exact cosine (scaled down when the dates are far apart).
pub(crate) fn candidate_edges(
    vectors: &[Vector],
    df: &DocFreq,
    days: &[Option<i64>],
    config: &Config,
) -> Vec<Edge> {
    let n = vectors.len();
    // The query terms of each document: its heaviest terms held by at least one other
    // document and by few enough to be distinctive.
    let queries: Vec<Vec<(u64, f32)>> = vectors
        .par_iter()
        .map(|v| {
            let mut q: Vec<(u64, f32)> = v
                .terms
                .iter()
                .copied()
                .filter(|&(h, _)| {
                    let d = df.get(h) as usize;
                    d >= 2 && d <= config.max_posting
                })
                .collect();
            q.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            q.truncate(config.query_terms);
            q
        })
        .collect();
    let mut postings: HashMap<u64, Vec<u32>, foldhash::fast::FixedState> =
        HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
    for (i, q) in queries.iter().enumerate() {
        for &(h, _) in q {
            postings.entry(h).or_default().push(i as u32);
        }
    }
    // Each worker keeps one dense accumulator; long runs per job keep the number of
    // accumulators (one per job) small.
    let mut edges: Vec<Edge> = (0..n)
        .into_par_iter()
        .with_min_len(512)
        .map_init(
            || (vec![0f32; n], Vec::<u32>::new()),
            |(acc, touched), i| {
                for &(h, w) in &queries[i] {
                    let Some(list) = postings.get(&h) else {
                        continue;
                    };
                    for &j in list {
                        if j as usize == i {
                            continue;
                        }
                        if acc[j as usize] == 0.0 {
                            touched.push(j);
                        }
                        acc[j as usize] += w;
                    }
                }
                let mut cands: Vec<(u32, f32)> =
                    touched.iter().map(|&j| (j, acc[j as usize])).collect();
                for &j in touched.iter() {
                    acc[j as usize] = 0.0;
                }
                touched.clear();
                // Only the best few are needed: select them, then order those.
                let order =
                    |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                if cands.len() > config.neighbours && config.neighbours > 0 {
                    cands.select_nth_unstable_by(config.neighbours - 1, order);
                    cands.truncate(config.neighbours);
                }
                cands.sort_unstable_by(order);
                cands.truncate(config.neighbours);
                cands
                    .into_iter()
                    .filter_map(|(j, _)| {
                        let s = scaled(
                            cosine(&vectors[i], &vectors[j as usize]),
                            days[i],
                            days[j as usize],
                            config,
                        );
                        (s >= config.min_edge).then(|| {
                            let (a, b) = if (i as u32) < j {
                                (i as u32, j)
                            } else {
                                (j, i as u32)
                            };
                            (a, b, s)
                        })
                    })
                    .collect::<Vec<_>>()
            },
        )
        .flatten()
        .collect();
    edges.sort_unstable_by_key(|e| (e.0, e.1));
    edges.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
    edges
}

/// A heap entry: a pair of live clusters and their average similarity when pushed,
/// which is an upper bound of their average now (see [`average_link_component`]).
struct Merge {
    avg: f64,
    a: u32,
    b: u32,
}

impl PartialEq for Merge {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Merge {}
impl PartialOrd for Merge {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Merge {
    fn cmp(&self, o: &Self) -> Ordering {
        // Highest average first; ties go to the lowest indices, so the order of merges
        // depends only on the data.
        self.avg
            .total_cmp(&o.avg)
            .then_with(|| o.a.cmp(&self.a))
            .then_with(|| o.b.cmp(&self.b))
    }
}

/// Average-link agglomeration over the sparse graph: returns the cluster of each node
/// (the index of one of its members).
///
/// The mean similarity of two clusters never exceeds their strongest edge, so merges
/// only happen inside the connected components of the edges at or above the threshold.
/// Each component is clustered on its own, in parallel, which keeps each one's maps
/// small and local.
pub(crate) fn average_link(n: usize, edges: &[Edge], threshold: f64) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut i: u32) -> u32 {
        while parent[i as usize] != i {
            parent[i as usize] = parent[parent[i as usize] as usize];
            i = parent[i as usize];
        }
        i
    }
    for &(a, b, s) in edges {
        if s >= threshold {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb) as usize] = ra.min(rb);
            }
        }
    }
    let comp: Vec<u32> = (0..n as u32).map(|i| root(&mut parent, i)).collect();
    // Nodes and edges of each component, with local indices.
    let mut local = vec![0u32; n];
    let mut nodes: HashMap<u32, Vec<u32>> = HashMap::new();
    for i in 0..n {
        let list = nodes.entry(comp[i]).or_default();
        local[i] = list.len() as u32;
        list.push(i as u32);
    }
    let mut comp_edges: HashMap<u32, Vec<Edge>> = HashMap::new();
    for &(a, b, s) in edges {
        if comp[a as usize] == comp[b as usize] && nodes[&comp[a as usize]].len() > 1 {
            comp_edges.entry(comp[a as usize]).or_default().push((
                local[a as usize],
                local[b as usize],
                s,
            ));
        }
    }
    let mut out: Vec<u32> = (0..n as u32).collect();
    let results: Vec<(Vec<u32>, Vec<u32>)> = nodes
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(c, members)| {
            let e = comp_edges.get(&c).map_or(&[][..], Vec::as_slice);
            let sub = average_link_component(members.len(), e, threshold);
            (members, sub)
        })
        .collect();
    for (members, sub) in results {
        for (k, &c) in sub.iter().enumerate() {
            out[members[k] as usize] = members[c as usize];
        }
    }
    out
}

/// Average-link agglomeration of one connected component.
///
/// Merging A and B into one cluster changes its average with a neighbour C in two ways:
/// when C is linked to B the sum of similarities grows, and the average is pushed anew;
/// when it is not, only the size grows, so the average falls. The second case is by far
/// the most common once clusters are large, and it is handled lazily: the heap keeps the
/// old, higher value, and when that entry comes to the top the current average is
/// computed again and, if lower, pushed back in its place. An entry whose value is still
/// current is the true maximum (every other entry is at least its pair's current value),
/// so the clusters merge in the same order as if every average were updated at once,
/// while a merge costs the size of the smaller cluster's neighbour map, not the larger's.
fn average_link_component(n: usize, edges: &[Edge], threshold: f64) -> Vec<u32> {
    type Map = HashMap<u32, f64, foldhash::fast::FixedState>;
    let new_map = || Map::with_hasher(foldhash::fast::FixedState::with_seed(0));
    let mut sums: Vec<Map> = (0..n).map(|_| new_map()).collect();
    for &(a, b, s) in edges {
        sums[a as usize].insert(b, s);
        sums[b as usize].insert(a, s);
    }
    let mut size = vec![1u32; n];
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let average = |sums: &[Map], size: &[u32], a: u32, b: u32| {
        sums[a as usize]
            .get(&b)
            .map(|&s| s / (f64::from(size[a as usize]) * f64::from(size[b as usize])))
    };
    let mut heap: BinaryHeap<Merge> = edges
        .iter()
        .filter(|e| e.2 >= threshold)
        .map(|&(a, b, s)| Merge { avg: s, a, b })
        .collect();
    while let Some(m) = heap.pop() {
        let (a, b) = (m.a as usize, m.b as usize);
        if parent[a] != m.a || parent[b] != m.b {
            continue;
        }
        let Some(now) = average(&sums, &size, m.a, m.b) else {
            continue;
        };
        match now.total_cmp(&m.avg) {
            // Pushed again with the value it holds now, if that can still merge.
            Ordering::Less => {
                if now >= threshold {
                    heap.push(Merge { avg: now, ..m });
                }
                continue;
            }
            // A newer entry of this pair holds the current, higher value.
            Ordering::Greater => continue,
            Ordering::Equal => {}
        }
        // Merge the cluster with the smaller neighbour map into the larger one.
        let (keep, gone) = if sums[a].len() >= sums[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        parent[gone] = keep as u32;
        size[keep] += size[gone];
        let gone_map = std::mem::replace(&mut sums[gone], new_map());
        sums[keep].remove(&(gone as u32));
        let mut changed: Vec<u32> = Vec::with_capacity(gone_map.len());
        for (k, s) in gone_map {
            if k as usize != keep {
                *sums[keep].entry(k).or_insert(0.0) += s;
                changed.push(k);
            }
        }
        // The neighbours the merged cluster shares with the one that is gone: their sums
        // changed, so their averages are pushed with their new values.
        changed.sort_unstable();
        for k in changed {
            let s = sums[keep][&k];
            let m = &mut sums[k as usize];
            m.remove(&(gone as u32));
            m.insert(keep as u32, s);
            let avg = s / (f64::from(size[keep]) * f64::from(size[k as usize]));
            if avg >= threshold {
                let (x, y) = if (keep as u32) < k {
                    (keep as u32, k)
                } else {
                    (k, keep as u32)
                };
                heap.push(Merge { avg, a: x, b: y });
            }
        }
    }
    (0..n)
        .map(|mut i| {
            while parent[i] as usize != i {
                i = parent[i] as usize;
            }
            i as u32
        })
        .collect()
}

/// Groups `docs` into stories (see the module documentation).
pub fn stories(docs: &[Document], config: &Config) -> Vec<Story> {
    stories_with_df(docs, config).0
}

/// [`stories`] with the document frequencies it computed on the way, which
/// [`crate::links`] needs too.
pub(crate) fn stories_with_df(docs: &[Document], config: &Config) -> (Vec<Story>, DocFreq) {
    let mut sorted: Vec<&Document> = docs.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
    let days: Vec<Option<i64>> = sorted.iter().map(|d| text::day(d)).collect();
    let (raw, vectors, df) = vectors_and_counts(&sorted, config);
    let edges = candidate_edges(&vectors, &df, &days, config);
    let topic = average_link(sorted.len(), &edges, config.story_threshold);
    let mut topics: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &c) in topic.iter().enumerate() {
        topics.entry(c).or_default().push(i);
    }
    let mut topics: Vec<Vec<usize>> = topics.into_values().collect();
    topics.sort();
    // Each topic is split into events on its own; the parts are independent.
    let parts: Vec<(Vec<usize>, usize)> = topics
        .par_iter()
        .flat_map_iter(|t| {
            if t.len() < config.min_split {
                return vec![(t.clone(), t.len())];
            }
            let sub = split_topic(t, &raw, &df, &days, config);
            let mut groups: HashMap<u32, Vec<usize>> = HashMap::new();
            for (k, &c) in sub.iter().enumerate() {
                groups.entry(c).or_default().push(t[k]);
            }
            groups.into_values().map(|g| (g, t.len())).collect()
        })
        .collect();
    // One pass over the edges: the best neighbour of each document (for the reason of a
    // story of one), each document's summed similarity inside its story (to pick the
    // most central one) and each story's sum over its compared pairs.
    let mut story_of = vec![0usize; sorted.len()];
    for (n, (part, _)) in parts.iter().enumerate() {
        for &i in part {
            story_of[i] = n;
        }
    }
    let mut best: Vec<Option<(u32, f64)>> = vec![None; sorted.len()];
    let mut centrality = vec![0f64; sorted.len()];
    let mut within = vec![(0f64, 0usize); parts.len()];
    for &(a, b, s) in &edges {
        for (x, y) in [(a, b), (b, a)] {
            let slot = &mut best[x as usize];
            if slot.is_none_or(|(_, t)| s > t) {
                *slot = Some((y, s));
            }
        }
        let st = story_of[a as usize];
        if st == story_of[b as usize] {
            centrality[a as usize] += s;
            centrality[b as usize] += s;
            within[st].0 += s;
            within[st].1 += 1;
        }
    }
    let context = Context {
        docs: &sorted,
        days: &days,
        best: &best,
        centrality: &centrality,
        df: &df,
        config,
    };
    let mut out: Vec<(usize, Option<i64>, Story)> = parts
        .par_iter()
        .enumerate()
        .map(|(n, (idx, topic_len))| {
            let story = describe(&context, idx, within[n], *topic_len);
            let first = idx.iter().filter_map(|&i| days[i]).min();
            (idx.len(), first, story)
        })
        .collect();
    // Larger stories first, then earlier ones, then by id: a stable order that puts what
    // most documents report at the top.
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| (a.1.is_none(), a.1).cmp(&(b.1.is_none(), b.1)))
            .then_with(|| a.2.id.cmp(&b.2.id))
    });
    (out.into_iter().map(|e| e.2).collect(), df)
}

/// What describing a story needs from the whole run.
struct Context<'a> {
    docs: &'a [&'a Document],
    days: &'a [Option<i64>],
    best: &'a [Option<(u32, f64)>],
    centrality: &'a [f64],
    df: &'a DocFreq,
    config: &'a Config,
}

/// Id, label, ordered documents and reason of one story; `within` is the summed
/// similarity and number of its compared pairs, `topic_len` the size of the topic it
/// was split from.
fn describe(cx: &Context<'_>, idx: &[usize], within: (f64, usize), topic_len: usize) -> Story {
    let (docs, days, best, config) = (cx.docs, cx.days, cx.best, cx.config);
    let mut ordered: Vec<usize> = idx.to_vec();
    ordered.sort_by(|&a, &b| {
        (days[a].is_none(), days[a], &docs[a].id).cmp(&(days[b].is_none(), days[b], &docs[b].id))
    });
    let ids: Vec<String> = ordered.iter().map(|&i| docs[i].id.clone()).collect();
    let mut key = String::new();
    let mut by_id = ids.clone();
    by_id.sort();
    for id in &by_id {
        key.push_str(id);
        key.push('\n');
    }
    let id = format!("s{:012x}", xxh3_64(key.as_bytes()) >> 16);

    let shared = shared_terms(docs, idx, cx.df, 5);
    // The most central document (highest summed similarity to the others) lends its
    // headline as the label.
    let centrality = cx.centrality;
    let central = ordered
        .iter()
        .copied()
        .max_by(|&a, &b| {
            let (ca, cb) = (centrality[a], centrality[b]);
            ca.total_cmp(&cb).then_with(|| docs[b].id.cmp(&docs[a].id))
        })
        .unwrap_or(0);
    let label = match docs
        .get(central)
        .and_then(|d| d.title.as_deref())
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(title) => shorten(title, 90),
        None if !shared.is_empty() => shared.join(", "),
        None => docs
            .get(central)
            .map(|d| shorten(d.body.trim(), 90))
            .unwrap_or_default(),
    };

    let reason = if idx.len() == 1 {
        match best[idx[0]] {
            Some((j, s)) => format!(
                "no other document is close enough: the most similar, {}, scores {:.2}, below the threshold {:.2}",
                docs[j as usize].id, s, config.story_threshold
            ),
            None => "no other document shares its distinctive terms".to_string(),
        }
    } else {
        let (sum, pairs) = within;
        let all_pairs = idx.len() * (idx.len() - 1) / 2;
        let mean = sum / all_pairs as f64;
        let mut r = format!(
            "{} documents share the distinctive terms {}; mean similarity {:.2} over {} document pairs ({} compared), threshold {:.2}",
            idx.len(),
            if shared.is_empty() {
                "(none common to most)".to_string()
            } else {
                shared.join(", ")
            },
            mean,
            all_pairs,
            pairs,
            config.story_threshold
        );
        if topic_len > idx.len() {
            r.push_str(&format!(
                "; told apart from {} look-alike documents of the same topic by the terms only part of the topic shares",
                topic_len - idx.len()
            ));
        }
        let dated: Vec<i64> = idx.iter().filter_map(|&i| days[i]).collect();
        if let (Some(lo), Some(hi)) = (dated.iter().min(), dated.iter().max()) {
            let span = hi - lo;
            r.push_str(&match span {
                0 => format!(
                    "; the {} dated ones were published the same day",
                    dated.len()
                ),
                1 => "; published within 1 day".to_string(),
                n => format!("; published within {n} days"),
            });
        }
        r
    };
    Story {
        id,
        label,
        documents: ids,
        reason,
        brief: Vec::new(),
    }
}

/// Up to `k` terms held by most documents of the story and rare elsewhere, in the form
/// they most often take in the text (so names keep their capitals).
fn shared_terms(docs: &[&Document], idx: &[usize], df: &DocFreq, k: usize) -> Vec<String> {
    type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
    fn map<K, V>() -> Map<K, V> {
        HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0))
    }
    fn texts(d: &Document) -> impl Iterator<Item = &str> {
        d.title.as_deref().into_iter().chain([d.body.as_str()])
    }
    // Pass 1: how many of the documents hold each term (by its hash, as the frequencies
    // are kept), without building any string.
    let mut held: Map<u64, usize> = map();
    let mut hashes: Vec<u64> = Vec::new();
    for &i in idx {
        hashes.clear();
        for text in texts(docs[i]) {
            for w in text::words(text) {
                hashes.extend(text::term_hash(&text[w.span.start..w.span.end]));
            }
        }
        hashes.sort_unstable();
        hashes.dedup();
        for &h in &hashes {
            *held.entry(h).or_default() += 1;
        }
    }
    // Pass 2: the surface forms, with their counts, of the terms most documents hold.
    let need = idx.len().div_ceil(2).max(1);
    let mut forms: Map<u64, Map<&str, usize>> = held
        .iter()
        .filter(|&(_, &n)| n >= need)
        .map(|(&h, _)| (h, map()))
        .collect();
    if forms.is_empty() {
        return Vec::new();
    }
    for &i in idx {
        for text in texts(docs[i]) {
            for w in text::words(text) {
                let surface = &text[w.span.start..w.span.end];
                if let Some(f) = text::term_hash(surface).and_then(|h| forms.get_mut(&h)) {
                    *f.entry(surface).or_default() += 1;
                }
            }
        }
    }
    let mut terms: Vec<(f64, String, String)> = forms
        .into_iter()
        .filter_map(|(h, forms)| {
            let t = forms.keys().next().and_then(|f| text::term(f))?;
            if !(t.len() > 2 || t.bytes().any(|b| b.is_ascii_digit())) {
                return None;
            }
            let n = held[&h];
            let total: usize = forms.values().sum();
            let capitalised: usize = forms
                .iter()
                .filter(|(f, _)| f.chars().next().is_some_and(char::is_uppercase))
                .map(|(_, c)| c)
                .sum();
            let form = forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or_else(|| t.clone(), |(f, _)| (*f).to_string());
            // Terms in more of the documents and rarer in the corpus come first, names
            // (mostly capitalised) before common words.
            let idf = f64::from(df.idf(h));
            let score = n as f64 * idf * if capitalised * 2 > total { 1.5 } else { 1.0 };
            Some((score, t, form))
        })
        .collect();
    terms.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    terms.into_iter().take(k).map(|e| e.2).collect()
}

/// `text` cut at a word boundary to at most about `max` characters, with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain algorithm, kept as the reference: after every merge the merged
    /// cluster's average with each of its neighbours is computed anew and pushed, and
    /// older entries are recognised by a version number.
    fn eager(n: usize, edges: &[Edge], threshold: f64) -> Vec<u32> {
        let mut sums: Vec<HashMap<u32, f64>> = vec![HashMap::new(); n];
        for &(a, b, s) in edges {
            sums[a as usize].insert(b, s);
            sums[b as usize].insert(a, s);
        }
        let mut size = vec![1u32; n];
        let mut version = vec![0u32; n];
        let mut parent: Vec<u32> = (0..n as u32).collect();
        // (avg, a, b, version of a, version of b), highest average then lowest ids first.
        let mut heap: Vec<(f64, u32, u32, u32, u32)> = edges
            .iter()
            .filter(|e| e.2 >= threshold)
            .map(|&(a, b, s)| (s, a, b, 0, 0))
            .collect();
        loop {
            let best = (0..heap.len()).max_by(|&x, &y| {
                let (p, q) = (heap[x], heap[y]);
                p.0.total_cmp(&q.0)
                    .then_with(|| q.1.cmp(&p.1))
                    .then_with(|| q.2.cmp(&p.2))
            });
            let Some(best) = best else { break };
            let (_, a, b, va, vb) = heap.swap_remove(best);
            let (a, b) = (a as usize, b as usize);
            if version[a] != va || version[b] != vb || parent[a] as usize != a {
                continue;
            }
            if parent[b] as usize != b {
                continue;
            }
            let (keep, gone) = if sums[a].len() >= sums[b].len() {
                (a, b)
            } else {
                (b, a)
            };
            parent[gone] = keep as u32;
            size[keep] += size[gone];
            version[keep] += 1;
            let gone_map = std::mem::take(&mut sums[gone]);
            sums[keep].remove(&(gone as u32));
            for (k, s) in gone_map {
                if k as usize != keep {
                    *sums[keep].entry(k).or_insert(0.0) += s;
                }
            }
            let neighbours: Vec<(u32, f64)> = sums[keep].iter().map(|(&k, &s)| (k, s)).collect();
            for (k, s) in neighbours {
                let m = &mut sums[k as usize];
                m.remove(&(gone as u32));
                m.insert(keep as u32, s);
                let avg = s / (f64::from(size[keep]) * f64::from(size[k as usize]));
                if avg >= threshold {
                    let (x, y) = (keep.min(k as usize), keep.max(k as usize));
                    heap.push((avg, x as u32, y as u32, version[x], version[y]));
                }
            }
        }
        (0..n)
            .map(|mut i| {
                while parent[i] as usize != i {
                    i = parent[i] as usize;
                }
                i as u32
            })
            .collect()
    }

    proptest! {
        /// The lazy heap merges in the same order as the plain algorithm, so it finds the
        /// same clusters, on graphs dense enough for clusters to grow and shrink averages.
        #[test]
        fn lazy_average_link_matches_the_plain_algorithm(
            n in 2usize..40,
            raw in prop::collection::vec((0u32..40, 0u32..40, 1u32..100), 0..200),
            threshold in 0.05f64..0.6,
        ) {
            let mut edges: Vec<Edge> = raw
                .into_iter()
                .filter_map(|(a, b, s)| {
                    let (a, b) = (a % n as u32, b % n as u32);
                    (a != b).then(|| (a.min(b), a.max(b), f64::from(s) / 100.0))
                })
                .collect();
            edges.sort_by_key(|e| (e.0, e.1));
            edges.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
            prop_assert_eq!(average_link_component(n, &edges, threshold), eager(n, &edges, threshold));
        }
    }
}
