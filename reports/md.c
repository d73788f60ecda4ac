/*
 * md.c - Markdown reports: the shortlist table (rank) and the candidate's
 * gap report, to paste into a ticket, a wiki or an e-mail.
 *
 * Every piece of text from the inputs goes through md_cell, which turns
 * line breaks into spaces (they would end a table row or a list item) and
 * backslash-escapes the characters that Markdown would read as markup:
 * '|' (it would end the cell), '\\', '`', '*', '_', '[', ']', '<', '>',
 * '~', '&' and '#'. So a candidate named "[click](http://x)" or
 * "<img src=x>" is shown as written when the report is pasted into a
 * ticket, never as a link or as HTML. Evidence paths are our own and go
 * in code spans.
 *
 * The shortlist writes statuses as the same letters as the text table
 * (M met, P partial, U unmet, ? unknown, ! knock-out), with a legend, so
 * the table stays narrow. The gap report follows the HTML page: overall
 * fit, what to work on first, what is missing, what is met.
 */
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

static void md_cell(rq_buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\r': break;
        case '\n': rq_buf_putc(out, ' '); break;
        case '|': case '\\': case '`': case '*': case '_': case '[': case ']':
        case '<': case '>': case '~': case '&': case '#':
            rq_buf_putc(out, '\\');
            rq_buf_putc(out, *s);
            break;
        default: rq_buf_putc(out, *s);
        }
    }
}

