#!/usr/bin/env bash
# Builds the store the outside tests of `stenogram serve` share: the shared
# corpus's kremlin-en transcripts (when ../shared is there) and the hostile
# fixture of tests/browser. Usage: tests/make-store.sh DIR (made afresh).
# STENOGRAM_BIN picks the binary (default target/debug/stenogram); SHARED the
# shared folder (default ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: tests/make-store.sh DIR}
bin=${STENOGRAM_BIN:-target/debug/stenogram}
corpus=${SHARED:-../shared}/corpus/kremlin-en
[ -x "$bin" ] || { echo "tests/make-store.sh: no binary at $bin" >&2; exit 1; }
inputs=(tests/browser/fixtures/hostile)
if [ -d "$corpus" ]; then
    inputs=("$corpus" "${inputs[@]}")
else
    echo "tests/make-store.sh: $corpus absent: the store holds the hostile fixture only"
fi
rm -rf "$dir"
start=$(date +%s)
summary=$(env -u STENOGRAM_DATA "$bin" --data "$dir" ingest "${inputs[@]}" --format json)
echo "store $dir: ${inputs[*]} ingested in $(( $(date +%s) - start )) s: $summary"
