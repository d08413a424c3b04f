"""parse, extract and claims on one text: the CLI's answers, from Python."""

from __future__ import annotations

import datetime
import json
import sys
import threading
import time
import warnings
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import archive_rows

import stenogram
from stenogram import _native

LUKASHENKO = (
    "A lead paragraph about the talks.\n"
    "* * *\n"
    "President of Russia Vladimir Putin: Mr Lukashenko, friends, welcome to Moscow.\n"
    "According to your statistics, trade between Russia and Belarus is over $51 billion; "
    "by the Russian estimate it is just over $50 billion. Last year it grew by 5.7 percent.\n"
    "President of Belarus Alexander Lukashenko: Thank you, Mr President.\n"
)


def test_parse_gives_the_document_of_the_cli(cli, repo: Path) -> None:
    for path in sorted((repo / "examples").rglob("*.txt")):
        expected = json.loads(cli.out("parse", str(path), "--id", path.stem))
        assert stenogram.parse(path.read_text(encoding="utf-8"), id=path.stem) == expected, path
        # Bytes are read as the CLI reads a file.
        assert stenogram.parse(path.read_bytes(), id=path.stem) == expected, path


def test_parse_of_corpus_transcripts_and_pages_equals_the_cli(cli, corpus: Path) -> None:
    texts = sorted((corpus / "kremlin-en").glob("*.txt"))[::30]
    pages = sorted((corpus / "kremlin-html").glob("*.html"))[::6]
    assert texts and pages
    for path in texts:
        expected = json.loads(cli.out("parse", str(path), "--id", path.stem))
        assert stenogram.parse(path.read_bytes(), id=path.stem) == expected, path
    for path in pages:
        expected = json.loads(cli.out("parse", str(path)))
        # A page names its own id (the kremlin.ru event id); its warnings
        # (the CLI's stderr) may come, and are not the point here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", stenogram.StenogramWarning)
            got = stenogram.parse(path.read_bytes())
        assert got == expected, path


def test_parse_shapes_and_offsets() -> None:
    doc = stenogram.parse(LUKASHENKO, id="talks")
    assert doc["id"] == "talks"
    assert [t["speaker"]["person"] for t in doc["turns"]] == ["vladimir-putin", "alexander-lukashenko"]
    first = doc["turns"][0]["paragraphs"][0]
    # Offsets are code points: Python slicing.
    assert LUKASHENKO[first["start"] : first["end"]] == first["text"]
    assert doc["turns"][0]["addressees"][0] == "alexander-lukashenko"


def test_parse_warns_and_fails_as_the_cli(cli) -> None:
    with pytest.warns(stenogram.StenogramWarning, match="no speaker labels found"):
        doc = stenogram.parse("Just a paragraph of news.\nAnother one.\n")
    assert doc["turns"] == [] and len(doc["lead"]) == 2

    done = cli.run("parse", "-", input=b"  \n\n")
    assert done.returncode == 1
    with pytest.raises(stenogram.StenogramError) as caught:
        stenogram.parse("  \n\n")
    assert not isinstance(caught.value, stenogram.UsageError)
    assert str(caught.value) in done.stderr.decode()

    done = cli.run("parse", "-", input=b"Vladimir Putin: \xff\n")
    assert done.returncode == 1
    with pytest.raises(stenogram.StenogramError) as caught:
        stenogram.parse(b"Vladimir Putin: \xff\n")
    assert str(caught.value) in done.stderr.decode()

    with pytest.raises(stenogram.UsageError, match="format"):
        stenogram.parse("x", format="tei")


def test_extract_equals_the_cli(cli, repo: Path) -> None:
    text = (repo / "examples" / "sample-transcript.txt").read_text(encoding="utf-8") + LUKASHENKO
    expected = cli.json_lines("extract", input=text.encode())
    assert expected and stenogram.extract(text) == expected
    expected = cli.json_lines("extract", "--ref-date", "2019-05-09", input=text.encode())
    assert stenogram.extract(text, ref_date="2019-05-09") == expected
    assert stenogram.extract(text, ref_date=datetime.date(2019, 5, 9)) == expected
    assert stenogram.extract(text.encode(), ref_date=datetime.datetime(2019, 5, 9, 12, 30)) == expected


