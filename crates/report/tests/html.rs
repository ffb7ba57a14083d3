//! Tests of the HTML report over a small invented story built by hand with every kind of
//! item the model holds: a conflicting figure, an evolving statement, a reuse link with
//! passages, a citation of an entity outside the corpus, a duplicate, removed boilerplate,
//! an unplaceable timeline date and a diagnostic. The page is parsed with an HTML5 parser
//! and checked for structure, self-containment and escaping.

use std::collections::HashSet;

use model::{
    Attribution, BriefLine, BriefSection, Claim, Diagnostic, Document, Entity, EntityKind, Figure,
    FigureRow, Group, GroupKind, GroupStatus, HeaderField, HeaderKind, Link, LinkKind, Passage,
    Qualifier, RemovalReason, Removed, Report, Segment, Severity, Span, Stance, Story,
    TimelineEntry,
};
use proptest::prelude::*;
use report::{HtmlConfig, html_document, html_page, html_story};

/// A document whose text is a headline, then the paragraphs, with `removed` inserted as
/// boilerplate after the first paragraph; one claim per paragraph.
fn doc(
    id: &str,
    outlet: &str,
    date: &str,
    headline: &str,
    paras: &[&str],
    removed: Option<(&str, RemovalReason)>,
) -> (Document, Vec<Claim>) {
    let mut text = format!("{headline}\n\n");
    let mut d = Document::new(id, format!("corpus/{id}.txt"), "");
    d.header.push(HeaderField {
        field: HeaderKind::Headline,
        text: headline.to_string(),
        span: Span::new(0, headline.len()),
        value: headline.to_string(),
    });
    let mut claims = Vec::new();
    for (n, p) in paras.iter().enumerate() {
        if !d.body.is_empty() {
            d.body.push_str("\n\n");
        }
        let b = d.body.len();
        d.body.push_str(p);
        let t = text.len();
        text.push_str(p);
        text.push_str("\n\n");
        d.segments.push(Segment {
            body: Span::new(b, b + p.len()),
            text: Span::new(t, t + p.len()),
        });
        claims.push(Claim {
            id: format!("{id}:c{n}"),
            doc: id.to_string(),
            span: Span::new(b, b + p.len()),
            text: p.to_string(),
            attribution: None,
            quantities: vec![],
            times: vec![],
            entities: vec![],
        });
        if n == 0
            && let Some((r, reason)) = removed
        {
            let t = text.len();
            text.push_str(r);
            text.push_str("\n\n");
            d.removed.push(Removed {
                text: r.to_string(),
                span: Span::new(t, t + r.len()),
                reason,
                detail: format!("{} (test)", reason.explain()),
            });
        }
    }
    d.text_len = text.len();
    d.text = text;
    d.title = Some(headline.to_string());
    d.outlet = Some(outlet.to_string());
    d.published = Some(date.to_string());
    (d, claims)
}

fn row(claim: &str, value: f64, qualifier: Qualifier, outlet: &str, date: &str) -> FigureRow {
    FigureRow {
        claim: claim.to_string(),
        doc: claim.split(':').next().unwrap().to_string(),
        span: Span::new(0, 2),
        value,
        value_max: None,
        qualifier,
        scope: Some("in the outer harbour".to_string()),
        source: Some("the port authority".to_string()),
        outlet: Some(outlet.to_string()),
        date: Some(date.to_string()),
    }
}

const HOSTILE_TITLE: &str = "Ships held <script>alert('title')</script> & \"more\"";

