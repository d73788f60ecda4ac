/*
 * merge.c - the reduce step of a sharded ranking: combine the outputs of
 * `reqmatch rank --format jsonl` (one per shard or split) into one.
 *
 * Each input line is either a candidate (the contract's CANDIDATE object,
 * as rank writes it) or a rejected input ({"source", "error"}). The
 * candidates are ordered as rank orders them (eligible first, then the
 * score as printed, then id, then source), the best N kept with --top N
 * in a heap whose worst is at the root (so memory is bounded by N, not by
 * the number of lines), ranks renumbered 1..n, and written back in the
 * same format with the same printer. Merging the shards of a run
 * therefore gives, byte for byte, the candidate lines of the run itself.
 * Rejection lines follow the candidates, in the order they were read; a
 * line that is neither is reported (file:line) and becomes a rejection
 * line too, so nothing is dropped silently.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"

typedef struct {
    cJSON *doc;
    bool eligible;
    double score;      /* round(score * 100): as rank compares */
    const char *id, *source;
    size_t seq;        /* reading order: the last tie-break */
} cand;

typedef struct {
    cand *items;
    size_t n, cap;
    size_t top;        /* 0: keep all */
    rq_rejected *rejected;
    size_t nrejected, rcap;
    bool oom;
} merge_state;

/* < 0 when a ranks before b */
static int cand_cmp(const cand *a, const cand *b)
{
    if (a->eligible != b->eligible)
        return a->eligible ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    int d = strcmp(a->id, b->id);
    if (!d)
        d = strcmp(a->source, b->source);
    if (d)
        return d < 0 ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cand_qsort(const void *a, const void *b)
{
    return cand_cmp(a, b);
}

static void heap_down(cand *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && cand_cmp(&h[l], &h[w]) > 0)
            w = l;
        if (r < n && cand_cmp(&h[r], &h[w]) > 0)
            w = r;
        if (w == i)
            return;
        cand t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

static void heap_up(cand *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (cand_cmp(&h[i], &h[parent]) <= 0)
            return;
        cand t = h[i];
        h[i] = h[parent];
        h[parent] = t;
        i = parent;
    }
}

static void keep(merge_state *m, cand *c)
{
    if (m->top && m->n == m->top) {
        if (cand_cmp(c, &m->items[0]) >= 0) {
            cJSON_Delete(c->doc);
            return;
        }
        cJSON_Delete(m->items[0].doc);
        m->items[0] = *c;
        heap_down(m->items, m->n, 0);
        return;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        if (m->top && cap > m->top)
            cap = m->top;
        cand *n = realloc(m->items, cap * sizeof *n);
        if (!n) {
            cJSON_Delete(c->doc);
            m->oom = true;
            return;
        }
        m->items = n;
        m->cap = cap;
    }
    m->items[m->n++] = *c;
    if (m->top)
        heap_up(m->items, m->n - 1);
}

static void add_rejected(merge_state *m, const char *source, const char *error)
{
    if (m->nrejected == m->rcap) {
        size_t cap = m->rcap ? 2 * m->rcap : 16;
        rq_rejected *n = realloc(m->rejected, cap * sizeof *n);
        if (!n) {
            m->oom = true;
            return;
        }
        m->rejected = n;
        m->rcap = cap;
    }
    char *s = rq_strdup(source), *e = rq_strdup(error);
    if (!s || !e) {
        free(s);
        free(e);
        m->oom = true;
        return;
    }
    m->rejected[m->nrejected++] = (rq_rejected){s, e};
}

static const char *string_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* one line of file (1-based line number) */
static void take_line(merge_state *m, const char *file, int line, const char *text,
                      size_t len, size_t seq)
{
    char where[512];
    snprintf(where, sizeof where, "%s:%d", file, line);
    cJSON *doc = cJSON_ParseWithLength(text, len);
    const char *problem = NULL;
    if (!doc || !cJSON_IsObject(doc)) {
        problem = "not a JSON object";
    } else if (!cJSON_GetObjectItemCaseSensitive(doc, "id") && string_of(doc, "error")) {
        const char *source = string_of(doc, "source");
        add_rejected(m, source ? source : where, string_of(doc, "error"));
        cJSON_Delete(doc);
        return;
    } else {
        const cJSON *score = cJSON_GetObjectItemCaseSensitive(doc, "score");
        const cJSON *eligible = cJSON_GetObjectItemCaseSensitive(doc, "eligible");
        const char *id = string_of(doc, "id");
        const char *source = string_of(doc, "source");
        if (!id || !source || !cJSON_IsNumber(score) || !cJSON_IsBool(eligible) ||
            !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(doc, "rank"))) {
            problem = "not a candidate of rank --format jsonl (id, source, rank, score, "
                      "eligible)";
        } else {
            cand c = {doc, cJSON_IsTrue(eligible), round(score->valuedouble * 100.0), id,
                      source, seq};
            keep(m, &c);
            return;
        }
    }
    cJSON_Delete(doc);
    fprintf(stderr, "%s: %s\n", where, problem);
    add_rejected(m, where, problem);
}

