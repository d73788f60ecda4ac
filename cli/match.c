/*
 * match.c - many postings against many profiles.
 *
 * Every posting is compiled once and every profile analysed once, on the
 * pool's worker threads, and evaluated there against every posting; only
 * each pair's score and eligibility are kept (a candidates x postings
 * table of small cells) and the profile is freed at once, so neither the
 * profiles nor the evaluations' evidence pile up. Each posting's candidates and each candidate's postings
 * are then ordered as rank orders them: eligible first, score descending,
 * then candidate id (or posting path) ascending, input order last.
 * A posting that cannot be used is rejected (status 2) as long as at least
 * one posting and one profile are usable.
 */
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

typedef struct {
    const cell *cells;       /* the row or column being ordered */
    size_t stride;
    const char *const *keys; /* tie-break: candidate ids or posting paths */
} order_ctx;

static order_ctx g_order; /* qsort has no context argument in C11 */

static int order_cmp(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const cell *ca = &g_order.cells[a * g_order.stride];
    const cell *cb = &g_order.cells[b * g_order.stride];
    if (ca->eligible != cb->eligible)
        return ca->eligible ? -1 : 1;
    if (ca->score != cb->score)
        return ca->score > cb->score ? -1 : 1;
    int c = strcmp(g_order.keys[a], g_order.keys[b]);
    if (c)
        return c;
    return a < b ? -1 : a > b;
}

static void order(size_t *idx, size_t n, const cell *first, size_t stride,
                  const char *const *keys)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    g_order.cells = first;
    g_order.stride = stride;
    g_order.keys = keys;
    qsort(idx, n, sizeof *idx, order_cmp);
}

static double round2(double x)
{
    double v = round(x * 100.0) / 100.0;
    return v == 0 ? 0 : v;
}

typedef struct {
    posting *postings;
    size_t np;
    size_t nc;
    const char **ids;        /* shown ids (pseudonyms when anonymizing) */
    char (*pseudo)[24];
    const cell *cells;       /* cells[c * np + p] */
    size_t top;
    size_t **by_posting;     /* np lists of nc indices */
    size_t **by_candidate;   /* nc lists of np indices */
    const char **paths;
    const char *as_of;
    const rq_rejected *rejected;
    size_t nrejected;
} match_result;

static int write_text(const match_result *m, rq_buf *out)
{
    rq_buf_printf(out, "As of %s: %zu posting%s, %zu candidate%s.\n", m->as_of,
                  m->np, m->np == 1 ? "" : "s", m->nc, m->nc == 1 ? "" : "s");
    for (size_t p = 0; p < m->np; p++) {
        const rq_ruleset *rs = m->postings[p].rs;
        rq_buf_printf(out, "\nPosting %s", m->postings[p].path);
        if (rs->title)
            rq_buf_printf(out, " - %s", rs->title);
        rq_buf_putc(out, '\n');
        size_t k = m->nc < m->top ? m->nc : m->top;
        for (size_t i = 0; i < k; i++) {
            size_t c = m->by_posting[p][i];
            const cell *x = &m->cells[c * m->np + p];
            rq_buf_printf(out, "  %3zu. %5.1f  %-12s %s\n", i + 1, x->score,
                          x->eligible ? "eligible" : "not eligible", m->ids[c]);
        }
    }
    for (size_t c = 0; c < m->nc; c++) {
        rq_buf_printf(out, "\nCandidate %s\n", m->ids[c]);
        size_t k = m->np < m->top ? m->np : m->top;
        for (size_t i = 0; i < k; i++) {
            size_t p = m->by_candidate[c][i];
            const cell *x = &m->cells[c * m->np + p];
            rq_buf_printf(out, "  %3zu. %5.1f  %-12s %s\n", i + 1, x->score,
                          x->eligible ? "eligible" : "not eligible", m->postings[p].path);
        }
    }
    if (m->nrejected > 0) {
        rq_buf_printf(out, "\nRejected inputs (%zu):\n", m->nrejected);
        for (size_t i = 0; i < m->nrejected; i++)
            rq_buf_printf(out, "  %s\n", m->rejected[i].error);
    }
    return out->oom ? -1 : 0;
}

static int write_json(const match_result *m, rq_buf *out)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "as_of", m->as_of);
    cJSON *posts = cJSON_AddArrayToObject(doc, "postings");
    for (size_t p = 0; p < m->np; p++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "posting", m->postings[p].path);
        if (m->postings[p].rs->title)
            cJSON_AddStringToObject(o, "title", m->postings[p].rs->title);
        else
            cJSON_AddNullToObject(o, "title");
        cJSON *top = cJSON_AddArrayToObject(o, "top");
        size_t k = m->nc < m->top ? m->nc : m->top;
        for (size_t i = 0; i < k; i++) {
            size_t c = m->by_posting[p][i];
            const cell *x = &m->cells[c * m->np + p];
            cJSON *t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "id", m->ids[c]);
            cJSON_AddNumberToObject(t, "score", round2(x->score));
            cJSON_AddBoolToObject(t, "eligible", x->eligible);
            cJSON_AddItemToArray(top, t);
        }
        cJSON_AddItemToArray(posts, o);
    }
    cJSON *cands = cJSON_AddArrayToObject(doc, "candidates");
    for (size_t c = 0; c < m->nc; c++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", m->ids[c]);
        cJSON *top = cJSON_AddArrayToObject(o, "top");
        size_t k = m->np < m->top ? m->np : m->top;
        for (size_t i = 0; i < k; i++) {
            size_t p = m->by_candidate[c][i];
            const cell *x = &m->cells[c * m->np + p];
            cJSON *t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "posting", m->postings[p].path);
            cJSON_AddNumberToObject(t, "score", round2(x->score));
            cJSON_AddBoolToObject(t, "eligible", x->eligible);
            cJSON_AddItemToArray(top, t);
        }
        cJSON_AddItemToArray(cands, o);
    }
    cJSON *rej = cJSON_AddArrayToObject(doc, "rejected");
    for (size_t i = 0; i < m->nrejected; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "source", m->rejected[i].source);
        cJSON_AddStringToObject(o, "error", m->rejected[i].error);
        cJSON_AddItemToArray(rej, o);
    }
    int rc = rq_json_print(doc, out);
    cJSON_Delete(doc);
    return rc;
}

