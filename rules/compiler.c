/*
 * compiler.c - second stage of the posting compiler: requirement clauses
 * to weighted rules (rq_compile_text).
 *
 * Each clause of a requirement section (see posting_text.c) is scanned
 * once against every kb table; the hits are then read like a recruiter
 * reads the clause:
 *   - modality: the section gives the base (required, or preferred under
 *     "Atouts"/"Nice to have"); a trailing marker ("est un atout") makes
 *     its comma-part preferred when that part names its own requirement,
 *     else the whole clause; a leading adverb ("de préférence",
 *     "idéalement") makes the rest of the clause preferred, and when the
 *     rest names no requirement of its own it inherits the category of
 *     what came before ("Diplôme universitaire, de préférence en X" ->
 *     a required degree in any field + a preferred degree in X);
 *   - category, first match wins: language (a language name with a level
 *     or a lead word, or codes like NL/FR) > degree > experience >
 *     knowledge/other;
 *   - experience: a duration (digits or number words + a year/month unit)
 *     counts only when it sits within a few words of an experience word and
 *     no context word (salary, contract, days...) is next to it; "dont"/
 *     "including" followed by a second duration makes a second rule;
 *   - concepts of the clause (kb concepts), else its own words as free text.
 * Weights: base (required/preferred) x category factor x emphasis.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler_internal.h"
#include "text.h"

enum {
    MK_PREFERRED,
    MK_PREFERRED_NEXT,
    MK_REQUIRED,
    MK_EMPHASIS,
    MK_EXPERIENCE,
    MK_YEARS,
    MK_MONTHS,
    MK_MINIMUM,
    MK_OR_MORE,
    MK_NESTED,
    MK_EQUIVALENT,
    MK_CONTEXT,
    MK_KNOWLEDGE,
    MK_ABILITY,
    MK_OTHER,
    MK_ANY_OF,
    MK_LICENCE,
    MK_SOFT,
    MK_GENERIC,
    MK_IN_LIEU,
    MK_NOT_REQ,
    MK_LANG_VERB,
    MK_PERMIT,
    MK_COUNT
};
static const char *const marker_keys[MK_COUNT] = {
    "preferred", "preferred_next", "required", "emphasis", "experience", "years",
    "months", "minimum", "or_more", "nested", "equivalent", "context",
    "knowledge", "ability", "other", "any_of", "licence", "soft", "generic",
    "in_lieu", "not_req", "lang_verb", "permit"};

/* Tables scanned in each clause. */
enum { T_MARK, T_DEG, T_LANG, T_LEVEL, T_NUM, T_CONC, T_COUNT };
static const rq_table scan_tables[T_COUNT] = {RQ_TABLE_MARKERS, RQ_TABLE_DEGREES,
                                              RQ_TABLE_LANGUAGES, RQ_TABLE_LEVELS,
                                              RQ_TABLE_NUMBERS, RQ_TABLE_CONCEPTS};

typedef struct {
    size_t start, end; /* source bytes in the clause */
    char f[24];        /* folded word (truncated) */
    bool caps;
} cword;

typedef struct {
    const char *s;
    size_t n;
    cword *w;
    size_t nw;
    rq_hits h[T_COUNT];
} cscan;

typedef struct {
    const rq_kb *kb;
    const rq_compile_opts *opts;
    const char *file;
    rq_diags *diags;
    rq_ruleset *rs;
    const rq_posting *p;
    long mk[MK_COUNT];
    int counter[RQ_CAT_COUNT];
    const char *sentence; /* source text of the clause being compiled */
    size_t sentence_len;
    const rq_psent *sent;
    size_t clause_off;    /* clause start in the sentence */
    size_t lang_first;    /* where the first language of the last language
                           * rules stands in the clause */
    bool absorbed;        /* the clause was understood and needs no rule of
                           * its own (workplace languages, "in lieu of") */
    rq_buf fold;
    uint32_t *map;
    size_t mapcap;
    rq_word *words;
    size_t wcap;
} ctx;

/* ---- scanning ---- */

static void cscan_free(cscan *cs)
{
    free(cs->w);
    for (int t = 0; t < T_COUNT; t++)
        rq_hits_free(&cs->h[t]);
}

static int cscan_run(ctx *c, const char *s, size_t n, cscan *cs)
{
    memset(cs, 0, sizeof *cs);
    cs->s = s;
    cs->n = n;
    rq_buf_reset(&c->fold);
    if (rq_fold(s, n, &c->fold, &c->map, &c->mapcap) < 0)
        return -1;
    long nw = c->fold.data ? rq_words(c->fold.data, c->fold.len, s, c->map, &c->words, &c->wcap)
                           : 0;
    if (nw < 0)
        return -1;
    cs->w = calloc((size_t)nw + 1, sizeof *cs->w);
    if (!cs->w)
        return -1;
    cs->nw = (size_t)nw;
    for (size_t i = 0; i < cs->nw; i++) {
        const rq_word *w = &c->words[i];
        cs->w[i].start = c->map[w->start];
        size_t fe = w->start + w->len;
        cs->w[i].end = fe < c->fold.len ? c->map[fe] : n;
        while (cs->w[i].end > cs->w[i].start &&
               strchr(" ,;:.()'\"", s[cs->w[i].end - 1]) != NULL)
            cs->w[i].end--;
        size_t k = w->len < sizeof cs->w[i].f - 1 ? w->len : sizeof cs->w[i].f - 1;
        memcpy(cs->w[i].f, c->fold.data + w->start, k);
        cs->w[i].f[k] = '\0';
        cs->w[i].caps = w->caps;
    }
    for (int t = 0; t < T_COUNT; t++)
        if (rq_kb_scan(c->kb, scan_tables[t], s, n, &cs->h[t]) < 0)
            return -1;
    return 0;
}

/* index of the word at or after byte b */
static size_t word_at(const cscan *cs, size_t b)
{
    for (size_t i = 0; i < cs->nw; i++)
        if (cs->w[i].end > b)
            return i;
    return cs->nw;
}

static bool wis(const cscan *cs, size_t i, const char *w)
{
    return i < cs->nw && strcmp(cs->w[i].f, w) == 0;
}

/* Is h a marker of kind mk? A permit is an `other` word too. */
static bool is_marker(const ctx *c, const rq_hit *h, int mk)
{
    if (c->mk[mk] >= 0 && (long)h->entry == c->mk[mk])
        return true;
    return mk == MK_OTHER && c->mk[MK_PERMIT] >= 0 && (long)h->entry == c->mk[MK_PERMIT];
}

/* first marker hit of kind mk within [a, b), or NULL */
static const rq_hit *find_marker(const ctx *c, const cscan *cs, int mk, size_t a, size_t b)
{
    for (size_t i = 0; i < cs->h[T_MARK].count; i++) {
        const rq_hit *h = &cs->h[T_MARK].hits[i];
        if (h->start >= a && h->end <= b && is_marker(c, h, mk))
            return h;
    }
    return NULL;
}

static const rq_hit *last_marker(const ctx *c, const cscan *cs, int mk, size_t a, size_t b)
{
    const rq_hit *r = NULL;
    for (size_t i = 0; i < cs->h[T_MARK].count; i++) {
        const rq_hit *h = &cs->h[T_MARK].hits[i];
        if (h->start >= a && h->end <= b && is_marker(c, h, mk))
            r = h;
    }
    return r;
}

static size_t count_hits(const cscan *cs, int t, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->h[t].count; i++)
        if (cs->h[t].hits[i].start >= a && cs->h[t].hits[i].end <= b)
            n++;
    return n;
}

/* ---- durations ---- */

typedef struct {
    double years;
    size_t start, end; /* from the number to the unit */
    size_t unit_word;
    int unit;          /* 1 years, 2 months */
} duration;

static int number_at(const ctx *c, const cscan *cs, size_t wi)
{
    const char *f = cs->w[wi].f;
    if (isdigit((unsigned char)f[0])) {
        int v = 0;
        for (const char *q = f; *q; q++) {
            /* a range "2-3": its lower end */
            if (*q == '-' && q > f && isdigit((unsigned char)q[1]))
                return v;
            if (!isdigit((unsigned char)*q))
                return -1;
            v = v * 10 + (*q - '0');
            if (v > 60)
                return -1;
        }
        return v;
    }
    for (size_t i = 0; i < cs->h[T_NUM].count; i++) {
        const rq_hit *h = &cs->h[T_NUM].hits[i];
        if (h->start == cs->w[wi].start) {
            const char *key = rq_kb_key(c->kb, RQ_TABLE_NUMBERS, h->entry);
            return key ? atoi(key) : -1;
        }
    }
    return -1;
}

/* unit at word wi: 1 years, 2 months, 0 none */
static int unit_at(const ctx *c, const cscan *cs, size_t wi)
{
    if (wi >= cs->nw)
        return 0;
    if (strcmp(cs->w[wi].f, "an") == 0) /* "an" is a stop word in the kb */
        return 1;
    for (size_t i = 0; i < cs->h[T_MARK].count; i++) {
        const rq_hit *h = &cs->h[T_MARK].hits[i];
        if (h->start == cs->w[wi].start) {
            if (is_marker(c, h, MK_YEARS))
                return 1;
            if (is_marker(c, h, MK_MONTHS))
                return 2;
        }
    }
    return 0;
}

static bool context_near(const ctx *c, const cscan *cs, size_t w0, size_t w1)
{
    size_t a = w0 >= 3 ? w0 - 3 : 0, b = w1 + 3 < cs->nw ? w1 + 3 : cs->nw - 1;
    if (cs->nw == 0)
        return false;
    return find_marker(c, cs, MK_CONTEXT, cs->w[a].start, cs->w[b].end) != NULL;
}

/* Is s[a..b) a dash, with or without spaces ("2-3", "2 – 3")? */
static bool dash_gap(const char *s, size_t a, size_t b)
{
    bool dash = false;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '-')
            dash = true;
        else if ((unsigned char)s[i] == 0xE2 && i + 2 < b && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
            dash = true;
            i += 2;
        } else if (s[i] != ' ')
            return false;
    }
    return dash;
}

/* Durations in [a, b) tied to an experience word in [ea, eb). */
/* Is the number at word wi the second of a nested duration: right after
 * "dont", "waarvan", "including", "of which", or after one of those and
 * "at least"/"au moins"/"minstens" ("..., of which at least 3 in a
 * management role", "dont au minimum 1 an")? */
static bool nested_lead(const cscan *cs, size_t wi)
{
    for (size_t back = 1; back <= 3 && back <= wi; back++) {
        size_t k = wi - back;
        if (wis(cs, k, "dont") || wis(cs, k, "waarvan") || wis(cs, k, "including") ||
            (wis(cs, k, "which") && k > 0 && wis(cs, k - 1, "of")))
            return true;
        /* only "at least" / "au moins" / "au minimum" / "minstens" may
         * stand between */
        if (!(wis(cs, k, "at") || wis(cs, k, "least") || wis(cs, k, "au") ||
              wis(cs, k, "moins") || wis(cs, k, "minimum") || wis(cs, k, "minstens") ||
              wis(cs, k, "ten") || wis(cs, k, "minste")))
            return false;
    }
    return false;
}

static bool starts_with_preposition(const cscan *cs, size_t a, size_t b);

/* Durations of experience in [a, b): a number and a unit tied to an
 * experience word nearby; with `opening`, also one that opens the part and
 * goes on with a preposition ("5+ years in a humanitarian context"). */
static size_t durations_in(const ctx *c, const cscan *cs, size_t a, size_t b,
                           duration *out, size_t max, bool opening)
{
    size_t n = 0;
    for (size_t wi = word_at(cs, a); wi < cs->nw && cs->w[wi].end <= b && n < max; wi++) {
        int v = number_at(c, cs, wi);
        if (v <= 0)
            continue;
        int u = unit_at(c, cs, wi + 1);
        size_t unit_word = wi + 1;
        /* "at least 5 years ..., 2 of which at EU level", "dont 2 au
         * niveau européen": the nested number keeps the unit of the first */
        if (!u && n > 0 && ((wi + 2 < cs->nw && wis(cs, wi + 1, "of") && wis(cs, wi + 2, "which")) ||
                            nested_lead(cs, wi))) {
            u = out[n - 1].unit;
            unit_word = wi;
        }
        if (!u)
            continue;
        if (context_near(c, cs, wi, unit_word))
            continue;
        /* an experience word within a few words */
        bool tied = false;
        for (size_t i = 0; i < cs->h[T_MARK].count; i++) {
            const rq_hit *h = &cs->h[T_MARK].hits[i];
            if (!is_marker(c, h, MK_EXPERIENCE) || h->start < a || h->end > b)
                continue;
            size_t ew = word_at(cs, h->start);
            if ((ew > wi && ew - wi <= 6) || (ew < wi && wi - ew <= 8))
                tied = true;
        }
        if (!tied && opening && n == 0 && wi <= word_at(cs, a) + 2 &&
            starts_with_preposition(cs, cs->w[unit_word].end, b))
            tied = true;
        /* a second duration after "dont"/"including" belongs to the first */
        if (!tied && n > 0)
            for (size_t k = out[n - 1].unit_word + 1; k < wi; k++)
                if (wis(cs, k, "dont") || wis(cs, k, "including") || wis(cs, k, "waarvan") ||
                    wis(cs, k, "which"))
                    tied = true;
        if (!tied)
            continue;
        /* a range ("deux à trois ans", "two to three years", "tussen 2 en
         * 3 jaar"): the lower end is the minimum */
        size_t from = wi;
        bool between = wi >= 3 && (wis(cs, wi - 3, "entre") || wis(cs, wi - 3, "between") ||
                                   wis(cs, wi - 3, "tussen"));
        if (wi >= 2 && (wis(cs, wi - 1, "a") || wis(cs, wi - 1, "to") || wis(cs, wi - 1, "tot") ||
                        (between && (wis(cs, wi - 1, "et") || wis(cs, wi - 1, "and") ||
                                     wis(cs, wi - 1, "en"))))) {
            int lo = number_at(c, cs, wi - 2);
            if (lo > 0 && lo < v) {
                v = lo;
                from = wi - 2;
            }
        } else if (wi >= 1 && dash_gap(cs->s, cs->w[wi - 1].end, cs->w[wi].start)) {
            int lo = number_at(c, cs, wi - 1);
            if (lo > 0 && lo < v) {
                v = lo;
                from = wi - 1;
            }
        }
        out[n].years = u == 1 ? v : v / 12.0;
        out[n].unit = u;
        out[n].start = cs->w[from].start;
        out[n].end = cs->w[unit_word].end;
        out[n].unit_word = unit_word;
        n++;
        wi = unit_word;
    }
    return n;
}

