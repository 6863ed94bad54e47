//! Plain-text pages: encoding detection and line splitting.
//!
//! Order of decisions, as ripgrep does it: a byte-order mark wins; then
//! UTF-16 without a BOM (many NUL bytes in every other position); then valid
//! UTF-8; then `chardetng` guesses a legacy encoding (GBK is decoded as
//! GB18030, its superset). Whatever was decoded must look like text: a file
//! that decodes only with errors, or to a soup of control characters (an
//! image named `.txt`, random bytes) is refused with a clear error instead of
//! turning into garbage articles.

use super::{Line, Page, PageFormat};
use crate::error::{Error, FileError, Result};
use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use std::path::Path;

/// Decodes a text file's bytes, returning the text and the encoding's name.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(String, &'static str)> {
    let (encoding, body) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, &bytes[bom_len..])
    } else if let Some(enc) = sniff_utf16_without_bom(bytes) {
        (enc, bytes)
    } else if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        // The common case, validated once (SIMD: a page passes at several
        // GB/s) and with no second pass through a decoder.
        if let Some(why) = looks_binary(text) {
            return Err(not_text(path, why));
        }
        return Ok((text.to_owned(), UTF_8.name()));
    } else if let Some(at) = damaged_utf8(bytes) {
        // UTF-8 with a few broken bytes is damaged UTF-8, not a legacy
        // encoding: guessing one would turn the whole page into mojibake.
        let (line, col) = super::xml::line_col_of_byte(bytes, at);
        return Err(Error::Input(
            FileError::new(path, "cannot read this page as text: invalid UTF-8 bytes")
                .at(line, col)
                .help("the file is UTF-8 with damaged bytes here; restore it from the OCR output"),
        ));
    } else if let Some((at, rest)) = mixed_encodings(bytes) {
        // UTF-8 text with text of another encoding appended (two files
        // concatenated, an edit in another editor): neither encoding reads
        // the whole, and a guess would turn half the page into mojibake.
        let (line, col) = super::xml::line_col_of_byte(bytes, at);
        return Err(Error::Input(
            FileError::new(
                path,
                format!(
                    "cannot read this page as text: it mixes encodings, UTF-8 before this point and {} from here",
                    if rest == GBK || rest == GB18030 { "GB18030" } else { rest.name() }
                ),
            )
            .at(line, col)
            .help("convert the rest of the file to UTF-8 (e.g. with iconv), or restore the page from the OCR output"),
        ));
    } else {
        if bytes.contains(&0) {
            return Err(not_text(path, "it contains NUL bytes (a binary file?)"));
        }
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
        // GBK is a subset of GB18030: decoding as the superset loses nothing.
        let guess = if guess == GBK { GB18030 } else { guess };
        (guess, bytes)
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(not_text(
            path,
            &format!("it is not valid {} text", encoding.name()),
        ));
    }
    if let Some(why) = looks_binary(&text) {
        return Err(not_text(path, why));
    }
    let name = if encoding == GBK || encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    };
    Ok((text.into_owned(), name))
}

/// Where a file that is UTF-8 but for a few bytes breaks: most of its
/// non-ASCII text decodes as UTF-8, and only a little does not.
fn damaged_utf8(bytes: &[u8]) -> Option<usize> {
    let first_bad = std::str::from_utf8(bytes).err()?.valid_up_to();
    let lossy = String::from_utf8_lossy(bytes);
    let replaced = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
    let multibyte = lossy
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    (multibyte >= 8 && replaced * 10 <= multibyte).then_some(first_bad)
}

/// Where UTF-8 text (with at least a few non-ASCII characters: proof that
/// it is UTF-8, not ASCII) ends and text of another encoding, which decodes
/// without errors from there to the end, begins.
fn mixed_encodings(bytes: &[u8]) -> Option<(usize, &'static Encoding)> {
    let at = std::str::from_utf8(bytes).err()?.valid_up_to();
    // Back to the start of the line: the other encoding's text starts
    // there, or the break is a few bytes into it (ASCII is UTF-8 too).
    let at = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1);
    let prefix = std::str::from_utf8(&bytes[..at]).ok()?;
    if prefix.chars().filter(|c| !c.is_ascii()).count() < 8 {
        return None;
    }
    let rest = &bytes[at..];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(rest, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let guess = if guess == GBK { GB18030 } else { guess };
    let (_, had_errors) = guess.decode_without_bom_handling(rest);
    (!had_errors).then_some((at, guess))
}

fn not_text(path: &Path, why: &str) -> Error {
    Error::Input(
        FileError::new(path, format!("cannot read this page as text: {why}"))
            .help("convert the page to UTF-8 (or UTF-16 with a BOM), or remove it from the corpus"),
    )
}

/// UTF-16 without a BOM shows as NUL bytes in every other position.
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // Latin text in UTF-16 has a NUL in nearly every pair; CJK text has
    // fewer, so only the Latin case is guessed. A lone NUL is not enough.
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 <= pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A decoded text that is mostly control characters was never text.
fn looks_binary(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    if bytes.contains(&0) {
        return Some("it contains NUL characters (a binary file?)");
    }
    let (total, control) = tally(text);
    // One control character in a hundred is already far more than any page;
    // a few in a short page are damage for the checks to report (char.invalid).
    if total > 0 && control * 100 > total && (control >= 8 || control * 4 > total) {
        Some("it is mostly control characters (a binary file?)")
    } else {
        None
    }
}

