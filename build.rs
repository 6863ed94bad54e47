//! Gives each build an identity for the result cache (`src/cache`).
//!
//! A cached result may only be reused by a binary that computes the same
//! result: same sources, same dependencies, same compiler and settings. The
//! identity is a hash of exactly those, taken here at build time, so the
//! tool knows it without reading its own executable (hashing a 60–90 MB
//! binary on every run was 17 ms of serial start-up, 4 % of a re-check).
//! Cargo reruns this script whenever a file under `src/` (code, rule
//! profiles, dictionaries) or the manifest or lock file changes.

use std::path::{Path, PathBuf};

fn main() {
    for watched in ["src", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let field = |h: &mut xxhash_rust::xxh3::Xxh3, bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    let mut files = Vec::new();
    list_files(Path::new("src"), &mut files);
    files.sort();
    files.extend(["Cargo.toml", "Cargo.lock", "build.rs"].map(PathBuf::from));
    for path in &files {
        // A missing lock file (the crate built as a dependency) is a state
        // of its own, not an error.
        field(&mut h, path.to_string_lossy().replace('\\', "/").as_bytes());
        field(
            &mut h,
            &std::fs::read(path).unwrap_or_else(|_| b"\0absent".to_vec()),
        );
    }
    // What the results are computed from, and nothing about this machine:
    // the snapshot store records it (`snapshots/.ocrgate-tool`) so that a
    // `check --changed-since` run can tell that the rules changed, on any
    // machine, in a debug or a release build alike.
    println!("cargo:rustc-env=OCRGATE_RULES_ID={:032x}", h.digest128());
    // The compiler and how it was asked to build.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    field(&mut h, &version);
    let mut settings: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| {
            k.starts_with("CARGO_FEATURE_")
                || k.starts_with("CARGO_CFG_")
                || matches!(
                    k.as_str(),
                    "PROFILE" | "OPT_LEVEL" | "DEBUG" | "TARGET" | "CARGO_ENCODED_RUSTFLAGS"
                )
        })
        .collect();
    settings.sort();
    for (k, v) in &settings {
        field(&mut h, k.as_bytes());
        field(&mut h, v.as_bytes());
    }
    println!("cargo:rustc-env=OCRGATE_BUILD_ID={:032x}", h.digest128());
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // The entry's own type: a symbolic link is hashed as a file (its
        // target's bytes), never followed as a folder, so no loop.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            list_files(&path, out);
        } else {
            out.push(path);
        }
    }
}
