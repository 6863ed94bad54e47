//! `ocrgate init`: start a project: corpus/ocrgate.yaml, one publication's
//! publication.yaml

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// The project folder (it gets `corpus/`; snapshots go beside it).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The publication's folder name, e.g. liaocheng-daily.
    #[arg(long)]
    publication: Option<String>,
    /// Its display name, e.g. 聊城日报 (default: the folder name).
    #[arg(long)]
    name: Option<String>,
    /// Its language, a BCP 47 tag: zh-Hans picks the Chinese profile, en or de the Latin one.
    #[arg(long)]
    language: Option<String>,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        dir,
        publication,
        name,
        language,
    } = args;
    let term = console::Term::stderr();
    let ask = |what: &str, default: &str| -> Result<String, Error> {
        if !term.is_term() {
            return Ok(default.to_string());
        }
        term.write_str(&format!("{what} [{default}]: "))
            .and_then(|_| term.read_line())
            .map(|answer| {
                let answer = answer.trim();
                if answer.is_empty() { default } else { answer }.to_string()
            })
            .map_err(|e| Error::io("<terminal>", e))
    };
    let publication = match publication {
        Some(p) => p,
        None => ask("publication folder name", "my-paper")?,
    };
    let name = match name {
        Some(n) => n,
        None => ask("display name", &publication)?,
    };
    let language = match language {
        Some(l) => l,
        None => ask("language (zh-Hans, en, de, …)", "zh-Hans")?,
    };
    let written = ocrgate::init::init(
        &dir,
        &ocrgate::init::InitOptions {
            publication: publication.clone(),
            name,
            language,
        },
    )?;
    for f in &written {
        outln!("wrote {}", f.display());
    }
    let corpus = dir.join("corpus");
    outln!(
        "next: put issue folders in {}/YYYY-MM-DD/ (p01.txt, p01.alto.xml, …), then run `ocrgate check {}`",
        corpus.join(&publication).display(),
        corpus.display()
    );
    Ok(0)
}
