//! Runs a harness over inputs on a worker thread, each input under a time limit, as the stable
//! tests need: a panic or an input still running at its deadline fails, naming the input (the
//! worker is then abandoned; the test process ends with the failure).
//!
//! A panic raised in our own code fails the input even when a reader's guard caught it (the
//! file's text is lost all the same), as it aborts the cargo-fuzz targets ([`crate::fuzz_init`]);
//! one raised in a dependency and caught is what a run sees, a damaged file. Calls are taken one
//! at a time, so that a panic on a reader's helper thread is charged to the right input.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Mutex, Once};
use std::time::Duration;

/// Panics located in our own code since the current input started.
static OWN_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// One [`run_each`] at a time (tests run on several threads).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn note_own_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Some(l) = info.location().filter(|l| !crate::is_third_party(l.file())) {
                let msg = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                OWN_PANICS.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{l}: {msg}"));
            }
            previous(info);
        }));
    });
}

/// Stack of the worker thread: rayon's default, which is what the batch's readers run on.
pub const WORKER_STACK: usize = 2 << 20;

/// An input that panicked or ran past its deadline.
#[derive(Debug)]
pub struct Failure {
    /// The input's name.
    pub input: String,
    /// The input's bytes (to save as a reproducer).
    pub bytes: Vec<u8>,
    /// What happened: the panic message, or the time limit passed.
    pub what: String,
}

enum Msg {
    Started(String, Vec<u8>),
    Panicked(String),
    Finished(usize),
}

/// Runs `run` over every input in turn; `Ok(n)` when all `n` inputs returned, each within
/// `limit`.
pub fn run_each(
    run: fn(&[u8]),
    inputs: Box<dyn Iterator<Item = (String, Vec<u8>)> + Send>,
    limit: Duration,
) -> Result<usize, Failure> {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    note_own_panics();
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new().name("fuzz-harness".into()).stack_size(WORKER_STACK).spawn(move || {
        let mut n = 0;
        for (name, bytes) in inputs {
            // The copy is only sent for failure reports; inputs are small.
            if tx.send(Msg::Started(name, bytes.clone())).is_err() {
                return;
            }
            OWN_PANICS.lock().unwrap_or_else(|e| e.into_inner()).clear();
            let result = catch_unwind(AssertUnwindSafe(|| run(&bytes)));
            let caught = std::mem::take(&mut *OWN_PANICS.lock().unwrap_or_else(|e| e.into_inner()));
            if let (Ok(()), Some(first)) = (&result, caught.first()) {
                let _ = tx.send(Msg::Panicked(format!("a panic in our code, caught by a reader's guard: {first}")));
                return;
            }
            if let Err(p) = result {
                let what = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic without a message".to_string());
                let _ = tx.send(Msg::Panicked(what));
                return;
            }
            n += 1;
        }
        let _ = tx.send(Msg::Finished(n));
    });
    if let Err(e) = worker {
        return Err(Failure { input: String::new(), bytes: Vec::new(), what: format!("cannot start a thread: {e}") });
    }
    let mut current: Option<(String, Vec<u8>)> = None;
    loop {
        let timeout = if current.is_some() { limit } else { Duration::from_secs(3600) };
        match rx.recv_timeout(timeout) {
            Ok(Msg::Started(name, bytes)) => current = Some((name, bytes)),
            Ok(Msg::Finished(n)) => return Ok(n),
            Ok(Msg::Panicked(what)) => {
                let (input, bytes) = current.unwrap_or_default();
                return Err(Failure { input, bytes, what: format!("panicked: {what}") });
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let (input, bytes) = current.unwrap_or_default();
                return Err(Failure { input, bytes, what: format!("still running after {limit:?}") });
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let (input, bytes) = current.unwrap_or_default();
                return Err(Failure { input, bytes, what: "the worker thread died".to_string() });
            }
        }
    }
}
