//! Fonts: how a PDF string's bytes become characters and advances.
//!
//! Simple fonts (Type1, TrueType, Type3, MMType1): one byte a code, text from ToUnicode, else
//! `/Encoding` (WinAnsi, MacRoman, Standard, `/Differences` glyph names), symbol fonts
//! (Wingdings checkboxes become ☑ / ☐). Type0 fonts: codes split by the encoding CMap
//! (predefined or embedded), text from ToUnicode, else the predefined CMap's own charset
//! (UCS-2, UTF-16, GBK …), else the CID through the bundled Adobe collection table. A code
//! none of these maps is *unmappable*: it yields no text, and is counted.

use std::collections::HashMap;

use lopdf::{Dictionary, Document as PdfDoc, Object};

use super::cmap::{self, EncodingCMap, Predefined, ToUnicode};
use crate::glyphs;
use model::{CHECKED, UNCHECKED};

/// What one code of a string shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GlyphText {
    /// One character (the common case).
    Char(char),
    /// Several characters (ligatures, ToUnicode sequences).
    Str(Box<str>),
    /// Nothing worth showing (a symbol-font ornament, a control code).
    Nothing,
    /// A glyph whose text cannot be known.
    Unmapped,
}

/// One decoded code.
pub(crate) struct Decoded {
    pub(crate) text: GlyphText,
    /// Horizontal advance in text space units per unit of font size (width / 1000).
    pub(crate) width: f32,
    /// True for a single-byte code 32 (word spacing applies).
    pub(crate) is_space: bool,
}

pub(crate) struct Font {
    kind: Kind,
    pub(crate) vertical: bool,
}

#[allow(clippy::large_enum_variant)]
enum Kind {
    Simple {
        text: Box<[GlyphText; 256]>,
        widths: Box<[f32; 256]>,
    },
    Cid {
        split: Split,
        to_unicode: Option<ToUnicode>,
        predefined: Option<Predefined>,
        embedded: Option<EncodingCMap>,
        table: Option<&'static cmap::CidTable>,
        widths: HashMap<u32, f32>,
        width_ranges: Vec<(u32, u32, f32)>,
        dw: f32,
        /// From the embedded TrueType's cmap: glyph id → character, and CID → glyph id.
        glyph_map: Option<GlyphMap>,
    },
}

/// Glyph id → character (from the embedded font's cmap) and CID → glyph id (`None`: identity).
type GlyphMap = (HashMap<u16, char>, Option<Vec<u16>>);

enum Split {
    Predefined(Predefined),
    Space(Vec<(Vec<u8>, Vec<u8>)>),
}

pub(crate) fn deref<'a>(doc: &'a PdfDoc, o: &'a Object) -> &'a Object {
    let mut o = o;
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(x) => o = x,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

pub(crate) fn get<'a>(doc: &'a PdfDoc, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o)).filter(|o| !matches!(o, Object::Null))
}

pub(crate) fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn stream_bytes(doc: &PdfDoc, o: &Object, max: usize) -> Option<Vec<u8>> {
    match deref(doc, o) {
        Object::Stream(s) => super::stream_data(s, max),
        _ => None,
    }
}

