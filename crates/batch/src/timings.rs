//! Per-stage timings of a run (`OUT/timings.json`, `dossier run --timings`), so a regression
//! shows where it is.
//!
//! Two ways to time a stage, both one call around a closure:
//!
//! * [`time`]`(Stage::Parse, || …)` for work done per file or per dossier on the worker threads:
//!   it adds the calling thread's **CPU time** and its **elapsed time** to the stage, summed over
//!   every call on every thread (so on 2 threads a stage can total twice the wall time).
//! * [`sequential`]`(Stage::Index, || …)` for a stage run once, from one thread, while no worker
//!   runs (cross-dossier joins, the index, the reports, writing the run folder): it adds the stage's
//!   **wall time** and the **process CPU time** spent meanwhile (threads the stage starts included).
//!
//! Stages must not nest (time the leaves). The totals live in one process-wide recorder that
//! [`batch::run`](crate::run) resets when it starts; runs at the same time in one process (tests)
//! mix their figures, which are for people, never for assertions on values.
//!
//! What each stage covers is listed on [`Stage`]; `docs/performance.md` explains how to read them.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use cpu_time::{ProcessTime, ThreadTime};

/// A stage of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Getting the bytes: listing a dossier folder and reading its files, or reading a zip and
    /// inflating its members (limits checked).
    Read,
    /// Fingerprints of each file: SHA-256 and format sniffing (and, when added, the
    /// cross-dossier stage's per-file fingerprints such as image hashes and text MinHashes).
    Fingerprint,
    /// Readers: DOCX, PDF, spreadsheet parsing into the document model, image probing, and the
    /// plain text of each document.
    Parse,
    /// OCR of scans and image-only PDF pages (when built with OCR).
    Ocr,
    /// Attachment evidence (organisations, identifiers, holders, amounts), form recognition and
    /// field extraction.
    Extract,
    /// The per-dossier checks (findings).
    Check,
    /// Writing the run folder: dossier JSON, inventory and findings lines.
    Write,
    /// The cross-dossier stage (duplicates, similar texts and images, shared people and IP).
    Cross,
    /// Building the search index.
    Index,
    /// The reports (spreadsheet, HTML).
    Report,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 10] = [
        Stage::Read,
        Stage::Fingerprint,
        Stage::Parse,
        Stage::Ocr,
        Stage::Extract,
        Stage::Check,
        Stage::Write,
        Stage::Cross,
        Stage::Index,
        Stage::Report,
    ];

    /// The stage's name in `timings.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Fingerprint => "fingerprint",
            Stage::Parse => "parse",
            Stage::Ocr => "ocr",
            Stage::Extract => "extract",
            Stage::Check => "check",
            Stage::Write => "write",
            Stage::Cross => "cross_dossier",
            Stage::Index => "index",
            Stage::Report => "report",
        }
    }

    /// The stage's name for staff.
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Read => "读取文件",
            Stage::Fingerprint => "文件指纹",
            Stage::Parse => "解析文档",
            Stage::Ocr => "文字识别",
            Stage::Extract => "提取字段与证据",
            Stage::Check => "形式审查",
            Stage::Write => "写出结果",
            Stage::Cross => "跨项目比对",
            Stage::Index => "全文索引",
            Stage::Report => "生成报表",
        }
    }

    fn slot(self) -> usize {
        Stage::ALL.iter().position(|s| *s == self).expect("every stage is in ALL")
    }
}

struct Slot {
    cpu_ns: AtomicU64,
    thread_ns: AtomicU64,
    wall_ns: AtomicU64,
    calls: AtomicU64,
}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: Slot = Slot {
    cpu_ns: AtomicU64::new(0),
    thread_ns: AtomicU64::new(0),
    wall_ns: AtomicU64::new(0),
    calls: AtomicU64::new(0),
};

struct Recorder {
    slots: [Slot; 10],
    start: Mutex<Option<(Instant, Option<ProcessTime>)>>,
    /// CPU time of worker processes (`worker.rs`), which the process clock does not see.
    worker_cpu_ns: AtomicU64,
}

static GLOBAL: Recorder = Recorder::new();

