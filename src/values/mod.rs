//! Values printed in articles: numerals and dates.

pub mod date;
pub mod numerals;
