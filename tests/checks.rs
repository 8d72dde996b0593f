//! For every form-level finding code: a real DOCX form (rendered by the sample generator) with
//! exactly one planted defect must raise it, and a near miss must not. The clean form raises
//! nothing at all.

use e2e::{edit_docx, run_dossier};
use samplegen::data::{generate, FormData, Spec};
use samplegen::docx::Convention;
use serde_json::Value;

/// A clean form: every claimed proof file present.
fn clean() -> FormData {
    let mut s = Spec::new("T-0001", 20251, Convention::Unicode);
    s.members = 3;
    s.units = 2;
    s.cases = 2;
    s.patents = 2;
    s.softwares = 1;
    generate(&s)
}

/// The form and its attachments, with a placeholder file for every proof the form names and
/// the certificates of every claimed patent and 软著 (their numbers in one compiled PDF).
fn files(d: &FormData) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(samplegen::FORM_FILE.to_string(), samplegen::form::docx(d))];
    files.extend(samplegen::attachments(d));
    let numbers: Vec<String> =
        d.patents.iter().chain(&d.softwares).map(|p| format!("Certificate No.: {}", p.canonical)).collect();
    files.push(("知识产权证书汇编.pdf".to_string(), samplegen::attach::pdf(&numbers)));
    let named: Vec<String> = d
        .cases
        .iter()
        .filter_map(|c| c.contract_proof.clone())
        .chain(d.patents.iter().chain(&d.softwares).filter_map(|p| p.proof.clone()))
        .filter(|n| n.contains('.'))
        .collect();
    for n in named {
        if !files.iter().any(|(f, _)| *f == n) {
            files.push((
                n,
                samplegen::attach::contract_pdf("Technical service", "Party A", "Party B", 120.0, "2024-05-01"),
            ));
        }
    }
    files
}

fn findings_of(d: &FormData) -> Vec<Value> {
    run_dossier(&files(d), "shanxi-2025")
}

fn codes(f: &[Value]) -> Vec<String> {
    f.iter().map(|x| format!("{} {} {}", x["code"], x["field"], x["severity"])).collect()
}

#[track_caller]
fn raises(f: &[Value], code: &str, field: Option<&str>) {
    let hit = f.iter().any(|x| x["code"] == code && field.is_none_or(|k| x["field"] == k));
    assert!(hit, "expected {code} on {field:?}; got {:#?}", codes(f));
}

#[track_caller]
fn silent(f: &[Value], code: &str) {
    assert!(!f.iter().any(|x| x["code"] == code), "unexpected {code}: {:#?}", codes(f));
}

#[test]
fn a_clean_form_raises_nothing() {
    let f = findings_of(&clean());
    // The generated licence is a drawing without text: OCR (when built in) finds nothing in it,
    // so it is reported as unread — rightly, and the only finding of a clean dossier.
    let (ocr, rest): (Vec<_>, Vec<_>) = f.into_iter().partition(|x| x["code"] == "OCR_NEEDED");
    assert!(rest.is_empty(), "{:#?}", rest);
    assert!(ocr.iter().all(|x| x["file"] == "营业执照.jpg"), "{ocr:#?}");
}

#[test]
fn required_missing() {
    let mut d = clean();
    d.project_name = String::new();
    d.units[1].credit_code = String::new();
    let f = findings_of(&d);
    raises(&f, "REQUIRED_MISSING", Some("project.name"));
    raises(&f, "REQUIRED_MISSING", Some("units[1].credit_code"));
    let mut near = clean();
    near.project_name = "数".into();
    silent(&findings_of(&near), "REQUIRED_MISSING");
}

