/*
 * score.c - scoring without explaining (see score.h).
 *
 * Compiling a rule set resolves each concept, field or domain once: a
 * lexicon key becomes two dense bit sets over the kb's concepts, `covers`
 * (c counts as the concept: rq_kb_covers) and `related` (c counts half:
 * rq_kb_related), plus the list of words of `covers` and `related` that
 * are not zero, so that testing a profile's whole concept set costs a few
 * AND operations. Free text is prepared as content-word stems (phrase.h).
 *
 * Each rule then mirrors its eval.c counterpart step by step, keeping
 * only what the satisfaction depends on:
 *   degree      best of level credit x field credit over the recognised
 *               degrees, "or equivalent" through five years of dated work;
 *   experience  each job's relevance (1, 0.5, 0) and kind give its rate;
 *               months are counted at the best rate that covers them;
 *   language    best recognised level among the accepted languages;
 *   knowledge   1 per concept found (or a narrower one), 0.5 related,
 *               mean for "all of", best for "any of".
 * The arithmetic is the same, in the same order, so the doubles are the
 * same bits as rq_evaluate's.
 */
#include "score.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phrase.h"

#define STACK_JOBS 64

/* A concept, field or domain of a rule. */
typedef struct {
    long entry;              /* lexicon entry, or -1: free text */
    uint64_t *covers;        /* dense, kb->words words; entry >= 0 */
    uint64_t *related;
    uint32_t *cover_words;   /* indices of the non-zero words of covers */
    uint32_t ncover_words;
    uint32_t *related_words;
    uint32_t nrelated_words;
    rq_phrase *phrase;       /* entry < 0 */
} sconcept;

typedef struct {
    rq_category category;
    bool required;
    double weight;
    int min_eqf;
    bool or_equivalent;
    bool has_min_years;
    double min_years;
    int min_level;
    bool match_any;
    uint32_t *langs;         /* packed ISO codes (pack_code) */
    size_t nlangs;
    sconcept *items;         /* fields, domains or concepts */
    size_t nitems;
} srule;

struct rq_scorer {
    const rq_kb *kb;
    int as_of;
    size_t words;            /* 64-bit words of a concept bit set */
    srule *rules;
    size_t nrules;
};

struct rq_score_view {
    const rq_kb *kb;
    size_t words;
    uint64_t *concepts;      /* the profile's concepts (distinct hits) */
    const rq_profile *p;
    int work_as_of;          /* as_of of work_years, or -1 not yet known */
    double work_years;
    rq_phrase_scratch scratch;
};

/* "nl" -> a number; 0 for a code of more than 3 bytes (matches nothing) */
static uint32_t pack_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 3)
        return 0;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint32_t)(unsigned char)s[i] << (8 * i);
    return v;
}

static bool bit(const uint64_t *set, uint32_t c)
{
    return (set[c / 64] >> (c % 64)) & 1;
}

/* ---- compiling ---- */

static void sconcept_clear(sconcept *c)
{
    free(c->covers);
    free(c->related);
    free(c->cover_words);
    free(c->related_words);
    free(c->phrase);
}

static uint32_t *nonzero_words(const uint64_t *set, size_t words, uint32_t *n)
{
    *n = 0;
    uint32_t *idx = malloc((words ? words : 1) * sizeof *idx);
    if (!idx)
        return NULL;
    for (size_t w = 0; w < words; w++)
        if (set[w])
            idx[(*n)++] = (uint32_t)w;
    return idx;
}

