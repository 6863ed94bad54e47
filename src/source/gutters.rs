//! Column gutters inside one line: where an engine that missed the page's
//! columns read straight across them (tesseract `--psm 6` on a
//! three-column page), each of its lines holds a piece of every column,
//! the pieces set apart by the gutter's white space or the column rule
//! read as `|`. Counted by each reader, from word boxes where the format
//! has them and from the spacing of plain text where it does not, so the
//! page check (`page.read-across`) and the CER estimate ask one number.
//!
//! A table row has gaps too, but its cells are short; a gutter counts only
//! between two runs of at least [`MIN_SEGMENT`] visible characters, which
//! is prose on both sides.

use super::{Line, Rect};

/// Visible characters a run of text needs on each side of a gap for the
/// gap to be a gutter between two columns of prose.
pub const MIN_SEGMENT: usize = 6;

/// A horizontal gap between two words wider than this many times the
/// line's tallest word is a gutter. Word spaces, even in justified Latin
/// type, stay under one em (the line's type height), and verse sets a
/// couplet's halves apart by one or two; a line read across columns has
/// the gutter plus the unused end of the column's line. Measured with the
/// column rule read as `|` counted too: no line of the 48 development
/// ALTO pages, 0.6–5 % of the lines of the nineteenth-century English and
/// German pages (tables, notices), and 85–91 % of the first page of the
/// three-column runs read with `--psm 6` (14–16 % of the second, which is
/// mostly one column) have one. At 1.5 ems the English pages had 4–8 %.
const GUTTER_EMS: f32 = 2.5;

/// Plain text: a run of this many white-space characters (a tab is a
/// whole gutter) is a gutter. Engines write one space between words and
/// many where they saw a wide gap. Ideographic spaces count one each,
/// like any other: verse sets a couplet's halves apart with one or two
/// (`两个黄鹂鸣翠柳　　一行白鹭上青天`), and that is one column.
const GUTTER_SPACES: usize = 3;

/// How a page's lines stand against its columns.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Crossing {
    /// Lines with visible text.
    pub lines: usize,
    /// Lines that cross at least one gutter.
    pub crossing: usize,
    /// Index of the first such line.
    pub first: Option<usize>,
}

impl Crossing {
    pub fn of(lines: &[Line]) -> Crossing {
        let mut c = Crossing::default();
        for (i, line) in lines.iter().enumerate() {
            if line.is_blank() {
                continue;
            }
            c.lines += 1;
            if line.gutters > 0 {
                c.crossing += 1;
                c.first.get_or_insert(i);
            }
        }
        c
    }

    pub fn share(&self) -> f64 {
        self.crossing as f64 / self.lines.max(1) as f64
    }

    /// Whether the page was read across its columns: at least `min_lines`
    /// lines, and at least `min_share` of them, cross a gutter. A few
    /// crossing lines are a table or a spaced-out folio line.
    pub fn read_across(&self, min_share: f64, min_lines: usize) -> bool {
        self.crossing >= min_lines.max(1) && self.share() >= min_share
    }
}

/// A word that is only a column rule read as text.
fn is_rule_mark(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, '|' | '｜' | '¦'))
}

/// How many gutters separate runs of prose, given the visible length of
/// each run between gaps.
fn crossings(runs: &[usize]) -> u16 {
    let n = runs
        .windows(2)
        .filter(|w| w[0] >= MIN_SEGMENT && w[1] >= MIN_SEGMENT)
        .count();
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Ends the current run at a gap; a gap right after another (white
/// space and then a rule) makes no empty run between them.
fn cut(runs: &mut Vec<usize>) {
    if runs.last() != Some(&0) {
        runs.push(0);
    }
}

/// Gutters in a line of words with boxes (ALTO `String`s, hOCR
/// `ocrx_word`s, PAGE `Word`s). A word without a box closes no gap.
pub fn in_words<'a>(words: impl IntoIterator<Item = (&'a str, Option<Rect>)>) -> u16 {
    let words: Vec<(&str, Option<Rect>)> = words
        .into_iter()
        .map(|(t, r)| (t.trim(), r))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    let em = words
        .iter()
        .filter(|(t, _)| !is_rule_mark(t))
        .filter_map(|(_, r)| r.map(|r| r.h))
        .max()
        .unwrap_or(0);
    if em <= 0 {
        return 0;
    }
    let mut runs = vec![0usize];
    let mut prev: Option<Rect> = None;
    for (text, rect) in words {
        if is_rule_mark(text) {
            cut(&mut runs);
            prev = None;
            continue;
        }
        if let (Some(a), Some(b)) = (prev, rect) {
            if (b.x - (a.x + a.w)) as f32 > GUTTER_EMS * em as f32 {
                cut(&mut runs);
            }
        }
        *runs.last_mut().expect("runs starts with one") += text.chars().count();
        prev = rect;
    }
    crossings(&runs)
}

