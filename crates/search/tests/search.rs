//! The search index over small generated run folders: every identifier spelling, Chinese words
//! that must and must not match, quoted phrases, each field query, errors.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};

fn patent(body12: &str) -> String {
    let c = conventions::ids::patent_check_char(body12).unwrap();
    format!("{body12}.{c}")
}

fn credit(first17: &str) -> String {
    let c = conventions::ids::credit_code_check_char(first17).unwrap();
    format!("{first17}{c}")
}

/// Writes one dossier of a run folder.
fn dossier(out: &Path, id: &str, fields: Value, attachments: &[(&str, Value, &str)]) {
    fs::create_dir_all(out.join("dossiers")).unwrap();
    fs::create_dir_all(out.join("text")).unwrap();
    let atts: Vec<Value> = attachments
        .iter()
        .map(|(p, ev, _)| {
            let mut a = json!({"path": p, "kind": "other"});
            for (k, v) in ev.as_object().unwrap() {
                a[k] = v.clone();
            }
            a
        })
        .collect();
    let v = json!({"schema_version": 1, "dossier_id": id, "template": "shanxi-2025", "form_file": "申报书.docx",
                   "fields": fields, "attachments": atts});
    fs::write(out.join(format!("dossiers/{id}.json")), serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let mut lines = String::new();
    for (p, _, text) in attachments {
        if !text.is_empty() {
            lines.push_str(&json!({"path": p, "text": text}).to_string());
            lines.push('\n');
        }
    }
    fs::write(out.join(format!("text/{id}.jsonl")), lines).unwrap();
}

fn findings(out: &Path, lines: &[Value]) {
    let s: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(out.join("findings.jsonl"), s).unwrap();
}

/// The fixture: four dossiers.
fn fixture() -> (tempfile::TempDir, search::Searcher) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let p1 = patent("202310123456");
    let p2 = patent("202220654321");
    let c1 = credit("91140100MA0K12345");
    let cert = format!("发明专利证书 专利号：ZL 2023 1 0123456.{} 专利权人：山西数据（集团）有限公司", &p1[13..]);
    dossier(
        out,
        "SX-A",
        json!({
            "project.name": "供应链金融数据服务平台",
            "project.track": "赛道二：数据要素×金融服务",
            "team.name": "龙城数据团队",
            "narrative.background": "本项目开展供应链金融服务，推动数据确权与流通。",
            "units": [{"name": "山西数据（集团）有限公司", "credit_code": c1, "contact_phone": "13812345678"}],
            "team.members": [{"name": "张三", "id_number": "110101199003071234", "phone": "13812345678", "unit": "山西数据（集团）有限公司"}],
            "ip.patents": [{"name": "一种数据处理方法", "number": format!("ZL{p1}"), "proof": "专利证书"}],
            "ip.software_copyrights": [{"name": "数据平台软件V1.0", "number": "2023SR0123456", "proof": "证书"}],
        }),
        &[
            (
                "专利证书-1.pdf",
                json!({"ip_numbers": [format!("ZL{p1}")], "holders": ["山西数据（集团）有限公司"]}),
                &cert,
            ),
            ("软著证书.pdf", json!({}), "计算机软件著作权登记证书 软著登字第0456789号 登记号：2023SR0123456"),
        ],
    );
    dossier(
        out,
        "SX-B",
        json!({
            "project.track": "赛道一：数据要素×工业制造",
            "team.name": "晋中智造团队",
            "narrative.background": "我们做供应链管理，也做金融科技；数据的确权需要时间。",
            "ip.patents": [{"name": "另一种方法", "number": format!("ZL{p2}"), "proof": "证书"}],
        }),
        &[(
            "合同-甲方.pdf",
            json!({"parties": [{"role": "甲方", "name": "太原沁水汽车零部件有限公司"}]}),
            "技术服务合同 甲方：太原沁水汽车零部件有限公司 服务内容：数据确权咨询",
        )],
    );
    dossier(
        out,
        "SX-C",
        json!({
            "project.track": "赛道一：数据要素×工业制造",
            "team.name": "第三团队",
            "solution.innovation": "数据供应链建设与金融风控模型。",
        }),
        &[("图片.jpg", json!({}), "")],
    );
    dossier(out, "SX-D", json!({}), &[]);
    findings(
        out,
        &[
            json!({"dossier_id": "SX-A", "code": "WORD_LIMIT_EXCEEDED", "field": "narrative.background", "file": "申报书.docx"}),
            json!({"dossier_id": "SX-B", "code": "TEAM_TOO_LARGE", "field": "team.members", "file": "申报书.docx"}),
            json!({"dossier_id": "SX-C", "code": "FILE_UNREADABLE", "field": null, "file": "图片.jpg"}),
            json!({"dossier_id": "SX-D", "code": "TEMPLATE_MISMATCH", "field": null, "file": null}),
        ],
    );
    let stats = search::build_index(out).unwrap();
    assert_eq!(stats.dossiers, 4);
    let s = search::Searcher::open(&search::index_dir(out)).unwrap();
    (dir, s)
}

