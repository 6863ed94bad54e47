//! `ocrgate eval`: cER and WER of OCR against ground truth: two files, or two
//! folders of same-named files.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Ground truth: plain text, PAGE, ALTO or hOCR (or a folder of them).
    gt: PathBuf,
    /// OCR output (or a folder of same-named files).
    ocr: PathBuf,
    /// Print the result as JSON (schema version 1).
    #[arg(long)]
    json: bool,
    /// Which TextEquiv of a PAGE file is the text.
    #[arg(long, value_enum, default_value_t = TextEquivLevel::Region)]
    textequiv_level: TextEquivLevel,
    /// Remove all whitespace before comparing (Chinese and Japanese text).
    #[arg(long)]
    ignore_whitespace: bool,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        gt,
        ocr,
        json,
        textequiv_level,
        ignore_whitespace,
    } = args;
    let opts = ocrgate::metrics::extract::Options {
        level: match textequiv_level {
            TextEquivLevel::Region => ocrgate::metrics::extract::Level::Region,
            TextEquivLevel::Line => ocrgate::metrics::extract::Level::Line,
        },
        ignore_whitespace,
    };
    let report = ocrgate::eval::run(&gt, &ocr, opts)?;
    if json {
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
        outln!("{text}");
    } else {
        out!("{}", ocrgate::eval::table(&report));
    }
    Ok(0)
}
