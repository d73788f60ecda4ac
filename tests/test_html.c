/* Tests for reports/html.c: the candidate's self-contained gap page. */
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
    rq_profile profile;
    rq_evaluation eval;
    rq_result results[3];
    char *evidence[2];
    rq_report report;
} fixture;

#include "kb_fixture.h"

static void add_rule(rq_ruleset *rs, const char *id, rq_category cat,
                     bool required, double weight, const char *text)
{
    rq_rule *r = rq_ruleset_add(rs);
    assert_non_null(r);
    r->id = rq_strdup(id);
    r->category = cat;
    r->required = required;
    r->weight = weight;
    r->source_line = 3;
    r->source_text = rq_strdup(text);
}

/* One candidate whose name, the posting title and a concept try to inject
 * markup; R1 met, R2 (required) unmet, R3 partial. */
static void fixture_build(fixture *f, bool eligible)
{
    memset(f, 0, sizeof *f);
    f->rs = rq_ruleset_new();
    assert_non_null(f->rs);
    f->rs->title = rq_strdup("Educator <script>alert(1)</script>");
    f->rs->organization = rq_strdup("Tom & Jerry's \"Home\"");
    add_rule(f->rs, "R1", RQ_CAT_LANGUAGE, false, 1, "Fluent French.");
    rq_strlist_add(&f->rs->rules[0].languages, "fr");
    f->rs->rules[0].min_level = 4;
    add_rule(f->rs, "R2", RQ_CAT_EXPERIENCE, true, 3, "Three years <min>.");
    f->rs->rules[1].has_min_years = true;
    f->rs->rules[1].min_years = 3;
    add_rule(f->rs, "R3", RQ_CAT_KNOWLEDGE, false, 2, "Know <b>HTML</b>.");
    rq_strlist_add(&f->rs->rules[2].concepts, "<img src=x onerror=alert(1)>");

    f->profile.id = "jonas";
    f->profile.name = "Jonas <b>O'Neil</b>";
    f->profile.source = "jonas.json";
    f->evidence[0] = "languages[0]";
    f->evidence[1] = "work[1].highlights[0]";
    rq_result *r = f->results;
    r[0].status = RQ_MET;
    r[0].satisfaction = 1;
    r[0].shows = "C1";
    r[0].evidence = &f->evidence[0];
    r[0].nevidence = 1;
    r[1].status = eligible ? RQ_MET : RQ_UNMET;
    r[1].satisfaction = eligible ? 1 : 0;
    r[1].shows = "1.5 years";
    r[1].years = 1.5;
    r[1].gap = eligible ? NULL : "1.5 years short of 3 years";
    r[2].status = RQ_PARTIAL;
    r[2].satisfaction = 0.5;
    r[2].gap = "half of the <concepts> asked";
    r[2].evidence = &f->evidence[1];
    r[2].nevidence = 1;
    f->eval.profile = &f->profile;
    f->eval.score = eligible ? 83.3 : 33.3;
    f->eval.eligible = eligible;
    f->eval.rank = 1;
    f->eval.results = f->results;
    f->eval.nresults = 3;

    f->report.rules = f->rs;
    f->report.kb = kb;
    f->report.posting_path = "postings/educator.txt";
    f->report.as_of_text = "2026-01-01";
    f->report.evals = &f->eval;
    f->report.nevals = 1;
    f->report.ncandidates = 1;
}

static char *render(fixture *f)
{
    rq_buf out = RQ_BUF_INIT;
    assert_int_equal(rq_report_gap_html(&f->report, &out), 0);
    char *s = rq_buf_take(&out);
    assert_non_null(s);
    return s;
}

