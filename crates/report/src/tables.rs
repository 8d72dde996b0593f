//! The report's content as plain tables, written once and rendered twice (XLSX and HTML), so
//! the two files always say the same thing.

use serde_json::Value;
use template::{Pipeline, Template};

use crate::mask::mask_text;
use crate::run::{records, value_text, Dossier, RunData};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, already masked.
    Text(String),
    /// A number.
    Num(f64),
    /// A spreadsheet formula; `shown` is what the HTML report prints instead.
    Formula {
        /// The formula, e.g. `=SUM(E2:E8)`.
        formula: String,
        /// Text for the HTML report.
        shown: String,
    },
    /// Nothing (a score for reviewers to fill in).
    Empty,
}

impl Cell {
    /// A text cell; the text is masked ([`mask_text`]) here, the one way text enters a table.
    pub fn text(s: impl AsRef<str>) -> Cell {
        let s = s.as_ref().trim();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(mask_text(s))
        }
    }

    /// A number cell, or empty.
    pub fn num(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Num)
    }

    /// The cell as text (formulas as their `shown` text).
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(n) => fmt_num(*n),
            Cell::Formula { shown, .. } => shown.clone(),
            Cell::Empty => String::new(),
        }
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One sheet (one section of the HTML report).
#[derive(Debug, Clone)]
pub struct Sheet<'a> {
    /// Sheet name (≤ 31 characters, no `[]:*?/\`).
    pub name: String,
    /// One line above the table saying what it is.
    pub note: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Column widths in characters.
    pub widths: Vec<f64>,
    /// Rows.
    pub rows: Rows<'a>,
    /// Whether the header row gets an auto-filter.
    pub filter: bool,
}

/// A sheet's rows: held, or made one at a time from the run's findings (the one sheet whose
/// length grows with the findings rather than the dossiers: 77,289 rows at 5,000 bench dossiers).
#[derive(Debug, Clone)]
pub enum Rows<'a> {
    /// Rows made beforehand.
    Held(Vec<Vec<Cell>>),
    /// One row per finding of the run, in file order ([`RunData::for_each_finding`]).
    Findings {
        /// The run.
        run: &'a RunData,
        /// Names the fields.
        template: &'a Template,
    },
}

impl Sheet<'_> {
    /// Calls `f` with each row in order; returns how many there were. Rows from findings are made
    /// one at a time as `findings.jsonl` is read: none is kept.
    pub fn for_each_row<E: From<crate::Error>>(&self, mut f: impl FnMut(&[Cell]) -> Result<(), E>) -> Result<usize, E> {
        match &self.rows {
            Rows::Held(rows) => {
                rows.iter().try_for_each(|r| f(r))?;
                Ok(rows.len())
            }
            Rows::Findings { run, template } => {
                let mut n = 0;
                run.for_each_finding(|x| {
                    n += 1;
                    f(&finding_cells(x, template))
                })?;
                Ok(n)
            }
        }
    }

    /// Every row, made and collected (for tests and small sheets).
    pub fn collect_rows(&self) -> Result<Vec<Vec<Cell>>, crate::Error> {
        let mut out = Vec::new();
        self.for_each_row(|r| {
            out.push(r.to_vec());
            Ok::<(), crate::Error>(())
        })?;
        Ok(out)
    }
}

/// The track's short name as the pipeline names it, else the text as written.
pub fn track_name(d: &Dossier, pipeline: &Pipeline) -> String {
    let Some(written) = d.text("project.track") else { return String::new() };
    match pipeline.find_track(&written) {
        Some(m) => pipeline.tracks[m.track].name.clone(),
        None => written,
    }
}

/// The Chinese name of a field key (`application.cases[0].contract_proof` → the column's label),
/// as the template names it; the key when the template does not know it.
pub fn field_name_zh(template: &Template, key: &str) -> String {
    let plain: String = {
        let mut s = String::new();
        let mut skip = false;
        for c in key.chars() {
            match c {
                '[' => skip = true,
                ']' => skip = false,
                _ if !skip => s.push(c),
                _ => {}
            }
        }
        s
    };
    if let Some(f) = template.field(&plain) {
        return f.name_zh.clone();
    }
    // A column of a table field: `parent.column`.
    if let Some((parent, col)) = plain.rsplit_once('.') {
        if let Some(f) = template.field(parent) {
            if let template::FieldKind::Table(t) = &f.kind {
                if let Some(c) = t.columns.iter().find(|c| c.key == col) {
                    return format!("{}·{}", f.name_zh, c.label);
                }
            }
            return f.name_zh.clone();
        }
    }
    key.to_string()
}

