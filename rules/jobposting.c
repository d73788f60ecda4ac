/*
 * jobposting.c - a schema.org JobPosting (JSON-LD) -> rule set.
 *
 * Structured properties become rules directly: educationRequirements
 * (text, or EducationalOccupationalCredential with credentialCategory /
 * educationalLevel) a degree rule, experienceRequirements (text, or
 * OccupationalExperienceRequirements with monthsOfExperience) an
 * experience rule, each entry of skills and qualifications a knowledge
 * rule. Words are read with the kb (degree names -> EQF, concept phrases
 * -> concept keys, number words and duration units -> years), so no
 * posting's wording is special-cased. A structured rule is required unless
 * its text says it is an asset (a "preferred" marker of the kb).
 *
 * The HTML description holds everything else (languages above all): it is
 * turned into plain text (tags dropped, block tags as line breaks, entities
 * decoded) and given to the text compiler; its rules are added unless a
 * structured rule already says the same thing, and the structured one wins.
 * Finally every rule is numbered per category: degree-1, experience-1, ...
 *
 * Source lines: a structured rule points at the line of the JSON file
 * where its property is named ("skills": ...), a rule from the
 * description at the line of "description" (the HTML's own lines are not
 * the file's), so every rule has a 1-based line in the posting file.
 */
#include "rules.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *file;
    const char *json;          /* the raw file, for source lines */
    size_t len;
    const rq_kb *kb;
    const rq_compile_opts *opts;
    rq_diags *diags;
    rq_ruleset *rs;
    bool oom;
} jp;

/* ---- small helpers ---- */

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* "JobPosting", "schema:JobPosting", "https://schema.org/JobPosting" */
static bool type_name_is(const char *t, const char *want)
{
    const char *slash = strrchr(t, '/'), *colon = strrchr(t, ':');
    const char *base = slash && slash > (colon ? colon : t) ? slash + 1
                       : colon ? colon + 1 : t;
    return strcmp(base, want) == 0;
}

static bool has_type(const cJSON *o, const char *want)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "@type");
    if (cJSON_IsString(t))
        return type_name_is(t->valuestring, want);
    const cJSON *e;
    cJSON_ArrayForEach(e, t)
        if (cJSON_IsString(e) && type_name_is(e->valuestring, want))
            return true;
    return false;
}

/* The JobPosting object: the root, or one inside @graph or a root array. */
static const cJSON *find_posting(const cJSON *root)
{
    if (cJSON_IsObject(root) && has_type(root, "JobPosting"))
        return root;
    const cJSON *list = cJSON_IsArray(root) ? root
                        : cJSON_GetObjectItemCaseSensitive(root, "@graph");
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
        if (cJSON_IsObject(e) && has_type(e, "JobPosting"))
            return e;
    return NULL;
}

static const char *get_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A copy of s with runs of whitespace as one space, trimmed. */
static char *collapse(const char *s)
{
    rq_buf b = RQ_BUF_INIT;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = b.len > 0;
            continue;
        }
        if (space)
            rq_buf_putc(&b, ' ');
        space = false;
        rq_buf_putc(&b, *s);
    }
    return rq_buf_take(&b);
}

static bool has_marker(const jp *j, const char *text, const char *kind)
{
    if (!j->kb)
        return false;
    rq_hits h = RQ_HITS_INIT;
    bool found = false;
    if (rq_kb_scan(j->kb, RQ_TABLE_MARKERS, text, strlen(text), &h) > 0)
        for (size_t i = 0; i < h.count && !found; i++) {
            const char *k = rq_kb_key(j->kb, RQ_TABLE_MARKERS, h.hits[i].entry);
            found = k && strncmp(k, kind, strlen(kind)) == 0;
        }
    rq_hits_free(&h);
    return found;
}

/* Concept keys found in text, added to l (no duplicates). Returns how many. */
static size_t scan_concepts(jp *j, const char *text, rq_strlist *l)
{
    if (!j->kb)
        return 0;
    rq_hits h = RQ_HITS_INIT;
    size_t n = 0;
    if (rq_kb_scan(j->kb, RQ_TABLE_CONCEPTS, text, strlen(text), &h) > 0)
        for (size_t i = 0; i < h.count; i++) {
            const char *k = rq_kb_key(j->kb, RQ_TABLE_CONCEPTS, h.hits[i].entry);
            if (!k || rq_strlist_has(l, k))
                continue;
            if (rq_strlist_add(l, k) != 0)
                j->oom = true;
            n++;
        }
    rq_hits_free(&h);
    return n;
}

