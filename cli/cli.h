/*
 * cli.h - what the parts of the reqmatch program share: the parsed
 * command line, output (atomic files, stdout), diagnostics on stderr,
 * progress, and the steps every command repeats (kb, posting, profiles).
 *
 * The program owns stderr and the exit status; the libraries below it
 * never print. Exit status: 0 all inputs used, 2 output produced but some
 * inputs rejected, 1 nothing produced.
 */
#ifndef RQ_CLI_H
#define RQ_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "eval.h"
#include "kb.h"
#include "profile.h"
#include "report.h"
#include "rule.h"
#include "score.h"
#include "util.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_PARTIAL = 2 };

typedef struct {
    const char **items;
    size_t count;
} cli_list;

typedef struct {
    const char *command;
    cli_list args;           /* positionals after the command */
    cli_list postings;       /* match --postings */
    cli_list profiles;       /* match --profiles */
    cli_list lexicons;       /* --lexicon, repeatable */
    const char *output;      /* -o; NULL = stdout */
    const char *format;      /* --format; NULL = from -o, else default */
    long top;                /* --top; 0 = all */
    const char *as_of;       /* --as-of text; NULL = today */
    long jobs;               /* --jobs; 0 = the number of online CPUs */
    long shard, nshards;     /* --shard I/N (I 1-based); nshards 0 = no sharding */
    bool anonymize, quiet, verbose, help, version;
    unsigned seen;           /* CLI_OPT_* bits given on the command line */
} cli_opts;

enum {
    CLI_OPT_OUTPUT = 1u << 0,
    CLI_OPT_FORMAT = 1u << 1,
    CLI_OPT_TOP = 1u << 2,
    CLI_OPT_AS_OF = 1u << 3,
    CLI_OPT_ANONYMIZE = 1u << 4,
    CLI_OPT_POSTINGS = 1u << 5,
    CLI_OPT_PROFILES = 1u << 6,
};

/* ---- messages (stderr) ---- */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "file:line:col: severity: path: message" for each diag at or above
 * min severity (RQ_SEV_ERROR shows errors only, RQ_SEV_NOTE everything). */
void cli_print_diags(const rq_diags *d, rq_severity min);

/* ---- output ---- */
/* Write data to path atomically (FILE.tmp-PID, fsync, rename), or to
 * stdout when path is NULL or "-", or in place to a path that exists and is
 * not a regular file (/dev/null, a FIFO; see cli_output_in_place). Returns
 * 0, or -1 after an error message (the old file, if any, is untouched). */
int cli_write(const char *path, const char *data, size_t len);
/* true when path exists and is not a regular file (a device such as
 * /dev/null, a FIFO): it is written in place, never replaced by the
 * temporary file's rename (which, run as root, would turn /dev/null into
 * a plain file). */
bool cli_output_in_place(const char *path);
/* The same, written piece by piece (output larger than memory): open,
 * write any number of times, then close (fsync and rename; the message
 * on failure) or abort (nothing left behind). */
typedef struct {
    const char *path;
    char *tmp;               /* NULL: stdout */
    int fd;
    bool in_place;           /* a device or FIFO written directly */
    bool failed;
    int err;
} cli_out;
int cli_out_open(cli_out *o, const char *path);
int cli_out_write(cli_out *o, const char *data, size_t len);
int cli_out_close(cli_out *o);
void cli_out_abort(cli_out *o);
/* the format an output path asks for (".json" -> "json"), or NULL */
const char *cli_format_from_path(const char *path);
/* ANSI colour on stdout: a terminal, NO_COLOR unset or empty, TERM not dumb */
bool cli_stdout_color(const char *output);

/* ---- progress on stderr (terminal only, not with -q, after 1 s) ---- */
typedef struct {
    bool enabled;
    bool shown;
    double start;
    double last;
} cli_progress;
void cli_progress_start(cli_progress *p, bool quiet);
void cli_progress_tick(cli_progress *p, size_t n, const char *what);
void cli_progress_end(cli_progress *p);

/* ---- shared steps ---- */
int cli_kb_load(const cli_opts *o, rq_kb **kb);
/* Load and compile a posting; errors (and warnings when show_warnings)
 * on stderr. Returns 0 or -1. */
int cli_posting_load(const char *path, const rq_kb *kb, bool show_warnings,
                     rq_ruleset **rs, char **first_error);
/* as_of from --as-of or today; -1 after an error message */
int cli_as_of(const cli_opts *o, int *month, char text[11]);

/* One posting x candidate result of match: what the scoring program
 * writes, one per posting. */
typedef rq_score cli_cell;

/* Profiles: rejections are printed and kept; accepted profiles are either
 * kept (rs == NULL and no match_rs), evaluated and kept (all, or the best
 * `top` in a bounded heap whose losers are freed at once), or, for match,
 * scored against every match_rs and handed to match_sink as their id and
 * one cell per posting (the profile itself is freed at once). Parsing and
 * evaluation run on `jobs` threads; results arrive in input order, so
 * the outcome does not depend on jobs. */
typedef struct {
    const rq_ruleset *rs;
    rq_eval_opts eval_opts;
    size_t top;                 /* 0 = keep all */
    rq_evaluation *evals;
    size_t nevals, cap;
    rq_profile **profiles;      /* when rs == NULL */
    size_t nprofiles, pcap;
    size_t ncandidates;
    rq_rejected *rejected;
    size_t nrejected, rcap;
    bool oom;
    bool quiet;                 /* no progress */
    bool anonymize;             /* id and source -> pseudonym, name -> NULL
                                 * on arrival, so ties rank by pseudonym */
    cli_progress progress;
    unsigned jobs;              /* worker threads, 0/1 = none */
    unsigned shard, nshards;    /* only documents with index % nshards == shard */
    unsigned long doc_index;
    rq_ruleset *const *match_rs; /* match: postings to evaluate against */
    size_t match_np;
    /* match: each candidate's id and cells (one per posting), in input
     * order, on the calling thread; 0, or -1 on oom */
    int (*match_sink)(void *ctx, const char *id, const cli_cell *cells);
    void *match_ctx;
    size_t match_nc;            /* candidates handed to match_sink */
    rq_scorer *scorer;          /* rank --top: fast scores choose the kept */
    rq_scorer **match_scorers;  /* match: one per posting */
    rq_score_program *match_program; /* match: the scorers' shared atoms */
    rq_score_view **views;      /* one per worker */
    unsigned nviews;
} cli_pool;

/* the pool's threading and sharding options from the command line */
void cli_pool_options(cli_pool *pool, const cli_opts *o);

int cli_pool_load(cli_pool *pool, const cli_list *paths,
                  const rq_profile_opts *popts, bool show_warnings);
int cli_pool_add_rejected(cli_pool *pool, const char *source, const char *error);
void cli_pool_free(cli_pool *pool);

/* ---- commands ---- */
int cli_compile(const cli_opts *o);
int cli_check(const cli_opts *o);
int cli_rank(const cli_opts *o);
int cli_gap(const cli_opts *o);
int cli_match(const cli_opts *o);
int cli_merge(const cli_opts *o);

#endif
