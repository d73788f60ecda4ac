/*
 * rulesfile.c - the .rules text format: a rule set a recruiter can read
 * and edit, parsed back with file:line:col diagnostics.
 *
 * The format is line-oriented: "key: value" lines, "[rule-id]" section
 * headers, '#' comments (at the start of a line, or after whitespace).
 * Posting keys (title, organization, language) come before the first
 * section; each section is one rule. List values are separated by ';'.
 * Escapes: \\ \; \# \n \t \r, "\ " (a space that trimming keeps) and \xHH
 * for other control characters.
 *
 * Parsing runs in one pass over the lines and never stops at the first
 * problem: a section's key lines are collected first (so 'category' may
 * come anywhere in it) and checked when the section ends, each error
 * pointing at the offending value. Columns count characters (code points),
 * as an editor shows them.
 *
 * The writer is canonical: fixed key order, every key of the rule's
 * category written, numbers in their shortest round-trip form. So
 * write(parse(write(rs))) is byte-identical to write(rs).
 */
#include "rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys ---- */

enum {
    K_CATEGORY, K_REQUIRED, K_WEIGHT,
    K_MIN_EQF, K_FIELDS, K_OR_EQUIVALENT,
    K_MIN_YEARS, K_DOMAINS,
    K_LANGUAGES, K_MIN_LEVEL,
    K_CONCEPTS, K_MATCH,
    K_LINE, K_SOURCE,
    K_RULE_COUNT,
    K_TITLE = K_RULE_COUNT, K_ORGANIZATION, K_LANGUAGE,
    K_COUNT
};

#define CAT(c) (1u << (c))
#define ALL_CATS (CAT(RQ_CAT_COUNT) - 1u)

/* One table: key names, and which categories each rule key applies to
 * (0 for posting keys). The writer follows this order too. */
static const struct {
    const char *name;
    unsigned cats;
} keys[K_COUNT] = {
    [K_CATEGORY] = {"category", ALL_CATS},
    [K_REQUIRED] = {"required", ALL_CATS},
    [K_WEIGHT] = {"weight", ALL_CATS},
    [K_MIN_EQF] = {"min_eqf", CAT(RQ_CAT_DEGREE)},
    [K_FIELDS] = {"fields", CAT(RQ_CAT_DEGREE)},
    [K_OR_EQUIVALENT] = {"or_equivalent", CAT(RQ_CAT_DEGREE)},
    [K_MIN_YEARS] = {"min_years", CAT(RQ_CAT_EXPERIENCE)},
    [K_DOMAINS] = {"domains", CAT(RQ_CAT_EXPERIENCE)},
    [K_LANGUAGES] = {"languages", CAT(RQ_CAT_LANGUAGE)},
    [K_MIN_LEVEL] = {"min_level", CAT(RQ_CAT_LANGUAGE)},
    [K_CONCEPTS] = {"concepts", CAT(RQ_CAT_KNOWLEDGE) | CAT(RQ_CAT_OTHER)},
    [K_MATCH] = {"match", CAT(RQ_CAT_KNOWLEDGE) | CAT(RQ_CAT_OTHER)},
    [K_LINE] = {"line", ALL_CATS},
    [K_SOURCE] = {"source", ALL_CATS},
    [K_TITLE] = {"title", 0},
    [K_ORGANIZATION] = {"organization", 0},
    [K_LANGUAGE] = {"language", 0},
};

static const char *const cefr[6] = {"A1", "A2", "B1", "B2", "C1", "C2"};
static const char *const posting_languages[3] = {"fr", "en", "nl"};

static int key_lookup(const char *s, size_t n)
{
    for (int k = 0; k < K_COUNT; k++)
        if (strlen(keys[k].name) == n && memcmp(keys[k].name, s, n) == 0)
            return k;
    return -1;
}

/* ---- parser state ---- */

typedef struct {
    const char *val;   /* raw value text (escapes not yet applied) */
    size_t len;
    const char *line_start;
    int line;
    int key_col;
    int val_col;
    bool set;
    bool bad;          /* its value was reported as wrong */
} slot;

