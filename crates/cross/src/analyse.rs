//! The cross stage: joins over all fingerprints of a batch (and of earlier runs), never all
//! pairs. Exact keys (SHA-256, keyed ID and phone hashes, IP numbers, credit codes, domains,
//! addresses, unit names and their one-deletion variants) are grouped in hash maps; pictures
//! and texts are paired by LSH (bit sampling over the DCT hash, banding over MinHash) and each
//! candidate pair is confirmed before it is reported.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use model::{Finding, FindingCode, Related, Severity};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::imagehash;
use crate::print::{Context, DossierPrint, Spill};
use crate::records::Records;
use crate::text;

/// An earlier run folder's fingerprints, for `--against`.
#[derive(Debug, Clone)]
pub struct OtherRun {
    /// How to name the run to staff (the folder as given).
    pub name: String,
    /// Its fingerprints.
    pub prints: Vec<DossierPrint>,
}

/// One member of a cluster.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Member {
    /// The dossier.
    pub dossier_id: String,
    /// The file, when the shared thing is a file.
    pub file: Option<String>,
    /// The field, when it is in the form.
    pub field: Option<String>,
    /// The passage or value (masked).
    pub excerpt: Option<String>,
}

/// One group of dossiers sharing something (`clusters.json`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Cluster {
    /// `C0001`, … in output order.
    pub id: String,
    /// The finding code.
    pub code: String,
    /// What is shared, for staff.
    pub summary_zh: String,
    /// The same in English.
    pub summary_en: String,
    /// Similarity (0–1) for pictures and texts; none for exact matches.
    pub similarity: Option<f64>,
    /// Who shares it.
    pub members: Vec<Member>,
    /// Code-specific evidence, masked.
    pub evidence: Value,
}

/// What the cross stage found.
#[derive(Debug, Clone, Default)]
pub struct CrossOutput {
    /// Findings, sorted by dossier, code, field, file.
    pub findings: Vec<Finding>,
    /// Clusters, sorted by code then first member, numbered.
    pub clusters: Vec<Cluster>,
    /// Counts for the record (candidate pairs, skipped buckets …).
    pub stats: BTreeMap<String, u64>,
}

struct Out {
    records: Records,
    stats: BTreeMap<String, u64>,
}

#[allow(clippy::too_many_arguments)]
fn finding(
    dossier: &str,
    code: FindingCode,
    severity: Severity,
    field: Option<&str>,
    file: Option<&str>,
    zh: String,
    en: String,
    detail: Value,
    excerpt: Option<String>,
    related: Vec<Related>,
) -> Finding {
    Finding {
        dossier_id: dossier.to_string(),
        code,
        severity,
        field: field.map(str::to_string),
        file: file.map(str::to_string),
        message_zh: zh,
        message_en: en,
        detail_json: detail.to_string(),
        excerpt,
        related,
    }
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

fn names(ids: &[&str]) -> String {
    let mut v: Vec<&str> = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    if v.len() > 5 {
        format!("{} 等 {} 个项目", v[..5].join("、"), v.len())
    } else {
        v.join("、")
    }
}

/// Runs the cross stage, its findings and clusters in memory (tests, examples, small batches).
pub fn analyse(prints: &[DossierPrint], against: &[OtherRun], cx: &Context) -> CrossOutput {
    let r = run(prints, against, cx, None);
    CrossOutput {
        findings: r.findings().map(|f| f.expect("records in memory read back")).collect(),
        clusters: r.clusters().map(|c| c.expect("records in memory read back")).collect(),
        stats: r.stats,
    }
}

/// Runs the cross stage as [`analyse`] does, its findings and clusters encoded into a scratch
/// file at `scratch` as they are made (deleted when the result is dropped; in memory if the
/// file cannot be created), so that the stage's memory holds their sort keys only.
pub fn analyse_spilled(prints: &[DossierPrint], against: &[OtherRun], cx: &Context, scratch: &Path) -> CrossRecords {
    run(prints, against, cx, Spill::create(scratch).ok())
}

/// What the cross stage found, read back one record at a time ([`analyse_spilled`]).
pub struct CrossRecords {
    records: Records,
    /// Counts for the record (candidate pairs, skipped buckets …).
    pub stats: BTreeMap<String, u64>,
}

impl CrossRecords {
    /// How many findings.
    pub fn finding_count(&self) -> usize {
        self.records.finding_count()
    }

    /// How many clusters.
    pub fn cluster_count(&self) -> usize {
        self.records.cluster_count()
    }

    /// The findings, sorted by dossier, code, field, file (then by content).
    pub fn findings(&self) -> impl Iterator<Item = std::io::Result<Finding>> + '_ {
        self.records.findings()
    }

    /// The clusters, sorted by code then first member (then by content), numbered `C0001`, ….
    pub fn clusters(&self) -> impl Iterator<Item = std::io::Result<Cluster>> + '_ {
        self.records.clusters()
    }
}

fn run(prints: &[DossierPrint], against: &[OtherRun], cx: &Context, spill: Option<Arc<Spill>>) -> CrossRecords {
    let mut out = Out { records: Records::new(spill), stats: BTreeMap::new() };
    // Milliseconds per join in the counters (`ms_…`), for the scaling bench.
    macro_rules! timed {
        ($name:literal, $e:expr) => {{
            let t = std::time::Instant::now();
            $e;
            out.stats.insert(concat!("ms_", $name).into(), t.elapsed().as_millis() as u64);
        }};
    }
    timed!("files", duplicate_files(prints, cx, &mut out));
    timed!("images", similar_images(prints, cx, &mut out));
    timed!("text", similar_text(prints, cx, &mut out));
    timed!("people", people(prints, &mut out));
    timed!("ip", shared_ip(prints, &mut out));
    timed!("links", links(prints, cx, &mut out));
    timed!("contests", contests(prints, against, cx, &mut out));
    out.records.sort();
    CrossRecords { records: out.records, stats: out.stats }
}

// ---------------------------------------------------------------------------------------------
// Exact joins
// ---------------------------------------------------------------------------------------------

/// One occurrence of a shared key: dossier index, file, field, row, what to show.
#[derive(Clone)]
struct Hit {
    d: usize,
    file: Option<String>,
    field: Option<String>,
    show: String,
}

