//! Small values every layer of the pipeline shares and none owns: a
//! position in a page (`line:column`) and the rounding that keeps numbers
//! in outputs stable. A leaf module, so that the readers, the checks, the
//! metrics and the results all point down to it, never at each other.

use serde::Serialize;

/// Rounds for stable output.
pub fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// A line and column in a page, written `line:column`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}:{}", self.line, self.column))
    }
}

impl<'de> serde::Deserialize<'de> for Location {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let (l, c) = s
            .split_once(':')
            .ok_or_else(|| serde::de::Error::custom("expected line:column"))?;
        Ok(Location {
            line: l.parse().map_err(serde::de::Error::custom)?,
            column: c.parse().map_err(serde::de::Error::custom)?,
        })
    }
}
