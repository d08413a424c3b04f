"""The README's Python example runs as written (on a smaller store)."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa


def test_readme_example_runs(repo: Path, corpus: Path, tmp_path: Path, monkeypatch) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python and Spark", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    # The whole archive takes long in a debug build: the 300 transcripts instead.
    block = block.replace("../shared/corpus/kremlin-en-all.jsonl.zst", str(corpus / "kremlin-en"))
    block = block.replace('"stenogram-data"', repr(str(tmp_path / "data")))
    monkeypatch.chdir(repo)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert isinstance(namespace["hits"], pa.Table) and namespace["hits"].num_rows > 0
    assert namespace["doc"]["id"] == "sample"