/// Every sheet of the report, in order. The dossiers are gone through once
/// ([`RunData::for_each_dossier`]: held, or read again one at a time) and only the sheets' rows
/// are kept.
pub fn sheets<'a>(
    run: &'a RunData,
    pipeline: &Pipeline,
    template: &'a Template,
) -> Result<Vec<Sheet<'a>>, crate::Error> {
    let mut per = PerDossier::new(pipeline);
    run.for_each_dossier(|d| {
        per.add(run, d);
        Ok::<(), crate::Error>(())
    })?;
    let mut out = vec![
        summary(run, pipeline, per.summary, per.count),
        findings(run, template),
        clusters(run),
        ip(per.ip, &per.claims),
        revenue(per.revenue),
    ];
    out.extend(scoring(pipeline, per.tracks));
    Ok(out)
}

/// The rows the per-dossier sheets get from each dossier, gathered in one pass.
struct PerDossier<'p> {
    pipeline: &'p Pipeline,
    count: usize,
    summary: Vec<Vec<Cell>>,
    /// 知识产权 rows without their last column (other dossiers claiming the number), the
    /// normalised number and the dossier, to fill it once every claim is known.
    ip: Vec<(Vec<Cell>, Option<String>, String)>,
    /// Normalised number → dossiers claiming it.
    claims: std::collections::HashMap<String, Vec<String>>,
    revenue: Vec<Vec<Cell>>,
    /// Tracks in the pipeline's order, then any track not recognised, each with its dossiers.
    tracks: Vec<(String, Vec<String>)>,
}

impl<'p> PerDossier<'p> {
    fn new(pipeline: &'p Pipeline) -> PerDossier<'p> {
        PerDossier {
            pipeline,
            count: 0,
            summary: Vec::new(),
            ip: Vec::new(),
            claims: std::collections::HashMap::new(),
            revenue: Vec::new(),
            tracks: pipeline.tracks.iter().map(|t| (t.name.clone(), Vec::new())).collect(),
        }
    }

    fn add(&mut self, run: &RunData, d: &Dossier) {
        self.count += 1;
        self.summary.push(summary_row(run, d, self.pipeline));
        for (row, norm) in ip_rows(d) {
            if let Some(n) = &norm {
                self.claims.entry(n.clone()).or_default().push(d.id.clone());
            }
            self.ip.push((row, norm, d.id.clone()));
        }
        self.revenue.extend(revenue_rows(d));
        if !self.pipeline.indicators.is_empty() {
            let name = track_name(d, self.pipeline);
            let name = if name.is_empty() { "未填写赛道".to_string() } else { name };
            match self.tracks.iter_mut().find(|(n, _)| *n == name) {
                Some((_, ds)) => ds.push(d.id.clone()),
                None => self.tracks.push((name, vec![d.id.clone()])),
            }
        }
    }
}

fn summary_row(run: &RunData, d: &Dossier, pipeline: &Pipeline) -> Vec<Cell> {
    let (e, w, i) = run.counts(&d.id);
    let codes = run.codes_of(&d.id);
    vec![
        Cell::text(&d.id),
        Cell::text(d.team().unwrap_or_default()),
        Cell::text(d.project().unwrap_or_default()),
        Cell::text(track_name(d, pipeline)),
        Cell::text(d.unit_names().join("、")),
        Cell::text(if d.form_file().is_some() { "已识别" } else { "未识别" }),
        Cell::Num(e as f64),
        Cell::Num(w as f64),
        Cell::Num(i as f64),
        Cell::text(codes.join(" ")),
    ]
}

fn summary(run: &RunData, pipeline: &Pipeline, rows: Vec<Vec<Cell>>, count: usize) -> Sheet<'static> {
    Sheet {
        name: "汇总".into(),
        note: format!("{}：共 {} 个项目，{} 条问题。", pipeline.name_zh, count, run.findings_count()),
        headers: ["项目编号", "团队名称", "项目名称", "赛道", "参赛单位", "申报书", "错误", "警告", "提示", "问题代码"]
            .map(String::from)
            .to_vec(),
        widths: vec![14.0, 26.0, 30.0, 12.0, 36.0, 8.0, 6.0, 6.0, 6.0, 40.0],
        rows: Rows::Held(rows),
        filter: true,
    }
}

