//! The perceptual hash and its threshold, measured: the same scan re-encoded, resized 80–120 %,
//! cropped up to 5 % and rotated up to 2° must stay within the threshold; other scans of the
//! same kind of document (same frame, title and seal, different content) must stay above it.
//! Prints the figures the thresholds in `Config::default` were chosen from.

use cross::imagehash::{distance, phash, reduce, residual, thumbnail};
use image::{DynamicImage, Rgb, RgbImage};

fn jpeg(img: &DynamicImage, q: u8) -> DynamicImage {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
    img.to_rgb8().write_with_encoder(enc).unwrap();
    image::load_from_memory(&out).unwrap()
}

fn resize(img: &DynamicImage, f: f64) -> DynamicImage {
    let (w, h) = (img.width() as f64 * f, img.height() as f64 * f);
    img.resize_exact(w as u32, h as u32, image::imageops::FilterType::Triangle)
}

/// Crops `frac` of the width and height, `lead` of it from the left/top edge.
fn crop(img: &DynamicImage, frac: f64, lead: f64) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    let (cw, ch) = ((w as f64 * frac) as u32, (h as f64 * frac) as u32);
    let (x, y) = ((cw as f64 * lead) as u32, (ch as f64 * lead) as u32);
    img.crop_imm(x, y, w - cw, h - ch)
}

/// Rotates by `deg` about the centre (bilinear), filling with white like a scanner bed.
fn rotate(img: &DynamicImage, deg: f64) -> DynamicImage {
    let src = img.to_rgb8();
    let (w, h) = (src.width(), src.height());
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let mut out = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let sx = c * dx + s * dy + cx;
            let sy = -s * dx + c * dy + cy;
            if sx >= 0.0 && sy >= 0.0 && sx < (w - 1) as f64 && sy < (h - 1) as f64 {
                let (x0, y0) = (sx.floor() as u32, sy.floor() as u32);
                let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
                let mut p = [0u8; 3];
                for (k, slot) in p.iter_mut().enumerate() {
                    let g = |xx, yy| f64::from(src.get_pixel(xx, yy).0[k]);
                    let v = g(x0, y0) * (1.0 - fx) * (1.0 - fy)
                        + g(x0 + 1, y0) * fx * (1.0 - fy)
                        + g(x0, y0 + 1) * (1.0 - fx) * fy
                        + g(x0 + 1, y0 + 1) * fx * fy;
                    *slot = v.round() as u8;
                }
                out.put_pixel(x, y, Rgb(p));
            }
        }
    }
    DynamicImage::ImageRgb8(out)
}

#[test]
fn phash_threshold_separates_edited_copies_from_other_scans() {
    let cfg = cross::Config::default();
    let mut worst_same = 0;
    let mut worst_residual = 0f64;
    let mut best_other = f64::MAX;
    for seed in [1u64, 42, 1234] {
        // Hashes and thumbnails from the working copy, as `ImagePrint::of` makes them.
        let full = image::load_from_memory(&samplegen::attach::licence_jpg(seed)).unwrap();
        let img = reduce(&full);
        let h = phash(&img);
        let variants = cross::imagehash::crop_variants(&img);
        let t = thumbnail(&img);
        let edits: Vec<(String, DynamicImage)> = vec![
            ("jpeg q=40".into(), jpeg(&full, 40)),
            ("jpeg q=70".into(), jpeg(&full, 70)),
            ("resize 80%".into(), jpeg(&resize(&full, 0.8), 75)),
            ("resize 90%".into(), resize(&full, 0.9)),
            ("resize 120%".into(), jpeg(&resize(&full, 1.2), 75)),
            ("crop 5% top-left".into(), crop(&full, 0.05, 1.0)),
            ("crop 5% centred".into(), crop(&full, 0.05, 0.5)),
            ("crop 5% bottom-right".into(), crop(&full, 0.05, 0.0)),
            ("rotate 1°".into(), rotate(&full, 1.0)),
            ("rotate 2°".into(), rotate(&full, 2.0)),
            ("rotate -2°".into(), rotate(&full, -2.0)),
            (
                "rotate 2° + crop 3% + resize 85% + jpeg".into(),
                jpeg(&resize(&crop(&rotate(&full, 2.0), 0.03, 0.5), 0.85), 60),
            ),
        ];
        for (name, e) in &edits {
            let e = &reduce(e);
            let he = phash(e);
            let d = variants.iter().fold(distance(h, he), |m, v| m.min(distance(*v, he)));
            let r = residual(&t, &thumbnail(e), 1.5);
            println!("seed {seed:>6} {name:<42} distance {d:>2} residual {r:.4}");
            worst_same = worst_same.max(d);
            worst_residual = worst_residual.max(r);
        }
        for other in [2u64, 43, 1235, 77] {
            if other == seed {
                continue;
            }
            let o = reduce(&image::load_from_memory(&samplegen::attach::licence_jpg(other)).unwrap());
            let d = distance(h, phash(&o));
            let r = residual(&t, &thumbnail(&o), 1.5);
            println!("seed {seed:>6} other {other:<36} distance {d:>2} residual {r:.4}");
            best_other = best_other.min(r);
        }
    }
    println!(
        "edited copies: hash within {worst_same} bits (candidate limit {}), residual at most {worst_residual:.4}; \
         other scans: residual at least {best_other:.4}; residual limit {}",
        cfg.image_max_distance, cfg.image_max_residual
    );
    assert!(worst_same <= cfg.image_max_distance, "an edited copy's hash is {worst_same} bits away");
    assert!(worst_residual <= cfg.image_max_residual, "an edited copy differs by {worst_residual}");
    assert!(best_other > cfg.image_max_residual * 2.0, "another scan differs by only {best_other}");
}
