//! What people look at: report.xlsx / report.html, the web UI (`dossier serve`, driven in a real
//! Chromium through chromedriver), blind packets — and that none of them shows an unmasked ID
//! number or phone, nor a packet a name.

#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn tmp() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

fn dossier(args: &[&str]) -> std::process::Output {
    let o = Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).current_dir(repo()).output().expect("dossier runs");
    assert!(o.status.success(), "dossier {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    o
}

fn jsonl(p: &Path) -> Vec<Value> {
    std::fs::read_to_string(p).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The shipped samples with one dossier's narrative carrying its own unit, person, phone, e-mail
/// and ID number (so that redaction has something to do), run once for all tests here.
fn sample_run() -> &'static Path {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    RUN.get_or_init(|| {
        let root = tmp().join("people");
        let _ = std::fs::remove_dir_all(&root);
        let batch = root.join("batch");
        copy_dir(&repo().join("samples/batch"), &batch);
        let form = batch.join("SX2025-0001/申报书.docx");
        let bytes = std::fs::read(&form).unwrap();
        let edited = edit_docx(&bytes, |xml| {
            xml.replacen(
                "本项目围绕",
                "吕梁龙城智算数字技术有限公司与龙城智算数据要素创新团队（联系人孟博勇，电话 150 9275 2294，邮箱 mengby@lclc-data.cn，证件号 141102197702025790，信用代码 9114110279867752XD）本项目围绕",
                1,
            )
        });
        std::fs::write(&form, edited).unwrap();
        let out = root.join("out");
        dossier(&["run", batch.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
        out
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn edit_docx(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        let name = f.name().to_string();
        if name == "word/document.xml" {
            let s = edit(std::str::from_utf8(&b).unwrap());
            assert_ne!(s.as_bytes(), b.as_slice(), "the edit applies");
            b = s.into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&b).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every text part of a zip package (XLSX, DOCX) concatenated.
fn package_text(p: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            all.push_str(&s);
        }
    }
    all
}

/// (ID numbers and phones, names) of the ground truth of every sample dossier.
fn truth_secrets() -> (Vec<String>, Vec<(String, String)>) {
    let mut ids = Vec::new();
    let mut names = Vec::new(); // (dossier, name)
    for e in std::fs::read_dir(repo().join("samples/truth")).unwrap() {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
        let id = v["dossier_id"].as_str().unwrap().to_string();
        let f = &v["fields"];
        for m in f["team.members"].as_array().into_iter().flatten() {
            for k in ["id_number", "phone"] {
                ids.extend(m[k].as_str().map(str::to_string));
            }
            names.extend(m["name"].as_str().map(|n| (id.clone(), n.to_string())));
        }
        for u in f["units"].as_array().into_iter().flatten() {
            ids.extend(u["contact_phone"].as_str().map(str::to_string));
            names.extend(u["name"].as_str().map(|n| (id.clone(), n.to_string())));
            names.extend(u["contact"].as_str().map(|n| (id.clone(), n.to_string())));
        }
        names.extend(f["team.name"].as_str().map(|n| (id.clone(), n.to_string())));
    }
    ids.retain(|s| s.chars().filter(char::is_ascii_digit).count() >= 7);
    ids.sort();
    ids.dedup();
    // What a reader could recognise: the digits as written, and without separators.
    let mut forms = ids.clone();
    forms.extend(ids.iter().map(|s| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>()));
    forms.sort();
    forms.dedup();
    (forms, names)
}

fn assert_no_identifiers(what: &str, text: &str, ids: &[String]) {
    let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    for id in ids {
        assert!(
            !text.contains(id.as_str()) && !compact.contains(id.as_str()),
            "{what} shows an unmasked identifier {id}"
        );
    }
}

#[test]
fn report_xlsx_rows_are_the_findings() {
    use calamine::Reader;
    let out = sample_run();
    let findings = jsonl(&out.join("findings.jsonl"));
    assert!(findings.len() >= 20, "the samples have findings: {}", findings.len());
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("report.xlsx")).unwrap();
    let names = wb.sheet_names();
    assert_eq!(&names[..5], ["汇总", "问题清单", "重复与借用材料", "知识产权", "营收与数据"]);
    let rows = wb.worksheet_range("问题清单").unwrap();
    let rows: Vec<Vec<String>> = rows.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][..4], ["项目编号", "严重程度", "问题代码", "问题类型"]);
    assert_eq!(rows.len() - 1, findings.len(), "one row per finding");
    for (row, f) in rows[1..].iter().zip(&findings) {
        assert_eq!(row[0], f["dossier_id"].as_str().unwrap());
        let sev = match f["severity"].as_str().unwrap() {
            "error" => "错误",
            "warning" => "警告",
            _ => "提示",
        };
        assert_eq!(row[1], sev);
        assert_eq!(row[2], f["code"].as_str().unwrap());
        let code: model::FindingCode = row[2].parse().unwrap();
        assert_eq!(row[3], code.title_zh());
        assert_eq!(row[5], f["file"].as_str().unwrap_or_default());
        assert_eq!(row[6], conventions::mask::mask_all(f["message_zh"].as_str().unwrap()));
    }
    // 汇总: one row per dossier with its counts.
    let summary = wb.worksheet_range("汇总").unwrap();
    let dossiers = std::fs::read_dir(out.join("dossiers")).unwrap().count();
    assert_eq!(summary.rows().count() - 1, dossiers);
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for f in &findings {
        if f["severity"] == "error" {
            *errors.entry(f["dossier_id"].as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    for r in summary.rows().skip(1) {
        let id = r[0].to_string();
        assert_eq!(r[6].to_string(), errors.get(&id).copied().unwrap_or(0).to_string(), "{id} errors");
    }
    // 知识产权: every claimed patent of the truth is there with its evidence status.
    let ip = wb.worksheet_range("知识产权").unwrap();
    let ip_rows: Vec<Vec<String>> = ip.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert!(ip_rows.iter().any(|r| r[0] == "SX2025-0001" && r[6].starts_with("已在附件中找到")), "{ip_rows:?}");
    println!("report.xlsx: {} finding rows, {} dossiers, {} IP rows", rows.len() - 1, dossiers, ip_rows.len() - 1);
}

#[test]
fn scoring_sheets_for_a_contest_with_indicators() {
    use calamine::Reader;
    let out = tmp().join("people-hunan");
    let _ = std::fs::remove_dir_all(&out);
    dossier(&[
        "run",
        "samples/batch",
        "--out",
        out.to_str().unwrap(),
        "--pipeline",
        "pipelines/hunan-2025.toml",
        "--quiet",
    ]);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("report.xlsx")).unwrap();
    let scoring: Vec<String> = wb.sheet_names().into_iter().filter(|n| n.starts_with("评审打分表-")).collect();
    assert!(scoring.len() >= 2, "{scoring:?}");
    let p = template::Pipeline::load(&repo().join("pipelines/hunan-2025.toml")).unwrap();
    let items: usize = p.indicators.iter().map(|i| i.items.len()).sum();
    let sheet = wb.worksheet_range(&scoring[0]).unwrap();
    // items + one subtotal per dimension + the total, under the header
    assert_eq!(sheet.rows().count(), 1 + items + p.indicators.len() + 1);
    let formulas = wb.worksheet_formula(&scoring[0]).unwrap();
    let f: Vec<String> = formulas.rows().flatten().filter(|s| !s.is_empty()).cloned().collect();
    assert!(f.iter().any(|s| s.starts_with("SUM(E")), "{f:?}");
    // Shanxi has no indicator table: no scoring sheet.
    let sx: calamine::Xlsx<_> = calamine::open_workbook(sample_run().join("report.xlsx")).unwrap();
    assert!(!sx.sheet_names().iter().any(|n| n.starts_with("评审打分表")));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(&format!(">{}</h2>", scoring[0])));
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"), "self-contained");

    // The run folder remembers its contest: `dossier report OUT` without --pipeline writes the
    // same scoring sheets again.
    let run: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["pipeline"]["id"], "hunan-2025", "{run}");
    std::fs::remove_file(out.join("report.xlsx")).unwrap();
    dossier(&["report", out.to_str().unwrap()]);
    let again: calamine::Xlsx<_> = calamine::open_workbook(out.join("report.xlsx")).unwrap();
    let again: Vec<String> = again.sheet_names().into_iter().filter(|n| n.starts_with("评审打分表-")).collect();
    assert_eq!(again, scoring);
}

