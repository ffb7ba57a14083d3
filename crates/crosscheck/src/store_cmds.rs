//! The store subcommands: `ingest` (add articles to a store), `search` (full-text search
//! with filters) and `serve` (the local web UI). Arguments in, store or server calls,
//! lines out; the store decides what is new and what to analyse again.
//!
//! `serve` listens on loopback unless given a token: any other address without
//! `--token` (or `CROSSCHECK_TOKEN`) is refused with exit code 2 before the store is
//! opened. Every command refuses a `--db` file that is not a crosscheck store (the store
//! checks it before writing a byte); `search` and `revisions` also refuse a missing or
//! zero-length file rather than create an empty store, while `ingest` and `serve` take a
//! zero-length file as a new store.
//!
//! `ingest` prints one line per document on standard output as soon as the transaction
//! holding it is committed (`stored ID SOURCE`), so a caller (or the durability test)
//! knows exactly what is safe in the store at any moment.

use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use pipeline::model::{Document, Severity};
use store::{AddConfig, Loaded, Store};

/// Where the store lives unless `--db` or `CROSSCHECK_DB` says otherwise.
fn default_db() -> anyhow::Result<PathBuf> {
    match dirs::data_dir() {
        Some(dir) => Ok(dir.join("crosscheck").join("crosscheck.db")),
        None => bail!("no data folder is known on this platform; give the store with --db FILE"),
    }
}

fn db_path(db: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match db {
        Some(db) => Ok(db),
        None => default_db(),
    }
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories to add (as for `analyze`); `-` reads one article from
    /// standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The store file (default: crosscheck/crosscheck.db in the platform's data folder).
    #[arg(long, value_name = "FILE", env = "CROSSCHECK_DB")]
    db: Option<PathBuf>,

    /// Documents per transaction: each batch is stored whole or not at all.
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,

    /// Analyse the whole corpus again after each batch while it holds at most this many
    /// documents; above, only the stories the new documents may join.
    #[arg(long, value_name = "N", default_value_t = AddConfig::default().full_limit)]
    full_limit: usize,

    /// Skip inputs larger than this many bytes (reported as a problem).
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,

    /// Print only problems and revisions, not one line per document.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store file (default: crosscheck/crosscheck.db in the platform's data folder).
    #[arg(long, value_name = "FILE", env = "CROSSCHECK_DB")]
    db: Option<PathBuf>,

    /// The address to listen on. An address other than loopback (127.0.0.1, ::1) is
    /// refused unless a token is given.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    /// Require this token on every request, pages and API: `Authorization: Bearer
    /// TOKEN`, or `?token=TOKEN` in the address of a page (which then sets a cookie so
    /// its links work). At least 16 characters of letters, digits and -._~+/=. Prefer
    /// the environment variable, which other users of the machine cannot see in the
    /// process list.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "CROSSCHECK_TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words to find in bodies and claims (all must match; `word*` matches a prefix).
    #[arg(value_name = "QUERY", default_value = "")]
    query: String,

    /// The store file (default: crosscheck/crosscheck.db in the platform's data folder).
    #[arg(long, value_name = "FILE", env = "CROSSCHECK_DB")]
    db: Option<PathBuf>,

    /// Only documents of this story (its id).
    #[arg(long)]
    story: Option<String>,
    /// Only documents of this outlet.
    #[arg(long)]
    outlet: Option<String>,
    /// Only documents naming this entity (its id or name).
    #[arg(long)]
    entity: Option<String>,
    /// Only documents published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only documents published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// At most this many hits of each kind.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print the hits as JSON.
    #[arg(long)]
    json: bool,
}

