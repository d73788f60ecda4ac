/*
 * match.c - many postings against many profiles.
 *
 * Every posting is compiled once into a scorer and every profile analysed
 * once, on the pool's worker threads, and scored there against every
 * posting (engine/score.h: the numbers rank gives, without the
 * explanations). What comes back to this thread, in input order, is each
 * candidate's id and one cell (score, eligible) per posting, and nothing
 * of it is kept beyond what the output needs:
 *   - for each posting, its best K candidates, in a heap of K whose worst
 *     is at the root (a newcomer that beats it takes its place);
 *   - for each candidate, its best K postings, chosen at once and written
 *     to a temporary file in the output's format (json and text only:
 *     csv lists postings' candidates only).
 * So memory does not grow with the number of profiles, and the output is
 * written piece by piece: the postings' lists, then the candidates' from
 * the temporary file, then the rejected inputs.
 *
 * Order, both ways, as rank orders: eligible first, score descending,
 * then candidate id (or posting path) ascending, input order last.
 * A posting that cannot be used is rejected (status 2) as long as at
 * least one posting and one profile are usable.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"

typedef cli_cell cell;

typedef struct {
    const char *path;
    rq_ruleset *rs;
} posting;

/* one candidate in a posting's list */
typedef struct {
    double score;
    bool eligible;
    char *id;                /* shown id (pseudonym when anonymizing) */
    size_t index;            /* input order */
} entry;

typedef struct {
    posting *postings;
    size_t np;
    size_t top;
    bool anonymize;
    bool json, csv;          /* else text */
    entry **heaps;           /* per posting, at most top entries */
    size_t *nheap;
    size_t *order;           /* scratch: a candidate's postings, best first */
    FILE *spool;             /* candidates' lists (json, text) */
    size_t nc;
    rq_buf piece;            /* scratch for one candidate */
    bool oom;
} match_run;

/* rank's order: < 0 when a comes first */
static int entry_cmp(const entry *a, const entry *b)
{
    if (a->eligible != b->eligible)
        return a->eligible ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    int c = strcmp(a->id, b->id);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int entry_qsort(const void *a, const void *b)
{
    return entry_cmp(a, b);
}

/* heap of a posting's best: the root is the worst kept */
static void heap_down(entry *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && entry_cmp(&h[l], &h[w]) > 0)
            w = l;
        if (r < n && entry_cmp(&h[r], &h[w]) > 0)
            w = r;
        if (w == i)
            return;
        entry t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

static void heap_up(entry *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (entry_cmp(&h[i], &h[parent]) <= 0)
            return;
        entry t = h[i];
        h[i] = h[parent];
        h[parent] = t;
        i = parent;
    }
}

static int offer(match_run *m, size_t p, const entry *e)
{
    entry *h = m->heaps[p];
    size_t n = m->nheap[p];
    if (n == m->top && entry_cmp(e, &h[0]) >= 0)
        return 0;
    char *id = rq_strdup(e->id);
    if (!id)
        return -1;
    if (n < m->top) {
        h[n] = *e;
        h[n].id = id;
        m->nheap[p] = n + 1;
        heap_up(h, n);
    } else {
        free(h[0].id);
        h[0] = *e;
        h[0].id = id;
        heap_down(h, n, 0);
    }
    return 0;
}

/* a candidate's postings: is posting a before b? */
static bool posting_before(const match_run *m, const cell *cells, size_t a, size_t b)
{
    const cell *x = &cells[a], *y = &cells[b];
    if (x->eligible != y->eligible)
        return x->eligible;
    if (x->score != y->score)
        return x->score > y->score;
    int c = strcmp(m->postings[a].path, m->postings[b].path);
    return c ? c < 0 : a < b;
}

static double round2(double x)
{
    double v = round(x * 100.0) / 100.0;
    return v == 0 ? 0 : v;
}

/* the candidate's list, as the output shows it, into m->piece */
static void candidate_piece(match_run *m, const char *id, const cell *cells, size_t k)
{
    rq_buf *b = &m->piece;
    if (!m->json) {
        rq_buf_printf(b, "\nCandidate %s\n", id);
        for (size_t i = 0; i < k; i++) {
            const cell *x = &cells[m->order[i]];
            rq_buf_printf(b, "  %3zu. %5.1f  %-12s %s\n", i + 1, x->score,
                          x->eligible ? "eligible" : "not eligible",
                          m->postings[m->order[i]].path);
        }
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", id);
    cJSON *top = cJSON_AddArrayToObject(o, "top");
    for (size_t i = 0; i < k; i++) {
        const cell *x = &cells[m->order[i]];
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "posting", m->postings[m->order[i]].path);
        cJSON_AddNumberToObject(t, "score", round2(x->score));
        cJSON_AddBoolToObject(t, "eligible", x->eligible);
        cJSON_AddItemToArray(top, t);
    }
    rq_buf_puts(b, m->nc ? ",\n    " : "\n    ");
    if (rq_json_print_at(o, 2, b) != 0)
        m->oom = true;
    cJSON_Delete(o);
}

