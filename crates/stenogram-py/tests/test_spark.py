"""stenogram.spark on local[2]: per document, the same mentions, claims and
turns as the CLI stores for the same documents."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import archive_rows

from stenogram import _native

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no java on PATH: PySpark needs Java 17+", allow_module_level=True)

from stenogram import spark as sspark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("stenogram-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def sample(corpus: Path, cli, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """About 360 archive documents (every 20th line: undated, empty and long
    ones among them) as JSON Lines, and the CLI's store of them."""
    rows = archive_rows(corpus, every=20)
    assert len(rows) > 300
    folder = tmp_path_factory.mktemp("spark")
    path = folder / "sample.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    data = folder / "data"
    cli.out("ingest", str(path), "--format", "json", data=data)
    with sqlite3.connect(data / "stenogram.sqlite") as db:
        counts = {
            table: dict(db.execute(f"SELECT doc_id, count(*) FROM {table} GROUP BY doc_id").fetchall())
            for table in ("mentions", "claims", "turns")
        }
    return {"rows": rows, "path": path, "folder": folder, "counts": counts}


def per_doc(frame) -> dict:
    return {r["doc_id"]: r["count"] for r in frame.groupBy("doc_id").count().collect()}


def test_annotated_schema_has_the_export_tables() -> None:
    schema = sspark.annotated_schema()
    assert schema.names[:3] == ["id", "year", "error"]
    for name in sspark.TABLES:
        item = schema.field(name).type.value_type
        fields = [item.field(i).name for i in range(item.num_fields)]
        assert fields[:3] == ["doc_id", "date", "year"], (name, fields)


def test_annotate_counts_per_document_equal_the_cli(spark, sample: dict) -> None:
    df = spark.read.json(str(sample["path"])).repartition(4)
    result = sspark.annotate(df)
    try:
        for name in ("mentions", "claims", "turns"):
            assert per_doc(getattr(result, name)) == sample["counts"][name], name
        assert sum(sample["counts"]["claims"].values()) > 100
        schema = sspark.annotated_schema()
        for name in sspark.TABLES:
            item = schema.field(name).type.value_type
            assert getattr(result, name).columns == [item.field(i).name for i in range(item.num_fields)]
        documents = {r["id"]: r for r in result.documents.select("id", "year", "error").collect()}
        assert len(documents) == len(sample["rows"])
        for row in sample["rows"]:
            got = documents[str(row["id"])]
            if row.get("text", "").strip():
                assert got["error"] is None, (row["id"], got["error"])
            expected_year = int(row["date"][:4]) if row.get("date") else None
            assert got["year"] == expected_year, row["id"]
    finally:
        result.documents.unpersist()


def test_annotate_takes_other_column_names_and_date_types(spark, sample: dict) -> None:
    from pyspark.sql import functions as F

    rows = [r for r in sample["rows"] if r.get("text", "").strip()][:40]
    df = spark.createDataFrame(
        [(str(r["id"]), r["text"], r.get("date") or None) for r in rows], "doc string, body string, day string"
    ).withColumn("day", F.to_date("day"))
    result = sspark.annotate(df, text="body", id="doc", date="day")
    try:
        expected = {str(r["id"]): sample["counts"]["claims"].get(str(r["id"]), 0) for r in rows}
        got = per_doc(result.claims)
        assert {k: got.get(k, 0) for k in expected} == expected
        # Without a date column, relative dates stay unresolved and no year is set.
        undated = sspark.annotate(df.drop("day"), text="body", id="doc", date="day", persist=False)
        assert undated.documents.where("year IS NOT NULL").count() == 0
    finally:
        result.documents.unpersist()


def test_job_on_parquet_in_process(spark, sample: dict) -> None:
    import pyarrow.parquet as pq

    rows = sample["rows"][:60]
    source = sample["folder"] / "input.parquet"
    spark.createDataFrame([(str(r["id"]), r.get("date") or None, r.get("title"), r.get("text", "")) for r in rows],
                          "id string, date string, title string, text string").write.mode("overwrite").parquet(str(source))
    out = sample["folder"] / "out-parquet"
    counts = sspark.run_job(spark, str(source), str(out), partitions=2)
    ids = {str(r["id"]) for r in rows}
    expected = sum(n for doc, n in sample["counts"]["mentions"].items() if doc in ids)
    assert counts["mentions"] == expected and counts["documents"] == len(rows)
    table = pq.read_table(out / "mentions")
    assert table.num_rows == expected
    assert any(p.name.startswith("year=") for p in (out / "claims").iterdir())


def test_job_from_the_command_line_on_zstd_json_lines(sample: dict) -> None:
    """`python -m stenogram.spark IN.jsonl.zst OUT` on local[2], in its own process."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    rows = sample["rows"][:40]
    source = sample["folder"] / "input.jsonl.zst"
    with pa.output_stream(str(source), compression="zstd") as stream:
        stream.write("".join(json.dumps(r) + "\n" for r in rows).encode())
    out = sample["folder"] / "out-cli"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    done = subprocess.run(
        [sys.executable, "-m", "stenogram.spark", str(source), str(out), "--partitions", "2"],
        capture_output=True,
        env=env,
        timeout=600,
        cwd=sample["folder"],
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    empty = sum(1 for r in rows if not r.get("text", "").strip())
    assert f"annotated 40 documents (0 failed, {empty} skipped: no text)" in done.stdout.decode()
    ids = {str(r["id"]) for r in rows}
    for name in ("mentions", "claims", "turns"):
        table = ds.dataset(out / name, format="parquet", partitioning="hive").to_table()
        expected = Counter({doc: n for doc, n in sample["counts"][name].items() if doc in ids})
        assert Counter(table.column("doc_id").to_pylist()) == expected, name
    years = {p.name for p in (out / "mentions").iterdir() if p.name.startswith("year=")}
    dated = {f"year={r['date'][:4]}" for r in rows if r.get("date")}
    assert years and years <= dated | {"year=__HIVE_DEFAULT_PARTITION__"}


def test_native_annotation_is_there() -> None:
    assert hasattr(_native, "annotate_ipc") and hasattr(_native, "annotated_schema_ipc")
