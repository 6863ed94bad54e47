//! The library's modules point one way, down the pipeline: no module that
//! another depends on depends back on it, directly or through others.
//! (`check` ↔ `corpus` and `result` ↔ `validate` ↔ `metrics`/`values` were
//! such cycles; they were broken by moving what both sides needed into the
//! lower module or into a leaf: `location`, `escape`, `ruledocs`.)
//!
//! Read from the source: every `crate::NAME` outside test modules is an
//! edge from the file's top-level module to NAME.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    let path_ref = regex::Regex::new(r"crate::([a-z_]+)").unwrap();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap();
            let name = rel.to_string_lossy();
            if !name.ends_with(".rs") || name == "main.rs" || name == "lib.rs" {
                continue;
            }
            let top = name
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            let deps = graph.entry(top.clone()).or_default();
            for c in path_ref.captures_iter(code) {
                if c[1] != top {
                    deps.insert(c[1].to_string());
                }
            }
        }
    }
    graph
}

/// A cycle through `start`, if there is one: the modules along it.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        at: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(at).into_iter().flatten() {
            if next == start {
                return true;
            }
            if graph.contains_key(next) && seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, next, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    let mut seen = BTreeSet::new();
    walk(graph, start, start, &mut path, &mut seen).then_some(path)
}

#[test]
fn modules_point_one_way() {
    let graph = edges();
    assert!(graph.contains_key("check") && graph.contains_key("corpus"));
    assert!(graph["check"].contains("corpus"), "the reader is found");
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, module) {
            panic!(
                "modules depend on each other: {} → {module}",
                cycle.join(" → ")
            );
        }
    }
}
