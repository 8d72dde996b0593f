//! The report reads a run folder lean (`RunData::load_for_report`: only the fields its sheets
//! show, findings made into rows as they are read); its sheets must be exactly those made from
//! the whole run folder.

use e2e::{repo, run_samples};

#[test]
fn lean_reading_makes_the_same_sheets_as_a_full_reading() {
    let out = run_samples();
    let pipeline = template::Pipeline::load(&repo().join("pipelines/shanxi-2025.toml")).unwrap();
    let template = template::Template::load_named(&pipeline.template, &repo().join("templates")).unwrap();
    let full = report::RunData::load(out.path()).unwrap();
    let lean = report::RunData::load_for_report(out.path()).unwrap();

    // Lean it is: most of each form is left out.
    let fields = |r: &report::RunData| -> usize {
        r.dossiers.iter().map(|d| d.json["fields"].as_object().map_or(0, |m| m.len())).sum()
    };
    assert!(fields(&lean) * 3 < fields(&full), "{} of {} fields kept", fields(&lean), fields(&full));
    assert_eq!(lean.findings.len(), full.findings.len());

    let page = |r: &report::RunData| report::html::page("t", &report::tables::sheets(r, &pipeline, &template));
    let (a, b) = (page(&full), page(&lean));
    assert!(a.contains("知识产权") && a.len() > 10_000, "a real report ({} bytes)", a.len());
    if a != b {
        let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let from = at.saturating_sub(200);
        panic!(
            "sheets differ at char {at}:\nfull: {}\nlean: {}",
            a.chars().skip(from).take(400).collect::<String>(),
            b.chars().skip(from).take(400).collect::<String>()
        );
    }
}
