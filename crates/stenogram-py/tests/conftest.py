"""Fixtures of the Python package's tests: the repository, the shared corpus,
the debug CLI to compare with, and a store made from the bundled examples
and (when ../shared is there) the kremlin-en transcripts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import stenogram

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"


def cli_path() -> Path | None:
    path = Path(os.environ.get("STENOGRAM_BIN", REPO / "target" / "debug" / "stenogram"))
    return path if path.is_file() and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "kremlin-en").is_dir():
        pytest.skip(f"{CORPUS} is absent: the corpus tests need ../shared/corpus")
    return CORPUS


class Cli:
    """The `stenogram` binary: runs a command and returns stdout, or the
    failure (exit status, stderr)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, *args: str, input: bytes | None = None, data: Path | None = None) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "STENOGRAM_DATA"}
        command = [str(self.path)]
        if data is not None:
            command += ["--data", str(data)]
        return subprocess.run(command + list(args), input=input, capture_output=True, env=env, timeout=600)

    def out(self, *args: str, input: bytes | None = None, data: Path | None = None) -> str:
        done = self.run(*args, input=input, data=data)
        assert done.returncode == 0, f"stenogram {' '.join(args)}: {done.stderr.decode()}"
        return done.stdout.decode()

    def json_lines(self, *args: str, input: bytes | None = None, data: Path | None = None) -> list:
        return [json.loads(line) for line in self.out(*args, input=input, data=data).splitlines() if line.strip()]


@pytest.fixture(scope="session")
def cli() -> Cli:
    path = cli_path()
    if path is None:
        pytest.skip("no stenogram binary at target/debug/stenogram (cargo build --workspace --bin stenogram)")
    return Cli(path)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory made by `stenogram.ingest` from examples/demo and,
    when present, ../shared/corpus/kremlin-en."""
    data = tmp_path_factory.mktemp("store") / "data"
    inputs = [REPO / "examples" / "demo", REPO / "examples" / "sample-transcript.txt"]
    if (CORPUS / "kremlin-en").is_dir():
        inputs.append(CORPUS / "kremlin-en")
    summary = stenogram.ingest(data, *inputs)
    assert summary["failed"] == [], summary["failed"]
    assert summary["added"] >= 5
    yield data
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def store(store_dir: Path) -> stenogram.Store:
    return stenogram.Store(store_dir)


def archive_rows(corpus: Path, every: int = 1, limit: int | None = None) -> list[dict]:
    """Rows of kremlin-en-all.jsonl.zst (every `every`-th line, at most
    `limit`), decompressed with pyarrow's zstd."""
    import pyarrow as pa

    path = corpus / "kremlin-en-all.jsonl.zst"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with pa.input_stream(str(path), compression="zstd") as stream:
        lines = stream.read().decode("utf-8").splitlines()
    rows = [json.loads(line) for i, line in enumerate(lines) if i % every == 0]
    return rows[:limit] if limit is not None else rows
