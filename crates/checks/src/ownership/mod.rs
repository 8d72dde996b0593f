//! Checks about whose materials a dossier holds: claimed IP with its certificate, certificates
//! held by the participating units, licences and contracts of the units themselves (not of a
//! parent company, a branch, a subsidiary or a stranger), and units on reference lists.
//!
//! Shared here: the participating units as the form lists them ([`units`]), and how a name on
//! an attachment relates to them ([`relate`]): the unit itself, its declared parent, a branch,
//! the head office of a unit that is a branch, a company of the same group (same core name), or
//! nothing.

pub(crate) mod excluded_entity;
pub(crate) mod foreign_entity_material;
pub(crate) mod ip_evidence_missing;
pub(crate) mod ip_holder_mismatch;
pub(crate) mod organizer_affiliate;
pub(crate) mod parent_company_material;

use conventions::normalize::{org_name, strip_parentheticals};
use model::{FieldValue, FindingCode};

use crate::out::{Detail, Draft, Out};
use crate::walk::{get, records};
use crate::{FileFacts, Input};

/// The finding code a reference list's hits are reported under: `affiliates` →
/// `ORGANIZER_AFFILIATE`, `excluded` → `EXCLUDED_ENTITY`; any other name is not a list this
/// version knows.
pub fn ref_list_code(name: &str) -> Option<FindingCode> {
    match name {
        "affiliates" => Some(FindingCode::OrganizerAffiliate),
        "excluded" => Some(FindingCode::ExcludedEntity),
        _ => None,
    }
}

/// A participating unit as the form lists it.
pub(crate) struct Unit {
    /// Position in `units` (for `units[i].name`).
    pub index: usize,
    /// The name as written.
    pub name: String,
    /// [`org_name`] of it.
    pub key: String,
    /// The credit code, normalised, when valid.
    pub credit_code: Option<String>,
    /// [`org_name`] of the declared parent company (母公司), when given.
    pub parent: Option<String>,
}

/// The participating units with a name.
pub(crate) fn units(input: &Input<'_>) -> Vec<Unit> {
    let mut out = Vec::new();
    for (index, rec) in records(input, "units").iter().enumerate() {
        let Some(name) = get(rec, "name").and_then(FieldValue::as_text) else { continue };
        let key = org_name(name);
        if key.is_empty() {
            continue;
        }
        let credit_code = get(rec, "credit_code")
            .and_then(FieldValue::as_text)
            .and_then(|c| conventions::ids::normalize_credit_code(c).ok());
        let parent = get(rec, "parent_company")
            .and_then(FieldValue::as_text)
            .map(org_name)
            .filter(|p| p.chars().count() >= 4 && !["无", "否", "不适用", "/", "-", "—"].contains(&p.as_str()));
        out.push(Unit { index, name: name.to_string(), key, credit_code, parent });
    }
    out
}

/// How a name on an attachment relates to the participating units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// A participating unit itself (the unit's index in `units`).
    Own(usize),
    /// The unit's declared parent company (母公司).
    DeclaredParent(usize),
    /// A branch (`…分公司`) of the unit.
    Branch(usize),
    /// The head office of a unit that is itself a branch.
    HeadOffice(usize),
    /// A company sharing the unit's core name: its group, a subsidiary or a sister company.
    SameGroup(usize),
    /// Someone else.
    Stranger,
}

impl Relation {
    /// The unit it relates to.
    pub(crate) fn unit(self) -> Option<usize> {
        match self {
            Relation::Own(i)
            | Relation::DeclaredParent(i)
            | Relation::Branch(i)
            | Relation::HeadOffice(i)
            | Relation::SameGroup(i) => Some(i),
            Relation::Stranger => None,
        }
    }

