//! Numbers in article text, as typed values with their spans.
//!
//! Arabic numerals (ASCII or full-width digits, thousands separators,
//! decimals), an optional Chinese multiplier (`3.5万`), and a unit or a
//! percent sign (`1298户`, `65%`); Chinese numerals before a unit (`十四届`,
//! `二〇二二年`). Letters that OCR reads for digits (`2O22`, `1l`) are taken
//! into the number and marked, so a check can flag them.

use crate::text::chars::is_han;

/// One number found in a paragraph. Offsets count characters of the
/// normalised paragraph text.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub start: usize,
    pub end: usize,
    /// As printed (normalised), including multiplier and unit.
    pub text: String,
    pub value: f64,
    /// `%`, `‰`, or a unit word from the profile (`户`, `万元` is `元` × 10⁴).
    pub unit: Option<String>,
    /// A letter read for a digit (`O`, `l`, …), as character offset.
    pub lookalike: Option<usize>,
    /// ASCII and full-width digits mixed in one number.
    pub mixed_width: bool,
    /// Pounds, shillings and pence of a sterling amount (`£3 4s. 6d.`).
    pub lsd: Option<(u64, u64, u64)>,
}

impl Number {
    pub fn is_percent(&self) -> bool {
        matches!(self.unit.as_deref(), Some("%" | "％"))
    }
}

impl Number {
    /// How a number reads in a snapshot: `1298户 = 1298 户`.
    pub fn describe(&self) -> String {
        let value = if self.value.fract() == 0.0 && self.value.abs() < 1e15 {
            format!("{}", self.value as i64)
        } else {
            format!("{}", crate::location::round(self.value, 6))
        };
        match &self.unit {
            Some(u) => format!("{} = {value} {u}", self.text),
            None => format!("{} = {value}", self.text),
        }
    }
}

/// Letters OCR confuses with digits, and the digit each stands for.
pub fn lookalike_digit(c: char) -> Option<u32> {
    Some(match c {
        'O' | 'o' | 'Ｏ' | 'ｏ' => 0,
        'l' | 'I' | '|' | 'ｌ' | 'Ｉ' => 1,
        'Z' | 'z' => 2,
        'S' | 's' => 5,
        'B' => 8,
        _ => return None,
    })
}

fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        Some(c as u32 - '0' as u32)
    } else if ('０'..='９').contains(&c) {
        Some(c as u32 - '０' as u32)
    } else {
        None
    }
}

fn cn_value(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The characters beyond ASCII that can start a number: full-width
/// digits, Chinese numerals and 十.
const NUMBER_STARTS: [char; 23] = [
    '０', '１', '２', '３', '４', '５', '６', '７', '８', '９', '〇', '零', '一', '二', '两', '三',
    '四', '五', '六', '七', '八', '九', '十',
];

/// [`NUMBER_STARTS`] by the low byte of their code point, as a 256-bit
/// set: one lookup rejects nine in ten other characters.
const NUMBER_START_BYTES: [u64; 4] = {
    let mut set = [0u64; 4];
    let mut i = 0;
    while i < NUMBER_STARTS.len() {
        let b = NUMBER_STARTS[i] as u32 & 0xff;
        set[(b >> 6) as usize] |= 1 << (b & 63);
        i += 1;
    }
    set
};

/// Whether a non-ASCII character can start a number (see [`NUMBER_STARTS`]).
fn may_start_number(c: char) -> bool {
    let b = c as u32 & 0xff;
    NUMBER_START_BYTES[(b >> 6) as usize] & (1 << (b & 63)) != 0
        && (digit_value(c).is_some() || cn_value(c).is_some() || c == '十')
}

fn multiplier(c: char) -> Option<f64> {
    Some(match c {
        '十' => 10.0,
        '百' => 100.0,
        '千' => 1e3,
        '万' => 1e4,
        '亿' => 1e8,
        _ => return None,
    })
}

/// Parses a Chinese numeral: positional (`一千二百九十八`, `十四`, `3万`
/// style is handled by the caller) or digit by digit (`二〇二二`).
pub fn parse_chinese(s: &[char]) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    if s.iter().all(|&c| cn_value(c).is_some()) {
        // Digit by digit (years, phone-style): 二〇二二.
        if s.len() == 1 {
            return cn_value(s[0]).map(|v| v as f64);
        }
        if s.contains(&'两') {
            return None;
        }
        return Some(
            s.iter()
                .fold(0u64, |acc, &c| acc * 10 + cn_value(c).unwrap()) as f64,
        );
    }
    // Positional: sections split by 亿 and 万, each up to 9999.
    let mut total = 0f64;
    let mut section = 0f64;
    let mut digit: Option<f64> = None;
    for &c in s {
        if let Some(v) = cn_value(c) {
            if digit.is_some() && v != 0 {
                return None; // 二三: not positional
            }
            if v != 0 {
                digit = Some(v as f64);
            }
        } else if let Some(m) = multiplier(c) {
            if m >= 1e4 {
                section += digit.take().unwrap_or(0.0);
                if section == 0.0 && total == 0.0 {
                    return None;
                }
                total = (total + section) * m;
                section = 0.0;
            } else {
                section += digit.take().unwrap_or(1.0) * m;
            }
        } else {
            return None;
        }
    }
    Some(total + section + digit.unwrap_or(0.0))
}

