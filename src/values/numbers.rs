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
            format!("{}", crate::result::round(self.value, 6))
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
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|k| chars[k]);
        let starts_arabic = digit_value(c).is_some()
            && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '．');
        let starts_chinese = cn_value(c).is_some() || (c == '十' && !prev.is_some_and(is_han));
        if starts_arabic {
            let (n, next) = arabic(&chars, i, units);
            if let Some(n) = n {
                out.push(n);
            }
            i = next;
        } else if starts_chinese {
            match chinese(&chars, i, units) {
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
            i += 1; // thousands separator: 1,298
        } else if matches!(c, '.' | '．')
            && !decimal
            && chars.get(i + 1).is_some_and(|&d| digit_value(d).is_some())
        {
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
    };
    (Some(number), end)
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
    for u in units {
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
    // Only a numeral before a unit is a quantity: 十四届, 二〇二二年 — not 统一.
    let (unit, end) = match_unit(chars, i, units);
    unit.as_ref()?;
    // Single characters (一个, 两次) are words more than quantities.
    if i - start < 2 {
        return None;
    }
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
        },
        end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn lookalike_letters_and_codes() {
        let n = &find_numbers("2O22年", &units())[0];
        assert_eq!((n.value, n.lookalike), (2022.0, Some(1)));
        assert!(find_numbers("5G网络和G20峰会", &units()).is_empty());
        let n = &find_numbers("1２户", &units())[0];
        assert!(n.mixed_width);
    }
}
