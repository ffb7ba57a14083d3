//! Every route of the web UI and API, over a store holding the invented example corpus
//! (`examples/harbor-blockade`), and the OpenAPI file kept in step with the router.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server::{AppState, ROUTES, router};
use store::{AddConfig, Loaded, Store};
use tower::ServiceExt;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The pipeline's analysis; when it finds no story (the story stage is young), one
/// story over all documents is added so that the story routes have something to show.
fn analyze(docs: Vec<model::Document>) -> model::Report {
    let mut report = pipeline::analyze_documents(
        docs,
        Vec::new(),
        &pipeline::Config::default(),
        &|_, _, _| {},
    );
    if report.stories.is_empty() {
        report.stories.push(model::Story {
            id: "s-test".into(),
            label: "Test story".into(),
            documents: report.documents.iter().map(|d| d.id.clone()).collect(),
            reason: "all documents of the test corpus".into(),
            brief: vec![],
        });
    }
    report
}

/// A store in a temporary folder holding the example corpus.
fn example_store() -> (tempfile::TempDir, AppState, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let config = pipeline::Config::default();
    let (inputs, _) = ingest::discover(&[root().join("examples/harbor-blockade")], &config.ingest);
    assert!(inputs.len() >= 5, "the example corpus is missing");
    let mut batch = Vec::new();
    for input in &inputs {
        ingest::load(input, &config.ingest, &mut std::io::empty(), &mut |doc| {
            batch.push(Loaded { doc, raw: None })
        });
    }
    let out = store
        .add(batch, &AddConfig::default(), &mut analyze)
        .unwrap();
    let ids = out.stored.into_iter().map(|(id, _)| id).collect();
    let state = AppState::new(store, config, AddConfig::default());
    (dir, state, ids)
}

async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let resp = router(state.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let ctype = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, ctype, body)
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, String, Vec<u8>) {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_json(state: &AppState, uri: &str) -> Value {
    let (status, ctype, body) = get(state, uri).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{uri}: {}",
        String::from_utf8_lossy(&body)
    );
    assert!(ctype.starts_with("application/json"), "{uri}: {ctype}");
    serde_json::from_slice(&body).unwrap()
}

async fn post(state: &AppState, body: &str) -> (StatusCode, Value) {
    let req = Request::post("/api/documents")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, _, body) = send(state, req).await;
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn read_routes_answer_with_the_store_content() {
    let (_dir, state, ids) = example_store();
    let stories = get_json(&state, "/api/stories").await;
    let story = &stories[0];
    let story_id = story["id"].as_str().unwrap().to_string();
    assert!(story["documents"].as_u64().unwrap() >= 5);
    assert!(story["sources"].as_u64().unwrap() >= 2);

    let report = get_json(&state, &format!("/api/stories/{story_id}")).await;
    assert_eq!(report["stories"][0]["id"], story_id.as_str());
    assert_eq!(report["documents"].as_array().unwrap().len(), ids.len());
    assert!(!report["claims"].as_array().unwrap().is_empty());

    let docs = get_json(&state, "/api/documents?limit=3").await;
    assert_eq!(docs.as_array().unwrap().len(), 3);
    let doc = get_json(&state, &format!("/api/documents/{}", ids[0])).await;
    assert_eq!(doc["document"]["id"], ids[0].as_str());
    assert_eq!(doc["raw_kind"], "decoded");
    assert_eq!(doc["stories"][0]["id"], story_id.as_str());
    let first_claim = doc["claims"][0]["text"].as_str().unwrap().to_string();

    let (status, ctype, raw) = get(&state, &format!("/api/documents/{}/raw", ids[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype, "application/octet-stream");
    assert!(
        String::from_utf8(raw)
            .unwrap()
            .contains(first_claim.split_whitespace().next().unwrap())
    );

    // A word of a stored claim finds that claim.
    let word: String = first_claim
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() >= 5)
        .unwrap()
        .to_string();
    let hits = get_json(&state, &format!("/api/search?q={word}")).await;
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["kind"] == "claim"),
        "{hits}"
    );
    let none = get_json(&state, &format!("/api/search?q={word}&from=2999-01-01")).await;
    assert!(none.as_array().unwrap().is_empty());
    let in_story = get_json(&state, &format!("/api/search?q={word}&story={story_id}")).await;
    assert_eq!(in_story, hits);

    assert_eq!(
        get_json(&state, "/api/revisions?url=https://nowhere.example/").await,
        json!([])
    );

    for page in [
        "/".to_string(),
        format!("/stories/{story_id}"),
        format!("/documents/{}", ids[0]),
        format!("/search?q={word}"),
    ] {
        let (status, ctype, body) = get(&state, &page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(ctype.starts_with("text/html"), "{page}: {ctype}");
        let html = String::from_utf8(body).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(html.trim_end().ends_with("</html>"), "{page}");
    }
    let (_, _, story_page) = get(&state, &format!("/stories/{story_id}")).await;
    let story_page = String::from_utf8(story_page).unwrap();
    assert!(
        story_page.contains(&format!("/documents/{}", ids[0])),
        "no document link"
    );
    // The HTML report's story section is on the page (its anchors end in the story id).
    assert!(
        story_page.contains(&format!("-{story_id}\"")),
        "no story section"
    );
    let (_, _, home) = get(&state, "/").await;
    assert!(
        String::from_utf8(home)
            .unwrap()
            .contains(&format!("/stories/{story_id}"))
    );
    let (_, _, found) = get(&state, &format!("/search?q={word}")).await;
    assert!(String::from_utf8(found).unwrap().contains("<mark>"));
}