static int sconcept_init(rq_scorer *s, sconcept *c, const char *concept,
                         rq_phrase_scratch *sc)
{
    memset(c, 0, sizeof *c);
    c->entry = s->kb ? rq_kb_find(s->kb, RQ_TABLE_CONCEPTS, concept) : -1;
    if (c->entry < 0) {
        c->phrase = malloc(sizeof *c->phrase);
        if (!c->phrase || rq_phrase_prepare(s->kb, concept, c->phrase, sc) < 0)
            return -1;
        return 0;
    }
    size_t n = rq_kb_count(s->kb, RQ_TABLE_CONCEPTS);
    uint32_t e = (uint32_t)c->entry;
    c->covers = calloc(s->words ? s->words : 1, sizeof *c->covers);
    c->related = calloc(s->words ? s->words : 1, sizeof *c->related);
    if (!c->covers || !c->related)
        return -1;
    for (uint32_t k = 0; k < n; k++) {
        if (rq_kb_covers(s->kb, k, e))
            c->covers[k / 64] |= 1ull << (k % 64);
        if (rq_kb_related(s->kb, k, e))
            c->related[k / 64] |= 1ull << (k % 64);
    }
    c->cover_words = nonzero_words(c->covers, s->words, &c->ncover_words);
    c->related_words = nonzero_words(c->related, s->words, &c->nrelated_words);
    return c->cover_words && c->related_words ? 0 : -1;
}

rq_scorer *rq_scorer_new(const rq_ruleset *rs, const rq_eval_opts *opts)
{
    rq_scorer *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kb = opts ? opts->kb : NULL;
    s->as_of = opts && opts->as_of > 0 ? opts->as_of : INT32_MAX;
    s->words = s->kb ? (rq_kb_count(s->kb, RQ_TABLE_CONCEPTS) + 63) / 64 : 0;
    rq_phrase_scratch sc = {NULL, 0};
    bool ok = true;
    if (rs->count && !(s->rules = calloc(rs->count, sizeof *s->rules)))
        ok = false;
    for (size_t i = 0; ok && i < rs->count; i++) {
        const rq_rule *r = &rs->rules[i];
        srule *x = &s->rules[i];
        s->nrules++;
        x->category = r->category;
        x->required = r->required;
        x->weight = r->weight;
        x->min_eqf = r->min_eqf;
        x->or_equivalent = r->or_equivalent;
        x->has_min_years = r->has_min_years;
        x->min_years = r->min_years;
        x->min_level = r->min_level;
        x->match_any = r->match_any;
        const rq_strlist *list = r->category == RQ_CAT_DEGREE       ? &r->fields
                                 : r->category == RQ_CAT_EXPERIENCE ? &r->domains
                                 : r->category == RQ_CAT_LANGUAGE   ? NULL
                                                                    : &r->concepts;
        if (r->category == RQ_CAT_LANGUAGE && r->languages.count) {
            x->langs = malloc(r->languages.count * sizeof *x->langs);
            if (!x->langs) {
                ok = false;
                break;
            }
            for (size_t k = 0; k < r->languages.count; k++)
                x->langs[k] = pack_code(r->languages.items[k]);
            x->nlangs = r->languages.count;
        }
        if (list && list->count) {
            x->items = calloc(list->count, sizeof *x->items);
            if (!x->items) {
                ok = false;
                break;
            }
            for (size_t k = 0; ok && k < list->count; k++) {
                x->nitems++;
                ok = sconcept_init(s, &x->items[k], list->items[k], &sc) == 0;
            }
        }
    }
    free(sc.words);
    if (!ok) {
        rq_scorer_free(s);
        return NULL;
    }
    return s;
}

void rq_scorer_free(rq_scorer *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nrules; i++) {
        for (size_t k = 0; k < s->rules[i].nitems; k++)
            sconcept_clear(&s->rules[i].items[k]);
        free(s->rules[i].items);
        free(s->rules[i].langs);
    }
    free(s->rules);
    free(s);
}

/* ---- the view ---- */

rq_score_view *rq_score_view_new(const rq_kb *kb)
{
    rq_score_view *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->kb = kb;
    v->words = kb ? (rq_kb_count(kb, RQ_TABLE_CONCEPTS) + 63) / 64 : 0;
    v->concepts = calloc(v->words ? v->words : 1, sizeof *v->concepts);
    if (!v->concepts) {
        free(v);
        return NULL;
    }
    return v;
}

void rq_score_view_free(rq_score_view *v)
{
    if (!v)
        return;
    free(v->concepts);
    free(v->scratch.words);
    free(v);
}

