//! `ocrgate report --html`: one self-contained HTML file for editors.
//!
//! Everything is inline (CSS, JS, the SVG chart, page images as data URIs)
//! and a Content-Security-Policy forbids any network request. The reading
//! content is plain HTML; JavaScript only filters, sorts and scrolls the
//! page view. The templates are minijinja files (`report.html`,
//! `report.css`, `report.js`); a team restyles the report by copying them
//! and passing `--templates DIR`.
//!
//! The report speaks the paper's language, not the tool's: issues are
//! ranked by the documented quality score ([`super::quality`]), text is
//! shown as printed (the word spaces ALTO, hOCR and PAGE put between
//! Chinese characters are not printed), a location is "page 1, block 3,
//! line 2", every rule id comes with its summary from the registry, and a
//! pending snapshot reads as a list of changes to articles.

use super::quality::{self, Quality, Score};
use super::trend;
use crate::error::{Error, Result};
use crate::result::IssueResult;
use crate::snapshot::diff::Seg;
use crate::snapshot::{self, editorial};
use crate::source::{read_page, Page, PageFormat};
use crate::text::chars::drop_space_between;
use crate::validate::{registry, Finding, Severity};
use crate::CheckReport;
use base64::Engine;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The largest page image embedded in the report: a scan of a newspaper
/// page at 300 dpi is a few MB as PNG or JPEG.
const MAX_IMAGE_BYTES: u64 = 64_000_000;

const TEMPLATE: &str = include_str!("templates/report.html");
const CSS: &str = include_str!("templates/report.css");
const JS: &str = include_str!("templates/report.js");

/// The content language of each publication (`publication.yaml`
/// `language:`, else what its profile reads), for the `lang` of its
/// sections: the report's own words are English, the paper's are not.
#[derive(Debug, Clone, Default)]
pub struct Languages(BTreeMap<String, String>);

impl Languages {
    pub fn of(corpus: &crate::corpus::Corpus) -> Languages {
        Languages(
            corpus
                .publications
                .iter()
                .map(|p| {
                    let lang = p
                        .language
                        .clone()
                        .unwrap_or_else(|| unstated(&p.profile).to_string());
                    (p.id.clone(), lang)
                })
                .collect(),
        )
    }

    fn get(&self, publication_id: &str, profile: &str) -> String {
        self.0
            .get(publication_id)
            .cloned()
            .unwrap_or_else(|| unstated(profile).to_string())
    }
}

/// The language of text whose publication states none: what its profile
/// reads (`zh` for the Chinese one), else undetermined.
fn unstated(profile: &str) -> &'static str {
    if profile.starts_with("zh") {
        "zh"
    } else {
        "und"
    }
}

#[derive(Serialize, Clone)]
struct FindingView {
    rule: String,
    /// The rule's one-line summary, from the registry.
    summary: String,
    severity: String,
    message: String,
    suggestion: Option<String>,
    /// "page 1, block 3, line 2".
    location: String,
    /// `p01.alto.xml:59:4`, shown on hover.
    source: String,
    /// The id of the marked line in the article text.
    target: String,
    fingerprint: String,
    crop: Option<String>,
}

#[derive(Serialize, Clone)]
struct ArticleView {
    id: usize,
    headline: Option<String>,
    subtitle: Option<String>,
    kicker: Option<String>,
    byline: Option<String>,
    dateline: Option<String>,
    /// "page 1, lines 1–33".
    place: String,
    lines: String,
    text_html: String,
    findings: Vec<FindingView>,
}

/// A box on the page image that leads to a line of text.
#[derive(Serialize, Clone)]
struct BoxView {
    /// Position and size in percent of the image, so the page can be shown
    /// at any size (fitted to the pane, or at its own pixels).
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    severity: String,
    line: u32,
    /// The id of the line in the text beside the image.
    target: String,
    label: String,
}

/// One page: its score and, where it has an image, the page beside its text.
#[derive(Serialize, Clone)]
struct PageView {
    page: usize,
    file: String,
    score: Score,
    /// The id of the side-by-side view, where there is one.
    view: Option<String>,
    image_class: Option<String>,
    width: u32,
    height: u32,
    boxes: Vec<BoxView>,
    text_html: String,
    /// The page's estimated CER, where it has one.
    cer_estimate: Option<String>,
}

/// One change of a pending snapshot, in words, with the character diff of
/// a changed paragraph.
#[derive(Serialize, Clone)]
struct ChangeView {
    sentence: String,
    diff_html: Option<String>,
}

#[derive(Serialize, Clone)]
struct IssueView {
    id: String,
    anchor: String,
    /// Where the issue's details are: `#anchor`, or `part.html#anchor`
    /// in a report split over several files.
    href: String,
    publication: String,
    date: String,
    lang: String,
    articles: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Every hit of every finding, grouped ones counted in full.
    hits: usize,
    /// The quality score (higher is worse) and its parts.
    score: f64,
    /// The score as the sorting script reads it: `Infinity` for an issue
    /// that could not be read, which is worse than any score.
    sort_score: String,
    quality: Score,
    title_f1: Option<String>,
    snapshot: String,
    cer: Option<String>,
    /// The estimated CER (pages without ground truth, or beside it).
    cer_estimate: Option<String>,
    input_errors: Vec<String>,
    articles_list: Vec<ArticleView>,
    page_findings: Vec<FindingView>,
    pages: Vec<PageView>,
    lost: Vec<String>,
    changes: Vec<ChangeView>,
    diff_summary: Option<String>,
}

