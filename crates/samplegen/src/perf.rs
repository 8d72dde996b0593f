//! The performance corpus (issue #9): `N` dossiers of realistic size and variety, built on the
//! sample generator's form data and DOCX writer.
//!
//! Each dossier holds a 15–40 page application form (the template's tables, long narratives),
//! 2–4 scan-like JPEGs of 1500–2500 px (paper texture and noise, 200–800 KB), 2–3 PDFs of 1–10
//! pages in Chinese with an embedded CJK font subset, and one XLSX. About 10 % of dossiers are
//! zipped (GBK names). A few files are planted: byte-identical copies of another dossier's PDF,
//! near-duplicate images (another dossier's scan cropped, resized and re-encoded) and copied
//! narrative sections; the list is written beside the batch (`OUT.planted.json`). Every other
//! file is unique: narratives mix the phrase bank with sentences of pseudo-words drawn per
//! dossier, so cross-dossier similarity is not flooded by shared templates.
//!
//! Everything is a pure function of `(seed, index)`: the batch is the same for a seed whatever
//! the thread count (dossiers are built in parallel with rayon and written independently).
//!
//! PDF fonts: the PDFs embed a TrueType subset (via `subsetter`) of the system's WenQuanYi Micro
//! Hei (`/usr/share/fonts/truetype/wqy/wqy-microhei.ttc`, Debian `fonts-wqy-microhei`, or the
//! file named by `DOSSIER_CJK_FONT`), as Word and WPS exports do: Type0 / Identity-H /
//! CIDFontType2 with widths and a ToUnicode CMap. Without that font the PDFs name the Adobe
//! standard font STSong-Light with the predefined UniGB-UCS2-H CMap (not embedded), and
//! [`font_embedded`] says so; the text is the same either way.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use image::{imageops, Rgb, RgbImage};
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use crate::bank;
use crate::data::{generate, word_count, FormData, Spec};
use crate::gbkzip;
use crate::rng::Rng;

