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
# the columns of the workbook Ranking sheet: only the categories in use
assert head[:9] == ["Rank", "Candidate", "Name", "Eligible", "Score", "degree score",
                    "experience score", "language score", "knowledge score"], head
assert head[9:] == ["degree-1 (required)", "degree-1 EQF", "experience-1 (required)",
                    "experience-1 years", "language-1", "language-1 level",
                    "knowledge-1", "knowledge-1 share"], head
body = rows[1:]
assert len(body) == 5
for r in body:
    assert len(r) == len(head), r
    assert r[3] in ("yes", "no")
    float(r[4])
    for s in r[9::2]:
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
