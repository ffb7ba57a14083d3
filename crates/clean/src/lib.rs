//! The clean stage: reads a decoded document the way a person does. It takes the header
//! lines (headline, byline, date line, section label) and the dateline out of the text as
//! metadata, removes what is not the article (navigation and promotion, lists of other
//! stories, photo captions, repeated paragraphs, page furniture after the end) with the
//! reason for each removal, and builds the cleaned `body` with a map back to the text.
//!
//! Decisions rest on general evidence: the shape of a line (length, punctuation, title
//! case, interface vocabulary), its position, repetition within and across documents, and
//! vocabulary overlap with the rest of the article. No site or phrase is special-cased.
//! When in doubt a paragraph is kept: losing a sentence of the story is worse than keeping
//! a stray line. This stage does not split sentences or read claims (that is `extract`).

pub mod dates;
mod lines;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use model::{
    Diagnostic, Document, HeaderField, HeaderKind, RemovalReason, Removed, Segment, Severity, Span,
};
use regex::Regex;

pub use lines::{Para, paragraphs};

/// Thresholds of the cleaning rules.
#[derive(Debug, Clone)]
pub struct Config {
    /// How many paragraphs from the top may be header lines.
    pub max_header_paragraphs: usize,
    /// Inside a list of other stories, a teaser-shaped prose paragraph whose content words
    /// overlap the article's by at least this share ends the list (the article resumes).
    pub list_exit_overlap: f32,
    /// A non-prose line seen in at least this many documents is page furniture.
    pub cross_doc_min_docs: u32,
    /// Longest inferred title, in characters.
    pub max_title_chars: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_header_paragraphs: 8,
            list_exit_overlap: 0.5,
            cross_doc_min_docs: 3,
            max_title_chars: 110,
        }
    }
}

/// A hasher for keys that are already 64-bit hashes (xxh3 of a line or a paragraph): it
/// passes them through instead of hashing them a second time. Word keys (`u128`, see
/// `lines::content_word_keys`) get one multiplication.
#[derive(Debug, Clone, Copy, Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed with this hasher; other input is folded in anyway
        // so that the hasher stays correct if that changes.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write_u128(&mut self, n: u128) {
        // Word keys pack a word's bytes, not a hash of them: both halves are mixed, and
        // the high bits of the product folded down, as the table indexes by low bits.
        let h =
            ((n as u64) ^ ((n >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 32);
    }
}

/// Builds [`PassThrough`] hashers for sets and maps keyed by 64-bit hashes.
type HashKeys = BuildHasherDefault<PassThrough>;

/// How many distinct lines [`CorpusStats`] counts before it starts sampling: 7/8 of
/// 2^19, the most a table of 2^19 slots holds, so the table stays under about 9 MB
/// (16 bytes of key and count plus one control byte per slot) whatever the corpus size.
/// A story corpus of 100 MB of news holds about a fifth of that.
pub const DEFAULT_MAX_LINES: usize = 458_752;

/// Counts of short non-prose lines across the documents of a run, so that a line repeated
/// by many documents (a site's section label, a share prompt) can be recognised.
///
/// Memory is bounded: once more than `max_lines` distinct lines have been seen, only a
/// sample of them is counted, chosen by hash (the lines whose 64-bit hash starts with
/// `level` zero bits), and the sample is halved until it fits. Counts inside the sample
/// stay exact, because a line in the final sample was in every earlier, larger one. A
/// line outside the sample counts as seen in no other document, so it is kept: the safe
/// direction, as losing a line of the story is worse than keeping a stray one. The sample
/// depends only on the set of lines seen, never on the order of documents or how the
/// counting was split between threads, so results stay independent of both.
#[derive(Debug, Clone)]
pub struct CorpusStats {
    line_docs: HashMap<u64, u32, HashKeys>,
    /// Lines are counted only when their hash has at least this many leading zero bits.
    level: u32,
    max_lines: usize,
    /// Scratch buffers reused across documents.
    keys: Vec<u64>,
    norm: String,
}

impl Default for CorpusStats {
    fn default() -> CorpusStats {
        CorpusStats::with_max_lines(DEFAULT_MAX_LINES)
    }
}

impl CorpusStats {
    /// Empty statistics that count at most `max_lines` distinct lines (at least one).
    pub fn with_max_lines(max_lines: usize) -> CorpusStats {
        CorpusStats {
            line_docs: HashMap::default(),
            level: 0,
            max_lines: max_lines.max(1),
            keys: Vec::new(),
            norm: String::new(),
        }
    }

    /// Adds one document's short non-prose lines (each counted once per document).
    pub fn add(&mut self, text: &str) {
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        // Wrapped paragraphs are prose, never furniture, so plain lines suffice here.
        for line in lines::line_texts(text) {
            if let Some(key) = furniture_key(line, &mut self.norm) {
                keys.push(key);
            }
        }
        keys.sort_unstable();
        keys.dedup();
        for &key in &keys {
            self.count(key, 1);
        }
        self.keys = keys;
        self.enforce_bound();
    }

    /// Merges counts gathered separately (for parallel collection).
    pub fn merge(&mut self, other: CorpusStats) {
        self.level = self.level.max(other.level);
        for (key, n) in other.line_docs {
            self.count(key, n);
        }
        self.enforce_bound();
    }

    /// How many distinct lines are counted now.
    pub fn len(&self) -> usize {
        self.line_docs.len()
    }

    /// True when no line is counted.
    pub fn is_empty(&self) -> bool {
        self.line_docs.is_empty()
    }

    /// How many leading zero bits a line's hash needs to be counted: 0 until the table
    /// first fills, then one more each time the sample is halved.
    pub fn sample_level(&self) -> u32 {
        self.level
    }

