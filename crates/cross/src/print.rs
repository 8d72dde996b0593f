//! The fingerprint of one dossier: everything the cross stage compares, computed once in the
//! parallel stage and persisted as one line of `fingerprints.jsonl`. It holds hashes and masked
//! values only: no ID number or phone in clear.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use conventions::ids;
use conventions::mask::{mask_all, mask_id_number, mask_phone};
use conventions::normalize::org_name;
use hmac::{Hmac, Mac};
use model::{FieldValue, Fields};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::imagehash;
use crate::text;
use crate::Config;

/// One dossier's fingerprint.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DossierPrint {
    /// The dossier id.
    pub dossier_id: String,
    /// Which key hashed the people (first 16 hex digits of SHA-256 of the key): runs compared
    /// with `--against` must share it.
    pub key_id: String,
    /// Every file, in path order.
    pub files: Vec<FilePrint>,
    /// Narrative sections of the form.
    pub sections: Vec<SectionPrint>,
    /// The project name, normalised (empty when absent).
    pub project_name: String,
    /// The project name as written.
    pub project_name_raw: String,
    /// Team members with an ID number.
    pub people: Vec<PersonPrint>,
    /// Phones of members and unit contacts.
    pub phones: Vec<PhonePrint>,
    /// E-mail domains that are not public mail providers.
    pub email_domains: Vec<Located>,
    /// Unit addresses (`value` as written, `key` normalised).
    pub addresses: Vec<Located>,
    /// Participating units.
    pub units: Vec<UnitPrint>,
    /// Claimed patents and 软著, normalised.
    pub ip: Vec<IpPrint>,
}

impl DossierPrint {
    /// Moves the thumbnails and section texts into `store`; the print reads them back from
    /// there when the cross stage asks, and serialises as before.
    pub fn spill(&mut self, store: &Arc<Spill>) {
        for im in self.files.iter_mut().flat_map(|f| f.images.iter_mut()) {
            im.thumb.0.spill(store);
        }
        for s in &mut self.sections {
            s.text.0.spill(store);
            s.minhash.0.spill(store);
        }
    }
}

/// One file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FilePrint {
    /// Path inside the dossier.
    pub path: String,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// `form` or `attachment`.
    pub role: String,
    /// Perceptual hashes of the picture (an image file) or of the pictures inside (a PDF).
    pub images: Vec<ImagePrint>,
}

/// One picture.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ImagePrint {
    /// Page of the PDF it sits on (none for an image file).
    pub page: Option<u32>,
    /// Width / height of the picture.
    pub aspect: f64,
    /// The 64-bit DCT hash (16 hex digits in the file).
    #[serde(with = "hex64")]
    pub phash: u64,
    /// Hashes of 5 % crops (corners, centre), hex in the file. Numbers in memory: as hex
    /// `String`s they were most of what the run held of a dossier until the cross stage.
    #[serde(with = "hex64::list")]
    pub variants: Vec<u64>,
    /// The 64×64 blurred grey thumbnail for confirming a candidate (hex in the file).
    pub thumb: Thumb,
}

impl ImagePrint {
    /// Hashes and thumbnail of a decoded picture, all computed from one grey working copy
    /// ([`imagehash::reduce`]): a scan is converted and averaged down once, not once per hash.
    pub fn of(img: &image::DynamicImage, page: Option<u32>) -> ImagePrint {
        let work = imagehash::reduce(img);
        ImagePrint {
            page,
            aspect: f64::from(img.width().max(1)) / f64::from(img.height().max(1)),
            phash: imagehash::phash(&work),
            variants: imagehash::crop_variants(&work),
            thumb: Thumb::new(imagehash::thumbnail(&work)),
        }
    }
}

/// 64-bit hashes written as 16 hex digits, as `fingerprints.jsonl` has always had them, and read
/// as leniently as the hex strings were parsed before: a hash that is not hex reads as 0, a
/// variant that is not hex is left out.
mod hex64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(h: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{h:016x}"))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        Ok(u64::from_str_radix(&String::deserialize(d)?, 16).unwrap_or(0))
    }

    pub(crate) mod list {
        use serde::ser::SerializeSeq;
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(v: &[u64], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(v.len()))?;
            for h in v {
                seq.serialize_element(&format!("{h:016x}"))?;
            }
            seq.end()
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
            let v = Vec::<String>::deserialize(d)?;
            Ok(v.iter().filter_map(|h| u64::from_str_radix(h, 16).ok()).collect())
        }
    }
}

