/* Tests for reports/common.c, json.c, csv.c, text.c and md.c: the
 * pseudonyms and the text, JSON, CSV and Markdown writers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"

typedef struct {
    rq_ruleset *rs;
    rq_profile profiles[2];
    rq_evaluation evals[2];
    rq_result results[2][3];
    char *evidence[1];
    rq_report report;
} fixture;

static void add_rule(rq_ruleset *rs, const char *id, rq_category cat, bool required,
                     double weight)
{
    rq_rule *r = rq_ruleset_add(rs);
    assert_non_null(r);
    r->id = rq_strdup(id);
    r->category = cat;
    r->required = required;
    r->weight = weight;
    r->source_line = 2;
    r->source_text = rq_strdup("A sentence.");
}

/* Two candidates: "ann" (eligible, 83.333...) and "=cmd|x" (a name that
 * tries formula and Markdown injection, not eligible). */
static void fixture_build(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->rs = rq_ruleset_new();
    assert_non_null(f->rs);
    f->rs->title = rq_strdup("Coordinator");
    memcpy(f->rs->language, "en", 3);
    add_rule(f->rs, "exp-1", RQ_CAT_EXPERIENCE, true, 3);
    f->rs->rules[0].has_min_years = true;
    f->rs->rules[0].min_years = 3;
    add_rule(f->rs, "lang-1", RQ_CAT_LANGUAGE, false, 1);
    rq_strlist_add(&f->rs->rules[1].languages, "en");
    f->rs->rules[1].min_level = 4;
    add_rule(f->rs, "know-1", RQ_CAT_KNOWLEDGE, false, 2);
    rq_strlist_add(&f->rs->rules[2].concepts, "budgeting");

    f->profiles[0] = (rq_profile){.id = "ann", .name = "Ann Example", .source = "p/ann.json"};
    f->profiles[1] = (rq_profile){.id = "=cmd|x", .name = "=SUM(A1:A2)|\"Bo\"\nB",
                                  .source = "p/x.json"};
    f->evidence[0] = "work[0]";
    for (int k = 0; k < 2; k++) {
        rq_result *r = f->results[k];
        r[0] = (rq_result){.status = k ? RQ_UNMET : RQ_MET, .satisfaction = k ? 0 : 1,
                           .years = k ? 1.04 : 4.26, .gap = k ? "2 years short" : NULL};
        if (!k) {
            r[0].evidence = f->evidence;
            r[0].nevidence = 1;
        }
        r[1] = (rq_result){.status = k ? RQ_UNKNOWN : RQ_MET, .satisfaction = k ? 0 : 1,
                           .level = k ? 0 : 7, .gap = k ? "level unknown" : NULL};
        r[2] = (rq_result){.status = RQ_PARTIAL, .satisfaction = 1.0 / 3.0,
                           .gap = "some concepts missing"};
        rq_evaluation *e = &f->evals[k];
        e->profile = &f->profiles[k];
        e->score = k ? 11.111111 : 83.333333;
        e->eligible = !k;
        e->rank = k + 1;
        e->results = r;
        e->nresults = 3;
        for (int c = 0; c < RQ_CAT_COUNT; c++)
            e->category_score[c] = -1;
        e->category_score[RQ_CAT_EXPERIENCE] = k ? 0 : 100;
        e->category_score[RQ_CAT_LANGUAGE] = k ? 0 : 100;
        e->category_score[RQ_CAT_KNOWLEDGE] = 100.0 / 3.0;
    }
    f->report.rules = f->rs;
    f->report.posting_path = "job.rules";
    f->report.as_of_text = "2025-06-30";
    f->report.evals = f->evals;
    f->report.nevals = 2;
    f->report.ncandidates = 2;
}

typedef int (*writer)(const rq_report *, rq_buf *);

static char *render(fixture *f, writer w)
{
    rq_buf out = RQ_BUF_INIT;
    assert_int_equal(w(&f->report, &out), 0);
    char *s = rq_buf_take(&out);
    assert_non_null(s);
    return s;
}

static void pseudonym_should_be_cand_and_fnv1a_of_the_id(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(rq_pseudonym("alice", buf, sizeof buf), "cand-872213e7");
    assert_string_equal(rq_pseudonym("", buf, sizeof buf), "cand-811c9dc5");
}

