//! The `zh-newspaper` profile on a page unlike the seed: a central paper's
//! front page, with a masthead run together in plain text (name, pinyin,
//! folio line with the lunar date), a dispatch dateline, agency copy with an
//! agency byline, a jump line and an editor line. Written for this test
//! from the conventions (`zh-newspaper-conventions.md`), not from any
//! page in `../shared`.

use ocrgate::result::IssueResult;

const PAGE: &str = "\
人民日报
RENMIN RIBAO
2023年3月15日 星期三 农历癸卯年二月廿四 第26734期 今日20版

第十四届全国人大一次会议在京闭幕
会议表决通过政府工作报告

本报北京3月13日电 （记者 张三 李四）第十四届全国人民代表大会第一次会议13日上午在人民大会堂闭幕。会议应出席代表2977人，出席2952人。

会议表决通过了关于政府工作报告的决议，赞成2936票，反对3票，弃权13票。

（下转第二版）

春耕备耕正当时
新华社记者 王五
新华社郑州3月14日电 眼下正值春耕备耕关键时期，河南各地农民抢抓农时。今年全省小麦种植面积8500万亩以上，农历二月二龙抬头前后将迎来返青。

“今年的麦苗长势好于往年，”种粮大户赵六说，“一类苗占比达到七成。”

责任编辑：孙七
";

fn check(folder: &str) -> IssueResult {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("renmin-ribao").join(folder);
    std::fs::create_dir_all(&issue).unwrap();
    std::fs::write(issue.join("p01.txt"), PAGE).unwrap();
    std::fs::write(
        dir.path().join("renmin-ribao/publication.yaml"),
        "name: 人民日报\nprofile: zh-newspaper\n",
    )
    .unwrap();
    ocrgate::check_issue_dir(dir.path(), &format!("renmin-ribao/{folder}"))
        .unwrap()
        .result
        .unwrap()
}

#[test]
fn masthead_lines_are_furniture_not_an_article() {
    let r = check("2023-03-15");
    assert_eq!(
        r.pages[0].furniture,
        vec![
            "人民日报",
            "RENMIN RIBAO",
            "2023年3月15日星期三农历癸卯年二月廿四第26734期今日20版",
            "（下转第二版）",
            "责任编辑：孙七",
        ]
    );
    let heads: Vec<Option<&str>> = r.articles.iter().map(|a| a.headline.as_deref()).collect();
    assert_eq!(
        heads,
        vec![
            Some("第十四届全国人大一次会议在京闭幕"),
            Some("春耕备耕正当时")
        ],
        "{:#?}",
        r.articles
    );
    // The folio date is the issue's, its weekday right, and the spaces of
    // a masthead or after a dispatch's `电` are typesetting.
    let rules: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, Vec::<&str>::new(), "{:#?}", r.findings);
}

#[test]
fn the_folio_date_is_checked_against_the_issue_folder() {
    let r = check("2023-03-16");
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "page.masthead-date" && f.message.contains("2023-03-15")),
        "{:#?}",
        r.findings
    );
}

#[test]
fn dispatch_datelines_and_agency_bylines() {
    let r = check("2023-03-15");
    let (report, farming) = (&r.articles[0], &r.articles[1]);
    let dl = report.dateline.as_ref().unwrap();
    assert_eq!(
        (
            dl.place.as_deref(),
            dl.date_text.as_deref(),
            dl.date.as_deref()
        ),
        (Some("北京"), Some("3月13日"), Some("2023-03-13"))
    );
    assert_eq!(dl.people.reporters, vec!["张三", "李四"]);
    let byline = farming
        .byline
        .as_ref()
        .expect("新华社记者 王五 is a byline");
    assert_eq!(
        (byline.marker.as_str(), byline.people.reporters.clone()),
        ("新华社记者", vec!["王五".to_string()])
    );
    assert_eq!(farming.subtitle, None);
    let dl = farming.dateline.as_ref().unwrap();
    assert_eq!(
        (dl.marker.as_str(), dl.date_text.as_deref()),
        ("新华社郑州3月14日电", Some("3月14日"))
    );
}

#[test]
fn lunar_dates_are_not_read_as_gregorian_and_days_alone_are_dates() {
    let r = check("2023-03-15");
    let (report, farming) = (&r.articles[0], &r.articles[1]);
    assert_eq!(report.dates, vec!["3月13日 = 2023-03-13", "13日 = day 13"]);
    // 农历二月二 is a lunar date: no `二月 = month 2`.
    assert_eq!(farming.dates, vec!["3月14日 = 2023-03-14"]);
    assert!(report.numbers.contains(&"2936票 = 2936 票".to_string()));
    // `13日` is a date, not a number of its own.
    assert!(!report.numbers.iter().any(|n| n == "13 = 13"));
}