fn esc(s: &str) -> String {
    crate::escape::html_text(s)
}

fn anchor(id: &str) -> String {
    format!("issue-{}", id.replace(['/', '.'], "-"))
}

/// The id of a line of text: in an article (`view` false) or in the page
/// view beside the image.
fn line_id(anchor: &str, file: &str, line: u32, view: bool) -> String {
    format!(
        "{anchor}-{}{}-l{line}",
        file.replace('.', "-"),
        if view { "-v" } else { "" }
    )
}

/// `p01.txt:1-33, p02.txt:4-9` → [(file, 1, 33), …].
fn ranges(lines: &str) -> Vec<(String, u32, u32)> {
    lines
        .split(", ")
        .filter_map(|part| {
            let (file, range) = part.rsplit_once(':')?;
            let (a, b) = range.split_once('-')?;
            Some((file.to_string(), a.parse().ok()?, b.parse().ok()?))
        })
        .collect()
}

/// A page image beside a page file: `p01.png` (or .jpg) for `p01.alto.xml`.
fn image_for(page_path: &Path) -> Option<(PathBuf, &'static str)> {
    let name = page_path.file_name()?.to_string_lossy().into_owned();
    let stem = name.split('.').next()?.to_string();
    let dir = page_path.parent()?;
    [
        ("png", "image/png"),
        ("jpg", "image/jpeg"),
        ("jpeg", "image/jpeg"),
    ]
    .iter()
    .map(|(ext, mime)| (dir.join(format!("{stem}.{ext}")), *mime))
    .find(|(p, _)| p.is_file())
}

/// Where findings are marked: (page file, source line) → (column, length, finding).
type Marks<'f> = HashMap<(String, u32), Vec<(u32, usize, &'f Finding)>>;

struct PageData {
    /// 1-based, in issue order.
    number: usize,
    page: Page,
    /// CSS class of the page image, where there is one.
    image_class: Option<String>,
    /// The image's size in pixels.
    image_size: Option<(u32, u32)>,
    /// (source line) → (block, line in block), both 1-based: where a line
    /// is in the layout's words.
    places: HashMap<u32, (u32, u32)>,
    /// (source line) → the line's box, where the format has one.
    boxes: HashMap<u32, crate::source::Rect>,
}

impl PageData {
    fn new(number: usize, page: Page) -> PageData {
        let mut places = HashMap::new();
        let mut blocks: Vec<u32> = Vec::new();
        let mut in_block: HashMap<u32, u32> = HashMap::new();
        for l in page.lines.iter().filter(|l| !l.is_blank()) {
            if !blocks.contains(&l.block) {
                blocks.push(l.block);
            }
            let n = in_block.entry(l.block).or_default();
            *n += 1;
            let block = blocks.iter().position(|b| *b == l.block).unwrap_or(0) as u32 + 1;
            places.entry(l.source_line).or_insert((block, *n));
        }
        let boxes = page
            .lines
            .iter()
            .filter_map(|l| Some((l.source_line, l.bbox?)))
            .collect();
        PageData {
            number,
            page,
            image_class: None,
            image_size: None,
            places,
            boxes,
        }
    }

    /// "page 1, block 3, line 2" for a layout format; "page 1, line 117"
    /// for plain text, whose lines are the file's.
    fn place(&self, source_line: u32) -> String {
        match (self.page.format, self.places.get(&source_line)) {
            (PageFormat::Text, _) | (_, None) => {
                format!("page {}, line {source_line}", self.number)
            }
            (_, Some((block, line))) => {
                format!("page {}, block {block}, line {line}", self.number)
            }
        }
    }

    /// Whether the text is shown as printed: layout formats put a word
    /// space between Chinese characters that the paper does not print.
    fn joins_words(&self) -> bool {
        self.page.format != PageFormat::Text
    }
}

fn rule_summary(id: &str) -> String {
    registry::rule(id).map_or_else(
        || "a check of this corpus's configuration".to_string(),
        |r| r.summary.to_string(),
    )
}

fn finding_view(f: &Finding, pages: &HashMap<String, PageData>, anchor_id: &str) -> FindingView {
    let pd = pages.get(&f.page);
    let crop = pd.and_then(|pd| {
        let class = pd.image_class.as_ref()?;
        let b = *pd.boxes.get(&f.line)?;
        Some(format!(
            "<span class=\"crop {class}\" role=\"img\" aria-label=\"the printed line on the page image\" style=\"width:{}px;height:{}px;background-position:-{}px -{}px\"></span>",
            b.w.max(1),
            b.h.max(1),
            b.x.max(0),
            b.y.max(0)
        ))
    });
    FindingView {
        rule: f.rule.clone(),
        summary: rule_summary(&f.rule),
        severity: f.severity.as_str().to_string(),
        message: if f.count > 1 {
            format!("{} ({} places, the first here)", f.message, f.count)
        } else {
            f.message.clone()
        },
        suggestion: f.suggestion.clone(),
        location: pd.map_or_else(
            || format!("{}, line {}", f.page, f.line),
            |pd| pd.place(f.line),
        ),
        source: format!("{}:{}:{}", f.page, f.line, f.column),
        target: line_id(anchor_id, &f.page, f.line, false),
        fingerprint: f.fingerprint.clone(),
        crop,
    }
}