static void csv_field_should_quote_only_when_needed_and_double_quotes(void **state)
{
    (void)state;
    rq_buf b = RQ_BUF_INIT;
    rq_csv_field(&b, "plain");
    rq_buf_putc(&b, '|');
    rq_csv_field(&b, "a,b");
    rq_buf_putc(&b, '|');
    rq_csv_field(&b, "say \"hi\"");
    rq_buf_putc(&b, '|');
    rq_csv_field(&b, "two\nlines");
    rq_buf_putc(&b, '|');
    rq_csv_field(&b, NULL);
    assert_string_equal(b.data, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|");
    rq_buf_free(&b);
}

static void csv_field_should_neutralise_cells_a_spreadsheet_would_run(void **state)
{
    (void)state;
    const char *in[] = {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"};
    const char *out[] = {"'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "\"'\rx\""};
    for (size_t i = 0; i < 6; i++) {
        rq_buf b = RQ_BUF_INIT;
        rq_csv_field(&b, in[i]);
        assert_string_equal(b.data, out[i]);
        rq_buf_free(&b);
    }
}

static void csv_rank_should_use_crlf_and_keep_our_numbers_unquoted(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    char *s = render(&f, rq_report_rank_csv);
    const char *head = "rank,id,name,eligible,score,degree,experience,language,knowledge,other,"
                       "exp-1 status,exp-1 value,lang-1 status,lang-1 value,"
                       "know-1 status,know-1 value\r\n";
    assert_true(strncmp(s, head, strlen(head)) == 0);
    assert_non_null(strstr(s, "\r\n1,ann,Ann Example,yes,83.33,,100,100,33.33,,"
                              "met,4.3,met,native,partial,0.33\r\n"));
    assert_non_null(strstr(s, "\r\n2,'=cmd|x,\"'=SUM(A1:A2)|\"\"Bo\"\"\nB\",no,11.11,"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void json_print_should_indent_by_two_spaces_without_tabs(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    char *s = render(&f, rq_report_rank_json);
    assert_null(strchr(s, '\t'));
    assert_true(strncmp(s, "{\n  \"posting\": {\n    \"title\": \"Coordinator\"", 40) == 0);
    assert_non_null(strstr(s, "\"score\": 83.33,"));
    assert_non_null(strstr(s, "\"satisfaction\": 0.33,"));
    assert_non_null(strstr(s, "\"years\": 4.3"));
    assert_non_null(strstr(s, "\"level\": \"native\""));
    assert_non_null(strstr(s, "\"level\": null"));
    assert_non_null(strstr(s, "\"evidence\": [\"work[0]\"]"));
    assert_non_null(strstr(s, "\"gap\": null"));
    assert_non_null(strstr(s, "\"rejected\": []\n}\n"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void anonymize_should_hide_names_ids_and_sources(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    f.report.anonymize = true;
    writer ws[] = {rq_report_rank_json, rq_report_rank_csv, rq_report_rank_text,
                   rq_report_rank_md};
    for (size_t i = 0; i < 4; i++) {
        char *s = render(&f, ws[i]);
        assert_null(strstr(s, "Ann"));
        assert_null(strstr(s, "ann.json"));
        assert_null(strstr(s, "SUM"));
        assert_non_null(strstr(s, "cand-"));
        free(s);
    }
    char *s = render(&f, rq_report_rank_json);
    assert_non_null(strstr(s, "\"name\": null"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void md_should_escape_pipes_and_line_breaks_in_cells(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    char *s = render(&f, rq_report_rank_md);
    assert_non_null(strstr(s, "| 2 | =cmd\\|x | =SUM(A1:A2)\\|\"Bo\" B | no | 11.1 | U! | ? | P |\n"));
    assert_non_null(strstr(s, "| 1 | ann | Ann Example | yes | 83.3 | M | M | P |\n"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void text_should_mark_knockouts_and_use_colour_only_when_asked(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    char *s = render(&f, rq_report_rank_text);
    assert_null(strchr(s, '\033'));
    assert_non_null(strstr(s, "U!"));
    assert_non_null(strstr(s, "2 candidates evaluated, 2 shown, 1 eligible"));
    free(s);
    f.report.color = true;
    s = render(&f, rq_report_rank_text);
    assert_non_null(strchr(s, '\033'));
    free(s);
    rq_ruleset_free(f.rs);
}

static void gap_text_should_list_rules_and_what_to_work_on_first(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    f.report.evals = &f.evals[1];
    f.report.nevals = 1;
    char *s = render(&f, rq_report_gap_text);
    assert_non_null(strstr(s, "Eligible: no - required rules not met: exp-1"));
    assert_non_null(strstr(s, "gap:      2 years short"));
    assert_non_null(strstr(s, "What to work on first\n  1. exp-1"));
    free(s);
    rq_ruleset_free(f.rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pseudonym_should_be_cand_and_fnv1a_of_the_id),
        cmocka_unit_test(csv_field_should_quote_only_when_needed_and_double_quotes),
        cmocka_unit_test(csv_field_should_neutralise_cells_a_spreadsheet_would_run),
        cmocka_unit_test(csv_rank_should_use_crlf_and_keep_our_numbers_unquoted),
        cmocka_unit_test(json_print_should_indent_by_two_spaces_without_tabs),
        cmocka_unit_test(anonymize_should_hide_names_ids_and_sources),
        cmocka_unit_test(md_should_escape_pipes_and_line_breaks_in_cells),
        cmocka_unit_test(text_should_mark_knockouts_and_use_colour_only_when_asked),
        cmocka_unit_test(gap_text_should_list_rules_and_what_to_work_on_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
