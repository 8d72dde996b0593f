//! Safe access to zip packages (DOCX/XLSX parts) and zipped dossiers.
//!
//! The central directory is never trusted: the number of entries, every entry's decompressed
//! size and its ratio to the compressed size are checked while decompressing, names are
//! decoded (UTF-8 when flagged, else GBK, the usual encoding of zips made on Chinese Windows),
//! and names that would escape the folder (`../`, absolute paths, drive letters) are refused.

use std::io::{Cursor, Read};

use crate::{Limits, ReadError};

/// An opened zip archive held in memory.
pub struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    names: Vec<EntryName>,
    total_read: u64,
}

/// One entry's name as stored and as decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryName {
    /// The decoded name (UTF-8), with `\` turned into `/`.
    pub name: String,
    /// True when the raw name was not flagged UTF-8 and was decoded as GBK.
    pub decoded_from_gbk: bool,
    /// True for folders.
    pub is_dir: bool,
    /// Why the entry must not be extracted (zip-slip, absolute path), if so.
    pub unsafe_reason: Option<String>,
}

impl<'a> Zip<'a> {
    /// Opens a zip held in `bytes`.
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Zip<'a>, ReadError> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(&e))?;
        // A zip cut short loses its central directory; the last one left in the bytes is then
        // that of a zip stored inside it (a DOCX in a zipped dossier), which the zip crate
        // reads as an archive starting past the first bytes. A package that starts with an
        // entry but whose directory describes one further on is not this package.
        if archive.offset() > 0 && bytes.starts_with(b"PK\x03\x04") {
            return Err(ReadError::corrupt(
                "压缩包不完整（可能在传输中被截断），目录缺失",
                "the zip is incomplete (truncated?): its central directory is missing",
            ));
        }
        if archive.len() > limits.max_zip_entries {
            return Err(ReadError::limit(
                format!("压缩包含 {} 个条目，上限 {}", archive.len(), limits.max_zip_entries),
                format!("zip lists {} entries, the limit is {}", archive.len(), limits.max_zip_entries),
            ));
        }
        let mut names = Vec::with_capacity(archive.len());
        for i in 0..archive.len() {
            // `by_index_raw` reads the entry's header without decompressing anything.
            let raw = match archive.by_index_raw(i) {
                Ok(f) => f.name_raw().to_vec(),
                Err(e) => return Err(zip_error(&e)),
            };
            names.push(decode_entry(&raw));
        }
        Ok(Zip { archive, limits: limits.clone(), names, total_read: 0 })
    }

    /// The entries' names, in archive order.
    pub fn names(&self) -> &[EntryName] {
        &self.names
    }

    /// Index of the entry named `name` (case-insensitive, `/`-separated, no leading `/`).
    pub fn find(&self, name: &str) -> Option<usize> {
        let want = name.trim_start_matches('/');
        self.names.iter().position(|n| n.name.eq_ignore_ascii_case(want))
    }

    /// Reads entry `index` whole, enforcing the size, ratio and total limits.
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, ReadError> {
        let limits = self.limits.clone();
        let name = self.names.get(index).map(|n| n.name.clone()).unwrap_or_default();
        let mut file = self.archive.by_index(index).map_err(|e| zip_error(&e))?;
        if file.encrypted() {
            return Err(ReadError::Encrypted { what: format!("压缩包条目 {name} 有密码") });
        }
        let compressed = file.compressed_size().max(1);
        let cap = limits
            .max_entry_bytes
            .min(compressed.saturating_mul(limits.max_ratio).max(1 << 20))
            .min(limits.max_zip_total_bytes.saturating_sub(self.total_read));
        let mut out = Vec::with_capacity(file.size().min(cap).min(64 << 20) as usize);
        let n = (&mut file)
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| ReadError::corrupt(format!("解压 {name} 失败"), format!("cannot inflate {name}: {e}")))?
            as u64;
        if n > cap {
            let err = if cap == limits.max_entry_bytes {
                let mib = limits.max_entry_bytes >> 20;
                ReadError::limit(
                    format!("条目 {name} 解压后超过 {mib} MiB"),
                    format!("entry {name} inflates to more than {mib} MiB"),
                )
            } else if cap < limits.max_entry_bytes && cap == limits.max_zip_total_bytes.saturating_sub(self.total_read)
            {
                let mib = limits.max_zip_total_bytes >> 20;
                ReadError::limit(
                    format!("压缩包解压总量超过 {mib} MiB"),
                    format!("zip inflates to more than {mib} MiB in all"),
                )
            } else {
                let r = limits.max_ratio;
                ReadError::limit(
                    format!("条目 {name} 压缩比超过 {r}:1，疑似压缩炸弹"),
                    format!("entry {name} inflates more than {r}:1 (zip bomb)"),
                )
            };
            return Err(err);
        }
        self.total_read += n;
        Ok(out)
    }

    /// Reads the entry called `name`, if present.
    pub fn read_named(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        match self.find(name) {
            Some(i) => self.read(i).map(Some),
            None => Ok(None),
        }
    }
}

