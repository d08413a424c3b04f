"""stenogram: political transcripts into evidence, from Python.

The same Rust core and store as the ``stenogram`` command-line tool, with the
same answers:

- :func:`parse` — a transcript's Document (``stenogram parse``), as a dict;
- :func:`extract` — its figures and dates (``stenogram extract``), as dicts;
- :func:`claims` — its numeric claims, as ``stenogram ingest`` stores them and
  ``stenogram claims --format json`` prints them;
- :func:`ingest` — add files and datasets to a data directory;
- :class:`Store` — a data directory's search, concordance, claims,
  conflicts, trends and keyness as ``pyarrow.Table`` (``.to_pandas()``);
- :mod:`stenogram.spark` — the core over a Spark DataFrame of documents.

Offsets are Unicode code points into the document text: Python's
``text[start:end]``. Errors raise :class:`StenogramError` (a request that
cannot be run as written: :class:`UsageError`) with the CLI's message; the
work runs with the GIL released, so threads run queries in parallel.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
import warnings as _warnings
from typing import TYPE_CHECKING, Any, Sequence, Union

from . import _native
from ._native import StenogramError, UsageError

if TYPE_CHECKING:
    import pyarrow

__version__: str = _native.__version__

__all__ = [
    "DEFAULT_CONTEXT",
    "StenogramError",
    "StenogramWarning",
    "Store",
    "UsageError",
    "claims",
    "extract",
    "ingest",
    "metadata",
    "parse",
]

#: Characters of context on each side of a concordance line (``kwic``).
DEFAULT_CONTEXT: int = _native.DEFAULT_CONTEXT

Text = Union[str, bytes]
DateLike = Union[str, _dt.date, None]
Names = Union[str, Sequence[str], None]
PathLike = Union[str, "_os.PathLike[str]"]


class StenogramWarning(UserWarning):
    """Something the CLI tells on stderr that does not stop the work (a
    transcript with no speaker labels, a page with no body text)."""


def _date(value: DateLike | int) -> str | None:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)


def _names(value: Names) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def parse(text: Text, *, id: str | None = None, format: str = "auto") -> dict[str, Any]:
    """The Document of one transcript, as ``stenogram parse`` prints it.

    ``text`` is the transcript in the kremlin.ru text layout (``str``, or
    UTF-8 ``bytes``) or a kremlin.ru HTML page, told apart by content
    (``format="text"`` or ``"html"`` to force one). ``id`` is the document
    id (default ``"document"``; a page's own id for a page). Warnings the
    CLI prints on stderr come as :class:`StenogramWarning`.

    >>> doc = parse("A lead.\\n* * *\\nVladimir Putin: Good afternoon.\\n")
    >>> doc["turns"][0]["speaker"]["person"]
    'vladimir-putin'
    """
    document, warnings = _native.parse(text, id, format)
    for warning in warnings:
        _warnings.warn(warning, StenogramWarning, stacklevel=2)
    return _json.loads(document)


def extract(text: Text, ref_date: DateLike = None) -> list[dict[str, Any]]:
    """Figures and dates of a text, one dict per mention, as ``stenogram
    extract [--ref-date DATE]`` prints them.

    ``ref_date`` (``YYYY-MM-DD``, an ISO 8601 date-time or a ``datetime.date``)
    resolves relative dates ("last year"); without it they keep an ``offset``.

    >>> [m["text"] for m in extract("It is over $51 billion.")]
    ['$51 billion']
    """
    return _json.loads(_native.extract(text, _date(ref_date)))


def claims(
    text: Text,
    *,
    date: DateLike = None,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    format: str = "auto",
) -> list[dict[str, Any]]:
    """The numeric claims of one document, one dict each, as ``stenogram
    claims --format json`` prints them after ``stenogram ingest`` of a
    dataset row ``{"id", "date", "title", "url", "text"}``.

    ``date`` is the document's date: it resolves relative dates and is each
    claim's ``date``. ``text`` may also be a kremlin.ru page (its metadata
    unless given here). A text without words has no claims.
    """
    return _json.loads(_native.claims(text, id, format, _date(date), title, url))


def ingest(data: PathLike, *paths: PathLike, map: str | None = None) -> dict[str, Any]:
    """Adds transcripts and datasets to the data directory ``data`` (created
    if needed), as ``stenogram --data DATA ingest PATH... --format json``:
    returns the summary ``{"added", "replaced", "unchanged", "failed",
    "warnings", "skipped"}``. ``map`` names other columns, e.g.
    ``"text=content,date=published"``. Failed inputs are listed in
    ``failed``, not raised; a store that cannot be opened raises."""
    summary = _native.ingest(_os.fspath(data), [_os.fspath(p) for p in paths], map)
    return _json.loads(summary)


def metadata(table: pyarrow.Table) -> dict[str, Any]:
    """What a :class:`Store` query said about its answer as a whole: ``total``
    (and ``offset``, ``limit``) of a search, ``total`` and ``documents`` of a
    concordance, the ``subcorpus`` of trends, ``target``, ``reference``,
    ``reference_is_rest`` and ``total`` of keyness, the query itself."""
    from ._tables import metadata as _metadata

    return _metadata(table)


class Store:
    """A stenogram data directory (``stenogram.sqlite`` and ``index/``),
    opened read-only; it sees the store as it was when opened.

    Every query takes the CLI's filters as keywords: ``speaker`` (ids or
    names), ``role``, ``from_`` and ``to`` (``YYYY``, ``YYYY-MM``,
    ``YYYY-MM-DD`` or a ``datetime.date``, inclusive), ``part`` (lead,
    narration, label, speech, artefact) and ``tag``; each list-valued one takes
    a string or a sequence of strings. Answers are ``pyarrow.Table``s whose
    columns are the keys of the CLI's ``--format json`` rows (nested ones,
    like ``speaker``, as structs); ``.to_pandas()`` for pandas.

    >>> store = Store("stenogram-data")                    # doctest: +SKIP
    >>> store.search('"Union State"', speaker="putin").to_pandas()  # doctest: +SKIP
    """

    def __init__(self, path: PathLike) -> None:
        self._native = _native.Store(_os.fspath(path))

    @property
    def path(self) -> str:
        """The data directory."""
        return _os.fspath(self._native.path)

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @staticmethod
    def _filter(speaker: Names, role: Names, from_: DateLike | int, to: DateLike | int, part: Names, tag: Names) -> dict[str, Any]:
        return {
            "speakers": _names(speaker),
            "roles": _names(role),
            "from": _date(from_),
            "to": _date(to),
            "parts": _names(part),
            "tags": _names(tag),
        }

    def search(
        self,
        query: str,
        *,
        speaker: Names = None,
        role: Names = None,
        from_: DateLike | int = None,
        to: DateLike | int = None,
        part: Names = None,
        tag: Names = None,
        limit: int = 20,
        offset: int = 0,
    ) -> pyarrow.Table:
        """Ranked hits of ``query`` (words, ``"phrases"``, ``AND``/``OR``/``NOT``),
        as ``stenogram search --format json``: one row per hit with its
        document, date, title, url, speaker, code point offsets, the sentence
        (``snippet`` with the hit marked ``**…**``) and score. The number of
        all matching passages is ``metadata(table)["total"]``."""
        from . import _tables

        filter = self._filter(speaker, role, from_, to, part, tag)
        rows, total = self._native.search(query, filter, limit, offset)
        return _tables.table(
            _json.loads(rows),
            _tables.SEARCH,
            {"total": total, "offset": offset, "limit": limit, "query": query, "filter": filter},
        )

    def kwic(
        self,
        term: str,
        *,
        context: int = DEFAULT_CONTEXT,
        sort: str = "date",
        speaker: Names = None,
        role: Names = None,
        from_: DateLike | int = None,
        to: DateLike | int = None,
        part: Names = None,
        tag: Names = None,
    ) -> pyarrow.Table:
        """Every occurrence of a word or phrase (case and punctuation between
        words ignored) with ``context`` characters each side, sorted by
        ``date``, ``left`` or ``right`` context, as ``stenogram kwic --format
        json``. Totals: ``metadata(table)["total"]``, ``["documents"]``."""
        from . import _tables

        filter = self._filter(speaker, role, from_, to, part, tag)
        rows, total, documents = self._native.kwic(term, filter, context, sort)
        return _tables.table(
            _json.loads(rows),
            _tables.KWIC,
            {"total": total, "documents": documents, "term": term, "filter": filter},
        )

    def claims(
        self,
        *,
        indicator: Names = None,
        scope: Names = None,
        speaker: Names = None,
        role: Names = None,
        from_: DateLike | int = None,
        to: DateLike | int = None,
        part: Names = None,
        tag: Names = None,
        limit: int | None = None,
    ) -> pyarrow.Table:
        """Numeric claims, in date and text order, as ``stenogram claims
        --format json``: ``indicator`` (``trade``, ``gdp`` …, any of them),
        ``scope`` (countries that must all be in the claim's scope:
        ``"Belarus+Russia"`` or ``["Belarus", "Russia"]``)."""
        from . import _tables

        filter = self._filter(speaker, role, from_, to, part, tag)
        rows = self._native.claims(_names(indicator), _names(scope), filter, limit)
        return _tables.table(_json.loads(rows), _tables.CLAIMS)

    def conflicts(
        self,
        *,
        indicator: Names = None,
        scope: Names = None,
        min_confidence: float = 0.5,
        speaker: Names = None,
        role: Names = None,
        from_: DateLike | int = None,
        to: DateLike | int = None,
        part: Names = None,
        tag: Names = None,
        limit: int | None = None,
    ) -> pyarrow.Table:
        """Pairs of claims that disagree, most certain first, as ``stenogram
        claims --conflicts --format json``: ``kind`` (divergence,
        contradiction, revision), ``claims`` (the two claim rows), ``gap``,
        ``confidence`` (at least ``min_confidence``) and ``reason``."""
        from . import _tables

        filter = self._filter(speaker, role, from_, to, part, tag)
        rows = self._native.conflicts(_names(indicator), _names(scope), filter, float(min_confidence), limit)
        return _tables.table(_json.loads(rows), _tables.CONFLICTS)

    def trends(
        self,
        terms: str | Sequence[str],
        *,
        by: str = "year",
        speaker: Names = None,
        role: Names = None,
        from_: DateLike | int = None,
        to: DateLike | int = None,
        part: Names = None,
        tag: Names = None,
    ) -> pyarrow.Table:
        """Frequency of each term per ``year`` or ``month``, absolute and per
        million words of the same subcorpus, as ``stenogram trends --format
        json``; the subcorpus measured is ``metadata(table)["subcorpus"]``."""
        from . import _tables

        filter = self._filter(speaker, role, from_, to, part, tag)
        report = _json.loads(self._native.trends(_names(terms), filter, by))
        rows = report.pop("rows")
        return _tables.table(rows, _tables.TRENDS, report)

    def keyness(
        self,
        target: str,
        reference: str | None = None,
        *,
        min_freq: int = 5,
        stopwords: bool = False,
        negative: bool = False,
        limit: int = 50,
    ) -> pyarrow.Table:
        """Keywords of the ``target`` subcorpus against ``reference`` (default:
        the rest of the store), as ``stenogram keyness --format json``: a
        spec like ``"speaker=putin,from=2014,to=2016"`` (keys speaker, role,
        from, to, part, tag) or ``"@name"`` of a saved one. ``metadata(table)``
        holds ``target``, ``reference`` (with their words),
        ``reference_is_rest`` and ``total`` (keywords before the limit)."""
        from . import _tables

        report = _json.loads(self._native.keyness(target, reference, min_freq, stopwords, negative, limit))
        rows = report.pop("rows")
        return _tables.table(rows, _tables.KEYNESS, report)

    def status(self) -> dict[str, Any]:
        """Counts, and whether SQLite and the index agree, as ``stenogram
        status --format json``."""
        return _json.loads(self._native.status())
