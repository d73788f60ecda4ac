/*
 * common.c - what every report writer shares: the pseudonyms of
 * --anonymize and the id, name and source a report shows for a candidate.
 *
 * A pseudonym is "cand-" followed by the 32-bit FNV-1a hash of the
 * candidate id in 8 lower-case hex digits. It is stable across runs and
 * machines, so a recruiter can refer to "cand-1f0e33a2" in a meeting and
 * find the same person later, without the report naming anyone. When
 * anonymizing, the source (a file name, often the person's name) is
 * replaced by the pseudonym too.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

const char *rq_pseudonym(const char *id, char *buf, size_t bufsz)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    snprintf(buf, bufsz, "cand-%08x", (unsigned)h);
    return buf;
}

const char *rq_report_id(const rq_report *r, const rq_evaluation *e, char *buf, size_t bufsz)
{
    const char *id = e->profile && e->profile->id ? e->profile->id : "";
    if (r->anonymize)
        return rq_pseudonym(id, buf, bufsz);
    return id;
}

const char *rq_report_name(const rq_report *r, const rq_evaluation *e)
{
    if (r->anonymize || !e->profile)
        return NULL;
    return e->profile->name;
}

const char *rq_report_source(const rq_report *r, const rq_evaluation *e, char *buf, size_t bufsz)
{
    if (r->anonymize)
        return rq_report_id(r, e, buf, bufsz);
    return e->profile && e->profile->source ? e->profile->source : "";
}

/* ---- shortfalls, in the rule's own unit ----
 *
 * The engine's gap sentence explains a shortfall in full ("needs at least
 * 5 years of experience in X; profile shows 4.1 (2018-10 -> 2026-11)").
 * Reports also want the bare amount, to scan down a column or a list:
 * these two helpers derive it from the result's numbers, so every writer
 * words it the same way. */

#define ARROW " \xe2\x86\x92 "

/* "k of n" as the engine writes it for rules asking several concepts */
static bool concept_counts(const char *shows, unsigned *found, unsigned *asked)
{
    return shows && sscanf(shows, "%u of %u", found, asked) == 2 && *found <= *asked;
}

int rq_report_shortfall(const rq_rule *rule, const rq_result *res, rq_buf *out)
{
    if (res->status == RQ_MET)
        return out->oom ? -1 : 0;
    if (res->status == RQ_UNKNOWN) {
        rq_buf_puts(out, rule->category == RQ_CAT_LANGUAGE
                             ? "fluency not recognised: check by hand"
                         : rule->category == RQ_CAT_DEGREE
                             ? "degree not recognised: check by hand"
                             : "check by hand");
        return out->oom ? -1 : 0;
    }
    switch (rule->category) {
    case RQ_CAT_EXPERIENCE: {
        /* in tenths, as shown, so 5 - 4.1 reads 0.9 and never 0.92 */
        long asked = lround(rule->min_years * 10.0);
        long has = lround(res->years * 10.0);
        if (rule->has_min_years && asked > has) {
            long d = asked - has;
            rq_buf_printf(out, "%ld.%ld years", d / 10, d % 10);
        } else if (res->years > 0) {
            rq_buf_puts(out, "partly counted");
        } else {
            rq_buf_puts(out, "no matching experience");
        }
        break;
    }
    case RQ_CAT_LANGUAGE: {
        const char *want = rq_level_name(rule->min_level);
        const char *has = rq_level_name(res->level);
        if (res->level <= 0 || !has) {
            rq_buf_puts(out, "language not listed");
        } else if (res->level < rule->min_level) {
            int d = rule->min_level - res->level;
            rq_buf_printf(out, "%d CEFR level%s (%s" ARROW "%s)", d,
                          d == 1 ? "" : "s", has, want ? want : "?");
        } else {
            rq_buf_puts(out, "partly met");
        }
        break;
    }
    case RQ_CAT_DEGREE:
        if (res->eqf <= 0) {
            rq_buf_puts(out, "no degree");
        } else if (res->eqf < rule->min_eqf) {
            int d = rule->min_eqf - res->eqf;
            rq_buf_printf(out, "%d EQF level%s (EQF %d" ARROW "%d)", d,
                          d == 1 ? "" : "s", res->eqf, rule->min_eqf);
        } else if (res->shows && strstr(res->shows, "in progress")) {
            rq_buf_puts(out, "degree not completed");
        } else {
            rq_buf_puts(out, "field of study");
        }
        break;
    case RQ_CAT_KNOWLEDGE:
    case RQ_CAT_OTHER:
    default: {
        unsigned found, asked;
        if (concept_counts(res->shows, &found, &asked) && found < asked)
            rq_buf_printf(out, "%u of %u concepts", asked - found, asked);
        else if (res->satisfaction > 0)
            rq_buf_puts(out, "related evidence only");
        else
            rq_buf_puts(out, "not shown in the profile");
        break;
    }
    }
    return out->oom ? -1 : 0;
}

