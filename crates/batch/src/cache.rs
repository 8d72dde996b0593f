//! Incremental runs: a per-dossier store of the dossier's serialised outputs, keyed by a hash
//! of everything they depend on — the dossier's files (paths and bytes), the pipeline and
//! template files, the reference lists, this dossier's roster row, the reader limits and the program itself.
//!
//! A dossier whose key is in `OUT/cache/` is not read again: its stored bytes are written as
//! they are, so an incremental run's output equals a clean run's byte for byte. Entries not
//! used by a run are deleted at its end, so the cache holds exactly the current batch.
//!
//! Why files and not SQLite: one entry is one dossier's outputs, written once and read once per
//! run, by one process, atomically (temporary name, rename) like every other file of the run
//! folder; a folder of JSON files needs no new (C) dependency, can be inspected and deleted by
//! hand, and another stage adds its own per-dossier output as one more member of [`Rendered`].

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::input::DossierSource;

/// Version of the entry layout (part of every key).
const CACHE_VERSION: u32 = 1;

/// One dossier's outputs as written to the run folder, plus what the summary counts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    pub(crate) id: String,
    pub(crate) dossier_json: String,
    pub(crate) text_jsonl: String,
    pub(crate) inventory: Vec<String>,
    pub(crate) findings: Vec<String>,
    pub(crate) files_failed: usize,
    pub(crate) form: bool,
    /// Severity of every finding (`error`, `warning`, `info`) with its code.
    pub(crate) severities: Vec<(String, String)>,
    /// The dossier's fingerprint, one line of `fingerprints.jsonl`: the cross stage is
    /// recomputed from it on every run.
    pub(crate) print: String,
}

impl Rendered {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id, "dossier_json": self.dossier_json, "text_jsonl": self.text_jsonl,
            "inventory": self.inventory, "findings": self.findings, "files_failed": self.files_failed,
            "form": self.form, "severities": self.severities, "print": self.print,
        })
    }

    pub(crate) fn from_json(v: &Value) -> Option<Rendered> {
        let strings = |k: &str| -> Option<Vec<String>> {
            v[k].as_array()?.iter().map(|s| s.as_str().map(str::to_string)).collect()
        };
        Some(Rendered {
            id: v["id"].as_str()?.to_string(),
            dossier_json: v["dossier_json"].as_str()?.to_string(),
            text_jsonl: v["text_jsonl"].as_str()?.to_string(),
            inventory: strings("inventory")?,
            findings: strings("findings")?,
            files_failed: v["files_failed"].as_u64()? as usize,
            form: v["form"].as_bool()?,
            severities: v["severities"]
                .as_array()?
                .iter()
                .map(|p| Some((p[0].as_str()?.to_string(), p[1].as_str()?.to_string())))
                .collect::<Option<_>>()?,
            print: v["print"].as_str()?.to_string(),
        })
    }
}

/// The cache of one run folder.
pub(crate) struct Cache {
    dir: PathBuf,
    /// Hash of what every dossier shares: program, pipeline, template, limits.
    base: String,
}

impl Cache {
    pub(crate) fn open(out: &Path, pipeline: &Path, template: &Path, limits: &read::Limits, refs: &str) -> Cache {
        let mut h = Sha256::new();
        h.update(format!("dossier-cache {CACHE_VERSION} {}\n", env!("CARGO_PKG_VERSION")));
        // The program itself: any rebuild invalidates the cache. Streamed through the hash (the
        // release binary is 150 MB with its line tables: read whole, it was the run's largest
        // allocation on a small batch).
        let exe = std::env::current_exe().ok().and_then(|p| fs::File::open(p).ok()).and_then(|f| {
            let mut eh = Sha256::new();
            std::io::copy(&mut std::io::BufReader::with_capacity(1 << 20, f), &mut eh).ok()?;
            Some(eh.finalize())
        });
        if let Some(exe) = exe {
            h.update(exe);
        }
        for p in [pipeline, template] {
            h.update(fs::read(p).unwrap_or_default());
            h.update(b"\n--\n");
        }
        h.update(format!("{limits:?}"));
        // The reference lists (affiliates, exclusions) the checks compare against.
        h.update(Sha256::digest(refs.as_bytes()));
        Cache { dir: out.join("cache"), base: hex::encode(h.finalize()) }
    }

    /// The key of one dossier: its files' paths and bytes, its roster row, the shared base.
    pub(crate) fn key(&self, id: &str, src: &DossierSource, roster_row: &str) -> String {
        let mut h = Sha256::new();
        h.update(&self.base);
        h.update(format!("\n{id}\n{roster_row}\n"));
        match src {
            DossierSource::Folder(dir) => hash_tree(dir, dir, &mut h),
            DossierSource::Zip(p) | DossierSource::Loose(p) => hash_file(p, &mut h),
        }
        hex::encode(h.finalize())
    }

    pub(crate) fn get(&self, key: &str) -> Option<Rendered> {
        let text = fs::read_to_string(self.dir.join(format!("{key}.json"))).ok()?;
        Rendered::from_json(&serde_json::from_str(&text).ok()?)
    }

    /// Stores an entry; a cache that cannot be written only costs speed next time.
    pub(crate) fn put(&self, key: &str, r: &Rendered) {
        let path = self.dir.join(format!("{key}.json"));
        let tmp = self.dir.join(format!("{key}.json.tmp"));
        let _ = fs::create_dir_all(&self.dir)
            .and_then(|_| fs::write(&tmp, r.to_json().to_string()))
            .and_then(|_| fs::rename(&tmp, &path));
    }

    /// Deletes every entry not in `used`.
    pub(crate) fn prune(&self, used: &BTreeSet<String>) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let key = name.strip_suffix(".json").unwrap_or(&name);
            if !used.contains(key) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

fn hash_file(p: &Path, h: &mut Sha256) {
    match fs::File::open(p) {
        Ok(mut f) => {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                match f.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => h.update(&buf[..n]),
                    Err(e) => {
                        h.update(format!("error {e}"));
                        break;
                    }
                }
            }
        }
        Err(e) => h.update(format!("error {e}")),
    }
}

/// Every entry below `dir` in name order: relative path, kind and content.
fn hash_tree(root: &Path, dir: &Path, h: &mut Sha256) {
    let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(e) => e.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            h.update(format!("error {e}"));
            return;
        }
    };
    entries.sort();
    for p in entries {
        let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().into_owned();
        let meta = fs::symlink_metadata(&p);
        match meta {
            Ok(m) if m.is_dir() => {
                h.update(format!("\ndir {rel}\n"));
                hash_tree(root, &p, h);
            }
            Ok(m) if m.is_file() => {
                h.update(format!("\nfile {rel} {}\n", m.len()));
                hash_file(&p, h);
            }
            Ok(_) => h.update(format!("\nother {rel} {:?}\n", fs::read_link(&p).ok())),
            Err(e) => h.update(format!("\nerror {rel} {e}\n")),
        }
    }
}
