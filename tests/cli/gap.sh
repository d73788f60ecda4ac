# gap: one candidate's report in text, JSON, Markdown and HTML.
source "$(dirname "$0")/lib.bash" "$@"
G=("$FIX/job.rules" "$FIX/profiles/bob.json" --as-of $ASOF)

run "$RQ" gap "${G[@]}" --format json
expect_rc 0 "gap --format json"
py "gap json follows the contract" '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["posting", "rules", "as_of", "candidate", "improvements"], list(d)
c = d["candidate"]
assert c["id"] == "bob" and c["name"] == "Bob Brown" and c["rank"] == 1
assert len(c["results"]) == 4
imp = d["improvements"]
assert imp, "bob has something to work on"
gains = [i["score_gain"] for i in imp]
assert gains == sorted(gains, reverse=True), gains
unmet = {r["rule"] for r in c["results"] if r["status"] != "met"}
assert {i["rule"] for i in imp} == unmet, (imp, unmet)
' "$TMP/out"

run "$RQ" gap "${G[@]}"
expect_rc 0 "gap text"
has "$TMP/out" "Candidate: bob (Bob Brown)" "gap text names the candidate"
has "$TMP/out" "Eligible: no" "gap text eligibility"
has "$TMP/out" "What to work on first" "gap text improvements"
has "$TMP/out" "gap:" "gap text shows gaps"

run "$RQ" gap "${G[@]}" --format md
expect_rc 0 "gap md"
has "$TMP/out" "# Gap report: Project coordinator" "gap md title"
has "$TMP/out" "## What is missing" "gap md missing section"
has "$TMP/out" "## Overall fit" "gap md overall fit"
has "$TMP/out" "- Short by: " "gap md shortfall in the rule's unit"
has "$TMP/out" "## What to work on first" "gap md improvements"

run "$RQ" gap "${G[@]}" --format html
expect_rc 0 "gap html"
has "$TMP/out" "<html" "gap html"

run "$RQ" gap "${G[@]}" --anonymize --format json
hasnt "$TMP/out" "Bob" "gap --anonymize hides the name"

# exactly one profile
run "$RQ" gap "$FIX/job.rules" "$FIX/profiles" --as-of $ASOF
expect_rc 1 "gap over a directory of several profiles"
has "$TMP/err" "use rank" "gap points to rank for several profiles"
run "$RQ" gap "$FIX/job.rules" "$FIX/broken.json" --as-of $ASOF
expect_rc 1 "gap over a broken profile"
has "$TMP/err" "broken.json" "broken profile named"

# a candidate meeting everything
run "$RQ" gap "$FIX/job.rules" "$FIX/profiles/alice.json" --as-of $ASOF --format json
expect_rc 0 "gap alice"

finish
