# Sharding: reqmatch as the map stage of a map/reduce, reqmatch merge as
# the reduce. Over a generated pool with broken lines, the shards of a
# run (--shard I/N, run in parallel) and the pieces of a plain split (JSON
# Lines on stdin, as GNU parallel, Hadoop Streaming or Spark pipe feed
# them) are ranked separately, then merged: the candidates come out
# exactly as one run gives them, with --top too, and every rejected
# input is still there.
source "$(dirname "$0")/lib.bash" "$@"
GEN=$(dirname "$RQ")/tests/gen_profiles
P=$SRC/samples/postings/coordination-droits-enfant.txt
POOL=$TMP/pool.jsonl
"$GEN" 1200 9 --bad 50 >"$POOL" || fail "gen_profiles"

# same_candidates WHAT A B: the candidate lines of A and B are identical
# and their rejection lines are the same set
same_candidates() {
    grep -v '"error"' "$2" >"$TMP/a.cand"
    grep -v '"error"' "$3" >"$TMP/b.cand"
    cmp -s "$TMP/a.cand" "$TMP/b.cand" || fail "$1: candidates differ"
    [ -s "$TMP/a.cand" ] || fail "$1: no candidate"
    diff <(grep '"error"' "$2" | sort) <(grep '"error"' "$3" | sort) >/dev/null ||
        fail "$1: rejections differ"
}

# one run
run "$RQ" rank "$P" "$POOL" --as-of $ASOF --format jsonl
expect_rc 2 "whole pool (broken lines)"
cp "$TMP/out" "$TMP/whole.jsonl"
py "jsonl: one candidate object a line, then the rejections" '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
cands = [l for l in lines if "id" in l]
rej = [l for l in lines if "id" not in l]
assert len(cands) > 1000 and len(rej) == 12, (len(cands), len(rej))
assert lines[:len(cands)] == cands, "rejections come after the candidates"
assert [c["rank"] for c in cands] == list(range(1, len(cands) + 1))
for c in cands:
    assert list(c) == ["id", "name", "source", "rank", "score", "eligible", "results"], list(c)
for r in rej:
    assert list(r) == ["source", "error"], list(r)
' "$TMP/whole.jsonl"
run "$RQ" rank "$P" "$POOL" --as-of $ASOF --format json
py "jsonl holds what json holds" '
import json, sys
whole = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open(sys.argv[2])]
assert [l for l in lines if "id" in l] == whole["candidates"]
assert [l for l in lines if "id" not in l] == whole["rejected"]
' "$TMP/out" "$TMP/whole.jsonl"

# map: --shard I/3 in parallel; reduce: merge
for i in 1 2 3; do
    "$RQ" rank "$P" "$POOL" --as-of $ASOF --format jsonl --shard $i/3 --jobs 1 \
        -o "$TMP/shard$i.jsonl" 2>/dev/null &
done
wait
for i in 1 2 3; do [ -s "$TMP/shard$i.jsonl" ] || fail "shard $i wrote nothing"; done
run "$RQ" merge "$TMP/shard1.jsonl" "$TMP/shard2.jsonl" "$TMP/shard3.jsonl"
expect_rc 2 "merge of shards with rejections"
same_candidates "merge of --shard I/3" "$TMP/whole.jsonl" "$TMP/out"

# with --top: each shard keeps its best 30, the merge the best 30 of those
run "$RQ" rank "$P" "$POOL" --as-of $ASOF --format jsonl --top 30
cp "$TMP/out" "$TMP/top.jsonl"
for i in 1 2 3; do
    "$RQ" rank "$P" "$POOL" --as-of $ASOF --format jsonl --shard $i/3 --top 30 \
        -o "$TMP/top$i.jsonl" 2>/dev/null &
done
wait
cat "$TMP"/top[123].jsonl >"$TMP/tops.jsonl"
run_in "$TMP/tops.jsonl" "$RQ" merge - --top 30
expect_rc 2 "merge --top from stdin"
same_candidates "merge --top 30 of the shards' --top 30" "$TMP/top.jsonl" "$TMP/out"
[ "$(grep -vc '"error"' "$TMP/out")" -eq 30 ] || fail "merge --top 30 keeps 30"

# a plain split, each piece on stdin (sources are then stdin:LINE, so
# compare with --anonymize, where sources are pseudonyms of the ids)
run "$RQ" rank "$P" "$POOL" --as-of $ASOF --format jsonl --anonymize
cp "$TMP/out" "$TMP/anon.jsonl"
(cd "$TMP" && split -n l/4 -d pool.jsonl piece.)
for f in "$TMP"/piece.0*; do
    "$RQ" rank "$P" - --as-of $ASOF --format jsonl --anonymize <"$f" >"$f.out" 2>/dev/null &
done
wait
run "$RQ" merge "$TMP"/piece.0*.out -o "$TMP/merged.jsonl"
expect_rc 2 "merge of split pieces"
grep -v '"error"' "$TMP/anon.jsonl" >"$TMP/a.cand"
grep -v '"error"' "$TMP/merged.jsonl" >"$TMP/b.cand"
cmp -s "$TMP/a.cand" "$TMP/b.cand" || fail "merge of a split: candidates differ"
[ "$(grep -c '"error"' "$TMP/merged.jsonl")" -eq 12 ] || fail "merge of a split: rejections"

# merge's own manners
printf '{"id": "x"}\nnot json\n' >"$TMP/bad.jsonl"
run "$RQ" merge "$TMP/shard1.jsonl" "$TMP/bad.jsonl"
expect_rc 2 "merge with lines that are not rank's"
has "$TMP/err" "bad.jsonl:1:" "bad line named with its line"
has "$TMP/err" "bad.jsonl:2: not a JSON object" "broken line named"
has "$TMP/out" '"source": "'"$TMP"'/bad.jsonl:2"' "broken line kept as a rejection"
run "$RQ" merge "$TMP/missing.jsonl" "$TMP/shard1.jsonl"
expect_rc 2 "merge with a missing file"
has "$TMP/err" "missing.jsonl" "missing file named"
: >"$TMP/empty.jsonl"
run "$RQ" merge "$TMP/empty.jsonl"
expect_rc 1 "merge of nothing"
run "$RQ" merge "$TMP/shard1.jsonl" --format csv
expect_rc 1 "merge writes jsonl only"
run "$RQ" merge --help
expect_rc 0 "merge --help"
has "$TMP/out" "Usage: reqmatch merge" "merge usage"

finish
