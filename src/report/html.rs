//! `ocrgate report --html`: one self-contained HTML file for editors.
//!
//! Everything is inline (CSS, JS, the SVG chart, page images as data URIs)
//! and a Content-Security-Policy forbids any network request. The reading
//! content is plain HTML; JavaScript only filters and sorts. The templates
//! are minijinja files (`report.html`, `report.css`, `report.js`); a team
//! restyles the report by copying them and passing `--templates DIR`.

use super::trend;
use crate::error::{Error, Result};
use crate::result::IssueResult;
use crate::snapshot::{self, diff};
use crate::source::{read_page, Page};
use crate::validate::{Finding, Severity};
use crate::CheckReport;
use base64::Engine;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The largest page image embedded in the report: a scan of a newspaper
/// page at 300 dpi is a few MB as PNG or JPEG.
const MAX_IMAGE_BYTES: u64 = 64_000_000;
use std::path::{Path, PathBuf};

const TEMPLATE: &str = include_str!("templates/report.html");
const CSS: &str = include_str!("templates/report.css");
const JS: &str = include_str!("templates/report.js");

#[derive(Serialize, Clone)]
struct FindingView {
    rule: String,
    severity: String,
    message: String,
    suggestion: Option<String>,
    location: String,
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
    lines: String,
    text_html: String,
    findings: Vec<FindingView>,
}

#[derive(Serialize, Clone)]
struct Family {
    name: String,
    count: usize,
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
    articles: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    per_1k: f64,
    families: Vec<Family>,
    snapshot: String,
    cer: Option<String>,
    input_errors: Vec<String>,
    articles_list: Vec<ArticleView>,
    page_findings: Vec<FindingView>,
    diff: Option<String>,
    diff_summary: Option<String>,
}

fn esc(s: &str) -> String {
    crate::escape::html_text(s)
}

fn anchor(id: &str) -> String {
    format!("issue-{}", id.replace(['/', '.'], "-"))
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
    page: Page,
    /// CSS class of the page image, where there is one.
    image_class: Option<String>,
}

fn finding_view(f: &Finding, pages: &HashMap<String, PageData>) -> FindingView {
    let crop = pages.get(&f.page).and_then(|pd| {
        let class = pd.image_class.as_ref()?;
        let line = pd.page.lines.iter().find(|l| l.source_line == f.line)?;
        let b = line.bbox?;
        Some(format!(
            "<span class=\"crop {class}\" role=\"img\" aria-label=\"page image of line {}\" style=\"width:{}px;height:{}px;background-position:-{}px -{}px\"></span>",
            f.line,
            b.w.max(1),
            b.h.max(1),
            b.x.max(0),
            b.y.max(0)
        ))
    });
    FindingView {
        rule: f.rule.clone(),
        severity: f.severity.as_str().to_string(),
        message: if f.count > 1 {
            format!("{} (first of {})", f.message, f.count)
        } else {
            f.message.clone()
        },
        suggestion: f.suggestion.clone(),
        location: format!("{}:{}:{}", f.page, f.line, f.column),
        fingerprint: f.fingerprint.clone(),
        crop,
    }
}

/// The raw OCR lines of an article with its findings marked in place.
fn article_text(
    ranges: &[(String, u32, u32)],
    pages: &HashMap<String, PageData>,
    marks: &Marks,
) -> String {
    let mut out = String::new();
    for (file, lo, hi) in ranges {
        let Some(pd) = pages.get(file) else { continue };
        let mut seen = BTreeSet::new();
        for line in pd
            .page
            .lines
            .iter()
            .filter(|l| (*lo..=*hi).contains(&l.source_line))
        {
            if line.is_blank() || !seen.insert(line.source_line) {
                continue;
            }
            let chars: Vec<char> = line.text.chars().collect();
            let mut line_marks: Vec<(u32, usize, &Finding)> = marks
                .get(&(file.clone(), line.source_line))
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
                html.push_str(&esc(&chars[at..start].iter().collect::<String>()));
                let tip = match &f.suggestion {
                    Some(s) => format!("{}[{}] {} — {s}", f.severity, f.rule, f.message),
                    None => format!("{}[{}] {}", f.severity, f.rule, f.message),
                };
                html.push_str(&format!(
                    "<mark class=\"f sev-{}\" tabindex=\"0\" data-rule=\"{}\" data-severity=\"{}\" title=\"{}\">{}<span class=\"tip\">{}</span></mark>",
                    f.severity,
                    esc(&f.rule),
                    f.severity,
                    esc(&tip),
                    esc(&chars[start..end].iter().collect::<String>()),
                    esc(&tip)
                ));
                at = end;
            }
            html.push_str(&esc(&chars[at.min(chars.len())..]
                .iter()
                .collect::<String>()));
            out.push_str(&format!(
                "<span class=\"l\"><span class=\"n\">{file}:{}</span>{html}</span>",
                line.source_line
            ));
        }
    }
    out
}

