//! The `zh-newspaper` profile on a page unlike the seed: a central paper's
//! front page, with a masthead run together in plain text (name, pinyin,
//! folio line with the lunar date), a dispatch dateline, agency copy with an
//! agency byline, a jump line and an editor line. Written for this test
//! from the conventions (`zh-newspaper-conventions.md`), not from any
//! page of the development material.

mod common;

use common::check_issue;
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

/// One page of 人民日报 on the `zh-newspaper` profile, as the issue of `date`.
fn renmin_page(date: &str, page: &str) -> IssueResult {
    check_issue(
        &format!("renmin-ribao/{date}"),
        Some("name: 人民日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", page)],
    )
}

fn check(folder: &str) -> IssueResult {
    check_issue(
        &format!("renmin-ribao/{folder}"),
        Some("name: 人民日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", PAGE)],
    )
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

/// Two pages: an article jumps from page 1 (`（下转第二版）`) over another
/// article to page 2 (`（上接第一版）`), and a photo credit stands under
/// the last article's text with no blank line.
const PAGE_1: &str = "\
大众日报
DAZHONG RIBAO
2023年6月20日 星期二 第1版

抓党建 促发展
——济南市历城区基层治理见闻
■ 本报记者 王建国 通讯员 李晓 刘洋
本报济南6月19日电 近年来，历城区把党建引领贯穿基层治理全过程，全区建成党群服务中心326个。

今年1至5月，全区实现地区生产总值3.5亿元，同比增长8.6%。

（下转第二版）

夏粮丰收
据新华社电 记者从农业农村部获悉，截至6月19日，全国已收获冬小麦3.2亿亩，进度过八成。
";

const PAGE_2: &str = "\
2023年6月20日 星期二 第2版
责任编辑：赵敏

（上接第一版）
据介绍，下一步历城区将持续推进“放管服”改革，让企业和群众办事更便捷。

小店经济焕发新活力
本报记者 孙丽 实习生 周洁
本报讯 6月18日，记者走进泉城路商圈，看到不少特色小店顾客盈门。店主告诉记者，今年以来营业额比去年同期增长了30%。
本报记者 孙丽 摄
";

fn check_two_pages() -> IssueResult {
    check_issue(
        "dazhong-ribao/2023-06-20",
        Some("name: 大众日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", PAGE_1), ("p02.txt", PAGE_2)],
    )
}

#[test]
fn a_jump_line_continues_the_article_that_jumped() {
    let r = check_two_pages();
    let heads: Vec<&str> = r
        .articles
        .iter()
        .filter_map(|a| a.headline.as_deref())
        .collect();
    assert_eq!(
        heads,
        vec!["抓党建促发展", "夏粮丰收", "小店经济焕发新活力"]
    );
    let (party, harvest) = (&r.articles[0], &r.articles[1]);
    assert_eq!(party.lines, "p01.txt:5-10, p02.txt:5-5");
    assert!(party.paragraphs.last().unwrap().starts_with("据介绍"));
    assert_eq!(harvest.paragraphs.len(), 1, "{:#?}", harvest.paragraphs);
    assert_eq!(r.pages[1].furniture[2], "（上接第一版）");
}

