//! The vocabulary every crosscheck stage speaks: documents, spans, claims, quantities,
//! time values, entities, groups, links and diagnostics.
//!
//! This crate does no I/O and holds no logic beyond small constructors and helpers on
//! its own types. Every stage depends on it; it depends on no stage. The serialised form
//! of [`Report`] is the public JSON contract (`docs/report-schema.json`), so field names
//! and enum spellings here are part of a versioned interface: extend, never rename.

use serde::{Deserialize, Serialize};

/// Version of the JSON report contract. Bump the minor part for additive changes and the
/// major part (and the schema's `$id`) for breaking ones.
pub const SCHEMA_VERSION: &str = "1.1";

/// A half-open byte range `[start, end)` into a UTF-8 string named by context
/// (a document's `body` or its decoded `text`). Serialised as `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Shifts both ends by `offset`.
    pub fn offset(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    /// The slice of `text` this span covers, or `None` when it is out of bounds or does not
    /// fall on character boundaries.
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.start..self.end)
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(d)?;
        if start > end {
            return Err(serde::de::Error::custom("span start is after its end"));
        }
        Ok(Span { start, end })
    }
}

/// The input formats the ingest stage recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    /// An HTML page; the body is the article the extractor found in it.
    Html,
    /// One `response` record of a WARC archive.
    Warc,
    /// One item of an RSS or Atom feed.
    Feed,
    /// One line of a JSON Lines file.
    Jsonl,
}

/// Metadata the user already has for a document (from `--published` or a sidecar
/// `NAME.meta.json`). Every field that is set wins over what the stages infer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GivenMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub authors: Option<Vec<String>>,
    /// An ISO 8601 date or date-time.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// An ISO 8601 date or date-time of the last modification.
    #[serde(default)]
    pub modified: Option<String>,
    /// A language tag (`en`, `pt-BR`).
    #[serde(default)]
    pub language: Option<String>,
}

/// A header field read from the text of a document (headline, byline, date line,
/// dateline, outlet statement), with the span of the line it came from in the decoded
/// text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderField {
    pub field: HeaderKind,
    /// The line or phrase as it appears in the text.
    pub text: String,
    /// Span into the document's decoded `text`.
    pub span: Span,
    /// What was read from it (a name list, an ISO date, a place).
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderKind {
    Headline,
    Byline,
    DateLine,
    Dateline,
    Outlet,
    SectionLabel,
}

/// Why a stretch of text was taken out of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// "Read More: …", "Related News |", "You may also like", share and comment prompts.
    Navigation,
    /// A list of other stories (headlines, teasers, their time stamps) under a label.
    StoryList,
    /// A photo caption or credit.
    Caption,
    /// A paragraph that repeats an earlier one verbatim.
    Repeated,
    /// A short label naming the section of the site ("World News").
    SectionLabel,
    /// A line that recurs across many documents and is not prose.
    CrossDocument,
    /// Interface text after the end of the article ("Comments are closed.").
    Trailer,
}

impl RemovalReason {
    /// A sentence a person can read in the report.
    pub fn explain(self) -> &'static str {
        match self {
            RemovalReason::Navigation => "navigation or promotion link, not part of the article",
            RemovalReason::StoryList => "list of other stories under a navigation label",
            RemovalReason::Caption => "photo caption or credit",
            RemovalReason::Repeated => "repeats an earlier paragraph verbatim",
            RemovalReason::SectionLabel => "section label of the site",
            RemovalReason::CrossDocument => "non-prose line repeated across documents",
            RemovalReason::Trailer => "page interface text after the end of the article",
        }
    }
}

/// A stretch of the decoded text that is not part of the article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub text: String,
    /// Span into the document's decoded `text`.
    pub span: Span,
    pub reason: RemovalReason,
    /// The evidence behind the reason, in words.
    pub detail: String,
}