void rq_score_view_set(rq_score_view *v, const rq_profile *p)
{
    memset(v->concepts, 0, (v->words ? v->words : 1) * sizeof *v->concepts);
    size_t limit = v->words * 64;
    for (size_t i = 0; i < p->nhits; i++) {
        uint32_t c = p->hits[i].concept;
        if (c < limit)
            v->concepts[c / 64] |= 1ull << (c % 64);
    }
    v->p = p;
    v->work_as_of = -1;
}

/* ---- rules ---- */

typedef struct {
    const rq_scorer *s;
    rq_score_view *v;
    bool oom;
} ctx_t;

static bool intersects(const uint64_t *set, const uint32_t *words, uint32_t n,
                       const uint64_t *profile)
{
    for (uint32_t i = 0; i < n; i++)
        if (set[words[i]] & profile[words[i]])
            return true;
    return false;
}

/* As eval.c: index of the first text (of job `job`, or any when job < 0)
 * that contains the phrase, or -1. */
static long find_phrase(ctx_t *c, const rq_phrase *ph, int job)
{
    const rq_profile *p = c->v->p;
    for (size_t i = 0; i < p->ntexts; i++) {
        const rq_text *t = &p->texts[i];
        if (job >= 0 && t->job != job)
            continue;
        int rc = t->folded ? rq_phrase_in_text(ph, t->folded, &c->v->scratch) : 0;
        if (rc < 0)
            c->oom = true;
        if (rc > 0)
            return (long)i;
    }
    return -1;
}

/* Months covered by p[0..n) (sorts p) */
static long union_months(rq_period *p, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        rq_period x = p[i];
        size_t j = i;
        while (j > 0 && (p[j - 1].start > x.start ||
                         (p[j - 1].start == x.start && p[j - 1].end > x.end))) {
            p[j] = p[j - 1];
            j--;
        }
        p[j] = x;
    }
    long months = 0;
    size_t m = 0;
    for (size_t i = 1; i < n; i++) {
        if (p[i].start <= p[m].end + 1) {
            if (p[i].end > p[m].end)
                p[m].end = p[i].end;
        } else {
            p[++m] = p[i];
        }
    }
    for (size_t i = 0; n && i <= m; i++)
        months += p[i].end - p[i].start + 1;
    return months;
}

static bool job_period(int as_of, const rq_job *j, rq_period *out)
{
    if (!j->dated)
        return false;
    *out = j->period;
    if (out->end > as_of)
        out->end = as_of;
    return out->start <= out->end;
}

static double clamp01(double s)
{
    return s < 0 ? 0 : s > 1 ? 1 : s;
}

/* Satisfaction and status of one rule (as eval.c's finish()). */
typedef struct {
    double s;
    bool unknown;
} outcome;

static outcome finish(double s, bool unknown)
{
    return (outcome){clamp01(s), unknown};
}

static double work_years(ctx_t *c)
{
    rq_score_view *v = c->v;
    if (v->work_as_of == c->s->as_of)
        return v->work_years;
    const rq_profile *p = v->p;
    rq_period stack[STACK_JOBS];
    rq_period *per = p->njobs <= STACK_JOBS ? stack : malloc(p->njobs * sizeof *per);
    if (!per) {
        c->oom = true;
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < p->njobs; i++)
        if (p->jobs[i].kind == RQ_JOB_WORK && job_period(c->s->as_of, &p->jobs[i], &per[n]))
            n++;
    long months = union_months(per, n);
    if (per != stack)
        free(per);
    v->work_years = (double)months / 12.0;
    v->work_as_of = c->s->as_of;
    return v->work_years;
}

static const double level_credit[] = {1.0, 0.5, 0.25};
static const double field_credit[] = {0.5, 0.75, 1.0}; /* by fit 0, 1, 2 */

