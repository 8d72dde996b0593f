//! OCR_NEEDED: a scan or picture whose text could not be read, so nothing in it was checked.

use model::{FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::OcrNeeded,
    name: "ocr-needed",
    severity: Severity::Warning,
    doc: "## What it checks\nEvery scan and picture (JPEG/PNG attachments, PDFs whose pages are images) had its text \
          read, by the PDF's own text layer or by OCR. A file whose text could not be read — this build has no OCR \
          engine, or OCR found no text — is reported with the reason.\n\n## Why it matters\nIdentifiers, holders and \
          contract parties in such a file were not compared with the form: a licence or certificate that says \
          something else goes unnoticed. A reviewer must look at it, or the run be repeated with OCR \
          (`--features ocr`).\n\n## Example\n`营业执照.jpg` with OCR not built in; `专利证书.pdf` scanned so faintly \
          that OCR reads nothing.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for f in input.files {
        let Some(reason) = &f.needs_ocr else { continue };
        let zh = reason.split(" / ").next().unwrap_or(reason);
        let en = reason.rsplit(" / ").next().unwrap_or(reason);
        out.push(
            Draft::file(
                f.path.clone(),
                format!("“{}”的文字未能读取，其中的内容未经核对：{zh}", f.path),
                format!("the text of `{}` could not be read, so its content was not checked: {en}", f.path),
            )
            .detail(&[("reason", Detail::S(reason.clone()))]),
        );
    }
}
