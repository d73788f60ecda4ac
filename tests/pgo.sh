#!/usr/bin/env bash
# The profile-guided build gives the same results as the plain one:
# configures and builds a -DRQ_PGO=ON tree in PGO_BUILD (its training
# build and run included: reqmatch and gen_profiles only), then writes
# tests/bench/snapshot.sh's 970 outputs (every sample posting ranked,
# gap, match, over the samples and 3000 generated profiles with broken
# lines) with both builds and compares them byte for byte.
#
#   bash tests/pgo.sh SRC PGO_BUILD PLAIN_BUILD
#
# ctest runs this as the test "pgo" (GCC only; -DRQ_PGO_TEST=OFF leaves
# it out).
set -u
SRC=$(cd "${1:?usage: pgo.sh SRC PGO_BUILD PLAIN_BUILD}" && pwd)
BUILD=${2:?usage: pgo.sh SRC PGO_BUILD PLAIN_BUILD}
PLAIN=$(cd "${3:?usage: pgo.sh SRC PGO_BUILD PLAIN_BUILD}" && pwd)
mkdir -p "$BUILD"
echo "pgo: configuring and building $BUILD (training included)"
if ! { cmake -S "$SRC" -B "$BUILD" -DRQ_PGO=ON -DRQ_SANITIZE_TEST=OFF -DRQ_PGO_TEST=OFF &&
       cmake --build "$BUILD" --target reqmatch gen_profiles --parallel "${RQ_PGO_JOBS:-2}"; } \
       >"$BUILD/build.log" 2>&1; then
    tail -n 40 "$BUILD/build.log"
    echo "pgo: FAIL: the profile-guided build failed"
    exit 1
fi
# the training ran and its counts are named as the objects that read them
for f in "$SRC"/engine/*.c; do
    gcda="$BUILD/pgo/profile/CMakeFiles#rq_engine.dir#engine#$(basename "$f").gcda"
    if [ ! -s "$gcda" ]; then
        echo "pgo: FAIL: no training counts for engine/$(basename "$f") ($gcda)"
        exit 1
    fi
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bash "$SRC/tests/bench/snapshot.sh" "$PLAIN" "$out/plain" >/dev/null 2>&1
bash "$SRC/tests/bench/snapshot.sh" "$BUILD" "$out/pgo" >/dev/null 2>&1
n=$(find "$out/plain" -type f | wc -l)
if [ "$n" -lt 100 ]; then
    echo "pgo: FAIL: only $n outputs written"
    exit 1
fi
if ! diff -r "$out/plain" "$out/pgo" >"$out/diff.txt"; then
    head -n 40 "$out/diff.txt"
    echo "pgo: FAIL: the profile-guided build's outputs differ"
    exit 1
fi
echo "pgo: ok, $n outputs identical"
