#!/bin/bash
# snapshot.sh - every result reqmatch gives over the samples and a
# generated pool, written to one directory, so that an optimisation can be
# checked to change nothing:
#
#   tests/bench/snapshot.sh BUILD_DIR OUT_DIR      (then: diff -r OLD NEW)
#
# For each sample posting: rank (json, csv, text, md; with and without
# --anonymize, --top) over samples/profiles and over 3000 generated
# profiles with broken lines, gap (json, text) for every sample profile,
# and match (json, csv) over all postings. Exit statuses are recorded too.
set -uo pipefail
build=${1:?usage: snapshot.sh BUILD_DIR OUT_DIR}
out=${2:?usage: snapshot.sh BUILD_DIR OUT_DIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
as_of=2025-06-01
build=$(cd "$build" && pwd)
mkdir -p "$out"
cd "$out" || exit 1
rq=$build/reqmatch
pool=pool.jsonl # relative: sources in the outputs do not name OUT_DIR
"$build/tests/gen_profiles" 3000 11 --bad 97 >"$pool"

# one NAME COMMAND...: stdout to NAME, status appended to status.txt
one() {
    local name=$1
    shift
    "$@" >"$name" 2>"$name.err"
    echo "$name $?" >>status.txt
}

: >status.txt
for p in "$src"/samples/postings/*; do
    b=$(basename "$p")
    for f in json csv text md; do
        one "rank-$b-samples.$f" "$rq" rank "$p" "$src/samples/profiles" \
            --as-of $as_of --format $f --jobs 1
    done
    one "rank-$b-samples-anon.json" "$rq" rank "$p" "$src/samples/profiles" \
        --as-of $as_of --format json --anonymize --jobs 1
    one "rank-$b-pool.json" "$rq" rank "$p" "$pool" --as-of $as_of --format json --jobs 2
    one "rank-$b-pool.csv" "$rq" rank "$p" "$pool" --as-of $as_of --format csv --jobs 1
    one "rank-$b-pool-top.csv" "$rq" rank "$p" "$pool" --as-of $as_of --format csv \
        --top 50 --jobs 2
    for prof in "$src"/samples/profiles/*.json; do
        pb=$(basename "$prof" .json)
        one "gap-$b-$pb.json" "$rq" gap "$p" "$prof" --as-of $as_of --format json
        one "gap-$b-$pb.txt" "$rq" gap "$p" "$prof" --as-of $as_of --format text
    done
done
one match-samples.json "$rq" match --postings "$src"/samples/postings/* \
    --profiles "$src/samples/profiles" --as-of $as_of --format json
one match-pool.csv "$rq" match --postings "$src"/samples/postings/* \
    --profiles "$pool" --as-of $as_of --format csv --top 20
one match-pool.json "$rq" match --postings "$src"/samples/postings/* \
    --profiles "$pool" --as-of $as_of --format json --top 5
one match-pool.txt "$rq" match --postings "$src"/samples/postings/* \
    --profiles "$pool" "$src/samples/profiles" --as-of $as_of --top 3 --anonymize
echo "snapshot: $(wc -l <status.txt) outputs in $out"
