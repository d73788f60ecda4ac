/*
 * eval.h - evaluating an analysed profile against a rule set, ranking,
 * and the gap analysis.
 *
 * Each rule yields a satisfaction in [0,1] and a status:
 *   met      satisfaction == 1
 *   partial  0 < satisfaction < 1
 *   unmet    satisfaction == 0
 *   unknown  the profile cannot tell (e.g. an unrecognised fluency for the
 *            asked language); satisfaction 0 in the score, flagged for a
 *            person, and not counted against eligibility.
 * score = 100 * sum(weight * satisfaction) / sum(weight)
 * eligible = every required rule is met or unknown.
 * Order: eligible first, then score descending, then id ascending (bytewise).
 *
 * Ownership: an rq_evaluation owns its results and their strings; it points
 * to (does not own) the profile it was made from.
 */
#ifndef RQ_EVAL_H
#define RQ_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"
#include "profile.h"
#include "rule.h"

typedef enum { RQ_MET, RQ_PARTIAL, RQ_UNMET, RQ_UNKNOWN } rq_status;

const char *rq_status_name(rq_status s); /* "met", "partial", "unmet", "unknown" */

typedef struct {
    rq_status status;
    double satisfaction;   /* 0..1 */
    char **evidence;       /* paths like "work[2].highlights[0]" */
    size_t nevidence;
    char *gap;             /* NULL when met; else one sentence in the rule's unit */
    char *shows;           /* what the profile shows, short ("3.9 years", "B2", "EQF 6"), may be NULL */
    double years;          /* experience: years counted */
    int level;             /* language: 1..6 A1..C2, 7 native, 0 none */
    int eqf;               /* degree: best EQF found, 0 none */
} rq_result;

typedef struct {
    const rq_profile *profile;
    double score;          /* 0..100 */
    double category_score[5]; /* per rq_category, 0..100, -1 when the set has no rule of it */
    bool eligible;
    int rank;              /* 1-based, set by rq_rank */
    rq_result *results;    /* one per rule, in rule order */
    size_t nresults;
} rq_evaluation;

typedef struct {
    const rq_kb *kb;
    int as_of;             /* month index */
} rq_eval_opts;

/* Evaluate p against rs. Returns 0, or -1 on oom (out is then cleared). */
int rq_evaluate(const rq_ruleset *rs, const rq_profile *p,
                const rq_eval_opts *opts, rq_evaluation *out);
void rq_evaluation_clear(rq_evaluation *e);

/* Whether evaluating rs with kb reads the profiles' folded texts: a
 * concept, a domain or a field that kb does not know (or any, without a
 * kb) is looked for as free text. When false, profiles can be parsed
 * with rq_profile_opts.no_folded and give the same results. */
bool rq_rules_use_text(const rq_ruleset *rs, const rq_kb *kb);

/* The concepts of kb that evaluating rs[0..n) can read in a profile, a
 * bit each (rq_kb_count(kb, RQ_TABLE_CONCEPTS) bits, caller frees): for
 * each concept, domain and field of the rules that kb knows, itself,
 * the narrower ones (rq_kb_covers) and the related ones (rq_kb_related),
 * which are all that eval_* and the scorers look for. Profiles parsed
 * with it as rq_profile_opts.concepts give the same results against
 * rs[0..n). NULL without a kb, or on oom (then record every concept). */
uint64_t *rq_rules_concepts_read(const rq_ruleset *const *rs, size_t n, const rq_kb *kb);

/* Sort by the contract order and set rank 1..n. */
void rq_rank(rq_evaluation *evals, size_t n);
/* qsort comparator for the contract order */
int rq_evaluation_cmp(const rq_evaluation *a, const rq_evaluation *b);

typedef struct {
    size_t rule;           /* index in the rule set */
    double score_gain;     /* points of score gained by fully meeting it */
    bool makes_eligible;   /* meeting it is (part of) what blocks eligibility */
} rq_improvement;

/* Improvements for every rule not met, largest gain first (ties: rule
 * order). *out is malloc'd; caller frees. Returns 0 or -1 on oom. */
int rq_improvements(const rq_ruleset *rs, const rq_evaluation *e,
                    rq_improvement **out, size_t *n);

#endif