impl Font {
    /// Builds a font from its dictionary; never fails (an unreadable font maps nothing).
    pub(crate) fn load(doc: &PdfDoc, d: &Dictionary, max_stream: usize) -> Font {
        let subtype = get(doc, d, b"Subtype").and_then(|o| o.as_name().ok()).unwrap_or(b"");
        let to_unicode = get(doc, d, b"ToUnicode")
            .and_then(|o| stream_bytes(doc, o, max_stream))
            .map(|b| ToUnicode::parse(&b))
            .filter(|m| !m.is_empty());
        if subtype == b"Type0" {
            return Font::load_type0(doc, d, to_unicode, max_stream);
        }
        let base = get(doc, d, b"BaseFont").and_then(|o| o.as_name().ok()).unwrap_or(b"");
        let base_name = String::from_utf8_lossy(base);
        let plain = base_name.split_once('+').map(|(_, n)| n).unwrap_or(&base_name).to_string();
        let symbol_font = glyphs::is_symbol_font(&plain.replace(['-', ','], " "))
            || plain.to_ascii_lowercase().starts_with("wingdings");
        let flags = get(doc, d, b"FontDescriptor")
            .and_then(|o| o.as_dict().ok())
            .and_then(|fd| get(doc, fd, b"Flags"))
            .and_then(num)
            .unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;

        // Base table.
        let mut names: [Option<char>; 256] = [None; 256];
        let enc = get(doc, d, b"Encoding");
        let (base_enc, diffs): (Option<&[u8]>, Option<&Vec<Object>>) = match enc {
            Some(Object::Name(n)) => (Some(n.as_slice()), None),
            Some(Object::Dictionary(ed)) => (
                get(doc, ed, b"BaseEncoding").and_then(|o| o.as_name().ok()),
                get(doc, ed, b"Differences").and_then(|o| o.as_array().ok()),
            ),
            _ => (None, None),
        };
        let default_enc: &[u8] =
            if subtype == b"TrueType" || symbolic { b"WinAnsiEncoding" } else { b"StandardEncoding" };
        let base_enc = base_enc.unwrap_or(default_enc);
        for (code, slot) in names.iter_mut().enumerate() {
            *slot = base_char(base_enc, code as u8);
        }
        let mut named = [false; 256];
        if let Some(diffs) = diffs {
            let mut code = 0usize;
            for o in diffs.iter().take(4096) {
                match deref(doc, o) {
                    Object::Integer(i) => code = (*i).clamp(0, 256) as usize,
                    Object::Name(n) => {
                        if code < 256 {
                            names[code] = glyph_name_to_unicode(n);
                            named[code] = true;
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        let mut text: Box<[GlyphText; 256]> = Box::new(std::array::from_fn(|_| GlyphText::Unmapped));
        for code in 0..256u32 {
            let from_tu = to_unicode.as_ref().and_then(|m| m.get(code));
            let t = if symbol_font {
                // Symbol fonts: checkbox glyphs become ☑ / ☐, other ornaments nothing.
                let via_pua = from_tu.as_ref().and_then(|s| s.chars().next()).and_then(glyphs::private_use_state);
                let state = via_pua.or_else(|| glyphs::symbol_font_state(&plain.replace('-', " "), code));
                match state {
                    Some(true) => GlyphText::Char(CHECKED),
                    Some(false) => GlyphText::Char(UNCHECKED),
                    None if code == 32 => GlyphText::Char(' '),
                    None => GlyphText::Nothing,
                }
            } else if let Some(s) = from_tu {
                text_of(&s)
            } else {
                match names[code as usize] {
                    Some(c) => text_of_char(c),
                    None if named[code as usize] => GlyphText::Unmapped,
                    None if code < 32 => GlyphText::Nothing,
                    None => GlyphText::Unmapped,
                }
            };
            text[code as usize] = t;
        }

        // Widths.
        let mut widths = Box::new([0.0f32; 256]);
        let first = get(doc, d, b"FirstChar").and_then(num).unwrap_or(0.0).max(0.0) as usize;
        let missing = get(doc, d, b"FontDescriptor")
            .and_then(|o| o.as_dict().ok())
            .and_then(|fd| get(doc, fd, b"MissingWidth"))
            .and_then(num);
        let mut scale = 0.001f32;
        if subtype == b"Type3" {
            if let Some(m) = get(doc, d, b"FontMatrix").and_then(|o| o.as_array().ok()) {
                if let Some(a) = m.first().and_then(num) {
                    scale = a.abs();
                }
            }
        }
        match get(doc, d, b"Widths").and_then(|o| o.as_array().ok()) {
            Some(ws) => {
                let fallback = missing.unwrap_or(0.0) * scale;
                widths.iter_mut().for_each(|w| *w = fallback);
                for (i, w) in ws.iter().enumerate() {
                    if first.saturating_add(i) < 256 {
                        widths[first + i] = deref(doc, w).as_float().map(|v| v * scale).unwrap_or(fallback);
                    }
                }
            }
            None => {
                // Standard 14 fonts without widths: an average Latin advance.
                let mono = plain.to_ascii_lowercase().contains("courier");
                for (c, w) in widths.iter_mut().enumerate() {
                    *w = if mono {
                        0.6
                    } else if c == 32 {
                        0.25
                    } else if (c as u8).is_ascii_uppercase() || c == b'm' as usize || c == b'w' as usize {
                        0.68
                    } else if b"ijlt.,;:'!|".contains(&(c as u8)) {
                        0.28
                    } else {
                        0.52
                    };
                }
            }
        }
        Font { kind: Kind::Simple { text, widths }, vertical: false }
    }

    fn load_type0(doc: &PdfDoc, d: &Dictionary, to_unicode: Option<ToUnicode>, max_stream: usize) -> Font {
        let mut vertical = false;
        let mut predefined = None;
        let mut embedded = None;
        match get(doc, d, b"Encoding") {
            Some(Object::Name(n)) => {
                if let Some((p, v)) = Predefined::by_name(n) {
                    predefined = Some(p);
                    vertical = v;
                }
            }
            Some(o @ Object::Stream(_)) => {
                if let Some(b) = stream_bytes(doc, o, max_stream) {
                    let e = EncodingCMap::parse(&b);
                    vertical = e.vertical;
                    if let Some((p, v)) = e.usecmap.as_deref().and_then(Predefined::by_name) {
                        predefined = Some(p);
                        vertical |= v;
                    }
                    embedded = Some(e);
                }
            }
            _ => {}
        }
        let desc = get(doc, d, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let ordering = desc
            .and_then(|df| get(doc, df, b"CIDSystemInfo"))
            .and_then(|o| o.as_dict().ok())
            .and_then(|si| get(doc, si, b"Ordering"))
            .and_then(|o| o.as_str().ok().or_else(|| o.as_name().ok()))
            .map(|s| s.to_vec());
        let table = ordering
            .as_deref()
            .and_then(cmap::cid_table)
            .or_else(|| predefined.and_then(cmap::ordering_of_cmap).and_then(cmap::cid_table));
        let dw = desc.and_then(|df| get(doc, df, b"DW")).and_then(num).unwrap_or(1000.0) / 1000.0;
        let mut widths = HashMap::new();
        let mut width_ranges = Vec::new();
        if let Some(w) = desc.and_then(|df| get(doc, df, b"W")).and_then(|o| o.as_array().ok()) {
            let mut i = 0;
            while i < w.len() && widths.len() < 100_000 {
                let a = deref(doc, &w[i]);
                let Some(first) = num(a) else {
                    i += 1;
                    continue;
                };
                match w.get(i + 1).map(|o| deref(doc, o)) {
                    Some(Object::Array(ws)) => {
                        for (k, v) in ws.iter().enumerate() {
                            if let Some(v) = num(deref(doc, v)) {
                                widths.insert((first as u32).saturating_add(k as u32), v / 1000.0);
                            }
                        }
                        i += 2;
                    }
                    Some(o) => {
                        if let (Some(last), Some(v)) = (num(o), w.get(i + 2).map(|o| deref(doc, o)).and_then(num)) {
                            width_ranges.push((first as u32, last as u32, v / 1000.0));
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        let split = match (&embedded, predefined) {
            (Some(e), _) if !e.codespace.is_empty() => Split::Space(e.codespace.clone()),
            (_, Some(p)) => Split::Predefined(p),
            _ => match &to_unicode {
                Some(tu) if !tu.codespace.is_empty() && embedded.is_none() && predefined.is_none() => {
                    Split::Space(tu.codespace.clone())
                }
                _ => Split::Predefined(Predefined::Identity),
            },
        };
        let predefined = predefined.or(if embedded.is_none() { Some(Predefined::Identity) } else { None });
        let glyph_map = if to_unicode.is_none() && table.is_none() {
            desc.and_then(|df| glyph_map(doc, df, max_stream))
        } else {
            None
        };
        Font {
            kind: Kind::Cid { split, to_unicode, predefined, embedded, table, widths, width_ranges, dw, glyph_map },
            vertical,
        }
    }

    /// Decodes a string's bytes into codes with their text and advance.
    pub(crate) fn decode(&self, bytes: &[u8], out: &mut Vec<Decoded>, scratch: &mut Vec<(u32, usize)>) {
        match &self.kind {
            Kind::Simple { text, widths } => {
                for &b in bytes {
                    out.push(Decoded { text: text[b as usize].clone(), width: widths[b as usize], is_space: b == 32 });
                }
            }
            Kind::Cid { split, to_unicode, predefined, embedded, table, widths, width_ranges, dw, glyph_map } => {
                scratch.clear();
                match split {
                    Split::Predefined(p) => p.split(bytes, scratch),
                    Split::Space(s) => cmap::split_codespace(s, bytes, scratch),
                }
                for &(code, len) in scratch.iter() {
                    let cid = match embedded {
                        Some(e) => e.cid(code),
                        None if *predefined == Some(Predefined::Identity) => Some(code),
                        None => None,
                    };
                    let text = to_unicode
                        .as_ref()
                        .and_then(|m| m.get(code))
                        .map(|s| text_of(&s))
                        .or_else(|| predefined.and_then(|p| p.decode(code, len)).map(|s| text_of(&s)))
                        .or_else(|| cid.and_then(|c| table.and_then(|t| t.get(c))).map(text_of_char))
                        .or_else(|| {
                            let (g2u, c2g) = glyph_map.as_ref()?;
                            let cid = cid?;
                            let gid = match c2g {
                                Some(m) => *m.get(cid as usize)?,
                                None => u16::try_from(cid).ok()?,
                            };
                            g2u.get(&gid).copied().map(text_of_char)
                        })
                        .unwrap_or(GlyphText::Unmapped);
                    let width = match cid {
                        Some(c) => widths
                            .get(&c)
                            .copied()
                            .or_else(|| width_ranges.iter().find(|(a, b, _)| c >= *a && c <= *b).map(|r| r.2))
                            .unwrap_or(*dw),
                        None if len == 1 => 0.5,
                        None => *dw,
                    };
                    out.push(Decoded { text, width, is_space: len == 1 && code == 32 });
                }
            }
        }
    }
}

/// The embedded TrueType program's cmap (inverted) and the CIDToGIDMap of a CIDFontType2.
fn glyph_map(doc: &PdfDoc, df: &Dictionary, max: usize) -> Option<GlyphMap> {
    let ff =
        get(doc, df, b"FontDescriptor").and_then(|o| o.as_dict().ok()).and_then(|fd| get(doc, fd, b"FontFile2"))?;
    let program = stream_bytes(doc, ff, max)?;
    let g2u = super::truetype::glyph_to_unicode(&program);
    if g2u.is_empty() {
        return None;
    }
    let c2g = match get(doc, df, b"CIDToGIDMap") {
        Some(o @ Object::Stream(_)) => {
            let b = stream_bytes(doc, o, max)?;
            Some(b.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect())
        }
        _ => None,
    };
    Some((g2u, c2g))
}

/// A PDF text string (UTF-16BE with a byte-order mark, or PDFDocEncoding ≈ Latin-1) as the
/// text of one glyph run; checkbox private-use characters become ☑ / ☐.
pub(crate) fn text_string(b: &[u8]) -> GlyphText {
    let s = if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    };
    if s.is_empty() {
        GlyphText::Nothing
    } else {
        text_of(&s)
    }
}

fn text_of(s: &str) -> GlyphText {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (None, _) => GlyphText::Unmapped,
        (Some(c), None) => text_of_char(c),
        _ => {
            if s.chars().all(|c| c.is_control()) {
                GlyphText::Nothing
            } else {
                GlyphText::Str(s.into())
            }
        }
    }
}

fn text_of_char(c: char) -> GlyphText {
    match c {
        '\u{FFFD}' => GlyphText::Unmapped,
        '\t' | '\n' | '\r' | '\u{a0}' | '\u{3000}' => GlyphText::Char(' '),
        '\u{ad}' => GlyphText::Char('-'),
        c if c.is_control() => GlyphText::Nothing,
        c @ ('\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}') => {
            let u = c as u32 as u16;
            match CJK_COMPAT.binary_search_by_key(&u, |p| p.0) {
                Ok(i) => GlyphText::Char(char::from_u32(CJK_COMPAT[i].1 as u32).unwrap_or(c)),
                Err(_) => GlyphText::Char(c),
            }
        }
        c => match glyphs::private_use_state(c) {
            Some(true) => GlyphText::Char(CHECKED),
            Some(false) => GlyphText::Char(UNCHECKED),
            None => GlyphText::Char(c),
        },
    }
}

/// The character of a byte in a base encoding.
fn base_char(enc: &[u8], b: u8) -> Option<char> {
    if b < 32 {
        return None;
    }
    match enc {
        b"MacRomanEncoding" => {
            if b < 128 {
                Some(b as char)
            } else {
                encoding_rs::MACINTOSH
                    .decode_without_bom_handling_and_without_replacement(&[b])
                    .and_then(|s| s.chars().next())
            }
        }
        b"StandardEncoding" => match b {
            0x27 => Some('’'),
            0x60 => Some('‘'),
            0x20..=0x7E => Some(b as char),
            _ => STANDARD_HIGH.iter().find(|(c, _)| *c == b).map(|(_, ch)| *ch),
        },
        _ => {
            if b == 0x7F {
                None
            } else {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling_and_without_replacement(&[b])
                    .and_then(|s| s.chars().next())
                    .filter(|c| !c.is_control())
            }
        }
    }
}

const STANDARD_HIGH: &[(u8, char)] = &[
    (0xA1, '¡'),
    (0xA2, '¢'),
    (0xA3, '£'),
    (0xA4, '⁄'),
    (0xA5, '¥'),
    (0xA6, 'ƒ'),
    (0xA7, '§'),
    (0xA8, '¤'),
    (0xA9, '\''),
    (0xAA, '“'),
    (0xAB, '«'),
    (0xAC, '‹'),
    (0xAD, '›'),
    (0xAE, 'ﬁ'),
    (0xAF, 'ﬂ'),
    (0xB1, '–'),
    (0xB2, '†'),
    (0xB3, '‡'),
    (0xB4, '·'),
    (0xB6, '¶'),
    (0xB7, '•'),
    (0xB8, '‚'),
    (0xB9, '„'),
    (0xBA, '”'),
    (0xBB, '»'),
    (0xBC, '…'),
    (0xBD, '‰'),
    (0xBF, '¿'),
    (0xC1, '`'),
    (0xC2, '´'),
    (0xC3, 'ˆ'),
    (0xC4, '˜'),
    (0xC5, '¯'),
    (0xC6, '˘'),
    (0xC7, '˙'),
    (0xC8, '¨'),
    (0xCA, '˚'),
    (0xCB, '¸'),
    (0xCD, '˝'),
    (0xCE, '˛'),
    (0xCF, 'ˇ'),
    (0xD0, '—'),
    (0xE1, 'Æ'),
    (0xE3, 'ª'),
    (0xE8, 'Ł'),
    (0xE9, 'Ø'),
    (0xEA, 'Œ'),
    (0xEB, 'º'),
    (0xF1, 'æ'),
    (0xF5, 'ı'),
    (0xF8, 'ł'),
    (0xF9, 'ø'),
    (0xFA, 'œ'),
    (0xFB, 'ß'),
];

/// Glyph names of the Adobe Glyph List that Latin fonts use, beyond single letters.
const NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("exclam", '!'),
    ("quotedbl", '"'),
    ("numbersign", '#'),
    ("dollar", '$'),
    ("percent", '%'),
    ("ampersand", '&'),
    ("quotesingle", '\''),
    ("parenleft", '('),
    ("parenright", ')'),
    ("asterisk", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("hyphen", '-'),
    ("period", '.'),
    ("slash", '/'),
    ("zero", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
    ("colon", ':'),
    ("semicolon", ';'),
    ("less", '<'),
    ("equal", '='),
    ("greater", '>'),
    ("question", '?'),
    ("at", '@'),
    ("bracketleft", '['),
    ("backslash", '\\'),
    ("bracketright", ']'),
    ("asciicircum", '^'),
    ("underscore", '_'),
    ("grave", '`'),
    ("braceleft", '{'),
    ("bar", '|'),
    ("braceright", '}'),
    ("asciitilde", '~'),
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("quotesinglbase", '‚'),
    ("quotedblbase", '„'),
    ("bullet", '•'),
    ("endash", '–'),
    ("emdash", '—'),
    ("ellipsis", '…'),
    ("dagger", '†'),
    ("daggerdbl", '‡'),
    ("perthousand", '‰'),
    ("guilsinglleft", '‹'),
    ("guilsinglright", '›'),
    ("guillemotleft", '«'),
    ("guillemotright", '»'),
    ("fi", 'ﬁ'),
    ("fl", 'ﬂ'),
    ("ff", 'ﬀ'),
    ("ffi", 'ﬃ'),
    ("ffl", 'ﬄ'),
    ("florin", 'ƒ'),
    ("fraction", '⁄'),
    ("Euro", '€'),
    ("trademark", '™'),
    ("copyright", '©'),
    ("registered", '®'),
    ("degree", '°'),
    ("plusminus", '±'),
    ("multiply", '×'),
    ("divide", '÷'),
    ("minus", '−'),
    ("section", '§'),
    ("paragraph", '¶'),
    ("periodcentered", '·'),
    ("middot", '·'),
    ("exclamdown", '¡'),
    ("questiondown", '¿'),
    ("cent", '¢'),
    ("sterling", '£'),
    ("currency", '¤'),
    ("yen", '¥'),
    ("brokenbar", '¦'),
    ("dieresis", '¨'),
    ("ordfeminine", 'ª'),
    ("ordmasculine", 'º'),
    ("logicalnot", '¬'),
    ("macron", '¯'),
    ("acute", '´'),
    ("mu", 'µ'),
    ("cedilla", '¸'),
    ("onesuperior", '¹'),
    ("twosuperior", '²'),
    ("threesuperior", '³'),
    ("onequarter", '¼'),
    ("onehalf", '½'),
    ("threequarters", '¾'),
    ("AE", 'Æ'),
    ("ae", 'æ'),
    ("OE", 'Œ'),
    ("oe", 'œ'),
    ("Oslash", 'Ø'),
    ("oslash", 'ø'),
    ("germandbls", 'ß'),
    ("Eth", 'Ð'),
    ("eth", 'ð'),
    ("Thorn", 'Þ'),
    ("thorn", 'þ'),
    ("dotlessi", 'ı'),
    ("Lslash", 'Ł'),
    ("lslash", 'ł'),
    ("circumflex", 'ˆ'),
    ("tilde", '˜'),
    ("caron", 'ˇ'),
    ("breve", '˘'),
    ("dotaccent", '˙'),
    ("ring", '˚'),
    ("ogonek", '˛'),
    ("hungarumlaut", '˝'),
    ("nbspace", ' '),
    ("sfthyphen", '-'),
    ("uni00A0", ' '),
    ("check", '✓'),
    ("checkbox", '☐'),
    ("a20", '☑'),
];

/// The Unicode character of a glyph name: AGL names, `uniXXXX`, `uXXXX[XX]`, accented Latin
/// letters by composition; `None` for names that say nothing (`g123`, `cid45`, `glyph7` …).
pub(crate) fn glyph_name_to_unicode(name: &[u8]) -> Option<char> {
    let n = std::str::from_utf8(name).ok()?;
    let n = n.split('.').next().unwrap_or(n);
    if n.len() == 1 {
        let c = n.chars().next()?;
        return c.is_ascii_alphabetic().then_some(c);
    }
    if let Some(&(_, c)) = NAMES.iter().find(|(k, _)| *k == n) {
        return Some(c);
    }
    if let Some(h) = n.strip_prefix("uni") {
        if h.len() >= 4 {
            // `get`: a name's bytes past `uni` need not be ASCII (`uni…` took the reader down).
            return h.get(..4).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
        }
    }
    if let Some(h) = n.strip_prefix('u') {
        if (4..=6).contains(&h.len()) {
            return u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
        }
    }
    // Accented letters: base letter + accent name (Aacute, ccedilla, Ydieresis …).
    const ACCENTS: &[(&str, char)] = &[
        ("acute", '\u{301}'),
        ("grave", '\u{300}'),
        ("circumflex", '\u{302}'),
        ("dieresis", '\u{308}'),
        ("tilde", '\u{303}'),
        ("ring", '\u{30A}'),
        ("cedilla", '\u{327}'),
        ("caron", '\u{30C}'),
    ];
    let mut cs = n.chars();
    let base = cs.next()?;
    let rest = cs.as_str();
    if base.is_ascii_alphabetic() {
        if let Some((_, _)) = ACCENTS.iter().find(|(a, _)| *a == rest) {
            let composed = compose(base, rest);
            if composed.is_some() {
                return composed;
            }
            return Some(base);
        }
    }
    None
}

fn compose(base: char, accent: &str) -> Option<char> {
    const T: &[(&str, &str, &str)] = &[
        ("acute", "AEIOUYaeiouy", "ÁÉÍÓÚÝáéíóúý"),
        ("grave", "AEIOUaeiou", "ÀÈÌÒÙàèìòù"),
        ("circumflex", "AEIOUaeiou", "ÂÊÎÔÛâêîôû"),
        ("dieresis", "AEIOUYaeiouy", "ÄËÏÖÜŸäëïöüÿ"),
        ("tilde", "ANOano", "ÃÑÕãñõ"),
        ("ring", "AaUu", "ÅåŮů"),
        ("cedilla", "Cc", "Çç"),
        ("caron", "SZszCcEeRrNn", "ŠŽšžČčĚěŘřŇň"),
    ];
    let (_, from, to) = T.iter().find(|(a, _, _)| *a == accent)?;
    let i = from.chars().position(|c| c == base)?;
    to.chars().nth(i)
}

/// Kangxi radicals, CJK radical supplement and compatibility ideographs → unified ideographs
/// (their NFKC forms), as pdftotext shows them.
const CJK_COMPAT: &[(u16, u16)] = &[
    (0x2E9F, 0x6BCD),
    (0x2EF3, 0x9F9F),
    (0x2F00, 0x4E00),
    (0x2F01, 0x4E28),
    (0x2F02, 0x4E36),
    (0x2F03, 0x4E3F),
    (0x2F04, 0x4E59),
    (0x2F05, 0x4E85),
    (0x2F06, 0x4E8C),
    (0x2F07, 0x4EA0),
    (0x2F08, 0x4EBA),
    (0x2F09, 0x513F),
    (0x2F0A, 0x5165),
    (0x2F0B, 0x516B),
    (0x2F0C, 0x5182),
    (0x2F0D, 0x5196),
    (0x2F0E, 0x51AB),
    (0x2F0F, 0x51E0),
    (0x2F10, 0x51F5),
    (0x2F11, 0x5200),
    (0x2F12, 0x529B),
    (0x2F13, 0x52F9),
    (0x2F14, 0x5315),
    (0x2F15, 0x531A),
    (0x2F16, 0x5338),
    (0x2F17, 0x5341),
    (0x2F18, 0x535C),
    (0x2F19, 0x5369),
    (0x2F1A, 0x5382),
    (0x2F1B, 0x53B6),
    (0x2F1C, 0x53C8),
    (0x2F1D, 0x53E3),
    (0x2F1E, 0x56D7),
    (0x2F1F, 0x571F),
    (0x2F20, 0x58EB),
    (0x2F21, 0x5902),
    (0x2F22, 0x590A),
    (0x2F23, 0x5915),
    (0x2F24, 0x5927),
    (0x2F25, 0x5973),
    (0x2F26, 0x5B50),
    (0x2F27, 0x5B80),
    (0x2F28, 0x5BF8),
    (0x2F29, 0x5C0F),
    (0x2F2A, 0x5C22),
    (0x2F2B, 0x5C38),
    (0x2F2C, 0x5C6E),
    (0x2F2D, 0x5C71),
    (0x2F2E, 0x5DDB),
    (0x2F2F, 0x5DE5),
    (0x2F30, 0x5DF1),
    (0x2F31, 0x5DFE),
    (0x2F32, 0x5E72),
    (0x2F33, 0x5E7A),
    (0x2F34, 0x5E7F),
    (0x2F35, 0x5EF4),
    (0x2F36, 0x5EFE),
    (0x2F37, 0x5F0B),
    (0x2F38, 0x5F13),
    (0x2F39, 0x5F50),
    (0x2F3A, 0x5F61),
    (0x2F3B, 0x5F73),
    (0x2F3C, 0x5FC3),
    (0x2F3D, 0x6208),
    (0x2F3E, 0x6236),
    (0x2F3F, 0x624B),
    (0x2F40, 0x652F),
    (0x2F41, 0x6534),
    (0x2F42, 0x6587),
    (0x2F43, 0x6597),
    (0x2F44, 0x65A4),
    (0x2F45, 0x65B9),
    (0x2F46, 0x65E0),
    (0x2F47, 0x65E5),
    (0x2F48, 0x66F0),
    (0x2F49, 0x6708),
    (0x2F4A, 0x6728),
    (0x2F4B, 0x6B20),
    (0x2F4C, 0x6B62),
    (0x2F4D, 0x6B79),
    (0x2F4E, 0x6BB3),
    (0x2F4F, 0x6BCB),
    (0x2F50, 0x6BD4),
    (0x2F51, 0x6BDB),
    (0x2F52, 0x6C0F),
    (0x2F53, 0x6C14),
    (0x2F54, 0x6C34),
    (0x2F55, 0x706B),
    (0x2F56, 0x722A),
    (0x2F57, 0x7236),
    (0x2F58, 0x723B),
    (0x2F59, 0x723F),
    (0x2F5A, 0x7247),
    (0x2F5B, 0x7259),
    (0x2F5C, 0x725B),
    (0x2F5D, 0x72AC),
    (0x2F5E, 0x7384),
    (0x2F5F, 0x7389),
    (0x2F60, 0x74DC),
    (0x2F61, 0x74E6),
    (0x2F62, 0x7518),
    (0x2F63, 0x751F),
    (0x2F64, 0x7528),
    (0x2F65, 0x7530),
    (0x2F66, 0x758B),
    (0x2F67, 0x7592),
    (0x2F68, 0x7676),
    (0x2F69, 0x767D),
    (0x2F6A, 0x76AE),
    (0x2F6B, 0x76BF),
    (0x2F6C, 0x76EE),
    (0x2F6D, 0x77DB),
    (0x2F6E, 0x77E2),
    (0x2F6F, 0x77F3),
    (0x2F70, 0x793A),
    (0x2F71, 0x79B8),
    (0x2F72, 0x79BE),
    (0x2F73, 0x7A74),
    (0x2F74, 0x7ACB),
    (0x2F75, 0x7AF9),
    (0x2F76, 0x7C73),
    (0x2F77, 0x7CF8),
    (0x2F78, 0x7F36),
    (0x2F79, 0x7F51),
    (0x2F7A, 0x7F8A),
    (0x2F7B, 0x7FBD),
    (0x2F7C, 0x8001),
    (0x2F7D, 0x800C),
    (0x2F7E, 0x8012),
    (0x2F7F, 0x8033),
    (0x2F80, 0x807F),
    (0x2F81, 0x8089),
    (0x2F82, 0x81E3),
    (0x2F83, 0x81EA),
    (0x2F84, 0x81F3),
    (0x2F85, 0x81FC),
    (0x2F86, 0x820C),
    (0x2F87, 0x821B),
    (0x2F88, 0x821F),
    (0x2F89, 0x826E),
    (0x2F8A, 0x8272),
    (0x2F8B, 0x8278),
    (0x2F8C, 0x864D),
    (0x2F8D, 0x866B),
    (0x2F8E, 0x8840),
    (0x2F8F, 0x884C),
    (0x2F90, 0x8863),
    (0x2F91, 0x897E),
    (0x2F92, 0x898B),
    (0x2F93, 0x89D2),
    (0x2F94, 0x8A00),
    (0x2F95, 0x8C37),
    (0x2F96, 0x8C46),
    (0x2F97, 0x8C55),
    (0x2F98, 0x8C78),
    (0x2F99, 0x8C9D),
    (0x2F9A, 0x8D64),
    (0x2F9B, 0x8D70),
    (0x2F9C, 0x8DB3),
    (0x2F9D, 0x8EAB),
    (0x2F9E, 0x8ECA),
    (0x2F9F, 0x8F9B),
    (0x2FA0, 0x8FB0),
    (0x2FA1, 0x8FB5),
    (0x2FA2, 0x9091),
    (0x2FA3, 0x9149),
    (0x2FA4, 0x91C6),
    (0x2FA5, 0x91CC),
    (0x2FA6, 0x91D1),
    (0x2FA7, 0x9577),
    (0x2FA8, 0x9580),
    (0x2FA9, 0x961C),
    (0x2FAA, 0x96B6),
    (0x2FAB, 0x96B9),
    (0x2FAC, 0x96E8),
    (0x2FAD, 0x9751),
    (0x2FAE, 0x975E),
    (0x2FAF, 0x9762),
    (0x2FB0, 0x9769),
    (0x2FB1, 0x97CB),
    (0x2FB2, 0x97ED),
    (0x2FB3, 0x97F3),
    (0x2FB4, 0x9801),
    (0x2FB5, 0x98A8),
    (0x2FB6, 0x98DB),
    (0x2FB7, 0x98DF),
    (0x2FB8, 0x9996),
    (0x2FB9, 0x9999),
    (0x2FBA, 0x99AC),
    (0x2FBB, 0x9AA8),
    (0x2FBC, 0x9AD8),
    (0x2FBD, 0x9ADF),
    (0x2FBE, 0x9B25),
    (0x2FBF, 0x9B2F),
    (0x2FC0, 0x9B32),
    (0x2FC1, 0x9B3C),
    (0x2FC2, 0x9B5A),
    (0x2FC3, 0x9CE5),
    (0x2FC4, 0x9E75),
    (0x2FC5, 0x9E7F),
    (0x2FC6, 0x9EA5),
    (0x2FC7, 0x9EBB),
    (0x2FC8, 0x9EC3),
    (0x2FC9, 0x9ECD),
    (0x2FCA, 0x9ED1),
    (0x2FCB, 0x9EF9),
    (0x2FCC, 0x9EFD),
    (0x2FCD, 0x9F0E),
    (0x2FCE, 0x9F13),
    (0x2FCF, 0x9F20),
    (0x2FD0, 0x9F3B),
    (0x2FD1, 0x9F4A),
    (0x2FD2, 0x9F52),
    (0x2FD3, 0x9F8D),
    (0x2FD4, 0x9F9C),
    (0x2FD5, 0x9FA0),
    (0xF900, 0x8C48),
    (0xF901, 0x66F4),
    (0xF902, 0x8ECA),
    (0xF903, 0x8CC8),
    (0xF904, 0x6ED1),
    (0xF905, 0x4E32),
    (0xF906, 0x53E5),
    (0xF907, 0x9F9C),
    (0xF908, 0x9F9C),
    (0xF909, 0x5951),
    (0xF90A, 0x91D1),
    (0xF90B, 0x5587),
    (0xF90C, 0x5948),
    (0xF90D, 0x61F6),
    (0xF90E, 0x7669),
    (0xF90F, 0x7F85),
    (0xF910, 0x863F),
    (0xF911, 0x87BA),
    (0xF912, 0x88F8),
    (0xF913, 0x908F),
    (0xF914, 0x6A02),
    (0xF915, 0x6D1B),
    (0xF916, 0x70D9),
    (0xF917, 0x73DE),
    (0xF918, 0x843D),
    (0xF919, 0x916A),
    (0xF91A, 0x99F1),
    (0xF91B, 0x4E82),
    (0xF91C, 0x5375),
    (0xF91D, 0x6B04),
    (0xF91E, 0x721B),
    (0xF91F, 0x862D),
    (0xF920, 0x9E1E),
    (0xF921, 0x5D50),
    (0xF922, 0x6FEB),
    (0xF923, 0x85CD),
    (0xF924, 0x8964),
    (0xF925, 0x62C9),
    (0xF926, 0x81D8),
    (0xF927, 0x881F),
    (0xF928, 0x5ECA),
    (0xF929, 0x6717),
    (0xF92A, 0x6D6A),
    (0xF92B, 0x72FC),
    (0xF92C, 0x90CE),
    (0xF92D, 0x4F86),
    (0xF92E, 0x51B7),
    (0xF92F, 0x52DE),
    (0xF930, 0x64C4),
    (0xF931, 0x6AD3),
    (0xF932, 0x7210),
    (0xF933, 0x76E7),
    (0xF934, 0x8001),
    (0xF935, 0x8606),
    (0xF936, 0x865C),
    (0xF937, 0x8DEF),
    (0xF938, 0x9732),
    (0xF939, 0x9B6F),
    (0xF93A, 0x9DFA),
    (0xF93B, 0x788C),
    (0xF93C, 0x797F),
    (0xF93D, 0x7DA0),
    (0xF93E, 0x83C9),
    (0xF93F, 0x9304),
    (0xF940, 0x9E7F),
    (0xF941, 0x8AD6),
    (0xF942, 0x58DF),
    (0xF943, 0x5F04),
    (0xF944, 0x7C60),
    (0xF945, 0x807E),
    (0xF946, 0x7262),
    (0xF947, 0x78CA),
    (0xF948, 0x8CC2),
    (0xF949, 0x96F7),
    (0xF94A, 0x58D8),
    (0xF94B, 0x5C62),
    (0xF94C, 0x6A13),
    (0xF94D, 0x6DDA),
    (0xF94E, 0x6F0F),
    (0xF94F, 0x7D2F),
    (0xF950, 0x7E37),
    (0xF951, 0x964B),
    (0xF952, 0x52D2),
    (0xF953, 0x808B),
    (0xF954, 0x51DC),
    (0xF955, 0x51CC),
    (0xF956, 0x7A1C),
    (0xF957, 0x7DBE),
    (0xF958, 0x83F1),
    (0xF959, 0x9675),
    (0xF95A, 0x8B80),
    (0xF95B, 0x62CF),
    (0xF95C, 0x6A02),
    (0xF95D, 0x8AFE),
    (0xF95E, 0x4E39),
    (0xF95F, 0x5BE7),
    (0xF960, 0x6012),
    (0xF961, 0x7387),
    (0xF962, 0x7570),
    (0xF963, 0x5317),
    (0xF964, 0x78FB),
    (0xF965, 0x4FBF),
    (0xF966, 0x5FA9),
    (0xF967, 0x4E0D),
    (0xF968, 0x6CCC),
    (0xF969, 0x6578),
    (0xF96A, 0x7D22),
    (0xF96B, 0x53C3),
    (0xF96C, 0x585E),
    (0xF96D, 0x7701),
    (0xF96E, 0x8449),
    (0xF96F, 0x8AAA),
    (0xF970, 0x6BBA),
    (0xF971, 0x8FB0),
    (0xF972, 0x6C88),
    (0xF973, 0x62FE),
    (0xF974, 0x82E5),
    (0xF975, 0x63A0),
    (0xF976, 0x7565),
    (0xF977, 0x4EAE),
    (0xF978, 0x5169),
    (0xF979, 0x51C9),
    (0xF97A, 0x6881),
    (0xF97B, 0x7CE7),
    (0xF97C, 0x826F),
    (0xF97D, 0x8AD2),
    (0xF97E, 0x91CF),
    (0xF97F, 0x52F5),
    (0xF980, 0x5442),
    (0xF981, 0x5973),
    (0xF982, 0x5EEC),
    (0xF983, 0x65C5),
    (0xF984, 0x6FFE),
    (0xF985, 0x792A),
    (0xF986, 0x95AD),
    (0xF987, 0x9A6A),
    (0xF988, 0x9E97),
    (0xF989, 0x9ECE),
    (0xF98A, 0x529B),
    (0xF98B, 0x66C6),
    (0xF98C, 0x6B77),
    (0xF98D, 0x8F62),
    (0xF98E, 0x5E74),
    (0xF98F, 0x6190),
    (0xF990, 0x6200),
    (0xF991, 0x649A),
    (0xF992, 0x6F23),
    (0xF993, 0x7149),
    (0xF994, 0x7489),
    (0xF995, 0x79CA),
    (0xF996, 0x7DF4),
    (0xF997, 0x806F),
    (0xF998, 0x8F26),
    (0xF999, 0x84EE),
    (0xF99A, 0x9023),
    (0xF99B, 0x934A),
    (0xF99C, 0x5217),
    (0xF99D, 0x52A3),
    (0xF99E, 0x54BD),
    (0xF99F, 0x70C8),
    (0xF9A0, 0x88C2),
    (0xF9A1, 0x8AAA),
    (0xF9A2, 0x5EC9),
    (0xF9A3, 0x5FF5),
    (0xF9A4, 0x637B),
    (0xF9A5, 0x6BAE),
    (0xF9A6, 0x7C3E),
    (0xF9A7, 0x7375),
    (0xF9A8, 0x4EE4),
    (0xF9A9, 0x56F9),
    (0xF9AA, 0x5BE7),
    (0xF9AB, 0x5DBA),
    (0xF9AC, 0x601C),
    (0xF9AD, 0x73B2),
    (0xF9AE, 0x7469),
    (0xF9AF, 0x7F9A),
    (0xF9B0, 0x8046),
    (0xF9B1, 0x9234),
    (0xF9B2, 0x96F6),
    (0xF9B3, 0x9748),
    (0xF9B4, 0x9818),
    (0xF9B5, 0x4F8B),
    (0xF9B6, 0x79AE),
    (0xF9B7, 0x91B4),
    (0xF9B8, 0x96B8),
    (0xF9B9, 0x60E1),
    (0xF9BA, 0x4E86),
    (0xF9BB, 0x50DA),
    (0xF9BC, 0x5BEE),
    (0xF9BD, 0x5C3F),
    (0xF9BE, 0x6599),
    (0xF9BF, 0x6A02),
    (0xF9C0, 0x71CE),
    (0xF9C1, 0x7642),
    (0xF9C2, 0x84FC),
    (0xF9C3, 0x907C),
    (0xF9C4, 0x9F8D),
    (0xF9C5, 0x6688),
    (0xF9C6, 0x962E),
    (0xF9C7, 0x5289),
    (0xF9C8, 0x677B),
    (0xF9C9, 0x67F3),
    (0xF9CA, 0x6D41),
    (0xF9CB, 0x6E9C),
    (0xF9CC, 0x7409),
    (0xF9CD, 0x7559),
    (0xF9CE, 0x786B),
    (0xF9CF, 0x7D10),
    (0xF9D0, 0x985E),
    (0xF9D1, 0x516D),
    (0xF9D2, 0x622E),
    (0xF9D3, 0x9678),
    (0xF9D4, 0x502B),
    (0xF9D5, 0x5D19),
    (0xF9D6, 0x6DEA),
    (0xF9D7, 0x8F2A),
    (0xF9D8, 0x5F8B),
    (0xF9D9, 0x6144),
    (0xF9DA, 0x6817),
    (0xF9DB, 0x7387),
    (0xF9DC, 0x9686),
    (0xF9DD, 0x5229),
    (0xF9DE, 0x540F),
    (0xF9DF, 0x5C65),
    (0xF9E0, 0x6613),
    (0xF9E1, 0x674E),
    (0xF9E2, 0x68A8),
    (0xF9E3, 0x6CE5),
    (0xF9E4, 0x7406),
    (0xF9E5, 0x75E2),
    (0xF9E6, 0x7F79),
    (0xF9E7, 0x88CF),
    (0xF9E8, 0x88E1),
    (0xF9E9, 0x91CC),
    (0xF9EA, 0x96E2),
    (0xF9EB, 0x533F),
    (0xF9EC, 0x6EBA),
    (0xF9ED, 0x541D),
    (0xF9EE, 0x71D0),
    (0xF9EF, 0x7498),
    (0xF9F0, 0x85FA),
    (0xF9F1, 0x96A3),
    (0xF9F2, 0x9C57),
    (0xF9F3, 0x9E9F),
    (0xF9F4, 0x6797),
    (0xF9F5, 0x6DCB),
    (0xF9F6, 0x81E8),
    (0xF9F7, 0x7ACB),
    (0xF9F8, 0x7B20),
    (0xF9F9, 0x7C92),
    (0xF9FA, 0x72C0),
    (0xF9FB, 0x7099),
    (0xF9FC, 0x8B58),
    (0xF9FD, 0x4EC0),
    (0xF9FE, 0x8336),
    (0xF9FF, 0x523A),
    (0xFA00, 0x5207),
    (0xFA01, 0x5EA6),
    (0xFA02, 0x62D3),
    (0xFA03, 0x7CD6),
    (0xFA04, 0x5B85),
    (0xFA05, 0x6D1E),
    (0xFA06, 0x66B4),
    (0xFA07, 0x8F3B),
    (0xFA08, 0x884C),
    (0xFA09, 0x964D),
    (0xFA0A, 0x898B),
    (0xFA0B, 0x5ED3),
    (0xFA0C, 0x5140),
    (0xFA0D, 0x55C0),
    (0xFA10, 0x585A),
    (0xFA12, 0x6674),
    (0xFA15, 0x51DE),
    (0xFA16, 0x732A),
    (0xFA17, 0x76CA),
    (0xFA18, 0x793C),
    (0xFA19, 0x795E),
    (0xFA1A, 0x7965),
    (0xFA1B, 0x798F),
    (0xFA1C, 0x9756),
    (0xFA1D, 0x7CBE),
    (0xFA1E, 0x7FBD),
    (0xFA20, 0x8612),
    (0xFA22, 0x8AF8),
    (0xFA25, 0x9038),
    (0xFA26, 0x90FD),
    (0xFA2A, 0x98EF),
    (0xFA2B, 0x98FC),
    (0xFA2C, 0x9928),
    (0xFA2D, 0x9DB4),
    (0xFA2E, 0x90DE),
    (0xFA2F, 0x96B7),
    (0xFA30, 0x4FAE),
    (0xFA31, 0x50E7),
    (0xFA32, 0x514D),
    (0xFA33, 0x52C9),
    (0xFA34, 0x52E4),
    (0xFA35, 0x5351),
    (0xFA36, 0x559D),
    (0xFA37, 0x5606),
    (0xFA38, 0x5668),
    (0xFA39, 0x5840),
    (0xFA3A, 0x58A8),
    (0xFA3B, 0x5C64),
    (0xFA3C, 0x5C6E),
    (0xFA3D, 0x6094),
    (0xFA3E, 0x6168),
    (0xFA3F, 0x618E),
    (0xFA40, 0x61F2),
    (0xFA41, 0x654F),
    (0xFA42, 0x65E2),
    (0xFA43, 0x6691),
    (0xFA44, 0x6885),
    (0xFA45, 0x6D77),
    (0xFA46, 0x6E1A),
    (0xFA47, 0x6F22),
    (0xFA48, 0x716E),
    (0xFA49, 0x722B),
    (0xFA4A, 0x7422),
    (0xFA4B, 0x7891),
    (0xFA4C, 0x793E),
    (0xFA4D, 0x7949),
    (0xFA4E, 0x7948),
    (0xFA4F, 0x7950),
    (0xFA50, 0x7956),
    (0xFA51, 0x795D),
    (0xFA52, 0x798D),
    (0xFA53, 0x798E),
    (0xFA54, 0x7A40),
    (0xFA55, 0x7A81),
    (0xFA56, 0x7BC0),
    (0xFA57, 0x7DF4),
    (0xFA58, 0x7E09),
    (0xFA59, 0x7E41),
    (0xFA5A, 0x7F72),
    (0xFA5B, 0x8005),
    (0xFA5C, 0x81ED),
    (0xFA5D, 0x8279),
    (0xFA5E, 0x8279),
    (0xFA5F, 0x8457),
    (0xFA60, 0x8910),
    (0xFA61, 0x8996),
    (0xFA62, 0x8B01),
    (0xFA63, 0x8B39),
    (0xFA64, 0x8CD3),
    (0xFA65, 0x8D08),
    (0xFA66, 0x8FB6),
    (0xFA67, 0x9038),
    (0xFA68, 0x96E3),
    (0xFA69, 0x97FF),
    (0xFA6A, 0x983B),
    (0xFA6B, 0x6075),
    (0xFA6D, 0x8218),
    (0xFA70, 0x4E26),
    (0xFA71, 0x51B5),
    (0xFA72, 0x5168),
    (0xFA73, 0x4F80),
    (0xFA74, 0x5145),
    (0xFA75, 0x5180),
    (0xFA76, 0x52C7),
    (0xFA77, 0x52FA),
    (0xFA78, 0x559D),
    (0xFA79, 0x5555),
    (0xFA7A, 0x5599),
    (0xFA7B, 0x55E2),
    (0xFA7C, 0x585A),
    (0xFA7D, 0x58B3),
    (0xFA7E, 0x5944),
    (0xFA7F, 0x5954),
    (0xFA80, 0x5A62),
    (0xFA81, 0x5B28),
    (0xFA82, 0x5ED2),
    (0xFA83, 0x5ED9),
    (0xFA84, 0x5F69),
    (0xFA85, 0x5FAD),
    (0xFA86, 0x60D8),
    (0xFA87, 0x614E),
    (0xFA88, 0x6108),
    (0xFA89, 0x618E),
    (0xFA8A, 0x6160),
    (0xFA8B, 0x61F2),
    (0xFA8C, 0x6234),
    (0xFA8D, 0x63C4),
    (0xFA8E, 0x641C),
    (0xFA8F, 0x6452),
    (0xFA90, 0x6556),
    (0xFA91, 0x6674),
    (0xFA92, 0x6717),
    (0xFA93, 0x671B),
    (0xFA94, 0x6756),
    (0xFA95, 0x6B79),
    (0xFA96, 0x6BBA),
    (0xFA97, 0x6D41),
    (0xFA98, 0x6EDB),
    (0xFA99, 0x6ECB),
    (0xFA9A, 0x6F22),
    (0xFA9B, 0x701E),
    (0xFA9C, 0x716E),
    (0xFA9D, 0x77A7),
    (0xFA9E, 0x7235),
    (0xFA9F, 0x72AF),
    (0xFAA0, 0x732A),
    (0xFAA1, 0x7471),
    (0xFAA2, 0x7506),
    (0xFAA3, 0x753B),
    (0xFAA4, 0x761D),
    (0xFAA5, 0x761F),
    (0xFAA6, 0x76CA),
    (0xFAA7, 0x76DB),
    (0xFAA8, 0x76F4),
    (0xFAA9, 0x774A),
    (0xFAAA, 0x7740),
    (0xFAAB, 0x78CC),
    (0xFAAC, 0x7AB1),
    (0xFAAD, 0x7BC0),
    (0xFAAE, 0x7C7B),
    (0xFAAF, 0x7D5B),
    (0xFAB0, 0x7DF4),
    (0xFAB1, 0x7F3E),
    (0xFAB2, 0x8005),
    (0xFAB3, 0x8352),
    (0xFAB4, 0x83EF),
    (0xFAB5, 0x8779),
    (0xFAB6, 0x8941),
    (0xFAB7, 0x8986),
    (0xFAB8, 0x8996),
    (0xFAB9, 0x8ABF),
    (0xFABA, 0x8AF8),
    (0xFABB, 0x8ACB),
    (0xFABC, 0x8B01),
    (0xFABD, 0x8AFE),
    (0xFABE, 0x8AED),
    (0xFABF, 0x8B39),
    (0xFAC0, 0x8B8A),
    (0xFAC1, 0x8D08),
    (0xFAC2, 0x8F38),
    (0xFAC3, 0x9072),
    (0xFAC4, 0x9199),
    (0xFAC5, 0x9276),
    (0xFAC6, 0x967C),
    (0xFAC7, 0x96E3),
    (0xFAC8, 0x9756),
    (0xFAC9, 0x97DB),
    (0xFACA, 0x97FF),
    (0xFACB, 0x980B),
    (0xFACC, 0x983B),
    (0xFACD, 0x9B12),
    (0xFACE, 0x9F9C),
    (0xFAD2, 0x3B9D),
    (0xFAD3, 0x4018),
    (0xFAD4, 0x4039),
    (0xFAD8, 0x9F43),
    (0xFAD9, 0x9F8E),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_unicode(b"A"), Some('A'));
        assert_eq!(glyph_name_to_unicode(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_name_to_unicode(b"eacute"), Some('é'));
        assert_eq!(glyph_name_to_unicode(b"quoteright"), Some('’'));
        assert_eq!(glyph_name_to_unicode(b"g123"), None);
        // Found by the pdf fuzzer: a differences name `uni` followed by a multi-byte character
        // was sliced inside it.
        assert_eq!(glyph_name_to_unicode("uni……".as_bytes()), None);
        assert_eq!(glyph_name_to_unicode("u……".as_bytes()), None);
        assert_eq!(base_char(b"WinAnsiEncoding", 0x93), Some('“'));
        assert_eq!(base_char(b"StandardEncoding", 0xAE), Some('ﬁ'));
    }
}
