//! Worker processes: dossiers are read where a reader's crash costs one file, not the run.
//!
//! A reader's panic is caught per file (`dossier::guarded`), but a stack overflow, an `abort`,
//! a native crash inside Tesseract or the allocator failing ends the whole process — and fuzzing
//! finds exactly those in PDF and image parsers. With [`Isolation`] (the `dossier` binary turns
//! it on; library callers and tests run in-process unless they ask) the run starts one worker
//! process per thread (`dossier __worker`, the same program) and sends it one dossier at a time:
//!
//! * Supervisor → worker, stdin, one JSON object a line: first the configuration (pipeline,
//!   templates, limits, reference lists, person key, memory limit, the supervisor's pid), then
//!   one job per dossier (id, source, roster row, files to leave alone).
//! * Worker → supervisor, stdout, lines behind [`MARK`] (anything else a library prints is
//!   ignored): `ready`, a `step` before each file it reads (and before the form is matched and
//!   the dossier checked), and `done` with the dossier's serialised outputs and its timings.
//!
//! The worker limits its own address space (`RLIMIT_AS`) and dies with its supervisor
//! (`PR_SET_PDEATHSIG`, and a check of its parent's pid). The supervisor gives each step
//! [`Isolation::file_timeout`]; a worker that dies or overruns is killed, the step it was on
//! is the culprit, and the dossier is sent again to a fresh worker with that file excluded —
//! recorded in the inventory as failed with the reason (栈溢出, 内存超限, 超时 …), so it
//! becomes `FILE_UNREADABLE`. A dossier that still cannot be processed (a crash while reading
//! its zip, in the checks, or on more than [`MAX_ATTEMPTS`] files) is listed file by file with
//! the reason and nothing read. Outputs are the same bytes as an in-process run's.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::cache::Rendered;
use crate::dossier::{self, Step, Supervision};
use crate::input::DossierSource;
use crate::timings::Raw;
use crate::{RunConfig, RunError};

/// How the run starts worker processes, and their limits.
#[derive(Debug, Clone)]
pub struct Isolation {
    /// The program (the `dossier` binary: `std::env::current_exe()`).
    pub program: PathBuf,
    /// Its arguments that make it a worker (`["__worker"]`).
    pub args: Vec<OsString>,
    /// Address-space limit of each worker in bytes (`RLIMIT_AS`); 0 = none.
    pub memory_limit_bytes: u64,
    /// Longest time one file (or the form, or the checks) may take before its worker is killed.
    pub file_timeout: Duration,
}

impl Isolation {
    /// Workers running `program args…` with the default limits (4 GiB, 300 s).
    pub fn new(program: PathBuf, args: Vec<OsString>) -> Isolation {
        Isolation { program, args, memory_limit_bytes: 4 << 30, file_timeout: Duration::from_secs(300) }
    }
}

/// Marks the protocol's lines on a worker's stdout.
const MARK: &str = "\u{1e}dossier-worker ";

/// Attempts at one dossier (each excluding one more culprit) before it is listed unread.
pub(crate) const MAX_ATTEMPTS: usize = 6;

// ---------------------------------------------------------------- the worker side

/// The worker's main loop (`dossier __worker`): reads the configuration and jobs from stdin,
/// answers on stdout, returns the process exit code when stdin closes.
pub fn worker_main() -> i32 {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let Some(Ok(first)) = lines.next() else { return 2 };
    let setup = match WorkerConfig::from_json(&first)
        .and_then(|c| c.apply().map(|()| c))
        .and_then(|c| crate::output::Setup::load(&c.run).map_err(|e| e.to_string()).map(|s| (c, s)))
    {
        Ok(s) => s,
        Err(e) => {
            emit(&json!({ "fatal": e }));
            return 2;
        }
    };
    let (cfg, setup) = setup;
    let images = dossier::ImageCache::default();
    emit(&json!({ "ready": true }));
    for line in lines {
        let Ok(line) = line else { break };
        let job = match Job::from_json(&line) {
            Ok(j) => j,
            Err(e) => {
                emit(&json!({ "fatal": format!("bad job: {e}") }));
                return 2;
            }
        };
        let before = Raw::now();
        let on_step = |s: Step<'_>| emit(&step_json(s));
        let row = job.roster.as_ref().map(|r| checks::RosterRow { entry: r.as_ref() });
        let result = dossier::process(
            &job.id,
            &job.source,
            &setup.template,
            &setup.pipeline,
            &cfg.run.limits,
            row,
            &setup.refs,
            &setup.cx,
            &images,
            &Supervision { excluded: &job.excluded, give_up: None, on_step: Some(&on_step) },
        );
        let rendered = crate::output::render(&result, &setup.template.id);
        let raw = Raw::now().since(&before);
        emit(&json!({ "done": rendered.to_json(), "timings": raw.stages, "cpu_ns": raw.process_cpu_ns }));
    }
    0
}

