//! PAGE XML reading orders built from the fuzzer's bytes: groups ordered
//! and unordered, nested as deep as the input goes (hundreds here: each
//! run builds and parses the XML under coverage instrumentation, and a
//! deeper tree costs more runs than it finds; the reader's unit test reads
//! 50,000 nested groups),
//! references to regions that exist, do not exist, or come twice, indexes
//! missing, repeated or out of order. Reading never panics or overflows the
//! stack, and every region read is one the document has.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;
use std::path::Path;

const REGIONS: usize = 6;

fuzz_target!(|data: &[u8]| {
    let mut order = String::new();
    let mut open: Vec<&str> = Vec::new();
    let mut ops = data.iter();
    while let Some(&op) = ops.next() {
        let arg = ops.next().copied().unwrap_or(0);
        let index = if arg & 0x80 == 0 {
            format!(r#" index="{}""#, arg % 16)
        } else {
            String::new()
        };
        match op % 6 {
            0 => {
                let _ = write!(
                    order,
                    r#"<OrderedGroupIndexed id="g{}"{index}>"#,
                    open.len()
                );
                open.push("OrderedGroupIndexed");
            }
            1 => {
                let _ = write!(
                    order,
                    r#"<UnorderedGroupIndexed id="u{}"{index}>"#,
                    open.len()
                );
                open.push("UnorderedGroupIndexed");
            }
            2 => {
                let _ = write!(order, r#"<OrderedGroup id="o{}">"#, open.len());
                open.push("OrderedGroup");
            }
            3 | 4 => {
                // r6 and r7 do not exist.
                let _ = write!(
                    order,
                    r#"<RegionRefIndexed{index} regionRef="r{}"/>"#,
                    arg as usize % (REGIONS + 2)
                );
            }
            _ => {
                if let Some(tag) = open.pop() {
                    let _ = write!(order, "</{tag}>");
                }
            }
        }
    }
    while let Some(tag) = open.pop() {
        let _ = write!(order, "</{tag}>");
    }
    let mut regions = String::new();
    for r in 0..REGIONS {
        let _ = write!(
            regions,
            r#"<TextRegion id="r{r}"><TextLine id="l{r}"><TextEquiv><Unicode>region{r}</Unicode></TextEquiv></TextLine></TextRegion>"#
        );
    }
    let xml = format!(
        r#"<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="p.png" imageWidth="100" imageHeight="100"><ReadingOrder>{order}</ReadingOrder>{regions}</Page></PcGts>"#
    );
    if let Ok(page) =
        ocrgate::source::page::read_page_xml(Path::new("p01.page.xml"), xml.as_bytes())
    {
        for line in &page.lines {
            let text = line.text.trim();
            assert!(
                text.is_empty()
                    || (text.starts_with("region")
                        && text[6..].parse::<usize>().is_ok_and(|r| r < REGIONS)),
                "a line that is no region's: {text}"
            );
        }
    }
});
