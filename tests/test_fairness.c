/* Fairness invariants, as a property test: personal details never change a
 * score or a status (contract).
 *
 * Every sample profile (samples/profiles/NAME.json and every record of its
 * .jsonl pools) is evaluated against every sample posting; then, many
 * times over, a copy whose personal details are changed at random (name,
 * e-mail, phone, url, profiles, birth date, age, gender, nationality,
 * photo, location, and personal fields JSON Resume does not define) is
 * evaluated again. Each change removes the field, empties it, gives it
 * another type, or fills it with text that would be evidence anywhere else
 * ("Master's degree in law", "10 years of project management", "native
 * English speaker", in three languages). The order of the keys of "basics"
 * is shuffled too. Every score, eligibility, status, satisfaction,
 * evidence path, gap and improvement must stay exactly the same.
 *
 * Seeded and deterministic: RQ_FAIRNESS_SEED (default 20250630) and
 * RQ_FAIRNESS_VARIANTS (variants per profile, default 60) change the run;
 * a failure names the profile, the posting, the seed and the variant, and
 * prints the variant's "basics". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>
#include <dirent.h>

#include "eval.h"
#include "rules.h"

#define MAX_POSTINGS 32
#define MAX_PROFILES 256

static rq_kb *kb;
static int as_of;
static rq_ruleset *postings[MAX_POSTINGS];
static char *posting_names[MAX_POSTINGS];
static size_t npostings;

typedef struct {
    char *name;   /* file, or file:line */
    char *json;
} sample;

static sample profiles[MAX_PROFILES];
static size_t nprofiles;

/* ---- a small seeded generator (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t rng_below(size_t n)
{
    return (size_t)(rng_next() % n);
}

/* ---- loading the samples ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the files in dir. */
static size_t list_dir(const char *dir, char **names, size_t max)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) && n < max)
        if (de->d_name[0] != '.')
            names[n++] = strdup(de->d_name);
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_str);
    return n;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

static void add_profile(const char *name, const char *json, size_t len)
{
    if (nprofiles == MAX_PROFILES)
        return;
    sample *s = &profiles[nprofiles++];
    s->name = strdup(name);
    s->json = strndup(json, len);
}

static int setup(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    if (rq_kb_new(&kb, &d) != 0)
        return -1;
    as_of = rq_month(2025, 6);

    char *names[256];
    size_t n = list_dir(RQ_SOURCE_DIR "/samples/postings", names, 256);
    for (size_t i = 0; i < n; i++) {
        char *path = rq_sprintf("%s/samples/postings/%s", RQ_SOURCE_DIR, names[i]);
        rq_ruleset *rs = NULL;
        if (npostings < MAX_POSTINGS && rq_posting_load(path, kb, NULL, &rs, &d) == 0) {
            postings[npostings] = rs;
            posting_names[npostings++] = strdup(names[i]);
        }
        free(path);
        free(names[i]);
    }
    n = list_dir(RQ_SOURCE_DIR "/samples/profiles", names, 256);
    for (size_t i = 0; i < n; i++) {
        char *path = rq_sprintf("%s/samples/profiles/%s", RQ_SOURCE_DIR, names[i]);
        char *data = NULL;
        size_t len = 0;
        if (rq_read_file(path, &data, &len) == 0) {
            if (ends_with(names[i], ".json")) {
                add_profile(names[i], data, len);
            } else if (ends_with(names[i], ".jsonl")) {
                int line = 0;
                for (char *p = data, *nl; p && *p; p = nl ? nl + 1 : NULL) {
                    nl = strchr(p, '\n');
                    size_t l = nl ? (size_t)(nl - p) : strlen(p);
                    line++;
                    if (l == 0)
                        continue;
                    char *label = rq_sprintf("%s:%d", names[i], line);
                    add_profile(label, p, l);
                    free(label);
                }
            }
        }
        free(data);
        free(path);
        free(names[i]);
    }
    rq_diags_clear(&d);
    return npostings > 0 && nprofiles > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < npostings; i++) {
        rq_ruleset_free(postings[i]);
        free(posting_names[i]);
    }
    for (size_t i = 0; i < nprofiles; i++) {
        free(profiles[i].name);
        free(profiles[i].json);
    }
    rq_kb_free(kb);
    return 0;
}

/* ---- random personal details ---- */

/* Text that would be evidence anywhere else in a profile. */
static const char *const tempting[] = {
    "Master's degree in law",
    "Master en droit, Université libre de Bruxelles",
    "Master in de rechten",
    "PhD in social sciences",
    "doctorat en sciences politiques",
    "10 years of experience in project management",
    "15 ans d'expérience en gestion de projet et gestion d'équipe",
    "tien jaar ervaring in projectbeheer",
    "Native English speaker",
    "français langue maternelle, anglais C2",
    "Nederlands: moedertaal",
    "advocacy for children's rights",
    "plaidoyer, droits de l'enfant, kinderrechten",
    "humanitarian programme management",
    "driving licence B; permis B; rijbewijs B",
    "team management",
    "Bruxelles",
    "Brussel",
    "1975-04-12",
    "2010-01",
    "present",
    "C1",
    "EQF 8",
    "Jean-Pierre Dupont",
    "Фатима Аль-Хашими",
    "李小龙",
    "O'Brien-Müller",
    "",
};
#define NTEMPTING (sizeof tempting / sizeof tempting[0])

