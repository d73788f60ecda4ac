/*
 * profile.c - parsing and analysing one JSON Resume document.
 *
 * The document is parsed once with cJSON, checked (root and sections must
 * have the right shape, text must be valid UTF-8, no string over 1 MB) and
 * turned into an rq_profile: jobs with month periods and the concepts of
 * their own text, languages with a CEFR level, degrees with an EQF level,
 * every text field folded and scanned once for concepts. Evaluation never
 * looks at the JSON again.
 *
 * Severity policy: a document whose shape is wrong (root not an object, a
 * section that is not an array of objects, broken UTF-8, a syntax error) is
 * rejected with an error naming the JSON path. Anything smaller (a field
 * of the wrong type, an impossible date, an unrecognised fluency) is a
 * warning: the field or entry is left out of the analysis and the warning
 * says so, so that nothing is lost silently.
 *
 * Personal details are never read: of "basics" only name (for display),
 * label and summary are looked at. "references" (text by others about the
 * candidate) and "interests" (hobbies) are not evidence and are not read.
 */
#include "profile.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonarena.h"
#include "profile_parser.h"
#include "text.h"

#define RQ_MAX_STRING (1024u * 1024u)

/* ---- builder ---- */

/* Where the profile is built. Every array lives in the parser's scratch
 * (reused from one document to the next, so a steady stream of documents
 * allocates nothing while it is analysed); finish() then copies the
 * result into one block. Texts and concept sets refer to the scratch by
 * offset until then. */
typedef struct {
    uint32_t path, folded;   /* offsets in chars; folded NO_FOLDED: none kept */
    int job;
} text_rec;

#define NO_FOLDED UINT32_MAX

typedef struct {
    uint32_t concept;
    uint32_t text;           /* index in texts */
} hit_rec;

typedef struct {
    uint32_t off, n;         /* a sorted, unique concept set in cons */
} set_rec;

typedef struct rq_profile_parser {
    rq_scanner *scanner;     /* NULL without a kb */
    rq_hits scratch;         /* hits of the current scan */
    rq_job *jobs; size_t jobs_cap;
    set_rec *job_sets; size_t job_sets_cap;
    rq_lang *langs; size_t langs_cap;
    rq_degree *degrees; size_t degrees_cap;
    set_rec *deg_sets; size_t deg_sets_cap;
    text_rec *texts; size_t texts_cap;
    hit_rec *hits; size_t hits_cap;
    uint64_t *keys; size_t keys_cap;   /* sorting hits */
    uint32_t *cons; size_t cons_cap;   /* concept sets of jobs and degrees */
    rq_buf chars;                      /* path\0folded\0 of every text */
    /* distinct concepts: seen_text[c] == text_mark when concept c was
     * already found in the current text, seen_set[c] == set_mark when it
     * is already in the current job's or degree's set */
    uint32_t *seen_text, *seen_set;
    uint32_t *count;                   /* per concept, zero between documents */
    uint64_t *present;                 /* a bit per concept, zero between documents */
    size_t nconcepts;
    uint32_t text_mark, set_mark;
    /* languages already listed in the current document, by two-letter
     * code ("fr": 'f'*26+'r'), as index + 1: a CV listing a language
     * 100 000 times is read in linear time; cleared after each document */
    uint32_t lang_at[26 * 26];
    rq_json_arena *arena;              /* cJSON's memory, when installed */
} parse_ctx;

typedef struct {
    const rq_profile_opts *opts;
    parse_ctx *ctx;
    rq_scanner *scanner;     /* NULL without a kb */
    rq_diags *diags;
    const char *file;
    int line;
    bool oom;

    size_t njobs, nlangs, ndegrees, ntexts, nhits, ncons;
    size_t set_start;        /* start in cons of the set being collected */
    char *name;
} builder;

/* Make room for one more element of a scratch array of the parser. */
#define GROW(b, arr, n, cap)                                                   \
    do {                                                                       \
        if (rq_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)) != 0) {   \
            (b)->oom = true;                                                   \
            return -1;                                                         \
        }                                                                      \
    } while (0)

static void warn(builder *b, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warn(builder *b, const char *path, const char *fmt, ...)
{
    rq_buf msg = RQ_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    rq_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (msg.data)
        rq_diags_add(b->diags, RQ_SEV_WARNING, b->file, b->line, 0, path, "%s",
                     msg.data);
    rq_buf_free(&msg);
}

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "an invalid value";
}

/* The members named keys[0..n) of obj, found in one walk over its
 * children: out[k] is the first member named keys[k] (as
 * cJSON_GetObjectItemCaseSensitive gives it), or NULL; a member without a
 * name matches nothing. The keys must be distinct. Most keys differ from a
 * member's name in the first byte, compared in line before strcmp (with
 * the keys known where pick is inlined, a chain of byte compares). */
static void pick(const cJSON *obj, const char *const *keys, size_t n,
                 const cJSON **out)
{
    for (size_t k = 0; k < n; k++)
        out[k] = NULL;
    if (!obj)
        return;
    for (const cJSON *c = obj->child; c; c = c->next) {
        const char *s = c->string;
        if (!s)
            continue;
        for (size_t k = 0; k < n; k++)
            if (s[0] == keys[k][0] && strcmp(s, keys[k]) == 0) {
                if (!out[k])
                    out[k] = c;
                break;
            }
    }
}

/* A string member v (of the object at "at", named key), or NULL. Absent or
 * null counts as absent; any other type is a warning and the field is
 * ignored. */
static const char *get_string(builder *b, const cJSON *v, const char *key,
                              const char *at)
{
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (cJSON_IsString(v))
        return v->valuestring;
    char path[300];
    snprintf(path, sizeof path, "$%s%s.%s", *at ? "." : "", at, key);
    warn(b, path, "expected a string, got %s; ignored", type_name(v));
    return NULL;
}

/* ---- concepts and texts ---- */

/* Sort a small array of concept entries (a job's or a degree's set:
 * a handful, so insertion sort, no qsort call). */
