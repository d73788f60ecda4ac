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
