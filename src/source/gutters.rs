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

/// A character that is a column rule read as text.
fn is_rule_char(c: char) -> bool {
    matches!(c, '|' | '｜' | '¦')
}

/// A word that is only a column rule read as text.
fn is_rule_mark(word: &str) -> bool {
    !word.is_empty() && word.chars().all(is_rule_char)
}

/// The runs of text between a line's gaps, as far as they are read: only
/// the last two runs' lengths are needed to count gutters between prose,
/// so nothing is allocated for the lines of millions of pages.
#[derive(Default)]
struct Runs {
    before: usize,
    current: usize,
    gutters: u16,
}

impl Runs {
    fn add(&mut self, visible: usize) {
        self.current += visible;
    }

    /// A gap ends the current run. A gap right after another (white space
    /// and then a rule) or at the line's start ends nothing.
    fn cut(&mut self) {
        if self.current == 0 {
            return;
        }
        self.close();
        self.before = std::mem::take(&mut self.current);
    }

    /// Counts a gutter where the current run and the one before it are
    /// both prose.
    fn close(&mut self) {
        if self.before >= MIN_SEGMENT && self.current >= MIN_SEGMENT {
            self.gutters = self.gutters.saturating_add(1);
        }
    }

    fn gutters(mut self) -> u16 {
        self.close();
        self.gutters
    }
}

/// Gutters in a line of words with boxes (ALTO `String`s, hOCR
/// `ocrx_word`s, PAGE `Word`s). A word without a box closes no gap.
pub fn in_words<'a, I>(words: I) -> u16
where
    I: IntoIterator<Item = (&'a str, Option<Rect>)>,
    I::IntoIter: Clone,
{
    let words = words
        .into_iter()
        .map(|(t, r)| (t.trim(), r))
        .filter(|(t, _)| !t.is_empty());
    let em = words
        .clone()
        .filter(|(t, _)| !is_rule_mark(t))
        .filter_map(|(_, r)| r.map(|r| r.h))
        .max()
        .unwrap_or(0);
    if em <= 0 {
        return 0;
    }
    let mut runs = Runs::default();
    let mut prev: Option<Rect> = None;
    for (text, rect) in words {
        if is_rule_mark(text) {
            runs.cut();
            prev = None;
            continue;
        }
        if let (Some(a), Some(b)) = (prev, rect) {
            if (b.x - (a.x + a.w)) as f32 > GUTTER_EMS * em as f32 {
                runs.cut();
            }
        }
        runs.add(text.chars().count());
        prev = rect;
    }
    runs.gutters()
}

/// Gutters in a line of plain text: wide runs of white space, and column
/// rules read as `|` between spaces.
pub fn in_text(line: &str) -> u16 {
    let mut runs = Runs::default();
    let mut white = 0usize;
    for c in line.chars() {
        if c.is_whitespace() {
            white += if c == '\t' { GUTTER_SPACES } else { 1 };
            continue;
        }
        let rule = white > 0 && is_rule_char(c);
        if rule || white >= GUTTER_SPACES {
            runs.cut();
        }
        white = 0;
        if !rule {
            runs.add(1);
        }
    }
    runs.gutters()
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
