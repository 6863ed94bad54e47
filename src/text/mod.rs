//! Text handling: character classes and normalisation with an offset map.

pub mod chars;
pub mod confusables;
pub mod index;
pub mod misread;
pub mod normalize;
pub mod word_pairs;
pub mod words;
