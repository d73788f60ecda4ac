/*
 * text.c - folding, words and stems.
 *
 * Folding works one code point at a time. ASCII takes a fast path (lower
 * case, backquote -> apostrophe; eight bytes a step while there is no
 * backquote, with the same arithmetic on each byte). Every other code point is folded with
 * utf8proc (case fold, compatibility decomposition, accents stripped) plus
 * a few mappings of our own (curly quotes, dashes, spaces, oe/ae ligatures,
 * letters without a decomposition such as ø or ł). The folded form of
 * U+0000..U+02FF and of general punctuation U+2000..U+206F is computed once,
 * under pthread_once, into a static table; rarer code points are folded on
 * the fly, which needs no allocation either.
 *
 * A second pass over the folded output removes inclusive-writing endings
 * ("charge·es" -> "charge"). It only fires when a word of at least two
 * letters is followed by a marker (· • . - / or a parenthesis) and a
 * lower-case ending from a fixed list that ends the word, so "e.g.",
 * "co-developpement", "5.5" or "NL/FR" are left alone. The fold notes
 * the first byte that could start a marker, and the second pass starts
 * there: most texts have none, or only the full stop that ends them.
 * Both passes keep a map from each output byte to the source byte it
 * came from, which is how matches are reported in the caller's original
 * text.
 */
#include "text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#define RQ_SSE2 1
#endif

/* ---- per code point folding ---- */

#define FOLD_MAX 16

typedef struct {
    uint8_t len;
    char s[FOLD_MAX - 1];
} fold_entry;

#define LATIN_END 0x300
#define PUNCT_START 0x2000
#define PUNCT_END 0x2070

static fold_entry latin_tab[LATIN_END];
/* ASCII: lower case, backquote -> apostrophe */
static char ascii_tab[128];
/* bytes of folded text that can start an inclusive-writing marker:
 * . - / ( and the lead bytes of the middle dot (C2 B7) and bullet (E2 80 A2) */
static const bool marker_start[256] = {
    ['.'] = true, ['-'] = true, ['/'] = true, ['('] = true,
    [0xc2] = true, [0xe2] = true,
};
/* ASCII letters and digits: the bytes of rq_words' words (text.h) */
const bool rq_ascii_word[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
    ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
    ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};
static fold_entry punct_tab[PUNCT_END - PUNCT_START];
/* code points under LATIN_END that fold to one or two ASCII letters (é,
 * ö, ß, œ): the only non-ASCII characters rq_fold_spans' fast path takes */
static bool latin_fast[LATIN_END];
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

/* Our own mappings, applied before and after utf8proc. Returns the
 * replacement (possibly "") or NULL when cp has none. */
static const char *special(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x2035: case 0x02B9: case 0x02BB: case 0x02BC: case 0x0060:
    case 0x00B4: case 0xFF07:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2043: case 0x2212: case 0xFE58: case 0xFE63:
    case 0xFF0D:
        return "-";
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
    case 0xFEFF:
        return "";
    case 0x00A0: case 0x202F: case 0x205F: case 0x3000: case 0x1680:
        return " ";
    case 0x0152: case 0x0153: return "oe";
    case 0x00C6: case 0x00E6: return "ae";
    case 0x00DF: case 0x1E9E: return "ss";
    case 0x00D8: case 0x00F8: return "o";
    case 0x0110: case 0x0111: case 0x00D0: case 0x00F0: return "d";
    case 0x0141: case 0x0142: return "l";
    case 0x0126: case 0x0127: return "h";
    case 0x0131: return "i";
    case 0x00DE: case 0x00FE: return "th";
    /* dots used in inclusive writing all become the middle dot */
    case 0x2027: case 0x22C5: case 0x2219: case 0x30FB: case 0x0387:
        return "\xc2\xb7";
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return " ";
    return NULL;
}

static size_t put_str(char *out, size_t pos, const char *s)
{
    size_t n = strlen(s);
    if (pos + n > FOLD_MAX - 1)
        return pos;
    memcpy(out + pos, s, n);
    return pos + n;
}

