//! A streaming WARC reader: one record at a time from any [`BufRead`] (a plain file or
//! a gzip stream of per-record members, as Common Crawl writes them), with the HTTP
//! response inside `response` records parsed (status line, headers, chunked transfer
//! coding, gzip and deflate content coding).
//!
//! It never holds more than one record, and a record larger than the limit is skipped
//! without being buffered. It does not interpret `request`, `metadata`, `revisit` or
//! other record types (they are skipped), and it does not verify digests. A record whose
//! declared length is wrong is reported, and reading resumes at the next `WARC/` line.

use std::io::{self, BufRead, Read};

/// One HTML response found in an archive.
#[derive(Debug)]
pub struct Response {
    /// Byte offset of the record in the (decompressed) stream.
    pub offset: u64,
    pub target_uri: Option<String>,
    pub date: Option<String>,
    /// The charset named in the HTTP `Content-Type`, if any.
    pub charset: Option<String>,
    /// The HTTP body after transfer and content decoding.
    pub body: Vec<u8>,
}

/// A problem in one record, at a byte offset of the decompressed stream.
#[derive(Debug)]
pub struct RecordProblem {
    pub code: &'static str,
    pub offset: u64,
    pub message: String,
}

/// Counts the bytes read through it, so that problems carry offsets.
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// Longest header line accepted; longer lines mean the stream is not WARC.
const MAX_LINE: u64 = 64 * 1024;

/// Reads one line (with its terminator) of at most [`MAX_LINE`] bytes; `None` at the
/// end of the stream.
fn read_line<R: BufRead>(r: &mut R, line: &mut Vec<u8>) -> io::Result<Option<()>> {
    line.clear();
    let n = r.by_ref().take(MAX_LINE).read_until(b'\n', line)?;
    Ok((n > 0).then_some(()))
}

/// Reads every record of `reader`, calling `on_response` for each HTML response and
/// `on_problem` for each problem. `max_bytes` bounds a record's payload. Returns an I/O
/// error only when the stream itself fails (a truncated gzip member, a read error);
/// what was read before it has been delivered.
pub fn read(
    reader: impl BufRead,
    max_bytes: u64,
    on_response: &mut dyn FnMut(Response),
    on_problem: &mut dyn FnMut(RecordProblem),
) -> Result<(), RecordProblem> {
    let mut r = Counting {
        inner: reader,
        pos: 0,
    };
    let mut line = Vec::new();
    let io_problem = |err: io::Error, offset: u64| RecordProblem {
        code: "warc.read",
        offset,
        message: format!("cannot read the archive: {err}"),
    };
    loop {
        // Find the next version line, skipping the blank lines between records and,
        // after a record whose length was wrong, whatever is left of it.
        let start;
        let mut skipped = false;
        loop {
            let at = r.pos;
            match read_line(&mut r, &mut line).map_err(|e| io_problem(e, at))? {
                None => return Ok(()),
                Some(()) if line.starts_with(b"WARC/") => {
                    start = at;
                    break;
                }
                Some(()) if line.iter().all(u8::is_ascii_whitespace) => {}
                Some(()) => {
                    if !skipped {
                        on_problem(RecordProblem {
                            code: "warc.resync",
                            offset: at,
                            message: "expected a WARC record here (the previous record's length may be wrong); skipping to the next record".into(),
                        });
                        skipped = true;
                    }
                }
            }
        }
        let mut length: Option<u64> = None;
        let mut kind = String::new();
        let mut target_uri = None;
        let mut date = None;
        let mut content_type = String::new();
        loop {
            let at = r.pos;
            if read_line(&mut r, &mut line)
                .map_err(|e| io_problem(e, at))?
                .is_none()
            {
                return Err(RecordProblem {
                    code: "warc.truncated",
                    offset: start,
                    message: "the archive ends inside a record header".into(),
                });
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                let value = value.trim();
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-length" => length = value.parse().ok(),
                    "warc-type" => kind = value.to_ascii_lowercase(),
                    "warc-target-uri" => {
                        target_uri = Some(value.trim_matches(['<', '>']).to_string())
                    }
                    "warc-date" => date = Some(value.to_string()),
                    "content-type" => content_type = value.to_ascii_lowercase(),
                    _ => {}
                }
            }
        }
        let Some(length) = length else {
            on_problem(RecordProblem {
                code: "warc.no_length",
                offset: start,
                message: "record has no valid Content-Length; skipped".into(),
            });
            continue;
        };
        let wanted = kind == "response" && content_type.starts_with("application/http");
        if !wanted || length > max_bytes {
            if wanted {
                on_problem(RecordProblem {
                    code: "input.too_large",
                    offset: start,
                    message: format!(
                        "record of {length} bytes is larger than the limit of {max_bytes} bytes; skipped"
                    ),
                });
            }
            let skipped = io::copy(&mut r.by_ref().take(length), &mut io::sink())
                .map_err(|e| io_problem(e, start))?;
            if skipped < length {
                return Err(truncated(start, length, skipped));
            }
            continue;
        }
        let mut payload = Vec::with_capacity(length.min(1 << 20) as usize);
        r.by_ref()
            .take(length)
            .read_to_end(&mut payload)
            .map_err(|e| io_problem(e, start))?;
        if (payload.len() as u64) < length {
            return Err(truncated(start, length, payload.len() as u64));
        }
        match http_body(&payload, max_bytes) {
            Ok(Some((charset, body))) => on_response(Response {
                offset: start,
                target_uri,
                date,
                charset,
                body,
            }),
            Ok(None) => {}
            Err(message) => on_problem(RecordProblem {
                code: "warc.http",
                offset: start,
                message,
            }),
        }
    }
}

