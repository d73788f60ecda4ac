/*
 * report.h - turning evaluations into what people read.
 *
 *   text.c   terminal table (rank) and plain gap report
 *   json.c   the contract's JSON (rank and gap)
 *   csv.c    RFC 4180 CSV, formula-looking cells neutralised
 *   md.c     Markdown (rank shortlist, gap report)
 *   html.c   self-contained HTML gap report
 *   xlsx.c   the shortlist workbook (libxlsxwriter, constant memory)
 *
 * Writers append to an rq_buf (text formats) or write a file (xlsx); the
 * CLI does the atomic rename. Nothing here prints or exits.
 */
#ifndef RQ_REPORT_H
#define RQ_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "eval.h"
#include "kb.h"
#include "rule.h"
#include "util.h"

typedef struct {
    char *source;              /* file or "file:line" */
    char *error;               /* one line */
} rq_rejected;

typedef struct {
    const rq_ruleset *rules;
    const rq_kb *kb;
    const char *posting_path;  /* as given on the command line */
    int as_of;                 /* month index */
    const char *as_of_text;    /* "YYYY-MM-DD" */
    rq_evaluation *evals;      /* ranked (rq_rank done) */
    size_t nevals;             /* how many to show (after --top) */
    size_t ncandidates;        /* how many were evaluated in all */
    const rq_rejected *rejected;
    size_t nrejected;
    bool anonymize;            /* name -> null, id -> pseudonym */
    bool color;                /* ANSI colour in text output */
} rq_report;

/* Stable pseudonym for --anonymize: "cand-" + 8 hex digits of a hash of
 * the candidate id. Writes into buf (>= 16 bytes). */
const char *rq_pseudonym(const char *id, char *buf, size_t bufsz);

/* The id and name a report shows for e (honours anonymize). */
const char *rq_report_id(const rq_report *r, const rq_evaluation *e, char *buf, size_t bufsz);
const char *rq_report_name(const rq_report *r, const rq_evaluation *e);

/* The source a report shows for e: the pseudonym when anonymizing (a file
 * name can name the person), else the profile's source. */
const char *rq_report_source(const rq_report *r, const rq_evaluation *e, char *buf, size_t bufsz);

/* ---- the Ranking columns ----
 * The workbook's Ranking sheet and the CSV have the same columns, in the
 * same order, with the same headers: rank, candidate, name, eligible,
 * score; one score per category the rule set uses (in category order);
 * then for each rule its status and the value behind it. */
typedef enum {
    RQ_COL_RANK, RQ_COL_ID, RQ_COL_NAME, RQ_COL_ELIGIBLE, RQ_COL_SCORE,
    RQ_COL_CATEGORY,           /* category score, 0..100 */
    RQ_COL_STATUS,             /* met / partial / unmet / unknown */
    RQ_COL_VALUE               /* EQF, years, CEFR level or share, by category */
} rq_column_kind;

typedef struct {
    rq_column_kind kind;
    rq_category category;      /* RQ_COL_CATEGORY */
    size_t rule;               /* RQ_COL_STATUS, RQ_COL_VALUE: index in the set */
} rq_column;

/* The columns for rs. *out is malloc'd (caller frees). Returns 0 or -1
 * on oom. */
int rq_rank_columns(const rq_ruleset *rs, rq_column **out, size_t *n);

/* Appends the header of column c: "Rank", "Candidate", "Name",
 * "Eligible", "Score", "experience score", "degree-1 (required)",
 * "degree-1 EQF", "experience-1 years", "language-1 level",
 * "knowledge-1 share". Returns -1 on oom. */
int rq_rank_column_header(const rq_ruleset *rs, const rq_column *c, rq_buf *out);

/* x rounded to `decimals` places: every format shows the same numbers
 * (scores and shares 2 places, years 1). */
double rq_report_round(double x, int decimals);

/* The shortfall of a rule that is not met, in the rule's own unit and in
 * a few words, appended to out: "0.9 years", "1 CEFR level (B2 -> C1)"
 * (with a real arrow), "1 EQF level (EQF 5 -> 6)", "language not listed",
 * "no degree", "field of study", "2 of 3 concepts", "not shown in the
 * profile",
 * "related evidence only", or "check by hand" for an unknown. Appends
 * nothing for a met rule. Returns -1 on oom. */
int rq_report_shortfall(const rq_rule *rule, const rq_result *res, rq_buf *out);

/* What the profile shows for a rule, never empty: the engine's short
 * finding ("4.1 years", "B2", "EQF 6", "1 of 2") with the unit spelt out
 * where it is missing ("1 of 2 concepts found"), or "found" (met),
 * "nothing found", "related evidence only", "not recognised" when the
 * engine has none.
 * Appended to out; returns -1 on oom. */
int rq_report_shows(const rq_rule *rule, const rq_result *res, rq_buf *out);

/* Shared by the writers and the CLI's match output:
 * one RFC 4180 CSV field (quoted when needed; cells a spreadsheet would run
 * as a formula get a leading '); and a cJSON tree (given as void*) printed
 * deterministically with 2-space indentation and a final newline. */
int rq_csv_field(rq_buf *out, const char *text);
int rq_json_print(const void *json, rq_buf *out);
/* One value as it appears at nesting depth `depth` of a document printed
 * by rq_json_print (its inner lines indented accordingly), without the
 * leading indentation or a newline: for documents written piece by piece. */
int rq_json_print_at(const void *json, int depth, rq_buf *out);
/* One value on one line (members separated by ", ", keys by ": "), then
 * a newline: a line of JSON Lines. */
int rq_json_print_line(const void *json, rq_buf *out);

/* rank */
int rq_report_rank_text(const rq_report *r, rq_buf *out);
int rq_report_rank_json(const rq_report *r, rq_buf *out);
/* JSON Lines: one line per candidate (the contract's CANDIDATE object,
 * best first), then one {"source", "error"} line per rejected input. The
 * format of map tasks; reqmatch merge combines such outputs. */
int rq_report_rank_jsonl(const rq_report *r, rq_buf *out);
int rq_report_rank_csv(const rq_report *r, rq_buf *out);
int rq_report_rank_md(const rq_report *r, rq_buf *out);
/* writes path directly (the CLI passes a temporary path and renames) */
int rq_report_rank_xlsx(const rq_report *r, const char *path, rq_diags *diags);

/* gap: r->nevals == 1 */
int rq_report_gap_text(const rq_report *r, rq_buf *out);
int rq_report_gap_json(const rq_report *r, rq_buf *out);
int rq_report_gap_md(const rq_report *r, rq_buf *out);
int rq_report_gap_html(const rq_report *r, rq_buf *out);

#endif
