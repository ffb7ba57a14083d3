//! Entity resolution across documents: one pass that puts every mention under a key
//! (its name, a place, or a description of a body by country and kind), then merges keys
//! through a union-find in a fixed order of rules, each merge with its reason in words:
//!
//! 1. links the text makes inside one document: an acronym in brackets, a name inside a
//!    description with its country, a surname and the one full name ending with it;
//! 2. descriptions of one country's body: same head word, modifiers that are a subset of
//!    exactly one fuller description ("Norwegian intelligence" into "Norway's military
//!    intelligence" only when Norway has no other intelligence body in the corpus);
//! 3. spelling variants and transliterations (a folded key: lowercase, `y` as `i`,
//!    doubled letters single);
//! 4. an acronym and the one name in the corpus whose initials it is;
//! 5. a surname and the one person in the corpus whose full name ends with it.
//!
//! A merge is refused when the two groups already hold different full names of people,
//! different places, or incompatible descriptions, so rules never chain two clearly
//! different actors. Names made only of generic words ("Foreign Ministry", "Supreme
//! Court") are keyed per document, since each country has one. The work is hash lookups
//! per key, with no comparison of all pairs.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use model::{Claim, Document, Entity, EntityKind, Mention, Merge, Span};
use xxhash_rust::xxh3::xxh3_64;

use crate::mentions::{EntityMention, LinkReason, MentionForm};
use crate::{Config, DocMentions, lexicon, norm};

/// A folded form of a name for spelling variants: lowercase letters and digits only,
/// `y` read as `i`, doubled letters single ("Kovalenkyy" = "Kovalenkiy" = "Kovalenky").
pub(crate) fn fold(name: &str) -> String {
    if name.is_ascii() {
        // The same steps byte by byte, for the usual ASCII name.
        let mut out = String::with_capacity(name.len());
        let mut prev = 0u8;
        for &b in name.as_bytes() {
            if !b.is_ascii_alphanumeric() {
                continue;
            }
            let b = match b.to_ascii_lowercase() {
                b'y' => b'i',
                b => b,
            };
            if b != prev {
                out.push(char::from(b));
            }
            prev = b;
        }
        return out;
    }
    fold_chars(name)
}

/// [`fold`] char by char, for names outside ASCII.
fn fold_chars(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut prev = None;
    for c in name.chars().flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            continue;
        }
        let c = if c == 'y' { 'i' } else { c };
        if Some(c) != prev {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Name(String),
    /// A name keyed to one document (by index in the sorted document list).
    Local(usize, String),
    Place(String),
    Desc(String, Vec<String>),
}

#[derive(Default)]
struct Node {
    key: Option<Key>,
    /// Surface forms with their counts.
    surfaces: BTreeMap<String, usize>,
    /// Per surface, why it is another way of writing this key.
    notes: BTreeMap<String, String>,
    kinds: [usize; 4],
    speaker: bool,
    acronym: bool,
    all_initial: bool,
    mentions: Vec<(usize, Span)>,
    outlet_of: Vec<String>,
    /// The outlet's name as the documents give it.
    outlet_name: Option<String>,
    /// Full (multi-word) person names, folded.
    people: BTreeSet<String>,
    place: Option<String>,
    desc: Option<(String, Vec<String>)>,
}

fn kind_index(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Place => 2,
        EntityKind::Other => 3,
    }
}

/// The groups being built: a union-find over nodes, with what each group holds so that a
/// merge of different actors can be refused.
struct Groups {
    parent: Vec<usize>,
    people: Vec<BTreeSet<String>>,
    places: Vec<BTreeSet<String>>,
    descs: Vec<Vec<(String, Vec<String>)>>,
    /// Merges made: (node, other node, reason).
    edges: Vec<(usize, usize, String)>,
}

impl Groups {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn compatible(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if !self.people[ra].is_empty()
            && !self.people[rb].is_empty()
            && self.people[ra].is_disjoint(&self.people[rb])
        {
            return false;
        }
        if !self.places[ra].is_empty()
            && !self.places[rb].is_empty()
            && self.places[ra].is_disjoint(&self.places[rb])
        {
            return false;
        }
        for (ca, sa) in &self.descs[ra] {
            for (cb, sb) in &self.descs[rb] {
                if ca != cb || sa.last() != sb.last() {
                    return false;
                }
                let sub = |x: &Vec<String>, y: &Vec<String>| x.iter().all(|w| y.contains(w));
                if !sub(sa, sb) && !sub(sb, sa) {
                    return false;
                }
            }
        }
        true
    }

