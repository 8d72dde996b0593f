//! Renders a [`FormData`] into the layout of the application form (seed 004, 附件 2) as a
//! real Word form lays it out: cover, TOC, the part-one tables (merged label cells, the
//! scenario grid, the 数据市场化 / 应用场景 container cells with the nested cases table), the
//! members and unit tables, the part-two headings and the attachment tables. The "messy"
//! variant bends labels, colons, headings and the TOC the way real teams do.

use crate::data::{num, opts, CaseLayout, FormData, Unit};
use crate::docx::{Block, Cell, Para, RenderOptions, Row, Style, Table, VMerge};

/// Instruction paragraphs of part two, as printed in the template (kept by some teams).
mod hints {
    pub(super) const BACKGROUND: &str =
        "围绕所选赛题方向，介绍参赛项目的行业背景，包括但不限于产业发展现状、拟解决的问题、建设目的等内容。";
    pub(super) const SCENARIOS: &str = "简要介绍参赛作品适用的行业范围及应用场景，主要服务的客户类型及应用需求等。";
    pub(super) const ADVANTAGES: &str = "从创新性、有效性和可推广性等方面，简要介绍参赛作品的技术优势、服务优势和产品化优势，与国内外同类解决方案相比具有哪些竞争力。";
    pub(super) const DATA_FOUNDATION: &str = "项目的数据来源的范围和渠道。分析数据在项目中的作用是否显著，是否充分体现了数据价值。从数据来源广泛性、数据跨企业流通交易规模、数据维度、数据价值体现等角度阐述。";
    pub(super) const TECH_ROUTE: &[&str] = &[
        "1. 技术架构：介绍参赛作品的顶层设计方案、技术架构等。",
        "2. 数据服务功能：描述解决方案提供的主要数据服务的功能，包括不限于应用场景创新水平、高质量数据集建设情况等。",
        "3.数据服务及产品效能：介绍解决方案中涉及的主要数据服务产品及产品效能。",
    ];
    pub(super) const GOVERNANCE: &str =
        "描述所申报项目方案在数据标准化管理、数据伦理治理、数据全生命周期管理、数据合规、数据安全运营等方面的情况。";
    pub(super) const INNOVATION: &str = "描述所申报项目方案在技术、数据开发模式、产品、服务等方面的创新水平，以及基于数据驱动开展模式创新和数据流通机制创新情况。";
    pub(super) const SECURITY: &str = "项目数据安全运营的保障条件。包括安全策略、安全技术、安全认证测评等方面采取了哪些措施，形成了哪些技术保障能力。";
    pub(super) const OUTCOMES: &[&[&str]] = &[
        &["项目具有实用价值，可行、合理，能够满足行业具体应用需求，相关成果可落地性强。"],
        &["描述所申报项目方案是否切中所在领域重点、难点、堵点等重要需求。项目所解决问题的重要程度、问题的普遍性/代表性、问题解决程度和影响范围。"],
        &["结合本赛道，描述项目方案实现的降本、提效、增质等实际效果。", "包括但不限于项目如何体现数据要素提质增效、发挥数据赋能价值的情况。"],
        &["项目落地后带来的经济效益和社会效益。"],
    ];
    pub(super) const BUSINESS: &[&str] = &[
        "项目能为运用数据要素价值释放带动行业发展提供可参考、可复制的解决方案，可作为示范项目大规模推广。",
        "围绕解决方案的市场潜力，开展成长性分析。如潜在用户规模、行业领域、市场份额等情况。项目是否形成具有可复制、可推广的运用数据要素赋能行业的解决方案或应用模式。项目是否具备数据治理标准推广水平或数据流通生态构建水平。",
        "说明解决方案的市场策略，包括数据来源、数据要素利用模式、产品价格、成本核算、盈利模式及稳定性、未来应用空间、推广渠道、宣传方式等，如有可提供成本、收入、未来应用空间等测算说明。",
    ];
    pub(super) const SUMMARY: &str =
        "（介绍参赛项目的背景、拟解决的问题、采用的核心技术/产品、赋能成效等，1000字以内）";
    pub(super) const INTRO: &str = "（不超过 300 字）简要介绍发展历程、主营业务和市场地位等情况。";
    pub(super) const CAPABILITY: &str =
        "（不超过 600 字）企业在研发创新、专业技术和产品服务能力、人才队伍等方面竞争力。";
    pub(super) const INDUSTRIES: &str = "（选择已落地服务的行业，精确到行业中类，数量不限）";
}

