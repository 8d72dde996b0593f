//! A generated batch for the cross-dossier stage: ordinary dossiers from the generator with
//! planted cases of every cross-dossier code, and hard negatives beside them.
//!
//! Planted (each listed in [`CrossBatch::truth`] as the pair of dossiers it joins):
//! `DUPLICATE_FILE` (a financial sheet copied into another dossier), `SIMILAR_IMAGE` (a licence
//! scan re-encoded, resized, cropped and rotated; another resized and recompressed; another
//! re-encoded inside a PDF),
//! `SIMILAR_TEXT` (a section copied whole; a section pasted inside a longer one),
//! `PERSON_IN_MULTIPLE_TEAMS` (a member with the same ID number — and phone — in two teams),
//! `IP_SHARED_ACROSS_DOSSIERS` (a patent number claimed twice), `TEAMS_LINKED` (a unit contact
//! phone, an e-mail domain, an address, a near-identical unit name), and, against a second
//! batch standing for another contest, `CROSS_CONTEST_DUPLICATE` (same project name, same
//! member, same unit credit code, same file).
//!
//! Hard negatives: most dossiers are of one track (the generator's sentence bank and the
//! template's wording shared), every dossier cites the same public standards in its security
//! section, every dossier has its own licence scan of the same layout (a different scan must
//! not match), one team sends its licence twice (identical bytes) and photographed again
//! (a same-dossier duplicate is not a cross finding), two teams use the same public mail
//! provider.

use image::{DynamicImage, Rgb, RgbImage};

use crate::data::{generate, FormData, Spec};
use crate::docx::Convention;
use crate::{attachments, form, Dossier, FORM_FILE};

/// A planted pair: the code and the two dossiers (`other_run/ID` for the second batch).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Planted {
    /// Finding code.
    pub code: &'static str,
    /// One dossier.
    pub a: String,
    /// The other.
    pub b: String,
}

/// The main batch, the other contest's batch, and what is planted.
#[derive(Debug, Clone)]
pub struct CrossBatch {
    /// Dossiers of this contest.
    pub dossiers: Vec<Dossier>,
    /// Dossiers of an earlier run of another contest (compared with `--against`).
    pub other: Vec<Dossier>,
    /// Planted pairs; the other run's dossiers are named `{other_run}/{id}`.
    pub truth: Vec<Planted>,
}

fn spec(id: &str, seed: u64, track: usize) -> Spec {
    let mut s = Spec::new(id, seed, Convention::Unicode);
    s.track = track;
    s.members = 2;
    s.units = 1;
    s.cases = 1;
    s.patents = 1;
    s.softwares = 1;
    s.contracts = 1;
    s
}

/// The public standards many teams cite (a hard negative for copied text).
const STANDARDS: &str = "项目严格遵循GB/T 35273-2020《信息安全技术 个人信息安全规范》、GB/T 37988-2019《信息安全技术 数据安全能力成熟度模型》以及《中华人民共和国数据安全法》《中华人民共和国个人信息保护法》的相关要求，建立数据分类分级保护制度。";

/// A team's own writing (not from the sentence bank), copied by another team.
const OWN_BACKGROUND: &str = "我们团队最早是在2021年冬季走访长治、晋城两地的十七家铸造厂时注意到这个问题的：一台中频炉每天的电耗波动可以相差四成，而车间主任手里只有一本手写的开炉记录。后来我们用三个月时间在两家企业试装了边缘采集盒，把炉温、功率和配料单对齐到分钟级，第一次看清了“同一炉料、不同班组”之间的能耗差别，这也是本项目立项的直接起点。";

/// Another team's own paragraph, pasted into a third team's longer section.
const OWN_INNOVATION: &str = "本项目最特别的一点，是把县级医保结算流水与乡镇卫生院的药品进销存台账做了逐笔勾稽：我们发现同一批次药品在三个环节的计量单位并不统一，于是自建了一张包含四千余条记录的“包装规格换算表”，由卫生院药剂人员每月复核一次。这张表目前已被两个相邻县借用，也是我们认为最难被复制的部分。";

fn finish(d: FormData, note: &str) -> Dossier {
    let mut files = vec![(FORM_FILE.to_string(), form::docx(&d))];
    files.extend(attachments(&d));
    Dossier {
        id: d.spec.id.clone(),
        form: Some(d),
        files,
        as_zip: false,
        note: note.to_string(),
        planted: Vec::new(),
        unreadable: Vec::new(),
    }
}

fn data(id: &str, seed: u64, track: usize) -> FormData {
    let mut d = generate(&spec(id, seed, track));
    d.security.push(STANDARDS.to_string());
    // The generator draws project names from a short list per track; teams' names differ.
    let place = d.units[0].address.chars().skip(3).take(2).collect::<String>();
    d.project_name = format!("{place}{}（{}）", d.project_name, &id[id.len() - 2..]);
    d.cover_project = d.project_name.clone();
    d
}