static void html_should_be_self_contained(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f, false);
    char *s = render(&f);
    assert_true(strncmp(s, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(s, "<style>"));
    assert_null(strstr(s, "<link"));
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<img"));
    assert_null(strstr(s, "<iframe"));
    assert_null(strstr(s, "src=\""));
    assert_null(strstr(s, "http://"));
    assert_null(strstr(s, "https://"));
    assert_null(strstr(s, "url("));
    assert_non_null(strstr(s, "</html>\n"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void html_should_be_readable_on_a_phone_and_printable(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f, false);
    char *s = render(&f);
    assert_non_null(strstr(s, "<meta name=\"viewport\" content=\"width=device-width"));
    assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(s, "@media print"));
    assert_non_null(strstr(s, "max-width:46rem"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void html_should_escape_every_text(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f, false);
    char *s = render(&f);
    assert_non_null(strstr(s, "Jonas &lt;b&gt;O&#39;Neil&lt;/b&gt;"));
    assert_non_null(strstr(s, "Educator &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(s, "Tom &amp; Jerry&#39;s &quot;Home&quot;"));
    assert_non_null(strstr(s, "&lt;img src=x onerror=alert(1)&gt;"));
    assert_non_null(strstr(s, "half of the &lt;concepts&gt; asked"));
    assert_null(strstr(s, "<b>"));
    assert_null(strstr(s, "<img"));
    assert_null(strstr(s, "<min>"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void html_should_say_which_required_rule_blocks(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f, false);
    char *s = render(&f);
    assert_non_null(strstr(s, "33.3 <small>/ 100</small>"));
    assert_non_null(strstr(s, "Not eligible yet: 1 required rule is not met."));
    assert_non_null(strstr(s, "What blocks you:</p><ul><li>at least 3 years "
                              "of experience</li></ul>"));
    assert_non_null(strstr(s, "<dt>Details</dt><dd>1.5 years short of 3 years"));
    assert_non_null(strstr(s, "<dt>Your profile shows</dt><dd>1.5 years"));
    free(s);
    rq_ruleset_free(f.rs);
}

/* The shortfall in the rule's own unit, in the card and in the list of
 * what to work on first (not the whole explanation again). */
static void html_should_give_the_shortfall_in_the_rules_unit(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f, false);
    char *s = render(&f);
    assert_non_null(strstr(s, "<dt>Short by</dt><dd class=\"short\">1.5 years</dd>"));
    const char *todo = strstr(s, "What to work on first");
    assert_non_null(todo);
    assert_non_null(strstr(todo, "<span class=\"why\">Missing: 1.5 years</span>"));
    /* R3 has no "k of n": half credit is related evidence only */
    assert_non_null(strstr(s, "<dt>Short by</dt><dd class=\"short\">related evidence only</dd>"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void html_should_list_met_rules_with_evidence(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f, true);
    char *s = render(&f);
    assert_non_null(strstr(s, "Eligible: every required rule is met."));
    const char *met = strstr(s, "What you already meet");
    assert_non_null(met);
    assert_non_null(strstr(met, "French at B2 or better"));
    assert_non_null(strstr(met, "<dd class=\"evidence\">languages[0]</dd>"));
    assert_null(strstr(s, "What blocks you"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void html_should_put_the_largest_gain_first(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f, false);
    char *s = render(&f);
    const char *todo = strstr(s, "What to work on first");
    assert_non_null(todo);
    /* R2 (weight 3, unmet) gains more than R3 (weight 2, half met). */
    const char *r2 = strstr(todo, "At least 3 years of experience");
    const char *r3 = strstr(todo, "Knowledge of");
    assert_non_null(r2);
    assert_non_null(r3);
    assert_true(r2 < r3);
    assert_non_null(strstr(todo, "needed to be eligible"));
    free(s);
    rq_ruleset_free(f.rs);
}

static void html_should_refuse_a_report_without_candidate(void **state)
{
    (void)state;
    fixture f;
    fixture_build(&f, false);
    f.report.nevals = 0;
    rq_buf out = RQ_BUF_INIT;
    assert_int_equal(rq_report_gap_html(&f.report, &out), -1);
    rq_buf_free(&out);
    rq_ruleset_free(f.rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_should_be_self_contained),
        cmocka_unit_test(html_should_be_readable_on_a_phone_and_printable),
        cmocka_unit_test(html_should_escape_every_text),
        cmocka_unit_test(html_should_say_which_required_rule_blocks),
        cmocka_unit_test(html_should_give_the_shortfall_in_the_rules_unit),
        cmocka_unit_test(html_should_list_met_rules_with_evidence),
        cmocka_unit_test(html_should_put_the_largest_gain_first),
        cmocka_unit_test(html_should_refuse_a_report_without_candidate),
    };
    return cmocka_run_group_tests(tests, kb_setup, kb_teardown);
}
