//! `ocrgate completions`: print a shell completion script: `ocrgate completions
//! bash > ~/.local/share/bash-completion/completions/ocrgate`.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args { shell } = args;
    use clap::CommandFactory;
    let mut command = crate::Cli::command();
    // Into a buffer: `generate` panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "ocrgate", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    Ok(0)
}
