//! Deterministic generator of sample dossiers for the Shanxi-2025 application form: filled
//! forms written as raw WordprocessingML, attachments, and the ground truth of every field.
//!
//! The building blocks are reusable for a large performance corpus: [`data::Spec::corpus`]
//! gives the spec of the n-th dossier, [`build`] turns a spec into files, [`write_dossier`]
//! writes them (`for i in 0..n { write_dossier(out, &build(&Spec::corpus(i), ""))? }`).
//! [`write_samples`] writes the committed sample batch (`samples/`).

pub mod attach;
pub mod bank;
pub mod cross;
pub mod data;
pub mod docx;
pub mod findings;
pub mod form;
pub mod gbkzip;
pub mod ids;
pub mod ownership;
pub mod perf;
pub mod rng;
pub mod truth;

use std::fs;
use std::io;
use std::path::Path;

use data::{generate, CaseLayout, FormData, Spec};
use docx::{Block, Cell, Convention, Para, RenderOptions, Row, Table};

/// The file name of the application form inside a dossier.
pub const FORM_FILE: &str = "申报书.docx";

/// One dossier ready to be written.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// Dossier id (folder or zip stem).
    pub id: String,
    /// The form data, when the dossier holds an application form.
    pub form: Option<FormData>,
    /// Files in the dossier (the form included), in order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Ship the dossier as one zip with GBK-encoded names instead of a folder.
    pub as_zip: bool,
    /// One line on what the dossier exercises.
    pub note: String,
    /// Finding codes planted on purpose (empty for a clean dossier).
    pub planted: Vec<&'static str>,
    /// Files broken on purpose (truncated), which the product cannot read.
    pub unreadable: Vec<String>,
}

/// The attachments that go with a form: licence scan, patent certificate for the first
/// patent, financial sheet, and the first contract as a PDF when the spec says so.
pub fn attachments(d: &FormData) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![("营业执照.jpg".to_string(), attach::licence_jpg(d.spec.licence_seed))];
    let lead = &d.units[0];
    if let Some(p) = d.patents.first() {
        files.push((
            "专利证书-1.pdf".to_string(),
            attach::patent_certificate(
                &p.canonical,
                "Data fusion and analysis method for industry scenarios",
                &lead.name_en,
                "see annex",
            ),
        ));
    }
    files.push(("财务数据.xlsx".to_string(), attach::finance_xlsx(lead)));
    if d.spec.contract_pdf {
        if let Some(c) = d.contracts.first() {
            if let Some(proof) = c.proof.as_ref().filter(|p| p.ends_with(".pdf")) {
                files.push((
                    proof.clone(),
                    attach::contract_pdf(
                        "Data platform construction and technical service",
                        "(see Chinese original)",
                        &lead.name_en,
                        c.amount,
                        &c.signed,
                    ),
                ));
            }
        }
    }
    files
}

/// A dossier with a form rendered from `spec`.
pub fn build(spec: &Spec, note: &str) -> Dossier {
    let d = generate(spec);
    let mut files = vec![(FORM_FILE.to_string(), form::docx(&d))];
    files.extend(attachments(&d));
    Dossier {
        id: spec.id.clone(),
        form: Some(d),
        files,
        as_zip: false,
        note: note.to_string(),
        planted: Vec::new(),
        unreadable: Vec::new(),
    }
}

