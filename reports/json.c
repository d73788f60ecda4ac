/*
 * json.c - the contract's JSON for rank and gap.
 *
 * The document is built as a cJSON tree (the posting and rules parts come
 * from rules/rulejson.c, so compile and rank print rules identically) and
 * printed by rq_json_print, our own small printer: 2-space indentation,
 * one member per line, arrays of scalars on one line (["a", "b"]), UTF-8
 * kept as is, control characters escaped. (cJSON's formatter indents
 * with tabs and puts objects inside arrays on the opening line.) Keys keep
 * insertion order, numbers are rounded (scores and satisfactions to 2
 * decimals, years to 1) before they go in, so the output is byte-for-byte
 * deterministic.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "report.h"
#include "rules.h"

#define round_to rq_report_round

static void put_string(rq_buf *out, const char *s)
{
    rq_buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': rq_buf_puts(out, "\\\""); break;
        case '\\': rq_buf_puts(out, "\\\\"); break;
        case '\n': rq_buf_puts(out, "\\n"); break;
        case '\r': rq_buf_puts(out, "\\r"); break;
        case '\t': rq_buf_puts(out, "\\t"); break;
        case '\b': rq_buf_puts(out, "\\b"); break;
        case '\f': rq_buf_puts(out, "\\f"); break;
        default:
            if (*p < 0x20)
                rq_buf_printf(out, "\\u%04x", *p);
            else
                rq_buf_putc(out, (char)*p);
        }
    }
    rq_buf_putc(out, '"');
}

static void put_number(rq_buf *out, double d)
{
    char tmp[64];
    if (isnan(d) || isinf(d)) {
        rq_buf_puts(out, "null");
        return;
    }
    if (d == floor(d) && fabs(d) < 1e15) {
        rq_buf_printf(out, "%lld", (long long)d);
        return;
    }
    snprintf(tmp, sizeof tmp, "%.15g", d);
    if (strtod(tmp, NULL) != d)
        snprintf(tmp, sizeof tmp, "%.17g", d);
    rq_buf_puts(out, tmp);
}

static bool is_container(const cJSON *j)
{
    return cJSON_IsArray(j) || cJSON_IsObject(j);
}

static void indent(rq_buf *out, int depth)
{
    for (int i = 0; i < depth; i++)
        rq_buf_puts(out, "  ");
}

static void put_value(rq_buf *out, const cJSON *j, int depth)
{
    if (cJSON_IsString(j)) {
        put_string(out, j->valuestring);
    } else if (cJSON_IsNumber(j)) {
        put_number(out, j->valuedouble);
    } else if (cJSON_IsBool(j)) {
        rq_buf_puts(out, cJSON_IsTrue(j) ? "true" : "false");
    } else if (cJSON_IsArray(j) || cJSON_IsObject(j)) {
        bool object = cJSON_IsObject(j);
        const cJSON *c = j->child;
        if (!c) {
            rq_buf_puts(out, object ? "{}" : "[]");
            return;
        }
        /* arrays of scalars stay on one line: ["a", "b"] */
        bool flat = !object;
        for (const cJSON *k = c; k && flat; k = k->next)
            flat = !is_container(k);
        rq_buf_putc(out, object ? '{' : '[');
        for (; c; c = c->next) {
            if (flat) {
                put_value(out, c, depth + 1);
                if (c->next)
                    rq_buf_puts(out, ", ");
                continue;
            }
            rq_buf_putc(out, '\n');
            indent(out, depth + 1);
            if (object) {
                put_string(out, c->string);
                rq_buf_puts(out, ": ");
            }
            put_value(out, c, depth + 1);
            if (c->next)
                rq_buf_putc(out, ',');
        }
        if (!flat) {
            rq_buf_putc(out, '\n');
            indent(out, depth);
        }
        rq_buf_putc(out, object ? '}' : ']');
    } else {
        rq_buf_puts(out, "null");
    }
}

/* a value on one line: {"a": 1, "b": [2, 3]} */
static void put_line(rq_buf *out, const cJSON *j)
{
    if (!cJSON_IsArray(j) && !cJSON_IsObject(j)) {
        put_value(out, j, 0);
        return;
    }
    bool object = cJSON_IsObject(j);
    rq_buf_putc(out, object ? '{' : '[');
    for (const cJSON *c = j->child; c; c = c->next) {
        if (object) {
            put_string(out, c->string);
            rq_buf_puts(out, ": ");
        }
        put_line(out, c);
        if (c->next)
            rq_buf_puts(out, ", ");
    }
    rq_buf_putc(out, object ? '}' : ']');
}

int rq_json_print_line(const void *json, rq_buf *out)
{
    if (!json)
        return -1;
    put_line(out, (const cJSON *)json);
    rq_buf_putc(out, '\n');
    return out->oom ? -1 : 0;
}

int rq_json_print_at(const void *json, int depth, rq_buf *out)
{
    if (!json)
        return -1;
    put_value(out, (const cJSON *)json, depth);
    return out->oom ? -1 : 0;
}