#[test]
fn section_missing() {
    let d = clean();
    let mut files = files(&d);
    files[0].1 = edit_docx(&files[0].1, |x| x.replace("（四）机制创新与模式创新", "（四）补充材料"));
    let f = run_dossier(&files, "shanxi-2025");
    raises(&f, "SECTION_MISSING", Some("part2.solution.innovation"));
    silent(&f, "REQUIRED_MISSING");
    let mut near = files.clone();
    near[0].1 =
        edit_docx(&samplegen::form::docx(&d), |x| x.replace("（四）机制创新与模式创新", "4. 机制创新与模式创新"));
    silent(&run_dossier(&near, "shanxi-2025"), "SECTION_MISSING");
}

#[test]
fn template_mismatch() {
    let d = clean();
    let only_contract = vec![("合同.docx".to_string(), samplegen::contract_docx(&d))];
    raises(&run_dossier(&only_contract, "shanxi-2025"), "TEMPLATE_MISMATCH", None);
    silent(&findings_of(&d), "TEMPLATE_MISMATCH");
}

#[test]
fn word_limit_exceeded_counts_as_word_does() {
    let mut d = clean();
    // 498 ideographs + "5G" (1) + "AI" (1) = 500 字: exactly the limit.
    d.background = vec![format!("{}5G{}AI", "数".repeat(300), "据".repeat(198))];
    silent(&findings_of(&d), "WORD_LIMIT_EXCEEDED");
    d.background = vec![format!("{}5G{}AI。", "数".repeat(300), "据".repeat(198))];
    let f = findings_of(&d);
    raises(&f, "WORD_LIMIT_EXCEEDED", Some("narrative.background"));
    let hit = f.iter().find(|x| x["code"] == "WORD_LIMIT_EXCEEDED").unwrap();
    assert_eq!(hit["detail"]["count"], 501);
    assert_eq!(hit["detail"]["limit"], 500);
}

#[test]
fn choice_count() {
    let mut d = clean();
    d.value_goals = vec!["感知与可视化", "诊断分析", "辅助决策", "趋势预测"];
    raises(&findings_of(&d), "CHOICE_COUNT", Some("data.value_goals"));
    d.value_goals = vec!["感知与可视化", "诊断分析", "辅助决策"];
    silent(&findings_of(&d), "CHOICE_COUNT");
}

#[test]
fn track_unknown_follows_the_contest() {
    let mut d = clean();
    d.track = vec!["赛道十：数据要素×低空经济".into()];
    raises(&findings_of(&d), "TRACK_UNKNOWN", Some("project.track"));
    d.track = vec!["开创性创新赛道".into()];
    silent(&findings_of(&d), "TRACK_UNKNOWN");
    // Heilongjiang has no open track: the same answer is unknown there.
    raises(&run_dossier(&files(&d), "heilongjiang-2025"), "TRACK_UNKNOWN", Some("project.track"));
}

#[test]
fn credit_code_invalid() {
    let mut d = clean();
    let good = d.units[0].credit_code.clone();
    let last = good.chars().last().unwrap();
    let other = if last == '0' { '1' } else { '0' };
    d.units[0].credit_code = format!("{}{other}", &good[..17]);
    raises(&findings_of(&d), "CREDIT_CODE_INVALID", Some("units[0].credit_code"));
    d.units[0].credit_code = good;
    silent(&findings_of(&d), "CREDIT_CODE_INVALID");
}

#[test]
fn id_number_invalid_and_never_printed() {
    let mut d = clean();
    let good = d.members[0].id_number.clone();
    let last = good.chars().last().unwrap();
    let bad = format!("{}{}", &good[..17], if last == '0' { '1' } else { '0' });
    d.members[0].id_number = bad.clone();
    let f = findings_of(&d);
    raises(&f, "ID_NUMBER_INVALID", Some("team.members[0].id_number"));
    let all = serde_json::to_string(&f).unwrap();
    assert!(!all.contains(&bad) && !all.contains(&good), "an ID number is printed: {all}");
    d.members[0].id_number = good;
    silent(&findings_of(&d), "ID_NUMBER_INVALID");
}