/* Fold one code point into out (at most FOLD_MAX-1 bytes); returns length. */
static size_t fold_compute(int32_t cp, char *out)
{
    const char *sp = special(cp);
    if (sp)
        return put_str(out, 0, sp);
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t nd = utf8proc_decompose_char(
        cp, dec, 8,
        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE,
        &last);
    if (nd < 0 || nd > 8) {
        /* cannot fold: keep the code point as it is */
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t k = utf8proc_encode_char(cp, tmp);
        memcpy(out, tmp, (size_t)k);
        return (size_t)k;
    }
    size_t pos = 0;
    for (utf8proc_ssize_t i = 0; i < nd; i++) {
        sp = special(dec[i]);
        if (sp) {
            pos = put_str(out, pos, sp);
            continue;
        }
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t k = utf8proc_encode_char(dec[i], tmp);
        if (k <= 0 || pos + (size_t)k > FOLD_MAX - 1)
            break;
        memcpy(out + pos, tmp, (size_t)k);
        pos += (size_t)k;
    }
    return pos;
}

static void build_tables(void)
{
    for (int c = 0; c < 128; c++)
        ascii_tab[c] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c == '`' ? '\'' : (char)c;
    for (int32_t cp = 0; cp < LATIN_END; cp++) {
        fold_entry *e = &latin_tab[cp];
        e->len = (uint8_t)fold_compute(cp, e->s);
        latin_fast[cp] = cp >= 0x80 && (e->len == 1 || e->len == 2);
        for (unsigned k = 0; k < e->len && latin_fast[cp]; k++)
            latin_fast[cp] = e->s[k] >= 'a' && e->s[k] <= 'z';
    }
    for (int32_t cp = PUNCT_START; cp < PUNCT_END; cp++)
        punct_tab[cp - PUNCT_START].len =
            (uint8_t)fold_compute(cp, punct_tab[cp - PUNCT_START].s);
}

static size_t word_char(const char *s, size_t n);

/* ---- inclusive writing ---- */

/* Endings of inclusive writing, as they look after folding. */
static const char *const inclusive_endings[] = {
    "e", "es", "s", "x", "se", "ses", "ice", "ices", "rice", "rices",
    "trice", "trices", "euse", "euses", "ne", "nes", "le", "les", "el",
    "els", "elle", "elles", "ere", "eres", "fe", "fes", "ve", "ves",
    "ive", "ives", "te", "tes", "ienne", "iennes", "sa", "la", "ale",
    "ales", "eresse", "eresses", "oresse", "oresses",
};

static bool is_inclusive_ending(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof inclusive_endings / sizeof *inclusive_endings; i++)
        if (strlen(inclusive_endings[i]) == n && memcmp(inclusive_endings[i], s, n) == 0)
            return true;
    return false;
}

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Length of the inclusive marker at s[0..n), or 0. */
static size_t marker_len(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] == '.' || s[0] == '-' || s[0] == '/' || s[0] == '(')
        return 1;
    if (n >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xb7)
        return 2;
    if (n >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0)
        return 3;
    return 0;
}

/* Is the source code point starting at byte off upper case? */
static bool src_upper(const char *src, size_t n, size_t off)
{
    if (off >= n)
        return false;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)src + off, (utf8proc_ssize_t)(n - off), &cp);
    if (k <= 0)
        return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Number of bytes at out[r..end) that are an inclusive ending to drop
 * (the marker included), or 0. out[r] is a marker; the word before it
 * ends at out[w-1]. */
