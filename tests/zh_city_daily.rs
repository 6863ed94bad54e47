//! The `zh-newspaper` profile on a city daily's page as a content system
//! exports it: one paragraph a line with no blank lines between them, a
//! dated brief (`本报5月7日讯`), a weather box between two articles, a line
//! the OCR read twice, and an announcement of a date still to come.
//! Written for this test from the conventions (`zh-newspaper-conventions.md`),
//! not from any page of the development material.

mod common;

use common::*;
use ocrgate::result::IssueResult;

const PAGE: &str = "\
市区道路改造工程全面开工
年内完成主干道升级42条

本报5月7日讯（记者 刘洋）记者从市城乡交通运输局获悉，今年我市计划对42条主干道实施提升改造，总投资约15.6亿元，目前各项工程已全面开工。
据介绍，此次改造重点解决路面破损、排水不畅等问题，预计10月底前全部完工。
据介绍，此次改造重点解决路面破损、排水不畅等问题，预计10月底前全部完工。
改造期间，市交警部门将根据施工进度适时调整交通组织，请市民提前规划出行路线。

天气
今天白天 多云转晴 南风3级 18℃～29℃
明天 晴 西南风3到4级 19℃～31℃

图书馆推出夏季阅读季活动
本报讯（通讯员 王敏）5月6日，市图书馆2024年夏季阅读季正式启动，活动将持续至8月31日，首场讲座定于5月11日（星期六）举行。
活动期间，读者凭借阅证可免费参加全部活动。
";

fn check() -> IssueResult {
    check_issue(
        "jinan-ribao/2024-05-08",
        Some("name: 济南日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", PAGE)],
    )
}

#[test]
fn one_paragraph_a_line_is_read_as_such() {
    let r = check();
    let roads = &r.articles[0];
    assert_eq!(roads.headline.as_deref(), Some("市区道路改造工程全面开工"));
    assert_eq!(roads.subtitle.as_deref(), Some("年内完成主干道升级42条"));
    // Four lines, four paragraphs: the repeated line stays (it is on the
    // page) and is reported.
    assert_eq!(roads.paragraphs.len(), 4, "{:#?}", roads.paragraphs);
    assert!(roads.paragraphs[3].starts_with("改造期间"));
    let duplicate: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "line.duplicate")
        .collect();
    assert_eq!(duplicate.len(), 1);
    assert_eq!(duplicate[0].line, 6);
}

#[test]
fn a_dated_brief_is_a_dateline() {
    let r = check();
    let dl = r.articles[0].dateline.as_ref().expect("a dateline");
    assert_eq!(dl.marker, "本报5月7日讯");
    assert_eq!(dl.date.as_deref(), Some("2024-05-07"));
    assert_eq!(dl.people.reporters, ["刘洋"]);
}

#[test]
fn a_weather_box_is_furniture_not_the_article_above_it() {
    let r = check();
    assert_eq!(r.articles.len(), 2, "{:#?}", r.articles);
    assert!(r.articles[0]
        .paragraphs
        .iter()
        .all(|p| !p.contains("天气") && !p.contains('℃')));
    let furniture = &r.pages[0].furniture;
    assert_eq!(furniture.len(), 3, "{furniture:#?}");
    assert_eq!(furniture[0], "天气");
    // The box's spaces are its layout, not damage: no finding at all in it
    // (lines 9-11).
    let in_box: Vec<_> = r
        .findings
        .iter()
        .filter(|f| (9..=11).contains(&f.line))
        .collect();
    assert!(in_box.is_empty(), "{in_box:#?}");
    assert_eq!(
        r.articles[1].headline.as_deref(),
        Some("图书馆推出夏季阅读季活动")
    );
}

#[test]
fn a_title_without_a_box_under_it_is_left_alone() {
    let page =
        "天气\n本报讯（记者 刘洋）入夏以来，我市降雨偏少，各地积极应对，全力保障群众生活用水。\n";
    let r = check_issue(
        "jinan-ribao/2024-05-09",
        Some("name: 济南日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", page)],
    );
    assert!(
        r.pages[0].furniture.is_empty(),
        "{:#?}",
        r.pages[0].furniture
    );
    // The report on the weather is an article (its two-character title is
    // below a headline's length, as a section label is).
    let report = r
        .articles
        .iter()
        .find(|a| a.paragraphs.iter().any(|p| p.contains("降雨偏少")))
        .expect("the report is an article");
    assert_eq!(report.dateline.as_ref().unwrap().people.reporters, ["刘洋"]);
}

#[test]
fn announced_dates_are_this_year_and_their_weekday_is_checked_so() {
    let r = check();
    let library = &r.articles[1];
    assert!(
        library.dates.contains(&"8月31日 = 2024-08-31".to_string()),
        "{:#?}",
        library.dates
    );
    // 11 May 2024 is a Saturday; read as 2023 it would not be.
    assert!(
        library
            .dates
            .iter()
            .any(|d| d.starts_with("5月11日") && d.ends_with("= 2024-05-11")),
        "{:#?}",
        library.dates
    );
    assert!(!r.findings.iter().any(|f| f.rule == "date.weekday"));
}