/// Gutters in a line of plain text: wide runs of white space, and column
/// rules read as `|` between spaces.
pub fn in_text(line: &str) -> u16 {
    let mut runs = vec![0usize];
    let mut white = 0usize;
    for token in line.split_inclusive(|c: char| !c.is_whitespace()) {
        // Each piece is white space followed by one visible character (or
        // the white space at the line's end).
        let (space, visible) = match token.char_indices().last() {
            Some((i, c)) if !c.is_whitespace() => (&token[..i], Some(c)),
            _ => (token, None),
        };
        for c in space.chars() {
            white += if c == '\t' { GUTTER_SPACES } else { 1 };
        }
        let Some(c) = visible else { continue };
        let gap = white >= GUTTER_SPACES;
        let rule = white > 0 && matches!(c, '|' | '｜' | '¦');
        white = 0;
        if gap || rule {
            cut(&mut runs);
        }
        if rule {
            continue;
        }
        *runs.last_mut().expect("runs starts with one") += 1;
    }
    crossings(&runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: i32, w: i32) -> (&str, Option<Rect>) {
        (text, Some(Rect { x, y: 0, w, h: 20 }))
    }

    /// Three columns read as one line, set apart by white space or by the
    /// column rule read as `|`; a one-column line and a table row of short
    /// cells have none.
    #[test]
    fn gutters_in_plain_text() {
        assert_eq!(
            in_text("工作的重要思想委员 | 理参保信息查询个人 | 先发起轴承产业企业"),
            2
        );
        assert_eq!(in_text("新的第一课开始了       非关键字段修改等"), 1);
        assert_eq!(in_text("新的第一课开始了\t非关键字段修改等"), 1);
        assert_eq!(in_text("新的第一课开始了     |  非关键字段修改等"), 1);
        assert_eq!(
            in_text("本报讯(记者 张三)全市新增农民专业合作社1208户。"),
            0
        );
        assert_eq!(in_text("姓名      电话      地址"), 0);
        assert_eq!(in_text("两个黄鹂鸣翠柳　　一行白鹭上青天"), 0);
        assert_eq!(in_text("   缩进的一行正文内容"), 0);
        assert_eq!(in_text("The Chancellor of the Exchequer moved"), 0);
        assert_eq!(in_text(""), 0);
    }

    #[test]
    fn gutters_between_word_boxes() {
        // Word spaces of a quarter em, then a gap of three ems.
        let line = [
            word("习近平总书记", 0, 120),
            word("关于加强", 125, 80),
            word("理参保信息查询", 265, 140),
        ];
        assert_eq!(in_words(line), 1);
        // The rule read as a word: a gutter however close the boxes.
        let ruled = [
            word("习近平总书记", 0, 120),
            word("|", 122, 4),
            word("理参保信息查询", 128, 140),
        ];
        assert_eq!(in_words(ruled), 1);
        // Short cells either side of a wide gap: a table, not columns.
        let table = [word("张三", 0, 40), word("13800", 200, 50)];
        assert_eq!(in_words(table), 0);
        // Without boxes nothing is measured.
        assert_eq!(
            in_words([("习近平总书记关于", None), ("理参保信息查询", None)]),
            0
        );
    }
}
