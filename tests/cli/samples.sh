# The repository's samples: every posting ranks every sample profile.
source "$(dirname "$0")/lib.bash" "$@"
cd "$SRC" || exit 1

for p in samples/postings/*; do
    [ -e "$p" ] || continue
    run "$RQ" rank "$p" samples/profiles --as-of $ASOF --format json
    [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || fail "rank $p: exit status $rc"
    py "rank $p gives a ranking" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rules"] and len(d["candidates"]) >= 20
' "$TMP/out"
    run "$RQ" rank "$p" samples/profiles --as-of $ASOF -o "$TMP/shortlist.xlsx"
    [ "$(head -c 2 "$TMP/shortlist.xlsx" 2>/dev/null)" = "PK" ] || fail "rank $p -o shortlist.xlsx"
    run "$RQ" gap "$p" samples/profiles/amelie-fontaine.json --as-of $ASOF
    expect_rc 0 "gap $p amelie-fontaine"
done

finish
