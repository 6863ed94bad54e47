//! Expected structure (`expected.yaml`): `check` scores the parsed articles
//! against it, in the snapshot, the terminal and the JSON; a broken file is
//! an input error at its line and column. And the layout evidence that
//! plain text still has: each paragraph's measure.

mod common;

use common::{check_issue, copy_tree, corpus, ocrgate};

/// A throw-away copy of the bundled corpus, in `dir/corpus`.
fn bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), &dir.path().join("corpus"));
    dir
}

/// `ocrgate check corpus` in `dir` with nothing written, printing `format`.
fn check(dir: &std::path::Path, format: &str) -> std::process::Output {
    let args = [
        "check",
        "corpus",
        "--update",
        "no",
        "--no-cache",
        "--format",
        format,
    ];
    ocrgate(&args, dir)
}

/// The run result of a check, read from its JSON output.
fn check_json(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&check(dir, "json").stdout).unwrap()
}

/// The seed issue's entry in a JSON run result.
fn seed_of(run: &serde_json::Value) -> &serde_json::Value {
    run["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "liaocheng-daily/2022-07-05")
        .unwrap()
}

#[test]
fn the_seed_scores_every_family_against_its_expected_structure() {
    let dir = bundled();
    let run = check_json(dir.path());
    let s = &seed_of(&run)["structure"];
    // 8 headed articles, 5 datelines (本报讯), 8 bylines, 10 names, 3 dates.
    for (family, n) in [
        ("title_blocks", 8),
        ("datelines", 5),
        ("bylines", 8),
        ("reporters", 10),
        ("dateline_dates", 3),
    ] {
        assert_eq!(s[family]["expected"], n, "{family}");
        assert_eq!(s[family]["correct"], n, "{family}: {}", s[family]);
        assert_eq!(s[family]["f1"], 1.0, "{family}");
    }
    // The run's totals carry the same figures; the other issue has no
    // expected structure and adds nothing.
    assert_eq!(run["totals"]["structure"]["title_blocks"]["expected"], 8);
    // The terminal says it too.
    let out = check(dir.path(), "text");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("structure against expected.yaml (1 issue): title blocks F1 1.00 (8/8 right, 8 expected)"),
        "{text}"
    );
}

#[test]
fn a_lost_headline_costs_recall_and_a_wrong_name_costs_both() {
    let dir = bundled();
    let expected = dir
        .path()
        .join("corpus/liaocheng-daily/2022-07-05/expected.yaml");
    let text = std::fs::read_to_string(&expected).unwrap();
    // An article the parser cannot have found, and a reporter misnamed.
    let text = text.replace(
        "      - headline: 高新区园区经济强势突破",
        "      - headline: 一篇报纸上没有的文章标题\n        dateline: null\n        byline: null\n      - headline: 高新区园区经济强势突破",
    );
    let text = text.replacen("reporters: [林金彦]", "reporters: [林金言]", 1);
    std::fs::write(&expected, text).unwrap();
    let run = check_json(dir.path());
    let s = &run["totals"]["structure"];
    assert_eq!(s["title_blocks"]["expected"], 9);
    assert_eq!(s["title_blocks"]["correct"], 8);
    assert_eq!(s["title_blocks"]["precision"], 1.0);
    assert_eq!(s["title_blocks"]["recall"], 0.8889);
    assert_eq!(s["reporters"]["correct"], 9);
    assert_eq!(s["reporters"]["precision"], 0.9);
    let seed = seed_of(&run);
    assert_eq!(
        seed["structure"]["missed_titles"][0],
        "一篇报纸上没有的文章标题"
    );
}

#[test]
fn a_misspelt_field_is_an_input_error_at_its_line_and_column() {
    let dir = bundled();
    let expected = dir
        .path()
        .join("corpus/liaocheng-daily/2022-07-05/expected.yaml");
    std::fs::write(
        &expected,
        "pages:\n  - articles:\n      - headline: 标题\n        headlien: 标题\n",
    )
    .unwrap();
    let out = check(dir.path(), "text");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("expected.yaml:4:9"), "{err}");
    assert!(err.contains("headlien"), "{err}");
    // A format this build does not know is refused, not misread.
    std::fs::write(&expected, "format: 2\narticles: []\n").unwrap();
    let out = check(dir.path(), "text");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("format 2 is not known"), "{err}");
}