/// What was planted across dossiers (written to `OUT.planted.json`).
#[derive(Debug, Default, Clone)]
pub struct Planted {
    /// `(file, copy_of)`: byte-identical files, as `dossier_id/name`.
    pub duplicates: Vec<(String, String)>,
    /// `(file, derived_from)`: near-duplicate images.
    pub near_duplicate_images: Vec<(String, String)>,
    /// `(dossier, section, copied_from)`: a narrative section copied from another dossier.
    pub copied_narratives: Vec<(String, &'static str, String)>,
}

/// One generated performance dossier.
#[derive(Debug, Clone)]
pub struct PerfDossier {
    /// Dossier id (folder or zip stem).
    pub id: String,
    /// Files in order (the form first).
    pub files: Vec<(String, Vec<u8>)>,
    /// Shipped as one zip.
    pub as_zip: bool,
    /// Approximate form length in pages (the narrative target).
    pub pages: u32,
    /// What this dossier plants.
    pub planted: Planted,
}

/// Totals of a written corpus.
#[derive(Debug, Default, Clone)]
pub struct PerfSummary {
    /// Dossiers written.
    pub dossiers: usize,
    /// Files (zip members counted).
    pub files: usize,
    /// Bytes on disk (zips counted once).
    pub bytes: u64,
    /// Zipped dossiers.
    pub zipped: usize,
    /// Everything planted.
    pub planted: Planted,
}

fn mix(seed: u64, i: u64, salt: u64) -> u64 {
    let mut z = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(i.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(salt.wrapping_mul(0x94D0_49BB_1331_11EB));
    z ^= z >> 31;
    z = z.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    z ^ (z >> 29)
}

/// The dossier id of the `i`-th dossier.
pub fn dossier_id(i: usize) -> String {
    format!("SX2025-P{:06}", i + 1)
}

fn spec(seed: u64, i: usize) -> Spec {
    let mut s = Spec::corpus((seed % 1_000_000) * 1_000_003 + i as u64);
    s.id = dossier_id(i);
    s.seed = mix(seed, i as u64, 1);
    s.licence_seed = mix(seed, i as u64, 2);
    s
}

// ---------------------------------------------------------------------------------------------
// Text

/// Every CJK character of the phrase bank: the alphabet of the pseudo-words.
fn alphabet() -> &'static [char] {
    static A: OnceLock<Vec<char>> = OnceLock::new();
    A.get_or_init(|| {
        let pools: [&[&str]; 14] = [
            bank::BACKGROUND,
            bank::SCENARIOS,
            bank::ADVANTAGES,
            bank::DATA_FOUNDATION,
            bank::TECH_ROUTE,
            bank::GOVERNANCE,
            bank::INNOVATION,
            bank::SECURITY,
            bank::PAIN_POINTS,
            bank::EFFECTS,
            bank::BENEFITS,
            bank::PROMOTION,
            bank::SUSTAINABILITY,
            bank::ROLES,
        ];
        let mut v: Vec<char> = pools
            .iter()
            .flat_map(|p| p.iter())
            .flat_map(|s| s.chars())
            .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Text source of one dossier: bank sentences (slots filled) and pseudo-word sentences.
struct Prose<'a> {
    d: &'a FormData,
    words: Vec<String>,
    r: Rng,
}

const ALL_POOLS: [&[&str]; 13] = [
    bank::BACKGROUND,
    bank::SCENARIOS,
    bank::ADVANTAGES,
    bank::DATA_FOUNDATION,
    bank::TECH_ROUTE,
    bank::GOVERNANCE,
    bank::INNOVATION,
    bank::SECURITY,
    bank::PAIN_POINTS,
    bank::EFFECTS,
    bank::BENEFITS,
    bank::PROMOTION,
    bank::SUSTAINABILITY,
];

const JOINERS: &[&str] = &["通过", "围绕", "依托", "结合", "针对", "基于", "面向", "利用"];
const ENDINGS: &[&str] = &["，", "，并", "，进而", "，同时", "，从而", "；"];

impl<'a> Prose<'a> {
    fn new(d: &'a FormData, seed: u64) -> Prose<'a> {
        let mut r = Rng::new(seed);
        let a = alphabet();
        let words = (0..400)
            .map(|_| {
                let n = r.range(2, 4) as usize;
                (0..n).map(|_| *r.pick(a)).collect::<String>()
            })
            .collect();
        Prose { d, words, r }
    }

    fn fill(&mut self, t: &str) -> String {
        let dom = &bank::DOMAINS[self.d.spec.track % bank::DOMAINS.len()];
        let r = &mut self.r;
        t.replace("{F}", dom.field)
            .replace("{S}", dom.scene)
            .replace("{U}", r.pick::<&str>(dom.users))
            .replace("{X}", r.pick::<&str>(dom.data))
            .replace("{Y}", r.pick::<&str>(dom.data))
            .replace("{P}", &format!("“{}”", self.d.project_name))
            .replace("{T}", r.pick::<&str>(bank::TECHS))
            .replace("{N}", &r.range(12, 60).to_string())
            .replace("{M}", &r.range(5, 40).to_string())
    }

    fn sentence(&mut self) -> String {
        if self.r.chance(15) {
            let pool = *self.r.pick(&ALL_POOLS);
            let t = *self.r.pick(pool);
            return self.fill(t);
        }
        let mut s = String::new();
        let clauses = self.r.range(2, 4);
        for c in 0..clauses {
            if c == 0 || self.r.chance(30) {
                s.push_str(self.r.pick::<&str>(JOINERS));
            }
            for _ in 0..self.r.range(3, 6) {
                let w = self.r.below(self.words.len() as u64) as usize;
                s.push_str(&self.words[w]);
            }
            if self.r.chance(20) {
                s.push_str(&format!("{}%", self.r.range(5, 95)));
            }
            s.push_str(if c + 1 == clauses { "。" } else { self.r.pick::<&str>(ENDINGS) });
        }
        s
    }

    /// Paragraphs of 120–300 字 adding up to about `chars` 字.
    fn paras(&mut self, chars: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut total = 0;
        while total < chars {
            let want = self.r.range(120, 300) as usize;
            let mut p = String::new();
            while word_count(&p) < want {
                p.push_str(&self.sentence());
            }
            total += word_count(&p);
            out.push(p);
        }
        out
    }
}

/// The narrative sections that are lengthened, with their 字 limits.
const SECTIONS: [&str; 8] = [
    "background",
    "narrative_scenarios",
    "advantages",
    "data_foundation",
    "technical_route",
    "data_governance",
    "innovation",
    "security",
];
const LIMITS: [usize; 8] = [500, 500, 1000, 3000, 3000, 3000, 3000, 3000];

fn section_mut<'d>(d: &'d mut FormData, name: &str) -> &'d mut Vec<String> {
    match name {
        "background" => &mut d.background,
        "narrative_scenarios" => &mut d.narrative_scenarios,
        "advantages" => &mut d.advantages,
        "data_foundation" => &mut d.data_foundation,
        "technical_route" => &mut d.technical_route,
        "data_governance" => &mut d.data_governance,
        "innovation" => &mut d.innovation,
        _ => &mut d.security,
    }
}

/// The form data of the `i`-th dossier with its narratives lengthened to `pages` pages
/// (about 750 字 a page beyond the 6 pages of tables). About one form in eight runs over its
/// limits (as real ones do); the others stay within 95 % of every limit.
fn form_data(seed: u64, i: usize) -> (FormData, u32) {
    let s = spec(seed, i);
    let mut d = generate(&s);
    let mut r = Rng::new(mix(seed, i as u64, 3));
    let over = r.chance(12);
    let pages = r.range(15, 40) as u32;
    let target = (pages as usize).saturating_sub(6) * 750;
    let budget: usize = LIMITS.iter().sum();
    let have: Vec<usize> =
        SECTIONS.iter().map(|name| section_mut(&mut d, name).iter().map(|p| word_count(p)).sum()).collect();
    let mut prose = Prose::new(&d, mix(seed, i as u64, 4));
    let mut extra = Vec::new();
    for (k, have) in have.into_iter().enumerate() {
        let mut want = target * LIMITS[k] / budget;
        if !over {
            want = want.min(LIMITS[k] * 95 / 100);
        }
        let mut add = prose.paras(want.saturating_sub(have));
        if !over {
            // Trim to the limit: drop whole paragraphs from the end.
            while !add.is_empty() && have + add.iter().map(|p| word_count(p)).sum::<usize>() > LIMITS[k] * 95 / 100 {
                add.pop();
            }
        }
        extra.push(add);
    }
    drop(prose);
    for (name, add) in SECTIONS.iter().zip(extra) {
        section_mut(&mut d, name).extend(add);
    }
    (d, pages)
}

// ---------------------------------------------------------------------------------------------
// Images

/// A scan-like colour JPEG of `w`×`h`: paper tint with fibre texture and sensor noise, a frame,
/// grey text lines, a seal, a slight lighting gradient. `noise` (3–14) sets the texture amplitude.
pub fn scan_image(seed: u64, w: u32, h: u32, noise: u32) -> RgbImage {
    let mut r = Rng::new(seed);
    let paper = [232 + r.below(16) as i32, 228 + r.below(16) as i32, 214 + r.below(20) as i32];
    let mut img = RgbImage::new(w, h);
    let mut state = seed | 1;
    let amp = noise.max(1) as i32;
    for y in 0..h {
        let shade = (y as i32 * 12 / h as i32) - 6;
        for x in 0..w {
            // xorshift per pixel: cheap, deterministic texture.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let n = (state % (2 * amp as u64 + 1)) as i32 - amp + shade;
            let fibre = if state >> 60 == 0 { -18 } else { 0 };
            let px = [
                (paper[0] + n + fibre).clamp(0, 255) as u8,
                (paper[1] + n + fibre).clamp(0, 255) as u8,
                (paper[2] + n + fibre).clamp(0, 255) as u8,
            ];
            img.put_pixel(x, y, Rgb(px));
        }
    }
    let ink = |img: &mut RgbImage, x0: u32, y0: u32, rw: u32, rh: u32, c: [u8; 3], state: &mut u64| {
        for y in y0..(y0 + rh).min(h) {
            for x in x0..(x0 + rw).min(w) {
                *state ^= *state << 13;
                *state ^= *state >> 7;
                *state ^= *state << 17;
                let j = (*state % 40) as u8;
                img.put_pixel(x, y, Rgb([c[0].saturating_add(j), c[1].saturating_add(j), c[2].saturating_add(j)]));
            }
        }
    };
    let red = [180, 30, 30];
    let m = w / 30;
    for (x, y, rw, rh) in
        [(m, m, w - 2 * m, 6), (m, h - m - 6, w - 2 * m, 6), (m, m, 6, h - 2 * m), (w - m - 6, m, 6, h - 2 * m)]
    {
        ink(&mut img, x, y, rw, rh, red, &mut state);
    }
    // Title and text lines: short dark marks (glyph-like) along each line.
    ink(&mut img, w * 3 / 8, h / 12, w / 4, h / 40, [40, 30, 30], &mut state);
    let line_h = h / 48;
    let mut y = h / 6;
    while y + line_h < h * 5 / 6 {
        let mut x = w / 10;
        let end = w / 10 + (w * 7 / 10) * (50 + r.below(50) as u32) / 100;
        while x + line_h < end {
            let gw = line_h * (60 + r.below(40) as u32) / 100;
            ink(&mut img, x, y, gw, line_h * 3 / 4, [30, 30, 40], &mut state);
            x += line_h;
        }
        y += line_h * 2;
    }
    // Seal ring.
    let (cx, cy) = ((w * 3 / 4) as i64, (h * 3 / 4) as i64);
    let (ro, ri) = ((w / 9) as i64, (w / 9 - w / 70) as i64);
    for yy in (cy - ro).max(0)..(cy + ro).min(h as i64) {
        for xx in (cx - ro).max(0)..(cx + ro).min(w as i64) {
            let d2 = (xx - cx).pow(2) + (yy - cy).pow(2);
            if d2 <= ro * ro && d2 >= ri * ri {
                img.put_pixel(xx as u32, yy as u32, Rgb([200, 40, 40]));
            }
        }
    }
    img
}

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    img.write_with_encoder(enc).expect("jpeg");
    out
}

/// Parameters of the `k`-th scan of dossier `i`.
fn scan_params(seed: u64, i: usize, k: usize) -> (u64, u32, u32, u32, u8) {
    let s = mix(seed, i as u64, 100 + k as u64);
    let mut r = Rng::new(s);
    let long = r.range(1500, 2500) as u32;
    let short = long * (68 + r.below(8) as u32) / 100;
    let (w, h) = if r.chance(70) { (short, long) } else { (long, short) };
    // Texture amplitude scaled down for large pages, so the JPEG lands at 200–800 KB.
    let noise = (r.range(4, 9) * 2_600_000 / (w as u64 * h as u64)).clamp(3, 10) as u32;
    let q = r.range(78, 88) as u8;
    (s, w, h, noise, q)
}

fn scan_jpg(seed: u64, i: usize, k: usize) -> Vec<u8> {
    let (s, w, h, noise, mut q) = scan_params(seed, i, k);
    let img = scan_image(s, w, h, noise);
    let mut out = jpeg(&img, q);
    while out.len() > 800_000 && q > 50 {
        q -= 8;
        out = jpeg(&img, q);
    }
    out
}

/// Another dossier's scan, cropped 1–3 %, resized to 85–95 % and re-encoded at quality 72–80.
fn near_duplicate_jpg(seed: u64, of: usize, k: usize, salt: u64) -> Vec<u8> {
    let (s, w, h, noise, _) = scan_params(seed, of, k);
    let img = scan_image(s, w, h, noise);
    let mut r = Rng::new(salt);
    let cx = w * r.range(1, 3) as u32 / 100;
    let cy = h * r.range(1, 3) as u32 / 100;
    let cropped = imageops::crop_imm(&img, cx, cy, w - 2 * cx, h - 2 * cy).to_image();
    let f = r.range(85, 95) as u32;
    let resized = imageops::resize(
        &cropped,
        cropped.width() * f / 100,
        cropped.height() * f / 100,
        imageops::FilterType::Triangle,
    );
    jpeg(&resized, r.range(72, 80) as u8)
}

// ---------------------------------------------------------------------------------------------
// PDFs

const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

fn font_data() -> Option<&'static [u8]> {
    static F: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    F.get_or_init(|| {
        let path = std::env::var_os("DOSSIER_CJK_FONT").map(PathBuf::from).unwrap_or_else(|| DEFAULT_FONT.into());
        let data = fs::read(path).ok()?;
        ttf_parser::Face::parse(&data, 0).ok()?;
        Some(data)
    })
    .as_deref()
}

