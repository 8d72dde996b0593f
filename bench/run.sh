#!/usr/bin/env bash
# The side-by-side bench (issue #9). On one generated batch, in one invocation:
#   1. the floor: read every byte of every file and sha256 it (sha256sum, one process per core, warm cache);
#   2. `dossier run` with its defaults;
#   3. the Python peer (../shared/peers/pypeer.py --workers 2), when its Python packages are present;
#   4. PDF text throughput on the batch's PDFs: our reader (crates/read/examples/pdftext.rs, one thread)
#      vs pdftotext (poppler, one process per file), MB/s each, and how often the texts agree;
#   5. OCR throughput (reported apart; OCR is off for steps 2 and 3): the first pages of up to 20 of the
#      batch's PDFs rasterised at 150 dpi (pdftoppm) — pages of Chinese text, as a scanned form looks —
#      read by Tesseract chi_sim as `dossier run` reads them (crates/ocr/examples/throughput.rs,
#      OMP_THREAD_LIMIT=1, one engine per thread), with 1 thread and with one per core. --no-ocr skips it.
# Prints a table and appends it to bench/RESULTS.md.
#
#   bench/run.sh N [--seed S] [--batch DIR] [--no-peer] [--no-ocr] [--no-build] [--make-venv] [--results FILE] [--keep]
#
# N dossiers are generated with `samplegen perf --n N --seed S` into bench/data/bN-sS (kept and reused:
# generation is deterministic), unless --batch names an existing batch. Binaries come from
# $CARGO_TARGET_DIR (or target/) and are built with `cargo build --release` unless --no-build;
# DOSSIER_BIN, SAMPLEGEN_BIN and PDFTEXT_BIN override them (without pdftext, `dossier extract` is used).
# The peer's Python: PEER_PYTHON, else bench/.venv, ../shared/peers/.venv or /tmp/peervenv; --make-venv
# creates bench/.venv from the peer's requirements.txt (PyPI). Without one, the peer is "skipped".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage
N=$1; shift
[[ "$N" =~ ^[0-9]+$ ]] || usage
SEED=1 BATCH="" PEER=1 OCR=1 BUILD=1 MAKE_VENV=0 KEEP=0
RESULTS=$ROOT/bench/RESULTS.md
while [ $# -gt 0 ]; do
  case $1 in
    --seed) SEED=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --no-peer) PEER=0; shift ;;
    --no-ocr) OCR=0; shift ;;
    --no-build) BUILD=0; shift ;;
    --make-venv) MAKE_VENV=1; shift ;;
    --results) RESULTS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) usage ;;
  esac
done

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DATA=${BENCH_DATA:-$ROOT/bench/data}
PEER_DIR=${PEER_DIR:-$ROOT/../shared/peers}
NPROC=$(nproc)
mkdir -p "$DATA"

