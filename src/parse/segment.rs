//! Segmentation: the paragraphs of an issue's pages become articles.
//!
//! Each paragraph is first classified on its own (furniture, byline,
//! headline candidate, body); then a pass in reading order groups them:
//!
//! * a run of at most `max_group` headline candidates is a headline group
//!   (kicker, main title, subtitle) when it is *confirmed*: followed by a
//!   byline or by a paragraph that opens with a dateline, or — where the OCR
//!   gives geometry — set in type at least `headline_height_ratio` times the
//!   body size. In plain text a short line alone is not enough: broken
//!   paragraphs leave many short lines without a full stop;
//! * bylines after a headline group belong to it; a byline with no headline
//!   before it starts an untitled unit (the OCR lost the headline);
//! * a paragraph that opens with a dateline inside an article that already
//!   has body text starts a new, untitled unit;
//! * body paragraphs at the top of a page continue the previous page's last
//!   article; after a jump line (`（上接第一版）`) they continue the article
//!   that the first unanswered `（下转…）` line ended, wherever it was;
//! * a photo credit (`本报记者 王某 摄`) after body text belongs to the article
//!   it stands in.
//!
//! Afterwards [`super::streams`] separates pieces the OCR interleaved.

use super::credits::{merged_credit, parse_credits, Credits, MergedAt};
use super::dateline::{parse_dateline, starts_with_dateline};
use super::rules::{CompiledRules, LinePattern};
use super::{Article, ParaRef};
use crate::source::Page;
use crate::text::chars::is_cjkish;
use crate::text::normalize::{LineRole, Paragraph, TypeSize};
use jiff::civil::Date;

/// What a paragraph is, judged on its own.
#[derive(Debug, Clone)]
enum Kind {
    Furniture,
    /// A jump line: the article goes on on another page (`（下转第二版）`).
    ContinuedTo,
    /// A jump line: what follows continues an earlier page's article.
    ContinuedFrom,
    Byline(Credits),
    /// A credit in brackets after the text (`（本报记者 王五）`): the byline
    /// of the article it closes.
    ClosingCredit(Credits),
    /// A column label (`【社论】`): furniture that says a head follows.
    Label,
    Body {
        candidate: bool,
        opens_dateline: bool,
    },
}