static size_t find_durations(const ctx *c, const cscan *cs, size_t a, size_t b,
                             duration *out, size_t max)
{
    return durations_in(c, cs, a, b, out, max, false);
}

/* ---- free text ---- */

static bool skip_word(const char *f)
{
    static const char *const words[] = {
        "un", "une", "des", "de", "du", "d", "la", "le", "les", "l", "a", "an", "the",
        "een", "het", "bonne", "bon", "bonnes", "tres", "good", "sa", "son", "ses",
        "votre", "your", "en", "in", "of", "dans", "avec", "with", "sur", "on", "van",
        "met", "voor", "au", "aux", "to", "et", "and", "ou", "or", "s", "y", "compris",
        "matiere", "est", "is", "sera", "present", "demontre", "presente", "avoir",
        "have", "etre", "be", "marque", "pour", "for", "quant", "je", "bent", "hebt",
        "vous", "etes", "avez", "you", "are", "per", NULL};
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], f) == 0)
            return true;
    return false;
}

/* Is byte b inside a marker hit of one of kinds (levels not included)? */
static bool covered_by_marker(const ctx *c, const cscan *cs, size_t b, const int *kinds)
{
    for (size_t i = 0; i < cs->h[T_MARK].count; i++) {
        const rq_hit *h = &cs->h[T_MARK].hits[i];
        if (b >= h->start && b < h->end)
            for (int k = 0; kinds[k] >= 0; k++)
                if (is_marker(c, h, kinds[k]))
                    return true;
    }
    return false;
}

/* ... or inside a level phrase? */
static bool covered_by(const ctx *c, const cscan *cs, size_t b, const int *kinds)
{
    if (covered_by_marker(c, cs, b, kinds))
        return true;
    for (size_t i = 0; i < cs->h[T_LEVEL].count; i++)
        if (b >= cs->h[T_LEVEL].hits[i].start && b < cs->h[T_LEVEL].hits[i].end)
            return true;
    return false;
}

/* Is the gap before word i the opening bracket of a proper name going on
 * after it ("the Children (Leaving Care) Act")? The word before and the
 * words inside and after are capitalised, at most 3 inside. Sets *close
 * to the closing bracket. */
static bool name_bracket(const cscan *cs, size_t i, size_t b, size_t *close)
{
    if (i == 0 || !isupper((unsigned char)cs->s[cs->w[i - 1].start]))
        return false;
    size_t k = cs->w[i - 1].end;
    while (k < cs->w[i].start && cs->s[k] == ' ')
        k++;
    if (k >= cs->w[i].start || cs->s[k] != '(')
        return false;
    for (size_t j = i; j < cs->nw && j < i + 3 && cs->w[j].end <= b; j++) {
        if (!isupper((unsigned char)cs->s[cs->w[j].start]))
            return false;
        size_t q = cs->w[j].end;
        while (q < b && cs->s[q] == ' ')
            q++;
        if (q < b && cs->s[q] == ')') {
            size_t r = q + 1;
            while (r < b && cs->s[r] == ' ')
                r++;
            if (j + 1 < cs->nw && cs->w[j + 1].start == r && cs->w[j + 1].end <= b &&
                isupper((unsigned char)cs->s[r])) {
                *close = q;
                return true;
            }
            return false;
        }
    }
    return false;
}

/* The requirement's own words from [a, b): leading determiners, lead
 * words and modality words stripped, cut at punctuation, <= 6 words.
 * Returns NULL when nothing is left. */
static char *free_text(const ctx *c, const cscan *cs, size_t a, size_t b)
{
    static const int lead[] = {MK_ABILITY, MK_KNOWLEDGE, MK_EMPHASIS, MK_REQUIRED,
                               MK_MINIMUM, MK_PREFERRED, MK_PREFERRED_NEXT,
                               MK_EXPERIENCE, -1};
    size_t wi = word_at(cs, a);
    while (wi < cs->nw && cs->w[wi].end <= b &&
           (skip_word(cs->w[wi].f) || covered_by(c, cs, cs->w[wi].start, lead)))
        wi++;
    if (wi >= cs->nw || cs->w[wi].end > b)
        return NULL;
    size_t s0 = cs->w[wi].start, e = s0;
    int words = 0;
    static const int stop[] = {MK_PREFERRED, MK_REQUIRED, -1};
    size_t name_close = 0; /* inside "Children (Leaving Care) Act": where it closes */
    for (size_t i = wi; i < cs->nw && cs->w[i].end <= b && words < 6; i++) {
        /* punctuation between the previous word and this one ends it,
         * except a bracket inside a proper name */
        bool punct = false;
        for (size_t k = e; k < cs->w[i].start; k++)
            if (strchr(",;:()", cs->s[k]))
                punct = true;
        if (i > wi && punct && name_close >= e && name_close < cs->w[i].start)
            punct = false, name_close = 0;
        else if (i > wi && punct && name_bracket(cs, i, b, &name_close))
            punct = false;
        if (i > wi && punct)
            break;
        if (covered_by(c, cs, cs->w[i].start, stop))
            break;
        e = cs->w[i].end;
        words++;
    }
    /* drop trailing function words */
    while (e > s0) {
        size_t last = word_at(cs, e - 1);
        if (last <= wi || !skip_word(cs->w[last].f))
            break;
        e = cs->w[last - 1].end;
    }
    if (e <= s0)
        return NULL;
    char *r = rq_strndup(cs->s + s0, e - s0);
    /* the capital of the clause's first word only ("Middle East" keeps
     * its own) */
    if (r && wi == 0 && isupper((unsigned char)r[0]) &&
        !(e - s0 > 1 && isupper((unsigned char)r[1])))
        r[0] = (char)tolower((unsigned char)r[0]);
    return r;
}

/* ---- rules ---- */

typedef struct {
    size_t a, b;
    bool preferred;
    int inherit;     /* category to fall back on, -1 none */
    int inherit_eqf;
} part;

static rq_rule *new_rule(ctx *c, rq_category cat, bool preferred, size_t a, size_t b,
                         const cscan *cs)
{
    rq_rule *r = rq_ruleset_add(c->rs);
    if (!r)
        return NULL;
    r->category = cat;
    r->required = !preferred;
    c->counter[cat]++;
    r->id = rq_sprintf("%s-%d", rq_category_name(cat), c->counter[cat]);
    double w = preferred ? c->opts->weight_preferred : c->opts->weight_required;
    w *= c->opts->category_factor[cat];
    if (find_marker(c, cs, MK_EMPHASIS, a, b))
        w *= c->opts->emphasis_factor;
    r->weight = w > 0 ? w : 0.1;
    r->source_line = rq_sent_line_at(c->sent, c->clause_off + a);
    r->source_text = rq_strndup(c->sentence, c->sentence_len);
    return r;
}

/* concept keys of hits in [a, b) not inside [xa, xb) */
static void add_concepts(const ctx *c, const cscan *cs, size_t a, size_t b, rq_strlist *l)
{
    for (size_t i = 0; i < cs->h[T_CONC].count; i++) {
        const rq_hit *h = &cs->h[T_CONC].hits[i];
        if (h->start < a || h->end > b)
            continue;
        const char *key = rq_kb_key(c->kb, RQ_TABLE_CONCEPTS, h->entry);
        if (key && !rq_strlist_has(l, key))
            rq_strlist_add(l, key);
    }
}

/* "ou"/"or" (Dutch "of") between the first and last concept of [a, b) */
static bool any_of(const ctx *c, const cscan *cs, size_t a, size_t b)
{
    if (find_marker(c, cs, MK_ANY_OF, a, b))
        return true;
    for (size_t wi = word_at(cs, a); wi < cs->nw && cs->w[wi].end <= b; wi++)
        if (wis(cs, wi, "ou") || wis(cs, wi, "or") || wis(cs, wi, "either") ||
            (wis(cs, wi, "of") && strcmp(c->p->language, "nl") == 0))
            return true;
    return false;
}

static bool list_sep(const cscan *cs, size_t wi)
{
    return wis(cs, wi, "ou") || wis(cs, wi, "or") || wis(cs, wi, "et") ||
           wis(cs, wi, "and") || wis(cs, wi, "of") || wis(cs, wi, "en") ||
           wis(cs, wi, "ofwel");
}

/* Words that may sit between a language and its level ("English at C1
 * level", "Engels op niveau B2", "anglais (B2 minimum)"). */
static bool level_filler(const char *f)
{
    static const char *const words[] = {"niveau", "level", "at", "au", "a", "op", "het",
                                        "minimum", "min", "minimaal", "minstens", "least",
                                        "moins", "le", "de", NULL};
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], f) == 0)
            return true;
    return false;
}

/* Is s[a..b) only spaces, brackets, colons and dashes? */
static bool gap_is_punct(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '(' || ch == ')' || ch == ':' || ch == '-')
            continue;
        /* en and em dashes: E2 80 93 / E2 80 94 */
        if (ch == 0xE2 && i + 2 < b && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
            i += 2;
            continue;
        }
        return false;
    }
    return true;
}

/* Words that introduce examples ("a community language such as Urdu"):
 * a language name after one is named, not an adjective. */
static bool example_word(const char *f)
{
    static const char *const words[] = {"as", "like", "including", "namely", "eg",
                                        "comme", "notamment", "dont", "zoals", "bijvoorbeeld",
                                        "bv", "waaronder", NULL};
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], f) == 0)
            return true;
    return false;
}

/* Does s[a, pos) end with a generic word for a language ("une langue",
 * "a language", "een taal") and then a bracket or an example word before
 * the first language named at pos? */
static bool examples_of_a_language(const cscan *cs, size_t a, size_t pos)
{
    size_t first = word_at(cs, pos);
    bool opened = false;
    for (size_t k = a; k < pos; k++)
        if (cs->s[k] == '(')
            opened = true;
        else if (cs->s[k] == ')')
            opened = false;
    for (size_t wi = first; wi-- > 0 && cs->w[wi].start >= a && first - wi <= 8;) {
        if (example_word(cs->w[wi].f))
            opened = true;
        if (wis(cs, wi, "langue") || wis(cs, wi, "language") || wis(cs, wi, "taal") ||
            wis(cs, wi, "langues") || wis(cs, wi, "languages") || wis(cs, wi, "talen"))
            return opened;
    }
    return false;
}

typedef struct {
    char code[4];
    size_t pos, end;
    int post;  /* level stated right after it ("English C1", "français
                * (langue maternelle)"), 0 none */
    int level; /* final level */
} lang;

enum { LINK_AND, LINK_OR, LINK_BREAK };

/* How two consecutive languages are joined: "et", "," or "/" (all of
 * them), "ou"/"or"/"et/ou" (any of them), or anything else (a level, a
 * lead word, a sentence stop: separate requirements). */
static int lang_link(const ctx *c, const cscan *cs, const lang *l0, const lang *l1)
{
    size_t a = l0->end, b = l1->pos;
    bool or = false, other = false;
    for (size_t i = a; i < b; i++)
        if (cs->s[i] == ';' || cs->s[i] == '.')
            return LINK_BREAK;
    for (size_t wi = word_at(cs, a); wi < cs->nw && cs->w[wi].end <= b; wi++) {
        if (wis(cs, wi, "ou") || wis(cs, wi, "or") || wis(cs, wi, "ofwel") ||
            (wis(cs, wi, "of") && strcmp(c->p->language, "nl") == 0))
            or = true;
        else if (!skip_word(cs->w[wi].f) && !list_sep(cs, wi) &&
                 !covered_by(c, cs, cs->w[wi].start, (const int[]){MK_LANG_VERB, -1}))
            other = true;
    }
    if (or)
        return LINK_OR;
    if (other || count_hits(cs, T_LEVEL, a, b))
        return LINK_BREAK;
    return LINK_AND;
}

