/*
 * text.c - the terminal reports: the ranking table and the gap report.
 *
 * The ranking is an aligned table, one row per candidate, with one short
 * column per rule (R1, R2, ... explained in the legend below the table).
 * Statuses are ASCII letters so that the table reads the same in a pipe,
 * a log file or a terminal without Unicode fonts:
 *     M met   P partial   U unmet   ? unknown (a person should check)
 * and a trailing '!' marks a required rule that is not met: the knock-out
 * that makes the candidate ineligible. Columns are padded by counting
 * UTF-8 code points, so accented names stay aligned. Colour (ANSI) is
 * added only when the caller says so (r->color: a terminal, no NO_COLOR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_RED "\033[31m"
#define C_CYAN "\033[36m"

#define NAME_MAX_WIDTH 28

static size_t utf8_width(const char *s)
{
    size_t w = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* s, cut to at most max code points (with "..." when cut) */
static void put_cut(rq_buf *out, const char *s, size_t max)
{
    size_t w = utf8_width(s);
    if (w <= max) {
        rq_buf_puts(out, s);
        return;
    }
    size_t keep = max > 3 ? max - 3 : 0, n = 0;
    const char *p = s;
    for (; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (n == keep)
                break;
            n++;
        }
    }
    rq_buf_append(out, s, (size_t)(p - s));
    rq_buf_puts(out, "...");
}

static void pad(rq_buf *out, size_t used, size_t width)
{
    for (; used < width; used++)
        rq_buf_putc(out, ' ');
}

static void color_on(const rq_report *r, rq_buf *out, const char *code)
{
    if (r->color)
        rq_buf_puts(out, code);
}

static void color_off(const rq_report *r, rq_buf *out)
{
    if (r->color)
        rq_buf_puts(out, C_RESET);
}

static const char *status_letter(rq_status s)
{
    switch (s) {
    case RQ_MET: return "M";
    case RQ_PARTIAL: return "P";
    case RQ_UNMET: return "U";
    default: return "?";
    }
}

static const char *status_color(rq_status s)
{
    switch (s) {
    case RQ_MET: return C_GREEN;
    case RQ_PARTIAL: return C_YELLOW;
    case RQ_UNMET: return C_RED;
    default: return C_CYAN;
    }
}

static bool knocked_out(const rq_rule *rule, const rq_result *res)
{
    return rule->required && res->status != RQ_MET && res->status != RQ_UNKNOWN;
}

static void posting_header(const rq_report *r, rq_buf *out)
{
    const rq_ruleset *rs = r->rules;
    rq_buf_puts(out, "Posting: ");
    rq_buf_puts(out, rs->title ? rs->title : "(untitled)");
    if (rs->organization)
        rq_buf_printf(out, " - %s", rs->organization);
    if (r->posting_path)
        rq_buf_printf(out, " (%s)", r->posting_path);
    rq_buf_printf(out, "\nAs of:   %s\n", r->as_of_text ? r->as_of_text : "");
}

static size_t required_count(const rq_ruleset *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->count; i++)
        n += rs->rules[i].required;
    return n;
}

static void rule_line(const rq_report *r, rq_buf *out, size_t i, size_t idw)
{
    const rq_rule *rule = &r->rules->rules[i];
    char label[24];
    snprintf(label, sizeof label, "R%zu", i + 1);
    rq_buf_printf(out, "  %-4s ", label);
    rq_buf_puts(out, rule->id);
    pad(out, utf8_width(rule->id), idw + 2);
    rq_buf_printf(out, "%-10s %s, weight %g: ", rq_category_name(rule->category),
                  rule->required ? "required" : "preferred", rule->weight);
    rq_rule_describe(rule, r->kb, out);
    rq_buf_putc(out, '\n');
}

