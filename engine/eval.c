/*
 * eval.c - evaluating an analysed profile against a rule set.
 *
 * A profile arrives analysed (periods in months, levels, EQF, concept hits
 * sorted by concept), so each rule is a few lookups: binary search in the
 * hit list, a scan of the profile's language or degree entries, or a merge
 * of a handful of month periods on the stack. The hot path allocates only
 * what it returns (results, evidence paths, gap sentences), and gap
 * sentences are written only for rules that are not met.
 *
 * Partial credit is one table per category (see the README):
 *   experience  months of relevant work count 1, volunteer and
 *               merely related work 1/2 (volunteer related work 1/4); a
 *               month is counted once, at its best rate;
 *   language    one CEFR step short 0.6, two steps 0.3;
 *   degree      (1, 0.5, 0.25 by EQF levels short) x (1, 0.75, 0.5 for a
 *               field that is exact, related, unrelated);
 *   knowledge   1 per concept found, 0.5 for a related concept; mean for
 *               "all of", max for "any of".
 * Everywhere, a narrower concept counts as the concept itself (a master in
 * EU law is a law degree) and a broader or sibling one as "related".
 *
 * Free-text concepts (the recruiter's words, not kb keys) are folded and
 * stemmed on every call: there is no place to cache them in a rule set yet.
 * They are rare, and cost one small allocation each.
 */
#include "eval.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phrase.h"
#include "text.h"

const char *rq_status_name(rq_status s)
{
    switch (s) {
    case RQ_MET: return "met";
    case RQ_PARTIAL: return "partial";
    case RQ_UNMET: return "unmet";
    case RQ_UNKNOWN: return "unknown";
    }
    return "unknown";
}

/* ---- evaluation context ---- */

typedef struct {
    const rq_kb *kb;
    const rq_profile *p;
    int as_of;
    rq_phrase_scratch scratch; /* for free-text matching */
    bool oom;
} ctx_t;

#define STACK_JOBS 64
/* evidence of a knowledge rule: up to 3 places for each concept found,
 * so that every concept of a list shows where it was found */
#define MAX_KNOW_EVIDENCE 3

typedef rq_phrase phrase_t;

/* Fold, split and stem a free-text concept into its content words. */
static void phrase_prepare(ctx_t *c, const char *concept, phrase_t *ph)
{
    if (rq_phrase_prepare(c->kb, concept, ph, &c->scratch) < 0)
        c->oom = true;
}

/* true when every content word of ph occurs among the words of text t */
static bool text_has_phrase(ctx_t *c, const rq_text *t, const phrase_t *ph)
{
    if (!t->folded)
        return false;
    int rc = rq_phrase_in_text(ph, t->folded, &c->scratch);
    if (rc < 0)
        c->oom = true;
    return rc > 0;
}

/* Index of the first text (of job `job`, or any text when job < 0) that
 * contains the phrase, or -1. */
static long find_phrase(ctx_t *c, const phrase_t *ph, int job)
{
    for (size_t i = 0; i < c->p->ntexts; i++) {
        const rq_text *t = &c->p->texts[i];
        if (job >= 0 && t->job != job)
            continue;
        if (text_has_phrase(c, t, ph))
            return (long)i;
    }
    return -1;
}

static long concept_entry(const ctx_t *c, const char *s)
{
    return c->kb ? rq_kb_find(c->kb, RQ_TABLE_CONCEPTS, s) : -1;
}

static bool related(const ctx_t *c, uint32_t a, uint32_t b)
{
    return c->kb && rq_kb_related(c->kb, a, b);
}

/* true when a is b or narrower than it, at any depth: evidence of a more
 * specific concept is evidence of the concept itself (EU law is law). */
static bool covers(const ctx_t *c, uint32_t a, uint32_t b)
{
    if (a == b)
        return true;
    return c->kb && rq_kb_covers(c->kb, a, b);
}

/* First hit of concept e in the profile's sorted hit list, and how many. */
static size_t hits_of(const rq_profile *p, uint32_t e, size_t *first)
{
    size_t lo = 0, hi = p->nhits;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->hits[mid].concept < e)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < p->nhits && p->hits[end].concept == e)
        end++;
    *first = lo;
    return end - lo;
}

static bool sorted_has(const uint32_t *a, size_t n, uint32_t e)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] == e)
            return true;
        if (a[mid] < e)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* ---- result helpers ---- */

