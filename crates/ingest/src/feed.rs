//! RSS and Atom feeds (and JSON Feed, which the parser also reads): one document per
//! item, with the item's title, link, dates and authors as found metadata, and its
//! content (or, failing that, its summary) as the text. HTML content is turned into
//! paragraphs; it is not searched for an article, since a feed item is one already.
//!
//! It does not follow the item's link to fetch the full page. A feed that cannot be
//! parsed is reported whole: feed parsers do not resume after broken XML.

use model::{Diagnostic, Document, Format, GivenMeta, Severity};

use crate::{Config, html};

/// Reads the feed in `raw`, handing one document per item to `sink`.
pub fn read(
    raw: &[u8],
    source: &str,
    _config: &Config,
    sink: &mut dyn FnMut(Document),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let feed = match feed_rs::parser::parse(raw) {
        Ok(feed) => feed,
        Err(err) => {
            diagnostics.push(
                Diagnostic::new(
                    "feed.invalid",
                    Severity::Error,
                    source,
                    format!("not a readable RSS or Atom feed: {err}"),
                )
                .at(0),
            );
            return;
        }
    };
    let outlet = feed.title.as_ref().map(|t| t.content.trim().to_string());
    let language = feed.language.clone();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let item_source = format!("{source}#{}", i + 1);
        let (body, is_html) = match (&entry.content, &entry.summary) {
            (Some(content), _) if content.body.is_some() => (
                content.body.clone().unwrap_or_default(),
                content.content_type.essence().to_string().contains("html"),
            ),
            (_, Some(summary)) => (
                summary.content.clone(),
                summary.content_type.essence().to_string().contains("html"),
            ),
            _ => (String::new(), false),
        };
        let looks_html = is_html || body.contains("</") || body.contains("<br");
        let text = if looks_html {
            html::fragment_text(&body)
        } else {
            body.clone()
        };
        let title = entry
            .title
            .as_ref()
            .map(|t| html::fragment_text(&t.content).trim().to_string())
            .filter(|t| !t.is_empty());
        let link = entry.links.first().map(|l| l.href.clone());
        // The id hashes what the item says, not where it sits in the feed, so the same
        // item in two feeds gets the same id.
        let mut identity = Vec::new();
        for part in [
            title.as_deref().unwrap_or_default(),
            link.as_deref().unwrap_or_default(),
            &body,
        ] {
            identity.extend_from_slice(part.as_bytes());
            identity.push(0);
        }
        let id = model::ids::document(&identity);
        if text.trim().is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    "input.empty",
                    Severity::Warning,
                    &item_source,
                    "feed item has no content; skipped",
                )
                .for_doc(&id),
            );
            continue;
        }
        let authors: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref().map(person_name))
            .filter(|n| !n.is_empty())
            .collect();
        let mut doc = Document::new(id, item_source, text);
        doc.format = Format::Feed;
        doc.found = GivenMeta {
            title,
            outlet: outlet.clone().filter(|o| !o.is_empty()),
            authors: (!authors.is_empty()).then_some(authors),
            published: entry
                .published
                .map(|d| d.format("%Y-%m-%dT%H:%M").to_string()),
            url: link,
            modified: entry
                .updated
                .map(|d| d.format("%Y-%m-%dT%H:%M").to_string()),
            language: language.clone(),
        };
        sink(doc);
    }
}

/// RSS writes an author as `address (Name)`; the name is what a report wants.
fn person_name(raw: &str) -> String {
    let raw = raw.trim();
    if let (Some(open), true) = (raw.find('('), raw.ends_with(')')) {
        return raw[open + 1..raw.len() - 1].trim().to_string();
    }
    if raw.contains('@') && !raw.contains(' ') {
        return String::new();
    }
    raw.to_string()
}
