/*
 * load.c - turning PROFILE arguments into analysed profiles.
 *
 * A PROFILE argument is a .json file (one document), a .jsonl file (one
 * document a line, read line by line so a million-line pool never sits in
 * memory at once), a directory (its .json and .jsonl files, sorted
 * bytewise by path, not recursive) or "-" (JSON Lines on stdin). One
 * profile parser, and so one concept scanner, serves the whole call.
 *
 * Each document ends up at the sink either as a profile or as a rejection
 * (the first error, formatted as one line). Errors are moved out of the
 * caller's diagnostics into that line; warnings stay in diags.
 *
 * The pipeline (pipeline.h) walks the inputs the same way but turns each
 * document and each rejection into an item of a batch. Batches go to
 * worker threads through a ring of at most a few per worker; each worker
 * has its own parser (and so its own scanner and cJSON arena), parses,
 * analyses and runs the caller's work on its items, whose results go into
 * storage that travels with the batch. A batch keeps its documents in
 * its own buffer and is recycled once delivered, so that the reading
 * thread does not allocate per document either. The reading thread delivers finished
 * batches strictly in ring order, which is input order, so the sink sees
 * the same sequence whatever the number of threads. With one job there
 * are no threads: each item is processed and delivered as it is read.
 */
#include <fcntl.h>
#include <dirent.h>
#include <pthread.h>
#include <unistd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "profile.h"
#include "pipeline.h"
#include "profile_parser.h"

typedef struct pipe_state pipe_state;

typedef struct {
    const rq_profile_opts *opts;
    rq_profile_parser *parser;
    rq_profile_sink sink;
    void *ctx;
    rq_diags *diags;
    bool stop;
    pipe_state *pipe;   /* NULL: the plain loader (rq_profiles_load) */
} loader;

static void pipe_doc(loader *L, const char *json, size_t len, const char *file, int line);
static void pipe_reject(loader *L, const char *source, const char *error);

static bool has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* Send a rejection built from a message. */
static void reject_msg(loader *L, const char *source, const char *file, int line,
                       const char *msg)
{
    rq_diag g = {RQ_SEV_ERROR, (char *)file, line, 0, NULL, (char *)msg};
    char *text = rq_diag_format(&g);
    if (L->pipe)
        pipe_reject(L, source, text ? text : msg);
    else if (L->sink(L->ctx, NULL, source, text ? text : msg))
        L->stop = true;
    free(text);
}

/* Parse one document and hand the result to the sink. json[len] == '\0'. */
static void one(loader *L, const char *json, size_t len, const char *file, int line)
{
    rq_diags local = RQ_DIAGS_INIT;
    rq_diags *d = L->diags ? L->diags : &local;
    size_t mark = d->count;
    rq_profile *p = NULL;
    int rc = rq_profile_parser_parse(L->parser, json, len, file, line, L->opts, &p, d);
    char *error = NULL;
    /* pull errors out of the caller's list: they travel with the rejection */
    size_t k = mark;
    for (size_t i = mark; i < d->count; i++) {
        rq_diag *g = &d->items[i];
        if (g->severity == RQ_SEV_ERROR) {
            if (!error)
                error = rq_diag_format(g);
            free(g->file);
            free(g->path);
            free(g->message);
        } else {
            d->items[k++] = *g;
        }
    }
    d->count = k;
    if (rc == 0) {
        const char *source = p->source;
        if (L->sink(L->ctx, p, source, NULL))
            L->stop = true;
    } else {
        char *source = line > 0 ? rq_sprintf("%s:%d", file, line) : rq_strdup(file);
        const char *msg = error ? error : "could not be read";
        if (L->sink(L->ctx, NULL, source ? source : file, msg))
            L->stop = true;
        free(source);
    }
    free(error);
    rq_diags_clear(&local);
}

