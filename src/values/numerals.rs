//! Numerals as Chinese papers print them: Arabic (ASCII or full-width) and
//! Chinese (`十三`, `二十一`, `二〇二二`).

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | 'Ｏ' | 'O' | '○' => 0,
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

/// Parses a small whole number: `12`, `１２`, `十二`, `二十`, `廿一`, `卅一`,
/// `二〇二二` (digit by digit). Returns `None` for anything else.
pub fn parse_int(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return s.chars().try_fold(0u32, |acc, c| {
            let d = if c.is_ascii_digit() {
                c as u32 - '0' as u32
            } else {
                c as u32 - '０' as u32
            };
            acc.checked_mul(10)?.checked_add(d)
        });
    }
    let chars: Vec<char> = s.chars().collect();
    if !chars
        .iter()
        .any(|&c| matches!(c, '十' | '廿' | '卅' | '百'))
    {
        // Digit by digit, as in years: 二〇二二.
        return chars.iter().try_fold(0u32, |acc, &c| {
            acc.checked_mul(10)?.checked_add(cn_digit(c)?)
        });
    }
    // Positional with 百/十/廿/卅, up to 999.
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    for c in chars {
        match c {
            '百' => {
                total += pending.take().unwrap_or(1) * 100;
            }
            '十' => {
                total += pending.take().unwrap_or(1) * 10;
            }
            // 廿 and 卅 are twenty and thirty in one character (dates).
            '廿' | '卅' => {
                if pending.is_some() {
                    return None;
                }
                total += if c == '廿' { 20 } else { 30 };
            }
            // 零 only marks a skipped place: 一百零五.
            '零' | '〇' if pending.is_none() && total > 0 => {}
            _ => {
                if pending.is_some() {
                    return None;
                }
                pending = Some(cn_digit(c)?);
            }
        }
    }
    Some(total + pending.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::parse_int;

    #[test]
    fn numerals() {
        for (s, n) in [
            ("7", 7),
            ("１２", 12),
            ("十", 10),
            ("十三", 13),
            ("二十", 20),
            ("二十一", 21),
            ("廿一", 21),
            ("卅", 30),
            ("卅一", 31),
            ("三十一", 31),
            ("二〇二二", 2022),
            ("一百零五", 105),
        ] {
            assert_eq!(parse_int(s), Some(n), "{s}");
        }
        assert_eq!(parse_int("十几"), None);
        assert_eq!(parse_int("abc"), None);
    }
}
