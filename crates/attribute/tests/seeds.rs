//! Golden test on the seed articles (`../shared/seeds`): the source, chain and stance of
//! every attributed claim, and the merged entities, as an insta snapshot; plus explicit
//! checks of what must hold for the story's main actors (one entity each for the
//! intelligence agencies, the presidents, the spokesperson and the NATO secretary
//! general, with their variants merged and different bodies kept apart).

use std::path::PathBuf;

use model::{Claim, Document, Entity, Stance};

fn seeds_dir() -> PathBuf {
    let dir = std::env::var_os("CROSSCHECK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("seeds");
    assert!(
        dir.is_dir(),
        "this test needs the seed articles at {} (or CROSSCHECK_SHARED)",
        dir.display()
    );
    dir
}

/// Runs the stages up to attribution the way the pipeline does.
fn analyse() -> (Vec<Document>, Vec<Claim>, Vec<Entity>) {
    let config = ingest::Config::default();
    let (inputs, _) = ingest::discover(&[seeds_dir()], &config);
    let mut docs = Vec::new();
    for input in &inputs {
        let mut none = std::io::empty();
        ingest::load(input, &config, &mut none, &mut |d| docs.push(d));
    }
    let mut stats = clean::CorpusStats::default();
    for d in &docs {
        stats.add(&d.text);
    }
    for d in docs.iter_mut() {
        clean::clean(d, &stats, &clean::Config::default());
    }
    extract::infer_publication(&mut docs);
    docs.sort_by(|a, b| a.source.cmp(&b.source));
    let cfg = attribute::Config::default();
    let mut claims = Vec::new();
    let mut mentions = Vec::new();
    for d in &docs {
        let mut c = extract::claims(d, &extract::Config::default());
        mentions.push(attribute::attribute(d, &mut c, &cfg));
        claims.extend(c);
    }
    let entities = attribute::resolve(&docs, &mut claims, mentions, &cfg);
    (docs, claims, entities)
}

fn entity_named<'a>(entities: &'a [Entity], alias: &str) -> &'a Entity {
    entities
        .iter()
        .find(|e| e.name == alias || e.aliases.iter().any(|a| a == alias))
        .unwrap_or_else(|| panic!("no entity named {alias:?}"))
}