    fn count(&mut self, key: u64, n: u32) {
        if key.leading_zeros() >= self.level {
            let count = self.line_docs.entry(key).or_insert(0);
            *count = count.saturating_add(n);
        }
    }

    fn enforce_bound(&mut self) {
        while self.line_docs.len() > self.max_lines && self.level < 64 {
            self.level += 1;
            let level = self.level;
            self.line_docs.retain(|key, _| key.leading_zeros() >= level);
        }
    }

    fn docs_with(&self, text: &str) -> u32 {
        let mut norm = String::new();
        furniture_key(text, &mut norm)
            .and_then(|k| self.line_docs.get(&k).copied())
            .unwrap_or(0)
    }
}

/// The hash of a line that could be page furniture: short and not prose. `norm` is a
/// scratch buffer.
fn furniture_key(text: &str, norm: &mut String) -> Option<u64> {
    // Most paragraphs are long prose: count words before measuring anything else.
    if lines::words(text).nth(8).is_some() {
        return None;
    }
    let shape = lines::shape(text);
    if shape.words > 8 || shape.is_prose() {
        return None;
    }
    lines::normalise_into(text, norm);
    Some(xxhash_rust::xxh3::xxh3_64(norm.as_bytes()))
}

/// How far from the end of a paragraph a photo credit is looked for.
const CAPTION_TAIL_BYTES: usize = 200;

/// Whether a paragraph ends with a photo credit ("File Photo by …", "Credit: …").
fn is_caption(text: &str) -> bool {
    // A credit closes a caption, so only the last few words can hold it: searching the
    // tail keeps this cheap on long paragraphs.
    let mut from = text.len().saturating_sub(CAPTION_TAIL_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let tail = &text[from..];
    CREDIT
        .find(tail)
        .is_some_and(|m| tail[m.start()..].split_whitespace().count() <= 12)
}

/// What was decided for one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep,
    Header,
    Remove(RemovalReason),
}

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)(?:\b(?:file\s+)?(?:photo(?:graph)?|picture|image|pic|illustration|footage)s?\s*(?:by\b|courtesy\b|credit\b|:)|\bcredit\s*:|\(photo\b|\bgetty\s+images\b|\bshutterstock\b)",
    )
    .expect("static regex")
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:written\s+|words\s+|reporting\s+|story\s+)?by\s*:?\s+(?P<names>\S.*?)\s*$")
        .expect("static regex")
});
static NAME_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",\s*|\s+and\s+|\s*&\s*|\s*;\s*").expect("static regex"));
static DESK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?P<outlet>.+?)\s+(?:news\s*desk|desk|staff(?:\s+writers?|\s+reporters?)?|newsroom|editorial\s+(?:team|board|staff)|reporters|correspondents?)$",
    )
    .expect("static regex")
});
static AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)\b\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|months?)\s+ago\b|\s//\s",
    )
    .expect("static regex")
});
static TEASER_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*,\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?\s+\([^)\n]{1,40}\)\s*(?:--|—|–|-)\s",
    )
    .expect("static regex")
});
static NAV_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<label>[A-Z][\w'’]*(?:\s+[\w'’]+){0,3})\s*[:|»›>]\s+(?P<rest>\S.*)$")
        .expect("static regex")
});
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:,\s+[A-Z][A-Za-z.\-]+(?:\s+[A-Z][A-Za-z.\-]+){0,2})?)",
        r"(?:,\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?P<day>\d{1,2})(?:,\s+(?P<year>\d{4}))?))?",
        r"\s*(?:\((?P<agency>[^)\n]{1,40})\))?",
        r"\s*(?P<sep>--|—|–|-|:)\s+",
    ))
    .expect("static regex")
});

