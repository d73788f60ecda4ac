# Every example command of README.md (indented lines that run build/reqmatch)
# is run here, so the manual cannot drift from the program.
# A command passes when it exits 0, or 2 when it reads samples/bad on purpose.
source "$(dirname "$0")/lib.bash" "$@"

mkdir -p "$TMP/work/build"
ln -s "$SRC/samples" "$TMP/work/samples"
ln -s "$SRC/tests" "$TMP/work/tests"
ln -s "$RQ" "$TMP/work/build/reqmatch"

n=0
while IFS= read -r line; do
    cmd=${line#*build/reqmatch }
    n=$((n + 1))
    checks=$((checks + 1))
    (cd "$TMP/work" && eval "build/reqmatch $cmd") >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?
    want=0
    case "$cmd" in *samples/bad*) want=2 ;; esac
    if [ "$rc" -ne "$want" ]; then
        fail "README example exited $rc (wanted $want): build/reqmatch $cmd"
        head -n 5 "$TMP/err" >&2
    fi
done < <(grep -E '^    .*build/reqmatch ' "$SRC/README.md" | grep -v '^    \$')

[ "$n" -ge 5 ] || fail "found only $n README examples"
finish
