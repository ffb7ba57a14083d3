//! The Markdown report: per story, a one-screen brief (what is agreed, the disputed
//! figures tables, what changed, single-source figures, who reported first and who
//! copied whom, the timeline), every line backed by claim references that link to the
//! detail below; then the documents with their anchored claims, the claim groups with
//! their reasons, the full figures tables and timeline, links and diagnostics.
//!
//! It formats only: every fact it prints was decided by an earlier stage and is in the
//! report value. It does not re-rank or re-judge anything, and the same report gives
//! the same bytes.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use model::{
    BriefSection, Claim, Document, Figure, Group, GroupStatus, Qualifier, Report, Severity, Story,
};

/// How many claim references a line shows before it says how many more there are.
const MAX_REFS: usize = 6;

/// Renders the report as Markdown: the story briefs, then each document with its
/// metadata, what was removed and why, and its claims; then groups, figures, timeline,
/// links and the problems met.
pub fn markdown(report: &Report) -> String {
    let mut md = String::new();
    let docs = &report.documents;
    let outlets: BTreeSet<&str> = docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    let _ = writeln!(md, "# crosscheck report\n");
    let _ = writeln!(
        md,
        "{} documents, {} outlets named, {} claims, {} links, {} diagnostics. Report schema {}.\n",
        docs.len(),
        outlets.len(),
        report.claims.len(),
        report.links.len(),
        report.diagnostics.len(),
        report.schema_version
    );
    if !report.stories.is_empty() {
        let _ = writeln!(
            md,
            "{} stories, {} claim groups, {} figures tables, {} timeline entries.\n",
            report.stories.len(),
            report.groups.len(),
            report.figures.len(),
            report.timeline.len()
        );
    }

    for story in &report.stories {
        brief(&mut md, story, report);
    }

    if !docs.is_empty() {
        let _ = writeln!(md, "## Documents\n");
        let _ = writeln!(md, "| id | published | outlet | title | source |");
        let _ = writeln!(md, "|---|---|---|---|---|");
        for d in docs {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} | `{}` |",
                d.id,
                published_cell(d),
                cell(d.outlet.as_deref().unwrap_or("—")),
                cell(&title_cell(d)),
                cell(&d.source)
            );
        }
        md.push('\n');
    }

    let mut claims_of: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for c in &report.claims {
        claims_of.entry(c.doc.as_str()).or_default().push(c);
    }
    for d in docs {
        document(
            &mut md,
            d,
            claims_of.get(d.id.as_str()).map_or(&[][..], |v| &v[..]),
        );
    }

    if !report.groups.is_empty() {
        groups(&mut md, report);
    }
    if !report.figures.is_empty() {
        let _ = writeln!(md, "## Figures\n");
        for f in &report.figures {
            figure_table(&mut md, f, report, 4);
        }
    }
    if !report.timeline.is_empty() {
        let _ = writeln!(md, "## Timeline\n");
        for e in &report.timeline {
            let _ = writeln!(
                md,
                "- **{}** {} ({}) {}",
                e.date,
                inline(&e.label),
                inline(&e.sources.join(", ")),
                refs(&e.claims)
            );
        }
        md.push('\n');
    }

    if !report.links.is_empty() {
        let _ = writeln!(md, "## Links\n");
        for l in &report.links {
            let kind = serde_json::to_value(l.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- `{}` {} `{}`: {}",
                l.from,
                kind,
                l.to,
                inline(&l.evidence)
            );
        }
        md.push('\n');
    }

    if !report.diagnostics.is_empty() {
        let _ = writeln!(md, "## Diagnostics\n");
        for diag in &report.diagnostics {
            let sev = match diag.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            let at = diag
                .offset
                .map(|o| format!(" at byte {o}"))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- {sev} `{}`: `{}`{at}: {}",
                diag.code,
                diag.source,
                inline(&diag.message)
            );
        }
        md.push('\n');
    }
    md
}

