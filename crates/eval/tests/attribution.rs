//! The attribution evaluation as a test: precision and recall of (speaker, reporting verb)
//! on our annotated ECB+ sample may not fall below the ratchet in
//! `ratchet/attribution.json` nor below the targets of issue 4, and the hand-checked sample
//! of entity merges must still be the sample the code makes, with at most three wrong.
//!
//! `ATTRIBUTION_DUMP=1 cargo run --release -p eval -- attribution` lists every
//! disagreement, for reading.

use eval::attribution::{TARGET_PRECISION, TARGET_RECALL, TARGET_WRONG_MERGES};

#[test]
fn attribution_holds_its_scores_and_targets() {
    let report = eval::attribution::run().expect("the attribution evaluation runs");
    assert!(
        report.gold() >= 100,
        "fewer than 100 annotated reported-speech lines"
    );
    assert!(report.documents >= 30, "fewer than 30 annotated documents");
    let scores = report.scores();
    let drops = eval::ratchet::check("attribution", &scores);
    assert!(drops.is_empty(), "scores dropped:\n{}", drops.join("\n"));
    assert!(
        scores["precision"] >= TARGET_PRECISION,
        "precision {:.3}",
        scores["precision"]
    );
    assert!(
        scores["recall"] >= TARGET_RECALL,
        "recall {:.3}",
        scores["recall"]
    );
}

#[test]
fn merge_sample_is_checked_and_mostly_right() {
    let check = eval::attribution::merge_check().expect("the merge check runs");
    assert_eq!(check.sample.len(), eval::attribution::MERGE_SAMPLE);
    // A change in the merges changes the sample: its new members need a verdict by hand
    // (`crosscheck-eval attribution --dump-merges`, then `data/merges-sample.tsv`).
    assert!(
        check.unchecked <= 10,
        "{} sampled merges have no verdict in data/merges-sample.tsv",
        check.unchecked
    );
    assert!(
        check.wrong <= TARGET_WRONG_MERGES,
        "{} wrong merges in the sample",
        check.wrong
    );
}
