//! Rendered answers kept while the store does not change: a story page or a story's
//! JSON is built from many rows and takes milliseconds, while serving it again takes
//! microseconds.
//!
//! Every entry belongs to one store generation (`store::Store::generation`); the first
//! lookup under a newer generation empties the cache, so nothing stale is ever served,
//! whichever process wrote to the store. Memory is bounded by a byte budget. It does not
//! cache searches or document pages: they are cheap, or too many to be worth keeping.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use store::Generation;

/// At most this many bytes of rendered answers are kept.
const BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// What a cached answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    StoryPage,
    StoryJson,
}

#[derive(Default)]
struct Inner {
    generation: Option<Generation>,
    entries: HashMap<(Kind, String), Bytes>,
    bytes: usize,
}

#[derive(Default)]
pub(crate) struct Cache {
    inner: Mutex<Inner>,
}

impl Cache {
    /// The answer cached for `key` under `generation`, if any.
    pub(crate) fn get(&self, generation: Generation, kind: Kind, id: &str) -> Option<Bytes> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.generation != Some(generation) {
            inner.generation = Some(generation);
            inner.entries.clear();
            inner.bytes = 0;
            return None;
        }
        inner.entries.get(&(kind, id.to_string())).cloned()
    }

    /// Keeps an answer built under `generation`; dropped when the store has moved on
    /// meanwhile, or when it would exceed the budget.
    pub(crate) fn put(&self, generation: Generation, kind: Kind, id: &str, value: Bytes) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.generation != Some(generation) || value.len() > BUDGET_BYTES {
            return;
        }
        if inner.bytes + value.len() > BUDGET_BYTES {
            inner.entries.clear();
            inner.bytes = 0;
        }
        inner.bytes += value.len();
        if let Some(old) = inner.entries.insert((kind, id.to_string()), value) {
            inner.bytes -= old.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generations() -> (Generation, Generation) {
        let store = store::Store::open_in_memory().unwrap();
        let g0 = store.generation().unwrap();
        store
            .connection()
            .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        let g1 = store.generation().unwrap();
        assert_ne!(g0, g1);
        (g0, g1)
    }

    #[test]
    fn entries_live_only_as_long_as_their_generation() {
        let (g0, g1) = generations();
        let cache = Cache::default();
        assert_eq!(cache.get(g0, Kind::StoryPage, "s"), None);
        cache.put(g0, Kind::StoryPage, "s", Bytes::from_static(b"page"));
        assert_eq!(
            cache.get(g0, Kind::StoryPage, "s"),
            Some(Bytes::from_static(b"page"))
        );
        assert_eq!(cache.get(g0, Kind::StoryJson, "s"), None);
        assert_eq!(cache.get(g1, Kind::StoryPage, "s"), None);
        // An answer built under the old generation is not kept once the new one is seen.
        cache.put(g0, Kind::StoryPage, "s", Bytes::from_static(b"stale"));
        assert_eq!(cache.get(g1, Kind::StoryPage, "s"), None);
    }
}