/// Whether a unit is set in capitals, as Latin-script papers set heads:
/// at least `uppercase_ratio` of its letters upper case (0 turns it off).
fn in_capitals(text: &str, rules: &CompiledRules) -> bool {
    let ratio = *rules.profile.headline.uppercase_ratio;
    if ratio <= 0.0 {
        return false;
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 3 && upper as f32 >= ratio * letters.len() as f32
}

/// Where a bracketed tag that ends a text starts (`…辩证法（一线视角·
/// 聚焦…）`, the closing bracket possibly doubled by the OCR): the byte
/// offset of its opening bracket. Book-title marks are not tags.
fn trailing_tag_start(text: &str) -> Option<usize> {
    let body = text.trim_end().trim_end_matches([')', '）', '〉']);
    if body.len() == text.trim_end().len() {
        return None;
    }
    body.rfind(['（', '(', '〈']).filter(|&k| k > 0)
}

/// `geometry`: whether the page has boxes ([`Page::has_geometry`], which
/// scans every line, so it is asked once per page, not per paragraph).
fn is_headline_text(p: &Paragraph, geometry: bool, rules: &CompiledRules) -> bool {
    let h = &rules.profile.headline;
    let text = p.text.trim();
    // A paragraph wrapped at a head's narrow measure is display type: a
    // long head or a subhead that summarises the article, which may run
    // to three heads' length and several clauses.
    // Set in display type (taller lines where the OCR gives geometry): the
    // same holds.
    let display = p.narrow || (geometry && p.size == TypeSize::Display);
    let (max_chars, max_clause_marks) = if display {
        (3 * h.max_chars, 2 * h.max_clause_marks + 2)
    } else {
        (h.max_chars, h.max_clause_marks)
    };
    // Counted only up to the limit: most paragraphs are far longer.
    let n = p
        .chars
        .iter()
        .filter(|c| !c.is_whitespace())
        .take(max_chars + 1)
        .count();
    if n < h.min_chars || n > max_chars {
        return false;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters * 2 < n {
        return false;
    }
    if text.chars().last().is_some_and(|c| h.not_final.contains(c)) {
        return false;
    }
    if rules.not_heads.is_match(text) {
        return false;
    }
    // A dash and a name alone (`——鲁迅`) signs the quotation above it:
    // a subtitle under a head says more than a name's two to four
    // characters (`——记…`).
    if let Some(m) = rules.subtitle_prefix.find(text) {
        let signer = text[m.end()..].trim();
        if m.start() == 0
            && (2..=4).contains(&signer.chars().count())
            && signer.chars().all(crate::text::chars::is_han)
        {
            return false;
        }
    }
    // A kicker in display type that leads into the main title with a dash
    // (`…一项工程，让2400平方公里土地变成了湿地——`) may run to sentences.
    let kicker = display
        && rules
            .kicker_suffix
            .as_ref()
            .is_some_and(|re| re.is_match(text));
    // A column's tag in brackets at the head's end is read apart: the OCR
    // reads its `·` as `。` (`（一线视角。 聚焦全面建成小康社会③）`).
    let before_tag = trailing_tag_start(text).map_or(text, |k| &text[..k]);
    if !kicker && before_tag.chars().any(|c| h.inner_stops.contains(c)) {
        return false;
    }
    if !kicker && text.chars().filter(|c| h.clause_marks.contains(*c)).count() > max_clause_marks {
        return false;
    }
    let caps = in_capitals(text, rules);
    if geometry && p.size != TypeSize::Display && !caps {
        return false;
    }
    // Where heads are set in capitals, a head in lower case ends without a
    // full stop (`Fair Buildings Dedicated`); a sentence is text.
    if *h.uppercase_ratio > 0.0
        && !caps
        && text
            .chars()
            .last()
            .is_some_and(|c| rules.profile.validation.sentence_ends.contains(c))
    {
        return false;
    }
    true
}

/// A byline by one of the profile's whole-line patterns (`By JOHN SMITH`,
/// `From our Correspondent`), with the named groups as people.
fn pattern_credits(text: &str, rules: &CompiledRules) -> Option<Credits> {
    let caps = rules
        .credit_patterns
        .iter()
        .find_map(|re| re.captures(text))?;
    let mut people = crate::parse::credits::People::default();
    let mut marker = text.to_string();
    for (group, list) in [
        ("reporter", &mut people.reporters),
        ("correspondent", &mut people.correspondents),
    ] {
        if let Some(m) = caps.name(group) {
            list.push(m.as_str().trim().to_string());
            marker = text[..m.start()].trim().to_string();
        }
    }
    Some(Credits {
        text: text.to_string(),
        marker,
        people,
    })
}

/// A photo caption that ends with its photo credit (`图片展示了… 本报记者
/// 王某 摄`): page furniture, not article text.
fn is_caption(text: &str, rules: &CompiledRules) -> bool {
    // Cheap test first: the line must end like a photo credit.
    ends_like_photo_credit(text, rules)
        && merged_credit(text, rules).is_some_and(|(_, at, _)| at == MergedAt::End)
}

/// Whether text ends with one of the profile's photo suffixes (`摄`).
fn ends_like_photo_credit(text: &str, rules: &CompiledRules) -> bool {
    let text = text.trim_end();
    rules
        .profile
        .credits
        .photo_suffixes
        .iter()
        .any(|s| text.ends_with(s.as_str()))
}

fn is_paper_name(text: &str, paper: &str) -> bool {
    // Cheap length test first: nearly every paragraph is far longer. Then
    // the visible characters are compared in place, without copying.
    !paper.is_empty()
        && text.len() <= 4 * paper.len()
        && text
            .chars()
            .filter(|c| !c.is_whitespace())
            .eq(paper.chars().filter(|c| !c.is_whitespace()))
}

/// Whether a line is a photo credit (`本报记者 王某 摄`): a whole credit
/// ending with one of the profile's photo suffixes.
pub fn is_photo_credit(text: &str, rules: &CompiledRules) -> bool {
    ends_like_photo_credit(text, rules) && parse_credits(text.trim_end(), rules, true).is_some()
}

/// Whether a line or paragraph must be a paragraph of its own: furniture
/// and jump lines, which plain text runs into their neighbours, photo
/// credits, which it runs into the paragraph above, and whole-line credits
/// (`By JOHN SMITH`), which it runs into the affiliation line below.
pub fn stands_alone(text: &str, rules: &CompiledRules, paper: &str) -> bool {
    let text = text.trim();
    rules.line_pattern(text).is_some()
        || rules.not_heads.is_match(text)
        || is_paper_name(text, paper)
        || is_photo_credit(text, rules)
        || is_caption(text, rules)
        || rules.credit_patterns.iter().any(|re| re.is_match(text))
        || rules.boxes.iter().any(|b| b.title.is_match(text))
}

/// A line that is a column rule, a box edge or specks read as text by the
/// OCR of a Chinese page: short, with Han characters but no two real ones
/// side by side (`一` is how a rule reads), and with the ASCII brackets,
/// bars or capitals that such noise yields (`| 一一|   [一|`, `SRA     护`,
/// `忌      司     人   7 A。`).
/// Lines without any Han character (`63%`, `I.`) are never taken for it,
/// so Latin text is untouched.
pub fn is_ocr_noise(text: &str) -> bool {
    // One pass, no allocation: this runs on every line of every page.
    let real_han = |c: char| crate::text::chars::is_han(c) && c != '一';
    let (mut n, mut has_han, mut junk, mut prev_real) = (0, false, false, false);
    for c in text.chars() {
        // Specks are read apart (`忌      司     人   7 A。`): only
        // characters side by side make a word.
        if c.is_whitespace() {
            prev_real = false;
            continue;
        }
        n += 1;
        let real = real_han(c);
        // Longer than noise, or a word of two real characters: text.
        if n > 16 || (real && prev_real) {
            return false;
        }
        prev_real = real;
        has_han |= real || c == '一';
        junk |= matches!(c, '|' | '[' | ']' | '{' | '}' | '_' | '=' | '~' | '\\')
            || c.is_ascii_uppercase();
    }
    has_han && junk
}

/// Whether a paragraph is OCR noise ([`is_ocr_noise`]), read in its raw
/// lines: normalisation closes the gaps between specks read apart
/// (`忌      司     人   7 A。` becomes `忌司人7 A。`), and those gaps are
/// what tells specks from a word.
fn is_noise_paragraph(p: &Paragraph, page: &Page) -> bool {
    // Noise is short (`is_ocr_noise` gives up past 16 characters): most
    // paragraphs are decided here without rebuilding their raw text.
    let n = p
        .chars
        .iter()
        .filter(|c| !c.is_whitespace())
        .take(17)
        .count();
    n <= 16 && is_ocr_noise(&p.raw_text(page, 0, p.chars.len()))
}

/// A speck the OCR read as a character or two: in small type where the
/// page has geometry, or with no Han character (`9`, `.`) on a Chinese
/// page's line of its own. Between two head lines it is not text.
fn is_speck(p: &Paragraph, geometry: bool) -> bool {
    let mut visible = p.chars.iter().filter(|c| !c.is_whitespace());
    let few = visible.clone().nth(2).is_none();
    few && ((geometry && p.size == TypeSize::Small)
        || visible.all(|&c| !crate::text::chars::is_han(c)))
}

/// What a line is to paragraphing: [`stands_alone`] lines are paragraphs
/// of their own, and a line that opens with a dateline starts one (the
/// dateline opens an article's first paragraph, however wide the line).
pub fn line_role(text: &str, rules: &CompiledRules, paper: &str) -> LineRole {
    if stands_alone(text, rules, paper) || is_ocr_noise(text) {
        LineRole::Alone
    } else if starts_with_dateline(text, rules) {
        LineRole::Opens
    } else {
        LineRole::Plain
    }
}

/// Marks titled boxes (a weather box) as furniture: a paragraph that is a
/// box's title, with the short paragraphs under it that read like the
/// box's content. A title with no such paragraph under it stays what it
/// was (a section or an article may be called 天气).
fn mark_boxes(units: &mut [Unit], rules: &CompiledRules) {
    let is_body = |u: &Unit| matches!(u.kind, Kind::Body { .. });
    let mut i = 0;
    while i < units.len() {
        let title = &units[i];
        let Some(b) = rules
            .boxes
            .iter()
            .find(|b| is_body(title) && b.title.is_match(title.para.text.trim()))
        else {
            i += 1;
            continue;
        };
        let content = units[i + 1..]
            .iter()
            .take_while(|u| {
                is_body(u)
                    && u.para.chars.len() <= b.max_chars
                    && b.content.is_match(u.para.text.trim())
            })
            .count();
        if content > 0 {
            for u in &mut units[i..=i + content] {
                u.kind = Kind::Furniture;
            }
        }
        i += 1 + content;
    }
}

fn classify(
    p: &Paragraph,
    page: &Page,
    geometry: bool,
    rules: &CompiledRules,
    paper: &str,
) -> Kind {
    let text = p.text.trim();
    match rules.line_pattern(text) {
        Some(LinePattern::ContinuedTo) => return Kind::ContinuedTo,
        Some(LinePattern::ContinuedFrom) => return Kind::ContinuedFrom,
        Some(LinePattern::Furniture) => return Kind::Furniture,
        None => {}
    }
    // The masthead (the paper's own name, however the OCR spaced it) and
    // a caption that ends with its photo credit are furniture too, and so
    // is a rule or a speck that the OCR read as symbols.
    if is_paper_name(text, paper) || is_caption(text, rules) || is_noise_paragraph(p, page) {
        return Kind::Furniture;
    }
    if geometry && p.size == TypeSize::Small && p.chars.len() <= 4 {
        // Specks and rules read as a character or two.
        return Kind::Furniture;
    }
    if rules.column_labels.is_match(text) {
        return Kind::Label;
    }
    if let Some(c) = pattern_credits(text, rules) {
        return Kind::Byline(c);
    }
    if let Some(c) = closing_credit(p, page, rules) {
        return Kind::ClosingCredit(c);
    }
    // Credits are short: the raw text (with the OCR's spaces) is only
    // rebuilt for a paragraph that could be one. Normalisation only removes
    // characters (whitespace, a line-end hyphen) and inserts spaces, so a
    // paragraph with more non-whitespace characters than a credit may have
    // has at least as many in its raw text.
    let could_be_credit = p
        .chars
        .iter()
        .filter(|c| !c.is_whitespace())
        .nth(rules.profile.credits.max_chars)
        .is_none();
    let credits = could_be_credit
        .then(|| parse_credits(&p.raw_text(page, 0, p.chars.len()), rules, true))
        .flatten();
    if let Some(c) = credits {
        return Kind::Byline(Credits {
            text: text.to_string(),
            ..c
        });
    }
    let opens_dateline = starts_with_dateline(text, rules);
    Kind::Body {
        candidate: !opens_dateline && is_headline_text(p, geometry, rules),
        opens_dateline,
    }
}

/// A whole paragraph that is a credit in brackets, `（本报记者 王五）` or
/// `（记者 张三 通讯员 李四）`: city papers close an article with it.
fn closing_credit(p: &Paragraph, page: &Page, rules: &CompiledRules) -> Option<Credits> {
    let cfg = &rules.profile.dateline;
    let (first, last) = (*p.chars.first()?, *p.chars.last()?);
    if !cfg.open_brackets.contains(first)
        || !cfg.close_brackets.contains(last)
        || p.chars.len() > rules.profile.credits.max_chars + 2
    {
        return None;
    }
    let inner = p.raw_text(page, 1, p.chars.len() - 1);
    parse_credits(&inner, rules, true).map(|c| Credits {
        text: p.text.trim().to_string(),
        ..c
    })
}

/// One paragraph in reading order, with its classification.
#[derive(Clone)]
struct Unit<'a> {
    at: ParaRef,
    para: &'a Paragraph,
    kind: Kind,
    /// Specks or a rule the OCR read as text ([`is_noise_paragraph`]).
    noise: bool,
    /// The paragraph is an author's name alone ([`bare_name`]).
    author: Option<Credits>,
}

impl Unit<'_> {
    fn candidate(&self) -> bool {
        matches!(
            self.kind,
            Kind::Body {
                candidate: true,
                ..
            }
        )
    }
    /// Furniture, or specks read as text: never part of a head.
    fn not_text(&self) -> bool {
        self.noise || matches!(self.kind, Kind::Furniture)
    }
    fn attribution(&self) -> bool {
        matches!(
            self.kind,
            Kind::Byline(_)
                | Kind::Body {
                    opens_dateline: true,
                    ..
                }
        )
    }
}

