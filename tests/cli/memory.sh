# Memory for large pools, measured (peak RSS of the reqmatch process):
#  - the workbook is written in constant memory: writing .xlsx costs at
#    most a few MB more than writing the same ranking as CSV (without
#    libxlsxwriter's constant_memory mode it costs about 9 KB a candidate);
#  - a ranked candidate keeps little besides its results: the analysed
#    profile is dropped once evaluated (rq_profile_shed), so the whole pool
#    costs under 3 KB a candidate over --top 10 (about 6 KB without it).
# 4000 generated profiles, one thread, so the figures are steady.
source "$(dirname "$0")/lib.bash" "$@"

GEN=$(dirname "$RQ")/tests/gen_profiles
if [ ! -x "$GEN" ]; then
    echo "memory.sh: FAIL: $GEN not built" >&2
    exit 1
fi
N=4000
"$GEN" $N 1 >"$TMP/pool.jsonl"
POSTING=$SRC/samples/postings/coordination-droits-enfant.txt

# peak RSS in KB of one run (its output files go to $TMP)
rss() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if rc == 0 else -1)
PY
}

common=(rank "$POSTING" "$TMP/pool.jsonl" --as-of 2026-11-01 -j1 -q)
checks=$((checks + 3))
csv=$(rss "$RQ" "${common[@]}" -o "$TMP/all.csv")
xlsx=$(rss "$RQ" "${common[@]}" -o "$TMP/all.xlsx")
top=$(rss "$RQ" "${common[@]}" -o "$TMP/top.xlsx" --top 10)
echo "memory.sh: peak RSS for $N candidates: csv ${csv} KB, xlsx ${xlsx} KB, xlsx --top 10 ${top} KB"
if [ "$csv" -lt 0 ] || [ "$xlsx" -lt 0 ] || [ "$top" -lt 0 ]; then
    fail "a rank run failed"
    finish
fi
[ $((xlsx - csv)) -lt 8192 ] ||
    fail "the workbook writer is not in constant memory: xlsx $xlsx KB vs csv $csv KB"
[ $(((csv - top) / N)) -lt 3 ] ||
    fail "a ranked candidate costs $(((csv - top) / N)) KB (want < 3): analysed profiles kept?"
# the big workbook is complete: every candidate is in it
py "the $N-candidate workbook reads back" '
import sys, warnings, zipfile, re
with zipfile.ZipFile(sys.argv[1]) as z:
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
rows = re.findall(r"<row r=\"(\d+)\"", sheet)
assert int(rows[-1]) == int(sys.argv[2]) + 1, rows[-1]
' "$TMP/all.xlsx" $N
finish