/// The characters of `text`, and how many of them are controls (C0 but
/// the layout ones, DEL, C1) or U+FFFD.
///
/// Counted on the bytes, where every page of a run passes through: the
/// characters by std's word-at-a-time count, C0 controls and DEL (single
/// bytes) by one branch-free pass the compiler vectorises, and the rare
/// sequences of C1 controls (`C2 80..9F`) and U+FFFD (`EF BF BD`) by
/// memchr's SIMD searches. (One pass over each byte and its two
/// successors did not vectorise, and a search for U+FFFD by its first
/// byte stopped at every full-width punctuation mark, `EF BC ..`.)
fn tally(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let total = text.chars().count();
    let c0 = count_bytes(bytes, |b| {
        ((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0C)) | (b == 0x7F)
    });
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&at| bytes.get(at + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
        .count();
    let replacement = memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count();
    (total, c0 + c1 + replacement)
}

/// How many bytes satisfy `test`, counted in blocks of 255 into byte-wide
/// counters: sixteen bytes per vector instruction on the baseline x86-64
/// target, where a `filter().count()` widened every byte to 64 bits and
/// went four at a time.
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(test(b)))) as usize
        })
        .sum()
}

/// Splits text on `\r\n`, `\r` or `\n`, keeping empty lines.
pub fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

pub fn read_text_page(path: &Path, bytes: &[u8]) -> Result<Page> {
    let (text, encoding) = decode(path, bytes)?;
    let lines = split_lines(&text)
        .into_iter()
        .enumerate()
        .map(|(i, l)| Line {
            text: l.to_string(),
            source_line: i as u32 + 1,
            block: 0,
            bbox: None,
            type_height: None,
            confidence: None,
            gutters: super::gutters::in_text(l),
        })
        .collect();
    Ok(Page {
        file: String::new(),
        format: PageFormat::Text,
        encoding,
        bytes: bytes.len() as u64,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a scan of the characters counts: the reference for [`tally`].
    fn by_chars(text: &str) -> (usize, usize) {
        let total = text.chars().count();
        let control = text
            .chars()
            .filter(|&c| {
                (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) || c == '\u{FFFD}'
            })
            .count();
        (total, control)
    }

    /// The byte scan of `looks_binary` counts exactly what a scan of the
    /// characters counts.
    #[test]
    fn binary_test_on_bytes_agrees_with_characters() {
        let samples = [
            "",
            "a",
            "\u{FFFD}",
            "plain text\n",
            "今年以来\u{1}\u{2}\u{7f}",
            "\u{80}\u{85}\u{9f}\u{a0}é\u{FFFD}\u{FFFC}ｏ",
            "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}",
            "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}ab",
            "\t\r\n\u{c}",
            "，。\u{FFFD}：（）",
        ];
        for s in samples {
            assert_eq!(tally(s), by_chars(s), "{s:?}");
            let (total, control) = by_chars(s);
            let expected =
                total > 0 && control * 100 > total && (control >= 8 || control * 4 > total);
            assert_eq!(looks_binary(s).is_some(), expected, "{s:?}");
        }
        assert!(looks_binary("a\0b").is_some());
    }

    proptest::proptest! {
        /// Any text: controls, C1, U+FFFD, full-width marks and CJK mixed.
        #[test]
        fn tally_counts_what_the_characters_say(
            s in "[a\\x01-\\x1f\\x7f\\u{80}-\\u{a0}\\u{FFFD}\\u{FF0C}\\u{FFFC}今年é\\n]{0,40}"
        ) {
            proptest::prop_assert_eq!(tally(&s), by_chars(&s));
        }
    }

    fn dec(bytes: &[u8]) -> Result<(String, &'static str)> {
        decode(Path::new("p01.txt"), bytes)
    }

    #[test]
    fn line_ends() {
        assert_eq!(split_lines("a\r\nb\rc\n\nd"), vec!["a", "b", "c", "", "d"]);
        assert_eq!(split_lines("a\n"), vec!["a"]);
    }

    #[test]
    fn encodings() {
        let s = "本报讯(记者 林金彦)7月4日,记者从市农业农村局获悉";
        assert_eq!(dec(s.as_bytes()).unwrap(), (s.to_string(), "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(dec(&bom).unwrap().0, s);
        let (gb, _, _) = GB18030.encode(s);
        assert_eq!(dec(&gb).unwrap(), (s.to_string(), "GB18030"));
        let mut u16le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            u16le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(dec(&u16le).unwrap(), (s.to_string(), "UTF-16LE"));
        let latin = "The Morning Post, London";
        let mut nobom = Vec::new();
        for u in latin.encode_utf16() {
            nobom.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(dec(&nobom).unwrap().0, latin);
    }

    #[test]
    fn binary_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        let err = dec(png).unwrap_err().to_string();
        assert!(err.contains("p01.txt") && err.contains("binary"), "{err}");
        // Pseudo-random bytes without NULs.
        let mut x: u32 = 12345;
        let noise: Vec<u8> = (0..4000)
            .map(|_| {
                x = x.wrapping_mul(1664525).wrapping_add(1013904223);
                ((x >> 24) as u8).max(1)
            })
            .collect();
        assert!(dec(&noise).is_err());
    }
}
