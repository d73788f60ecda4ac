# rank: JSON shape and order, candidate ids, stdin, --top, --anonymize,
# --as-of, option placement, determinism.
source "$(dirname "$0")/lib.bash" "$@"
J=$TMP/rank.json

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --format json
expect_rc 0 "rank --format json"
cp "$TMP/out" "$J"
py "rank json follows the contract" '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["posting", "rules", "as_of", "candidates", "rejected"], list(d)
assert set(d["posting"]) == {"title", "organization", "language"}, d["posting"]
assert d["posting"]["title"] == "Project coordinator"
assert d["as_of"] == "2025-06-30"
assert [r["id"] for r in d["rules"]] == ["degree-1", "experience-1", "language-1", "knowledge-1"]
for r in d["rules"]:
    for k in ("id", "category", "required", "weight", "source"):
        assert k in r, (k, r)
c = d["candidates"]
assert len(c) == 5, len(c)
assert [x["rank"] for x in c] == [1, 2, 3, 4, 5]
for x in c:
    assert list(x) == ["id", "name", "source", "rank", "score", "eligible", "results"], list(x)
    assert 0 <= x["score"] <= 100 and round(x["score"], 2) == x["score"]
    assert isinstance(x["eligible"], bool)
    assert [r["rule"] for r in x["results"]] == ["degree-1", "experience-1", "language-1", "knowledge-1"]
    for r in x["results"]:
        assert r["status"] in ("met", "partial", "unmet", "unknown")
        assert 0 <= r["satisfaction"] <= 1
        assert isinstance(r["evidence"], list)
        assert r["gap"] is None or isinstance(r["gap"], str)
        assert (r["gap"] is None) == (r["status"] == "met"), r
    res = {r["rule"]: r for r in x["results"]}
    assert "eqf" in res["degree-1"] and "years" in res["experience-1"]
    assert "level" in res["language-1"]
    assert res["language-1"]["level"] in (None, "A1", "A2", "B1", "B2", "C1", "C2", "native")
    assert not ({"years", "level", "eqf"} & set(res["knowledge-1"]))
# order: eligible first, then score descending, then id ascending
key = [(not x["eligible"], -x["score"], x["id"]) for x in c]
assert key == sorted(key), key
ids = {x["id"] for x in c}
assert ids == {"alice", "bob", "formula", "zoe", "pool:2"}, ids
by = {x["id"]: x for x in c}
assert by["alice"]["name"] == "Alice Archer"
assert by["alice"]["source"].endswith("profiles/alice.json"), by["alice"]["source"]
assert by["pool:2"]["source"].endswith("pool.jsonl:2"), by["pool:2"]["source"]
assert by["alice"]["eligible"] and not by["bob"]["eligible"]
assert d["rejected"] == []
' "$J"
has "$J" '  "candidates": [' "JSON is indented by 2 spaces"
if grep -qP '\t' "$J"; then fail "JSON has no tabs"; fi

# determinism: byte-identical runs
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --format json
cmp -s "$TMP/out" "$J" || fail "two runs give byte-identical JSON"

# options before positionals, --opt=value, -- ends options
run "$RQ" rank --format=json --as-of=$ASOF "$FIX/job.rules" "$FIX/profiles" -- "$FIX/pool.jsonl"
expect_rc 0 "options first, --opt=value, --"
cmp -s "$TMP/out" "$J" || fail "option placement does not change the output"

# stdin: JSON Lines, ids from "id" or stdin:LINE
run_in "$FIX/pool.jsonl" "$RQ" rank "$FIX/job.rules" - --as-of $ASOF --format json
expect_rc 0 "profiles on stdin"
py "stdin ids" '
import json, sys
d = json.load(open(sys.argv[1]))
ids = sorted(x["id"] for x in d["candidates"])
assert ids == ["stdin:2", "zoe"], ids
' "$TMP/out"

# --top N: the best N, ranked 1..N, same as the head of the full ranking
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --format json --top 2
expect_rc 0 "--top 2"
py "--top keeps the best N" '
import json, sys
full = json.load(open(sys.argv[1]))["candidates"]
top = json.load(open(sys.argv[2]))["candidates"]
assert len(top) == 2
assert [x["id"] for x in top] == [x["id"] for x in full[:2]]
assert [x["rank"] for x in top] == [1, 2]
' "$J" "$TMP/out"
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --top 2
has "$TMP/out" "5 candidates evaluated, 2 shown" "text footer counts all evaluated"

# --anonymize: no names, pseudonymous ids and sources
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --format json --anonymize
expect_rc 0 "--anonymize"
py "--anonymize hides names and ids" '
import json, re, sys
d = json.load(open(sys.argv[1]))
full = json.load(open(sys.argv[2]))
for x in d["candidates"]:
    assert x["name"] is None
    assert re.fullmatch(r"cand-[0-9a-f]{8}", x["id"]), x["id"]
    assert x["source"] == x["id"]
assert len({x["id"] for x in d["candidates"]}) == 5
assert [x["score"] for x in d["candidates"]] == [x["score"] for x in full["candidates"]]
' "$TMP/out" "$J"
for word in Alice alice Archer zoe Zoe; do hasnt "$TMP/out" "$word" "--anonymize output"; done
cp "$TMP/out" "$TMP/anon1.json"
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --format json --anonymize
cmp -s "$TMP/out" "$TMP/anon1.json" || fail "pseudonyms are stable across runs"
# FNV-1a 32 of "alice"
py "pseudonym is cand- + FNV-1a 32 of the id" '
import json, sys
def fnv(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xffffffff
    return "cand-%08x" % h
d = json.load(open(sys.argv[1]))
assert fnv("alice") in {x["id"] for x in d["candidates"]}
' "$TMP/out"

# --as-of: open-ended jobs run to that date
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles/alice.json" --as-of 2021-12-31 --format json
expect_rc 0 "--as-of 2021-12-31"
py "--as-of changes years of open-ended jobs" '
import json, sys
early = json.load(open(sys.argv[1]))
late = json.load(open(sys.argv[2]))
ey = [r for r in early["candidates"][0]["results"] if r["rule"] == "experience-1"][0]["years"]
ly = [r for r in late["candidates"] if r["id"] == "alice"][0]
ly = [r for r in ly["results"] if r["rule"] == "experience-1"][0]["years"]
assert early["as_of"] == "2021-12-31"
assert ly - ey > 3, (ey, ly)
' "$TMP/out" "$J"

# default --as-of is today
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles/alice.json" --format json
py "default as_of is today" '
import json, sys, datetime
assert json.load(open(sys.argv[1]))["as_of"] == datetime.date.today().isoformat()
' "$TMP/out"

# text report: table, legend, footer
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --as-of $ASOF
expect_rc 0 "rank text"
has "$TMP/out" "Rank  Id" "text header"
has "$TMP/out" "Alice Archer" "text shows names"
has "$TMP/out" "R1   degree-1" "text legend lists rules"
has "$TMP/out" "M met, P partial, U unmet" "text legend explains statuses"
has "$TMP/out" "3 candidates evaluated" "text footer"

# markdown
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --as-of $ASOF --format md
expect_rc 0 "rank md"
has "$TMP/out" "| Rank | Id | Name | Eligible | Score |" "md table header"
has "$TMP/out" "## Rules" "md rules legend"
has "$TMP/out" '=HYPERLINK("http' "md keeps cell text"
run "$RQ" rank "$FIX/job.rules" "$FIX/odd" --as-of $ASOF --format md
has "$TMP/out" 'Ann \| Bee Cee' "md escapes | and line breaks in cells"

finish
