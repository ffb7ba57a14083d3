//! Golden test on the running example (`../shared/seeds`, five real articles about North
//! Korean troops moved to the front in Russia): the whole pipeline runs, and a focused
//! projection of what the align stage decided (groups with status and reason, figures
//! rows, timeline, brief) is snapshotted, with the facts the story must show checked
//! one by one.

use std::path::{Path, PathBuf};

use model::{BriefSection, GroupKind, GroupStatus, Report};
use serde_json::json;

fn seeds_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        dir.is_dir(),
        "the seed articles are missing: expected them at {} (the shared data folder next to the repository)",
        dir.display()
    );
    dir
}

/// Runs the pipeline on the seeds, then the align stage again over one story of all
/// five articles (they report one event): this tests the align stage on the real
/// output of the stages before it, whatever the link stage decides about stories.
fn analyze() -> Report {
    let config = pipeline::Config::default();
    let mut r = pipeline::analyze(
        &[seeds_dir()],
        &config,
        &mut std::io::empty(),
        &|_, _, _| {},
    )
    .expect("the seeds analyse");
    let mut stories = vec![align::whole_corpus_story(&r.documents)];
    let a = align::align(
        &r.documents,
        &r.claims,
        &r.entities,
        &mut stories,
        &r.links,
        &align::Config::default(),
    );
    r.stories = stories;
    r.groups = a.groups;
    r.figures = a.figures;
    r.timeline = a.timeline;
    r
}

/// The id of the document read from the seed file whose name starts with `prefix`.
fn doc(report: &Report, prefix: &str) -> String {
    report
        .documents
        .iter()
        .find(|d| {
            Path::new(&d.source)
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .map(|d| d.id.clone())
        .unwrap_or_else(|| panic!("no seed document {prefix}"))
}

fn doc_of(claim: &str) -> &str {
    claim.split(':').next().unwrap_or(claim)
}

fn text_of<'a>(report: &'a Report, claim: &str) -> &'a str {
    report
        .claims
        .iter()
        .find(|c| c.id == claim)
        .map(|c| c.text.as_str())
        .unwrap_or("")
}

#[test]
fn truck_stop_is_agreed_across_the_four_outlets_that_carry_it() {
    let r = analyze();
    let carriers: Vec<String> = ["000", "001", "002", "003"]
        .iter()
        .map(|p| doc(&r, p))
        .collect();
    let g = r
        .groups
        .iter()
        .find(|g| {
            g.claims.iter().all(|c| text_of(&r, c).contains("truck"))
                && carriers
                    .iter()
                    .all(|d| g.claims.iter().any(|c| doc_of(c) == d))
        })
        .unwrap_or_else(|| {
            panic!(
                "no group holds the truck stop from all four outlets: {:#?}",
                r.groups
            )
        });
    assert_eq!(g.status, GroupStatus::Agreed, "{}", g.reason);
    assert!(g.reason.contains("independent sources"), "{}", g.reason);
}

#[test]
fn troop_figures_are_compared_across_outlets_with_their_sources() {
    let r = analyze();
    let f = r
        .figures
        .iter()
        .find(|f| {
            f.rows.iter().any(|x| x.value == 3000.0) && f.rows.iter().any(|x| x.value == 12000.0)
        })
        .unwrap_or_else(|| {
            panic!(
                "no figures table holds both 3,000 and 12,000: {:#?}",
                r.figures
            )
        });
    let mut docs: Vec<&str> = f.rows.iter().map(|x| x.doc.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    assert!(docs.len() >= 4, "the troop figures come from {docs:?}");
    assert!(
        f.rows
            .iter()
            .all(|x| x.source.is_some() && x.date.is_some())
    );
    assert_ne!(
        f.status,
        GroupStatus::Conflicting,
        "figures of different dates and scopes are not a flat contradiction: {}",
        f.reason
    );
    assert!(
        r.stories[0]
            .brief
            .iter()
            .any(|l| l.section == BriefSection::Disputed)
    );
}

#[test]
fn matching_quotes_are_grouped() {
    let r = analyze();
    let g = r
        .groups
        .iter()
        .find(|g| g.kind == GroupKind::Quote)
        .unwrap_or_else(|| panic!("no quote group: {:#?}", r.groups));
    let docs: std::collections::BTreeSet<&str> = g.claims.iter().map(|c| doc_of(c)).collect();
    assert!(docs.len() >= 2);
    assert!(g.reason.contains("the same quoted words"), "{}", g.reason);
}

#[test]
fn the_nato_position_changes_between_the_two_articles_that_state_it() {
    let r = analyze();
    let (early, late) = (doc(&r, "004"), doc(&r, "003"));
    let g = r
        .groups
        .iter()
        .find(|g| {
            g.status == GroupStatus::Evolving
                && g.claims.iter().any(|c| doc_of(c) == early)
                && g.claims.iter().any(|c| doc_of(c) == late)
        })
        .unwrap_or_else(|| panic!("no evolving group joins 004 and 003: {:#?}", r.groups));
    assert!(g.reason.contains("has yet to confirm"), "{}", g.reason);
    assert_eq!(g.first.as_deref().map(doc_of), Some(early.as_str()));
    assert!(
        r.stories[0]
            .brief
            .iter()
            .any(|l| l.section == BriefSection::Changed)
    );
}

#[test]
fn the_outlet_another_one_relays_is_found() {
    let r = analyze();
    let source = doc(&r, "000");
    let copied: Vec<&str> = r.stories[0]
        .brief
        .iter()
        .filter(|l| l.section == BriefSection::Copied)
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        copied
            .iter()
            .any(|t| t.contains(&source) && t.contains("The Kyiv Independent")),
        "no line says who copied or relays 000: {copied:?}"
    );
}

#[test]
fn seeds_projection() {
    let r = analyze();
    let short = |id: &str| {
        let d = doc_of(id);
        let name = r
            .documents
            .iter()
            .find(|x| x.id == d)
            .and_then(|x| {
                Path::new(&x.source)
                    .file_name()?
                    .to_str()
                    .map(|n| n[..3].to_string())
            })
            .unwrap_or_default();
        id.replacen(d, &name, 1)
    };
    let shorts = |ids: &[String]| ids.iter().map(|c| short(c)).collect::<Vec<_>>();
    let mut groups: Vec<_> = r
        .groups
        .iter()
        .map(|g| {
            json!({
                "kind": g.kind,
                "status": g.status,
                "label": g.label,
                "claims": shorts(&g.claims),
                "first": g.first.as_deref().map(short),
                "adds_nothing": shorts(&g.adds_nothing),
                "reason": g.reason,
            })
        })
        .collect();
    groups.sort_by_key(|g| g["claims"].to_string());
    let figures: Vec<_> = r
        .figures
        .iter()
        .map(|f| {
            json!({
                "label": f.label,
                "status": f.status,
                "reason": f.reason,
                "rows": f.rows.iter().map(|x| json!([short(&x.claim), x.value, x.qualifier, x.scope, x.source, x.date])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let timeline: Vec<_> = r
        .timeline
        .iter()
        .map(|e| json!([e.date, e.label, shorts(&e.claims)]))
        .collect();
    let brief: Vec<_> = r
        .stories
        .iter()
        .flat_map(|s| &s.brief)
        .map(|l| json!([l.section, l.text, shorts(&l.claims)]))
        .collect();
    insta::assert_json_snapshot!(json!({
        "groups": groups,
        "figures": figures,
        "timeline": timeline,
        "brief": brief,
    }));
}
