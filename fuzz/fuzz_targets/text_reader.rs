//! The text reader with encoding detection: any bytes give a page or an
//! error, never a panic; a page's lines are what the decoded text holds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = ocrgate::source::text::read_text_page(Path::new("p01.txt"), data) {
        for l in &page.lines {
            assert!(!l.text.contains('\n'));
        }
    }
});
