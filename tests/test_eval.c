/* Tests for engine/eval.c: partial credit, gaps, scores, ranking.
 *
 * Profiles are small JSON Resume documents parsed with rq_profile_parse;
 * the vocabulary is the built-in kb plus a fictional beekeeping lexicon
 * added here, so the tests do not depend on the real lexicon's contents.
 * JSON is written with ' for " to keep it readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "eval.h"
#include "score.h"

static const char test_lexicon[] =
    "@table concepts\n"
    "t_beekeeping: beekeeping; apiculture\n"
    "t_hive_care: hive care; soins des ruches\n"
    "t_queen_rearing: queen rearing; elevage de reines\n"
    "t_hive_care > t_beekeeping\n"
    "t_queen_rearing > t_beekeeping\n"
    "t_swarm_law: swarm law; droit des essaims\n"
    "t_insect_studies: insect studies\n"
    "t_apiology: apiology; apiologie\n"
    "t_apiology > t_insect_studies\n"
    "t_mosaic_arts: mosaic arts\n";

static rq_kb *kb;
static int as_of;

static int setup(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    if (rq_kb_new(&kb, &d) != 0 ||
        rq_kb_extend_text(kb, test_lexicon, strlen(test_lexicon), "test", &d) != 0) {
        rq_diags_clear(&d);
        return -1;
    }
    rq_diags_clear(&d);
    as_of = rq_month(2024, 12);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rq_kb_free(kb);
    return 0;
}

/* ---- helpers ---- */

static rq_profile *parse(const char *json_with_single_quotes, const char *id)
{
    char *json = strdup(json_with_single_quotes);
    for (char *s = json; *s; s++)
        if (*s == '\'')
            *s = '"';
    rq_profile_opts o = {.kb = kb, .as_of = as_of};
    rq_diags d = RQ_DIAGS_INIT;
    rq_profile *p = NULL;
    int rc = rq_profile_parse(json, strlen(json), "test.json", 0, id, &o, &p, &d);
    rq_diags_clear(&d);
    free(json);
    assert_int_equal(rc, 0);
    assert_non_null(p);
    return p;
}

static rq_rule *add_rule(rq_ruleset *rs, rq_category cat, const char *id)
{
    rq_rule *r = rq_ruleset_add(rs);
    assert_non_null(r);
    r->id = strdup(id);
    r->category = cat;
    return r;
}

static void add_strings(rq_strlist *l, const char *list)
{
    /* "a|b|c" */
    const char *s = list;
    while (s && *s) {
        const char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        char *item = strndup(s, n);
        assert_int_equal(rq_strlist_add(l, item), 0);
        free(item);
        s = bar ? bar + 1 : NULL;
    }
}

/* min_years < 0: no duration stated */
static rq_rule *experience(rq_ruleset *rs, double min_years, const char *domains)
{
    rq_rule *r = add_rule(rs, RQ_CAT_EXPERIENCE, "experience-1");
    r->has_min_years = min_years >= 0;
    r->min_years = min_years >= 0 ? min_years : 0;
    add_strings(&r->domains, domains);
    return r;
}

static rq_rule *language(rq_ruleset *rs, const char *codes, int min_level)
{
    rq_rule *r = add_rule(rs, RQ_CAT_LANGUAGE, "language-1");
    add_strings(&r->languages, codes);
    r->min_level = min_level;
    return r;
}

static rq_rule *degree(rq_ruleset *rs, int min_eqf, const char *fields)
{
    rq_rule *r = add_rule(rs, RQ_CAT_DEGREE, "degree-1");
    r->min_eqf = min_eqf;
    add_strings(&r->fields, fields);
    return r;
}

static rq_rule *knowledge(rq_ruleset *rs, const char *concepts, bool any)
{
    rq_rule *r = add_rule(rs, RQ_CAT_KNOWLEDGE, "knowledge-1");
    add_strings(&r->concepts, concepts);
    r->match_any = any;
    return r;
}

/* Every evaluation of these tests is also scored by the fast scorer
 * (score.h), which must give exactly the same score and eligibility. */
static void evaluate(const rq_ruleset *rs, const rq_profile *p, rq_evaluation *e)
{
    rq_eval_opts o = {kb, as_of};
    assert_int_equal(rq_evaluate(rs, p, &o, e), 0);
    assert_int_equal(e->nresults, rs->count);
    rq_scorer *sc = rq_scorer_new(rs, &o);
    rq_score_view *v = rq_score_view_new(kb);
    assert_non_null(sc);
    assert_non_null(v);
    rq_score_view_set(v, p);
    rq_score fast;
    assert_int_equal(rq_score_get(sc, v, &fast), 0);
    if (fast.score != e->score || fast.eligible != e->eligible)
        fail_msg("fast score %.17g %s, evaluation %.17g %s", fast.score,
                 fast.eligible ? "eligible" : "not eligible", e->score,
                 e->eligible ? "eligible" : "not eligible");
    rq_score_view_free(v);
    rq_scorer_free(sc);
}

/* Evaluate a one-rule set against one profile; check status and
 * satisfaction; the caller inspects and clears *e. */
