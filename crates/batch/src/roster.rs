//! The platform roster (`roster.xlsx` at the batch root): rows by dossier id.

use std::collections::BTreeMap;
use std::path::Path;

use checks::RosterEntry;
use model::{Block, Document};

/// Whether a file at the batch root is the platform's registration export.
pub(crate) fn is_roster(name: &str) -> bool {
    let lower = name.to_lowercase();
    let ext = read::sniff::extension(name);
    matches!(ext.as_str(), "xlsx" | "xls" | "csv" | "ods") && (lower.starts_with("roster") || name.contains("报名"))
}

/// Reads the roster: the first table whose header row names the dossier id column.
pub(crate) fn load(path: &Path, limits: &read::Limits) -> Result<BTreeMap<String, RosterEntry>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("报名表无法读取 / roster unreadable: {e}"))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let doc = read::sheet::read(&bytes, &name, limits).map_err(|e| e.bilingual())?;
    parse(&doc)
        .ok_or_else(|| "报名表中找不到“编号/项目编号”列，无法与项目对应 / no 编号 column in the roster".to_string())
}

fn parse(doc: &Document) -> Option<BTreeMap<String, RosterEntry>> {
    for block in &doc.blocks {
        let Block::Table(t) = block else { continue };
        let rows: Vec<Vec<String>> =
            t.rows.iter().map(|r| r.cells.iter().map(|c| c.text().trim().to_string()).collect()).collect();
        for (h, header) in rows.iter().enumerate().take(10) {
            let col = |names: &[&str]| {
                header.iter().position(|c| {
                    let c: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
                    names.iter().any(|n| c == *n || c.starts_with(n))
                })
            };
            let Some(id) = col(&["项目编号", "编号", "项目ID", "报名编号"]) else { continue };
            let project = col(&["项目名称"]);
            let team = col(&["团队名称"]);
            let unit = col(&["牵头单位", "参赛单位", "单位名称"]);
            let code = col(&["统一社会信用代码", "信用代码"]);
            let track = col(&["赛道"]);
            let get = |row: &[String], c: Option<usize>| c.and_then(|c| row.get(c)).filter(|s| !s.is_empty()).cloned();
            let mut out = BTreeMap::new();
            for row in &rows[h + 1..] {
                let Some(key) = get(row, Some(id)) else { continue };
                out.insert(
                    key,
                    RosterEntry {
                        project_name: get(row, project),
                        team_name: get(row, team),
                        unit_name: get(row, unit),
                        credit_code: get(row, code),
                        track: get(row, track),
                    },
                );
            }
            return Some(out);
        }
    }
    None
}