static size_t inclusive_span(const char *out, size_t r, size_t end, size_t w, size_t base,
                             const char *src, size_t n, const uint32_t *map)
{
    if (w < base + 2 || !is_lower(out[w - 1]) || !is_lower(out[w - 2]))
        return 0;
    /* most markers end a sentence or join two words: look at what follows
     * before asking utf8proc about the case of the word before */
    size_t m0 = marker_len(out + r, end - r);
    if (m0 == 0 || r + m0 >= end || !is_lower(out[r + m0]))
        return 0;
    bool prev_upper = src_upper(src, n, map[w - 1]);
    size_t p = r, drop_end = 0;
    for (int chain = 0; chain < 3; chain++) {
        size_t m = marker_len(out + p, end - p);
        if (m == 0)
            break;
        bool strong = out[p] != '.' && out[p] != '-' && out[p] != '/';
        bool paren = out[p] == '(';
        size_t s = p + m, q = s;
        while (q < end && is_lower(out[q]))
            q++;
        if (q == s || !is_inclusive_ending(out + s, q - s))
            break;
        /* "fin.Le" is a sentence; "CHARGE·ES" is inclusive writing */
        if (src_upper(src, n, map[s]) && (!prev_upper || !strong))
            break;
        if (paren) {
            if (q >= end || out[q] != ')')
                break;
            q++;
            size_t t = q;
            while (t < end && is_lower(out[t]))
                t++;
            if (t > q && is_inclusive_ending(out + q, t - q))
                q = t;
        }
        /* the ending must end the word */
        if (q < end && (is_digit(out[q]) || word_char(out + q, end - q)))
            break;
        drop_end = q;
        p = q;
    }
    return drop_end ? drop_end - r : 0;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RQ_SWAR 1
/* Eight bytes of folded text w (memory order: byte k is bits 8k..8k+7):
 * bit 7 of byte k is set when byte k is an ASCII byte that starts a
 * marker (. - / or '(') or the lead byte of a multi-byte character (the
 * middle dot and the bullet start with one). Every flag is exact: the
 * ranges are tested on the low seven bits, where no carry crosses into
 * the next byte, and the lead bytes (11xxxxxx) by bit 7 and bit 6. */
static uint64_t marker_bits(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t w7 = w & ~high;
#define IN_RANGE(lo, hi) ((w7 + (0x80 - (lo)) * ones) & ~(w7 + (0x7f - (hi)) * ones))
    uint64_t ascii = (IN_RANGE('(', '(') | IN_RANGE('-', '/')) & ~w & high;
#undef IN_RANGE
    return ascii | (w & (w << 1) & high);
}
#endif

/* First byte at or after r (before end) that can start a marker: eight
 * bytes a step while no byte of them can. */
static size_t next_marker(const char *d, size_t r, size_t end)
{
#ifdef RQ_SWAR
    while (r + 8 <= end) {
        uint64_t w;
        memcpy(&w, d + r, 8);
        /* flagged lead bytes of characters other than the two markers
         * (letters of other scripts) are passed over */
        for (uint64_t m = marker_bits(w); m; m &= m - 1) {
            size_t k = r + ((size_t)__builtin_ctzll(m) >> 3);
            if (marker_start[(unsigned char)d[k]])
                return k;
        }
        r += 8;
    }
#endif
    while (r < end && !marker_start[(unsigned char)d[r]])
        r++;
    return r;
}

/* Remove inclusive endings from out->data[base..len) in place. Nothing
 * before out->data[from] can start a marker (rq_fold knows where the
 * first candidate is), so the pass starts there: most texts have no
 * marker at all, or only the full stop that ends them. */
static void drop_inclusive(rq_buf *out, size_t base, size_t from, uint32_t *map,
                           const char *src, size_t n)
{
    char *d = out->data;
    size_t end = out->len, w = from, r = from;
    if (from >= end)
        return; /* out->data[end] is '\0' already */
    for (;;) {
        /* copy (or, until something was dropped, skip) up to the next
         * byte that can start a marker */
        size_t q = next_marker(d, r, end);
        if (w != r) {
            memmove(d + w, d + r, q - r);
            memmove(map + w, map + r, (q - r) * sizeof *map);
        }
        w += q - r;
        r = q;
        if (r >= end)
            break;
        size_t k = inclusive_span(d, r, end, w, base, src, n, map);
        if (k) {
            r += k;
            continue;
        }
        d[w] = d[r];
        map[w++] = map[r++];
    }
    out->len = w;
    d[w] = '\0';
}

/* ---- rq_fold ---- */

int rq_fold(const char *s, size_t n, rq_buf *out, uint32_t **map, size_t *map_cap)
{
    pthread_once(&tab_once, build_tables);
    size_t base = out->len;
    /* ASCII needs one byte per byte; the rest rarely more than 3 per byte */
    if (rq_buf_reserve(out, n + 16) != 0)
        return -1;
    /* the inclusive-writing pass needs the map: use a private one if the
     * caller wants none */
    uint32_t *own_map = NULL;
    size_t own_cap = 0;
    if (!map) {
        map = &own_map;
        map_cap = &own_cap;
    }
    if (rq_grow((void **)map, map_cap, base + n + 16, sizeof **map) != 0)
        return -1;
    uint32_t *m = *map;
    /* invariant: out and map have room for what is left of s, one byte
     * per byte, plus 16; only non-ASCII characters can break it */
    size_t i = 0;
    /* the first output byte that can start an inclusive-writing marker
     * (SIZE_MAX: none yet), looked for while folding so that
     * drop_inclusive need not read the text again up to there */
    size_t first_marker = SIZE_MAX;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            /* a run of ASCII in locals: stores through out->data could
             * alias out->len and force a reload per byte */
            char *d = out->data;
            size_t o = out->len;
            /* eight bytes a step while they are ASCII without a backquote:
             * 'A'..'Z' get 0x20 added, all at once */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                uint64_t bq = w ^ 0x6060606060606060ull; /* zero byte: a backquote */
                if ((w | ((bq - 0x0101010101010101ull) & ~bq)) & 0x8080808080808080ull)
                    break;
#ifdef RQ_SWAR
                if (first_marker == SIZE_MAX) {
                    uint64_t mk = marker_bits(w);
                    if (mk)
                        first_marker = o + ((size_t)__builtin_ctzll(mk) >> 3);
                }
#else
                for (unsigned k = 0; k < 8 && first_marker == SIZE_MAX; k++)
                    if (marker_start[(unsigned char)s[i + k]])
                        first_marker = o + k;
#endif
                uint64_t ge_a = w + 0x3f3f3f3f3f3f3f3full;   /* bit 7: byte >= 'A' */
                uint64_t gt_z = w + 0x2525252525252525ull;   /* bit 7: byte > 'Z' */
                w |= (ge_a & ~gt_z & 0x8080808080808080ull) >> 2;
                memcpy(d + o, &w, 8);
                for (unsigned k = 0; k < 8; k++)
                    m[o + k] = (uint32_t)(i + k);
                o += 8;
                i += 8;
            }
            while (i < n && (c = (unsigned char)s[i]) < 0x80) {
                if (first_marker == SIZE_MAX && marker_start[c])
                    first_marker = o;
                d[o] = ascii_tab[c];
                m[o++] = (uint32_t)i++;
            }
            out->len = o;
            continue;
        }
        char tmp[FOLD_MAX];
        const char *piece;
        size_t plen, adv;
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            tmp[0] = '?';
            piece = tmp;
            plen = 1;
            adv = 1;
        } else {
            adv = (size_t)k;
            if (cp < LATIN_END) {
                piece = latin_tab[cp].s;
                plen = latin_tab[cp].len;
            } else if (cp >= PUNCT_START && cp < PUNCT_END) {
                piece = punct_tab[cp - PUNCT_START].s;
                plen = punct_tab[cp - PUNCT_START].len;
            } else {
                plen = fold_compute(cp, tmp);
                piece = tmp;
            }
        }
        if (plen > adv) {
            size_t need = plen + (n - i - adv) + 16;
            if (rq_buf_reserve(out, need) != 0 ||
                rq_grow((void **)map, map_cap, out->len + need, sizeof **map) != 0) {
                free(own_map);
                return -1;
            }
            m = *map;
        }
        /* a folded character may be (or hold) a marker: the middle dot,
         * the bullet, a dash */
        for (size_t j = 0; j < plen && first_marker == SIZE_MAX; j++)
            if (marker_start[(unsigned char)piece[j]])
                first_marker = out->len + j;
        for (size_t j = 0; j < plen; j++) {
            out->data[out->len + j] = piece[j];
            m[out->len + j] = (uint32_t)i;
        }
        out->len += plen;
        i += adv;
    }
    out->data[out->len] = '\0';
    drop_inclusive(out, base, first_marker, m, s, n);
    free(own_map);
    return 0;
}