static void sort_u32(uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Next mark of a seen_* array; on wrap-around the array is cleared. */
static uint32_t next_mark(uint32_t *mark, uint32_t *seen, size_t n)
{
    if (++*mark == 0) {
        memset(seen, 0, n * sizeof *seen);
        *mark = 1;
    }
    return *mark;
}

/* "at.key" (or "key" when at is empty), then "[index]" when index >= 0,
 * NUL-terminated, at out, which has room for at_len + key_len + 14 bytes
 * (the dot, "[2147483647]" and the NUL). Returns the length. Without
 * printf: this runs for every text of every profile. */
static size_t write_path(char *out, const char *at, size_t at_len, const char *key,
                         size_t key_len, int index)
{
    size_t n = 0;
    memcpy(out, at, at_len);
    n += at_len;
    if (at_len)
        out[n++] = '.';
    memcpy(out + n, key, key_len);
    n += key_len;
    if (index >= 0) {
        char digits[12];
        int k = 0;
        unsigned v = (unsigned)index;
        do
            digits[k++] = (char)('0' + v % 10);
        while ((v /= 10) != 0);
        out[n++] = '[';
        while (k)
            out[n++] = digits[--k];
        out[n++] = ']';
    }
    out[n] = '\0';
    return n;
}

/* The path of an entry ("work[2]") into a buffer of 256 bytes: section
 * names are short, and a longer one would be cut. */
static void join_path(char out[256], const char *at, const char *key, int index)
{
    size_t at_len = strlen(at), key_len = strlen(key);
    if (at_len > 100)
        at_len = 100;
    if (key_len > 100)
        key_len = 100;
    write_path(out, at, at_len, key, key_len, index);
}

/* Is concept c (< nconcepts) one the caller reads (rq_profile_opts.concepts)? */
static bool recorded(const builder *b, uint32_t c)
{
    const uint64_t *keep = b->opts->concepts;
    return !keep || (keep[c / 64] >> (c % 64) & 1);
}

/* Record one text field: its path ("at.key" or "at.key[index]", written
 * straight into the profile's characters) and folded form (the scanner
 * folds it anyway: its folded text is the copy kept, so each text is
 * folded once), one hit per distinct concept in it, and (when collect)
 * its concepts in the set being collected for the current job or degree. */
static int add_text(builder *b, const char *at, const char *key, int index,
                    const char *s, int job, bool collect)
{
    if (!s || !*s)
        return 0;
    parse_ctx *x = b->ctx;
    size_t len = strlen(s);
    x->scratch.count = 0;
    if (b->scanner &&
        rq_scanner_scan(b->scanner, RQ_TABLE_CONCEPTS, s, len, &x->scratch) < 0) {
        b->oom = true;
        return -1;
    }
    GROW(b, x->texts, b->ntexts, x->texts_cap);
    uint32_t ti = (uint32_t)b->ntexts;
    text_rec *t = &x->texts[b->ntexts++];
    t->job = job;
    /* path\0folded\0, with one reservation when the scanner folded */
    size_t at_len = strlen(at), key_len = strlen(key), flen = 0;
    const char *f = b->scanner ? rq_scanner_folded(b->scanner, &flen) : NULL;
    if (rq_buf_reserve(&x->chars, at_len + key_len + 14 + flen + 1) != 0) {
        b->oom = true;
        return -1;
    }
    t->path = (uint32_t)x->chars.len;
    x->chars.len += write_path(x->chars.data + x->chars.len, at, at_len, key, key_len,
                               index) + 1;
    t->folded = (uint32_t)x->chars.len;
    if (b->opts->no_folded) {
        t->folded = NO_FOLDED;
        x->chars.data[x->chars.len] = '\0'; /* as after any rq_buf append */
    } else if (f) {
        memcpy(x->chars.data + x->chars.len, f, flen + 1); /* f is NUL-terminated */
        x->chars.len += flen + 1;
        x->chars.data[x->chars.len] = '\0'; /* as after any rq_buf append */
    } else if (rq_fold(s, len, &x->chars, NULL, NULL) != 0 ||
               rq_buf_putc(&x->chars, '\0') != 0) {
        x->chars.oom = true;
    }
    if (x->chars.oom) {
        b->oom = true;
        return -1;
    }
    size_t n = x->scratch.count;
    /* the mark is taken for every text, hits or not: add_field_names
     * adds to the text just recorded under the same mark */
    uint32_t tmark = next_mark(&x->text_mark, x->seen_text, x->nconcepts);
    for (size_t i = 0; i < n; i++) {
        uint32_t c = x->scratch.hits[i].entry;
        if (c >= x->nconcepts || x->seen_text[c] == tmark || !recorded(b, c))
            continue;
        x->seen_text[c] = tmark;
        GROW(b, x->hits, b->nhits, x->hits_cap);
        x->hits[b->nhits++] = (hit_rec){c, ti};
        if (collect && x->seen_set[c] != x->set_mark) {
            x->seen_set[c] = x->set_mark;
            GROW(b, x->cons, b->ncons, x->cons_cap);
            x->cons[b->ncons++] = c;
        }
    }
    return 0;
}

/* Start collecting the concept set of a job or degree. */
static void begin_set(builder *b)
{
    parse_ctx *x = b->ctx;
    next_mark(&x->set_mark, x->seen_set, x->nconcepts);
    b->set_start = b->ncons;
}

/* The collected set, sorted (it is unique already). */
static set_rec end_set(builder *b)
{
    parse_ctx *x = b->ctx;
    set_rec r = {(uint32_t)b->set_start, (uint32_t)(b->ncons - b->set_start)};
    sort_u32(x->cons + r.off, r.n);
    return r;
}

/* An array of strings arr, the member key of the object at "at"
 * (highlights, courses, keywords): each item is a text. */
static int add_text_list(builder *b, const cJSON *arr, const char *key,
                         const char *at, int job, bool collect)
{
    if (!arr || cJSON_IsNull(arr))
        return 0;
    char path[256];
    if (!cJSON_IsArray(arr)) {
        snprintf(path, sizeof path, "$.%s.%s", at, key);
        warn(b, path, "expected an array of strings, got %s; ignored", type_name(arr));
        return 0;
    }
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (cJSON_IsNull(it))
            continue;
        if (!cJSON_IsString(it)) {
            snprintf(path, sizeof path, "$.%s.%s[%d]", at, key, i);
            warn(b, path, "expected a string, got %s; ignored", type_name(it));
            continue;
        }
        if (add_text(b, at, key, i, it->valuestring, job, collect) < 0)
            return -1;
    }
    return 0;
}

/* A string member v, named key, of the object at "at": a text. */
static int add_text_field(builder *b, const cJSON *v, const char *key,
                          const char *at, int job, bool collect)
{
    const char *s = get_string(b, v, key, at);
    if (!s)
        return 0;
    return add_text(b, at, key, -1, s, job, collect);
}

/* ---- dates ---- */

typedef enum { DATE_NONE, DATE_OK, DATE_ONGOING, DATE_BAD } date_kind;

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Words real files put in endDate for a current job. Compared folded. */
static const char *const ongoing_words[] = {
    "", "present", "now", "current", "ongoing", "today", "aujourd'hui",
    "actuel", "actuellement", "en cours", "a ce jour", "heden", "nu",
    "huidig", "lopend", NULL};

static bool is_ongoing_word(const char *s)
{
    char *f = rq_fold_dup(s);
    if (!f)
        return false;
    char *a = f, *e = f + strlen(f);
    while (*a == ' ' || *a == '\t')
        a++;
    while (e > a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '.'))
        e--;
    *e = '\0';
    bool hit = false;
    for (int i = 0; ongoing_words[i]; i++)
        if (strcmp(a, ongoing_words[i]) == 0)
            hit = true;
    free(f);
    return hit;
}

