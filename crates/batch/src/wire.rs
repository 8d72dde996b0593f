//! The wire format of the run folder (PRODUCT.md "Output"): versioned JSON written by hand
//! from the internal types, which stay free of serde.

use model::{FieldValue, Fields, Finding};
use serde_json::{json, Map, Value};

use crate::dossier::{DossierResult, FileRecord};

/// Version of the run folder's JSON layout.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// Fields as the `fields` object of `dossiers/<id>.json`.
pub fn fields_to_json(fields: &Fields) -> Value {
    let mut m = Map::new();
    for (k, v) in fields.iter() {
        m.insert(k.to_string(), value(v));
    }
    Value::Object(m)
}

fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn value(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(s) | FieldValue::Invalid(s) => Value::String(s.clone()),
        FieldValue::Number { value, .. } => number(*value),
        FieldValue::Choices(c) => json!(c),
        FieldValue::Bool(b) => json!(b),
        FieldValue::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), value(v))).collect()),
        FieldValue::Records(rs) => Value::Array(
            rs.iter().map(|r| Value::Object(r.iter().map(|(k, v)| (k.clone(), value(v))).collect())).collect(),
        ),
    }
}

/// What an attachment says about ownership, as `attachments[]` of `dossiers/<id>.json` has it.
pub fn evidence_json(e: &evidence::Evidence) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("kind".into(), json!(e.kind.as_str()));
    m.extend(ownership(e));
    Value::Object(m)
}

/// The ownership keys of an attachment, in the contract's order.
fn ownership(e: &evidence::Evidence) -> serde_json::Map<String, Value> {
    let ip: Vec<&String> = e.patent_numbers.iter().chain(&e.software_copyright_numbers).collect();
    let parties: Vec<Value> = e.parties.iter().map(|p| json!({"role": p.role, "name": p.name})).collect();
    let mut m = serde_json::Map::new();
    m.insert("entities".into(), json!(e.organisations));
    m.insert("credit_codes".into(), json!(e.credit_codes));
    m.insert("ip_numbers".into(), json!(ip));
    m.insert("holders".into(), json!(e.holders));
    m.insert("parties".into(), Value::Array(parties));
    m.insert("amounts_wan".into(), json!(e.amounts_wan));
    m
}

pub(crate) fn dossier_json(d: &DossierResult, template_id: &str) -> Value {
    let attachments: Vec<Value> = d
        .files
        .iter()
        .filter(|f| f.role != "form")
        .map(|f| {
            let mut m = serde_json::Map::new();
            m.insert("path".into(), json!(f.path));
            m.insert("sha256".into(), json!(f.sha256));
            m.insert("kind".into(), json!(f.doc_class));
            m.insert("format".into(), json!(f.format.as_str()));
            m.insert("status".into(), json!(f.status.as_str()));
            m.extend(ownership(&f.evidence));
            m.insert("needs_ocr".into(), json!(f.needs_ocr));
            m.insert("ocr".into(), json!(f.ocr));
            Value::Object(m)
        })
        .collect();
    let ex = d.extraction.as_ref();
    json!({
        "schema_version": SCHEMA_VERSION,
        "dossier_id": d.id,
        "template": template_id,
        "form_file": d.form_file,
        "fields": ex.map_or_else(|| json!({}), |e| fields_to_json(&e.fields)),
        "approximate": ex.map_or_else(Vec::new, |e| e.approximate.clone()),
        "sections_missing": ex.map_or_else(Vec::new, |e| e.sections_missing.clone()),
        "attachments": attachments,
    })
}

pub(crate) fn inventory_line(dossier_id: Option<&str>, f: &FileRecord) -> Value {
    json!({
        "dossier_id": dossier_id,
        "path": f.path,
        "sha256": f.sha256,
        "bytes": f.bytes,
        "kind": f.format.as_str(),
        "role": f.role,
        "status": f.status.as_str(),
        "error": f.error,
        "needs_ocr": f.needs_ocr,
        "ocr": f.ocr,
    })
}

pub(crate) fn finding_line(f: &Finding) -> Value {
    let detail: Value = serde_json::from_str(&f.detail_json).unwrap_or_else(|_| json!({}));
    json!({
        "dossier_id": f.dossier_id,
        "code": f.code.as_str(),
        "severity": f.severity.as_str(),
        "field": f.field,
        "file": f.file,
        "message_zh": f.message_zh,
        "message_en": f.message_en,
        "detail": detail,
        "excerpt": f.excerpt,
        "related": f.related.iter().map(|r| json!({"dossier_id": r.dossier_id, "file": r.file})).collect::<Vec<_>>(),
    })
}

/// The neutral document model as JSON, for `dossier extract --json`.
pub fn document_json(doc: &model::Document) -> Value {
    fn blocks(bs: &[model::Block]) -> Vec<Value> {
        bs.iter()
            .map(|b| match b {
                model::Block::Paragraph(p) => json!({
                    "type": "paragraph",
                    "text": p.text,
                    "heading": p.heading,
                    "style": p.style,
                    "checkboxes": p.checkboxes.iter().map(|c| json!({
                        "at": c.char_index,
                        "checked": c.checked,
                        "source": format!("{:?}", c.source),
                    })).collect::<Vec<_>>(),
                }),
                model::Block::Table(t) => json!({
                    "type": "table",
                    "rows": t.rows.iter().map(|r| r.cells.iter().map(|c| json!({
                        "col": c.col,
                        "span": c.span,
                        "row_span": c.row_span,
                        "merged_from_above": c.merged_from_above,
                        "blocks": blocks(&c.blocks),
                    })).collect::<Vec<_>>()).collect::<Vec<_>>(),
                }),
            })
            .collect()
    }
    json!({ "blocks": blocks(&doc.blocks), "warnings": doc.warnings })
}
