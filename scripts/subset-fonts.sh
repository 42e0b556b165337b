#!/bin/sh
# Makes theme/static/fonts/fira-sans-{400,600}.woff2: Fira Sans Regular and SemiBold (the two
# weights the KERN UX standard uses for text and for headings and labels), cut down to the
# characters this site writes (Latin with the Latin Extended-A letters of the partner cities'
# names, the German quotes and dashes, soft hyphen, no-break spaces, €, →) and without hinting.
# About 14 KB each instead of 130 KB.
#
# The fonts come from the npm package @kern-ux/native (dist/fonts/fira-sans, Fira Sans 4.106,
# SIL Open Font License 1.1: theme/static/fonts/OFL.txt); fonttools cuts them. Both are pinned,
# so running this again gives the same bytes:
#
#   sh scripts/subset-fonts.sh
#
# Needs npm and python3 with network access to the npm registry and PyPI; works in a
# temporary folder and changes nothing but the two font files.
set -eu

KERN=@kern-ux/native@2.7.2
FONTTOOLS="fonttools==4.68.0 brotli==1.2.1"
UNICODES="U+0020-007E,U+00A0-017F,U+0218-021B,U+02BC,U+2010-2015,U+2018-201E,U+2022,U+2026,U+202F,U+2039-203A,U+20AC,U+2192,U+2212"
FEATURES="kern,liga,calt,ccmp,locl,mark,mkmk,tnum"

here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$KERN" >/dev/null && tar xzf kern-ux-native-*.tgz)
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet $FONTTOOLS

for pair in Regular:400 SemiBold:600; do
    name=${pair%%:*}
    weight=${pair##*:}
    "$work/venv/bin/pyftsubset" "$work/package/dist/fonts/fira-sans/FiraSans-$name.woff2" \
        --unicodes="$UNICODES" --layout-features="$FEATURES" --no-hinting \
        --flavor=woff2 --output-file="$here/theme/static/fonts/fira-sans-$weight.woff2"
done
ls -l "$here"/theme/static/fonts/*.woff2
