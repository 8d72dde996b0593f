//! The pages, as HTML strings. Every text shown is masked ([`mask_text`]) then escaped ([`esc`]).

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write;

use report::html::{esc, CSS};
use report::mask::mask_text;
use report::run::{code_zh, records, severity_zh, value_text};
use report::tables::{normalise_ip, track_name};
use report::{Dossier, FindingRow};
use serde_json::Value;
use template::FieldKind;

use crate::App;

/// Masked and escaped.
fn t(s: &str) -> String {
    esc(&mask_text(s))
}

/// A query typed by the user, shown back: a valid patent / 软著 number as typed; anything else
/// with 7 digits or more masked like a phone (it may be an ID number or an invalid phone).
fn echo(q: &str) -> String {
    if normalise_ip(q).is_some() || q.chars().filter(char::is_ascii_digit).count() < 7 {
        return t(q);
    }
    esc(&conventions::mask::mask_phone(&mask_text(q)))
}

/// Masked, escaped, newlines as `<br>`.
fn multiline(s: &str) -> String {
    t(s).replace('\n', "<br>")
}

/// Percent-encodes a query value.
fn enc(s: &str) -> String {
    let mut o = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => o.push(b as char),
            _ => {
                let _ = write!(o, "%{b:02X}");
            }
        }
    }
    o
}

const EXTRA_CSS: &str = "header{background:#3a6ea5;color:#fff;padding:.5em 1em;margin:-1.5em -1.5em 1em}\
header a{color:#fff;text-decoration:none;margin-right:1.2em;font-weight:bold}header form{display:inline;float:right}\
header input{width:16em}.side{display:flex;gap:1em;align-items:flex-start}.side>div{flex:1;border:1px solid #ccc;padding:.5em;min-width:0}\
.finding{margin:.1em 0}.muted{color:#777}form.filters select{margin-right:1em}td.val{max-width:48em}";

fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{} · 参赛材料审查</title><style>{CSS}{EXTRA_CSS}</style></head><body>\
<header><a href=\"/\" id=\"nav-home\">总览</a><a href=\"/dup\" id=\"nav-dup\">重复与借用材料</a><a href=\"/ip\" id=\"nav-ip\">知识产权查询</a><a href=\"/search\" id=\"nav-search\">全文搜索</a>\
<form action=\"/ip\" method=\"get\" id=\"ip-box\"><input type=\"search\" name=\"q\" id=\"ip-q\" placeholder=\"专利号 / 软著登记号 / 权利人\"><button type=\"submit\" id=\"ip-go\">查询知识产权</button></form></header>\
<h1>{}</h1>{body}</body></html>",
        esc(title),
        esc(title)
    )
}

fn sev_span(sev: &str) -> String {
    format!("<span class=\"sev-{}\">{}</span>", esc(sev), severity_zh(sev))
}

fn finding_li(f: &FindingRow) -> String {
    format!(
        "<li class=\"finding\" data-code=\"{}\">{} <code>{}</code> {}：{}</li>",
        esc(&f.code),
        sev_span(&f.severity),
        esc(&f.code),
        esc(&code_zh(&f.code)),
        t(&f.message_zh)
    )
}

/// Overview filters.
#[derive(Debug, Default)]
pub(crate) struct OverviewFilter {
    pub(crate) track: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) severity: Option<String>,
    pub(crate) sort: Option<String>,
    pub(crate) desc: bool,
}

fn select(name: &str, label: &str, current: Option<&str>, options: &[(String, String)]) -> String {
    let mut h = format!("<label>{label} <select name=\"{name}\" id=\"f-{name}\"><option value=\"\">全部</option>");
    for (v, shown) in options {
        let sel = if current == Some(v.as_str()) { " selected" } else { "" };
        let _ = write!(h, "<option value=\"{}\"{sel}>{}</option>", esc(v), esc(shown));
    }
    h.push_str("</select></label>");
    h
}