#[test]
fn a_photo_credit_under_the_text_is_the_articles() {
    let r = check_two_pages();
    let shops = &r.articles[2];
    assert!(
        shops.paragraphs[0].ends_with("增长了30%。"),
        "{:#?}",
        shops.paragraphs
    );
    let byline = shops.byline.as_ref().unwrap();
    assert_eq!(byline.people.reporters, vec!["孙丽"]);
    assert_eq!(byline.people.interns, vec!["周洁"]);
    assert_eq!(byline.people.photographers, vec!["孙丽"]);
    // Neither a truncated paragraph nor spaces inside Chinese text.
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn a_range_of_months_is_one_span() {
    let r = check_two_pages();
    let party = &r.articles[0];
    assert!(
        party.dates.contains(&"1至5月 = months 1..5".to_string()),
        "{:#?}",
        party.dates
    );
    assert!(
        !party.numbers.iter().any(|n| n == "1 = 1"),
        "{:#?}",
        party.numbers
    );
}

/// An older paper in traditional characters: the structural keywords
/// (本報記者, 本報訊, 新華社…電, 下轉) and a folio in Chinese numerals.
#[test]
fn traditional_characters_read_the_same() {
    let page = "\
大公報
一九四八年三月十五日 星期一 第二版

滬市米價續漲
本報記者 王大明
本報訊 上海米價昨日續漲，每石已逾三百萬元。市民排隊購米者，自清晨至午後不絕。

（下轉第三版）
";
    let r = check_issue(
        "ta-kung-pao/1948-03-16",
        Some("name: 大公報\nlanguage: zh-Hant\nprofile: zh-newspaper\n"),
        &[("p01.txt", page)],
    );
    assert_eq!(
        r.pages[0].furniture,
        vec![
            "大公報",
            "一九四八年三月十五日星期一第二版",
            "（下轉第三版）"
        ]
    );
    let a = &r.articles[0];
    assert_eq!(a.headline.as_deref(), Some("滬市米價續漲"));
    assert_eq!(a.byline.as_ref().unwrap().people.reporters, vec!["王大明"]);
    assert_eq!(a.dateline.as_ref().unwrap().marker, "本報訊");
    // Filed one day late: the folio in Chinese numerals says so.
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "page.masthead-date" && f.message.contains("1948-03-15")),
        "{:#?}",
        r.findings
    );
}

/// A short item with the classic three-part head (kicker, main title,
/// dash-led subtitle) and no blank lines: the head lines are as wide as
/// most of the few lines there are, so only the widest line is a full one.
#[test]
fn a_three_part_head_on_a_short_item() {
    let page = "\
坚持以人民为中心的发展思想
我市民生支出占比超八成
——上半年财政收支情况综述
本报记者 孙克锋
本报讯 上半年，全市一般公共预算支出中，民生支出占比达到81.3%。
";
    let r = check_issue("x-daily/2023-07-01", None, &[("p01.txt", page)]);
    assert_eq!(r.articles.len(), 1, "{:#?}", r.articles);
    let a = &r.articles[0];
    assert_eq!(
        (
            a.kicker.as_deref(),
            a.headline.as_deref(),
            a.subtitle.as_deref()
        ),
        (
            Some("坚持以人民为中心的发展思想"),
            Some("我市民生支出占比超八成"),
            Some("上半年财政收支情况综述")
        )
    );
    assert_eq!(a.byline.as_ref().unwrap().people.reporters, vec!["孙克锋"]);
}

/// OCR that reads across columns puts a byline and a headline on one line.
#[test]
fn a_byline_merged_with_a_headline_is_cut_off_and_reported() {
    let page = "\
履新第一课
■ 本报记者 孙克锋
本报讯 今年是十四届聊城市政协的开局之年，新任委员参加了培训。

■ 本报记者 张燕 我市新增合作社1298户
本报讯 上半年，全市新增农民专业合作社1298户，比2021年同比增长15%。
";
    let r = check_issue("y-daily/2023-07-01", None, &[("p01.txt", page)]);
    let a = &r.articles[1];
    assert_eq!(a.headline.as_deref(), Some("我市新增合作社1298户"));
    assert_eq!(a.byline.as_ref().unwrap().people.reporters, vec!["张燕"]);
    let merged: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "field.merged-credit")
        .collect();
    assert_eq!(merged.len(), 1, "{:#?}", r.findings);
    assert_eq!((merged[0].line, merged[0].column), (5, 1));
    assert_eq!(merged[0].excerpt, "■ 本报记者 张燕");
}