/* Language rules of a part. Each language gets a level: one stated right
 * after it wins ("Nederlands (C1) en Engels (B2)"); then one stated after
 * the last language of its list ("allemand et/ou anglais (B2 minimum)");
 * then the nearest level before it that is not another language's own
 * ("très bonne maîtrise de l'anglais et du français"); then any later one;
 * else B2 (required) / B1 (preferred). Languages joined by "ou"/"or" make
 * one rule (any of them, the lowest level); others one rule each. */
static int language_rules(ctx *c, const cscan *cs, const part *pt)
{
    static const int adjective_ok[] = {MK_KNOWLEDGE, MK_EMPHASIS, MK_REQUIRED, MK_LANG_VERB, -1};
    size_t a = pt->a, b = pt->b;
    lang langs[12];
    size_t nl = 0;
    size_t nlev = count_hits(cs, T_LEVEL, a, b);
    for (size_t i = 0; i < cs->h[T_LANG].count && nl < 12; i++) {
        const rq_hit *h = &cs->h[T_LANG].hits[i];
        if (h->start < a || h->end > b)
            continue;
        const char *key = rq_kb_key(c->kb, RQ_TABLE_LANGUAGES, h->entry);
        if (!key || strlen(key) > 3)
            continue;
        /* a language name after a noun is an adjective ("le système
         * français", "Communauté française"): not a language asked for;
         * after a verb of speaking or writing it is one ("written English") */
        size_t hw = word_at(cs, h->start);
        if (hw > word_at(cs, a) && !skip_word(cs->w[hw - 1].f) &&
            !example_word(cs->w[hw - 1].f) &&
            !covered_by(c, cs, cs->w[hw - 1].start, adjective_ok)) {
            bool punct = false;
            for (size_t k = cs->w[hw - 1].end; k < h->start; k++)
                if (strchr(",;:(/-", cs->s[k]))
                    punct = true;
            if (!punct)
                continue;
        }
        memset(&langs[nl], 0, sizeof langs[nl]);
        snprintf(langs[nl].code, sizeof langs[nl].code, "%s", key);
        langs[nl].pos = h->start;
        langs[nl].end = h->end;
        nl++;
    }
    /* codes: NL/FR, FR-NL, "EN C1" */
    for (size_t wi = word_at(cs, a); wi < cs->nw && cs->w[wi].end <= b && nl < 12; wi++) {
        const cword *w = &cs->w[wi];
        if (!w->caps || strlen(w->f) != 2 || rq_kb_find(c->kb, RQ_TABLE_LANGUAGES, w->f) < 0)
            continue;
        bool joined = (w->start > 0 && strchr("/-", cs->s[w->start - 1]) && wi > 0 &&
                       cs->w[wi - 1].caps) ||
                      (w->end < cs->n && strchr("/-", cs->s[w->end]) && wi + 1 < cs->nw &&
                       cs->w[wi + 1].caps);
        /* a lone code needs its level next to it ("EN C1", "C1 EN"):
         * "at EU level" is not Basque */
        bool leveled = false;
        for (size_t k = 0; k < cs->h[T_LEVEL].count && !joined && !leveled; k++) {
            const rq_hit *h = &cs->h[T_LEVEL].hits[k];
            leveled = (h->start >= w->end && gap_is_punct(cs->s, w->end, h->start)) ||
                      (h->end <= w->start && gap_is_punct(cs->s, h->end, w->start));
        }
        if (!joined && !leveled)
            continue;
        bool dup = false;
        for (size_t k = 0; k < nl; k++)
            dup = dup || strcmp(langs[k].code, w->f) == 0;
        if (dup)
            continue;
        memset(&langs[nl], 0, sizeof langs[nl]);
        memcpy(langs[nl].code, w->f, 3); /* two letters and the NUL */
        langs[nl].pos = w->start;
        langs[nl].end = w->end;
        nl++;
    }
    if (!nl)
        return 0;
    /* a language named in passing ("Communauté française") is not asked for:
     * need a level, a lead word, two languages, or a languages section */
    bool lead = find_marker(c, cs, MK_KNOWLEDGE, a, b) != NULL ||
                find_marker(c, cs, MK_LANG_VERB, a, b) != NULL;
    if (!nlev && !lead && nl < 2) {
        /* also accept a clause that is little more than the language, or a
         * skill stated in it ("report writing skills in English") */
        size_t lw = word_at(cs, langs[0].pos);
        while (lw > word_at(cs, a) && (wis(cs, lw - 1, "l") || wis(cs, lw - 1, "the") ||
                                       wis(cs, lw - 1, "het")))
            lw--;
        bool in_lang = lw > word_at(cs, a) && (wis(cs, lw - 1, "in") || wis(cs, lw - 1, "en")) &&
                       count_hits(cs, T_CONC, a, cs->w[lw - 1].start) > 0;
        if (!in_lang && (count_hits(cs, T_CONC, a, b) > 0 || cs->nw > 6))
            return 0;
    }
    /* a clause describing the workplace ("English and French are the
     * working languages of the office") asks for nothing, unless it
     * states a level or a modality */
    if (find_marker(c, cs, MK_NOT_REQ, a, b) && !nlev &&
        !find_marker(c, cs, MK_REQUIRED, a, b) && !find_marker(c, cs, MK_PREFERRED, a, b) &&
        !find_marker(c, cs, MK_KNOWLEDGE, a, b)) {
        c->absorbed = true;
        return 0;
    }
    /* order by position */
    for (size_t i = 1; i < nl; i++)
        for (size_t k = i; k > 0 && langs[k].pos < langs[k - 1].pos; k--) {
            lang t = langs[k];
            langs[k] = langs[k - 1];
            langs[k - 1] = t;
        }
    /* levels in the part, and which language each is stated right after */
    const rq_hits *lh = &cs->h[T_LEVEL];
    int owner[32];
    size_t nlh = lh->count < 32 ? lh->count : 32;
    for (size_t k = 0; k < nlh; k++)
        owner[k] = -1;
    for (size_t i = 0; i < nl; i++) {
        size_t next = i + 1 < nl ? langs[i + 1].pos : b;
        for (size_t k = 0; k < nlh; k++) {
            const rq_hit *h = &lh->hits[k];
            if (h->start < langs[i].end || h->end > next || h->start < a || h->end > b)
                continue;
            /* the first level after the language: bound when only
             * brackets, dashes and a few filler words stand between */
            bool ok = true;
            int fillers = 0;
            size_t at = langs[i].end;
            for (size_t wi = word_at(cs, langs[i].end); ok && wi < cs->nw && cs->w[wi].end <= h->start;
                 wi++) {
                if (!gap_is_punct(cs->s, at, cs->w[wi].start) || !level_filler(cs->w[wi].f) ||
                    ++fillers > 2)
                    ok = false;
                at = cs->w[wi].end;
            }
            if (ok && !gap_is_punct(cs->s, at, h->start))
                ok = false;
            if (ok) {
                int lv = rq_level_parse(rq_kb_key(c->kb, RQ_TABLE_LEVELS, h->entry));
                if (lv > 0) {
                    langs[i].post = lv > 6 ? 6 : lv;
                    owner[k] = (int)i;
                }
            }
            break;
        }
    }
    int links[12];
    for (size_t i = 0; i + 1 < nl; i++)
        links[i] = lang_link(c, cs, &langs[i], &langs[i + 1]);
    int deflevel = pt->preferred ? 3 : 4;
    for (size_t i = 0; i < nl; i++) {
        int lv = langs[i].post;
        /* the level after the last language of its list */
        for (size_t j = i; !lv && j + 1 < nl && links[j] != LINK_BREAK; j++)
            lv = langs[j + 1].post;
        /* the nearest level before it, not another language's own; else
         * a later free one */
        size_t best = (size_t)-1;
        for (size_t k = 0; !lv && k < nlh; k++) {
            const rq_hit *h = &lh->hits[k];
            if (owner[k] >= 0 || h->start < a || h->end > b || h->start >= langs[i].pos)
                continue;
            if (langs[i].pos - h->start < best) {
                int v = rq_level_parse(rq_kb_key(c->kb, RQ_TABLE_LEVELS, h->entry));
                if (v > 0) {
                    best = langs[i].pos - h->start;
                    langs[i].level = v > 6 ? 6 : v;
                }
            }
        }
        if (!lv && best != (size_t)-1)
            lv = langs[i].level;
        /* (only for the last language: a level between two languages
         * belongs to the one it precedes) */
        for (size_t k = 0; !lv && i + 1 == nl && k < nlh; k++) {
            const rq_hit *h = &lh->hits[k];
            if (owner[k] >= 0 || h->start < langs[i].end || h->end > b)
                continue;
            int v = rq_level_parse(rq_kb_key(c->kb, RQ_TABLE_LEVELS, h->entry));
            if (v > 0)
                lv = v > 6 ? 6 : v;
        }
        langs[i].level = lv ? lv : deflevel;
    }
    int made = 0;
    c->lang_first = langs[0].pos;
    for (size_t i = 0; i < nl;) {
        /* a run of languages joined by "et", "," or "ou" */
        size_t j = i;
        bool any = false;
        while (j + 1 < nl && links[j] != LINK_BREAK) {
            any = any || links[j] == LINK_OR;
            j++;
        }
        /* "une langue parlée par nos publics (arabe, turc, tigrinya)", "a
         * community language such as Urdu or Polish": examples of one
         * language asked, any of them */
        if (!any && j > i && examples_of_a_language(cs, i > 0 ? langs[i - 1].end : a, langs[i].pos))
            any = true;
        if (any) {
            rq_rule *r = new_rule(c, RQ_CAT_LANGUAGE, pt->preferred, a, b, cs);
            if (!r)
                return -1;
            int lv = 6;
            for (size_t k = i; k <= j; k++) {
                if (!rq_strlist_has(&r->languages, langs[k].code))
                    rq_strlist_add(&r->languages, langs[k].code);
                if (langs[k].level < lv)
                    lv = langs[k].level;
            }
            r->min_level = lv;
            made++;
        } else {
            for (size_t k = i; k <= j; k++) {
                rq_rule *r = new_rule(c, RQ_CAT_LANGUAGE, pt->preferred, a, b, cs);
                if (!r)
                    return -1;
                rq_strlist_add(&r->languages, langs[k].code);
                r->min_level = langs[k].level;
                made++;
            }
        }
        i = j + 1;
    }
    return made;
}

/* A Belgian public-sector level ("diploma van niveau B", "B-niveau",
 * "niveau A"): the EQF level of the diploma it asks, 0 if word wi does not
 * start one. The letter is a capital standing alone; "niveau B2" is a
 * language level. Sets *end past it. */
static int public_level(const cscan *cs, size_t wi, size_t *end)
{
    static const int eqf[4] = {7, 6, 4, 3}; /* A, B, C, D */
    size_t letter;
    if (wis(cs, wi, "niveau") && wi + 1 < cs->nw)
        letter = wi + 1;
    else if (wi + 1 < cs->nw && wis(cs, wi + 1, "niveau") && cs->w[wi].end < cs->n &&
             cs->s[cs->w[wi].end] == '-')
        letter = wi;
    else
        return 0;
    const cword *w = &cs->w[letter];
    char ch = cs->s[w->start];
    if (w->end != w->start + 1 || ch < 'A' || ch > 'D')
        return 0;
    *end = cs->w[wi + 1].end;
    return eqf[ch - 'A'];
}

static int degree_eqf(const ctx *c, const cscan *cs, size_t a, size_t b, size_t *end)
{
    int eqf = 0;
    *end = a;
    for (size_t wi = word_at(cs, a); wi < cs->nw && cs->w[wi].end <= b; wi++) {
        size_t e;
        int v = public_level(cs, wi, &e);
        if (v > 0 && e <= b && (eqf == 0 || v < eqf))
            eqf = v;
        if (v > 0 && e <= b && e > *end)
            *end = e;
    }
    for (size_t i = 0; i < cs->h[T_DEG].count; i++) {
        const rq_hit *h = &cs->h[T_DEG].hits[i];
        if (h->start < a || h->end > b)
            continue;
        /* "driving licence", "permis": a permit, not a degree */
        bool permit = false;
        for (size_t k = 0; k < cs->h[T_MARK].count && !permit; k++) {
            const rq_hit *m = &cs->h[T_MARK].hits[k];
            permit = m->start < h->end && h->start < m->end && is_marker(c, m, MK_OTHER);
        }
        if (permit)
            continue;
        /* "a high degree of autonomy": a measure, not a diploma */
        size_t hw = word_at(cs, h->start);
        if (h->nwords == 1 && hw < cs->nw &&
            (wis(cs, hw, "degree") || wis(cs, hw, "degrees")) &&
            (wis(cs, hw + 1, "of") ||
             (hw > 0 && (wis(cs, hw - 1, "high") || wis(cs, hw - 1, "great") ||
                         wis(cs, hw - 1, "certain") || wis(cs, hw - 1, "some") ||
                         wis(cs, hw - 1, "large")))))
            continue;
        int v = atoi(rq_kb_key(c->kb, RQ_TABLE_DEGREES, h->entry));
        /* an old Belgian "licence" is a master */
        if (c->p->belgian && find_marker(c, cs, MK_LICENCE, h->start, h->end) && v < 7)
            v = 7;
        if (v > 0 && (eqf == 0 || v < eqf))
            eqf = v;
        if (h->end > *end)
            *end = h->end;
    }
    return eqf;
}