const BLANK: &str = "___";

struct Form<'a> {
    d: &'a FormData,
    messy: bool,
    out: Vec<Block>,
}

/// Renders the form as a block list.
pub fn render(d: &FormData) -> Vec<Block> {
    let mut f = Form { d, messy: d.spec.messy, out: Vec::new() };
    f.cover();
    f.part_one();
    f.part_two();
    f.out
}

/// Rendering options matching the dossier's spec.
pub fn render_options(d: &FormData) -> RenderOptions {
    RenderOptions {
        convention: d.spec.convention,
        split_runs: d.spec.split_runs,
        toc_field: d.spec.toc_field,
        seed: d.spec.seed,
        author: d.members.iter().find(|m| m.is_contact).map(|m| m.name.clone()).unwrap_or_default(),
        title: "2025年“数据要素×”大赛参赛项目申报书".to_string(),
    }
}

/// The complete `.docx` of the form.
pub fn docx(d: &FormData) -> Vec<u8> {
    crate::docx::write_docx(&render(d), &render_options(d))
}

fn label_cell(s: &str) -> Cell {
    Cell::para(Para::plain(s))
}

fn opt_items<'s>(labels: &[&'s str], checked: &[&str]) -> Vec<(&'s str, bool)> {
    labels.iter().map(|l| (*l, checked.contains(l))).collect()
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_else(|| BLANK.to_string())
}