/// The result of segmenting an issue.
pub struct Segmented {
    pub articles: Vec<Article>,
    /// Furniture paragraph indices per page (masthead, folio, editor lines).
    pub furniture: Vec<Vec<usize>>,
}

/// Segments the pages of one issue into articles; `paper` is the
/// publication's name, which in a masthead is furniture.
pub fn segment(
    pages: &[(Page, Vec<Paragraph>)],
    rules: &CompiledRules,
    issue_date: Date,
    paper: &str,
) -> Segmented {
    let mut articles: Vec<Article> = Vec::new();
    let mut furniture = vec![Vec::new(); pages.len()];
    // The article that last took body text, and the articles that jumped
    // to another page and have not been picked up yet, oldest first.
    let mut last_body: Option<usize> = None;
    let mut jumped: std::collections::VecDeque<usize> = Default::default();
    // After a `continued_from` line: the article its text continues.
    let mut continuing: Option<usize> = None;
    for (pi, (page, paras)) in pages.iter().enumerate() {
        let geometry = page.has_geometry();
        let mut units: Vec<Unit> = paras
            .iter()
            .enumerate()
            .map(|(i, p)| Unit {
                at: ParaRef { page: pi, para: i },
                para: p,
                kind: classify(p, page, geometry, rules, paper),
                noise: is_noise_paragraph(p, page) || is_speck(p, geometry),
                author: bare_name(p, page, rules),
            })
            .collect();
        if !rules.boxes.is_empty() {
            mark_boxes(&mut units, rules);
        }
        // Each unit's head group, found once: the intertitle pass and the
        // walk below both read it.
        let heads: Vec<Option<(usize, HeadEvidence)>> = (0..units.len())
            .map(|i| headline_group(&units, i, rules))
            .collect();
        let intertitle = intertitles(&units, &heads);
        // Units of a head group after a column's tag: body text.
        let mut body_until = 0;
        let mut on_this_page = false;
        let mut i = 0;
        while i < units.len() {
            let u = &units[i];
            match &u.kind {
                Kind::Furniture | Kind::Label => {
                    furniture[pi].push(u.at.para);
                    i += 1;
                }
                Kind::ClosingCredit(c) => {
                    let k = last_body.filter(|_| on_this_page);
                    credit_after_text(&mut articles, k, &mut furniture[pi], u.at, c.clone());
                    i += 1;
                }
                Kind::ContinuedTo => {
                    furniture[pi].push(u.at.para);
                    if let Some(k) = last_body.filter(|k| !jumped.contains(k)) {
                        jumped.push_back(k);
                    }
                    continuing = None;
                    i += 1;
                }
                Kind::ContinuedFrom => {
                    furniture[pi].push(u.at.para);
                    continuing = jumped.pop_front();
                    i += 1;
                }
                // Already parsed as a credit: its ending says it is a photo's.
                Kind::Byline(c) if ends_like_photo_credit(&c.text, rules) && on_this_page => {
                    let credit = Credits {
                        people: c.people.clone().as_photographers(),
                        ..c.clone()
                    };
                    credit_after_text(&mut articles, last_body, &mut furniture[pi], u.at, credit);
                    i += 1;
                }
                Kind::Byline(c) => {
                    let attach = on_this_page && articles.last().is_some_and(|a| a.body.is_empty());
                    if !attach {
                        articles.push(Article::new());
                        on_this_page = true;
                        continuing = None;
                    }
                    articles.last_mut().unwrap().add_credit(u.at, c.clone());
                    i += 1;
                }
                Kind::Body { .. } => {
                    // An intertitle is text of the article it divides.
                    let head = heads[i].map(|(end, _)| end).filter(|_| {
                        i >= body_until
                            && !(intertitle[i]
                                && on_this_page
                                && articles.last().is_some_and(|a| !a.body.is_empty()))
                    });
                    if let Some(group_end) = head {
                        // A column's tag closes the head (`…（今日谈）`);
                        // what the group held after it is the body's start.
                        let end = tag_cut(&units, i, group_end, rules);
                        body_until = group_end;
                        let mut a = Article::new();
                        // A commentary's author stands alone under its head
                        // (`推进乡村教育数字化` / `钱文华`): a byline.
                        // It may close the group or follow it.
                        let in_group = (end - i >= 2)
                            .then(|| units[end - 1].author.clone().map(|c| (end - 1, c)))
                            .flatten();
                        let author = in_group.or_else(|| {
                            units
                                .get(end)
                                .filter(|u| matches!(u.kind, Kind::Body { .. }))
                                .and_then(|u| u.author.clone())
                                .map(|c| (end, c))
                        });
                        let head_end = author.as_ref().map_or(end, |(k, _)| (*k).min(end));
                        // A column's label alone on the group's first line
                        // over a signed head (`来论` / head / author) opens
                        // a roundtable: the label is its title, the rest
                        // its first contribution.
                        let mut start = i;
                        if head_end - i >= 2
                            && author.is_some()
                            && is_column_label_line(units[i].para)
                        {
                            articles.push(roundtable_under(&units[i]));
                            on_this_page = true;
                            start = i + 1;
                        }
                        // Noise inside the head group is furniture, not title;
                        // a line after it went on from the line before.
                        let (noise, group): (Vec<Unit>, Vec<Unit>) = units[start..head_end]
                            .iter()
                            .cloned()
                            .partition(|u| u.not_text());
                        let after_noise: Vec<bool> = units[start..head_end]
                            .iter()
                            .enumerate()
                            .filter(|(_, u)| !u.not_text())
                            .map(|(k, _)| k > 0 && units[start + k - 1].not_text())
                            .collect();
                        furniture[pi].extend(noise.iter().map(|u| u.at.para));
                        assign_headline(&mut a, &group, &after_noise, page, geometry, rules);
                        let head_start = i;
                        i = end;
                        if let Some((k, c)) = author {
                            a.add_credit(units[k].at, c);
                            i = i.max(k + 1);
                        }
                        // A signed contribution to a roundtable is part of
                        // it; a column's label standing alone right above
                        // one (`来论`) opens such a roundtable.
                        if on_this_page && is_contribution(&a) {
                            let prev = head_start.checked_sub(1).and_then(|k| units.get(k));
                            if let Some(label) = prev.filter(|u| is_column_label_line(u.para)) {
                                let owner = articles.last_mut().filter(|o| {
                                    o.body.last() == Some(&label.at) && o.body.len() > 1
                                });
                                if let Some(owner) = owner {
                                    owner.body.pop();
                                    owner.parts.retain(|r| *r != label.at);
                                    articles.push(roundtable_under(label));
                                }
                            }
                        }
                        let host = articles
                            .last_mut()
                            .filter(|h| on_this_page && hosts_contributions(h, pages, rules));
                        if let (Some(host), true) = (host, is_contribution(&a)) {
                            host.take_piece(&a);
                            last_body = Some(articles.len() - 1);
                            continue;
                        }
                        articles.push(a);
                        on_this_page = true;
                        continuing = None;
                        continue;
                    }
                    let opens = matches!(
                        u.kind,
                        Kind::Body {
                            opens_dateline: true,
                            ..
                        }
                    );
                    // Subheads the head group did not take (set in a type
                    // of their own between head and text, or cut from the
                    // head by the OCR): short lines, no sentence, between
                    // a head and the dispatch that opens its text are the
                    // head's subtitle, not the text of a piece whose
                    // dispatch would then start another.
                    if opens && on_this_page && continuing.is_none() {
                        if let Some(a) = articles.last_mut().filter(|a| {
                            a.headline.is_some()
                                && a.dateline.is_none()
                                && a.byline.is_none()
                                && (1..=MAX_LOOSE_SUBHEADS).contains(&a.body.len())
                                && a.body
                                    .iter()
                                    .all(|r| is_subhead_text(&pages[r.page].1[r.para].text, rules))
                        }) {
                            let subheads: Vec<ParaRef> = std::mem::take(&mut a.body);
                            for r in subheads {
                                add_subtitle(a, &pages[r.page].1[r.para].text, rules);
                            }
                        }
                    }
                    // A dash-led line right under a head is its subtitle
                    // (`——江苏落实…纪实`), wherever the head group ended.
                    if !opens && on_this_page && continuing.is_none() {
                        if let Some(a) = articles.last_mut().filter(|a| {
                            a.headline.is_some()
                                && a.body.is_empty()
                                && a.dateline.is_none()
                                && rules.subtitle_prefix.is_match(&u.para.text)
                                && is_subhead_text(&u.para.text, rules)
                        }) {
                            add_subtitle(a, &u.para.text, rules);
                            a.parts.push(u.at);
                            i += 1;
                            continue;
                        }
                    }
                    let new_unit = match articles.last() {
                        None => true,
                        // A dateline inside running text: a new piece whose
                        // headline was lost; unless the OCR read the same
                        // paragraph twice (line.duplicate reports that).
                        Some(a) => {
                            opens
                                && a.body
                                    .last()
                                    .is_some_and(|r| pages[r.page].1[r.para].text != u.para.text)
                        }
                    };
                    if new_unit {
                        articles.push(Article::new());
                        on_this_page = true;
                        continuing = None;
                    }
                    let k = continuing.unwrap_or(articles.len() - 1);
                    let a = &mut articles[k];
                    if a.body.is_empty() && a.dateline.is_none() {
                        a.dateline = parse_dateline(u.para, page, rules, issue_date);
                    }
                    a.parts.push(u.at);
                    a.body.push(u.at);
                    last_body = Some(k);
                    i += 1;
                }
            }
        }
    }
    gather_under_umbrellas(&mut articles, pages, rules);
    Segmented {
        articles,
        furniture,
    }
}

