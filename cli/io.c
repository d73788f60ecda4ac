/*
 * io.c - the program's contact with the outside: messages on stderr,
 * output files written atomically, progress, and the steps every command
 * repeats (building the kb, loading the posting, loading profiles).
 *
 * Output files are never half-written: the data goes to FILE.tmp-PID in
 * the same directory (so rename is atomic), is fsync'ed, then renamed over
 * FILE. On any failure the temporary file is removed and an existing FILE
 * is left as it was.
 *
 * Profiles are streamed: each accepted profile is evaluated as it arrives.
 * With --top N only the best N are kept, in a heap whose root is the worst
 * kept one; a newcomer that beats the root replaces it and the loser's
 * profile is freed at once, so memory stays bounded by N whatever the
 * size of the pool. With --top the workers only score (engine/score.h,
 * the same numbers as rq_evaluate) and the N kept are evaluated in full
 * at the end: explaining a million candidates to keep a hundred would be
 * most of the work.
 *
 * Parsing and evaluation run in the engine's pipeline (pipeline.h): with
 * --jobs N, N worker threads parse, analyse and evaluate; the heap, the
 * rejection list and the messages are fed on this thread in input order,
 * which is why the output is byte-identical to one thread's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "pipeline.h"
#include "rules.h"

void cli_error(const char *fmt, ...)
{
    /* the message may quote an argument: one printable line all the same */
    rq_buf b = RQ_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    rq_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    char *line = b.oom ? NULL : rq_one_line(b.data ? b.data : "");
    fprintf(stderr, "reqmatch: %s\n", line ? line : "out of memory");
    free(line);
    rq_buf_free(&b);
}

static const char *severity_name(rq_severity s)
{
    switch (s) {
    case RQ_SEV_ERROR: return "error";
    case RQ_SEV_WARNING: return "warning";
    default: return "note";
    }
}

static void print_diag(const rq_diag *g)
{
    if (g->file) {
        fputs(g->file, stderr);
        if (g->line > 0)
            fprintf(stderr, ":%d", g->line);
        if (g->line > 0 && g->col > 0)
            fprintf(stderr, ":%d", g->col);
        fputs(": ", stderr);
    } else {
        fputs("reqmatch: ", stderr);
    }
    fprintf(stderr, "%s: ", severity_name(g->severity));
    if (g->path)
        fprintf(stderr, "%s: ", g->path);
    fprintf(stderr, "%s\n", g->message ? g->message : "");
}

void cli_print_diags(const rq_diags *d, rq_severity min)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity <= min)
            print_diag(&d->items[i]);
}

/* The pipeline's warnings, printed as they come (not kept: a pool of a
 * million profiles may warn about each), or dropped with -q */
static void stream_warning(void *ctx, const rq_diag *g)
{
    if (*(const bool *)ctx)
        print_diag(g);
}

/* ---- output ---- */

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

bool cli_output_in_place(const char *path)
{
    struct stat st;
    return path && strcmp(path, "-") != 0 && stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

int cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    if (!path || strcmp(path, "-") == 0) {
        o->fd = STDOUT_FILENO;
        return 0;
    }
    if (cli_output_in_place(path)) {
        o->in_place = true;
        o->fd = open(path, O_WRONLY | O_TRUNC);
        if (o->fd < 0) {
            cli_error("cannot write '%s': %s", path, strerror(errno));
            return -1;
        }
        return 0;
    }
    o->tmp = rq_sprintf("%s.tmp-%ld", path, (long)getpid());
    if (!o->tmp) {
        cli_error("out of memory");
        return -1;
    }
    o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (o->fd < 0) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    return 0;
}

int cli_out_write(cli_out *o, const char *data, size_t len)
{
    if (o->failed)
        return -1;
    if (o->tmp || o->in_place ? write_all(o->fd, data, len) != 0
                              : (fwrite(data, 1, len, stdout) != len)) {
        o->err = errno;
        o->failed = true;
        return -1;
    }
    return 0;
}

