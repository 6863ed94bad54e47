#!/usr/bin/env python3
"""Prints the development-corpus table from the runs of scripts/eval-dev.sh.

    eval_dev_table.py WORK DEV_CORPUS [JSON_OUT]

WORK holds one folder per form with ocrgate's JSON result (result.json).
Structure figures come from the result's own `totals.structure` (ocrgate
scores each issue against its expected.yaml). Findings are scored per page
with DEV_CORPUS/score_findings.py against DEV_CORPUS/errors/, every location
of a grouped finding counted (the JSON's `locations`).
"""
import json
import os
import subprocess
import sys

FORMS = ["exact", "text-clean", "text-degraded", "alto-clean", "alto-degraded"]
FAMILIES = ["title_blocks", "datelines", "bylines", "reporters", "dateline_dates"]
# Findings are scored where their line numbers are the OCR text's own.
SCORED = {"text-clean": "clean", "text-degraded": "degraded"}


def fmt(x):
    return "-" if x is None else f"{x:.3f}"


def structure_table(work):
    rows = {}
    print("## Structure (precision / recall / F1; counts right/found/expected)\n")
    print("| form | " + " | ".join(f.replace("_", " ") for f in FAMILIES) + " |")
    print("|---|" + "---|" * len(FAMILIES))
    for form in FORMS:
        with open(os.path.join(work, form, "result.json"), encoding="utf-8") as f:
            result = json.load(f)
        s = result["totals"].get("structure") or {}
        cells = []
        for fam in FAMILIES:
            x = s.get(fam, {})
            cells.append(
                f"F1 **{fmt(x.get('f1'))}** (P {fmt(x.get('precision'))} R {fmt(x.get('recall'))}; "
                f"{x.get('correct', 0)}/{x.get('found', 0)}/{x.get('expected', 0)})"
            )
        rows[form] = s
        print(f"| {form} | " + " | ".join(cells) + " |")
    print()
    return rows


def findings_table(work, dev):
    scorer = os.path.join(dev, "score_findings.py")
    out = {}
    for form, variant in SCORED.items():
        with open(os.path.join(work, form, "result.json"), encoding="utf-8") as f:
            result = json.load(f)
        pairs = []
        for issue in result["issues"]:
            date = issue["id"].split("/")[-1]
            by_page = {}
            for fnd in issue.get("findings", []):
                # Locations are written `line:column`.
                locs = fnd.get("locations") or [f"{fnd['line']}:{fnd['column']}"]
                for loc in locs:
                    line, col = (int(x) for x in loc.split(":"))
                    by_page.setdefault(fnd["page"], []).append(
                        {"rule": fnd["rule"], "line": line, "col": col}
                    )
            errdir = os.path.join(dev, "errors", variant, "corpus", "peoples-daily", date)
            for name in sorted(os.listdir(errdir)):
                page = name[: -len(".yaml")] + ".txt"
                path = os.path.join(work, form, f"findings-{date}-{page}.jsonl")
                with open(path, "w", encoding="utf-8") as f:
                    for x in by_page.get(page, []):
                        f.write(json.dumps(x, ensure_ascii=False) + "\n")
                pairs += [os.path.join(errdir, name), path]
        run = subprocess.run(
            [sys.executable, scorer, *pairs, "--json"], capture_output=True, text=True, check=True
        )
        out[form] = json.loads(run.stdout)
    return out


def print_findings(scores):
    print("## Findings against the labelled OCR errors (plain-text forms, line-exact)\n")
    for form, s in scores.items():
        print(f"### {form}\n")
        print(
            f"{s['findings']} findings, {s['mapped_findings']} of mapped rules; "
            f"precision {fmt(s['precision'])}, loose precision {fmt(s['loose_precision'])}\n"
        )
        print("| rule | findings | right | precision |")
        print("|---|---|---|---|")
        for rule, r in sorted(s.get("per_rule", {}).items()):
            print(f"| {rule} | {r['findings']} | {r['correct']} | {fmt(r['precision'])} |")
        for rule, n in sorted(s.get("unmapped_rules", {}).items()):
            print(f"| {rule} (no class) | {n} | - | - |")
        print()
        print("| class | labelled | recall (mapped rules) | any rule on the line |")
        print("|---|---|---|---|")
        for cls, r in s.get("recall", {}).items():
            print(f"| {cls} | {r['errors']} | {fmt(r['recall'])} | {fmt(r['any_rule_recall'])} |")
        print()


def main():
    work, dev = sys.argv[1], sys.argv[2]
    json_out = sys.argv[3] if len(sys.argv) > 3 else ""
    structure = structure_table(work)
    findings = findings_table(work, dev)
    print_findings(findings)
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump({"structure": structure, "findings": findings}, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
