//! `ocrgate eval GT OCR`: CER and WER of OCR against ground truth for two
//! files, or for two folders of same-named files, with dinglehopper's
//! definitions (see [`crate::metrics`]).

use crate::error::{Error, Result};
use crate::metrics::extract::{extract_file, Options};
use crate::metrics::{measure_with_confusions, top_confusions, Aggregate, Confusion, Measure};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The version of the JSON written by `eval --json`.
pub const EVAL_SCHEMA: u32 = 1;

/// One measured pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairResult {
    pub gt: String,
    pub ocr: String,
    #[serde(flatten)]
    pub measure: Measure,
}

/// Everything `eval` reports.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub schema: u32,
    pub pairs: Vec<PairResult>,
    pub total: Aggregate,
    /// The most frequent confusions over all pairs.
    pub confusions: Vec<Confusion>,
    /// Ground-truth files without an OCR file of the same name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let e = e.map_err(|e| Error::io(dir, e))?;
        if std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()) {
            out.push(e.path());
        }
    }
    out.sort();
    Ok(out)
}

/// The (GT, OCR) file pairs to measure, and the GT files without OCR.
pub struct Pairs {
    pub pairs: Vec<(PathBuf, PathBuf)>,
    pub unmatched: Vec<String>,
}

/// All confusions of one pair, with their counts.
type ConfusionCounts = HashMap<(String, String), usize>;

/// The (GT, OCR) pairs: two files, or same-named files of two folders.
pub fn pairs(gt: &Path, ocr: &Path) -> Result<Pairs> {
    match (gt.is_dir(), ocr.is_dir()) {
        (false, false) => Ok(Pairs {
            pairs: vec![(gt.to_path_buf(), ocr.to_path_buf())],
            unmatched: Vec::new(),
        }),
        (true, true) => {
            let mut pairs = Vec::new();
            let mut unmatched = Vec::new();
            for g in list_files(gt)? {
                let name = g.file_name().unwrap();
                let o = ocr.join(name);
                if o.is_file() {
                    pairs.push((g, o));
                } else {
                    unmatched.push(name.to_string_lossy().into_owned());
                }
            }
            if pairs.is_empty() {
                return Err(Error::Usage(format!(
                    "no file of {} has a same-named file in {}",
                    gt.display(),
                    ocr.display()
                )));
            }
            Ok(Pairs { pairs, unmatched })
        }
        _ => Err(Error::Usage(format!(
            "compare two files or two folders, not a file with a folder ({} and {})",
            gt.display(),
            ocr.display()
        ))),
    }
}

/// Measures every pair (in parallel) and totals them.
pub fn run(gt: &Path, ocr: &Path, opts: Options) -> Result<EvalReport> {
    let Pairs { pairs, unmatched } = pairs(gt, ocr)?;
    let measured: Vec<Result<(PairResult, ConfusionCounts)>> = pairs
        .par_iter()
        .map(|(g, o)| {
            let gt_text = extract_file(g, opts)?;
            let ocr_text = extract_file(o, opts)?;
            let (measure, confusions) = measure_with_confusions(&gt_text, &ocr_text);
            Ok((
                PairResult {
                    gt: g.display().to_string(),
                    ocr: o.display().to_string(),
                    measure,
                },
                confusions,
            ))
        })
        .collect();
    let mut results = Vec::new();
    let mut all: ConfusionCounts = HashMap::new();
    for m in measured {
        let (r, c) = m?;
        for (k, v) in c {
            *all.entry(k).or_default() += v;
        }
        results.push(r);
    }
    let total = Aggregate::of(results.iter().map(|r| &r.measure));
    Ok(EvalReport {
        schema: EVAL_SCHEMA,
        pairs: results,
        total,
        confusions: top_confusions(all, crate::metrics::TOP_CONFUSIONS),
        unmatched,
    })
}

/// The report as a table.
pub fn table(r: &EvalReport) -> String {
    let name = |p: &str| {
        Path::new(p)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.to_string())
    };
    let width = r
        .pairs
        .iter()
        .map(|p| name(&p.ocr).chars().count())
        .max()
        .unwrap_or(4)
        .max(5);
    let mut out = format!(
        "{:<width$}  {:>8}  {:>8}  {:>9}  {:>8}  {:>7}  {:>7}\n",
        "file", "CER", "WER", "GT chars", "errors", "words", "errors"
    );
    for p in &r.pairs {
        let m = &p.measure;
        out.push_str(&format!(
            "{:<width$}  {:>8}  {:>8}  {:>9}  {:>8}  {:>7}  {:>7}\n",
            name(&p.ocr),
            m.cer.to_string(),
            m.wer.to_string(),
            m.gt_chars,
            m.char_distance,
            m.gt_words,
            m.word_distance
        ));
    }
    let t = &r.total;
    if r.pairs.len() > 1 {
        out.push_str(&format!(
            "{:<width$}  {:>8}  {:>8}  {:>9}  {:>8}  {:>7}  {:>7}\n",
            "pooled",
            t.cer_pooled.to_string(),
            t.wer_pooled.to_string(),
            t.gt_chars,
            t.char_distance,
            t.gt_words,
            t.word_distance
        ));
        out.push_str(&format!(
            "{:<width$}  {:>8}  {:>8}\n",
            "mean of files",
            t.cer_mean.to_string(),
            t.wer_mean.to_string()
        ));
    }
    if !r.confusions.is_empty() {
        let list: Vec<String> = r.confusions.iter().map(|c| c.to_string()).collect();
        out.push_str(&format!("confusions (GT→OCR count): {}\n", list.join(", ")));
    }
    for u in &r.unmatched {
        out.push_str(&format!("no OCR file for {u}\n"));
    }
    out
}