fn ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Recorder {
    const fn new() -> Recorder {
        Recorder { slots: [EMPTY; 10], start: Mutex::new(None), worker_cpu_ns: AtomicU64::new(0) }
    }

    fn time<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let cpu0 = ThreadTime::try_now().ok();
        let t0 = Instant::now();
        let r = f();
        let s = &self.slots[stage.slot()];
        s.thread_ns.fetch_add(ns(t0.elapsed()), Ordering::Relaxed);
        if let Some(c) = cpu0 {
            s.cpu_ns.fetch_add(ns(c.elapsed()), Ordering::Relaxed);
        }
        s.calls.fetch_add(1, Ordering::Relaxed);
        r
    }

    fn sequential<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let cpu0 = ProcessTime::try_now().ok();
        let t0 = Instant::now();
        let r = f();
        let s = &self.slots[stage.slot()];
        s.wall_ns.fetch_add(ns(t0.elapsed()), Ordering::Relaxed);
        if let Some(c) = cpu0 {
            s.cpu_ns.fetch_add(ns(c.elapsed()), Ordering::Relaxed);
        }
        s.calls.fetch_add(1, Ordering::Relaxed);
        r
    }

    fn reset(&self) {
        for s in &self.slots {
            s.cpu_ns.store(0, Ordering::Relaxed);
            s.thread_ns.store(0, Ordering::Relaxed);
            s.wall_ns.store(0, Ordering::Relaxed);
            s.calls.store(0, Ordering::Relaxed);
        }
        self.worker_cpu_ns.store(0, Ordering::Relaxed);
        *self.start.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), ProcessTime::try_now().ok()));
    }

    fn snapshot(&self, threads: usize) -> Timings {
        let start = *self.start.lock().unwrap_or_else(|e| e.into_inner());
        let (wall, cpu) = match start {
            Some((t, c)) => (t.elapsed(), c.map(|c| c.elapsed()).unwrap_or_default()),
            None => Default::default(),
        };
        let cpu = cpu + Duration::from_nanos(self.worker_cpu_ns.load(Ordering::Relaxed));
        let stages = Stage::ALL
            .iter()
            .map(|&st| {
                let s = &self.slots[st.slot()];
                StageTime {
                    stage: Some(st),
                    cpu: Duration::from_nanos(s.cpu_ns.load(Ordering::Relaxed)),
                    thread: Duration::from_nanos(s.thread_ns.load(Ordering::Relaxed)),
                    wall: Duration::from_nanos(s.wall_ns.load(Ordering::Relaxed)),
                    calls: s.calls.load(Ordering::Relaxed),
                }
            })
            .collect();
        Timings { stages, wall, cpu, threads }
    }
}

/// Times `f` as work of `stage` on the calling (worker) thread: its CPU time and elapsed time
/// are added to the stage's totals.
pub fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    GLOBAL.time(stage, f)
}

/// Times `f` as (part of) a sequential `stage`: its wall time and the process CPU time spent
/// meanwhile are added to the stage's totals.
pub fn sequential<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    GLOBAL.sequential(stage, f)
}

/// A timer that adds to `stage` when dropped, like [`time`] (worker-thread work), for code
/// that is awkward to wrap in a closure: `let t = timings::start(Stage::Extract); …; drop(t);`.
#[must_use = "the time is recorded when the timer is dropped"]
pub fn start(stage: Stage) -> Timer {
    Timer { stage, sequential: false, cpu0: ThreadTime::try_now().ok(), pcpu0: None, t0: Instant::now() }
}

/// A timer that adds to `stage` when dropped, like [`sequential`].
#[must_use = "the time is recorded when the timer is dropped"]
pub fn start_sequential(stage: Stage) -> Timer {
    Timer { stage, sequential: true, cpu0: None, pcpu0: ProcessTime::try_now().ok(), t0: Instant::now() }
}

/// See [`start`].
#[derive(Debug)]
pub struct Timer {
    stage: Stage,
    sequential: bool,
    cpu0: Option<ThreadTime>,
    pcpu0: Option<ProcessTime>,
    t0: Instant,
}

