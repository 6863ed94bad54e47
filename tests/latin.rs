//! The Latin-script profile on real pages from other archives: The
//! Statesman of 17 February 1824 (METS + ALTO, heavy OCR noise), a
//! Chronicling America front page (ALTO), and German Fraktur ground truth
//! (PAGE XML). Prints what it finds.

mod common;

use common::*;
use ocrgate::validate::Severity;
use std::path::Path;

fn issue(
    dir: &Path,
    publication: &str,
    folder: &str,
    files: &[(&Path, &str)],
    config: &str,
) -> String {
    let issue = dir.join(publication).join(folder);
    std::fs::create_dir_all(&issue).unwrap();
    for (from, name) in files {
        std::fs::copy(from, issue.join(name)).unwrap();
    }
    std::fs::write(dir.join(publication).join("publication.yaml"), config).unwrap();
    format!("{publication}/{folder}")
}

#[test]
fn statesman_1824_headlines_against_its_mets_titles() {
    let dir = tempfile::tempdir().unwrap();
    let src = data("statesman-1824");
    let mut files = Vec::new();
    let names: Vec<(std::path::PathBuf, String)> = (1..=4)
        .map(|k| {
            (
                src.join(format!("0002647_18240217_000{k}.xml")),
                format!("0002647_18240217_000{k}.xml"),
            )
        })
        .chain(std::iter::once((
            src.join("0002647_18240217_mets.xml"),
            "0002647_18240217_mets.xml".to_string(),
        )))
        .collect();
    for (p, n) in &names {
        files.push((p.as_path(), n.as_str()));
    }
    // The folder is not named after a date: the date must come from the METS.
    let id = issue(
        dir.path(),
        "statesman",
        "issue-0002647",
        &files,
        "name: The Statesman\nlanguage: en\nprofile: latin-newspaper\n",
    );
    let outcome = ocrgate::check_issue_dir(dir.path(), &id).unwrap();
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let r = outcome.result.unwrap();
    assert_eq!(r.date, "1824-02-17");
    assert_eq!(r.pages.len(), 4, "the METS file is not a page");
    let mets = ocrgate::source::mets::read_mets(&src.join("0002647_18240217_mets.xml")).unwrap();
    assert_eq!(mets.titles.len(), 18);
    let mut found = 0;
    println!("| METS title | best headline | similarity |");
    println!("|---|---|---:|");
    for t in &mets.titles {
        let (best, a) = r
            .articles
            .iter()
            .map(|a| (ocrgate::validate::title_match(t, a), a))
            .max_by(|x, y| x.0.partial_cmp(&y.0).unwrap())
            .unwrap();
        if best >= ocrgate::validate::TITLE_SIMILARITY {
            found += 1;
        }
        println!(
            "| {t} | {} | {best:.2} |",
            a.headline.as_deref().unwrap_or("–")
        );
    }
    println!(
        "found {found} of {} METS titles; {} articles, {} headlines",
        mets.titles.len(),
        r.summary.articles,
        r.summary.headlines
    );
    assert!(
        found * 10 >= mets.titles.len() * 7,
        "found {found} of {}",
        mets.titles.len()
    );
    // The missing ones are reported by the check, each once.
    let missing = r
        .findings
        .iter()
        .filter(|f| f.rule == "field.title-missing")
        .count();
    assert_eq!(missing, mets.titles.len() - found);
    // The masthead date agrees with the issue: no error there.
    assert!(
        !r.findings.iter().any(|f| f.rule == "page.masthead-date"),
        "{:?}",
        r.findings
            .iter()
            .filter(|f| f.rule == "page.masthead-date")
            .collect::<Vec<_>>()
    );
    // No Chinese rule speaks on English text.
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule == "punct.halfwidth" || f.rule == "space.cjk"));
}

#[test]
fn chronicling_america_page_parses_into_articles() {
    let dir = tempfile::tempdir().unwrap();
    let id = issue(
        dir.path(),
        "nytribune",
        "1903-05-01",
        &[(&data("chronam/ocr.xml"), "p01.alto.xml")],
        "name: New-York Tribune\nlanguage: en\nprofile: latin-newspaper\n",
    );
    let outcome = ocrgate::check_issue_dir(dir.path(), &id).unwrap();
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let r = outcome.result.unwrap();
    let heads: Vec<&str> = r
        .articles
        .iter()
        .filter_map(|a| a.headline.as_deref())
        .collect();
    println!(
        "chronam: {} articles, {} headlines: {:?}",
        r.summary.articles,
        heads.len(),
        &heads[..heads.len().min(25)]
    );
    assert!(heads.len() >= 10);
    for expected in [
        "FOREST FIRES RAGING.",
        "FAIR BUILDINGS DEDICATED.",
        "RIOTOUS STUDENTS.",
    ] {
        assert!(
            heads.iter().any(|h| h.contains(expected)),
            "{expected} not in {heads:?}"
        );
    }
    // The dateline of a Latin paper: `St. Louis, April 30.—`.
    assert!(
        r.articles
            .iter()
            .any(|a| a.dateline.as_ref().is_some_and(|d| d.date.is_some())),
        "no dated dateline"
    );
    assert!(!r
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && f.rule.starts_with("date.dateline")));
}