char *rq_fold_dup(const char *s)
{
    if (!s)
        return NULL;
    rq_buf b = RQ_BUF_INIT;
    if (rq_fold(s, strlen(s), &b, NULL, NULL) != 0) {
        rq_buf_free(&b);
        return NULL;
    }
    return rq_buf_take(&b);
}

/* ---- words ---- */

/* Length of the word character at s[0..n) (a letter or digit), or 0. */
static size_t word_char(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80)
        return rq_ascii_word[c];
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    if (k <= 0)
        return 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
        return (size_t)k;
    default:
        return 0;
    }
}

/* Source bytes [from, to) hold a word of >= 2 letters, all upper case. */
static bool source_caps(const char *src, size_t from, size_t to)
{
    int letters = 0;
    size_t i = from;
    while (i < to) {
        unsigned char c = (unsigned char)src[i];
        if (c < 0x80) { /* ASCII fast path: most words end here at once */
            if (c >= 'a' && c <= 'z')
                return false;
            letters += c >= 'A' && c <= 'Z';
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)src + i,
                                              (utf8proc_ssize_t)(to - i), &cp);
        if (k <= 0)
            return false;
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
            letters++;
            break;
        case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
            return false;
        default:
            break;
        }
        i += (size_t)k;
    }
    return letters >= 2;
}

