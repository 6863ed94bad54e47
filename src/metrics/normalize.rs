//! The text normalisation under CER and WER, defined as dinglehopper
//! defines it so that numbers agree: Unicode NFC, then ligatures unjoined
//! (ﬁ → fi, MUFI ligatures of historical prints), then a short table of
//! equivalences (em dash → en dash, ’ → ', ⸗ → -, aͤ → ä, …), applied in
//! order. The table is data, not an opinion of this tool: it is what makes
//! a CER comparable with dinglehopper's.

use unicode_normalization::UnicodeNormalization;

/// Ligatures and their letters (MUFI private-use code points included).
const LIGATURES: &[(&str, &str)] = &[
    ("\u{EBA6}", "ſſ"),
    ("\u{EBA7}", "ſſi"),
    ("\u{F502}", "ch"),
    ("\u{EEC4}", "ck"),
    ("\u{F4F9}", "ll"),
    ("\u{EBA2}", "ſi"),
    ("\u{EADA}", "ſt"),
    ("\u{FB01}", "fi"),
    ("\u{FB00}", "ff"),
    ("\u{FB02}", "fl"),
    ("\u{FB03}", "ffi"),
    ("\u{EEC5}", "ct"),
    ("\u{EEDC}", "tz"),
    ("\u{F532}", "as"),
    ("\u{F533}", "is"),
    ("\u{F534}", "us"),
    ("\u{F535}", "Qu"),
    ("\u{0133}", "ij"),
    ("\u{E8BF}", "q&"),
    ("\u{EBA5}", "ſp"),
    ("\u{FB06}", "st"),
];

/// Equivalences applied after the ligatures, in this order.
const EQUIVALENCES: &[(&str, &str)] = &[
    ("\u{E72B}", "ü"),
    ("\u{E42C}", "ä"),
    ("==", "–"),
    ("—", "–"),
    ("\u{E644}", "ö"),
    ("’", "'"),
    ("⸗", "-"),
    ("a\u{0364}", "ä"),
    ("o\u{0364}", "ö"),
    ("u\u{0364}", "ü"),
    ("\u{F50E}", "q\u{0301}"),
];

/// Whether any character of `s` can take part in a replacement: most text
/// needs no replacement pass at all.
fn may_need_table(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{FB00}'..='\u{FB06}' | '\u{0133}' | '=' | '—' | '’' | '⸗' | '\u{0364}')
    })
}

/// NFC, ligatures unjoined, equivalences substituted.
pub fn normalize(s: &str) -> String {
    let mut out: String = s.nfc().collect();
    if !may_need_table(&out) {
        return out;
    }
    for (from, to) in LIGATURES.iter().chain(EQUIVALENCES) {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_ligatures_and_equivalences() {
        assert_eq!(normalize("Schlyn\u{0303}"), "Schlyñ");
        assert_eq!(normalize("ﬁnden"), "finden");
        assert_eq!(normalize("a—b==c’d"), "a–b–c'd");
        assert_eq!(normalize("ua\u{0364}"), "uä");
        assert_eq!(normalize("聊城日报"), "聊城日报");
    }
}
