#!/usr/bin/env bash
# Installs Debian's Chromium (for the Playwright browser tests in e2e/) and the fonts the
# pages and documents are rendered with, if they are not there yet. Idempotent and quick
# when everything is installed. Uses sudo only when not root.
#
#   scripts/install-chromium.sh            # what `make test` runs
#   CHROMIUM_PATH=/opt/chrome/chrome ...   # a browser elsewhere: nothing is installed
set -euo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# fonts-liberation: metric-compatible Arial/Times/Courier; fonts-liberation2 adds the
# Vietnamese letters (Latin Extended Additional) that Liberation 1.x lacks.
FONTS=(fonts-liberation fonts-liberation2)

missing=()
if [ ! -x "$CHROMIUM_PATH" ]; then
    if [ "$CHROMIUM_PATH" != "/usr/bin/chromium" ]; then
        echo "install-chromium: CHROMIUM_PATH=$CHROMIUM_PATH does not exist or is not executable" >&2
        exit 1
    fi
    missing+=(chromium)
fi
for pkg in "${FONTS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: apt-get not found; install Chromium and set CHROMIUM_PATH (missing: ${missing[*]})" >&2
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
apt_install() {
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

echo "install-chromium: installing ${missing[*]} with apt-get"
if ! apt_install; then
    echo "install-chromium: install failed, running apt-get update and trying again"
    "${SUDO[@]}" apt-get update -q
    apt_install
fi

if [ ! -x "$CHROMIUM_PATH" ]; then
    echo "install-chromium: $CHROMIUM_PATH still missing after install" >&2
    exit 1
fi
"$CHROMIUM_PATH" --version || true
