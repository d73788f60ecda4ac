/* Tests for engine/score.c: the fast scorer, and a program of scorers
 * (what match runs), give exactly rq_evaluate's score and eligibility.
 *
 * test_eval.c checks every one of its hand-made cases through the scorer
 * too; here the scorer meets real data: every sample posting against
 * every sample profile (and the sample JSON Lines pool), one view reused
 * from profile to profile, a kb-less run where every concept is free
 * text, a profile with more jobs than the scorer keeps on its stack, and
 * profiles from tests/bench/gen_profiles. Each comparison goes three
 * ways: rq_evaluate, rq_score_get per posting, and one program of all
 * the postings; a program of hundreds of postings varied from the
 * samples and tests/postings (thresholds, weights, knock-outs, "or
 * equivalent", "any of") is compared with its scorers bit for bit.
 * Free text has cases of its own (a program finds phrases through a stem
 * index, rq_evaluate text by text): words a stem prefixes or hides in,
 * -aux, accents, non-Latin letters, long words, more than 64 texts, more
 * than 64 distinct phrases in one program. The CLI test tests/cli/scale.sh compares rank --top with a full ranking
 * over generated pools. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <unistd.h>

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
    rq_profile_opts o = {.kb = k, .as_of = as_of};
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

/* bit for bit: rq_score's doubles are compared as bytes */
static bool same_score(rq_score a, double score, bool eligible)
{
    return memcmp(&a.score, &score, sizeof score) == 0 && a.eligible == eligible;
}

/* every profile of l against every rule set of rs[0..n): a program of
 * them all agrees with each scorer, and the scorers with rq_evaluate
 * for the first `evaluate` profiles */
