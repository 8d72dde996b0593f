//! Every DOCX of the real corpus (`../shared/corpus/real/docx/`, see its MANIFEST.md) is either
//! read, with the text the manifest promises, or refused with the manifest's reason — and
//! none of them panics or hangs. Skipped, with a message, when `../shared` is absent.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use read::{docx, Limits, ReadError};

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DOSSIER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
        .join("corpus/real/docx");
    dir.is_dir().then_some(dir)
}

/// Reads one file on a thread with a watchdog: a hang fails the test instead of blocking it.
fn read_with_watchdog(path: &PathBuf) -> Result<model::Document, ReadError> {
    let bytes = std::fs::read(path).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(docx::read(&bytes, &Limits::default()));
    });
    rx.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| panic!("{} hangs or panics", path.display()))
}

enum Want {
    Text(&'static [&'static str]),
    Unreadable(fn(&ReadError) -> bool),
}

const CASES: &[(&str, Want)] = &[
    ("docx2python__ControlTest.docx", Want::Text(&[])),
    ("docx2python__check_drop_my.docx", Want::Text(&[])),
    ("docx2python__checked-true-false.docx", Want::Text(&["default 1", "checked false"])),
    ("docx2python__checked_boxes.docx", Want::Text(&[])),
    (
        "docx2python__libreoffice_conversion.docx",
        Want::Text(&["东阳八婺招标代理有限公司", "招标编号：DYBWCG2021-JZ-019-1"]),
    ),
    ("docx2python__merged_cells.docx", Want::Text(&["0-0", "12-0", "34-123"])),
    ("docx2python__renamed_document_xml.docx", Want::Text(&["This is a link to my website."])),
    ("docx2python__strict.docx", Want::Text(&["Bullet1", "Number1", "Cellaa"])),
    ("docx2python__symbols.docx", Want::Text(&["≠∞×÷≥≤±™®©¥£€\u{b5}αβπ\u{2126}∑"])),
    ("docxrs__issue554.docx", Want::Text(&["Arbitration", "In the event of any dispute"])),
    ("docxrs__read_hang.docx", Want::Text(&["aaaaaaaaaaaatest"])),
    ("docxrs__table_merged_libre_office.docx", Want::Text(&[])),
    ("docxtpl__richtext_eastAsia_tpl.docx", Want::Text(&["测试TEST"])),
    ("docxtpl__vertical_merge_tpl.docx", Want::Text(&["{_% vm %_}"])),
    ("mammoth__utf8-bom.docx", Want::Text(&["This XML has a byte order mark."])),
    ("mineru__docx_01.docx", Want::Text(&["MinerU supports DOCX document parsing now"])),
    ("poi__55966.docx", Want::Text(&["Content control within a paragraph is here"])),
    ("poi__Bug54771a.docx", Want::Text(&[])),
    ("poi__bug53475-password-is-solrcell.docx", Want::Unreadable(|e| matches!(e, ReadError::Encrypted { .. }))),
    ("poi__bug65649.docx", Want::Text(&["ГОСУДАРСТВЕННЫЙ КОНТРАКТ"])),
    ("poi__checkboxes.docx", Want::Text(&["This is a small test for checkboxes"])),
    (
        "poi__clusterfuzz-POIXWPFFuzzer-4791943399604224.docx",
        Want::Unreadable(|e| matches!(e, ReadError::Corrupt { .. })),
    ),
    ("poi__clusterfuzz-POIXWPFFuzzer-6733884933668864.docx", Want::Text(&[])),
    ("poi__form_footnotes.docx", Want::Text(&["VISA APPLICATION FORM"])),
    ("poi__stress005.docx", Want::Text(&["ANTRAG AUF GEWÄHRUNG EINER FÖRDERUNG"])),
    ("poi__stress009.docx", Want::Text(&["NANDrive"])),
    ("poi__stress019.docx", Want::Text(&["リーダーシップに係る発行運営業務委託"])),
    ("poi__truncated62886.docx", Want::Unreadable(|e| matches!(e, ReadError::Corrupt { .. }))),
    ("poi__zero-length.docx", Want::Text(&[])),
    ("poitl__issue161.docx", Want::Text(&["{{projectName}}"])),
    ("poitl__iterable_payment.docx", Want::Text(&["付款通知书", "{{?orders}}"])),
    ("poitl__render_multiple_column.docx", Want::Text(&["测试内置变量"])),
    ("techplat__approval_form_hexin_jishu_chengguo.docx", Want::Text(&["核心技术成果申请外部转化审批表"])),
    ("techplat__intl_project_apply_template.docx", Want::Text(&["国际合作项目申报单"])),
    ("techplat__lixiang_baogao.docx", Want::Text(&["${topicName}"])),
    ("techplat__renwushu_template.doc", Want::Unreadable(|e| matches!(e, ReadError::Legacy { .. }))),
    ("techplat__ten_dragon_2016_report.docx", Want::Text(&["“十条龙”科技攻关领导小组"])),
];

#[test]
fn every_corpus_docx_is_read_or_refused_with_a_reason() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpus/real/docx not found (set DOSSIER_SHARED)");
        return;
    };
    let mut listed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let (_, want) = CASES.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("{name}: add it to CASES"));
        listed += 1;
        let got = read_with_watchdog(&dir.join(&name));
        match (want, got) {
            (Want::Text(phrases), Ok(doc)) => {
                let text = doc.plain_text();
                for p in *phrases {
                    assert!(text.contains(p), "{name}: `{p}` not in the text:\n{}", &text[..text.len().min(2000)]);
                }
            }
            (Want::Text(_), Err(e)) => panic!("{name}: should be read, got: {e}"),
            (Want::Unreadable(ok), Err(e)) => {
                assert!(ok(&e), "{name}: wrong reason: {e:?}");
                assert!(!e.message_zh().is_empty());
            }
            (Want::Unreadable(_), Ok(_)) => panic!("{name}: should be refused"),
        }
    }
    assert_eq!(listed, CASES.len(), "a corpus file listed in CASES is missing");
}

#[test]
fn legacy_form_checkbox_states_follow_checked_then_default() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let doc = read_with_watchdog(&dir.join("docx2python__checked-true-false.docx")).unwrap();
    let mut seen = 0;
    for p in doc.paragraphs() {
        let label = p.text.trim_start_matches(['☑', '☐']).trim();
        let want = match label {
            "default 0" | "default false" | "checked 0" | "checked false" => false,
            "default 1" | "default true" | "checked 1" | "checked true" => true,
            _ => continue,
        };
        assert_eq!(p.checkboxes.len(), 1, "{label}");
        assert_eq!(p.checkboxes[0].checked, want, "{label}");
        seen += 1;
    }
    assert_eq!(seen, 8);
}

#[test]
fn content_control_checkboxes_read_their_state_not_their_glyph() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let doc = read_with_watchdog(&dir.join("docx2python__check_drop_my.docx")).unwrap();
    let boxes: Vec<_> = doc.paragraphs().iter().flat_map(|p| p.checkboxes.clone()).collect();
    assert!(boxes.iter().any(|b| b.source == model::CheckSource::ContentControl), "{boxes:?}");
    assert!(boxes.iter().any(|b| b.checked) && boxes.iter().any(|b| !b.checked), "{boxes:?}");
}
