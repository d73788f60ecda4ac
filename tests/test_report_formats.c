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
    const char *head = "Rank,Candidate,Name,Eligible,Score,experience score,"
                       "language score,knowledge score,exp-1 (required),exp-1 years,"
                       "lang-1,lang-1 level,know-1,know-1 share\r\n";
    assert_true(strncmp(s, head, strlen(head)) == 0);
    assert_non_null(strstr(s, "\r\n1,ann,Ann Example,yes,83.33,100,100,33.33,"
                              "met,4.3,met,native,partial,0.33\r\n"));
    assert_non_null(strstr(s, "\r\n2,'=cmd|x,\"'=SUM(A1:A2)|\"\"Bo\"\"\nB\",no,11.11,"));
    free(s);
    rq_ruleset_free(f.rs);
}

/* The Ranking sheet and the CSV share one column list: who, the score,
 * the categories the rules use (in category order), then status and
 * value per rule. */
static void rank_columns_should_list_used_categories_then_each_rule(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    rq_column *cols;
    size_t n;
    assert_int_equal(rq_rank_columns(f.rs, &cols, &n), 0);
    assert_int_equal(n, 5 + 3 + 2 * 3);
    const char *want[] = {"Rank", "Candidate", "Name", "Eligible", "Score",
                          "experience score", "language score", "knowledge score",
                          "exp-1 (required)", "exp-1 years", "lang-1", "lang-1 level",
                          "know-1", "know-1 share"};
    for (size_t i = 0; i < n; i++) {
        rq_buf h = RQ_BUF_INIT;
        assert_int_equal(rq_rank_column_header(f.rs, &cols[i], &h), 0);
        assert_string_equal(h.data, want[i]);
        rq_buf_free(&h);
    }
    assert_int_equal(cols[8].kind, RQ_COL_STATUS);
    assert_int_equal(cols[13].kind, RQ_COL_VALUE);
    assert_int_equal(cols[13].rule, 2);
    free(cols);
    rq_ruleset_free(f.rs);
}

static char *shortfall(const rq_rule *rule, rq_result res)
{
    rq_buf b = RQ_BUF_INIT;
    assert_int_equal(rq_report_shortfall(rule, &res, &b), 0);
    char *s = rq_buf_take(&b);
    return s ? s : rq_strdup("");
}

