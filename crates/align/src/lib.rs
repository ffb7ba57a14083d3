//! The align stage: within each story, groups claims from different documents about the
//! same fact, decides whether independent sources agree, conflict or change over time
//! (always with the reason in words), builds the figures tables and the timeline, and
//! writes each story's brief.
//!
//! It reads the model only: documents, claims (with their quantities, resolved times and,
//! when the attribute stage has run, attributions and entities), entities with merged
//! aliases, stories and links. It works without the later layers too: no stories means
//! one story of all documents, no attribution means a claim stands for its outlet, no
//! entities means capitalised words stand for names. It does not find links, stories or
//! entities, and it does not read text beyond each claim's sentence.
//!
//! Work is near-linear per story: claims meet only through rare shared keys (see the
//! `group` module), never as all pairs; stories run in parallel.

mod brief;
mod dates;
mod figures;
mod group;
mod sources;
mod text;

use std::collections::HashMap;

use model::{
    Claim, Document, Entity, Figure, Group, GroupKind, GroupStatus, Link, Story, TimelineEntry,
};

use rayon::prelude::*;

use crate::dates::Days;
use crate::group::{Edge, Feat};
use crate::sources::Sources;

/// Thresholds of the stage. Every field has a default justified in its comment.
#[derive(Debug, Clone)]
pub struct Config {
    /// Least similarity (weighted word overlap plus number and date agreement, see the
    /// `group` module) for two claims to be grouped. 0.3 keeps paraphrases that share their
    /// distinctive words and separates sentences that share only the story's topic words,
    /// whose weight is low because most claims of the story hold them.
    pub group_threshold: f64,
    /// Least similarity over content words alone (names left out): two sentences that
    /// share only the names of who they speak of ("South Korea condemned…", "South Korea
    /// sent aid…") are not the same report.
    pub content_threshold: f64,
    /// Similarity above which two claims are grouped even when they share mostly names:
    /// sentences that share that much of their weighted vocabulary, rare names included,
    /// tell the same thing.
    pub strong_threshold: f64,
    /// A key held by more claims of one story than this is no evidence that two claims
    /// report the same fact (a topic word, a main actor) and is not used to pair them.
    /// This bounds the work to claims × keys × this number.
    pub max_key_claims: usize,
    /// Most other claims one claim is scored against: those sharing the most rare keys
    /// with it. Bounds the scoring work to claims × this number.
    pub max_candidates: usize,
    /// Most lines per section of a story brief: the brief must fit one screen.
    pub brief_lines: usize,
    /// Most words in a label.
    pub label_words: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            group_threshold: 0.3,
            content_threshold: 0.15,
            strong_threshold: 0.45,
            max_key_claims: 32,
            max_candidates: 24,
            brief_lines: 4,
            label_words: 16,
        }
    }
}

/// What the stage adds to a report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aligned {
    pub groups: Vec<Group>,
    pub figures: Vec<Figure>,
    pub timeline: Vec<TimelineEntry>,
}

/// One story of all the documents, for a run whose link stage found none: the id is
/// derived from the sorted document ids, so it is stable whatever the input order.
pub fn whole_corpus_story(docs: &[Document]) -> Story {
    let mut ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    let mut ordered: Vec<&Document> = docs.iter().collect();
    ordered.sort_by_key(|d| (dates::reference(d).map_or(i32::MAX, |r| r.0), d.id.clone()));
    let label = ordered
        .first()
        .and_then(|d| d.title.clone())
        .map(|t| text::label(&t, 12))
        .unwrap_or_else(|| "All documents".to_string());
    Story {
        id: hash_id("s", &ids),
        label,
        documents: ordered.iter().map(|d| d.id.clone()).collect(),
        reason: "No stories were found, so all documents are read as one story.".to_string(),
        brief: Vec::new(),
    }
}

