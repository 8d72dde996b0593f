//! IP_EVIDENCE_MISSING: a claimed patent or 软著 whose number appears in no attachment.

use model::{FieldValue, FindingCode, Severity};

use super::{attachments, same_base};
use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::{get, record_name, records};
use crate::{FileFacts, Input};

pub(crate) const CHECK: Check = Check {
    code: FindingCode::IpEvidenceMissing,
    name: "ip-evidence-missing",
    severity: Severity::Warning,
    doc: "## What it checks\nEvery patent and 软著 the form claims (五、附件 1) whose number is valid appears, \
          normalised (`ZL 2023 1 0123456.7` = `202310123456.7`), in the text of at least one attachment \
          (a certificate, a register extract…); the application form itself, and other copies of it \
          (`申报书.pdf` beside `申报书.docx`), do not count. \
          A scan without a text layer or an image cannot prove absence: when the number is not found but a \
          certificate scan of that kind, the claim's own proof file, or an attachment of unknown kind needs OCR \
          or could not be read, the finding is `info` and says that the number could not be verified rather \
          than that it is missing. Numbers that are invalid or given as a publication or certificate number \
          are left to `PATENT_NUMBER_INVALID` / `SOFTWARE_COPYRIGHT_NUMBER_INVALID`.\n\n\
          ## Why it matters\nIP reviewers (技术验证) score only IP with evidence; a number without any \
          certificate is often a borrowed or invented claim.\n\n\
          ## Example\nThe form claims `ZL202310123456.7`; the only certificate uploaded is for \
          `ZL202210654321.X` (warning). The claim's proof `专利证书-2.jpg` is a photo (info: verify by eye).",
    run,
};

/// What a claim is, for matching and messages.
struct Kind {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    certificate: evidence::Kind,
}

const KINDS: [Kind; 2] = [
    Kind { key: "ip.patents", zh: "专利", en: "patent", certificate: evidence::Kind::PatentCertificate },
    Kind {
        key: "ip.software_copyrights",
        zh: "软著",
        en: "software copyright",
        certificate: evidence::Kind::SoftwareCopyrightCertificate,
    },
];

fn run(input: &Input<'_>, out: &mut Out) {
    if input.form_file.is_none() {
        return;
    }
    for kind in &KINDS {
        for (i, rec) in records(input, kind.key).iter().enumerate() {
            let Some(written) = get(rec, "number").and_then(FieldValue::as_text) else { continue };
            let Some(number) = normalise(kind.key, written) else { continue };
            let found = attachments(input).any(|f| numbers(kind.key, f).any(|n| *n == number));
            if found {
                continue;
            }
            let name = record_name(rec).unwrap_or("");
            let proof = get(rec, "proof").and_then(FieldValue::as_text);
            let unverified: Vec<&str> = attachments(input)
                .filter(|f| f.needs_ocr.is_some() || f.unreadable.is_some())
                .filter(|f| {
                    f.evidence.kind == kind.certificate
                        || class_is(f, kind.certificate)
                        || f.class == "other"
                        || proof.is_some_and(|p| same_base(&f.path, p))
                })
                .map(|f| f.path.as_str())
                .collect();
            let key = format!("{}[{i}].number", kind.key);
            let d = if unverified.is_empty() {
                Draft::field(
                    key,
                    format!("{}“{name}”（{number}）在所有附件中都找不到该编号，缺少证书等证明材料", kind.zh),
                    format!("{} `{name}` ({number}): the number appears in no attachment", kind.en),
                )
                .detail(&[("number", Detail::S(number.clone())), ("verifiable", Detail::B(true))])
            } else {
                Draft::field(
                    key,
                    format!(
                        "{}“{name}”（{number}）无法自动核对：可读附件中没有该编号，而“{}”是图片或无文字层的扫描件（或无法读取），需人工查看或文字识别（OCR）",
                        kind.zh,
                        unverified.join("”“")
                    ),
                    format!(
                        "{} `{name}` ({number}) could not be verified: no readable attachment has the number, and {} need OCR or could not be read",
                        kind.en,
                        unverified.join(", ")
                    ),
                )
                .severity(Severity::Info)
                .detail(&[
                    ("number", Detail::S(number.clone())),
                    ("verifiable", Detail::B(false)),
                    ("files", Detail::L(unverified.iter().map(|s| s.to_string()).collect())),
                ])
            };
            out.push(d.excerpt(written));
        }
    }
}

fn class_is(f: &FileFacts, k: evidence::Kind) -> bool {
    f.class == k.as_str()
}

/// The claimed number in the form attachments print it in, when it is valid.
fn normalise(key: &str, written: &str) -> Option<String> {
    if key == "ip.patents" {
        if conventions::ids::publication_number(written).is_some() {
            return None;
        }
        conventions::ids::patent_number(written).ok().map(|p| p.display())
    } else {
        conventions::ids::software_copyright_number(written).ok()
    }
}

fn numbers<'a>(key: &str, f: &'a FileFacts) -> std::slice::Iter<'a, String> {
    if key == "ip.patents" {
        f.evidence.patent_numbers.iter()
    } else {
        f.evidence.software_copyright_numbers.iter()
    }
}
