#!/usr/bin/env python3
"""Write the hostile input corpus into a directory (big files are made at
test time, never committed). Usage: make_hostile.py OUTDIR [--small]

OUTDIR/profiles/   one JSON Resume per hostile case (+ two good ones)
OUTDIR/pool.jsonl  JSON Lines with bad lines among good ones
OUTDIR/big/        the large cases (50 MB string, 100 000-deep nesting,
                   1-million-entry array), in their own directory
OUTDIR/postings/   hostile postings (binary, empty, NUL, BOM, CRLF, ...)
OUTDIR/MANIFEST    one line per profile input: NAME<TAB>must-reject|either
--small shrinks the big cases (for a quick look by hand).
"""
import json
import os
import sys

out = sys.argv[1]
small = "--small" in sys.argv
BIG_STRING = (1 << 20) if small else 50 * (1 << 20)
DEPTH = 100000
ENTRIES = 10000 if small else 1000000

GOOD = {
    "basics": {"name": "Hostile Test", "email": "h@example.org"},
    "work": [{"name": "Association", "position": "Project coordinator",
              "startDate": "2015-01", "endDate": "2020-06",
              "highlights": ["Managed a team of five", "Child rights advocacy"]}],
    "education": [{"institution": "University", "area": "Law",
                   "studyType": "Master", "endDate": "2014-06"}],
    "languages": [{"language": "English", "fluency": "Native speaker"},
                  {"language": "French", "fluency": "C1"}],
    "skills": [{"name": "Project management", "keywords": ["budgeting"]}],
}

manifest = []


def put(rel, data, kind="either"):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    if rel.startswith("profiles/"):
        manifest.append((os.path.basename(rel), kind))


def doc(**changes):
    d = json.loads(json.dumps(GOOD))
    for k, v in changes.items():
        d[k] = v
    return json.dumps(d, ensure_ascii=False)


def with_work(**fields):
    w = dict(GOOD["work"][0])
    w.update(fields)
    return doc(work=[w])


R = "must-reject"
good = doc()
put("profiles/good-one.json", good, "must-accept")
put("profiles/good-two.json", doc(basics={"name": "Second Good"}), "must-accept")