int rq_json_print(const void *json, rq_buf *out)
{
    if (!json)
        return -1;
    put_value(out, (const cJSON *)json, 0);
    rq_buf_putc(out, '\n');
    return out->oom ? -1 : 0;
}

static cJSON *result_json(const rq_rule *rule, const rq_result *res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "rule", rule->id);
    cJSON_AddStringToObject(o, "status", rq_status_name(res->status));
    cJSON_AddNumberToObject(o, "satisfaction", round_to(res->satisfaction, 2));
    cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
    for (size_t i = 0; i < res->nevidence; i++)
        cJSON_AddItemToArray(ev, cJSON_CreateString(res->evidence[i]));
    if (res->gap)
        cJSON_AddStringToObject(o, "gap", res->gap);
    else
        cJSON_AddNullToObject(o, "gap");
    switch (rule->category) {
    case RQ_CAT_EXPERIENCE:
        cJSON_AddNumberToObject(o, "years", round_to(res->years, 1));
        break;
    case RQ_CAT_LANGUAGE: {
        const char *level = rq_level_name(res->level);
        if (level)
            cJSON_AddStringToObject(o, "level", level);
        else
            cJSON_AddNullToObject(o, "level");
        break;
    }
    case RQ_CAT_DEGREE:
        if (res->eqf > 0)
            cJSON_AddNumberToObject(o, "eqf", res->eqf);
        else
            cJSON_AddNullToObject(o, "eqf");
        break;
    default:
        break;
    }
    return o;
}

static cJSON *candidate_json(const rq_report *r, const rq_evaluation *e)
{
    char idbuf[32], srcbuf[32];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", rq_report_id(r, e, idbuf, sizeof idbuf));
    const char *name = rq_report_name(r, e);
    if (name)
        cJSON_AddStringToObject(o, "name", name);
    else
        cJSON_AddNullToObject(o, "name");
    cJSON_AddStringToObject(o, "source", rq_report_source(r, e, srcbuf, sizeof srcbuf));
    cJSON_AddNumberToObject(o, "rank", e->rank);
    cJSON_AddNumberToObject(o, "score", round_to(e->score, 2));
    cJSON_AddBoolToObject(o, "eligible", e->eligible);
    cJSON *results = cJSON_AddArrayToObject(o, "results");
    for (size_t i = 0; i < e->nresults && i < r->rules->count; i++)
        cJSON_AddItemToArray(results, result_json(&r->rules->rules[i], &e->results[i]));
    return o;
}

static cJSON *document_head(const rq_report *r)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "posting", (cJSON *)rq_posting_to_json(r->rules));
    cJSON_AddItemToObject(doc, "rules", (cJSON *)rq_rules_to_json(r->rules));
    cJSON_AddStringToObject(doc, "as_of", r->as_of_text ? r->as_of_text : "");
    return doc;
}

static int finish(cJSON *doc, rq_buf *out)
{
    int rc = rq_json_print(doc, out);
    cJSON_Delete(doc);
    return rc;
}

int rq_report_rank_json(const rq_report *r, rq_buf *out)
{
    cJSON *doc = document_head(r);
    cJSON *cands = cJSON_AddArrayToObject(doc, "candidates");
    for (size_t i = 0; i < r->nevals; i++)
        cJSON_AddItemToArray(cands, candidate_json(r, &r->evals[i]));
    cJSON *rej = cJSON_AddArrayToObject(doc, "rejected");
    for (size_t i = 0; i < r->nrejected; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "source", r->rejected[i].source);
        cJSON_AddStringToObject(o, "error", r->rejected[i].error);
        cJSON_AddItemToArray(rej, o);
    }
    return finish(doc, out);
}

int rq_report_rank_jsonl(const rq_report *r, rq_buf *out)
{
    int rc = 0;
    for (size_t i = 0; i < r->nevals && rc == 0; i++) {
        cJSON *c = candidate_json(r, &r->evals[i]);
        rc = rq_json_print_line(c, out);
        cJSON_Delete(c);
    }
    for (size_t i = 0; i < r->nrejected && rc == 0; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "source", r->rejected[i].source);
        cJSON_AddStringToObject(o, "error", r->rejected[i].error);
        rc = rq_json_print_line(o, out);
        cJSON_Delete(o);
    }
    return rc;
}

int rq_report_gap_json(const rq_report *r, rq_buf *out)
{
    if (r->nevals < 1)
        return -1;
    const rq_evaluation *e = &r->evals[0];
    rq_improvement *imp = NULL;
    size_t nimp = 0;
    if (rq_improvements(r->rules, e, &imp, &nimp) != 0)
        return -1;
    cJSON *doc = document_head(r);
    cJSON_AddItemToObject(doc, "candidate", candidate_json(r, e));
    cJSON *arr = cJSON_AddArrayToObject(doc, "improvements");
    for (size_t i = 0; i < nimp; i++) {
        if (imp[i].rule >= r->rules->count)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "rule", r->rules->rules[imp[i].rule].id);
        cJSON_AddNumberToObject(o, "score_gain", round_to(imp[i].score_gain, 2));
        cJSON_AddItemToArray(arr, o);
    }
    free(imp);
    return finish(doc, out);
}
