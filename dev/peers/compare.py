#!/usr/bin/env python3
"""Dev-only: compare stenogram's extractor with the peers on the kremlin-en corpus.
Never run by CI. Standard library only; the peers run from dev/peers (setup.sh first).

    python3 dev/peers/compare.py [CORPUS_DIR] [BIN] [options]

CORPUS_DIR defaults to <repo>/../shared/corpus/kremlin-en, BIN to
<repo>/target/release/stenogram. Steps:

1. Batch input: one JSON line per non-empty paragraph, {"id": "<file>:<line>" (1-based
   line), "text", "ref_date": the document's date from index.csv}.
2. Ours: `BIN extract --batch` on it, when BIN exists and has the subcommand; otherwise
   (or if it fails) the peers are reported alone.
3. The peers (recognizers.js, quantulum.py, spacy_ents.py), concurrently by default.
4. Per peer and kind (only kinds the peer can produce), mentions are matched per
   paragraph: a peer mention and one of ours of the same kind match when their spans
   overlap. Reported: spans found by the peer but not by us, by us but not by the peer,
   overlapping spans whose values differ, and overlapping spans whose boundaries differ.
   A one-sided mention that overlaps a mention of another kind on the other side (e.g.
   Recognizers' number "51 billion" inside our money "$51 billion") is still listed, but
   flagged and counted apart.

Writes into --out (default <repo>/target/peers, git-ignored):
  summary.md                       counts per peer and kind (also printed)
  <peer>/<kind>.md                 disagreements: most frequent texts and examples
  <peer>/<kind>.jsonl              every disagreement, one per line
  raw/input.jsonl, raw/ours.jsonl, raw/<peer>.jsonl   the runs themselves

Values: numbers compare with a relative tolerance of 1e-6; money units only when both are
ISO 4217-like codes; quantity units not at all (vocabularies differ); dates match when our
value is one of the peer's TIMEX or resolved values; durations compare as ISO 8601
duration parts (P3Y, or quantulum3's 3 + "year"). spaCy has no values.
"""

import argparse
import collections
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import corpus  # noqa: E402

VPY = os.path.join(HERE, ".venv", "bin", "python")

PEERS = {
    "recognizers": {
        "cmd": ["node", os.path.join(HERE, "recognizers.js"), "--stats"],
        "needs": os.path.join(HERE, "node_modules", "@microsoft", "recognizers-text-suite"),
        "kinds": ["number", "ordinal", "percent", "money", "quantity", "date", "duration"],
    },
    "quantulum": {
        "cmd": [VPY, os.path.join(HERE, "quantulum.py"), "--stats"],
        "needs": VPY,
        "kinds": ["number", "percent", "money", "quantity", "duration"],
    },
    "spacy": {
        "cmd": [VPY, os.path.join(HERE, "spacy_ents.py"), "--stats"],
        "needs": VPY,
        "kinds": ["number", "ordinal", "percent", "money", "quantity", "date", "person", "place", "organization", "event"],
    },
}
OUR_KINDS = ["number", "ordinal", "percent", "money", "quantity", "date", "duration", "person", "place", "organization", "event"]


# ----------------------------------------------------------------------------------------
# Running


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ours_available(binary):
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        return f"no binary at {binary} (cargo build --release)"
    try:
        r = subprocess.run([binary, "extract", "--help"], capture_output=True, timeout=30)
    except OSError as exc:
        return f"{binary} does not run: {exc}"
    if r.returncode != 0:
        return f"{binary} has no extract subcommand yet"
    return None


def start(cmd, inp, out, err):
    fin = open(inp, "rb")
    fout = open(out, "wb")
    ferr = open(err, "wb")
    proc = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr)
    proc._files = (fin, fout, ferr)  # closed in finish()
    proc._t0 = time.perf_counter()
    return proc


def finish(proc):
    rc = proc.wait()
    for f in proc._files:
        f.close()
    return rc, time.perf_counter() - proc._t0


