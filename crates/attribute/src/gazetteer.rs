//! The gazetteer: countries (with their demonyms and other names), capitals and major
//! regions, read from `data/places.tsv`, which is compiled into the binary.
//!
//! It answers one question: is this capitalised sequence a place, and which country does
//! it point to? It does not geocode, rank or disambiguate places beyond an exact match of
//! the name as written (with case), so "Georgia" is always the country.

use std::sync::OnceLock;

use foldhash::{HashMap, HashMapExt};

const DATA: &str = include_str!("../data/places.tsv");

/// What a gazetteer name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceKind {
    /// A country, by its usual name or another name ("Burma", "U.S.").
    Country,
    /// The adjective or people of a country ("Ukrainian", "Britons").
    Demonym,
    /// A capital city.
    Capital,
    /// A region or sub-national area.
    Region,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    /// The canonical name of the place this name stands for: the country for countries and
    /// demonyms, the city for capitals, the region for regions.
    pub canonical: &'static str,
    /// The country it belongs to, when it belongs to one.
    pub country: Option<&'static str>,
    pub kind: PlaceKind,
}

/// The gazetteer, keyed by name as written.
pub(crate) struct Gazetteer {
    names: HashMap<&'static str, Place>,
    /// The longest name, in words, to bound lookups of word sequences.
    pub max_words: usize,
}

impl Gazetteer {
    pub fn get(&self, name: &str) -> Option<Place> {
        self.names.get(name).copied()
    }
}

/// Demonyms that are plural nouns for people ("Ukrainians"), told apart from adjectives so
/// the adjective form can start a description ("Ukrainian intelligence").
fn is_demonym(alias: &str, country: &str) -> bool {
    // Another name of the country keeps the capital of its first word and is not an
    // adjective: "Burma", "U.S.", "Holland". Demonyms end in the usual suffixes.
    let lower = alias.to_lowercase();
    let suffixes = [
        "an", "ans", "ese", "ish", "i", "is", "ic", "ian", "ians", "ean", "eans", "er", "ers",
        "ch", "ss", "ek", "eks", "ot", "ots", "ine", "ines", "ino", "inos", "ani", "anis", "ois",
        "ene", "enes", "ani", "e", "es", "s",
    ];
    !alias.contains('.')
        && !alias.chars().all(|c| c.is_ascii_uppercase())
        && lower != country.to_lowercase()
        && !alias.starts_with("The ")
        && !alias.contains(" of ")
        && !alias.ends_with("Republic")
        && !alias.ends_with("Federation")
        && !alias.ends_with("territories")
        && suffixes.iter().any(|s| lower.ends_with(s))
}

/// The gazetteer, parsed once.
pub(crate) fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut names = HashMap::new();
        let mut max_words = 1;
        for line in DATA.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            let (kind, name) = match (cols.first(), cols.get(1)) {
                (Some(k), Some(n)) if !n.is_empty() => (*k, *n),
                _ => continue,
            };
            let country = cols.get(2).copied().filter(|c| !c.is_empty());
            let others = cols.get(3).copied().unwrap_or("");
            let base = match kind {
                "country" => PlaceKind::Country,
                "capital" => PlaceKind::Capital,
                _ => PlaceKind::Region,
            };
            let mut add = |n: &'static str, k: PlaceKind| {
                max_words = max_words.max(n.split(' ').count());
                // The first entry wins, so a country's own name is never taken over by a
                // region's alias.
                names.entry(n).or_insert(Place {
                    canonical: name,
                    country,
                    kind: k,
                });
            };
            add(name, base);
            for alias in others.split('|').filter(|a| !a.is_empty()) {
                let k = match base {
                    PlaceKind::Country | PlaceKind::Region if is_demonym(alias, name) => {
                        PlaceKind::Demonym
                    }
                    other => other,
                };
                add(alias, k);
            }
        }
        Gazetteer { names, max_words }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_demonyms_capitals_and_regions() {
        let g = gazetteer();
        let ua = g.get("Ukrainian").unwrap();
        assert_eq!((ua.canonical, ua.kind), ("Ukraine", PlaceKind::Demonym));
        let kyiv = g.get("Kyiv").unwrap();
        assert_eq!(
            (kyiv.country, kyiv.kind),
            (Some("Ukraine"), PlaceKind::Capital)
        );
        assert_eq!(g.get("U.S.").unwrap().kind, PlaceKind::Country);
        assert_eq!(g.get("U.S.").unwrap().canonical, "United States");
        assert_eq!(g.get("Burma").unwrap().kind, PlaceKind::Country);
        assert_eq!(g.get("South Korean").unwrap().canonical, "South Korea");
        assert_eq!(g.get("Middle East").unwrap().kind, PlaceKind::Region);
        assert!(g.get("ukraine").is_none());
        assert!(g.max_words >= 4);
        // Every country in the file is found by its own name.
        let countries = DATA.lines().filter(|l| l.starts_with("country\t")).count();
        assert!(countries >= 190, "{countries} countries");
    }
}
