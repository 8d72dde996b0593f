//! FILE_UNREADABLE: a file that cannot be read, with the reason.

use model::{FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::FileUnreadable,
    name: "file-unreadable",
    severity: Severity::Warning,
    doc: "## What it checks\nEvery file of the dossier was read: not corrupt, encrypted, of an unsupported kind or \
          over a safety limit (zip bombs, entity bombs, path traversal).\n\n## Why it matters\nEvidence that cannot \
          be opened cannot be verified; the team must resubmit it. An unreadable file that may be the form is an \
          error, an unreadable attachment a warning.\n\n## Example\n`专利证书.pdf` encrypted with a password; \
          `申报书.docx` truncated during upload.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for f in input.files {
        let Some(reason) = &f.unreadable else { continue };
        let zh_reason = reason.split(" / ").next().unwrap_or(reason);
        let en_reason = reason.rsplit(" / ").next().unwrap_or(reason);
        let mut d = Draft::file(
            f.path.clone(),
            format!("文件“{}”无法读取：{zh_reason}", f.path),
            format!("file `{}` cannot be read: {en_reason}", f.path),
        )
        .detail(&[("reason", Detail::S(reason.clone()))]);
        if f.form_candidate && input.form_file.is_none() {
            d = d.severity(Severity::Error);
        }
        out.push(d);
    }
}