/// Photo captions (`图为…`, `▲…`, a caption ending with its photo credit)
/// are page furniture: not paragraphs of the article they stand in, and
/// their dates are not the page's.
#[test]
fn photo_captions_are_not_article_text() {
    let page = "\
医保工作站开到银行网点
本报通讯员 张珂 张瑜
本报讯 7月2日，在阳谷县张秋镇孟楼村，村民孟现军起了个大早，来到村里的医保工作站查询参保信息。这里的服务让村民们十分满意，大家纷纷点赞。
图为村民在医保工作站查询参保信息。 本报通讯员 张珂 摄
工作站站长熟练地登录医疗保障信息平台，很快就完成了查询。村民们说，这样的服务真是太方便了，以后再也不用跑远路了。
▲2022年6月30日，村民在工作站办理业务。
";
    let r = check_issue("x-daily/2022-07-05", None, &[("p01.txt", page)]);
    assert_eq!(
        r.pages[0].furniture,
        vec![
            "图为村民在医保工作站查询参保信息。本报通讯员张珂摄",
            "▲2022年6月30日，村民在工作站办理业务。"
        ]
    );
    assert_eq!(r.articles.len(), 1);
    assert_eq!(
        r.articles[0].paragraphs.len(),
        2,
        "{:#?}",
        r.articles[0].paragraphs
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

/// Dispatches dated by their day alone, as papers wrote them for decades,
/// bracketed or not, in either script: the month is the latest that has
/// the day, up to the issue.
#[test]
fn dispatches_dated_by_the_day_alone() {
    let page = "\
全国春耕生产普遍展开

【新华社北京十日电】各地农业生产合作社积极准备春耕，已有两万多个合作社制订了生产计划。

苏联代表团抵京
新華社北京廿八日電 蘇聯文化代表團一行十二人抵達北京。
";
    let r = check_issue(
        "renmin-ribao/1955-03-11",
        Some("name: 人民日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", page)],
    );
    let dl = r.articles[0].dateline.as_ref().expect("a dateline");
    assert_eq!(dl.marker, "【新华社北京十日电】");
    assert_eq!(dl.place.as_deref(), Some("北京"));
    assert_eq!(dl.date.as_deref(), Some("1955-03-10"));
    assert_eq!(
        r.articles[0].headline.as_deref(),
        Some("全国春耕生产普遍展开")
    );
    let dl = r.articles[1].dateline.as_ref().expect("a dateline");
    assert_eq!(dl.date.as_deref(), Some("1955-02-28"));
    assert_eq!(r.articles[1].headline.as_deref(), Some("苏联代表团抵京"));
}

#[test]
fn ocr_damage_around_a_dispatch_dateline_is_read_through() {
    // Made up in the shape tesseract gives a national daily's dispatches:
    // the month's 1 read as `]`, the note's round brackets as `《` / `〈`,
    // and quotes or a full stop read from specks before the note.
    let page = "\
推进春季农业生产
本报北京]月14日电“ 《〈记者王小明) 各地抓紧备耕，农资供应充足。

部署冬春水利建设
新华社北京1月14日电。〈记者赵大力、钱二) 国务院日前印发通知，部署工作。

发布就业数据
本报北京1月14日电”1月13日，有关部门发布最新数据。
";
    let r = check_issue(
        "renmin-ribao/2020-01-15",
        Some("name: 人民日报\nprofile: zh-newspaper\n"),
        &[("p01.txt", page)],
    );
    let dl = r.articles[0].dateline.as_ref().expect("a dateline");
    // The field says what the date is; the text keeps what was printed.
    assert_eq!(dl.marker, "本报北京1月14日电");
    assert!(dl.text.starts_with("本报北京]月14日电"), "{}", dl.text);
    assert_eq!(dl.date.as_deref(), Some("2020-01-14"));
    assert_eq!(dl.people.reporters, vec!["王小明"]);
    let dl = r.articles[1].dateline.as_ref().expect("a dateline");
    assert_eq!(dl.people.reporters, vec!["赵大力", "钱二"]);
    // A quote before a lead date is not a note: nobody is read from it.
    let dl = r.articles[2].dateline.as_ref().expect("a dateline");
    assert!(dl.people.reporters.is_empty(), "{dl:?}");
    assert_eq!(dl.marker, "本报北京1月14日电");
}

/// A commentary column in plain-text OCR (blocks apart, lines at the
/// column's measure): its tag wrapped onto a line of its own, and the
/// body's first paragraph a short question, as short as a subhead, so that
/// nothing but the tag says where the head ends. Then a head with a tag and
/// a dashed subtitle.
const TAGGED_COLUMN: &str = "\
今年以来，各地持续整治形式主义问题，为
基层干部松绑减负，取得了明显的成效。

基层减负要落到实处
（今日谈）