static const rq_result *check(const rq_ruleset *rs, const char *json, rq_evaluation *e,
                              rq_status status, double satisfaction)
{
    rq_profile *p = parse(json, "cand");
    evaluate(rs, p, e);
    const rq_result *r = &e->results[0];
    if (r->status != status || r->satisfaction < satisfaction - 1e-9 ||
        r->satisfaction > satisfaction + 1e-9)
        fail_msg("status %s satisfaction %g, expected %s %g (gap: %s)",
                 rq_status_name(r->status), r->satisfaction, rq_status_name(status),
                 satisfaction, r->gap ? r->gap : "none");
    if (status == RQ_MET)
        assert_null(r->gap);
    else
        assert_non_null(r->gap);
    return r;
}

static void done(rq_ruleset *rs, rq_evaluation *e)
{
    rq_profile_free((rq_profile *)e->profile);
    rq_evaluation_clear(e);
    rq_ruleset_free(rs);
}

static void assert_contains(const char *s, const char *part)
{
    if (!s || !strstr(s, part))
        fail_msg("\"%s\" does not contain \"%s\"", s ? s : "(null)", part);
}

/* ---- experience ---- */

static void experience_should_give_partial_credit_for_fewer_years(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 5, "t_hive_care");
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'work':[{'position':'Hive care lead','startDate':'2019-01','endDate':'2021-12'}]}",
        &e, RQ_PARTIAL, 0.6);
    assert_true(r->years > 2.999 && r->years < 3.001);
    assert_string_equal(r->gap, "needs at least 5 years of experience in hive care; "
                                "profile shows 3.0 (2019-01 \xe2\x86\x92 2021-12)");
    assert_string_equal(r->shows, "3.0 years");
    assert_int_equal(r->nevidence, 1);
    assert_string_equal(r->evidence[0], "work[0]");
    done(rs, &e);
}

/* Every relevant job is named, once, in order; with 40 000 jobs the
 * evaluation stays linear (each job path was once looked for among all
 * the others: seconds per profile). */
static void experience_evidence_should_name_each_job_in_linear_time(void **state)
{
    (void)state;
    enum { JOBS = 40000 };
    rq_buf b = RQ_BUF_INIT;
    rq_buf_puts(&b, "{'work':[");
    for (int i = 0; i < JOBS; i++)
        rq_buf_printf(&b, "%s{'position':'Hive care','startDate':'%d-01','endDate':'%d-12'}",
                      i ? "," : "", 1980 + i % 40, 1980 + i % 40);
    rq_buf_puts(&b, "]}");
    char *json = rq_buf_take(&b);
    rq_profile *p = parse(json, "many-jobs");
    free(json);
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 3, "t_hive_care");
    rq_evaluation e;
    clock_t t0 = clock();
    evaluate(rs, p, &e);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    const rq_result *r = &e.results[0];
    assert_int_equal(r->status, RQ_MET);
    assert_int_equal(r->nevidence, JOBS);
    assert_string_equal(r->evidence[0], "work[0]");
    assert_string_equal(r->evidence[JOBS - 1], "work[39999]");
    if (cpu > 1.0 * RQ_CPU_SLACK)
        print_error("evaluating 40 000 jobs took %.2f s of CPU\n", cpu);
    assert_true(cpu <= 1.0 * RQ_CPU_SLACK);
    rq_evaluation_clear(&e);
    rq_profile_free(p);
    rq_ruleset_free(rs);
}

static void experience_should_merge_overlapping_jobs(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 3, "t_hive_care");
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'work':[{'position':'Hive care','startDate':'2018-01','endDate':'2019-12'},"
        "{'position':'Hive care','startDate':'2019-01','endDate':'2020-12'}]}",
        &e, RQ_MET, 1.0);
    assert_true(r->years > 2.999 && r->years < 3.001);
    assert_int_equal(r->nevidence, 2);
    done(rs, &e);

    rs = rq_ruleset_new();
    experience(rs, 4, "t_hive_care");
    r = check(rs,
        "{'work':[{'position':'Hive care','startDate':'2018-01','endDate':'2019-12'},"
        "{'position':'Hive care','startDate':'2019-01','endDate':'2020-12'}]}",
        &e, RQ_PARTIAL, 0.75);
    assert_contains(r->gap, "profile shows 3.0 (2018-01 \xe2\x86\x92 2020-12)");
    done(rs, &e);
}

static void experience_should_count_volunteering_at_half(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 3, "t_hive_care");
    rq_evaluation e;
    /* 12 months of work; the volunteering overlaps it for 6 months (not
     * counted again) and adds 24 months at half: 12 + 12 = 24 months */
    const rq_result *r = check(rs,
        "{'work':[{'position':'Hive care','startDate':'2020-01','endDate':'2020-12'}],"
        "'volunteer':[{'position':'Hive care','startDate':'2020-07','endDate':'2022-12'}]}",
        &e, RQ_PARTIAL, 2.0 / 3.0);
    assert_true(r->years > 1.999 && r->years < 2.001);
    assert_contains(r->gap, "volunteer or related work counted at half");
    assert_int_equal(r->nevidence, 2);
    assert_string_equal(r->evidence[0], "work[0]");
    assert_string_equal(r->evidence[1], "volunteer[0]");
    done(rs, &e);
}