/// Maps a stretch of `body` back to the decoded `text` it was copied from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub body: Span,
    pub text: Span,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Derived from the content (see [`DocId`]): stable whatever the file order.
    pub id: String,
    /// The path or URI as the user gave it (`-` for standard input).
    pub source: String,
    pub format: Format,
    /// The character encoding the input was decoded from (`UTF-8`, `windows-1252`).
    pub encoding: String,
    pub title: Option<String>,
    /// True when no headline was found and the title was taken from the first sentence.
    #[serde(default)]
    pub title_inferred: bool,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    /// ISO 8601 date or date-time.
    pub published: Option<String>,
    pub published_inferred: bool,
    /// ISO 8601 date or date-time of the last modification, when the input states it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub modified: Option<String>,
    /// The language tag the input declares (`en`, `pt-BR`), when it declares one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub language: Option<String>,
    /// Bounds `[from, to]` when only a range is known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published_range: Option<[String; 2]>,
    /// The place of the dateline ("SEOUL"), when the article has one.
    pub dateline: Option<String>,
    /// The cleaned article text: paragraphs separated by a blank line.
    pub body: String,
    /// What was taken out of the text, and why.
    pub removed: Vec<Removed>,
    /// Header lines read as metadata (and so not in the body).
    pub header: Vec<HeaderField>,
    /// Where each stretch of `body` came from in `text`.
    pub segments: Vec<Segment>,
    /// Number of bytes of the decoded text.
    pub text_len: usize,
    /// The decoded input. Not part of the JSON report: it can be large, and `segments`
    /// map every body span back into it.
    #[serde(skip)]
    pub text: String,
    /// Metadata the user gave; it wins over everything else.
    #[serde(skip)]
    pub given: GivenMeta,
    /// Metadata the input format states (HTML meta tags and JSON-LD, feed item fields,
    /// JSON Lines fields, WARC headers); it wins over what the clean stage reads from the
    /// text, and loses to `given`.
    #[serde(skip)]
    pub found: GivenMeta,
}

impl Document {
    /// A document read from `source` whose decoded text is `text`, before cleaning: every
    /// field the stages fill is empty.
    pub fn new(
        id: impl Into<String>,
        source: impl Into<String>,
        text: impl Into<String>,
    ) -> Document {
        let text = text.into();
        Document {
            id: id.into(),
            source: source.into(),
            format: Format::Text,
            encoding: "UTF-8".to_string(),
            title: None,
            title_inferred: false,
            outlet: None,
            authors: Vec::new(),
            url: None,
            published: None,
            published_inferred: false,
            modified: None,
            language: None,
            published_range: None,
            dateline: None,
            body: String::new(),
            removed: Vec::new(),
            header: Vec::new(),
            segments: Vec::new(),
            text_len: text.len(),
            text,
            given: GivenMeta::default(),
            found: GivenMeta::default(),
        }
    }

    /// The name of the file the document came from, without its folder and extension,
    /// with the record number of a multi-record input (`feed#3`); `None` for standard
    /// input. Reports use it for a document whose outlet is unknown.
    pub fn source_name(&self) -> Option<String> {
        let (path, record) = self.source.rsplit_once('#').unwrap_or((&self.source, ""));
        let stem = std::path::Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|s| !s.is_empty() && *s != "-")?;
        Some(if record.is_empty() {
            stem.to_string()
        } else {
            format!("{stem}#{record}")
        })
    }

    /// Maps a span of `body` to the span of decoded `text` it came from. Each end is
    /// mapped through the segment that holds it, so a span that joins wrapped lines maps
    /// to the stretch of text from its first character to its last.
    pub fn body_to_text(&self, span: Span) -> Option<Span> {
        let start_seg = self.segments.iter().find(|s| {
            s.body.start <= span.start && span.start < s.body.end.max(s.body.start + 1)
        })?;
        let end_seg = self
            .segments
            .iter()
            .find(|s| s.body.start < span.end && span.end <= s.body.end)?;
        let start = start_seg.text.start + (span.start - start_seg.body.start);
        let end = end_seg.text.start + (span.end - end_seg.body.start);
        (start <= end).then(|| Span::new(start, end))
    }
}

/// How a number is hedged in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    Approx,
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
    Range,
}

/// A number found in a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub text: String,
    /// Span into the document's `body`.
    pub span: Span,
    pub value: f64,
    /// Upper bound, for ranges.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value_max: Option<f64>,
    pub qualifier: Qualifier,
    /// The thing counted, as a lemma ("soldier"), or the currency or unit.
    pub unit: Option<String>,
}

/// A time expression found in a claim, resolved to an ISO 8601 value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeValue {
    pub text: String,
    /// Span into the document's `body`.
    pub span: Span,
    /// A day `2024-10-27`, a month `2024-12`, a week `2024-W43` or an interval
    /// `2024-10-08/2024-10-13`.
    pub value: String,
}

/// How a reporting phrase presents what it reports: the align stage compares stances
/// ("has yet to confirm" on one day, "confirmed" later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// A neutral reporting verb: said, told, added, noted, stated, according to.
    Stated,
    /// Reported by a medium: reported, wrote, published, a post on, citing.
    Reported,
    /// confirmed, acknowledged, verified.
    Confirmed,
    /// denied, rejected, dismissed, refuted.
    Denied,
    /// claimed, alleged, insisted.
    Claimed,
    /// estimated, assessed, believed, calculated.
    Estimated,
    /// warned, cautioned, threatened.
    Warned,
    /// has yet to confirm, could not confirm, did not confirm, declined to confirm.
    Unconfirmed,
}

