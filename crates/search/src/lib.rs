//! Search over a run folder, for reviewers: a tantivy index in `OUT/index/` with one document
//! per form item (top-level field key), per attachment and per dossier (overview), Chinese
//! text cut into words by jieba, and identifiers (patent, 软著 and credit-code numbers, company
//! names) normalised at index and at query time.
//!
//! ```no_run
//! let stats = search::build_index(std::path::Path::new("out")).unwrap();
//! let s = search::Searcher::open(&search::index_dir(std::path::Path::new("out"))).unwrap();
//! for hit in s.search("patent:ZL202310123456.7 供应链金融", 20).unwrap() {
//!     println!("{} {} {}", hit.dossier_id, hit.location, hit.snippet_html);
//! }
//! # let _ = stats;
//! ```
//!
//! Query syntax (all clauses required): `patent:` `copyright:` `company:` `credit:` `track:`
//! `code:` (finding codes), plain words (full text; several jieba words must be adjacent),
//! `"quoted phrases"`. `track:` alone lists dossiers (one hit each, kind `dossier`).
//!
//! The index is built from the run folder alone (`dossiers/*.json`, `text/*.jsonl`,
//! `findings.jsonl`), one dossier at a time; it is a derived artefact and is rebuilt whole.

mod build;
mod error;
mod norm;
mod query;
mod schema;
mod tokenizer;

use std::cmp::Reverse;
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::schema::Value as _;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocId, Index, IndexReader, ReloadPolicy, Score, SegmentReader, TantivyDocument};

pub use crate::build::index_dir;
pub use crate::error::{Error, Result};
pub use crate::schema::SCHEMA_VERSION;

/// What an index build did.
#[derive(Debug, Clone, Default)]
pub struct IndexStats {
    /// Dossiers indexed.
    pub dossiers: usize,
    /// Documents written (overviews, form items and attachments).
    pub documents: usize,
    /// Form-item documents.
    pub form_items: usize,
    /// Attachment documents.
    pub attachments: usize,
    /// Wall time of the build.
    pub seconds: f64,
}

/// Builds (or rebuilds) `OUT/index/` from the run folder `out`.
pub fn build_index(out: &Path) -> Result<IndexStats> {
    build::build_index(out)
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The dossier.
    pub dossier_id: String,
    /// Its team name, when the form states it.
    pub team: Option<String>,
    /// `"form"` (a form item), `"attachment"` (a file) or `"dossier"` (the dossier as a whole:
    /// its id, project, team and track, and findings located nowhere more precise).
    pub kind: &'static str,
    /// The form item's field key, or the attachment's path (empty for `"dossier"`).
    pub location: String,
    /// A piece of the text with the matched words in `<b>…</b>`, HTML-escaped.
    pub snippet_html: String,
    /// Relevance (BM25), higher first.
    pub score: f32,
}

/// An open index.
pub struct Searcher {
    reader: IndexReader,
    fields: schema::Fields,
}

impl Searcher {
    /// Opens `OUT/index/` (see [`index_dir`]).
    pub fn open(index_dir: &Path) -> Result<Searcher> {
        if !index_dir.join("meta.json").is_file() {
            return Err(Error::NoIndex { path: index_dir.to_path_buf() });
        }
        let index = Index::open_in_dir(index_dir)?;
        let found = index
            .load_metas()?
            .payload
            .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
            .and_then(|v| v["schema_version"].as_u64());
        if found != Some(u64::from(SCHEMA_VERSION)) {
            return Err(Error::Stale {
                path: index_dir.to_path_buf(),
                found: found.map_or_else(|| "none".to_string(), |v| v.to_string()),
                expected: SCHEMA_VERSION,
            });
        }
        index.tokenizers().register(tokenizer::NAME, tokenizer::WordTokenizer);
        let fields = schema::fields_of(&index.schema())?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Searcher { reader, fields })
    }

    /// Runs a query (see the crate docs for the syntax); at most `limit` hits, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        let clauses = query::parse(query)?;
        let q = query::to_query(&clauses, &self.fields)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        // Ranked by score, equal scores in build order (`ord`), so which of many equal hits make
        // the cut at `limit` does not depend on how the documents fell into segments.
        let ranked = TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
            let ords = segment.fast_fields().u64("ord").ok().map(|c| c.first_or_default_col(u64::MAX));
            move |doc: DocId, score: Score| (score, Reverse(ords.as_ref().map_or(u64::MAX, |c| c.get_val(doc))))
        });
        let top = searcher.search(&*q, &ranked)?;
        let mut snippets = SnippetGenerator::create(&searcher, &*q, self.fields.body)?;
        snippets.set_max_num_chars(160);
        let needles = needles(&clauses);
        let f = &self.fields;
        let mut hits = Vec::with_capacity(top.len());
        for ((score, _), addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let body = text(f.body);
            let snippet = snippets.snippet(&body);
            let snippet_html = if snippet.is_empty() {
                fallback_snippet(&body, &needles)
            } else {
                // Adjacent highlighted words (供应链 金融) read as one highlight.
                snippet.to_html().replace("</b><b>", "")
            };
            let team = text(f.team);
            hits.push(Hit {
                dossier_id: text(f.dossier_id),
                team: (!team.is_empty()).then_some(team),
                kind: match text(f.kind).as_str() {
                    "form" => "form",
                    "attachment" => "attachment",
                    _ => "dossier",
                },
                location: text(f.location),
                snippet_html,
                score,
            });
        }
        // `top` came best first, equal scores in build order: so do the hits.
        Ok(hits)
    }

    /// Documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

/// Strings to highlight when the words of the body did not match (identifier and company
/// clauses): the value as typed and its key.
fn needles(clauses: &[query::Clause]) -> Vec<String> {
    let mut out = Vec::new();
    for c in clauses {
        if let query::Clause::Field(n, s) = c {
            out.push(s.trim().to_string());
            if *n == query::Named::Patent {
                if let Ok(p) = conventions::ids::patent_number(s) {
                    out.push(p.display());
                }
                if let Some(k) = norm::patent(s) {
                    // the digits before the check character, as any spelling without spaces has them
                    out.push(k[..k.len().saturating_sub(1)].to_string());
                }
            }
            if let Some(k) = match n {
                query::Named::Copyright => norm::copyright(s),
                query::Named::Credit => norm::credit(s),
                _ => None,
            } {
                out.push(k);
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// About 160 characters around the first needle found in `body` (highlighted), else its start.
fn fallback_snippet(body: &str, needles: &[String]) -> String {
    const WINDOW: usize = 160;
    let found = needles.iter().find_map(|n| body.find(n.as_str()).map(|at| (at, at + n.len())));
    let Some((s, e)) = found else {
        return escape(&body.chars().take(WINDOW).collect::<String>());
    };
    let before: String = {
        let v: Vec<char> = body[..s].chars().rev().take(40).collect();
        v.into_iter().rev().collect()
    };
    let after: String = body[e..].chars().take(WINDOW.saturating_sub(40)).collect();
    format!("{}<b>{}</b>{}", escape(&before), escape(&body[s..e]), escape(&after))
}

#[cfg(test)]
pub(crate) mod tests_support {
    /// A valid new-form patent number, `YYYYTNNNNNNN.C`.
    pub(crate) fn valid_patent() -> String {
        let body = "202310123456";
        let c = conventions::ids::patent_check_char(body).unwrap();
        format!("{body}.{c}")
    }
}
