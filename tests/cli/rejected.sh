# Rejected inputs: named on stderr and in the output, exit 2; nothing
# readable at all: exit 1 and no output.
source "$(dirname "$0")/lib.bash" "$@"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/broken.json" --as-of $ASOF --format json
expect_rc 2 "one broken profile among good ones"
has "$TMP/err" "broken.json" "the broken file is named on stderr"
[ "$(grep -c . "$TMP/err")" -eq 1 ] || fail "one line on stderr per rejected input"
py "rejected listed in JSON" '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["candidates"]) == 3
assert len(d["rejected"]) == 1, d["rejected"]
r = d["rejected"][0]
assert r["source"].endswith("broken.json") and r["error"], r
' "$TMP/out"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/broken.json" --as-of $ASOF
expect_rc 2 "text output with a rejected input"
has "$TMP/out" "Rejected inputs (1):" "text footer lists rejected inputs"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/broken.json" --as-of $ASOF --format md
has "$TMP/out" "## Rejected inputs (1)" "md lists rejected inputs"

# a JSON Lines file with one bad line: the line is named
run "$RQ" rank "$FIX/job.rules" "$FIX/mixed.jsonl" --as-of $ASOF --format json
expect_rc 2 "jsonl with a bad line"
has "$TMP/err" "mixed.jsonl:2" "the bad line is named file:line"
py "good lines kept" '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(x["id"] for x in d["candidates"]) == ["good-one", "good-two"]
assert len(d["rejected"]) == 1 and "mixed.jsonl:2" in d["rejected"][0]["source"]
' "$TMP/out"

# a path that does not exist is rejected, not ignored
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$TMP/missing.json" --as-of $ASOF
expect_rc 2 "missing profile path"
has "$TMP/err" "missing.json" "missing path named"

# nothing readable: exit 1, nothing on stdout
run "$RQ" rank "$FIX/job.rules" "$FIX/broken.json" --as-of $ASOF
expect_rc 1 "only broken profiles"
[ -s "$TMP/out" ] && fail "nothing is written when no profile is readable"
has "$TMP/err" "broken.json" "broken profile named"

# the repository's broken samples: every one is named (rejected, or with
# warnings under -v)
if [ -d "$SRC/samples/bad" ]; then
    run "$RQ" rank -v "$FIX/job.rules" "$FIX/profiles" "$SRC/samples/bad" --as-of $ASOF --format json
    expect_rc 2 "samples/bad"
    for f in "$SRC"/samples/bad/*.json; do
        has "$TMP/err" "$(basename "$f")" "samples/bad: $(basename "$f") named"
    done
fi

# an unusable posting: exit 1, error names the file
run "$RQ" rank "$SRC/tests/rules/many_errors.rules" "$FIX/profiles"
expect_rc 1 "broken rules file as posting"
has "$TMP/err" "many_errors.rules:" "posting errors name file:line"
[ -s "$TMP/out" ] && fail "nothing on stdout for an unusable posting"

finish
