//! The registry of checks: one entry per rule, with its stable id, default
//! severity, parameters, and documentation with a bad and a good example.
//!
//! The examples are pages: `ocrgate explain ID` prints them, and the test
//! suite runs every bad example (the rule must fire) and every good one (it
//! must not), so the documentation cannot drift from the code.

use super::Severity;

/// A tunable number of a rule, set in `checks:` of `ocrgate.yaml` or
/// `publication.yaml`.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub default: f64,
    pub help: &'static str,
}

/// A page used as a documentation example.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// The page text (plain-text OCR), checked as the issue of 2022-07-05.
    pub page: &'static str,
    /// Extra `publication.yaml` settings the example needs (expectations).
    pub config: &'static str,
}

/// One check.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// `family.name`; never changes once released (baselines refer to it).
    pub id: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why an editor cares, and what the rule does not catch.
    pub why: &'static str,
    /// Many hits on one page are always one grouped finding (mechanical
    /// damage where every hit takes the same fix).
    pub grouped: bool,
    /// The fix for a grouped finding, or a general hint.
    pub fix: &'static str,
    pub params: &'static [Param],
    pub bad: Example,
    pub good: Example,
}

impl Rule {
    pub fn family(&self) -> &'static str {
        self.id.split('.').next().unwrap_or(self.id)
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .chain(COMMON_PARAMS)
            .find(|p| p.name == name)
    }
}

/// Parameters every rule accepts.
pub const COMMON_PARAMS: &[Param] = &[Param {
    name: "group_above",
    default: 20.0,
    help: "more hits than this on one page become one grouped finding",
}];

const fn ex(page: &'static str) -> Example {
    Example { page, config: "" }
}

const fn ex_with(page: &'static str, config: &'static str) -> Example {
    Example { page, config }
}

use Severity::{Error, Info, Warning};

