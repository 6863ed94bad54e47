//! Characters that look alike, from the generated table
//! `data/confusables/zh-hans.tsv` (scripts/gen-confusables.py renders every
//! GB 2312 Han character in Noto Serif and Sans CJK SC and keeps each one's
//! most similar glyphs). Parsed once per process, only when a check asks:
//! about 80,000 pairs, under 2 MB.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/confusables/zh-hans.tsv");

/// A character that looks like another, and how alike the two glyphs are
/// (cosine of the blurred images, 0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LookAlike {
    pub ch: char,
    pub similarity: f32,
}

fn table() -> &'static FxHashMap<char, Box<[LookAlike]>> {
    static TABLE_MAP: OnceLock<FxHashMap<char, Box<[LookAlike]>>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| parse(TABLE))
}

/// Lines `char<TAB>neighbour similarity<TAB>...`; `#` starts a comment. The
/// table is generated and tested, so a malformed field is skipped rather
/// than reported.
fn parse(text: &str) -> FxHashMap<char, Box<[LookAlike]>> {
    let mut map = FxHashMap::default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split('\t');
        let Some(ch) = fields.next().and_then(single_char) else {
            continue;
        };
        let alikes: Vec<LookAlike> = fields
            .filter_map(|f| {
                let (c, s) = f.split_once(' ')?;
                Some(LookAlike {
                    ch: single_char(c)?,
                    similarity: s.parse().ok()?,
                })
            })
            .collect();
        map.insert(ch, alikes.into_boxed_slice());
    }
    map
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// The characters that look like `ch`, most alike first; empty for a
/// character outside the table (not a GB 2312 Han character).
pub fn look_alikes(ch: char) -> &'static [LookAlike] {
    table().get(&ch).map_or(&[], |a| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table covers the everyday characters, each with neighbours, and
    /// parses without a skipped line or field.
    #[test]
    fn table_covers_gb2312() {
        let rows: Vec<&str> = TABLE.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(table().len(), rows.len());
        assert!(rows.len() > 6700, "{}", rows.len());
        let fields: usize = rows.iter().map(|l| l.split('\t').count() - 1).sum();
        let pairs: usize = table().values().map(|a| a.len()).sum();
        assert_eq!(pairs, fields);
        assert!(pairs > 60_000, "{pairs}");
    }

    /// Known OCR confusions are near neighbours; unlike shapes are not.
    #[test]
    fn look_alike_pairs() {
        let near = |a: char, b: char| {
            look_alikes(a)
                .iter()
                .any(|l| l.ch == b && l.similarity > 0.8)
        };
        assert!(near('暑', '署'));
        assert!(near('末', '未'));
        assert!(near('己', '已'));
        assert!(!near('暑', '一'));
        assert!(look_alikes('a').is_empty());
        let sims: Vec<f32> = look_alikes('暑').iter().map(|l| l.similarity).collect();
        assert!(sims.windows(2).all(|w| w[0] >= w[1]), "{sims:?}");
    }
}