impl Drop for Timer {
    fn drop(&mut self) {
        let s = &GLOBAL.slots[self.stage.slot()];
        let elapsed = ns(self.t0.elapsed());
        if self.sequential {
            s.wall_ns.fetch_add(elapsed, Ordering::Relaxed);
        } else {
            s.thread_ns.fetch_add(elapsed, Ordering::Relaxed);
        }
        let cpu = self.cpu0.map(|c| c.elapsed()).or_else(|| self.pcpu0.map(|c| c.elapsed()));
        if let Some(c) = cpu {
            s.cpu_ns.fetch_add(ns(c), Ordering::Relaxed);
        }
        s.calls.fetch_add(1, Ordering::Relaxed);
    }
}

/// Adds a sequential stage that ran in another process (its CPU time and the wall time the run
/// waited for it): `dossier run` builds the index and the reports in child processes.
pub fn record_external(stage: Stage, cpu: Duration, wall: Duration) {
    let s = &GLOBAL.slots[stage.slot()];
    s.wall_ns.fetch_add(ns(wall), Ordering::Relaxed);
    s.cpu_ns.fetch_add(ns(cpu), Ordering::Relaxed);
    s.calls.fetch_add(1, Ordering::Relaxed);
    GLOBAL.worker_cpu_ns.fetch_add(ns(cpu), Ordering::Relaxed);
}

/// This process's CPU time so far (user + system).
pub fn process_cpu() -> Duration {
    ProcessTime::try_now().map(|t| t.as_duration()).unwrap_or_default()
}

/// Clears the totals and starts the run's clock (called by [`batch::run`](crate::run)).
pub fn reset() {
    GLOBAL.reset()
}

/// The totals since the last [`reset`]; `threads` is recorded as the run's worker threads.
pub fn snapshot(threads: usize) -> Timings {
    GLOBAL.snapshot(threads)
}

/// Raw totals of a process (every stage's CPU ns, thread ns and calls; the process CPU ns):
/// a worker process sends the difference over each dossier, the run adds it to its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Raw {
    pub(crate) stages: [[u64; 3]; 10],
    pub(crate) process_cpu_ns: u64,
}

impl Raw {
    /// This process's totals now.
    pub(crate) fn now() -> Raw {
        let mut r = Raw::default();
        for (i, s) in GLOBAL.slots.iter().enumerate() {
            r.stages[i] = [
                s.cpu_ns.load(Ordering::Relaxed),
                s.thread_ns.load(Ordering::Relaxed),
                s.calls.load(Ordering::Relaxed),
            ];
        }
        r.process_cpu_ns = ProcessTime::try_now().map_or(0, |t| ns(t.as_duration()));
        r
    }

    /// What was added since `earlier`.
    pub(crate) fn since(&self, earlier: &Raw) -> Raw {
        let mut r = Raw::default();
        for i in 0..10 {
            for k in 0..3 {
                r.stages[i][k] = self.stages[i][k].saturating_sub(earlier.stages[i][k]);
            }
        }
        r.process_cpu_ns = self.process_cpu_ns.saturating_sub(earlier.process_cpu_ns);
        r
    }

    /// Adds a worker process's work to this process's totals.
    pub(crate) fn add_to_run(&self) {
        for (i, s) in GLOBAL.slots.iter().enumerate() {
            s.cpu_ns.fetch_add(self.stages[i][0], Ordering::Relaxed);
            s.thread_ns.fetch_add(self.stages[i][1], Ordering::Relaxed);
            s.calls.fetch_add(self.stages[i][2], Ordering::Relaxed);
        }
        GLOBAL.worker_cpu_ns.fetch_add(self.process_cpu_ns, Ordering::Relaxed);
    }
}

/// One stage's totals.
#[derive(Debug, Clone, Default)]
pub struct StageTime {
    /// The stage.
    pub stage: Option<Stage>,
    /// CPU time: summed over worker threads ([`time`]) plus process CPU of [`sequential`] calls.
    pub cpu: Duration,
    /// Elapsed time inside [`time`] calls, summed over threads.
    pub thread: Duration,
    /// Wall time of [`sequential`] calls.
    pub wall: Duration,
    /// Number of timed calls.
    pub calls: u64,
}