/// A running `dossier serve`, stopped on drop.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(out: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", out.to_str().unwrap(), "--addr", "127.0.0.1:0"])
        .current_dir(repo())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let start = line.find("http://").expect("the server prints its address");
    let base = line[start..].split_whitespace().next().unwrap().trim_end_matches('/').to_string();
    Server { child, base }
}

/// A minimal HTTP/1.1 client (no dependency): (status, body).
fn http(method: &str, url: &str, body: Option<&Value>) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut s = TcpStream::connect(host).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )
    .unwrap();
    // Read the head, then exactly the body (servers may keep the connection open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "connection closed before the response head");
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let lower = head.to_ascii_lowercase();
    let mut data = raw[split + 4..].to_vec();
    let length =
        lower.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = lower.contains("transfer-encoding: chunked");
    loop {
        let done = match length {
            Some(n) => data.len() >= n,
            None if chunked => data.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = s.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    if chunked {
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            let nl = data[i..].windows(2).position(|w| w == b"\r\n").unwrap() + i;
            let n = usize::from_str_radix(std::str::from_utf8(&data[i..nl]).unwrap().trim(), 16).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&data[nl + 2..nl + 2 + n]);
            i = nl + 2 + n + 2;
        }
        data = out;
    }
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, String::from_utf8_lossy(&data).into_owned())
}

