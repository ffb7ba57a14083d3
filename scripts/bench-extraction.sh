#!/usr/bin/env bash
# Measures article body extraction on the Scrapinghub benchmark pages
# (../shared/data/article-extraction), ours next to Python trafilatura (from PyPI) in the
# same run: F1 with the benchmark's metric, and pages per second on one core with the
# HTML already in memory. Usage: scripts/bench-extraction.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${CROSSCHECK_SHARED:-$(pwd)/../shared}"
venv=/tmp/crosscheck-trafilatura-venv
if ! "$venv/bin/python" -c "import trafilatura" 2>/dev/null; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet trafilatura lxml_html_clean
fi
cargo build --release -p eval --quiet 2>/dev/null || cargo build --release -p eval
out=$(mktemp -d)
# Trafilatura: one process pinned to one core; the timer covers extraction calls only.
taskset -c 0 "$venv/bin/python" - "$shared/data/article-extraction" "$out/trafilatura.json" <<'PY'
import json, os, sys, time
import trafilatura
src, dest = sys.argv[1], sys.argv[2]
pages = {}
for name in sorted(os.listdir(os.path.join(src, "html"))):
    if name.endswith(".html"):
        with open(os.path.join(src, "html", name), encoding="utf-8", errors="replace") as f:
            pages[name[:-5]] = f.read()
trafilatura.extract(next(iter(pages.values())))  # warm-up: imports and caches
start = time.process_time()
out = {k: {"articleBody": trafilatura.extract(v) or ""} for k, v in pages.items()}
secs = time.process_time() - start
json.dump({"version": trafilatura.__version__, "output": out}, open(dest, "w"))
print(f"trafilatura {trafilatura.__version__}: {len(pages) / secs:.1f} pages/s per core ({secs:.2f} s CPU)")
PY
# Ours, pinned to the same core, then both outputs scored by the same scorer.
taskset -c 0 ./target/release/crosscheck-eval extraction --peer "$out/trafilatura.json"