/* End (exclusive) in the source of the character that folded byte b came from. */
static size_t source_char_end(const char *src, const uint32_t *map, size_t b)
{
    /* a letter comes from a valid character: its lead byte gives its length */
    size_t off = map[b];
    unsigned char c = (unsigned char)src[off];
    return off + (c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4);
}

/* End of the run of ASCII letters and digits starting at u[i] (at most n):
 * eight bytes a step, each classified at once by range arithmetic. */
static size_t ascii_word_run(const unsigned char *u, size_t i, size_t n)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        /* bit 7 of each byte: lo <= byte (b + 0x80 - lo) and byte > hi
         * (b + 0x7f - hi); exact for bytes under 0x80 */
#define IN_RANGE(lo, hi) ((w + (0x80 - (lo)) * ones) & ~(w + (0x7f - (hi)) * ones))
        uint64_t word = (IN_RANGE('0', '9') | IN_RANGE('A', 'Z') | IN_RANGE('a', 'z')) & ~w & high;
#undef IN_RANGE
        uint64_t other = ~word & high;
        if (other)
            return i + ((size_t)__builtin_ctzll(other) >> 3);
        i += 8;
    }
#endif
    while (i < n && u[i] < 0x80 && rq_ascii_word[u[i]])
        i++;
    return i;
}

bool rq_word_caps(const char *src, const uint32_t *map, const rq_word *w)
{
    /* the source span can hold a multi-byte character: the end is that of
     * the last character, not of the last folded byte */
    size_t from = map[w->start], to = source_char_end(src, map, w->start + w->len - 1);
    return source_caps(src, from, to);
}

/* The next word of folded text u[*i..n): its start in *start, its end
 * (exclusive) returned; 0 when there is none. *i moves past it. */
static size_t next_word(const unsigned char *u, size_t n, size_t *i, size_t *start)
{
    size_t p = *i;
    while (p < n) {
        /* ASCII separators and words by table; other bytes through utf8proc */
        if (u[p] < 0x80 && !rq_ascii_word[u[p]]) {
            p++;
            continue;
        }
        size_t k = word_char((const char *)u + p, n - p);
        if (!k) {
            p++;
            continue;
        }
        *start = p;
        p += k;
        for (;;) {
            p = ascii_word_run(u, p, n);
            if (p >= n || u[p] < 0x80 || (k = word_char((const char *)u + p, n - p)) == 0)
                break;
            p += k;
        }
        *i = p;
        return p;
    }
    *i = n;
    return 0;
}

long rq_words(const char *folded, size_t n, const char *src, const uint32_t *map,
              rq_word **words, size_t *cap)
{
    size_t count = 0, i = 0, start, end;
    const unsigned char *u = (const unsigned char *)folded;
    while ((end = next_word(u, n, &i, &start)) != 0) {
        if (rq_grow((void **)words, cap, count + 1, sizeof **words) != 0)
            return -1;
        rq_word *w = &(*words)[count++];
        w->start = (uint32_t)start;
        w->len = (uint32_t)(end - start);
        w->caps = false;
        if (src && map)
            w->caps = rq_word_caps(src, map, w);
    }
    return (long)count;
}

/* ---- folding and splitting at once ---- */