# truncated and invalid JSON
put("profiles/truncated.json", good[: len(good) // 2], R)
put("profiles/truncated-in-string.json", '{"basics": {"name": "Ann', R)
put("profiles/trailing-garbage.json", good + " }{ garbage", R)
put("profiles/single-quotes.json", "{'basics': {'name': 'x'}}", R)
put("profiles/trailing-comma.json", '{"work": [1, 2,], }', R)
put("profiles/bare-word.json", "hello", R)
put("profiles/comment.json", '// a comment\n{"basics": {}}', R)
put("profiles/empty.json", "", R)
put("profiles/whitespace-only.json", " \n\t\r\n ", R)

# root not an object
for name, text in [("array", "[]"), ("string", '"x"'), ("number", "42"),
                   ("null", "null"), ("true", "true"), ("nested-array", "[[{}]]")]:
    put(f"profiles/root-{name}.json", text, R)

# wrong types everywhere (accepted with warnings or rejected: either, but
# named and never a crash)
WRONG = [1, "text", True, None, [], {}, [1, [2]], -1e308, 1e999]
known = ["basics", "work", "volunteer", "education", "skills", "languages",
         "certificates", "projects", "awards", "interests", "references"]
for i, key in enumerate(known):
    for j, val in enumerate(WRONG):
        text = doc(**{key: val}) if not (isinstance(val, float) and val > 1e308) \
            else doc().replace('"' + key + '": ', '"' + key + '": 1e999, "_": ', 1)
        put(f"profiles/wrong-{key}-{j}.json", text)
inner = {
    "work": ["name", "position", "startDate", "endDate", "summary", "highlights"],
    "education": ["institution", "area", "studyType", "startDate", "endDate",
                  "score", "courses"],
    "languages": ["language", "fluency"],
    "skills": ["name", "level", "keywords"],
}
for key, fields in inner.items():
    for field in fields:
        for j, val in enumerate([7, {}, [None], False, -0.0]):
            entry = dict(GOOD[key][0]) if key in GOOD else {}
            entry[field] = val
            put(f"profiles/wrongin-{key}-{field}-{j}.json", doc(**{key: [entry, 3, "x"]}))
put("profiles/basics-name-number.json", doc(basics={"name": 12}))

# impossible, reversed and far dates
for j, (s, e) in enumerate([("2020-13", "2021-01"), ("2021-02-30", "2022"),
                            ("2021-00", "2022"), ("2020-01", "2010-01"),
                            ("0000-01", "9999-12"), ("99999-01", "2020"),
                            ("-2020-01", "2020"), ("2020-1-1", "2020-2-2"),
                            ("2020-01-01T00:00:00Z", ""), ("", ""),
                            ("2030-01", "2031-01"), ("2020/01", "2021/01"),
                            ("2020-02-29", "2021-02-29"), ("1e3", "present")]):
    put(f"profiles/dates-{j}.json", with_work(startDate=s, endDate=e))

# encodings: invalid UTF-8, NUL bytes, BOM, CRLF, control characters
put("profiles/invalid-utf8-name.json",
    good.encode().replace(b"Hostile Test", b"Hostile \xff\xfe Test"), R)
put("profiles/invalid-utf8-overlong.json",
    good.encode().replace(b"Hostile Test", b"Hostile \xc0\xaf Test"), R)
put("profiles/invalid-utf8-surrogate.json",
    good.encode().replace(b"Hostile Test", b"Hostile \xed\xa0\x80 Test"), R)
put("profiles/invalid-utf8-truncated-seq.json",
    good.encode().replace(b"Hostile Test", b"Hostile \xe2\x82"), R)
put("profiles/nul-byte-raw.json", good.encode().replace(b", ", b",\x00 ", 1), R)
put("profiles/nul-escaped.json", good.replace("Hostile Test", "Hostile\\u0000Test"))
put("profiles/lone-surrogate-escape.json", good.replace("Hostile Test", "x\\ud800y"))
put("profiles/control-escapes.json",
    with_work(position="line\\none\\r\\u001b[31mred\\u0007"))
put("profiles/bom.json", b"\xef\xbb\xbf" + good.encode())
put("profiles/crlf.json", json.dumps(GOOD, indent=2).replace("\n", "\r\n"), "must-accept")
put("profiles/utf16.json", good.encode("utf-16"), R)
put("profiles/duplicate-keys.json", good[:-1] + ', "work": []}')
put("profiles/huge-number.json", with_work(startDate=2020, endDate=1e308))
put("profiles/deep-but-fine.json", doc(projects=[{"x": [[[[[[[[[[1]]]]]]]]]]}]))
# a "posting that is a binary file", as a profile too
put("profiles/binary.json", bytes(range(256)) * 64, R)

# JSON Lines: good lines, bad lines, blank lines, CRLF, a root array
lines = [
    json.dumps(dict(GOOD, id="jl-good-1")),
    '{"id": "jl-trunc", "work": [',
    "",
    "[1, 2, 3]",
    json.dumps(dict(GOOD, id="jl-good-2")) + "\r",
    '{"id": 7, "work": "nope"}',
    "\xff garbage",
    json.dumps(dict(GOOD, id="jl-good-3")),
    '{"id": "jl-dates", "work": [{"startDate": "2020-13", "endDate": "2019"}]}',
    "\x00",
]
put("pool.jsonl", "\n".join(lines).encode("utf-8", "surrogateescape")
    .replace(b"\xc3\xbf garbage", b"\xff garbage") + b"\n")

# the big ones
big = os.path.join(out, "big")
os.makedirs(big, exist_ok=True)
with open(os.path.join(big, "string-50mb.json"), "w") as f:
    f.write('{"basics": {"name": "Big"}, "work": [{"position": "x", '
            '"startDate": "2010", "summary": "')
    chunk = "advocacy for children's rights and project management "
    f.write(chunk * (BIG_STRING // len(chunk)))
    f.write('"}]}')
with open(os.path.join(big, "deep-100000.json"), "w") as f:
    f.write('{"basics": {"name": "Deep"}, "projects": ' + "[" * DEPTH + "]" * DEPTH + "}")
with open(os.path.join(big, "deep-objects.json"), "w") as f:
    f.write('{"work": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH + "}")
with open(os.path.join(big, "array-1m.json"), "w") as f:
    f.write('{"basics": {"name": "Many"}, "skills": [')
    f.write(",".join(['{"name": "Excel"}'] * ENTRIES))
    f.write("]}")
with open(os.path.join(big, "array-1m-unknown-field.json"), "w") as f:
    f.write('{"basics": {"name": "Unknown"}, "x-extra": [')
    f.write(",".join(["1"] * ENTRIES))
    f.write("]}")

# postings
put("postings/binary.txt", bytes(range(256)) * 16 + b"\x7fELF")
put("postings/empty.txt", "")
put("postings/blank.txt", "\n\n   \n\t\n")
put("postings/nul.txt", b"Profile\nMaster in law\x00 required\n")
put("postings/invalid-utf8.txt", b"Profile\nMaster \xff\xfe in law required\n")
POSTING = ("Project coordinator\n\nProfile\n"
           "- Master's degree in law or social sciences (required)\n"
           "- At least 3 years of experience in project management\n"
           "- Fluent English; French is an asset\n")
put("postings/plain.txt", POSTING)
put("postings/crlf.txt", POSTING.replace("\n", "\r\n"))
put("postings/bom.txt", b"\xef\xbb\xbf" + POSTING.encode())
put("postings/cr-only.txt", POSTING.replace("\n", "\r"))
put("postings/long-line.txt", "Profile\n" + "experience " * 200000 + "\n")
put("postings/truncated.json", '{"@type": "JobPosting", "title": "x", "descr')
put("postings/root-array.json", "[]")
put("postings/not-jobposting.json", '{"@type": "Person", "name": "x"}')
put("postings/jobposting-wrong-types.json",
    '{"@context": "https://schema.org", "@type": "JobPosting", "title": 5, '
    '"description": ["x"], "educationRequirements": 3, '
    '"experienceRequirements": {"monthsOfExperience": "many"}}')

# a JobPosting with 100 000 skills and a 5 MB description (each rule of the
# description is checked against what the structured rules ask)
desc = ("<p>" + POSTING.replace("\n", "<br>") * ((ENTRIES // 10 * 50) // len(POSTING))
        + "</p>")
put("postings/jobposting-huge.json",
    json.dumps({"@context": "https://schema.org", "@type": "JobPosting", "title": "Huge",
                "skills": ["Skill number %d" % i for i in range(ENTRIES // 10)],
                "description": desc}))

with open(os.path.join(out, "MANIFEST"), "w") as f:
    for name, kind in sorted(manifest):
        f.write(f"{name}\t{kind}\n")
