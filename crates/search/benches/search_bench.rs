//! Index build time and query latency on generated run folders (not run in CI).
//!
//! `cargo bench -p search --bench search_bench` — 2,000 dossiers and 1,000 queries by default;
//! `SEARCH_BENCH_DOSSIERS` and `SEARCH_BENCH_QUERIES` change that. Prints a Markdown table for
//! `bench/search.md`.
//!
//! The run folder is written as `dossier run` would write it (dossiers/<id>.json with fields
//! and attachments, text/<id>.jsonl, findings.jsonl) from samplegen's form data, without
//! rendering or reading DOCX: the bench measures the index, not the readers.

use std::fs;
use std::path::Path;
use std::time::Instant;

use samplegen::data::{generate, FormData, Spec};
use serde_json::{json, Value};

const CODES: &[(&str, &str)] = &[
    ("WORD_LIMIT_EXCEEDED", "narrative.background"),
    ("REQUIRED_MISSING", "project.summary"),
    ("CREDIT_CODE_INVALID", "units"),
    ("TEAM_TOO_LARGE", "team.members"),
    ("INCONSISTENT_VALUES", "application.customers_total"),
];

const WORDS: &[&str] = &[
    "供应链金融",
    "数据确权",
    "联邦学习",
    "数据治理",
    "工业制造",
    "隐私计算",
    "数据要素",
    "智能制造",
    "数据资产入表",
    "交通运输",
    "医疗健康",
    "数据安全",
    "大模型",
    "公共数据",
    "数据交易",
    "碳排放",
    "应用成效",
    "商业模式",
];

