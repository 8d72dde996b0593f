//! What one filled application form says ([`FormData`]), how it is to be written ([`Spec`]),
//! and the deterministic content generator that makes a `FormData` from a `Spec` (seeded
//! splitmix64 + the phrase bank). The same `FormData` is rendered to DOCX (`form.rs`) and
//! turned into the ground truth (`truth.rs`).

use crate::bank::{self, Domain};
use crate::docx::{Convention, Para};
use crate::ids;
use crate::rng::Rng;

/// How the cases table repeats its two-tier header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseLayout {
    /// header 1, data, header 2, data — repeated for every case.
    RepeatHeaders,
    /// header 1, data a, header 2, data b, then only data rows a, b, a, b.
    Pairs,
}

/// Everything that varies between dossiers: counts and writing conventions.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Dossier id, e.g. `SX2025-0001`.
    pub id: String,
    /// Content seed.
    pub seed: u64,
    /// Index into [`bank::DOMAINS`].
    pub track: usize,
    /// Checkbox convention for every box of the form.
    pub convention: Convention,
    /// The "messy" form: spaced labels, odd colons, dropped stars, hints left in cells,
    /// restyled headings, literal dot-leader TOC.
    pub messy: bool,
    /// Keep the template's instruction paragraphs under the part-two headings.
    pub keep_hints: bool,
    /// Cases-table layout.
    pub case_layout: CaseLayout,
    /// Write 是/否 answers (央企子公司, 融资需求) as two checkboxes.
    pub bool_boxes: bool,
    /// Wrap the TOC in a `TOC` field.
    pub toc_field: bool,
    /// Split text runs at arbitrary places.
    pub split_runs: bool,
    /// Write the unit revenue/profit years one per paragraph instead of on one line.
    pub years_as_lines: bool,
    /// Team members (1–5).
    pub members: usize,
    /// Participating units (1–5).
    pub units: usize,
    /// Application cases.
    pub cases: usize,
    /// Patents.
    pub patents: usize,
    /// Software copyrights.
    pub softwares: usize,
    /// Contracts.
    pub contracts: usize,
    /// Seed of the business-licence image (equal seeds give byte-identical images).
    pub licence_seed: u64,
    /// Ship the first contract as a PDF attachment.
    pub contract_pdf: bool,
    /// Part-two sections left out of the form altogether, heading and text (template section
    /// keys such as `part2.solution.innovation`): a team that deleted a section.
    pub omit_sections: Vec<&'static str>,
}

impl Spec {
    /// Whether the section with this template key is left out of the form.
    pub fn omits(&self, section: &str) -> bool {
        self.omit_sections.contains(&section)
    }

    /// A plain dossier with the given id, seed and convention; the rest from the seed.
    pub fn new(id: &str, seed: u64, convention: Convention) -> Spec {
        let mut r = Rng::new(seed ^ 0xC0FF_EE00);
        Spec {
            id: id.to_string(),
            seed,
            track: r.below(bank::DOMAINS.len() as u64) as usize,
            convention,
            messy: false,
            keep_hints: false,
            case_layout: CaseLayout::RepeatHeaders,
            bool_boxes: false,
            toc_field: false,
            split_runs: false,
            years_as_lines: false,
            members: r.range(2, 4) as usize,
            units: r.range(1, 2) as usize,
            cases: r.range(1, 2) as usize,
            patents: r.range(1, 2) as usize,
            softwares: r.range(1, 2) as usize,
            contracts: r.range(1, 2) as usize,
            licence_seed: seed,
            contract_pdf: true,
            omit_sections: Vec::new(),
        }
    }

    /// A spec for the `index`-th dossier of a large corpus (issue #9): every knob derived
    /// from the index, conventions cycling.
    pub fn corpus(index: u64) -> Spec {
        const CONVS: [Convention; 10] = [
            Convention::Unicode,
            Convention::UnicodeCross,
            Convention::WingdingsSym,
            Convention::Wingdings2Sym,
            Convention::ContentControl,
            Convention::FormField,
            Convention::Squares,
            Convention::SquareDot,
            Convention::PrivateUse,
            Convention::CheckMark,
        ];
        let mut s = Spec::new(
            &format!("SX2025-{:06}", index + 1),
            0xA11C_E000 + index,
            CONVS[(index % CONVS.len() as u64) as usize],
        );
        let mut r = Rng::new(index.wrapping_mul(0x2545_F491_4F6C_DD1D));
        s.messy = r.chance(20);
        s.keep_hints = r.chance(30);
        s.split_runs = r.chance(30);
        s.members = r.range(1, 5) as usize;
        s.units = r.range(1, 3) as usize;
        s.cases = r.range(1, 3) as usize;
        s
    }
}

/// Participating unit (参赛单位).
#[derive(Debug, Clone)]
pub struct Unit {
    /// 单位名称.
    pub name: String,
    /// English name (for Latin-1 certificates).
    pub name_en: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// 成立时间 as written.
    pub founded: String,
    /// 地址.
    pub address: String,
    /// 单位性质 (one of the template's options).
    pub nature: &'static str,
    /// 是否央企子公司.
    pub is_soe_subsidiary: bool,
    /// 母公司.
    pub parent_company: Option<String>,
    /// 企业规模 (enterprises only).
    pub scale: Option<&'static str>,
    /// 联系人.
    pub contact: String,
    /// 职务.
    pub contact_title: String,
    /// 联系方式.
    pub contact_phone: String,
    /// 单位简介.
    pub intro: String,
    /// 核心能力.
    pub capability: String,
    /// 营收 2024, 2023, 2022 (万元).
    pub revenue: [f64; 3],
    /// 利润 2024, 2023, 2022 (万元).
    pub profit: [f64; 3],
    /// 2024 年数据技术研发投入.
    pub rd_investment_2024: f64,
    /// 其中，AI 投入.
    pub ai_investment_2024: f64,
    /// 2024 年获取外部数据的成本投入.
    pub external_data_cost_2024: f64,
    /// 数据开发利用: the cell's paragraphs.
    pub data_utilization: Vec<Para>,
    /// 融资阶段 (one option label).
    pub financing_stage: &'static str,
    /// 总融资额 (万元).
    pub financing_total: Option<f64>,
    /// 主要投资方.
    pub investors: Option<String>,
    /// 近期有融资需求.
    pub financing_need: bool,
}

