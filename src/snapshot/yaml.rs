//! The YAML writer of snapshot bodies.
//!
//! A snapshot is written for every issue of every run, and a general YAML
//! serialiser spent a tenth of a cold check deciding, character class by
//! character class, how to quote each paragraph. Snapshots need far less
//! than YAML offers: block mappings and sequences, one scalar per line,
//! plain where that is safe and double-quoted otherwise. This writer does
//! exactly that, deciding each string's style in one pass over its bytes
//! (insta writes its snapshots with its own emitter for the same reason).
//! Reading stays with serde-saphyr; `tests` below and the property tests
//! check that everything written reads back as the same value.
//!
//! Layout (the block style serde-saphyr and PyYAML write):
//!
//! ```text
//! key: scalar
//! map:
//!   key: scalar
//! seq:
//! - scalar
//! - key: scalar      (a mapping in a sequence starts on the dash's line)
//!   key: scalar
//! empty_seq: []
//! empty_map: {}
//! ```

use regex::Regex;
use serde::ser::{self, Serialize};
use std::fmt::{self, Display, Write as _};
use std::sync::OnceLock;

/// Writes `value` as a block-style YAML document (no `---`), ending in a
/// newline.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut w = Writer {
        out: String::with_capacity(16 * 1024),
    };
    value.serialize(Value {
        w: &mut w,
        at: At::Top,
    })?;
    if !w.out.ends_with('\n') {
        w.out.push('\n');
    }
    Ok(w.out)
}

/// Why a value cannot be written (a type snapshots never hold).
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

struct Writer {
    out: String,
}

impl Writer {
    fn pad(&mut self, indent: usize) {
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// Writes `s` as a plain scalar when YAML reads it back as this very
    /// string, else double-quoted.
    fn string(&mut self, s: &str) {
        // A lone `.`, `#` or `-` reads best single-quoted (as serde-saphyr
        // writes it, so older snapshots keep their bytes).
        if matches!(s, "." | "#" | "-") {
            let _ = write!(self.out, "'{s}'");
        } else if is_plain_safe(s) {
            self.out.push_str(s);
        } else {
            quote(&mut self.out, s);
        }
    }
}

/// Where the value being written goes.
#[derive(Clone, Copy)]
enum At {
    /// The document itself.
    Top,
    /// After `key:` of a mapping whose keys are at `indent`.
    MapValue { indent: usize },
    /// After `- ` of a sequence whose dashes are at `indent`.
    SeqItem { indent: usize },
}

impl At {
    /// Before a scalar: the space after `key:`.
    fn scalar_prefix(self, w: &mut Writer) {
        if let At::MapValue { .. } = self {
            w.out.push(' ');
        }
    }
}

/// Serialises one value at its place.
struct Value<'a> {
    w: &'a mut Writer,
    at: At,
}

impl<'a> Value<'a> {
    fn scalar(self, text: &str) -> Result<(), Error> {
        self.at.scalar_prefix(self.w);
        self.w.out.push_str(text);
        self.w.out.push('\n');
        Ok(())
    }

    fn display(self, v: impl Display) -> Result<(), Error> {
        self.at.scalar_prefix(self.w);
        let _ = write!(self.w.out, "{v}");
        self.w.out.push('\n');
        Ok(())
    }

    fn float(self, v: f64) -> Result<(), Error> {
        if v.is_nan() {
            return self.scalar(".nan");
        }
        if v.is_infinite() {
            return self.scalar(if v > 0.0 { ".inf" } else { "-.inf" });
        }
        self.at.scalar_prefix(self.w);
        let start = self.w.out.len();
        let _ = write!(self.w.out, "{v}");
        // `1` would read back as an integer: floats keep a point.
        if !self.w.out[start..].contains(['.', 'e', 'E']) {
            self.w.out.push_str(".0");
        }
        self.w.out.push('\n');
        Ok(())
    }

    fn compound(self, kind: Kind) -> Compound<'a> {
        Compound {
            w: self.w,
            at: self.at,
            kind,
            count: 0,
        }
    }

    /// A mapping of one entry, `variant:`, whose value the caller writes.
    fn variant_key(self, variant: &str) -> Result<Value<'a>, Error> {
        let mut map = self.compound(Kind::Map);
        let indent = map.key(variant);
        Ok(Value {
            w: map.w,
            at: At::MapValue { indent },
        })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Map,
    Seq,
}

