#!/usr/bin/env bash
# The whole test suite (the README's test command):
#   1. cargo test --workspace --locked (unit, snapshot, property, corpus, CLI);
#   2. the browser tests of `stenogram serve` (tests/browser: Node's test runner,
#      playwright-core, Debian's Chromium), when their tools are installed;
#   3. schemathesis against the server's OpenAPI document (tests/api), when
#      its venv (target/venv) exists;
#   4. the Python package (crates/stenogram-py): its wheel built with maturin
#      (dev profile) and installed into the venv target/py, then pytest
#      (including PySpark on local[2]), when that venv exists.
# Parts 2 and 3 share one store, target/test-store (kremlin-en from
# ../shared plus the hostile fixture), made afresh on each run. A part whose
# tools are absent prints "skipped: why". Exits non-zero if anything failed.
# Installing the tools: see .ci/run (chromium from apt, npm ci in
# tests/browser, python3 -m venv target/venv + tests/api/requirements.txt,
# python3 -m venv target/py + crates/stenogram-py/requirements-test.txt).
set -uo pipefail
cd "$(dirname "$0")"

failed=()
run() { # label, command...
    local label=$1
    shift
    echo "== $label"
    if ! "$@"; then
        echo "== FAILED: $label"
        failed+=("$label")
        return 1
    fi
}

run "cargo test" cargo test --workspace --locked

browser=
if ! command -v node >/dev/null 2>&1; then
    echo "skipped: browser tests: node is not installed"
elif [ ! -d tests/browser/node_modules/playwright-core ]; then
    echo "skipped: browser tests: tests/browser/node_modules is absent (cd tests/browser && npm ci)"
elif [ ! -x /usr/bin/chromium ]; then
    echo "skipped: browser tests: /usr/bin/chromium is absent (apt-get install chromium)"
else
    browser=1
fi
api=
if [ ! -x target/venv/bin/schemathesis ]; then
    echo "skipped: schemathesis: target/venv is absent (python3 -m venv target/venv && target/venv/bin/pip install -r tests/api/requirements.txt -c tests/api/constraints.txt)"
else
    api=1
fi

if [ -n "$browser$api" ]; then
    export STENOGRAM_BIN=target/debug/stenogram
    export STENOGRAM_STORE=target/test-store
    if run "cargo build (stenogram binary)" cargo build --workspace --locked --bin stenogram &&
        run "test store" tests/make-store.sh "$STENOGRAM_STORE"; then
        if [ -n "$browser" ]; then
            run "browser tests" bash -c 'cd tests/browser && node --test --test-concurrency=1 test/'
        fi
        if [ -n "$api" ]; then
            run "schemathesis" tests/api/schemathesis.sh
        fi
    fi
fi

# The Python package: build its wheel into the venv, then its pytest suite
# (which compares with target/debug/stenogram and reads ../shared/corpus).
py=target/py/bin/python
if [ ! -x "$py" ] || ! "$py" -c 'import maturin, pytest, pyarrow' >/dev/null 2>&1; then
    echo "skipped: python package: target/py is absent (python3 -m venv target/py && target/py/bin/pip install -r crates/stenogram-py/requirements-test.txt)"
else
    python_wheel() {
        rm -rf target/wheels-dev
        target/py/bin/maturin build --quiet --strip --locked --profile dev \
            -m crates/stenogram-py/Cargo.toml -o target/wheels-dev &&
            "$py" -m pip install --quiet --disable-pip-version-check --no-deps \
                --force-reinstall target/wheels-dev/stenogram-*.whl
    }
    python_tests() {
        local root
        root=$(pwd)
        (cd crates/stenogram-py && PYTHONDONTWRITEBYTECODE=1 STENOGRAM_BIN="$root/target/debug/stenogram" \
            "$root/$py" -m pytest -p no:cacheprovider -q tests)
    }
    run "cargo build (stenogram binary, for the python tests)" cargo build --workspace --locked --bin stenogram &&
        run "python wheel (maturin, dev profile)" python_wheel &&
        run "python tests (pytest)" python_tests
fi

if [ ${#failed[@]} -gt 0 ]; then
    printf 'test.sh: FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "test.sh: all parts passed"
