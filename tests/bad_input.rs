//! Bad input, case by case. Each case asserts the exact behaviour: a clear
//! message naming the file (and line and column where they apply), exit
//! code 2 or a finding, no panic, and the other issues still checked.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A corpus with one good issue beside the issue under test.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &corpus().join("liaocheng-daily"),
            &dir.path().join("corpus/good"),
        );
        Project { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `files` into `corpus/bad/<folder>/`.
    fn issue(&self, folder: &str, files: &[(&str, &[u8])]) -> PathBuf {
        let d = self.path().join("corpus/bad").join(folder);
        std::fs::create_dir_all(&d).unwrap();
        for (name, bytes) in files {
            std::fs::write(d.join(name), bytes).unwrap();
        }
        d
    }

    fn check(&self) -> (i32, String, String) {
        let o = ocrgate(
            &["check", "corpus", "--findings", "none", "--update", "no"],
            self.path(),
        );
        let (out, err) = (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        );
        assert!(
            !err.contains("panicked") && !out.contains("panicked"),
            "{err}"
        );
        // The good issue is always checked.
        assert!(
            out.contains("good/2022-07-05 ") && out.contains("9 articles"),
            "{out}\n{err}"
        );
        (o.status.code().unwrap_or(-1), out, err)
    }
}

/// Asserts a run without input errors (the new snapshots make it exit 1).
fn clean(code: i32, out: &str, err: &str) {
    assert!(code == 0 || code == 1, "{out}{err}");
    assert!(out.contains(" 0 input errors"), "{out}{err}");
}

/// Asserts an input error (exit 2) whose message names `file` and says `what`.
fn input_error(p: &Project, file: &str, what: &str) -> String {
    let (code, _, err) = p.check();
    assert_eq!(code, 2, "{err}");
    let line = err
        .lines()
        .find(|l| l.contains(file))
        .unwrap_or_else(|| panic!("no message names {file}:\n{err}"));
    assert!(line.contains(what), "{line}");
    line.to_string()
}

const SEED: &str = "履新\"第一课\"\n\n■ 本报记者 孙克锋\n\n培训班在市委党校举行,委员们认真学习。\n";

#[test]
fn invalid_utf8_bytes_in_a_page() {
    let p = Project::new();
    let mut bytes = SEED.as_bytes().to_vec();
    bytes.insert(10, 0xFF);
    bytes.insert(11, 0xFE);
    p.issue("2022-07-05", &[("p01.txt", &bytes)]);
    // Damaged UTF-8 is named with the line and column of the first bad byte.
    input_error(&p, "bad/2022-07-05/p01.txt:1:5", "invalid UTF-8 bytes");
}

#[test]
fn gb18030_page_is_read() {
    let p = Project::new();
    let (bytes, _, _) = encoding_rs::GB18030.encode(SEED);
    p.issue("2022-07-05", &[("p01.txt", &bytes)]);
    let (code, out, err) = p.check();
    clean(code, &out, &err);
    let r = ocrgate::check_issue_dir(&p.path().join("corpus"), "bad/2022-07-05")
        .unwrap()
        .result
        .unwrap();
    assert_eq!(
        (
            r.pages[0].encoding.as_str(),
            r.articles[0].headline.as_deref()
        ),
        ("GB18030", Some("履新\"第一课\""))
    );
}

#[test]
fn utf16_with_and_without_bom() {
    let p = Project::new();
    let mut with_bom = vec![0xFF, 0xFE];
    let latin = "COAL DUTIES.\n\nThe Chancellor moved the reduction of the duties on coal.\n";
    for u in latin.encode_utf16() {
        with_bom.extend(u.to_le_bytes());
    }
    let without: Vec<u8> = with_bom[2..].to_vec();
    p.issue("2022-07-05", &[("p01.txt", &with_bom)]);
    p.issue("2022-07-06", &[("p01.txt", &without)]);
    let (code, out, err) = p.check();
    clean(code, &out, &err);
    for day in ["2022-07-05", "2022-07-06"] {
        let r = ocrgate::check_issue_dir(&p.path().join("corpus"), &format!("bad/{day}"))
            .unwrap()
            .result
            .unwrap();
        assert_eq!(r.pages[0].encoding, "UTF-16LE");
    }
}