/* The pool's match_sink: one candidate, in input order. */
static int take(void *ctx, const char *id, const cell *cells)
{
    match_run *m = ctx;
    char pseudo[32];
    const char *shown = m->anonymize ? rq_pseudonym(id, pseudo, sizeof pseudo) : id;
    for (size_t p = 0; p < m->np; p++) {
        entry e = {cells[p].score, cells[p].eligible, (char *)shown, m->nc};
        if (offer(m, p, &e) != 0)
            return -1;
    }
    if (m->spool) {
        /* the best K postings: insertion into a list of at most K */
        size_t k = 0, want = m->np < m->top ? m->np : m->top;
        for (size_t p = 0; p < m->np; p++) {
            if (k == want && !posting_before(m, cells, p, m->order[k - 1]))
                continue;
            size_t j = k < want ? k++ : k - 1;
            while (j > 0 && posting_before(m, cells, p, m->order[j - 1])) {
                m->order[j] = m->order[j - 1];
                j--;
            }
            m->order[j] = p;
        }
        rq_buf_reset(&m->piece);
        candidate_piece(m, shown, cells, k);
        if (m->piece.oom || m->oom)
            return -1;
        if (fwrite(m->piece.data, 1, m->piece.len, m->spool) != m->piece.len)
            return -1;
    }
    m->nc++;
    return 0;
}

/* the postings' lists, sorted best first */
static void sort_heaps(match_run *m)
{
    for (size_t p = 0; p < m->np; p++)
        qsort(m->heaps[p], m->nheap[p], sizeof(entry), entry_qsort);
}

static int put_spool(match_run *m, cli_out *out)
{
    if (fflush(m->spool) != 0 || fseek(m->spool, 0, SEEK_SET) != 0)
        return -1;
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, m->spool)) > 0)
        if (cli_out_write(out, buf, n) != 0)
            return -1;
    return ferror(m->spool) ? -1 : 0;
}

static int write_text(match_run *m, const char *as_of, const rq_rejected *rej,
                      size_t nrej, cli_out *out)
{
    rq_buf b = RQ_BUF_INIT;
    rq_buf_printf(&b, "As of %s: %zu posting%s, %zu candidate%s.\n", as_of, m->np,
                  m->np == 1 ? "" : "s", m->nc, m->nc == 1 ? "" : "s");
    for (size_t p = 0; p < m->np; p++) {
        const rq_ruleset *rs = m->postings[p].rs;
        rq_buf_printf(&b, "\nPosting %s", m->postings[p].path);
        if (rs->title)
            rq_buf_printf(&b, " - %s", rs->title);
        rq_buf_putc(&b, '\n');
        for (size_t i = 0; i < m->nheap[p]; i++) {
            const entry *x = &m->heaps[p][i];
            rq_buf_printf(&b, "  %3zu. %5.1f  %-12s %s\n", i + 1, x->score,
                          x->eligible ? "eligible" : "not eligible", x->id);
        }
    }
    int rc = b.oom ? -1 : cli_out_write(out, b.data, b.len);
    rq_buf_reset(&b);
    if (rc == 0)
        rc = put_spool(m, out);
    if (rc == 0 && nrej > 0) {
        rq_buf_printf(&b, "\nRejected inputs (%zu):\n", nrej);
        for (size_t i = 0; i < nrej; i++)
            rq_buf_printf(&b, "  %s\n", rej[i].error);
        rc = b.oom ? -1 : cli_out_write(out, b.data, b.len);
    }
    rq_buf_free(&b);
    return rc;
}

/* a JSON array of objects at depth 1, as rq_json_print lays it out */
static void put_array(rq_buf *b, cJSON *items)
{
    if (!items->child) {
        rq_buf_puts(b, "[]");
        return;
    }
    rq_buf_putc(b, '[');
    for (cJSON *c = items->child; c; c = c->next) {
        rq_buf_puts(b, "\n    ");
        rq_json_print_at(c, 2, b);
        if (c->next)
            rq_buf_putc(b, ',');
    }
    rq_buf_puts(b, "\n  ]");
}