/* Append a copy of path. The array grows to powers of two (its capacity is
 * the power of two at or above nevidence), so a profile with 100 000 jobs
 * does not copy it 100 000 times. */
static void push_evidence(ctx_t *c, rq_result *r, const char *path)
{
    size_t n = r->nevidence;
    if (n == 0 || (n & (n - 1)) == 0) {
        size_t cap = n ? 2 * n : 1;
        char **ev = realloc(r->evidence, cap * sizeof *ev);
        if (!ev) {
            c->oom = true;
            return;
        }
        r->evidence = ev;
    }
    char *copy = rq_strdup(path);
    if (!copy) {
        c->oom = true;
        return;
    }
    r->evidence[r->nevidence++] = copy;
}

static void add_evidence(ctx_t *c, rq_result *r, const char *path)
{
    for (size_t i = 0; i < r->nevidence; i++)
        if (strcmp(r->evidence[i], path) == 0)
            return;
    push_evidence(c, r, path);
}

static void set_string(ctx_t *c, char **dst, rq_buf *b)
{
    if (b->oom) {
        c->oom = true;
        rq_buf_free(b);
        return;
    }
    *dst = rq_buf_take(b);
    if (!*dst)
        c->oom = true;
}

/* Number formatting without printf: evaluation runs millions of times and
 * vsnprintf was half its cost. */
static void put_uint(rq_buf *b, unsigned long v)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        rq_buf_putc(b, digits[--n]);
}

/* x to one decimal, rounded half away from zero like the JSON writer */
static void put_tenths(rq_buf *b, double x)
{
    long t = lround(x * 10.0);
    if (t < 0) {
        rq_buf_putc(b, '-');
        t = -t;
    }
    put_uint(b, (unsigned long)t / 10);
    rq_buf_putc(b, '.');
    rq_buf_putc(b, (char)('0' + t % 10));
}