/* Lowest EQF level among the degree names in text, or 0. */
static int scan_degree(const jp *j, const char *text)
{
    if (!j->kb)
        return 0;
    rq_hits h = RQ_HITS_INIT;
    int eqf = 0;
    if (rq_kb_scan(j->kb, RQ_TABLE_DEGREES, text, strlen(text), &h) > 0)
        for (size_t i = 0; i < h.count; i++) {
            const char *k = rq_kb_key(j->kb, RQ_TABLE_DEGREES, h.hits[i].entry);
            int v = k ? atoi(k) : 0;
            if (v >= 1 && v <= 8 && (eqf == 0 || v < eqf))
                eqf = v;
        }
    rq_hits_free(&h);
    return eqf;
}

/* A duration in years stated in text ("at least 3 years", "trois ans",
 * "18 mois"): the first number before the first duration unit; -1 if none.
 * "3 to 5 years" gives 3, the minimum. */
static double scan_years(const jp *j, const char *text)
{
    if (!j->kb)
        return -1;
    size_t n = strlen(text);
    rq_hits units = RQ_HITS_INIT, words = RQ_HITS_INIT;
    rq_kb_scan(j->kb, RQ_TABLE_MARKERS, text, n, &units);
    rq_kb_scan(j->kb, RQ_TABLE_NUMBERS, text, n, &words);
    double years = -1;
    for (size_t u = 0; u < units.count && years < 0; u++) {
        const char *k = rq_kb_key(j->kb, RQ_TABLE_MARKERS, units.hits[u].entry);
        bool months = k && strcmp(k, "months") == 0;
        if (!k || (!months && strcmp(k, "years") != 0))
            continue;
        size_t unit_at = units.hits[u].start;
        /* candidates: digit runs and number words, in text order */
        for (size_t i = 0; i < unit_at && years < 0; i++) {
            double v = -1;
            size_t end = i;
            if (text[i] >= '0' && text[i] <= '9' && (i == 0 || !(text[i - 1] >= '0' && text[i - 1] <= '9'))) {
                v = strtod(text + i, NULL);
                while (end < n && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.' || text[end] == ','))
                    end++;
            } else {
                for (size_t w = 0; w < words.count; w++)
                    if (words.hits[w].start == i) {
                        v = atof(rq_kb_key(j->kb, RQ_TABLE_NUMBERS, words.hits[w].entry));
                        end = words.hits[w].end;
                    }
            }
            if (v < 0 || end > unit_at || unit_at - end > 24)
                continue;
            years = months ? v / 12.0 : v;
        }
    }
    rq_hits_free(&units);
    rq_hits_free(&words);
    return years;
}

/* 1-based line of the first `"key" :` in the raw JSON, or 1 if not found
 * (a key written with escapes) */
static int key_line(const jp *j, const char *key)
{
    size_t k = strlen(key);
    int line = 1;
    for (size_t i = 0; i < j->len; i++) {
        if (j->json[i] == '\n') {
            line++;
            continue;
        }
        if (j->json[i] != '"' || i + k + 2 > j->len || memcmp(j->json + i + 1, key, k) != 0 ||
            j->json[i + k + 1] != '"')
            continue;
        size_t a = i + k + 2;
        while (a < j->len && (j->json[a] == ' ' || j->json[a] == '\t' || j->json[a] == '\r' ||
                              j->json[a] == '\n'))
            a++;
        if (a < j->len && j->json[a] == ':')
            return line;
    }
    return 1;
}

/* the property a path starts with: "skills[0]" -> line of "skills" */
static int path_line(const jp *j, const char *path)
{
    char key[64];
    size_t n = strcspn(path, ".[");
    if (n >= sizeof key)
        return 1;
    memcpy(key, path, n);
    key[n] = '\0';
    return key_line(j, key);
}

/* A new structured rule: required unless its text marks it as an asset,
 * weighted like the text compiler weighs rules. */
static rq_rule *new_rule(jp *j, rq_category cat, const char *path, const char *value)
{
    char *v = collapse(value ? value : "");
    rq_rule *r = v ? rq_ruleset_add(j->rs) : NULL;
    if (!r) {
        free(v);
        j->oom = true;
        return NULL;
    }
    r->category = cat;
    r->required = !has_marker(j, v, "preferred");
    r->weight = (r->required ? j->opts->weight_required : j->opts->weight_preferred) *
                j->opts->category_factor[cat];
    if (has_marker(j, v, "emphasis"))
        r->weight *= j->opts->emphasis_factor;
    r->source_text = rq_sprintf("%s: %s", path, v);
    r->source_line = path_line(j, path);
    if (!r->source_text)
        j->oom = true;
    free(v);
    return r;
}

static void warn(jp *j, const char *path, const char *fmt, const char *arg)
{
    if (rq_diags_add(j->diags, RQ_SEV_WARNING, j->file, 0, 0, path, fmt, arg) != 0)
        j->oom = true;
}

/* ---- education ---- */

static const struct {
    const char *category;
    int eqf;
} credential_levels[] = {
    {"high school", 4},
    {"associate degree", 5},
    {"bachelor degree", 6},
    {"postgraduate degree", 7},
};

static void education_text(jp *j, const char *path, const char *text, bool in_place)
{
    int eqf = scan_degree(j, text);
    if (!eqf) {
        warn(j, path, "no degree level recognised in \"%s\"", text);
        return;
    }
    rq_rule *r = new_rule(j, RQ_CAT_DEGREE, path, text);
    if (!r)
        return;
    r->min_eqf = eqf;
    r->or_equivalent = in_place || has_marker(j, text, "equivalent");
    scan_concepts(j, text, &r->fields);
}

static void credential(jp *j, const char *path, const cJSON *c, bool in_place)
{
    const char *cat = get_string(c, "credentialCategory");
    const cJSON *catobj = cJSON_GetObjectItemCaseSensitive(c, "credentialCategory");
    if (!cat && cJSON_IsObject(catobj))   /* a DefinedTerm */
        cat = get_string(catobj, "name");
    const char *level = get_string(c, "educationalLevel");
    const char *about[] = {get_string(c, "name"), get_string(c, "about"),
                           get_string(c, "description")};

    char subpath[256];
    if (cat && ascii_ieq(cat, "professional certificate")) {
        snprintf(subpath, sizeof subpath, "%s.credentialCategory", path);
        rq_rule *r = new_rule(j, RQ_CAT_OTHER, subpath, cat);
        if (!r)
            return;
        for (size_t i = 0; i < 3; i++)
            if (about[i] && scan_concepts(j, about[i], &r->concepts) == 0 &&
                !r->concepts.count && rq_strlist_add(&r->concepts, about[i]) != 0)
                j->oom = true;
        if (!r->concepts.count && rq_strlist_add(&r->concepts, cat) != 0)
            j->oom = true;
        return;
    }
    int eqf = 0;
    const char *said = NULL;
    for (size_t i = 0; cat && !eqf && i < sizeof credential_levels / sizeof credential_levels[0]; i++)
        if (ascii_ieq(cat, credential_levels[i].category))
            eqf = credential_levels[i].eqf;
    if (eqf) {
        snprintf(subpath, sizeof subpath, "%s.credentialCategory", path);
        said = cat;
    } else if (cat && (eqf = scan_degree(j, cat))) {
        snprintf(subpath, sizeof subpath, "%s.credentialCategory", path);
        said = cat;
    } else if (level && (eqf = scan_degree(j, level))) {
        snprintf(subpath, sizeof subpath, "%s.educationalLevel", path);
        said = level;
    }
    if (!eqf) {
        warn(j, path, "no degree level recognised in \"%s\"",
             cat ? cat : level ? level : "(no credentialCategory)");
        return;
    }
    rq_rule *r = new_rule(j, RQ_CAT_DEGREE, subpath, said);
    if (!r)
        return;
    r->min_eqf = eqf;
    r->or_equivalent = in_place;
    for (size_t i = 0; i < 3; i++)
        if (about[i])
            scan_concepts(j, about[i], &r->fields);
}

/* ---- experience ---- */

static void experience_text(jp *j, const char *path, const char *text)
{
    rq_rule *r = new_rule(j, RQ_CAT_EXPERIENCE, path, text);
    if (!r)
        return;
    double years = scan_years(j, text);
    r->has_min_years = years >= 0;
    r->min_years = years >= 0 ? years : 0;
    scan_concepts(j, text, &r->domains);
}

static void experience_object(jp *j, const char *path, const cJSON *o)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "monthsOfExperience");
    char subpath[256], value[64];
    snprintf(subpath, sizeof subpath, "%s.monthsOfExperience", path);
    double months = -1;
    if (cJSON_IsNumber(m)) {
        months = m->valuedouble;
    } else if (cJSON_IsString(m)) {
        /* "36" is a number; "many" or "3 years" is not, and is no 0 */
        char *end = NULL;
        months = strtod(m->valuestring, &end);
        while (end && (*end == ' ' || *end == '\t'))
            end++;
        if (end == m->valuestring || !end || *end)
            months = -1;
    }
    bool bad = m && !cJSON_IsNull(m) && (months < 0 || !isfinite(months));
    if (bad) {
        char *shown = cJSON_PrintUnformatted(m);
        warn(j, subpath, "not a number of months: %s (ignored)", shown ? shown : "?");
        free(shown);
    }
    const char *desc = get_string(o, "description");
    if (months < 0 || !isfinite(months)) {
        if (desc)
            experience_text(j, path, desc);
        else if (!bad)
            warn(j, path, "%s", "no monthsOfExperience nor description");
        return;
    }
    snprintf(value, sizeof value, "%g", months);
    rq_rule *r = new_rule(j, RQ_CAT_EXPERIENCE, subpath, value);
    if (!r)
        return;
    r->has_min_years = true;
    r->min_years = months / 12.0;
    if (desc)
        scan_concepts(j, desc, &r->domains);
}

