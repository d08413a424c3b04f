#!/usr/bin/env bash
# Benchmark of `stenogram serve` (release build, outside CI) on the archive:
#   1. ingest ../shared/corpus/kremlin-en-all.jsonl.zst into target/bench-store
#      (idempotent: a second run finds it unchanged);
#   2. serve it on 127.0.0.1, and load /api/v1/search with wrk: 20 varied
#      queries (bench/serve-queries.lua), 16 connections, 2 threads, 30 s;
#      requests/s, p50 and p99;
#   3. the complete download of /api/v1/kwic.csv?q=Russia with curl: seconds,
#      bytes, rows (checked against the API's total);
#   4. the server's resident memory (VmRSS, VmHWM) before the load, after it,
#      after the download, and the peak.
# Usage: bench/serve.sh
#   STENOGRAM_BIN  use this binary as it is (default: cargo build --release, then
#                  target/release/stenogram)
#   ARCHIVE        input to ingest (default ../shared/corpus/kremlin-en-all.jsonl.zst)
#   STORE          the store (default target/bench-store)
#   DURATION       wrk duration (default 30s); CONNECTIONS (16), THREADS (2)
# Needs wrk (installed with apt-get when missing and root), curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
archive=${ARCHIVE:-$shared/corpus/kremlin-en-all.jsonl.zst}
store=${STORE:-target/bench-store}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
out=target/bench-serve
mkdir -p "$out"
[ -e "$archive" ] || { echo "no $archive: nothing to measure" >&2; exit 1; }

if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing wrk (apt-get)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk > "$out/apt.log" 2>&1 ||
            { apt-get update -qq > "$out/apt.log" 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >> "$out/apt.log" 2>&1; } ||
            { cat "$out/apt.log" >&2; echo "could not install wrk" >&2; exit 1; }
    else
        echo "wrk is missing: apt-get install wrk" >&2
        exit 1
    fi
fi

if [ -n "${STENOGRAM_BIN:-}" ]; then
    bin=$STENOGRAM_BIN
else
    cargo build --release --quiet --bin stenogram
    bin=target/release/stenogram
fi
[ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }
unset STENOGRAM_DATA

echo "== ingest $archive into $store ($bin)"
start=$(date +%s.%N)
"$bin" --data "$store" ingest "$archive" --format json > "$out/ingest.json"
printf 'ingest: %s s, %s\n' "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')" \
    "$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("added %d, replaced %d, unchanged %d, failed %d, skipped %d" % (s["added"], s["replaced"], s["unchanged"], len(s["failed"]), len(s["skipped"])))' "$out/ingest.json")"
"$bin" --data "$store" status > "$out/status.txt" || { cat "$out/status.txt"; echo "store status not ok" >&2; exit 1; }

echo "== serve"
"$bin" serve --data "$store" --bind 127.0.0.1:0 > "$out/server.out" 2> "$out/server.err" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' EXIT
url=
for _ in $(seq 1 600); do
    url=$(grep -oE 'http://[0-9.]+:[0-9]+/' "$out/server.out" | head -1 || true)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$url" ] || { cat "$out/server.out" "$out/server.err" >&2; echo "the server printed no URL" >&2; exit 1; }
head -1 "$out/server.out"

mem() { # VmRSS and VmHWM of the server, in MiB
    awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {printf "%.1f %.1f", r/1024, h/1024}' "/proc/$pid/status"
}
# One request of each query first, so that every one answers (a 4xx or 5xx
# would make the load figures meaningless).
echo "== the 20 queries once"
grep -oE '"/api/v1/search\?[^"]+"' bench/serve-queries.lua | tr -d '"' > "$out/paths.txt"
bad=0
while read -r p; do
    code=$(curl -s -o "$out/one.json" -w '%{http_code} %{time_total}' "${url%/}$p")
    printf '  %s %6.3f s  %s  total=%s\n' "${code% *}" "${code#* }" "$p" \
        "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("total"))' "$out/one.json" 2>/dev/null || echo '?')"
    [ "${code% *}" = 200 ] || bad=1
done < "$out/paths.txt"
[ "$bad" = 0 ] || echo "warning: some queries did not answer 200" >&2

read -r rss0 hwm0 <<< "$(mem)"

echo "== wrk: $threads threads, $connections connections, $duration"
wrk -t "$threads" -c "$connections" -d "$duration" --latency -s bench/serve-queries.lua "${url%/}" | tee "$out/wrk.txt"
read -r rss1 hwm1 <<< "$(mem)"
rps=$(awk '/^rps:/ {print $2}' "$out/wrk.txt")
p50=$(awk '/^p50_ms:/ {print $2}' "$out/wrk.txt")
p99=$(awk '/^p99_ms:/ {print $2}' "$out/wrk.txt")
statuses=$(sed -n 's/^statuses: //p' "$out/wrk.txt")
errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF} /Socket errors:/ {print}' "$out/wrk.txt" | paste -sd' ' -)

echo "== kwic.csv?q=Russia (complete download)"
expected=$(curl -s "${url}api/v1/kwic?q=Russia&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
read -r code secs bytes <<< "$(curl -s -o "$out/kwic-russia.csv" -w '%{http_code} %{time_total} %{size_download}' "${url}api/v1/kwic.csv?q=Russia")"
rows=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' "$out/kwic-russia.csv")
echo "status $code, $secs s, $bytes bytes, $rows rows (API total $expected)"
read -r rss2 hwm2 <<< "$(mem)"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap - EXIT

echo
echo "== summary ($(nproc) cores, $(basename "$bin") $(stat -c %y "$bin" | cut -d. -f1), store $(du -sh "$store" | cut -f1))"
printf '%-44s %s\n' \
    "search load: requests/s" "$rps" \
    "search load: p50 latency (ms)" "$p50" \
    "search load: p99 latency (ms)" "$p99" \
    "search load: statuses" "${statuses:-?} ${errors}" \
    "kwic.csv?q=Russia: seconds" "$(awk -v s="$secs" 'BEGIN {printf "%.3f", s}')" \
    "kwic.csv?q=Russia: rows (API total)" "$rows ($expected)" \
    "kwic.csv?q=Russia: MiB" "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')" \
    "memory before load: VmRSS / VmHWM (MiB)" "$rss0 / $hwm0" \
    "memory after load: VmRSS / VmHWM (MiB)" "$rss1 / $hwm1" \
    "memory after kwic.csv: VmRSS / VmHWM (MiB)" "$rss2 / $hwm2" \
    "memory peak: VmHWM (MiB)" "$hwm2" \
    "server exit status on SIGTERM" "$status"
[ "$code" = 200 ] && [ "$rows" = "$expected" ] && [ "$status" = 0 ] || { echo "bench/serve.sh: a check failed (see above)" >&2; exit 1; }
