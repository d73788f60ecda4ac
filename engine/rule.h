/*
 * rule.h - the weighted rule set a posting compiles to.
 *
 * Ownership: an rq_ruleset owns its rules and every string and array in
 * them; rq_ruleset_free releases all of it. Strings are UTF-8.
 *
 * Concepts, fields and domains are strings: a concept key of the kb
 * (RQ_TABLE_CONCEPTS, e.g. "child_rights") when the posting's words were
 * recognised, otherwise the requirement's own words (free text, matched as a
 * phrase against the profile), so nothing a recruiter asked for is dropped.
 */
#ifndef RQ_RULE_H
#define RQ_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"
#include "util.h"

typedef enum {
    RQ_CAT_DEGREE,
    RQ_CAT_EXPERIENCE,
    RQ_CAT_LANGUAGE,
    RQ_CAT_KNOWLEDGE,
    RQ_CAT_OTHER,
    RQ_CAT_COUNT
} rq_category;

/* "degree", "experience", ... ; NULL for out of range */
const char *rq_category_name(rq_category c);
/* -1 if unknown */
int rq_category_parse(const char *s);

typedef struct {
    char **items;
    size_t count;
} rq_strlist;

typedef struct {
    char *id;              /* unique within the set, [A-Za-z0-9_.-]+ */
    rq_category category;
    bool required;         /* a knock-out when true */
    double weight;         /* > 0 */
    int source_line;       /* 1-based line in the posting, 0 if none */
    char *source_text;     /* the sentence the rule came from, may be "" */

    /* degree */
    int min_eqf;           /* 1..8 */
    rq_strlist fields;     /* any one suffices; empty = any field */
    bool or_equivalent;    /* "ou équivalent": experience may stand in */

    /* experience */
    bool has_min_years;    /* false: "experience of X" with no duration */
    double min_years;
    rq_strlist domains;    /* experience must show one of these; empty = any */

    /* language */
    rq_strlist languages;  /* ISO 639-1 codes, any one suffices */
    int min_level;         /* 1..6 = A1..C2 */

    /* knowledge / other */
    rq_strlist concepts;
    bool match_any;        /* true: any one concept suffices; false: all asked */
} rq_rule;

typedef struct {
    char *title;           /* may be NULL */
    char *organization;    /* may be NULL */
    char language[3];      /* "fr", "en", "nl" */
    rq_rule *rules;
    size_t count;
    size_t cap;
} rq_ruleset;

rq_ruleset *rq_ruleset_new(void);
void rq_ruleset_free(rq_ruleset *rs);

/* Append a zeroed rule (weight 1, required false) and return it, or NULL on
 * oom. The pointer is valid until the next append. */
rq_rule *rq_ruleset_add(rq_ruleset *rs);

/* Deep copy; NULL on oom. */
rq_ruleset *rq_ruleset_copy(const rq_ruleset *rs);

/* Field-by-field equality (for round-trip tests). */
bool rq_ruleset_equal(const rq_ruleset *a, const rq_ruleset *b);

void rq_rule_clear(rq_rule *r);
/* Copies s; 0 or -1. A list is filled by rq_strlist_add only (it keeps
 * room for the power of two at or above count), starting from {NULL, 0}. */
int rq_strlist_add(rq_strlist *l, const char *s);
void rq_strlist_clear(rq_strlist *l);
bool rq_strlist_has(const rq_strlist *l, const char *s);

/* Human description of what a rule asks, in English, appended to out:
 * "a Master's-level degree (EQF 7) in law or political science",
 * "at least 5 years of experience in team management",
 * "English or French at C1 or better", "knowledge of children's rights".
 * Concept keys are shown by their kb label. Returns 0 or -1 on oom. */
int rq_rule_describe(const rq_rule *rule, const rq_kb *kb, rq_buf *out);

/* Display label of a concept string: the kb label when it is a concept key,
 * else the string itself. */
const char *rq_concept_label(const rq_kb *kb, const char *concept);

/* English name of an ISO 639-1 code ("nl" -> "Dutch", "sw" -> "Swahili"):
 * the first phrase of the code in kb's languages table; the code itself
 * when kb is NULL or does not know it. */
const char *rq_language_name(const rq_kb *kb, const char *code);

#endif