/* "$.at.key" into path (256 bytes) */
static const char *date_path(char *path, const char *at, const char *key)
{
    snprintf(path, 256, "$.%s.%s", at, key);
    return path;
}

/* Read a date field: v, the member key of the object at "at". An "YYYY"
 * start is January, an "YYYY" end December (as_end). Problems are
 * warnings on the field's path. */
static date_kind get_date(builder *b, const cJSON *v, const char *key,
                          const char *at, bool as_end, bool allow_ongoing,
                          int *month, const char **text)
{
    *text = NULL;
    if (!v || cJSON_IsNull(v))
        return DATE_NONE;
    char path[256]; /* written only when there is something to say */
    if (!cJSON_IsString(v)) {
        warn(b, date_path(path, at, key), "expected a date string (YYYY, YYYY-MM or YYYY-MM-DD), got %s; ignored",
             type_name(v));
        return DATE_BAD;
    }
    const char *s = v->valuestring;
    *text = s;
    size_t n = strlen(s);
    bool shape = (n == 4 || n == 7 || n == 10) && digits(s, 4) &&
                 (n < 7 || (s[4] == '-' && digits(s + 5, 2))) &&
                 (n < 10 || (s[7] == '-' && digits(s + 8, 2)));
    if (!shape) {
        if (allow_ongoing && is_ongoing_word(s)) {
            warn(b, date_path(path, at, key), "\"%s\": read as ongoing (a current entry has no %s)", s, key);
            return DATE_ONGOING;
        }
        warn(b, date_path(path, at, key), "\"%s\": not a date (YYYY, YYYY-MM or YYYY-MM-DD); ignored", s);
        return DATE_BAD;
    }
    /* the shape is checked: plain digits, no atoi */
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = n >= 7 ? (s[5] - '0') * 10 + (s[6] - '0') : (as_end ? 12 : 1);
    if (y < 1) {
        warn(b, date_path(path, at, key), "\"%s\": no year 0", s);
        return DATE_BAD;
    }
    if (m < 1 || m > 12) {
        warn(b, date_path(path, at, key), "\"%s\": no month %d", s, m);
        return DATE_BAD;
    }
    if (n == 10) {
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > days_in(y, m)) {
            warn(b, date_path(path, at, key), "\"%s\": no day %d in %04d-%02d", s, d, y, m);
            return DATE_BAD;
        }
    }
    *month = rq_month(y, m);
    return DATE_OK;
}

/* ---- sections ---- */

/* A section arr, the member key of the root, that must be an array of
 * objects when present. Returns the array, NULL when absent, or sets *bad
 * (error diagnostic) when wrong. */
static const cJSON *get_section(builder *b, const cJSON *arr, const char *key,
                                bool *bad)
{
    if (!arr || cJSON_IsNull(arr))
        return NULL;
    char path[128];
    if (!cJSON_IsArray(arr)) {
        snprintf(path, sizeof path, "$.%s", key);
        rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, b->line, 0, path,
                     "expected an array, got %s", type_name(arr));
        *bad = true;
        return NULL;
    }
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (!cJSON_IsObject(it)) {
            snprintf(path, sizeof path, "$.%s[%d]", key, i);
            rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, b->line, 0, path,
                         "expected an object, got %s", type_name(it));
            *bad = true;
            return NULL;
        }
    }
    return arr;
}

/* The members of a work or volunteer entry that are read. */
enum { J_NAME, J_COMPANY, J_ORGANIZATION, J_POSITION, J_START, J_END, J_SUMMARY,
       J_HIGHLIGHTS, J_NKEYS };
static const char *const job_keys[J_NKEYS] = {
    [J_NAME] = "name", [J_COMPANY] = "company", [J_ORGANIZATION] = "organization",
    [J_POSITION] = "position", [J_START] = "startDate", [J_END] = "endDate",
    [J_SUMMARY] = "summary", [J_HIGHLIGHTS] = "highlights"};

static int analyse_jobs(builder *b, const cJSON *arr, rq_job_kind kind)
{
    const char *sect = kind == RQ_JOB_WORK ? "work" : "volunteer";
    const int as_of = b->opts->as_of;
    int i = 0;
    for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next, i++) {
        parse_ctx *x = b->ctx;
        GROW(b, x->jobs, b->njobs, x->jobs_cap);
        GROW(b, x->job_sets, b->njobs, x->job_sets_cap);
        int ji = (int)b->njobs;
        rq_job *job = &x->jobs[b->njobs++];
        memset(job, 0, sizeof *job);
        job->kind = kind;
        job->index = i;
        char at[256];
        join_path(at, "", sect, i);
        const cJSON *m[J_NKEYS];
        pick(e, job_keys, J_NKEYS, m);

        int start = 0, end = 0;
        const char *stext, *etext;
        date_kind sk = get_date(b, m[J_START], "startDate", at, false, false, &start,
                                &stext);
        date_kind ek = get_date(b, m[J_END], "endDate", at, true, true, &end, &etext);
        char path[300];
        if (sk == DATE_NONE) {
            snprintf(path, sizeof path, "$.%s", at);
            warn(b, path, "no startDate: not counted in years of experience");
        } else if (sk == DATE_OK) {
            if (start > as_of) {
                snprintf(path, sizeof path, "$.%s.startDate", at);
                warn(b, path, "\"%s\" is after the as-of date: not counted", stext);
            } else if (ek == DATE_OK && end < start) {
                snprintf(path, sizeof path, "$.%s.endDate", at);
                warn(b, path, "\"%s\" is before startDate \"%s\": not counted",
                     etext, stext);
            } else if (ek != DATE_BAD) {
                job->dated = true;
                job->open_ended = ek != DATE_OK;
                job->period.start = start;
                /* a fixed-term job ending after as_of counts up to as_of */
                job->period.end = (ek == DATE_OK && end < as_of) ? end : as_of;
            }
        }

        begin_set(b);
        if (add_text_field(b, m[J_POSITION], "position", at, ji, true) < 0)
            return -1;
        if (kind == RQ_JOB_WORK) {
            int k = m[J_NAME] && !cJSON_IsNull(m[J_NAME]) ? J_NAME : J_COMPANY;
            if (add_text_field(b, m[k], job_keys[k], at, ji, true) < 0)
                return -1;
        } else if (add_text_field(b, m[J_ORGANIZATION], "organization", at, ji,
                                  true) < 0) {
            return -1;
        }
        if (add_text_field(b, m[J_SUMMARY], "summary", at, ji, true) < 0 ||
            add_text_list(b, m[J_HIGHLIGHTS], "highlights", at, ji, true) < 0)
            return -1;
        x->job_sets[ji] = end_set(b);
    }
    return 0;
}

