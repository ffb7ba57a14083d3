//! Rendered answers kept while the store does not change: a story page or a story's
//! JSON is built from many rows and takes milliseconds, while serving it again takes
//! microseconds.
//!
//! Every entry belongs to one store generation (`store::Store::generation`); the first
//! lookup under a newer generation empties the cache, so nothing stale is ever served,
//! whichever process wrote to the store. Memory is bounded by a byte budget. It does not
//! cache searches or document pages: they are cheap, or too many to be worth keeping.
//!
//! Each answer is kept twice: as built, and gzip-compressed once when it is kept. A
//! browser always accepts gzip, and compressing a story of a megabyte on every request
//! would cost more than building it; sent compressed, it is also a fifth of the bytes.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use store::Generation;

/// At most this many bytes of rendered answers are kept.
const BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// What a cached answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    StoryPage,
    StoryJson,
}

/// One answer, as built and gzip-compressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub raw: Bytes,
    pub gzip: Bytes,
}

impl Answer {
    /// Compresses `raw` once (the fast level: a story compresses to about a fifth
    /// whatever the level, and the fast one takes a few milliseconds).
    pub(crate) fn new(raw: Bytes) -> Answer {
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(raw.len() / 4),
            flate2::Compression::fast(),
        );
        // Writing to a vector cannot fail; should it, the answer goes out uncompressed.
        let gzip = match gz.write_all(&raw).and_then(|()| gz.finish()) {
            Ok(v) => Bytes::from(v),
            Err(_) => Bytes::new(),
        };
        Answer { raw, gzip }
    }

    /// [`Answer::new`] off the async threads: compressing a story of a megabyte takes
    /// milliseconds.
    pub(crate) async fn build(raw: Bytes) -> Result<Answer, crate::Failure> {
        tokio::task::spawn_blocking(move || Answer::new(raw))
            .await
            .map_err(|e| crate::Failure::internal(format!("cannot compress the story: {e}")))
    }

    fn len(&self) -> usize {
        self.raw.len() + self.gzip.len()
    }

    /// The response for a request with `headers`: compressed when the client accepts
    /// gzip, as built otherwise.
    pub(crate) fn respond(&self, content_type: &'static str, headers: &HeaderMap) -> Response {
        let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
        let kind = (header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if !self.gzip.is_empty() && accepts_gzip(headers) {
            let encoding = (header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            ([kind, vary, encoding], self.gzip.clone()).into_response()
        } else {
            ([kind, vary], self.raw.clone()).into_response()
        }
    }
}

/// True when `Accept-Encoding` lists gzip (or `*`) without `q=0`.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

#[derive(Default)]
struct Inner {
    generation: Option<Generation>,
    entries: HashMap<(Kind, String), Answer>,
    bytes: usize,
}

#[derive(Default)]
pub(crate) struct Cache {
    inner: Mutex<Inner>,
}

impl Cache {
    /// The answer cached for `key` under `generation`, if any.
    pub(crate) fn get(&self, generation: Generation, kind: Kind, id: &str) -> Option<Answer> {
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
    pub(crate) fn put(&self, generation: Generation, kind: Kind, id: &str, value: Answer) {
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
        let page = Answer::new(Bytes::from_static(b"page"));
        cache.put(g0, Kind::StoryPage, "s", page.clone());
        assert_eq!(cache.get(g0, Kind::StoryPage, "s"), Some(page));
        assert_eq!(cache.get(g0, Kind::StoryJson, "s"), None);
        assert_eq!(cache.get(g1, Kind::StoryPage, "s"), None);
        // An answer built under the old generation is not kept once the new one is seen.
        cache.put(
            g0,
            Kind::StoryPage,
            "s",
            Answer::new(Bytes::from_static(b"stale")),
        );
        assert_eq!(cache.get(g1, Kind::StoryPage, "s"), None);
    }

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    #[test]
    fn gzip_goes_only_to_clients_that_accept_it() {
        assert!(accepts_gzip(&headers("gzip, deflate, br, zstd")));
        assert!(accepts_gzip(&headers("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&headers("*")));
        assert!(!accepts_gzip(&headers("gzip;q=0, br")));
        assert!(!accepts_gzip(&headers("br, identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_compressed_answer_holds_the_same_bytes() {
        use std::io::Read;
        let raw = Bytes::from("{\"story\": \"a harbour blockade\"}".repeat(500));
        let answer = Answer::new(raw.clone());
        assert!(answer.gzip.len() * 5 < raw.len(), "{}", answer.gzip.len());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&answer.gzip[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, raw);
        let r = answer.respond("application/json", &headers("gzip"));
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
        let r = answer.respond("application/json", &HeaderMap::new());
        assert!(r.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(r.headers()[header::VARY], "accept-encoding");
    }
}