/// Cleans `doc` in place: fills its title, outlet, authors, published date, dateline,
/// header, body, segments and removed lists. Returns what was noticed on the way.
pub fn clean(doc: &mut Document, stats: &CorpusStats, config: &Config) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let paras = paragraphs(&doc.text);
    let shapes: Vec<lines::Shape> = paras.iter().map(|p| lines::shape(&p.text)).collect();
    let mut fates = vec![Fate::Keep; paras.len()];
    let mut details: Vec<String> = vec![String::new(); paras.len()];
    let mut header: Vec<HeaderField> = Vec::new();
    let mut headline: Option<String> = None;
    let mut byline_authors: Vec<String> = Vec::new();
    let mut byline_outlet: Option<String> = None;
    let mut line_date: Option<dates::LineDate> = None;

    // Each rule below asks whether a paragraph is a caption; it is decided once.
    let captions: Vec<bool> = paras.iter().map(|p| is_caption(&p.text)).collect();

    // The header zone runs to the first paragraph of prose that is not a caption.
    let header_end = shapes
        .iter()
        .zip(&captions)
        .position(|(s, &caption)| s.is_prose() && !caption)
        .unwrap_or(paras.len())
        .min(config.max_header_paragraphs);

    // The title the input states (HTML metadata, a feed item, the user), if any: a
    // headline read from the text must then be that title.
    let stated_title = doc.given.title.clone().or_else(|| doc.found.title.clone());
    let field = |kind: HeaderKind, para: &Para, value: String| HeaderField {
        field: kind,
        text: para.text.to_string(),
        span: para.span(),
        value,
    };

    for i in 0..header_end {
        let (p, s) = (&paras[i], &shapes[i]);
        if captions[i] {
            fates[i] = Fate::Remove(RemovalReason::Caption);
            continue;
        }
        if let Some(d) = dates::parse_date_line(&p.text) {
            if line_date.is_none() {
                line_date = Some(d);
            }
            header.push(field(HeaderKind::DateLine, p, d.iso()));
            fates[i] = Fate::Header;
            continue;
        }
        if let Some((authors, outlet)) = parse_byline(&p.text) {
            header.push(field(HeaderKind::Byline, p, authors.join("; ")));
            if byline_authors.is_empty() {
                byline_authors = authors;
            }
            if byline_outlet.is_none() {
                byline_outlet = outlet;
            }
            fates[i] = Fate::Header;
            continue;
        }
        if s.is_ui() {
            fates[i] = Fate::Remove(RemovalReason::Navigation);
            details[i] = "short line of page interface words".into();
            continue;
        }
        if headline.is_none()
            && s.alpha_words >= 3
            && s.words <= 40
            && headline_fits(&p.text, s, stated_title.as_deref())
        {
            headline = Some(p.text.to_string());
            header.push(field(HeaderKind::Headline, p, p.text.to_string()));
            fates[i] = Fate::Header;
            continue;
        }
        if headline.is_none() && s.words <= 4 && !s.ends_sentence {
            fates[i] = Fate::Remove(RemovalReason::SectionLabel);
            details[i] = "short label above the headline".into();
        }
    }

    // The body zone.
    let mut kept_norm: HashSet<u64, HashKeys> = HashSet::default();
    // The article's vocabulary is needed only for prose inside a list of other stories,
    // which is rare, so it is built on demand from the paragraphs kept so far.
    let mut vocab = Vocab::new(headline.as_deref());
    // Time stamps the page prints beside the article ("Updated at 1:23 p.m.") are
    // metadata wherever they sit, not text of the story.
    for i in header_end..paras.len() {
        if fates[i] == Fate::Keep && dates::is_stamp_line(&paras[i].text) {
            let value = dates::parse_date_line(&paras[i].text).map_or(String::new(), |d| d.iso());
            header.push(field(HeaderKind::DateLine, &paras[i], value));
            fates[i] = Fate::Header;
        }
    }
    let mut in_list = false;
    for i in 0..paras.len() {
        if fates[i] != Fate::Keep {
            continue;
        }
        let (p, s) = (&paras[i], &shapes[i]);
        // Paragraphs are trimmed lines (or wrapped lines joined by single spaces), so a
        // verbatim repeat has the same bytes.
        let norm = xxhash_rust::xxh3::xxh3_64(p.text.as_bytes());
        let fate = if captions[i] {
            details[i] = "ends with a photo credit".into();
            Fate::Remove(RemovalReason::Caption)
        } else if s.is_ui() {
            if s.list_word {
                in_list = true;
                details[i] = "label introducing a list of other stories".into();
            } else {
                details[i] = "short line of page interface words".into();
            }
            Fate::Remove(RemovalReason::Navigation)
        } else if !s.is_prose()
            && s.list_word
            && s.words <= 4
            && !s.ends_sentence
            && shapes.get(i + 1).is_some_and(|n| n.is_title_case())
        {
            // A short label such as "More from Politics" directly above headlines.
            in_list = true;
            details[i] = "label introducing a list of other stories".into();
            Fate::Remove(RemovalReason::Navigation)
        } else if !s.is_prose() && is_nav_link(&p.text) {
            details[i] = "label followed by the headline of another story".into();
            Fate::Remove(RemovalReason::Navigation)
        } else if kept_norm.contains(&norm) {
            details[i] = "same text as an earlier paragraph".into();
            Fate::Remove(RemovalReason::Repeated)
        } else if in_list {
            if s.is_prose() {
                // Prose inside a list is removed only with evidence that it is a teaser of
                // another story (a wire date stamp, or the time stamp line of a listing
                // just before it) and little in common with the article. Without such
                // evidence the article has resumed: losing a sentence is worse than
                // keeping a stray one.
                let stamped = TEASER_STAMP.is_match(&p.text)
                    || i > 0
                        && matches!(fates[i - 1], Fate::Remove(_))
                        && AGO.is_match(&paras[i - 1].text);
                let overlap = if stamped {
                    overlap(&p.text, vocab.upto(i, &fates, &paras, &shapes))
                } else {
                    1.0
                };
                if stamped && overlap < config.list_exit_overlap {
                    details[i] = format!(
                        "teaser of another story in a list (wire date stamp or listing time stamp), sharing {:.0}% of its content words with the article",
                        overlap * 100.0
                    );
                    Fate::Remove(RemovalReason::StoryList)
                } else {
                    in_list = false;
                    Fate::Keep
                }
            } else {
                details[i] = "headline or time stamp in a list of other stories".into();
                Fate::Remove(RemovalReason::StoryList)
            }
        } else if !s.is_prose() && AGO.is_match(&p.text) {
            details[i] = "time stamp of a listed story".into();
            Fate::Remove(RemovalReason::Navigation)
        } else if !s.is_prose() && stats.docs_with(&p.text) >= config.cross_doc_min_docs {
            details[i] = format!(
                "appears in {} documents of this run",
                stats.docs_with(&p.text)
            );
            Fate::Remove(RemovalReason::CrossDocument)
        } else {
            Fate::Keep
        };
        fates[i] = fate;
        if fate == Fate::Keep {
            kept_norm.insert(norm);
        }
    }

    // Interface text after the last paragraph of prose.
    if let Some(last_prose) = (0..paras.len())
        .rev()
        .find(|&i| fates[i] == Fate::Keep && shapes[i].is_prose())
    {
        // A list the article introduces ("The tour dates:", "Here's what to know:", or a
        // heading in the article's own words such as "The Band's Tour Dates") is part of
        // it: its short lines are kept, and only interface lines among them go.
        // The article's vocabulary is built only if a list label or heading needs it,
        // and only once: no paragraph before `last_prose + 1` changes fate from here on.
        let mut article_overlap = |text: &str, fates: &[Fate]| {
            overlap(text, vocab.upto(last_prose + 1, fates, &paras, &shapes))
        };
        let next = last_prose + 1;
        let label_of_list = next < paras.len() && {
            let text = paras[next].text.trim_end();
            text.ends_with(':')
                && matches!(
                    fates[next],
                    Fate::Keep | Fate::Remove(RemovalReason::Navigation)
                )
                && (!shapes[next].is_ui() || article_overlap(text, &fates) > 0.0)
        };
        if label_of_list && fates[next] != Fate::Keep {
            fates[next] = Fate::Keep;
            details[next].clear();
        }
        let first_after = (next..paras.len()).find(|&i| fates[i] == Fate::Keep);
        // Whether the article introduces what follows matters only for a line that would
        // otherwise go, so it (and the vocabulary it may need) is worked out only then.
        let mut introduced = None;
        for i in next..paras.len() {
            if fates[i] != Fate::Keep || shapes[i].ends_sentence || shapes[i].words > 8 {
                continue;
            }
            let introduced = *introduced.get_or_insert_with(|| {
                paras[last_prose].text.trim_end().ends_with(':')
                    || label_of_list
                    || first_after.is_some_and(|j| article_overlap(&paras[j].text, &fates) >= 0.5)
            });
            if introduced && (!shapes[i].is_ui() || i == next && label_of_list) {
                continue;
            }
            {
                fates[i] = Fate::Remove(RemovalReason::Trailer);
                details[i] =
                    "short line without sentence punctuation after the end of the article".into();
            }
        }
    }

    // The dateline opens one of the first kept paragraphs.
    let mut dateline_cut: Option<(usize, usize)> = None;
    let mut dateline_agency: Option<String> = None;
    for i in (0..paras.len()).filter(|&i| fates[i] == Fate::Keep).take(2) {
        let p = &paras[i];
        if !may_open_with_dateline(&p.text) {
            continue;
        }
        // The cheap search finds where the dateline ends; the groups are then read from
        // that prefix only. The regex has no assertion after its last item, so the
        // prefix gives the same match, and the capturing engine does not walk the rest
        // of the paragraph.
        let Some(end) = DATELINE.find(&p.text).map(|m| m.end()) else {
            continue;
        };
        if let Some(c) = DATELINE.captures(&p.text[..end]) {
            let place = c["place"].trim().to_string();
            let letters = place.chars().filter(|c| c.is_uppercase()).count();
            let has_marker = c.name("agency").is_some()
                || c.name("date").is_some()
                || c["sep"].starts_with(['-', '—', '–']);
            if letters < 2 || !has_marker {
                continue;
            }
            let whole = c.get(0).expect("group 0 always matches");
            let prefix = p.text[..whole.end()].trim_end().to_string();
            header.push(HeaderField {
                field: HeaderKind::Dateline,
                text: prefix.clone(),
                span: Span::new(p.span.start, p.span.start + whole.end()),
                value: place.clone(),
            });
            doc.dateline = Some(place);
            if let Some(agency) = c.name("agency") {
                dateline_agency = Some(agency.as_str().trim().to_string());
            }
            if let (Some(_), Some(day)) = (c.name("date"), c.name("day")) {
                let month = c["date"]
                    .split_whitespace()
                    .next()
                    .and_then(dates::month_number);
                let year = c.name("year").and_then(|y| y.as_str().parse::<i32>().ok());
                let year = year.or_else(|| line_date.map(|d| chrono::Datelike::year(&d.date)));
                if let (Some(m), Some(y), Ok(d)) = (month, year, day.as_str().parse::<u32>())
                    && let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d)
                {
                    match line_date {
                        None => {
                            line_date = Some(dates::LineDate { date, time: None });
                        }
                        Some(ld) if ld.date != date => diags.push(
                            Diagnostic::new(
                                "clean.dateline_mismatch",
                                Severity::Info,
                                &doc.source,
                                format!(
                                    "dateline date {date} differs from the date line {}",
                                    ld.date
                                ),
                            )
                            .for_doc(&doc.id)
                            .at(p.span.start as u64),
                        ),
                        Some(_) => {}
                    }
                }
            }
            dateline_cut = Some((i, whole.end()));
            break;
        }
    }

    // Build the body and its map back to the text.
    let mut body = String::new();
    let mut segments = Vec::new();
    let mut removed = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        match fates[i] {
            Fate::Header => {}
            Fate::Remove(reason) => removed.push(Removed {
                text: p.text.to_string(),
                span: p.span(),
                reason,
                detail: if details[i].is_empty() {
                    reason.explain().to_string()
                } else {
                    details[i].clone()
                },
            }),
            Fate::Keep => {
                let cut = match dateline_cut {
                    Some((j, cut)) if j == i => cut,
                    _ => 0,
                };
                if !body.is_empty() {
                    body.push_str("\n\n");
                }
                let mut skip = cut;
                for (k, line) in p.lines(&doc.text).enumerate() {
                    let line_text = &doc.text[line.start..line.end];
                    if skip >= line_text.len() {
                        skip -= line_text.len() + 1;
                        continue;
                    }
                    if k > 0 && skip == 0 && !body.ends_with("\n\n") && !body.is_empty() {
                        body.push(' ');
                    }
                    let piece = &line_text[skip..];
                    let start = body.len();
                    body.push_str(piece);
                    segments.push(Segment {
                        body: Span::new(start, body.len()),
                        text: Span::new(line.start + skip, line.end),
                    });
                    skip = 0;
                }
            }
        }
    }

    // Metadata: what the user gave wins, then what the input format stated (HTML meta
    // tags, feed fields), then what the text states.
    let given = doc.given.clone();
    let found = std::mem::take(&mut doc.found);
    doc.title = given.title.clone().or(found.title.clone()).or(headline);
    if doc.title.is_none() {
        doc.title = infer_title(&body, config.max_title_chars);
        doc.title_inferred = doc.title.is_some();
    }
    doc.authors = given
        .authors
        .clone()
        .or(found.authors.clone().filter(|a| !a.is_empty()))
        .unwrap_or(byline_authors);
    doc.outlet = given
        .outlet
        .clone()
        .or(found.outlet.clone())
        .or(byline_outlet.clone())
        .or(dateline_agency.clone());
    if let Some(outlet) = byline_outlet.or(dateline_agency) {
        let (text, span) = header
            .iter()
            .find(|h| matches!(h.field, HeaderKind::Byline | HeaderKind::Dateline))
            .map(|h| (h.text.clone(), h.span))
            .unwrap_or_default();
        header.push(HeaderField {
            field: HeaderKind::Outlet,
            text,
            span,
            value: outlet,
        });
    }
    doc.url = given.url.clone().or(found.url.clone());
    doc.modified = given
        .modified
        .clone()
        .filter(|m| valid_iso(m))
        .or(found.modified.clone().filter(|m| valid_iso(m)));
    doc.language = given.language.clone().or(found.language.clone());
    let stated = found
        .published
        .clone()
        .filter(|p| valid_iso(p))
        .or(line_date.map(|d| d.iso()));
    match &given.published {
        Some(p) if valid_iso(p) => doc.published = Some(p.clone()),
        Some(p) => {
            diags.push(
                Diagnostic::new(
                    "meta.invalid_date",
                    Severity::Warning,
                    &doc.source,
                    format!("given publication date {p:?} is not an ISO 8601 date; ignored"),
                )
                .for_doc(&doc.id),
            );
            doc.published = stated;
        }
        None => doc.published = stated,
    }
    doc.found = found;
    header.sort_by_key(|h| h.span);
    removed.sort_by_key(|r| r.span);
    doc.header = header;
    doc.removed = removed;
    doc.segments = segments;
    doc.body = body;
    if doc.body.is_empty() {
        diags.push(
            Diagnostic::new(
                "clean.empty_body",
                Severity::Warning,
                &doc.source,
                "no article text left after cleaning",
            )
            .for_doc(&doc.id),
        );
    }
    diags
}

