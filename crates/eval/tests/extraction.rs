//! The extraction evaluation as a test: the scorer reproduces the published figures of
//! the stored reference outputs to 3 decimals, and our scores do not fall below the
//! ratchet in `ratchet/extraction.json`.

use eval::extraction;

#[test]
fn scorer_reproduces_published_figures() {
    let truth = extraction::truth().unwrap();
    assert_eq!(truth.len(), 181);
    for (tool, published) in extraction::REFERENCES {
        let s = extraction::score(&extraction::reference(tool).unwrap(), &truth);
        assert!(
            (s.f1 - published).abs() < 0.0005,
            "{tool}: F1 {:.4}, published {published}",
            s.f1
        );
    }
}

#[test]
fn scores_hold_the_ratchet() {
    let scores = extraction::ratchet_scores().unwrap();
    let drops = eval::ratchet::check("extraction", &scores);
    assert!(drops.is_empty(), "{drops:#?}");
}
