# JSON Lines as they come: CRLF endings, blank lines, a last line without
# a newline, a profile line longer than many reads (1.6 MB; a read is 64
# KB), the same bytes from a file and from stdin, through rank and merge;
# line numbers in ids and errors count every line, blank ones too. Where
# strace is installed, a 20 MB pool is read in reads of 64 KB (a 4 KB
# stdio buffer made it five thousand system calls).
source "$(dirname "$0")/lib.bash" "$@"
GEN=$(dirname "$RQ")/tests/gen_profiles
P=$SRC/samples/postings/advocacy-officer.rules

python3 - "$TMP/pool.jsonl" <<'PY'
import json, sys
# about 1.6 MB on one line, no string over the 1 MB limit
long_summary = "advocacy and human rights " * 30000
keywords = ["human rights"] * 50000
lines = [
    json.dumps({"basics": {"name": "Crlf One"}, "skills": [{"name": "advocacy"}]}) + "\r\n",
    "\r\n",
    "   \n",
    json.dumps({"basics": {"name": "Long Line", "summary": long_summary},
                "skills": [{"name": "advocacy", "keywords": keywords}]}) + "\n",
    "{not json\n",
    json.dumps({"basics": {"name": "No Newline"}, "languages": [{"language": "English", "fluency": "C1"}]}),
]
open(sys.argv[1], "w", newline="").write("".join(lines))
PY

check_pool() {
    py "$1" '
import json, sys
d = json.load(open(sys.argv[1]))
ids = sorted(c["id"] for c in d["candidates"])
assert ids == ["pool:1", "pool:4", "pool:6"] or ids == ["stdin:1", "stdin:4", "stdin:6"], ids
assert [r["source"] for r in d["rejected"]] in (["pool.jsonl:5"], ["stdin:5"]), d["rejected"]
names = {c["id"].split(":")[1]: c["name"] for c in d["candidates"]}
assert names == {"1": "Crlf One", "4": "Long Line", "6": "No Newline"}, names
' "$TMP/out"
}

cd "$TMP" || exit 1
run "$RQ" rank "$P" pool.jsonl --as-of $ASOF --format json -q
expect_rc 2 "rank from a file"
check_pool "rank from a file"
cp "$TMP/out" "$TMP/file.json"

run_in "$TMP/pool.jsonl" "$RQ" rank "$P" - --as-of $ASOF --format json -q
expect_rc 2 "rank from stdin"
check_pool "rank from stdin"
py "file and stdin give the same scores" '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
strip = lambda d: [(c["id"].split(":")[1], c["score"], c["eligible"]) for c in d["candidates"]]
assert strip(a) == strip(b)
' "$TMP/file.json" "$TMP/out"

# merge reads rank's JSON Lines the same way (CRLF, no final newline)
run "$RQ" rank "$P" pool.jsonl --as-of $ASOF --format jsonl -q
cp "$TMP/out" "$TMP/ranked.jsonl"
python3 -c 'import sys; d = open(sys.argv[1]).read().rstrip("\n").replace("\n", "\r\n"); open(sys.argv[2], "w", newline="").write(d)' \
    "$TMP/ranked.jsonl" "$TMP/crlf.jsonl"
run "$RQ" merge crlf.jsonl
expect_rc 2 "merge of CRLF lines without a final newline"
cmp -s "$TMP/out" "$TMP/ranked.jsonl" || fail "merge changed rank's JSON Lines"

if command -v strace >/dev/null 2>&1; then
    "$GEN" 10000 3 >"$TMP/big.jsonl" || fail "gen_profiles"
    bytes=$(stat -c %s "$TMP/big.jsonl")
    strace -f -e trace=read -o "$TMP/trace" "$RQ" rank "$P" "$TMP/big.jsonl" --as-of $ASOF \
        --top 5 --jobs 1 -q -o /dev/null
    reads=$(grep -c 'read(' "$TMP/trace")
    # one read per 64 KB, plus the program's own few (data files, locale)
    limit=$((bytes / 65536 + 60))
    [ "$reads" -le "$limit" ] || fail "$reads reads for a $bytes-byte pool (at most $limit)"
    strace -f -e trace=read -o "$TMP/trace" "$RQ" merge "$TMP/big.jsonl" -o /dev/null 2>/dev/null
    reads=$(grep -c 'read(' "$TMP/trace")
    [ "$reads" -le "$limit" ] || fail "merge: $reads reads for a $bytes-byte file (at most $limit)"
    checks=$((checks + 2))
fi

finish
