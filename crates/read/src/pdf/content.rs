//! The content-stream interpreter: text state, CTM and paths, enough to place every glyph on
//! the page and to collect axis-aligned ruling lines. Type3 glyph procedures are never run
//! (their text comes from the font's encoding), so a Type3 font drawing itself cannot loop;
//! form XObjects are entered with a depth limit and a cycle check.

use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as PdfDoc, Object, ObjectId};

use super::fonts::{self, Decoded, Font, GlyphText};

/// An affine matrix `[a b c d e f]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct M(pub(crate) [f32; 6]);

impl M {
    pub(crate) const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other` (apply self first, then other).
    pub(crate) fn mul(&self, o: &M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        M([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    pub(crate) fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    fn translate(x: f32, y: f32) -> M {
        M([1.0, 0.0, 0.0, 1.0, x, y])
    }
}

/// A glyph placed on the page (device space, y up).
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub(crate) x: f32,
    pub(crate) y: f32,
    /// Advance width on the page.
    pub(crate) w: f32,
    /// Font size on the page.
    pub(crate) size: f32,
    pub(crate) text: GlyphText,
    pub(crate) vertical: bool,
    pub(crate) seq: u32,
    /// Text direction: 0 upright, 1 rotated 90° (upwards), 2 rotated 270°, 3 upside down,
    /// 4 any other angle; positions are in a frame where the text reads left to right.
    pub(crate) frame: u8,
}

/// An axis-aligned ruling: horizontal when `y0 == y1`, vertical when `x0 == x1`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seg {
    pub(crate) x0: f32,
    pub(crate) y0: f32,
    pub(crate) x1: f32,
    pub(crate) y1: f32,
}

#[derive(Default)]
pub(crate) struct PageContent {
    /// The page's left and right edges (its MediaBox), when it has one.
    pub(crate) media_x: Option<(f32, f32)>,
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) segs: Vec<Seg>,
    pub(crate) images: usize,
    pub(crate) unmapped: usize,
    pub(crate) mapped: usize,
    pub(crate) warnings: Vec<String>,
}

/// Why interpretation stopped early.
pub(crate) enum Stop {
    Time,
}

pub(crate) struct Ctx<'a> {
    pub(crate) doc: &'a PdfDoc,
    pub(crate) fonts: HashMap<ObjectId, Rc<Font>>,
    pub(crate) deadline: Instant,
    pub(crate) max_stream: usize,
    pub(crate) max_glyphs: usize,
}

#[derive(Clone)]
struct GState {
    ctm: M,
}

#[derive(Clone)]
struct TextState {
    tm: M,
    tlm: M,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
    size: f32,
    font: Option<Rc<Font>>,
}

const MAX_FORM_DEPTH: usize = 12;
const MAX_Q_DEPTH: usize = 256;

impl Ctx<'_> {
    fn font(&mut self, resources: &[&Dictionary], name: &[u8]) -> Option<Rc<Font>> {
        for res in resources {
            let Some(fd) = fonts::get(self.doc, res, b"Font").and_then(|o| o.as_dict().ok()) else {
                continue;
            };
            let Ok(entry) = fd.get(name) else { continue };
            return match entry {
                Object::Reference(id) => {
                    if let Some(f) = self.fonts.get(id) {
                        return Some(f.clone());
                    }
                    let dict = self.doc.get_dictionary(*id).ok()?;
                    let f = Rc::new(Font::load(self.doc, dict, self.max_stream));
                    self.fonts.insert(*id, f.clone());
                    Some(f)
                }
                Object::Dictionary(d) => Some(Rc::new(Font::load(self.doc, d, self.max_stream))),
                _ => None,
            };
        }
        None
    }

    /// Interprets one content stream (already decompressed).
    pub(crate) fn run(
        &mut self,
        data: &[u8],
        resources: &[&Dictionary],
        ctm: M,
        depth: usize,
        forms: &mut Vec<ObjectId>,
        page: &mut PageContent,
    ) -> Result<(), Stop> {
        let mut gs = GState { ctm };
        let mut stack: Vec<(GState, TextState)> = Vec::new();
        let mut ts =
            TextState { tm: M::ID, tlm: M::ID, tc: 0.0, tw: 0.0, th: 1.0, tl: 0.0, rise: 0.0, size: 0.0, font: None };
        let mut path: Vec<(f32, f32, f32, f32, bool)> = Vec::new(); // segments, is-rect-edge
        let mut cur = (0.0f32, 0.0f32);
        let mut start = (0.0f32, 0.0f32);
        // Marked content: `/ActualText` replaces what the glyphs inside show (LibreOffice marks
        // a checked Wingdings box drawn with an empty-box glyph this way).
        let mut marked: Vec<Option<(GlyphText, bool)>> = Vec::new();
        let mut decoded: Vec<Decoded> = Vec::new();
        let mut scratch = Vec::new();
        let mut count = 0u32;
        for op in Content::decode_iter(data) {
            let Ok(op) = op else {
                page.warnings
                    .push("内容流有损坏，部分文字可能缺失 / damaged content stream: text may be partial".into());
                break;
            };
            count += 1;
            if count.is_multiple_of(2048) && Instant::now() > self.deadline {
                return Err(Stop::Time);
            }
            let a = &op.operands;
            let n = |i: usize| a.get(i).and_then(fonts::num).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < MAX_Q_DEPTH => stack.push((gs.clone(), ts.clone())),
                "Q" => {
                    // The text state parameters belong to the graphics state; the text
                    // matrices do not.
                    if let Some((g, t)) = stack.pop() {
                        gs = g;
                        ts = TextState { tm: ts.tm, tlm: ts.tlm, ..t };
                    }
                }
                "cm" if a.len() >= 6 => {
                    let m = M([n(0), n(1), n(2), n(3), n(4), n(5)]);
                    gs.ctm = m.mul(&gs.ctm);
                }
                "BT" => {
                    ts.tm = M::ID;
                    ts.tlm = M::ID;
                }
                "Tf" if a.len() >= 2 => {
                    ts.size = n(1);
                    ts.font = a[0].as_name().ok().and_then(|nm| self.font(resources, nm));
                }
                "Tc" => ts.tc = n(0),
                "Tw" => ts.tw = n(0),
                "Tz" => ts.th = n(0) / 100.0,
                "TL" => ts.tl = n(0),
                "Ts" => ts.rise = n(0),
                "Td" => {
                    ts.tlm = M::translate(n(0), n(1)).mul(&ts.tlm);
                    ts.tm = ts.tlm;
                }
                "TD" => {
                    ts.tl = -n(1);
                    ts.tlm = M::translate(n(0), n(1)).mul(&ts.tlm);
                    ts.tm = ts.tlm;
                }
                "Tm" if a.len() >= 6 => {
                    ts.tlm = M([n(0), n(1), n(2), n(3), n(4), n(5)]);
                    ts.tm = ts.tlm;
                }
                "T*" => {
                    ts.tlm = M::translate(0.0, -ts.tl).mul(&ts.tlm);
                    ts.tm = ts.tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator == "\"" && a.len() >= 3 {
                        ts.tw = n(0);
                        ts.tc = n(1);
                    }
                    if op.operator != "Tj" {
                        ts.tlm = M::translate(0.0, -ts.tl).mul(&ts.tlm);
                        ts.tm = ts.tlm;
                    }
                    if let Some(Object::String(s, _)) = a.last() {
                        self.show(s, &mut ts, &gs, page, &mut decoded, &mut scratch, &mut marked);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        for it in items {
                            match it {
                                Object::String(s, _) => {
                                    self.show(s, &mut ts, &gs, page, &mut decoded, &mut scratch, &mut marked)
                                }
                                o => {
                                    if let Some(v) = fonts::num(o) {
                                        let vertical = ts.font.as_ref().is_some_and(|f| f.vertical);
                                        let d = -v / 1000.0 * ts.size;
                                        ts.tm = if vertical {
                                            M::translate(0.0, d).mul(&ts.tm)
                                        } else {
                                            M::translate(d * ts.th, 0.0).mul(&ts.tm)
                                        };
                                    }
                                }
                            }
                        }
                    }
                }
                "m" if a.len() >= 2 => {
                    cur = gs.ctm.apply(n(0), n(1));
                    start = cur;
                }
                "l" if a.len() >= 2 => {
                    let p = gs.ctm.apply(n(0), n(1));
                    if path.len() < 100_000 {
                        path.push((cur.0, cur.1, p.0, p.1, false));
                    }
                    cur = p;
                }
                "c" | "v" | "y" => {
                    if let (Some(x), Some(y)) =
                        (a.get(a.len().saturating_sub(2)).and_then(fonts::num), a.last().and_then(fonts::num))
                    {
                        cur = gs.ctm.apply(x, y);
                    }
                }
                "h" => {
                    if path.len() < 100_000 {
                        path.push((cur.0, cur.1, start.0, start.1, false));
                    }
                    cur = start;
                }
                "re" if a.len() >= 4 => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let p = [
                        gs.ctm.apply(x, y),
                        gs.ctm.apply(x + w, y),
                        gs.ctm.apply(x + w, y + h),
                        gs.ctm.apply(x, y + h),
                    ];
                    if path.len() < 100_000 {
                        for k in 0..4 {
                            let (p0, p1) = (p[k], p[(k + 1) % 4]);
                            path.push((p0.0, p0.1, p1.0, p1.1, true));
                        }
                    }
                    cur = p[0];
                    start = cur;
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" => {
                    for &(x0, y0, x1, y1, _) in &path {
                        push_seg(&mut page.segs, x0, y0, x1, y1);
                    }
                    path.clear();
                }
                "f" | "F" | "f*" => {
                    // Filled shapes: thin rectangles are rules; larger fills are shading.
                    for rect in path.chunks(4) {
                        if rect.len() == 4 && rect.iter().all(|s| s.4) {
                            let xs = [rect[0].0, rect[1].0, rect[2].0, rect[3].0];
                            let ys = [rect[0].1, rect[1].1, rect[2].1, rect[3].1];
                            let (x0, x1) = (
                                xs.iter().cloned().fold(f32::MAX, f32::min),
                                xs.iter().cloned().fold(f32::MIN, f32::max),
                            );
                            let (y0, y1) = (
                                ys.iter().cloned().fold(f32::MAX, f32::min),
                                ys.iter().cloned().fold(f32::MIN, f32::max),
                            );
                            if y1 - y0 <= 2.5 && x1 - x0 > 2.5 {
                                let y = (y0 + y1) / 2.0;
                                push_seg(&mut page.segs, x0, y, x1, y);
                            } else if x1 - x0 <= 2.5 && y1 - y0 > 2.5 {
                                let x = (x0 + x1) / 2.0;
                                push_seg(&mut page.segs, x, y0, x, y1);
                            }
                        }
                    }
                    path.clear();
                }
                "n" => path.clear(),
                "BI" | "EI" => page.images += 1,
                "BMC" if marked.len() < 256 => marked.push(None),
                "BDC" if marked.len() < 256 => {
                    let props = match a.get(1) {
                        Some(Object::Dictionary(d)) => Some(d),
                        Some(Object::Name(n)) => resources
                            .iter()
                            .find_map(|r| fonts::get(self.doc, r, b"Properties").and_then(|o| o.as_dict().ok()))
                            .and_then(|p| fonts::get(self.doc, p, n))
                            .and_then(|o| o.as_dict().ok()),
                        _ => None,
                    };
                    let actual = props
                        .and_then(|d| fonts::get(self.doc, d, b"ActualText"))
                        .and_then(|o| o.as_str().ok())
                        .map(|b| (fonts::text_string(b), false));
                    marked.push(actual);
                }
                "EMC" => {
                    marked.pop();
                }
                "Do" => {
                    if let Some(name) = a.first().and_then(|o| o.as_name().ok()) {
                        self.xobject(name, resources, &gs, depth, forms, page)?;
                    }
                }
                _ => {}
            }
            if page.glyphs.len() >= self.max_glyphs {
                break;
            }
        }
        Ok(())
    }

    fn xobject(
        &mut self,
        name: &[u8],
        resources: &[&Dictionary],
        gs: &GState,
        depth: usize,
        forms: &mut Vec<ObjectId>,
        page: &mut PageContent,
    ) -> Result<(), Stop> {
        let doc = self.doc;
        for res in resources {
            let Some(xd) = fonts::get(doc, res, b"XObject").and_then(|o| o.as_dict().ok()) else { continue };
            let Ok(entry) = xd.get(name) else { continue };
            let Ok(id) = entry.as_reference() else { return Ok(()) };
            let Ok(Object::Stream(s)) = doc.get_object(id) else { return Ok(()) };
            let sub = s.dict.get(b"Subtype").and_then(|o| o.as_name()).unwrap_or(b"");
            if sub == b"Image" {
                page.images += 1;
                return Ok(());
            }
            if sub != b"Form" || depth >= MAX_FORM_DEPTH || forms.contains(&id) {
                return Ok(());
            }
            let matrix = fonts::get(doc, &s.dict, b"Matrix")
                .and_then(|o| o.as_array().ok())
                .filter(|a| a.len() == 6)
                .map(|a| {
                    let mut m = [0.0f32; 6];
                    for (k, v) in a.iter().enumerate() {
                        m[k] = fonts::num(v).unwrap_or(0.0);
                    }
                    M(m)
                })
                .unwrap_or(M::ID);
            let Some(data) = super::stream_data(s, self.max_stream) else { return Ok(()) };
            let own = fonts::get(doc, &s.dict, b"Resources").and_then(|o| o.as_dict().ok());
            let mut res2: Vec<&Dictionary> = Vec::with_capacity(resources.len() + 1);
            if let Some(own) = own {
                res2.push(own);
            }
            res2.extend_from_slice(resources);
            forms.push(id);
            let r = self.run(&data, &res2, matrix.mul(&gs.ctm), depth + 1, forms, page);
            forms.pop();
            return r;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn show(
        &mut self,
        bytes: &[u8],
        ts: &mut TextState,
        gs: &GState,
        page: &mut PageContent,
        decoded: &mut Vec<Decoded>,
        scratch: &mut Vec<(u32, usize)>,
        marked: &mut [Option<(GlyphText, bool)>],
    ) {
        let Some(font) = ts.font.clone() else { return };
        let mut actual = marked.iter_mut().rev().find_map(|m| m.as_mut());
        decoded.clear();
        font.decode(bytes, decoded, scratch);
        for d in decoded.drain(..) {
            let trm = M([ts.size * ts.th, 0.0, 0.0, ts.size, 0.0, ts.rise]).mul(&ts.tm).mul(&gs.ctm);
            let (x, y) = (trm.0[4], trm.0[5]);
            let (ta, tb) = (trm.0[0], trm.0[1]);
            let (frame, x, y) = if ta > 0.0 && tb.abs() <= 0.2 * ta {
                (0, x, y)
            } else if tb > 0.0 && ta.abs() <= 0.2 * tb {
                (1, y, -x)
            } else if tb < 0.0 && ta.abs() <= 0.2 * -tb {
                (2, -y, x)
            } else if ta < 0.0 && tb.abs() <= 0.2 * -ta {
                (3, -x, -y)
            } else {
                (4, x, y)
            };
            let size = (trm.0[2].hypot(trm.0[3])).max(0.01);
            let hscale = trm.0[0].hypot(trm.0[1]);
            let spacing = ts.tc + if d.is_space { ts.tw } else { 0.0 };
            let w = d.width * hscale;
            let text = match actual.as_deref_mut() {
                // The replacement text once, at the first glyph; the other glyphs only move.
                Some((t, done)) => {
                    if *done {
                        GlyphText::Nothing
                    } else {
                        *done = true;
                        t.clone()
                    }
                }
                None => d.text,
            };
            match text {
                GlyphText::Unmapped => page.unmapped += 1,
                GlyphText::Nothing => {}
                text => {
                    page.mapped += 1;
                    if page.glyphs.len() < self.max_glyphs {
                        let seq = page.glyphs.len() as u32;
                        page.glyphs.push(Glyph { x, y, w, size, text, vertical: font.vertical, seq, frame });
                    }
                }
            }
            if font.vertical {
                let ty = -(1.0 * ts.size) - spacing;
                ts.tm = M::translate(0.0, ty).mul(&ts.tm);
            } else {
                let tx = (d.width * ts.size + spacing) * ts.th;
                ts.tm = M::translate(tx, 0.0).mul(&ts.tm);
            }
        }
    }
}

fn push_seg(segs: &mut Vec<Seg>, x0: f32, y0: f32, x1: f32, y1: f32) {
    if segs.len() >= 50_000 || !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
        return;
    }
    if (y0 - y1).abs() < 1.0 && (x0 - x1).abs() > 2.0 {
        let y = (y0 + y1) / 2.0;
        segs.push(Seg { x0: x0.min(x1), y0: y, x1: x0.max(x1), y1: y });
    } else if (x0 - x1).abs() < 1.0 && (y0 - y1).abs() > 2.0 {
        let x = (x0 + x1) / 2.0;
        segs.push(Seg { x0: x, y0: y0.min(y1), x1: x, y1: y0.max(y1) });
    }
}