/* A CEFR code written as a word of its own: "C1", "b2 - upper intermediate". */
static int cefr_in(const char *s)
{
    for (size_t i = 0; s[i] && s[i + 1]; i++) {
        char c = (char)toupper((unsigned char)s[i]);
        char d = s[i + 1];
        if ((c == 'A' || c == 'B' || c == 'C') && (d == '1' || d == '2') &&
            (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
            !isalnum((unsigned char)s[i + 2]))
            return (c - 'A') * 2 + (d - '0');
    }
    return 0;
}

static int level_of(builder *b, const char *s)
{
    int lv = cefr_in(s);
    if (lv || !b->scanner)
        return lv;
    b->ctx->scratch.count = 0;
    if (rq_scanner_scan(b->scanner, RQ_TABLE_LEVELS, s, strlen(s), &b->ctx->scratch) < 0) {
        b->oom = true;
        return 0;
    }
    /* the most specific phrase (most words) wins; ties: the first */
    const rq_hit *best = NULL;
    for (size_t i = 0; i < b->ctx->scratch.count; i++)
        if (!best || b->ctx->scratch.hits[i].nwords > best->nwords)
            best = &b->ctx->scratch.hits[i];
    if (!best)
        return 0;
    return rq_level_parse(rq_kb_key(b->opts->kb, RQ_TABLE_LEVELS, best->entry));
}

static bool language_code(builder *b, const char *s, char code[4])
{
    code[0] = '\0';
    if (!b->opts->kb)
        return false;
    const char *a = s;
    while (*a == ' ')
        a++;
    size_t n = strlen(a);
    while (n && a[n - 1] == ' ')
        n--;
    if (n == 2 && isalpha((unsigned char)a[0]) && isalpha((unsigned char)a[1])) {
        char k[3] = {(char)tolower((unsigned char)a[0]), (char)tolower((unsigned char)a[1]), 0};
        if (rq_kb_find(b->opts->kb, RQ_TABLE_LANGUAGES, k) >= 0) {
            memcpy(code, k, 3);
            return true;
        }
    }
    b->ctx->scratch.count = 0;
    if (rq_scanner_scan(b->scanner, RQ_TABLE_LANGUAGES, s, strlen(s), &b->ctx->scratch) < 0) {
        b->oom = true;
        return false;
    }
    if (b->ctx->scratch.count == 0)
        return false;
    const char *key = rq_kb_key(b->opts->kb, RQ_TABLE_LANGUAGES, b->ctx->scratch.hits[0].entry);
    if (!key || strlen(key) > 3)
        return false;
    strcpy(code, key);
    return true;
}

enum { L_LANGUAGE, L_FLUENCY, L_NKEYS };
static const char *const lang_keys[L_NKEYS] = {[L_LANGUAGE] = "language",
                                               [L_FLUENCY] = "fluency"};

static int analyse_languages(builder *b, const cJSON *arr)
{
    int i = 0;
    for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next, i++) {
        char at[256], path[300];
        join_path(at, "", "languages", i);
        rq_lang l = {.index = i};
        const cJSON *m[L_NKEYS];
        pick(e, lang_keys, L_NKEYS, m);
        const char *name = get_string(b, m[L_LANGUAGE], "language", at);
        if (!name) {
            snprintf(path, sizeof path, "$.%s", at);
            warn(b, path, "no language name: entry ignored");
            continue;
        }
        if (!language_code(b, name, l.code)) {
            snprintf(path, sizeof path, "$.%s.language", at);
            warn(b, path, "unrecognised language \"%s\"", name);
        }
        const char *fl = get_string(b, m[L_FLUENCY], "fluency", at);
        l.level = fl ? level_of(b, fl) : 0;
        if (b->oom)
            return -1;
        if (!l.level) {
            snprintf(path, sizeof path, "$.%s.fluency", at);
            if (fl)
                warn(b, path, "unrecognised fluency \"%s\"", fl);
            else
                warn(b, path, "no fluency given: level unknown");
        }
        parse_ctx *x = b->ctx;
        rq_lang *same = NULL;
        const char *c = l.code;
        bool two = c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z' && !c[2];
        size_t slot = two ? (size_t)(c[0] - 'a') * 26 + (size_t)(c[1] - 'a') : 0;
        if (two) {
            /* checked, not trusted: a slot left by a document that
             * stopped half-way points at nothing of this one */
            uint32_t pos = x->lang_at[slot];
            if (pos && pos - 1 < b->nlangs && strcmp(x->langs[pos - 1].code, c) == 0)
                same = &x->langs[pos - 1];
        } else {
            for (size_t k = 0; c[0] && k < b->nlangs; k++)
                if (strcmp(x->langs[k].code, c) == 0)
                    same = &x->langs[k];
        }
        if (same) {
            if (l.level > same->level)
                *same = l;
            continue;
        }
        GROW(b, x->langs, b->nlangs, x->langs_cap);
        x->langs[b->nlangs++] = l;
        if (two)
            x->lang_at[slot] = (uint32_t)b->nlangs;
    }
    parse_ctx *x = b->ctx;
    for (size_t k = 0; k < b->nlangs; k++) {
        const char *c = x->langs[k].code;
        if (c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z' && !c[2])
            x->lang_at[(size_t)(c[0] - 'a') * 26 + (size_t)(c[1] - 'a')] = 0;
    }
    return 0;
}

static int eqf_of(builder *b, const char *s)
{
    if (!s || !b->scanner)
        return 0;
    b->ctx->scratch.count = 0;
    if (rq_scanner_scan(b->scanner, RQ_TABLE_DEGREES, s, strlen(s), &b->ctx->scratch) < 0) {
        b->oom = true;
        return 0;
    }
    int best = 0;
    for (size_t i = 0; i < b->ctx->scratch.count; i++) {
        const char *key = rq_kb_key(b->opts->kb, RQ_TABLE_DEGREES, b->ctx->scratch.hits[i].entry);
        int v = key ? atoi(key) : 0;
        if (v >= 1 && v <= 8 && v > best)
            best = v;
    }
    return best;
}

/* A field of study named by a bare discipline word ("Droit", "Rechten")
 * in education.area or studyType, the text add_text recorded (and the
 * scanner scanned) last, whose folded words the scanner still holds: the
 * fields table (fields.txt) gives its concept, as a hit of that text and
 * in the degree's set. In running text such words name no discipline,
 * which is why only these two fields are looked up this way. A word
 * inside a concept phrase of the text is that phrase's ("Droits de
 * l'homme" is human rights, not law): the concept hits' byte ranges,
 * still in the scratch list, are skipped. */
static int add_field_names(builder *b, const char *s)
{
    parse_ctx *x = b->ctx;
    if (!s || !*s || !b->scanner || b->ntexts == 0)
        return 0;
    size_t taken[8][2], ntaken = 0;
    for (size_t i = 0; i < x->scratch.count && ntaken < 8; i++, ntaken++) {
        taken[ntaken][0] = x->scratch.hits[i].start;
        taken[ntaken][1] = x->scratch.hits[i].end;
    }
    x->scratch.count = 0;
    /* s is the text add_text just scanned for concepts */
    if (rq_scanner_rescan(b->scanner, RQ_TABLE_FIELDS, s, &x->scratch) < 0) {
        b->oom = true;
        return -1;
    }
    uint32_t ti = (uint32_t)(b->ntexts - 1);
    for (size_t i = 0; i < x->scratch.count; i++) {
        const rq_hit *h = &x->scratch.hits[i];
        bool inside = false;
        for (size_t k = 0; k < ntaken && !inside; k++)
            inside = h->start < taken[k][1] && taken[k][0] < h->end;
        if (inside)
            continue;
        const char *key = rq_kb_key(b->opts->kb, RQ_TABLE_FIELDS, h->entry);
        long c = key ? rq_kb_find(b->opts->kb, RQ_TABLE_CONCEPTS, key) : -1;
        if (c < 0 || (size_t)c >= x->nconcepts || x->seen_text[c] == x->text_mark ||
            !recorded(b, (uint32_t)c))
            continue;
        x->seen_text[c] = x->text_mark;
        GROW(b, x->hits, b->nhits, x->hits_cap);
        x->hits[b->nhits++] = (hit_rec){(uint32_t)c, ti};
        if (x->seen_set[c] != x->set_mark) {
            x->seen_set[c] = x->set_mark;
            GROW(b, x->cons, b->ncons, x->cons_cap);
            x->cons[b->ncons++] = (uint32_t)c;
        }
    }
    return 0;
}

/* education.area or studyType: a text of the degree's field set, then
 * its bare discipline words */
static int add_degree_field(builder *b, const cJSON *v, const char *key, const char *at)
{
    const char *s = get_string(b, v, key, at);
    if (!s || !*s)
        return 0;
    if (add_text(b, at, key, -1, s, -1, true) < 0)
        return -1;
    return add_field_names(b, s);
}

enum { E_AREA, E_TYPE, E_END, E_COURSES, E_NKEYS };
static const char *const edu_keys[E_NKEYS] = {
    [E_AREA] = "area", [E_TYPE] = "studyType", [E_END] = "endDate",
    [E_COURSES] = "courses"};

static int analyse_education(builder *b, const cJSON *arr)
{
    int i = 0;
    for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next, i++) {
        char at[256], path[300];
        join_path(at, "", "education", i);
        parse_ctx *x = b->ctx;
        GROW(b, x->degrees, b->ndegrees, x->degrees_cap);
        GROW(b, x->deg_sets, b->ndegrees, x->deg_sets_cap);
        size_t di = b->ndegrees;
        rq_degree *d = &x->degrees[b->ndegrees++];
        memset(d, 0, sizeof *d);
        d->index = i;
        const cJSON *m[E_NKEYS];
        pick(e, edu_keys, E_NKEYS, m);
        const char *type = get_string(b, m[E_TYPE], "studyType", at);
        const char *area = get_string(b, m[E_AREA], "area", at);
        d->eqf = eqf_of(b, type);
        if (!d->eqf)
            d->eqf = eqf_of(b, area);
        if (b->oom)
            return -1;
        if (!d->eqf) {
            const char *what = type ? type : area;
            snprintf(path, sizeof path, "$.%s%s", at,
                     type ? ".studyType" : area ? ".area" : "");
            if (what)
                warn(b, path, "no degree level recognised in \"%s\"", what);
            else
                warn(b, path, "no studyType: degree level unknown");
        }
        int end = 0;
        const char *etext;
        /* completion: an "YYYY" end counts from January of that year */
        date_kind ek = get_date(b, m[E_END], "endDate", at, false, true, &end, &etext);
        d->completed = ek == DATE_OK ? end <= b->opts->as_of : ek != DATE_ONGOING;
        begin_set(b);
        if (add_degree_field(b, m[E_AREA], "area", at) < 0 ||
            add_degree_field(b, m[E_TYPE], "studyType", at) < 0)
            return -1;
        x->deg_sets[di] = end_set(b);
        if (add_text_list(b, m[E_COURSES], "courses", at, -1, false) < 0)
            return -1;
    }
    return 0;
}