/// One protocol line to stdout; a supervisor that went away ends the worker.
fn emit(v: &Value) {
    let mut out = std::io::stdout().lock();
    let ok = writeln!(out, "{MARK}{v}").and_then(|_| out.flush());
    if ok.is_err() {
        std::process::exit(0);
    }
}

fn step_json(s: Step<'_>) -> Value {
    match s {
        Step::Read => json!({ "step": "read" }),
        Step::File(p) => json!({ "step": "file", "path": p }),
        Step::Form(p) => json!({ "step": "form", "path": p }),
        Step::Dossier => json!({ "step": "dossier" }),
    }
}

/// What a worker is told first.
struct WorkerConfig {
    run: RunConfig,
    memory_limit_bytes: u64,
    parent_pid: u32,
}

impl WorkerConfig {
    fn to_json(cfg: &RunConfig, iso: &Isolation) -> Value {
        json!({
            "pipeline": path_hex(cfg.pipeline.as_os_str()),
            "templates_dir": path_hex(cfg.templates_dir.as_os_str()),
            "limits": limits_json(&cfg.limits),
            "refs": cfg.refs.iter().map(|(n, p)| json!([n, path_hex(p.as_os_str())])).collect::<Vec<_>>(),
            "person_key": cfg.person_key,
            "memory_limit_bytes": iso.memory_limit_bytes,
            "parent_pid": std::process::id(),
        })
    }

    fn from_json(line: &str) -> Result<WorkerConfig, String> {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("bad configuration: {e}"))?;
        let path = |k: &str| v[k].as_str().and_then(hex_path).ok_or_else(|| format!("configuration lacks {k}"));
        let mut run = RunConfig::new(PathBuf::new(), PathBuf::new(), path("pipeline")?);
        run.templates_dir = path("templates_dir")?;
        run.limits = limits_from_json(&v["limits"]).ok_or("configuration lacks limits")?;
        run.person_key = v["person_key"].as_str().ok_or("configuration lacks person_key")?.to_string();
        for r in v["refs"].as_array().ok_or("configuration lacks refs")? {
            let name = r[0].as_str().ok_or("bad ref")?.to_string();
            run.refs.push((name, r[1].as_str().and_then(hex_path).ok_or("bad ref")?));
        }
        Ok(WorkerConfig {
            run,
            memory_limit_bytes: v["memory_limit_bytes"].as_u64().unwrap_or(0),
            parent_pid: v["parent_pid"].as_u64().and_then(|p| u32::try_from(p).ok()).unwrap_or(0),
        })
    }

    /// Limits the worker's own process: address space, and death with the supervisor.
    fn apply(&self) -> Result<(), String> {
        #[cfg(target_os = "linux")]
        {
            use rustix::process::{set_parent_process_death_signal, setrlimit, Resource, Rlimit, Signal};
            if self.memory_limit_bytes > 0 {
                let lim = Some(self.memory_limit_bytes);
                setrlimit(Resource::As, Rlimit { current: lim, maximum: lim })
                    .map_err(|e| format!("cannot limit memory: {e}"))?;
            }
            set_parent_process_death_signal(Some(Signal::KILL))
                .map_err(|e| format!("cannot follow the parent: {e}"))?;
        }
        // The supervisor may have died before the death signal was asked for; and elsewhere
        // than Linux, this check is all there is.
        #[cfg(unix)]
        {
            let parent = self.parent_pid;
            if parent != 0 {
                if std::os::unix::process::parent_id() != parent {
                    return Err("the supervisor is gone".into());
                }
                std::thread::spawn(move || loop {
                    std::thread::sleep(Duration::from_secs(2));
                    if std::os::unix::process::parent_id() != parent {
                        std::process::exit(3);
                    }
                });
            }
        }
        Ok(())
    }
}