/// Groups claims within each story, decides status with reasons, builds figures tables
/// and the timeline, and fills each story's `brief`. With no stories, all documents are
/// read as the story [`whole_corpus_story`] returns (its id is on the output; the caller
/// keeps that story to hold the brief). Documents in no story are not aligned.
pub fn align(
    docs: &[Document],
    claims: &[Claim],
    entities: &[Entity],
    stories: &mut [Story],
    links: &[Link],
    config: &Config,
) -> Aligned {
    let sources = Sources::new(docs, links);
    let lem = text::Lemmatiser::default();
    let aliases = group::alias_table(entities);
    let entity_names: HashMap<&str, &str> = entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let mut fallback = Vec::new();
    let stories: &mut [Story] = if stories.is_empty() {
        if docs.is_empty() {
            return Aligned::default();
        }
        fallback.push(whole_corpus_story(docs));
        &mut fallback
    } else {
        stories
    };
    // Claims by document, in body order.
    let mut by_doc: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in claims.iter().enumerate() {
        by_doc.entry(c.doc.as_str()).or_default().push(i);
    }
    // Body order, whatever the order claims came in: ties later break on this order.
    for list in by_doc.values_mut() {
        list.sort_by(|&a, &b| {
            (claims[a].span, &claims[a].id).cmp(&(claims[b].span, &claims[b].id))
        });
    }
    // Links by the document they start from, so each story finds its own.
    let mut links_from: HashMap<&str, Vec<&Link>> = HashMap::new();
    for l in links {
        links_from.entry(l.from.as_str()).or_default().push(l);
    }
    // Stories are independent: they run in parallel, and their results are joined in
    // story order, so the output does not depend on the number of threads.
    let per_story: Vec<(Vec<Group>, Vec<Figure>, Vec<TimelineEntry>)> = stories
        .par_iter_mut()
        .map(|story| {
            let mut story_docs: Vec<usize> = story
                .documents
                .iter()
                .filter_map(|d| sources.index.get(d.as_str()).copied())
                .collect();
            story_docs.sort_by_key(|&d| (sources.day[d], &docs[d].id));
            story_docs.dedup();
            let mut members: Vec<(usize, usize)> = Vec::new();
            for &d in &story_docs {
                if let Some(cs) = by_doc.get(docs[d].id.as_str()) {
                    members.extend(cs.iter().map(|&c| (c, d)));
                }
            }
            let mut sorted_docs = story_docs.clone();
            sorted_docs.sort_unstable();
            let mut terms = group::Terms::default();
            let feats = group::features(
                claims,
                &members,
                &sorted_docs,
                &aliases,
                &entity_names,
                &sources,
                &lem,
                &mut terms,
            );
            let clusters = group::cluster(&feats, &terms, config);
            // Two claims speak of the same thing when they are in one group.
            let mut cluster_of = vec![usize::MAX; feats.len()];
            for (k, (members, _)) in clusters.iter().enumerate() {
                for &m in members {
                    cluster_of[m] = k;
                }
            }
            let similar =
                |a: usize, b: usize| cluster_of[a] != usize::MAX && cluster_of[a] == cluster_of[b];
            let fig_input = figures::Input {
                claims: feats
                    .iter()
                    .map(|f| (&claims[f.claim], f.doc, f.family))
                    .collect(),
                story: &story.id,
                similar: &similar,
            };
            let tables = figures::tables(&fig_input, &sources, &lem);
            let mut rows_of: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
            for (t, table) in tables.iter().enumerate() {
                for (r, row) in table.rows.iter().enumerate() {
                    rows_of.entry(row.claim.as_str()).or_default().push((t, r));
                }
            }
            let groups: Vec<Group> = clusters
                .iter()
                .map(|(m, edges)| {
                    make_group(
                        m, edges, &feats, &terms, claims, &tables, &rows_of, &sources, &story.id,
                        config,
                    )
                })
                .collect();
            let timeline = brief::timeline(&story.id, &feats, claims, &groups, &sources, config);
            let story_links: Vec<&Link> = sorted_docs
                .iter()
                .filter_map(|&d| links_from.get(docs[d].id.as_str()))
                .flatten()
                .copied()
                .filter(|l| {
                    sources
                        .index
                        .get(l.to.as_str())
                        .is_some_and(|t| sorted_docs.binary_search(t).is_ok())
                })
                .collect();
            story.brief = brief::lines(
                story,
                &groups,
                &tables,
                &timeline,
                claims,
                &feats,
                &sources,
                &story_links,
                config,
            );
            (groups, tables, timeline)
        })
        .collect();
    let mut out = Aligned::default();
    for (groups, tables, timeline) in per_story {
        out.groups.extend(groups);
        out.figures.extend(tables);
        out.timeline.extend(timeline);
    }
    out.groups
        .sort_by(|a, b| (&a.story, &a.id).cmp(&(&b.story, &b.id)));
    out
}

