/*
 * score.c - scoring without explaining (see score.h).
 *
 * Compiling a rule set resolves each concept, field or domain once: a
 * lexicon key becomes two dense bit sets over the kb's concepts, `covers`
 * (c counts as the concept: rq_kb_covers) and `related` (c counts half:
 * rq_kb_related), plus the list of words of `covers` and `related` that
 * are not zero, so that testing a profile's whole concept set costs a few
 * AND operations. Free text is prepared as content-word stems (phrase.h);
 * a profile's side of it is an index of the stems of its texts' words,
 * each with the set of texts that hold it (built the first time a rule
 * asks, split and stemmed as rq_phrase_in_text does), so that finding a
 * phrase is a few hash probes and an AND of text sets, not a scan of the
 * texts per phrase.
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
 *
 * Each rule is worked out in two steps, its value (what it depends on in
 * the profile, given its lists: years in the domains, best level among
 * the languages, best degree level per field fit, concept credit) and its
 * outcome (the value against the rule's thresholds). A program of many
 * scorers (match) dedupes the values across postings into atoms, and the
 * (atom, thresholds) pairs into measures, so that a profile works out each
 * once and a posting's score is a short loop of multiply-adds; see
 * "programs" at the end.
 */
#include "score.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#define RQ_SSE2 1
#endif

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
    uint32_t phash[RQ_PHRASE_TERMS]; /* stem_hash of each stem of phrase */
    uint8_t plen[RQ_PHRASE_TERMS];   /* strlen of each stem */
    char needle[RQ_PHRASE_TERMS][RQ_PHRASE_STEM]; /* what the word must hold */
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

#define MONTHS_JOBS 8

/* What a profile shows of one lexicon concept (see rq_score_view) */
struct concept_memo {
    uint64_t cover_jobs, related_jobs;
    uint32_t stamp;
    uint8_t credit;
};

/* The words a program's free text can need (see view_stems): a bit per
 * hash of the first three bytes of a stem of one of its phrases. A stem
 * of 3 bytes or more starts with the same three bytes as its word, but
 * for a word of 4 bytes in -aux ("baux" -> "bal"; rq_stem only cuts
 * otherwise, and -aux -> -al rewrites the 2nd byte from the end), so a
 * word whose first three bytes are not in the filter, and that is not
 * such a word, cannot have the stem of any of the program's phrases. */
#define PREFIX_BITS 15
typedef struct {
    uint64_t bits[(1u << PREFIX_BITS) / 64];
} stem_filter;

static uint32_t prefix_hash(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t x = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
    return (x * 2654435761u) >> (32 - PREFIX_BITS);
}

/* A word stem of the view's profile (see rq_score_view): occupied when
 * stamp is the view's stem_serial; the stem is pool[off .. off + len). */
typedef struct {
    uint32_t stamp;
    uint32_t hash;           /* stem_hash */
    uint32_t off, len;
    uint64_t texts;          /* bit t: text t has a word with this stem */
} stem_slot;

struct rq_score_view {
    const rq_kb *kb;
    size_t words;
    uint64_t *concepts;      /* the profile's concepts (distinct hits) */
    const rq_profile *p;
    int work_as_of;          /* as_of of work_years, or -1 not yet known */
    double work_years;
    /* free text (profiles of at most 64 texts), worked out the first time
     * a rule asks for a free-text concept: every distinct stem of 3 bytes
     * or more of the words of the texts, with the texts (bit t: text t)
     * that hold it, in an open-addressing table of stems_cap slots (a
     * power of two, at most half full), the stems' bytes in pool. A
     * phrase is then in the texts of the AND of its stems' sets: a few
     * probes per phrase, whatever the number of postings and phrases,
     * instead of a scan of every text per phrase. */
    bool stems_ready;
    const stem_filter *want;       /* a program run's: index only its words */
    const stem_filter *stems_want; /* the filter the index was built with */
    uint32_t stem_serial;
    stem_slot *stems;
    size_t stems_cap, nstems;
    char *pool;
    size_t pool_len, pool_cap;
    /* per job, worked out the first time an experience rule asks: its
     * concepts as a bit set (job_bits + j * words) and the jobs in order
     * of start month, so that periods merge without sorting */
    bool jobs_ready;
    uint64_t *job_bits;
    size_t job_bits_cap;
    const uint64_t *any_job; /* in job_bits: the union of the jobs' sets */
    /* per degree, the texts of its area and study type (degree_texts) */
    bool degrees_ready;
    uint64_t *degree_texts;
    size_t degree_texts_cap;
    uint32_t *by_start;
    size_t by_start_cap;
    double *rate;            /* scratch: a rule's rate per job */
    size_t rate_cap;
    /* per lexicon concept, worked out the first time a rule of any
     * posting asks for it in this profile (cm[e].stamp == serial): the jobs
     * (bit j) that show it or a narrower one, those that show only a
     * related one, and the knowledge credit of the whole profile for it
     * (2: found, 1: related only, 0); one record per concept, so that
     * the concepts a profile is scored on take a cache line each */
    uint32_t serial;
    struct concept_memo *cm;
    size_t nconcepts;
    /* jobs as bit sets (profiles of at most 64 jobs): volunteer, dated,
     * and, for as_of, with a period up to as_of; months[S] is the months
     * covered by the jobs of S (profiles of at most MONTHS_JOBS jobs),
     * months_known[S] whether it is worked out yet */
    uint64_t vol_jobs, dated_jobs, valid_jobs;
    int valid_as_of;         /* -1: not yet */
    long months[1u << MONTHS_JOBS];
    uint64_t months_known[(1u << MONTHS_JOBS) / 64];
    uint32_t *lang_code;     /* pack_code of each language of the profile */
    size_t lang_cap;
    bool oom;                /* rq_score_view_set could not allocate */
    rq_phrase_scratch scratch;
    /* a program's atoms and measures for this profile; prepared: the id
     * of the program whose atoms values holds for it (0: none) */
    union rule_value *values;
    size_t values_cap;
    uint64_t prepared;
    struct rule_met *met;
    size_t met_cap;
};

static uint32_t stem_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

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
        for (size_t k = 0; k < c->phrase->n; k++) {
            const char *st = c->phrase->stem[k];
            size_t n = strlen(st);
            c->phash[k] = stem_hash(st, n);
            c->plen[k] = (uint8_t)n; /* < RQ_PHRASE_STEM */
            /* "...al" may come from "...aux": the word holds "...a" */
            if (n >= 2 && st[n - 2] == 'a' && st[n - 1] == 'l')
                n--;
            memcpy(c->needle[k], st, n);
            c->needle[k][n] = '\0';
        }
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
    v->nconcepts = kb ? rq_kb_count(kb, RQ_TABLE_CONCEPTS) : 0;
    size_t n = v->nconcepts ? v->nconcepts : 1;
    v->cm = calloc(n, sizeof *v->cm);
    if (!v->concepts || !v->cm) {
        rq_score_view_free(v);
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
    free(v->by_start);
    free(v->job_bits);
    free(v->rate);
    free(v->cm);
    free(v->lang_code);
    free(v->values);
    free(v->met);
    free(v->stems);
    free(v->pool);
    free(v->degree_texts);
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
    v->prepared = 0;
    v->work_as_of = -1;
    v->jobs_ready = false;
    v->degrees_ready = false;
    v->stems_ready = false;
    if (++v->serial == 0) {
        for (size_t e = 0; e < v->nconcepts; e++)
            v->cm[e].stamp = 0;
        v->serial = 1;
    }
    v->valid_as_of = -1;
    memset(v->months_known, 0, sizeof v->months_known);
    v->oom = false;
    if (p->nlangs > v->lang_cap) {
        uint32_t *lc = realloc(v->lang_code, p->nlangs * sizeof *lc);
        if (!lc) {
            v->oom = true;
            return;
        }
        v->lang_code = lc;
        v->lang_cap = p->nlangs;
    }
    for (size_t i = 0; i < p->nlangs; i++)
        v->lang_code[i] = pack_code(p->langs[i].code);
}

