//! What the align stage reads from a claim's words: content lemmas, names, quoted words
//! and the stance a sentence takes.
//!
//! This is deliberately shallow: it tokenises in one linear pass, drops function words
//! and reporting verbs, maps a handful of news synonyms onto one lemma and stems the rest
//! with the Snowball English stemmer. It does not parse sentences, resolve pronouns or
//! recognise entities; those are the attribute stage's job, and its results (claim
//! entities, attribution stances) win over the fallbacks here whenever they are present.

use model::Stance;
use rust_stemmers::{Algorithm, Stemmer};

/// One word of a sentence as the tokeniser saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    /// Byte offset in the sentence.
    pub start: usize,
    pub capitalised: bool,
    /// True for the first word of the sentence (capitalised whatever it is).
    pub initial: bool,
}

/// Splits a sentence into words: runs of letters and digits, keeping inner apostrophes,
/// hyphens and periods of abbreviations ("U.S.", "Kursk-Voronezh"). A possessive "'s"
/// is cut off. Linear in the length of the text.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((pos, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let inner_joiner = matches!(c, '\'' | '’' | '-' | '.')
            && start.is_some()
            && next.is_some_and(char::is_alphanumeric)
            && prev.is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || inner_joiner {
            if start.is_none() {
                start = Some(pos);
            }
            last_end = pos + c.len_utf8();
        } else if let Some(s) = start.take() {
            push_word(text, s, last_end, &mut out);
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        push_word(text, s, last_end, &mut out);
    }
    out
}

fn push_word<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Word<'a>>) {
    let mut w = &text[start..end];
    for suffix in ["'s", "’s"] {
        if let Some(stripped) = w.strip_suffix(suffix) {
            w = stripped;
        }
    }
    if w.is_empty() {
        return;
    }
    let capitalised = w.chars().next().is_some_and(char::is_uppercase);
    let initial = out.is_empty();
    out.push(Word {
        text: w,
        start,
        capitalised,
        initial,
    });
}

/// Function words, reporting verbs and calendar words: they say how something is told
/// or when, not what happened, so they are no evidence that two sentences report the
/// same fact. Dates are compared through the resolved times instead.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "during",
    "each",
    "earlier",
    "either",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "later",
    "least",
    "less",
    "like",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "neither",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "same",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "mr",
    "mrs",
    "ms",
    "dr",
    "according",
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tell",
    "tells",
    "added",
    "add",
    "adds",
    "noted",
    "note",
    "stated",
    "stating",
    "states",
    "report",
    "reported",
    "reports",
    "reporting",
    "announced",
    "announce",
    "claim",
    "claims",
    "claimed",
    "confirm",
    "confirmed",
    "confirms",
    "denied",
    "deny",
    "denies",
    "warned",
    "warn",
    "warns",
    "believed",
    "believes",
    "estimated",
    "suggested",
    "suggesting",
    "today",
    "yesterday",
    "tomorrow",
    "week",
    "weeks",
    "weekend",
    "month",
    "months",
    "year",
    "years",
    "day",
    "days",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "recently",
    "initially",
    "previously",
    "already",
    "currently",
    "first",
    "new",
    "time",
];

/// Words news writers use interchangeably for the same thing or act, mapped to one
/// lemma so a paraphrase ("police stopped a truck" / "authorities intercepted a truck")
/// shares its words. Only unambiguous, story-independent classes belong here.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "troop",
        &[
            "troop",
            "troops",
            "soldier",
            "soldiers",
            "personnel",
            "servicemen",
            "serviceman",
            "servicemembers",
            "servicemember",
        ],
    ),
    (
        "stop",
        &[
            "stop",
            "stops",
            "stopped",
            "stopping",
            "halt",
            "halts",
            "halted",
            "intercept",
            "intercepts",
            "intercepted",
        ],
    ),
    (
        "kill",
        &[
            "kill", "kills", "killed", "killing", "dead", "died", "die", "death", "deaths",
        ],
    ),
    (
        "injur",
        &[
            "injured", "injure", "injuries", "injury", "wounded", "wound", "wounds", "hurt",
        ],
    ),
    (
        "send",
        &[
            "send",
            "sends",
            "sent",
            "sending",
            "dispatch",
            "dispatched",
            "dispatches",
            "dispatching",
            "deploy",
            "deployed",
            "deploys",
            "deploying",
            "deployment",
        ],
    ),
    ("truck", &["truck", "trucks", "lorry", "lorries"]),
    ("plate", &["plate", "plates"]),
];

/// The English lemmatiser of the stage: stopwords out, synonyms merged, the rest stemmed.
pub struct Lemmatiser {
    stemmer: Stemmer,
}