fn texts(d: &FormData) -> (Vec<Value>, Vec<(String, String)>) {
    let lead = &d.units[0];
    let mut atts = vec![(
        json!({"path": "营业执照.jpg", "kind": "business_license", "entities": [], "credit_codes": []}),
        String::new(),
    )];
    if let Some(p) = d.patents.first() {
        atts.push((
            json!({"path": "专利证书-1.pdf", "kind": "patent_certificate", "ip_numbers": [p.canonical],
                   "holders": [lead.name], "entities": [lead.name]}),
            format!(
                "发明专利证书\n发明名称：{}\n专利号：{}\n专利权人：{}\n授权公告日：2024年5月10日",
                p.name, p.canonical, lead.name
            ),
        ));
    }
    if let Some(s) = d.softwares.first() {
        atts.push((
            json!({"path": "软著证书-1.pdf", "kind": "software_copyright_certificate", "ip_numbers": [s.canonical],
                   "holders": [lead.name]}),
            format!("计算机软件著作权登记证书\n软件名称：{}\n著作权人：{}\n登记号：{}", s.name, lead.name, s.canonical),
        ));
    }
    if let Some(c) = d.contracts.first() {
        atts.push((
            json!({"path": format!("合同-{}.pdf", c.party_a), "kind": "contract",
                   "parties": [{"role": "甲方", "name": c.party_a}, {"role": "乙方", "name": c.party_b}]}),
            format!(
                "{}\n甲方：{}\n乙方：{}\n合同金额：{}万元\n签订日期：{}\n{}",
                c.name,
                c.party_a,
                c.party_b,
                c.amount,
                c.signed,
                d.technical_route.join("\n")
            ),
        ));
    }
    atts.push((
        json!({"path": "项目介绍.pdf", "kind": "other", "entities": [lead.name], "credit_codes": [lead.credit_code]}),
        [&d.background, &d.narrative_scenarios, &d.advantages, &d.data_foundation, &d.innovation]
            .iter()
            .flat_map(|v| v.iter().cloned())
            .chain(std::iter::once(format!("统一社会信用代码：{}", lead.credit_code)))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    let meta = atts.iter().map(|(m, _)| m.clone()).collect();
    let texts = atts
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(m, t)| (m["path"].as_str().unwrap().to_string(), t))
        .collect();
    (meta, texts)
}

fn write_run(out: &Path, n: u64) -> Vec<FormData> {
    fs::create_dir_all(out.join("dossiers")).unwrap();
    fs::create_dir_all(out.join("text")).unwrap();
    let mut findings = String::new();
    let mut all = Vec::new();
    for i in 0..n {
        let d = generate(&Spec::corpus(i));
        let id = d.spec.id.clone();
        let (atts, texts) = texts(&d);
        let v = json!({"schema_version": 1, "dossier_id": id, "template": "shanxi-2025", "form_file": "申报书.docx",
                       "fields": Value::Object(samplegen::truth::fields(&d)), "attachments": atts});
        fs::write(out.join(format!("dossiers/{id}.json")), serde_json::to_vec_pretty(&v).unwrap()).unwrap();
        let lines: String = texts.iter().map(|(p, t)| format!("{}\n", json!({"path": p, "text": t}))).collect();
        fs::write(out.join(format!("text/{id}.jsonl")), lines).unwrap();
        for (k, (code, field)) in CODES.iter().enumerate() {
            if (i as usize + k) % 3 == 0 {
                findings.push_str(&format!(
                    "{}\n",
                    json!({"dossier_id": id, "code": code, "field": field, "file": "申报书.docx"})
                ));
            }
        }
        // Keep only what the queries need.
        all.push(d);
    }
    fs::write(out.join("findings.jsonl"), findings).unwrap();
    all
}

fn queries(data: &[FormData], n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut k = 0usize;
    while out.len() < n {
        let d = &data[(k * 7919) % data.len()];
        let q = match k % 10 {
            0 => d.patents.first().map(|p| format!("patent:{}", p.canonical)),
            1 => d.patents.first().map(|p| format!("patent:{}", p.canonical.trim_start_matches("ZL").replace('.', ""))),
            2 => d.softwares.first().map(|s| format!("copyright:{}", s.canonical)),
            3 => Some(format!("company:{}", d.units[0].name)),
            4 => Some(format!("credit:{}", d.units[0].credit_code.to_lowercase())),
            5 => Some(WORDS[k % WORDS.len()].to_string()),
            6 => Some(format!("\"{}\"", WORDS[(k / 3) % WORDS.len()])),
            7 => Some(format!("{} {}", WORDS[k % WORDS.len()], WORDS[(k / 7) % WORDS.len()])),
            8 => Some(format!("track:工业制造 {}", WORDS[k % WORDS.len()])),
            _ => Some(format!("code:{}", CODES[k % CODES.len()].0)),
        };
        if let Some(q) = q {
            out.push(q);
        }
        k += 1;
    }
    out
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let n: u64 = std::env::var("SEARCH_BENCH_DOSSIERS").ok().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let nq: usize = std::env::var("SEARCH_BENCH_QUERIES").ok().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let t = Instant::now();
    let data = write_run(out, n);
    let gen_s = t.elapsed().as_secs_f64();
    let text_bytes: u64 = fs::read_dir(out.join("text")).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    let json_bytes: u64 =
        fs::read_dir(out.join("dossiers")).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();

    let stats = search::build_index(out).unwrap();
    let index_bytes: u64 = fs::read_dir(out.join("index")).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();

    let t = Instant::now();
    let s = search::Searcher::open(&search::index_dir(out)).unwrap();
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let qs = queries(&data, nq);
    // Warm-up: the first query loads the jieba dictionary in this process.
    let t = Instant::now();
    let _ = s.search("供应链金融", 20).unwrap();
    let first_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut lat = Vec::with_capacity(qs.len());
    let mut with_hits = 0;
    for q in &qs {
        let t = Instant::now();
        let hits = s.search(q, 20).unwrap();
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        if !hits.is_empty() {
            with_hits += 1;
        }
    }
    let mut sorted = lat.clone();
    sorted.sort_by(f64::total_cmp);
    let mean = lat.iter().sum::<f64>() / lat.len() as f64;
    println!("| measure | value |");
    println!("| --- | --- |");
    println!("| dossiers | {} |", stats.dossiers);
    println!(
        "| documents (overviews + form items + attachments) | {} ({} form items, {} attachments) |",
        stats.documents, stats.form_items, stats.attachments
    );
    println!(
        "| run-folder input (dossiers/*.json + text/*.jsonl) | {:.1} MB + {:.1} MB |",
        json_bytes as f64 / 1e6,
        text_bytes as f64 / 1e6
    );
    println!("| generating the input (not part of the index) | {gen_s:.1} s |");
    println!(
        "| **index build** (`search::build_index`) | **{:.1} s** ({:.1} ms per dossier) |",
        stats.seconds,
        stats.seconds * 1e3 / stats.dossiers as f64
    );
    println!("| index size on disk | {:.1} MB |", index_bytes as f64 / 1e6);
    println!("| open index | {open_ms:.1} ms |");
    println!("| first query (jieba dictionary already loaded by the build) | {first_ms:.1} ms |");
    println!("| queries (limit 20, snippets included) | {} ({} with hits) |", qs.len(), with_hits);
    println!("| **query p50** | **{:.2} ms** |", pct(&sorted, 0.50));
    println!("| **query p99** | **{:.2} ms** |", pct(&sorted, 0.99));
    println!("| query mean / max | {:.2} ms / {:.2} ms |", mean, sorted[sorted.len() - 1]);
}
