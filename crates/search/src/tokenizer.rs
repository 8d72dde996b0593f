//! The Chinese word tokenizer: jieba word segmentation with token positions that are word
//! ordinals (0, 1, 2, …), so that phrase queries ("供应链金融" = 供应链 then 金融) work.
//!
//! Jieba cuts by context: `供应链金融服务` becomes 供应链 / 金融服务 while the query `供应链金融`
//! becomes 供应链 / 金融, and the phrase would not match. So a Chinese word of four characters or
//! more that the dictionary can tile with shorter words of two characters or more is emitted as
//! those parts (金融服务 → 金融 服务, 人工智能 → 人工 智能), at consecutive positions, in the text
//! and in the query alike. Words of two or three characters stay whole (供应链), so a query
//! still never matches characters that merely sit side by side across word boundaries.
//!
//! Text is width-folded and ASCII lower-cased before cutting (`ＡＢＣ` = `abc`); white space and
//! punctuation produce no token and take no position. Offsets point into the original text,
//! for highlighting.

use jieba_rs::Jieba;
use once_cell::sync::Lazy;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the tokenizer is registered in the index.
pub(crate) const NAME: &str = "dossier_jieba";

static JIEBA: Lazy<Jieba> = Lazy::new(Jieba::new);

/// Jieba words with ordinal positions.
#[derive(Clone, Default)]
pub(crate) struct WordTokenizer;

/// Tokens already cut.
pub(crate) struct WordStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        WordStream { tokens: words(text), next: 0 }
    }
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Whether a jieba word carries meaning (letters, digits or ideographs), not only space or
/// punctuation.
fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphanumeric)
}

/// The words of `text`: folded text, ordinal positions, offsets into `text`.
pub(crate) fn words(text: &str) -> Vec<Token> {
    let mut folded = String::with_capacity(text.len());
    // original byte offset of each folded byte offset (folding is char for char)
    let mut orig_at: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let f = conventions::normalize::fold_char(c).to_ascii_lowercase();
        for _ in 0..f.len_utf8() {
            orig_at.push(i);
        }
        folded.push(f);
    }
    orig_at.push(text.len());
    let mut out = Vec::new();
    for t in JIEBA.cut(&folded, true) {
        if !is_word(t.word) {
            continue;
        }
        for (s, e) in parts(t.word) {
            out.push(Token {
                offset_from: orig_at[t.byte_start + s],
                offset_to: orig_at[t.byte_start + e],
                position: out.len(),
                text: t.word[s..e].to_string(),
                position_length: 1,
            });
        }
    }
    out
}

/// The parts of a word as byte ranges: the fewest dictionary words of 2+ characters, each
/// shorter than the word, that tile a Chinese word of 4+ characters; else the word whole.
fn parts(word: &str) -> Vec<(usize, usize)> {
    let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).chain(std::iter::once(word.len())).collect();
    let n = bounds.len() - 1;
    let whole = vec![(0, word.len())];
    if n < 4 || !word.chars().all(conventions::wordcount::is_cjk_ideograph) {
        return whole;
    }
    // best[i]: fewest pieces tiling the first i characters, with the piece that ends there.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for i in 0..n {
        let Some((count, _)) = best[i] else { continue };
        for len in (2..n).rev() {
            let j = i + len;
            if j > n || !JIEBA.has_word(&word[bounds[i]..bounds[j]]) {
                continue;
            }
            if best[j].is_none_or(|(c, _)| count + 1 < c) {
                best[j] = Some((count + 1, i));
            }
        }
    }
    if best[n].is_none() {
        return whole;
    }
    let mut out = Vec::new();
    let mut j = n;
    while j > 0 {
        let (_, i) = best[j].expect("a tiled prefix");
        out.push((bounds[i], bounds[j]));
        j = i;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_word_ordinals_and_offsets_point_into_the_original() {
        let text = "推动供应链金融，发展ＡＢＣ数据";
        let ws = words(text);
        for (i, t) in ws.iter().enumerate() {
            assert_eq!(t.position, i, "{ws:?}");
        }
        let texts: Vec<&str> = ws.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["推动", "供应链", "金融", "发展", "abc", "数据"]);
        assert!(texts.contains(&"供应链"), "{texts:?}");
        assert!(texts.contains(&"金融"), "{texts:?}");
        assert!(texts.contains(&"abc"), "{texts:?}");
        let abc = ws.iter().find(|t| t.text == "abc").unwrap();
        assert_eq!(&text[abc.offset_from..abc.offset_to], "ＡＢＣ");
        assert!(!texts.iter().any(|t| t.contains('，')));
    }

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn long_words_are_tiled_with_dictionary_words_short_ones_stay_whole() {
        // In context jieba keeps 金融服务 whole; its parts make 供应链 金融 a phrase of the text.
        assert_eq!(texts("开展供应链金融服务"), ["开展", "供应链", "金融", "服务"]);
        assert_eq!(texts("供应链金融"), ["供应链", "金融"]);
        assert_eq!(texts("零部件"), ["零部件"]);
        let ws = words("推进金融服务");
        assert_eq!(ws.iter().map(|t| t.position).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(&"推进金融服务"[ws[1].offset_from..ws[1].offset_to], "金融");
    }
}