/// A `.docx` that is not an application form: a technical-service contract.
pub fn contract_docx(d: &FormData) -> Vec<u8> {
    let c = &d.contracts[0];
    let mut b = vec![
        Block::P(Para::plain("技术服务合同").styled(docx::Style::Title)),
        Block::P(Para::plain(format!("合同编号：JS-{}-{:03}", 2024, d.spec.seed % 1000))),
        Block::P(Para::plain(format!("甲方（委托方）：{}", c.party_a))),
        Block::P(Para::plain(format!("乙方（受托方）：{}", c.party_b))),
        Block::P(Para::heading(1, "第一条 服务内容")),
        Block::P(Para::plain(format!("乙方为甲方提供{}的建设、部署及运维服务。", d.project_name))),
        Block::P(Para::heading(1, "第二条 合同金额及支付方式")),
    ];
    b.push(Block::T(Table {
        widths: vec![2800, 2800, 2800],
        rows: vec![
            Row::new(vec![Cell::text("付款节点"), Cell::text("比例"), Cell::text("金额（万元）")]),
            Row::new(vec![
                Cell::text("合同签订后"),
                Cell::text("40%"),
                Cell::text(data::num((c.amount * 0.4).round())),
            ]),
            Row::new(vec![
                Cell::text("验收合格后"),
                Cell::text("60%"),
                Cell::text(data::num(c.amount - (c.amount * 0.4).round())),
            ]),
        ],
    }));
    b.push(Block::P(Para::heading(1, "第三条 保密条款")));
    b.push(Block::P(Para::plain("双方对在履行本合同过程中知悉的对方商业秘密和数据负有保密义务。")));
    b.push(Block::P(Para::plain(format!("签订日期：{}", c.signed))));
    docx::write_docx(
        &b,
        &RenderOptions {
            convention: Convention::Unicode,
            split_runs: false,
            toc_field: false,
            seed: d.spec.seed,
            author: "法务部".into(),
            title: "技术服务合同".into(),
        },
    )
}

/// The specs and notes of the committed sample batch.
pub fn sample_dossiers() -> Vec<Dossier> {
    let mut out = Vec::new();
    let mk = |n: u32, conv: Convention, track: usize| {
        let mut s = Spec::new(&format!("SX2025-{n:04}"), 1000 + n as u64, conv);
        s.track = track;
        s
    };

    let mut s = mk(1, Convention::Unicode, 1);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (2, 1, 1, 1, 1, 1);
    out.push(build(&s, "☑/☐ in their own MS Gothic runs; the plain baseline"));

    let mut s = mk(2, Convention::WingdingsSym, 0);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (3, 2, 2, 2, 1, 2);
    s.keep_hints = true;
    s.years_as_lines = true;
    out.push(build(&s, "w:sym Wingdings F0FE/F0A8; template instruction paragraphs kept under every part-two heading; unit revenue years one per paragraph; 2 units"));

    let mut s = mk(3, Convention::Wingdings2Sym, 2);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (4, 1, 3, 2, 2, 1);
    s.case_layout = CaseLayout::Pairs;
    s.contract_pdf = false;
    out.push(build(&s, "w:sym Wingdings 2 F052/F054 and F0A3; cases table with header pair once, then data rows a,b,a,b; contract PDF named in the form but missing; 营业执照.jpg byte-identical to SX2025-0007's"));

    let mut s = mk(4, Convention::ContentControl, 7);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (3, 3, 2, 1, 1, 2);
    s.split_runs = true;
    out.push(build(&s, "w14:checkbox content controls; the first unchecked control shows ☒ while w14:checked=0 (state wins); text runs split at arbitrary places; 3 units"));

    let mut s = mk(5, Convention::FormField, 4);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (2, 2, 1, 0, 1, 1);
    s.toc_field = true;
    s.contract_pdf = false;
    out.push(build(&s, "legacy FORMCHECKBOX fields (<w:checked/>, <w:default w:val=\"1\"/>, <w:checked w:val=\"0\"/>, default 1 overridden by checked 0); TOC wrapped in a TOC field; no patents (专利数量：0 个, empty row)"));

    let mut s = mk(6, Convention::Squares, 3);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (3, 1, 2, 1, 2, 1);
    s.bool_boxes = true;
    out.push(build(&s, "■/□ typed inline; 是/否 answers (央企子公司, 融资需求) as two boxes"));

    let mut s = mk(7, Convention::PrivateUse, 5);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (2, 2, 1, 1, 1, 1);
    s.keep_hints = true;
    s.licence_seed = 1003;
    out.push(build(&s, "private-use U+F0FE/U+F0FD/U+F0A8 typed in Wingdings runs; instruction paragraphs kept; 营业执照.jpg byte-identical to SX2025-0003's"));

    let mut s = mk(8, Convention::CheckMark, 6);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (4, 1, 2, 2, 1, 1);
    s.split_runs = true;
    s.case_layout = CaseLayout::Pairs;
    s.contract_pdf = false;
    out.push(build(&s, "√ (every third ✔) before checked options, □ for unchecked; split runs; cases in pair layout"));

    let mut s = mk(9, Convention::UnicodeCross, 8);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (3, 1, 2, 1, 1, 1);
    let mut z = build(&s, "shipped as SX2025-0009.zip: GBK entry names, no UTF-8 flag, stored + deflated entries; ☒/☐; open track (赛道九, no topic)");
    z.as_zip = true;
    out.push(z);

    let mut s = mk(10, Convention::SquareDot, 1);
    (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) = (5, 2, 3, 2, 1, 2);
    s.messy = true;
    s.split_runs = true;
    out.push(build(&s, "messy form: ▣/□; spaced labels, odd/missing colons, dropped stars, hints left in cells before answers, bold-paragraph sub-headings renumbered 1、…, 第二部分 without colon, typed dot-leader TOC, 5 members, 3 cases, track on two lines, 1,234 money"));

    // A dossier with attachments only.
    let mut s = mk(11, Convention::Unicode, 0);
    (s.patents, s.contracts) = (1, 1);
    let d = generate(&s);
    out.push(Dossier {
        id: s.id.clone(),
        form: None,
        files: attachments(&d),
        as_zip: false,
        note: "no application form at all: attachments only".into(),
        planted: vec!["TEMPLATE_MISMATCH"],
        unreadable: Vec::new(),
    });

    // A dossier whose only .docx is a contract.
    let s = mk(12, Convention::Unicode, 4);
    let d = generate(&s);
    out.push(Dossier {
        id: s.id.clone(),
        form: None,
        files: vec![
            ("技术服务合同.docx".to_string(), contract_docx(&d)),
            ("营业执照.jpg".to_string(), attach::licence_jpg(s.licence_seed)),
        ],
        as_zip: false,
        note: "the only .docx is a contract, not a form".into(),
        planted: vec!["TEMPLATE_MISMATCH"],
        unreadable: Vec::new(),
    });
    out.extend(planted_dossiers());
    out
}

