//! Text handling: character classes and normalisation with an offset map.

pub mod chars;
pub mod index;
pub mod normalize;
pub mod words;