/// One finding as a row of 问题清单.
fn finding_cells(f: &crate::run::FindingRow, template: &Template) -> Vec<Cell> {
    vec![
        Cell::text(&f.dossier_id),
        Cell::text(f.severity_zh()),
        Cell::text(&f.code),
        Cell::text(f.code_zh()),
        Cell::text(f.field.as_deref().map(|k| field_name_zh(template, k)).unwrap_or_default()),
        Cell::text(f.file.as_deref().unwrap_or_default()),
        Cell::text(&f.message_zh),
        Cell::text(f.excerpt.as_deref().unwrap_or_default()),
        Cell::text(f.related.iter().map(|(d, _)| d.as_str()).collect::<Vec<_>>().join("、")),
    ]
}

fn findings<'a>(run: &'a RunData, template: &'a Template) -> Sheet<'a> {
    Sheet {
        name: "问题清单".into(),
        note: "每行一条问题；可按项目、严重程度、问题代码筛选。".into(),
        headers: ["项目编号", "严重程度", "问题代码", "问题类型", "字段", "文件", "说明", "摘录", "相关项目"]
            .map(String::from)
            .to_vec(),
        widths: vec![14.0, 8.0, 26.0, 20.0, 22.0, 26.0, 60.0, 30.0, 20.0],
        rows: Rows::Findings { run, template },
        filter: true,
    }
}

fn clusters(run: &RunData) -> Sheet<'static> {
    let mut rows = Vec::new();
    for c in &run.clusters {
        for m in &c.members {
            rows.push(vec![
                Cell::text(&c.id),
                Cell::text(&c.code),
                Cell::text(crate::run::code_zh(&c.code)),
                Cell::text(&c.summary_zh),
                Cell::num(c.similarity),
                Cell::text(&m.dossier_id),
                Cell::text(m.file.as_deref().or(m.field.as_deref()).unwrap_or_default()),
                Cell::text(m.excerpt.as_deref().unwrap_or_default()),
            ]);
        }
    }
    let note = if run.clusters.is_empty() {
        "未发现重复或借用的材料（或本次运行未做跨项目比对）。".to_string()
    } else {
        format!("{} 组重复或借用的材料；每组每个项目一行。", run.clusters.len())
    };
    Sheet {
        name: "重复与借用材料".into(),
        note,
        headers: ["组号", "问题代码", "类型", "说明", "相似度", "项目编号", "文件或字段", "摘录"]
            .map(String::from)
            .to_vec(),
        widths: vec![8.0, 26.0, 20.0, 50.0, 8.0, 14.0, 30.0, 60.0],
        rows: Rows::Held(rows),
        filter: true,
    }
}

/// A claimed patent or 软著 normalised for matching: a patent as `ZL…`, a 软著 as `YYYYSR…`;
/// `None` when the number is not valid.
pub fn normalise_ip(number: &str) -> Option<String> {
    if let Ok(p) = conventions::ids::patent_number(number) {
        return Some(p.display());
    }
    conventions::ids::software_copyright_number(number).ok()
}

/// Where a claimed IP number appears among the dossier's attachments: (path, holders).
pub fn ip_evidence<'a>(d: &'a Dossier, normalised: &str) -> Vec<(&'a str, Vec<String>)> {
    d.attachments()
        .iter()
        .filter(|a| {
            a.get("ip_numbers").and_then(Value::as_array).is_some_and(|ns| {
                ns.iter().filter_map(Value::as_str).any(|n| normalise_ip(n).as_deref() == Some(normalised))
            })
        })
        .map(|a| {
            let holders = a
                .get("holders")
                .and_then(Value::as_array)
                .map(|h| h.iter().map(value_text).collect())
                .unwrap_or_default();
            (a.get("path").and_then(Value::as_str).unwrap_or_default(), holders)
        })
        .collect()
}

