#!/usr/bin/env bash
# Rebuild the self-hosted fonts in sahifa/static/fonts/ from Debian's Noto
# fonts (fonts-noto-core, SIL Open Font License 1.1): Noto Naskh Arabic for
# reading, Noto Kufi Arabic Bold for headlines. Subset to Arabic, Arabic
# digits and punctuation, basic Latin and the bidi controls, as WOFF2
# (about 34 KB each). The outputs are committed; run this only to change
# the character set or update the fonts. fonttools runs from a throwaway
# virtualenv: it is a build tool, not a dependency of the site.
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/truetype/noto
out=sahifa/static/fonts
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/pip" install -q fonttools==4.60.1 brotli==1.2.1
unicodes="U+0020-007E,U+00A0-00FF,U+060C-061F,U+0621-065F,U+0660-066D,U+0670-06D3,U+06F0-06F9,U+200C-200F,U+2010-2027,U+2066-2069,U+FD3E-FD3F"
for name in NotoNaskhArabic-Regular NotoKufiArabic-Bold; do
  "$tools/bin/pyftsubset" "$src/$name.ttf" --unicodes="$unicodes" --layout-features='*' \
    --flavor=woff2 --output-file="$out/$name.woff2"
done
ls -l "$out"/*.woff2
