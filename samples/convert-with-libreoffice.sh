#!/usr/bin/env bash
# Round-trips some generated forms through LibreOffice (docx -> odt/doc/rtf -> docx) into
# their own dossiers SX2025-01xx, with the same attachments and the same truth, and checks
# that every .docx of the batch opens in LibreOffice.
#
# A documented manual step, not needed by the tests: the results are committed.
#   apt-get update && apt-get install -y --no-install-recommends libreoffice-writer
#   bash samples/convert-with-libreoffice.sh            # round-trips + verification
#   bash samples/convert-with-libreoffice.sh verify     # verification only
set -euo pipefail
cd "$(dirname "$0")"
BATCH=batch
TRUTH=truth
command -v soffice >/dev/null || { echo "soffice not found (install libreoffice-writer)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A private profile so a running LibreOffice does not interfere.
LO=(soffice "-env:UserInstallation=file://$WORK/profile" --headless)

# source id, target id, intermediate format
ROUND_TRIPS=(
  "SX2025-0001 SX2025-0101 odt"
  "SX2025-0002 SX2025-0102 doc"
  "SX2025-0004 SX2025-0103 odt"
  "SX2025-0005 SX2025-0104 doc"
  "SX2025-0006 SX2025-0105 rtf"
)

round_trip() {
  local src=$1 dst=$2 via=$3 tmp="$WORK/$2"
  mkdir -p "$tmp/mid" "$tmp/out"
  cp "$BATCH/$src/申报书.docx" "$tmp/form.docx"
  "${LO[@]}" --convert-to "$via" --outdir "$tmp/mid" "$tmp/form.docx" >/dev/null
  "${LO[@]}" --convert-to "docx:MS Word 2007 XML" --outdir "$tmp/out" "$tmp/mid/form.$via" >/dev/null
  rm -rf "${BATCH:?}/$dst"
  mkdir -p "$BATCH/$dst"
  for f in "$BATCH/$src"/*; do
    [ "$(basename "$f")" = "申报书.docx" ] || cp "$f" "$BATCH/$dst/"
  done
  cp "$tmp/out/form.docx" "$BATCH/$dst/申报书.docx"
  sed "s/\"dossier_id\": \"$src\"/\"dossier_id\": \"$dst\"/" "$TRUTH/$src.json" > "$TRUTH/$dst.json"
  echo "$dst <- $src via .$via"
}

verify() {
  # Every .docx (folders and the zip dossier) must convert to text and contain its team name.
  local fail=0 n=0
  mkdir -p "$WORK/zip"
  python3 - "$WORK/zip" <<'PY'
import sys, zipfile, pathlib
out = pathlib.Path(sys.argv[1])
for z in pathlib.Path("batch").glob("*.zip"):
    d = out / z.stem
    d.mkdir(parents=True, exist_ok=True)
    for i in zipfile.ZipFile(z).infolist():
        name = i.filename.encode("cp437").decode("gbk") if not i.flag_bits & 0x800 else i.filename
        (d / name).write_bytes(zipfile.ZipFile(z).read(i))
PY
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    local id
    id=$(basename "$(dirname "$f")")
    # Files broken on purpose (FILE_UNREADABLE in the truth) are not expected to open.
    if python3 -c "import json,sys; t=json.load(open(sys.argv[1])); sys.exit(0 if any(x['code']=='FILE_UNREADABLE' and x['file']==sys.argv[2] for x in t.get('findings',[])) else 1)" "$TRUTH/$id.json" "$(basename "$f")"; then
      echo "skip $f (broken on purpose)"; continue
    fi
    local txt="$WORK/txt/$id"
    mkdir -p "$txt"
    if ! "${LO[@]}" --convert-to "txt:Text (encoded):UTF8" --outdir "$txt" "$f" >/dev/null 2>&1; then
      echo "FAIL $f: LibreOffice could not open it"; fail=1; continue
    fi
    local out="$txt/$(basename "${f%.docx}").txt"
    local team
    team=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['fields'].get('team.name',''))" "$TRUTH/$id.json")
    if [ -z "$team" ]; then
      [ -s "$out" ] && echo "ok   $f (not a form; opens)" || { echo "FAIL $f: empty text"; fail=1; }
    elif grep -qF "$team" "$out"; then
      echo "ok   $f ($team)"
    else
      echo "FAIL $f: team name $team not in text"; fail=1
    fi
  done < <(find "$BATCH" "$WORK/zip" -name '*.docx' -print0 | sort -z)
  echo "$n .docx files checked"
  return $fail
}

if [ "${1:-}" != verify ]; then
  for t in "${ROUND_TRIPS[@]}"; do
    # shellcheck disable=SC2086
    round_trip $t
  done
fi
verify
