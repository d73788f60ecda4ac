/*
 * rule.c - the rule set model: construction, deep copy, equality and the
 * plain-English description of a rule.
 *
 * A rule set is a growable array of rules; every string and string list in
 * a rule is owned by the rule, so a copy is a deep copy and freeing the set
 * frees everything. Equality compares what a rule means for its category
 * (a degree rule's min_level is never looked at), so a rule set survives a
 * round trip through a writer that only writes the fields that matter.
 * Descriptions are built from the rule's parameters alone, in English,
 * with concept keys shown by their kb label.
 */
#include "rule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const category_names[RQ_CAT_COUNT] = {
    "degree", "experience", "language", "knowledge", "other",
};

const char *rq_category_name(rq_category c)
{
    if ((int)c < 0 || c >= RQ_CAT_COUNT)
        return NULL;
    return category_names[c];
}

int rq_category_parse(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < RQ_CAT_COUNT; i++)
        if (strcmp(s, category_names[i]) == 0)
            return i;
    return -1;
}

/* ---- string lists ---- */

int rq_strlist_add(rq_strlist *l, const char *s)
{
    char *copy = rq_strdup(s ? s : "");
    if (!copy)
        return -1;
    /* the capacity is the power of two at or above count (lists only grow
     * here): doubling, not one more each time, which under the sanitizers
     * (realloc always copies) made a 50 000-concept rule take minutes */
    size_t n = l->count;
    char **items = n && (n & (n - 1)) ? l->items
                   : realloc(l->items, (n ? 2 * n : 1) * sizeof *items);
    if (!items) {
        free(copy);
        return -1;
    }
    items[l->count++] = copy;
    l->items = items;
    return 0;
}

void rq_strlist_clear(rq_strlist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

bool rq_strlist_has(const rq_strlist *l, const char *s)
{
    if (!l || !s)
        return false;
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i], s) == 0)
            return true;
    return false;
}

static int strlist_copy(rq_strlist *dst, const rq_strlist *src)
{
    dst->items = NULL;
    dst->count = 0;
    for (size_t i = 0; i < src->count; i++) {
        if (rq_strlist_add(dst, src->items[i]) != 0) {
            rq_strlist_clear(dst);
            return -1;
        }
    }
    return 0;
}

static bool strlist_equal(const rq_strlist *a, const rq_strlist *b)
{
    if (a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->items[i], b->items[i]) != 0)
            return false;
    return true;
}

/* ---- rules and rule sets ---- */

void rq_rule_clear(rq_rule *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->source_text);
    rq_strlist_clear(&r->fields);
    rq_strlist_clear(&r->domains);
    rq_strlist_clear(&r->languages);
    rq_strlist_clear(&r->concepts);
    memset(r, 0, sizeof *r);
}

rq_ruleset *rq_ruleset_new(void)
{
    return calloc(1, sizeof(rq_ruleset));
}

void rq_ruleset_free(rq_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->count; i++)
        rq_rule_clear(&rs->rules[i]);
    free(rs->rules);
    free(rs->title);
    free(rs->organization);
    free(rs);
}

rq_rule *rq_ruleset_add(rq_ruleset *rs)
{
    if (rs->count == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 8;
        rq_rule *rules = realloc(rs->rules, cap * sizeof *rules);
        if (!rules)
            return NULL;
        rs->rules = rules;
        rs->cap = cap;
    }
    rq_rule *r = &rs->rules[rs->count++];
    memset(r, 0, sizeof *r);
    r->weight = 1.0;
    return r;
}

static int rule_copy(rq_rule *dst, const rq_rule *src)
{
    *dst = *src;
    dst->id = NULL;
    dst->source_text = NULL;
    memset(&dst->fields, 0, sizeof dst->fields);
    memset(&dst->domains, 0, sizeof dst->domains);
    memset(&dst->languages, 0, sizeof dst->languages);
    memset(&dst->concepts, 0, sizeof dst->concepts);
    if ((src->id && !(dst->id = rq_strdup(src->id))) ||
        (src->source_text && !(dst->source_text = rq_strdup(src->source_text))) ||
        strlist_copy(&dst->fields, &src->fields) != 0 ||
        strlist_copy(&dst->domains, &src->domains) != 0 ||
        strlist_copy(&dst->languages, &src->languages) != 0 ||
        strlist_copy(&dst->concepts, &src->concepts) != 0) {
        rq_rule_clear(dst);
        return -1;
    }
    return 0;
}

rq_ruleset *rq_ruleset_copy(const rq_ruleset *rs)
{
    if (!rs)
        return NULL;
    rq_ruleset *c = rq_ruleset_new();
    if (!c)
        return NULL;
    memcpy(c->language, rs->language, sizeof c->language);
    if ((rs->title && !(c->title = rq_strdup(rs->title))) ||
        (rs->organization && !(c->organization = rq_strdup(rs->organization))))
        goto fail;
    if (rs->count) {
        c->rules = calloc(rs->count, sizeof *c->rules);
        if (!c->rules)
            goto fail;
        c->cap = rs->count;
        for (size_t i = 0; i < rs->count; i++) {
            if (rule_copy(&c->rules[i], &rs->rules[i]) != 0)
                goto fail;
            c->count = i + 1;
        }
    }
    return c;
fail:
    rq_ruleset_free(c);
    return NULL;
}

