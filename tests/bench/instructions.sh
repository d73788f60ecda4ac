#!/bin/bash
# instructions.sh - what rank and match execute per profile, against the
# floor, simulated by cachegrind (valgrind): instructions, L1 data misses
# and mispredicted conditional branches. Unlike CPU times, which move by
# tens of percent on a shared machine, these figures are the same on
# every run, so they show what a change to the code did.
#
#   tests/bench/instructions.sh BUILD_DIR [N]      default N: 1000
#
# Each command runs on the first N and on the first 2N profiles of a pool
# from gen_profiles (seed 1), and the figures per profile are the
# difference over N, which leaves out the start-up (the vocabulary's
# layout, the posting's compilation). The cache simulated is cachegrind's
# default (the machine's L1; its last level stands for L2 and L3).
#   floor   parse_floor: cJSON-parse every line, nothing else
#   rank    reqmatch rank POSTING POOL --top 100 -o out.csv --jobs 1
#   match   reqmatch match over samples/postings/*.rules, --top 10 --jobs 1
# Environment: POSTING (default samples/postings/advocacy-officer.rules),
# AS_OF (default 2025-06-01), BENCH_DIR (default /tmp/reqmatch-bench).
set -euo pipefail

build=${1:?usage: instructions.sh BUILD_DIR [N]}
n=${2:-1000}
case $n in
'' | *[!0-9]* | 0) echo "instructions.sh: N must be a positive count" >&2; exit 1 ;;
esac
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind" >&2; exit 1; }
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$build" && pwd)
dir=${BENCH_DIR:-/tmp/reqmatch-bench}
posting=${POSTING:-$src/samples/postings/advocacy-officer.rules}
as_of=${AS_OF:-2025-06-01}
mkdir -p "$dir"
pool=$dir/pool-$((2 * n)).jsonl
[ -s "$pool" ] || "$build/tests/gen_profiles" $((2 * n)) 1 > "$pool"
head -n "$n" "$pool" > "$dir/instr-1.jsonl"
cp "$pool" "$dir/instr-2.jsonl"
postings=("$src"/samples/postings/*.rules)

# counts LABEL FILE COMMAND...: "instructions D1-misses mispredicts" of
# COMMAND (FILE being the pool it reads), into LABEL.FILE
declare -A got
counts() {
    local label=$1 file=$2
    shift 2
    valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes \
        --cachegrind-out-file=/dev/null "$@" >/dev/null 2>"$dir/cg.txt" ||
        [ $? -eq 2 ]
    got[$label.$file]=$(awk '
        /I +refs:/ { gsub(",", "", $4); i = $4 }
        /D1 +misses:/ { gsub(",", "", $4); d = $4 }
        /Mispredicts:/ { gsub(",", "", $5); m = $5 }
        END { print i, d, m }' "$dir/cg.txt")
}

run() {
    local label=$1
    shift
    for k in 1 2; do
        local args=("${@//POOL/$dir/instr-$k.jsonl}")
        counts "$label" "$k" "${args[@]}"
    done
}

run floor "$build/tests/parse_floor" POOL
run rank "$build/reqmatch" rank "$posting" POOL --top 100 -q --jobs 1 \
    --as-of "$as_of" -o "$dir/out.csv"
run match "$build/reqmatch" match --postings "${postings[@]}" --profiles POOL \
    --top 10 -q --jobs 1 --as-of "$as_of" -o "$dir/match.csv"

kind=plain # the build measured: plain, or profile-guided (-DRQ_PGO=ON)
grep -q '^RQ_PGO:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null && kind=profile-guided
echo "per profile, profiles $((n + 1)) to $((2 * n)) of gen_profiles $((2 * n)) 1" \
     "(cachegrind); build: $kind; posting: ${posting#"$src"/};" \
     "match: ${#postings[@]} postings"
printf '%-7s %14s %8s %12s %14s\n' what instructions floor 'L1d misses' mispredicted
for label in floor rank match; do
    awk -v l="$label" -v n="$n" -v a="${got[$label.1]}" -v b="${got[$label.2]}" \
        -v f1="${got[floor.1]}" -v f2="${got[floor.2]}" 'BEGIN {
        split(a, x); split(b, y); split(f1, p); split(f2, q)
        i = (y[1] - x[1]) / n
        fi = (q[1] - p[1]) / n
        printf "%-7s %14.0f %7.2fx %12.0f %14.0f\n", l, i, (fi > 0 ? i / fi : 0),
            (y[2] - x[2]) / n, (y[3] - x[3]) / n
    }'
done