/// The most short lines between a head and its dispatch that are taken
/// for the head's subheads.
const MAX_LOOSE_SUBHEADS: usize = 2;

/// The most visible characters of a subhead line (a long one runs to two
/// lines of display type).
const MAX_SUBHEAD_CHARS: usize = 120;

/// Whether a paragraph reads as a subhead: short, no full stop in it, no
/// dateline, not a lead-in (`…指出：`).
fn is_subhead_text(text: &str, rules: &CompiledRules) -> bool {
    let t = text.trim();
    let visible = t.chars().filter(|c| !c.is_whitespace()).count();
    (1..=MAX_SUBHEAD_CHARS).contains(&visible)
        && !t.contains(['。', '：', ':'])
        && !starts_with_dateline(t, rules)
}

/// Appends a subhead line to an article's subtitle, its leading dash
/// (`headline.subtitle_prefix`) left out as the head group leaves it out.
fn add_subtitle(a: &mut Article, text: &str, rules: &CompiledRules) {
    let t = rules.subtitle_prefix.replace(text.trim(), "");
    let t = t.trim();
    match &mut a.subtitle {
        Some(s) => s.push_str(t),
        None => a.subtitle = Some(t.to_string()),
    }
}

/// The most visible characters a series head's own text may have: the
/// first piece's head read as its text (`林杰——“有需要，召必回！”`).
const UMBRELLA_TEXT: usize = 40;