    /// A word for `detail.relation`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Relation::Own(_) => "own",
            Relation::DeclaredParent(_) => "declared_parent",
            Relation::Branch(_) => "branch",
            Relation::HeadOffice(_) => "head_office",
            Relation::SameGroup(_) => "same_group",
            Relation::Stranger => "none",
        }
    }

    /// How staff say it: `母公司`, `分公司` …
    pub(crate) fn zh(self) -> &'static str {
        match self {
            Relation::Own(_) => "本单位",
            Relation::DeclaredParent(_) => "申报书填写的母公司",
            Relation::Branch(_) => "分公司",
            Relation::HeadOffice(_) => "总公司（参赛单位是其分公司）",
            Relation::SameGroup(_) => "同一集团的母公司、子公司或关联公司（名称核心字号相同）",
            Relation::Stranger => "非参赛单位",
        }
    }

    pub(crate) fn en(self) -> &'static str {
        match self {
            Relation::Own(_) => "the unit itself",
            Relation::DeclaredParent(_) => "the declared parent company",
            Relation::Branch(_) => "a branch of the unit",
            Relation::HeadOffice(_) => "the head office of the unit (a branch)",
            Relation::SameGroup(_) => "a group, subsidiary or sister company (same core name)",
            Relation::Stranger => "an entity that is not a participating unit",
        }
    }

    /// Related (parent, branch, head office, group) rather than the unit or a stranger.
    pub(crate) fn is_related(self) -> bool {
        !matches!(self, Relation::Own(_) | Relation::Stranger)
    }
}

/// How `name` (any spelling) relates to the units: the unit itself wins over every relation,
/// so a subsidiary that is itself a participating unit is its own.
pub(crate) fn relate(name: &str, units: &[Unit]) -> Relation {
    let key = org_name(name);
    if key.is_empty() {
        return Relation::Stranger;
    }
    if let Some(u) = units.iter().find(|u| u.key == key) {
        return Relation::Own(u.index);
    }
    if let Some(u) = units.iter().find(|u| u.parent.as_deref() == Some(key.as_str())) {
        return Relation::DeclaredParent(u.index);
    }
    if let Some(u) = units.iter().find(|u| is_branch_of(&key, &u.key)) {
        return Relation::Branch(u.index);
    }
    if let Some(u) = units.iter().find(|u| is_branch_of(&u.key, &key)) {
        return Relation::HeadOffice(u.index);
    }
    if let Some(core) = core_name(&key) {
        for u in units {
            let Some(uc) = core_name(&u.key) else { continue };
            if core.contains(uc.as_str()) || uc.contains(core.as_str()) {
                return Relation::SameGroup(u.index);
            }
        }
    }
    Relation::Stranger
}

/// `branch` is `head` + something + `分公司` (`某某有限公司太原分公司`).
fn is_branch_of(branch: &str, head: &str) -> bool {
    branch.len() > head.len() && branch.starts_with(head) && branch.ends_with("分公司")
}

/// Legal-form words that end a company's name; the core name is what stands before the first.
const LEGAL_FORMS: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"];

/// Country prefixes stripped from a company's name before its core is compared (regions come
/// from `evidence::REGIONS`).
const COUNTRY: &[&str] = &["中华人民共和国", "中国"];

/// Administrative words after a region (`山西省`, `太原市`, `小店区`).
const REGION_TAILS: &[&str] = &["省", "市", "自治区", "特别行政区", "区", "县"];

/// A company's core name (字号): its name without region prefixes and without the legal form and
/// what follows it (`山西晋数智联数据科技有限公司太原分公司` → `晋数智联数据科技`). `None` for names
/// without a company legal form (universities, institutes) and for cores under 3 characters.
pub(crate) fn core_name(key: &str) -> Option<String> {
    let s = strip_parentheticals(key);
    let cut = LEGAL_FORMS.iter().filter_map(|f| s.find(f)).min()?;
    let mut core = &s[..cut];
    loop {
        let Some(region) = COUNTRY.iter().chain(evidence::REGIONS).find(|r| core.starts_with(*r)) else { break };
        core = &core[region.len()..];
        if let Some(tail) = REGION_TAILS.iter().find(|t| core.starts_with(*t)) {
            core = &core[tail.len()..];
        }
    }
    (core.chars().count() >= 3).then(|| core.to_string())
}

