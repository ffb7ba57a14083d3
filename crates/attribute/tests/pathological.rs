//! Hostile input: the stage never panics, keeps every span inside the body and on
//! character boundaries, and stays linear (one long line, ten thousand nested quotes, no
//! punctuation, all capitals). Sizes are chosen to run well under a second in a debug
//! build; there are no timing asserts, but a quadratic scan would make these tests crawl.

use model::{Claim, Document, Span};
use proptest::prelude::*;

fn run(body: &str) -> (Document, Vec<Claim>, Vec<model::Entity>) {
    let mut d = Document::new("d1", "x.txt", body);
    d.body = body.to_string();
    d.outlet = Some("The Test Wire".into());
    // Claims straight from the segmenter: this test is about this stage, not the number
    // and date grammars of extract.
    let mut claims: Vec<Claim> = extract::segment::sentences(body)
        .into_iter()
        .enumerate()
        .map(|(i, r)| Claim {
            id: format!("d1:c{i}"),
            doc: "d1".into(),
            span: Span::new(r.start, r.end),
            text: body[r].to_string(),
            attribution: None,
            quantities: Vec::new(),
            times: Vec::new(),
            entities: Vec::new(),
        })
        .collect();
    let cfg = attribute::Config::default();
    let m = attribute::attribute(&d, &mut claims, &cfg);
    for mention in &m.mentions {
        assert!(
            mention.span.slice(body).is_some(),
            "mention span {:?}",
            mention.span
        );
    }
    let entities = attribute::resolve(std::slice::from_ref(&d), &mut claims, vec![m], &cfg);
    (d, claims, entities)
}

fn check_spans(body: &str, claims: &[Claim]) {
    let ok = |s: Span| s.slice(body).is_some();
    for c in claims {
        if let Some(a) = &c.attribution {
            assert!(ok(a.span), "verb span {:?}", a.span);
            if let Some(s) = a.source_span {
                assert!(ok(s), "source span {s:?}");
                if !a.inherited {
                    assert_eq!(s.slice(body), Some(a.source.as_str()));
                }
            }
            if let Some(q) = a.quote {
                assert!(ok(q), "quote span {q:?}");
            }
        }
    }
}

#[test]
fn one_long_line_without_punctuation() {
    // One line with no full stop anywhere: one sentence, read in one pass. 200 KB keeps the
    // debug build fast; the 5 MB case is measured in release by `crosscheck-eval
    // attribution` (see docs/BENCHMARKS.md).
    let unit =
        "Officials Said Harbour Board spokesperson Ana Lind according to the Norland Wire citing ";
    let body = unit.repeat(200_000 / unit.len());
    let (_, claims, entities) = run(&body);
    check_spans(&body, &claims);
    assert_eq!(claims.len(), 1);
    assert!(!entities.is_empty());
}

#[test]
fn ten_thousand_nested_quotes() {
    let mut body = String::new();
    for i in 0..10_000 {
        body.push_str(if i % 2 == 0 { "“" } else { "\"" });
        body.push_str("Lind said ");
    }
    for _ in 0..10_000 {
        body.push_str("” ");
    }
    body.push_str("she added.");
    let (_, claims, _) = run(&body);
    check_spans(&body, &claims);
}

#[test]
fn all_capitals_and_no_punctuation() {
    let line = "THE HARBOUR BOARD SAID THE PORT OF NORLAND WAS CLOSED ACCORDING TO OFFICIALS ";
    let body = line.repeat(2_000);
    let (_, claims, entities) = run(&body);
    check_spans(&body, &claims);
    // Shouted text names no entities from its capitals alone.
    assert!(entities.len() < 10, "{} entities", entities.len());
    let none = "the port was closed and the ships waited and nobody spoke ".repeat(2_000);
    let (_, claims, entities) = run(&none);
    check_spans(&none, &claims);
    // Only the outlet: lowercase text names nothing.
    assert_eq!(entities.len(), 1);
    assert_eq!(entities[0].outlet_of, vec!["d1"]);
}

const PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "'",
    "’s ",
    ",",
    ". ",
    "\n\n",
    "(",
    ")",
    " said ",
    " according to ",
    " citing ",
    "he ",
    "The ",
    "Ana Lind ",
    "NATO ",
    "U.S. ",
    "Norway's military intelligence ",
    "(NIS) ",
    "has yet to confirm ",
    "é",
    "—",
    ":",
    "Oslo ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_and_spans_stay_in_bounds(
        parts in proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(PIECES).prop_map(str::to_string),
                "[a-zA-Z ]{0,12}",
            ],
            0..120,
        )
    ) {
        let body: String = parts.concat();
        let (_, claims, entities) = run(&body);
        check_spans(&body, &claims);
        for e in &entities {
            prop_assert!(!e.id.is_empty());
            prop_assert_eq!(e.aliases.len(), e.merges.len());
        }
    }

    #[test]
    fn output_does_not_depend_on_document_order(seed in 0usize..40) {
        let texts = [
            "Harbour chief Ana Lind said the port closed. Lind added that ships waited.",
            "The Norland Coast Guard (NCG) confirmed the closure, officials said.",
            "According to the NCG, 40 ships waited. Ana Lind said so too.",
        ];
        let docs: Vec<Document> = texts.iter().enumerate().map(|(i, t)| {
            let mut d = Document::new(format!("d{i}"), "x", *t);
            d.body = t.to_string();
            d
        }).collect();
        let cfg = attribute::Config::default();
        let resolve = |order: &[usize]| {
            let mut claims = Vec::new();
            let mut mentions = Vec::new();
            for &i in order {
                let mut c = extract::claims(&docs[i], &extract::Config::default());
                mentions.push(attribute::attribute(&docs[i], &mut c, &cfg));
                claims.extend(c);
            }
            let ents = attribute::resolve(&docs, &mut claims, mentions, &cfg);
            claims.sort_by(|a, b| a.id.cmp(&b.id));
            (claims, ents)
        };
        let orders = [[0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]];
        let a = resolve(&orders[0]);
        let b = resolve(&orders[1 + seed % 3]);
        prop_assert_eq!(a, b);
    }
}