fn ids(s: &search::Searcher, q: &str) -> Vec<String> {
    let mut v: Vec<String> =
        s.search(q, 100).unwrap_or_else(|e| panic!("{q}: {e}")).into_iter().map(|h| h.dossier_id).collect();
    v.sort();
    v.dedup();
    v
}

fn hits(s: &search::Searcher, q: &str) -> Vec<(String, String)> {
    s.search(q, 100).unwrap().into_iter().map(|h| (h.dossier_id, h.location)).collect()
}

#[test]
fn every_patent_spelling_finds_the_same_patent() {
    let (_d, s) = fixture();
    let p = patent("202310123456");
    let d = p.replace('.', "");
    let spellings = [
        format!("ZL {} {} {}.{}", &d[..4], &d[4..5], &d[5..12], &d[12..]),
        format!("ZL{p}"),
        p.clone(),
        format!("CN{p}"),
        d.clone(),
        format!("zl{p}"),
        format!("ＺＬ{p}"),
    ];
    for sp in &spellings {
        let q = if sp.contains(' ') { format!("patent:\"{sp}\"") } else { format!("patent:{sp}") };
        assert_eq!(ids(&s, &q), vec!["SX-A"], "{q}");
        // Unquoted, the groups of a spaced number still belong to it.
        assert_eq!(ids(&s, &format!("patent:{sp}")), vec!["SX-A"], "{sp}");
        let h = hits(&s, &q);
        assert!(h.contains(&("SX-A".into(), "ip.patents".into())), "{q}: {h:?}");
        assert!(h.contains(&("SX-A".into(), "专利证书-1.pdf".into())), "{q}: {h:?}");
    }
    // As a plain word too.
    assert_eq!(ids(&s, &format!("ZL{p}")), vec!["SX-A"]);
    // Another patent finds the other dossier only.
    assert_eq!(ids(&s, &format!("patent:{}", patent("202220654321"))), vec!["SX-B"]);
    // A number nobody claims finds nothing.
    assert!(ids(&s, &format!("patent:{}", patent("202110999999"))).is_empty());
}

#[test]
fn copyright_numbers_and_certificate_numbers() {
    let (_d, s) = fixture();
    for q in
        ["copyright:2023SR0123456", "copyright:2023sr0123456", "copyright:２０２３ＳＲ０１２３４５６", "2023SR0123456"]
    {
        assert_eq!(ids(&s, q), vec!["SX-A"], "{q}");
    }
    let h = hits(&s, "copyright:2023SR0123456");
    assert!(h.contains(&("SX-A".into(), "ip.software_copyrights".into())), "{h:?}");
    assert!(h.contains(&("SX-A".into(), "软著证书.pdf".into())), "{h:?}");
    for q in [
        "copyright:软著登字第0456789号",
        "copyright:\"软著登字第 0456789 号\"",
        "copyright:0456789",
        "软著登字第0456789号",
    ] {
        assert_eq!(hits(&s, q), vec![("SX-A".to_string(), "软著证书.pdf".to_string())], "{q}");
    }
    assert!(ids(&s, "copyright:2023SR0999999").is_empty());
}