/* job_bits, by_start and rate for the view's profile. -1 on oom */
static int view_jobs(rq_score_view *v)
{
    const rq_profile *p = v->p;
    size_t nj = p->njobs ? p->njobs : 1, words = v->words ? v->words : 1;
    if (rq_grow((void **)&v->job_bits, &v->job_bits_cap, (nj + 1) * words,
                sizeof *v->job_bits) != 0 ||
        rq_grow((void **)&v->by_start, &v->by_start_cap, nj, sizeof *v->by_start) != 0 ||
        rq_grow((void **)&v->rate, &v->rate_cap, nj, sizeof *v->rate) != 0)
        return -1;
    uint64_t *bits = v->job_bits;
    uint32_t *order = v->by_start;
    memset(bits, 0, (nj + 1) * words * sizeof *bits);
    uint64_t *any = bits + nj * words;
    size_t limit = v->words * 64;
    for (size_t j = 0; j < p->njobs; j++) {
        const rq_job *job = &p->jobs[j];
        for (size_t k = 0; k < job->nconcepts; k++) {
            uint32_t e = job->concepts[k];
            if (e < limit) {
                bits[j * words + e / 64] |= 1ull << (e % 64);
                any[e / 64] |= 1ull << (e % 64);
            }
        }
        /* insertion by start month: a handful of jobs */
        size_t i = j;
        while (i > 0 && p->jobs[order[i - 1]].period.start > job->period.start) {
            order[i] = order[i - 1];
            i--;
        }
        order[i] = (uint32_t)j;
    }
    v->vol_jobs = v->dated_jobs = 0;
    for (size_t j = 0; j < p->njobs && j < 64; j++) {
        if (p->jobs[j].kind == RQ_JOB_VOLUNTEER)
            v->vol_jobs |= 1ull << j;
        if (p->jobs[j].dated)
            v->dated_jobs |= 1ull << j;
    }
    v->any_job = any;
    v->jobs_ready = true;
    return 0;
}

/* ---- rules ---- */

/* What a rule's numbers are worked out with: the month months are
 * counted up to (the scorer's as_of), the view, and whether memory ran
 * out on the way. */
typedef struct {
    int as_of;
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

/* Is free-text concept x in text ti? As rq_phrase_in_text. A stem is a
 * prefix of its word (rq_stem only cuts, except -aux -> -al), so a text
 * that does not hold every stem's needle as a substring cannot hold the
 * phrase: most texts are turned down by strstr, without splitting and
 * stemming their words. */
static bool text_has(ctx_t *c, size_t ti, const sconcept *x)
{
    const rq_phrase *ph = x->phrase;
    const char *f = c->v->p->texts[ti].folded;
    if (ph->n == 0 || !f)
        return false;
    for (size_t k = 0; k < ph->n; k++)
        if (!strstr(f, x->needle[k]))
            return false;
    int rc = rq_phrase_in_text(ph, f, &c->v->scratch);
    if (rc < 0)
        c->oom = true;
    return rc > 0;
}

static bool same_phrase(const rq_phrase *a, const rq_phrase *b)
{
    if (a == b)
        return true;
    if (a->n != b->n)
        return false;
    for (size_t k = 0; k < a->n; k++)
        if (strcmp(a->stem[k], b->stem[k]) != 0)
            return false;
    return true;
}

/* The slot of stem st[0..n) (hash h) in the view's table: the one that
 * holds it, or the empty one where it would go. */
static stem_slot *stem_find(rq_score_view *v, const char *st, size_t n, uint32_t h)
{
    size_t mask = v->stems_cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        stem_slot *e = &v->stems[i];
        if (e->stamp != v->stem_serial)
            return e;
        if (e->hash == h && e->len == n && memcmp(v->pool + e->off, st, n) == 0)
            return e;
    }
}

/* A table of at least `need` slots, for the stems of the profile (the
 * current ones rehashed into it). -1 on oom */
static int stems_grow(rq_score_view *v, size_t need)
{
    size_t cap = v->stems_cap ? v->stems_cap : 256;
    while (cap < need)
        cap *= 2;
    if (cap == v->stems_cap)
        return 0;
    stem_slot *old = v->stems;
    size_t old_cap = v->stems_cap;
    v->stems = calloc(cap, sizeof *v->stems);
    if (!v->stems) {
        v->stems = old;
        return -1;
    }
    v->stems_cap = cap;
    /* the new slots' stamps are 0, and view_stems keeps the serial above
     * 0: they are all empty */
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].stamp != v->stem_serial)
            continue;
        stem_slot *e = stem_find(v, v->pool + old[i].off, old[i].len, old[i].hash);
        *e = old[i];
    }
    free(old);
    return 0;
}

/* Can word wd[0..len) have the stem of a phrase of the run (filter
 * want, NULL: any phrase)? A phrase's stems have 3 bytes or more
 * (rq_phrase_prepare), and no stem is longer than its word. */
static inline bool wanted(const stem_filter *want, const char *wd, size_t len)
{
    if (len < 3)
        return false;
    if (!want)
        return true;
    uint32_t b = prefix_hash(wd);
    return ((want->bits[b / 64] >> (b % 64)) & 1) ||
           (len == 4 && memcmp(wd + 1, "aux", 3) == 0);
}

/* Word wd[0..len) of text t into the view's stem index. -1 on oom */
static int index_word(rq_score_view *v, size_t t, const char *wd, size_t len)
{
    char st[RQ_PHRASE_STEM];
    size_t n = rq_stem(wd, len, st, sizeof st);
    if (n < 3)
        return 0;
    uint32_t h = stem_hash(st, n);
    stem_slot *e = stem_find(v, st, n, h);
    if (e->stamp != v->stem_serial) {
        if (2 * (v->nstems + 1) > v->stems_cap) {
            if (stems_grow(v, 2 * v->stems_cap) != 0)
                return -1;
            e = stem_find(v, st, n, h);
        }
        if (rq_grow((void **)&v->pool, &v->pool_cap, v->pool_len + n, 1) != 0)
            return -1;
        memcpy(v->pool + v->pool_len, st, n);
        *e = (stem_slot){v->stem_serial, h, (uint32_t)v->pool_len, (uint32_t)n, 0};
        v->pool_len += n;
        v->nstems++;
    }
    e->texts |= 1ull << t;
    return 0;
}

/* The words of text t into the index. rq_words' words are the maximal
 * runs of ASCII letters and digits when the text is ASCII (text.h), so
 * the ASCII part is split here in one pass, without the word array; at
 * the first byte of 0x80 or more (a non-Latin letter may join words) the
 * text goes through rq_words after all. The words already indexed end
 * before any such byte, so they are rq_words' too, and indexing a word
 * again changes nothing. With SSE2 sixteen bytes a step: a bit per byte
 * that is a letter or digit, and the places where that bit changes are
 * where words start and end (a step with a byte of 0x80 or more goes to
 * rq_words before any of its words is taken). -1 on oom */
/* A word starts or ends at byte `at` of text t (f): a word that ends
 * goes into the index. -1 on oom */
static inline int word_edge(rq_score_view *v, size_t t, const char *f, size_t at,
                            size_t *start, bool *in_word)
{
    *in_word = !*in_word;
    if (*in_word) {
        *start = at;
        return 0;
    }
    size_t len = at - *start;
    return wanted(v->want, f + *start, len) ? index_word(v, t, f + *start, len) : 0;
}

static int index_text(rq_score_view *v, size_t t, const char *f)
{
    const unsigned char *u = (const unsigned char *)f;
    size_t n = strlen(f), i = 0, start = 0;
    bool in_word = false;
#ifdef RQ_SSE2
    uint32_t carry = 0; /* 1: the byte before the step is a letter or digit */
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        if (_mm_movemask_epi8(x))
            goto other;
        __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(low, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(low, _mm_set1_epi8('z' + 1)));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
        uint32_t word = (uint32_t)_mm_movemask_epi8(_mm_or_si128(letter, digit));
        for (uint32_t change = word ^ ((word << 1 | carry) & 0xffff); change;
             change &= change - 1)
            if (word_edge(v, t, f, i + (size_t)__builtin_ctz(change), &start, &in_word) != 0)
                return -1;
        carry = word >> 15;
    }