/// Which characters of a line are shown: all, except the runs of spaces a
/// layout format put between two Chinese characters (or a Chinese
/// character and a digit), which the paper does not print.
fn printed(chars: &[char], join: bool) -> Vec<bool> {
    let mut keep = vec![true; chars.len()];
    if !join {
        return keep;
    }
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            let j = (i..chars.len())
                .find(|&k| chars[k] != ' ')
                .unwrap_or(chars.len());
            if i > 0 && j < chars.len() && drop_space_between(chars[i - 1], chars[j]) {
                keep[i..j].iter_mut().for_each(|k| *k = false);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    keep
}

/// One line of text as printed, with its findings marked in place.
fn line_html(pd: &PageData, line: &crate::source::Line, marks: &Marks, id: &str) -> String {
    let chars: Vec<char> = line.text.chars().collect();
    let keep = printed(&chars, pd.joins_words());
    let shown = |from: usize, to: usize| -> String {
        let s: String = (from..to).filter(|&k| keep[k]).map(|k| chars[k]).collect();
        esc(&s)
    };
    let mut line_marks: Vec<(u32, usize, &Finding)> = marks
        .get(&(pd.page.file.clone(), line.source_line))
        .cloned()
        .unwrap_or_default();
    line_marks.sort_by_key(|m| m.0);
    let mut html = String::new();
    let mut at = 0usize;
    for (col, len, f) in line_marks {
        let start = (col as usize).saturating_sub(1).min(chars.len());
        if start < at {
            continue; // overlapping: listed below the text anyway
        }
        let end = (start + len.max(1)).min(chars.len());
        html.push_str(&shown(at, start));
        let tip = || match &f.suggestion {
            Some(s) => format!("{}: {} — {s}", rule_summary(&f.rule), f.message),
            None => format!("{}: {}", rule_summary(&f.rule), f.message),
        };
        // A span marked by a space rule keeps its spaces: they are the
        // finding. Any other is shown as printed, like the rest.
        let span: String = if f.rule.starts_with("space.") {
            chars[start..end].iter().collect()
        } else {
            (start..end)
                .filter(|&k| keep[k])
                .map(|k| chars[k])
                .collect()
        };
        // The first place of a finding carries its explanation and a tab
        // stop; the further places of a grouped finding (hundreds of
        // half-width commas) are marked only: a tab stop and a tooltip
        // each would bury the page under them, for keyboards and in size.
        let first = col == f.column && line.source_line == f.line;
        let (focus, tip) = if first {
            (
                " tabindex=\"0\"",
                format!(
                    "<span class=\"tip\" role=\"tooltip\">{}</span>",
                    esc(&tip())
                ),
            )
        } else {
            ("", String::new())
        };
        html.push_str(&format!(
            "<mark class=\"f sev-{sev}\"{focus} data-rule=\"{}\" data-severity=\"{sev}\" data-line=\"{}\">{}{tip}</mark>",
            esc(&f.rule),
            line.source_line,
            esc(&span),
            sev = f.severity,
        ));
        at = end;
    }
    html.push_str(&shown(at.min(chars.len()), chars.len()));
    format!(
        "<span class=\"l\" id=\"{id}\" data-line=\"{n}\"><span class=\"n\" title=\"{file}:{n}\">{place}</span>{html}</span>",
        n = line.source_line,
        file = esc(&pd.page.file),
        place = esc(&pd.place(line.source_line)),
    )
}

/// The non-blank lines of a page within source lines `range`, as printed,
/// with their findings marked; in an article or in the page view.
fn lines_html(
    pd: &PageData,
    marks: &Marks,
    anchor_id: &str,
    range: std::ops::RangeInclusive<u32>,
    view: bool,
) -> String {
    let mut out = String::new();
    let mut seen = BTreeSet::new();
    for line in pd
        .page
        .lines
        .iter()
        .filter(|l| range.contains(&l.source_line))
    {
        if line.is_blank() || !seen.insert(line.source_line) {
            continue;
        }
        let id = line_id(anchor_id, &pd.page.file, line.source_line, view);
        out.push_str(&line_html(pd, line, marks, &id));
    }
    out
}

/// The OCR lines of an article, as printed, with its findings marked.
fn article_text(
    ranges: &[(String, u32, u32)],
    pages: &HashMap<String, PageData>,
    marks: &Marks,
    anchor_id: &str,
) -> String {
    let mut out = String::new();
    for (file, lo, hi) in ranges {
        if let Some(pd) = pages.get(file) {
            out.push_str(&lines_html(pd, marks, anchor_id, *lo..=*hi, false));
        }
    }
    out
}

/// Where an article is, in the layout's words: "page 1, lines 23–94" for
/// plain text, "page 1, block 2, line 1 to block 3, line 7" for a layout
/// format (whose source lines are XML lines, meaningless to an editor).
fn article_place(ranges: &[(String, u32, u32)], pages: &HashMap<String, PageData>) -> String {
    ranges
        .iter()
        .map(|(file, lo, hi)| {
            let Some(pd) = pages.get(file) else {
                return format!("{file}, lines {lo}–{hi}");
            };
            let inside = |n: &u32| (*lo..=*hi).contains(n);
            let first = pd.places.keys().filter(|n| inside(n)).min();
            let last = pd.places.keys().filter(|n| inside(n)).max();
            match (
                pd.page.format,
                first.and_then(|f| pd.places.get(f)),
                last.and_then(|l| pd.places.get(l)),
            ) {
                (PageFormat::Text, _, _) | (_, None, _) | (_, _, None) => {
                    format!("page {}, lines {lo}–{hi}", pd.number)
                }
                (_, Some((b1, l1)), Some((b2, l2))) if b1 == b2 => {
                    format!("page {}, block {b1}, lines {l1}–{l2}", pd.number)
                }
                (_, Some((b1, l1)), Some((b2, l2))) => format!(
                    "page {}, block {b1}, line {l1} to block {b2}, line {l2}",
                    pd.number
                ),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A changed paragraph's character diff, inline.
fn segments_html(segs: &[Seg]) -> String {
    let mut out = String::new();
    for s in segs {
        match s {
            Seg::Same(t) => out.push_str(&esc(t)),
            Seg::Edit { old, new } => {
                if !old.is_empty() {
                    out.push_str(&format!("<del>{}</del>", esc(old)));
                }
                if !new.is_empty() {
                    out.push_str(&format!("<ins>{}</ins>", esc(new)));
                }
            }
        }
    }
    out
}

/// The page view of one page with an image: boxes on the image for each
/// line with a finding, and the page's text beside it.
fn page_view(
    pd: &PageData,
    score: Score,
    marks: &Marks,
    anchor_id: &str,
    findings: &[Finding],
) -> PageView {
    let view = match (&pd.image_class, pd.image_size) {
        (Some(_), Some(_)) => Some(format!(
            "{anchor_id}-{}-view",
            pd.page.file.replace('.', "-")
        )),
        _ => None,
    };
    let mut boxes = Vec::new();
    let mut text_html = String::new();
    if view.is_some() {
        let mut boxed = BTreeSet::new();
        for f in findings.iter().filter(|f| f.page == pd.page.file) {
            let lines = std::iter::once(f.line).chain(f.more.iter().map(|m| m.line));
            for n in lines {
                let Some(&b) = pd.boxes.get(&n) else {
                    continue;
                };
                if boxed.insert(n) {
                    let (iw, ih) = pd.image_size.unwrap_or((1, 1));
                    let pct = |v: i32, of: u32| {
                        (v as f64 * 100_000.0 / of.max(1) as f64).round() / 1000.0
                    };
                    boxes.push(BoxView {
                        left: pct(b.x, iw),
                        top: pct(b.y, ih),
                        width: pct(b.w.max(1), iw),
                        height: pct(b.h.max(1), ih),
                        severity: f.severity.as_str().to_string(),
                        line: n,
                        target: line_id(anchor_id, &pd.page.file, n, true),
                        label: format!("{}: {}", pd.place(n), rule_summary(&f.rule)),
                    });
                }
            }
        }
        text_html = lines_html(pd, marks, anchor_id, 0..=u32::MAX, true);
    }
    let (width, height) = pd.image_size.unwrap_or((0, 0));
    PageView {
        cer_estimate: None,
        page: pd.number,
        file: pd.page.file.clone(),
        score,
        view,
        image_class: pd.image_class.clone(),
        width,
        height,
        boxes,
        text_html,
    }
}

fn issue_view(
    i: &crate::IssueReport,
    r: &IssueResult,
    images_css: &mut String,
    langs: &Languages,
) -> Result<IssueView> {
    let anchor_id = anchor(&r.issue);
    let mut pages: HashMap<String, PageData> = HashMap::new();
    for (k, p) in r.pages.iter().enumerate() {
        let path = i.dir.join(&p.file);
        let mut pd = PageData::new(k + 1, read_page(&path)?);
        if let Some((img, mime)) = image_for(&path).filter(|_| pd.page.has_geometry()) {
            let bytes = crate::fsio::read_input(&img, MAX_IMAGE_BYTES, "page image")?;
            let class = format!("img-{anchor_id}-{}", p.file.replace('.', "-"));
            images_css.push_str(&format!(
                ".{class}{{background-image:url(data:{mime};base64,{})}}\n",
                base64::engine::general_purpose::STANDARD.encode(&bytes)
            ));
            pd.image_size = imagesize::blob_size(&bytes)
                .ok()
                .map(|s| (s.width as u32, s.height as u32));
            pd.image_class = Some(class);
        }
        pages.insert(p.file.clone(), pd);
    }
    // Where each finding is marked: its first location, and the further
    // locations of a grouped finding.
    let mut marks: Marks = HashMap::new();
    for f in &r.findings {
        marks.entry((f.page.clone(), f.line)).or_default().push((
            f.column,
            f.excerpt.chars().count(),
            f,
        ));
        for m in &f.more {
            marks
                .entry((f.page.clone(), m.line))
                .or_default()
                .push((m.column, 1, f));
        }
    }
    let articles_list = r
        .cards
        .iter()
        .map(|a| {
            let rs = ranges(&a.lines);
            ArticleView {
                id: a.id,
                headline: a.headline.clone(),
                subtitle: a.subtitle.clone(),
                kicker: a.kicker.clone(),
                byline: a.byline.clone(),
                dateline: a.dateline.clone(),
                place: article_place(&rs, &pages),
                lines: a.lines.clone(),
                text_html: article_text(&rs, &pages, &marks, &anchor_id),
                findings: r
                    .findings
                    .iter()
                    .filter(|f| f.article == Some(a.id))
                    .map(|f| finding_view(f, &pages, &anchor_id))
                    .collect(),
            }
        })
        .collect();
    let page_findings = r
        .findings
        .iter()
        .filter(|f| f.article.is_none())
        .map(|f| finding_view(f, &pages, &anchor_id))
        .collect();
    let c = &r.summary.findings;
    let review = i.change.as_deref().filter(|_| {
        matches!(
            i.snapshot,
            Some(snapshot::Status::Changed | snapshot::Status::New)
        )
    });
    let Quality {
        issue: score,
        pages: page_scores,
        lost,
    } = quality::of_issue(r, review);
    let page_views = page_scores
        .into_iter()
        .filter_map(|ps| {
            let pd = pages.get(&ps.file)?;
            let mut view = page_view(pd, ps.score, &marks, &anchor_id, &r.findings);
            view.cer_estimate = r
                .pages
                .iter()
                .find(|p| p.file == ps.file)
                .and_then(|p| p.cer_estimate.as_ref())
                .map(|e| format!("{:.4}", e.cer));
            Some(view)
        })
        .collect();
    let changes = review
        .map(editorial::changes)
        .unwrap_or_default()
        .into_iter()
        .map(|c| ChangeView {
            sentence: c.sentence(),
            diff_html: match &c {
                editorial::EditorChange::ParagraphChanged {
                    segments: Some(s), ..
                } => Some(segments_html(s)),
                _ => None,
            },
        })
        .collect();
    Ok(IssueView {
        id: r.issue.clone(),
        href: format!("#{anchor_id}"),
        anchor: anchor_id,
        publication: r.publication.clone(),
        date: r.date.clone(),
        lang: langs.get(r.issue.split('/').next().unwrap_or(""), &r.profile),
        articles: r.summary.articles,
        errors: c.error,
        warnings: c.warning,
        infos: c.info,
        hits: score.hits.total(),
        score: score.score,
        sort_score: score.score.to_string(),
        title_f1: r
            .structure
            .as_ref()
            .filter(|s| s.title_blocks.expected > 0)
            .and_then(|s| s.title_blocks.f1)
            .map(|f| format!("{f:.2}")),
        quality: score,
        snapshot: match i.snapshot {
            Some(s) => format!("{s:?}").to_lowercase(),
            None => "not checked".into(),
        },
        cer: r.accuracy.as_ref().map(|a| a.total.cer_pooled.to_string()),
        cer_estimate: r.summary.cer_estimate.map(|e| format!("{e:.4}")),
        input_errors: Vec::new(),
        articles_list,
        page_findings,
        pages: page_views,
        lost: lost
            .into_iter()
            .map(|l| {
                match pages
                    .values()
                    .find(|pd| quality::same_page(&l.page, &pd.page.file))
                {
                    Some(pd) => format!("page {}: {}", pd.number, l.headline),
                    None => format!("{}: {}", l.page, l.headline),
                }
            })
            .collect(),
        changes,
        diff_summary: review.map(|r| r.change()),
    })
}

/// The rules a report shows, in words: summary, why, and the examples,
/// from the registry (one place, not written twice).
#[derive(Serialize, Clone)]
struct RuleView {
    id: String,
    summary: String,
    severity: String,
    why: String,
    fix: String,
    bad: String,
    good: String,
    /// The examples' language: `zh` when they are Chinese.
    example_lang: String,
}

/// An example page, cut to its first lines: enough to see the pattern.
fn example_excerpt(page: &str) -> String {
    const LINES: usize = 8;
    let mut lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
    let more = lines.len().saturating_sub(LINES);
    lines.truncate(LINES);
    let mut out = lines.join("\n");
    if more > 0 {
        out.push_str(&format!("\n… ({more} more lines)"));
    }
    out
}

fn rule_views(ids: &BTreeSet<String>) -> Vec<RuleView> {
    ids.iter()
        .map(|id| match registry::rule(id) {
            Some(r) => RuleView {
                id: id.clone(),
                summary: r.summary.to_string(),
                severity: r.severity.as_str().to_string(),
                why: r.why.to_string(),
                fix: r.fix.to_string(),
                bad: example_excerpt(r.bad.page),
                good: example_excerpt(r.good.page),
                example_lang: if r.bad.page.chars().any(crate::text::chars::is_han) {
                    "zh"
                } else {
                    "en"
                }
                .to_string(),
            },
            None => RuleView {
                id: id.clone(),
                summary: rule_summary(id),
                severity: String::new(),
                why: String::new(),
                fix: String::new(),
                bad: String::new(),
                good: String::new(),
                example_lang: "en".to_string(),
            },
        })
        .collect()
}

/// The score's documentation, from the weights the code uses.
#[derive(Serialize)]
struct ScoreDoc {
    error: i64,
    warning: i64,
    info: i64,
    structure: i64,
    cer: i64,
}

fn score_doc() -> ScoreDoc {
    let w = &quality::WEIGHTS;
    ScoreDoc {
        error: w.error as i64,
        warning: w.warning as i64,
        info: w.info as i64,
        structure: w.structure as i64,
        cer: w.cer as i64,
    }
}

/// The report's templates, built in or from `--templates DIR`.
struct Templates {
    env: minijinja::Environment<'static>,
    css: String,
    js: String,
}

impl Templates {
    fn load(dir: Option<&Path>) -> Result<Templates> {
        let load = |name: &str, builtin: &'static str| -> Result<String> {
            match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(p) => {
                    let bytes = crate::fsio::read_input(
                        &p,
                        crate::parse::rules::MAX_RULE_FILE_BYTES,
                        "report template",
                    )?;
                    String::from_utf8(bytes).map_err(|_| {
                        Error::Config(
                            crate::error::FileError::new(&p, "the template is not UTF-8")
                                .help("save it as UTF-8"),
                        )
                    })
                }
                None => Ok(builtin.to_string()),
            }
        };
        let mut env = minijinja::Environment::new();
        env.add_template_owned("report.html", load("report.html", TEMPLATE)?)
            .map_err(|e| Error::Usage(format!("report template: {e}")))?;
        Ok(Templates {
            env,
            css: load("report.css", CSS)?,
            js: load("report.js", JS)?,
        })
    }

    fn render(&self, page: HtmlFile<'_>) -> Result<String> {
        let tmpl = self
            .env
            .get_template("report.html")
            .map_err(|e| Error::Usage(format!("report template: {e}")))?;
        let ctx = minijinja::context! {
            title => page.title,
            generator => format!("ocrgate {}", env!("CARGO_PKG_VERSION")),
            passed => page.run.map(|r| r.verdict.passed),
            verdict => page.run.map(|r| if r.verdict.passed { "passed" } else { "needs attention" }),
            totals => page.run.map(|r| minijinja::Value::from(minijinja::value::Serde(&r.totals))),
            accuracy => page.accuracy,
            overview => page.run.is_some(),
            nav => page.nav,
            back => page.back,
            parts => page.parts,
            issues => minijinja::Value::from(minijinja::value::Serde(page.rows)),
            issues_of => page.rows_of,
            sections => minijinja::Value::from(minijinja::value::Serde(page.sections)),
            rules => minijinja::Value::from(minijinja::value::Serde(rule_views(page.rules))),
            score_doc => minijinja::Value::from(minijinja::value::Serde(score_doc())),
            severities => [Severity::Error, Severity::Warning, Severity::Info].iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            trend => page.trend,
            css => self.css.clone(),
            js => self.js.clone(),
            images_css => page.images_css.to_string(),
        };
        tmpl.render(ctx)
            .map_err(|e| Error::Usage(format!("report template: {e}")))
    }
}

/// What one HTML file of the report shows.
struct HtmlFile<'a> {
    title: String,
    /// The run, for the overview (verdict, totals); `None` in a part file.
    run: Option<&'a super::RunResult>,
    accuracy: Option<String>,
    /// Whether to list every issue as a link line (small reports only).
    nav: bool,
    /// Link back to the overview, in a part file.
    back: Option<String>,
    /// Part files, linked from the overview of a split report.
    parts: Vec<String>,
    rows: &'a [IssueView],
    /// Issues in the run, when the overview shows only the worst of them.
    rows_of: Option<usize>,
    sections: &'a [IssueView],
    rules: &'a BTreeSet<String>,
    trend: String,
    images_css: &'a str,
}

/// The view of an issue that could not be checked.
fn error_view(i: &crate::IssueReport) -> IssueView {
    IssueView {
        id: i.outcome.id.clone(),
        anchor: anchor(&i.outcome.id),
        href: format!("#{}", anchor(&i.outcome.id)),
        publication: i.outcome.id.split('/').next().unwrap_or("").into(),
        date: String::new(),
        lang: "und".into(),
        articles: 0,
        errors: 0,
        warnings: 0,
        infos: 0,
        hits: 0,
        // An issue that could not be read is worse than any that could.
        score: f64::INFINITY,
        sort_score: "Infinity".into(),
        quality: Score::default(),
        title_f1: None,
        snapshot: "not checked".into(),
        cer: None,
        cer_estimate: None,
        input_errors: i.outcome.errors.iter().map(|e| e.to_string()).collect(),
        articles_list: Vec::new(),
        page_findings: Vec::new(),
        pages: Vec::new(),
        lost: Vec::new(),
        changes: Vec::new(),
        diff_summary: None,
    }
}

fn trend_point(r: &IssueResult) -> trend::Point {
    let c = &r.summary.findings;
    trend::Point {
        series: r.publication.clone(),
        date: r.date.clone(),
        value: (c.error + c.warning + c.info) as f64 * 1000.0 / r.summary.chars.max(1) as f64,
        issues: 1,
    }
}

/// Worst first: the highest quality score, then by id.
fn worst_first(a: &IssueView, b: &IssueView) -> std::cmp::Ordering {
    quality::worst_first((a.score, &a.id), (b.score, &b.id))
}

/// Renders the report of a check run as one self-contained file.
pub fn render(report: &CheckReport, templates: Option<&Path>, langs: &Languages) -> Result<String> {
    let templates = Templates::load(templates)?;
    let mut images_css = String::new();
    let mut issues = Vec::new();
    let mut rules = BTreeSet::new();
    for i in &report.issues {
        match &i.outcome.result {
            Some(r) => {
                rules.extend(r.findings.iter().map(|f| f.rule.clone()));
                issues.push(issue_view(i, r, &mut images_css, langs)?);
            }
            None => issues.push(error_view(i)),
        }
    }
    issues.sort_by(worst_first);
    let run = super::RunResult::from_check_with(report, super::Settings::default(), None, false);
    let mut trend = trend::Trend::default();
    for r in report
        .issues
        .iter()
        .filter_map(|i| i.outcome.result.as_ref())
    {
        trend.add(trend_point(r));
    }
    templates.render(HtmlFile {
        title: "ocrgate quality report".into(),
        run: Some(&run),
        accuracy: report.accuracy().map(|a| a.cer_pooled.to_string()),
        nav: true,
        back: None,
        parts: Vec::new(),
        rows: &issues,
        rows_of: None,
        sections: &issues,
        rules: &rules,
        trend: trend.svg(),
        images_css: &images_css,
    })
}

/// A report too large for one file, written as issues are checked: the
/// overview (verdict, totals, trend, one table row per issue) in the file
/// asked for, and the issues' details in part files of `per_file` issues
/// each, in `<name>-issues/`, in issue order. Each file is self-contained
/// and small enough for a browser; memory holds one part, not the corpus.
pub struct SplitReport {
    path: PathBuf,
    parts_dir: PathBuf,
    per_file: usize,
    templates: Templates,
    langs: Languages,
    rows: Vec<IssueView>,
    part: Vec<IssueView>,
    part_rules: BTreeSet<String>,
    all_rules: BTreeSet<String>,
    images_css: String,
    trend: trend::Trend,
    parts: Vec<String>,
    /// Issues added; the overview shows the worst `overview_rows`.
    issues: usize,
    overview_rows: usize,
}

impl SplitReport {
    pub fn new(
        path: &Path,
        templates: Option<&Path>,
        per_file: usize,
        overview_rows: usize,
        langs: Languages,
    ) -> Result<SplitReport> {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        Ok(SplitReport {
            path: path.to_path_buf(),
            parts_dir: path.with_file_name(format!("{stem}-issues")),
            per_file: per_file.max(1),
            templates: Templates::load(templates)?,
            langs,
            rows: Vec::new(),
            part: Vec::new(),
            part_rules: BTreeSet::new(),
            all_rules: BTreeSet::new(),
            images_css: String::new(),
            trend: trend::Trend::default(),
            parts: Vec::new(),
            issues: 0,
            overview_rows: overview_rows.max(1),
        })
    }

    fn part_name(&self) -> String {
        format!("{:04}.html", self.parts.len() + 1)
    }

    fn dir_name(&self) -> String {
        self.parts_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Adds one issue (in issue order).
    pub fn add(&mut self, i: &crate::IssueReport) -> Result<()> {
        let mut view = match &i.outcome.result {
            Some(r) => {
                self.part_rules
                    .extend(r.findings.iter().map(|f| f.rule.clone()));
                self.trend.add(trend_point(r));
                issue_view(i, r, &mut self.images_css, &self.langs)?
            }
            None => error_view(i),
        };
        view.href = format!("{}/{}#{}", self.dir_name(), self.part_name(), view.anchor);
        self.issues += 1;
        self.rows.push(IssueView {
            articles_list: Vec::new(),
            page_findings: Vec::new(),
            pages: Vec::new(),
            changes: Vec::new(),
            ..view.clone()
        });
        // Only the worst rows are kept: trimmed now and then, so the
        // overview's memory and size do not grow with the archive.
        if self.rows.len() >= 2 * self.overview_rows {
            self.rows.sort_by(worst_first);
            self.rows.truncate(self.overview_rows);
        }
        self.part.push(view);
        if self.part.len() >= self.per_file {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.part.is_empty() {
            return Ok(());
        }
        let name = self.part_name();
        let (first, last) = (&self.part[0].id, &self.part[self.part.len() - 1].id);
        let back = self
            .path
            .file_name()
            .map(|n| format!("../{}", n.to_string_lossy()));
        let html = self.templates.render(HtmlFile {
            title: format!("ocrgate quality report: {first} – {last}"),
            run: None,
            accuracy: None,
            nav: true,
            back,
            parts: Vec::new(),
            rows: &self.part,
            rows_of: None,
            sections: &self.part,
            rules: &self.part_rules,
            trend: String::new(),
            images_css: &self.images_css,
        })?;
        snapshot::write_atomic(&self.parts_dir.join(&name), &html)?;
        self.parts.push(format!("{}/{name}", self.dir_name()));
        self.all_rules.append(&mut self.part_rules);
        self.part.clear();
        self.images_css.clear();
        Ok(())
    }

    /// Writes the last part and the overview; returns the files written.
    pub fn finish(mut self, report: &CheckReport) -> Result<Vec<PathBuf>> {
        self.flush()?;
        self.rows.sort_by(worst_first);
        self.rows.truncate(self.overview_rows);
        let run =
            super::RunResult::from_check_with(report, super::Settings::default(), None, false);
        let html = self.templates.render(HtmlFile {
            title: "ocrgate quality report".into(),
            run: Some(&run),
            accuracy: report.accuracy().map(|a| a.cer_pooled.to_string()),
            nav: false,
            back: None,
            parts: self.parts.clone(),
            rows: &self.rows,
            rows_of: (self.issues > self.rows.len()).then_some(self.issues),
            sections: &[],
            rules: &self.all_rules,
            trend: self.trend.svg(),
            images_css: "",
        })?;
        snapshot::write_atomic(&self.path, &html)?;
        self.remove_stale_parts()?;
        let mut files = vec![self.path.clone()];
        files.extend(self.parts.iter().map(|p| self.path.with_file_name(p)));
        Ok(files)
    }

    /// Part files of an earlier, longer run (`0051.html` after a run of 50
    /// parts) would be published with the report although nothing links
    /// them: they go. Only names of the part pattern are touched.
    fn remove_stale_parts(&self) -> Result<()> {
        let written: BTreeSet<String> = (1..=self.parts.len())
            .map(|k| format!("{k:04}.html"))
            .collect();
        let Ok(entries) = std::fs::read_dir(&self.parts_dir) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_part = name.len() == 9
                && name.ends_with(".html")
                && name[..4].bytes().all(|b| b.is_ascii_digit());
            if is_part && !written.contains(&name) {
                let path = entry.path();
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(())
    }
}

/// The Markdown version of the overview: issues ranked by the quality
/// score, as in the HTML report.
pub fn markdown(report: &CheckReport) -> String {
    let run = super::RunResult::from_check_with(report, super::Settings::default(), None, false);
    let mut out = format!(
        "# ocrgate quality report\n\n{} issues · {} articles · {} errors · {} warnings · {} info · {} pending snapshot changes\n\n",
        run.totals.issues, run.totals.articles, run.totals.errors, run.totals.warnings, run.totals.infos, run.totals.pending_snapshots
    );
    out.push_str("Worst first by the quality score (higher is worse): severity-weighted hits per 1,000 characters, plus CER per 1,000 characters, untitled articles, lost headlines and title-block F1 (see the HTML report).\n\n");
    out.push_str("| issue | score | articles | untitled | headlines lost | errors | warnings | info | hits | CER | est. CER |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut rows: Vec<(f64, String, String)> = Vec::new();
    for i in &report.issues {
        match &i.outcome.result {
            Some(r) => {
                let q = quality::of_issue(r, i.change.as_deref()).issue;
                let c = &r.summary.findings;
                rows.push((
                    q.score,
                    r.issue.clone(),
                    format!(
                        "| {} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                        r.issue,
                        q.score,
                        r.summary.articles,
                        q.untitled_articles,
                        if q.headlines_accepted > 0 {
                            format!("{} of {}", q.headlines_lost, q.headlines_accepted)
                        } else {
                            "–".to_string()
                        },
                        c.error,
                        c.warning,
                        c.info,
                        q.hits.total(),
                        r.accuracy
                            .as_ref()
                            .map_or("–".to_string(), |a| a.total.cer_pooled.to_string()),
                        r.summary
                            .cer_estimate
                            .map_or("–".to_string(), |e| format!("{e:.4}"))
                    ),
                ));
            }
            None => rows.push((
                f64::INFINITY,
                i.outcome.id.clone(),
                format!(
                    "| {} | not checked: input error | | | | | | | | | |\n",
                    i.outcome.id
                ),
            )),
        }
    }
    rows.sort_by(|a, b| quality::worst_first((a.0, &a.1), (b.0, &b.1)));
    for (_, _, r) in rows {
        out.push_str(&r);
    }
    out
}