#[test]
fn a_grouped_finding_does_not_quote_another_pages_example() {
    let page = "医保工作站开到银行网点\n\n本报讯（通讯员 张珂）村民 来到工作站，查询 参保信息，办理 相关业务。\n";
    let r = check_issue(
        "jinan-ribao/2024-05-10",
        Some("name: 济南日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", page)],
    );
    let spaces: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "space.cjk")
        .collect();
    assert_eq!(spaces.len(), 1, "{:#?}", r.findings);
    assert_eq!(spaces[0].count, 3);
    assert_eq!(spaces[0].message, "3 × a space inside Chinese text");
}

/// The ground truth of the tesseract runs is the seed page written one
/// paragraph a line with no blank lines. Each headline must start its
/// article: 8 titled articles in the editor's reading, and the parser must
/// find at least 7 of them (the eighth, 田长志…, runs into the untitled
/// commentary before it, which only the layout separates).
#[test]
fn the_ground_truth_written_one_paragraph_a_line_keeps_its_headlines() {
    let text = std::fs::read_to_string(data("liaocheng-ocr-runs/gt/full.txt")).unwrap();
    let r = check_issue(
        "liaocheng-daily/2022-07-05",
        Some("name: 聊城日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", &text)],
    );
    let expected = [
        "履新\"第一课\"",
        "医保工作站开到银行网点",
        "田长志:做好企业服务\"大管家\"",
        "我市上半年新增农民专业合作社1298户",
        "我市全力提升本质安全水平",
        "临清市梯次培育\"强企方阵\"",
        "高新区园区经济强势突破",
        "青年创业\"不差钱\"",
    ];
    let found: Vec<String> = r
        .articles
        .iter()
        .filter_map(|a| a.headline.as_deref().map(fold))
        .collect();
    let hits = expected.iter().filter(|e| found.contains(&fold(e))).count();
    assert!(hits >= 7, "{hits} of 8: {found:#?}");
}

/// An evening paper's page: an editorial under its column label, an editor's
/// note, an article closed by a credit in brackets with a telephone number
/// in its text, a brief the OCR read twice, and a small advertisement.
const EVENING: &str = "\
【社论】

坚持不懈推进乡村振兴

　　乡村振兴是一篇大文章，必须久久为功。今年以来，各地坚持农业农村优先发展，扎实推进乡村发展、乡村建设、乡村治理等重点工作。
　　实践证明，只有坚持因地制宜、分类施策，才能走出一条符合实际的振兴之路。

全市开展春季安全生产大检查
记者 张三 通讯员 李四 报道
　　3月11日，市安委会召开会议，部署开展为期两个月的春季安全生产大检查，重点检查建筑施工、危险化学品、道路交通等领域。
　　会议要求，各县（市、区）要在3月20日前完成自查，4月底前完成重点抽查。咨询电话：0635-8241234。
　　（本报记者 王五）

本报讯（记者 赵六）3月11日，市第二实验小学举行“学雷锋”志愿服务活动，200余名师生参加。
本报讯（记者 赵六）3月11日，市第二实验小学举行“学雷锋”志愿服务活动，200余名师生参加。

广告
诚聘英才 热线：0635-8888888 地址：东昌路100号
";

fn check_evening() -> IssueResult {
    check_issue(
        "xx-wanbao/2024-03-12",
        Some("name: 某某晚报\nprofile: zh-newspaper\n"),
        &[("p01.txt", EVENING)],
    )
}

#[test]
fn an_editorial_under_its_column_label_has_its_headline() {
    let r = check_evening();
    assert_eq!(
        r.articles[0].headline.as_deref(),
        Some("坚持不懈推进乡村振兴")
    );
    assert_eq!(r.articles[0].paragraphs.len(), 2);
    assert!(r.pages[0].furniture.contains(&"【社论】".to_string()));
}

#[test]
fn a_closing_credit_in_brackets_is_the_articles_byline() {
    let r = check_evening();
    let safety = &r.articles[1];
    assert_eq!(
        safety.headline.as_deref(),
        Some("全市开展春季安全生产大检查")
    );
    let people = &safety.byline.as_ref().unwrap().people;
    assert_eq!(people.reporters, ["张三", "王五"]);
    assert_eq!(people.correspondents, ["李四"]);
    // Not the headline of the brief after it.
    assert!(r
        .articles
        .iter()
        .all(|a| a.headline.as_deref() != Some("（本报记者王五）")));
    // The telephone number is no quantity.
    assert!(
        !safety.numbers.iter().any(|n| n.contains("635")),
        "{:#?}",
        safety.numbers
    );
}

#[test]
fn a_brief_read_twice_is_one_unit_with_a_duplicate_finding() {
    let r = check_evening();
    assert_eq!(r.articles.len(), 3, "{:#?}", r.articles);
    let brief = &r.articles[2];
    assert_eq!(brief.paragraphs.len(), 2);
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule == "line.duplicate")
            .count(),
        1
    );
}

#[test]
fn a_small_advertisement_is_furniture() {
    let r = check_evening();
    let furniture = &r.pages[0].furniture;
    assert!(furniture.contains(&"广告".to_string()), "{furniture:#?}");
    assert!(furniture.iter().any(|f| f.starts_with("诚聘英才")));
    assert!(!r.findings.iter().any(|f| f.rule == "para.truncated"));
}