/// Who a claim is attributed to, and the reporting phrase that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The origin the text names, with its role or description as written
    /// ("White House spokesperson Jane Roe", "officials", "the country's intelligence
    /// agency").
    pub source: String,
    /// The entity id of the source, once entities are resolved.
    pub entity: Option<String>,
    /// The chain through which the claim reached the page, outermost first: the outlet
    /// that published the document, what it cites, what that one cites.
    pub via: Vec<String>,
    /// Span of the reporting phrase in the document's `body`.
    pub span: Span,
    /// Span of the source's name in the document's `body`, when the text names it.
    #[serde(default)]
    pub source_span: Option<Span>,
    /// The reporting verb or phrase, lemmatised (`say`, `confirm`, `according to`).
    #[serde(default)]
    pub verb: String,
    #[serde(default = "default_stance")]
    pub stance: Stance,
    /// True when the sentence names no source itself and continues the reported speech
    /// of an earlier sentence ("He added…", a second quoted sentence); `span` and
    /// `source_span` then point into that earlier sentence.
    #[serde(default)]
    pub inherited: bool,
    /// Span of the quoted words in this sentence, when the claim is a direct quote.
    #[serde(default)]
    pub quote: Option<Span>,
}

fn default_stance() -> Stance {
    Stance::Stated
}

/// One sentence of a body, with what was read from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub doc: String,
    /// Span into the document's `body`.
    pub span: Span,
    pub text: String,
    pub attribution: Option<Attribution>,
    pub quantities: Vec<Quantity>,
    pub times: Vec<TimeValue>,
    /// Ids of the entities mentioned.
    pub entities: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

/// A place in a document where an entity is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub doc: String,
    /// Span into the document's `body`.
    pub span: Span,
}

/// Why a name was merged into an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The name merged in.
    pub alias: String,
    /// The evidence, in words ("acronym defined next to it in d0123456789ab").
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub mentions: Vec<Mention>,
    /// One entry per alias: why it names the same actor.
    #[serde(default)]
    pub merges: Vec<Merge>,
    /// Ids of the documents this entity published, when it is the outlet of documents in
    /// the corpus.
    #[serde(default)]
    pub outlet_of: Vec<String>,
}

/// Documents about the same event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable id derived from the ids of its documents.
    pub id: String,
    /// A short name for the story, from its documents' titles and shared terms.
    pub label: String,
    /// Ids of its documents, earliest first.
    pub documents: Vec<String>,
    /// Why these documents were put together, in words.
    pub reason: String,
    /// The story brief: what a reader should know first, each line backed by claims.
    #[serde(default)]
    pub brief: Vec<BriefLine>,
}

/// The part of a story brief a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BriefSection {
    Agreed,
    Disputed,
    Changed,
    Single,
    First,
    Copied,
    Timeline,
}

/// One line of a story brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefLine {
    pub section: BriefSection,
    pub text: String,
    /// Ids of the claims the line rests on.
    pub claims: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    Agreed,
    Conflicting,
    Evolving,
    Single,
}

/// What a claim group is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// Something that happened.
    Event,
    /// A count or amount.
    Figure,
    /// The same quoted words.
    Quote,
    /// A position or statement of an actor.
    Statement,
}

/// Claims from different documents about the same fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub claims: Vec<String>,
    pub status: GroupStatus,
    pub reason: String,
    /// Id of the story the group belongs to.
    #[serde(default)]
    pub story: String,
    #[serde(default = "default_group_kind")]
    pub kind: GroupKind,
    /// Id of the claim of the earliest report.
    #[serde(default)]
    pub first: Option<String>,
    /// Ids of claims that add nothing to earlier ones (copies, restatements).
    #[serde(default)]
    pub adds_nothing: Vec<String>,
}

fn default_group_kind() -> GroupKind {
    GroupKind::Event
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Cites,
    Reuses,
    Duplicates,
}

/// A pair of aligned passages: `from` in the linking document's body, `to` in the
/// linked one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub from: Span,
    pub to: Span,
}

/// A relation between two documents (or a document and an entity), with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub from: String,
    pub to: String,
    pub kind: LinkKind,
    pub evidence: String,
    /// Strength of the evidence in `[0, 1]` (share of aligned text for `reuses`).
    #[serde(default)]
    pub score: Option<f64>,
    /// Aligned passages for `reuses` and `duplicates`; for `cites`, `from` is the citing
    /// phrase and `to` is empty.
    #[serde(default)]
    pub passages: Vec<Passage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something was read in a degraded way (an encoding guessed, a header ambiguous).
    Info,
    /// Part of the input could not be used.
    Warning,
    /// An input could not be read at all.
    Error,
}