#[test]
fn no_unmasked_identifier_anywhere_and_no_name_in_blind_packets() {
    let out = sample_run();
    let (ids, names) = truth_secrets();
    assert!(ids.len() >= 40, "the truth has ID numbers and phones: {}", ids.len());
    // The dossier JSON does carry them (that is the contract for scripts) …
    let raw = std::fs::read_to_string(out.join("dossiers/SX2025-0001.json")).unwrap();
    assert!(ids.iter().any(|i| raw.contains(i.as_str())), "the test would prove nothing");
    // … but nothing people look at does.
    assert_no_identifiers("report.html", &std::fs::read_to_string(out.join("report.html")).unwrap(), &ids);
    assert_no_identifiers("report.xlsx", &package_text(&out.join("report.xlsx")), &ids);

    let server = start_server(out);
    let mut pages = vec!["/".to_string(), "/dup".into(), "/ip".into(), "/search?q=%E5%85%AC%E5%8F%B8".into()];
    for e in std::fs::read_dir(out.join("dossiers")).unwrap() {
        let p = e.unwrap().path();
        pages.push(format!("/d/{}", p.file_stem().unwrap().to_string_lossy()));
    }
    for id in ids.iter().take(6) {
        let q: String = id
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect();
        pages.push(format!("/search?q={q}"));
        pages.push(format!("/ip?q={q}"));
    }
    let mut bytes = 0;
    for p in &pages {
        let (status, body) = http("GET", &format!("{}{p}", server.base), None);
        assert_eq!(status, 200, "{p}");
        bytes += body.len();
        assert_no_identifiers(p, &body, &ids);
    }
    // A member's phone is on the dossier page, masked.
    let (_, page) = http("GET", &format!("{}/d/SX2025-0001", server.base), None);
    assert!(page.contains("150****2294"), "masked phone shown");
    // Nothing outside the run folder; no listing; read-only; bounded.
    for bad in [
        "/d/..%2f..%2fetc%2fpasswd",
        "/..%2f..%2fCargo.toml",
        "/d/%2Fetc%2Fpasswd",
        "/dossiers/",
        "/dossiers/SX2025-0001.json",
        "/findings.jsonl",
        "//etc/passwd",
    ] {
        let (status, body) = http("GET", &format!("{}{bad}", server.base), None);
        assert_eq!(status, 404, "{bad}");
        assert!(!body.contains("root:") && !body.contains("[workspace]"), "{bad}");
    }
    let (status, _) = http("POST", &format!("{}/", server.base), Some(&json!({"x": "y".repeat(100_000)})));
    assert!(status == 405 || status == 413, "POST refused: {status}");
    drop(server);

    // Blind packets.
    let to = tmp().join("people-blind");
    let _ = std::fs::remove_dir_all(&to);
    let o = dossier(&["blind", out.to_str().unwrap(), "--to", to.to_str().unwrap(), "--secret", "test-secret"]);
    let printed = String::from_utf8_lossy(&o.stdout).to_string();
    let packets: Vec<PathBuf> = std::fs::read_dir(to.join("盲审材料")).unwrap().map(|e| e.unwrap().path()).collect();
    let dossiers = std::fs::read_dir(out.join("dossiers")).unwrap().count();
    assert_eq!(packets.len(), dossiers);
    let all_names: Vec<&str> = names.iter().map(|(_, n)| n.as_str()).collect();
    let mut narrative_chars = 0;
    for p in &packets {
        let text = package_text(p);
        assert!(p.file_stem().unwrap().to_string_lossy().starts_with('P'));
        assert_no_identifiers(&p.display().to_string(), &text, &ids);
        for n in &all_names {
            assert!(!text.contains(n), "{} names {n}", p.display());
        }
        assert!(!text.contains("@lclc-data.cn") && !text.contains("9114110279867752XD"), "{}", p.display());
        narrative_chars += text.chars().count();
    }
    // The planted sentence was there and was redacted, not dropped.
    let key = std::fs::read_to_string(to.join("秘书处-勿外发/编码对照表.csv")).unwrap();
    let code = key.lines().find(|l| l.contains("SX2025-0001")).unwrap().split(',').next().unwrap().to_string();
    let text = package_text(&to.join(format!("盲审材料/{code}.docx")));
    assert!(text.contains("〔单位〕与〔团队〕（联系人〔姓名〕，电话 〔电话〕，邮箱 〔邮箱〕，证件号 〔证件号〕，信用代码 〔信用代码〕）本项目围绕"), "{printed}");
    assert!(text.contains("（一）项目背景") && text.contains("四、商业模式"), "headings in template order");
    // The same secret gives the same codes.
    let again = tmp().join("people-blind-2");
    let _ = std::fs::remove_dir_all(&again);
    dossier(&["blind", out.to_str().unwrap(), "--to", again.to_str().unwrap(), "--secret", "test-secret"]);
    assert_eq!(key, std::fs::read_to_string(again.join("秘书处-勿外发/编码对照表.csv")).unwrap());
    println!("{} pages ({bytes} bytes), report.xlsx, report.html and {} packets ({narrative_chars} chars) checked against {} identifiers and {} names", pages.len(), packets.len(), ids.len(), all_names.len());
}