/// A mapping or sequence being written, entry by entry.
struct Compound<'a> {
    w: &'a mut Writer,
    at: At,
    kind: Kind,
    count: usize,
}

impl<'a> Compound<'a> {
    /// Starts the next entry's line; returns the indent of its key or dash.
    fn start_entry(&mut self) -> usize {
        let first = self.count == 0;
        self.count += 1;
        let (indent, inline) = match (self.at, self.kind) {
            (At::Top, _) => (0, false),
            // Keys of a mapping under a key are indented; the dashes of a
            // sequence under a key are not (the compact style).
            (At::MapValue { indent }, Kind::Map) => (indent + 2, false),
            (At::MapValue { indent }, Kind::Seq) => (indent, false),
            // In a sequence item the first entry shares the dash's line.
            (At::SeqItem { indent }, _) => (indent + 2, first),
        };
        if first && matches!(self.at, At::MapValue { .. }) {
            self.w.out.push('\n');
        }
        if !inline {
            self.w.pad(indent);
        }
        indent
    }

    /// Writes `key:` for the next entry; returns the key's indent.
    fn key(&mut self, key: &str) -> usize {
        let indent = self.start_entry();
        // A key is plain only without any `:`. Field names longer than any
        // bool, null or special float spelling are plain as they are.
        let identifier = key.len() > 5 && key.bytes().all(|c| c.is_ascii_lowercase() || c == b'_');
        if identifier || (is_plain_safe(key) && !key.contains(':')) {
            self.w.out.push_str(key);
        } else {
            quote(&mut self.w.out, key);
        }
        self.w.out.push(':');
        indent
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let indent = self.start_entry();
        self.w.out.push_str("- ");
        value.serialize(Value {
            w: &mut *self.w,
            at: At::SeqItem { indent },
        })
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        let indent = self.key(key);
        value.serialize(Value {
            w: &mut *self.w,
            at: At::MapValue { indent },
        })
    }

    fn finish(self) -> Result<(), Error> {
        if self.count == 0 {
            self.at.scalar_prefix(self.w);
            self.w.out.push_str(match self.kind {
                Kind::Map => "{}\n",
                Kind::Seq => "[]\n",
            });
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for Value<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = MapWriter<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.scalar(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.display(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.at.scalar_prefix(self.w);
        self.w.string(v);
        self.w.out.push('\n');
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.compound(Kind::Seq);
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.finish()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.scalar("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.scalar("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.scalar("null")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self.variant_key(variant)?)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.compound(Kind::Seq))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound(Kind::Seq))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound(Kind::Seq))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(self.variant_key(variant)?.compound(Kind::Seq))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapWriter<'a>, Error> {
        Ok(MapWriter {
            map: self.compound(Kind::Map),
            indent: 0,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound(Kind::Map))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(self.variant_key(variant)?.compound(Kind::Map))
    }
}

/// serde's compound traits differ only in name and method: sequences and
/// tuples add items, structs add fields; all end the same way.
macro_rules! compound {
    ($($trait:ident :: $method:ident),* ; items) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
    ($($trait:ident),* ; fields) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.entry(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field;
    items
);
compound!(SerializeStruct, SerializeStructVariant; fields);

/// A mapping whose keys come as values (maps, flattened structs): each key
/// is rendered to text first.
struct MapWriter<'a> {
    map: Compound<'a>,
    /// The indent of the key just written.
    indent: usize,
}

impl ser::SerializeMap for MapWriter<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let text = key.serialize(KeyText)?;
        self.indent = self.map.key(&text);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Value {
            w: &mut *self.map.w,
            at: At::MapValue {
                indent: self.indent,
            },
        })
    }
    fn end(self) -> Result<(), Error> {
        self.map.finish()
    }
}

/// Renders a mapping key (a string, number, bool or unit variant) to text.
struct KeyText;

fn not_a_key() -> Error {
    Error("a mapping key must be a string or a number".into())
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    fn serialize_bool(self, v: bool) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_f64(self, v: f64) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Error> {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result<String, Error> {
        Ok("null".into())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Ok("null".into())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Error> {
        Ok("null".into())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, Error> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Error> {
        Err(not_a_key())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_key())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_a_key())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_key())
    }
}

