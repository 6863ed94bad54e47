//! Every XML reader (ALTO, PAGE, hOCR, METS) and the measuring extraction
//! on the same bytes: an error or a result, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = ocrgate::source::alto::read_alto_page(Path::new("p01.alto.xml"), data);
    let _ = ocrgate::source::page::read_page_xml(Path::new("p01.page.xml"), data);
    let _ = ocrgate::source::hocr::read_hocr_page(Path::new("p01.hocr"), data);
    let _ = ocrgate::metrics::extract::extract_bytes(Path::new("p01.xml"), data, Default::default());
});
