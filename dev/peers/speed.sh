#!/usr/bin/env bash
# Dev-only: characters per second of each peer extractor, and of ours, on the kremlin-en
# corpus. Never run by CI. Run dev/peers/setup.sh first.
#
#   dev/peers/speed.sh [--per-model] [--only LIST]
#
#   --per-model   also time each Recognizers model alone (on RECOGNIZERS_MODEL_CHARS)
#   --only LIST   comma-separated subset of: ours,recognizers,quantulum,spacy
#
# The corpus files are concatenated in name order into a temporary folder under /tmp
# (deleted on exit; never inside the repository). Each peer reads that text as JSON Lines,
# one record per paragraph (line), and is timed wall-clock from process start to exit,
# so its start-up and model loading are included; the peer's own figure without loading
# ("excl. load", from its --stats line) is printed beside it. Characters are code points
# of the concatenated text, newlines included.
#
# Peers too slow to get through the whole corpus in about three minutes on this
# machine run on a fixed prefix (cut at a line end) instead, and the output says so:
#   RECOGNIZERS_CHARS  default 500000  (Recognizers-Text runs at ~4-5k chars/s here)
#   QUANTULUM_CHARS    default all
#   SPACY_CHARS        default all     (ner only; SPACY_ARGS=--full for the whole pipeline)
#   RECOGNIZERS_MODEL_CHARS  default 200000 (--per-model)
# Ours: target/release/stenogram (STENOGRAM_BIN overrides), `stenogram extract` reading
# the same text on stdin; best of OURS_RUNS (default 3) runs, since one run is short. It
# is timed on every prefix a peer used too, so each ours/peer ratio is on the same text.
# If the binary or its extract subcommand is missing, ours is skipped (build it with
# `cargo build --release`).
# Other knobs: CORPUS (default <repo>/../shared/corpus/kremlin-en), PEER_TIMEOUT (s, 900).
set -euo pipefail
export LC_ALL=C.UTF-8

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CORPUS="${CORPUS:-$REPO/../shared/corpus/kremlin-en}"
BIN="${STENOGRAM_BIN:-$REPO/target/release/stenogram}"
RECOGNIZERS_CHARS="${RECOGNIZERS_CHARS:-500000}"
QUANTULUM_CHARS="${QUANTULUM_CHARS:-all}"
SPACY_CHARS="${SPACY_CHARS:-all}"
RECOGNIZERS_MODEL_CHARS="${RECOGNIZERS_MODEL_CHARS:-200000}"
SPACY_ARGS="${SPACY_ARGS:-}"
OURS_RUNS="${OURS_RUNS:-3}"
PEER_TIMEOUT="${PEER_TIMEOUT:-900}"
VPY="$HERE/.venv/bin/python"

PER_MODEL=0
ONLY="ours,recognizers,quantulum,spacy"
while [ $# -gt 0 ]; do
  case "$1" in
    --per-model) PER_MODEL=1 ;;
    --only) ONLY="$2"; shift ;;
    -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "speed.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
wants() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

[ -d "$CORPUS" ] || { echo "speed.sh: corpus not found: $CORPUS" >&2; exit 1; }
TMP="$(mktemp -d /tmp/stenogram-peers-speed.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

