//! Credits: who wrote an article. Bylines on their own line
//! (`■ 本报记者 孙克锋`, `本报通讯员 马雪`) and the bracketed credits of a
//! dateline (`记者 林金彦`) are both a sequence of role keywords, each
//! followed by names.
//!
//! Spaces are unreliable in OCR: plain text keeps the printed spaces between
//! names (`张珂 张瑜`), tesseract's ALTO puts one between nearly every
//! character (`张 珂 张瑜`). Names are therefore split by surname: every name
//! starts with a known surname and has 2–4 characters; where the OCR's
//! spaces agree with such a split they decide between several.

use super::rules::{CompiledRules, Role};
use serde::Serialize;

/// People credited, by role.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct People {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reporters: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub correspondents: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub photographers: Vec<String>,
}

impl People {
    pub fn names_mut(&mut self, role: Role) -> &mut Vec<String> {
        match role {
            Role::Reporter => &mut self.reporters,
            Role::Correspondent => &mut self.correspondents,
            Role::Intern => &mut self.interns,
            Role::Photographer => &mut self.photographers,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.all().next().is_none()
    }

    /// Every name, in role order.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.reporters
            .iter()
            .chain(&self.correspondents)
            .chain(&self.interns)
            .chain(&self.photographers)
    }

    /// Adds `other`'s names, each once per role.
    pub fn extend(&mut self, other: People) {
        fn add(to: &mut Vec<String>, names: Vec<String>) {
            for n in names {
                if !to.contains(&n) {
                    to.push(n);
                }
            }
        }
        add(&mut self.reporters, other.reporters);
        add(&mut self.correspondents, other.correspondents);
        add(&mut self.interns, other.interns);
        add(&mut self.photographers, other.photographers);
    }

    /// Everyone named, as photographers: the people of a photo credit.
    pub fn as_photographers(self) -> People {
        let mut photographers: Vec<String> = Vec::new();
        for n in self
            .reporters
            .into_iter()
            .chain(self.correspondents)
            .chain(self.interns)
            .chain(self.photographers)
        {
            if !photographers.contains(&n) {
                photographers.push(n);
            }
        }
        People {
            photographers,
            ..People::default()
        }
    }
}

/// A byline: its text, its marker and the people it names.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Credits {
    /// The credit as printed (normalised), e.g. `■ 本报记者 孙克锋`.
    pub text: String,
    /// The leading symbol and first role keyword, e.g. `■ 本报记者`.
    pub marker: String,
    #[serde(flatten)]
    pub people: People,
}

impl Credits {
    /// Adds another credit line's people (a second byline line).
    pub fn merge(&mut self, other: Credits) {
        self.text = format!("{} / {}", self.text, other.text);
        self.people.extend(other.people);
    }
}

/// The raw text without whitespace, remembering where whitespace was.
struct Compact {
    chars: Vec<char>,
    /// `space_before[i]`: whitespace stood before `chars[i]`.
    space_before: Vec<bool>,
}

impl Compact {
    fn new(raw: &str) -> Compact {
        let mut chars = Vec::new();
        let mut space_before = Vec::new();
        let mut pending = false;
        for c in raw.chars() {
            if c.is_whitespace() {
                pending = true;
            } else {
                chars.push(c);
                space_before.push(pending && !chars.is_empty());
                pending = false;
            }
        }
        Compact {
            chars,
            space_before,
        }
    }
}

fn role_at(rules: &CompiledRules, s: &[char], i: usize) -> Option<(usize, Role)> {
    let first = *s.get(i)?;
    // Most characters begin no role: one look at the first character
    // spares comparing every keyword.
    if rules.role_initials.binary_search(&first).is_err() {
        return None;
    }
    rules
        .roles
        .iter()
        .find(|(k, _)| k.first() == Some(&first) && s[i..].starts_with(k))
        .map(|(k, r)| (k.len(), *r))
}

/// Longest organisation before a role keyword allowed, in characters.
const MAX_ORGANISATION: usize = 12;

/// The length of an organisation at `i` that a role keyword follows
/// (`新华社` in `新华社记者`), or 0. The shortest prefix that the profile's
/// `credits.organisation` matches whole and that a role follows wins.
fn organisation_at(rules: &CompiledRules, s: &[char], i: usize) -> usize {
    let Some(re) = &rules.credit_organisation else {
        return 0;
    };
    let last = (i + MAX_ORGANISATION).min(s.len());
    // The text is built only where a role follows: most lines have none.
    (i + 1..=last)
        .find(|&j| {
            role_at(rules, s, j).is_some() && re.is_match(&s[i..j].iter().collect::<String>())
        })
        .map_or(0, |j| j - i)
}

