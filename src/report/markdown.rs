//! A short Markdown summary for a pull-request comment or GitHub's job
//! summary: the verdict, the issues that fail and why, the totals.

use super::RunResult;

/// Issues listed before the rest is counted.
const MAX_ISSUES: usize = 20;

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
    if !failing.is_empty() {
        out.push_str("| issue | why | first finding |\n|---|---|---|\n");
        for i in failing.iter().take(MAX_ISSUES) {
            let first = i
                .gate_findings()
                .first()
                .map(|f| {
                    format!(
                        "{} {} {}",
                        crate::escape::markdown_code(&format!("{}:{}", f.file, f.finding.line)),
                        f.finding.rule,
                        crate::escape::visible(&f.finding.message).replace('|', "\\|")
                    )
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                crate::escape::markdown_code(&i.id),
                i.failures(&run.settings).join(", "),
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
    out
}