/// A dossier's 知识产权 rows (without the last column) and each claim's normalised number.
fn ip_rows(d: &Dossier) -> Vec<(Vec<Cell>, Option<String>)> {
    let mut rows = Vec::new();
    for (key, kind) in [("ip.patents", "专利"), ("ip.software_copyrights", "软件著作权")] {
        for r in records(d.field(key)) {
            let written = r.get("number").map(value_text).unwrap_or_default();
            let norm = normalise_ip(&written);
            let (status, holders) = match &norm {
                None if written.is_empty() => ("未填写编号".to_string(), String::new()),
                None => ("编号格式无效，无法核对".to_string(), String::new()),
                Some(n) => {
                    let ev = ip_evidence(d, n);
                    if ev.is_empty() {
                        ("附件中未找到该编号".to_string(), String::new())
                    } else {
                        let files: Vec<&str> = ev.iter().map(|(p, _)| *p).collect();
                        let hs: Vec<String> = ev.iter().flat_map(|(_, h)| h.clone()).collect();
                        (format!("已在附件中找到：{}", files.join("、")), hs.join("、"))
                    }
                }
            };
            let row = vec![
                Cell::text(&d.id),
                Cell::text(kind),
                Cell::text(r.get("name").map(value_text).unwrap_or_default()),
                Cell::text(&written),
                Cell::text(norm.as_deref().unwrap_or_default()),
                Cell::text(r.get("proof").map(value_text).unwrap_or_default()),
                Cell::text(status),
                Cell::text(holders),
            ];
            rows.push((row, norm));
        }
    }
    rows
}

fn ip(
    rows: Vec<(Vec<Cell>, Option<String>, String)>,
    claims: &std::collections::HashMap<String, Vec<String>>,
) -> Sheet<'static> {
    let rows = rows
        .into_iter()
        .map(|(mut row, norm, id)| {
            let others: Vec<&str> = norm
                .as_ref()
                .and_then(|n| claims.get(n))
                .map(|ids| ids.iter().map(String::as_str).filter(|o| *o != id).collect())
                .unwrap_or_default();
            row.push(Cell::text(others.join("、")));
            row
        })
        .collect();
    Sheet {
        name: "知识产权".into(),
        note: "申报书中声明的每项专利、软件著作权，及其编号是否出现在本项目的附件中。".into(),
        headers: [
            "项目编号",
            "类型",
            "名称",
            "编号（申报书所填）",
            "规范编号",
            "证明材料（所填）",
            "证据情况",
            "附件所载权利人",
            "其他声明该编号的项目",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![14.0, 10.0, 36.0, 22.0, 20.0, 24.0, 36.0, 30.0, 20.0],
        rows: Rows::Held(rows),
        filter: true,
    }
}

fn year_num(v: Option<&Value>, year: &str) -> Cell {
    Cell::num(v.and_then(|o| o.get(year)).and_then(Value::as_f64))
}

/// A dossier's 营收与数据 rows: one per unit, the project's own figures on the first.
fn revenue_rows(d: &Dossier) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let units = records(d.field("units"));
    let market = d.field("application.market_revenue");
    let sources: Vec<String> =
        ["data.sources", "data.sources_public", "data.sources_enterprise", "data.sources_personal"]
            .iter()
            .filter_map(|k| d.text(k))
            .collect();
    let n = units.len().max(1);
    for i in 0..n {
        let u = units.get(i);
        let get = |k: &str| u.and_then(|u| u.get(k));
        let first = i == 0;
        let mut row = vec![
            Cell::text(&d.id),
            Cell::text(get("name").map(value_text).unwrap_or_default()),
            year_num(get("revenue"), "2022"),
            year_num(get("revenue"), "2023"),
            year_num(get("revenue"), "2024"),
            year_num(get("profit"), "2022"),
            year_num(get("profit"), "2023"),
            year_num(get("profit"), "2024"),
        ];
        if first {
            row.extend([
                year_num(market, "2023"),
                year_num(market, "2024"),
                year_num(market, "2025"),
                Cell::text(sources.join("；")),
            ]);
        } else {
            row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
        }
        rows.push(row);
    }
    rows
}

fn revenue(rows: Vec<Vec<Cell>>) -> Sheet<'static> {
    Sheet {
        name: "营收与数据".into(),
        note: "金额单位：万元。每个参赛单位一行；项目市场收入与数据来源写在项目的第一行。".into(),
        headers: [
            "项目编号",
            "参赛单位",
            "营收2022",
            "营收2023",
            "营收2024",
            "利润2022",
            "利润2023",
            "利润2024",
            "项目市场收入2023",
            "项目市场收入2024",
            "项目市场收入2025",
            "数据来源",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![14.0, 34.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 14.0, 14.0, 14.0, 40.0],
        rows: Rows::Held(rows),
        filter: true,
    }
}

