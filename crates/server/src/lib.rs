//! The local web UI and JSON API of crosscheck: `crosscheck serve` over a store.
//!
//! Pages: the stories list (newest activity first, with counts of sources and
//! conflicts), a story page (the HTML report's story fragment, live from the store), a
//! document page, and search. The JSON API serves everything the pages show and ingests
//! one article (`POST /api/documents`, the JSON Lines article shape); `docs/openapi.yaml`
//! documents every route, and a test keeps the two in step.
//!
//! Guard rails: with a token ([`AppState::with_token`]), every request must carry it
//! (`Authorization: Bearer TOKEN`, a `?token=` parameter, or the cookie a page opened
//! with `?token=` sets) or gets 401; query strings and bodies are bounded and every
//! refusal is a JSON `{"error": ...}` with a 4xx status; no part of a request names a
//! file. Story pages and story JSON are cached per store generation, so a busy story is
//! built once per change of the store rather than once per request.
//!
//! This crate is a thin layer: HTTP in, one store or pipeline call, HTML or JSON out. It
//! decides nothing about articles; the store serialises its own access (one connection
//! behind a mutex, used from blocking threads so the async workers never wait on disk).

mod cache;
mod guard;
mod pages;
mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use store::{AddConfig, Loaded, Store};

/// Every route of the router, as `(method, path)`. The OpenAPI test checks that each
/// `/api` route is documented, and that this list names every route the router has.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/stories/{id}"),
    ("GET", "/documents/{id}"),
    ("GET", "/search"),
    ("GET", "/api/stories"),
    ("GET", "/api/stories/{id}"),
    ("GET", "/api/documents"),
    ("POST", "/api/documents"),
    ("GET", "/api/documents/{id}"),
    ("GET", "/api/documents/{id}/raw"),
    ("GET", "/api/revisions"),
    ("GET", "/api/search"),
];

/// The largest article body `POST /api/documents` accepts.
pub const MAX_POST_BYTES: usize = 16 * 1024 * 1024;

/// The longest query string accepted. The search form's six fields fit in a few hundred
/// bytes; anything near this is not a person's search.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// The longest path accepted: ids are 16-odd characters, so this is generous.
pub const MAX_PATH_BYTES: usize = 2 * 1024;

/// The shortest token `serve --token` accepts: 16 characters of the allowed alphabet
/// leave too many possibilities to guess over a network.
pub const MIN_TOKEN_CHARS: usize = 16;

/// The name of the cookie set when a page is opened with `?token=`, so that the links on
/// the page work without the token in each address.
pub const TOKEN_COOKIE: &str = "crosscheck_token";

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    pipeline: Arc<pipeline::Config>,
    add: Arc<AddConfig>,
    token: Option<Arc<str>>,
    pub(crate) cache: Arc<cache::Cache>,
}

impl AppState {
    pub fn new(store: Store, pipeline: pipeline::Config, add: AddConfig) -> AppState {
        AppState {
            store: Arc::new(Mutex::new(store)),
            pipeline: Arc::new(pipeline),
            add: Arc::new(add),
            token: None,
            cache: Arc::new(cache::Cache::default()),
        }
    }

    /// Requires `token` on every request; see [`check_token`] for what a token may be.
    pub fn with_token(mut self, token: &str) -> Result<AppState, String> {
        check_token(token)?;
        self.token = Some(Arc::from(token));
        Ok(self)
    }
}

/// Checks that a token is long enough and made of characters that pass unchanged through
/// a header, a query string and a cookie (letters, digits and `-._~+/=`, as in base64
/// and hex tokens).
pub fn check_token(token: &str) -> Result<(), String> {
    if token.chars().count() < MIN_TOKEN_CHARS {
        return Err(format!(
            "the token must have at least {MIN_TOKEN_CHARS} characters"
        ));
    }
    if let Some(c) = token
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-._~+/=".contains(*c)))
    {
        return Err(format!(
            "the token may hold only letters, digits and -._~+/= (found {c:?})"
        ));
    }
    Ok(())
}

/// The application: pages and API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/stories/{id}", get(pages::story))
        .route("/documents/{id}", get(pages::document))
        .route("/search", get(pages::search))
        .route("/api/stories", get(api_stories))
        .route("/api/stories/{id}", get(api_story))
        .route("/api/documents", get(api_documents).post(api_post_document))
        .route("/api/documents/{id}", get(api_document))
        .route("/api/documents/{id}/raw", get(api_raw))
        .route("/api/revisions", get(api_revisions))
        .route("/api/search", get(api_search))
        .layer(DefaultBodyLimit::max(MAX_POST_BYTES))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

