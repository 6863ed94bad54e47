//! Normalisation: a page's raw lines become paragraphs of clean text, each
//! with an offset map back to the raw page (line index, character column).
//!
//! What changes, and only this (characters themselves are never altered —
//! width folding is for matching, not for what a user is shown):
//! * hard-wrapped lines of a paragraph are joined: no space between CJK
//!   characters, one space between Latin words, a line-end hyphen inside a
//!   Latin word removed (`news-` + `paper` → `newspaper`);
//! * whitespace between two CJK characters, or between CJK and a digit, is
//!   removed (plain-text OCR leaves a space wherever a printed line ended);
//!   any other run of whitespace becomes one space; leading and trailing
//!   whitespace (the paragraph indent) goes;
//! * paragraphs are split on blank lines and, where the reader gives
//!   geometry, on block changes, first-line indents and changes of type size.

use super::chars::{drop_space_between, is_cjkish, is_line_end_hyphen, is_white};
use crate::source::{Line, Page};
use serde::Deserialize;

/// Thresholds for reading paragraph structure from line geometry.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LayoutOptions {
    /// A line at least this many times the page's median line height is set
    /// in display type (headline, subtitle).
    pub display_height_ratio: f32,
    /// A line at most this many times the median is small print or noise.
    pub small_height_ratio: f32,
    /// A body line indented by at least this many line heights from its
    /// block's left edge starts a paragraph.
    pub indent_ratio: f32,
    /// Plain text without geometry: a line narrower than this share of the
    /// page's typical line ends its paragraph (the short last line of a
    /// wrapped paragraph, or a file with one paragraph per line and no blank
    /// lines) if it is Chinese or ends a sentence.
    pub short_line_ratio: f32,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            display_height_ratio: 1.12,
            small_height_ratio: 0.75,
            indent_ratio: 1.2,
            short_line_ratio: 0.8,
        }
    }
}

/// Display width of a line: CJK characters count two columns, others
/// one. Whitespace does not count: plain-text OCR puts spaces where the
/// print has none (between CJK characters, around digits), and a line set
/// at the column's width stays that wide however many it adds.
fn line_width(text: &str) -> usize {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if is_cjkish(c) { 2 } else { 1 })
        .sum()
}

/// How the lines of a paragraph share a measure, in plain text of a
/// justified script (Chinese is set on a grid, edge to edge): every line
/// of a paragraph but its last fills the paragraph's measure, its first
/// may be indented, and its last may be shorter. A wrapped headline or
/// subhead is set at a narrower measure (larger type: fewer characters a
/// line) than the body. So a line ends its paragraph where the next
/// line's width says it belongs to another measure — which holds for any
/// column width or type size, since it compares the page's lines with
/// each other, never with a fixed width.
struct Measure {
    /// Widths equal within this many columns (OCR drops or doubles a
    /// character; punctuation hangs into the margin).
    tolerance: usize,
    /// A first-line indent: two characters of the page's body type.
    indent: usize,
}

impl Measure {
    fn of(typical: usize) -> Measure {
        Measure {
            tolerance: (typical / 10).max(2),
            indent: (typical / 8).max(2),
        }
    }

    /// Whether a line of width `wn` starts a new paragraph after a
    /// paragraph in the making of `lines` lines (at least one), the widest
    /// `measure` wide and the last `wp`, by width alone.
    fn breaks(
        &self,
        lines: usize,
        measure: usize,
        wp: usize,
        wn: usize,
        prev_ends_sentence: bool,
    ) -> bool {
        if lines == 1 {
            // One line so far: a first line (perhaps indented), a head
            // line, or a paragraph of one line. A next line wider by more
            // than an indent is set at another measure.
            return wn > wp + self.indent + self.tolerance;
        }
        // The last line fell short of the measure: the paragraph ended.
        if wp + self.tolerance < measure {
            return true;
        }
        // A line wider than the measure belongs to another block.
        if wn > measure + self.tolerance {
            return true;
        }
        // A full last line that ends a sentence, then a line short of the
        // measure by an indent: a paragraph ended at the line's end (a
        // last line that falls short by just an indent is rarer).
        prev_ends_sentence
            && wn + self.indent <= measure + self.tolerance / 2
            && wn + self.indent + self.tolerance >= measure
    }

    /// Whether a line starts a head right under a paragraph whose last
    /// line fills the measure and ends a sentence: the line is narrower
    /// than even an indented first line would be, and it does not end a
    /// sentence or a clause itself, as a paragraph's short last line does
    /// (`…督导评价。` / `春节长假邮政包裹` / `5293万件`). Without this
    /// the head is read as the paragraph's last line and glued to it. A
    /// dash-led line there signs the text above (`——习近平`): it stays.
    fn head_after_full_stop(
        &self,
        measure: usize,
        wp: usize,
        wn: usize,
        prev: &str,
        next: &str,
    ) -> bool {
        wp + self.tolerance >= measure
            && wn + self.indent + self.tolerance < measure
            && ends_sentence(prev)
            && !ends_clause(next)
            && !next.trim_start().starts_with(['—', '－', '-'])
    }

