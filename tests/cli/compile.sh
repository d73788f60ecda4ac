# compile and check: rules and JSON output, diagnostics, exit status.
source "$(dirname "$0")/lib.bash" "$@"

run "$RQ" compile "$FIX/job.rules"
expect_rc 0 "compile a rules file"
cp "$TMP/out" "$TMP/job.rules"
has "$TMP/job.rules" "[experience-1]" "compile writes rules by default"
run "$RQ" compile "$TMP/job.rules"
cmp -s "$TMP/out" "$TMP/job.rules" || fail "compile of compiled rules is a fixed point"

run "$RQ" compile "$FIX/job.rules" --format json
expect_rc 0 "compile --format json"
py "compile json follows the contract" '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["posting", "rules"]
assert d["posting"] == {"title": "Project coordinator", "organization": "Example Foundation", "language": "en"}, d["posting"]
r = {x["id"]: x for x in d["rules"]}
assert r["degree-1"]["category"] == "degree" and r["degree-1"]["min_eqf"] == 6
assert r["degree-1"]["required"] is True
assert r["experience-1"]["min_years"] == 3
assert r["language-1"]["languages"] == ["en"] and r["language-1"]["min_level"] == "B2"
assert r["knowledge-1"]["concepts"]
for x in d["rules"]:
    assert x["weight"] > 0 and set(x["source"]) == {"line", "text"}
' "$TMP/out"

run "$RQ" compile "$FIX/job.rules" -o "$TMP/out.rules"
expect_rc 0 "compile -o out.rules"
run "$RQ" check "$TMP/out.rules" "$FIX/job.rules"
expect_rc 0 "check good files"
has "$TMP/out" "out.rules: ok, 4 rules" "check says ok with the rule count"
has "$TMP/out" "job.rules: ok, 4 rules" "check every file"

run "$RQ" check "$SRC/tests/rules/many_errors.rules" "$FIX/job.rules"
expect_rc 1 "check a broken rules file"
grep -qE '^[^:]*many_errors\.rules:[0-9]+:[0-9]+: error: ' "$TMP/err" || fail "check prints file:line:col: error: message"
[ "$(grep -c ': error: ' "$TMP/err")" -ge 3 ] || fail "check reports every error, not only the first"
has "$TMP/out" "job.rules: ok" "check goes on after a broken file"

run "$RQ" check "$TMP/nope.rules"
expect_rc 1 "check a missing file"
has "$TMP/err" "nope.rules" "missing file named"

run "$RQ" compile "$TMP/nope.txt"
expect_rc 1 "compile a missing posting"
has "$TMP/err" "nope.txt" "missing posting named"

# the repository's postings compile (text and JobPosting)
for p in "$SRC"/samples/postings/*; do
    [ -e "$p" ] || continue
    run "$RQ" compile -q "$p" --format json
    expect_rc 0 "compile $(basename "$p")"
    py "compile $(basename "$p") gives rules" 'import json,sys; assert json.load(open(sys.argv[1]))["rules"]' "$TMP/out"
done

finish