基层的负担为什么还是减不下来
呢？

近来，一些地方的基层干部反映，各类检查
考核依然不少，材料报表层层加码，需要认
真研究，切实加以解决，让基层干部把更多
精力用在抓落实上，用在为群众办实事上。

乡村振兴开新局（评论员观察）
——写在新春佳节之际

新春将至，各地乡村面貌焕然一新，道路通
了，路灯亮了，群众的生活越过越红火，对
未来的日子充满了信心，干劲也更足了。
";

#[test]
fn a_columns_tag_closes_the_head_and_the_body_does_not_join_it() {
    let r = renmin_page("2020-01-15", TAGGED_COLUMN);
    let heads: Vec<(Option<&str>, Option<&str>)> = r
        .articles
        .iter()
        .map(|a| (a.headline.as_deref(), a.subtitle.as_deref()))
        .collect();
    assert!(
        heads.contains(&(Some("基层减负要落到实处（今日谈）"), None)),
        "{heads:?}"
    );
    let column = &r.articles[1];
    assert!(
        column.paragraphs[0].starts_with("基层的负担为什么"),
        "{:?}",
        column.paragraphs
    );
    // A dashed subtitle after the tag still belongs to the title block.
    assert!(
        r.articles.iter().any(|a| {
            let title = format!(
                "{}{}",
                a.headline.as_deref().unwrap_or(""),
                a.subtitle.as_deref().unwrap_or("")
            );
            title.starts_with("乡村振兴开新局（评论员观察）") && title.contains("写在新春佳节之际")
        }),
        "{heads:?}"
    );
    // Without the tag rule (a pattern that matches nothing) the question
    // was taken for a subtitle.
    let r = check_issue(
        "renmin-ribao/2020-01-15",
        Some("name: 人民日报\nprofile: zh-newspaper\nrules:\n  headline:\n    column_tag: '[^\\s\\S]'\n"),
        &[("p01.txt", TAGGED_COLUMN)],
    );
    assert_eq!(
        r.articles[1].subtitle.as_deref(),
        Some("基层的负担为什么还是减不下来呢？")
    );
}

/// An opinion page as exact printed text: one printed line per line, no
/// blank lines. A signed commentary (a head, its author's name alone under
/// it); a roundtable (`（大家谈）`) that opens with an editor's note and
/// holds signed contributions; a column's label (`来论`) standing over one
/// more; then a dispatch, which no roundtable takes. Made up for this test
/// in the genre's shape.
const OPINION_PAGE: &str = "\
把实事办到群众心坎上
赵文华
群众的事无小事。办实事要从群众最关心
最直接最现实的利益问题入手，一件一件
抓落实，一年接着一年干，久久为功。
乡村教育（大家谈）
村里的孩子能不能在家门口上好学？怎样
让好老师留得住、教得好？我们邀请两位
读者，一起谈谈出路和办法。
——编 者
留住好老师
王明远
乡村学校最缺的不是校舍，而是能长期扎
根的好老师。提高待遇、改善住房，让老
师安心留下来，是办好乡村教育的前提。
（作者为某师范大学教授）
办好家门口的学校
李秋实
家门口的学校办好了，孩子们就不必翻山
越岭去上学，家长也能安心在本地就业。
来论
少开会多办事
河北保定 张立新
一些地方会议多、文件多，干部忙于应付，
真正用在办实事上的时间反而少了。减少
会议文件，才能腾出精力抓落实、办实事。
春耕备耕有序展开
本报石家庄2月13日电 （记者孙明）连日
来，河北各地抢抓农时，春耕备耕工作有
序展开，农资供应充足，价格总体平稳。
";

