//! The `cmap` table of an embedded TrueType / OpenType font, inverted: glyph id → Unicode.
//! Used for `Identity-H` CID fonts with no ToUnicode and no known character collection (a
//! common export from office suites), where the font's own cmap is the only clue. Every read
//! is bounds-checked; a malformed table yields an empty map.

use std::collections::HashMap;

fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(o)?, *b.get(o + 1)?]))
}

fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*b.get(o)?, *b.get(o + 1)?, *b.get(o + 2)?, *b.get(o + 3)?]))
}

/// Glyph id → character from the font's Unicode cmap subtable (format 4 or 12).
pub(crate) fn glyph_to_unicode(font: &[u8]) -> HashMap<u16, char> {
    let mut out = HashMap::new();
    let _ = parse(font, &mut out);
    out
}

fn parse(font: &[u8], out: &mut HashMap<u16, char>) -> Option<()> {
    let num_tables = u16_at(font, 4)? as usize;
    let mut cmap = None;
    for i in 0..num_tables.min(256) {
        let rec = 12 + i * 16;
        if font.get(rec..rec + 4)? == b"cmap" {
            cmap = Some(u32_at(font, rec + 8)? as usize);
        }
    }
    let cmap = cmap?;
    let n = u16_at(font, cmap + 2)? as usize;
    // Prefer full Unicode (3,10), then BMP (3,1), then any Unicode platform (0,*).
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n.min(64) {
        let rec = cmap + 4 + i * 8;
        let (pid, eid) = (u16_at(font, rec)?, u16_at(font, rec + 2)?);
        let off = cmap + u32_at(font, rec + 4)? as usize;
        let rank = match (pid, eid) {
            (3, 10) => 3,
            (3, 1) => 2,
            (0, _) => 1,
            _ => 0,
        };
        if rank > 0 && best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, off));
        }
    }
    let (_, sub) = best?;
    match u16_at(font, sub)? {
        4 => format4(font, sub, out),
        12 => format12(font, sub, out),
        _ => None,
    }
}

fn put(out: &mut HashMap<u16, char>, gid: u32, cp: u32) {
    if gid == 0 || gid > 0xFFFF || out.len() >= 100_000 {
        return;
    }
    if let Some(c) = char::from_u32(cp) {
        if !c.is_control() && !(0xE000..=0xF8FF).contains(&cp) {
            out.entry(gid as u16).or_insert(c);
        }
    }
}

fn format4(font: &[u8], sub: usize, out: &mut HashMap<u16, char>) -> Option<()> {
    let segx2 = u16_at(font, sub + 6)? as usize;
    let ends = sub + 14;
    let starts = ends + segx2 + 2;
    let deltas = starts + segx2;
    let ranges = deltas + segx2;
    for s in 0..segx2 / 2 {
        let end = u16_at(font, ends + s * 2)? as u32;
        let start = u16_at(font, starts + s * 2)? as u32;
        let delta = u16_at(font, deltas + s * 2)?;
        let ro = u16_at(font, ranges + s * 2)? as usize;
        if start > end || start == 0xFFFF {
            continue;
        }
        for c in start..=end {
            let gid = if ro == 0 {
                (c as u16).wrapping_add(delta) as u32
            } else {
                let at = ranges + s * 2 + ro + (c - start) as usize * 2;
                match u16_at(font, at) {
                    Some(0) | None => continue,
                    Some(g) => g.wrapping_add(delta) as u32,
                }
            };
            put(out, gid, c);
        }
    }
    Some(())
}

fn format12(font: &[u8], sub: usize, out: &mut HashMap<u16, char>) -> Option<()> {
    let groups = u32_at(font, sub + 12)? as usize;
    for g in 0..groups.min(100_000) {
        let at = sub + 16 + g * 12;
        let (start, end, gid) = (u32_at(font, at)?, u32_at(font, at + 4)?, u32_at(font, at + 8)?);
        if end < start || end - start > 0x10FFFF {
            continue;
        }
        for (k, c) in (start..=end).enumerate().take(65_536) {
            put(out, gid.saturating_add(k as u32), c);
        }
    }
    Some(())
}
