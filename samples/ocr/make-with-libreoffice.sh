#!/usr/bin/env bash
# Renders the OCR test pictures: a business licence and a patent certificate, typeset by
# LibreOffice (HTML -> PDF) and rasterised by poppler (pdftoppm, 150 dpi, gray PNG).
# A documented manual step, not needed by the tests: the PNGs are committed.
#   apt-get install -y --no-install-recommends libreoffice-writer poppler-utils fonts-wqy-microhei
#   bash samples/ocr/make-with-libreoffice.sh
set -euo pipefail
cd "$(dirname "$0")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for name in licence patent; do
  soffice "-env:UserInstallation=file://$WORK/profile" --headless --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export --outdir "$WORK" "$name.html" >/dev/null
  pdftoppm -r 150 -gray -png -singlefile "$WORK/$name.pdf" "$name"
done
ls -l ./*.png
