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

/// Longest side of the grey working copy the hashes and the thumbnail are computed from.
pub const WORK_SIDE: u32 = 512;

/// A grey copy of the picture averaged down (area average, in integers) so that its long side
/// is at most [`WORK_SIDE`]: the hash reduces to 32×32 and the thumbnail to 64×64 anyway, and
/// a 2,500-pixel scan costs one pass instead of a float copy per hash (measured: the fingerprint
/// stage was 77 of 96 CPU seconds on the bench's 200 dossiers).
pub fn reduce(img: &DynamicImage) -> DynamicImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    // Grey levels of a row, straight from the common 8-bit layouts (BT.709 weights, as the
    // `image` crate uses, in integers: its general conversion went through floats per pixel and
    // was a fifth of the fingerprint stage).
    let owned;
    let (raw, channels): (&[u8], usize) = match img {
        DynamicImage::ImageLuma8(g) => (g.as_raw(), 1),
        DynamicImage::ImageRgb8(b) => (b.as_raw(), 3),
        DynamicImage::ImageRgba8(b) => (b.as_raw(), 4),
        other => {
            owned = other.to_luma8();
            (owned.as_raw(), 1)
        }
    };
    let grey_row = |y: usize, out: &mut Vec<u32>| {
        out.clear();
        let row = &raw[y * w * channels..(y + 1) * w * channels];
        if channels == 1 {
            out.extend(row.iter().map(|v| u32::from(*v)));
        } else {
            out.extend(
                row.chunks_exact(channels)
                    .map(|p| (2126 * u32::from(p[0]) + 7152 * u32::from(p[1]) + 722 * u32::from(p[2]) + 5000) / 10000),
            );
        }
    };
    let long = w.max(h);
    if w == 0 || h == 0 {
        return DynamicImage::ImageLuma8(image::GrayImage::new(1, 1));
    }
    let (ow, oh) = if long <= WORK_SIDE as usize {
        (w, h)
    } else {
        ((w * WORK_SIDE as usize / long).max(1), (h * WORK_SIDE as usize / long).max(1))
    };
    // Row bands summed per column, then column bands per output pixel.
    let mut out = vec![0u8; ow * oh];
    let mut acc = vec![0u32; w];
    let mut line = Vec::with_capacity(w);
    for oy in 0..oh {
        let y0 = oy * h / oh;
        let y1 = ((oy + 1) * h / oh).max(y0 + 1).min(h);
        acc.iter_mut().for_each(|a| *a = 0);
        for y in y0..y1 {
            grey_row(y, &mut line);
            for (a, v) in acc.iter_mut().zip(&line) {
                *a += *v;
            }
        }
        for ox in 0..ow {
            let x0 = ox * w / ow;
            let x1 = ((ox + 1) * w / ow).max(x0 + 1).min(w);
            let s: u32 = acc[x0..x1].iter().sum();
            let n = ((y1 - y0) * (x1 - x0)) as u32;
            out[oy * ow + ox] = ((s + n / 2) / n) as u8;
        }
    }
    DynamicImage::ImageLuma8(image::GrayImage::from_raw(ow as u32, oh as u32, out).expect("sized buffer"))
}

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

/// A grey picture of `side`×`side` pixels in `f32`, for the alignment.
struct Plane {
    side: usize,
    px: Vec<f32>,
}

impl Plane {
    fn of(t: &[u8]) -> Plane {
        Plane { side: THUMB, px: t.iter().map(|v| f32::from(*v)).collect() }
    }

    /// Half the side, each pixel the mean of 2×2.
    fn half(&self) -> Plane {
        let h = self.side / 2;
        let mut px = Vec::with_capacity(h * h);
        for y in 0..h {
            for x in 0..h {
                let at = |xx: usize, yy: usize| self.px[yy * self.side + xx];
                px.push(
                    (at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1)) / 4.0,
                );
            }
        }
        Plane { side: h, px }
    }
}

/// One alignment of `b` onto `a`: rotation (radians) and scale about the centre, then a shift
/// in pixels of the plane's own side.
#[derive(Clone, Copy)]
struct Pose {
    rot: f64,
    scale: f64,
    dx: f64,
    dy: f64,
}

