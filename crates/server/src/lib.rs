//! The local web UI and JSON API of crosscheck: `crosscheck serve` over a store.
//!
//! Pages: the stories list (newest activity first, with counts of sources and
//! conflicts), a story page (the HTML report's story fragment, live from the store), a
//! document page, and search. The JSON API serves everything the pages show and ingests
//! one article (`POST /api/documents`, the JSON Lines article shape); `docs/openapi.yaml`
//! documents every route, and a test keeps the two in step.
//!
//! This crate is a thin layer: HTTP in, one store or pipeline call, HTML or JSON out. It
//! decides nothing about articles; the store serialises its own access (one connection
//! behind a mutex, used from blocking threads so the async workers never wait on disk).

mod pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
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

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    pipeline: Arc<pipeline::Config>,
    add: Arc<AddConfig>,
}

impl AppState {
    pub fn new(store: Store, pipeline: pipeline::Config, add: AddConfig) -> AppState {
        AppState {
            store: Arc::new(Mutex::new(store)),
            pipeline: Arc::new(pipeline),
            add: Arc::new(add),
        }
    }
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
        .with_state(state)
}

/// Serves the store at `db` on `addr` until Ctrl-C, then finishes the requests in flight.
pub fn run(db: PathBuf, addr: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    use anyhow::Context;
    let store = Store::open(&db)?;
    let state = AppState::new(store, pipeline::Config::default(), AddConfig::default());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        on_ready(listener.local_addr()?);
        axum::serve(listener, router(state))
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

async fn api_story(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    match with_store(&state, move |s| s.story(&id)).await? {
        Some(report) => Ok(json(&report)),
        None => Err(Failure::not_found("story with this id")),
    }
}

#[derive(Debug, Deserialize)]
struct Page {
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    offset: Option<usize>,
}

async fn api_documents(State(state): State<AppState>, Query(page): Query<Page>) -> ApiResult {
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

async fn api_revisions(State(state): State<AppState>, Query(q): Query<UrlQuery>) -> ApiResult {
    Ok(json(
        &with_store(&state, move |s| s.revisions(&q.url)).await?,
    ))
}

async fn api_search(State(state): State<AppState>, Query(q): Query<store::Query>) -> ApiResult {
    Ok(json(&with_store(&state, move |s| s.search(&q)).await?))
}

/// Ingests one article given as a JSON object of the JSON Lines shape.
async fn api_post_document(State(state): State<AppState>, body: Bytes) -> ApiResult {
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
