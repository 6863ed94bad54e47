#!/usr/bin/env bash
# Compares `ocrgate eval` with dinglehopper 0.11.0 on the same GT/OCR pairs:
# the numbers must agree, and the times are printed side by side.
#
#   bash scripts/bench-eval.sh            # needs ../shared beside the repo
#
# Installs dinglehopper into a virtualenv under target/ (pip, once), builds
# ocrgate in release mode, and measures every pair of dinglehopper's test
# data listed in ../shared/external/dinglehopper/EXPECTED.md plus a 50×
# concatenation of one tesseract page pair of ../shared/ocr-runs/.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
VENV=target/bench-venv
if [ ! -x "$VENV/bin/dinglehopper" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "dinglehopper==0.11.0"
fi
cargo build --release -q
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RUNS="$SHARED/ocr-runs/liaocheng-daily-2022-07-05"
for _ in $(seq 50); do cat "$RUNS/gt/three_p01.txt"; done > "$WORK/gt50.txt"
for _ in $(seq 50); do cat "$RUNS/ocr/three_clean300_psm3_p01.txt"; done > "$WORK/ocr50.txt"
D="$SHARED/external/dinglehopper/data"
python3 - "$VENV/bin/dinglehopper" target/release/ocrgate "$WORK" <<PY
import json, subprocess, sys, time, os
dh, og, work = sys.argv[1:4]
D = "$D"
pairs = [
  ("test-gt vs fake-ocr", f"{D}/test-gt.page2018.xml", f"{D}/test-fake-ocr.page2018.xml"),
  ("lorem-ipsum-scan-bad", f"{D}/lorem-ipsum/lorem-ipsum-scan-bad.gt.page.xml", f"{D}/lorem-ipsum/lorem-ipsum-scan-bad.ocr.tesseract.alto.xml"),
  ("actevedef tess", f"{D}/actevedef_718448162/OCR-D-GT-PAGE/00000024.page.xml", f"{D}/actevedef_718448162/OCR-D-OCR-TESS/OCR-D-OCR-TESS_0001.xml"),
  ("actevedef calamari", f"{D}/actevedef_718448162/OCR-D-GT-PAGE/00000024.page.xml", f"{D}/actevedef_718448162/OCR-D-OCR-CALAMARI/OCR-D-OCR-CALAMARI_0001.xml"),
  ("brochrnx", f"{D}/brochrnx_73075507X/00000139.gt.page.xml", f"{D}/brochrnx_73075507X/00000139.ocrd-tess.ocr.page.xml"),
  ("Morning Chronicle", f"{D}/bigger-texts/00008228/00008228.gt.xml", f"{D}/bigger-texts/00008228/00008228-00236534.gt4hist.xml"),
  ("liaocheng p01 x50", f"{work}/gt50.txt", f"{work}/ocr50.txt"),
]
def run_dh(gt, ocr):
    out = os.path.join(work, "dh")
    os.makedirs(out, exist_ok=True)
    t = time.perf_counter()
    subprocess.run([dh, "--plain-encoding", "utf-8", gt, ocr, "report", out], check=True, capture_output=True)
    dt = time.perf_counter() - t
    r = json.load(open(os.path.join(out, "report.json")))
    return r["cer"], r["wer"], dt
def run_og(gt, ocr):
    t = time.perf_counter()
    p = subprocess.run([og, "eval", "--json", gt, ocr], check=True, capture_output=True)
    dt = time.perf_counter() - t
    r = json.loads(p.stdout)["pairs"][0]
    return r["cer"], r["wer"], dt
print(f"{'pair':<22} {'CER dinglehopper':>16} {'CER ocrgate':>12} {'WER dh':>8} {'WER og':>8} {'same':>5} {'dh s':>8} {'ocrgate s':>9} {'speed-up':>9}")
for name, gt, ocr in pairs:
    c1, w1, t1 = run_dh(gt, ocr)
    c2, w2, t2 = run_og(gt, ocr)
    same = abs(c1 - c2) < 1e-9 and abs(w1 - w2) < 1e-9
    print(f"{name:<22} {c1:>16.10f} {c2:>12.10f} {w1:>8.4f} {w2:>8.4f} {str(same):>5} {t1:>8.3f} {t2:>9.3f} {t1/t2:>8.0f}x")
PY
