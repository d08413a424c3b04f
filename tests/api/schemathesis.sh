#!/usr/bin/env bash
# Property-based tests of the `stenogram serve` API from its own OpenAPI
# document (schemathesis): every generated request, valid or not, must get an
# answer that is not a 5xx. Fails on any server error.
#
# Usage: tests/api/schemathesis.sh
#   STENOGRAM_BIN    the binary (default target/debug/stenogram; built by nobody here)
#   STENOGRAM_STORE  a store to serve (default: a fresh one by tests/make-store.sh)
#   MAX_EXAMPLES     test cases per operation (default 30)
#   SEED             hypothesis seed (default 1; "random" for none)
# The venv (target/venv, schemathesis pinned in tests/api/requirements.txt)
# is made when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=${STENOGRAM_BIN:-target/debug/stenogram}
venv=target/venv
out=target/schemathesis
mkdir -p "$out"

[ -x "$bin" ] || { echo "schemathesis.sh: no binary at $bin (cargo build --bin stenogram)" >&2; exit 1; }

want=$(grep '^schemathesis==' tests/api/requirements.txt | cut -d= -f3)
have=$("$venv/bin/schemathesis" --version 2>/dev/null | sed -n 's/.*version //p' || true)
if [ "$have" != "$want" ]; then
    echo "schemathesis.sh: installing schemathesis $want into $venv"
    python3 -m venv "$venv"
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check \
            -r tests/api/requirements.txt -c tests/api/constraints.txt > "$out/pip.log" 2>&1; then
        cat "$out/pip.log" >&2
        echo "schemathesis.sh: pip install failed" >&2
        exit 1
    fi
fi

store=${STENOGRAM_STORE:-}
if [ -z "$store" ]; then
    store=$(mktemp -d /tmp/stenogram-schemathesis.XXXXXX)
    trap 'rm -rf "$store"' EXIT
    tests/make-store.sh "$store"
fi

log="$out/server.log"
# A debug build on a shared 2-core machine can take more than the default
# 5 s on a whole-store reuse query; the 503 it would then answer is the
# designed time limit, not a fault, so this run allows 60 s.
env -u STENOGRAM_DATA "$bin" serve --data "$store" --bind 127.0.0.1:0 --timeout 60 > "$log" 2> "$out/server.stderr" &
pid=$!
stop_server() {
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
}
trap 'stop_server; [ -z "${STENOGRAM_STORE:-}" ] && rm -rf "$store"' EXIT

url=
for _ in $(seq 1 600); do
    url=$(grep -oE 'http://[0-9.]+:[0-9]+/' "$log" | head -1 || true)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "schemathesis.sh: the server printed no URL; stdout:" >&2
    cat "$log" "$out/server.stderr" >&2
    exit 1
fi
echo "schemathesis.sh: $(head -1 "$log")"

seed_args=(--seed "${SEED:-1}")
[ "${SEED:-}" = random ] && seed_args=()
status=0
# Run from target/schemathesis: schemathesis keeps a .schemathesis/ cache in
# the working directory.
(cd "$out" && "$root/$venv/bin/schemathesis" run "${url}api/v1/openapi.json" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance \
    --max-examples "${MAX_EXAMPLES:-30}" \
    --request-timeout 60 \
    --workers 1 \
    "${seed_args[@]}" \
    --report junit --report-dir . \
    --no-color) || status=$?

kill -TERM "$pid"
server_status=0
wait "$pid" || server_status=$?
if [ "$server_status" -ne 0 ]; then
    echo "schemathesis.sh: the server exited $server_status on SIGTERM (expected 0); stderr:" >&2
    tail -20 "$out/server.stderr" >&2
    status=1
fi
if [ "$status" -ne 0 ]; then
    echo "schemathesis.sh: FAILED (schemathesis or server exit status $status)" >&2
    exit "$status"
fi
echo "schemathesis.sh: passed"