/// Whether `s` can be written as a plain scalar in a value: YAML reads it
/// back as this very string (never as a number, bool, null or date, never
/// cut at a comment or split as `key: value`), on one line.
pub fn is_plain_safe(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    // Blanks at either end are not content; indicators start something
    // else (`-` and `?` only before a blank or alone).
    if first.is_ascii_whitespace() || last.is_ascii_whitespace() || last == b':' {
        return false;
    }
    match b {
        [b'-' | b'?'] | [b'-' | b'?', b' ' | b'\t', ..] => return false,
        [b',' | b':' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>', ..]
        | [b'\'' | b'"' | b'%' | b'@' | b'`', ..] => return false,
        _ => {}
    }
    if (s.starts_with("---") || s.starts_with("..."))
        && b.get(3).is_none_or(u8::is_ascii_whitespace)
    {
        return false;
    }
    if !needs_close_look(b) {
        return !(s.is_ascii() && resolves_to_non_string(s));
    }
    // One pass over the bytes: controls and the characters YAML escapes,
    // `: ` and a `#` after a blank. At or above U+00A0 only a handful of
    // characters matter (the separators, BOM, non-characters, and the
    // Unicode blanks before a `#`), all recognisable by their lead bytes;
    // CJK text costs a comparison or two a character.
    let mut prev_blank = false;
    let mut ascii = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let tail = |k: usize| b.get(i + k).copied().unwrap_or(0);
        let (len, blank) = match c {
            0..=0x1f | 0x7f => return false,
            b':' if tail(1) == b' ' => return false,
            b'#' if prev_blank => return false,
            0..=0x7f => (1, c == b' '),
            // C1 controls and NEL (U+0080–U+009F); NBSP (U+00A0) is blank.
            0xc2 if tail(1) < 0xa0 => return false,
            0xc2 => (2, tail(1) == 0xa0),
            0xc3..=0xdf => (2, false),
            // U+1680 OGHAM SPACE MARK.
            0xe1 => (3, tail(1) == 0x9a && tail(2) == 0x80),
            // U+2028, U+2029 are line breaks to YAML; U+2000–U+200A,
            // U+202F and U+205F are blanks.
            0xe2 if tail(1) == 0x80 && matches!(tail(2), 0xa8 | 0xa9) => return false,
            0xe2 => (
                3,
                (tail(1) == 0x80 && (tail(2) <= 0x8a || tail(2) == 0xaf))
                    || (tail(1) == 0x81 && tail(2) == 0x9f),
            ),
            // U+3000 IDEOGRAPHIC SPACE.
            0xe3 => (3, tail(1) == 0x80 && tail(2) == 0x80),
            // U+FEFF (BOM), U+FFFE and U+FFFF.
            0xef if (tail(1) == 0xbb && tail(2) == 0xbf)
                || (tail(1) == 0xbf && matches!(tail(2), 0xbe | 0xbf)) =>
            {
                return false
            }
            0xe0..=0xef => (3, false),
            _ => (4, false),
        };
        ascii &= c < 0x80;
        prev_blank = blank;
        i += len;
    }
    // The other scalars are all spelt in ASCII.
    !(ascii && resolves_to_non_string(s))
}

/// Whether any byte of `b` could make [`is_plain_safe`]'s close look say
/// no: a control, `: `, any `#` (blanks only matter before one), a C1
/// control, U+2028 or U+2029, or U+FEFF, U+FFFE, U+FFFF (with the rest of
/// U+FFC0–U+FFFF, which share their first two bytes). Most scalars are text
/// with none of these; this pass over each byte and the two after it has
/// no branches or early exit, so that the compiler vectorises it, and
/// spares them the close look.
fn needs_close_look(b: &[u8]) -> bool {
    let suspect = |c: u8, n: u8, m: u8| {
        (c < 0x20)
            | (c == 0x7f)
            | (c == b'#')
            | ((c == b':') & (n == b' '))
            | ((c == 0xc2) & (n < 0xa0))
            | ((c == 0xe2) & (n == 0x80) & ((m == 0xa8) | (m == 0xa9)))
            | ((c == 0xef) & (((n == 0xbb) & (m == 0xbf)) | (n == 0xbf)))
    };
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let tail_start = b.len().saturating_sub(2);
    let mut any = (tail_start..b.len()).any(|i| suspect(b[i], at(i + 1), at(i + 2)));
    let (next, after) = (
        b.get(1..).unwrap_or_default(),
        b.get(2..).unwrap_or_default(),
    );
    for ((&c, &n), &m) in b.iter().zip(next).zip(after) {
        any |= suspect(c, n, m);
    }
    any
}

