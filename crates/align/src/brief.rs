//! The timeline and the story brief: the first screen a reader sees.
//!
//! The timeline lists the dated events of a story from the resolved times of its claims
//! (the most precise past time of each claim; future times are plans, not events), one
//! entry per date and claim group. The brief picks, per section, the few lines that
//! matter most (most independent support first) and backs every line with claim ids.
//! It writes no new facts: each line restates a group, a figures table, a link or a
//! timeline entry decided elsewhere.

use std::collections::{BTreeMap, HashMap};

use model::{
    BriefLine, BriefSection, Claim, Figure, Group, GroupStatus, Link, LinkKind, Story,
    TimelineEntry,
};

use crate::Config;
use crate::dates::{self, Days};
use crate::group::Feat;
use crate::sources::Sources;
use crate::text;

/// The dated events of one story, in date order.
pub fn timeline(
    story: &str,
    feats: &[Feat],
    claims: &[Claim],
    groups: &[Group],
    sources: &Sources<'_>,
    config: &Config,
) -> Vec<TimelineEntry> {
    let mut group_of: HashMap<&str, &str> = HashMap::new();
    for g in groups {
        for c in &g.claims {
            group_of.insert(c.as_str(), g.id.as_str());
        }
    }
    // (date value, group or claim id) -> claims, in the order met (earliest document
    // first, since features come in story order).
    let mut entries: BTreeMap<(Days, String, String), Vec<&Feat>> = BTreeMap::new();
    for f in feats {
        let c = &claims[f.claim];
        let best = c
            .times
            .iter()
            .filter_map(|t| dates::parse(&t.value).map(|d| (d, t)))
            .filter(|(d, _)| d.len() <= 31 && (f.day == i32::MAX || d.start <= f.day))
            .min_by_key(|(d, t)| (d.len(), d.start, t.span));
        let Some((days, t)) = best else { continue };
        let key = group_of
            .get(c.id.as_str())
            .map_or_else(|| c.id.clone(), |g| g.to_string());
        entries
            .entry((days, t.value.clone(), key))
            .or_default()
            .push(f);
    }
    let mut out = Vec::new();
    for ((_, value, _), fs) in entries {
        let mut ids: Vec<String> = fs.iter().map(|f| claims[f.claim].id.clone()).collect();
        ids.sort();
        let mut srcs: Vec<String> = Vec::new();
        for f in &fs {
            let s = crate::source_name(&claims[f.claim], f.doc, sources);
            if !srcs.contains(&s) {
                srcs.push(s);
            }
        }
        out.push(TimelineEntry {
            story: story.to_string(),
            date: value,
            label: text::label(&claims[fs[0].claim].text, config.label_words),
            claims: ids,
            sources: srcs,
        });
    }
    out
}

