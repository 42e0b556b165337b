#!/bin/sh
# Installs what the test suite needs from Debian's packages, where it is missing:
# chromium (driven by Playwright, which must never download a browser of its own),
# a Java runtime (for the Nu Html Checker), Node.js with npm (axe-core, vnu-jar, ical.js,
# node-ical), rsync (the atomic upload of `invoke publish --target`, tested locally), LibreOffice
# Calc without a user interface (opens the open-data files as a spreadsheet user would:
# tests/test_spreadsheets.py), and the calendar consumers the feeds are read by
# (tests/test_feed_consumers.py): libical, read by a small C program the tests compile (gcc,
# libc6-dev, pkg-config), and Ruby's icalendar gem. pngquant makes the editors' guide's screenshots
# small (make guide-screenshots).
set -eu

missing=""
installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q " ok installed$"
}
[ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v rsync >/dev/null 2>&1 || missing="$missing rsync"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui"
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
installed libc6-dev || missing="$missing libc6-dev"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
installed libical-dev || missing="$missing libical-dev"
command -v ruby >/dev/null 2>&1 || missing="$missing ruby"
installed ruby-icalendar || missing="$missing ruby-icalendar"
command -v pngquant >/dev/null 2>&1 || missing="$missing pngquant"
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
