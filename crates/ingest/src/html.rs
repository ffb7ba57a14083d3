//! HTML pages: decoding (charset from the HTTP header, then `<meta charset>`, then
//! detection), the article body (a Readability-style extractor over the HTML5 DOM) and
//! the metadata the page states (JSON-LD, OpenGraph and `<meta>` tags: title, authors,
//! dates, site name, canonical URL, language).
//!
//! It emits the body as plain text with paragraphs separated by blank lines, so that
//! the clean stage reads an HTML article as it reads a text one. It does not fetch
//! anything a page links to, and it does not judge what is boilerplate inside the
//! extracted article (the clean stage does).

use encoding_rs::Encoding;
use model::GivenMeta;

use crate::decode::{Problem, decode};

/// An HTML page read into article text and the metadata it states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The article text: paragraphs separated by a blank line.
    pub text: String,
    /// The encoding the page was decoded from.
    pub encoding: &'static str,
    /// A note when the encoding was guessed or replaced invalid bytes.
    pub note: Option<String>,
    /// What the page says about itself.
    pub meta: GivenMeta,
}

/// True when `raw` starts (after a byte order mark, white space and comments) like an
/// HTML document.
pub fn looks_like_html(raw: &[u8]) -> bool {
    let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
    let start = raw
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(raw.len());
    let head: Vec<u8> = raw[start..raw.len().min(start + 16)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Reads the charset a page declares in a `<meta>` tag among its first bytes
/// (`<meta charset=...>` or an `http-equiv` content type), as the HTML standard's
/// prescan does; `charset` attributes of other tags (scripts) say nothing of the page.
fn meta_charset(raw: &[u8]) -> Option<&'static Encoding> {
    let head = &raw[..raw.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let tag_start = from + pos;
        let tag_end = lower[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |p| tag_start + p);
        from = tag_end;
        let tag = &lower[tag_start..tag_end];
        let Some(at) = find(tag, b"charset") else {
            continue;
        };
        let mut i = at + b"charset".len();
        while i < tag.len() && matches!(tag[i], b' ' | b'=' | b'"' | b'\'') {
            i += 1;
        }
        let end = tag[i..]
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/'))
            .map_or(tag.len(), |p| i + p);
        if let Some(enc) = Encoding::for_label(&tag[i..end]) {
            return Some(enc);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes an HTML page: the HTTP header's charset wins, then the page's own
/// declaration, then UTF-8 or detection. A UTF-16 declaration inside the page cannot be
/// true (the page was read as ASCII to find it), so it is taken as UTF-8, as browsers do.
pub fn decode_html(raw: Vec<u8>, header_charset: Option<&str>) -> Result<Page, Problem> {
    let declared = header_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(&raw))
        .map(|enc| enc.output_encoding());
    if Encoding::for_bom(&raw).is_none()
        && let Some(enc) = declared
    {
        let (text, had_errors) = enc.decode_without_bom_handling(&raw);
        return Ok(Page {
            text: text.into_owned(),
            encoding: enc.name(),
            note: had_errors.then(|| {
                format!(
                    "declared {}, but invalid sequences were replaced with U+FFFD",
                    enc.name()
                )
            }),
            meta: GivenMeta::default(),
        });
    }
    let decoded = decode(raw)?;
    Ok(Page {
        text: decoded.text,
        encoding: decoded.encoding,
        note: decoded.note,
        meta: GivenMeta::default(),
    })
}

/// The nesting limit used where no [`Limits`] are given (feed fragments).
pub const DEFAULT_MAX_DEPTH: usize = 1000;

/// Limits for the extractor.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Pages with more elements than this are read as plain text of the whole page
    /// rather than scored, so that a hostile page cannot make extraction slow.
    pub max_elements: usize,
    /// Pages nested deeper than this (by a cheap count of open tags) are read as flat
    /// text without building a DOM: tree walks over a DOM recurse, and a hostile page
    /// nested 100,000 deep would overflow the stack.
    pub max_depth: usize,
}

/// Extracts the article from a decoded page. `url` is the address the page was fetched
/// from, when known (WARC target URI, feed link); it is used only to resolve relative
/// links in the metadata. Returns the page with `text` replaced by the article text, or
/// `None` when the page holds no text at all.
pub fn extract(mut page: Page, url: Option<&str>, limits: &Limits) -> Option<Page> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        // Classes are kept in the article's HTML so that the pruning below can see them.
        keep_classes: true,
        max_elements_to_parse: limits.max_elements,
        ..dom_smoothie::Config::default()
    };
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let html = std::mem::take(&mut page.text);
    if nesting_depth(&html) > limits.max_depth {
        page.text = flat_text(&html);
        page.note = Some(format!(
            "tags nested deeper than {}; read as flat text without looking for the article",
            limits.max_depth
        ));
        return (!page.text.trim().is_empty()).then_some(page);
    }
    let mut canonical = None;
    let article = dom_smoothie::Readability::new(html.as_str(), url, Some(cfg))
        .ok()
        .and_then(|mut r| {
            // The canonical address names the article whatever page it was reached
            // through; OpenGraph's `og:url` is the common second statement of it.
            canonical = non_empty(
                r.doc
                    .select(r#"link[rel="canonical"]"#)
                    .attr("href")
                    .map(|h| h.to_string()),
            )
            .or_else(|| {
                non_empty(
                    r.doc
                        .select(r#"meta[property="og:url"]"#)
                        .attr("content")
                        .map(|h| h.to_string()),
                )
            })
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
            r.parse().ok()
        });
    match article {
        Some(article) => {
            let pruned = prune(&article.content);
            let whole = paragraphs(&article.text_content);
            // Pruning that takes most of the article away has mistaken the article for
            // furniture (a story told in captions, a page marked up as one big
            // "related" block); the unpruned text is the safer reading then.
            page.text = if pruned.len() * 10 >= whole.len() * 3 {
                pruned
            } else {
                whole
            };
            page.meta = GivenMeta {
                title: non_empty(Some(article.title)),
                outlet: non_empty(article.site_name),
                authors: non_empty(article.byline).map(|b| split_byline(&b)),
                published: article.published_time.as_deref().and_then(iso_date),
                url: canonical
                    .or(non_empty(article.url))
                    .or_else(|| url.map(str::to_string)),
                modified: article.modified_time.as_deref().and_then(iso_date),
                language: non_empty(article.lang),
            };
        }
        None => {
            // Readability found no article (or the page is too large to score): the
            // page's whole text is still worth reading, and the clean stage removes its
            // furniture paragraph by paragraph.
            page.text = fragment_text(&html);
        }
    }
    (!page.text.trim().is_empty()).then_some(page)
}

/// Elements inside an extracted article that are furniture rather than its text, by
/// their role as HTML states it or as class and id names conventionally state it: figure
/// captions and credits, asides, related-story lists, sharing and tag blocks, forms.
/// These are general conventions of web publishing, not rules for one site.
const FURNITURE: &str = "figure, figcaption, aside, nav, footer, form, button, noscript, \
    [class*=caption], [class*=credit], [class*=related], [class*=share], [class*=social], \
    [class*=tags], [class*=newsletter], [class*=promo], [class*=byline], [class*=timestamp], \
    [id*=related], [id*=share], [id*=social], [id*=comments], [class*=comments]";

/// Turns the article HTML into paragraphs, without its furniture: elements matching
/// [`FURNITURE`], lists and headings made only of links (lists of other stories), and
/// paragraphs that repeat an earlier one.
fn prune(article_html: &str) -> String {
    let doc = dom_query::Document::from(article_html);
    doc.select(FURNITURE).remove();
    for node in doc.select("ul, ol, h2, h3, h4, h5, h6").nodes() {
        let text_len = node.text().trim().chars().count();
        let link_len: usize = node
            .find(&["a"])
            .iter()
            .map(|a| a.text().trim().chars().count())
            .sum();
        if text_len > 0 && link_len * 10 >= text_len * 8 {
            node.remove_from_parent();
        }
    }
    let text = paragraphs(&doc.formatted_text());
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for para in text.split("\n\n").map(str::trim) {
        if para.is_empty() || !seen.insert(para) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(para);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Elements that never have a closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "!doctype",
];

/// The deepest nesting of tags, counted as opened minus closed: a cheap upper bound on
/// the depth of the DOM (unclosed `<p>` and `<li>` tags make it larger than the real
/// depth, never smaller).
pub fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        i += p + 1;
        let closing = b.get(i) == Some(&b'/');
        let name_start = i + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'!')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if name.starts_with("!--") || VOID.contains(&name.as_str()) {
            continue;
        }
        let end = b[i..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |e| i + e);
        if closing {
            depth = depth.saturating_sub(1);
        } else if b.get(end.wrapping_sub(1)) != Some(&b'/') {
            depth += 1;
            max = max.max(depth);
        }
        if name == "script" || name == "style" {
            // Their content is not markup.
            let close = format!("</{name}");
            let lower_rest = html[end.min(b.len())..].to_ascii_lowercase();
            i = lower_rest.find(&close).map_or(b.len(), |p| end + p);
            continue;
        }
        i = end.min(b.len());
    }
    max
}

