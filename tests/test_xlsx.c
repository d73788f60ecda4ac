/* Tests for reports/xlsx.c: the shortlist workbook, from a hand-built
 * report (three candidates, four rules), read back by an independent
 * reader (tests/xlsx_check.py, openpyxl) when python3 has it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "report.h"

#define FORMULA_NAME "=HYPERLINK(\"http://x\",\"click\")"

static char out_dir[4096] = ".";

typedef struct {
    rq_ruleset *rs;
    rq_profile profiles[3];
    rq_evaluation evals[3];
    rq_result results[3][4];
    char *evidence[1];
    rq_rejected rejected[1];
    rq_report report;
} fixture;

static void add_rule(rq_ruleset *rs, const char *id, rq_category cat,
                     bool required, double weight, int line, const char *text)
{
    rq_rule *r = rq_ruleset_add(rs);
    assert_non_null(r);
    r->id = rq_strdup(id);
    r->category = cat;
    r->required = required;
    r->weight = weight;
    r->source_line = line;
    r->source_text = rq_strdup(text);
}

static void set_result(rq_result *res, rq_status s, double sat,
                       const char *shows, const char *gap)
{
    memset(res, 0, sizeof *res);
    res->status = s;
    res->satisfaction = sat;
    res->shows = (char *)shows;
    res->gap = (char *)gap;
}

/* alice: eligible, 92.5; carol: eligible, 70 (language unknown);
 * bob (formula-looking name): knocked out by R2, 40. */
static void fixture_build(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->rs = rq_ruleset_new();
    assert_non_null(f->rs);
    f->rs->title = rq_strdup("Youth worker <Brussels>");
    f->rs->organization = rq_strdup("Fictional Org");
    memcpy(f->rs->language, "en", 3);
    add_rule(f->rs, "R1", RQ_CAT_DEGREE, true, 2, 4, "A bachelor in law.");
    f->rs->rules[0].min_eqf = 6;
    rq_strlist_add(&f->rs->rules[0].fields, "law");
    add_rule(f->rs, "R2", RQ_CAT_EXPERIENCE, true, 3, 5,
             "Three years with young people.");
    f->rs->rules[1].has_min_years = true;
    f->rs->rules[1].min_years = 3;
    rq_strlist_add(&f->rs->rules[1].domains, "youth work");
    add_rule(f->rs, "R3", RQ_CAT_LANGUAGE, false, 1, 6, "French or English, C1.");
    rq_strlist_add(&f->rs->rules[2].languages, "fr");
    rq_strlist_add(&f->rs->rules[2].languages, "en");
    f->rs->rules[2].min_level = 5;
    add_rule(f->rs, "R4", RQ_CAT_KNOWLEDGE, false, 1, 7,
             "Data protection and accounting.");
    rq_strlist_add(&f->rs->rules[3].concepts, "data protection");
    rq_strlist_add(&f->rs->rules[3].concepts, "accounting");

    static const char *ids[3] = {"alice", "carol", "bob"};
    static const char *names[3] = {"Alice Martin", NULL, FORMULA_NAME};
    static const double scores[3] = {92.5, 70, 40};
    static const bool eligible[3] = {true, true, false};
    f->evidence[0] = "work[0].highlights[1]";
    for (int k = 0; k < 3; k++) {
        f->profiles[k].id = (char *)ids[k];
        f->profiles[k].name = (char *)names[k];
        f->profiles[k].source = (char *)ids[k];
        rq_evaluation *e = &f->evals[k];
        e->profile = &f->profiles[k];
        e->score = scores[k];
        e->eligible = eligible[k];
        e->rank = k + 1;
        e->results = f->results[k];
        e->nresults = 4;
        for (int c = 0; c < RQ_CAT_COUNT; c++)
            e->category_score[c] = c == RQ_CAT_OTHER ? -1 : scores[k];
        rq_result *r = f->results[k];
        set_result(&r[0], RQ_MET, 1, "EQF 7", NULL);
        r[0].eqf = 7;
        set_result(&r[1], RQ_MET, 1, "4.5 years", NULL);
        r[1].years = 4.5;
        set_result(&r[2], RQ_MET, 1, "C2", NULL);
        r[2].level = 6;
        set_result(&r[3], RQ_PARTIAL, 0.5, "data protection",
                   "accounting is not shown");
        r[3].evidence = f->evidence;
        r[3].nevidence = 1;
    }
    set_result(&f->results[1][2], RQ_UNKNOWN, 0, "fluency \"so-so\"",
               "the level of French is not clear");
    set_result(&f->results[2][1], RQ_UNMET, 0, "1.0 years",
               "2.0 years short of 3 years");
    f->results[2][1].years = 1.0;
    f->rejected[0].source = "pool.jsonl:17";
    f->rejected[0].error = "pool.jsonl:17: not valid JSON";

    rq_report *rep = &f->report;
    rep->rules = f->rs;
    rep->kb = NULL;
    rep->posting_path = "samples/postings/youth.txt";
    rep->as_of = rq_month(2026, 1);
    rep->as_of_text = "2026-01-01";
    rep->evals = f->evals;
    rep->nevals = 3;
    rep->ncandidates = 3;
    rep->rejected = f->rejected;
    rep->nrejected = 1;
}