/// The visible text of an article's body up to the first line that is a
/// byline: a text without blank lines may run a series' first piece (its
/// head, its byline, its text) into the series head's body.
fn umbrella_own_text(
    a: &Article,
    pages: &[(Page, Vec<Paragraph>)],
    rules: &CompiledRules,
) -> Vec<char> {
    let mut out = Vec::new();
    for r in &a.body {
        let (page, paras) = &pages[r.page];
        let p = &paras[r.para];
        for line in page.lines.get(p.first_line..=p.last_line).unwrap_or(&[]) {
            if parse_credits(&line.text, rules, true).is_some_and(|c| !c.marker.is_empty()) {
                return out;
            }
            out.extend(line.text.chars().filter(|c| !c.is_whitespace()));
            if out.len() > UMBRELLA_TEXT {
                return out;
            }
        }
    }
    out
}

/// A series of signed pieces under one head (`一线抗疫群英谱`, a page of
/// profiles, letters or voices): the series head has no text of its own,
/// each piece under it its own head and its reporter's byline line. The
/// series is one article, as the paper files it; its pieces, with their
/// heads, bylines and any untitled continuation, are its text. A head
/// with no text that is followed by anything else (a dispatch, an unsigned
/// piece) keeps its article.
fn gather_under_umbrellas(
    articles: &mut Vec<Article>,
    pages: &[(Page, Vec<Paragraph>)],
    rules: &CompiledRules,
) {
    let page_of = |a: &Article| a.parts.first().map(|r| r.page);
    let signed = |a: &Article| a.byline.is_some() && a.dateline.is_none();
    let mut k = 0;
    while k + 1 < articles.len() {
        let host = &articles[k];
        let page = page_of(host);
        // The fields first; the host's text, line by line, only then.
        let is_umbrella = host.headline.is_some()
            && host.dateline.is_none()
            && host.byline.is_none()
            && signed(&articles[k + 1])
            && page_of(&articles[k + 1]) == page
            && {
                let own_text = umbrella_own_text(host, pages, rules);
                own_text.len() <= UMBRELLA_TEXT && !own_text.contains(&'。')
            };
        if !is_umbrella {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while end < articles.len()
            && page_of(&articles[end]) == page
            && (signed(&articles[end])
                || (articles[end].headline.is_none()
                    && articles[end].dateline.is_none()
                    && articles[end].byline.is_none()))
        {
            end += 1;
        }
        let pieces: Vec<Article> = articles.drain(k + 1..end).collect();
        for piece in &pieces {
            articles[k].take_piece(piece);
        }
        k += 1;
    }
}

/// A credit after the text (`（本报记者 王五）`, a photo credit `… 摄`):
/// the byline of article `k`, the one that took text last on this page.
/// With none, it names nobody's article and is furniture.
fn credit_after_text(
    articles: &mut [Article],
    k: Option<usize>,
    furniture: &mut Vec<usize>,
    at: ParaRef,
    credit: Credits,
) {
    match k {
        Some(k) => articles[k].add_credit(at, credit),
        None => furniture.push(at.para),
    }
}

/// Where a head group `i..end` ends when one of its units ends with a
/// column's tag in brackets (`官微运营需用心` / `（今日谈）`): right after
/// it, unless a dashed subtitle follows the tag (`headline.subtitle_prefix`,
/// which knows the dash as OCR reads it, `一一`). The group's evidence stays that of all its units: in plain
/// text the body's first line may be as short as a head and be taken into
/// the group, and only the tag says where the head ends.
fn tag_cut(units: &[Unit], i: usize, end: usize, rules: &CompiledRules) -> usize {
    let Some(tag) = rules.column_tag.as_ref() else {
        return end;
    };
    (i..end.saturating_sub(1))
        .find(|&k| {
            tag.is_match(units[k].para.text.trim())
                && !rules.subtitle_prefix.is_match(&units[k + 1].para.text)
        })
        .map_or(end, |k| k + 1)
}

/// How a headline group was confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadEvidence {
    /// Type size, an attribution after it, capitals or a column label.
    Strong,
    /// Only one short line between a sentence's end and body text: a
    /// head, or an intertitle (小标题) inside a longer article.
    ShortLine,
}

/// Intertitles (小标题): one-line heads confirmed by nothing but their
/// shortness that come in a series inside one stretch of text — no
/// stronger head, dateline or byline between them — set in parallel (of
/// about one length), each over two paragraphs or more. A feature or a
/// press conference report divides its text so (`吃的跟得上` … `采购有代购`
/// … `物资储备足`); an article with one such line, or a run of
/// one-paragraph briefs under short heads, does not look like that, and
/// keeps its heads. `heads`: [`headline_group`] at each unit.
fn intertitles(units: &[Unit], heads: &[Option<(usize, HeadEvidence)>]) -> Vec<bool> {
    let mut marks = vec![false; units.len()];
    // The weak heads of the current stretch, with the body paragraphs
    // after each up to the next head or anchor.
    let mut stretch: Vec<(usize, usize)> = Vec::new();
    let visible = |k: usize| {
        units[k]
            .para
            .chars
            .iter()
            .filter(|c| !c.is_whitespace())
            .count()
    };
    let close = |stretch: &mut Vec<(usize, usize)>, marks: &mut Vec<bool>| {
        let lengths = || stretch.iter().map(|&(k, _)| visible(k));
        let short = lengths().min().unwrap_or(0);
        let long = lengths().max().unwrap_or(0);
        // Set in parallel: of about one length (`吃的跟得上` / `采购有代购`).
        let parallel = long.saturating_mul(2) <= short.saturating_mul(3);
        if stretch.len() >= 2 && parallel && stretch.iter().all(|&(_, paras)| paras >= 2) {
            for &(k, _) in stretch.iter() {
                marks[k] = true;
            }
        }
        stretch.clear();
    };
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        match &u.kind {
            Kind::Furniture | Kind::Label => {}
            Kind::Body {
                opens_dateline: false,
                ..
            } => match heads[i] {
                Some((end, HeadEvidence::ShortLine)) => {
                    stretch.push((i, 0));
                    i = end;
                    continue;
                }
                Some((end, HeadEvidence::Strong)) => {
                    close(&mut stretch, &mut marks);
                    i = end;
                    continue;
                }
                // A question standing alone on a line of full width is
                // one of the series too, though its width hid it as a
                // head: a press conference or an interview divides its
                // text by the questions (`所有行业都要一律复工吗？` …
                // `复工受影响，如何稳就业？`).
                None if is_question_line(u.para) => stretch.push((i, 0)),
                None => {
                    if let Some(last) = stretch.last_mut() {
                        last.1 += 1;
                    }
                }
            },
            _ => close(&mut stretch, &mut marks),
        }
        i += 1;
    }
    close(&mut stretch, &mut marks);
    marks
}

