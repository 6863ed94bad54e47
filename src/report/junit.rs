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
            let lines: Vec<String> = i
                .gate_findings()
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}: {}[{}] {}",
                        f.file,
                        f.finding.line,
                        f.finding.column,
                        f.finding.severity,
                        f.finding.rule,
                        f.finding.message
                    )
                })
                .collect();
            s.set_description(lines.join("\n"));
            s
        };
        let mut case = TestCase::new(i.id.clone(), status);
        case.set_classname(i.id.split('/').next().unwrap_or("").to_string());
        suite.add_test_case(case);
    }
    let mut report = Report::new("ocrgate");
    report.add_test_suite(suite);
    report.to_string().expect("JUnit report serialises")
}
