# contract_check.py KIND FILE...: checks a reqmatch JSON output (KIND = compile,
# rank or gap) field by field against the outside contract: key names and
# order, types, enumerations, ranges, rule order in results, the ranking
# order and eligibility. Extra keys in a rule are allowed (the contract
# says what a rule "has always"); a result has exactly its keys.

import json, sys, re
def rule_ok(r):
    base = ["id","category","required","weight","source"]
    for k in base: assert k in r, (k, r)
    assert isinstance(r["id"], str)
    assert r["category"] in ("degree","experience","language","knowledge","other")
    assert isinstance(r["required"], bool)
    assert isinstance(r["weight"], (int,float)) and not isinstance(r["weight"], bool) and r["weight"] > 0
    s = r["source"]; assert isinstance(s, dict) and set(s) == {"line","text"}, s
    assert isinstance(s["line"], int) and not isinstance(s["line"], bool) and isinstance(s["text"], str)
    c = r["category"]
    extra = set(r) - set(base)
    if c == "degree":
        assert isinstance(r["min_eqf"], int) and 1 <= r["min_eqf"] <= 8
        assert isinstance(r["fields"], list) and all(isinstance(x,str) for x in r["fields"])
        return extra - {"min_eqf","fields"}
    if c == "experience":
        assert r["min_years"] is None or (isinstance(r["min_years"], (int,float)) and not isinstance(r["min_years"], bool))
        assert isinstance(r["domains"], list) and all(isinstance(x,str) for x in r["domains"])
        return extra - {"min_years","domains"}
    if c == "language":
        assert isinstance(r["languages"], list) and all(isinstance(x,str) and re.fullmatch("[a-z]{2}", x) for x in r["languages"]), r
        assert r["min_level"] in ("A1","A2","B1","B2","C1","C2"), r
        return extra - {"languages","min_level"}
    assert isinstance(r["concepts"], list) and all(isinstance(x,str) for x in r["concepts"])
    return extra - {"concepts"}
def posting_ok(p):
    assert set(p) == {"title","organization","language"}, p
    assert p["title"] is None or isinstance(p["title"], str)
    assert p["organization"] is None or isinstance(p["organization"], str)
    assert p["language"] in ("fr","en","nl")
def cand_ok(x, rules):
    assert list(x)[:7] == ["id","name","source","rank","score","eligible","results"], list(x)
    assert isinstance(x["id"], str) and (x["name"] is None or isinstance(x["name"], str)) and isinstance(x["source"], str)
    assert isinstance(x["rank"], int) and not isinstance(x["rank"], bool)
    assert isinstance(x["score"], (int,float)) and 0 <= x["score"] <= 100
    assert isinstance(x["eligible"], bool)
    assert [r["rule"] for r in x["results"]] == [r["id"] for r in rules]
    byid = {r["id"]: r for r in rules}
    for res in x["results"]:
        rule = byid[res["rule"]]
        assert res["status"] in ("met","partial","unmet","unknown")
        assert isinstance(res["satisfaction"], (int,float)) and 0 <= res["satisfaction"] <= 1
        assert isinstance(res["evidence"], list) and all(isinstance(e,str) for e in res["evidence"])
        assert res["gap"] is None or isinstance(res["gap"], str)
        base = {"rule","status","satisfaction","evidence","gap"}
        c = rule["category"]
        want = base | ({"years"} if c=="experience" else {"level"} if c=="language" else {"eqf"} if c=="degree" else set())
        assert set(res) == want, (set(res), want)
        if c == "experience": assert isinstance(res["years"], (int,float)) and not isinstance(res["years"], bool)
        if c == "language": assert res["level"] in (None,"A1","A2","B1","B2","C1","C2","native")
        if c == "degree": assert res["eqf"] is None or (isinstance(res["eqf"], int) and not isinstance(res["eqf"], bool))
    # eligibility
    req = [res for res in x["results"] if byid[res["rule"]]["required"]]
    assert x["eligible"] == all(r["status"] in ("met","unknown") for r in req), x["id"]
def check_file(kind, path):
    d = json.load(open(path, encoding="utf-8"))
    if kind == "compile":
        assert list(d) == ["posting","rules"], list(d)
        posting_ok(d["posting"]); ids=set()
        for r in d["rules"]:
            ex = rule_ok(r); assert r["id"] not in ids; ids.add(r["id"])
            assert ex <= {"match", "or_equivalent"}, ex
    elif kind == "rank":
        assert list(d) == ["posting","rules","as_of","candidates","rejected"], list(d)
        posting_ok(d["posting"]); [rule_ok(r) for r in d["rules"]]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", d["as_of"])
        for i, x in enumerate(d["candidates"]):
            cand_ok(x, d["rules"]); assert x["rank"] == i + 1
        key = [(not x["eligible"], -x["score"], x["id"]) for x in d["candidates"]]
        assert key == sorted(key)
        for r in d["rejected"]:
            assert set(r) == {"source","error"} and all(isinstance(v,str) for v in r.values())
    elif kind == "gap":
        assert list(d) == ["posting","rules","as_of","candidate","improvements"], list(d)
        posting_ok(d["posting"]); [rule_ok(r) for r in d["rules"]]
        cand_ok(d["candidate"], d["rules"])
        g = [i["score_gain"] for i in d["improvements"]]
        assert g == sorted(g, reverse=True)
        for i in d["improvements"]:
            assert set(i) == {"rule","score_gain"} and isinstance(i["rule"], str) and isinstance(i["score_gain"], (int,float))

kind = sys.argv[1]
for path in sys.argv[2:]:
    try:
        check_file(kind, path)
    except AssertionError as e:
        sys.exit(f"{path}: {kind}: {e!r}")
