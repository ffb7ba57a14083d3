//! The HTML report: one self-contained page (styles, script and charts inlined, nothing
//! loaded from anywhere) with, per story, the brief, the figures table, the claim groups,
//! a timeline chart and the citation and reuse diagram, then every document with its
//! removed boilerplate greyed out and each claim sentence anchored, so every line that
//! rests on a claim links to the sentence it came from.
//!
//! The page reads with JavaScript off: charts are inline SVG drawn here with a fixed,
//! deterministic layout, and claim highlighting uses the CSS `:target` selector. The small
//! inline script only adds filtering, table sorting and the opening of a collapsed
//! document on navigation. The web UI reuses the pieces: [`html_story`] and
//! [`html_document`] render fragments, and [`HTML_STYLE`] and [`HTML_SCRIPT`] are the
//! assets they need.
//!
//! Like the rest of this crate it formats only: it decides nothing about the story. It
//! also does not embed the decoded input twice: a document is shown once, as its text with
//! marks, collapsed in a `<details>` element so a page of a thousand documents stays
//! usable. Every string from the input is escaped by [`Esc`]; the only link to anywhere
//! outside the page is an article's own `http(s)` address.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::{self, Write as _};

use model::{
    BriefLine, BriefSection, Claim, Document, Entity, Figure, FigureRow, Group, GroupKind,
    GroupStatus, HeaderKind, Link, LinkKind, Qualifier, RemovalReason, Report, Segment, Severity,
    Span, TimelineEntry,
};

/// The stylesheet the page and the fragments need (no `url()`, no fonts, no imports).
pub const HTML_STYLE: &str = include_str!("../assets/report.css");

/// The optional script: filtering, sorting, opening a document on navigation. It makes
/// no requests.
pub const HTML_SCRIPT: &str = include_str!("../assets/report.js");

/// How the HTML is linked and bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlConfig {
    /// Where a document is shown, with `{doc}` standing for its id (`/documents/{doc}`),
    /// for fragments placed on a page without the documents. `None` links within the page.
    pub document_url: Option<String>,
    /// At most this many rows in one timeline chart and nodes in one diagram: a chart
    /// taller than a few screens helps nobody. Everything is still listed under the chart.
    pub max_chart_items: usize,
    /// Show each document's text open rather than collapsed (for a page about one
    /// document; a page of many keeps them collapsed so it stays usable).
    pub open_documents: bool,
}

impl Default for HtmlConfig {
    fn default() -> HtmlConfig {
        HtmlConfig {
            document_url: None,
            max_chart_items: 150,
            open_documents: false,
        }
    }
}

/// Renders the whole report as one self-contained HTML page.
pub fn html_page(report: &Report, config: &HtmlConfig) -> String {
    let ctx = Ctx::new(report, config);
    let scopes = scopes(&ctx);
    let mut o = String::with_capacity(64 * 1024 + report.documents.len() * 8 * 1024);
    let docs = &report.documents;
    let outlets: HashSet<&str> = docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    let title = match report.stories.as_slice() {
        [one] if !one.label.is_empty() => format!("crosscheck: {}", one.label),
        _ => format!("crosscheck report: {} documents", docs.len()),
    };
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    o.push_str("<meta name=\"generator\" content=\"crosscheck\">\n");
    let _ = writeln!(o, "<title>{}</title>", Esc(&title));
    let _ = writeln!(o, "<style>\n{HTML_STYLE}</style>\n</head>\n<body>");
    o.push_str("<header class=\"top\">\n");
    let _ = writeln!(o, "<h1>{}</h1>", Esc(&title));
    let _ = writeln!(
        o,
        "<p class=\"summary\">{} · {} · {} · {} · {} · {}. Report schema {}.</p>",
        plural(docs.len(), "document", "documents"),
        plural(outlets.len(), "outlet named", "outlets named"),
        plural(report.claims.len(), "claim", "claims"),
        plural(report.groups.len(), "claim group", "claim groups"),
        plural(report.links.len(), "link", "links"),
        plural(report.diagnostics.len(), "diagnostic", "diagnostics"),
        Esc(&report.schema_version)
    );
    o.push_str("<nav class=\"toc\" aria-label=\"Contents\"><ol>");
    for s in &scopes {
        let _ = write!(
            o,
            "<li><a href=\"#s-{}\">{}</a></li>",
            Frag(&s.key),
            Esc(&s.heading)
        );
    }
    o.push_str("<li><a href=\"#documents\">Documents</a></li>");
    if !report.entities.is_empty() {
        o.push_str("<li><a href=\"#entities\">Entities</a></li>");
    }
    o.push_str("<li><a href=\"#diagnostics\">Problems met</a></li></ol></nav>\n");
    o.push_str(
        "<div class=\"filter\" id=\"filter-box\" hidden><label>Filter \
         <input type=\"search\" id=\"filter\" placeholder=\"words in claims, groups, figures, documents\" \
         autocomplete=\"off\"></label> <span id=\"filter-count\" class=\"muted\" aria-live=\"polite\"></span></div>\n",
    );
    o.push_str("</header>\n<main>\n");

    // A page of many stories opens the first few (the link stage puts the biggest first)
    // and collapses the others, which a browser then lays out only when opened.
    for (i, s) in scopes.iter().enumerate() {
        scope_section(&ctx, s, i < OPEN_STORIES, &mut o);
    }

    let _ = writeln!(
        o,
        "<section id=\"documents\">\n<h2>Documents ({})</h2>",
        docs.len()
    );
    if docs.is_empty() {
        o.push_str("<p class=\"muted\">No document could be read.</p>\n");
    } else {
        documents_table(&ctx, &mut o);
        for d in docs {
            document_section(&ctx, d, &mut o);
        }
    }
    o.push_str("</section>\n");
    entities_section(&ctx, &mut o);
    diagnostics_section(&ctx, &mut o);
    o.push_str("</main>\n<footer>Written by crosscheck. This page is self-contained: it loads nothing from the network, and it reads with JavaScript off.</footer>\n");
    let _ = writeln!(o, "<script>\n{HTML_SCRIPT}</script>\n</body>\n</html>");
    o
}

/// Renders one story (brief, figures, groups, timeline, citation and reuse diagram) as an
/// HTML fragment, a `<section>` whose claim links follow `config.document_url`. `None`
/// when the report has no story with that id.
pub fn html_story(report: &Report, story: &str, config: &HtmlConfig) -> Option<String> {
    let ctx = Ctx::new(report, config);
    let scope = scopes(&ctx).into_iter().find(|s| s.story == Some(story))?;
    let mut o = String::new();
    scope_section(&ctx, &scope, true, &mut o);
    Some(o)
}

/// Renders one document (metadata, links, and its text with removed parts greyed and each
/// claim sentence anchored as `c-<claim id>`) as an HTML fragment. `None` when the report
/// has no document with that id.
pub fn html_document(report: &Report, doc: &str, config: &HtmlConfig) -> Option<String> {
    let ctx = Ctx::new(report, config);
    let (_, d) = ctx.docs.get(doc)?;
    let mut o = String::new();
    document_section(&ctx, d, &mut o);
    Some(o)
}

/// At most this many claim links after one line of a brief or timeline.
const MAX_REFS: usize = 12;

/// Length of the sentence preview shown when pointing at a claim link.
const TOOLTIP_CHARS: usize = 120;

/// Lookups built once per rendering, so no part of the page searches the whole report.
struct Ctx<'a> {
    report: &'a Report,
    config: &'a HtmlConfig,
    /// Document id to its position in the report (for "doc 3" labels) and itself.
    docs: HashMap<&'a str, (usize, &'a Document)>,
    claims: HashMap<&'a str, &'a Claim>,
    /// Claims of each document, in report order.
    by_doc: HashMap<&'a str, Vec<&'a Claim>>,
    entities: HashMap<&'a str, &'a Entity>,
    /// Links of each document, either end.
    links_of: HashMap<&'a str, Vec<&'a Link>>,
}

impl<'a> Ctx<'a> {
    fn new(report: &'a Report, config: &'a HtmlConfig) -> Ctx<'a> {
        let mut docs = HashMap::with_capacity(report.documents.len());
        for (i, d) in report.documents.iter().enumerate() {
            docs.entry(d.id.as_str()).or_insert((i, d));
        }
        let mut claims = HashMap::with_capacity(report.claims.len());
        let mut by_doc: HashMap<&str, Vec<&Claim>> = HashMap::new();
        for c in &report.claims {
            claims.entry(c.id.as_str()).or_insert(c);
            by_doc.entry(c.doc.as_str()).or_default().push(c);
        }
        let entities = report.entities.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut links_of: HashMap<&str, Vec<&Link>> = HashMap::new();
        for l in &report.links {
            links_of.entry(l.from.as_str()).or_default().push(l);
            if l.to != l.from {
                links_of.entry(l.to.as_str()).or_default().push(l);
            }
        }
        Ctx {
            report,
            config,
            docs,
            claims,
            by_doc,
            entities,
            links_of,
        }
    }

    fn doc(&self, id: &str) -> Option<&'a Document> {
        self.docs.get(id).map(|(_, d)| *d)
    }

    /// A short name for a document: its outlet, else its number in the report.
    fn doc_label(&self, id: &str) -> String {
        match self.docs.get(id) {
            Some((_, d)) if d.outlet.as_deref().is_some_and(|o| !o.trim().is_empty()) => {
                d.outlet.clone().unwrap_or_default()
            }
            Some((i, _)) => format!("doc {}", i + 1),
            None => match self.entities.get(id) {
                Some(e) => e.name.clone(),
                None => id.to_string(),
            },
        }
    }

    fn doc_href(&self, doc: &str) -> String {
        match &self.config.document_url {
            Some(pattern) => pattern.replace("{doc}", &Frag(doc).to_string()),
            None => format!("#d-{}", Frag(doc)),
        }
    }

    fn claim_href(&self, claim: &str) -> String {
        let doc = match self.claims.get(claim) {
            Some(c) => c.doc.as_str(),
            None => claim.split_once(':').map_or(claim, |(d, _)| d),
        };
        match &self.config.document_url {
            Some(pattern) => format!(
                "{}#c-{}",
                pattern.replace("{doc}", &Frag(doc).to_string()),
                Frag(claim)
            ),
            None => format!("#c-{}", Frag(claim)),
        }
    }

    /// Links to the sentences of `claims`, the first [`MAX_REFS`] of them: a line backed
    /// by fifty reports does not need fifty links to be checked, and each claim is also
    /// reachable from its group and its document.
    fn claim_refs(&self, claims: &[String], o: &mut String) {
        for c in claims.iter().take(MAX_REFS) {
            o.push(' ');
            self.claim_ref(c, o);
        }
        if claims.len() > MAX_REFS {
            let _ = write!(
                o,
                " <span class=\"muted\">and {} more</span>",
                claims.len() - MAX_REFS
            );
        }
    }

    /// A small link to the sentence of a claim, labelled by its document. A claim the
    /// report does not hold is shown as text, not as a dead link.
    fn claim_ref(&self, claim: &str, o: &mut String) {
        match self.claims.get(claim) {
            Some(c) => {
                let _ = write!(
                    o,
                    "<a class=\"cref\" href=\"{}\" title=\"{}\">{}</a>",
                    Esc(&self.claim_href(claim)),
                    Esc(&excerpt(&c.text, TOOLTIP_CHARS)),
                    Esc(&self.doc_label(&c.doc))
                );
            }
            None => {
                let _ = write!(
                    o,
                    "<span class=\"cref missing\">claim {} not in report</span>",
                    Esc(claim)
                );
            }
        }
    }
}