python3 "$HERE/corpus.py" text --corpus "$CORPUS" > "$TMP/all.txt"
TOTAL_CHARS=$(wc -m < "$TMP/all.txt")
NFILES=$(ls "$CORPUS"/*.txt | wc -l)

now() { date +%s.%N; }
# input NAME CHARS -> prints the path prefix of NAME.txt / NAME.jsonl (made once)
input() {
  local chars="$1" base
  if [ "$chars" = all ]; then base="$TMP/all"; else base="$TMP/prefix-$chars"; fi
  if [ ! -f "$base.jsonl" ]; then
    if [ "$chars" = all ]; then
      python3 "$HERE/corpus.py" jsonl --corpus "$CORPUS" > "$base.jsonl"
    else
      python3 "$HERE/corpus.py" text --corpus "$CORPUS" --max-chars "$chars" > "$base.txt"
      python3 "$HERE/corpus.py" jsonl --corpus "$CORPUS" --max-chars "$chars" > "$base.jsonl"
    fi
  fi
  echo "$base"
}
scope() { # CHARS_SETTING ACTUAL_CHARS
  if [ "$1" = all ]; then echo "all $2 chars"; else echo "a PREFIX of $2 of the $TOTAL_CHARS chars"; fi
}
rate() { awk -v c="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", c / s; else print "n/a" }'; }

echo "speed.sh $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; corpus $CORPUS: $NFILES files, $TOTAL_CHARS chars"
echo "scope: recognizers=$RECOGNIZERS_CHARS quantulum3=$QUANTULUM_CHARS spacy=$SPACY_CHARS chars"
echo "  ('all' = the whole corpus; a number = a fixed prefix of that many chars, cut at a line"
echo "  end, for a peer too slow to finish the whole corpus in about 3 minutes here)"
echo

# --- ours ---------------------------------------------------------------------------------
declare -A OURS_RATE=()
OURS_OK=0
if wants ours; then
  if [ ! -x "$BIN" ]; then
    echo "ours: skipped (no binary at $BIN; cargo build --release)"
  elif ! "$BIN" extract --help >/dev/null 2>&1; then
    echo "ours: skipped ($BIN has no extract subcommand yet)"
  else
    OURS_OK=1
  fi
fi
ours_rate() { # BASE CHARS -> sets OURS_RATE[BASE]
  local base="$1" chars="$2" best="" i t0 t1 s
  for i in $(seq "$OURS_RUNS"); do
    t0=$(now)
    if ! "$BIN" extract < "$base.txt" > "$TMP/ours.out" 2> "$TMP/ours.err"; then
      echo "ours: FAILED on $(basename "$base").txt: $(head -c 300 "$TMP/ours.err")"
      OURS_RATE[$base]=""
      return
    fi
    t1=$(now)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$s"; fi
  done
  OURS_RATE[$base]=$(rate "$chars" "$best")
  printf 'ours         %-24s %9s chars/s   (%s s best of %s; %s mentions; %s)\n' \
    "stenogram extract" "${OURS_RATE[$base]}" "$best" "$OURS_RUNS" "$(wc -l < "$TMP/ours.out")" \
    "$(if [ "$base" = "$TMP/all" ]; then echo "all $chars chars"; else echo "prefix of $chars chars"; fi)"
}
if [ "$OURS_OK" = 1 ]; then
  ours_rate "$TMP/all" "$TOTAL_CHARS"
fi

# --- peers ----------------------------------------------------------------------------------
SUMMARY=()
run_peer() { # NAME CHARS_SETTING CMD...
  local name="$1" setting="$2"; shift 2
  local base chars t0 t1 wall status stats proc_rate
  base=$(input "$setting")
  chars=$(wc -m < "$base.txt")
  t0=$(now)
  status=0
  timeout "$PEER_TIMEOUT" "$@" --stats < "$base.jsonl" > "$TMP/$name.out" 2> "$TMP/$name.err" || status=$?
  t1=$(now)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  if [ "$status" != 0 ]; then
    if [ "$status" = 124 ]; then
      echo "$name: TIMED OUT after ${PEER_TIMEOUT}s on $(scope "$setting" "$chars")"
    else
      echo "$name: FAILED (exit $status): $(tail -c 400 "$TMP/$name.err")"
    fi
    return
  fi
  stats=$(grep '^peer=' "$TMP/$name.err" | tail -1 || true)
  proc_rate=$(sed -n 's/.*proc_chars_per_s=\([0-9]*\).*/\1/p' <<< "$stats")
  local r; r=$(rate "$chars" "$wall")
  printf '%-12s %-24s %9s chars/s   (%s s wall for %s; excl. load: %s chars/s)\n' \
    "peer" "$name" "$r" "$wall" "$(scope "$setting" "$chars")" "${proc_rate:-n/a}"
  echo "             $stats"
  if [ "$OURS_OK" = 1 ]; then
    [ -n "${OURS_RATE[$base]+x}" ] || ours_rate "$base" "$chars"
    if [ -n "${OURS_RATE[$base]}" ]; then
      SUMMARY+=("$(printf '%-24s ours/peer = %8.1fx wall   %8.1fx excl. peer load   (same %s chars)' "$name" \
        "$(awk -v a="${OURS_RATE[$base]}" -v b="$r" 'BEGIN { print (b > 0 ? a / b : 0) }')" \
        "$(awk -v a="${OURS_RATE[$base]}" -v b="${proc_rate:-0}" 'BEGIN { print (b > 0 ? a / b : 0) }')" "$chars")")
    fi
  fi
}

have_node() { [ -d "$HERE/node_modules/@microsoft/recognizers-text-suite" ]; }
have_venv() { [ -x "$VPY" ]; }

if wants recognizers; then
  if have_node; then
    run_peer recognizers "$RECOGNIZERS_CHARS" node "$HERE/recognizers.js"
  else
    echo "recognizers: skipped (run dev/peers/setup.sh)"
  fi
fi
if wants quantulum; then
  if have_venv; then
    run_peer quantulum3 "$QUANTULUM_CHARS" "$VPY" "$HERE/quantulum.py"
  else
    echo "quantulum3: skipped (run dev/peers/setup.sh)"
  fi
fi
if wants spacy; then
  if have_venv; then
    # shellcheck disable=SC2086
    run_peer "spacy${SPACY_ARGS:+ $SPACY_ARGS}" "$SPACY_CHARS" "$VPY" "$HERE/spacy_ents.py" $SPACY_ARGS
  else
    echo "spacy: skipped (run dev/peers/setup.sh)"
  fi
fi
if [ "$PER_MODEL" = 1 ] && have_node; then
  echo
  echo "Recognizers models one at a time (each over a prefix of $RECOGNIZERS_MODEL_CHARS chars):"
  for m in number ordinal percentage currency dimension age temperature datetime; do
    run_peer "recognizers:$m" "$RECOGNIZERS_MODEL_CHARS" node "$HERE/recognizers.js" --models "$m"
  done
fi

echo
if [ "$OURS_OK" = 1 ] && [ "${#SUMMARY[@]}" -gt 0 ]; then
  echo "Ratios (ours chars/s divided by the peer's, on the same text):"
  printf '  %s\n' "${SUMMARY[@]}"
elif [ "$OURS_OK" != 1 ]; then
  echo "No ratios: ours was skipped."
fi