    /// Merges the groups of `a` and `b` unless they hold different actors; returns whether
    /// they are now one group.
    fn union(&mut self, a: usize, b: usize, reason: impl FnOnce() -> String) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if !self.compatible(ra, rb) {
            return false;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        let p = std::mem::take(&mut self.people[gone]);
        self.people[keep].extend(p);
        let p = std::mem::take(&mut self.places[gone]);
        self.places[keep].extend(p);
        let d = std::mem::take(&mut self.descs[gone]);
        self.descs[keep].extend(d);
        self.edges.push((a, b, reason()));
        true
    }
}

fn is_generic(text: &str) -> bool {
    let mut lower = String::new();
    let mut any = false;
    for w in crate::words(text) {
        any = true;
        lower.clear();
        if w.is_ascii() {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(
                w.chars()
                    .flat_map(char::to_lowercase)
                    .map(|c| if c == '\u{2019}' { '\'' } else { c }),
            );
        }
        if !lexicon::generic_org_word(&lower) {
            return false;
        }
    }
    any
}

/// Merges the mentions of all documents into entities (see the module documentation),
/// adds one entity per outlet, and sets `claim.entities` and `attribution.entity`.
/// Entities come out sorted by id; ids derive from the canonical name.
pub fn resolve(
    docs: &[Document],
    claims: &mut [Claim],
    mut mentions: Vec<DocMentions>,
    config: &Config,
) -> Vec<Entity> {
    mentions.sort_by(|a, b| a.doc.cmp(&b.doc));
    let doc_index: HashMap<&str, usize> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| (m.doc.as_str(), i))
        .collect();

    let mut nodes: Vec<Node> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    // Per document, per mention: its node.
    let mut node_of: Vec<Vec<usize>> = Vec::with_capacity(mentions.len());

    let mut node_for = |key: Key, nodes: &mut Vec<Node>| -> usize {
        match index.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => *e.get(),
            std::collections::hash_map::Entry::Vacant(v) => {
                nodes.push(Node {
                    key: Some(v.key().clone()),
                    all_initial: true,
                    ..Node::default()
                });
                *v.insert(nodes.len() - 1)
            }
        }
    };

    for (di, dm) in mentions.iter().enumerate() {
        let surname_local: BTreeSet<usize> = dm
            .links
            .iter()
            .filter(|l| l.reason == LinkReason::SurnameInDocument)
            .map(|l| l.from)
            .collect();
        let mut ids = Vec::with_capacity(dm.mentions.len());
        for (mi, m) in dm.mentions.iter().enumerate() {
            let key = key_of(di, mi, m, &surname_local);
            let id = node_for(key, &mut nodes);
            let node = &mut nodes[id];
            add_mention(node, di, m);
            ids.push(id);
        }
        node_of.push(ids);
    }
    // Outlets are entities too, linked to the documents they published.
    let mut sorted_docs: Vec<&Document> = docs.iter().collect();
    sorted_docs.sort_by(|a, b| a.id.cmp(&b.id));
    for d in &sorted_docs {
        let Some(outlet) = d.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) else {
            continue;
        };
        let key = Key::Name(norm(outlet));
        let id = node_for(key, &mut nodes);
        let node = &mut nodes[id];
        *node.surfaces.entry(outlet.to_string()).or_default() += 1;
        node.kinds[1] += 1;
        node.all_initial = false;
        node.outlet_of.push(d.id.clone());
        if node.outlet_name.is_none() {
            node.outlet_name = Some(outlet.to_string());
        }
    }

    let n = nodes.len();
    let mut groups = Groups {
        parent: (0..n).collect(),
        // The people of a node are needed only here, so they move to the groups.
        people: nodes
            .iter_mut()
            .map(|x| std::mem::take(&mut x.people))
            .collect(),
        places: nodes
            .iter()
            .map(|x| x.place.iter().cloned().collect())
            .collect(),
        descs: nodes
            .iter()
            .map(|x| x.desc.iter().cloned().collect())
            .collect(),
        edges: Vec::new(),
    };

    // 1. Links made by the text of one document.
    for (di, dm) in mentions.iter().enumerate() {
        for l in &dm.links {
            // The acronym joins the phrase it abbreviates; otherwise `from` joins `to`.
            let (a, b) = match l.reason {
                LinkReason::AcronymDefined => (node_of[di][l.to], node_of[di][l.from]),
                _ => (node_of[di][l.from], node_of[di][l.to]),
            };
            let (ma, mb) = (&dm.mentions[l.from], &dm.mentions[l.to]);
            groups.union(a, b, || match l.reason {
                LinkReason::AcronymDefined => format!(
                    "acronym \"{}\" given in brackets after \"{}\" in {}",
                    mb.text, ma.text, dm.doc
                ),
                LinkReason::NamedWithCountry if ma.text == mb.text => format!(
                    "\"{}\" names a body of {} ({}) in {}",
                    mb.text,
                    ma.country.as_deref().unwrap_or("a country"),
                    ma.signature.join(" "),
                    dm.doc
                ),
                LinkReason::NamedWithCountry => format!(
                    "\"{}\" is named inside \"{}\" in {}",
                    mb.text, ma.text, dm.doc
                ),
                LinkReason::SurnameInDocument => format!(
                    "surname of \"{}\", the only full name ending in it in {}",
                    mb.text, dm.doc
                ),
            });
        }
    }

    // 2. Descriptions of one country's bodies.
    let mut by_head: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        if let Some((country, sig)) = &node.desc
            && let Some(head) = sig.last()
        {
            by_head
                .entry((country.clone(), head.clone()))
                .or_default()
                .push(i);
        }
    }
    for ((country, head), ids) in &by_head {
        if ids.len() < 2 || ids.len() > config.max_description_group {
            continue;
        }
        let sig = |i: usize| {
            &nodes[i]
                .desc
                .as_ref()
                .expect("grouped nodes are descriptions")
                .1
        };
        let subset = |x: &Vec<String>, y: &Vec<String>| x.iter().all(|w| y.contains(w));
        let maximal: Vec<usize> = ids
            .iter()
            .copied()
            .filter(|&i| {
                !ids.iter()
                    .any(|&j| j != i && sig(j).len() > sig(i).len() && subset(sig(i), sig(j)))
            })
            .collect();
        for &i in ids {
            if maximal.contains(&i) {
                continue;
            }
            let supers: Vec<usize> = maximal
                .iter()
                .copied()
                .filter(|&m| subset(sig(i), sig(m)))
                .collect();
            if let [m] = supers[..] {
                let (a, b) = (best_surface(&nodes[i]), best_surface(&nodes[m]));
                groups.union(i, m, || {
                    format!(
                        "same body of {country}: \"{a}\" and \"{b}\" share the head \"{head}\" and \"{b}\" is the only {head} body of {country} whose description includes every word of \"{a}\""
                    )
                });
            }
        }
    }

    // 2b. An acronym and the same letters written as a word ("NATO", "Nato"), when the
    // word appears inside sentences (not only as a capitalised first word) and the
    // acronym does too: a shouted headline word ("GUILTY") is no acronym.
    for i in 0..n {
        let Some(Key::Name(k)) = &nodes[i].key else {
            continue;
        };
        let Some(acr) = k.strip_prefix("acr:") else {
            continue;
        };
        if nodes[i].all_initial {
            continue;
        }
        // Two capitals match a word too easily ("LA", "La"); a dotted form ("U.N.") is
        // the same letters by design.
        let dotted = |w: usize| nodes[w].surfaces.keys().any(|s| s.contains('.'));
        if let Some(&w) = index.get(&Key::Name(acr.to_lowercase())) {
            if acr.chars().count() < 3 && !dotted(w) {
                continue;
            }
            if !nodes[w].all_initial && nodes[w].kinds[0] == 0 {
                let (a, b) = (best_surface(&nodes[i]), best_surface(&nodes[w]));
                groups.union(i, w, || {
                    format!("\"{a}\" and \"{b}\" are the same letters, in capitals and as a word")
                });
            }
        }
    }

    // 3. Spelling variants and transliterations.
    let mut by_fold: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        if let Some(Key::Name(name)) = &node.key {
            let f = fold(name);
            // Short names fold together too easily ("Li", "Lee") to count as variants.
            if f.chars().count() >= 6 && !node.acronym {
                by_fold.entry(f).or_default().push(i);
            }
        }
    }
    for ids in by_fold.values() {
        if ids.len() < 2 {
            continue;
        }
        let mut ids = ids.clone();
        ids.sort_by_key(|&i| std::cmp::Reverse(nodes[i].mentions.len()));
        let first = ids[0];
        let main = best_surface(&nodes[first]);
        for &i in &ids[1..] {
            groups.union(i, first, || format!("spelling variant of \"{main}\""));
        }
    }

    // 4. Acronyms and the one name whose initials they are.
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        // People have initials too, but nobody is named by them in the news.
        if node.acronym || node.place.is_some() || node.desc.is_some() || node.kinds[0] > 0 {
            continue;
        }
        if let Some(ini) = initials(best_surface(node)) {
            by_initials.entry(ini).or_default().push(i);
        }
    }
    for i in 0..n {
        if !nodes[i].acronym {
            continue;
        }
        let Some(Key::Name(key)) = &nodes[i].key else {
            continue;
        };
        let acr = key.strip_prefix("acr:").unwrap_or(key);
        // Two letters match too many names by chance.
        if acr.chars().count() < 3 {
            continue;
        }
        let Some(cands) = by_initials.get(&acr.to_uppercase()) else {
            continue;
        };
        let mut roots: Vec<usize> = cands.iter().map(|&c| groups.find(c)).collect();
        roots.sort();
        roots.dedup();
        if let [_] = roots[..] {
            let target = cands[0];
            let (a, b) = (best_surface(&nodes[i]), best_surface(&nodes[target]));
            groups.union(i, target, || {
                format!("\"{a}\" is the initials of \"{b}\", the only name in the corpus with them")
            });
        }
    }

    // 5. Surnames and the one person whose full name ends with them.
    // Every multi-word name counts, person or not, so that "Lewis" is ambiguous when the
    // corpus names two people called Lewis even if only one has a title; and a word that
    // starts a name elsewhere ("Warren Jeffs") may be a given name.
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    let mut firsts: HashSet<String> = HashSet::new();
    for (i, node) in nodes.iter().enumerate() {
        if node.place.is_some()
            || node.desc.is_some()
            || node.acronym
            || node.kinds[1] > node.kinds[0]
        {
            continue;
        }
        for full in node.surfaces.keys() {
            let mut ws = crate::words(full);
            let (Some(first), Some(_)) = (ws.next(), ws.next()) else {
                continue;
            };
            if crate::words(full).all(lexicon::is_capitalised) {
                let last = crate::words(full).next_back().unwrap_or(first);
                by_last.entry(fold(last)).or_default().push(i);
                firsts.insert(fold(first));
            }
        }
    }
    for i in 0..n {
        let single = match &nodes[i].key {
            Some(Key::Name(name)) if !name.contains(' ') => name.as_str(),
            _ => continue,
        };
        // A word of three letters or more, seen inside sentences, that is not a common
        // noun of places or bodies ("Road", "Center"), is read as a surname.
        let common = lexicon::place_noun(single)
            || lexicon::org_head(single)
            || lexicon::generic_org_word(single)
            || lexicon::title(single);
        if nodes[i].acronym || common || single.chars().count() < 3 || nodes[i].all_initial {
            continue;
        }
        let folded = fold(single);
        if firsts.contains(&folded) {
            continue;
        }
        let Some(cands) = by_last.get(&folded) else {
            continue;
        };
        let mut roots: Vec<usize> = cands.iter().map(|&c| groups.find(c)).collect();
        roots.sort();
        roots.dedup();
        if let [_] = roots[..] {
            // Without a sign of its own that the word names a person (it speaks, or
            // follows a title), the full name must be a person's by a title.
            // The one name must be a person's (a title before it, or it speaks).
            let person_target = cands
                .iter()
                .any(|&c| nodes[c].kinds[0] > 0 || nodes[c].speaker);
            if !person_target {
                continue;
            }
            let target = cands[0];
            let (a, b) = (best_surface(&nodes[i]), full_name(&nodes[target]));
            groups.union(i, target, || format!("surname \"{a}\" of \"{b}\", the only person in the corpus with a full name ending in it"));
        }
    }

    // Build the entities.
    // Each group's nodes in order, groups in the order of their roots: the pairs sorted
    // by root then node, cut where the root changes.
    let mut by_root: Vec<(usize, usize)> = (0..n).map(|i| (groups.find(i), i)).collect();
    by_root.sort_unstable();
    let members: Vec<Vec<usize>> = by_root
        .chunk_by(|x, y| x.0 == y.0)
        .map(|run| run.iter().map(|&(_, i)| i).collect())
        .collect();
    let mut first_edge: HashMap<usize, String> = HashMap::new();
    for (a, _, reason) in &groups.edges {
        first_edge.entry(*a).or_insert_with(|| reason.clone());
    }
    for (_, b, reason) in &groups.edges {
        first_edge.entry(*b).or_insert_with(|| reason.clone());
    }
    let doc_names: Vec<String> = mentions.iter().map(|m| m.doc.clone()).collect();
    let mut entities: Vec<Entity> = Vec::new();
    let mut entity_of_node: Vec<Option<usize>> = vec![None; n];
    let mut used_ids: HashMap<u64, usize> = HashMap::new();
    for ids in &members {
        // A lone capitalised word opening a sentence, never seen elsewhere, is not a name.
        if ids
            .iter()
            .all(|&i| nodes[i].all_initial && !nodes[i].speaker)
        {
            continue;
        }
        let entity = build_entity(ids, &nodes, &first_edge, &mut used_ids, &doc_names);
        for &i in ids {
            entity_of_node[i] = Some(entities.len());
        }
        entities.push(entity);
    }

    // Mentions per document, sorted, with their entity, for claims and sources.
    let mut per_doc: Vec<Vec<(Span, usize, EntityKind, usize)>> = vec![Vec::new(); mentions.len()];
    for (di, dm) in mentions.iter().enumerate() {
        for (mi, m) in dm.mentions.iter().enumerate() {
            if let Some(e) = entity_of_node[node_of[di][mi]] {
                per_doc[di].push((m.span, e, m.kind, mi));
            }
        }
        // The keys are distinct (`mi` is), so an unstable sort gives the same order.
        per_doc[di].sort_unstable_by_key(|(s, e, _, mi)| (s.start, s.end, *e, *mi));
    }
    // The place of each entity's id in sorted order.
    let mut id_rank = vec![0usize; entities.len()];
    {
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_unstable_by(|&a, &b| entities[a].id.cmp(&entities[b].id));
        for (rank, e) in order.into_iter().enumerate() {
            id_rank[e] = rank;
        }
    }
    for claim in claims.iter_mut() {
        let Some(&di) = doc_index.get(claim.doc.as_str()) else {
            continue;
        };
        let list = &per_doc[di];
        let within = |span: Span| {
            let from = list.partition_point(|(s, ..)| s.start < span.start);
            list[from..]
                .iter()
                .take_while(move |(s, ..)| s.start < span.end)
                .filter(move |(s, ..)| s.end <= span.end)
        };
        // Entity ids are distinct, so entities are sorted by the rank of their id and
        // deduplicated by index first, and each id is copied once.
        let mut ids: Vec<usize> = within(claim.span).map(|&(_, e, ..)| e).collect();
        ids.sort_unstable_by_key(|&e| id_rank[e]);
        ids.dedup();
        claim.entities = ids.into_iter().map(|e| entities[e].id.clone()).collect();
        if let Some(a) = claim.attribution.as_mut()
            && let Some(src) = a.source_span
        {
            let rank = |k: EntityKind| match k {
                EntityKind::Person => 0,
                EntityKind::Organization => 1,
                EntityKind::Other => 2,
                EntityKind::Place => 3,
            };
            a.entity = within(src)
                .min_by_key(|&&(s, e, k, _)| {
                    (
                        rank(entities[e].kind.min(k)),
                        rank(k),
                        std::cmp::Reverse(s.len()),
                        s.start,
                    )
                })
                .map(|&(_, e, ..)| entities[e].id.clone());
        }
    }
    // Ids are distinct, so an unstable sort gives the same order.
    entities.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    entities
}

