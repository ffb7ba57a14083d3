//! The figures table: every value reported for one counted thing in one story, and
//! whether the values agree, conflict or change over time.
//!
//! Values are compared like with like. A number becomes an interval from its qualifier
//! ("at least 3,000" is 3,000 or more, "close to 12,000" is near 12,000), is dated by the
//! time its sentence names (else its document's date), and is a projection when that
//! time lies after the document's date or the sentence speaks of plans ("by December",
//! "expected to", "plans to"). Two values conflict only when they are actual counts of
//! the same thing at overlapping times from independent sources and their intervals
//! cannot both hold; values that differ across times evolve; projections and different
//! scopes stand side by side. This module does not decide what a number counts beyond
//! its unit lemma, the people-count facet (killed, injured, …) and the names that
//! qualify it.

use std::collections::BTreeMap;

use model::{Claim, Figure, FigureRow, GroupStatus, Qualifier, Quantity};

use crate::dates::{self, Days};
use crate::text::{self, Lemmatiser};

/// One value prepared for comparison.
#[derive(Debug, Clone)]
pub struct Value {
    pub lo: f64,
    pub hi: f64,
    /// When the value holds.
    pub when: Option<Days>,
    pub when_iso: Option<String>,
    pub projection: bool,
    /// The independent source it counts as.
    pub family: usize,
    /// Names qualifying the count ("North Korean").
    pub modifier: String,
    /// Lowercase words qualifying the count ("merchant", "surface").
    pub descr: String,
    pub doc: usize,
    /// Index of the claim's features in the story.
    pub feat: usize,
}

impl Value {
    pub fn compatible(&self, other: &Value) -> bool {
        // A small tolerance absorbs rounding ("1,500" and "1,520").
        let tol = |v: f64| v.abs() * 0.02;
        self.lo <= other.hi + tol(other.hi) && other.lo <= self.hi + tol(self.hi)
    }

    fn same_time(&self, other: &Value) -> bool {
        match (self.when, other.when) {
            (Some(a), Some(b)) => a.overlaps(b),
            _ => false,
        }
    }

    fn same_scope(&self, other: &Value) -> bool {
        let fits = |a: &str, b: &str| a.is_empty() || b.is_empty() || a == b;
        self.projection == other.projection
            && fits(&self.modifier, &other.modifier)
            && fits(&self.descr, &other.descr)
    }
}

/// The interval a reported number stands for.
pub fn interval(q: &Quantity) -> (f64, f64) {
    let v = q.value;
    let first = q
        .text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    // "thousands of", "hundreds of", "dozens of": at least one such unit, fewer than ten.
    let vague_plural = matches!(
        first.as_str(),
        "thousands" | "hundreds" | "millions" | "billions" | "dozens" | "tens"
    );
    match q.qualifier {
        _ if vague_plural => (v, v * 10.0),
        Qualifier::Exact => (v, v),
        Qualifier::Approx => (v * 0.85, v * 1.15),
        Qualifier::AtLeast | Qualifier::MoreThan => (v, f64::INFINITY),
        Qualifier::AtMost | Qualifier::LessThan => (0.0, v),
        Qualifier::Range => (v, q.value_max.unwrap_or(v).max(v)),
    }
}

/// Words that make a sentence speak of a plan or an expectation rather than a count
/// already reached.
const PROJECTION_CUES: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "expected",
    "expects",
    "expect",
    "will",
    "preparing",
    "prepares",
    "intends",
    "intend",
    "aims",
    "projected",
    "forecast",
    "reach",
];

/// Words that are the number itself, not a name qualifying the count.
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "dozen",
    "dozens",
    "tens",
    "approximately",
    "around",
    "about",
    "nearly",
    "roughly",
    "close",
    "almost",
    "some",
    "up",
    "as",
    "more",
    "over",
    "fewer",
    "less",
    "under",
    "at",
    "least",
    "most",
];

