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


def lookalike_table(work, dev):
    """Issue 24's figures for the look-alike findings (`char.*`).

    recall: labelled `lookalike` errors whose OCR line carries a `char.*`
    finding that suggests the ground-truth character; precision: `char.*`
    findings whose line has a labelled look-alike error (line-exact; the
    +-1 table above is looser); and on the exact printed text, where every
    finding is a false alarm, findings per 2,000 characters."""
    sys.path.insert(0, dev)
    from score_findings import load_errors

    out = {}
    for form, variant in SCORED.items():
        with open(os.path.join(work, form, "result.json"), encoding="utf-8") as f:
            result = json.load(f)
        found, right, correct, labelled = 0, 0, 0, 0
        for issue in result["issues"]:
            date = issue["id"].split("/")[-1]
            by_line = {}
            for fnd in issue.get("findings", []):
                if fnd["rule"].startswith("char."):
                    by_line.setdefault((fnd["page"], fnd["line"]), []).append(fnd)
            errdir = os.path.join(dev, "errors", variant, "corpus", "peoples-daily", date)
            for name in sorted(os.listdir(errdir)):
                page = name[: -len(".yaml")] + ".txt"
                errors = [e for e in load_errors(os.path.join(errdir, name)) if e["class"] == "lookalike"]
                lines = {int(e["line"]) for e in errors}
                labelled += len(errors)
                for e in errors:
                    fs = by_line.get((page, int(e["line"])), [])
                    if any(f"`{e['gt']}`" in (f.get("suggestion") or "") for f in fs):
                        right += 1
                for (pg, line), fs in by_line.items():
                    if pg == page:
                        found += len(fs)
                        correct += len(fs) if line in lines else 0
        out[form] = {"labelled": labelled, "findings": found, "recall": right / labelled if labelled else None,
                     "precision": correct / found if found else None}
    with open(os.path.join(work, "exact", "result.json"), encoding="utf-8") as f:
        exact = json.load(f)
    alarms = sum(1 for i in exact["issues"] for f in i.get("findings", []) if f["rule"].startswith("char."))
    chars = 0
    for root, _, files in os.walk(os.path.join(dev, "clean", "corpus")):
        for name in files:
            if name.endswith(".gt.txt"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    chars += sum(1 for c in f.read() if not c.isspace())
    out["exact"] = {"findings": alarms, "chars": chars, "per_2000": alarms * 2000 / chars}
    print()
    print("## Look-alike findings (char.*): issue 24")
    print()
    print("| form | labelled look-alikes | char.* findings | recall (right suggestion) | precision (line) |")
    print("|---|---|---|---|---|")
    for form in SCORED:
        r = out[form]
        print(f"| {form} | {r['labelled']} | {r['findings']} | {fmt(r['recall'])} | {fmt(r['precision'])} |")
    e = out["exact"]
    print(f"| exact (false alarms) | - | {e['findings']} | - | {e['per_2000']:.3f} per 2,000 chars |")
    return out


# The CER estimate: every page with ground truth, the dev forms with text
# (the exact text has no OCR error to estimate) and the bundled runs.
ESTIMATED = ["text-clean", "text-degraded", "alto-clean", "alto-degraded", "runs-text", "runs-alto"]
# The estimate is fitted on the development pages only; the bundled runs
# are a check on pages of another paper and layout.
FITTED = ["text-clean", "text-degraded", "alto-clean", "alto-degraded"]


def ranks(xs):
    """1-based ranks, ties given their mean rank."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else None


def spearman(xs, ys):
    return pearson(ranks(xs), ranks(ys)) if len(xs) > 2 else None


def least_squares(rows, ys):
    """Solves the normal equations (a handful of unknowns; no numpy)."""
    k = len(rows[0])
    a = [[sum(r[i] * r[j] for r in rows) for j in range(k)] + [sum(r[i] * y for r, y in zip(rows, ys))]
         for i in range(k)]
    for c in range(k):
        p = max(range(c, k), key=lambda i: abs(a[i][c]))
        a[c], a[p] = a[p], a[c]
        for i in range(k):
            if i != c and a[c][c]:
                f = a[i][c] / a[c][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[c])]
    return [a[i][k] / a[i][i] if a[i][i] else 0.0 for i in range(k)]


def features(page):
    """The estimate's signals as rates, in the order of the profile's weights."""
    e = page["estimate"]
    han = e["han"]
    doubt = 1.0 - page["confidence"] if page["confidence"] is not None else 0.0
    return [1.0, e["suspects"] / han, e["foreign"] / max(e["non_space"], 1), e["findings"] / han, doubt]


def estimate_table(work):
    """Issue 24: estimated against true CER, per page."""
    pages = []
    for form in ESTIMATED:
        path = os.path.join(work, form, "result.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            result = json.load(f)
        for issue in result["issues"]:
            for p in issue["result"]["pages"]:
                if p.get("accuracy") and p.get("cer_estimate"):
                    cer = p["accuracy"]["cer"]
                    pages.append({"form": form, "issue": issue["id"], "page": p["file"],
                                  "cer": float(cer) if cer != "inf" else 1.0,
                                  "estimate": p["cer_estimate"], "confidence": p.get("confidence")})
    if not pages:
        return {}
    print()
    print("## Estimated CER against true CER (Spearman): issue 24")
    print()
    print("| pages | n | Spearman | mean abs. error | 90 % of pages within | mean true CER |")
    print("|---|---|---|---|---|---|")
    out = {}
    groups = [("development (text + ALTO, clean + degraded)", FITTED),
              ("bundled tesseract runs (text + ALTO)", ["runs-text", "runs-alto"]),
              ("all", ESTIMATED)]
    for label, forms in groups:
        sel = [p for p in pages if p["form"] in forms]
        if not sel:
            continue
        est = [p["estimate"]["cer"] for p in sel]
        true = [p["cer"] for p in sel]
        rho = spearman(est, true)
        errors = sorted(abs(a - b) for a, b in zip(est, true))
        mae = sum(errors) / len(sel)
        p90 = errors[min(len(errors) - 1, int(0.9 * len(errors)))]
        mean_true = sum(true) / len(true)
        out[label] = {"pages": len(sel), "spearman": rho, "mae": mae, "p90": p90, "mean_true": mean_true}
        print(f"| {label} | {len(sel)} | {fmt(rho)} | {mae:.4f} | ±{p90:.4f} | {mean_true:.4f} |")
    names = ["intercept", "suspects", "foreign", "findings", "doubt"]
    fit = [p for p in pages if p["form"] in FITTED]
    with_conf = [p for p in fit if p["confidence"] is not None]
    print()
    print("Refit on the development pages (the profile's metrics.cer_estimate):")
    print()
    print("```yaml")
    out["refit"] = {}
    for label, sel, k in [("text", fit, 4), ("with_confidence", with_conf, 5)]:
        if len(sel) <= k:
            continue
        coef = least_squares([features(p)[:k] for p in sel], [p["cer"] for p in sel])
        out["refit"][label] = dict(zip(names, coef))
        print(f"{label}:")
        for n, c in zip(names, coef):
            print(f"  {n}: {c:.4f}")
    print("```")
    return out


def main():
    work, dev = sys.argv[1], sys.argv[2]
    json_out = sys.argv[3] if len(sys.argv) > 3 else ""
    structure = structure_table(work)
    findings = findings_table(work, dev)
    print_findings(findings)
    lookalikes = lookalike_table(work, dev)
    estimate = estimate_table(work)
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump({"structure": structure, "findings": findings, "lookalikes": lookalikes, "estimate": estimate},
                      f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