#[tokio::test]
async fn unknown_ids_are_not_found_and_bad_queries_are_refused() {
    let (_dir, state, _) = example_store();
    for uri in [
        "/api/stories/nope",
        "/api/documents/nope",
        "/api/documents/nope/raw",
    ] {
        let (status, ctype, body) = get(&state, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(ctype.starts_with("application/json"));
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert!(v["error"].as_str().unwrap().starts_with("no "), "{v}");
    }
    for uri in ["/stories/nope", "/documents/nope"] {
        let (status, ctype, _) = get(&state, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(ctype.starts_with("text/html"));
    }
    let (status, _, _) = get(&state, "/api/search?limit=many").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = get(&state, "/api/revisions").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Query syntax typed by a user is searched as words, never an error.
    let hits = get_json(&state, "/api/search?q=%22NEAR(%20-%20*").await;
    assert!(hits.is_array());
}

#[tokio::test]
async fn posting_an_article_ingests_it_once_and_keeps_its_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    let state = AppState::new(store, pipeline::Config::default(), AddConfig::default());
    let article = json!({
        "url": "https://tidewater.example/harbor",
        "title": "Harbor of Veltra closed",
        "outlet": "Tidewater Times",
        "published": "2031-03-02",
        "text": "The harbor of Veltra was closed to freighters on Monday. About 40 ships waited outside the breakwater, the harbor master said."
    });
    let (status, out) = post(&state, &article.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{out}");
    let id = out["stored"][0][0].as_str().unwrap().to_string();
    assert_eq!(out["stored"][0][1], "https://tidewater.example/harbor");

    let (status, again) = post(&state, &article.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["skipped"][0][0], id.as_str());

    let doc = get_json(&state, &format!("/api/documents/{id}")).await;
    assert_eq!(doc["document"]["outlet"], "Tidewater Times");
    assert_eq!(doc["document"]["format"], "jsonl");
    assert_eq!(doc["claims"].as_array().unwrap().len(), 2);

    let mut changed = article.clone();
    changed["text"] = json!(
        "The harbor of Veltra reopened on Wednesday. About 40 ships waited outside the breakwater, the harbor master said."
    );
    let (status, out) = post(&state, &changed.to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    let diff = &out["revisions"][0]["diff"];
    assert_eq!(
        diff["added"],
        json!(["The harbor of Veltra reopened on Wednesday."])
    );
    assert_eq!(
        diff["removed"],
        json!(["The harbor of Veltra was closed to freighters on Monday."])
    );
    let revs = get_json(
        &state,
        "/api/revisions?url=https://tidewater.example/harbor",
    )
    .await;
    assert_eq!(revs.as_array().unwrap().len(), 2);
    assert_eq!(revs[1]["diff"], *diff);
    let new_id = out["stored"][0][0].as_str().unwrap();
    let (_, _, page) = get(&state, &format!("/documents/{new_id}")).await;
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("<ins>+ The harbor of Veltra reopened on Wednesday.</ins>"),
        "{page}"
    );

    for bad in [
        "not json",
        "[1, 2]",
        "{\"title\": \"no text\"}",
        "{\"text\": \"   \"}",
    ] {
        let (status, v) = post(&state, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert!(v["error"].is_string());
    }
}

#[tokio::test]
async fn a_real_socket_serves_and_shuts_down_gracefully() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (_dir, state, _) = example_store();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    conn.write_all(b"GET /api/stories HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"sources\""));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// The OpenAPI paths of `docs/openapi.yaml` with their methods, read from its layout:
/// paths are keys indented by two spaces under `paths:`, methods by four.
fn openapi_routes() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("docs/openapi.yaml")).unwrap();
    let mut routes = Vec::new();
    let mut in_paths = false;
    let mut path = None;
    for line in text.lines() {
        if !line.starts_with(' ') {
            in_paths = line == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        if let Some(p) = line.strip_prefix("  /") {
            path = Some(format!("/{}", p.trim_end_matches(':')));
        } else if let Some(m) = line.strip_prefix("    ")
            && !m.starts_with(' ')
            && let Some(method) = m.strip_suffix(':')
            && ["get", "post", "put", "delete", "patch"].contains(&method)
        {
            routes.push((method.to_uppercase(), path.clone().unwrap()));
        }
    }
    routes
}

#[test]
fn every_route_is_in_the_openapi_file_and_in_the_router() {
    let documented = openapi_routes();
    let listed: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    for r in &listed {
        assert!(documented.contains(r), "{r:?} is not in docs/openapi.yaml");
    }
    for r in &documented {
        assert!(listed.contains(r), "{r:?} is documented but not served");
    }
    // ROUTES names every path the router is built with.
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut routed = 0;
    for part in source.split(".route(\"").skip(1) {
        let path = part.split('"').next().unwrap();
        routed += 1;
        assert!(
            ROUTES.iter().any(|(_, p)| *p == path),
            "{path} is routed but not in ROUTES"
        );
    }
    assert_eq!(
        routed,
        ROUTES
            .iter()
            .map(|(_, p)| *p)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
}
