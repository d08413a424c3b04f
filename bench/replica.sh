#!/usr/bin/env bash
# Prints the path of an N-fold replica of ../shared/corpus/kremlin-en-all.jsonl.zst
# in DIR, making it first if it is not there: every line N times, each copy
# with distinct ids ("<id>-r<copy>"), so that a store holds N x the archive.
# Usage: bench/replica.sh N DIR   (needs zstd and python3; SHARED=../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: bench/replica.sh N DIR}
dir=${2:?usage: bench/replica.sh N DIR}
archive="${SHARED:-../shared}/corpus/kremlin-en-all.jsonl.zst"
[ -f "$archive" ] || { echo "no $archive: nothing to replicate" >&2; exit 1; }
path="$dir/kremlin-en-all-x$n.jsonl.zst"
if [ ! -f "$path" ]; then
  mkdir -p "$dir"
  echo "making $path" >&2
  zstd -dc "$archive" | python3 -c '
import json, sys
n = int(sys.argv[1])
lines = sys.stdin.readlines()
for copy in range(n):
    for line in lines:
        row = json.loads(line)
        row["id"] = "%s-r%d" % (row["id"], copy)
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
' "$n" | zstd -q -3 -o "$path.partial"
  mv "$path.partial" "$path"
fi
echo "$path"
