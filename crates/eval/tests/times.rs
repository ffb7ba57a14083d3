//! The time evaluations as a test: the scores that `crosscheck-eval times` prints, held
//! against `ratchet/times.json` (a drop fails), the targets of issue 3 asserted, and the
//! skip list checked (a skipped case must still follow the convention it is skipped for).
//! Create or raise the ratchet with `CROSSCHECK_RATCHET=update cargo test -p eval --test times`.

use eval::times;

#[test]
fn time_scores_hold_the_ratchet_and_reach_the_targets() {
    let scores = times::scores().expect("the public suites are readable");
    let drops = eval::ratchet::check("times", &scores);
    assert!(
        drops.is_empty(),
        "time scores dropped:\n{}",
        drops.join("\n")
    );
    let at = |k: &str| {
        scores
            .get(k)
            .copied()
            .unwrap_or_else(|| panic!("no score {k}"))
    };
    assert!(
        at("DateTimeModel.lenient") >= times::TARGET_DATETIME_MODEL_LENIENT,
        "DateTimeModel lenient {:.3} is below the target",
        at("DateTimeModel.lenient")
    );
    for file in ["DateParser", "DatePeriodParser"] {
        let k = format!("{file}.lenient");
        assert!(
            at(&k) >= times::TARGET_PARSER_LENIENT,
            "{k} {:.3} is below the target",
            at(&k)
        );
    }
    assert!(
        at("TempEval3.value_f1") >= times::TARGET_TE3_VALUE_F1,
        "TempEval-3 value F1 {:.3} is below the target",
        at("TempEval3.value_f1")
    );
}

#[test]
fn every_skipped_case_still_follows_its_convention() {
    let skips = times::skip_list().expect("the skip list parses");
    assert!(!skips.is_empty(), "the skip list is missing");
    for reason in skips.values() {
        assert!(
            reason.contains(':') && reason.len() > 30,
            "a skip needs a reason: {reason}"
        );
    }
    for file in times::SPEC_FILES {
        let sc = times::spec_file(file).expect("the spec file reads");
        assert!(
            sc.stale_skips.is_empty(),
            "{file}: skipped cases that no longer hold (remove them from data/times-skip.tsv): {:?}",
            sc.stale_skips
        );
    }
}