/// The totals of a run so far.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Every stage, in pipeline order (stages never timed have zero calls).
    pub stages: Vec<StageTime>,
    /// Wall time since the run started.
    pub wall: Duration,
    /// Process CPU time since the run started (all threads).
    pub cpu: Duration,
    /// Worker threads of the run.
    pub threads: usize,
}

impl Timings {
    /// CPU time not inside any timed stage (listing, scheduling, the progress bar, …).
    pub fn unattributed_cpu(&self) -> Duration {
        self.cpu.saturating_sub(self.stages.iter().map(|s| s.cpu).sum())
    }

    /// `timings.json`.
    pub fn to_json(&self) -> serde_json::Value {
        let secs = |d: Duration| (d.as_secs_f64() * 1e4).round() / 1e4;
        serde_json::json!({
            "schema_version": 1,
            "threads": self.threads,
            "wall_seconds": secs(self.wall),
            "cpu_seconds": secs(self.cpu),
            "unattributed_cpu_seconds": secs(self.unattributed_cpu()),
            "stages": self.stages.iter().map(|s| serde_json::json!({
                "stage": s.stage.map_or("", Stage::as_str),
                "cpu_seconds": secs(s.cpu),
                "thread_seconds": secs(s.thread),
                "wall_seconds": secs(s.wall),
                "calls": s.calls,
            })).collect::<Vec<_>>(),
        })
    }

    /// Writes `OUT/timings.json` (tmp + rename).
    pub fn write(&self, out: &Path) -> std::io::Result<()> {
        let path = out.join("timings.json");
        let tmp = out.join("timings.json.tmp");
        let mut s = serde_json::to_string_pretty(&self.to_json()).expect("JSON values serialise");
        s.push('\n');
        std::fs::write(&tmp, s)?;
        std::fs::rename(&tmp, &path)
    }

    /// A table for the terminal (`dossier run --timings`).
    pub fn table(&self) -> String {
        // Display width: CJK characters take two columns.
        fn pad(s: &str, width: usize) -> String {
            let w: usize = s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum();
            format!("{s}{}", " ".repeat(width.saturating_sub(w)))
        }
        let secs = |d: Duration| if d.is_zero() { "-".to_string() } else { format!("{:.3}", d.as_secs_f64()) };
        let mut t = String::new();
        let _ = writeln!(
            t,
            "{}{:>10} {:>12} {:>10} {:>8}",
            pad("阶段 / stage", 30),
            "CPU s",
            "thread-sum s",
            "wall s",
            "calls"
        );
        for s in self.stages.iter().filter(|s| s.calls > 0) {
            let st = s.stage.expect("snapshot stages are named");
            let name = pad(&format!("{} / {}", st.zh(), st.as_str()), 30);
            let _ = writeln!(
                t,
                "{name}{:>10.3} {:>12} {:>10} {:>8}",
                s.cpu.as_secs_f64(),
                secs(s.thread),
                secs(s.wall),
                s.calls
            );
        }
        let _ = writeln!(
            t,
            "合计 / total: 墙钟 wall {:.3} s, CPU {:.3} s on {} threads ({:.3} s CPU outside the stages)",
            self.wall.as_secs_f64(),
            self.cpu.as_secs_f64(),
            self.threads,
            self.unattributed_cpu().as_secs_f64()
        );
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_and_sequential_add_up() {
        let busy = || {
            let mut x = 0u64;
            for i in 0..2_000_000u64 {
                x = x.wrapping_add(i * i) ^ (x >> 3);
            }
            std::hint::black_box(x)
        };
        let rec = Recorder::new();
        rec.reset();
        rec.time(Stage::Report, busy);
        rec.sequential(Stage::Report, busy);
        rec.time(Stage::Parse, busy);
        let after = rec.snapshot(1);
        let i = Stage::Report.slot();
        assert_eq!(after.stages[i].calls, 2);
        assert_eq!(after.stages[Stage::Parse.slot()].calls, 1);
        assert!(after.stages[i].thread > Duration::ZERO && after.stages[i].wall > Duration::ZERO);
        assert!(after.stages[i].cpu > Duration::ZERO, "CPU time measured");
        assert!(after.wall >= after.stages[i].wall);
        let j = after.to_json();
        assert_eq!(j["stages"][i]["stage"], "report");
        assert!(after.table().contains("report"));
    }
}