/// Visits the pixels of `a` (less a border of `m`) that `b` warped by `pose` covers, with the
/// bilinear sample of `b` there; stops early when `visit` returns false. Coordinates advance
/// by constant steps along a row (the warp is affine), and nothing is allocated.
fn for_each_warped(a: &Plane, b: &Plane, aspect: f64, pose: Pose, m: usize, mut visit: impl FnMut(f32, f32) -> bool) {
    let side = a.side;
    let c = (side as f64 - 1.0) / 2.0;
    let (sn, cs) = pose.rot.sin_cos();
    let s = pose.scale;
    let limit = (side - 1) as f32;
    // src_x = s·(cs·u − sn·v)/aspect + c + dx, src_y = s·(sn·u + cs·v) + c + dy,
    // with u = (x − c)·aspect, v = y − c.
    let (step_x, step_y) = ((s * cs) as f32, (s * sn * aspect) as f32);
    for y in m..side - m {
        let v = y as f64 - c;
        let u0 = (m as f64 - c) * aspect;
        let mut sx = (s * (cs * u0 - sn * v) / aspect + c + pose.dx) as f32;
        let mut sy = (s * (sn * u0 + cs * v) + c + pose.dy) as f32;
        let row = &a.px[y * side + m..y * side + side - m];
        for &av in row {
            if sx >= 0.0 && sy >= 0.0 && sx < limit && sy < limit {
                let (x0, y0) = (sx as usize, sy as usize);
                let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                let i = y0 * side + x0;
                let (top_row, bottom_row) = (&b.px[i..i + 2], &b.px[i + side..i + side + 2]);
                let top = top_row[0] + (top_row[1] - top_row[0]) * fx;
                let bottom = bottom_row[0] + (bottom_row[1] - bottom_row[0]) * fx;
                if !visit(av, top + (bottom - top) * fy) {
                    return;
                }
            }
            sx += step_x;
            sy += step_y;
        }
    }
}

/// Mean squared difference of `a` and `b` warped by `pose`, or `None` when `b` covers too little
/// of `a` or when the mean cannot beat `bound` (the search's best so far).
fn mean_sq(a: &Plane, b: &Plane, aspect: f64, pose: Pose, m: usize, bound: f64) -> Option<f64> {
    let inner = (a.side - 2 * m).pow(2);
    // Even with every pixel covered the mean would exceed the bound past this sum.
    let cap = if bound.is_finite() { bound * inner as f64 } else { f64::MAX };
    let (mut sum, mut n, mut over) = (0f64, 0usize, false);
    for_each_warped(a, b, aspect, pose, m, |p, q| {
        sum += f64::from((p - q) * (p - q));
        n += 1;
        over = sum > cap;
        !over
    });
    (!over && n > inner * 3 / 4).then(|| sum / n as f64)
}

/// From `pose`, nudges the shift by ±step pixels, the rotation by ±step° and the scale by
/// ±2·step % while that lowers the error, for each step in turn (at most four rounds a step).
fn descend(a: &Plane, b: &Plane, aspect: f64, mut pose: Pose, m: usize, steps: &[f64]) -> Pose {
    let mut err = mean_sq(a, b, aspect, pose, m, f64::INFINITY).unwrap_or(f64::INFINITY);
    for &step in steps {
        for _round in 0..4 {
            let mut moved = false;
            for param in 0..4 {
                for sign in [-1.0, 1.0] {
                    let mut p = pose;
                    match param {
                        0 => p.dx += sign * step,
                        1 => p.dy += sign * step,
                        2 => p.rot += (sign * step).to_radians(),
                        _ => p.scale += sign * 0.02 * step,
                    }
                    if let Some(e) = mean_sq(a, b, aspect, p, m, err) {
                        if e < err {
                            (err, pose, moved) = (e, p, true);
                        }
                    }
                }
            }
            if !moved {
                break;
            }
        }
    }
    pose
}

