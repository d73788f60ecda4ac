/*
 * match_bench.c - posting x profile evaluations per second, once the
 * profiles are analysed: the part of `reqmatch match` that grows with
 * postings x profiles.
 *
 *     match_bench POOL.jsonl [POSTINGS [PASSES]] [--from DIR]
 *                 [--per-scorer | --program]         (defaults: 100, 3)
 *
 * Loads and analyses every profile of POOL (not timed), compiles the
 * sample postings (samples/postings/, run from the source directory; or
 * every .rules file of DIR) and varies them into POSTINGS rule sets
 * (minimum years, levels and EQF shifted, weights and knock-outs
 * changed, deterministically), builds a scorer for each and a program of
 * them all, then times, on one thread, the loop `reqmatch match` runs on
 * its workers: for each profile, prepare its view once, then score it
 * against every posting, two ways: per scorer (rq_score_get for each
 * posting, as match did before programs) and with the program
 * (rq_score_program_run, as match does). Prints evaluations per second
 * of each (best of PASSES; --per-scorer or --program: that way only);
 * for the program, also the two parts of its time: the profiles' side
 * (the view and rq_score_program_prepare: what each profile shows of
 * what the postings ask, worked out once per profile, as years per set
 * of domains) and the scores computed from it, per evaluation
 * and a checksum of the scores, so that the work cannot be optimised
 * away; fails if the two ways give different scores.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval.h"
#include "profile.h"
#include "rules.h"
#include "score.h"

static const char *const sample_files[] = {
    "samples/postings/advocacy-officer.txt",
    "samples/postings/beleidsmedewerker-kinderrechten.txt",
    "samples/postings/chargee-projet-logement.txt",
    "samples/postings/coordination-droits-enfant.txt",
    "samples/postings/coordinateur-graph.json",
    "samples/postings/legal-officer.json",
};
#define NSAMPLES (sizeof sample_files / sizeof *sample_files)

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

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the .rules files of dir, sorted (so the postings do not depend on
 * readdir's order); NULL when there is none */
static char **rules_in(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    char **files = NULL;
    *n = 0;
    if (!d)
        return NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 7 || strcmp(e->d_name + len - 6, ".rules") != 0)
            continue;
        char **f = realloc(files, (*n + 1) * sizeof *f);
        char *path = malloc(strlen(dir) + len + 2);
        if (!f || !path) {
            free(path);
            free(f ? f : files);
            closedir(d);
            return NULL;
        }
        files = f;
        sprintf(path, "%s/%s", dir, e->d_name);
        files[(*n)++] = path;
    }
    closedir(d);
    if (files)
        qsort(files, *n, sizeof *files, by_name);
    return files;
}

/* one pass over every profile: per scorer, or with the program (its
 * scores in row); the time taken, and the sum of the scores in sum.
 * With the program, *side is the part of the time spent on the
 * profile's side (the view and rq_score_program_prepare: each atom once
 * per profile), the rest being the scores worked out from it. */
static double run(const list *l, rq_scorer **scorers, size_t np, const rq_score_program *prog,
                  rq_score_view *v, rq_score *row, double *sum, double *side)
{
    double t = now();
    *sum = 0;
    *side = 0;
    for (size_t c = 0; c < l->n; c++) {
        if (prog) {
            double t0 = now();
            rq_score_view_set(v, l->items[c]);
            rq_score_program_prepare(prog, v);
            *side += now() - t0;
            rq_score_program_run(prog, v, row);
            for (size_t p = 0; p < np; p++)
                *sum += row[p].score + (row[p].eligible ? 1000.0 : 0.0);
            continue;
        }
        rq_score_view_set(v, l->items[c]);
        for (size_t p = 0; p < np; p++) {
            rq_score s;
            rq_score_get(scorers[p], v, &s);
            *sum += s.score + (s.eligible ? 1000.0 : 0.0);
        }
    }
    return now() - t;
}

/* the program and the scorers give the same bits, profile by profile */
static size_t differences(const list *l, rq_scorer **scorers, size_t np,
                          const rq_score_program *prog, rq_score_view *v, rq_score *row)
{
    size_t bad = 0;
    for (size_t c = 0; c < l->n; c++) {
        rq_score_view_set(v, l->items[c]);
        rq_score_program_run(prog, v, row);
        for (size_t p = 0; p < np; p++) {
            rq_score s;
            rq_score_get(scorers[p], v, &s);
            if (memcmp(&s.score, &row[p].score, sizeof s.score) != 0 ||
                s.eligible != row[p].eligible)
                bad++;
        }
    }
    return bad;
}