/// What one story section shows: a story of the report, or the findings outside every
/// story (all of them when the report has no stories yet).
struct Scope<'a> {
    /// The story id, for a real story.
    story: Option<&'a str>,
    /// Used in element ids: `s-<key>`.
    key: String,
    heading: String,
    reason: Option<&'a str>,
    /// Documents, earliest first.
    docs: Vec<&'a Document>,
    brief: &'a [BriefLine],
    figures: Vec<&'a Figure>,
    groups: Vec<&'a Group>,
    timeline: Vec<&'a TimelineEntry>,
    links: Vec<&'a Link>,
}

/// Splits the report's findings by story, in one pass over each list.
fn scopes<'a>(ctx: &Ctx<'a>) -> Vec<Scope<'a>> {
    let report = ctx.report;
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut scopes: Vec<Scope<'a>> = Vec::new();
    let mut story_of_doc: HashMap<&str, usize> = HashMap::new();
    for s in &report.stories {
        if index.contains_key(s.id.as_str()) {
            continue;
        }
        let n = scopes.len();
        index.insert(s.id.as_str(), n);
        let mut docs: Vec<&Document> = s.documents.iter().filter_map(|d| ctx.doc(d)).collect();
        sort_by_date(&mut docs);
        for d in &docs {
            story_of_doc.entry(d.id.as_str()).or_insert(n);
        }
        scopes.push(Scope {
            story: Some(s.id.as_str()),
            key: s.id.clone(),
            heading: if s.label.trim().is_empty() {
                format!("Story {}", n + 1)
            } else {
                s.label.clone()
            },
            reason: Some(s.reason.as_str()).filter(|r| !r.is_empty()),
            docs,
            brief: &s.brief,
            figures: Vec::new(),
            groups: Vec::new(),
            timeline: Vec::new(),
            links: Vec::new(),
        });
    }
    let mut rest = Scope {
        story: None,
        key: if scopes.is_empty() { "all" } else { "other" }.to_string(),
        heading: if scopes.is_empty() {
            "All documents".to_string()
        } else {
            "Outside any story".to_string()
        },
        reason: None,
        docs: Vec::new(),
        brief: &[],
        figures: Vec::new(),
        groups: Vec::new(),
        timeline: Vec::new(),
        links: Vec::new(),
    };
    for f in &report.figures {
        match index.get(f.story.as_str()) {
            Some(&i) => scopes[i].figures.push(f),
            None => rest.figures.push(f),
        }
    }
    for g in &report.groups {
        match index.get(g.story.as_str()) {
            Some(&i) => scopes[i].groups.push(g),
            None => rest.groups.push(g),
        }
    }
    for t in &report.timeline {
        match index.get(t.story.as_str()) {
            Some(&i) => scopes[i].timeline.push(t),
            None => rest.timeline.push(t),
        }
    }
    for l in &report.links {
        let story = story_of_doc
            .get(l.from.as_str())
            .or_else(|| story_of_doc.get(l.to.as_str()));
        match story {
            Some(&i) => scopes[i].links.push(l),
            None => rest.links.push(l),
        }
    }
    let has_rest = !rest.figures.is_empty()
        || !rest.groups.is_empty()
        || !rest.timeline.is_empty()
        || !rest.links.is_empty();
    if scopes.is_empty() || has_rest {
        rest.docs = report
            .documents
            .iter()
            .filter(|d| !story_of_doc.contains_key(d.id.as_str()))
            .collect();
        sort_by_date(&mut rest.docs);
        scopes.push(rest);
    }
    scopes
}

/// Earliest first; undated documents last; ties by id, so the order is deterministic.
fn sort_by_date(docs: &mut [&Document]) {
    docs.sort_by(|a, b| {
        let (da, db) = (doc_date(a), doc_date(b));
        (da.is_none(), da, &a.id).cmp(&(db.is_none(), db, &b.id))
    });
}

/// The date a document is placed at: its publication date, else the start of its
/// inferred range.
fn doc_date(d: &Document) -> Option<&str> {
    d.published
        .as_deref()
        .or(d.published_range.as_ref().map(|r| r[0].as_str()))
}

/// Stories shown open on a full page; the others start collapsed.
const OPEN_STORIES: usize = 3;

fn scope_section(ctx: &Ctx<'_>, s: &Scope<'_>, open: bool, o: &mut String) {
    let _ = writeln!(
        o,
        "<section class=\"story\" id=\"s-{}\">\n<h2>{}</h2>",
        Esc(&s.key),
        Esc(&s.heading)
    );
    let outlets: HashSet<&str> = s.docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    let dates: Vec<&str> = s.docs.iter().filter_map(|d| doc_date(d)).collect();
    let span = match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) if day_of(a) == day_of(b) => format!(", {}", day_of(a)),
        (Some(a), Some(b)) => format!(", {} to {}", day_of(a), day_of(b)),
        _ => String::new(),
    };
    let _ = writeln!(
        o,
        "<p class=\"story-reason\">{}, {}{}.{}</p>",
        plural(s.docs.len(), "document", "documents"),
        plural(outlets.len(), "outlet named", "outlets named"),
        Esc(&span),
        match s.reason {
            Some(r) => format!(" {}", Esc(r)),
            None => String::new(),
        }
    );
    let _ = writeln!(
        o,
        "<details class=\"story-body\"{}>\n<summary>Brief, figures, claim groups, timeline and links</summary>",
        if open { " open" } else { "" }
    );
    brief(ctx, s, o);
    figures(ctx, s, o);
    groups(ctx, s, o);
    timeline(ctx, s, o);
    graph(ctx, s, o);
    o.push_str("</details>\n</section>\n");
}

fn brief(ctx: &Ctx<'_>, s: &Scope<'_>, o: &mut String) {
    if s.brief.is_empty() {
        return;
    }
    let mut sections: BTreeMap<BriefSection, Vec<&BriefLine>> = BTreeMap::new();
    for line in s.brief {
        sections.entry(line.section).or_default().push(line);
    }
    let _ = writeln!(
        o,
        "<div class=\"brief\" id=\"brief-{}\">\n<h3>Brief</h3>",
        Esc(&s.key)
    );
    for (section, lines) in sections {
        let _ = writeln!(o, "<h4>{}</h4>\n<ul>", brief_heading(section));
        for line in lines {
            let _ = write!(o, "<li class=\"filterable\">{}", Esc(&line.text));
            ctx.claim_refs(&line.claims, o);
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</div>\n");
}

fn brief_heading(section: BriefSection) -> &'static str {
    match section {
        BriefSection::Agreed => "Agreed",
        BriefSection::Disputed => "Disputed",
        BriefSection::Changed => "Changed over time",
        BriefSection::Single => "Single source",
        BriefSection::First => "Who reported first",
        BriefSection::Copied => "Who copied whom",
        BriefSection::Timeline => "Timeline",
    }
}

fn figures(ctx: &Ctx<'_>, s: &Scope<'_>, o: &mut String) {
    let _ = writeln!(o, "<h3 id=\"figures-{}\">Figures</h3>", Esc(&s.key));
    if s.figures.is_empty() {
        o.push_str("<p class=\"muted\">No figures found.</p>\n");
        return;
    }
    // Disputed figures first; one-value figures go together in one collapsed table, since
    // a story has many of them and they are not in dispute.
    let (mut several, single): (Vec<&Figure>, Vec<&Figure>) = s
        .figures
        .iter()
        .partition(|f| f.rows.len() > 1 || f.status != GroupStatus::Single);
    several.sort_by_key(|f| status_rank(f.status));
    let (shown, rest) = split_shown(several, |f| status_rank(f.status) < 2);
    for f in shown {
        figure_table(ctx, f, o);
    }
    if !rest.is_empty() {
        more_open(
            o,
            &plural(
                rest.len(),
                "more figure with several values",
                "more figures with several values",
            ),
        );
        for f in rest {
            figure_table(ctx, f, o);
        }
        o.push_str("</details>\n");
    }
    if single.is_empty() {
        return;
    }
    let rows: usize = single.iter().map(|f| f.rows.len()).sum();
    let _ = writeln!(
        o,
        "<details class=\"more single-figures\">\n<summary>{} from one source only</summary>",
        plural(rows, "figure", "figures")
    );
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable figures single\">\n<thead><tr><th>What</th><th>Value</th><th>Qualifier</th><th>Scope</th><th>Source</th><th>Outlet</th><th>As of</th></tr></thead>\n<tbody>\n");
    for f in single {
        for r in &f.rows {
            let _ = write!(
                o,
                "<tr class=\"filterable\" title=\"{}\"><td>{}</td>",
                Esc(&f.reason),
                Esc(&figure_name(f))
            );
            row_cells(ctx, r, o);
            o.push_str("</tr>\n");
        }
    }
    o.push_str("</tbody></table></div>\n</details>\n");
}