static int load_jsonl(loader *L, int fd, const char *file)
{
    rq_line_reader lr;
    rq_lines_init(&lr, fd);
    char *buf;
    size_t len;
    int line = 0, docs = 0, got = 0;
    while (!L->stop && (got = rq_lines_next(&lr, &buf, &len)) > 0) {
        line++;
        while (len && buf[len - 1] == '\r')
            len--;
        buf[len] = '\0';
        size_t i = (line == 1 && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
        while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r'))
            i++;
        if (i == len)
            continue;
        docs++;
        if (L->pipe)
            pipe_doc(L, buf, len, file, line);
        else
            one(L, buf, len, file, line);
    }
    int err = !L->stop && got < 0 ? errno : 0;
    rq_lines_free(&lr);
    if (err) {
        reject_msg(L, file, file, 0, strerror(err));
        return -1;
    }
    if (docs == 0 && !L->stop)
        reject_msg(L, file, file, 0, "empty file");
    return 0;
}

static int load_file(loader *L, const char *path)
{
    if (has_ext(path, ".jsonl")) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            reject_msg(L, path, path, 0, strerror(errno));
            return -1;
        }
        int rc = load_jsonl(L, fd, path);
        close(fd);
        return rc;
    }
    char *data = NULL;
    size_t len = 0;
    if (rq_read_file(path, &data, &len) < 0) {
        reject_msg(L, path, path, 0, strerror(errno));
        return -1;
    }
    if (L->pipe)
        pipe_doc(L, data, len, path, 0);
    else
        one(L, data, len, path, 0);
    free(data);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(loader *L, const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        reject_msg(L, dir, dir, 0, strerror(errno));
        return -1;
    }
    char **paths = NULL;
    size_t n = 0, cap = 0;
    bool oom = false;
    size_t dlen = strlen(dir);
    bool slash = dlen && dir[dlen - 1] == '/';
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (!has_ext(de->d_name, ".json") && !has_ext(de->d_name, ".jsonl"))
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 32;
            char **q = realloc(paths, c * sizeof *q);
            if (!q) {
                oom = true;
                break;
            }
            paths = q;
            cap = c;
        }
        paths[n] = rq_sprintf("%s%s%s", dir, slash ? "" : "/", de->d_name);
        if (!paths[n]) {
            oom = true;
            break;
        }
        n++;
    }
    closedir(dp);
    if (oom)
        reject_msg(L, dir, dir, 0, "out of memory");
    qsort(paths, n, sizeof *paths, cmp_str);
    for (size_t i = 0; i < n && !L->stop; i++) {
        struct stat st;
        if (stat(paths[i], &st) < 0)
            reject_msg(L, paths[i], paths[i], 0, strerror(errno));
        else if (S_ISREG(st.st_mode))
            load_file(L, paths[i]);
        else
            /* named, not read: opening a FIFO would wait for a writer, and
             * a directory is not a profile (directories are not recursed) */
            reject_msg(L, paths[i], paths[i], 0,
                       S_ISDIR(st.st_mode) ? "a directory, not a profile file (not read)"
                                           : "not a regular file (not read)");
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return oom ? -1 : 0;
}