fn story_report() -> Report {
    let (mut d1, c1) = doc(
        "d1",
        "Tidewater Gazette",
        "2031-03-04",
        HOSTILE_TITLE,
        &[
            "Twelve ships were detained in the outer harbour on Sunday, the port authority said.",
            "The harbour master said the blockade would end by Friday.",
            "Crews <script>alert('body')</script> waited on deck.",
        ],
        Some((
            "Photo: a tug in the harbour (Gazette)",
            RemovalReason::Caption,
        )),
    );
    d1.url = Some("https://tidewater.example/ships-held".to_string());
    let (d2, c2) = doc(
        "d2",
        "Northcape Wire",
        "2031-03-05",
        "At least 15 ships held in Veltra harbour",
        &[
            "At least 15 ships were detained in the outer harbour, the port authority said.",
            "The harbour master said the blockade would end by Friday.",
        ],
        Some(("Read more: Storm season begins", RemovalReason::Navigation)),
    );
    let (mut d3, mut c3) = doc(
        "d3",
        "Lantern Daily",
        "2031-03-06",
        "Blockade to last into next month, harbour master says",
        &[
            "Twelve ships remain detained, according to the Harbour Authority of Veltra.",
            "The harbour master now says the blockade will last into April.",
        ],
        None,
    );
    d3.url = Some("javascript:alert('url')".to_string());
    c3[1].attribution = Some(Attribution {
        source: "the harbour master".to_string(),
        entity: None,
        via: vec![],
        span: Span::new(0, 3),
        source_span: None,
        verb: "say".to_string(),
        stance: Stance::Stated,
        inherited: false,
        quote: None,
    });
    let (d4, c4) = doc(
        "d4",
        "Shorelight Times",
        "2031-03-05",
        "At least 15 ships held in Veltra harbour",
        &[
            "At least 15 ships were detained in the outer harbour, the port authority said.",
            "The harbour master said the blockade would end by Friday.",
        ],
        None,
    );
    let story = Story {
        id: "s1".to_string(),
        label: "Veltra harbour blockade".to_string(),
        documents: vec!["d3".into(), "d1".into(), "d2".into(), "d4".into()],
        reason: "They share the terms blockade, harbour and ships.".to_string(),
        brief: vec![
            BriefLine {
                section: BriefSection::Disputed,
                text: "Ships detained: 12 or at least 15.".to_string(),
                claims: vec!["d1:c0".into(), "d2:c0".into(), "d3:c0".into()],
            },
            BriefLine {
                section: BriefSection::Agreed,
                text: "The port authority is the source of the count.".to_string(),
                claims: vec!["d1:c0".into(), "d9:c9".into()],
            },
            BriefLine {
                section: BriefSection::Changed,
                text: "End of the blockade: Friday, then April.".to_string(),
                claims: vec!["d1:c1".into(), "d3:c1".into()],
            },
        ],
    };
    let mut claims = Vec::new();
    claims.extend(c1);
    claims.extend(c2);
    claims.extend(c3);
    claims.extend(c4);
    Report {
        documents: vec![d1, d2, d4, d3],
        claims,
        entities: vec![Entity {
            id: "e-port".to_string(),
            name: "Harbour Authority of Veltra".to_string(),
            kind: EntityKind::Organization,
            aliases: vec!["port authority".to_string()],
            mentions: vec![],
            merges: vec![],
            outlet_of: vec![],
        }],
        groups: vec![
            Group {
                id: "g1".to_string(),
                label: "When the blockade ends".to_string(),
                claims: vec!["d1:c1".into(), "d2:c1".into(), "d3:c1".into()],
                status: GroupStatus::Evolving,
                reason: "The harbour master said Friday on March 4 and April on March 6."
                    .to_string(),
                story: "s1".to_string(),
                kind: GroupKind::Statement,
                first: Some("d1:c1".to_string()),
                adds_nothing: vec!["d2:c1".to_string()],
            },
            Group {
                id: "g2".to_string(),
                label: "Ships detained".to_string(),
                claims: vec!["d1:c0".into(), "d2:c0".into(), "d3:c0".into()],
                status: GroupStatus::Conflicting,
                reason: "12 against at least 15, same scope and date.".to_string(),
                story: "s1".to_string(),
                kind: GroupKind::Figure,
                first: Some("d1:c0".to_string()),
                adds_nothing: vec![],
            },
        ],
        links: vec![
            Link {
                from: "d2".to_string(),
                to: "d1".to_string(),
                kind: LinkKind::Reuses,
                evidence: "62% of its body aligns with d1".to_string(),
                score: Some(0.62),
                passages: vec![Passage {
                    from: Span::new(80, 137),
                    to: Span::new(0, 0),
                }],
            },
            Link {
                from: "d3".to_string(),
                to: "e-port".to_string(),
                kind: LinkKind::Cites,
                evidence: "\"according to the Harbour Authority of Veltra\"".to_string(),
                score: None,
                passages: vec![],
            },
            Link {
                from: "d4".to_string(),
                to: "d2".to_string(),
                kind: LinkKind::Duplicates,
                evidence: "same body text".to_string(),
                score: Some(1.0),
                passages: vec![],
            },
        ],
        diagnostics: vec![
            Diagnostic::new(
                "date.inferred",
                Severity::Warning,
                "corpus/d3.txt",
                "publication date <unknown> read from the text",
            )
            .for_doc("d3"),
        ],
        stories: vec![story],
        figures: vec![
            Figure {
                story: "s1".to_string(),
                label: "ships detained".to_string(),
                unit: Some("ship".to_string()),
                rows: vec![
                    row(
                        "d1:c0",
                        12.0,
                        Qualifier::Exact,
                        "Tidewater Gazette",
                        "2031-03-02",
                    ),
                    row(
                        "d2:c0",
                        15.0,
                        Qualifier::AtLeast,
                        "Northcape Wire",
                        "2031-03-02",
                    ),
                    row(
                        "d3:c0",
                        12.0,
                        Qualifier::Exact,
                        "Lantern Daily",
                        "2031-03-06",
                    ),
                ],
                status: GroupStatus::Conflicting,
                reason: "12 and at least 15 for the same harbour and day.".to_string(),
            },
            Figure {
                story: "s1".to_string(),
                label: "aid trucks".to_string(),
                unit: Some("truck".to_string()),
                rows: vec![row(
                    "d3:c1",
                    40.0,
                    Qualifier::Approx,
                    "Lantern Daily",
                    "2031-03-06",
                )],
                status: GroupStatus::Single,
                reason: "One source only.".to_string(),
            },
        ],
        timeline: vec![
            TimelineEntry {
                story: "s1".to_string(),
                date: "2029-06".to_string(),
                label: "The harbour treaty was signed".to_string(),
                claims: vec!["d3:c1".into()],
                sources: vec![],
            },
            TimelineEntry {
                story: "s1".to_string(),
                date: "2031-03-01/2031-03-03".to_string(),
                label: "Ships held in the outer harbour".to_string(),
                claims: vec!["d1:c0".into()],
                sources: vec!["the port authority".into()],
            },
            TimelineEntry {
                story: "s1".to_string(),
                date: "2031-03-02".to_string(),
                label: "Twelve ships detained".to_string(),
                claims: vec!["d1:c0".into(), "d3:c0".into()],
                sources: vec!["the port authority".into()],
            },
            TimelineEntry {
                story: "s1".to_string(),
                date: "2031-W10".to_string(),
                label: "Blockade announced to end by Friday".to_string(),
                claims: vec!["d1:c1".into()],
                sources: vec![],
            },
            TimelineEntry {
                story: "s1".to_string(),
                date: "PRESENT_REF".to_string(),
                label: "Ships remain detained".to_string(),
                claims: vec!["d3:c0".into()],
                sources: vec![],
            },
        ],
        ..Report::default()
    }
}

