//! What the joins find, kept as encoded records with only their sort keys in memory.
//!
//! At 5,000 bench dossiers the findings and clusters held as structures were most of the cross
//! stage's memory (about 230 MB of 510: a text cluster's evidence lists every pair of its
//! component, a contact key shared by hundreds of teams makes hundreds of findings). Each record
//! is now encoded as it is made — a finding in a small binary form, a cluster as compact JSON —
//! and appended to a scratch file when the caller gives one (a [`Spill`]), else to a buffer;
//! what stays is its sort key and where it is. [`Records::sort`] orders the keys; the records
//! are read back one at a time in that order.
//!
//! The order is the output's: findings by dossier, code, field, file and detail, clusters by code,
//! first member and evidence — of the detail and the evidence only their first
//! [`PREFIX`] bytes are kept, and ties past them are broken by a hash of the whole record
//! (SHA-256, not the order the joins made them in), so the output does not depend on that order.

use std::io;
use std::sync::Arc;

use model::{Finding, FindingCode, Related, Severity};
use sha2::{Digest, Sha256};

use crate::analyse::Cluster;
use crate::print::Spill;

/// Where a record is: in the scratch file or in the buffer.
#[derive(Debug, Clone, Copy)]
struct Loc {
    in_file: bool,
    at: u64,
    len: u32,
}

type FindingKey = (String, FindingCode, Option<String>, Option<String>, Box<str>, u64);
type MemberKey = (String, Option<String>, Option<String>);
type ClusterKey = (String, Option<MemberKey>, Box<str>, u64);

/// Bytes of a finding's detail or a cluster's evidence kept in its sort key.
const PREFIX: usize = 64;

/// The first [`PREFIX`] bytes of `s`, cut at a character boundary.
fn prefix(s: &str) -> Box<str> {
    let mut end = s.len().min(PREFIX);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].into()
}

/// Encoded findings and clusters with their sort keys.
pub(crate) struct Records {
    spill: Option<Arc<Spill>>,
    buffer: Vec<u8>,
    findings: Vec<(FindingKey, Loc)>,
    clusters: Vec<(ClusterKey, Loc)>,
}

impl Records {
    /// Records appended to `spill` when given (and to memory should a write to it fail).
    pub(crate) fn new(spill: Option<Arc<Spill>>) -> Records {
        Records { spill, buffer: Vec::new(), findings: Vec::new(), clusters: Vec::new() }
    }

    /// The scratch file, for other parts of the stage to put what they need not hold.
    pub(crate) fn scratch(&self) -> Option<Arc<Spill>> {
        self.spill.clone()
    }

    pub(crate) fn finding(&mut self, f: &Finding) {
        let bytes = encode_finding(f);
        let key = (
            f.dossier_id.clone(),
            f.code,
            f.field.clone(),
            f.file.clone(),
            prefix(&f.detail_json),
            content_hash(&bytes),
        );
        let loc = self.put(&bytes);
        self.findings.push((key, loc));
    }

    /// A cluster (its members sorted here; its id is given when it is read back).
    pub(crate) fn cluster(&mut self, mut c: Cluster) {
        c.members.sort_by(|a, b| (&a.dossier_id, &a.file, &a.field).cmp(&(&b.dossier_id, &b.file, &b.field)));
        c.id = String::new();
        let bytes = serde_json::to_vec(&c).expect("a cluster serialises");
        let first = c.members.first().map(|m| (m.dossier_id.clone(), m.file.clone(), m.field.clone()));
        let key = (c.code.clone(), first, prefix(&c.evidence.to_string()), content_hash(&bytes));
        let loc = self.put(&bytes);
        self.clusters.push((key, loc));
    }

