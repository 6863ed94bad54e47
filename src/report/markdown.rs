//! A short Markdown summary for a pull-request comment or GitHub's job
//! summary: the verdict, the issues that fail and why, the totals.

use super::RunResult;

/// Issues listed before the rest is counted.
const MAX_ISSUES: usize = 20;
/// Changed snapshots whose diff is shown, and the lines of each.
const MAX_DIFFS: usize = 10;
const DIFF_LINES: usize = 80;

pub fn render(run: &RunResult) -> String {
    let v = &run.verdict;
    let t = &run.totals;
    let icon = match v.exit_code {
        0 => "✅ passed",
        1 => "❌ failed",
        _ => "⚠️ input errors",
    };
    let mut out = format!("## ocrgate: {icon}\n\n");
    out.push_str(&format!(
        "{} issues, {} articles, {} characters · findings: {} errors, {} warnings, {} info",
        t.issues, t.articles, t.chars, t.errors, t.warnings, t.infos
    ));
    if run.settings.baseline {
        out.push_str(&format!(
            " · against the baseline: {} new, {} grown, {} fixed",
            t.new_findings, t.grown_findings, t.fixed_findings
        ));
    }
    out.push_str(&format!(
        " · {} pending snapshot(s)\n\n",
        t.pending_snapshots
    ));
    let failing: Vec<_> = run
        .issues
        .iter()
        .filter(|i| !i.failures(&run.settings).is_empty())
        .collect();
    for note in &run.notes {
        out.push_str(&format!("> {}\n\n", crate::escape::visible(note)));
    }
    if !failing.is_empty() {
        out.push_str("| issue | why | where |\n|---|---|---|\n");
        for i in failing.iter().take(MAX_ISSUES) {
            let cell = |file: &str, line: u32, rule: &str, message: &str| {
                format!(
                    "{} {} {}",
                    crate::escape::markdown_code(&format!("{file}:{line}")),
                    rule,
                    crate::escape::visible(message).replace('|', "\\|")
                )
            };
            let baseline = i.gate.as_ref().is_some_and(|g| g.baseline.is_some());
            let first = i
                .gate_findings()
                .first()
                .filter(|_| baseline)
                .map(|f| cell(&f.file, f.finding.line, &f.finding.rule, &f.finding.message))
                .or_else(|| {
                    i.added_findings.first().map(|f| {
                        cell(
                            &format!("{}/{}", i.path, f.page),
                            f.line,
                            &f.rule,
                            &f.message,
                        )
                    })
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                crate::escape::markdown_code(&i.id),
                crate::escape::visible(&i.failures(&run.settings).join(", ")).replace('|', "\\|"),
                first
            ));
        }
        if failing.len() > MAX_ISSUES {
            out.push_str(&format!(
                "\n… and {} more issues.\n",
                failing.len() - MAX_ISSUES
            ));
        }
    }
    let diffs: Vec<_> = failing.iter().filter(|i| i.diff.is_some()).collect();
    if !diffs.is_empty() {
        out.push_str("\n### What changed\n\n");
    }
    for i in diffs.iter().take(MAX_DIFFS) {
        let diff = i.diff.as_deref().unwrap_or("");
        let total = diff.lines().count();
        let mut shown: String = diff
            .lines()
            .take(DIFF_LINES)
            .flat_map(|l| [l, "\n"])
            .collect();
        if total > DIFF_LINES {
            shown.push_str(&format!(
                "… {} more lines in the JSON result\n",
                total - DIFF_LINES
            ));
        }
        // A fence longer than any run of backticks in the diff.
        let fence = "`".repeat(3.max(longest_backtick_run(&shown) + 1));
        out.push_str(&format!(
            "<details><summary>{} — {}</summary>\n\n{fence}diff\n{shown}{fence}\n\n</details>\n\n",
            crate::escape::html_text(&i.id),
            crate::escape::html_text(i.change.as_deref().unwrap_or("")),
        ));
    }
    if diffs.len() > MAX_DIFFS {
        out.push_str(&format!(
            "… the diffs of {} more changed issues are in the JSON result.\n",
            diffs.len() - MAX_DIFFS
        ));
    }
    out
}

fn longest_backtick_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}