    /// Whether a paragraph's lines are set at a measure clearly narrower
    /// than the body's: display type (a wrapped head or subhead). One line
    /// says nothing (the last line of a paragraph is short too).
    fn is_narrow(&self, widths: &[usize], group: &[usize], typical: usize) -> bool {
        let Some((_, full)) = group.split_last() else {
            return false;
        };
        if full.is_empty() {
            return false;
        }
        let measure = full.iter().map(|&k| widths[k]).max().unwrap_or(0);
        let min = full.iter().map(|&k| widths[k]).min().unwrap_or(0);
        // Two lines: the first may be a body paragraph's indented line,
        // so it must fall short of the body by more than an indent.
        let margin = if full.len() == 1 {
            self.indent + self.tolerance
        } else {
            self.tolerance
        };
        measure + margin < typical && min + self.tolerance >= measure
    }
}

/// Whether a line ends a sentence: `。！？!?.…`, possibly followed by
/// closing quotes or brackets.
fn ends_sentence(text: &str) -> bool {
    super::chars::trim_closers(text).ends_with(['。', '！', '？', '!', '?', '.', '…'])
}

/// Whether a line ends a sentence or a clause (`，；：、` too): a
/// paragraph's last line does, a head's line seldom does.
fn ends_clause(text: &str) -> bool {
    ends_sentence(text)
        || super::chars::trim_closers(text)
            .ends_with(['，', ',', '；', ';', '：', ':', '、', '—', '－', '-'])
}

/// Chinese is set justified on a grid: a short CJK line ends its
/// paragraph (or is display type) whatever its last character. Ragged
/// Latin lines are only short at a sentence end.
fn mostly_cjk(chars: impl Iterator<Item = char>) -> bool {
    let (mut cjk, mut all) = (0, 0);
    for c in chars.filter(|&c| !is_white(c)) {
        all += 1;
        if is_cjkish(c) {
            cjk += 1;
        }
    }
    cjk * 2 > all
}

/// The width of a full line of the page: the 75th percentile of the
/// widths of its non-blank lines, so that a few over-long lines (columns
/// run together) do not set it. A page of a few lines (a clipping, a short
/// item) may have as many head and credit lines as body lines: there the
/// widest line is the full one.
fn typical_width(page: &Page, widths: &[usize]) -> usize {
    let mut widths: Vec<usize> = page
        .lines
        .iter()
        .zip(widths)
        .filter(|(l, _)| !l.is_blank())
        .map(|(_, &w)| w)
        .collect();
    if widths.is_empty() {
        return 0;
    }
    widths.sort_unstable();
    if widths.len() < FEW_LINES {
        return widths[widths.len() - 1];
    }
    widths[widths.len() * 3 / 4]
}

/// Below this many non-blank lines a page's typical width is its widest.
const FEW_LINES: usize = 12;

/// Whether a plain-text page is written one paragraph a line rather than
/// wrapped at a column's width. Text set in columns, whether OCR'd or
/// transcribed line by line, has most of its lines at the column's width,
/// give or take a character or two; a page exported from a content system
/// or a transcript keeps each paragraph on one line of whatever length, so
/// few lines share a width. There a line that ends a sentence ends its
/// paragraph, however long it is. Pages of fewer than four lines say
/// nothing either way.
fn is_unwrapped(page: &Page, widths: &[usize], typical: usize) -> bool {
    let nonblank = || {
        page.lines
            .iter()
            .zip(widths)
            .filter(|(l, _)| !l.is_blank())
            .map(|(_, &w)| w)
    };
    let n = nonblank().count();
    if n < 4 {
        return false;
    }
    let tolerance = (typical * 6 / 100).max(2);
    let full = nonblank()
        .filter(|w| w.abs_diff(typical) <= tolerance)
        .count();
    full * 10 < n * 3
}

/// Plain text: the lines that start a paragraph by their indent. Print
/// indents a paragraph's first line by two characters, which a transcript
/// or an OCR engine that keeps layout writes as `　　` or spaces. Indents
/// mean that only where they are the exception: a page whose lines are
/// mostly indented (centred text, a column's offset) says nothing by them.
/// Empty when the page has no such indents.
fn first_line_indents(page: &Page) -> Vec<bool> {
    let indent_width = |text: &str| -> usize {
        text.chars()
            .take_while(|&c| is_white(c))
            .map(|c| match c {
                '\u{3000}' => 2,
                '\t' => 4,
                _ => 1,
            })
            .sum()
    };
    let marks: Vec<bool> = page
        .lines
        .iter()
        .map(|l| !l.is_blank() && indent_width(&l.text) >= 2)
        .collect();
    let nonblank = page.lines.iter().filter(|l| !l.is_blank()).count();
    let count = marks.iter().filter(|&&m| m).count();
    if count == 0 || count * 2 >= nonblank {
        return Vec::new();
    }
    marks
}