#[test]
fn credit_codes_in_any_case_width_and_spacing() {
    let (_d, s) = fixture();
    let c = credit("91140100MA0K12345");
    let spaced = format!("{} {} {}", &c[..6], &c[6..12], &c[12..]);
    let full: String = c.chars().map(|ch| char::from_u32(ch as u32 + 0xFEE0).unwrap()).collect();
    for q in [
        format!("credit:{c}"),
        format!("credit:{}", c.to_lowercase()),
        format!("credit:\"{spaced}\""),
        format!("credit:{full}"),
        c.clone(),
    ] {
        assert_eq!(hits(&s, &q), vec![("SX-A".to_string(), "units".to_string())], "{q}");
    }
}

#[test]
fn company_names_ignore_width_brackets_and_spaces() {
    let (_d, s) = fixture();
    for q in [
        "company:山西数据（集团）有限公司",
        "company:山西数据(集团)有限公司",
        "company:\"山西 数据 （集团） 有限公司\"",
        "company:山西数据（集团）有限公司。",
    ] {
        assert_eq!(ids(&s, q), vec!["SX-A"], "{q}");
    }
    let h = hits(&s, "company:山西数据(集团)有限公司");
    for loc in ["units", "team.members", "专利证书-1.pdf"] {
        assert!(h.contains(&("SX-A".into(), loc.into())), "{loc}: {h:?}");
    }
    assert_eq!(ids(&s, "company:太原沁水汽车零部件有限公司"), vec!["SX-B"]);
    assert!(ids(&s, "company:太原某某有限公司").is_empty());
}

#[test]
fn chinese_words_match_as_words_not_as_scattered_characters() {
    let (_d, s) = fixture();
    // A uses 供应链金融; B has 供应链 … 金融 apart; C has 供应链 and 金融 apart.
    assert_eq!(ids(&s, "供应链金融"), vec!["SX-A"]);
    // In A's narrative jieba cuts 供应链 / 金融服务 in context; the query still finds it there.
    assert!(hits(&s, "供应链金融").contains(&("SX-A".into(), "narrative.background".into())));
    // A: 数据确权; B: 数据确权 in the contract (and 数据的确权 in the form — no match there).
    assert_eq!(ids(&s, "数据确权"), vec!["SX-A", "SX-B"]);
    let b = hits(&s, "数据确权");
    assert!(b.contains(&("SX-B".into(), "合同-甲方.pdf".into())), "{b:?}");
    assert!(!b.contains(&("SX-B".into(), "narrative.background".into())), "{b:?}");
    // Single words match wherever they stand.
    assert_eq!(ids(&s, "金融"), vec!["SX-A", "SX-B", "SX-C"]);
    // Several plain words: all required, each anywhere in the same item.
    assert_eq!(ids(&s, "供应链 金融"), vec!["SX-A", "SX-B", "SX-C"]);
    // B has 供应链 in its form and 确权 in its contract: not in the same item.
    assert_eq!(ids(&s, "供应链 确权"), vec!["SX-A"]);
}

#[test]
fn quoted_chinese_phrases_need_adjacent_words() {
    let (_d, s) = fixture();
    assert_eq!(ids(&s, "\"供应链金融\""), vec!["SX-A"]);
    assert_eq!(ids(&s, "“供应链 金融”"), vec!["SX-A"]);
    assert_eq!(ids(&s, "\"供应链金融服务\""), vec!["SX-A"]);
    assert_eq!(ids(&s, "\"金融科技\""), vec!["SX-B"]);
    // Punctuation between words takes no position: "管理，也" is adjacent words.
    assert_eq!(ids(&s, "\"供应链管理 也\""), vec!["SX-B"]);
    assert!(ids(&s, "\"金融 供应链\"").is_empty());
}

#[test]
fn snippets_highlight_the_words_and_identifiers() {
    let (_d, s) = fixture();
    let h = s.search("供应链金融", 10).unwrap();
    let bg = h.iter().find(|h| h.location == "narrative.background").unwrap();
    assert!(bg.snippet_html.contains("<b>供应链金融</b>"), "{}", bg.snippet_html);
    assert_eq!(bg.team.as_deref(), Some("龙城数据团队"));
    assert_eq!(bg.kind, "form");
    let h = s.search("copyright:软著登字第0456789号", 10).unwrap();
    assert!(h[0].snippet_html.contains("<b>"), "{}", h[0].snippet_html);
    assert_eq!(h[0].kind, "attachment");
}