#[test]
fn nul_bytes() {
    let p = Project::new();
    let mut bytes = SEED.as_bytes().to_vec();
    bytes.extend([0u8, 0, 0, 0x41, 0]);
    p.issue("2022-07-05", &[("p01.txt", &bytes)]);
    input_error(&p, "bad/2022-07-05/p01.txt", "NUL");
}

#[test]
fn empty_page() {
    let p = Project::new();
    p.issue("2022-07-05", &[("p01.txt", b""), ("p02.txt", b"  \n\n \n")]);
    let line = input_error(&p, "bad/2022-07-05/p01.txt", "the page has no text");
    assert!(line.contains("error"));
}

#[test]
fn hundred_megabyte_page_is_refused_before_it_is_read() {
    let p = Project::new();
    let d = p.issue("2022-07-05", &[]);
    let f = std::fs::File::create(d.join("p01.txt")).unwrap();
    f.set_len(100_000_000).unwrap(); // sparse: no 100 MB written
    input_error(
        &p,
        "bad/2022-07-05/p01.txt",
        "the page file is 100 MB; over 64 MB is not read",
    );
}

#[test]
fn image_named_txt() {
    let p = Project::new();
    let png = std::fs::read(data("liaocheng-ocr-runs/img/three_clean300_p01.png")).unwrap();
    p.issue("2022-07-05", &[("p01.txt", &png[..png.len().min(200_000)])]);
    input_error(
        &p,
        "bad/2022-07-05/p01.txt",
        "cannot read this page as text",
    );
}

#[test]
fn one_line_of_a_million_characters() {
    let p = Project::new();
    let line: String = "委员们认真学习,".repeat(125_000);
    assert_eq!(line.chars().count(), 1_000_000);
    p.issue(
        "2022-07-05",
        &[("p01.txt", format!("标题\n\n{line}\n").as_bytes())],
    );
    let (code, out, err) = p.check();
    clean(code, &out, &err);
    let r = ocrgate::check_issue_dir(&p.path().join("corpus"), "bad/2022-07-05")
        .unwrap()
        .result
        .unwrap();
    assert!(r.summary.chars >= 1_000_000);
    // 125,000 ASCII commas: one grouped finding, not 125,000.
    let punct: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "punct.halfwidth")
        .collect();
    assert_eq!((punct.len(), punct[0].count), (1, 125_000));
}

#[test]
fn malformed_xml_pages_are_located() {
    let p = Project::new();
    p.issue(
        "2022-07-05",
        &[(
            "p01.alto.xml",
            b"<alto>\n <Layout>\n  <TextBlock>\n</alto>\n",
        )],
    );
    p.issue(
        "2022-07-06",
        &[(
            "p01.page.xml",
            b"<PcGts>\n<Page><TextRegion id=\"r\">\n</PcGts>",
        )],
    );
    let (code, _, err) = p.check();
    assert_eq!(code, 2);
    assert!(
        err.lines()
            .any(|l| l.contains("bad/2022-07-05/p01.alto.xml:4:") && l.contains("malformed XML")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("bad/2022-07-06/p01.page.xml:3:") && l.contains("malformed XML")),
        "{err}"
    );
}

#[test]
fn malformed_hocr_is_read_leniently_and_an_hocr_without_text_is_an_error() {
    let p = Project::new();
    // Unclosed tags: HTML, not XML; read leniently.
    p.issue("2022-07-05", &[("p01.hocr", "<html><body><div class='ocr_page'><span class='ocr_line' title='bbox 0 0 10 10'><span class='ocrx_word'>聊城日报<p>\n".as_bytes())]);
    // No line at all.
    p.issue(
        "2022-07-06",
        &[("p01.hocr", b"<html><body><p>nothing here")],
    );
    let (code, _, err) = p.check();
    assert_eq!(code, 2);
    assert!(!err.contains("bad/2022-07-05/"), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("bad/2022-07-06/p01.hocr") && l.contains("no text")),
        "{err}"
    );
}