/// A paragraph of one line that is one question (`…如何稳就业？`).
fn is_question_line(p: &Paragraph) -> bool {
    p.first_line == p.last_line
        && p.text
            .trim()
            .strip_suffix(['？', '?'])
            .is_some_and(|ask| !ask.contains(['？', '?', '。', '！', '!']))
}

/// If a confirmed headline group starts at `i`: where it ends, and what
/// confirmed it.
fn headline_group(
    units: &[Unit],
    i: usize,
    rules: &CompiledRules,
) -> Option<(usize, HeadEvidence)> {
    let h = &rules.profile.headline;
    if !units[i].candidate() {
        return None;
    }
    let mut end = i;
    // Brackets the head lines so far left open (`…甜头（总书记来过我们`).
    let mut open = 0;
    // Whether the group went past noise or took a bracket's tail: its
    // lines are then one head the OCR cut up, not several paragraphs.
    let mut bridged = false;
    while end < units.len() && end - i < h.max_group {
        // A line of the head: a candidate, or the short tail that closes a
        // bracket the head opened (`家）`, `日谈）`), which is too short to
        // be a head line of its own.
        let continues = |u: &Unit| {
            u.candidate()
                || (open > 0
                    && matches!(
                        u.kind,
                        Kind::Body {
                            opens_dateline: false,
                            ..
                        }
                    )
                    && crate::text::chars::open_brackets(&u.para.text) < 0
                    && u.para.chars.len() <= h.max_chars)
        };
        if end == i || continues(&units[end]) {
            bridged |= end > i && !units[end].candidate();
            open += crate::text::chars::open_brackets(&units[end].para.text);
            end += 1;
        } else if end > i && units[end].noise && units.get(end + 1).is_some_and(continues) {
            // Specks of a photo or a rule read between two head lines
            // (`群众烦心事件件有回音` / `[三|]` / `——…纪实`): the head goes on.
            bridged = true;
            end += 1;
        } else {
            break;
        }
    }
    // Plain text: a paragraph wrapped at the body's full measure is body
    // type. When narrower display lines follow it, the head starts after
    // it: it is the end of the text before, whose full stop the OCR lost
    // (`…等参加座谈` / `市政府召开全市防汛` / `工作会议…`, made up).
    let display =
        |p: &Paragraph| p.narrow || p.width_ratio.is_some_and(|r| r <= *h.plain_max_width);
    if end - i >= 2 && at_body_measure(units[i].para) && display(units[i + 1].para) {
        return None;
    }
    // Set larger than the body: by line height where the OCR gives
    // geometry, by a narrower measure in plain text.
    let tall = units[i..end].iter().any(|u| {
        u.para.narrow
            || u.para
                .height_ratio
                .is_some_and(|r| r >= *h.headline_height_ratio)
    });
    // The next paragraph that is not furniture must attribute the article.
    let next = units[end..]
        .iter()
        .find(|u| !matches!(u.kind, Kind::Furniture | Kind::Label));
    // Or the group's own last line is the author's name alone, as a
    // commentary signs under its head (the walk cuts it off the head).
    let attributed =
        next.is_some_and(|u| u.attribution()) || (end - i >= 2 && units[end - 1].author.is_some());
    // A head under a column label (`【社论】`): editorials carry no byline.
    let labelled = i > 0 && matches!(units[i - 1].kind, Kind::Label);
    // Plain text: one short line in larger type between a sentence's end
    // (or the page's top) and body text — the commonest head of all.
    let short_first = *h.plain_max_width > 0.0
        && units[i]
            .para
            .width_ratio
            .is_some_and(|r| r <= *h.plain_max_width)
        && next.is_some_and(|u| matches!(u.kind, Kind::Body { .. }))
        && after_sentence_end(units, i, rules);
    let short_line = end - i == 1 && short_first;
    // A short line whose head goes on past specks or into a bracket's
    // tail is wrapped display type, as a narrow paragraph is: the OCR cut
    // it up. An intertitle is one line.
    let wrapped = bridged && short_first;
    let caps = units[i..end]
        .iter()
        .any(|u| in_capitals(u.para.text.trim(), rules));
    if tall || wrapped || attributed || caps || labelled {
        Some((end, HeadEvidence::Strong))
    } else if short_line {
        Some((end, HeadEvidence::ShortLine))
    } else {
        None
    }
}

/// Plain text: a paragraph of two or more lines set at the page's full
/// body measure (its widest line at least [`FULL_MEASURE`] of a typical
/// full line), which display type never is.
fn at_body_measure(p: &Paragraph) -> bool {
    p.last_line > p.first_line && !p.narrow && p.width_ratio.is_some_and(|r| r >= FULL_MEASURE)
}

/// The share of a typical full line that a body paragraph's widest line
/// reaches (OCR drops or merges a character or two either way).
const FULL_MEASURE: f32 = 0.9;

/// The most characters of a signature line: a place of eight and a name
/// of four, with a space or two between.
const MAX_SIGNATURE_CHARS: usize = 16;

/// A line that is one person's name and nothing else (two to four Han
/// characters with a known surname), or a place and a name
/// (`江苏南京 李明远`): an author under a head. Read in the raw text:
/// normalisation drops the OCR's space between the place and the name.
fn bare_name(p: &Paragraph, page: &Page, rules: &CompiledRules) -> Option<Credits> {
    // A place and a name are short; most paragraphs are not read again.
    if p.chars.len() > MAX_SIGNATURE_CHARS {
        return None;
    }
    let name = signed_name(&p.raw_text(page, 0, p.chars.len()), rules)?;
    let mut people = super::credits::People::default();
    people.reporters.push(name);
    Some(Credits {
        text: p.text.trim().to_string(),
        marker: String::new(),
        people,
    })
}

