/*
 * util.c - buffers, strings, dates and the diagnostics list.
 *
 * rq_buf grows geometrically and keeps a NUL after the data so it can be
 * handed out as a C string. Once an allocation fails the buffer turns
 * "sticky": further appends do nothing and return -1, so a writer can do a
 * long run of appends and check once at the end.
 */
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- growable arrays ---- */

/* rq_grow when the array is full */
int rq_grow_to(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return -1;
        nc *= 2;
    }
    if (size && nc > SIZE_MAX / size)
        return -1;
    void *np = realloc(*p, nc * size);
    if (!np)
        return -1;
    *p = np;
    *cap = nc;
    return 0;
}

/* ---- rq_buf ---- */

/* rq_buf_reserve when there is no room (or b->oom) */
int rq_buf_grow(rq_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (extra > SIZE_MAX - b->len - 1) {
        b->oom = true;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = true;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int rq_buf_append(rq_buf *b, const char *s, size_t n)
{
    if (rq_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int rq_buf_puts(rq_buf *b, const char *s)
{
    return rq_buf_append(b, s, strlen(s));
}

int rq_buf_putc(rq_buf *b, char c)
{
    return rq_buf_append(b, &c, 1);
}

int rq_buf_vprintf(rq_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || rq_buf_reserve(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int rq_buf_printf(rq_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = rq_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void rq_buf_reset(rq_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *rq_buf_take(rq_buf *b)
{
    if (b->oom) {
        rq_buf_free(b);
        return NULL;
    }
    char *s = b->data;
    if (!s)
        s = rq_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void rq_buf_free(rq_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

/* ---- strings ---- */

char *rq_strdup(const char *s)
{
    return s ? rq_strndup(s, strlen(s)) : NULL;
}

char *rq_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *rq_sprintf(const char *fmt, ...)
{
    rq_buf b = RQ_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    int rc = rq_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (rc < 0) {
        rq_buf_free(&b);
        return NULL;
    }
    return rq_buf_take(&b);
}

size_t rq_json_depth_at(const char *json, size_t off)
{
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < off; i++) {
        char c = json[i];
        if (in_string) {
            if (c == '\\' && i + 1 < off)
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return depth;
}

size_t rq_text_bad_at(const char *str, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)str[i];
        if (c == 0)
            return i;
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (k > n - i || !rq_utf8_valid(str + i, k))
            return i;
        i += k;
    }
    return n;
}

bool rq_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    for (;;) {
        /* ASCII runs sixteen (or eight) bytes a step, to the first byte
         * with its top bit set */
#if defined(__SSE2__)
        unsigned m = 0;
        while (i + 16 <= n &&
               !(m = (unsigned)_mm_movemask_epi8(
                     _mm_loadu_si128((const __m128i *)(const void *)(s + i)))))
            i += 16;
        if (m) {
            i += (size_t)__builtin_ctz(m);
        } else
#endif
        {
            uint64_t hi = 0;
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if ((hi = w & 0x8080808080808080ull) != 0)
                    break;
                i += 8;
            }
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            if (hi)
                i += (size_t)__builtin_ctzll(hi) >> 3;
#endif
            while (i < n && s[i] < 0x80)
                i++;
        }
        if (i >= n)
            return true;
        unsigned c = s[i];
        size_t len;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
}

int rq_read_file(const char *path, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    rq_buf b = RQ_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (rq_buf_append(&b, chunk, n) < 0) {
            if (f != stdin)
                fclose(f);
            rq_buf_free(&b);
            errno = ENOMEM;
            return -1;
        }
    }
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    if (f != stdin)
        fclose(f);
    if (err) {
        rq_buf_free(&b);
        errno = err;
        return -1;
    }
    *len = b.len;
    *data = rq_buf_take(&b);
    if (!*data) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

/* ---- line reader ---- */

void rq_lines_init(rq_line_reader *r, int fd)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
}

/* Room for at least RQ_LINE_READ_SIZE more bytes and a NUL after them:
 * the pending line is moved to the front, the buffer doubled when the
 * line alone fills it. */
static int lines_room(rq_line_reader *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end > RQ_LINE_READ_SIZE)
        return 0;
    size_t cap = r->cap ? r->cap : RQ_LINE_READ_SIZE + 1;
    while (cap - r->end <= RQ_LINE_READ_SIZE) {
        if (cap > SIZE_MAX / 2) {
            errno = ENOMEM;
            return -1;
        }
        cap *= 2;
    }
    char *buf = realloc(r->buf, cap);
    if (!buf) {
        errno = ENOMEM;
        return -1;
    }
    r->buf = buf;
    r->cap = cap;
    return 0;
}

int rq_lines_next(rq_line_reader *r, char **line, size_t *len)
{
    for (;;) {
        char *from = r->buf ? r->buf + r->start + r->scanned : NULL;
        size_t left = r->end - r->start - r->scanned;
        char *nl = left ? memchr(from, '\n', left) : NULL;
        if (nl) {
            *line = r->buf + r->start;
            *len = (size_t)(nl - *line);
            *nl = '\0';
            r->start += *len + 1;
            r->scanned = 0;
            return 1;
        }
        r->scanned = r->end - r->start;
        if (r->eof) {
            if (r->start == r->end)
                return 0;
            *line = r->buf + r->start;
            *len = r->end - r->start;
            r->buf[r->end] = '\0'; /* lines_room keeps a byte for it */
            r->start = r->end;
            r->scanned = 0;
            return 1;
        }
        if (lines_room(r) < 0)
            return -1;
        ssize_t n;
        do
            n = read(r->fd, r->buf + r->end, RQ_LINE_READ_SIZE);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            return -1;
        if (n == 0)
            r->eof = true;
        r->end += (size_t)n;
    }
}

void rq_lines_free(rq_line_reader *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
    r->fd = -1;
}

/* ---- dates ---- */

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

int rq_parse_as_of(const char *s, int *month)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *month = rq_month(y, m);
    return 0;
}

/* ---- diagnostics ---- */

void rq_diags_init(rq_diags *d)
{
    d->items = NULL;
    d->count = d->cap = 0;
}

void rq_diags_clear(rq_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].path);
        free(d->items[i].message);
    }
    free(d->items);
    rq_diags_init(d);
}

/* Append s to b as one printable line: C0 controls and DEL become \n, \r,
 * \t or \xHH, the Unicode line breaks U+0085, U+2028 and U+2029 become
 * \uHHHH, and bytes that are not UTF-8 become \xHH. The result holds no
 * control character, so applying it again changes nothing. A value quoted
 * from a profile or a posting ("Nati\nve", an ANSI escape) cannot split a
 * diagnostic over two lines or reach the terminal as a command. */
static void put_one_line(rq_buf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = strlen(str);
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x7F) {
            size_t run = i;
            while (run < n && s[run] >= 0x20 && s[run] < 0x7F)
                run++;
            rq_buf_append(b, str + i, run - i);
            i = run;
            continue;
        }
        if (c < 0x80) {
            if (c == '\n')
                rq_buf_puts(b, "\\n");
            else if (c == '\r')
                rq_buf_puts(b, "\\r");
            else if (c == '\t')
                rq_buf_puts(b, "\\t");
            else
                rq_buf_printf(b, "\\x%02X", c);
            i++;
            continue;
        }
        size_t len = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3
                     : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
        if (len == 0 || i + len > n || !rq_utf8_valid(str + i, len)) {
            rq_buf_printf(b, "\\x%02X", c);
            i++;
            continue;
        }
        if (len == 2 && c == 0xC2 && s[i + 1] == 0x85)
            rq_buf_puts(b, "\\u0085");
        else if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
            rq_buf_printf(b, "\\u%04X", s[i + 2] == 0xA8 ? 0x2028u : 0x2029u);
        else
            rq_buf_append(b, str + i, len);
        i += len;
    }
}