// ------------------------------------------------------------------------------------------
// The browser test: Debian's chromium + chromium-driver (installed by .ci/run).
// ------------------------------------------------------------------------------------------

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    base: String,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http("DELETE", &format!("{}/session/{}", self.base, self.session), None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start() -> Option<Driver> {
        let driver =
            ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].into_iter().find(|p| Path::new(p).exists())?;
        let browser =
            ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].into_iter().find(|p| Path::new(p).exists())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let base = format!("http://127.0.0.1:{port}");
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if t0.elapsed() > Duration::from_secs(20) {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": browser,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]
        }}}});
        let (status, body) = http("POST", &format!("{base}/session"), Some(&caps));
        let v: Value = serde_json::from_str(&body).ok()?;
        let session = v["value"]["sessionId"].as_str().map(str::to_string);
        let Some(session) = session else {
            eprintln!("chromedriver refused a session ({status}): {body}");
            let mut c = child;
            let _ = c.kill();
            return None;
        };
        Some(Driver { child, base, session })
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, text) = http(method, &format!("{}/session/{}{path}", self.base, self.session), body.as_ref());
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(status, 200, "{method} {path}: {text}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap().to_string()
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd("POST", "/element", Some(json!({"using": "css selector", "value": css})));
        v[ELEMENT].as_str().unwrap().to_string()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.cmd("POST", "/elements", Some(json!({"using": "css selector", "value": css})));
        v.as_array().unwrap().iter().map(|e| e[ELEMENT].as_str().unwrap().to_string()).collect()
    }

    /// Clicks a link or submit button and waits (up to 10 s) for the next page: the click
    /// can return before the browser has left the current one.
    fn click_to_next_page(&self, el: &str) {
        let before = self.url();
        self.click(el);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            let loaded =
                self.cmd("POST", "/execute/sync", Some(json!({"script": "return document.readyState", "args": []})));
            if self.url() != before && loaded.as_str() == Some("complete") {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    fn click(&self, el: &str) {
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    /// Chooses `value` in the `<select>` matched by `css`, as a user picking it from the list
    /// does (clicking an `<option>` goes through the rendered drop-down, which headless
    /// Chromium on a loaded machine sometimes opens over the wrong entry), and checks it took.
    fn choose(&self, css: &str, value: &str) {
        let el = self.find(css);
        let chosen = self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({
                "script": "const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value;",
                "args": [{ ELEMENT: el }, value],
            })),
        );
        assert_eq!(chosen.as_str(), Some(value), "{css} has no option {value}");
    }

    fn text(&self, el: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/text"), None).as_str().unwrap_or_default().to_string()
    }

    fn type_in(&self, el: &str, s: &str) {
        self.cmd("POST", &format!("/element/{el}/value"), Some(json!({ "text": s })));
    }

    fn source(&self) -> String {
        self.cmd("GET", "/source", None).as_str().unwrap_or_default().to_string()
    }

    fn screenshot(&self, to: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(to, png).unwrap();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s.bytes().filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= u32::from(val(*c)) << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

#[test]
fn browser_overview_filter_dossier_and_ip_lookup() {
    let out = sample_run();
    let Some(d) = Driver::start() else {
        println!("skipped: chromium / chromedriver not installed (apt-get install chromium chromium-driver)");
        return;
    };
    let server = start_server(out);
    let shots = tmp().join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let (ids, _) = truth_secrets();

    // Overview: every dossier listed.
    d.go(&format!("{}/", server.base));
    let dossiers = std::fs::read_dir(out.join("dossiers")).unwrap().count();
    assert_eq!(d.find_all("tr.dossier-row").len(), dossiers);
    d.screenshot(&shots.join("1-overview.png"));

    // Filter by the most frequent finding code of the run.
    let findings = jsonl(&out.join("findings.jsonl"));
    let mut by_code: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for f in &findings {
        by_code.entry(f["code"].as_str().unwrap().into()).or_default().insert(f["dossier_id"].as_str().unwrap().into());
    }
    let (code, with_code) = by_code.iter().max_by_key(|(c, ds)| (ds.len(), std::cmp::Reverse((*c).clone()))).unwrap();
    d.choose("#f-code", code);
    d.click_to_next_page(&d.find("#f-go"));
    assert!(d.url().contains(&format!("code={code}")), "{}", d.url());
    let rows = d.find_all("a.dossier-link");
    let shown: std::collections::BTreeSet<String> = rows.iter().map(|r| d.text(r)).collect();
    assert_eq!(&shown, with_code, "filtered by {code}");
    d.screenshot(&shots.join("2-filtered.png"));

    // Open the first dossier of the filtered list: its findings of that code are beside fields.
    let first = shown.iter().next().unwrap().clone();
    d.click_to_next_page(&rows[0]);
    assert!(d.url().ends_with(&format!("/d/{first}")), "{}", d.url());
    let h1 = d.text(&d.find("h1"));
    assert!(h1.contains(&first), "{h1}");
    assert!(!d.find_all(&format!("li.finding[data-code=\"{code}\"]")).is_empty());
    d.screenshot(&shots.join("3-dossier.png"));

    // The IP box: a patent number from the truth, written differently, finds its dossier.
    let mut truth: Option<(String, String)> = None;
    for e in std::fs::read_dir(repo().join("samples/truth")).unwrap() {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
        if let Some(n) = v["fields"]["ip.patents"][0]["number"].as_str() {
            if conventions::ids::patent_number(n).is_ok() {
                truth = Some((v["dossier_id"].as_str().unwrap().to_string(), n.to_string()));
                break;
            }
        }
    }
    let (want, number) = truth.expect("a sample claims a patent");
    let respelled: String = number.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    let input = d.find("#ip-q");
    d.type_in(&input, &respelled);
    d.click_to_next_page(&d.find("#ip-go"));
    let found: Vec<String> = d.find_all("a.ip-dossier").iter().map(|e| d.text(e)).collect();
    assert!(found.contains(&want), "{respelled} → {found:?}, want {want}");
    d.screenshot(&shots.join("4-ip.png"));
    assert_no_identifiers("rendered pages", &d.source(), &ids);
    println!(
        "browser: {dossiers} dossiers, {code} → {} dossiers, {respelled} → {found:?}; screenshots in {}",
        shown.len(),
        shots.display()
    );
}

#[test]
fn clusters_in_the_report_and_on_the_duplicates_page() {
    use calamine::Reader;
    let src = sample_run();
    let out = tmp().join("people-clusters");
    let _ = std::fs::remove_dir_all(&out);
    copy_dir(src, &out);
    // The shared sentence is taken from a real sample narrative; each side adds its own words.
    let d1: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dossiers/SX2025-0002.json")).unwrap()).unwrap();
    let shared: String = d1["fields"]["narrative.background"].as_str().unwrap().chars().take(40).collect();
    let clusters = json!({"schema_version": 1, "clusters": [{
        "id": "C0001", "code": "SIMILAR_TEXT", "summary_zh": "项目背景大段雷同", "summary_en": "background copied",
        "similarity": 0.83,
        "members": [
            {"dossier_id": "SX2025-0002", "file": null, "field": "narrative.background", "excerpt": format!("甲方独有的开头。{shared}")},
            {"dossier_id": "SX2025-0005", "file": null, "field": "narrative.background", "excerpt": format!("{shared}乙方独有的结尾，电话 13912345678。")}
        ],
        "evidence": {}
    }]});
    std::fs::write(out.join("clusters.json"), clusters.to_string()).unwrap();
    dossier(&["report", out.to_str().unwrap()]);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("report.xlsx")).unwrap();
    let sheet = wb.worksheet_range("重复与借用材料").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().skip(1).map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows.len(), 2, "one row per member");
    assert_eq!(
        (rows[0][0].as_str(), rows[0][1].as_str(), rows[1][5].as_str()),
        ("C0001", "SIMILAR_TEXT", "SX2025-0005")
    );
    assert!(rows[1][7].contains("139****5678") && !rows[1][7].contains("13912345678"), "masked: {}", rows[1][7]);

    let server = start_server(&out);
    let (status, page) = http("GET", &format!("{}/dup", server.base), None);
    assert_eq!(status, 200);
    assert!(page.contains("项目背景大段雷同") && page.contains("相似度 83%"), "cluster shown");
    // The shared sentence is marked on both sides; the parts of one side only are not.
    let marked = page.matches("<mark>").count();
    assert!(marked >= 2, "{marked} marks");
    assert!(!page.contains("<mark>甲方独有") && !page.contains("乙方独有的结尾</mark>"));
    assert!(!page.contains("13912345678"));
}