/// Groups hits by key, keeping keys found in at least two dossiers; deterministic order.
fn join(hits: Vec<(String, Hit)>) -> Vec<(String, Vec<Hit>)> {
    let mut m: HashMap<String, Vec<Hit>> = HashMap::new();
    for (k, h) in hits {
        m.entry(k).or_default().push(h);
    }
    let mut groups: Vec<(String, Vec<Hit>)> = m
        .into_iter()
        .filter(|(_, hs)| hs.iter().map(|h| h.d).collect::<BTreeSet<_>>().len() >= 2)
        .map(|(k, mut hs)| {
            hs.sort_by(|a, b| (a.d, &a.file, &a.field).cmp(&(b.d, &b.file, &b.field)));
            (k, hs)
        })
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

/// First hit per dossier.
fn per_dossier(hs: &[Hit]) -> Vec<&Hit> {
    let mut seen = BTreeSet::new();
    hs.iter().filter(|h| seen.insert(h.d)).collect()
}

fn duplicate_files(prints: &[DossierPrint], cx: &Context, out: &mut Out) {
    let mut hits = Vec::new();
    for (d, p) in prints.iter().enumerate() {
        for f in &p.files {
            if f.bytes >= cx.config.min_file_bytes && !f.sha256.is_empty() {
                hits.push((f.sha256.clone(), Hit { d, file: Some(f.path.clone()), field: None, show: f.path.clone() }));
            }
        }
    }
    for (sha, hs) in join(hits) {
        let firsts = per_dossier(&hs);
        let bytes = prints[hs[0].d].files.iter().find(|f| f.sha256 == sha).map_or(0, |f| f.bytes);
        for h in &firsts {
            let others: Vec<&&Hit> = firsts.iter().filter(|o| o.d != h.d).collect();
            let ids: Vec<&str> = others.iter().map(|o| prints[o.d].dossier_id.as_str()).collect();
            let file = h.file.as_deref().unwrap_or("");
            out.records.finding(&finding(
                &prints[h.d].dossier_id,
                FindingCode::DuplicateFile,
                Severity::Warning,
                None,
                h.file.as_deref(),
                format!("附件“{file}”与项目 {} 中的文件完全相同（逐字节一致）", names(&ids)),
                format!("attachment `{file}` is byte-identical to a file of {}", ids.join(", ")),
                json!({"sha256": sha, "bytes": bytes,
                       "others": others.iter().map(|o| json!({"dossier_id": prints[o.d].dossier_id, "file": o.file})).collect::<Vec<_>>()}),
                None,
                others.iter().map(|o| Related { dossier_id: prints[o.d].dossier_id.clone(), file: o.file.clone() }).collect(),
            ));
        }
        out.records.cluster(Cluster {
            id: String::new(),
            code: "DUPLICATE_FILE".into(),
            summary_zh: format!("{} 个项目含有完全相同的文件", firsts.len()),
            summary_en: format!("{} dossiers hold the same file", firsts.len()),
            similarity: None,
            members: hs
                .iter()
                .map(|h| Member {
                    dossier_id: prints[h.d].dossier_id.clone(),
                    file: h.file.clone(),
                    field: None,
                    excerpt: None,
                })
                .collect(),
            evidence: json!({"sha256": sha, "bytes": bytes}),
        });
    }
}

fn people(prints: &[DossierPrint], out: &mut Out) {
    let mut hits = Vec::new();
    for (d, p) in prints.iter().enumerate() {
        for m in &p.people {
            hits.push((
                m.id_hash.clone(),
                Hit {
                    d,
                    file: None,
                    field: Some("team.members".into()),
                    show: format!("第 {} 行“{}”（证件号 {}）", m.row, m.name, m.id_masked),
                },
            ));
        }
    }
    for (hash, hs) in join(hits) {
        let firsts = per_dossier(&hs);
        for h in &firsts {
            let others: Vec<&&Hit> = firsts.iter().filter(|o| o.d != h.d).collect();
            let desc: Vec<String> = others.iter().map(|o| format!("{} 的{}", prints[o.d].dossier_id, o.show)).collect();
            out.records.finding(&finding(
                &prints[h.d].dossier_id,
                FindingCode::PersonInMultipleTeams,
                Severity::Error,
                Some("team.members"),
                None,
                format!("团队成员{}与 {} 是同一证件号，同一人不得在多个团队重复参赛", h.show, desc.join("；")),
                format!(
                    "team member {} has the same ID number as a member of {}",
                    h.show,
                    others.iter().map(|o| prints[o.d].dossier_id.as_str()).collect::<Vec<_>>().join(", ")
                ),
                json!({"member": h.show, "others": desc}),
                Some(h.show.clone()),
                others.iter().map(|o| Related { dossier_id: prints[o.d].dossier_id.clone(), file: None }).collect(),
            ));
        }
        out.records.cluster(Cluster {
            id: String::new(),
            code: "PERSON_IN_MULTIPLE_TEAMS".into(),
            summary_zh: format!("同一人（证件号相同）出现在 {} 个团队中", firsts.len()),
            summary_en: format!("the same person (same ID number) is in {} teams", firsts.len()),
            similarity: None,
            members: hs.iter().map(|h| member(prints, h)).collect(),
            evidence: json!({"id_hash": &hash[..16]}),
        });
    }
}

fn member(prints: &[DossierPrint], h: &Hit) -> Member {
    Member {
        dossier_id: prints[h.d].dossier_id.clone(),
        file: h.file.clone(),
        field: h.field.clone(),
        excerpt: Some(h.show.clone()),
    }
}

fn shared_ip(prints: &[DossierPrint], out: &mut Out) {
    let mut hits = Vec::new();
    for (d, p) in prints.iter().enumerate() {
        for ip in &p.ip {
            hits.push((ip.key.clone(), Hit { d, file: None, field: Some(ip.field.clone()), show: ip.number.clone() }));
        }
    }
    for (key, hs) in join(hits) {
        let firsts = per_dossier(&hs);
        for h in &firsts {
            let others: Vec<&&Hit> = firsts.iter().filter(|o| o.d != h.d).collect();
            let ids: Vec<&str> = others.iter().map(|o| prints[o.d].dossier_id.as_str()).collect();
            let what = if h.field.as_deref() == Some("ip.patents") { "专利" } else { "软件著作权" };
            out.records.finding(&finding(
                &prints[h.d].dossier_id,
                FindingCode::IpSharedAcrossDossiers,
                Severity::Warning,
                h.field.as_deref(),
                None,
                format!("{what} {key} 同时被项目 {} 申报为本项目成果", names(&ids)),
                format!("{key} is also claimed by {}", ids.join(", ")),
                json!({"number": key, "others": ids}),
                Some(h.show.clone()),
                others.iter().map(|o| Related { dossier_id: prints[o.d].dossier_id.clone(), file: None }).collect(),
            ));
        }
        out.records.cluster(Cluster {
            id: String::new(),
            code: "IP_SHARED_ACROSS_DOSSIERS".into(),
            summary_zh: format!("知识产权 {key} 被 {} 个项目申报", firsts.len()),
            summary_en: format!("{key} is claimed by {} dossiers", firsts.len()),
            similarity: None,
            members: hs.iter().map(|h| member(prints, h)).collect(),
            evidence: json!({"number": key}),
        });
    }
}

/// The links between teams beyond ID numbers: (kind, zh name, key, hit).
fn links(prints: &[DossierPrint], cx: &Context, out: &mut Out) {
    let mut kinds: Vec<(&str, &str, Vec<(String, Hit)>)> = Vec::new();
    let hit = |d: usize, field: &str, show: String| Hit { d, file: None, field: Some(field.to_string()), show };
    let mut phones = Vec::new();
    let mut domains = Vec::new();
    let mut addrs = Vec::new();
    let mut codes = Vec::new();
    let mut unit_names = Vec::new();
    for (d, p) in prints.iter().enumerate() {
        for ph in &p.phones {
            phones.push((
                ph.hash.clone(),
                hit(d, &ph.field, format!("第 {} 行 {} 的电话 {}", ph.row, ph.owner, ph.masked)),
            ));
        }
        for e in &p.email_domains {
            domains.push((e.key.clone(), hit(d, &e.field, format!("邮箱域名 {}", e.value))));
        }
        for a in &p.addresses {
            addrs.push((a.key.clone(), hit(d, &a.field, format!("第 {} 行单位地址 {}", a.row, a.value))));
        }
        for u in &p.units {
            if let Some(c) = &u.credit_code {
                codes.push((c.clone(), hit(d, "units", format!("第 {} 行 {}（{}）", u.row, u.name, c))));
            }
        }
    }
    // Unit names and their one-deletion variants (names one edit apart share one). Most names
    // meet no other: variants are hashed without building strings, and only a hash found in two
    // dossiers becomes a key with its evidence.
    let variant = |chars: &[char], skip: usize| -> u64 {
        chars
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != skip)
            .fold(0x9E37_79B9_7F4A_7C15u64, |acc, (_, c)| crate::text::mix(acc ^ u64::from(*c as u32)))
    };
    let mut by_variant: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
    for (d, p) in prints.iter().enumerate() {
        for (ui, u) in p.units.iter().enumerate() {
            let chars: Vec<char> = u.key.chars().collect();
            if chars.len() >= cx.config.unit_name_min_chars {
                let mut hs: Vec<u64> = (0..=chars.len()).map(|i| variant(&chars, i)).collect();
                hs.sort_unstable();
                hs.dedup();
                for h in hs {
                    by_variant.entry(h).or_default().push((d, ui));
                }
            }
        }
    }
    for owners in by_variant.values() {
        if owners.iter().all(|o| o.0 == owners[0].0) {
            continue;
        }
        // The strings again, for the few shared hashes (and so that a hash collision between
        // different variants never links two teams).
        let mut keys: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for &(d, ui) in owners {
            let chars: Vec<char> = prints[d].units[ui].key.chars().collect();
            for i in 0..=chars.len() {
                let k: String = chars.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| *c).collect();
                if by_variant.get(&variant(&chars, i)).is_some_and(|v| std::ptr::eq(v, owners)) {
                    keys.entry(k).or_default().push((d, ui));
                }
            }
        }
        for (k, us) in keys {
            let mut us = us;
            us.dedup();
            if us.iter().all(|o| o.0 == us[0].0) {
                continue;
            }
            for (d, ui) in us {
                let u = &prints[d].units[ui];
                unit_names.push((k.clone(), hit(d, "units", format!("第 {} 行单位 {}", u.row, u.name))));
            }
        }
    }
    kinds.push(("phone", "电话", phones));
    kinds.push(("email_domain", "邮箱域名", domains));
    kinds.push(("address", "地址", addrs));
    kinds.push(("credit_code", "统一社会信用代码", codes));
    kinds.push(("unit_name", "单位名称", unit_names));
    // Pairs of dossiers already linked by a credit code: the same unit by name is no news.
    // (The codes each dossier shares, as numbers of the shared-code groups: a pair shares a
    // code when their lists meet. Every pair of a group was a set of the group's square — a
    // parent company's code in 400 dossiers made 160,000 entries.)
    let mut seen_groups: HashSet<(String, Vec<usize>)> = HashSet::new();
    let mut code_groups: HashMap<usize, Vec<u32>> = HashMap::new();
    let mut groups = 0u32;
    let share_code = |code_groups: &HashMap<usize, Vec<u32>>, a: usize, b: usize| {
        let (ga, gb) = (code_groups.get(&a), code_groups.get(&b));
        ga.zip(gb).is_some_and(|(ga, gb)| ga.iter().any(|g| gb.contains(g)))
    };
    for (kind, zh, hits) in kinds {
        for (key, hs) in join(hits) {
            let firsts = per_dossier(&hs);
            let ds: Vec<usize> = firsts.iter().map(|h| h.d).collect();
            if kind == "unit_name" {
                // Variants of one pair of names produce several keys: report each set once,
                // and not when the same dossiers already share that unit's credit code.
                if !seen_groups.insert((kind.to_string(), ds.clone())) {
                    continue;
                }
                if ds.windows(2).all(|w| share_code(&code_groups, w[0], w[1])) {
                    continue;
                }
            }
            if kind == "credit_code" {
                for a in &ds {
                    code_groups.entry(*a).or_default().push(groups);
                }
                groups += 1;
            }
            let shows: BTreeSet<String> = hs.iter().map(|h| h.show.clone()).collect();
            let cap = cx.config.link_list_max.max(1);
            let common = firsts.len() > cap + 1;
            for h in &firsts {
                let all_others: Vec<&&Hit> = firsts.iter().filter(|o| o.d != h.d).collect();
                let others = &all_others[..all_others.len().min(cap)];
                let desc: Vec<String> =
                    others.iter().map(|o| format!("{}：{}", prints[o.d].dossier_id, o.show)).collect();
                let ids = others.iter().map(|o| prints[o.d].dossier_id.as_str()).collect::<Vec<_>>().join(", ");
                let related =
                    others.iter().map(|o| Related { dossier_id: prints[o.d].dossier_id.clone(), file: None }).collect();
                let (severity, zh_msg, en_msg, detail) = if common {
                    // Shared by many: counted, the first named; the cluster lists them all.
                    let n = all_others.len();
                    let (severity, why) = if matches!(kind, "email_domain" | "address") {
                        (Severity::Info, "多为同一机构邮箱或同一园区地址，单独不足以说明关联")
                    } else {
                        (Severity::Warning, "请核实是否为同一单位或代理机构统一填报")
                    };
                    (
                        severity,
                        format!(
                            "与其他 {n} 个团队{zh}相同或几乎相同（{why}）：本项目{}；其中 {}等，完整名单见报告“重复与借用材料”表",
                            h.show,
                            desc.join("；")
                        ),
                        format!(
                            "shares its {kind} with {n} other teams (first {}: {ids}); the cluster lists them all",
                            others.len()
                        ),
                        json!({"link": kind, "this": h.show, "others_count": n, "others": desc}),
                    )
                } else {
                    (
                        Severity::Warning,
                        format!("与其他团队存在关联（{zh}相同或几乎相同）：本项目{}；{}", h.show, desc.join("；")),
                        format!("linked to other teams by {kind}: {ids}"),
                        json!({"link": kind, "this": h.show, "others": desc}),
                    )
                };
                out.records.finding(&finding(
                    &prints[h.d].dossier_id,
                    FindingCode::TeamsLinked,
                    severity,
                    h.field.as_deref(),
                    None,
                    zh_msg,
                    en_msg,
                    detail,
                    Some(h.show.clone()),
                    related,
                ));
            }
            let evidence = match kind {
                // A phone's key is a keyed hash: show the masked numbers only.
                "phone" => json!({"link": kind, "values": shows}),
                _ => json!({"link": kind, "key": key, "values": shows}),
            };
            out.records.cluster(Cluster {
                id: String::new(),
                code: "TEAMS_LINKED".into(),
                summary_zh: format!("{} 个团队{}相同或几乎相同", firsts.len(), zh),
                summary_en: format!("{} teams share a {kind}", firsts.len()),
                similarity: None,
                members: hs.iter().map(|h| member(prints, h)).collect(),
                evidence,
            });
        }
    }
}

