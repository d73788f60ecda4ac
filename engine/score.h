/*
 * score.h - fast scoring: the score and eligibility of analysed profiles
 * against rule sets, and nothing else (no evidence, no sentences).
 *
 * rq_evaluate explains a result; keeping the best 100 of a million
 * profiles, or scoring every profile against a hundred postings, needs
 * only the numbers. A scorer compiles a rule set once: concept keys are
 * resolved, and each lexicon concept of a rule becomes two bit sets over
 * the kb's concepts, those that count as it (itself and every narrower
 * one) and those that count as related (broader, sibling). A profile is
 * prepared once in a view (its concepts as a bit set) and then scored
 * against any number of scorers with a few bit tests and a merge of a
 * handful of month periods per rule, without allocating.
 * A program of scorers (rq_score_program) scores a profile against
 * many postings at once, working out what their rules share once.
 *
 * The numbers are exactly rq_evaluate's: the same satisfaction for every
 * rule, added up in the same order with the same arithmetic
 * (tests/test_score.c compares them over the samples and generated
 * profiles), so ranking by fast scores and by full evaluations agree.
 *
 * Ownership: a scorer keeps pointers to neither the rule set nor the
 * options it was made from, but to the kb (which must outlive it). A view
 * borrows the profile given to rq_score_view_set until the next call.
 * Scorers are immutable: share one between threads; a view is one
 * thread's.
 */
#ifndef RQ_SCORE_H
#define RQ_SCORE_H

#include <stdbool.h>

#include "eval.h"
#include "profile.h"
#include "rule.h"

typedef struct rq_scorer rq_scorer;
typedef struct rq_score_view rq_score_view;

typedef struct {
    double score;   /* 0..100, as rq_evaluation.score */
    bool eligible;  /* as rq_evaluation.eligible */
} rq_score;

/* Compile rs for scoring with opts (kb, as_of). NULL on oom. */
rq_scorer *rq_scorer_new(const rq_ruleset *rs, const rq_eval_opts *opts);
void rq_scorer_free(rq_scorer *s);

/* A view for profiles scored with scorers built on kb (may be NULL). NULL on oom. */
rq_score_view *rq_score_view_new(const rq_kb *kb);
void rq_score_view_free(rq_score_view *v);
/* Prepare v for p. */
void rq_score_view_set(rq_score_view *v, const rq_profile *p);

/* Score the view's profile against s. Returns 0, or -1 on oom (only
 * free-text concepts can need memory). */
int rq_score_get(const rq_scorer *s, rq_score_view *v, rq_score *out);

/* A program scores a view against n scorers at once (match: a hundred
 * postings). The rules of all the scorers are compiled into atoms, the
 * distinct values the rules ask of a profile, whatever their thresholds:
 * the months of experience in a set of domains, the best level among a
 * set of languages, the best degree level per fit with a set of fields,
 * the credit of a list of concepts. Two postings asking for experience
 * in the same domains, with different minimum years, share one atom.
 * Each scorer becomes a list of ops (atom, thresholds, weight, required).
 * Running the program works out each atom once for the view's profile,
 * then each score from its ops in rule order: the same doubles as
 * rq_score_get with each scorer.
 *
 * The program borrows the scorers (which must outlive it) and is
 * immutable: share one between threads. The atoms' values live in the
 * view (O(atoms) per view, not per posting), and so does the index of
 * word stems that free-text concepts are found with (the size of the
 * largest profile's texts, not growing with the number of profiles). */
typedef struct rq_score_program rq_score_program;

/* Compile s[0..n) (scorers built on the same kb). NULL on oom or when
 * the scorers do not share a kb. */
rq_score_program *rq_score_program_new(const rq_scorer *const *s, size_t n);
void rq_score_program_free(rq_score_program *g);
/* The number of distinct atoms, and of distinct (atom, thresholds)
 * measures (for benchmarks and tests). */
size_t rq_score_program_atoms(const rq_score_program *g);
size_t rq_score_program_measures(const rq_score_program *g);
/* The profile's side of a run, on its own: every atom of g worked out
 * for the view's profile (the years in each set of domains asked, the
 * best level among each set of languages, ...), the compact form the
 * scores are then computed from. rq_score_program_run does it when it
 * was not done for this program since rq_score_view_set; calling it
 * first only splits the work in two (match_bench times the two parts).
 * Returns 0, or -1 on oom. */
int rq_score_program_prepare(const rq_score_program *g, rq_score_view *v);
/* Score the view's profile against every scorer: out[i] as rq_score_get
 * with s[i]. Returns 0, or -1 on oom (out is then unspecified). */
int rq_score_program_run(const rq_score_program *g, rq_score_view *v, rq_score *out);

#endif
