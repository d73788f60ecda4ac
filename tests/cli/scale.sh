# Ranking at scale: rank --top K keeps the best K on fast scores
# (engine/score.h) and explains only those; its output must be exactly
# the first K of a full ranking, for every sample posting, in CSV and
# JSON, with one thread or several. Over a generated pool with broken
# lines, and at two --as-of dates.
source "$(dirname "$0")/lib.bash" "$@"
GEN=$(dirname "$RQ")/tests/gen_profiles
POOL=$TMP/pool.jsonl
"$GEN" 1000 5 --bad 50 >"$POOL" || fail "gen_profiles"

for p in "$SRC"/samples/postings/*; do
    b=$(basename "$p")
    for asof in 2025-06-30 2012-01-15; do
        run "$RQ" rank "$p" "$POOL" --as-of $asof --format csv --jobs 1
        expect_rc 2 "$b full csv"
        head -n 41 "$TMP/out" >"$TMP/full40.csv"
        for j in 1 2; do
            run "$RQ" rank "$p" "$POOL" --as-of $asof --format csv --top 40 --jobs $j
            expect_rc 2 "$b --top 40 csv"
            cmp -s "$TMP/out" "$TMP/full40.csv" ||
                fail "$b ($asof, --jobs $j): --top 40 is not the first 40 of the full ranking"
        done
    done
    run "$RQ" rank "$p" "$POOL" --as-of $ASOF --format json
    cp "$TMP/out" "$TMP/full.json"
    run "$RQ" rank "$p" "$POOL" --as-of $ASOF --format json --top 25 --anonymize
    cp "$TMP/out" "$TMP/top.json"
    run "$RQ" rank "$p" "$POOL" --as-of $ASOF --format json --anonymize
    cp "$TMP/out" "$TMP/full-anon.json"
    py "$b: json --top 25 --anonymize is the head of the full ranking" '
import json, sys
d = sys.argv[1]
full = json.load(open(d + "/full-anon.json"))
top = json.load(open(d + "/top.json"))
assert top["candidates"] == full["candidates"][:25], "candidates differ"
assert top["rejected"] == full["rejected"], "rejections differ"
' "$TMP"
done

finish