/// One story's brief: a heading, then each section that has lines.
fn brief(md: &mut String, story: &Story, report: &Report) {
    let _ = writeln!(
        md,
        "## {} ({} documents)\n",
        inline(&story.label),
        story.documents.len()
    );
    let sections = [
        (
            BriefSection::Agreed,
            "Agreed (independent sources; copies counted once)",
        ),
        (BriefSection::Disputed, "Disputed figures"),
        (BriefSection::Changed, "Changed over time"),
        (BriefSection::Single, "Other figures, single source"),
        (BriefSection::First, "Who reported first"),
        (BriefSection::Copied, "Who copied whom"),
        (BriefSection::Timeline, "Timeline"),
    ];
    for (section, title) in sections {
        let lines: Vec<_> = story
            .brief
            .iter()
            .filter(|l| l.section == section)
            .collect();
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(md, "**{title}**\n");
        for l in &lines {
            let _ = writeln!(md, "- {} {}", inline(&l.text), refs(&l.claims));
        }
        md.push('\n');
        if section == BriefSection::Disputed {
            // The tables themselves: those the brief's lines stand for.
            let shown: BTreeSet<&str> = lines
                .iter()
                .flat_map(|l| l.claims.iter().map(String::as_str))
                .collect();
            for f in report.figures.iter().filter(|f| {
                f.story == story.id
                    && f.status != GroupStatus::Single
                    && f.rows.iter().any(|r| shown.contains(r.claim.as_str()))
            }) {
                figure_table(md, f, report, 5);
            }
        }
    }
    if story.brief.is_empty() {
        let _ = writeln!(md, "_{}_\n", inline(&story.reason));
    }
}

/// A figures table: every value with its qualifier, scope, source, date and outlet.
fn figure_table(md: &mut String, f: &Figure, report: &Report, level: usize) {
    let _ = writeln!(
        md,
        "{} {} — {}\n",
        "#".repeat(level),
        inline(&f.label),
        status_word(f.status)
    );
    let _ = writeln!(
        md,
        "| value | qualifier | scope | source | as of | outlet | claim |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|");
    for r in &f.rows {
        let value = match r.value_max {
            // A range, or a vague order of magnitude ("thousands": 1,000–10,000).
            Some(max) if max > r.value => format!("{}–{}", number(r.value), number(max)),
            Some(max) if r.qualifier == Qualifier::Range => {
                format!("{}–{}", number(r.value), number(max))
            }
            _ => number(r.value),
        };
        // A document without a stated outlet is named by its file.
        let outlet = r.outlet.clone().or_else(|| {
            report.documents.iter().find(|d| d.id == r.doc).map(|d| {
                d.source_name()
                    .map_or_else(|| d.id.clone(), |s| format!("{s} (file)"))
            })
        });
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            value,
            qualifier_word(r.qualifier),
            cell(r.scope.as_deref().unwrap_or("—")),
            cell(r.source.as_deref().unwrap_or("—")),
            r.date.as_deref().unwrap_or("—"),
            cell(outlet.as_deref().unwrap_or("—")),
            claim_ref(&r.claim)
        );
    }
    let _ = writeln!(md, "\n{}\n", inline(&f.reason));
}

