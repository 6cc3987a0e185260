#!/usr/bin/env bash
# Installs what the portal needs into this checkout: a virtualenv with the Python packages
# (pyproject.toml) and the npm packages (package-lock.json: Det Fælles Designsystem, axe-core).
# Sourced by ./run-portal and ./run-tests; safe to run again (skips what is up to date).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed ($PYTHON)." >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to install Det Fælles Designsystem (Node.js 18 or newer)." >&2
  exit 1
fi

extras=${1:-}
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)${extras:+-$extras}"
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

npm_stamp="node_modules/.installed-$(cat package-lock.json | sha256sum | cut -c1-16)"
if [ ! -f "$npm_stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi

# The English catalogue is kept as a .po in the repository and compiled here (about a second).
scripts/translations.sh compile