/// Every rule, ordered by id.
pub static RULES: &[Rule] = &[
    Rule {
        id: "char.invalid",
        severity: Error,
        summary: "replacement, control or private-use characters in the text",
        why: "U+FFFD means a decoder already lost a character; control and private-use characters \
              come from broken conversions or OCR fonts and show as boxes or nothing in a reading room.",
        grouped: true,
        fix: "recover the character from the page image",
        params: &[],
        bad: ex("医保工作站开到银行网点\n\n本报讯(记者 张三)村民在医保工作站\u{FFFD}询参保信息。\n"),
        good: ex("医保工作站开到银行网点\n\n本报讯(记者 张三)村民在医保工作站查询参保信息。\n"),
    },
    Rule {
        id: "char.lookalike",
        severity: Warning,
        summary: "a character OCR confuses with a look-alike (人园 for 入园)",
        why: "OCR swaps characters of similar shape (人/入, 己/已, 未/末, 贷/货). The confusion list is \
              data: the profile's `validation.confusions` plus `confusions:` in publication.yaml. \
              A hit inside a longer dictionary word (工人园地) is not reported.",
        grouped: false,
        fix: "replace with the character the confusion list names",
        params: &[],
        bad: ex("高新区园区经济强势突破\n\n本报讯(记者 曹天伟)高新区破解人园企业发展难题。\n"),
        good: ex("高新区园区经济强势突破\n\n本报讯(记者 曹天伟)高新区破解入园企业发展难题。\n"),
    },
    Rule {
        id: "char.suspect",
        severity: Warning,
        summary: "a character that reads as a look-alike misread (塔训班 for 培训班)",
        why: "One character read as another that looks like it is the commonest OCR error in \
              Chinese, and most such pairs are on no list. A character no dictionary word takes \
              is tried against its look-alikes from a table generated from glyph images \
              (data/confusables); a swap that makes a word and makes the text far likelier under \
              the jieba dictionary's word model is reported. Staff names (expect.roster) and the \
              publication's words (expect.vocabulary) are left alone.",
        grouped: false,
        fix: "check the character against the page image; add a word the paper uses to expect.vocabulary",
        params: &[
            Param { name: "min_gain", default: 12.0, help: "least gain in log likelihood (natural log) of the text with the swap" },
            Param { name: "warn_gain", default: 12.0, help: "least gain for the rule's severity; a finding below it is info" },
            Param { name: "min_similarity", default: 0.8, help: "least glyph similarity (0..1) of the two characters" },
        ],
        bad: ex("我市培育乡村电商人才\n\n本报讯（记者 曹天伟）市里举办了农村电商塔训班，学员们表示收获很大。\n"),
        good: ex("我市培育乡村电商人才\n\n本报讯（记者 曹天伟）市里举办了农村电商培训班，学员们表示收获很大。\n"),
    },
    Rule {
        id: "date.dateline-future",
        severity: Error,
        summary: "a dateline dated after the issue",
        why: "A dateline reports what already happened: a date after the issue date is an OCR \
              misreading of a digit, or the issue is filed under the wrong date.",
        grouped: false,
        fix: "check the date against the page image, and the issue folder's date",
        params: &[Param { name: "slack_days", default: 0.0, help: "days after the issue date still accepted (evening papers)" }],
        bad: ex("我市全力提升本质安全水平\n\n本报讯(记者 曹天伟)7月9日,全市安全生产工作会议召开。\n"),
        good: ex("我市全力提升本质安全水平\n\n本报讯(记者 曹天伟)7月4日,全市安全生产工作会议召开。\n"),
    },
    Rule {
        id: "date.dateline-stale",
        severity: Warning,
        summary: "a dateline much older than the issue",
        why: "News datelines are a day or two before the issue. A dateline weeks older usually \
              means a misread month or day (6月 for 7月).",
        grouped: false,
        fix: "check the date against the page image",
        params: &[Param { name: "max_days", default: 7.0, help: "days before the issue date still accepted" }],
        bad: ex("我市全力提升本质安全水平\n\n本报讯(记者 曹天伟)5月4日,全市安全生产工作会议召开。\n"),
        good: ex("我市全力提升本质安全水平\n\n本报讯(记者 曹天伟)7月3日,全市安全生产工作会议召开。\n"),
    },
    Rule {
        id: "date.invalid",
        severity: Error,
        summary: "a date that cannot exist (6月31日, 13月)",
        why: "An impossible date is always a misreading: a digit swapped by the OCR or a typo \
              in print. It also breaks date search in the archive.",
        grouped: false,
        fix: "read the date on the page image",
        params: &[],
        bad: ex("临清市梯次培育强企方阵\n\n本报讯(记者 夏旭光)6月31日,临清市召开企业培育推进会。\n"),
        good: ex("临清市梯次培育强企方阵\n\n本报讯(记者 夏旭光)6月30日,临清市召开企业培育推进会。\n"),
    },
    Rule {
        id: "date.split",
        severity: Warning,
        summary: "a date broken by a stray space (7月 2日)",
        why: "Plain-text OCR leaves a space where a printed line ended. Inside a date it stops \
              search and date extraction from seeing one date. Checked in plain-text pages only: \
              in ALTO and hOCR, spaces between CJK words are word boundaries of the format.",
        grouped: false,
        fix: "remove the space",
        params: &[],
        bad: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)7月 2日,村民来到工作站。\n"),
        good: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)7月2日,村民来到工作站。\n"),
    },
    Rule {
        id: "date.weekday",
        severity: Warning,
        summary: "a weekday that does not match its date (2022年7月5日 星期三)",
        why: "Mastheads and notices print the weekday with the date; a mismatch means one of them \
              was misread, or the page belongs to another issue.",
        grouped: false,
        fix: "check the date and the weekday on the page image",
        params: &[],
        bad: ex("2022年7月5日 星期三\n\n临清市梯次培育强企方阵\n\n本报讯(记者 夏旭光)7月4日,临清市召开企业培育推进会。\n"),
        good: ex("2022年7月5日 星期二\n\n临清市梯次培育强企方阵\n\n本报讯(记者 夏旭光)7月4日,临清市召开企业培育推进会。\n"),
    },
    Rule {
        id: "field.merged-credit",
        severity: Warning,
        summary: "a byline read on one line with a headline (`■ 本报记者 张燕 我市新增合作社1298户`)",
        why: "OCR that reads across columns, or a byline set beside a headline, joins the two into \
              one line: the headline then carries a name and the byline is lost. The parser cuts \
              the credit off at the space the OCR kept and takes it as the article's byline; whether \
              it is this article's or the one beside it only the page image tells.",
        grouped: false,
        fix: "put the byline on its own line, under the headline it belongs to",
        params: &[],
        bad: ex("■ 本报记者 张燕 我市新增合作社1298户\n\n本报讯 上半年，全市新增农民专业合作社1298户。\n"),
        good: ex("我市新增合作社1298户\n\n■ 本报记者 张燕\n\n本报讯 上半年，全市新增农民专业合作社1298户。\n"),
    },
    Rule {
        id: "field.missing",
        severity: Warning,
        summary: "an article lacks a field the publication requires (headline; byline or dateline)",
        why: "Articles without a headline cannot be listed or found; a missing byline loses the \
              author. Usually the OCR lost the line or merged it into the text. Required fields \
              are `expect.required` in publication.yaml or issue.yaml; `byline|dateline` means \
              either one.",
        grouped: false,
        fix: "restore the field from the page image, or fix the segmentation rules",
        params: &[],
        bad: ex_with(
            "为山九仞,功亏一篑。打通为群众服务的最后一公里,既要走近群众,也要走进群众。\n\n政策出台了,服务还要跟上,群众才能真正得到实惠。\n",
            "expect:\n  required: [headline, byline|dateline]\n",
        ),
        good: ex_with(
            "医保工作站开到银行网点\n\n本报讯(通讯员 张珂)村民来到工作站。政策出台了,服务还要跟上。\n",
            "expect:\n  required: [headline, byline|dateline]\n",
        ),
    },
    Rule {
        id: "field.name-pattern",
        severity: Warning,
        summary: "a name in a byline or dateline that does not match the publication's name pattern",
        why: "A byline name with digits, Latin letters or the wrong length is OCR damage or a \
              segmentation error (text taken for a name). Set `expect.name_pattern`; the examples \
              are for a paper whose staff names have two or three characters.",
        grouped: false,
        fix: "correct the name from the page image",
        params: &[],
        bad: ex_with(
            "我市全力提升本质安全水平\n\n■ 本报记者 欧阳天伟\n\n全市安全生产工作会议召开。\n",
            "expect:\n  name_pattern: '\\p{Han}{2,3}'\n",
        ),
        good: ex_with(
            "我市全力提升本质安全水平\n\n■ 本报记者 曹天伟\n\n全市安全生产工作会议召开。\n",
            "expect:\n  name_pattern: '\\p{Han}{2,3}'\n",
        ),
    },
    Rule {
        id: "field.name-roster",
        severity: Warning,
        summary: "a byline name one or two edits from a name on the roster (孙克峰 for 孙克锋)",
        why: "The staff roster (`expect.roster`) is the truth for the bylines of reporters and \
              photographers. A name that is not on it but nearly matches one is almost always a \
              misread character; names far from every roster name are left alone (new staff, \
              guest authors). Three-character names allow one edit, longer ones `max_edits`; \
              two-character names are not compared (张珂 and 张燕 are two people).",
        grouped: false,
        fix: "replace with the roster name",
        params: &[Param { name: "max_edits", default: 2.0, help: "edits allowed in names of four or more characters (three-character names: one)" }],
        bad: ex_with(
            "履新第一课\n\n■ 本报记者 孙克峰\n\n培训班在市委党校举行。\n",
            "expect:\n  roster: [孙克锋, 夏旭光]\n",
        ),
        good: ex_with(
            "履新第一课\n\n■ 本报记者 孙克锋\n\n培训班在市委党校举行。\n",
            "expect:\n  roster: [孙克锋, 夏旭光]\n",
        ),
    },
    Rule {
        id: "field.title-missing",
        severity: Warning,
        summary: "an expected headline (METS structure map, expect.titles) that the parser did not find",
        why: "Where a METS file describes the issue's articles, their titles are what the archive \
              promises readers. A title the parser did not find (at 80 % character similarity, case, \
              long s and punctuation folded; a head may also start with it) is a head lost to OCR or \
              merged into the text. Titles come from the METS logical structure map, or from \
              `expect.titles` in issue.yaml.",
        grouped: false,
        fix: "restore the head, or correct the structure map",
        params: &[],
        bad: ex_with(
            "COAL DUTIES.\n\nThe Chancellor of the Exchequer moved the reduction of the duties on coal.\n",
            "profile: latin-newspaper\nexpect:\n  titles: [COAL DUTIES., NAVY ESTIMATES.]\n",
        ),
        good: ex_with(
            "COAL DUTIES.\n\nThe Chancellor of the Exchequer moved the reduction of the duties on coal.\n\nNAVY ESTIMATES.\n\nThe House went into a Committee of Supply on the estimates.\n",
            "profile: latin-newspaper\nexpect:\n  titles: [COAL DUTIES., NAVY ESTIMATES.]\n",
        ),
    },
    Rule {
        id: "field.title-unexpected",
        severity: Info,
        summary: "a parsed headline that is not among the issue's expected titles",
        why: "The reverse of field.title-missing: a line the parser took for a head that the \
              structure map does not list — often a short line in capitals that is text, or an \
              advertisement heading.",
        grouped: false,
        fix: "check the segmentation rules, or the structure map",
        params: &[],
        bad: ex_with(
            "COAL DUTIES.\n\nThe Chancellor of the Exchequer moved the reduction of the duties on coal.\n\nLOST PROPERTY.\n\nA gold watch was found in the Strand on Monday last.\n",
            "profile: latin-newspaper\nexpect:\n  titles: [COAL DUTIES.]\n",
        ),
        good: ex_with(
            "COAL DUTIES.\n\nThe Chancellor of the Exchequer moved the reduction of the duties on coal.\n",
            "profile: latin-newspaper\nexpect:\n  titles: [COAL DUTIES.]\n",
        ),
    },
    Rule {
        id: "line.duplicate",
        severity: Warning,
        summary: "a line that repeats an earlier line of the page",
        why: "OCR engines read a line twice where columns or blocks overlap. Short lines (a \
              repeated label) are ignored.",
        grouped: false,
        fix: "delete the repeated line",
        params: &[Param { name: "min_chars", default: 10.0, help: "shorter lines are not compared" }],
        bad: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)村民来到工作站查询参保信息。\n\n本报讯(通讯员 张珂)村民来到工作站查询参保信息。\n"),
        good: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)村民来到工作站查询参保信息。\n\n工作人员很快完成了查询。\n"),
    },
    Rule {
        id: "number.implausible",
        severity: Error,
        summary: "a number that cannot be right (a share of 1009%)",
        why: "OCR reads % as 9, 94 or 96: `100%` becomes `1009%` or `10094`. A percentage above 100 \
              is flagged unless the text speaks of a change (增长, 提高, 同比); a rate (…率达) \
              above 100 without a percent sign too.",
        grouped: false,
        fix: "read the number on the page image",
        params: &[Param { name: "max_percent", default: 100.0, help: "largest plausible share" }],
        bad: ex("临清市行政审批服务局\n\n本报讯(记者 夏旭光)全年办理事项7000余件,可网办率达1009%。\n"),
        good: ex("临清市行政审批服务局\n\n本报讯(记者 夏旭光)全年办理事项7000余件,可网办率达100%,同比增长150%。\n"),
    },
    Rule {
        id: "number.lookalike",
        severity: Warning,
        summary: "a letter inside a number (2O22, 1l8)",
        why: "OCR reads 0 as O, 1 as l or I, 5 as S, 8 as B. Such a number is neither searchable \
              nor summable. Numbers glued to Latin words (5G, G20) are codes and left alone.",
        grouped: false,
        fix: "replace the letter with the digit",
        params: &[],
        bad: ex("我市上半年新增农民专业合作社\n\n本报讯(记者 林金彦)全市新增农民专业合作社12O8户。\n"),
        good: ex("我市上半年新增农民专业合作社\n\n本报讯(记者 林金彦)全市新增农民专业合作社1208户。\n"),
    },
    Rule {
        id: "number.mixed-width",
        severity: Warning,
        summary: "full-width and ASCII digits or decimal points mixed in one number (１2９8, 2．3万)",
        why: "A paper sets a number in one width; a mix — full-width digits among ASCII ones, or \
              a full-width decimal point in ASCII digits — is OCR or conversion damage and breaks \
              numeric search. Thousands separators are not judged: `1，298` may be a list.",
        grouped: false,
        fix: "use one digit width",
        params: &[],
        bad: ex("我市上半年新增农民专业合作社\n\n本报讯(记者 林金彦)全市新增农民专业合作社１2９8户。\n"),
        good: ex("我市上半年新增农民专业合作社\n\n本报讯(记者 林金彦)全市新增农民专业合作社1298户。\n"),
    },
    Rule {
        id: "number.split",
        severity: Warning,
        summary: "a number or its unit broken by a stray space (200万 元)",
        why: "Plain-text OCR leaves a space where a printed line ended; inside a number it separates \
              the value from its unit or multiplier. Checked in plain-text pages only.",
        grouped: false,
        fix: "remove the space",
        params: &[],
        bad: ex("青年创业不差钱\n\n本报讯(记者 张燕)他顺利拿到200万 元贷款。\n"),
        good: ex("青年创业不差钱\n\n本报讯(记者 张燕)他顺利拿到200万元贷款。\n"),
    },
    Rule {
        id: "page.article-count",
        severity: Warning,
        summary: "a page with fewer or more articles than the publication expects",
        why: "A page with no article, or with forty, means the segmentation failed (headlines not \
              found, or every line taken for a headline). Set `expect.articles_per_page: [min, max]`.",
        grouped: false,
        fix: "check the page's segmentation; adjust the rules or the bounds",
        params: &[],
        bad: ex_with(
            "医保工作站开到银行网点\n\n本报讯(通讯员 张珂)村民来到工作站查询参保信息。\n",
            "expect:\n  articles_per_page: [2, 20]\n",
        ),
        good: ex_with(
            "医保工作站开到银行网点\n\n本报讯(通讯员 张珂)村民来到工作站查询参保信息。\n\n我市全力提升本质安全水平\n\n本报讯(记者 曹天伟)全市安全生产工作会议召开。\n",
            "expect:\n  articles_per_page: [2, 20]\n",
        ),
    },
    Rule {
        id: "page.masthead-date",
        severity: Error,
        summary: "the date printed in the masthead or folio differs from the issue date",
        why: "Pages filed under the wrong issue are a common archive error; the folio date printed \
              on the page is the check.",
        grouped: false,
        fix: "move the page to the right issue, or fix the issue date",
        params: &[],
        bad: ex("2022年7月6日 星期三\n\n临清市梯次培育强企方阵\n\n本报讯(记者 夏旭光)7月4日,临清市召开企业培育推进会。\n"),
        good: ex("2022年7月5日 星期二\n\n临清市梯次培育强企方阵\n\n本报讯(记者 夏旭光)7月4日,临清市召开企业培育推进会。\n"),
    },
    Rule {
        id: "page.read-across",
        severity: Error,
        summary: "a page whose OCR read straight across its columns",
        why: "An engine that misses the columns (tesseract `--psm 6` on a multi-column page) reads \
              each line across the whole page: every line strings pieces of neighbouring columns \
              together, set apart by the gutter's white space or the column rule read as `|`. \
              The characters may be well read, yet the articles, paragraphs and reading order are \
              lost, and the page's CER against ground truth is 0.5 to 1. A line crosses a gutter \
              where a gap wider than 2.5 times its type height (from word boxes), three spaces or \
              a tab (plain text), or a lone `|` separates two runs of at least six characters; \
              table rows of short cells do not count. The page is flagged when enough of its \
              lines cross one.",
        grouped: false,
        fix: "re-run OCR with column detection (tesseract: --psm 3 or 1, not 6)",
        params: &[
            Param { name: "min_share", default: 0.10, help: "share of the page's lines that must cross a gutter" },
            Param { name: "min_lines", default: 5.0, help: "fewest crossing lines that flag a page" },
        ],
        bad: ex("夏粮收购工作有序推进\n\n全市夏粮收购网点累计 | 今年以来我市持续优化 | 近日市文化和旅游局组\n收购小麦十二万吨农户 | 营商环境企业开办时间 | 织开展文明旅游志愿服\n售粮更加方便快捷高效 | 压缩至一个工作日以内 | 务活动引导游客文明出\n各地加强质量检测工作       群众办事满意度持续提       行营造良好旅游环境氛\n确保颗粒归仓平稳有序 | 升企业获得感不断增强 | 围受到广大游客的好评\n"),
        good: ex("夏粮收购工作有序推进\n\n全市夏粮收购网点累计收购小麦十二万吨，农户售粮更加方便快捷高效，\n各地加强质量检测工作，确保颗粒归仓平稳有序。\n\n今年以来，我市持续优化营商环境，企业开办时间压缩至一个工作日以内，\n群众办事满意度持续提升，企业获得感不断增强。\n"),
    },
    Rule {
        id: "para.broken",
        severity: Warning,
        summary: "a paragraph ends mid-sentence and the next paragraph continues it",
        why: "OCR breaks a paragraph where a column or page ended. The next paragraph continues it \
              when it starts with a particle or punctuation that cannot start a sentence (之, 了, ，) \
              or when the break splits a word (政|协, 服|务; the jieba dictionary decides).",
        grouped: false,
        fix: "join the two paragraphs",
        params: &[],
        bad: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)阳谷县今年将努力实现医保服\n\n务村居全覆盖,方便群众办事。\n"),
        good: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)阳谷县今年将努力实现医保服务村居全覆盖,方便群众办事。\n\n村民来到工作站查询参保信息。\n"),
    },
    Rule {
        id: "para.displaced",
        severity: Warning,
        summary: "text inside a paragraph that belongs elsewhere (a line read out of order)",
        why: "When OCR reads a column's lines out of order, a paragraph breaks mid-word and a tail \
              from elsewhere follows the break: `…让我们对政 162名新任委员的共同心声。` with `协工作…` \
              in the next paragraph. The rule finds the break whose word continues in the next \
              paragraph.",
        grouped: false,
        fix: "move the displaced text to where it belongs and join the paragraphs",
        params: &[],
        bad: ex("履新第一课\n\n■ 本报记者 孙克锋\n\n\"曾晓黎主席的要求让我们对政 162名新任市政协委员的共同心声。\n\n协工作有了更深刻的了解。\"市政协委员宋一丁的话说出了\n"),
        good: ex("履新第一课\n\n■ 本报记者 孙克锋\n\n\"曾晓黎主席的要求让我们对政协工作有了更深刻的了解。\"市政协委员宋一丁说。\n\n这是162名新任市政协委员的共同心声。\n"),
    },
    Rule {
        id: "para.interleaved",
        severity: Warning,
        summary: "paragraphs of two pieces alternate (OCR read two columns as one)",
        why: "Reading-order repair found paragraphs that do not belong to the article around them \
              (an untitled commentary read between the article's paragraphs) and moved them to a \
              unit of their own. The OCR's reading order needs fixing.",
        grouped: false,
        fix: "fix the reading order of the page's columns",
        params: &[],
        bad: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)医保工作站开到银行网点,村民在医保工作站查询参保信息,医保工作站站长登录平台完成查询。\n\n为山九仞,功亏一篑。打通服务群众最后一公里,总有一些惠民政策因为末梢堵塞而前功尽弃。\n\n村里的医保工作站挂牌,参保群众可以在医保工作站查询医保信息和办理参保业务。\n\n为山九仞功亏一篑,打通为群众服务最后一公里,既要走近群众,也要走进群众,才能让政策不再前功尽弃。\n\n医保金融服务体系为参保群众提供高效便捷的医保服务,医保工作站让群众少跑腿。\n"),
        good: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)医保工作站开到银行网点,村民在医保工作站查询参保信息,医保工作站站长登录平台完成查询。\n\n村里的医保工作站挂牌,参保群众可以在医保工作站查询医保信息和办理参保业务。\n\n医保金融服务体系为参保群众提供高效便捷的医保服务,医保工作站让群众少跑腿。\n"),
    },
    Rule {
        id: "para.truncated",
        severity: Warning,
        summary: "a paragraph ends mid-sentence and its continuation is missing",
        why: "The rest of the sentence was lost: cut off at a column or page end, or covered on the \
              scan. Short lines without punctuation (crossheads) are not reported.",
        grouped: false,
        fix: "restore the lost text from the page image",
        params: &[],
        bad: ex("我市上半年新增农民专业合作社\n\n本报讯(记者 林金彦)全市新增农民专业合作社1298户,比2021年同比\n\n我市不断培育壮大新型农业经营主体。\n"),
        good: ex("我市上半年新增农民专业合作社\n\n本报讯(记者 林金彦)全市新增农民专业合作社1298户,比2021年同比增长12%。\n\n我市不断培育壮大新型农业经营主体。\n"),
    },
    Rule {
        id: "punct.halfwidth",
        severity: Warning,
        summary: "ASCII punctuation in Chinese text (, ; : ( ) ! ? \" ')",
        why: "Chinese text uses full-width ，；：（）！？“”‘’. ASCII marks come from OCR or conversion \
              and break typesetting and sentence splitting. Marks between digits (1,298, 10:30) and \
              in Latin text are left alone.",
        grouped: true,
        fix: "use the full-width mark",
        params: &[],
        bad: ex("田长志:做好企业服务大管家\n\n■ 本报记者 夏旭光\n\n田长志笑着给记者解释原因,企业很满意。\n"),
        good: ex("田长志：做好企业服务大管家\n\n■ 本报记者 夏旭光\n\n田长志笑着给记者解释原因，企业很满意。\n"),
    },
    Rule {
        id: "punct.unbalanced",
        severity: Warning,
        summary: "a quote or bracket that is never closed, or closed without being opened",
        why: "After folding widths (\" and “”, ( and （）), every opening mark needs its closing mark \
              within the article; a multi-paragraph quotation may reopen at each paragraph. An \
              unbalanced mark means lost text or a misread bracket (（ read as 〈).",
        grouped: false,
        fix: "restore the missing mark from the page image",
        params: &[],
        bad: ex("临清市梯次培育强企方阵\n\n本报讯(记者 夏旭光)临清市按照“分类指导、梯次培育的思路,确定培育路径。\n"),
        good: ex("临清市梯次培育强企方阵\n\n本报讯(记者 夏旭光)临清市按照“分类指导、梯次培育”的思路,确定培育路径。\n"),
    },
    Rule {
        id: "space.cjk",
        severity: Warning,
        summary: "a space inside Chinese text (切实 发挥)",
        why: "Chinese is set without spaces. Plain-text OCR leaves one wherever a printed line \
              ended, which splits words for search. Checked in plain-text pages only: in ALTO and \
              hOCR, spaces between CJK words are word boundaries of the format.",
        grouped: true,
        fix: "remove the spaces",
        params: &[],
        bad: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)村民来到工作站,切实 发挥作用。\n"),
        good: ex("医保工作站开到银行网点\n\n本报讯(通讯员 张珂)村民来到工作站,切实发挥作用。\n"),
    },
];

/// The place of a rule's id among all ids in byte order: findings of one
/// page are grouped in this order, which sorting by rank keeps without
/// comparing strings.
pub fn rank(id: &str) -> Option<usize> {
    static SORTED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let sorted = SORTED.get_or_init(|| {
        let mut ids: Vec<&'static str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids
    });
    sorted.binary_search(&id).ok()
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Rule ids close to a mistyped one, for "did you mean" in config errors.
pub fn suggest(id: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| {
            (
                rapidfuzz::distance::levenshtein::distance(r.id.chars(), id.chars()),
                r.id,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sorted_and_well_formed() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            ids, sorted,
            "rules must be sorted by id, without duplicates"
        );
        for id in ids {
            let (family, name) = id.split_once('.').expect("family.name");
            assert!(!family.is_empty() && !name.is_empty());
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '-'),
                "{id}"
            );
        }
    }

    #[test]
    fn suggests_close_ids() {
        assert_eq!(suggest("punct.halfwdith"), Some("punct.halfwidth"));
        assert_eq!(suggest("nothing.like.it"), None);
    }
}
