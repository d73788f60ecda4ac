#!/usr/bin/env bash
# The shortlist workbook, end to end: rank a sample posting against the
# sample profiles (plus one whose name looks like a formula), write .xlsx,
# and read it back with openpyxl (tests/xlsx_check.py), the Ranking sheet
# against the CSV of the same run (same columns and values). Also: two runs give
# the same bytes, --top and --anonymize reach the workbook.
# Usage: xlsx_readback.sh REQMATCH SRCDIR
set -u
REQ=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "xlsx_readback: $*" >&2; exit 1; }

PY=
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "no python3 with openpyxl (apt-get install python3-openpyxl)"

posting=$(ls "$SRC"/samples/postings/*.txt 2>/dev/null | head -n 1)
[ -n "$posting" ] || posting=$(ls "$SRC"/samples/postings/* 2>/dev/null | head -n 1)
[ -n "$posting" ] || fail "no posting in samples/postings"

mkdir "$tmp/profiles"
cp "$SRC"/samples/profiles/*.json "$tmp/profiles/"
cat > "$tmp/profiles/zz-formula.json" <<'JSON'
{"basics": {"name": "=HYPERLINK(\"http://example.invalid\",\"click\")"},
 "work": [{"name": "Some Org", "position": "Clerk",
           "startDate": "2019-01-01", "endDate": "2020-06-30"}]}
JSON
nprofiles=$(ls "$tmp"/profiles/*.json | wc -l)

"$REQ" rank "$posting" "$tmp/profiles" -o "$tmp/out.xlsx" --as-of 2026-01-01 \
    2>"$tmp/err" || fail "rank -o out.xlsx exited $?: $(cat "$tmp/err")"
[ -s "$tmp/out.xlsx" ] || fail "no workbook written"
"$REQ" rank "$posting" "$tmp/profiles" -o "$tmp/out.csv" --as-of 2026-01-01 \
    2>/dev/null || fail "rank -o out.csv failed"
"$PY" "$SRC/tests/xlsx_check.py" --formula-name --csv="$tmp/out.csv" "$tmp/out.xlsx" ||
    fail "read-back check failed (or the CSV and the Ranking sheet differ)"

"$PY" - "$tmp/out.xlsx" "$nprofiles" <<'PY' || fail "candidate count"
import sys, warnings, openpyxl
warnings.simplefilter("ignore")
wb = openpyxl.load_workbook(sys.argv[1])
n = wb["Ranking"].max_row - 1
assert n == int(sys.argv[2]), f"{n} rows for {sys.argv[2]} profiles"
PY

sleep 1
"$REQ" rank "$posting" "$tmp/profiles" -o "$tmp/again.xlsx" --as-of 2026-01-01 \
    2>/dev/null || fail "second run failed"
cmp -s "$tmp/out.xlsx" "$tmp/again.xlsx" || fail "two runs differ"

"$REQ" rank "$posting" "$tmp/profiles" -o "$tmp/top.xlsx" --as-of 2026-01-01 \
    --top 3 --anonymize 2>/dev/null || fail "--top 3 --anonymize failed"
"$PY" "$SRC/tests/xlsx_check.py" "$tmp/top.xlsx" || fail "top.xlsx check"
"$PY" - "$tmp/top.xlsx" "$nprofiles" <<'PY' || fail "--top / --anonymize"
import sys, warnings, openpyxl
warnings.simplefilter("ignore")
wb = openpyxl.load_workbook(sys.argv[1])
rk = wb["Ranking"]
rows = list(rk.iter_rows(min_row=2, values_only=True))
assert len(rows) == 3, f"{len(rows)} rows with --top 3"
assert all(r[1].startswith("cand-") for r in rows), "ids not pseudonyms"
assert all(r[2] is None for r in rows), "names shown with --anonymize"
labels = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
assert labels["Candidates evaluated"] == int(sys.argv[2]), labels
assert labels["Candidates listed"] == 3, labels
for r in wb["Gaps"].iter_rows(min_row=2, values_only=True):
    assert r[1].startswith("cand-"), f"Gaps id {r[1]}"
PY
echo "xlsx_readback: ok"
