//! Cache entries as someone else may have left them: a real entry with
//! bytes changed, cut or appended by the fuzzer, raw bytes as an entry, and
//! raw bytes sealed with a valid checksum (a forged entry: reaches the
//! MessagePack and findings decoders behind the checksum). Decoding never
//! panics, and a damaged real entry gives back either nothing (a miss) or
//! exactly the entry that was stored: never a different result.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ocrgate::cache::{decode, encode, seal};
use std::sync::OnceLock;

const KEY: [u8; 32] = [7; 32];

/// A real entry: the result of a rule's documentation example.
fn whole() -> &'static (Vec<u8>, ocrgate::result::IssueResult) {
    static WHOLE: OnceLock<(Vec<u8>, ocrgate::result::IssueResult)> = OnceLock::new();
    WHOLE.get_or_init(|| {
        let rule = ocrgate::validate::registry::RULES
            .iter()
            .find(|r| r.id == "byline.unknown_reporter")
            .unwrap_or(&ocrgate::validate::registry::RULES[0]);
        let r = ocrgate::validate::examples::analyse(&rule.bad).expect("example runs");
        (encode(&KEY, b"body", &r).expect("encodes"), r)
    })
}

fuzz_target!(|data: &[u8]| {
    let (entry, result) = whole();
    // Raw bytes as an entry, with the key they carry (so that the key
    // check does not stop every input).
    if data.len() >= 48 {
        let key: [u8; 32] = data[16..48].try_into().unwrap();
        let _ = decode(data, &key, true);
    }
    let _ = decode(data, &KEY, true);
    let _ = decode(&seal(&KEY, data), &KEY, true);
    // A forged payload that starts like the real one, to get past the
    // first fields more often.
    let mut forged = entry[entry.len().min(16 + 32 + 16)..].to_vec();
    forged.truncate(forged.len() * (data.first().copied().unwrap_or(255) as usize) / 255);
    forged.extend_from_slice(data);
    let _ = decode(&seal(&KEY, &forged), &KEY, true);
    // Edits to a real entry: (offset, byte) pairs, then a cut, then a tail.
    let mut edited = entry.clone();
    let (edits, rest) = data.split_at(data.len().min(12));
    for pair in edits.chunks_exact(3) {
        let at = u16::from_le_bytes([pair[0], pair[1]]) as usize % edited.len();
        edited[at] = pair[2];
    }
    if let Some((&cut, tail)) = rest.split_first() {
        if cut % 2 == 1 {
            let keep = edited.len() * cut as usize / 256;
            edited.truncate(keep);
        }
        edited.extend_from_slice(&tail[..tail.len().min(8)]);
    }
    for with_cards in [true, false] {
        if let Some(hit) = decode(&edited, &KEY, with_cards) {
            assert_eq!(&edited, entry, "a changed entry decoded");
            assert_eq!(hit.digest.findings, result.findings);
        }
    }
});