impl Form<'_> {
    fn push(&mut self, p: Para) {
        self.out.push(Block::P(p));
    }

    /// `normal` in a normal form, `messy` in the messy one.
    fn lab<'s>(&self, normal: &'s str, messy: &'s str) -> &'s str {
        if self.messy {
            messy
        } else {
            normal
        }
    }

    fn money(&self, v: f64) -> String {
        if self.messy && v >= 1000.0 {
            // 1,234.5
            let s = num(v);
            let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
            let mut grouped = String::new();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            match frac {
                Some(f) => format!("{grouped}.{f}"),
                None => grouped,
            }
        } else {
            num(v)
        }
    }

    fn cover(&mut self) {
        let d = self.d;
        self.push(Para::plain("2025 年“数据要素×”大赛").styled(Style::Title));
        self.push(Para::plain("参赛项目申报书").styled(Style::Title));
        self.push(Para::new());
        self.push(Para::new());
        let team = if self.messy {
            format!("团队名称: {}", d.cover_team)
        } else {
            format!("团队名称：{}", d.cover_team)
        };
        self.push(Para::plain(team));
        self.push(Para::plain(format!("项目名称：{}", d.cover_project)));
        self.push(Para::plain(format!("参赛单位名称：{}", d.cover_units)));
        let date = if self.messy { format!("日期 {}", d.cover_date) } else { format!("日期：{}", d.cover_date) };
        self.push(Para::plain(date));
        self.push(Para::new().page_break());
        self.push(Para::bold("目 录").centered());
        let toc: &[(&str, u8, u32)] = &[
            ("参赛项目申报书", 1, 1),
            ("第一部分：基本信息", 1, 1),
            ("第二部分：参赛项目介绍", 1, 9),
            ("一、项目概述", 2, 9),
            ("二、解决方案", 2, 10),
            ("三、应用成效（限 5000 字）", 2, 12),
            ("四、商业模式（限 5000 字）", 2, 13),
            ("五、附件", 2, 14),
        ];
        for (text, level, page) in toc {
            if self.messy {
                // Literal dot leaders typed by hand, odd page numbers.
                self.push(Para::plain(format!("{text} ..... {}", page + 24)));
            } else {
                self.push(Para::plain(*text).tab().text(page.to_string()).styled(Style::Toc(*level)).dot_tab());
            }
        }
        self.push(Para::new().page_break());
    }

    fn part_one(&mut self) {
        self.push(Para::heading(1, "第一部分：基本信息"));
        self.project_table();
        self.team();
        self.units();
    }

    fn project_table(&mut self) {
        let d = self.d;
        let mut rows = vec![Row::new(vec![Cell::para(Para::bold("（一）项目基本信息").centered()).span(3)])];
        let simple = |label: &str, paras: Vec<Para>| Row::new(vec![label_cell(label), Cell::paras(paras).span(2)]);
        rows.push(simple(self.lab("*项目名称", "项目名称："), vec![Para::plain(&d.project_name)]));
        rows.push(simple(
            self.lab("*赛道及参赛方向（单选）", "*赛道及参赛方向(单选)"),
            d.track.iter().map(Para::plain).collect(),
        ));
        rows.push(simple(self.lab("*项目来源", "*项目来源:"), vec![Para::plain(&d.source)]));
        let mut summary: Vec<Para> = Vec::new();
        if self.messy {
            summary.push(Para::plain(hints::SUMMARY));
        }
        summary.extend(d.summary.iter().map(Para::plain));
        rows.push(simple(self.lab("*项目简述", "*项 目 简 述"), summary));

        // 业务场景: label merged over 3 rows, two groups a row.
        for row in 0..3 {
            let vm = if row == 0 { VMerge::Restart } else { VMerge::Continue };
            let label = if row == 0 {
                label_cell(self.lab("*项目覆盖的业务场景（多选）", "项目覆盖的业务场景(多选)"))
            } else {
                Cell::new(vec![Block::P(Para::new())])
            };
            let mut cells = vec![label.vmerge(vm)];
            for g in [row * 2, row * 2 + 1] {
                let (title, options) = opts::SCENARIO_GROUPS[g];
                let checked = &d.scenarios[g];
                let items: Vec<(String, bool)> = options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let shown = match *o {
                            "其他" if g < 2 => "其他：".to_string(),
                            "产融协同" => "产融协同（供应链金融、征信担保等）".to_string(),
                            "产教协同" => "产教协同（培训、教学等）".to_string(),
                            _ => o.to_string(),
                        };
                        (shown, checked.contains(&i))
                    })
                    .collect();
                cells.push(Cell::paras(vec![Para::bold(title), Para::new().options(&items, "  ")]));
            }
            rows.push(Row::new(cells));
        }
        rows.push(simple(self.lab("*数据市场化", "*数据市场化："), self.data_market()));
        rows.push(Row::new(vec![label_cell(self.lab("*应用场景", "应用场景")), Cell::new(self.application()).span(2)]));
        self.out.push(Block::T(Table { widths: vec![1800, 3350, 3350], rows }));
    }

    fn data_market(&self) -> Vec<Para> {
        let d = self.d;
        let mut ps =
            vec![Para::plain("1 项目服务对象（多选）：")
                .options(&opt_items(opts::SERVICE_TARGETS, &d.service_targets), " ")];
        ps.push(Para::plain("2 项目数据来源（最多选 2 项）："));
        ps.push(
            Para::new()
                .check(d.sources.contains(&"公共数据"))
                .text("公共数据 如是，")
                .options(&opt_items(opts::SOURCES_PUBLIC, &d.sources_public), " ")
                .text(" ")
                .check(false)
                .text("其他：___"),
        );
        ps.push(
            Para::new()
                .check(d.sources.contains(&"企业数据"))
                .text("企业数据 如是，")
                .options(&opt_items(opts::SOURCES_ENTERPRISE, &d.sources_enterprise), " ")
                .text(" ")
                .check(false)
                .text("其他：___"),
        );
        ps.push(Para::new().check(d.sources.contains(&"个人用户数据")).text("个人用户数据"));
        ps.push(Para::plain("3 数据更新频率（多选）：").options(&opt_items(opts::FREQUENCY, &d.update_frequency), " "));
        ps.push(Para::plain("4 数据汇聚方式（每类选最主要的 1 个）："));
        for (g, options) in opts::AGGREGATION.iter().enumerate() {
            let items: Vec<(String, bool)> = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let shown = if *o == "其他" { "其他：___".to_string() } else { o.to_string() };
                    (shown, d.aggregation[g] == Some(i) || d.also("data.aggregation", o))
                })
                .collect();
            ps.push(Para::plain(format!("（{}）", g + 1)).options(&items, " "));
        }
        ps.push(Para::plain(format!(
            "5 项目中，跨主体（企业或机构）交互的数据量：{}（GB）",
            fmt_opt(d.cross_entity_gb)
        )));
        ps.push(
            Para::plain(format!("6 数据服务流通带宽：{}（MB）", fmt_opt(d.bandwidth_mb)))
                .check(d.bandwidth_mb.is_none())
                .text("不涉及"),
        );
        ps.push(Para::plain("7 数据交易形式："));
        for (i, t) in opts::TRADE_FORMS.iter().enumerate() {
            let pct = d.trade_forms.iter().find(|(l, _)| l == t).map(|(_, p)| *p);
            let mut line = format!("{t} {}%", fmt_opt(pct));
            if i == 0 {
                line.push_str(&format!("，交易机构名称 {}", d.exchange.unwrap_or(BLANK)));
            }
            ps.push(Para::new().check(pct.is_some()).text(line));
        }
        ps.push(Para::plain("8 数据产品和服务类型（最多选 2 项）："));
        ps.push(Para::new().options(&opt_items(opts::PRODUCT_TYPES, &d.product_types), " "));
        ps.push(Para::plain("9 数据驱动的建模分析方式（限选 1 项）"));
        let m: Vec<(String, bool)> = opts::MODELING
            .iter()
            .map(|o| {
                let shown = if *o == "应用大模型" {
                    format!("应用大模型，大模型名称：{}", d.llm.unwrap_or(BLANK))
                } else {
                    o.to_string()
                };
                (shown, *o == d.modeling || d.also("data.modeling", o))
            })
            .collect();
        ps.push(Para::new().options(&m[..3], " "));
        ps.push(Para::new().options(&m[3..], " "));
        ps.push(Para::plain("10 数据价值目标（限 3 个）"));
        let v = opt_items(opts::VALUE_GOALS, &d.value_goals);
        ps.push(Para::new().options(&v[..5], " "));
        ps.push(Para::new().options(&v[5..], " "));
        ps
    }

    fn application(&self) -> Vec<Block> {
        let d = self.d;
        let mut b: Vec<Block> = Vec::new();
        let mut p = |p: Para| b.push(Block::P(p));
        p(Para::plain(format!("1. 项目服务的客户数量（以合同为准，无填 0）：{}个", num(d.customers_total))));
        let bd = |key: &str| -> String {
            d.customers_breakdown
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| num(*v))
                .unwrap_or_else(|| BLANK.to_string())
        };
        let line = |prefix: &str, items: &[(&str, &str)]| -> Para {
            let parts: Vec<String> = items.iter().map(|(k, l)| format!("{l}{}", bd(k))).collect();
            Para::plain(format!("{prefix}{}", parts.join(" ")))
        };
        let b_ = opts::BREAKDOWN;
        p(line("其中，政府部门：", &b_[0..3]));
        p(line("", &b_[3..6]));
        p(line("", &b_[6..9]));
        p(line("", &b_[9..10]));
        let mut ind = format!("2. 项目适用行业：{}", d.industries);
        if self.messy {
            ind.push_str(hints::INDUSTRIES);
        }
        p(Para::plain(ind));
        p(Para::plain("3. 已实现落地应用的代表性案例（可增加，无数量限制）"));
        b.push(Block::T(self.cases_table()));
        let mut p = |p: Para| b.push(Block::P(p));
        p(Para::plain("4. 项目主要部署方式（限 2 个）"));
        p(Para::new().options(&opt_items(opts::DEPLOYMENT, &d.deployment), "  "));
        p(Para::plain("5. 项目主要收费模式（限选收入占比最高的 2 个）"));
        let charging: Vec<(String, bool)> = opts::CHARGING
            .iter()
            .map(|o| {
                let shown = match *o {
                    "按使用收费" => "按使用收费（基于使用次数/流量/账号/时间的收入）".to_string(),
                    "其他" => "其他：___".to_string(),
                    _ => o.to_string(),
                };
                (shown, d.charging.contains(o))
            })
            .collect();
        p(Para::new().options(&charging, "  "));
        let years = |v: &[Option<f64>; 3]| {
            format!("2023年 {} 2024年 {} 2025年（预期）{}", fmt_opt(v[0]), fmt_opt(v[1]), fmt_opt(v[2]))
        };
        p(Para::plain("6. 项目市场收入（万元，以合同为准，无填 0）"));
        p(Para::plain(years(&d.market_revenue)));
        p(Para::plain("7. 项目毛利润（万元，选填）"));
        p(Para::plain(years(&d.gross_profit)));
        let dev_cost = d.written_text("application.dev_cost").map_or_else(|| fmt_opt(d.dev_cost), str::to_string);
        p(Para::plain(format!("8. 项目开发成本（万元）：{dev_cost}")));
        p(Para::plain("9. 项目平均投资回报周期：").options(&opt_items(opts::PAYBACK, &[d.payback]), " "));
        p(Para::plain("10. 项目应用成效（至少填2项）"));
        let f = |key: &str| -> String {
            d.outcomes_fills
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| BLANK.to_string())
        };
        p(Para::plain("（1）存量价值（填空）"));
        p(Para::plain("降低成本（万元）："));
        p(Para::plain(format!(
            "降低管理成本：{}、降低生产成本：{}、降低流转成本：{}、降低人力成本：{} 其他：{}",
            f("cost_management"),
            f("cost_production"),
            f("cost_circulation"),
            f("cost_labor"),
            f("cost_other")
        )));
        p(Para::plain("提高效率（%）："));
        p(Para::plain(format!(
            "提高工作效率：{}、提高工作准确率：{}、缩短交付周期：{}、其他：{}",
            f("efficiency_work"),
            f("efficiency_accuracy"),
            f("efficiency_delivery"),
            f("efficiency_other")
        )));
        p(Para::plain("（2）增量价值：（填空）"));
        p(Para::plain(format!(
            "订单增长：{}（%）、市场份额增长{}（%）、带动合作伙伴/上下游企业协同：{}（家）、其他：{}",
            f("order_growth"),
            f("market_share_growth"),
            f("partners"),
            f("incremental_other")
        )));
        p(Para::plain("（3）社会价值：（填空）"));
        p(Para::plain(format!("促进就业（人）：{}", f("jobs"))));
        p(Para::plain(format!("绿色低碳（吨）：{}", f("carbon_tons"))));
        p(Para::plain(format!("普惠服务（人）：{}", f("inclusive_people"))));
        let sp = |v: String| if v == BLANK { v } else { format!(" {v} ") };
        p(Para::plain(
            format!("促进区域经济发展（个）：省{}市{}", sp(f("regional_province")), sp(f("regional_city")))
                .trim_end()
                .to_string(),
        ));
        p(Para::plain(format!(
            "形成标准（个）：国家标准{}、行业标准{}、地方标准{}、团体标准{}、企业标准{}",
            sp(f("std_national")).trim_end(),
            sp(f("std_industry")).trim_end(),
            sp(f("std_local")).trim_end(),
            sp(f("std_group")).trim_end(),
            sp(f("std_enterprise")).trim_end()
        )));
        p(Para::plain(format!("其他：{}", f("social_other"))));
        b
    }

    fn cases_table(&self) -> Table {
        let d = self.d;
        let h1 = || {
            Row::new(
                ["应用单位名称", "单位类型", "如是企业，企业规模", "所属省份", "所属行业", "实施起止时间"]
                    .iter()
                    .map(|s| Cell::para(Para::bold(*s)))
                    .collect(),
            )
        };
        let h2 = || {
            Row::new(
                ["项目投入(万)", "回报周期(月)", "应用需求", "应用场景", "应用成效", "合同证明"]
                    .iter()
                    .map(|s| Cell::para(Para::bold(*s)))
                    .collect(),
            )
        };
        let row = |vals: Vec<String>| Row::new(vals.into_iter().map(Cell::text).collect());
        let mut rows = Vec::new();
        for (i, c) in d.cases.iter().enumerate() {
            let a = row(vec![
                c.unit_name.clone(),
                c.unit_type.clone(),
                c.scale.clone().unwrap_or_default(),
                c.province.clone(),
                c.industry.clone(),
                c.period.clone(),
            ]);
            let investment = d
                .written_text(&format!("application.cases[{i}].investment"))
                .map_or_else(|| num(c.investment), str::to_string);
            let b = row(vec![
                investment,
                num(c.payback_months),
                c.need.clone(),
                c.scenario.clone(),
                c.effect.clone(),
                c.contract_proof.clone().unwrap_or_default(),
            ]);
            let headers = i == 0 || d.spec.case_layout == CaseLayout::RepeatHeaders;
            if headers {
                rows.push(h1());
            }
            rows.push(a);
            if headers {
                rows.push(h2());
            }
            rows.push(b);
        }
        if d.cases.is_empty() {
            rows = vec![h1(), row(vec![String::new(); 6]), h2(), row(vec![String::new(); 6])];
        }
        Table { widths: vec![1060; 6], rows }
    }

    fn team(&mut self) {
        let d = self.d;
        self.push(Para::heading(2, "（二）参赛团队信息"));
        let tn = if self.messy {
            format!("*团 队 名 称: {}", d.team_name)
        } else {
            format!("*团队名称：{}", d.team_name)
        };
        self.push(Para::plain(tn));
        let headers: Vec<&str> = if self.messy {
            vec![
                "姓名",
                "证件类型",
                "证件 号码",
                "单 位 名 称",
                "职务/职称",
                "手机",
                "项目中主要承担的角色（50字）",
                "是否团队联 络人",
            ]
        } else {
            vec![
                "姓名",
                "证件类型",
                "证件号码",
                "单位名称",
                "职务/职称",
                "手机",
                "项目中主要承担的角色（50字）",
                "是否团队联络人",
            ]
        };
        let mut header =
            vec![label_cell(self.lab("*团队成员（最多添加 5 名）", "团队成员（最多添加5名）")).vmerge(VMerge::Restart)];
        header.extend(headers.iter().map(|h| Cell::text(*h)));
        let mut rows = vec![Row::new(header)];
        for m in &d.members {
            let mut cells = vec![Cell::new(vec![Block::P(Para::new())]).vmerge(VMerge::Continue)];
            for v in [
                &m.name,
                &m.id_type,
                &m.id_number,
                &m.unit,
                &m.title,
                &m.phone,
                &m.role,
                &(if m.is_contact { "是" } else { "否" }).to_string(),
            ] {
                cells.push(Cell::text(v.as_str()));
            }
            rows.push(Row::new(cells));
        }
        self.out.push(Block::T(Table { widths: vec![800, 650, 650, 1450, 1250, 750, 1100, 1950, 600], rows }));
    }

    fn units(&mut self) {
        self.push(Para::heading(2, "（三）参赛单位基本信息（单位可增加，最多五家）"));
        for u in &self.d.units {
            let t = self.unit_table(u);
            self.out.push(Block::T(t));
        }
    }

    fn yes_no(&self, yes: bool) -> Para {
        if self.d.spec.bool_boxes {
            Para::new().check(yes).text("是 ").check(!yes).text("否")
        } else {
            Para::plain(if yes { "是" } else { "否" })
        }
    }

    fn years_cell(&self, v: &[f64; 3]) -> Vec<Para> {
        let items: Vec<String> =
            ["2024", "2023", "2022"].iter().zip(v).map(|(y, x)| format!("{y} 年：{}", self.money(*x))).collect();
        if self.d.spec.years_as_lines {
            items.into_iter().map(Para::plain).collect()
        } else {
            vec![Para::plain(items.join(" "))]
        }
    }

    fn unit_table(&self, u: &Unit) -> Table {
        let l = |s: &str| label_cell(s);
        let v = |s: &str| Cell::text(s);
        let mut rows = Vec::new();
        rows.push(Row::new(vec![l(self.lab("*单位名称", "单 位 名 称")), v(&u.name).span(5)]));
        rows.push(Row::new(vec![
            l(self.lab("*统一社会信用代码", "*统一社会信用代码：")),
            v(&u.credit_code).span(2),
            l(self.lab("*成立时间", "成立时间")),
            v(&u.founded).span(2),
        ]));
        let nature: Vec<(String, bool)> = opts::NATURE
            .iter()
            .map(|o| {
                let shown = if *o == "其他" { "其他：___".to_string() } else { o.to_string() };
                (shown, *o == u.nature)
            })
            .collect();
        rows.push(Row::new(vec![
            l("*地址"),
            v(&u.address).span(2),
            l(self.lab("*单位性质（单选）", "*单位性质(单选)")),
            Cell::para(Para::new().options(&nature, " ")).span(2),
        ]));
        let soe = match (&u.parent_company, self.d.spec.bool_boxes) {
            (Some(p), false) => Para::plain(format!("是 母公司：{p}")),
            (None, false) => Para::plain("否"),
            (p, true) => self.yes_no(u.is_soe_subsidiary).text(format!(" 母公司：{}", p.as_deref().unwrap_or(BLANK))),
        };
        let scale = opt_items(opts::SCALE, &u.scale.into_iter().collect::<Vec<_>>());
        rows.push(Row::new(vec![
            l(self.lab("*是否央企子公司", "是否央企子公司")),
            Cell::para(soe).span(2),
            l("企业规模（企业填）"),
            Cell::para(Para::new().options(&scale, " ")).span(2),
        ]));
        rows.push(Row::new(vec![
            l(self.lab("*联系人", "联系人")),
            v(&u.contact),
            l("*职务"),
            v(&u.contact_title),
            l(self.lab("*联系方式", "联系方式：")),
            v(&u.contact_phone),
        ]));
        let intro = if self.messy {
            vec![Para::plain(hints::INTRO), Para::plain(&u.intro)]
        } else {
            vec![Para::plain(&u.intro)]
        };
        rows.push(Row::new(vec![l("*单位简介"), Cell::paras(intro).span(5)]));
        let cap = if self.messy {
            // The instruction and the answer in the same paragraph.
            Para::plain(format!("{}{}", hints::CAPABILITY, u.capability))
        } else {
            Para::plain(&u.capability)
        };
        rows.push(Row::new(vec![l("*核心能力"), Cell::para(cap).span(5)]));
        rows.push(Row::new(vec![
            l(self.lab("*营收（万元）", "*营收(万元)")),
            Cell::paras(self.years_cell(&u.revenue)).span(2),
            l("*利润（万元）"),
            Cell::paras(self.years_cell(&u.profit)).span(2),
        ]));
        rows.push(Row::new(vec![
            l("*2024 年数据技术研发投入（万元）"),
            v(&self.money(u.rd_investment_2024)).span(2),
            l("*其中，AI 投入（万元）"),
            v(&self.money(u.ai_investment_2024)).span(2),
        ]));
        rows.push(Row::new(vec![
            l("*2024 年获取外部数据的成本投入（万元）"),
            v(&self.money(u.external_data_cost_2024)).span(5),
        ]));
        rows.push(Row::new(vec![l("*数据开发利用"), Cell::paras(u.data_utilization.clone()).span(5)]));
        let fin: Vec<(String, bool)> = opts::FINANCING
            .iter()
            .map(|o| {
                let shown = if self.messy && o.ends_with('轮') && o.starts_with(|c: char| c.is_ascii_uppercase()) {
                    format!("{} 轮", &o[..1])
                } else {
                    o.to_string()
                };
                (shown, *o == u.financing_stage)
            })
            .collect();
        let fin_paras = vec![
            Para::plain("融资阶段：").options(&fin, "、"),
            Para::plain(format!(
                "总融资额：{}（万） 主要投资方：{}",
                fmt_opt(u.financing_total),
                u.investors.as_deref().unwrap_or(BLANK)
            )),
        ];
        rows.push(Row::new(vec![l("融资情况"), Cell::paras(fin_paras).span(5)]));
        rows.push(Row::new(vec![l("近期有融资需求"), Cell::para(self.yes_no(u.financing_need)).span(5)]));
        Table { widths: vec![1500, 1300, 1400, 1500, 1300, 1500], rows }
    }

    /// A part-two sub-heading: Heading 3, or a bold paragraph in the messy form.
    fn sub_heading(&mut self, normal: &str, messy: &str) {
        if self.messy {
            self.push(Para::bold(messy));
        } else {
            self.push(Para::heading(3, normal));
        }
    }

    fn section(&mut self, key: &str, normal: &str, messy: &str, hint: &[&str], paras: &[String]) {
        if self.d.spec.omits(key) {
            return;
        }
        self.sub_heading(normal, messy);
        if self.d.spec.keep_hints || self.messy {
            for h in hint {
                self.push(Para::plain(*h));
            }
        }
        for p in paras {
            self.push(Para::plain(p));
        }
    }

    fn part_two(&mut self) {
        let d = self.d;
        let keep = d.spec.keep_hints || self.messy;
        self.push(Para::heading(1, self.lab("第二部分：参赛项目介绍", "第二部分 参赛项目介绍")));
        self.push(Para::heading(2, "一、项目概述"));
        self.section(
            "part2.overview.background",
            "（一）项目背景（限 500 字）",
            "1、项目背景（限500字）",
            &[hints::BACKGROUND],
            &d.background,
        );
        self.section(
            "part2.overview.scenarios",
            "（二）应用场景（限 500 字）",
            "2、应用场景（限500字）",
            &[hints::SCENARIOS],
            &d.narrative_scenarios,
        );
        self.section(
            "part2.overview.advantages",
            "（三）核心优势（限 1000 字）",
            "3、核心优势（限1000字）",
            &[hints::ADVANTAGES],
            &d.advantages,
        );
        self.push(Para::heading(2, "二、解决方案"));
        self.section(
            "part2.solution.data_foundation",
            "（一）数据要素基础（限 3000 字）",
            "1、数据要素基础（限3000字）",
            &[hints::DATA_FOUNDATION],
            &d.data_foundation,
        );
        self.section(
            "part2.solution.technical_route",
            "（二）技术路线（限 4000 字）",
            "2、技术路线（限4000字）",
            hints::TECH_ROUTE,
            &d.technical_route,
        );
        self.section(
            "part2.solution.data_governance",
            "（三）数据治理（限 3000 字）",
            "3、数据治理（限3000字）",
            &[hints::GOVERNANCE],
            &d.data_governance,
        );
        self.section(
            "part2.solution.innovation",
            "（四）机制创新与模式创新（限 3000 字）",
            "4、机制创新与模式创新（限3000字）",
            &[hints::INNOVATION],
            &d.innovation,
        );
        self.section("part2.solution.security", "（五）安全保障", "5、安全保障", &[hints::SECURITY], &d.security);

        self.push(Para::heading(2, "三、应用成效（限 5000 字）"));
        if keep {
            self.push(Para::plain(hints::OUTCOMES[0][0]));
        }
        for (i, s) in d.outcomes.iter().enumerate() {
            self.section("", &s.heading, &s.heading, hints::OUTCOMES[i + 1], &s.paras);
        }
        self.push(Para::heading(2, "四、商业模式（限 5000 字）"));
        if keep {
            self.push(Para::plain(hints::BUSINESS[0]));
        }
        for (i, s) in d.business_model.iter().enumerate() {
            self.section("", &s.heading, &s.heading, &hints::BUSINESS[i + 1..i + 2], &s.paras);
        }

        self.push(Para::heading(2, "五、附件"));
        self.sub_heading(
            "1.知识产权情况（需与解决方案相关。可添加数量）",
            "1、知识产权情况（需与解决方案相关。可添加数量）",
        );
        let ip_table = |count_label: &str, head: [&str; 3], items: &[crate::data::Ip]| {
            let mut rows = vec![
                Row::new(vec![Cell::text(format!("{count_label}：{} 个", items.len())).span(3)]),
                Row::new(head.iter().map(|h| Cell::para(Para::bold(*h))).collect()),
            ];
            for ip in items {
                rows.push(Row::new(vec![
                    Cell::text(&ip.name),
                    Cell::text(&ip.number),
                    Cell::text(ip.proof.clone().unwrap_or_default()),
                ]));
            }
            if items.is_empty() {
                rows.push(Row::new(vec![Cell::text(""), Cell::text(""), Cell::text("")]));
            }
            Table { widths: vec![3300, 2900, 2300], rows }
        };
        self.out.push(Block::T(ip_table("专利数量", ["专利名称", "专利号", "证明材料"], &d.patents)));
        self.out.push(Block::T(ip_table("软著数量", ["软著名称", "登记号", "证明材料"], &d.softwares)));
        self.sub_heading("2. 合同情况（需与解决方案相关。可添加数量）", "2、合同情况");
        let mut rows = vec![Row::new(
            ["合同名称", "甲方", "乙方", "合同金额（万元）", "签订时间", "证明材料"]
                .iter()
                .map(|h| Cell::para(Para::bold(*h)))
                .collect(),
        )];
        for c in &d.contracts {
            rows.push(Row::new(vec![
                Cell::text(&c.name),
                Cell::text(&c.party_a),
                Cell::text(&c.party_b),
                Cell::text(num(c.amount)),
                Cell::text(&c.signed),
                Cell::text(c.proof.clone().unwrap_or_default()),
            ]));
        }
        self.out.push(Block::T(Table { widths: vec![2000, 1500, 1500, 1100, 1200, 1200], rows }));
        self.sub_heading("3. 其他证明材料", "3、其他证明材料");
        for m in &d.other_materials {
            self.push(Para::plain(m));
        }
    }
}
