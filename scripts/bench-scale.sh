#!/usr/bin/env bash
# Archive-scale benchmark.
#
# Generates a corpus of PAGES pages from the bundled pages (new dates and
# publications, digits varied so that no two pages are byte-identical and
# neither the cache nor any deduplication can cheat), accepts its snapshots
# once, then measures each scenario with /usr/bin/time at each thread count:
#
#   cold check          read + parse + validate + snapshot compare, --no-cache
#   first check         the same, writing the result cache
#   re-check            nothing changed: every issue from the cache
#   one issue changed   one page edited, the rest from the cache
#   report --html       the editors' report (cache warm), split into parts
#
# and prints a table: seconds, MB/s, MB/s per thread, peak resident memory.
# The check prints its usual terminal report (to /dev/null): its cost is in
# the figures.
#
# Usage: scripts/bench-scale.sh [PAGES] [FORMATS] [THREADS]
#   PAGES    pages to generate (default 10000)
#   FORMATS  page formats to repeat: txt, alto, hocr, page, comma-separated
#            (default txt: 10,000 pages ≈ 178 MB)
#   THREADS  thread counts, space-separated (default "1 2")
# PROFILE (environment) is the cargo profile built and measured: release-lto
# (default, the deployment build) or release.
# CHECK_FLAGS (environment) adds flags to every check, e.g.
#   CHECK_FLAGS="--findings error" scripts/bench-scale.sh
# to time the check as a CI gate runs it, printing errors only.
set -euo pipefail
cd "$(dirname "$0")/.."

pages=${1:-10000}
formats=${2:-txt}
threads=${3:-"1 2"}
read -r -a flags <<<"${CHECK_FLAGS:-}"

if [ ! -x /usr/bin/time ]; then
    echo "error: /usr/bin/time is missing (apt-get install time)" >&2
    exit 2
fi
# The deployment build (see Cargo.toml); PROFILE=release measures the
# everyday one.
profile=${PROFILE:-release-lto}
echo "building with --profile $profile" >&2
cargo build --profile "$profile" --quiet
bin=$PWD/target/$profile/ocrgate
work=$(mktemp -d "${TMPDIR:-/tmp}/ocrgate-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
corpus=$work/corpus

"$bin" bench --corpus corpus --pages "$pages" --formats "$formats" --generate-only "$corpus" >/dev/null
issues=$(find "$corpus" -mindepth 2 -maxdepth 2 -type d | wc -l)
bytes=$(find "$corpus" -type f ! -name '*.yaml' -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "corpus: $pages pages in $issues issues, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB ($formats)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); build: $profile"
# Accept every snapshot once (not measured).
"$bin" check "$corpus" --update always --no-cache --findings error >/dev/null || true

printf '\n%-20s %7s %9s %9s %12s %9s\n' scenario threads seconds MB/s MB/s/thread "peak MB"
measure() {
    local label=$1 jobs=$2
    shift 2
    # Flush what the previous scenario wrote (cache entries, report parts):
    # its write-back would otherwise be timed in this one.
    sync
    # check exits 1 when a snapshot is pending: that is a result, not a failure.
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
    local secs kb
    read -r secs kb < <(tail -n 1 "$work/time")
    awk -v l="$label" -v j="$jobs" -v s="$secs" -v b="$bytes" -v k="$kb" 'BEGIN {
        mbs = (s > 0) ? b / 1e6 / s : 0
        printf "%-20s %7d %9.2f %9.1f %12.1f %9.0f\n", l, j, s, mbs, mbs / j, k / 1024
    }'
}

page=$(find "$corpus" -type f -name 'p01.*' | sort | sed -n "$((issues / 2))p")
for j in $threads; do
    cache=$work/cache-$j
    measure "cold check" "$j" "$bin" check "$corpus" -j "$j" --update no --no-cache "${flags[@]}"
    measure "first check" "$j" "$bin" check "$corpus" -j "$j" --update no --cache-dir "$cache" "${flags[@]}"
    measure "re-check" "$j" "$bin" check "$corpus" -j "$j" --update no --cache-dir "$cache" "${flags[@]}"
    cp "$page" "$work/page.orig"
    printf '\n本报讯 新增一段。\n' >>"$page"
    measure "one issue changed" "$j" "$bin" check "$corpus" -j "$j" --update no --cache-dir "$cache" "${flags[@]}"
    cp "$work/page.orig" "$page"
    "$bin" check "$corpus" -j "$j" --update no --cache-dir "$cache" >/dev/null || true
    measure "report --html" "$j" "$bin" report "$corpus" -j "$j" --cache-dir "$cache" --html "$work/report/report.html"
done
overview=$(stat -c %s "$work/report/report.html")
largest=$(find "$work/report" -name '*.html' -printf '%s\n' | sort -n | tail -n 1)
parts=$(find "$work/report" -name '*.html' | wc -l)
echo
echo "report: $parts files, overview $((overview / 1024)) KB, largest file $((largest / 1024)) KB"
