//! Every command the README shows is run, in order, as a newcomer would
//! type it, in a copy of the project (the bundled corpus and its accepted
//! snapshots), with the `ocrgate` that `cargo install` would put on PATH.
//! So the README cannot rot: a renamed flag or a changed exit code fails
//! here.
//!
//! What is run: each line of a ```sh block. `cargo …` lines are left to
//! `.ci/run`, which runs the README's test command and main job itself. A
//! comment that says `exit N` is the exit code the line must have; any
//! other line must not end in a usage, configuration or input error
//! (exit 2).

mod common;

use common::*;
use std::process::Command;

/// The lines of the README's ```sh blocks, in order.
fn shell_lines(readme: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = !in_sh && line.trim() == "```sh";
            continue;
        }
        if in_sh && !line.trim().is_empty() {
            lines.push(line.to_string());
        }
    }
    lines
}

/// The exit code a line's comment promises (`# exit 1: …`, `(exit 0 when clean)`).
fn promised_exit(line: &str) -> Option<i32> {
    let comment = line.split_once(" #")?.1;
    let re = regex::Regex::new(r"\bexit (\d)\b").unwrap();
    re.captures(comment).map(|c| c[1].parse().unwrap())
}

#[test]
fn every_command_in_the_readme_runs_as_shown() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines = shell_lines(&readme);
    let ocrgate_lines = lines.iter().filter(|l| l.contains("ocrgate ")).count();
    assert!(
        ocrgate_lines >= 10,
        "the README shows its commands: {lines:?}"
    );
    let dir = project();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_ocrgate"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for line in &lines {
        if line.trim_start().starts_with("cargo ") {
            continue;
        }
        let out = Command::new("sh")
            .args(["-c", line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env_remove("CI")
            .env_remove("OCRGATE_UPDATE")
            .env_remove("OCRGATE_JOBS")
            .output()
            .unwrap();
        let code = out.status.code();
        let said = || {
            format!(
                "`{line}` exited {code:?}\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        };
        match promised_exit(line) {
            Some(want) => assert_eq!(code, Some(want), "{}", said()),
            None => assert!(matches!(code, Some(0 | 1)), "{}", said()),
        }
        ran += 1;
    }
    assert!(ran >= 10, "{ran} lines run");
    // What the tour promises happened: the change was accepted, the
    // reports were written.
    let snap = dir.path().join("snapshots/liaocheng-daily/2022-07-05.snap");
    assert!(std::fs::read_to_string(snap).unwrap().contains("入园企业"));
    for file in ["report.html", "report.md", "junit.xml", "ocrgate.sarif"] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
}
