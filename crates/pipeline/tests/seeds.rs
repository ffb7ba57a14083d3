//! Golden test on the five real seed articles in `../shared/seeds`: headers read as
//! metadata, boilerplate removed with its reasons, the repeated paragraph kept once and
//! no sentence of the story lost. The seeds are read from `../shared`, never copied.

use std::path::PathBuf;

use model::{Document, RemovalReason, Report};

fn seeds_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        dir.is_dir(),
        "this test needs ../shared/seeds beside the repository (looked in {})",
        dir.display()
    );
    dir
}

fn analyze_seeds() -> Report {
    pipeline::analyze(
        &[seeds_dir()],
        &pipeline::Config::default(),
        &mut std::io::empty(),
        &|_, _, _| {},
    )
    .expect("analysis runs")
}

fn doc<'a>(report: &'a Report, file_prefix: &str) -> &'a Document {
    report
        .documents
        .iter()
        .find(|d| {
            std::path::Path::new(&d.source)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(file_prefix))
        })
        .unwrap_or_else(|| panic!("no document {file_prefix}"))
}

#[test]
fn seed_headers_are_read_as_metadata() {
    let r = analyze_seeds();
    assert_eq!(r.documents.len(), 5);
    // Only information: the undated articles' inferred dates, each with its evidence.
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.severity == model::Severity::Info && d.code == "date.inferred"),
        "{:?}",
        r.diagnostics
    );

    let kyiv = doc(&r, "000");
    assert_eq!(
        kyiv.title.as_deref(),
        Some(
            "Reports Confirm North Korean Troops Transported to Russian Front Lines in Civilian-Licensed Vehicles"
        )
    );
    assert_eq!(kyiv.authors, vec!["Abbey Fenbert"]);
    assert_eq!(kyiv.outlet.as_deref(), Some("The Kyiv Independent"));

    let upi = doc(&r, "002");
    assert_eq!(
        upi.title.as_deref(),
        Some("Russia transporting North Korean troops to front line in civilian trucks: Ukraine")
    );
    assert_eq!(upi.authors, vec!["Thomas Maresca"]);
    assert_eq!(upi.published.as_deref(), Some("2024-10-28T05:06"));
    assert_eq!(upi.dateline.as_deref(), Some("SEOUL"));
    assert_eq!(upi.outlet.as_deref(), Some("UPI"));
    assert!(
        upi.body
            .starts_with("Russia has begun sending North Korean troops")
    );

    let nis = doc(&r, "004");
    assert_eq!(
        nis.title.as_deref(),
        Some(
            "North Korean troops secretly arrive in Russia to fight Ukraine, says South Korea’s intel"
        )
    );
    assert!(!nis.title_inferred);

    // Articles without a headline line get one from their first sentence, flagged.
    for prefix in ["001", "003"] {
        let d = doc(&r, prefix);
        assert!(d.title_inferred, "{prefix}");
        assert!(d.title.as_deref().is_some_and(|t| !t.is_empty()));
    }
}

#[test]
fn seed_boilerplate_is_removed_and_no_story_sentence_is_lost() {
    let r = analyze_seeds();
    let boilerplate = [
        "Read More",
        "Related News",
        "You may also like",
        "Leave a comment",
        "Comments are closed",
        "Latest Headlines",
        "File Photo",
        "License Photo",
        "World News",
        "hours ago",
        "Narges Mohammadi",
        "Another Batch Of North Korean Troops",
        "Escalating Move",
        "South Could Also Join",
        "Trami",
    ];
    for d in &r.documents {
        for b in boilerplate {
            assert!(!d.body.contains(b), "{}: {b:?} left in the body", d.source);
        }
    }
    // Every sentence-like line of the input is either in the body or removed with a
    // reason that is not a content reason.
    for d in &r.documents {
        for line in d.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let sentence_like =
                line.split_whitespace().count() >= 8 && line.ends_with(['.', '"', '”']);
            if !sentence_like {
                continue;
            }
            let in_body = d.body.contains(line)
                || d.body
                    .contains(line.split_once(" -- ").map_or(line, |x| x.1));
            let removed_as = d
                .removed
                .iter()
                .find(|rm| rm.text == line)
                .map(|rm| rm.reason);
            match removed_as {
                None => assert!(in_body, "{}: story line lost: {line}", d.source),
                Some(reason) => assert!(
                    matches!(
                        reason,
                        RemovalReason::Caption | RemovalReason::Repeated | RemovalReason::StoryList
                    ),
                    "{}: {line} removed as {reason:?}",
                    d.source
                ),
            }
        }
    }
    // The repeated paragraph is kept once.
    let nis = doc(&r, "004");
    assert_eq!(
        nis.body
            .matches("South Korea’s National Intelligence Service (NIS) has revealed")
            .count(),
        1
    );
    assert!(
        nis.removed
            .iter()
            .any(|rm| rm.reason == RemovalReason::Repeated)
    );
    // The teasers under "Latest Headlines" are removed as a story list, each with its
    // evidence.
    let upi = doc(&r, "002");
    let teasers = upi
        .removed
        .iter()
        .filter(|rm| rm.reason == RemovalReason::StoryList && rm.text.contains("(UPI) --"))
        .count();
    assert_eq!(teasers, 10);
}