/// Finds the numbers of one normalised paragraph. `units` are the unit
/// words of the profile, longest first.
pub fn find_numbers(text: &str, units: &[String]) -> Vec<Number> {
    let chars: Vec<char> = text.chars().collect();
    find_numbers_in(text, &chars, units)
}

/// [`find_numbers`] for a caller that has the text's characters already
/// (a paragraph): `chars` must be `text.chars()`.
pub fn find_numbers_in(text: &str, chars: &[char], units: &[String]) -> Vec<Number> {
    debug_assert_eq!(chars.len(), text.chars().count());
    let special = if text.contains('£')
        || text.contains("l.")
        || text.bytes().any(|b| b.is_ascii_uppercase())
    {
        special_numbers(text)
    } else {
        Vec::new()
    };
    let mut out: Vec<Number> = plain_numbers(chars, units)
        .into_iter()
        .filter(|n| !special.iter().any(|s| n.start < s.end && s.start < n.end))
        .collect();
    out.extend(special);
    out.sort_by_key(|n| n.start);
    out
}

fn plain_numbers(chars: &[char], units: &[String]) -> Vec<Number> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // Most characters of Chinese text start no number: skip them
        // before anything else is asked.
        if !c.is_ascii() && !may_start_number(c) {
            i += 1;
            continue;
        }
        let prev = i.checked_sub(1).map(|k| chars[k]);
        let word_start = !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '．');
        // `l824`, `O5`: a letter read for the first digit of a number.
        let lookalike_start = matches!(c, 'l' | 'I' | 'O')
            && word_start
            && (1..=2).all(|k| chars.get(i + k).is_some_and(|&d| digit_value(d).is_some()));
        let starts_arabic = (digit_value(c).is_some() || lookalike_start) && word_start;
        let starts_chinese = cn_value(c).is_some() || (c == '十' && !prev.is_some_and(is_han));
        if starts_arabic {
            let (n, next) = arabic(chars, i, units);
            if let Some(n) = n {
                out.push(n);
            }
            i = next;
        } else if starts_chinese {
            match chinese(chars, i, units) {
                Some((n, next)) => {
                    out.push(n);
                    i = next;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    out
}

fn arabic(chars: &[char], start: usize, units: &[String]) -> (Option<Number>, usize) {
    let mut i = start;
    let mut digits = String::new();
    let mut lookalike = None;
    let (mut ascii, mut full) = (false, false);
    let mut decimal = false;
    if chars.get(start).is_some_and(|&c| digit_value(c).is_none()) {
        // A look-alike first digit (`l824`).
        lookalike = Some(start);
        digits.push(char::from_digit(lookalike_digit(chars[start]).unwrap_or(0), 10).unwrap());
        i += 1;
    }
    while let Some(&c) = chars.get(i) {
        if let Some(d) = digit_value(c) {
            if c.is_ascii_digit() {
                ascii = true;
            } else {
                full = true;
            }
            digits.push(char::from_digit(d, 10).unwrap());
            i += 1;
        } else if lookalike_digit(c).is_some() && lookalike_continues(chars, i) {
            lookalike.get_or_insert(i);
            digits.push(char::from_digit(lookalike_digit(c).unwrap(), 10).unwrap());
            i += 1;
        } else if matches!(c, ',' | '，')
            && !decimal
            && (1..=3).all(|k| chars.get(i + k).is_some_and(|&d| digit_value(d).is_some()))
            && chars.get(i + 4).is_none_or(|&d| digit_value(d).is_none())
        {
            // Thousands separator: 1,298. (Its width is not judged: `1，298`
            // may as well be a list.)
            i += 1;
        } else if matches!(c, '.' | '．')
            && !decimal
            && chars.get(i + 1).is_some_and(|&d| digit_value(d).is_some())
        {
            // `2．3`: a full-width point in ASCII digits is a conversion
            // artefact like a full-width digit.
            if c == '.' {
                ascii = true;
            } else {
                full = true;
            }
            decimal = true;
            digits.push('.');
            i += 1;
        } else {
            break;
        }
    }
    // A number glued to Latin letters is a code (5G, G20, 3D), not a quantity.
    if chars.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        let mut j = i;
        while chars.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
            j += 1;
        }
        return (None, j);
    }
    if let Some(end) = code_end(chars, &digits, i) {
        return (None, end);
    }
    let Ok(mut value) = digits.parse::<f64>() else {
        return (None, i.max(start + 1));
    };
    let mut unit_start = i;
    while let Some(m) = chars.get(unit_start).and_then(|&c| multiplier(c)) {
        value *= m;
        unit_start += 1;
    }
    let (unit, end) = match_unit(chars, unit_start, units);
    let number = Number {
        start,
        end,
        text: chars[start..end].iter().collect(),
        value,
        unit,
        lookalike,
        mixed_width: ascii && full,
        lsd: None,
    };
    (Some(number), end)
}