static void shortfall_should_be_in_the_rules_own_unit(void **state)
{
    (void)state;
    rq_rule exp = {.category = RQ_CAT_EXPERIENCE, .has_min_years = true, .min_years = 5};
    rq_rule lang = {.category = RQ_CAT_LANGUAGE, .min_level = 5};
    rq_rule deg = {.category = RQ_CAT_DEGREE, .min_eqf = 7};
    rq_rule know = {.category = RQ_CAT_KNOWLEDGE};
    struct {
        const rq_rule *rule;
        rq_result res;
        const char *want;
    } cases[] = {
        /* tenths as shown: 5 - 4.08 reads 0.9, as 4.1 is shown */
        {&exp, {.status = RQ_PARTIAL, .years = 4.08}, "0.9 years"},
        {&exp, {.status = RQ_UNMET}, "5.0 years"},
        {&(rq_rule){.category = RQ_CAT_EXPERIENCE}, {.status = RQ_UNMET},
         "no matching experience"},
        {&lang, {.status = RQ_PARTIAL, .level = 4}, "1 CEFR level (B2 \xe2\x86\x92 C1)"},
        {&lang, {.status = RQ_UNMET, .level = 2}, "3 CEFR levels (A2 \xe2\x86\x92 C1)"},
        {&lang, {.status = RQ_UNMET}, "language not listed"},
        {&lang, {.status = RQ_UNKNOWN}, "fluency not recognised: check by hand"},
        {&deg, {.status = RQ_PARTIAL, .eqf = 6}, "1 EQF level (EQF 6 \xe2\x86\x92 7)"},
        {&deg, {.status = RQ_UNMET}, "no degree"},
        {&deg, {.status = RQ_PARTIAL, .eqf = 7, .shows = "EQF 7"}, "field of study"},
        {&deg, {.status = RQ_PARTIAL, .eqf = 7, .shows = "EQF 7 (in progress)"},
         "degree not completed"},
        {&know, {.status = RQ_PARTIAL, .satisfaction = 0.5, .shows = "1 of 3"},
         "2 of 3 concepts"},
        {&know, {.status = RQ_PARTIAL, .satisfaction = 0.5}, "related evidence only"},
        {&know, {.status = RQ_UNMET}, "not shown in the profile"},
        {&know, {.status = RQ_MET, .satisfaction = 1}, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = shortfall(cases[i].rule, cases[i].res);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: '%s', want '%s'", i, got, cases[i].want);
        free(got);
    }
}

static void shows_should_never_be_empty(void **state)
{
    (void)state;
    rq_rule know = {.category = RQ_CAT_KNOWLEDGE};
    rq_rule exp = {.category = RQ_CAT_EXPERIENCE};
    struct {
        const rq_rule *rule;
        rq_result res;
        const char *want;
    } cases[] = {
        {&know, {.status = RQ_PARTIAL, .shows = "1 of 2"}, "1 of 2 concepts found"},
        {&exp, {.status = RQ_PARTIAL, .shows = "4.1 years"}, "4.1 years"},
        {&exp, {.status = RQ_UNMET}, "nothing found"},
        {&know, {.status = RQ_PARTIAL, .satisfaction = 0.5}, "related evidence only"},
        {&know, {.status = RQ_UNKNOWN}, "not recognised"},
        {&know, {.status = RQ_MET, .satisfaction = 1}, "found"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rq_buf b = RQ_BUF_INIT;
        assert_int_equal(rq_report_shows(cases[i].rule, &cases[i].res, &b), 0);
        assert_non_null(b.data);
        if (strcmp(b.data, cases[i].want) != 0)
            fail_msg("case %zu: '%s', want '%s'", i, b.data, cases[i].want);
        rq_buf_free(&b);
    }
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

/* Pasted into a ticket, a name must show as written: no link, no HTML,
 * no emphasis. */
static void md_should_escape_markup_from_the_inputs(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    f.profiles[0].name = "[click](http://x) <img src=x> *big* _u_ ~s~ &amp; #1 `c`";
    char *s = render(&f, rq_report_rank_md);
    assert_non_null(strstr(s, "| \\[click\\](http://x) \\<img src=x\\> \\*big\\* "
                              "\\_u\\_ \\~s\\~ \\&amp; \\#1 \\`c\\` |"));
    free(s);
    f.report.evals = &f.evals[0];
    f.report.nevals = 1;
    s = render(&f, rq_report_gap_md);
    assert_non_null(strstr(s, "(\\[click\\](http://x) \\<img"));
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
        assert_true(p > s && p[-1] == '\\'); /* every < escaped */
    free(s);
    rq_ruleset_free(f.rs);
}

/* The candidate's Markdown report follows the HTML page: overall fit with
 * what blocks, what to work on first (with the shortfall), what is
 * missing, what is met with the evidence. */
static void gap_md_should_give_fit_priorities_shortfalls_and_evidence(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f);
    f.report.evals = &f.evals[1];
    f.report.nevals = 1;
    f.results[1][0].years = 1.04;
    char *s = render(&f, rq_report_gap_md);
    const char *fit = strstr(s, "## Overall fit\n\n**11.1 / 100.** Not eligible yet: "
                                "1 required rule is not met:\n\n- ");
    assert_non_null(fit);
    const char *todo = strstr(s, "## What to work on first\n\n1. **");
    const char *missing = strstr(s, "## What is missing");
    const char *met = strstr(s, "## What is already met");
    assert_true(fit && todo && missing && met && fit < todo && todo < missing &&
                missing < met);
    assert_non_null(strstr(todo, "needed to be eligible. Missing: 2.0 years\n"));
    assert_non_null(strstr(missing, "- Status: not met, required\n"));
    assert_non_null(strstr(missing, "- Short by: 2.0 years\n- Details: 2 years short\n"));
    assert_non_null(strstr(s, "1 could not be read from the profile"));
    free(s);
    f.report.evals = &f.evals[0];
    s = render(&f, rq_report_gap_md);
    assert_non_null(strstr(s, "**83.3 / 100.** Eligible: every required rule is met."));
    assert_non_null(strstr(s, "- Found in: `work[0]`\n"));
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
        cmocka_unit_test(rank_columns_should_list_used_categories_then_each_rule),
        cmocka_unit_test(shortfall_should_be_in_the_rules_own_unit),
        cmocka_unit_test(shows_should_never_be_empty),
        cmocka_unit_test(json_print_should_indent_by_two_spaces_without_tabs),
        cmocka_unit_test(anonymize_should_hide_names_ids_and_sources),
        cmocka_unit_test(md_should_escape_pipes_and_line_breaks_in_cells),
        cmocka_unit_test(md_should_escape_markup_from_the_inputs),
        cmocka_unit_test(gap_md_should_give_fit_priorities_shortfalls_and_evidence),
        cmocka_unit_test(text_should_mark_knockouts_and_use_colour_only_when_asked),
        cmocka_unit_test(gap_text_should_list_rules_and_what_to_work_on_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
