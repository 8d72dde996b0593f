//! Reference lists of units (`--ref NAME=FILE`, the pipeline's `[refs]`): organizer affiliates,
//! exclusion lists. Read once before the run; a missing or unreadable list stops the run before
//! it starts, with a reason in Chinese and English.

use std::path::{Path, PathBuf};

use checks::{RefEntry, RefList};
use model::{Block, Document};

/// The lists to load: the pipeline's defaults, each replaced by the command line's lists of the
/// same name (a name given twice on the command line loads both files).
pub(crate) fn wanted(pipeline: &[(String, PathBuf)], cli: &[(String, PathBuf)]) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> =
        pipeline.iter().filter(|(n, _)| !cli.iter().any(|(c, _)| c == n)).cloned().collect();
    out.extend(cli.iter().cloned());
    out
}

/// Loads every list, or says why one cannot be used.
pub(crate) fn load_all(lists: &[(String, PathBuf)], limits: &read::Limits) -> Result<Vec<RefList>, String> {
    lists.iter().map(|(name, path)| load(name, path, limits)).collect()
}

/// Loads one list.
pub fn load(name: &str, path: &Path, limits: &read::Limits) -> Result<RefList, String> {
    if checks::ref_list_code(name).is_none() {
        return Err(format!(
            "未知的名单名称“{name}”（可用：affiliates 组委会关联单位，excluded 排除名单） / unknown reference list name `{name}` (known: affiliates, excluded)"
        ));
    }
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| {
        format!("名单文件“{shown}”（{name}）不存在或无法读取：{e} / reference list `{name}` file {shown} cannot be read: {e}")
    })?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let doc = read::sheet::read(&bytes, &file_name, limits).map_err(|e| {
        format!(
            "名单文件“{shown}”（{name}）无法读取：{} / reference list `{name}` file {shown} cannot be read: {}",
            e.message_zh(),
            e
        )
    })?;
    let entries = parse(&doc).ok_or_else(|| {
        format!(
            "名单文件“{shown}”（{name}）中找不到“单位名称”列（表头需有“单位名称”，可选“统一社会信用代码”） / reference list `{name}` file {shown} has no 单位名称 column"
        )
    })?;
    Ok(RefList { name: name.to_string(), source: shown.to_string(), entries })
}

/// The rows under the first header row (within the first 10 rows of a table) that has a
/// `单位名称` column.
fn parse(doc: &Document) -> Option<Vec<RefEntry>> {
    for block in &doc.blocks {
        let Block::Table(t) = block else { continue };
        let rows: Vec<Vec<String>> =
            t.rows.iter().map(|r| r.cells.iter().map(|c| c.text().trim().to_string()).collect()).collect();
        for (h, header) in rows.iter().enumerate().take(10) {
            let col = |names: &[&str]| {
                header.iter().position(|c| {
                    let c: String = c.chars().filter(|ch| !ch.is_whitespace() && *ch != '*').collect();
                    names.iter().any(|n| c.starts_with(n))
                })
            };
            let Some(name_col) = col(&["单位名称"]) else { continue };
            let code_col = col(&["统一社会信用代码", "信用代码"]);
            let mut out = Vec::new();
            for (i, row) in rows.iter().enumerate().skip(h + 1) {
                let Some(name) = row.get(name_col).filter(|s| !s.is_empty()) else { continue };
                let code = code_col.and_then(|c| row.get(c)).map(String::as_str);
                out.push(RefEntry::new(name, code, i + 1));
            }
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn csv_in_utf8_and_gbk_with_a_title_row() {
        let dir = tempfile::tempdir().unwrap();
        let text = "2024年获奖单位名单\n序号,单位名称,统一社会信用代码\n1,山西某某（集团）有限公司,91140100MA0GRAB0XE\n2,太原某某科技有限公司,\n";
        let gbk = encoding_rs::GBK.encode(text).0.into_owned();
        assert!(std::str::from_utf8(&gbk).is_err());
        for (n, bytes) in [("a.csv", text.as_bytes().to_vec()), ("b.csv", gbk)] {
            let l = load("excluded", &write(dir.path(), n, &bytes), &read::Limits::default()).unwrap();
            assert_eq!(l.entries.len(), 2, "{n}");
            assert_eq!(l.entries[0].key, "山西某某(集团)有限公司");
            assert_eq!(l.entries[0].credit_code.as_deref(), Some("91140100MA0GRAB0XE"));
            assert_eq!(l.entries[0].row, 3);
            assert_eq!(l.entries[1].credit_code, None);
        }
    }

    #[test]
    fn errors_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let l = read::Limits::default();
        let e = load("excluded", &dir.path().join("none.csv"), &l).unwrap_err();
        assert!(e.contains("不存在或无法读取") && e.contains("cannot be read"), "{e}");
        let p = write(dir.path(), "x.csv", "名称,代码\n某公司,1\n".as_bytes());
        let e = load("excluded", &p, &l).unwrap_err();
        assert!(e.contains("单位名称"), "{e}");
        let e = load("winners", &p, &l).unwrap_err();
        assert!(e.contains("unknown reference list name"), "{e}");
    }

    #[test]
    fn the_command_line_replaces_a_default_of_the_same_name() {
        let p = vec![("affiliates".to_string(), PathBuf::from("a")), ("excluded".to_string(), PathBuf::from("e"))];
        let c = vec![("excluded".to_string(), PathBuf::from("x")), ("excluded".to_string(), PathBuf::from("y"))];
        let w = wanted(&p, &c);
        assert_eq!(w.iter().map(|(_, f)| f.to_str().unwrap()).collect::<Vec<_>>(), ["a", "x", "y"]);
    }
}
