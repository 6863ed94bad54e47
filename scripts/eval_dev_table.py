#!/usr/bin/env python3
"""Prints the development-corpus table from the runs of scripts/eval-dev.sh.

    eval_dev_table.py WORK DEV_CORPUS [JSON_OUT]

WORK holds one folder per form with ocrgate's JSON result (result.json).
Structure figures come from the result's own `totals.structure` (ocrgate
scores each issue against its expected.yaml). Findings are scored per page
with DEV_CORPUS/score_findings.py against DEV_CORPUS/errors/, every location
of a grouped finding counted (the JSON's `locations`), as issue 20 defines
precision: the finding's line, +-1, has a labelled error of the rule's class.

One relabelling: the corpus files a punctuation mark the OCR inserted or
lost (`other`, detail `punct_inserted` / `punct_deleted`) under `other`,
which the scorer maps to no rule; those records are scored as the class
`punct_count`, mapped to `punct`, since an unbalanced quote or bracket is
exactly such a mark. The scorer's own default (line-exact, no relabelling)
is printed beside it.
"""
import json
import os
import re
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


WINDOW = 1
# The scorer's default map, plus the relabelled class (see above).
MAP = """punct_width: [punct]
punct_shape: [punct]
punct_count: [punct]
space_in_cjk: [space]
lookalike: [look, confus, char]
digit: [number]
line_merge: [para, line, headline]
line_split: [para, line, headline]
"""
MARK_COUNT = re.compile(r"class: other(,.*detail: punct_(?:inserted|deleted))")


def relabelled(errors_path, out_path):
    """A copy of a labelled-errors file with inserted/lost marks as `punct_count`."""
    with open(errors_path, encoding="utf-8") as f:
        text = f.read()
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(MARK_COUNT.sub(r"class: punct_count\1", text))
    return out_path


def findings_table(work, dev):
    scorer = os.path.join(dev, "score_findings.py")
    map_path = os.path.join(work, "map.yaml")
    with open(map_path, "w", encoding="utf-8") as f:
        f.write(MAP)
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
                pairs.append((os.path.join(errdir, name), path))
        strict = subprocess.run(
            [sys.executable, scorer, *[x for p in pairs for x in p], "--json"],
            capture_output=True, text=True, check=True,
        )
        args = []
        for errors, findings in pairs:
            copy = os.path.join(work, form, "errors-" + os.path.basename(findings)[len("findings-"):])
            args += [relabelled(errors, copy + ".yaml"), findings]
        run = subprocess.run(
            [sys.executable, scorer, *args, "--window", str(WINDOW), "--map", map_path, "--json"],
            capture_output=True, text=True, check=True,
        )
        out[form] = json.loads(run.stdout)
        out[form]["strict"] = json.loads(strict.stdout)
    return out


def print_findings(scores):
    print(
        f"## Findings against the labelled OCR errors (plain-text forms, line +-{WINDOW}; "
        "inserted or lost marks scored as `punct_count`)\n"
    )
    for form, s in scores.items():
        print(f"### {form}\n")
        strict = s["strict"]
        print(
            f"{s['findings']} findings, {s['mapped_findings']} of mapped rules; "
            f"precision {fmt(s['precision'])}, loose precision {fmt(s['loose_precision'])} "
            f"(the scorer's default, line-exact: precision {fmt(strict['precision'])}; "
            + ", ".join(
                f"{rule} {fmt(r['precision'])}" for rule, r in sorted(strict["per_rule"].items())
                if rule.startswith(("punct", "space", "number"))
            )
            + ")\n"
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