#[test]
fn a_roundtable_holds_its_signed_contributions() {
    let r = renmin_page("2019-02-14", OPINION_PAGE);
    let heads: Vec<(Option<&str>, Option<&str>)> = r
        .articles
        .iter()
        .map(|a| {
            (
                a.headline.as_deref(),
                a.byline.as_ref().map(|b| b.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        heads,
        [
            (Some("把实事办到群众心坎上"), Some("赵文华")),
            (Some("乡村教育（大家谈）"), None),
            (Some("来论"), None),
            (Some("春耕备耕有序展开"), None),
        ],
        "{:#?}",
        r.articles
    );
    // The contributions are the roundtable's text, heads and authors too.
    let text = r.articles[1].paragraphs.join("\n");
    assert!(
        text.contains("留住好老师") && text.contains("李秋实"),
        "{text}"
    );
    assert!(r.articles[2].paragraphs.join("").contains("张立新"));
    // The label left the text it stood under.
    assert!(!r.articles[1].paragraphs.iter().any(|p| p == "来论"));
    assert!(r.articles[3].dateline.is_some());
}

#[test]
fn a_head_wrapped_onto_a_word_is_not_an_author() {
    // `黄河` under a head is the head's end (a river), not a name, though
    // 黄 is a surname: the dictionary knows it as a place.
    const PAGE: &str = "\
守护好母亲河
黄河
沿岸各地持续推进生态保护和高质量发展，
治理成效逐步显现，两岸群众得到了实惠。
";
    let r = renmin_page("2019-02-14", PAGE);
    assert!(
        r.articles.iter().all(|a| a.byline.is_none()),
        "{:#?}",
        r.articles
    );
    assert_eq!(r.articles[0].headline.as_deref(), Some("守护好母亲河黄河"));
}

/// A series of signed profiles under one head (`…群英谱`): the series head
/// has no text of its own; each piece has a dashed kicker naming its
/// subject, a quoted head and a reporter's byline line. The paper files the
/// series as one article; its pieces are its text.
#[test]
fn a_series_of_signed_pieces_under_one_head_is_one_article() {
    const PAGE: &str = "\
全市新增市场主体一万余户

本报北京3月13日电 （记者 张三）今年以来全市新增各类市场主体一万余户，比上年同期增长百分之十二，发展势头良好，就业形势总体稳定。

守护一方平安的人们（基层群英谱）

县医院护士王丽——
“病人就是亲人”

本报记者 李明

“病人就是亲人。”这是王丽常挂在嘴边的一句话。二十年来，她在病房里守护了上万名患者，从没有请过一天假。

同事们说，她总是第一个到、最后一个走，大家都很敬佩她。

乡村教师陈刚——
“孩子们需要我”

本报记者”赵华

“孩子们需要我。”陈刚在山村小学教书已经三十年，送走了一批又一批学生，自己却一直没有离开这所学校。
";
    let r = renmin_page("2023-03-14", PAGE);
    let heads: Vec<Option<&str>> = r.articles.iter().map(|a| a.headline.as_deref()).collect();
    assert_eq!(
        heads,
        vec![
            Some("全市新增市场主体一万余户"),
            Some("守护一方平安的人们（基层群英谱）")
        ],
        "{:#?}",
        r.articles
    );
    let series = &r.articles[1];
    assert!(series.byline.is_none() && series.dateline.is_none());
    let text = series.paragraphs.join("");
    assert!(text.contains("李明") && text.contains("赵华") && text.contains("这所学校"));
}

/// A press conference divides its text by the questions put: each one
/// stands alone on its line, some as wide as the text, some shorter. A
/// short one is not the head of a new article.
#[test]
fn the_questions_of_a_press_conference_are_its_intertitles() {
    const PAGE: &str = "\
复工复产有序推进

本报北京2月11日电 （记者 张三）国务院联
防联控机制今天举行新闻发布会，有关部门负
责人回答了记者提问，介绍了复工复产的情况。

所有地方所有行业都要一律复工复产吗？

有关负责人表示，要按照分区分级的原则，有
序推进复工复产，不搞一刀切，各地要实事求
是。

有关部门将加强指导，帮助企业解决实际困难。

复工受影响，如何稳就业？

有关负责人介绍，将出台一系列稳就业的举措，
支持企业稳定岗位，帮助劳动者尽快返回岗位，
各地也将加大职业培训的力度。

各地也将加大职业培训的力度，提升就业能力。
";
    let r = renmin_page("2020-02-12", PAGE);
    assert_eq!(r.articles.len(), 1, "{:#?}", r.articles);
    assert_eq!(r.articles[0].headline.as_deref(), Some("复工复产有序推进"));
    assert!(
        r.articles[0]
            .paragraphs
            .iter()
            .any(|p| p == "复工受影响，如何稳就业？"),
        "{:#?}",
        r.articles[0].paragraphs
    );
}

/// Parts of a title block the head group did not take: a long subhead set
/// between the head and the dispatch (it wraps like text, but has no full
/// stop and the dispatch opens the text after it), and a kicker that leads
/// into the main title with a dash, as OCR reads it (`一一`).
#[test]
fn subheads_and_kickers_the_head_group_left_out_stay_in_the_title_block() {
    const PAGE: &str = "\
国务院印发职教方案

经过五到十年左右时间，职业教育基本完成由
政府举办为主向政府统筹管理、社会多元办学
的格局转变

新华社北京2月13日电 近日，国务院印发《职
业教育改革实施方案》，对职业教育改革作出
全面部署。

方案提出，到二〇二二年，一批高水平职业院
校和专业建设取得明显成效。

变成了湿地一一

河湖连通，这里四季能赏景

本报长春2月13日电 （记者 张三）春节过后，
查干湖上的渔工们又开捕了，今年的收成比往
年更好。
";
    let r = renmin_page("2019-02-14", PAGE);
    let titles: Vec<(Option<&str>, Option<&str>, Option<&str>)> = r
        .articles
        .iter()
        .map(|a| {
            (
                a.kicker.as_deref(),
                a.headline.as_deref(),
                a.subtitle.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        titles,
        vec![
            (
                None,
                Some("国务院印发职教方案"),
                Some("经过五到十年左右时间，职业教育基本完成由政府举办为主向政府统筹管理、社会多元办学的格局转变")
            ),
            (Some("变成了湿地一一"), Some("河湖连通，这里四季能赏景"), None),
        ],
        "{:#?}",
        r.articles
    );
    assert!(r.articles[0].dateline.is_some() && r.articles[1].dateline.is_some());
}

/// A column's tag whose `·` the OCR read as `。` still closes a head; a
/// cartoon's credit (`王一图 李明文`: who drew it, who wrote its verse) is
/// not a head.
#[test]
fn a_damaged_column_tag_and_a_cartoons_credit() {
    const PAGE: &str = "\
信用架起连心桥，
容缺办理效率高。

王一图 李明文

别把结果当效果（纵横）

年终岁尾，人们都在忙着梳理、盘点和总结
一年来的工作，回头看年初定下的目标任务，
完成了没有、结果怎么样。

把握稳与进的医改辩证
法（一线视角。 聚焦全
面建成小康社会）

基层医改必须稳字当头。改革步伐稳，人心
预期就稳；政策落实稳，民生实惠就稳。
";
    let r = renmin_page("2020-01-15", PAGE);
    let heads: Vec<&str> = r
        .articles
        .iter()
        .filter_map(|a| a.headline.as_deref())
        .collect();
    assert_eq!(
        heads,
        vec![
            "别把结果当效果（纵横）",
            "把握稳与进的医改辩证法（一线视角。聚焦全面建成小康社会）"
        ],
        "{:#?}",
        r.articles
    );
}

#[test]
fn a_head_the_ocr_cut_up_with_specks_and_a_bracket_tail_is_one_head() {
    // A photo beside the heads: its specks are read between the head's
    // lines (`忌      司…`, `| 一一 |`, `人SbUA`), the wrapped head's last
    // characters close its bracket on a line of their own (`村）`,
    // `日谈）`), a lone speck (`人`) stands above the head, and a joint
    // report's reporter note was cut in two at a blank line.
    const PAGE: &str = "\
村民合作社今年新建了两座日光温室，种上了
反季节蔬菜，收益比往年多了三成，大家的干
劲更足了。

合作社负责人说，明年还要再扩大规模，带动
更多的乡亲一起增收致富，让日子越过越红火。

人
山里人尝到了搬迁的甜
忌      司     人   7 A。
头（走进易地搬迁新
| 一一 |
村）
——回访西河县生态移民区新村王家

让老百姓过上好日子，是我们一切工作的出发
点和落脚点。

——张思源

搬进新房三年了，王大爷一家的日子一天比一
天好。院子里种着花，屋里通了自来水，孙子
在村口的小学上学。

“以前住在山上，吃水要走好几里路，现在拧
开龙头就有水。”王大爷说起这些变化，脸上
满是笑容。

（本报记者张三、李四、王五、周一、吴二、
郑九、冯十、陈十一、

褚十二、卫十三、蒋十四、沈十五、韩十六、
杨十七）

扶贫扶出好日子（今

人SbUA
日谈）

“日子越过越有奔头”，这是很多搬迁户共同
的感受。从山区搬到新村，收获的不仅是生活
的改善，更是对未来的希望。

让群众过上好日子，是一切工作的出发点和落
脚点。脱贫之后还要防止返贫，让产业留得住
人，让乡亲们稳得住、能致富。
";
    let r = renmin_page("2020-02-12", PAGE);
    let titled: Vec<_> = r.articles.iter().filter(|a| a.headline.is_some()).collect();
    let heads: Vec<(&str, Option<&str>)> = titled
        .iter()
        .map(|a| (a.headline.as_deref().unwrap(), a.subtitle.as_deref()))
        .collect();
    assert_eq!(
        heads,
        vec![
            (
                "山里人尝到了搬迁的甜头（走进易地搬迁新村）",
                Some("回访西河县生态移民区新村王家")
            ),
            ("扶贫扶出好日子（今日谈）", None),
        ],
        "{:#?}",
        r.articles
    );
    // The signature under the quotation is the article's text, and the
    // specks are furniture.
    assert!(titled[0].paragraphs.iter().any(|p| p == "——张思源"));
    assert_eq!(
        r.pages[0].furniture,
        vec!["忌司人7 A。", "| 一一 |", "人SbUA"]
    );
}

/// An ALTO page from blocks of `(text, line height)` lines, stacked down
/// one column; body type is 20 high.
fn alto_page(blocks: &[&[(&str, u32)]]) -> String {
    let mut xml = String::from("<alto><Layout><Page><PrintSpace>\n");
    let mut vpos = 10;
    for block in blocks {
        xml.push_str("<TextBlock>");
        for (text, height) in block.iter() {
            let width = 20 * text.chars().count();
            xml.push_str(&format!(
                "<TextLine HPOS=\"10\" VPOS=\"{vpos}\" WIDTH=\"{width}\" HEIGHT=\"{height}\"><String CONTENT=\"{text}\"/></TextLine>"
            ));
            vpos += height + 6;
        }
        xml.push_str("</TextBlock>\n");
        vpos += 10;
    }
    xml.push_str("</PrintSpace></Page></Layout></alto>\n");
    xml
}

#[test]
fn a_speck_in_small_type_between_two_head_lines_does_not_cut_the_head() {
    let body: &[(&str, u32)] = &[
        ("年终岁尾，人们都在忙着梳理、盘点和总", 20),
        ("结一年来的工作，回头看年初定下的目标任", 20),
        ("务，完成了没有、结果怎么样。", 20),
    ];
    let more: &[(&str, u32)] = &[
        ("值得注意的是，只看重结果而忽视效果，把", 20),
        ("做了当作做好了，是一种认真走过场。", 20),
    ];
    let page = alto_page(&[
        &[("春耕备耕正当时", 36)],
        &[
            ("眼下正是春耕备耕的关键时节，各地抓紧", 20),
            ("检修农机、调运农资，田间地头一派忙碌。", 20),
        ],
        &[("别把“结果”当“效", 36)],
        &[("9", 9)],
        &[("果”（纵横）", 35)],
        body,
        more,
    ]);
    let r = check_issue(
        "renmin-ribao/2020-01-15",
        Some("name: 人民日报\nprofile: zh-newspaper\n"),
        &[("p01.alto.xml", page.as_str())],
    );
    let heads: Vec<&str> = r
        .articles
        .iter()
        .filter_map(|a| a.headline.as_deref())
        .collect();
    assert_eq!(
        heads,
        vec!["春耕备耕正当时", "别把“结果”当“效果”（纵横）"],
        "{:#?}",
        r.articles
    );
    assert!(r.pages[0].furniture.iter().any(|f| f == "9"));
}
