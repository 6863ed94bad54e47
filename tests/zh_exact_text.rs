//! Heads on a page in its exact printed form: one printed line per line,
//! no blank lines, no indents, as a transcription or a ground truth file
//! gives it. Only the lines' widths tell a head (set in larger type, so
//! fewer characters a line) from body text. Written for this test from the
//! conventions (`zh-newspaper-conventions.md`); the lines are wrapped at a
//! 16-character column with heads at 8, as a typesetter would set them.

mod common;

use common::check_issue;
use ocrgate::result::IssueResult;

const PAGE: &str = "\
城市更新让老街焕\n\
发新生\n\
本报南京3月2日电 （记者 周明）\n\
今年以来，南京市启动老城区更新工\n\
程，首批改造街巷三十条，惠及居民\n\
两万余户。\n\
改造坚持留改拆并举，保留历史\n\
风貌，完善配套设施。居民说，家门\n\
口的路宽了，灯亮了，心里亮堂了。\n\
春季农资供应充足\n\
价格平稳\n\
本报济南3月2日电 （记者 林强）\n\
记者从山东省农业农村厅获悉，全省\n\
春季化肥储备充足，价格总体平稳。\n\
各地组织农资企业送货下乡，保\n\
障春耕生产需要。\n\
老街曾经破旧不堪。\n\
一场改造，让百年老\n\
街重现风貌——\n\
老街新生\n\
本报苏州3月2日电 （记者 陈静）\n\
走进平江路，青石板路干净整洁，两\n\
侧店铺错落有致，游客络绎不绝。\n\
稳供保价惠民生\n\
本报杭州3月2日电 （记者 王丽）\n\
春节过后，杭州各大市场货源充足，\n\
价格稳定，市民采购便利。\n\
菜篮子拎得稳\n\
清晨五点，蔬菜批发市场已是一\n\
片忙碌。来自各地的蔬菜陆续到货，\n\
经检测后分拨到各个农贸市场和超市。\n\
市场负责人介绍，目前日均蔬菜\n\
上市量保持在三千吨以上，品种齐全。\n\
米袋子装得满\n\
在城北的粮油仓库，工作人员正\n\
在清点库存。仓库负责人说，库存粮\n\
油足够全市居民消费两个月以上。\n\
为保障供应，仓库实行二十四小\n\
时值班制度，随时调运。\n\
果盘子摆得足\n\
水果摊前，摊主正在摆放新到的\n\
橙子和苹果。她说，这几天进货渠道\n\
畅通，价格和节前基本持平。\n\
“希望是本无所谓有，无所谓无\n\
的。这正如地上的路，其实地上本没\n\
有路，走的人多了，也便成了路。”\n\
——鲁迅\n\
市民们表示，有了这些保障，日\n\
子过得踏实。\n\
";

fn check() -> IssueResult {
    check_issue(
        "city-daily/2024-03-03",
        Some("name: 城市日报\nlanguage: zh-Hans\n"),
        &[("p01.txt", PAGE)],
    )
}

fn heads(r: &IssueResult) -> Vec<(Option<&str>, Option<&str>, Option<&str>)> {
    r.articles
        .iter()
        .map(|a| {
            (
                a.kicker.as_deref(),
                a.headline.as_deref(),
                a.subtitle.as_deref(),
            )
        })
        .collect()
}

#[test]
fn a_head_under_a_full_line_that_ends_a_sentence_starts_an_article() {
    // `…心里亮堂了。` fills its line; the head below it is no last line.
    let r = check();
    let h = heads(&r);
    assert_eq!(h[0].1, Some("城市更新让老街焕发新生"));
    assert_eq!(h[1].1, Some("春季农资供应充足价格平稳"), "{h:?}");
    assert!(
        r.articles[0]
            .paragraphs
            .last()
            .unwrap()
            .ends_with("心里亮堂了。"),
        "{:?}",
        r.articles[0].paragraphs
    );
    let dateline = r.articles[1]
        .dateline
        .as_ref()
        .map_or("", |d| d.text.as_str());
    assert!(dateline.starts_with("本报济南3月2日电"), "{dateline}");
}

#[test]
fn a_kicker_that_leads_in_with_a_dash_may_hold_sentences() {
    let r = check();
    let h = heads(&r);
    assert_eq!(
        h[2],
        (
            Some("老街曾经破旧不堪。一场改造，让百年老街重现风貌——"),
            Some("老街新生"),
            None
        ),
        "{h:?}"
    );
}

#[test]
fn parallel_intertitles_divide_one_article() {
    // `菜篮子拎得稳` / `米袋子装得满` / `果盘子摆得足`: one length, each
    // over two paragraphs, no dateline or byline between them.
    let r = check();
    let h = heads(&r);
    assert_eq!(h.len(), 4, "{h:?}");
    assert_eq!(h[3].1, Some("稳供保价惠民生"));
    let body = &r.articles[3].paragraphs;
    for intertitle in ["菜篮子拎得稳", "米袋子装得满", "果盘子摆得足"] {
        assert!(
            body.iter().any(|p| p == intertitle),
            "{intertitle} in {body:?}"
        );
    }
    // A quotation signed with a dash stays with the quotation.
    assert!(body.iter().any(|p| p.ends_with("——鲁迅")), "{body:?}");
}
