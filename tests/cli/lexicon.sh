# --lexicon FILE extends the built-in vocabulary for every command: a
# concept the built-in lexicon does not know becomes a key, found in a
# posting and in a profile in any of its wordings. A broken or missing
# lexicon file is an error naming the file (and line:col), exit 1.
source "$(dirname "$0")/lib.bash" "$@"

cat >"$TMP/lex.txt" <<'LEX'
# an extra concept in three languages
@table concepts
beekeeping: beekeeping; apiculture; imkerij
LEX
cat >"$TMP/bee.rules" <<'RULES'
title: Bee officer
language: en

[knowledge-1]
category: knowledge
required: yes
weight: 1
concepts: beekeeping
RULES
printf '%s\n' '{"basics": {"name": "B"},' \
    ' "skills": [{"name": "Imkerij", "keywords": ["honing"]}]}' >"$TMP/bee.json"
printf '%s\n' 'Bee officer' '' 'Requirements' \
    '- Knowledge of apiculture is required.' >"$TMP/bee.txt"

# without the lexicon, "beekeeping" is free text: the Dutch CV misses it
run "$RQ" gap "$TMP/bee.rules" "$TMP/bee.json" --as-of $ASOF --format json
expect_rc 0 "gap without --lexicon"
py "free text misses a Dutch synonym" '
import json, sys
r = json.load(open(sys.argv[1]))["candidate"]["results"][0]
assert r["status"] == "unmet", r
' "$TMP/out"

# with it, "Imkerij" is evidence of beekeeping
run "$RQ" gap "$TMP/bee.rules" "$TMP/bee.json" --as-of $ASOF --format json --lexicon "$TMP/lex.txt"
expect_rc 0 "gap --lexicon"
py "the extra concept is found in the profile" '
import json, sys
r = json.load(open(sys.argv[1]))["candidate"]["results"][0]
assert r["status"] == "met" and r["evidence"] == ["skills[0].name"], r
' "$TMP/out"

run "$RQ" rank "$TMP/bee.rules" "$TMP/bee.json" --as-of $ASOF --format json --lexicon "$TMP/lex.txt"
expect_rc 0 "rank --lexicon"
py "rank uses the extra concept" '
import json, sys
c = json.load(open(sys.argv[1]))["candidates"][0]
assert c["eligible"] and c["score"] == 100, c
' "$TMP/out"

# the compiler reads a posting with it: "apiculture" becomes the key
run "$RQ" compile "$TMP/bee.txt" --format json --lexicon "$TMP/lex.txt"
expect_rc 0 "compile --lexicon"
py "compile maps a synonym to the extra key" '
import json, sys
rules = json.load(open(sys.argv[1]))["rules"]
assert [r["concepts"] for r in rules] == [["beekeeping"]], rules
' "$TMP/out"

# check knows the key: no "not in the lexicon" note under -v
run "$RQ" check -v "$TMP/bee.rules" --lexicon "$TMP/lex.txt"
expect_rc 0 "check --lexicon"
hasnt "$TMP/err" "not in the lexicon" "check --lexicon knows the extra key"
run "$RQ" check -v "$TMP/bee.rules"
has "$TMP/err" "not in the lexicon" "check without --lexicon notes free text"

# broken and missing lexicon files
printf '@table concepts\nbroken line without colon\n' >"$TMP/bad.txt"
run "$RQ" rank --lexicon "$TMP/bad.txt" "$TMP/bee.rules" "$TMP/bee.json"
expect_rc 1 "broken lexicon"
grep -q "bad.txt:2:[0-9]*: error: " "$TMP/err" || fail "broken lexicon named with line:col"
[ -s "$TMP/out" ] && fail "nothing on stdout with a broken lexicon"
run "$RQ" rank --lexicon "$TMP/none.txt" "$TMP/bee.rules" "$TMP/bee.json"
expect_rc 1 "missing lexicon"
has "$TMP/err" "none.txt" "missing lexicon named"

finish
