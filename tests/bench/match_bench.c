/*
 * match_bench.c - posting x profile evaluations per second, once the
 * profiles are analysed: the part of `reqmatch match` that grows with
 * postings x profiles.
 *
 *     match_bench POOL.jsonl [POSTINGS [PASSES]]     (defaults: 100, 3)
 *
 * Loads and analyses every profile of POOL (not timed), compiles the
 * sample postings (samples/postings/, run from the source directory) and
 * varies them into POSTINGS rule sets (minimum years, levels and EQF
 * shifted, weights and knock-outs changed, deterministically), builds a
 * scorer for each, then times, on one thread, the loop `reqmatch match`
 * runs on its workers: for each profile, prepare its view once, then
 * score it against every posting. Prints evaluations per second (best of
 * PASSES) and a checksum of the scores, so that the work cannot be
 * optimised away.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval.h"
#include "profile.h"
#include "rules.h"
#include "score.h"

static const char *const samples[] = {
    "samples/postings/advocacy-officer.txt",
    "samples/postings/beleidsmedewerker-kinderrechten.txt",
    "samples/postings/chargee-projet-logement.txt",
    "samples/postings/coordination-droits-enfant.txt",
    "samples/postings/coordinateur-graph.json",
    "samples/postings/legal-officer.json",
};
#define NSAMPLES (sizeof samples / sizeof *samples)

typedef struct {
    rq_profile **items;
    size_t n, cap;
} list;

static int keep(void *ctx, rq_profile *p, const char *source, const char *error)
{
    (void)source;
    (void)error;
    list *l = ctx;
    if (!p)
        return 0;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        rq_profile **n = realloc(l->items, l->cap * sizeof *n);
        if (!n)
            return 1;
        l->items = n;
    }
    l->items[l->n++] = p;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* variant v of a rule set: thresholds and weights moved by v */
static void vary(rq_ruleset *rs, unsigned v)
{
    for (size_t i = 0; i < rs->count; i++) {
        rq_rule *r = &rs->rules[i];
        unsigned k = v + (unsigned)i;
        r->weight = 1.0 + (double)(k % 4);
        r->required = (k % 3) == 0;
        if (r->category == RQ_CAT_EXPERIENCE && r->has_min_years)
            r->min_years = 1.0 + (double)(k % 8);
        if (r->category == RQ_CAT_LANGUAGE)
            r->min_level = 2 + (int)(k % 5);
        if (r->category == RQ_CAT_DEGREE)
            r->min_eqf = 4 + (int)(k % 5);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: match_bench POOL.jsonl [POSTINGS [PASSES]]\n");
        return 1;
    }
    size_t np = argc > 2 ? (size_t)atol(argv[2]) : 100;
    int passes = argc > 3 ? atoi(argv[3]) : 3;
    if (np == 0 || passes <= 0) {
        fprintf(stderr, "match_bench: POSTINGS and PASSES must be positive\n");
        return 1;
    }
    rq_diags d = RQ_DIAGS_INIT;
    rq_kb *kb = NULL;
    if (rq_kb_new(&kb, &d) != 0) {
        fprintf(stderr, "match_bench: no kb\n");
        return 1;
    }
    int as_of = rq_month(2025, 6);
    rq_json_arena_install();
    rq_profile_opts popts = {kb, as_of};
    list l = {0};
    double t0 = now();
    rq_profiles_load(argv[1], &popts, keep, &l, &d);
    double t_load = now() - t0;
    rq_diags_clear(&d);
    if (l.n == 0) {
        fprintf(stderr, "match_bench: no profile in %s\n", argv[1]);
        return 1;
    }

    rq_eval_opts eopts = {kb, as_of};
    rq_scorer **scorers = calloc(np, sizeof *scorers);
    size_t nrules = 0;
    for (size_t i = 0; i < np; i++) {
        rq_ruleset *rs = NULL;
        if (rq_posting_load(samples[i % NSAMPLES], kb, NULL, &rs, &d) != 0) {
            fprintf(stderr, "match_bench: %s: cannot load (run from the source directory)\n",
                    samples[i % NSAMPLES]);
            return 1;
        }
        vary(rs, (unsigned)i);
        nrules += rs->count;
        scorers[i] = rq_scorer_new(rs, &eopts);
        rq_ruleset_free(rs);
        if (!scorers[i]) {
            fprintf(stderr, "match_bench: out of memory\n");
            return 1;
        }
    }
    rq_diags_clear(&d);

    rq_score_view *v = rq_score_view_new(kb);
    double best = 1e300, checksum = 0;
    for (int pass = 0; pass < passes; pass++) {
        double sum = 0;
        double t = now();
        for (size_t c = 0; c < l.n; c++) {
            rq_score_view_set(v, l.items[c]);
            for (size_t p = 0; p < np; p++) {
                rq_score s;
                rq_score_get(scorers[p], v, &s);
                sum += s.score + (s.eligible ? 1000.0 : 0.0);
            }
        }
        t = now() - t;
        if (t < best)
            best = t;
        checksum = sum;
    }
    double evals = (double)l.n * (double)np;
    printf("profiles %zu (analysed in %.2f s, %.0f/s), postings %zu (%.1f rules each)\n",
           l.n, t_load, (double)l.n / t_load, np, (double)nrules / (double)np);
    printf("evaluations %.0f in %.3f s: %.2f million evaluations/s on one thread "
           "(checksum %.6g)\n",
           evals, best, evals / best / 1e6, checksum);

    rq_score_view_free(v);
    for (size_t i = 0; i < np; i++)
        rq_scorer_free(scorers[i]);
    free(scorers);
    for (size_t i = 0; i < l.n; i++)
        rq_profile_free(l.items[i]);
    free(l.items);
    rq_kb_free(kb);
    return 0;
}