#[test]
fn phone_invalid() {
    let mut d = clean();
    d.members[1].phone = "1381234567".into();
    let f = findings_of(&d);
    raises(&f, "PHONE_INVALID", Some("team.members[1].phone"));
    assert!(!serde_json::to_string(&f).unwrap().contains("1381234567"));
    d.members[1].phone = "13812345678".into();
    silent(&findings_of(&d), "PHONE_INVALID");
}

#[test]
fn number_invalid() {
    let mut d = clean();
    d.dev_cost = Some(123.0);
    let mut files = files(&d);
    files[0].1 = edit_docx(&files[0].1, |x| x.replace("项目开发成本（万元）：123", "项目开发成本（万元）：待定"));
    raises(&run_dossier(&files, "shanxi-2025"), "NUMBER_INVALID", Some("application.dev_cost"));
    let mut near = self::files(&d);
    near[0].1 = edit_docx(&near[0].1, |x| x.replace("项目开发成本（万元）：123", "项目开发成本（万元）：约123万元"));
    silent(&run_dossier(&near, "shanxi-2025"), "NUMBER_INVALID");
}

#[test]
fn inconsistent_values() {
    let mut d = clean();
    d.units[0].profit[0] = d.units[0].revenue[0] + 1.0;
    raises(&findings_of(&d), "INCONSISTENT_VALUES", Some("units[0].profit.2024"));
    d.units[0].profit[0] = d.units[0].revenue[0];
    silent(&findings_of(&d), "INCONSISTENT_VALUES");
}

#[test]
fn team_too_large() {
    let mut d = clean();
    while d.members.len() < 5 {
        let m = d.members[1].clone();
        d.members.push(m);
    }
    silent(&findings_of(&d), "TEAM_TOO_LARGE");
    let m = d.members[1].clone();
    d.members.push(m);
    raises(&findings_of(&d), "TEAM_TOO_LARGE", Some("team.members"));
}

#[test]
fn units_too_many() {
    let mut d = clean();
    while d.units.len() < 5 {
        let u = d.units[1].clone();
        d.units.push(u);
    }
    silent(&findings_of(&d), "UNITS_TOO_MANY");
    let u = d.units[1].clone();
    d.units.push(u);
    raises(&findings_of(&d), "UNITS_TOO_MANY", Some("units"));
}

#[test]
fn outcomes_too_few() {
    let mut d = clean();
    d.outcomes_fills.truncate(2);
    silent(&findings_of(&d), "OUTCOMES_TOO_FEW");
    d.outcomes_fills.truncate(1);
    raises(&findings_of(&d), "OUTCOMES_TOO_FEW", Some("application.outcomes"));
}

#[test]
fn attachment_missing() {
    let d = clean();
    let without_licence: Vec<_> = files(&d).into_iter().filter(|(n, _)| n != "营业执照.jpg").collect();
    let f = run_dossier(&without_licence, "shanxi-2025");
    raises(&f, "ATTACHMENT_MISSING", None);
    assert!(f.iter().any(|x| x["code"] == "ATTACHMENT_MISSING" && x["severity"] == "error"));
    let proof = d.cases[0].contract_proof.clone().expect("the clean form names a contract");
    let without_contract: Vec<_> = files(&d).into_iter().filter(|(n, _)| *n != proof).collect();
    raises(
        &run_dossier(&without_contract, "shanxi-2025"),
        "ATTACHMENT_MISSING",
        Some("application.cases[0].contract_proof"),
    );
    silent(&findings_of(&d), "ATTACHMENT_MISSING");
}

#[test]
fn file_unreadable() {
    let d = clean();
    let mut broken = files(&d);
    broken.push(("补充说明.docx".to_string(), b"PK\x03\x04 this is not really a zip".to_vec()));
    let f = run_dossier(&broken, "shanxi-2025");
    raises(&f, "FILE_UNREADABLE", None);
    assert!(f
        .iter()
        .any(|x| x["code"] == "FILE_UNREADABLE" && x["file"] == "补充说明.docx" && x["severity"] == "warning"));
    let mut fine = files(&d);
    fine.push(("补充说明.docx".to_string(), samplegen::contract_docx(&d)));
    silent(&run_dossier(&fine, "shanxi-2025"), "FILE_UNREADABLE");
}

