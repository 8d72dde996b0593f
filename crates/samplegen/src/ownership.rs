//! A generated batch for the ownership checks (whose materials a dossier holds): claimed IP
//! without evidence, certificates held by someone else, licences and contracts of a parent
//! company, branch, group or stranger, units on the organizers' affiliate list or an exclusion
//! list — each planted beside hard negatives (a subsidiary that is itself a participating unit,
//! a contract whose other party is a customer, a certificate held jointly with a participating
//! unit, a name differing only in full/half-width brackets or spaces, a scan without a text
//! layer, a near-miss name on a list).
//!
//! The forms are the generator's ([`generate`], [`form::docx`]); the attachments are Chinese
//! DOCX documents (licence, certificates, contracts) written with [`docx::write_docx`], plus
//! JPEG scans. The truth ([`OwnershipBatch::expected`]) is what was planted, by construction.

use crate::data::{generate, FormData, Spec};
use crate::docx::{self, Block, Convention, Para, RenderOptions};
use crate::findings::Expected;
use crate::rng::Rng;
use crate::{attach, form, ids, Dossier, FORM_FILE};

/// The batch, its truth and its reference lists.
pub struct OwnershipBatch {
    /// The dossiers.
    pub dossiers: Vec<Dossier>,
    /// Every finding of the six ownership codes the product must report: (dossier id, finding).
    pub expected: Vec<(String, Expected)>,
    /// Rows of the organizers' affiliate list: (单位名称, 统一社会信用代码 or empty).
    pub affiliates: Vec<(String, String)>,
    /// Rows of the exclusion list.
    pub excluded: Vec<(String, String)>,
}

/// The six codes this batch plants.
pub const CODES: &[&str] = &[
    "IP_EVIDENCE_MISSING",
    "IP_HOLDER_MISMATCH",
    "PARENT_COMPANY_MATERIAL",
    "FOREIGN_ENTITY_MATERIAL",
    "ORGANIZER_AFFILIATE",
    "EXCLUDED_ENTITY",
];

/// Strangers: companies related to no generated unit (cores outside [`crate::bank::CORES`]).
const STRANGERS: &[&str] = &[
    "北京星河远景科技有限公司",
    "深圳蓝海智造信息技术有限公司",
    "杭州青禾数链科技股份有限公司",
    "上海启明弘远数据服务有限公司",
];

/// Customers: the natural other party of a contract.
const CUSTOMERS: &[&str] = &["山西焦煤集团有限责任公司", "太原市城市管理局", "大同煤矿医院", "晋中市第一人民医院"];

fn render(blocks: Vec<Block>, seed: u64, title: &str) -> Vec<u8> {
    docx::write_docx(
        &blocks,
        &RenderOptions {
            convention: Convention::Unicode,
            split_runs: false,
            toc_field: false,
            seed,
            author: "扫描".into(),
            title: title.into(),
        },
    )
}

fn paras(lines: &[String]) -> Vec<Block> {
    lines.iter().map(|l| Block::P(Para::plain(l.clone()))).collect()
}

/// A business licence with its text (as an OCR'd or digital licence reads).
pub fn licence_docx(name: &str, credit_code: &str, seed: u64) -> Vec<u8> {
    render(
        paras(&[
            "营业执照".into(),
            format!("统一社会信用代码 {credit_code}"),
            format!("名称 {name}"),
            "类型 有限责任公司".into(),
            "法定代表人 王建国".into(),
            "注册资本 壹仟万元整".into(),
            "成立日期 2015年03月18日".into(),
            "住所 山西省太原市小店区长治路100号".into(),
            "登记机关 太原市市场监督管理局".into(),
        ]),
        seed,
        "营业执照",
    )
}

/// A patent certificate: number and holders (co-holders joined with `；`).
pub fn patent_docx(number: &str, title: &str, holders: &[&str], seed: u64) -> Vec<u8> {
    render(
        paras(&[
            "发明专利证书".into(),
            format!("发明名称：{title}"),
            "发明人：李明；张伟".into(),
            format!("专利号：{number}"),
            "专利申请日：2022年05月10日".into(),
            format!("专利权人：{}", holders.join("；")),
            "授权公告日：2023年08月01日".into(),
        ]),
        seed,
        "专利证书",
    )
}

/// A 软著 registration certificate.
pub fn software_docx(number: &str, name: &str, holders: &[&str], seed: u64) -> Vec<u8> {
    render(
        paras(&[
            "计算机软件著作权登记证书".into(),
            format!("软件名称：{name}"),
            format!("著作权人：{}", holders.join("；")),
            "开发完成日期：2022年06月30日".into(),
            "权利取得方式：原始取得".into(),
            "权利范围：全部权利".into(),
            format!("登记号：{number}"),
        ]),
        seed,
        "软著证书",
    )
}