static int write_csv(const match_result *m, rq_buf *out)
{
    rq_buf_puts(out, "posting,candidate,score,eligible,rank_for_posting\r\n");
    for (size_t p = 0; p < m->np; p++) {
        size_t k = m->nc < m->top ? m->nc : m->top;
        for (size_t i = 0; i < k; i++) {
            size_t c = m->by_posting[p][i];
            const cell *x = &m->cells[c * m->np + p];
            rq_csv_field(out, m->postings[p].path);
            rq_buf_putc(out, ',');
            rq_csv_field(out, m->ids[c]);
            char score[32];
            snprintf(score, sizeof score, "%.2f", round2(x->score));
            rq_buf_printf(out, ",%s,%s,%zu\r\n", score, x->eligible ? "yes" : "no", i + 1);
        }
    }
    return out->oom ? -1 : 0;
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

    match_result m;
    memset(&m, 0, sizeof m);
    char as_of_text[11];
    int as_of;
    if (cli_as_of(o, &as_of, as_of_text) != 0)
        return CLI_FAIL;
    m.as_of = as_of_text;
    m.top = o->top > 0 ? (size_t)o->top : 10;
    rq_kb *kb = NULL;
    if (cli_kb_load(o, &kb) != 0)
        return CLI_FAIL;

    int status = CLI_FAIL;
    cli_pool pool;
    memset(&pool, 0, sizeof pool);
    pool.quiet = o->quiet;
    m.postings = calloc(o->postings.count, sizeof *m.postings);
    if (!m.postings)
        goto done;
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
    rq_ruleset **rss = calloc(m.np, sizeof *rss);
    if (!rss)
        goto oom;
    for (size_t p = 0; p < m.np; p++)
        rss[p] = m.postings[p].rs;
    pool.match_rs = rss;
    pool.match_np = m.np;
    pool.eval_opts = (rq_eval_opts){kb, as_of};
    cli_pool_options(&pool, o);
    rq_profile_opts popts = {kb, as_of};
    int loaded = cli_pool_load(&pool, &o->profiles, &popts, !o->quiet);
    free(rss);
    if (loaded != 0)
        goto done;
    if (pool.match_nc == 0) {
        cli_error("no readable profile in the input");
        goto done;
    }
    m.nc = pool.match_nc;
    m.cells = pool.match_cells;
    m.rejected = pool.rejected;
    m.nrejected = pool.nrejected;

    m.ids = calloc(m.nc, sizeof *m.ids);
    m.pseudo = calloc(m.nc, sizeof *m.pseudo);
    m.paths = calloc(m.np, sizeof *m.paths);
    m.by_posting = calloc(m.np, sizeof *m.by_posting);
    m.by_candidate = calloc(m.nc, sizeof *m.by_candidate);
    if (!m.ids || !m.pseudo || !m.paths || !m.by_posting || !m.by_candidate)
        goto oom;
    for (size_t c = 0; c < m.nc; c++)
        m.ids[c] = o->anonymize ? rq_pseudonym(pool.match_ids[c], m.pseudo[c],
                                               sizeof m.pseudo[c])
                                : pool.match_ids[c];
    for (size_t p = 0; p < m.np; p++)
        m.paths[p] = m.postings[p].path;

    for (size_t p = 0; p < m.np; p++) {
        if (!(m.by_posting[p] = malloc(m.nc * sizeof(size_t))))
            goto oom;
        order(m.by_posting[p], m.nc, &m.cells[p], m.np, m.ids);
    }
    for (size_t c = 0; c < m.nc; c++) {
        if (!(m.by_candidate[c] = malloc(m.np * sizeof(size_t))))
            goto oom;
        order(m.by_candidate[c], m.np, &m.cells[c * m.np], 1, m.paths);
    }

    rq_buf out = RQ_BUF_INIT;
    int rc = strcmp(format, "json") == 0  ? write_json(&m, &out)
             : strcmp(format, "csv") == 0 ? write_csv(&m, &out)
                                          : write_text(&m, &out);
    if (rc != 0 || out.oom)
        cli_error("cannot render the report (out of memory)");
    else if (cli_write(o->output, out.data, out.len) == 0)
        status = pool.nrejected > 0 ? CLI_PARTIAL : CLI_OK;
    rq_buf_free(&out);
    goto done;

oom:
    cli_error("out of memory");
done:
    for (size_t p = 0; p < m.np; p++) {
        rq_ruleset_free(m.postings[p].rs);
        if (m.by_posting)
            free(m.by_posting[p]);
    }
    for (size_t c = 0; m.by_candidate && c < m.nc; c++)
        free(m.by_candidate[c]);
    free(m.by_posting);
    free(m.by_candidate);
    free(m.postings);
    free(m.ids);
    free(m.pseudo);
    free(m.paths);
    cli_pool_free(&pool);
    rq_kb_free(kb);
    return status;
}