char *rq_one_line(const char *s)
{
    if (!s)
        return NULL;
    rq_buf b = RQ_BUF_INIT;
    put_one_line(&b, s);
    return rq_buf_take(&b);
}

/* A message longer than this quotes an input at length (a 2 MB line, a
 * 1 MB value): its middle is left out, so the line stays readable and
 * keeps both the quote's start and the explanation at its end. */
#define RQ_DIAG_MAX 600
#define RQ_DIAG_HEAD 400
#define RQ_DIAG_TAIL 180

/* Back up from s[i] to the start of a UTF-8 character (at most 3 bytes:
 * a run of stray continuation bytes is cut anywhere). */
static size_t char_start(const char *s, size_t i)
{
    for (int k = 0; k < 3 && i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; k++)
        i--;
    return i;
}

static void elide_middle(rq_buf *msg)
{
    if (msg->oom || msg->len <= RQ_DIAG_MAX)
        return;
    static const char mark[] = " [...] ";
    size_t head = char_start(msg->data, RQ_DIAG_HEAD);
    /* head <= 400 and tail >= 600 - 180 - 3: the parts do not overlap and
     * the result (at most 400 + 7 + 183 bytes) is shorter than the message */
    size_t tail = char_start(msg->data, msg->len - RQ_DIAG_TAIL);
    size_t keep = msg->len - tail;
    memcpy(msg->data + head, mark, sizeof mark - 1);
    memmove(msg->data + head + sizeof mark - 1, msg->data + tail, keep);
    msg->len = head + sizeof mark - 1 + keep;
    msg->data[msg->len] = '\0';
}

int rq_diags_add(rq_diags *d, rq_severity sev, const char *file, int line,
                 int col, const char *path, const char *fmt, ...)
{
    if (!d)
        return 0;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        rq_diag *p = realloc(d->items, cap * sizeof *p);
        if (!p)
            return -1;
        d->items = p;
        d->cap = cap;
    }
    rq_buf msg = RQ_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    rq_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    elide_middle(&msg);
    rq_diag *g = &d->items[d->count];
    g->severity = sev;
    g->file = rq_one_line(file);
    g->line = line;
    g->col = col;
    g->path = rq_one_line(path);
    g->message = msg.oom ? NULL : rq_one_line(msg.data ? msg.data : "");
    rq_buf_free(&msg);
    if (!g->message || (file && !g->file) || (path && !g->path)) {
        free(g->file);
        free(g->path);
        free(g->message);
        return -1;
    }
    d->count++;
    return 0;
}

size_t rq_diags_count(const rq_diags *d, rq_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; d && i < d->count; i++)
        if (d->items[i].severity == sev)
            n++;
    return n;
}

char *rq_diag_format(const rq_diag *g)
{
    rq_buf b = RQ_BUF_INIT;
    if (g->file) {
        put_one_line(&b, g->file);
        if (g->line > 0) {
            rq_buf_printf(&b, ":%d", g->line);
            if (g->col > 0)
                rq_buf_printf(&b, ":%d", g->col);
        }
        rq_buf_puts(&b, ": ");
    }
    if (g->path && *g->path) {
        put_one_line(&b, g->path);
        rq_buf_puts(&b, ": ");
    }
    put_one_line(&b, g->message ? g->message : "");
    return rq_buf_take(&b);
}