/// Whether `text` starts as [`DATELINE`] requires: an ASCII capital, then a capital,
/// apostrophe, full stop or hyphen. Most paragraphs open with a capital and a lowercase
/// letter and are refused here, without running the regex.
fn may_open_with_dateline(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || matches!(c, '\'' | '’' | '.' | '-'))
}

/// Whether a paragraph in the header zone can be the headline. When the input states its
/// title, the paragraph must repeat most of it (a page's text often opens with a lede
/// that lacks its final stop, which is not the headline). Otherwise a long paragraph of
/// mostly lowercase words is a lede without its stop, not a headline: headlines are
/// short, or written in title case.
fn headline_fits(text: &str, shape: &lines::Shape, stated: Option<&str>) -> bool {
    if let Some(title) = stated {
        let title_words: HashSet<String> = lines::content_words(title).collect();
        let words: HashSet<String> = lines::content_words(text).collect();
        if title_words.is_empty() || words.is_empty() {
            return true;
        }
        let shared = words.intersection(&title_words).count();
        return shared * 10 >= words.len().min(title_words.len()) * 6;
    }
    shape.words <= 25 || shape.capital_ratio >= 0.5
}

/// Reads a byline into authors and, when it names a desk or staff, the outlet.
fn parse_byline(line: &str) -> Option<(Vec<String>, Option<String>)> {
    // A byline holds "by" in some case ('b' and 'y' have no other case forms), and most
    // lines do not: they are refused without running the regex.
    let has_by = line
        .as_bytes()
        .windows(2)
        .any(|w| matches!(w[0], b'b' | b'B') && matches!(w[1], b'y' | b'Y'));
    if !has_by {
        return None;
    }
    let c = BYLINE.captures(line)?;
    let names = c.name("names")?.as_str().trim_end_matches(['.', ',', '|']);
    if names.split_whitespace().count() > 14 || lines::ends_sentence(line) && names.contains(". ") {
        return None;
    }
    let mut authors = Vec::new();
    let mut outlet = None;
    for item in NAME_SPLIT
        .split(names)
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if let Some(d) = DESK.captures(item) {
            outlet.get_or_insert_with(|| d["outlet"].trim().to_string());
            continue;
        }
        let words: Vec<&str> = item.split_whitespace().collect();
        let capitalised = words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                || matches!(
                    *w,
                    "de" | "da" | "van" | "von" | "bin" | "al" | "la" | "le" | "del" | "der"
                )
        });
        if !capitalised || words.len() > 5 {
            return None;
        }
        if words.iter().any(|w| is_role_word(w)) {
            // "Staff Writer", "Senior Correspondent": the author's role, not a name.
            continue;
        }
        if words.len() == 1 || looks_like_outlet(&words) {
            // A single capitalised word after a comma is an outlet or agency, not a name.
            outlet.get_or_insert_with(|| item.to_string());
        } else {
            authors.push(item.to_string());
        }
    }
    (!authors.is_empty() || outlet.is_some()).then_some((authors, outlet))
}