static bool starts_with_preposition(const cscan *cs, size_t a, size_t b)
{
    static const char *const preps[] = {"en", "in", "dans", "de", "d", "of", "van", "op",
                                        "within", "avec", "with", "met", "au", "sur", "on",
                                        "comme", "as", "als", "bij", "du", "des", "aupres",
                                        NULL};
    size_t wi = word_at(cs, a);
    if (wi >= cs->nw || cs->w[wi].end > b)
        return false;
    for (int i = 0; preps[i]; i++)
        if (strcmp(cs->w[wi].f, preps[i]) == 0)
            return true;
    return false;
}

/* Concept keys of the kb phrases in s[0..n) appended to l; returns how many
 * were new. */
static int scan_into(const ctx *c, const char *s, size_t n, rq_strlist *l)
{
    rq_hits h = RQ_HITS_INIT;
    int added = 0;
    if (rq_kb_scan(c->kb, RQ_TABLE_CONCEPTS, s, n, &h) < 0)
        return -1;
    for (size_t i = 0; i < h.count; i++) {
        const char *key = rq_kb_key(c->kb, RQ_TABLE_CONCEPTS, h.hits[i].entry);
        if (key && !rq_strlist_has(l, key)) {
            rq_strlist_add(l, key);
            added++;
        }
    }
    rq_hits_free(&h);
    return added;
}

/* One item of a field list that no concept phrase covers ("droit",
 * "rechten"): read as the field of a degree ("diplôme en droit", "master
 * rechten" are lexicon phrases); a lone word right after a field phrase is
 * that phrase's elided head ("sciences humaines & sociales": "sciences
 * sociales"). */
static int field_item(const ctx *c, const cscan *cs, size_t a, size_t b, const char *head,
                      rq_strlist *l)
{
    size_t w0 = word_at(cs, a), w1 = w0;
    while (w1 < cs->nw && cs->w[w1].end <= b)
        w1++;
    while (w0 < w1 && (skip_word(cs->w[w0].f) || list_sep(cs, w0)))
        w0++;
    if (w0 >= w1 || w1 - w0 > 3)
        return 0;
    rq_buf q = RQ_BUF_INIT;
    int n = 0;
    if (head && w1 - w0 == 1) {
        rq_buf_printf(&q, "%s %.*s", head, (int)(cs->w[w0].end - cs->w[w0].start),
                      cs->s + cs->w[w0].start);
        n = scan_into(c, q.data, q.len, l);
        rq_buf_reset(&q);
    }
    if (n == 0) {
        static const char *const leads[] = {"diplôme en", "master", NULL};
        for (int i = 0; leads[i] && n == 0; i++) {
            rq_buf_printf(&q, "%s %.*s", leads[i],
                          (int)(cs->w[w1 - 1].end - cs->w[w0].start), cs->s + cs->w[w0].start);
            n = scan_into(c, q.data, q.len, l);
            rq_buf_reset(&q);
        }
    }
    rq_buf_free(&q);
    return n;
}

/* A field phrase naming two fields around a conjunction ("sciences
 * politiques et sociales"): both, when each half is a field of its own. */
static int field_pair(const ctx *c, const cscan *cs, const rq_hit *h, rq_strlist *l)
{
    size_t w0 = word_at(cs, h->start), conj = 0;
    for (size_t wi = w0 + 1; wi < cs->nw && cs->w[wi].end <= h->end; wi++)
        if (wis(cs, wi, "et") || wis(cs, wi, "and") || wis(cs, wi, "en"))
            conj = wi;
    if (!conj || conj + 1 >= cs->nw || cs->w[conj + 1].end > h->end)
        return 0;
    rq_strlist two = {NULL, 0};
    rq_buf q = RQ_BUF_INIT;
    int n1 = scan_into(c, cs->s + h->start, cs->w[conj].start - h->start, &two);
    rq_buf_printf(&q, "%.*s %.*s", (int)(cs->w[w0].end - cs->w[w0].start),
                  cs->s + cs->w[w0].start, (int)(h->end - cs->w[conj + 1].start),
                  cs->s + cs->w[conj + 1].start);
    int n2 = n1 > 0 ? scan_into(c, q.data, q.len, &two) : 0;
    int n = 0;
    if (n1 > 0 && n2 > 0)
        for (size_t i = 0; i < two.count; i++)
            if (!rq_strlist_has(l, two.items[i])) {
                rq_strlist_add(l, two.items[i]);
                n++;
            }
    rq_buf_free(&q);
    rq_strlist_clear(&two);
    return n1 > 0 && n2 > 0 ? (n ? n : 1) : 0;
}

/* The fields of study in [a, b): concept phrases in order; the items of
 * the list between them read as fields (field_item, field_pair). */
static void degree_fields(const ctx *c, const cscan *cs, size_t a, size_t b, rq_strlist *l)
{
    size_t cur = a;
    char head[64] = "";
    const rq_hit *hs = cs->h[T_CONC].hits;
    for (size_t i = 0; i <= cs->h[T_CONC].count; i++) {
        const rq_hit *h = i < cs->h[T_CONC].count ? &hs[i] : NULL;
        /* a field phrase may begin inside the degree's own words ("Master
         * en sciences" is a degree, "sciences sociales" a field) */
        if (h && (h->end <= cur || h->end > b))
            continue;
        size_t gap_end = h ? h->start : b;
        /* the items of the gap, split at commas, slashes and semicolons */
        size_t s = cur;
        bool listed = false; /* a comma seen: no more elided head */
        for (size_t k = cur; k <= gap_end; k++) {
            bool sep = k == gap_end || strchr(",;/()&", cs->s[k]);
            size_t skip = 1;
            if (!sep && (k == cur || cs->s[k - 1] == ' ')) {
                /* a conjunction word between items: "droit ou dans ..." */
                size_t wi = word_at(cs, k);
                if (wi < cs->nw && cs->w[wi].start == k && k > cur &&
                    (wis(cs, wi, "ou") || wis(cs, wi, "or") || wis(cs, wi, "et") ||
                     wis(cs, wi, "and") || wis(cs, wi, "ofwel") ||
                     (wis(cs, wi, "of") && strcmp(c->p->language, "nl") == 0))) {
                    sep = true;
                    skip = cs->w[wi].end - k;
                }
            }
            if (sep) {
                if (k > s)
                    field_item(c, cs, s, k, listed ? NULL : head, l);
                if (k < gap_end && strchr(",;/()", cs->s[k]))
                    listed = true;
                s = k + skip;
                k = s - 1;
            }
        }
        if (!h)
            break;
        if (field_pair(c, cs, h, l) == 0) {
            const char *key = rq_kb_key(c->kb, RQ_TABLE_CONCEPTS, h->entry);
            if (key && !rq_strlist_has(l, key))
                rq_strlist_add(l, key);
        }
        size_t w = word_at(cs, h->start);
        size_t hl = cs->w[w].end - cs->w[w].start;
        if (hl < sizeof head) {
            memcpy(head, cs->s + cs->w[w].start, hl);
            head[hl] = '\0';
        } else {
            head[0] = '\0';
        }
        cur = h->end;
    }
}

/* "in a relevant field", "dans un domaine connexe": no field named */
static bool vague_field(const cscan *cs, size_t a, size_t b)
{
    static const char *const words[] = {
        "relevant", "related", "similar", "appropriate", "field", "discipline", "area",
        "subject", "domaine", "domain", "pertinent", "connexe", "similaire", "apparente",
        "lie", "matiere", "gelijkaardig", "verwant", "relevante", "domein", "richting",
        "studierichting", "vakgebied", "any", "tout", "quelconque", "fonction", "poste",
        "position", "role", "functie", "similaire", "comparable", "vergelijkbare", NULL};
    for (size_t wi = word_at(cs, a); wi < cs->nw && cs->w[wi].end <= b; wi++) {
        if (skip_word(cs->w[wi].f) || list_sep(cs, wi))
            continue;
        bool v = false;
        for (int k = 0; words[k] && !v; k++)
            v = strcmp(cs->w[wi].f, words[k]) == 0;
        if (!v)
            return false;
    }
    return true;
}

static int degree_rule(ctx *c, const cscan *cs, const part *pt, int eqf, size_t after)
{
    rq_rule *r = new_rule(c, RQ_CAT_DEGREE, pt->preferred, pt->a, pt->b, cs);
    if (!r)
        return -1;
    r->min_eqf = eqf;
    size_t fe = pt->b;
    const rq_hit *eq = find_marker(c, cs, MK_EQUIVALENT, after, pt->b);
    if (eq) {
        r->or_equivalent = true;
        fe = eq->start;
        /* "Master's degree (or equivalent) in X": the fields follow the
         * bracket */
        size_t k = after;
        while (k < eq->start && (cs->s[k] == ' ' || cs->s[k] == '(' || cs->s[k] == ','))
            k++;
        size_t kw = word_at(cs, k);
        if (k < eq->start && kw < cs->nw && cs->w[kw].start == k &&
            (wis(cs, kw, "or") || wis(cs, kw, "ou") || wis(cs, kw, "of"))) {
            k = cs->w[kw].end;
            while (k < eq->start && cs->s[k] == ' ')
                k++;
        }
        /* "Advanced degree (Master's or equivalent) in X": the marker
         * stands inside a bracket; the fields follow it */
        int depth = 0;
        for (size_t i = pt->a; i < eq->start; i++)
            depth += cs->s[i] == '(' ? 1 : cs->s[i] == ')' && depth ? -1 : 0;
        /* "Degree or equivalent in X", unbracketed, reads the same */
        if ((k == eq->start && k > after) || depth > 0) {
            bool bracketed = depth > 0 || memchr(cs->s + after, '(', k - after);
            size_t close = eq->end;
            while (bracketed && close < pt->b && cs->s[close] != ')')
                close++;
            after = bracketed && close < pt->b ? close + 1 : eq->end;
            fe = pt->b;
            const rq_hit *eq2 = find_marker(c, cs, MK_EQUIVALENT, after, pt->b);
            if (eq2)
                fe = eq2->start;
        }
    }
    degree_fields(c, cs, after, fe, &r->fields);
    /* "Formation supérieure en psychologie ou travail social (Bac+5)": the
     * fields may come before the degree that names the level */
    if (r->fields.count == 0) {
        size_t dstart = pt->b;
        for (size_t i = 0; i < cs->h[T_DEG].count; i++)
            if (cs->h[T_DEG].hits[i].start >= pt->a && cs->h[T_DEG].hits[i].start < dstart)
                dstart = cs->h[T_DEG].hits[i].start;
        for (size_t wi = word_at(cs, pt->a); wi < cs->nw && cs->w[wi].end <= dstart; wi++)
            if (wis(cs, wi, "en") || wis(cs, wi, "in") || wis(cs, wi, "van")) {
                degree_fields(c, cs, cs->w[wi].start, dstart, &r->fields);
                break;
            }
    }
    if (r->fields.count == 0 && starts_with_preposition(cs, after, fe) &&
        !vague_field(cs, after, fe)) {
        char *ft = free_text(c, cs, after, fe);
        if (ft)
            rq_strlist_add(&r->fields, ft);
        free(ft);
    }
    return 1;
}

static void split_concepts(const ctx *c, const cscan *cs, size_t a, size_t b, rq_strlist *hard,
                           rq_strlist *soft);

static int experience_rule(ctx *c, const cscan *cs, bool preferred, size_t a, size_t b,
                           const duration *d, size_t text_from, bool need_domain)
{
    rq_strlist domains = {NULL, 0};
    /* "expérience avérée dans ...": the emphasis is not the domain */
    const rq_hit *emph = find_marker(c, cs, MK_EMPHASIS, text_from, b);
    if (emph && word_at(cs, emph->start) == word_at(cs, text_from))
        text_from = emph->end;
    /* "experience in communication for an NGO": what comes after the
     * setting word is where, not what, once a domain stands before it */
    size_t setting = b;
    for (size_t wi = word_at(cs, text_from); wi < cs->nw && cs->w[wi].end <= b; wi++)
        if (wis(cs, wi, "for") || wis(cs, wi, "pour") || wis(cs, wi, "within") ||
            wis(cs, wi, "voor") || wis(cs, wi, "bij") || wis(cs, wi, "chez") ||
            wis(cs, wi, "with") ||
            (wis(cs, wi, "au") && wis(cs, wi + 1, "sein"))) {
            setting = cs->w[wi].start;
            break;
        }
    if (setting < b)
        add_concepts(c, cs, text_from, setting, &domains);
    if (domains.count == 0)
        add_concepts(c, cs, text_from, b, &domains);
    if (domains.count == 0)
        add_concepts(c, cs, a, b, &domains);
    if (domains.count == 0 && starts_with_preposition(cs, text_from, b) &&
        !(d && vague_field(cs, text_from, b))) {
        char *ft = free_text(c, cs, text_from, b);
        if (ft)
            rq_strlist_add(&domains, ft);
        free(ft);
    }
    if (!d && domains.count == 0 && need_domain)
        return 0;
    /* "Compétences organisationnelles : expérience dans la mise en place
     * de systèmes organisationnels": with no duration and only soft skills
     * for a domain, the experience word only illustrates an aptitude */
    if (!d && domains.count) {
        rq_strlist hard = {NULL, 0}, soft = {NULL, 0};
        split_concepts(c, cs, a, b, &hard, &soft);
        bool all_soft = soft.count > 0;
        for (size_t i = 0; i < domains.count && all_soft; i++)
            all_soft = rq_strlist_has(&soft, domains.items[i]);
        rq_strlist_clear(&hard);
        rq_strlist_clear(&soft);
        if (all_soft) {
            rq_rule *o = new_rule(c, RQ_CAT_OTHER, preferred, a, b, cs);
            if (!o) {
                rq_strlist_clear(&domains);
                return -1;
            }
            o->concepts = domains;
            return 1;
        }
    }
    rq_rule *r = new_rule(c, RQ_CAT_EXPERIENCE, preferred, a, b, cs);
    if (!r) {
        rq_strlist_clear(&domains);
        return -1;
    }
    r->domains = domains;
    if (d) {
        r->has_min_years = true;
        r->min_years = d->years;
    }
    return 1;
}

