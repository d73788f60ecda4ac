# Threads and shards never change a result: rank, gap and match give
# byte-identical output with --jobs 1, 2 and 3 (over the samples and over
# a generated pool with broken lines, so rejections interleave with
# profiles), and the shards of --shard I/N together hold every candidate
# and every rejection exactly once, with the scores of the whole run.
source "$(dirname "$0")/lib.bash" "$@"
GEN=$(dirname "$RQ")/tests/gen_profiles
P=$SRC/samples/postings/advocacy-officer.rules
PROFILES=$SRC/samples/profiles
POOL=$TMP/pool.jsonl
"$GEN" 1500 7 --bad 20 >"$POOL" || fail "gen_profiles"

same_for_jobs() {
    local what=$1
    shift
    run "$@" --jobs 1
    cp "$TMP/out" "$TMP/one"
    local rc1=$rc
    for j in 2 3; do
        run "$@" --jobs $j
        [ "$rc" -eq "$rc1" ] || fail "$what: status $rc with --jobs $j, $rc1 with one"
        cmp -s "$TMP/out" "$TMP/one" || fail "$what: output differs with --jobs $j"
    done
}

same_for_jobs "rank samples json" "$RQ" rank "$P" "$PROFILES" --as-of $ASOF --format json
same_for_jobs "rank pool json" "$RQ" rank "$P" "$POOL" "$PROFILES" --as-of $ASOF --format json
same_for_jobs "rank pool csv top" "$RQ" rank "$P" "$POOL" --as-of $ASOF --format csv --top 25
same_for_jobs "gap" "$RQ" gap "$P" "$PROFILES/hannah-okafor.json" --as-of $ASOF --format json
same_for_jobs "match" "$RQ" match --postings "$SRC"/samples/postings/*.rules \
    --profiles "$POOL" --as-of $ASOF --format csv --top 5

# --jobs 2 really starts a second thread (the pool is large enough)
if [ -r /proc/self/status ]; then
    "$RQ" rank "$P" "$POOL" "$POOL" "$POOL" --as-of $ASOF --format csv --jobs 2 \
        -o "$TMP/threads.csv" 2>/dev/null &
    pid=$!
    seen=1
    for _ in $(seq 50); do
        t=$(awk '/^Threads:/ {print $2}' /proc/$pid/status 2>/dev/null) || break
        [ -n "$t" ] && [ "$t" -gt "$seen" ] && seen=$t
        sleep 0.02
    done
    wait $pid
    [ "$seen" -ge 3 ] || fail "--jobs 2: saw $seen threads, expected the reader and two workers"
fi

# shards: every candidate and every rejection exactly once
run "$RQ" rank "$P" "$POOL" --as-of $ASOF --format json
expect_rc 2 "whole pool (broken lines)"
cp "$TMP/out" "$TMP/whole.json"
for i in 1 2 3; do
    run "$RQ" rank "$P" "$POOL" --as-of $ASOF --format json --shard $i/3
    cp "$TMP/out" "$TMP/shard$i.json"
done
py "shards hold every candidate and rejection once, same scores" '
import json, sys
d = sys.argv[1]
whole = json.load(open(d + "/whole.json"))
parts = [json.load(open(d + "/shard%d.json" % i)) for i in (1, 2, 3)]
ids = [c["id"] for p in parts for c in p["candidates"]]
assert len(ids) == len(set(ids)), "a candidate in two shards"
assert sorted(ids) == sorted(c["id"] for c in whole["candidates"]), "candidates differ"
rej = sorted(r["source"] for p in parts for r in p["rejected"])
assert rej == sorted(r["source"] for r in whole["rejected"]), "rejections differ"
assert all(len(p["candidates"]) > 0 for p in parts), "an empty shard"
score = {c["id"]: (c["score"], c["eligible"]) for c in whole["candidates"]}
for p in parts:
    for c in p["candidates"]:
        assert score[c["id"]] == (c["score"], c["eligible"]), c["id"]
' "$TMP"

run "$RQ" rank "$P" "$POOL" --shard 4/3
expect_rc 1 "--shard 4/3"
has "$TMP/err" "--shard" "bad shard named"
run "$RQ" rank "$P" "$POOL" --jobs 0
expect_rc 1 "--jobs 0"

finish
