//! Fuzzes the time expression grammar (`extract::time`) with a fixed reference date: any
//! text must give expressions whose spans lie in the text on char boundaries, and never a
//! panic. Non-UTF-8 input is read lossily, as the ingest stage decodes it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let reference = chrono::NaiveDate::from_ymd_opt(2024, 10, 27);
    for t in extract::time::times(&text, reference) {
        assert!(
            t.span.start < t.span.end && text.get(t.span.clone()).is_some(),
            "{:?} is not a span of {text:?}",
            t.span
        );
        if let Some(m) = t.to_model(&text, 11) {
            assert_eq!(m.span.start, t.span.start + 11);
            assert!(
                !m.value.is_empty(),
                "empty value for {:?}",
                &text[t.span.clone()]
            );
        }
    }
    // The undated-article evidence reads the same grammar over a whole body.
    let (_, yearless) = extract::time::dating_anchors(&text);
    for (month, day, span) in yearless {
        assert!((1..=12).contains(&month) && (1..=31).contains(&day));
        assert!(
            text.get(span.clone()).is_some(),
            "{span:?} is not a span of {text:?}"
        );
    }
});
