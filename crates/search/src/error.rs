//! Why a search or an index build could not happen.

use std::path::PathBuf;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Why a search or an index build could not happen. `Display` is Chinese then English.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The run folder has no search index (or it is incomplete).
    #[error(
        "没有找到检索索引，请先运行 dossier run 生成结果文件夹 / no search index in {path}: run `dossier run` first"
    )]
    NoIndex {
        /// The index folder looked for.
        path: PathBuf,
    },
    /// The index was written by another version of this program.
    #[error("检索索引由其他版本的程序生成，请重新运行 dossier run / the index in {path} has schema {found}, this program reads {expected}: run `dossier run` again")]
    Stale {
        /// The index folder.
        path: PathBuf,
        /// The schema version found.
        found: String,
        /// The schema version this program reads.
        expected: u32,
    },
    /// The folder is not a run folder (no `dossiers/`).
    #[error("不是结果文件夹（缺少 dossiers/）：{path} / not a run folder (no dossiers/): {path}")]
    NotARunFolder {
        /// The folder.
        path: PathBuf,
    },
    /// The query cannot be understood.
    #[error("{zh} / {en}")]
    Query {
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
    /// A file of the run folder cannot be read or written.
    #[error("无法读写 {path} / cannot read or write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file of the run folder is not the JSON it should be.
    #[error("结果文件格式不正确 {path} / malformed run-folder file {path}: {reason}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The index library failed.
    #[error("检索索引出错 / index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }

    pub(crate) fn query(zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Query { zh: zh.into(), en: en.into() }
    }
}
