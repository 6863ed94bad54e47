//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::`
//! for what fails the gate, at the file and line where it is, at most 10
//! errors and 10 warnings, the rest summarised in one notice, and the
//! verdict with its reasons last.

use super::RunResult;

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

/// Annotations, capped per kind.
struct Annotations {
    out: String,
    shown: [usize; 2],
    left: [usize; 2],
}

#[derive(Clone, Copy)]
enum Kind {
    Error = 0,
    Warning = 1,
}

impl Annotations {
    /// Whether no more annotations of `kind` are shown: the caller counts
    /// the rest without building them (an issue adopted against an empty
    /// baseline has thousands of new findings).
    fn full(&mut self, kind: Kind) -> bool {
        let k = kind as usize;
        let full = self.shown[k] >= CAP;
        if full {
            self.left[k] += 1;
        }
        full
    }

    /// One annotation: `file` and `line` where the thing is, when known.
    fn add(&mut self, kind: Kind, at: Option<(&str, u32, u32)>, title: &str, message: &str) {
        let k = kind as usize;
        if self.shown[k] >= CAP {
            self.left[k] += 1;
            return;
        }
        self.shown[k] += 1;
        let name = match kind {
            Kind::Error => "error",
            Kind::Warning => "warning",
        };
        let place = match at {
            Some((file, line, col)) if line > 0 => {
                format!(" file={},line={line},col={col},", prop(file))
            }
            Some((file, _, _)) => format!(" file={},", prop(file)),
            None => " ".to_string(),
        };
        self.out.push_str(&format!(
            "::{name}{place}title={}::{}\n",
            prop(title),
            data(message)
        ));
    }
}

/// Annotates what made the run fail, where it is: input errors, findings
/// new or grown against the baseline, changed snapshots (with the findings
/// they add), thresholds over their fail level, orphaned snapshots; then
/// the verdict. Issues that pass are not annotated: their findings are in
/// the JSON result and the report, and a pull request's diff view is for
/// what needs attention.
pub fn render(run: &RunResult) -> String {
    let mut a = Annotations {
        out: String::new(),
        shown: [0; 2],
        left: [0; 2],
    };
    for note in &run.notes {
        a.out
            .push_str(&format!("::notice title=ocrgate::{}\n", data(note)));
    }
    for i in &run.issues {
        if i.failures(&run.settings).is_empty() {
            continue;
        }
        for e in &i.errors {
            a.add(Kind::Error, None, &format!("input error in {}", i.id), e);
        }
        if let Some(b) = i.gate.as_ref().and_then(|g| g.baseline.as_ref()) {
            for (f, what) in b.new.iter().map(|f| (f, "new".to_string())).chain(
                b.grown
                    .iter()
                    .map(|f| (f, format!("grown ×{} → ×{}", f.baseline, f.count))),
            ) {
                if a.full(Kind::Error) {
                    continue;
                }
                // The finding itself (with its column) when the result
                // kept it; else the baseline's record of where it is.
                let full = i
                    .findings
                    .iter()
                    .find(|x| x.finding.fingerprint == f.fingerprint && x.finding.rule == f.rule);
                let file = match (full, &f.page) {
                    (Some(x), _) => Some(x.file.clone()),
                    (None, Some(page)) => Some(format!("{}/{page}", i.path)),
                    (None, None) => None,
                };
                let line = full.map_or(f.line.unwrap_or(0), |x| x.finding.line);
                let col = full.map_or(1, |x| x.finding.column);
                let message = match full {
                    Some(x) => match &x.finding.suggestion {
                        Some(s) => format!("{} — {s}", x.finding.message),
                        None => x.finding.message.clone(),
                    },
                    None => f.message.clone().unwrap_or_default(),
                };
                a.add(
                    Kind::Error,
                    file.as_deref().map(|p| (p, line, col)),
                    &format!("{} {} ({what} against the baseline)", f.rule, i.id),
                    &message,
                );
            }
        }
        if i.pending() && !run.settings.findings_only {
            // At the first changed article, else at the first finding the
            // change adds.
            let at = i.change_at.clone().or_else(|| {
                i.added_findings
                    .first()
                    .map(|f| (format!("{}/{}", i.path, f.page), f.line))
            });
            let message = match &i.change {
                Some(c) if i.snapshot.as_deref() == Some("changed") => format!(
                    "the snapshot changed: {c}. The diff is in the job log (`check --diff`) and the JSON result; accept it locally with `ocrgate accept {}` if it is right",
                    i.id
                ),
                _ => format!(
                    "no accepted snapshot: run `ocrgate check` locally, review and accept {}",
                    i.id
                ),
            };
            a.add(
                Kind::Error,
                at.as_ref().map(|(p, line)| (p.as_str(), *line, 1)),
                &format!("snapshot {} {}", i.snapshot.as_deref().unwrap_or(""), i.id),
                &message,
            );
            for f in &i.added_findings {
                if f.severity == "info" || a.full(Kind::Warning) {
                    continue;
                }
                let file = format!("{}/{}", i.path, f.page);
                a.add(
                    Kind::Warning,
                    Some((&file, f.line, f.column)),
                    &format!("{} {} (new in this snapshot)", f.rule, i.id),
                    &f.message,
                );
            }
        }
        for t in i
            .gate
            .iter()
            .flat_map(|g| &g.thresholds)
            .filter(|t| t.level == "fail")
        {
            a.add(
                Kind::Error,
                None,
                &format!("threshold {} {}", t.name, i.id),
                &format!(
                    "{} {} > {} (fail level)",
                    t.name,
                    t.value,
                    t.fail.unwrap_or(0.0)
                ),
            );
        }
    }
    if run.settings.reject_unreferenced {
        for f in &run.unreferenced {
            a.add(
                Kind::Error,
                Some((f, 0, 0)),
                "orphaned snapshot",
                "its issue is not in the corpus: delete the snapshot with the issue (`check --unreferenced delete`)",
            );
        }
    }
    let [more_errors, more_warnings] = a.left;
    if more_errors + more_warnings > 0 {
        a.out.push_str(&format!(
            "::notice title=ocrgate::{more_errors} more error(s) and {more_warnings} more warning(s) not annotated; see the job summary or the JSON result\n"
        ));
    }
    if !run.verdict.passed {
        let shown: Vec<&str> = run
            .verdict
            .reasons
            .iter()
            .take(5)
            .map(String::as_str)
            .collect();
        let rest = run.verdict.reasons.len().saturating_sub(shown.len());
        let mut why = shown.join("; ");
        if rest > 0 {
            why.push_str(&format!("; and {rest} more"));
        }
        a.out.push_str(&format!(
            "::error title=ocrgate: gate failed::{}\n",
            data(&why)
        ));
    }
    a.out
}