if [ "$BUILD" = 1 ] && [ -z "${DOSSIER_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p cli -p samplegen && cargo build --release -q -p read --example pdftext)
  if [ "$OCR" = 1 ]; then
    (cd "$ROOT" && cargo build --release -q -p ocr --features tesseract --example throughput) \
      || echo "bench: OCR throughput example did not build (libtesseract-dev, tesseract-ocr-chi-sim?): step 5 skipped" >&2
  fi
fi
DOSSIER=${DOSSIER_BIN:-$TARGET/release/dossier}
SAMPLEGEN=${SAMPLEGEN_BIN:-$TARGET/release/samplegen}
PDFTEXT=${PDFTEXT_BIN:-$TARGET/release/examples/pdftext}
OCRBENCH=${OCR_BIN:-$TARGET/release/examples/throughput}
[ -x "$DOSSIER" ] || { echo "bench: no dossier binary at $DOSSIER (build it or set DOSSIER_BIN)" >&2; exit 2; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is needed (Debian package 'time')" >&2; exit 2; }

# --- the batch -------------------------------------------------------------------------------------
if [ -z "$BATCH" ]; then
  BATCH=$DATA/b$N-s$SEED
  if [ ! -f "$BATCH.planted.json" ]; then
    [ -x "$SAMPLEGEN" ] || { echo "bench: no samplegen binary at $SAMPLEGEN" >&2; exit 2; }
    rm -rf "$BATCH"
    echo "generating $N dossiers (seed $SEED) into $BATCH …"
    "$SAMPLEGEN" perf --n "$N" --seed "$SEED" "$BATCH"
  fi
fi
[ -d "$BATCH" ] || { echo "bench: batch folder not found: $BATCH" >&2; exit 2; }
WORK=$(mktemp -d "$DATA/run.XXXXXX")
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT

DOSSIERS=$(find "$BATCH" -mindepth 1 -maxdepth 1 \( -type d -o -name '*.zip' \) | wc -l)
FILES=$(find "$BATCH" -type f | wc -l)
BYTES=$(find "$BATCH" -type f -printf '%s\n' | awk '{s+=$1} END{printf "%.0f", s}')
MB=$(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1e6}')
echo "batch: $BATCH — $DOSSIERS dossiers, $FILES files on disk, $MB MB"
# Whether the generator embedded a CJK font in the PDFs (without fonts-wqy-microhei it cannot: the PDFs
# are then a seventh of the size, lighter to read than Word/WPS exports, and pdftotext without
# poppler-data reads nothing from them — such a batch is no measure of PDF work).
FONT="unknown"
if [ -f "$BATCH.planted.json" ]; then
  if grep -q '"cjk_font_embedded": true' "$BATCH.planted.json"; then FONT="embedded"
  elif grep -q '"cjk_font_embedded": false' "$BATCH.planted.json"; then FONT="NOT embedded"; fi
fi
[ "$FONT" = embedded ] || echo "bench: warning: the batch's PDFs have CJK font $FONT (regenerate it with fonts-wqy-microhei installed: rm -r $BATCH $BATCH.planted.json)" >&2

# Warm the page cache (every run below reads from memory).
find "$BATCH" -type f -print0 | xargs -0 cat > /dev/null

load() { cut -d' ' -f1-3 /proc/loadavg; }
# timed NAME CMD…: runs CMD under /usr/bin/time -v; NAME.time, NAME.log, NAME.load in $WORK.
timed() {
  local name=$1; shift
  load > "$WORK/$name.load"
  if "$TIME" -v -o "$WORK/$name.time" "$@" > "$WORK/$name.log" 2>&1; then echo ok > "$WORK/$name.status"
  else echo "failed (exit $?)" > "$WORK/$name.status"; fi
}
# field NAME: wall seconds, CPU seconds (user+sys), max RSS in MB, from NAME.time.
wall() { awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.2f", s}' "$WORK/$1.time"; }
cpu() { awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$WORK/$1.time"; }
rss() { awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$WORK/$1.time"; }

# --- 1. floor ----------------------------------------------------------------------------------------
echo "1/5 floor: sha256sum over every file ($NPROC processes) …"
timed floor sh -c "find '$BATCH' -type f -print0 | xargs -0 -n 16 -P $NPROC sha256sum > /dev/null"

# --- 2. product --------------------------------------------------------------------------------------
echo "2/5 product: dossier run …"
# Under bench/rss_timeline.py (a sample a second): /usr/bin/time's peak is the largest single process,
# the sampler also gives the sum over the run's processes (workers, report and index children).
(cd "$ROOT" && timed product python3 "$ROOT/bench/rss_timeline.py" --every 1 -- "$DOSSIER" run "$BATCH" --out "$WORK/product")

# --- 3. peer -----------------------------------------------------------------------------------------
PEER_STATUS=skipped PEER_NOTE=""
find_python() {
  local c
  for c in "${PEER_PYTHON:-}" "$ROOT/bench/.venv/bin/python" "$PEER_DIR/.venv/bin/python" /tmp/peervenv/bin/python; do
    [ -n "$c" ] && [ -x "$c" ] && "$c" -c 'import docx, pymupdf, openpyxl, PIL, imagehash, datasketch, tantivy, psutil' 2>/dev/null \
      && { echo "$c"; return 0; }
  done
  return 1
}
if [ "$PEER" = 1 ]; then
  if [ "$MAKE_VENV" = 1 ] && ! find_python > /dev/null; then
    python3 -m venv "$ROOT/bench/.venv" && "$ROOT/bench/.venv/bin/pip" install -q -r "$PEER_DIR/requirements.txt"
  fi
  if [ ! -f "$PEER_DIR/pypeer.py" ]; then
    PEER_NOTE="no peer at $PEER_DIR"
  elif PY=$(find_python); then
    echo "3/5 peer: pypeer.py --workers 2 ($PY) …"
    timed peer "$PY" "$PEER_DIR/pypeer.py" "$BATCH" --out "$WORK/peer" --workers 2
    PEER_STATUS=$(cat "$WORK/peer.status")
  else
    PEER_NOTE="the peer's Python packages are absent (bench/run.sh --make-venv, or PEER_PYTHON=…)"
  fi
else
  PEER_NOTE="--no-peer"
fi
[ "$PEER_STATUS" = skipped ] && echo "3/5 peer: skipped — $PEER_NOTE"

# --- 4. PDF text -------------------------------------------------------------------------------------
echo "4/5 PDF text: ours vs pdftotext …"
find "$BATCH" -type f -iname '*.pdf' | sort > "$WORK/pdfs.txt"
PDFN=$(wc -l < "$WORK/pdfs.txt")
PDFBYTES=$(tr '\n' '\0' < "$WORK/pdfs.txt" | xargs -0 -r cat | wc -c)
PDFMB=$(awk -v b="$PDFBYTES" 'BEGIN{printf "%.1f", b/1e6}')
mkdir -p "$WORK/txt-ours" "$WORK/txt-poppler"
OURS_S=na POP_S=na AGREE=na OURS_HOW="" POP_HOW="pdftotext, one process per file"
if [ "$PDFN" -gt 0 ]; then
  if [ -x "$PDFTEXT" ]; then
    OURS_HOW="read::pdf in one process, one thread"
    OURS_S=$("$PDFTEXT" "$WORK/pdfs.txt" --repeat 2 --out "$WORK/txt-ours" | awk '{print $5}')
  else
    OURS_HOW="dossier extract, one process per file"
    for pass in 1 2; do
      t0=$(date +%s.%N); n=0
      while IFS= read -r f; do "$DOSSIER" extract "$f" > "$WORK/txt-ours/$n.txt" 2>/dev/null || true; n=$((n+1)); done < "$WORK/pdfs.txt"
      OURS_S=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.3f", b-a}')
    done
  fi
  if command -v pdftotext > /dev/null; then
    for pass in 1 2; do
      t0=$(date +%s.%N); n=0
      while IFS= read -r f; do
        if [ $pass = 1 ]; then pdftotext -q -enc UTF-8 "$f" "$WORK/txt-poppler/$n.txt" || true
        else pdftotext -q -enc UTF-8 "$f" /dev/null || true; fi
        n=$((n+1))
      done < "$WORK/pdfs.txt"
      POP_S=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.3f", b-a}')
    done
    same=0
    for ((k=0; k<PDFN; k++)); do
      a=$(tr -d ' \t\n\r\f' < "$WORK/txt-ours/$k.txt" 2>/dev/null | md5sum)
      b=$(tr -d ' \t\n\r\f' < "$WORK/txt-poppler/$k.txt" 2>/dev/null | md5sum)
      [ "$a" = "$b" ] && same=$((same+1))
    done
    AGREE="$same of $PDFN"
  else
    POP_HOW="pdftotext not installed (poppler-utils): skipped"
  fi
fi
mbps() { awk -v m="$PDFMB" -v s="$1" 'BEGIN{ if (s=="na" || s+0==0) print "na"; else printf "%.1f", m/s }'; }

# --- 5. OCR ------------------------------------------------------------------------------------------
OCR_LINE=""
if [ "$OCR" = 0 ]; then OCR_LINE="OCR throughput: skipped (--no-ocr)."
elif [ ! -x "$OCRBENCH" ]; then OCR_LINE="OCR throughput: skipped (no throughput example at $OCRBENCH; needs libtesseract-dev)."
elif ! command -v pdftoppm > /dev/null; then OCR_LINE="OCR throughput: skipped (pdftoppm not installed: poppler-utils)."
else
  echo "5/5 OCR: Tesseract chi_sim on rasterised PDF pages …"
  mkdir -p "$WORK/pages"
  k=0
  while IFS= read -r f && [ $k -lt 20 ]; do
    pdftoppm -q -r 150 -gray -png -f 1 -l 1 -singlefile "$f" "$WORK/pages/p$k" 2>/dev/null && k=$((k+1))
  done < "$WORK/pdfs.txt"
  if OMP_THREAD_LIMIT=1 "$OCRBENCH" --threads "1,$NPROC" "$WORK/pages" > "$WORK/ocr.txt" 2>&1; then
    OCR_LINE="OCR throughput (Tesseract chi_sim, OMP_THREAD_LIMIT=1, load $(load) at start): $(tr '\n' ';' < "$WORK/ocr.txt" | sed 's/;$//; s/;/; /g')."
  else
    OCR_LINE="OCR throughput: failed — $(tail -1 "$WORK/ocr.txt")."
  fi
fi

# --- report ------------------------------------------------------------------------------------------
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo "+dirty" || true)
CPU_MODEL=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
row() { # name label
  local n=$1 label=$2 w c r
  w=$(wall "$n"); c=$(cpu "$n"); r=$(rss "$n")
  awk -v l="$label" -v w="$w" -v c="$c" -v r="$r" -v d="$DOSSIERS" -v m="$MB" -v ld="$(cat "$WORK/$n.load")" -v st="$(cat "$WORK/$n.status")" \
    'BEGIN{printf "| %s | %.2f | %.2f | %.1f | %.2f | %s | %s | %s |\n", l, w, (w>0?d/w:0), (w>0?m/w:0), c, r, ld, st}'
}
FW=$(wall floor); PW=$(wall product)
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') · commit $COMMIT$DIRTY · $DOSSIERS dossiers"
  echo
  echo "Machine: $NPROC cores ($CPU_MODEL), $MEM. Batch: \`$(basename "$BATCH")\` — $DOSSIERS dossiers, $FILES files on disk, $MB MB (page cache warm); PDFs' CJK font $FONT."
  echo
  echo "| run | wall s | dossiers/s | MB/s | CPU s (user+sys) | peak RSS MB | load 1/5/15 min at start | status |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  row floor "floor: sha256sum × $NPROC"
  row product "dossier run (defaults)"
  if [ "$PEER_STATUS" != skipped ]; then row peer "Python peer, --workers 2"
  else echo "| Python peer | skipped: $PEER_NOTE | | | | | | |"; fi
  echo
  awk -v p="$PW" -v f="$FW" 'BEGIN{ if (f>0) printf "Product wall / floor wall: **%.2f×**", p/f }'
  if [ "$PEER_STATUS" != skipped ]; then
    awk -v p="$PW" -v q="$(wall peer)" 'BEGIN{ if (p>0) printf "; product dossiers/s ÷ peer dossiers/s: **%.1f×**", q/p }'
    awk -v p="$(cpu product)" -v q="$(cpu peer)" 'BEGIN{ if (p>0) printf " (CPU seconds: peer ÷ product %.1f×)", q/p }'
  fi
  echo "."
  TREE=$(sed -n 's/^rss_timeline: .*peak sum over processes \([0-9]*\) MB; largest process \([0-9]*\) MB ([^ ]*\/\([^)]*\)).*/\1 \2 \3/p' "$WORK/product.log" | tail -1)
  if [ -n "$TREE" ]; then
    read -r TREE_SUM TREE_ONE TREE_WHO <<< "$TREE"
    echo
    echo "Product memory over its processes (sampled each second): at most $TREE_SUM MB summed over the supervisor and its children at any moment; largest process $TREE_ONE MB (\`$TREE_WHO\`)."
  fi
  echo
  echo "$OCR_LINE"
  echo
  echo "PDF text ($PDFN PDFs, $PDFMB MB, second pass quoted): ours $(mbps "$OURS_S") MB/s ($OURS_HOW, $OURS_S s); poppler $(mbps "$POP_S") MB/s ($POP_HOW, $POP_S s); text identical to pdftotext's (whitespace aside): $AGREE files."
  if [ -f "$WORK/product/timings.json" ]; then
    echo
    printf 'Product stages (`timings.json`, CPU seconds summed over threads; wall for sequential stages): %s\n' "$(awk -F'[:,]' '
      /"wall_seconds"/ && !st { tw=$2 } /"cpu_seconds"/ && !st { tc=$2 } /"unattributed_cpu_seconds"/ { un=$2 }
      /"stage"/ { gsub(/[ "]/, "", $2); st=$2 } /"cpu_seconds"/ && st { c=$2 } /"wall_seconds"/ && st { w=$2 }
      /"calls"/ && st { if ($2+0 > 0) { printf "%s %.2f%s · ", st, c, (w+0 > 0 ? sprintf(" (wall %.2f)", w) : "") } st="" }
      END { printf "outside the stages %.2f; run wall %.2f, CPU %.2f", un, tw, tc }' "$WORK/product/timings.json")"
  fi
} > "$WORK/report.md"
cat "$WORK/report.md"
if [ ! -f "$RESULTS" ]; then
  printf '# Bench results\n\nAppended by `bench/run.sh N` (see README). Wall figures depend on the load of the machine, shown per row;\nCPU seconds do not.\n' > "$RESULTS"
fi
cat "$WORK/report.md" >> "$RESULTS"
echo
echo "appended to $RESULTS"