/* ---- skills and qualifications ---- */

/* Rule i of a rule set the text compiler made, moved into the posting's
 * (the source slot is zeroed, so freeing that set frees nothing of it).
 * NULL on oom. */
static rq_rule *take_rule(jp *j, rq_ruleset *from, size_t i)
{
    rq_rule *r = rq_ruleset_add(j->rs);
    if (!r) {
        j->oom = true;
        return NULL;
    }
    *r = from->rules[i];
    memset(&from->rules[i], 0, sizeof from->rules[i]);
    return r;
}

/* An item naming a language ("Arabic", "Fluent English", "Arabic or
 * Farsi desirable") is a language requirement: read as one line of a
 * requirement list by the text compiler (levels, "or", modality), its
 * rules keep the property as their source. true when it gave rules. */
static bool language_item(jp *j, const char *path, const char *t)
{
    if (!j->kb)
        return false;
    rq_hits h = RQ_HITS_INIT;
    bool names = rq_kb_scan(j->kb, RQ_TABLE_LANGUAGES, t, strlen(t), &h) > 0;
    rq_hits_free(&h);
    if (!names)
        return false;
    char *line = rq_sprintf("Requirements\n- %s\n", t);
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    int rc = line ? rq_compile_text(line, strlen(line), j->file, j->kb, j->opts, &rs, &d) : -1;
    rq_diags_clear(&d);
    free(line);
    bool any = false;
    for (size_t i = 0; rc == 0 && rs && i < rs->count && !j->oom; i++) {
        if (rs->rules[i].category != RQ_CAT_LANGUAGE)
            continue;
        rq_rule *r = take_rule(j, rs, i);
        if (!r)
            break;
        free(r->source_text);
        r->source_text = rq_sprintf("%s: %s", path, t);
        r->source_line = path_line(j, path);
        if (!r->source_text)
            j->oom = true;
        any = true;
    }
    rq_ruleset_free(rs);
    return any;
}

