//! Fuzzes the number and quantity grammar (`extract::quantity`): any text must give
//! quantities whose spans lie in the text on char boundaries, nested as documented, with
//! finite values, and never a panic. Non-UTF-8 input is read lossily, as the ingest stage
//! decodes it.
#![no_main]

fn in_text(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end && text.get(r.clone()).is_some()
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for f in extract::quantity::scan(&text) {
        for r in [
            Some(&f.span),
            Some(&f.number_span),
            Some(&f.figure),
            f.max_span.as_ref(),
            f.unit_span.as_ref(),
            f.qualifier_span.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            assert!(in_text(&text, r), "{r:?} is not a span of {text:?}");
        }
        assert!(
            f.span.start <= f.number_span.start && f.number_span.end <= f.span.end,
            "the number {:?} lies outside the quantity {:?}",
            f.number_span,
            f.span
        );
        assert!(f.value.is_finite(), "value {} in {text:?}", f.value);
        if let Some(max) = f.value_max {
            assert!(max.is_finite(), "value_max {max} in {text:?}");
        }
        let q = f.to_model(&text, 7);
        assert_eq!(q.span.start, f.span.start + 7);
    }
});