/// One dossier for a worker.
struct Job {
    id: String,
    source: DossierSource,
    /// `None`: no roster in the batch; `Some(None)`: the roster does not list the dossier.
    roster: Option<Option<checks::RosterEntry>>,
    excluded: Vec<(String, String)>,
}

impl Job {
    fn to_json(&self) -> Value {
        let source = match &self.source {
            DossierSource::Folder(p) => json!({ "folder": path_hex(p.as_os_str()) }),
            DossierSource::Zip(p) => json!({ "zip": path_hex(p.as_os_str()) }),
            DossierSource::Loose(p) => json!({ "loose": path_hex(p.as_os_str()) }),
        };
        let roster = match &self.roster {
            None => Value::Null,
            Some(None) => json!({ "listed": false }),
            Some(Some(e)) => json!({
                "listed": true, "project_name": e.project_name, "team_name": e.team_name,
                "unit_name": e.unit_name, "credit_code": e.credit_code, "track": e.track,
            }),
        };
        json!({ "id": self.id, "source": source, "roster": roster, "excluded": self.excluded })
    }

    fn from_json(line: &str) -> Result<Job, String> {
        let v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let s = &v["source"];
        let p = |k: &str| s[k].as_str().and_then(hex_path);
        let source = if let Some(p) = p("folder") {
            DossierSource::Folder(p)
        } else if let Some(p) = p("zip") {
            DossierSource::Zip(p)
        } else if let Some(p) = p("loose") {
            DossierSource::Loose(p)
        } else {
            return Err("job without a source".into());
        };
        let r = &v["roster"];
        let text = |k: &str| r[k].as_str().map(str::to_string);
        let roster = if r.is_null() {
            None
        } else if r["listed"].as_bool() == Some(true) {
            Some(Some(checks::RosterEntry {
                project_name: text("project_name"),
                team_name: text("team_name"),
                unit_name: text("unit_name"),
                credit_code: text("credit_code"),
                track: text("track"),
            }))
        } else {
            Some(None)
        };
        let excluded = v["excluded"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| Some((p[0].as_str()?.to_string(), p[1].as_str()?.to_string()))).collect())
            .unwrap_or_default();
        Ok(Job { id: v["id"].as_str().ok_or("job without an id")?.to_string(), source, roster, excluded })
    }
}

/// Paths travel as the hex of their bytes: folder names need not be UTF-8 (GBK on disk).
fn path_hex(p: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        hex::encode(p.as_bytes())
    }
    #[cfg(not(unix))]
    {
        hex::encode(p.to_string_lossy().as_bytes())
    }
}

fn hex_path(s: &str) -> Option<PathBuf> {
    let bytes = hex::decode(s).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

macro_rules! limits_fields {
    ($m:ident) => {
        $m!(
            max_file_bytes,
            max_zip_entries,
            max_entry_bytes,
            max_zip_total_bytes,
            max_ratio,
            max_xml_depth,
            max_pdf_objects,
            max_pdf_pages,
            pdf_time_budget_ms,
            max_sheet_cells,
            max_sheet_rows,
            max_sheet_cols,
            max_image_pixels,
            max_image_dimension,
            max_image_alloc,
            max_ocr_pages
        )
    };
}

fn limits_json(l: &read::Limits) -> Value {
    let mut m = serde_json::Map::new();
    macro_rules! put {
        ($($k:ident),*) => { $(m.insert(stringify!($k).into(), json!(l.$k));)* };
    }
    limits_fields!(put);
    Value::Object(m)
}

fn limits_from_json(v: &Value) -> Option<read::Limits> {
    let mut l = read::Limits::default();
    macro_rules! get {
        ($($k:ident),*) => { $(l.$k = v[stringify!($k)].as_u64()?.try_into().ok()?;)* };
    }
    limits_fields!(get);
    Some(l)
}

// ---------------------------------------------------------------- the supervisor side

/// The run's worker processes: started on demand (at most one per thread in flight), reused
/// from dossier to dossier, replaced when one dies.
pub(crate) struct Workers {
    iso: Isolation,
    config_line: String,
    idle: Mutex<Vec<Worker>>,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    stderr: Arc<Mutex<VecDeque<u8>>>,
}

/// Where a worker was when it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Crumb {
    Start,
    Read,
    File(String),
    Form(String),
    Dossier,
}