#[test]
fn german_fraktur_page_xml_reads_and_joins_hyphens() {
    let dir = tempfile::tempdir().unwrap();
    let src = data("reichsanzeiger");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    for (k, f) in files.iter().enumerate() {
        let folder = format!("page-{}", k + 1);
        let id = issue(
            dir.path(),
            "reichsanzeiger",
            &folder,
            &[(f.as_path(), "p01.page.xml")],
            "name: Deutscher Reichsanzeiger\nlanguage: de\nprofile: latin-newspaper\n",
        );
        std::fs::write(
            dir.path()
                .join("reichsanzeiger")
                .join(&folder)
                .join("issue.yaml"),
            "date: 1857-06-01\n",
        )
        .unwrap();
        let outcome = ocrgate::check_issue_dir(dir.path(), &id).unwrap();
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        let r = outcome.result.unwrap();
        let raw = std::fs::read_to_string(f).unwrap();
        let paragraphs: Vec<&String> = r.articles.iter().flat_map(|a| &a.paragraphs).collect();
        println!(
            "{}: {} articles, {} headlines, {} paragraphs",
            f.file_name().unwrap().to_string_lossy(),
            r.summary.articles,
            r.summary.headlines,
            paragraphs.len()
        );
        assert!(r.summary.articles >= 1);
        // A line ending in `⸗` before a line starting in lower case is one
        // word across the line end: it must appear joined, without the hyphen.
        let page = ocrgate::source::read_page(
            &dir.path()
                .join("reichsanzeiger")
                .join(&folder)
                .join("p01.page.xml"),
        )
        .unwrap();
        let (mut joined, mut candidates) = (0, 0);
        let mut missed = Vec::new();
        for w in page.lines.windows(2) {
            let (a, b) = (w[0].text.trim_end(), w[1].text.trim_start());
            if let (Some(head), Some(first)) = (a.strip_suffix('⸗'), b.split_whitespace().next())
            {
                let head = head.rsplit(' ').next().unwrap_or("");
                if first.chars().next().is_some_and(char::is_lowercase) && !head.is_empty() {
                    let word = format!(
                        "{head}{}",
                        first.trim_end_matches(|c: char| !c.is_alphabetic())
                    );
                    candidates += 1;
                    if paragraphs.iter().any(|p| p.contains(&word)) {
                        joined += 1;
                    } else {
                        missed.push(word);
                    }
                }
            }
        }
        // Where a paragraph break falls between the two lines (slanted line
        // polygons make some boxes look like display type), the word stays apart.
        println!("  {joined} of {candidates} words joined across a line-end ⸗; apart: {missed:?}");
        assert!(joined * 10 >= candidates * 8, "{joined} of {candidates}");
        let _ = &raw;
        assert_eq!(r.pages[0].format, ocrgate::source::PageFormat::Page);
    }
}

#[test]
fn english_and_german_conventions_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = "\
THE STATESMAN.

TUESDAY, FEBRUARY 17, 1824.

Vol. XX1V. No. 1234.

WEST INDIES.

By JOHN SMITH.

LONDON, Feb. 16.—The accounts from Jamaica state that the plan-
ters have sold their sugar at 2l. 25s. 0d. per hundred weight, and that
the ſhips of l824 are arriv=
ed.

FRANCE.

From our Correspondent.

PARIS, 15 février.—The Chamber met to-day.

PREUSSEN.

Von unserem Korrespondenten.

