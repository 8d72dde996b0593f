//! TRACK_UNKNOWN: the chosen track or topic is not one of the contest's.

use model::{FieldValue, FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::TrackUnknown,
    name: "track-unknown",
    severity: Severity::Error,
    doc: "## What it checks\nThe 赛道及参赛方向 written on the form names one of the contest's tracks (by its title, \
          name, number or one of its topics), as listed in the pipeline (`pipelines/*.toml`, from the contest \
          notice).\n\n## Why it matters\nEach contest has its own tracks (Shanxi 9, the national final 14, \
          Heilongjiang 12 with no open track); a dossier in a track that does not exist cannot be assigned to \
          reviewers.\n\n## Example\n`赛道十：数据要素×低空经济` in the Shanxi contest.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    let Some(FieldValue::Text(written)) = input.fields.get("project.track") else { return };
    if input.pipeline.find_track(written).is_some() {
        return;
    }
    let tracks: Vec<String> = input.pipeline.tracks.iter().map(|t| t.title.clone()).collect();
    out.push(
        Draft::field(
            "project.track",
            format!("赛道及参赛方向“{written}”不是{}的赛道", input.pipeline.name_zh),
            format!("track `{written}` is not one of the {} tracks of {}", tracks.len(), input.pipeline.id),
        )
        .detail(&[("written", Detail::S(written.clone())), ("tracks", Detail::L(tracks))])
        .excerpt(written),
    );
}