/* "name[index]" into out (size >= strlen(name) + 13) */
static void index_path(char *out, size_t size, const char *name, int index)
{
    size_t n = strlen(name);
    if (n + 13 > size) {
        out[0] = '\0';
        return;
    }
    memcpy(out, name, n);
    out[n++] = '[';
    char digits[12];
    size_t nd = 0;
    unsigned v = index < 0 ? 0u : (unsigned)index;
    do {
        digits[nd++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (nd)
        out[n++] = digits[--nd];
    out[n++] = ']';
    out[n] = '\0';
}

static void finish(rq_result *r, double s)
{
    if (s < 0)
        s = 0;
    if (s > 1)
        s = 1;
    r->satisfaction = s;
    if (r->status == RQ_UNKNOWN)
        return;
    r->status = s >= 1 ? RQ_MET : s > 0 ? RQ_PARTIAL : RQ_UNMET;
}

/* "needs <description>" */
static void gap_start(const ctx_t *c, const rq_rule *rule, rq_buf *b)
{
    rq_buf_puts(b, "needs ");
    rq_rule_describe(rule, c->kb, b);
}

/* ---- periods ---- */

static int period_cmp(const void *a, const void *b)
{
    const rq_period *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

/* Sort and merge p[0..n) in place (overlapping or touching periods become
 * one); returns the merged count and stores the months covered. */
static size_t merge_periods(rq_period *p, size_t n, long *months)
{
    *months = 0;
    if (n == 0)
        return 0;
    qsort(p, n, sizeof *p, period_cmp);
    size_t m = 0;
    for (size_t i = 1; i < n; i++) {
        if (p[i].start <= p[m].end + 1) {
            if (p[i].end > p[m].end)
                p[m].end = p[i].end;
        } else {
            p[++m] = p[i];
        }
    }
    m++;
    for (size_t i = 0; i < m; i++)
        *months += p[i].end - p[i].start + 1;
    return m;
}

/* A job's period clipped to as_of; false when it lies wholly after it. */
static bool job_period(const ctx_t *c, const rq_job *j, rq_period *out)
{
    if (!j->dated)
        return false;
    *out = j->period;
    if (out->end > c->as_of)
        out->end = c->as_of;
    return out->start <= out->end;
}

/* Months of dated work (not volunteer) in the profile, merged. */
static double total_work_years(ctx_t *c)
{
    const rq_profile *p = c->p;
    rq_period stack[STACK_JOBS];
    rq_period *per = p->njobs <= STACK_JOBS ? stack : malloc(p->njobs * sizeof *per);
    if (!per) {
        c->oom = true;
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < p->njobs; i++)
        if (p->jobs[i].kind == RQ_JOB_WORK && job_period(c, &p->jobs[i], &per[n]))
            n++;
    long months;
    merge_periods(per, n, &months);
    if (per != stack)
        free(per);
    return (double)months / 12.0;
}

static void put_month(rq_buf *b, int m)
{
    rq_buf_printf(b, "%04d-%02d", m / 12, m % 12 + 1);
}

/* ---- experience ---- */

/* How much a job counts towards the rule's domains: 1 exact, 0.5 related,
 * 0 not at all. Free-text domains look only at the job's own texts. */
static double job_relevance(ctx_t *c, const rq_rule *rule, size_t ji,
                            const phrase_t *phrases, const long *entries)
{
    if (rule->domains.count == 0)
        return 1.0;
    const rq_job *j = &c->p->jobs[ji];
    double best = 0;
    for (size_t d = 0; d < rule->domains.count && best < 1.0; d++) {
        if (entries[d] >= 0) {
            uint32_t e = (uint32_t)entries[d];
            if (sorted_has(j->concepts, j->nconcepts, e)) {
                best = 1.0;
                break;
            }
            for (size_t k = 0; k < j->nconcepts && best < 1.0; k++) {
                if (covers(c, j->concepts[k], e))
                    best = 1.0;
                else if (best < 0.5 && related(c, j->concepts[k], e))
                    best = 0.5;
            }
        } else if (find_phrase(c, &phrases[d], (int)ji) >= 0) {
            best = 1.0;
        }
    }
    return best;
}

static void eval_experience(ctx_t *c, const rq_rule *rule, rq_result *r)
{
    const rq_profile *p = c->p;
    size_t nd = rule->domains.count;
    phrase_t *phrases = NULL;
    long entries_stack[8];
    long *entries = nd <= 8 ? entries_stack : malloc(nd * sizeof *entries);
    if (!entries) {
        c->oom = true;
        return;
    }
    for (size_t d = 0; d < nd; d++) {
        entries[d] = concept_entry(c, rule->domains.items[d]);
        if (entries[d] < 0) {
            if (!phrases && !(phrases = calloc(nd, sizeof *phrases))) {
                c->oom = true;
                goto out;
            }
            phrase_prepare(c, rule->domains.items[d], &phrases[d]);
        }
    }

    /* each relevant dated job contributes its period at a rate: 1, 0.5 or
     * 0.25; months are counted at the best rate that covers them */
    rq_period stack_p[STACK_JOBS];
    double stack_rate[STACK_JOBS];
    rq_period *per = stack_p;
    double *rate = stack_rate;
    if (p->njobs > STACK_JOBS) {
        per = malloc(p->njobs * sizeof *per);
        rate = malloc(p->njobs * sizeof *rate);
        if (!per || !rate) {
            c->oom = true;
            if (per != stack_p)
                free(per);
            if (rate != stack_rate)
                free(rate);
            goto out;
        }
    }
    size_t n = 0, undated = 0;
    bool halved = false;
    for (size_t i = 0; i < p->njobs; i++) {
        const rq_job *j = &p->jobs[i];
        double rel = job_relevance(c, rule, i, phrases, entries);
        if (rel <= 0)
            continue;
        char path[48];
        index_path(path, sizeof path, j->kind == RQ_JOB_WORK ? "work" : "volunteer",
                   j->index);
        /* each job once: no need to look for it among the others (with
         * 100 000 jobs that search was most of the run) */
        push_evidence(c, r, path);
        if (!j->dated) {
            undated++;
            continue;
        }
        double rt = rel * (j->kind == RQ_JOB_VOLUNTEER ? 0.5 : 1.0);
        if (job_period(c, j, &per[n])) {
            rate[n++] = rt;
            if (rt < 1.0)
                halved = true;
        }
    }

    /* months(rate >= 1) + 0.5 * extra months(rate >= 0.5) + 0.25 * the rest */
    static const double tiers[] = {1.0, 0.5, 0.25};
    rq_period tier_stack[STACK_JOBS];
    rq_period *tier = n <= STACK_JOBS ? tier_stack : malloc(n * sizeof *tier);
    double months = 0;
    long prev = 0, all = 0;
    size_t nmerged = 0;
    if (!tier) {
        c->oom = true;
    } else {
        for (size_t t = 0; t < 3; t++) {
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if (rate[i] >= tiers[t])
                    tier[k++] = per[i];
            nmerged = merge_periods(tier, k, &all);
            months += tiers[t] * (double)(all - prev);
            prev = all;
        }
    }
    double years = months / 12.0;
    r->years = years;

    double s;
    if (rule->has_min_years && rule->min_years > 0)
        s = years / rule->min_years;
    else
        s = (years > 0 || undated > 0) ? 1.0 : 0.0;
    finish(r, s);

    if (years > 0 || undated > 0) {
        rq_buf b = RQ_BUF_INIT;
        put_tenths(&b, years);
        rq_buf_puts(&b, " years");
        if (undated) {
            rq_buf_puts(&b, " (+");
            put_uint(&b, undated);
            rq_buf_puts(&b, " undated)");
        }
        set_string(c, &r->shows, &b);
    }

    if (r->status != RQ_MET) {
        rq_buf b = RQ_BUF_INIT;
        gap_start(c, rule, &b);
        if (years <= 0 && undated == 0) {
            rq_buf_puts(&b, "; profile shows none");
        } else {
            rq_buf_puts(&b, "; profile shows ");
            put_tenths(&b, years);
            if (nmerged) {
                rq_buf_puts(&b, " (");
                for (size_t i = 0; i < nmerged && i < 3; i++) {
                    if (i)
                        rq_buf_puts(&b, ", ");
                    put_month(&b, tier[i].start);
                    rq_buf_puts(&b, " \xe2\x86\x92 ");
                    put_month(&b, tier[i].end);
                }
                if (nmerged > 3)
                    rq_buf_puts(&b, ", \xe2\x80\xa6");
                rq_buf_puts(&b, ")");
            }
            if (halved)
                rq_buf_puts(&b, "; volunteer or related work counted at half");
            if (undated)
                rq_buf_printf(&b, "; %zu undated job%s not counted", undated,
                              undated == 1 ? "" : "s");
        }
        set_string(c, &r->gap, &b);
    } else if (!(years > 0) && undated > 0) {
        rq_buf b = RQ_BUF_INIT;
        rq_buf_puts(&b, "undated experience only: check the dates by hand");
        free(r->shows);
        r->shows = NULL;
        set_string(c, &r->shows, &b);
    }

    if (tier != tier_stack)
        free(tier);
    if (per != stack_p)
        free(per);
    if (rate != stack_rate)
        free(rate);
out:
    free(phrases);
    if (entries != entries_stack)
        free(entries);
}

/* ---- language ---- */

static void eval_language(ctx_t *c, const rq_rule *rule, rq_result *r)
{
    const rq_profile *p = c->p;
    int best = -1;            /* best recognised level, -1 none */
    const rq_lang *best_lang = NULL;
    const rq_lang *unrecognised = NULL;
    for (size_t i = 0; i < p->nlangs; i++) {
        const rq_lang *l = &p->langs[i];
        if (!l->code[0] || !rq_strlist_has(&rule->languages, l->code))
            continue;
        if (l->level <= 0) {
            if (!unrecognised)
                unrecognised = l;
        } else if (l->level > best) {
            best = l->level;
            best_lang = l;
        }
    }
    int shortfall = best_lang ? rule->min_level - best : 99;
    double s = shortfall <= 0 ? 1.0 : shortfall == 1 ? 0.6 : shortfall == 2 ? 0.3 : 0.0;
    r->level = best_lang ? best : 0;
    if (shortfall > 0 && unrecognised) {
        /* the unrecognised entry may well be good enough: a person decides */
        r->status = RQ_UNKNOWN;
        s = 0;
    }
    finish(r, s);
    const rq_lang *shown = r->status == RQ_UNKNOWN ? unrecognised : best_lang;
    if (shown) {
        char path[48];
        index_path(path, sizeof path, "languages", shown->index);
        add_evidence(c, r, path);
    }
    if (best_lang) {
        const char *lv = rq_level_name(best);
        if (!(r->shows = rq_strdup(lv ? lv : "?")))
            c->oom = true;
    }
    if (r->status == RQ_MET)
        return;

    rq_buf b = RQ_BUF_INIT;
    gap_start(c, rule, &b);
    if (r->status == RQ_UNKNOWN) {
        rq_buf_printf(&b, "; %s fluency not recognised: check by hand",
                      rq_language_name(c->kb, unrecognised->code));
    } else if (best_lang) {
        const char *lv = rq_level_name(best);
        rq_buf_printf(&b, "; profile shows %s", lv ? lv : "?");
        if (rule->languages.count > 1)
            rq_buf_printf(&b, " (%s)", rq_language_name(c->kb, best_lang->code));
    } else {
        rq_buf_puts(&b, "; profile does not list ");
        for (size_t i = 0; i < rule->languages.count; i++) {
            if (i)
                rq_buf_puts(&b, i + 1 == rule->languages.count ? " or " : ", ");
            rq_buf_puts(&b, rq_language_name(c->kb, rule->languages.items[i]));
        }
    }
    set_string(c, &r->gap, &b);
}

/* ---- degree ---- */

/* Field fit of a degree: 2 exact (or no field asked), 1 related, 0 none.
 * *shown receives the rule field that fit best. */
static int degree_field_fit(ctx_t *c, const rq_rule *rule, const rq_degree *d,
                            const char **shown)
{
    *shown = NULL;
    if (rule->fields.count == 0)
        return 2;
    int fit = 0;
    for (size_t f = 0; f < rule->fields.count && fit < 2; f++) {
        const char *field = rule->fields.items[f];
        long e = concept_entry(c, field);
        if (e >= 0) {
            for (size_t k = 0; k < d->nfields && fit < 2; k++) {
                if (covers(c, d->fields[k], (uint32_t)e)) {
                    fit = 2;
                    *shown = field;
                } else if (fit < 1 && related(c, d->fields[k], (uint32_t)e)) {
                    fit = 1;
                    *shown = rq_kb_key(c->kb, RQ_TABLE_CONCEPTS, d->fields[k]);
                }
            }
        } else {
            phrase_t ph;
            phrase_prepare(c, field, &ph);
            char area[48], type[48];
            snprintf(area, sizeof area, "education[%d].area", d->index);
            snprintf(type, sizeof type, "education[%d].studyType", d->index);
            for (size_t i = 0; i < c->p->ntexts; i++) {
                const rq_text *t = &c->p->texts[i];
                if ((strcmp(t->path, area) == 0 || strcmp(t->path, type) == 0) &&
                    text_has_phrase(c, t, &ph)) {
                    fit = 2;
                    *shown = field;
                    break;
                }
            }
        }
    }
    return fit;
}

static const double level_credit[] = {1.0, 0.5, 0.25};
static const double field_credit[] = {0.5, 0.75, 1.0}; /* by fit 0, 1, 2 */

static void eval_degree(ctx_t *c, const rq_rule *rule, rq_result *r)
{
    const rq_profile *p = c->p;
    const rq_degree *best = NULL;
    double best_s = -1;
    int best_fit = 0, best_level = 0, max_eqf = 0;
    const char *best_field = NULL;
    bool unrecognised = false;
    for (size_t i = 0; i < p->ndegrees; i++) {
        const rq_degree *d = &p->degrees[i];
        if (d->eqf <= 0) {
            unrecognised = true;
            continue;
        }
        if (d->eqf > max_eqf)
            max_eqf = d->eqf;
        int level = d->completed ? d->eqf : d->eqf - 1;
        int shortfall = rule->min_eqf - level;
        if (shortfall < 0)
            shortfall = 0;
        const char *field;
        int fit = degree_field_fit(c, rule, d, &field);
        double s = shortfall < 3 ? level_credit[shortfall] * field_credit[fit] : 0.0;
        if (s > best_s || (s == best_s && level > best_level)) {
            best = d;
            best_s = s;
            best_fit = fit;
            best_level = level;
            best_field = field;
        }
    }
    r->eqf = max_eqf;
    double s = best ? best_s : 0.0;
    if (!best && unrecognised)
        r->status = RQ_UNKNOWN;
    bool stands_in = false;
    double work_years = 0;
    if (rule->or_equivalent && s < 1.0 && r->status != RQ_UNKNOWN) {
        work_years = total_work_years(c);
        if (work_years >= 5.0 && s < 0.75) {
            s = 0.75;
            stands_in = true;
        } else if (work_years >= 5.0) {
            stands_in = true;
        }
    }
    finish(r, s);
    if (best) {
        char path[48];
        index_path(path, sizeof path, "education", best->index);
        add_evidence(c, r, path);
        rq_buf b = RQ_BUF_INIT;
        rq_buf_puts(&b, "EQF ");
        put_uint(&b, (unsigned long)best->eqf);
        if (!best->completed)
            rq_buf_puts(&b, " (in progress)");
        set_string(c, &r->shows, &b);
    }
    if (r->status == RQ_MET)
        return;

    rq_buf b = RQ_BUF_INIT;
    gap_start(c, rule, &b);
    if (r->status == RQ_UNKNOWN) {
        rq_buf_puts(&b, "; degree not recognised: check by hand");
    } else if (!best) {
        rq_buf_puts(&b, "; profile lists no degree");
    } else {
        rq_buf_printf(&b, "; profile shows EQF %d", best->eqf);
        if (!best->completed)
            rq_buf_printf(&b, " in progress (counted as %d)", best_level);
        if (best_fit == 1)
            rq_buf_printf(&b, " in a related field (%s)",
                          rq_concept_label(c->kb, best_field));
        else if (best_fit == 0)
            rq_buf_puts(&b, " in another field");
    }
    if (stands_in) {
        rq_buf_puts(&b, "; ");
        put_tenths(&b, work_years);
        rq_buf_puts(&b, " years of work experience may stand in");
    }
    set_string(c, &r->gap, &b);
}

/* ---- knowledge and other ---- */

typedef struct {
    double credit;         /* 1 found, 0.5 related, 0 none */
    const char *related;   /* key of the related concept found */
} concept_find;

static void eval_concepts(ctx_t *c, const rq_rule *rule, rq_result *r)
{
    const rq_profile *p = c->p;
    size_t nc = rule->concepts.count;
    concept_find stack_f[16];
    concept_find *found = nc <= 16 ? stack_f : malloc(nc * sizeof *found);
    if (!found) {
        c->oom = true;
        return;
    }
    double sum = 0, max = 0;
    size_t nfound = 0;
    for (size_t i = 0; i < nc; i++) {
        const char *concept = rule->concepts.items[i];
        concept_find *f = &found[i];
        f->credit = 0;
        f->related = NULL;
        size_t ev_end = r->nevidence + MAX_KNOW_EVIDENCE;
        long e = concept_entry(c, concept);
        if (e >= 0) {
            size_t first, n = hits_of(p, (uint32_t)e, &first);
            if (n) {
                f->credit = 1.0;
                for (size_t k = 0; k < n && r->nevidence < ev_end; k++)
                    add_evidence(c, r, p->hits[first + k].path);
            } else {
                /* hits are sorted by concept: test each distinct one once;
                 * a narrower concept counts in full, a related one half */
                size_t used = p->nhits;
                for (size_t k = 0; k < p->nhits; k++) {
                    uint32_t hc = p->hits[k].concept;
                    if (k > 0 && p->hits[k - 1].concept == hc)
                        continue;
                    if (covers(c, hc, (uint32_t)e)) {
                        f->credit = 1.0;
                        used = k;
                        break;
                    }
                    if (f->credit == 0 && related(c, hc, (uint32_t)e)) {
                        f->credit = 0.5;
                        f->related = rq_kb_key(c->kb, RQ_TABLE_CONCEPTS, hc);
                        used = k;
                    }
                }
                if (used < p->nhits)
                    add_evidence(c, r, p->hits[used].path);
            }
        } else {
            phrase_t ph;
            phrase_prepare(c, concept, &ph);
            long t = find_phrase(c, &ph, -1);
            if (t >= 0) {
                f->credit = 1.0;
                add_evidence(c, r, p->texts[t].path);
            }
        }
        sum += f->credit;
        if (f->credit > max)
            max = f->credit;
        if (f->credit >= 1.0)
            nfound++;
    }
    double s = nc == 0 ? 1.0 : rule->match_any ? max : sum / (double)nc;
    /* an aptitude, a permit or an adherence ("Autorisé·e à travailler en
     * Belgique", "leadership") seldom shows in a CV: short of met, the
     * profile cannot tell; the credit stays, no knock-out */
    if (rule->category == RQ_CAT_OTHER && !(s >= 1))
        r->status = RQ_UNKNOWN;
    finish(r, s);
    if (nc > 1 && !rule->match_any) {
        rq_buf b = RQ_BUF_INIT;
        put_uint(&b, nfound);
        rq_buf_puts(&b, " of ");
        put_uint(&b, nc);
        set_string(c, &r->shows, &b);
    }

    if (r->status != RQ_MET) {
        const char *lead = rule->category == RQ_CAT_KNOWLEDGE ? "knowledge of " : "";
        rq_buf b = RQ_BUF_INIT;
        bool any_related = false;
        for (size_t i = 0; i < nc; i++)
            any_related |= found[i].credit > 0 && found[i].credit < 1.0;
        if (rule->match_any && !any_related) {
            rq_buf_printf(&b, "no evidence of %s", lead);
            for (size_t i = 0; i < nc; i++) {
                if (i)
                    rq_buf_puts(&b, i + 1 == nc ? " or " : ", ");
                rq_buf_puts(&b, rq_concept_label(c->kb, rule->concepts.items[i]));
            }
        } else {
            size_t parts = 0;
            for (size_t i = 0; i < nc; i++) {
                const concept_find *f = &found[i];
                const char *label = rq_concept_label(c->kb, rule->concepts.items[i]);
                if (f->credit >= 1.0)
                    continue;
                if (rule->match_any && f->credit < max)
                    continue;
                if (parts++)
                    rq_buf_puts(&b, "; ");
                if (f->credit > 0)
                    rq_buf_printf(&b, "related evidence only (%s) for %s",
                                  rq_concept_label(c->kb, f->related), label);
                else
                    rq_buf_printf(&b, "no evidence of %s%s", lead, label);
                if (rule->match_any)
                    break;
            }
        }
        if (rule->category == RQ_CAT_OTHER)
            rq_buf_puts(&b, "; a profile seldom states it: check by hand");
        set_string(c, &r->gap, &b);
    }
    if (found != stack_f)
        free(found);
}

/* ---- evaluation ---- */

static void result_clear(rq_result *r)
{
    for (size_t i = 0; i < r->nevidence; i++)
        free(r->evidence[i]);
    free(r->evidence);
    free(r->gap);
    free(r->shows);
    memset(r, 0, sizeof *r);
}

/* The list of a rule that eval_* reads as concepts (free text when the
 * kb does not know an item), or NULL: the same choice as the scorer's. */
static const rq_strlist *concept_list(const rq_rule *rule)
{
    switch (rule->category) {
    case RQ_CAT_DEGREE: return &rule->fields;
    case RQ_CAT_EXPERIENCE: return &rule->domains;
    case RQ_CAT_KNOWLEDGE:
    case RQ_CAT_OTHER: return &rule->concepts;
    default: return NULL;
    }
}

bool rq_rules_use_text(const rq_ruleset *rs, const rq_kb *kb)
{
    for (size_t i = 0; i < rs->count; i++) {
        const rq_strlist *l = concept_list(&rs->rules[i]);
        for (size_t k = 0; l && k < l->count; k++)
            if (!kb || rq_kb_find(kb, RQ_TABLE_CONCEPTS, l->items[k]) < 0)
                return true;
    }
    return false;
}

uint64_t *rq_rules_concepts_read(const rq_ruleset *const *rs, size_t n, const rq_kb *kb)
{
    size_t count = kb ? rq_kb_count(kb, RQ_TABLE_CONCEPTS) : 0;
    if (!kb)
        return NULL;
    uint64_t *bits = calloc(count / 64 + 1, sizeof *bits);
    if (!bits)
        return NULL;
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < rs[j]->count; i++) {
            const rq_strlist *l = concept_list(&rs[j]->rules[i]);
            for (size_t k = 0; l && k < l->count; k++) {
                long e = rq_kb_find(kb, RQ_TABLE_CONCEPTS, l->items[k]);
                if (e < 0)
                    continue; /* free text: no concept */
                for (uint32_t c = 0; c < count; c++)
                    if (rq_kb_covers(kb, c, (uint32_t)e) || rq_kb_related(kb, c, (uint32_t)e))
                        bits[c / 64] |= 1ull << (c % 64);
            }
        }
    }
    return bits;
}

void rq_evaluation_clear(rq_evaluation *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nresults; i++)
        result_clear(&e->results[i]);
    free(e->results);
    memset(e, 0, sizeof *e);
}

