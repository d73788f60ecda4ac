#!/usr/bin/env bash
# The HTML gap report, end to end: self-contained (no scripts, no outside
# assets), a viewport for phones, @media print, every text escaped, same
# bytes on two runs. The visual check (headless chromium screenshot) is
# described in the README; this test checks the structure only.
# Usage: html_report.sh REQMATCH SRCDIR
set -u
REQ=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "html_report: $*" >&2; exit 1; }

posting=$(ls "$SRC"/samples/postings/*.txt 2>/dev/null | head -n 1)
[ -n "$posting" ] || posting=$(ls "$SRC"/samples/postings/* 2>/dev/null | head -n 1)
[ -n "$posting" ] || fail "no posting in samples/postings"

cat > "$tmp/mallory.json" <<'JSON'
{"basics": {"name": "Mallory <script>alert('x')</script> & \"Co\""},
 "work": [{"name": "<b>Org</b>", "position": "Worker",
           "startDate": "2018-01-01", "endDate": "2021-12-31",
           "highlights": ["Ran <i>projects</i> & trainings"]}],
 "languages": [{"language": "English", "fluency": "Native speaker"}]}
JSON

"$REQ" gap "$posting" "$tmp/mallory.json" --format html --as-of 2026-01-01 \
    >"$tmp/gap.html" 2>"$tmp/err" || fail "gap --format html exited $?: $(cat "$tmp/err")"
f=$tmp/gap.html
head -c 15 "$f" | grep -q '^<!DOCTYPE html>' || fail "no doctype"
grep -q '<meta name="viewport" content="width=device-width' "$f" || fail "no viewport"
grep -q '@media print' "$f" || fail "no print styles"
grep -q '<style>' "$f" || fail "no inline style"
grep -qi '<script' "$f" && fail "a script element"
grep -qiE '<link|<img|<iframe|src="|url\(|https?://' "$f" && fail "an outside asset"
grep -q 'Mallory &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;' "$f" ||
    fail "name not escaped"
tail -c 8 "$f" | grep -q '</html>' || fail "not closed"

"$REQ" gap "$posting" "$tmp/mallory.json" -o "$tmp/out.html" --as-of 2026-01-01 \
    2>/dev/null || fail "gap -o out.html failed"
cmp -s "$f" "$tmp/out.html" || fail "-o .html differs from --format html"

for p in "$SRC"/samples/profiles/*.json; do
    "$REQ" gap "$posting" "$p" --format html --as-of 2026-01-01 >"$tmp/s.html" \
        2>/dev/null || fail "gap html for $p"
    grep -q '</html>' "$tmp/s.html" || fail "incomplete page for $p"
done
echo "html_report: ok"