void cli_out_abort(cli_out *o)
{
    if (o->in_place) {
        close(o->fd);
        o->in_place = false;
    } else if (o->tmp) {
        close(o->fd);
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
}

int cli_out_close(cli_out *o)
{
    if (o->in_place) {
        int err = o->failed ? o->err : 0;
        if (close(o->fd) != 0 && !err)
            err = errno;
        o->in_place = false;
        if (err)
            cli_error("cannot write '%s': %s", o->path, strerror(err));
        return err ? -1 : 0;
    }
    if (!o->tmp) {
        if (o->failed || fflush(stdout) != 0) {
            cli_error("cannot write to standard output: %s",
                      strerror(o->failed ? o->err : errno));
            return -1;
        }
        return 0;
    }
    int err = o->failed ? o->err : 0;
    if (!err && fsync(o->fd) != 0)
        err = errno;
    if (close(o->fd) != 0 && !err)
        err = errno;
    if (!err && rename(o->tmp, o->path) != 0)
        err = errno;
    if (err) {
        unlink(o->tmp);
        cli_error("cannot write '%s': %s", o->path, strerror(err));
    }
    free(o->tmp);
    o->tmp = NULL;
    return err ? -1 : 0;
}

int cli_write(const char *path, const char *data, size_t len)
{
    cli_out o;
    if (cli_out_open(&o, path) != 0)
        return -1;
    cli_out_write(&o, data ? data : "", len);
    return cli_out_close(&o);
}

const char *cli_format_from_path(const char *path)
{
    static const struct { const char *ext, *format; } table[] = {
        {".json", "json"}, {".jsonl", "jsonl"}, {".csv", "csv"}, {".xlsx", "xlsx"},
        {".md", "md"}, {".markdown", "md"}, {".txt", "text"},
        {".rules", "rules"}, {".html", "html"}, {".htm", "html"},
    };
    if (!path || strcmp(path, "-") == 0)
        return NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot)
        return NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(dot, table[i].ext) == 0)
            return table[i].format;
    return NULL;
}

bool cli_stdout_color(const char *output)
{
    if (output && strcmp(output, "-") != 0)
        return false;
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(STDOUT_FILENO) == 1;
}

/* ---- progress ---- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, bool quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO) == 1;
    p->shown = false;
    p->start = p->last = p->enabled ? now_seconds() : 0;
}

void cli_progress_tick(cli_progress *p, size_t n, const char *what)
{
    if (!p->enabled || (n & 63) != 0)
        return;
    double t = now_seconds();
    if (t - p->start < 1.0 || t - p->last < 0.2)
        return;
    p->last = t;
    p->shown = true;
    fprintf(stderr, "\rreqmatch: %zu %s...", n, what);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}

/* ---- shared steps ---- */

int cli_kb_load(const cli_opts *o, rq_kb **kb)
{
    rq_diags d = RQ_DIAGS_INIT;
    if (rq_kb_new(kb, &d) != 0) {
        cli_print_diags(&d, RQ_SEV_ERROR);
        cli_error("cannot build the vocabulary");
        rq_diags_clear(&d);
        return -1;
    }
    for (size_t i = 0; i < o->lexicons.count; i++) {
        if (rq_kb_extend(*kb, o->lexicons.items[i], &d) != 0) {
            cli_print_diags(&d, RQ_SEV_ERROR);
            if (rq_diags_count(&d, RQ_SEV_ERROR) == 0)
                cli_error("cannot read lexicon '%s'", o->lexicons.items[i]);
            rq_diags_clear(&d);
            rq_kb_free(*kb);
            *kb = NULL;
            return -1;
        }
    }
    if (o->verbose)
        cli_print_diags(&d, RQ_SEV_WARNING);
    rq_diags_clear(&d);
    return 0;
}

int cli_posting_load(const char *path, const rq_kb *kb, bool show_warnings,
                     rq_ruleset **rs, char **first_error)
{
    rq_diags d = RQ_DIAGS_INIT;
    rq_compile_opts copts = RQ_COMPILE_OPTS_INIT;
    int rc = rq_posting_load(path, kb, &copts, rs, &d);
    cli_print_diags(&d, show_warnings ? RQ_SEV_NOTE : RQ_SEV_ERROR);
    if (rc != 0 || !*rs) {
        if (rq_diags_count(&d, RQ_SEV_ERROR) == 0)
            cli_error("%s: cannot use this posting", path);
        if (first_error) {
            *first_error = NULL;
            for (size_t i = 0; i < d.count && !*first_error; i++)
                if (d.items[i].severity == RQ_SEV_ERROR)
                    *first_error = rq_diag_format(&d.items[i]);
            if (!*first_error)
                *first_error = rq_sprintf("%s: cannot use this posting", path);
        }
        rq_ruleset_free(*rs);
        *rs = NULL;
        rc = -1;
    }
    rq_diags_clear(&d);
    return rc;
}