static void experience_should_count_only_jobs_in_the_domain(void **state)
{
    (void)state;
    const char *json =
        "{'work':[{'position':'Hive care','startDate':'2019-01','endDate':'2020-12'},"
        "{'position':'Cashier','startDate':'2015-01','endDate':'2018-12'}]}";
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 4, "t_hive_care");
    rq_evaluation e;
    const rq_result *r = check(rs, json, &e, RQ_PARTIAL, 0.5);
    assert_int_equal(r->nevidence, 1);
    assert_string_equal(r->evidence[0], "work[0]");
    done(rs, &e);

    /* no domain: every dated job counts */
    rs = rq_ruleset_new();
    experience(rs, 4, "");
    r = check(rs, json, &e, RQ_MET, 1.0);
    assert_true(r->years > 5.999 && r->years < 6.001);
    done(rs, &e);
}

static void experience_should_count_narrower_domains_in_full(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 2, "t_beekeeping"); /* queen rearing is a kind of beekeeping */
    rq_evaluation e;
    check(rs,
          "{'work':[{'position':'Queen rearing','startDate':'2021-01','endDate':'2022-12'}]}",
          &e, RQ_MET, 1.0);
    done(rs, &e);
}

static void experience_should_count_related_domains_at_half(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 2, "t_hive_care"); /* queen rearing shares its broader concept */
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'work':[{'position':'Queen rearing','startDate':'2021-01','endDate':'2022-12'}]}",
        &e, RQ_PARTIAL, 0.5);
    assert_true(r->years > 0.999 && r->years < 1.001);
    done(rs, &e);
}

static void experience_should_find_free_text_domains_in_the_job_own_text(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 3, "pollen trading");
    rq_evaluation e;
    /* job 0 says it in other words order; the skills section says it too,
     * but skills are not a job, so job 1 does not count */
    const rq_result *r = check(rs,
        "{'work':[{'position':'Clerk','summary':'Trading of fresh pollens to bakeries',"
        "'startDate':'2022-01','endDate':'2022-12'},"
        "{'position':'Cashier','startDate':'2015-01','endDate':'2018-12'}],"
        "'skills':[{'name':'Pollen trading'}]}",
        &e, RQ_PARTIAL, 1.0 / 3.0);
    assert_int_equal(r->nevidence, 1);
    assert_string_equal(r->evidence[0], "work[0]");
    done(rs, &e);
}

static void experience_without_duration_should_be_met_by_any_relevant_job(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, -1, "t_hive_care");
    rq_evaluation e;
    check(rs, "{'work':[{'position':'Hive care','startDate':'2024-06'}]}", &e, RQ_MET, 1.0);
    done(rs, &e);

    rs = rq_ruleset_new();
    experience(rs, -1, "t_hive_care");
    const rq_result *r = check(rs, "{'work':[{'position':'Cashier','startDate':'2020-01'}]}",
                               &e, RQ_UNMET, 0.0);
    assert_string_equal(r->gap, "needs experience in hive care; profile shows none");
    done(rs, &e);
}

static void experience_should_accept_an_undated_job_without_duration_but_say_so(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, -1, "t_hive_care");
    rq_evaluation e;
    const rq_result *r = check(rs, "{'work':[{'position':'Hive care'}]}", &e, RQ_MET, 1.0);
    assert_contains(r->shows, "undated");
    done(rs, &e);

    /* with a duration, an undated job gives no years */
    rs = rq_ruleset_new();
    experience(rs, 2, "t_hive_care");
    r = check(rs, "{'work':[{'position':'Hive care'}]}", &e, RQ_UNMET, 0.0);
    assert_contains(r->gap, "1 undated job not counted");
    done(rs, &e);
}

static void experience_gap_should_list_at_most_three_periods(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 10, "");
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'work':[{'startDate':'2010-01','endDate':'2010-12'},"
        "{'startDate':'2012-01','endDate':'2012-12'},"
        "{'startDate':'2014-01','endDate':'2014-12'},"
        "{'startDate':'2016-01','endDate':'2016-12'}]}",
        &e, RQ_PARTIAL, 0.4);
    assert_string_equal(r->gap,
                        "needs at least 10 years of experience; profile shows 4.0 "
                        "(2010-01 \xe2\x86\x92 2010-12, 2012-01 \xe2\x86\x92 2012-12, "
                        "2014-01 \xe2\x86\x92 2014-12, \xe2\x80\xa6)");
    done(rs, &e);
}

/* ---- language ---- */