static void compare_all(rq_ruleset *const *rs, size_t n, const rq_kb *k, int as_of,
                        const profile_list *l, const char *what, size_t evaluate)
{
    rq_eval_opts o = {k, as_of};
    rq_scorer **sc = calloc(n, sizeof *sc);
    rq_score *row = calloc(n, sizeof *row);
    assert_non_null(sc);
    assert_non_null(row);
    for (size_t j = 0; j < n; j++)
        assert_non_null(sc[j] = rq_scorer_new(rs[j], &o));
    rq_score_program *g = rq_score_program_new((const rq_scorer *const *)sc, n);
    rq_score_view *v = rq_score_view_new(k);
    assert_non_null(g);
    assert_non_null(v);
    for (size_t i = 0; i < l->n; i++) {
        rq_score_view_set(v, l->items[i]);
        assert_int_equal(rq_score_program_run(g, v, row), 0);
        for (size_t j = 0; j < n; j++) {
            rq_score f;
            assert_int_equal(rq_score_get(sc[j], v, &f), 0);
            if (!same_score(row[j], f.score, f.eligible))
                fail_msg("%s, posting %zu, %s: program %.17g %d, scorer %.17g %d", what, j,
                         l->items[i]->id, row[j].score, row[j].eligible, f.score, f.eligible);
            if (i >= evaluate)
                continue;
            rq_evaluation e;
            assert_int_equal(rq_evaluate(rs[j], l->items[i], &o, &e), 0);
            if (!same_score(f, e.score, e.eligible))
                fail_msg("%s, posting %zu, %s: fast %.17g %d, evaluation %.17g %d", what, j,
                         l->items[i]->id, f.score, f.eligible, e.score, e.eligible);
            rq_evaluation_clear(&e);
        }
    }
    rq_score_view_free(v);
    rq_score_program_free(g);
    for (size_t j = 0; j < n; j++)
        rq_scorer_free(sc[j]);
    free(sc);
    free(row);
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

#define NPOSTINGS (sizeof postings / sizeof *postings)

/* every sample posting (compiled with load_kb) against l, scored with k */
static void compare_samples(const rq_kb *load_kb, const rq_kb *k, int as_of,
                            const profile_list *l, const char *what)
{
    rq_ruleset *rs[NPOSTINGS];
    for (size_t i = 0; i < NPOSTINGS; i++)
        rs[i] = load_posting(postings[i], load_kb);
    compare_all(rs, NPOSTINGS, k, as_of, l, what, SIZE_MAX);
    for (size_t i = 0; i < NPOSTINGS; i++)
        rq_ruleset_free(rs[i]);
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
        compare_samples(kb, kb, as_of, &l, "samples");
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
    compare_samples(kb, NULL, as_of, &l, "no kb");
    free_list(&l);
}

static void same_evaluation(const rq_evaluation *a, const rq_evaluation *b, const char *what)
{
    if (!same_score((rq_score){a->score, a->eligible}, b->score, b->eligible))
        fail_msg("%s: %.17g %d against %.17g %d", what, a->score, a->eligible, b->score,
                 b->eligible);
    assert_int_equal(a->nresults, b->nresults);
    for (size_t r = 0; r < a->nresults; r++) {
        const rq_result *x = &a->results[r], *y = &b->results[r];
        assert_int_equal(x->status, y->status);
        assert_memory_equal(&x->satisfaction, &y->satisfaction, sizeof x->satisfaction);
        assert_int_equal(x->nevidence, y->nevidence);
        for (size_t k = 0; k < x->nevidence; k++)
            assert_string_equal(x->evidence[k], y->evidence[k]);
        assert_true((x->gap == NULL) == (y->gap == NULL));
        if (x->gap)
            assert_string_equal(x->gap, y->gap);
    }
}

/* rs evaluated and scored on each profile of lean gives what it gives on
 * the same profile of full, read with the default options */
static void same_on_both(const rq_ruleset *rs, const profile_list *full,
                         const profile_list *lean, int as_of, const char *what)
{
    rq_eval_opts eo = {kb, as_of};
    assert_int_equal(full->n, lean->n);
    rq_scorer *sc = rq_scorer_new(rs, &eo);
    rq_score_view *v = rq_score_view_new(kb);
    assert_non_null(sc);
    assert_non_null(v);
    for (size_t i = 0; i < full->n; i++) {
        rq_evaluation a, b;
        assert_int_equal(rq_evaluate(rs, full->items[i], &eo, &a), 0);
        assert_int_equal(rq_evaluate(rs, lean->items[i], &eo, &b), 0);
        same_evaluation(&a, &b, what);
        rq_score f;
        rq_score_view_set(v, lean->items[i]);
        assert_int_equal(rq_score_get(sc, v, &f), 0);
        assert_true(same_score(f, a.score, a.eligible));
        rq_evaluation_clear(&a);
        rq_evaluation_clear(&b);
    }
    rq_score_view_free(v);
    rq_scorer_free(sc);
}

/* rank and match parse profiles without their folded texts when no rule
 * looks for free text: every sample posting that does not is evaluated
 * and scored the same on profiles read both ways, and one that does is
 * told apart (a concept the kb does not know; any concept without a kb) */
static void profiles_without_folded_texts_should_score_the_same(void **state)
{
    (void)state;
    int as_of = rq_month(2025, 6);
    profile_list full = {0}, lean = {0};
    load_samples(kb, as_of, &full);
    rq_profile_opts o = {.kb = kb, .as_of = as_of, .no_folded = true};
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_profiles_load(RQ_SOURCE_DIR "/samples/profiles", &o, collect, &lean, &d), 0);
    rq_diags_clear(&d);
    assert_int_equal(full.n, lean.n);
    for (size_t i = 0; i < lean.n; i++)
        for (size_t t = 0; t < lean.items[i]->ntexts; t++) {
            assert_null(lean.items[i]->texts[t].folded);
            assert_non_null(lean.items[i]->texts[t].path);
        }
    size_t without = 0;
    for (size_t j = 0; j < NPOSTINGS; j++) {
        rq_ruleset *rs = load_posting(postings[j], kb);
        if (rq_rules_use_text(rs, kb)) {
            rq_ruleset_free(rs);
            continue;
        }
        without++;
        same_on_both(rs, &full, &lean, as_of, postings[j]);
        /* without a kb, every concept, domain and field is free text */
        bool items = false;
        for (size_t r = 0; r < rs->count; r++) {
            const rq_rule *rule = &rs->rules[r];
            items = items || rule->concepts.count || rule->domains.count || rule->fields.count;
        }
        assert_int_equal(rq_rules_use_text(rs, NULL), items);
        rq_ruleset_free(rs);
    }
    assert_true(without >= 2);
    rq_ruleset *rs = load_posting("advocacy-officer.rules", kb);
    bool found = false;
    for (size_t r = 0; r < rs->count && !found; r++) {
        rq_rule *rule = &rs->rules[r];
        if (rule->category == RQ_CAT_KNOWLEDGE && rule->concepts.count) {
            free(rule->concepts.items[0]);
            rule->concepts.items[0] = rq_strdup("underwater basket weaving");
            found = true;
        }
    }
    assert_true(found);
    assert_true(rq_rules_use_text(rs, kb));
    rq_ruleset_free(rs);
    free_list(&full);
    free_list(&lean);
}

/* rank and match record only the concepts their postings' rules can
 * count: for every sample posting, profiles read with its bits are
 * evaluated and scored as the full ones, and record fewer concepts */
