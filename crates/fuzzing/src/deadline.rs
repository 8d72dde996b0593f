//! Runs a harness over inputs on a worker thread, each input under a time limit, as the stable
//! tests need: a panic or an input still running at its deadline fails, naming the input (the
//! worker is then abandoned; the test process ends with the failure).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

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
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new().name("fuzz-harness".into()).stack_size(WORKER_STACK).spawn(move || {
        let mut n = 0;
        for (name, bytes) in inputs {
            // The copy is only sent for failure reports; inputs are small.
            if tx.send(Msg::Started(name, bytes.clone())).is_err() {
                return;
            }
            if let Err(p) = catch_unwind(AssertUnwindSafe(|| run(&bytes))) {
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
