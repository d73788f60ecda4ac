# valgrind memcheck over the samples: every sample posting compiled and
# ranked against samples/profiles (with two threads), compile to a .rules
# file, every output format of rank and gap, check of every rules file,
# match of every posting with every profile, rejected inputs. Any memory error or leak (definite,
# indirect or possible) fails the run. valgrind is installed by .ci/setup.
# An ASan build (-DRQ_SANITIZE=ON) cannot run under valgrind: skipped there.
source "$(dirname "$0")/lib.bash" "$@"
cd "$SRC" || exit 1

if ! command -v valgrind >/dev/null; then
    fail "valgrind is not installed (bash .ci/setup installs it)"
    finish
fi
if grep -q "__asan_init" "$RQ" 2>/dev/null; then
    echo "valgrind.sh: $RQ is an AddressSanitizer build; valgrind cannot run it (skipped)"
    exit 0
fi

VG=(valgrind -q --error-exitcode=99 --leak-check=full
    --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible
    --track-fds=no --log-file="$TMP/vg.%p")

# vg WHAT CMD...: run under memcheck; any report fails WHAT
vg() {
    local what=$1
    shift
    rm -f "$TMP"/vg.*
    run "${VG[@]}" "$@"
    if [ "$rc" -eq 99 ] || cat "$TMP"/vg.* 2>/dev/null | grep -q .; then
        fail "memcheck: $what"
        cat "$TMP"/vg.* 2>/dev/null | head -20 | sed 's/^/    /' >&2
    fi
}

# rank compiles the posting it is given: every sample posting, every profile
for p in samples/postings/*; do
    name=$(basename "$p")
    vg "rank $name" "$RQ" rank "$p" samples/profiles --as-of $ASOF --format json --jobs 2
    expect_rc 0 "rank $name"
done
for p in samples/postings/advocacy-officer.txt samples/postings/legal-officer.json; do
    vg "compile $p" "$RQ" compile "$p" -o "$TMP/compiled.rules"
    expect_rc 0 "compile $p"
done

P=samples/postings/coordination-droits-enfant.txt
for ext in txt csv md xlsx; do
    vg "rank -o rank.$ext" "$RQ" rank "$P" samples/profiles --as-of $ASOF -o "$TMP/rank.$ext"
    expect_rc 0 "rank -o rank.$ext"
done
for fmt in text json md html; do
    vg "gap --format $fmt" "$RQ" gap "$P" samples/profiles/amelie-fontaine.json --as-of $ASOF \
        --format $fmt
    expect_rc 0 "gap --format $fmt"
done
vg "check" "$RQ" check samples/postings/*.rules
expect_rc 0 "check"
vg "match" "$RQ" match --postings samples/postings/* --profiles samples/profiles \
    --as-of $ASOF --format json --jobs 2
expect_rc 0 "match"
# rejected inputs take other paths: the broken samples among good ones
vg "rank with samples/bad" "$RQ" rank "$P" samples/profiles samples/bad --as-of $ASOF \
    --format json
expect_rc 2 "rank with samples/bad"

finish
