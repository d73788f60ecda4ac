# Languages end to end: fluency words in English, French and Dutch, language
# names in the three languages and ISO codes, native above C2, and an
# unrecognised fluency reported (never guessed): status unknown with a gap
# that says so, eligibility not blocked, and a warning on stderr (unless -q)
# naming the file and the field path.
source "$(dirname "$0")/lib.bash" "$@"

cat >"$TMP/lang.rules" <<'RULES'
title: Language test
language: en

[language-1]
category: language
required: yes
weight: 1
languages: nl
min_level: C2

[language-2]
category: language
required: no
weight: 1
languages: fr
min_level: B2
RULES

# profile FLUENCY: Dutch and French, named in French and Dutch
profile() {
    printf '{"languages": [{"language": "Néerlandais", "fluency": "%s"},\n' "$1"
    printf ' {"language": "Frans", "fluency": "%s"}]}\n' "$1"
}

# fluency -> expected level of both entries
while IFS='|' read -r fluency level; do
    profile "$fluency" >"$TMP/p.json"
    run "$RQ" gap "$TMP/lang.rules" "$TMP/p.json" --as-of $ASOF --format json
    expect_rc 0 "gap with fluency '$fluency'"
    py "fluency '$fluency' is $level" '
import json, sys
res = json.load(open(sys.argv[1]))["candidate"]["results"]
assert [r["level"] for r in res] == [sys.argv[2]] * 2, res
' "$TMP/out" "$level"
done <<'TABLE'
Native speaker|native
langue maternelle|native
moedertaal|native
bilingue|C2
Full professional proficiency|C1
fluent|C1
courant|C1
vloeiend|C1
goede kennis|B2
notions|A2
B2|B2
TABLE

# native ranks above C2: it meets a C2 rule; C1 is one step short
profile "moedertaal" >"$TMP/native.json"
profile "C1" >"$TMP/c1.json"
run "$RQ" rank "$TMP/lang.rules" "$TMP/native.json" "$TMP/c1.json" --as-of $ASOF --format json
py "native meets C2, C1 is partial" '
import json, sys
by = {c["id"]: c for c in json.load(open(sys.argv[1]))["candidates"]}
assert by["native"]["results"][0]["status"] == "met"
assert by["native"]["eligible"]
assert by["c1"]["results"][0]["status"] == "partial"
assert 0 < by["c1"]["results"][0]["satisfaction"] < 1
assert not by["c1"]["eligible"]
' "$TMP/out"

# ISO codes as names
printf '{"languages": [{"language": "nl", "fluency": "C2"}]}\n' >"$TMP/iso.json"
run "$RQ" gap "$TMP/lang.rules" "$TMP/iso.json" --as-of $ASOF --format json
py "an ISO code names the language" '
import json, sys
r = json.load(open(sys.argv[1]))["candidate"]["results"][0]
assert r["status"] == "met" and r["level"] == "C2", r
' "$TMP/out"

# an unrecognised fluency: unknown, said in the gap, not a knock-out
profile "sort of okay" >"$TMP/odd.json"
run "$RQ" gap "$TMP/lang.rules" "$TMP/odd.json" --as-of $ASOF --format json
expect_rc 0 "gap with an unrecognised fluency"
py "unrecognised fluency is unknown, not guessed" '
import json, sys
c = json.load(open(sys.argv[1]))["candidate"]
r = c["results"][0]
assert r["status"] == "unknown" and r["level"] is None, r
assert "not recognised" in r["gap"], r
assert r["evidence"] == ["languages[0]"], r
assert c["eligible"], "unknown does not count against eligibility"
' "$TMP/out"
run "$RQ" gap "$TMP/lang.rules" "$TMP/odd.json" --as-of $ASOF
has "$TMP/out" "not recognised" "text gap report says the fluency was not recognised"
run "$RQ" rank "$TMP/lang.rules" "$TMP/odd.json" --as-of $ASOF
expect_rc 0 "rank with an unrecognised fluency"
grep -q 'odd.json: warning: \$\.languages\[0\]\.fluency: unrecognised fluency "sort of okay"' "$TMP/err" \
    || fail "a warning names file, path and the fluency on stderr (by default)"
run "$RQ" rank -q "$TMP/lang.rules" "$TMP/odd.json" --as-of $ASOF
hasnt "$TMP/err" "unrecognised" "-q prints no warnings"

finish