static void profiles_with_only_the_concepts_read_should_score_the_same(void **state)
{
    (void)state;
    int as_of = rq_month(2025, 6);
    profile_list full = {0};
    load_samples(kb, as_of, &full);
    size_t fewer = 0;
    for (size_t j = 0; j < NPOSTINGS; j++) {
        rq_ruleset *rs = load_posting(postings[j], kb);
        uint64_t *read = rq_rules_concepts_read((const rq_ruleset *const *)&rs, 1, kb);
        assert_non_null(read);
        profile_list lean = {0};
        rq_profile_opts o = {.kb = kb, .as_of = as_of, .concepts = read};
        rq_diags d = RQ_DIAGS_INIT;
        assert_int_equal(
            rq_profiles_load(RQ_SOURCE_DIR "/samples/profiles", &o, collect, &lean, &d), 0);
        rq_diags_clear(&d);
        assert_int_equal(full.n, lean.n);
        for (size_t i = 0; i < full.n; i++) {
            assert_true(lean.items[i]->nhits <= full.items[i]->nhits);
            fewer += lean.items[i]->nhits < full.items[i]->nhits;
            for (size_t h = 0; h < lean.items[i]->nhits; h++) {
                uint32_t c = lean.items[i]->hits[h].concept;
                assert_true(read[c / 64] >> (c % 64) & 1);
            }
        }
        same_on_both(rs, &full, &lean, as_of, postings[j]);
        free_list(&lean);
        free(read);
        rq_ruleset_free(rs);
    }
    assert_true(fewer > 0);
    assert_null(rq_rules_concepts_read(NULL, 0, NULL));
    free_list(&full);
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
    rq_profile_opts o = {.kb = kb, .as_of = as_of};
    rq_diags d = RQ_DIAGS_INIT;
    rq_profile *p = NULL;
    assert_int_equal(rq_profile_parse(json.data, json.len, "many.json", 0, "many", &o, &p, &d), 0);
    rq_diags_clear(&d);
    profile_list l = {&p, 1, 1};
    compare_samples(kb, kb, as_of, &l, "150 jobs");
    rq_profile_free(p);
    rq_buf_free(&json);
}

/* variant v of a rule set: thresholds, weights, knock-outs, "or
 * equivalent", "any of" and minimum years on and off, as match_bench's
 * variants and more, so that programs meet many (atom, threshold) pairs */
