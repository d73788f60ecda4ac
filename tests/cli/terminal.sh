# Terminal manners: no escape codes or progress when not on a terminal or
# with NO_COLOR; colour on a terminal otherwise.
source "$(dirname "$0")/lib.bash" "$@"

run "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --as-of $ASOF
expect_rc 0 "rank to a pipe"
if grep -q $'\033' "$TMP/out" "$TMP/err"; then fail "no escape codes in a pipe"; fi
[ -s "$TMP/err" ] && fail "nothing on stderr for a clean run"

run env NO_COLOR=1 "$RQ" rank "$FIX/job.rules" "$FIX/profiles" --as-of $ASOF
if grep -q $'\033' "$TMP/out"; then fail "no escape codes with NO_COLOR"; fi

# on a pseudo-terminal (util-linux script), when available
if command -v script >/dev/null 2>&1; then
    cmd="'$RQ' rank '$FIX/job.rules' '$FIX/profiles' --as-of $ASOF"
    TERM=xterm script -qec "$cmd" /dev/null >"$TMP/tty" 2>&1 </dev/null
    grep -q $'\033\[' "$TMP/tty" || fail "colour on a terminal"
    TERM=xterm NO_COLOR=1 script -qec "$cmd" /dev/null >"$TMP/tty" 2>&1 </dev/null
    if grep -q $'\033\[' "$TMP/tty"; then fail "NO_COLOR on a terminal: no colour"; fi
    TERM=xterm script -qec "$cmd -o $TMP/f.txt" /dev/null >"$TMP/tty" 2>&1 </dev/null
    if grep -q $'\033' "$TMP/f.txt"; then fail "no colour in a file, even from a terminal"; fi
fi

finish