int rq_report_shows(const rq_rule *rule, const rq_result *res, rq_buf *out)
{
    unsigned found, asked;
    if ((rule->category == RQ_CAT_KNOWLEDGE || rule->category == RQ_CAT_OTHER) &&
        concept_counts(res->shows, &found, &asked))
        rq_buf_printf(out, "%u of %u concepts found", found, asked);
    else if (res->shows && *res->shows)
        rq_buf_puts(out, res->shows);
    else if (res->status == RQ_UNKNOWN)
        rq_buf_puts(out, "not recognised");
    else if (res->status == RQ_MET)
        rq_buf_puts(out, "found");
    else if (res->satisfaction > 0)
        rq_buf_puts(out, "related evidence only");
    else
        rq_buf_puts(out, "nothing found");
    return out->oom ? -1 : 0;
}

/* ---- the Ranking columns ---- */

double rq_report_round(double x, int decimals)
{
    double k = decimals >= 2 ? 100.0 : decimals == 1 ? 10.0 : 1.0;
    double r = round(x * k) / k;
    return r == 0 ? 0.0 : r; /* no -0 */
}

int rq_rank_columns(const rq_ruleset *rs, rq_column **out, size_t *n)
{
    bool used[RQ_CAT_COUNT] = {false};
    size_t ncat = 0;
    for (size_t i = 0; i < rs->count; i++) {
        if (!used[rs->rules[i].category])
            ncat++;
        used[rs->rules[i].category] = true;
    }
    size_t total = RQ_COL_CATEGORY + ncat + 2 * rs->count;
    rq_column *cols = calloc(total, sizeof *cols);
    if (!cols)
        return -1;
    size_t k = 0;
    for (int kind = RQ_COL_RANK; kind < RQ_COL_CATEGORY; kind++)
        cols[k++].kind = (rq_column_kind)kind;
    for (int c = 0; c < RQ_CAT_COUNT; c++)
        if (used[c])
            cols[k++] = (rq_column){RQ_COL_CATEGORY, (rq_category)c, 0};
    for (size_t i = 0; i < rs->count; i++) {
        cols[k++] = (rq_column){RQ_COL_STATUS, rs->rules[i].category, i};
        cols[k++] = (rq_column){RQ_COL_VALUE, rs->rules[i].category, i};
    }
    *out = cols;
    *n = k;
    return 0;
}

int rq_rank_column_header(const rq_ruleset *rs, const rq_column *c, rq_buf *out)
{
    static const char *const fixed[] = {"Rank", "Candidate", "Name", "Eligible",
                                        "Score"};
    const rq_rule *rule = c->kind >= RQ_COL_STATUS && c->rule < rs->count
                              ? &rs->rules[c->rule] : NULL;
    switch (c->kind) {
    case RQ_COL_CATEGORY:
        rq_buf_printf(out, "%s score", rq_category_name(c->category));
        break;
    case RQ_COL_STATUS:
        if (rule)
            rq_buf_printf(out, "%s%s", rule->id, rule->required ? " (required)" : "");
        break;
    case RQ_COL_VALUE:
        if (rule)
            rq_buf_printf(out, "%s %s", rule->id,
                          rule->category == RQ_CAT_DEGREE       ? "EQF"
                          : rule->category == RQ_CAT_EXPERIENCE ? "years"
                          : rule->category == RQ_CAT_LANGUAGE   ? "level"
                                                                : "share");
        break;
    default:
        rq_buf_puts(out, fixed[c->kind]);
        break;
    }
    return out->oom ? -1 : 0;
}