static void vary(rq_ruleset *rs, unsigned v)
{
    for (size_t i = 0; i < rs->count; i++) {
        rq_rule *r = &rs->rules[i];
        unsigned k = v + 7 * (unsigned)i;
        r->weight = (double)(k % 5) * 0.75; /* 0 included: weightless */
        r->required = (k % 3) == 0;
        if (r->category == RQ_CAT_EXPERIENCE) {
            r->has_min_years = k % 7 != 0;
            r->min_years = 0.5 * (double)(k % 17);
        }
        if (r->category == RQ_CAT_LANGUAGE)
            r->min_level = 1 + (int)(k % 6);
        if (r->category == RQ_CAT_DEGREE) {
            r->min_eqf = 1 + (int)(k % 8);
            r->or_equivalent = k % 4 == 1;
        }
        if (r->category == RQ_CAT_KNOWLEDGE || r->category == RQ_CAT_OTHER)
            r->match_any = k % 2 == 1;
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the sample postings and every tests/postings/ .rules file, each in
 * `copies` variants */
static rq_ruleset **varied_postings(size_t copies, size_t *n)
{
    char *names[256];
    size_t nn = 0;
    for (size_t i = 0; i < NPOSTINGS; i++) {
        names[nn] = malloc(strlen(RQ_SOURCE_DIR) + strlen(postings[i]) + 32);
        assert_non_null(names[nn]);
        sprintf(names[nn++], "%s/samples/postings/%s", RQ_SOURCE_DIR, postings[i]);
    }
    DIR *d = opendir(RQ_SOURCE_DIR "/tests/postings");
    assert_non_null(d);
    struct dirent *e;
    size_t from = nn;
    while ((e = readdir(d)) && nn < 256) {
        size_t len = strlen(e->d_name);
        if (len < 7 || strcmp(e->d_name + len - 6, ".rules") != 0)
            continue;
        names[nn] = malloc(strlen(RQ_SOURCE_DIR) + len + 32);
        assert_non_null(names[nn]);
        sprintf(names[nn++], "%s/tests/postings/%s", RQ_SOURCE_DIR, e->d_name);
    }
    closedir(d);
    qsort(names + from, nn - from, sizeof *names, by_name);
    assert_true(nn - from >= 20);
    rq_ruleset **rs = calloc(nn * copies, sizeof *rs);
    assert_non_null(rs);
    for (size_t i = 0; i < nn * copies; i++) {
        rq_diags dg = RQ_DIAGS_INIT;
        assert_int_equal(rq_posting_load(names[i % nn], kb, NULL, &rs[i], &dg), 0);
        rq_diags_clear(&dg);
        vary(rs[i], (unsigned)i);
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    *n = nn * copies;
    return rs;
}

static void free_postings(rq_ruleset **rs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rq_ruleset_free(rs[i]);
    free(rs);
}

static void program_should_agree_with_scorers_over_varied_postings(void **state)
{
    (void)state;
    int as_of = rq_month(2025, 6);
    size_t n;
    rq_ruleset **rs = varied_postings(6, &n);
    profile_list l = {0};
    load_samples(kb, as_of, &l);
    compare_all(rs, n, kb, as_of, &l, "varied", SIZE_MAX);
    free_list(&l);
    /* every concept free text: atoms of phrases are shared too */
    l = (profile_list){0};
    load_samples(NULL, as_of, &l);
    compare_all(rs, n, NULL, as_of, &l, "varied, no kb", 0);
    free_list(&l);
    free_postings(rs, n);
}

static void program_should_share_atoms_between_postings(void **state)
{
    (void)state;
    rq_eval_opts o = {kb, rq_month(2025, 6)};
    size_t n;
    rq_ruleset **rs = varied_postings(4, &n);
    rq_scorer **sc = calloc(n, sizeof *sc);
    assert_non_null(sc);
    size_t nrules = 0;
    for (size_t i = 0; i < n; i++) {
        assert_non_null(sc[i] = rq_scorer_new(rs[i], &o));
        nrules += rs[i]->count;
    }
    rq_score_program *g = rq_score_program_new((const rq_scorer *const *)sc, n);
    assert_non_null(g);
    /* four variants of each posting: at most a quarter of the rules */
    size_t atoms = rq_score_program_atoms(g);
    assert_true(atoms > 0);
    assert_true(atoms * 4 <= nrules);
    rq_score_program_free(g);
    /* an empty program scores nothing */
    g = rq_score_program_new(NULL, 0);
    assert_non_null(g);
    assert_int_equal(rq_score_program_atoms(g), 0);
    rq_score_view *v = rq_score_view_new(kb);
    profile_list l = {0};
    load_samples(kb, o.as_of, &l);
    rq_score_view_set(v, l.items[0]);
    assert_int_equal(rq_score_program_run(g, v, NULL), 0);
    rq_score_program_free(g);
    /* scorers on different kbs cannot share a view */
    rq_eval_opts none = {NULL, o.as_of};
    rq_scorer *two[2] = {sc[0], rq_scorer_new(rs[0], &none)};
    assert_non_null(two[1]);
    assert_null(rq_score_program_new((const rq_scorer *const *)two, 2));
    rq_scorer_free(two[1]);
    free_list(&l);
    rq_score_view_free(v);
    for (size_t i = 0; i < n; i++)
        rq_scorer_free(sc[i]);
    free(sc);
    free_postings(rs, n);
}

/* A program's run can be split in two, the profile's side
 * (rq_score_program_prepare) and the scores; the view remembers which
 * program its atoms are for, and forgets when given another profile. */
static void program_should_score_the_same_when_prepared_apart(void **state)
{
    (void)state;
    rq_eval_opts o = {kb, rq_month(2025, 6)};
    size_t n;
    rq_ruleset **rs = varied_postings(2, &n);
    size_t half = n / 2;
    rq_scorer **sc = calloc(n, sizeof *sc);
    assert_non_null(sc);
    for (size_t i = 0; i < n; i++)
        assert_non_null(sc[i] = rq_scorer_new(rs[i], &o));
    /* two programs with different atoms: the first half, the second */
    rq_score_program *g1 = rq_score_program_new((const rq_scorer *const *)sc, half);
    rq_score_program *g2 = rq_score_program_new((const rq_scorer *const *)sc + half, n - half);
    assert_non_null(g1);
    assert_non_null(g2);
    profile_list l = {0};
    load_samples(kb, o.as_of, &l);
    rq_score_view *v = rq_score_view_new(kb);
    assert_non_null(v);
    rq_score *ref = calloc(l.n * n, sizeof *ref), *row = calloc(n, sizeof *row);
    assert_non_null(ref);
    assert_non_null(row);
    for (size_t i = 0; i < l.n; i++) {
        rq_score_view_set(v, l.items[i]);
        assert_int_equal(rq_score_program_run(g1, v, ref + i * n), 0);
        rq_score_view_set(v, l.items[i]);
        assert_int_equal(rq_score_program_run(g2, v, ref + i * n + half), 0);
    }
#define SAME_ROW(r, i, from, count)                                                        \
    for (size_t j = 0; j < (count); j++)                                                   \
        if (!same_score((r)[j], ref[(i) * n + (from) + j].score,                            \
                        ref[(i) * n + (from) + j].eligible))                                \
            fail_msg("profile %zu, posting %zu: %.17g, alone %.17g", (size_t)(i),          \
                     (size_t)((from) + j), (r)[j].score, ref[(i) * n + (from) + j].score);
    bool differ = false;
    for (size_t i = 0; i < l.n; i++) {
        rq_score_view_set(v, l.items[i]);
        assert_int_equal(rq_score_program_prepare(g1, v), 0);
        /* prepared for g1: g2 works its own atoms out */
        assert_int_equal(rq_score_program_run(g2, v, row), 0);
        SAME_ROW(row, i, half, n - half);
        assert_int_equal(rq_score_program_run(g1, v, row), 0);
        SAME_ROW(row, i, 0, half);
        assert_int_equal(rq_score_program_prepare(g1, v), 0);
        assert_int_equal(rq_score_program_run(g1, v, row), 0);
        assert_int_equal(rq_score_program_run(g1, v, row), 0);
        SAME_ROW(row, i, 0, half);
        /* another profile: the atoms are worked out again */
        size_t next = (i + 1) % l.n;
        rq_score_view_set(v, l.items[next]);
        assert_int_equal(rq_score_program_run(g1, v, row), 0);
        SAME_ROW(row, next, 0, half);
        for (size_t j = 0; j < half; j++)
            differ |= memcmp(&ref[i * n + j], &ref[next * n + j], sizeof *ref) != 0;
    }
    /* the sample profiles do not all score alike, or the last check
     * could not fail */
    assert_true(differ);
    /* a program made where a freed one was is another program */
    rq_score_view_set(v, l.items[0]);
    assert_int_equal(rq_score_program_prepare(g1, v), 0);
    rq_score_program_free(g1);
    g1 = rq_score_program_new((const rq_scorer *const *)sc + half, n - half);
    assert_non_null(g1);
    assert_int_equal(rq_score_program_run(g1, v, row), 0);
    SAME_ROW(row, 0, half, n - half);
#undef SAME_ROW
    rq_score_program_free(g1);
    rq_score_program_free(g2);
    rq_score_view_free(v);
    free(ref);
    free(row);
    free_list(&l);
    for (size_t i = 0; i < n; i++)
        rq_scorer_free(sc[i]);
    free(sc);
    free_postings(rs, n);
}

/* ---- free text ----
 *
 * A program finds free-text concepts through an index of the word stems
 * of the profile's texts, filtered by the first three bytes of its
 * phrases' stems; rq_evaluate splits and stems each text for each
 * phrase. These cases aim at where the two could part: stems that are
 * prefixes of other words or hide inside them, -aux / -al (a 4-byte
 * "baux" is "bal"), case and accents, plurals and -e, words joined by a
 * non-Latin letter, words over the stem buffer, phrases of stop words,
 * a phrase split over two texts, more than 64 texts, and programs of
 * more than 64 distinct phrases. */

static rq_profile *parse_profile(const char *json, const rq_kb *k, int as_of)
{
    rq_profile_opts o = {.kb = k, .as_of = as_of};
    rq_diags d = RQ_DIAGS_INIT;
    rq_profile *p = NULL;
    if (rq_profile_parse(json, strlen(json), "t.json", 0, "t", &o, &p, &d) != 0)
        fail_msg("profile does not parse: %s", json);
    rq_diags_clear(&d);
    return p;
}

static rq_ruleset *knowledge_posting(const char *const *concepts, size_t n, bool any)
{
    rq_ruleset *rs = rq_ruleset_new();
    assert_non_null(rs);
    rq_rule *r = rq_ruleset_add(rs);
    assert_non_null(r);
    r->id = strdup("k1");
    r->source_text = strdup("");
    r->category = RQ_CAT_KNOWLEDGE;
    r->match_any = any;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rq_strlist_add(&r->concepts, concepts[i]), 0);
    return rs;
}

/* Is phrase in the profile of the text `text` (basics.summary)? The
 * program, the scorer and rq_evaluate must agree; the program's answer. */
static bool found_in(const char *phrase, const char *profile_json, const rq_kb *k)
{
    int as_of = rq_month(2025, 6);
    rq_profile *p = parse_profile(profile_json, k, as_of);
    rq_ruleset *rs = knowledge_posting(&phrase, 1, false);
    profile_list l = {&p, 1, 1};
    compare_all(&rs, 1, k, as_of, &l, phrase, SIZE_MAX);
    rq_eval_opts o = {k, as_of};
    rq_scorer *sc = rq_scorer_new(rs, &o);
    assert_non_null(sc);
    rq_score_program *g = rq_score_program_new((const rq_scorer *const *)&sc, 1);
    rq_score_view *v = rq_score_view_new(k);
    assert_non_null(g);
    assert_non_null(v);
    rq_score_view_set(v, p);
    rq_score row;
    assert_int_equal(rq_score_program_run(g, v, &row), 0);
    rq_score_view_free(v);
    rq_score_program_free(g);
    rq_scorer_free(sc);
    rq_ruleset_free(rs);
    rq_profile_free(p);
    return row.score == 100.0;
}

static bool found(const char *phrase, const char *text)
{
    char json[1024];
    snprintf(json, sizeof json, "{\"basics\": {\"summary\": \"%s\"}}", text);
    bool with_kb = found_in(phrase, json, kb);
    assert_int_equal(found_in(phrase, json, NULL), with_kb);
    return with_kb;
}

static void program_should_find_free_text_as_evaluation_does(void **state)
{
    (void)state;
    assert_true(found("journaux internationaux", "Revue du JOURNAL international."));
    assert_true(found("journal international", "journaux internationaux"));
    /* a 4-byte word in -aux: its stem does not start as the word does */
    assert_true(found("baux commerciaux", "bal commercial"));
    assert_true(found("bal commercial", "Gestion des baux commerciaux"));
    assert_false(found("bal commercial", "Gestion des bauxite commerciaux"));
    /* a stem is a word's, not a prefix nor a part of one */
    assert_false(found("gestion", "gestionnaire de projets"));
    assert_false(found("gestionnaire", "gestion de projets"));
    assert_false(found("art history", "partner history"));
    assert_false(found("partner", "partnership"));
    assert_true(found("droits", "droit"));
    assert_true(found("partners", "Partner"));
    /* case, accents, plurals, -e */
    assert_true(found("Éducation Permanente", "EDUCATION PERMANENTE"));
    assert_true(found("education permanente", "éducations permanentes"));
    assert_true(found("langue française", "Langues: FRANÇAIS"));
    assert_true(found("Œuvres sociales", "oeuvre sociale"));
    /* a non-Latin letter joins a word; a text goes through rq_words
     * from its first byte of 0x80 or more */
    assert_false(found("logistics", "logistics東京"));
    assert_true(found("logistics", "logistics 東京"));
    assert_true(found("logistics", "東京 logistics"));
    assert_true(found("logistique tokyo", "logistique, puis 東京 et Tokyo"));
    assert_false(found("tokyo", "東京tokyo"));
    /* the same past sixteen ASCII bytes (the index takes sixteen a
     * step): a joint inside a step, a word that ends at a step's end
     * with the letter at the next one's start, a word across two steps,
     * a text of 32 bytes that ends in a word */
    assert_false(found("logistics", "the office runs all of the logistics東京 work, and more"));
    assert_true(found("logistics", "the office runs all of the logistics 東京 work, and more"));
    assert_false(found("archive", "projets, archive東京 des stocks et plus"));
    assert_true(found("archive", "projets, archive 東京 des stocks et plus"));
    assert_true(found("journal international", "Une revue: journaux internationaux, en ligne"));
    assert_true(found("logistics", "the teams runs all the logistics"));
    /* digits are word bytes */
    assert_true(found("covid19 response", "Response to COVID19"));
    assert_false(found("covid response", "covid19 response"));
    /* stop words and short words only: nothing to look for */
    assert_false(found("de la", "de la"));
    assert_false(found("of", "of"));
    /* words longer than the stem buffer are cut as rq_stem cuts */
    char longw[128], text[256];
    memset(longw, 'q', 70);
    longw[70] = '\0';
    snprintf(text, sizeof text, "avant %s apres", longw);
    assert_true(found(longw, text));
    longw[69] = 'z'; /* the cut leaves 63 bytes: the same stem */
    assert_true(found(longw, text));
    /* every stem in the same text */
    assert_false(found_in("quasar nebula",
                          "{\"basics\": {\"label\": \"quasar\", \"summary\": \"nebula\"}}", kb));
    assert_true(found_in("quasar nebula",
                         "{\"basics\": {\"label\": \"quasar\", \"summary\": \"nebulae quasars\"}}",
                         kb));
    /* more than 64 texts: looked for text by text */
    rq_buf json = RQ_BUF_INIT;
    rq_buf_puts(&json, "{\"skills\": [{\"name\": \"misc\", \"keywords\": [");
    for (int i = 0; i < 80; i++)
        rq_buf_printf(&json, "%s\"keyword%d filler\"", i ? ", " : "", i);
    rq_buf_puts(&json, ", \"baux commerciaux\"]}]}");
    assert_true(found_in("bal commercial", json.data, kb));
    assert_false(found_in("keyword3 keyword4", json.data, kb));
    assert_true(found_in("keyword79 filler", json.data, kb));
    rq_buf_free(&json);
}

/* pseudo-random, deterministic */
static unsigned next_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

static const char *const tricky[] = {
    "journaux internationaux", "bal commercial", "baux", "gestion", "gestionnaire",
    "art history", "partner", "Éducation Permanente", "langue française",
    "logistics", "covid19 response", "de la", "sciences de l'éducation",
    "animation jeunesse", "droits de l'enfant", "plaidoyer politique",
};
static const char *const sentences[] = {
    "Revue du JOURNAL international et des journaux locaux",
    "Gestion des baux commerciaux et du bal annuel",
    "gestionnaire de projets, partnership, art",
    "EDUCATION PERMANENTE et éducations populaires",
    "Langues: FRANÇAIS, English",
    "logistics東京 et logistique",
    "logistics 東京",
    "Response to COVID19",
    "Animation de groupes: jeunesse et animations",
    "Plaidoyer pour les droits de l'enfant",
    "partner history, politique de plaidoyer",
    "de la",
};

/* a JSON Resume profile of random texts: sentences, quasar phrases */
static void random_profile(rq_buf *json, unsigned *seed, size_t nphrases)
{
    rq_buf_puts(json, "{\"basics\": {\"summary\": \"");
    rq_buf_puts(json, sentences[next_rand(seed) % (sizeof sentences / sizeof *sentences)]);
    rq_buf_puts(json, "\"}, \"work\": [");
    unsigned njobs = next_rand(seed) % 4;
    for (unsigned j = 0; j < njobs; j++) {
        unsigned q = next_rand(seed) % (unsigned)nphrases;
        rq_buf_printf(json,
                      "%s{\"position\": \"%s\", \"startDate\": \"%u-01\", \"endDate\": "
                      "\"%u-06\", \"summary\": \"quasar%u %s\", \"highlights\": [\"%s\"]}",
                      j ? ", " : "", next_rand(seed) % 2 ? "Animateur jeunesse" : "quasar",
                      2010 + j * 3, 2012 + j * 3, q,
                      next_rand(seed) % 2 ? "nebulae" : "nebulosity",
                      sentences[next_rand(seed) % (sizeof sentences / sizeof *sentences)]);
    }
    rq_buf_printf(json, "], \"education\": [{\"institution\": \"ULB\", \"area\": \"%s\", "
                        "\"studyType\": \"Master\", \"endDate\": \"2009\"}], ",
                  next_rand(seed) % 2 ? "Sciences de l'éducation" : "quasar7 nebula");
    rq_buf_puts(json, "\"skills\": [{\"name\": \"free\", \"keywords\": [");
    unsigned nk = next_rand(seed) % 6;
    for (unsigned k = 0; k < nk; k++)
        rq_buf_printf(json, "%s\"quasar%u nebula\"", k ? ", " : "",
                      next_rand(seed) % (unsigned)nphrases);
    rq_buf_puts(json, "]}]}");
}

static void program_should_agree_on_many_free_text_phrases(void **state)
{
    (void)state;
    int as_of = rq_month(2025, 6);
    enum { NPHRASES = 100, NPOST = 24 };
    unsigned seed = 7;
    /* postings of free-text concepts, domains and fields: with the
     * tricky ones, more than 64 distinct phrases (the old memo's size) */
    rq_ruleset *rs[NPOST];
    for (size_t i = 0; i < NPOST; i++) {
        rs[i] = rq_ruleset_new();
        assert_non_null(rs[i]);
        for (int k = 0; k < 4; k++) {
            rq_rule *r = rq_ruleset_add(rs[i]);
            assert_non_null(r);
            r->id = malloc(8);
            assert_non_null(r->id);
            snprintf(r->id, 8, "r%d", k);
            r->source_text = strdup("");
            r->weight = 1 + k;
            r->required = (i + (size_t)k) % 5 == 0;
            rq_strlist *list = &r->concepts;
            r->category = k == 0 ? RQ_CAT_DEGREE : k == 1 ? RQ_CAT_EXPERIENCE : RQ_CAT_KNOWLEDGE;
            if (k == 0) {
                r->min_eqf = 7;
                r->or_equivalent = i % 2;
                list = &r->fields;
            } else if (k == 1) {
                r->has_min_years = i % 3 != 0;
                r->min_years = (double)(i % 4);
                list = &r->domains;
            } else {
                r->match_any = k == 3;
            }
            unsigned m = 1 + next_rand(&seed) % 4;
            for (unsigned c = 0; c < m; c++) {
                char phrase[64];
                unsigned x = next_rand(&seed) % (NPHRASES + sizeof tricky / sizeof *tricky);
                if (x < NPHRASES)
                    snprintf(phrase, sizeof phrase, "quasar%u nebula", x);
                else
                    snprintf(phrase, sizeof phrase, "%s", tricky[x - NPHRASES]);
                if (!rq_strlist_has(list, phrase))
                    assert_int_equal(rq_strlist_add(list, phrase), 0);
            }
        }
    }
    /* profiles: random texts, one with none, one of more than 64 texts */
    for (int with_kb = 1; with_kb >= 0; with_kb--) {
        const rq_kb *k = with_kb ? kb : NULL;
        profile_list l = {0};
        for (int i = 0; i < 60; i++) {
            rq_buf json = RQ_BUF_INIT;
            random_profile(&json, &seed, NPHRASES);
            rq_profile *p = parse_profile(json.data, k, as_of);
            collect(&l, p, NULL, NULL);
            rq_buf_free(&json);
        }
        collect(&l, parse_profile("{}", k, as_of), NULL, NULL);
        rq_buf big = RQ_BUF_INIT;
        rq_buf_puts(&big, "{\"skills\": [{\"name\": \"many\", \"keywords\": [");
        for (int i = 0; i < 90; i++)
            rq_buf_printf(&big, "%s\"quasar%d nebula\"", i ? ", " : "", i);
        rq_buf_puts(&big, ", \"baux commerciaux\", \"gestion\"]}]}");
        collect(&l, parse_profile(big.data, k, as_of), NULL, NULL);
        rq_buf_free(&big);
        compare_all(rs, NPOST, k, as_of, &l, with_kb ? "free text" : "free text, no kb",
                    SIZE_MAX);
        free_list(&l);
    }
    for (size_t i = 0; i < NPOST; i++)
        rq_ruleset_free(rs[i]);
}

#ifdef RQ_GEN_PROFILES
/* a pool from tests/bench/gen_profiles (the benchmark's profiles) */
static void load_generated(int n, int seed, int as_of, profile_list *l)
{
    char dir[] = "/tmp/rq-test-score-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/pool.jsonl", dir); /* JSON Lines: by its name */
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' %d %d > '%s'", RQ_GEN_PROFILES, n, seed, path);
    assert_int_equal(system(cmd), 0);
    rq_profile_opts o = {.kb = kb, .as_of = as_of};
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_profiles_load(path, &o, collect, l, &d), 0);
    rq_diags_clear(&d);
    unlink(path);
    rmdir(dir);
    assert_int_equal(l->n, (size_t)n);
}

