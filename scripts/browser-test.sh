#!/usr/bin/env bash
# Browser tests of the story page and the HTML report in headless Chromium.
#
# Builds crosscheck, ingests examples/harbor-blockade into a temporary store, serves it
# on a free loopback port, writes the self-contained HTML report of the same corpus,
# and runs the Playwright tests in tests/browser (node's built-in test runner) against
# both. Screenshots go to $CI_ARTIFACTS when set, else target/browser-artifacts.
# Exits non-zero when any check fails. Needs node >= 20, the npm packages of
# tests/browser (installed here with `npm ci` when missing) and Debian's chromium
# (CHROMIUM names another binary); it never downloads a browser.
#
# The debug build is used on purpose: CI has just built it for `cargo test`, so this
# costs seconds, while a release build would take minutes on a small machine, and
# seven articles are served fast enough either way.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "browser-test: no Chromium at $CHROMIUM; install it (apt-get install chromium) or set CHROMIUM" >&2
  exit 2
fi
if ! command -v node >/dev/null 2>&1; then
  echo "browser-test: node (version 20 or later) is needed to run the browser tests" >&2
  exit 2
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

artifacts="${CI_ARTIFACTS:-$root/target/browser-artifacts}"
mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)
rm -f "$artifacts"/story-*.png "$artifacts"/report-*.png

cargo build --quiet --locked -p crosscheck
bin="${CARGO_TARGET_DIR:-$root/target}/debug/crosscheck"

work=$(mktemp -d "${TMPDIR:-/tmp}/crosscheck-browser.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  # The server's log helps explain a failure; keep it beside the screenshots.
  [ -f "$work/serve.log" ] && cp "$work/serve.log" "$artifacts/serve.log"
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" ingest examples/harbor-blockade --db "$work/store.db" 2>"$work/ingest.log" >/dev/null || {
  cat "$work/ingest.log" >&2
  echo "browser-test: ingesting the example corpus failed" >&2
  exit 1
}
# Exit code 1 means the report was written but some input had problems; the example
# corpus has none, so anything but 0 is a failure here.
"$bin" analyze examples/harbor-blockade --format html --out "$work/report.html" 2>"$work/analyze.log" || {
  cat "$work/analyze.log" >&2
  echo "browser-test: writing the HTML report failed" >&2
  exit 1
}

# Port 0 lets the system pick a free port, with no race against other processes;
# the server reports the address it bound on stderr.
"$bin" serve --db "$work/store.db" --addr 127.0.0.1:0 2>"$work/serve.log" &
server=$!
url=""
for _ in $(seq 1 150); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -n 1 || true)
  [ -n "$url" ] && break
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$work/serve.log" >&2
    echo "browser-test: crosscheck serve exited before it was ready" >&2
    exit 1
  fi
  sleep 0.2
done
if [ -z "$url" ]; then
  cat "$work/serve.log" >&2
  echo "browser-test: crosscheck serve did not report its address within 30 s" >&2
  exit 1
fi
# Listening is not answering: wait for a page before any browser starts.
node -e '
  const url = process.argv[1];
  const deadline = Date.now() + 30000;
  (async () => {
    for (;;) {
      try { if ((await fetch(url)).ok) return; } catch (e) { /* not up yet */ }
      if (Date.now() > deadline) { console.error(`browser-test: ${url} does not answer`); process.exit(1); }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
' "$url"

cd tests/browser
CROSSCHECK_URL="$url" CROSSCHECK_REPORT="$work/report.html" BROWSER_ARTIFACTS="$artifacts" \
  node --test --test-concurrency=1 --test-timeout=60000 story.test.mjs report.test.mjs
echo "browser-test: passed; screenshots in $artifacts"
