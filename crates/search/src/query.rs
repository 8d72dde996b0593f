//! The query language: `patent:` `copyright:` `company:` `credit:` `track:` `code:` field
//! clauses, plain words and quoted phrases, all required (AND).
//!
//! A plain word of several jieba words (`供应链金融`) is a phrase: its words must follow each
//! other, so a text that merely contains the characters apart does not match. A plain word that
//! is a valid patent, 软著 or credit-code number also matches that identifier wherever it is
//! stated. Field values may be quoted (`company:"山西 某某 有限公司"`).

use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::error::{Error, Result};
use crate::schema::Fields;
use crate::{norm, tokenizer};

/// A field a clause may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    Patent,
    Copyright,
    Company,
    Credit,
    Track,
    Code,
}

impl Named {
    fn parse(s: &str) -> Option<Named> {
        Some(match s.to_ascii_lowercase().as_str() {
            "patent" | "专利" => Named::Patent,
            "copyright" | "软著" => Named::Copyright,
            "company" | "单位" => Named::Company,
            "credit" | "信用代码" => Named::Credit,
            "track" | "赛道" => Named::Track,
            "code" | "问题" => Named::Code,
            _ => return None,
        })
    }
}

/// One clause of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Clause {
    /// Plain words or a quoted phrase: full text.
    Text(String),
    /// `field:value`.
    Field(Named, String),
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '＂')
}

/// Splits a query into clauses.
pub(crate) fn parse(q: &str) -> Result<Vec<Clause>> {
    let chars: Vec<char> = q.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let read_quoted = |i: &mut usize| -> String {
        *i += 1;
        let start = *i;
        while *i < chars.len() && !is_quote(chars[*i]) {
            *i += 1;
        }
        let s: String = chars[start..*i].iter().collect();
        *i += 1;
        s
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_quote(c) {
            let s = read_quoted(&mut i);
            if !s.trim().is_empty() {
                out.push(Clause::Text(s));
            }
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], ':' | '：') && !is_quote(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let named = (i < chars.len() && matches!(chars[i], ':' | '：')).then(|| Named::parse(&word)).flatten();
        match named {
            Some(n) => {
                i += 1;
                let mut value = if i < chars.len() && is_quote(chars[i]) {
                    read_quoted(&mut i)
                } else {
                    let s = i;
                    while i < chars.len() && !chars[i].is_whitespace() {
                        i += 1;
                    }
                    chars[s..i].iter().collect()
                };
                // `patent:ZL 2023 1 0123456.7` unquoted: an identifier written in groups takes
                // the following groups of digits while it is not yet complete.
                if matches!(n, Named::Patent | Named::Copyright | Named::Credit) {
                    while !complete(n, &value) {
                        let mut j = i;
                        while j < chars.len() && chars[j].is_whitespace() {
                            j += 1;
                        }
                        let s = j;
                        while j < chars.len() && !chars[j].is_whitespace() {
                            j += 1;
                        }
                        let group: String = chars[s..j].iter().collect();
                        let digits = !group.is_empty()
                            && group.chars().all(|c| {
                                let c = conventions::normalize::fold_char(c);
                                c.is_ascii_alphanumeric() || matches!(c, '.' | '。')
                            })
                            && group.chars().any(|c| conventions::normalize::fold_char(c).is_ascii_digit());
                        if !digits {
                            break;
                        }
                        value.push(' ');
                        value.push_str(&group);
                        i = j;
                    }
                }
                if value.trim().is_empty() {
                    return Err(Error::query(
                        format!("“{word}:” 后面缺少要查找的内容，例如 {word}:ZL202310123456.7"),
                        format!("nothing to search after `{word}:`"),
                    ));
                }
                out.push(Clause::Field(n, value));
            }
            None => {
                // Not a known field: the word (and any colon and what follows) is plain text.
                while i < chars.len() && !chars[i].is_whitespace() && !is_quote(chars[i]) {
                    i += 1;
                }
                out.push(Clause::Text(chars[start..i].iter().collect()));
            }
        }
    }
    if out.is_empty() {
        return Err(Error::query("检索内容为空", "empty query"));
    }
    Ok(out)
}

/// Whether an identifier value is a whole valid identifier of its field.
fn complete(n: Named, v: &str) -> bool {
    use conventions::ids;
    match n {
        Named::Patent => ids::patent_number(v).is_ok(),
        Named::Copyright => ids::software_copyright_number(v).is_ok() || ids::certificate_number(v).is_some(),
        Named::Credit => ids::normalize_credit_code(v).is_ok(),
        _ => true,
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqsAndPositions))
}

/// Words in order: one word is a term, several a phrase (adjacent word ordinals).
fn words_query(field: Field, text: &str) -> Option<Box<dyn Query>> {
    let words = tokenizer::words(text);
    match words.len() {
        0 => None,
        1 => Some(term_query(field, &words[0].text)),
        _ => Some(Box::new(PhraseQuery::new(words.iter().map(|w| Term::from_field_text(field, &w.text)).collect()))),
    }
}

