#!/usr/bin/env bash
# Scale on one machine (issue 14; release build, outside CI): builds 10x and
# 36x replicas of ../shared/corpus/kremlin-en-all.jsonl.zst (distinct ids,
# made here; 36x is about 100 M words), ingests each into a fresh store
# (MB/s of source text, peak memory, store size against source size), then
# times on the 1x, 10x and 36x stores:
#   kwic Russia --count            (target at 36x: < 100 ms)
#   kwic investment, complete, JSON Lines (~50 k hits at 36x; target < 1 s)
#   trends Russia --by year        (target < 300 ms)
#   keyness --target speaker=vladimir-putin   (target < 2 s)
#   collocates partners, collocates Russia   (target < 2 s)
#   search p50/p99 over 20 queries (target p99 < 20 ms)
# Each command is run 3 times; the best and the last are printed.
# Usage: bench/scale.sh [FACTORS...]   (default: 1 10 36; needs zstd, python3,
# GNU time, bc; SHARED=../shared; about 20 GB free disk for 36x)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
archive="$shared/corpus/kremlin-en-all.jsonl.zst"
out=target/bench/scale
mkdir -p "$out"
[ -f "$archive" ] || { echo "no $archive: nothing to measure" >&2; exit 1; }
factors=("$@")
[ ${#factors[@]} -gt 0 ] || factors=(1 10 36)

cargo build --release --quiet --workspace --bin stenogram --example query_latency
bin=target/release/stenogram

replica() { # factor -> path of the replica (made once)
  if [ "$1" = 1 ]; then echo "$archive"; else bench/replica.sh "$1" "$out"; fi
}

timed() { # label, command... : best and last of 3 wall times, last peak RSS
  local label=$1 best= s kb
  shift
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > "$out/last.out" 2> "$out/last.err" || {
      echo "FAILED: $*" >&2; tail -n 5 "$out/last.err" >&2; return 1; }
    read -r s kb < "$out/time.txt"
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then best=$s; fi
  done
  printf '  %-44s best %6.3f s  last %6.3f s  %7.1f MB peak\n' "$label" "$best" "$s" "$(echo "$kb / 1024" | bc -l)"
}

for n in "${factors[@]}"; do
  src=$(replica "$n")
  store="$out/store-x$n"
  source_mb=$(zstd -dc "$src" | python3 -c 'import sys, json; print(sum(len(json.loads(l)["text"].encode()) for l in sys.stdin) / 1e6)')
  echo "== ${n}x: $(basename "$src"), ${source_mb} MB of text"
  if [ ! -f "$store/stenogram.sqlite" ] || [ "${FRESH:-1}" = 1 ]; then
    rm -rf "$store"
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$bin" --data "$store" ingest "$src" > "$out/ingest.txt"
    read -r s kb < "$out/time.txt"
    printf '  %-44s %7.1f s  %6.2f MB/s of text  %7.1f MB peak\n' "ingest (fresh store)" "$s" \
      "$(echo "$source_mb / $s" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  fi
  printf '  %-44s %s (source text %.0f MB)\n' "store on disk" "$(du -sh "$store" | cut -f1)" "$source_mb"
  "$bin" --data "$store" kwic Russia --count > "$out/count.txt"
  echo "  kwic Russia --count: $(tail -n 1 "$out/count.txt")"
  timed "kwic Russia --count" "$bin" --data "$store" kwic Russia --count
  timed "kwic investment (complete, JSON Lines)" "$bin" --data "$store" kwic investment --format json
  echo "  kwic investment: $(wc -l < "$out/last.out") lines"
  timed "trends Russia --by year" "$bin" --data "$store" trends Russia --by year
  timed "keyness --target speaker=vladimir-putin" "$bin" --data "$store" keyness --target speaker=vladimir-putin
  timed "collocates partners" "$bin" --data "$store" collocates partners
  timed "collocates Russia (in 1 piece of 6)" "$bin" --data "$store" collocates Russia
  target/release/examples/query_latency "$store" 20 | tail -n 2 | sed 's/^/  search: /'
done
