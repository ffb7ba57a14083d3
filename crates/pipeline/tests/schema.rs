//! The JSON report matches its published contract, `docs/report-schema.json`.
//!
//! Three checks: the report of the seed corpus in `../shared/seeds` validates; a
//! hand-built report that sets every optional field and uses every enum value validates;
//! and the schema rejects instances that break the contract, so that it cannot pass by
//! accepting everything. This test does not check what the stages find, only the shape.

use std::path::{Path, PathBuf};

use pipeline::model::{
    Attribution, BriefLine, BriefSection, Claim, Diagnostic, Document, Entity, EntityKind, Figure,
    FigureRow, Format, GivenMeta, Group, GroupKind, GroupStatus, HeaderField, HeaderKind, Link,
    LinkKind, Mention, Merge, Passage, Qualifier, Quantity, RemovalReason, Removed, Report,
    Segment, Severity, Span, Stance, Story, TimeValue, TimelineEntry,
};
use serde_json::{Value, json};

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/report-schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!(
            "docs/report-schema.json is not a valid JSON Schema: {e} at {}",
            e.instance_path()
        );
    }
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("cannot compile schema: {e}"))
}

/// Every validation error as `instance path: message`.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(instance)
        .map(|e| (e.instance_path().as_str().to_string(), e.to_string()))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errs = errors(validator, instance);
    if !errs.is_empty() {
        let list: Vec<String> = errs
            .iter()
            .map(|(path, msg)| format!("  at {path:?}: {msg}"))
            .collect();
        panic!(
            "{what} does not match docs/report-schema.json ({} errors):\n{}",
            errs.len(),
            list.join("\n")
        );
    }
}

/// Asserts that `instance` is rejected with an error at `path`.
fn assert_rejected_at(validator: &jsonschema::Validator, instance: &Value, path: &str, what: &str) {
    let errs = errors(validator, instance);
    assert!(
        errs.iter().any(|(p, _)| p == path),
        "{what}: expected an error at {path:?}, got {errs:?}"
    );
}

#[test]
fn seed_report_matches_schema() {
    let seeds = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds"
    ));
    assert!(
        seeds.is_dir(),
        "the seed corpus {} is missing: this test needs the shared data checked out in ../shared \
         next to the workspace",
        seeds.display()
    );
    let report = pipeline::analyze(
        &[seeds],
        &pipeline::Config::default(),
        &mut std::io::empty(),
        &|_, _, _| {},
    )
    .expect("analyze the seed corpus");
    // An empty report would validate trivially and prove nothing.
    assert!(
        !report.documents.is_empty(),
        "no documents read from the seeds"
    );
    assert!(!report.claims.is_empty(), "no claims found in the seeds");
    let instance = serde_json::to_value(&report).expect("serialise the report");
    assert_valid(&validator(), &instance, "the seed report");
}

