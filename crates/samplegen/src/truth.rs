//! The ground truth of one dossier: the `fields` object a correct parser returns, built from
//! the same [`FormData`] the form is rendered from (never by reading the output back).
//! Keys are the canonical keys of `templates/shanxi-2025/template.toml`, in form order;
//! blank items are absent.

use serde_json::{Map, Value};

use crate::data::{opts, FormData, Ip, SubSection};

/// A money item written as text: its value when it is an approximate figure, else the text
/// (what the product keeps of a non-number).
fn written_value(text: &str) -> Value {
    crate::data::approximate(text).map_or_else(|| Value::from(text), number)
}

/// A JSON number: integers without a fraction, others as floats.
pub fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

/// The value of a fills blank as written: a number when it is one (a trailing `%` allowed),
/// else the text.
fn fill_value(written: &str) -> Value {
    let t = written.trim().trim_end_matches(['%', '％']);
    match t.parse::<f64>() {
        Ok(v) => number(v),
        Err(_) => Value::from(written.trim()),
    }
}

fn strs(v: &[&str]) -> Value {
    Value::from(v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

fn lines(v: &[String]) -> Option<Value> {
    let kept: Vec<&str> = v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    (!kept.is_empty()).then(|| Value::from(kept.join("\n")))
}

fn subsections(v: &[SubSection]) -> Option<Value> {
    let mut all = Vec::new();
    for s in v {
        all.push(s.heading.clone());
        all.extend(s.paras.iter().cloned());
    }
    lines(&all)
}

/// Builds an object from (key, value) pairs, dropping empty strings.
fn obj(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        if v.as_str() == Some("") || v.is_null() {
            continue;
        }
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

fn ip_rows(items: &[Ip]) -> Value {
    Value::from(
        items
            .iter()
            .map(|ip| {
                obj(vec![
                    ("name", Value::from(ip.name.clone())),
                    ("number", Value::from(ip.number.clone())),
                    ("proof", ip.proof.clone().map_or(Value::Null, Value::from)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

fn year_values(years: &[&str], v: &[Option<f64>]) -> Option<Value> {
    let mut m = Map::new();
    for (y, x) in years.iter().zip(v) {
        if let Some(x) = x {
            m.insert(y.to_string(), number(*x));
        }
    }
    (!m.is_empty()).then_some(Value::Object(m))
}

/// The `fields` object for a filled form.
pub fn fields(d: &FormData) -> Map<String, Value> {
    let mut f = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            let empty = match &v {
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                Value::String(s) => s.is_empty(),
                Value::Null => true,
                _ => false,
            };
            if !empty {
                f.insert(k.to_string(), v);
            }
        }
    };
    // An answer of blanks only (`___` left as is) is no answer.
    let s = |x: &str| Some(Value::from(x.trim())).filter(|_| !x.trim().trim_matches('_').is_empty());

    put("cover.team_name", s(&d.cover_team));
    put("cover.project_name", s(&d.cover_project));
    put("cover.unit_name", s(&d.cover_units));
    put("cover.date", s(&d.cover_date));

    put("project.name", s(&d.project_name));
    put("project.track", lines(&d.track));
    put("project.source", s(&d.source));
    put("project.summary", lines(&d.summary));
    let scen: Vec<&str> = opts::SCENARIO_GROUPS
        .iter()
        .zip(&d.scenarios)
        .flat_map(|((_, options), checked)| checked.iter().map(move |&i| options[i]))
        .collect();
    put("project.scenarios", Some(strs(&scen)));

    put("data.service_targets", Some(strs(&d.service_targets)));
    put("data.sources", Some(strs(&d.sources)));
    put("data.sources_public", Some(strs(&d.sources_public)));
    put("data.sources_enterprise", Some(strs(&d.sources_enterprise)));
    put("data.update_frequency", Some(strs(&d.update_frequency)));
    let agg: Vec<&str> = opts::AGGREGATION
        .iter()
        .enumerate()
        .flat_map(|(g, options)| {
            options
                .iter()
                .enumerate()
                .filter(move |(i, o)| d.aggregation[g] == Some(*i) || d.also("data.aggregation", o))
        })
        .map(|(_, o)| *o)
        .collect();
    put("data.aggregation", Some(strs(&agg)));
    put("data.cross_entity_volume_gb", d.cross_entity_gb.map(number));
    put("data.bandwidth_mb", d.bandwidth_mb.map(number));
    let trade: Vec<&str> =
        opts::TRADE_FORMS.iter().copied().filter(|t| d.trade_forms.iter().any(|(l, _)| l == t)).collect();
    put("data.trade_forms", Some(strs(&trade)));
    put("data.product_types", Some(strs(&d.product_types)));
    let modeling: Vec<&str> =
        opts::MODELING.iter().copied().filter(|o| *o == d.modeling || d.also("data.modeling", o)).collect();
    put("data.modeling", Some(strs(&modeling)));
    put("data.value_goals", Some(strs(&d.value_goals)));

    put("application.customers_total", Some(number(d.customers_total)));
    let mut bd = Map::new();
    for (k, v) in &d.customers_breakdown {
        bd.insert(k.to_string(), number(*v));
    }
    put("application.customers_breakdown", Some(Value::Object(bd)));
    put("application.industries", s(&d.industries));
    let cases: Vec<Value> = d
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let investment = d
                .written_text(&format!("application.cases[{i}].investment"))
                .map_or_else(|| number(c.investment), written_value);
            obj(vec![
                ("unit_name", Value::from(c.unit_name.clone())),
                ("unit_type", Value::from(c.unit_type.clone())),
                ("scale", c.scale.clone().map_or(Value::Null, Value::from)),
                ("province", Value::from(c.province.clone())),
                ("industry", Value::from(c.industry.clone())),
                ("period", Value::from(c.period.clone())),
                ("investment", investment),
                ("payback_months", number(c.payback_months)),
                ("need", Value::from(c.need.clone())),
                ("scenario", Value::from(c.scenario.clone())),
                ("effect", Value::from(c.effect.clone())),
                ("contract_proof", c.contract_proof.clone().map_or(Value::Null, Value::from)),
            ])
        })
        .collect();
    put("application.cases", Some(Value::from(cases)));
    put("application.deployment", Some(strs(&d.deployment)));
    put("application.charging", Some(strs(&d.charging)));
    put("application.market_revenue", year_values(&["2023", "2024", "2025"], &d.market_revenue));
    put("application.gross_profit", year_values(&["2023", "2024", "2025"], &d.gross_profit));
    put(
        "application.dev_cost",
        d.written_text("application.dev_cost").map(written_value).or_else(|| d.dev_cost.map(number)),
    );
    put("application.payback_period", Some(strs(&[d.payback])));
    let mut oc = Map::new();
    for (k, v) in &d.outcomes_fills {
        oc.insert(k.to_string(), fill_value(v));
    }
    put("application.outcomes", Some(Value::Object(oc)));

    put("team.name", s(&d.team_name));
    let members: Vec<Value> = d
        .members
        .iter()
        .map(|m| {
            obj(vec![
                ("name", Value::from(m.name.clone())),
                ("id_type", Value::from(m.id_type.clone())),
                ("id_number", Value::from(m.id_number.clone())),
                ("unit", Value::from(m.unit.clone())),
                ("title", Value::from(m.title.clone())),
                ("phone", Value::from(m.phone.clone())),
                ("role", Value::from(m.role.clone())),
                ("is_contact", Value::from(m.is_contact)),
            ])
        })
        .collect();
    put("team.members", Some(Value::from(members)));

    let units: Vec<Value> = d
        .units
        .iter()
        .map(|u| {
            let y = |v: &[f64; 3]| year_values(&["2024", "2023", "2022"], &v.map(Some)).unwrap_or(Value::Null);
            let util: Vec<String> =
                u.data_utilization.iter().map(|p| p.text_as_read(Some(d.spec.convention))).collect();
            obj(vec![
                ("name", Value::from(u.name.clone())),
                ("credit_code", Value::from(u.credit_code.clone())),
                ("founded", Value::from(u.founded.clone())),
                ("address", Value::from(u.address.clone())),
                ("nature", strs(&[u.nature])),
                ("is_soe_subsidiary", Value::from(u.is_soe_subsidiary)),
                ("parent_company", u.parent_company.clone().map_or(Value::Null, Value::from)),
                ("scale", u.scale.map_or(Value::Null, |s| strs(&[s]))),
                ("contact", Value::from(u.contact.clone())),
                ("contact_title", Value::from(u.contact_title.clone())),
                ("contact_phone", Value::from(u.contact_phone.clone())),
                ("intro", Value::from(u.intro.clone())),
                ("capability", Value::from(u.capability.clone())),
                ("revenue", y(&u.revenue)),
                ("profit", y(&u.profit)),
                ("rd_investment_2024", number(u.rd_investment_2024)),
                ("ai_investment_2024", number(u.ai_investment_2024)),
                ("external_data_cost_2024", number(u.external_data_cost_2024)),
                ("data_utilization", lines(&util).unwrap_or(Value::Null)),
                ("financing_stage", strs(&[u.financing_stage])),
                ("financing_total", u.financing_total.map_or(Value::Null, number)),
                ("investors", u.investors.clone().map_or(Value::Null, Value::from)),
                ("financing_need", Value::from(u.financing_need)),
            ])
        })
        .collect();
    put("units", Some(Value::from(units)));

    // A section left out of the form has no text, whatever the data holds.
    let sec = |key: &str, v: &[String]| if d.spec.omits(key) { None } else { lines(v) };
    put("narrative.background", sec("part2.overview.background", &d.background));
    put("narrative.scenarios", sec("part2.overview.scenarios", &d.narrative_scenarios));
    put("narrative.advantages", sec("part2.overview.advantages", &d.advantages));
    put("solution.data_foundation", sec("part2.solution.data_foundation", &d.data_foundation));
    put("solution.technical_route", sec("part2.solution.technical_route", &d.technical_route));
    put("solution.data_governance", sec("part2.solution.data_governance", &d.data_governance));
    put("solution.innovation", sec("part2.solution.innovation", &d.innovation));
    put("solution.security", sec("part2.solution.security", &d.security));
    put("outcomes", subsections(&d.outcomes));
    put("business_model", subsections(&d.business_model));

    put("ip.patent_count", Some(number(d.patents.len() as f64)));
    put("ip.patents", Some(ip_rows(&d.patents)));
    put("ip.software_copyright_count", Some(number(d.softwares.len() as f64)));
    put("ip.software_copyrights", Some(ip_rows(&d.softwares)));
    let contracts: Vec<Value> = d
        .contracts
        .iter()
        .map(|c| {
            obj(vec![
                ("name", Value::from(c.name.clone())),
                ("party_a", Value::from(c.party_a.clone())),
                ("party_b", Value::from(c.party_b.clone())),
                ("amount", number(c.amount)),
                ("signed", Value::from(c.signed.clone())),
                ("proof", c.proof.clone().map_or(Value::Null, Value::from)),
            ])
        })
        .collect();
    put("contracts", Some(Value::from(contracts)));
    put("attachments.other", lines(&d.other_materials));
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fills_values() {
        assert_eq!(fill_value("15%"), json!(15));
        assert_eq!(fill_value("12"), json!(12));
        assert_eq!(fill_value("2.5"), json!(2.5));
        assert_eq!(fill_value("若干"), json!("若干"));
    }
}