/// Whether a YAML 1.1 or 1.2 reader resolves the plain scalar `s` to
/// something other than a string: null, a bool, an int or float in any of
/// their spellings (`0x1F`, `1_000`, `1:30` in base 60, `.inf`), a
/// timestamp, or the merge and value keys.
fn resolves_to_non_string(s: &str) -> bool {
    let first = s.as_bytes()[0];
    if !(first.is_ascii_alphanumeric()
        || matches!(first, b'+' | b'-' | b'.' | b'~' | b'<' | b'=' | b'_'))
    {
        return false;
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:",
            r"~|null|Null|NULL|<<|=",
            r"|(?i:y|yes|n|no|true|false|on|off)",
            r"|(?i:[-+]?\.?(?:inf|nan))",
            // Ints: binary, octal, decimal, hex, base 60 (underscores allowed).
            r"|[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+",
            r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?",
            // Floats: 1.5, .5, 1., 1e5, 1.5e-3 (and YAML 1.1's [0-9.]* tails).
            r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9._]*(?:[eE][-+]?[0-9]+)?",
            r"|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+",
            // Timestamps: 2022-07-05, 2022-7-5 12:30:00.5 +08:00.
            r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]*)?[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?)?)?",
            r")$"
        ))
        .expect("built-in regex")
    })
    .is_match(s)
        || (s.contains('_') && is_number_without_underscores(s))
}

/// YAML 1.1 readers (Go's, and serde-saphyr's quoting after them) drop
/// every underscore before reading a number, so `_.` and `_1` read as
/// numbers too and must be quoted.
fn is_number_without_underscores(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let stripped = s.replace('_', "");
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:",
            r"[-+]?0b[01]+|[-+]?0o?[0-7]+|[-+]?[0-9]+|[-+]?0x[0-9a-fA-F]+",
            r"|[-+]?[0-9]*\.[0-9.]*(?:[eE][-+]?[0-9]+)?",
            r"|[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+",
            r")$"
        ))
        .expect("built-in regex")
    })
    .is_match(&stripped)
}