static int read_input(merge_state *m, const char *path, size_t *seq, size_t *lines)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "stdin" : path;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        add_rejected(m, path, strerror(errno));
        return -1;
    }
    rq_line_reader lr;
    rq_lines_init(&lr, fd);
    char *buf;
    size_t len;
    int line = 0, got = 0;
    while (!m->oom && (got = rq_lines_next(&lr, &buf, &len)) > 0) {
        line++;
        while (len && buf[len - 1] == '\r')
            len--;
        size_t i = 0;
        while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
            i++;
        if (i == len)
            continue;
        (*lines)++;
        take_line(m, name, line, buf, len, (*seq)++);
    }
    int err = !m->oom && got < 0 ? errno : 0;
    rq_lines_free(&lr);
    if (!is_stdin)
        close(fd);
    if (err) {
        fprintf(stderr, "%s: %s\n", path, strerror(err));
        add_rejected(m, path, strerror(err));
        return -1;
    }
    return 0;
}

int cli_merge(const cli_opts *o)
{
    if (o->args.count == 0) {
        cli_error("merge takes at least one FILE (outputs of rank --format jsonl; - is stdin)");
        return CLI_FAIL;
    }
    const char *format = o->format ? o->format : cli_format_from_path(o->output);
    if (format && strcmp(format, "jsonl") != 0) {
        cli_error("merge: cannot write format '%s' (jsonl only)", format);
        return CLI_FAIL;
    }
    size_t stdin_uses = 0;
    for (size_t i = 0; i < o->args.count; i++)
        stdin_uses += strcmp(o->args.items[i], "-") == 0;
    if (stdin_uses > 1) {
        cli_error("standard input (-) can be read only once");
        return CLI_FAIL;
    }
    merge_state m;
    memset(&m, 0, sizeof m);
    m.top = o->top > 0 ? (size_t)o->top : 0;
    size_t seq = 0, lines = 0;
    for (size_t i = 0; i < o->args.count && !m.oom; i++)
        read_input(&m, o->args.items[i], &seq, &lines);
    int status = CLI_FAIL;
    if (m.oom) {
        cli_error("out of memory");
    } else if (lines == 0) {
        cli_error("merge: nothing to merge (no line in the input)");
    } else {
        qsort(m.items, m.n, sizeof *m.items, cand_qsort);
        cli_out out;
        if (cli_out_open(&out, o->output) == 0) {
            rq_buf b = RQ_BUF_INIT;
            int rc = 0;
            for (size_t i = 0; i < m.n && rc == 0; i++) {
                cJSON *rank = cJSON_GetObjectItemCaseSensitive(m.items[i].doc, "rank");
                cJSON_SetNumberValue(rank, (double)(i + 1));
                rq_buf_reset(&b);
                rc = rq_json_print_line(m.items[i].doc, &b);
                if (rc == 0)
                    rc = cli_out_write(&out, b.data, b.len);
            }
            for (size_t i = 0; i < m.nrejected && rc == 0; i++) {
                cJSON *r = cJSON_CreateObject();
                cJSON_AddStringToObject(r, "source", m.rejected[i].source);
                cJSON_AddStringToObject(r, "error", m.rejected[i].error);
                rq_buf_reset(&b);
                rc = rq_json_print_line(r, &b);
                cJSON_Delete(r);
                if (rc == 0)
                    rc = cli_out_write(&out, b.data, b.len);
            }
            rq_buf_free(&b);
            if (rc != 0 && !out.failed) {
                cli_error("cannot render the output (out of memory)");
                cli_out_abort(&out);
            } else if (cli_out_close(&out) == 0) {
                status = m.nrejected > 0 ? CLI_PARTIAL : CLI_OK;
            }
        }
    }
    for (size_t i = 0; i < m.n; i++)
        cJSON_Delete(m.items[i].doc);
    free(m.items);
    for (size_t i = 0; i < m.nrejected; i++) {
        free(m.rejected[i].source);
        free(m.rejected[i].error);
    }
    free(m.rejected);
    return status;
}