/// The attachments: the form and other copies of it (`申报书.pdf` beside `申报书.docx`, class
/// `application_form`) excluded — they repeat the claims, they prove nothing.
pub(crate) fn attachments<'a>(input: &'a Input<'a>) -> impl Iterator<Item = &'a FileFacts> + 'a {
    input.files.iter().filter(move |f| Some(f.path.as_str()) != input.form_file && f.class != "application_form")
}

/// Whether a file's name (last component, spaces and case ignored) is `name`'s.
pub(crate) fn same_base(path: &str, name: &str) -> bool {
    let base = |p: &str| -> String {
        let b = p.rsplit(['/', '\\']).next().unwrap_or(p);
        b.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
    };
    base(path) == base(name)
}

/// Who an attachment (not a certificate) says it belongs to: a business licence's holder, a
/// contract's parties, the audited entity of an audit report, the reporting entity of a
/// financial statement. `None` when it names nobody the checks can weigh.
pub(crate) struct Belonging {
    /// The names weighed, as found.
    pub names: Vec<String>,
    /// The closest relation among them: own, else related, else stranger.
    pub relation: Relation,
    /// The name that decided it.
    pub decisive: String,
}

/// An accounting, law or valuation firm, or a professional body: the author of a report, not
/// its subject.
fn is_auditor(name: &str) -> bool {
    ["会计师事务所", "税务师事务所", "律师事务所", "评估", "协会", "注册会计师"].iter().any(|w| name.contains(w))
}

/// Decides whom an attachment belongs to. A licence belongs to its holder; a contract to its
/// parties — it is the team's when ANY party is a participating unit (the other party is
/// naturally a customer or supplier); a credit code of a participating unit printed on it
/// makes it the unit's. An audit report or a financial statement belongs to the first
/// organisation it names that is not an auditor. Certificates are left to `IP_HOLDER_MISMATCH`.
pub(crate) fn belonging(f: &FileFacts, units: &[Unit]) -> Option<Belonging> {
    let names: Vec<String> = match f.evidence.kind {
        evidence::Kind::BusinessLicense => f.evidence.holders.clone(),
        evidence::Kind::Contract => f.evidence.parties.iter().map(|p| p.name.clone()).collect(),
        // The audited or reporting entity: the first organisation named that is not the
        // auditor (the addressee `某公司全体股东：`, `编制单位：某公司`).
        evidence::Kind::AuditReport | evidence::Kind::FinancialStatement => {
            f.evidence.organisations.iter().find(|o| !is_auditor(o)).cloned().into_iter().collect()
        }
        _ => return None,
    };
    if names.is_empty() {
        return None;
    }
    let by_code = f.evidence.credit_codes.iter().find_map(|c| {
        units.iter().find(|u| u.credit_code.as_deref() == Some(c.as_str())).map(|u| (u.index, u.name.clone()))
    });
    if let Some((i, name)) = by_code {
        return Some(Belonging { names, relation: Relation::Own(i), decisive: name });
    }
    let rels: Vec<(Relation, &String)> = names.iter().map(|n| (relate(n, units), n)).collect();
    let pick = rels
        .iter()
        .find(|(r, _)| matches!(r, Relation::Own(_)))
        .or_else(|| rels.iter().find(|(r, _)| r.is_related()))
        .or_else(|| rels.first())
        .copied()?;
    Some(Belonging { relation: pick.0, decisive: pick.1.clone(), names })
}