/// Writes `s` double-quoted, with YAML's escapes for what cannot stand
/// for itself there.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    let mut plain_from = 0;
    for (i, c) in s.char_indices() {
        let named = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\0' => "\\0",
            '\u{7}' => "\\a",
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{b}' => "\\v",
            '\u{c}' => "\\f",
            '\r' => "\\r",
            '\u{1b}' => "\\e",
            '\u{85}' => "\\N",
            '\u{2028}' => "\\L",
            '\u{2029}' => "\\P",
            c if c.is_control() || matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}') => "",
            _ => continue,
        };
        out.push_str(&s[plain_from..i]);
        match (named, c as u32) {
            ("", n @ 0..=0xff) => {
                let _ = write!(out, "\\x{n:02X}");
            }
            ("", n) => {
                let _ = write!(out, "\\u{n:04X}");
            }
            (named, _) => out.push_str(named),
        }
        plain_from = i + c.len_utf8();
    }
    out.push_str(&s[plain_from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    /// `is_plain_safe` as the YAML rules read, one character at a time.
    fn plain_safe_by_chars(s: &str) -> bool {
        let Some(first) = s.chars().next() else {
            return false;
        };
        let last = s.chars().last().unwrap();
        if first.is_ascii_whitespace() || last.is_ascii_whitespace() || last == ':' {
            return false;
        }
        let second = s.chars().nth(1);
        if matches!(first, '-' | '?') && second.is_none_or(|c| c == ' ' || c == '\t') {
            return false;
        }
        if ",:[]{}#&*!|>'\"%@`".contains(first) {
            return false;
        }
        if (s.starts_with("---") || s.starts_with("..."))
            && s[3..]
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii_whitespace())
        {
            return false;
        }
        let chars: Vec<char> = s.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c.is_control()
                || matches!(
                    c,
                    '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'
                )
            {
                return false;
            }
            if c == ':' && chars.get(i + 1) == Some(&' ') {
                return false;
            }
            if c == '#' && i > 0 && chars[i - 1].is_whitespace() {
                return false;
            }
        }
        !(s.is_ascii() && resolves_to_non_string(s))
    }

    #[test]
    fn byte_test_agrees_with_the_rules_for_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [
                format!("{c}"),
                format!("a{c}"),
                format!("{c}a"),
                format!("a{c}#"),
                format!("a{c}: b"),
                format!("甲{c}乙"),
            ] {
                assert_eq!(
                    is_plain_safe(&s),
                    plain_safe_by_chars(&s),
                    "{s:?} (U+{:04X})",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn other_scalars_are_quoted_and_text_is_not() {
        for s in [
            "null",
            "~",
            "True",
            "yes",
            "N",
            "off",
            "12",
            "-3",
            "0x1F",
            "0o17",
            "1_000",
            "1:30",
            "1.5",
            ".5",
            "1e5",
            ".inf",
            "-.Inf",
            ".NaN",
            "nan",
            "2022-07-05",
            "2022-7-5 12:30:00",
            "<<",
            "=",
            "- a",
            "-",
            "? a",
            "a: b",
            "a #b",
            "#a",
            "---",
            "...",
            " a",
            "a ",
            "a:",
            "'a'",
            "\"a\"",
            "a\u{2028}b",
            "a\u{85}b",
            "\u{FEFF}a",
            "a\tb",
            "",
            // YAML 1.1 readers drop underscores before reading a number.
            "_.",
            "_1",
            "-_.5",
        ] {
            assert!(!is_plain_safe(s), "{s:?} must be quoted");
        }
        for s in [
            "本报讯",
            "1298户 = 1298 户",
            "7:67",
            "57b5c0a3dca09090",
            "p01.txt:3-33",
            "-a",
            "a:b",
            "a#b",
            "C#",
            "100%",
            "■ 本报记者",
            "Feb. 16, 1824",
            "-.-",
            "no.",
            "yes!",
            "_a",
            "n_o",
        ] {
            assert!(is_plain_safe(s), "{s:?} can be plain");
            // As serde-saphyr, whose bytes the writer gives, writes it.
            assert_eq!(serde_saphyr::to_string(&s).unwrap().trim_end(), s);
        }
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Sample {
        name: String,
        empty: Vec<String>,
        items: Vec<Item>,
        nested: Vec<Vec<u32>>,
        map: BTreeMap<String, u32>,
        empty_map: BTreeMap<String, u32>,
        ratio: f64,
        whole: f64,
        missing: Option<String>,
        kind: Kind2,
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Item {
        id: u32,
        text: String,
        tags: Vec<String>,
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind2 {
        Text,
    }

    #[test]
    fn layout_reads_back_and_looks_like_block_yaml() {
        let sample = Sample {
            name: "聊城日报".into(),
            empty: vec![],
            items: vec![
                Item {
                    id: 1,
                    text: "a: b".into(),
                    tags: vec!["x".into(), "null".into()],
                },
                Item {
                    id: 2,
                    text: "line\nbreak \"quoted\" \\".into(),
                    tags: vec![],
                },
            ],
            nested: vec![vec![1, 2], vec![]],
            map: [("char.lookalike".to_string(), 1), ("1".to_string(), 2)].into(),
            empty_map: BTreeMap::new(),
            ratio: 0.0208,
            whole: 1.0,
            missing: None,
            kind: Kind2::Text,
        };
        let text = to_string(&sample).unwrap();
        assert_eq!(
            text,
            "name: 聊城日报\nempty: []\nitems:\n- id: 1\n  text: \"a: b\"\n  tags:\n  - x\n  - \"null\"\n\
             - id: 2\n  text: \"line\\nbreak \\\"quoted\\\" \\\\\"\n  tags: []\nnested:\n- - 1\n  - 2\n- []\n\
             map:\n  \"1\": 2\n  char.lookalike: 1\nempty_map: {}\nratio: 0.0208\nwhole: 1.0\nmissing: null\n\
             kind: text\n"
        );
        let back: Sample = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(back, sample);
    }
}
