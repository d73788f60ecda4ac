# CSV: RFC 4180, CRLF, quoting, formula cells neutralised.
source "$(dirname "$0")/lib.bash" "$@"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" --as-of $ASOF --format csv
expect_rc 0 "rank --format csv"
cp "$TMP/out" "$TMP/r.csv"
py "CSV is RFC 4180 with neutralised formulas" '
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
assert raw.count(b"\r\n") == raw.count(b"\n"), "every line ends in CRLF"
rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
head = rows[0]
assert head[:10] == ["rank", "id", "name", "eligible", "score", "degree",
                     "experience", "language", "knowledge", "other"], head
assert head[10:] == ["degree-1 status", "degree-1 value", "experience-1 status",
                     "experience-1 value", "language-1 status", "language-1 value",
                     "knowledge-1 status", "knowledge-1 value"], head
body = rows[1:]
assert len(body) == 5
for r in body:
    assert len(r) == len(head), r
    assert r[3] in ("yes", "no")
    assert r[9] == "", "no rule of category other: empty"
    float(r[4])
    for s in r[10::2]:
        assert s in ("met", "partial", "unmet", "unknown"), s
names = {r[1]: r[2] for r in body}
assert names["formula"] == "\x27=HYPERLINK(\"http://evil.example\",\"Click, here\")", names["formula"]
assert [r[0] for r in body] == ["1", "2", "3", "4", "5"]
' "$TMP/r.csv"
has "$TMP/r.csv" "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click, here\"\")\"" "quotes doubled, field quoted"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" "$FIX/pool.jsonl" "$FIX/broken.json" --as-of $ASOF --format csv
expect_rc 2 "csv with a rejected input"
cmp -s "$TMP/out" "$TMP/r.csv" || fail "CSV holds candidates only (rejected inputs on stderr)"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --as-of $ASOF --format csv --anonymize
hasnt "$TMP/out" "HYPERLINK" "anonymized CSV has no names"

finish
