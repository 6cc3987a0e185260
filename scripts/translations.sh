#!/usr/bin/env bash
# The English catalogue (portal/translations/en/LC_MESSAGES/messages.po, kept in the repository).
#   scripts/translations.sh update    extract every marked string and bring the catalogue up to
#                                     date (new strings arrive untranslated: translate them, since
#                                     tests/test_catalogue.py fails on an untranslated or fuzzy one)
#   scripts/translations.sh compile   compile it to the .mo the portal reads (not kept; the set-up
#                                     scripts run this every time)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
catalogue=portal/translations
case "${1:-compile}" in
  update)
    pot=$(mktemp --suffix=.pot)
    trap 'rm -f "$pot"' EXIT
    .venv/bin/pybabel -q extract -F babel.cfg -k _l -k N_ -k N_plural:1,2 --no-location --sort-output \
      --project=portal -o "$pot" .
    .venv/bin/pybabel -q update -i "$pot" -d "$catalogue" -l en --no-fuzzy-matching \
      --ignore-obsolete --width 100
    ;;
  compile)
    .venv/bin/pybabel -q compile -d "$catalogue" -D messages
    ;;
  *)
    echo "usage: $0 update|compile" >&2
    exit 2
    ;;
esac
