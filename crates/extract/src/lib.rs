//! The extract stage: turns a cleaned document body into claims (one per sentence) and,
//! in later layers, the quantities, times, attributions and entities they carry.
//!
//! It reads only the model; it knows nothing of files, formats or other documents.

pub mod quantity;
pub mod segment;
pub mod time;

use chrono::NaiveDate;
use model::{Claim, Diagnostic, Document, Severity, Span, ids};

/// Choices for extraction. Empty for now; later layers (attribution, entities) add their
/// thresholds here.
#[derive(Debug, Clone, Default)]
pub struct Config {}

/// The date relative expressions of `doc` are resolved against: its publication date (the
/// date line, or the dateline's date, or what the user gave), or for an undated document
/// the earliest day of its inferred publication range.
pub fn reference_date(doc: &Document) -> Option<NaiveDate> {
    let day = |s: &str| {
        s.get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    doc.published
        .as_deref()
        .and_then(day)
        .or_else(|| doc.published_range.as_ref().and_then(|[from, _]| day(from)))
}

/// Makes one claim per sentence of `doc.body`, in order, with its span, its quantities
/// and its time expressions resolved against [`reference_date`]. Attribution and
/// entities are present and empty until their layers exist.
pub fn claims(doc: &Document, config: &Config) -> Vec<Claim> {
    claims_checked(doc, config).0
}

/// [`claims`], and a diagnostic for each value the text states that cannot be held: a
/// number too large to represent (`10^400`) or a date that does not exist (`31 February
/// 2024`) in a dated document. Such values are left out of the claims rather than read
/// wrong.
pub fn claims_checked(doc: &Document, _config: &Config) -> (Vec<Claim>, Vec<Diagnostic>) {
    let reference = reference_date(doc);
    let mut diagnostics = Vec::new();
    let claims = segment::sentences(&doc.body)
        .into_iter()
        .enumerate()
        .map(|(ordinal, range)| {
            let sentence = &doc.body[range.clone()];
            let found_times = time::times(sentence, reference);
            let (found_quantities, refused) = quantity::quantities_checked(sentence);
            let absurd_times = found_times
                .iter()
                .filter(|t| {
                    t.value.is_none()
                        && sentence
                            .get(t.span.clone())
                            .is_some_and(absolute_calendar_date)
                })
                .map(|t| (t.span.clone(), "time.invalid", "a date that does not exist"));
            let absurd_numbers = refused
                .into_iter()
                .map(|r| (r, "number.overflow", "a number too large to hold"));
            for (span, code, what) in absurd_times.chain(absurd_numbers) {
                let text = sentence.get(span.clone()).unwrap_or_default();
                let body = Span::new(range.start + span.start, range.start + span.end);
                let at = doc.body_to_text(body).map_or(String::new(), |t| {
                    format!(" at byte {} of the text", t.start)
                });
                diagnostics.push(
                    Diagnostic::new(
                        code,
                        Severity::Info,
                        &doc.source,
                        format!("{what}: {text:?}{at}, left out of the claims"),
                    )
                    .for_doc(&doc.id),
                );
            }
            let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
                a.start < b.end && b.start < a.end
            };
            // A number inside a time expression ("between 8 and 11 March") is a date, not
            // a quantity. Only the figure counts here: the period of a rate ("$2.5 billion
            // a month") is the quantity's unit, not a date.
            let quantities = found_quantities
                .iter()
                .filter(|q| !found_times.iter().any(|t| overlaps(&t.span, &q.figure)))
                .map(|q| q.to_model(sentence, range.start))
                .collect();
            // And the period of a rate is not a duration.
            let rate_periods: Vec<&std::ops::Range<usize>> = found_quantities
                .iter()
                .filter(|q| q.unit.as_deref().is_some_and(|u| u.contains(" per ")))
                .filter_map(|q| q.unit_span.as_ref())
                .collect();
            let times = found_times
                .iter()
                .filter(|t| {
                    !rate_periods
                        .iter()
                        .any(|u| u.start <= t.span.start && t.span.end <= u.end)
                })
                .filter_map(|t| t.to_model(sentence, range.start))
                // TimeML's PRESENT_REF and kin ("now", "currently") are not dates.
                .filter(|t| !t.value.ends_with("_REF"))
                .collect();
            Claim {
                id: ids::claim(&doc.id, ordinal),
                doc: doc.id.clone(),
                span: Span::new(range.start, range.end),
                text: sentence.to_string(),
                attribution: None,
                quantities,
                times,
                entities: Vec::new(),
            }
        })
        .collect();
    (claims, diagnostics)
}

