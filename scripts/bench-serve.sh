#!/usr/bin/env bash
# Load test of `crosscheck serve` (issue 7, "Measured"): builds the release binaries,
# writes a store holding one story of 200 generated articles, serves it on loopback and
# runs wrk from a second process against the story page and the story's JSON, 50
# connections for 60 s each, once as a browser asks (gzip accepted) and once without. Prints wrk's latency distribution (p50/p90/p99) and any
# errors; the target is p99 < 50 ms with no errors.
#
# Usage: scripts/bench-serve.sh [DURATION_SECONDS] [CONNECTIONS] [ARTICLES]
# Needs wrk (Debian: apt-get install -y wrk) and curl.
set -euo pipefail

duration="${1:-60}"
connections="${2:-50}"
articles="${3:-200}"
port="${PORT:-18080}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is missing" >&2; exit 2; }

cd "$root"
cargo build -q --release -p crosscheck -p bench
bin="$root/target/release"

db="$work/story.db"
"$bin/crosscheck-bench" story-store --db "$db" --docs "$articles" 2>/dev/null | tee "$work/story.txt"
story="$(awk '/^story /{print $2}' "$work/story.txt")"
[ -n "$story" ] || { echo "no story was made" >&2; exit 1; }

"$bin/crosscheck" serve --db "$db" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/api/stories" >/dev/null && break
    sleep 0.1
done
docs="$(curl -sf "http://127.0.0.1:$port/api/stories" | grep -o '"documents":[0-9]*' | head -1)"
echo "serving story $story ($docs) on 127.0.0.1:$port"

# Each route twice: as a browser asks (it always accepts gzip; the answer is cached
# compressed) and with no Accept-Encoding (the answer as built, several times the bytes).
for path in "/stories/$story" "/api/stories/$story"; do
    for encoding in "gzip, deflate, br" ""; do
        bytes="$(curl -sf -H "Accept-Encoding: $encoding" "http://127.0.0.1:$port$path" | wc -c)"
        echo
        echo "== GET $path (Accept-Encoding: '${encoding}', $bytes bytes sent), $connections connections, ${duration}s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
        if [ -n "$encoding" ]; then
            wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Accept-Encoding: $encoding" "http://127.0.0.1:$port$path"
        else
            wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$port$path"
        fi
    done
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