/// Serves the store at `db` on `addr` until Ctrl-C, then finishes the requests in flight.
/// With `token`, every request must carry it.
pub fn run(
    db: PathBuf,
    addr: SocketAddr,
    token: Option<&str>,
    on_ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    use anyhow::Context;
    let store = Store::open(&db)?;
    let mut state = AppState::new(store, pipeline::Config::default(), AddConfig::default());
    if let Some(token) = token {
        state = state.with_token(token).map_err(anyhow::Error::msg)?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        on_ready(listener.local_addr()?);
        axum::serve(wire::Listener(listener), router(state))
            .with_graceful_shutdown(async {
                // If the signal cannot be watched, the server runs until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await
            .context("server failed")
    })
}

/// An error answer: a status and a message, as JSON for the API and as a page for
/// the HTML routes.
pub(crate) struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }
    fn not_found(what: &str) -> Failure {
        Failure {
            status: StatusCode::NOT_FOUND,
            message: format!("no {what}"),
        }
    }
    fn bad_request(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    fn internal(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }
}

impl From<store::Error> for Failure {
    fn from(e: store::Error) -> Failure {
        Failure::internal(e.to_string())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (
            self.status,
            axum::Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

/// Runs `f` with the store on a blocking thread.
pub(crate) async fn with_store<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Store) -> Result<T, store::Error> + Send + 'static,
) -> Result<T, Failure> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || {
        // A panic while holding the lock would poison it; the store's own transactions
        // keep the file consistent, so the connection is still usable.
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    })
    .await
    .map_err(|e| Failure::internal(format!("request failed: {e}")))?
    .map_err(Failure::from)
}

type ApiResult = Result<Response, Failure>;

fn json<T: serde::Serialize>(value: &T) -> Response {
    axum::Json(value).into_response()
}

async fn api_stories(State(state): State<AppState>) -> ApiResult {
    Ok(json(&with_store(&state, |s| s.stories()).await?))
}

/// A story's answer: cached bytes, or the story read from the store (`None` when there
/// is no such story) with the generation it was read under.
pub(crate) enum Lookup {
    Cached(cache::Answer),
    Built(store::Generation, Option<Box<model::Report>>),
}

/// Looks a story's answer up in the cache, reading the story from the store on a miss.
pub(crate) async fn story_lookup(
    state: &AppState,
    kind: cache::Kind,
    id: &str,
) -> Result<Lookup, Failure> {
    let cache = state.cache.clone();
    let id = id.to_string();
    with_store(state, move |s| {
        let generation = s.generation()?;
        if let Some(hit) = cache.get(generation, kind, &id) {
            return Ok(Lookup::Cached(hit));
        }
        Ok(Lookup::Built(generation, s.story(&id)?.map(Box::new)))
    })
    .await
}