/// A problem met in untrusted input: data, not an error. The run goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// A stable machine-readable code, such as `input.empty` or `decode.latin1`.
    pub code: String,
    pub severity: Severity,
    /// The path or URI as given.
    pub source: String,
    /// The document id, when a document was made.
    pub doc: Option<String>,
    /// Byte offset in the input where the problem was seen.
    pub offset: Option<u64>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        code: &str,
        severity: Severity,
        source: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: code.to_string(),
            severity,
            source: source.into(),
            doc: None,
            offset: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, offset: u64) -> Diagnostic {
        self.offset = Some(offset);
        self
    }

    pub fn for_doc(mut self, doc: &str) -> Diagnostic {
        self.doc = Some(doc.to_string());
        self
    }
}

/// The whole result of an analysis: the JSON contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: String,
    pub documents: Vec<Document>,
    pub claims: Vec<Claim>,
    pub entities: Vec<Entity>,
    pub groups: Vec<Group>,
    pub links: Vec<Link>,
    pub diagnostics: Vec<Diagnostic>,
    /// Documents grouped by the event they report.
    #[serde(default)]
    pub stories: Vec<Story>,
    /// Per story and counted thing, every value reported.
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// Dated events of each story, in order.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
}

/// Every value reported for one counted thing in one story: the figures table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub story: String,
    /// What is counted, in words ("troops sent", "containers of munitions").
    pub label: String,
    /// The unit lemma the values share ("soldier").
    pub unit: Option<String>,
    pub rows: Vec<FigureRow>,
    pub status: GroupStatus,
    /// Why the values agree, conflict or evolve, in words.
    pub reason: String,
}

/// One reported value in a figures table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    pub claim: String,
    pub doc: String,
    /// Span of the number in the document's `body`.
    pub span: Span,
    pub value: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value_max: Option<f64>,
    pub qualifier: Qualifier,
    /// What the number covers beyond its unit, as written ("by December", "special
    /// forces"), when the sentence says.
    pub scope: Option<String>,
    /// Who the claim is attributed to.
    pub source: Option<String>,
    /// The outlet of the document.
    pub outlet: Option<String>,
    /// The date the figure is as of (a resolved time of the claim, else the document's
    /// reference date).
    pub date: Option<String>,
}

/// One dated event of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub story: String,
    /// ISO 8601 value: a day, a month, a week or an interval.
    pub date: String,
    /// What happened, in words (a claim's text, shortened).
    pub label: String,
    /// Ids of the claims that date it.
    pub claims: Vec<String>,
    /// The sources behind those claims.
    pub sources: Vec<String>,
}

impl Default for Report {
    fn default() -> Report {
        Report {
            schema_version: SCHEMA_VERSION.to_string(),
            documents: Vec::new(),
            claims: Vec::new(),
            entities: Vec::new(),
            groups: Vec::new(),
            links: Vec::new(),
            diagnostics: Vec::new(),
            stories: Vec::new(),
            figures: Vec::new(),
            timeline: Vec::new(),
        }
    }
}

/// Content-derived identifiers.
pub mod ids {
    use xxhash_rust::xxh3::xxh3_64;

    /// The id of a document: `d` and 12 hex digits of the XXH3 hash of its raw bytes.
    pub fn document(raw: &[u8]) -> String {
        format!("d{:012x}", xxh3_64(raw) >> 16)
    }

    /// The id of a claim: its document id and its ordinal in the body.
    pub fn claim(doc: &str, ordinal: usize) -> String {
        format!("{doc}:c{ordinal}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_serialises_as_pair_and_rejects_reversed() {
        let s = Span::new(3, 9);
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,9]");
        assert_eq!(serde_json::from_str::<Span>("[3,9]").unwrap(), s);
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
    }

    #[test]
    fn span_slice_respects_char_boundaries() {
        let text = "naïve";
        assert_eq!(Span::new(0, 2).slice(text), Some("na"));
        assert_eq!(Span::new(0, 3).slice(text), None);
        assert_eq!(Span::new(0, 99).slice(text), None);
    }

    #[test]
    fn document_ids_depend_only_on_content() {
        assert_eq!(ids::document(b"abc"), ids::document(b"abc"));
        assert_ne!(ids::document(b"abc"), ids::document(b"abd"));
        assert_eq!(ids::document(b"abc").len(), 13);
    }

    #[test]
    fn source_names() {
        let name = |src: &str| Document::new("d1", src, "").source_name();
        assert_eq!(name("a/b/03-post.txt").as_deref(), Some("03-post"));
        assert_eq!(name("crawl.warc.gz#4").as_deref(), Some("crawl.warc#4"));
        assert_eq!(name("-"), None);
    }

    #[test]
    fn body_spans_map_back_to_text() {
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
        let t = doc.body_to_text(Span::new(7, 13)).unwrap();
        assert_eq!(t.slice(&doc.text), Some("Delta."));
        let across = doc.body_to_text(Span::new(0, 13)).unwrap();
        assert_eq!(across.slice(&doc.text), Some("Beta.\nGamma\nDelta."));
        assert_eq!(doc.body_to_text(Span::new(5, 7)), None);
    }
}