/// How a line is set, judged from its height against the page's median.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeSize {
    Body,
    Display,
    Small,
    /// The reader gave no geometry.
    Unknown,
}

/// A run of normalised characters that maps one-to-one onto raw characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    norm: u32,
    line: u32,
    col: u32,
    len: u32,
}

/// A position in the raw page: index into `Page::lines` and 0-based
/// character column in that line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawPos {
    pub line: usize,
    pub col: usize,
}

/// One paragraph of normalised text.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub text: String,
    /// The characters of `text`, decoded once: the checks index paragraphs
    /// by character, and each used to decode the text again.
    pub chars: Vec<char>,
    /// Indices into `Page::lines` of the first and last line.
    pub first_line: usize,
    pub last_line: usize,
    pub size: TypeSize,
    /// Median line height over the page's median line height, where the
    /// reader gave geometry: 2.0 is type twice the body size.
    pub height_ratio: Option<f32>,
    /// Plain text: the paragraph's lines are set at a measure clearly
    /// narrower than the page's body (display type: a wrapped head).
    pub narrow: bool,
    /// Plain text: the widest line over the page's typical full line.
    pub width_ratio: Option<f32>,
    /// Plain text: the last line over the page's typical full line.
    pub last_ratio: Option<f32>,
    map: Vec<Segment>,
    /// For each line of the paragraph longer than [`MARK_EVERY`]
    /// characters: the byte offset of every `MARK_EVERY`-th character.
    /// Turning a column into a byte offset then walks at most that many
    /// characters, so a check that quotes the raw text of many findings on
    /// one line of megabytes stays linear. Empty for ordinary lines.
    long_lines: Vec<(usize, Vec<u32>)>,
}

/// The spacing of the column marks of a long line.
const MARK_EVERY: usize = 256;

impl Paragraph {
    /// Where the `i`-th character of `text` came from. Characters inserted
    /// by normalisation (the space joining two Latin lines) map to the end of
    /// the line before.
    pub fn raw_pos(&self, i: usize) -> RawPos {
        let i = i as u32;
        let k = self.map.partition_point(|s| s.norm <= i).saturating_sub(1);
        let s = self.map[k];
        RawPos {
            line: s.line as usize,
            col: (s.col + (i - s.norm).min(s.len.saturating_sub(1))) as usize,
        }
    }

    /// Whether characters `start..end` of `text` are, one for one, the
    /// consecutive characters of one raw line: then their raw text is
    /// `text[start..end]` itself (a space there may be another whitespace
    /// character in the raw line), and need not be rebuilt. A character
    /// normalisation inserted (the space joining two lines) maps onto the
    /// raw character before it, so it is never one for one.
    pub fn maps_one_to_one(&self, start: usize, end: usize) -> bool {
        if start >= end {
            return true;
        }
        let k = self
            .map
            .partition_point(|s| s.norm as usize <= start)
            .saturating_sub(1);
        let Some(s) = self.map.get(k) else {
            return false;
        };
        let inserted = k
            .checked_sub(1)
            .map(|p| self.map[p])
            .is_some_and(|p| p.line == s.line && p.col + p.len == s.col + 1);
        !inserted && s.norm as usize <= start && end <= (s.norm + s.len) as usize
    }

    /// The character positions where the raw position can jump (to the
    /// next line, or past whitespace normalisation removed): the starts of
    /// the offset map's runs after the first. Between two of them, each
    /// character is the raw character after the one before.
    pub fn raw_breaks(&self) -> impl Iterator<Item = usize> + '_ {
        self.map.iter().skip(1).map(|s| s.norm as usize)
    }

    /// The byte offset of column `col` of raw line `li` (its text), or
    /// the line's length past its end.
    fn byte_of(&self, text: &str, li: usize, col: usize) -> usize {
        let (from_byte, from_col) = match self.long_lines.binary_search_by_key(&li, |(l, _)| *l) {
            Ok(k) => match self.long_lines[k].1.get(col / MARK_EVERY) {
                Some(&b) => (b as usize, col / MARK_EVERY * MARK_EVERY),
                None => return text.len(),
            },
            Err(_) => (0, 0),
        };
        text[from_byte..]
            .char_indices()
            .nth(col - from_col)
            .map_or(text.len(), |(b, _)| from_byte + b)
    }

    /// The raw text behind characters `start..end` of `text`, with the
    /// whitespace the OCR put there (lines joined by a space). Field
    /// extraction uses it where spaces carry meaning, e.g. between names.
    pub fn raw_text(&self, page: &Page, start: usize, end: usize) -> String {
        self.raw_text_joined(page, start, end, " ")
    }

    /// `raw_text` with the raw lines joined by `sep`. A check that asks
    /// whether the OCR put a space *inside* a line joins with `""`: a
    /// printed line ending between a number and its unit (`达4` / `亿元`)
    /// is typesetting, not a stray space.
    pub fn raw_text_joined(&self, page: &Page, start: usize, end: usize, sep: &str) -> String {
        if start >= end {
            return String::new();
        }
        let a = self.raw_pos(start);
        let b = self.raw_pos(end - 1);
        let mut out = String::new();
        for li in a.line..=b.line {
            let from = if li == a.line { a.col } else { 0 };
            let text = &page.lines[li].text;
            // Byte offsets of columns `from` and `to` (the line's end past it).
            let byte_of = |col: usize| self.byte_of(text, li, col);
            let (from_b, to_b) = (
                byte_of(from),
                if li == b.line {
                    byte_of(b.col + 1)
                } else {
                    text.len()
                },
            );
            if li > a.line {
                out.push_str(sep);
            }
            out.push_str(&text[from_b..to_b.max(from_b)]);
        }
        out
    }
}