fn is_name_separator(c: char) -> bool {
    matches!(c, '、' | ',' | '，' | '/' | '／' | '·')
}

/// Parses a credit. With `whole`, every character must be part of it
/// (symbol, roles, names, a suffix, closing punctuation) — that is what makes
/// a line a byline; without, parsing stops where the credit stops.
/// Marks a speck of dust is read as, where a byline has none.
pub(crate) const NAME_SPECKS: &[char] = &['”', '“', '"', '\'', '‘', '’', '.', '·', '、', ','];

pub fn parse_credits(raw: &str, rules: &CompiledRules, whole: bool) -> Option<Credits> {
    let cfg = &rules.profile.credits;
    // Every paragraph of a page is asked; most are far longer than a
    // credit line, which a count up to the limit tells without copying.
    if raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .nth(cfg.max_chars)
        .is_some()
    {
        return None;
    }
    let compact = Compact::new(raw);
    let s = &compact.chars;
    if s.is_empty() || s.len() > cfg.max_chars {
        return None;
    }
    let mut i = 0;
    while i < s.len() && cfg.symbols.contains(s[i]) {
        i += 1;
    }
    if i == 0
        && s.len() > 1
        && cfg.symbol_lookalikes.contains(s[0])
        && role_at(rules, s, 1).is_some()
    {
        i = 1;
    }
    let org = organisation_at(rules, s, i);
    let (role_len, _) = role_at(rules, s, i + org)?;
    let first_len = org + role_len;
    let mut credits = Credits {
        text: String::new(),
        marker: s[..i + first_len].iter().collect(),
        ..Credits::default()
    };
    // Put back the space between a symbol and the keyword for the marker.
    if i > 0 && compact.space_before[i] {
        credits
            .marker
            .insert(credits.marker.char_indices().nth(i).unwrap().0, ' ');
    }
    i += org;
    while let Some((len, role)) = role_at(rules, s, i) {
        i += len;
        // Specks the OCR read as marks between the role and the name
        // (`本报记者”申少铁`, `本报记者“”申少铁`), one or two; a real
        // quote would close again after the name.
        let specks = s[i..]
            .iter()
            .take(2)
            .take_while(|c| NAME_SPECKS.contains(c))
            .count();
        if specks > 0
            && s.get(i + specks)
                .is_some_and(|&c| crate::text::chars::is_han(c))
            && !s[i + specks..].iter().any(|c| NAME_SPECKS.contains(c))
        {
            i += specks;
        }
        let start = i;
        while i < s.len()
            && (super::super::text::chars::is_han(s[i]) || is_name_separator(s[i]))
            && role_at(rules, s, i).is_none()
            && !suffix_at(rules, s, i)
        {
            i += 1;
        }
        // Before a further role, the run may end with its organisation
        // (`王五 中新社记者`): the first cut that leaves names before an
        // organisation wins.
        let mut end = i;
        if i < s.len() {
            if let Some(re) = &rules.credit_organisation {
                end = (start + 1..i)
                    .find(|&k| {
                        i - k <= MAX_ORGANISATION
                            && re.is_match(&s[k..i].iter().collect::<String>())
                            && !split_names(&s[start..k], &compact.space_before[start..k], rules)
                                .is_empty()
                    })
                    .unwrap_or(i);
            }
        }
        let names = split_names(&s[start..end], &compact.space_before[start..end], rules);
        if names.is_empty() {
            return None;
        }
        credits.people.names_mut(role).extend(names);
    }
    for suffix in &cfg.suffixes {
        let suf: Vec<char> = suffix.chars().collect();
        if s[i..].starts_with(&suf) {
            i += suf.len();
            break;
        }
    }
    while i < s.len() && matches!(s[i], '。' | '.' | ')' | '）') {
        i += 1;
    }
    if whole && i < s.len() {
        return None;
    }
    Some(credits)
}

/// Where a credit was merged into a line: before or after the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergedAt {
    Start,
    End,
}

