//! Values printed in articles: numerals, numbers with units, and dates.

pub mod date;
pub mod dates;
pub mod numbers;
pub mod numerals;
