//! `ocrgate bench`: measure throughput on a generated corpus built from the
//! bundled pages.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Pages to generate.
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// The corpus whose pages are repeated.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
    /// Thread counts to measure.
    #[arg(long, value_delimiter = ',', default_value = "1,2")]
    jobs: Vec<usize>,
    /// Repeat only pages of these formats (txt, alto, hocr, page); default all.
    #[arg(long, value_delimiter = ',')]
    formats: Vec<String>,
    /// Only write the generated corpus to DIR (for scripts/bench-scale.sh) and stop.
    #[arg(long, value_name = "DIR")]
    generate_only: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        pages,
        corpus,
        jobs,
        formats,
        generate_only,
    } = args;
    match generate_only {
        Some(dir) => {
            let (pages, bytes) = ocrgate::bench::generate(&corpus, &dir, pages, &formats)?;
            outln!(
                "generated {pages} pages, {bytes} bytes in {}",
                dir.display()
            );
        }
        None => ocrgate::bench::run(&corpus, pages, &jobs, &formats)?,
    }
    Ok(0)
}