static int load_path(loader *L, const char *path)
{
    if (strcmp(path, "-") == 0)
        return load_jsonl(L, STDIN_FILENO, "stdin");
    struct stat st;
    if (stat(path, &st) < 0) {
        reject_msg(L, path, path, 0, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return load_dir(L, path);
    return load_file(L, path);
}

int rq_profiles_load(const char *path, const rq_profile_opts *opts,
                     rq_profile_sink sink, void *ctx, rq_diags *diags)
{
    loader L = {.opts = opts, .sink = sink, .ctx = ctx, .diags = diags};
    L.parser = rq_profile_parser_new(opts);
    if (!L.parser) {
        reject_msg(&L, path, path, 0, "out of memory");
        return -1;
    }
    int rc = load_path(&L, path);
    rq_profile_parser_free(L.parser);
    return rc;
}

/* ---- the pipeline ---- */

#define BATCH_ITEMS 64

typedef struct {
    const char *json;  /* the document (NULL: a rejection already made) */
    size_t len;
    const char *file;
    size_t json_off, file_off; /* in the batch's text, until it is sealed */
    int line;
    rq_profile *profile;
    void *out;         /* result storage (out_size bytes), NULL without */
    bool has_out;      /* the work filled out */
    char *source;      /* rejections */
    char *error;
    rq_diags warnings;
} item;

/* Batches are recycled: the documents of a batch are copied into its own
 * text buffer and the results go into its own storage, so that a steady
 * stream reuses the same memory instead of allocating (and trimming) it
 * per document. */
typedef struct batch {
    item items[BATCH_ITEMS];
    size_t n;
    bool done;
    rq_buf text;             /* documents and file names, NUL-terminated */
    unsigned char *outbuf;   /* BATCH_ITEMS * out_size bytes */
    struct batch *next_free;
} batch;

struct pipe_state {
    const rq_pipeline *pl;
    const rq_profile_opts *opts;
    rq_diags *diags;
    loader *L;
    unsigned long local_index;
    unsigned nworkers;             /* 0: inline */
    rq_profile_parser **parsers;   /* one per worker (one when inline) */
    void *inline_out;              /* result storage when inline */
    pthread_t *threads;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    batch **ring;                  /* [head, tail): submitted, in input order */
    size_t max, head, next, tail;  /* next: first not yet taken by a worker */
    bool closing;
    batch *cur;                    /* being filled by the reader */
    batch *free_batches;           /* recycled, reader thread only */
};

typedef struct {
    pipe_state *S;
    unsigned worker;
} worker_arg;

/* Parse, analyse and work one document: what one() does, into the item. */
static void process_item(pipe_state *S, unsigned worker, item *it)
{
    const rq_pipeline *pl = S->pl;
    rq_profile *p = NULL;
    rq_diags *d = &it->warnings;
    int rc = rq_profile_parser_parse(S->parsers[worker], it->json, it->len, it->file,
                                     it->line, S->opts, &p, d);
    char *error = NULL;
    size_t k = 0;
    for (size_t i = 0; i < d->count; i++) {
        rq_diag *g = &d->items[i];
        if (g->severity == RQ_SEV_ERROR) {
            if (!error)
                error = rq_diag_format(g);
            free(g->file);
            free(g->path);
            free(g->message);
        } else {
            d->items[k++] = *g;
        }
    }
    d->count = k;
    if (rc == 0) {
        it->profile = p;
        if (pl->work) {
            if (it->out)
                memset(it->out, 0, pl->out_size);
            it->has_out = pl->work(pl->work_ctx, worker, p, it->out) == 0;
        }
        free(error);
        return;
    }
    it->source = it->line > 0 ? rq_sprintf("%s:%d", it->file, it->line)
                              : rq_strdup(it->file);
    it->error = error ? error : rq_strdup("could not be read");
}

static void item_free(pipe_state *S, item *it)
{
    if (it->has_out && S->pl->work_free)
        S->pl->work_free(S->pl->work_ctx, it->out);
    rq_profile_free(it->profile);
    free(it->source);
    free(it->error);
    rq_diags_clear(&it->warnings);
    memset(it, 0, sizeof *it);
}

/* On the reading thread, in input order. */
static void deliver_item(pipe_state *S, item *it)
{
    const rq_pipeline *pl = S->pl;
    for (size_t i = 0; i < it->warnings.count; i++) {
        const rq_diag *g = &it->warnings.items[i];
        if (pl->warn)
            pl->warn(pl->warn_ctx, g);
        else if (S->diags)
            rq_diags_add(S->diags, g->severity, g->file, g->line, g->col, g->path, "%s",
                         g->message ? g->message : "");
    }
    if (!S->L->stop) {
        if (it->profile) {
            void *out = it->has_out ? it->out : NULL;
            rq_profile *p = it->profile;
            it->profile = NULL;
            it->has_out = false;
            if (pl->sink(pl->sink_ctx, p, out, p->source, NULL))
                S->L->stop = true;
        } else if (pl->sink(pl->sink_ctx, NULL, NULL,
                            it->source ? it->source : (it->file ? it->file : "-"),
                            it->error ? it->error : "out of memory")) {
            S->L->stop = true;
        }
    }
    item_free(S, it);
}

static void batch_free(batch *b)
{
    if (!b)
        return;
    rq_buf_free(&b->text);
    free(b->outbuf);
    free(b);
}

static void deliver_batch(pipe_state *S, batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        deliver_item(S, &b->items[i]);
    b->n = 0;
    b->done = false;
    rq_buf_reset(&b->text);
    b->next_free = S->free_batches;
    S->free_batches = b;
}

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    pipe_state *S = wa->S;
    pthread_mutex_lock(&S->mu);
    for (;;) {
        while (S->next == S->tail && !S->closing)
            pthread_cond_wait(&S->work_cv, &S->mu);
        if (S->next == S->tail)
            break;
        batch *b = S->ring[S->next % S->max];
        S->next++;
        pthread_mutex_unlock(&S->mu);
        for (size_t i = 0; i < b->n; i++)
            if (b->items[i].json)
                process_item(S, wa->worker, &b->items[i]);
        pthread_mutex_lock(&S->mu);
        b->done = true;
        pthread_cond_broadcast(&S->done_cv);
    }
    pthread_mutex_unlock(&S->mu);
    return NULL;
}

/* Deliver finished batches from the head of the ring; wait for the head
 * when the ring is full, or for everything when all. */
static void deliver_ready(pipe_state *S, bool all)
{
    pthread_mutex_lock(&S->mu);
    while (S->head != S->tail) {
        batch *b = S->ring[S->head % S->max];
        if (!b->done) {
            if (!all && S->tail - S->head < S->max)
                break;
            pthread_cond_wait(&S->done_cv, &S->mu);
            continue;
        }
        S->head++;
        pthread_mutex_unlock(&S->mu);
        deliver_batch(S, b);
        pthread_mutex_lock(&S->mu);
    }
    pthread_mutex_unlock(&S->mu);
}

/* The batch being filled is complete: its text buffer no longer moves,
 * so the items can point into it. */
static void seal(pipe_state *S, batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        item *it = &b->items[i];
        if (it->json_off != (size_t)-1) {
            it->json = b->text.data + it->json_off;
            it->file = b->text.data + it->file_off;
        }
        it->out = S->pl->out_size ? b->outbuf + i * S->pl->out_size : NULL;
    }
}

