//! `crosscheck serve` as a process: it refuses a public address without a token,
//! requires the token on every request once given, bounds the address size over a real
//! socket, and every store command refuses a corrupt or foreign `--db` without touching
//! it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crosscheck"));
    c.env_remove("CROSSCHECK_DB").env_remove("CROSSCHECK_TOKEN");
    c
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbor-blockade")
}

/// Runs a command that must end by itself within a minute, and returns its exit code and
/// standard error.
fn finish(mut cmd: Command) -> (i32, String) {
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut child = out;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the command did not end within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A running server, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `crosscheck serve` and waits for the line saying where it listens.
fn start(mut cmd: Command) -> Server {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let line = lines.next().expect("the server said nothing").unwrap();
    let port = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|addr| addr.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    // Keep reading standard error so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// Sends one HTTP/1.1 request and returns the status code and the whole answer.
fn request(port: u16, target: &str, headers: &str) -> (u16, String) {
    let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        conn,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    let _ = conn.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"));
    (status, answer)
}

#[test]
fn a_public_address_needs_a_token_and_then_every_request_carries_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut ingest = bin();
    ingest
        .arg("ingest")
        .arg(example())
        .arg("--db")
        .arg(&db)
        .arg("--quiet");
    assert_eq!(finish(ingest).0, 0);

    let mut open = bin();
    open.args(["serve", "--addr", "0.0.0.0:0", "--db"]).arg(&db);
    let (code, err) = finish(open);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("without a token") && err.contains("--token"),
        "{err}"
    );

    let mut weak = bin();
    weak.args(["serve", "--addr", "0.0.0.0:0", "--token", "short", "--db"])
        .arg(&db);
    let (code, err) = finish(weak);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at least 16 characters"), "{err}");

    let token = "Zq8-token-of-the-serve-test";
    let mut cmd = bin();
    cmd.args(["serve", "--addr", "0.0.0.0:0", "--db"])
        .arg(&db)
        .env("CROSSCHECK_TOKEN", token);
    let server = start(cmd);
    let (status, answer) = request(server.port, "/api/stories", "");
    assert_eq!(status, 401, "{answer}");
    assert!(answer.contains("requires a token"), "{answer}");
    let (status, _) = request(server.port, "/", "");
    assert_eq!(status, 401);
    let (status, answer) = request(
        server.port,
        "/api/stories",
        &format!("Authorization: Bearer {token}\r\n"),
    );
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("\"sources\""), "{answer}");
    let (status, answer) = request(server.port, &format!("/?token={token}"), "");
    assert_eq!(status, 200);
    assert!(answer.contains("crosscheck_token="), "{answer}");

    // An oversized query string is refused with a message, also when far beyond the
    // server's own limit (100 KB).
    for size in [10_000, 100_000] {
        let (status, answer) = request(
            server.port,
            &format!("/api/search?q={}", "w".repeat(size)),
            &format!("Authorization: Bearer {token}\r\n"),
        );
        assert!((400..500).contains(&status), "{size}: {status}");
        assert!(answer.contains("too long"), "{size}: {answer}");
    }
}

/// The bytes and modification time of a file.
fn fingerprint(path: &Path) -> (Vec<u8>, SystemTime) {
    (
        std::fs::read(path).unwrap(),
        std::fs::metadata(path).unwrap().modified().unwrap(),
    )
}

#[test]
fn a_corrupt_or_foreign_db_is_refused_by_every_command_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "Shopping list: bread, milk, and a sturdy umbrella for the ferry.\n".repeat(4),
    )
    .unwrap();
    let random = dir.path().join("random.db");
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    let bytes: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(&random, bytes).unwrap();
    // A SQLite database of another application, made through an attached file.
    let foreign = dir.path().join("contacts.sqlite");
    {
        let scratch = store::Store::open_in_memory().unwrap();
        scratch
            .connection()
            .execute_batch(&format!(
                "ATTACH DATABASE '{}' AS other; \
                 CREATE TABLE other.contacts(name TEXT, phone TEXT); \
                 INSERT INTO other.contacts VALUES ('Ada Quell', '555-0101'); \
                 DETACH DATABASE other;",
                foreign.display()
            ))
            .unwrap();
    }

    for file in [&text, &random, &foreign] {
        let before = fingerprint(file);
        let shown = file.display().to_string();
        let mut ingest = bin();
        ingest.arg("ingest").arg(example()).arg("--db").arg(file);
        let mut search = bin();
        search.args(["search", "harbor", "--db"]).arg(file);
        let mut serve = bin();
        serve
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(file);
        let mut revisions = bin();
        revisions
            .args(["revisions", "https://example.com/", "--db"])
            .arg(file);
        for (name, cmd) in [
            ("ingest", ingest),
            ("search", search),
            ("serve", serve),
            ("revisions", revisions),
        ] {
            let (code, err) = finish(cmd);
            assert_eq!(code, 2, "{name} {shown}: {err}");
            assert!(
                err.contains(&shown),
                "{name}: the error does not name the file: {err}"
            );
            assert!(err.contains("not a crosscheck store"), "{name}: {err}");
            assert_eq!(fingerprint(file), before, "{name} changed {shown}");
        }
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["contacts.sqlite", "notes.txt", "random.db"]);

    // A zero-length file is not a store yet: reading commands say so, and an ingest
    // makes it one.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let mut search = bin();
    search.args(["search", "harbor", "--db"]).arg(&empty);
    let (code, err) = finish(search);
    assert_eq!(code, 2);
    assert!(err.contains("empty file"), "{err}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    let mut ingest = bin();
    ingest
        .arg("ingest")
        .arg(example())
        .arg("--db")
        .arg(&empty)
        .arg("--quiet");
    let (code, err) = finish(ingest);
    assert_eq!(code, 0, "{err}");
    let store = store::Store::open(&empty).unwrap();
    assert!(store.counts().unwrap().current >= 5);
}
