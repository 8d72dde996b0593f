#!/usr/bin/env bash
# Builds the seed corpora fuzz/corpus/<target>/ from samples/ and ../shared/corpus/real/ (read in
# place: its files have their own licences and are never copied into the repository; fuzz/corpus/
# is ignored by git). Which file seeds which target is fuzzing::seeds::seeds (crates/fuzzing):
# DOCX → docx (package and word/document.xml), zip, matcher (the document, encoded);
# PDF → pdf, matcher; XLSX/XLS/ODS/CSV → sheet (behind the byte that picks the extension), zip;
# images → image; zips → zip. Files over 1 MiB are skipped.
#
#   fuzz/seed.sh            # then: cd fuzz && cargo +nightly fuzz run docx -- ...
#
# Existing corpora are kept (what the fuzzer added stays); `rm -rf fuzz/corpus` starts afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
REAL="${DOSSIER_SHARED:-../shared}/corpus/real"
SOURCES=(samples)
if [ -d "$REAL" ]; then
  SOURCES+=("$REAL")
else
  echo "note: $REAL is absent; seeding from samples/ only" >&2
fi
nice -n 19 cargo run -q -p fuzzing --bin fuzz-seed -- fuzz/corpus "${SOURCES[@]}"