/// Words that name a reporter's role in a byline ("Jane Roe, Staff Writer").
fn is_role_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().trim_end_matches(['.', ',']),
        "writer"
            | "correspondent"
            | "reporter"
            | "editor"
            | "contributor"
            | "columnist"
            | "staff"
            | "producer"
            | "analyst"
            | "photographer"
            | "stringer"
    )
}

/// True when a byline item names a publication rather than a person: it opens with
/// "The", or one of its words is a word news outlets are named with ("Associated
/// Press", "Daily Mirror", "Harbor Times", "Channel 4 News"). Person names almost never
/// carry these words, so a comma-separated item with one of them is read as the outlet.
fn looks_like_outlet(words: &[&str]) -> bool {
    const OUTLET_WORDS: &[&str] = &[
        "agency",
        "associated",
        "broadcasting",
        "bulletin",
        "channel",
        "chronicle",
        "courier",
        "daily",
        "dispatch",
        "gazette",
        "herald",
        "journal",
        "ledger",
        "media",
        "network",
        "news",
        "newspaper",
        "observer",
        "post",
        "press",
        "radio",
        "review",
        "service",
        "standard",
        "star",
        "telegraph",
        "television",
        "times",
        "tribune",
        "tv",
        "weekly",
        "wire",
    ];
    words.first().is_some_and(|w| *w == "The")
        || words.iter().any(|w| {
            let w = w.to_lowercase();
            OUTLET_WORDS.contains(&w.trim_end_matches(['.', ',']))
        })
}

