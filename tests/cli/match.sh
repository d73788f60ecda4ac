# match: every posting against every profile, both directions.
source "$(dirname "$0")/lib.bash" "$@"
cp "$FIX/job.rules" "$TMP/second.rules"

run "$RQ" match --postings "$FIX/job.rules" "$TMP/second.rules" --profiles "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --format json --top 2
expect_rc 0 "match json"
py "match json shape" '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["as_of", "postings", "candidates", "rejected"], list(d)
assert len(d["postings"]) == 2
for p in d["postings"]:
    assert set(p) == {"posting", "title", "top"}
    assert p["title"] == "Project coordinator"
    assert len(p["top"]) == 2
    for t in p["top"]:
        assert set(t) == {"id", "score", "eligible"}
    key = [(not t["eligible"], -t["score"], t["id"]) for t in p["top"]]
    assert key == sorted(key)
assert len(d["candidates"]) == 5
for c in d["candidates"]:
    assert len(c["top"]) == 2 and set(c["top"][0]) == {"posting", "score", "eligible"}
' "$TMP/out"
cp "$TMP/out" "$TMP/m.json"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --format json --top 2
py "match agrees with rank" '
import json, sys
m = json.load(open(sys.argv[1]))["postings"][0]["top"]
r = json.load(open(sys.argv[2]))["candidates"]
assert [(x["id"], x["score"], x["eligible"]) for x in m] == [(x["id"], x["score"], x["eligible"]) for x in r]
' "$TMP/m.json" "$TMP/out"

run "$RQ" match --as-of $ASOF --format csv --postings "$FIX/job.rules" --profiles "$FIX/profiles"
expect_rc 0 "match csv"
py "match csv" '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["posting", "candidate", "score", "eligible", "rank_for_posting"]
assert [r[4] for r in rows[1:]] == ["1", "2", "3"]
' "$TMP/out"

run "$RQ" match --postings "$FIX/job.rules" --profiles "$FIX/profiles" --as-of $ASOF
expect_rc 0 "match text"
has "$TMP/out" "Candidate alice" "match text lists candidates"

run "$RQ" match --postings "$FIX/job.rules" "$TMP/missing.rules" --profiles "$FIX/profiles" --as-of $ASOF --format json
expect_rc 2 "match with a missing posting"
has "$TMP/out" "missing.rules" "rejected posting in output"

run "$RQ" match --postings "$TMP/missing.rules" --profiles "$FIX/profiles"
expect_rc 1 "match without a usable posting"

run "$RQ" match "$FIX/job.rules" --profiles "$FIX/profiles"
expect_rc 1 "match needs --postings"

finish
