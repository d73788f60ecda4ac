/*
 * csv.c - the ranking as RFC 4180 CSV, one row per candidate.
 *
 * Columns match the workbook's Ranking sheet: rank, id, name, eligible,
 * score, one score per category (empty when the rule set has no rule of
 * it), then for every rule "<id> status" and "<id> value" (experience:
 * years; language: level; degree: EQF; knowledge and other: satisfaction).
 * Lines end in CRLF; a field is quoted when it holds '"', ',', CR or LF,
 * and its quotes are doubled. Text that a spreadsheet would run as a
 * formula (leading '=', '+', '-', '@', TAB or CR: a profile can be named
 * "=HYPERLINK(...)") gets a leading apostrophe. Numbers we format
 * ourselves go through a separate path and are never altered.
 * Rejected inputs are not in the CSV (it is candidates only); they are on
 * stderr and in the other formats.
 */
#include <stdio.h>
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
    snprintf(tmp, sizeof tmp, "%.*f", decimals, x);
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

int rq_report_rank_csv(const rq_report *r, rq_buf *out)
{
    const rq_ruleset *rs = r->rules;
    rq_buf_puts(out, "rank,id,name,eligible,score");
    for (int c = 0; c < RQ_CAT_COUNT; c++)
        rq_buf_printf(out, ",%s", rq_category_name((rq_category)c));
    for (size_t i = 0; i < rs->count; i++) {
        rq_buf col = RQ_BUF_INIT;
        rq_buf_putc(out, ',');
        rq_buf_printf(&col, "%s status", rs->rules[i].id);
        rq_csv_field(out, col.data);
        rq_buf_putc(out, ',');
        rq_buf_reset(&col);
        rq_buf_printf(&col, "%s value", rs->rules[i].id);
        rq_csv_field(out, col.data);
        rq_buf_free(&col);
    }
    rq_buf_puts(out, "\r\n");

    for (size_t k = 0; k < r->nevals; k++) {
        const rq_evaluation *e = &r->evals[k];
        char idbuf[32];
        rq_buf_printf(out, "%d,", e->rank);
        rq_csv_field(out, rq_report_id(r, e, idbuf, sizeof idbuf));
        rq_buf_putc(out, ',');
        rq_csv_field(out, rq_report_name(r, e));
        rq_buf_puts(out, e->eligible ? ",yes," : ",no,");
        csv_number(out, e->score, 2);
        for (int c = 0; c < RQ_CAT_COUNT; c++) {
            rq_buf_putc(out, ',');
            if (e->category_score[c] >= 0)
                csv_number(out, e->category_score[c], 2);
        }
        for (size_t i = 0; i < rs->count; i++) {
            rq_buf_putc(out, ',');
            if (i >= e->nresults) {
                rq_buf_putc(out, ',');
                continue;
            }
            rq_buf_puts(out, rq_status_name(e->results[i].status));
            rq_buf_putc(out, ',');
            rule_value(out, &rs->rules[i], &e->results[i]);
        }
        rq_buf_puts(out, "\r\n");
    }
    return out->oom ? -1 : 0;
}
