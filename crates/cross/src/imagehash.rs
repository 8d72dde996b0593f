//! Perceptual image hash: a DCT hash (pHash) over a 32×32 grey thumbnail.
//!
//! The picture is reduced to 32×32 grey with a box filter (each output pixel the mean of the
//! source pixels it covers, so scale changes average out), transformed with a 2-D DCT-II, and
//! the 8×8 lowest frequencies except the DC term are compared with their median: one bit per
//! coefficient, 63 bits used (the DC bit is always 0). Low frequencies carry the layout of a
//! page — frames, blocks, seals — which survives JPEG re-encoding, resizing, a few percent of
//! cropping and a slight rotation; the bits flip for a different layout.
//!
//! The hash alone cannot tell two *different* scans of the same kind of document apart (every
//! business licence has the same frame, title and seal; measured: 2–14 bits between different
//! generated licences, up to 16 for a 5 % crop of one). So the hash only proposes candidates
//! (an LSH over it, with [`crop_variants`] so cropped copies land near), and a candidate is
//! confirmed on a 64×64 blurred thumbnail aligned over rotation, scale and shift
//! ([`residual`]): 0 for every edit measured (JPEG q40–70, resize 80–120 %, crops of 5 %,
//! rotations of 2° and their combination), at least 0.054 for a different licence
//! (`tests/robustness.rs` prints the figures).

use image::DynamicImage;

const N: usize = 32;
const LOW: usize = 8;

/// The 64-bit DCT hash of an image.
pub fn phash(img: &DynamicImage) -> u64 {
    phash_with(img, 0.0)
}

/// Hashes of the picture cropped by 5 % at each corner and around the centre: a copy that was
/// cropped lands near one of them even when it is far from the uncropped hash.
pub fn crop_variants(img: &DynamicImage) -> Vec<u64> {
    let (w, h) = (img.width(), img.height());
    let (cw, ch) = (w / 20, h / 20);
    if cw == 0 || ch == 0 {
        return Vec::new();
    }
    [(0, 0), (cw, 0), (0, ch), (cw, ch), (cw / 2, ch / 2)]
        .iter()
        .map(|&(x, y)| phash(&img.crop_imm(x, y, w - cw, h - ch)))
        .collect()
}

/// The hash over the picture less `margin` of its width and height on every side.
#[doc(hidden)]
pub fn phash_with(img: &DynamicImage, margin: f64) -> u64 {
    let grey = img.to_luma32f();
    let (fw, fh) = (grey.width() as usize, grey.height() as usize);
    let (mx, my) = ((fw as f64 * margin) as usize, (fh as f64 * margin) as usize);
    let (w, h) = (fw.saturating_sub(2 * mx), fh.saturating_sub(2 * my));
    if w == 0 || h == 0 {
        return 0;
    }
    let full = grey.as_raw();
    let mut src = Vec::with_capacity(w * h);
    for y in my..my + h {
        src.extend_from_slice(&full[y * fw + mx..y * fw + mx + w]);
    }
    // Box-filter reduction to N×N (area average).
    let mut small = [[0f64; N]; N];
    for (oy, row) in small.iter_mut().enumerate() {
        let y0 = oy * h / N;
        let y1 = ((oy + 1) * h / N).max(y0 + 1).min(h);
        for (ox, cell) in row.iter_mut().enumerate() {
            let x0 = ox * w / N;
            let x1 = ((ox + 1) * w / N).max(x0 + 1).min(w);
            let mut s = 0f64;
            for y in y0..y1 {
                let line = &src[y * w..y * w + w];
                for v in &line[x0..x1] {
                    s += f64::from(*v);
                }
            }
            *cell = s / ((y1 - y0) * (x1 - x0)) as f64;
        }
    }
    let coef = dct_low(&small);
    let mut vals: Vec<f64> = Vec::with_capacity(LOW * LOW - 1);
    for (u, row) in coef.iter().enumerate() {
        for (v, c) in row.iter().enumerate() {
            if u + v > 0 {
                vals.push(*c);
            }
        }
    }
    let mut sorted = vals.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let median = (sorted[sorted.len() / 2] + sorted[(sorted.len() - 1) / 2]) / 2.0;
    let mut bits = 0u64;
    for (i, v) in vals.iter().enumerate() {
        if *v > median {
            bits |= 1 << i;
        }
    }
    bits
}

