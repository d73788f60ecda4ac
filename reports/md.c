/*
 * md.c - Markdown reports: the shortlist table (rank) and the candidate's
 * gap report, to paste into a ticket, a wiki or an e-mail.
 *
 * Every cell that holds text from the inputs goes through md_cell, which
 * escapes '|' (it would end the cell), backslashes, and turns line breaks
 * into spaces (they would end the row). Statuses are written as words in
 * the gap report and as the same letters as the text table in the
 * shortlist (M met, P partial, U unmet, ? unknown, ! knock-out), with a
 * legend, so the table stays narrow.
 */
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

static void md_cell(rq_buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '|': rq_buf_puts(out, "\\|"); break;
        case '\\': rq_buf_puts(out, "\\\\"); break;
        case '\r': break;
        case '\n': rq_buf_putc(out, ' '); break;
        default: rq_buf_putc(out, *s);
        }
    }
}

static void md_describe(const rq_report *r, rq_buf *out, const rq_rule *rule)
{
    rq_buf d = RQ_BUF_INIT;
    rq_rule_describe(rule, r->kb, &d);
    md_cell(out, d.data);
    rq_buf_free(&d);
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

static bool knocked_out(const rq_rule *rule, const rq_result *res)
{
    return rule->required && res->status != RQ_MET && res->status != RQ_UNKNOWN;
}

static void title_line(const rq_report *r, rq_buf *out, const char *what)
{
    rq_buf_printf(out, "# %s: ", what);
    md_cell(out, r->rules->title ? r->rules->title : "untitled posting");
    if (r->rules->organization) {
        rq_buf_puts(out, " - ");
        md_cell(out, r->rules->organization);
    }
    rq_buf_puts(out, "\n\n");
}

static void rules_table(const rq_report *r, rq_buf *out)
{
    const rq_ruleset *rs = r->rules;
    rq_buf_puts(out, "## Rules\n\n| | Rule | Category | Required | Weight | Asks |\n"
                     "|---|---|---|---|---:|---|\n");
    for (size_t i = 0; i < rs->count; i++) {
        const rq_rule *rule = &rs->rules[i];
        rq_buf_printf(out, "| R%zu | ", i + 1);
        md_cell(out, rule->id);
        rq_buf_printf(out, " | %s | %s | %g | ", rq_category_name(rule->category),
                      rule->required ? "yes" : "no", rule->weight);
        md_describe(r, out, rule);
        rq_buf_puts(out, " |\n");
    }
}

static void rejected_list(const rq_report *r, rq_buf *out)
{
    if (r->nrejected == 0)
        return;
    rq_buf_printf(out, "\n## Rejected inputs (%zu)\n\n", r->nrejected);
    for (size_t i = 0; i < r->nrejected; i++) {
        rq_buf_puts(out, "- ");
        md_cell(out, r->rejected[i].error);
        rq_buf_putc(out, '\n');
    }
}

int rq_report_rank_md(const rq_report *r, rq_buf *out)
{
    const rq_ruleset *rs = r->rules;
    char idbuf[32];
    title_line(r, out, "Shortlist");
    rq_buf_printf(out, "As of %s. %zu candidate%s evaluated, %zu shown.\n\n",
                  r->as_of_text ? r->as_of_text : "", r->ncandidates,
                  r->ncandidates == 1 ? "" : "s", r->nevals);

    rq_buf_puts(out, "| Rank | Id | Name | Eligible | Score |");
    for (size_t i = 0; i < rs->count; i++)
        rq_buf_printf(out, " R%zu |", i + 1);
    rq_buf_puts(out, "\n|---:|---|---|---|---:|");
    for (size_t i = 0; i < rs->count; i++)
        rq_buf_puts(out, ":---:|");
    rq_buf_putc(out, '\n');
    for (size_t k = 0; k < r->nevals; k++) {
        const rq_evaluation *e = &r->evals[k];
        const char *name = rq_report_name(r, e);
        rq_buf_printf(out, "| %d | ", e->rank);
        md_cell(out, rq_report_id(r, e, idbuf, sizeof idbuf));
        rq_buf_puts(out, " | ");
        md_cell(out, name ? name : "-");
        rq_buf_printf(out, " | %s | %.1f |", e->eligible ? "yes" : "no", e->score);
        for (size_t i = 0; i < rs->count; i++) {
            if (i >= e->nresults) {
                rq_buf_puts(out, " |");
                continue;
            }
            const rq_result *res = &e->results[i];
            rq_buf_printf(out, " %s%s |", status_letter(res->status),
                          knocked_out(&rs->rules[i], res) ? "!" : "");
        }
        rq_buf_putc(out, '\n');
    }
    rq_buf_puts(out, "\nM met, P partial, U unmet, ? unknown (check by hand), "
                     "! required rule not met (knock-out).\n\n");
    rules_table(r, out);
    rejected_list(r, out);
    return out->oom ? -1 : 0;
}

int rq_report_gap_md(const rq_report *r, rq_buf *out)
{
    if (r->nevals < 1)
        return -1;
    const rq_ruleset *rs = r->rules;
    const rq_evaluation *e = &r->evals[0];
    char idbuf[32];
    const char *name = rq_report_name(r, e);

    title_line(r, out, "Gap report");
    rq_buf_puts(out, "**Candidate:** ");
    md_cell(out, rq_report_id(r, e, idbuf, sizeof idbuf));
    if (name) {
        rq_buf_puts(out, " (");
        md_cell(out, name);
        rq_buf_putc(out, ')');
    }
    rq_buf_printf(out, "  \n**As of:** %s  \n**Overall fit:** %.1f / 100, %s\n",
                  r->as_of_text ? r->as_of_text : "", e->score,
                  e->eligible ? "eligible" : "not eligible (a required rule is not met)");

    rq_buf_puts(out, "\n## Met\n\n");
    size_t nmet = 0;
    for (size_t i = 0; i < rs->count && i < e->nresults; i++) {
        const rq_result *res = &e->results[i];
        if (res->status != RQ_MET)
            continue;
        nmet++;
        rq_buf_puts(out, "- **");
        md_cell(out, rs->rules[i].id);
        rq_buf_puts(out, "**: ");
        md_describe(r, out, &rs->rules[i]);
        if (res->shows) {
            rq_buf_puts(out, " - shows ");
            md_cell(out, res->shows);
        }
        for (size_t j = 0; j < res->nevidence; j++) {
            rq_buf_puts(out, j ? ", `" : " (evidence: `");
            md_cell(out, res->evidence[j]);
            rq_buf_putc(out, '`');
        }
        if (res->nevidence)
            rq_buf_putc(out, ')');
        rq_buf_putc(out, '\n');
    }
    if (nmet == 0)
        rq_buf_puts(out, "Nothing yet.\n");

    rq_buf_puts(out, "\n## Missing\n\n");
    size_t nmissing = 0;
    for (size_t i = 0; i < rs->count && i < e->nresults; i++) {
        const rq_result *res = &e->results[i];
        if (res->status == RQ_MET)
            continue;
        nmissing++;
        rq_buf_printf(out, "- **");
        md_cell(out, rs->rules[i].id);
        rq_buf_printf(out, "** (%s%s): ", rq_status_name(res->status),
                      knocked_out(&rs->rules[i], res) ? ", required" : "");
        md_describe(r, out, &rs->rules[i]);
        if (res->gap) {
            rq_buf_puts(out, " - ");
            md_cell(out, res->gap);
        }
        rq_buf_putc(out, '\n');
    }
    if (nmissing == 0)
        rq_buf_puts(out, "Nothing: every rule is met.\n");

    rq_improvement *imp = NULL;
    size_t nimp = 0;
    if (rq_improvements(rs, e, &imp, &nimp) != 0)
        return -1;
    if (nimp > 0) {
        rq_buf_puts(out, "\n## What to work on first\n\n");
        for (size_t i = 0; i < nimp; i++) {
            if (imp[i].rule >= rs->count)
                continue;
            rq_buf_printf(out, "%zu. **", i + 1);
            md_cell(out, rs->rules[imp[i].rule].id);
            rq_buf_printf(out, "**: +%.1f points%s\n", imp[i].score_gain,
                          imp[i].makes_eligible ? ", needed to be eligible" : "");
        }
    }
    free(imp);
    return out->oom ? -1 : 0;
}