/* Sections read only for knowledge: each listed field is a text. */
#define KS_MAX_KEYS 4
typedef struct {
    const char *section;
    const char *keys[KS_MAX_KEYS]; /* nfields string fields, then arrays of strings */
    size_t nfields, nkeys;
} knowledge_section;

static const knowledge_section knowledge_sections[] = {
    {"skills", {"name", "keywords"}, 1, 2},
    {"certificates", {"name"}, 1, 1},
    {"projects", {"name", "description", "highlights", "keywords"}, 2, 4},
    {"awards", {"title", "summary"}, 2, 2},
    {"publications", {"name", "summary"}, 2, 2},
};

static int analyse_knowledge(builder *b, const cJSON *arr, const knowledge_section *ks)
{
    int i = 0;
    for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next, i++) {
        char at[256];
        join_path(at, "", ks->section, i);
        const cJSON *m[KS_MAX_KEYS];
        pick(e, ks->keys, ks->nkeys, m);
        for (size_t f = 0; f < ks->nfields; f++)
            if (add_text_field(b, m[f], ks->keys[f], at, -1, false) < 0)
                return -1;
        for (size_t f = ks->nfields; f < ks->nkeys; f++)
            if (add_text_list(b, m[f], ks->keys[f], at, -1, false) < 0)
                return -1;
    }
    return 0;
}

/* ---- validation of the whole tree: UTF-8 and string sizes ---- */

static bool check_tree(builder *b, const cJSON *v, rq_buf *path)
{
    size_t mark = path->len;
    if (cJSON_IsString(v) && v->valuestring) {
        size_t n = strlen(v->valuestring);
        if (n > RQ_MAX_STRING) {
            rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, b->line, 0, path->data,
                         "string longer than 1 MB (%zu bytes)", n);
            return false;
        }
        if (!rq_utf8_valid(v->valuestring, n)) {
            rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, b->line, 0, path->data,
                         "invalid UTF-8");
            return false;
        }
        return true;
    }
    int i = 0;
    for (const cJSON *c = v->child; c; c = c->next, i++) {
        if (cJSON_IsObject(v)) {
            const char *k = c->string ? c->string : "";
            if (!rq_utf8_valid(k, strlen(k))) {
                rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, b->line, 0, path->data,
                             "invalid UTF-8 in a member name");
                return false;
            }
            rq_buf_printf(path, ".%s", k);
        } else {
            rq_buf_printf(path, "[%d]", i);
        }
        if (path->oom) {
            b->oom = true;
            return false;
        }
        if (!check_tree(b, c, path))
            return false;
        path->len = mark;
        path->data[mark] = '\0';
    }
    return true;
}