/// The claim groups with their status, reason and members.
fn groups(md: &mut String, report: &Report) {
    let by_id: HashMap<&str, &Claim> = report.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let _ = writeln!(md, "## Claim groups ({})\n", report.groups.len());
    let mut sorted: Vec<&Group> = report.groups.iter().collect();
    sorted.sort_by_key(|g| {
        (
            &g.story,
            status_rank(g.status),
            std::cmp::Reverse(g.claims.len()),
            &g.id,
        )
    });
    for g in sorted {
        let kind = serde_json::to_value(g.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let _ = writeln!(
            md,
            "### <a id=\"{}\"></a>{} — {} {}\n",
            g.id,
            inline(&g.label),
            status_word(g.status),
            kind
        );
        let _ = writeln!(md, "{}\n", inline(&g.reason));
        for id in &g.claims {
            let Some(c) = by_id.get(id.as_str()) else {
                continue;
            };
            let mut marks = Vec::new();
            if g.first.as_deref() == Some(id.as_str()) {
                marks.push("first report");
            }
            if g.adds_nothing.contains(id) {
                marks.push("adds nothing new");
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!(" _({})_", marks.join(", "))
            };
            let _ = writeln!(
                md,
                "- {} {}–{}: {}{marks}",
                claim_ref(id),
                c.span.start,
                c.span.end,
                inline(&excerpt(&c.text, 200))
            );
        }
        md.push('\n');
    }
}

/// A document's metadata, removals and anchored claims.
fn document(md: &mut String, d: &Document, claims: &[&Claim]) {
    let _ = writeln!(md, "## {}\n", inline(&title_cell(d)));
    let _ = writeln!(md, "- id: `{}`", d.id);
    let _ = writeln!(md, "- source: `{}` ({})", d.source, d.encoding);
    if let Some(o) = &d.outlet {
        let _ = writeln!(md, "- outlet: {}", inline(o));
    }
    if !d.authors.is_empty() {
        let _ = writeln!(md, "- authors: {}", inline(&d.authors.join(", ")));
    }
    let _ = writeln!(md, "- published: {}", published_cell(d));
    if let Some(place) = &d.dateline {
        let _ = writeln!(md, "- dateline: {}", inline(place));
    }
    if let Some(url) = &d.url {
        let _ = writeln!(md, "- url: <{url}>");
    }
    md.push('\n');
    if !d.removed.is_empty() {
        let _ = writeln!(md, "### Removed from the text ({})\n", d.removed.len());
        let _ = writeln!(md, "| span | reason | text |");
        let _ = writeln!(md, "|---|---|---|");
        for r in &d.removed {
            let _ = writeln!(
                md,
                "| {}–{} | {} | {} |",
                r.span.start,
                r.span.end,
                cell(&r.detail),
                cell(&excerpt(&r.text, 90))
            );
        }
        md.push('\n');
    }
    let _ = writeln!(md, "### Claims ({})\n", claims.len());
    for (n, c) in claims.iter().enumerate() {
        let _ = writeln!(
            md,
            "{}. <a id=\"{}\"></a>{} <sub>`{}` {}–{}</sub>",
            n + 1,
            anchor(&c.id),
            inline(&c.text),
            c.id,
            c.span.start,
            c.span.end
        );
        if let Some(a) = &c.attribution {
            let via = if a.via.is_empty() {
                String::new()
            } else {
                format!(" via {}", inline(&a.via.join(" ← ")))
            };
            let stance = serde_json::to_value(a.stance)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let _ = writeln!(md, "   - source: {} ({stance}){via}", inline(&a.source));
        }
        if !c.quantities.is_empty() {
            let figures: Vec<String> = c.quantities.iter().map(figure).collect();
            let _ = writeln!(md, "   - figures: {}", figures.join("; "));
        }
        if !c.times.is_empty() {
            let times: Vec<String> = c
                .times
                .iter()
                .map(|t| format!("“{}” → {}", inline(&t.text), t.value))
                .collect();
            let _ = writeln!(md, "   - times: {}", times.join("; "));
        }
    }
    md.push('\n');
}

/// The HTML anchor of a claim: its id with the colon made a dash.
fn anchor(claim: &str) -> String {
    claim.replace(':', "-")
}

/// A short link to a claim's line in the detail: `[d0fcf00…:c2](#d0fcf005bf352-c2)`.
fn claim_ref(claim: &str) -> String {
    let (doc, ordinal) = claim.split_once(':').unwrap_or((claim, ""));
    let short: String = doc.chars().take(7).collect();
    let ell = if doc.chars().count() > 7 { "…" } else { "" };
    format!("[{short}{ell}:{ordinal}](#{})", anchor(claim))
}

/// References to claims, at most [`MAX_REFS`] of them.
fn refs(claims: &[String]) -> String {
    let mut parts: Vec<String> = claims.iter().take(MAX_REFS).map(|c| claim_ref(c)).collect();
    if claims.len() > MAX_REFS {
        parts.push(format!("+{}", claims.len() - MAX_REFS));
    }
    parts.join(" ")
}

fn status_rank(s: GroupStatus) -> u8 {
    match s {
        GroupStatus::Conflicting => 0,
        GroupStatus::Evolving => 1,
        GroupStatus::Agreed => 2,
        GroupStatus::Single => 3,
    }
}

fn status_word(s: GroupStatus) -> &'static str {
    match s {
        GroupStatus::Agreed => "agreed",
        GroupStatus::Conflicting => "conflicting",
        GroupStatus::Evolving => "evolving",
        GroupStatus::Single => "single source",
    }
}

fn qualifier_word(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "—",
        Qualifier::Approx => "about",
        Qualifier::AtLeast => "at least",
        Qualifier::MoreThan => "more than",
        Qualifier::AtMost => "at most",
        Qualifier::LessThan => "less than",
        Qualifier::Range => "range",
    }
}

/// A quantity as a reader checks it: the words, then the value read with its qualifier
/// and unit.
fn figure(q: &model::Quantity) -> String {
    let qualifier = match q.qualifier {
        Qualifier::Exact => "",
        Qualifier::Approx => "≈ ",
        Qualifier::AtLeast => "≥ ",
        Qualifier::MoreThan => "> ",
        Qualifier::AtMost => "≤ ",
        Qualifier::LessThan => "< ",
        Qualifier::Range => "",
    };
    let value = match q.value_max {
        Some(max) if q.qualifier == Qualifier::Range => {
            format!("{}–{}", number(q.value), number(max))
        }
        _ => number(q.value),
    };
    let unit = q
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    format!(
        "“{}” = {qualifier}{value}{}",
        inline(&q.text),
        inline(&unit)
    )
}