/// Where a telephone number, postcode or other code ends, if the digits
/// just read (`digits`, ending before `i`) start one: such a number is no
/// quantity, and read as one it loses its leading zero (`0635 = 635`). A
/// code has three or more digits and a leading zero (`0635`, `010`), or
/// four or more digits after a hyphen (`0635-8241234`, `400-820-8820`), or is
/// a mobile number's 11 digits starting with 1.
fn code_end(chars: &[char], digits: &str, i: usize) -> Option<usize> {
    let run = |from: usize| {
        chars[from.min(chars.len())..]
            .iter()
            .take_while(|&&c| digit_value(c).is_some())
            .count()
    };
    let mut end = i;
    let mut hyphenated = false;
    // Groups joined by hyphens: 0635-8241234, 400-820-8820.
    while chars.get(end).is_some_and(|&c| matches!(c, '-' | '－')) && run(end + 1) >= 3 {
        hyphenated = true;
        end += 1 + run(end + 1);
    }
    let integer = !digits.contains('.');
    let leading_zero = integer && digits.len() >= 3 && digits.starts_with('0');
    let mobile = integer && digits.len() == 11 && digits.starts_with('1');
    let phone = hyphenated && digits.len() >= 3 && (end - i) >= 4;
    (leading_zero || mobile || phone).then_some(end)
}

/// A look-alike letter counts as a digit only between digits (`2O22`), or
/// right after digits and before a unit-like continuation (`10O%`).
fn lookalike_continues(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|k| chars[k]);
    let mut j = i + 1;
    while chars.get(j).copied().and_then(lookalike_digit).is_some() {
        j += 1;
    }
    let after = chars.get(j).copied();
    let digit_before = before.is_some_and(|c| digit_value(c).is_some());
    let digit_after = after.is_some_and(|c| digit_value(c).is_some());
    digit_before && (digit_after || after.is_some_and(|c| matches!(c, '%' | '％') || is_han(c)))
}

fn match_unit(chars: &[char], at: usize, units: &[String]) -> (Option<String>, usize) {
    match chars.get(at) {
        Some('%') | Some('％') | Some('‰') => return (Some(chars[at].to_string()), at + 1),
        None => return (None, at),
        _ => {}
    }
    let first = chars[at];
    for u in units {
        // Most units fail on their first character: compare that before
        // counting anything (this runs at every numeral of a page).
        match u.chars().next() {
            Some(c) if c == first => {}
            _ => continue,
        }
        let n = u.chars().count();
        if at + n <= chars.len() && chars[at..at + n].iter().copied().eq(u.chars()) {
            return (Some(u.clone()), at + n);
        }
    }
    (None, at)
}