typedef struct {
    const char *file;
    const rq_kb *kb;
    rq_diags *diags;
    rq_ruleset *rs;
    int errors;
    bool oom;

    /* the section being read */
    bool in_section;
    bool damaged;          /* a line of this section could not be read */
    char *id;
    int id_line;
    slot slots[K_COUNT];
    slot posting[K_COUNT];  /* posting keys seen before the first section */

    /* every section id so far, for duplicates, with a hash table of
     * indices into it (0: empty, else index + 1) so that a file of 50 000
     * rules (a 5 MB posting compiled) is not checked pair by pair */
    struct {
        char *id;
        int line;
    } *seen;
    size_t nseen;
    size_t *table;
    size_t table_cap;      /* a power of two, at least twice nseen */
} parser;

/* character column (1-based) of p in the line starting at line_start */
static int col_of(const char *line_start, const char *p)
{
    int col = 1;
    for (const char *q = line_start; q < p; q++)
        if (((unsigned char)*q & 0xC0) != 0x80)
            col++;
    return col;
}

/* After this many errors a file is not read further (random bytes gave an
 * error on each of thousands of lines). */
#define RQ_RULES_MAX_ERRORS 50

static void diag(parser *ps, rq_severity sev, int line, int col,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void diag(parser *ps, rq_severity sev, int line, int col,
                 const char *fmt, ...)
{
    rq_buf msg = RQ_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    rq_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (sev == RQ_SEV_ERROR)
        ps->errors++;
    if (msg.oom || rq_diags_add(ps->diags, sev, ps->file, line, col, NULL,
                                "%s", msg.data ? msg.data : "") != 0)
        ps->oom = true;
    rq_buf_free(&msg);
}

/* Offset of the first byte that is not valid UTF-8 in s[0..n), or n. */
static size_t utf8_bad_at(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (k > n - i || !rq_utf8_valid(s + i, k))
            return i;
        i += k;
    }
    return n;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One unescaped item of a value: text, and the column where it starts. */
typedef struct {
    char *text;
    int col;
} item;

typedef struct {
    item *items;
    size_t count;
} items;

static void items_free(items *it)
{
    for (size_t i = 0; i < it->count; i++)
        free(it->items[i].text);
    free(it->items);
    it->items = NULL;
    it->count = 0;
}

/* Apply escapes to a slot's raw value. As a list (split on unescaped ';',
 * empty items dropped) or as one scalar. Unescaped whitespace around each
 * item is trimmed. Returns 0, or -1 after reporting a bad escape. */
/* The column of p, counted on from a position whose column is known:
 * positions only move forward, so a 1 MB line of 50 000 items is counted
 * once, not once an item. */
typedef struct {
    const char *at;
    int col;
} col_cursor;

static int col_to(col_cursor *c, const char *p)
{
    for (; c->at < p; c->at++)
        if (((unsigned char)*c->at & 0xC0) != 0x80)
            c->col++;
    return c->col;
}

static int unescape(parser *ps, const slot *s, bool list, items *out)
{
    out->items = NULL;
    out->count = 0;
    col_cursor cc = {s->line_start, 1};
    rq_buf b = RQ_BUF_INIT;
    size_t keep = 0;        /* length of b up to the last significant char */
    const char *start = NULL;
    int start_col = 1;
    int rc = 0;
    const char *p = s->val, *end = s->val + s->len;
    for (;;) {
        bool at_end = p >= end;
        if (at_end || (list && *p == ';')) {
            if (keep > 0 || (!list && start)) {
                /* capacity: the power of two at or above count */
                size_t n = out->count;
                item *grown = n && (n & (n - 1)) ? out->items
                              : realloc(out->items, (n ? 2 * n : 1) * sizeof *grown);
                char *text = rq_strndup(b.data ? b.data : "", keep);
                if (grown)
                    out->items = grown;
                if (!grown || !text || b.oom) {
                    free(text);
                    ps->oom = true;
                    rc = -1;
                    break;
                }
                out->items = grown;
                out->items[out->count].text = text;
                out->items[out->count].col = start_col;
                out->count++;
            }
            if (at_end)
                break;
            rq_buf_reset(&b);
            keep = 0;
            start = NULL;
            p++;
            continue;
        }
        char c = *p;
        if ((c == ' ' || c == '\t') && keep == 0) {
            p++;
            continue;       /* leading whitespace */
        }
        if (!start) {
            start = p;
            start_col = col_to(&cc, p);
        }
        if (c != '\\') {
            rq_buf_putc(&b, c);
            if (c != ' ' && c != '\t')
                keep = b.len;
            p++;
            continue;
        }
        char e = p + 1 < end ? p[1] : '\0';
        char lit;
        size_t used = 2;
        switch (e) {
        case '\\': lit = '\\'; break;
        case ';': lit = ';'; break;
        case '#': lit = '#'; break;
        case ' ': lit = ' '; break;
        case 'n': lit = '\n'; break;
        case 't': lit = '\t'; break;
        case 'r': lit = '\r'; break;
        case 'x': {
            int hi = p + 2 < end ? hexval(p[2]) : -1;
            int lo = p + 3 < end ? hexval(p[3]) : -1;
            int v = hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
            if (v <= 0 || (v >= 0x20 && v != 0x7F)) {
                diag(ps, RQ_SEV_ERROR, s->line, col_to(&cc, p),
                     "'\\x' must be followed by two hex digits of a control "
                     "character (01 to 1f, or 7f)");
                rc = -1;
                lit = '?';
            } else {
                lit = (char)v;
            }
            used = 4;
            break;
        }
        default:
            if (e == '\0')
                diag(ps, RQ_SEV_ERROR, s->line, col_to(&cc, p),
                     "backslash at end of value (write '\\\\' for a backslash)");
            else
                diag(ps, RQ_SEV_ERROR, s->line, col_to(&cc, p),
                     "unknown escape '\\%c' (write '\\\\' for a backslash)", e);
            rc = -1;
            lit = '\\';
            used = e == '\0' ? 1 : 2;
            break;
        }
        rq_buf_putc(&b, lit);
        keep = b.len;
        p += used;
    }
    rq_buf_free(&b);
    if (rc != 0)
        items_free(out);
    return rc;
}

/* A scalar value, unescaped; NULL after an error (reported). The empty
 * value gives "". */
static char *scalar(parser *ps, const slot *s)
{
    items it;
    if (unescape(ps, s, false, &it) != 0)
        return NULL;
    char *v = NULL;
    if (it.count > 0) {
        v = it.items[0].text;
        it.items[0].text = NULL;
    } else if (!(v = rq_strdup(""))) {
        ps->oom = true;
    }
    items_free(&it);
    return v;
}

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

static int parse_bool(parser *ps, const slot *s, bool *out)
{
    char *v = scalar(ps, s);
    if (!v)
        return -1;
    int rc = 0;
    if (ascii_ieq(v, "yes") || ascii_ieq(v, "true"))
        *out = true;
    else if (ascii_ieq(v, "no") || ascii_ieq(v, "false"))
        *out = false;
    else {
        diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
             "%s: expected yes or no, not '%s'", keys[s - ps->slots].name, v);
        rc = -1;
    }
    free(v);
    return rc;
}

