//! Search over the run of the shipped `samples/` batch: every patent and 软著 number the ground
//! truth lists is found, in every spelling, in exactly the dossiers that claim it; companies in
//! another spelling; the index holds every dossier.

use std::collections::BTreeSet;

use e2e::repo;
use serde_json::Value;

fn truth() -> Vec<Value> {
    let mut files: Vec<_> =
        std::fs::read_dir(repo().join("samples/truth")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
}

fn numbers(t: &Value, key: &str) -> Vec<String> {
    t["fields"][key].as_array().into_iter().flatten().filter_map(|r| r["number"].as_str().map(str::to_string)).collect()
}

fn dossiers(s: &search::Searcher, q: &str) -> BTreeSet<String> {
    s.search(q, 1000).unwrap_or_else(|e| panic!("{q}: {e}")).into_iter().map(|h| h.dossier_id).collect()
}

#[test]
fn identifiers_of_the_samples_are_found_in_every_spelling() {
    let out = e2e::run_samples();
    let stats = search::build_index(out.path()).unwrap();
    let truth = truth();
    assert_eq!(stats.dossiers, std::fs::read_dir(out.path().join("dossiers")).unwrap().count());
    let s = search::Searcher::open(&search::index_dir(out.path())).unwrap();

    // The run keeps the texts the index is built from, masked.
    let text = std::fs::read_to_string(out.path().join("text/SX2025-0001.jsonl")).unwrap();
    assert!(text.lines().any(|l| l.contains("\"专利证书-1.pdf\"")), "{text:.200}");
    for e in std::fs::read_dir(out.path().join("text")).unwrap() {
        let t = std::fs::read_to_string(e.unwrap().path()).unwrap();
        assert!(conventions::ids::find_id_numbers(&t).is_empty(), "an ID number unmasked in text/");
    }

    let mut checked = 0;
    for t in &truth {
        for n in numbers(t, "ip.patents") {
            let Ok(p) = conventions::ids::patent_number(&n) else { continue };
            let want: BTreeSet<String> = truth
                .iter()
                .filter(|o| {
                    numbers(o, "ip.patents").iter().any(|m| conventions::ids::patent_number(m).is_ok_and(|q| q == p))
                })
                .map(|o| o["dossier_id"].as_str().unwrap().to_string())
                .collect();
            let d = &p.normalized;
            let dotted = format!("{}.{}", &d[..12], &d[12..]);
            for q in [
                format!("patent:ZL {} {} {}.{}", &d[..4], &d[4..5], &d[5..12], &d[12..]),
                format!("patent:ZL{dotted}"),
                format!("patent:{dotted}"),
                format!("patent:CN{dotted}"),
                format!("patent:{d}"),
                format!("ZL{dotted}"),
            ] {
                assert_eq!(dossiers(&s, &q), want, "{q} ({n} in {})", t["dossier_id"]);
                checked += 1;
            }
        }
        for n in numbers(t, "ip.software_copyrights") {
            let key = conventions::ids::software_copyright_number(&n)
                .ok()
                .or_else(|| conventions::ids::certificate_number(&n).map(|c| format!("软著登字第{c}号")));
            let Some(key) = key else { continue };
            let want: BTreeSet<String> = truth
                .iter()
                .filter(|o| {
                    numbers(o, "ip.software_copyrights").iter().any(|m| m.replace(' ', "") == n.replace(' ', ""))
                })
                .map(|o| o["dossier_id"].as_str().unwrap().to_string())
                .collect();
            for q in [format!("copyright:{key}"), format!("copyright:{}", key.to_lowercase())] {
                assert_eq!(dossiers(&s, &q), want, "{q}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} identifier queries");

    // Company names in another spelling: half-width brackets, spaces, full-width letters.
    let mut companies = 0;
    for t in &truth {
        let Some(name) = t["fields"]["units"][0]["name"].as_str() else { continue };
        let respelled: String = name.replace('（', "(").replace('）', ")").chars().flat_map(|c| [c, ' ']).collect();
        let got = dossiers(&s, &format!("company:\"{respelled}\""));
        assert!(got.contains(t["dossier_id"].as_str().unwrap()), "{name}: {got:?}");
        companies += 1;
    }
    assert!(companies >= 15, "{companies}");

    // A word of the narratives, and a track.
    assert!(dossiers(&s, "联邦学习").contains("SX2025-0001"));
    let track = dossiers(&s, "track:工业制造");
    let want: BTreeSet<String> = truth
        .iter()
        .filter(|t| t["fields"]["project.track"].as_str().is_some_and(|x| x.contains("工业制造")))
        .map(|t| t["dossier_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(track, want);
}
