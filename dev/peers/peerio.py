"""Dev-only: the JSON Lines loop shared by quantulum.py and spacy_ents.py.

Input lines:  {"id": ..., "text": "...", "ref_date"?: "YYYY-MM-DD"}
Output lines: {"id": ..., "mentions": [...]}, one per non-blank input line, in order; a
line that cannot be read gives {"id": ..., "mentions": [], "error": "..."}.
Python str indices are code points, so offsets need no conversion.
"""

import json
import sys
import time


def read_records(stream):
    """Yields (record or None, error or None) per non-blank input line."""
    for raw in stream:
        line = raw.strip()
        if not line:
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("record is not a JSON object")
            text = rec.get("text")
            if text is None:
                rec["text"] = ""
            elif not isinstance(text, str):
                raise ValueError("text is not a string")
            yield rec, None
        except ValueError as err:
            yield None, str(err)


class Stats:
    def __init__(self, peer):
        self.peer = peer
        self.t_start = time.perf_counter()
        self.load_s = 0.0
        self.proc_s = 0.0
        self.records = 0
        self.chars = 0
        self.mentions = 0
        self.errors = 0
        self.extra = {}

    def loaded(self):
        self.load_s = time.perf_counter() - self.t_start

    def line(self):
        rate = round(self.chars / self.proc_s) if self.proc_s > 0 else 0
        extra = "".join(f" {k}={v}" for k, v in self.extra.items())
        return (
            f"peer={self.peer} records={self.records} chars={self.chars} "
            f"mentions={self.mentions} errors={self.errors}{extra} load_s={self.load_s:.3f} "
            f"proc_s={self.proc_s:.3f} proc_chars_per_s={rate}"
        )


def open_io():
    sys.stdin.reconfigure(encoding="utf-8", errors="strict")
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    return sys.stdin, sys.stdout


def write(out, rec_id, mentions, error=None):
    obj = {"id": rec_id, "mentions": mentions}
    if error is not None:
        obj["error"] = error
    out.write(json.dumps(obj, ensure_ascii=False))
    out.write("\n")


def plain_number(v):
    """float -> int when integral (JSON '51000000000' rather than '51000000000.0')."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v
