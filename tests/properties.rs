//! Properties that must hold for any text, not only the pages we have:
//! the normaliser's offset map points inside the raw text, every finding
//! is inside its page, parsing never panics, and a snapshot reads back as
//! the result it was written from.

use ocrgate::corpus::{Publication, PublicationConfig};
use ocrgate::source::text::read_text_page;
use ocrgate::text::normalize::{paragraphs, LayoutOptions};
use proptest::prelude::*;
use std::path::Path;

/// Text that looks like OCR of a newspaper page: Chinese and Latin letters,
/// both widths of punctuation, digits, spaces, line breaks and blank lines.
fn ocr_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[聊城日报本记者讯新华社月日年第一二三四五六七八九十]{1,12}",
        "[A-Za-z]{1,8}",
        "[0-9]{1,5}",
        "[,.;:()!?\"'，。；：（）！？“”‘’、■—…-]{1,2}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "\\PC{1,3}",
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// Strings made of the pieces YAML is particular about: values of other
/// types, indicators, comment and mapping marks, escapes, blanks at the
/// ends, line separators, controls, any character.
fn yaml_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "null",
            "~",
            "yes",
            "No",
            "on",
            "true",
            "0x1F",
            "0o7",
            "1_0",
            "1:30",
            "1.5",
            ".inf",
            "1e5",
            "2022-07-05",
            "12:30:00",
            "<<",
            "=",
            "- ",
            "? ",
            ": ",
            " #",
            "#",
            "---",
            "...",
            "'",
            "\"",
            "\\",
            "\t",
            "\n",
            "\r",
            " ",
            "\u{85}",
            "\u{a0}",
            "\u{2028}",
            "\u{3000}",
            "\u{feff}",
            "\u{fffe}",
            "\u{1b}",
            "\u{0}",
            "[",
            "{",
            "&",
            "*",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
        ])
        .prop_map(str::to_string),
        "[a-z0-9本报讯]{1,4}",
        "\\PC{1,2}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

fn publication(profile: &str) -> Publication {
    let cfg: PublicationConfig =
        ocrgate::parse::rules::parse_yaml(Path::new("p.yaml"), &format!("profile: {profile}\n"))
            .unwrap();
    Publication::build(
        "p",
        Path::new("p"),
        Path::new("p.yaml"),
        cfg,
        Path::new("o.yaml"),
        &Default::default(),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn snapshot_yaml_reads_back_as_written(
        values in proptest::collection::vec(yaml_text(), 0..4),
        keys in proptest::collection::btree_map(yaml_text(), yaml_text(), 0..4),
    ) {
        #[derive(serde::Serialize)]
        struct Doc<'a> {
            values: &'a [String],
            keys: &'a std::collections::BTreeMap<String, String>,
            first: Option<&'a String>,
        }
        let doc = Doc { values: &values, keys: &keys, first: values.first() };
        let text = ocrgate::snapshot::yaml::to_string(&doc).unwrap();
        let read: serde_json::Value = serde_saphyr::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(read, serde_json::to_value(&doc).unwrap(), "{}", text);
    }

    #[test]
    fn offset_map_points_inside_the_raw_text(text in ocr_text()) {
        let Ok(page) = read_text_page(Path::new("p01.txt"), text.as_bytes()) else { return Ok(()) };
        for p in paragraphs(&page, &LayoutOptions::default()) {
            prop_assert_eq!(&p.chars, &p.text.chars().collect::<Vec<_>>());
            for i in 0..p.chars.len() {
                let pos = p.raw_pos(i);
                prop_assert!(pos.line < page.lines.len());
                let n = page.lines[pos.line].text.chars().count();
                prop_assert!(pos.col < n.max(1), "char {i} → {pos:?} outside a line of {n}");
            }
            prop_assert!((p.first_line..=p.last_line).contains(&p.raw_pos(0).line));
            // The checks only look for jumps where raw_breaks says one can be.
            let breaks: Vec<usize> = p.raw_breaks().collect();
            for s in 1..p.chars.len() {
                let (a, b) = (p.raw_pos(s - 1), p.raw_pos(s));
                if a.line != b.line || b.col != a.col + 1 {
                    prop_assert!(breaks.contains(&s), "jump at {s} not in {breaks:?}");
                }
            }
            // A span that maps one for one is its own raw text, but for the
            // kind of a space (a run of whitespace becomes one ` `).
            let space = |c: char| if c.is_whitespace() { ' ' } else { c };
            for start in 0..p.chars.len() {
                for end in start + 1..=(start + 6).min(p.chars.len()) {
                    if p.maps_one_to_one(start, end) {
                        let own: String = p.chars[start..end].iter().copied().map(space).collect();
                        let raw: String = p.raw_text(&page, start, end).chars().map(space).collect();
                        prop_assert_eq!(raw, own);
                    }
                }
            }
        }
    }

    #[test]
    fn findings_are_inside_their_page_and_snapshots_read_back(text in ocr_text(), latin in any::<bool>()) {
        let publication = publication(if latin { "latin-newspaper" } else { "zh-newspaper" });
        let Ok(mut page) = read_text_page(Path::new("p01.txt"), text.as_bytes()) else { return Ok(()) };
        page.file = "p01.txt".into();
        let lines: Vec<String> = page.lines.iter().map(|l| l.text.clone()).collect();
        let result = ocrgate::check::analyse(
            "p/2022-07-05",
            jiff::civil::date(2022, 7, 5),
            &publication,
            &publication.expect,
            vec![page],
            &[None],
        );
        for f in &result.findings {
            prop_assert!(f.line >= 1 && (f.line as usize) <= lines.len(), "{f:?}");
            let n = lines[f.line as usize - 1].chars().count();
            prop_assert!((f.column as usize) <= n + 1, "{f:?} in a line of {n}");
            for m in &f.more {
                prop_assert!(m.line >= 1 && (m.line as usize) <= lines.len());
            }
        }
        // The snapshot body reads back as the data it was written from, and
        // has the bytes serde-saphyr writes (snapshots accepted before the
        // snapshot writer existed stay unchanged).
        let body = ocrgate::snapshot::body(&result);
        let mut options = serde_saphyr::SerializerOptions::default();
        options.prefer_block_scalars = false;
        let saphyr = serde_saphyr::to_string_with_options(&result, options).unwrap();
        prop_assert_eq!(body.trim_end(), saphyr.trim_end());
        let read: serde_json::Value = serde_saphyr::from_str(&body).unwrap();
        let written = serde_json::to_value(&result).unwrap();
        prop_assert_eq!(read, written);
    }
}
