/*
 * csv.c - the ranking as RFC 4180 CSV, one row per candidate.
 *
 * The columns are the workbook's Ranking sheet's, headers included
 * (rq_rank_columns): rank, candidate, name, eligible, score, one score per
 * category the rule set uses, then for every rule its status and its
 * value (experience: years; language: level; degree: EQF; knowledge and
 * other: the share satisfied, 0..1). Numbers are rounded as in the JSON
 * (scores and shares 2 decimals, years 1).
 * Lines end in CRLF; a field is quoted when it holds '"', ',', CR or LF,
 * and its quotes are doubled. Text that a spreadsheet would run as a
 * formula (leading '=', '+', '-', '@', TAB or CR: a profile can be named
 * "=HYPERLINK(...)") gets a leading apostrophe. Numbers we format
 * ourselves go through a separate path and are never altered.
 * Rejected inputs are not in the CSV (it is candidates only); they are on
 * stderr and in the other formats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

int rq_csv_field(rq_buf *out, const char *text)
{
    const char *s = text ? text : "";
    bool formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
    bool quote = strpbrk(s, "\",\r\n") != NULL;
    if (quote)
        rq_buf_putc(out, '"');
    if (formula)
        rq_buf_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            rq_buf_putc(out, '"');
        rq_buf_putc(out, *p);
    }
    if (quote)
        rq_buf_putc(out, '"');
    return out->oom ? -1 : 0;
}

/* a number we computed: at most `decimals` decimals, no trailing zeros */
static void csv_number(rq_buf *out, double x, int decimals)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*f", decimals, rq_report_round(x, decimals));
    if (strchr(tmp, '.')) {
        size_t n = strlen(tmp);
        while (n > 0 && tmp[n - 1] == '0')
            tmp[--n] = '\0';
        if (n > 0 && tmp[n - 1] == '.')
            tmp[--n] = '\0';
    }
    if (strcmp(tmp, "-0") == 0)
        strcpy(tmp, "0");
    rq_buf_puts(out, tmp);
}

static void rule_value(rq_buf *out, const rq_rule *rule, const rq_result *res)
{
    switch (rule->category) {
    case RQ_CAT_EXPERIENCE:
        csv_number(out, res->years, 1);
        break;
    case RQ_CAT_LANGUAGE: {
        const char *level = rq_level_name(res->level);
        rq_csv_field(out, level ? level : "");
        break;
    }
    case RQ_CAT_DEGREE:
        if (res->eqf > 0)
            rq_buf_printf(out, "%d", res->eqf);
        break;
    default:
        csv_number(out, res->satisfaction, 2);
        break;
    }
}

static void cell(rq_buf *out, const rq_report *r, const rq_evaluation *e,
                 const rq_column *c)
{
    char idbuf[32];
    const rq_result *res = c->rule < e->nresults ? &e->results[c->rule] : NULL;
    switch (c->kind) {
    case RQ_COL_RANK: rq_buf_printf(out, "%d", e->rank); break;
    case RQ_COL_ID: rq_csv_field(out, rq_report_id(r, e, idbuf, sizeof idbuf)); break;
    case RQ_COL_NAME: rq_csv_field(out, rq_report_name(r, e)); break;
    case RQ_COL_ELIGIBLE: rq_buf_puts(out, e->eligible ? "yes" : "no"); break;
    case RQ_COL_SCORE: csv_number(out, e->score, 2); break;
    case RQ_COL_CATEGORY:
        if (e->category_score[c->category] >= 0)
            csv_number(out, e->category_score[c->category], 2);
        break;
    case RQ_COL_STATUS:
        if (res)
            rq_buf_puts(out, rq_status_name(res->status));
        break;
    case RQ_COL_VALUE:
        if (res)
            rule_value(out, &r->rules->rules[c->rule], res);
        break;
    }
}

int rq_report_rank_csv(const rq_report *r, rq_buf *out)
{
    rq_column *cols;
    size_t ncols;
    if (rq_rank_columns(r->rules, &cols, &ncols) != 0)
        return -1;
    rq_buf head = RQ_BUF_INIT;
    for (size_t c = 0; c < ncols; c++) {
        if (c)
            rq_buf_putc(out, ',');
        rq_buf_reset(&head);
        rq_rank_column_header(r->rules, &cols[c], &head);
        rq_csv_field(out, head.data);
        out->oom = out->oom || head.oom;
    }
    rq_buf_free(&head);
    rq_buf_puts(out, "\r\n");

    for (size_t k = 0; k < r->nevals; k++) {
        for (size_t c = 0; c < ncols; c++) {
            if (c)
                rq_buf_putc(out, ',');
            cell(out, r, &r->evals[k], &cols[c]);
        }
        rq_buf_puts(out, "\r\n");
    }
    free(cols);
    return out->oom ? -1 : 0;
}