static int write_json(match_run *m, const char *as_of, const rq_rejected *rej,
                      size_t nrej, cli_out *out)
{
    rq_buf b = RQ_BUF_INIT;
    cJSON *s = cJSON_CreateString(as_of);
    rq_buf_puts(&b, "{\n  \"as_of\": ");
    rq_json_print_at(s, 1, &b);
    cJSON_Delete(s);
    rq_buf_puts(&b, ",\n  \"postings\": ");
    cJSON *posts = cJSON_CreateArray();
    for (size_t p = 0; p < m->np; p++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "posting", m->postings[p].path);
        if (m->postings[p].rs->title)
            cJSON_AddStringToObject(o, "title", m->postings[p].rs->title);
        else
            cJSON_AddNullToObject(o, "title");
        cJSON *top = cJSON_AddArrayToObject(o, "top");
        for (size_t i = 0; i < m->nheap[p]; i++) {
            const entry *x = &m->heaps[p][i];
            cJSON *t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "id", x->id);
            cJSON_AddNumberToObject(t, "score", round2(x->score));
            cJSON_AddBoolToObject(t, "eligible", x->eligible);
            cJSON_AddItemToArray(top, t);
        }
        cJSON_AddItemToArray(posts, o);
    }
    put_array(&b, posts);
    cJSON_Delete(posts);
    rq_buf_puts(&b, ",\n  \"candidates\": ");
    if (m->nc == 0)
        rq_buf_puts(&b, "[]");
    else
        rq_buf_putc(&b, '[');
    int rc = b.oom ? -1 : cli_out_write(out, b.data, b.len);
    rq_buf_reset(&b);
    if (rc == 0 && m->nc > 0) {
        rc = put_spool(m, out);
        rq_buf_puts(&b, "\n  ]");
    }
    rq_buf_puts(&b, ",\n  \"rejected\": ");
    cJSON *rj = cJSON_CreateArray();
    for (size_t i = 0; i < nrej; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "source", rej[i].source);
        cJSON_AddStringToObject(o, "error", rej[i].error);
        cJSON_AddItemToArray(rj, o);
    }
    put_array(&b, rj);
    cJSON_Delete(rj);
    rq_buf_puts(&b, "\n}\n");
    if (rc == 0)
        rc = b.oom ? -1 : cli_out_write(out, b.data, b.len);
    rq_buf_free(&b);
    return rc;
}

static int write_csv(match_run *m, cli_out *out)
{
    rq_buf b = RQ_BUF_INIT;
    rq_buf_puts(&b, "posting,candidate,score,eligible,rank_for_posting\r\n");
    for (size_t p = 0; p < m->np; p++) {
        for (size_t i = 0; i < m->nheap[p]; i++) {
            const entry *x = &m->heaps[p][i];
            rq_csv_field(&b, m->postings[p].path);
            rq_buf_putc(&b, ',');
            rq_csv_field(&b, x->id);
            char score[32];
            snprintf(score, sizeof score, "%.2f", round2(x->score));
            rq_buf_printf(&b, ",%s,%s,%zu\r\n", score, x->eligible ? "yes" : "no", i + 1);
        }
    }
    int rc = b.oom ? -1 : cli_out_write(out, b.data, b.len);
    rq_buf_free(&b);
    return rc;
}

static void run_free(match_run *m)
{
    for (size_t p = 0; m->heaps && p < m->np; p++) {
        for (size_t i = 0; i < m->nheap[p]; i++)
            free(m->heaps[p][i].id);
        free(m->heaps[p]);
    }
    free(m->heaps);
    free(m->nheap);
    free(m->order);
    if (m->spool)
        fclose(m->spool);
    rq_buf_free(&m->piece);
}