/// The heavy part of a print (a thumbnail, a section's packed text): in memory, or moved to a
/// [`Spill`] file so that what the run holds until the cross stage does not grow with the
/// batch (a few dozen bytes a picture instead of 4 KiB).
#[derive(Clone)]
enum Heavy {
    Here(Vec<u8>),
    Spilled { store: Arc<Spill>, at: u64, len: u32 },
}

impl Default for Heavy {
    fn default() -> Self {
        Heavy::Here(Vec::new())
    }
}

impl Heavy {
    fn bytes(&self) -> Cow<'_, [u8]> {
        match self {
            Heavy::Here(b) => Cow::Borrowed(b),
            Heavy::Spilled { store, at, len } => Cow::Owned(store.get(*at, *len)),
        }
    }

    fn spill(&mut self, store: &Arc<Spill>) {
        if let Heavy::Here(b) = self {
            if b.is_empty() || b.len() > u32::MAX as usize {
                return;
            }
            // Kept in memory when the file cannot take it (disk full): slower never wrong.
            if let Ok(at) = store.put(b) {
                *self = Heavy::Spilled { store: Arc::clone(store), at, len: b.len() as u32 };
            }
        }
    }
}

/// A scratch file the heavy parts of the prints are moved to between the parallel stage and
/// the cross stage ([`DossierPrint::spill`]); it is deleted when the last print that refers to
/// it is dropped. Appends are serialised, reads are positioned and run in parallel.
pub struct Spill {
    file: File,
    path: PathBuf,
    end: Mutex<u64>,
}

impl Spill {
    /// Creates (truncates) the file at `path`.
    pub fn create(path: &Path) -> std::io::Result<Arc<Spill>> {
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(path)?;
        Ok(Arc::new(Spill { file, path: path.to_path_buf(), end: Mutex::new(0) }))
    }

    /// Bytes written so far.
    pub fn len(&self) -> u64 {
        *self.end.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn put(&self, bytes: &[u8]) -> std::io::Result<u64> {
        let mut end = self.end.lock().unwrap_or_else(|e| e.into_inner());
        let at = *end;
        write_all_at(&self.file, bytes, at)?;
        *end += bytes.len() as u64;
        Ok(at)
    }

    /// The bytes at `at`, or why they cannot be read back.
    pub(crate) fn try_get(&self, at: u64, len: u32) -> std::io::Result<Vec<u8>> {
        let mut buf = vec![0u8; len as usize];
        read_exact_at(&self.file, &mut buf, at)?;
        Ok(buf)
    }

    /// The bytes at `at`; empty if the file cannot be read back (then the picture or text
    /// matches nothing, which the stage survives).
    fn get(&self, at: u64, len: u32) -> Vec<u8> {
        let mut buf = vec![0u8; len as usize];
        match read_exact_at(&self.file, &mut buf, at) {
            Ok(()) => buf,
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spill({})", self.path.display())
    }
}

#[cfg(unix)]
fn write_all_at(f: &File, buf: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, buf, at)
}

#[cfg(unix)]
fn read_exact_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(windows)]
fn write_all_at(f: &File, mut buf: &[u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(f, buf, at)?;
        buf = &buf[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(f: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(f, buf, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        at += n as u64;
    }
    Ok(())
}

/// A thumbnail's grey bytes; hex in `fingerprints.jsonl`, bytes in memory or in a [`Spill`].
#[derive(Clone, Default)]
pub struct Thumb(Heavy);

impl Thumb {
    /// A thumbnail held in memory.
    pub fn new(bytes: Vec<u8>) -> Thumb {
        Thumb(Heavy::Here(bytes))
    }

    /// Its bytes (read back from the spill file when moved there).
    pub fn bytes(&self) -> Cow<'_, [u8]> {
        self.0.bytes()
    }
}

impl PartialEq for Thumb {
    fn eq(&self, other: &Thumb) -> bool {
        self.bytes() == other.bytes()
    }
}

impl std::fmt::Debug for Thumb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Thumb({} bytes)", self.bytes().len())
    }
}

impl Serialize for Thumb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(self.bytes()))
    }
}

impl<'de> Deserialize<'de> for Thumb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Thumb, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Thumb::new(hex::decode(s).unwrap_or_default()))
    }
}

/// A section's text, compressed (zstd) in memory or in a [`Spill`] — the run holds every
/// dossier's sections until the cross stage, and Chinese prose shrinks to about a third — and
/// a plain string in `fingerprints.jsonl`.
#[derive(Clone, Default)]
pub struct PackedText(Heavy);

impl PackedText {
    /// Packs `text`.
    pub fn new(text: &str) -> PackedText {
        if text.is_empty() {
            return PackedText(Heavy::Here(Vec::new()));
        }
        // Level 1: the text is packed once per dossier and unpacked a few times in the stage.
        PackedText(Heavy::Here(zstd::bulk::compress(text.as_bytes(), 1).unwrap_or_else(|_| text.as_bytes().to_vec())))
    }