bool rq_span_caps(const char *src, const rq_wspan *w)
{
    return source_caps(src, w->src_start, w->src_end);
}

static int push_span(rq_wspan **spans, size_t *cap, size_t count, size_t start, size_t end,
                     size_t src_start, size_t src_end)
{
    if (rq_grow((void **)spans, cap, count + 1, sizeof **spans) != 0)
        return -1;
    (*spans)[count] = (rq_wspan){(uint32_t)start, (uint32_t)src_start, (uint32_t)end,
                                 (uint32_t)src_end};
    return 0;
}

/* A marker at source byte i (folded to d[o]) may start an inclusive
 * ending when it follows two lower-case letters and comes before a
 * letter: rq_fold's second pass must decide. Otherwise the folded byte
 * after the marker is no letter, and drop_inclusive drops nothing. */
static bool maybe_inclusive(const char *d, size_t o, const unsigned char *u, size_t i, size_t n)
{
    return o >= 2 && is_lower(d[o - 1]) && is_lower(d[o - 2]) && i + 1 < n &&
           (u[i + 1] >= 0x80 || (rq_ascii_word[u[i + 1]] && u[i + 1] > '9'));
}

/* Room in *spans for at least `need` cuts (two per span). */
static int cut_room(rq_wspan **spans, size_t *cap, size_t need)
{
    return rq_grow((void **)spans, cap, (need + 1) / 2, sizeof **spans);
}

/* The fast path of rq_fold_spans: text of ASCII and of Latin letters that
 * fold to ASCII letters, where no inclusive-writing ending can be dropped.
 *
 * Sixteen ASCII bytes a step with SSE2 (the last step of a text of 16
 * bytes or more reads its last sixteen and masks what was done), else
 * eight (the last step reads the text's last eight bytes, or a
 * zero-padded copy of a shorter text, and shifts off what was done):
 * folded by compares (range arithmetic without SSE2), classified the
 * same way (word bytes, markers), and the places where a word starts or
 * ends ("cuts") written out eight (four) at a time without a test per
 * cut. A span is two cuts, (folded, source) offsets each, which is the
 * layout of rq_wspan. Steps holding a backquote or a non-ASCII byte go
 * one character at a time. No byte map is kept: a span knows its source.
 *
 * out has room for n more bytes plus 16 (such text never grows when
 * folded). Returns the number of words, -2 when the text needs the full
 * path (out then holds partial output past out->len, which the caller
 * overwrites), -1 on oom. */
static long fold_spans_fast(const char *s, size_t n, rq_buf *out, rq_wspan **spans,
                            size_t *cap)
{
    char *d = out->data + out->len;
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0, i = 0, nc = 0; /* nc: cuts written */
    bool in = false;             /* inside a word */
    while (i < n) {
        /* room for this step's cuts: at most one a byte, of at most
         * sixteen bytes (or nine: a character across an 8-byte step's end) */
        if (cut_room(spans, cap, nc + 18) != 0)
            return -1;
        uint32_t *cuts = (uint32_t *)*spans;
        size_t rem = n - i, step = rem < 8 ? rem : 8;
#ifdef RQ_SSE2
        /* sixteen bytes a step: the next sixteen, or the text's last
         * sixteen of which the first `done` were folded already (all
         * ASCII, so one folded byte each, rewritten the same) */
        if (n >= 16) {
            size_t p = rem >= 16 ? i : n - 16, done = i - p;
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + p));
            /* non-ASCII bytes and backquotes go the slower ways */
            if (!_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_set1_epi8('`'))))) {
#define IN_RANGE16(x, lo, hi) \
    _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)((lo) - 1))), \
                  _mm_cmplt_epi8(x, _mm_set1_epi8((char)((hi) + 1))))
                v = _mm_or_si128(v, _mm_and_si128(IN_RANGE16(v, 'A', 'Z'), _mm_set1_epi8(0x20)));
                _mm_storeu_si128((__m128i *)(void *)(d + o - done), v);
                uint32_t word = (uint32_t)_mm_movemask_epi8(
                    _mm_or_si128(IN_RANGE16(v, '0', '9'), IN_RANGE16(v, 'a', 'z')));
                uint32_t valid = 0xFFFFu << done & 0xFFFFu;
                uint32_t mark = (uint32_t)_mm_movemask_epi8(_mm_or_si128(
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('(')), IN_RANGE16(v, '-', '/'))) &
                                valid;
