#!/usr/bin/env bash
# Whole-process benchmarks of the store (release build, outside CI):
#   1. ingest of ../shared/corpus/kremlin-en-all.jsonl.zst into a fresh store
#      (3 runs), then the same command again (everything unchanged);
#      then `claims --rebuild` and `claims --conflicts` on that store;
#   2. ingest of a 10x replica of it (distinct ids, made here) into a fresh store;
#   3. search latency (20 queries, p50/p99) and the complete KWIC of "Russia",
#      in-process and as a whole `stenogram kwic` run.
# Usage: bench/ingest.sh [ROUNDS]   (needs zstd and python3; SHARED=../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
archive="$shared/corpus/kremlin-en-all.jsonl.zst"
rounds=${1:-50}
out=target/bench
mkdir -p "$out"
[ -f "$archive" ] || { echo "no $archive: nothing to measure" >&2; exit 1; }

cargo build --release --quiet --workspace --bin stenogram --example query_latency
bin=target/release/stenogram

replica=$(bench/replica.sh 10 "$out")

timed() { # label, data dir, input
  local start end
  start=$(date +%s.%N)
  "$bin" --data "$2" ingest "$3" --format json > "$out/summary.json"
  end=$(date +%s.%N)
  printf '%-40s %6.2f s  %s\n' "$1" "$(echo "$end - $start" | bc)" "$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("added %d unchanged %d failed %d skipped %d" % (s["added"], s["unchanged"], len(s["failed"]), len(s["skipped"])))' "$out/summary.json")"
}

echo "== ingest ($(nproc) cores)"
for run in 1 2 3; do
  rm -rf "$out/store"
  timed "archive, fresh store (run $run)" "$out/store" "$archive"
done
timed "archive again (unchanged)" "$out/store" "$archive"
echo "== claims: recompute every figure and claim from the store, then the conflicts"
for run in 1 2; do
  /usr/bin/time -f "claims --rebuild: %e s wall, %M KB max RSS" "$bin" --data "$out/store" claims --rebuild > /dev/null
done
/usr/bin/time -f "claims --conflicts: %e s wall" "$bin" --data "$out/store" claims --conflicts --format json | wc -l | sed 's/^/conflicts at the default confidence: /'
rm -rf "$out/store-x10"
timed "10x replica, fresh store" "$out/store-x10" "$replica"
du -sh "$out/store" "$out/store-x10"

echo "== queries on the archive store"
target/release/examples/query_latency "$out/store" "$rounds"
echo "== whole-process kwic Russia (json to /dev/null)"
for run in 1 2 3; do
  /usr/bin/time -f "%e s wall, %M KB max RSS" "$bin" --data "$out/store" kwic Russia --format json > /dev/null
done
echo "== queries on the 10x store"
target/release/examples/query_latency "$out/store-x10" 10 | tail -2
