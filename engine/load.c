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
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "profile.h"
#include "profile_parser.h"

typedef struct {
    const rq_profile_opts *opts;
    rq_profile_parser *parser;
    rq_profile_sink sink;
    void *ctx;
    rq_diags *diags;
    bool stop;
} loader;

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
    if (L->sink(L->ctx, NULL, source, text ? text : msg))
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

static int load_jsonl(loader *L, FILE *f, const char *file)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    int line = 0, docs = 0;
    while (!L->stop && (n = getline(&buf, &cap, f)) >= 0) {
        line++;
        size_t len = (size_t)n;
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            len--;
        buf[len] = '\0';
        size_t i = (line == 1 && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
        while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r'))
            i++;
        if (i == len)
            continue;
        docs++;
        one(L, buf, len, file, line);
    }
    int err = ferror(f) ? errno : 0;
    free(buf);
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
        FILE *f = fopen(path, "rb");
        if (!f) {
            reject_msg(L, path, path, 0, strerror(errno));
            return -1;
        }
        int rc = load_jsonl(L, f, path);
        fclose(f);
        return rc;
    }
    char *data = NULL;
    size_t len = 0;
    if (rq_read_file(path, &data, &len) < 0) {
        reject_msg(L, path, path, 0, strerror(errno));
        return -1;
    }
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
        /* a directory named x.json, a fifo...: not a profile file */
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return oom ? -1 : 0;
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
    int rc;
    if (strcmp(path, "-") == 0) {
        rc = load_jsonl(&L, stdin, "stdin");
    } else {
        struct stat st;
        if (stat(path, &st) < 0) {
            reject_msg(&L, path, path, 0, strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = load_dir(&L, path);
        } else {
            rc = load_file(&L, path);
        }
    }
    rq_profile_parser_free(L.parser);
    return rc;
}