/// Reports every participating unit found on the reference lists whose code is `code`.
pub(crate) fn ref_hits(input: &Input<'_>, code: FindingCode, out: &mut Out, list_zh: &str, list_en: &str) {
    let units = units(input);
    for list in input.refs.iter().filter(|l| ref_list_code(&l.name) == Some(code)) {
        for u in &units {
            let by_code =
                u.credit_code.as_ref().and_then(|c| list.entries.iter().find(|e| e.credit_code.as_ref() == Some(c)));
            let (entry, by) = match by_code {
                Some(e) => (e, "credit_code"),
                None => match list.entries.iter().find(|e| !e.key.is_empty() && e.key == u.key) {
                    Some(e) => (e, "name"),
                    None => continue,
                },
            };
            let how_zh = if by == "credit_code" { "统一社会信用代码" } else { "单位名称" };
            let file = list.source.rsplit(['/', '\\']).next().unwrap_or(&list.source);
            out.push(
                Draft::field(
                    format!("units[{}].name", u.index),
                    format!(
                        "参赛单位“{}”在{list_zh}中（{how_zh}相同：“{}”，{file} 第 {} 行）",
                        u.name, entry.name, entry.row
                    ),
                    format!(
                        "participating unit `{}` is on {list_en} (same {}: `{}`, {file} row {})",
                        u.name,
                        if by == "credit_code" { "credit code" } else { "name" },
                        entry.name,
                        entry.row
                    ),
                )
                .detail(&[
                    ("list", Detail::S(list.name.clone())),
                    ("source", Detail::S(list.source.clone())),
                    ("row", Detail::N(entry.row as f64)),
                    ("matched_by", Detail::S(by.to_string())),
                    ("entry", Detail::S(entry.name.clone())),
                ])
                .excerpt(&u.name),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(index: usize, name: &str, parent: Option<&str>) -> Unit {
        Unit { index, name: name.into(), key: org_name(name), credit_code: None, parent: parent.map(org_name) }
    }

    #[test]
    fn core_names() {
        assert_eq!(core_name("山西晋数智联数据科技有限公司太原分公司").as_deref(), Some("晋数智联数据科技"));
        assert_eq!(core_name("太原晋数智联数据科技股份有限公司").as_deref(), Some("晋数智联数据科技"));
        assert_eq!(core_name("晋数智联数据科技集团有限公司").as_deref(), Some("晋数智联数据科技"));
        assert_eq!(core_name("中国移动通信集团山西有限公司").as_deref(), Some("移动通信"));
        assert_eq!(core_name("山西省太原市晋数智联有限公司").as_deref(), Some("晋数智联"));
        assert_eq!(core_name("太原理工大学"), None);
        assert_eq!(core_name("山西数据有限公司"), None);
    }

    #[test]
    fn relations() {
        let us = [
            unit(0, "太原晋数智联数据科技有限公司", Some("中国电子信息产业集团有限公司")),
            unit(1, "中国移动通信集团山西有限公司分公司", None),
        ];
        assert_eq!(relate("太原晋数智联数据科技有限公司", &us), Relation::Own(0));
        assert_eq!(relate("太原 晋数智联数据科技有限公司 ", &us), Relation::Own(0));
        assert_eq!(relate("太原晋数智联（北京）数据科技有限公司", &us), Relation::SameGroup(0));
        assert_eq!(relate("中国电子信息产业集团有限公司", &us), Relation::DeclaredParent(0));
        assert_eq!(relate("太原晋数智联数据科技有限公司大同分公司", &us), Relation::Branch(0));
        assert_eq!(relate("中国移动通信集团山西有限公司", &us), Relation::HeadOffice(1));
        assert_eq!(relate("晋数智联数据科技集团有限公司", &us), Relation::SameGroup(0));
        assert_eq!(relate("北京晋数智联数据科技有限公司", &us), Relation::SameGroup(0));
        assert_eq!(relate("山西汾河云图信息技术有限公司", &us), Relation::Stranger);
    }

    #[test]
    fn a_subsidiary_that_is_a_participating_unit_is_its_own() {
        let us = [unit(0, "晋数智联数据科技集团有限公司", None), unit(1, "太原晋数智联数据科技有限公司", None)];
        assert_eq!(relate("太原晋数智联数据科技有限公司", &us), Relation::Own(1));
        assert_eq!(relate("晋数智联数据科技集团有限公司", &us), Relation::Own(0));
    }
}
