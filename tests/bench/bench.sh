#!/bin/bash
# bench.sh - throughput and peak memory of reqmatch on synthetic pools.
#
#   tests/bench/bench.sh BUILD_DIR [N...]      default N: 10000 100000
#   tests/bench/bench.sh BUILD_DIR 1M          adds the million (1M = 1000000)
#
# For each N, generates N profiles (gen_profiles, seed 1, cached in
# $BENCH_DIR, default /tmp/reqmatch-bench) and prints wall seconds, CPU
# seconds (user + system), profiles/s (on wall time), the ratio of CPU
# time to the floor's, and peak RSS (/usr/bin/time -f %M) for:
#   floor   parse_floor: read the file, cJSON-parse every line, nothing else
#   rank    reqmatch rank POSTING POOL --top 100 -o out.csv   (--jobs 1)
#   rankN   the same with --jobs $(nproc)
#   match   reqmatch match --postings samples/postings/*.rules --profiles
#           POOL --top 10 -o out.csv (pairs/s = profiles/s x postings)
# Each is run ROUNDS times (default 3), in turn, with a floor run before
# and after each: the times printed are those of the best round (on a
# shared machine a run can only be slowed by others, never sped up), and
# cpu/floor is the median over the rounds of each run's CPU time against
# the mean of the two floor runs around it, so that both sides of a
# ratio are measured under the same conditions, seconds apart ("paired");
# "best" is the best round's CPU time over the floor's best.
# Then match_bench on the first 10 000 profiles: posting x profile
# evaluations per second on one thread, once the profiles are analysed
# (100 postings varied from the samples).
# Environment: POSTING (default samples/postings/advocacy-officer.rules),
# JOBS (default nproc), AS_OF (default 2025-06-01), ROUNDS (default 3).
set -euo pipefail

build=${1:?usage: bench.sh BUILD_DIR [N...|1M]}
shift
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$build" && pwd)
gen=$build/tests/gen_profiles
floor=$build/tests/parse_floor
rq=$build/reqmatch
dir=${BENCH_DIR:-/tmp/reqmatch-bench}
posting=${POSTING:-$src/samples/postings/advocacy-officer.rules}
jobs=${JOBS:-$(nproc)}
as_of=${AS_OF:-2025-06-01}
rounds=${ROUNDS:-3}
mkdir -p "$dir"

sizes=()
for a in "$@"; do
    case $a in
    1M) sizes+=(1000000) ;;
    *[!0-9]*) echo "bench.sh: '$a' is not a count" >&2; exit 1 ;;
    *) sizes+=("$a") ;;
    esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
case $rounds in
'' | *[!0-9]* | 0) echo "bench.sh: ROUNDS must be a positive count" >&2; exit 1 ;;
esac
postings=("$src"/samples/postings/*.rules)

# measure LABEL COMMAND...: run once; keep the round with the least CPU
# time of LABEL in best[LABEL] ("wall user sys maxKB"), and this run's
# CPU time in last[LABEL]
declare -A best last
measure() {
    local label=$1
    shift
    /usr/bin/time -o "$dir/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>&1 ||
        [ $? -eq 2 ]
    local t
    t=$(tail -1 "$dir/time.txt")
    last[$label]=$(awk -v a="$t" 'BEGIN { split(a, x); print x[2] + x[3] }')
    if [ -z "${best[$label]:-}" ] ||
        awk -v a="$t" -v b="${best[$label]}" 'BEGIN { split(a, x); split(b, y);
            exit !(x[2] + x[3] < y[2] + y[3]) }'; then
        best[$label]=$t
    fi
}

# paired LABEL COMMAND...: measure LABEL between two floor runs, and note
# its CPU time over the mean of theirs in ratios[LABEL] (one per round)
declare -A ratios
paired() {
    local label=$1 before=${last[floor]}
    measure "$@"
    measure floor "$floor" "$pool"
    ratios[$label]+=" $(awk -v c="${last[$label]}" -v a="$before" -v b="${last[floor]}" \
        'BEGIN { f = (a + b) / 2; printf "%.4f", (f > 0 ? c / f : 0) }')"
}

# report LABEL N: one line "label N wall cpu rate ratio peakMB": the best
# round's times, and the median of the paired ratios to the floor
report() {
    local label=$1 n=$2
    set -- ${best[$label]}
    local x=1
    [ "$label" = floor ] || x=$(printf '%s\n' ${ratios[$label]} | sort -g |
        awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    awk -v l="$label" -v n="$n" -v e="$1" -v u="$2" -v s="$3" -v kb="$4" -v x="$x" \
        -v f="${best[floor]}" 'BEGIN {
        split(f, fl)
        c = u + s
        fc = fl[2] + fl[3]
        r = e > 0 ? n / e : 0
        b = fc > 0 ? c / fc : 0
        printf "%-7s %9d %8.2f s %8.2f s %10.0f /s %6.2fx %6.2fx %8.1f MB\n", l, n, e, c, r, x, b, kb / 1024
    }'
}

# the build measured: plain, or profile-guided (-DRQ_PGO=ON)
kind=plain
grep -q '^RQ_PGO:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null && kind=profile-guided
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", \
$2 / 1048576}' /proc/meminfo); build: $kind; posting: ${posting#"$src"/};" \
     "match: ${#postings[@]} postings"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min); $rounds rounds:" \
     "times of the best round; CPU time to the floor's: paired, the median" \
     "of each round's ratio to the floor runs just before and after; best," \
     "the best round's to the floor's best"
printf '%-7s %9s %10s %10s %13s %7s %7s %11s\n' what N wall cpu rate paired best peakRSS
for n in "${sizes[@]}"; do
    pool=$dir/pool-$n.jsonl
    [ -s "$pool" ] || "$gen" "$n" 1 > "$pool"
    best=()
    ratios=()
    measure floor "$floor" "$pool"
    for ((r = 0; r < rounds; r++)); do
        paired rank "$rq" rank "$posting" "$pool" --top 100 -q --jobs 1 \
            --as-of "$as_of" -o "$dir/out.csv"
        paired "rank$jobs" "$rq" rank "$posting" "$pool" --top 100 -q \
            --jobs "$jobs" --as-of "$as_of" -o "$dir/out.csv"
        paired match "$rq" match --postings "${postings[@]}" --profiles \
            "$pool" --top 10 -q --jobs "$jobs" --as-of "$as_of" \
            -o "$dir/match.csv"
    done
    for label in floor rank "rank$jobs" match; do
        report "$label" "$n"
    done
done
pool=$dir/pool-10000.jsonl
[ -s "$pool" ] || "$gen" 10000 1 > "$pool"
(cd "$src" && "$build/tests/match_bench" "$pool" 100 3)
