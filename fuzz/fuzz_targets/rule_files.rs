//! publication.yaml and ocrgate.yaml as the corpus loader reads them: any
//! text compiles to rules or gives a located error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("publication.yaml");
    if let Ok(cfg) = ocrgate::parse::rules::parse_yaml::<ocrgate::corpus::PublicationConfig>(path, text) {
        let _ = ocrgate::corpus::Publication::build(
            "p",
            Path::new("p"),
            path,
            cfg,
            Path::new("ocrgate.yaml"),
            &Default::default(),
        );
    }
    let _ = ocrgate::parse::rules::parse_yaml::<ocrgate::corpus::CorpusConfig>(Path::new("ocrgate.yaml"), text);
});
