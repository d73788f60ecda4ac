# The benchmarks still run and print what the README says they print, on
# a pool small enough for the test suite (the figures themselves are not
# checked: they depend on the machine):
#  - both name the build they measured (this tree: plain);
#  - bench.sh: a line for the floor, rank, rank --jobs N and match, then
#    match_bench (which fails when the program and the scorers disagree)
#    with its two parts;
#  - instructions.sh (when valgrind is installed): the three rows, rank
#    and match executing more than the floor (over 20 profiles the
#    floor's L1 misses may come out below zero: a difference of two runs).
source "$(dirname "$0")/lib.bash" "$@"

BUILD=$(dirname "$RQ")
export BENCH_DIR=$TMP/bench
cd "$SRC" || exit 1

run env ROUNDS=1 bash "$SRC/tests/bench/bench.sh" "$BUILD" 300
expect_rc 0 "bench.sh"
py "bench.sh prints a row per command and match_bench's figures" '
import re, sys
out = open(sys.argv[1]).read()
rows = {m.group(1): m for m in re.finditer(
    r"^(floor|rank|rank\d+|match) +300 +([\d.]+) s +([\d.]+) s +(\d+) /s +([\d.]+)x +([\d.]+)x +([\d.]+) MB$",
    out, re.M)}
assert set(rows) >= {"floor", "rank", "match"}, out
assert any(k.startswith("rank") and k != "rank" for k in rows), out
assert float(rows["floor"].group(5)) == 1.0
assert re.search(r"^machine: .*; build: plain; posting: ", out, re.M), out
assert re.search(r"^program: +evaluations 1000000 in [\d.]+ s: [\d.]+ million", out, re.M), out
assert re.search(r"of which the profiles. side \(view, atoms\) [\d.]+ s, [\d.]+ us a profile", out), out
assert re.search(r"the scores from it [\d.]+ s: [\d.]+ million evaluations/s", out), out
assert "differ" not in out, out
' "$TMP/out"

if command -v valgrind >/dev/null 2>&1; then
    run bash "$SRC/tests/bench/instructions.sh" "$BUILD" 20
    expect_rc 0 "instructions.sh"
    py "instructions.sh prints the floor, rank and match per profile" '
import re, sys
out = open(sys.argv[1]).read()
rows = {m.group(1): [float(x) for x in m.groups()[1:]] for m in re.finditer(
    r"^(floor|rank|match) +(-?\d+) +(-?[\d.]+)x +(-?\d+) +(-?\d+)$", out, re.M)}
assert set(rows) == {"floor", "rank", "match"}, out
assert rows["floor"][1] == 1.0, out
assert re.search(r"\(cachegrind\); build: plain; posting: ", out), out
assert rows["rank"][0] > rows["floor"][0] > 0 and rows["match"][0] > rows["floor"][0], out
' "$TMP/out"
fi
finish