/// Whether generated PDFs embed a CJK font subset (the system font was found).
pub fn font_embedded() -> bool {
    font_data().is_some()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(data).expect("deflate");
    e.finish().expect("deflate")
}

/// Objects of a PDF being written; `finish` adds the xref table and trailer.
struct PdfWriter {
    objects: Vec<Vec<u8>>,
}

impl PdfWriter {
    fn add(&mut self, body: Vec<u8>) -> usize {
        self.objects.push(body);
        self.objects.len()
    }
    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        o.extend_from_slice(data);
        o.extend_from_slice(b"\nendstream");
        o
    }
    fn finish(self, root: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let mut x = format!("xref\n0 {}\n0000000000 65535 f \n", self.objects.len() + 1);
        for off in offsets {
            x.push_str(&format!("{off:010} 00000 n \n"));
        }
        x.push_str(&format!(
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.objects.len() + 1
        ));
        out.extend_from_slice(x.as_bytes());
        out
    }
}

/// A PDF of `lines` (already wrapped) in a CJK font, 42 lines a page, A4, 11 pt, with a title
/// line in 16 pt on the first page.
pub fn cjk_pdf(title: &str, lines: &[String]) -> Vec<u8> {
    let mut chars: Vec<char> = title.chars().chain(lines.iter().flat_map(|l| l.chars())).collect();
    chars.sort_unstable();
    chars.dedup();
    // code(char) -> 2-byte code in the content stream; font objects.
    let face = font_data().and_then(|d| ttf_parser::Face::parse(d, 0).ok());
    let mut w = PdfWriter { objects: Vec::new() };
    let (encode, font_obj): (Box<dyn Fn(char) -> u16>, usize) = match face {
        Some(face) => {
            let mut remap = subsetter::GlyphRemapper::new();
            let mut map: Vec<(char, u16, u16)> = Vec::new(); // char, new gid, width
            for &c in &chars {
                let gid = face.glyph_index(c).map_or(0, |g| g.0);
                let new = remap.remap(gid);
                let adv = face.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0) as u32;
                map.push((c, new, (adv * 1000 / face.units_per_em() as u32) as u16));
            }
            let sub = subsetter::subset(font_data().expect("font"), 0, &remap).expect("font subset");
            let ff = w.add(PdfWriter::stream(&format!("/Filter /FlateDecode /Length1 {}", sub.len()), &deflate(&sub)));
            let bbox = face.global_bounding_box();
            let desc =
                w.add(
                    format!(
                    "<< /Type /FontDescriptor /FontName /AAAAAB+WenQuanYiMicroHei /Flags 4 /FontBBox [{} {} {} {}] \
                     /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 {ff} 0 R >>",
                    bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max,
                    face.ascender(), face.descender(), face.capital_height().unwrap_or(face.ascender())
                )
                    .into_bytes(),
                );
            let mut widths = String::new();
            let mut by_cid = map.clone();
            by_cid.sort_by_key(|m| m.1);
            by_cid.dedup_by_key(|m| m.1);
            for (_, cid, wd) in &by_cid {
                widths.push_str(&format!("{cid} [{wd}] "));
            }
            let cid = w.add(
                format!(
                    "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAB+WenQuanYiMicroHei \
                     /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                     /FontDescriptor {desc} 0 R /DW 1000 /W [{widths}] /CIDToGIDMap /Identity >>"
                )
                .into_bytes(),
            );
            let mut cmap = String::from(
                "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) \
                 /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
                 1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
            );
            for chunk in by_cid.chunks(100) {
                cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
                for (c, cid, _) in chunk {
                    let mut u = [0u16; 2];
                    let hex: String = c.encode_utf16(&mut u).iter().map(|x| format!("{x:04X}")).collect();
                    cmap.push_str(&format!("<{cid:04X}> <{hex}>\n"));
                }
                cmap.push_str("endbfchar\n");
            }
            cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
            let tu = w.add(PdfWriter::stream("/Filter /FlateDecode", &deflate(cmap.as_bytes())));
            let font = w.add(
                format!(
                    "<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAB+WenQuanYiMicroHei /Encoding /Identity-H \
                     /DescendantFonts [{cid} 0 R] /ToUnicode {tu} 0 R >>"
                )
                .into_bytes(),
            );
            let lookup: std::collections::HashMap<char, u16> = map.iter().map(|(c, g, _)| (*c, *g)).collect();
            (Box::new(move |c| lookup.get(&c).copied().unwrap_or(0)), font)
        }
        None => {
            let cid = w.add(
                b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) \
                  /Ordering (GB1) /Supplement 4 >> /DW 1000 >>"
                    .to_vec(),
            );
            let font = w.add(
                format!(
                    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [{cid} 0 R] >>"
                )
                .into_bytes(),
            );
            (Box::new(|c: char| if (c as u32) < 0x10000 { c as u32 as u16 } else { 0x3000 }), font)
        }
    };
    let hex = |s: &str| -> String { s.chars().map(|c| format!("{:04X}", encode(c))).collect() };
    const PER_PAGE: usize = 42;
    let pages: Vec<&[String]> = if lines.is_empty() { vec![&[][..]] } else { lines.chunks(PER_PAGE).collect() };
    let pages_id = w.objects.len() + 2 * pages.len() + 1;
    let mut kids = Vec::new();
    for (p, chunk) in pages.iter().enumerate() {
        let mut c = String::from("BT\n");
        let mut y = 770;
        if p == 0 {
            c.push_str(&format!("/F1 16 Tf\n1 0 0 1 72 {y} Tm\n<{}> Tj\n", hex(title)));
            y -= 30;
        }
        c.push_str("/F1 11 Tf\n");
        for l in chunk.iter() {
            c.push_str(&format!("1 0 0 1 72 {y} Tm\n<{}> Tj\n", hex(l)));
            y -= 16;
        }
        c.push_str(&format!("ET\nBT\n/F1 9 Tf\n1 0 0 1 290 40 Tm\n<{}> Tj\nET\n", hex(&format!("第 {} 页", p + 1))));
        let content = w.add(PdfWriter::stream("/Filter /FlateDecode", &deflate(c.as_bytes())));
        let page = w.add(
            format!(
                "<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font_obj} 0 R >> >> /Contents {content} 0 R >>"
            )
            .into_bytes(),
        );
        kids.push(format!("{page} 0 R"));
    }
    let pid = w.add(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), kids.len()).into_bytes());
    debug_assert_eq!(pid, pages_id);
    let root = w.add(format!("<< /Type /Catalog /Pages {pid} 0 R >>").into_bytes());
    w.finish(root)
}