fn truncated(start: u64, length: u64, got: u64) -> RecordProblem {
    RecordProblem {
        code: "warc.truncated",
        offset: start,
        message: format!(
            "record declares {length} bytes but the archive ends after {got}; the record is skipped"
        ),
    }
}

/// The charset an HTTP response names, and its decoded body.
type HttpBody = (Option<String>, Vec<u8>);

/// Parses an HTTP response; returns its charset and decoded body when it is HTML, `None`
/// when it is another media type or not a success.
fn http_body(payload: &[u8], max_bytes: u64) -> Result<Option<HttpBody>, String> {
    let split = find(payload, b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| find(payload, b"\n\n").map(|p| (p, p + 2)))
        .ok_or("HTTP response has no end of headers")?;
    let head = String::from_utf8_lossy(&payload[..split.0]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default();
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("bad HTTP status line {status:?}"))?;
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim().to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = value,
                "transfer-encoding" => chunked = value.contains("chunked"),
                "content-encoding" => encoding = value,
                _ => {}
            }
        }
    }
    let is_html = content_type.is_empty()
        || content_type.starts_with("text/html")
        || content_type.starts_with("application/xhtml");
    if !(200..300).contains(&code) || !is_html {
        return Ok(None);
    }
    let charset = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_string())
        .next();
    let raw = &payload[split.1..];
    let body = if chunked { dechunk(raw)? } else { raw.to_vec() };
    let limit = max_bytes.saturating_add(1);
    let mut out = Vec::new();
    let result = match encoding.as_str() {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(&body[..])
            .take(limit)
            .read_to_end(&mut out),
        "deflate" => {
            // Servers send either zlib-wrapped or raw deflate under this name.
            let zlib = flate2::read::ZlibDecoder::new(&body[..])
                .take(limit)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        "" | "identity" => {
            out = body;
            Ok(out.len())
        }
        other => return Err(format!("unsupported content encoding {other:?}")),
    };
    result.map_err(|e| format!("cannot decompress the {encoding} body: {e}"))?;
    if out.len() as u64 > max_bytes {
        return Err(format!(
            "decompressed body is larger than the limit of {max_bytes} bytes"
        ));
    }
    Ok(Some((charset, out)))
}