/// A file name's bytes as text: UTF-8, else GBK (what Chinese Windows writes, in zips and in
/// folders copied from them), else UTF-8 with replacement characters; and whether GBK was used.
pub fn decode_name(raw: &[u8]) -> (String, bool) {
    match std::str::from_utf8(raw) {
        Ok(s) => (s.to_string(), false),
        Err(_) => {
            let (cow, _, had_errors) = encoding_rs::GBK.decode(raw);
            if had_errors {
                (String::from_utf8_lossy(raw).into_owned(), false)
            } else {
                (cow.into_owned(), true)
            }
        }
    }
}

fn decode_entry(raw: &[u8]) -> EntryName {
    // The zip crate would have read names not flagged UTF-8 as CP437.
    let (name, from_gbk) = decode_name(raw);
    let name = name.replace('\\', "/");
    let is_dir = name.ends_with('/');
    EntryName { unsafe_reason: unsafe_path_reason(&name), name, decoded_from_gbk: from_gbk, is_dir }
}

/// Why a zip entry name must not be used as a path (zip-slip), or `None` when it is safe.
pub fn unsafe_path_reason(name: &str) -> Option<String> {
    let n = name.replace('\\', "/");
    if n.starts_with('/') || n.as_bytes().get(1) == Some(&b':') {
        return Some(format!("绝对路径 {n} 已拒绝 / absolute path refused"));
    }
    if n.split('/').any(|part| part == "..") {
        return Some(format!("路径 {n} 含有 ../，试图写到目录之外，已拒绝 / path traversal refused"));
    }
    if n.chars().any(|c| c.is_control()) {
        return Some("文件名含控制字符，已拒绝 / control characters in name refused".to_string());
    }
    None
}

fn zip_error(e: &zip::result::ZipError) -> ReadError {
    use zip::result::ZipError;
    match e {
        ZipError::UnsupportedArchive(m)
            if m.to_ascii_lowercase().contains("password") || m.to_ascii_lowercase().contains("encrypt") =>
        {
            ReadError::Encrypted { what: "加密的压缩包".to_string() }
        }
        ZipError::InvalidPassword => ReadError::Encrypted { what: "加密的压缩包".to_string() },
        ZipError::UnsupportedArchive(m) => ReadError::corrupt("不支持的压缩格式", format!("unsupported zip: {m}")),
        ZipError::InvalidArchive(m) => ReadError::corrupt("压缩结构无效", format!("invalid zip: {m}")),
        ZipError::Io(io) => ReadError::corrupt("压缩包读取出错", format!("zip read error: {io}")),
        ZipError::FileNotFound => ReadError::corrupt("条目不存在", "entry not found"),
        other => ReadError::corrupt("压缩包无法读取", format!("{other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_slip_names_are_flagged() {
        assert!(unsafe_path_reason("tmp/../../moo").is_some());
        assert!(unsafe_path_reason("/etc/passwd").is_some());
        assert!(unsafe_path_reason("C:/x.txt").is_some());
        assert!(unsafe_path_reason("材料/营业执照.jpg").is_none());
        assert!(unsafe_path_reason("a..b/c").is_none());
    }
}