/// The name of a signature line: a name alone, or a place (Han only, at
/// most eight characters) then a space and the name. The OCR's spaces say
/// where the place ends; without one, a name is all the line may hold.
/// A speck the OCR read as a mark in the gap (`江苏南京”李明远`,
/// `江苏南京，李明远`) is a space, where the line starts and ends in Han
/// and the dictionary does not know the name as another word (a short
/// head `春到江南，万象更新` is no signature).
fn signed_name(text: &str, rules: &CompiledRules) -> Option<String> {
    let trimmed = text.trim();
    let han_ends = trimmed
        .chars()
        .next()
        .is_some_and(crate::text::chars::is_han)
        && trimmed
            .chars()
            .last()
            .is_some_and(crate::text::chars::is_han);
    let speck = |c: char| han_ends && (super::credits::NAME_SPECKS.contains(&c) || c == '，');
    let tokens: Vec<&str> = trimmed
        .split(|c: char| c.is_whitespace() || speck(c))
        .filter(|t| !t.is_empty())
        .collect();
    let spaced = trimmed.split_whitespace().count() == 2;
    let name = match tokens.as_slice() {
        [place, name]
            if place.chars().count() <= 8
                && place.chars().all(crate::text::chars::is_han)
                && (spaced || crate::text::words::may_be_name(name)) =>
        {
            name
        }
        _ => {
            return is_bare_name(text, rules)
                .then(|| text.chars().filter(|c| !c.is_whitespace()).collect())
        }
    };
    is_bare_name(name, rules).then(|| name.to_string())
}

/// Whether a line is a person's name alone: Han characters only, as many
/// as a name has, starting with a known surname.
fn is_bare_name(text: &str, rules: &CompiledRules) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() <= 4
        && chars.iter().all(|&c| crate::text::chars::is_han(c))
        && super::credits::plausible_name(&chars, rules)
}

/// Whether an article takes the signed contributions that follow it: a
/// roundtable, whose own text holds an editor's note (`——编者`; the
/// pieces' pull quotes may follow it) and which has no credit of its own,
/// or one that already took some.
fn hosts_contributions(
    a: &Article,
    pages: &[(Page, Vec<Paragraph>)],
    rules: &CompiledRules,
) -> bool {
    if a.roundtable {
        return true;
    }
    let Some(note) = &rules.editor_note else {
        return false;
    };
    a.headline.is_some()
        && a.byline.is_none()
        && a.dateline.is_none()
        && a.body
            .iter()
            .any(|r| note.is_match(pages[r.page].1[r.para].text.trim()))
}

/// A column's label on a line of its own: two to six Han characters and
/// nothing else (`来论`, `声音`), no sentence in it.
fn is_column_label_line(p: &Paragraph) -> bool {
    let chars: Vec<char> = p.text.chars().filter(|c| !c.is_whitespace()).collect();
    (2..=6).contains(&chars.len()) && chars.iter().all(|&c| crate::text::chars::is_han(c))
}

/// A roundtable titled by a column's label (`来论`), to take the signed
/// pieces that follow it.
fn roundtable_under(label: &Unit) -> Article {
    let mut host = Article::new();
    host.headline = Some(label.para.text.trim().to_string());
    host.parts.push(label.at);
    host.roundtable = true;
    host
}

/// A new piece that is a contribution: a head with its author's name alone
/// (no role word, no dateline).
fn is_contribution(a: &Article) -> bool {
    a.headline.is_some()
        && a.dateline.is_none()
        && a.byline.as_ref().is_some_and(|b| b.marker.is_empty())
}

/// A commentary's author on the last line of a head paragraph: a text with
/// no blank lines runs the head (`推进乡村教育数字化`) and the name under
/// it (`钱文华`) into one paragraph. The line is a bare name that the
/// dictionary does not know as another word (a head wrapped onto `黄河`
/// is a river, not an author) and makes no word with the line before it
/// (`…全面落` / `地见效`).
fn author_line(
    p: &Paragraph,
    page: &Page,
    rules: &CompiledRules,
) -> Option<(Credits, MergedAt, usize)> {
    if p.last_line <= p.first_line {
        return None;
    }
    let last = page.lines.get(p.last_line)?.text.trim();
    let before = page.lines.get(p.last_line - 1)?.text.trim();
    let name = signed_name(last, rules)?;
    if !crate::text::words::may_be_name(&name)
        || crate::text::words::word_across_join(before, last).is_some()
    {
        return None;
    }
    let mut people = super::credits::People::default();
    people.reporters.push(name);
    let visible = last.chars().filter(|c| !c.is_whitespace()).count();
    Some((
        Credits {
            text: last.to_string(),
            marker: String::new(),
            people,
        },
        MergedAt::End,
        visible,
    ))
}

/// Whether the unit before `i` that is not furniture closes what came
/// before: a sentence's end, a credit, or nothing before it on the page.
fn after_sentence_end(units: &[Unit], i: usize, rules: &CompiledRules) -> bool {
    // A character alone on its line is a speck or a tail, never a
    // sentence: whether one ended is read in the paragraph before it.
    // Specks read as letters (`AN`) are no sentence either.
    let Some(prev) = units[..i].iter().rev().find(|u| {
        !matches!(u.kind, Kind::Furniture | Kind::Label)
            && !u.noise
            && u.para
                .chars
                .iter()
                .filter(|c| !c.is_whitespace())
                .nth(1)
                .is_some()
    }) else {
        return true;
    };
    match prev.kind {
        // A note or credit that closes a piece (`——编者`, `（作者为…）`).
        Kind::Body { .. } if rules.not_heads.is_match(prev.para.text.trim()) => true,
        Kind::Body { .. } => {
            let text = prev.para.text.trim_end();
            crate::text::chars::trim_closers(text)
                .chars()
                .last()
                .is_some_and(|c| rules.profile.validation.sentence_ends.contains(c))
                // The end of a bracketed note the OCR cut in two at a blank
                // line (`（本报记者甲、乙、` / `丙、丁）`): its tail closes a
                // bracket it never opened, as only a note's last part does.
                || (text.ends_with([')', '）'])
                    && crate::text::chars::open_brackets(text) < 0)
                || ends_short_without_mark(prev.para)
        }
        _ => true,
    }
}

/// Plain text: a body paragraph (its lines at the full measure) whose
/// last line stops well short of it, on a character and no mark. The
/// text stopped there in print: a sentence ended whose full stop the OCR
/// lost (`…完善监督考核机制` on a degraded scan, made up), not one that runs on into
/// the short line after it.
fn ends_short_without_mark(p: &Paragraph) -> bool {
    at_body_measure(p)
        && p.last_ratio.is_some_and(|r| r <= SHORT_LAST_LINE)
        && p.text
            .trim_end()
            .chars()
            .last()
            .is_some_and(char::is_alphanumeric)
}

/// A paragraph's last line at most this share of a full line stops short.
const SHORT_LAST_LINE: f32 = 0.8;

