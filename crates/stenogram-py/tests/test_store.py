"""Store queries as pyarrow tables: the rows of the CLI's --format json."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pyarrow as pa
import pytest

import stenogram
from stenogram import _tables


def rows(table: pa.Table) -> list[dict]:
    """Table rows as the CLI's JSON objects: keys the CLI leaves out when
    empty dropped."""
    optional = {"canonical", "converted", "converted_unit", "detail", "high", "direction", "source"}

    def clean(row: dict) -> dict:
        out = {}
        for key, value in row.items():
            if key in optional and value is None:
                continue
            if key == "claims" and isinstance(value, list):
                value = [clean(v) for v in value]
            out[key] = value
        return out

    return [clean(r) for r in table.to_pylist()]


def test_search_equals_the_cli(cli, store: stenogram.Store, store_dir: Path) -> None:
    for query, flags in [
        ("Belarus", []),
        ('"Union State"', ["--limit", "7"]),
        ("trade OR economy", ["--speaker", "putin", "--from", "2017", "--limit", "30", "--offset", "5"]),
    ]:
        expected = cli.json_lines("search", query, "--format", "json", *flags, data=store_dir)
        kwargs: dict = {}
        if "--limit" in flags:
            kwargs["limit"] = int(flags[flags.index("--limit") + 1])
        if "--offset" in flags:
            kwargs["offset"] = int(flags[flags.index("--offset") + 1])
        if "--speaker" in flags:
            kwargs["speaker"] = "putin"
            kwargs["from_"] = 2017
        table = store.search(query, **kwargs)
        assert table.schema.equals(_tables.SEARCH)
        got = rows(table)
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            assert g.pop("score") == pytest.approx(e.pop("score"), rel=1e-6)
            assert g == e
        meta = stenogram.metadata(table)
        assert meta["total"] >= len(got)


def test_kwic_equals_the_cli(cli, store: stenogram.Store, store_dir: Path) -> None:
    expected = cli.json_lines("kwic", "Union State", "--format", "json", "--context", "30", data=store_dir)
    table = store.kwic("Union State", context=30)
    assert table.schema.equals(_tables.KWIC)
    assert rows(table) == expected
    totals = cli.json_lines("kwic", "Union State", "--count", "--format", "json", data=store_dir)[0]
    meta = stenogram.metadata(table)
    assert (meta["total"], meta["documents"]) == (totals["total"], totals["documents"])
    sorted_left = cli.json_lines("kwic", "economy", "--sort", "left", "--speaker", "putin", "--format", "json", data=store_dir)
    assert rows(store.kwic("economy", sort="left", speaker=["putin"])) == sorted_left


def test_claims_and_conflicts_equal_the_cli(cli, store: stenogram.Store, store_dir: Path) -> None:
    expected = cli.json_lines("claims", "--format", "json", data=store_dir)
    table = store.claims()
    assert table.schema.equals(_tables.CLAIMS)
    assert len(expected) > 10
    assert rows(table) == expected
    trade = cli.json_lines("claims", "--indicator", "trade", "--scope", "Russia", "--format", "json", data=store_dir)
    assert rows(store.claims(indicator="trade", scope="Russia")) == trade
    assert rows(store.claims(indicator=["trade"], scope=["Russia"], limit=3)) == trade[:3]

    expected = cli.json_lines("claims", "--conflicts", "--min-confidence", "0", "--format", "json", data=store_dir)
    table = store.conflicts(min_confidence=0)
    assert table.schema.equals(_tables.CONFLICTS)
    assert rows(table) == expected
    default = cli.json_lines("claims", "--conflicts", "--format", "json", data=store_dir)
    assert rows(store.conflicts()) == default


def test_trends_and_keyness_equal_the_cli(cli, store: stenogram.Store, store_dir: Path) -> None:
    done = cli.run("trends", "Belarus", "trade", "--format", "json", data=store_dir)
    expected = [json.loads(line) for line in done.stdout.decode().splitlines()]
    table = store.trends(["Belarus", "trade"])
    assert table.schema.equals(_tables.TRENDS)
    assert table.to_pylist() == expected
    # The CLI tells the subcorpus on stderr with --format json.
    subcorpus = json.loads(done.stderr.decode().split("subcorpus: ", 1)[1].splitlines()[0])
    assert stenogram.metadata(table)["subcorpus"] == subcorpus
    monthly = cli.json_lines("trends", "Russia", "--by", "month", "--speaker", "putin", "--format", "json", data=store_dir)
    assert store.trends("Russia", by="month", speaker="putin").to_pylist() == monthly

    expected = cli.json_lines("keyness", "--target", "speaker=putin", "--stopwords", "--format", "json", data=store_dir)
    table = store.keyness("speaker=putin", stopwords=True)
    assert table.schema.equals(_tables.KEYNESS)
    assert table.to_pylist() == expected
    meta = stenogram.metadata(table)
    assert meta["reference_is_rest"] is True and meta["total"] >= table.num_rows
    expected = cli.json_lines(
        "keyness", "--target", "from=2019", "--reference", "to=2018", "--limit", "10", "--min-freq", "3",
        "--format", "json", data=store_dir,
    )
    assert store.keyness("from=2019", "to=2018", limit=10, min_freq=3).to_pylist() == expected


def test_empty_answers_are_tables_with_the_columns(store: stenogram.Store) -> None:
    for table, schema in [
        (store.search("xyzzyplugh"), _tables.SEARCH),
        (store.kwic("xyzzyplugh"), _tables.KWIC),
        (store.claims(indicator="no-such-indicator"), _tables.CLAIMS),
        (store.conflicts(indicator="no-such-indicator"), _tables.CONFLICTS),
        (store.trends("xyzzyplugh", from_="1900", to="1901"), _tables.TRENDS),
        (store.keyness("from=1900,to=1901"), _tables.KEYNESS),
    ]:
        assert table.num_rows == 0
        assert table.schema.equals(schema)
        frame = table.to_pandas()
        assert list(frame.columns) == schema.names and len(frame) == 0
    assert stenogram.metadata(store.search("xyzzyplugh"))["total"] == 0


def test_to_pandas(store: stenogram.Store) -> None:
    frame = store.claims(indicator="trade").to_pandas()
    assert len(frame) > 0
    assert frame["value"].dtype == "float64"
    assert set(frame.iloc[0]["speaker"]) == {"person", "name"}


def test_errors_carry_the_cli_messages(cli, store: stenogram.Store, store_dir: Path, tmp_path: Path) -> None:
    done = cli.run("kwic", "!!!", data=store_dir)
    assert done.returncode == 2
    with pytest.raises(stenogram.UsageError) as caught:
        store.kwic("!!!")
    assert f"stenogram: error: {caught.value}" in done.stderr.decode()

    done = cli.run("keyness", "--target", "@nothing-saved", data=store_dir)
    assert done.returncode == 2
    with pytest.raises(stenogram.UsageError) as caught:
        store.keyness("@nothing-saved")
    assert f"stenogram: error: {caught.value}" in done.stderr.decode()

    missing = tmp_path / "no-store"
    done = cli.run("search", "x", data=missing)
    assert done.returncode == 1
    with pytest.raises(stenogram.StenogramError) as caught:
        stenogram.Store(missing)
    assert not isinstance(caught.value, stenogram.UsageError)
    assert f"stenogram: error: {caught.value}" in done.stderr.decode()

    with pytest.raises(stenogram.UsageError):
        store.kwic("Russia", sort="sideways")
    with pytest.raises(stenogram.UsageError):
        store.trends([])


def test_status_and_ingest_summary(cli, store: stenogram.Store, store_dir: Path, tmp_path: Path, repo: Path) -> None:
    status = store.status()
    assert status == json.loads(cli.out("status", "--format", "json", data=store_dir))
    assert status["consistent"] and status["documents"] > 0

    data = tmp_path / "data"
    first = stenogram.ingest(data, repo / "examples" / "demo")
    assert first["added"] == 4 and first["failed"] == []
    again = stenogram.ingest(data, repo / "examples" / "demo")
    assert (again["added"], again["unchanged"]) == (0, 4)
    summary = stenogram.ingest(data, tmp_path / "absent.txt")
    assert len(summary["failed"]) == 1
    with pytest.raises(stenogram.UsageError):
        stenogram.ingest(data, repo / "examples" / "demo", map="text")


def test_queries_run_in_parallel_threads(store: stenogram.Store) -> None:
    """One Store used from several threads (the GIL released, the store
    locked per query) gives the same answers as one after the other."""
    expected = store.kwic("Russia").num_rows
    results: list[int] = []

    def work() -> None:
        results.append(store.kwic("Russia").num_rows)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