/// Accumulates output characters and their origins.
struct Builder {
    text: String,
    /// The characters of `text`.
    chars: Vec<char>,
    map: Vec<Segment>,
}

impl Builder {
    fn with_capacity(bytes: usize) -> Self {
        Builder {
            text: String::with_capacity(bytes),
            // CJK text has three bytes a character, Latin one.
            chars: Vec::with_capacity(bytes / 2),
            map: Vec::new(),
        }
    }

    fn len(&self) -> u32 {
        self.chars.len() as u32
    }

    /// Records that the `n` characters from `norm` on come from column
    /// `col` of raw line `line`, extending the last segment where they
    /// continue it.
    fn map_run(&mut self, norm: u32, n: u32, line: u32, col: u32) {
        match self.map.last_mut() {
            Some(s) if s.line == line && s.col + s.len == col && s.norm + s.len == norm => {
                s.len += n
            }
            _ => self.map.push(Segment {
                norm,
                line,
                col,
                len: n,
            }),
        }
    }

    fn push(&mut self, c: char, line: u32, col: u32) {
        self.map_run(self.len(), 1, line, col);
        self.text.push(c);
        self.chars.push(c);
    }

    /// The visible characters at the start of `s` (up to its first
    /// whitespace), from column `col` of line `line`, in one go. Returns
    /// the run's length in bytes and in characters.
    fn push_run(&mut self, s: &str, line: u32, col: u32) -> (usize, u32) {
        let norm = self.len();
        let mut end = s.len();
        for (i, c) in s.char_indices() {
            if is_white(c) {
                end = i;
                break;
            }
            self.chars.push(c);
        }
        let n = self.len() - norm;
        self.map_run(norm, n, line, col);
        self.text.push_str(&s[..end]);
        (end, n)
    }

    fn pop(&mut self) {
        if self.text.pop().is_some() {
            self.chars.pop();
            if let Some(s) = self.map.last_mut() {
                s.len -= 1;
                if s.len == 0 {
                    self.map.pop();
                }
            }
        }
    }

    fn last(&self) -> Option<char> {
        self.chars.last().copied()
    }

    fn last_two(&self) -> (Option<char>, Option<char>) {
        match self.chars.as_slice() {
            [] => (None, None),
            [c] => (None, Some(*c)),
            [.., a, b] => (Some(*a), Some(*b)),
        }
    }
}

/// How tall a line is set: its box's height, but a box taller than the
/// page's usual line no more than its median word's height allows
/// (`box_over_type` times [`BOX_SLACK`]). A speck or a mark the engine
/// joined to the line stretches the box of a body line to display height
/// on degraded scans; its words keep their size. Heads stay heads, their
/// words are as large as their box; and the words never make a line
/// smaller than the usual one, as the ink boxes of marks, flat characters
/// (`一`) and damaged glyphs would.
fn line_height(line: &Line, usual: f32, box_over_type: Option<f32>) -> Option<f32> {
    let h = line.bbox?.h as f32;
    Some(match (line.type_height, box_over_type) {
        (Some(t), Some(r)) if h > usual => h.min((t as f32 * r * BOX_SLACK).max(usual)),
        _ => h,
    })
}

/// Page-level statistics used to classify lines.
struct Geometry {
    median_height: f32,
    /// A line box's usual height over its median word's on this page
    /// (tesseract boxes ink, so about 1.2; engines that box words to the
    /// line's height, 1.0), where the words are boxed.
    box_over_type: Option<f32>,
    block_left: Vec<i32>,
}

/// Two lines whose heights differ by less than this share are set in one
/// size, whichever side of the display threshold each falls.
const SAME_SIZE: f32 = 1.1;

