//! Listing a batch: which dossiers there are and which files each holds.

use std::path::{Path, PathBuf};

use read::container::Zip;
use read::Limits;

/// Where a dossier comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossierSource {
    /// A folder (the folder name is the id).
    Folder(PathBuf),
    /// A zip file (the file stem is the id).
    Zip(PathBuf),
    /// A file at the batch root that belongs to no dossier (kept for the inventory).
    Loose(PathBuf),
}

/// One file of a dossier, held in memory while the dossier is processed.
pub(crate) struct InputFile {
    /// Path inside the dossier (`/`-separated; zip members as `a.zip/b.pdf` when nested).
    pub path: String,
    pub bytes: Vec<u8>,
    /// Set when the file could not even be taken out of its container.
    pub error: Option<String>,
    /// Size on disk or declared in the zip, when the bytes could not be read.
    pub declared_size: u64,
}

/// Lists the dossiers of a batch folder, sorted by id. `roster.xlsx` and other loose files at
/// the root are listed as [`DossierSource::Loose`].
pub fn list_dossiers(batch: &Path) -> std::io::Result<Vec<(String, DossierSource)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(batch)? {
        let entry = entry?;
        let path = entry.path();
        let name = os_name(&entry.file_name());
        let ft = entry.file_type()?;
        if name.starts_with('.') {
            continue;
        }
        if ft.is_dir() {
            out.push((name, DossierSource::Folder(path)));
        } else if ft.is_file() && read::sniff::extension(&name) == "zip" {
            let id = name[..name.len() - 4].to_string();
            out.push((id, DossierSource::Zip(path)));
        } else {
            out.push((name, DossierSource::Loose(path)));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Reads the files of a folder dossier: every regular file below it, symbolic links refused,
/// zip files inside expanded one level (their members listed as files).
pub(crate) fn folder_files(dir: &Path, limits: &Limits) -> Vec<InputFile> {
    let mut out = Vec::new();
    walk(dir, dir, limits, &mut out, 0);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn walk(root: &Path, dir: &Path, limits: &Limits, out: &mut Vec<InputFile>, depth: usize) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(InputFile {
                path: rel(root, dir),
                bytes: Vec::new(),
                error: Some(format!("文件夹无法读取 / folder unreadable: {e}")),
                declared_size: 0,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let relp = rel(root, &path);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            out.push(InputFile {
                path: relp,
                bytes: Vec::new(),
                error: Some("符号链接，出于安全考虑不跟随 / symbolic link not followed".to_string()),
                declared_size: 0,
            });
        } else if meta.is_dir() {
            if depth < 8 {
                walk(root, &path, limits, out, depth + 1);
            } else {
                out.push(InputFile {
                    path: relp,
                    bytes: Vec::new(),
                    error: Some("文件夹层级过深 / folders nested too deep".to_string()),
                    declared_size: 0,
                });
            }
        } else if meta.len() > limits.max_file_bytes {
            out.push(InputFile {
                path: relp,
                bytes: Vec::new(),
                error: Some(format!(
                    "文件超过 {} MiB，未读取 / file over {} MiB not read",
                    limits.max_file_bytes >> 20,
                    limits.max_file_bytes >> 20
                )),
                declared_size: meta.len(),
            });
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    if read::sniff::extension(&relp) == "zip"
                        && read::sniff::sniff(&bytes, &relp) == read::sniff::Format::Zip
                    {
                        expand_zip(&relp, &bytes, limits, out);
                    } else {
                        out.push(InputFile { path: relp, declared_size: bytes.len() as u64, bytes, error: None });
                    }
                }
                Err(e) => out.push(InputFile {
                    path: relp,
                    bytes: Vec::new(),
                    error: Some(format!("文件无法读取 / cannot read: {e}")),
                    declared_size: meta.len(),
                }),
            }
        }
    }
}

fn rel(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| os_name(c.as_os_str())).collect::<Vec<_>>().join("/")
}

/// A name on disk as text: folders unpacked on Linux from a Chinese Windows zip carry GBK bytes.
pub(crate) fn os_name(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        read::container::decode_name(name.as_bytes()).0
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// Reads the members of a zipped dossier (or a zip inside a dossier, under `prefix/`).
pub(crate) fn zip_files(zip_bytes: &[u8], limits: &Limits) -> Result<Vec<InputFile>, read::ReadError> {
    let mut out = Vec::new();
    let mut zip = Zip::open(zip_bytes, limits)?;
    let names = zip.names().to_vec();
    for (i, n) in names.iter().enumerate() {
        if n.is_dir {
            continue;
        }
        if let Some(reason) = &n.unsafe_reason {
            out.push(InputFile {
                path: n.name.clone(),
                bytes: Vec::new(),
                error: Some(reason.clone()),
                declared_size: 0,
            });
            continue;
        }
        match zip.read(i) {
            Ok(bytes) => {
                out.push(InputFile { path: n.name.clone(), declared_size: bytes.len() as u64, bytes, error: None })
            }
            Err(e) => out.push(InputFile {
                path: n.name.clone(),
                bytes: Vec::new(),
                error: Some(e.bilingual()),
                declared_size: 0,
            }),
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn expand_zip(prefix: &str, bytes: &[u8], limits: &Limits, out: &mut Vec<InputFile>) {
    match zip_files(bytes, limits) {
        Ok(files) if !files.is_empty() => {
            for mut f in files {
                f.path = format!("{prefix}/{}", f.path);
                out.push(f);
            }
        }
        Ok(_) => out.push(InputFile {
            path: prefix.to_string(),
            declared_size: bytes.len() as u64,
            bytes: bytes.to_vec(),
            error: None,
        }),
        Err(e) => out.push(InputFile {
            path: prefix.to_string(),
            bytes: Vec::new(),
            error: Some(e.bilingual()),
            declared_size: bytes.len() as u64,
        }),
    }
}

/// The files of a dossier by name only, each with `why` as its error: for a dossier that
/// cannot be processed at all (every attempt crashed a reader). Nothing is read or inflated:
/// a folder is walked by metadata, a zip is one file.
pub(crate) fn names_only(source: &DossierSource, why: &str) -> Vec<InputFile> {
    fn walk_names(root: &Path, dir: &Path, why: &str, out: &mut Vec<InputFile>, depth: usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            out.push(InputFile { path: rel(root, dir), bytes: Vec::new(), error: Some(why.into()), declared_size: 0 });
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() && depth < 8 => walk_names(root, &path, why, out, depth + 1),
                Ok(m) => out.push(InputFile {
                    path: rel(root, &path),
                    bytes: Vec::new(),
                    error: Some(why.into()),
                    declared_size: if m.is_file() { m.len() } else { 0 },
                }),
                Err(_) => continue,
            }
        }
    }
    let mut out = Vec::new();
    match source {
        DossierSource::Folder(dir) => walk_names(dir, dir, why, &mut out, 0),
        DossierSource::Zip(path) | DossierSource::Loose(path) => out.push(InputFile {
            path: path.file_name().map(os_name).unwrap_or_default(),
            bytes: Vec::new(),
            error: Some(why.into()),
            declared_size: std::fs::metadata(path).map_or(0, |m| m.len()),
        }),
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