/// Share of the covered pixels of `a` that differ from `b` warped by `pose` by more than
/// [`RESIDUAL_GREY`].
fn share_off(a: &Plane, b: &Plane, aspect: f64, pose: Pose, m: usize) -> f64 {
    let (mut bad, mut n) = (0usize, 0usize);
    for_each_warped(a, b, aspect, pose, m, |p, q| {
        n += 1;
        if f64::from((p - q).abs()) > RESIDUAL_GREY {
            bad += 1;
        }
        true
    });
    if n == 0 {
        1.0
    } else {
        bad as f64 / n as f64
    }
}

/// How different two thumbnails are (`aspect` = width / height of the picture `a`): the share
/// (0–1) of pixels of `a` (less a border of 1/16 of the side) whose grey level differs by more
/// than [`RESIDUAL_GREY`] from `b` once `b` is aligned to `a` — best rotation within ±2°, scale
/// 0.92–1.08 and shift up to 6 % of the side (what a crop of 5 %, a resize or a slightly skewed
/// scan does to a page). 0 for the same picture re-saved; content that differs (other text
/// lengths, another seal) does not align away.
///
/// The search is coarse to fine: every rotation (2°), scale (4 %) and shift (2 pixels) on the
/// thumbnails reduced to 16×16, likeliest first, then descents on 32×32 and on the full 64×64
/// nudging one parameter at a time with halving steps. Each trial is one pass over the pixels with no
/// allocation, abandoned as soon as it cannot beat the best so far.
pub fn residual(a: &[u8], b: &[u8], aspect: f64) -> f64 {
    let aspect = if aspect.is_finite() && aspect > 0.0 { aspect } else { 1.0 };
    if a.len() != THUMB * THUMB || b.len() != THUMB * THUMB {
        return 1.0;
    }
    let (fa, fb) = (Plane::of(a), Plane::of(b));
    let m = THUMB / 16;
    let identity = Pose { rot: 0.0, scale: 1.0, dx: 0.0, dy: 0.0 };
    // The same picture re-saved: no alignment needed.
    let here = share_off(&fa, &fb, 1.0, identity, m);
    if here == 0.0 {
        return 0.0;
    }
    let (ha, hb) = (fa.half(), fb.half());
    let (qa, qb) = (ha.half(), hb.half());
    // Likely poses first (no rotation, no scaling, no shift), so that the bound that abandons
    // trials is tight early.
    let around = |n: i32| {
        let mut v: Vec<i32> = (-n..=n).collect();
        v.sort_by_key(|x| x.abs());
        v
    };
    // Quarter size (16×16): every rotation of 2°, scaling of 4 % and shift of half a pixel
    // (2 pixels of the thumbnail) up to 6 % of the side; at this size a 2° turn or a 4 %
    // scaling moves the inner pixels by about a quarter of a pixel.
    let mut best = (f64::INFINITY, identity);
    for ri in around(1) {
        for si in around(2) {
            for dy in around(2) {
                for dx in around(2) {
                    let pose = Pose {
                        rot: f64::from(2 * ri).to_radians(),
                        scale: 1.0 + f64::from(si) * 0.04,
                        dx: f64::from(dx) * 0.5,
                        dy: f64::from(dy) * 0.5,
                    };
                    if let Some(e) = mean_sq(&qa, &qb, aspect, pose, m / 4, best.0) {
                        if e < best.0 {
                            best = (e, pose);
                        }
                    }
                }
            }
        }
    }
    // Half size, then full size: shifts double at each level; a descent nudges one parameter
    // at a time both ways while that helps, with halving steps.
    let pose = Pose { dx: best.1.dx * 2.0, dy: best.1.dy * 2.0, ..best.1 };
    let pose = descend(&ha, &hb, aspect, pose, m / 2, &[1.0, 0.5, 0.25]);
    let pose = Pose { dx: pose.dx * 2.0, dy: pose.dy * 2.0, ..pose };
    let pose = descend(&fa, &fb, aspect, pose, m, &[0.25, 0.125]);
    share_off(&fa, &fb, aspect, pose, m).min(here)
}

/// Grey-level difference (of 255) that counts a pixel as different in [`residual`].
pub const RESIDUAL_GREY: f64 = 48.0;