static void submit(pipe_state *S)
{
    batch *b = S->cur;
    S->cur = NULL;
    if (!b)
        return;
    seal(S, b);
    deliver_ready(S, false); /* makes room */
    pthread_mutex_lock(&S->mu);
    S->ring[S->tail % S->max] = b;
    S->tail++;
    pthread_cond_signal(&S->work_cv);
    pthread_mutex_unlock(&S->mu);
    deliver_ready(S, false);
}

static bool shard_take(pipe_state *S)
{
    const rq_pipeline *pl = S->pl;
    unsigned long idx = pl->index ? (*pl->index)++ : S->local_index++;
    return pl->nshards == 0 || idx % pl->nshards == pl->shard;
}

/* A new item at the end of the batch being filled, or NULL on oom. */
static item *next_item(pipe_state *S)
{
    if (!S->cur) {
        batch *b = S->free_batches;
        if (b) {
            S->free_batches = b->next_free;
        } else {
            b = calloc(1, sizeof *b);
            if (b && S->pl->out_size &&
                !(b->outbuf = malloc(BATCH_ITEMS * S->pl->out_size))) {
                free(b);
                b = NULL;
            }
            if (!b)
                return NULL;
        }
        S->cur = b;
    }
    item *it = &S->cur->items[S->cur->n++];
    memset(it, 0, sizeof *it);
    return it;
}

static void item_added(pipe_state *S)
{
    if (S->cur->n == BATCH_ITEMS)
        submit(S);
}