fn figure_name(f: &Figure) -> String {
    match &f.unit {
        Some(u) if !u.is_empty() && *u != f.label => format!("{} ({u})", f.label),
        _ => f.label.clone(),
    }
}

/// One figure with several values: its status and reason, then a row per value; in a
/// conflicting figure each row says, in words, which values it conflicts with.
fn figure_table(ctx: &Ctx<'_>, f: &Figure, o: &mut String) {
    let _ = writeln!(
        o,
        "<div class=\"figure {}\">\n<h4>{} {}</h4>\n<p class=\"reason\">{}</p>",
        status_word(f.status),
        Esc(&figure_name(f)),
        status_badge(f.status),
        Esc(&f.reason)
    );
    let mut seen = HashSet::new();
    let distinct: Vec<String> = f
        .rows
        .iter()
        .map(row_value)
        .filter(|v| seen.insert(v.clone()))
        .collect();
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable figures\">\n<thead><tr><th>Value</th><th>Qualifier</th><th>Scope</th><th>Source</th><th>Outlet</th><th>As of</th><th>Note</th></tr></thead>\n<tbody>\n");
    let conflict = f.status == GroupStatus::Conflicting && distinct.len() > 1;
    for r in &f.rows {
        let _ = write!(
            o,
            "<tr class=\"filterable{}\">",
            if conflict { " conflict" } else { "" }
        );
        row_cells(ctx, r, o);
        if conflict {
            let value = row_value(r);
            let others: Vec<&str> = distinct
                .iter()
                .filter(|v| **v != value)
                .map(String::as_str)
                .take(4)
                .collect();
            let more = distinct.len() - 1 - others.len();
            let _ = writeln!(
                o,
                "<td class=\"note-conflict\">conflicts with {}{}</td></tr>",
                Esc(&others.join("; ")),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        } else {
            let _ = writeln!(o, "<td>{}</td></tr>", status_word(f.status));
        }
    }
    o.push_str("</tbody></table></div>\n</div>\n");
}

/// The cells every figure row has: the value (linking to its sentence), qualifier, scope,
/// source, outlet and date.
fn row_cells(ctx: &Ctx<'_>, r: &FigureRow, o: &mut String) {
    let _ = write!(
        o,
        "<td class=\"num\" data-sort=\"{}\"><a href=\"{}\" title=\"{}\">{}</a></td>",
        finite(r.value),
        Esc(&ctx.claim_href(&r.claim)),
        Esc(&ctx
            .claims
            .get(r.claim.as_str())
            .map(|c| excerpt(&c.text, TOOLTIP_CHARS))
            .unwrap_or_default()),
        Esc(&row_value(r))
    );
    let _ = write!(
        o,
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"date\" data-sort=\"{}\">{}</td>",
        qualifier_word(r.qualifier),
        Esc(r.scope.as_deref().unwrap_or("")),
        Esc(r.source.as_deref().unwrap_or("unattributed")),
        Esc(&r.outlet.clone().unwrap_or_else(|| ctx.doc_label(&r.doc))),
        Esc(r.date.as_deref().unwrap_or("")),
        Esc(r.date.as_deref().unwrap_or("undated"))
    );
}

/// Orders statuses by how much a reader needs to look: disputes first.
fn status_rank(s: GroupStatus) -> u8 {
    match s {
        GroupStatus::Conflicting => 0,
        GroupStatus::Evolving => 1,
        GroupStatus::Agreed => 2,
        GroupStatus::Single => 3,
    }
}

/// A figure row's value as a reader compares it: qualifier sign, number or range.
fn row_value(r: &FigureRow) -> String {
    value_text(r.value, r.value_max, r.qualifier)
}

fn groups(ctx: &Ctx<'_>, s: &Scope<'_>, o: &mut String) {
    let _ = writeln!(o, "<h3 id=\"groups-{}\">Claim groups</h3>", Esc(&s.key));
    if s.groups.is_empty() {
        o.push_str("<p class=\"muted\">No claim groups found.</p>\n");
        return;
    }
    let mut ordered: Vec<&Group> = s.groups.clone();
    ordered.sort_by_key(|g| status_rank(g.status));
    let (shown, rest) = split_shown(ordered, |g| status_rank(g.status) < 2);
    for g in &shown {
        group(ctx, g, o);
    }
    if !rest.is_empty() {
        more_open(o, &plural(rest.len(), "more group", "more groups"));
        for g in &rest {
            group(ctx, g, o);
        }
        o.push_str("</details>\n");
    }
}