fn ids(page: &dom_query::Document) -> HashSet<String> {
    page.select("[id]")
        .iter()
        .filter_map(|n| n.attr("id").map(|s| s.to_string()))
        .collect()
}

#[test]
fn every_claim_has_an_anchor_and_every_link_a_target() {
    let report = story_report();
    let html = html_page(&report, &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    let ids = ids(&page);
    for c in &report.claims {
        assert!(
            ids.contains(&format!("c-{}", c.id)),
            "no anchor for {}",
            c.id
        );
    }
    let mut internal = 0;
    for a in page.select("[href^='#']").iter() {
        let href = a.attr("href").unwrap().to_string();
        let target = href.trim_start_matches('#').replace("%3A", ":");
        assert!(ids.contains(&target), "dangling link {href}");
        internal += 1;
    }
    assert!(internal > 20, "only {internal} internal links");
    // The brief line naming a claim the report lacks says so instead of linking nowhere.
    assert!(html.contains("claim d9:c9 not in report"));
    // One section per document, each with its text collapsed.
    assert_eq!(page.select("section.doc").length(), 4);
    assert_eq!(page.select("section.doc details .text").length(), 4);
    assert_eq!(page.select("section.doc > h3").length(), 4);
}

#[test]
fn sections_show_brief_figures_groups_timeline_and_graph() {
    let report = story_report();
    let page_html = html_page(&report, &HtmlConfig::default());
    let page = dom_query::Document::from(page_html.as_str());
    let story = page.select("section.story#s-s1");
    assert!(story.exists());
    let brief = story.select(".brief").text().to_string();
    assert!(brief.contains("Disputed") && brief.contains("Changed over time"));
    // Sections come in the brief's order, not the order of the lines.
    assert!(brief.find("Agreed") < brief.find("Disputed"));

    // One-value figures are listed together, collapsed.
    let single = story.select("details.single-figures table.figures tbody tr");
    assert_eq!(single.length(), 1);
    assert!(single.text().contains("aid trucks (truck)") && single.text().contains("≈ 40"));
    // The conflicting figure: a class and words on the rows, not colour alone.
    let rows = story.select("table.figures:not(.single) tbody tr");
    assert_eq!(rows.length(), 3);
    assert_eq!(story.select("table.figures tr.conflict").length(), 3);
    let first = rows.first().text().to_string();
    assert!(first.contains("conflicts with ≥ 15"), "{first}");
    assert!(
        story
            .select(".figure.conflicting .status")
            .text()
            .contains("conflicting")
    );

    // Groups with status words, reasons and member markers.
    let groups = story.select("article.group");
    assert_eq!(groups.length(), 2);
    // Disputes come first whatever the order of the report.
    assert!(groups.first().is(".conflicting"));
    let evolving = story.select("article.group.evolving").text().to_string();
    assert!(evolving.contains("changed over time"));
    assert!(evolving.contains("first report") && evolving.contains("adds nothing new"));
    assert!(evolving.contains("source: the harbour master"));

    // Two inline SVG charts: the timeline with a bar for the interval and week, dots for
    // days; the diagram with one arc per link and the external source as a node.
    let svgs = story.select("svg");
    assert_eq!(svgs.length(), 2);
    let timeline = svgs.first();
    assert_eq!(timeline.select("rect.span").length(), 3);
    // The empty year and a half before the blockade is cut from the axis, and said so.
    assert_eq!(timeline.select("path.break").length(), 1);
    assert!(story.text().contains("The time axis is cut"));
    assert_eq!(timeline.select("circle.day").length(), 1);
    assert!(
        story
            .text()
            .contains("1 entry not drawn (no placeable date")
    );
    let graph = svgs.last();
    assert_eq!(graph.select("path.edge.reuses").length(), 2); // legend + arc
    assert_eq!(graph.select("path.edge.cites").length(), 2);
    assert_eq!(graph.select("path.edge.duplicates").length(), 2);
    assert_eq!(graph.select("circle.node").length(), 5);
    assert_eq!(graph.select("circle.node.external").length(), 1);
    assert!(
        graph
            .text()
            .contains("Harbour Authority of Veltra (cited, not in the corpus)")
    );
    // Documents are ordered by date in the diagram: d1 (4th), then d2 and d4 (5th), d3.
    let labels: Vec<String> = graph
        .select("a text")
        .iter()
        .map(|t| t.text().to_string())
        .collect();
    let pos = |outlet: &str| labels.iter().position(|l| l.starts_with(outlet)).unwrap();
    assert!(pos("Tidewater") < pos("Northcape"));
    assert!(pos("Northcape") < pos("Shorelight"));
    assert!(pos("Shorelight") < pos("Lantern"));

    // The reuse link shows its aligned passage as a quote from the reusing document.
    let links = story.select("table.links").text().to_string();
    assert!(
        links.contains("“The harbour master said the blockade would end by Friday.”"),
        "{links}"
    );
}

#[test]
fn a_line_backed_by_many_claims_links_the_first_dozen() {
    let mut report = story_report();
    let many: Vec<String> = (0..30).map(|_| "d1:c0".to_string()).collect();
    // The Agreed line, shown first.
    report.stories[0].brief[1].claims = many;
    let html = html_story(&report, "s1", &HtmlConfig::default()).unwrap();
    let page = dom_query::Document::fragment(html.as_str());
    let line = page.select(".brief li").first();
    assert_eq!(line.select("a.cref").length(), 12);
    assert!(line.text().contains("and 18 more"));
}

#[test]
fn a_long_list_keeps_disputes_open_and_collapses_the_rest() {
    let mut report = story_report();
    let template = report.groups[1].clone();
    report.groups = (0..60)
        .map(|i| Group {
            id: format!("g{i}"),
            status: if i % 6 == 0 {
                GroupStatus::Conflicting
            } else {
                GroupStatus::Agreed
            },
            ..template.clone()
        })
        .collect();
    let html = html_story(&report, "s1", &HtmlConfig::default()).unwrap();
    let page = dom_query::Document::fragment(html.as_str());
    assert_eq!(page.select("article.group").length(), 60);
    let collapsed = page.select("details.more article.group");
    assert_eq!(collapsed.length(), 50);
    assert_eq!(
        page.select("details.more article.group.conflicting")
            .length(),
        0
    );
    assert!(
        page.select("details.more > summary")
            .text()
            .contains("50 more groups")
    );
}

#[test]
fn a_page_of_many_stories_opens_the_first_three() {
    let mut report = story_report();
    let first = report.stories[0].clone();
    report.stories = (0..5)
        .map(|i| Story {
            id: format!("s{}", i + 1),
            label: format!("Story number {i}"),
            ..first.clone()
        })
        .collect();
    let html = html_page(&report, &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    assert_eq!(page.select("section.story").length(), 5);
    assert_eq!(
        page.select("section.story > details.story-body[open]")
            .length(),
        3
    );
    assert!(!page.select("#s-s5 > details.story-body").is("[open]"));
    // A story fragment on its own page is always open.
    let frag = html_story(&report, "s5", &HtmlConfig::default()).unwrap();
    assert!(frag.contains("<details class=\"story-body\" open>"));
}

#[test]
fn removed_boilerplate_is_greyed_with_its_reason() {
    let html = html_page(&story_report(), &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    let d1 = page.select("section#d-d1");
    let removed = d1.select(".text .removed");
    assert_eq!(removed.length(), 1);
    assert!(removed.text().contains("removed: caption"));
    assert!(removed.text().contains("Photo: a tug in the harbour"));
    assert_eq!(
        removed.attr("title").unwrap().to_string(),
        "photo caption or credit (test)"
    );
    assert!(d1.select(".text .hdr").text().contains("headline"));
    // The claim sentence is its own element, the one `:target` highlights.
    let claim = d1.select("[id='c-d1:c0']");
    assert!(claim.is("span.claim"));
    assert_eq!(
        claim.text().to_string(),
        "Twelve ships were detained in the outer harbour on Sunday, the port authority said."
    );
}

#[test]
fn nothing_is_loaded_from_anywhere() {
    let report = story_report();
    let html = html_page(&report, &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    assert_eq!(page.select("[src]").length(), 0);
    assert_eq!(page.select("link").length(), 0);
    assert_eq!(page.select("iframe, object, embed, img, base").length(), 0);
    let urls: HashSet<&str> = report
        .documents
        .iter()
        .filter_map(|d| d.url.as_deref())
        .collect();
    for a in page.select("[href]").iter() {
        let href = a.attr("href").unwrap().to_string();
        assert!(
            href.starts_with('#') || urls.contains(href.as_str()),
            "external href {href}"
        );
    }
    let style = page.select("style").text().to_string();
    assert!(!style.contains("url(") && !style.contains("@import"));
    let script = page.select("script").text().to_string();
    for call in ["fetch(", "XMLHttpRequest", "import(", "http"] {
        assert!(!script.contains(call), "script uses {call}");
    }
}

#[test]
fn user_text_is_escaped() {
    let html = html_page(&story_report(), &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    // Only our own script element exists; the hostile ones are text.
    assert_eq!(page.select("script").length(), 1);
    assert!(!html.contains("<script>alert"));
    assert_eq!(
        page.select("section#d-d1 > h3").text().to_string(),
        HOSTILE_TITLE
    );
    assert!(
        page.select("[id='c-d1:c2']")
            .text()
            .contains("<script>alert('body')</script>")
    );
    // A javascript: address from the input is shown, never linked.
    assert!(page.select("[href^='javascript']").is_empty());
    assert!(
        page.select("section#d-d3")
            .text()
            .contains("javascript:alert('url')")
    );
    assert!(page.select("[onclick], [onerror], [onload]").is_empty());
}

#[test]
fn same_report_same_bytes() {
    let report = story_report();
    let a = html_page(&report, &HtmlConfig::default());
    let b = html_page(&report.clone(), &HtmlConfig::default());
    assert_eq!(a, b);
}

#[test]
fn report_read_back_from_json_still_anchors_every_claim() {
    let report = story_report();
    let json = serde_json::to_string(&report).unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    assert!(back.documents.iter().all(|d| d.text.is_empty()));
    let html = html_page(&back, &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    let ids = ids(&page);
    for c in &back.claims {
        assert!(
            ids.contains(&format!("c-{}", c.id)),
            "no anchor for {}",
            c.id
        );
    }
    let list = page.select("section#d-d1 .removed-list").text().to_string();
    assert!(list.contains("removed: caption") && list.contains("Photo: a tug"));
}

#[test]
fn fragments_for_the_web_ui() {
    let report = story_report();
    let config = HtmlConfig {
        document_url: Some("/documents/{doc}".to_string()),
        ..HtmlConfig::default()
    };
    let story = html_story(&report, "s1", &config).unwrap();
    assert!(story.starts_with("<section class=\"story\" id=\"s-s1\">"));
    assert!(story.contains("href=\"/documents/d3#c-d3:c1\""));
    assert!(story.contains("href=\"/documents/d1\""));
    assert!(!story.contains("<html") && !story.contains("<style"));
    assert!(html_story(&report, "nope", &config).is_none());

    let doc = html_document(&report, "d2", &config).unwrap();
    let frag = dom_query::Document::fragment(doc.as_str());
    assert_eq!(frag.select("section.doc#d-d2").length(), 1);
    assert_eq!(frag.select("span.claim").length(), 2);
    assert!(doc.contains("reuses <a href=\"/documents/d1\">Tidewater Gazette</a>"));
    assert!(doc.contains("duplicated by <a href=\"/documents/d4\">"));
    assert_eq!(frag.select("details[open]").length(), 0);
    let open = HtmlConfig {
        open_documents: true,
        ..config.clone()
    };
    let doc = html_document(&report, "d2", &open).unwrap();
    let frag = dom_query::Document::fragment(doc.as_str());
    assert_eq!(frag.select("details[open] span.claim").length(), 2);
    assert!(html_document(&report, "nope", &config).is_none());
}

#[test]
fn story_fragment_snapshot() {
    let story = html_story(&story_report(), "s1", &HtmlConfig::default()).unwrap();
    insta::assert_snapshot!(story);
}

#[test]
fn findings_without_stories_are_shown_for_all_documents() {
    let mut report = story_report();
    report.stories.clear();
    let html = html_page(&report, &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    let all = page.select("section.story#s-all");
    assert!(all.select("h2").text().contains("All documents"));
    assert_eq!(all.select("table.figures tbody tr").length(), 4);
    assert_eq!(all.select("article.group").length(), 2);
    assert_eq!(all.select("svg").length(), 2);
    assert_eq!(page.select("section.story").length(), 1);

    // A finding whose story is unknown goes to its own section next to the stories.
    let mut report = story_report();
    report.groups[0].story = "lost".to_string();
    let html = html_page(&report, &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    assert_eq!(
        page.select("section.story#s-other article.group").length(),
        1
    );
    assert_eq!(page.select("section.story#s-s1 article.group").length(), 1);
}

#[test]
fn empty_report_says_what_is_missing() {
    let html = html_page(&Report::default(), &HtmlConfig::default());
    let page = dom_query::Document::from(html.as_str());
    assert_eq!(page.select("section.doc").length(), 0);
    assert!(page.text().contains("No document could be read."));
    assert!(page.text().contains("No figures found."));
    assert!(page.text().contains("No claim groups found."));
    assert!(page.text().contains("No dated events found."));
    assert_eq!(page.select("svg").length(), 0);
}

#[test]
fn a_thousand_documents_stay_small_and_collapsed() {
    let mut report = Report::default();
    let para = "The council voted on Tuesday to extend the harbour curfew by two weeks, a spokesperson said.";
    let mut input = 0;
    for i in 0..1000 {
        let (d, c) = doc(
            &format!("d{i:04}"),
            &format!("Outlet {}", i % 37),
            &format!("2031-03-{:02}", 1 + i % 28),
            "Curfew extended",
            &[para; 12],
            Some(("Read more: other news", RemovalReason::Navigation)),
        );
        input += d.text.len();
        report.documents.push(d);
        report.claims.extend(c);
    }
    for i in 1..1000 {
        report.links.push(Link {
            from: format!("d{i:04}"),
            to: format!("d{:04}", i - 1),
            kind: LinkKind::Reuses,
            evidence: "aligned text".to_string(),
            score: Some(0.5),
            passages: vec![],
        });
    }
    let start = std::time::Instant::now();
    let html = html_page(&report, &HtmlConfig::default());
    let took = start.elapsed();
    eprintln!(
        "rendered {} documents ({input} bytes of text) into {} bytes of HTML in {took:?}",
        report.documents.len(),
        html.len()
    );
    // The text is shown once, with light markup: well under three times the input.
    assert!(
        html.len() < input * 3,
        "{} bytes of HTML for {input} bytes of text",
        html.len()
    );
    let page = dom_query::Document::from(html.as_str());
    assert_eq!(page.select("section.doc").length(), 1000);
    assert_eq!(page.select("section.doc details[open]").length(), 0);
    // The diagram is bounded; the table lists every link.
    let graph = page.select("svg").last();
    assert_eq!(
        graph.select("circle.node").length(),
        HtmlConfig::default().max_chart_items
    );
    assert_eq!(
        page.select("details.more table.links tbody tr").length(),
        999
    );
    assert!(took.as_secs() < 10, "rendering took {took:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Arbitrary text with arbitrary (often invalid) spans renders without panicking, and
    /// every claim still gets exactly one anchor.
    #[test]
    fn any_spans_render(
        text in "(\\PC|[<>&\"'\n\u{0}]){0,80}",
        body in "(\\PC|[<>&\n]){0,60}",
        claims in prop::collection::vec((0usize..100, 0usize..100), 0..6),
        segments in prop::collection::vec((0usize..70, 0usize..30, 0usize..90), 0..4),
        removed in prop::collection::vec((0usize..100, 0usize..100), 0..4),
        keep_text in any::<bool>(),
    ) {
        let mut d = Document::new("d", "x", if keep_text { text.clone() } else { String::new() });
        d.body = body;
        for (b, len, t) in segments {
            d.segments.push(Segment { body: Span::new(b, b + len), text: Span::new(t, t + len) });
        }
        for (a, b) in removed {
            d.removed.push(Removed {
                text: "r".into(),
                span: Span::new(a.min(b), a.max(b)),
                reason: RemovalReason::Trailer,
                detail: String::new(),
            });
        }
        let mut report = Report { documents: vec![d], ..Report::default() };
        for (n, (a, b)) in claims.into_iter().enumerate() {
            report.claims.push(Claim {
                id: format!("d:c{n}"),
                doc: "d".into(),
                span: Span::new(a.min(b), a.max(b)),
                text: "t".into(),
                attribution: None,
                quantities: vec![],
                times: vec![],
                entities: vec![],
            });
        }
        let html = html_page(&report, &HtmlConfig::default());
        let page = dom_query::Document::from(html.as_str());
        for c in &report.claims {
            let sel = format!("[id='c-{}']", c.id);
            prop_assert_eq!(page.select(&sel).length(), 1);
        }
        prop_assert_eq!(page.select("script").length(), 1);
    }
}