/// True when `text` is written as a calendar date and nothing else ("31 February 2024",
/// "April 31st", "2024-13-45"): digits, month names, ordinal suffixes and joining words.
/// Such an expression without a value names a day that does not exist; a relative one
/// ("the next day") may simply lack its anchor.
fn absolute_calendar_date(text: &str) -> bool {
    let (mut digits, mut month) = (false, false);
    let only_date_words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let lw = w.to_lowercase();
            let number = ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|suffix| lw.strip_suffix(suffix))
                .unwrap_or(&lw);
            if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
                digits = true;
                return true;
            }
            if time::is_month_word(&lw) {
                month = true;
                return true;
            }
            matches!(lw.as_str(), "of" | "the" | "on")
        });
    // A month by name, or an ISO form with its three numbers ("2024-13-45").
    let iso = text.split('-').filter(|p| !p.trim().is_empty()).count() == 3;
    digits && only_date_words && (month || iso)
}

/// Places undated documents in time: each gets a publication range from the latest date
/// its body mentions (a full date, or a month and day whose year is taken from the dated
/// documents of the run) to the latest publication date of the run. A document that gives
/// no date keeps none. This is the one place in extract that looks across documents: the
/// year of "October 27" comes from the story's other articles. Returns the evidence for
/// each inference as an `info` diagnostic.
pub fn infer_publication(docs: &mut [Document]) -> Vec<model::Diagnostic> {
    use chrono::Datelike;
    let latest_dated = docs
        .iter()
        .filter(|d| d.published.is_some() && !d.published_inferred)
        .filter_map(reference_date)
        .max();
    let mut diags = Vec::new();
    for doc in docs
        .iter_mut()
        .filter(|d| d.published.is_none() && d.published_range.is_none())
    {
        let mut evidence = Vec::new();
        // One parse of the body gives both kinds of evidence.
        let (explicit, yearless) = time::dating_anchors(&doc.body);
        let mut lower = explicit;
        if let Some(d) = lower {
            evidence.push(format!("it mentions {d}"));
        }
        if let Some(anchor) = latest_dated {
            for (month, day, _) in yearless {
                // A month-day more than a week after the story's latest dated article
                // belongs to the year before (an article of January citing December).
                let placed = NaiveDate::from_ymd_opt(anchor.year(), month, day).and_then(|d| {
                    if d > anchor + chrono::Days::new(7) {
                        NaiveDate::from_ymd_opt(anchor.year() - 1, month, day)
                    } else {
                        Some(d)
                    }
                });
                if let Some(d) = placed
                    && lower.is_none_or(|l| d > l)
                {
                    lower = Some(d);
                    evidence.push(format!(
                        "it mentions {} {day} without a year, placed in {} by the dated articles (latest {anchor})",
                        chrono::Month::try_from(month as u8).map(|m| m.name()).unwrap_or("month"),
                        d.year()
                    ));
                }
            }
        }
        let Some(lower) = lower else { continue };
        let upper = latest_dated.filter(|u| *u >= lower).unwrap_or(lower);
        doc.published_inferred = true;
        doc.published_range = Some([lower.to_string(), upper.to_string()]);
        if lower == upper {
            doc.published = Some(lower.to_string());
        }
        diags.push(
            model::Diagnostic::new(
                "date.inferred",
                model::Severity::Info,
                &doc.source,
                format!(
                    "no publication date in the text; published between {lower} and {upper}: {}",
                    evidence.last().cloned().unwrap_or_default()
                ),
            )
            .for_doc(&doc.id),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim_of(body: &str) -> Claim {
        let mut doc = Document::new("d1", "x.txt", body);
        doc.body = body.to_string();
        doc.published = Some("2024-03-12".into());
        claims(&doc, &Config::default()).remove(0)
    }

    #[test]
    fn a_rate_keeps_its_figure_and_its_period_is_not_a_duration() {
        let c =
            claim_of("The closure could cost the economy $2.5 billion a month, the chamber said.");
        assert_eq!(c.quantities.len(), 1, "{:?}", c.quantities);
        assert_eq!(c.quantities[0].value, 2.5e9);
        assert_eq!(c.quantities[0].unit.as_deref(), Some("USD per month"));
        assert!(c.times.is_empty(), "{:?}", c.times);
    }

    #[test]
    fn values_that_cannot_hold_are_reported_not_read() {
        let body = "The decree is dated 31 February 2024 and counts 10^400 grains.";
        let mut doc = Document::new("d1", "x.txt", body);
        doc.body = body.to_string();
        doc.published = Some("2024-03-12".into());
        let (claims, diags) = claims_checked(&doc, &Config::default());
        assert!(claims[0].times.is_empty() && claims[0].quantities.is_empty());
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["time.invalid", "number.overflow"], "{diags:?}");
        assert!(diags[0].message.contains("31 February 2024"), "{diags:?}");
        assert!(absolute_calendar_date("2024-13-45"));
        assert!(!absolute_calendar_date("the 11th"));
        assert!(!absolute_calendar_date("the next day"));
        assert!(!absolute_calendar_date("a few years since 1955"));
    }

    #[test]
    fn numbers_of_a_date_are_not_quantities_and_durations_stay_durations() {
        let c = claim_of("Ships moved in between 8 and 11 March and stayed for two weeks.");
        assert!(c.quantities.is_empty(), "{:?}", c.quantities);
        assert_eq!(c.times.len(), 2, "{:?}", c.times);
    }
}
