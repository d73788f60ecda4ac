# Every JSON output over the samples follows the contract field by field
# (tests/contract_check.py): compile of every sample posting, rank with
# and without --anonymize (with the broken samples as rejected inputs),
# gap of every sample profile.
source "$(dirname "$0")/lib.bash" "$@"
CHECK=$SRC/tests/contract_check.py

n=0
# contract KIND WHAT: keep $TMP/out for one python run per kind at the end
contract() {
    n=$((n + 1))
    mkdir -p "$TMP/$1"
    cp "$TMP/out" "$TMP/$1/$n.json"
}

for posting in "$SRC"/samples/postings/*.rules "$SRC"/samples/postings/*.json "$SRC"/samples/postings/*.txt; do
    name=$(basename "$posting")
    run "$RQ" compile "$posting" --format json
    expect_rc 0 "compile $name"
    contract compile "compile $name"
    run "$RQ" rank "$posting" "$SRC/samples/profiles" "$SRC/samples/bad" --as-of $ASOF --format json
    expect_rc 2 "rank $name with samples/bad"
    contract rank "rank $name"
    py "rank $name lists the rejected samples" '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["rejected"]) >= 6, d["rejected"]
assert all(r["error"].startswith(r["source"].split(":")[0]) for r in d["rejected"])
' "$TMP/out"
    run "$RQ" rank "$posting" "$SRC/samples/profiles" --as-of $ASOF --format json --anonymize
    contract rank "rank --anonymize $name"
    for profile in "$SRC"/samples/profiles/*.json; do
        run "$RQ" gap "$posting" "$profile" --as-of $ASOF --format json
        expect_rc 0 "gap $name $(basename "$profile")"
        contract gap "gap $name $(basename "$profile")"
    done
done

for kind in compile rank gap; do
    checks=$((checks + 1))
    python3 "$CHECK" $kind "$TMP/$kind"/*.json 2>"$TMP/pyerr" \
        || { fail "$kind JSON breaks the contract"; tail -3 "$TMP/pyerr" >&2; }
done

finish
