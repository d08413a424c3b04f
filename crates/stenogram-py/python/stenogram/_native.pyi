"""The Rust extension module behind :mod:`stenogram` (pyo3, abi3).

Answers are JSON text in the CLI's shapes; the :mod:`stenogram` package
reads them (and makes store rows into ``pyarrow`` tables). Every function
releases the GIL while it works.
"""

from typing import Optional, TypedDict, Union

__version__: str
DEFAULT_CONTEXT: int

class StenogramError(Exception):
    """An error of stenogram, with the message the command-line tool prints."""

class UsageError(StenogramError):
    """A request that cannot be run as written (the CLI's exit status 2)."""

# The filters of the queries; every key is always given ("from" is a keyword
# in Python, hence the functional form).
Filter = TypedDict(
    "Filter",
    {
        "speakers": list[str],
        "roles": list[str],
        "from": Optional[str],
        "to": Optional[str],
        "parts": list[str],
        "tags": list[str],
    },
)

def parse(text: Union[str, bytes], id: Optional[str] = None, format: str = "auto") -> tuple[str, list[str]]:
    """The Document JSON of one transcript and the warnings of the parse."""

def extract(text: Union[str, bytes], ref_date: Optional[str] = None) -> str:
    """The mentions of a text as a JSON array."""

def claims(
    text: Union[str, bytes],
    id: Optional[str] = None,
    format: str = "auto",
    date: Optional[str] = None,
    title: Optional[str] = None,
    url: Optional[str] = None,
) -> str:
    """The claim rows of one document as a JSON array."""

def ingest(data: str, paths: list[str], map: Optional[str] = None) -> str:
    """Ingests paths into a data directory; the summary as JSON."""

def annotate_ipc(input: bytes, text: str = "text", id: str = "id", date: Optional[str] = None) -> bytes:
    """Annotates documents: Arrow IPC stream in (text, id, optional date,
    title, url columns), Arrow IPC stream of one annotated batch out."""

def annotated_schema_ipc() -> bytes:
    """The annotated schema as the IPC stream bytes of an empty stream."""

class Store:
    """A data directory, opened read-only."""

    def __init__(self, path: str) -> None: ...
    @property
    def path(self) -> str: ...
    def search(self, query: str, filter: Filter, limit: int = 20, offset: int = 0) -> tuple[str, int]: ...
    def kwic(self, term: str, filter: Filter, context: int = ..., sort: str = "date") -> tuple[str, int, int]: ...
    def claims(
        self, indicators: list[str], scope: list[str], filter: Filter, limit: Optional[int] = None
    ) -> str: ...
    def conflicts(
        self,
        indicators: list[str],
        scope: list[str],
        filter: Filter,
        min_confidence: float = 0.5,
        limit: Optional[int] = None,
    ) -> str: ...
    def trends(self, terms: list[str], filter: Filter, by: str = "year") -> str: ...
    def keyness(
        self,
        target: str,
        reference: Optional[str] = None,
        min_freq: int = 5,
        stopwords: bool = False,
        negative: bool = False,
        limit: int = 50,
    ) -> str: ...
    def status(self) -> str: ...