/// Spreadsheet column letters for a 0-based index.
pub fn col_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A sheet name safe for XLSX: no `[]:*?/\`, at most 31 characters.
pub fn sheet_name(s: &str) -> String {
    s.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

fn scoring(pipeline: &Pipeline, groups: Vec<(String, Vec<String>)>) -> Vec<Sheet<'static>> {
    if pipeline.indicators.is_empty() {
        return Vec::new();
    }
    let weighted = pipeline.indicators.iter().any(|i| i.weight.is_some() || i.items.iter().any(|t| t.weight.is_some()));
    let fixed = 4; // 一级指标, 二级指标, 说明, 权重
    let mut sheets = Vec::new();
    let mut used_names: Vec<String> = Vec::new();
    for (track, ds) in groups.into_iter().filter(|(_, ds)| !ds.is_empty()) {
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let first_data_row = 2; // spreadsheet row of the first indicator (header is row 1)
        for ind in &pipeline.indicators {
            let start = first_data_row + rows.len();
            for item in &ind.items {
                let mut row = vec![
                    Cell::text(&ind.dimension),
                    Cell::text(&item.name),
                    Cell::text(item.description.as_deref().unwrap_or_default()),
                    Cell::num(item.weight.or(if ind.items.len() == 1 { ind.weight } else { None })),
                ];
                row.extend(ds.iter().map(|_| Cell::Empty));
                rows.push(row);
            }
            let end = first_data_row + rows.len() - 1;
            let mut sub =
                vec![Cell::text(format!("{} 小计", ind.dimension)), Cell::Empty, Cell::Empty, Cell::num(ind.weight)];
            for j in 0..ds.len() {
                let c = col_letter(fixed + j);
                sub.push(Cell::Formula { formula: format!("=SUM({c}{start}:{c}{end})"), shown: "（小计）".into() });
            }
            rows.push(sub);
        }
        // Totals over the item rows only (not the subtotals).
        let item_rows: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r[0].display().ends_with(" 小计"))
            .map(|(i, _)| first_data_row + i)
            .collect();
        let mut total = vec![Cell::text("合计"), Cell::Empty, Cell::text("各二级指标得分之和"), Cell::Empty];
        for j in 0..ds.len() {
            let c = col_letter(fixed + j);
            let refs: Vec<String> = item_rows.iter().map(|r| format!("{c}{r}")).collect();
            total.push(Cell::Formula { formula: format!("=SUM({})", refs.join(",")), shown: "（合计）".into() });
        }
        rows.push(total);
        if weighted {
            let w = col_letter(3);
            let mut wt = vec![Cell::text("加权得分"), Cell::Empty, Cell::text("Σ(得分×权重)/Σ权重"), Cell::Empty];
            for j in 0..ds.len() {
                let c = col_letter(fixed + j);
                let num: Vec<String> = item_rows.iter().map(|r| format!("{c}{r}*{w}{r}")).collect();
                let den: Vec<String> = item_rows.iter().map(|r| format!("{w}{r}")).collect();
                wt.push(Cell::Formula {
                    formula: format!("=IFERROR(({})/({}),\"\")", num.join("+"), den.join("+")),
                    shown: "（加权）".into(),
                });
            }
            rows.push(wt);
        }
        let mut headers: Vec<String> = ["一级指标", "二级指标", "说明", "权重/分值"].map(String::from).to_vec();
        headers.extend(ds.iter().cloned());
        let mut widths = vec![10.0, 22.0, 48.0, 10.0];
        widths.extend(ds.iter().map(|_| 14.0));
        let mut name = sheet_name(&format!("评审打分表-{track}"));
        while used_names.contains(&name) {
            name = sheet_name(&format!("{name}_"));
        }
        used_names.push(name.clone());
        sheets.push(Sheet {
            name,
            note: format!(
                "赛道“{track}”{} 个项目：评审专家在项目列中填写各二级指标得分，小计与合计由公式计算。",
                ds.len()
            ),
            headers,
            widths,
            rows: Rows::Held(rows),
            filter: false,
        });
    }
    sheets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(col_letter(0), "A");
        assert_eq!(col_letter(25), "Z");
        assert_eq!(col_letter(26), "AA");
        assert_eq!(col_letter(27), "AB");
    }

    #[test]
    fn text_cells_are_masked() {
        assert_eq!(Cell::text("电话 13812345678").display(), "电话 138****5678");
    }
}