static void skill_item(jp *j, const char *path, const char *text)
{
    char *t = collapse(text);
    if (!t) {
        j->oom = true;
        return;
    }
    if (*t && !language_item(j, path, t)) {
        rq_rule *r = new_rule(j, RQ_CAT_KNOWLEDGE, path, t);
        if (r && scan_concepts(j, t, &r->concepts) == 0 &&
            rq_strlist_add(&r->concepts, t) != 0)
            j->oom = true;
    }
    free(t);
}

/* Text lists: one item per comma, semicolon or line. */
static void skill_text(jp *j, const char *path, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, ",;\n");
        char *item = rq_strndup(p, n);
        if (!item) {
            j->oom = true;
            return;
        }
        skill_item(j, path, item);
        free(item);
        p += n;
        if (*p)
            p++;
    }
}

/* One value of a property (a string or an object): the handlers below. */
typedef void (*value_fn)(jp *j, const char *path, const cJSON *v, bool in_place);

static void education(jp *j, const char *path, const cJSON *v, bool in_place)
{
    if (cJSON_IsString(v))
        education_text(j, path, v->valuestring, in_place);
    else if (cJSON_IsObject(v))
        credential(j, path, v, in_place);
    else
        warn(j, path, "%s", "expected text or an EducationalOccupationalCredential");
}

static void experience(jp *j, const char *path, const cJSON *v, bool in_place)
{
    (void)in_place;
    if (cJSON_IsString(v))
        experience_text(j, path, v->valuestring);
    else if (cJSON_IsObject(v))
        experience_object(j, path, v);
    else
        warn(j, path, "%s", "expected text or OccupationalExperienceRequirements");
}

static void skill(jp *j, const char *path, const cJSON *v, bool in_place)
{
    if (cJSON_IsString(v))
        skill_text(j, path, v->valuestring);
    else if (cJSON_IsObject(v) && has_type(v, "EducationalOccupationalCredential"))
        credential(j, path, v, in_place);
    else if (cJSON_IsObject(v) && get_string(v, "name"))
        skill_item(j, path, get_string(v, "name"));
    else
        warn(j, path, "%s", "expected text or a DefinedTerm with a name");
}