int cli_as_of(const cli_opts *o, int *month, char text[11])
{
    if (o->as_of) {
        if (strlen(o->as_of) != 10 || rq_parse_as_of(o->as_of, month) != 0) {
            cli_error("--as-of '%s': expected a date YYYY-MM-DD", o->as_of);
            return -1;
        }
        memcpy(text, o->as_of, 11);
        return 0;
    }
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(text, 11, "%Y-%m-%d", &tm) != 10 ||
        rq_parse_as_of(text, month) != 0) {
        cli_error("cannot read today's date");
        return -1;
    }
    return 0;
}

/* ---- the pool of profiles ---- */

static void drop_evaluation(rq_evaluation *e)
{
    rq_profile *p = (rq_profile *)e->profile;
    rq_evaluation_clear(e);
    rq_profile_free(p);
}

/* heap of the best `top`: parent is never better than its children */
static bool worse(const rq_evaluation *a, const rq_evaluation *b)
{
    return rq_evaluation_cmp(a, b) > 0;
}

static void heap_up(rq_evaluation *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!worse(&h[i], &h[parent]))
            break;
        rq_evaluation t = h[i];
        h[i] = h[parent];
        h[parent] = t;
        i = parent;
    }
}

static void heap_down(rq_evaluation *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && worse(&h[l], &h[w]))
            w = l;
        if (r < n && worse(&h[r], &h[w]))
            w = r;
        if (w == i)
            break;
        rq_evaluation t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

static int keep_evaluation(cli_pool *pool, rq_evaluation *e)
{
    if (pool->top > 0 && pool->nevals == pool->top) {
        if (!worse(&pool->evals[0], e)) {
            drop_evaluation(e);
            return 0;
        }
        drop_evaluation(&pool->evals[0]);
        pool->evals[0] = *e;
        heap_down(pool->evals, pool->nevals, 0);
        return 0;
    }
    if (pool->nevals == pool->cap) {
        size_t cap = pool->cap ? pool->cap * 2 : 64;
        if (pool->top > 0 && cap > pool->top)
            cap = pool->top;
        rq_evaluation *n = realloc(pool->evals, cap * sizeof *n);
        if (!n) {
            drop_evaluation(e);
            return -1;
        }
        pool->evals = n;
        pool->cap = cap;
    }
    pool->evals[pool->nevals++] = *e;
    if (pool->top > 0)
        heap_up(pool->evals, pool->nevals - 1);
    return 0;
}

int cli_pool_add_rejected(cli_pool *pool, const char *source, const char *error)
{
    if (pool->nrejected == pool->rcap) {
        size_t cap = pool->rcap ? pool->rcap * 2 : 16;
        rq_rejected *n = realloc(pool->rejected, cap * sizeof *n);
        if (!n)
            return -1;
        pool->rejected = n;
        pool->rcap = cap;
    }
    rq_rejected *r = &pool->rejected[pool->nrejected];
    r->source = rq_strdup(source ? source : "");
    r->error = rq_strdup(error ? error : "unreadable input");
    if (!r->source || !r->error) {
        free(r->source);
        free(r->error);
        return -1;
    }
    pool->nrejected++;
    return 0;
}

/* --anonymize: the pseudonym replaces id and source before ranking, so
 * the contract's "then id ascending" holds for the ids shown, and equal
 * scores never reveal the order of the real ids */
static int anonymize_profile(rq_profile *p)
{
    char buf[32];
    char *id = rq_strdup(rq_pseudonym(p->id, buf, sizeof buf));
    char *source = rq_strdup(buf);
    if (!id || !source) {
        free(id);
        free(source);
        return -1;
    }
    free(p->id);
    free(p->source);
    free(p->name);
    p->id = id;
    p->source = source;
    p->name = NULL;
    return 0;
}

