//! Incremental runs: a rerun on the same batch with some dossiers changed re-processes only
//! those and writes exactly what a clean run writes, byte for byte.

use std::fs;
use std::path::Path;

use e2e::repo;

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap();
    }
}

fn run(batch: &Path, out: &Path) {
    let cfg = batch::RunConfig::new(batch.to_path_buf(), out.to_path_buf(), repo().join("pipelines/shanxi-2025.toml"));
    batch::run(&cfg, &|_| {}).unwrap();
}

/// Every output file of the contract, by relative path.
fn outputs(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    for f in ["findings.jsonl", "inventory.jsonl"] {
        v.push((f.to_string(), fs::read(out.join(f)).unwrap()));
    }
    for d in ["dossiers", "text"] {
        let mut names: Vec<_> = fs::read_dir(out.join(d)).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        for n in names {
            v.push((format!("{d}/{}", n.to_string_lossy()), fs::read(out.join(d).join(&n)).unwrap()));
        }
    }
    v
}

fn assert_same(a: &Path, b: &Path) {
    let (x, y) = (outputs(a), outputs(b));
    assert_eq!(x.iter().map(|f| &f.0).collect::<Vec<_>>(), y.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, p), (_, q)) in x.iter().zip(&y) {
        assert!(p == q, "{name} differs between the incremental and the clean run");
    }
}

#[test]
fn an_incremental_rerun_equals_a_clean_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let batch = tmp.path().join("batch");
    for d in ["SX2025-0001", "SX2025-0002", "SX2025-0009.zip", "SX2025-0011"] {
        copy_tree(&repo().join("samples/batch").join(d), &batch.join(d));
    }
    let inc = tmp.path().join("inc");
    run(&batch, &inc);
    let cache = inc.join("cache");
    assert_eq!(fs::read_dir(&cache).unwrap().count(), 4, "one cache entry per dossier");

    // The rerun takes unchanged dossiers from the cache: a marked entry shows through.
    let entry = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| fs::read_to_string(p).unwrap().contains("\"id\":\"SX2025-0002\""))
        .unwrap();
    let original = fs::read_to_string(&entry).unwrap();
    fs::write(&entry, original.replacen("\"schema_version\\\": 1", "\"schema_version\\\": 1, \\\"marked\\\": true", 1))
        .unwrap();
    run(&batch, &inc);
    assert!(fs::read_to_string(inc.join("dossiers/SX2025-0002.json")).unwrap().contains("marked"));
    fs::write(&entry, original).unwrap();

    // Change one dossier (an attachment edited, another removed) and add a file to another.
    let d1 = batch.join("SX2025-0001");
    let contract =
        fs::read_dir(&d1).unwrap().map(|e| e.unwrap().path()).find(|p| p.to_string_lossy().contains("合同")).unwrap();
    fs::remove_file(&contract).unwrap();
    fs::write(batch.join("SX2025-0011/说明.txt"), "补充说明：供应链金融").unwrap();
    run(&batch, &inc);

    let clean = tmp.path().join("clean");
    run(&batch, &clean);
    assert_same(&inc, &clean);
    let removed = contract.file_name().unwrap().to_string_lossy().into_owned();
    let inventory = fs::read_to_string(inc.join("inventory.jsonl")).unwrap();
    assert!(!inventory.lines().any(|l| l.contains("SX2025-0001") && l.contains(&removed)), "the removed file is gone");
    assert!(fs::read_to_string(inc.join("inventory.jsonl")).unwrap().contains("说明.txt"));
    assert_eq!(fs::read_dir(&cache).unwrap().count(), 4, "stale entries are pruned");
}