#undef IN_RANGE16
                for (; mark; mark &= mark - 1) {
                    size_t k = (size_t)__builtin_ctz(mark);
                    if (maybe_inclusive(d, o - done + k, u, p + k, n))
                        return -2;
                }
                /* bit k: byte k-1 is a word byte (before byte 0: in; the
                 * byte before the first new one was a word byte iff in) */
                uint32_t before = word << 1 | (uint32_t)in;
                uint32_t cut = (word ^ before) & valid;
                uint32_t x = cut - ((cut >> 1) & 0x5555u); /* bits set, in line */
                x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
                x = (x + (x >> 4)) & 0x0F0Fu;
                size_t ncut = (x + (x >> 8)) & 0x1Fu;
                uint32_t *c = cuts + 2 * nc;
                size_t base_o = o - done;
                for (unsigned q = 0; q < 8; q++) {
                    /* bit 31 keeps ctz defined once cut is spent */
                    size_t k = (size_t)__builtin_ctz(cut | 1u << 31);
                    c[2 * q] = (uint32_t)(base_o + k);
                    c[2 * q + 1] = (uint32_t)(p + k);
                    cut &= cut - 1;
                }
                for (unsigned q = 8; cut; q++, cut &= cut - 1) {
                    size_t k = (size_t)__builtin_ctz(cut);
                    c[2 * q] = (uint32_t)(base_o + k);
                    c[2 * q + 1] = (uint32_t)(p + k);
                }
                nc += ncut;
                in = nc & 1;
                o += 16 - done;
                i = p + 16;
                continue;
            }
        }
#endif
#ifdef RQ_SWAR
        const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
        uint64_t w = 0;
        if (rem >= 8) {
            memcpy(&w, u + i, 8);
        } else if (n >= 8) {
            memcpy(&w, u + n - 8, 8);
            w >>= 8 * (8 - rem);
        } else {
            for (size_t k = 0; k < rem; k++)
                w |= (uint64_t)u[i + k] << 8 * k;
        }
        uint64_t bq = w ^ 0x6060606060606060ull; /* zero byte: a backquote */
        if (!((w | ((bq - ones) & ~bq)) & high)) {
            uint64_t ge_a = w + 0x3f3f3f3f3f3f3f3full; /* bit 7: byte >= 'A' */
            uint64_t gt_z = w + 0x2525252525252525ull; /* bit 7: byte > 'Z' */
            w |= (ge_a & ~gt_z & high) >> 2;
            memcpy(d + o, &w, 8);
            /* bit 7 of each byte: in [lo, hi] (all bytes are ASCII); the
             * zero padding is neither word nor marker */
#define IN_RANGE(lo, hi) ((w + (0x80 - (lo)) * ones) & ~(w + (0x7f - (hi)) * ones))
            uint64_t word = (IN_RANGE('0', '9') | IN_RANGE('a', 'z')) & high;
            uint64_t mark = (IN_RANGE('(', '(') | IN_RANGE('-', '/')) & high;
#undef IN_RANGE
            for (; mark; mark &= mark - 1) {
                size_t k = (size_t)__builtin_ctzll(mark) >> 3;
                if (maybe_inclusive(d, o + k, u, i + k, n))
                    return -2;
            }
            /* bit 7 of byte k: byte k-1 is a word byte (byte -1: in) */
            uint64_t cut = (word ^ ((word << 8) | (in ? 0x80u : 0u))) & high;
            /* one bit a byte: their sum lands in the top byte */
            size_t ncut = (size_t)(((cut >> 7) * ones) >> 56);
            uint32_t *c = cuts + 2 * nc;
            for (unsigned q = 0; q < 4; q++) {
                /* the top bit keeps ctz defined once cut is spent */
                size_t k = (size_t)__builtin_ctzll(cut | 1ull << 63) >> 3;
                c[2 * q] = (uint32_t)(o + k);
                c[2 * q + 1] = (uint32_t)(i + k);
                cut &= cut - 1;
            }
            for (unsigned q = 4; cut; q++, cut &= cut - 1) {
                size_t k = (size_t)__builtin_ctzll(cut) >> 3;
                c[2 * q] = (uint32_t)(o + k);
                c[2 * q + 1] = (uint32_t)(i + k);
            }
            nc += ncut;
            in = nc & 1;
            o += step;
            i += step;
            continue;
        }
