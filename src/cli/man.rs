//! `ocrgate man`: print the man page (roff): `ocrgate man > ocrgate.1 && man
//! ./ocrgate.1`.

use super::*;

pub fn run() -> Result<u8, Error> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::Cli::command())
        .render(&mut page)
        .map_err(|e| Error::io("<man page>", e))?;
    out!("{}", String::from_utf8_lossy(&page));
    Ok(0)
}