/// How far past its page's usual height for its words a line box may
/// reach before the excess is taken for specks, not type.
const BOX_SLACK: f32 = 1.1;

impl Geometry {
    fn of(page: &Page) -> Option<Geometry> {
        let text_lines = || page.lines.iter().filter(|l| !l.is_blank());
        let mut ratios: Vec<f32> = text_lines()
            .filter_map(|l| Some(l.bbox?.h as f32 / l.type_height? as f32))
            .filter(|r| r.is_finite() && *r > 0.0)
            .collect();
        ratios.sort_unstable_by(f32::total_cmp);
        let box_over_type = ratios.get(ratios.len() / 2).copied();
        let mut heights: Vec<i32> = text_lines()
            .filter_map(|l| l.bbox.map(|b| b.h))
            .filter(|&h| h > 0)
            .collect();
        if heights.is_empty() {
            return None;
        }
        heights.sort_unstable();
        let median_height = heights[heights.len() / 2] as f32;
        let blocks = page.lines.iter().map(|l| l.block).max().unwrap_or(0) as usize + 1;
        let mut block_left = vec![i32::MAX; blocks];
        for l in &page.lines {
            if let Some(b) = l.bbox {
                let left = &mut block_left[l.block as usize];
                *left = (*left).min(b.x);
            }
        }
        Some(Geometry {
            median_height,
            box_over_type,
            block_left,
        })
    }

    fn height(&self, line: &Line) -> Option<f32> {
        line_height(line, self.median_height, self.box_over_type)
    }

    fn size(&self, line: &Line, opts: &LayoutOptions) -> TypeSize {
        match self.height(line) {
            None => TypeSize::Unknown,
            Some(h) => {
                let r = h / self.median_height;
                if r >= opts.display_height_ratio {
                    TypeSize::Display
                } else if r <= opts.small_height_ratio {
                    TypeSize::Small
                } else {
                    TypeSize::Body
                }
            }
        }
    }

    /// Whether `line` starts a new paragraph after `prev` (same block).
    fn breaks(&self, prev: &Line, line: &Line, opts: &LayoutOptions) -> bool {
        let (ps, ls) = (self.size(prev, opts), self.size(line, opts));
        // A short last line in lower case (`renz ab.` after `Flo⸗`) has a
        // low box for want of capitals: it continues the text, small or not.
        let continues = line
            .text
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        let (Some(_), Some(lb)) = (prev.bbox, line.bbox) else {
            return ps != ls;
        };
        let (ph, lh) = (
            self.height(prev).unwrap_or(0.0),
            self.height(line).unwrap_or(0.0),
        );
        let (low, high) = (ph.min(lh), ph.max(lh));
        // Two lines on either side of the display threshold but within a
        // few percent of each other (a subhead's wrapped line, set in one
        // size and boxed a pixel or two apart) are one size.
        let straddle = matches!(
            (ps, ls),
            (TypeSize::Display, TypeSize::Body) | (TypeSize::Body, TypeSize::Display)
        ) && high <= low * SAME_SIZE;
        if ps != ls && !straddle && !(ps == TypeSize::Body && ls == TypeSize::Small && continues) {
            return true;
        }
        match ls {
            // Two display lines of clearly different size: headline, subtitle.
            TypeSize::Display if ps == TypeSize::Display => high > low * 1.2,
            TypeSize::Display | TypeSize::Body => {
                let left = self.block_left[line.block as usize];
                (lb.x - left) as f32 >= opts.indent_ratio * self.median_height
            }
            _ => false,
        }
    }
}

/// What a line is to paragraphing, said by the rules that know the genre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// An ordinary line: geometry and width decide.
    Plain,
    /// Always a paragraph of its own (furniture, a credit line).
    Alone,
    /// Always starts a paragraph (a dateline opens an article's first).
    Opens,
}

/// Splits a page into normalised paragraphs.
pub fn paragraphs(page: &Page, opts: &LayoutOptions) -> Vec<Paragraph> {
    paragraphs_with(page, opts, |_| LineRole::Plain)
}

