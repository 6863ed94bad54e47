//! Byte ↔ character offsets. Regexes report byte offsets; findings and the
//! offset map count characters, so every match is converted once here.

/// Byte offsets of the character starts of one string.
pub struct CharIndex {
    starts: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        CharIndex {
            starts: text.char_indices().map(|(b, _)| b).collect(),
        }
    }

    /// The character index of the character starting at byte `b` (or of the
    /// end of the text).
    pub fn char_of(&self, b: usize) -> usize {
        self.starts.partition_point(|&s| s < b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        let text = "7月4日ab";
        let ix = CharIndex::new(text);
        assert_eq!(ix.char_of(0), 0);
        assert_eq!(ix.char_of(1), 1); // 月 starts at byte 1
        assert_eq!(ix.char_of(4), 2); // 4
        assert_eq!(ix.char_of(text.len()), 6);
    }
}