#[test]
fn seeds_attribution_and_entities() {
    let (docs, claims, entities) = analyse();
    let file = |id: &str| {
        let d = docs.iter().find(|d| d.id == id).unwrap();
        d.source
            .rsplit('/')
            .next()
            .unwrap()
            .get(..3)
            .unwrap()
            .to_string()
    };
    let name_of = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| entities.iter().find(|e| &e.id == id))
            .map(|e| e.name.clone())
    };
    let attributed: Vec<serde_json::Value> = claims
        .iter()
        .filter_map(|c| {
            let a = c.attribution.as_ref()?;
            let text: String = c.text.chars().take(70).collect();
            Some(serde_json::json!({
                "doc": file(&c.doc),
                "claim": text,
                "source": a.source,
                "entity": name_of(&a.entity),
                "via": a.via,
                "verb": a.verb,
                "stance": a.stance,
                "inherited": a.inherited,
            }))
        })
        .collect();
    insta::assert_json_snapshot!("seeds_attributions", attributed);
    let merged: Vec<serde_json::Value> = entities
        .iter()
        .filter(|e| !e.merges.is_empty() || !e.outlet_of.is_empty())
        .map(|e| {
            serde_json::json!({
                "name": e.name,
                "kind": e.kind,
                "merges": e.merges.iter().map(|m| format!("{} <- {}", m.alias, m.reason)).collect::<Vec<_>>(),
                "outlet_of": e.outlet_of.iter().map(|d| file(d)).collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!("seeds_entities", merged);

    // The intelligence agencies: one entity each, all spellings merged, kept apart.
    let hur = entity_named(&entities, "HUR");
    for alias in [
        "Kyiv's military intelligence",
        "Defense Intelligence of Ukraine",
    ] {
        assert_eq!(entity_named(&entities, alias).id, hur.id, "{alias}");
    }
    let nis = entity_named(&entities, "NIS");
    for alias in [
        "South Korean intelligence",
        "Seoul's National Intelligence Service",
        "South Korea’s National Intelligence Service",
    ] {
        assert_eq!(entity_named(&entities, alias).id, nis.id, "{alias}");
    }
    assert_ne!(hur.id, nis.id);
    assert_ne!(
        entity_named(&entities, "North Korea’s foreign ministry").id,
        hur.id
    );
    // The presidents, the spokesperson and the secretary general.
    for (full, others) in [
        (
            "Volodymyr Zelenskyy",
            &["Volodymyr Zelensky", "Zelensky", "Zelenskyy"][..],
        ),
        ("Vladimir Putin", &["Putin"][..]),
        ("Yoon Suk Yeol", &["Yoon"][..]),
        ("John Kirby", &["Kirby"][..]),
        ("Mark Rutte", &["Rutte"][..]),
    ] {
        let e = entity_named(&entities, full);
        assert_eq!(e.kind, model::EntityKind::Person, "{full}");
        for o in others {
            assert_eq!(
                entity_named(&entities, o).id,
                e.id,
                "{o} is not merged into {full}"
            );
            assert!(
                e.merges
                    .iter()
                    .any(|m| m.alias == *o && !m.reason.is_empty())
            );
        }
    }
    assert_ne!(
        entity_named(&entities, "Nato").id,
        entity_named(&entities, "Mark Rutte").id
    );
    // The outlet is an entity linked to the document it published, and the citing
    // article's mention of it is the same entity.
    let ki = entity_named(&entities, "The Kyiv Independent");
    assert_eq!(ki.outlet_of.len(), 1);
    assert!(!ki.mentions.is_empty());

    // Chains and stances of the key sentences.
    let find = |needle: &str| {
        claims
            .iter()
            .find(|c| c.text.contains(needle))
            .and_then(|c| c.attribution.clone())
            .unwrap_or_else(|| panic!("no attribution for {needle:?}"))
    };
    let a = find("The Kyiv Independent reported citing");
    assert_eq!(a.entity.as_ref(), Some(&hur.id));
    assert_eq!(a.via, vec!["The Kyiv Independent"]);
    assert_eq!(a.stance, Stance::Reported);
    let a = find("citing intercepted audio");
    assert_eq!(a.source, "intercepted audio");
    assert_eq!(a.via, vec!["UPI", "the Defense Intelligence of Ukraine"]);
    let a = find("in a statement carried by");
    assert_eq!(
        a.via,
        vec!["UPI", "the official Korean Central News Agency"]
    );
    let a = find("in a post on X");
    assert_eq!(a.via, vec!["UPI", "X"]);
    assert_eq!(find("has yet to confirm").stance, Stance::Unconfirmed);
    assert_eq!(
        find("Seoul and Washington confirmed").stance,
        Stance::Confirmed
    );
    assert_eq!(
        find("U.S. sources initially estimated").stance,
        Stance::Estimated
    );
    assert_eq!(find("dismissed the claims").stance, Stance::Denied);
    // A second quoted sentence inherits its speaker.
    let a = find("If there are images, then they reflect something");
    assert!(a.inherited);
    assert_eq!(name_of(&a.entity).as_deref(), Some("Vladimir Putin"));

    // Every figure attributed in the text gets the right source.
    for (needle, who) in [
        ("at least 3,000 soldiers to eastern Russia.", "John Kirby"),
        ("around 10,000 troops by December", "NIS"),
        ("more than 13,000 containers", "NIS"),
        ("approximately 1,500 elite", "NIS"),
        ("around 3,000 North Korean soldiers", "United States"),
        ("could reach 10,000 by December", "NIS"),
        (
            "10,000 North Korean soldiers were preparing",
            "Volodymyr Zelenskyy",
        ),
    ] {
        let a = find(needle);
        assert_eq!(
            a.entity.as_ref(),
            Some(&entity_named(&entities, who).id),
            "{needle}"
        );
    }
}
