# Hostile inputs: broken, odd and huge files never crash reqmatch, never
# hang it, and never vanish. Each rejected input is named on stderr in one
# line (file, line for JSON Lines, field path), the rest of the batch is
# ranked, and the exit status follows the contract (0/1/2). The big files
# (a 50 MB string, 100 000-deep nesting, a 1-million-entry array) are made
# here, in a temporary directory, by tests/hostile/make_hostile.py.
#
# Every worst case (the big files, the 2 MB posting line, 300 KB of random
# bytes as a rules file) is also timed and its peak RSS measured: each must
# stay under LIMIT seconds and RQ_HOSTILE_MAX_RSS_MB (default 1024) MB. The
# figures are printed as "measure:" lines.
source "$(dirname "$0")/lib.bash" "$@"

H=$TMP/h
python3 "$SRC/tests/hostile/make_hostile.py" "$H" || { echo "generator failed" >&2; exit 1; }
POSTING=$FIX/job.rules
LIMIT=${RQ_HOSTILE_LIMIT:-60}
MAX_RSS_MB=${RQ_HOSTILE_MAX_RSS_MB:-1024}

# run with a time limit; a status >= 124 is a hang (124) or a signal
trun() {
    run timeout "$LIMIT" "$@"
    if [ "$rc" -eq 124 ]; then
        fail "timed out after ${LIMIT}s: ${*##*/}"
    elif [ "$rc" -ge 125 ]; then
        fail "crashed (status $rc): $*"
        head -5 "$TMP/err" | sed 's/^/    stderr: /' >&2
    fi
    # a sanitizer build exits 1 on a finding, like a plain refusal
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error: ' "$TMP/err"; then
        fail "sanitizer report: $*"
        grep -E 'ERROR: |runtime error: |^    #[0-4] ' "$TMP/err" | head -8 | sed 's/^/    /' >&2
    fi
}

# measure WHAT CMD...: run CMD (stdout to /dev/null, stderr to $TMP/err),
# print its wall time and peak RSS, fail above LIMIT seconds or MAX_RSS_MB
measure() {
    local what=$1
    shift
    checks=$((checks + 1))
    local m
    m=$(python3 - "$LIMIT" "$@" 2>"$TMP/err" <<'PY'
import resource, subprocess, sys, time
limit = float(sys.argv[1])
t = time.monotonic()
try:
    rc = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                        timeout=limit).returncode
except subprocess.TimeoutExpired:
    rc = 124
print(rc, "%.2f" % (time.monotonic() - t),
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)
    local mrc secs mb
    read -r mrc secs mb <<<"$m"
    echo "measure: $what: status $mrc, $secs s, peak RSS $mb MB"
    case $mrc in
    0 | 1 | 2) ;;
    124) fail "$what: timed out after ${LIMIT}s" ;;
    *) fail "$what: exit status $mrc" ;;
    esac
    [ "${mb:-0}" -le "$MAX_RSS_MB" ] || fail "$what: peak RSS $mb MB > $MAX_RSS_MB MB"
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error: ' "$TMP/err"; then
        fail "sanitizer report: $what"
    fi
}

# one_line_per_rejection JSON: every rejected source is named on exactly one
# stderr line, and stderr has no other error lines
one_line_per_rejection() {
    py "$1: one stderr line per rejected input" '
import json, sys
d = json.load(open(sys.argv[1]))
err = open(sys.argv[2], encoding="utf-8", errors="replace").read().splitlines()
errors = [l for l in err if ": warning: " not in l and ": note: " not in l
          and not l.startswith("reqmatch: no readable")]
def shown(s):
    # as reqmatch prints a name: control characters escaped
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02X" % o)
        else:
            out.append(ch)
    return "".join(out)
bad = []
for r in d["rejected"]:
    src = shown(r["source"])
    n = sum(1 for l in errors if l.startswith(src + ":"))
    if n != 1:
        bad.append("%s named on %d lines" % (src, n))
if len(errors) != len(d["rejected"]):
    bad.append("%d error lines for %d rejected inputs" % (len(errors), len(d["rejected"])))
assert not bad, bad[:5]
' "$TMP/out" "$TMP/err"
}