fn chinese(chars: &[char], start: usize, units: &[String]) -> Option<(Number, usize)> {
    let mut i = start;
    while chars
        .get(i)
        .is_some_and(|&c| cn_value(c).is_some() || multiplier(c).is_some())
    {
        i += 1;
    }
    // Single characters (一个, 两次) are words more than quantities.
    if i - start < 2 {
        return None;
    }
    // Only a numeral before a unit is a quantity: 十四届, 二〇二二年 — not 统一.
    let (unit, end) = match_unit(chars, i, units);
    unit.as_ref()?;
    let value = parse_chinese(&chars[start..i])?;
    Some((
        Number {
            start,
            end,
            text: chars[start..end].iter().collect(),
            value,
            unit,
            lookalike: None,
            mixed_width: false,
            lsd: None,
        },
        end,
    ))
}

fn money_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"£\s*(?P<l>\d+)(?:[\s,.]+(?P<s>\d{1,3})\s*s\.?)?(?:\s*(?P<d>\d{1,3})\s*d\.?)?|(?P<l2>\d+)\s*l\.\s*(?P<s2>\d{1,3})\s*s\.\s*(?:(?P<d2>\d{1,3})\s*d\.)?",
        )
        .expect("built-in regex")
    })
}

fn roman_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?i:\b(?:vol|volume|no|nr|bd|band|jahrgang|jahrg|part|theil|teil)\.?)\s+(?P<r>[IVXLCDM][IVXLCDMl1]{0,7})\b")
            .expect("built-in regex")
    })
}

/// The value of a Roman numeral (`XXIV` = 24), read the usual way: a
/// smaller value before a larger one is subtracted. `None` when it is not
/// one.
pub fn roman_value(s: &str) -> Option<u64> {
    let vals: Vec<i64> = s
        .chars()
        .map(|c| match c {
            'I' => Some(1),
            'V' => Some(5),
            'X' => Some(10),
            'L' => Some(50),
            'C' => Some(100),
            'D' => Some(500),
            'M' => Some(1000),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let sum: i64 = vals
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            if vals.get(i + 1).is_some_and(|&n| n > v) {
                -v
            } else {
                v
            }
        })
        .sum();
    (sum > 0).then_some(sum as u64)
}

