#!/usr/bin/env bash
# Whole-process benchmark of `stenogram export` (release build, outside CI):
#   1. ingest ../shared/corpus/kremlin-en-all.jsonl.zst into a fresh store
#      (the time export is compared with);
#   2. export it as parquet, jsonl, csv and tei: seconds, peak memory
#      (max RSS), output size;
#   3. the same Parquet export of a 10x replica (distinct ids) to show that
#      memory stays flat as the store grows;
#   4. DuckDB reading the mentions Parquet: money mentions by speaker, year
#      and currency (needs a python with duckdb: PYTHON=target/py/bin/python).
# Usage: bench/export.sh   (needs zstd, python3, GNU time; SHARED=../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
archive="$shared/corpus/kremlin-en-all.jsonl.zst"
python=${PYTHON:-target/py/bin/python}
out=target/bench
mkdir -p "$out"
[ -f "$archive" ] || { echo "no $archive: nothing to measure" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --workspace --bin stenogram
bin=target/release/stenogram

measure() { # label, command...
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > /dev/null
  read -r secs kb < "$out/time.txt"
  printf '%-34s %7.2f s %8.1f MB peak\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}

store="$out/export-store"
rm -rf "$store"
measure "ingest (1x, for comparison)" "$bin" --data "$store" ingest "$archive"
for format in parquet jsonl csv tei; do
  rm -rf "$out/export-$format"
  measure "export --format $format (1x)" "$bin" --data "$store" export --format "$format" --out "$out/export-$format"
  printf '%-34s %s\n' "  output" "$(du -sh "$out/export-$format" | cut -f1)"
done

replica=$(bench/replica.sh 10 "$out")
store10="$out/export-store-x10"
if [ ! -f "$store10/stenogram.sqlite" ]; then
  measure "ingest (10x)" "$bin" --data "$store10" ingest "$replica"
fi
rm -rf "$out/export-parquet-x10"
measure "export --format parquet (10x)" "$bin" --data "$store10" export --format parquet --out "$out/export-parquet-x10"
printf '%-34s %s\n' "  output" "$(du -sh "$out/export-parquet-x10" | cut -f1)"

if "$python" -c 'import duckdb' 2>/dev/null; then
  "$python" - "$out/export-parquet" <<'PY'
import sys, time, duckdb
d = sys.argv[1]
con = duckdb.connect()
query = f"""
SELECT coalesce(p.name, 'narration') AS speaker, m.year, m.unit, count(*) AS mentions,
       sum(m.value) AS total
FROM '{d}/mentions.parquet' m LEFT JOIN '{d}/persons.parquet' p ON p.id = m.person_id
WHERE m.kind = 'money'
GROUP BY ALL ORDER BY mentions DESC LIMIT 10"""
start = time.perf_counter()
rows = con.sql(query).fetchall()
ms = (time.perf_counter() - start) * 1000
print(f"duckdb: money mentions by speaker, year and currency: {ms:.1f} ms (cold), top rows:")
for r in rows[:5]:
    print("  ", r)
start = time.perf_counter()
con.sql(query).fetchall()
print(f"duckdb: the same again: {(time.perf_counter() - start) * 1000:.1f} ms")
PY
else
  echo "skipped duckdb: $python has no duckdb (python3 -m venv target/py && target/py/bin/pip install duckdb)"
fi