# ---- a batch of hostile profiles and a JSON Lines pool ----
nfiles=$(wc -l <"$H/MANIFEST")
njsonl=$(python3 -c 'import sys; print(sum(1 for l in open(sys.argv[1], "rb") if l.strip()))' "$H/pool.jsonl")
trun "$RQ" rank "$POSTING" "$H/profiles" "$H/pool.jsonl" --as-of $ASOF --format json
expect_rc 2 "hostile batch"
cp "$TMP/err" "$TMP/batch.err"
py "hostile batch: nothing lost, verdicts as expected" '
import json, sys
d = json.load(open(sys.argv[1]))
nfiles, njsonl = int(sys.argv[3]), int(sys.argv[4])
cands, rej = d["candidates"], d["rejected"]
total = len(cands) + len(rej)
assert total == nfiles + njsonl, "%d candidates + %d rejected != %d inputs" % (
    len(cands), len(rej), nfiles + njsonl)
srcs = [c["source"] for c in cands] + [r["source"] for r in rej]
assert len(set(srcs)) == len(srcs), "an input appears twice"
rejected = {r["source"].rsplit("/", 1)[-1] for r in rej}
accepted = {c["source"].rsplit("/", 1)[-1] for c in cands}
problems = []
for line in open(sys.argv[2]):
    name, kind = line.split()
    if kind == "must-reject" and name not in rejected:
        problems.append(name + " should be rejected")
    if kind == "must-accept" and name not in accepted:
        problems.append(name + " should be ranked")
for r in rej:
    if not r["error"] or "\n" in r["error"]:
        problems.append("rejection without a one-line error: %r" % r)
ids = [c["id"] for c in cands]
for want in ["jl-good-1", "jl-good-2", "jl-good-3"]:
    if want not in ids:
        problems.append(want + " (a good JSON Lines record) lost")
for bad_line in [2, 4, 7, 10]:
    if not any(r["source"].endswith("pool.jsonl:%d" % bad_line) for r in rej):
        problems.append("pool.jsonl:%d not rejected by line" % bad_line)
for c in cands:
    if not 0 <= c["score"] <= 100:
        problems.append("score out of range: %s %r" % (c["id"], c["score"]))
    if len(c["results"]) != len(d["rules"]):
        problems.append("%s: %d results for %d rules" % (c["id"], len(c["results"]), len(d["rules"])))
# a wrong type is named by its field path
for r in rej:
    name = r["source"].rsplit("/", 1)[-1]
    if name.startswith(("wrong-", "wrongin-", "root-")) and "$" not in r["error"]:
        problems.append("no field path in: " + r["error"])
assert not problems, problems[:8]
' "$TMP/out" "$H/MANIFEST" "$nfiles" "$njsonl"
one_line_per_rejection "hostile batch"

# every output format survives the same batch
for fmt in text csv md; do
    trun "$RQ" rank "$POSTING" "$H/profiles" "$H/pool.jsonl" --as-of $ASOF --format $fmt
    expect_rc 2 "hostile batch as $fmt"
    [ -s "$TMP/out" ] || fail "hostile batch as $fmt: no output"
done
trun "$RQ" rank "$POSTING" "$H/profiles" --as-of $ASOF -o "$TMP/batch.xlsx"
expect_rc 2 "hostile batch as xlsx"
[ -s "$TMP/batch.xlsx" ] || fail "hostile batch as xlsx: no workbook"

# the same pool on standard input: the line numbers survive
trun_in() { checks=$((checks + 1)); timeout "$LIMIT" "$@" >"$TMP/out" 2>"$TMP/err" <"$IN"; rc=$?; }
IN=$H/pool.jsonl trun_in "$RQ" rank "$POSTING" - --as-of $ASOF --format json
expect_rc 2 "hostile pool on stdin"
has "$TMP/err" "stdin:2" "stdin record named by line"
one_line_per_rejection "hostile pool on stdin"

# the gap report refuses a broken profile in one line
trun "$RQ" gap "$POSTING" "$H/profiles/truncated.json" --as-of $ASOF
expect_rc 1 "gap on a truncated profile"
[ "$(grep -c "truncated.json" "$TMP/err")" -eq 1 ] ||
    fail "gap on a truncated profile: not one line naming it"
trun "$RQ" gap "$POSTING" "$H/profiles/control-escapes.json" --as-of $ASOF --format json
expect_rc 0 "gap on a profile with control characters in strings"

# nothing readable at all
mkdir -p "$TMP/allbad"
cp "$H"/profiles/root-*.json "$H"/profiles/empty.json "$TMP/allbad/"
trun "$RQ" rank "$POSTING" "$TMP/allbad" --as-of $ASOF --format json
expect_rc 1 "no readable profile"