/// A number with thousands separators and no needless decimals.
fn number(v: f64) -> String {
    if !v.is_finite() || v.fract() != 0.0 || v.abs() >= 1e15 {
        return format!("{v}");
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

fn title_cell(d: &Document) -> String {
    match (&d.title, d.title_inferred) {
        (Some(t), false) => t.clone(),
        (Some(t), true) => format!("{t} (no headline; first sentence)"),
        (None, _) => "(untitled)".to_string(),
    }
}

fn published_cell(d: &Document) -> String {
    match (&d.published, &d.published_range) {
        (Some(p), _) if d.published_inferred => format!("{p} (inferred)"),
        (Some(p), _) => p.clone(),
        (None, Some([a, b])) => format!("between {a} and {b} (inferred)"),
        (None, None) => "unknown".to_string(),
    }
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

/// Escapes text for inline Markdown: no line breaks, no HTML, no accidental emphasis.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' | '_' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn excerpt(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{BriefLine, FigureRow, Span};

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(cell("a|b <script>*x*"), "a\\|b &lt;script&gt;\\*x\\*");
        assert_eq!(inline("two\nlines"), "two lines");
    }

    #[test]
    fn empty_report_renders() {
        let md = markdown(&Report::default());
        assert!(md.starts_with("# crosscheck report"));
        assert!(!md.contains("## Claim groups"));
    }

    #[test]
    fn numbers_read_like_news() {
        assert_eq!(number(12000.0), "12,000");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(-3000.0), "-3,000");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(f64::INFINITY), "inf");
    }

    #[test]
    fn excerpts_cut_on_characters() {
        assert_eq!(excerpt("ééééé", 3), "ééé…");
    }

    fn claim(id: &str, text: &str) -> Claim {
        Claim {
            id: id.into(),
            doc: id.split(':').next().unwrap().into(),
            span: Span::new(0, text.len()),
            text: text.into(),
            attribution: None,
            quantities: vec![],
            times: vec![],
            entities: vec![],
        }
    }

    /// A story with a brief line, a disputed figure and a group: every reference in the
    /// brief resolves to an anchor in the detail.
    #[test]
    fn brief_comes_first_and_its_references_resolve() {
        let mut report = Report::default();
        let mut doc = Document::new("d00000000000a", "a.txt", "");
        doc.outlet = Some("The Orb".into());
        report.documents.push(doc);
        report
            .claims
            .push(claim("d00000000000a:c0", "Ships left the harbour."));
        report
            .claims
            .push(claim("d00000000000a:c1", "At least 40 ships waited."));
        report.stories.push(Story {
            id: "s1".into(),
            label: "Harbour closed".into(),
            documents: vec!["d00000000000a".into()],
            reason: "test".into(),
            brief: vec![BriefLine {
                section: BriefSection::Agreed,
                text: "Ships left the harbour".into(),
                claims: vec!["d00000000000a:c0".into()],
            }],
        });
        report.figures.push(Figure {
            story: "s1".into(),
            label: "ships".into(),
            unit: Some("ship".into()),
            rows: vec![FigureRow {
                claim: "d00000000000a:c1".into(),
                doc: "d00000000000a".into(),
                span: Span::new(0, 11),
                value: 40.0,
                value_max: None,
                qualifier: Qualifier::AtLeast,
                scope: Some("merchant".into()),
                source: Some("the port".into()),
                outlet: Some("The Orb".into()),
                date: Some("2025-03-12".into()),
            }],
            status: GroupStatus::Evolving,
            reason: "The values rise.".into(),
        });
        let md = markdown(&report);
        let brief_at = md.find("## Harbour closed (1 documents)").unwrap();
        let docs_at = md.find("## Documents").unwrap();
        assert!(brief_at < docs_at, "{md}");
        assert!(md.contains("**Agreed (independent sources; copies counted once)**"));
        assert!(md.contains("- Ships left the harbour [d000000…:c0](#d00000000000a-c0)"));
        assert!(md.contains("<a id=\"d00000000000a-c0\"></a>Ships left the harbour."));
        assert!(md.contains("| 40 | at least | merchant | the port | 2025-03-12 | The Orb | [d000000…:c1](#d00000000000a-c1) |"), "{md}");
        // Each reference of the brief points at an anchor that exists.
        for (i, _) in md.match_indices("](#") {
            let rest = &md[i + 3..];
            let target = &rest[..rest.find(')').unwrap()];
            assert!(md.contains(&format!("<a id=\"{target}\">")), "{target}");
        }
    }

    #[test]
    fn long_reference_lists_are_cut() {
        let ids: Vec<String> = (0..9).map(|i| format!("d1:c{i}")).collect();
        let r = refs(&ids);
        assert_eq!(r.matches("](#").count(), MAX_REFS);
        assert!(r.ends_with("+3"));
    }
}