/* text of ours in a code span: only a backtick would end it */
static void md_code(rq_buf *out, const char *s)
{
    rq_buf_putc(out, '`');
    for (; s && *s; s++)
        if (*s != '`' && *s != '\n' && *s != '\r')
            rq_buf_putc(out, *s);
    rq_buf_putc(out, '`');
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
    size_t neligible = 0;
    for (size_t k = 0; k < r->nevals; k++)
        neligible += r->evals[k].eligible;
    rq_buf_printf(out, "As of %s. %zu candidate%s evaluated, %zu shown, "
                       "%zu eligible among them.\n\n",
                  r->as_of_text ? r->as_of_text : "", r->ncandidates,
                  r->ncandidates == 1 ? "" : "s", r->nevals, neligible);

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

static const char *status_words(rq_status s)
{
    switch (s) {
    case RQ_MET: return "met";
    case RQ_PARTIAL: return "partly met";
    case RQ_UNMET: return "not met";
    default: return "unclear: a person will check";
    }
}

/* The rule's description with a capital first letter (the descriptions
 * are English and start with a plain letter). */
static void md_describe_capital(const rq_report *r, rq_buf *out, const rq_rule *rule)
{
    rq_buf d = RQ_BUF_INIT;
    if (rq_rule_describe(rule, r->kb, &d) == 0 && d.data) {
        if (d.data[0] >= 'a' && d.data[0] <= 'z')
            d.data[0] = (char)(d.data[0] - 'a' + 'A');
        md_cell(out, d.data);
    }
    out->oom = out->oom || d.oom;
    rq_buf_free(&d);
}

static void md_item(rq_buf *out, const char *label, const char *text)
{
    if (!text || !*text)
        return;
    rq_buf_printf(out, "- %s: ", label);
    md_cell(out, text);
    rq_buf_putc(out, '\n');
}

/* One rule of the candidate's report: a heading and what is known. */
static void gap_rule(const rq_report *r, rq_buf *out, size_t i)
{
    const rq_rule *rule = &r->rules->rules[i];
    const rq_result *res = &r->evals[0].results[i];
    rq_buf_puts(out, "### ");
    md_describe_capital(r, out, rule);
    rq_buf_puts(out, " (");
    md_cell(out, rule->id);
    rq_buf_puts(out, ")\n\n");
    rq_buf_printf(out, "- Status: %s%s\n", status_words(res->status),
                  rule->required ? ", required" : "");
    rq_buf scratch = RQ_BUF_INIT;
    rq_report_shows(rule, res, &scratch);
    md_item(out, "Your profile shows", scratch.data);
    if (res->status != RQ_MET) {
        rq_buf_reset(&scratch);
        rq_report_shortfall(rule, res, &scratch);
        md_item(out, "Short by", scratch.data);
        md_item(out, "Details", res->gap);
    }
    out->oom = out->oom || scratch.oom;
    rq_buf_free(&scratch);
    if (res->nevidence) {
        rq_buf_puts(out, "- Found in: ");
        for (size_t k = 0; k < res->nevidence; k++) {
            if (k)
                rq_buf_puts(out, ", ");
            md_code(out, res->evidence[k]);
        }
        rq_buf_putc(out, '\n');
    }
    if (rule->source_text && *rule->source_text) {
        rq_buf_puts(out, "- The posting says: \"");
        md_cell(out, rule->source_text);
        rq_buf_puts(out, "\"\n");
    }
    rq_buf_putc(out, '\n');
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
    rq_buf_printf(out, "  \n**As of:** %s\n\n## Overall fit\n\n",
                  r->as_of_text ? r->as_of_text : "");

    size_t nmet = 0, nblock = 0, nunknown = 0;
    for (size_t i = 0; i < rs->count && i < e->nresults; i++) {
        nmet += e->results[i].status == RQ_MET;
        nblock += knocked_out(&rs->rules[i], &e->results[i]);
        nunknown += e->results[i].status == RQ_UNKNOWN;
    }
    rq_buf_printf(out, "**%.1f / 100.** ", e->score);
    if (e->eligible)
        rq_buf_puts(out, "Eligible: every required rule is met.\n\n");
    else
        rq_buf_printf(out, "Not eligible yet: %zu required rule%s %s not met:\n\n",
                      nblock, nblock == 1 ? "" : "s", nblock == 1 ? "is" : "are");
    for (size_t i = 0; i < rs->count && i < e->nresults; i++) {
        if (!knocked_out(&rs->rules[i], &e->results[i]))
            continue;
        rq_buf_puts(out, "- ");
        md_describe(r, out, &rs->rules[i]);
        rq_buf_putc(out, '\n');
    }
    if (nblock)
        rq_buf_putc(out, '\n');
    rq_buf_printf(out, "You meet %zu of the %zu rule%s of this posting.", nmet,
                  rs->count, rs->count == 1 ? "" : "s");
    if (nunknown)
        rq_buf_printf(out, " %zu could not be read from the profile and will "
                           "be checked by a person.", nunknown);
    rq_buf_putc(out, '\n');

    rq_improvement *imp = NULL;
    size_t nimp = 0;
    if (rq_improvements(rs, e, &imp, &nimp) != 0)
        return -1;
    rq_buf_puts(out, "\n## What to work on first\n\n");
    if (nimp == 0)
        rq_buf_puts(out, "Nothing: every rule is met.\n");
    rq_buf scratch = RQ_BUF_INIT;
    for (size_t k = 0; k < nimp; k++) {
        size_t i = imp[k].rule;
        if (i >= rs->count || i >= e->nresults)
            continue;
        rq_buf_printf(out, "%zu. **", k + 1);
        md_describe_capital(r, out, &rs->rules[i]);
        rq_buf_puts(out, "** (");
        md_cell(out, rs->rules[i].id);
        rq_buf_printf(out, "): +%.1f points%s", imp[k].score_gain,
                      imp[k].makes_eligible ? ", needed to be eligible" : "");
        rq_buf_reset(&scratch);
        rq_report_shortfall(&rs->rules[i], &e->results[i], &scratch);
        if (scratch.len) {
            rq_buf_puts(out, ". Missing: ");
            md_cell(out, scratch.data);
        }
        rq_buf_putc(out, '\n');
    }
    out->oom = out->oom || scratch.oom;
    rq_buf_free(&scratch);
    free(imp);

    rq_buf_puts(out, "\n## What is missing\n\n");
    if (nmet == rs->count)
        rq_buf_puts(out, "Nothing: every rule is met.\n\n");
    for (size_t i = 0; i < rs->count && i < e->nresults; i++)
        if (e->results[i].status != RQ_MET)
            gap_rule(r, out, i);

    rq_buf_puts(out, "## What is already met\n\n");
    if (nmet == 0)
        rq_buf_puts(out, "None of the rules yet.\n\n");
    for (size_t i = 0; i < rs->count && i < e->nresults; i++)
        if (e->results[i].status == RQ_MET)
            gap_rule(r, out, i);
    rq_buf_puts(out, "Personal details (name, age, contact, photo...) never "
                     "change the score.\n");
    return out->oom ? -1 : 0;
}
