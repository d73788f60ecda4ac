# -o: format from the extension, atomic writes, -o - for stdout.
source "$(dirname "$0")/lib.bash" "$@"
P=("$FIX/job.rules" "$FIX/profiles" --as-of $ASOF)

run "$RQ" rank "${P[@]}" -o "$TMP/r.json"
expect_rc 0 "-o r.json"
[ -s "$TMP/out" ] && fail "-o FILE writes nothing on stdout"
py "-o .json writes JSON" 'import json,sys; json.load(open(sys.argv[1]))["candidates"]' "$TMP/r.json"
run "$RQ" rank "${P[@]}" --format json
cmp -s "$TMP/out" "$TMP/r.json" || fail "-o r.json equals --format json on stdout"

run "$RQ" rank "${P[@]}" -o "$TMP/r.csv"
expect_rc 0 "-o r.csv"
head -c 30 "$TMP/r.csv" | grep -q '^Rank,Candidate,Name,Eligible' || fail "-o .csv writes CSV"

run "$RQ" rank "${P[@]}" -o "$TMP/r.md"
has "$TMP/r.md" "| Rank |" "-o .md writes Markdown"

run "$RQ" rank "${P[@]}" -o "$TMP/r.txt"
has "$TMP/r.txt" "Rank  Id" "-o .txt writes text"
if grep -q $'\033' "$TMP/r.txt"; then fail "text written to a file has no escape codes"; fi

run "$RQ" rank "${P[@]}" -o "$TMP/r.xlsx"
expect_rc 0 "-o r.xlsx"
[ "$(head -c 2 "$TMP/r.xlsx")" = "PK" ] || fail "-o .xlsx writes a zip workbook"

run "$RQ" rank "${P[@]}" -o "$TMP/r.unknownext"
expect_rc 0 "-o with an unknown extension"
has "$TMP/r.unknownext" "Rank  Id" "unknown extension: the command's default format"

# --format wins over the extension
run "$RQ" rank "${P[@]}" -o "$TMP/r2.txt" --format json
py "--format beats the extension" 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/r2.txt"

# -o - is stdout, for every format
run "$RQ" rank "${P[@]}" -o - --format json
cmp -s "$TMP/out" "$TMP/r.json" || fail "-o - writes to stdout"
run "$RQ" rank "${P[@]}" -o - --format xlsx
expect_rc 0 "-o - --format xlsx"
[ "$(head -c 2 "$TMP/out")" = "PK" ] || fail "-o - --format xlsx writes the workbook to stdout"

# atomic: a failing run leaves an existing file untouched, no temp files
echo "precious" >"$TMP/keep.json"
run "$RQ" rank "$TMP/no-such-posting.rules" "$FIX/profiles" -o "$TMP/keep.json"
expect_rc 1 "missing posting"
[ "$(cat "$TMP/keep.json")" = "precious" ] || fail "a failing run keeps the old output file"
run "$RQ" rank "$FIX/job.rules" "$FIX/broken.json" -o "$TMP/keep.json"
expect_rc 1 "no readable profile"
[ "$(cat "$TMP/keep.json")" = "precious" ] || fail "no readable profile: old output file kept"
run "$RQ" rank "${P[@]}" -o "$TMP/keep.json"
expect_rc 0 "overwrite an existing file"
py "the file is replaced whole" 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/keep.json"
ls "$TMP" | grep -q 'tmp-' && fail "no temporary files are left behind"

# a write that fails half-way (the file size limit stands in for a full
# disk): the previous file stays whole, the error names it, no temporary
# file is left, for the workbook as for the text formats
limited() { bash -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' limited "$@"; }
S=("$SRC/samples/postings/coordination-droits-enfant.txt" "$SRC/samples/profiles" --as-of 2026-11-01)
for ext in xlsx json; do
    echo "precious" >"$TMP/keep.$ext"
    run limited "$RQ" rank -q "${S[@]}" -o "$TMP/keep.$ext"
    expect_rc 1 "a $ext write that fails half-way"
    [ "$(cat "$TMP/keep.$ext")" = "precious" ] ||
        fail "a failed $ext write keeps the previous file"
    has "$TMP/err" "reqmatch: cannot write '$TMP/keep.$ext'" "the failed $ext write names the output"
    hasnt "$TMP/err" ".tmp-" "the failed $ext write does not name the temporary file"
    has "$TMP/err" "File too large" "the failed $ext write gives the system's reason"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "the failed $ext write is one line on stderr"
    ls "$TMP" | grep -q 'tmp-' && fail "a failed $ext write leaves no temporary file"
done
run "$RQ" rank "${S[@]}" -o "$TMP/keep.xlsx"
expect_rc 0 "the same workbook without the limit"
[ "$(head -c 2 "$TMP/keep.xlsx")" = "PK" ] || fail "the workbook replaces the old file"

run "$RQ" rank "${P[@]}" -o "$TMP/no/such/dir/r.json"
expect_rc 1 "unwritable output"
has "$TMP/err" "no/such/dir/r.json" "unwritable output is named"

# compile and gap pick formats from the extension too
run "$RQ" compile "$FIX/job.rules" -o "$TMP/c.json"
expect_rc 0 "compile -o c.json"
py "compile -o .json" 'import json,sys; d=json.load(open(sys.argv[1])); assert list(d)==["posting","rules"]' "$TMP/c.json"
run "$RQ" gap "$FIX/job.rules" "$FIX/profiles/alice.json" -o "$TMP/g.html" --as-of $ASOF
expect_rc 0 "gap -o g.html"
has "$TMP/g.html" "<html" "gap -o .html writes HTML"

# -o onto something that is not a regular file (a FIFO here; /dev/null
# alike, not tested on the machine's own devices: a regression would break
# them): written in place, never replaced by a rename (as root that turned
# /dev/null into a plain file)
for ext in json xlsx; do
    mkfifo "$TMP/pipe.$ext"
    timeout 20 cat "$TMP/pipe.$ext" >"$TMP/piped.$ext" &
    reader=$!
    run timeout 20 "$RQ" rank "${P[@]}" -o "$TMP/pipe.$ext"
    expect_rc 0 "-o FIFO.$ext"
    wait $reader
    [ -p "$TMP/pipe.$ext" ] || fail "-o FIFO.$ext: the FIFO was replaced by a file"
    ls "$TMP" | grep -q 'pipe\..*tmp-' && fail "-o FIFO.$ext: a temporary file was left"
done
py "-o FIFO.json: the JSON went through the FIFO" \
    'import json,sys; json.load(open(sys.argv[1]))["candidates"]' "$TMP/piped.json"
[ "$(head -c 2 "$TMP/piped.xlsx")" = "PK" ] || fail "-o FIFO.xlsx: the workbook went through the FIFO"

finish