#[test]
fn json_and_sarif_list_every_location_of_a_grouped_finding() {
    let dir = bundled();
    let run = check_json(dir.path());
    let seed = seed_of(&run);
    let spaces = seed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "space.cjk")
        .unwrap();
    let count = spaces["count"].as_u64().unwrap() as usize;
    assert!(count > 100);
    let locations = spaces["locations"].as_array().unwrap();
    assert_eq!(locations.len(), count);
    assert_eq!(
        locations[0].as_str().unwrap(),
        format!("{}:{}", spaces["line"], spaces["column"])
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&check(dir.path(), "sarif").stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == "space.cjk"
                && r["properties"]["issue"] == "liaocheng-daily/2022-07-05"
                && r["properties"]["count"].as_u64() == Some(count as u64)
        })
        .unwrap();
    assert_eq!(
        result["relatedLocations"].as_array().unwrap().len(),
        count - 1
    );
}

/// The printed lines of a column: a head wrapped at its own narrow
/// measure, a subhead at a wider one, then body paragraphs whose first
/// lines are indented and whose last lines fall short — with no blank
/// line anywhere.
const COLUMN: &str = "\
城市更新让老街区
焕发新的生机活力
——本市推进老旧小区改造
工作纪实
本报讯 今年以来，全市共启动老旧小区
改造项目一百二十个，惠及居民三万多户，
改造内容涵盖水电气暖和道路绿化等多项。
在东城区的一个老小区里，居民们正在
新建的小广场上锻炼身体，孩子们就在一旁
嬉戏玩耍，一派和谐的景象让人欣喜不已。
“以前这里到处是乱搭乱建，现在宽敞
多了。”一位老人笑着说道。
";

#[test]
fn plain_text_heads_are_found_by_their_measure() {
    let r = check_issue("daily/2024-05-08", None, &[("p01.txt", COLUMN)]);
    assert_eq!(r.articles.len(), 1, "{:#?}", r.articles);
    let a = &r.articles[0];
    assert_eq!(
        a.headline.as_deref(),
        Some("城市更新让老街区焕发新的生机活力")
    );
    assert_eq!(a.subtitle.as_deref(), Some("本市推进老旧小区改造工作纪实"));
    // A paragraph that ends at the line's full width still ends there:
    // the next line is indented and the one after it full.
    assert_eq!(a.paragraphs.len(), 3, "{:#?}", a.paragraphs);
    assert!(a.paragraphs[1].starts_with("在东城区"));
    assert!(a.paragraphs[2].starts_with("“以前"));
}

/// A commentary column in plain OCR text (blocks apart): a one-line head in
/// larger type after the previous piece's last sentence, its author in a
/// block of their own, and an editor's note signed `——编者`.
const COMMENTARY: &str = "\
本市今年将新建改建公园绿地二十处，让市
民出门见绿、推窗见景，生活更加舒心。
——编者
让城市更有温度

张明远

城市的温度，体现在一个个细节之中：路边
的座椅、街角的书屋、夜里亮着的路灯，都
让人感到被关心、被照顾。
";

#[test]
fn a_short_line_after_a_sentence_end_is_a_head_and_a_name_under_it_its_author() {
    let r = check_issue("daily/2024-05-08", None, &[("p01.txt", COMMENTARY)]);
    let heads: Vec<_> = r.articles.iter().map(|a| a.headline.as_deref()).collect();
    assert_eq!(
        heads,
        vec![None, Some("让城市更有温度")],
        "{:#?}",
        r.articles
    );
    let column = &r.articles[1];
    let byline = column.byline.as_ref().expect("the author is the byline");
    assert_eq!(byline.people.reporters, vec!["张明远".to_string()]);
    // The editor's sign-off stays with the text it closes, never a head.
    assert!(r.articles[0].paragraphs.iter().any(|p| p.contains("编者")));
}

#[test]
fn rules_and_specks_read_as_symbols_are_noise_and_text_is_not() {
    use ocrgate::parse::segment::is_ocr_noise;
    assert!(is_ocr_noise("| 一一|      [一|"));
    assert!(is_ocr_noise("SRA          护"));
    // Specks of a photo read apart: characters, but none beside another.
    assert!(is_ocr_noise("忌                 司        人       7 A。"));
    // Letter-spaced text has no such symbols: it stays text.
    assert!(!is_ocr_noise("■ 本 报 记 者 张 燕"));
    // Two real characters together are text; no Han at all is not this
    // noise (a callout `63%`, a Latin line); a long line is text.
    assert!(!is_ocr_noise("| 国务院"));
    assert!(!is_ocr_noise("63%"));
    assert!(!is_ocr_noise("I. THE NEWS"));
    assert!(!is_ocr_noise("一 | 一 | 一 | 一 | 一 | 一 | 一 | 一 | 一"));
}