fn group(ctx: &Ctx<'_>, g: &Group, o: &mut String) {
    let _ = writeln!(
        o,
        "<article class=\"group filterable {}\" id=\"g-{}\">\n<h4>{} {} <span class=\"tag\">{}</span></h4>\n<p class=\"reason\">{}</p>\n<ol class=\"members\">",
        status_word(g.status),
        Esc(&g.id),
        Esc(&g.label),
        status_badge(g.status),
        kind_word(g.kind),
        Esc(&g.reason)
    );
    let adds_nothing: HashSet<&str> = g.adds_nothing.iter().map(String::as_str).collect();
    for id in &g.claims {
        o.push_str("<li>");
        match ctx.claims.get(id.as_str()) {
            Some(c) => {
                let _ = write!(
                    o,
                    "<a class=\"sentence\" href=\"{}\">{}</a> <span class=\"muted\">— {}",
                    Esc(&ctx.claim_href(id)),
                    Esc(&c.text),
                    Esc(&ctx.doc_label(&c.doc))
                );
                if let Some(date) = ctx.doc(&c.doc).and_then(doc_date) {
                    let _ = write!(o, ", {}", Esc(day_of(date)));
                }
                if let Some(a) = &c.attribution {
                    let _ = write!(o, "; source: {}", Esc(&a.source));
                }
                o.push_str("</span>");
            }
            None => {
                let _ = write!(o, "claim {} not in report", Esc(id));
            }
        }
        if g.first.as_deref() == Some(id.as_str()) {
            o.push_str(" <span class=\"tag\">first report</span>");
        }
        if adds_nothing.contains(id.as_str()) {
            o.push_str(" <span class=\"tag\">adds nothing new</span>");
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n</article>\n");
}

/// Up to this many items of a list are shown open; past it, only the disputed ones (up to
/// [`SHOWN_DISPUTED`]) stay open and the rest are collapsed. A browser lays out a closed
/// `<details>` lazily, so a story with thousands of groups still opens quickly.
const OPEN_LIMIT: usize = 40;
const SHOWN_DISPUTED: usize = 100;

/// Splits items, already in the order to show, into those shown open and those collapsed.
fn split_shown<T>(items: Vec<T>, disputed: impl Fn(&T) -> bool) -> (Vec<T>, Vec<T>) {
    if items.len() <= OPEN_LIMIT {
        return (items, Vec::new());
    }
    let mut shown = Vec::new();
    let mut rest = Vec::new();
    for item in items {
        if shown.len() < SHOWN_DISPUTED && disputed(&item) {
            shown.push(item);
        } else {
            rest.push(item);
        }
    }
    (shown, rest)
}

/// Opens a collapsed part of a section; the filter script opens it when it holds a match.
fn more_open(o: &mut String, summary: &str) {
    let _ = writeln!(
        o,
        "<details class=\"more\">\n<summary>{}</summary>",
        Esc(summary)
    );
}

fn timeline(ctx: &Ctx<'_>, s: &Scope<'_>, o: &mut String) {
    let _ = writeln!(o, "<h3 id=\"timeline-{}\">Timeline</h3>", Esc(&s.key));
    if s.timeline.is_empty() {
        o.push_str("<p class=\"muted\">No dated events found.</p>\n");
        return;
    }
    timeline_svg(ctx, s, o);
    let collapsed = s.timeline.len() > OPEN_LIMIT;
    if collapsed {
        more_open(o, &format!("All {} entries, in order", s.timeline.len()));
    }
    o.push_str("<ol class=\"timeline-list\">\n");
    for t in &s.timeline {
        let _ = write!(
            o,
            "<li class=\"filterable\"><time>{}</time>{}",
            Esc(&t.date),
            Esc(&t.label)
        );
        if !t.sources.is_empty() {
            let _ = write!(
                o,
                " <span class=\"muted\">— {}</span>",
                Esc(&t.sources.join(", "))
            );
        }
        ctx.claim_refs(&t.claims, o);
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n");
    if collapsed {
        o.push_str("</details>\n");
    }
}

/// Width of every chart's coordinate system; CSS scales it to the page.
const CHART_W: f64 = 720.0;
/// Approximate width of a character of 12px sans-serif text, to fit labels.
const CHAR_W: f64 = 6.4;

/// Draws dated entries on a time axis: a day as a dot, a longer period as a bar, each
/// with its label beside it, one row per entry in the order given.
fn timeline_svg(ctx: &Ctx<'_>, s: &Scope<'_>, o: &mut String) {
    let dated: Vec<(&TimelineEntry, (i64, i64))> = s
        .timeline
        .iter()
        .filter_map(|t| date_range(&t.date).map(|r| (*t, r)))
        .take(ctx.config.max_chart_items)
        .collect();
    if dated.is_empty() {
        o.push_str(
            "<p class=\"muted\">No entry has a date that can be placed on a time axis.</p>\n",
        );
        return;
    }
    let ranges: Vec<(i64, i64)> = dated.iter().map(|(_, r)| *r).collect();
    let (left, right) = (14.0, CHART_W - 14.0);
    let scale = TimeScale::new(&ranges, left, right);
    let (lo, hi) = (scale.lo(), scale.hi());
    let x = |day: i64| scale.x(day);
    let row_h = 22.0;
    let top = 40.0;
    let height = top + dated.len() as f64 * row_h + 8.0;
    let cuts = scale.cuts().count();
    let _ = writeln!(
        o,
        "<div class=\"chart\"><svg viewBox=\"0 0 {CHART_W} {height}\" role=\"img\" aria-labelledby=\"tl-{key}\"><title id=\"tl-{key}\">Timeline: {} dated entries from {} to {}{}</title>",
        dated.len(),
        civil_label(lo, true),
        civil_label(hi - 1, true),
        if cuts > 0 {
            "; long stretches without events are cut short"
        } else {
            ""
        },
        key = Esc(&s.key),
    );
    // Tick labels that would overlap the previous one are left out.
    let mut last_end = f64::MIN;
    for (a, b) in scale.pieces() {
        for (day, label) in ticks(a, b) {
            let tx = x(day);
            let width = label.chars().count() as f64 * CHAR_W * 0.92;
            let (lx, anchor) = if tx - width / 2.0 < 0.0 {
                (tx, "start")
            } else if tx + width / 2.0 > CHART_W {
                (tx, "end")
            } else {
                (tx, "middle")
            };
            let start = match anchor {
                "start" => lx,
                "end" => lx - width,
                _ => lx - width / 2.0,
            };
            let _ = write!(
                o,
                "<line class=\"grid\" x1=\"{tx:.1}\" y1=\"24\" x2=\"{tx:.1}\" y2=\"{:.1}\"/>",
                height - 4.0
            );
            if start >= last_end + 8.0 {
                let _ = write!(
                    o,
                    "<text class=\"tick\" x=\"{lx:.1}\" y=\"16\" text-anchor=\"{anchor}\">{}</text>",
                    Esc(&label)
                );
                last_end = start + width;
            }
            o.push('\n');
        }
    }
    for (a, b) in scale.cuts() {
        let (x0, x1) = (x(a), x(b));
        let mid = (x0 + x1) / 2.0;
        let _ = writeln!(
            o,
            "<g><title>{} cut short: no events of less than a month</title><line class=\"gap\" x1=\"{mid:.1}\" y1=\"24\" x2=\"{mid:.1}\" y2=\"{:.1}\"/><path class=\"break\" d=\"M{:.1} 29 l4 -10 M{:.1} 29 l4 -10\"/></g>",
            plural((b - a) as usize, "day", "days"),
            height - 4.0,
            mid - 4.0,
            mid,
        );
    }
    for (a, b) in scale.pieces() {
        let _ = writeln!(
            o,
            "<line class=\"axis\" x1=\"{:.1}\" y1=\"24\" x2=\"{:.1}\" y2=\"24\"/>",
            x(a),
            x(b)
        );
    }
    for (i, (t, (a, b))) in dated.iter().enumerate() {
        let y = top + i as f64 * row_h + row_h / 2.0;
        let (x0, x1) = (x(*a), x(*b));
        let href = t.claims.first().map(|c| ctx.claim_href(c));
        if let Some(h) = &href {
            let _ = write!(o, "<a href=\"{}\">", Esc(h));
        }
        let _ = write!(
            o,
            "<g><title>{}: {}{}</title>",
            Esc(&t.date),
            Esc(&t.label),
            Esc(&if t.sources.is_empty() {
                String::new()
            } else {
                format!(" ({})", t.sources.join(", "))
            })
        );
        let (mx0, mx1) = if b - a <= 1 {
            let cx = (x0 + x1) / 2.0;
            let _ = write!(
                o,
                "<circle class=\"day\" cx=\"{cx:.1}\" cy=\"{y:.1}\" r=\"5\"/>"
            );
            (cx - 5.0, cx + 5.0)
        } else {
            let _ = write!(
                o,
                "<rect class=\"span\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"3\"/>",
                y - 5.0,
                (x1 - x0).max(6.0)
            );
            (x0, x1)
        };
        let room_right = right - (mx1 + 6.0);
        let room_left = mx0 - 6.0 - left;
        // Beside the marker where the whole label fits (right first), else over a long
        // bar (drawn translucent for this), else on the roomier side.
        let text = format!("{}: {}", short_date(&t.date), t.label);
        let needed = text.chars().count() as f64 * CHAR_W;
        let (tx, anchor, room) = if room_right >= needed {
            (mx1 + 6.0, "start", room_right)
        } else if room_left >= needed {
            (mx0 - 6.0, "end", room_left)
        } else if b - a > 1 && right - mx0 - 4.0 > room_left.max(room_right) {
            (mx0 + 4.0, "start", right - mx0 - 4.0)
        } else if room_right >= room_left {
            (mx1 + 6.0, "start", room_right)
        } else {
            (mx0 - 6.0, "end", room_left)
        };
        let label = fit(&text, room);
        let _ = write!(
            o,
            "<text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></g>",
            y + 4.0,
            Esc(&label)
        );
        if href.is_some() {
            o.push_str("</a>");
        }
        o.push('\n');
    }
    o.push_str("</svg></div>\n");
    if cuts > 0 {
        o.push_str("<p class=\"muted\">The time axis is cut (marked with a double slash) where a month or more passed without an event dated to the day or week.</p>\n");
    }
    let left_out = s.timeline.len() - dated.len();
    if left_out > 0 {
        let _ = writeln!(
            o,
            "<p class=\"muted\">{} not drawn (no placeable date, or past the chart's limit of {} rows); all are listed below.</p>",
            plural(left_out, "entry", "entries"),
            ctx.config.max_chart_items
        );
    }
}

/// A time axis over days, linear except across long stretches no entry covers, which are
/// cut to a short width: news timelines often put one background event years before a
/// week of dense reporting, and a linear axis would crush that week into a few pixels.
struct TimeScale {
    /// Day ranges `[a, b)` in order, with whether each is cut, and the axis units before
    /// it.
    pieces: Vec<(i64, i64, bool, f64)>,
    /// Axis units of the whole range.
    units: f64,
    left: f64,
    right: f64,
}

impl TimeScale {
    /// Shortest stretch without events that may be cut, in days.
    const MIN_CUT: i64 = 30;
    /// Entries this long or longer, in days, are background (a month, a year).
    const COARSE: i64 = 28;

    fn new(ranges: &[(i64, i64)], left: f64, right: f64) -> TimeScale {
        let mut lo = ranges.iter().map(|r| r.0).min().unwrap_or(0);
        let mut hi = ranges.iter().map(|r| r.1).max().unwrap_or(lo + 1);
        // A run of a day or two is padded so a dot does not sit on the frame.
        if hi - lo < 3 {
            lo -= 1;
            hi += 1;
        }
        // The stretches no entry covers, from the union of the ranges. Entries of a month
        // or more ("in 2019", "last spring") are background: a stretch they alone cover
        // may be cut too, and their bar is drawn across the cut. When every entry is that
        // coarse, all of them count.
        let mut basis: Vec<(i64, i64)> = ranges
            .iter()
            .copied()
            .filter(|(a, b)| b - a < Self::COARSE)
            .collect();
        if basis.is_empty() {
            basis = ranges.to_vec();
        }
        basis.sort_unstable();
        let mut gaps: Vec<(i64, i64)> = Vec::new();
        let mut covered_to = lo;
        for (a, b) in basis {
            if a > covered_to {
                gaps.push((covered_to, a));
            }
            covered_to = covered_to.max(b);
        }
        if hi > covered_to {
            gaps.push((covered_to, hi));
        }
        // Cut the longest gaps while each is longer than a month and than half of what
        // would remain of the axis.
        let mut by_length: Vec<(i64, i64)> = gaps.clone();
        by_length.sort_unstable_by_key(|(a, b)| (std::cmp::Reverse(b - a), *a));
        let mut cut_total = 0;
        let mut cut: Vec<(i64, i64)> = Vec::new();
        for (a, b) in by_length {
            let rest = (hi - lo) - cut_total - (b - a);
            if b - a >= Self::MIN_CUT && (b - a) > rest / 2 {
                cut_total += b - a;
                cut.push((a, b));
            } else {
                break;
            }
        }
        cut.sort_unstable();
        let kept = (hi - lo - cut_total).max(1) as f64;
        let cut_units = (kept * 0.06).max(1.0);
        let mut pieces = Vec::with_capacity(cut.len() * 2 + 1);
        let mut units = 0.0;
        let mut at = lo;
        for (a, b) in cut {
            if a > at {
                pieces.push((at, a, false, units));
                units += (a - at) as f64;
            }
            pieces.push((a, b, true, units));
            units += cut_units;
            at = b;
        }
        if hi > at {
            pieces.push((at, hi, false, units));
            units += (hi - at) as f64;
        }
        TimeScale {
            pieces,
            units: units.max(1.0),
            left,
            right,
        }
    }

    fn lo(&self) -> i64 {
        self.pieces.first().map_or(0, |p| p.0)
    }

    fn hi(&self) -> i64 {
        self.pieces.last().map_or(1, |p| p.1)
    }

    /// The horizontal position of the start of `day`.
    fn x(&self, day: i64) -> f64 {
        let i = self.pieces.partition_point(|p| p.0 <= day);
        let units = match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            None => 0.0,
            Some(&(a, b, is_cut, before)) => {
                let len = if is_cut {
                    self.pieces.get(i).map_or(self.units, |next| next.3) - before
                } else {
                    (b - a) as f64
                };
                before + len * ((day - a) as f64 / (b - a).max(1) as f64).min(1.0)
            }
        };
        self.left + units / self.units * (self.right - self.left)
    }

    /// The day ranges drawn to scale.
    fn pieces(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.pieces.iter().filter(|p| !p.2).map(|p| (p.0, p.1))
    }

    /// The day ranges cut short.
    fn cuts(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.pieces.iter().filter(|p| p.2).map(|p| (p.0, p.1))
    }
}

/// Axis ticks for the days `[lo, hi)`: about eight, on days, months or years by span.
fn ticks(lo: i64, hi: i64) -> Vec<(i64, String)> {
    let span = hi - lo;
    let mut out = Vec::new();
    if span <= 62 {
        let step = ((span + 7) / 8).max(1);
        let mut day = lo;
        let mut last_year = None;
        while day < hi {
            let (y, _, _) = civil_from_days(day);
            out.push((day, civil_label(day, last_year != Some(y))));
            last_year = Some(y);
            day += step;
        }
    } else {
        let (y0, m0, _) = civil_from_days(lo);
        let (y1, m1, _) = civil_from_days(hi);
        let months = (y1 - y0) * 12 + (m1 as i64 - m0 as i64) + 1;
        let yearly = months > 96;
        let step = if yearly {
            ((months / 12 + 7) / 8).max(1) * 12
        } else {
            ((months + 7) / 8).max(1)
        };
        // Months counted from year 0, so a step lands on the same months every time.
        let mut m = y0 * 12 + m0 as i64 - 1;
        if yearly {
            m = (m / 12 + 1) * 12;
        } else {
            m += 1;
        }
        let mut last_year = None;
        while out.len() < 24 {
            let (y, mo) = (m.div_euclid(12), (m.rem_euclid(12) + 1) as u32);
            let day = days_from_civil(y, mo, 1);
            if day >= hi {
                break;
            }
            if day >= lo {
                let label = if yearly {
                    y.to_string()
                } else if last_year != Some(y) {
                    format!("{} {y}", MONTHS[mo as usize - 1])
                } else {
                    MONTHS[mo as usize - 1].to_string()
                };
                last_year = Some(y);
                out.push((day, label));
            }
            m += step;
        }
    }
    out
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn civil_label(day: i64, with_year: bool) -> String {
    let (y, m, d) = civil_from_days(day);
    let month = MONTHS[(m as usize).clamp(1, 12) - 1];
    if with_year {
        format!("{month} {d}, {y}")
    } else {
        format!("{month} {d}")
    }
}

/// A timeline date shortened for a chart label: `Oct 27` for a day, the value itself
/// otherwise.
fn short_date(value: &str) -> String {
    let Some((a, b)) = date_range(value) else {
        return value.to_string();
    };
    let date = value.split('T').next().unwrap_or(value);
    if b - a == 1 {
        civil_label(a, false)
    } else if value.contains('/') {
        format!("{}–{}", civil_label(a, false), civil_label(b - 1, false))
    } else if date.contains('W') {
        format!("week of {}", civil_label(a, false))
    } else if date.len() == 7 && !date.contains('Q') {
        let (y, m, _) = civil_from_days(a);
        format!("{} {y}", MONTHS[(m as usize).clamp(1, 12) - 1])
    } else {
        value.to_string()
    }
}

/// Draws the documents of a scope as nodes ordered by date, one per row, labelled by
/// outlet, and each link as an arc from the linking document to the linked one (cites
/// dashed, reuses solid, duplicates dotted), with sources outside the corpus on top.
fn graph(ctx: &Ctx<'_>, s: &Scope<'_>, o: &mut String) {
    let _ = writeln!(
        o,
        "<h3 id=\"links-{}\">Who cites and copies whom</h3>",
        Esc(&s.key)
    );
    if s.links.is_empty() {
        o.push_str("<p class=\"muted\">No citations, reuse or duplicates found between these documents.</p>\n");
        return;
    }
    // Nodes: cited sources outside the corpus first (they precede what cites them), then
    // the documents by date.
    let mut seen = HashSet::new();
    let mut external: Vec<&str> = Vec::new();
    for l in &s.links {
        for end in [l.from.as_str(), l.to.as_str()] {
            if ctx.doc(end).is_none() && seen.insert(end) {
                external.push(end);
            }
        }
    }
    external.sort_by_cached_key(|e| (ctx.doc_label(e), e.to_string()));
    let limit = ctx.config.max_chart_items;
    let mut nodes: Vec<&str> = external.iter().copied().take(limit).collect();
    let room = limit.saturating_sub(nodes.len());
    nodes.extend(s.docs.iter().map(|d| d.id.as_str()).take(room));
    let row: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();

    let node_x = 300.0;
    let r = 6.0;
    let row_h = 26.0;
    let top = 44.0;
    let height = top + nodes.len() as f64 * row_h;
    let y = |i: usize| top + i as f64 * row_h + row_h / 2.0;
    let _ = writeln!(
        o,
        "<div class=\"chart\"><svg viewBox=\"0 0 {CHART_W} {height}\" role=\"img\" aria-labelledby=\"gr-{key}\"><title id=\"gr-{key}\">Citation and reuse diagram: {} between {}</title>",
        plural(s.links.len(), "link", "links"),
        plural(nodes.len(), "source", "sources"),
        key = Esc(&s.key),
    );
    // The legend says in words what each line style means, so colour is not needed.
    for (i, kind) in [LinkKind::Cites, LinkKind::Reuses, LinkKind::Duplicates]
        .into_iter()
        .enumerate()
    {
        let lx = 14.0 + i as f64 * 170.0;
        let name = link_word(kind);
        let _ = writeln!(
            o,
            "<path class=\"edge {name}\" d=\"M{lx} 16 H{:.1}\"/><polygon class=\"head {name}\" points=\"{:.1},16 {:.1},12 {:.1},20\"/><text x=\"{:.1}\" y=\"20\">A {name} B</text>",
            lx + 30.0,
            lx + 38.0,
            lx + 30.0,
            lx + 30.0,
            lx + 44.0
        );
    }
    // Parallel links between the same pair are spread apart by their kind.
    for l in &s.links {
        let (Some(&a), Some(&b)) = (row.get(l.from.as_str()), row.get(l.to.as_str())) else {
            continue;
        };
        if a == b {
            continue;
        }
        let (y1, y2) = (y(a), y(b));
        let offset = match l.kind {
            LinkKind::Cites => 0.0,
            LinkKind::Reuses => 8.0,
            LinkKind::Duplicates => 16.0,
        };
        let bulge = (24.0 + (y2 - y1).abs() * 0.45 + offset).min(node_x - 16.0);
        let cx = node_x - bulge;
        let end = node_x - r - 8.0;
        let name = link_word(l.kind);
        let score = l
            .score
            .map(|s| format!(", score {s:.2}"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "<g><title>{} {name} {}{}: {}</title><path class=\"edge {name}\" d=\"M{:.1} {y1:.1} C{cx:.1} {y1:.1} {cx:.1} {y2:.1} {end:.1} {y2:.1}\"/><polygon class=\"head {name}\" points=\"{:.1},{y2:.1} {end:.1},{:.1} {end:.1},{:.1}\"/></g>",
            Esc(&ctx.doc_label(&l.from)),
            Esc(&ctx.doc_label(&l.to)),
            Esc(&score),
            Esc(&l.evidence),
            node_x - r,
            node_x - r,
            y2 - 4.0,
            y2 + 4.0
        );
    }
    for (i, n) in nodes.iter().enumerate() {
        let cy = y(i);
        let doc = ctx.doc(n);
        let label = match doc {
            Some(d) => {
                let date = doc_date(d).map(day_of).unwrap_or("undated");
                let title = d.title.as_deref().unwrap_or("");
                format!("{} · {date} · {title}", ctx.doc_label(n))
            }
            None => format!("{} (cited, not in the corpus)", ctx.doc_label(n)),
        };
        let label = fit(&label, CHART_W - node_x - 16.0);
        if doc.is_some() {
            let _ = write!(o, "<a href=\"{}\">", Esc(&ctx.doc_href(n)));
        }
        let _ = write!(
            o,
            "<circle class=\"node{}\" cx=\"{node_x}\" cy=\"{cy:.1}\" r=\"{r}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            if doc.is_none() { " external" } else { "" },
            node_x + 12.0,
            cy + 4.0,
            Esc(&label)
        );
        if doc.is_some() {
            o.push_str("</a>");
        }
        o.push('\n');
    }
    o.push_str("</svg></div>\n");
    if s.docs.len() + external.len() > nodes.len() {
        let _ = writeln!(
            o,
            "<p class=\"muted\">The diagram shows the first {} sources; every link is in the table.</p>",
            nodes.len()
        );
    }
    if s.links.len() > OPEN_LIMIT {
        more_open(
            o,
            &format!("All {} links, with their evidence", s.links.len()),
        );
        links_table(ctx, &s.links, o);
        o.push_str("</details>\n");
    } else {
        links_table(ctx, &s.links, o);
    }
}

fn links_table(ctx: &Ctx<'_>, links: &[&Link], o: &mut String) {
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable links\">\n<thead><tr><th>From</th><th>Relation</th><th>To</th><th>Score</th><th>Evidence</th></tr></thead>\n<tbody>\n");
    for l in links {
        o.push_str("<tr class=\"filterable\"><td>");
        end_cell(ctx, &l.from, o);
        let _ = write!(o, "</td><td>{}</td><td>", link_word(l.kind));
        end_cell(ctx, &l.to, o);
        let _ = write!(
            o,
            "</td><td class=\"num\">{}</td><td>{}",
            l.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            Esc(&l.evidence)
        );
        passages(ctx, l, o);
        o.push_str("</td></tr>\n");
    }
    o.push_str("</tbody></table></div>\n");
}

fn end_cell(ctx: &Ctx<'_>, id: &str, o: &mut String) {
    if ctx.doc(id).is_some() {
        let _ = write!(
            o,
            "<a href=\"{}\">{}</a>",
            Esc(&ctx.doc_href(id)),
            Esc(&ctx.doc_label(id))
        );
    } else {
        let _ = write!(o, "{}", Esc(&ctx.doc_label(id)));
    }
}

/// The aligned passages of a link as short quotes from the linking document, so the
/// evidence for "reuses" can be read, not only scored.
fn passages(ctx: &Ctx<'_>, l: &Link, o: &mut String) {
    let Some(from) = ctx.doc(&l.from) else {
        return;
    };
    let quotes: Vec<&str> = l
        .passages
        .iter()
        .filter_map(|p| p.from.slice(&from.body))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if quotes.is_empty() {
        return;
    }
    o.push_str("<ul class=\"passages\">");
    for q in quotes.iter().take(3) {
        let _ = write!(o, "<li>“{}”</li>", Esc(&excerpt(q, 240)));
    }
    if quotes.len() > 3 {
        let _ = write!(
            o,
            "<li class=\"muted\">and {} more</li>",
            plural(quotes.len() - 3, "passage", "passages")
        );
    }
    o.push_str("</ul>");
}

fn documents_table(ctx: &Ctx<'_>, o: &mut String) {
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable documents\">\n<thead><tr><th>#</th><th>Published</th><th>Outlet</th><th>Title</th><th>Claims</th></tr></thead>\n<tbody>\n");
    for (i, d) in ctx.report.documents.iter().enumerate() {
        let claims = ctx.by_doc.get(d.id.as_str()).map_or(0, Vec::len);
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{}</td><td data-sort=\"{}\">{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td class=\"num\">{claims}</td></tr>",
            i + 1,
            Esc(doc_date(d).unwrap_or("")),
            Esc(&published_text(d)),
            Esc(d.outlet.as_deref().unwrap_or("—")),
            Esc(&ctx.doc_href(&d.id)),
            Esc(&title_text(d))
        );
    }
    o.push_str("</tbody></table></div>\n");
}

fn document_section(ctx: &Ctx<'_>, d: &Document, o: &mut String) {
    let claims: &[&Claim] = ctx.by_doc.get(d.id.as_str()).map_or(&[], Vec::as_slice);
    let _ = writeln!(
        o,
        "<section class=\"doc filterable\" id=\"d-{}\">\n<h3>{}</h3>\n<dl class=\"meta\">",
        Esc(&d.id),
        Esc(&title_text(d))
    );
    let mut field = |name: &str, value: &str| {
        let _ = writeln!(o, "<dt>{name}</dt><dd>{}</dd>", Esc(value));
    };
    if let Some(outlet) = &d.outlet {
        field("Outlet", outlet);
    }
    if !d.authors.is_empty() {
        field("Authors", &d.authors.join(", "));
    }
    field("Published", &published_text(d));
    if let Some(m) = &d.modified {
        field("Modified", m);
    }
    if let Some(place) = &d.dateline {
        field("Dateline", place);
    }
    if let Some(url) = &d.url {
        // Only a web address becomes a link: a `javascript:` or `data:` URL from the input
        // must never be clickable.
        let lower = url.trim_start().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            let _ = writeln!(
                o,
                "<dt>URL</dt><dd><a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a></dd>",
                Esc(url.trim()),
                Esc(url)
            );
        } else {
            let _ = writeln!(o, "<dt>URL</dt><dd>{}</dd>", Esc(url));
        }
    }
    let _ = writeln!(
        o,
        "<dt>Source</dt><dd><code>{}</code> ({}, {})</dd>\n<dt>Id</dt><dd><code>{}</code></dd>",
        Esc(&d.source),
        format_word(d.format),
        Esc(&d.encoding),
        Esc(&d.id)
    );
    let links: &[&Link] = ctx.links_of.get(d.id.as_str()).map_or(&[], Vec::as_slice);
    if !links.is_empty() {
        o.push_str("<dt>Links</dt><dd>");
        for (i, l) in links.iter().enumerate() {
            if i > 0 {
                o.push_str("; ");
            }
            if l.from == d.id {
                let _ = write!(o, "{} ", link_word(l.kind));
                end_cell(ctx, &l.to, o);
            } else {
                let _ = write!(o, "{} by ", passive_word(l.kind));
                end_cell(ctx, &l.from, o);
            }
        }
        o.push_str("</dd>\n");
    }
    o.push_str("</dl>\n");
    let _ = writeln!(
        o,
        "<details{}>\n<summary>Text: {}, {} removed</summary>",
        if ctx.config.open_documents {
            " open"
        } else {
            ""
        },
        plural(claims.len(), "claim sentence", "claim sentences"),
        plural(d.removed.len(), "passage", "passages")
    );
    if d.text.is_empty() {
        body_view(d, claims, o);
    } else {
        text_view(d, claims, o);
    }
    o.push_str("</details>\n</section>\n");
}