#endif
    for (;; i++) {
        unsigned char b = u[i];
        if (b >= 0x80)
            goto other;
        /* rq_ascii_word is false for the final NUL */
        if (rq_ascii_word[b] != in_word && word_edge(v, t, f, i, &start, &in_word) != 0)
            return -1;
        if (!b)
            return 0;
    }
other:;
    long nw = rq_words(f, n, NULL, NULL, &v->scratch.words, &v->scratch.cap);
    if (nw < 0)
        return -1;
    for (long k = 0; k < nw; k++) {
        const rq_word *w = &v->scratch.words[k];
        if (wanted(v->want, f + w->start, w->len) && index_word(v, t, f + w->start, w->len) != 0)
            return -1;
    }
    return 0;
}

/* The stem index of the view's profile (see rq_score_view): every word
 * of every text split and stemmed as rq_phrase_in_text does, so that a
 * stem of a phrase is in the index for text t exactly when
 * rq_phrase_in_text would find it there. -1 on oom */
static int view_stems(rq_score_view *v)
{
    const rq_profile *p = v->p;
    if (++v->stem_serial == 0) {
        for (size_t i = 0; i < v->stems_cap; i++)
            v->stems[i].stamp = 0;
        v->stem_serial = 1;
    }
    v->nstems = 0;
    v->pool_len = 0;
    if (!v->stems && stems_grow(v, 256) != 0)
        return -1;
    for (size_t t = 0; t < p->ntexts; t++)
        if (p->texts[t].folded && index_text(v, t, p->texts[t].folded) != 0)
            return -1;
    v->stems_ready = true;
    v->stems_want = v->want;
    return 0;
}

/* The texts holding x as a bit set: the AND of the texts of its stems in
 * the view's stem index, which rq_phrase_in_text's test is (every stem
 * is the stem of a word of the text). false when the profile has more
 * than 64 texts or memory ran out: then the caller looks text by text. */
static bool phrase_texts(ctx_t *c, const sconcept *x, uint64_t *texts)
{
    rq_score_view *v = c->v;
    const rq_profile *p = v->p;
    if (p->ntexts > 64)
        return false;
    if ((!v->stems_ready || v->stems_want != v->want) && view_stems(v) != 0) {
        c->oom = true;
        return false;
    }
    const rq_phrase *ph = x->phrase;
    uint64_t set = ph->n ? ~0ull : 0;
    for (size_t k = 0; k < ph->n && set; k++) {
        const stem_slot *e = stem_find(v, ph->stem[k], x->plen[k], x->phash[k]);
        set &= e->stamp == v->stem_serial ? e->texts : 0;
    }
    *texts = set;
    return true;
}

/* As eval.c: index of the first text (of job `job`, or any when job < 0)
 * that contains the phrase, or -1. */