    fn put(&mut self, bytes: &[u8]) -> Loc {
        let len = u32::try_from(bytes.len()).expect("a record under 4 GiB");
        if let Some(at) = self.spill.as_ref().and_then(|s| s.put(bytes).ok()) {
            return Loc { in_file: true, at, len };
        }
        let at = self.buffer.len() as u64;
        self.buffer.extend_from_slice(bytes);
        Loc { in_file: false, at, len }
    }

    fn get(&self, loc: Loc) -> io::Result<Vec<u8>> {
        if loc.in_file {
            let spill = self.spill.as_ref().expect("a record in the file has a file");
            spill.try_get(loc.at, loc.len)
        } else {
            Ok(self.buffer[loc.at as usize..loc.at as usize + loc.len as usize].to_vec())
        }
    }

    /// Puts the keys in output order.
    pub(crate) fn sort(&mut self) {
        self.findings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.clusters.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }

    pub(crate) fn finding_count(&self) -> usize {
        self.findings.len()
    }

    pub(crate) fn cluster_count(&self) -> usize {
        self.clusters.len()
    }

    /// The findings in order (after [`Records::sort`]).
    pub(crate) fn findings(&self) -> impl Iterator<Item = io::Result<Finding>> + '_ {
        self.findings.iter().map(|(_, loc)| self.get(*loc).and_then(|b| decode_finding(&b)))
    }

    /// The clusters in order, numbered `C0001`, ….
    pub(crate) fn clusters(&self) -> impl Iterator<Item = io::Result<Cluster>> + '_ {
        self.clusters.iter().enumerate().map(|(i, (_, loc))| {
            let bytes = self.get(*loc)?;
            let mut c: Cluster = serde_json::from_slice(&bytes).map_err(io::Error::other)?;
            c.id = format!("C{:04}", i + 1);
            Ok(c)
        })
    }
}

fn content_hash(bytes: &[u8]) -> u64 {
    let d = Sha256::digest(bytes);
    u64::from_be_bytes(d[..8].try_into().expect("8 bytes"))
}

// A finding's encoding: strings as a little-endian u32 length and UTF-8; an absent option as 0,
// a present one as 1 and the string; the code as its index in `FindingCode::ALL`.

fn put_str(buf: &mut Vec<u8>, s: &str) {
    buf.extend_from_slice(&(s.len() as u32).to_le_bytes());
    buf.extend_from_slice(s.as_bytes());
}

fn put_opt(buf: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => buf.push(0),
        Some(s) => {
            buf.push(1);
            put_str(buf, s);
        }
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

fn encode_finding(f: &Finding) -> Vec<u8> {
    let mut buf = Vec::with_capacity(
        64 + f.message_zh.len() + f.message_en.len() + f.detail_json.len() + f.excerpt.as_ref().map_or(0, String::len),
    );
    put_str(&mut buf, &f.dossier_id);
    let code = FindingCode::ALL.iter().position(|c| *c == f.code).expect("a code of the contract");
    buf.extend_from_slice(&(code as u16).to_le_bytes());
    buf.push(SEVERITIES.iter().position(|s| *s == f.severity).expect("a severity") as u8);
    put_opt(&mut buf, f.field.as_deref());
    put_opt(&mut buf, f.file.as_deref());
    put_str(&mut buf, &f.message_zh);
    put_str(&mut buf, &f.message_en);
    put_str(&mut buf, &f.detail_json);
    put_opt(&mut buf, f.excerpt.as_deref());
    buf.extend_from_slice(&(f.related.len() as u32).to_le_bytes());
    for r in &f.related {
        put_str(&mut buf, &r.dossier_id);
        put_opt(&mut buf, r.file.as_deref());
    }
    buf
}

struct Reader<'a>(&'a [u8]);

fn damaged() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "a cross-stage record read back damaged")
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        if self.0.len() < n {
            return Err(damaged());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn string(&mut self) -> io::Result<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| damaged())
    }

    fn opt(&mut self) -> io::Result<Option<String>> {
        match self.take(1)?[0] {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(damaged()),
        }
    }
}

