# Golden outputs: the fixture ranking and gap report, byte for byte.
# After an intended change, regenerate with:
#   REGEN=1 bash tests/cli/golden.sh build/reqmatch .
source "$(dirname "$0")/lib.bash" "$@"
cd "$SRC" || exit 1
F=tests/fixtures/cli

golden() {
    local name=$1
    shift
    run "$RQ" "$@"
    if [ "$rc" -ne 0 ]; then
        fail "$name: exit status $rc"
        return
    fi
    if [ "${REGEN:-}" = 1 ]; then
        mkdir -p "$EXPECTED"
        cp "$TMP/out" "$EXPECTED/$name"
        return
    fi
    if ! cmp -s "$TMP/out" "$EXPECTED/$name"; then
        fail "$name differs from tests/expected/$name"
        diff "$EXPECTED/$name" "$TMP/out" | head -20 >&2
    fi
}

golden rank_fixture.txt rank $F/job.rules $F/profiles $F/pool.jsonl --as-of $ASOF
golden rank_fixture.json rank $F/job.rules $F/profiles $F/pool.jsonl --as-of $ASOF --format json
golden rank_fixture.csv rank $F/job.rules $F/profiles $F/pool.jsonl --as-of $ASOF --format csv
golden rank_fixture.md rank $F/job.rules $F/profiles $F/pool.jsonl --as-of $ASOF --format md
golden gap_bob.txt gap $F/job.rules $F/profiles/bob.json --as-of $ASOF
golden gap_bob.json gap $F/job.rules $F/profiles/bob.json --as-of $ASOF --format json
golden gap_bob.md gap $F/job.rules $F/profiles/bob.json --as-of $ASOF --format md

finish