/// A stretch of text shown with a mark around it.
#[derive(Clone, Copy)]
struct Mark<'a> {
    span: Span,
    class: &'static str,
    /// The short tag shown at its start.
    tag: &'static str,
    /// The longer explanation, as a tooltip.
    title: &'a str,
}

/// The decoded input with the header and removed parts greyed out (with their reason) and
/// each claim's sentence wrapped in its anchor. Claims whose span does not map into the
/// text are listed after it, so every claim still has its anchor.
fn text_view(d: &Document, claims: &[&Claim], o: &mut String) {
    let text = d.text.as_str();
    let mapper = SpanMapper::new(&d.segments);
    let mut anchored: Vec<(Span, &Claim)> = Vec::with_capacity(claims.len());
    let mut unplaced: Vec<&Claim> = Vec::new();
    for c in claims {
        match mapper.map(c.span).filter(|s| valid(text, *s)) {
            Some(s) => anchored.push((s, c)),
            None => unplaced.push(c),
        }
    }
    let anchored = without_overlaps(anchored, |(s, _)| *s, &mut |(_, c)| unplaced.push(c));
    let mut marks: Vec<Mark<'_>> = Vec::new();
    for h in &d.header {
        marks.push(Mark {
            span: h.span,
            class: "hdr",
            tag: header_word(h.field),
            title: "header line, read as metadata",
        });
    }
    for r in &d.removed {
        marks.push(Mark {
            span: r.span,
            class: "removed",
            tag: removal_word(r.reason),
            title: if r.detail.is_empty() {
                r.reason.explain()
            } else {
                r.detail.as_str()
            },
        });
    }
    marks.retain(|m| valid(text, m.span));
    let marks = without_overlaps(marks, |m| m.span, &mut |_| {});
    o.push_str("<div class=\"text\">");
    marked_text(text, &anchored, &marks, o);
    o.push_str("</div>\n");
    if !unplaced.is_empty() {
        o.push_str(
            "<p class=\"muted\">Claims whose place in the text could not be shown:</p>\n<ul>",
        );
        for c in unplaced {
            let _ = write!(
                o,
                "<li><span class=\"claim\" id=\"c-{}\">{}</span></li>",
                Esc(&c.id),
                Esc(&c.text)
            );
        }
        o.push_str("</ul>\n");
    }
}