/// Undoes HTTP/1.1 chunked transfer coding.
fn dechunk(mut raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let eol = find(raw, b"\n").ok_or("chunk size line missing")?;
        let line = String::from_utf8_lossy(&raw[..eol]);
        let size_text = line.trim().split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        raw = &raw[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = raw
            .get(..size)
            .ok_or("chunk is longer than the data left")?;
        out.extend_from_slice(chunk);
        raw = &raw[size..];
        raw = raw
            .strip_prefix(b"\r\n")
            .or_else(|| raw.strip_prefix(b"\n"))
            .unwrap_or(raw);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Writes one WARC response record; used by tests and fixtures generation.
pub fn record(uri: &str, date: &str, http: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(http);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn collect(data: &[u8]) -> (Vec<Response>, Vec<RecordProblem>, Option<RecordProblem>) {
        let mut responses = Vec::new();
        let mut problems = Vec::new();
        let end = read(data, 1 << 20, &mut |r| responses.push(r), &mut |p| {
            problems.push(p)
        })
        .err();
        (responses, problems, end)
    }

    #[test]
    fn plain_chunked_and_gzipped_responses() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<html><body><p>Zipped.</p></body></html>")
            .unwrap();
        let gz = gz.finish().unwrap();
        let mut http3 =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        http3.extend_from_slice(&gz);
        let mut data = record(
            "https://a.invalid/1",
            "2024-10-28T05:06:00Z",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>One.</p>",
        );
        data.extend(record(
            "https://a.invalid/2",
            "2024-10-28T05:07:00Z",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>T\r\n7\r\nwo.</p>\r\n0\r\n\r\n",
        ));
        data.extend(record(
            "https://a.invalid/3",
            "2024-10-28T05:08:00Z",
            &http3,
        ));
        let (responses, problems, end) = collect(&data);
        assert!(problems.is_empty() && end.is_none(), "{problems:?} {end:?}");
        assert_eq!(responses.len(), 3);
        assert_eq!(responses[0].charset.as_deref(), Some("iso-8859-1"));
        assert_eq!(responses[1].body, b"<p>Two.</p>");
        assert!(responses[2].body.starts_with(b"<html><body><p>Zipped."));
        assert_eq!(
            responses[0].target_uri.as_deref(),
            Some("https://a.invalid/1")
        );
    }

    #[test]
    fn lying_lengths_are_reported_and_reading_resumes() {
        let good = record(
            "https://a.invalid/ok",
            "2024",
            b"HTTP/1.1 200 OK\r\n\r\n<p>Ok.</p>",
        );
        let lie = |http: &[u8], declared: usize| {
            String::from_utf8(record("https://a.invalid/x", "2024", http))
                .unwrap()
                .replace(
                    &format!("Content-Length: {}", http.len()),
                    &format!("Content-Length: {declared}"),
                )
                .into_bytes()
        };
        // A record declaring fewer bytes than it holds: the rest is skipped up to the
        // next record, which is still read.
        let mut data = lie(b"HTTP/1.1 200 OK\r\n\r\n<p>Short.</p>", 20);
        data.extend(&good);
        // A record declaring more bytes than the archive has.
        data.extend(lie(b"HTTP/1.1 200 OK\r\n\r\n<p>L</p>", 9999));
        let (responses, problems, end) = collect(&data);
        assert!(
            responses.iter().any(|r| r.body == b"<p>Ok.</p>"),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.code == "warc.resync"),
            "{problems:?}"
        );
        assert_eq!(end.map(|e| e.code), Some("warc.truncated"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(data in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let mut prefixed = b"WARC/1.0\r\nContent-Length: 40\r\nWARC-Type: response\r\nContent-Type: application/http\r\n\r\n".to_vec();
            prefixed.extend(&data);
            let _ = collect(&prefixed);
            let _ = collect(&data);
        }
    }
}