static const char *pick(void)
{
    return tempting[rng_below(NTEMPTING)];
}

static cJSON *random_value(int depth);

static cJSON *random_object(int depth, const char *const *keys)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; keys[i]; i++)
        if (rng_below(3) != 0)
            cJSON_AddItemToObject(o, keys[i], random_value(depth + 1));
    return o;
}

static cJSON *random_value(int depth)
{
    static const char *const location_keys[] = {"address", "postalCode", "city",
                                                "countryCode", "region", NULL};
    switch (rng_below(depth > 1 ? 6 : 10)) {
    case 0: return cJSON_CreateNull();
    case 1: return cJSON_CreateNumber((double)rng_below(200000) / 7.0 - 100.0);
    case 2: return cJSON_CreateBool(rng_below(2));
    case 3:
    case 4:
    case 5: return cJSON_CreateString(pick());
    case 6: {
        cJSON *a = cJSON_CreateArray();
        for (size_t i = rng_below(4); i > 0; i--)
            cJSON_AddItemToArray(a, random_value(depth + 1));
        return a;
    }
    case 7: return random_object(depth, location_keys);
    case 8: {
        /* a long one: 200 tempting phrases */
        char *s = malloc(200 * 80 + 1);
        size_t len = 0;
        for (int i = 0; i < 200; i++) {
            const char *t = pick();
            size_t l = strlen(t);
            if (l > 78)
                l = 78;
            memcpy(s + len, t, l);
            len += l;
            s[len++] = ' ';
        }
        s[len] = '\0';
        cJSON *v = cJSON_CreateString(s);
        free(s);
        return v;
    }
    default: return cJSON_CreateString("");
    }
}

static cJSON *random_profiles(void)
{
    static const char *const keys[] = {"network", "username", "url", NULL};
    cJSON *a = cJSON_CreateArray();
    for (size_t i = rng_below(4); i > 0; i--)
        cJSON_AddItemToArray(a, random_object(1, keys));
    return a;
}

static cJSON *random_location(void)
{
    static const char *const keys[] = {"address", "postalCode", "city", "countryCode",
                                       "region", NULL};
    return rng_below(4) == 0 ? random_value(0) : random_object(1, keys);
}

/* Personal details: JSON Resume's own, and others a CV may carry. */
static const char *const personal[] = {
    "name", "email", "phone", "url", "profiles", "birthDate", "age", "gender",
    "nationality", "image", "picture", "photo", "location", "maritalStatus",
    "religion", "pronouns", "dateOfBirth", "placeOfBirth", "address",
};
#define NPERSONAL (sizeof personal / sizeof personal[0])

/* Change basics of doc: each personal detail kept, removed or replaced
 * (at least one changed), then the keys of basics in a random order. */
static void vary(cJSON *doc)
{
    cJSON *basics = cJSON_GetObjectItemCaseSensitive(doc, "basics");
    if (!cJSON_IsObject(basics)) {
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "basics");
        basics = cJSON_AddObjectToObject(doc, "basics");
    }
    size_t forced = rng_below(NPERSONAL);
    for (size_t i = 0; i < NPERSONAL; i++) {
        const char *key = personal[i];
        size_t what = i == forced ? 1 + rng_below(3) : rng_below(4);
        if (what == 0)
            continue;                                   /* kept */
        cJSON_DeleteItemFromObjectCaseSensitive(basics, key);
        if (what == 1)
            continue;                                   /* removed */
        cJSON *v = strcmp(key, "location") == 0 ? random_location()
                   : strcmp(key, "profiles") == 0 && what == 2 ? random_profiles()
                   : random_value(0);
        cJSON_AddItemToObject(basics, key, v);
    }
    /* shuffle: detach every member, put them back in a random order */
    cJSON *items[64];
    size_t n = 0;
    while (basics->child && n < 64)
        items[n++] = cJSON_DetachItemViaPointer(basics, basics->child);
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_below(i);
        cJSON *t = items[i - 1];
        items[i - 1] = items[j];
        items[j] = t;
    }
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToObject(basics, items[i]->string, items[i]);
}

