#!/usr/bin/env python3
"""Dev-only helper: turn the kremlin-en corpus into the peers' input (standard library only).

    python3 dev/peers/corpus.py text  [--corpus DIR] [--files N] [--max-chars N] > all.txt
    python3 dev/peers/corpus.py jsonl [--corpus DIR] [--files N] [--max-chars N] > all.jsonl

`text` concatenates the files in name order (each ends with a newline). `jsonl` writes
one record per non-empty line: {"id": "<file>:<line>", "text": ..., "ref_date": ...},
<line> 1-based, ref_date the document's publication date from index.csv (if present).
--max-chars keeps a prefix of at most N code points of the `text` output, cut at a line
end, and `jsonl` then holds exactly the paragraphs of that prefix.

The corpus is third-party data: write the output outside the repository (/tmp) or under
the git-ignored target/, never into tracked files.
"""

import argparse
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.join(os.path.dirname(REPO), "shared", "corpus", "kremlin-en")


def ref_dates(corpus):
    """Document id -> ISO publication date, from index.csv when it exists."""
    path = os.path.join(corpus, "index.csv")
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("id") and row.get("date"):
                    out[row["id"]] = row["date"]
    return out


def files(corpus, limit=None):
    names = sorted(n for n in os.listdir(corpus) if n.endswith(".txt"))
    if not names:
        raise SystemExit(f"corpus.py: no .txt files in {corpus}")
    return names[:limit] if limit else names


def lines(corpus, limit_files=None, max_chars=None):
    """Yields (file name, 1-based line number, line text without newline), in order,
    stopping before the line that would take the text output past max_chars."""
    used = 0
    for name in files(corpus, limit_files):
        with open(os.path.join(corpus, name), encoding="utf-8", newline="") as f:
            text = f.read()
        text = text.replace("\r\n", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
        if text and not text.endswith("\n"):
            text += "\n"
        for i, line in enumerate(text.split("\n")[:-1], start=1):
            cost = len(line) + 1
            if max_chars is not None and used + cost > max_chars:
                return
            used += cost
            yield name, i, line


def records(corpus, limit_files=None, max_chars=None):
    dates = ref_dates(corpus)
    for name, i, line in lines(corpus, limit_files, max_chars):
        if not line.strip():
            continue
        rec = {"id": f"{name}:{i}", "text": line}
        date = dates.get(name[:-4])
        if date:
            rec["ref_date"] = date
        yield rec


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["text", "jsonl"])
    ap.add_argument("--corpus", default=os.environ.get("CORPUS", DEFAULT_CORPUS))
    ap.add_argument("--files", type=int, default=None, help="only the first N files (name order)")
    ap.add_argument("--max-chars", type=int, default=None, help="prefix of at most N code points")
    a = ap.parse_args()
    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="\n")
    if a.what == "text":
        for _, _, line in lines(a.corpus, a.files, a.max_chars):
            out.write(line)
            out.write("\n")
    else:
        for rec in records(a.corpus, a.files, a.max_chars):
            out.write(json.dumps(rec, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