fn is_nav_link(text: &str) -> bool {
    // The label starts with an ASCII capital and ends with one of these separators; most
    // lines fail one of the two, and are refused without running the regex.
    if !text.starts_with(|c: char| c.is_ascii_uppercase())
        || !text.contains([':', '|', '»', '›', '>'])
    {
        return false;
    }
    let Some(c) = NAV_LINK.captures(text) else {
        return false;
    };
    let label = lines::shape(&c["label"]);
    let rest = lines::shape(&c["rest"]);
    (label.all_ui || label.list_word) && (rest.is_title_case() || rest.words >= 3)
        || rest.is_title_case() && label.words <= 2 && label.all_ui
}

/// The share of `text`'s distinct content words found in `vocab`.
fn overlap(text: &str, vocab: &HashSet<u128, HashKeys>) -> f32 {
    let words: HashSet<u128, HashKeys> = lines::content_word_keys(text).collect();
    if words.is_empty() {
        return 0.0;
    }
    words.iter().filter(|w| vocab.contains(*w)).count() as f32 / words.len() as f32
}

/// The article's vocabulary (content words, as hashes): the headline's and those of the
/// prose paragraphs kept before a given paragraph. It grows as the rules move down the
/// document, so each paragraph's words are read once however often it is asked for.
struct Vocab<'h> {
    words: HashSet<u128, HashKeys>,
    /// Paragraphs before this index have been read.
    read: usize,
    headline: Option<&'h str>,
}