int rq_evaluate(const rq_ruleset *rs, const rq_profile *p,
                const rq_eval_opts *opts, rq_evaluation *out)
{
    memset(out, 0, sizeof *out);
    out->profile = p;
    ctx_t c = {opts ? opts->kb : NULL, p, opts ? opts->as_of : 0, {NULL, 0}, false};
    if (!opts || opts->as_of <= 0)
        c.as_of = INT32_MAX;
    if (rs->count) {
        out->results = calloc(rs->count, sizeof *out->results);
        if (!out->results)
            return -1;
        out->nresults = rs->count;
    }

    double wsum = 0, wsat = 0;
    double cat_w[RQ_CAT_COUNT] = {0}, cat_s[RQ_CAT_COUNT] = {0};
    bool eligible = true;
    for (size_t i = 0; i < rs->count && !c.oom; i++) {
        const rq_rule *rule = &rs->rules[i];
        rq_result *r = &out->results[i];
        r->status = RQ_UNMET;
        switch (rule->category) {
        case RQ_CAT_DEGREE: eval_degree(&c, rule, r); break;
        case RQ_CAT_EXPERIENCE: eval_experience(&c, rule, r); break;
        case RQ_CAT_LANGUAGE: eval_language(&c, rule, r); break;
        case RQ_CAT_KNOWLEDGE:
        case RQ_CAT_OTHER: eval_concepts(&c, rule, r); break;
        default: r->status = RQ_UNKNOWN; break;
        }
        double w = rule->weight > 0 ? rule->weight : 0;
        wsum += w;
        wsat += w * r->satisfaction;
        if ((int)rule->category >= 0 && rule->category < RQ_CAT_COUNT) {
            cat_w[rule->category] += w;
            cat_s[rule->category] += w * r->satisfaction;
        }
        if (rule->required && r->status != RQ_MET && r->status != RQ_UNKNOWN)
            eligible = false;
    }
    free(c.scratch.words);
    if (c.oom) {
        rq_evaluation_clear(out);
        return -1;
    }
    out->score = wsum > 0 ? 100.0 * wsat / wsum : 0.0;
    for (int k = 0; k < RQ_CAT_COUNT; k++)
        out->category_score[k] = cat_w[k] > 0 ? 100.0 * cat_s[k] / cat_w[k] : -1.0;
    out->eligible = eligible;
    return 0;
}