/// The people-count facet of a sentence: what happened to those counted.
fn facet(words: &[text::Word<'_>]) -> &'static str {
    let mut killed = false;
    let mut injured = false;
    let mut other = "";
    for w in words {
        match w.text.to_lowercase().as_str() {
            "killed" | "dead" | "died" | "deaths" | "death" | "toll" | "fatalities" => {
                killed = true
            }
            "injured" | "wounded" | "hurt" | "injuries" | "casualties" => injured = true,
            "arrested" | "detained" | "arrests" | "detentions" => other = "arrested",
            "missing" => other = "missing",
            "displaced" | "evacuated" | "fled" | "homeless" => other = "displaced",
            _ => {}
        }
    }
    match (killed, injured) {
        (true, true) => "killed or injured",
        (true, false) => "killed",
        (false, true) => "injured",
        _ => other,
    }
}

/// The clauses of a sentence as byte ranges: split at semicolons and before "while",
/// "whereas" and "but", where news sentences join two reports with their own numbers
/// and times ("… could reach 10,000 by December, while others say 12,000 have left").
fn clauses(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut cuts = vec![0];
    for (i, c) in text.char_indices() {
        if c == ';' {
            cuts.push(i + 1);
        }
    }
    for w in text::words(text) {
        if !w.initial && matches!(w.text.to_lowercase().as_str(), "while" | "whereas" | "but") {
            cuts.push(w.start);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<std::ops::Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    out.push(*cuts.last().unwrap_or(&0)..text.len() + 1);
    out
}

/// True for "12-mile", "30-day": a number joined to its unit by a hyphen describes
/// the noun that follows ("a 12-mile line"); it is not a count.
fn is_compound_adjective(text: &str) -> bool {
    let t = text.trim();
    t.split_once('-').is_some_and(|(a, b)| {
        a.chars().last().is_some_and(|c| c.is_ascii_digit())
            && b.chars().next().is_some_and(char::is_alphabetic)
    })
}

/// Units of measure rather than counted things: lengths, areas, weights, volumes,
/// durations, shares and money (currency codes are three capital letters).
fn is_measure(unit: &str) -> bool {
    const MEASURES: &[&str] = &[
        "mile",
        "kilometr",
        "kilomet",
        "km",
        "metr",
        "meter",
        "m",
        "foot",
        "feet",
        "yard",
        "inch",
        "centimetr",
        "tonn",
        "tonne",
        "ton",
        "kilogram",
        "kg",
        "gram",
        "pound",
        "lb",
        "litr",
        "liter",
        "gallon",
        "barrel",
        "acr",
        "acre",
        "hectar",
        "hectare",
        "percent",
        "%",
        "per cent",
        "hour",
        "minut",
        "minute",
        "second",
        "day",
        "week",
        "month",
        "year",
        "decad",
        "centuri",
        "degre",
        "knot",
        "mph",
    ];
    let last = unit.rsplit(' ').next().unwrap_or(unit);
    MEASURES.contains(&last) || (last.len() == 3 && last.chars().all(|c| c.is_ascii_uppercase()))
}

/// Splits `idx` into the parts that `same` joins, transitively, each in input order.
/// Pairwise within a table of a story; tables larger than a bound join only equal
/// values, through `same`'s first clause, to stay linear.
fn partition(idx: &[usize], same: &dyn Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    const PAIRWISE_LIMIT: usize = 200;
    let n = idx.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    if n <= PAIRWISE_LIMIT {
        for i in 0..n {
            for j in i + 1..n {
                if same(idx[i], idx[j]) {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
    }
    let mut parts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &x) in idx.iter().enumerate() {
        let r = root(&mut parent, i);
        parts.entry(r).or_default().push(x);
    }
    parts.into_values().collect()
}

/// One quantity of a claim with what the table needs.
struct Row<'a> {
    claim: &'a Claim,
    q: &'a Quantity,
    unit: String,
    unit_word: String,
    facet: &'static str,
    modifier: String,
    scope_words: String,
    value: Value,
}

/// What a story's claims need to be read as figures.
pub struct Input<'a> {
    /// `(claim, doc, family)` per claim features of the story, in the same order.
    pub claims: Vec<(&'a Claim, usize, usize)>,
    pub story: &'a str,
    /// Whether two claims (by features index) speak of the same thing: a prerequisite
    /// for their numbers to contradict each other.
    pub similar: &'a dyn Fn(usize, usize) -> bool,
}

/// Builds the figures tables of one story.
pub fn tables(
    input: &Input<'_>,
    sources: &crate::sources::Sources<'_>,
    lem: &Lemmatiser,
) -> Vec<Figure> {
    let mut rows: Vec<Row<'_>> = Vec::new();
    let mut prev_unit: Option<(usize, String)> = None;
    for (feat, &(claim, doc, family)) in input.claims.iter().enumerate() {
        let words = text::words(&claim.text);
        let lower: Vec<String> = words.iter().map(|w| w.text.to_lowercase()).collect();
        let refers_to_count = lower.iter().any(|w| {
            matches!(
                w.as_str(),
                "figure" | "number" | "total" | "toll" | "count" | "tally"
            )
        });
        let sentence_unit = claim.quantities.iter().find_map(|q| q.unit.clone());
        let clauses = clauses(&claim.text);
        let local = |start: usize| start.saturating_sub(claim.span.start);
        let clause_of = |pos: usize| clauses.iter().position(|c| c.contains(&pos)).unwrap_or(0);
        // Clauses holding a number with a unit: a time or a cue elsewhere belongs to them.
        let counted: Vec<usize> = claim
            .quantities
            .iter()
            .map(|q| clause_of(local(q.span.start)))
            .collect();
        let facet = facet(&words);
        let doc_day = sources.day[doc];
        for q in &claim.quantities {
            // A bare number in a sentence about "the figure" or "the number" counts the
            // same thing as the count named next to it or just before it.
            let unit = q.unit.clone().or_else(|| {
                if !refers_to_count || q.value < 10.0 {
                    return None;
                }
                sentence_unit.clone().or_else(|| {
                    prev_unit
                        .as_ref()
                        .filter(|(d, _)| *d == doc)
                        .map(|(_, u)| u.clone())
                })
            });
            let Some(unit) = unit else { continue };
            // "one ship at a time" and "a 12-mile line" name a thing, not a count.
            if q.value < 2.0 || is_compound_adjective(&q.text) {
                continue;
            }
            let unit_lemma: Vec<String> = text::words(&unit)
                .iter()
                .map(|w| lem.lemma(w.text).unwrap_or_else(|| w.text.to_lowercase()))
                .collect();
            let unit_lemma = unit_lemma.join(" ");
            if unit_lemma.is_empty() {
                continue;
            }
            let qwords = text::words(&q.text);
            let modifier: Vec<&str> = qwords
                .iter()
                .filter(|w| {
                    let lower = w.text.to_lowercase();
                    w.capitalised
                        && !text::is_stopword(&lower)
                        && !NUMBER_WORDS.contains(&lower.as_str())
                        && !w.text.chars().any(|c| c.is_ascii_digit())
                })
                .map(|w| w.text)
                .collect();
            let modifier = modifier.join(" ");
            // What the number covers beyond its unit, in the order written: "elite
            // North Korean" in "approximately 1,500 elite North Korean troops".
            let plain: Vec<&str> = qwords
                .iter()
                .filter(|w| {
                    !w.text.chars().any(|c| c.is_ascii_digit())
                        && !text::is_stopword(&w.text.to_lowercase())
                })
                .map(|w| w.text)
                .collect();
            let unit_word = qwords
                .last()
                .map(|w| w.text.to_string())
                .unwrap_or_else(|| unit.clone());
            // When the number holds: a past or present time of its sentence, else the
            // document's date; a time after the document's date makes it a projection.
            let mut when = None;
            let mut when_iso = None;
            let mut future = None;
            let mut time_texts = Vec::new();
            let here = clause_of(local(q.span.start));
            let mine = |pos: usize| {
                let c = clause_of(pos);
                c == here || !counted.contains(&c)
            };
            let projection_words = words
                .iter()
                .zip(&lower)
                .any(|(w, l)| PROJECTION_CUES.contains(&l.as_str()) && clause_of(w.start) == here);
            for t in &claim.times {
                if !mine(local(t.span.start)) {
                    continue;
                }
                let Some(days) = dates::parse(&t.value) else {
                    continue;
                };
                time_texts.push(t.text.clone());
                if doc_day != i32::MAX && days.start > doc_day {
                    future.get_or_insert((days, t.value.clone()));
                } else if when.is_none() {
                    when = Some(days);
                    when_iso = Some(t.value.clone());
                }
            }
            let projection = future.is_some() || projection_words;
            if let (None, Some((d, iso))) = (&when, &future) {
                when = Some(*d);
                when_iso = Some(iso.clone());
            }
            if when.is_none() && doc_day != i32::MAX {
                when = Some(Days {
                    start: doc_day,
                    end: doc_day,
                });
                when_iso = sources.day_iso[doc].clone();
            }
            let mut scope: Vec<String> = Vec::new();
            let described: Vec<&str> = plain
                .iter()
                .copied()
                .filter(|w| {
                    !w.eq_ignore_ascii_case(&unit_word)
                        && !NUMBER_WORDS.contains(&w.to_lowercase().as_str())
                })
                .collect();
            let descr: Vec<String> = qwords
                .iter()
                .filter(|w| {
                    let l = w.text.to_lowercase();
                    !w.capitalised
                        && !text::is_stopword(&l)
                        && !NUMBER_WORDS.contains(&l.as_str())
                        && !w.text.chars().any(|c| c.is_ascii_digit())
                        && !w.text.eq_ignore_ascii_case(&unit_word)
                })
                .map(|w| w.text.to_lowercase())
                .collect();
            let descr = descr.join(" ");
            let described = described.join(" ");
            if !described.is_empty() {
                scope.push(described);
            }
            if !facet.is_empty() {
                scope.push(facet.to_string());
            }
            scope.extend(time_texts);
            if projection {
                scope.push("projection".to_string());
            }
            let (lo, hi) = interval(q);
            prev_unit = Some((doc, unit.clone()));
            rows.push(Row {
                claim,
                q,
                unit: unit_lemma,
                unit_word,
                facet,
                modifier: modifier.clone(),
                scope_words: scope.join("; "),
                value: Value {
                    lo,
                    hi,
                    when,
                    when_iso,
                    projection,
                    family,
                    modifier,
                    descr,
                    doc,
                    feat,
                },
            });
        }
    }
    // Tables: one per unit lemma and facet, split by the names that qualify the count
    // when rows name different ones; rows naming none join the largest named table.
    let mut by_key: BTreeMap<(String, &'static str), Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_key.entry((r.unit.clone(), r.facet)).or_default().push(i);
    }
    let mut figures = Vec::new();
    for ((unit, facet), members) in by_key {
        let mut by_mod: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut unnamed = Vec::new();
        for &i in &members {
            if rows[i].modifier.is_empty() {
                unnamed.push(i);
            } else {
                by_mod.entry(rows[i].modifier.as_str()).or_default().push(i);
            }
        }
        let largest = by_mod
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
            .map(|(k, _)| *k);
        let mut split: Vec<(String, Vec<usize>)> = by_mod
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        match largest.and_then(|l| split.iter_mut().find(|(k, _)| k == l)) {
            Some((_, v)) => v.extend(unnamed),
            None => split.push((String::new(), unnamed)),
        }
        // A measure (distance, weight, money, duration) is one figure only where its
        // sentences speak of the same thing, or repeat the same value; counts of people
        // or things of one kind are compared across the story.
        let split: Vec<(String, Vec<usize>)> = if is_measure(&unit) {
            split
                .into_iter()
                .flat_map(|(m, idx)| {
                    partition(&idx, &|a, b| {
                        let (ra, rb) = (&rows[a].value, &rows[b].value);
                        (ra.lo == rb.lo && ra.hi == rb.hi) || (input.similar)(ra.feat, rb.feat)
                    })
                    .into_iter()
                    .map(move |p| (m.clone(), p))
                })
                .collect()
        } else {
            split
        };
        for (modifier, mut idx) in split {
            if idx.is_empty() {
                continue;
            }
            idx.sort_by(|&a, &b| {
                let (ra, rb) = (&rows[a], &rows[b]);
                (ra.value.when.map(|d| d.start), &ra.claim.id, ra.q.span).cmp(&(
                    rb.value.when.map(|d| d.start),
                    &rb.claim.id,
                    rb.q.span,
                ))
            });
            let values: Vec<Value> = idx.iter().map(|&i| rows[i].value.clone()).collect();
            let texts: Vec<String> = idx
                .iter()
                .map(|&i| describe(rows[i].q, &rows[i].value, sources))
                .collect();
            let similar = |a: usize, b: usize| {
                values[a].feat == values[b].feat || (input.similar)(values[a].feat, values[b].feat)
            };
            let (status, reason) = status(&values, &texts, &similar);
            let mut words: BTreeMap<&str, usize> = BTreeMap::new();
            for &i in &idx {
                *words.entry(rows[i].unit_word.as_str()).or_default() += 1;
            }
            let word = words
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(w, _)| w.to_lowercase())
                .unwrap_or_else(|| unit.clone());
            let mut label = if modifier.is_empty() {
                word
            } else {
                format!("{modifier} {word}")
            };
            if !facet.is_empty() {
                label = format!("{label} ({facet})");
            }
            let fig_rows = idx
                .iter()
                .map(|&i| {
                    let r = &rows[i];
                    FigureRow {
                        claim: r.claim.id.clone(),
                        doc: r.claim.doc.clone(),
                        span: r.q.span,
                        value: r.q.value,
                        value_max: r.q.value_max,
                        qualifier: r.q.qualifier,
                        scope: (!r.scope_words.is_empty()).then(|| r.scope_words.clone()),
                        source: Some(crate::source_name(r.claim, r.value.doc, sources)),
                        outlet: sources.docs[r.value.doc].outlet.clone(),
                        date: r.value.when_iso.clone(),
                    }
                })
                .collect();
            figures.push(Figure {
                story: input.story.to_string(),
                label,
                unit: Some(unit.clone()),
                rows: fig_rows,
                status,
                reason,
            });
        }
    }
    figures
}

/// A value as a reader checks it: "≥3,000 (2024-W43, d0123…)".
pub fn describe(q: &Quantity, v: &Value, sources: &crate::sources::Sources<'_>) -> String {
    let when = v.when_iso.clone().unwrap_or_else(|| "undated".to_string());
    format!("{} ({when}, {})", number_text(q), sources.outlet(v.doc))
}

/// A number with its qualifier as a symbol and thousands separators.
pub fn number_text(q: &Quantity) -> String {
    let first = q
        .text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    if matches!(
        first.as_str(),
        "thousands" | "hundreds" | "millions" | "billions" | "dozens" | "tens"
    ) {
        return first;
    }
    let sym = match q.qualifier {
        Qualifier::Exact | Qualifier::Range => "",
        Qualifier::Approx => "≈",
        Qualifier::AtLeast => "≥",
        Qualifier::MoreThan => ">",
        Qualifier::AtMost => "≤",
        Qualifier::LessThan => "<",
    };
    match q.value_max {
        Some(max) if q.qualifier == Qualifier::Range => {
            format!("{}–{}", number(q.value), number(max))
        }
        _ => format!("{sym}{}", number(q.value)),
    }
}

pub fn number(v: f64) -> String {
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

/// Decides whether values agree, conflict or evolve, with the reason in words.
/// `texts[i]` describes `values[i]`; values are in date order. `similar(i, j)` says
/// whether the sentences of two values speak of the same thing.
pub fn status(
    values: &[Value],
    texts: &[String],
    similar: &dyn Fn(usize, usize) -> bool,
) -> (GroupStatus, String) {
    let mut families: Vec<usize> = values.iter().map(|v| v.family).collect();
    families.sort_unstable();
    families.dedup();
    let n = values.len();
    // Conflicts: actual counts of the same scope at overlapping times, from independent
    // sources, that cannot both hold.
    // Values are in date order, so values of the same time are near each other: each
    // is compared with the next `WINDOW` only, which keeps a huge table linear.
    const WINDOW: usize = 64;
    let mut conflicts = Vec::new();
    for i in 0..n {
        for j in i + 1..n.min(i + 1 + WINDOW) {
            let (a, b) = (&values[i], &values[j]);
            if !a.projection
                && a.same_scope(b)
                && a.same_time(b)
                && a.family != b.family
                && !a.compatible(b)
                && similar(i, j)
            {
                conflicts.push((i, j));
            }
        }
        if conflicts.len() >= 3 {
            break;
        }
    }
    let projections: Vec<&str> = values
        .iter()
        .zip(texts)
        .filter(|(v, _)| v.projection)
        .map(|(_, t)| t.as_str())
        .collect();
    let side = if projections.is_empty() || projections.len() == n {
        String::new()
    } else {
        format!(
            " Projections and plans are shown side by side, not as contradictions: {}.",
            projections.join("; ")
        )
    };
    if let Some(&(i, j)) = conflicts.first() {
        return (
            GroupStatus::Conflicting,
            format!(
                "Values that cannot all hold for the same count at the same time from independent sources: {} vs {}.{side}",
                texts[i], texts[j]
            ),
        );
    }
    // Change over time: an actual value of the same scope, at another time, that cannot
    // hold together with an earlier one.
    let actual: Vec<usize> = (0..n).filter(|&i| !values[i].projection).collect();
    let mut steps: Vec<usize> = Vec::new();
    'outer: for (k, &i) in actual.iter().enumerate() {
        for &j in actual[k + 1..].iter().take(WINDOW) {
            let (a, b) = (&values[i], &values[j]);
            if a.same_scope(b) && !a.same_time(b) && !a.compatible(b) {
                steps = vec![i, j];
                break 'outer;
            }
        }
    }
    if steps.len() >= 2 {
        let mut chain: Vec<&str> = Vec::new();
        for &i in &actual {
            if !chain.contains(&texts[i].as_str()) {
                chain.push(texts[i].as_str());
            }
        }
        // The whole sequence decides the word: "rise" only when some step clearly goes
        // up and none clearly goes down (bounds that overlap are neither).
        let up = actual.windows(2).any(|w| values[w[1]].lo > values[w[0]].hi);
        let down = actual.windows(2).any(|w| values[w[1]].hi < values[w[0]].lo);
        let verb = match (up, down) {
            (true, false) => "rise",
            (false, true) => "fall",
            _ => "change",
        };
        return (
            GroupStatus::Evolving,
            format!(
                "The reported values {verb} over time; in date order: {}.{side}",
                chain.join(" → ")
            ),
        );
    }
    if families.len() >= 2 {
        if actual.is_empty() || projections.len() == n {
            let all = texts.join("; ");
            return (
                GroupStatus::Agreed,
                format!(
                    "{} independent sources give projections that can all hold: {all}.",
                    families.len()
                ),
            );
        }
        return (
            GroupStatus::Agreed,
            format!(
                "{} independent sources give values that can all hold: {}.{side}",
                families.len(),
                actual
                    .iter()
                    .map(|&i| texts[i].as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        );
    }
    (
        GroupStatus::Single,
        format!("One source only: {}.", texts.join("; ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(lo: f64, hi: f64, day: i32, family: usize) -> Value {
        Value {
            lo,
            hi,
            when: Some(Days {
                start: day,
                end: day,
            }),
            when_iso: None,
            projection: false,
            family,
            modifier: String::new(),
            descr: String::new(),
            doc: family,
            feat: family,
        }
    }

    fn yes(_: usize, _: usize) -> bool {
        true
    }

    fn t(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("v{i}")).collect()
    }

    #[test]
    fn same_count_same_day_different_values_conflict() {
        let vals = [v(3000.0, 3000.0, 10, 0), v(12000.0, 12000.0, 10, 1)];
        let (s, r) = status(&vals, &t(2), &yes);
        assert_eq!(s, GroupStatus::Conflicting, "{r}");
        assert!(r.contains("v0 vs v1"));
    }

    #[test]
    fn different_things_or_scopes_never_conflict() {
        let vals = [v(3000.0, 3000.0, 10, 0), v(12000.0, 12000.0, 10, 1)];
        let unrelated = |_: usize, _: usize| false;
        assert_ne!(status(&vals, &t(2), &unrelated).0, GroupStatus::Conflicting);
        let mut a = v(14.0, 14.0, 10, 0);
        a.descr = "surface".into();
        let mut b = v(40.0, 40.0, 10, 1);
        b.descr = "merchant".into();
        assert_ne!(status(&[a, b], &t(2), &yes).0, GroupStatus::Conflicting);
    }

    #[test]
    fn hedged_values_that_can_both_hold_agree() {
        let vals = [v(3000.0, f64::INFINITY, 10, 0), v(3400.0, 3400.0, 10, 1)];
        assert_eq!(status(&vals, &t(2), &yes).0, GroupStatus::Agreed);
    }

    #[test]
    fn values_at_different_dates_evolve() {
        let vals = [
            v(1500.0, 1500.0, 1, 0),
            v(3000.0, f64::INFINITY, 9, 1),
            v(12000.0, 12000.0, 20, 2),
        ];
        let (s, r) = status(&vals, &t(3), &yes);
        assert_eq!(s, GroupStatus::Evolving);
        assert!(r.contains("rise"), "{r}");
        let vals = [v(40.0, 40.0, 1, 0), v(30.0, 30.0, 9, 1), v(9.0, 9.0, 20, 2)];
        let (s, r) = status(&vals, &t(3), &yes);
        assert_eq!(s, GroupStatus::Evolving);
        assert!(r.contains("values fall"), "{r}");
    }

    #[test]
    fn projections_never_contradict() {
        let mut p = v(10000.0, 10000.0, 10, 1);
        p.projection = true;
        let vals = [v(3000.0, 3000.0, 10, 0), p];
        let (s, r) = status(&vals, &t(2), &yes);
        assert_eq!(s, GroupStatus::Agreed, "{r}");
        assert!(r.contains("side by side"));
    }

    #[test]
    fn copies_count_once() {
        let vals = [v(5.0, 5.0, 1, 0), v(5.0, 5.0, 1, 0)];
        assert_eq!(status(&vals, &t(2), &yes).0, GroupStatus::Single);
    }

    #[test]
    fn measures_and_compounds() {
        assert!(is_measure("nautical mile"));
        assert!(is_measure("USD"));
        assert!(!is_measure("ship"));
        assert!(is_compound_adjective("12-mile"));
        assert!(!is_compound_adjective("Kursk-Voronezh"));
        assert!(!is_compound_adjective("40 ships"));
        let parts = partition(&[10, 11, 12], &|a, b| a + b == 21);
        assert_eq!(parts, vec![vec![10, 11], vec![12]]);
    }

    #[test]
    fn intervals_follow_qualifiers() {
        let q = |text: &str, value, qualifier| Quantity {
            text: text.into(),
            span: model::Span::new(0, 1),
            value,
            value_max: None,
            qualifier,
            unit: Some("ship".into()),
        };
        assert_eq!(
            interval(&q("at least 40 ships", 40.0, Qualifier::AtLeast)).1,
            f64::INFINITY
        );
        assert_eq!(
            interval(&q("hundreds of ships", 100.0, Qualifier::Approx)),
            (100.0, 1000.0)
        );
        assert_eq!(
            interval(&q("fewer than 30 ships", 30.0, Qualifier::LessThan)),
            (0.0, 30.0)
        );
        assert_eq!(
            number_text(&q("about 12,000", 12000.0, Qualifier::Approx)),
            "≈12,000"
        );
    }
}