fn any_of(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.into_iter().next().expect("one query");
    }
    Box::new(BooleanQuery::new(qs.into_iter().map(|q| (Occur::Should, q)).collect()))
}

/// The tantivy query of parsed clauses.
pub(crate) fn to_query(clauses: &[Clause], f: &Fields) -> Result<Box<dyn Query>> {
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut dossier_level_only = true;
    for c in clauses {
        let q: Box<dyn Query> = match c {
            Clause::Text(s) => {
                dossier_level_only = false;
                let mut qs = Vec::new();
                if let Some(q) = words_query(f.body, s) {
                    qs.push(q);
                }
                if conventions::ids::patent_number(s).is_ok() {
                    qs.extend(norm::patent(s).map(|k| term_query(f.patent, &k)));
                }
                if conventions::ids::software_copyright_number(s).is_ok()
                    || conventions::ids::certificate_number(s).is_some()
                {
                    qs.extend(norm::copyright(s).map(|k| term_query(f.copyright, &k)));
                }
                if conventions::ids::normalize_credit_code(s).is_ok() {
                    qs.extend(norm::credit(s).map(|k| term_query(f.credit, &k)));
                }
                if qs.is_empty() {
                    return Err(Error::query(
                        format!("“{s}” 中没有可检索的文字"),
                        format!("`{s}` has nothing searchable (only punctuation?)"),
                    ));
                }
                any_of(qs)
            }
            Clause::Field(Named::Patent, s) => {
                dossier_level_only = false;
                let k = norm::patent(s).ok_or_else(|| {
                    Error::query(
                        format!("“{s}” 不像专利号（例如 ZL202310123456.7）"),
                        format!("`{s}` is not a patent number (e.g. ZL202310123456.7)"),
                    )
                })?;
                term_query(f.patent, &k)
            }
            Clause::Field(Named::Copyright, s) => {
                dossier_level_only = false;
                let mut qs: Vec<Box<dyn Query>> =
                    norm::copyright(s).map(|k| term_query(f.copyright, &k)).into_iter().collect();
                let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                    qs.push(term_query(f.copyright, &norm::certificate_key(&digits)));
                }
                if qs.is_empty() {
                    return Err(Error::query(format!("“{s}” 不像软著登记号"), format!("`{s}` is not a 软著 number")));
                }
                any_of(qs)
            }
            Clause::Field(Named::Credit, s) => {
                dossier_level_only = false;
                let k = norm::credit(s).ok_or_else(|| Error::query("信用代码为空", "empty credit code"))?;
                term_query(f.credit, &k)
            }
            Clause::Field(Named::Company, s) => {
                dossier_level_only = false;
                let mut qs: Vec<Box<dyn Query>> =
                    norm::company(s).map(|k| term_query(f.company, &k)).into_iter().collect();
                qs.extend(words_query(f.company_words, s));
                if qs.is_empty() {
                    return Err(Error::query("单位名称为空", "empty company name"));
                }
                any_of(qs)
            }
            Clause::Field(Named::Code, s) => {
                dossier_level_only = false;
                term_query(f.code, &s.trim().to_ascii_uppercase())
            }
            Clause::Field(Named::Track, s) => words_query(f.track, s).ok_or_else(|| {
                Error::query(format!("“{s}” 中没有可检索的文字"), format!("`{s}` has nothing searchable"))
            })?,
        };
        must.push((Occur::Must, q));
    }
    if dossier_level_only {
        // Only dossier-wide conditions: one hit per dossier, its overview.
        must.push((Occur::Must, term_query(f.kind, "dossier")));
    }
    Ok(Box::new(BooleanQuery::new(must)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_fields_quotes_and_plain_words() {
        let c =
            parse(r#"patent:ZL202310123456.7 company:"山西 某某 有限公司" 供应链金融 "数据 确权" 备注:无"#).unwrap();
        assert_eq!(
            c,
            vec![
                Clause::Field(Named::Patent, "ZL202310123456.7".into()),
                Clause::Field(Named::Company, "山西 某某 有限公司".into()),
                Clause::Text("供应链金融".into()),
                Clause::Text("数据 确权".into()),
                Clause::Text("备注:无".into()),
            ]
        );
        assert_eq!(
            parse("CODE：word_limit_exceeded").unwrap(),
            vec![Clause::Field(Named::Code, "word_limit_exceeded".into())]
        );
        assert_eq!(
            parse("patent:ZL 2023 1 0123456.7 供应链").unwrap(),
            vec![Clause::Field(Named::Patent, "ZL 2023 1 0123456.7".into()), Clause::Text("供应链".into())]
        );
        assert!(parse("patent:").is_err());
        assert!(parse("   ").is_err());
    }
}
