//! The report reads a run folder lean (`RunData::load_for_report`: dossiers read again one at a
//! time keeping only the fields its sheets show, findings made into rows as they are read); its
//! sheets must be exactly those made from the whole run folder.

use e2e::{repo, run_samples};

#[test]
fn lean_reading_makes_the_same_sheets_as_a_full_reading() {
    let out = run_samples();
    let pipeline = template::Pipeline::load(&repo().join("pipelines/shanxi-2025.toml")).unwrap();
    let template = template::Template::load_named(&pipeline.template, &repo().join("templates")).unwrap();
    let full = report::RunData::load(out.path()).unwrap();
    let lean = report::RunData::load_for_report(out.path()).unwrap();

    // Lean it is: no dossier is held, and of each one read again most of the form is left out.
    assert!(lean.dossiers.is_empty(), "dossiers are read again one at a time, not held");
    assert_eq!(lean.dossier_count(), full.dossiers.len());
    let fields = |r: &report::RunData| -> usize {
        let mut n = 0;
        r.for_each_dossier(|d| {
            n += d.json["fields"].as_object().map_or(0, |m| m.len());
            Ok::<(), report::Error>(())
        })
        .unwrap();
        n
    };
    assert!(fields(&lean) * 3 < fields(&full), "{} of {} fields kept", fields(&lean), fields(&full));
    assert!(lean.findings.is_empty(), "findings are streamed, not held");
    assert_eq!(lean.findings_count(), full.findings.len());

    let page = |r: &report::RunData| report::html::page("t", &report::tables::sheets(r, &pipeline, &template).unwrap());
    let (a, b) = (page(&full), page(&lean));
    assert!(a.contains("知识产权") && a.len() > 10_000, "a real report ({} bytes)", a.len());
    same(&a, &b);

    // What `write_reports` writes (as `dossier run` does: the page streamed, the findings read
    // again from the file) is the page of the full reading too.
    report::write_reports(out.path(), &pipeline, &template).unwrap();
    let written = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let title = format!("{} — 形式审查报告", pipeline.name_zh);
    same(&report::html::page(&title, &report::tables::sheets(&full, &pipeline, &template).unwrap()), &written);

    // And the workbook, written in constant-memory mode, holds the same cells as the sheets.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.path().join("report.xlsx")).unwrap();
    for s in report::tables::sheets(&full, &pipeline, &template).unwrap() {
        let range = wb.worksheet_range(&s.name).unwrap();
        let got: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        assert_eq!(got[0], s.headers, "{}", s.name);
        let rows = s.collect_rows().unwrap();
        assert_eq!(got.len() - 1, rows.len(), "{}: rows", s.name);
        for (g, r) in got[1..].iter().zip(&rows) {
            for (i, c) in r.iter().enumerate() {
                let want = match c {
                    report::tables::Cell::Formula { .. } => continue,
                    c => c.display(),
                };
                assert_eq!(g.get(i).map_or("", String::as_str), want, "{}: {g:?} vs {r:?}", s.name);
            }
        }
    }
}

fn same(a: &str, b: &str) {
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