pub(crate) fn overview(app: &App, f: &OverviewFilter) -> String {
    let run = &app.run;
    struct Row<'a> {
        d: &'a Dossier,
        track: String,
        counts: (usize, usize, usize),
    }
    let mut rows: Vec<Row> = run
        .dossiers
        .iter()
        .map(|d| Row { d, track: track_name(d, &app.pipeline), counts: run.counts(&d.id) })
        .filter(|r| f.track.as_deref().map_or(true, |t| r.track == t))
        .filter(|r| {
            if f.code.is_none() && f.severity.is_none() {
                return true;
            }
            run.findings_of(&r.d.id).any(|x| {
                f.code.as_deref().map_or(true, |c| x.code == c)
                    && f.severity.as_deref().map_or(true, |s| x.severity == s)
            })
        })
        .collect();
    match f.sort.as_deref() {
        Some("team") => rows.sort_by_key(|r| r.d.team().unwrap_or_default()),
        Some("track") => rows.sort_by(|a, b| a.track.cmp(&b.track)),
        Some("errors") => rows.sort_by_key(|r| r.counts.0),
        Some("warnings") => rows.sort_by_key(|r| r.counts.1),
        _ => {}
    }
    if f.desc {
        rows.reverse();
    }
    let tracks: BTreeSet<String> = run.dossiers.iter().map(|d| track_name(d, &app.pipeline)).collect();
    let tracks: Vec<(String, String)> = tracks.into_iter().filter(|t| !t.is_empty()).map(|t| (t.clone(), t)).collect();
    let codes: BTreeSet<&str> = run.findings.iter().map(|x| x.code.as_str()).collect();
    let codes: Vec<(String, String)> =
        codes.into_iter().map(|c| (c.to_string(), format!("{c} {}", code_zh(c)))).collect();
    let sevs: Vec<(String, String)> =
        ["error", "warning", "info"].iter().map(|s| (s.to_string(), severity_zh(s).to_string())).collect();
    let mut h = format!(
        "<p class=\"note\">{}：{} 个项目，{} 条问题。</p><form class=\"filters\" method=\"get\" action=\"/\" id=\"filters\">",
        esc(&app.pipeline.name_zh),
        run.dossiers.len(),
        run.findings.len()
    );
    h.push_str(&select("track", "赛道", f.track.as_deref(), &tracks));
    h.push_str(&select("code", "问题代码", f.code.as_deref(), &codes));
    h.push_str(&select("severity", "严重程度", f.severity.as_deref(), &sevs));
    h.push_str("<button type=\"submit\" id=\"f-go\">筛选</button> <a href=\"/\">清除</a></form>");
    let base: Vec<String> = [("track", &f.track), ("code", &f.code), ("severity", &f.severity)]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", enc(v))))
        .collect();
    let sort_link = |key: &str, label: &str| {
        let desc = f.sort.as_deref() == Some(key) && !f.desc;
        let mut q = base.clone();
        q.push(format!("sort={key}"));
        if desc {
            q.push("desc=1".into());
        }
        let arrow = if f.sort.as_deref() == Some(key) {
            if f.desc {
                " ▼"
            } else {
                " ▲"
            }
        } else {
            ""
        };
        format!("<a href=\"/?{}\">{label}{arrow}</a>", esc(&q.join("&")))
    };
    let _ = write!(
        h,
        "<p>显示 <span id=\"shown\">{}</span> 个项目</p><table id=\"overview\"><thead><tr><th>{}</th><th>{}</th><th>项目名称</th><th>{}</th><th>{}</th><th>{}</th><th>提示</th><th>申报书</th></tr></thead><tbody>",
        rows.len(),
        sort_link("id", "项目编号"),
        sort_link("team", "团队名称"),
        sort_link("track", "赛道"),
        sort_link("errors", "错误"),
        sort_link("warnings", "警告"),
    );
    for r in &rows {
        let _ = write!(
            h,
            "<tr class=\"dossier-row\"><td><a class=\"dossier-link\" href=\"/d/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            enc(&r.d.id),
            esc(&r.d.id),
            t(&r.d.team().unwrap_or_default()),
            t(&r.d.project().unwrap_or_default()),
            t(&r.track),
            r.counts.0,
            r.counts.1,
            r.counts.2,
            if r.d.form_file().is_some() { "已识别" } else { "<span class=\"sev-error\">未识别</span>" }
        );
    }
    h.push_str("</tbody></table>");
    layout("参赛项目总览", &h)
}