static void language_should_give_partial_credit_by_cefr_steps(void **state)
{
    (void)state;
    static const struct {
        const char *fluency;
        rq_status status;
        double s;
    } cases[] = {
        {"C1", RQ_MET, 1.0},     {"B2", RQ_MET, 1.0},  {"B1", RQ_PARTIAL, 0.6},
        {"A2", RQ_PARTIAL, 0.3}, {"A1", RQ_UNMET, 0.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char json[128];
        snprintf(json, sizeof json, "{'languages':[{'language':'Dutch','fluency':'%s'}]}",
                 cases[i].fluency);
        rq_ruleset *rs = rq_ruleset_new();
        language(rs, "nl", 4);
        rq_evaluation e;
        const rq_result *r = check(rs, json, &e, cases[i].status, cases[i].s);
        assert_int_equal(r->level, rq_level_parse(cases[i].fluency));
        if (i == 2)
            assert_string_equal(r->gap, "needs Dutch at B2 or better; profile shows B1");
        assert_string_equal(r->evidence[0], "languages[0]");
        done(rs, &e);
    }
}

static void language_should_count_native_above_c2(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    language(rs, "en", 6);
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'languages':[{'language':'English','fluency':'Native speaker'}]}", &e, RQ_MET, 1.0);
    assert_int_equal(r->level, 7);
    done(rs, &e);
}

static void language_with_unrecognised_fluency_should_be_unknown_and_eligible(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    language(rs, "nl", 4)->required = true;
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'languages':[{'language':'Dutch','fluency':'so-so'}]}", &e, RQ_UNKNOWN, 0.0);
    assert_contains(r->gap, "fluency not recognised: check by hand");
    assert_true(e.eligible);
    assert_true(e.score == 0.0);
    /* checking it by hand may gain points, but it does not block eligibility */
    rq_improvement *imp;
    size_t n;
    assert_int_equal(rq_improvements(rs, &e, &imp, &n), 0);
    assert_int_equal(n, 1);
    assert_false(imp[0].makes_eligible);
    assert_true(imp[0].score_gain == 100.0);
    free(imp);
    done(rs, &e);
}

static void language_absent_should_be_unmet_and_named(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    language(rs, "nl|fr", 4);
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'languages':[{'language':'English','fluency':'C2'}]}", &e, RQ_UNMET, 0.0);
    assert_string_equal(r->gap, "needs Dutch or French at B2 or better; "
                                "profile does not list Dutch or French");
    assert_int_equal(r->level, 0);
    done(rs, &e);

    /* any one of the languages suffices */
    rs = rq_ruleset_new();
    language(rs, "nl|fr", 4);
    r = check(rs,
        "{'languages':[{'language':'English','fluency':'C2'},"
        "{'language':'French','fluency':'C1'}]}", &e, RQ_MET, 1.0);
    assert_string_equal(r->evidence[0], "languages[1]");
    done(rs, &e);
}

/* ---- degree ---- */

static void degree_should_be_met_by_level_and_field(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    degree(rs, 7, "t_apiology");
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'education':[{'studyType':'Bachelor','area':'Mosaic arts','endDate':'2015-06'},"
        "{'studyType':'Master','area':'Apiology','endDate':'2017-06'}]}", &e, RQ_MET, 1.0);
    assert_int_equal(r->eqf, 7);
    assert_string_equal(r->evidence[0], "education[1]");
    done(rs, &e);
}

static void degree_should_accept_a_narrower_field_as_the_field(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    degree(rs, 7, "t_insect_studies"); /* apiology is a kind of insect studies */
    rq_evaluation e;
    check(rs, "{'education':[{'studyType':'Master','area':'Apiology'}]}", &e, RQ_MET, 1.0);
    done(rs, &e);
}

static void degree_should_give_partial_credit_for_field_and_level(void **state)
{
    (void)state;
    static const struct {
        const char *type, *area;
        int min_eqf;
        double s;
    } cases[] = {
        {"Master", "Insect studies", 7, 0.75}, /* related field */
        {"Master", "Mosaic arts", 7, 0.5},     /* unrelated field */
        {"Bachelor", "Apiology", 7, 0.5},      /* one level short */
        {"Bachelor", "Apiology", 8, 0.25},     /* two levels short */
        {"Bachelor", "Insect studies", 7, 0.375},
        {"Bachelor", "Apiology", 9, 0.0},      /* three short */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char json[160];
        snprintf(json, sizeof json,
                 "{'education':[{'studyType':'%s','area':'%s','endDate':'2015-06'}]}",
                 cases[i].type, cases[i].area);
        rq_ruleset *rs = rq_ruleset_new();
        degree(rs, cases[i].min_eqf, "t_apiology");
        rq_evaluation e;
        const rq_result *r = check(rs, json, &e, cases[i].s > 0 ? RQ_PARTIAL : RQ_UNMET,
                                   cases[i].s);
        if (i == 0)
            assert_contains(r->gap, "in a related field (insect studies)");
        if (i == 1)
            assert_contains(r->gap, "in another field");
        done(rs, &e);
    }
}

