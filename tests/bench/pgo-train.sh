#!/bin/bash
# pgo-train.sh - the training run of a profile-guided build (-DRQ_PGO=ON):
# runs an instrumented reqmatch over the work it is built for, so that
# the compiler learns which branches are taken and which code is hot.
#
#   tests/bench/pgo-train.sh TRAIN_BUILD PROFILE_DIR STAMP
#
# TRAIN_BUILD is a tree built with -DRQ_PGO_GENERATE=PROFILE_DIR (its
# reqmatch and gen_profiles). Old counts in PROFILE_DIR are removed first
# (they would add up), then: every sample posting compiled (plain text,
# JobPosting) and the result checked, every sample .rules posting ranked
# against 4000 generated profiles (seed 7, not the benchmarks' seed 1),
# rank written as JSON and Markdown too, one rank with two threads, gap
# for every sample profile, and match over all postings. Every run but
# one is single-threaded, so the counts hardly move from one training to
# the next. Any run that fails stops the training, and the build with it
# (the samples all compile, check and rank with status 0). STAMP is
# touched at the end: the optimised build depends on it. CMake runs this;
# there is no need to run it by hand.
set -euo pipefail
train=$(cd "${1:?usage: pgo-train.sh TRAIN_BUILD PROFILE_DIR STAMP}" && pwd)
profile_dir=${2:?usage: pgo-train.sh TRAIN_BUILD PROFILE_DIR STAMP}
stamp=${3:?usage: pgo-train.sh TRAIN_BUILD PROFILE_DIR STAMP}
src=$(cd "$(dirname "$0")/../.." && pwd)
rq=$train/reqmatch
mkdir -p "$profile_dir"
find "$profile_dir" -name '*.gcda' -delete
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$train/tests/gen_profiles" 4000 7 >"$work/pool.jsonl"
as_of=(--as-of 2025-06-01)
for posting in "$src"/samples/postings/*.txt "$src"/samples/postings/*.json; do
    "$rq" compile "$posting" -o "$work/p.rules"
    "$rq" check "$work/p.rules" >/dev/null
done
for rules in "$src"/samples/postings/*.rules; do
    "$rq" rank "$rules" "$work/pool.jsonl" "${as_of[@]}" --jobs 1 -q --top 100 \
        -o "$work/out.csv"
done
rules=$src/samples/postings/advocacy-officer.rules
"$rq" rank "$rules" "$work/pool.jsonl" "${as_of[@]}" --jobs 1 -q -o "$work/out.json"
"$rq" rank "$rules" "$src"/samples/profiles/*.json "${as_of[@]}" --jobs 1 -q \
    -o "$work/out.md"
"$rq" rank "$rules" "$work/pool.jsonl" "${as_of[@]}" --jobs 2 -q --top 10 -o "$work/out2.csv"
for profile in "$src"/samples/profiles/*.json; do
    "$rq" gap "$rules" "$profile" "${as_of[@]}" -q >/dev/null
done
"$rq" match --postings "$src"/samples/postings/*.rules --profiles "$work/pool.jsonl" \
    "${as_of[@]}" --jobs 1 -q --top 10 -o "$work/match.csv"
touch "$stamp"
