# Memory for large pools, measured (peak RSS of the reqmatch process):
#  - the workbook is written in constant memory: writing .xlsx costs at
#    most a few MB more than writing the same ranking as CSV (without
#    libxlsxwriter's constant_memory mode it costs about 9 KB a candidate);
#  - a ranked candidate keeps little besides its results: the analysed
#    profile is dropped once evaluated (rq_profile_shed), so the whole pool
#    costs under 3 KB a candidate over --top 10 (about 6 KB without it);
#  - warnings are printed as they come, not kept to the end: four times as
#    many profiles that each warn 20 times take no more memory with
#    --top 10 (kept, 4000 of them took 14 MB more than 1000), and every
#    warning is printed, in input order, whatever --jobs.
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

# profiles that each warn 20 times (jobs that start after the as-of date)
python3 - "$TMP/warn-1000.jsonl" "$TMP/warn-4000.jsonl" <<'PY'
import json, sys
for path, n in zip(sys.argv[1:], (1000, 4000)):
    with open(path, "w") as f:
        for i in range(n):
            work = [{"name": "Org %d" % k, "position": "Officer",
                     "startDate": "2030-%02d" % (k % 12 + 1)} for k in range(20)]
            f.write(json.dumps({"basics": {"name": "W %d" % i}, "work": work}) + "\n")
PY
warn=(rank "$POSTING" --as-of 2026-11-01 --top 10 -o "$TMP/w.csv")
small=$(rss "$RQ" "${warn[@]}" "$TMP/warn-1000.jsonl" -j1 -q)
big=$(rss "$RQ" "${warn[@]}" "$TMP/warn-4000.jsonl" -j1 -q)
echo "memory.sh: peak RSS for 1000 and 4000 profiles of 20 warnings each: $small KB, $big KB"
checks=$((checks + 3))
[ "$small" -gt 0 ] && [ "$big" -gt 0 ] && [ $((big - small)) -lt 2048 ] ||
    fail "warnings kept: $small KB for 1000 profiles, $big KB for 4000"
for j in 1 2; do
    run "$RQ" "${warn[@]}" "$TMP/warn-4000.jsonl" -j$j
    cp "$TMP/err" "$TMP/err-$j"
done
py "every warning printed, in input order" '
import re, sys
lines = open(sys.argv[1]).read().splitlines()
nums = [int(m.group(1)) for m in (re.match(r".*warn-4000\.jsonl:(\d+): warning: ", l) for l in lines) if m]
assert len(nums) == 80000, len(nums)
assert nums == sorted(nums), "out of order"
assert nums[0] == 1 and nums[-1] == 4000
' "$TMP/err-1"
cmp -s "$TMP/err-1" "$TMP/err-2" || fail "warnings differ between --jobs 1 and --jobs 2"
finish
