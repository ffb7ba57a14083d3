//! The server's guard rails: the token, bad input to the API (each refused with a 4xx
//! and a JSON message, the store unchanged), escaping of stored text in pages, and the
//! story cache following the store.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server::{AppState, MAX_POST_BYTES, router};
use store::{AddConfig, Store};
use tower::ServiceExt;

const TOKEN: &str = "k3y-Of-the-Test_0123";

struct Answer {
    status: StatusCode,
    ctype: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(state: &AppState, req: Request<Body>) -> Answer {
    let resp = router(state.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let ctype = headers
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
    Answer {
        status,
        ctype,
        headers,
        body,
    }
}

async fn get(state: &AppState, uri: &str) -> Answer {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(state: &AppState, ctype: Option<&str>, body: impl Into<Body>) -> Answer {
    let mut req = Request::post("/api/documents");
    if let Some(c) = ctype {
        req = req.header("content-type", c);
    }
    send(state, req.body(body.into()).unwrap()).await
}

fn empty_state(dir: &Path) -> AppState {
    let store = Store::open(&dir.join("s.db")).unwrap();
    AppState::new(store, pipeline::Config::default(), AddConfig::default())
}

/// Rows of the store file, read through a second connection.
fn rows(db: &Path) -> (i64, i64, i64, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    (
        count("documents"),
        count("revisions"),
        count("claims"),
        count("stories"),
    )
}

fn article(url: &str, title: &str, text: &str) -> Value {
    json!({
        "url": url,
        "title": title,
        "outlet": "Marlow Gazette",
        "published": "2031-05-04",
        "text": text,
    })
}

#[tokio::test]
async fn with_a_token_every_request_must_carry_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = empty_state(dir.path()).with_token(TOKEN).unwrap();

    for uri in ["/api/stories", "/api/search?q=port", "/api/nothing-here"] {
        let a = get(&state, uri).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert!(a.ctype.starts_with("application/json"), "{uri}");
        assert!(
            a.json()["error"].as_str().unwrap().contains("Bearer"),
            "{uri}"
        );
        assert_eq!(
            a.headers.get("www-authenticate").unwrap(),
            "Bearer realm=\"crosscheck\""
        );
    }
    let page = get(&state, "/").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.ctype.starts_with("text/html"));
    assert!(page.text().contains("token"));

    let wrong = send(
        &state,
        Request::get("/api/stories")
            .header("authorization", "Bearer k3y-Of-the-Test_0124")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong.json()["error"]
            .as_str()
            .unwrap()
            .contains("does not match")
    );
    let prefix = get(&state, "/api/stories?token=k3y-Of-the-Test_012").await;
    assert_eq!(prefix.status, StatusCode::UNAUTHORIZED);

    let bearer = send(
        &state,
        Request::get("/api/stories")
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(bearer.status, StatusCode::OK);
    assert_eq!(bearer.json(), json!([]));
    assert!(bearer.headers.get("set-cookie").is_none());

    // A page opened with the token in its address sets a cookie for its links.
    let opened = get(&state, &format!("/?token={TOKEN}")).await;
    assert_eq!(opened.status, StatusCode::OK);
    let cookie = opened.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.starts_with(&format!("crosscheck_token={TOKEN};")),
        "{cookie}"
    );
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let by_cookie = send(
        &state,
        Request::get("/search?q=port")
            .header("cookie", format!("crosscheck_token={TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(by_cookie.status, StatusCode::OK);

    // A refused post stores nothing.
    let db = dir.path().join("s.db");
    let before = rows(&db);
    let a = post(
        &state,
        Some("application/json"),
        article(
            "https://marlow.example/a",
            "Ferry halted",
            "The ferry was halted.",
        )
        .to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(rows(&db), before);

    // Without a token nothing is asked.
    let open = empty_state(tempfile::tempdir().unwrap().path());
    assert_eq!(get(&open, "/api/stories").await.status, StatusCode::OK);
}

#[test]
fn weak_or_unsafe_tokens_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = || empty_state(dir.path());
    assert!(state().with_token("short").is_err());
    assert!(state().with_token("has a space in it, long").is_err());
    assert!(state().with_token("semi;colon-0123456789").is_err());
    assert!(state().with_token(TOKEN).is_ok());
}

#[tokio::test]
async fn bad_input_is_refused_with_a_json_message_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let state = empty_state(dir.path());
    let url = "https://marlow.example/ferry";
    let first = post(
        &state,
        Some("application/json"),
        article(
            url,
            "Ferry service halted at Marlow",
            "The ferry service at Marlow was halted on Monday. About 30 crossings were cancelled, the operator said.",
        )
        .to_string(),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let before = rows(&db);
    assert_eq!(before.0, 1);

    // A changed version of the stored URL, which would be a revision if accepted.
    let changed = article(
        url,
        "Ferry service resumes at Marlow",
        "The ferry service at Marlow resumed on Tuesday. All 30 crossings ran, the operator said.",
    )
    .to_string();
    let huge = format!(
        "{{\"url\": \"{url}\", \"text\": \"{}\"}}",
        "word ".repeat(MAX_POST_BYTES / 5 + 1)
    );
    let cases: Vec<(Option<&str>, String, StatusCode, &str)> = vec![
        (
            Some("application/json"),
            "{\"text\": \"unclosed".into(),
            StatusCode::BAD_REQUEST,
            "not JSON",
        ),
        (
            Some("application/json"),
            format!("{{\"url\": \"{url}\", \"title\": \"no body\"}}"),
            StatusCode::BAD_REQUEST,
            "`text` or `html`",
        ),
        (
            Some("application/json"),
            "[\"text\"]".into(),
            StatusCode::BAD_REQUEST,
            "JSON object",
        ),
        (
            Some("text/plain"),
            changed.clone(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "application/json",
        ),
        (
            Some("application/x-www-form-urlencoded"),
            changed.clone(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "application/json",
        ),
        (
            None,
            changed.clone(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "application/json",
        ),
        (
            Some("application/json"),
            huge,
            StatusCode::PAYLOAD_TOO_LARGE,
            "larger than the limit",
        ),
    ];
    for (ctype, body, status, says) in cases {
        let shown: String = body.chars().take(60).collect();
        let a = post(&state, ctype, body).await;
        assert_eq!(a.status, status, "{ctype:?} {shown}: {}", a.text());
        assert!(
            a.ctype.starts_with("application/json"),
            "{shown}: {}",
            a.ctype
        );
        let message = a.json()["error"].as_str().unwrap().to_string();
        assert!(message.contains(says), "{shown}: {message}");
        assert_eq!(rows(&db), before, "{shown} changed the store");
    }

    // Bounded query strings and readable query errors, as JSON on API routes.
    let long = format!("/api/search?q={}", "a".repeat(server::MAX_QUERY_BYTES + 1));
    for (uri, status) in [
        (long.as_str(), StatusCode::URI_TOO_LONG),
        ("/api/search?limit=many", StatusCode::BAD_REQUEST),
        ("/api/documents?offset=-1", StatusCode::BAD_REQUEST),
        ("/api/revisions", StatusCode::BAD_REQUEST),
    ] {
        let a = get(&state, uri).await;
        assert_eq!(a.status, status, "{}", &uri[..uri.len().min(60)]);
        assert!(a.json()["error"].is_string());
    }
    let page = get(&state, &long.replacen("/api/search", "/search", 1)).await;
    assert_eq!(page.status, StatusCode::URI_TOO_LONG);
    assert!(page.ctype.starts_with("text/html"));
    // Query words that look like FTS5 syntax are words, not syntax.
    let odd = get(&state, "/api/search?q=%22NEAR(%20OR%20-*%3A").await;
    assert_eq!(odd.status, StatusCode::OK, "{}", odd.text());
    assert_eq!(rows(&db), before);

    // The accepted revision does change the store, so the counts above can move.
    let a = post(&state, Some("application/json; charset=utf-8"), changed).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    let after = rows(&db);
    assert_eq!((after.0, after.1), (before.0 + 1, before.1 + 1));
}

#[tokio::test]
async fn stored_text_is_escaped_in_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let state = empty_state(dir.path());
    let evil = "<script>alert(1)</script>";
    let mut ids = Vec::new();
    for (i, outlet) in ["Marlow Gazette", "Quay <b>Post</b>"]
        .into_iter()
        .enumerate()
    {
        let a = post(
            &state,
            Some("application/json"),
            json!({
                "url": format!("https://marlow.example/{i}?a=<x>"),
                "title": format!("Ferry {evil} halted at Marlow"),
                "outlet": outlet,
                "published": "2031-05-04",
                "text": format!(
                    "The ferry service at Marlow was halted on Monday {evil}. About 30 crossings \
                     were cancelled, the operator said. \"<img src=x onerror=alert(2)>\" was \
                     painted on the quay, harbour officials said."
                ),
            })
            .to_string(),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
        ids.push(a.json()["stored"][0][0].as_str().unwrap().to_string());
    }
    let stories = get(&state, "/api/stories").await.json();
    let mut pages = vec![
        "/".to_string(),
        format!("/documents/{}", ids[0]),
        format!("/documents/{}", ids[1]),
        "/search?q=ferry".to_string(),
        format!("/search?q={}", "%3Cscript%3Ealert(3)%3C%2Fscript%3E"),
    ];
    for s in stories.as_array().unwrap() {
        pages.push(format!("/stories/{}", s["id"].as_str().unwrap()));
    }
    assert!(
        pages.iter().any(|p| p.starts_with("/stories/")),
        "the two articles should make a story: {stories}"
    );
    for page in &pages {
        let a = get(&state, page).await;
        assert_eq!(a.status, StatusCode::OK, "{page}");
        let html = a.text();
        assert!(
            !html.contains("<script>alert"),
            "{page} shows a raw script tag"
        );
        assert!(!html.contains("<img src=x"), "{page} shows a raw img tag");
        assert!(!html.contains("<b>Post</b>"), "{page} shows a raw b tag");
        assert!(!html.contains("<x>"), "{page} shows a raw tag from a URL");
    }
    let doc = get(&state, &format!("/documents/{}", ids[0])).await.text();
    assert!(
        doc.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{doc}"
    );
}

#[tokio::test]
async fn the_story_cache_follows_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let state = empty_state(dir.path());
    let text = |n: u32| {
        format!(
            "The ferry service at Marlow was halted on Monday. About {n} crossings were \
             cancelled, the operator said. Harbour officials in Marlow said the ferry would \
             stay in port."
        )
    };
    for (i, outlet) in ["Marlow Gazette", "Quay Post"].into_iter().enumerate() {
        let a = post(
            &state,
            Some("application/json"),
            json!({"url": format!("https://marlow.example/{i}"), "title": "Ferry halted at Marlow",
                   "outlet": outlet, "published": "2031-05-04", "text": text(30)})
            .to_string(),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED);
    }
    let stories = get(&state, "/api/stories").await.json();
    let id = stories[0]["id"].as_str().expect("a story").to_string();
    let json_before = get(&state, &format!("/api/stories/{id}")).await.body;
    let page_before = get(&state, &format!("/stories/{id}")).await.body;
    assert_eq!(
        get(&state, &format!("/api/stories/{id}")).await.body,
        json_before
    );
    assert_eq!(
        get(&state, &format!("/stories/{id}")).await.body,
        page_before
    );

    // Another process writes to the store: the next answer shows it.
    {
        let conn = rusqlite::Connection::open(dir.path().join("s.db")).unwrap();
        conn.execute(
            "UPDATE stories SET label = 'Relabelled by another writer' WHERE id = ?1",
            [&id],
        )
        .unwrap();
        let json: String = conn
            .query_row("SELECT json FROM stories WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .unwrap();
        let mut v: Value = serde_json::from_str(&json).unwrap();
        v["label"] = json!("Relabelled by another writer");
        conn.execute(
            "UPDATE stories SET json = ?1 WHERE id = ?2",
            rusqlite::params![v.to_string(), id],
        )
        .unwrap();
    }
    let page_after = get(&state, &format!("/stories/{id}")).await.text();
    assert!(
        page_after.contains("Relabelled by another writer"),
        "stale page"
    );
    let json_after = get(&state, &format!("/api/stories/{id}")).await.json();
    assert_eq!(
        json_after["stories"][0]["label"],
        "Relabelled by another writer"
    );
}