int main(int argc, char **argv)
{
    const char *pos[3] = {NULL, NULL, NULL}, *from = NULL;
    size_t npos = 0;
    bool way_on[2] = {true, true};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
            from = argv[++i];
        else if (strcmp(argv[i], "--per-scorer") == 0)
            way_on[1] = false;
        else if (strcmp(argv[i], "--program") == 0)
            way_on[0] = false;
        else if (npos < 3 && argv[i][0] != '-')
            pos[npos++] = argv[i];
        else
            npos = 4;
    }
    if (npos == 0 || npos > 3) {
        fprintf(stderr, "usage: match_bench POOL.jsonl [POSTINGS [PASSES]] [--from DIR] "
                        "[--per-scorer | --program]\n");
        return 1;
    }
    size_t np = pos[1] ? (size_t)atol(pos[1]) : 100;
    int passes = pos[2] ? atoi(pos[2]) : 3;
    if (np == 0 || passes <= 0) {
        fprintf(stderr, "match_bench: POSTINGS and PASSES must be positive\n");
        return 1;
    }
    size_t nsamples = NSAMPLES;
    const char *const *samples = sample_files;
    char **files = NULL;
    if (from && !(files = rules_in(from, &nsamples))) {
        fprintf(stderr, "match_bench: no .rules file in %s\n", from);
        return 1;
    }
    if (files)
        samples = (const char *const *)files;
    rq_diags d = RQ_DIAGS_INIT;
    rq_kb *kb = NULL;
    if (rq_kb_new(&kb, &d) != 0) {
        fprintf(stderr, "match_bench: no kb\n");
        return 1;
    }
    int as_of = rq_month(2025, 6);
    rq_json_arena_install();
    rq_profile_opts popts = {.kb = kb, .as_of = as_of};
    list l = {0};
    double t0 = now();
    rq_profiles_load(pos[0], &popts, keep, &l, &d);
    double t_load = now() - t0;
    rq_diags_clear(&d);
    if (l.n == 0) {
        fprintf(stderr, "match_bench: no profile in %s\n", pos[0]);
        return 1;
    }

    rq_eval_opts eopts = {kb, as_of};
    rq_scorer **scorers = calloc(np, sizeof *scorers);
    size_t nrules = 0;
    for (size_t i = 0; i < np; i++) {
        rq_ruleset *rs = NULL;
        if (rq_posting_load(samples[i % nsamples], kb, NULL, &rs, &d) != 0) {
            fprintf(stderr, "match_bench: %s: cannot load (run from the source directory)\n",
                    samples[i % nsamples]);
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
    rq_score_program *prog = rq_score_program_new((const rq_scorer *const *)scorers, np);
    rq_score *row = calloc(np, sizeof *row);
    rq_score_view *v = rq_score_view_new(kb);
    if (!prog || !row || !v) {
        fprintf(stderr, "match_bench: out of memory\n");
        return 1;
    }

    double best[2] = {1e300, 1e300}, checksum[2] = {0, 0}, best_side = 0;
    for (int pass = 0; pass < passes; pass++) {
        for (int way = 0; way < 2; way++) {
            if (!way_on[way])
                continue;
            double side;
            double t = run(&l, scorers, np, way ? prog : NULL, v, row, &checksum[way], &side);
            if (t < best[way]) {
                best[way] = t;
                if (way)
                    best_side = side;
            }
        }
    }
    size_t bad = way_on[0] && way_on[1] ? differences(&l, scorers, np, prog, v, row) : 0;
    double evals = (double)l.n * (double)np;
    printf("profiles %zu (analysed in %.2f s, %.0f/s), postings %zu from %zu files "
           "(%.1f rules each; %zu atoms, %zu measures)\n",
           l.n, t_load, (double)l.n / t_load, np, nsamples, (double)nrules / (double)np,
           rq_score_program_atoms(prog), rq_score_program_measures(prog));
    if (way_on[0])
        printf("per scorer: evaluations %.0f in %.3f s: %.2f million evaluations/s on one thread "
           "(checksum %.6g)\n",
           evals, best[0], evals / best[0] / 1e6, checksum[0]);
    if (way_on[1]) {
        printf("program:    evaluations %.0f in %.3f s: %.2f million evaluations/s on one thread "
           "(checksum %.6g)\n",
           evals, best[1], evals / best[1] / 1e6, checksum[1]);
        printf("            of which the profiles' side (view, atoms) %.3f s, %.2f us a profile;\n"
               "            the scores from it %.3f s: %.2f million evaluations/s\n",
               best_side, best_side / (double)l.n * 1e6, best[1] - best_side,
               evals / (best[1] - best_side) / 1e6);
    }
    if (bad)
        printf("program and scorers differ in %zu evaluations\n", bad);

    rq_score_view_free(v);
    free(row);
    rq_score_program_free(prog);
    for (size_t i = 0; i < np; i++)
        rq_scorer_free(scorers[i]);
    free(scorers);
    for (size_t i = 0; files && i < nsamples; i++)
        free(files[i]);
    free(files);
    for (size_t i = 0; i < l.n; i++)
        rq_profile_free(l.items[i]);
    free(l.items);
    rq_kb_free(kb);
    return bad ? 1 : 0;
}
