//! JUnit XML: one test case per issue, failed when the issue fails the
//! gate, in error when it could not be checked.

use super::RunResult;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

pub fn render(run: &RunResult) -> String {
    let mut suite = TestSuite::new("ocrgate");
    for i in &run.issues {
        let why = i.failures(&run.settings);
        let status = if !i.errors.is_empty() {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
            s.set_message(why.join("; "));
            s.set_description(i.errors.join("\n"));
            s
        } else if why.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(why.join("; "));
            s.set_description(failure_lines(i, &run.settings).join("\n"));
            s
        };
        let mut case = TestCase::new(i.id.clone(), status);
        // What the snapshot change is, line by line, for a reader of the
        // test report who has no terminal at hand.
        if let Some(diff) = &i.diff {
            case.set_system_out(format!(
                "{}: {}\n{diff}",
                i.id,
                i.change.as_deref().unwrap_or("")
            ));
        }
        case.set_classname(i.id.split('/').next().unwrap_or("").to_string());
        suite.add_test_case(case);
    }
    let mut report = Report::new("ocrgate");
    report.add_test_suite(suite);
    report.to_string().expect("JUnit report serialises")
}

/// What made an issue fail, one line each, at the file and line where it is:
/// findings new or grown against the baseline, the snapshot change and the
/// findings it adds, thresholds.
fn failure_lines(i: &super::IssueEntry, settings: &super::Settings) -> Vec<String> {
    let mut lines = Vec::new();
    if i.gate.as_ref().is_some_and(|g| g.baseline.is_some()) {
        for f in i.gate_findings() {
            lines.push(format!(
                "{}:{}:{}: {}[{}] {} (not in the baseline)",
                f.file,
                f.finding.line,
                f.finding.column,
                f.finding.severity,
                f.finding.rule,
                f.finding.message
            ));
        }
    }
    if i.pending() && !settings.findings_only {
        lines.push(format!(
            "snapshot {}: {}",
            i.snapshot.as_deref().unwrap_or(""),
            i.change.as_deref().unwrap_or("")
        ));
        for f in &i.added_findings {
            lines.push(format!(
                "{}/{}:{}:{}: {}[{}] {} (new in this snapshot)",
                i.path, f.page, f.line, f.column, f.severity, f.rule, f.message
            ));
        }
    }
    for t in i
        .gate
        .iter()
        .flat_map(|g| &g.thresholds)
        .filter(|t| t.level == "fail")
    {
        lines.push(format!(
            "threshold {} {} > {}",
            t.name,
            t.value,
            t.fail.unwrap_or(0.0)
        ));
    }
    lines
}