static void degree_in_progress_should_count_one_level_below(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    degree(rs, 7, "t_apiology");
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'education':[{'studyType':'Master','area':'Apiology','startDate':'2024-09',"
        "'endDate':'2026-06'}]}", &e, RQ_PARTIAL, 0.5);
    assert_int_equal(r->eqf, 7);
    assert_string_equal(r->shows, "EQF 7 (in progress)");
    assert_contains(r->gap, "in progress (counted as 6)");
    done(rs, &e);
}

static void degree_or_equivalent_should_accept_five_years_of_work(void **state)
{
    (void)state;
    const char *json =
        "{'work':[{'startDate':'2017-01','endDate':'2022-12'}],"
        "'education':[{'studyType':'Bachelor','area':'Apiology','endDate':'2015-06'}]}";
    rq_ruleset *rs = rq_ruleset_new();
    degree(rs, 7, "t_apiology")->or_equivalent = true;
    rq_evaluation e;
    const rq_result *r = check(rs, json, &e, RQ_PARTIAL, 0.75);
    assert_contains(r->gap, "6.0 years of work experience may stand in");
    done(rs, &e);

    /* not without the clause */
    rs = rq_ruleset_new();
    degree(rs, 7, "t_apiology");
    check(rs, json, &e, RQ_PARTIAL, 0.5);
    done(rs, &e);

    /* nor with too little experience */
    rs = rq_ruleset_new();
    degree(rs, 7, "t_apiology")->or_equivalent = true;
    check(rs,
          "{'work':[{'startDate':'2021-01','endDate':'2022-12'}],"
          "'education':[{'studyType':'Bachelor','area':'Apiology','endDate':'2015-06'}]}",
          &e, RQ_PARTIAL, 0.5);
    done(rs, &e);
}

static void degree_should_be_unknown_when_not_recognised_and_unmet_when_absent(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    degree(rs, 6, "");
    rq_evaluation e;
    const rq_result *r = check(rs, "{'education':[{'studyType':'Zorblax','area':'Quux'}]}",
                               &e, RQ_UNKNOWN, 0.0);
    assert_contains(r->gap, "check by hand");
    assert_int_equal(r->eqf, 0);
    done(rs, &e);

    rs = rq_ruleset_new();
    degree(rs, 6, "");
    r = check(rs, "{'work':[]}", &e, RQ_UNMET, 0.0);
    assert_string_equal(r->gap, "needs a degree at EQF level 6 (bachelor) or higher; "
                                "profile lists no degree");
    done(rs, &e);
}

static void degree_should_match_free_text_fields_in_the_area(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    degree(rs, 6, "hive economics");
    rq_evaluation e;
    check(rs, "{'education':[{'studyType':'Master','area':'Economics of the hive'}]}",
          &e, RQ_MET, 1.0);
    done(rs, &e);
}

/* ---- knowledge ---- */

static void knowledge_should_be_met_by_an_exact_concept(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    knowledge(rs, "t_swarm_law", false);
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'work':[{'position':'Clerk','highlights':['Advised on swarm law']}]}",
        &e, RQ_MET, 1.0);
    assert_int_equal(r->nevidence, 1);
    assert_string_equal(r->evidence[0], "work[0].highlights[0]");
    done(rs, &e);

    rs = rq_ruleset_new();
    knowledge(rs, "t_swarm_law", false);
    r = check(rs, "{'work':[{'position':'Clerk'}]}", &e, RQ_UNMET, 0.0);
    assert_string_equal(r->gap, "no evidence of knowledge of swarm law");
    done(rs, &e);
}

/* An aptitude, a permit, an adherence (category other) seldom shows in a
 * CV: short of met it is unknown, keeps its credit and knocks no one out;
 * the same concepts asked as knowledge are unmet and do. */
static void other_rules_short_of_met_should_be_unknown_not_knock_outs(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        rq_status status;
        double s;
    } cases[] = {
        {"{'work':[{'position':'Clerk'}]}", RQ_UNKNOWN, 0.0},
        {"{'skills':[{'name':'Queen rearing'}]}", RQ_UNKNOWN, 0.5},
        {"{'skills':[{'name':'Hive care'}]}", RQ_MET, 1.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rq_ruleset *rs = rq_ruleset_new();
        rq_rule *o = knowledge(rs, "t_hive_care", false);
        o->category = RQ_CAT_OTHER;
        o->required = true;
        rq_evaluation e;
        const rq_result *r = check(rs, cases[i].json, &e, cases[i].status, cases[i].s);
        assert_true(e.eligible);
        if (cases[i].status == RQ_UNKNOWN)
            assert_contains(r->gap, "a profile seldom states it: check by hand");
        done(rs, &e);
    }
    rq_ruleset *rs = rq_ruleset_new();
    knowledge(rs, "t_hive_care", false)->required = true;
    rq_evaluation e;
    check(rs, "{'work':[{'position':'Clerk'}]}", &e, RQ_UNMET, 0.0);
    assert_false(e.eligible);
    done(rs, &e);
}

static void knowledge_should_count_a_narrower_concept_in_full(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    knowledge(rs, "t_beekeeping", false);
    rq_evaluation e;
    const rq_result *r = check(rs, "{'skills':[{'name':'Hive care'}]}", &e, RQ_MET, 1.0);
    assert_string_equal(r->evidence[0], "skills[0].name");
    done(rs, &e);
}

static void knowledge_should_give_half_credit_for_a_related_concept(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    knowledge(rs, "t_hive_care", false);
    rq_evaluation e;
    const rq_result *r = check(rs, "{'skills':[{'name':'Queen rearing'}]}",
                               &e, RQ_PARTIAL, 0.5);
    assert_string_equal(r->gap, "related evidence only (queen rearing) for hive care");
    assert_string_equal(r->evidence[0], "skills[0].name");
    done(rs, &e);
}

