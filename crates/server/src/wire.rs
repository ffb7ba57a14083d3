//! The listener `crosscheck serve` uses: plain TCP, with one change to what goes out.
//!
//! A request that the HTTP parser cannot take (an address longer than 64 KB, headers too
//! large, a malformed request line) never reaches the router: hyper answers it itself
//! with a bare status, an empty body and `connection: close`. This module recognises such
//! an answer as it is written and sends the same status with a JSON body in the API's
//! error shape instead, so that every refusal carries a message. Everything else passes
//! through untouched; it does not read or change requests.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// A TCP listener whose connections give hyper's own error answers a JSON body.
pub struct Listener(pub TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Connection;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Connection, std::net::SocketAddr) {
        let (io, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (
            Connection {
                inner: io,
                replacement: None,
            },
            addr,
        )
    }

    fn local_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.0.local_addr()
    }
}

/// One accepted connection.
pub struct Connection {
    inner: TcpStream,
    /// The answer being written in place of hyper's bare one, and how much of it is out.
    replacement: Option<(Vec<u8>, usize)>,
}

/// hyper's bare answers are a status line and three short headers.
const MAX_BARE_ANSWER: usize = 512;

/// The JSON answer to send instead of `head` when `head` is a whole bare error answer of
/// hyper's (a 4xx status, no content type, an empty body, the connection closing).
pub(crate) fn replacement_for(head: &[u8]) -> Option<Vec<u8>> {
    // Checked on every write, so the common case (a body, or an answer of the routes)
    // must be rejected without reading the whole buffer.
    if head.len() > MAX_BARE_ANSWER || !head.starts_with(b"HTTP/1.1 4") {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    let status_line = text.strip_prefix("HTTP/1.1 4")?.split("\r\n").next()?;
    if !text.ends_with("\r\n\r\n") {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    if !lower.contains("\r\ncontent-length: 0\r\n")
        || !lower.contains("\r\nconnection: close\r\n")
        || lower.contains("\r\ncontent-type:")
    {
        return None;
    }
    let status = format!("4{status_line}");
    let code: u16 = status.get(..3)?.parse().ok()?;
    let message = match code {
        414 => "the address is too long for this server".to_string(),
        431 => "the request headers are too large for this server".to_string(),
        _ => format!("the request could not be read as HTTP ({status})"),
    };
    let body = serde_json::json!({ "error": message }).to_string();
    Some(
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

impl AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacement.is_none()
            && let Some(bytes) = replacement_for(buf)
        {
            this.replacement = Some((bytes, 0));
        }
        let Some((bytes, done)) = &mut this.replacement else {
            return Pin::new(&mut this.inner).poll_write(cx, buf);
        };
        while *done < bytes.len() {
            match Pin::new(&mut this.inner).poll_write(cx, &bytes[*done..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *done += n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        this.replacement = None;
        // The bare answer counts as written: the JSON one took its place.
        Poll::Ready(Ok(buf.len()))
    }

    /// Vectored writes go straight to the socket, so hyper sends a response's head and
    /// body without first copying them into one buffer; only a single short buffer can be
    /// a bare answer, and that goes through `poll_write`.
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let mut nonempty = bufs.iter().filter(|b| !b.is_empty());
        if let (Some(first), None) = (nonempty.next(), nonempty.next())
            && (self.replacement.is_some() || replacement_for(first).is_some())
        {
            return self.poll_write(cx, first);
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_error_answers_are_replaced() {
        let bare = b"HTTP/1.1 414 URI Too Long\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 23 Nov 2026 14:20:04 GMT\r\n\r\n";
        let out = String::from_utf8(replacement_for(bare).unwrap()).unwrap();
        assert!(out.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{out}");
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(v["error"].as_str().unwrap().contains("too long"));

        let bad = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
        assert!(
            String::from_utf8(replacement_for(bad).unwrap())
                .unwrap()
                .contains("could not be read as HTTP (400 Bad Request)")
        );
        // Answers of the routes keep their own bodies.
        for kept in [
            &b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 12\r\n\r\n",
            b"HTTP/1.1 414 URI Too Long\r\nconnection: close\r\ncontent-length: 0\r\n",
        ] {
            assert_eq!(replacement_for(kept), None, "{}", String::from_utf8_lossy(kept));
        }
    }
}