def load_output(path, ids):
    """id -> mentions; checks one output line per input line, in order."""
    out = {}
    problems = []
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    if len(lines) != len(ids):
        problems.append(f"{len(lines)} output lines for {len(ids)} input lines")
    for i, obj in enumerate(lines):
        rid = obj.get("id")
        if i < len(ids) and rid != ids[i]:
            problems.append(f"line {i + 1}: id {rid!r}, expected {ids[i]!r}")
            if len(problems) > 5:
                break
        if obj.get("error"):
            problems.append(f"{rid}: {obj['error']}")
        out[rid] = obj.get("mentions") or []
    return out, problems


# ----------------------------------------------------------------------------------------
# Values


def as_number(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, str):
        try:
            x = float(v.replace(",", ""))
            return x if math.isfinite(x) else None
        except ValueError:
            return None
    return None


def strings_of(v):
    """Every string inside a value (str, list, dict), for date matching."""
    if v is None:
        return set()
    if isinstance(v, str):
        return {v}
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return {str(int(v)) if float(v).is_integer() else str(v)}
    if isinstance(v, dict):
        return set().union(*(strings_of(x) for x in v.values())) if v else set()
    if isinstance(v, (list, tuple)):
        return set().union(*(strings_of(x) for x in v)) if v else set()
    return set()


DUR_UNITS = {
    "year": "Y", "years": "Y", "yr": "Y", "y": "Y",
    "month": "M", "months": "M",
    "week": "W", "weeks": "W", "w": "W",
    "day": "D", "days": "D", "d": "D",
    "hour": "h", "hours": "h", "h": "h",
    "minute": "m", "minutes": "m", "min": "m",
    "second": "s", "seconds": "s", "s": "s",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
}
TIMEX_DUR = re.compile(r"^P(?:(?P<date>(?:[\d.]+[YMWD])+))?(?:T(?P<time>(?:[\d.]+[HMS])+))?$")


def duration_parts(value, unit=None):
    """ISO 8601 duration or (number, unit name) -> frozenset of (number, unit) parts."""
    if isinstance(value, str):
        m = TIMEX_DUR.match(value.strip())
        if not m or not (m.group("date") or m.group("time")):
            return None
        parts = []
        for n, u in re.findall(r"([\d.]+)([YMWD])", m.group("date") or ""):
            parts.append((float(n), u))
        for n, u in re.findall(r"([\d.]+)([HMS])", m.group("time") or ""):
            parts.append((float(n), u.lower()))
        return frozenset(parts)
    n = as_number(value)
    if n is not None and isinstance(unit, str):
        u = DUR_UNITS.get(unit.strip().lower())
        if u == "decade":
            return frozenset({(n * 10, "Y")})
        if u == "century":
            return frozenset({(n * 100, "Y")})
        if u:
            return frozenset({(n, u)})
    return None


def iso_code(u):
    return isinstance(u, str) and re.fullmatch(r"[A-Z]{3}", u) is not None


def compare_values(kind, ours, peer):
    """'same', 'different' or 'n/a' (nothing to compare)."""
    ov, pv = ours.get("value"), peer.get("value")
    if kind == "date":
        cands = strings_of(pv) | strings_of(peer.get("resolved")) | strings_of(peer.get("peer_resolution"))
        mine = strings_of(ov)
        if not cands or not mine:
            return "n/a"
        return "same" if mine & cands else "different"
    if kind == "duration":
        mine = duration_parts(ov, ours.get("unit"))
        theirs = duration_parts(pv, peer.get("unit"))
        if mine is None or theirs is None:
            if ov is None or pv is None:
                return "n/a"
            return "same" if strings_of(ov) & strings_of(pv) else "different"
        return "same" if mine == theirs else "different"
    if ov is None or pv is None:
        return "n/a"
    a, b = as_number(ov), as_number(pv)
    if a is None or b is None:
        return "same" if str(ov).strip().lower() == str(pv).strip().lower() else "different"
    if not math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9):
        return "different"
    if kind == "money" and iso_code(ours.get("unit")) and iso_code(peer.get("unit")) and ours["unit"] != peer["unit"]:
        return "different"
    return "same"


