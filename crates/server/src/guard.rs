//! The checks every request passes before it reaches a route: bounded address sizes and,
//! when the server has a token, the token.
//!
//! A token may come as `Authorization: Bearer TOKEN` (API clients), as a `token` query
//! parameter (a browser opening a page from a link), or as the cookie set when a page was
//! opened with the parameter (so the page's own links keep working). It is compared in
//! constant time. This module does not decide who may see what beyond that: a token opens
//! everything.

use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, Failure, MAX_PATH_BYTES, MAX_QUERY_BYTES, TOKEN_COOKIE, error_page};

/// A refusal shown as JSON on API routes and as a page elsewhere.
fn refuse(path: &str, failure: Failure) -> Response {
    if path.starts_with("/api/") || path == "/api" {
        failure.into_response()
    } else {
        error_page(failure)
    }
}

/// Compares two byte strings in time that depends on their lengths only, not on where
/// they first differ, so that a token cannot be guessed one character at a time.
pub(crate) fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for i in 0..given.len().max(expected.len()) {
        let a = given.get(i).copied().unwrap_or(0);
        let b = expected.get(i).copied().unwrap_or(0);
        diff |= usize::from(a ^ b);
    }
    std::hint::black_box(diff) == 0
}

/// Where the request's token came from.
#[derive(Debug, PartialEq, Eq)]
enum Presented {
    Header(String),
    Query(String),
    Cookie(String),
    Nothing,
}

fn presented(headers: &HeaderMap, uri: &axum::http::Uri) -> Presented {
    if let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let mut parts = value.trim().splitn(2, ' ');
        let scheme = parts.next().unwrap_or("");
        if scheme.eq_ignore_ascii_case("bearer") {
            return Presented::Header(parts.next().unwrap_or("").trim().to_string());
        }
    }
    if let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(uri)
        && let Some((_, v)) = pairs.into_iter().find(|(k, _)| k == "token")
    {
        return Presented::Query(v);
    }
    for value in headers.get_all(header::COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            if let Some(v) = pair
                .trim()
                .strip_prefix(TOKEN_COOKIE)
                .and_then(|rest| rest.strip_prefix('='))
            {
                return Presented::Cookie(v.to_string());
            }
        }
    }
    Presented::Nothing
}

/// Refuses oversized addresses with 414 and, when the server has a token, requests
/// without it with 401.
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let query_len = req.uri().query().map_or(0, str::len);
    if query_len > MAX_QUERY_BYTES || path.len() > MAX_PATH_BYTES {
        return refuse(
            &path,
            Failure::new(
                StatusCode::URI_TOO_LONG,
                format!(
                    "the address is too long (at most {MAX_PATH_BYTES} bytes of path and \
                     {MAX_QUERY_BYTES} bytes of query string)"
                ),
            ),
        );
    }
    let Some(token) = state.token.clone() else {
        return next.run(req).await;
    };
    let given = presented(req.headers(), req.uri());
    let value = match &given {
        Presented::Header(v) | Presented::Query(v) | Presented::Cookie(v) => v.as_str(),
        Presented::Nothing => {
            return unauthorized(
                &path,
                "this server requires a token: send `Authorization: Bearer TOKEN`, \
                 or open the page with `?token=TOKEN`",
            );
        }
    };
    if !same_secret(value.as_bytes(), token.as_bytes()) {
        return unauthorized(&path, "the token does not match the server's token");
    }
    let mut response = next.run(req).await;
    if matches!(given, Presented::Query(_))
        && let Ok(cookie) = HeaderValue::from_str(&format!(
            "{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        ))
    {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

fn unauthorized(path: &str, message: &str) -> Response {
    let mut response = refuse(path, Failure::new(StatusCode::UNAUTHORIZED, message));
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"crosscheck\""),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(same_secret(b"abcdefgh", b"abcdefgh"));
        assert!(!same_secret(b"abcdefgx", b"abcdefgh"));
        assert!(!same_secret(b"abcdefg", b"abcdefgh"));
        assert!(!same_secret(b"abcdefghi", b"abcdefgh"));
        assert!(!same_secret(b"", b"abcdefgh"));
        assert!(same_secret(b"", b""));
    }

    #[test]
    fn the_token_is_read_from_header_query_or_cookie() {
        let uri: axum::http::Uri = "/stories/x?q=a&token=t%2Bk".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(
            presented(&headers, &uri),
            Presented::Query("t+k".to_string())
        );
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; crosscheck_token=from-cookie"),
        );
        let plain: axum::http::Uri = "/".parse().unwrap();
        assert_eq!(
            presented(&headers, &plain),
            Presented::Cookie("from-cookie".to_string())
        );
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  from-header "),
        );
        assert_eq!(
            presented(&headers, &uri),
            Presented::Header("from-header".to_string())
        );
        let mut basic = HeaderMap::new();
        basic.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic eDp5"),
        );
        assert_eq!(presented(&basic, &plain), Presented::Nothing);
    }
}
