//! The HTML pages: stories list, story, document and search. Story and document bodies
//! are the HTML report's own fragments (`report::html_story`, `report::html_document`),
//! so the web UI and the HTML report show the same thing; this module adds only the
//! frame, lists and forms. Every string from the store is escaped.

use std::fmt::Write as _;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use report::Esc;
use store::{DocumentSummary, Hit, StorySummary};

use crate::cache::Kind;
use crate::{AppState, Lookup, error_page, story_lookup, with_store};

/// Wraps page content in the shared frame: the report's stylesheet and script, and a
/// header with navigation and a search box.
pub(crate) fn layout(title: &str, content: &str) -> String {
    let mut o = String::with_capacity(content.len() + 16 * 1024);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    let _ = writeln!(o, "<title>{} · crosscheck</title>", Esc(title));
    let _ = writeln!(
        o,
        "<style>\n{}</style>\n</head>\n<body>",
        report::HTML_STYLE
    );
    o.push_str(
        "<header class=\"top\"><nav><a href=\"/\">Stories</a> · \
         <form action=\"/search\" method=\"get\" style=\"display:inline\">\
         <input type=\"search\" name=\"q\" placeholder=\"Search bodies and claims\" \
         aria-label=\"Search\"> <button>Search</button></form></nav>\n",
    );
    let _ = writeln!(o, "<h1>{}</h1></header>\n<main>", Esc(title));
    o.push_str(content);
    let _ = writeln!(
        o,
        "</main>\n<footer>crosscheck, served from a local store.</footer>\n<script>\n{}</script>\n</body>\n</html>",
        report::HTML_SCRIPT
    );
    o
}

fn documents_table(docs: &[DocumentSummary], o: &mut String) {
    o.push_str(
        "<table><thead><tr><th>Document</th><th>Outlet</th><th>Published</th>\
         <th>Claims</th></tr></thead><tbody>\n",
    );
    for d in docs {
        let title = d.title.as_deref().unwrap_or(&d.source);
        let _ = writeln!(
            o,
            "<tr><td><a href=\"/documents/{}\">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            Esc(&d.id),
            Esc(title),
            if d.revision > 1 {
                format!(" <span class=\"muted\">(revision {})</span>", d.revision)
            } else {
                String::new()
            },
            Esc(d.outlet.as_deref().unwrap_or("")),
            Esc(d.published.as_deref().unwrap_or("")),
            d.claims
        );
    }
    o.push_str("</tbody></table>\n");
}

fn stories_table(stories: &[StorySummary], o: &mut String) {
    o.push_str(
        "<table><thead><tr><th>Story</th><th>Latest</th><th>Documents</th><th>Sources</th>\
         <th>Conflicts</th></tr></thead><tbody>\n",
    );
    for s in stories {
        let _ = writeln!(
            o,
            "<tr><td><a href=\"/stories/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            Esc(&s.id),
            Esc(if s.label.is_empty() { &s.id } else { &s.label }),
            Esc(s.activity.as_deref().unwrap_or("")),
            s.documents,
            s.sources,
            s.conflicts
        );
    }
    o.push_str("</tbody></table>\n");
}

pub(crate) async fn home(State(state): State<AppState>) -> Response {
    let found = with_store(&state, |s| {
        Ok((s.stories()?, s.unassigned(200)?, s.counts()?))
    })
    .await;
    let (stories, unassigned, counts) = match found {
        Ok(x) => x,
        Err(f) => return error_page(f),
    };
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<p class=\"summary\">{} documents ({} current), {} claims, {} stories.</p>",
        counts.documents, counts.current, counts.claims, counts.stories
    );
    o.push_str("<section><h2>Stories</h2>\n");
    if stories.is_empty() {
        o.push_str("<p class=\"muted\">No story yet.</p>\n");
    } else {
        stories_table(&stories, &mut o);
    }
    o.push_str("</section>\n");
    if !unassigned.is_empty() {
        let _ = writeln!(
            o,
            "<section><h2>Documents in no story ({})</h2>",
            unassigned.len()
        );
        documents_table(&unassigned, &mut o);
        o.push_str("</section>\n");
    }
    Html(layout("Stories", &o)).into_response()
}