/* A finite number written in full (no trailing text). */
static int parse_number(parser *ps, const slot *s, const char *v, double *out)
{
    char *end = NULL;
    double d = *v ? strtod(v, &end) : 0;
    if (!*v || *end || !isfinite(d)) {
        diag(ps, RQ_SEV_ERROR, s->line, s->val_col, "%s: '%s' is not a number",
             keys[s - ps->slots].name, v);
        return -1;
    }
    *out = d;
    return 0;
}

/* A whole number in [lo, hi]. */
static int parse_int(parser *ps, const slot *s, long lo, long hi, int *out)
{
    char *v = scalar(ps, s);
    if (!v)
        return -1;
    double d = 0;
    int rc = parse_number(ps, s, v, &d);
    if (rc == 0 && (d != floor(d) || d < (double)lo || d > (double)hi)) {
        if (hi == 0x7fffffff)
            diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
                 "%s: expected a whole number of at least %ld, not '%s'",
                 keys[s - ps->slots].name, lo, v);
        else
            diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
                 "%s: expected a whole number from %ld to %ld, not '%s'",
                 keys[s - ps->slots].name, lo, hi, v);
        rc = -1;
    }
    if (rc == 0)
        *out = (int)d;
    free(v);
    return rc;
}

/* A list of strings. Concept-like lists (concepts, fields, domains) note
 * entries the kb does not know; language lists must hold known codes. */