static void knowledge_should_find_free_text_in_one_text_in_any_order(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    knowledge(rs, "outils bureautiques", false);
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'skills':[{'name':'Bureautique','keywords':['Outil de traitement, bureautique']}]}",
        &e, RQ_MET, 1.0);
    assert_string_equal(r->evidence[0], "skills[0].keywords[0]");
    done(rs, &e);

    /* stop words and short words of the concept are not asked for */
    rs = rq_ruleset_new();
    knowledge(rs, "gestion des essaims", false);
    check(rs, "{'skills':[{'name':'Essaim: gestion et capture'}]}", &e, RQ_MET, 1.0);
    done(rs, &e);

    /* the words must be in one text piece */
    rs = rq_ruleset_new();
    knowledge(rs, "outils bureautiques", false);
    check(rs, "{'skills':[{'name':'Outils','keywords':['Bureautique']}]}",
          &e, RQ_UNMET, 0.0);
    done(rs, &e);
}

static void knowledge_should_average_all_of_and_take_best_of_any_of(void **state)
{
    (void)state;
    const char *json = "{'skills':[{'name':'Swarm law'}]}";
    rq_ruleset *rs = rq_ruleset_new();
    knowledge(rs, "t_swarm_law|t_apiology", false);
    rq_evaluation e;
    const rq_result *r = check(rs, json, &e, RQ_PARTIAL, 0.5);
    assert_string_equal(r->gap, "no evidence of knowledge of apiology");
    assert_string_equal(r->shows, "1 of 2");
    done(rs, &e);

    rs = rq_ruleset_new();
    knowledge(rs, "t_swarm_law|t_apiology", true);
    check(rs, json, &e, RQ_MET, 1.0);
    done(rs, &e);

    rs = rq_ruleset_new();
    knowledge(rs, "t_apiology|t_mosaic_arts", true);
    r = check(rs, json, &e, RQ_UNMET, 0.0);
    assert_string_equal(r->gap, "no evidence of knowledge of apiology or mosaic arts");
    done(rs, &e);
}

static void knowledge_evidence_should_keep_the_first_three_paths(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    knowledge(rs, "t_swarm_law", false);
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'skills':[{'name':'Swarm law'},{'name':'Swarm law'},{'name':'Swarm law'},"
        "{'name':'Swarm law'}]}", &e, RQ_MET, 1.0);
    assert_int_equal(r->nevidence, 3);
    assert_string_equal(r->evidence[2], "skills[2].name");
    done(rs, &e);
}

static void knowledge_evidence_should_show_where_each_concept_was_found(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    knowledge(rs, "t_swarm_law|t_beekeeping|t_mosaic_arts", false);
    rq_evaluation e;
    const rq_result *r = check(rs,
        "{'skills':[{'name':'Swarm law'},{'name':'Swarm law'},{'name':'Swarm law'},"
        "{'name':'Swarm law'}],'certificates':[{'name':'Apiculture'}],"
        "'projects':[{'name':'x','description':'Mosaic arts'}]}", &e, RQ_MET, 1.0);
    assert_int_equal(r->nevidence, 5);
    assert_string_equal(r->evidence[3], "certificates[0].name");
    assert_string_equal(r->evidence[4], "projects[0].description");
    done(rs, &e);
}

/* ---- scores, eligibility, ranking ---- */

static const char *mixed_profile =
    "{'work':[{'position':'Hive care','startDate':'2019-01','endDate':'2021-12'}],"
    "'languages':[{'language':'Dutch','fluency':'C1'}]}";

/* experience (w 2, 0.6), language (w 1, 1.0), knowledge (w 1, 0) */
static rq_ruleset *mixed_rules(bool knowledge_required)
{
    rq_ruleset *rs = rq_ruleset_new();
    experience(rs, 5, "t_hive_care")->weight = 2;
    language(rs, "nl", 4);
    knowledge(rs, "t_swarm_law", false)->required = knowledge_required;
    return rs;
}

static void score_should_be_the_weighted_mean_of_satisfactions(void **state)
{
    (void)state;
    rq_ruleset *rs = mixed_rules(false);
    rq_profile *p = parse(mixed_profile, "cand");
    rq_evaluation e;
    evaluate(rs, p, &e);
    assert_true(e.score > 54.999 && e.score < 55.001);
    assert_true(e.category_score[RQ_CAT_EXPERIENCE] > 59.999 &&
                e.category_score[RQ_CAT_EXPERIENCE] < 60.001);
    assert_true(e.category_score[RQ_CAT_LANGUAGE] == 100.0);
    assert_true(e.category_score[RQ_CAT_KNOWLEDGE] == 0.0);
    assert_true(e.category_score[RQ_CAT_DEGREE] == -1.0);
    assert_true(e.category_score[RQ_CAT_OTHER] == -1.0);
    assert_true(e.eligible);
    rq_evaluation_clear(&e);
    rq_profile_free(p);
    rq_ruleset_free(rs);
}

