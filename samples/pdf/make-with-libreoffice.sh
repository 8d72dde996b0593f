#!/usr/bin/env bash
# Exports sample forms to PDF with LibreOffice (as teams do with "另存为 PDF"), for
# tests/pdf_forms.rs, which compares the fields read from each PDF with its DOCX original.
# A documented manual step, not needed by the tests: the PDFs are committed.
#   apt-get install -y --no-install-recommends libreoffice-writer fonts-wqy-microhei
#   bash samples/pdf/make-with-libreoffice.sh
set -euo pipefail
cd "$(dirname "$0")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for id in SX2025-0001 SX2025-0002 SX2025-0003 SX2025-0006 SX2025-0007 SX2025-0010; do
  cp "../batch/$id/申报书.docx" "$WORK/$id.docx"
  soffice "-env:UserInstallation=file://$WORK/profile" --headless --convert-to pdf --outdir . "$WORK/$id.docx" >/dev/null
done
ls -l ./*.pdf