/// The cleaned body with claims anchored, then the removed passages greyed: the view for a
/// report read back from JSON, where the decoded text is not kept.
fn body_view(d: &Document, claims: &[&Claim], o: &mut String) {
    let body = d.body.as_str();
    let mut unplaced: Vec<&Claim> = Vec::new();
    let mut anchored: Vec<(Span, &Claim)> = Vec::with_capacity(claims.len());
    for c in claims {
        if valid(body, c.span) {
            anchored.push((c.span, c));
        } else {
            unplaced.push(c);
        }
    }
    let anchored = without_overlaps(anchored, |(s, _)| *s, &mut |(_, c)| unplaced.push(c));
    o.push_str("<div class=\"text\">");
    marked_text(body, &anchored, &[], o);
    o.push_str("</div>\n");
    for c in unplaced {
        let _ = writeln!(
            o,
            "<p><span class=\"claim\" id=\"c-{}\">{}</span></p>",
            Esc(&c.id),
            Esc(&c.text)
        );
    }
    if !d.removed.is_empty() {
        o.push_str("<p class=\"muted\">Removed from the text:</p>\n<ul class=\"removed-list\">\n");
        for r in &d.removed {
            let _ = writeln!(
                o,
                "<li><span class=\"why\">{}</span><span class=\"removed\" title=\"{}\">{}</span></li>",
                removal_word(r.reason),
                Esc(if r.detail.is_empty() {
                    r.reason.explain()
                } else {
                    &r.detail
                }),
                Esc(&excerpt(&r.text, 600))
            );
        }
        o.push_str("</ul>\n");
    }
}

/// True when `span` is a non-empty slice of `text` on character boundaries.
fn valid(text: &str, span: Span) -> bool {
    span.start < span.end && span.slice(text).is_some()
}

/// Sorts items by span and keeps those that do not overlap an earlier kept one; the
/// others go to `dropped`.
fn without_overlaps<T: Copy>(
    mut items: Vec<T>,
    span: impl Fn(&T) -> Span,
    dropped: &mut dyn FnMut(T),
) -> Vec<T> {
    items.sort_by_key(|i| {
        let s = span(i);
        (s.start, s.end)
    });
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    let mut end = 0;
    for item in items {
        let s = span(&item);
        if s.start >= end {
            end = s.end;
            kept.push(item);
        } else {
            dropped(item);
        }
    }
    kept
}