/// A technical-service contract between `a` (甲方) and `b` (乙方).
pub fn contract_docx(a: &str, b: &str, seed: u64) -> Vec<u8> {
    render(
        paras(&[
            "技术服务合同".into(),
            format!("甲方（委托方）：{a}"),
            format!("乙方（受托方）：{b}"),
            "第一条 服务内容".into(),
            "乙方为甲方提供数据平台的建设、部署及运维服务。".into(),
            "第二条 合同金额".into(),
            "合同金额：人民币壹佰贰拾万元整（¥1,200,000.00）".into(),
            "签订日期：2024年03月15日".into(),
        ]),
        seed,
        "技术服务合同",
    )
}

/// An audit report on `audited` by an accounting firm.
pub fn audit_docx(audited: &str, seed: u64) -> Vec<u8> {
    render(
        paras(&[
            "审计报告".into(),
            "晋恒会审字[2025]第0123号".into(),
            format!("{audited}全体股东："),
            "一、审计意见".into(),
            format!("我们审计了{audited}（以下简称贵公司）财务报表，包括2024年12月31日的资产负债表，2024年度的利润表、现金流量表以及相关财务报表附注。"),
            "山西恒正会计师事务所（特殊普通合伙）  中国注册会计师：赵六".into(),
        ]),
        seed,
        "审计报告",
    )
}

/// A balance sheet of `unit`.
pub fn statement_docx(unit: &str, seed: u64) -> Vec<u8> {
    render(
        paras(&[
            "资产负债表".into(),
            format!("编制单位：{unit}"),
            "2024年12月31日  单位：元".into(),
            "货币资金 6190718.68 5241690.50".into(),
            "资产总计 12190718.68 10241690.50".into(),
        ]),
        seed,
        "资产负债表",
    )
}

/// A reference list as CSV in GBK (as Excel on a Chinese Windows saves it), with a title row.
pub fn ref_csv_gbk(title: &str, rows: &[(String, String)]) -> Vec<u8> {
    let mut s = format!("{title}\n序号,单位名称,统一社会信用代码\n");
    for (i, (n, c)) in rows.iter().enumerate() {
        s.push_str(&format!("{},{n},{c}\n", i + 1));
    }
    encoding_rs::GBK.encode(&s).0.into_owned()
}