static void eligibility_should_need_every_required_rule_met(void **state)
{
    (void)state;
    rq_ruleset *rs = mixed_rules(true);
    rq_profile *p = parse(mixed_profile, "cand");
    rq_evaluation e;
    evaluate(rs, p, &e);
    assert_false(e.eligible);
    rq_evaluation_clear(&e);
    rs->rules[2].required = false;
    rs->rules[0].required = true; /* partial is not met either */
    evaluate(rs, p, &e);
    assert_false(e.eligible);
    rq_evaluation_clear(&e);
    rs->rules[0].required = false;
    rs->rules[1].required = true;
    evaluate(rs, p, &e);
    assert_true(e.eligible);
    rq_evaluation_clear(&e);
    rq_profile_free(p);
    rq_ruleset_free(rs);
}

static void empty_rule_set_should_score_zero_and_be_eligible(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    rq_profile *p = parse("{}", "cand");
    rq_evaluation e;
    evaluate(rs, p, &e);
    assert_true(e.score == 0.0);
    assert_true(e.eligible);
    for (int k = 0; k < RQ_CAT_COUNT; k++)
        assert_true(e.category_score[k] == -1.0);
    rq_evaluation_clear(&e);
    rq_profile_free(p);
    rq_ruleset_free(rs);
}

static void rank_should_order_eligible_then_score_then_id(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        bool eligible;
        double score;
    } c[] = {
        {"dora", false, 90}, {"bert", true, 50}, {"anna", true, 50},
        {"carl", true, 70},  {"Zed", true, 50},  {"eve", false, 95},
    };
    static const char *const expected[] = {"carl", "Zed", "anna", "bert", "eve", "dora"};
    enum { N = sizeof c / sizeof *c };
    rq_profile profiles[N];
    /* rank twice, from two different starting orders: same result */
    for (int pass = 0; pass < 2; pass++) {
        rq_evaluation evals[N];
        memset(profiles, 0, sizeof profiles);
        memset(evals, 0, sizeof evals);
        for (size_t i = 0; i < N; i++) {
            size_t k = pass ? N - 1 - i : i;
            profiles[i].id = (char *)c[k].id;
            evals[i].profile = &profiles[i];
            evals[i].eligible = c[k].eligible;
            evals[i].score = c[k].score;
        }
        rq_rank(evals, N);
        for (size_t i = 0; i < N; i++) {
            assert_string_equal(evals[i].profile->id, expected[i]);
            assert_int_equal(evals[i].rank, (int)i + 1);
        }
    }
}

static void rank_should_compare_scores_as_printed_with_two_decimals(void **state)
{
    (void)state;
    rq_profile pa = {0}, pb = {0};
    pa.id = (char *)"anna";
    pb.id = (char *)"bert";
    rq_evaluation evals[2] = {{0}, {0}};
    evals[0].profile = &pb;
    evals[0].score = 55.0;
    evals[0].eligible = true;
    evals[1].profile = &pa;
    evals[1].score = 55.0 - 1e-12; /* the same score, reached another way */
    evals[1].eligible = true;
    rq_rank(evals, 2);
    assert_string_equal(evals[0].profile->id, "anna");
    evals[0].score = 55.004;
    evals[1].score = 55.006;
    rq_rank(evals, 2);
    assert_string_equal(evals[0].profile->id, "bert");
}

static void improvements_should_be_ordered_by_gain_and_sum_to_the_shortfall(void **state)
{
    (void)state;
    rq_ruleset *rs = mixed_rules(true);
    knowledge(rs, "t_apiology", false); /* weight 1, s 0: ties with rule 2 */
    rq_profile *p = parse(mixed_profile, "cand");
    rq_evaluation e;
    evaluate(rs, p, &e);
    rq_improvement *imp;
    size_t n;
    assert_int_equal(rq_improvements(rs, &e, &imp, &n), 0);
    /* total weight 5: knowledge 20 + 20, experience 2 * 0.4 / 5 = 16 */
    assert_int_equal(n, 3);
    assert_int_equal(imp[0].rule, 2);
    assert_true(imp[0].makes_eligible);
    assert_int_equal(imp[1].rule, 3);
    assert_false(imp[1].makes_eligible);
    assert_int_equal(imp[2].rule, 0);
    assert_true(imp[0].score_gain > 19.999 && imp[0].score_gain < 20.001);
    assert_true(imp[2].score_gain > 15.999 && imp[2].score_gain < 16.001);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += imp[i].score_gain;
    assert_true(sum + e.score > 99.999 && sum + e.score < 100.001);
    free(imp);
    rq_evaluation_clear(&e);
    rq_profile_free(p);
    rq_ruleset_free(rs);
}