/* A property holds one value or an array of them: "skills" or "skills[2]". */
static void each_value(jp *j, const cJSON *posting, const char *key, value_fn fn,
                       bool in_place)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(posting, key);
    if (!v || cJSON_IsNull(v))
        return;
    if (!cJSON_IsArray(v)) {
        fn(j, key, v, in_place);
        return;
    }
    int i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        char path[64];
        snprintf(path, sizeof path, "%s[%d]", key, i++);
        fn(j, path, e, in_place);
    }
}

/* ---- description: HTML -> text ---- */

static void put_utf8(rq_buf *b, unsigned long cp)
{
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    rq_buf_append(b, s, n);
}

/* Decode the entity at s (which starts with '&'); returns its length, or 0
 * when it is not one (the '&' is then kept as it is). */
static size_t entity(const char *s, rq_buf *out)
{
    static const struct {
        const char *name;
        const char *text;
    } named[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
        {"nbsp", " "}, {"rsquo", "\xE2\x80\x99"}, {"lsquo", "\xE2\x80\x98"},
        {"eacute", "\xC3\xA9"}, {"egrave", "\xC3\xA8"}, {"agrave", "\xC3\xA0"},
        {"ccedil", "\xC3\xA7"}, {"middot", "\xC2\xB7"}, {"bull", "\xE2\x80\xA2"},
        {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"}, {"hellip", "..."},
        {"euro", "\xE2\x82\xAC"}, {"laquo", "\xC2\xAB"}, {"raquo", "\xC2\xBB"},
        {"ecirc", "\xC3\xAA"}, {"acirc", "\xC3\xA2"}, {"icirc", "\xC3\xAE"},
        {"ocirc", "\xC3\xB4"}, {"ucirc", "\xC3\xBB"}, {"euml", "\xC3\xAB"},
        {"iuml", "\xC3\xAF"}, {"ouml", "\xC3\xB6"}, {"uuml", "\xC3\xBC"},
        {"Eacute", "\xC3\x89"}, {"oelig", "\xC5\x93"},
    };
    const char *semi = strchr(s, ';');
    if (!semi || semi - s > 10)
        return 0;
    if (s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        char *end = NULL;
        unsigned long cp = strtoul(s + (hex ? 3 : 2), &end, hex ? 16 : 10);
        if (end != semi || end == s + (hex ? 3 : 2))
            return 0;
        put_utf8(out, cp == 0xA0 ? ' ' : cp);
        return (size_t)(semi - s) + 1;
    }
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t n = strlen(named[i].name);
        if ((size_t)(semi - s - 1) == n && memcmp(s + 1, named[i].name, n) == 0) {
            rq_buf_puts(out, named[i].text);
            return n + 2;
        }
    }
    return 0;
}

static bool tag_is(const char *name, size_t n, const char *want)
{
    return strlen(want) == n && strncmp(name, want, n) == 0;
}

/* Plain text of an HTML description. Paragraphs, lists and headings are
 * set apart by a blank line, <br>, <div>, <li> and rows end a line, <li>
 * starts a "- " bullet; source newlines are spaces in
 * HTML, but kept when the text has no tags at all (plain text in JSON). */