static int experience_rules(ctx *c, const cscan *cs, const part *pt, const rq_hit *e)
{
    duration d[4];
    size_t nd = find_durations(c, cs, pt->a, pt->b, d, 4);
    if (nd == 0) {
        size_t from = e->end;
        return experience_rule(c, cs, pt->preferred, pt->a, pt->b, NULL, from, true);
    }
    /* nested: "au moins 3 ans ... dont au minimum 1 an ..." */
    if (nd >= 2) {
        const rq_hit *nest = find_marker(c, cs, MK_NESTED, d[0].end, d[1].start);
        bool dont = nest != NULL;
        size_t cut = nest ? nest->start : 0;
        /* "..., at least 2 of which at EU level": the marker follows the
         * nested number */
        if (!dont && word_at(cs, d[1].end) < cs->nw &&
            (wis(cs, word_at(cs, d[1].end), "of") || wis(cs, word_at(cs, d[1].end), "which"))) {
            dont = true;
            cut = d[1].start;
            size_t wi = word_at(cs, cut);
            const rq_hit *m = find_marker(c, cs, MK_MINIMUM, d[0].end, d[1].start);
            if (m && word_at(cs, m->end - 1) + 1 >= wi)
                cut = m->start;
        }
        if (!dont)
            for (size_t wi = word_at(cs, d[0].end); wi < cs->nw && cs->w[wi].end <= d[1].start;
                 wi++)
                if (wis(cs, wi, "dont") || wis(cs, wi, "including") || wis(cs, wi, "waarvan")) {
                    dont = true;
                    cut = cs->w[wi].start;
                    break;
                }
        if (dont) {
            size_t from1 = d[0].end > e->end ? d[0].end : e->end;
            int n1 = experience_rule(c, cs, pt->preferred, pt->a, cut, &d[0], from1, false);
            if (n1 < 0)
                return -1;
            int n2 = experience_rule(c, cs, pt->preferred, cut, pt->b, &d[1], d[1].end, false);
            if (n2 < 0)
                return -1;
            /* "dont 1 an ..." naming no domain of its own: a part of the
             * experience asked first, in the same domains */
            rq_rule *outer = n1 > 0 && n2 > 0 ? &c->rs->rules[c->rs->count - 2] : NULL;
            rq_rule *inner = outer ? &c->rs->rules[c->rs->count - 1] : NULL;
            if (inner && inner->category == RQ_CAT_EXPERIENCE && inner->domains.count == 0)
                for (size_t i = 0; i < outer->domains.count; i++)
                    rq_strlist_add(&inner->domains, outer->domains.items[i]);
            return n1 + n2;
        }
    }
    size_t from = d[0].end > e->end ? d[0].end : e->end;
    /* "2 years of M&E experience with an NGO": the domain stands between
     * the duration and the experience word */
    if (e->start > d[0].end && count_hits(cs, T_CONC, d[0].end, e->start) > 0)
        return experience_rule(c, cs, pt->preferred, pt->a, pt->b, &d[0], d[0].end, false);
    for (int k = 0; k < 2; k++) {
        const rq_hit *more = find_marker(c, cs, MK_OR_MORE, from, pt->b);
        if (!more || word_at(cs, more->start) > word_at(cs, from) + 1)
            more = find_marker(c, cs, MK_MINIMUM, from, pt->b);
        if (more && word_at(cs, more->start) <= word_at(cs, from) + 1)
            from = more->end;
    }
    return experience_rule(c, cs, pt->preferred, pt->a, pt->b, &d[0], from, false);
}

/* Is a concept a soft skill by its English label ("teamwork",
 * "interpersonal skills": a phrase of markers "soft" or "other")? Then it
 * is one however the posting words it ("je werkt graag in team"). */
static bool label_soft(const ctx *c, uint32_t entry)
{
    const char *label = rq_kb_label(c->kb, RQ_TABLE_CONCEPTS, entry);
    if (!label)
        return false;
    rq_hits m = RQ_HITS_INIT;
    rq_kb_scan(c->kb, RQ_TABLE_MARKERS, label, strlen(label), &m);
    bool soft = false;
    size_t n = strlen(label);
    for (size_t i = 0; i < m.count && !soft; i++)
        soft = m.hits[i].start == 0 && m.hits[i].end == n &&
               ((long)m.hits[i].entry == c->mk[MK_SOFT] ||
                (long)m.hits[i].entry == c->mk[MK_OTHER]);
    rq_hits_free(&m);
    return soft;
}

/* Does concept hit h sit on a soft-skill or attitude phrase (markers
 * "soft", "other")? Such concepts make `other` rules, not knowledge. */
static bool soft_hit(const ctx *c, const cscan *cs, const rq_hit *h)
{
    if (label_soft(c, h->entry))
        return true;
    for (size_t i = 0; i < cs->h[T_MARK].count; i++) {
        const rq_hit *m = &cs->h[T_MARK].hits[i];
        if (m->start < h->end && h->start < m->end &&
            (is_marker(c, m, MK_SOFT) || is_marker(c, m, MK_OTHER)))
            return true;
    }
    return false;
}

/* concept keys of [a, b), split into thematic ones and soft skills */
static void split_concepts(const ctx *c, const cscan *cs, size_t a, size_t b, rq_strlist *hard,
                           rq_strlist *soft)
{
    for (size_t i = 0; i < cs->h[T_CONC].count; i++) {
        const rq_hit *h = &cs->h[T_CONC].hits[i];
        if (h->start < a || h->end > b)
            continue;
        const char *key = rq_kb_key(c->kb, RQ_TABLE_CONCEPTS, h->entry);
        if (!key || rq_strlist_has(hard, key) || rq_strlist_has(soft, key))
            continue;
        rq_strlist_add(soft_hit(c, cs, h) ? soft : hard, key);
    }
}

/* Is byte b inside a bracket of examples in s[a..): a short list (at most
 * 8 words) with no lead word of its own ("(Stata, R or Python)", not "(de
 * solides notions de X, Y, Z ...)")? */
static bool in_examples(const ctx *c, const cscan *cs, size_t a, size_t b)
{
    size_t open = 0;
    int depth = 0;
    for (size_t i = a; i < b && i < cs->n; i++) {
        if (cs->s[i] == '(' && depth++ == 0)
            open = i;
        else if (cs->s[i] == ')' && depth)
            depth--;
    }
    if (depth == 0)
        return false;
    size_t close = b;
    while (close < cs->n && cs->s[close] != ')')
        close++;
    size_t words = 0;
    for (size_t wi = word_at(cs, open); wi < cs->nw && cs->w[wi].end <= close; wi++)
        words++;
    static const int leads[] = {MK_KNOWLEDGE, MK_EXPERIENCE, MK_ABILITY, -1};
    for (int k = 0; leads[k] >= 0; k++)
        if (find_marker(c, cs, leads[k], open, close))
            return false;
    return words <= 8;
}

/* Drop from hard and soft the concepts found only inside brackets of
 * examples when the part names a concept outside them. */
static int bracket_examples(const ctx *c, const cscan *cs, const part *pt, rq_strlist *hard,
                            rq_strlist *soft)
{
    rq_strlist outside = {NULL, 0};
    for (size_t i = 0; i < cs->h[T_CONC].count; i++) {
        const rq_hit *h = &cs->h[T_CONC].hits[i];
        if (h->start < pt->a || h->end > pt->b || in_examples(c, cs, pt->a, h->start))
            continue;
        const char *key = rq_kb_key(c->kb, RQ_TABLE_CONCEPTS, h->entry);
        if (key && !rq_strlist_has(&outside, key))
            rq_strlist_add(&outside, key);
    }
    if (outside.count) {
        rq_strlist *lists[2] = {hard, soft};
        for (int l = 0; l < 2; l++) {
            rq_strlist keep = {NULL, 0};
            for (size_t i = 0; i < lists[l]->count; i++)
                if (rq_strlist_has(&outside, lists[l]->items[i]))
                    rq_strlist_add(&keep, lists[l]->items[i]);
            rq_strlist_clear(lists[l]);
            *lists[l] = keep;
        }
    }
    rq_strlist_clear(&outside);
    return 0;
}

static int concept_rule(ctx *c, const cscan *cs, const part *pt, rq_category cat,
                        rq_strlist *concepts)
{
    rq_rule *r = new_rule(c, cat, pt->preferred, pt->a, pt->b, cs);
    if (!r) {
        rq_strlist_clear(concepts);
        return -1;
    }
    r->concepts = *concepts;
    r->match_any = concepts->count > 1 && any_of(c, cs, pt->a, pt->b);
    *concepts = (rq_strlist){NULL, 0};
    return 1;
}

/* Knowledge and other rules of a part. Concepts on soft-skill phrases make
 * an `other` rule, thematic ones a knowledge rule (both when the part names
 * both); thematic concepts with an attitude/permit word and no knowledge
 * lead word are `other` too ("adhérence à la politique de ..."). */
static int plain_rule(ctx *c, const cscan *cs, const part *pt)
{
    rq_strlist hard = {NULL, 0}, soft = {NULL, 0};
    /* "a third EU language", "une autre langue": a language not named;
     * its qualifiers are not the requirement's themes */
    bool unnamed_language = false;
    for (size_t wi = word_at(cs, pt->a); wi < cs->nw && cs->w[wi].end <= pt->b; wi++)
        unnamed_language = unnamed_language || wis(cs, wi, "language") ||
                           wis(cs, wi, "languages") || wis(cs, wi, "langue") ||
                           wis(cs, wi, "langues") || wis(cs, wi, "taal") ||
                           wis(cs, wi, "talen");
    if (!unnamed_language)
        split_concepts(c, cs, pt->a, pt->b, &hard, &soft);
    /* "data analysis (Stata, R or Python)": what the brackets name
     * illustrates the concept before them; it is not asked besides it */
    if (hard.count + soft.count > 1 && bracket_examples(c, cs, pt, &hard, &soft) < 0)
        return -1;
    bool know = find_marker(c, cs, MK_KNOWLEDGE, pt->a, pt->b) != NULL;
    bool other = find_marker(c, cs, MK_OTHER, pt->a, pt->b) != NULL ||
                 find_marker(c, cs, MK_SOFT, pt->a, pt->b) != NULL;
    /* a part headed by the soft skill ("Rigueur dans le suivi de X"): X
     * is its scope, one `other` rule */
    size_t w0 = word_at(cs, pt->a);
    while (w0 < cs->nw && cs->w[w0].end <= pt->b && skip_word(cs->w[w0].f))
        w0++;
    if (soft.count && hard.count && w0 < cs->nw) {
        for (size_t i = 0; i < cs->h[T_MARK].count; i++) {
            const rq_hit *m = &cs->h[T_MARK].hits[i];
            if (m->start == cs->w[w0].start &&
                (is_marker(c, m, MK_SOFT) || is_marker(c, m, MK_OTHER))) {
                for (size_t k = 0; k < hard.count; k++)
                    rq_strlist_add(&soft, hard.items[k]);
                rq_strlist_clear(&hard);
                break;
            }
        }
    }
    if (hard.count || soft.count) {
        int n = 0;
        if (hard.count) {
            rq_category cat = other && !know && !soft.count ? RQ_CAT_OTHER : RQ_CAT_KNOWLEDGE;
            if (concept_rule(c, cs, pt, cat, &hard) < 0) {
                rq_strlist_clear(&soft);
                return -1;
            }
            n++;
        }
        if (soft.count) {
            if (concept_rule(c, cs, pt, RQ_CAT_OTHER, &soft) < 0)
                return -1;
            n++;
        }
        return n;
    }
    rq_category cat = know && !other ? RQ_CAT_KNOWLEDGE : RQ_CAT_OTHER;
    /* "a one-year renewable contract, salary from ... and 25 days of
     * leave": words about pay, contract or leave naming nothing asked of
     * the candidate are the employer's side, never a rule */
    if (!know && !other && find_marker(c, cs, MK_CONTEXT, pt->a, pt->b) &&
        !find_marker(c, cs, MK_ABILITY, pt->a, pt->b) &&
        !find_marker(c, cs, MK_REQUIRED, pt->a, pt->b) &&
        !find_marker(c, cs, MK_PREFERRED, pt->a, pt->b)) {
        c->absorbed = true;
        return 0;
    }
    char *ft = free_text(c, cs, pt->a, pt->b);
    if (!ft)
        return 0;
    /* a single short word is not a requirement ("Wallonie-Bruxelles") */
    if (!strchr(ft, ' ') && !know && !other) {
        free(ft);
        return 0;
    }
    rq_strlist_add(&hard, ft);
    free(ft);
    return concept_rule(c, cs, pt, cat, &hard);
}

