/*
 * util.h - growable buffers, string helpers and the diagnostics list.
 *
 * Ownership: an rq_buf owns its data until rq_buf_take() hands it over.
 * An rq_diags owns every string in its items. Every *_free / *_clear
 * accepts NULL. Nothing here prints or exits: out-of-memory is reported
 * through return values (-1) and the sticky rq_buf.oom flag.
 */
#ifndef RQ_UTIL_H
#define RQ_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- growable byte buffer (always NUL-terminated when data != NULL) ---- */

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    bool oom; /* set once an allocation failed; later appends are no-ops */
} rq_buf;

#define RQ_BUF_INIT {NULL, 0, 0, false}

/* rq_buf_reserve's growing, out of line */
int rq_buf_grow(rq_buf *b, size_t extra);

/* Room for `extra` more bytes and the NUL. 0, or -1 on oom (b->oom set).
 * The test inline, as there is room almost always (hot loops call it). */
static inline int rq_buf_reserve(rq_buf *b, size_t extra)
{
    if (!b->oom && extra < b->cap - b->len)
        return 0;
    return rq_buf_grow(b, extra);
}
int rq_buf_append(rq_buf *b, const char *s, size_t n);
int rq_buf_puts(rq_buf *b, const char *s);
int rq_buf_putc(rq_buf *b, char c);
int rq_buf_printf(rq_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int rq_buf_vprintf(rq_buf *b, const char *fmt, va_list ap);
void rq_buf_reset(rq_buf *b);            /* len = 0, keeps capacity */
char *rq_buf_take(rq_buf *b);            /* caller owns result ("" if empty); NULL on oom */
void rq_buf_free(rq_buf *b);

/* ---- growable arrays ---- */

/* rq_grow's growing, out of line */
int rq_grow_to(void **p, size_t *cap, size_t need, size_t size);

/* Make room in the array *p (capacity *cap elements of size bytes) for
 * at least need elements, doubling from 16. 0, or -1 on oom or overflow
 * (then *p and *cap are unchanged). The test inline, as for
 * rq_buf_reserve. */
static inline int rq_grow(void **p, size_t *cap, size_t need, size_t size)
{
    return need <= *cap ? 0 : rq_grow_to(p, cap, need, size);
}

/* ---- strings ---- */

char *rq_strdup(const char *s);          /* NULL in -> NULL out */
char *rq_strndup(const char *s, size_t n);
char *rq_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* true when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool rq_utf8_valid(const char *s, size_t n);
/* Offset of the first NUL byte or invalid UTF-8 sequence in s[0..n), or n
 * when s is text. */
size_t rq_text_bad_at(const char *s, size_t n);
/* How many JSON brackets are open at json[off] (strings skipped): where
 * cJSON stopped at its nesting limit (CJSON_NESTING_LIMIT, 1000), the
 * bracket it stopped at is that deep. */
size_t rq_json_depth_at(const char *json, size_t off);

/* Read a whole file (path "-" means stdin). Returns 0 and a malloc'd,
 * NUL-terminated buffer, or -1 with errno set. */
int rq_read_file(const char *path, char **data, size_t *len);

/* JSON Lines come through a line reader over a file descriptor, in reads
 * of 64 KB: stdio's buffer stays at the file's block size (4 KB)
 * whatever setvbuf is asked without a buffer, and a million-line pool
 * would take half a million system calls; and a read much larger than
 * the L2 cache (a megabyte, before) leaves each line to be fetched from
 * memory again when it is parsed, where 64 KB just read are still in
 * L2 (cachegrind with a 512 KB L2: rank missed it 39 times a profile
 * with 1 MB reads, 2 with 64 KB). Lines may be of any length (the
 * buffer grows); the last line needs no newline. */
typedef struct {
    int fd;
    char *buf;
    size_t cap;
    size_t start;   /* first byte of the next line */
    size_t scanned; /* bytes from start known to hold no '\n' */
    size_t end;     /* bytes read */
    bool eof;
} rq_line_reader;

#define RQ_LINE_READ_SIZE (1u << 16)

void rq_lines_init(rq_line_reader *r, int fd);
/* 1 and the next line, without its '\n', NUL-terminated and valid until
 * the next call; 0 at the end; -1 on a read error or out of memory (errno
 * set; the lines already returned stand). */
int rq_lines_next(rq_line_reader *r, char **line, size_t *len);
void rq_lines_free(rq_line_reader *r);

/* ---- months: dates as a count of months since year 0 ---- */

/* month index of year y, month m (1..12): y*12 + (m-1) */
static inline int rq_month(int year, int month) { return year * 12 + (month - 1); }

/* Parse "YYYY-MM-DD" into a month index (day is validated, then dropped).
 * Returns 0 on success, -1 if malformed or impossible. */
int rq_parse_as_of(const char *s, int *month);

/* ---- diagnostics ---- */

typedef enum { RQ_SEV_ERROR, RQ_SEV_WARNING, RQ_SEV_NOTE } rq_severity;

typedef struct {
    rq_severity severity;
    char *file;    /* may be NULL */
    int line;      /* 1-based, 0 = none */
    int col;       /* 1-based, 0 = none */
    char *path;    /* JSON path like "$.work[2].startDate", may be NULL */
    char *message;
} rq_diag;

typedef struct {
    rq_diag *items;
    size_t count;
    size_t cap;
} rq_diags;

#define RQ_DIAGS_INIT {NULL, 0, 0}

void rq_diags_init(rq_diags *d);
void rq_diags_clear(rq_diags *d);        /* frees items, keeps struct usable */
int rq_diags_add(rq_diags *d, rq_severity sev, const char *file, int line,
                 int col, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
size_t rq_diags_count(const rq_diags *d, rq_severity sev);
/* rq_diags_add stores file, path and message as one printable line each:
 * control characters become \n, \r, \t or \xHH, U+0085/U+2028/U+2029
 * \uHHHH, bytes that are not UTF-8 \xHH (a value quoted from an input can
 * neither break the line nor reach a terminal as an escape sequence). A
 * message over 600 bytes keeps its first 400 and its end, " [...] " in
 * between (a 2 MB line quoted in a warning). */

/* A copy of s as one printable line, escaped as rq_diags_add stores a
 * message (for a program's own messages that quote an input or an
 * argument). Caller frees; NULL for NULL or on oom. */
char *rq_one_line(const char *s);

/* One line, no trailing newline, printable as rq_diags_add stores it
 * (a diag built by hand is escaped here), caller frees; NULL on oom:
 *   "file:line:col: path: message"  (parts that are absent are left out)
 * e.g. "jonas.json: $.work[2].startDate: \"2020-13\": no month 13"
 *      "pool.jsonl:17: $.languages[0].fluency: unrecognised fluency \"so-so\""
 *      "job.rules:12:9: unknown key 'min_eqff'" */
char *rq_diag_format(const rq_diag *diag);

#endif