/// A reference list as a real XLSX (rust_xlsxwriter), with a title row above the header.
pub fn ref_xlsx(title: &str, rows: &[(String, String)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, title).expect("cell");
    for (c, h) in ["序号", "单位名称", "统一社会信用代码", "备注"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("cell");
    }
    for (i, (n, code)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).expect("cell");
        ws.write_string(r, 1, n).expect("cell");
        if !code.is_empty() {
            ws.write_string(r, 2, code).expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// One dossier being put together.
struct Build {
    d: FormData,
    files: Vec<(String, Vec<u8>)>,
    expected: Vec<Expected>,
    seed: u64,
}

impl Build {
    fn new(id: &str, seed: u64, units: usize, patents: usize, softwares: usize) -> Build {
        let mut s = Spec::new(id, seed, Convention::Unicode);
        (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (2, units, 1, patents, softwares, 1);
        s.contract_pdf = false;
        let mut d = generate(&s);
        for u in &mut d.units {
            u.is_soe_subsidiary = false;
            u.parent_company = None;
        }
        Build { d, files: Vec::new(), expected: Vec::new(), seed }
    }

    fn lead(&self) -> String {
        self.d.units[0].name.clone()
    }

    fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.push((name.to_string(), bytes));
    }

    /// The lead unit's licence and a certificate, held by the lead, for every claimed IP.
    fn own_evidence(&mut self) {
        let (lead, code) = (self.lead(), self.d.units[0].credit_code.clone());
        self.add("营业执照.docx", licence_docx(&lead, &code, self.seed));
        for (i, p) in self.d.patents.clone().iter().enumerate() {
            self.add(&format!("专利证书-{}.docx", i + 1), patent_docx(&p.canonical, &p.name, &[&lead], self.seed + 1));
        }
        for (i, p) in self.d.softwares.clone().iter().enumerate() {
            self.add(
                &format!("软著证书-{}.docx", i + 1),
                software_docx(&p.canonical, &p.name, &[&lead], self.seed + 2),
            );
        }
    }

    fn expect_field(&mut self, code: &'static str, field: String, severity: &'static str) {
        self.expected.push(Expected { code, field: Some(field), file: None, severity });
    }

    fn expect_file(&mut self, code: &'static str, file: &str, severity: &'static str) {
        self.expected.push(Expected { code, field: None, file: Some(file.to_string()), severity });
    }

    fn finish(self, id: &str, note: &str, out: &mut OwnershipBatch) {
        let mut files = vec![(FORM_FILE.to_string(), form::docx(&self.d))];
        files.extend(self.files);
        let planted: Vec<&'static str> = {
            let mut p: Vec<&'static str> = self.expected.iter().map(|e| e.code).collect();
            p.dedup();
            p
        };
        for e in self.expected {
            out.expected.push((id.to_string(), e));
        }
        out.dossiers.push(Dossier {
            id: id.to_string(),
            form: Some(self.d),
            files,
            as_zip: false,
            note: note.to_string(),
            planted,
            unreadable: Vec::new(),
        });
    }
}

/// Replaces the file with `name`.
fn replace(files: &mut [(String, Vec<u8>)], name: &str, new_name: &str, bytes: Vec<u8>) {
    let f = files.iter_mut().find(|(n, _)| n == name).expect("file to replace");
    *f = (new_name.to_string(), bytes);
}

/// The ownership batch: `rounds` rounds of the scenarios, each round with other names and
/// numbers (ids `OW-<round><scenario>`).
pub fn batch(rounds: u64) -> OwnershipBatch {
    let mut out =
        OwnershipBatch { dossiers: Vec::new(), expected: Vec::new(), affiliates: Vec::new(), excluded: Vec::new() };
    for round in 0..rounds {
        let seed = |k: u64| 50_000 + round * 100 + k;
        let id = |k: u64| format!("OW-{round}{k:02}");
        let mut r = Rng::new(seed(99));
        let stranger = STRANGERS[(round as usize) % STRANGERS.len()];
        let customer = CUSTOMERS[(round as usize) % CUSTOMERS.len()];

        // 1. Clean: own licence and certificates; a contract with a customer (hard negative).
        let mut b = Build::new(&id(1), seed(1), 2, 1, 1);
        b.own_evidence();
        let lead = b.lead();
        b.add("合同-1.docx", contract_docx(customer, &lead, seed(1)));
        b.finish(&id(1), "clean: own licence and certificates, a contract with a customer", &mut out);

        // 2. A claimed patent without certificate; the other claims' certificates present.
        let mut b = Build::new(&id(2), seed(2), 1, 2, 1);
        b.own_evidence();
        b.files.retain(|(n, _)| n != "专利证书-2.docx");
        b.expect_field("IP_EVIDENCE_MISSING", "ip.patents[1].number".into(), "warning");
        b.finish(&id(2), "the second patent has no certificate", &mut out);

        // 3. The patent certificate only as a photo (no text): not verifiable, info.
        let mut b = Build::new(&id(3), seed(3), 1, 1, 1);
        b.own_evidence();
        replace(&mut b.files, "专利证书-1.docx", "专利证书-1.jpg", attach::licence_jpg(seed(3)));
        b.expect_field("IP_EVIDENCE_MISSING", "ip.patents[0].number".into(), "info");
        b.finish(&id(3), "the patent certificate is a scan without text: info, not an accusation", &mut out);

        // 4. A patent held by a stranger; a 软著 held jointly with the lead (hard negative).
        let mut b = Build::new(&id(4), seed(4), 1, 1, 1);
        b.own_evidence();
        let (lead, p, s) = (b.lead(), b.d.patents[0].clone(), b.d.softwares[0].clone());
        replace(
            &mut b.files,
            "专利证书-1.docx",
            "专利证书-1.docx",
            patent_docx(&p.canonical, &p.name, &[stranger], seed(4)),
        );
        replace(
            &mut b.files,
            "软著证书-1.docx",
            "软著证书-1.docx",
            software_docx(&s.canonical, &s.name, &[stranger, &lead], seed(4)),
        );
        b.expect_file("IP_HOLDER_MISMATCH", "专利证书-1.docx", "warning");
        b.finish(&id(4), "patent held by a stranger; 软著 held jointly with the lead unit", &mut out);

        // 5. A 软著 held by the declared parent; the patent certificate spells the lead's name
        //    with half-width brackets and spaces (hard negative).
        let mut b = Build::new(&id(5), seed(5), 1, 1, 1);
        let place = ["太原", "大同", "晋中"][(round % 3) as usize];
        b.d.units[0].name =
            format!("{place}{}数据科技（集团）有限公司", ["恒信数科", "龙城智算", "云冈数智"][(round % 3) as usize]);
        b.d.units[0].is_soe_subsidiary = true;
        let parent = crate::bank::PARENTS[(round as usize) % crate::bank::PARENTS.len()];
        b.d.units[0].parent_company = Some(parent.to_string());
        b.own_evidence();
        let (lead, p, s) = (b.lead(), b.d.patents[0].clone(), b.d.softwares[0].clone());
        let spaced = lead.replace('（', " (").replace('）', ") ");
        replace(
            &mut b.files,
            "专利证书-1.docx",
            "专利证书-1.docx",
            patent_docx(&p.canonical, &p.name, &[&spaced], seed(5)),
        );
        replace(
            &mut b.files,
            "软著证书-1.docx",
            "软著证书-1.docx",
            software_docx(&s.canonical, &s.name, &[parent], seed(5)),
        );
        b.expect_file("IP_HOLDER_MISMATCH", "软著证书-1.docx", "warning");
        b.finish(&id(5), "软著 held by the declared parent; the lead's name spelled with (…) and spaces", &mut out);

        // 6. The group's licence beside the unit's own.
        let mut b = Build::new(&id(6), seed(6), 1, 1, 1);
        b.own_evidence();
        let lead = b.lead();
        let core = &lead[..lead.find("有限公司").unwrap_or(lead.len())];
        let core = core.trim_end_matches("股份");
        let place = crate::bank::PLACES.iter().map(|p| p.0.trim_end_matches('市')).find(|p| core.starts_with(p));
        let group = format!("{}集团有限公司", &core[place.map_or(0, str::len)..]);
        b.add("营业执照-集团.docx", licence_docx(&group, &ids::credit_code(&mut r, "91", "110000"), seed(6)));
        b.expect_file("PARENT_COMPANY_MATERIAL", "营业执照-集团.docx", "warning");
        b.finish(&id(6), "the group's licence beside the unit's own", &mut out);

        // 7. A contract signed by the lead's branch with a customer.
        let mut b = Build::new(&id(7), seed(7), 1, 1, 1);
        b.own_evidence();
        let branch = format!("{}大同分公司", b.lead());
        b.add("合同-1.docx", contract_docx(customer, &branch, seed(7)));
        b.expect_file("PARENT_COMPANY_MATERIAL", "合同-1.docx", "warning");
        b.finish(&id(7), "a contract of the lead unit's branch", &mut out);

        // 8. The declared parent's licence.
        let mut b = Build::new(&id(8), seed(8), 1, 1, 1);
        let parent = crate::bank::PARENTS[(round as usize + 1) % crate::bank::PARENTS.len()];
        b.d.units[0].is_soe_subsidiary = true;
        b.d.units[0].parent_company = Some(parent.to_string());
        b.own_evidence();
        b.add("营业执照-母公司.docx", licence_docx(parent, &ids::credit_code(&mut r, "91", "110000"), seed(8)));
        b.expect_file("PARENT_COMPANY_MATERIAL", "营业执照-母公司.docx", "warning");
        b.finish(&id(8), "the declared parent company's licence", &mut out);

        // 9. Hard negative: the group and its subsidiary are both participating units.
        let mut b = Build::new(&id(9), seed(9), 2, 1, 1);
        let core = ["晋源天成", "三晋数联", "河东智慧"][(round % 3) as usize];
        b.d.units[0].name = format!("{core}数据科技集团有限公司");
        b.d.units[1].name = format!("太原{core}数据科技有限公司");
        b.own_evidence();
        let (sub, code) = (b.d.units[1].name.clone(), b.d.units[1].credit_code.clone());
        b.add("营业执照-2.docx", licence_docx(&sub, &code, seed(9)));
        b.add("合同-1.docx", contract_docx(customer, &sub, seed(9)));
        b.finish(&id(9), "group and subsidiary both participate: their materials are their own", &mut out);

        // 10. A stranger's licence.
        let mut b = Build::new(&id(10), seed(10), 1, 1, 1);
        b.own_evidence();
        b.add("营业执照-合作方.docx", licence_docx(stranger, &ids::credit_code(&mut r, "91", "110000"), seed(10)));
        b.expect_file("FOREIGN_ENTITY_MATERIAL", "营业执照-合作方.docx", "warning");
        b.finish(&id(10), "a stranger's licence", &mut out);

        // 11. A contract between a customer and a stranger, beside one with the lead.
        let mut b = Build::new(&id(11), seed(11), 1, 1, 1);
        b.own_evidence();
        let lead = b.lead();
        b.add("合同-1.docx", contract_docx(customer, &lead, seed(11)));
        b.add("合同-2.docx", contract_docx(customer, stranger, seed(11)));
        b.expect_file("FOREIGN_ENTITY_MATERIAL", "合同-2.docx", "warning");
        b.finish(&id(11), "a contract of two strangers beside one of the lead unit", &mut out);

        // 12. The lead unit on the affiliate list, by credit code (the list spells the name
        //     differently).
        let mut b = Build::new(&id(12), seed(12), 2, 1, 1);
        b.own_evidence();
        out.affiliates.push((format!("{}（原名）", b.lead()), b.d.units[0].credit_code.clone()));
        b.expect_field("ORGANIZER_AFFILIATE", "units[0].name".into(), "error");
        b.finish(&id(12), "lead unit on the affiliate list by credit code", &mut out);

        // 13. The second unit on the exclusion list by name (full-width brackets and spaces).
        let mut b = Build::new(&id(13), seed(13), 2, 1, 1);
        b.d.units[1].name = format!("山西{}数据（研究）中心", ["汾河", "太行", "雁门"][(round % 3) as usize]);
        b.own_evidence();
        let listed = b.d.units[1].name.replace('（', "(").replace('）', ")").replacen("数据", "数据 ", 1);
        out.excluded.push((listed, String::new()));
        b.expect_field("EXCLUDED_ENTITY", "units[1].name".into(), "error");
        b.finish(&id(13), "second unit on the exclusion list by name, spelled with (…) and a space", &mut out);

        // 14. Near misses on both lists: same core, other name; another unit's credit code.
        let mut b = Build::new(&id(14), seed(14), 1, 1, 1);
        b.own_evidence();
        let lead = b.lead();
        out.excluded.push((format!("{}分公司", lead.replace("有限公司", "有限公司太原")), String::new()));
        out.affiliates.push((lead.replace("有限公司", "集团有限公司"), ids::credit_code(&mut r, "91", "140100")));
        b.finish(
            &id(14),
            "near misses on the lists: a branch and a group of the lead unit are listed, not the unit",
            &mut out,
        );

        // 15. Both lists at once: the lead unit excluded by credit code, the second an affiliate
        //     by name.
        let mut b = Build::new(&id(15), seed(15), 2, 1, 1);
        b.d.units[1].name = format!("山西{}数据要素研究中心", ["明德", "弘毅", "博远"][(round % 3) as usize]);
        b.own_evidence();
        out.excluded.push(("（名称已变更）".into(), b.d.units[0].credit_code.clone()));
        out.affiliates.push((b.d.units[1].name.clone(), String::new()));
        b.expect_field("EXCLUDED_ENTITY", "units[0].name".into(), "error");
        b.expect_field("ORGANIZER_AFFILIATE", "units[1].name".into(), "error");
        b.finish(&id(15), "lead unit excluded by credit code, second unit an affiliate by name", &mut out);

        // 16. The group's audit report beside the unit's own balance sheet and own audit report;
        //     a PDF-style copy of the form (named 申报书) does not count as evidence of its IP.
        let mut b = Build::new(&id(16), seed(16), 1, 1, 1);
        b.own_evidence();
        let lead = b.lead();
        let core = &lead[..lead.find("有限公司").unwrap_or(lead.len())];
        let core = core.trim_end_matches("股份");
        let place = crate::bank::PLACES.iter().map(|p| p.0.trim_end_matches('市')).find(|p| core.starts_with(p));
        let group = format!("{}集团有限公司", &core[place.map_or(0, str::len)..]);
        b.add("审计报告-2024.docx", audit_docx(&lead, seed(16)));
        b.add("资产负债表.docx", statement_docx(&lead, seed(16)));
        b.add("审计报告-集团.docx", audit_docx(&group, seed(16)));
        b.expect_file("PARENT_COMPANY_MATERIAL", "审计报告-集团.docx", "warning");
        let form_copy = form::docx(&b.d);
        b.add("申报书-定稿.docx", form_copy);
        b.files.retain(|(n, _)| n != "软著证书-1.docx");
        b.expect_field("IP_EVIDENCE_MISSING", "ip.software_copyrights[0].number".into(), "warning");
        b.finish(&id(16), "the group's audit report; a copy of the form is no evidence of its own claims", &mut out);

        // 17. A stranger's financial statement.
        let mut b = Build::new(&id(17), seed(17), 1, 1, 1);
        b.own_evidence();
        b.add("财务报表-2024.docx", statement_docx(STRANGERS[(round as usize + 1) % STRANGERS.len()], seed(17)));
        b.expect_file("FOREIGN_ENTITY_MATERIAL", "财务报表-2024.docx", "warning");
        b.finish(&id(17), "a stranger's balance sheet", &mut out);
    }
    out
}