/// The LibreOffice round-trips of `samples/convert-with-libreoffice.sh`: (source, copy). A copy
/// has its source's truth (fields and findings) with only the id changed.
pub const ROUND_TRIPS: &[(&str, &str)] = &[
    ("SX2025-0001", "SX2025-0101"),
    ("SX2025-0002", "SX2025-0102"),
    ("SX2025-0004", "SX2025-0103"),
    ("SX2025-0005", "SX2025-0104"),
    ("SX2025-0006", "SX2025-0105"),
];

/// A track that is not one of the Shanxi contest's.
pub const UNKNOWN_TRACK: &str = "赛道十：数据要素×低空经济";

/// Wide characters only (each counts 1 字), to pad a text to an exact word count.
const FILLER: &str = "数据要素赋能行业发展，推动数据采集、治理、分析和应用全链条协同，形成可复制、可推广的解决方案。";

/// A sentence mixing ideographs, full-width marks and ASCII runs: 18 字 as Word counts
/// (`5G` 1, `AI大模型` 4, `2024年` 2).
const MIXED: &str = "采用5G与AI大模型技术，2024年完成部署，";

/// `text` followed by filler up to exactly `target` 字 (Word's count).
fn pad(text: &str, target: usize) -> String {
    let have = data::word_count(text);
    assert!(have <= target, "already {have} 字 > {target}");
    format!("{text}{}", FILLER.chars().cycle().take(target - have).collect::<String>())
}

/// Paragraphs whose text (joined as the form's section is read) has exactly `target` 字: the
/// first ones kept while they leave room, then one filler paragraph.
fn pad_paras(paras: &mut Vec<String>, target: usize) {
    let count = |ps: &[String]| data::word_count(&ps.join("\n"));
    while !paras.is_empty() && count(paras) + 20 > target {
        paras.pop();
    }
    let n = target - count(paras);
    paras.push(FILLER.chars().cycle().take(n).collect());
    assert_eq!(count(paras), target);
}

