#!/usr/bin/env bash
# The test suite under AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer: configures and builds a -DRQ_SANITIZE=ON tree
# (-O1 -g) in BUILD, then
#   default  every cmocka unit test, every fuzz reproducer (replay_*), and a
#            CLI pass: every sample posting ranked against samples/profiles
#            (two threads), every output format of rank and gap, compile,
#            check, match, the broken samples, and the hostile corpus
#            (make_hostile.py --small: 1 MB string, 10 000 entries,
#            100 000-deep nesting) — a few minutes; ctest runs this as the
#            test "sanitizers";
#   --all    the whole ctest suite of the sanitized tree (all CLI tests,
#            hostile.sh with its full-size files and a 600 s limit; only
#            cli_valgrind is left out: valgrind cannot run an ASan binary).
# Any sanitizer report fails (halt_on_error, leaks included).
#
#   bash tests/sanitize.sh SRC BUILD [CC] [--all]
#
# RQ_SANITIZE_JOBS (default 2) sets the build's and ctest's parallelism.
set -u
SRC=$(cd "${1:?usage: sanitize.sh SRC BUILD [CC] [--all]}" && pwd)
BUILD=${2:?usage: sanitize.sh SRC BUILD [CC] [--all]}
CC_ARG=()
ALL=0
for a in "${@:3}"; do
    case $a in
    --all) ALL=1 ;;
    *) CC_ARG=(-DCMAKE_C_COMPILER="$a") ;;
    esac
done

export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "sanitize: configuring $BUILD"
mkdir -p "$BUILD"
cmake -S "$SRC" -B "$BUILD" "${CC_ARG[@]}" -DRQ_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS="-O1 -g" >"$BUILD/cmake.log" 2>&1 ||
    { cat "$BUILD/cmake.log"; exit 1; }
echo "sanitize: building"
JOBS=${RQ_SANITIZE_JOBS:-2}
cmake --build "$BUILD" -j"$JOBS" >"$BUILD/build.log" 2>&1 || { tail -40 "$BUILD/build.log"; exit 1; }

if [ "$ALL" = 1 ]; then
    RQ_HOSTILE_LIMIT=600 ctest --test-dir "$BUILD" -j"$JOBS" -E '^cli_valgrind$' \
        --output-on-failure --timeout 7200
    exit $?
fi

status=0
echo "sanitize: unit tests and fuzz reproducers"
# the fairness property runs its 60 variants a profile in the plain build;
# here 8 are enough to walk the same code under the sanitizers
RQ_FAIRNESS_VARIANTS=8 ctest --test-dir "$BUILD" -j"$JOBS" -R '^(test_|fuzz_)' --output-on-failure ||
    status=1

# ---- a CLI pass over the samples and the hostile corpus ----
RQ=$BUILD/reqmatch
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rqsan.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
ASOF=2025-06-30
runs=0
fails=0

# san WHAT EXPECTED_STATUSES CMD...: run CMD; fail on a sanitizer report or
# an exit status not in EXPECTED_STATUSES (e.g. "0" or "1 2")
san() {
    local what=$1 want=$2
    shift 2
    runs=$((runs + 1))
    "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    local rc=$?
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error: |SUMMARY: ' "$TMP/err"; then
        echo "FAIL: sanitizer report: $what" >&2
        grep -E 'ERROR: |runtime error: |SUMMARY: |^    #[0-6] ' "$TMP/err" | head -12 | sed 's/^/    /' >&2
        fails=$((fails + 1))
    elif ! [[ " $want " == *" $rc "* ]]; then
        echo "FAIL: $what: exit status $rc (expected $want)" >&2
        head -3 "$TMP/err" | sed 's/^/    /' >&2
        fails=$((fails + 1))
    fi
}

cd "$SRC" || exit 1
echo "sanitize: CLI over the samples"
for p in samples/postings/*; do
    san "rank $p" 0 "$RQ" rank "$p" samples/profiles --as-of $ASOF --format json --jobs 2
done
P=samples/postings/coordination-droits-enfant.txt
for ext in txt csv md xlsx; do
    san "rank -o rank.$ext" 0 "$RQ" rank "$P" samples/profiles --as-of $ASOF -o "$TMP/rank.$ext"
done
for fmt in text json md html; do
    san "gap --format $fmt" 0 "$RQ" gap "$P" samples/profiles/amelie-fontaine.json \
        --as-of $ASOF --format $fmt
done
san "rank --anonymize --top 5" 0 "$RQ" rank "$P" samples/profiles --as-of $ASOF --anonymize --top 5
san "compile .txt" 0 "$RQ" compile samples/postings/advocacy-officer.txt -o "$TMP/a.rules"
san "compile .json" 0 "$RQ" compile samples/postings/legal-officer.json --format json
san "check" 0 "$RQ" check samples/postings/*.rules
san "match" 0 "$RQ" match --postings samples/postings/* --profiles samples/profiles \
    --as-of $ASOF --format json --jobs 2
san "rank with samples/bad" 2 "$RQ" rank "$P" samples/profiles samples/bad --as-of $ASOF \
    --format json

echo "sanitize: CLI over the hostile corpus (small)"
H=$TMP/h
python3 "$SRC/tests/hostile/make_hostile.py" "$H" --small || { echo "generator failed" >&2; exit 1; }
POSTING=tests/fixtures/cli/job.rules
san "hostile profiles and pool" 2 "$RQ" rank "$POSTING" "$H/profiles" "$H/pool.jsonl" \
    --as-of $ASOF --format json --jobs 2
san "hostile big (small) batch" "0 2" "$RQ" rank "$POSTING" "$H/big" "$H/profiles/good-one.json" \
    --as-of $ASOF -o "$TMP/big.xlsx"
for f in "$H"/postings/*; do
    san "compile $(basename "$f")" "0 1" "$RQ" compile "$f" --format json
done
san "check every-error.rules" 1 "$RQ" check tests/hostile/every-error.rules
head -c 100000 /dev/urandom >"$TMP/random.rules"
san "check random bytes" 1 "$RQ" check "$TMP/random.rules"

echo "sanitize: $runs CLI runs, $fails failed"
[ "$fails" -eq 0 ] || status=1
exit $status