    /// The text.
    pub fn get(&self) -> String {
        let packed = self.0.bytes();
        if packed.is_empty() {
            return String::new();
        }
        zstd::stream::decode_all(&*packed)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| String::from_utf8_lossy(&packed).into_owned())
    }
}

impl PartialEq for PackedText {
    fn eq(&self, other: &PackedText) -> bool {
        self.0.bytes() == other.0.bytes()
    }
}

impl Eq for PackedText {}

impl From<String> for PackedText {
    fn from(s: String) -> PackedText {
        PackedText::new(&s)
    }
}

impl std::fmt::Debug for PackedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.get())
    }
}

impl Serialize for PackedText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.get())
    }
}

impl<'de> Deserialize<'de> for PackedText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PackedText, D::Error> {
        Ok(PackedText::new(&String::deserialize(d)?))
    }
}

/// One narrative section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SectionPrint {
    /// Canonical field key (`narrative.background`, `solution.innovation`, …).
    pub field: String,
    /// The text as written (ID numbers and phones masked), kept to cut the shared passage.
    pub text: PackedText,
    /// MinHash of its shingles, the template's own wording left out.
    pub minhash: Signature,
}

/// A section's MinHash signature: an array of numbers in `fingerprints.jsonl`, little-endian
/// bytes in memory or in a [`Spill`] (96 numbers a section were two fifths of what the run held
/// of every print until the cross stage, which reads them once to band them).
#[derive(Clone, Default)]
pub struct Signature(Heavy);

impl Signature {
    /// The values (read back from the spill file when moved there).
    pub fn get(&self) -> Vec<u32> {
        u32s_of(&self.0.bytes())
    }
}

impl From<Vec<u32>> for Signature {
    fn from(v: Vec<u32>) -> Signature {
        Signature(Heavy::Here(bytes_of(&v)))
    }
}

/// 32-bit values as little-endian bytes, as they are spilled.
pub(crate) fn bytes_of(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// The 32-bit values of little-endian bytes ([`bytes_of`]); a trailing partial value is ignored.
pub(crate) fn u32s_of(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

impl PartialEq for Signature {
    fn eq(&self, other: &Signature) -> bool {
        self.0.bytes() == other.0.bytes()
    }
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.get())
    }
}

impl Serialize for Signature {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Signature, D::Error> {
        Ok(Signature::from(Vec::<u32>::deserialize(d)?))
    }
}

/// One team member.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PersonPrint {
    /// Row in the members table (1-based).
    pub row: usize,
    /// Name as written.
    pub name: String,
    /// Keyed hash (HMAC-SHA256) of the normalised ID number, hex.
    pub id_hash: String,
    /// The ID number masked (`1101**********1234`).
    pub id_masked: String,
}

/// One phone number.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PhonePrint {
    /// Where: `team.members` or `units`.
    pub field: String,
    /// Row (1-based).
    pub row: usize,
    /// Whose (member name or unit name).
    pub owner: String,
    /// Keyed hash of the digits, hex.
    pub hash: String,
    /// Masked for display.
    pub masked: String,
}

/// A value with the field (and row) it came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Located {
    /// Field key.
    pub field: String,
    /// Row (1-based; 0 when not in a table).
    pub row: usize,
    /// As written.
    pub value: String,
    /// Normalised for matching.
    pub key: String,
}

/// One participating unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UnitPrint {
    /// Row (1-based).
    pub row: usize,
    /// Name as written.
    pub name: String,
    /// Normalised name.
    pub key: String,
    /// 统一社会信用代码, normalised, when valid in form.
    pub credit_code: Option<String>,
}

/// One claimed patent or 软著.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct IpPrint {
    /// `ip.patents` or `ip.software_copyrights`.
    pub field: String,
    /// Row (1-based).
    pub row: usize,
    /// Number as written.
    pub number: String,
    /// Normalised number.
    pub key: String,
}

/// What computing fingerprints needs, prepared once per run.
#[derive(Debug, Clone)]
pub struct Context {
    /// Thresholds and sizes.
    pub config: Config,
    /// Shingles of the template's wording.
    pub template: HashSet<u64>,
    key: Vec<u8>,
    key_id: String,
}

/// The key used when none is configured. Runs made with the default key can be compared with
/// `--against` anywhere; organisers who exchange run folders can agree on their own key
/// (`DOSSIER_PERSON_KEY`) so that the hashes mean nothing to anyone else.
pub const DEFAULT_KEY: &str = "dossier/cross/v1 person key";

