#!/usr/bin/env bash
# How the HTML gap report LOOKS: a by-hand check, not part of ctest
# (chromium is a large install for CI; tests/test_html.c and
# tests/cli/html_report.sh check the page's structure in every run).
#
# Renders sample gap reports with headless Debian chromium at a phone
# width (390 px) and a desktop width (1280 px), and prints them to PDF
# (A4), then lists the files for a person to open and look at. The
# reports: a strong candidate, a candidate blocked by required rules, and
# a hostile profile (markup in the name, a 300-character word, a long
# evidence list) that must neither run nor widen the page.
#
#   apt-get install -y chromium poppler-utils
#   bash tests/look/html_look.sh build/reqmatch [OUTDIR]   (default: a new temporary directory)
#
# Besides the pictures, it checks what a machine can: every render
# succeeded, in the narrowest window chromium lays out (about 500 px) the
# page is no wider than the window (no sideways scrolling, measured by a
# script in a copy of the page; the 390 px screenshot is for the eye), the
# print has a sane number of pages, and the hostile name stayed text.
set -u
REQ=${1:?usage: html_look.sh REQMATCH [OUTDIR]}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${2:-$(mktemp -d "${TMPDIR:-/tmp}/rq-look.XXXXXX")}
mkdir -p "$OUT"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "html_look: chromium is not installed (apt-get install -y chromium)" >&2
    exit 77
fi
fails=0
fail() { echo "html_look: FAIL: $*" >&2; fails=$((fails + 1)); }

posting=$SRC/samples/postings/coordination-droits-enfant.txt
cat >"$OUT/hostile.json" <<JSON
{"basics": {"name": "<script>alert(1)</script> $(printf 'W%.0s' $(seq 300))",
            "summary": "children's rights <b>bold</b>"},
 "work": [{"name": "Org", "position": "Coordinator of children's rights projects",
           "startDate": "2015-01",
           "highlights": ["team management", "project management", "fundraising",
                          "donor relations", "nonprofit sector", "permanent education"]}],
 "languages": [{"language": "French", "fluency": "native"},
               {"language": "English", "fluency": "so-so"}]}
JSON

shot() { # shot OUT.png WIDTH,HEIGHT FILE.html
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$(mktemp -d)" --screenshot="$1" --window-size="$2" \
        "file://$3" >/dev/null 2>&1
}
print_pdf() { # print_pdf OUT.pdf FILE.html
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --no-pdf-header-footer \
        --user-data-dir="$(mktemp -d)" --print-to-pdf="$1" "file://$2" >/dev/null 2>&1
}
# overflow FILE.html: "WIDTHxVIEWPORT", the page's laid-out width and the
# viewport's, at the narrowest window chromium lays a page out in (about
# 500 px: it will not go narrower outside screenshots), measured by a
# script added to a copy (the report itself has none)
overflow() {
    sed 's|</body>|<script>document.title="W"+document.documentElement.scrollWidth+"x"+window.innerWidth</script></body>|' \
        "$1" >"$1.measure.html"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" \
        --window-size=390,800 --dump-dom "file://$1.measure.html" 2>/dev/null |
        sed -n 's|.*<title>W\([0-9]*x[0-9]*\)</title>.*|\1|p'
    rm -f "$1.measure.html"
}

for who in amelie-fontaine:samples/profiles/amelie-fontaine.json \
           jonas-peeters:samples/profiles/jonas-peeters.json \
           hostile:"$OUT/hostile.json"; do
    name=${who%%:*}
    profile=${who#*:}
    case $profile in /*) ;; *) profile=$SRC/$profile ;; esac
    html=$OUT/$name.html
    "$REQ" gap "$posting" "$profile" --format html --as-of 2026-11-01 -o "$html" 2>/dev/null
    [ -s "$html" ] || { fail "$name: no report"; continue; }
    shot "$OUT/$name-phone.png" 390,2400 "$html" || fail "$name: phone render"
    shot "$OUT/$name-desktop.png" 1280,2000 "$html" || fail "$name: desktop render"
    print_pdf "$OUT/$name.pdf" "$html" || fail "$name: print"
    [ -s "$OUT/$name-phone.png" ] || fail "$name: no phone screenshot"
    dims=$(overflow "$html")
    width=${dims%x*}
    viewport=${dims#*x}
    [ -n "$dims" ] && [ "$width" -le "$viewport" ] ||
        fail "$name: the page is ${width:-?} px wide in a ${viewport:-?} px window (scrolls sideways)"
    if command -v pdfinfo >/dev/null && [ -s "$OUT/$name.pdf" ]; then
        pages=$(pdfinfo "$OUT/$name.pdf" | awk '/^Pages:/ {print $2}')
        [ "${pages:-0}" -ge 1 ] && [ "${pages:-0}" -le 6 ] ||
            fail "$name: printed on ${pages:-?} pages"
    fi
done
grep -q '<script>' "$OUT/hostile.html" && fail "hostile: markup from the profile reached the page"

echo "html_look: look at these:"
ls -1 "$OUT"/*.png "$OUT"/*.pdf 2>/dev/null | sed 's/^/  /'
[ "$fails" -eq 0 ]
