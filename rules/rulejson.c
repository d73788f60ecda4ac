/*
 * rulejson.c - a rule set as the contract's JSON (compile --format json,
 * and the "posting" / "rules" members of every JSON report).
 *
 * Built as a cJSON tree so callers can embed it in larger documents. Keys
 * come in a fixed order (the contract's, then this project's extras:
 * "or_equivalent" for degrees, "match" for knowledge and other), so the
 * output is deterministic. cJSON prints whole-valued doubles without a
 * fraction (2, not 2.0) and others in their shortest exact form.
 */
#include "rules.h"

#include <cjson/cJSON.h>

static cJSON *string_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *string_array(const rq_strlist *l)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < l->count; i++) {
        cJSON *s = cJSON_CreateString(l->items[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

/* Add item to o under key; on failure delete item and return false. */
static bool add(cJSON *o, const char *key, cJSON *item)
{
    if (!item)
        return false;
    if (!cJSON_AddItemToObject(o, key, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

void *rq_posting_to_json(const rq_ruleset *rs)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (!add(o, "title", string_or_null(rs->title)) ||
        !add(o, "organization", string_or_null(rs->organization)) ||
        !add(o, "language", cJSON_CreateString(rs->language[0] ? rs->language : "en"))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

void *rq_rule_to_json(const rq_rule *r)
{
    static const char *const cefr[6] = {"A1", "A2", "B1", "B2", "C1", "C2"};
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    const char *cat = rq_category_name(r->category);
    bool ok = add(o, "id", cJSON_CreateString(r->id ? r->id : "")) &&
              add(o, "category", cJSON_CreateString(cat ? cat : "other")) &&
              add(o, "required", cJSON_CreateBool(r->required)) &&
              add(o, "weight", cJSON_CreateNumber(r->weight));
    cJSON *src = ok ? cJSON_CreateObject() : NULL;
    ok = ok && add(o, "source", src) &&
         add(src, "line", cJSON_CreateNumber(r->source_line)) &&
         add(src, "text", cJSON_CreateString(r->source_text ? r->source_text : ""));
    switch (r->category) {
    case RQ_CAT_DEGREE:
        ok = ok && add(o, "min_eqf", cJSON_CreateNumber(r->min_eqf)) &&
             add(o, "fields", string_array(&r->fields)) &&
             add(o, "or_equivalent", cJSON_CreateBool(r->or_equivalent));
        break;
    case RQ_CAT_EXPERIENCE:
        ok = ok &&
             add(o, "min_years", r->has_min_years ? cJSON_CreateNumber(r->min_years)
                                                  : cJSON_CreateNull()) &&
             add(o, "domains", string_array(&r->domains));
        break;
    case RQ_CAT_LANGUAGE:
        ok = ok && add(o, "languages", string_array(&r->languages)) &&
             add(o, "min_level",
                 r->min_level >= 1 && r->min_level <= 6
                     ? cJSON_CreateString(cefr[r->min_level - 1])
                     : cJSON_CreateNull());
        break;
    default:
        ok = ok && add(o, "concepts", string_array(&r->concepts)) &&
             add(o, "match", cJSON_CreateString(r->match_any ? "any" : "all"));
        break;
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

void *rq_rules_to_json(const rq_ruleset *rs)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < rs->count; i++) {
        cJSON *r = rq_rule_to_json(&rs->rules[i]);
        if (!r || !cJSON_AddItemToArray(a, r)) {
            cJSON_Delete(r);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

void *rq_ruleset_to_json(const rq_ruleset *rs)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (!add(o, "posting", rq_posting_to_json(rs)) ||
        !add(o, "rules", rq_rules_to_json(rs))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}