/// The text of a page without a DOM: tags dropped, block boundaries kept as paragraph
/// breaks. Used only for pages too deep to parse safely; entities are left as written.
fn flat_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = rest[open..close].to_ascii_lowercase();
        if ["<p", "</p", "<div", "</div", "<br", "<li", "<h"]
            .iter()
            .any(|t| tag.starts_with(t))
        {
            out.push('\n');
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    paragraphs(&out)
}

/// The text of an HTML fragment (a feed item's content) with paragraphs separated by
/// blank lines. It does not look for an article: the fragment is taken to be one.
pub fn fragment_text(html: &str) -> String {
    if nesting_depth(html) > DEFAULT_MAX_DEPTH {
        return flat_text(html);
    }
    let doc = dom_query::Document::from(html);
    paragraphs(&doc.formatted_text())
}

/// Normalises extracted text into paragraphs: lines are trimmed, runs of white space
/// inside a line collapse, and each non-empty line becomes a paragraph.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut first = true;
        for word in line.split_whitespace() {
            if first {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
}

/// Splits a byline ("By Ana Ruiz and Tom Bell") into names.
pub fn split_byline(byline: &str) -> Vec<String> {
    let b = byline.trim();
    let b = b
        .strip_prefix("By ")
        .or_else(|| b.strip_prefix("by "))
        .or_else(|| b.strip_prefix("BY "))
        .unwrap_or(b);
    b.split([',', ';', '|'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Normalises a date as pages and feeds write it (RFC 3339, ISO 8601 with or without a
/// time, RFC 2822) to ISO 8601: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` in the time zone the
/// date was written in.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.format("%Y-%m-%dT%H:%M").to_string());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.format("%Y-%m-%dT%H:%M").to_string());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt.format("%Y-%m-%dT%H:%M").to_string());
        }
    }
    let day = s.get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Dam fails - The Valley Post</title>
<meta property="og:site_name" content="The Valley Post">
<meta property="og:title" content="Dam fails after storm">
<meta name="author" content="Ana Ruiz">
<meta property="article:published_time" content="2024-10-28T05:06:00+02:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Dam fails after storm</h1>
<p>The old dam above the town of Merrow gave way on Sunday night after three days of rain, officials said.</p>
<p>About 40 homes were flooded, and rescue crews worked through the night to reach families on the far bank of the river.</p>
<p>The regional water authority said it had inspected the dam in March and found no sign of weakness in the wall.</p>
</article><footer>Copyright The Valley Post</footer></body></html>"#;

    #[test]
    fn article_and_metadata_are_read() {
        let page = decode_html(PAGE.as_bytes().to_vec(), None).unwrap();
        let page = extract(
            page,
            None,
            &Limits {
                max_elements: 100_000,
                max_depth: DEFAULT_MAX_DEPTH,
            },
        )
        .unwrap();
        assert!(
            page.text.contains("gave way on Sunday night"),
            "{}",
            page.text
        );
        assert!(page.text.contains("\n\nAbout 40 homes"), "{}", page.text);
        assert!(!page.text.contains("Copyright"), "{}", page.text);
        assert_eq!(page.meta.outlet.as_deref(), Some("The Valley Post"));
        assert_eq!(page.meta.authors, Some(vec!["Ana Ruiz".to_string()]));
        assert_eq!(page.meta.published.as_deref(), Some("2024-10-28T05:06"));
        assert_eq!(page.meta.language.as_deref(), Some("en"));
    }

    #[test]
    fn charset_precedence() {
        let raw = b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9</body></html>";
        let page = decode_html(raw.to_vec(), None).unwrap();
        assert_eq!(page.encoding, "windows-1252");
        assert!(page.text.contains("café"));
        let page = decode_html(raw.to_vec(), Some("iso-8859-2")).unwrap();
        assert_eq!(page.encoding, "ISO-8859-2");
    }

    #[test]
    fn sniffing_and_dates() {
        assert!(looks_like_html(b"\n  <!DOCTYPE HTML><html>"));
        assert!(looks_like_html(b"<html lang=en>"));
        assert!(!looks_like_html(b"Plain text <html>"));
        assert_eq!(
            iso_date("Mon, 28 Oct 2024 05:06:00 GMT").as_deref(),
            Some("2024-10-28T05:06")
        );
        assert_eq!(iso_date("2024-10-28").as_deref(), Some("2024-10-28"));
        assert_eq!(iso_date("yesterday"), None);
        assert_eq!(
            split_byline("By Ana Ruiz and Tom Bell"),
            vec!["Ana Ruiz", "Tom Bell"]
        );
    }

    #[test]
    fn depth_is_counted_cheaply() {
        assert_eq!(
            nesting_depth("<html><body><p>a<br>b</p><img src=x></body></html>"),
            3
        );
        assert_eq!(nesting_depth("<div><script>if (a<b) {}</script></div>"), 2);
        let deep = "<div>".repeat(5000);
        assert_eq!(nesting_depth(&deep), 5000);
        assert_eq!(flat_text("<div><p>One</p><p>Two</p></div>"), "One\n\nTwo\n");
    }

    #[test]
    fn fragments_become_paragraphs() {
        let text = fragment_text("<p>One &amp; two.</p><p>Three\n four.</p>");
        assert_eq!(text, "One & two.\n\nThree four.\n");
    }
}