static int parse_list(parser *ps, const slot *s, rq_strlist *out)
{
    int k = (int)(s - ps->slots);
    items it;
    if (unescape(ps, s, true, &it) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < it.count; i++) {
        char *t = it.items[i].text;
        if (k == K_LANGUAGES) {
            for (char *q = t; *q; q++)
                if (*q >= 'A' && *q <= 'Z')
                    *q = (char)(*q + 32);
            bool ok = strlen(t) == 2 && t[0] >= 'a' && t[0] <= 'z' &&
                      t[1] >= 'a' && t[1] <= 'z';
            if (ok && ps->kb)
                ok = rq_kb_find(ps->kb, RQ_TABLE_LANGUAGES, t) >= 0;
            if (!ok) {
                diag(ps, RQ_SEV_ERROR, s->line, it.items[i].col,
                     "languages: unknown ISO 639-1 code '%s'", t);
                rc = -1;
                continue;
            }
        } else if (ps->kb && rq_kb_find(ps->kb, RQ_TABLE_CONCEPTS, t) < 0) {
            diag(ps, RQ_SEV_NOTE, s->line, it.items[i].col,
                 "free-text concept '%s' (not in the lexicon)", t);
        }
        if (rq_strlist_add(out, t) != 0) {
            ps->oom = true;
            rc = -1;
            break;
        }
    }
    items_free(&it);
    return rc;
}

/* ---- sections ---- */

static void end_section(parser *ps)
{
    if (!ps->in_section)
        return;
    ps->in_section = false;
    slot *sl = ps->slots;
    int errors_before = ps->errors;
    const char *id = ps->id;

    if (!sl[K_CATEGORY].set) {
        diag(ps, RQ_SEV_ERROR, ps->id_line, 1, "rule '%s' has no category", id);
        goto done;
    }
    char *catname = scalar(ps, &sl[K_CATEGORY]);
    if (!catname)
        goto done;
    int cat = rq_category_parse(catname);
    if (cat < 0) {
        diag(ps, RQ_SEV_ERROR, sl[K_CATEGORY].line, sl[K_CATEGORY].val_col,
             "unknown category '%s' (expected degree, experience, language, "
             "knowledge or other)", catname);
        free(catname);
        goto done;
    }
    free(catname);

    rq_rule r;
    memset(&r, 0, sizeof r);
    r.category = (rq_category)cat;
    r.weight = 1.0;
    for (int k = 0; k < K_RULE_COUNT; k++) {
        slot *s = &sl[k];
        if (!s->set || k == K_CATEGORY)
            continue;
        if (!(keys[k].cats & CAT(cat))) {
            diag(ps, RQ_SEV_ERROR, s->line, s->key_col,
                 "key '%s' does not apply to a %s rule", keys[k].name,
                 rq_category_name((rq_category)cat));
            continue;
        }
        int errors_at_key = ps->errors;
        switch (k) {
        case K_REQUIRED:
            parse_bool(ps, s, &r.required);
            break;
        case K_OR_EQUIVALENT:
            parse_bool(ps, s, &r.or_equivalent);
            break;
        case K_WEIGHT: {
            char *v = scalar(ps, s);
            if (v && parse_number(ps, s, v, &r.weight) == 0 && !(r.weight > 0))
                diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
                     "weight: must be greater than 0, not '%s'", v);
            free(v);
            break;
        }
        case K_MIN_EQF:
            parse_int(ps, s, 1, 8, &r.min_eqf);
            break;
        case K_LINE:
            parse_int(ps, s, 0, 0x7fffffff, &r.source_line);
            break;
        case K_MIN_YEARS: {
            char *v = scalar(ps, s);
            if (v && ascii_ieq(v, "none")) {
                r.has_min_years = false;
            } else if (v && parse_number(ps, s, v, &r.min_years) == 0) {
                if (r.min_years < 0)
                    diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
                         "min_years: must be 0 or more (or 'none'), not '%s'", v);
                r.has_min_years = true;
            }
            free(v);
            break;
        }
        case K_MIN_LEVEL: {
            char *v = scalar(ps, s);
            for (int i = 0; v && i < 6; i++)
                if (ascii_ieq(v, cefr[i]))
                    r.min_level = i + 1;
            if (v && !r.min_level)
                diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
                     "min_level: unknown CEFR level '%s' (expected A1, A2, B1, "
                     "B2, C1 or C2)", v);
            free(v);
            break;
        }
        case K_MATCH: {
            char *v = scalar(ps, s);
            if (v && ascii_ieq(v, "any"))
                r.match_any = true;
            else if (v && !ascii_ieq(v, "all"))
                diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
                     "match: expected all or any, not '%s'", v);
            free(v);
            break;
        }
        case K_SOURCE:
            if (!(r.source_text = scalar(ps, s)))
                r.source_text = NULL;
            break;
        case K_FIELDS:
            parse_list(ps, s, &r.fields);
            break;
        case K_DOMAINS:
            parse_list(ps, s, &r.domains);
            break;
        case K_LANGUAGES:
            parse_list(ps, s, &r.languages);
            break;
        case K_CONCEPTS:
            parse_list(ps, s, &r.concepts);
            break;
        default:
            break;
        }
        s->bad = ps->errors != errors_at_key;
    }

    /* what each category cannot do without */
    static const struct {
        int cat, key;
        bool list;
    } needed[] = {
        {RQ_CAT_DEGREE, K_MIN_EQF, false},
        {RQ_CAT_LANGUAGE, K_LANGUAGES, true},
        {RQ_CAT_LANGUAGE, K_MIN_LEVEL, false},
        {RQ_CAT_KNOWLEDGE, K_CONCEPTS, true},
        {RQ_CAT_OTHER, K_CONCEPTS, true},
    };
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        if (needed[i].cat != cat || ps->damaged)
            continue;
        slot *s = &sl[needed[i].key];
        const rq_strlist *l = needed[i].key == K_LANGUAGES ? &r.languages : &r.concepts;
        if (!s->set)
            diag(ps, RQ_SEV_ERROR, ps->id_line, 1, "%s rule '%s' has no %s",
                 rq_category_name((rq_category)cat), id, keys[needed[i].key].name);
        else if (needed[i].list && l->count == 0 && !s->bad)
            diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
                 "%s: a %s rule needs at least one entry", keys[needed[i].key].name,
                 rq_category_name((rq_category)cat));
    }

    if (ps->errors == errors_before && !ps->oom) {
        rq_rule *dst = rq_ruleset_add(ps->rs);
        if (!dst) {
            ps->oom = true;
            rq_rule_clear(&r);
            goto done;
        }
        r.id = ps->id;
        ps->id = NULL;
        if (!r.source_text && !(r.source_text = rq_strdup("")))
            ps->oom = true;
        *dst = r;
    } else {
        rq_rule_clear(&r);
    }
