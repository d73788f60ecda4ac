# Same inputs, same bytes: every output format of rank (text, json, csv,
# md, xlsx) and gap (text, json, md, html) is byte-identical across two
# runs more than a second apart (no clock in the output: the workbook's
# document properties included), and the order of the PROFILE arguments
# does not change the ranking. Neither do the thread count (--jobs 1, 2, 3)
# nor the order in which a directory lists its files (the same files
# created in opposite orders, on tmpfs when there is one, where readdir
# gives the newest first): JSON, CSV and the workbook (its unzipped XML
# parts and its bytes) are identical.
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

# ---- thread count and readdir order ----
GEN=$(dirname "$RQ")/tests/gen_profiles
BASE=$TMP
[ -d /dev/shm ] && [ -w /dev/shm ] && BASE=$(mktemp -d /dev/shm/rqdet.XXXXXX) &&
    trap 'rm -rf "$TMP" "$BASE"' EXIT
DIR=$BASE/pool
"$GEN" 400 11 --bad 10 >"$TMP/gen.jsonl" || fail "gen_profiles"
# make_dir forward|reverse: the samples and 400 generated profiles (every
# 10th broken: 20 truncated, 20 with a wrong type), one .json file each,
# created in the order given
make_dir() {
    rm -rf "$DIR"
    mkdir -p "$DIR"
    python3 - "$TMP/gen.jsonl" "$PROFILES" "$DIR" "$1" <<'PY'
import os, sys
gen, samples, out, order = sys.argv[1:]
files = []
for i, line in enumerate(open(gen, "rb")):
    files.append(("gen-%04d.json" % i, line.rstrip(b"\n")))
for f in sorted(os.listdir(samples)):
    if f.endswith(".json"):
        files.append((f, open(os.path.join(samples, f), "rb").read()))
if order == "reverse":
    files.reverse()
for name, data in files:
    with open(os.path.join(out, name), "wb") as fh:
        fh.write(data)
PY
    ls -U "$DIR" >"$TMP/readdir.$1"
}

# outputs_of TAG ARGS...: rank the directory to json, csv and xlsx
outputs_of() {
    local tag=$1
    shift
    for ext in json csv xlsx; do
        run "$RQ" rank "$P" "$DIR" --as-of $ASOF -o "$TMP/$tag.$ext" "$@"
        expect_rc 2 "rank $tag.$ext (20 broken profiles)"
    done
}

make_dir forward
outputs_of fwd-j1 --jobs 1
outputs_of fwd-j2 --jobs 2
outputs_of fwd-j3 --jobs 3
make_dir reverse
outputs_of rev-j1 --jobs 1
outputs_of rev-j3 --jobs 3
cmp -s "$TMP/readdir.forward" "$TMP/readdir.reverse" &&
    echo "note: readdir gave the same order both times on this filesystem"
for tag in fwd-j2 fwd-j3 rev-j1 rev-j3; do
    for ext in json csv xlsx; do
        cmp -s "$TMP/fwd-j1.$ext" "$TMP/$tag.$ext" || fail "$tag.$ext differs from fwd-j1.$ext"
    done
    py "$tag.xlsx: same XML parts as fwd-j1.xlsx" '
import sys, zipfile
a, b = (zipfile.ZipFile(f) for f in sys.argv[1:3])
na, nb = sorted(a.namelist()), sorted(b.namelist())
assert na == nb, (na, nb)
diff = [n for n in na if a.read(n) != b.read(n)]
assert not diff, diff
' "$TMP/fwd-j1.xlsx" "$TMP/$tag.xlsx"
done
py "the directory run ranks every profile or rejects it" '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["candidates"]) + len(d["rejected"]) == int(sys.argv[2]), (
    len(d["candidates"]), len(d["rejected"]))
assert len(d["rejected"]) == 20, len(d["rejected"])   # the truncated half of --bad
' "$TMP/fwd-j1.json" "$(ls "$DIR" | wc -l)"

finish