fn fragment_config() -> report::HtmlConfig {
    report::HtmlConfig {
        document_url: Some("/documents/{doc}".to_string()),
        ..report::HtmlConfig::default()
    }
}

pub(crate) async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    const HTML: &str = "text/html; charset=utf-8";
    let (generation, report) = match story_lookup(&state, Kind::StoryPage, &id).await {
        Ok(Lookup::Cached(answer)) => return answer.respond(HTML, &headers),
        Ok(Lookup::Built(_, None)) => {
            return error_page(crate::Failure::not_found("story with this id"));
        }
        Ok(Lookup::Built(generation, Some(r))) => (generation, r),
        Err(f) => return error_page(f),
    };
    let page = Bytes::from(story_page(&report, &id));
    let answer = match crate::cache::Answer::build(page).await {
        Ok(answer) => answer,
        Err(f) => return error_page(f),
    };
    state
        .cache
        .put(generation, Kind::StoryPage, &id, answer.clone());
    answer.respond(HTML, &headers)
}

/// The story page of a story read from the store.
fn story_page(report: &model::Report, id: &str) -> String {
    let title = report
        .stories
        .first()
        .map(|s| s.label.clone())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| id.to_string());
    let mut o = String::new();
    match report::html_story(report, id, &fragment_config()) {
        Some(fragment) => o.push_str(&fragment),
        None => o.push_str("<p class=\"muted\">This story has nothing to show yet.</p>\n"),
    }
    let summaries: Vec<DocumentSummary> = report
        .documents
        .iter()
        .map(|d| DocumentSummary {
            id: d.id.clone(),
            source: d.source.clone(),
            title: d.title.clone(),
            outlet: d.outlet.clone(),
            published: d.published.clone(),
            url: d.url.clone(),
            revision: 1,
            claims: report.claims.iter().filter(|c| c.doc == d.id).count(),
        })
        .collect();
    let _ = writeln!(o, "<section><h2>Documents ({})</h2>", summaries.len());
    documents_table(&summaries, &mut o);
    let _ = writeln!(
        o,
        "<p><a href=\"/search?story={}\">Search this story</a> · \
         <a href=\"/api/stories/{}\">JSON</a></p></section>",
        Esc(id),
        Esc(id)
    );
    layout(&title, &o)
}

pub(crate) async fn document(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let key = id.clone();
    let view = match with_store(&state, move |s| s.document(&key)).await {
        Ok(Some(v)) => v,
        Ok(None) => return error_page(crate::Failure::not_found("document with this id")),
        Err(f) => return error_page(f),
    };
    let title = view
        .document
        .title
        .clone()
        .unwrap_or_else(|| view.document.source.clone());
    let mut o = String::new();
    o.push_str("<section><dl>\n");
    let _ = writeln!(o, "<dt>Id</dt><dd><code>{}</code></dd>", Esc(&id));
    if let Some(url) = &view.url {
        let _ = writeln!(o, "<dt>URL</dt><dd>{}</dd>", Esc(url));
    }
    let _ = writeln!(
        o,
        "<dt>Revision</dt><dd>{}{}{}</dd>",
        view.revision,
        view.supersedes
            .as_deref()
            .map(|p| format!(
                "; replaces <a href=\"/documents/{}\">{}</a>",
                Esc(p),
                Esc(p)
            ))
            .unwrap_or_default(),
        view.superseded_by
            .as_deref()
            .map(|p| format!(
                "; replaced by <a href=\"/documents/{}\">{}</a>",
                Esc(p),
                Esc(p)
            ))
            .unwrap_or_default()
    );
    let _ = writeln!(
        o,
        "<dt>Stored input</dt><dd><a href=\"/api/documents/{}/raw\">{}</a> (hash {})</dd>",
        Esc(&id),
        if view.raw_kind == "input" {
            "the input file, byte for byte"
        } else {
            "the decoded record"
        },
        Esc(&view.raw_hash)
    );
    for s in &view.stories {
        let _ = writeln!(
            o,
            "<dt>Story</dt><dd><a href=\"/stories/{}\">{}</a></dd>",
            Esc(&s.id),
            Esc(&s.label)
        );
    }
    o.push_str("</dl></section>\n");
    if let Some(diff) = &view.diff {
        o.push_str("<section><h2>Changes since the previous revision</h2>\n");
        if diff.added.is_empty() && diff.removed.is_empty() {
            o.push_str("<p class=\"muted\">No claim changed.</p>\n");
        }
        o.push_str("<ul>\n");
        for a in &diff.added {
            let _ = writeln!(o, "<li><ins>+ {}</ins></li>", Esc(a));
        }
        for r in &diff.removed {
            let _ = writeln!(o, "<li><del>− {}</del></li>", Esc(r));
        }
        o.push_str("</ul></section>\n");
    }
    let report = model::Report {
        documents: vec![view.document],
        claims: view.claims,
        entities: view.entities,
        links: view.links,
        diagnostics: view.diagnostics,
        ..model::Report::default()
    };
    if let Some(fragment) = report::html_document(&report, &id, &fragment_config()) {
        o.push_str(&fragment);
    }
    Html(layout(&title, &o)).into_response()
}