#[test]
fn xml_entities_are_never_expanded_or_fetched() {
    let p = Project::new();
    let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE alto [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<alto><Layout><TextBlock><TextLine><String CONTENT=\"&x;&b;\"/></TextLine></TextBlock></Layout></alto>\n";
    p.issue("2022-07-05", &[("p01.alto.xml", xxe.as_bytes())]);
    input_error(
        &p,
        "bad/2022-07-05/p01.alto.xml:3:",
        "defines entities, which are never expanded",
    );
}

#[test]
fn fifty_megabyte_xml_page_is_read() {
    let p = Project::new();
    let mut xml = String::from("<alto><Layout><Page><PrintSpace>\n");
    let line = "<TextBlock><TextLine HPOS=\"1\" VPOS=\"1\" WIDTH=\"100\" HEIGHT=\"20\"><String CONTENT=\"聊城日报\" WC=\"0.9\"/><SP/><String CONTENT=\"第一版\"/></TextLine></TextBlock>\n";
    while xml.len() < 50_000_000 {
        xml.push_str(line);
    }
    xml.push_str("</PrintSpace></Page></Layout></alto>\n");
    p.issue("2022-07-05", &[("p01.alto.xml", xml.as_bytes())]);
    let (code, out, err) = p.check();
    assert_ne!(code, 2, "{out}{err}");
}

#[test]
fn yaml_mistakes_are_located() {
    let cases: &[(&str, &str, &str)] = &[
        ("name: [unclosed\n", "publication.yaml:1:", ""),
        ("name: a\nname: b\n", "publication.yaml:2:", "duplicate"),
        ("nmae: a\n", "publication.yaml:1:", "unknown field"),
        (
            "rules:\n  headline:\n    max_chars: many\n",
            "publication.yaml:3:",
            "",
        ),
        (
            "rules:\n  furniture:\n    - '(unclosed'\n",
            "publication.yaml:3:",
            "does not compile",
        ),
    ];
    for (yaml, at, what) in cases {
        let p = Project::new();
        p.issue("2022-07-05", &[("p01.txt", SEED.as_bytes())]);
        std::fs::write(p.path().join("corpus/bad/publication.yaml"), yaml).unwrap();
        let o = ocrgate(&["check", "corpus"], p.path());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{yaml}: {err}");
        assert!(
            err.contains(&format!("corpus/bad/{at}")) && err.contains(what),
            "{yaml}: {err}"
        );
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn a_catastrophic_backtracking_regex_runs_in_linear_time() {
    let p = Project::new();
    // (a+)+$ explodes in a backtracking engine on "aaaa…!"; the regex crate
    // has no backtracking, so this check finishes as any other.
    let page = format!(
        "{}!\n\n本报讯(记者 孙克锋)培训班在市委党校举行。\n",
        "a".repeat(50_000)
    );
    p.issue("2022-07-05", &[("p01.txt", page.as_bytes())]);
    std::fs::write(
        p.path().join("corpus/bad/publication.yaml"),
        "rules:\n  furniture:\n    - '(a+)+$'\n    - '(x+x+)+y'\n",
    )
    .unwrap();
    let (code, out, err) = p.check();
    clean(code, &out, &err);
}

#[test]
fn issue_folder_with_no_pages() {
    let p = Project::new();
    p.issue("2022-07-05", &[("notes.md", b"no pages here")]);
    input_error(&p, "bad/2022-07-05", "has no pages");
}

#[test]
fn broken_issue_yaml_is_an_error_of_that_issue_only() {
    // Issue folders are read when their turn comes: a mistake in one
    // issue.yaml is located and fails the run (exit 2), and every other
    // issue is still checked (`check` asserts the good one is).
    let cases: &[(&str, &str)] = &[
        ("date: [2022\n", "issue.yaml:1:"),
        ("edition: a\nedition: b\n", "issue.yaml:2:"),
        ("pagse: [p01.txt]\n", "unknown field"),
    ];
    for (yaml, what) in cases {
        let p = Project::new();
        p.issue(
            "2022-07-05",
            &[
                ("p01.txt", SEED.as_bytes()),
                ("issue.yaml", yaml.as_bytes()),
            ],
        );
        let line = input_error(&p, "bad/2022-07-05/issue.yaml", what);
        assert!(line.starts_with("error: "), "{line}");
    }
}

#[test]
fn date_folder_that_is_not_a_date() {
    let p = Project::new();
    p.issue("2022-02-30", &[("p01.txt", SEED.as_bytes())]);
    input_error(&p, "bad/2022-02-30", "is not named after a date");
}

#[test]
fn file_names_with_spaces_non_ascii_and_dots() {
    let p = Project::new();
    p.issue(
        "2022-07-05",
        &[
            ("p 01.txt", SEED.as_bytes()),
            ("第02版.txt", SEED.as_bytes()),
            ("p..03.txt", SEED.as_bytes()),
        ],
    );
    let (code, out, err) = p.check();
    clean(code, &out, &err);
    let r = ocrgate::check_issue_dir(&p.path().join("corpus"), "bad/2022-07-05")
        .unwrap()
        .result
        .unwrap();
    let files: Vec<&str> = r.pages.iter().map(|x| x.file.as_str()).collect();
    assert_eq!(files.len(), 3, "{files:?}");
    // A `..` in issue.yaml's page list cannot leave the issue folder.
    std::fs::write(
        p.path().join("corpus/bad/2022-07-05/issue.yaml"),
        "pages: [../../good/2022-07-05/p01.txt]\n",
    )
    .unwrap();
    input_error(&p, "bad/2022-07-05/issue.yaml", "outside the issue folder");
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_the_corpus() {
    let p = Project::new();
    let d = p.issue("2022-07-05", &[("p01.txt", SEED.as_bytes())]);
    std::os::unix::fs::symlink(&d, d.join("loop")).unwrap();
    std::os::unix::fs::symlink(p.path().join("corpus/bad/x"), p.path().join("corpus/bad/x")).ok();
    let (code, out, err) = p.check();
    clean(code, &out, &err);
}

#[test]
fn unwritable_snapshot_folder() {
    // The tests may run as root, for whom permissions do not stop writes:
    // a file where the publication's snapshot folder should be does.
    let p = Project::new();
    std::fs::create_dir_all(p.path().join("snapshots")).unwrap();
    std::fs::write(p.path().join("snapshots/good"), "not a folder").unwrap();
    let o = ocrgate(&["check", "corpus"], p.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("snapshots/good"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn snapshot_with_merge_conflict_markers() {
    let p = Project::new();
    std::fs::create_dir_all(p.path().join("snapshots/good")).unwrap();
    std::fs::write(
        p.path().join("snapshots/good/2022-07-05.snap"),
        "---\nsource: ocrgate check\nexpression: good/2022-07-05\ninput_file: corpus/good/2022-07-05\n---\n<<<<<<< HEAD\nissue: a\n=======\nissue: b\n>>>>>>> other\n",
    )
    .unwrap();
    let o = ocrgate(&["check", "corpus", "--findings", "none"], p.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("snapshots/good/2022-07-05.snap:6:1")
            && err.contains("merge-conflict markers"),
        "{err}"
    );
}

/// A page that is UTF-8 and then GB18030 (two files concatenated) is named
/// for what it is, at the line where the encoding changes; before, it was
/// "mostly control characters (a binary file?)".
#[test]
fn a_page_half_utf8_half_gb18030() {
    let p = Project::new();
    let mut bytes = SEED.as_bytes().to_vec();
    let (gb, _, _) = encoding_rs::GB18030.encode(SEED);
    bytes.extend_from_slice(&gb);
    p.issue("2022-07-05", &[("p01.txt", &bytes)]);
    let lines = SEED.lines().count() + 1;
    input_error(
        &p,
        &format!("bad/2022-07-05/p01.txt:{lines}:1"),
        "mixes encodings, UTF-8 before this point and GB18030 from here",
    );
}

/// A PAGE file named `.alto.xml`, behind a long licence comment that holds
/// `<`: read as PAGE by its root element, and where it has no text the
/// message says how it was read.
#[test]
fn a_page_xml_file_named_alto() {
    let p = Project::new();
    let comment = format!("<!-- licence <b>CC0</b> {} -->", "x".repeat(6000));
    let page = |text: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
{comment}
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="p.png" imageWidth="1000" imageHeight="1000">
<TextRegion id="r1"><TextLine id="l1"><TextEquiv><Unicode>{text}</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>
"#
        )
    };
    p.issue(
        "2022-07-05",
        &[("p01.alto.xml", page("履新第一课").as_bytes())],
    );
    p.issue("2022-07-06", &[("p01.alto.xml", page("").as_bytes())]);
    let line = input_error(&p, "bad/2022-07-06/p01.alto.xml", "the page has no text");
    assert!(
        line.contains("read as PAGE XML by its root element <PcGts>; its name says ALTO"),
        "{line}"
    );
    let (_, out, _) = p.check();
    assert!(
        out.lines()
            .any(|l| l.starts_with("bad/2022-07-05 ") && l.contains(" 1 page ")),
        "{out}"
    );
}

/// An undated folder whose METS file is garbage: the METS error is the
/// reason, not "not named after a date".
#[test]
fn garbage_mets_in_an_undated_folder() {
    let p = Project::new();
    p.issue(
        "morning",
        &[
            ("mets.xml", b"\x00garbage <<< not xml"),
            ("p01.txt", SEED.as_bytes()),
        ],
    );
    input_error(&p, "bad/morning/mets.xml:1:1", "malformed XML");
}

/// NaN, infinite and negative numbers in thresholds, check parameters and
/// parsing rules are refused where they are written.
#[test]
fn nan_infinite_and_negative_ratios_are_refused_at_their_position() {
    for (file, yaml, at, says) in [
        (
            "corpus/ocrgate.yaml",
            "thresholds:\n  cer:\n    warn: .nan\n",
            "ocrgate.yaml:3:11",
            "NaN",
        ),
        (
            "corpus/ocrgate.yaml",
            "thresholds:\n  untitled_share:\n    fail: -0.5\n",
            "ocrgate.yaml:3:11",
            "negative",
        ),
        (
            "corpus/ocrgate.yaml",
            "checks:\n  date.dateline-stale:\n    max_days: .inf\n",
            "ocrgate.yaml:3:",
            "non-finite",
        ),
        (
            "corpus/good/publication.yaml",
            "name: x\nrules:\n  headline:\n    uppercase_ratio: -.inf\n",
            "publication.yaml:4:22",
            "finite",
        ),
        (
            "corpus/good/publication.yaml",
            "name: x\nrules:\n  metrics:\n    cer_estimate:\n      text:\n        intercept: .nan\n        suspects: 1\n        foreign: 1\n        findings: 1\n",
            "publication.yaml:6:",
            "finite",
        ),
        (
            "corpus/good/publication.yaml",
            "name: x\nrules:\n  metrics:\n    cer_estimate: maybe\n",
            "publication.yaml:4:",
            "write `off`",
        ),
    ] {
        let p = Project::new();
        std::fs::write(p.path().join(file), yaml).unwrap();
        let o = ocrgate(&["check", "corpus", "--update", "no"], p.path());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{yaml}: {err}");
        assert!(err.contains(at) && err.contains(says), "{yaml}: {err}");
    }
}
