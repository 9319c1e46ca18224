#!/usr/bin/env bash
# Refresh the English translation of Cơ Sở's interface.
#
#   scripts/update-translations.sh
#
# 1. `makemessages -l en` collects every marked string ({% translate %}, gettext,
#    gettext_lazy, ...) from the templates and Python code into
#    locale/en/LC_MESSAGES/django.po; strings no longer in the code are dropped
#    (--no-obsolete). New strings arrive with an empty msgstr (or "#, fuzzy" when
#    msgmerge guessed from a similar one): translate them and remove the fuzzy flag.
# 2. `compilemessages -l en` compiles it to locale/en/LC_MESSAGES/django.mo, which is
#    committed, so the server never needs GNU gettext at run time.
#
# Needs GNU gettext (xgettext, msgmerge, msgattrib, msgfmt; Debian: apt-get install gettext)
# and the .venv (`make deps`). coso/core/tests/test_translations.py fails while any entry
# is untranslated, fuzzy, or missing from the compiled .mo.
#
# Environment:
#   PYTHON   interpreter with Django; default .venv/bin/python
set -euo pipefail

COSO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$COSO_ROOT"

PYTHON="${PYTHON:-.venv/bin/python}"
if [ ! -x "$PYTHON" ] && ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "update-translations: $PYTHON not found (run \`make deps\` or set PYTHON)" >&2
    exit 1
fi
for tool in xgettext msgmerge msgattrib msgfmt; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "update-translations: $tool not found; install GNU gettext (apt-get install gettext)" >&2
        exit 1
    fi
done

IGNORES=(--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=bench)

"$PYTHON" manage.py makemessages -l en --no-obsolete "${IGNORES[@]}"
"$PYTHON" manage.py compilemessages -l en "${IGNORES[@]}"

PO=locale/en/LC_MESSAGES/django.po
# Report what is left to translate (msgfmt prints e.g. "412 translated messages, 3 untranslated messages.").
msgfmt --check-format --statistics -o /dev/null "$PO"
