//! The whole analysis of a page — normalisation, segmentation, validation —
//! under both built-in profiles: never a panic, and every finding points
//! inside its page.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for profile in ["zh-newspaper", "latin-newspaper"] {
        let cfg: ocrgate::corpus::PublicationConfig =
            ocrgate::parse::rules::parse_yaml(Path::new("p.yaml"), &format!("profile: {profile}\n")).unwrap();
        let publication = ocrgate::corpus::Publication::build(
            "p", Path::new("p"), Path::new("p.yaml"), cfg, Path::new("o.yaml"), &Default::default(),
        )
        .unwrap();
        let Ok(mut page) = ocrgate::source::text::read_text_page(Path::new("p01.txt"), text.as_bytes()) else { return };
        page.file = "p01.txt".into();
        let n_lines = page.lines.iter().map(|l| l.source_line).max().unwrap_or(0);
        let r = ocrgate::check::analyse(
            "p/2022-07-05",
            jiff::civil::date(2022, 7, 5),
            &publication,
            &publication.expect,
            vec![page],
            &[None],
        );
        for f in &r.findings {
            assert!(f.line >= 1 && f.line <= n_lines.max(1), "finding outside the page: {f:?}");
        }
    }
});