Berlin, 17. Februar.—Die Staats⸗
Regierung hat die Verhand⸗
lungen eröffnet.
";
    let issue = dir.path().join("statesman/1824-02-17");
    std::fs::create_dir_all(&issue).unwrap();
    std::fs::write(issue.join("p01.txt"), page).unwrap();
    std::fs::write(
        dir.path().join("statesman/publication.yaml"),
        "profile: latin-newspaper\n",
    )
    .unwrap();
    let r = ocrgate::check_issue_dir(dir.path(), "statesman/1824-02-17")
        .unwrap()
        .result
        .unwrap();
    let heads: Vec<&str> = r
        .articles
        .iter()
        .filter_map(|a| a.headline.as_deref())
        .collect();
    assert_eq!(
        heads,
        vec!["WEST INDIES.", "FRANCE.", "PREUSSEN."],
        "{:#?}",
        r.articles
    );
    let (west, france, prussia) = (&r.articles[0], &r.articles[1], &r.articles[2]);
    assert_eq!(
        west.byline.as_ref().unwrap().people.reporters,
        vec!["JOHN SMITH"]
    );
    assert_eq!(
        west.dateline.as_ref().unwrap().date.as_deref(),
        Some("1824-02-16")
    );
    assert!(france
        .byline
        .as_ref()
        .unwrap()
        .text
        .starts_with("From our Correspondent"));
    assert_eq!(
        france.dateline.as_ref().unwrap().date.as_deref(),
        Some("1824-02-15")
    );
    assert!(prussia
        .byline
        .as_ref()
        .unwrap()
        .text
        .starts_with("Von unserem Korrespondenten"));
    assert_eq!(
        prussia.dateline.as_ref().unwrap().date.as_deref(),
        Some("1824-02-17")
    );
    // Hyphens at line ends: `-` and `=` joined, `⸗` before a capital kept, long s kept.
    let text = west.paragraphs.join(" ");
    assert!(
        text.contains("planters have sold") && text.contains("arrived."),
        "{text}"
    );
    assert!(text.contains("ſhips"), "long s is kept as printed");
    assert!(
        prussia.paragraphs[0].contains("Staats⸗Regierung hat die Verhandlungen"),
        "{:?}",
        prussia.paragraphs
    );
    // Numbers and dates of these papers.
    let rules: Vec<(&str, &str)> = r
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.excerpt.as_str()))
        .collect();
    assert!(
        rules.contains(&("number.implausible", "2l. 25s. 0d.")),
        "{rules:?}"
    );
    assert!(rules.contains(&("number.lookalike", "XX1V")), "{rules:?}");
    assert!(
        rules
            .iter()
            .any(|(r, e)| *r == "number.lookalike" && e.contains("l824")),
        "{rules:?}"
    );
    // The masthead date agrees: no finding; no Chinese rule speaks.
    assert!(
        !rules.iter().any(|(r, _)| *r == "page.masthead-date"
            || *r == "date.weekday"
            || r.starts_with("space.")
            || *r == "punct.halfwidth"),
        "{rules:?}"
    );

    // Filed under the wrong date: the masthead says so.
    std::fs::write(issue.join("issue.yaml"), "date: 1824-02-18\n").unwrap();
    let r = ocrgate::check_issue_dir(dir.path(), "statesman/1824-02-17")
        .unwrap()
        .result
        .unwrap();
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "page.masthead-date")
        .expect("masthead date checked");
    assert!(
        f.message.contains("1824-02-17") && f.message.contains("1824-02-18"),
        "{}",
        f.message
    );
}

#[test]
fn statesman_masthead_is_checked_against_the_issue_date() {
    let dir = tempfile::tempdir().unwrap();
    let src = data("statesman-1824");
    let issue = dir.path().join("statesman/1824-02-18");
    std::fs::create_dir_all(&issue).unwrap();
    for k in 1..=4 {
        std::fs::copy(
            src.join(format!("0002647_18240217_000{k}.xml")),
            issue.join(format!("p0{k}.alto.xml")),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("statesman/publication.yaml"),
        "profile: latin-newspaper\n",
    )
    .unwrap();
    let r = ocrgate::check_issue_dir(dir.path(), "statesman/1824-02-18")
        .unwrap()
        .result
        .unwrap();
    // `TUESDAY EVENING. FEBRUARY 17, 1824.` printed on the page.
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule == "page.masthead-date" && f.message.contains("1824-02-17")));
}