static void pipe_doc(loader *L, const char *json, size_t len, const char *file, int line)
{
    pipe_state *S = L->pipe;
    if (!shard_take(S))
        return;
    if (S->nworkers == 0) {
        item it = {.json = json, .len = len, .file = file, .line = line,
                   .out = S->inline_out};
        process_item(S, 0, &it);
        deliver_item(S, &it);
        return;
    }
    item *it = next_item(S);
    if (!it) {
        L->stop = true;
        return;
    }
    rq_buf *t = &S->cur->text;
    it->json_off = t->len;
    rq_buf_append(t, json, len);
    rq_buf_putc(t, '\0');
    it->file_off = t->len;
    rq_buf_append(t, file, strlen(file) + 1);
    it->len = len;
    it->line = line;
    if (t->oom) {
        /* delivered as a rejection: out of memory */
        t->oom = false;
        it->json_off = (size_t)-1;
        it->source = line > 0 ? rq_sprintf("%s:%d", file, line) : rq_strdup(file);
    }
    item_added(S);
}

static void pipe_reject(loader *L, const char *source, const char *error)
{
    pipe_state *S = L->pipe;
    if (!shard_take(S))
        return;
    if (S->nworkers == 0) {
        item it = {.source = rq_strdup(source), .error = rq_strdup(error)};
        deliver_item(S, &it);
        return;
    }
    item *it = next_item(S);
    if (!it) {
        L->stop = true;
        return;
    }
    it->json_off = (size_t)-1;
    it->source = rq_strdup(source);
    it->error = rq_strdup(error);
    item_added(S);
}

unsigned rq_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

int rq_profiles_load_pipeline(const char *path, const rq_profile_opts *opts,
                              const rq_pipeline *pl, rq_diags *diags)
{
    pipe_state S = {.pl = pl, .opts = opts, .diags = diags};
    loader L = {.opts = opts, .diags = diags, .pipe = &S};
    S.L = &L;
    unsigned want = pl->jobs > 1 ? pl->jobs : 0;
    unsigned nparsers = want ? want : 1;
    S.parsers = calloc(nparsers, sizeof *S.parsers);
    bool ok = S.parsers != NULL;
    if (ok && pl->out_size && !want)
        ok = (S.inline_out = malloc(pl->out_size)) != NULL;
    for (unsigned i = 0; ok && i < nparsers; i++)
        ok = (S.parsers[i] = rq_profile_parser_new(opts)) != NULL;
    worker_arg *args = NULL;
    bool sync = false;
    if (ok && want) {
        S.max = 2 * (size_t)want + 2;
        S.ring = calloc(S.max, sizeof *S.ring);
        S.threads = calloc(want, sizeof *S.threads);
        args = calloc(want, sizeof *args);
        ok = S.ring && S.threads && args;
        if (ok) {
            sync = true;
            pthread_mutex_init(&S.mu, NULL);
            pthread_cond_init(&S.work_cv, NULL);
            pthread_cond_init(&S.done_cv, NULL);
            for (unsigned i = 0; i < want; i++) {
                args[i] = (worker_arg){&S, i};
                if (pthread_create(&S.threads[i], NULL, worker_main, &args[i]) != 0)
                    break;
                S.nworkers++;
            }
        }
    }
    int rc = -1;
    if (ok && (!want || S.nworkers > 0)) {
        rc = load_path(&L, path);
        if (S.nworkers) {
            if (S.cur && S.cur->n)
                submit(&S);
            batch_free(S.cur);
            S.cur = NULL;
            deliver_ready(&S, true);
        }
    } else {
        rq_diags_add(diags, RQ_SEV_ERROR, path, 0, 0, NULL,
                     "out of memory or no thread to read with");
    }
    if (sync) {
        pthread_mutex_lock(&S.mu);
        S.closing = true;
        pthread_cond_broadcast(&S.work_cv);
        pthread_mutex_unlock(&S.mu);
        for (unsigned i = 0; i < S.nworkers; i++)
            pthread_join(S.threads[i], NULL);
        pthread_mutex_destroy(&S.mu);
        pthread_cond_destroy(&S.work_cv);
        pthread_cond_destroy(&S.done_cv);
    }
    for (unsigned i = 0; S.parsers && i < nparsers; i++)
        rq_profile_parser_free(S.parsers[i]);
    free(S.parsers);
    free(S.inline_out);
    while (S.free_batches) {
        batch *b = S.free_batches;
        S.free_batches = b->next_free;
        batch_free(b);
    }
    free(S.ring);
    free(S.threads);
    free(args);
    return rc;
}