/// The LOW×LOW lowest coefficients of the 2-D DCT-II of an N×N block.
fn dct_low(a: &[[f64; N]; N]) -> [[f64; LOW]; LOW] {
    let mut cos = [[0f64; N]; LOW];
    for (u, row) in cos.iter_mut().enumerate() {
        for (x, c) in row.iter_mut().enumerate() {
            *c = (std::f64::consts::PI * (2 * x + 1) as f64 * u as f64 / (2 * N) as f64).cos();
        }
    }
    // Rows first: tmp[y][v] = Σx a[y][x] cos[v][x].
    let mut tmp = [[0f64; LOW]; N];
    for y in 0..N {
        for v in 0..LOW {
            tmp[y][v] = (0..N).map(|x| a[y][x] * cos[v][x]).sum();
        }
    }
    let mut out = [[0f64; LOW]; LOW];
    for u in 0..LOW {
        for v in 0..LOW {
            out[u][v] = (0..N).map(|y| tmp[y][v] * cos[u][y]).sum();
        }
    }
    out
}

/// Bits that differ between two hashes.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Side of the grey thumbnail kept for verification.
pub const THUMB: usize = 64;

/// A THUMB×THUMB grey thumbnail (area average), contrast-stretched to 0–255.
pub fn thumbnail(img: &DynamicImage) -> Vec<u8> {
    let grey = img.to_luma32f();
    let (w, h) = (grey.width() as usize, grey.height() as usize);
    if w == 0 || h == 0 {
        return vec![0; THUMB * THUMB];
    }
    let src = grey.as_raw();
    let mut out = vec![0f64; THUMB * THUMB];
    for oy in 0..THUMB {
        let y0 = oy * h / THUMB;
        let y1 = ((oy + 1) * h / THUMB).max(y0 + 1).min(h);
        for ox in 0..THUMB {
            let x0 = ox * w / THUMB;
            let x1 = ((ox + 1) * w / THUMB).max(x0 + 1).min(w);
            let mut s = 0f64;
            for y in y0..y1 {
                for v in &src[y * w + x0..y * w + x1] {
                    s += f64::from(*v);
                }
            }
            out[oy * THUMB + ox] = s / ((y1 - y0) * (x1 - x0)) as f64;
        }
    }
    // A light blur: thin lines (frames, strokes) land on the grid differently after a
    // rotation; blurred, they differ by little, while blocks of other content still differ.
    let mut blurred = vec![0f64; THUMB * THUMB];
    for y in 0..THUMB {
        for x in 0..THUMB {
            let (mut s, mut n) = (0f64, 0f64);
            for yy in y.saturating_sub(1)..(y + 2).min(THUMB) {
                for xx in x.saturating_sub(1)..(x + 2).min(THUMB) {
                    s += out[yy * THUMB + xx];
                    n += 1.0;
                }
            }
            blurred[y * THUMB + x] = s / n;
        }
    }
    let out = blurred;
    let lo = out.iter().copied().fold(f64::MAX, f64::min);
    let hi = out.iter().copied().fold(f64::MIN, f64::max);
    let span = (hi - lo).max(1e-9);
    out.iter().map(|v| ((v - lo) / span * 255.0).round() as u8).collect()
}

fn sample(t: &[u8], x: f64, y: f64) -> Option<f64> {
    let m = (THUMB - 1) as f64;
    if !(0.0..m).contains(&x) || !(0.0..m).contains(&y) {
        return None;
    }
    let (x0, y0) = (x.floor() as usize, y.floor() as usize);
    let (fx, fy) = (x - x0 as f64, y - y0 as f64);
    let g = |xx: usize, yy: usize| f64::from(t[yy * THUMB + xx]);
    Some(
        g(x0, y0) * (1.0 - fx) * (1.0 - fy)
            + g(x0 + 1, y0) * fx * (1.0 - fy)
            + g(x0, y0 + 1) * (1.0 - fx) * fy
            + g(x0 + 1, y0 + 1) * fx * fy,
    )
}

/// `b` resampled: rotated by `rot` radians and scaled by `s` about the centre, shifted by
/// (`dx`, `dy`) thumbnail pixels.
fn warp(b: &[u8], aspect: f64, rot: f64, s: f64, dx: f64, dy: f64) -> Vec<Option<f64>> {
    let c = (THUMB as f64 - 1.0) / 2.0;
    let (sn, cs) = rot.sin_cos();
    let mut out = Vec::with_capacity(THUMB * THUMB);
    for y in 0..THUMB {
        for x in 0..THUMB {
            // In the picture's own proportions (the thumbnail squeezes it square).
            let (u, v) = ((x as f64 - c) * aspect, y as f64 - c);
            let (ru, rv) = (s * (cs * u - sn * v), s * (sn * u + cs * v));
            out.push(sample(b, ru / aspect + c + dx, rv + c + dy));
        }
    }
    out
}