/// One raw request with extra header lines: (status, head, body).
fn raw_get(base: &str, path: &str, extra: &str) -> (u16, String, String) {
    let host = base.strip_prefix("http://").unwrap();
    let mut s = TcpStream::connect(host).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

#[test]
fn with_a_token_every_request_needs_it_and_the_server_stays_read_only() {
    let token = "s3cret-token-for-tests";
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", sample_run().to_str().unwrap(), "--addr", "127.0.0.1:0", "--token", token])
        .current_dir(repo())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let start = line.find("http://").expect("the server prints its address");
    let link = line[start..].split_whitespace().next().unwrap().to_string();
    assert!(link.ends_with(&format!("/?token={token}")), "the printed link carries the token: {line}");
    let base = link.split("/?").next().unwrap().to_string();
    let server = Server { child, base: base.clone() };

    // Without the token: refused on every route, nothing of the run shown.
    for path in ["/", "/d/SX2025-0001", "/ip?q=ZL201911428772.4", "/search?q=数据", "/nope"] {
        let (status, _, body) = raw_get(&base, path, "");
        assert_eq!(status, 401, "{path}");
        assert!(!body.contains("SX2025-0001"), "{path}: {body}");
    }
    let (status, _, _) = raw_get(&base, "/", "Authorization: Bearer wrong-token-of-same-len\r\n");
    assert_eq!(status, 401);
    // With it: as a header, or once in the link, which sets an HttpOnly cookie.
    let (status, _, body) = raw_get(&base, "/", &format!("Authorization: Bearer {token}\r\n"));
    assert_eq!(status, 200);
    assert!(body.contains("SX2025-0001"));
    let (status, head, _) = raw_get(&base, &format!("/?token={token}"), "");
    assert_eq!(status, 303, "{head}");
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("location: /\r\n") || lower.ends_with("location: /"), "{head}");
    assert!(lower.contains("httponly") && lower.contains("samesite=strict"), "{head}");
    let (status, _, body) = raw_get(&base, "/d/SX2025-0001", &format!("Cookie: dossier_token={token}\r\n"));
    assert_eq!(status, 200);
    assert!(body.contains("SX2025-0001"));
    // Read-only whatever the token: other methods are refused.
    let (status, _) = http("POST", &format!("{base}/"), Some(&serde_json::json!({"x": 1})));
    assert!(status == 405 || status == 401, "{status}");
    drop(server);

    // Beyond loopback without a token: refused before anything is served.
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", sample_run().to_str().unwrap(), "--addr", "0.0.0.0:0"])
        .current_dir(repo())
        .env_remove("DOSSIER_SERVE_TOKEN")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--token"));
}