/// [`paragraphs`], where a line for which `standalone` holds (page
/// furniture: a folio line, the paper's name) is always a paragraph of its
/// own. Plain-text OCR often runs a masthead's lines together with no
/// blank line between them, or a folio line into the text below it.
pub fn paragraphs_with(
    page: &Page,
    opts: &LayoutOptions,
    role: impl Fn(&str) -> LineRole,
) -> Vec<Paragraph> {
    // Asked lazily, at most once per line: only where two lines would join.
    let mut roles: Vec<Option<LineRole>> = vec![None; page.lines.len()];
    let mut role_of = |i: usize| *roles[i].get_or_insert_with(|| role(page.lines[i].text.trim()));
    let geometry = Geometry::of(page);
    // Plain text judges line ends by width: each line is measured once.
    let widths: Vec<usize> = match geometry {
        None => page.lines.iter().map(|l| line_width(&l.text)).collect(),
        Some(_) => Vec::new(),
    };
    let typical = match geometry {
        None => typical_width(page, &widths),
        Some(_) => 0,
    };
    let short = (typical as f32 * opts.short_line_ratio) as usize;
    let unwrapped = geometry.is_none() && is_unwrapped(page, &widths, typical);
    let indented = match geometry {
        None => first_line_indents(page),
        Some(_) => Vec::new(),
    };
    let measure = Measure::of(typical);
    // Chinese pages are judged by measure line by line; a line of digits
    // or Latin on them (`63%`, a callout) is set on the same grid.
    let page_cjk = geometry.is_none()
        && typical > 0
        && mostly_cjk(page.lines.iter().take(200).flat_map(|l| l.text.chars()));
    // A page written one paragraph a line has no measure to read.
    let cjk = page_cjk && !unwrapped;
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    // The widest line of `current`, kept as lines join (plain text only).
    let mut widest = 0;
    for (i, line) in page.lines.iter().enumerate() {
        if line.is_blank() {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&prev_index) = current.last() {
            let prev = &page.lines[prev_index];
            // Chinese lines by their measure; ragged Latin lines only
            // where a short one ends a sentence.
            // Two lines so far, and the next is wider than the second by
            // an indent: the second was an indented first line, so the
            // first stood alone (an intertitle, a one-line head).
            if cjk && current.len() == 2 && role_of(i) == LineRole::Plain {
                let (a, b, n) = (widths[current[0]], widths[current[1]], widths[i]);
                let indented = b + measure.indent <= n + measure.tolerance / 2
                    && b + measure.indent + measure.tolerance >= n;
                if indented && a.abs_diff(n) > measure.tolerance && a.abs_diff(b) > 0 {
                    let second = current.pop().expect("two lines");
                    groups.push(std::mem::take(&mut current));
                    current.push(second);
                    widest = b;
                }
            }
            let split = prev.block != line.block
                || (cjk
                    && current.len() >= 2
                    && measure.head_after_full_stop(
                        widest,
                        widths[prev_index],
                        widths[i],
                        &prev.text,
                        &line.text,
                    ))
                || (cjk
                    && measure.breaks(
                        current.len(),
                        widest,
                        widths[prev_index],
                        widths[i],
                        ends_sentence(&prev.text),
                    ))
                || (!cjk
                    && short > 0
                    && widths[prev_index] < short
                    && (ends_sentence(&prev.text) || mostly_cjk(prev.text.chars())))
                || (unwrapped && ends_sentence(&prev.text))
                || geometry
                    .as_ref()
                    .is_some_and(|g| g.breaks(prev, line, opts))
                || indented.get(i).copied().unwrap_or(false)
                || role_of(prev_index) == LineRole::Alone
                || role_of(i) != LineRole::Plain;
            if split {
                groups.push(std::mem::take(&mut current));
            }
        }
        if current.is_empty() {
            widest = 0;
        }
        if let Some(&w) = widths.get(i) {
            widest = widest.max(w);
        }
        current.push(i);
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
        .into_iter()
        .map(|g| {
            let mut p = build(page, &g, geometry.as_ref(), opts);
            if geometry.is_none() && typical > 0 && !unwrapped {
                p.narrow = measure.is_narrow(&widths, &g, typical);
                let widest = g.iter().map(|&k| widths[k]).max().unwrap_or(0);
                p.width_ratio = Some(widest as f32 / typical as f32);
                p.last_ratio = g.last().map(|&k| widths[k] as f32 / typical as f32);
            }
            p
        })
        .filter(|p| !p.chars.is_empty())
        .collect()
}

fn build(
    page: &Page,
    group: &[usize],
    geometry: Option<&Geometry>,
    opts: &LayoutOptions,
) -> Paragraph {
    let bytes = group.iter().map(|&li| page.lines[li].text.len()).sum();
    let mut b = Builder::with_capacity(bytes);
    for &li in group {
        let line = &page.lines[li];
        let text = line.text.as_str();
        let body = text.trim();
        if body.is_empty() {
            continue;
        }
        let start = text[..text.len() - text.trim_start().len()].chars().count();
        // Join with the previous line of the paragraph.
        if let Some(prev) = b.last() {
            let next = body.chars().next().expect("not empty");
            let (before_hyphen, _) = b.last_two();
            let hyphenated = is_line_end_hyphen(prev)
                && before_hyphen.is_some_and(|c| c.is_alphabetic() && !is_cjkish(c));
            if hyphenated && next.is_lowercase() {
                // news- / paper: one word, the hyphen was the line's.
                b.pop();
            } else if hyphenated && next.is_uppercase() {
                // Staats⸗ / Regierung, Anglo- / Saxon: a compound; keep the
                // hyphen, join without a space.
            } else if !(drop_space_between(prev, next) || is_cjkish(prev) || is_cjkish(next)) {
                let (line_no, col) = b.map.last().map(|s| (s.line, s.col + s.len - 1)).unwrap();
                b.push(' ', line_no, col);
            }
        }
        // Runs of visible characters go in whole; a run of whitespace
        // between them becomes one space or none. `body` is trimmed, so it
        // starts and ends with a visible run.
        let mut col = start as u32;
        let mut rest = body;
        loop {
            let (run_end, n) = b.push_run(rest, li as u32, col);
            let run = &rest[..run_end];
            col += n;
            rest = &rest[run_end..];
            if rest.is_empty() {
                break;
            }
            let ws_end = rest
                .find(|c: char| !c.is_whitespace())
                .expect("trimmed: a visible character follows");
            let before = run.chars().next_back().expect("runs are not empty");
            let after = rest[ws_end..].chars().next().expect("found above");
            if !drop_space_between(before, after) {
                b.push(' ', li as u32, col);
            }
            col += rest[..ws_end].chars().count() as u32;
            rest = &rest[ws_end..];
        }
    }
    let (size, height_ratio) = match geometry {
        Some(g) => {
            let mut hs: Vec<f32> = group
                .iter()
                .filter_map(|&i| g.height(&page.lines[i]))
                .collect();
            hs.sort_unstable_by(f32::total_cmp);
            let h = hs.get(hs.len() / 2).map(|&h| h / g.median_height);
            (g.size(&page.lines[group[0]], opts), h)
        }
        None => (TypeSize::Unknown, None),
    };
    Paragraph {
        chars: b.chars,
        text: b.text,
        first_line: group[0],
        last_line: *group.last().unwrap(),
        size,
        height_ratio,
        narrow: false,
        width_ratio: None,
        last_ratio: None,
        map: b.map,
        // Sorted by line (the group is in line order), for a binary search.
        long_lines: group
            .iter()
            .filter(|&&li| page.lines[li].text.len() > MARK_EVERY)
            .filter_map(|&li| {
                let marks: Vec<u32> = page.lines[li]
                    .text
                    .char_indices()
                    .step_by(MARK_EVERY)
                    .map(|(b, _)| b as u32)
                    .collect();
                (marks.len() > 1).then_some((li, marks))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{PageFormat, Rect};

    fn page(lines: &[&str]) -> Page {
        Page {
            file: "p01.txt".into(),
            format: PageFormat::Text,
            encoding: "UTF-8",
            bytes: 0,
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| Line {
                    text: t.to_string(),
                    source_line: i as u32 + 1,
                    block: 0,
                    bbox: None,
                    type_height: None,
                    confidence: None,
                    gutters: 0,
                })
                .collect(),
        }
    }

    /// On a line of thousands of characters, raw text is found through
    /// the column marks: every span, across mark boundaries, in mixed
    /// one- and three-byte characters, is what a plain character walk gives.
    #[test]
    fn raw_text_of_long_lines_through_the_marks() {
        let unit = "共21 项a经济 发展。";
        let line: String = unit.repeat(400);
        let p = page(&[line.as_str(), "尾行"]);
        let paras = paragraphs(&p, &LayoutOptions::default());
        let para = &paras[0];
        assert!(!para.long_lines.is_empty());
        let plain = |from: usize, to: usize| -> String {
            line.chars().skip(from).take(to - from).collect()
        };
        let n = para.chars.len();
        for start in (0..n - 3).step_by(37) {
            for len in [1, 2, 5, 300] {
                let end = (start + len).min(n);
                let (a, b) = (para.raw_pos(start), para.raw_pos(end - 1));
                if a.line == b.line {
                    assert_eq!(
                        para.raw_text(&p, start, end),
                        plain(a.col, b.col + 1),
                        "{start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn drops_stray_spaces_inside_cjk_and_maps_back() {
        let p = page(&["  切实 发挥政协,7月 2日 use iPhone  now", "", "第二段"]);
        let paras = paragraphs(&p, &LayoutOptions::default());
        assert_eq!(paras.len(), 2);
        assert_eq!(paras[0].text, "切实发挥政协,7月2日 use iPhone now");
        // '发' is raw column 5 (0-based) of line 0.
        let i = paras[0].text.chars().position(|c| c == '发').unwrap();
        assert_eq!(paras[0].raw_pos(i), RawPos { line: 0, col: 5 });
        assert_eq!(paras[0].raw_text(&p, 0, 4), "切实 发挥");
        assert_eq!(paras[1].raw_pos(0), RawPos { line: 2, col: 0 });
    }

    #[test]
    fn first_line_indents_start_paragraphs_in_plain_text() {
        let p = page(&[
            "标题",
            "\u{3000}\u{3000}第一段的第一行，这一行很长很长很长很长很长很长。",
            "\u{3000}\u{3000}第二段紧接着开始，没有空行分隔，这一行同样很长很长",
            "第二段的第二行，也很长很长很长很长很长很长很长很长。",
            "第二段的第三行，也很长很长很长很长很长很长很长很长。",
        ]);
        let paras = paragraphs(&p, &LayoutOptions::default());
        let firsts: Vec<usize> = paras.iter().map(|p| p.first_line).collect();
        assert_eq!(firsts, vec![0, 1, 2]);
        // Every line indented: the indent says nothing.
        let p = page(&[
            "  一行很长的文字很长很长很长很长很长很长很长",
            "  接着的一行也是很长很长很长很长很长很长。",
        ]);
        assert_eq!(paragraphs(&p, &LayoutOptions::default()).len(), 1);
    }

    #[test]
    fn short_lines_end_paragraphs_in_plain_text() {
        // One paragraph per line and no blank lines (a cleaned transcript),
        // and a wrapped paragraph whose last line is short.
        let p = page(&[
            "履新第一课",
            "今年是十四届聊城市政协的开局之年。",
            "在培训班上全国政协文化文史和学习委员会副主任刘佳义等授课专家以宏大视野旁征博引阐述了",
            "人民政协的重要思想。",
            "政协委员参政议政的重要途径是深入调研撰写调研报告和提案参与学习贯彻国家大政方针和地方",
        ]);
        let paras = paragraphs(&p, &LayoutOptions::default());
        let firsts: Vec<usize> = paras.iter().map(|p| p.first_line).collect();
        assert_eq!(firsts, vec![0, 1, 2, 4]);
    }

    #[test]
    fn joins_wrapped_lines_by_script() {
        let p = page(&[
            "The news-",
            "paper was",
            "printed",
            "中文中文",
            "文本 in",
            "London",
        ]);
        let paras = paragraphs(&p, &LayoutOptions::default());
        assert_eq!(
            paras[0].text,
            "The newspaper was printed中文中文文本 in London"
        );
        let i = paras[0].text.find("paper").unwrap();
        assert_eq!(
            paras[0].raw_pos(paras[0].text[..i].chars().count()),
            RawPos { line: 1, col: 0 }
        );
    }

    #[test]
    fn geometry_splits_on_type_size_and_indent() {
        let mut p = page(&["标题很大", "正文第一行", "正文第二行", "新段落开始"]);
        let boxes = [(10, 80), (70, 40), (10, 40), (70, 40)];
        for (l, (x, h)) in p.lines.iter_mut().zip(boxes) {
            l.bbox = Some(Rect { x, y: 0, w: 100, h });
        }
        let paras = paragraphs(&p, &LayoutOptions::default());
        let texts: Vec<_> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["标题很大", "正文第一行正文第二行", "新段落开始"]
        );
        assert_eq!(paras[0].size, TypeSize::Display);
    }

    /// A body line whose box a speck stretched (its words at body size) is
    /// body type; a head, whose words are as tall as its box, is display
    /// type; a last line whose damaged glyphs have tiny ink boxes is no
    /// smaller than the body.
    #[test]
    fn type_size_follows_the_words_not_a_stretched_line_box() {
        let mut p = page(&[
            "标题很大",
            "正文第一行很长很长",
            "正文第二行被斑点拉高",
            "正文第三行很长很长",
            "正文第四行很长很长",
            "末行",
        ]);
        // (line box height, word box heights)
        let lines: [(i32, &[i32]); 6] = [
            (80, &[76, 78, 77]),
            (40, &[34, 34, 33]),
            (62, &[34, 60, 34, 33, 5]),
            (40, &[34, 35, 34]),
            (40, &[34, 34, 34]),
            (38, &[4, 11, 15]),
        ];
        for (l, (h, words)) in p.lines.iter_mut().zip(lines) {
            l.bbox = Some(Rect {
                x: 10,
                y: 0,
                w: 100,
                h,
            });
            l.type_height = crate::source::type_height(words.iter().map(|&h| {
                Some(Rect {
                    x: 0,
                    y: 0,
                    w: 10,
                    h,
                })
            }));
        }
        let g = Geometry::of(&p).unwrap();
        let opts = LayoutOptions::default();
        let sizes: Vec<TypeSize> = p.lines.iter().map(|l| g.size(l, &opts)).collect();
        assert_eq!(
            sizes,
            [
                TypeSize::Display,
                TypeSize::Body,
                TypeSize::Body,
                TypeSize::Body,
                TypeSize::Body,
                TypeSize::Body
            ]
        );
        // Without word boxes the stretched box is all there is.
        p.lines[2].type_height = None;
        assert_eq!(g.size(&p.lines[2], &opts), TypeSize::Display);
    }
}