fn issue_view(
    i: &crate::IssueReport,
    r: &IssueResult,
    images_css: &mut String,
) -> Result<IssueView> {
    let mut pages: HashMap<String, PageData> = HashMap::new();
    for p in &r.pages {
        let path = i.dir.join(&p.file);
        let page = read_page(&path)?;
        let image_class = match image_for(&path) {
            Some((img, mime)) if page.has_geometry() => {
                let bytes = crate::fsio::read_input(&img, MAX_IMAGE_BYTES, "page image")?;
                let class = format!("img-{}-{}", anchor(&r.issue), p.file.replace('.', "-"));
                images_css.push_str(&format!(
                    ".{class}{{background-image:url(data:{mime};base64,{})}}\n",
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                ));
                Some(class)
            }
            _ => None,
        };
        pages.insert(p.file.clone(), PageData { page, image_class });
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
        .map(|a| ArticleView {
            id: a.id,
            headline: a.headline.clone(),
            subtitle: a.subtitle.clone(),
            kicker: a.kicker.clone(),
            byline: a.byline.clone(),
            dateline: a.dateline.clone(),
            lines: a.lines.clone(),
            text_html: article_text(&ranges(&a.lines), &pages, &marks),
            findings: r
                .findings
                .iter()
                .filter(|f| f.article == Some(a.id))
                .map(|f| finding_view(f, &pages))
                .collect(),
        })
        .collect();
    let page_findings = r
        .findings
        .iter()
        .filter(|f| f.article.is_none())
        .map(|f| finding_view(f, &pages))
        .collect();
    let mut families: BTreeMap<String, usize> = BTreeMap::new();
    for (rule, n) in &r.summary.findings.rules {
        *families
            .entry(rule.split('.').next().unwrap_or(rule).to_string())
            .or_default() += n;
    }
    let c = &r.summary.findings;
    let per_1k = crate::result::round(
        (c.error + c.warning + c.info) as f64 * 1000.0 / r.summary.chars.max(1) as f64,
        2,
    );
    // What changed against the accepted snapshot, if anything.
    let (diff, diff_summary) = match (i.snapshot, i.change.as_deref()) {
        (Some(snapshot::Status::Changed | snapshot::Status::New), Some(review)) => {
            let changes = diff::line_changes(
                review.accepted_body.as_deref().unwrap_or(""),
                &review.pending_body,
                0,
                0,
            );
            (Some(diff::render_html(&changes, 2)), Some(review.summary()))
        }
        _ => (None, None),
    };
    Ok(IssueView {
        id: r.issue.clone(),
        href: format!("#{}", anchor(&r.issue)),
        anchor: anchor(&r.issue),
        publication: r.publication.clone(),
        date: r.date.clone(),
        articles: r.summary.articles,
        errors: c.error,
        warnings: c.warning,
        infos: c.info,
        per_1k,
        families: families
            .into_iter()
            .map(|(name, count)| Family { name, count })
            .collect(),
        snapshot: match i.snapshot {
            Some(s) => format!("{s:?}").to_lowercase(),
            None => "not checked".into(),
        },
        cer: r.accuracy.as_ref().map(|a| a.total.cer_pooled.to_string()),
        input_errors: Vec::new(),
        articles_list,
        page_findings,
        diff,
        diff_summary,
    })
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
            rules => page.rules.iter().cloned().collect::<Vec<_>>(),
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
        articles: 0,
        errors: 0,
        warnings: 0,
        infos: 0,
        per_1k: 0.0,
        families: Vec::new(),
        snapshot: "not checked".into(),
        cer: None,
        input_errors: i.outcome.errors.iter().map(|e| e.to_string()).collect(),
        articles_list: Vec::new(),
        page_findings: Vec::new(),
        diff: None,
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

/// Worst first: most findings per 1,000 characters, then by id.
fn worst_first(a: &IssueView, b: &IssueView) -> std::cmp::Ordering {
    b.per_1k
        .partial_cmp(&a.per_1k)
        .unwrap_or(std::cmp::Ordering::Equal)
        .then(a.id.cmp(&b.id))
}

/// Renders the report of a check run as one self-contained file.
pub fn render(report: &CheckReport, templates: Option<&Path>) -> Result<String> {
    let templates = Templates::load(templates)?;
    let mut images_css = String::new();
    let mut issues = Vec::new();
    let mut rules = BTreeSet::new();
    for i in &report.issues {
        match &i.outcome.result {
            Some(r) => {
                rules.extend(r.findings.iter().map(|f| f.rule.clone()));
                issues.push(issue_view(i, r, &mut images_css)?);
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
                issue_view(i, r, &mut self.images_css)?
            }
            None => error_view(i),
        };
        view.href = format!("{}/{}#{}", self.dir_name(), self.part_name(), view.anchor);
        self.issues += 1;
        self.rows.push(IssueView {
            articles_list: Vec::new(),
            page_findings: Vec::new(),
            diff: None,
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

/// The Markdown version of the overview.
pub fn markdown(report: &CheckReport) -> String {
    let run = super::RunResult::from_check_with(report, super::Settings::default(), None, false);
    let mut out = format!(
        "# ocrgate quality report\n\n{} issues · {} articles · {} errors · {} warnings · {} info · {} pending snapshot changes\n\n",
        run.totals.issues, run.totals.articles, run.totals.errors, run.totals.warnings, run.totals.infos, run.totals.pending_snapshots
    );
    out.push_str("| issue | articles | errors | warnings | info | findings /1k chars | CER |\n|---|---:|---:|---:|---:|---:|---:|\n");
    let mut rows: Vec<(f64, String)> = Vec::new();
    for i in &report.issues {
        match &i.outcome.result {
            Some(r) => {
                let c = &r.summary.findings;
                let per =
                    (c.error + c.warning + c.info) as f64 * 1000.0 / r.summary.chars.max(1) as f64;
                rows.push((
                    per,
                    format!(
                        "| {} | {} | {} | {} | {} | {:.2} | {} |\n",
                        r.issue,
                        r.summary.articles,
                        c.error,
                        c.warning,
                        c.info,
                        per,
                        r.accuracy
                            .as_ref()
                            .map_or("–".to_string(), |a| a.total.cer_pooled.to_string())
                    ),
                ));
            }
            None => rows.push((
                f64::MAX,
                format!(
                    "| {} | not checked: input error | | | | | |\n",
                    i.outcome.id
                ),
            )),
        }
    }
    rows.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap().then(a.1.cmp(&b.1)));
    for (_, r) in rows {
        out.push_str(&r);
    }
    out
}