/// Who a claim is attributed to: the source its attribution names, else its outlet.
pub(crate) fn source_name(claim: &Claim, doc: usize, sources: &Sources<'_>) -> String {
    match &claim.attribution {
        Some(a) if !a.source.is_empty() => a.source.clone(),
        _ => sources.outlet(doc),
    }
}

/// `prefix` and 12 hex digits of the XXH3 hash of the sorted parts.
fn hash_id(prefix: &str, parts: &[&str]) -> String {
    let joined = parts.join("\n");
    format!(
        "{prefix}{:012x}",
        xxhash_rust::xxh3::xxh3_64(joined.as_bytes()) >> 16
    )
}

#[allow(clippy::too_many_arguments)]
fn make_group(
    members: &[usize],
    edges: &[Edge],
    feats: &[Feat],
    terms: &group::Terms,
    claims: &[Claim],
    tables: &[Figure],
    rows_of: &HashMap<&str, Vec<(usize, usize)>>,
    sources: &Sources<'_>,
    story: &str,
    config: &Config,
) -> Group {
    let mut ms: Vec<&Feat> = members.iter().map(|&i| &feats[i]).collect();
    ms.sort_by(|a, b| {
        (a.day, &sources.docs[a.doc].id, a.claim).cmp(&(b.day, &sources.docs[b.doc].id, b.claim))
    });
    let mut ids: Vec<&str> = ms.iter().map(|f| claims[f.claim].id.as_str()).collect();
    let first = ids.first().map(|s| s.to_string());
    // The label is the member most like the others: it tells the shared fact best. The
    // earliest few members stand for a large group, to keep this step linear.
    const LABEL_SAMPLE: usize = 12;
    let n = feats.len();
    let sample = &ms[..ms.len().min(LABEL_SAMPLE)];
    let central = sample
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let total: f64 = sample
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, g)| group::score(f, g, terms, n).0)
                .sum();
            (total, i)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map_or(0, |(_, i)| i);
    let label = text::label(&claims[ms[central].claim].text, config.label_words);
    ids.sort_unstable();
    let id = hash_id("g", &ids);

    let mut families: Vec<usize> = ms.iter().map(|f| f.family).collect();
    families.sort_unstable();
    families.dedup();
    let mut outlets: Vec<String> = Vec::new();
    let mut seen_outlets = std::collections::HashSet::new();
    for f in &ms {
        let o = sources.outlet(f.origin);
        if seen_outlets.insert(o.clone()) {
            outlets.push(o);
        }
    }
    let mut family_size: HashMap<usize, usize> = HashMap::new();
    for f in &ms {
        *family_size.entry(f.family).or_default() += 1;
    }
    let mut copies: Vec<String> = Vec::new();
    for f in &ms {
        if let Some(r) = &f.relay {
            copies.push(r.clone());
        } else if let Some(r) = &sources.copy_reason[f.doc]
            && family_size.get(&f.family).copied().unwrap_or(0) > 1
        {
            copies.push(r.clone());
        }
    }
    copies.sort();
    copies.dedup();

    let kind = if edges.contains(&Edge::Quote) {
        GroupKind::Quote
    } else if edges.contains(&Edge::Statement) {
        GroupKind::Statement
    } else if !ms[0].quants.is_empty()
        && ms.iter().all(|f| {
            f.quants
                .iter()
                .any(|q| ms[0].quants.iter().any(|p| p.0 == q.0))
        })
    {
        GroupKind::Figure
    } else {
        GroupKind::Event
    };

    // Change of stance: an unconfirmed or denied position, then a later assertion.
    let mut change = None;
    for (i, a) in ms.iter().enumerate() {
        let Some((sa, cue_a, actor_a)) = &a.stance else {
            continue;
        };
        if !matches!(sa, model::Stance::Unconfirmed | model::Stance::Denied) {
            continue;
        }
        if let Some((b, cue_b)) = ms[i + 1..].iter().find_map(|b| match &b.stance {
            Some((sb, cue_b, actor_b))
                if b.day > a.day
                    && actor_a.is_some()
                    && actor_a == actor_b
                    && !matches!(sb, model::Stance::Unconfirmed | model::Stance::Denied) =>
            {
                Some((b, cue_b))
            }
            _ => None,
        }) {
            let when = |f: &Feat| {
                sources.day_iso[f.doc]
                    .clone()
                    .unwrap_or_else(|| "undated".into())
            };
            change = Some(format!(
                "The position changes over time: “{cue_a}” ({}, {}) → “{cue_b}” ({}, {}).",
                sources.outlet(a.doc),
                when(a),
                sources.outlet(b.doc),
                when(b)
            ));
            break;
        }
    }
    // Figures within the group, read from the story's tables (only the tables that
    // hold a member's numbers).
    let member_ids: Vec<&str> = ms.iter().map(|f| claims[f.claim].id.as_str()).collect();
    let mut touched: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for c in &member_ids {
        for &(t, r) in rows_of.get(c).map_or(&[][..], |v| &v[..]) {
            touched.entry(t).or_default().push(r);
        }
    }
    let feat_of: HashMap<&str, &Feat> = ms
        .iter()
        .map(|f| (claims[f.claim].id.as_str(), *f))
        .collect();
    let mut figure_verdict: Option<(GroupStatus, String)> = None;
    for (t, mut rows) in touched {
        let t = &tables[t];
        // Table order is date order.
        rows.sort_unstable();
        let rows: Vec<&model::FigureRow> = rows.iter().map(|&r| &t.rows[r]).collect();
        let fams: std::collections::BTreeSet<usize> = rows
            .iter()
            .filter_map(|r| feat_of.get(r.claim.as_str()).map(|f| f.family))
            .collect();
        if fams.len() < 2 {
            continue;
        }
        if matches!(t.status, GroupStatus::Conflicting | GroupStatus::Evolving) {
            // Re-judge on the group's own rows: the table may conflict elsewhere.
            let verdict = figures_of_rows(&rows, &feat_of, claims, sources);
            if matches!(verdict.0, GroupStatus::Conflicting | GroupStatus::Evolving) {
                figure_verdict = Some(verdict);
                break;
            }
        }
    }
    let (status, verdict) = if let Some(c) = change {
        (GroupStatus::Evolving, c)
    } else if let Some((s, r)) = figure_verdict {
        (s, r)
    } else if families.len() >= 2 {
        (
            GroupStatus::Agreed,
            format!(
                "{} independent sources report it ({}).",
                families.len(),
                outlets.join(", ")
            ),
        )
    } else {
        (
            GroupStatus::Single,
            format!("One independent source only ({}).", outlets.join(", ")),
        )
    };
    let mut reason = verdict;
    if !copies.is_empty() {
        reason.push_str(&format!(" Copies count once: {}.", copies.join("; ")));
    }
    let words = group::shared_words(&ms, terms, n, 6);
    let mut why = Vec::new();
    if edges.contains(&Edge::Quote) {
        why.push("the same quoted words".to_string());
    }
    if edges.contains(&Edge::Statement) {
        why.push("statements of the same actor".to_string());
    }
    if !words.is_empty() {
        why.push(format!("shared words ({})", words.join(", ")));
    }
    let shared_day = ms[0].days.iter().find(|d| {
        ms[1..]
            .iter()
            .all(|f| f.days.iter().any(|e| e.overlaps(**d)))
    });
    if let Some(d) = shared_day {
        why.push(format!("the same date ({})", dates::iso_day(d.start)));
    }
    if !why.is_empty() {
        reason.push_str(&format!(" Grouped on {}.", why.join(", ")));
    }

    // Later reports that add nothing: copies of an earlier member, or nothing beyond
    // the earlier members' words, names, numbers and dates.
    let mut adds_nothing = Vec::new();
    let mut seen_terms: std::collections::HashSet<u32> = ms[0].terms.iter().copied().collect();
    let mut seen_quants: std::collections::HashSet<(u32, u64)> =
        ms[0].quants.iter().map(|q| (q.0, q.1.to_bits())).collect();
    let mut seen_days: std::collections::HashSet<Days> = ms[0].days.iter().copied().collect();
    let mut seen_families: std::collections::HashSet<usize> =
        std::iter::once(ms[0].family).collect();
    for f in ms.iter().skip(1) {
        let copy = seen_families.contains(&f.family);
        let new_terms = f.terms.iter().filter(|t| !seen_terms.contains(t)).count();
        let new_quant = f
            .quants
            .iter()
            .any(|q| !seen_quants.contains(&(q.0, q.1.to_bits())));
        let new_day = f.days.iter().any(|d| !seen_days.contains(d));
        if copy || (new_terms <= 1 && !new_quant && !new_day) {
            adds_nothing.push(claims[f.claim].id.clone());
        }
        seen_terms.extend(f.terms.iter().copied());
        seen_quants.extend(f.quants.iter().map(|q| (q.0, q.1.to_bits())));
        seen_days.extend(f.days.iter().copied());
        seen_families.insert(f.family);
    }
    adds_nothing.sort();

    Group {
        id,
        label,
        claims: ids.iter().map(|s| s.to_string()).collect(),
        status,
        reason,
        story: story.to_string(),
        kind,
        first,
        adds_nothing,
    }
}