/// File names whose inputs hold many documents: their raw bytes are not one document's.
fn holds_many(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    [".warc", ".jsonl", ".gz", ".xml", ".rss", ".atom"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Collects loaded documents and hands them to the store a batch at a time.
struct Batcher<'a> {
    store: &'a mut Store,
    pipeline: &'a pipeline::Config,
    add: AddConfig,
    size: usize,
    pending: Vec<Loaded>,
    quiet: bool,
    stored: usize,
    skipped: usize,
    revisions: usize,
    error: Option<anyhow::Error>,
}

impl Batcher<'_> {
    fn push(&mut self, loaded: Loaded) {
        if self.error.is_some() {
            return;
        }
        self.pending.push(loaded);
        if self.pending.len() >= self.size
            && let Err(e) = self.flush()
        {
            self.error = Some(e);
        }
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.pending);
        let config = self.pipeline;
        let outcome = self
            .store
            .add(batch, &self.add, &mut |docs| {
                pipeline::analyze_documents(docs, Vec::new(), config, &|_, _, _| {})
            })
            .with_context(|| format!("cannot add to the store {}", self.store.path()))?;
        let mut out = io::stdout().lock();
        for (id, source) in &outcome.stored {
            if !self.quiet {
                writeln!(out, "stored {id} {source}")?;
            }
        }
        for (id, source) in &outcome.skipped {
            if !self.quiet {
                writeln!(out, "skipped {id} {source} (stored already)")?;
            }
        }
        for r in &outcome.revisions {
            writeln!(
                out,
                "revision {} of {}: {} replaces {}; {} claims added, {} removed",
                r.revision,
                r.url,
                r.doc,
                r.previous.as_deref().unwrap_or("-"),
                r.diff.added.len(),
                r.diff.removed.len()
            )?;
            for a in &r.diff.added {
                writeln!(out, "  + {a}")?;
            }
            for d in &r.diff.removed {
                writeln!(out, "  - {d}")?;
            }
        }
        out.flush()?;
        self.stored += outcome.stored.len();
        self.skipped += outcome.skipped.len();
        self.revisions += outcome.revisions.len();
        Ok(())
    }
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<u8> {
    let mut config = pipeline::Config::default();
    config.ingest.max_bytes = args.max_bytes;
    let db = db_path(args.db)?;
    let mut store = Store::open(&db)?;
    let (inputs, mut diagnostics) = ingest::discover(&args.paths, &config.ingest);
    let mut batcher = Batcher {
        store: &mut store,
        pipeline: &config,
        add: AddConfig {
            full_limit: args.full_limit,
            ..AddConfig::default()
        },
        size: args.batch as usize,
        pending: Vec::new(),
        quiet: args.quiet,
        stored: 0,
        skipped: 0,
        revisions: 0,
        error: None,
    };
    for input in &inputs {
        // The input is kept byte for byte when it is one document: standard input and
        // single-article files. The store keeps the bytes only if they hash to the
        // document's content id, so a wrong guess here costs nothing.
        let (raw, mut reader): (Option<Vec<u8>>, Box<dyn Read>) = match input {
            ingest::Input::Stdin => {
                let mut buf = Vec::new();
                io::stdin()
                    .lock()
                    .take(args.max_bytes.saturating_add(1))
                    .read_to_end(&mut buf)
                    .context("cannot read standard input")?;
                (Some(buf.clone()), Box::new(io::Cursor::new(buf)))
            }
            ingest::Input::File { path } => {
                let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= args.max_bytes);
                let raw = (small && !holds_many(path))
                    .then(|| std::fs::read(path).ok())
                    .flatten();
                (raw, Box::new(io::empty()))
            }
        };
        let diags = ingest::load(input, &config.ingest, &mut reader, &mut |doc: Document| {
            let raw = raw
                .as_ref()
                .filter(|r| pipeline::model::ids::document(r) == doc.id)
                .cloned();
            batcher.push(Loaded { doc, raw });
        });
        diagnostics.extend(diags);
        if let Some(e) = batcher.error.take() {
            return Err(e);
        }
    }
    batcher.flush()?;
    let (stored, skipped, revisions) = (batcher.stored, batcher.skipped, batcher.revisions);

    let mut problems = 0;
    for d in &diagnostics {
        if d.severity >= Severity::Warning {
            problems += 1;
            let at = d.offset.map(|o| format!(" (byte {o})")).unwrap_or_default();
            eprintln!("crosscheck: {}{at}: {} [{}]", d.source, d.message, d.code);
        }
    }
    let counts = store.counts()?;
    eprintln!(
        "crosscheck: {stored} stored, {skipped} already stored, {revisions} new revisions; \
         {} holds {} documents ({} current), {} claims, {} stories",
        db.display(),
        counts.documents,
        counts.current,
        counts.claims,
        counts.stories
    );
    if stored + skipped == 0 && inputs.is_empty() {
        eprintln!("crosscheck: no document could be read");
        return Ok(2);
    }
    Ok(if problems > 0 { 1 } else { 0 })
}

