/*
 * rules.h - getting a rule set from a posting, and writing it back.
 *
 *   rulesfile.c   the .rules text format: parse (with file:line:col
 *                 diagnostics) and write; write(parse(x)) == x.
 *   rulejson.c    the rule set as the contract's JSON (cJSON).
 *   jobposting.c  schema.org JobPosting JSON-LD -> rule set.
 *   compiler.c    plain-text posting (fr/en/nl) -> rule set.
 *   posting.c     rq_posting_load: picks one of the above.
 *
 * Ownership: rule sets returned through **out belong to the caller
 * (rq_ruleset_free). Nothing here prints or exits.
 */
#ifndef RQ_RULES_H
#define RQ_RULES_H

#include <stddef.h>

#include "kb.h"
#include "rule.h"
#include "util.h"

/* ---- .rules files ---- */

/* Parse a rules file. Every problem is a diagnostic with file, line and
 * column. Returns 0 and *out when there is no error (warnings allowed),
 * else -1 and *out = NULL. Concept keys unknown to kb are accepted as free
 * text (an RQ_SEV_NOTE says so). kb may be NULL (no code or concept checks).
 * The format is described at the top of rules/rulesfile.c and in the README. */
int rq_rules_parse(const char *text, size_t len, const char *file,
                   const rq_kb *kb, rq_ruleset **out, rq_diags *diags);

/* Write rs in the .rules format to out. Returns 0 or -1 on oom. */
int rq_rules_write(const rq_ruleset *rs, rq_buf *out);

/* ---- JSON (contract: compile --format json, and the "rules" array) ---- */

/* Returns a cJSON* (declared void* so this header stays cJSON-free). */
void *rq_ruleset_to_json(const rq_ruleset *rs);          /* {"posting":..,"rules":[..]} */
void *rq_posting_to_json(const rq_ruleset *rs);          /* {"title","organization","language"} */
void *rq_rules_to_json(const rq_ruleset *rs);            /* [RULE, ...] */
void *rq_rule_to_json(const rq_rule *r);

/* ---- schema.org JobPosting ---- */

/* Compile a JobPosting (at the root, in an array or in an @graph).
 * Returns 0 and *out (a warning when it holds no rule), or -1 with an
 * error: a NUL byte or invalid UTF-8 (line:col), invalid JSON (line:col),
 * no JobPosting in the document. */
int rq_jobposting_compile(const char *json, size_t len, const char *file,
                          const rq_kb *kb, rq_ruleset **out, rq_diags *diags);

/* Plain text of an HTML fragment (a JobPosting description): tags
 * dropped, <p> <hN> <ul> <ol> <table> set apart by a blank line, <br>
 * <div> <li> <tr> end a line, <li> starts "- ",
 * entities decoded (named ones of fr/en text and &#N; &#xN;). Text without
 * tags keeps its line breaks. Caller frees; NULL on oom. */
char *rq_html_to_text(const char *html);

/* ---- plain-text postings ---- */

typedef struct {
    /* weight policy (see README "Weights"); defaults by RQ_COMPILE_OPTS_INIT */
    double weight_required;    /* base weight of a required rule */
    double weight_preferred;   /* base weight of a preferred rule */
    double category_factor[5]; /* per rq_category */
    double emphasis_factor;    /* "excellente", "approfondie", "solide", "strong" */
} rq_compile_opts;

#define RQ_COMPILE_OPTS_INIT {2.0, 1.0, {1.0, 1.5, 1.0, 1.0, 0.5}, 1.5}

/* Compile a posting. Warnings (RQ_SEV_WARNING, with line) list the
 * requirement clauses that produced no rule. Returns 0 and *out (possibly
 * with zero rules, plus a warning), or -1 on unusable input (not UTF-8 text,
 * binary, empty). */
int rq_compile_text(const char *text, size_t len, const char *file,
                    const rq_kb *kb, const rq_compile_opts *opts,
                    rq_ruleset **out, rq_diags *diags);

/* rq_jobposting_compile with the text compiler's weight policy (the
 * description is compiled with it, structured rules weighed by it);
 * opts NULL means RQ_COMPILE_OPTS_INIT. */
int rq_jobposting_compile_opts(const char *json, size_t len, const char *file,
                               const rq_kb *kb, const rq_compile_opts *opts,
                               rq_ruleset **out, rq_diags *diags);

/* ---- any posting ---- */

/* Load POSTING per the contract: .rules -> parse; .json/.jsonld ->
 * JobPosting; anything else (.txt, .md, no extension) -> text compiler.
 * A .json whose root is not a JobPosting is an error. "-" reads stdin as
 * text (diagnostics name it "<stdin>"). A file with a NUL byte or invalid
 * UTF-8 (other than .rules, which reports line:col) is refused with one
 * error "not a text posting (binary or invalid UTF-8 at byte N)", N the
 * 0-based offset; an unreadable file gives strerror ("No such file or
 * directory"). opts NULL means RQ_COMPILE_OPTS_INIT. */
int rq_posting_load(const char *path, const rq_kb *kb,
                    const rq_compile_opts *opts, rq_ruleset **out,
                    rq_diags *diags);

#endif
