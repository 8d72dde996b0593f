//! The platform roster (`roster.xlsx` at the batch root) joined to dossiers by id: agreeing
//! rows raise nothing; a different credit code or track, a dossier missing from the roster and
//! a registered id with no dossier are each a ROSTER_MISMATCH.

use e2e::{jsonl, repo};
use samplegen::data::{generate, FormData, Spec};
use samplegen::docx::Convention;
use serde_json::Value;

fn write_dossier(dir: &std::path::Path, d: &FormData) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(samplegen::FORM_FILE), samplegen::form::docx(d)).unwrap();
    for (name, bytes) in samplegen::attachments(d) {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

#[test]
fn roster_rows_are_joined_and_disagreements_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let batch = tmp.path().join("batch");
    let forms: Vec<FormData> =
        (1..=3).map(|i| generate(&Spec::new(&format!("T-000{i}"), 900 + i, Convention::Unicode))).collect();
    for d in &forms {
        write_dossier(&batch.join(&d.spec.id), d);
    }
    // Header row in the platform's order, with an extra column the roster may carry.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["序号", "项目编号", "项目名称", "团队名称", "牵头单位", "统一社会信用代码", "赛道", "联系人"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let row = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, id: &str, d: &FormData, code: &str, track: &str| {
        let vals = [
            r.to_string(),
            id.to_string(),
            d.project_name.clone(),
            d.team_name.clone(),
            d.units[0].name.clone(),
            code.to_string(),
            track.to_string(),
            d.units[0].contact.clone(),
        ];
        for (c, v) in vals.iter().enumerate() {
            ws.write_string(r, c as u16, v).unwrap();
        }
    };
    let track0 = forms[0].track.join(" ");
    row(ws, 1, "T-0001", &forms[0], &forms[0].units[0].credit_code, &track0);
    // T-0002: another unit's credit code and another track.
    let other_track = if track0.contains("能源") {
        "赛道二：数据要素×工业制造领域"
    } else {
        "赛道一：数据要素×能源低碳领域"
    };
    row(ws, 2, "T-0002", &forms[1], "91350100M000100Y43", other_track);
    // T-0404 registered but never submitted; T-0003 submitted but not registered.
    row(ws, 3, "T-0404", &forms[2], &forms[2].units[0].credit_code, &forms[2].track.join(" "));
    wb.save(batch.join("roster.xlsx")).unwrap();

    let out = tmp.path().join("out");
    batch::run(&batch::RunConfig::new(batch.clone(), out.clone(), repo().join("pipelines/shanxi-2025.toml")), &|_| {})
        .unwrap();
    let f: Vec<Value> =
        jsonl(&out.join("findings.jsonl")).into_iter().filter(|x| x["code"] == "ROSTER_MISMATCH").collect();
    let of = |id: &str| f.iter().filter(|x| x["dossier_id"] == id).collect::<Vec<_>>();
    assert!(of("T-0001").is_empty(), "{:#?}", of("T-0001"));
    let t2 = of("T-0002");
    assert!(t2.iter().any(|x| x["message_zh"].as_str().unwrap().contains("统一社会信用代码")), "{t2:#?}");
    assert!(t2.iter().any(|x| x["field"] == "project.track"), "{t2:#?}");
    assert_eq!(t2.len(), 2, "{t2:#?}");
    assert_eq!(of("T-0003").len(), 1);
    assert!(of("T-0003")[0]["message_zh"].as_str().unwrap().contains("报名表中没有"));
    assert_eq!(of("T-0404").len(), 1);
    let inv = jsonl(&out.join("inventory.jsonl"));
    let roster = inv.iter().find(|l| l["path"] == "roster.xlsx").unwrap();
    assert_eq!(roster["status"], "parsed");
    assert_eq!(roster["role"], "roster");
}