def test_extract_mention_shape() -> None:
    mentions = stenogram.extract("According to your statistics, it is over $51 billion.")
    assert mentions == [
        {
            "kind": "money",
            "start": 41,
            "end": 52,
            "text": "$51 billion",
            "value": 51000000000,
            "unit": "USD",
            "qualifier": "over",
            "qualifier_start": 36,
            "qualifier_end": 40,
            "bound": "lower",
        }
    ]
    assert stenogram.extract("") == []


def test_extract_bad_date_is_a_usage_error_with_the_cli_message(cli) -> None:
    done = cli.run("extract", "--ref-date", "09/05/2019", input=b"x")
    assert done.returncode == 2
    with pytest.raises(stenogram.UsageError) as caught:
        stenogram.extract("x", ref_date="09/05/2019")
    assert str(caught.value) in done.stderr.decode()
    assert isinstance(caught.value, stenogram.StenogramError)


def test_claims_of_a_text() -> None:
    rows = stenogram.claims(LUKASHENKO, date="2019-05-09", id="talks", url="http://example.invalid/talks")
    trade = [r for r in rows if r["indicator"] == "trade"]
    assert [r["value"] for r in trade][:2] == [51e9, 50e9]
    first = trade[0]
    assert first["doc"] == "talks" and first["date"] == "2019-05-09"
    assert first["url"] == "http://example.invalid/talks"
    assert first["speaker"] == {"person": "vladimir-putin", "name": "Vladimir Putin"}
    assert first["scope"] == ["Belarus", "Russia"]
    assert LUKASHENKO[first["start"] : first["end"]] == first["text"] == "$51 billion"
    assert LUKASHENKO[first["sentence_start"] :].startswith(first["sentence"])
    assert stenogram.claims("   ") == []
    with pytest.raises(stenogram.UsageError, match="not an ISO date"):
        stenogram.claims(LUKASHENKO, date="May 9")


def test_claims_equal_those_the_cli_stores(cli, corpus: Path, tmp_path: Path) -> None:
    """For 120 archive documents: claims(text, date, id, title, url) gives
    exactly the rows `stenogram claims --format json` prints after ingest."""
    rows = [r for r in archive_rows(corpus, every=59) if r.get("text")][:120]
    dataset = tmp_path / "docs.jsonl"
    dataset.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    data = tmp_path / "data"
    cli.out("ingest", str(dataset), "--format", "json", data=data)
    stored = defaultdict(list)
    for claim in cli.json_lines("claims", "--format", "json", data=data):
        stored[claim["doc"]].append(claim)
    assert sum(len(v) for v in stored.values()) > 50
    for row in rows:
        got = stenogram.claims(
            row["text"], id=str(row["id"]), date=row.get("date") or None, title=row.get("title"), url=row.get("url")
        )
        assert got == stored.get(str(row["id"]), []), row["id"]


def test_work_runs_without_the_gil() -> None:
    """A long extraction in one thread leaves the interpreter to the others."""
    text = LUKASHENKO * 4000
    started = time.monotonic()
    _native.extract(text)
    alone = time.monotonic() - started
    if alone < 0.05:
        pytest.skip(f"extraction too fast to observe ({alone:.3f} s)")
    done = threading.Event()

    def work() -> None:
        _native.extract(text)
        done.set()

    ticks = 0
    worker = threading.Thread(target=work)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        worker.start()
        while not done.is_set():
            ticks += 1
            time.sleep(0.0005)
        worker.join()
    finally:
        sys.setswitchinterval(switch)
    # Holding the GIL, the worker would let this loop run a few times at most.
    assert ticks > 20, (ticks, alone)