/* ---- parse ---- */

static char *stem_of(const char *file)
{
    if (!file || strcmp(file, "-") == 0 || strcmp(file, "stdin") == 0)
        return rq_strdup("stdin");
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return rq_strndup(base, n);
}

/* 1-based line and column of byte offset off in s. */
static void line_col(const char *s, size_t off, int *line, int *col)
{
    int l = 1;
    size_t bol = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') {
            l++;
            bol = i + 1;
        }
    *line = l;
    *col = (int)(off - bol) + 1;
}

static void syntax_error(builder *b, const char *json, size_t len, size_t off)
{
    int line = b->line, col;
    if (b->line > 0) {
        col = (int)off + 1;
    } else {
        line_col(json, off, &line, &col);
    }
    unsigned char c = off < len ? (unsigned char)json[off] : 0;
    if (off >= len || c == '\0')
        rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, line, col, NULL,
                     "invalid JSON: unexpected end of input");
    else if ((c == '[' || c == '{') && rq_json_depth_at(json, off) >= CJSON_NESTING_LIMIT)
        /* the reader's limit, which keeps its recursion off the stack's end */
        rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, line, col, NULL,
                     "JSON nested deeper than %d levels", CJSON_NESTING_LIMIT);
    else if (c >= 0x20 && c < 0x7f)
        rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, line, col, NULL,
                     "invalid JSON near '%c'", c);
    else
        rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, line, col, NULL,
                     "invalid JSON near byte 0x%02X", c);
}

/* The members of the root that are read: the knowledge sections in the
 * order of knowledge_sections, then interests (checked, not read). */
enum { R_ID, R_BASICS, R_WORK, R_VOLUNTEER, R_EDUCATION, R_SKILLS, R_CERTIFICATES,
       R_PROJECTS, R_AWARDS, R_PUBLICATIONS, R_INTERESTS, R_LANGUAGES, R_NKEYS };
static const char *const root_keys[R_NKEYS] = {
    [R_ID] = "id", [R_BASICS] = "basics", [R_WORK] = "work",
    [R_VOLUNTEER] = "volunteer", [R_EDUCATION] = "education", [R_SKILLS] = "skills",
    [R_CERTIFICATES] = "certificates", [R_PROJECTS] = "projects",
    [R_AWARDS] = "awards", [R_PUBLICATIONS] = "publications",
    [R_INTERESTS] = "interests", [R_LANGUAGES] = "languages"};
#define NKNOWLEDGE (sizeof knowledge_sections / sizeof *knowledge_sections)
_Static_assert(R_SKILLS + NKNOWLEDGE == R_INTERESTS,
               "the knowledge sections come before interests in root_keys");

enum { B_NAME, B_LABEL, B_SUMMARY, B_NKEYS };
static const char *const basics_keys[B_NKEYS] = {
    [B_NAME] = "name", [B_LABEL] = "label", [B_SUMMARY] = "summary"};

/* The document, whose root members root_keys are in top. */
static int analyse(builder *b, const cJSON *const top[R_NKEYS])
{
    bool bad = false;
    const cJSON *work = get_section(b, top[R_WORK], "work", &bad);
    const cJSON *vol = bad ? NULL : get_section(b, top[R_VOLUNTEER], "volunteer", &bad);
    const cJSON *edu = bad ? NULL : get_section(b, top[R_EDUCATION], "education", &bad);
    const cJSON *langs = bad ? NULL : get_section(b, top[R_LANGUAGES], "languages", &bad);
    /* the knowledge sections, then interests */
    const cJSON *other[R_INTERESTS - R_SKILLS + 1] = {NULL};
    for (int i = 0; i <= R_INTERESTS - R_SKILLS && !bad; i++)
        other[i] = get_section(b, top[R_SKILLS + i], root_keys[R_SKILLS + i], &bad);
    const cJSON *basics = top[R_BASICS];
    if (!bad && basics && !cJSON_IsNull(basics) && !cJSON_IsObject(basics)) {
        rq_diags_add(b->diags, RQ_SEV_ERROR, b->file, b->line, 0, "$.basics",
                     "expected an object, got %s", type_name(basics));
        bad = true;
    }
    if (bad)
        return -1;
    if (basics && cJSON_IsObject(basics)) {
        const cJSON *m[B_NKEYS];
        pick(basics, basics_keys, B_NKEYS, m);
        const char *name = get_string(b, m[B_NAME], "name", "basics");
        if (name && *name && !(b->name = rq_strdup(name))) {
            b->oom = true;
            return -1;
        }
        if (add_text_field(b, m[B_LABEL], "label", "basics", -1, false) < 0 ||
            add_text_field(b, m[B_SUMMARY], "summary", "basics", -1, false) < 0)
            return -1;
    }
    if (analyse_jobs(b, work, RQ_JOB_WORK) < 0 ||
        analyse_jobs(b, vol, RQ_JOB_VOLUNTEER) < 0 ||
        analyse_education(b, edu) < 0 || analyse_languages(b, langs) < 0)
        return -1;
    for (size_t i = 0; i < NKNOWLEDGE; i++)
        if (analyse_knowledge(b, other[i], &knowledge_sections[i]) < 0)
            return -1;
    return 0;
}

/* ---- the profile block ---- */

#define ALIGN8(n) (((n) + 7) & ~(size_t)7)

/* Copy what the builder collected into one block: the rq_profile, its
 * arrays, concept sets and strings. Hits are ordered by concept, then
 * text order. Returns NULL on oom. */