fn decode_finding(bytes: &[u8]) -> io::Result<Finding> {
    let mut r = Reader(bytes);
    let dossier_id = r.string()?;
    let code = u16::from_le_bytes(r.take(2)?.try_into().expect("2 bytes"));
    let code = *FindingCode::ALL.get(usize::from(code)).ok_or_else(damaged)?;
    let severity = *SEVERITIES.get(usize::from(r.take(1)?[0])).ok_or_else(damaged)?;
    let field = r.opt()?;
    let file = r.opt()?;
    let message_zh = r.string()?;
    let message_en = r.string()?;
    let detail_json = r.string()?;
    let excerpt = r.opt()?;
    let n = r.u32()? as usize;
    let mut related = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        related.push(Related { dossier_id: r.string()?, file: r.opt()? });
    }
    if !r.0.is_empty() {
        return Err(damaged());
    }
    Ok(Finding { dossier_id, code, severity, field, file, message_zh, message_en, detail_json, excerpt, related })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::Member;

    fn sample(id: &str, code: FindingCode, detail: &str) -> Finding {
        Finding {
            dossier_id: id.into(),
            code,
            severity: Severity::Warning,
            field: Some("project.summary".into()),
            file: None,
            message_zh: "“项目简介”与项目 B 的文字大量雷同".into(),
            message_en: "largely matches".into(),
            detail_json: detail.into(),
            excerpt: Some("相同的段落　（全角空格）".into()),
            related: vec![Related { dossier_id: "B".into(), file: Some("附件/合同.pdf".into()) }],
        }
    }

    #[test]
    fn findings_read_back_equal_and_in_order_from_file_and_memory() {
        let dir = std::env::temp_dir().join(format!("cross-records-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for spill in [None, Some(Spill::create(&dir.join("r.tmp")).unwrap())] {
            let mut r = Records::new(spill);
            let made = [
                sample("B", FindingCode::SimilarText, r#"{"x":2}"#),
                sample("A", FindingCode::TeamsLinked, r#"{"x":1}"#),
                sample("A", FindingCode::SimilarText, r#"{"x":3}"#),
            ];
            for f in &made {
                r.finding(f);
            }
            r.sort();
            let back: Vec<Finding> = r.findings().map(Result::unwrap).collect();
            let mut expected = made.to_vec();
            expected.sort_by(|a, b| (&a.dossier_id, a.code).cmp(&(&b.dossier_id, b.code)));
            assert_eq!(back, expected);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn clusters_are_numbered_in_order_with_members_sorted() {
        let mut r = Records::new(None);
        let member = |d: &str| Member { dossier_id: d.into(), file: None, field: None, excerpt: None };
        for (code, ids) in [("SIMILAR_TEXT", ["C", "A"]), ("DUPLICATE_FILE", ["B", "D"])] {
            r.cluster(Cluster {
                id: "ignored".into(),
                code: code.into(),
                summary_zh: "摘要".into(),
                summary_en: "summary".into(),
                similarity: Some(0.5),
                members: ids.iter().map(|d| member(d)).collect(),
                evidence: serde_json::json!({"pairs": [{"a": 1.25}]}),
            });
        }
        r.sort();
        let back: Vec<Cluster> = r.clusters().map(Result::unwrap).collect();
        assert_eq!(back[0].id, "C0001");
        assert_eq!(back[0].code, "DUPLICATE_FILE");
        assert_eq!(back[1].id, "C0002");
        assert_eq!(back[1].members[0].dossier_id, "A");
        assert_eq!(back[1].evidence["pairs"][0]["a"], 1.25);
    }

    #[test]
    fn a_damaged_record_is_an_error_not_a_panic() {
        let bytes = encode_finding(&sample("A", FindingCode::SimilarText, "{}"));
        for cut in 0..bytes.len() {
            assert!(decode_finding(&bytes[..cut]).is_err());
        }
    }
}