#[test]
fn spans_map_back_to_the_input() {
    let r = analyze_seeds();
    for d in &r.documents {
        for seg in &d.segments {
            assert_eq!(
                seg.body.slice(&d.body),
                seg.text.slice(&d.text),
                "{}",
                d.source
            );
        }
        for rm in &d.removed {
            assert_eq!(rm.span.slice(&d.text), Some(rm.text.as_str()));
        }
    }
    for c in &r.claims {
        let d = r.documents.iter().find(|d| d.id == c.doc).unwrap();
        assert_eq!(c.span.slice(&d.body), Some(c.text.as_str()));
        let raw = d.body_to_text(c.span).expect("claim maps to the input");
        assert_eq!(raw.slice(&d.text), Some(c.text.as_str()));
    }
}

/// A compact view of what was read and removed, kept as a reviewed snapshot.
#[test]
fn seeds_snapshot() {
    let r = analyze_seeds();
    let mut out = String::new();
    for d in &r.documents {
        let name = std::path::Path::new(&d.source)
            .file_name()
            .unwrap()
            .to_string_lossy();
        out.push_str(&format!(
            "== {name}\ntitle: {:?}{}\noutlet: {:?}\nauthors: {:?}\npublished: {:?}\ndateline: {:?}\nclaims: {}\n",
            d.title,
            if d.title_inferred { " (inferred)" } else { "" },
            d.outlet,
            d.authors,
            d.published,
            d.dateline,
            r.claims.iter().filter(|c| c.doc == d.id).count(),
        ));
        for h in &d.header {
            out.push_str(&format!("header {:?}: {:?}\n", h.field, h.value));
        }
        for rm in &d.removed {
            let text: String = rm.text.chars().take(60).collect();
            out.push_str(&format!("removed {:?}: {text}\n", rm.reason));
        }
    }
    insta::assert_snapshot!(out);
}

/// Every quantity of a document as `(value, qualifier, unit)`.
fn figures(r: &Report, prefix: &str) -> Vec<(f64, model::Qualifier, Option<String>)> {
    let d = doc(r, prefix);
    r.claims
        .iter()
        .filter(|c| c.doc == d.id)
        .flat_map(|c| c.quantities.iter())
        .map(|q| (q.value, q.qualifier, q.unit.clone()))
        .collect()
}

#[test]
fn seed_figures_have_value_qualifier_and_unit() {
    use model::Qualifier::*;
    let r = analyze_seeds();
    let has = |prefix: &str, value: f64, qualifier: model::Qualifier, unit: Option<&str>| {
        let found = figures(&r, prefix);
        assert!(
            found
                .iter()
                .any(|(v, q, u)| *v == value && *q == qualifier && u.as_deref() == unit),
            "{prefix}: no {qualifier:?} {value} {unit:?} in {found:?}"
        );
    };
    // Troops, soldiers, personnel, officers, generals.
    has("000", 3000.0, Approx, Some("soldier"));
    has("000", 12000.0, Approx, Some("personnel"));
    has("000", 500.0, Exact, Some("officer"));
    has("000", 3.0, Exact, Some("general"));
    has("001", 3000.0, AtLeast, Some("soldier"));
    has("002", 3000.0, AtLeast, Some("soldier"));
    has("002", 10000.0, Approx, Some("troop"));
    has("003", 10000.0, Exact, Some("troop"));
    has("004", 1500.0, Approx, Some("troop"));
    has("004", 10000.0, Exact, Some("soldier"));
    // Containers and occasions.
    has("002", 13000.0, MoreThan, Some("container"));
    has("002", 70.0, MoreThan, Some("occasion"));
    // The casualty figure.
    has("003", 600000.0, MoreThan, Some("soldier"));
    // Not quantities: the brigade's ordinal, years, days of months.
    for prefix in ["000", "002", "003", "004"] {
        for (v, _, _) in figures(&r, prefix) {
            assert!(
                ![810.0, 2022.0, 2024.0, 8.0, 13.0, 27.0].contains(&v),
                "{prefix}: {v} read as a quantity"
            );
        }
    }
}

#[test]
fn seed_dates_resolve_against_the_article() {
    let r = analyze_seeds();
    let upi = doc(&r, "002");
    let times: Vec<(String, String)> = r
        .claims
        .iter()
        .filter(|c| c.doc == upi.id)
        .flat_map(|c| c.times.iter())
        .map(|t| (t.text.to_lowercase(), t.value.clone()))
        .collect();
    let has = |text: &str, value: &str| {
        assert!(
            times.iter().any(|(t, v)| t.ends_with(text) && v == value),
            "no {text:?} = {value} in {times:?}"
        );
    };
    has("sunday", "2024-10-27");
    has("thursday", "2024-10-24");
    has("friday", "2024-10-25");
    has("last week", "2024-W43");
    has("this month", "2024-10");
    has("by december", "2024-12");
    has("since august last year", "2023-08");
    has("june", "2024-06");
    has("february 2022", "2022-02");

    // The undated articles are placed in late October 2024, after the latest date they
    // mention and no later than the dated article.
    for prefix in ["000", "001", "003", "004"] {
        let d = doc(&r, prefix);
        assert!(d.published_inferred, "{prefix}");
        let [from, to] = d.published_range.clone().expect("a range");
        assert!(
            from.as_str() >= "2024-10-13" && to.as_str() <= "2024-10-31",
            "{prefix}: {from}..{to}"
        );
    }
    let nis = doc(&r, "004");
    let [from, _] = nis.published_range.clone().unwrap();
    assert_eq!(from, "2024-10-13");
}
