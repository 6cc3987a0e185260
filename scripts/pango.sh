#!/usr/bin/env bash
# Pango, which WeasyPrint needs to make the family's receipt (a PDF): installed with Debian's
# packages when missing and we may (root with apt-get); otherwise says what to install.
# Run by ./run-tests and ./run-portal.
set -euo pipefail

has_pango() { ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1\.0\.so\.0'; }
has_pango && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Pango for the receipt's PDF (WeasyPrint) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core >/dev/null
  has_pango && exit 0
fi
echo "Pango is missing, so the family's receipt (PDF) cannot be made: install it" \
  "(apt-get install libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core)." >&2
exit 1
