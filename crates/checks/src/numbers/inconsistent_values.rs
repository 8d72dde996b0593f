//! INCONSISTENT_VALUES: figures that contradict each other.

use model::{FieldValue, FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::{get, record_name, records};
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::InconsistentValues,
    name: "inconsistent-values",
    severity: Severity::Warning,
    doc: "## What it checks\nFigures that must agree: the customer breakdown (政府部门 … 个人用户) adds up to the \
          number of customers; there are at least as many customers as application cases; a unit's profit does \
          not exceed its revenue; the project's market revenue does not exceed the participating units' revenue \
          in the same year; gross profit does not exceed market revenue; AI investment does not exceed the data \
          R&D investment it is part of; the stated number of patents and 软著 matches the rows listed.\n\n\
          ## Why it matters\nContradictions are the commonest sign of copied or inflated figures; a reviewer \
          should look.\n\n## Example\n项目服务的客户数量 35 but the breakdown adds up to 41.",
    run,
};

fn num(v: Option<&FieldValue>) -> Option<f64> {
    v.and_then(FieldValue::as_number)
}

fn run(input: &Input<'_>, out: &mut Out) {
    let f = input.fields;
    if let (Some(total), Some(FieldValue::Object(parts))) =
        (num(f.get("application.customers_total")), f.get("application.customers_breakdown"))
    {
        let sum: f64 = parts.iter().filter_map(|(_, v)| v.as_number()).sum();
        if sum > 0.0 && (sum - total).abs() > 1e-6 {
            out.push(
                Draft::field(
                    "application.customers_breakdown",
                    format!("客户数量合计 {total} 个，但分类数量相加为 {sum} 个"),
                    format!("customers total {total}, breakdown sums to {sum}"),
                )
                .detail(&[("total", Detail::N(total)), ("sum", Detail::N(sum))]),
            );
        }
    }
    let cases = records(input, "application.cases").len();
    if let Some(total) = num(f.get("application.customers_total")) {
        if (cases as f64) > total {
            out.push(
                Draft::field(
                    "application.customers_total",
                    format!("列出了 {cases} 个应用案例，但服务客户数量只有 {total} 个"),
                    format!("{cases} application cases but only {total} customers"),
                )
                .detail(&[("cases", Detail::N(cases as f64)), ("customers", Detail::N(total))]),
            );
        }
    }
    let units = records(input, "units");
    for (i, u) in units.iter().enumerate() {
        let who = record_name(u).unwrap_or("");
        if let (Some(FieldValue::Object(rev)), Some(FieldValue::Object(profit))) = (get(u, "revenue"), get(u, "profit"))
        {
            for (year, p) in profit {
                let (Some(p), Some(r)) =
                    (p.as_number(), rev.iter().find(|(y, _)| y == year).and_then(|(_, v)| v.as_number()))
                else {
                    continue;
                };
                if p > r {
                    out.push(
                        Draft::field(
                            format!("units[{i}].profit.{year}"),
                            format!("参赛单位“{who}”{year} 年利润 {p} 万元高于营收 {r} 万元"),
                            format!("unit `{who}`: {year} profit {p} exceeds revenue {r}"),
                        )
                        .detail(&[
                            ("year", Detail::S(year.clone())),
                            ("profit", Detail::N(p)),
                            ("revenue", Detail::N(r)),
                        ]),
                    );
                }
            }
        }
        if let (Some(ai), Some(rd)) = (num(get(u, "ai_investment_2024")), num(get(u, "rd_investment_2024"))) {
            if ai > rd {
                out.push(
                    Draft::field(
                        format!("units[{i}].ai_investment_2024"),
                        format!(
                            "参赛单位“{who}”AI 投入 {ai} 万元高于数据技术研发投入 {rd} 万元（AI 投入是其中一部分）"
                        ),
                        format!("unit `{who}`: AI investment {ai} exceeds data R&D investment {rd}"),
                    )
                    .detail(&[("ai", Detail::N(ai)), ("rd", Detail::N(rd))]),
                );
            }
        }
    }
    if let Some(FieldValue::Object(market)) = f.get("application.market_revenue") {
        for (year, v) in market {
            let Some(m) = v.as_number() else { continue };
            let unit_rev: Vec<f64> = units
                .iter()
                .filter_map(|u| match get(u, "revenue") {
                    Some(FieldValue::Object(r)) => r.iter().find(|(y, _)| y == year).and_then(|(_, v)| v.as_number()),
                    _ => None,
                })
                .collect();
            let sum: f64 = unit_rev.iter().sum();
            if !unit_rev.is_empty() && unit_rev.len() == units.len() && m > sum {
                out.push(
                    Draft::field(
                        format!("application.market_revenue.{year}"),
                        format!("项目 {year} 年市场收入 {m} 万元高于参赛单位同年营收合计 {sum} 万元"),
                        format!("{year} project revenue {m} exceeds the units' revenue {sum}"),
                    )
                    .detail(&[
                        ("year", Detail::S(year.clone())),
                        ("project", Detail::N(m)),
                        ("units", Detail::N(sum)),
                    ]),
                );
            }
        }
        if let Some(FieldValue::Object(gross)) = f.get("application.gross_profit") {
            for (year, g) in gross {
                let (Some(g), Some(m)) =
                    (g.as_number(), market.iter().find(|(y, _)| y == year).and_then(|(_, v)| v.as_number()))
                else {
                    continue;
                };
                if g > m {
                    out.push(
                        Draft::field(
                            format!("application.gross_profit.{year}"),
                            format!("项目 {year} 年毛利润 {g} 万元高于市场收入 {m} 万元"),
                            format!("{year} gross profit {g} exceeds market revenue {m}"),
                        )
                        .detail(&[
                            ("year", Detail::S(year.clone())),
                            ("gross_profit", Detail::N(g)),
                            ("revenue", Detail::N(m)),
                        ]),
                    );
                }
            }
        }
    }
    for (count_key, list_key, what) in
        [("ip.patent_count", "ip.patents", "专利"), ("ip.software_copyright_count", "ip.software_copyrights", "软著")]
    {
        let Some(n) = num(f.get(count_key)) else { continue };
        let rows = records(input, list_key).len();
        if rows > 0 && (n - rows as f64).abs() > 1e-6 {
            out.push(
                Draft::field(
                    count_key,
                    format!("{what}数量填写 {n} 个，但列出了 {rows} 项"),
                    format!("{count_key} says {n}, {rows} are listed"),
                )
                .detail(&[("stated", Detail::N(n)), ("listed", Detail::N(rows as f64))]),
            );
        }
    }
}
