#!/usr/bin/env bash
# One long fuzzing run of one target, by hand (docs/robustness.md, "Fuzzing"): libFuzzer without a
# sanitizer (the product's crates are forbid(unsafe_code)), from fuzz/corpus/TARGET (fuzz/seed.sh),
# under the SCHED_IDLE policy (`chrt --idle 0`), so that it takes only the CPU nothing else wants
# (nice 19, even on the session's autogroup, still shares CPU with everything in the same autogroup,
# which slowed benches 2-4x while a fuzzer ran). At the end it
# appends one line to fuzz/logs/runs.tsv: date, commit, target, minutes, CPU seconds, executions,
# corpus files and MB after, and the artifacts (crash-/timeout-/oom-/slow-unit-) left in
# fuzz/artifacts/TARGET/.
#
#   fuzz/long.sh TARGET MINUTES [extra libFuzzer flags]
#   SANITIZER=address fuzz/long.sh TARGET MINUTES   # AddressSanitizer, for the C and unsafe code in
#                                                   # dependencies (zstd, bzip2, decoders); ~1/3-1/2 the speed
#
# The per-input time limit is 60 s of wall time: at idle priority the fuzzer gets no CPU while
# anything else runs, and a 10 s limit reported inputs that take 0.07 s in a release build as
# timeouts. Check a timeout- or slow-unit- artifact with
# `cargo run --release -p fuzzing --example fuzz_replay -- TARGET FILE` before taking it for a hang.
#
# Needs the nightly toolchain and `cargo install cargo-fuzz`; fuzz/logs/ is ignored by git.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
cd "$(dirname "$0")"
TARGET=$1 MIN=$2; shift 2
SAN=${SANITIZER:-none}
SAN_TAG=$([ "$SAN" = none ] || echo "+$SAN")
mkdir -p logs "corpus/$TARGET" "artifacts/$TARGET"
STAMP=$(date -u +%Y%m%d-%H%M%S)
LOG=logs/$TARGET-$STAMP.log
before=$(ls "artifacts/$TARGET" | wc -l)
COMMIT=$(git rev-parse --short HEAD)
# Built first, at normal priority: a build inside the idle-priority session waits for every
# other process, and its time is not fuzzing.
cargo +nightly fuzz build -s "$SAN" "$TARGET" >"logs/$TARGET-$STAMP.build.log" 2>&1
start=$(date +%s)
# The fuzzer's CPU (user + sys, children included) from /usr/bin/time.
chrt --idle 0 /usr/bin/time -f 'cpu_seconds %U %S' -o "logs/$TARGET-$STAMP.time" \
  cargo +nightly fuzz run -s "$SAN" "$TARGET" "corpus/$TARGET" -- \
  -max_total_time=$((MIN * 60)) -rss_limit_mb=2048 -timeout=60 -max_len=131072 -print_final_stats=1 \
  "$@" >"$LOG" 2>&1 || true
end=$(date +%s)
execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$LOG" | tail -1 | awk '{print $2}')
cpu=$(awk '/cpu_seconds/ {printf "%.0f", $2 + $3}' "logs/$TARGET-$STAMP.time" 2>/dev/null || echo "")
files=$(ls "corpus/$TARGET" | wc -l)
mb=$(du -sm "corpus/$TARGET" | cut -f1)
new=$(ls -t "artifacts/$TARGET" | head -n $(( $(ls "artifacts/$TARGET" | wc -l) - before )) | tr '\n' ' ')
[ -f logs/runs.tsv ] || printf 'date\tcommit\ttarget\tminutes\tcpu_s\texecutions\tcorpus_files\tcorpus_mb\tnew_artifacts\n' > logs/runs.tsv
# The target column says "+address" when a sanitizer was on.
printf '%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\n' "$STAMP" "$COMMIT" "$TARGET$SAN_TAG" \
  "$(echo "($end - $start) / 60" | bc -l)" "${cpu:-?}" "${execs:-?}" "$files" "$mb" "${new:-none}" >> logs/runs.tsv
tail -1 logs/runs.tsv