/// Mean squared difference over the pixels of `a` (less a border of `m`) that `w` covers.
fn sq_diff(a: &[u8], w: &[Option<f64>], m: usize) -> Option<f64> {
    let (mut sum, mut n) = (0f64, 0usize);
    for y in m..THUMB - m {
        for x in m..THUMB - m {
            if let Some(q) = w[y * THUMB + x] {
                sum += (f64::from(a[y * THUMB + x]) - q).powi(2);
                n += 1;
            }
        }
    }
    (n > (THUMB - 2 * m).pow(2) * 3 / 4).then(|| sum / n as f64)
}

/// How different two thumbnails are (`aspect` = width / height of the picture `a`): the share (0–1) of pixels of `a` (less a border of 1/16
/// of the side) whose grey level differs by more than [`RESIDUAL_GREY`] from `b` once `b` is
/// aligned to `a` — best rotation within ±2°, scale 0.92–1.08 and shift up to 6 % of the side
/// (what a crop of 5 %, a resize or a slightly skewed scan does to a page). 0 for the same
/// picture re-saved; content that differs (other text lengths, another seal) does not align away.
pub fn residual(a: &[u8], b: &[u8], aspect: f64) -> f64 {
    let aspect = if aspect.is_finite() && aspect > 0.0 { aspect } else { 1.0 };
    if a.len() != THUMB * THUMB || b.len() != THUMB * THUMB {
        return 1.0;
    }
    let m = THUMB / 16;
    // The same picture re-saved: no alignment needed.
    let here = share_different(a, &b.iter().map(|v| Some(f64::from(*v))).collect::<Vec<_>>(), m);
    if here == 0.0 {
        return 0.0;
    }
    let k = (THUMB as f64 * 0.06).ceil() as i32;
    // Coarse search (whole pixels, 1°, 2 % scale), then refine around the best.
    let mut best = (f64::MAX, 0.0, 1.0, 0.0, 0.0);
    for ri in -2..=2 {
        let rot = f64::from(ri).to_radians();
        for si in -4..=4 {
            let s = 1.0 + f64::from(si) * 0.02;
            for dy in (-k..=k).step_by(2) {
                for dx in (-k..=k).step_by(2) {
                    if let Some(e) = sq_diff(a, &warp(b, aspect, rot, s, f64::from(dx), f64::from(dy)), m) {
                        if e < best.0 {
                            best = (e, rot, s, f64::from(dx), f64::from(dy));
                        }
                    }
                }
            }
        }
    }
    for step in [1.0, 0.5, 0.25] {
        let (_, r0, s0, x0, y0) = best;
        for dr in [-0.5f64, 0.0, 0.5] {
            for ds in [-0.01, 0.0, 0.01] {
                for ddy in [-step, 0.0, step] {
                    for ddx in [-step, 0.0, step] {
                        let (r, s, dx, dy) = (r0 + (dr * step).to_radians(), s0 + ds * step, x0 + ddx, y0 + ddy);
                        if let Some(e) = sq_diff(a, &warp(b, aspect, r, s, dx, dy), m) {
                            if e < best.0 {
                                best = (e, r, s, dx, dy);
                            }
                        }
                    }
                }
            }
        }
    }
    let w = warp(b, aspect, best.1, best.2, best.3, best.4);
    share_different(a, &w, m).min(here)
}

/// Share of the pixels of `a` (less a border of `m`) that differ from `w` by more than
/// [`RESIDUAL_GREY`].
fn share_different(a: &[u8], w: &[Option<f64>], m: usize) -> f64 {
    let (mut bad, mut n) = (0usize, 0usize);
    for y in m..THUMB - m {
        for x in m..THUMB - m {
            if let Some(q) = w[y * THUMB + x] {
                n += 1;
                if (f64::from(a[y * THUMB + x]) - q).abs() > RESIDUAL_GREY {
                    bad += 1;
                }
            }
        }
    }
    if n == 0 {
        1.0
    } else {
        bad as f64 / n as f64
    }
}

/// Grey-level difference (of 255) that counts a pixel as different in [`residual`].
pub const RESIDUAL_GREY: f64 = 48.0;