static rq_profile *finish(builder *b)
{
    parse_ctx *x = b->ctx;
    size_t nh = b->nhits;
    if (nh) {
        /* hits arrive in text order: put them in buckets by concept (a
         * stable counting placement), the distinct concepts in order
         * read off a bit per concept (no comparisons); keys[i] = concept
         * << 32 | text, ordered */
        if (rq_grow((void **)&x->keys, &x->keys_cap, nh, sizeof *x->keys) != 0)
            return NULL;
        for (size_t i = 0; i < nh; i++) {
            uint32_t c = x->hits[i].concept;
            x->count[c]++;
            x->present[c / 64] |= 1ull << (c % 64);
        }
        uint32_t pos = 0;
        for (size_t w = 0; w <= x->nconcepts / 64; w++) {
            for (uint64_t m = x->present[w]; m; m &= m - 1) {
                uint32_t *cnt = &x->count[w * 64 + (size_t)__builtin_ctzll(m)];
                uint32_t n = *cnt;
                *cnt = pos;
                pos += n;
            }
        }
        for (size_t i = 0; i < nh; i++) {
            uint32_t c = x->hits[i].concept;
            x->keys[x->count[c]++] = (uint64_t)c << 32 | x->hits[i].text;
        }
        for (size_t w = 0; w <= x->nconcepts / 64; w++) {
            for (uint64_t m = x->present[w]; m; m &= m - 1)
                x->count[w * 64 + (size_t)__builtin_ctzll(m)] = 0;
            x->present[w] = 0;
        }
    }
    size_t size = ALIGN8(sizeof(rq_profile));
    size_t o_jobs = size;
    size += ALIGN8(b->njobs * sizeof(rq_job));
    size_t o_langs = size;
    size += ALIGN8(b->nlangs * sizeof(rq_lang));
    size_t o_degrees = size;
    size += ALIGN8(b->ndegrees * sizeof(rq_degree));
    size_t o_texts = size;
    size += ALIGN8(b->ntexts * sizeof(rq_text));
    size_t o_hits = size;
    size += ALIGN8(nh * sizeof(rq_concept_hit));
    size_t o_cons = size;
    size += ALIGN8(b->ncons * sizeof(uint32_t));
    size_t o_chars = size;
    size += x->chars.len;
    char *block = malloc(size);
    if (!block)
        return NULL;
    rq_profile *p = (rq_profile *)(void *)block;
    memset(p, 0, sizeof *p);
    p->jobs = (rq_job *)(void *)(block + o_jobs);
    p->langs = (rq_lang *)(void *)(block + o_langs);
    p->degrees = (rq_degree *)(void *)(block + o_degrees);
    p->texts = (rq_text *)(void *)(block + o_texts);
    p->hits = (rq_concept_hit *)(void *)(block + o_hits);
    uint32_t *cons = (uint32_t *)(void *)(block + o_cons);
    char *chars = block + o_chars;
    if (b->ncons)
        memcpy(cons, x->cons, b->ncons * sizeof *cons);
    if (x->chars.len)
        memcpy(chars, x->chars.data, x->chars.len);
    p->njobs = b->njobs;
    for (size_t i = 0; i < b->njobs; i++) {
        p->jobs[i] = x->jobs[i];
        p->jobs[i].nconcepts = x->job_sets[i].n;
        p->jobs[i].concepts = x->job_sets[i].n ? cons + x->job_sets[i].off : NULL;
    }
    p->nlangs = b->nlangs;
    if (b->nlangs)
        memcpy(p->langs, x->langs, b->nlangs * sizeof *p->langs);
    p->ndegrees = b->ndegrees;
    for (size_t i = 0; i < b->ndegrees; i++) {
        p->degrees[i] = x->degrees[i];
        p->degrees[i].nfields = x->deg_sets[i].n;
        p->degrees[i].fields = x->deg_sets[i].n ? cons + x->deg_sets[i].off : NULL;
    }
    p->ntexts = b->ntexts;
    for (size_t i = 0; i < b->ntexts; i++) {
        p->texts[i].path = chars + x->texts[i].path;
        p->texts[i].folded = x->texts[i].folded == NO_FOLDED ? NULL : chars + x->texts[i].folded;
        p->texts[i].job = x->texts[i].job;
    }
    p->nhits = nh;
    for (size_t i = 0; i < nh; i++) {
        p->hits[i].concept = (uint32_t)(x->keys[i] >> 32);
        p->hits[i].path = p->texts[(uint32_t)x->keys[i]].path;
    }
    if (!b->njobs)
        p->jobs = NULL;
    if (!b->nlangs)
        p->langs = NULL;
    if (!b->ndegrees)
        p->degrees = NULL;
    if (!b->ntexts)
        p->texts = NULL;
    if (!nh)
        p->hits = NULL;
    return p;
}

/* "file:line" (line > 0) or "file", without printf */
static char *source_of(const char *file, int line)
{
    if (!file)
        file = "stdin";
    size_t n = strlen(file);
    char *s = malloc(n + 13);
    if (!s)
        return NULL;
    memcpy(s, file, n);
    if (line > 0) {
        char digits[12];
        int k = 0;
        unsigned v = (unsigned)line;
        do
            digits[k++] = (char)('0' + v % 10);
        while ((v /= 10) != 0);
        s[n++] = ':';
        while (k)
            s[n++] = digits[--k];
    }
    s[n] = '\0';
    return s;
}

static void parse_ctx_free(parse_ctx *c)
{
    rq_scanner_free(c->scanner);
    rq_hits_free(&c->scratch);
    free(c->jobs);
    free(c->job_sets);
    free(c->langs);
    free(c->degrees);
    free(c->deg_sets);
    free(c->texts);
    free(c->hits);
    free(c->keys);
    free(c->cons);
    rq_buf_free(&c->chars);
    free(c->seen_text);
    free(c->seen_set);
    free(c->count);
    free(c->present);
    rq_json_arena_free(c->arena);
}

/* 0, or -1 on oom (then parse_ctx_free releases what was made) */
static int parse_ctx_init(parse_ctx *c, const rq_kb *kb)
{
    memset(c, 0, sizeof *c);
    if (!(c->arena = rq_json_arena_new()))
        return -1;
    if (!kb)
        return 0;
    c->nconcepts = rq_kb_count(kb, RQ_TABLE_CONCEPTS);
    c->scanner = rq_scanner_new(kb);
    c->seen_text = calloc(c->nconcepts + 1, sizeof *c->seen_text);
    c->seen_set = calloc(c->nconcepts + 1, sizeof *c->seen_set);
    c->count = calloc(c->nconcepts + 1, sizeof *c->count);
    c->present = calloc(c->nconcepts / 64 + 1, sizeof *c->present);
    return c->scanner && c->seen_text && c->seen_set && c->count && c->present ? 0 : -1;
}

