# Nothing lost: over a large mixed batch, every input profile is ranked or
# listed as rejected, exactly once, whatever the thread count, the output
# format or --top. The batch: 3000 generated profiles with broken lines
# (JSON Lines), the same pool on standard input, 300 generated profiles as
# .json files in a directory together with odd entries (a FIFO, a
# subdirectory, a dangling link, an empty file), the hostile corpus
# (make_hostile.py --small: every kind of broken profile), the samples and
# the broken samples, and a path that does not exist. The expected count is
# made independently, in Python, from the contract's rules (a .json file is
# one input, a .jsonl file one input a non-blank line, an empty .jsonl one
# rejected input, a directory its .json/.jsonl entries).
source "$(dirname "$0")/lib.bash" "$@"
GEN=$(dirname "$RQ")/tests/gen_profiles
P=$SRC/samples/postings/advocacy-officer.rules

"$GEN" 3000 5 --bad 7 >"$TMP/pool.jsonl" || fail "gen_profiles"
"$GEN" 500 6 --bad 9 >"$TMP/stdin.jsonl" || fail "gen_profiles"
python3 "$SRC/tests/hostile/make_hostile.py" "$TMP/h" --small || fail "make_hostile"
mkdir -p "$TMP/dir"
"$GEN" 300 8 --bad 11 | python3 -c '
import sys
for i, line in enumerate(sys.stdin):
    open("%s/g%03d.json" % (sys.argv[1], i), "w").write(line)
' "$TMP/dir"
mkfifo "$TMP/dir/fifo.json"
mkdir "$TMP/dir/sub.json"
ln -s "$TMP/gone.json" "$TMP/dir/gone.json"
: >"$TMP/dir/empty.json"
: >"$TMP/dir/empty.jsonl"
echo "not a profile" >"$TMP/dir/notes.txt"

ARGS=("$TMP/pool.jsonl" - "$TMP/dir" "$TMP/h/profiles" "$TMP/h/pool.jsonl"
      "$SRC/samples/profiles" "$SRC/samples/bad" "$TMP/missing.json")

# the inputs, counted from the contract's rules
python3 - "$TMP/expected" "$TMP/stdin.jsonl" "${ARGS[@]}" <<'PY' || fail "expected inputs"
import os, sys
out, stdin, args = sys.argv[1], sys.argv[2], sys.argv[3:]
sources = []
def jsonl(path, data, stem):
    lines = [i + 1 for i, l in enumerate(data.split(b"\n"))
             if l.strip(b" \t\r\n\xef\xbb\xbf")]
    if not lines:
        sources.append(stem)
    sources.extend("%s:%d" % (stem, n) for n in lines)
def one(path):
    if path.endswith(".jsonl") and os.path.isfile(path):
        jsonl(path, open(path, "rb").read(), path)
    else:
        sources.append(path)
for a in args:
    if a == "-":
        jsonl(a, open(stdin, "rb").read(), "stdin")
    elif os.path.isdir(a):
        for name in sorted(os.listdir(a)):
            if name.lower().endswith((".json", ".jsonl")):
                one(os.path.join(a, name))
    else:
        one(a)
open(out, "w").write("\n".join(sources) + "\n")
PY
expected=$(wc -l <"$TMP/expected")
[ "$expected" -gt 4000 ] || fail "the batch has only $expected inputs"

# check TAG: candidates + rejected == inputs, each source once
check() {
    py "$1: every input ranked or rejected, once" '
import json, sys
d = json.load(open(sys.argv[1]))
want = open(sys.argv[2]).read().split("\n")[:-1]
got = [c["source"] for c in d["candidates"]] + [r["source"] for r in d["rejected"]]
dup = {s for s in got if got.count(s) > 1} if len(set(got)) != len(got) else set()
assert not dup, "twice: %s" % sorted(dup)[:5]
missing = sorted(set(want) - set(got))
extra = sorted(set(got) - set(want))
assert not missing and not extra, ("lost", missing[:5], "unexpected", extra[:5])
assert len(d["candidates"]) + len(d["rejected"]) == len(want)
assert all(r["error"] and "\n" not in r["error"] for r in d["rejected"])
' "$TMP/$1.json" "$TMP/expected"
}

for jobs in 1 3; do
    run_in "$TMP/stdin.jsonl" "$RQ" rank "$P" "${ARGS[@]}" --as-of $ASOF --format json --jobs $jobs -q
    expect_rc 2 "mixed batch, --jobs $jobs"
    cp "$TMP/out" "$TMP/j$jobs.json"
    check "j$jobs"
    # one stderr line per rejected input
    n=$(grep -vc "^reqmatch: " "$TMP/err")
    r=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rejected"]))' "$TMP/j$jobs.json")
    [ "$n" -eq "$r" ] || fail "--jobs $jobs: $n stderr lines for $r rejected inputs"
done
cmp -s "$TMP/j1.json" "$TMP/j3.json" || fail "mixed batch: --jobs 3 differs from --jobs 1"

# --top cuts the shortlist, never the list of rejected inputs
run_in "$TMP/stdin.jsonl" "$RQ" rank "$P" "${ARGS[@]}" --as-of $ASOF --format json --top 10
expect_rc 2 "mixed batch --top 10"
py "--top 10 keeps every rejection" '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert len(b["candidates"]) == 10
assert b["rejected"] == a["rejected"]
' "$TMP/j1.json" "$TMP/out"

# text, csv and markdown name every rejected input too
r=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rejected"]))' "$TMP/j1.json")
run_in "$TMP/stdin.jsonl" "$RQ" rank "$P" "${ARGS[@]}" --as-of $ASOF --format text
has "$TMP/out" "Rejected inputs ($r):" "text output counts every rejected input"
run_in "$TMP/stdin.jsonl" "$RQ" rank "$P" "${ARGS[@]}" --as-of $ASOF --format md
has "$TMP/out" "## Rejected inputs ($r)" "markdown counts every rejected input"
echo "nothing_lost: $expected inputs, $r rejected"

finish
