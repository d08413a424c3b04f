"""stenogram on Apache Spark: the Rust core applied to a DataFrame of
documents, and a job that annotates a dataset into Parquet tables.

:func:`annotate` sends the documents through ``mapInArrow`` to the core (in
the Python workers, with the GIL released) and returns the ``turns``,
``mentions``, ``claims`` and ``paragraphs`` DataFrames, with the columns of
the export tables of the same name (``stenogram export``), and ``documents``
(one row per document: ``id``, ``year``, ``error``, why it failed or null,
and the four lists). Every row of
the four tables carries ``doc_id``, ``date`` and ``year``.

The job::

    python -m stenogram.spark INPUT OUTPUT [--master local[2]]
    spark-submit [--archives env.tar.gz#env ...] .../stenogram/spark.py INPUT OUTPUT   (see README)

reads JSON Lines (``.jsonl``, ``.jsonl.zst``, ``.jsonl.gz``, or a folder of
them) or Parquet, with the columns ``id``, ``text`` and optionally ``date``
(``YYYY-MM-DD`` or a date), ``title`` and ``url`` (``--text``, ``--id``,
``--date`` name others), and writes ``OUTPUT/turns``, ``OUTPUT/paragraphs``,
``OUTPUT/mentions`` and ``OUTPUT/claims`` as Parquet partitioned by
``year`` (and ``OUTPUT/errors`` when a document failed or had no text). Without a master
(neither ``--master`` nor ``spark-submit``) it runs on ``local[2]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING, Iterator, NamedTuple, Optional

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["Annotated", "TABLES", "annotate", "annotate_batch", "annotated_schema", "main", "run_job"]

#: The per-document tables :func:`annotate` returns (list columns of the
#: annotated rows), in the order of :class:`Annotated`.
TABLES = ("turns", "mentions", "claims", "paragraphs")

#: The ``error`` of a document without text (skipped, as ingest skips it).
NO_TEXT = "no text"


class Annotated(NamedTuple):
    """The DataFrames of :func:`annotate`."""

    turns: DataFrame
    mentions: DataFrame
    claims: DataFrame
    paragraphs: DataFrame
    #: The annotated rows, one per input document (persisted unless asked
    #: not to): ``id``, ``year``, ``error`` (why the document failed, else
    #: null) and the lists ``turns``, ``paragraphs``, ``mentions``,
    #: ``claims``; ``documents.unpersist()`` frees them.
    documents: DataFrame


def annotated_schema() -> pyarrow.Schema:
    """The Arrow schema of annotated documents: ``id``, ``year``, ``error``
    and one list of structs per table (``turns``, ``paragraphs``,
    ``mentions``, ``claims``), the structs' fields being the export tables'
    columns."""
    import pyarrow as pa

    from . import _native

    return pa.ipc.open_stream(_native.annotated_schema_ipc()).schema


def annotate_batch(
    batch: pyarrow.RecordBatch, text: str = "text", id: str = "id", date: Optional[str] = "date"
) -> pyarrow.RecordBatch:
    """Annotates one Arrow record batch of documents (what :func:`annotate`
    does in each Spark worker): one output row per input row, in the schema
    of :func:`annotated_schema`. ``date`` may be ``None`` or a column the
    batch does not have."""
    import pyarrow as pa

    from . import _native

    if date is not None and date not in batch.schema.names:
        date = None
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    out = _native.annotate_ipc(sink.getvalue().to_pybytes(), text, id, date)
    return pa.ipc.open_stream(out).read_next_batch()


def annotate(
    df: DataFrame,
    text: str = "text",
    id: str = "id",
    date: Optional[str] = "date",
    *,
    persist: bool = True,
) -> Annotated:
    """Applies the stenogram core to a DataFrame of documents.

    ``text`` and ``id`` name the columns of the document text and id (any
    type, read as strings); ``date`` the document date (a string
    ``YYYY-MM-DD``, a date or a timestamp), or ``None``, or a column the
    DataFrame does not have: then documents are undated (no ``year``,
    relative dates unresolved). ``title`` and ``url`` columns are passed on
    when present. The annotated rows are persisted (``persist=False`` to
    leave that to the caller), so the four tables come from one pass.

    Returns :class:`Annotated` (``turns, mentions, claims, paragraphs,
    documents``); each table has the columns of the export table of the same
    name, one row per turn, mention, claim or paragraph of every document;
    ``documents`` has one row per input row, with ``error`` set for a
    document that failed.
    The ``stenogram`` wheel must be installed where the Python workers run.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.pandas.types import from_arrow_schema

    fields = {f.name: f for f in df.schema.fields}
    for name in (text, id):
        if name not in fields:
            raise ValueError(f"the DataFrame has no column {name!r} (columns: {', '.join(df.columns)})")
    columns = [F.col(id).cast("string").alias(id), F.col(text).cast("string").alias(text)]
    date_column: Optional[str] = date if date is not None and date in fields else None
    if date_column is not None:
        kind = fields[date_column].dataType
        if isinstance(kind, T.DateType):
            columns.append(F.col(date_column))
        elif isinstance(kind, (T.TimestampType, T.TimestampNTZType)):
            columns.append(F.to_date(F.col(date_column)).alias(date_column))
        else:
            columns.append(F.col(date_column).cast("string").alias(date_column))
    for extra in ("title", "url"):
        if extra in fields and extra not in (text, id, date_column):
            columns.append(F.col(extra).cast("string").alias(extra))

    arrow_schema = annotated_schema()
    spark_schema = from_arrow_schema(arrow_schema)

    def run(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        for batch in batches:
            if batch.num_rows:
                yield annotate_batch(batch, text, id, date_column)

    annotated = df.select(*columns).mapInArrow(run, spark_schema)
    if persist:
        annotated = annotated.persist(StorageLevel.MEMORY_AND_DISK)
    tables = {name: annotated.select(F.explode(name).alias("row")).select("row.*") for name in TABLES}
    return Annotated(documents=annotated, **tables)


def _read(spark: SparkSession, path: str, input_format: str, columns: list[str]) -> DataFrame:
    """A dataset as a DataFrame: Parquet, or JSON Lines (plain, .zst, .gz …).
    JSON Lines are read with ``columns`` as strings (any JSON value is read
    as its text; a missing key is null), which spares Spark a pass over the
    whole input to infer a schema."""
    if input_format == "auto":
        name = path.rstrip("/").lower()
        if name.endswith(".parquet") or name.endswith(".pq"):
            input_format = "parquet"
        elif os.path.isdir(path) and any(f.endswith(".parquet") for f in os.listdir(path)):
            input_format = "parquet"
        else:
            input_format = "json"
    if input_format == "parquet":
        return spark.read.parquet(path)
    ddl = ", ".join(f"`{c}` STRING" for c in dict.fromkeys(columns))
    return spark.read.schema(ddl).json(path)


def _session(master: Optional[str], shuffle_partitions: int) -> SparkSession:
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("stenogram")
    # Under spark-submit the launcher has chosen the master (and the Python);
    # run by hand, the job runs locally on two cores with this Python.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if master is not None or not submitted:
        builder = builder.master(master or "local[2]")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    # The summary line is the job's output: no progress bars on the console.
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    # Documents are large rows: smaller Arrow batches keep worker memory flat.
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")
    return builder.getOrCreate()


def run_job(
    spark: SparkSession,
    input: str,
    output: str,
    *,
    input_format: str = "auto",
    text: str = "text",
    id: str = "id",
    date: Optional[str] = "date",
    partitions: Optional[int] = None,
) -> dict:
    """The job on a session: reads ``input``, annotates it, writes the four
    tables under ``output`` (replacing them) as zstd Parquet partitioned by
    ``year``, and ``output/errors`` (``id``, ``year``, ``error``) when
    documents failed or had no text. Returns the counts: ``documents``,
    ``failed``, ``skipped`` (no text) and the rows of each table."""
    wanted = [id, text] + ([date] if date else []) + ["title", "url"]
    df = _read(spark, input, input_format, wanted)
    partitions = partitions or 4 * spark.sparkContext.defaultParallelism
    if df.rdd.getNumPartitions() < partitions:
        # One JSON Lines file is one partition (a compressed one cannot be
        # split): spread the documents over the cores.
        df = df.repartition(partitions)
    result = annotate(df, text=text, id=id, date=date)
    counts = {}
    for name in TABLES:
        frame = getattr(result, name)
        frame.write.mode("overwrite").option("compression", "zstd").partitionBy("year").parquet(
            os.path.join(output, name)
        )
        counts[name] = frame.count()
    counts["documents"] = result.documents.count()
    errors = result.documents.where("error IS NOT NULL").select("id", "year", "error")
    # A document without text is skipped, as ingest skips it; others failed.
    failed = errors.where(f"error != '{NO_TEXT}'")
    counts["failed"] = failed.count()
    counts["skipped"] = errors.count() - counts["failed"]
    if counts["failed"] or counts["skipped"]:
        errors.write.mode("overwrite").parquet(os.path.join(output, "errors"))
    for row in failed.limit(20).collect():
        print(f"stenogram: error: {row['id']}: {row['error']}", file=sys.stderr)
    result.documents.unpersist()
    return counts


def main(argv: Optional[list[str]] = None) -> int:
    """``python -m stenogram.spark INPUT OUTPUT``: annotates a dataset into
    Parquet tables partitioned by year; prints a summary line. Exit status 1
    when a document failed (named on stderr; one without text is skipped,
    not failed), else 0."""
    parser = argparse.ArgumentParser(
        prog="python -m stenogram.spark",
        description="Annotate documents (JSON Lines, zstd JSON Lines or Parquet) with the stenogram core "
        "on Spark; write turns, paragraphs, mentions and claims as Parquet partitioned by year.",
    )
    parser.add_argument("input", help="a .jsonl / .jsonl.zst / .parquet file or folder")
    parser.add_argument("output", help="folder for turns/, paragraphs/, mentions/, claims/ (replaced)")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[2])")
    parser.add_argument("--format", dest="input_format", choices=["auto", "json", "parquet"], default="auto")
    parser.add_argument("--text", default="text", help="the text column (default: text)")
    parser.add_argument("--id", default="id", help="the id column (default: id)")
    parser.add_argument("--date", default="date", help="the date column (default: date; absent: undated)")
    parser.add_argument("--partitions", type=int, help="annotate in this many partitions (default: 4 per core)")
    args = parser.parse_args(argv)

    started = time.monotonic()
    spark = _session(args.master, args.partitions or 8)
    try:
        counts = run_job(
            spark,
            args.input,
            args.output,
            input_format=args.input_format,
            text=args.text,
            id=args.id,
            date=args.date,
            partitions=args.partitions,
        )
    finally:
        spark.stop()
    seconds = time.monotonic() - started
    print(
        f"annotated {counts['documents']} documents ({counts['failed']} failed, "
        f"{counts['skipped']} skipped: no text) in {seconds:.1f} s "
        f"({counts['documents'] / seconds:.1f} documents/s): "
        + ", ".join(f"{counts[name]} {name}" for name in TABLES)
        + f" (output: {args.output})"
    )
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    # Run as `python -m stenogram.spark`: use the importable module's
    # functions, so that Spark ships references to `stenogram.spark` to the
    # workers rather than copies of this __main__.
    from stenogram.spark import main as _main

    sys.exit(_main())