int cli_match(const cli_opts *o)
{
    static const char *const formats[] = {"text", "json", "csv"};
    if (o->args.count > 0) {
        cli_error("match: '%s': give postings after --postings and profiles after --profiles",
                  o->args.items[0]);
        return CLI_FAIL;
    }
    if (o->postings.count == 0 || o->profiles.count == 0) {
        cli_error("match needs --postings POSTING... and --profiles PROFILE... "
                  "(see reqmatch match --help)");
        return CLI_FAIL;
    }
    const char *format = o->format ? o->format : cli_format_from_path(o->output);
    if (!format)
        format = "text";
    bool known = false;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        known |= strcmp(format, formats[i]) == 0;
    if (!known) {
        cli_error("match: cannot write format '%s' (text, json or csv)", format);
        return CLI_FAIL;
    }
    size_t stdin_uses = 0;
    for (size_t i = 0; i < o->postings.count; i++)
        stdin_uses += strcmp(o->postings.items[i], "-") == 0;
    for (size_t i = 0; i < o->profiles.count; i++)
        stdin_uses += strcmp(o->profiles.items[i], "-") == 0;
    if (stdin_uses > 1) {
        cli_error("standard input (-) can be read only once");
        return CLI_FAIL;
    }

    match_run m;
    memset(&m, 0, sizeof m);
    char as_of_text[11];
    int as_of;
    if (cli_as_of(o, &as_of, as_of_text) != 0)
        return CLI_FAIL;
    m.top = o->top > 0 ? (size_t)o->top : 10;
    m.anonymize = o->anonymize;
    m.json = strcmp(format, "json") == 0;
    m.csv = strcmp(format, "csv") == 0;
    rq_kb *kb = NULL;
    if (cli_kb_load(o, &kb) != 0)
        return CLI_FAIL;

    int status = CLI_FAIL;
    cli_pool pool;
    memset(&pool, 0, sizeof pool);
    pool.quiet = o->quiet;
    m.postings = calloc(o->postings.count, sizeof *m.postings);
    if (!m.postings)
        goto oom;
    for (size_t i = 0; i < o->postings.count; i++) {
        const char *path = o->postings.items[i];
        rq_ruleset *rs = NULL;
        char *err = NULL;
        if (cli_posting_load(path, kb, o->verbose, &rs, &err) != 0) {
            cli_pool_add_rejected(&pool, path, err);
            free(err);
            continue;
        }
        m.postings[m.np].path = path;
        m.postings[m.np++].rs = rs;
    }
    if (m.np == 0) {
        cli_error("match: no usable posting");
        goto done;
    }
    m.heaps = calloc(m.np, sizeof *m.heaps);
    m.nheap = calloc(m.np, sizeof *m.nheap);
    m.order = calloc(m.np, sizeof *m.order);
    if (!m.heaps || !m.nheap || !m.order)
        goto oom;
    for (size_t p = 0; p < m.np; p++)
        if (!(m.heaps[p] = calloc(m.top, sizeof(entry))))
            goto oom;
    if (!m.csv && !(m.spool = tmpfile())) {
        cli_error("cannot create a temporary file: %s", strerror(errno));
        goto done;
    }
    rq_ruleset **rss = calloc(m.np, sizeof *rss);
    if (!rss)
        goto oom;
    for (size_t p = 0; p < m.np; p++)
        rss[p] = m.postings[p].rs;
    pool.match_rs = rss;
    pool.match_np = m.np;
    pool.match_sink = take;
    pool.match_ctx = &m;
    pool.eval_opts = (rq_eval_opts){kb, as_of};
    cli_pool_options(&pool, o);
    /* the profiles keep only the concepts some posting's rules can
     * count, and folded texts only if a posting looks for free text */
    uint64_t *read = rq_rules_concepts_read((const rq_ruleset *const *)rss, m.np, kb);
    rq_profile_opts popts = {.kb = kb, .as_of = as_of, .no_folded = true, .concepts = read};
    for (size_t p = 0; p < m.np && popts.no_folded; p++)
        popts.no_folded = !rq_rules_use_text(m.postings[p].rs, kb);
    int loaded = cli_pool_load(&pool, &o->profiles, &popts, !o->quiet);
    free(read);
    free(rss);
    if (loaded != 0)
        goto done;
    if (m.nc == 0) {
        cli_error("no readable profile in the input");
        goto done;
    }
    sort_heaps(&m);

    cli_out out;
    if (cli_out_open(&out, o->output) != 0)
        goto done;
    int rc = m.json  ? write_json(&m, as_of_text, pool.rejected, pool.nrejected, &out)
             : m.csv ? write_csv(&m, &out)
                     : write_text(&m, as_of_text, pool.rejected, pool.nrejected, &out);
    if (rc != 0 && !out.failed) {
        cli_error("cannot render the report (out of memory or temporary file)");
        cli_out_abort(&out);
    } else if (cli_out_close(&out) == 0) {
        status = pool.nrejected > 0 ? CLI_PARTIAL : CLI_OK;
    }
    goto done;

oom:
    cli_error("out of memory");
done:
    for (size_t p = 0; p < m.np; p++)
        rq_ruleset_free(m.postings[p].rs);
    free(m.postings);
    run_free(&m);
    cli_pool_free(&pool);
    rq_kb_free(kb);
    return status;
}