/* ---- comparing evaluations ---- */

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* NULL when equal, else what differs (static text). */
static const char *difference(const rq_ruleset *rs, const rq_evaluation *a,
                              const rq_evaluation *b)
{
    if (a->score != b->score)
        return "score";
    if (a->eligible != b->eligible)
        return "eligible";
    for (int c = 0; c < 5; c++)
        if (a->category_score[c] != b->category_score[c])
            return "category score";
    if (a->nresults != b->nresults)
        return "number of results";
    for (size_t i = 0; i < a->nresults; i++) {
        const rq_result *x = &a->results[i], *y = &b->results[i];
        if (x->status != y->status)
            return "status";
        if (x->satisfaction != y->satisfaction)
            return "satisfaction";
        if (x->years != y->years || x->level != y->level || x->eqf != y->eqf)
            return "years, level or eqf";
        if (!same_str(x->gap, y->gap) || !same_str(x->shows, y->shows))
            return "gap";
        if (x->nevidence != y->nevidence)
            return "number of evidence";
        for (size_t k = 0; k < x->nevidence; k++)
            if (!same_str(x->evidence[k], y->evidence[k]))
                return "evidence";
    }
    rq_improvement *ia = NULL, *ib = NULL;
    size_t na = 0, nb = 0;
    assert_int_equal(rq_improvements(rs, a, &ia, &na), 0);
    assert_int_equal(rq_improvements(rs, b, &ib, &nb), 0);
    const char *diff = NULL;
    if (na != nb)
        diff = "number of improvements";
    for (size_t i = 0; !diff && i < na; i++)
        if (ia[i].rule != ib[i].rule || ia[i].score_gain != ib[i].score_gain ||
            ia[i].makes_eligible != ib[i].makes_eligible)
            diff = "improvements";
    free(ia);
    free(ib);
    return diff;
}

static rq_profile *parse(const char *json, const char *name)
{
    rq_diags d = RQ_DIAGS_INIT;
    rq_profile_opts opts = {.kb = kb, .as_of = as_of};
    rq_profile *p = NULL;
    int rc = rq_profile_parse(json, strlen(json), name, 0, name, &opts, &p, &d);
    if (rc != 0)
        for (size_t i = 0; i < d.count; i++) {
            char *s = rq_diag_format(&d.items[i]);
            print_error("%s\n", s);
            free(s);
        }
    rq_diags_clear(&d);
    return rc == 0 ? p : NULL;
}

static unsigned long env_number(const char *name, unsigned long fallback)
{
    const char *v = getenv(name);
    return v && *v ? strtoul(v, NULL, 10) : fallback;
}

static void personal_details_should_never_change_a_score_or_status(void **state)
{
    (void)state;
    unsigned long seed = env_number("RQ_FAIRNESS_SEED", 20250630);
    unsigned long variants = env_number("RQ_FAIRNESS_VARIANTS", 60);
    rq_eval_opts eopts = {kb, as_of};
    size_t checked = 0, changed_fields = 0;
    for (size_t s = 0; s < nprofiles; s++) {
        rq_profile *base = parse(profiles[s].json, profiles[s].name);
        assert_non_null(base);
        rq_evaluation want[MAX_POSTINGS];
        for (size_t k = 0; k < npostings; k++)
            assert_int_equal(rq_evaluate(postings[k], base, &eopts, &want[k]), 0);
        for (unsigned long v = 0; v < variants; v++) {
            rng_state = seed * 1000003u + s * 7919u + v;
            cJSON *doc = cJSON_Parse(profiles[s].json);
            assert_non_null(doc);
            vary(doc);
            char *text = rng_below(2) ? cJSON_PrintUnformatted(doc) : cJSON_Print(doc);
            assert_non_null(text);
            changed_fields += strlen(text) != strlen(profiles[s].json);
            rq_profile *p = parse(text, profiles[s].name);
            if (!p)
                print_error("%s: variant %lu (seed %lu) rejected\n", profiles[s].name, v, seed);
            assert_non_null(p);
            for (size_t k = 0; k < npostings; k++) {
                rq_evaluation got;
                assert_int_equal(rq_evaluate(postings[k], p, &eopts, &got), 0);
                const char *diff = difference(postings[k], &want[k], &got);
                if (diff) {
                    char *b = cJSON_PrintUnformatted(cJSON_GetObjectItem(doc, "basics"));
                    print_error("%s against %s: %s changed (seed %lu, variant %lu)\n"
                                "basics: %s\n",
                                profiles[s].name, posting_names[k], diff, seed, v, b);
                    free(b);
                }
                assert_null(diff);
                rq_evaluation_clear(&got);
                checked++;
            }
            rq_profile_free(p);
            free(text);
            cJSON_Delete(doc);
        }
        for (size_t k = 0; k < npostings; k++)
            rq_evaluation_clear(&want[k]);
        rq_profile_free(base);
    }
    assert_true(changed_fields > 0);
    printf("fairness: %zu profiles x %lu variants x %zu postings = %zu evaluations, "
           "seed %lu\n", nprofiles, variants, npostings, checked, seed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(personal_details_should_never_change_a_score_or_status),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
