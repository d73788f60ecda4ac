/* Tests for engine/score.c: the fast scorer gives exactly rq_evaluate's
 * score and eligibility.
 *
 * test_eval.c checks every one of its hand-made cases through the scorer
 * too; here the scorer meets real data: every sample posting against
 * every sample profile (and the sample JSON Lines pool), one view reused
 * from profile to profile, a kb-less run where every concept is free
 * text, and a profile with more jobs than the scorer keeps on its stack.
 * The CLI test tests/cli/scale.sh compares rank --top with a full ranking
 * over generated pools. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eval.h"
#include "rules.h"
#include "score.h"

#ifndef RQ_SOURCE_DIR
#define RQ_SOURCE_DIR "."
#endif

static rq_kb *kb;

static int setup(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    int rc = rq_kb_new(&kb, &d);
    rq_diags_clear(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    rq_kb_free(kb);
    return 0;
}

static const char *const postings[] = {
    "advocacy-officer.txt", "advocacy-officer.rules",
    "beleidsmedewerker-kinderrechten.txt", "beleidsmedewerker-kinderrechten.rules",
    "chargee-projet-logement.txt", "chargee-projet-logement.rules",
    "coordination-droits-enfant.txt", "coordination-droits-enfant.rules",
    "coordinateur-graph.json", "legal-officer.json",
};

typedef struct {
    rq_profile **items;
    size_t n, cap;
} profile_list;

static int collect(void *ctx, rq_profile *p, const char *source, const char *error)
{
    (void)source;
    (void)error;
    profile_list *l = ctx;
    if (!p)
        return 0;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        assert_non_null(l->items);
    }
    l->items[l->n++] = p;
    return 0;
}

static void load_samples(const rq_kb *k, int as_of, profile_list *l)
{
    rq_profile_opts o = {k, as_of};
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_profiles_load(RQ_SOURCE_DIR "/samples/profiles", &o, collect, l, &d), 0);
    rq_diags_clear(&d);
    assert_true(l->n >= 30);
}

static void free_list(profile_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        rq_profile_free(l->items[i]);
    free(l->items);
}

/* every profile of l against rs: the scorer agrees with rq_evaluate */
static void compare_all(const rq_ruleset *rs, const rq_kb *k, int as_of,
                        const profile_list *l, const char *what)
{
    rq_eval_opts o = {k, as_of};
    rq_scorer *sc = rq_scorer_new(rs, &o);
    rq_score_view *v = rq_score_view_new(k);
    assert_non_null(sc);
    assert_non_null(v);
    for (size_t i = 0; i < l->n; i++) {
        rq_evaluation e;
        assert_int_equal(rq_evaluate(rs, l->items[i], &o, &e), 0);
        rq_score_view_set(v, l->items[i]);
        rq_score f;
        assert_int_equal(rq_score_get(sc, v, &f), 0);
        if (f.score != e.score || f.eligible != e.eligible)
            fail_msg("%s, %s: fast %.17g %d, evaluation %.17g %d", what, l->items[i]->id,
                     f.score, f.eligible, e.score, e.eligible);
        rq_evaluation_clear(&e);
    }
    rq_score_view_free(v);
    rq_scorer_free(sc);
}

static rq_ruleset *load_posting(const char *name, const rq_kb *k)
{
    char path[512];
    snprintf(path, sizeof path, "%s/samples/postings/%s", RQ_SOURCE_DIR, name);
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_posting_load(path, k, NULL, &rs, &d), 0);
    rq_diags_clear(&d);
    assert_non_null(rs);
    return rs;
}

static void scorer_should_agree_with_evaluation_on_every_sample(void **state)
{
    (void)state;
    /* two dates: open-ended jobs run to each; one is before some jobs */
    static const int dates[][2] = {{2026, 11}, {2019, 6}};
    for (size_t di = 0; di < 2; di++) {
        int as_of = rq_month(dates[di][0], dates[di][1]);
        profile_list l = {0};
        load_samples(kb, as_of, &l);
        for (size_t i = 0; i < sizeof postings / sizeof *postings; i++) {
            rq_ruleset *rs = load_posting(postings[i], kb);
            compare_all(rs, kb, as_of, &l, postings[i]);
            rq_ruleset_free(rs);
        }
        free_list(&l);
    }
}

static void scorer_should_agree_when_every_concept_is_free_text(void **state)
{
    (void)state;
    /* without a kb nothing is a lexicon key: fields, domains and
     * concepts are all the recruiter's words, found in the texts */
    int as_of = rq_month(2026, 11);
    profile_list l = {0};
    load_samples(NULL, as_of, &l);
    for (size_t i = 0; i < sizeof postings / sizeof *postings; i++) {
        rq_ruleset *rs = load_posting(postings[i], kb);
        compare_all(rs, NULL, as_of, &l, postings[i]);
        rq_ruleset_free(rs);
    }
    free_list(&l);
}

static void scorer_should_handle_more_jobs_than_its_stack(void **state)
{
    (void)state;
    rq_buf json = RQ_BUF_INIT;
    rq_buf_puts(&json, "{\"work\": [");
    for (int i = 0; i < 150; i++)
        rq_buf_printf(&json, "%s{\"position\": \"%s\", \"startDate\": \"%d-01\", "
                             "\"endDate\": \"%d-06\"}",
                      i ? ", " : "", i % 3 ? "advocacy officer" : "EU affairs",
                      1900 + i, 1900 + i + (i % 4));
    rq_buf_puts(&json, "], \"volunteer\": [{\"position\": \"advocacy\", \"startDate\": "
                       "\"1950\"}]}");
    int as_of = rq_month(2026, 11);
    rq_profile_opts o = {kb, as_of};
    rq_diags d = RQ_DIAGS_INIT;
    rq_profile *p = NULL;
    assert_int_equal(rq_profile_parse(json.data, json.len, "many.json", 0, "many", &o, &p, &d), 0);
    rq_diags_clear(&d);
    profile_list l = {&p, 1, 1};
    for (size_t i = 0; i < sizeof postings / sizeof *postings; i++) {
        rq_ruleset *rs = load_posting(postings[i], kb);
        compare_all(rs, kb, as_of, &l, postings[i]);
        rq_ruleset_free(rs);
    }
    rq_profile_free(p);
    rq_buf_free(&json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scorer_should_agree_with_evaluation_on_every_sample),
        cmocka_unit_test(scorer_should_agree_when_every_concept_is_free_text),
        cmocka_unit_test(scorer_should_handle_more_jobs_than_its_stack),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
