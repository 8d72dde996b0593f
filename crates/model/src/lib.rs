//! The neutral types every stage of the dossier pipeline shares.
//!
//! Readers (`read`) turn DOCX, PDF, XLSX … into a [`Document`]; the template matcher
//! (`extract`) turns a `Document` into [`Fields`]; checks turn fields into [`Finding`]s.
//! Nothing here does IO or knows a file format, and nothing here is serialisable: the wire
//! formats live with the writers, so the internal types can change freely.
//!
//! ```
//! use model::{Block, Document, Paragraph};
//! let mut doc = Document::default();
//! doc.blocks.push(Block::Paragraph(Paragraph::from_text("项目名称：示例")));
//! assert_eq!(doc.plain_text(), "项目名称：示例\n");
//! ```

mod document;
mod finding;
mod value;

pub use document::{Block, Cell, CheckSource, Checkbox, Document, Paragraph, Row, Table, CHECKED, UNCHECKED};
pub use finding::{Finding, FindingCode, Related, Severity};
pub use value::{FieldValue, Fields};
