//! The index schema: one tantivy document per form item (top-level field key), per attachment
//! and one per dossier (overview), with the dossier's facts copied onto each.

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING};

use crate::tokenizer;

/// Version of the index layout; stamped in the commit payload and checked on open.
pub const SCHEMA_VERSION: u32 = 1;

/// The fields.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) dossier_id: Field,
    pub(crate) team: Field,
    pub(crate) kind: Field,
    pub(crate) location: Field,
    /// Full text (jieba words, positions).
    pub(crate) body: Field,
    /// The dossier's track and direction (jieba words), on every document of the dossier.
    pub(crate) track: Field,
    pub(crate) patent: Field,
    pub(crate) copyright: Field,
    pub(crate) credit: Field,
    /// Company name keys (exact).
    pub(crate) company: Field,
    /// Company names as words (for part of a name).
    pub(crate) company_words: Field,
    /// Finding codes located at this form item or file (the overview holds the rest).
    pub(crate) code: Field,
    /// Order of documents as built, for deterministic ties.
    pub(crate) ord: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer::NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let f = Fields {
        dossier_id: b.add_text_field("dossier_id", STRING | STORED),
        team: b.add_text_field("team", STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        location: b.add_text_field("location", STRING | STORED),
        body: b.add_text_field("body", words(true)),
        track: b.add_text_field("track", words(false)),
        patent: b.add_text_field("patent", STRING),
        copyright: b.add_text_field("copyright", STRING),
        credit: b.add_text_field("credit", STRING),
        company: b.add_text_field("company", STRING),
        company_words: b.add_text_field("company_words", words(false)),
        code: b.add_text_field("code", STRING),
        ord: b.add_u64_field("ord", FAST | STORED),
    };
    (b.build(), f)
}

pub(crate) fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let g = |n: &str| schema.get_field(n);
    Ok(Fields {
        dossier_id: g("dossier_id")?,
        team: g("team")?,
        kind: g("kind")?,
        location: g("location")?,
        body: g("body")?,
        track: g("track")?,
        patent: g("patent")?,
        copyright: g("copyright")?,
        credit: g("credit")?,
        company: g("company")?,
        company_words: g("company_words")?,
        code: g("code")?,
        ord: g("ord")?,
    })
}