done:
    free(ps->id);
    ps->id = NULL;
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static size_t id_hash(const char *s)
{
    size_t h = 14695981039346656037u;        /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The table slot of id: holding its index + 1, or 0 (empty) where it would
 * go. NULL when the table cannot be made (oom). */
static size_t *seen_slot(parser *ps, const char *id)
{
    if (ps->table_cap < 2 * (ps->nseen + 1)) {
        size_t cap = ps->table_cap ? ps->table_cap * 2 : 64;
        size_t *t = calloc(cap, sizeof *t);
        if (!t)
            return NULL;
        for (size_t i = 0; i < ps->nseen; i++) {
            size_t k = id_hash(ps->seen[i].id) & (cap - 1);
            while (t[k])
                k = (k + 1) & (cap - 1);
            t[k] = i + 1;
        }
        free(ps->table);
        ps->table = t;
        ps->table_cap = cap;
    }
    size_t k = id_hash(id) & (ps->table_cap - 1);
    while (ps->table[k] && strcmp(ps->seen[ps->table[k] - 1].id, id) != 0)
        k = (k + 1) & (ps->table_cap - 1);
    return &ps->table[k];
}

/* Add id (not seen yet) at line ln. false on oom. */
static bool remember_id(parser *ps, const char *id, int ln)
{
    if ((ps->nseen & (ps->nseen - 1)) == 0) {    /* 0, 1, 2, 4...: grow */
        void *grown = realloc(ps->seen, (ps->nseen ? 2 * ps->nseen : 1) * sizeof *ps->seen);
        if (!grown)
            return false;
        ps->seen = grown;
    }
    char *copy = rq_strdup(id);
    size_t *at = copy ? seen_slot(ps, id) : NULL;
    if (!at) {
        free(copy);
        return false;
    }
    ps->seen[ps->nseen].id = copy;
    ps->seen[ps->nseen].line = ln;
    *at = ++ps->nseen;
    return true;
}

static void start_section(parser *ps, const char *line, const char *p,
                          const char *eol, int ln)
{
    end_section(ps);
    const char *close = memchr(p, ']', (size_t)(eol - p));
    if (!close) {
        diag(ps, RQ_SEV_ERROR, ln, col_of(line, p), "missing ']' in section header");
        close = eol;
    } else {
        const char *q = close + 1;
        while (q < eol && (*q == ' ' || *q == '\t'))
            q++;
        if (q < eol && *q != '#')
            diag(ps, RQ_SEV_ERROR, ln, col_of(line, q),
                 "unexpected text after section header");
    }
    const char *id = p + 1, *idend = close;
    while (id < idend && (*id == ' ' || *id == '\t'))
        id++;
    while (idend > id && (idend[-1] == ' ' || idend[-1] == '\t'))
        idend--;
    int errs = ps->errors;
    if (id == idend)
        diag(ps, RQ_SEV_ERROR, ln, col_of(line, p), "empty rule id");
    for (const char *q = id; q < idend; q++) {
        if (!id_char(*q)) {
            int n = 1;
            while (q + n < idend && ((unsigned char)q[n] & 0xC0) == 0x80)
                n++;
            diag(ps, RQ_SEV_ERROR, ln, col_of(line, q),
                 "invalid character '%.*s' in rule id (use letters, digits, "
                 "'_', '.' and '-')", n, q);
            break;
        }
    }
    memset(ps->slots, 0, sizeof ps->slots);
    ps->in_section = true;
    ps->damaged = false;
    ps->id_line = ln;
    ps->id = rq_strndup(id, (size_t)(idend - id));
    if (!ps->id) {
        ps->oom = true;
        ps->in_section = false;
        return;
    }
    if (ps->errors != errs || id == idend)
        return;
    size_t *at = seen_slot(ps, ps->id);
    if (at && *at) {
        diag(ps, RQ_SEV_ERROR, ln, col_of(line, id),
             "duplicate rule id '%s' (first at line %d)", ps->id, ps->seen[*at - 1].line);
        return;
    }
    if (!at || !remember_id(ps, ps->id, ln))
        ps->oom = true;
}

/* ---- lines ---- */

static void posting_key(parser *ps, int k, const slot *s)
{
    char *v = scalar(ps, s);
    if (!v)
        return;
    if (k == K_TITLE) {
        free(ps->rs->title);
        ps->rs->title = v;
        return;
    }
    if (k == K_ORGANIZATION) {
        free(ps->rs->organization);
        ps->rs->organization = v;
        return;
    }
    for (int i = 0; i < 3; i++)
        if (ascii_ieq(v, posting_languages[i])) {
            memcpy(ps->rs->language, posting_languages[i], 3);
            free(v);
            return;
        }
    diag(ps, RQ_SEV_ERROR, s->line, s->val_col,
         "language: unknown posting language '%s' (expected fr, en or nl)", v);
    free(v);
}

static void key_line(parser *ps, const char *line, const char *p,
                     const char *eol, int ln)
{
    const char *k = p;
    while (p < eol && (id_char(*p) && *p != '.' && *p != '-'))
        p++;
    const char *kend = p;
    while (p < eol && (*p == ' ' || *p == '\t'))
        p++;
    if (k == kend || p >= eol || *p != ':') {
        diag(ps, RQ_SEV_ERROR, ln, col_of(line, k),
             "expected 'key: value' or '[rule-id]'");
        ps->damaged = true;
        return;
    }
    p++;
    while (p < eol && (*p == ' ' || *p == '\t'))
        p++;
    /* the value runs to the end of the line or to a comment: an unescaped
     * '#' at its start or after whitespace */
    const char *q = p;
    while (q < eol) {
        if (*q == '\\') {
            q += q + 1 < eol ? 2 : 1;
            continue;
        }
        if (*q == '#' && (q == p || q[-1] == ' ' || q[-1] == '\t'))
            break;
        q++;
    }
    slot s = {p, (size_t)(q - p), line, ln, col_of(line, k), col_of(line, p), true, false};

    int key = key_lookup(k, (size_t)(kend - k));
    if (key < 0) {
        diag(ps, RQ_SEV_ERROR, ln, s.key_col, "unknown key '%.*s'",
             (int)(kend - k), k);
        return;
    }
    bool posting = keys[key].cats == 0;
    if (ps->in_section && posting) {
        diag(ps, RQ_SEV_ERROR, ln, s.key_col,
             "'%s' is a posting key: write it before the first [rule]",
             keys[key].name);
        return;
    }
    if (!ps->in_section && !posting) {
        diag(ps, RQ_SEV_ERROR, ln, s.key_col,
             "key '%s' outside a rule (start a rule with a [rule-id] line)",
             keys[key].name);
        return;
    }
    slot *table = posting ? ps->posting : ps->slots;
    if (table[key].set) {
        diag(ps, RQ_SEV_ERROR, ln, s.key_col, "duplicate key '%s' (first at line %d)",
             keys[key].name, table[key].line);
        return;
    }
    table[key] = s;
    if (posting)
        posting_key(ps, key, &table[key]);
}

/* Sections are checked when they end, so put what was found back in the
 * order of the file: by line, then column (stable). */
static void sort_diags(rq_diags *d, size_t from)
{
    for (size_t i = from + 1; i < d->count; i++) {
        rq_diag g = d->items[i];
        size_t j = i;
        while (j > from && (d->items[j - 1].line > g.line ||
                            (d->items[j - 1].line == g.line && d->items[j - 1].col > g.col))) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = g;
    }
}

int rq_rules_parse(const char *text, size_t len, const char *file,
                   const rq_kb *kb, rq_ruleset **out, rq_diags *diags)
{
    *out = NULL;
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.file = file ? file : "<rules>";
    ps.kb = kb;
    ps.diags = diags;
    ps.rs = rq_ruleset_new();
    if (!ps.rs)
        return -1;
    size_t first_diag = diags ? diags->count : 0;

    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    /* a NUL byte: a binary file (an executable, an image), not a rules
     * file with a few bad lines; one error, not one a line */
    const char *nul_at = memchr(text, '\0', len);
    if (nul_at) {
        int nl = 1;
        const char *bol = text;
        for (const char *q = text; q < nul_at; q++)
            if (*q == '\n') {
                nl++;
                bol = q + 1;
            }
        diag(&ps, RQ_SEV_ERROR, nl, col_of(bol, nul_at),
             "NUL byte: a binary file, not a rules file");
        p = end;
    }
    int ln = 0;
    while (p < end && !ps.oom) {
        if (ps.errors >= RQ_RULES_MAX_ERRORS) {
            diag(&ps, RQ_SEV_ERROR, ln + 1, 1,
                 "more than %d errors: the rest of the file is not read", RQ_RULES_MAX_ERRORS);
            break;
        }
        ln++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *next = eol < end ? eol + 1 : end;
        const char *line = p;
        p = next;
        if (eol > line && eol[-1] == '\r')
            eol--;
        size_t n = (size_t)(eol - line);
        size_t bad = utf8_bad_at(line, n);
        const char *nul = memchr(line, '\0', n);
        if (nul && (size_t)(nul - line) < bad)
            bad = (size_t)(nul - line);
        if (bad < n) {
            diag(&ps, RQ_SEV_ERROR, ln, col_of(line, line + bad),
                 nul == line + bad ? "NUL byte (not a text file?)" : "invalid UTF-8");
            ps.damaged = true;
            continue;
        }
        const char *q = line;
        while (q < eol && (*q == ' ' || *q == '\t'))
            q++;
        if (q == eol || *q == '#')
            continue;
        if (*q == '[')
            start_section(&ps, line, q, eol, ln);
        else
            key_line(&ps, line, q, eol, ln);
    }
    end_section(&ps);
    for (size_t i = 0; i < ps.nseen; i++)
        free(ps.seen[i].id);
    free(ps.seen);
    free(ps.table);
    free(ps.id);

    if (diags)
        sort_diags(diags, first_diag);
    if (ps.oom) {
        rq_diags_add(diags, RQ_SEV_ERROR, ps.file, 0, 0, NULL, "out of memory");
        ps.errors++;
    }
    if (ps.errors) {
        rq_ruleset_free(ps.rs);
        return -1;
    }
    if (ps.rs->count == 0)
        rq_diags_add(diags, RQ_SEV_WARNING, ps.file, 0, 0, NULL, "no rules");
    *out = ps.rs;
    return 0;
}

/* ---- writer ---- */

static void put_escaped(rq_buf *b, const char *s, bool list)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool after_space = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t';
        if (c == '\\')
            rq_buf_puts(b, "\\\\");
        else if (c == ';' && list)
            rq_buf_puts(b, "\\;");
        else if (c == '#' && after_space)
            rq_buf_puts(b, "\\#");
        else if (c == '\n')
            rq_buf_puts(b, "\\n");
        else if (c == '\t')
            rq_buf_puts(b, "\\t");
        else if (c == '\r')
            rq_buf_puts(b, "\\r");
        else if ((unsigned char)c < 0x20 || c == 0x7F)
            rq_buf_printf(b, "\\x%02x", (unsigned)(unsigned char)c);
        else if (c == ' ' && (i == 0 || i == n - 1))
            rq_buf_puts(b, "\\ ");
        else
            rq_buf_putc(b, c);
    }
}