fn file<'a>(d: &'a Dossier, name_start: &str) -> &'a [u8] {
    &d.files.iter().find(|(n, _)| n.starts_with(name_start)).expect("file exists").1
}

fn set_file(d: &mut Dossier, name: &str, bytes: Vec<u8>) {
    match d.files.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = bytes,
        None => d.files.push((name.to_string(), bytes)),
    }
}

/// JPEG bytes of a picture at quality `q`.
pub fn jpeg(img: &DynamicImage, q: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
    img.to_rgb8().write_with_encoder(enc).expect("jpeg");
    out
}

/// Resized by `f`, cropped by `crop` (share of each side, from the top left), rotated by `deg`.
pub fn edit(bytes: &[u8], f: f64, crop: f64, deg: f64) -> DynamicImage {
    let img = image::load_from_memory(bytes).expect("generated JPEG decodes");
    let img = img.resize_exact(
        (f64::from(img.width()) * f) as u32,
        (f64::from(img.height()) * f) as u32,
        image::imageops::FilterType::Triangle,
    );
    let (w, h) = (img.width(), img.height());
    let (cw, ch) = ((f64::from(w) * crop) as u32, (f64::from(h) * crop) as u32);
    let img = img.crop_imm(cw, ch, w - cw, h - ch);
    if deg == 0.0 {
        return img;
    }
    let src = img.to_rgb8();
    let (w, h) = (src.width(), src.height());
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    let mut out = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
            let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
            if sx >= 0.0 && sy >= 0.0 && sx < f64::from(w) && sy < f64::from(h) {
                out.put_pixel(x, y, *src.get_pixel(sx as u32, sy as u32));
            }
        }
    }
    DynamicImage::ImageRgb8(out)
}

/// A one-page PDF showing a JPEG full page (a scan saved as PDF), with a correct xref table.
pub fn pdf_with_jpeg(jpeg: &[u8]) -> Vec<u8> {
    let img = image::load_from_memory(jpeg).expect("JPEG decodes");
    let (w, h) = (img.width(), img.height());
    let (pw, ph) = (595.0f64, 595.0 * f64::from(h) / f64::from(w));
    let content = format!("q {pw:.1} 0 0 {ph:.1} 0 0 cm /Im1 Do Q");
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.1} {ph:.1}] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>"
        )
        .into_bytes(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes(),
    ];
    let mut im = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
        jpeg.len()
    )
    .into_bytes();
    im.extend_from_slice(jpeg);
    im.extend_from_slice(b"\nendstream");
    objs.push(im);
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes(),
    );
    out
}

/// Name of the second batch's run folder as the test gives it to `--against`.
pub const OTHER_RUN: &str = "other-out";

