#!/usr/bin/env bash
# Structure and findings accuracy on the development corpus.
#
#   scripts/eval-dev.sh [DEV_CORPUS] [--json FILE]
#
# DEV_CORPUS defaults to ../shared/dev-corpus. Its text has no licence:
# it is read from there into a temporary folder and never copied into the
# repository. Each form of the pages is checked as its own corpus, with the
# corpus's expected/*.yaml as each issue's expected.yaml (ocrgate reads that
# format as is):
#
#   exact           the exact printed text (pNN.gt.txt), one printed line a line
#   text-clean      tesseract plain text of the clean scans
#   text-degraded   ... of the degraded scans
#   alto-clean      tesseract ALTO of the clean scans
#   alto-degraded   ... of the degraded scans
#
# Printed: one table of structure F1 per form (title blocks, datelines,
# bylines, reporter names, dateline dates), and the findings' precision and
# recall per class on the plain-text forms, scored by the corpus's own
# score_findings.py against its labelled OCR errors; and the estimated CER
# against the true one on every page with ground truth (with the bundled
# tesseract runs, ../shared/ocr-runs, when present). Exits 0 when the corpus
# is absent (and says so), 2 when a check fails on input.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=../shared/dev-corpus
json_out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --json) json_out="$2"; shift 2 ;;
    *) dev="$1"; shift ;;
  esac
done
if [ ! -d "$dev/expected" ]; then
  echo "eval-dev: no development corpus at $dev (skipped)"
  exit 0
fi
dev=$(cd "$dev" && pwd)

# OCRGATE_BIN: a binary already built (CI passes the one its tests built).
if [ -n "${OCRGATE_BIN:-}" ]; then
  bin=$(cd "$(dirname "$OCRGATE_BIN")" && pwd)/$(basename "$OCRGATE_BIN")
else
  cargo build --release --locked -q
  bin=$PWD/target/release/ocrgate
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make_form NAME VARIANT KIND: a corpus of one form in $work/NAME/corpus.
make_form() {
  local name=$1 variant=$2 kind=$3
  local root=$work/$name/corpus/peoples-daily
  mkdir -p "$root"
  printf 'name: 人民日报\nlanguage: zh-Hans\n' >"$root/publication.yaml"
  for issue in "$dev/$variant/corpus/peoples-daily"/*/; do
    local date; date=$(basename "$issue")
    local out=$root/$date
    mkdir -p "$out"
    cp "$dev/expected/peoples-daily-$date.yaml" "$out/expected.yaml"
    for gt in "$issue"/*.gt.txt; do
      local page; page=$(basename "$gt" .gt.txt)
      case $kind in
        exact) cp "$gt" "$out/$page.txt" ;;
        text) cp "$issue/$page.txt" "$out/$page.txt"; cp "$gt" "$out/$page.gt.txt" ;;
        alto) cp "$issue/$page.alto.xml" "$out/$page.alto.xml"; cp "$gt" "$out/$page.gt.txt" ;;
      esac
    done
  done
}

# check_form NAME: ocrgate's JSON result of $work/NAME/corpus in
# $work/NAME/result.json; a failure on input (exit 2) stops the evaluation.
check_form() {
  local name=$1 code
  set +e
  "$bin" check "$work/$name/corpus" --update no --no-cache --findings none \
    --format json --color never >"$work/$name/result.json" 2>"$work/$name/stderr"
  code=$?
  set -e
  if [ "$code" -ge 2 ]; then
    echo "eval-dev: ocrgate check failed on the $name form (exit $code):" >&2
    cat "$work/$name/stderr" >&2
    exit 2
  fi
}

forms=(exact:clean:exact text-clean:clean:text text-degraded:degraded:text alto-clean:clean:alto alto-degraded:degraded:alto)
for f in "${forms[@]}"; do
  IFS=: read -r name variant kind <<<"$f"
  make_form "$name" "$variant" "$kind"
  check_form "$name"
done

# The bundled tesseract runs of one page (8 variants, plain text and ALTO),
# for the CER estimate: one issue per variant, each page with its truth.
runs=$dev/../ocr-runs/liaocheng-daily-2022-07-05
if [ -d "$runs/ocr" ]; then
  for f in runs-text:txt:txt runs-alto:xml:alto.xml; do
    IFS=: read -r name src ext <<<"$f"
    root=$work/$name/corpus/liaocheng-daily
    mkdir -p "$root"
    printf 'name: 聊城日报\nlanguage: zh-Hans\n' >"$root/publication.yaml"
    for first in "$runs"/ocr/*_p01."$src"; do
      variant=$(basename "$first" "_p01.$src")
      out=$root/2022-07-05-$variant
      mkdir -p "$out"
      for page in p01 p02; do
        cp "$runs/ocr/${variant}_$page.$src" "$out/$page.$ext"
        cp "$runs/gt/${variant%%_*}_$page.txt" "$out/$page.gt.txt"
      done
    done
    check_form "$name"
  done
fi

python3 scripts/eval_dev_table.py "$work" "$dev" "$json_out"