impl Context {
    /// A context from the template's phrases (labels, hints, titles) and the person key.
    pub fn new<'a>(config: Config, template_phrases: impl IntoIterator<Item = &'a str>, key: &str) -> Context {
        let template = text::template_shingles(template_phrases, config.shingle);
        let key_id = hex::encode(&Sha256::digest(key.as_bytes())[..8]);
        Context { config, template, key: key.as_bytes().to_vec(), key_id }
    }

    /// The key's id (see [`DossierPrint::key_id`]).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    fn keyed(&self, s: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(s.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

/// Canonical keys of the narrative sections compared for copied text.
pub fn is_narrative(key: &str) -> bool {
    key.starts_with("narrative.")
        || key.starts_with("solution.")
        || matches!(key, "outcomes" | "business_model" | "project.summary")
}

/// Public mail providers: a shared domain there links nobody.
const PUBLIC_MAIL: &[&str] = &[
    "qq.com",
    "vip.qq.com",
    "foxmail.com",
    "163.com",
    "vip.163.com",
    "126.com",
    "vip.126.com",
    "yeah.net",
    "sina.com",
    "sina.cn",
    "vip.sina.com",
    "sohu.com",
    "139.com",
    "189.cn",
    "wo.cn",
    "21cn.com",
    "tom.com",
    "263.net",
    "aliyun.com",
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.com.cn",
    "icloud.com",
    "me.com",
    "protonmail.com",
];

/// Whether `domain` is a public mail provider.
pub fn is_public_mail(domain: &str) -> bool {
    PUBLIC_MAIL.contains(&domain)
}

/// Every e-mail domain in `text`, lower-cased.
pub fn email_domains(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if *c != '@' || i == 0 || !is_local(chars[i - 1]) {
            continue;
        }
        let dom: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            .collect::<String>()
            .trim_end_matches(['.', '-'])
            .to_ascii_lowercase();
        if dom.contains('.')
            && dom.rsplit('.').next().is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()))
        {
            out.push(dom);
        }
    }
    out
}

fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// A key for free text that must match exactly modulo width, case, spaces and punctuation.
pub fn loose_key(s: &str) -> String {
    text::normalise(s).chars.into_iter().collect()
}

/// The normalised form of a claimed patent or 软著 number, when it has a recognisable form.
pub fn ip_key(field: &str, s: &str) -> Option<String> {
    if field == "ip.patents" {
        if let Ok(p) = ids::patent_number(s) {
            return Some(p.display());
        }
    } else if let Ok(n) = ids::software_copyright_number(s) {
        return Some(n);
    }
    let k = loose_key(s).to_uppercase();
    (k.chars().filter(char::is_ascii_digit).count() >= 7).then_some(k)
}

fn text_of(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) | FieldValue::Invalid(s) => s.clone(),
        FieldValue::Choices(c) => c.join("；"),
        FieldValue::Object(m) => m.iter().map(|(_, v)| text_of(v)).collect::<Vec<_>>().join("\n"),
        FieldValue::Records(rs) => rs
            .iter()
            .map(|r| r.iter().map(|(_, v)| text_of(v)).collect::<Vec<_>>().join("；"))
            .collect::<Vec<_>>()
            .join("\n"),
        FieldValue::Number { value, .. } => value.to_string(),
        FieldValue::Bool(b) => b.to_string(),
    }
}

fn member<'a>(row: &'a [(String, FieldValue)], key: &str) -> Option<&'a str> {
    row.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.as_text()).map(str::trim).filter(|s| !s.is_empty())
}

fn records<'a>(fields: &'a Fields, key: &str) -> &'a [Vec<(String, FieldValue)>] {
    match fields.get(key) {
        Some(FieldValue::Records(rs)) => rs,
        _ => &[],
    }
}

