#!/usr/bin/env python3
"""Scaling benchmark of hostile inputs: time and peak memory against input size.

Each case is a page shape that once made `ocrgate check` quadratic (or
crashed it). The script generates it at doubling sizes, runs `check
--no-cache` on each, and prints seconds, peak resident memory and the
growth of the time from one size to the next. Linear work doubles the time
when the input doubles (a ratio near 2, less while start-up dominates);
quadratic work quadruples it.

    long-line    one plain-text line of megabytes with a number or a date
                 every few characters (findings quote their raw text)
    alto-1line   ALTO with every TextLine on one line of XML
    page-1line   PAGE with every TextRegion on one line of XML
    many-pages   one issue of thousands of one-line pages
    deep-order   a PAGE reading order of nested groups (depth doubles)

Usage: scripts/bench-inputs.py [--bin PATH] [--steps N] [--scale X] [CASE...]
  --bin    the ocrgate binary (default: target/release/ocrgate, built if missing)
  --steps  sizes per case, each twice the one before (default 4)
  --scale  multiplies every starting size (default 1; 0.25 for a quick run)
Exit status 1 if a case grew by more than 3x for the last doubling (after
the first size took at least 0.2 s, so that start-up noise does not count).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PUBLICATION = "name: P\nlanguage: zh-Hans\nprofile: zh-newspaper\n"


def issue_dir(root):
    d = os.path.join(root, "p", "2020-01-01")
    os.makedirs(d)
    with open(os.path.join(root, "p", "publication.yaml"), "w", encoding="utf-8") as f:
        f.write(PUBLICATION)
    return d


def long_line(root, size):
    # `size` in MB. Numbers with units and dates: both are quoted per finding.
    unit = "共落实项目21 项资金3. 5亿元，2022年7月 5日召开会议。"
    n = int(size * 1_000_000 / len(unit.encode()))
    with open(os.path.join(issue_dir(root), "p01.txt"), "w", encoding="utf-8") as f:
        f.write("本报讯\n" + unit * n + "\n")
    return f"{size:g} MB"


def alto_one_line(root, size):
    line = '<TextLine><String CONTENT="经济发展"/></TextLine>'
    with open(os.path.join(issue_dir(root), "p01.alto.xml"), "w", encoding="utf-8") as f:
        f.write('<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page>'
                "<PrintSpace><TextBlock>" + line * size
                + "</TextBlock></PrintSpace></Page></Layout></alto>\n")
    return f"{size} lines"


def page_one_line(root, size):
    regions = "".join(
        f'<TextRegion id="r{i}"><TextLine id="l{i}"><TextEquiv><Unicode>经济发展'
        "</Unicode></TextEquiv></TextLine></TextRegion>" for i in range(size))
    with open(os.path.join(issue_dir(root), "p01.page.xml"), "w", encoding="utf-8") as f:
        f.write('<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">'
                "<Page>" + regions + "</Page></PcGts>\n")
    return f"{size} regions"


def many_pages(root, size):
    d = issue_dir(root)
    for i in range(1, size + 1):
        with open(os.path.join(d, f"p{i:06d}.txt"), "w", encoding="utf-8") as f:
            f.write("经济发展。\n")
    return f"{size} pages"


def deep_order(root, size):
    open_groups = "".join(f'<OrderedGroupIndexed id="g{i}" index="0">' for i in range(size))
    doc = ('<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">'
           '<Page><ReadingOrder><OrderedGroup id="top">' + open_groups
           + '<RegionRefIndexed index="0" regionRef="r1"/>'
           + "</OrderedGroupIndexed>" * size + "</OrderedGroup></ReadingOrder>"
           '<TextRegion id="r1"><TextLine id="l1"><TextEquiv><Unicode>经济发展</Unicode>'
           "</TextEquiv></TextLine></TextRegion></Page></PcGts>\n")
    with open(os.path.join(issue_dir(root), "p01.page.xml"), "w", encoding="utf-8") as f:
        f.write(doc)
    return f"depth {size}"


# name → (generator, first size)
CASES = {
    "long-line": (long_line, 1.0),
    "alto-1line": (alto_one_line, 40_000),
    "page-1line": (page_one_line, 10_000),
    "many-pages": (many_pages, 10_000),
    "deep-order": (deep_order, 10_000),
}


def run(binary, corpus):
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "check", corpus, "--no-cache", "--color", "never"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    # 0 passed, 1 failed (new snapshot): both are a finished run.
    if code not in (0, 1):
        raise SystemExit(f"check exited {code} on {corpus}:\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "ocrgate"))
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("cases", nargs="*", default=list(CASES))
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    superlinear = []
    print(f"{'case':<12} {'size':>16} {'seconds':>9} {'peak MB':>9} {'x time':>7}")
    for name in args.cases:
        make, first = CASES[name]
        previous = None
        first_seconds = None
        for step in range(args.steps):
            size = first * args.scale * 2**step
            size = size if isinstance(first, float) else max(1, int(size))
            work = tempfile.mkdtemp(prefix="ocrgate-inputs.")
            try:
                label = make(os.path.join(work, "corpus"), size)
                seconds, peak = run(args.bin, os.path.join(work, "corpus"))
            finally:
                shutil.rmtree(work, ignore_errors=True)
            growth = f"{seconds / previous:.2f}" if previous else ""
            print(f"{name:<12} {label:>16} {seconds:>9.2f} {peak:>9.0f} {growth:>7}", flush=True)
            if first_seconds is None:
                first_seconds = seconds
            last_growth = seconds / previous if previous else None
            previous = seconds
        if last_growth and first_seconds >= 0.2 and last_growth > 3.0:
            superlinear.append(name)
    if superlinear:
        print(f"superlinear: {', '.join(superlinear)}", file=sys.stderr)
        return 1
    print("every case grows linearly (the last doubling at most 3x the time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
