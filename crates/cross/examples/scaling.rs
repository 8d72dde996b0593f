//! Scaling bench of the cross stage alone (`cross::analyse`) on synthetic fingerprints:
//! 1,000 / 2,000 / 4,000 / 8,000 dossiers, each with 6 files (one a picture), 8 narrative
//! sections of ~400 characters, 3 members, 2 units, phones, an address and 2 IP numbers; 1 %
//! of dossiers share a file, a picture, a section, a person and a patent with another, so every
//! join has work to do. Fingerprints are built before the clock starts.
//!
//! `cargo run --release -p cross --example scaling [-- OUT.md]` prints the table and, given a
//! path, writes it (with date, commit and machine) there — `bench/cross-scaling.md`.

use std::time::Instant;

use cross::print::{IpPrint, Located, PersonPrint, PhonePrint, SectionPrint, UnitPrint};
use cross::{Config, Context, DossierPrint, FilePrint, ImagePrint};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Text over a vocabulary of common ideographs (so shingles of 8 are rarely shared by chance).
fn text(r: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from_u32(0x4E00 + r.below(3000) as u32).unwrap_or('数')).collect()
}

fn print(i: usize, r: &mut Rng, cx: &Context) -> DossierPrint {
    let cfg = &cx.config;
    let id = format!("D{i:05}");
    let mut files: Vec<FilePrint> = (0..6)
        .map(|k| FilePrint {
            path: format!("附件{k}.pdf"),
            sha256: format!("{:016x}{:016x}", r.next(), r.next()),
            bytes: 10_000 + r.below(1_000_000),
            role: "attachment".into(),
            images: Vec::new(),
        })
        .collect();
    let thumb: Vec<u8> = (0..cross::imagehash::THUMB * cross::imagehash::THUMB).map(|_| r.below(256) as u8).collect();
    files[0].images.push(ImagePrint {
        page: None,
        aspect: 1.5,
        phash: r.next(),
        variants: (0..5).map(|_| r.next()).collect(),
        thumb: cross::print::Thumb::new(thumb),
    });
    let fields = [
        "narrative.background",
        "narrative.scenarios",
        "narrative.advantages",
        "solution.data_foundation",
        "solution.technical_route",
        "solution.innovation",
        "outcomes",
        "business_model",
    ];
    let sections = fields
        .iter()
        .map(|f| {
            let t = text(r, 400);
            let n = cross::text::normalise(&t);
            let set = cross::text::shingles(&n.chars, cfg.shingle).into_iter().collect();
            SectionPrint {
                field: f.to_string(),
                minhash: cross::text::minhash(&set, cfg.minhash_bands * cfg.minhash_rows).into(),
                text: t.into(),
            }
        })
        .collect();
    DossierPrint {
        dossier_id: id,
        key_id: cx.key_id().to_string(),
        files,
        sections,
        project_name: text(r, 12),
        project_name_raw: String::new(),
        people: (0..3)
            .map(|k| PersonPrint {
                row: k + 1,
                name: text(r, 3),
                id_hash: format!("{:032x}", r.next()),
                id_masked: "1101**********1234".into(),
            })
            .collect(),
        phones: (0..4)
            .map(|k| PhonePrint {
                field: "team.members".into(),
                row: k + 1,
                owner: text(r, 3),
                hash: format!("{:032x}", r.next()),
                masked: "138****5678".into(),
            })
            .collect(),
        email_domains: Vec::new(),
        addresses: vec![Located { field: "units".into(), row: 1, value: String::new(), key: text(r, 16) }],
        units: (0..2)
            .map(|k| {
                let name = text(r, 12);
                UnitPrint { row: k + 1, key: name.clone(), name, credit_code: Some(format!("91{:016X}", r.next())) }
            })
            .collect(),
        ip: (0..2)
            .map(|k| IpPrint {
                field: "ip.patents".into(),
                row: k + 1,
                number: String::new(),
                key: format!("ZL{:012}", r.below(1_000_000_000_000)),
            })
            .collect(),
    }
}

