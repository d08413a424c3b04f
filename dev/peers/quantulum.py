#!/usr/bin/env python3
"""Dev-only peer: quantulum3 (quantities with units). Never a product dependency.

Run with the venv that setup.sh makes:

    dev/peers/.venv/bin/python dev/peers/quantulum.py [--stats] [--classifier PATH] < in.jsonl > out.jsonl

stdin:  JSON Lines {"id": ..., "text": "...", "ref_date"?: ...}  (ref_date is ignored)
stdout: JSON Lines {"id": ..., "mentions": [{"kind", "start", "end", "text", "value",
        "unit", "peer_type", "uncertainty"?}]}, one line per input line, in order.

Kinds: currency entity -> money (unit = ISO code when quantulum3 has one), unit
"percentage" -> percent, dimensionless -> number, entity "time" (e.g. "25 years") ->
duration, every other entity -> quantity (unit = quantulum3's unit name). peer_type is
"<entity>/<unit>". Offsets are code points (Python str indices), end exclusive; `text` is
the original text at [start, end). A quantity whose span quantulum3 gets wrong (start < 0,
once in kremlin-en) is dropped and counted in the --stats line.

By default quantulum3 runs without its optional classifier (plain `pip install
quantulum3`): ambiguous units are resolved by its dictionary rules. The classifier shipped
in the wheel (clf.joblib) cannot be loaded by current scikit-learn, so `setup.sh
--quantulum-classifier` installs the extra and retrains it locally from the training data
in the wheel into .cache/quantulum3-clf.joblib; pass --classifier to use it (or
--classifier auto: use it when present).
"""

import argparse
import os
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import peerio  # noqa: E402

DEFAULT_CLF = os.path.join(HERE, ".cache", "quantulum3-clf.joblib")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stats", action="store_true", help="print one timing line to stderr at the end")
    ap.add_argument(
        "--classifier",
        default=None,
        metavar="PATH|auto",
        help="use a locally trained quantulum3 classifier (see setup.sh --quantulum-classifier)",
    )
    a = ap.parse_args()

    stats = peerio.Stats("quantulum3")
    warnings.filterwarnings("ignore", message="Classifier dependencies not installed")
    from quantulum3 import classifier as q_clf
    from quantulum3 import parser

    clf_path = a.classifier
    if clf_path == "auto":
        clf_path = DEFAULT_CLF if os.path.exists(DEFAULT_CLF) else None
    if clf_path is not None:
        if not q_clf.USE_CLF:
            sys.exit("quantulum.py: --classifier needs quantulum3[classifier] (setup.sh --quantulum-classifier)")
        if not os.path.exists(clf_path):
            sys.exit(f"quantulum.py: no classifier at {clf_path} (setup.sh --quantulum-classifier)")
    else:
        # With scikit-learn installed quantulum3 would load the wheel's clf.joblib, which
        # current scikit-learn cannot unpickle: stay on the dictionary rules.
        q_clf.USE_CLF = False
    stats.extra["classifier"] = "local" if clf_path else "none"

    def parse(text):
        return parser.parse(text, classifier_path=clf_path)

    parse("Warm-up: 1 km and $5.")  # quantulum3 loads its unit tables on first use
    stats.loaded()

    mismatched = 0
    invalid = 0
    inp, out = peerio.open_io()
    for rec, err in peerio.read_records(inp):
        if err is not None:
            stats.errors += 1
            peerio.write(out, None, [], err)
            continue
        text = rec["text"]
        t0 = time.perf_counter()
        try:
            quantities = parse(text) if text else []
            error = None
        except Exception as exc:  # a peer bug must not stop the run
            quantities, error = [], f"{type(exc).__name__}: {exc}"
            stats.errors += 1
        mentions = []
        for q in quantities:
            start, end = q.span
            if not (0 <= start < end <= len(text)):
                # quantulum3 bug, e.g. (-1, 33) for "Between 50,000 and 68,000": dropped
                invalid += 1
                continue
            surface = text[start:end]
            if surface != q.surface:
                mismatched += 1
            unit = q.unit
            entity = unit.entity.name if unit.entity is not None else "unknown"
            if entity == "currency":
                kind, unit_out = "money", getattr(unit, "currency_code", None) or unit.name
            elif unit.name == "percentage":
                kind, unit_out = "percent", "%"
            elif entity == "dimensionless" and unit.name == "dimensionless":
                kind, unit_out = "number", None
            elif entity == "time":
                kind, unit_out = "duration", unit.name
            else:
                kind, unit_out = "quantity", unit.name
            m = {
                "kind": kind,
                "start": start,
                "end": end,
                "text": surface,
                "value": peerio.plain_number(q.value),
                "unit": unit_out,
                "peer_type": f"{entity}/{unit.name}",
            }
            if q.uncertainty is not None:
                m["uncertainty"] = peerio.plain_number(q.uncertainty)
            mentions.append(m)
        mentions.sort(key=lambda m: (m["start"], -m["end"], m["kind"]))
        stats.proc_s += time.perf_counter() - t0
        stats.records += 1
        stats.chars += len(text)
        stats.mentions += len(mentions)
        peerio.write(out, rec.get("id"), mentions, error)
    out.flush()
    stats.extra["surface_mismatch"] = mismatched
    stats.extra["invalid_span_dropped"] = invalid
    if a.stats:
        print(stats.line(), file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(0)