#[test]
fn patent_number_invalid() {
    let mut d = clean();
    let good = d.patents[0].number.clone();
    let last = good.chars().last().unwrap();
    d.patents[0].number = format!("{}{}", &good[..good.len() - 1], if last == '1' { '2' } else { '1' });
    raises(&findings_of(&d), "PATENT_NUMBER_INVALID", Some("ip.patents[0].number"));
    d.patents[0].number = good;
    silent(&findings_of(&d), "PATENT_NUMBER_INVALID");
}

#[test]
fn software_copyright_number_invalid() {
    let mut d = clean();
    d.softwares[0].number = "2023SR-12A45".into();
    raises(&findings_of(&d), "SOFTWARE_COPYRIGHT_NUMBER_INVALID", Some("ip.software_copyrights[0].number"));
    d.softwares[0].number = "2023SR0123456".into();
    silent(&findings_of(&d), "SOFTWARE_COPYRIGHT_NUMBER_INVALID");
}

#[test]
fn a_pipeline_switches_a_check_off_or_regrades_it() {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(e2e::repo().join("pipelines/shanxi-2025.toml")).unwrap();
    let mut d = clean();
    d.value_goals = vec!["感知与可视化", "诊断分析", "辅助决策", "趋势预测"];
    let p =
        template::Pipeline::from_toml_str(&format!("{src}\n[checks.CHOICE_COUNT]\nseverity = \"warning\"\n"), "test")
            .unwrap();
    assert_eq!(p.check_setting(model::FindingCode::ChoiceCount).unwrap().severity, Some(model::Severity::Warning));
    let path = tmp.path().join("p.toml");
    std::fs::write(&path, format!("{src}\n[checks.CHOICE_COUNT]\nenabled = false\n")).unwrap();
    let off = template::Pipeline::load(&path).unwrap();
    assert!(!off.check_setting(model::FindingCode::ChoiceCount).unwrap().enabled);
    let err = template::Pipeline::from_toml_str(&format!("{src}\n[checks.NO_SUCH_CODE]\nenabled = false\n"), "test")
        .unwrap_err();
    assert!(err.to_string().contains("NO_SUCH_CODE"));
}

#[test]
fn prior_awards_are_surfaced_where_the_contest_scores_them() {
    let mut d = clean();
    d.advantages.push("项目曾荣获2024年广东省数据要素大赛二等奖。".into());
    let f = run_dossier(&files(&d), "guangdong-2025");
    let hit = f.iter().find(|x| x["code"] == "PRIOR_AWARDS").unwrap_or_else(|| panic!("{:#?}", codes(&f)));
    assert_eq!(hit["severity"], "info");
    assert_eq!(hit["field"], "narrative.advantages");
    silent(&run_dossier(&files(&d), "shanxi-2025"), "PRIOR_AWARDS");
    silent(&run_dossier(&files(&clean()), "guangdong-2025"), "PRIOR_AWARDS");
}

#[test]
fn heilongjiang_requires_contracts_related_to_the_solution() {
    let mut d = clean();
    d.contracts.clear();
    d.spec.contract_pdf = false;
    d.cases.iter_mut().for_each(|c| c.contract_proof = None);
    let f = run_dossier(&files(&d), "heilongjiang-2025");
    assert!(
        f.iter().any(|x| x["code"] == "ATTACHMENT_MISSING"
            && x["severity"] == "error"
            && x["message_zh"].as_str().unwrap().contains("合同")),
        "{:#?}",
        codes(&f)
    );
    let shanxi = run_dossier(&files(&d), "shanxi-2025");
    assert!(!shanxi
        .iter()
        .any(|x| x["code"] == "ATTACHMENT_MISSING" && x["message_zh"].as_str().unwrap().contains("本赛事要求")));
}
