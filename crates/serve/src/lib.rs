//! `dossier serve`: a read-only web UI over a run folder, in Chinese, server-rendered.
//!
//! The run folder is read once at start ([`report::RunData`]); pages are built from memory, so
//! no request ever opens a file: there is nothing to traverse and no directory to list.
//! Attachments are listed (kind, holders, numbers) but not shown: the run folder does not hold
//! the batch's files, and nothing outside the run folder is served. Every string goes through
//! [`report::mask::mask_text`]; the HTML has no script and no external resource.
//!
//! Full-text search uses an optional [`FullText`] backend (the `search` crate over `OUT/index`,
//! plugged in by the binary); without one, the search page scans the dossiers' fields.

mod pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use report::RunData;
use template::{Pipeline, Template};

/// One full-text hit, as the `search` crate's `Hit` (BRIEF contract).
#[derive(Debug, Clone)]
pub struct Hit {
    /// The dossier.
    pub dossier_id: String,
    /// Its team, when known.
    pub team: Option<String>,
    /// `form` or `attachment`.
    pub kind: &'static str,
    /// Field key or attachment path.
    pub location: String,
    /// A snippet, already HTML (escaped, with `<b>` marks).
    pub snippet_html: String,
    /// Relevance.
    pub score: f32,
}

/// A full-text backend for the search page.
///
/// INTEGRATION POINT: the `search` crate's `Searcher` (over `OUT/index`) implements this in the
/// binary (`crates/cli`); the page falls back to scanning the dossiers when there is none.
pub trait FullText: Send + Sync {
    /// Hits for a query (`patent:`, `company:` … plain words, quoted phrases).
    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, String>;
}

/// Everything a page needs, read once.
pub struct App {
    /// The run folder read back.
    pub run: RunData,
    /// The contest (track names).
    pub pipeline: Pipeline,
    /// The form (field order and names).
    pub template: Template,
    /// The full-text backend, when the run has an index.
    pub fulltext: Option<Box<dyn FullText>>,
    /// When set, every request must carry it (`Authorization: Bearer …`, the cookie the
    /// server sets, or `?token=…` once, which sets the cookie): for a shared deployment.
    pub token: Option<String>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The run folder could not be read.
    #[error("{0}")]
    Run(#[from] report::Error),
    /// The address could not be bound or the server failed.
    #[error("无法在 {addr} 上启动服务 / cannot serve on {addr}: {source}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

impl App {
    /// Reads the run folder.
    pub fn load(out: PathBuf, pipeline: Pipeline, template: Template) -> Result<App, Error> {
        let mut run = RunData::load(&out)?;
        // Pages only ever see masked values: ID numbers and phones under their keys whatever
        // their shape, and any identifier shape in free text.
        for d in &mut run.dossiers {
            d.json = report::mask::mask_json(&d.json);
        }
        Ok(App { run, pipeline, template, fulltext: None, token: None })
    }
}

/// Longest query string accepted (characters); longer ones are cut.
pub const MAX_QUERY: usize = 200;

/// The router (exposed for tests).
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/d/{id}", get(dossier))
        .route("/dup", get(duplicates))
        .route("/ip", get(ip))
        .route("/search", get(search))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(8 * 1024))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Name of the cookie that carries the token after `?token=`.
const TOKEN_COOKIE: &str = "dossier_token";

/// Equality that takes the same time wherever the strings differ (the token is a secret).
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Read-only and, with a token, closed: only GET and HEAD, and a token on every request.
async fn guard(State(app): State<Arc<App>>, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if req.method() != axum::http::Method::GET && req.method() != axum::http::Method::HEAD {
        return html(StatusCode::METHOD_NOT_ALLOWED, pages::message("只读服务 / read-only", "此服务只允许查看。"));
    }
    let Some(token) = app.token.as_deref() else { return next.run(req).await };
    let headers = req.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| same_secret(t.trim(), token));
    let cookie = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split(';').filter_map(|c| c.trim().split_once('=')).any(|(k, t)| k == TOKEN_COOKIE && same_secret(t, token))
    });
    if bearer || cookie {
        return next.run(req).await;
    }
    // `?token=…`: set the cookie and send the browser to the same page without it in the URL.
    let query = req.uri().query().unwrap_or_default().to_string();
    let pairs: Vec<(String, String)> = serde_urlencoded_pairs(&query);
    if pairs.iter().any(|(k, v)| k == "token" && same_secret(v, token)) {
        let rest: Vec<String> =
            pairs.iter().filter(|(k, _)| k != "token").map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
        let path = req.uri().path().to_string();
        let location = if rest.is_empty() { path } else { format!("{path}?{}", rest.join("&")) };
        return (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, location),
                (header::SET_COOKIE, format!("{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/")),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
        )
            .into_response();
    }
    html(
        StatusCode::UNAUTHORIZED,
        pages::message("需要访问口令 / token required", "请使用管理员提供的带口令的链接打开（…/?token=…）。"),
    )
}

/// `k=v&…` pairs of a query string, percent-decoded.
fn serde_urlencoded_pairs(q: &str) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
        &format!("/?{q}").parse().unwrap_or_else(|_| axum::http::Uri::from_static("/")),
    )
    .map(|axum::extract::Query(v)| v)
    .unwrap_or_default()
}

/// Percent-encodes a query component.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Binds `addr`, calls `ready` with the bound address (port 0 picks one), and serves until
/// Ctrl-C.
pub fn run(app: App, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| Error::Io { addr, source })?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| Error::Io { addr, source })?;
        let bound = listener.local_addr().map_err(|source| Error::Io { addr, source })?;
        ready(bound);
        axum::serve(listener, router(Arc::new(app)))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|source| Error::Io { addr: bound, source })
    })
}

type Params = Query<Vec<(String, String)>>;

fn param<'a>(q: &'a [(String, String)], k: &str) -> Option<&'a str> {
    q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).filter(|v| !v.trim().is_empty())
}

/// Cuts a query to [`MAX_QUERY`] characters.
fn bounded(s: &str) -> String {
    s.trim().chars().take(MAX_QUERY).collect()
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        body,
    )
        .into_response()
}

async fn overview(State(app): State<Arc<App>>, Query(q): Params) -> Response {
    let f = pages::OverviewFilter {
        track: param(&q, "track").map(bounded),
        code: param(&q, "code").map(bounded),
        severity: param(&q, "severity").map(bounded),
        sort: param(&q, "sort").map(bounded),
        desc: param(&q, "desc") == Some("1"),
    };
    html(StatusCode::OK, pages::overview(&app, &f))
}

async fn dossier(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    match app.run.dossier(&id) {
        Some(d) => html(StatusCode::OK, pages::dossier(&app, d)),
        None => not_found().await,
    }
}

async fn duplicates(State(app): State<Arc<App>>) -> Response {
    html(StatusCode::OK, pages::duplicates(&app))
}

async fn ip(State(app): State<Arc<App>>, Query(q): Params) -> Response {
    let query = param(&q, "q").map(bounded);
    html(StatusCode::OK, pages::ip(&app, query.as_deref()))
}

async fn search(State(app): State<Arc<App>>, Query(q): Params) -> Response {
    let query = param(&q, "q").map(bounded);
    html(StatusCode::OK, pages::search(&app, query.as_deref()))
}

async fn not_found() -> Response {
    html(StatusCode::NOT_FOUND, pages::not_found())
}