/// A twentieth-century wire story: a byline with its affiliation line, and
/// wire-service datelines (`WASHINGTON (AP) —`, `CHICAGO, May 3 (UPI) —`).
#[test]
fn wire_copy_bylines_and_datelines() {
    let page = "\
SENATE PASSES FARM BILL

By JOHN A. SMITH
Associated Press Writer

WASHINGTON (AP) — The Senate passed the farm bill today by a vote of 52 to 41.

FIRE DESTROYS MILL

CHICAGO, May 3 (UPI) — A fire destroyed a flour mill on the South Side tonight.
";
    let r = check_issue(
        "daily-news/1962-05-04",
        Some("profile: latin-newspaper\n"),
        &[("p01.txt", page)],
    );
    let (senate, fire) = (&r.articles[0], &r.articles[1]);
    assert_eq!(
        senate.byline.as_ref().unwrap().people.reporters,
        vec!["JOHN A. SMITH"]
    );
    assert!(senate.paragraphs[0].starts_with("WASHINGTON (AP)"));
    let dl = senate.dateline.as_ref().unwrap();
    assert_eq!(dl.place.as_deref(), Some("WASHINGTON"));
    let dl = fire.dateline.as_ref().unwrap();
    assert_eq!(
        (dl.place.as_deref(), dl.date.as_deref()),
        (Some("CHICAGO"), Some("1962-05-03"))
    );
}

/// A weather box between two stories is page furniture, not the end of the
/// story above it; a story that only talks about the weather stays one.
#[test]
fn a_weather_box_is_furniture() {
    let page = "\
SENATE PASSES FARM BILL

WASHINGTON (AP) — The Senate passed the farm bill today by a vote of 52 to 41.

THE WEATHER
Fair and cool tonight, low 45. Saturday partly cloudy, high 62.
Winds northwest 10 to 15 miles an hour.

FIRE DESTROYS MILL

CHICAGO, May 3 (UPI) — A fire destroyed a flour mill on the South Side tonight. Rain and high winds hampered the firemen.
";
    let r = check_issue(
        "daily-news/1962-05-04",
        Some("profile: latin-newspaper\n"),
        &[("p01.txt", page)],
    );
    assert_eq!(
        r.pages[0].furniture,
        [
            "THE WEATHER",
            "Fair and cool tonight, low 45. Saturday partly cloudy, high 62.",
            "Winds northwest 10 to 15 miles an hour."
        ]
    );
    assert_eq!(r.articles.len(), 2);
    assert_eq!(r.articles[0].paragraphs.len(), 1);
    assert!(r.articles[1].paragraphs[0].ends_with("hampered the firemen."));
}

/// A 1912 front page: a cable credit line under the head, old-style
/// datelines (`LONDON, April 15.—`), a weather box; and the German report
/// of the same day, with its „…“ quotes and `15. April` dateline. No
/// finding is expected on either: every one would be a false alarm.
#[test]
fn cable_credits_and_old_style_datelines_raise_no_false_alarms() {
    let nyt = "\
TITANIC SINKS FOUR HOURS AFTER HITTING ICEBERG

Special Cable to THE NEW YORK TIMES.

LONDON, April 15.—The White Star liner Titanic sank this morning off the Grand
Banks. The first reports received here said that all on board were safe.

Later dispatches told of a great loss of life, and the line’s offices
were besieged by anxious crowds all day.

WEATHER FORECAST.
Fair to-day; to-morrow cloudy; moderate west winds.

CONGRESS TO INQUIRE.

WASHINGTON, April 15.—Senator Smith will introduce a resolution to-morrow
calling for an investigation of the disaster.
";
    let r = check_issue(
        "nyt/1912-04-16",
        Some("name: The New York Times\nlanguage: en\n"),
        &[("p01.txt", nyt)],
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.articles.len(), 2);
    let titanic = &r.articles[0];
    assert_eq!(
        titanic.byline.as_ref().unwrap().text,
        "Special Cable to THE NEW YORK TIMES."
    );
    assert_eq!(
        titanic.dateline.as_ref().unwrap().date.as_deref(),
        Some("1912-04-15")
    );
    assert_eq!(titanic.paragraphs.len(), 2);
    assert_eq!(r.pages[0].furniture[0], "WEATHER FORECAST.");

    let vz = "\
DER UNTERGANG DER „TITANIC“.

London, 15. April. Der Dampfer „Titanic“ der White Star Linie ist heute
früh nach dem Zusammenstoß mit einem Eisberg gesunken.
";
    let r = check_issue(
        "vz/1912-04-16",
        Some("name: Vossische Zeitung\nlanguage: de\n"),
        &[("p01.txt", vz)],
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    let a = &r.articles[0];
    assert_eq!(
        a.dateline.as_ref().unwrap().date.as_deref(),
        Some("1912-04-15")
    );
    assert!(
        a.dates.iter().any(|d| d == "15. April = 1912-04-15"),
        "{:#?}",
        a.dates
    );
    assert!(a.numbers.is_empty(), "{:#?}", a.numbers);
}