enum Outcome {
    Done(Box<Rendered>, Raw),
    Failed { at: Crumb, why: Why },
}

/// Why a worker failed, for staff and for us.
struct Why {
    zh: String,
    en: String,
}

/// Most bytes of a worker's stderr kept, to tell a stack overflow from the allocator failing.
const STDERR_TAIL: usize = 16 * 1024;

impl Workers {
    /// Starts one worker to check that workers can start at all (a wrong program or a memory
    /// limit too small for the program stops the run here, before anything is written).
    pub(crate) fn start(iso: &Isolation, cfg: &RunConfig) -> Result<Workers, RunError> {
        let w = Workers {
            iso: iso.clone(),
            config_line: WorkerConfig::to_json(cfg, iso).to_string(),
            idle: Mutex::new(Vec::new()),
        };
        let first = w
            .spawn()
            .map_err(|e| RunError::Config(format!("无法启动读取进程 / cannot start worker processes: {e}")))?;
        w.idle.lock().unwrap_or_else(|e| e.into_inner()).push(first);
        Ok(w)
    }

    fn spawn(&self) -> Result<Worker, String> {
        let mut child = Command::new(&self.iso.program)
            .args(&self.iso.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{}: {e}", self.iso.program.display()))?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match r.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf);
                        if let Some(msg) = line.trim_end().strip_prefix(MARK) {
                            if tx.send(msg.to_string()).is_err() {
                                break;
                            }
                        }
                    }
                }
            }
        });
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let t = Arc::clone(&tail);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut q = t.lock().unwrap_or_else(|e| e.into_inner());
                q.extend(&buf[..n]);
                let excess = q.len().saturating_sub(STDERR_TAIL);
                q.drain(..excess);
            }
        });
        let mut w = Worker {
            child,
            stdin: {
                writeln!(stdin, "{}", self.config_line).map_err(|e| format!("cannot configure a worker: {e}"))?;
                stdin
            },
            lines,
            stderr: tail,
        };
        match w.lines.recv_timeout(Duration::from_secs(60)) {
            Ok(l) if l.contains("\"ready\"") => Ok(w),
            Ok(l) => {
                w.kill();
                Err(serde_json::from_str::<Value>(&l)
                    .ok()
                    .and_then(|v| v["fatal"].as_str().map(str::to_string))
                    .unwrap_or(l))
            }
            Err(_) => {
                let status = w.kill();
                let why = w.why(status, false, self.iso.memory_limit_bytes);
                Err(why.en)
            }
        }
    }

    /// One dossier, in a worker, as many times as it takes.
    pub(crate) fn process(
        &self,
        id: &str,
        source: &DossierSource,
        roster: Option<Option<&checks::RosterEntry>>,
        give_up: impl FnOnce(&str) -> Rendered,
    ) -> Rendered {
        let mut job = Job {
            id: id.to_string(),
            source: source.clone(),
            roster: roster.map(|r| r.cloned()),
            excluded: Vec::new(),
        };
        let mut last = None;
        for _ in 0..MAX_ATTEMPTS {
            match self.attempt(&job.to_json().to_string()) {
                Outcome::Done(r, raw) => {
                    raw.add_to_run();
                    return *r;
                }
                Outcome::Failed { at: Crumb::File(p) | Crumb::Form(p), why }
                    if !job.excluded.iter().any(|(q, _)| *q == p) =>
                {
                    let reason = format!(
                        "读取该文件时读取程序异常终止（{}），已跳过；项目的其余文件照常审查 / the reader died on this file ({}); skipped, the rest of the dossier was read",
                        why.zh, why.en
                    );
                    job.excluded.push((p, reason));
                    last = Some(why);
                }
                // A worker that could not start or died before its first step: try a fresh one.
                Outcome::Failed { at: Crumb::Start, why } if last.is_none() => last = Some(why),
                Outcome::Failed { why, .. } => {
                    last = Some(why);
                    break;
                }
            }
        }
        let why = last.unwrap_or(Why { zh: "多次失败".into(), en: "failed repeatedly".into() });
        give_up(&format!(
            "处理该项目时读取程序异常终止（{}），本项目的文件均未读取，请人工审查 / processing this dossier failed ({}); none of its files were read, review it by hand",
            why.zh, why.en
        ))
    }

    fn attempt(&self, job_line: &str) -> Outcome {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut w = match idle {
            Some(w) => w,
            None => match self.spawn() {
                Ok(w) => w,
                Err(e) => {
                    return Outcome::Failed {
                        at: Crumb::Start,
                        why: Why {
                            zh: format!("读取进程无法启动：{e}"), en: format!("a worker could not start: {e}")
                        },
                    }
                }
            },
        };
        w.stderr.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let mut at = Crumb::Start;
        if writeln!(w.stdin, "{job_line}").and_then(|_| w.stdin.flush()).is_err() {
            let status = w.kill();
            return Outcome::Failed { why: w.why(status, false, self.iso.memory_limit_bytes), at };
        }
        let mut deadline = Instant::now() + self.iso.file_timeout;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match w.lines.recv_timeout(wait) {
                Ok(line) => {
                    let Ok(v) = serde_json::from_str::<Value>(&line) else { continue };
                    if let Some(done) = v.get("done") {
                        let Some(r) = Rendered::from_json(done) else {
                            w.kill();
                            return Outcome::Failed {
                                at,
                                why: Why {
                                    zh: "读取进程的结果无法解析".into(),
                                    en: "a worker's result did not parse".into(),
                                },
                            };
                        };
                        let mut raw = Raw::default();
                        if let Some(stages) = v["timings"].as_array() {
                            for (i, s) in stages.iter().enumerate().take(raw.stages.len()) {
                                for k in 0..3 {
                                    raw.stages[i][k] = s[k].as_u64().unwrap_or(0);
                                }
                            }
                        }
                        raw.process_cpu_ns = v["cpu_ns"].as_u64().unwrap_or(0);
                        self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(w);
                        return Outcome::Done(Box::new(r), raw);
                    }
                    let path = || v["path"].as_str().unwrap_or_default().to_string();
                    at = match v["step"].as_str() {
                        Some("read") => Crumb::Read,
                        Some("file") => Crumb::File(path()),
                        Some("form") => Crumb::Form(path()),
                        Some("dossier") => Crumb::Dossier,
                        _ => continue,
                    };
                    deadline = Instant::now() + self.iso.file_timeout;
                }
                Err(RecvTimeoutError::Timeout) => {
                    let status = w.kill();
                    let _ = status;
                    let secs = self.iso.file_timeout.as_secs();
                    return Outcome::Failed {
                        at,
                        why: Why {
                            zh: format!("超过 {secs} 秒仍未完成，已中止"),
                            en: format!("still running after {secs} s; stopped"),
                        },
                    };
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = w.wait();
                    return Outcome::Failed { why: w.why(status, true, self.iso.memory_limit_bytes), at };
                }
            }
        }
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        // Closing stdin ends each worker's loop; wait so that none outlives the run.
        for mut w in self.idle.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
            drop(w.stdin);
            let _ = w.child.wait();
        }
    }
}