/// The fingerprint of a dossier from its files (already hashed) and its form's fields.
pub fn dossier(id: &str, files: Vec<FilePrint>, fields: Option<&Fields>, cx: &Context) -> DossierPrint {
    let mut p = DossierPrint { dossier_id: id.to_string(), key_id: cx.key_id.clone(), files, ..Default::default() };
    let Some(fields) = fields else {
        return p;
    };
    for (key, v) in fields.iter() {
        if is_narrative(key) {
            let t = text_of(v);
            let n = text::normalise(&t);
            if n.chars.len() < cx.config.text_min_chars {
                continue;
            }
            let set: HashSet<u64> =
                text::shingles(&n.chars, cx.config.shingle).into_iter().filter(|h| !cx.template.contains(h)).collect();
            p.sections.push(SectionPrint {
                field: key.to_string(),
                text: PackedText::new(&mask_all(&t)),
                minhash: text::minhash(&set, cx.config.minhash_bands * cx.config.minhash_rows).into(),
            });
        }
        let t = text_of(v);
        for d in email_domains(&t) {
            if !is_public_mail(&d) && !p.email_domains.iter().any(|e| e.key == d) {
                p.email_domains.push(Located { field: key.to_string(), row: 0, value: d.clone(), key: d });
            }
        }
    }
    if let Some(name) = fields.get("project.name").and_then(FieldValue::as_text) {
        p.project_name_raw = name.trim().to_string();
        p.project_name = loose_key(name);
    }
    for (i, r) in records(fields, "team.members").iter().enumerate() {
        let name = member(r, "name").unwrap_or("").to_string();
        if let Some(idn) = member(r, "id_number") {
            let norm = ids::normalize_id_number(idn).unwrap_or_else(|_| loose_key(idn).to_uppercase());
            if norm.len() >= 15 {
                p.people.push(PersonPrint {
                    row: i + 1,
                    name: name.clone(),
                    id_hash: cx.keyed(&format!("id:{norm}")),
                    id_masked: mask_id_number(&norm),
                });
            }
        }
        if let Some(ph) = member(r, "phone") {
            push_phone(&mut p, cx, "team.members", i + 1, &name, ph);
        }
    }
    for (i, r) in records(fields, "units").iter().enumerate() {
        let name = member(r, "name").unwrap_or("").to_string();
        let code = member(r, "credit_code").and_then(|c| ids::normalize_credit_code(c).ok());
        if !name.is_empty() || code.is_some() {
            p.units.push(UnitPrint { row: i + 1, name: name.clone(), key: org_name(&name), credit_code: code });
        }
        if let Some(ph) = member(r, "contact_phone") {
            push_phone(&mut p, cx, "units", i + 1, &name, ph);
        }
        if let Some(a) = member(r, "address") {
            let key = loose_key(a);
            if key.chars().count() >= cx.config.address_min_chars {
                p.addresses.push(Located { field: "units".into(), row: i + 1, value: a.to_string(), key });
            }
        }
    }
    for field in ["ip.patents", "ip.software_copyrights"] {
        for (i, r) in records(fields, field).iter().enumerate() {
            if let Some(n) = member(r, "number") {
                if let Some(key) = ip_key(field, n) {
                    p.ip.push(IpPrint { field: field.into(), row: i + 1, number: n.to_string(), key });
                }
            }
        }
    }
    p
}

fn push_phone(p: &mut DossierPrint, cx: &Context, field: &str, row: usize, owner: &str, raw: &str) {
    let digits = match ids::parse_phone(raw) {
        Ok(ph) => ph.digits,
        Err(_) => raw.chars().filter(char::is_ascii_digit).collect(),
    };
    if digits.len() < 7 {
        return;
    }
    p.phones.push(PhonePrint {
        field: field.into(),
        row,
        owner: owner.to_string(),
        hash: cx.keyed(&format!("phone:{digits}")),
        masked: mask_phone(raw),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_domains_skip_what_is_not_an_address() {
        assert_eq!(
            email_domains("联系：zhang.san@Data-Corp.com.cn；或 li@qq.com。"),
            vec!["data-corp.com.cn", "qq.com"]
        );
        assert!(email_domains("@提及 a@b").is_empty());
        assert!(is_public_mail("qq.com"));
    }

    #[test]
    fn ip_numbers_normalise() {
        assert_eq!(ip_key("ip.software_copyrights", "2023SR0123456"), Some("2023SR0123456".into()));
        assert_eq!(ip_key("ip.patents", "abc"), None);
    }

    #[test]
    fn picture_hashes_are_hex_in_the_file() {
        let im = ImagePrint {
            page: Some(2),
            aspect: 1.5,
            phash: 0x00ab_cdef_0123_4567,
            variants: vec![1, u64::MAX],
            thumb: Thumb::default(),
        };
        let json = serde_json::to_value(&im).unwrap();
        assert_eq!(json["phash"], "00abcdef01234567");
        assert_eq!(json["variants"], serde_json::json!(["0000000000000001", "ffffffffffffffff"]));
        assert_eq!(serde_json::from_value::<ImagePrint>(json).unwrap(), im);
        // Written by hand or damaged: read as leniently as before.
        let odd: ImagePrint = serde_json::from_value(serde_json::json!({
            "page": null, "aspect": 1.0, "phash": "zz", "variants": ["10", "x"], "thumb": ""
        }))
        .unwrap();
        assert_eq!((odd.phash, odd.variants), (0, vec![16]));
    }
}