#endif
        /* one character at a time to the end of this step */
        for (size_t stop = i + step; i < stop;) {
            unsigned char ch = u[i];
            if (ch < 0x80) {
                d[o] = ascii_tab[ch];
                bool wb = rq_ascii_word[ch];
                if (wb != in) {
                    cuts[2 * nc] = (uint32_t)o;
                    cuts[2 * nc + 1] = (uint32_t)i;
                    nc++;
                    in = wb;
                }
                if (marker_start[ch] && maybe_inclusive(d, o, u, i, n))
                    return -2;
                o++;
                i++;
                continue;
            }
            /* U+0080..U+02FF: lead bytes C2..CB and one continuation byte */
            if (ch < 0xC2 || ch > 0xCB || i + 1 >= n || (u[i + 1] & 0xC0) != 0x80)
                return -2;
            unsigned cp = (ch & 0x1Fu) << 6 | (u[i + 1] & 0x3Fu);
            if (!latin_fast[cp])
                return -2;
            const fold_entry *e = &latin_tab[cp];
            if (!in) {
                cuts[2 * nc] = (uint32_t)o;
                cuts[2 * nc + 1] = (uint32_t)i;
                nc++;
                in = true;
            }
            /* two source bytes, one or two folded ones */
            d[o] = e->s[0];
            d[o + 1] = e->s[1];
            o += e->len;
            i += 2;
            if (i > stop)
                stop = i; /* a character across the step's end */
        }
    }
    if (in) {
        if (cut_room(spans, cap, nc + 1) != 0)
            return -1;
        uint32_t *cuts = (uint32_t *)*spans;
        cuts[2 * nc] = (uint32_t)o;
        cuts[2 * nc + 1] = (uint32_t)n;
        nc++;
    }
    out->len += o;
    out->data[out->len] = '\0';
    return (long)(nc / 2);
}

long rq_fold_spans(const char *s, size_t n, rq_buf *out, uint32_t **map, size_t *map_cap,
                   rq_wspan **spans, size_t *cap)
{
    pthread_once(&tab_once, build_tables);
    size_t base = out->len;
    if (rq_buf_reserve(out, n + 16) != 0)
        return -1;
    long count = fold_spans_fast(s, n, out, spans, cap);
    if (count != -2)
        return count;
    /* the full path: rq_fold with its map, then the words */
    out->data[base] = '\0';
    if (rq_fold(s, n, out, map, map_cap) != 0)
        return -1;
    const unsigned char *u = (const unsigned char *)out->data + base;
    const uint32_t *m = *map;
    size_t i = 0, start, end, len = out->len - base;
    count = 0;
    while ((end = next_word(u, len, &i, &start)) != 0)
        if (push_span(spans, cap, (size_t)count++, start, end, m[base + start],
                      source_char_end(s, m, base + end - 1)) != 0)
            return -1;
    return count;
}

/* ---- stems ---- */

size_t rq_stem(const char *w, size_t n, char *out, size_t outsz)
{
    if (outsz == 0)
        return 0;
    if (n > outsz - 1)
        n = outsz - 1;
    memcpy(out, w, n);
    if (n > 3) {
        if (n >= 4 && memcmp(out + n - 3, "aux", 3) == 0) {
            out[n - 2] = 'l'; /* internationaux -> international */
            n--;
        } else if (out[n - 1] == 'x' || (out[n - 1] == 's' && out[n - 2] != 's')) {
            n--;
        }
    }
    /* -e only off words of 5+ letters: "osce" must not meet "osc" */
    if (n > 4 && out[n - 1] == 'e') {
        n--;
        /* adjectives in -se: "francaise" meets "francais", "engelse" "engels" */
        if (n > 4 && out[n - 1] == 's' && out[n - 2] != 's')
            n--;
    }
    out[n] = '\0';
    return n;
}