impl Default for Lemmatiser {
    fn default() -> Self {
        Lemmatiser {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Lemmatiser {
    /// The content lemma of a word, or `None` for a stopword, a number or a one-letter
    /// word.
    pub fn lemma(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        let lower = lower.replace('’', "'");
        if lower.chars().count() < 2
            || lower.chars().any(|c| c.is_ascii_digit())
            || is_stopword(&lower)
        {
            return None;
        }
        if let Some(lemma) = synonym(&lower) {
            return Some(lemma.to_string());
        }
        let stem = self.stemmer.stem(&lower);
        Some(stem.into_owned())
    }
}

pub fn is_stopword(lower: &str) -> bool {
    // Asked for every word of every claim: a hash set, built once, not a scan of the list.
    static SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());
    SET.contains(lower)
}

/// The lemma a synonym class maps `lower` to, if it is in one.
fn synonym(lower: &str) -> Option<&'static str> {
    static MAP: std::sync::LazyLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::LazyLock::new(|| {
            let mut map = std::collections::HashMap::new();
            for (lemma, forms) in SYNONYMS {
                for form in *forms {
                    // The first class that lists a form wins, as the scan of the list did.
                    map.entry(*form).or_insert(*lemma);
                }
            }
            map
        });
    MAP.get(lower).copied()
}

/// Names in a sentence, as lowercase keys: runs of capitalised words ("Jane Roe",
/// "North Korean"), a sentence-initial word only when it is not a function word. This
/// is the fallback used when the attribute stage has not tagged the claim's entities.
pub fn names(words: &[Word<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut Vec<String>| {
        if !run.is_empty() {
            out.push(run.join(" "));
            run.clear();
        }
    };
    for w in words {
        let lower = w.text.to_lowercase().replace('’', "'");
        let is_name =
            w.capitalised && !lower.chars().all(|c| c.is_ascii_digit()) && !is_stopword(&lower);
        if is_name {
            run.push(lower.replace('.', ""));
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out.sort();
    out.dedup();
    out
}

/// The quoted stretches of a sentence, as byte ranges of the sentence: between curly
/// double quotes, or between pairs of straight double quotes. An opening quote without
/// its close runs to the end (a quote continued in the next sentence).
pub fn quotes(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('“', None) | ('"', None) => open = Some(i + c.len_utf8()),
            ('”', Some(s)) | ('"', Some(s)) => {
                out.push(s..i);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push(s..text.len());
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Shingles of `n` consecutive lowercase words of the quoted stretches, hashed: two
/// claims that share one quote the same words. A quote shorter than `n` words gives one
/// shingle of all its words, when it has at least two.
pub fn quote_shingles(text: &str, n: usize) -> Vec<u64> {
    let mut out = Vec::new();
    for r in quotes(text) {
        let Some(quoted) = text.get(r) else { continue };
        let ws: Vec<String> = words(quoted)
            .iter()
            .map(|w| w.text.to_lowercase().replace('’', "'"))
            .collect();
        if ws.len() < 2 {
            continue;
        }
        let n = n.min(ws.len());
        for window in ws.windows(n) {
            out.push(xxhash_rust::xxh3::xxh3_64(window.join(" ").as_bytes()));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Reads the stance a sentence takes when the attribute stage has not: "has yet to
/// confirm" and its kin are unconfirmed, denial verbs are denied, confirmation verbs
/// confirmed, and a neutral reporting verb is stated. `None` when the sentence reports
/// nobody's position.
pub fn stance(words: &[Word<'_>]) -> Option<(Stance, usize)> {
    let lower: Vec<String> = words
        .iter()
        .map(|w| w.text.to_lowercase().replace('’', "'"))
        .collect();
    let negated_before = |i: usize| {
        lower[i.saturating_sub(5)..i].iter().any(|w| {
            matches!(
                w.as_str(),
                "not"
                    | "yet"
                    | "unable"
                    | "cannot"
                    | "declined"
                    | "without"
                    | "no"
                    | "never"
                    | "didn't"
                    | "couldn't"
                    | "can't"
                    | "won't"
                    | "refused"
            )
        })
    };
    let mut found: Option<(Stance, usize)> = None;
    for (i, w) in lower.iter().enumerate() {
        let s = match w.as_str() {
            "confirm" | "confirmed" | "confirms" | "confirming" | "verify" | "verified"
            | "acknowledge" | "acknowledged" | "acknowledges" => {
                if negated_before(i) {
                    Stance::Unconfirmed
                } else {
                    Stance::Confirmed
                }
            }
            "unconfirmed" | "unverified" => Stance::Unconfirmed,
            "deny" | "denied" | "denies" | "denying" | "dismissed" | "dismisses" | "rejected"
            | "rejects" | "refuted" => Stance::Denied,
            "said" | "says" | "announced" | "announces" | "stated" | "told" | "added" => {
                Stance::Stated
            }
            _ => continue,
        };
        // The strongest cue wins: a sentence that "said it has yet to confirm" is
        // unconfirmed, not stated.
        found = Some(match found {
            None | Some((Stance::Stated, _)) => (s, i),
            Some(prev) => prev,
        });
    }
    found
}

/// The name a stance cue at word `cue` is most likely said by: the last run of
/// capitalised words before it (the subject usually precedes its reporting verb).
pub fn actor_before(words: &[Word<'_>], cue: usize) -> Option<String> {
    let mut end = None;
    for i in (0..cue.min(words.len())).rev() {
        let lower = words[i].text.to_lowercase();
        let is_name = words[i].capitalised && !is_stopword(&lower);
        match (is_name, end) {
            (true, None) => end = Some(i),
            (false, Some(_)) => break,
            _ => {}
        }
    }
    let end = end?;
    let mut start = end;
    while start > 0
        && words[start - 1].capitalised
        && !is_stopword(&words[start - 1].text.to_lowercase())
    {
        start -= 1;
    }
    let run: Vec<String> = words[start..=end]
        .iter()
        .map(|w| w.text.to_lowercase().replace('’', "'").replace('.', ""))
        .collect();
    Some(run.join(" "))
}

/// A short, readable label from a sentence: at most `max_words` words, cut at a word
/// boundary, with an ellipsis when cut.
pub fn label(text: &str, max_words: usize) -> String {
    let trimmed = text.trim();
    let mut count = 0;
    let mut end = trimmed.len();
    let mut in_word = false;
    for (i, c) in trimmed.char_indices() {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == max_words {
                    end = i;
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    let cut = &trimmed[..end];
    if end < trimmed.len() {
        let cut = cut.trim_end_matches([',', ';', ':', '—', '–', '-', ' ']);
        format!("{cut}…")
    } else {
        cut.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_abbreviations_and_cut_possessives() {
        let ws: Vec<&str> = words("The U.S. envoy's Kestrel-Bay trip, 3.5 days.")
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(
            ws,
            ["The", "U.S", "envoy", "Kestrel-Bay", "trip", "3.5", "days"]
        );
    }

    #[test]
    fn paraphrases_share_lemmas() {
        let l = Lemmatiser::default();
        let a: Vec<String> = words("Police stopped a truck carrying soldiers")
            .iter()
            .filter_map(|w| l.lemma(w.text))
            .collect();
        let b: Vec<String> = words("Authorities intercepted trucks that carried troops")
            .iter()
            .filter_map(|w| l.lemma(w.text))
            .collect();
        for shared in ["stop", "truck", "troop", "carri"] {
            assert!(a.contains(&shared.to_string()), "{a:?}");
            assert!(b.contains(&shared.to_string()), "{b:?}");
        }
        assert_eq!(l.lemma("said"), None);
        assert_eq!(l.lemma("2024"), None);
    }

    #[test]
    fn names_are_runs_of_capitalised_words() {
        let ws = words("However, Admiral Jana Velk told the Orlan Times that Velk would go.");
        assert_eq!(names(&ws), ["admiral jana velk", "orlan times", "velk"]);
    }

    #[test]
    fn quotes_and_shingles() {
        let t = "“We will not move,” she said, adding \"not one inch\".";
        let q: Vec<&str> = quotes(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, ["We will not move,", "not one inch"]);
        assert_eq!(
            quote_shingles("He said “we will not move an inch” today.", 4),
            quote_shingles("“We will not move an inch,” the minister said.", 4)
        );
        assert!(quote_shingles("no quotes here", 4).is_empty());
        // An unclosed quote runs to the end of the sentence.
        assert_eq!(quotes("He said “it goes on"), vec![11..21]);
    }

    #[test]
    fn stances_read_from_words() {
        let s = |t: &str| stance(&words(t)).map(|s| s.0);
        assert_eq!(
            s("The alliance has yet to confirm the reports."),
            Some(Stance::Unconfirmed)
        );
        assert_eq!(
            s("The ministry confirmed the reports."),
            Some(Stance::Confirmed)
        );
        assert_eq!(
            s("The ministry said it denied the reports."),
            Some(Stance::Denied)
        );
        assert_eq!(s("Ships moved into the bay."), None);
        assert_eq!(
            s("Officials said the port was closed."),
            Some(Stance::Stated)
        );
    }

    #[test]
    fn actors_precede_their_verbs() {
        let ws = words("While Minister Ola Brant noted that the alliance has yet to confirm it.");
        let (s, cue) = stance(&ws).unwrap();
        assert_eq!(s, Stance::Unconfirmed);
        assert_eq!(
            actor_before(&ws, cue).as_deref(),
            Some("minister ola brant")
        );
        assert_eq!(actor_before(&ws, 0), None);
    }

    #[test]
    fn labels_cut_on_words() {
        assert_eq!(label("one two three four", 3), "one two three…");
        assert_eq!(label("one two, three four", 2), "one two…");
        assert_eq!(label("short one", 5), "short one");
        assert_eq!(label("", 5), "");
    }
}