fn key_of(di: usize, mi: usize, m: &EntityMention, surname_local: &BTreeSet<usize>) -> Key {
    match m.form {
        MentionForm::Place | MentionForm::Demonym => {
            Key::Place(m.canonical.clone().unwrap_or_else(|| m.text.clone()))
        }
        MentionForm::Description => {
            Key::Desc(m.country.clone().unwrap_or_default(), m.signature.clone())
        }
        MentionForm::Acronym => Key::Name(format!("acr:{}", m.text)),
        MentionForm::Name => {
            if is_generic(&m.text) || surname_local.contains(&mi) {
                Key::Local(di, norm(&m.text))
            } else {
                Key::Name(norm(&m.text))
            }
        }
    }
}

fn add_mention(node: &mut Node, di: usize, m: &EntityMention) {
    // A surface seen before is counted without copying its text again.
    match node.surfaces.get_mut(&m.text) {
        Some(count) => *count += 1,
        None => {
            node.surfaces.insert(m.text.clone(), 1);
        }
    }
    node.kinds[kind_index(m.kind)] += 1;
    node.speaker |= m.speaker;
    node.acronym |= m.form == MentionForm::Acronym;
    node.all_initial &= m.initial;
    node.mentions.push((di, m.span));
    match m.form {
        // A node's key is its place or its description, so every mention of the node
        // gives the same place, description and note: each is written once.
        MentionForm::Place | MentionForm::Demonym => {
            let canonical = m.canonical.as_deref().unwrap_or(&m.text);
            if m.text != canonical && !node.notes.contains_key(&m.text) {
                let note = if m.form == MentionForm::Demonym {
                    format!("demonym of {canonical} (gazetteer)")
                } else {
                    format!("another name of {canonical} (gazetteer)")
                };
                node.notes.insert(m.text.clone(), note);
            }
            if node.place.as_deref() != Some(canonical) {
                node.place = Some(canonical.to_string());
            }
        }
        MentionForm::Description => {
            let country = m.country.as_deref().unwrap_or_default();
            if node
                .desc
                .as_ref()
                .is_none_or(|(c, sig)| c != country || *sig != m.signature)
            {
                node.desc = Some((country.to_string(), m.signature.clone()));
            }
        }
        _ => {}
    }
    if m.kind == EntityKind::Person && crate::words(&m.text).nth(1).is_some() {
        node.people.insert(fold(&m.text));
    }
}