/* Shared by rq_profile_parse and the loader. json[len] must be '\0'. */
static int parse_with(parse_ctx *ctx, const char *json, size_t len,
                      const char *file, int line, const char *id,
                      const rq_profile_opts *opts, rq_profile **out,
                      rq_diags *diags)
{
    *out = NULL;
    builder b = {.opts = opts, .ctx = ctx, .scanner = ctx->scanner,
                 .diags = diags, .file = file, .line = line};
    rq_buf_reset(&ctx->chars);
    ctx->chars.oom = false;
    int rc = -1;
    cJSON *root = NULL;
    bool arena = false;
    char *source = NULL, *cid = NULL;

    if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
        json += 3;
        len -= 3;
    }
    size_t k = 0;
    while (k < len && (json[k] == ' ' || json[k] == '\t' || json[k] == '\n' || json[k] == '\r'))
        k++;
    if (k == len) {
        rq_diags_add(diags, RQ_SEV_ERROR, file, line, 0, NULL, "empty file");
        goto done;
    }
    const char *nul = memchr(json, '\0', len);
    if (nul) {
        int l = line, col;
        if (line > 0)
            col = (int)(nul - json) + 1;
        else
            line_col(json, (size_t)(nul - json), &l, &col);
        rq_diags_add(diags, RQ_SEV_ERROR, file, l, col, NULL, "NUL byte in input");
        goto done;
    }
    const char *end = NULL;
    /* with the arena, the tree is released by resetting it (at done) */
    arena = rq_json_arena_begin(ctx->arena);
    root = cJSON_ParseWithLengthOpts(json, len + 1, &end, 1);
    if (!root) {
        syntax_error(&b, json, len, end && end >= json ? (size_t)(end - json) : 0);
        goto done;
    }
    if (!cJSON_IsObject(root)) {
        rq_diags_add(diags, RQ_SEV_ERROR, file, line, 0, "$",
                     "expected an object, got %s", type_name(root));
        goto done;
    }
    /* every string is a substring of a valid, small document: only walk
     * the tree to find the culprit when the whole is suspect */
    if (len > RQ_MAX_STRING || !rq_utf8_valid(json, len)) {
        rq_buf path = RQ_BUF_INIT;
        rq_buf_puts(&path, "$");
        bool ok = !path.oom && check_tree(&b, root, &path);
        rq_buf_free(&path);
        if (!ok) {
            if (b.oom || rq_diags_count(diags, RQ_SEV_ERROR) == 0)
                rq_diags_add(diags, RQ_SEV_ERROR, file, line, 0, NULL,
                             b.oom ? "out of memory" : "invalid UTF-8");
            goto done;
        }
        if (!rq_utf8_valid(json, len)) {
            /* outside any string (cannot pass cJSON), kept for safety */
            rq_diags_add(diags, RQ_SEV_ERROR, file, line, 0, NULL, "invalid UTF-8");
            goto done;
        }
    }

    const cJSON *top[R_NKEYS];
    pick(root, root_keys, R_NKEYS, top);
    source = source_of(file, line);
    if (id) {
        cid = rq_strdup(id);
    } else {
        const cJSON *jid = top[R_ID];
        if (line > 0 && cJSON_IsString(jid) && jid->valuestring[0]) {
            cid = rq_strdup(jid->valuestring);
        } else {
            if (line > 0 && jid && !cJSON_IsNull(jid) && !cJSON_IsString(jid))
                warn(&b, "$.id", "expected a string, got %s; id taken from the line",
                     type_name(jid));
            char *stem = stem_of(file);
            cid = stem ? source_of(stem, line) : NULL;
            free(stem);
        }
    }
    if (!source || !cid) {
        b.oom = true;
        goto done;
    }
    if (analyse(&b, top) < 0)
        goto done;
    rq_profile *p = finish(&b);
    if (!p) {
        b.oom = true;
        goto done;
    }
    p->id = cid;
    p->source = source;
    p->name = b.name;
    cid = source = b.name = NULL;
    rc = 0;
    *out = p;
done:
    if (b.oom)
        rq_diags_add(diags, RQ_SEV_ERROR, file, line, 0, NULL, "out of memory");
    free(source);
    free(cid);
    free(b.name);
    if (arena)
        rq_json_arena_end(ctx->arena);
    else
        cJSON_Delete(root);
    return rc;
}

int rq_profile_parse(const char *json, size_t len, const char *file, int line,
                     const char *id, const rq_profile_opts *opts,
                     rq_profile **out, rq_diags *diags)
{
    *out = NULL;
    parse_ctx ctx;
    char *copy = rq_strndup(json, len); /* cJSON wants the NUL inside */
    if (parse_ctx_init(&ctx, opts->kb) != 0 || !copy) {
        parse_ctx_free(&ctx);
        free(copy);
        rq_diags_add(diags, RQ_SEV_ERROR, file, line, 0, NULL, "out of memory");
        return -1;
    }
    int rc = parse_with(&ctx, copy, len, file, line, id, opts, out, diags);
    parse_ctx_free(&ctx);
    free(copy);
    return rc;
}

rq_profile *rq_profile_shed(rq_profile *p)
{
    if (!p)
        return NULL;
    rq_profile *slim = malloc(sizeof *slim);
    if (!slim)
        return p; /* still valid, only not smaller */
    memset(slim, 0, sizeof *slim);
    slim->id = p->id;
    slim->name = p->name;
    slim->source = p->source;
    free(p); /* the block: arrays, sets and texts are inside */
    return slim;
}

void rq_profile_free(rq_profile *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->name);
    free(p->source);
    free(p); /* the block: arrays, sets and texts are inside */
}

/* ---- periods ---- */

static int cmp_period(const void *a, const void *b)
{
    const rq_period *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

int rq_periods_merge(rq_period *p, size_t n, size_t *merged_n)
{
    size_t k = 0;
    long months = 0;
    if (n) {
        qsort(p, n, sizeof *p, cmp_period);
        k = 1;
        for (size_t i = 1; i < n; i++) {
            if (p[i].start <= p[k - 1].end + 1) {
                if (p[i].end > p[k - 1].end)
                    p[k - 1].end = p[i].end;
            } else {
                p[k++] = p[i];
            }
        }
        for (size_t i = 0; i < k; i++)
            months += p[i].end - p[i].start + 1;
    }
    if (merged_n)
        *merged_n = k;
    return (int)months;
}

long rq_periods_months(const rq_period *p, size_t n)
{
    bool sorted = true;
    for (size_t i = 1; i < n && sorted; i++)
        sorted = cmp_period(&p[i - 1], &p[i]) <= 0;
    if (sorted) {
        long months = 0;
        int covered = 0; /* last month counted */
        for (size_t i = 0; i < n; i++) {
            int s = p[i].start;
            if (i > 0 && s <= covered)
                s = covered + 1;
            if (p[i].end >= s)
                months += p[i].end - s + 1;
            if (i == 0 || p[i].end > covered)
                covered = p[i].end;
        }
        return months;
    }
    rq_period *copy = malloc(n * sizeof *copy);
    if (!copy)
        return -1;
    memcpy(copy, p, n * sizeof *copy);
    long months = rq_periods_merge(copy, n, NULL);
    free(copy);
    return months;
}

/* ---- reuse across many profiles (load.c) ---- */

rq_profile_parser *rq_profile_parser_new(const rq_profile_opts *opts)
{
    parse_ctx *c = malloc(sizeof *c);
    if (c && parse_ctx_init(c, opts->kb) != 0) {
        parse_ctx_free(c);
        free(c);
        return NULL;
    }
    return c;
}

void rq_profile_parser_free(rq_profile_parser *pp)
{
    if (!pp)
        return;
    parse_ctx_free(pp);
    free(pp);
}

int rq_profile_parser_parse(rq_profile_parser *pp, const char *json, size_t len,
                            const char *file, int line, const rq_profile_opts *opts,
                            rq_profile **out, rq_diags *diags)
{
    return parse_with(pp, json, len, file, line, NULL, opts, out, diags);
}