# ----------------------------------------------------------------------------------------
# Matching


def overlaps(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def context(text, start, end, width=60):
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return ("…" if start > width else "") + left + "⟦" + text[start:end] + "⟧" + right + ("…" if end + width < len(text) else "")


def brief(m):
    keep = ("kind", "start", "end", "text", "value", "unit", "peer_type", "resolved", "qualifier", "bound")
    return {k: m[k] for k in keep if k in m}


def compare_peer(peer, kinds, records, ours, theirs):
    """Returns {kind: {"counts": Counter, "items": {category: [dict]}}}."""
    result = {k: {"counts": collections.Counter(), "items": collections.defaultdict(list)} for k in kinds}
    for rec in records:
        rid, text = rec["id"], rec["text"]
        mine_all = ours.get(rid, [])
        peer_all = theirs.get(rid, [])
        for kind in kinds:
            mine = [m for m in mine_all if m.get("kind") == kind]
            other_mine = [m for m in mine_all if m.get("kind") != kind]
            peers = [m for m in peer_all if m.get("kind") == kind]
            other_peers = [m for m in peer_all if m.get("kind") != kind and m.get("kind") in kinds]
            c = result[kind]["counts"]
            items = result[kind]["items"]
            c["ours"] += len(mine)
            c["peer"] += len(peers)
            matched_mine = set()
            for p in peers:
                cands = [(i, m) for i, m in enumerate(mine) if overlaps(m, p)]
                if not cands:
                    cross = sorted({m["kind"] for m in other_mine if overlaps(m, p)})
                    c["peer_only_cross" if cross else "peer_only"] += 1
                    items["peer_only"].append({
                        "id": rid, "peer": brief(p), "ours_other_kinds": cross,
                        "context": context(text, p["start"], p["end"]),
                    })
                    continue
                for i, _ in cands:
                    matched_mine.add(i)
                i, m = max(cands, key=lambda im: (min(im[1]["end"], p["end"]) - max(im[1]["start"], p["start"]),
                                                   im[1]["start"] == p["start"] and im[1]["end"] == p["end"]))
                exact = m["start"] == p["start"] and m["end"] == p["end"]
                c["exact" if exact else "overlap"] += 1
                verdict = compare_values(kind, m, p)
                c["value_" + verdict.replace("/", "")] += 1
                entry = {"id": rid, "ours": brief(m), "peer": brief(p), "value": verdict,
                         "context": context(text, min(m["start"], p["start"]), max(m["end"], p["end"]))}
                if verdict == "different":
                    items["value_differs"].append(entry)
                elif not exact:
                    items["boundary_differs"].append(entry)
            for i, m in enumerate(mine):
                if i in matched_mine:
                    continue
                cross = sorted({p["kind"] for p in other_peers if overlaps(m, p)})
                c["ours_only_cross" if cross else "ours_only"] += 1
                items["ours_only"].append({
                    "id": rid, "ours": brief(m), "peer_other_kinds": cross,
                    "context": context(text, m["start"], m["end"]),
                })
    return result


# ----------------------------------------------------------------------------------------
# Reports

SECTIONS = [
    ("peer_only", "Found by the peer, not by us", "peer"),
    ("ours_only", "Found by us, not by the peer", "ours"),
    ("value_differs", "Overlapping spans with different values", "ours"),
    ("boundary_differs", "Overlapping spans with different boundaries (values same or not comparable)", "ours"),
]


def fmt_value(m):
    v = m.get("value")
    s = json.dumps(v, ensure_ascii=False) if v is not None else "null"
    if m.get("unit") is not None:
        s += " " + str(m["unit"])
    return s


def md_escape(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def write_kind_report(path_md, path_jsonl, peer, kind, data, examples, ours_ok):
    counts, items = data["counts"], data["items"]
    with open(path_jsonl, "w", encoding="utf-8") as f:
        for cat, _, _ in SECTIONS:
            for it in items.get(cat, []):
                f.write(json.dumps({"category": cat, **it}, ensure_ascii=False) + "\n")
    lines = [f"# {peer} vs stenogram: {kind}", ""]
    lines.append(", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    lines.append("")
    for cat, title, side in SECTIONS:
        lst = items.get(cat, [])
        lines.append(f"## {title}: {len(lst)}")
        lines.append("")
        if not lst:
            continue
        if cat in ("peer_only", "ours_only"):
            lines.append("Most frequent texts (case-folded):")
            lines.append("")
            freq = collections.Counter(it[side]["text"].casefold() for it in lst)
            lines.append("| count | text |")
            lines.append("| ---: | --- |")
            for t, n in freq.most_common(25):
                lines.append(f"| {n} | {md_escape(t)} |")
            lines.append("")
        else:
            pairs = collections.Counter((it["ours"]["text"].casefold(), it["peer"]["text"].casefold()) for it in lst)
            lines.append("Most frequent (ours → peer):")
            lines.append("")
            lines.append("| count | ours | peer |")
            lines.append("| ---: | --- | --- |")
            for (a, b), n in pairs.most_common(25):
                lines.append(f"| {n} | {md_escape(a)} | {md_escape(b)} |")
            lines.append("")
        lines.append(f"Examples (first {min(examples, len(lst))} in corpus order):")
        lines.append("")
        for it in lst[:examples]:
            if cat == "peer_only":
                p = it["peer"]
                cross = f" — ours has {', '.join(it['ours_other_kinds'])} here" if it["ours_other_kinds"] else ""
                lines.append(f"- `{it['id']}` {p['start']}–{p['end']} {md_escape(p['text'])!s} = {md_escape(fmt_value(p))} [{p.get('peer_type', '')}]{cross}  ")
            elif cat == "ours_only":
                m = it["ours"]
                cross = f" — peer has {', '.join(it['peer_other_kinds'])} here" if it["peer_other_kinds"] else ""
                lines.append(f"- `{it['id']}` {m['start']}–{m['end']} {md_escape(m['text'])} = {md_escape(fmt_value(m))}{cross}  ")
            else:
                m, p = it["ours"], it["peer"]
                lines.append(f"- `{it['id']}` ours {m['start']}–{m['end']} {md_escape(m['text'])} = {md_escape(fmt_value(m))}; "
                             f"peer {p['start']}–{p['end']} {md_escape(p['text'])} = {md_escape(fmt_value(p))} [{p.get('peer_type', '')}]  ")
            lines.append(f"  {md_escape(it['context'])}")
        lines.append("")
    if not ours_ok:
        lines.insert(2, "Ours was not run: every peer mention is listed as found by the peer only.\n")
    with open(path_md, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def offsets_check(records, outputs):
    """Mentions whose text is not the record text at [start, end)."""
    bad = 0
    by_id = {r["id"]: r["text"] for r in records}
    for rid, mentions in outputs.items():
        text = by_id.get(rid, "")
        for m in mentions:
            s, e = m.get("start"), m.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text) and text[s:e] == m.get("text")):
                bad += 1
    return bad


# ----------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=os.environ.get("CORPUS", corpus.DEFAULT_CORPUS))
    ap.add_argument("bin", nargs="?", default=os.environ.get("STENOGRAM_BIN", os.path.join(REPO, "target", "release", "stenogram")))
    ap.add_argument("--out", default=os.path.join(REPO, "target", "peers"))
    ap.add_argument("--peers", default="recognizers,quantulum,spacy", help="comma-separated subset of recognizers,quantulum,spacy")
    ap.add_argument("--files", type=int, default=None, help="only the first N corpus files (name order)")
    ap.add_argument("--max-chars", type=int, default=None, help="only a prefix of N code points of the corpus")
    ap.add_argument("--reuse", action="store_true", help="reuse a peer's raw output from an earlier run on identical input")
    ap.add_argument("--sequential", action="store_true", help="run the peers one after another (default: all at once)")
    ap.add_argument("--examples", type=int, default=40, help="examples per section in the .md reports")
    ap.add_argument("--peer-args", action="append", default=[], metavar="PEER=ARGS",
                    help="extra arguments for a peer, e.g. spacy=--full or quantulum='--classifier auto'")
    a = ap.parse_args()

    peers = [p.strip() for p in a.peers.split(",") if p.strip()]
    for p in peers:
        if p not in PEERS:
            sys.exit(f"compare.py: unknown peer {p} (known: {', '.join(PEERS)})")
    extra = {}
    for spec in a.peer_args:
        name, _, args = spec.partition("=")
        extra[name] = args.split()
    if not os.path.isdir(a.corpus):
        sys.exit(f"compare.py: corpus not found: {a.corpus}")

    out = os.path.abspath(a.out)
    raw = os.path.join(out, "raw")
    os.makedirs(raw, exist_ok=True)

    records = list(corpus.records(a.corpus, a.files, a.max_chars))
    ids = [r["id"] for r in records]
    inp = os.path.join(raw, "input.jsonl")
    with open(inp, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    digest = sha256_file(inp)
    nchars = sum(len(r["text"]) for r in records)
    print(f"input: {len(records)} paragraphs, {nchars} chars from {a.corpus}"
          + (f" (first {a.files} files)" if a.files else "") + (f" (prefix {a.max_chars} chars)" if a.max_chars else ""))

    # Start everything, ours first.
    jobs = {}
    notes = []
    why_not = ours_available(a.bin)
    if why_not:
        print(f"ours: skipped: {why_not}")
        notes.append(f"ours not run: {why_not}")
    else:
        jobs["ours"] = start([a.bin, "extract", "--batch"], inp, os.path.join(raw, "ours.jsonl"), os.path.join(raw, "ours.err"))
        if a.sequential:
            jobs["ours"] = (jobs["ours"], finish(jobs["ours"]))
    ran = []
    for p in peers:
        spec = PEERS[p]
        if not os.path.exists(spec["needs"]):
            print(f"{p}: skipped: not installed (run dev/peers/setup.sh)")
            notes.append(f"{p} not run: not installed")
            continue
        cmd = spec["cmd"] + extra.get(p, [])
        outp = os.path.join(raw, f"{p}.jsonl")
        meta = os.path.join(raw, f"{p}.meta.json")
        if a.reuse and os.path.exists(outp) and os.path.exists(meta):
            with open(meta, encoding="utf-8") as f:
                m = json.load(f)
            if m.get("input_sha256") == digest and m.get("cmd") == cmd[1:] and m.get("script_sha256") == sha256_file(cmd[1]):
                print(f"{p}: reusing {outp} ({m.get('seconds', '?')} s when made)")
                ran.append(p)
                continue
        if os.path.exists(meta):
            os.remove(meta)
        print(f"{p}: running {' '.join(os.path.relpath(c, REPO) if c.startswith(REPO) else c for c in cmd)}")
        proc = start(cmd, inp, outp, os.path.join(raw, f"{p}.err"))
        jobs[p] = (proc, finish(proc)) if a.sequential else proc
        ran.append(p)

    # Wait for all, noting each one's own finishing time.
    done = {name: job[1] for name, job in jobs.items() if isinstance(job, tuple)}
    while len(done) < len(jobs):
        for name, job in jobs.items():
            if name not in done and job.poll() is not None:
                done[name] = finish(job)
        time.sleep(0.05)
    ok = {}
    for name in jobs:
        rc, secs = done[name]
        if rc != 0:
            err = open(os.path.join(raw, f"{name}.err"), encoding="utf-8", errors="replace").read()[-600:]
            print(f"{name}: FAILED (exit {rc}) {err.strip()}")
            notes.append(f"{name} failed (exit {rc})")
            continue
        print(f"{name}: done in {secs:.1f} s")
        if name != "ours":
            with open(os.path.join(raw, f"{name}.meta.json"), "w", encoding="utf-8") as f:
                cmd = PEERS[name]["cmd"] + extra.get(name, [])
                json.dump({"input_sha256": digest, "cmd": cmd[1:], "script_sha256": sha256_file(cmd[1]), "seconds": round(secs, 1)}, f)
        ok[name] = True

    ours = None
    if ok.get("ours"):
        ours, problems = load_output(os.path.join(raw, "ours.jsonl"), ids)
        if problems:
            print("ours: output problems: " + "; ".join(problems[:6]))
            notes.append("ours output problems: " + "; ".join(problems[:6]))
        bad = offsets_check(records, ours)
        if bad:
            notes.append(f"ours: {bad} mentions whose text is not the input at [start, end)")

    # Compare.
    summary = []
    for p in ran:
        if p not in ok and not os.path.exists(os.path.join(raw, f"{p}.meta.json")):
            continue
        theirs, problems = load_output(os.path.join(raw, f"{p}.jsonl"), ids)
        if problems:
            notes.append(f"{p} output problems: " + "; ".join(problems[:6]))
        bad = offsets_check(records, theirs)
        if bad:
            notes.append(f"{p}: {bad} mentions whose text is not the input at [start, end)")
        kinds = PEERS[p]["kinds"]
        res = compare_peer(p, kinds, records, ours or {}, theirs)
        pdir = os.path.join(out, p)
        if os.path.isdir(pdir):
            shutil.rmtree(pdir)
        os.makedirs(pdir)
        for kind in kinds:
            write_kind_report(os.path.join(pdir, f"{kind}.md"), os.path.join(pdir, f"{kind}.jsonl"), p, kind, res[kind], a.examples, ours is not None)
            c = res[kind]["counts"]
            summary.append((p, kind, c))

    # Summary table.
    head = ["peer", "kind", "ours", "peer n", "same span", "overlap", "value differs", "value same", "value n/a",
            "peer only", "peer only (other kind of ours)", "ours only", "ours only (other kind of peer)"]
    keys = ["ours", "peer", "exact", "overlap", "value_different", "value_same", "value_na",
            "peer_only", "peer_only_cross", "ours_only", "ours_only_cross"]
    rows = [[p, k] + [str(c.get(key, 0)) for key in keys] for p, k, c in summary]
    if ours is None:
        head = ["peer", "kind", "peer n"]
        rows = [[p, k, str(c.get("peer", 0))] for p, k, c in summary]
    md = [f"# stenogram vs peers on {os.path.basename(os.path.normpath(a.corpus))}", "",
          f"{len(records)} paragraphs, {nchars} chars; ours: {'ran' if ours is not None else 'not run'}; "
          f"made {time.strftime('%Y-%m-%d %H:%M')}.", ""]
    if notes:
        md += ["Notes:", ""] + [f"- {n}" for n in notes] + [""]
    md += ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    md += ["| " + " | ".join(r) + " |" for r in rows]
    md += ["", "Per kind: `<peer>/<kind>.md` (examples) and `<peer>/<kind>.jsonl` (all). "
           "'overlap' = spans overlap but differ; 'other kind' = the unmatched span overlaps a mention of another kind on the other side."]
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")

    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  ".join(x.ljust(w) for x, w in zip(r, widths)))
    for n in notes:
        print(f"note: {n}")
    print(f"\nreports: {os.path.relpath(out, os.getcwd()) if out.startswith(os.getcwd()) else out}/summary.md and <peer>/<kind>.md")


if __name__ == "__main__":
    main()
