//! WORD_LIMIT_EXCEEDED: text longer than the item's limit, counted as Word's 字数统计.

use conventions::wordcount::word_count;
use model::{FieldValue, FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::items;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::WordLimitExceeded,
    name: "word-limit-exceeded",
    severity: Severity::Error,
    doc: "## What it checks\nEvery item with a word limit (限 N 字 / N字以内 / 不超过 N 字: 项目简述 1000, 单位简介 300, \
          核心能力 600, case cells 200/300/200, member role 50, the part-two sections) stays within it, counted as \
          Microsoft Word's 字数统计 counts: each CJK character or full-width mark is 1, each run of other \
          non-space characters is 1 (`5G` 1, `AI大模型` 4, `2024年` 2). A text at exactly the limit passes.\n\n\
          ## Why it matters\nTeams and staff both check with Word; the count must agree with theirs.\n\n\
          ## Example\n项目背景 with 612 字 against a limit of 500.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for it in items(input) {
        let (Some(limit), FieldValue::Text(text)) = (it.word_limit, it.value) else { continue };
        let count = word_count(text);
        if count > limit {
            out.push(
                Draft::field(
                    it.key.clone(),
                    format!("{}超出字数限制：{count} 字，限 {limit} 字", it.name_zh),
                    format!("{} is {count} words long; the limit is {limit}", it.key),
                )
                .detail(&[("count", Detail::N(count as f64)), ("limit", Detail::N(limit as f64))])
                .excerpt(text),
            );
        }
    }
}