fn kind_zh(k: &str) -> &str {
    match k {
        "business_license" => "营业执照",
        "patent_certificate" => "专利证书",
        "software_copyright_certificate" => "软著证书",
        "contract" => "合同",
        "audit_report" => "审计报告",
        "financial_statement" => "财务报表",
        "presentation" => "演示文稿",
        "video" => "视频",
        "form" => "申报书",
        "other" => "其他",
        _ => k,
    }
}

fn status_zh(s: &str) -> &str {
    match s {
        "parsed" => "已读取",
        "failed" => "无法读取",
        "skipped" => "未读取",
        _ => s,
    }
}

/// Labels of a table's columns or a group's items.
fn sub_labels(kind: &FieldKind) -> Vec<(String, String)> {
    match kind {
        FieldKind::Table(t) => t.columns.iter().map(|c| (c.key.clone(), c.label.clone())).collect(),
        FieldKind::Group { items, .. } => {
            items.iter().map(|i| (i.key.rsplit('.').next().unwrap_or(&i.key).to_string(), i.name_zh.clone())).collect()
        }
        FieldKind::Fills { items, .. } => items.iter().map(|i| (i.key.clone(), i.label.clone())).collect(),
        _ => Vec::new(),
    }
}

fn render_value(v: &Value, labels: &[(String, String)]) -> String {
    let label = |k: &str| labels.iter().find(|(key, _)| key == k).map_or(k.to_string(), |(_, l)| l.clone());
    match v {
        Value::Array(a) if a.iter().any(Value::is_object) => {
            let mut h = String::new();
            for (i, r) in a.iter().enumerate() {
                let _ = write!(h, "<table class=\"record\"><caption>第 {} 项</caption>", i + 1);
                if let Some(m) = r.as_object() {
                    for (k, v) in m {
                        let _ = write!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(&label(k)), render_value(v, &[]));
                    }
                }
                h.push_str("</table>");
            }
            h
        }
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{}：{}", esc(&label(k)), render_value(v, &[])))
            .collect::<Vec<_>>()
            .join("<br>"),
        other => multiline(&value_text(other)),
    }
}

fn belongs(f: &FindingRow, key: &str) -> bool {
    f.field.as_deref().is_some_and(|k| {
        k == key || k.strip_prefix(key).is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
    })
}

