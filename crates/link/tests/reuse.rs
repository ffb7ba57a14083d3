//! Reuse detection on pairs built from real articles (ECB+ texts in
//! `../shared/data/ecbplus`, read at run time, never copied here): a verbatim copy, a copy
//! with edits (words deleted and replaced, sentences reordered), a paraphrase written by
//! hand for this test, and an unrelated article. The test fails with a clear message when
//! the data is missing.

use std::path::PathBuf;

use link::{Config, links};
use model::{Document, LinkKind, Story};

fn ecb(name: &str) -> String {
    let dir = std::env::var_os("CROSSCHECK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = dir.join("data/ecbplus/texts").join(format!("{name}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "this test needs the ECB+ texts in ../shared/data/ecbplus (or CROSSCHECK_SHARED); cannot read {}: {e}",
            path.display()
        )
    })
}

fn doc(id: &str, body: &str, published: &str) -> Document {
    let mut d = Document::new(id, format!("{id}.txt"), body);
    d.body = body.to_string();
    d.published = Some(published.to_string());
    d
}

/// The original with words deleted and replaced and its first two sentences swapped.
fn edited(original: &str) -> String {
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    if lines.len() > 2 {
        lines.swap(0, 1);
    }
    lines
        .iter()
        .map(|l| {
            l.split_whitespace()
                .enumerate()
                // Every seventh word is dropped.
                .filter(|(i, _)| i % 7 != 6)
                .map(|(_, w)| match w {
                    "said" => "stated",
                    "the" => "a",
                    "was" => "had been",
                    other => other,
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A paraphrase, written for this test, of the first four sentences of ECB+ `doc-0002`:
/// other words and order, the same facts, names and figures.
const PARAPHRASE: &str = "On Sunday at 17:06 (1336 GMT) a strong earthquake of magnitude 5.6 shook part of Qeshm island, off Iran's southern Hormozgan province in the Gulf, AFP said, citing state television.\n\
Two people were injured by the quake near Dargahan, a small island town, the ISNA student news agency reported.\n\
Qeshm's governor Mehdi Irannejad was quoted as saying that two people from the village of Zinbi were hurt and that their general condition was satisfactory.\n\
He added that houses in two villages had also been damaged.";

#[test]
fn copies_edits_and_paraphrases_are_found_and_unrelated_text_is_not() {
    let original = ecb("doc-0002");
    let first_four: String = original.lines().take(4).collect::<Vec<_>>().join("\n");
    let unrelated = ecb("doc-0003");
    let docs = vec![
        doc("d-original", &original, "2008-12-01"),
        doc("d-verbatim", &original, "2008-12-02"),
        doc("d-edited", &edited(&original), "2008-12-02"),
        doc("d-paraphrase", PARAPHRASE, "2008-12-03"),
        doc("d-first-four", &first_four, "2008-12-03"),
        doc("d-unrelated", &unrelated, "2008-12-02"),
    ];
    // All in one story, so that only the reuse decision is tested.
    let story = Story {
        id: "s".into(),
        label: "test".into(),
        documents: docs.iter().map(|d| d.id.clone()).collect(),
        reason: String::new(),
        brief: vec![],
    };
    let found = links(&docs, &[], &[], &[story], &Config::default());
    let find = |from: &str, to: &str| {
        found
            .iter()
            .find(|l| l.from == from && l.to == to && l.kind != LinkKind::Cites)
    };

    let verbatim = find("d-verbatim", "d-original").expect("verbatim copy is linked");
    assert_eq!(verbatim.kind, LinkKind::Duplicates);
    assert_eq!(verbatim.score, Some(1.0));

    let edit = find("d-edited", "d-original").expect("edited copy is linked");
    assert!(edit.score.unwrap() > 0.8, "{edit:?}");
    assert!(
        edit.evidence.contains("published a day earlier"),
        "{}",
        edit.evidence
    );

    let para = find("d-paraphrase", "d-original").expect("paraphrase is linked");
    assert_eq!(para.kind, LinkKind::Reuses);
    assert!(para.score.unwrap() >= 0.5, "{para:?}");
    assert!(para.evidence.contains("rewritten"), "{}", para.evidence);
    // Its passages point at the opening of the original on the other side.
    for p in &para.passages {
        assert!(p.to.end <= first_four.len() + 1, "{p:?}");
        assert!(p.from.slice(PARAPHRASE).is_some());
    }

    let part = find("d-first-four", "d-original").expect("an excerpt is linked");
    assert!(part.score.unwrap() > 0.95, "{part:?}");

    assert!(
        found
            .iter()
            .all(|l| l.from != "d-unrelated" && l.to != "d-unrelated"),
        "{found:#?}"
    );
    // Every span lies inside its document's body.
    let body = |id: &str| &docs.iter().find(|d| d.id == id).unwrap().body;
    for l in found.iter().filter(|l| l.kind != LinkKind::Cites) {
        for p in &l.passages {
            assert!(p.from.slice(body(&l.from)).is_some() && p.to.slice(body(&l.to)).is_some());
        }
    }
}