/* Rules from one part of a clause. */
static int part_rules(ctx *c, const cscan *cs, const part *pt, bool any_intro)
{
    (void)any_intro;
    int n = language_rules(c, cs, pt);
    if (n > 0 && count_hits(cs, T_CONC, pt->a, c->lang_first) > 0) {
        /* a skill or a theme named before the language ("report writing
         * in English", "connaissance du droit belge et du néerlandais") */
        part q = *pt;
        q.b = c->lang_first;
        int m = plain_rule(c, cs, &q);
        return m < 0 ? -1 : n + m;
    }
    if (n || c->absorbed)
        return n;
    size_t dend;
    int eqf = degree_eqf(c, cs, pt->a, pt->b, &dend);
    if (eqf) {
        /* "Bac+3 et 2 ans d'expérience en X": a degree and an experience;
         * "Bachelor's degree or 5 years of experience": experience may
         * stand in for the degree */
        duration d[1];
        if (find_durations(c, cs, dend, pt->b, d, 1) == 1) {
            /* the joint: a conjunction, or a comma or semicolon ("Bac+3
             * en travail social, 3 ans d'expérience en X"); "en" and
             * "of" join only in Dutch (elsewhere: "in", "of") */
            bool nl = strcmp(c->p->language, "nl") == 0;
            size_t dw = word_at(cs, d[0].start);
            size_t k = dw;
            bool comma = false;
            while (k > word_at(cs, dend)) {
                if (wis(cs, k - 1, "et") || wis(cs, k - 1, "and") || wis(cs, k - 1, "avec") ||
                    wis(cs, k - 1, "with") || wis(cs, k - 1, "met") || wis(cs, k - 1, "ou") ||
                    wis(cs, k - 1, "or") ||
                    ((wis(cs, k - 1, "en") || wis(cs, k - 1, "of")) && nl))
                    break;
                size_t gap = cs->w[k].start - cs->w[k - 1].end;
                if (memchr(cs->s + cs->w[k - 1].end, ',', gap) ||
                    memchr(cs->s + cs->w[k - 1].end, ';', gap)) {
                    comma = true;
                    break;
                }
                k--;
            }
            if (k > word_at(cs, dend) && dw - k <= 3) {
                bool alt = !comma && (wis(cs, k - 1, "ou") || wis(cs, k - 1, "or") ||
                                      (wis(cs, k - 1, "of") && nl));
                part l = *pt, r = *pt;
                l.b = comma ? cs->w[k - 1].end : cs->w[k - 1].start;
                r.a = comma ? cs->w[k].start : cs->w[k - 1].start;
                int n1 = degree_rule(c, cs, &l, eqf, dend);
                if (n1 < 0)
                    return -1;
                if (alt) {
                    c->rs->rules[c->rs->count - 1].or_equivalent = true;
                    return n1;
                }
                const rq_hit *e = find_marker(c, cs, MK_EXPERIENCE, r.a, r.b);
                int n2 = e ? experience_rules(c, cs, &r, e) : 0;
                return n2 < 0 ? -1 : n1 + n2;
            }
        }
        return degree_rule(c, cs, pt, eqf, dend);
    }
    if (pt->inherit == RQ_CAT_DEGREE && pt->inherit_eqf) {
        part q = *pt;
        n = degree_rule(c, cs, &q, pt->inherit_eqf, pt->a);
        if (n <= 0)
            return n;
        rq_rule *r = &c->rs->rules[c->rs->count - 1];
        if (r->fields.count == 0) { /* nothing to prefer: drop it */
            c->counter[RQ_CAT_DEGREE]--;
            rq_rule_clear(r);
            c->rs->count--;
            return 0;
        }
        return n;
    }
    const rq_hit *e = find_marker(c, cs, MK_EXPERIENCE, pt->a, pt->b);
    if (e) {
        /* "connaissance X et expérience en Y": split before the experience */
        size_t ew = word_at(cs, e->start);
        size_t pw = word_at(cs, pt->a);
        if (ew > pw + 1) {
            bool conj = wis(cs, ew - 1, "et") || wis(cs, ew - 1, "and") ||
                        wis(cs, ew - 1, "en") || strchr(",", cs->s[cs->w[ew - 1].end]) ||
                        (ew >= 2 && wis(cs, ew - 1, "une") &&
                         strchr(",", cs->s[cs->w[ew - 2].end]));
            if (wis(cs, ew - 1, "une") || wis(cs, ew - 1, "un") || wis(cs, ew - 1, "an"))
                ew--;
            bool head_before = find_marker(c, cs, MK_KNOWLEDGE, pt->a, cs->w[ew].start) ||
                               find_marker(c, cs, MK_ABILITY, pt->a, cs->w[ew].start);
            if (conj && head_before) {
                part l = *pt, r = *pt;
                l.b = cs->w[ew].start;
                r.a = cs->w[ew].start;
                int n1 = part_rules(c, cs, &l, any_intro);
                if (n1 < 0)
                    return -1;
                int n2 = part_rules(c, cs, &r, any_intro);
                if (n2 < 0)
                    return -1;
                return n1 + n2;
            }
        }
        n = experience_rules(c, cs, pt, e);
        if (n < 0)
            return -1;
        if (n == 0 && find_marker(c, cs, MK_KNOWLEDGE, e->end, pt->b))
            return plain_rule(c, cs, pt);
        /* "Expérience et connaissance de X": both */
        const rq_hit *k = find_marker(c, cs, MK_KNOWLEDGE, e->end, pt->b);
        if (n > 0 && k && word_at(cs, k->start) <= word_at(cs, e->end) + 2 &&
            !c->rs->rules[c->rs->count - 1].has_min_years) {
            part q = *pt;
            q.a = k->start;
            int m = plain_rule(c, cs, &q);
            if (m < 0)
                return -1;
            n += m;
        }
        if (n)
            return n;
        if (pt->inherit < 0)
            return 0;
    }
    if (pt->inherit == RQ_CAT_EXPERIENCE)
        return experience_rule(c, cs, pt->preferred, pt->a, pt->b, NULL, pt->a, true);
    /* "5+ years in a humanitarian context", "Au moins 3 ans dans le
     * secteur associatif": a part that opens with a duration in years
     * and goes on with a preposition is experience, without the word */
    duration d[2];
    if (durations_in(c, cs, pt->a, pt->b, d, 2, true) == 1 &&
        word_at(cs, d[0].start) <= word_at(cs, pt->a) + 2 &&
        starts_with_preposition(cs, d[0].end, pt->b)) {
        n = experience_rule(c, cs, pt->preferred, pt->a, pt->b, &d[0], d[0].end, true);
        if (n != 0)
            return n;
    }
    return plain_rule(c, cs, pt);
}

/* heads a part can stand on */
static bool has_head(const ctx *c, const cscan *cs, size_t a, size_t b, int *cat, int *eqf)
{
    size_t dend;
    *eqf = 0;
    if (count_hits(cs, T_LANG, a, b)) {
        *cat = RQ_CAT_LANGUAGE;
        return true;
    }
    if ((*eqf = degree_eqf(c, cs, a, b, &dend)) > 0) {
        *cat = RQ_CAT_DEGREE;
        return true;
    }
    bool k = find_marker(c, cs, MK_KNOWLEDGE, a, b) != NULL;
    if (find_marker(c, cs, MK_EXPERIENCE, a, b)) {
        *cat = k ? RQ_CAT_KNOWLEDGE : RQ_CAT_EXPERIENCE;
        return true;
    }
    if (k) {
        *cat = RQ_CAT_KNOWLEDGE;
        return true;
    }
    if (find_marker(c, cs, MK_ABILITY, a, b) || find_marker(c, cs, MK_OTHER, a, b) ||
        find_marker(c, cs, MK_SOFT, a, b)) {
        *cat = RQ_CAT_OTHER;
        return true;
    }
    return false;
}

/* Does the comma at byte k separate two items of one list that runs on
 * to the marker at byte m ("Dari, Pashto or Arabic is preferred"): a
 * language or a concept ends right before it, another of the same table
 * starts right after it, and a last one joined by "or"/"and" follows
 * before m? ("Langue maternelle française, allemand un atout" is two
 * requirements.) */
static bool list_comma(const cscan *cs, size_t k, size_t m)
{
    static const int tables[] = {T_LANG, T_CONC};
    size_t after = k + 1;
    while (after < cs->n && cs->s[after] == ' ')
        after++;
    for (int t = 0; t < 2; t++) {
        bool before = false, next = false, last = false;
        for (size_t i = 0; i < cs->h[tables[t]].count; i++) {
            const rq_hit *h = &cs->h[tables[t]].hits[i];
            before = before || h->end == k;
            next = next || h->start == after;
            if (h->start > after && h->end <= m) {
                size_t wi = word_at(cs, h->start);
                last = last || (wi > 0 && (wis(cs, wi - 1, "or") || wis(cs, wi - 1, "ou") ||
                                           wis(cs, wi - 1, "and") || wis(cs, wi - 1, "et") ||
                                           wis(cs, wi - 1, "of") || wis(cs, wi - 1, "en")));
            }
        }
        if (before && next && last)
            return true;
    }
    return false;
}

/* A marker inside brackets that also hold what it qualifies ("diplôme en
 * travail social (DEASS, CAFERUIS apprécié)") speaks of the bracket, not
 * of the clause; "(un atout)" alone in its brackets speaks of the clause.
 * Returns whether h is scoped so, with the bracket's bytes in *open and
 * *close. */
static bool bracket_scoped(const cscan *cs, const rq_hit *h, size_t *open, size_t *close)
{
    size_t o = 0; /* the outermost bracket open at h */
    int depth = 0;
    for (size_t i = 0; i < h->start; i++) {
        if (cs->s[i] == '(') {
            if (depth++ == 0)
                o = i;
        } else if (cs->s[i] == ')' && depth) {
            depth--;
        }
    }
    if (depth == 0)
        return false;
    size_t cl = h->end;
    for (int d = depth; cl < cs->n; cl++) {
        if (cs->s[cl] == '(')
            d++;
        else if (cs->s[cl] == ')' && --d == 0)
            break;
    }
    if (cl >= cs->n)
        return false;
    for (size_t wi = word_at(cs, o); wi < cs->nw && cs->w[wi].end <= h->start; wi++)
        if (cs->w[wi].start > o && !skip_word(cs->w[wi].f)) {
            *open = o;
            *close = cl;
            return true;
        }
    return false;
}

/* The clause's own preference markers in [a, b): first (or last), those
 * scoped to a bracket left out. */
static const rq_hit *clause_preferred(const ctx *c, const cscan *cs, size_t a, size_t b,
                                      bool last)
{
    const rq_hit *r = NULL;
    size_t o, cl;
    for (size_t i = 0; i < cs->h[T_MARK].count; i++) {
        const rq_hit *h = &cs->h[T_MARK].hits[i];
        if (h->start >= a && h->end <= b && is_marker(c, h, MK_PREFERRED) &&
            !bracket_scoped(cs, h, &o, &cl)) {
            r = h;
            if (!last)
                break;
        }
    }
    return r;
}

/* A person specification's column letter closing the clause: "(E)"
 * essential, "(D)" desirable, "(E/D)" either. 1 essential, -1 desirable,
 * 0 none. */
static int criteria_letter(const cscan *cs)
{
    size_t n = cs->n;
    while (n > 0 && (cs->s[n - 1] == ' ' || cs->s[n - 1] == '.' || cs->s[n - 1] == ';'))
        n--;
    if (n >= 3 && cs->s[n - 1] == ')' && cs->s[n - 3] == '(') {
        if (cs->s[n - 2] == 'E')
            return 1;
        if (cs->s[n - 2] == 'D')
            return -1;
    }
    return 0;
}