/// Builds the batches.
pub fn batch() -> CrossBatch {
    let mut truth = Vec::new();
    let mut plant = |code: &'static str, a: &str, b: &str| {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        truth.push(Planted { code, a: a.to_string(), b: b.to_string() });
    };
    let id = |i: usize| format!("X-{i:02}");
    // Most of the batch in one track (track 1), the rest spread: the same sentence bank.
    let mut ds: Vec<FormData> =
        (1..=22).map(|i| data(&id(i), 0xC505_0000 + i as u64 * 7919, if i % 4 == 0 { i % 9 } else { 1 })).collect();

    // SIMILAR_TEXT: 03's background (with a paragraph of its own) copied whole into 04;
    // 05's own innovation paragraph pasted inside 06's longer text. (The generator's sentence
    // bank is shared by every dossier of a track — that is the hard negative — so what is
    // copied must be a team's own writing, as in life.)
    ds[2].background.push(OWN_BACKGROUND.to_string());
    ds[3].background = ds[2].background.clone();
    plant("SIMILAR_TEXT", &id(3), &id(4));
    ds[4].innovation.push(OWN_INNOVATION.to_string());
    let pasted = OWN_INNOVATION.to_string();
    ds[5].innovation.insert(1, pasted);
    plant("SIMILAR_TEXT", &id(5), &id(6));

    // PERSON_IN_MULTIPLE_TEAMS: 07's first member also in 08's team (same ID number and phone).
    ds[7].members[1] = ds[6].members[0].clone();
    ds[7].members[1].unit = ds[7].units[0].name.clone();
    plant("PERSON_IN_MULTIPLE_TEAMS", &id(7), &id(8));
    plant("TEAMS_LINKED", &id(7), &id(8));

    // IP_SHARED_ACROSS_DOSSIERS: 10 claims 09's patent.
    ds[9].patents[0] = ds[8].patents[0].clone();
    plant("IP_SHARED_ACROSS_DOSSIERS", &id(9), &id(10));

    // TEAMS_LINKED: unit contact phone (11, 12), e-mail domain (13, 14), address (15, 16),
    // near-identical unit name (17, 18). 19 and 20 both use qq.com: no link.
    ds[11].units[0].contact_phone = ds[10].units[0].contact_phone.clone();
    plant("TEAMS_LINKED", &id(11), &id(12));
    ds[12].units[0].intro.push_str("联系邮箱：wang.li@jinshu-data.com.cn。");
    ds[13].units[0].intro.push_str("商务合作请联系 zhao@jinshu-data.com.cn。");
    plant("TEAMS_LINKED", &id(13), &id(14));
    ds[18].units[0].intro.push_str("联系邮箱：123456@qq.com。");
    ds[19].units[0].intro.push_str("联系邮箱：654321@qq.com。");
    ds[15].units[0].address = ds[14].units[0].address.clone();
    plant("TEAMS_LINKED", &id(15), &id(16));
    let near: String = {
        let mut c: Vec<char> = ds[16].units[0].name.chars().collect();
        let k = c.len().min(4) - 1;
        c[k] = if c[k] == '晋' { '汾' } else { '晋' };
        c.into_iter().collect()
    };
    ds[17].units[0].name = near.clone();
    for m in &mut ds[17].members {
        m.unit = near.clone();
    }
    plant("TEAMS_LINKED", &id(17), &id(18));

    let mut dossiers: Vec<Dossier> = ds.into_iter().map(|d| finish(d, "cross batch")).collect();

    // DUPLICATE_FILE: 01's financial sheet sent by 02 too (under another name).
    let sheet = file(&dossiers[0], "财务数据").to_vec();
    set_file(&mut dossiers[1], "财务报表.xlsx", sheet);
    plant("DUPLICATE_FILE", &id(1), &id(2));

    // SIMILAR_IMAGE: 21's licence is 20's resized 90 %, cropped 3 %, rotated 1°, re-encoded;
    // 22's is 19's resized 115 % and recompressed at quality 60.
    let lic = edit(file(&dossiers[19], "营业执照"), 0.9, 0.03, 1.0);
    set_file(&mut dossiers[20], "营业执照.jpg", jpeg(&lic, 75));
    plant("SIMILAR_IMAGE", &id(20), &id(21));
    let lic = edit(file(&dossiers[18], "营业执照"), 1.15, 0.0, 0.0);
    set_file(&mut dossiers[21], "营业执照.jpg", jpeg(&lic, 60));
    plant("SIMILAR_IMAGE", &id(19), &id(22));

    // 16 sends 15's licence re-encoded and saved as a PDF (a scan inside a PDF).
    let lic = image::load_from_memory(file(&dossiers[14], "营业执照")).expect("decodes");
    set_file(&mut dossiers[15], "营业执照扫描件.pdf", pdf_with_jpeg(&jpeg(&lic, 70)));
    plant("SIMILAR_IMAGE", &id(15), &id(16));

    // The same team sends its licence twice and photographs it again: not a cross finding.
    let own = file(&dossiers[2], "营业执照").to_vec();
    set_file(&mut dossiers[2], "营业执照(1).jpg", own.clone());
    set_file(&mut dossiers[2], "营业执照-拍照.jpg", jpeg(&edit(&own, 0.95, 0.02, -1.5), 70));

    // The other contest's batch: same project name as 03, same member as 05, same unit as 09,
    // same file as 11.
    let oid = |i: usize| format!("O-{i:02}");
    let other_of = |i: usize| format!("{OTHER_RUN}/{}", oid(i));
    let mut os: Vec<FormData> = (1..=5).map(|i| data(&oid(i), 0x0DD0_0000 + i as u64 * 104_729, 3)).collect();
    let mains: Vec<&FormData> = dossiers.iter().map(|d| d.form.as_ref().expect("form")).collect();
    os[0].project_name = mains[2].project_name.clone();
    os[0].cover_project = mains[2].cover_project.clone();
    plant("CROSS_CONTEST_DUPLICATE", &id(3), &other_of(1));
    os[1].members[0] = mains[4].members[0].clone();
    plant("CROSS_CONTEST_DUPLICATE", &id(5), &other_of(2));
    os[2].units[0].credit_code = mains[8].units[0].credit_code.clone();
    os[2].units[0].name = mains[8].units[0].name.clone();
    plant("CROSS_CONTEST_DUPLICATE", &id(9), &other_of(3));
    let mut other: Vec<Dossier> = os.into_iter().map(|d| finish(d, "other contest")).collect();
    let fin = file(&dossiers[10], "财务数据").to_vec();
    set_file(&mut other[3], "财务数据.xlsx", fin);
    plant("CROSS_CONTEST_DUPLICATE", &id(11), &other_of(4));

    truth.sort();
    truth.dedup();
    CrossBatch { dossiers, other, truth }
}
