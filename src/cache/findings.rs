//! The findings of a cache entry in a compact binary layout.
//!
//! Findings are most of an entry (a damaged page has dozens, each with a
//! message, an excerpt, a fingerprint and its source line), and decoding
//! them was most of a re-check of an unchanged corpus. A self-describing
//! format (MessagePack with field names) spends that time matching names
//! and allocating through serde's visitors; here every finding is a fixed
//! sequence of numbers and references into one string pool:
//!
//! ```text
//! pool length, pool (UTF-8, each distinct string once), finding count,
//! per finding: rule, severity, message, page, line, column, excerpt,
//!              suggestion?, article?, count, more locations, fingerprint,
//!              source line?
//! ```
//!
//! The pool is validated as UTF-8 once; a string is a range of it, taken
//! only at character boundaries. Strings repeat a lot (the rule ids, the
//! page name, the suggestions, a paragraph's source line shared by its
//! findings), so the pool also makes entries smaller. Any malformed input
//! decodes to `None`, never a panic.

use crate::result::Location;
use crate::validate::{Finding, Severity};
use std::collections::HashMap;

/// Appends `findings` to `out`; `false` (and nothing usable written) when
/// their text exceeds the 4 GiB a pool reference can address.
pub fn encode(findings: &[Finding], out: &mut Vec<u8>) -> bool {
    let mut pool = Pool::default();
    let mut records = Vec::with_capacity(findings.len() * 64);
    for f in findings {
        pool.put(&mut records, &f.rule);
        records.push(match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        });
        pool.put(&mut records, &f.message);
        pool.put(&mut records, &f.page);
        put_u32(&mut records, f.line);
        put_u32(&mut records, f.column);
        pool.put(&mut records, &f.excerpt);
        pool.put_opt(&mut records, f.suggestion.as_deref());
        match f.article {
            Some(a) => {
                records.push(1);
                put_u64(&mut records, a as u64);
            }
            None => records.push(0),
        }
        put_u64(&mut records, f.count as u64);
        put_u32(&mut records, f.more.len() as u32);
        for l in &f.more {
            put_u32(&mut records, l.line);
            put_u32(&mut records, l.column);
        }
        pool.put(&mut records, &f.fingerprint);
        pool.put_opt(&mut records, f.source.as_deref());
    }
    if u32::try_from(pool.text.len()).is_err() {
        return false;
    }
    put_u64(out, pool.text.len() as u64);
    out.extend_from_slice(pool.text.as_bytes());
    put_u64(out, findings.len() as u64);
    out.extend_from_slice(&records);
    true
}

/// The findings at the start of `data` and what follows them, or `None`
/// when `data` does not hold what [`encode`] writes.
pub fn decode(data: &[u8]) -> Option<(Vec<Finding>, &[u8])> {
    let mut r = Reader { data };
    let pool_len = r.len()?;
    let pool = simdutf8::basic::from_utf8(r.bytes(pool_len)?).ok()?;
    let count = r.len()?;
    // Each record takes at least 60 bytes: a count beyond what is left is
    // damage, not a reason to reserve memory.
    let mut findings = Vec::with_capacity(count.min(r.data.len() / 60));
    for _ in 0..count {
        let rule = r.str(pool)?;
        let severity = match r.u8()? {
            0 => Severity::Error,
            1 => Severity::Warning,
            2 => Severity::Info,
            _ => return None,
        };
        let message = r.str(pool)?;
        let page = r.str(pool)?;
        let line = r.u32()?;
        let column = r.u32()?;
        let excerpt = r.str(pool)?;
        let suggestion = r.opt_str(pool)?;
        let article = match r.flag()? {
            true => Some(usize::try_from(r.u64()?).ok()?),
            false => None,
        };
        let count = usize::try_from(r.u64()?).ok()?;
        let n_more = r.u32()? as usize;
        if n_more > r.data.len() / 8 {
            return None;
        }
        let mut more = Vec::with_capacity(n_more);
        for _ in 0..n_more {
            more.push(Location {
                line: r.u32()?,
                column: r.u32()?,
            });
        }
        let fingerprint = r.str(pool)?;
        let source = r.opt_str(pool)?;
        findings.push(Finding {
            rule,
            severity,
            message,
            page,
            line,
            column,
            excerpt,
            suggestion,
            article,
            count,
            more,
            fingerprint,
            source,
        });
    }
    Some((findings, r.data))
}