static void put_scalar(rq_buf *b, const char *key, const char *value)
{
    rq_buf_puts(b, key);
    rq_buf_putc(b, ':');
    if (value && *value) {
        rq_buf_putc(b, ' ');
        put_escaped(b, value, false);
    }
    rq_buf_putc(b, '\n');
}

static void put_list(rq_buf *b, const char *key, const rq_strlist *l)
{
    rq_buf_puts(b, key);
    rq_buf_putc(b, ':');
    for (size_t i = 0; i < l->count; i++) {
        rq_buf_puts(b, i ? "; " : " ");
        put_escaped(b, l->items[i], true);
    }
    rq_buf_putc(b, '\n');
}

/* shortest of %.15g / %.17g that reads back as the same double */
static void put_number(rq_buf *b, const char *key, double d)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", d);
    if (strtod(tmp, NULL) != d)
        snprintf(tmp, sizeof tmp, "%.17g", d);
    rq_buf_printf(b, "%s: %s\n", key, tmp);
}

int rq_rules_write(const rq_ruleset *rs, rq_buf *out)
{
    rq_buf_puts(out, "# reqmatch rule set: one [section] per rule, lists separated by ';'\n");
    if (rs->title)
        put_scalar(out, keys[K_TITLE].name, rs->title);
    if (rs->organization)
        put_scalar(out, keys[K_ORGANIZATION].name, rs->organization);
    if (rs->language[0])
        put_scalar(out, keys[K_LANGUAGE].name, rs->language);
    for (size_t i = 0; i < rs->count; i++) {
        const rq_rule *r = &rs->rules[i];
        const char *cat = rq_category_name(r->category);
        if (r->id)
            rq_buf_printf(out, "\n[%s]\n", r->id);
        else
            rq_buf_printf(out, "\n[%s-%zu]\n", cat ? cat : "rule", i + 1);
        put_scalar(out, keys[K_CATEGORY].name, cat ? cat : "?");
        put_scalar(out, keys[K_REQUIRED].name, r->required ? "yes" : "no");
        put_number(out, keys[K_WEIGHT].name, r->weight);
        switch (r->category) {
        case RQ_CAT_DEGREE:
            rq_buf_printf(out, "%s: %d\n", keys[K_MIN_EQF].name, r->min_eqf);
            put_list(out, keys[K_FIELDS].name, &r->fields);
            put_scalar(out, keys[K_OR_EQUIVALENT].name, r->or_equivalent ? "yes" : "no");
            break;
        case RQ_CAT_EXPERIENCE:
            if (r->has_min_years)
                put_number(out, keys[K_MIN_YEARS].name, r->min_years);
            else
                put_scalar(out, keys[K_MIN_YEARS].name, "none");
            put_list(out, keys[K_DOMAINS].name, &r->domains);
            break;
        case RQ_CAT_LANGUAGE:
            put_list(out, keys[K_LANGUAGES].name, &r->languages);
            put_scalar(out, keys[K_MIN_LEVEL].name,
                       r->min_level >= 1 && r->min_level <= 6 ? cefr[r->min_level - 1] : "?");
            break;
        case RQ_CAT_KNOWLEDGE:
        case RQ_CAT_OTHER:
            put_list(out, keys[K_CONCEPTS].name, &r->concepts);
            put_scalar(out, keys[K_MATCH].name, r->match_any ? "any" : "all");
            break;
        default:
            break;
        }
        rq_buf_printf(out, "%s: %d\n", keys[K_LINE].name, r->source_line);
        put_scalar(out, keys[K_SOURCE].name, r->source_text);
    }
    return out->oom ? -1 : 0;
}
