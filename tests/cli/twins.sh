# Personal details never change a score (contract), checked end to end:
# every sample profile gets a twin that differs only in its personal
# details (name, e-mail, phone, birth date, age, gender, nationality,
# photo, address, links) and both are ranked against every sample posting.
# The twins must get the same score, eligibility and per-rule results.
# With --anonymize, equal scores are ordered by the pseudonym shown.
source "$(dirname "$0")/lib.bash" "$@"

mkdir -p "$TMP/pool"
python3 - "$SRC/samples/profiles" "$TMP/pool" <<'PY' || fail "twin generator"
import json, os, sys
src, dst = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(src)):
    if not f.endswith(".json"):
        continue
    d = json.load(open(os.path.join(src, f), encoding="utf-8"))
    stem = f[:-5]
    json.dump(d, open(os.path.join(dst, stem + ".json"), "w"))
    b = d.setdefault("basics", {})
    b.update({
        "name": "Zz Other Person", "email": "other@example.net",
        "phone": "+32 470 00 00 00", "birthDate": "1959-12-31", "age": 66,
        "gender": "non-binary", "nationality": "Nederlandse",
        "image": "https://example.net/photo.jpg",
        "url": "https://example.net/",
        "location": {"address": "Rue Imaginaire 1", "postalCode": "1000",
                     "city": "Bruxelles", "countryCode": "BE",
                     "region": "Brussels"},
        "profiles": [{"network": "Mastodon", "username": "someone",
                      "url": "https://example.net/@someone"}],
    })
    json.dump(d, open(os.path.join(dst, "zz-twin-" + stem + ".json"), "w"))
PY
n=$(ls "$TMP/pool" | wc -l)
[ "$n" -ge 30 ] || fail "twin pool has $n files"

for posting in "$SRC"/samples/postings/*.rules "$SRC"/samples/postings/*.json; do
    name=$(basename "$posting")
    run "$RQ" rank "$posting" "$TMP/pool" --as-of $ASOF --format json
    expect_rc 0 "rank twins against $name"
    py "twins score the same against $name" '
import json, sys
d = json.load(open(sys.argv[1]))
by = {x["id"]: x for x in d["candidates"]}
assert len(by) >= 30, len(by)
def strip(x):
    return {k: v for k, v in x.items() if k not in ("id", "name", "source", "rank")}
pairs = 0
for cid, x in by.items():
    if cid.startswith("zz-twin-"):
        continue
    t = by["zz-twin-" + cid]
    assert t["name"] == "Zz Other Person"
    assert strip(x) == strip(t), (cid, strip(x), strip(t))
    pairs += 1
assert pairs >= 15, pairs
' "$TMP/out"
    run "$RQ" rank "$posting" "$TMP/pool" --as-of $ASOF --format json --anonymize
    expect_rc 0 "rank twins --anonymize against $name"
    py "--anonymize orders ties by the pseudonym shown ($name)" '
import json, sys
d = json.load(open(sys.argv[1]))
c = d["candidates"]
key = [(not x["eligible"], -x["score"], x["id"]) for x in c]
assert key == sorted(key), [x["id"] for x in c]
assert all(x["source"] == x["id"] and x["name"] is None for x in c)
' "$TMP/out"
    hasnt "$TMP/out" "Zz Other" "--anonymize output against $name"
done

finish