static void fixture_free(fixture *f)
{
    rq_ruleset_free(f->rs);
}

static char *out_path(const char *name)
{
    return rq_sprintf("%s/%s", out_dir, name);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    if (rq_read_file(path, &data, len) != 0)
        return NULL;
    return (unsigned char *)data;
}

static void workbook_should_be_a_zip_file(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    char *path = out_path("test_out.xlsx");
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_report_rank_xlsx(&f.report, path, &d), 0);
    assert_int_equal(d.count, 0);
    size_t len = 0;
    unsigned char *data = slurp(path, &len);
    assert_non_null(data);
    assert_true(len > 1000);
    assert_memory_equal(data, "PK\x03\x04", 4);
    free(data);
    free(path);
    rq_diags_clear(&d);
    fixture_free(&f);
}

static void workbook_should_be_byte_identical_for_the_same_inputs(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    char *p1 = out_path("test_same1.xlsx");
    char *p2 = out_path("test_same2.xlsx");
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_report_rank_xlsx(&f.report, p1, &d), 0);
    sleep(1); /* a clock-based timestamp would now differ */
    assert_int_equal(rq_report_rank_xlsx(&f.report, p2, &d), 0);
    size_t n1 = 0, n2 = 0;
    unsigned char *a = slurp(p1, &n1), *b = slurp(p2, &n2);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
    unlink(p1);
    unlink(p2);
    free(p1);
    free(p2);
    rq_diags_clear(&d);
    fixture_free(&f);
}

static void workbook_should_report_an_unwritable_path(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    rq_diags d = RQ_DIAGS_INIT;
    const char *path = "/nonexistent-dir/out.xlsx";
    assert_int_equal(rq_report_rank_xlsx(&f.report, path, &d), -1);
    assert_true(rq_diags_count(&d, RQ_SEV_ERROR) >= 1);
    assert_string_equal(d.items[0].file, path);
    rq_diags_clear(&d);
    fixture_free(&f);
}

static void workbook_should_be_written_for_an_empty_pool(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    f.report.nevals = 0;
    f.report.ncandidates = 0;
    char *path = out_path("test_empty.xlsx");
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_report_rank_xlsx(&f.report, path, &d), 0);
    unlink(path);
    free(path);
    rq_diags_clear(&d);
    fixture_free(&f);
}

static void workbook_should_handle_a_large_pool(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    enum { N = 5000 };
    rq_evaluation *many = calloc(N, sizeof *many);
    assert_non_null(many);
    for (size_t k = 0; k < N; k++) {
        many[k] = f.evals[k % 3];
        many[k].rank = (int)k + 1;
    }
    f.report.evals = many;
    f.report.nevals = N;
    f.report.ncandidates = N;
    char *path = out_path("test_large.xlsx");
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_report_rank_xlsx(&f.report, path, &d), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 50000);
    unlink(path);
    free(path);
    free(many);
    rq_diags_clear(&d);
    fixture_free(&f);
}

/* The independent reader: sheets, headers, values, panes, filters,
 * conditional formats, charts, and the formula-looking name kept as text. */
static void workbook_should_read_back_with_openpyxl(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    char *path = out_path("test_readback.xlsx");
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_report_rank_xlsx(&f.report, path, &d), 0);
    char *cmd = rq_sprintf(
        "for p in python3 /usr/bin/python3; do "
        "$p -c 'import openpyxl' 2>/dev/null && "
        "exec $p '%s/tests/xlsx_check.py' --fixture '%s'; done; exit 77",
        RQ_SOURCE_DIR, path);
    int rc = system(cmd);
    free(cmd);
    rq_diags_clear(&d);
    fixture_free(&f);
    if (WIFEXITED(rc) && WEXITSTATUS(rc) == 77) {
        free(path);
        skip();
    }
    assert_true(WIFEXITED(rc));
    assert_int_equal(WEXITSTATUS(rc), 0);
    unlink(path);
    free(path);
}

int main(int argc, char **argv)
{
    (void)argc;
    /* Workbooks go next to the test executable (the build directory). */
    const char *slash = strrchr(argv[0], '/');
    if (slash && (size_t)(slash - argv[0]) < sizeof out_dir) {
        memcpy(out_dir, argv[0], (size_t)(slash - argv[0]));
        out_dir[slash - argv[0]] = '\0';
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(workbook_should_be_a_zip_file),
        cmocka_unit_test(workbook_should_be_byte_identical_for_the_same_inputs),
        cmocka_unit_test(workbook_should_report_an_unwritable_path),
        cmocka_unit_test(workbook_should_be_written_for_an_empty_pool),
        cmocka_unit_test(workbook_should_handle_a_large_pool),
        cmocka_unit_test(workbook_should_read_back_with_openpyxl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
