#!/usr/bin/env bash
# The Spark job against the CLI (release builds, outside CI): annotates
# ../shared/corpus/kremlin-en-all.jsonl.zst with `python -m stenogram.spark`
# on local[2] (the release wheel installed into target/py), then times
# `stenogram ingest` of the same file into a fresh store; prints documents
# per second for both. The job's time includes starting Spark (the JVM)
# and writing Parquet; the first line of its output times the job alone.
# Usage: bench/spark.sh [RUNS]   (needs target/py, see .ci/run; SHARED=../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
archive="$shared/corpus/kremlin-en-all.jsonl.zst"
runs=${1:-2}
out=target/bench/spark
py=target/py/bin/python
[ -f "$archive" ] || { echo "no $archive: nothing to measure" >&2; exit 1; }
[ -x "$py" ] || { echo "no $py: python3 -m venv target/py && target/py/bin/pip install -r crates/stenogram-py/requirements-test.txt" >&2; exit 1; }
mkdir -p "$out"

echo "== building (release): the wheel and the CLI"
rm -rf target/wheels-release
target/py/bin/maturin build --quiet --locked --release -m crates/stenogram-py/Cargo.toml -o target/wheels-release
"$py" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall target/wheels-release/stenogram-*.whl
cargo build --release --quiet --locked --bin stenogram
documents=$(zstd -dc "$archive" | grep -c .)
echo "$documents documents in $archive ($(nproc) cores)"

rate() { # label, seconds
  python3 -c 'import sys; label, s, n = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]); print("%-36s %7.2f s  %8.1f documents/s" % (label, s, n / s))' "$1" "$2" "$documents"
}
seconds_of() { # command... -> wall seconds on stdout, the command's output in $out/last.log
  local start end
  start=$(date +%s.%N)
  "$@" > "$out/last.log" 2>&1 || { tail -n 40 "$out/last.log" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}

echo "== spark: python -m stenogram.spark (local[2])"
for run in $(seq "$runs"); do
  rm -rf "$out/annotated"
  s=$(PYSPARK_PYTHON="$py" seconds_of "$py" -m stenogram.spark "$archive" "$out/annotated" --master 'local[2]')
  grep -o 'annotated [0-9].*' "$out/last.log"
  rate "spark job, whole process (run $run)" "$s"
done
du -sh "$out/annotated"

echo "== cli: stenogram ingest (fresh store)"
for run in $(seq "$runs"); do
  rm -rf "$out/store"
  s=$(seconds_of target/release/stenogram --data "$out/store" ingest "$archive" --format json)
  rate "stenogram ingest (run $run)" "$s"
done