char *rq_html_to_text(const char *s)
{
    bool html = false;
    for (const char *p = strchr(s, '<'); p && !html; p = strchr(p + 1, '<'))
        html = (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '/';
    rq_buf b = RQ_BUF_INIT;
    const char *p = s;
    while (*p) {
        if (*p == '<' && html) {
            const char *q = p + 1;
            bool closing = *q == '/';
            if (closing)
                q++;
            char name[12];
            size_t n = 0;
            while (((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                    (*q >= '0' && *q <= '9')) && n < sizeof name - 1)
                name[n++] = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q), q++;
            name[n] = '\0';
            const char *gt = strchr(q, '>');
            if (!gt)
                break;
            if (tag_is(name, n, "li") && !closing)
                rq_buf_puts(&b, "\n- ");
            else if (tag_is(name, n, "p") || tag_is(name, n, "ul") ||
                     tag_is(name, n, "ol") || tag_is(name, n, "table") ||
                     (n == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'))
                rq_buf_puts(&b, "\n\n");   /* a paragraph ends */
            else if (tag_is(name, n, "br") || tag_is(name, n, "div") ||
                     tag_is(name, n, "tr"))
                rq_buf_putc(&b, '\n');
            p = gt + 1;
            continue;
        }
        if (*p == '&') {
            size_t used = entity(p, &b);
            if (used) {
                p += used;
                continue;
            }
        }
        if (html && (*p == '\n' || *p == '\r' || *p == '\t'))
            rq_buf_putc(&b, ' ');
        else if (*p != '\r')
            rq_buf_putc(&b, *p);
        p++;
    }
    /* tidy: no spaces at line ends or starts, at most one blank line,
     * none at the start or the end */
    char *raw = rq_buf_take(&b);
    if (!raw)
        return NULL;
    rq_buf t = RQ_BUF_INIT;
    bool blank = false;   /* a blank line is due before the next text */
    for (const char *line = raw; *line;) {
        size_t n = strcspn(line, "\n");
        size_t a = 0, z = n;
        while (a < z && line[a] == ' ')
            a++;
        while (z > a && line[z - 1] == ' ')
            z--;
        if (z > a) {
            if (blank && t.len)
                rq_buf_putc(&t, '\n');
            rq_buf_append(&t, line + a, z - a);
            rq_buf_putc(&t, '\n');
            blank = false;
        } else {
            blank = true;
        }
        line += n;
        if (*line)
            line++;
    }
    free(raw);
    return rq_buf_take(&t);
}

/* ---- merging ---- */

/* What the structured rules already ask, per category, for the question
 * "does a structured rule cover this description rule?" in O(log n): a
 * description rule is covered when a structured rule of its category
 * shares one of its concepts (languages, domains), a structured degree
 * rule covers any degree, and a structured experience rule without domains
 * (or a description one without) covers any experience. The keys are
 * borrowed from the rules, sorted for bsearch. Asked pair by pair, a
 * posting with 100 000 skills and a 5 MB description took 18 s. */
typedef struct {
    const char **keys[RQ_CAT_COUNT];
    size_t nkeys[RQ_CAT_COUNT];
    size_t nrules[RQ_CAT_COUNT];
    bool any_experience;   /* a structured experience rule without domains */
} asked;

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const rq_strlist *rule_keys(const rq_rule *r)
{
    switch (r->category) {
    case RQ_CAT_DEGREE: return NULL;
    case RQ_CAT_EXPERIENCE: return &r->domains;
    case RQ_CAT_LANGUAGE: return &r->languages;
    default: return &r->concepts;
    }
}

static int asked_init(asked *a, const rq_ruleset *rs, size_t n)
{
    memset(a, 0, sizeof *a);
    for (size_t i = 0; i < n; i++) {
        const rq_rule *r = &rs->rules[i];
        a->nrules[r->category]++;
        const rq_strlist *l = rule_keys(r);
        if (l)
            a->nkeys[r->category] += l->count;
        if (r->category == RQ_CAT_EXPERIENCE && !r->domains.count)
            a->any_experience = true;
    }
    for (int c = 0; c < RQ_CAT_COUNT; c++) {
        if (!a->nkeys[c])
            continue;
        a->keys[c] = malloc(a->nkeys[c] * sizeof *a->keys[c]);
        if (!a->keys[c])
            return -1;
        a->nkeys[c] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const rq_rule *r = &rs->rules[i];
        const rq_strlist *l = rule_keys(r);
        for (size_t k = 0; l && k < l->count; k++)
            a->keys[r->category][a->nkeys[r->category]++] = l->items[k];
    }
    for (int c = 0; c < RQ_CAT_COUNT; c++)
        if (a->nkeys[c])
            qsort(a->keys[c], a->nkeys[c], sizeof *a->keys[c], cmp_key);
    return 0;
}

static void asked_free(asked *a)
{
    for (int c = 0; c < RQ_CAT_COUNT; c++)
        free(a->keys[c]);
}

/* true when a structured rule already asks what description rule d asks */
static bool covered(const asked *a, const rq_rule *d)
{
    rq_category c = d->category;
    if (!a->nrules[c])
        return false;
    if (c == RQ_CAT_DEGREE)
        return true;
    if (c == RQ_CAT_EXPERIENCE && (a->any_experience || !d->domains.count))
        return true;
    const rq_strlist *l = rule_keys(d);
    for (size_t i = 0; l && i < l->count; i++)
        if (a->nkeys[c] && bsearch(&l->items[i], a->keys[c], a->nkeys[c],
                                   sizeof *a->keys[c], cmp_key))
            return true;
    return false;
}

/* A covered description rule may still say what the structured one
 * leaves out: "educationRequirements: postgraduate degree" and "Bac+5 en
 * droit ou sciences politiques" in the description; "monthsOfExperience:
 * 36" and "3 ans d'expérience en plaidoyer". The structured degree rule
 * without fields takes the description's fields (when the description
 * asks no lower level), the structured experience rule without domains
 * takes its domains. The structured numbers stand. */
static void enrich(rq_ruleset *rs, size_t nstructured, const rq_rule *d, bool *oom)
{
    for (size_t i = 0; i < nstructured; i++) {
        rq_rule *r = &rs->rules[i];
        if (r->category != d->category)
            continue;
        const rq_strlist *from = NULL;
        rq_strlist *to = NULL;
        if (d->category == RQ_CAT_DEGREE && !r->fields.count && d->fields.count &&
            d->min_eqf >= r->min_eqf) {
            from = &d->fields;
            to = &r->fields;
            r->or_equivalent = r->or_equivalent || d->or_equivalent;
        } else if (d->category == RQ_CAT_EXPERIENCE && !r->domains.count && d->domains.count) {
            from = &d->domains;
            to = &r->domains;
        }
        if (!from)
            continue;
        for (size_t k = 0; k < from->count; k++)
            if (rq_strlist_add(to, from->items[k]) != 0)
                *oom = true;
        /* the rule shows both sentences it came from */
        if (d->source_text && r->source_text) {
            char *both = rq_sprintf("%s | description: %s", r->source_text, d->source_text);
            if (!both) {
                *oom = true;
                return;
            }
            free(r->source_text);
            r->source_text = both;
        }
        return;
    }
}

static void merge_description(jp *j, const char *html)
{
    char *text = rq_html_to_text(html);
    if (!text) {
        j->oom = true;
        return;
    }
    if (!*text) {
        free(text);
        return;
    }
    char *where = rq_sprintf("%s (description)", j->file);
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *drs = NULL;
    int rc = where ? rq_compile_text(text, strlen(text), where, j->kb, j->opts, &drs, &d) : -1;
    /* the structured part stands on its own: problems in the description
     * never make the posting unusable */
    for (size_t i = 0; i < d.count; i++) {
        rq_diag *g = &d.items[i];
        rq_severity sev = g->severity == RQ_SEV_ERROR ? RQ_SEV_WARNING : g->severity;
        if (rq_diags_add(j->diags, sev, g->file, g->line, g->col, g->path, "%s",
                         g->message) != 0)
            j->oom = true;
    }
    rq_diags_clear(&d);
    if (rc == 0 && drs) {
        if (!j->rs->language[0] && drs->language[0])
            memcpy(j->rs->language, drs->language, sizeof drs->language);
        asked structured;
        if (asked_init(&structured, j->rs, j->rs->count) != 0)
            j->oom = true;
        /* the keys are the structured rules' strings, which stay where
         * they are when the rule array grows below; description rules
         * added here are not looked at (as before: only structured ones) */
        size_t nstructured = j->rs->count;
        for (size_t i = 0; i < drs->count && !j->oom; i++) {
            if (covered(&structured, &drs->rules[i])) {
                enrich(j->rs, nstructured, &drs->rules[i], &j->oom);
                continue;
            }
            rq_rule *r = take_rule(j, drs, i);
            if (!r)
                break;
            r->source_line = key_line(j, "description");
        }
        asked_free(&structured);
    }
    rq_ruleset_free(drs);
    free(where);
    free(text);
}

/* degree-1, experience-1, degree-2, ...: per category, in rule order */
static void number_rules(jp *j)
{
    int counters[RQ_CAT_COUNT] = {0};
    for (size_t i = 0; i < j->rs->count; i++) {
        rq_rule *r = &j->rs->rules[i];
        free(r->id);
        r->id = rq_sprintf("%s-%d", rq_category_name(r->category), ++counters[r->category]);
        if (!r->id)
            j->oom = true;
    }
}

/* ---- the posting ---- */

static void posting_language(jp *j, const cJSON *v)
{
    static const char *const known[] = {"fr", "en", "nl"};
    const char *code = cJSON_IsString(v) ? v->valuestring : NULL;
    if (cJSON_IsObject(v))
        code = get_string(v, "alternateName") ? get_string(v, "alternateName")
                                              : get_string(v, "name");
    if (!code)
        return;
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(code);
        char two[3] = {code[0], n > 1 ? code[1] : '\0', '\0'};
        for (int k = 0; k < 2; k++)
            if (two[k] >= 'A' && two[k] <= 'Z')
                two[k] = (char)(two[k] + 32);
        bool code_like = n == 2 || (n > 2 && (code[2] == '-' || code[2] == '_'));
        if (code_like && strcmp(two, known[i]) == 0) {
            memcpy(j->rs->language, known[i], 3);
            return;
        }
    }
    /* a language name: ask the kb ("French", "Nederlands") */
    if (j->kb) {
        rq_hits h = RQ_HITS_INIT;
        if (rq_kb_scan(j->kb, RQ_TABLE_LANGUAGES, code, strlen(code), &h) > 0) {
            const char *k = rq_kb_key(j->kb, RQ_TABLE_LANGUAGES, h.hits[0].entry);
            for (size_t i = 0; k && i < 3; i++)
                if (strcmp(k, known[i]) == 0)
                    memcpy(j->rs->language, known[i], 3);
        }
        rq_hits_free(&h);
    }
}

/* line:col of byte offset off in text */
static void line_col(const char *text, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

static int compile(const char *json, size_t len, const char *file, const rq_kb *kb,
                   const rq_compile_opts *opts, rq_ruleset **out, rq_diags *diags)
{
    *out = NULL;
    if (!file)
        file = "<posting>";
    /* cJSON takes bytes that are not UTF-8 as they come, and a NUL as the
     * end: such a posting would give rules no .rules file can hold */
    size_t bad = rq_text_bad_at(json, len);
    if (bad < len) {
        int line, col;
        line_col(json, bad, &line, &col);
        rq_diags_add(diags, RQ_SEV_ERROR, file, line, col, NULL, "%s",
                     json[bad] ? "invalid UTF-8" : "NUL byte (not a text file?)");
        return -1;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, false);
    if (!root) {
        int line, col;
        size_t off = end && end >= json && end <= json + len ? (size_t)(end - json) : 0;
        line_col(json, off, &line, &col);
        if (off < len && (json[off] == '[' || json[off] == '{') &&
            rq_json_depth_at(json, off) >= CJSON_NESTING_LIMIT)
            rq_diags_add(diags, RQ_SEV_ERROR, file, line, col, NULL,
                         "JSON nested deeper than %d levels", CJSON_NESTING_LIMIT);
        else
            rq_diags_add(diags, RQ_SEV_ERROR, file, line, col, NULL, "invalid JSON");
        return -1;
    }
    const cJSON *p = find_posting(root);
    if (!p) {
        rq_diags_add(diags, RQ_SEV_ERROR, file, 0, 0, NULL,
                     "not a schema.org JobPosting (no \"@type\": \"JobPosting\")");
        cJSON_Delete(root);
        return -1;
    }
    jp j = {file, json, len, kb, opts, diags, rq_ruleset_new(), false};
    if (!j.rs) {
        cJSON_Delete(root);
        return -1;
    }
    const char *title = get_string(p, "title");
    j.rs->title = title ? collapse(title) : NULL;
    const cJSON *org = cJSON_GetObjectItemCaseSensitive(p, "hiringOrganization");
    const char *orgname = cJSON_IsString(org) ? org->valuestring : get_string(org, "name");
    j.rs->organization = orgname ? collapse(orgname) : NULL;
    posting_language(&j, cJSON_GetObjectItemCaseSensitive(p, "inLanguage"));

    bool in_place = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "experienceInPlaceOfEducation"));

    each_value(&j, p, "educationRequirements", education, in_place);
    each_value(&j, p, "experienceRequirements", experience, in_place);
    each_value(&j, p, "skills", skill, in_place);
    each_value(&j, p, "qualifications", skill, in_place);

    const char *desc = get_string(p, "description");
    if (desc)
        merge_description(&j, desc);
    if (!j.rs->language[0])
        memcpy(j.rs->language, "en", 3);
    number_rules(&j);
    cJSON_Delete(root);

    if (j.oom) {
        rq_diags_add(diags, RQ_SEV_ERROR, file, 0, 0, NULL, "out of memory");
        rq_ruleset_free(j.rs);
        return -1;
    }
    if (j.rs->count == 0)
        rq_diags_add(diags, RQ_SEV_WARNING, file, 0, 0, NULL,
                     "no requirements found in the JobPosting");
    *out = j.rs;
    return 0;
}

int rq_jobposting_compile(const char *json, size_t len, const char *file,
                          const rq_kb *kb, rq_ruleset **out, rq_diags *diags)
{
    rq_compile_opts opts = RQ_COMPILE_OPTS_INIT;
    return compile(json, len, file, kb, &opts, out, diags);
}

int rq_jobposting_compile_opts(const char *json, size_t len, const char *file,
                               const rq_kb *kb, const rq_compile_opts *opts,
                               rq_ruleset **out, rq_diags *diags)
{
    rq_compile_opts defaults = RQ_COMPILE_OPTS_INIT;
    return compile(json, len, file, kb, opts ? opts : &defaults, out, diags);
}