/// A credit the OCR read on one line with other text (`■ 本报记者 张燕
/// 我市新增合作社1298户`, a byline beside the next headline): the credit,
/// which side of the line it is on, and how many visible characters it
/// takes. The credit must end (or begin) at a space the OCR kept, and the
/// rest must not be empty; the longest such credit wins.
pub fn merged_credit(raw: &str, rules: &CompiledRules) -> Option<(Credits, MergedAt, usize)> {
    let raw = raw.trim();
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    // Byte offsets where a run of whitespace starts and ends.
    let mut gaps: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in raw.char_indices() {
        match (c.is_whitespace(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                gaps.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    // The rest is text: words, not a leftover symbol.
    let wordy = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).nth(1).is_some();
    for &(gap_start, gap_end) in gaps.iter().rev() {
        if wordy(&raw[gap_end..]) {
            if let Some(c) = parse_credits(&raw[..gap_start], rules, true) {
                return Some((c, MergedAt::Start, visible(&raw[..gap_start])));
            }
        }
    }
    for &(gap_start, gap_end) in &gaps {
        if wordy(&raw[..gap_start]) {
            if let Some(c) = parse_credits(&raw[gap_end..], rules, true) {
                return Some((c, MergedAt::End, visible(&raw[gap_end..])));
            }
        }
    }
    None
}

fn suffix_at(rules: &CompiledRules, s: &[char], i: usize) -> bool {
    rules.profile.credits.suffixes.iter().any(|suf| {
        let suf: Vec<char> = suf.chars().collect();
        // A suffix only counts at the end of the credit.
        s[i..] == suf[..]
    })
}

/// Splits a run of name characters into names.
pub fn split_names(s: &[char], space_before: &[bool], rules: &CompiledRules) -> Vec<String> {
    // Tokens as the OCR spaced and punctuated them.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, &c) in s.iter().enumerate() {
        if is_name_separator(c) {
            if let Some(st) = start.take() {
                tokens.push((st, i));
            }
            continue;
        }
        if space_before[i] {
            if let Some(st) = start.take() {
                tokens.push((st, i));
            }
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        tokens.push((st, s.len()));
    }
    let han: Vec<char> = s
        .iter()
        .copied()
        .filter(|c| !is_name_separator(*c))
        .collect();
    if tokens.is_empty() {
        return Vec::new();
    }
    if tokens.iter().all(|&(a, b)| plausible_name(&s[a..b], rules)) {
        return tokens
            .iter()
            .map(|&(a, b)| s[a..b].iter().collect())
            .collect();
    }
    // Boundaries the OCR suggested, as positions in `han`.
    let mut hinted = vec![false; han.len() + 1];
    let mut k = 0;
    for (i, &c) in s.iter().enumerate() {
        if is_name_separator(c) {
            hinted[k] = true;
            continue;
        }
        if space_before[i] {
            hinted[k] = true;
        }
        k += 1;
    }
    match best_split(&han, &hinted, rules) {
        Some(cuts) => cuts
            .windows(2)
            .map(|w| han[w[0]..w[1]].iter().collect())
            .collect(),
        // No surname-based split: keep what the OCR spaced, if it looks like names.
        None => tokens
            .iter()
            .filter(|&&(a, b)| {
                let n = b - a;
                // Without a known surname only the common 2–3 character shape.
                n >= rules.profile.names.min_chars && n <= 3
            })
            .map(|&(a, b)| s[a..b].iter().collect())
            .collect(),
    }
}

fn surname_len(name: &[char], rules: &CompiledRules) -> Option<usize> {
    if let Some(c) = rules.compound_surnames.iter().find(|c| name.starts_with(c)) {
        return Some(c.len());
    }
    name.first()
        .filter(|c| rules.surnames.contains(c))
        .map(|_| 1)
}

pub(crate) fn plausible_name(name: &[char], rules: &CompiledRules) -> bool {
    let n = name.len();
    let cfg = &rules.profile.names;
    n >= cfg.min_chars
        && n <= cfg.max_chars
        && match surname_len(name, rules) {
            Some(2) => true,
            // Four characters only with a compound surname (欧阳文忠) .
            Some(1) => n <= 3,
            _ => false,
        }
}

/// Dynamic programming over cut points: each piece a plausible name; among
/// several splits prefer the one whose cuts agree most with the OCR's hints,
/// then the one with fewer names.
fn best_split(han: &[char], hinted: &[bool], rules: &CompiledRules) -> Option<Vec<usize>> {
    let n = han.len();
    // best[i] = (score, names, previous cut) for a split of han[..i].
    let mut best: Vec<Option<(i32, usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0, 0));
    for end in 1..=n {
        for len in rules.profile.names.min_chars..=rules.profile.names.max_chars.min(end) {
            let start = end - len;
            let Some((score, count, _)) = best[start] else {
                continue;
            };
            if !plausible_name(&han[start..end], rules) {
                continue;
            }
            let bonus = i32::from(start == 0 || hinted[start]);
            let cand = (score + bonus, count + 1, start);
            let better = match best[end] {
                None => true,
                Some((s, c, _)) => cand.0 > s || (cand.0 == s && cand.1 < c),
            };
            if better {
                best[end] = Some(cand);
            }
        }
    }
    best[n]?;
    let mut cuts = vec![n];
    let mut at = n;
    while at > 0 {
        at = best[at].unwrap().2;
        cuts.push(at);
    }
    cuts.reverse();
    Some(cuts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::rules::zh_rules as rules;

    #[test]
    fn bylines() {
        let r = rules();
        let c = parse_credits("■ 本报记者 孙克锋", &r, true).unwrap();
        assert_eq!(c.marker, "■ 本报记者");
        assert_eq!(c.people.reporters, vec!["孙克锋"]);
        let c = parse_credits("国 本 报 记者 孙 克 锋", &r, true).unwrap();
        assert_eq!(c.people.reporters, vec!["孙克锋"]);
        let c = parse_credits("本报通讯员 马雪", &r, true).unwrap();
        assert_eq!(c.people.correspondents, vec!["马雪"]);
        let c = parse_credits("本报记者 张燕 本报通讯员 马雪", &r, true).unwrap();
        assert_eq!(
            (c.people.reporters.clone(), c.people.correspondents.clone()),
            (vec!["张燕".to_string()], vec!["马雪".to_string()])
        );
        let c = parse_credits("本报记者 王某某、李某某 摄", &r, true).unwrap();
        assert_eq!(c.people.reporters, vec!["王某某", "李某某"]);
        assert!(parse_credits("本报记者从市农业农村局获悉，今年我市全面推进", &r, true).is_none());
        assert!(parse_credits("记者孙克锋说", &r, true).is_none());
    }

    /// Dust read as a mark or two between the role and the name is not
    /// part of the name; a quoted phrase after the role is no byline.
    #[test]
    fn specks_between_the_role_and_the_name() {
        let r = rules();
        for line in ["本报记者”申少铁", "本报记者“”申少铁", "本报记者 ·申少铁"]
        {
            let c = parse_credits(line, &r, true).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(c.people.reporters, vec!["申少铁"], "{line}");
        }
        assert!(parse_credits("本报记者“申少铁”", &r, true).is_none());
    }

    #[test]
    fn a_credit_merged_with_a_headline() {
        let r = rules();
        let (c, at, n) = merged_credit("■ 本报记者 张燕 我市新增合作社1298户", &r).unwrap();
        assert_eq!(
            (c.people.reporters.clone(), at, n),
            (vec!["张燕".to_string()], MergedAt::Start, 7)
        );
        let (c, at, _) = merged_credit("我市新增合作社1298户 本报记者 张燕", &r).unwrap();
        assert_eq!(
            (c.people.reporters.clone(), at),
            (vec!["张燕".to_string()], MergedAt::End)
        );
        // A credit alone, or no space to split at: nothing merged.
        assert!(merged_credit("■ 本报记者 张燕", &r).is_none());
        assert!(merged_credit("本报记者张燕我市新增合作社", &r).is_none());
        assert!(merged_credit("我市新增合作社 1298户", &r).is_none());
    }

    #[test]
    fn agency_and_paper_bylines() {
        let r = rules();
        let c = parse_credits("新华社记者 王五", &r, true).unwrap();
        assert_eq!(
            (c.marker.as_str(), c.people.reporters.clone()),
            ("新华社记者", vec!["王五".to_string()])
        );
        let c = parse_credits("人民日报记者 张三 李四", &r, true).unwrap();
        assert_eq!(c.people.reporters, vec!["张三", "李四"]);
        let c = parse_credits("新华社记者 王五 本报通讯员 马雪", &r, true).unwrap();
        assert_eq!(
            (c.people.reporters.clone(), c.people.correspondents.clone()),
            (vec!["王五".to_string()], vec!["马雪".to_string()])
        );
        let c = parse_credits("新华社记者 王五 中新社记者 赵六", &r, true).unwrap();
        assert_eq!(c.people.reporters, vec!["王五", "赵六"]);
        // Not a credit: a sentence about a reporter, a place before the role.
        assert!(parse_credits("新华社记者从国家统计局获悉", &r, true).is_none());
        assert!(parse_credits("他对记者说", &r, true).is_none());
    }

    #[test]
    fn names_split_by_surname_when_spaces_mislead() {
        let r = rules();
        for (raw, want) in [
            ("通讯员 张 珂 张瑜", vec!["张珂", "张瑜"]),
            ("通讯员张珂张瑜", vec!["张珂", "张瑜"]),
            ("记者林金彦张燕", vec!["林金彦", "张燕"]),
            ("记者 欧阳文忠", vec!["欧阳文忠"]),
        ] {
            let c = parse_credits(raw, &r, true).unwrap();
            let names: Vec<&str> = c.people.all().map(|s| s.as_str()).collect();
            assert_eq!(names, want, "{raw}");
        }
    }
}