/// Refuses to read a store that does not exist yet (a missing or zero-length file), so
/// that a typo in `--db` is reported instead of creating an empty store.
fn existing_store(db: &Path) -> anyhow::Result<()> {
    match std::fs::metadata(db) {
        Ok(m) if m.is_file() && m.len() == 0 => bail!(
            "{} is an empty file, not a store yet; add articles with `crosscheck ingest`",
            db.display()
        ),
        Ok(_) => Ok(()),
        Err(_) => bail!(
            "no store at {}; add articles with `crosscheck ingest`",
            db.display()
        ),
    }
}

pub fn search(args: SearchArgs) -> anyhow::Result<u8> {
    let db = db_path(args.db)?;
    existing_store(&db)?;
    let store = Store::open(&db)?;
    let hits = store.search(&store::Query {
        q: args.query,
        story: args.story,
        outlet: args.outlet,
        entity: args.entity,
        from: args.from,
        to: args.to,
        limit: args.limit,
    })?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &hits)?;
        writeln!(out)?;
    } else {
        for h in &hits {
            let what = match &h.claim {
                Some(c) => c.clone(),
                None => h.doc.clone(),
            };
            writeln!(
                out,
                "{what}\t{}\t{}\t{}",
                h.title.as_deref().unwrap_or("-"),
                h.published.as_deref().unwrap_or("-"),
                h.snippet.replace(['\n', '\t'], " ")
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}

pub fn serve(args: ServeArgs) -> anyhow::Result<u8> {
    let token = args.token.filter(|t| !t.is_empty());
    if let Some(t) = &token
        && let Err(why) = server::check_token(t)
    {
        eprintln!("crosscheck: error: {why}");
        return Ok(2);
    }
    if !args.addr.ip().is_loopback() && token.is_none() {
        eprintln!(
            "crosscheck: error: refusing to serve on {} without a token: that address may be              reachable from other machines. Give --token TOKEN (or CROSSCHECK_TOKEN), or              listen on 127.0.0.1",
            args.addr
        );
        return Ok(2);
    }
    let db = db_path(args.db)?;
    let shown = db.display().to_string();
    let guarded = if token.is_some() {
        " (every request must carry the token)"
    } else {
        ""
    };
    server::run(db, args.addr, token.as_deref(), |addr| {
        eprintln!("crosscheck: serving {shown} at http://{addr}/{guarded} (Ctrl-C stops)");
    })?;
    Ok(0)
}

#[derive(clap::Args)]
pub struct RevisionsArgs {
    /// The URL whose stored versions to list.
    #[arg(value_name = "URL")]
    url: String,

    /// The store file (default: crosscheck/crosscheck.db in the platform's data folder).
    #[arg(long, value_name = "FILE", env = "CROSSCHECK_DB")]
    db: Option<PathBuf>,

    /// Print the revisions as JSON.
    #[arg(long)]
    json: bool,
}

pub fn revisions(args: RevisionsArgs) -> anyhow::Result<u8> {
    let db = db_path(args.db)?;
    existing_store(&db)?;
    let store = Store::open(&db)?;
    let revisions = store.revisions(&args.url)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &revisions)?;
        writeln!(out)?;
    } else {
        for r in &revisions {
            writeln!(
                out,
                "revision {} {}{}",
                r.revision,
                r.doc,
                r.previous
                    .as_deref()
                    .map(|p| format!(" replaces {p}"))
                    .unwrap_or_default()
            )?;
            for a in &r.diff.added {
                writeln!(out, "  + {a}")?;
            }
            for d in &r.diff.removed {
                writeln!(out, "  - {d}")?;
            }
        }
    }
    out.flush()?;
    if revisions.is_empty() {
        eprintln!("crosscheck: no document with this URL in {}", db.display());
        return Ok(1);
    }
    Ok(0)
}