impl Worker {
    fn kill(&mut self) -> Option<ExitStatus> {
        let _ = self.child.kill();
        self.child.wait().ok()
    }

    fn wait(&mut self) -> Option<ExitStatus> {
        // Its stdout closed: it exited, or is about to.
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            match self.child.try_wait() {
                Ok(Some(s)) => return Some(s),
                Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(10)),
                _ => return self.kill(),
            }
        }
    }

    /// What the exit status and the last words on stderr say.
    fn why(&self, status: Option<ExitStatus>, died: bool, memory_limit: u64) -> Why {
        // The stderr reader may still be draining the last words.
        std::thread::sleep(Duration::from_millis(50));
        let tail = {
            let q = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
            String::from_utf8_lossy(&q.iter().copied().collect::<Vec<u8>>()).into_owned()
        };
        let mib = memory_limit >> 20;
        if tail.contains("overflowed its stack") || tail.contains("stack overflow") {
            return Why { zh: "栈溢出".into(), en: "stack overflow".into() };
        }
        if tail.contains("memory allocation of") || tail.contains("out of memory") || tail.contains("bad_alloc") {
            return Why {
                zh: format!("内存超过 {mib} MiB 上限"), en: format!("over the {mib} MiB memory limit")
            };
        }
        #[cfg(unix)]
        if let Some(sig) = status.and_then(|s| std::os::unix::process::ExitStatusExt::signal(&s)) {
            return match sig {
                6 => Why { zh: "程序中止（abort）".into(), en: "aborted (SIGABRT)".into() },
                9 => Why {
                    zh: "被系统终止，可能是内存不足".into(),
                    en: "killed (SIGKILL), perhaps out of memory".into(),
                },
                11 => Why { zh: "内存访问错误".into(), en: "segmentation fault (SIGSEGV)".into() },
                7 => Why { zh: "总线错误".into(), en: "bus error (SIGBUS)".into() },
                n => Why { zh: format!("收到信号 {n}"), en: format!("killed by signal {n}") },
            };
        }
        if tail.contains("panicked") {
            return Why { zh: "程序内部错误".into(), en: "a panic outside the readers' guard".into() };
        }
        match status.and_then(|s| s.code()) {
            Some(c) if died => Why { zh: format!("异常退出（代码 {c}）"), en: format!("exited with code {c}") },
            _ => Why { zh: "读取进程无响应".into(), en: "the worker stopped answering".into() },
        }
    }
}