static void program_should_agree_on_generated_profiles(void **state)
{
    (void)state;
    int as_of = rq_month(2025, 6);
    profile_list l = {0};
    load_generated(400, 5, as_of, &l);
    compare_samples(kb, kb, as_of, &l, "generated");
    size_t n;
    rq_ruleset **rs = varied_postings(3, &n);
    compare_all(rs, n, kb, as_of, &l, "generated, varied", 40);
    free_postings(rs, n);
    free_list(&l);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scorer_should_agree_with_evaluation_on_every_sample),
        cmocka_unit_test(scorer_should_agree_when_every_concept_is_free_text),
        cmocka_unit_test(scorer_should_handle_more_jobs_than_its_stack),
        cmocka_unit_test(profiles_without_folded_texts_should_score_the_same),
        cmocka_unit_test(profiles_with_only_the_concepts_read_should_score_the_same),
        cmocka_unit_test(program_should_agree_with_scorers_over_varied_postings),
        cmocka_unit_test(program_should_share_atoms_between_postings),
        cmocka_unit_test(program_should_score_the_same_when_prepared_apart),
        cmocka_unit_test(program_should_find_free_text_as_evaluation_does),
        cmocka_unit_test(program_should_agree_on_many_free_text_phrases),
#ifdef RQ_GEN_PROFILES
        cmocka_unit_test(program_should_agree_on_generated_profiles),
#endif
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