/// Judges the figures of a group's own claims.
fn figures_of_rows(
    rows: &[&model::FigureRow],
    feat_of: &HashMap<&str, &Feat>,
    claims: &[Claim],
    sources: &Sources<'_>,
) -> (GroupStatus, String) {
    let mut values = Vec::new();
    let mut texts = Vec::new();
    for r in rows {
        let Some(f) = feat_of.get(r.claim.as_str()) else {
            continue;
        };
        let q = model::Quantity {
            text: String::new(),
            span: r.span,
            value: r.value,
            value_max: r.value_max,
            qualifier: r.qualifier,
            unit: None,
        };
        let c = &claims[f.claim];
        let original = c.quantities.iter().find(|q| q.span == r.span).unwrap_or(&q);
        let (lo, hi) = figures::interval(original);
        let when = r.date.as_deref().and_then(dates::parse);
        let v = figures::Value {
            lo,
            hi,
            when,
            when_iso: r.date.clone(),
            projection: r.scope.as_deref().is_some_and(|s| s.contains("projection")),
            family: f.family,
            modifier: String::new(),
            descr: String::new(),
            doc: f.doc,
            feat: 0,
        };
        texts.push(figures::describe(original, &v, sources));
        values.push(v);
    }
    // The group's members already speak of the same thing.
    figures::status(&values, &texts, &|_, _| true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{LinkKind, Qualifier, Quantity, Span, TimeValue};
    use proptest::prelude::*;

    fn doc(id: &str, outlet: &str, published: &str) -> Document {
        let mut d = Document::new(id, format!("{id}.txt"), "");
        d.outlet = Some(outlet.into());
        d.published = Some(published.into());
        d
    }

    fn claim(doc: &str, n: usize, text: &str) -> Claim {
        Claim {
            id: model::ids::claim(doc, n),
            doc: doc.into(),
            span: Span::new(n * 1000, n * 1000 + text.len()),
            text: text.into(),
            attribution: None,
            quantities: vec![],
            times: vec![],
            entities: vec![],
        }
    }

    /// A number in a claim: `words` must occur in the claim's text.
    fn with_number(
        mut c: Claim,
        words: &str,
        value: f64,
        qualifier: Qualifier,
        unit: &str,
    ) -> Claim {
        let at = c
            .text
            .find(words)
            .expect("the number's words are in the claim");
        c.quantities.push(Quantity {
            text: words.into(),
            span: Span::new(c.span.start + at, c.span.start + at + words.len()),
            value,
            value_max: None,
            qualifier,
            unit: Some(unit.into()),
        });
        c
    }

    fn with_time(mut c: Claim, words: &str, value: &str) -> Claim {
        let at = c
            .text
            .find(words)
            .expect("the time's words are in the claim");
        c.times.push(TimeValue {
            text: words.into(),
            span: Span::new(c.span.start + at, c.span.start + at + words.len()),
            value: value.into(),
        });
        c
    }

    fn run(docs: &[Document], claims: &[Claim], links: &[Link]) -> (Aligned, Vec<Story>) {
        let mut stories = vec![whole_corpus_story(docs)];
        let a = align(docs, claims, &[], &mut stories, links, &Config::default());
        (a, stories)
    }

    fn group_of<'a>(a: &'a Aligned, claim: &str) -> Option<&'a Group> {
        a.groups
            .iter()
            .find(|g| g.claims.iter().any(|c| c == claim))
    }

    /// An invented story told by three outlets, one paraphrasing the event.
    fn harbour() -> (Vec<Document>, Vec<Claim>) {
        let docs = vec![
            doc("da", "The Orb", "2025-03-12"),
            doc("db", "Quill Daily", "2025-03-13"),
            doc("dc", "Lantern", "2025-03-14"),
        ];
        let claims = vec![
            with_time(
                claim(
                    "da",
                    0,
                    "Coast guards stopped a trawler with forged registration papers carrying Velan sailors on March 11.",
                ),
                "March 11",
                "2025-03-11",
            ),
            claim("da", 1, "The harbour master praised the weather in Orsk."),
            with_time(
                claim(
                    "db",
                    0,
                    "Port authorities intercepted a rusty trawler with forged papers, allegedly carrying Velan crew members, on March 11.",
                ),
                "March 11",
                "2025-03-11",
            ),
            claim("db", 1, "Fishermen in Kestrel Bay sold their catch early."),
            claim(
                "dc",
                0,
                "Tourism in the northern valleys has grown for a decade.",
            ),
        ];
        (docs, claims)
    }

    #[test]
    fn paraphrases_from_independent_outlets_agree() {
        let (docs, claims) = harbour();
        let (a, _) = run(&docs, &claims, &[]);
        let g = group_of(&a, "da:c0").expect("the paraphrase is grouped");
        assert_eq!(g.claims, ["da:c0", "db:c0"]);
        assert_eq!(g.status, GroupStatus::Agreed, "{}", g.reason);
        assert!(g.reason.contains("2 independent sources"), "{}", g.reason);
        assert!(
            g.reason.contains("the same date (2025-03-11)"),
            "{}",
            g.reason
        );
        assert_eq!(g.first.as_deref(), Some("da:c0"));
        assert!(g.id.starts_with('g') && g.id.len() == 13);
        // Unrelated sentences stay out of groups.
        assert!(group_of(&a, "da:c1").is_none());
        assert!(group_of(&a, "dc:c0").is_none());
    }

    #[test]
    fn copies_count_once() {
        let (docs, claims) = harbour();
        let links = vec![Link {
            from: "db".into(),
            to: "da".into(),
            kind: LinkKind::Reuses,
            evidence: "aligned passages".into(),
            score: Some(0.8),
            passages: vec![],
        }];
        let (a, stories) = run(&docs, &claims, &links);
        let g = group_of(&a, "da:c0").unwrap();
        assert_eq!(g.status, GroupStatus::Single, "{}", g.reason);
        assert!(g.reason.contains("db reuses da"), "{}", g.reason);
        assert_eq!(g.adds_nothing, ["db:c0"]);
        let copied: Vec<&str> = stories[0]
            .brief
            .iter()
            .filter(|l| l.section == model::BriefSection::Copied)
            .map(|l| l.text.as_str())
            .collect();
        assert!(
            copied
                .iter()
                .any(|t| t.starts_with("Quill Daily (db) reuses The Orb (da)")),
            "{copied:?}"
        );
    }

    #[test]
    fn a_sentence_naming_an_earlier_outlet_relays_it() {
        let (docs, mut claims) = harbour();
        claims[2].text = "Port authorities intercepted a rusty trawler with forged papers, allegedly carrying Velan crew members, on March 11, The Orb reported.".into();
        let (a, _) = run(&docs, &claims, &[]);
        let g = group_of(&a, "da:c0").unwrap();
        assert_eq!(g.status, GroupStatus::Single, "{}", g.reason);
        assert!(
            g.reason
                .contains("db relays da (its sentence names The Orb)"),
            "{}",
            g.reason
        );
    }

    #[test]
    fn figures_at_the_same_time_that_cannot_both_hold_conflict() {
        let docs = vec![
            doc("da", "The Orb", "2025-03-12"),
            doc("db", "Quill Daily", "2025-03-12"),
        ];
        let claims = vec![
            with_number(
                claim(
                    "da",
                    0,
                    "The blockade has stranded 3,000 merchant ships off the coast.",
                ),
                "3,000 merchant ships",
                3000.0,
                Qualifier::Exact,
                "ship",
            ),
            with_number(
                claim(
                    "db",
                    0,
                    "The blockade has stranded 12,000 merchant ships off the coast, officials said.",
                ),
                "12,000 merchant ships",
                12000.0,
                Qualifier::Exact,
                "ship",
            ),
        ];
        let (a, _) = run(&docs, &claims, &[]);
        assert_eq!(a.figures.len(), 1);
        let f = &a.figures[0];
        assert_eq!(f.status, GroupStatus::Conflicting, "{}", f.reason);
        assert!(
            f.reason
                .contains("3,000 (2025-03-12, The Orb) vs 12,000 (2025-03-12, Quill Daily)"),
            "{}",
            f.reason
        );
        assert_eq!(f.label, "ships");
        assert_eq!(f.rows.len(), 2);
        assert_eq!(f.rows[0].scope.as_deref(), Some("merchant"));
        let g = group_of(&a, "da:c0").expect("the figure claims are grouped");
        assert_eq!(g.kind, GroupKind::Figure);
        assert_eq!(g.status, GroupStatus::Conflicting, "{}", g.reason);
    }

    #[test]
    fn hedged_figures_at_different_dates_evolve_and_plans_stand_aside() {
        let docs = vec![
            doc("da", "The Orb", "2025-03-10"),
            doc("db", "Quill Daily", "2025-03-14"),
            doc("dc", "Lantern", "2025-03-14"),
        ];
        let claims = vec![
            with_number(
                claim(
                    "da",
                    0,
                    "At least 3,000 sailors have been detained at the port.",
                ),
                "At least 3,000 sailors",
                3000.0,
                Qualifier::AtLeast,
                "sailor",
            ),
            with_number(
                claim(
                    "db",
                    0,
                    "Officials now say close to 12,000 sailors are detained.",
                ),
                "close to 12,000 sailors",
                12000.0,
                Qualifier::Approx,
                "sailor",
            ),
            with_time(
                with_number(
                    claim(
                        "dc",
                        0,
                        "The navy plans to have 20,000 sailors detained by December.",
                    ),
                    "20,000 sailors",
                    20000.0,
                    Qualifier::Exact,
                    "sailor",
                ),
                "by December",
                "2025-12",
            ),
        ];
        let (a, stories) = run(&docs, &claims, &[]);
        assert!(
            stories[0]
                .brief
                .iter()
                .any(|l| l.section == model::BriefSection::Disputed
                    && l.text.contains("different values that can all hold")),
            "different values are shown side by side in the brief: {:?}",
            stories[0].brief
        );
        let f = &a.figures[0];
        assert_eq!(
            f.status,
            GroupStatus::Agreed,
            "at least 3,000 and close to 12,000 can both hold: {}",
            f.reason
        );
        // Without the hedge, the later figure changes the earlier one.
        let mut exact = claims.clone();
        exact[0].quantities[0].qualifier = Qualifier::Exact;
        let (a, _) = run(&docs, &exact, &[]);
        let f = &a.figures[0];
        assert_eq!(f.status, GroupStatus::Evolving, "{}", f.reason);
        assert!(
            f.reason
                .contains("3,000 (2025-03-10, The Orb) → ≈12,000 (2025-03-14, Quill Daily)"),
            "{}",
            f.reason
        );
        assert!(f.reason.contains("side by side"), "{}", f.reason);
        let plan = f.rows.iter().find(|r| r.value == 20000.0).unwrap();
        assert!(plan.scope.as_deref().unwrap().contains("projection"));
        assert_eq!(plan.date.as_deref(), Some("2025-12"));
    }

    #[test]
    fn a_position_that_changes_between_dates_evolves() {
        let docs = vec![
            doc("da", "The Orb", "2025-03-10"),
            doc("db", "Quill Daily", "2025-03-14"),
        ];
        let claims = vec![
            claim(
                "da",
                0,
                "Admiral Tova Renn said the alliance has yet to confirm the reports.",
            ),
            claim(
                "db",
                0,
                "Admiral Tova Renn confirmed that warships reached the strait.",
            ),
        ];
        let (a, stories) = run(&docs, &claims, &[]);
        let g = group_of(&a, "da:c0").expect("the statements are grouped");
        assert_eq!(g.kind, GroupKind::Statement);
        assert_eq!(g.status, GroupStatus::Evolving, "{}", g.reason);
        assert!(
            g.reason.contains(
                "“has yet to confirm” (The Orb, 2025-03-10) → “confirmed” (Quill Daily, 2025-03-14)"
            ),
            "{}",
            g.reason
        );
        assert!(
            stories[0]
                .brief
                .iter()
                .any(|l| l.section == model::BriefSection::Changed)
        );
    }

    #[test]
    fn the_same_quote_is_one_group() {
        let docs = vec![
            doc("da", "The Orb", "2025-03-10"),
            doc("db", "Quill Daily", "2025-03-11"),
        ];
        let claims = vec![
            claim(
                "da",
                0,
                "“We will not give up one metre of the shore,” the mayor said.",
            ),
            claim(
                "db",
                0,
                "Speaking to reporters, she vowed: “We will not give up one metre.”",
            ),
        ];
        let (a, _) = run(&docs, &claims, &[]);
        let g = group_of(&a, "da:c0").expect("the quote is grouped");
        assert_eq!(g.kind, GroupKind::Quote);
        assert!(g.reason.contains("the same quoted words"));
    }

    #[test]
    fn timeline_lists_past_events_in_order_with_sources() {
        let (docs, mut claims) = harbour();
        claims.push(with_time(
            claim("dc", 1, "The convoy will arrive on March 20."),
            "March 20",
            "2025-03-20",
        ));
        claims.push(with_time(
            claim("dc", 2, "Warships massed off the coast on March 8."),
            "March 8",
            "2025-03-08",
        ));
        let (a, stories) = run(&docs, &claims, &[]);
        let dates: Vec<&str> = a.timeline.iter().map(|e| e.date.as_str()).collect();
        assert_eq!(
            dates,
            ["2025-03-08", "2025-03-11"],
            "a future date is a plan, not an event"
        );
        assert_eq!(a.timeline[1].claims, ["da:c0", "db:c0"]);
        assert_eq!(a.timeline[1].sources, ["The Orb", "Quill Daily"]);
        assert!(stories[0].brief.iter().any(
            |l| l.section == model::BriefSection::Timeline && l.text.starts_with("2025-03-08")
        ));
    }

    #[test]
    fn no_documents_no_output() {
        let mut stories = Vec::new();
        assert_eq!(
            align(&[], &[], &[], &mut stories, &[], &Config::default()),
            Aligned::default()
        );
    }

    #[test]
    fn a_common_key_pairs_nobody() {
        // Many claims sharing one word, with nothing else in common, produce no pairs
        // through it: the key is not rare.
        let docs: Vec<Document> = (0..80)
            .map(|i| doc(&format!("d{i:02}"), &format!("Outlet {i}"), "2025-03-10"))
            .collect();
        let claims: Vec<Claim> = (0..80)
            .map(|i| {
                claim(
                    &format!("d{i:02}"),
                    0,
                    &format!("Blockade word{i} other{i} thing{i}."),
                )
            })
            .collect();
        let (a, _) = run(&docs, &claims, &[]);
        assert!(a.groups.is_empty());
    }

    proptest! {
        #[test]
        fn output_does_not_depend_on_input_order(seed in 0u64..1000) {
            let (docs, claims) = harbour();
            let (want, want_stories) = run(&docs, &claims, &[]);
            let mut docs2 = docs.clone();
            let mut claims2 = claims.clone();
            // A deterministic shuffle from the seed.
            let n = docs2.len();
            docs2.rotate_left((seed as usize) % n);
            if seed % 2 == 1 { docs2.reverse(); claims2.reverse(); }
            let (got, got_stories) = run(&docs2, &claims2, &[]);
            prop_assert_eq!(want, got);
            prop_assert_eq!(want_stories, got_stories);
        }

        #[test]
        fn no_panic_on_any_text(texts in proptest::collection::vec("[a-zA-Z “”\"'’.,;0-9éß-]{0,80}", 1..8), value in any::<f64>()) {
            let docs = vec![doc("da", "The Orb", "2025-03-10"), doc("db", "Quill", "not a date")];
            let mut claims = Vec::new();
            for (i, t) in texts.iter().enumerate() {
                let d = if i % 2 == 0 { "da" } else { "db" };
                let mut c = claim(d, i, t);
                if !t.is_empty() {
                    c.quantities.push(Quantity {
                        text: t.clone(),
                        span: c.span,
                        value,
                        value_max: Some(-value),
                        qualifier: Qualifier::Range,
                        unit: Some(t.clone()),
                    });
                    c.times.push(TimeValue { text: t.clone(), span: c.span, value: t.clone() });
                }
                claims.push(c);
            }
            let (a, stories) = run(&docs, &claims, &[]);
            for g in &a.groups {
                prop_assert!(g.claims.len() >= 2);
            }
            prop_assert_eq!(stories.len(), 1);
        }
    }
}