/* ---- ranking ---- */

static int strcmp_null(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

int rq_evaluation_cmp(const rq_evaluation *a, const rq_evaluation *b)
{
    if (a->eligible != b->eligible)
        return a->eligible ? -1 : 1;
    /* scores are compared as the reports print them (2 decimals), so two
     * candidates shown with the same score are ordered by id, never by
     * rounding noise in the last bits */
    double sa = round(a->score * 100.0), sb = round(b->score * 100.0);
    if (sa != sb)
        return sa > sb ? -1 : 1;
    const rq_profile *pa = a->profile, *pb = b->profile;
    int d = strcmp_null(pa ? pa->id : NULL, pb ? pb->id : NULL);
    if (d)
        return d < 0 ? -1 : 1;
    /* same id (two inputs may share a stem): keep a total order anyway */
    d = strcmp_null(pa ? pa->source : NULL, pb ? pb->source : NULL);
    return (d > 0) - (d < 0);
}

static int cmp_qsort(const void *a, const void *b)
{
    return rq_evaluation_cmp(a, b);
}

void rq_rank(rq_evaluation *evals, size_t n)
{
    if (n > 1)
        qsort(evals, n, sizeof *evals, cmp_qsort);
    for (size_t i = 0; i < n; i++)
        evals[i].rank = (int)(i + 1);
}

/* ---- improvements ---- */

static int improvement_cmp(const void *a, const void *b)
{
    const rq_improvement *x = a, *y = b;
    if (x->score_gain != y->score_gain)
        return x->score_gain > y->score_gain ? -1 : 1;
    return (x->rule > y->rule) - (x->rule < y->rule);
}

int rq_improvements(const rq_ruleset *rs, const rq_evaluation *e,
                    rq_improvement **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    double wsum = 0;
    size_t count = rs->count < e->nresults ? rs->count : e->nresults;
    for (size_t i = 0; i < count; i++)
        wsum += rs->rules[i].weight > 0 ? rs->rules[i].weight : 0;
    if (count == 0 || wsum <= 0)
        return 0;
    rq_improvement *list = malloc(count * sizeof *list);
    if (!list)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        const rq_result *r = &e->results[i];
        const rq_rule *rule = &rs->rules[i];
        if (r->status == RQ_MET)
            continue;
        double w = rule->weight > 0 ? rule->weight : 0;
        list[k].rule = i;
        list[k].score_gain = 100.0 * w * (1.0 - r->satisfaction) / wsum;
        list[k].makes_eligible = rule->required && r->status != RQ_UNKNOWN;
        k++;
    }
    if (k == 0) {
        free(list);
        return 0;
    }
    qsort(list, k, sizeof *list, improvement_cmp);
    *out = list;
    *n = k;
    return 0;
}