/// Team member.
#[derive(Debug, Clone)]
pub struct Member {
    /// 姓名.
    pub name: String,
    /// 证件类型.
    pub id_type: String,
    /// 证件号码.
    pub id_number: String,
    /// 单位名称.
    pub unit: String,
    /// 职务/职称.
    pub title: String,
    /// 手机.
    pub phone: String,
    /// 项目中主要承担的角色.
    pub role: String,
    /// 是否团队联络人.
    pub is_contact: bool,
}

/// Application case (代表性案例).
#[derive(Debug, Clone)]
pub struct Case {
    /// 应用单位名称.
    pub unit_name: String,
    /// 单位类型.
    pub unit_type: String,
    /// 企业规模.
    pub scale: Option<String>,
    /// 所属省份.
    pub province: String,
    /// 所属行业.
    pub industry: String,
    /// 实施起止时间.
    pub period: String,
    /// 项目投入 (万).
    pub investment: f64,
    /// 回报周期 (月).
    pub payback_months: f64,
    /// 应用需求.
    pub need: String,
    /// 应用场景.
    pub scenario: String,
    /// 应用成效.
    pub effect: String,
    /// 合同证明.
    pub contract_proof: Option<String>,
}

/// A patent or software copyright.
#[derive(Debug, Clone)]
pub struct Ip {
    /// 名称.
    pub name: String,
    /// Number as written in the form.
    pub number: String,
    /// Canonical number (`ZL202310123456.7`, `2023SR0123456`).
    pub canonical: String,
    /// 证明材料.
    pub proof: Option<String>,
}

/// A contract.
#[derive(Debug, Clone)]
pub struct Contract {
    /// 合同名称.
    pub name: String,
    /// 甲方.
    pub party_a: String,
    /// 乙方.
    pub party_b: String,
    /// 合同金额 (万元).
    pub amount: f64,
    /// 签订时间.
    pub signed: String,
    /// 证明材料 (an attachment file name).
    pub proof: Option<String>,
}

/// A part-two section with sub-headings (应用成效, 商业模式).
#[derive(Debug, Clone)]
pub struct SubSection {
    /// The sub-heading as written (`（一）需求痛点`).
    pub heading: String,
    /// The team's paragraphs.
    pub paras: Vec<String>,
}