static void twins_differing_only_in_personal_details_should_evaluate_the_same(void **state)
{
    (void)state;
    const char *a =
        "{'basics':{'name':'Anna Peeters','email':'anna@example.org','phone':'+32 2 000',"
        "'location':{'city':'Gent','countryCode':'BE'},'birthDate':'1970-01-01',"
        "'gender':'female','nationality':'Belgian','image':'a.jpg'},"
        "'work':[{'position':'Hive care','startDate':'2019-01','endDate':'2021-12',"
        "'highlights':['Swarm law']}],"
        "'languages':[{'language':'Dutch','fluency':'B1'}],"
        "'education':[{'studyType':'Master','area':'Insect studies','endDate':'2015-06'}]}";
    const char *b =
        "{'basics':{'name':'Mohamed El Amrani','email':'m@example.com','phone':'+33 1 999',"
        "'location':{'city':'Lille','countryCode':'FR'},'birthDate':'1999-12-31',"
        "'gender':'male','nationality':'Moroccan','image':'b.png'},"
        "'work':[{'position':'Hive care','startDate':'2019-01','endDate':'2021-12',"
        "'highlights':['Swarm law']}],"
        "'languages':[{'language':'Dutch','fluency':'B1'}],"
        "'education':[{'studyType':'Master','area':'Insect studies','endDate':'2015-06'}]}";
    rq_ruleset *rs = mixed_rules(true);
    degree(rs, 7, "t_apiology");
    rq_profile *pa = parse(a, "x"), *pb = parse(b, "x");
    rq_evaluation ea, eb;
    evaluate(rs, pa, &ea);
    evaluate(rs, pb, &eb);
    assert_true(ea.score == eb.score);
    assert_true(ea.eligible == eb.eligible);
    for (size_t i = 0; i < rs->count; i++) {
        const rq_result *x = &ea.results[i], *y = &eb.results[i];
        assert_int_equal(x->status, y->status);
        assert_true(x->satisfaction == y->satisfaction);
        assert_string_equal(x->gap ? x->gap : "", y->gap ? y->gap : "");
        assert_int_equal(x->nevidence, y->nevidence);
        for (size_t k = 0; k < x->nevidence; k++)
            assert_string_equal(x->evidence[k], y->evidence[k]);
    }
    assert_int_equal(rq_evaluation_cmp(&ea, &eb), 0);
    rq_evaluation_clear(&ea);
    rq_evaluation_clear(&eb);
    rq_profile_free(pa);
    rq_profile_free(pb);
    rq_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(experience_should_give_partial_credit_for_fewer_years),
        cmocka_unit_test(experience_evidence_should_name_each_job_in_linear_time),
        cmocka_unit_test(experience_should_merge_overlapping_jobs),
        cmocka_unit_test(experience_should_count_volunteering_at_half),
        cmocka_unit_test(experience_should_count_only_jobs_in_the_domain),
        cmocka_unit_test(experience_should_count_narrower_domains_in_full),
        cmocka_unit_test(experience_should_count_related_domains_at_half),
        cmocka_unit_test(experience_should_find_free_text_domains_in_the_job_own_text),
        cmocka_unit_test(experience_without_duration_should_be_met_by_any_relevant_job),
        cmocka_unit_test(experience_should_accept_an_undated_job_without_duration_but_say_so),
        cmocka_unit_test(experience_gap_should_list_at_most_three_periods),
        cmocka_unit_test(language_should_give_partial_credit_by_cefr_steps),
        cmocka_unit_test(language_should_count_native_above_c2),
        cmocka_unit_test(language_with_unrecognised_fluency_should_be_unknown_and_eligible),
        cmocka_unit_test(language_absent_should_be_unmet_and_named),
        cmocka_unit_test(degree_should_be_met_by_level_and_field),
        cmocka_unit_test(degree_should_accept_a_narrower_field_as_the_field),
        cmocka_unit_test(degree_should_give_partial_credit_for_field_and_level),
        cmocka_unit_test(degree_in_progress_should_count_one_level_below),
        cmocka_unit_test(degree_or_equivalent_should_accept_five_years_of_work),
        cmocka_unit_test(degree_should_be_unknown_when_not_recognised_and_unmet_when_absent),
        cmocka_unit_test(degree_should_match_free_text_fields_in_the_area),
        cmocka_unit_test(knowledge_should_be_met_by_an_exact_concept),
        cmocka_unit_test(other_rules_short_of_met_should_be_unknown_not_knock_outs),
        cmocka_unit_test(knowledge_should_count_a_narrower_concept_in_full),
        cmocka_unit_test(knowledge_should_give_half_credit_for_a_related_concept),
        cmocka_unit_test(knowledge_should_find_free_text_in_one_text_in_any_order),
        cmocka_unit_test(knowledge_should_average_all_of_and_take_best_of_any_of),
        cmocka_unit_test(knowledge_evidence_should_keep_the_first_three_paths),
        cmocka_unit_test(knowledge_evidence_should_show_where_each_concept_was_found),
        cmocka_unit_test(score_should_be_the_weighted_mean_of_satisfactions),
        cmocka_unit_test(eligibility_should_need_every_required_rule_met),
        cmocka_unit_test(empty_rule_set_should_score_zero_and_be_eligible),
        cmocka_unit_test(rank_should_order_eligible_then_score_then_id),
        cmocka_unit_test(rank_should_compare_scores_as_printed_with_two_decimals),
        cmocka_unit_test(improvements_should_be_ordered_by_gain_and_sum_to_the_shortfall),
        cmocka_unit_test(twins_differing_only_in_personal_details_should_evaluate_the_same),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
