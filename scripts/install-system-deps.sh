#!/usr/bin/env bash
# Installs what the official papers (coso/documents) need from Debian, if it is not
# there yet: LibreOffice Writer headless (docx -> PDF) and its Python bridge (the PDF
# converter), the fonts the papers are set in, and poppler-utils (pdftotext/pdftoppm, used by the tests to read the PDFs back).
# Idempotent and quick (a few dpkg-query calls) when everything is installed. Runs
# apt-get as root, or through sudo when not root; `apt-get update` only if an install
# fails (stale or empty package lists).
#
#   scripts/install-system-deps.sh          # what `make test` runs
#   SOFFICE=/opt/libreoffice/program/soffice scripts/install-system-deps.sh
#                                           # a LibreOffice elsewhere: not installed again
set -euo pipefail

# fonts-liberation: "Liberation Serif", metric-compatible with Times New Roman.
# fonts-liberation2: the same family v2, which adds the Vietnamese letters (Latin Extended
#   Additional: ạ ả ấ ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ ẹ ẻ ẽ ế ề ể ễ ệ ỉ ị ọ ỏ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ụ ủ ứ ừ ử ữ ự ỳ ỵ ỷ ỹ)
#   that Liberation 1.x lacks; without it LibreOffice falls back to another font for them.
# fonts-dejavu-core: the fallback face for anything else.
# python3-uno: LibreOffice's Python bridge, for the long-lived PDF converter
#   (coso/documents/converter_server.py, run by /usr/bin/python3; `manage.py pdf_converter`).
PACKAGES=(fonts-liberation fonts-liberation2 fonts-dejavu-core poppler-utils python3-uno)
SOFFICE="${SOFFICE:-}"

missing=()
if [ -n "$SOFFICE" ]; then
    if [ ! -x "$SOFFICE" ]; then
        echo "install-system-deps: SOFFICE=$SOFFICE does not exist or is not executable" >&2
        exit 1
    fi
elif ! command -v soffice >/dev/null 2>&1; then
    missing+=(libreoffice-writer-nogui)
fi
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: apt-get not found; install these yourself: ${missing[*]}" >&2
    echo "  (LibreOffice's soffice on PATH or in SOFFICE=..., Liberation fonts, poppler-utils)" >&2
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-system-deps: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
apt_install() {
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

echo "install-system-deps: installing ${missing[*]} with apt-get"
started=$SECONDS
if ! apt_install; then
    echo "install-system-deps: install failed, running apt-get update and trying again"
    "${SUDO[@]}" apt-get update -q
    apt_install
fi
echo "install-system-deps: done in $((SECONDS - started)) s"

if [ -z "$SOFFICE" ] && ! command -v soffice >/dev/null 2>&1; then
    echo "install-system-deps: soffice still missing after install" >&2
    exit 1
fi
