"""The Arrow schemas of the store's rows and their conversion.

Each table's columns are the keys of the rows the CLI prints with
``--format json`` (the same Rust types), in the same order; a key the CLI
leaves out when empty is a null. Empty answers are empty tables with these
columns. What is said about the answer as a whole (totals, the subcorpus
measured) is JSON in the schema metadata under ``b"stenogram"``; read it with
:func:`stenogram.metadata`.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

_str = pa.string()
_int = pa.int64()
_float = pa.float64()

SPEAKER = pa.struct([("person", _str), ("name", _str)])

SEARCH = pa.schema(
    [
        ("doc", _str),
        ("date", _str),
        ("title", _str),
        ("url", _str),
        ("speaker", SPEAKER),
        ("start", _int),
        ("end", _int),
        ("snippet", _str),
        ("sentence", _str),
        ("sentence_start", _int),
        ("sentence_end", _int),
        ("score", pa.float32()),
    ]
)

KWIC = pa.schema(
    [
        ("doc", _str),
        ("date", _str),
        ("speaker", SPEAKER),
        ("start", _int),
        ("end", _int),
        ("left", _str),
        ("match", _str),
        ("right", _str),
    ]
)

_CLAIM_FIELDS = [
    ("indicator", _str),
    ("canonical", _str),
    ("kind", _str),
    ("unit_family", _str),
    ("partial", pa.bool_()),
    ("converted", _float),
    ("converted_unit", _str),
    ("indicator_text", _str),
    ("indicator_start", _int),
    ("detail", _str),
    ("scope", pa.list_(_str)),
    ("period", _str),
    ("value", _float),
    ("high", _float),
    ("unit", _str),
    ("qualifier", _str),
    ("bound", _str),
    ("change", pa.bool_()),
    ("direction", _str),
    ("forecast", pa.bool_()),
    ("source", _str),
    ("speaker", SPEAKER),
    ("doc", _str),
    ("date", _str),
    ("title", _str),
    ("url", _str),
    ("start", _int),
    ("end", _int),
    ("text", _str),
    ("sentence", _str),
    ("sentence_start", _int),
]

CLAIMS = pa.schema(_CLAIM_FIELDS)

CONFLICTS = pa.schema(
    [
        ("kind", _str),
        ("claims", pa.list_(pa.struct(_CLAIM_FIELDS))),
        ("gap", _float),
        ("confidence", _float),
        ("reason", _str),
    ]
)

TRENDS = pa.schema(
    [
        ("term", _str),
        ("period", _str),
        ("count", _int),
        ("words", _int),
        ("per_million", _float),
    ]
)

KEYNESS = pa.schema(
    [
        ("word", _str),
        ("target", _int),
        ("reference", _int),
        ("target_per_million", _float),
        ("reference_per_million", _float),
        ("g2", _float),
        ("log_ratio", _float),
    ]
)

META_KEY = b"stenogram"


def table(rows: list[dict[str, Any]], schema: pa.Schema, meta: dict[str, Any] | None = None) -> pa.Table:
    """Rows (dicts) as a table of ``schema``; ``meta`` as JSON metadata."""
    result = pa.Table.from_pylist(rows, schema=schema)
    if meta is not None:
        result = result.replace_schema_metadata({META_KEY: json.dumps(meta)})
    return result


def metadata(result: pa.Table) -> dict[str, Any]:
    """What a query said about its answer (see the module doc)."""
    raw = (result.schema.metadata or {}).get(META_KEY)
    return json.loads(raw) if raw else {}
