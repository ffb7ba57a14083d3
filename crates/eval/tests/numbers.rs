//! The number and quantity evaluations as a test: no score may fall below the ratchet in
//! `ratchet/numbers.json` (refresh it with `CROSSCHECK_RATCHET=update` after a real
//! improvement), and the targets of issue 3 that are reached must stay reached.
//!
//! `NUMBERS_DUMP=1 cargo test -p eval --test numbers -- --nocapture` prints every failing
//! case of every suite, for reading.

use eval::numbers::{
    TARGET_NEWS_QUALIFIER, TARGET_NEWS_UNIT, TARGET_NEWS_VALUE, TARGET_QUANTULUM,
    TARGET_RECOGNIZERS_LENIENT,
};

#[test]
fn numbers_hold_their_scores_and_targets() {
    let report = eval::numbers::run().expect("the number suites run");
    let scores = report.scores();
    let drops = eval::ratchet::check("numbers", &scores);
    assert!(drops.is_empty(), "scores dropped:\n{}", drops.join("\n"));

    for name in ["NumberModel", "NumberRangeModel"] {
        let lenient = scores[&format!("{name}.lenient")];
        assert!(
            lenient >= TARGET_RECOGNIZERS_LENIENT,
            "{name}: lenient pass {lenient:.3} is below the target"
        );
    }
    for (name, target) in [
        ("news.value_f1", TARGET_NEWS_VALUE),
        ("news.value_unit_f1", TARGET_NEWS_UNIT),
        ("news.value_qualifier_f1", TARGET_NEWS_QUALIFIER),
    ] {
        assert!(
            scores[name] >= target,
            "{name}: {:.3} is below {target}",
            scores[name]
        );
    }
    let quantulum = scores["quantulum3.quantities.value_unit"];
    assert!(
        quantulum >= TARGET_QUANTULUM,
        "quantulum3 value + unit {quantulum:.3} is below {TARGET_QUANTULUM}"
    );

    // The skip list stays small and every case in it was found in the suite.
    let skipped: usize = report.specs.iter().map(|s| s.skipped).sum();
    let listed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/numbers-skip.tsv"),
    )
    .unwrap()
    .lines()
    .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    .count();
    assert_eq!(
        skipped, listed,
        "a skip-list entry no longer matches a spec case"
    );
    assert!(skipped <= 10, "the skip list has grown to {skipped}");
}

#[test]
fn news_sentences_are_found_and_varied() {
    let report = eval::numbers::run().expect("the number suites run");
    let news = &report.news;
    assert!(news.sentences >= 150, "only {} sentences", news.sentences);
    assert!(news.empty >= 20, "too few sentences without a quantity");
    assert!(news.gold >= 150, "only {} annotated quantities", news.gold);
}

#[test]
fn dump_failures() {
    if std::env::var("NUMBERS_DUMP").is_err() {
        return;
    }
    let report = eval::numbers::run().expect("the number suites run");
    for f in &report.specs {
        for x in &f.failures {
            println!("[{}] {x}", f.name);
        }
    }
    for q in &report.quantulum {
        for x in &q.failures {
            println!("[{}] {x}", q.name);
        }
    }
    for x in &report.news.failures {
        println!("[news] {x}");
    }
    print!("{}", report.markdown());
}