/// The roster row of a dossier as a job carries it.
pub(crate) fn roster_of<'a>(
    roster: Option<&'a std::collections::BTreeMap<String, checks::RosterEntry>>,
    id: &str,
) -> Option<Option<&'a checks::RosterEntry>> {
    roster.map(|rows| rows.get(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_and_configuration_round_trip() {
        #[cfg(unix)]
        let odd = {
            use std::os::unix::ffi::OsStringExt;
            PathBuf::from(OsString::from_vec(b"/batch/\xc9\xbd\xce\xf7-0001".to_vec()))
        };
        #[cfg(not(unix))]
        let odd = PathBuf::from("/batch/山西-0001");
        let job = Job {
            id: "SX-0001".into(),
            source: DossierSource::Folder(odd.clone()),
            roster: Some(Some(checks::RosterEntry { unit_name: Some("某某公司".into()), ..Default::default() })),
            excluded: vec![("a/b.pdf".into(), "栈溢出 / stack overflow".into())],
        };
        let back = Job::from_json(&job.to_json().to_string()).unwrap();
        assert_eq!(back.source, DossierSource::Folder(odd));
        assert_eq!(back.roster, job.roster);
        assert_eq!(back.excluded, job.excluded);
        for roster in [None, Some(None)] {
            let j = Job { roster, ..Job::from_json(&job.to_json().to_string()).unwrap() };
            assert_eq!(Job::from_json(&j.to_json().to_string()).unwrap().roster, j.roster);
        }

        let mut cfg = RunConfig::new("b".into(), "o".into(), "pipelines/x.toml".into());
        cfg.limits.max_ocr_pages = 3;
        cfg.limits.max_file_bytes = 7 << 30;
        cfg.refs.push(("excluded".into(), "名单.xlsx".into()));
        let iso = Isolation::new("dossier".into(), vec!["__worker".into()]);
        let back = WorkerConfig::from_json(&WorkerConfig::to_json(&cfg, &iso).to_string()).unwrap();
        assert_eq!(format!("{:?}", back.run.limits), format!("{:?}", cfg.limits));
        assert_eq!(back.run.refs, cfg.refs);
        assert_eq!(back.run.pipeline, cfg.pipeline);
        assert_eq!(back.memory_limit_bytes, 4 << 30);
        assert_eq!(back.parent_pid, std::process::id());
    }
}