/// The initials of a name of two or more capitalised words ("National Intelligence
/// Service" -> "NIS"), skipping connectors.
fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split_whitespace()
        // No character outside ASCII lowercases to a letter of these words, so an ASCII
        // comparison that ignores case is the same test as comparing lowercase forms.
        .filter(|w| {
            !["of", "the", "and", "for", "&", "de"]
                .iter()
                .any(|c| w.eq_ignore_ascii_case(c))
        })
        .collect();
    if words.len() < 2
        || !words
            .iter()
            .all(|w| lexicon::is_capitalised(w) && w.chars().any(char::is_lowercase))
    {
        return None;
    }
    Some(
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

/// The most used surface of a node (ties: the longer, then the first in order).
fn best_surface(node: &Node) -> &str {
    if let Some(p) = &node.place {
        return p;
    }
    node.surfaces
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(a.0.len().cmp(&b.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map_or("", |(s, _)| s.as_str())
}

fn full_name(node: &Node) -> &str {
    node.surfaces
        .iter()
        .filter(|(s, _)| s.contains(' '))
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(a.0.len().cmp(&b.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map_or_else(|| best_surface(node), |(s, _)| s.as_str())
}

fn build_entity(
    ids: &[usize],
    nodes: &[Node],
    first_edge: &HashMap<usize, String>,
    used_ids: &mut HashMap<u64, usize>,
    doc_names: &[String],
) -> Entity {
    let mut kinds = [0usize; 4];
    for &i in ids {
        for (total, n) in kinds.iter_mut().zip(nodes[i].kinds) {
            *total += n;
        }
    }
    let place = ids.iter().find_map(|&i| nodes[i].place.clone());
    let kind = if place.is_some() && ids.iter().all(|&i| nodes[i].place.is_some()) {
        EntityKind::Place
    } else if kinds[0] > 0 && kinds[0] >= kinds[1] {
        EntityKind::Person
    } else if kinds[1] > 0 {
        EntityKind::Organization
    } else if kinds[0] > 0 {
        EntityKind::Person
    } else if place.is_some() {
        EntityKind::Place
    } else if ids.iter().any(|&i| nodes[i].speaker) {
        // A name that speaks and has no sign of being a body is taken for a person.
        EntityKind::Person
    } else {
        EntityKind::Other
    };
    // The canonical name: the place's gazetteer name; an outlet's own name; else, by
    // preference, a name over an acronym over a description, then the most used, the
    // longest, the first in order.
    let mut canonical: Option<(String, usize)> = None;
    if let Some(p) = &place
        && kind == EntityKind::Place
    {
        canonical = Some((p.clone(), ids[0]));
    }
    if canonical.is_none() {
        let outlet = ids.iter().find(|&&i| !nodes[i].outlet_of.is_empty());
        if let Some(&i) = outlet {
            canonical = nodes[i].outlet_name.clone().map(|name| (name, i));
        }
    }
    if canonical.is_none() {
        // (preference score, surface, node)
        type Best = Option<((usize, usize, usize, usize), String, usize)>;
        let mut best: Best = None;
        for &i in ids {
            let node = &nodes[i];
            let class = if node.desc.is_some() {
                2
            } else if node.acronym {
                0
            } else if node.place.is_some()
                || matches!(node.key, Some(Key::Local(..))) && node.kinds[0] == 0
            {
                // A generic name ("Government") says less than its description.
                1
            } else {
                4
            };
            for (s, &count) in &node.surfaces {
                let words = crate::words(s).count();
                let multi = usize::from(kind != EntityKind::Person || words >= 2);
                let score = (multi, class, count, s.len());
                let better = match &best {
                    None => true,
                    Some((b, bs, _)) => score > *b || score == *b && s < bs,
                };
                if better {
                    best = Some((score, s.clone(), i));
                }
            }
        }
        canonical = best.map(|(_, s, i)| (s, i));
    }
    let (name, name_node) = canonical.unwrap_or_default();

    // The n-th entity whose name has a given hash takes the suffix "-n". A suffixed id
    // is made only from its own hash (a bare id has no "-"), so counting the entities per
    // hash gives the same ids as trying suffixes until one is free.
    let hash = xxh3_64(name.to_lowercase().as_bytes()) >> 16;
    let seen = used_ids.entry(hash).or_insert(0);
    *seen += 1;
    let id = if *seen == 1 {
        format!("e{hash:012x}")
    } else {
        format!("e{hash:012x}-{seen}")
    };

    let mut merges: BTreeMap<String, String> = BTreeMap::new();
    for &i in ids {
        let node = &nodes[i];
        let node_best = best_surface(node);
        for s in node.surfaces.keys() {
            if *s == name || merges.contains_key(s) {
                continue;
            }
            let within = if let Some(note) = node.notes.get(s) {
                Some(note.clone())
            } else if s != node_best || i == name_node {
                let other: &str = if i == name_node { &name } else { node_best };
                Some(match &node.desc {
                    Some((c, sig)) => format!(
                        "describes the same body of {c} ({}) as \"{other}\"",
                        sig.join(" ")
                    ),
                    None => format!("the same name as \"{other}\" written differently"),
                })
            } else {
                None
            };
            let edge = (i != name_node).then(|| first_edge.get(&i)).flatten();
            let reason = match (within, edge) {
                (Some(w), Some(e)) => format!("{w}; {e}"),
                (Some(w), None) => w,
                (None, Some(e)) => e.clone(),
                (None, None) => format!("the same name as \"{name}\" written differently"),
            };
            merges.insert(s.clone(), reason);
        }
    }
    let mut mentions: Vec<(usize, Span)> = ids
        .iter()
        .flat_map(|&i| nodes[i].mentions.iter().copied())
        .collect();
    // Equal mentions are the same values, so an unstable sort gives the same list.
    mentions.sort_unstable();
    mentions.dedup();
    let mut outlet_of: Vec<String> = ids
        .iter()
        .flat_map(|&i| nodes[i].outlet_of.iter().cloned())
        .collect();
    outlet_of.sort();
    outlet_of.dedup();
    Entity {
        id,
        name,
        kind,
        aliases: merges.keys().cloned().collect(),
        mentions: mentions
            .into_iter()
            .map(|(d, span)| Mention {
                doc: doc_names.get(d).cloned().unwrap_or_default(),
                span,
            })
            .collect(),
        merges: merges
            .into_iter()
            .map(|(alias, reason)| Merge { alias, reason })
            .collect(),
        outlet_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ascii_fold_agrees_with_char_fold(name in "[A-Za-z0-9yY .'-]{0,24}") {
            prop_assert_eq!(fold(&name), fold_chars(&name));
        }
    }

    #[test]
    fn fold_reads_y_as_i_and_single_letters() {
        assert_eq!(fold("Kovalenkyy"), fold("Kovalenkiy"));
        assert_eq!(fold("Kovalenkyy"), "kovalenki");
        assert_eq!(fold("Zoë-Ann"), "zoëan");
    }
}
