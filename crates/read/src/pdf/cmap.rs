//! CMaps: ToUnicode maps (bfchar / bfrange, arrays included), embedded encoding CMaps
//! (codespace ranges, cidchar / cidrange), the predefined CJK CMaps we decode without a file
//! (UCS-2, UTF-16, GBK, GB 2312, Big5, Shift-JIS, EUC-KR, EUC-JP), and the Adobe CID → Unicode
//! tables bundled under `crates/read/data/` (see its README for their origin and licence).

use std::collections::HashMap;

/// Ranges longer than this are kept as ranges, shorter ones expanded into the hash map.
const EXPAND_RANGE: u32 = 256;
/// The most entries one CMap may define (a hostile CMap cannot exhaust memory).
const MAX_ENTRIES: usize = 200_000;

/// What a code maps to in a ToUnicode CMap.
#[derive(Debug, Clone)]
enum Target {
    /// UTF-16BE units, the last incremented along the range.
    Base(Vec<u16>),
    /// One string per code.
    Array(Vec<String>),
}

/// A parsed ToUnicode CMap: code → Unicode text.
#[derive(Debug, Default, Clone)]
pub(crate) struct ToUnicode {
    chars: HashMap<u32, String>,
    ranges: Vec<(u32, u32, Target)>,
    /// Byte lengths of the code space, when the CMap declares one.
    pub(crate) codespace: Vec<(Vec<u8>, Vec<u8>)>,
}

impl ToUnicode {
    /// The text of `code`, when the CMap maps it.
    pub(crate) fn get(&self, code: u32) -> Option<String> {
        if let Some(s) = self.chars.get(&code) {
            return Some(s.clone());
        }
        for (lo, hi, t) in self.ranges.iter().rev() {
            if code >= *lo && code <= *hi {
                let off = code - lo;
                return match t {
                    Target::Base(units) => Some(utf16_offset(units, off)),
                    Target::Array(items) => items.get(off as usize).cloned(),
                };
            }
        }
        None
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }

    /// Parses a ToUnicode stream leniently: invalid entries are skipped, `cidrange` /
    /// `cidchar` blocks met in a ToUnicode map are read as code → code point (pdfminer's
    /// issue 566 file has them).
    pub(crate) fn parse(data: &[u8]) -> ToUnicode {
        let mut out = ToUnicode::default();
        let mut ops: Vec<Tok> = Vec::new();
        let mut n = 0usize;
        for tok in Tokens::new(data) {
            match tok {
                Tok::Kw(k) => {
                    match k {
                        b"endbfchar" => {
                            for pair in ops.chunks_exact(2) {
                                if let (Tok::Hex(src), Tok::Hex(dst)) = (&pair[0], &pair[1]) {
                                    out.chars.insert(be(src), utf16_text(dst));
                                    n += 1;
                                } else if let (Tok::Hex(src), Tok::Name(name)) = (&pair[0], &pair[1]) {
                                    if let Some(c) = super::fonts::glyph_name_to_unicode(name) {
                                        out.chars.insert(be(src), c.to_string());
                                    }
                                }
                            }
                        }
                        b"endbfrange" => {
                            let mut i = 0;
                            while i + 2 < ops.len() && n < MAX_ENTRIES {
                                let (lo, hi) = match (&ops[i], &ops[i + 1]) {
                                    (Tok::Hex(a), Tok::Hex(b)) => (be(a), be(b)),
                                    _ => {
                                        i += 1;
                                        continue;
                                    }
                                };
                                match &ops[i + 2] {
                                    Tok::Hex(dst) if hi >= lo => {
                                        let units = utf16_units(dst);
                                        if hi - lo < EXPAND_RANGE {
                                            for k in 0..=hi - lo {
                                                out.chars.insert(lo + k, utf16_offset(&units, k));
                                            }
                                        } else {
                                            out.ranges.push((lo, hi, Target::Base(units)));
                                        }
                                        n += (hi - lo).min(EXPAND_RANGE) as usize + 1;
                                    }
                                    Tok::Array(items) if hi >= lo => {
                                        let strs: Vec<String> = items
                                            .iter()
                                            .map(|t| match t {
                                                Tok::Hex(h) => utf16_text(h),
                                                _ => String::new(),
                                            })
                                            .collect();
                                        n += strs.len();
                                        out.ranges.push((lo, hi, Target::Array(strs)));
                                    }
                                    _ => {}
                                }
                                i += 3;
                            }
                        }
                        b"endcidrange" => {
                            for t in ops.chunks_exact(3) {
                                if let (Tok::Hex(a), Tok::Hex(b), Tok::Num(v)) = (&t[0], &t[1], &t[2]) {
                                    let (lo, hi) = (be(a), be(b));
                                    if hi >= lo && hi - lo < EXPAND_RANGE && *v >= 0.0 {
                                        for k in 0..=hi - lo {
                                            if let Some(c) = char::from_u32((*v as u32).saturating_add(k)) {
                                                out.chars.insert(lo + k, c.to_string());
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        b"endcidchar" => {
                            for t in ops.chunks_exact(2) {
                                if let (Tok::Hex(a), Tok::Num(v)) = (&t[0], &t[1]) {
                                    if let Some(c) = char::from_u32(*v as u32) {
                                        out.chars.insert(be(a), c.to_string());
                                    }
                                }
                            }
                        }
                        b"endcodespacerange" => {
                            for t in ops.chunks_exact(2) {
                                if let (Tok::Hex(a), Tok::Hex(b)) = (&t[0], &t[1]) {
                                    out.codespace.push((a.clone(), b.clone()));
                                }
                            }
                        }
                        _ => {}
                    }
                    ops.clear();
                    if n >= MAX_ENTRIES {
                        break;
                    }
                }
                t => {
                    if ops.len() < 100_000 {
                        ops.push(t)
                    }
                }
            }
        }
        out
    }
}

/// An embedded encoding CMap (`/Encoding` stream of a Type0 font): code space and code → CID.
#[derive(Debug, Default, Clone)]
pub(crate) struct EncodingCMap {
    pub(crate) codespace: Vec<(Vec<u8>, Vec<u8>)>,
    cids: HashMap<u32, u32>,
    ranges: Vec<(u32, u32, u32)>,
    /// The predefined CMap it builds on (`usecmap`).
    pub(crate) usecmap: Option<Vec<u8>>,
    pub(crate) vertical: bool,
}

impl EncodingCMap {
    pub(crate) fn parse(data: &[u8]) -> EncodingCMap {
        let mut out = EncodingCMap::default();
        let mut ops: Vec<Tok> = Vec::new();
        let mut n = 0usize;
        for tok in Tokens::new(data) {
            match tok {
                Tok::Kw(k) => {
                    match k {
                        b"endcodespacerange" => {
                            for t in ops.chunks_exact(2) {
                                if let (Tok::Hex(a), Tok::Hex(b)) = (&t[0], &t[1]) {
                                    out.codespace.push((a.clone(), b.clone()));
                                }
                            }
                        }
                        b"endcidchar" => {
                            for t in ops.chunks_exact(2) {
                                if let (Tok::Hex(a), Tok::Num(v)) = (&t[0], &t[1]) {
                                    out.cids.insert(be(a), *v as u32);
                                    n += 1;
                                }
                            }
                        }
                        b"endcidrange" => {
                            for t in ops.chunks_exact(3) {
                                if let (Tok::Hex(a), Tok::Hex(b), Tok::Num(v)) = (&t[0], &t[1], &t[2]) {
                                    if be(b) >= be(a) {
                                        out.ranges.push((be(a), be(b), *v as u32));
                                        n += 1;
                                    }
                                }
                            }
                        }
                        b"usecmap" => {
                            if let Some(Tok::Name(nm)) = ops.last() {
                                out.usecmap = Some(nm.clone());
                            }
                        }
                        b"def" => {
                            if let [.., Tok::Name(k), Tok::Num(v)] = ops.as_slice() {
                                if k == b"WMode" && *v == 1.0 {
                                    out.vertical = true;
                                }
                            }
                        }
                        _ => {}
                    }
                    ops.clear();
                    if n >= MAX_ENTRIES {
                        break;
                    }
                }
                t => {
                    if ops.len() < 100_000 {
                        ops.push(t)
                    }
                }
            }
        }
        out
    }

    pub(crate) fn cid(&self, code: u32) -> Option<u32> {
        if let Some(c) = self.cids.get(&code) {
            return Some(*c);
        }
        self.ranges
            .iter()
            .rev()
            .find(|(lo, hi, _)| code >= *lo && code <= *hi)
            .map(|(lo, _, v)| v.saturating_add(code - lo))
    }
}

/// Splits `bytes` into codes by a code space: the shortest matching length wins; bytes that
/// match no range are taken one at a time (PDF 9.7.6.3).
pub(crate) fn split_codespace(space: &[(Vec<u8>, Vec<u8>)], bytes: &[u8], out: &mut Vec<(u32, usize)>) {
    let mut i = 0;
    while i < bytes.len() {
        let mut len = 0;
        for n in 1..=4usize {
            if i + n > bytes.len() {
                break;
            }
            let hit = space.iter().any(|(lo, hi)| {
                lo.len() == n && hi.len() == n && (0..n).all(|k| bytes[i + k] >= lo[k] && bytes[i + k] <= hi[k])
            });
            if hit {
                len = n;
                break;
            }
        }
        if len == 0 {
            // No range matches: take as many bytes as the shortest range of this lead byte, or 1.
            len = space.iter().map(|(lo, _)| lo.len()).filter(|&l| l > 0).min().unwrap_or(1).min(bytes.len() - i);
        }
        out.push((be(&bytes[i..i + len]), len));
        i += len;
    }
}

/// Predefined CMaps we decode directly, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Predefined {
    /// Identity-H / Identity-V: two-byte codes equal to CIDs.
    Identity,
    /// Uni*-UCS2-*: two-byte codes are UCS-2.
    Ucs2,
    /// Uni*-UTF16-*: codes are UTF-16BE.
    Utf16,
    /// GBK, GBK2K, GBKp, GB-EUC, GBpc-EUC, GBT-EUC: multibyte GBK/GB 18030.
    Gbk,
    /// GB-H, GBT-H: GB 2312 without the high bit.
    Gb7,
    /// Big5 (B5pc, ETen-B5, HKscs-B5).
    Big5,
    /// Shift-JIS (90ms-RKSJ …).
    Sjis,
    /// EUC-JP (EUC-H).
    EucJp,
    /// EUC-KR / UHC (KSC-EUC, KSCms-UHC …).
    EucKr,
}

impl Predefined {
    /// The CMap named `name`, and whether it is vertical.
    pub(crate) fn by_name(name: &[u8]) -> Option<(Predefined, bool)> {
        let n = std::str::from_utf8(name).ok()?;
        let vertical = n.ends_with("-V");
        let p = if n.starts_with("Identity") {
            Predefined::Identity
        } else if n.starts_with("Uni") && n.contains("UCS2") {
            Predefined::Ucs2
        } else if n.starts_with("Uni") && n.contains("UTF16") {
            Predefined::Utf16
        } else if n.starts_with("GBK")
            || n.starts_with("GB-EUC")
            || n.starts_with("GBpc-EUC")
            || n.starts_with("GBT-EUC")
            || n.starts_with("GBTpc-EUC")
        {
            Predefined::Gbk
        } else if n == "GB-H" || n == "GB-V" || n == "GBT-H" || n == "GBT-V" {
            Predefined::Gb7
        } else if n.contains("B5") {
            Predefined::Big5
        } else if n.contains("RKSJ") {
            Predefined::Sjis
        } else if n == "EUC-H" || n == "EUC-V" {
            Predefined::EucJp
        } else if n.starts_with("KSC") {
            Predefined::EucKr
        } else {
            return None;
        };
        Some((p, vertical))
    }

    /// Splits bytes into codes.
    pub(crate) fn split(self, bytes: &[u8], out: &mut Vec<(u32, usize)>) {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let len = match self {
                Predefined::Identity | Predefined::Ucs2 | Predefined::Gb7 => 2,
                Predefined::Utf16 => {
                    if (0xD8..=0xDB).contains(&b) {
                        4
                    } else {
                        2
                    }
                }
                Predefined::Gbk | Predefined::Big5 | Predefined::EucKr => {
                    if b >= 0x81 {
                        2
                    } else {
                        1
                    }
                }
                Predefined::Sjis => {
                    if (0x81..=0x9F).contains(&b) || (0xE0..=0xFC).contains(&b) {
                        2
                    } else {
                        1
                    }
                }
                Predefined::EucJp => {
                    if b == 0x8F {
                        3
                    } else if b >= 0x8E {
                        2
                    } else {
                        1
                    }
                }
            };
            let len = len.min(bytes.len() - i);
            out.push((be(&bytes[i..i + len]), len));
            i += len;
        }
    }

    /// The text of one code, when this CMap's encoding is Unicode or a legacy charset.
    pub(crate) fn decode(self, code: u32, len: usize) -> Option<String> {
        let bytes = &code.to_be_bytes()[4 - len.min(4)..];
        let enc = match self {
            Predefined::Identity => return None,
            Predefined::Ucs2 => {
                return char::from_u32(code).filter(|c| !c.is_control() || *c == ' ').map(String::from);
            }
            Predefined::Utf16 => {
                let units: Vec<u16> =
                    bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
                return String::from_utf16(&units).ok();
            }
            Predefined::Gbk => encoding_rs::GB18030,
            Predefined::Gb7 => {
                let v = [bytes[0] | 0x80, *bytes.get(1).unwrap_or(&0) | 0x80];
                return decode_with(encoding_rs::GBK, &v);
            }
            Predefined::Big5 => encoding_rs::BIG5,
            Predefined::Sjis => encoding_rs::SHIFT_JIS,
            Predefined::EucJp => encoding_rs::EUC_JP,
            Predefined::EucKr => encoding_rs::EUC_KR,
        };
        decode_with(enc, bytes)
    }
}

fn decode_with(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    let s = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    (!s.is_empty() && !s.chars().any(|c| c.is_control())).then(|| s.into_owned())
}

/// A bundled CID → Unicode table (see `data/README.md`).
pub(crate) struct CidTable {
    bytes: &'static [u8],
    count: usize,
}

impl CidTable {
    const fn new(bytes: &'static [u8]) -> CidTable {
        let count = if bytes.len() >= 4 { (bytes[0] as usize) | ((bytes[1] as usize) << 8) } else { 0 };
        CidTable { bytes, count }
    }

    /// The character of `cid`, when the collection maps it.
    pub(crate) fn get(&self, cid: u32) -> Option<char> {
        let cid = cid as usize;
        if cid < self.count {
            let i = 4 + cid * 2;
            let v = u16::from_le_bytes([self.bytes[i], self.bytes[i + 1]]);
            if v != 0 {
                return char::from_u32(v as u32);
            }
        }
        // Supplementary-plane entries: (u16 cid, u32 code point) pairs after the array.
        let sup = (self.bytes[2] as usize) | ((self.bytes[3] as usize) << 8);
        let base = 4 + self.count * 2;
        (0..sup)
            .find_map(|k| {
                let p = base + k * 6;
                let c = u16::from_le_bytes([self.bytes[p], self.bytes[p + 1]]) as usize;
                (c == cid).then(|| {
                    u32::from_le_bytes([self.bytes[p + 2], self.bytes[p + 3], self.bytes[p + 4], self.bytes[p + 5]])
                })
            })
            .and_then(char::from_u32)
    }
}

static GB1: CidTable = CidTable::new(include_bytes!("../../data/Adobe-GB1.cidu"));
static CNS1: CidTable = CidTable::new(include_bytes!("../../data/Adobe-CNS1.cidu"));
static JAPAN1: CidTable = CidTable::new(include_bytes!("../../data/Adobe-Japan1.cidu"));
static KOREA1: CidTable = CidTable::new(include_bytes!("../../data/Adobe-Korea1.cidu"));

/// The bundled table of an Adobe character collection (`/Ordering` of `/CIDSystemInfo`).
pub(crate) fn cid_table(ordering: &[u8]) -> Option<&'static CidTable> {
    match ordering {
        b"GB1" => Some(&GB1),
        b"CNS1" => Some(&CNS1),
        b"Japan1" => Some(&JAPAN1),
        b"Korea1" => Some(&KOREA1),
        _ => None,
    }
}

/// The collection a predefined CMap name belongs to, for CID fonts whose descendant does not say.
pub(crate) fn ordering_of_cmap(p: Predefined) -> Option<&'static [u8]> {
    match p {
        Predefined::Gbk | Predefined::Gb7 => Some(b"GB1"),
        Predefined::Big5 => Some(b"CNS1"),
        Predefined::Sjis | Predefined::EucJp => Some(b"Japan1"),
        Predefined::EucKr => Some(b"Korea1"),
        _ => None,
    }
}

// ------------------------------------------------------------------ helpers

pub(crate) fn be(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |a, b| (a << 8) | *b as u32)
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks(2).map(|c| if c.len() == 2 { u16::from_be_bytes([c[0], c[1]]) } else { c[0] as u16 }).collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    clean(String::from_utf16_lossy(&utf16_units(bytes)))
}

fn utf16_offset(units: &[u16], off: u32) -> String {
    let mut u = units.to_vec();
    if let Some(last) = u.last_mut() {
        *last = last.wrapping_add(off as u16);
    }
    clean(String::from_utf16_lossy(&u))
}

/// Drops NULs and replacement characters that broken CMaps produce.
fn clean(s: String) -> String {
    if s.chars().any(|c| c == '\u{FFFD}' || c == '\0') {
        s.chars().filter(|c| *c != '\u{FFFD}' && *c != '\0').collect()
    } else {
        s
    }
}

/// CMap / PostScript tokens, enough for CMaps.
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub(crate) enum Tok<'a> {
    Hex(Vec<u8>),
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Tok<'a>>),
    Kw(&'a [u8]),
}

pub(crate) struct Tokens<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Tokens<'a> {
        Tokens { data, pos: 0 }
    }

    fn next_tok(&mut self, depth: usize) -> Option<Tok<'a>> {
        let d = self.data;
        loop {
            while self.pos < d.len() && is_ws(d[self.pos]) {
                self.pos += 1;
            }
            if self.pos >= d.len() {
                return None;
            }
            let c = d[self.pos];
            match c {
                b'%' => {
                    while self.pos < d.len() && d[self.pos] != b'\n' && d[self.pos] != b'\r' {
                        self.pos += 1;
                    }
                }
                b'<' if d.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    return Some(Tok::Kw(b"<<"));
                }
                b'>' if d.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Some(Tok::Kw(b">>"));
                }
                b'<' => {
                    self.pos += 1;
                    let mut nib = Vec::new();
                    while self.pos < d.len() && d[self.pos] != b'>' {
                        if let Some(v) = (d[self.pos] as char).to_digit(16) {
                            nib.push(v as u8);
                        }
                        self.pos += 1;
                    }
                    self.pos += 1;
                    if nib.len() % 2 == 1 {
                        nib.push(0);
                    }
                    return Some(Tok::Hex(nib.chunks(2).map(|p| p[0] << 4 | p[1]).collect()));
                }
                b'[' => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    loop {
                        while self.pos < d.len() && is_ws(d[self.pos]) {
                            self.pos += 1;
                        }
                        if self.pos >= d.len() {
                            break;
                        }
                        if d[self.pos] == b']' {
                            self.pos += 1;
                            break;
                        }
                        if depth > 8 {
                            self.pos += 1;
                            continue;
                        }
                        match self.next_tok(depth + 1) {
                            Some(t) if items.len() < 65_536 => items.push(t),
                            Some(_) => {}
                            None => break,
                        }
                    }
                    return Some(Tok::Array(items));
                }
                b']' | b'{' | b'}' | b'>' | b')' => {
                    self.pos += 1;
                }
                b'(' => {
                    self.pos += 1;
                    let mut s = Vec::new();
                    let mut level = 1;
                    while self.pos < d.len() {
                        let b = d[self.pos];
                        self.pos += 1;
                        match b {
                            b'\\' => {
                                if let Some(&n) = d.get(self.pos) {
                                    s.push(n);
                                    self.pos += 1;
                                }
                            }
                            b'(' => {
                                level += 1;
                                s.push(b)
                            }
                            b')' => {
                                level -= 1;
                                if level == 0 {
                                    break;
                                }
                                s.push(b)
                            }
                            _ => s.push(b),
                        }
                    }
                    return Some(Tok::Str(s));
                }
                b'/' => {
                    self.pos += 1;
                    let start = self.pos;
                    while self.pos < d.len() && !is_ws(d[self.pos]) && !is_delim(d[self.pos]) {
                        self.pos += 1;
                    }
                    return Some(Tok::Name(d[start..self.pos].to_vec()));
                }
                _ => {
                    let start = self.pos;
                    while self.pos < d.len() && !is_ws(d[self.pos]) && !is_delim(d[self.pos]) {
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1;
                        continue;
                    }
                    let w = &d[start..self.pos];
                    if let Some(v) = std::str::from_utf8(w).ok().and_then(|s| s.parse::<f64>().ok()) {
                        return Some(Tok::Num(v));
                    }
                    return Some(Tok::Kw(w));
                }
            }
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Tok<'a>;
    fn next(&mut self) -> Option<Tok<'a>> {
        self.next_tok(0)
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_bfrange_and_arrays() {
        let cm = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0001> <4E2D> <0002> <D83DDE00> endbfchar
            2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<6587> <0066006C>] <0030> <002F> <0041> endbfrange";
        let m = ToUnicode::parse(cm);
        assert_eq!(m.get(1).as_deref(), Some("中"));
        assert_eq!(m.get(2).as_deref(), Some("😀"));
        assert_eq!(m.get(0x11).as_deref(), Some("B"));
        assert_eq!(m.get(0x20).as_deref(), Some("文"));
        assert_eq!(m.get(0x21).as_deref(), Some("fl"));
        assert_eq!(m.get(0x30), None);
    }

    #[test]
    fn tables_and_predefined() {
        assert_eq!(GB1.get(4559), Some('中'));
        assert_eq!(GB1.get(3795), Some('文'));
        assert_eq!(Predefined::Gbk.decode(0xD6D0, 2).as_deref(), Some("中"));
        assert_eq!(Predefined::Ucs2.decode(0x6587, 2).as_deref(), Some("文"));
        let mut v = Vec::new();
        Predefined::Gbk.split(b"A\xd6\xd0", &mut v);
        assert_eq!(v, vec![(0x41, 1), (0xD6D0, 2)]);
    }
}
