//! Every field of every sample dossier equals the generator's ground truth
//! (`samples/truth/<id>.json`), whatever checkbox convention, label variant or tool made the
//! form — including the forms round-tripped through LibreOffice.

use e2e::{json_diff, repo};
use serde_json::Value;

#[test]
fn every_sample_field_equals_the_ground_truth() {
    let out = e2e::run_samples();
    let mut problems = Vec::new();
    let mut compared = 0;
    for entry in std::fs::read_dir(repo().join("samples/truth")).unwrap() {
        let path = entry.unwrap().path();
        let truth: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let id = truth["dossier_id"].as_str().unwrap();
        let got: Value =
            serde_json::from_slice(&std::fs::read(out.path().join(format!("dossiers/{id}.json"))).unwrap()).unwrap();
        assert_eq!(got["form_file"], truth["form_file"], "{id}: form file");
        let mut diffs = Vec::new();
        json_diff("fields", &truth["fields"], &got["fields"], &mut diffs);
        if !diffs.is_empty() {
            problems.push(format!("{id} ({} differences):\n  {}", diffs.len(), diffs.join("\n  ")));
        }
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} truth files");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
