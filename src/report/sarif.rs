//! SARIF 2.1.0: every rule with its metadata, every finding as a result
//! with a region (columns in UTF-16 code units, as SARIF requires) and the
//! content fingerprint as `partialFingerprints`, so code-scanning tools
//! track a finding across runs as the baseline does.

use super::RunResult;
use crate::validate::{registry::RULES, Severity};
use serde_json::json;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(run: &RunResult) -> String {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id.replace(['.', '-'], "_"),
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.why },
                "help": { "text": r.fix },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for i in &run.issues {
        let baseline = i.gate.as_ref().and_then(|g| g.baseline.as_ref());
        for f in &i.findings {
            let rule_index = RULES
                .iter()
                .position(|r| r.id == f.finding.rule)
                .unwrap_or(0);
            let same = |r: &&crate::gate::FindingRef| {
                r.rule == f.finding.rule && r.fingerprint == f.finding.fingerprint
            };
            // Against a baseline, SARIF's own vocabulary says what is new.
            let state = baseline.map(|b| {
                if b.new.iter().any(|r| same(&r)) {
                    "new"
                } else if b.grown.iter().any(|r| same(&r)) {
                    "updated"
                } else {
                    "unchanged"
                }
            });
            let mut result = json!({
                "ruleId": f.finding.rule,
                "ruleIndex": rule_index,
                "level": level(f.finding.severity),
                "message": { "text": match &f.finding.suggestion {
                    Some(s) => format!("{} ({s})", f.finding.message),
                    None => f.finding.message.clone(),
                } },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.file },
                        "region": {
                            "startLine": f.finding.line.max(1),
                            "startColumn": f.column_utf16.max(1),
                        }
                    }
                }],
                "partialFingerprints": { "ocrgate/v1": f.finding.fingerprint },
                "properties": { "issue": i.id, "count": f.finding.count },
            });
            if let Some(state) = state {
                result["baselineState"] = json!(state);
            }
            // A grouped finding's further hits, each where it is (columns
            // in characters: the source line of each is not kept).
            if f.locations.len() > 1 {
                result["relatedLocations"] = f.locations[1..]
                    .iter()
                    .enumerate()
                    .map(|(k, l)| {
                        json!({
                            "id": k + 1,
                            "physicalLocation": {
                                "artifactLocation": { "uri": f.file },
                                "region": {
                                    "startLine": l.line.max(1),
                                    "startColumn": l.column.max(1),
                                }
                            }
                        })
                    })
                    .collect();
            }
            results.push(result);
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ocrgate",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/ocrgate/ocrgate",
                "rules": rules,
            } },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    // Through serde-sarif's typed model: what does not fit SARIF fails here.
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_value(doc).expect("SARIF document follows the schema");
    let mut s = serde_json::to_string_pretty(&typed).expect("SARIF serialises");
    s.push('\n');
    s
}