/// Writes a snippet with its matches marked.
fn marked(hit: &Hit, o: &mut String) {
    let mut last = 0;
    for h in &hit.highlights {
        let (Some(before), Some(word)) = (hit.snippet.get(last..h.start), h.slice(&hit.snippet))
        else {
            break;
        };
        let _ = write!(o, "{}<mark>{}</mark>", Esc(before), Esc(word));
        last = h.end;
    }
    let _ = write!(o, "{}", Esc(hit.snippet.get(last..).unwrap_or("")));
}

pub(crate) async fn search(
    State(state): State<AppState>,
    q: Result<Query<store::Query>, QueryRejection>,
) -> Response {
    let q = match crate::query(q) {
        Ok(q) => q,
        Err(f) => return error_page(f),
    };
    let query = q.clone();
    let hits = match with_store(&state, move |s| s.search(&query)).await {
        Ok(h) => h,
        Err(f) => return error_page(f),
    };
    let mut o = String::new();
    let field = |name: &str, label: &str, value: &Option<String>, o: &mut String| {
        let _ = write!(
            o,
            "<label>{label} <input name=\"{name}\" value=\"{}\"></label> ",
            Esc(value.as_deref().unwrap_or(""))
        );
    };
    o.push_str("<form action=\"/search\" method=\"get\" class=\"filter\">");
    let _ = write!(
        o,
        "<label>Words <input type=\"search\" name=\"q\" value=\"{}\"></label> ",
        Esc(&q.q)
    );
    field("story", "Story", &q.story, &mut o);
    field("outlet", "Outlet", &q.outlet, &mut o);
    field("entity", "Entity", &q.entity, &mut o);
    field("from", "From", &q.from, &mut o);
    field("to", "To", &q.to, &mut o);
    o.push_str("<button>Search</button></form>\n");
    let _ = writeln!(o, "<p class=\"summary\">{} results.</p>\n<ol>", hits.len());
    for hit in &hits {
        let title = hit.title.as_deref().unwrap_or(&hit.doc);
        let target = match &hit.claim {
            Some(c) => format!("/documents/{}#c-{}", hit.doc, c),
            None => format!("/documents/{}", hit.doc),
        };
        let _ = write!(
            o,
            "<li><a href=\"{}\">{}</a> <span class=\"muted\">{} {} {}</span><br>",
            Esc(&target),
            Esc(title),
            if hit.claim.is_some() {
                "claim ·"
            } else {
                "document ·"
            },
            Esc(hit.outlet.as_deref().unwrap_or("")),
            Esc(hit.published.as_deref().unwrap_or(""))
        );
        marked(hit, &mut o);
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n");
    Html(layout("Search", &o)).into_response()
}
