//! `ocrgate merge`: merge the JSON results of shards into one verdict and
//! report.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// JSON results (`check --shard K/N --output json=PATH`).
    results: Vec<PathBuf>,
    /// The format printed on stdout.
    #[arg(long, value_enum, default_value_t = ocrgate::report::Format::Markdown)]
    format: ocrgate::report::Format,
    /// Also write a format to a file: FORMAT=PATH; repeatable.
    #[arg(long, value_name = "FORMAT=PATH")]
    output: Vec<String>,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        results,
        format,
        output,
    } = args;
    if results.is_empty() {
        return Err(Error::Usage("name the JSON results to merge".into()));
    }
    let mut parts = Vec::new();
    for p in &results {
        let bytes = ocrgate::fsio::read_input(p, ocrgate::gate::MAX_BASELINE_BYTES, "JSON result")?;
        let run: ocrgate::report::RunResult = serde_json::from_slice(&bytes).map_err(|e| {
            Error::Input(
                ocrgate::error::FileError::new(p, format!("not an ocrgate JSON result: {e}"))
                    .at(e.line() as u64, e.column() as u64)
                    .help("write shard results with `check --shard K/N --output json=PATH`"),
            )
        })?;
        parts.push((p.display().to_string(), run));
    }
    let run = ocrgate::report::RunResult::merge(parts)?;
    write_outputs(&run, &output, format)?;
    match format {
        ocrgate::report::Format::Text => print_gate(&run),
        f => out!("{}", ocrgate::report::render(&run, f)),
    }
    Ok(run.verdict.exit_code as u8)
}