/// Each distinct string once, as a range of one text.
#[derive(Default)]
struct Pool<'a> {
    text: String,
    at: HashMap<&'a str, (u32, u32)>,
}

impl<'a> Pool<'a> {
    /// Writes the reference of `s` (added to the pool if new) to `out`.
    fn put(&mut self, out: &mut Vec<u8>, s: &'a str) {
        // Truncated offsets only where the pool outgrows u32, which
        // `encode` then refuses.
        let (at, len) = *self.at.entry(s).or_insert_with(|| {
            let at = self.text.len() as u32;
            self.text.push_str(s);
            (at, s.len() as u32)
        });
        put_u32(out, at);
        put_u32(out, len);
    }

    /// A flag, then the reference of `s` when there is one.
    fn put_opt(&mut self, out: &mut Vec<u8>, s: Option<&'a str>) {
        match s {
            Some(s) => {
                out.push(1);
                self.put(out, s);
            }
            None => out.push(0),
        }
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Reads little-endian numbers and pool references off the front.
struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.data.split_at_checked(n)?;
        self.data = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// A pool string; `None` when the range is outside the pool or cuts a
    /// character.
    fn str(&mut self, pool: &str) -> Option<String> {
        let at = self.u32()? as usize;
        let len = self.u32()? as usize;
        Some(pool.get(at..at.checked_add(len)?)?.to_owned())
    }

    /// A flag, then a pool string when it is set.
    fn opt_str(&mut self, pool: &str) -> Option<Option<String>> {
        match self.flag()? {
            true => self.str(pool).map(Some),
            false => Some(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(message: &str, source: Option<&str>) -> Finding {
        Finding {
            rule: "para.broken".into(),
            severity: Severity::Warning,
            message: message.into(),
            page: "p01.txt".into(),
            line: 13,
            column: 14,
            excerpt: "局".into(),
            suggestion: Some("join it with the paragraph at line 15".into()),
            article: Some(1),
            count: 3,
            more: vec![Location { line: 1, column: 7 }],
            fingerprint: "0d95bd781a71972b".into(),
            source: source.map(str::to_string),
        }
    }

    #[test]
    fn findings_read_back_and_repeated_strings_are_stored_once() {
        let line = "今年是十四届聊城市政协的开局";
        let findings = vec![
            finding("段落在句中结束", Some(line)),
            finding("another message", Some(line)),
            finding("", None),
        ];
        let mut out = Vec::new();
        assert!(encode(&findings, &mut out));
        out.extend_from_slice(b"tail");
        let (back, rest) = decode(&out).expect("decodes");
        assert_eq!(back, findings);
        let sources: Vec<_> = back.iter().map(|f| f.source.clone()).collect();
        assert_eq!(sources, [Some(line.into()), Some(line.into()), None]);
        assert_eq!(rest, b"tail");
        let pool = std::str::from_utf8(&out[8..8 + out[0] as usize]).unwrap();
        assert_eq!(pool.matches(line).count(), 1);
        assert_eq!(pool.matches("para.broken").count(), 1);
    }

    #[test]
    fn a_reference_that_cuts_a_character_is_refused() {
        let mut out = Vec::new();
        assert!(encode(&[finding("局", None)], &mut out));
        let pool_len = out[0] as usize;
        // The first record starts with the rule's reference: point it one
        // byte into the pool's first character that is not ASCII.
        let pool = std::str::from_utf8(&out[8..8 + pool_len]).unwrap();
        let cut = pool.char_indices().find(|(_, c)| !c.is_ascii()).unwrap().0 + 1;
        let record = 8 + pool_len + 8;
        out[record..record + 4].copy_from_slice(&(cut as u32).to_le_bytes());
        assert!(decode(&out).is_none());
        assert!(decode(&out[..out.len() - 1]).is_none());
    }
}