static int pool_reject(cli_pool *pool, const char *source, const char *error)
{
    const char *err = error ? error : "unreadable input";
    /* error is one printable line that names the source, escaped */
    char *shown = rq_one_line(source ? source : "-");
    size_t n = shown ? strlen(shown) : 0;
    if (shown && strncmp(err, shown, n) == 0)
        fprintf(stderr, "%s\n", err);
    else
        fprintf(stderr, "%s: %s\n", shown ? shown : "-", err);
    free(shown);
    if (cli_pool_add_rejected(pool, source, err) != 0) {
        pool->oom = true;
        return 1;
    }
    return 0;
}

/* worker threads: evaluate against the posting (rank, gap), only score
 * against it (rank --top: the full evaluation of the few kept is done at
 * the end), or score against every posting (match). out is the
 * pipeline's result storage: an rq_evaluation, or match_np cells. */
static int work_eval(void *ctx, unsigned worker, const rq_profile *p, void *out)
{
    cli_pool *pool = ctx;
    rq_score_view *view = pool->views ? pool->views[worker] : NULL;
    if (pool->rs && !pool->scorer)
        return rq_evaluate(pool->rs, p, &pool->eval_opts, out) != 0 ? -1 : 0;
    rq_score_view_set(view, p);
    rq_score sc;
    if (pool->rs) {
        rq_evaluation *e = out;
        if (rq_score_get(pool->scorer, view, &sc) != 0)
            return -1;
        e->profile = p;
        e->score = sc.score;
        e->eligible = sc.eligible;
        return 0;
    }
    /* every posting at once: what the postings share is worked out once
     * per profile (score.h) */
    return rq_score_program_run(pool->match_program, view, out) != 0 ? -1 : 0;
}

static void work_free(void *ctx, void *out)
{
    cli_pool *pool = ctx;
    if (pool->rs && out)
        rq_evaluation_clear(out);
}

static int pool_sink(void *ctx, rq_profile *profile, void *out, const char *source,
                     const char *error)
{
    cli_pool *pool = ctx;
    if (!profile)
        return pool_reject(pool, source, error);
    pool->ncandidates++;
    cli_progress_tick(&pool->progress, pool->ncandidates, "profiles read");
    /* evaluations never read id, name or source: pseudonyms can go in
     * after the worker evaluated the profile */
    if (pool->anonymize && anonymize_profile(profile) != 0) {
        work_free(pool, out);
        rq_profile_free(profile);
        pool->oom = true;
        return 1;
    }
    if (pool->match_rs) {
        int rc = out ? pool->match_sink(pool->match_ctx, profile->id, out) : -1;
        if (rc == 0)
            pool->match_nc++;
        rq_profile_free(profile);
        if (rc != 0) {
            pool->oom = true;
            return 1;
        }
        return 0;
    }
    if (!pool->rs) {
        if (pool->nprofiles == pool->pcap) {
            size_t cap = pool->pcap ? pool->pcap * 2 : 64;
            rq_profile **n = realloc(pool->profiles, cap * sizeof *n);
            if (!n) {
                rq_profile_free(profile);
                pool->oom = true;
                return 1;
            }
            pool->profiles = n;
            pool->pcap = cap;
        }
        pool->profiles[pool->nprofiles++] = profile;
        return 0;
    }
    rq_evaluation *e = out;
    if (!e) {
        rq_profile_free(profile);
        pool->oom = true;
        return 1;
    }
    rq_evaluation ev = *e;
    /* a full evaluation is final (rank without --top): the reports only
     * show who the candidate is, so keep id, name and source, not the
     * analysed texts (most of a profile's memory) */
    if (!pool->scorer)
        ev.profile = rq_profile_shed(profile);
    if (keep_evaluation(pool, &ev) != 0) {
        pool->oom = true;
        return 1;
    }
    return 0;
}

void cli_pool_options(cli_pool *pool, const cli_opts *o)
{
    pool->jobs = o->jobs > 0 ? (unsigned)o->jobs : rq_cpu_count();
    pool->shard = o->nshards > 0 ? (unsigned)(o->shard - 1) : 0;
    pool->nshards = o->nshards > 0 ? (unsigned)o->nshards : 0;
}