fn contests(prints: &[DossierPrint], against: &[OtherRun], cx: &Context, out: &mut Out) {
    for run in against {
        let same_key = run.prints.iter().all(|p| p.key_id == cx.key_id());
        // key → (other dossier index, what)
        let mut index: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for (i, p) in run.prints.iter().enumerate() {
            for (k, what) in contest_keys(p, cx, same_key) {
                index.entry(k).or_default().push((i, what));
            }
        }
        for p in prints {
            let mut matches: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
            for (k, mine) in contest_keys(p, cx, same_key) {
                if let Some(v) = index.get(&k) {
                    for (i, theirs) in v {
                        let e = matches.entry(*i).or_default();
                        let item = (mine.clone(), theirs.clone());
                        if !e.contains(&item) {
                            e.push(item);
                        }
                    }
                }
            }
            for (i, ms) in matches {
                let other = &run.prints[i].dossier_id;
                let what: Vec<String> = ms.iter().map(|(a, b)| format!("本项目{a} ↔ 对方{b}")).collect();
                out.records.finding(&finding(
                    &p.dossier_id,
                    FindingCode::CrossContestDuplicate,
                    Severity::Warning,
                    None,
                    None,
                    format!("与另一赛事运行结果 {} 中的项目 {} 重复：{}", run.name, other, what.join("；")),
                    format!("also entered in run {} as dossier {}: {} match(es)", run.name, other, ms.len()),
                    json!({"other_run": run.name, "other_dossier": other, "matches": what}),
                    Some(cut(&what.join("；"), 200)),
                    vec![Related { dossier_id: format!("{}/{}", run.name, other), file: None }],
                ));
                out.records.cluster(Cluster {
                    id: String::new(),
                    code: "CROSS_CONTEST_DUPLICATE".into(),
                    summary_zh: format!("项目 {} 与 {} 中的项目 {} 重复", p.dossier_id, run.name, other),
                    summary_en: format!("{} matches {} in {}", p.dossier_id, other, run.name),
                    similarity: None,
                    members: vec![
                        Member { dossier_id: p.dossier_id.clone(), file: None, field: None, excerpt: None },
                        Member {
                            dossier_id: format!("{}/{}", run.name, other),
                            file: None,
                            field: None,
                            excerpt: None,
                        },
                    ],
                    evidence: json!({"other_run": run.name, "matches": what}),
                });
            }
        }
    }
}