/* Split a clause by modality into parts (at most 2). */
static size_t modality_parts(const ctx *c, const cscan *cs, bool base_pref, part *out)
{
    size_t n = cs->n;
    int letter = criteria_letter(cs);
    if (letter)
        base_pref = letter < 0;
    part whole = {0, n, base_pref, -1, 0};
    int cat, eqf;
    const rq_hit *pn = find_marker(c, cs, MK_PREFERRED_NEXT, 0, n);
    if (pn) {
        size_t lb = pn->start;
        /* trim ", et" before the adverb */
        size_t wi = word_at(cs, lb);
        while (wi > 0 && (wis(cs, wi - 1, "et") || wis(cs, wi - 1, "and") ||
                          wis(cs, wi - 1, "en") || wis(cs, wi - 1, "mais") ||
                          wis(cs, wi - 1, "but") || wis(cs, wi - 1, "maar")))
            lb = cs->w[--wi].start;
        if (lb > 0 && has_head(c, cs, 0, lb, &cat, &eqf)) {
            /* "idéalement dans X" qualifies the nearest requirement: the
             * one after the last comma, when that part has a head */
            size_t comma = 0;
            int depth = 0, cat2, eqf2;
            for (size_t i = 0; i < lb; i++) {
                if (cs->s[i] == '(')
                    depth++;
                else if (cs->s[i] == ')' && depth)
                    depth--;
                else if (cs->s[i] == ',' && depth == 0 && i + 2 < lb)
                    comma = i;
            }
            if (comma > 0 && has_head(c, cs, comma + 1, lb, &cat2, &eqf2)) {
                cat = cat2;
                eqf = eqf2;
            }
            out[0] = (part){0, lb, base_pref, -1, 0};
            out[1] = (part){pn->end, n, true, cat, eqf};
            if (clause_preferred(c, cs, 0, lb, false))
                out[0].preferred = true;
            return 2;
        }
        whole.preferred = true;
        out[0] = whole;
        return 1;
    }
    const rq_hit *p = clause_preferred(c, cs, 0, n, true);
    const rq_hit *scoped = last_marker(c, cs, MK_PREFERRED, 0, n);
    size_t open, close;
    if (!p && scoped && bracket_scoped(cs, scoped, &open, &close) &&
        !has_head(c, cs, close + 1, n, &cat, &eqf) && has_head(c, cs, 0, open, &cat, &eqf)) {
        /* "Maîtrise du français (la connaissance du néerlandais est un
         * atout)": the clause, then its bracket as an asset */
        out[0] = (part){0, open, base_pref, -1, 0};
        out[1] = (part){open + 1, close, true, -1, 0};
        return 2;
    }
    if (p) {
        /* the top-level comma that opens the marker's part */
        size_t comma = 0;
        int depth = 0;
        for (size_t i = 0; i < p->start; i++) {
            if (cs->s[i] == '(')
                depth++;
            else if (cs->s[i] == ')' && depth)
                depth--;
            else if (cs->s[i] == ',' && depth == 0)
                comma = i;
        }
        /* or the conjunction that opens a requirement of its own ("La
         * maîtrise de X est indispensable et la connaissance de Y serait
         * un plus") */
        size_t conj = 0, conj_end = 0;
        for (size_t wi = word_at(cs, comma); wi < cs->nw && cs->w[wi].end <= p->start; wi++) {
            if (cs->w[wi].start <= comma || !(wis(cs, wi, "et") || wis(cs, wi, "and") ||
                                              wis(cs, wi, "mais") || wis(cs, wi, "but") ||
                                              wis(cs, wi, "maar") ||
                                              (wis(cs, wi, "en") &&
                                               strcmp(c->p->language, "nl") == 0)))
                continue;
            size_t k = wi + 1;
            while (k < cs->nw && skip_word(cs->w[k].f))
                k++;
            if (k >= cs->nw || cs->w[k].start >= p->start)
                continue;
            static const int leads[] = {MK_KNOWLEDGE, MK_EXPERIENCE, MK_ABILITY, -1};
            bool head = covered_by_marker(c, cs, cs->w[k].start, leads);
            for (size_t d = 0; d < cs->h[T_DEG].count && !head; d++)
                head = cs->h[T_DEG].hits[d].start == cs->w[k].start;
            if (head) {
                conj = cs->w[wi].start;
                conj_end = cs->w[wi].end;
            }
        }
        int cat2, eqf2;
        if (conj > 0 && has_head(c, cs, 0, conj, &cat, &eqf) &&
            !clause_preferred(c, cs, 0, conj, false)) {
            out[0] = (part){0, conj, base_pref, -1, 0};
            out[1] = (part){conj_end, n, true, -1, 0};
            return 2;
        }
        if (comma > 0 && !list_comma(cs, comma, p->start) && has_head(c, cs, comma + 1, n, &cat2, &eqf2) &&
            has_head(c, cs, 0, comma, &cat, &eqf) &&
            !clause_preferred(c, cs, 0, comma, false)) {
            out[0] = (part){0, comma, base_pref, -1, 0};
            out[1] = (part){comma + 1, n, true, -1, 0};
            return 2;
        }
        whole.preferred = true;
        out[0] = whole;
        return 1;
    }
    if (find_marker(c, cs, MK_REQUIRED, 0, n))
        whole.preferred = false;
    out[0] = whole;
    return 1;
}

static bool same_list(const rq_strlist *a, const rq_strlist *b)
{
    if (a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++)
        if (!rq_strlist_has(b, a->items[i]))
            return false;
    return true;
}

/* Does rule i ask what an earlier rule of the same sentence asks? */
static bool repeats_earlier(const rq_ruleset *rs, size_t i)
{
    const rq_rule *r = &rs->rules[i];
    for (size_t k = 0; k < i; k++) {
        const rq_rule *q = &rs->rules[k];
        if (q->category == r->category && q->required == r->required &&
            q->source_text && r->source_text && strcmp(q->source_text, r->source_text) == 0 &&
            same_list(&q->concepts, &r->concepts) && same_list(&q->domains, &r->domains) &&
            same_list(&q->languages, &r->languages) && same_list(&q->fields, &r->fields) &&
            q->min_eqf == r->min_eqf && q->min_level == r->min_level &&
            q->has_min_years == r->has_min_years && q->min_years == r->min_years)
            return true;
    }
    return false;
}

/* Is rule i a degree that an earlier required degree implies ("Bachelor
 * in social work" ... "een diploma van niveau B")? Required, any field, at
 * most the earlier level, and no looser about equivalent experience. */
static bool implied_degree(const rq_ruleset *rs, size_t i)
{
    const rq_rule *r = &rs->rules[i];
    if (r->category != RQ_CAT_DEGREE || !r->required || r->fields.count)
        return false;
    for (size_t k = 0; k < i; k++) {
        const rq_rule *q = &rs->rules[k];
        if (q->category == RQ_CAT_DEGREE && q->required && q->min_eqf >= r->min_eqf &&
            (!q->or_equivalent || r->or_equivalent))
            return true;
    }
    return false;
}

/* Ids in posting order, a counter per category ("degree-1", ...). */
static int number_rules(rq_ruleset *rs)
{
    int counter[RQ_CAT_COUNT] = {0};
    for (size_t i = 0; i < rs->count; i++) {
        rq_rule *r = &rs->rules[i];
        char *id = rq_sprintf("%s-%d", rq_category_name(r->category), ++counter[r->category]);
        if (!id)
            return -1;
        free(r->id);
        r->id = id;
    }
    return 0;
}

/* Does a clause open with "de"/"d'" (or "of"), continuing a head noun
 * stated before it? */
static bool continues_head(const char *s, size_t n)
{
    if (n >= 3 && (strncmp(s, "de ", 3) == 0 || strncmp(s, "of ", 3) == 0))
        return true;
    return n >= 3 && s[0] == 'd' &&
           (s[1] == '\'' || (n >= 4 && (unsigned char)s[1] == 0xE2 &&
                              (unsigned char)s[2] == 0x80 && (unsigned char)s[3] == 0x99));
}

/* Is marker hit h a real "in lieu" phrase? Stop words are skipped in
 * matching, so "in lieu of", "au lieu de" and "in place of" are the bare
 * words "lieu", "place": they count only between their own small words
 * ("en premier lieu", "lieu de travail" are not). */
static bool in_lieu_hit(const ctx *c, const cscan *cs, const rq_hit *h)
{
    if (!is_marker(c, h, MK_IN_LIEU))
        return false;
    size_t w = word_at(cs, h->start);
    if (h->nwords != 1 || w >= cs->nw)
        return true;
    static const char *const before[] = {"in", "au", "en", "a", "la", NULL};
    static const char *const after[] = {"of", "de", "du", "des", "d", "van", "et", NULL};
    bool ok_b = false, ok_a = false;
    for (int i = 0; before[i] && w > 0; i++)
        ok_b = ok_b || wis(cs, w - 1, before[i]);
    for (int i = 0; after[i]; i++)
        ok_a = ok_a || wis(cs, w + 1, after[i]);
    return ok_b && ok_a;
}

static const rq_hit *find_in_lieu(const ctx *c, const cscan *cs)
{
    for (size_t i = 0; i < cs->h[T_MARK].count; i++)
        if (in_lieu_hit(c, cs, &cs->h[T_MARK].hits[i]))
            return &cs->h[T_MARK].hits[i];
    return NULL;
}

/* The lowest degree a clause with an "in lieu" marker offers, 0 if none:
 * the degree right after "in lieu of"/"au lieu de"/"in plaats van" is the
 * one replaced, not offered. */
static int offered_degree(const ctx *c, const cscan *cs)
{
    int eqf = 0;
    for (size_t i = 0; i < cs->h[T_DEG].count; i++) {
        const rq_hit *h = &cs->h[T_DEG].hits[i];
        size_t dend;
        bool replaced = false;
        for (size_t k = 0; k < cs->h[T_MARK].count && !replaced; k++) {
            const rq_hit *m = &cs->h[T_MARK].hits[k];
            replaced = in_lieu_hit(c, cs, m) && m->end <= h->start &&
                       word_at(cs, h->start) <= word_at(cs, m->end) + 2;
        }
        if (replaced)
            continue;
        int v = degree_eqf(c, cs, h->start, h->end, &dend);
        if (v > 0 && (eqf == 0 || v < eqf))
            eqf = v;
    }
    return eqf;
}

static bool employer_clause(const ctx *c, const cscan *cs)
{
    bool strong, weak;
    if (find_marker(c, cs, MK_CONTEXT, 0, cs->n)) {
        rq_clause_signals(c->kb, cs->s, cs->n, &strong, &weak);
        if (!strong)
            return true;
    }
    rq_hits h = RQ_HITS_INIT;
    bool lead = false;
    if (rq_kb_scan(c->kb, RQ_TABLE_SECTIONS, cs->s, cs->n, &h) > 0 && h.hits[0].start == 0) {
        const char *key = rq_kb_key(c->kb, RQ_TABLE_SECTIONS, h.hits[0].entry);
        lead = key && (strcmp(key, "offer") == 0 || strcmp(key, "conditions") == 0 ||
                       strcmp(key, "apply") == 0);
    }
    rq_hits_free(&h);
    return lead;
}

static int compile_clause(ctx *c, rq_pclause *cl)
{
    const rq_psent *st = &c->p->sents[cl->sent];
    cscan cs;
    c->sent = st;
    c->sentence = st->text + cl->full_start;
    c->sentence_len = cl->full_end - cl->full_start;
    c->clause_off = cl->start;
    if (cscan_run(c, st->text + cl->start, cl->end - cl->start, &cs) < 0) {
        cscan_free(&cs);
        return -1;
    }
    part parts[2];
    c->absorbed = false;
    /* a paragraph read as requirements for its strong signals (no
     * heading) also holds the employer's sentences: one naming pay,
     * contract, staff or dates with no strong signal of its own ("X,
     * actif depuis 1992, recherche ... dans le cadre d'un CDD"), or opening
     * with an offer, conditions or apply word ("Candidature avant le
     * ..."), states no requirement */
    if (cl->promoted && employer_clause(c, &cs)) {
        cscan_free(&cs);
        cl->rules = 0;
        cl->absorbed = true;
        return 0;
    }
    /* "A first-level degree with two more years of experience may be
     * accepted in lieu of the advanced degree", "In lieu of a degree, four
     * years of experience": the degree asked before admits an equivalent;
     * "Une maîtrise en X peut aussi convenir": a degree at least as high
     * adds its fields to it. No rule of its own. */
    if (find_in_lieu(c, &cs) && !find_marker(c, &cs, MK_PREFERRED, 0, cs.n)) {
        int offered = offered_degree(c, &cs);
        /* the degree asked: the last required one, else the last one */
        rq_rule *prev = NULL;
        for (size_t i = c->rs->count; i-- > 0;) {
            rq_rule *r = &c->rs->rules[i];
            if (r->category != RQ_CAT_DEGREE)
                continue;
            if (!prev)
                prev = r;
            if (r->required) {
                prev = r;
                break;
            }
        }
        if (prev && (offered > 0 || find_marker(c, &cs, MK_EXPERIENCE, 0, cs.n))) {
            if (offered == 0 || offered < prev->min_eqf) {
                prev->or_equivalent = true;
            } else if (prev->fields.count) {
                size_t dend;
                degree_eqf(c, &cs, 0, cs.n, &dend);
                rq_strlist more = {NULL, 0};
                degree_fields(c, &cs, dend, cs.n, &more);
                for (size_t i = 0; i < more.count; i++)
                    if (!rq_strlist_has(&prev->fields, more.items[i]))
                        rq_strlist_add(&prev->fields, more.items[i]);
                rq_strlist_clear(&more);
            }
            cscan_free(&cs);
            cl->rules = 0;
            cl->absorbed = true;
            return 0;
        }
    }
    size_t np = modality_parts(c, &cs, cl->preferred, parts);
    size_t first = c->rs->count;
    for (size_t i = 0; i < np; i++) {
        int n = part_rules(c, &cs, &parts[i], cl->any_intro);
        if (n < 0) {
            cscan_free(&cs);
            return -1;
        }
    }
    cscan_free(&cs);
    /* a rule repeating one made earlier from the same sentence ("X :
     * capacité à ... ; capacité à ...") adds nothing */
    for (size_t i = first; i < c->rs->count;) {
        if (repeats_earlier(c->rs, i) || implied_degree(c->rs, i)) {
            rq_rule_clear(&c->rs->rules[i]);
            memmove(&c->rs->rules[i], &c->rs->rules[i + 1],
                    (c->rs->count - i - 1) * sizeof c->rs->rules[i]);
            c->rs->count--;
            c->absorbed = true;
        } else {
            i++;
        }
    }
    /* "Capacité d'analyse de X ; d'élaboration de Y ; de définition de Z":
     * a part after ';' that opens with "de" continues the head of the part
     * before it; in its own words only (no concept) it adds no rule */
    const rq_pclause *prev = cl > c->p->clauses ? cl - 1 : NULL;
    if (prev && prev->sent == cl->sent && (prev->rules > 0 || prev->absorbed) &&
        c->rs->count > first &&
        continues_head(st->text + cl->start, cl->end - cl->start)) {
        bool own_words = true;
        for (size_t i = first; i < c->rs->count && own_words; i++) {
            const rq_rule *r = &c->rs->rules[i];
            own_words = (r->category == RQ_CAT_OTHER || r->category == RQ_CAT_KNOWLEDGE) &&
                        r->concepts.count == 1 &&
                        rq_kb_find(c->kb, RQ_TABLE_CONCEPTS, r->concepts.items[0]) < 0;
        }
        while (own_words && c->rs->count > first) {
            rq_rule_clear(&c->rs->rules[--c->rs->count]);
            c->absorbed = true;
        }
    }
    int total = (int)(c->rs->count - first);
    cl->rules = total;
    cl->absorbed = c->absorbed;
    return 0;
}