/// Writes `text` with claims as the outer marks and header or removed parts as inner
/// ones, split at claim boundaries where they cross. Both lists are sorted and free of
/// overlaps, so one pass over each does it.
fn marked_text(text: &str, claims: &[(Span, &Claim)], marks: &[Mark<'_>], o: &mut String) {
    let mut next = 0;
    let mut pos = 0;
    for (span, claim) in claims {
        inner(text, pos, span.start, marks, &mut next, o);
        let _ = write!(o, "<span class=\"claim\" id=\"c-{}\">", Esc(&claim.id));
        inner(text, span.start, span.end, marks, &mut next, o);
        o.push_str("</span>");
        pos = span.end;
    }
    inner(text, pos, text.len(), marks, &mut next, o);
}

/// Writes `text[a..b]` with the marks that fall in it; `next` is the first mark that may
/// still reach `a`.
fn inner(text: &str, a: usize, b: usize, marks: &[Mark<'_>], next: &mut usize, o: &mut String) {
    if a >= b {
        return;
    }
    while *next < marks.len() && marks[*next].span.end <= a {
        *next += 1;
    }
    let mut p = a;
    let mut k = *next;
    while k < marks.len() && marks[k].span.start < b {
        let m = marks[k];
        let start = m.span.start.max(p);
        let end = m.span.end.min(b);
        let _ = write!(o, "{}", Esc(text.get(p..start).unwrap_or("")));
        let _ = write!(o, "<span class=\"{}\" title=\"{}\">", m.class, Esc(m.title));
        if start == m.span.start {
            let _ = write!(o, "<span class=\"why\">{}</span>", m.tag);
        }
        let _ = write!(o, "{}</span>", Esc(text.get(start..end).unwrap_or("")));
        p = end;
        if m.span.end <= b {
            k += 1;
        } else {
            break;
        }
    }
    let _ = write!(o, "{}", Esc(text.get(p..b).unwrap_or("")));
    *next = k;
}

/// Maps body spans to text spans like [`Document::body_to_text`], by binary search over
/// the segments, so a document with many paragraphs and sentences stays linear-logarithmic.
struct SpanMapper<'a> {
    segments: std::borrow::Cow<'a, [Segment]>,
}

impl<'a> SpanMapper<'a> {
    fn new(segments: &'a [Segment]) -> SpanMapper<'a> {
        let sorted = segments
            .windows(2)
            .all(|w| w[0].body.start <= w[1].body.start);
        let segments = if sorted {
            std::borrow::Cow::Borrowed(segments)
        } else {
            let mut owned = segments.to_vec();
            owned.sort_by_key(|s| (s.body.start, s.body.end));
            std::borrow::Cow::Owned(owned)
        };
        SpanMapper { segments }
    }

    fn map(&self, span: Span) -> Option<Span> {
        let segs = &*self.segments;
        let i = segs.partition_point(|s| s.body.start <= span.start);
        let start_seg = segs[..i]
            .iter()
            .rev()
            .take(2)
            .find(|s| span.start < s.body.end.max(s.body.start + 1))?;
        let j = segs.partition_point(|s| s.body.start < span.end);
        let end_seg = segs[..j]
            .iter()
            .rev()
            .take(2)
            .find(|s| span.end <= s.body.end)?;
        let start = start_seg.text.start + (span.start - start_seg.body.start);
        let end = end_seg.text.start + (span.end - end_seg.body.start);
        (start <= end).then(|| Span::new(start, end))
    }
}

fn entities_section(ctx: &Ctx<'_>, o: &mut String) {
    let entities = &ctx.report.entities;
    if entities.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "<section id=\"entities\">\n<h2>Entities ({})</h2>\n<div class=\"table-wrap\"><table class=\"sortable entities\">\n<thead><tr><th>Name</th><th>Kind</th><th>Also called</th><th>Mentions</th></tr></thead>\n<tbody>",
        entities.len()
    );
    for e in entities {
        let why: Vec<String> = e
            .merges
            .iter()
            .map(|m| format!("{}: {}", m.alias, m.reason))
            .collect();
        let _ = writeln!(
            o,
            "<tr class=\"filterable\"><td>{}</td><td>{}</td><td title=\"{}\">{}</td><td class=\"num\">{}</td></tr>",
            Esc(&e.name),
            entity_word(e.kind),
            Esc(&why.join("; ")),
            Esc(&e.aliases.join(", ")),
            e.mentions.len()
        );
    }
    o.push_str("</tbody></table></div>\n</section>\n");
}

fn diagnostics_section(ctx: &Ctx<'_>, o: &mut String) {
    let diags = &ctx.report.diagnostics;
    let _ = writeln!(
        o,
        "<section id=\"diagnostics\">\n<h2>Problems met ({})</h2>",
        diags.len()
    );
    if diags.is_empty() {
        o.push_str("<p class=\"muted\">None: every input was read.</p>\n</section>\n");
        return;
    }
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable diagnostics\">\n<thead><tr><th>Severity</th><th>Code</th><th>Input</th><th>Byte</th><th>Message</th></tr></thead>\n<tbody>\n");
    for dg in diags {
        let sev = match dg.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let _ = write!(
            o,
            "<tr class=\"filterable\"><td class=\"diag-{sev}\">{sev}</td><td><code>{}</code></td><td>",
            Esc(&dg.code)
        );
        match dg.doc.as_deref().filter(|id| ctx.doc(id).is_some()) {
            Some(id) => {
                let _ = write!(
                    o,
                    "<a href=\"{}\"><code>{}</code></a>",
                    Esc(&ctx.doc_href(id)),
                    Esc(&dg.source)
                );
            }
            None => {
                let _ = write!(o, "<code>{}</code>", Esc(&dg.source));
            }
        }
        let _ = writeln!(
            o,
            "</td><td class=\"num\">{}</td><td>{}</td></tr>",
            dg.offset.map(|x| x.to_string()).unwrap_or_default(),
            Esc(&dg.message)
        );
    }
    o.push_str("</tbody></table></div>\n</section>\n");
}

fn title_text(d: &Document) -> String {
    match (&d.title, d.title_inferred) {
        (Some(t), false) if !t.trim().is_empty() => t.clone(),
        (Some(t), true) if !t.trim().is_empty() => format!("{t} (no headline; first sentence)"),
        _ => format!("(untitled) {}", d.source),
    }
}

fn published_text(d: &Document) -> String {
    match (&d.published, &d.published_range) {
        (Some(p), _) if d.published_inferred => format!("{p} (inferred)"),
        (Some(p), _) => p.clone(),
        (None, Some([a, b])) => format!("between {a} and {b} (inferred)"),
        (None, None) => "unknown".to_string(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The date part of an ISO date-time.
fn day_of(date: &str) -> &str {
    date.get(..10).filter(|_| date.len() > 10).unwrap_or(date)
}

fn status_word(s: GroupStatus) -> &'static str {
    match s {
        GroupStatus::Agreed => "agreed",
        GroupStatus::Conflicting => "conflicting",
        GroupStatus::Evolving => "evolving",
        GroupStatus::Single => "single",
    }
}

/// A status as a labelled badge: the word carries the meaning, the colour only helps.
fn status_badge(s: GroupStatus) -> String {
    let label = match s {
        GroupStatus::Agreed => "✓ agreed",
        GroupStatus::Conflicting => "⚠ conflicting",
        GroupStatus::Evolving => "↻ changed over time",
        GroupStatus::Single => "single source",
    };
    format!(
        "<span class=\"status st-{}\">{label}</span>",
        status_word(s)
    )
}

fn kind_word(k: GroupKind) -> &'static str {
    match k {
        GroupKind::Event => "event",
        GroupKind::Figure => "figure",
        GroupKind::Quote => "quote",
        GroupKind::Statement => "statement",
    }
}

fn link_word(k: LinkKind) -> &'static str {
    match k {
        LinkKind::Cites => "cites",
        LinkKind::Reuses => "reuses",
        LinkKind::Duplicates => "duplicates",
    }
}

fn passive_word(k: LinkKind) -> &'static str {
    match k {
        LinkKind::Cites => "cited",
        LinkKind::Reuses => "reused",
        LinkKind::Duplicates => "duplicated",
    }
}

fn entity_word(k: model::EntityKind) -> &'static str {
    match k {
        model::EntityKind::Person => "person",
        model::EntityKind::Organization => "organization",
        model::EntityKind::Place => "place",
        model::EntityKind::Other => "other",
    }
}

fn format_word(f: model::Format) -> &'static str {
    match f {
        model::Format::Text => "text",
        model::Format::Html => "HTML",
        model::Format::Warc => "WARC",
        model::Format::Feed => "feed",
        model::Format::Jsonl => "JSON Lines",
    }
}

fn header_word(h: HeaderKind) -> &'static str {
    match h {
        HeaderKind::Headline => "headline",
        HeaderKind::Byline => "byline",
        HeaderKind::DateLine => "date",
        HeaderKind::Dateline => "dateline",
        HeaderKind::Outlet => "outlet",
        HeaderKind::SectionLabel => "section",
    }
}

fn removal_word(r: RemovalReason) -> &'static str {
    match r {
        RemovalReason::Navigation => "removed: navigation",
        RemovalReason::StoryList => "removed: story list",
        RemovalReason::Caption => "removed: caption",
        RemovalReason::Repeated => "removed: repeated",
        RemovalReason::SectionLabel => "removed: section label",
        RemovalReason::CrossDocument => "removed: recurring line",
        RemovalReason::Trailer => "removed: page trailer",
    }
}

fn qualifier_word(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::Approx => "about",
        Qualifier::AtLeast => "at least",
        Qualifier::MoreThan => "more than",
        Qualifier::AtMost => "at most",
        Qualifier::LessThan => "less than",
        Qualifier::Range => "range",
    }
}

fn value_text(value: f64, max: Option<f64>, q: Qualifier) -> String {
    let sign = match q {
        Qualifier::Approx => "≈ ",
        Qualifier::AtLeast => "≥ ",
        Qualifier::MoreThan => "> ",
        Qualifier::AtMost => "≤ ",
        Qualifier::LessThan => "< ",
        Qualifier::Exact | Qualifier::Range => "",
    };
    match max {
        Some(m) if m != value => format!("{sign}{}–{}", number(value), number(m)),
        _ => format!("{sign}{}", number(value)),
    }
}

/// A number with thousands separators and no needless decimals.
fn number(v: f64) -> String {
    if !v.is_finite() || v.abs() >= 1e15 {
        return format!("{v}");
    }
    if v.fract() != 0.0 {
        // Three decimals are enough to read a share or a distance; a value smaller than
        // that keeps its full form.
        let short = format!("{v:.3}");
        let short = short.trim_end_matches('0').trim_end_matches('.');
        return if short == "0" || short == "-0" {
            format!("{v}")
        } else {
            short.to_string()
        };
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A sort key for a number that is always a valid attribute value.
fn finite(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// Shortens `text` to the characters that fit in `width` chart units.
fn fit(text: &str, width: f64) -> String {
    let max = (width / CHAR_W).floor().max(4.0) as usize;
    excerpt(text, max)
}

fn excerpt(text: &str, max_chars: usize) -> String {
    if text.char_indices().nth(max_chars).is_none() {
        return text.to_string();
    }
    // Room is kept for the ellipsis, so the result is at most `max_chars` characters.
    let cut = text
        .char_indices()
        .nth(max_chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    format!("{}…", text.get(..cut).unwrap_or("").trim_end())
}

/// HTML-escapes a string for text and for double- or single-quoted attribute values.
/// Characters HTML forbids in a document (NUL and other control characters) become U+FFFD,
/// so any input gives a page that parses without errors.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, c) in s.char_indices() {
            let rep = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' | '\n' | '\r' => continue,
                c if c.is_control() || is_noncharacter(c) => "\u{FFFD}",
                _ => continue,
            };
            f.write_str(&s[last..i])?;
            f.write_str(rep)?;
            last = i + c.len_utf8();
        }
        f.write_str(&s[last..])
    }
}

fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE
}

/// Writes an id for use after `#` in a link: characters other than letters, digits and
/// `-_.:` are percent-encoded (the browser decodes them again to match the element id).
struct Frag<'a>(&'a str);

impl fmt::Display for Frag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':') {
                f.write_char(b as char)?;
            } else {
                write!(f, "%{b:02X}")?;
            }
        }
        Ok(())
    }
}

