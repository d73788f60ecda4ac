#!/usr/bin/env python3
"""Read a reqmatch shortlist workbook back with openpyxl, an independent
reader, and check what the writer promises.

    xlsx_check.py WORKBOOK                  structure and consistency
    xlsx_check.py --fixture WORKBOOK        + the exact values written by
                                              tests/test_xlsx.c
    xlsx_check.py --formula-name WORKBOOK   + some name starts with '=' and
                                              is a string cell
    xlsx_check.py --csv=FILE WORKBOOK       + the Ranking sheet has the CSV's
                                              columns, headers and values

Exit 0 when every check passes; otherwise prints the failures, exit 1.
"""
import re
import sys
import warnings
import zipfile

import openpyxl

STATUSES = {"met", "partial", "unmet", "unknown"}
GAPS_HEADER = ["Rank", "Candidate", "Rule", "Status", "Required",
               "What the rule asks", "What the profile shows", "Short by",
               "Details", "Evidence"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def header_map(ws):
    return {c.value: c.column for c in ws[1] if c.value is not None}


def cf_rules(ws):
    """(sqref string, rule) for every conditional format of ws."""
    out = []
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            out.append((str(cf.sqref), rule))
    return out


def check_structure(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["Ranking", "Gaps", "Rules", "Summary"],
          f"sheet names: {wb.sheetnames}")
    rk = wb["Ranking"]
    heads = [c.value for c in rk[1]]
    check(heads[:5] == ["Rank", "Candidate", "Name", "Eligible", "Score"],
          f"Ranking header: {heads[:5]}")
    check(rk.freeze_panes == "D2", f"Ranking freeze panes: {rk.freeze_panes}")
    last_col = openpyxl.utils.get_column_letter(rk.max_column)
    check(rk.auto_filter.ref == f"A1:{last_col}{rk.max_row}",
          f"Ranking autofilter: {rk.auto_filter.ref}")

    # Per-rule status columns are those followed by a value column.
    status_cols = [i + 1 for i, h in enumerate(heads)
                   if i + 1 < len(heads) and h and heads[i + 1]
                   and re.match(r"^(.*) (EQF|years|level|share)$",
                                heads[i + 1])
                   and heads[i + 1].startswith(h.split(" (required)")[0])]
    rules_ws = wb["Rules"]
    nrules = rules_ws.max_row - 1
    check(len(status_cols) == nrules,
          f"{len(status_cols)} status columns for {nrules} rules")

    rows = list(rk.iter_rows(min_row=2, values_only=True))
    prev = None
    for n, row in enumerate(rows, start=2):
        check(row[0] == n - 1, f"Ranking A{n}: rank {row[0]}")
        check(isinstance(row[1], str) and row[1], f"Ranking B{n}: id")
        check(row[3] in ("yes", "no"), f"Ranking D{n}: eligible {row[3]}")
        check(isinstance(row[4], (int, float)) and 0 <= row[4] <= 100,
              f"Ranking E{n}: score {row[4]}")
        for c in status_cols:
            check(row[c - 1] in STATUSES, f"Ranking row {n} col {c}: "
                  f"status {row[c - 1]!r}")
        key = (row[3] == "yes", row[4])
        if prev is not None:
            check(prev[0] > key[0] or (prev[0] == key[0] and
                                       prev[1] >= key[1]),
                  f"Ranking row {n}: order (eligible, score) {prev} -> {key}")
        prev = key
    check(rk["E2"].number_format == "0.0" or not rows,
          f"score number format: {rk['E2'].number_format}")

    if rows:
        kinds = {}
        for sqref, rule in cf_rules(rk):
            kinds.setdefault(rule.type, []).append((sqref, rule))
        check(any(s == f"E2:E{rk.max_row}" for s, _ in kinds.get("dataBar", [])),
              f"data bar on the score column: {kinds.get('dataBar')}")
        ko = kinds.get("expression", [])
        check(any(s == f"A2:D{rk.max_row}" and r.formula == ['$D2="no"']
                  for s, r in ko),
              f"knocked-out format on rank..eligible only: {ko}")
        check(any(s == f"F2:{openpyxl.utils.get_column_letter(status_cols[0] - 1)}"
                  f"{rk.max_row}" for s, _ in kinds.get("colorScale", []))
              or not status_cols or status_cols[0] == 6,
              f"colour scale on the category scores: {kinds.get('colorScale')}")
        if status_cols:
            cells = kinds.get("cellIs", [])
            wanted = {'"met"', '"partial"', '"unmet"', '"unknown"'}
            seen = {r.formula[0] for _, r in cells if r.formula}
            check(wanted <= seen, f"status formats: {seen}")
            letter = openpyxl.utils.get_column_letter(status_cols[0])
            check(all(f"{letter}2:{letter}{rk.max_row}" in s.split()
                      for s, _ in cells),
                  f"status formats cover {letter}: {[s for s, _ in cells]}")

    # Printing: landscape, header row on every page; Ranking repeats who
    # the candidate is, the other sheets fit one page wide.
    for ws in wb:
        check(ws.page_setup.orientation == "landscape",
              f"{ws.title}: orientation {ws.page_setup.orientation}")
        fit = ws.sheet_properties.pageSetUpPr
        if ws.title == "Ranking":
            check(ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$C",
                  f"Ranking print titles {ws.print_title_rows} "
                  f"{ws.print_title_cols}")
        else:
            check(fit is not None and fit.fitToPage and
                  ws.page_setup.fitToHeight == 0,
                  f"{ws.title}: not fitted to one page wide")
        if ws.title in ("Gaps", "Rules"):
            check(ws.print_title_rows == "$1:$1",
                  f"{ws.title} print titles {ws.print_title_rows}")

    gaps = wb["Gaps"]
    gh = [c.value for c in gaps[1]]
    check(gh == GAPS_HEADER, f"Gaps header: {gh}")
    check(gaps.freeze_panes == "C2", f"Gaps freeze panes: {gaps.freeze_panes}")
    g = {h: i for i, h in enumerate(gh)}
    ranked = {r[1]: r[0] for r in rows}
    for n, row in enumerate(gaps.iter_rows(min_row=2, values_only=True), 2):
        if len(row) < len(GAPS_HEADER):
            check(False, f"Gaps row {n}: {row}")
            continue
        check(row[g["Status"]] in ("partial", "unmet", "unknown"),
              f"Gaps status {row[g['Status']]!r}")
        check(row[g["Required"]] in ("yes", "no"),
              f"Gaps required {row[g['Required']]!r}")
        check(ranked.get(row[g["Candidate"]]) == row[g["Rank"]],
              f"Gaps row {n}: rank {row[g['Rank']]} of {row[g['Candidate']]}")
        for col in ("What the rule asks", "What the profile shows", "Short by"):
            check(isinstance(row[g[col]], str) and row[g[col]],
                  f"Gaps row {n}: empty {col!r}")
        # a text wrapped over several lines gets a row tall enough for it
        width = gaps.column_dimensions[
            openpyxl.utils.get_column_letter(g["Details"] + 1)].width
        details = row[g["Details"]] or ""
        if len(details) > 2.5 * width:
            h = gaps.row_dimensions[n].height
            check(h is not None and h >= 30,
                  f"Gaps row {n}: height {h} for {len(details)} characters")

    rh = [c.value for c in rules_ws[1]]
    check(rh == ["Rule", "Category", "Required", "Weight", "Parameters",
                 "Line", "Posting sentence"], f"Rules header: {rh}")
    for row in rules_ws.iter_rows(min_row=2, values_only=True):
        check(row[1] in ("degree", "experience", "language", "knowledge",
                         "other"), f"Rules category {row[1]!r}")
        check(isinstance(row[3], (int, float)) and row[3] > 0,
              f"Rules weight {row[3]!r}")

    sm = wb["Summary"]
    labels = {r[0]: r[1] for r in sm.iter_rows(values_only=True) if r[0]}
    for key in ("Posting", "As of", "Candidates evaluated",
                "Candidates listed", "Eligible (listed)", "Rejected inputs"):
        check(key in labels, f"Summary: no {key!r}")
    check(labels.get("Candidates listed") == len(rows),
          f"Summary candidates listed {labels.get('Candidates listed')}"
          f" != {len(rows)}")
    eligible = sum(1 for r in rows if r[3] == "yes")
    check(labels.get("Eligible (listed)") == eligible,
          f"Summary eligible {labels.get('Eligible (listed)')} != {eligible}")
    buckets = [r for r in sm.iter_rows(values_only=True)
               if isinstance(r[0], str) and re.match(r"^\d+-\d+$", r[0])]
    check(len(buckets) == 10, f"{len(buckets)} score buckets")
    check(sum(r[1] for r in buckets) == len(rows), "buckets add up")

    # Charts: openpyxl does not load them, so follow the package's parts.
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        check("xl/charts/chart1.xml" in names, "no chart1")
        check("xl/charts/chart2.xml" in names or nrules == 0, "no chart2")
        rels = z.read("xl/worksheets/_rels/sheet4.xml.rels").decode()
        m = re.search(r'Target="\.\./drawings/(drawing\d+\.xml)"', rels)
        if check(m, "Summary has no drawing"):
            drels = z.read(f"xl/drawings/_rels/{m.group(1)}.rels").decode()
            check("../charts/chart1.xml" in drels,
                  "Summary drawing does not reference chart1")
        core = z.read("docProps/core.xml").decode()
        check("<dc:title>" in core, "no document title")
    return wb


def check_fixture(wb, path):
    rk = wb["Ranking"]
    check([rk.cell(r, 2).value for r in (2, 3, 4)] == ["alice", "carol", "bob"],
          "fixture ids")
    check(rk["E2"].value == 92.5 and rk["E4"].value == 40, "fixture scores")
    check(rk["D4"].value == "no", "bob knocked out")
    check(rk["C3"].value is None, "carol has no name")
    check(rk["C4"].data_type == "s" and
          rk["C4"].value == '=HYPERLINK("http://x","click")',
          f"formula name kept as text: {rk['C4'].value!r} "
          f"({rk['C4'].data_type})")
    h = header_map(rk)
    check("R1 (required)" in h and "R3" in h, f"rule headers: {list(h)}")
    r2 = h.get("R2 (required)")
    if r2:
        check(rk.cell(4, r2).value == "unmet", "bob R2 unmet")
        check(rk.cell(4, r2 + 1).value == 1.0, "bob R2 years")
        check(rk.cell(2, r2 + 1).number_format == "0.0", "years format")
    r3 = h.get("R3")
    if r3:
        check(rk.cell(3, r3).value == "unknown", "carol R3 unknown")
        check(rk.cell(2, r3 + 1).value == "C2", "alice R3 level")
    check(h.get("degree score") == 6 and "other score" not in h,
          "category columns only for categories in use")

    gaps = list(wb["Gaps"].iter_rows(min_row=2, values_only=True))
    check(len(gaps) == 5, f"{len(gaps)} gap rows (want 5)")
    g = {h: i for i, h in enumerate(GAPS_HEADER)}
    bob = [r for r in gaps if r[g["Candidate"]] == "bob" and r[g["Rule"]] == "R2"]
    if check(len(bob) == 1, "bob R2 gap row"):
        r = bob[0]
        check(r[g["Rank"]] == 3, "bob's rank in Gaps")
        check(r[g["Status"]] == "unmet" and r[g["Required"]] == "yes",
              "bob R2 status/required")
        check(r[g["What the rule asks"]] ==
              "at least 3 years of experience in youth work",
              f"bob R2 asks {r[g['What the rule asks']]!r}")
        check(r[g["What the profile shows"]] == "1.0 years",
              f"bob R2 shows {r[g['What the profile shows']]!r}")
        check(r[g["Short by"]] == "2.0 years",
              f"bob R2 short by {r[g['Short by']]!r}")
        check(r[g["Details"]] == "2.0 years short of 3 years",
              f"bob R2 details {r[g['Details']]!r}")
    carol = [r for r in gaps if r[g["Candidate"]] == "carol" and r[g["Rule"]] == "R3"]
    if check(len(carol) == 1, "carol R3 gap row"):
        check(carol[0][g["Short by"]] == "fluency not recognised: check by hand",
              f"carol R3 short by {carol[0][g['Short by']]!r}")
    ev = [r for r in gaps if r[g["Rule"]] == "R4"]
    check(all(r[g["Evidence"]] == "work[0].highlights[1]" for r in ev),
          "evidence")

    rules = list(wb["Rules"].iter_rows(min_row=2, values_only=True))
    check(rules[0][:4] == ("R1", "degree", "yes", 2), f"Rules R1 {rules[0]}")
    check(rules[0][4] == "EQF >= 6; fields (any): law", f"params {rules[0][4]}")
    check(rules[2][4] == "languages (any): fr, en; level >= C1",
          f"params {rules[2][4]}")
    check(rules[3][4] == "concepts (all): data protection, accounting",
          f"params {rules[3][4]}")
    check(rules[0][5] == 4 and rules[0][6] == "A bachelor in law.",
          "Rules source")

    sm = wb["Summary"]
    cells = list(sm.iter_rows(values_only=True))
    labels = {r[0]: r[1] for r in cells if r[0]}
    check(labels.get("Title") == "Youth worker <Brussels>", "Summary title")
    check(labels.get("As of") == "2026-01-01", "Summary as-of")
    check(labels.get("pool.jsonl:17") == "pool.jsonl:17: not valid JSON",
          "rejected input listed")
    r2 = [r for r in cells if r[0] == "R2"]
    check(r2 and r2[0][2] == 2 and abs(r2[0][3] - 2 / 3) < 1e-9,
          f"R2 pass rate {r2}")
    b = {r[0]: r[1] for r in cells if isinstance(r[0], str)
         and re.match(r"^\d+-\d+$", r[0])}
    check(b.get("90-100") == 1 and b.get("70-80") == 1 and
          b.get("40-50") == 1, f"buckets {b}")
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode()
        check("2026-01-01T" in core, "creation date from --as-of")
        check("Shortlist: Youth worker &lt;Brussels&gt;" in core, "title")


def check_formula_name(wb):
    rk = wb["Ranking"]
    names = [c for c in rk["C"][1:] if c.value is not None]
    hits = [c for c in names if str(c.value).startswith("=")]
    if check(hits, "no formula-looking name found"):
        check(all(c.data_type == "s" for c in hits),
              "formula-looking name not a string cell")


def check_csv(wb, csv_path):
    """The Ranking sheet and the CSV: the same columns, headers and values
    (the CSV's leading apostrophe on formula-looking text aside)."""
    import csv
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    sheet = [list(r) for r in wb["Ranking"].iter_rows(values_only=True)]
    check(rows[0] == sheet[0], f"CSV header {rows[0]} != sheet {sheet[0]}")
    check(len(rows) == len(sheet), f"CSV {len(rows)} rows, sheet {len(sheet)}")
    for n, (c, x) in enumerate(zip(rows[1:], sheet[1:]), 2):
        check(len(c) == len(x), f"row {n}: {len(c)} CSV cells, {len(x)} in the sheet")
        for k, (cv, xv) in enumerate(zip(c, x)):
            if xv is None:
                ok = cv == ""
            elif isinstance(xv, (int, float)) and not isinstance(xv, bool):
                ok = cv != "" and float(cv) == float(xv)
            else:
                ok = cv == xv or (cv == "'" + xv and xv[:1] in "=+-@\t\r")
            check(ok, f"row {n} column {sheet[0][k]!r}: CSV {cv!r}, sheet {xv!r}")


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    wb = check_structure(args[0])
    if "--fixture" in argv:
        check_fixture(wb, args[0])
    if "--formula-name" in argv:
        check_formula_name(wb)
    for a in argv[1:]:
        if a.startswith("--csv="):
            check_csv(wb, a[len("--csv="):])
    for f in failures:
        print(f"xlsx_check: {args[0]}: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