pub(crate) fn dossier(app: &App, d: &Dossier) -> String {
    let run = &app.run;
    let (e, w, i) = run.counts(&d.id);
    let findings: Vec<&FindingRow> = run.findings_of(&d.id).collect();
    let mut h = format!(
        "<p>团队：<b id=\"team\">{}</b>　项目：<b>{}</b>　赛道：{}　申报书：{}</p><p>错误 <b class=\"sev-error\">{e}</b>　警告 <b class=\"sev-warning\">{w}</b>　提示 {i}</p>",
        t(&d.team().unwrap_or_default()),
        t(&d.project().unwrap_or_default()),
        t(&track_name(d, &app.pipeline)),
        d.form_file().map_or("<span class=\"sev-error\">未识别</span>".to_string(), t),
    );
    let general: Vec<&&FindingRow> = findings
        .iter()
        .filter(|f| f.field.is_none() || !app.template.fields.iter().any(|s| belongs(f, &s.key)))
        .collect();
    let general: Vec<&&FindingRow> = general
        .into_iter()
        .filter(|f| f.file.as_deref().map_or(true, |p| !d.attachments().iter().any(|a| a["path"].as_str() == Some(p))))
        .collect();
    if !general.is_empty() {
        h.push_str("<h2>总体问题</h2><ul id=\"general-findings\">");
        for f in general {
            h.push_str(&finding_li(f));
        }
        h.push_str("</ul>");
    }
    h.push_str("<h2>申报书字段（按模板顺序）</h2><table id=\"fields\"><thead><tr><th>字段</th><th>内容</th><th>问题</th></tr></thead><tbody>");
    let mut shown: HashSet<&str> = HashSet::new();
    for spec in &app.template.fields {
        shown.insert(spec.key.as_str());
        let v = d.field(&spec.key);
        let fs: Vec<&&FindingRow> = findings.iter().filter(|f| belongs(f, &spec.key)).collect();
        if v.is_none() && fs.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<tr id=\"field-{}\"><th>{}<div class=\"muted\"><code>{}</code></div></th><td class=\"val\">{}</td><td><ul>",
            esc(&spec.key),
            esc(&spec.name_zh),
            esc(&spec.key),
            v.map_or("<span class=\"muted\">（空）</span>".to_string(), |v| render_value(v, &sub_labels(&spec.kind)))
        );
        for f in fs {
            h.push_str(&finding_li(f));
        }
        h.push_str("</ul></td></tr>");
    }
    if let Some(fields) = d.json.get("fields").and_then(Value::as_object) {
        for (k, v) in fields.iter().filter(|(k, _)| !shown.contains(k.as_str())) {
            let _ = write!(
                h,
                "<tr><th><code>{}</code></th><td class=\"val\">{}</td><td></td></tr>",
                esc(k),
                render_value(v, &[])
            );
        }
    }
    h.push_str("</tbody></table>");
    h.push_str("<h2>附件</h2><p class=\"note\">附件原件不在结果文件夹中，本页不提供预览；请在批次文件夹中打开原件。</p><table id=\"attachments\"><thead><tr><th>文件</th><th>类型</th><th>状态</th><th>权利人</th><th>单位</th><th>专利/软著编号</th><th>问题</th></tr></thead><tbody>");
    for a in d.attachments() {
        let path = a.get("path").and_then(Value::as_str).unwrap_or_default();
        let list = |k: &str| a.get(k).map(value_text).unwrap_or_default();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td><ul>",
            t(path),
            esc(kind_zh(a.get("kind").and_then(Value::as_str).unwrap_or_default())),
            esc(status_zh(a.get("status").and_then(Value::as_str).unwrap_or_default())),
            if a.get("needs_ocr").and_then(Value::as_bool) == Some(true) { "（需 OCR）" } else { "" },
            t(&list("holders")),
            t(&list("entities")),
            t(&list("ip_numbers")),
        );
        for f in findings.iter().filter(|f| f.file.as_deref() == Some(path)) {
            h.push_str(&finding_li(f));
        }
        h.push_str("</ul></td></tr>");
    }
    h.push_str("</tbody></table>");
    layout(&format!("项目 {}", d.id), &h)
}