#[test]
fn personal_identifiers_are_never_indexed_unmasked() {
    let (_d, s) = fixture();
    assert!(ids(&s, "110101199003071234").is_empty());
    assert!(ids(&s, "13812345678").is_empty());
    for h in s.search("张三", 10).unwrap() {
        assert!(
            !h.snippet_html.contains("13812345678") && !h.snippet_html.contains("199003071234"),
            "{}",
            h.snippet_html
        );
    }
}

#[test]
fn track_and_code_fields() {
    let (_d, s) = fixture();
    // track alone lists dossiers, one hit each.
    let t = s.search("track:工业制造", 10).unwrap();
    let got: Vec<(&str, &str)> = t.iter().map(|h| (h.dossier_id.as_str(), h.kind)).collect();
    assert_eq!(got, vec![("SX-B", "dossier"), ("SX-C", "dossier")]);
    assert_eq!(ids(&s, "赛道:金融服务"), vec!["SX-A"]);
    // track with words: the words' items in dossiers of that track.
    assert_eq!(ids(&s, "track:工业制造 金融"), vec!["SX-B", "SX-C"]);
    assert!(ids(&s, "track:工业制造 供应链金融").is_empty());
    // codes point where the finding points.
    assert_eq!(hits(&s, "code:WORD_LIMIT_EXCEEDED"), vec![("SX-A".to_string(), "narrative.background".to_string())]);
    // B's form has no team.members item: the finding belongs to the dossier as a whole.
    assert_eq!(hits(&s, "code:team_too_large"), vec![("SX-B".to_string(), String::new())]);
    assert_eq!(hits(&s, "code:FILE_UNREADABLE"), vec![("SX-C".to_string(), "图片.jpg".to_string())]);
    assert_eq!(hits(&s, "code:TEMPLATE_MISMATCH"), vec![("SX-D".to_string(), String::new())]);
}

#[test]
fn errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let e = search::Searcher::open(&search::index_dir(dir.path())).err().unwrap();
    assert!(e.to_string().contains("请先运行 dossier run"), "{e}");
    let e = search::build_index(dir.path()).unwrap_err();
    assert!(e.to_string().contains("不是结果文件夹"), "{e}");
    let (_d, s) = fixture();
    let e = s.search("patent:", 10).unwrap_err();
    assert!(e.to_string().contains("缺少"), "{e}");
    let e = s.search("patent:abc", 10).unwrap_err();
    assert!(e.to_string().contains("不像专利号"), "{e}");
}

#[test]
fn the_index_is_rebuilt_whole() {
    let (d, _s) = fixture();
    let out = d.path();
    fs::remove_file(out.join("dossiers/SX-B.json")).unwrap();
    let stats = search::build_index(out).unwrap();
    assert_eq!(stats.dossiers, 3);
    let s = search::Searcher::open(&search::index_dir(out)).unwrap();
    assert!(ids(&s, &format!("patent:{}", patent("202220654321"))).is_empty());
    assert!(!out.join("index.tmp").exists());
}

/// Many hits of equal score: whatever the number of indexing threads (so of segments), the first
/// `k` hits are the first `k` dossiers in build order, for every `k` — the cut at the limit keeps
/// build order among equals, not the order segments happen to be searched in.
#[test]
fn equal_scores_are_cut_in_build_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let n = 60;
    for i in 0..n {
        dossier(
            out,
            &format!("SX-{i:03}"),
            json!({"project.track": "赛道一：数据要素×工业制造", "solution.innovation": "工业互联网平台与数据治理。"}),
            &[],
        );
    }
    findings(out, &[]);
    search::build_index(out).unwrap();
    let s = search::Searcher::open(&search::index_dir(out)).unwrap();
    let all: Vec<String> = s.search("数据治理", 1000).unwrap().into_iter().map(|h| h.dossier_id).collect();
    let expected: Vec<String> = (0..n).map(|i| format!("SX-{i:03}")).collect();
    assert_eq!(all, expected, "every dossier once, in build order");
    for k in [1, 5, 17, 30, 59] {
        let top: Vec<String> = s.search("数据治理", k).unwrap().into_iter().map(|h| h.dossier_id).collect();
        assert_eq!(top, expected[..k], "the first {k}");
    }
}
