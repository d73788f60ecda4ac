# Same inputs, same bytes: every output format of rank (text, json, csv,
# md, xlsx) and gap (text, json, md, html) is byte-identical across two
# runs more than a second apart (no clock in the output: the workbook's
# document properties included), and the order of the PROFILE arguments
# does not change the ranking.
source "$(dirname "$0")/lib.bash" "$@"
P=$SRC/samples/postings/coordination-droits-enfant.txt
PROFILES=$SRC/samples/profiles
ONE=$PROFILES/amelie-fontaine.json

outputs() {
    local dir=$1
    mkdir -p "$dir"
    for ext in txt json csv md xlsx; do
        run "$RQ" rank "$P" "$PROFILES" --as-of $ASOF -o "$dir/rank.$ext"
        expect_rc 0 "rank -o rank.$ext"
    done
    for fmt in text json md html; do
        run "$RQ" gap "$P" "$ONE" --as-of $ASOF --format $fmt
        expect_rc 0 "gap --format $fmt"
        cp "$TMP/out" "$dir/gap.$fmt"
    done
}

outputs "$TMP/a"
sleep 1.1
outputs "$TMP/b"
for f in "$TMP"/a/*; do
    name=$(basename "$f")
    [ -s "$f" ] || fail "$name is empty"
    cmp -s "$f" "$TMP/b/$name" || fail "$name differs between two runs"
done

# argument order: the same candidates in the same order
files=("$PROFILES"/*.json)
run "$RQ" rank "$P" "${files[@]}" --as-of $ASOF --format json
cp "$TMP/out" "$TMP/forward.json"
reversed=()
for ((i = ${#files[@]} - 1; i >= 0; i--)); do reversed+=("${files[i]}"); done
run "$RQ" rank "$P" "${reversed[@]}" --as-of $ASOF --format json
cmp -s "$TMP/out" "$TMP/forward.json" || fail "profile argument order changes the JSON"

finish