/// A report that sets every optional field and uses every enum value at least once.
fn full_report() -> Report {
    let doc_id = "d0123456789ab".to_string();
    let body = "Officials said about 40 people died on Sunday.".to_string();
    let header_text = "Dam fails\nBy A. Writer\n\n";
    let trailer = "Read more: other stories";
    let text = format!("{header_text}{body}\n{trailer}\n");
    let trailer_start = header_text.len() + body.len() + 1;
    let document = Document {
        id: doc_id.clone(),
        source: "seeds/dam.txt".into(),
        format: Format::Html,
        encoding: "UTF-8".into(),
        title: Some("Dam fails".into()),
        title_inferred: true,
        outlet: Some("The Daily".into()),
        authors: vec!["A. Writer".into()],
        url: Some("https://example.invalid/dam".into()),
        published: Some("2024-10-28T05:06".into()),
        published_inferred: true,
        modified: Some("2024-10-29".into()),
        language: Some("en".into()),
        published_range: Some(["2024-10-27".into(), "2024-10-28".into()]),
        dateline: Some("SEOUL".into()),
        body: body.clone(),
        removed: [
            RemovalReason::Navigation,
            RemovalReason::StoryList,
            RemovalReason::Caption,
            RemovalReason::Repeated,
            RemovalReason::SectionLabel,
            RemovalReason::CrossDocument,
            RemovalReason::Trailer,
        ]
        .into_iter()
        .map(|reason| Removed {
            text: trailer.into(),
            span: Span::new(trailer_start, trailer_start + trailer.len()),
            reason,
            detail: reason.explain().into(),
        })
        .collect(),
        header: [
            HeaderKind::Headline,
            HeaderKind::Byline,
            HeaderKind::DateLine,
            HeaderKind::Dateline,
            HeaderKind::Outlet,
            HeaderKind::SectionLabel,
        ]
        .into_iter()
        .map(|field| HeaderField {
            field,
            text: "Dam fails".into(),
            span: Span::new(0, 9),
            value: "Dam fails".into(),
        })
        .collect(),
        segments: vec![Segment {
            body: Span::new(0, body.len()),
            text: Span::new(header_text.len(), header_text.len() + body.len()),
        }],
        text_len: text.len(),
        text,
        given: GivenMeta::default(),
        found: GivenMeta::default(),
    };
    let mut quantities: Vec<Quantity> = [
        Qualifier::Exact,
        Qualifier::Approx,
        Qualifier::AtLeast,
        Qualifier::MoreThan,
        Qualifier::AtMost,
        Qualifier::LessThan,
    ]
    .into_iter()
    .map(|qualifier| Quantity {
        text: "about 40".into(),
        span: Span::new(15, 23),
        value: 40.0,
        value_max: None,
        qualifier,
        unit: Some("person".into()),
    })
    .collect();
    quantities.push(Quantity {
        text: "40 to 45".into(),
        span: Span::new(15, 23),
        value: 40.0,
        value_max: Some(45.5),
        qualifier: Qualifier::Range,
        unit: None,
    });
    let claim_id = format!("{doc_id}:c0");
    let claim = Claim {
        id: claim_id.clone(),
        doc: doc_id.clone(),
        span: Span::new(0, body.len()),
        text: body,
        attribution: Some(Attribution {
            source: "Officials".into(),
            entity: Some("e:officials".into()),
            via: vec!["Reuters".into()],
            span: Span::new(0, 14),
            source_span: Some(Span::new(0, 9)),
            verb: "say".into(),
            stance: Stance::Unconfirmed,
            inherited: true,
            quote: Some(Span::new(10, 20)),
        }),
        quantities,
        times: vec![
            TimeValue {
                text: "on Sunday".into(),
                span: Span::new(36, 45),
                value: "2024-10-27".into(),
            },
            TimeValue {
                text: "last week".into(),
                span: Span::new(36, 45),
                value: "2024-10-08/2024-10-13".into(),
            },
        ],
        entities: vec!["e:officials".into()],
    };
    let entities = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Other,
    ]
    .into_iter()
    .map(|kind| Entity {
        id: "e:officials".into(),
        name: "Officials".into(),
        kind,
        aliases: vec!["authorities".into()],
        mentions: vec![Mention {
            doc: doc_id.clone(),
            span: Span::new(0, 9),
        }],
        merges: vec![Merge {
            alias: "authorities".into(),
            reason: "same head noun".into(),
        }],
        outlet_of: vec![doc_id.clone()],
    })
    .collect();
    let groups = [
        GroupStatus::Agreed,
        GroupStatus::Conflicting,
        GroupStatus::Evolving,
        GroupStatus::Single,
    ]
    .into_iter()
    .map(|status| Group {
        id: "g0".into(),
        label: "deaths at the dam".into(),
        claims: vec![claim_id.clone()],
        status,
        reason: "same event and unit".into(),
        story: "s0".into(),
        kind: GroupKind::Figure,
        first: Some(claim_id.clone()),
        adds_nothing: vec![claim_id.clone()],
    })
    .collect();
    let links = [LinkKind::Cites, LinkKind::Reuses, LinkKind::Duplicates]
        .into_iter()
        .map(|kind| Link {
            from: doc_id.clone(),
            to: "d0000000000ff".into(),
            kind,
            evidence: "shares 3 sentences".into(),
            score: Some(0.5),
            passages: vec![Passage {
                from: Span::new(0, 4),
                to: Span::new(2, 6),
            }],
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = [Severity::Info, Severity::Warning, Severity::Error]
        .into_iter()
        .map(|severity| Diagnostic::new("input.empty", severity, "seeds/dam.txt", "empty"))
        .collect();
    diagnostics.push(
        Diagnostic::new(
            "decode.fallback",
            Severity::Info,
            "seeds/dam.txt",
            "latin-1",
        )
        .at(17)
        .for_doc(&doc_id),
    );
    Report {
        documents: vec![document],
        claims: vec![claim],
        entities,
        groups,
        links,
        diagnostics,
        stories: vec![Story {
            id: "s0".into(),
            label: "dam failure".into(),
            documents: vec![doc_id.clone()],
            reason: "one document".into(),
            brief: [
                BriefSection::Agreed,
                BriefSection::Disputed,
                BriefSection::Changed,
                BriefSection::Single,
                BriefSection::First,
                BriefSection::Copied,
                BriefSection::Timeline,
            ]
            .into_iter()
            .map(|section| BriefLine {
                section,
                text: "The dam failed.".into(),
                claims: vec![claim_id.clone()],
            })
            .collect(),
        }],
        figures: vec![Figure {
            story: "s0".into(),
            label: "deaths".into(),
            unit: Some("person".into()),
            rows: vec![FigureRow {
                claim: claim_id.clone(),
                doc: doc_id.clone(),
                span: Span::new(15, 23),
                value: 40.0,
                value_max: Some(45.0),
                qualifier: Qualifier::Range,
                scope: Some("downstream".into()),
                source: Some("Officials".into()),
                outlet: None,
                date: Some("2024-10-27".into()),
            }],
            status: GroupStatus::Single,
            reason: "one source".into(),
        }],
        timeline: vec![TimelineEntry {
            story: "s0".into(),
            date: "2024-10-27".into(),
            label: "The dam failed.".into(),
            claims: vec![claim_id.clone()],
            sources: vec!["Officials".into()],
        }],
        ..Report::default()
    }
}

#[test]
fn full_report_matches_schema() {
    let instance = serde_json::to_value(full_report()).expect("serialise the report");
    // Make sure the optional fields really are in the instance being checked.
    assert!(instance["documents"][0].get("published_range").is_some());
    assert!(
        instance["claims"][0]["quantities"][6]
            .get("value_max")
            .is_some()
    );
    assert!(instance["documents"][0].get("text").is_none());
    assert!(instance["documents"][0].get("given").is_none());
    assert_valid(&validator(), &instance, "the hand-built report");
}

#[test]
fn schema_rejects_broken_reports() {
    let validator = validator();
    let base = serde_json::to_value(full_report()).expect("serialise the report");
    assert_valid(&validator, &base, "the hand-built report");

    let mut unknown_qualifier = base.clone();
    unknown_qualifier["claims"][0]["quantities"][0]["qualifier"] = json!("lots");
    assert_rejected_at(
        &validator,
        &unknown_qualifier,
        "/claims/0/quantities/0/qualifier",
        "unknown qualifier",
    );

    let mut short_span = base.clone();
    short_span["claims"][0]["span"] = json!([1]);
    assert_rejected_at(
        &validator,
        &short_span,
        "/claims/0/span",
        "one-element span",
    );

    let mut extra_field = base.clone();
    extra_field["extra"] = json!(true);
    assert_rejected_at(&validator, &extra_field, "", "unknown top-level field");

    let mut no_documents = base.clone();
    no_documents
        .as_object_mut()
        .expect("a report is an object")
        .remove("documents");
    assert_rejected_at(&validator, &no_documents, "", "missing documents");
}