/// Everything one filled form says.
#[derive(Debug, Clone)]
pub struct FormData {
    /// How to write it.
    pub spec: Spec,
    /// Cover: 团队名称.
    pub cover_team: String,
    /// Cover: 项目名称.
    pub cover_project: String,
    /// Cover: 参赛单位名称.
    pub cover_units: String,
    /// Cover: 日期.
    pub cover_date: String,
    /// 项目名称.
    pub project_name: String,
    /// 赛道及参赛方向: one line per paragraph.
    pub track: Vec<String>,
    /// 项目来源.
    pub source: String,
    /// 项目简述 paragraphs.
    pub summary: Vec<String>,
    /// 项目覆盖的业务场景: per group, checked option indices.
    pub scenarios: Vec<Vec<usize>>,
    /// 1 项目服务对象.
    pub service_targets: Vec<&'static str>,
    /// 2 项目数据来源 top level.
    pub sources: Vec<&'static str>,
    /// 公共数据 sub-options.
    pub sources_public: Vec<&'static str>,
    /// 企业数据 sub-options.
    pub sources_enterprise: Vec<&'static str>,
    /// 3 数据更新频率.
    pub update_frequency: Vec<&'static str>,
    /// 4 数据汇聚方式: per group, the chosen option index.
    pub aggregation: [Option<usize>; 4],
    /// 5 跨主体交互的数据量 (GB).
    pub cross_entity_gb: Option<f64>,
    /// 6 数据服务流通带宽 (MB); None → 不涉及 checked.
    pub bandwidth_mb: Option<f64>,
    /// 7 数据交易形式: (label, percentage).
    pub trade_forms: Vec<(&'static str, f64)>,
    /// Exchange name for 来自交易机构的数据占比.
    pub exchange: Option<&'static str>,
    /// 8 数据产品和服务类型.
    pub product_types: Vec<&'static str>,
    /// 9 数据驱动的建模分析方式.
    pub modeling: &'static str,
    /// 大模型名称 when 应用大模型.
    pub llm: Option<&'static str>,
    /// 10 数据价值目标.
    pub value_goals: Vec<&'static str>,
    /// 应用场景 1 客户数量.
    pub customers_total: f64,
    /// 其中 … by fills key.
    pub customers_breakdown: Vec<(&'static str, f64)>,
    /// 2 项目适用行业.
    pub industries: String,
    /// 3 代表性案例.
    pub cases: Vec<Case>,
    /// 4 部署方式.
    pub deployment: Vec<&'static str>,
    /// 5 收费模式.
    pub charging: Vec<&'static str>,
    /// 6 市场收入 2023, 2024, 2025.
    pub market_revenue: [Option<f64>; 3],
    /// 7 毛利润 2023, 2024, 2025.
    pub gross_profit: [Option<f64>; 3],
    /// 8 开发成本.
    pub dev_cost: Option<f64>,
    /// 9 投资回报周期.
    pub payback: &'static str,
    /// 10 应用成效: filled blanks, fills key → as written.
    pub outcomes_fills: Vec<(&'static str, String)>,
    /// 团队名称.
    pub team_name: String,
    /// 团队成员.
    pub members: Vec<Member>,
    /// 参赛单位.
    pub units: Vec<Unit>,
    /// 项目背景.
    pub background: Vec<String>,
    /// 应用场景 (narrative).
    pub narrative_scenarios: Vec<String>,
    /// 核心优势.
    pub advantages: Vec<String>,
    /// 数据要素基础.
    pub data_foundation: Vec<String>,
    /// 技术路线.
    pub technical_route: Vec<String>,
    /// 数据治理.
    pub data_governance: Vec<String>,
    /// 机制创新与模式创新.
    pub innovation: Vec<String>,
    /// 安全保障.
    pub security: Vec<String>,
    /// 应用成效.
    pub outcomes: Vec<SubSection>,
    /// 商业模式.
    pub business_model: Vec<SubSection>,
    /// 专利.
    pub patents: Vec<Ip>,
    /// 软著.
    pub softwares: Vec<Ip>,
    /// 合同.
    pub contracts: Vec<Contract>,
    /// 其他证明材料.
    pub other_materials: Vec<String>,
    /// Money items written as text instead of a plain figure: (canonical key, text as written).
    /// Either words the checks reject (`待定`, `100-200`, [`crate::findings::NOT_A_NUMBER`]) or
    /// an approximate figure they accept (`约300`, see [`approximate`]). Supported keys:
    /// `application.dev_cost`, `application.cases[i].investment`.
    pub written: Vec<(String, String)>,
    /// Options checked besides the data's own (over-ticking): (field key, option label).
    /// Supported keys: `data.aggregation`, `data.modeling`.
    pub also_checked: Vec<(&'static str, &'static str)>,
}

/// The value of an approximate figure as teams write it (`约300` → 300).
pub fn approximate(text: &str) -> Option<f64> {
    text.strip_prefix('约').and_then(|v| v.parse().ok())
}

impl FormData {
    /// Whether `option` of `key` is checked on top of the data's own choice.
    pub fn also(&self, key: &str, option: &str) -> bool {
        self.also_checked.iter().any(|(k, o)| *k == key && *o == option)
    }

    /// The text written in place of a figure for `key`, if any (see [`FormData::written`]).
    pub fn written_text(&self, key: &str) -> Option<&str> {
        self.written.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The template's option lists, in form order (spelled exactly as in template.toml).
pub mod opts {
    /// 项目覆盖的业务场景 groups.
    pub const SCENARIO_GROUPS: &[(&str, &[&str])] = &[
        ("数字产品设计", &["通用软件", "工业软件", "算法模型", "社交娱乐", "新闻资讯", "其他"]),
        ("企业管理", &["采购销售", "仓储物流", "节能降耗", "绿色减排", "运营优化", "管理决策优化", "其他"]),
        ("生产制造", &["智能排产", "工艺优化", "质量管控", "设备运维", "安全生产", "其他"]),
        ("协同创新", &["供应链协同", "个性化定制", "产融协同", "产教协同", "其他"]),
        ("公共管理", &["经济调节", "市场监管", "社会管理", "公共服务", "环境保护", "其他"]),
        ("个人服务", &["生活消费", "医疗健康", "学习教育", "财务管理", "社交互动", "文化旅游", "其他"]),
    ];
    /// 项目服务对象.
    pub const SERVICE_TARGETS: &[&str] = &["政府", "事业单位", "企业", "消费者"];
    /// 项目数据来源.
    pub const SOURCES: &[&str] = &["公共数据", "企业数据", "个人用户数据"];
    /// 公共数据 sub-options.
    pub const SOURCES_PUBLIC: &[&str] = &["公开数据", "共享数据", "授权运营数据"];
    /// 企业数据 sub-options.
    pub const SOURCES_ENTERPRISE: &[&str] = &["自有数据", "本项目服务对象", "数据持有人机构或企业", "公网数据"];
    /// 数据更新频率.
    pub const FREQUENCY: &[&str] = &["不定期", "年", "季", "月", "周", "日", "时", "分", "秒", "实时"];
    /// 数据汇聚方式 groups.
    pub const AGGREGATION: &[&[&str]] = &[
        &["企业内", "跨企业"],
        &["同场景", "多场景"],
        &["长期/多频次", "短期/少频次"],
        &["结构化数据", "半结构化数据", "文本", "音频", "视频", "图片", "其他"],
    ];
    /// 数据交易形式.
    pub const TRADE_FORMS: &[&str] = &["来自交易机构的数据占比", "来自点对点合同的数据占比", "在线订阅的数据占比"];
    /// 数据产品和服务类型.
    pub const PRODUCT_TYPES: &[&str] = &["软硬件一体化解决方案", "技术开发服务", "数据集", "数据产品", "软件产品"];
    /// 数据驱动的建模分析方式.
    pub const MODELING: &[&str] = &[
        "统计方法线性计算",
        "数学模型建模、仿真",
        "机器视觉和听觉等提高感知度",
        "利用大数据+小模型计算",
        "应用大模型",
    ];
    /// 数据价值目标.
    pub const VALUE_GOALS: &[&str] =
        &["感知与可视化", "诊断分析", "隐形规律发掘", "辅助决策", "趋势预测", "形成新增值业务"];
    /// 部署方式.
    pub const DEPLOYMENT: &[&str] = &["边缘侧部署", "本地部署", "私有云部署", "公有云部署", "混合云部署"];
    /// 收费模式.
    pub const CHARGING: &[&str] = &["产品开发及实施费用", "产品运维服务", "按使用收费", "按成效收费", "其他"];
    /// 投资回报周期.
    pub const PAYBACK: &[&str] = &["1年以内", "1年-3年", "3年-5年", "5年以上", "尚无收益"];
    /// 单位性质.
    pub const NATURE: &[&str] =
        &["政府机构", "事业单位", "央企", "国企(非央企)", "民营", "外资", "合资", "科研院校", "其他"];
    /// 企业规模.
    pub const SCALE: &[&str] = &["大型企业", "中型企业", "小微企业"];
    /// 融资阶段.
    pub const FINANCING: &[&str] = &["无计划", "天使轮", "A轮", "B轮", "C轮", "D轮", "申报上市", "已上市"];
    /// 其中 (customers breakdown): (fills key, label).
    pub const BREAKDOWN: &[(&str, &str)] = &[
        ("gov_national", "国家级"),
        ("gov_provincial", "省级"),
        ("gov_municipal", "地市级"),
        ("research_institutes", "科研院所"),
        ("universities", "高校"),
        ("public_institutions", "事业单位"),
        ("large_enterprises", "大企业"),
        ("medium_enterprises", "中型企业"),
        ("small_enterprises", "小微企业"),
        ("individuals", "个人用户"),
    ];
    /// 项目应用成效 fills keys, in form order.
    pub const OUTCOME_KEYS: &[&str] = &[
        "cost_management",
        "cost_production",
        "cost_circulation",
        "cost_labor",
        "cost_other",
        "efficiency_work",
        "efficiency_accuracy",
        "efficiency_delivery",
        "efficiency_other",
        "order_growth",
        "market_share_growth",
        "partners",
        "incremental_other",
        "jobs",
        "carbon_tons",
        "inclusive_people",
        "regional_province",
        "regional_city",
        "std_national",
        "std_industry",
        "std_local",
        "std_group",
        "std_enterprise",
        "social_other",
    ];
}

/// Microsoft Word's 字数: every CJK ideograph or full-width punctuation mark counts 1, every
/// maximal run of other non-space characters counts 1.
pub fn word_count(s: &str) -> usize {
    let mut n = 0;
    let mut in_run = false;
    for c in s.chars() {
        if is_wide(c) {
            n += 1;
            in_run = false;
        } else if c.is_whitespace() {
            in_run = false;
        } else if !in_run {
            n += 1;
            in_run = true;
        }
    }
    n
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x2018..=0x201F | 0x2014 | 0x2026 | 0x00B7 | 0x20000..=0x2FFFF)
}

/// Formats a number the way a person writes it: no trailing `.0`.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Slot values for sentence templates.
struct Slots<'a> {
    d: &'a Domain,
    product: String,
    tech: &'static str,
}

impl Slots<'_> {
    fn fill(&self, t: &str, r: &mut Rng) -> String {
        let x = *r.pick(self.d.data);
        let mut y = *r.pick(self.d.data);
        if y == x {
            y = self.d.data[(self.d.data.iter().position(|&d| d == x).unwrap() + 1) % self.d.data.len()];
        }
        t.replace("{F}", self.d.field)
            .replace("{S}", self.d.scene)
            .replace("{U}", r.pick::<&str>(self.d.users))
            .replace("{X}", x)
            .replace("{Y}", y)
            .replace("{P}", &self.product)
            .replace("{T}", self.tech)
            .replace("{N}", &r.range(12, 60).to_string())
            .replace("{M}", &r.range(5, 40).to_string())
    }

    /// `n_paras` paragraphs of 2–4 sentences drawn (without repetition inside a paragraph)
    /// from `pool`, the whole kept within `limit` 字.
    fn paras(&self, pool: &[&str], n_paras: usize, limit: usize, r: &mut Rng) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let per = pool.len().div_ceil(n_paras.max(1)).max(1);
        for i in 0..n_paras {
            let start = (i * per).min(pool.len());
            let end = ((i + 1) * per).min(pool.len());
            let chunk = if start < end { &pool[start..end] } else { pool };
            let k = chunk.len().min(r.range(2, 4) as usize).max(1);
            let mut p = String::new();
            for idx in r.subset(chunk.len(), k) {
                p.push_str(&self.fill(chunk[idx], r));
            }
            let total: usize = out.iter().map(|s| word_count(s)).sum();
            if total + word_count(&p) > limit * 9 / 10 {
                break;
            }
            out.push(p);
        }
        if out.is_empty() {
            out.push(self.fill(pool[0], r));
        }
        out
    }
}

fn person_name(r: &mut Rng) -> String {
    let mut s = r.pick(bank::SURNAMES).to_string();
    s.push_str(r.pick::<&str>(bank::GIVEN));
    if r.chance(60) {
        s.push_str(r.pick::<&str>(bank::GIVEN));
    }
    s
}

fn pick_some(r: &mut Rng, opts: &[&'static str], lo: usize, hi: usize) -> Vec<&'static str> {
    let k = r.range(lo as u64, hi as u64) as usize;
    r.subset(opts.len(), k).into_iter().map(|i| opts[i]).collect()
}

fn money(r: &mut Rng, lo: u64, hi: u64, frac: bool) -> f64 {
    let v = r.range(lo, hi) as f64;
    if frac && r.chance(30) {
        v + 0.5
    } else {
        v
    }
}

/// Builds the content of one dossier from its spec. Deterministic in `spec`.
pub fn generate(spec: &Spec) -> FormData {
    let mut r = Rng::new(spec.seed);
    let d = &bank::DOMAINS[spec.track % bank::DOMAINS.len()];
    let project_name = r.pick(d.projects).to_string();
    let slots = Slots { d, product: format!("“{}”", project_name), tech: r.pick::<&str>(bank::TECHS) };

    // Units.
    // Consecutive seeds get distinct name cores (distinct team and lead-unit names).
    let core_start = (spec.seed % bank::CORES.len() as u64) as usize;
    let mut units = Vec::new();
    for i in 0..spec.units.max(1) {
        units.push(gen_unit(&mut r, i, core_start, &slots));
    }
    let (core, _) = bank::CORES[core_start];
    let team_name = if r.chance(50) { format!("{core}团队") } else { format!("{core}数据要素创新团队") };

    // Members.
    let mut members = Vec::new();
    let contact_idx = if spec.members > 1 { r.below(2) as usize } else { 0 };
    for i in 0..spec.members.max(1) {
        let place = r.pick(bank::PLACES);
        let unit = &units[i % units.len()];
        members.push(Member {
            name: person_name(&mut r),
            id_type: "居民身份证".to_string(),
            id_number: ids::id_number(&mut r, place.3),
            unit: unit.name.clone(),
            title: r.pick(bank::TITLES).to_string(),
            phone: ids::mobile(&mut r),
            role: bank::ROLES[(i + r.below(2) as usize) % bank::ROLES.len()].to_string(),
            is_contact: i == contact_idx,
        });
    }
    // The lead unit's contact is the team's contact person.
    units[0].contact = members[contact_idx].name.clone();
    units[0].contact_phone = members[contact_idx].phone.clone();
    units[0].contact_title = members[contact_idx].title.clone();

    // Track.
    let track = if d.topics.is_empty() {
        vec![d.track.to_string()]
    } else {
        let topic = r.pick(d.topics);
        if spec.messy {
            vec![d.track.to_string(), topic.to_string()]
        } else {
            vec![format!("{} / {}", d.track, topic)]
        }
    };

    // Scenarios: 2–4 options from 1–3 groups, never 其他 (ambiguous label).
    let mut scenarios = vec![Vec::new(); opts::SCENARIO_GROUPS.len()];
    let n_groups = r.range(1, 3) as usize;
    for g in r.subset(opts::SCENARIO_GROUPS.len(), n_groups) {
        let n = opts::SCENARIO_GROUPS[g].1.len() - 1;
        let k = r.range(1, 2) as usize;
        scenarios[g] = r.subset(n, k);
    }

    let sources = pick_some(&mut r, &opts::SOURCES[..2], 1, 2);
    let sources_public =
        if sources.contains(&"公共数据") { pick_some(&mut r, opts::SOURCES_PUBLIC, 1, 2) } else { Vec::new() };
    let sources_enterprise =
        if sources.contains(&"企业数据") { pick_some(&mut r, opts::SOURCES_ENTERPRISE, 1, 2) } else { Vec::new() };
    let mut aggregation = [None; 4];
    for (g, slot) in aggregation.iter_mut().enumerate() {
        let n = opts::AGGREGATION[g].len();
        let n = if n > 2 { n - 1 } else { n };
        *slot = Some(r.below(n as u64) as usize);
    }
    let trade_forms: Vec<(&'static str, f64)> =
        pick_some(&mut r, opts::TRADE_FORMS, 0, 2).into_iter().map(|t| (t, r.range(10, 60) as f64)).collect();
    let exchange = trade_forms.iter().any(|(t, _)| *t == opts::TRADE_FORMS[0]).then(|| *r.pick(bank::EXCHANGES));
    let modeling = *r.pick(opts::MODELING);
    let llm = (modeling == "应用大模型").then(|| *r.pick(bank::LLMS));

    // Customers.
    let mut customers_breakdown = Vec::new();
    let mut customers_total = 0.0;
    for (i, (key, _)) in opts::BREAKDOWN.iter().enumerate() {
        // A few blanks stay empty; the rest hold a number (sometimes 0).
        if i > 0 && r.chance(25) {
            continue;
        }
        let v = if r.chance(30) { 0.0 } else { r.range(1, 12) as f64 };
        customers_total += v;
        customers_breakdown.push((*key, v));
    }

    // Cases.
    let mut cases = Vec::new();
    for i in 0..spec.cases {
        let place = r.pick(bank::PLACES);
        let (cname, _) = bank::CORES[(core_start + 5 + i * 3) % bank::CORES.len()];
        let enterprise = i != 1 || r.chance(50);
        let unit_name = format!("{}{}{}", place.0.trim_end_matches('市'), &cname[..6], r.pick(d.case_units));
        let y0 = r.range(2022, 2023);
        let m0 = r.range(1, 12);
        cases.push(Case {
            unit_name,
            unit_type: if enterprise { "企业".into() } else { "事业单位".into() },
            scale: enterprise.then(|| r.pick::<&str>(&["大型", "中型", "小微"]).to_string()),
            province: "山西省".into(),
            industry: r.pick(d.industries).to_string(),
            period: format!("{y0}年{m0}月—{}年{}月", y0 + 1, r.range(1, 12)),
            investment: money(&mut r, 30, 300, true),
            payback_months: r.range(6, 36) as f64,
            need: format!("1. 打通{}与{}；2. 实现{}的实时监测与预警。", d.data[0], d.data[1], d.scene),
            scenario: format!("在生产经营一线部署{}，用于{}和辅助决策。", slots.product, d.scene),
            effect: format!("{}效率提升{}%，年节约成本{}万元。", d.scene, r.range(10, 40), r.range(20, 200)),
            contract_proof: None,
        });
    }

    // Contracts (first ones match the cases, with a PDF proof for the first).
    let lead = units[0].name.clone();
    let mut contracts = Vec::new();
    for i in 0..spec.contracts {
        let party_a = cases
            .get(i)
            .map(|c| c.unit_name.clone())
            .unwrap_or_else(|| format!("{}{}", r.pick(bank::PLACES).0, r.pick(d.case_units)));
        let short = party_a.clone();
        let proof = if i == 0 { Some(format!("合同-{short}.pdf")) } else { Some("见附件".to_string()) };
        contracts.push(Contract {
            name: format!("{}建设及技术服务合同", project_name.trim_end_matches("平台").trim_end_matches("系统")),
            party_a,
            party_b: lead.clone(),
            amount: money(&mut r, 40, 400, true),
            signed: format!("{}年{}月{}日", r.range(2023, 2024), r.range(1, 12), r.range(1, 28)),
            proof,
        });
    }
    for (c, k) in cases.iter_mut().zip(&contracts) {
        c.contract_proof = k.proof.clone();
    }

    // IP.
    let mut patents = Vec::new();
    for i in 0..spec.patents {
        let (canonical, digits, check) = ids::patent(&mut r);
        let style = spec.seed.wrapping_add(i as u64);
        patents.push(Ip {
            name: format!("一种基于{}的{}方法", slots.tech, d.scene),
            number: ids::patent_spelling(&digits, check, style),
            canonical,
            proof: Some(if i == 0 { "专利证书-1.pdf".into() } else { "见附件".into() }),
        });
        if i == 1 {
            patents[1].name = format!("{}数据采集装置", d.field);
        }
    }
    let mut softwares = Vec::new();
    for i in 0..spec.softwares {
        let n = ids::software_copyright(&mut r);
        softwares.push(Ip {
            name: format!("{}V{}.0", project_name, i + 1),
            number: n.clone(),
            canonical: n,
            proof: Some("软著证书（见附件）".into()),
        });
    }

    let background = slots.paras(bank::BACKGROUND, r.range(1, 3) as usize, 500, &mut r);
    let narrative_scenarios = slots.paras(bank::SCENARIOS, r.range(1, 2) as usize, 500, &mut r);
    let advantages = slots.paras(bank::ADVANTAGES, r.range(2, 3) as usize, 1000, &mut r);
    let summary = {
        let mut s = slots.paras(bank::BACKGROUND, 1, 1000, &mut r);
        s.extend(slots.paras(bank::EFFECTS, 1, 400, &mut r));
        s
    };
    let outcome_heads = if spec.messy {
        ["1、需求痛点", "2、质效提升成效", "3、经济社会效益"]
    } else {
        ["（一）需求痛点", "（二）质效提升成效", "（三）经济社会效益"]
    };
    let outcomes = [bank::PAIN_POINTS, bank::EFFECTS, bank::BENEFITS]
        .iter()
        .zip(outcome_heads)
        .map(|(pool, h)| SubSection {
            heading: h.to_string(),
            paras: slots.paras(pool, r.range(1, 2) as usize, 1500, &mut r),
        })
        .collect();
    let bm_heads = if spec.messy {
        ["1、推广示范价值", "2、模式可持续性"]
    } else {
        ["（一）推广示范价值", "（二）模式可持续性"]
    };
    let business_model = [bank::PROMOTION, bank::SUSTAINABILITY]
        .iter()
        .zip(bm_heads)
        .map(|(pool, h)| SubSection {
            heading: h.to_string(),
            paras: slots.paras(pool, r.range(1, 2) as usize, 2000, &mut r),
        })
        .collect();

    let market_revenue = [
        Some(money(&mut r, 50, 300, true)),
        Some(money(&mut r, 200, 600, true)),
        Some(money(&mut r, 400, 1200, false)),
    ];
    let gross_profit = if r.chance(70) {
        [
            market_revenue[0].map(|v| (v * 0.25).round()),
            market_revenue[1].map(|v| (v * 0.3).round()),
            if r.chance(60) { market_revenue[2].map(|v| (v * 0.3).round()) } else { None },
        ]
    } else {
        [None, None, None]
    };

    let mut outcomes_fills: Vec<(&'static str, String)> = Vec::new();
    let fill_keys: &[(&str, bool)] = &[
        ("cost_management", false),
        ("cost_labor", false),
        ("efficiency_work", true),
        ("efficiency_accuracy", true),
        ("partners", false),
        ("jobs", false),
        ("regional_province", false),
        ("regional_city", false),
        ("std_industry", false),
        ("std_group", false),
    ];
    for (k, pct) in fill_keys {
        if r.chance(65) || outcomes_fills.len() < 2 && *k == "efficiency_work" {
            let v = match *k {
                "regional_province" | "std_industry" | "std_group" => r.range(1, 2),
                "regional_city" => r.range(1, 6),
                _ => r.range(3, 40),
            };
            let w = if *pct && r.chance(50) { format!("{v}%") } else { v.to_string() };
            outcomes_fills.push((k, w));
        }
    }
    if outcomes_fills.len() < 2 {
        outcomes_fills.push(("jobs", "20".to_string()));
    }
    outcomes_fills.sort_by_key(|(k, _)| opts::OUTCOME_KEYS.iter().position(|o| o == k));
    outcomes_fills.dedup_by_key(|(k, _)| *k);

    let cover_units = units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join("、");
    let day = r.range(20, 30);
    let cover_date = if spec.messy { format!("2025.6.{day}") } else { format!("2025年6月{day}日") };
    let industries = d.industries.iter().take(r.range(1, 2) as usize).copied().collect::<Vec<_>>().join("、");

    FormData {
        cover_team: team_name.clone(),
        cover_project: project_name.clone(),
        cover_units,
        cover_date,
        project_name,
        track,
        source: "山西省".into(),
        summary,
        scenarios,
        service_targets: pick_some(&mut r, opts::SERVICE_TARGETS, 1, 3),
        sources,
        sources_public,
        sources_enterprise,
        update_frequency: pick_some(&mut r, opts::FREQUENCY, 1, 3),
        aggregation,
        cross_entity_gb: r.chance(80).then(|| r.range(20, 900) as f64),
        bandwidth_mb: r.chance(60).then(|| r.range(10, 500) as f64),
        trade_forms,
        exchange,
        product_types: pick_some(&mut r, opts::PRODUCT_TYPES, 1, 2),
        modeling,
        llm,
        value_goals: pick_some(&mut r, opts::VALUE_GOALS, 1, 3),
        customers_total,
        customers_breakdown,
        industries,
        cases,
        deployment: pick_some(&mut r, opts::DEPLOYMENT, 1, 2),
        charging: pick_some(&mut r, &opts::CHARGING[..4], 1, 2),
        market_revenue,
        gross_profit,
        dev_cost: Some(money(&mut r, 80, 500, true)),
        payback: opts::PAYBACK[r.below(4) as usize],
        outcomes_fills,
        team_name,
        members,
        units,
        background,
        narrative_scenarios,
        advantages,
        data_foundation: slots.paras(bank::DATA_FOUNDATION, 2, 3000, &mut r),
        technical_route: bank::TECH_ROUTE.iter().map(|t| slots.fill(t, &mut r)).collect(),
        data_governance: slots.paras(bank::GOVERNANCE, 2, 3000, &mut r),
        innovation: slots.paras(bank::INNOVATION, 2, 3000, &mut r),
        security: slots.paras(bank::SECURITY, 1, 3000, &mut r),
        outcomes,
        business_model,
        patents,
        softwares,
        contracts,
        other_materials: bank::OTHER_MATERIALS[..r.range(1, 3) as usize].iter().map(|s| s.to_string()).collect(),
        written: Vec::new(),
        also_checked: Vec::new(),
        spec: spec.clone(),
    }
}

fn gen_unit(r: &mut Rng, i: usize, core_start: usize, slots: &Slots) -> Unit {
    let place = *r.pick(bank::PLACES);
    let (core, core_en) = bank::CORES[(core_start + i * 4) % bank::CORES.len()];
    let institute = i == 1;
    let (name, name_en, nature, kind) = if institute {
        let (suf, suf_en) = *r.pick(bank::INSTITUTES);
        (
            format!("山西{}{suf}", &core[..6]),
            format!("Shanxi {} {suf_en}", core_en.split(' ').next().unwrap_or(core_en)),
            *r.pick::<&str>(&["事业单位", "科研院校"]),
            "12",
        )
    } else {
        let (suf, suf_en) = *r.pick(bank::SUFFIXES);
        let nature =
            if i == 0 { *r.pick::<&str>(&["民营", "民营", "国企(非央企)", "央企"]) } else { "民营" };
        (
            format!("{}{core}{suf}", place.0.trim_end_matches('市')),
            format!("{} {core_en} {suf_en}", place.4),
            nature,
            "91",
        )
    };
    let is_soe_subsidiary = nature == "央企";
    let founded_y = r.range(2003, 2020);
    let founded = if r.chance(50) {
        format!("{founded_y}年{}月{}日", r.range(1, 12), r.range(1, 28))
    } else {
        format!("{founded_y}-{:02}-{:02}", r.range(1, 12), r.range(1, 28))
    };
    let rev2024 = money(r, 800, 9000, false);
    let revenue = [rev2024, (rev2024 * 0.8).round(), (rev2024 * 0.65).round()];
    let profit = [(revenue[0] * 0.12).round(), (revenue[1] * 0.1).round(), (revenue[2] * 0.08).round()];
    let rd = (rev2024 * 0.08).round();
    let financing_stage =
        if institute { "无计划" } else { *r.pick::<&str>(&["无计划", "天使轮", "A轮", "B轮"]) };
    let financed = financing_stage != "无计划";
    let intro = format!(
        "{name}成立于{founded_y}年，是一家专注于{}数据服务的{}。主营业务包括数据治理、数据分析和行业应用软件开发，已服务客户{}余家，在省内{}数字化领域具有较高的市场占有率。",
        slots.d.field,
        if institute { "研究机构" } else { "高新技术企业" },
        r.range(30, 300),
        slots.d.field
    );
    let capability = format!(
        "现有研发人员{}人，其中硕士及以上学历占比{}%。在研发创新方面，建有省级企业技术中心，累计取得专利{}项、软件著作权{}项。在产品服务方面，形成了数据采集、治理、分析、应用的全链条服务能力，核心团队在{}方面积累了丰富经验。",
        r.range(20, 150),
        r.range(20, 60),
        r.range(3, 30),
        r.range(10, 80),
        slots.tech
    );
    Unit {
        credit_code: ids::credit_code(r, kind, place.3),
        name,
        name_en,
        founded,
        address: format!("山西省{}{}{}{}号", place.0, place.1, place.2, r.range(1, 300)),
        nature,
        is_soe_subsidiary,
        parent_company: is_soe_subsidiary.then(|| r.pick(bank::PARENTS).to_string()),
        scale: (!institute).then(|| *r.pick(&opts::SCALE[1..])),
        contact: person_name(r),
        contact_title: r.pick(bank::TITLES).to_string(),
        contact_phone: ids::mobile(r),
        intro,
        capability,
        revenue,
        profit,
        rd_investment_2024: rd,
        ai_investment_2024: (rd * 0.3).round(),
        external_data_cost_2024: money(r, 5, 80, true),
        data_utilization: data_utilization(r),
        financing_stage,
        financing_total: financed.then(|| money(r, 500, 5000, false)),
        investors: financed.then(|| r.pick(bank::INVESTORS).to_string()),
        financing_need: r.chance(50),
    }
}

/// The 数据开发利用 cell: sub-items 1–10 as printed in the seed, some boxes checked and
/// some blanks filled.
fn data_utilization(r: &mut Rng) -> Vec<Para> {
    let mut ps = vec![Para::plain("1 数据优势：单选")];
    let rows: &[(&str, &[&str], bool)] = &[
        ("数据资源：", &["数据采集", "数据汇聚", "标注清洗", "数据分析", "数据可视化"], false),
        ("基础设施：", &["平台", "云资源", "数据空间", "算力支持", "网络", "安全设施"], true),
        ("场景应用：", &["业务模型", "算法开发", "预测分析", "驱动决策", "AI"], true),
        ("流通服务：", &["流通空间", "供需匹配", "检测认证", "数据交易"], true),
        ("安全治理：", &["数据合规", "数据安全", "数据备份与恢复"], true),
    ];
    for (label, opts, boxed_other) in rows {
        let pick = r.below(opts.len() as u64) as usize;
        let items: Vec<(&str, bool)> = opts.iter().enumerate().map(|(i, o)| (*o, i == pick)).collect();
        let mut p = Para::plain(*label).options(&items, " ");
        p = if *boxed_other { p.text(" ").check(false).text("其他：___") } else { p.text(" 其他：___") };
        ps.push(p);
    }
    ps.push(Para::plain(format!("2 标准化处理的数据占数据存储总量比例（%）：{}", r.range(40, 90))));
    ps.push(Para::plain(format!("3 用于开发利用的数据占数据存储总量比例（%）：{}", r.range(20, 70))));
    let line = |r: &mut Rng, label: &str, opts: &[&str]| {
        let pick = r.below(opts.len() as u64) as usize;
        let items: Vec<(&str, bool)> = opts.iter().enumerate().map(|(i, o)| (*o, i == pick)).collect();
        Para::plain(label).options(&items, " ")
    };
    ps.push(line(r, "4 算力来源：", &["企业自购", "租用云服务", "算力中心", "无需算力"]));
    ps.push(line(r, "5 存力来源：", &["自建机房", "租用云服务", "算力中心", "无需额外购置"]));
    ps.push(line(r, "6 算法来源：", &["自主研发", "联合研发", "二次开发", "组合创新"]));
    let llm = r.chance(50);
    if llm {
        ps.push(Para::plain("7 是否接入大模型：是"));
        ps.push(Para::plain(format!("如是，大模型名称：{} 接入用途：智能问答与报告生成", r.pick(bank::LLMS))));
        ps.push(Para::plain(format!("投入费用（万元/年）：{}", r.range(5, 60))));
        ps.push(line(r, "训练数据来源：", &["经自有渠道外购", "经交易所外购", "自有业务数据", "客户/用户数据"]));
        ps.push(Para::plain(format!("训练数据集数量：{}（个） 数据量：{}（GB）", r.range(2, 12), r.range(10, 800))));
    } else {
        ps.push(Para::plain("7 是否接入大模型：否"));
        ps.push(Para::plain("如是，大模型名称：___ 接入用途：___"));
        ps.push(Para::plain("投入费用（万元/年）：___"));
        ps.push(Para::plain("训练数据来源：").options(
            &[("经自有渠道外购", false), ("经交易所外购", false), ("自有业务数据", false), ("客户/用户数据", false)],
            " ",
        ));
        ps.push(Para::plain("训练数据集数量：___（个） 数据量：___（GB）"));
    }
    ps.push(Para::plain(format!(
        "8 数据产品数量（个）：{} 其中，进入交易机构的数量：{}",
        r.range(1, 9),
        r.range(0, 2)
    )));
    ps.push(Para::plain("交易机构名称：___"));
    ps.push(Para::plain(format!("9 数据服务数量（个）：{} 其中，进入交易机构的数量：0", r.range(1, 6))));
    ps.push(Para::plain("交易机构名称：___"));
    ps.push(Para::plain(format!("10 数据资产入表金额（万元）：{}", r.range(0, 300))));
    ps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_matches_word() {
        assert_eq!(word_count("5G"), 1);
        assert_eq!(word_count("AI大模型"), 4);
        assert_eq!(word_count("2024年"), 2);
        assert_eq!(word_count("数据，要素。"), 6);
    }

    #[test]
    fn generation_is_deterministic_and_within_limits() {
        for i in 0..20 {
            let s = Spec::corpus(i);
            let a = generate(&s);
            let b = generate(&s);
            assert_eq!(a.project_name, b.project_name);
            assert_eq!(a.members.len(), s.members);
            let wc = |v: &[String]| v.iter().map(|p| word_count(p)).sum::<usize>();
            assert!(wc(&a.background) <= 500);
            assert!(wc(&a.narrative_scenarios) <= 500);
            assert!(wc(&a.advantages) <= 1000);
            assert!(wc(&a.summary) <= 1000);
            for u in &a.units {
                assert!(word_count(&u.intro) <= 300, "{}", u.intro);
                assert!(word_count(&u.capability) <= 600);
            }
        }
    }
}