/* Is a concept generic by its English label ("project management",
 * "human resources": a word of markers "generic" or "soft")? */
static bool label_generic(const ctx *c, uint32_t entry)
{
    const char *label = rq_kb_label(c->kb, RQ_TABLE_CONCEPTS, entry);
    if (!label)
        return false;
    rq_hits m = RQ_HITS_INIT;
    rq_kb_scan(c->kb, RQ_TABLE_MARKERS, label, strlen(label), &m);
    bool g = false;
    for (size_t i = 0; i < m.count && !g; i++)
        g = (long)m.hits[i].entry == c->mk[MK_GENERIC] || (long)m.hits[i].entry == c->mk[MK_SOFT];
    rq_hits_free(&m);
    return g;
}

/* No requirement section: preferred knowledge rules from the role. */
static int infer_rules(ctx *c, rq_posting *p)
{
    rq_strlist seen = {NULL, 0};
    bool tasks = false;
    for (size_t i = 0; i < p->nclauses; i++)
        tasks = tasks || p->clauses[i].kind == SEC_TASKS;
    for (size_t i = 0; i < p->nclauses;) {
        /* a group: a non-bullet clause and the bullets after it, in one paragraph */
        size_t j = i + 1;
        while (j < p->nclauses && p->clauses[j].para == p->clauses[i].para &&
               p->clauses[j].bullet)
            j++;
        int kind = p->clauses[i].kind;
        bool use = tasks ? kind == SEC_TASKS
                         : (kind == SEC_NONE || kind == SEC_OTHER || kind == SEC_CONTEXT);
        if (use) {
            rq_strlist group = {NULL, 0};
            for (size_t k = i; k < j; k++) {
                const rq_psent *st = &p->sents[p->clauses[k].sent];
                rq_hits h = RQ_HITS_INIT, m = RQ_HITS_INIT;
                const char *ct = st->text + p->clauses[k].start;
                size_t cn = p->clauses[k].end - p->clauses[k].start;
                rq_kb_scan(c->kb, RQ_TABLE_CONCEPTS, ct, cn, &h);
                rq_kb_scan(c->kb, RQ_TABLE_MARKERS, ct, cn, &m);
                for (size_t x = 0; x < h.count; x++) {
                    const char *key = rq_kb_key(c->kb, RQ_TABLE_CONCEPTS, h.hits[x].entry);
                    /* generic management words and soft skills say little
                     * about the role's theme */
                    bool generic = false;
                    for (size_t y = 0; y < m.count && !generic; y++) {
                        const rq_hit *mh = &m.hits[y];
                        generic = mh->start < h.hits[x].end && h.hits[x].start < mh->end &&
                                  ((long)mh->entry == c->mk[MK_GENERIC] ||
                                   (long)mh->entry == c->mk[MK_SOFT] ||
                                   is_marker(c, mh, MK_OTHER));
                    }
                    if (key && !generic && !label_generic(c, h.hits[x].entry) &&
                        !rq_strlist_has(&seen, key)) {
                        rq_strlist_add(&seen, key);
                        rq_strlist_add(&group, key);
                    }
                }
                rq_hits_free(&h);
                rq_hits_free(&m);
            }
            if (group.count) {
                const rq_psent *st = &p->sents[p->clauses[i].sent];
                rq_rule *r = rq_ruleset_add(c->rs);
                if (!r) {
                    rq_strlist_clear(&group);
                    rq_strlist_clear(&seen);
                    return -1;
                }
                r->category = RQ_CAT_KNOWLEDGE;
                r->required = false;
                c->counter[RQ_CAT_KNOWLEDGE]++;
                r->id = rq_sprintf("knowledge-%d", c->counter[RQ_CAT_KNOWLEDGE]);
                r->weight = c->opts->weight_preferred * c->opts->category_factor[RQ_CAT_KNOWLEDGE];
                r->source_line = p->clauses[i].line;
                r->source_text = rq_strdup(st->text);
                r->concepts = group;
                r->match_any = true;
            } else {
                rq_strlist_clear(&group);
            }
        }
        i = j;
    }
    rq_strlist_clear(&seen);
    return 0;
}

/* A clause outside the requirement sections that still states one: a
 * permit or a language level together with a modality word ("Permis B
 * souhaitable." under Conditions). Pay, contract and the organisation's
 * own words never do. */
static bool stray_requirement(const ctx *c, const rq_posting *p, const rq_pclause *cl)
{
    if (cl->intro || cl->kind == SEC_OFFER || cl->kind == SEC_APPLY || cl->kind == SEC_ABOUT)
        return false;
    const char *t = p->sents[cl->sent].text + cl->start;
    size_t n = cl->end - cl->start;
    rq_hits h = RQ_HITS_INIT;
    bool modal = false, permit = false, context = false, level = false, has_lang = false;
    if (rq_kb_scan(c->kb, RQ_TABLE_MARKERS, t, n, &h) > 0)
        for (size_t i = 0; i < h.count; i++) {
            long e = (long)h.hits[i].entry;
            modal = modal || e == c->mk[MK_REQUIRED] || e == c->mk[MK_PREFERRED] ||
                    e == c->mk[MK_PREFERRED_NEXT];
            permit = permit || e == c->mk[MK_PERMIT];
            context = context || e == c->mk[MK_CONTEXT];
        }
    h.count = 0;
    if (modal && !permit && rq_kb_scan(c->kb, RQ_TABLE_LANGUAGES, t, n, &h) > 0) {
        has_lang = true;
        h.count = 0;
        level = rq_kb_scan(c->kb, RQ_TABLE_LEVELS, t, n, &h) > 0;
    }
    rq_hits_free(&h);
    return modal && !context && (permit || (has_lang && level));
}

static int compile_posting(ctx *c, rq_posting *p)
{
    bool any_req = false;
    for (size_t i = 0; i < p->nclauses; i++) {
        rq_pclause *cl = &p->clauses[i];
        if (!rq_section_states_requirements(cl->kind) || cl->intro) {
            if (stray_requirement(c, p, cl) && compile_clause(c, cl) < 0)
                return -1;
            continue;
        }
        any_req = true;
        if (compile_clause(c, cl) < 0)
            return -1;
        if (cl->rules == 0 && !cl->absorbed && c->diags) {
            const rq_psent *st = &p->sents[cl->sent];
            rq_diags_add(c->diags, RQ_SEV_WARNING, c->file, cl->line, 0, NULL,
                         "no rule from: %.*s", (int)(cl->end - cl->start),
                         st->text + cl->start);
        }
    }
    if (!any_req) {
        size_t before = c->rs->count;
        if (infer_rules(c, p) < 0)
            return -1;
        if (c->diags && c->rs->count > before)
            rq_diags_add(c->diags, RQ_SEV_WARNING, c->file, 0, 0, NULL,
                         "no requirement section found; %zu preferred knowledge rule(s) "
                         "inferred from the themes of the role description (generic "
                         "management words and soft skills left out): check them",
                         c->rs->count - before);
        else if (c->diags)
            rq_diags_add(c->diags, RQ_SEV_WARNING, c->file, 0, 0, NULL, "%s",
                         "no requirement found: no requirement section, no theme to "
                         "infer one from");
    }
    return number_rules(c->rs);
}

static int ctx_init(ctx *c, const rq_kb *kb, const rq_compile_opts *opts, const char *file,
                    rq_diags *diags)
{
    memset(c, 0, sizeof *c);
    c->kb = kb;
    c->opts = opts;
    c->file = file;
    c->diags = diags;
    for (int i = 0; i < MK_COUNT; i++)
        c->mk[i] = rq_kb_find(kb, RQ_TABLE_MARKERS, marker_keys[i]);
    return 0;
}

static void ctx_free(ctx *c)
{
    rq_buf_free(&c->fold);
    free(c->map);
    free(c->words);
}

static bool usable_text(const char *text, size_t len)
{
    if (!text || len == 0 || memchr(text, '\0', len) || !rq_utf8_valid(text, len))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)text[i]))
            return true;
    return false;
}

int rq_compile_text(const char *text, size_t len, const char *file, const rq_kb *kb,
                    const rq_compile_opts *opts, rq_ruleset **out, rq_diags *diags)
{
    static const rq_compile_opts defaults = RQ_COMPILE_OPTS_INIT;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    /* a byte order mark is not part of the title */
    if (text && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (!usable_text(text, len)) {
        if (diags) {
            const char *why = !text || len == 0 ? "empty posting"
                              : memchr(text, '\0', len) ? "binary data, not a text posting"
                              : !rq_utf8_valid(text, len) ? "not valid UTF-8 text"
                                                           : "empty posting";
            rq_diags_add(diags, RQ_SEV_ERROR, file, 0, 0, NULL, "%s", why);
        }
        return -1;
    }
    rq_posting p;
    if (rq_posting_parse(text, len, kb, &p) < 0)
        return -1;
    ctx c;
    ctx_init(&c, kb, opts, file, diags);
    c.p = &p;
    c.rs = rq_ruleset_new();
    int rc = -1;
    if (!c.rs)
        goto out;
    memcpy(c.rs->language, p.language, 3);
    c.rs->title = p.title;
    c.rs->organization = p.organization;
    p.title = p.organization = NULL;
    if (compile_posting(&c, &p) < 0)
        goto out;
    *out = c.rs;
    c.rs = NULL;
    rc = 0;
out:
    rq_ruleset_free(c.rs);
    ctx_free(&c);
    rq_posting_free(&p);
    if (rc < 0 && diags)
        rq_diags_add(diags, RQ_SEV_ERROR, file, 0, 0, NULL, "out of memory");
    return rc;
}

int rq_compile_dump(const char *text, size_t len, const rq_kb *kb, rq_buf *out)
{
    static const rq_compile_opts defaults = RQ_COMPILE_OPTS_INIT;
    if (!usable_text(text, len))
        return -1;
    rq_posting p;
    if (rq_posting_parse(text, len, kb, &p) < 0)
        return -1;
    ctx c;
    ctx_init(&c, kb, &defaults, NULL, NULL);
    c.p = &p;
    c.rs = rq_ruleset_new();
    int rc = -1;
    if (!c.rs || compile_posting(&c, &p) < 0)
        goto out;
    rq_buf_printf(out, "language: %s\ntitle: %s\norganization: %s\n", p.language,
                  p.title ? p.title : "(null)", p.organization ? p.organization : "(null)");
    for (size_t i = 0; i < p.nlines; i++) {
        const rq_pline *L = &p.lines[i];
        if (L->blank)
            continue;
        rq_buf_printf(out, "%4d %-12s %s%s%.*s\n", L->no, rq_section_kind_name(L->kind),
                      L->heading ? "# " : "", L->bullet ? "* " : "",
                      (int)(L->end - L->start), text + L->start);
    }
    rq_buf_puts(out, "-- clauses\n");
    for (size_t i = 0; i < p.nclauses; i++) {
        const rq_pclause *cl = &p.clauses[i];
        rq_buf_printf(out, "%4d p%-3d %-12s %s%s%s%s rules=%d | %.*s\n", cl->line, cl->para,
                      rq_section_kind_name(cl->kind), cl->preferred ? "pref" : "req ",
                      cl->intro ? " intro" : "", cl->promoted ? " promoted" : "",
                      cl->absorbed ? " absorbed" : "", cl->rules,
                      (int)(cl->end - cl->start), p.sents[cl->sent].text + cl->start);
    }
    rq_buf_puts(out, "-- rules\n");
    for (size_t i = 0; i < c.rs->count; i++) {
        const rq_rule *r = &c.rs->rules[i];
        rq_buf_printf(out, "%4d %-14s %s w=%.2f ", r->source_line, r->id,
                      r->required ? "required " : "preferred", r->weight);
        rq_rule_describe(r, kb, out);
        rq_buf_putc(out, '\n');
    }
    rc = out->oom ? -1 : 0;
out:
    rq_ruleset_free(c.rs);
    ctx_free(&c);
    rq_posting_free(&p);
    return rc;
}