/// Keys compared across contests with what to show for each.
fn contest_keys(p: &DossierPrint, cx: &Context, people: bool) -> Vec<(String, String)> {
    let mut v = Vec::new();
    if p.project_name.chars().count() >= 4 {
        v.push((format!("name:{}", p.project_name), format!("项目名称“{}”", p.project_name_raw)));
    }
    for u in &p.units {
        if let Some(c) = &u.credit_code {
            v.push((format!("code:{c}"), format!("单位 {}（{}）", u.name, c)));
        }
    }
    if people {
        for m in &p.people {
            v.push((format!("id:{}", m.id_hash), format!("成员“{}”（证件号 {}）", m.name, m.id_masked)));
        }
    }
    for f in &p.files {
        if f.bytes >= cx.config.min_file_bytes && !f.sha256.is_empty() {
            v.push((format!("sha:{}", f.sha256), format!("文件“{}”", f.path)));
        }
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Pictures
// ---------------------------------------------------------------------------------------------

struct Pic<'a> {
    /// Owners: (dossier index, file path, page).
    owners: Vec<(usize, String, Option<u32>)>,
    hash: u64,
    variants: &'a [u64],
    thumb: &'a crate::print::Thumb,
    aspect: f64,
}

/// Bit positions of the LSH tables over the 64-bit hash (fixed, so runs are reproducible).
/// Sampled bits of a picture table's key.
const KEY_BITS: usize = 20;
/// More bits of the same table that split a dense bucket.
const REFINE_BITS: usize = 16;
/// Full hashes in a bucket past which it is split: pairing within a bucket is quadratic.
const DENSE_BUCKET: usize = 48;

fn bit_tables(tables: usize, bits: usize) -> Vec<Vec<u32>> {
    let mut state = 0x5EED_u64;
    (0..tables)
        .map(|_| {
            let mut pos: Vec<u32> = (0..64).collect();
            for i in (1..64).rev() {
                state = text::mix(state.wrapping_add(0x9E37_79B9_7F4A_7C15));
                pos.swap(i, (state % (i as u64 + 1)) as usize);
            }
            pos.truncate(bits);
            pos
        })
        .collect()
}

fn project(h: u64, bits: &[u32]) -> u64 {
    bits.iter().enumerate().fold(0, |acc, (i, b)| acc | (((h >> b) & 1) << i))
}

fn similar_images(prints: &[DossierPrint], cx: &Context, out: &mut Out) {
    // One entry per distinct picture (same bytes, same page → one picture).
    let mut pics: Vec<Pic> = Vec::new();
    let mut by_key: HashMap<(String, Option<u32>), usize> = HashMap::new();
    for (d, p) in prints.iter().enumerate() {
        for f in &p.files {
            for im in &f.images {
                let key = (f.sha256.clone(), im.page);
                let i = *by_key.entry(key).or_insert_with(|| {
                    pics.push(Pic {
                        owners: Vec::new(),
                        hash: im.phash,
                        variants: &im.variants,
                        thumb: &im.thumb,
                        aspect: im.aspect,
                    });
                    pics.len() - 1
                });
                pics[i].owners.push((d, f.path.clone(), im.page));
            }
        }
    }
    // Bit-sampling LSH: 64 tables of 20 bits. Only the full hash is indexed; each picture looks
    // up its full hash and its crop variants (so a cropped copy finds its original and back).
    // Copies within 8 bits meet in at least one table with probability 0.99; an unrelated
    // picture shares a bucket with probability 2^-20 per lookup, so candidates grow with the
    // batch, not with its square.
    // 20 sampled bits a table, and 16 more of the same permutation for dense buckets.
    let tables = bit_tables(64, KEY_BITS + REFINE_BITS);
    // Entries of one table (table and projected bits, picture, whether it is the full hash, the
    // hash) sorted, so that a bucket is a run of equal keys: the full hashes are what is
    // indexed, the crop variants only look up (no map of small vectors). One table at a time:
    // all 64 at once were the cross stage's largest structure (186 MB at 5,000 bench dossiers),
    // and the buckets come in the same order (the table is the key's high half).
    let table_entries = |t: usize| -> Vec<(u64, u32, bool, u64)> {
        let bits = &tables[t];
        let mut entries: Vec<(u64, u32, bool, u64)> = Vec::with_capacity(pics.len() * 2);
        for (i, p) in pics.iter().enumerate() {
            let key = |h: u64| ((t as u64) << 32) | project(h, &bits[..KEY_BITS]);
            let full = key(p.hash);
            entries.push((full, i as u32, true, p.hash));
            let mut vs: Vec<(u64, u64)> =
                p.variants.iter().map(|v| (key(*v), *v)).filter(|(k, _)| *k != full).collect();
            vs.sort_unstable();
            vs.dedup_by_key(|v| v.0);
            entries.extend(vs.into_iter().map(|(k, h)| (k, i as u32, false, h)));
        }
        entries.par_sort_unstable();
        entries
    };
    let near = |a: &Pic, b: &Pic| {
        let mut d = imagehash::distance(a.hash, b.hash);
        for v in a.variants {
            d = d.min(imagehash::distance(*v, b.hash));
        }
        for v in b.variants {
            d = d.min(imagehash::distance(a.hash, *v));
        }
        d
    };
    // Pairs worth aligning: pictures in different dossiers, near enough by hash; each picture
    // keeps its `image_max_candidates` nearest (ties by position), and a pair is aligned when it
    // is among the nearest of either picture. Pictures of one layout are all near each other, so
    // without the cap the alignments would grow with the square of the batch — and so would the
    // candidate pairs if they were collected first: each bucket's pairs go straight into the
    // pictures' bounded lists of nearest (the k smallest (distance, picture), whatever the order
    // the buckets come in).
    let k = cx.config.image_max_candidates.max(1);
    let mut nearest: Vec<Vec<(u32, usize)>> = vec![Vec::new(); pics.len()];
    let offer = |list: &mut Vec<(u32, usize)>, c: (u32, usize)| {
        if list.contains(&c) {
            return;
        }
        if list.len() < k {
            list.push(c);
        } else if let Some(worst) = list.iter().copied().max() {
            if c < worst {
                let at = list.iter().position(|x| *x == worst).expect("present");
                list[at] = c;
            }
        }
    };
    let mut lookups = 0u64;
    let mut pair_up = |run: &[(u64, u32, bool, u64)], nearest: &mut Vec<Vec<(u32, usize)>>| {
        let fulls: Vec<usize> = run.iter().filter(|e| e.2).map(|e| e.1 as usize).collect();
        if fulls.is_empty() || run.len() < 2 {
            return true;
        }
        if fulls.len() > DENSE_BUCKET {
            return false;
        }
        for e in run {
            let i = e.1 as usize;
            for &j in &fulls {
                if j == i {
                    continue;
                }
                lookups += 1;
                let (a, b) = (i.min(j), i.max(j));
                if !pics[a].owners.iter().any(|x| pics[b].owners.iter().any(|y| y.0 != x.0)) {
                    continue;
                }
                let d = near(&pics[a], &pics[b]);
                if d <= cx.config.image_max_distance {
                    offer(&mut nearest[a], (d, b));
                    offer(&mut nearest[b], (d, a));
                }
            }
        }
        true
    };
    let mut skipped = 0u64;
    let mut refined = 0u64;
    for t in 0..tables.len() {
        let entries = table_entries(t);
        for run in entries.chunk_by(|x, y| x.0 == y.0) {
            if pair_up(run, &mut nearest) {
                continue;
            }
            // A dense bucket (pictures of one layout: every licence of the batch): split it by 16
            // more bits of the same table, so that its pairs are not all formed. Copies differ in a
            // few bits and stay together in some of the 64 tables; different pictures of the same
            // layout (4–14 bits apart) separate.
            refined += 1;
            let t = (run[0].0 >> 32) as usize;
            let extra = &tables[t][KEY_BITS..];
            let mut sub: Vec<(u64, u32, bool, u64)> =
                run.iter().map(|e| (project(e.3, extra), e.1, e.2, e.3)).collect();
            sub.sort_unstable();
            for part in sub.chunk_by(|x, y| x.0 == y.0) {
                if !pair_up(part, &mut nearest) {
                    skipped += part.len() as u64;
                }
            }
        }
    }
    out.stats.insert("image_buckets_refined".into(), refined);
    out.stats.insert("image_pair_lookups".into(), lookups);
    out.stats.insert("image_buckets_skipped".into(), skipped);
    let mut near_pairs: Vec<(usize, usize, u32)> = nearest
        .iter()
        .enumerate()
        .flat_map(|(p, list)| list.iter().map(move |&(d, q)| (p.min(q), p.max(q), d)))
        .collect();
    near_pairs.sort_unstable();
    near_pairs.dedup();
    drop(nearest);
    out.stats.insert("image_pairs_kept".into(), near_pairs.len() as u64);
    let mut confirmed: Vec<(usize, usize, u32, f64)> = Vec::new();
    // Confirmation (thumbnail alignment) is the costly step: pairs in parallel, in order.
    let checked: Vec<Option<(usize, usize, u32, f64)>> = near_pairs
        .par_iter()
        .map(|&(a, b, dist)| {
            let (pa, pb) = (&pics[a], &pics[b]);
            // One direction settles most pairs: copies align to 0 either way (crates/cross/tests/
            // robustness.rs measures one direction), other pictures stay far above the limit.
            // Only a pair near the limit is aligned the other way too.
            let limit = cx.config.image_max_residual;
            let (ta, tb) = (pa.thumb.bytes(), pb.thumb.bytes());
            let forward = imagehash::residual(&ta, &tb, pa.aspect);
            let r = if forward <= limit || forward > 3.0 * limit {
                forward
            } else {
                forward.min(imagehash::residual(&tb, &ta, pb.aspect))
            };
            Some((a, b, dist, r))
        })
        .collect();
    let verified = checked.iter().flatten().count() as u64;
    confirmed.extend(checked.into_iter().flatten().filter(|c| c.3 <= cx.config.image_max_residual));
    out.stats.insert("image_pairs_verified".into(), verified);
    // Connected components of confirmed pairs.
    let mut uf = UnionFind::new(pics.len());
    for (a, b, _, _) in &confirmed {
        uf.union(*a, *b);
    }
    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (a, b, _, _) in &confirmed {
        for x in [*a, *b] {
            let e = comps.entry(uf.find(x)).or_default();
            if !e.contains(&x) {
                e.push(x);
            }
        }
    }
    for (_, mut members) in comps {
        members.sort_unstable();
        let pairs: Vec<&(usize, usize, u32, f64)> =
            confirmed.iter().filter(|(a, _, _, _)| members.contains(a)).collect();
        let worst = pairs.iter().map(|p| p.3).fold(0.0, f64::max);
        let mut owners: Vec<(usize, usize, String, Option<u32>)> = Vec::new();
        for &m in &members {
            for (d, f, pg) in &pics[m].owners {
                owners.push((m, *d, f.clone(), *pg));
            }
        }
        owners.sort_by(|a, b| (a.1, &a.2, a.3).cmp(&(b.1, &b.2, b.3)));
        let mut reported = false;
        let mut done: BTreeSet<(usize, String)> = BTreeSet::new();
        for (pic, d, f, page) in &owners {
            if !done.insert((*d, f.clone())) {
                continue;
            }
            let mut rel: Vec<(usize, String, Option<u32>)> = owners
                .iter()
                .filter(|(p2, d2, _, _)| d2 != d && p2 != pic)
                .map(|(_, d2, f2, pg2)| (*d2, f2.clone(), *pg2))
                .collect();
            rel.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
            if rel.is_empty() {
                continue;
            }
            reported = true;
            let ids: Vec<&str> = rel.iter().map(|r| prints[r.0].dossier_id.as_str()).collect();
            let at = page.map(|p| format!("（第 {p} 页的图片）")).unwrap_or_default();
            out.records.finding(&finding(
                &prints[*d].dossier_id,
                FindingCode::SimilarImage,
                Severity::Warning,
                None,
                Some(f),
                format!("图片“{f}”{at}与项目 {} 中的图片视觉上相同（可能经过重新保存、缩放、裁剪）", names(&ids)),
                format!("picture `{f}` looks the same as a picture of {}", ids.join(", ")),
                json!({"page": page, "max_residual": worst,
                       "others": rel.iter().map(|r| json!({"dossier_id": prints[r.0].dossier_id, "file": r.1, "page": r.2})).collect::<Vec<_>>()}),
                None,
                rel.iter().map(|r| Related { dossier_id: prints[r.0].dossier_id.clone(), file: Some(r.1.clone()) }).collect(),
            ));
        }
        if reported {
            out.records.cluster(Cluster {
                id: String::new(),
                code: "SIMILAR_IMAGE".into(),
                summary_zh: format!("{} 个文件中的图片视觉上相同", done.len()),
                summary_en: format!("{} files hold the same picture", done.len()),
                similarity: Some(1.0 - worst),
                members: done
                    .iter()
                    .map(|(d, f)| Member {
                        dossier_id: prints[*d].dossier_id.clone(),
                        file: Some(f.clone()),
                        field: None,
                        excerpt: None,
                    })
                    .collect(),
                evidence: json!({"pairs": pairs.iter().map(|(a, b, dist, r)| json!({
                    "a": pics[*a].owners.first().map(|o| format!("{}/{}", prints[o.0].dossier_id, o.1)),
                    "b": pics[*b].owners.first().map(|o| format!("{}/{}", prints[o.0].dossier_id, o.1)),
                    "hash_distance": dist, "residual": r})).collect::<Vec<_>>()}),
            });
        }
    }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/// Longest texts (normalised characters) searched for the verbatim run; past it, the run is
/// sought in the first RUN_CAP characters of each (the search is near-linear, this only bounds
/// one pair's time on a pathological file).
const RUN_CAP: usize = 200_000;

fn similar_text(prints: &[DossierPrint], cx: &Context, out: &mut Out) {
    let cfg = &cx.config;
    // Sections: (dossier, section index).
    let secs: Vec<(usize, usize)> =
        prints.iter().enumerate().flat_map(|(d, p)| (0..p.sections.len()).map(move |s| (d, s))).collect();
    // Banding. The candidate pairs are never held: at 5,000 bench dossiers there were 15 M of
    // them (a hash set of pairs was the run's largest structure). Each band is sorted so that a
    // bucket is a run of equal keys; a first pass marks the sections in some pair and the
    // buckets too full to pair (boilerplate); a second pass, after the shingle sets are made,
    // pairs each bucket again and confirms each pair where it first meets — in the lowest band
    // whose bucket the two share and that was not skipped — so that no pair is confirmed twice
    // and no set of pairs is needed.
    let rows = cfg.minhash_rows.max(1);
    let bands = cfg.minhash_bands;
    let mut keys: Vec<u64> = vec![0; secs.len() * bands];
    let mut nbands: Vec<u8> = vec![0; secs.len()];
    for (i, &(d, s)) in secs.iter().enumerate() {
        let sig = prints[d].sections[s].minhash.get();
        if sig.iter().all(|v| *v == 0) {
            continue;
        }
        for (b, band) in sig.chunks(rows).enumerate().take(bands) {
            let h = band.iter().fold(b as u64, |acc, v| text::mix(acc ^ u64::from(*v)));
            keys[i * bands + b] = text::mix(h ^ (b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            nbands[i] = (b + 1) as u8;
        }
    }
    let band = |b: usize| -> Vec<(u64, u32)> {
        let mut v: Vec<(u64, u32)> =
            (0..secs.len()).filter(|&i| usize::from(nbands[i]) > b).map(|i| (keys[i * bands + b], i as u32)).collect();
        v.par_sort_unstable();
        v
    };
    let mut involved_mark = vec![false; secs.len()];
    let mut skipped: HashSet<(usize, u64)> = HashSet::new();
    for b in 0..bands {
        for v in band(b).chunk_by(|x, y| x.0 == y.0) {
            if v.len() < 2 {
                continue;
            }
            if v.len() > cfg.max_bucket {
                skipped.insert((b, v[0].0));
                continue;
            }
            // Every member has a partner from another dossier when the bucket holds two.
            let d0 = secs[v[0].1 as usize].0;
            if v.iter().any(|e| secs[e.1 as usize].0 != d0) {
                for e in v {
                    involved_mark[e.1 as usize] = true;
                }
            }
        }
    }
    // Whether the pair (x, y), met in band `b`, met before in a band that paired them.
    let met_before = |x: usize, y: usize, b: usize| {
        let n = usize::from(nbands[x].min(nbands[y])).min(b);
        (0..n).any(|b2| {
            let k = keys[x * bands + b2];
            k == keys[y * bands + b2] && !skipped.contains(&(b2, k))
        })
    };
    out.stats.insert("text_buckets_skipped".into(), skipped.len() as u64);
    if !involved_mark.contains(&true) {
        out.stats.insert("text_candidates".into(), 0);
        return;
    }
    // Boilerplate first: shingles found in more than `limit` of the batch's dossiers, left out of
    // every set. Counting every shingle exactly needed their union and a counter each (140 MB
    // at 5,000 bench dossiers); instead a count-min sketch of fixed size counts every dossier's
    // distinct shingles (its estimate is never below the true count), and only the shingles
    // whose estimate passes the limit — the boilerplate and the sketch's few false positives —
    // are counted exactly in a second pass. The result is the exact count's; the sketch is gone
    // before the sets are made.
    let limit = (cfg.df_max_share * prints.len() as f64).max(cfg.df_min_count as f64);
    // Every dossier's distinct shingles, a few dozen dossiers at a time, in parallel.
    let for_each_dossier = |f: &mut dyn FnMut(&[u64])| {
        for chunk in prints.chunks(64) {
            let distinct: Vec<Vec<u64>> = chunk
                .par_iter()
                .map(|p| {
                    let mut mine: Vec<u64> = p
                        .sections
                        .iter()
                        .flat_map(|s| text::shingles(&text::normalise(&s.text.get()).chars, cfg.shingle))
                        .collect();
                    mine.sort_unstable();
                    mine.dedup();
                    mine
                })
                .collect();
            for mine in &distinct {
                f(mine);
            }
        }
    };
    let sketch = {
        let mut s = CountMin::new();
        for_each_dossier(&mut |mine| mine.iter().for_each(|h| s.add(*h)));
        s
    };
    let mut counted: HashMap<u64, u32> = HashMap::new();
    for_each_dossier(&mut |mine| {
        for h in mine {
            if f64::from(sketch.estimate(*h)) > limit {
                *counted.entry(*h).or_default() += 1;
            }
        }
    });
    drop(sketch);
    out.stats.insert("text_shingles_counted".into(), counted.len() as u64);
    let common: HashSet<u64> = counted.into_iter().filter(|(_, n)| f64::from(*n) > limit).map(|(h, _)| h).collect();
    // Shingle sets of the sections in a candidate pair, less the template's wording and the
    // boilerplate: sorted vectors (a third of a hash set's memory) of 32-bit hashes (half the
    // 64-bit ones': the sets were the stage's largest structure, 123 MB at 5,000 bench
    // dossiers). Two sections of 3,000 shingles share a 32-bit hash by chance with odds of
    // about 1 in 500, one shingle more against the 20 a report needs at least.
    let involved: Vec<usize> = (0..secs.len()).filter(|&i| involved_mark[i]).collect();
    drop(involved_mark);
    let section_text = |i: usize| prints[secs[i].0].sections[secs[i].1].text.get();
    // Sections with the same shingles (copies: one batch uploaded twice, a team's sections
    // pasted into another's) share one set, held once: `rep[i]` is the section whose set is i's.
    let mut sets = Sets::new(out.records.scratch());
    let mut rep: HashMap<usize, usize> = HashMap::new();
    let mut by_content: HashMap<u64, Vec<usize>> = HashMap::new();
    // Shingled in parallel a few thousand at a time, so that copies are dropped as they come.
    for chunk in involved.chunks(4096) {
        let shingled: Vec<(usize, Vec<u32>)> = chunk
            .par_iter()
            .map(|&i| {
                let n = text::normalise(&section_text(i));
                let mut v: Vec<u32> = text::shingles(&n.chars, cfg.shingle)
                    .into_iter()
                    .filter(|h| !cx.template.contains(h) && !common.contains(h))
                    .map(|h| (text::mix(h) >> 32) as u32)
                    .collect();
                v.sort_unstable();
                v.dedup();
                v.shrink_to_fit();
                (i, v)
            })
            .collect();
        for (i, v) in shingled {
            let key = v.iter().fold(v.len() as u64, |acc, h| text::mix(acc ^ u64::from(*h)));
            let same = by_content.entry(key).or_default();
            match same.iter().find(|&&r| *sets.get(r) == *v) {
                Some(&r) => {
                    rep.insert(i, r);
                }
                None => {
                    same.push(i);
                    rep.insert(i, i);
                    sets.insert(i, v);
                }
            }
        }
    }
    drop(by_content);
    drop(common);
    // Then the pairs, in parallel and in order (the sections' normal forms are made again for
    // the pairs that get as far as the verbatim run).
    out.stats.insert("text_sets_spilled".into(), u64::from(sets.spilled()));
    let kept = sets;
    let run_of = |a: usize, b: usize| -> (usize, String) {
        let (ta, tb) = (section_text(a), section_text(b));
        let (na, nb) = (text::normalise(&ta), text::normalise(&tb));
        let (run, ia, _) = text::longest_common_run(
            &na.chars[..na.chars.len().min(RUN_CAP)],
            &nb.chars[..nb.chars.len().min(RUN_CAP)],
        );
        let original: Vec<char> = ta.chars().collect();
        let excerpt = if run > 0 {
            let (s, e) = (na.map[ia], na.map[ia + run - 1] + 1);
            cut(&original[s..e].iter().collect::<String>(), 300)
        } else {
            String::new()
        };
        (run, excerpt)
    };
    let confirm = |a: usize, b: usize, sa: &[u32], sb: &[u32]| -> Option<TextPair> {
        if sa.is_empty() || sb.is_empty() {
            return None;
        }
        let inter = sorted_intersection(sa, sb);
        let union = sa.len() + sb.len() - inter;
        let jac = inter as f64 / union as f64;
        let (ca, cb) = (inter as f64 / sa.len() as f64, inter as f64 / sb.len() as f64);
        if inter < cfg.text_min_shared || (ca.max(cb) < cfg.text_containment && jac < cfg.text_jaccard) {
            return None;
        }
        // The passage itself is cut again for the few pairs that show it (a section's best
        // match, a cluster's longest): held for every pair it was 38 MB at 5,000 bench dossiers.
        let run = run_of(a, b).0;
        Some(TextPair { a, b, jac, ca, cb, run })
    };
    // The second pass: each band's buckets in parallel, each pair where it first meets.
    let candidates = std::sync::atomic::AtomicU64::new(0);
    let mut pairs: Vec<TextPair> = Vec::new();
    for b in 0..bands {
        let entries = band(b);
        let buckets: Vec<&[(u64, u32)]> =
            entries.chunk_by(|x, y| x.0 == y.0).filter(|v| v.len() >= 2 && v.len() <= cfg.max_bucket).collect();
        pairs.par_extend(buckets.into_par_iter().flat_map_iter(|v| {
            // The bucket's new pairs, then the sets of their sections, each read once.
            let mut new: Vec<(usize, usize)> = Vec::new();
            for (x, &(_, a)) in v.iter().enumerate() {
                for &(_, c) in &v[x + 1..] {
                    let (a, c) = (a as usize, c as usize);
                    let (a, c) = (a.min(c), a.max(c));
                    if secs[a].0 != secs[c].0 && !met_before(a, c, b) {
                        new.push((a, c));
                    }
                }
            }
            candidates.fetch_add(new.len() as u64, std::sync::atomic::Ordering::Relaxed);
            let mut local: HashMap<usize, std::borrow::Cow<'_, [u32]>> = HashMap::new();
            for &(a, c) in &new {
                for i in [rep[&a], rep[&c]] {
                    local.entry(i).or_insert_with(|| kept.get(i));
                }
            }
            new.into_iter().filter_map(|(a, c)| confirm(a, c, &local[&rep[&a]], &local[&rep[&c]])).collect::<Vec<_>>()
        }));
    }
    pairs.sort_unstable_by_key(|p| (p.a, p.b));
    out.stats.insert("text_candidates".into(), candidates.into_inner());
    // One finding per section involved, naming every counterpart.
    let mut by_sec: BTreeMap<usize, Vec<&TextPair>> = BTreeMap::new();
    for p in &pairs {
        by_sec.entry(p.a).or_default().push(p);
        by_sec.entry(p.b).or_default().push(p);
    }
    let sec_name = |i: usize| (&prints[secs[i].0].dossier_id, &prints[secs[i].0].sections[secs[i].1].field);
    let cap = cfg.link_list_max.max(1);
    for (i, ps) in &mut by_sec {
        // The longest shared runs first; past `cap`, counted, not listed (the cluster has all).
        let total = ps.len();
        if total > cap {
            ps.sort_by(|x, y| y.run.cmp(&x.run).then((x.a, x.b).cmp(&(y.a, y.b))));
        }
        let (id, field) = sec_name(*i);
        let matches: Vec<Value> = ps
            .iter()
            .take(cap)
            .map(|p| {
                let (other, mine_in_other, other_in_mine) =
                    if p.a == *i { (p.b, p.ca, p.cb) } else { (p.a, p.cb, p.ca) };
                let (oid, ofield) = sec_name(other);
                json!({"dossier_id": oid, "field": ofield, "jaccard": round3(p.jac),
                       "containment_this_in_other": round3(mine_in_other),
                       "containment_other_in_this": round3(other_in_mine),
                       "longest_run_chars": p.run})
            })
            .collect();
        let best = ps.iter().max_by(|x, y| x.run.cmp(&y.run)).expect("non-empty");
        let best_c = ps.iter().map(|p| if p.a == *i { p.ca } else { p.cb }).fold(0.0, f64::max);
        let ids: Vec<&str> = ps.iter().map(|p| sec_name(if p.a == *i { p.b } else { p.a }).0.as_str()).collect();
        let listed = ids.iter().take(cap).copied().collect::<Vec<_>>().join(", ");
        let listed = if total > cap { format!("{listed} and {} more", total - cap) } else { listed };
        // The passage cut from this section's own text.
        let excerpt = run_of(*i, if best.a == *i { best.b } else { best.a }).1;
        out.records.finding(&finding(
            id,
            FindingCode::SimilarText,
            Severity::Warning,
            Some(field),
            None,
            format!(
                "“{}”与项目 {} 的文字大量雷同：本段 {:.0}% 的内容出现在对方文本中，最长连续相同 {} 字（连续 13 字相同即视为抄袭）",
                field,
                names(&ids),
                best_c * 100.0,
                best.run
            ),
            format!(
                "`{field}` largely matches text of {}: {:.0}% of it appears there, longest verbatim run {} characters",
                listed,
                best_c * 100.0,
                best.run
            ),
            {
                let mut d = serde_json::Map::new();
                d.insert("jaccard".into(), json!(round3(best.jac)));
                d.insert("containment".into(), json!(round3(best_c)));
                d.insert("longest_run_chars".into(), json!(best.run));
                if total > cap {
                    d.insert("matches_count".into(), json!(total));
                }
                d.insert("matches".into(), Value::Array(matches));
                Value::Object(d)
            },
            (!excerpt.is_empty()).then_some(excerpt),
            ps.iter()
                .take(cap)
                .map(|p| Related { dossier_id: sec_name(if p.a == *i { p.b } else { p.a }).0.clone(), file: None })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        ));
    }
    // Clusters: connected components of sections.
    let mut uf = UnionFind::new(secs.len());
    for p in &pairs {
        uf.union(p.a, p.b);
    }
    let mut comps: BTreeMap<usize, (BTreeSet<usize>, Vec<&TextPair>)> = BTreeMap::new();
    for p in &pairs {
        let c = comps.entry(uf.find(p.a)).or_default();
        c.0.extend([p.a, p.b]);
        c.1.push(p);
    }
    for (_, (m, ps)) in comps {
        let best = ps.iter().map(|p| p.jac).fold(0.0, f64::max);
        let longest = ps.iter().max_by_key(|p| p.run).expect("non-empty");
        out.records.cluster(Cluster {
            id: String::new(),
            code: "SIMILAR_TEXT".into(),
            summary_zh: format!("{} 段文字大量雷同（最长连续相同 {} 字）", m.len(), longest.run),
            summary_en: format!("{} sections share text (longest verbatim run {} characters)", m.len(), longest.run),
            similarity: Some(round3(best)),
            members: m
                .iter()
                .map(|&i| Member {
                    dossier_id: sec_name(i).0.clone(),
                    file: None,
                    field: Some(sec_name(i).1.clone()),
                    excerpt: None,
                })
                .collect(),
            evidence: json!({"passage": run_of(longest.a, longest.b).1, "pairs": ps.iter().map(|p| json!({
                "a": format!("{}:{}", sec_name(p.a).0, sec_name(p.a).1),
                "b": format!("{}:{}", sec_name(p.b).0, sec_name(p.b).1),
                "jaccard": round3(p.jac), "containment_a_in_b": round3(p.ca), "containment_b_in_a": round3(p.cb),
                "longest_run_chars": p.run})).collect::<Vec<_>>()}),
        });
    }
}

/// The shingle sets of the text join: in memory, or — when the stage has a scratch file —
/// written to it as they are made and read back a bucket's worth at a time. Held, they were the
/// stage's largest structure (60 MB of 32-bit hashes at 5,000 bench dossiers); read back, each
/// set is read once per bucket that pairs it anew.
enum Sets {
    Here(HashMap<usize, Vec<u32>>),
    There { spill: Arc<Spill>, at: HashMap<usize, (u64, u32)>, here: HashMap<usize, Vec<u32>> },
}

impl Sets {
    fn new(spill: Option<Arc<Spill>>) -> Sets {
        match spill {
            Some(spill) => Sets::There { spill, at: HashMap::new(), here: HashMap::new() },
            None => Sets::Here(HashMap::new()),
        }
    }

    fn insert(&mut self, i: usize, v: Vec<u32>) {
        match self {
            Sets::Here(m) => {
                m.insert(i, v);
            }
            Sets::There { spill, at, here } => {
                let bytes = crate::print::bytes_of(&v);
                // A set the file cannot take stays in memory: slower never wrong.
                match spill.put(&bytes) {
                    Ok(pos) if bytes.len() <= u32::MAX as usize => {
                        at.insert(i, (pos, bytes.len() as u32));
                    }
                    _ => {
                        here.insert(i, v);
                    }
                }
            }
        }
    }

    fn get(&self, i: usize) -> std::borrow::Cow<'_, [u32]> {
        use std::borrow::Cow;
        match self {
            Sets::Here(m) => Cow::Borrowed(m.get(&i).map_or(&[][..], Vec::as_slice)),
            Sets::There { spill, at, here } => match (here.get(&i), at.get(&i)) {
                (Some(v), _) => Cow::Borrowed(v),
                // A set that cannot be read back matches nothing, which the stage survives.
                (None, Some(&(pos, len))) => {
                    Cow::Owned(crate::print::u32s_of(&spill.try_get(pos, len).unwrap_or_default()))
                }
                (None, None) => Cow::Borrowed(&[]),
            },
        }
    }

    /// Whether the sets were written to the scratch file.
    fn spilled(&self) -> bool {
        matches!(self, Sets::There { .. })
    }
}

/// A count-min sketch of u64 keys: `DEPTH` rows of `WIDTH` counters (12 MB), each key counted
/// in one counter per row; the smallest of its counters is never below its true count.
struct CountMin(Vec<u32>);

impl CountMin {
    const DEPTH: usize = 3;
    const WIDTH: usize = 1 << 20;

    fn new() -> CountMin {
        CountMin(vec![0; Self::DEPTH * Self::WIDTH])
    }

    fn slot(h: u64, row: usize) -> usize {
        let x = text::mix(h ^ (row as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407));
        row * Self::WIDTH + (x as usize & (Self::WIDTH - 1))
    }

    fn add(&mut self, h: u64) {
        for row in 0..Self::DEPTH {
            let c = &mut self.0[Self::slot(h, row)];
            *c = c.saturating_add(1);
        }
    }

    fn estimate(&self, h: u64) -> u32 {
        (0..Self::DEPTH).map(|row| self.0[Self::slot(h, row)]).min().unwrap_or(0)
    }
}

/// How many values two sorted, deduplicated vectors share.
fn sorted_intersection(a: &[u32], b: &[u32]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Galloping would win for very unequal sizes; sections are of like length.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < small.len() && j < large.len() {
        match small[i].cmp(&large[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

struct TextPair {
    a: usize,
    b: usize,
    jac: f64,
    ca: f64,
    cb: f64,
    run: usize,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