impl<'h> Vocab<'h> {
    fn new(headline: Option<&'h str>) -> Vocab<'h> {
        Vocab {
            words: HashSet::default(),
            read: 0,
            headline,
        }
    }

    /// The vocabulary of the headline and the kept prose paragraphs before `upto`. The
    /// fates of the paragraphs already read must not change afterwards, and a later call
    /// with a smaller `upto` must have no kept prose between it and the earlier one: the
    /// rules only ask for the paragraphs above the one they decide, whose fates are final,
    /// and then for those up to the last kept prose paragraph.
    fn upto(
        &mut self,
        upto: usize,
        fates: &[Fate],
        paras: &[Para],
        shapes: &[lines::Shape],
    ) -> &HashSet<u128, HashKeys> {
        // The vocabulary is only ever asked whether it holds a content word, so it may
        // hold other words too (see `lines::vocabulary_keys`).
        if let Some(h) = self.headline.take() {
            self.words.extend(lines::vocabulary_keys(h));
        }
        let upto = upto.min(paras.len());
        for j in self.read..upto {
            if fates[j] == Fate::Keep && shapes[j].is_prose() {
                self.words.extend(lines::vocabulary_keys(&paras[j].text));
            }
        }
        self.read = self.read.max(upto);
        &self.words
    }
}

/// A title from the first sentence of the body, cut at a word boundary.
fn infer_title(body: &str, max_chars: usize) -> Option<String> {
    let first = body.split("\n\n").next()?.trim();
    if first.is_empty() {
        return None;
    }
    let mut end = first.len();
    for (i, _) in first.match_indices(". ") {
        let next = first[i + 2..].chars().next();
        if i > 20 && next.is_some_and(char::is_uppercase) {
            end = i + 1;
            break;
        }
    }
    let sentence = &first[..end];
    if sentence.chars().count() <= max_chars {
        return Some(sentence.to_string());
    }
    let mut cut = String::new();
    for word in sentence.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > max_chars {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    cut.push('…');
    Some(cut)
}

fn valid_iso(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
        || chrono::DateTime::parse_from_rfc3339(s).is_ok()
        || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok()
        || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new("d0", "t.txt", text)
    }

    fn cleaned(text: &str) -> Document {
        let mut d = doc(text);
        clean(&mut d, &CorpusStats::default(), &Config::default());
        d
    }

    #[test]
    fn header_lines_become_metadata() {
        let d = cleaned(
            "Politics\nMar. 4, 2025 / 6:12 AM\n\nMinister resigns over port deal\n\nBy Ana Ruiz and Tom Bell\n\nHARBORTON, Mar. 4 (Wire) -- The minister resigned on Tuesday, his office said in a statement.\n",
        );
        assert_eq!(d.title.as_deref(), Some("Minister resigns over port deal"));
        assert_eq!(d.authors, vec!["Ana Ruiz", "Tom Bell"]);
        assert_eq!(d.published.as_deref(), Some("2025-03-04T06:12"));
        assert_eq!(d.dateline.as_deref(), Some("HARBORTON"));
        assert_eq!(d.outlet.as_deref(), Some("Wire"));
        assert!(d.body.starts_with("The minister resigned"), "{}", d.body);
        assert_eq!(d.removed[0].reason, RemovalReason::SectionLabel);
        // Every body segment maps back to identical text.
        for seg in &d.segments {
            assert_eq!(seg.body.slice(&d.body), seg.text.slice(&d.text));
        }
    }

    #[test]
    fn a_list_the_article_introduces_is_kept() {
        let d = cleaned(
            "Band announces tour\n\nThe band will play twelve cities next summer, its label said on Monday.\n\nThe tour dates:\n\nJune 17 - Arena, Nashville\n\nJune 19 - Pavilion, Charlotte\n\nLeave a comment\n",
        );
        assert!(
            d.body.contains("June 19 - Pavilion, Charlotte"),
            "{:?}",
            d.removed
        );
        assert!(
            d.body.contains("The tour dates:"),
            "{:?} {}",
            d.removed,
            d.body
        );
        assert!(!d.body.contains("Leave a comment"));
        let d = cleaned(
            "Band announces tour\n\nThe band will play twelve cities next summer, its label said on Monday.\n\nTrending Now\n\nMayor Opens Bridge\n",
        );
        assert!(!d.body.contains("Mayor Opens Bridge"), "{}", d.body);
    }

    #[test]
    fn a_stated_title_decides_the_headline() {
        let mut doc = Document::new(
            "d1",
            "x.html",
            "Officials have this morning paid the fee to the league to secure the signing of the keeper from the northern club\n\nThe keeper will undergo a medical today ahead of the move, the club said.\n",
        );
        doc.found.title = Some("Record fee agreed for goalkeeper".into());
        clean(&mut doc, &CorpusStats::default(), &Config::default());
        assert!(
            doc.body.starts_with("Officials have this morning"),
            "{:?}",
            doc.header
        );
    }

    #[test]
    fn bylines_separate_authors_roles_and_outlets() {
        let (authors, outlet) = parse_byline("By Jane Roe, Associated Press").unwrap();
        assert_eq!(authors, vec!["Jane Roe"]);
        assert_eq!(outlet.as_deref(), Some("Associated Press"));
        let (authors, outlet) = parse_byline("By Jane Roe, The Harbor Times").unwrap();
        assert_eq!(authors, vec!["Jane Roe"]);
        assert_eq!(outlet.as_deref(), Some("The Harbor Times"));
        let (authors, outlet) = parse_byline("By Jane Roe, Staff Writer").unwrap();
        assert_eq!(authors, vec!["Jane Roe"]);
        assert_eq!(outlet, None);
        let (authors, outlet) = parse_byline("By Jane Roe, Ann Lee and Tom Ode").unwrap();
        assert_eq!(authors, vec!["Jane Roe", "Ann Lee", "Tom Ode"]);
        assert_eq!(outlet, None);
    }

    #[test]
    fn desk_bylines_name_the_outlet() {
        let d = cleaned(
            "Storm hits coast\n\nby Lena Park and The Coastal Ledger news desk\n\nThe storm reached the coast on Monday, forecasters said.\n",
        );
        assert_eq!(d.authors, vec!["Lena Park"]);
        assert_eq!(d.outlet.as_deref(), Some("The Coastal Ledger"));
    }

    #[test]
    fn navigation_lists_and_repeats_are_removed_with_reasons() {
        let text = "The port authority said ships were turned back on Monday near the harbor.\n\
Read More: Ferry Operators Warn Of Delays Across The Region\n\
Related News |\n\
Minister Says Fleet Will Stay In Port\n\
Farmers Protest New Tariffs In Capital\n\
The harbor master said the ships would be allowed back once the port inspections were complete.\n\
The harbor master said the ships would be allowed back once the port inspections were complete.\n\
You may also like\n\
Leave a comment\n";
        let d = cleaned(text);
        let reasons: Vec<_> = d.removed.iter().map(|r| r.reason).collect();
        assert_eq!(
            reasons,
            vec![
                RemovalReason::Navigation,
                RemovalReason::Navigation,
                RemovalReason::StoryList,
                RemovalReason::StoryList,
                RemovalReason::Repeated,
                RemovalReason::Navigation,
                RemovalReason::Navigation,
            ]
        );
        assert_eq!(d.body.matches("harbor master").count(), 1);
        assert!(d.body.contains("turned back"));
    }

    #[test]
    fn unrelated_teasers_under_a_list_label_are_removed_but_article_resumes() {
        let text = "Officials said the dam on the river failed after days of heavy rain in the valley.\n\nLatest Headlines\n\nSkaters Win Gold In Winter Games\nSports // 3 hours ago\nMar. 3 (Wire) -- The national skating team won the relay final on Saturday in a close finish.\n";
        let d = cleaned(text);
        assert_eq!(
            d.body,
            "Officials said the dam on the river failed after days of heavy rain in the valley."
        );
        assert!(d.removed.iter().all(|r| r.reason != RemovalReason::Caption));
    }

    #[test]
    fn prose_after_a_related_list_without_teaser_evidence_is_kept() {
        let text = "Officials said the dam on the river failed after days of heavy rain.\n\
Related News |\n\
Skaters Win Gold In Winter Games\n\
Earlier this week, a spokesperson for the water board said that levels were rising.\n";
        let d = cleaned(text);
        assert!(d.body.contains("Earlier this week"), "{:?}", d.removed);
    }

    #[test]
    fn a_section_list_label_above_headlines_starts_a_list() {
        let text = "Officials said the dam on the river failed after days of heavy rain.\n\n\
More from Politics\n\
Coalition Talks Stall Over Regional Budget\n\
Senate Committee Backs Lower Voting Age\n\n\
Crews worked through the night to shore up the dam, officials said on Tuesday.\n";
        let d = cleaned(text);
        assert_eq!(d.removed.len(), 3, "{:?}", d.removed);
        assert!(d.body.contains("Crews worked"));
    }

    #[test]
    fn captions_are_removed_but_sentences_mentioning_photos_are_kept() {
        let d = cleaned(
            "Headline about the dam\n\nThe dam failed on Sunday. File Photo by River Agency\n\nThe agency published a photo of the breach, which officials said was taken on Monday.\n",
        );
        assert_eq!(d.removed[0].reason, RemovalReason::Caption);
        assert!(d.body.contains("published a photo"));
    }

    #[test]
    fn untitled_articles_get_an_inferred_title() {
        let d = cleaned(
            "Rescue crews reached the village on Tuesday after the landslide, officials said. More followed.\n",
        );
        assert!(d.title_inferred);
        assert_eq!(
            d.title.as_deref(),
            Some(
                "Rescue crews reached the village on Tuesday after the landslide, officials said."
            )
        );
    }

    #[test]
    fn cross_document_furniture() {
        let mut stats = CorpusStats::default();
        for _ in 0..3 {
            stats.add("Share on Social\n\nText here.");
        }
        let mut d = doc(
            "A headline for this\n\nThe ministry said the talks ended without agreement on Friday.\nSubscribe Today Free Edition\nThe talks will resume next month, the ministry said in a statement.\n",
        );
        let mut s2 = stats.clone();
        s2.add("Subscribe Today Free Edition");
        s2.add("Subscribe Today Free Edition");
        s2.add("Subscribe Today Free Edition");
        clean(&mut d, &s2, &Config::default());
        assert_eq!(d.removed[0].reason, RemovalReason::CrossDocument);
    }

    /// The keys counted by `stats`, with their counts, sorted.
    fn counted(stats: &CorpusStats) -> Vec<(u64, u32)> {
        let mut all: Vec<(u64, u32)> = stats.line_docs.iter().map(|(k, n)| (*k, *n)).collect();
        all.sort_unstable();
        all
    }

    #[test]
    fn corpus_stats_stay_bounded_and_exact_for_the_lines_they_keep() {
        let docs: Vec<String> = (0..400)
            .map(|i| format!("Section {}\n\nShare This Story\n\nNote {}\n", i % 7, i))
            .collect();
        let mut bounded = CorpusStats::with_max_lines(32);
        let mut full = CorpusStats::default();
        for d in &docs {
            bounded.add(d);
            full.add(d);
        }
        assert!(bounded.len() <= 32, "{}", bounded.len());
        assert!(bounded.sample_level() > 0);
        assert_eq!(full.sample_level(), 0);
        // Every line kept has the count the unbounded table has.
        for (key, n) in counted(&bounded) {
            assert_eq!(full.line_docs.get(&key), Some(&n));
        }
        // A line outside the sample counts as seen nowhere, so it is kept.
        let unseen = (0..400)
            .map(|i| format!("Note {i}"))
            .find(|l| bounded.docs_with(l) == 0)
            .expect("some lines fall outside the sample");
        assert_eq!(full.docs_with(&unseen), 1);
        assert_eq!(full.docs_with("Share This Story"), 400);
    }

    #[test]
    fn corpus_stats_do_not_depend_on_order_or_splitting() {
        let docs: Vec<String> = (0..300)
            .map(|i| format!("Topic {}\nFollow Us Today\nItem {}\n", i % 11, i))
            .collect();
        let mut forward = CorpusStats::with_max_lines(40);
        for d in &docs {
            forward.add(d);
        }
        let mut backward = CorpusStats::with_max_lines(40);
        for d in docs.iter().rev() {
            backward.add(d);
        }
        // Split in uneven parts, as parallel collection does, and merged.
        let mut merged = CorpusStats::with_max_lines(40);
        for part in docs.chunks(70) {
            let mut s = CorpusStats::with_max_lines(40);
            for d in part.iter().rev() {
                s.add(d);
            }
            merged.merge(s);
        }
        assert_eq!(counted(&forward), counted(&backward));
        assert_eq!(counted(&forward), counted(&merged));
        assert_eq!(forward.sample_level(), merged.sample_level());
    }

    #[test]
    fn fast_paths_refuse_only_what_the_regexes_refuse() {
        assert!(parse_byline("BY Jane Roe").is_some());
        assert!(parse_byline("Story by Ana Ruiz").is_some());
        assert!(parse_byline("Minister Resigns Over Port Deal").is_none());
        assert!(is_nav_link("Read More: Ferry Operators Warn Of Delays"));
        assert!(!is_nav_link("read more: ferry operators warn of delays"));
        assert!(may_open_with_dateline("HARBORTON, Mar. 4 (Wire) -- The"));
        assert!(may_open_with_dateline("O’NEILL -- The"));
        assert!(!may_open_with_dateline("The minister said"));
        assert!(!may_open_with_dateline("É"));
        assert!(is_caption("The port at dawn. File Photo by Lena Park"));
        assert!(!is_caption(
            "The agency published a photo of the breach on Monday."
        ));
    }

    #[test]
    fn cleaning_is_idempotent_on_its_own_body() {
        let d = cleaned(
            "Headline about the dam\n\nBy Ana Ruiz\n\nThe dam failed on Sunday, officials said.\n\nRelated News |\nOther Story Gets A Headline Here\n\nCrews worked through the night to shore up the dam, officials said.\n",
        );
        let again = cleaned(&d.body);
        // The first paragraph of a body without header lines becomes the inferred title
        // source, but no text is removed a second time.
        assert!(again.removed.is_empty(), "{:?}", again.removed);
        assert_eq!(again.body, d.body);
    }
}
