#!/usr/bin/env bash
# Build the libFuzzer targets with clang into build-fuzz/, assemble a seed
# corpus per target from the repository's own files, and run each target
# for SECONDS (default 60), one after another. Prints, per target, the
# executions, the corpus size and any crash (saved under
# build-fuzz/artifacts/<target>/; copy a reproducer to
# tests/fuzz/regressions/<target>/ to keep it replayed by ctest).
#
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# Environment: RQ_FUZZ_LAX=1 skips the one-line-diagnostic check;
# FUZZ_ARGS adds libFuzzer options (e.g. "-jobs=2 -workers=2");
# RQ_FUZZ_BUILD picks the build directory (default build-fuzz), so that a
# long run can go on in its own tree while build-fuzz is rebuilt.
# The machine is shared: run it under `nice -n 19`; each target uses one
# core (no -jobs), one target at a time.
set -u
cd "$(dirname "$0")/../.."
SRC=$PWD
SECONDS_PER_TARGET=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
BUILD=${RQ_FUZZ_BUILD:-$SRC/build-fuzz}

# ---- install clang and libFuzzer (Debian) when missing ----
need=""
command -v clang >/dev/null || need="clang"
if [ -z "$need" ]; then
    major=$(clang -dumpversion | cut -d. -f1)
    if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n){(void)d;(void)n;return 0;}' |
            clang -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
        need="libclang-rt-$major-dev"
    fi
fi
if [ -n "$need" ]; then
    echo "run.sh: installing $need" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # clang's major version is known only once it is installed
    $SUDO apt-get install -y -qq --no-install-recommends clang >/dev/null
    major=$(clang -dumpversion | cut -d. -f1)
    $SUDO apt-get install -y -qq --no-install-recommends "libclang-rt-$major-dev" >/dev/null ||
        $SUDO apt-get install -y -qq --no-install-recommends "libfuzzer-$major-dev" >/dev/null
fi
bash "$SRC/.ci/setup" || exit 1

# ---- build ----
mkdir -p "$BUILD"
CC=clang cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRQ_FUZZ=ON \
    >"$BUILD/cmake.log" 2>&1 || { cat "$BUILD/cmake.log"; exit 1; }
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] &&
    TARGETS=(fuzz_compile_text fuzz_rules_roundtrip fuzz_profile_eval fuzz_jobposting fuzz_kb_extend)
cmake --build "$BUILD" -j2 --target "${TARGETS[@]}" >"$BUILD/build.log" 2>&1 ||
    { tail -40 "$BUILD/build.log"; exit 1; }

# ---- seed corpora ----
seed() { # seed TARGET FILE...: copy files (when present) into the corpus
    local dir=$BUILD/corpus/$1
    shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        [ "$(stat -c %s "$f")" -le 200000 ] || continue
        cp "$f" "$dir/seed-$(echo "$f" | sed "s|^$SRC/||; s|/|_|g")"
    done
}
seed_jsonl() { # seed_jsonl TARGET FILE...: one corpus file per JSON Lines record
    local dir=$BUILD/corpus/$1
    shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        local base
        base=seed-$(echo "$f" | sed "s|^$SRC/||; s|/|_|g")
        split -l 1 -d -a 4 "$f" "$dir/$base."
    done
}
shopt -s nullglob
seed fuzz_compile_text "$SRC"/tests/postings/*.txt "$SRC"/tests/fixtures/cli/*.txt \
    "$SRC"/samples/postings/*.txt
seed fuzz_rules_roundtrip "$SRC"/tests/rules/*.rules "$SRC"/tests/postings/*.rules \
    "$SRC"/tests/fixtures/cli/*.rules "$SRC"/tests/hostile/*.rules
seed fuzz_profile_eval "$SRC"/samples/profiles/*.json "$SRC"/samples/bad/*.json \
    "$SRC"/tests/fixtures/cli/*.json "$SRC"/tests/fixtures/cli/profiles/*.json \
    "$SRC"/tests/fixtures/cli/odd/*.json "$SRC"/tests/hostile/*.json
seed_jsonl fuzz_profile_eval "$SRC"/samples/profiles/*.jsonl "$SRC"/tests/fixtures/cli/*.jsonl
seed fuzz_jobposting "$SRC"/samples/postings/*.json "$SRC"/tests/fixtures/cli/*.json \
    "$SRC"/tests/hostile/*.json "$SRC"/tests/postings/*.json
seed fuzz_kb_extend "$SRC"/engine/data/*.txt "$SRC"/tests/fuzz/seeds/kb/*
# JobPosting descriptions are text postings too
for f in "$SRC"/samples/postings/*.json; do
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("description",""))' \
        "$f" >"$BUILD/corpus/fuzz_compile_text/seed-desc-$(basename "$f" .json).txt" 2>/dev/null || true
done

# ---- run ----
declare -A DICT=([fuzz_profile_eval]=json.dict [fuzz_rules_roundtrip]=rules.dict
                 [fuzz_compile_text]=posting.dict [fuzz_kb_extend]=kb.dict
                 [fuzz_jobposting]=jobposting.dict)
status=0
printf '%-22s %12s %8s %8s  %s\n' target executions exec/s corpus "crash/leak/timeout/oom"
for t in "${TARGETS[@]}"; do
    corpus=$BUILD/corpus/$t
    art=$BUILD/artifacts/$t
    mkdir -p "$corpus" "$art"
    dict=()
    [ -n "${DICT[$t]:-}" ] && [ -f "$SRC/tests/fuzz/${DICT[$t]}" ] &&
        dict=(-dict="$SRC/tests/fuzz/${DICT[$t]}")
    log=$BUILD/$t.log
    stamp=$BUILD/$t.stamp
    touch "$stamp"
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$BUILD/tests/$t" "$corpus" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$art/" ${FUZZ_ARGS:-} >"$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -z "$execs" ] && execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    # -fork=N mode: the last "#N: cov: ..." line counts every child's runs
    [ -z "$execs" ] && execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
    rate=?
    [ -n "$execs" ] && [ "$elapsed" -gt 0 ] && rate=$(( execs / elapsed ))
    files=$(find "$corpus" -type f | wc -l)
    count() { find "$art" -type f -name "$1-*" -newer "$stamp" | wc -l; }
    found="$(count crash)/$(count leak)/$(count timeout)/$(count oom)"
    printf '%-22s %12s %8s %8s  %s\n' "$t" "${execs:-?}" "$rate" "$files" "$found"
    if [ "$rc" -ne 0 ] || [ "$found" != "0/0/0/0" ]; then
        status=1
        grep -E 'ERROR: |broken promise|runtime error|Test unit written|SUMMARY' "$log" | head -8 |
            sed 's/^/    /'
        find "$art" -type f -newer "$stamp" | sed 's/^/    artifact: /'
    fi
done
exit $status