/* Scorers (rank --top: one, match: one per posting, and a program of
 * them all) and a view per worker. 0, or -1 on oom. */
static int prepare_scoring(cli_pool *pool)
{
    bool fast = (pool->rs && pool->top > 0) || pool->match_rs;
    if (!fast)
        return 0;
    pool->nviews = pool->jobs > 1 ? pool->jobs : 1;
    pool->views = calloc(pool->nviews, sizeof *pool->views);
    if (!pool->views)
        return -1;
    for (unsigned i = 0; i < pool->nviews; i++)
        if (!(pool->views[i] = rq_score_view_new(pool->eval_opts.kb)))
            return -1;
    if (pool->rs)
        return (pool->scorer = rq_scorer_new(pool->rs, &pool->eval_opts)) ? 0 : -1;
    pool->match_scorers = calloc(pool->match_np ? pool->match_np : 1,
                                 sizeof *pool->match_scorers);
    if (!pool->match_scorers)
        return -1;
    for (size_t i = 0; i < pool->match_np; i++)
        if (!(pool->match_scorers[i] = rq_scorer_new(pool->match_rs[i], &pool->eval_opts)))
            return -1;
    pool->match_program = rq_score_program_new((const rq_scorer *const *)pool->match_scorers,
                                               pool->match_np);
    return pool->match_program ? 0 : -1;
}

int cli_pool_load(cli_pool *pool, const cli_list *paths,
                  const rq_profile_opts *popts, bool show_warnings)
{
    cli_progress_start(&pool->progress, pool->quiet);
    if (prepare_scoring(pool) != 0) {
        cli_error("out of memory");
        return -1;
    }
    rq_pipeline pl = {
        .jobs = pool->jobs, .shard = pool->shard, .nshards = pool->nshards,
        .index = &pool->doc_index,
        .work = pool->rs || pool->match_rs ? work_eval : NULL,
        .work_free = work_free,
        .out_size = pool->rs ? sizeof(rq_evaluation)
                    : pool->match_rs ? (pool->match_np ? pool->match_np : 1) * sizeof(cli_cell)
                                     : 0,
        .work_ctx = pool,
        .sink = pool_sink, .sink_ctx = pool,
        .warn = stream_warning, .warn_ctx = &show_warnings,
    };
    for (size_t i = 0; i < paths->count && !pool->oom; i++) {
        rq_diags d = RQ_DIAGS_INIT;
        rq_profiles_load_pipeline(paths->items[i], popts, &pl, &d);
        cli_print_diags(&d, show_warnings ? RQ_SEV_WARNING : RQ_SEV_ERROR);
        rq_diags_clear(&d);
    }
    cli_progress_end(&pool->progress);
    /* rank --top: the kept candidates were chosen on fast scores; now
     * explain them (the same numbers, with evidence and gaps) */
    for (size_t i = 0; pool->scorer && i < pool->nevals && !pool->oom; i++) {
        rq_evaluation *e = &pool->evals[i];
        const rq_profile *p = e->profile;
        rq_evaluation full;
        if (rq_evaluate(pool->rs, p, &pool->eval_opts, &full) != 0) {
            pool->oom = true;
            break;
        }
        rq_evaluation_clear(e);
        *e = full;
    }
    if (pool->oom) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

void cli_pool_free(cli_pool *pool)
{
    for (size_t i = 0; i < pool->nevals; i++)
        drop_evaluation(&pool->evals[i]);
    free(pool->evals);
    for (size_t i = 0; i < pool->nprofiles; i++)
        rq_profile_free(pool->profiles[i]);
    free(pool->profiles);
    for (size_t i = 0; i < pool->nrejected; i++) {
        free(pool->rejected[i].source);
        free(pool->rejected[i].error);
    }
    free(pool->rejected);
    rq_scorer_free(pool->scorer);
    rq_score_program_free(pool->match_program);
    for (size_t i = 0; pool->match_scorers && i < pool->match_np; i++)
        rq_scorer_free(pool->match_scorers[i]);
    free(pool->match_scorers);
    for (unsigned i = 0; pool->views && i < pool->nviews; i++)
        rq_score_view_free(pool->views[i]);
    free(pool->views);
    memset(pool, 0, sizeof *pool);
}