/// Marks, in `text`, every stretch shared (as runs of at least `n` characters) with one of
/// `others`: escaped HTML with `<mark>`.
pub(crate) fn mark_shared(text: &str, others: &[&str], n: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut grams: HashSet<String> = HashSet::new();
    for o in others {
        let oc: Vec<char> = o.chars().collect();
        for w in oc.windows(n) {
            grams.insert(w.iter().collect());
        }
    }
    let mut marked = vec![false; chars.len()];
    if chars.len() >= n {
        for i in 0..=chars.len() - n {
            let g: String = chars[i..i + n].iter().collect();
            if grams.contains(&g) {
                marked[i..i + n].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    let mut h = String::new();
    let mut i = 0;
    while i < chars.len() {
        let m = marked[i];
        let mut j = i;
        while j < chars.len() && marked[j] == m {
            j += 1;
        }
        let seg: String = chars[i..j].iter().collect();
        if m {
            let _ = write!(h, "<mark>{}</mark>", multiline(&seg));
        } else {
            h.push_str(&multiline(&seg));
        }
        i = j;
    }
    h
}

pub(crate) fn duplicates(app: &App) -> String {
    let run = &app.run;
    let mut h = String::new();
    if run.clusters.is_empty() {
        h.push_str(
            "<p id=\"no-clusters\">未发现重复或借用的材料（结果文件夹中没有 clusters.json，或其中没有记录）。</p>",
        );
        let cross: Vec<&FindingRow> = run.findings.iter().filter(|f| !f.related.is_empty()).collect();
        if !cross.is_empty() {
            h.push_str("<h2>跨项目问题</h2><ul>");
            for f in cross {
                let _ = write!(
                    h,
                    "<li><a href=\"/d/{}\">{}</a> {}</li>",
                    enc(&f.dossier_id),
                    esc(&f.dossier_id),
                    finding_li(f)
                );
            }
            h.push_str("</ul>");
        }
        return layout("重复与借用材料", &h);
    }
    let _ = write!(
        h,
        "<p class=\"note\">{} 组。共同的文字以底色标出；图片与文件按名称列出（结果文件夹中不含原件）。</p>",
        run.clusters.len()
    );
    for c in &run.clusters {
        let _ = write!(
            h,
            "<section class=\"cluster\" id=\"{}\"><h2>{} · {} <code>{}</code></h2><p>{}{}</p><div class=\"side\">",
            esc(&c.id),
            esc(&c.id),
            esc(&code_zh(&c.code)),
            esc(&c.code),
            t(&c.summary_zh),
            c.similarity.map_or(String::new(), |s| format!("（相似度 {:.0}%）", if s <= 1.0 { s * 100.0 } else { s }))
        );
        let excerpts: Vec<&str> = c.members.iter().map(|m| m.excerpt.as_deref().unwrap_or_default()).collect();
        for (i, m) in c.members.iter().enumerate() {
            let others: Vec<&str> = excerpts.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, e)| *e).collect();
            let team = run.dossier(&m.dossier_id).and_then(Dossier::team).unwrap_or_default();
            let _ = write!(
                h,
                "<div><p><a href=\"/d/{}\">{}</a> {}</p><p class=\"muted\">{}</p><p>{}</p></div>",
                enc(&m.dossier_id),
                esc(&m.dossier_id),
                t(&team),
                t(m.file.as_deref().or(m.field.as_deref()).unwrap_or_default()),
                mark_shared(m.excerpt.as_deref().unwrap_or_default(), &others, 8)
            );
        }
        h.push_str("</div></section>");
    }
    layout("重复与借用材料", &h)
}

/// One place that cites an IP number or a holder.
struct IpHit {
    dossier_id: String,
    place: String,
    name: String,
    number: String,
    holders: String,
}

fn digits(s: &str) -> String {
    s.chars().map(conventions::normalize::fold_char).filter(|c| c.is_ascii_digit()).collect()
}

fn ip_hits(app: &App, q: &str) -> (String, Vec<IpHit>) {
    let norm = normalise_ip(q);
    let qd = digits(q);
    let qorg = conventions::normalize::org_name(q);
    let number_matches = |n: &str| -> bool {
        match (&norm, normalise_ip(n)) {
            (Some(a), Some(b)) => *a == b,
            _ => qd.len() >= 6 && digits(n).contains(&qd),
        }
    };
    let holder_matches = |h: &str| -> bool {
        norm.is_none() && qorg.chars().count() >= 2 && conventions::normalize::org_name(h).contains(&qorg)
    };
    let mut hits = Vec::new();
    for d in &app.run.dossiers {
        for (key, kind) in [("ip.patents", "专利"), ("ip.software_copyrights", "软著")] {
            for r in records(d.field(key)) {
                let number = r.get("number").map(value_text).unwrap_or_default();
                if !number.is_empty() && number_matches(&number) {
                    hits.push(IpHit {
                        dossier_id: d.id.clone(),
                        place: format!("申报书 · {kind}"),
                        name: r.get("name").map(value_text).unwrap_or_default(),
                        number,
                        holders: String::new(),
                    });
                }
            }
        }
        for a in d.attachments() {
            let nums: Vec<String> = a
                .get("ip_numbers")
                .and_then(Value::as_array)
                .map_or_else(Vec::new, |v| v.iter().map(value_text).collect());
            let holders: Vec<String> = a
                .get("holders")
                .and_then(Value::as_array)
                .map_or_else(Vec::new, |v| v.iter().map(value_text).collect());
            let entities: Vec<String> = a
                .get("entities")
                .and_then(Value::as_array)
                .map_or_else(Vec::new, |v| v.iter().map(value_text).collect());
            let hit_nums: Vec<&String> = nums.iter().filter(|n| number_matches(n)).collect();
            let by_holder = holders.iter().chain(&entities).any(|h| holder_matches(h));
            if !hit_nums.is_empty() || by_holder {
                hits.push(IpHit {
                    dossier_id: d.id.clone(),
                    place: format!("附件 · {}", a.get("path").and_then(Value::as_str).unwrap_or_default()),
                    name: kind_zh(a.get("kind").and_then(Value::as_str).unwrap_or_default()).to_string(),
                    number: if hit_nums.is_empty() {
                        nums.join("、")
                    } else {
                        hit_nums.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("、")
                    },
                    holders: holders.join("、"),
                });
            }
        }
        if norm.is_none() && d.unit_names().iter().any(|u| holder_matches(u)) {
            hits.push(IpHit {
                dossier_id: d.id.clone(),
                place: "申报书 · 参赛单位".into(),
                name: d.unit_names().join("、"),
                number: String::new(),
                holders: String::new(),
            });
        }
    }
    let how = match &norm {
        Some(n) => format!("规范编号 {}", esc(n)),
        None if qd.len() >= 6 && qd.len() * 2 >= q.chars().count() => format!("编号数字 {}", echo(&qd)),
        None => format!("权利人或编号“{}”", echo(q)),
    };
    (how, hits)
}

pub(crate) fn ip(app: &App, q: Option<&str>) -> String {
    let mut h = format!(
        "<form method=\"get\" action=\"/ip\"><input type=\"search\" name=\"q\" id=\"ip-q2\" value=\"{}\" placeholder=\"如 ZL 2022 1 0719823.4、2021SR0162695 或权利人名称\" size=\"40\"><button type=\"submit\">查询</button></form>\
<p class=\"note\">专利号可带或不带 ZL、空格和小数点；软著登记号不区分大小写；也可输入权利人（单位）名称。</p>",
        echo(q.unwrap_or_default())
    );
    if let Some(q) = q {
        let (how, hits) = ip_hits(app, q); // `how` is HTML already
        let dossiers: BTreeSet<&str> = hits.iter().map(|x| x.dossier_id.as_str()).collect();
        let _ = write!(
            h,
            "<p id=\"ip-summary\">按{}查到 {} 处，涉及 {} 个项目。</p><table id=\"ip-results\"><thead><tr><th>项目编号</th><th>团队</th><th>出处</th><th>名称/类型</th><th>编号</th><th>权利人</th></tr></thead><tbody>",
            how,
            hits.len(),
            dossiers.len()
        );
        for x in &hits {
            let team = app.run.dossier(&x.dossier_id).and_then(Dossier::team).unwrap_or_default();
            let _ = write!(
                h,
                "<tr><td><a class=\"ip-dossier\" href=\"/d/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                enc(&x.dossier_id),
                esc(&x.dossier_id),
                t(&team),
                t(&x.place),
                t(&x.name),
                t(&x.number),
                t(&x.holders)
            );
        }
        h.push_str("</tbody></table>");
    }
    layout("知识产权查询", &h)
}

pub(crate) fn search(app: &App, q: Option<&str>) -> String {
    let mode = if app.fulltext.is_some() {
        "全文索引（OUT/index）"
    } else {
        "逐项比对（未找到全文索引 OUT/index）"
    };
    let mut h = format!(
        "<form method=\"get\" action=\"/search\"><input type=\"search\" name=\"q\" id=\"search-q\" value=\"{}\" size=\"40\" placeholder=\"关键词、\\\"短语\\\"、patent:、company:…\"><button type=\"submit\">搜索</button></form><p class=\"note\">检索方式：{}</p>",
        echo(q.unwrap_or_default()),
        esc(mode)
    );
    let Some(q) = q else { return layout("全文搜索", &h) };
    let hits: Result<Vec<crate::Hit>, String> = match &app.fulltext {
        Some(ft) => ft.search(q, 100),
        None => Ok(scan(app, q, 100)),
    };
    match hits {
        Err(e) => {
            let _ = write!(h, "<p class=\"sev-error\">搜索失败：{}</p>", t(&e));
        }
        Ok(hits) => {
            let _ = write!(h, "<p id=\"search-summary\">{} 条结果。</p><table id=\"search-results\"><thead><tr><th>项目编号</th><th>团队</th><th>位置</th><th>摘录</th></tr></thead><tbody>", hits.len());
            for x in hits {
                let _ = write!(
                    h,
                    "<tr><td><a href=\"/d/{}\">{}</a></td><td>{}</td><td>{} · {}</td><td>{}</td></tr>",
                    enc(&x.dossier_id),
                    esc(&x.dossier_id),
                    t(x.team.as_deref().unwrap_or_default()),
                    if x.kind == "form" { "申报书" } else { "附件" },
                    t(&x.location),
                    // snippet_html is HTML from the index; masked again here (masking keeps tags).
                    mask_text(&x.snippet_html)
                );
            }
            h.push_str("</tbody></table>");
        }
    }
    layout("全文搜索", &h)
}

/// The fallback search: every field and attachment fact containing the query (case-insensitive).
fn scan(app: &App, q: &str, limit: usize) -> Vec<crate::Hit> {
    let needle = q.trim().trim_matches('"').to_lowercase();
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let mut push = |d: &Dossier, kind: &'static str, location: String, text: &str| {
        let lower = text.to_lowercase();
        if let Some(pos) = lower.find(&needle) {
            // A window of about 40 characters around the hit, on char boundaries of `lower`.
            let start = lower[..pos].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
            let end_from = pos + needle.len();
            let end = lower[end_from..].char_indices().nth(40).map_or(lower.len(), |(i, _)| end_from + i);
            let (a, b, c) = (&lower[start..pos], &lower[pos..end_from], &lower[end_from..end]);
            let snippet = format!("{}<b>{}</b>{}", esc(&mask_text(a)), esc(&mask_text(b)), esc(&mask_text(c)));
            out.push(crate::Hit {
                dossier_id: d.id.clone(),
                team: d.team(),
                kind,
                location,
                snippet_html: snippet,
                score: 1.0,
            });
        }
    };
    for d in &app.run.dossiers {
        if let Some(fields) = d.json.get("fields").and_then(Value::as_object) {
            for (k, v) in fields {
                push(d, "form", k.clone(), &value_text(v));
            }
        }
        for a in d.attachments() {
            let path = a.get("path").and_then(Value::as_str).unwrap_or_default().to_string();
            let facts = ["entities", "holders", "ip_numbers", "credit_codes"]
                .iter()
                .map(|k| a.get(*k).map(value_text).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(" ");
            push(d, "attachment", path.clone(), &format!("{path} {facts}"));
        }
    }
    out.truncate(limit);
    out
}

/// A page with one message (title and text are fixed strings of this crate, not user input).
pub(crate) fn message(title: &str, text: &str) -> String {
    layout(title, &format!("<p id=\"message\">{}</p>", esc(text)))
}

pub(crate) fn not_found() -> String {
    layout("未找到", "<p id=\"not-found\">没有这个页面或项目。<a href=\"/\">返回总览</a></p>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_text_is_marked() {
        let h =
            mark_shared("前言。数据要素融合应用为主线建设平台。结尾", &["另一个数据要素融合应用为主线建设平台项目"], 8);
        assert!(h.contains("<mark>数据要素融合应用为主线建设平台</mark>"), "{h}");
        assert!(h.starts_with("前言。"), "{h}");
    }

    #[test]
    fn query_encoding() {
        assert_eq!(enc("a b/.."), "a%20b%2F..");
    }
}