/// Wraps paragraphs into lines of at most 40 full-width characters (half-width counts one half),
/// a blank line between paragraphs.
fn wrap(paras: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paras {
        let mut line = String::new();
        let mut width = 0;
        for (n, c) in p.chars().enumerate() {
            if n == 0 {
                line.push_str("　　");
                width = 4;
            }
            line.push(c);
            width += if c.is_ascii() { 1 } else { 2 };
            if width >= 80 {
                out.push(std::mem::take(&mut line));
                width = 0;
            }
        }
        if !line.is_empty() {
            out.push(line);
        }
        out.push(String::new());
    }
    out
}

const PDF_KINDS: [(&str, &str); 5] = [
    ("技术服务合同", "合同"),
    ("审计报告", "审计报告"),
    ("发明专利证书", "专利证书"),
    ("软件著作权登记证书", "软著证书"),
    ("项目应用证明", "应用证明"),
];

/// The `k`-th PDF of dossier `i`: (file name, bytes).
fn pdf_attachment(seed: u64, i: usize, k: usize, d: &FormData) -> (String, Vec<u8>) {
    let mut r = Rng::new(mix(seed, i as u64, 200 + k as u64));
    let (title, short) = PDF_KINDS[(k + r.below(PDF_KINDS.len() as u64) as usize) % PDF_KINDS.len()];
    let pages = if r.chance(40) { 1 } else { r.range(2, 10) } as usize;
    let lead = &d.units[0];
    let mut paras = vec![
        format!("单位名称：{}", lead.name),
        format!("统一社会信用代码：{}", lead.credit_code),
        format!("项目名称：{}", d.project_name),
    ];
    match short {
        "合同" => {
            if let Some(c) = d.contracts.first() {
                paras.push(format!("甲方（委托方）：{}", c.party_a));
                paras.push(format!("乙方（受托方）：{}", c.party_b));
                paras.push(format!("合同金额：人民币{}万元", crate::data::num(c.amount)));
            }
        }
        "专利证书" => {
            if let Some(p) = d.patents.first() {
                paras.push(format!("专利号：{}", p.canonical));
                paras.push(format!("专利权人：{}", lead.name));
            }
        }
        _ => {}
    }
    let mut prose = Prose::new(d, mix(seed, i as u64, 300 + k as u64));
    // ~42 lines a page, ~40 字 a line, paragraphs with a blank line between: ~1400 字 a page.
    paras.extend(prose.paras((pages * 1400).saturating_sub(300)));
    let mut lines = wrap(&paras);
    lines.truncate(pages * 42);
    (format!("{short}-{}.pdf", k + 1), cjk_pdf(title, &lines))
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet

fn xlsx(seed: u64, i: usize, d: &FormData) -> Vec<u8> {
    let mut r = Rng::new(mix(seed, i as u64, 400));
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 6, 20).expect("date");
    wb.set_properties(&DocProperties::new().set_author("财务部").set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("财务数据").expect("sheet");
    let lead = &d.units[0];
    for (c, h) in ["年度", "营业收入（万元）", "利润总额（万元）", "数据技术研发投入（万元）"].iter().enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold).expect("cell");
    }
    ws.write_string(0, 5, format!("单位：{}", lead.name)).expect("cell");
    for (k, year) in [2024u32, 2023, 2022].iter().enumerate() {
        let row = 1 + k as u32;
        ws.write_string(row, 0, format!("{year}年")).expect("cell");
        ws.write_number(row, 1, lead.revenue[k]).expect("cell");
        ws.write_number(row, 2, lead.profit[k]).expect("cell");
    }
    let ws = wb.add_worksheet();
    ws.set_name("项目明细").expect("sheet");
    for (c, h) in ["序号", "客户名称", "合同金额（万元）", "签订日期", "备注"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).expect("cell");
    }
    let rows = r.range(50, 600) as u32;
    let mut prose = Prose::new(d, mix(seed, i as u64, 401));
    for row in 1..=rows {
        ws.write_number(row, 0, row as f64).expect("cell");
        let w1 = prose.words[r.below(400) as usize].clone();
        let w2 = prose.words[r.below(400) as usize].clone();
        ws.write_string(row, 1, format!("{w1}{w2}有限公司")).expect("cell");
        ws.write_number(row, 2, r.range(5, 900) as f64 + r.below(100) as f64 / 100.0).expect("cell");
        ws.write_string(row, 3, format!("2024-{:02}-{:02}", r.range(1, 12), r.range(1, 28))).expect("cell");
        if r.chance(30) {
            ws.write_string(row, 4, prose.sentence()).expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

// ---------------------------------------------------------------------------------------------
// Dossiers

/// Counts of the `i`-th dossier's attachments: (scans, pdfs).
fn counts(seed: u64, i: usize) -> (usize, usize) {
    let mut r = Rng::new(mix(seed, i as u64, 5));
    (r.range(2, 4) as usize, r.range(2, 3) as usize)
}

/// The `i`-th dossier of a corpus of `n` for `seed`. Dossier `i` plants, when `i ≥ 1`:
/// a copy of dossier `i-1`'s first PDF (`i % 50 == 7`), a near-duplicate of dossier `i-1`'s first
/// scan (`i % 50 == 23`), dossier `i-1`'s 数据要素基础 section (`i % 50 == 41`).
pub fn perf_dossier(seed: u64, i: usize) -> PerfDossier {
    let id = dossier_id(i);
    let (mut d, pages) = form_data(seed, i);
    let mut planted = Planted::default();
    let prev = i.checked_sub(1);
    if let Some(j) = prev.filter(|_| i % 50 == 41) {
        let (dj, _) = form_data(seed, j);
        d.data_foundation = dj.data_foundation.clone();
        planted.copied_narratives.push((id.clone(), "data_foundation", dossier_id(j)));
    }
    let mut files = vec![(crate::FORM_FILE.to_string(), crate::form::docx(&d))];
    let (scans, pdfs) = counts(seed, i);
    const SCAN_NAMES: [&str; 4] = ["营业执照.jpg", "资质证书扫描件.jpg", "获奖证书.jpg", "现场照片.jpg"];
    for (k, name) in SCAN_NAMES.iter().enumerate().take(scans) {
        files.push((name.to_string(), scan_jpg(seed, i, k)));
    }
    for k in 0..pdfs {
        files.push(pdf_attachment(seed, i, k, &d));
    }
    files.push(("财务数据.xlsx".to_string(), xlsx(seed, i, &d)));
    if let Some(j) = prev.filter(|_| i % 50 == 7) {
        let (dj, _) = form_data(seed, j);
        let (name, bytes) = pdf_attachment(seed, j, 0, &dj);
        let copy = format!("附件-{name}");
        planted.duplicates.push((format!("{id}/{copy}"), format!("{}/{name}", dossier_id(j))));
        files.push((copy, bytes));
    }
    if let Some(j) = prev.filter(|_| i % 50 == 23) {
        let name = "营业执照副本.jpg".to_string();
        planted.near_duplicate_images.push((format!("{id}/{name}"), format!("{}/{}", dossier_id(j), SCAN_NAMES[0])));
        files.push((name, near_duplicate_jpg(seed, j, 0, mix(seed, i as u64, 6))));
    }
    let as_zip = Rng::new(mix(seed, i as u64, 7)).chance(10);
    PerfDossier { id, files, as_zip, pages, planted }
}

fn write_one(out: &Path, d: &PerfDossier) -> io::Result<u64> {
    if d.as_zip {
        let entries: Vec<(&str, &[u8], gbkzip::Method)> = d
            .files
            .iter()
            .map(|(n, b)| {
                let m = if n.ends_with(".jpg") { gbkzip::Method::Stored } else { gbkzip::Method::Deflated };
                (n.as_str(), b.as_slice(), m)
            })
            .collect();
        let bytes = gbkzip::write(&entries);
        fs::write(out.join(format!("{}.zip", d.id)), &bytes)?;
        Ok(bytes.len() as u64)
    } else {
        let dir = out.join(&d.id);
        fs::create_dir_all(&dir)?;
        let mut total = 0;
        for (name, bytes) in &d.files {
            fs::write(dir.join(name), bytes)?;
            total += bytes.len() as u64;
        }
        Ok(total)
    }
}

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn planted_json(p: &Planted) -> String {
    let dup: Vec<String> = p
        .duplicates
        .iter()
        .map(|(a, b)| format!("{{\"file\": {}, \"copy_of\": {}}}", json_str(a), json_str(b)))
        .collect();
    let near: Vec<String> = p
        .near_duplicate_images
        .iter()
        .map(|(a, b)| format!("{{\"file\": {}, \"derived_from\": {}}}", json_str(a), json_str(b)))
        .collect();
    let text: Vec<String> = p
        .copied_narratives
        .iter()
        .map(|(a, s, b)| {
            format!("{{\"dossier\": {}, \"section\": {}, \"copied_from\": {}}}", json_str(a), json_str(s), json_str(b))
        })
        .collect();
    format!(
        "{{\n  \"cjk_font_embedded\": {},\n  \"duplicates\": [{}],\n  \"near_duplicate_images\": [{}],\n  \"copied_narratives\": [{}]\n}}\n",
        font_embedded(),
        dup.join(", "),
        near.join(", "),
        text.join(", ")
    )
}

/// Writes `n` dossiers for `seed` into the batch folder `out` (created; existing dossiers of the
/// same ids are overwritten) and the planted list to `out.planted.json` beside it.
pub fn write_perf(out: &Path, n: usize, seed: u64) -> io::Result<PerfSummary> {
    fs::create_dir_all(out)?;
    let results: Vec<io::Result<(u64, usize, bool, Planted)>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let d = perf_dossier(seed, i);
            let bytes = write_one(out, &d)?;
            Ok((bytes, d.files.len(), d.as_zip, d.planted))
        })
        .collect();
    let mut s = PerfSummary { dossiers: n, ..Default::default() };
    for r in results {
        let (bytes, files, zipped, p) = r?;
        s.bytes += bytes;
        s.files += files;
        s.zipped += zipped as usize;
        s.planted.duplicates.extend(p.duplicates);
        s.planted.near_duplicate_images.extend(p.near_duplicate_images);
        s.planted.copied_narratives.extend(p.copied_narratives);
    }
    let mut manifest = out.as_os_str().to_os_string();
    manifest.push(".planted.json");
    fs::write(PathBuf::from(manifest), planted_json(&s.planted))?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = perf_dossier(3, 7);
        let b = perf_dossier(3, 7);
        assert_eq!(a.files, b.files);
        assert_eq!(a.planted.duplicates.len(), 1);
        let jpgs: Vec<usize> = a.files.iter().filter(|f| f.0.ends_with(".jpg")).map(|f| f.1.len()).collect();
        assert!(jpgs.len() >= 2);
        assert!(jpgs.iter().all(|&n| (150_000..=900_000).contains(&n)), "{jpgs:?}");
        let pdfs = a.files.iter().filter(|f| f.0.ends_with(".pdf")).count();
        assert!(pdfs >= 3, "two or three PDFs and the planted copy");
        assert_ne!(perf_dossier(3, 8).files[0], a.files[0]);
        assert_ne!(perf_dossier(4, 7).files[0], a.files[0]);
    }

    #[test]
    fn near_duplicate_differs_in_bytes() {
        let d = perf_dossier(1, 23);
        let near = &d.files.iter().find(|f| f.0 == "营业执照副本.jpg").unwrap().1;
        let orig = scan_jpg(1, 22, 0);
        assert_ne!(near, &orig);
        let a = image::load_from_memory(near).unwrap();
        let b = image::load_from_memory(&orig).unwrap();
        assert!(a.width() < b.width() && a.width() * 100 / b.width() >= 80);
    }
}