static int degree_fit(ctx_t *c, const srule *r, const rq_degree *d)
{
    if (r->nitems == 0)
        return 2;
    int fit = 0;
    for (size_t f = 0; f < r->nitems && fit < 2; f++) {
        const sconcept *x = &r->items[f];
        if (x->entry >= 0) {
            for (size_t k = 0; k < d->nfields && fit < 2; k++) {
                if (bit(x->covers, d->fields[k]))
                    fit = 2;
                else if (fit < 1 && bit(x->related, d->fields[k]))
                    fit = 1;
            }
        } else {
            char area[48], type[48];
            snprintf(area, sizeof area, "education[%d].area", d->index);
            snprintf(type, sizeof type, "education[%d].studyType", d->index);
            const rq_profile *p = c->v->p;
            for (size_t i = 0; i < p->ntexts; i++) {
                const rq_text *t = &p->texts[i];
                if (strcmp(t->path, area) != 0 && strcmp(t->path, type) != 0)
                    continue;
                int rc = t->folded ? rq_phrase_in_text(x->phrase, t->folded, &c->v->scratch) : 0;
                if (rc < 0)
                    c->oom = true;
                if (rc > 0) {
                    fit = 2;
                    break;
                }
            }
        }
    }
    return fit;
}

static outcome score_degree(ctx_t *c, const srule *r)
{
    const rq_profile *p = c->v->p;
    bool best = false, unrecognised = false;
    double best_s = -1;
    int best_level = 0;
    for (size_t i = 0; i < p->ndegrees; i++) {
        const rq_degree *d = &p->degrees[i];
        if (d->eqf <= 0) {
            unrecognised = true;
            continue;
        }
        int level = d->completed ? d->eqf : d->eqf - 1;
        int shortfall = r->min_eqf - level;
        if (shortfall < 0)
            shortfall = 0;
        int fit = degree_fit(c, r, d);
        double s = shortfall < 3 ? level_credit[shortfall] * field_credit[fit] : 0.0;
        if (s > best_s || (s == best_s && level > best_level)) {
            best = true;
            best_s = s;
            best_level = level;
        }
    }
    double s = best ? best_s : 0.0;
    bool unknown = !best && unrecognised;
    if (r->or_equivalent && s < 1.0 && !unknown) {
        double wy = work_years(c);
        if (wy >= 5.0 && s < 0.75)
            s = 0.75;
    }
    return finish(s, unknown);
}

static double job_relevance(ctx_t *c, const srule *r, size_t ji)
{
    if (r->nitems == 0)
        return 1.0;
    const rq_job *j = &c->v->p->jobs[ji];
    double best = 0;
    for (size_t d = 0; d < r->nitems && best < 1.0; d++) {
        const sconcept *x = &r->items[d];
        if (x->entry >= 0) {
            /* the job's own concept, or a narrower one, counts in full */
            for (size_t k = 0; k < j->nconcepts && best < 1.0; k++) {
                if (bit(x->covers, j->concepts[k]))
                    best = 1.0;
                else if (best < 0.5 && bit(x->related, j->concepts[k]))
                    best = 0.5;
            }
        } else if (find_phrase(c, x->phrase, (int)ji) >= 0) {
            best = 1.0;
        }
    }
    return best;
}

static outcome score_experience(ctx_t *c, const srule *r)
{
    const rq_profile *p = c->v->p;
    rq_period stack_p[STACK_JOBS], stack_t[STACK_JOBS];
    double stack_rate[STACK_JOBS];
    rq_period *per = stack_p, *tier = stack_t;
    double *rate = stack_rate;
    if (p->njobs > STACK_JOBS) {
        per = malloc(p->njobs * sizeof *per);
        tier = malloc(p->njobs * sizeof *tier);
        rate = malloc(p->njobs * sizeof *rate);
        if (!per || !tier || !rate) {
            c->oom = true;
            free(per);
            free(tier);
            free(rate);
            return finish(0, false);
        }
    }
    size_t n = 0, undated = 0;
    for (size_t i = 0; i < p->njobs; i++) {
        const rq_job *j = &p->jobs[i];
        double rel = job_relevance(c, r, i);
        if (rel <= 0)
            continue;
        if (!j->dated) {
            undated++;
            continue;
        }
        double rt = rel * (j->kind == RQ_JOB_VOLUNTEER ? 0.5 : 1.0);
        if (job_period(c->s->as_of, j, &per[n]))
            rate[n++] = rt;
    }
    /* months(rate >= 1) + 0.5 * extra months(rate >= 0.5) + 0.25 * the rest */
    static const double tiers[] = {1.0, 0.5, 0.25};
    double months = 0;
    long prev = 0;
    for (size_t t = 0; t < 3; t++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (rate[i] >= tiers[t])
                tier[k++] = per[i];
        long all = union_months(tier, k);
        months += tiers[t] * (double)(all - prev);
        prev = all;
    }
    if (per != stack_p) {
        free(per);
        free(tier);
        free(rate);
    }
    double years = months / 12.0;
    double s;
    if (r->has_min_years && r->min_years > 0)
        s = years / r->min_years;
    else
        s = (years > 0 || undated > 0) ? 1.0 : 0.0;
    return finish(s, false);
}