fn batch(n: usize, cx: &Context) -> Vec<DossierPrint> {
    let mut r = Rng(n as u64);
    let mut ps: Vec<DossierPrint> = (0..n).map(|i| print(i, &mut r, cx)).collect();
    // 1 % share something with the dossier before them.
    for i in (1..n).step_by(100) {
        let prev = ps[i - 1].clone();
        let p = &mut ps[i];
        p.files[1].sha256 = prev.files[1].sha256.clone();
        p.files[0].images = prev.files[0].images.clone();
        p.sections[2] = prev.sections[2].clone();
        p.people[0].id_hash = prev.people[0].id_hash.clone();
        p.ip[0].key = prev.ip[0].key.clone();
    }
    ps
}

fn main() {
    let cx = Context::new(Config::default(), ["项目名称"], cross::DEFAULT_KEY);
    let mut rows = Vec::new();
    let mut ms_rows = Vec::new();
    let mut prev: Option<f64> = None;
    let sizes: Vec<usize> = std::env::var("SIZES")
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|_| vec![1000, 2000, 4000, 8000]);
    for n in sizes {
        let ps = batch(n, &cx);
        // Best of 3, to keep a shared machine's noise out.
        let mut best = f64::MAX;
        let mut out = None;
        for _ in 0..3 {
            let t = Instant::now();
            let o = cross::analyse(&ps, &[], &cx);
            best = best.min(t.elapsed().as_secs_f64());
            out = Some(o);
        }
        let o = out.expect("ran");
        let ratio = prev.map(|p| best / p);
        prev = Some(best);
        let line = format!(
            "| {n:>5} | {:>8.3} | {} | {:>5} | {:>4} | {:>6} | {:>6} |",
            best,
            ratio.map_or("   –  ".to_string(), |r| format!("{r:>5.2}×")),
            o.findings.len(),
            o.clusters.len(),
            o.stats.get("text_candidates").copied().unwrap_or(0),
            o.stats.get("image_candidates").copied().unwrap_or(0),
        );
        println!("{line}");
        let ms: Vec<String> =
            o.stats.iter().filter(|(k, _)| k.starts_with("ms_")).map(|(k, v)| format!("{} {v}", &k[3..])).collect();
        println!("        ms per join (last run): {}", ms.join(" · "));
        rows.push(line);
        ms_rows.push(format!("| {n:>5} | {} |", ms.join(" · ")));
    }
    if let Some(path) = std::env::args().nth(1) {
        let sh = |c: &str, a: &[&str]| {
            std::process::Command::new(c)
                .args(a)
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_default()
        };
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("model name"))
                    .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
            })
            .unwrap_or_default();
        let md = format!(
            "# Cross-dossier stage: scaling\n\n\
             `cargo run --release -p cross --example scaling -- bench/cross-scaling.md`: `cross::analyse` alone on \
             synthetic fingerprints (6 files with one picture, 8 narrative sections of ~400 characters, 3 members, \
             2 units, 4 phones, an address and 2 IP numbers per dossier; 1 % of dossiers share a file, a picture, a \
             section, a person and a patent with another). Best of 3 runs, wall time; the stage uses rayon on all cores for \
             sorting the LSH entries, the document frequencies and the picture alignments.\n\n\
             - date: {}\n- commit: {}\n- machine: {} ({} cores), {}\n\n\
             | dossiers | seconds | × per doubling | findings | clusters | text candidate pairs | picture candidate pairs |\n\
             | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n{}\n\n\
             Requirement: ≤ 2.2× per doubling (near-linear: hash joins and LSH banding, never all pairs).\n\n\
             Milliseconds per join (last of the 3 runs):\n\n| dossiers | joins |\n| ---: | --- |\n{}\n",
            sh("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            sh("git", &["rev-parse", "--short", "HEAD"]),
            cpu,
            sh("nproc", &[]),
            sh("uname", &["-sr"]),
            rows.join("\n"),
            ms_rows.join("\n")
        );
        std::fs::write(&path, md).expect("write the bench file");
        println!("written to {path}");
    }
}
