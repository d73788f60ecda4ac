# reqmatch's command line: help, version, bad usage (exit 1, message on stderr).
source "$(dirname "$0")/lib.bash" "$@"

run "$RQ" --help
expect_rc 0 "--help"
has "$TMP/out" "Usage: reqmatch COMMAND" "--help prints usage on stdout"
cp "$TMP/out" "$TMP/help"
for cmd in compile check rank gap match; do
    has "$TMP/help" "  $cmd " "--help lists $cmd"
    run "$RQ" "$cmd" --help
    expect_rc 0 "$cmd --help"
    has "$TMP/out" "Usage: reqmatch $cmd" "$cmd --help"
    run "$RQ" help "$cmd"
    expect_rc 0 "help $cmd"
    has "$TMP/out" "Usage: reqmatch $cmd" "help $cmd"
done
run "$RQ" -h
expect_rc 0 "-h"

run "$RQ" --version
expect_rc 0 "--version"
grep -qE '^reqmatch [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" || fail "--version prints 'reqmatch X.Y.Z'"

run "$RQ"
expect_rc 1 "no command"
has "$TMP/err" "Usage" "no command prints usage on stderr"
[ -s "$TMP/out" ] && fail "no command writes nothing on stdout"

run "$RQ" frobnicate
expect_rc 1 "unknown command"
has "$TMP/err" "unknown command 'frobnicate'" "unknown command is named"

run "$RQ" rank --frobnicate "$FIX/job.rules" "$FIX/profiles"
expect_rc 1 "unknown option"
has "$TMP/err" "--frobnicate" "unknown option is named"

run "$RQ" rank "$FIX/job.rules"
expect_rc 1 "rank without profiles"
run "$RQ" gap "$FIX/job.rules"
expect_rc 1 "gap without profile"
run "$RQ" compile
expect_rc 1 "compile without posting"
run "$RQ" check
expect_rc 1 "check without files"
run "$RQ" match --postings "$FIX/job.rules"
expect_rc 1 "match without profiles"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --top
expect_rc 1 "--top without value"
has "$TMP/err" "needs a value" "--top without value says so"
for bad in 0 -3 abc 2x; do
    run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --top "$bad"
    expect_rc 1 "--top $bad"
done
for bad in 2025-13-01 2025-02-30 yesterday 2025-6-1; do
    run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --as-of "$bad"
    expect_rc 1 "--as-of $bad"
    has "$TMP/err" "$bad" "--as-of $bad is named"
done
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --format pdf
expect_rc 1 "--format pdf"
has "$TMP/err" "pdf" "unknown format named"
run "$RQ" gap "$FIX/job.rules" "$FIX/profiles/alice.json" --format xlsx
expect_rc 1 "gap cannot write xlsx"
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" -o "$TMP/x.html"
expect_rc 1 "rank cannot write html (from -o extension)"
[ -e "$TMP/x.html" ] && fail "rank -o x.html must not create the file"
run "$RQ" compile "$FIX/job.rules" --top 3
expect_rc 1 "--top does not apply to compile"
run "$RQ" check "$FIX/job.rules" --anonymize
expect_rc 1 "--anonymize does not apply to check"
run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --quiet=yes
expect_rc 1 "a flag given a value"
run "$RQ" rank - -
expect_rc 1 "stdin used twice"

# --jobs is accepted
run "$RQ" rank --jobs 4 "$FIX/job.rules" "$FIX/profiles" --as-of $ASOF
expect_rc 0 "--jobs 4"
run "$RQ" rank -j2 "$FIX/job.rules" "$FIX/profiles" --as-of $ASOF
expect_rc 0 "-j2"

finish