/// The `.docx` cut off before its `word/document.xml` (an interrupted upload): no reader can
/// get the document back.
pub fn truncated_docx(docx: &[u8]) -> Vec<u8> {
    let name = b"word/document.xml";
    let at = docx.windows(name.len()).position(|w| w == name).expect("a generated docx has word/document.xml");
    docx[..at - 30].to_vec()
}

/// A dossier built from `spec` with `plant` applied to its data before rendering.
fn planted(spec: &Spec, codes: &[&'static str], note: &str, plant: impl FnOnce(&mut FormData)) -> Dossier {
    let mut d = generate(spec);
    plant(&mut d);
    let mut files = vec![(FORM_FILE.to_string(), form::docx(&d))];
    files.extend(attachments(&d));
    Dossier {
        id: spec.id.clone(),
        form: Some(d),
        files,
        as_zip: false,
        note: note.to_string(),
        planted: codes.to_vec(),
        unreadable: Vec::new(),
    }
}

/// The dossiers with planted defects, SX2025-0201…: each plants 2–4 form-level codes.
pub fn planted_dossiers() -> Vec<Dossier> {
    let mk = |n: u32, conv: Convention, track: usize, counts: [usize; 6]| {
        let mut s = Spec::new(&format!("SX2025-{n:04}"), 1000 + n as u64, conv);
        s.track = track;
        (s.members, s.units, s.cases, s.patents, s.softwares, s.contracts) =
            (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
        s
    };
    let mut out = Vec::new();

    let s = mk(201, Convention::Unicode, 0, [3, 2, 2, 1, 1, 2]);
    out.push(planted(
        &s,
        &["REQUIRED_MISSING", "WORD_LIMIT_EXCEEDED", "CHOICE_COUNT"],
        "项目简述 blank, 项目来源 left as ___ and the second unit's credit code blank; 项目服务对象 with nothing checked (至少 1 项); 项目背景 503 字 (limit 500) while 应用场景 has exactly 500; the first case's 应用需求 201 字 (limit 200) with ASCII runs (5G, AI, 2024) while the second case's 应用成效 has exactly 200; 数据价值目标 with 4 options (限 3 个)",
        |d| {
            d.summary.clear();
            d.source = "___".into();
            d.service_targets.clear();
            d.units[1].credit_code.clear();
            d.cases[0].need = pad(MIXED, 201);
            d.cases[1].effect = pad(MIXED, 200);
            pad_paras(&mut d.background, 503);
            pad_paras(&mut d.narrative_scenarios, 500);
            d.value_goals = vec!["感知与可视化", "诊断分析", "辅助决策", "趋势预测"];
        },
    ));

    let s = mk(202, Convention::WingdingsSym, 3, [3, 1, 1, 1, 1, 1]);
    out.push(planted(
        &s,
        &["SECTION_MISSING", "TRACK_UNKNOWN", "PHONE_INVALID"],
        "section （四）机制创新与模式创新 deleted (heading and text); track 赛道十：数据要素×低空经济; a member's mobile with 10 digits",
        |d| {
            d.spec.omit_sections = vec!["part2.solution.innovation"];
            d.innovation.clear();
            d.track = vec![UNKNOWN_TRACK.to_string()];
            let k = d.members.iter().position(|m| !m.is_contact).expect("a member who is not the contact");
            d.members[k].phone = "1381234567".into();
        },
    ));

    let s = mk(203, Convention::Wingdings2Sym, 5, [3, 1, 1, 3, 2, 1]);
    out.push(planted(
        &s,
        &["CREDIT_CODE_INVALID", "ID_NUMBER_INVALID", "PATENT_NUMBER_INVALID", "SOFTWARE_COPYRIGHT_NUMBER_INVALID"],
        "lead unit's credit code with a wrong check character; an ID number born 1990-02-30 (check digit right); the second patent's check digit wrong; 软著 number 2023SR-12A45. Near misses: a member with a passport number (not checked), a patent given by its publication number CN 112345678 A, a 软著 given by its certificate number 软著登字第1234567号",
        |d| {
            let cc = &mut d.units[0].credit_code;
            let other = if cc.ends_with('0') { '1' } else { '0' };
            cc.pop();
            cc.push(other);
            let first17 = format!("{}19900230{}", &d.members[1].id_number[..6], "123");
            d.members[1].id_number = format!("{first17}{}", ids::id_check(&first17));
            let p = &mut d.patents[1].number;
            let other = if p.ends_with('1') { '2' } else { '1' };
            p.pop();
            p.push(other);
            d.softwares[0].number = "2023SR-12A45".into();
            d.members[2].id_type = "护照".into();
            d.members[2].id_number = "E12345678".into();
            d.patents[2].number = "CN 112345678 A".into();
            d.softwares[1].number = "软著登字第1234567号".into();
        },
    ));

    let s = mk(204, Convention::ContentControl, 7, [2, 2, 2, 1, 1, 2]);
    out.push(planted(
        &s,
        &["NUMBER_INVALID", "INCONSISTENT_VALUES"],
        "项目开发成本 written 待定 and the first case's 项目投入 100-200; the lead unit's 2024 profit above its revenue; customer breakdown 3 short of the total; 2024 market revenue above the units' revenue; 2023 gross profit above market revenue; the second unit's AI investment above its data R&D investment. Near misses: the second case's 项目投入 约300 (approximate, accepted); the second unit's 2024 profit equal to its revenue",
        |d| {
            d.written = vec![
                ("application.dev_cost".into(), "待定".into()),
                ("application.cases[0].investment".into(), "100-200".into()),
                ("application.cases[1].investment".into(), "约300".into()),
            ];
            d.units[1].profit[0] = d.units[1].revenue[0];
            d.market_revenue[1] = Some(d.units.iter().map(|u| u.revenue[0]).sum::<f64>() + 10.0);
            d.gross_profit[0] = d.market_revenue[0].map(|m| m + 1.0);
            d.units[1].ai_investment_2024 = d.units[1].rd_investment_2024 + 5.0;
            d.units[0].profit[0] = d.units[0].revenue[0] + 1.0;
            if d.customers_breakdown.iter().all(|(_, v)| *v == 0.0) {
                d.customers_breakdown[0].1 = 2.0;
                d.customers_total = 2.0;
            }
            d.customers_total += 3.0;
        },
    ));

    let s = mk(205, Convention::FormField, 4, [6, 6, 1, 1, 1, 1]);
    out.push(planted(
        &s,
        &["TEAM_TOO_LARGE", "UNITS_TOO_MANY", "OUTCOMES_TOO_FEW", "CHOICE_COUNT"],
        "6 team members (max 5); 6 participating units (max 5); one 项目应用成效 blank filled (至少填2项); 数据汇聚方式 with both options of group (1) (每类选最主要的 1 个) and 建模分析方式 with 2 options (限选 1 项). Near misses: unit contacts' phones written as a landline 0351-7654321 and as +86 139 1234 5678",
        |d| {
            d.outcomes_fills.truncate(1);
            let g1 = data::opts::AGGREGATION[0];
            let other = g1[1 - d.aggregation[0].unwrap_or(0)];
            let modeling = data::opts::MODELING.iter().find(|m| **m != d.modeling && **m != "应用大模型");
            d.also_checked = vec![("data.aggregation", other), ("data.modeling", modeling.expect("another option"))];
            d.units[2].contact_phone = "0351-7654321".into();
            d.units[3].contact_phone = "+86 139 1234 5678".into();
        },
    ));

    let mut s = mk(206, Convention::Squares, 6, [2, 1, 2, 2, 1, 1]);
    s.bool_boxes = true;
    let mut d = planted(
        &s,
        &["ATTACHMENT_MISSING", "FILE_UNREADABLE", "PHONE_INVALID"],
        "no 营业执照 (error); the second patent's proof 专利证书-2.pdf not shipped; the second case without contract; 补充材料.docx truncated before its document.xml and the contract PDF cut to its first 64 bytes; the unit contact's landline 0351-12345 (5 digits)",
        |d| {
            d.patents[1].proof = Some("专利证书-2.pdf".into());
            d.units[0].contact_phone = "0351-12345".into();
        },
    );
    d.files.retain(|(n, _)| n != "营业执照.jpg");
    let contract = contract_docx(d.form.as_ref().expect("form"));
    d.files.push(("补充材料.docx".to_string(), truncated_docx(&contract)));
    d.unreadable.push("补充材料.docx".to_string());
    let contract = d.files.iter_mut().find(|(n, _)| n.starts_with("合同-")).expect("the contract PDF");
    contract.1.truncate(64);
    d.unreadable.push(contract.0.clone());
    out.push(d);

    let mut s = mk(207, Convention::SquareDot, 2, [3, 2, 1, 1, 1, 1]);
    s.messy = true;
    s.split_runs = true;
    out.push(planted(
        &s,
        &["WORD_LIMIT_EXCEEDED", "CHOICE_COUNT", "REQUIRED_MISSING"],
        "messy form: the lead unit's 单位简介 302 字 (limit 300) and a member's role 53 字 (limit 50); 项目数据来源 with 3 options (最多选 2 项) and 部署方式 with 3 (限 2 个); 核心优势 holds only the template's instruction. Near miss: the second unit's 核心能力 exactly 600 字, after the instruction in the same paragraph",
        |d| {
            d.units[0].intro = pad(&d.units[0].intro, 302);
            d.members[0].role = pad(&d.members[0].role, 53);
            d.units[1].capability = pad(&d.units[1].capability, 600);
            d.sources = data::opts::SOURCES.to_vec();
            d.deployment = data::opts::DEPLOYMENT[..3].to_vec();
            d.advantages.clear();
        },
    ));

    let s = mk(208, Convention::UnicodeCross, 8, [2, 1, 1, 1, 1, 1]);
    let mut d = planted(
        &s,
        &["FILE_UNREADABLE", "TEMPLATE_MISMATCH"],
        "the form 申报书.docx truncated before its document.xml: no form can be read (attachments only)",
        |_| {},
    );
    d.files[0].1 = truncated_docx(&d.files[0].1);
    d.form = None;
    d.unreadable.push(FORM_FILE.to_string());
    out.push(d);

    for d in &out {
        let found = findings::expected(d);
        for code in &d.planted {
            assert!(found.iter().any(|f| f.code == *code), "{}: planted {code} does not show", d.id);
        }
    }
    out
}

/// Writes one dossier under `batch/` and its truth under `truth/`.
pub fn write_dossier(out: &Path, d: &Dossier) -> io::Result<()> {
    let batch = out.join("batch");
    fs::create_dir_all(&batch)?;
    if d.as_zip {
        let entries: Vec<(&str, &[u8], gbkzip::Method)> = d
            .files
            .iter()
            .map(|(n, b)| {
                let m = if n.ends_with(".pdf") { gbkzip::Method::Deflated } else { gbkzip::Method::Stored };
                (n.as_str(), b.as_slice(), m)
            })
            .collect();
        fs::write(batch.join(format!("{}.zip", d.id)), gbkzip::write(&entries))?;
    } else {
        let dir = batch.join(&d.id);
        fs::create_dir_all(&dir)?;
        for (name, bytes) in &d.files {
            fs::write(dir.join(name), bytes)?;
        }
    }
    let truth_dir = out.join("truth");
    fs::create_dir_all(&truth_dir)?;
    fs::write(truth_dir.join(format!("{}.json", d.id)), truth_json(d))
}

/// The truth file of a dossier: the fields (`truth.rs`), the codes planted and every finding
/// the product must report (`findings.rs`).
pub fn truth_json(d: &Dossier) -> String {
    let fields = d.form.as_ref().map_or_else(serde_json::Map::new, truth::fields);
    let v = serde_json::json!({
        "dossier_id": d.id,
        "form_file": d.form.as_ref().map(|_| FORM_FILE),
        "fields": serde_json::Value::Object(fields),
        "planted": d.planted,
        "findings": findings::expected(d).iter().map(findings::Expected::to_json).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).expect("json");
    s.push('\n');
    s
}

/// Writes the committed sample batch into `out` (`samples/`): removes the generated
/// dossiers first (the LibreOffice round-trips, `SX2025-01xx`, are left alone).
pub fn write_samples(out: &Path) -> io::Result<Vec<Dossier>> {
    let dossiers = sample_dossiers();
    for d in &dossiers {
        let dir = out.join("batch").join(&d.id);
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        let zip = out.join("batch").join(format!("{}.zip", d.id));
        if zip.exists() {
            fs::remove_file(&zip)?;
        }
    }
    for d in &dossiers {
        write_dossier(out, d)?;
    }
    // The round-trips keep their source's truth, id changed (as the conversion script does).
    for (src, dst) in ROUND_TRIPS {
        if out.join("batch").join(dst).is_dir() {
            let t = fs::read_to_string(out.join("truth").join(format!("{src}.json")))?;
            let t = t.replacen(&format!("\"dossier_id\": \"{src}\""), &format!("\"dossier_id\": \"{dst}\""), 1);
            fs::write(out.join("truth").join(format!("{dst}.json")), t)?;
        }
    }
    Ok(dossiers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::io::Read as _;

    /// The visible text of a generated document.xml: tags stripped, entities decoded.
    fn visible_text(docx: &[u8]) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
        let mut out = String::new();
        let mut in_tag = false;
        for c in xml.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
    }

    fn leaves<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::String(s) => out.push(s),
            Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
            Value::Object(o) => o.values().for_each(|x| leaves(x, out)),
            _ => {}
        }
    }

    #[test]
    fn every_truth_text_is_in_its_form() {
        for d in sample_dossiers() {
            let Some(form) = &d.form else { continue };
            // Compared without whitespace: option labels are matched after normalisation
            // (`A 轮` on the messy form is the option `A轮`).
            let nows = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let text = nows(&visible_text(&d.files[0].1));
            let fields = truth::fields(form);
            for (key, v) in &fields {
                let mut ls = Vec::new();
                leaves(v, &mut ls);
                for s in ls {
                    for line in s.lines() {
                        if line.contains(['☑', '☐']) {
                            continue; // canonical glyphs: the file uses the dossier's convention
                        }
                        assert!(text.contains(&nows(line)), "{} {key}: {line:?} not in the form", d.id);
                    }
                }
            }
        }
    }

    #[test]
    fn corpus_specs_render() {
        for i in 0..40 {
            let d = build(&Spec::corpus(i), "");
            let f = truth::fields(d.form.as_ref().unwrap());
            assert!(f.contains_key("team.members"));
            assert!(d.files[0].1.len() > 1000);
        }
    }

    /// The committed truth files are the generator's (regenerate with
    /// `cargo run -p samplegen --release -- samples` after changing it).
    #[test]
    fn committed_truth_is_the_generators() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/truth");
        if !dir.is_dir() {
            return;
        }
        let all = sample_dossiers();
        for d in &all {
            let committed = fs::read_to_string(dir.join(format!("{}.json", d.id))).unwrap_or_default();
            assert!(committed == truth_json(d), "samples/truth/{}.json is stale: regenerate the samples", d.id);
        }
        for (src, dst) in ROUND_TRIPS {
            let Ok(committed) = fs::read_to_string(dir.join(format!("{dst}.json"))) else { continue };
            let d = all.iter().find(|d| d.id == *src).expect("round-trip source");
            let want =
                truth_json(d).replacen(&format!("\"dossier_id\": \"{src}\""), &format!("\"dossier_id\": \"{dst}\""), 1);
            assert!(committed == want, "samples/truth/{dst}.json is not {src}'s truth: regenerate the samples");
        }
    }

    #[test]
    fn samples_are_deterministic() {
        let a = sample_dossiers();
        let b = sample_dossiers();
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.files, y.files, "{}", x.id);
        }
    }
}