static outcome score_language(ctx_t *c, const srule *r)
{
    const rq_profile *p = c->v->p;
    int best = -1;
    bool found = false, unrecognised = false;
    for (size_t i = 0; i < p->nlangs; i++) {
        const rq_lang *l = &p->langs[i];
        if (!l->code[0])
            continue;
        uint32_t code = pack_code(l->code);
        bool accepted = false;
        for (size_t k = 0; k < r->nlangs && !accepted; k++)
            accepted = r->langs[k] == code;
        if (!accepted)
            continue;
        if (l->level <= 0) {
            unrecognised = true;
        } else if (l->level > best) {
            best = l->level;
            found = true;
        }
    }
    int shortfall = found ? r->min_level - best : 99;
    double s = shortfall <= 0 ? 1.0 : shortfall == 1 ? 0.6 : shortfall == 2 ? 0.3 : 0.0;
    bool unknown = false;
    if (shortfall > 0 && unrecognised) {
        unknown = true;
        s = 0;
    }
    return finish(s, unknown);
}

static outcome score_concepts(ctx_t *c, const srule *r)
{
    const uint64_t *have = c->v->concepts;
    double sum = 0, max = 0;
    for (size_t i = 0; i < r->nitems; i++) {
        const sconcept *x = &r->items[i];
        double credit = 0;
        if (x->entry >= 0) {
            if (intersects(x->covers, x->cover_words, x->ncover_words, have))
                credit = 1.0;
            else if (intersects(x->related, x->related_words, x->nrelated_words, have))
                credit = 0.5;
        } else if (find_phrase(c, x->phrase, -1) >= 0) {
            credit = 1.0;
        }
        sum += credit;
        if (credit > max)
            max = credit;
    }
    size_t nc = r->nitems;
    double s = nc == 0 ? 1.0 : r->match_any ? max : sum / (double)nc;
    return finish(s, false);
}

int rq_score_get(const rq_scorer *s, rq_score_view *v, rq_score *out)
{
    ctx_t c = {s, v, false};
    double wsum = 0, wsat = 0;
    bool eligible = true;
    for (size_t i = 0; i < s->nrules && !c.oom; i++) {
        const srule *r = &s->rules[i];
        outcome o;
        switch (r->category) {
        case RQ_CAT_DEGREE: o = score_degree(&c, r); break;
        case RQ_CAT_EXPERIENCE: o = score_experience(&c, r); break;
        case RQ_CAT_LANGUAGE: o = score_language(&c, r); break;
        case RQ_CAT_KNOWLEDGE:
        case RQ_CAT_OTHER: o = score_concepts(&c, r); break;
        default: o = (outcome){0, true}; break;
        }
        double w = r->weight > 0 ? r->weight : 0;
        wsum += w;
        wsat += w * o.s;
        bool met = !o.unknown && o.s >= 1;
        if (r->required && !met && !o.unknown)
            eligible = false;
    }
    if (c.oom)
        return -1;
    out->score = wsum > 0 ? 100.0 * wsat / wsum : 0.0;
    out->eligible = eligible;
    return 0;
}
