//! Prints whose thumbnails and texts were moved to a spill file match, serialise and are
//! analysed exactly as the same prints in memory, and the file goes when they do.

use cross::print::SectionPrint;
use cross::{Context, DossierPrint, FilePrint, ImagePrint, Spill};
use image::{DynamicImage, Rgb, RgbImage};

fn scan(seed: u32) -> DynamicImage {
    let img = RgbImage::from_fn(600, 400, |x, y| {
        let v = ((x / 20 + y / 15 + seed) % 7 * 36) as u8;
        if (x / 40 + seed) % 3 == 0 {
            Rgb([v, 255 - v, 128])
        } else {
            Rgb([255, 255, 255])
        }
    });
    DynamicImage::ImageRgb8(img)
}

fn text(seed: u64, n: usize) -> String {
    let mut z = seed;
    (0..n)
        .map(|_| {
            z = z.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            char::from_u32(0x4E00 + ((z >> 33) % 3000) as u32).unwrap()
        })
        .collect()
}

fn print(id: &str, picture: u32, words: u64, cx: &Context) -> DossierPrint {
    let t = text(words, 500);
    let n = cross::text::normalise(&t);
    let set = cross::text::shingles(&n.chars, cx.config.shingle).into_iter().collect();
    DossierPrint {
        dossier_id: id.into(),
        key_id: cx.key_id().to_string(),
        files: vec![FilePrint {
            path: "营业执照.jpg".into(),
            sha256: format!("{id}-{picture}"),
            bytes: 200_000,
            role: "attachment".into(),
            images: vec![ImagePrint::of(&scan(picture), None)],
        }],
        sections: vec![SectionPrint {
            field: "narrative.background".into(),
            minhash: cross::text::minhash(&set, cx.config.minhash_bands * cx.config.minhash_rows).into(),
            text: t.into(),
        }],
        ..DossierPrint::default()
    }
}

#[test]
fn spilled_prints_are_analysed_and_serialised_as_in_memory() {
    let cx = Context::new(cross::Config::default(), ["项目名称"], cross::DEFAULT_KEY);
    // A and B share a picture (different files) and a section; C shares nothing.
    let here = vec![print("A", 1, 11, &cx), print("B", 1, 11, &cx), print("C", 2, 12, &cx)];
    let expected = cross::analyse(&here, &[], &cx);
    assert!(!expected.findings.is_empty(), "the copied picture and text are found");

    let dir = std::env::temp_dir().join(format!("cross-spill-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("spill.tmp");
    let store = Spill::create(&path).unwrap();
    let mut spilled = here.clone();
    for p in &mut spilled {
        p.spill(&store);
    }
    // Three thumbnails of 4 KiB and three packed texts went to the file.
    assert!(store.len() > 3 * 4096, "{} bytes spilled", store.len());
    for (a, b) in here.iter().zip(&spilled) {
        assert_eq!(serde_json::to_string(a).unwrap(), serde_json::to_string(b).unwrap());
        assert_eq!(a, b);
    }
    let got = cross::analyse(&spilled, &[], &cx);
    let json = |o: &cross::CrossOutput| {
        (o.findings.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>(), serde_json::to_string(&o.clusters).unwrap())
    };
    assert_eq!(json(&got), json(&expected));

    drop(store);
    assert!(path.exists(), "the prints still refer to it");
    drop(spilled);
    assert!(!path.exists(), "removed with the last print");
    std::fs::remove_dir_all(&dir).ok();
}