/// The lines of a plain-text head group as the paragraphs they were
/// before the OCR cut them: a line after specks went on from the line
/// before (the specks split one wrapped paragraph), unless it opens a
/// subtitle with a dash; and a bracket's tail (`家）`) goes back to the
/// line that opened it (`…甜头（总书记来过我们`).
fn mend_cut_lines(texts: Vec<String>, after_noise: &[bool], rules: &CompiledRules) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(texts.len());
    for (k, t) in texts.into_iter().enumerate() {
        let tail = out.last().is_some_and(|prev| {
            let closes = crate::text::chars::open_brackets(prev) > 0
                && crate::text::chars::open_brackets(&t) < 0;
            closes || (after_noise.get(k) == Some(&true) && !rules.subtitle_prefix.is_match(&t))
        });
        match out.last_mut() {
            Some(prev) if tail => {
                let latin = |c: Option<char>| c.is_some_and(|c| !is_cjkish(c));
                if latin(prev.chars().next_back()) && latin(t.chars().next()) {
                    prev.push(' ');
                }
                prev.push_str(&t);
            }
            _ => out.push(t),
        }
    }
    out
}

/// Splits a headline group into kicker, main title and subtitle.
/// Cuts a credit the OCR merged into the first or the last head line
/// (`■ 本报记者 张燕 我市新增合作社1298户`) out of the head: it becomes the
/// article's byline, and the article remembers where it was.
fn split_merged_credit(
    a: &mut Article,
    group: &[Unit],
    page: &Page,
    rules: &CompiledRules,
) -> Vec<String> {
    let mut texts: Vec<String> = group
        .iter()
        .map(|u| u.para.text.trim().to_string())
        .collect();
    let ends = [(0, MergedAt::Start), (group.len() - 1, MergedAt::End)];
    for (k, want) in ends {
        let p = group[k].para;
        let raw = p.raw_text(page, 0, p.chars.len());
        let merged = merged_credit(&raw, rules)
            .filter(|m| m.1 == want)
            .or_else(|| {
                (want == MergedAt::End)
                    .then(|| author_line(p, page, rules))
                    .flatten()
            });
        let Some((credit, at, visible)) = merged else {
            continue;
        };
        let chars: Vec<char> = p.text.chars().collect();
        // The credit's span in the normalised text: as many visible
        // characters from its side (normalisation keeps every one).
        let mut seen = 0;
        let edge = |i: &usize| {
            if !chars[*i].is_whitespace() {
                seen += 1;
            }
            seen == visible
        };
        let (start, end) = match at {
            MergedAt::Start => (
                0,
                (0..chars.len()).find(edge).map_or(chars.len(), |i| i + 1),
            ),
            MergedAt::End => ((0..chars.len()).rev().find(edge).unwrap_or(0), chars.len()),
        };
        let rest: String = match at {
            MergedAt::Start => chars[end..].iter().collect(),
            MergedAt::End => chars[..start].iter().collect(),
        };
        texts[k] = rest.trim().to_string();
        a.byline = Some(Credits {
            text: chars[start..end]
                .iter()
                .collect::<String>()
                .trim()
                .to_string(),
            ..credit
        });
        a.merged_credit = Some((group[k].at, start, end));
        break;
    }
    texts
}

fn assign_headline(
    a: &mut Article,
    group: &[Unit],
    after_noise: &[bool],
    page: &Page,
    geometry: bool,
    rules: &CompiledRules,
) {
    let mut texts = split_merged_credit(a, group, page, rules);
    a.parts.extend(group.iter().map(|u| u.at));
    if !geometry {
        texts = mend_cut_lines(texts, after_noise, rules);
    }
    let texts: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
    let main_range = if geometry {
        // The largest type is the main title; a wrapped title is several
        // paragraphs of (nearly) the same size.
        let ratio = |u: &Unit| u.para.height_ratio.unwrap_or(1.0);
        let max = group.iter().map(ratio).fold(0.0f32, f32::max);
        let first = group
            .iter()
            .position(|u| ratio(u) >= max * 0.85)
            .unwrap_or(0);
        let len = group[first..]
            .iter()
            .take_while(|u| ratio(u) >= max * 0.85)
            .count();
        first..first + len
    } else {
        // Plain text has no type size: the first line is the main title,
        // unless it is dash-introduced (then everything is subtitle-like and
        // the first one still serves as the title). Before a dash-led
        // subtitle, two or more lines are the classic three-part head:
        // kicker(s), then the main title right above the subtitle.
        let dash = texts
            .iter()
            .skip(1)
            .position(|t| rules.subtitle_prefix.is_match(t))
            .map(|k| k + 1);
        // A first line that leads in with a kicker's dash (`…湿地——`)
        // is the kicker, and the main title follows it.
        let led_in = texts.len() >= 2
            && rules
                .kicker_suffix
                .as_ref()
                .is_some_and(|re| re.is_match(texts[0]));
        match dash {
            Some(d) if d >= 2 => d - 1..d,
            _ if led_in => 1..2,
            _ => 0..1,
        }
    };
    let join = |parts: &[&str]| -> String {
        let mut out = String::new();
        for p in parts {
            if let (Some(a), Some(b)) = (out.chars().next_back(), p.chars().next()) {
                if !(is_cjkish(a) || is_cjkish(b)) {
                    out.push(' ');
                }
            }
            out.push_str(p);
        }
        out
    };
    let strip = |t: &str| rules.subtitle_prefix.replace(t, "").into_owned();
    if main_range.start > 0 {
        a.kicker = Some(join(&texts[..main_range.start]));
    }
    a.headline = Some(join(&texts[main_range.clone()]));
    if main_range.end < texts.len() {
        let subs: Vec<String> = texts[main_range.end..].iter().map(|t| strip(t)).collect();
        let subs: Vec<&str> = subs.iter().map(|s| s.as_str()).collect();
        a.subtitle = Some(join(&subs));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::rules::zh_rules as rules;

    /// A signature under a commentary's head: a name alone, or a place and
    /// a name with a space, or with the speck the OCR read in the gap.
    #[test]
    fn signature_lines() {
        let r = rules();
        let name = |t: &str| signed_name(t, &r);
        assert_eq!(name("李明远").as_deref(), Some("李明远"));
        assert_eq!(name("江苏南京 李明远").as_deref(), Some("李明远"));
        assert_eq!(name("江苏南京”李明远").as_deref(), Some("李明远"));
        assert_eq!(name("江苏南京，李明远").as_deref(), Some("李明远"));
        // Normalised text has no space: place and name run together.
        assert_eq!(name("江苏南京李明远"), None);
        // A quotation is not a signature, nor a short head with a comma.
        assert_eq!(name("“李明远”"), None);
        assert_eq!(name("春到江南，万象更新"), None);
    }
}
