# Shared helpers for the CLI tests (tests/cli/*.sh).
# Usage in a test:  source "$(dirname "$0")/lib.bash" "$@"
# Each test is run as: bash script.sh /path/to/reqmatch /path/to/source
set -u
if [ $# -lt 2 ]; then
    echo "usage: bash $0 REQMATCH SRCDIR" >&2
    exit 2
fi
RQ=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
FIX=$SRC/tests/fixtures/cli
EXPECTED=$SRC/tests/expected
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rqcli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
ASOF=2025-06-30
fails=0
checks=0
unset NO_COLOR

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# run CMD...: stdout -> $TMP/out, stderr -> $TMP/err, status -> $rc
run() {
    checks=$((checks + 1))
    "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?
}

# run_in FILE CMD...: like run, with FILE on stdin
run_in() {
    local input=$1
    shift
    checks=$((checks + 1))
    "$@" >"$TMP/out" 2>"$TMP/err" <"$input"
    rc=$?
}

expect_rc() {
    if [ "$rc" -ne "$1" ]; then
        fail "$2: exit status $rc, expected $1"
        sed 's/^/    stderr: /' "$TMP/err" | head -5 >&2
    fi
}

# has FILE TEXT WHAT: FILE contains the fixed string TEXT
has() {
    grep -qF -- "$2" "$1" || fail "$3: '$2' not found in $(basename "$1")"
}

hasnt() {
    if grep -qF -- "$2" "$1"; then fail "$3: '$2' found in $(basename "$1")"; fi
}

# py WHAT SCRIPT [ARGS...]: a python3 check; the script exits non-zero
# (or raises) on failure
py() {
    local what=$1
    shift
    if ! python3 -c "$@" 2>"$TMP/pyerr"; then
        fail "$what"
        sed 's/^/    python: /' "$TMP/pyerr" | tail -3 >&2
    fi
}

finish() {
    if [ "$fails" -gt 0 ]; then
        echo "$(basename "$0"): $fails of $checks checks failed" >&2
        exit 1
    fi
    echo "$(basename "$0"): $checks runs, all checks passed"
    exit 0
}