# ---- the big ones, in one batch with a good profile ----
# each is ranked or rejected in one line naming it, within the time limit
cp "$H/profiles/good-one.json" "$H/big/"
trun "$RQ" rank "$POSTING" "$H/big" --as-of $ASOF --format json
case $rc in 0 | 2) ;; *) fail "big batch: exit status $rc" ;; esac
py "big batch: the good profile is ranked, nothing lost" '
import json, sys
d = json.load(open(sys.argv[1]))
assert "good-one" in [c["id"] for c in d["candidates"]]
assert len(d["candidates"]) + len(d["rejected"]) == int(sys.argv[2])
' "$TMP/out" "$(ls "$H"/big/*.json | wc -l)"
one_line_per_rejection "big batch"
[ "$(wc -c <"$TMP/err")" -lt 4000 ] || fail "big batch: $(wc -c <"$TMP/err") bytes of stderr"
# each big file alone: time and peak memory
for f in "$H"/big/*.json; do
    measure "rank $(basename "$f") ($(( $(wc -c <"$f") / 1024 )) KB)" \
        "$RQ" rank "$POSTING" "$f" --as-of $ASOF --format json
    [ "$(grep -vc "^reqmatch: no readable profile" "$TMP/err")" -le 1 ] ||
        fail "rank $(basename "$f"): more than one line on stderr"
done
cat "$H"/big/deep-100000.json "$H"/big/deep-objects.json "$H"/profiles/good-one.json |
    tr -d '\n' | sed 's/}{/}\n{/g' >"$TMP/deep.jsonl"
measure "rank a JSON Lines file of deep documents" \
    "$RQ" rank "$POSTING" "$TMP/deep.jsonl" --as-of $ASOF --format json

# ---- odd files in a directory ----
# root reads a chmod 000 file, so what cannot be read is made otherwise: a
# symlink loop, a dangling link (a file that disappeared), a FIFO (opening
# it would hang), a subdirectory named like a profile
mkdir -p "$TMP/odd/sub.json"
cp "$H/profiles/good-one.json" "$TMP/odd/"
ln -s loop.json "$TMP/odd/loop.json"
ln -s "$TMP/nowhere.json" "$TMP/odd/dangling.json"
mkfifo "$TMP/odd/fifo.json"
trun "$RQ" rank "$POSTING" "$TMP/odd" --as-of $ASOF --format json
expect_rc 2 "directory with a symlink loop, a dangling link, a FIFO, a subdirectory"
has "$TMP/err" "loop.json" "symlink loop named"
has "$TMP/err" "dangling.json" "dangling link named"
has "$TMP/err" "fifo.json: not a regular file" "FIFO named"
has "$TMP/err" "sub.json: a directory" "subdirectory named"
one_line_per_rejection "odd directory"
py "odd directory: nothing lost" '
import json, sys
d = json.load(open(sys.argv[1]))
assert [c["id"] for c in d["candidates"]] == ["good-one"], d["candidates"]
assert len(d["rejected"]) == 4, d["rejected"]
' "$TMP/out"
# names with a line break or a terminal escape: still one line each, and
# no escape byte reaches the terminal
mkdir -p "$TMP/names"
cp "$H/profiles/good-one.json" "$TMP/names/"
cp "$H/profiles/truncated.json" "$TMP/names/"$'bad\nname.json'
cp "$H/profiles/root-array.json" "$TMP/names/"$'\e[31mred.json'
trun "$RQ" rank "$POSTING" "$TMP/names" $'missing\r\n.json' --as-of $ASOF --format json
expect_rc 2 "file names with control characters"
one_line_per_rejection "file names with control characters"
[ "$(grep -c . "$TMP/err")" -eq 3 ] || fail "file names with control characters: $(grep -c . "$TMP/err") stderr lines for 3 rejections"
grep -q $'\e' "$TMP/err" && fail "an escape byte from a file name reached stderr"
has "$TMP/err" 'bad\nname.json' "a line break in a file name shown as \\n"
trun "$RQ" check $'no\nsuch.rules'
[ "$(grep -c . "$TMP/err")" -eq 1 ] || fail "check: a file name with a line break on one line"
trun "$RQ" rank "$POSTING" "$H/profiles/good-one.json" -o $'/nonexistent/a\nb.json'
expect_rc 1 "unwritable output with a line break in its name"
[ "$(grep -c . "$TMP/err")" -eq 1 ] || fail "-o: a file name with a line break on one line"
trun "$RQ" rank "$POSTING" "$H/profiles/good-one.json" --top $'1\e[2J'
expect_rc 1 "--top with an escape sequence"
grep -q $'\e' "$TMP/err" && fail "an escape byte from an argument reached stderr"

if [ "$(id -u)" -ne 0 ]; then
    # root reads a chmod 000 file anyway (CI runs as root): only checked otherwise
    cp "$H/profiles/good-one.json" "$TMP/odd/locked.json"
    chmod 000 "$TMP/odd/locked.json"
    trun "$RQ" rank "$POSTING" "$TMP/odd" --as-of $ASOF --format json
    expect_rc 2 "directory with an unreadable file"
    has "$TMP/err" "locked.json" "unreadable file named"
    one_line_per_rejection "unreadable file"
    chmod 600 "$TMP/odd/locked.json"
fi

# ---- hostile postings ----
for p in binary empty blank nul invalid-utf8; do
    f=$H/postings/$p.txt
    for cmd in compile rank gap; do
        args=("$f")
        [ $cmd != compile ] && args+=("$H/profiles/good-one.json" --as-of $ASOF)
        trun "$RQ" $cmd "${args[@]}"
        expect_rc 1 "$cmd with posting $p.txt"
        [ "$(grep -c . "$TMP/err")" -eq 1 ] && has "$TMP/err" "$f" "$cmd names posting $p.txt" ||
            fail "$cmd with posting $p.txt: not one line naming the file"
    done
done
for p in truncated root-array not-jobposting; do
    f=$H/postings/$p.json
    trun "$RQ" compile "$f"
    expect_rc 1 "compile posting $p.json"
    [ "$(grep -c . "$TMP/err")" -eq 1 ] || fail "compile posting $p.json: one line on stderr"
    has "$TMP/err" "$f" "compile names posting $p.json"
done
trun "$RQ" compile "$H/postings/jobposting-wrong-types.json" --format json
case $rc in 0 | 1) ;; *) fail "JobPosting with wrong types: exit status $rc" ;; esac
trun "$RQ" compile "$H/postings/long-line.txt" --format json
case $rc in 0 | 1) ;; *) fail "posting with a 2 MB line: exit status $rc" ;; esac
[ "$(wc -c <"$TMP/err")" -lt 2000 ] ||
    fail "posting with a 2 MB line: $(wc -c <"$TMP/err") bytes of warnings (the whole line echoed)"
measure "compile a posting with a 2 MB line" "$RQ" compile "$H/postings/long-line.txt" --format json
measure "rank with a posting with a 2 MB line" \
    "$RQ" rank "$H/postings/long-line.txt" "$H/profiles/good-one.json" --as-of $ASOF
measure "compile a binary posting" "$RQ" compile "$H/postings/binary.txt"
# 100 000 skills and a 5 MB description: once 99 s (each description rule
# compared with each structured rule), now about 5: bounded at LIMIT/3
LIMIT_ALL=$LIMIT
LIMIT=$((LIMIT / 3))
measure "compile a JobPosting with 100 000 skills and a 5 MB description" \
    "$RQ" compile "$H/postings/jobposting-huge.json" --format json
LIMIT=$LIMIT_ALL

# line endings and a BOM change nothing
trun "$RQ" compile "$H/postings/plain.txt" --format json
expect_rc 0 "plain posting"
cp "$TMP/out" "$TMP/plain.json"
trun "$RQ" compile "$H/postings/crlf.txt" --format json
expect_rc 0 "CRLF posting"
cmp -s "$TMP/out" "$TMP/plain.json" || fail "CRLF posting compiles differently from LF"
trun "$RQ" compile "$H/postings/bom.txt" --format json
expect_rc 0 "posting with a BOM"
cmp -s "$TMP/out" "$TMP/plain.json" || fail "posting with a BOM compiles differently (BOM kept in the title?)"
trun "$RQ" compile "$H/postings/cr-only.txt" --format json
expect_rc 0 "posting with CR-only line ends"
cmp -s "$TMP/out" "$TMP/plain.json" || fail "posting with CR-only line ends compiles differently"

# committed reproducers of known quality issues (see tests/hostile/)
trun "$RQ" compile "$SRC/tests/hostile/bom-title.txt" --format json
expect_rc 0 "posting starting with a BOM"
grep -q $'"title": "\xef\xbb\xbf' "$TMP/out" && fail "bom-title.txt: the BOM is kept in the title"
trun "$RQ" compile "$SRC/tests/hostile/months-of-experience-word.json" --format json
case $rc in 0 | 1) ;; *) fail "monthsOfExperience as a word: exit status $rc" ;; esac
grep -q '"min_years": 0,' "$TMP/out" && fail "monthsOfExperience \"many\" became a 0-year experience rule"
has "$TMP/err" 'monthsOfExperience: not a number of months: "many"' "monthsOfExperience \"many\" named"

# ---- rules files with every kind of error ----
EVERY=$SRC/tests/hostile/every-error.rules
trun "$RQ" check "$EVERY"
expect_rc 1 "check every-error.rules"
py "every error named by file:line:col" '
import re, sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
pat = re.compile(re.escape(sys.argv[2]) + r":\d+:\d+: error: \S")
bad = [l for l in lines if not pat.match(l)]
assert not bad, bad[:3]
got = {int(l.split(":")[1]) for l in lines}
want = {4, 5, 6, 8, 9, 10, 13, 14, 15, 16, 18, 19, 20, 21, 25, 26, 28, 32, 33, 37, 38, 42,
        46, 49, 51, 52}
missing = sorted(want - got)
assert not missing, "no error reported on lines %s" % missing
' "$TMP/err" "$EVERY"
for cmd in rank gap; do
    trun "$RQ" $cmd "$EVERY" "$H/profiles/good-one.json" --as-of $ASOF
    expect_rc 1 "$cmd with a broken rules file"
    hasnt "$TMP/out" "good-one" "$cmd with a broken rules file: no output"
done
trun "$RQ" check "$POSTING" "$EVERY"
[ "$rc" -ne 0 ] || fail "check of a good and a broken rules file: exit status 0"
has "$TMP/err" "every-error.rules" "check names the broken file"

# rules files with bytes a text editor would not write
printf '[r-1]\ncategory: other\nconcepts: a\x00b\n' >"$TMP/nul.rules"
printf '[r-1]\ncategory: other\nconcepts: caf\xe9\n' >"$TMP/latin1.rules"
printf '\xef\xbb\xbf[r-1]\r\ncategory: other\r\nconcepts: x\r\n' >"$TMP/bom-crlf.rules"
head -c 300000 /dev/urandom >"$TMP/random.rules"
for f in nul latin1 random; do
    trun "$RQ" check "$TMP/$f.rules"
    expect_rc 1 "check $f.rules"
    grep -q "^$TMP/$f.rules:[0-9]*:[0-9]*: " "$TMP/err" || fail "check $f.rules: no file:line:col"
    [ "$(grep -c . "$TMP/err")" -le 51 ] || fail "check $f.rules: $(grep -c . "$TMP/err") error lines"
done
# a binary file as a rules file or a posting: one line
for cmd in check compile; do
    trun "$RQ" $cmd "$TMP/random.rules"
    [ "$(grep -c . "$TMP/err")" -eq 1 ] || fail "$cmd random.rules: $(grep -c . "$TMP/err") lines on stderr"
done
# ... or as a vocabulary file (--lexicon)
trun "$RQ" rank --lexicon "$TMP/random.rules" "$POSTING" "$H/profiles/good-one.json" --as-of $ASOF
expect_rc 1 "--lexicon with a binary file"
[ "$(grep -c . "$TMP/err")" -le 2 ] || fail "--lexicon binary: $(grep -c . "$TMP/err") lines on stderr"
has "$TMP/err" "random.rules:" "--lexicon binary file named"
trun "$RQ" check "$TMP/bom-crlf.rules"
[ "$rc" -eq 0 ] || fail "a rules file saved with a BOM and CRLF is refused: $(head -1 "$TMP/err")"
printf '[r-1]\ncategory: knowledge\\nrequired: yes\nconcepts: x\n' >"$TMP/newline.rules"
trun "$RQ" check "$TMP/newline.rules"
expect_rc 1 "check newline.rules"
[ "$(grep -c . "$TMP/err")" -eq 1 ] ||
    fail "an error quoting an escaped newline spreads over $(grep -c . "$TMP/err") lines"
measure "check 300 KB of random bytes as a rules file" "$RQ" check "$TMP/random.rules"

# ---- impossible dates on the command line ----
for d in 2025-02-30 2025-13-01 2025-00-10 25-06-30 2025-6-3 yesterday; do
    trun "$RQ" rank "$POSTING" "$H/profiles/good-one.json" --as-of "$d"
    expect_rc 1 "--as-of $d"
    [ "$(grep -c . "$TMP/err")" -eq 1 ] || fail "--as-of $d: one line on stderr"
done

finish