static long find_phrase(ctx_t *c, const sconcept *x, int job)
{
    const rq_profile *p = c->v->p;
    uint64_t texts;
    if (phrase_texts(c, x, &texts)) {
        /* the first text of the set that is the job's */
        for (; texts; texts &= texts - 1) {
            size_t i = (size_t)__builtin_ctzll(texts);
            if (job < 0 || p->texts[i].job == job)
                return (long)i;
        }
        return -1;
    }
    for (size_t i = 0; i < p->ntexts; i++) {
        if (job >= 0 && p->texts[i].job != job)
            continue;
        if (text_has(c, i, x))
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

/* s < 0 ? 0 : s > 1 ? 1 : s, in the forms of maxsd and minsd (x > y ? x
 * : y), which compilers turn into those instructions rather than into
 * branches that outcomes, high or low by turns, mispredict; the same
 * value for every s, NaN and -0 included */
static double clamp01(double s)
{
    double lo = 0.0 > s ? 0.0 : s;
    return 1.0 < lo ? 1.0 : lo;
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
    if (v->work_as_of == c->as_of)
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
        if (p->jobs[i].kind == RQ_JOB_WORK && job_period(c->as_of, &p->jobs[i], &per[n]))
            n++;
    long months = union_months(per, n);
    if (per != stack)
        free(per);
    v->work_years = (double)months / 12.0;
    v->work_as_of = c->as_of;
    return v->work_years;
}

/* ---- rule values ----
 *
 * A rule's satisfaction is worked out in two steps: its value, what it
 * depends on in the profile (a function of the rule's lists alone:
 * fields, domains, languages, concepts), then its outcome, the value
 * measured against the rule's thresholds (minimum EQF, years, level).
 * rq_score_get takes both steps rule by rule; a program (below) works
 * out each distinct value once per profile and shares it between every
 * posting whose rules ask for it. Both go through the same functions, so
 * the doubles are the same. */

static const double level_credit[] = {1.0, 0.5, 0.25};
static const double field_credit[] = {0.5, 0.75, 1.0}; /* by fit 0, 1, 2 */

/* Degree: per fit of the fields (0, 1, 2), the highest level (the EQF,
 * one less when not completed) among the recognised degrees with that
 * fit, -1 for none; and whether a degree was not recognised. The credit
 * of a degree only falls as its level falls, so the best degree of each
 * fit is the one with the highest level, whatever the minimum asked. */
typedef struct {
    int level[3];
    bool unrecognised;
} degree_value;

/* Experience: years counted at the rates of eval.c, and whether a
 * relevant job is undated. */
typedef struct {
    double years;
    bool undated;
} experience_value;

/* Language: best recognised level among the accepted languages. */
typedef struct {
    int best;
    bool found, unrecognised;
} language_value;

typedef union rule_value {
    degree_value degree;
    experience_value experience;
    language_value language;
    double concepts;             /* knowledge, other: the satisfaction */
} rule_value;

/* The texts (bit i: text i) of each degree's area and study type, in
 * v->degree_texts, worked out once per profile rather than matching
 * paths for each posting. -1 on oom or for more than 64 texts */
static int degree_texts(rq_score_view *v)
{
    const rq_profile *p = v->p;
    if (v->degrees_ready)
        return 0;
    if (p->ntexts > 64)
        return -1;
    if (rq_grow((void **)&v->degree_texts, &v->degree_texts_cap,
                p->ndegrees ? p->ndegrees : 1, sizeof *v->degree_texts) != 0)
        return -1;
    uint64_t *dt = v->degree_texts;
    for (size_t k = 0; k < p->ndegrees; k++) {
        char area[48], type[48];
        snprintf(area, sizeof area, "education[%d].area", p->degrees[k].index);
        snprintf(type, sizeof type, "education[%d].studyType", p->degrees[k].index);
        dt[k] = 0;
        for (size_t i = 0; i < p->ntexts; i++)
            if (strcmp(p->texts[i].path, area) == 0 || strcmp(p->texts[i].path, type) == 0)
                dt[k] |= 1ull << i;
    }
    v->degrees_ready = true;
    return 0;
}

/* As eval.c: is free-text field x in the area or study type of d? */
static bool degree_has(ctx_t *c, const sconcept *x, const rq_degree *d)
{
    rq_score_view *v = c->v;
    const rq_profile *p = v->p;
    uint64_t texts;
    if (degree_texts(v) == 0) {
        uint64_t own = v->degree_texts[d - p->degrees];
        if (!own)
            return false;
        if (phrase_texts(c, x, &texts))
            return (texts & own) != 0;
    }
    char area[48], type[48];
    snprintf(area, sizeof area, "education[%d].area", d->index);
    snprintf(type, sizeof type, "education[%d].studyType", d->index);
    for (size_t i = 0; i < p->ntexts; i++) {
        const rq_text *t = &p->texts[i];
        if (strcmp(t->path, area) != 0 && strcmp(t->path, type) != 0)
            continue;
        if (phrase_texts(c, x, &texts) ? (texts >> i) & 1 : text_has(c, i, x))
            return true;
    }
    return false;
}

static int degree_fit(ctx_t *c, const sconcept *items, size_t nitems, const rq_degree *d)
{
    if (nitems == 0)
        return 2;
    int fit = 0;
    for (size_t f = 0; f < nitems && fit < 2; f++) {
        const sconcept *x = &items[f];
        if (x->entry >= 0) {
            for (size_t k = 0; k < d->nfields && fit < 2; k++) {
                if (bit(x->covers, d->fields[k]))
                    fit = 2;
                else if (fit < 1 && bit(x->related, d->fields[k]))
                    fit = 1;
            }
        } else if (degree_has(c, x, d)) {
            fit = 2;
        }
    }
    return fit;
}

static inline degree_value degree_of(ctx_t *c, const sconcept *items, size_t nitems)
{
    const rq_profile *p = c->v->p;
    degree_value x = {{-1, -1, -1}, false};
    for (size_t i = 0; i < p->ndegrees; i++) {
        const rq_degree *d = &p->degrees[i];
        if (d->eqf <= 0) {
            x.unrecognised = true;
            continue;
        }
        int level = d->completed ? d->eqf : d->eqf - 1;
        int fit = degree_fit(c, items, nitems, d);
        if (level > x.level[fit])
            x.level[fit] = level;
    }
    return x;
}

/* eval.c's degree rule: the best credit of level x field over the
 * degrees (the best of each fit here, the same doubles), "or equivalent"
 * through five years of dated work. */
static inline outcome degree_outcome(ctx_t *c, const degree_value *x, int min_eqf,
                              bool or_equivalent)
{
    bool best = false;
    double best_s = 0;
    for (int fit = 0; fit < 3; fit++) {
        if (x->level[fit] < 0)
            continue;
        int shortfall = min_eqf - x->level[fit];
        if (shortfall < 0)
            shortfall = 0;
        double s = shortfall < 3 ? level_credit[shortfall] * field_credit[fit] : 0.0;
        if (!best || s > best_s) {
            best = true;
            best_s = s;
        }
    }
    double s = best ? best_s : 0.0;
    bool unknown = !best && x->unrecognised;
    if (or_equivalent && s < 1.0 && !unknown) {
        double wy = work_years(c);
        if (wy >= 5.0 && s < 0.75)
            s = 0.75;
    }
    return finish(s, unknown);
}

/* How much job ji counts towards the domains: 1 when it shows a domain
 * (or a narrower concept: covers), else 0.5 when a related one, else 0;
 * free-text domains in the job's own texts. */
static double job_relevance(ctx_t *c, const sconcept *items, size_t nitems, size_t ji)
{
    if (nitems == 0)
        return 1.0;
    const uint64_t *jb = c->v->job_bits + ji * (c->v->words ? c->v->words : 1);
    double best = 0;
    for (size_t d = 0; d < nitems && best < 1.0; d++) {
        const sconcept *x = &items[d];
        if (x->entry >= 0) {
            if (intersects(x->covers, x->cover_words, x->ncover_words, jb))
                best = 1.0;
            else if (best < 0.5 &&
                     intersects(x->related, x->related_words, x->nrelated_words, jb))
                best = 0.5;
        } else if (find_phrase(c, x, (int)ji) >= 0) {
            best = 1.0;
        }
    }
    return best;
}

/* Months covered by the jobs whose rate is at least `tier`, their
 * periods clipped to as_of, merged in order of start. */
static long tier_months(const ctx_t *c, double tier)
{
    const rq_score_view *v = c->v;
    const rq_profile *p = v->p;
    long months = 0;
    bool open = false;
    int from = 0, to = 0;
    for (size_t k = 0; k < p->njobs; k++) {
        uint32_t j = v->by_start[k];
        rq_period per;
        if (v->rate[j] < tier || !job_period(c->as_of, &p->jobs[j], &per))
            continue;
        if (open && per.start <= to + 1) {
            if (per.end > to)
                to = per.end;
            continue;
        }
        if (open)
            months += to - from + 1;
        open = true;
        from = per.start;
        to = per.end;
    }
    if (open)
        months += to - from + 1;
    return months;
}

/* The view's memo for lexicon concept x (see rq_score_view): which
 * jobs show it, which show a related one, the profile's credit for it.
 * Needs view_jobs. */
static void concept_memo_fill(rq_score_view *v, const sconcept *x);

/* concept_memo_fill unless done for the profile: the test inline, as
 * most concepts are (a program's run_concepts does them all) */
static inline void concept_memo(rq_score_view *v, const sconcept *x)
{
    if (v->cm[x->entry].stamp != v->serial)
        concept_memo_fill(v, x);
}

static void concept_memo_fill(rq_score_view *v, const sconcept *x)
{
    uint32_t e = (uint32_t)x->entry;
    struct concept_memo *m = &v->cm[e];
    if (m->stamp == v->serial)
        return;
    const rq_profile *p = v->p;
    size_t words = v->words ? v->words : 1;
    uint64_t cover = 0, rel = 0;
    /* most concepts a posting asks for are in none of the jobs: two tests
     * against the union of the jobs' sets spare testing job by job */
    bool in_jobs = intersects(x->covers, x->cover_words, x->ncover_words, v->any_job) ||
                   intersects(x->related, x->related_words, x->nrelated_words, v->any_job);
    for (size_t j = 0; in_jobs && j < p->njobs && j < 64; j++) {
        const uint64_t *jb = v->job_bits + j * words;
        if (intersects(x->covers, x->cover_words, x->ncover_words, jb))
            cover |= 1ull << j;
        else if (intersects(x->related, x->related_words, x->nrelated_words, jb))
            rel |= 1ull << j;
    }
    m->cover_jobs = cover;
    m->related_jobs = rel;
    m->credit = intersects(x->covers, x->cover_words, x->ncover_words, v->concepts) ? 2
                   : intersects(x->related, x->related_words, x->nrelated_words, v->concepts)
                       ? 1
                       : 0;
    m->stamp = v->serial;
}

/* Months covered by the jobs of set S (bit j: job j), merged in order of
 * start, periods clipped to as_of; remembered per set for small profiles. */
static long months_merge(ctx_t *c, uint64_t set)
{
    rq_score_view *v = c->v;
    const rq_profile *p = v->p;
    bool memo = p->njobs <= MONTHS_JOBS;
    long months = 0;
    bool open = false;
    int from = 0, to = 0;
    for (size_t k = 0; k < p->njobs; k++) {
        uint32_t j = v->by_start[k];
        rq_period per;
        if (!((set >> j) & 1) || !job_period(c->as_of, &p->jobs[j], &per))
            continue;
        if (open && per.start <= to + 1) {
            if (per.end > to)
                to = per.end;
            continue;
        }
        if (open)
            months += to - from + 1;
        open = true;
        from = per.start;
        to = per.end;
    }
    if (open)
        months += to - from + 1;
    if (memo) {
        v->months[set] = months;
        v->months_known[set / 64] |= 1ull << (set % 64);
    }
    return months;
}

/* months_merge, remembered: the test inline, as most sets are known */
static inline long months_of(ctx_t *c, uint64_t set)
{
    const rq_score_view *v = c->v;
    if (v->p->njobs <= MONTHS_JOBS && (v->months_known[set / 64] >> (set % 64)) & 1)
        return v->months[set];
    return months_merge(c, set);
}

/* Experience for profiles of at most 64 jobs: the jobs that count in
 * full and at half as bit sets (from the view's memo, so that a domain
 * asked by many postings is looked for once per profile), then the same
 * sum as eval.c over the sets of jobs at rate 1, >= 0.5 and >= 0.25. */
static experience_value experience_by_sets(ctx_t *c, const sconcept *items, size_t nitems)
{
    rq_score_view *v = c->v;
    const rq_profile *p = v->p;
    uint64_t all_jobs = p->njobs == 64 ? ~0ull : (1ull << p->njobs) - 1;
    uint64_t full = 0, half = 0;
    if (nitems == 0)
        full = all_jobs;
    for (size_t d = 0; d < nitems && full != all_jobs; d++) {
        const sconcept *x = &items[d];
        if (x->entry >= 0) {
            concept_memo(v, x);
            full |= v->cm[x->entry].cover_jobs;
            half |= v->cm[x->entry].related_jobs;
            continue;
        }
        uint64_t texts;
        if (phrase_texts(c, x, &texts)) {
            for (; texts; texts &= texts - 1) {
                size_t t = (size_t)__builtin_ctzll(texts);
                if (p->texts[t].job >= 0)
                    full |= 1ull << p->texts[t].job;
            }
        } else {
            for (size_t j = 0; j < p->njobs; j++)
                if (!((full >> j) & 1) && find_phrase(c, x, (int)j) >= 0)
                    full |= 1ull << j;
        }
    }
    half &= ~full;
    uint64_t relevant = full | half;
    if (!relevant) /* the sum below: 0.0 months, no undated job */
        return (experience_value){0.0, false};
    size_t undated = (size_t)__builtin_popcountll(relevant & ~v->dated_jobs);
    uint64_t work = ~v->vol_jobs;
    uint64_t t1 = full & work & v->dated_jobs;
    uint64_t t2 = t1 | (((full & v->vol_jobs) | (half & work)) & v->dated_jobs);
    uint64_t t3 = t2 | (half & v->vol_jobs & v->dated_jobs);
    if (v->valid_as_of != c->as_of) {
        memset(v->months_known, 0, sizeof v->months_known);
        v->valid_as_of = c->as_of;
    }
    long m1 = months_of(c, t1), m2 = months_of(c, t2), m3 = months_of(c, t3);
    /* eval.c: months += tiers[t] * (all - prev), tier by tier */
    double months = 0;
    months += 1.0 * (double)(m1 - 0);
    months += 0.5 * (double)(m2 - m1);
    months += 0.25 * (double)(m3 - m2);
    return (experience_value){months / 12.0, undated > 0};
}

static inline experience_value experience_of(ctx_t *c, const sconcept *items, size_t nitems)
{
    rq_score_view *v = c->v;
    const rq_profile *p = v->p;
    if (!v->jobs_ready && view_jobs(v) != 0) {
        c->oom = true;
        return (experience_value){0, false};
    }
    if (p->njobs <= 64 && v->nconcepts > 0)
        return experience_by_sets(c, items, nitems);
    size_t undated = 0;
    bool half = false, quarter = false; /* some rate in [0.5, 1), in (0, 0.5) */
    for (size_t i = 0; i < p->njobs; i++) {
        const rq_job *j = &p->jobs[i];
        v->rate[i] = 0;
        double rel = job_relevance(c, items, nitems, i);
        if (rel <= 0)
            continue;
        if (!j->dated) {
            undated++;
            continue;
        }
        double rt = rel * (j->kind == RQ_JOB_VOLUNTEER ? 0.5 : 1.0);
        v->rate[i] = rt;
        half |= rt >= 0.5 && rt < 1.0;
        quarter |= rt < 0.5;
    }
    /* months(rate >= 1) + 0.5 * extra months(rate >= 0.5) + 0.25 * the
     * rest (eval.c's sum; a tier that adds no job adds 0 and is skipped) */
    double months = 0;
    long all = tier_months(c, 1.0), prev = all;
    months += 1.0 * (double)all;
    if (half) {
        all = tier_months(c, 0.5);
        months += 0.5 * (double)(all - prev);
        prev = all;
    }
    if (quarter) {
        all = tier_months(c, 0.25);
        months += 0.25 * (double)(all - prev);
    }
    return (experience_value){months / 12.0, undated > 0};
}

static inline outcome experience_outcome(const experience_value *x, bool has_min_years,
                                  double min_years)
{
    double s;
    if (has_min_years && min_years > 0)
        s = x->years / min_years;
    else
        s = (x->years > 0 || x->undated) ? 1.0 : 0.0;
    return finish(s, false);
}

static inline language_value language_of(ctx_t *c, const uint32_t *langs, size_t nlangs)
{
    const rq_profile *p = c->v->p;
    language_value x = {-1, false, false};
    for (size_t i = 0; i < p->nlangs; i++) {
        const rq_lang *l = &p->langs[i];
        if (!l->code[0])
            continue;
        uint32_t code = c->v->lang_code[i];
        bool accepted = false;
        for (size_t k = 0; k < nlangs && !accepted; k++)
            accepted = langs[k] == code;
        if (!accepted)
            continue;
        if (l->level <= 0) {
            x.unrecognised = true;
        } else if (l->level > x.best) {
            x.best = l->level;
            x.found = true;
        }
    }
    return x;
}

static inline outcome language_outcome(const language_value *x, int min_level)
{
    int shortfall = x->found ? min_level - x->best : 99;
    double s = shortfall <= 0 ? 1.0 : shortfall == 1 ? 0.6 : shortfall == 2 ? 0.3 : 0.0;
    bool unknown = false;
    if (shortfall > 0 && x->unrecognised) {
        unknown = true;
        s = 0;
    }
    return finish(s, unknown);
}

/* Knowledge and other rules have no threshold: the value is the
 * satisfaction. */
static inline double concepts_of(ctx_t *c, const sconcept *items, size_t nitems, bool match_any)
{
    double sum = 0, max = 0;
    for (size_t i = 0; i < nitems; i++) {
        const sconcept *x = &items[i];
        double credit = 0;
        if (x->entry >= 0) {
            if (!c->v->jobs_ready && view_jobs(c->v) != 0) {
                c->oom = true;
                return 0;
            }
            concept_memo(c->v, x);
            credit = c->v->cm[x->entry].credit / 2.0; /* 1, 0.5 or 0 */
        } else if (find_phrase(c, x, -1) >= 0) {
            credit = 1.0;
        }
        sum += credit;
        if (credit > max)
            max = credit;
    }
    double s = nitems == 0 ? 1.0 : match_any ? max : sum / (double)nitems;
    return finish(s, false).s;
}

/* eval.c's total: weights and weighted satisfactions added in rule
 * order; a required rule not met (and not unknown) makes the profile
 * ineligible. */
typedef struct {
    double wsum, wsat;
    bool eligible;
} total;

static void add(total *t, outcome o, double weight, bool required)
{
    double w = weight > 0 ? weight : 0;
    t->wsum += w;
    t->wsat += w * o.s;
    bool met = !o.unknown && o.s >= 1;
    if (required && !met && !o.unknown)
        t->eligible = false;
}

static rq_score result(const total *t)
{
    return (rq_score){t->wsum > 0 ? 100.0 * t->wsat / t->wsum : 0.0, t->eligible};
}

/* Knowledge shows in a CV; an aptitude, a permit or an adherence seldom
 * does: an `other` rule short of met is unknown (as rq_evaluate), so it
 * keeps its credit but knocks no one out. */
static outcome concepts_outcome(double s, bool other)
{
    return (outcome){s, other && !(s >= 1)};
}

static outcome rule_outcome(ctx_t *c, const srule *r)
{
    switch (r->category) {
    case RQ_CAT_DEGREE: {
        degree_value x = degree_of(c, r->items, r->nitems);
        return degree_outcome(c, &x, r->min_eqf, r->or_equivalent);
    }
    case RQ_CAT_EXPERIENCE: {
        experience_value x = experience_of(c, r->items, r->nitems);
        return experience_outcome(&x, r->has_min_years, r->min_years);
    }
    case RQ_CAT_LANGUAGE: {
        language_value x = language_of(c, r->langs, r->nlangs);
        return language_outcome(&x, r->min_level);
    }
    case RQ_CAT_KNOWLEDGE:
    case RQ_CAT_OTHER:
        return concepts_outcome(concepts_of(c, r->items, r->nitems, r->match_any),
                                r->category == RQ_CAT_OTHER);
    default: return (outcome){0, true};
    }
}

int rq_score_get(const rq_scorer *s, rq_score_view *v, rq_score *out)
{
    if (v->oom)
        return -1;
    v->want = NULL; /* any phrase: an index of every word */
    ctx_t c = {s->as_of, v, false};
    total t = {0, 0, true};
    for (size_t i = 0; i < s->nrules && !c.oom; i++) {
        const srule *r = &s->rules[i];
        add(&t, rule_outcome(&c, r), r->weight, r->required);
    }
    if (c.oom)
        return -1;
    *out = result(&t);
    return 0;
}

/* ---- programs ----
 *
 * A program is the rules of n scorers in three layers:
 *   atoms     the distinct rule values (rules of the same kind, with the
 *             same lists and as_of, ask for the same atom, whichever
 *             posting they come from);
 *   measures  the distinct (atom, thresholds) pairs: an outcome, the
 *             satisfaction and whether a knock-out fails on it;
 *   ops       per scorer, its rules in order as (measure, weight), the
 *             measures of its knock-outs, and the sum of its weights.
 * Running it on a profile works out every atom once, then every measure
 * once, then each posting's score is a loop of multiply-adds over its
 * ops: the same sums, in the same order, as rq_score_get's. A hundred
 * postings varied from a few templates share a few dozen atoms.
 * Before the atoms, a run works out what every atom may need of the
 * profile at once: the lexicon concepts the atoms ask for
 * (run_concepts), and an index of the word stems of the texts that the
 * atoms' free-text concepts can need (view_stems, with the program's
 * filter of their stems' first three bytes). */

enum { ATOM_DEGREE, ATOM_EXPERIENCE, ATOM_LANGUAGE, ATOM_CONCEPTS, ATOM_NONE };

typedef struct {
    int kind;
    int as_of;
    bool match_any;          /* concepts */
    const sconcept *items;   /* borrowed from the first scorer that asked */
    size_t nitems;
    const uint32_t *langs;
    size_t nlangs;
    uint32_t hash;
} atom;

typedef struct {
    uint32_t atom;
    int kind;                /* the atom's */
    int min;                 /* min_eqf (degree), min_level (language),
                              * 1 for an `other` rule (concepts) */
    bool or_equivalent;      /* degree */
    bool has_min_years;      /* experience */
    double min_years;
    uint32_t hash;
} measure;

/* a measure worked out for a profile */
typedef struct rule_met {
    double s;
    bool fails;              /* not unknown, and s < 1 */
} rule_met;

struct rq_score_program {
    atom *atoms;
    size_t natoms;
    measure *measures;
    size_t nmeasures;
    /* ops, as arrays: the rules of scorer i are op_measure[k] and
     * op_weight[k] (the rule's weight, or 0 when not > 0) for k in
     * first[i] .. first[i + 1]; the measures of its knock-outs are
     * knockouts[ko_first[i] .. ko_first[i + 1]) */
    uint32_t *op_measure;
    double *op_weight;
    size_t *first;
    uint32_t *knockouts;
    size_t *ko_first;
    double *wsum;            /* per scorer, its weights added in rule order */
    size_t n;
    stem_filter *want;       /* the stems of its phrases; NULL: no free text */
    /* the lexicon concepts its atoms ask for (entries), and per kb
     * concept c (nkb of them) those that count c in full or as related:
     * inv[inv_first[c] .. inv_first[c + 1]), each entry << 1 | 1 in full,
     * << 1 | 0 related only (see run_concepts) */
    uint32_t *entries;
    size_t nentries;
    size_t nkb;
    uint32_t *inv_first;
    uint32_t *inv;
    uint64_t id;             /* unique among the programs of the process */
};

/* Program ids: a view remembers which program its atoms are for */
static atomic_uint_fast64_t program_ids;

static int atom_kind(rq_category category)
{
    switch (category) {
    case RQ_CAT_DEGREE: return ATOM_DEGREE;
    case RQ_CAT_EXPERIENCE: return ATOM_EXPERIENCE;
    case RQ_CAT_LANGUAGE: return ATOM_LANGUAGE;
    case RQ_CAT_KNOWLEDGE:
    case RQ_CAT_OTHER: return ATOM_CONCEPTS;
    default: return ATOM_NONE;
    }
}

static uint32_t mix(uint32_t h, uint32_t x)
{
    return (h ^ x) * 16777619u;
}

static uint32_t atom_hash(const atom *a)
{
    uint32_t h = mix(mix(mix(2166136261u, (uint32_t)a->kind), (uint32_t)a->as_of),
                     a->match_any);
    for (size_t i = 0; i < a->nitems; i++) {
        const sconcept *x = &a->items[i];
        if (x->entry >= 0) {
            h = mix(h, (uint32_t)x->entry);
            continue;
        }
        h = mix(h, 0xffffffffu);
        for (size_t k = 0; k < x->phrase->n; k++)
            h = mix(h, x->phash[k]);
    }
    for (size_t i = 0; i < a->nlangs; i++)
        h = mix(h, a->langs[i]);
    return h;
}

static bool same_atom(const atom *a, const atom *b)
{
    if (a->hash != b->hash || a->kind != b->kind || a->as_of != b->as_of ||
        a->match_any != b->match_any || a->nitems != b->nitems || a->nlangs != b->nlangs)
        return false;
    for (size_t i = 0; i < a->nitems; i++) {
        const sconcept *x = &a->items[i], *y = &b->items[i];
        if (x->entry != y->entry || (x->entry < 0 && !same_phrase(x->phrase, y->phrase)))
            return false;
    }
    return a->nlangs == 0 || memcmp(a->langs, b->langs, a->nlangs * sizeof *a->langs) == 0;
}

static uint32_t measure_hash(const measure *m)
{
    uint64_t years;
    memcpy(&years, &m->min_years, sizeof years);
    uint32_t h = mix(mix(2166136261u, m->atom), (uint32_t)m->min);
    h = mix(mix(h, m->or_equivalent), m->has_min_years);
    return mix(mix(h, (uint32_t)years), (uint32_t)(years >> 32));
}

static bool same_measure(const measure *a, const measure *b)
{
    return a->hash == b->hash && a->atom == b->atom && a->min == b->min &&
           a->or_equivalent == b->or_equivalent && a->has_min_years == b->has_min_years &&
           memcmp(&a->min_years, &b->min_years, sizeof a->min_years) == 0;
}

/* Open-addressing sets of indices + 1 (0: empty), with more slots than
 * there are rules, used while compiling. */
typedef struct {
    uint32_t *slot;
    size_t mask;
} index_set;

/* The atom r asks for, added when new. */
static uint32_t intern_atom(rq_score_program *g, index_set *set, const rq_scorer *s,
                            const srule *r)
{
    atom a = {atom_kind(r->category), s->as_of, false, NULL, 0, NULL, 0, 0};
    if (a.kind == ATOM_CONCEPTS)
        a.match_any = r->match_any;
    if (a.kind == ATOM_LANGUAGE) {
        a.langs = r->langs;
        a.nlangs = r->nlangs;
    } else if (a.kind != ATOM_NONE) {
        a.items = r->items;
        a.nitems = r->nitems;
    }
    a.hash = atom_hash(&a);
    size_t i = a.hash & set->mask;
    while (set->slot[i]) {
        if (same_atom(&g->atoms[set->slot[i] - 1], &a))
            return set->slot[i] - 1;
        i = (i + 1) & set->mask;
    }
    g->atoms[g->natoms] = a;
    set->slot[i] = (uint32_t)++g->natoms;
    return set->slot[i] - 1;
}

/* The measure of r against atom a, added when new; only the thresholds
 * the atom's kind reads are kept, so that they alone tell measures
 * apart. */
static uint32_t intern_measure(rq_score_program *g, index_set *set, uint32_t a,
                               const srule *r)
{
    measure m = {a, g->atoms[a].kind, 0, false, false, 0, 0};
    if (m.kind == ATOM_DEGREE) {
        m.min = r->min_eqf;
        m.or_equivalent = r->or_equivalent;
    } else if (m.kind == ATOM_EXPERIENCE) {
        m.has_min_years = r->has_min_years;
        m.min_years = r->min_years;
    } else if (m.kind == ATOM_LANGUAGE) {
        m.min = r->min_level;
    } else if (m.kind == ATOM_CONCEPTS) {
        m.min = r->category == RQ_CAT_OTHER; /* short of met: unknown */
    }
    m.hash = measure_hash(&m);
    size_t i = m.hash & set->mask;
    while (set->slot[i]) {
        if (same_measure(&g->measures[set->slot[i] - 1], &m))
            return set->slot[i] - 1;
        i = (i + 1) & set->mask;
    }
    g->measures[g->nmeasures] = m;
    set->slot[i] = (uint32_t)++g->nmeasures;
    return set->slot[i] - 1;
}

/* g->want from the phrases of g's atoms (stays NULL without any). -1 on oom */
static int compile_filter(rq_score_program *g)
{
    for (size_t i = 0; i < g->natoms; i++) {
        const atom *a = &g->atoms[i];
        for (size_t j = 0; j < a->nitems; j++) {
            const rq_phrase *ph = a->items[j].phrase;
            if (a->items[j].entry >= 0 || ph->n == 0)
                continue;
            if (!g->want && !(g->want = calloc(1, sizeof *g->want)))
                return -1;
            for (size_t k = 0; k < ph->n; k++) {
                uint32_t b = prefix_hash(ph->stem[k]); /* stems have 3 bytes or more */
                g->want->bits[b / 64] |= 1ull << (b % 64);
            }
        }
    }
    return 0;
}

/* Each kb concept of x's covers (in full) or only of its related set,
 * to fn: the inverse of x's bit sets */
static void each_counted(const sconcept *x, size_t nkb, uint32_t e,
                         void (*fn)(rq_score_program *, uint32_t, uint32_t),
                         rq_score_program *g)
{
    for (uint32_t i = 0; i < x->ncover_words; i++) {
        uint32_t w = x->cover_words[i];
        for (uint64_t b = x->covers[w]; b; b &= b - 1) {
            uint32_t c = w * 64 + (uint32_t)__builtin_ctzll(b);
            if (c < nkb)
                fn(g, c, e << 1 | 1);
        }
    }
    for (uint32_t i = 0; i < x->nrelated_words; i++) {
        uint32_t w = x->related_words[i];
        for (uint64_t b = x->related[w] & ~x->covers[w]; b; b &= b - 1) {
            uint32_t c = w * 64 + (uint32_t)__builtin_ctzll(b);
            if (c < nkb)
                fn(g, c, e << 1);
        }
    }
}

static void count_inv(rq_score_program *g, uint32_t c, uint32_t code)
{
    (void)code;
    g->inv_first[c + 1]++;
}

/* inv_first[c] is the next free place of c while filling */
static void fill_inv(rq_score_program *g, uint32_t c, uint32_t code)
{
    g->inv[g->inv_first[c]++] = code;
}

/* entries and the inverse lists of g (see rq_score_program). -1 on oom */
static int compile_concepts(rq_score_program *g, const rq_kb *kb)
{
    size_t nkb = kb ? rq_kb_count(kb, RQ_TABLE_CONCEPTS) : 0;
    if (nkb == 0)
        return 0;
    const sconcept **first = calloc(nkb, sizeof *first); /* an item asking for e */
    if (!first)
        return -1;
    size_t count = 0;
    for (size_t i = 0; i < g->natoms; i++)
        for (size_t j = 0; j < g->atoms[i].nitems; j++) {
            const sconcept *x = &g->atoms[i].items[j];
            if (x->entry >= 0 && (size_t)x->entry < nkb && !first[x->entry]) {
                first[x->entry] = x;
                count++;
            }
        }
    int rc = -1;
    if (count == 0) {
        rc = 0;
        goto done;
    }
    g->entries = malloc(count * sizeof *g->entries);
    g->inv_first = calloc(nkb + 1, sizeof *g->inv_first);
    if (!g->entries || !g->inv_first)
        goto done;
    g->nkb = nkb;
    for (size_t e = 0; e < nkb; e++)
        if (first[e]) {
            g->entries[g->nentries++] = (uint32_t)e;
            each_counted(first[e], nkb, (uint32_t)e, count_inv, g);
        }
    for (size_t c = 0; c < nkb; c++)
        g->inv_first[c + 1] += g->inv_first[c];
    g->inv = malloc((g->inv_first[nkb] ? g->inv_first[nkb] : 1) * sizeof *g->inv);
    if (!g->inv)
        goto done;
    for (size_t k = 0; k < g->nentries; k++)
        each_counted(first[g->entries[k]], nkb, g->entries[k], fill_inv, g);
    /* filling moved each start to the next one's: back by one list */
    for (size_t c = nkb; c > 0; c--)
        g->inv_first[c] = g->inv_first[c - 1];
    g->inv_first[0] = 0;
    rc = 0;
done:
    free(first);
    return rc;
}

/* Atoms, then measures, put in order of kind (the order of appearance
 * within a kind): running them switches on the kind at each step, an
 * indirect branch that a mix of kinds mispredicts. Values are the same
 * in any order (the view only caches). -1 on oom */
static int sort_by_kind(rq_score_program *g)
{
    size_t na = g->natoms, nm = g->nmeasures, most = na > nm ? na : nm;
    uint32_t *where = malloc((most ? most : 1) * sizeof *where);
    atom *atoms = malloc((na ? na : 1) * sizeof *atoms);
    measure *measures = malloc((nm ? nm : 1) * sizeof *measures);
    if (!where || !atoms || !measures) {
        free(where);
        free(atoms);
        free(measures);
        return -1;
    }
    size_t k = 0;
    for (int kind = 0; kind <= ATOM_NONE; kind++)
        for (size_t i = 0; i < na; i++)
            if (g->atoms[i].kind == kind) {
                where[i] = (uint32_t)k;
                atoms[k++] = g->atoms[i];
            }
    for (size_t i = 0; i < nm; i++)
        g->measures[i].atom = where[g->measures[i].atom];
    free(g->atoms);
    g->atoms = atoms;
    k = 0;
    for (int kind = 0; kind <= ATOM_NONE; kind++)
        for (size_t i = 0; i < nm; i++)
            if (g->measures[i].kind == kind) {
                where[i] = (uint32_t)k;
                measures[k++] = g->measures[i];
            }
    for (size_t i = 0; i < g->first[g->n]; i++)
        g->op_measure[i] = where[g->op_measure[i]];
    for (size_t i = 0; i < g->ko_first[g->n]; i++)
        g->knockouts[i] = where[g->knockouts[i]];
    free(g->measures);
    g->measures = measures;
    free(where);
    return 0;
}

static int compile(rq_score_program *g, const rq_scorer *const *s, size_t n, size_t nrules)
{
    size_t slots = 16;
    while (slots < 2 * nrules)
        slots *= 2;
    index_set atoms = {calloc(slots, sizeof(uint32_t)), slots - 1};
    index_set measures = {calloc(slots, sizeof(uint32_t)), slots - 1};
    size_t cap = nrules ? nrules : 1;
    g->atoms = malloc(cap * sizeof *g->atoms);
    g->measures = malloc(cap * sizeof *g->measures);
    g->op_measure = malloc(cap * sizeof *g->op_measure);
    g->op_weight = malloc(cap * sizeof *g->op_weight);
    g->knockouts = malloc(cap * sizeof *g->knockouts);
    g->first = malloc((n + 1) * sizeof *g->first);
    g->ko_first = malloc((n + 1) * sizeof *g->ko_first);
    g->wsum = malloc((n ? n : 1) * sizeof *g->wsum);
    int rc = -1;
    if (atoms.slot && measures.slot && g->atoms && g->measures && g->op_measure &&
        g->op_weight && g->knockouts && g->first && g->ko_first && g->wsum) {
        size_t k = 0, ko = 0;
        for (size_t i = 0; i < n; i++) {
            g->first[i] = k;
            g->ko_first[i] = ko;
            double wsum = 0;
            for (size_t j = 0; j < s[i]->nrules; j++) {
                const srule *r = &s[i]->rules[j];
                uint32_t a = intern_atom(g, &atoms, s[i], r);
                double w = r->weight > 0 ? r->weight : 0; /* as add() */
                wsum += w;
                g->op_measure[k] = intern_measure(g, &measures, a, r);
                g->op_weight[k] = w;
                if (r->required)
                    g->knockouts[ko++] = g->op_measure[k];
                k++;
            }
            g->wsum[i] = wsum;
        }
        g->first[n] = k;
        g->ko_first[n] = ko;
        g->n = n;
        rc = sort_by_kind(g) == 0 && compile_filter(g) == 0 &&
                     compile_concepts(g, n ? s[0]->kb : NULL) == 0
                 ? 0
                 : -1;
    }
    free(atoms.slot);
    free(measures.slot);
    return rc;
}

rq_score_program *rq_score_program_new(const rq_scorer *const *s, size_t n)
{
    rq_score_program *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    size_t nrules = 0;
    bool same_kb = true;
    for (size_t i = 0; i < n; i++) {
        same_kb &= s[i]->kb == s[0]->kb;
        nrules += s[i]->nrules;
    }
    if (!same_kb || compile(g, s, n, nrules) != 0) {
        rq_score_program_free(g);
        return NULL;
    }
    g->id = atomic_fetch_add(&program_ids, 1) + 1;
    return g;
}

void rq_score_program_free(rq_score_program *g)
{
    if (!g)
        return;
    free(g->atoms);
    free(g->measures);
    free(g->op_measure);
    free(g->op_weight);
    free(g->knockouts);
    free(g->first);
    free(g->ko_first);
    free(g->wsum);
    free(g->want);
    free(g->entries);
    free(g->inv_first);
    free(g->inv);
    free(g);
}

size_t rq_score_program_atoms(const rq_score_program *g)
{
    return g->natoms;
}

size_t rq_score_program_measures(const rq_score_program *g)
{
    return g->nmeasures;
}

/* concept_memo for every lexicon concept of g at once: rather than
 * testing each concept's bit sets against the profile and each job, each
 * concept of the profile and of its jobs (a few dozen) gives, through
 * g's inverse lists, the concepts asked that count it; the same credit
 * and job sets as concept_memo's. */
static void run_concepts(const rq_score_program *g, rq_score_view *v)
{
    const rq_profile *p = v->p;
    for (size_t i = 0; i < g->nentries; i++) {
        v->cm[g->entries[i]] = (struct concept_memo){0, 0, v->serial, 0};
    }
    for (size_t i = 0; i < p->nhits; i++) {
        uint32_t c = p->hits[i].concept;
        if (c >= g->nkb)
            continue;
        for (uint32_t k = g->inv_first[c]; k < g->inv_first[c + 1]; k++) {
            struct concept_memo *m = &v->cm[g->inv[k] >> 1];
            uint8_t credit = g->inv[k] & 1 ? 2 : 1;
            if (m->credit < credit)
                m->credit = credit;
        }
    }
    for (size_t j = 0; j < p->njobs && j < 64; j++) {
        const rq_job *job = &p->jobs[j];
        for (size_t i = 0; i < job->nconcepts; i++) {
            uint32_t c = job->concepts[i];
            if (c >= g->nkb)
                continue;
            for (uint32_t k = g->inv_first[c]; k < g->inv_first[c + 1]; k++) {
                struct concept_memo *m = &v->cm[g->inv[k] >> 1];
                if (g->inv[k] & 1)
                    m->cover_jobs |= 1ull << j;
                else
                    m->related_jobs |= 1ull << j;
            }
        }
    }
    /* concept_memo: related only when not in full */
    for (size_t i = 0; i < g->nentries; i++) {
        struct concept_memo *m = &v->cm[g->entries[i]];
        m->related_jobs &= ~m->cover_jobs;
    }
}

/* Every atom of g for the view's profile, into vals. */
static void run_atoms(const rq_score_program *g, ctx_t *c, rule_value *vals)
{
    for (size_t i = 0; i < g->natoms && !c->oom; i++) {
        const atom *a = &g->atoms[i];
        c->as_of = a->as_of;
        switch (a->kind) {
        case ATOM_DEGREE: vals[i].degree = degree_of(c, a->items, a->nitems); break;
        case ATOM_EXPERIENCE: vals[i].experience = experience_of(c, a->items, a->nitems); break;
        case ATOM_LANGUAGE: vals[i].language = language_of(c, a->langs, a->nlangs); break;
        case ATOM_CONCEPTS:
            vals[i].concepts = concepts_of(c, a->items, a->nitems, a->match_any);
            break;
        default: break;
        }
    }
}

/* Every measure of g, from the atoms' values. */
static void run_measures(const rq_score_program *g, ctx_t *c, const rule_value *vals,
                         rule_met *met)
{
    for (size_t i = 0; i < g->nmeasures && !c->oom; i++) {
        const measure *m = &g->measures[i];
        const rule_value *x = &vals[m->atom];
        outcome o;
        switch (m->kind) {
        case ATOM_DEGREE:
            c->as_of = g->atoms[m->atom].as_of;
            o = degree_outcome(c, &x->degree, m->min, m->or_equivalent);
            break;
        case ATOM_EXPERIENCE:
            o = experience_outcome(&x->experience, m->has_min_years, m->min_years);
            break;
        case ATOM_LANGUAGE: o = language_outcome(&x->language, m->min); break;
        case ATOM_CONCEPTS: o = concepts_outcome(x->concepts, m->min != 0); break;
        default: o = (outcome){0, true}; break;
        }
        /* add(): a knock-out fails when not met and not unknown */
        met[i] = (rule_met){o.s, !o.unknown && !(o.s >= 1)};
    }
}

int rq_score_program_prepare(const rq_score_program *g, rq_score_view *v)
{
    if (v->oom)
        return -1;
    if (rq_grow((void **)&v->values, &v->values_cap, g->natoms ? g->natoms : 1,
                sizeof *v->values) != 0 ||
        rq_grow((void **)&v->met, &v->met_cap, g->nmeasures ? g->nmeasures : 1,
                sizeof *v->met) != 0)
        return -1;
    /* the index of a run holds only the program's own words: built anew
     * for each run (a run asks for every phrase at once) */
    v->want = g->want;
    v->stems_ready = false;
    if (g->nentries && g->nkb == v->nconcepts)
        run_concepts(g, v);
    ctx_t c = {0, v, false};
    run_atoms(g, &c, v->values);
    if (c.oom)
        return -1;
    v->prepared = g->id;
    return 0;
}

int rq_score_program_run(const rq_score_program *g, rq_score_view *v, rq_score *out)
{
    if (v->prepared != g->id && rq_score_program_prepare(g, v) != 0)
        return -1;
    rule_met *met = v->met;
    ctx_t c = {0, v, false};
    run_measures(g, &c, v->values, met);
    if (c.oom)
        return -1;
    /* add() and result() over the ops: the weighted satisfactions added
     * in rule order, the weights' sum the program's, added in the same
     * order; a knock-out that fails makes the profile ineligible */
    for (size_t i = 0; i < g->n; i++) {
        double wsat = 0;
        for (size_t k = g->first[i]; k < g->first[i + 1]; k++)
            wsat += g->op_weight[k] * met[g->op_measure[k]].s;
        bool eligible = true;
        for (size_t k = g->ko_first[i]; k < g->ko_first[i + 1]; k++)
            eligible &= !met[g->knockouts[k]].fails;
        out[i] = (rq_score){g->wsum[i] > 0 ? 100.0 * wsat / g->wsum[i] : 0.0, eligible};
    }
    return 0;
}