int rq_report_rank_text(const rq_report *r, rq_buf *out)
{
    const rq_ruleset *rs = r->rules;
    char idbuf[32];

    posting_header(r, out);
    rq_buf_printf(out, "Rules:   %zu (%zu required)\n\n", rs->count, required_count(rs));

    size_t idw = strlen("Id"), namew = strlen("Name");
    for (size_t k = 0; k < r->nevals; k++) {
        size_t w = utf8_width(rq_report_id(r, &r->evals[k], idbuf, sizeof idbuf));
        if (w > idw)
            idw = w;
        const char *name = rq_report_name(r, &r->evals[k]);
        w = utf8_width(name ? name : "-");
        if (w > NAME_MAX_WIDTH)
            w = NAME_MAX_WIDTH;
        if (w > namew)
            namew = w;
    }

    color_on(r, out, C_BOLD);
    rq_buf_puts(out, "Rank  Id");
    pad(out, 2, idw + 2);
    rq_buf_puts(out, "Name");
    pad(out, 4, namew + 2);
    rq_buf_puts(out, "Eligible  Score");
    for (size_t i = 0; i < rs->count; i++)
        rq_buf_printf(out, i + 1 < rs->count ? "  R%-2zu" : "  R%zu", i + 1);
    color_off(r, out);
    rq_buf_putc(out, '\n');

    size_t neligible = 0;
    for (size_t k = 0; k < r->nevals; k++) {
        const rq_evaluation *e = &r->evals[k];
        neligible += e->eligible;
        const char *id = rq_report_id(r, e, idbuf, sizeof idbuf);
        const char *name = rq_report_name(r, e);
        if (!name)
            name = "-";
        rq_buf_printf(out, "%4d  ", e->rank);
        rq_buf_puts(out, id);
        pad(out, utf8_width(id), idw + 2);
        put_cut(out, name, NAME_MAX_WIDTH);
        size_t nw = utf8_width(name);
        pad(out, nw > NAME_MAX_WIDTH ? NAME_MAX_WIDTH : nw, namew + 2);
        color_on(r, out, e->eligible ? C_GREEN : C_RED);
        rq_buf_puts(out, e->eligible ? "yes" : "no ");
        color_off(r, out);
        rq_buf_printf(out, "       %5.1f", e->score);
        for (size_t i = 0; i < rs->count; i++) {
            if (i >= e->nresults) {
                rq_buf_puts(out, "     ");
                continue;
            }
            const rq_result *res = &e->results[i];
            bool ko = knocked_out(&rs->rules[i], res);
            rq_buf_puts(out, "  ");
            color_on(r, out, status_color(res->status));
            rq_buf_puts(out, status_letter(res->status));
            rq_buf_puts(out, ko ? "!" : " ");
            color_off(r, out);
            rq_buf_puts(out, " ");
        }
        /* no trailing blanks */
        while (out->len > 0 && out->data[out->len - 1] == ' ')
            out->data[--out->len] = '\0';
        rq_buf_putc(out, '\n');
    }
    if (r->nevals == 0)
        rq_buf_puts(out, "   (no candidate to show)\n");

    rq_buf_puts(out, "\nM met, P partial, U unmet, ? unknown (check by hand), "
                     "! required rule not met (knock-out)\n");
    size_t ruleidw = 0;
    for (size_t i = 0; i < rs->count; i++)
        if (utf8_width(rs->rules[i].id) > ruleidw)
            ruleidw = utf8_width(rs->rules[i].id);
    for (size_t i = 0; i < rs->count; i++)
        rule_line(r, out, i, ruleidw);

    rq_buf_printf(out, "\n%zu candidate%s evaluated, %zu shown, %zu eligible among them.\n",
                  r->ncandidates, r->ncandidates == 1 ? "" : "s", r->nevals, neligible);
    if (r->nrejected > 0) {
        rq_buf_printf(out, "Rejected inputs (%zu):\n", r->nrejected);
        for (size_t i = 0; i < r->nrejected; i++)
            rq_buf_printf(out, "  %s\n", r->rejected[i].error);
    }
    return out->oom ? -1 : 0;
}

int rq_report_gap_text(const rq_report *r, rq_buf *out)
{
    if (r->nevals < 1)
        return -1;
    const rq_ruleset *rs = r->rules;
    const rq_evaluation *e = &r->evals[0];
    char idbuf[32];
    const char *name = rq_report_name(r, e);

    color_on(r, out, C_BOLD);
    rq_buf_printf(out, "Candidate: %s", rq_report_id(r, e, idbuf, sizeof idbuf));
    if (name)
        rq_buf_printf(out, " (%s)", name);
    color_off(r, out);
    rq_buf_putc(out, '\n');
    posting_header(r, out);
    rq_buf_printf(out, "Score:   %.1f / 100\n", e->score);
    rq_buf_puts(out, "Eligible: ");
    color_on(r, out, e->eligible ? C_GREEN : C_RED);
    rq_buf_puts(out, e->eligible ? "yes" : "no");
    color_off(r, out);
    if (!e->eligible) {
        rq_buf_puts(out, " - required rules not met:");
        for (size_t i = 0; i < rs->count && i < e->nresults; i++)
            if (knocked_out(&rs->rules[i], &e->results[i]))
                rq_buf_printf(out, " %s", rs->rules[i].id);
    }
    rq_buf_puts(out, "\n\nRules\n");

    for (size_t i = 0; i < rs->count && i < e->nresults; i++) {
        const rq_rule *rule = &rs->rules[i];
        const rq_result *res = &e->results[i];
        rq_buf_puts(out, "  ");
        color_on(r, out, status_color(res->status));
        rq_buf_printf(out, "%-8s", rq_status_name(res->status));
        color_off(r, out);
        rq_buf_printf(out, " %s (%s, %s, weight %g)\n", rule->id,
                      rq_category_name(rule->category),
                      rule->required ? "required" : "preferred", rule->weight);
        rq_buf_puts(out, "           asks:     ");
        rq_rule_describe(rule, r->kb, out);
        rq_buf_putc(out, '\n');
        if (res->shows)
            rq_buf_printf(out, "           shows:    %s\n", res->shows);
        if (res->nevidence > 0) {
            rq_buf_puts(out, "           evidence:");
            for (size_t j = 0; j < res->nevidence; j++)
                rq_buf_printf(out, "%s %s", j ? "," : "", res->evidence[j]);
            rq_buf_putc(out, '\n');
        }
        if (res->gap)
            rq_buf_printf(out, "           gap:      %s\n", res->gap);
    }

    rq_improvement *imp = NULL;
    size_t nimp = 0;
    if (rq_improvements(rs, e, &imp, &nimp) != 0)
        return -1;
    rq_buf_puts(out, "\nWhat to work on first\n");
    if (nimp == 0)
        rq_buf_puts(out, "  Nothing: every rule is met.\n");
    for (size_t i = 0; i < nimp; i++) {
        if (imp[i].rule >= rs->count)
            continue;
        const rq_rule *rule = &rs->rules[imp[i].rule];
        rq_buf_printf(out, "  %zu. %s (+%.1f points%s): ", i + 1, rule->id,
                      imp[i].score_gain,
                      imp[i].makes_eligible ? ", needed to be eligible" : "");
        rq_rule_describe(rule, r->kb, out);
        rq_buf_putc(out, '\n');
    }
    free(imp);
    return out->oom ? -1 : 0;
}