/// The days `[start, end)` an ISO 8601 value covers, counted from 1970-01-01: a year, a
/// quarter (`2024-Q4`), a month, an ISO week (`2024-W43`), a day (a time after it is
/// ignored) or an interval `a/b` of two of those. `None` for anything else (`PRESENT_REF`,
/// `XXXX-10-27`, seasons).
fn date_range(value: &str) -> Option<(i64, i64)> {
    let value = value.trim();
    if let Some((a, b)) = value.split_once('/') {
        if b.contains('/') {
            return None;
        }
        let (start, _) = date_range(a)?;
        let (_, end) = date_range(b)?;
        return (start < end).then_some((start, end));
    }
    let date = value.split('T').next().unwrap_or(value);
    let year: i64 = date.get(..4)?.parse().ok()?;
    if !date.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let rest = &date[4..];
    let num = |s: &str| -> Option<u32> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 2 {
            return None;
        }
        s.parse().ok()
    };
    if rest.is_empty() {
        return Some((days_from_civil(year, 1, 1), days_from_civil(year + 1, 1, 1)));
    }
    let rest = rest.strip_prefix('-')?;
    if let Some(w) = rest.strip_prefix('W') {
        let w = num(w.get(..2)?)?;
        if !(1..=53).contains(&w) {
            return None;
        }
        let jan4 = days_from_civil(year, 1, 4);
        let monday = jan4 - (jan4 + 3).rem_euclid(7) + (w as i64 - 1) * 7;
        return Some((monday, monday + 7));
    }
    if let Some(q) = rest.strip_prefix('Q') {
        let q = num(q)?;
        if !(1..=4).contains(&q) {
            return None;
        }
        let m = (q - 1) * 3 + 1;
        let start = days_from_civil(year, m, 1);
        let end = if q == 4 {
            days_from_civil(year + 1, 1, 1)
        } else {
            days_from_civil(year, m + 3, 1)
        };
        return Some((start, end));
    }
    let (m, d) = match rest.split_once('-') {
        Some((m, d)) => (num(m)?, Some(num(d)?)),
        None => (num(rest)?, None),
    };
    if !(1..=12).contains(&m) {
        return None;
    }
    let next_month = if m == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, m + 1, 1)
    };
    let first = days_from_civil(year, m, 1);
    match d {
        None => Some((first, next_month)),
        Some(d) if d >= 1 && first + (d as i64) <= next_month => {
            let day = first + d as i64 - 1;
            Some((day, day + 1))
        }
        Some(_) => None,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count from 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            Esc("<script>alert('x') & \"y\"</script>").to_string(),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(
            Esc("a\u{0}b\u{7}c\nd").to_string(),
            "a\u{FFFD}b\u{FFFD}c\nd"
        );
        assert_eq!(Esc("naïve — ok").to_string(), "naïve — ok");
    }

    #[test]
    fn fragments_percent_encode_unsafe_bytes() {
        assert_eq!(Frag("d1:c2").to_string(), "d1:c2");
        assert_eq!(Frag("a b\"<").to_string(), "a%20b%22%3C");
    }

    #[test]
    fn dates_cover_days_months_weeks_and_intervals() {
        let day = |y, m, d| days_from_civil(y, m, d);
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(civil_from_days(day(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(
            date_range("2024-10-27"),
            Some((day(2024, 10, 27), day(2024, 10, 28)))
        );
        assert_eq!(date_range("2024-10-27T08:30:00Z"), date_range("2024-10-27"));
        assert_eq!(
            date_range("2024-12"),
            Some((day(2024, 12, 1), day(2025, 1, 1)))
        );
        // ISO week 43 of 2024 runs from Monday 21 to Sunday 27 October.
        assert_eq!(
            date_range("2024-W43"),
            Some((day(2024, 10, 21), day(2024, 10, 28)))
        );
        // Week 1 of 2021 starts on 4 January (1 January was a Friday).
        assert_eq!(date_range("2021-W01").map(|r| r.0), Some(day(2021, 1, 4)));
        assert_eq!(
            date_range("2024-10-08/2024-10-13"),
            Some((day(2024, 10, 8), day(2024, 10, 14)))
        );
        assert_eq!(
            date_range("2024-Q4"),
            Some((day(2024, 10, 1), day(2025, 1, 1)))
        );
        assert_eq!(date_range("2024"), Some((day(2024, 1, 1), day(2025, 1, 1))));
        for bad in [
            "PRESENT_REF",
            "XXXX-10-27",
            "2024-02-30",
            "2024-13",
            "2024-10-27/2024-10-01",
            "a/b/c",
            "2024-SU",
            "",
            "20é4",
        ] {
            assert_eq!(date_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn short_dates_name_days_weeks_and_months() {
        assert_eq!(short_date("2024-10-27"), "Oct 27");
        assert_eq!(short_date("2024-10-27T10:00"), "Oct 27");
        assert_eq!(short_date("2024-W43"), "week of Oct 21");
        assert_eq!(short_date("2024-12"), "Dec 2024");
        assert_eq!(short_date("2024-10-08/2024-10-13"), "Oct 8–Oct 13");
        assert_eq!(short_date("2024-Q4"), "2024-Q4");
        assert_eq!(short_date("PAST_REF"), "PAST_REF");
    }

    #[test]
    fn long_empty_stretches_are_cut_from_the_axis() {
        let day = |y, m, d| days_from_civil(y, m, d);
        // One background event a year before a dense week.
        let ranges = [
            (day(2030, 2, 1), day(2030, 3, 1)),
            (day(2031, 3, 3), day(2031, 3, 4)),
            (day(2031, 3, 9), day(2031, 3, 10)),
        ];
        let scale = TimeScale::new(&ranges, 0.0, 100.0);
        let cuts: Vec<_> = scale.cuts().collect();
        assert_eq!(cuts, [(day(2030, 2, 1), day(2031, 3, 3))]);
        // The week gets most of the width; positions still increase with time.
        let week = scale.x(day(2031, 3, 10)) - scale.x(day(2031, 3, 3));
        assert!(week > 10.0, "{week}");
        let mut last = f64::MIN;
        for d in day(2030, 2, 1)..=day(2031, 3, 10) {
            let x = scale.x(d);
            assert!(x >= last && (0.0..=100.0).contains(&x), "{d}: {x}");
            last = x;
        }
        assert_eq!(scale.x(day(2031, 3, 10)), 100.0);
        // Months alone are not background to anything: a year of monthly entries is
        // drawn to scale.
        let months: Vec<(i64, i64)> = (1..=12)
            .map(|m| date_range(&format!("2030-{m:02}")).unwrap())
            .collect();
        assert_eq!(TimeScale::new(&months, 0.0, 100.0).cuts().count(), 0);
        // A dense story is drawn to scale.
        let dense = TimeScale::new(&ranges[1..], 0.0, 100.0);
        assert_eq!(dense.cuts().count(), 0);
        assert!((dense.x(day(2031, 3, 6)) - 3.0 / 7.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn ticks_stay_inside_the_range_and_few() {
        for (lo, hi) in [
            (days_from_civil(2024, 10, 8), days_from_civil(2024, 10, 29)),
            (days_from_civil(2024, 1, 1), days_from_civil(2024, 12, 31)),
            (days_from_civil(1990, 1, 1), days_from_civil(2030, 1, 1)),
            (0, 3),
        ] {
            let t = ticks(lo, hi);
            assert!(!t.is_empty() && t.len() <= 24, "{lo}..{hi}: {t:?}");
            assert!(t.iter().all(|(d, _)| (lo..hi).contains(d)));
            assert!(t.windows(2).all(|w| w[0].0 < w[1].0));
        }
        let labels: Vec<String> =
            ticks(days_from_civil(2024, 10, 26), days_from_civil(2024, 10, 29))
                .into_iter()
                .map(|(_, l)| l)
                .collect();
        assert_eq!(labels, ["Oct 26, 2024", "Oct 27", "Oct 28"]);
    }

    #[test]
    fn span_mapper_agrees_with_the_model() {
        let mut doc = Document::new("d1", "x", "Alpha\nBeta.\nGamma\nDelta.");
        doc.body = "Beta.\n\nDelta.".into();
        doc.segments = vec![
            Segment {
                body: Span::new(0, 5),
                text: Span::new(6, 11),
            },
            Segment {
                body: Span::new(7, 13),
                text: Span::new(18, 24),
            },
        ];
        let mapper = SpanMapper::new(&doc.segments);
        for start in 0..=14 {
            for end in start..=14 {
                let s = Span::new(start, end);
                assert_eq!(mapper.map(s), doc.body_to_text(s), "{start}..{end}");
            }
        }
    }

    #[test]
    fn marks_nest_inside_claims_and_split_at_their_edges() {
        let text = "One two. Three four.";
        let claim = Claim {
            id: "d:c0".into(),
            doc: "d".into(),
            span: Span::new(0, 8),
            text: "One two.".into(),
            attribution: None,
            quantities: vec![],
            times: vec![],
            entities: vec![],
        };
        let mark = Mark {
            span: Span::new(4, 14),
            class: "removed",
            tag: "removed: caption",
            title: "why",
        };
        let mut o = String::new();
        marked_text(text, &[(claim.span, &claim)], &[mark], &mut o);
        assert_eq!(
            o,
            "<span class=\"claim\" id=\"c-d:c0\">One <span class=\"removed\" title=\"why\"><span class=\"why\">removed: caption</span>two.</span></span><span class=\"removed\" title=\"why\"> Three</span> four."
        );
    }

    #[test]
    fn overlapping_spans_are_dropped_not_nested() {
        let spans = vec![Span::new(5, 9), Span::new(0, 6), Span::new(6, 8)];
        let mut dropped = Vec::new();
        let kept = without_overlaps(spans, |s| *s, &mut |s| dropped.push(s));
        assert_eq!(kept, [Span::new(0, 6), Span::new(6, 8)]);
        assert_eq!(dropped, [Span::new(5, 9)]);
    }

    #[test]
    fn values_read_with_their_qualifier() {
        assert_eq!(value_text(3000.0, None, Qualifier::AtLeast), "≥ 3,000");
        assert_eq!(
            value_text(1000.0, Some(1500.0), Qualifier::Range),
            "1,000–1,500"
        );
        assert_eq!(value_text(-2.5, None, Qualifier::Exact), "-2.5");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(1.0 / 3.0), "0.333");
        assert_eq!(number(3.7), "3.7");
        assert_eq!(number(0.0001), "0.0001");
        assert_eq!(finite(f64::INFINITY), "");
    }

    #[test]
    fn excerpts_and_fits_cut_on_characters() {
        assert_eq!(excerpt("ééééé", 3), "éé…");
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(
            fit("a long label that will not fit", 10.0 * CHAR_W),
            "a long la…"
        );
    }
}
