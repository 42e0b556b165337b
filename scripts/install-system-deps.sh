#!/bin/sh
# Installs what the test suite needs from Debian's packages, where it is missing:
# chromium (driven by Playwright, which must never download a browser of its own),
# a Java runtime (for the Nu Html Checker), Node.js with npm (axe-core, vnu-jar), rsync
# (the atomic upload of `invoke publish --target`, tested locally) and LibreOffice Calc without
# a user interface (opens the open-data CSV as a spreadsheet user would: tests/test_spreadsheets.py).
set -eu

missing=""
[ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v rsync >/dev/null 2>&1 || missing="$missing rsync"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "Please install these Debian packages (as root):$missing" >&2
    exit 1
fi
echo "Installing Debian packages:$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