async fn api_story(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> ApiResult {
    let answer = match story_lookup(&state, cache::Kind::StoryJson, &id).await? {
        Lookup::Cached(answer) => answer,
        Lookup::Built(_, None) => return Err(Failure::not_found("story with this id")),
        Lookup::Built(generation, Some(report)) => {
            let bytes = Bytes::from(
                serde_json::to_vec(&report)
                    .map_err(|e| Failure::internal(format!("cannot write the story: {e}")))?,
            );
            let answer = cache::Answer::build(bytes).await?;
            state
                .cache
                .put(generation, cache::Kind::StoryJson, &id, answer.clone());
            answer
        }
    };
    Ok(answer.respond("application/json", &headers))
}

#[derive(Debug, Deserialize)]
struct Page {
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    offset: Option<usize>,
}

/// Turns a query string the handler cannot read into a 400 with the reason.
pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, Failure> {
    q.map(|Query(q)| q)
        .map_err(|e| Failure::bad_request(format!("bad query parameters: {}", e.body_text())))
}

async fn api_documents(
    State(state): State<AppState>,
    page: Result<Query<Page>, QueryRejection>,
) -> ApiResult {
    let page = query(page)?;
    let limit = page.limit.unwrap_or(100).min(1000);
    let offset = page.offset.unwrap_or(0);
    Ok(json(
        &with_store(&state, move |s| s.documents(limit, offset)).await?,
    ))
}

async fn api_document(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    match with_store(&state, move |s| s.document(&id)).await? {
        Some(view) => Ok(json(&view)),
        None => Err(Failure::not_found("document with this id")),
    }
}

async fn api_raw(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    match with_store(&state, move |s| s.raw(&id)).await? {
        Some((bytes, exact)) => Ok((
            [
                (header::CONTENT_TYPE, "application/octet-stream"),
                (
                    header::HeaderName::from_static("x-crosscheck-raw"),
                    if exact { "input" } else { "decoded" },
                ),
            ],
            bytes,
        )
            .into_response()),
        None => Err(Failure::not_found("document with this id")),
    }
}

#[derive(Debug, Deserialize)]
struct UrlQuery {
    url: String,
}

async fn api_revisions(
    State(state): State<AppState>,
    q: Result<Query<UrlQuery>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    Ok(json(
        &with_store(&state, move |s| s.revisions(&q.url)).await?,
    ))
}

async fn api_search(
    State(state): State<AppState>,
    q: Result<Query<store::Query>, QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    Ok(json(&with_store(&state, move |s| s.search(&q)).await?))
}

/// True when a `Content-Type` names JSON (`application/json` or a `+json` type), with
/// any parameters.
fn is_json(content_type: Option<&header::HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Ingests one article given as a JSON object of the JSON Lines shape.
async fn api_post_document(
    State(state): State<AppState>,
    headers: header::HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    if !is_json(headers.get(header::CONTENT_TYPE)) {
        return Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the article as JSON, with `Content-Type: application/json`",
        ));
    }
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than the limit of {MAX_POST_BYTES} bytes"),
            )
        } else {
            Failure::new(
                e.status(),
                format!("cannot read the body: {}", e.body_text()),
            )
        }
    })?;
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| Failure::bad_request(format!("the body is not JSON: {e}")))?;
    if !value.is_object() {
        return Err(Failure::bad_request("the body must be a JSON object"));
    }
    let has = |k: &str| {
        value
            .get(k)
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.trim().is_empty())
    };
    if !has("text") && !has("html") {
        return Err(Failure::bad_request(
            "the article needs a non-empty `text` or `html` field",
        ));
    }
    let (docs, diagnostics) = load_article(&value, &state.pipeline.ingest)
        .map_err(|e| Failure::internal(format!("cannot read the article: {e}")))?;
    if docs.is_empty() {
        let why: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
        return Err(Failure::bad_request(format!(
            "no article could be read: {}",
            why.join("; ")
        )));
    }
    let pipeline_config = state.pipeline.clone();
    let add_config = state.add.clone();
    let outcome = with_store(&state, move |s| {
        let batch = docs
            .into_iter()
            .map(|doc| Loaded { doc, raw: None })
            .collect();
        s.add(batch, &add_config, &mut |docs| {
            pipeline::analyze_documents(docs, Vec::new(), &pipeline_config, &|_, _, _| {})
        })
    })
    .await?;
    let status = if outcome.stored.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, axum::Json(outcome)).into_response())
}

static POSTED: AtomicU64 = AtomicU64::new(0);

/// Reads one JSON article with the JSON Lines reader of the ingest stage, so that a
/// posted article and the same line in a `.jsonl` file give the same document (same
/// fields, same content id). The ingest stage reads files, so the line goes through a
/// private temporary file that is removed at once.
fn load_article(
    value: &serde_json::Value,
    config: &ingest::Config,
) -> std::io::Result<(Vec<model::Document>, Vec<model::Diagnostic>)> {
    let line = serde_json::to_string(value).map_err(std::io::Error::other)?;
    let n = POSTED.fetch_add(1, Ordering::Relaxed);
    let path =
        std::env::temp_dir().join(format!("crosscheck-post-{}-{n}.jsonl", std::process::id()));
    std::fs::write(&path, format!("{line}\n"))?;
    let mut docs = Vec::new();
    let diagnostics = ingest::load(
        &ingest::Input::File { path: path.clone() },
        config,
        &mut std::io::empty(),
        &mut |d| docs.push(d),
    );
    let _ = std::fs::remove_file(&path);
    let source = value
        .get("url")
        .and_then(|u| u.as_str())
        .map_or_else(|| "api".to_string(), |u| u.to_string());
    for d in &mut docs {
        d.source = source.clone();
    }
    Ok((docs, diagnostics))
}

/// The HTML error page for the page routes.
pub(crate) fn error_page(f: Failure) -> Response {
    let body = pages::layout(
        "Not available",
        &format!("<p>{}</p>", report::Esc(&f.message)),
    );
    (f.status, Html(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types_are_recognised_with_parameters() {
        let v = |s: &'static str| header::HeaderValue::from_static(s);
        assert!(is_json(Some(&v("application/json"))));
        assert!(is_json(Some(&v("Application/JSON; charset=utf-8"))));
        assert!(is_json(Some(&v("application/ld+json"))));
        assert!(!is_json(Some(&v("text/plain"))));
        assert!(!is_json(Some(&v("text/json+x"))));
        assert!(!is_json(Some(&v("application/jsonl"))));
        assert!(!is_json(None));
    }

    #[test]
    fn tokens_must_be_long_and_plain() {
        assert!(check_token("abcdefghijklmnop").is_ok());
        assert!(check_token("abc-DEF_123.456~+/=").is_ok());
        assert!(check_token("abcdefghijklmno").is_err());
        assert!(check_token("abcdefghijklmnop\"").is_err());
        assert!(check_token("abcdefghijklmnopé").is_err());
    }
}