/// Sterling amounts (`£3 4s. 6d.`, `3l. 4s. 6d.`) and Roman numerals in
/// volume and number lines (`Vol. XXIV`), found by pattern; the plain
/// numbers inside them are dropped by the caller.
fn special_numbers(text: &str) -> Vec<Number> {
    let ix = crate::text::index::CharIndex::new(text);
    let mut out = Vec::new();
    for c in money_re().captures_iter(text) {
        let m = c.get(0).unwrap();
        let num = |a: &str, b: &str| {
            c.name(a)
                .or(c.name(b))
                .and_then(|x| x.as_str().parse::<u64>().ok())
        };
        let (l, sh, d) = (
            num("l", "l2").unwrap_or(0),
            num("s", "s2").unwrap_or(0),
            num("d", "d2").unwrap_or(0),
        );
        out.push(Number {
            start: ix.char_of(m.start()),
            end: ix.char_of(m.end()),
            text: m.as_str().trim_end().to_string(),
            value: l as f64 + sh as f64 / 20.0 + d as f64 / 240.0,
            unit: Some("£".to_string()),
            lookalike: None,
            mixed_width: false,
            lsd: Some((l, sh, d)),
        });
    }
    for c in roman_re().captures_iter(text) {
        let r = c.name("r").unwrap();
        let raw = r.as_str();
        // `1` and `l` read for `I`: a lookalike, counted as I.
        let clean: String = raw
            .chars()
            .map(|ch| if ch == '1' || ch == 'l' { 'I' } else { ch })
            .collect();
        let Some(value) = roman_value(&clean) else {
            continue;
        };
        let first_bad = raw.chars().position(|ch| ch == '1' || ch == 'l');
        let start = ix.char_of(r.start());
        out.push(Number {
            start,
            end: ix.char_of(r.end()),
            text: raw.to_string(),
            value: value as f64,
            unit: Some("roman".to_string()),
            lookalike: first_bad.map(|k| start + k),
            mixed_width: false,
            lsd: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_start_set_is_exactly_the_characters_that_start_numbers() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let starts = digit_value(c).is_some() || cn_value(c).is_some() || c == '十';
            assert_eq!(may_start_number(c), starts, "{c:?}");
            assert_eq!(NUMBER_STARTS.contains(&c), starts, "{c:?}");
        }
    }

    fn units() -> Vec<String> {
        let mut u: Vec<String> = [
            "元", "户", "名", "年", "届", "家", "余件", "件", "号", "万元",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        u.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        u
    }

    fn found(text: &str) -> Vec<(String, f64, Option<String>)> {
        find_numbers(text, &units())
            .into_iter()
            .map(|n| (n.text, n.value, n.unit))
            .collect()
    }

    #[test]
    fn arabic_numbers_with_units() {
        assert_eq!(
            found("新增农民专业合作社1298户,平均审批时限压缩65%以上"),
            vec![
                ("1298户".into(), 1298.0, Some("户".into())),
                ("65%".into(), 65.0, Some("%".into()))
            ]
        );
        assert_eq!(found("3.5万元")[0].1, 35000.0);
        assert_eq!(found("共1,298户")[0].1, 1298.0);
        assert_eq!(found("１２９８户")[0].1, 1298.0);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(found("十四届市政协")[0].1, 14.0);
        assert_eq!(found("二〇二二年七月")[0].1, 2022.0);
        assert_eq!(
            parse_chinese(&"一千二百九十八".chars().collect::<Vec<_>>()),
            Some(1298.0)
        );
        assert_eq!(
            parse_chinese(&"三万五千".chars().collect::<Vec<_>>()),
            Some(35000.0)
        );
        assert!(found("统一思想").is_empty());
    }

    #[test]
    fn sterling_roman_numerals_and_old_style_digits() {
        let n = &find_numbers("a fine of £3 4s. 6d. was paid", &units())[0];
        assert_eq!(n.lsd, Some((3, 4, 6)));
        assert!((n.value - (3.0 + 4.0 / 20.0 + 6.0 / 240.0)).abs() < 1e-9);
        let n = &find_numbers("sold at 2l. 25s. 0d. each", &units())[0];
        assert_eq!(n.lsd, Some((2, 25, 0)));
        let found = find_numbers("Vol. XXIV. No. 1234", &units());
        assert_eq!(
            (found[0].value, found[0].unit.as_deref()),
            (24.0, Some("roman"))
        );
        assert_eq!(found[1].value, 1234.0);
        let n = &find_numbers("Vol. XX1V.", &units())[0];
        assert_eq!((n.value, n.lookalike.is_some()), (24.0, true));
        let n = &find_numbers("in l824 the", &units())[0];
        assert_eq!((n.value, n.lookalike), (1824.0, Some(3)));
        assert_eq!(roman_value("MDCCCXXIV"), Some(1824));
        assert_eq!(roman_value("XIV"), Some(14));
        assert!(find_numbers("Louis XVI and Illinois", &units()).is_empty());
    }

    #[test]
    fn lookalike_letters_and_codes() {
        let n = &find_numbers("2O22年", &units())[0];
        assert_eq!((n.value, n.lookalike), (2022.0, Some(1)));
        assert!(find_numbers("5G网络和G20峰会", &units()).is_empty());
        let n = &find_numbers("1２户", &units())[0];
        assert!(n.mixed_width);
        // A full-width point in ASCII digits, and the reverse; one width is fine.
        let n = &find_numbers("增加2．3万人", &units())[0];
        assert!((n.value, n.mixed_width) == (23000.0, true));
        assert!(find_numbers("１２.５吨", &units())[0].mixed_width);
        assert!(!find_numbers("１２．５吨", &units())[0].mixed_width);
        assert!(!find_numbers("2.3万人", &units())[0].mixed_width);
        assert!(!find_numbers("1，298户", &units())[0].mixed_width);
    }

    #[test]
    fn telephone_numbers_and_codes_are_not_quantities() {
        assert!(found("咨询电话：0635-8241234。").is_empty());
        assert!(found("热线400-820-8820").is_empty());
        assert!(found("联系人手机13812345678").is_empty());
        assert!(
            found("区号0635，邮编252000").len() == 1,
            "{:?}",
            found("区号0635，邮编252000")
        );
        // Quantities stay: a range, a minute, an ordinary count, a decimal.
        assert_eq!(found("3-5年")[0].1, 3.0);
        let minutes = found("8时05分共发放1000余件");
        assert_eq!(minutes.len(), 3, "{minutes:?}");
        assert_eq!(minutes[2].2.as_deref(), Some("余件"));
        assert_eq!(found("0.5万元")[0].1, 5000.0);
        assert_eq!(found("12345678901234户")[0].1, 12345678901234.0);
    }
}