/// The brief of one story.
#[allow(clippy::too_many_arguments)]
pub fn lines(
    story: &Story,
    groups: &[Group],
    tables: &[Figure],
    timeline: &[TimelineEntry],
    claims: &[Claim],
    feats: &[Feat],
    sources: &Sources<'_>,
    links: &[&Link],
    config: &Config,
) -> Vec<BriefLine> {
    let max = config.brief_lines;
    let mut out = Vec::new();
    let feat_of: HashMap<&str, &Feat> = feats
        .iter()
        .map(|f| (claims[f.claim].id.as_str(), f))
        .collect();
    let outlets_of = |g: &Group| {
        let mut names: Vec<String> = Vec::new();
        let mut fams: Vec<usize> = Vec::new();
        for c in &g.claims {
            if let Some(f) = feat_of.get(c.as_str()) {
                let o = sources.outlet(f.doc);
                if !names.contains(&o) {
                    names.push(o);
                }
                if !fams.contains(&f.family) {
                    fams.push(f.family);
                }
            }
        }
        (names, fams.len())
    };
    let date_of = |claim: &str| {
        feat_of
            .get(claim)
            .and_then(|f| sources.day_iso[f.doc].clone())
            .unwrap_or_else(|| "undated".into())
    };

    // Agreed: the facts carried by the most independent sources.
    let mut agreed: Vec<(&Group, Vec<String>, usize)> = groups
        .iter()
        .filter(|g| g.status == GroupStatus::Agreed)
        .map(|g| {
            let (names, fams) = outlets_of(g);
            (g, names, fams)
        })
        .collect();
    agreed.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then(b.0.claims.len().cmp(&a.0.claims.len()))
            .then(a.0.id.cmp(&b.0.id))
    });
    for (g, names, fams) in agreed.iter().take(max) {
        out.push(BriefLine {
            section: BriefSection::Agreed,
            text: format!(
                "{} — carried by {} outlets ({}), {} independent.",
                g.label,
                names.len(),
                names.join(", "),
                fams
            ),
            claims: g.claims.clone(),
        });
    }

    // Disputed: the figures tables whose sources give different values, whether they
    // conflict, change over time or can all hold (a reader compares them side by side).
    let mut disputed: Vec<&Figure> = tables.iter().filter(|t| differs(t)).collect();
    disputed.sort_by(|a, b| {
        let rank = |t: &Figure| match t.status {
            GroupStatus::Conflicting => 0,
            GroupStatus::Evolving => 1,
            _ => 2,
        };
        (rank(a), std::cmp::Reverse(a.rows.len()), &a.label).cmp(&(
            rank(b),
            std::cmp::Reverse(b.rows.len()),
            &b.label,
        ))
    });
    for t in disputed.iter().take(max) {
        let status = match t.status {
            GroupStatus::Conflicting => "conflicting",
            GroupStatus::Evolving => "changing",
            _ => "different values that can all hold",
        };
        out.push(BriefLine {
            section: BriefSection::Disputed,
            text: format!(
                "{} ({status}, {} values): {}",
                t.label,
                t.rows.len(),
                t.reason
            ),
            claims: dedup(t.rows.iter().map(|r| r.claim.clone()).collect()),
        });
    }

    // Changed: groups whose statements or figures change over time.
    let mut changed: Vec<&Group> = groups
        .iter()
        .filter(|g| g.status == GroupStatus::Evolving)
        .collect();
    changed.sort_by(|a, b| b.claims.len().cmp(&a.claims.len()).then(a.id.cmp(&b.id)));
    for g in changed.iter().take(max) {
        let reason = g.reason.split(" Copies count once").next().unwrap_or("");
        let reason = reason.split(" Grouped on").next().unwrap_or(reason);
        out.push(BriefLine {
            section: BriefSection::Changed,
            text: format!("{} — {}", g.label, reason),
            claims: g.claims.clone(),
        });
    }

    // Single: figures only one source gives, largest counts first.
    let mut single: Vec<&Figure> = tables
        .iter()
        .filter(|t| t.status == GroupStatus::Single && t.rows.iter().any(|r| r.value >= 10.0))
        .collect();
    single.sort_by(|a, b| {
        let top = |t: &Figure| t.rows.iter().map(|r| r.value).fold(0.0, f64::max);
        top(b).total_cmp(&top(a)).then(a.label.cmp(&b.label))
    });
    for t in single.iter().take(max) {
        let values: Vec<String> = t
            .rows
            .iter()
            .map(|r| {
                let q = model::Quantity {
                    text: String::new(),
                    span: r.span,
                    value: r.value,
                    value_max: r.value_max,
                    qualifier: r.qualifier,
                    unit: None,
                };
                format!(
                    "{} ({}, {})",
                    crate::figures::number_text(&q),
                    r.source.clone().unwrap_or_default(),
                    r.date.clone().unwrap_or_else(|| "undated".into())
                )
            })
            .collect();
        out.push(BriefLine {
            section: BriefSection::Single,
            text: format!("{}: {}", t.label, dedup(values).join("; ")),
            claims: dedup(t.rows.iter().map(|r| r.claim.clone()).collect()),
        });
    }

    // First: the earliest report of the story and of its best-supported facts.
    if let Some(first) = story
        .documents
        .iter()
        .filter_map(|d| sources.index.get(d.as_str()).copied())
        .min_by_key(|&d| (sources.day[d], &sources.docs[d].id))
    {
        let first_claims: Vec<String> = feats
            .iter()
            .filter(|f| f.doc == first)
            .take(1)
            .map(|f| claims[f.claim].id.clone())
            .collect();
        let title = sources.docs[first]
            .title
            .clone()
            .map(|t| format!(": “{}”", text::label(&t, config.label_words)))
            .unwrap_or_default();
        out.push(BriefLine {
            section: BriefSection::First,
            text: format!(
                "Earliest report: {} ({}){title}.",
                sources.outlet(first),
                sources.day_iso[first]
                    .clone()
                    .unwrap_or_else(|| "undated".into())
            ),
            claims: first_claims,
        });
    }
    for (g, names, _) in agreed.iter().take(2) {
        let Some(first) = &g.first else { continue };
        let Some(f) = feat_of.get(first.as_str()) else {
            continue;
        };
        if names.len() < 2 {
            continue;
        }
        out.push(BriefLine {
            section: BriefSection::First,
            text: format!(
                "First to report “{}”: {} ({}).",
                g.label,
                sources.outlet(f.doc),
                date_of(first)
            ),
            claims: vec![first.clone()],
        });
    }

    // Copied: links between the story's documents, relayed claims, and later reports
    // that repeat an earlier one's account without adding to it.
    let mut copied: Vec<BriefLine> = Vec::new();
    let mut sorted_links: Vec<&Link> = links.to_vec();
    sorted_links.sort_by(|a, b| (a.kind, &a.from, &a.to).cmp(&(b.kind, &b.from, &b.to)));
    for l in sorted_links.iter().take(max) {
        let name = |d: &str| {
            sources
                .index
                .get(d)
                .map(|&i| who(sources, i))
                .unwrap_or_else(|| d.to_string())
        };
        let verb = match l.kind {
            LinkKind::Cites => "cites",
            LinkKind::Reuses => "reuses",
            LinkKind::Duplicates => "duplicates",
        };
        copied.push(BriefLine {
            section: BriefSection::Copied,
            text: format!("{} {verb} {}: {}", name(&l.from), name(&l.to), l.evidence),
            claims: Vec::new(),
        });
    }
    let mut relays: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for f in feats {
        if f.origin != f.doc {
            relays
                .entry((f.doc, f.origin))
                .or_default()
                .push(claims[f.claim].id.clone());
        }
    }
    for ((doc, origin), ids) in relays.iter().take(max) {
        copied.push(BriefLine {
            section: BriefSection::Copied,
            text: format!(
                "{} names {} as the source of {} claim(s).",
                who(sources, *doc),
                who(sources, *origin),
                ids.len()
            ),
            claims: ids.clone(),
        });
    }
    let mut repeats: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for g in groups {
        let Some(first) = g.first.as_deref().and_then(|c| feat_of.get(c)) else {
            continue;
        };
        for c in &g.adds_nothing {
            // Only a later day makes a direction; same-day reports are left to the
            // link stage's text comparison.
            match feat_of.get(c.as_str()) {
                Some(f) if f.day > first.day && f.day != i32::MAX => {
                    repeats
                        .entry((f.doc, first.doc))
                        .or_default()
                        .push(c.clone());
                }
                _ => {}
            }
        }
    }
    let mut repeats: Vec<((usize, usize), Vec<String>)> =
        repeats.into_iter().filter(|(_, v)| v.len() >= 2).collect();
    repeats.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    for ((doc, earlier), ids) in repeats.iter().take(max) {
        copied.push(BriefLine {
            section: BriefSection::Copied,
            text: format!(
                "{} repeats {} claims first reported by {} without adding to them.",
                who(sources, *doc),
                ids.len(),
                who(sources, *earlier)
            ),
            claims: ids.clone(),
        });
    }
    out.extend(copied);

    // Timeline: the best-supported dated events, in date order.
    let mut picked: Vec<&TimelineEntry> = timeline.iter().collect();
    picked.sort_by_key(|e| std::cmp::Reverse(e.claims.len()));
    picked.truncate(max * 2);
    let order = |e: &TimelineEntry| dates::parse(&e.date).map(|d| (d.start, d.end));
    picked.sort_by(|a, b| {
        order(a)
            .cmp(&order(b))
            .then(a.date.cmp(&b.date))
            .then(a.label.cmp(&b.label))
    });
    for e in picked {
        out.push(BriefLine {
            section: BriefSection::Timeline,
            text: format!("{}: {} ({})", e.date, e.label, e.sources.join(", ")),
            claims: e.claims.clone(),
        });
    }
    out
}

/// True when a figures table holds different values from more than one source: the
/// table a brief shows under "disputed".
pub fn differs(t: &Figure) -> bool {
    let mut docs: Vec<&str> = t.rows.iter().map(|r| r.doc.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    let first = t.rows.first().map(|r| (r.value, r.value_max, r.qualifier));
    docs.len() >= 2
        && t.status != GroupStatus::Single
        && t.rows
            .iter()
            .any(|r| Some((r.value, r.value_max, r.qualifier)) != first)
}

/// A document as a reader finds it: "Outlet (id)", or the id when it names no outlet.
fn who(sources: &Sources<'_>, doc: usize) -> String {
    let d = &sources.docs[doc];
    let name = sources.outlet(doc);
    if name == d.id {
        name
    } else {
        format!("{name} ({})", d.id)
    }
}

/// Drops repeated strings, keeping the first of each in order.
fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}
