//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::`
//! for what fails the gate (new and grown findings against a baseline, else
//! every finding by severity), at most 10 errors and 10 warnings, the rest
//! summarised in one notice.

use super::RunResult;
use crate::validate::Severity;

/// Annotations of each kind shown before the rest is summarised.
pub const CAP: usize = 10;

/// Escapes a workflow-command property value.
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Escapes a workflow-command message: GitHub's own encoding of `%`, CR
/// and LF, and every other control character made visible (the log viewer
/// interprets escape sequences).
fn data(s: &str) -> String {
    let encoded = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::escape::visible(&encoded).into_owned()
}

pub fn render(run: &RunResult) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0usize, 0usize);
    let (mut more_errors, mut more_warnings) = (0usize, 0usize);
    for i in &run.issues {
        for e in &i.errors {
            if errors < CAP {
                out.push_str(&format!(
                    "::error title={}::{}\n",
                    prop(&format!("input error in {}", i.id)),
                    data(e)
                ));
                errors += 1;
            } else {
                more_errors += 1;
            }
        }
        let baseline = i.gate.as_ref().is_some_and(|g| g.baseline.is_some());
        for f in i.gate_findings() {
            let is_error = baseline || f.finding.severity == Severity::Error;
            if !is_error && f.finding.severity == Severity::Info {
                continue;
            }
            let (kind, n, more) = if is_error {
                ("error", &mut errors, &mut more_errors)
            } else {
                ("warning", &mut warnings, &mut more_warnings)
            };
            if *n >= CAP {
                *more += 1;
                continue;
            }
            *n += 1;
            out.push_str(&format!(
                "::{kind} file={},line={},col={},title={}::{}\n",
                prop(&f.file),
                f.finding.line,
                f.finding.column,
                prop(&format!("{} {}", f.finding.rule, i.id)),
                data(&match &f.finding.suggestion {
                    Some(s) => format!("{} — {s}", f.finding.message),
                    None => f.finding.message.clone(),
                })
            ));
        }
    }
    if more_errors + more_warnings > 0 {
        out.push_str(&format!(
            "::notice title=ocrgate::{more_errors} more error(s) and {more_warnings} more warning(s) not annotated; see the job summary or the JSON result\n"
        ));
    }
    out
}