/* NULL and "" are the same: "no text". */
static bool str_equal(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Numbers pass through text (rules files, JSON) between the two sides of
 * a round trip, so allow for the last bits of a printed double. */
static bool num_equal(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static bool rule_equal(const rq_rule *a, const rq_rule *b)
{
    if (!str_equal(a->id, b->id) || a->category != b->category ||
        a->required != b->required || !num_equal(a->weight, b->weight) ||
        a->source_line != b->source_line ||
        !str_equal(a->source_text, b->source_text))
        return false;
    switch (a->category) {
    case RQ_CAT_DEGREE:
        return a->min_eqf == b->min_eqf && a->or_equivalent == b->or_equivalent &&
               strlist_equal(&a->fields, &b->fields);
    case RQ_CAT_EXPERIENCE:
        if (a->has_min_years != b->has_min_years)
            return false;
        if (a->has_min_years && !num_equal(a->min_years, b->min_years))
            return false;
        return strlist_equal(&a->domains, &b->domains);
    case RQ_CAT_LANGUAGE:
        return a->min_level == b->min_level &&
               strlist_equal(&a->languages, &b->languages);
    case RQ_CAT_KNOWLEDGE:
    case RQ_CAT_OTHER:
        return a->match_any == b->match_any &&
               strlist_equal(&a->concepts, &b->concepts);
    default:
        return true;
    }
}

bool rq_ruleset_equal(const rq_ruleset *a, const rq_ruleset *b)
{
    if (a == b)
        return true;
    if (!a || !b)
        return false;
    if (!str_equal(a->title, b->title) ||
        !str_equal(a->organization, b->organization) ||
        strncmp(a->language, b->language, sizeof a->language) != 0 ||
        a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++)
        if (!rule_equal(&a->rules[i], &b->rules[i]))
            return false;
    return true;
}

/* ---- descriptions ---- */

const char *rq_concept_label(const rq_kb *kb, const char *concept)
{
    if (!concept)
        return "";
    if (kb) {
        long e = rq_kb_find(kb, RQ_TABLE_CONCEPTS, concept);
        if (e >= 0) {
            const char *label = rq_kb_label(kb, RQ_TABLE_CONCEPTS, (uint32_t)e);
            if (label && *label)
                return label;
        }
    }
    return concept;
}

/* The English name of a language is the first phrase of its code in the
 * kb's languages table (languages.txt): one list, not two. */
const char *rq_language_name(const rq_kb *kb, const char *code)
{
    if (!code)
        return "";
    long e = kb ? rq_kb_find(kb, RQ_TABLE_LANGUAGES, code) : -1;
    const char *name = e >= 0 ? rq_kb_label(kb, RQ_TABLE_LANGUAGES, (uint32_t)e) : NULL;
    return name ? name : code;
}

static const char *const eqf_names[9] = {
    NULL, "basic education", "lower secondary", "vocational certificate",
    "secondary school", "short-cycle higher education", "bachelor",
    "master", "doctorate",
};

static const char *const cefr_names[7] = {NULL, "A1", "A2", "B1", "B2", "C1", "C2"};

/* "a", "a and b", "a, b and c" (conj = "and" / "or"); concept strings are
 * shown by label when labels is true. */
static void put_list(rq_buf *out, const rq_strlist *l, const char *conj,
                     const rq_kb *kb, bool labels, bool languages)
{
    for (size_t i = 0; i < l->count; i++) {
        if (i > 0)
            rq_buf_puts(out, i + 1 == l->count ? conj : ", ");
        const char *s = l->items[i];
        if (languages)
            s = rq_language_name(kb, s);
        else if (labels)
            s = rq_concept_label(kb, s);
        rq_buf_puts(out, s);
    }
}

static void put_years(rq_buf *out, double years)
{
    if (years == floor(years))
        rq_buf_printf(out, "%.0f year%s", years, years == 1.0 ? "" : "s");
    else
        rq_buf_printf(out, "%g years", years);
}

int rq_rule_describe(const rq_rule *rule, const rq_kb *kb, rq_buf *out)
{
    switch (rule->category) {
    case RQ_CAT_DEGREE:
        if (rule->min_eqf >= 1 && rule->min_eqf <= 8)
            rq_buf_printf(out, "a degree at EQF level %d (%s) or higher",
                          rule->min_eqf, eqf_names[rule->min_eqf]);
        else
            rq_buf_puts(out, "a degree");
        if (rule->fields.count) {
            rq_buf_puts(out, " in ");
            put_list(out, &rule->fields, " or ", kb, true, false);
        }
        if (rule->or_equivalent)
            rq_buf_puts(out, ", or equivalent experience");
        break;
    case RQ_CAT_EXPERIENCE:
        if (rule->has_min_years) {
            rq_buf_puts(out, "at least ");
            put_years(out, rule->min_years);
            rq_buf_puts(out, " of experience");
        } else {
            rq_buf_puts(out, "experience");
        }
        if (rule->domains.count) {
            rq_buf_puts(out, " in ");
            put_list(out, &rule->domains, " or ", kb, true, false);
        }
        break;
    case RQ_CAT_LANGUAGE:
        if (rule->languages.count)
            put_list(out, &rule->languages, " or ", kb, false, true);
        else
            rq_buf_puts(out, "a language");
        if (rule->min_level >= 1 && rule->min_level <= 6)
            rq_buf_printf(out, " at %s or better", cefr_names[rule->min_level]);
        break;
    case RQ_CAT_KNOWLEDGE:
    case RQ_CAT_OTHER:
        if (rule->category == RQ_CAT_KNOWLEDGE)
            rq_buf_puts(out, "knowledge of ");
        if (rule->concepts.count)
            put_list(out, &rule->concepts, rule->match_any ? " or " : " and ", kb,
                     true, false);
        else
            rq_buf_puts(out, "(nothing stated)");
        break;
    default:
        rq_buf_puts(out, "(unknown requirement)");
        break;
    }
    return out->oom ? -1 : 0;
}
