/*
 * posting_text.c - first stage of the posting compiler: raw text to
 * lines, sections, sentences and clauses.
 *
 * Real postings are pasted from PDFs and web pages: lines are wrapped in
 * the middle of sentences, bullets come in many shapes, headings may be in
 * capitals or not, and a heading can even land after the block it names.
 * So the structure is rebuilt in passes, each simple:
 *   1. lines: trim, strip a bullet or a number, note blank lines;
 *   2. headings: a short line that a phrase of the kb "sections" table
 *      covers (or a short line in capitals) opens a section;
 *   3. sentences: a line that does not end a sentence is joined with the
 *      next when that one continues it (lower-case start, or the line ended
 *      on a comma or a function word); bullets, headings and blank lines
 *      start new sentences;
 *   4. clauses: sentences split at ';' and at '. ' before a capital; a
 *      clause ending with ':' introduces the list that follows;
 *   5. requirement blocks: a paragraph outside any requirement section
 *      whose clauses carry strong requirement signals (degree, years of
 *      experience, language level) becomes a requirement block; a
 *      requirement heading over a block with no signal at all (a displaced
 *      heading) is demoted.
 * Language (fr/en/nl) is a vote of function words; title and organisation
 * come from "X recrute Y", "Offre d'emploi de Y", "X est une organisation".
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "compiler_internal.h"
#include "text.h"

#define RQ_SEC_NAME(e, s) s,
static const char *const section_names[] = {RQ_SECTION_KINDS(RQ_SEC_NAME)};
#undef RQ_SEC_NAME

const char *rq_section_kind_name(int kind)
{
    if (kind < 0 || kind >= SEC_COUNT)
        return "?";
    return section_names[kind];
}

bool rq_section_states_requirements(int kind)
{
    return kind >= SEC_REQUIREMENTS && kind <= SEC_KNOWLEDGE;
}

static int section_kind_of_key(const char *key)
{
    for (int k = 0; k < SEC_COUNT; k++)
        if (strcmp(section_names[k], key) == 0)
            return k;
    return SEC_OTHER;
}

/* ---- small text helpers ---- */

static bool is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        *w = 1;
        return true;
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { /* nbsp */
        *w = 2;
        return true;
    }
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] <= 0x8B || (unsigned char)s[i + 2] == 0xAF)) {
        *w = 3; /* U+2000..U+200B, U+202F */
        return true;
    }
    return false;
}

static void trim(const char *s, size_t *a, size_t *b)
{
    size_t w;
    while (*a < *b && is_space_at(s, *b, *a, &w))
        *a += w;
    while (*b > *a) {
        size_t i = *b - 1;
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            (*b)--;
            continue;
        }
        if (c == 0xA0 && i >= 1 && (unsigned char)s[i - 1] == 0xC2) {
            *b -= 2;
            continue;
        }
        break;
    }
}

/* Length of a pictograph opening s[0..n) and the spaces after it, 0 if
 * none: a non-ASCII symbol (Unicode So/Sm: ✅ ✔ ► ■ 🔎 💡 🚀), a variation
 * selector after it, then a space. Postings copied from social networks
 * open items and headings with them. */
static size_t symbol_len(const char *s, size_t n)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    if (k <= 1 || cp < 0x80)
        return 0;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat != UTF8PROC_CATEGORY_SO && cat != UTF8PROC_CATEGORY_SM)
        return 0;
    size_t i = (size_t)k;
    while (i < n) { /* variation selectors, zero-width joiners, more symbols */
        k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0 || !(cp == 0xFE0F || cp == 0x200D ||
                        (cp >= 0x80 && (utf8proc_category(cp) == UTF8PROC_CATEGORY_SO ||
                                        utf8proc_category(cp) == UTF8PROC_CATEGORY_SK))))
            break;
        i += (size_t)k;
    }
    if (i >= n || (s[i] != ' ' && s[i] != '\t'))
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* Length of a bullet at s[0..n) (including following spaces), 0 if none. */
static size_t bullet_len(const char *s, size_t n, bool *numbered)
{
    static const char *const marks[] = {"\xE2\x80\xA2", /* • */
                                        "\xE2\x80\x93", /* – */
                                        "\xE2\x80\x94", /* — */
                                        "\xC2\xB7",     /* · */
                                        "\xE2\x96\xAA", /* ▪ */
                                        "\xE2\x97\xA6", /* ◦ */
                                        "\xE2\x97\x8F", /* ● */
                                        "\xEF\x82\xB7", /*  (PDF symbol font) */
                                        "\xE2\x9E\xA2", /* ➢ */
                                        "\xE2\x86\x92", /* → */
                                        NULL};
    size_t k = 0, w;
    *numbered = false;
    for (int i = 0; marks[i]; i++) {
        size_t ml = strlen(marks[i]);
        if (n >= ml && memcmp(s, marks[i], ml) == 0) {
            k = ml;
            break;
        }
    }
    if (!k && n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+' || s[0] == '>') &&
        (s[1] == ' ' || s[1] == '\t'))
        k = 1;
    if (!k && n >= 2 && isdigit((unsigned char)s[0])) {
        size_t i = 0;
        while (i < n && i < 2 && isdigit((unsigned char)s[i]))
            i++;
        if (i < n && (s[i] == '.' || s[i] == ')' || s[i] == '-') && i + 1 < n &&
            (s[i + 1] == ' ' || s[i + 1] == '\t')) {
            k = i + 1;
            *numbered = true;
        }
    }
    if (!k && n >= 3 && (s[0] == 'o' || s[0] == 'a' || s[0] == 'b') && s[1] == ')' &&
        s[2] == ' ')
        k = 2;
    if (!k)
        return 0;
    while (k < n && is_space_at(s, n, k, &w))
        k += w;
    return k;
}

/* First code point of s is a lower-case letter. */
static bool starts_lower(const char *s, size_t n)
{
    utf8proc_int32_t cp;
    if (n == 0)
        return false;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) <= 0)
        return false;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static bool starts_upper(const char *s, size_t n)
{
    utf8proc_int32_t cp;
    if (n == 0)
        return false;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) <= 0)
        return false;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

/* Last word of s[a..b), folded-ASCII lower case, into w (truncated). */
static void last_word(const char *s, size_t a, size_t b, char *w, size_t wsz)
{
    size_t e = b;
    while (e > a && !isalnum((unsigned char)s[e - 1]) && !((unsigned char)s[e - 1] & 0x80))
        e--;
    size_t st = e;
    while (st > a && (isalnum((unsigned char)s[st - 1]) || ((unsigned char)s[st - 1] & 0x80)))
        st--;
    size_t k = 0;
    for (size_t i = st; i < e && k + 1 < wsz; i++)
        w[k++] = (char)tolower((unsigned char)s[i]);
    w[k] = '\0';
}

/* Function words a sentence cannot end on: a line ending on one is
 * continued by the next. */
static bool is_function_word(const char *w)
{
    static const char *const words[] = {
        "de", "du", "des", "d", "la", "le", "les", "l", "et", "ou", "en", "a",
        "au", "aux", "un", "une", "dans", "pour", "par", "sur", "avec", "que",
        "qui", "dont", "son", "sa", "ses", "leur", "leurs", "the", "of", "and",
        "or", "in", "to", "for", "with", "an", "on", "by", "at", "het", "een",
        "van", "voor", "met", "op", "te", "naar", "bij", "ainsi", "tant", "entre",
        "vers", "chez", "sans", "sous", "mais", "ni", "from", "as", "als", "om",
        "die", "dat", "zoals", NULL};
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], w) == 0)
            return true;
    return false;
}

static bool ends_sentence(const char *s, size_t a, size_t b)
{
    if (b <= a)
        return true;
    char c = s[b - 1];
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

/* ---- headings ---- */

/* Count words of folded text s and whether all letter words are caps. */
typedef struct {
    rq_buf fold;
    uint32_t *map;
    size_t mapcap;
    rq_word *words;
    size_t wcap;
    rq_hits hits;
} scratch;

static void scratch_free(scratch *sc)
{
    rq_buf_free(&sc->fold);
    free(sc->map);
    free(sc->words);
    rq_hits_free(&sc->hits);
}

static long fold_words(scratch *sc, const char *s, size_t n)
{
    rq_buf_reset(&sc->fold);
    if (rq_fold(s, n, &sc->fold, &sc->map, &sc->mapcap) < 0)
        return -1;
    if (!sc->fold.data)
        return 0;
    return rq_words(sc->fold.data, sc->fold.len, s, sc->map, &sc->words, &sc->wcap);
}

/* Byte offset in s where word w starts. */
static size_t word_src(const scratch *sc, const rq_word *w)
{
    return sc->map[w->start];
}

/* Articles the kb skips when matching ("The role", "Les missions"). */
static bool is_article(const char *w, size_t n)
{
    static const char *const arts[] = {"the", "les", "des", "aux", "het", "van", "der",
                                       "vos", "nos", "your", "our", "votre", "notre", "jouw",
                                       "onze", NULL};
    for (int i = 0; arts[i]; i++)
        if (strlen(arts[i]) == n && memcmp(arts[i], w, n) == 0)
            return true;
    return false;
}

/* Is content s[0..n) a heading? Returns the section kind or -1. */
static int heading_kind(const rq_kb *kb, scratch *sc, const char *s, size_t n,
                        bool bullet, bool numbered)
{
    size_t a = 0, b = n;
    trim(s, &a, &b);
    bool colon = false;
    while (b > a && (s[b - 1] == ':' || s[b - 1] == '?' || s[b - 1] == '!' ||
                     s[b - 1] == ' '))
    {
        if (s[b - 1] != ' ')
            colon = true;
        b--;
    }
    if (b <= a || b - a > 90)
        return -1;
    if (bullet && !numbered && !colon)
        return -1;
    if (s[b - 1] == '.' || s[b - 1] == ',' || s[b - 1] == ';')
        return -1;
    long nw = fold_words(sc, s + a, b - a);
    if (nw <= 0 || nw > 9)
        return -1;
    bool caps = true;
    int letters = 0;
    for (long i = 0; i < nw; i++) {
        const char *w = sc->fold.data + sc->words[i].start;
        if (isdigit((unsigned char)w[0]))
            continue;
        if (sc->words[i].len >= 2) {
            letters++;
            if (!sc->words[i].caps)
                caps = false;
        }
    }
    if (letters == 0)
        return -1;
    sc->hits.count = 0;
    if (rq_kb_scan(kb, RQ_TABLE_SECTIONS, s + a, b - a, &sc->hits) < 0)
        return -1;
    /* A line naming a degree or a language is content, not a heading
     * ("Diplôme universitaire"), unless set off by ':' or capitals. */
    if (!colon && !caps) {
        rq_hits other = RQ_HITS_INIT;
        long d = rq_kb_scan(kb, RQ_TABLE_DEGREES, s + a, b - a, &other);
        long l = d >= 0 ? rq_kb_scan(kb, RQ_TABLE_LANGUAGES, s + a, b - a, &other) : -1;
        rq_hits_free(&other);
        if (d != 0 || l != 0)
            return -1;
    }
    if (sc->hits.count == 0)
        return caps && letters >= 1 && nw <= 6 ? SEC_OTHER : -1;
    /* the first hit must start the line (after short words) */
    const rq_hit *h0 = &sc->hits.hits[0];
    long first = 0;
    while (first < nw && word_src(sc, &sc->words[first]) < h0->start &&
           (sc->words[first].len <= 2 || is_article(sc->fold.data + sc->words[first].start,
                                                    sc->words[first].len)))
        first++;
    if (first < nw && word_src(sc, &sc->words[first]) < h0->start)
        return caps && nw <= 6 ? SEC_OTHER : -1;
    /* words outside hits (ignoring short words and digits) */
    int outside = 0;
    for (long i = 0; i < nw; i++) {
        size_t ws = word_src(sc, &sc->words[i]);
        bool in = false;
        for (size_t k = 0; k < sc->hits.count; k++)
            if (ws >= sc->hits.hits[k].start && ws < sc->hits.hits[k].end)
                in = true;
        const char *w = sc->fold.data + sc->words[i].start;
        if (!in && sc->words[i].len > 2 && !isdigit((unsigned char)w[0]))
            outside++;
    }
    if (outside > (colon || caps ? 3 : 1))
        return -1;
    const char *key = rq_kb_key(kb, RQ_TABLE_SECTIONS, h0->entry);
    return key ? section_kind_of_key(key) : SEC_OTHER;
}

/* Does s[0..n) open with a phrase of the employer's side ("We offer",
 * "Nous proposons", "Wij bieden", "To apply", "Please send")? Returns
 * SEC_OFFER, SEC_APPLY or -1. */
static int lead_kind(const rq_kb *kb, scratch *sc, const char *s, size_t n)
{
    long mk_offer = rq_kb_find(kb, RQ_TABLE_MARKERS, "offer_lead");
    long mk_apply = rq_kb_find(kb, RQ_TABLE_MARKERS, "apply_lead");
    sc->hits.count = 0;
    if (rq_kb_scan(kb, RQ_TABLE_MARKERS, s, n, &sc->hits) <= 0)
        return -1;
    const rq_hit *h = &sc->hits.hits[0];
    if (h->start > 0)
        return -1;
    if ((long)h->entry == mk_offer)
        return SEC_OFFER;
    if ((long)h->entry == mk_apply)
        return SEC_APPLY;
    return -1;
}

/* ---- language vote ---- */

static void detect_language(scratch *sc, const char *text, size_t len, char out[3])
{
    static const char *const fr[] = {"le", "la", "les", "des", "et", "est", "pour",
                                     "dans", "une", "du", "avec", "nous", "vous",
                                     "sont", "sur", "au", "aux", "qui", "que", NULL};
    static const char *const en[] = {"the", "and", "of", "to", "with", "for", "is",
                                     "are", "we", "you", "our", "on", "this", "will",
                                     "your", NULL};
    static const char *const nl[] = {"het", "een", "van", "voor", "met", "zijn", "wij",
                                     "je", "jij", "op", "te", "naar", "bij", "ons",
                                     "onze", "ook", NULL};
    const char *const *lists[3] = {fr, en, nl};
    static const char *const codes[3] = {"fr", "en", "nl"};
    long counts[3] = {0, 0, 0};
    long nw = fold_words(sc, text, len);
    for (long i = 0; i < nw; i++) {
        const rq_word *w = &sc->words[i];
        if (w->len > 6)
            continue;
        const char *ws = sc->fold.data + w->start;
        for (int l = 0; l < 3; l++)
            for (int k = 0; lists[l][k]; k++)
                if (lists[l][k][0] == ws[0] && strncmp(lists[l][k], ws, w->len) == 0 &&
                    lists[l][k][w->len] == '\0')
                    counts[l]++;
    }
    int best = 0;
    for (int l = 1; l < 3; l++)
        if (counts[l] > counts[best])
            best = l;
    memcpy(out, codes[best], 3);
}

/* ---- sentences ---- */

/* Room for element n of an array holding n: its capacity is the power of
 * two at or above n, so it doubles instead of growing by one (one at a
 * time, the arrays of a 5 MB posting were copied over and over: seconds
 * under the sanitizers, where realloc always copies). */
static void *grow_pow2(void *arr, size_t n, size_t size)
{
    if (n && (n & (n - 1)) != 0)
        return arr;
    return realloc(arr, (n ? 2 * n : 1) * size);
}

static int sent_push_line(rq_psent *st, rq_buf *b, const char *s, size_t a, size_t e,
                          int lineno)
{
    size_t *no = grow_pow2(st->off, st->nlines, sizeof *no);
    if (!no)
        return -1;
    st->off = no;
    int *nl = grow_pow2(st->lines, st->nlines, sizeof *nl);
    if (!nl)
        return -1;
    st->lines = nl;
    if (b->len)
        rq_buf_putc(b, ' ');
    st->off[st->nlines] = b->len;
    st->lines[st->nlines] = lineno;
    st->nlines++;
    /* collapse runs of white space */
    bool sp = false;
    for (size_t i = a; i < e;) {
        size_t w;
        if (is_space_at(s, e, i, &w)) {
            sp = true;
            i += w;
            continue;
        }
        if (sp && b->len && b->data[b->len - 1] != ' ')
            rq_buf_putc(b, ' ');
        sp = false;
        rq_buf_putc(b, s[i]);
        i++;
    }
    return b->oom ? -1 : 0;
}

int rq_sent_line_at(const rq_psent *st, size_t off)
{
    int line = st->nlines ? st->lines[0] : 0;
    for (size_t i = 0; i < st->nlines; i++)
        if (st->off[i] <= off)
            line = st->lines[i];
    return line;
}

/* Does s[0..n) name anything a requirement is made of (a concept, a
 * language, a degree, a lead or modality word)? */
static bool names_requirement(const rq_kb *kb, const char *s, size_t n)
{
    bool strong, weak;
    rq_clause_signals(kb, s, n, &strong, &weak);
    if (strong || weak)
        return true;
    static const rq_table tables[] = {RQ_TABLE_CONCEPTS, RQ_TABLE_LANGUAGES, RQ_TABLE_DEGREES};
    rq_hits h = RQ_HITS_INIT;
    bool any = false;
    for (int t = 0; t < 3 && !any; t++)
        any = rq_kb_scan(kb, tables[t], s, n, &h) > 0;
    rq_hits_free(&h);
    return any;
}

/* Line li is the tail of a sentence wrapped at line prev although the
 * tail starts with a capital ("... en Fédération" / "Wallonie-Bruxelles"):
 * prev fills the paragraph's width without ending a sentence, and li is a
 * few words that name no requirement of their own. */
static bool orphan_tail(const rq_posting *p, const rq_kb *kb, scratch *sc, size_t prev,
                        size_t li, const size_t *para_width)
{
    const rq_pline *P = &p->lines[prev], *L = &p->lines[li];
    const char *text = p->text;
    if (ends_sentence(text, P->start, P->end) || L->end <= L->start ||
        text[L->end - 1] == ':' || P->para != L->para)
        return false;
    size_t width = para_width[P->para];
    size_t plen = P->end - P->start;
    if (plen < 60 || plen * 10 < width * 8)
        return false;
    long nw = fold_words(sc, text + L->start, L->end - L->start);
    if (nw <= 0 || nw > 3)
        return false;
    return !names_requirement(kb, text + L->start, L->end - L->start);
}

/* Does line li continue a bulleted item: the lines above it up to a
 * bullet (no blank line, no heading between) are that bullet and its
 * indented continuations ("- HBO/WO werk- en denkniveau, bij voorkeur een
 * afgeronde opleiding" / "  Pedagogiek of Bestuurskunde")? */
static bool item_goes_on(const rq_posting *p, size_t li)
{
    for (size_t k = li; k-- > 0;) {
        const rq_pline *P = &p->lines[k];
        if (P->blank || P->heading)
            return false;
        if (P->bullet)
            return true;
        if (!P->indented)
            return false;
    }
    return false;
}

/* ---- the parse ---- */

typedef struct {
    int kind, para;
    bool bullet;
} sent_meta;

void rq_posting_free(rq_posting *p)
{
    if (!p)
        return;
    free(p->lines);
    for (size_t i = 0; i < p->nsents; i++) {
        free(p->sents[i].text);
        free(p->sents[i].off);
        free(p->sents[i].lines);
    }
    free(p->sents);
    free(p->clauses);
    free(p->title);
    free(p->organization);
    memset(p, 0, sizeof *p);
}

static int add_clause(rq_posting *p, const rq_pclause *c)
{
    rq_pclause *nc = grow_pow2(p->clauses, p->nclauses, sizeof *nc);
    if (!nc)
        return -1;
    p->clauses = nc;
    p->clauses[p->nclauses++] = *c;
    return 0;
}

/* Length of the word at s[i..n), letters only, 0 if none. */
static size_t word_len_at(const char *s, size_t n, size_t i)
{
    size_t k = i;
    while (k < n && (isalpha((unsigned char)s[k]) || ((unsigned char)s[k] & 0x80)))
        k++;
    return k - i;
}

static bool word_is(const char *s, size_t n, size_t i, const char *w)
{
    size_t l = strlen(w);
    return word_len_at(s, n, i) == l && strncasecmp(s + i, w, l) == 0;
}

/* A subject pronoun opening a proposition of its own at s[i..n)
 * ("vous justifiez", "you have", "jij hebt", "je bent"): the paragraph
 * postings write requirements as a chain of them. */
static bool pronoun_at(const char *s, size_t n, size_t i)
{
    if (word_is(s, n, i, "vous") || word_is(s, n, i, "you") || word_is(s, n, i, "jij"))
        return i + word_len_at(s, n, i) < n && s[i + word_len_at(s, n, i)] == ' ';
    if (word_is(s, n, i, "je") && i + 3 < n && s[i + 2] == ' ') {
        /* Dutch "je" is also "your": only before a verb ("je hebt",
         * "je kan") */
        size_t vl = word_len_at(s, n, i + 3);
        return vl >= 2 && (s[i + 3 + vl - 1] == 't' || word_is(s, n, i + 3, "kan") ||
                           word_is(s, n, i + 3, "wil") || word_is(s, n, i + 3, "zal"));
    }
    return false;
}

/* Split sentence si into clauses at ';', at ". " before a capital, and
 * before a subject pronoun after a comma or a conjunction (", vous
 * justifiez", "et vous maîtrisez", "and you have"). */
static int split_clauses(rq_posting *p, int si, const sent_meta *m)
{
    const rq_psent *st = &p->sents[si];
    const char *t = st->text;
    size_t n = st->len, a = 0, full_a = 0, first_clause = p->nclauses;
    int depth = 0;
    bool first = true;
    for (size_t i = 0; i <= n; i++) {
        bool cut = false;
        size_t e = i, next = i + 1;
        if (i == n) {
            cut = true;
        } else if (t[i] == '(') {
            depth++;
        } else if (t[i] == ')') {
            if (depth)
                depth--;
        } else if (t[i] == ';' && depth == 0) {
            cut = true;
        } else if (t[i] == ',' && depth == 0 && i + 2 < n && t[i + 1] == ' ' &&
                   pronoun_at(t, n, i + 2)) {
            cut = true;
        } else if (t[i] == ' ' && depth == 0 && i > a &&
                   ((word_is(t, n, i + 1, "et") && word_is(t, n, i + 4, "vous")) ||
                    (word_is(t, n, i + 1, "and") && word_is(t, n, i + 5, "you")) ||
                    (word_is(t, n, i + 1, "en") && !word_is(t, n, i + 4, "vous"))) &&
                   pronoun_at(t, n, i + 1 + word_len_at(t, n, i + 1) + 1)) {
            cut = true;
            next = i + 1 + word_len_at(t, n, i + 1) + 1;
        } else if ((t[i] == '.' || t[i] == '!' || t[i] == '?') && i + 2 < n &&
                   t[i + 1] == ' ' && (starts_upper(t + i + 2, n - i - 2) ||
                                       (unsigned char)t[i + 2] >= 0xE2)) {
            /* not after a single letter or an abbreviation like "i.e" */
            if (i >= 2 && isalpha((unsigned char)t[i - 1]) && t[i - 2] != ' ' &&
                t[i - 2] != '.')
                cut = true, e = i + 1;
            else if (i >= 1 && (t[i - 1] == ')' || isdigit((unsigned char)t[i - 1]) ||
                                ((unsigned char)t[i - 1] & 0x80)))
                cut = true, e = i + 1;
        }
        if (!cut)
            continue;
        size_t ca = a, cb = e;
        trim(t, &ca, &cb);
        /* a clause needs at least one letter */
        bool letter = false;
        for (size_t k = ca; k < cb; k++)
            if (isalpha((unsigned char)t[k]) || ((unsigned char)t[k] & 0x80))
                letter = true;
        if (letter) {
            rq_pclause c;
            memset(&c, 0, sizeof c);
            c.sent = si;
            c.start = ca;
            c.end = cb;
            c.line = rq_sent_line_at(st, ca);
            c.kind = m->kind;
            c.para = m->para;
            c.bullet = m->bullet && first;
            c.intro = cb > ca && t[cb - 1] == ':' && i == n;
            if (add_clause(p, &c) < 0)
                return -1;
            first = false;
        }
        if (i == n || e == i + 1) { /* the end of a full sentence */
            for (size_t k = first_clause; k < p->nclauses; k++) {
                p->clauses[k].full_start = full_a;
                p->clauses[k].full_end = e;
                trim(t, &p->clauses[k].full_start, &p->clauses[k].full_end);
            }
            first_clause = p->nclauses;
            full_a = next;
        }
        a = next;
        i = next - 1;
    }
    return 0;
}

void rq_clause_signals(const rq_kb *kb, const char *s, size_t n, bool *strong, bool *weak)
{
    rq_hits h = RQ_HITS_INIT;
    long mk_exp = rq_kb_find(kb, RQ_TABLE_MARKERS, "experience");
    long mk_years = rq_kb_find(kb, RQ_TABLE_MARKERS, "years");
    long mk_months = rq_kb_find(kb, RQ_TABLE_MARKERS, "months");
    long mk_ctx = rq_kb_find(kb, RQ_TABLE_MARKERS, "context");
    static const char *const weak_keys[] = {"knowledge", "ability", "required", "preferred",
                                            "preferred_next", "other", "permit", NULL};
    long weak_ids[8];
    int nweak = 0;
    for (int k = 0; weak_keys[k]; k++)
        weak_ids[nweak++] = rq_kb_find(kb, RQ_TABLE_MARKERS, weak_keys[k]);
    *strong = *weak = false;
    bool exp = false, dur = false, ctx = false;
    if (rq_kb_scan(kb, RQ_TABLE_MARKERS, s, n, &h) > 0) {
        for (size_t i = 0; i < h.count; i++) {
            long e = (long)h.hits[i].entry;
            if (e == mk_exp)
                exp = true;
            if (e == mk_years || e == mk_months)
                dur = true;
            if (e == mk_ctx)
                ctx = true;
            for (int k = 0; k < nweak; k++)
                if (e == weak_ids[k])
                    *weak = true;
        }
    }
    if (exp)
        *weak = true;
    if (exp && dur && !ctx)
        *strong = true;
    h.count = 0;
    if (rq_kb_scan(kb, RQ_TABLE_DEGREES, s, n, &h) > 0 && !ctx)
        *strong = true;
    h.count = 0;
    if (rq_kb_scan(kb, RQ_TABLE_LANGUAGES, s, n, &h) > 0) {
        h.count = 0;
        if (rq_kb_scan(kb, RQ_TABLE_LEVELS, s, n, &h) > 0)
            *strong = true;
    }
    rq_hits_free(&h);
}

/* Promote requirement-looking paragraphs, demote empty requirement
 * sections (displaced headings). */
static void fix_sections(rq_posting *p, const rq_kb *kb)
{
    size_t nc = p->nclauses;
    if (!nc)
        return;
    bool *strong = calloc(nc, sizeof *strong), *weak = calloc(nc, sizeof *weak);
    if (!strong || !weak) {
        free(strong);
        free(weak);
        return;
    }
    for (size_t i = 0; i < nc; i++) {
        const rq_pclause *c = &p->clauses[i];
        rq_clause_signals(kb, p->sents[c->sent].text + c->start, c->end - c->start,
                          &strong[i], &weak[i]);
    }
    bool promoted = false;
    for (size_t i = 0; i < nc;) {
        size_t j = i;
        while (j < nc && p->clauses[j].para == p->clauses[i].para)
            j++;
        int kind = p->clauses[i].kind;
        if (!rq_section_states_requirements(kind) && kind != SEC_OFFER &&
            kind != SEC_CONDITIONS && kind != SEC_APPLY) {
            size_t ns = 0, nsig = 0;
            for (size_t k = i; k < j; k++) {
                ns += strong[k];
                nsig += strong[k] || weak[k];
            }
            if (ns >= 2 && nsig * 2 >= j - i) {
                for (size_t k = i; k < j; k++) {
                    p->clauses[k].kind = SEC_REQUIREMENTS;
                    p->clauses[k].promoted = true;
                }
                promoted = true;
            }
        }
        i = j;
    }
    /* a requirement section (heading to heading) with no signal at all,
     * while requirements were found elsewhere, is a displaced heading */
    bool any_signal_req = promoted;
    for (size_t i = 0; i < nc; i++)
        if (rq_section_states_requirements(p->clauses[i].kind) && !p->clauses[i].promoted &&
            (strong[i] || weak[i]))
            any_signal_req = true;
    if (any_signal_req) {
        for (size_t i = 0; i < nc;) {
            size_t j = i;
            /* a region: clauses of consecutive paragraphs with the same kind */
            while (j < nc && p->clauses[j].kind == p->clauses[i].kind &&
                   p->clauses[j].promoted == p->clauses[i].promoted)
                j++;
            if (rq_section_states_requirements(p->clauses[i].kind) && !p->clauses[i].promoted) {
                bool sig = false;
                for (size_t k = i; k < j; k++)
                    sig = sig || strong[k] || weak[k];
                if (!sig)
                    for (size_t k = i; k < j; k++)
                        p->clauses[k].kind = SEC_OTHER;
            }
            i = j;
        }
    }
    free(strong);
    free(weak);
}

/* Base modality: preferred sections, and bullets under an intro that
 * carries a preferred marker ("Seront appréciées ... suivantes :"). */
static void set_modality(rq_posting *p, const rq_kb *kb)
{
    long mk_pref = rq_kb_find(kb, RQ_TABLE_MARKERS, "preferred");
    long mk_prefn = rq_kb_find(kb, RQ_TABLE_MARKERS, "preferred_next");
    long mk_any = rq_kb_find(kb, RQ_TABLE_MARKERS, "any_of");
    bool list_pref = false, list_any = false;
    int list_para = -1;
    rq_hits h = RQ_HITS_INIT;
    for (size_t i = 0; i < p->nclauses; i++) {
        rq_pclause *c = &p->clauses[i];
        c->preferred = c->kind == SEC_PREFERRED;
        if (c->intro) {
            list_pref = list_any = false;
            list_para = c->para;
            h.count = 0;
            rq_kb_scan(kb, RQ_TABLE_MARKERS, p->sents[c->sent].text + c->start,
                       c->end - c->start, &h);
            for (size_t k = 0; k < h.count; k++) {
                long e = (long)h.hits[k].entry;
                if (e == mk_pref || e == mk_prefn)
                    list_pref = true;
                if (e == mk_any)
                    list_any = true;
            }
            continue;
        }
        bool in_list = list_para >= 0 && (c->bullet || (i > 0 && !p->clauses[i - 1].bullet &&
                                                        p->clauses[i - 1].sent == c->sent));
        if (in_list && c->bullet) {
            if (list_pref)
                c->preferred = true;
            c->any_intro = list_any;
        } else if (!c->bullet && !(i > 0 && p->clauses[i - 1].sent == c->sent)) {
            list_para = -1;
            list_pref = list_any = false;
        } else if (i > 0 && p->clauses[i - 1].sent == c->sent) {
            c->preferred = c->preferred || p->clauses[i - 1].preferred;
        }
    }
    rq_hits_free(&h);
}

/* ---- title and organisation ---- */

static char *slice_dup(const char *s, size_t a, size_t b)
{
    trim(s, &a, &b);
    while (b > a && strchr(" ,.:;!-", s[b - 1]))
        b--;
    while (a < b && strchr(" ,.:;!-", s[a]))
        a++;
    return b > a ? rq_strndup(s + a, b - a) : NULL;
}

/* Skip leading determiners and counts ("son·sa prochain·e", "un(e)", "01"). */
static size_t skip_determiners(scratch *sc, const char *s, size_t a, size_t b)
{
    static const char *const dets[] = {"son", "sa", "ses", "prochain", "un", "une", "a",
                                       "an", "een", "new", "nouveau", "nouvel", "nouvelle",
                                       "nieuwe", "our", "notre", "futur", "future", "de",
                                       "d", "du", "des", "the", "for", "voor", "le", "la",
                                       "l", NULL};
    long nw = fold_words(sc, s + a, b - a);
    for (long i = 0; i < nw; i++) {
        const rq_word *w = &sc->words[i];
        const char *ws = sc->fold.data + w->start;
        bool det = isdigit((unsigned char)ws[0]) != 0;
        for (int k = 0; dets[k] && !det; k++)
            if (strlen(dets[k]) == w->len && memcmp(dets[k], ws, w->len) == 0)
                det = true;
        if (!det)
            return a + word_src(sc, w);
    }
    return b;
}

/* Is the comma at s[i] one of a list ending in "and"/"et"/"en"/"&"
 * ("Monitoring, Evaluation and Learning Lead")? */
static bool serial_comma(const char *s, size_t i, size_t b)
{
    for (size_t k = i + 1; k < b && !strchr("(|!-", s[k]); k++)
        if (s[k] == ' ' && k + 3 < b &&
            (strncmp(s + k, " and ", 5) == 0 || strncmp(s + k, " et ", 4) == 0 ||
             strncmp(s + k, " en ", 4) == 0 || strncmp(s + k, " & ", 3) == 0 ||
             strncmp(s + k, " und ", 5) == 0))
            return true;
    return false;
}

/* Cut at the first '(' ' - ' '!' ',' '.' of s[a..b); a comma of a list
 * ending in "and" stays. */
static size_t title_end(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        if (s[i] == ',' && serial_comma(s, i, b))
            continue;
        if (s[i] == '(' || s[i] == '!' || s[i] == ',' || s[i] == '|')
            return i;
        if (s[i] == '.' && (i + 1 == b || s[i + 1] == ' '))
            return i;
        if (i + 2 < b && s[i] == ' ' && (s[i + 1] == '-' || (unsigned char)s[i + 1] == 0xE2) &&
            (s[i + 2] == ' ' || (unsigned char)s[i + 2] == 0x80))
            return i;
    }
    return b;
}

/* "Assistant·e social·e à 70-80 %", "Youth Worker 80%": the work rate
 * at the end of a title is not part of it. */
static void trim_rate(char *t)
{
    size_t n = strlen(t), e = n;
    for (;;) {
        if (e > 0 && (isdigit((unsigned char)t[e - 1]) || strchr(" -%,.", t[e - 1])))
            e--;
        else if (e >= 3 && memcmp(t + e - 3, "\xE2\x80\x93", 3) == 0) /* – */
            e -= 3;
        else if (e >= 3 && memcmp(t + e - 3, "\xE2\x80\xAF", 3) == 0) /* narrow nbsp */
            e -= 3;
        else if (e >= 2 && memcmp(t + e - 2, "\xC2\xA0", 2) == 0) /* nbsp */
            e -= 2;
        else
            break;
    }
    if (e == n || !memchr(t + e, '%', n - e))
        return;
    /* "à", "at", "au", "op" before the rate */
    static const char *const preps[] = {" à", " À", " at", " au", " op", " a", NULL};
    for (int i = 0; preps[i]; i++) {
        size_t k = strlen(preps[i]);
        if (e >= k && strncasecmp(t + e - k, preps[i], k) == 0) {
            e -= k;
            break;
        }
    }
    while (e > 0 && t[e - 1] == ' ')
        e--;
    if (e > 0)
        t[e] = '\0';
}

static size_t count_words(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    bool in = false;
    for (size_t i = a; i < b; i++) {
        bool sp = s[i] == ' ';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

/* "Le bureau de l'Organisation X à Bruxelles" names Organisation X: a
 * leading unit (markers "org_unit": bureau de, office of, kantoor van...)
 * and a trailing place ("à/in/te/en" + a capitalised last word) are cut.
 * Returns org, or a new string and frees org. */
static char *org_clean(char *org, const rq_kb *kb)
{
    if (!org)
        return NULL;
    size_t n = strlen(org), a = 0, b = n;
    long mk_unit = rq_kb_find(kb, RQ_TABLE_MARKERS, "org_unit");
    rq_hits h = RQ_HITS_INIT;
    rq_kb_scan(kb, RQ_TABLE_MARKERS, org, n, &h);
    if (h.count && (long)h.hits[0].entry == mk_unit && h.hits[0].start == 0) {
        a = h.hits[0].end;
        /* the article after the unit: "de l'", "of the", "van de" */
        static const char *const arts[] = {"de l'", "de l\u2019", "de la ", "du ", "des ",
                                           "de ", "of the ", "of ", "van de ", "van het ",
                                           "van ", "l'", NULL};
        while (a < n && org[a] == ' ')
            a++;
        for (int i = 0; arts[i]; i++) {
            size_t k = strlen(arts[i]);
            if (strncmp(org + a, arts[i], k) == 0) {
                a += k;
                break;
            }
        }
    }
    rq_hits_free(&h);
    /* a trailing place: " à Bruxelles", " te Gent"; " in Brussels" only
     * after a unit (names like "Kind in Nood" keep their "in") */
    static const char *const at[] = {" à ", " te ", " in ", " at ", NULL};
    for (int i = 0; at[i] && (i < 2 || a > 0); i++) {
        size_t k = strlen(at[i]);
        for (size_t j = b; j-- > a + 1;) {
            if (j + k <= b && strncmp(org + j, at[i], k) == 0) {
                const char *w = org + j + k;
                if (isupper((unsigned char)*w) && !strchr(w, ' ')) {
                    b = j;
                }
                break;
            }
        }
    }
    /* "l'association Passerelles": the common noun before the name */
    {
        size_t k = a;
        while (k < b && islower((unsigned char)org[k])) {
            while (k < b && org[k] != ' ')
                k++;
            while (k < b && org[k] == ' ')
                k++;
        }
        if (k > a && k < b && isupper((unsigned char)org[k]))
            a = k;
    }
    /* "L'ASBL Droits Devant": a legal form before the name is not part of
     * it (after the name it is: "Kinderrechtencoalitie vzw") */
    static const char *const forms[] = {"asbl ", "vzw ", "aisbl ", "ivzw ", NULL};
    for (int i = 0; forms[i]; i++) {
        size_t k = strlen(forms[i]);
        if (b - a > k && strncasecmp(org + a, forms[i], k) == 0 &&
            isupper((unsigned char)org[a + k])) {
            a += k;
            break;
        }
    }
    /* "Nous recherchons", "We are looking for": no name */
    static const char *const pronouns[] = {"nous", "we", "wij", "on", "notre équipe",
                                           "our team", "ons team", NULL};
    for (int i = 0; pronouns[i]; i++)
        if (strlen(pronouns[i]) == b - a && strncasecmp(org + a, pronouns[i], b - a) == 0) {
            free(org);
            return NULL;
        }
    if (a == 0 && b == n)
        return org;
    char *r = a < b ? rq_strndup(org + a, b - a) : NULL;
    free(org);
    return r;
}

/* Are the words of s[a..b) a proper name: after determiners, at least one
 * word, each capitalised or a short connector ("Stichting Kind en
 * Recht", "Friends of the Earth")? */
static bool proper_name(scratch *sc, const char *s, size_t a, size_t b)
{
    /* "s": the possessive of "Children's Charity" */
    static const char *const links[] = {"de", "du", "des", "la", "le", "l", "d", "of", "the",
                                        "and", "et", "en", "van", "voor", "for", "het", "in",
                                        "s", NULL};
    size_t from = skip_determiners(sc, s, a, b);
    if (from >= b)
        return false;
    long nw = fold_words(sc, s + from, b - from);
    if (nw <= 0)
        return false;
    for (long i = 0; i < nw; i++) {
        const rq_word *w = &sc->words[i];
        const char *src = s + from + word_src(sc, w);
        if (starts_upper(src, b - from - word_src(sc, w)) || isdigit((unsigned char)*src))
            continue;
        bool link = false;
        for (int k = 0; links[k] && !link; k++)
            link = strlen(links[k]) == w->len &&
                   memcmp(links[k], sc->fold.data + w->start, w->len) == 0;
        if (!link)
            return false;
    }
    return true;
}

/* Does sentence text u open with the name key[0..k) ("Harbourlight has
 * ...", "Le REED fédère ...": after an article)? */
static bool opens_with(const char *u, size_t n, const char *key, size_t k)
{
    static const char *const arts[] = {"Le ", "La ", "L'", "L\u2019", "Les ", "The ", "De ",
                                       "Het ", NULL};
    for (int i = -1; i < 0 || arts[i]; i++) {
        size_t a = 0;
        if (i >= 0) {
            a = strlen(arts[i]);
            if (n < a || strncmp(u, arts[i], a) != 0)
                continue;
        }
        if (n > a + k && strncmp(u + a, key, k) == 0 && !isalnum((unsigned char)u[a + k]) &&
            !((unsigned char)u[a + k] & 0x80))
            return true;
    }
    return false;
}

/* The organisation on the short line si under the title ("Harbourlight
 * International, Geneva office"; "Réseau Européen X (REX) – Bruxelles"):
 * its first word, a capitalised name of 4 letters or more, or its acronym
 * in brackets opens a later sentence of the text. NULL if not. */
static char *second_line_org(const rq_posting *p, size_t si)
{
    if (si >= p->nsents)
        return NULL;
    const rq_psent *st = &p->sents[si];
    const char *t = st->text;
    size_t n = st->len, e = title_end(t, 0, n);
    if (st->nlines != 1 || n < 4 || t[n - 1] == '.' || t[n - 1] == ':' ||
        memchr(t, ':', n) || count_words(t, 0, e) > 6 || !starts_upper(t, n) ||
        p->lines[st->lines[0] - 1].heading)
        return NULL;
    size_t w = 0;
    while (w < e && (isalnum((unsigned char)t[w]) || ((unsigned char)t[w] & 0x80) ||
                     t[w] == '-'))
        w++;
    /* an acronym in brackets: "(REED)" */
    const char *acr = NULL;
    size_t acr_len = 0;
    const char *open = memchr(t, '(', n);
    if (open) {
        const char *q = open + 1;
        while (q < t + n && isupper((unsigned char)*q))
            q++;
        if (q < t + n && *q == ')' && q - open - 1 >= 2) {
            acr = open + 1;
            acr_len = (size_t)(q - acr);
        }
    }
    for (size_t k = si + 1; k < p->nsents; k++) {
        const char *u = p->sents[k].text;
        size_t un = p->sents[k].len;
        if ((w >= 4 && opens_with(u, un, t, w)) || (acr && opens_with(u, un, acr, acr_len)))
            return slice_dup(t, 0, e);
    }
    return NULL;
}

/* Does t[a, n) end with an indefinite article, inclusive forms included
 * ("un·e", "un(e)", "un/une", "a", "een")? */
static bool ends_with_article(const char *t, size_t a, size_t n)
{
    static const char *const arts[] = {"un", "une", "un\xc2\xb7" "e", "un.e", "un(e)", "un-e",
                                       "un/une", "un\xc2\xb7" "une", "a", "an", "een", NULL};
    while (n > a && (t[n - 1] == ' ' || t[n - 1] == ':'))
        n--;
    size_t lw = n;
    while (lw > a && t[lw - 1] != ' ')
        lw--;
    if (lw == a || lw == n)
        return false;
    for (int k = 0; arts[k]; k++)
        if (strlen(arts[k]) == n - lw && strncasecmp(arts[k], t + lw, n - lw) == 0)
            return true;
    return false;
}

/* The title on the line after sentence si ("Nous recherchons un·e" /
 * TITLE): the sentence that opens on the next non-blank line, or that
 * line itself when it is a heading (a title in capitals often is). */
static char *next_line_title(const rq_posting *p, size_t si)
{
    const rq_psent *st = &p->sents[si];
    size_t li = (size_t)st->lines[st->nlines - 1]; /* 0-based index of the next line */
    while (li < p->nlines && p->lines[li].blank)
        li++;
    if (li >= p->nlines)
        return NULL;
    for (size_t k = si + 1; k < p->nsents; k++)
        if ((size_t)p->sents[k].lines[0] == li + 1) {
            const rq_psent *t = &p->sents[k];
            return slice_dup(t->text, 0, title_end(t->text, 0, t->len));
        }
    const rq_pline *L = &p->lines[li];
    if (!L->heading)
        return NULL;
    return slice_dup(p->text, L->start, title_end(p->text, L->start, L->end));
}

/* The end of a capitalised name starting at t[a..n): capitalised words
 * and the connectors between them ("Recht voor Iedereen", "Horizon des
 * Jeunes"), at most 6 words; a (nothing) when none. */
static size_t name_after(const char *t, size_t a, size_t n)
{
    static const char *const links[] = {"de", "du", "des", "la", "le", "van", "voor", "en",
                                        "et", "of", "the", "for", "and", "het", NULL};
    size_t i = a, end = a;
    for (int words = 0; words < 6; words++) {
        while (i < n && t[i] == ' ')
            i++;
        size_t w = i;
        while (i < n && t[i] != ' ' && t[i] != ',' && t[i] != '.' && t[i] != '(')
            i++;
        if (w == i)
            break;
        /* capitalised: an ASCII capital or a Latin-1 one (À..Þ) */
        unsigned char c0 = (unsigned char)t[w], c1 = i - w > 1 ? (unsigned char)t[w + 1] : 0;
        if (isupper(c0) || (c0 == 0xC3 && c1 >= 0x80 && c1 <= 0x9E)) {
            end = i;
            continue;
        }
        bool link = false;
        for (int k = 0; links[k] && !link; k++)
            link = strlen(links[k]) == i - w && strncmp(t + w, links[k], i - w) == 0;
        if (!link)
            break;
    }
    return end;
}

/* A label line "Label: value" naming the title (1: "Position", "Poste",
 * "Functie", "Job title", "Intitulé du poste" ...) or the employer (2:
 * "Organisation", "Structure", "Employeur", "Werkgever" ...), else 0. */
static int label_kind(const char *t, size_t n)
{
    static const char *const title_labels[] = {
        "position", "position title", "job title", "title", "role", "job", "post",
        "poste", "intitulé", "intitulé du poste", "fonction", "titre du poste",
        "functie", "functietitel", "vacature", "job role", NULL};
    static const char *const org_labels[] = {
        "organisation", "organization", "organisatie", "organisme", "structure",
        "employeur", "employer", "werkgever", "association", "entreprise", "company",
        "hiring organization", "hiring organisation", NULL};
    const char *colon = memchr(t, ':', n < 32 ? n : 32);
    if (!colon)
        return 0;
    size_t e = (size_t)(colon - t);
    while (e > 0 && (t[e - 1] == ' ' || (unsigned char)t[e - 1] == 0xA0 ||
                     (unsigned char)t[e - 1] == 0xC2))
        e--;
    size_t rest = (size_t)(colon - t) + 1;
    while (rest < n && t[rest] == ' ')
        rest++;
    if (e == 0 || rest >= n)
        return 0;
    for (int i = 0; title_labels[i]; i++)
        if (strlen(title_labels[i]) == e && strncasecmp(t, title_labels[i], e) == 0)
            return 1;
    for (int i = 0; org_labels[i]; i++)
        if (strlen(org_labels[i]) == e && strncasecmp(t, org_labels[i], e) == 0)
            return 2;
    return 0;
}

/* Does s[0, n) hold a legal form or an organisation noun ("Foundation",
 * "vzw", "Network")? */
static bool names_org(const rq_kb *kb, const char *s, size_t n, long mk_legal, long mk_noun)
{
    rq_hits h = RQ_HITS_INIT;
    bool found = false;
    if (rq_kb_scan(kb, RQ_TABLE_MARKERS, s, n, &h) > 0)
        for (size_t k = 0; k < h.count && !found; k++)
            found = (long)h.hits[k].entry == mk_legal || (long)h.hits[k].entry == mk_noun;
    rq_hits_free(&h);
    return found;
}

/* "Who we are: Bridges for Refugees is a Brussels-based NGO ...", "X est
 * une petite association bruxelloise": a proper name of at most 8 words
 * (after a heading ending in a colon), "is"/"est", then within five words
 * an organisation noun or a legal form (hits in h). NULL if not so. */
static char *named_as_org(scratch *sc, const char *t, size_t n, const rq_hits *h,
                          long mk_legal, long mk_noun)
{
    size_t cp = 0;
    for (size_t i = 0; i + 4 <= n && !cp; i++)
        if (t[i] == ' ' && (strncmp(t + i, " is ", 4) == 0 || strncmp(t + i, " est ", 5) == 0))
            cp = i;
    if (!cp)
        return NULL;
    size_t a = 0;
    for (size_t i = 0; i < cp; i++)
        if (t[i] == ':')
            a = i + 1;
    while (a < cp && t[a] == ' ')
        a++;
    if (a >= cp || count_words(t, a, cp) > 8 || !proper_name(sc, t, a, cp))
        return NULL;
    for (size_t k = 0; k < h->count; k++) {
        const rq_hit *x = &h->hits[k];
        if (((long)x->entry == mk_legal || (long)x->entry == mk_noun) && x->start > cp &&
            count_words(t, cp, x->start) <= 6)
            return slice_dup(t, skip_determiners(sc, t, a, cp), cp);
    }
    return NULL;
}

static void find_title(rq_posting *p, const rq_kb *kb, scratch *sc)
{
    long mk_rec = rq_kb_find(kb, RQ_TABLE_MARKERS, "recruits");
    long mk_job = rq_kb_find(kb, RQ_TABLE_MARKERS, "job_offer");
    long mk_org = rq_kb_find(kb, RQ_TABLE_MARKERS, "org_is");
    long mk_legal = rq_kb_find(kb, RQ_TABLE_MARKERS, "legal_form");
    long mk_noun = rq_kb_find(kb, RQ_TABLE_MARKERS, "org_noun");
    char *title_job = NULL, *title_rec = NULL, *title_first = NULL, *org = NULL;
    char *org_legal = NULL;
    bool title_rec_next = false; /* "Nous recherchons un·e" / TITLE, not on line 1 */
    bool title_rec_closed = false; /* the title ends before its line does */
    size_t title_si = 0; /* the sentence the title line is */
    rq_hits h = RQ_HITS_INIT;
    size_t limit = p->nsents < 40 ? p->nsents : 40;
    for (size_t si = 0; si < limit; si++) {
        const rq_psent *st = &p->sents[si];
        const char *t = st->text;
        size_t n = st->len;
        h.count = 0;
        rq_kb_scan(kb, RQ_TABLE_MARKERS, t, n, &h);
        for (size_t k = 0; k < h.count; k++) {
            const rq_hit *x = &h.hits[k];
            long e = (long)x->entry;
            if (e == mk_job && !title_job && x->start < 3) {
                size_t a = skip_determiners(sc, t, x->end, n);
                title_si = si;
                if (a >= n && si + 1 < p->nsents) { /* "JOB VACANCY" / the title */
                    title_si = si + 1;
                    title_job = next_line_title(p, si);
                } else {
                    title_job = slice_dup(t, a, title_end(t, a, n));
                }
            } else if (e == mk_rec && x->start > 0) {
                /* "L'AMO X, service d'aide ... depuis 1992, recherche": the
                 * name before its apposition */
                const char *comma = memchr(t, ',', x->start);
                if (!org && comma && count_words(t, 0, (size_t)(comma - t)) <= 6 &&
                    proper_name(sc, t, 0, (size_t)(comma - t)))
                    org = slice_dup(t, skip_determiners(sc, t, 0, (size_t)(comma - t)),
                                    (size_t)(comma - t));
                else if (!org && count_words(t, 0, x->start) <= 12)
                    org = slice_dup(t, skip_determiners(sc, t, 0, x->start), x->start);
                if (!title_rec && count_words(t, 0, n) <= 15) {
                    size_t a = skip_determiners(sc, t, x->end, n);
                    /* "recherche pour le 1er mars ou à convenir un·e" /
                     * TITLE: a line ending in an article announces the
                     * next */
                    if (ends_with_article(t, x->end, n))
                        a = n;
                    if (a >= n && si + 1 < p->nsents) { /* title on the next line */
                        title_rec = next_line_title(p, si);
                        title_rec_next = si > 0;
                    } else {
                        size_t te = title_end(t, a, n);
                        title_rec = slice_dup(t, a, te);
                        /* "recrute un·e juriste (H/F/X) – CDI": a bracket
                         * or dash after the title, not the line's end */
                        title_rec_closed = te < n;
                    }
                }
            } else if (e == mk_org && !org && x->start > 0 && count_words(t, 0, x->start) <= 8) {
                size_t b = x->start;
                size_t a = skip_determiners(sc, t, 0, b);
                org = slice_dup(t, a, title_end(t, a, b));
            } else if (e == mk_legal && !org_legal && x->start > 0 &&
                       count_words(t, 0, x->end) <= 8 && proper_name(sc, t, 0, x->start)) {
                /* "Kinderrechtencoalitie Oost vzw bundelt ...": a name
                 * ending in its legal form opens the sentence */
                size_t a = skip_determiners(sc, t, 0, x->start);
                org_legal = slice_dup(t, a, x->end);
            } else if (e == mk_legal && !org_legal && si > 0 &&
                       skip_determiners(sc, t, 0, x->start) >= x->start) {
                /* "Stichting Recht voor Iedereen biedt ...", "La
                 * Fondation Horizon soutient ...": a legal form opening
                 * the sentence, then the capitalised name */
                size_t end = name_after(t, x->end, n);
                if (end > x->end)
                    org_legal = slice_dup(t, skip_determiners(sc, t, 0, x->start), end);
            }
        }
        /* "Position: Finance Officer", "Structure : Association X",
         * "Functie: ...": a label line */
        int lk = st->nlines == 1 ? label_kind(t, n) : 0;
        if (lk) {
            const char *colon = memchr(t, ':', n);
            size_t a = (size_t)(colon - t) + 1;
            if (lk == 1 && !title_job) {
                title_job = slice_dup(t, a, title_end(t, a, n));
                title_si = si;
            } else if (lk == 2 && !org) {
                org = slice_dup(t, a, n);
            }
        }
        if (!org && !org_legal)
            org_legal = named_as_org(sc, t, n, &h, mk_legal, mk_noun);
        if (si == 0 && !title_first && st->nlines == 1 &&
            count_words(t, 0, title_end(t, 0, n)) <= 16 &&
            !title_rec && !org && n > 3 && t[n - 1] != '.') {
            /* a first line that is not a heading and not a sentence */
            bool heading = false;
            for (size_t li = 0; li < p->nlines; li++)
                if (!p->lines[li].blank) {
                    heading = p->lines[li].heading;
                    break;
                }
            if (!heading && count_words(t, 0, n) >= 2) {
                size_t te = title_end(t, 0, n);
                title_first = slice_dup(t, 0, te);
                /* "Beleidsmedewerker – Netwerk tegen Uitsluiting vzw": what
                 * follows the dash names the employer */
                size_t k = te;
                while (k < n && t[k] == ' ')
                    k++;
                size_t dash = k < n && (t[k] == '-' || t[k] == '|') ? 1
                              : k + 3 <= n && (memcmp(t + k, "\xE2\x80\x93", 3) == 0 ||
                                               memcmp(t + k, "\xE2\x80\x94", 3) == 0)
                                  ? 3
                                  : 0;
                if (!org_legal && dash && names_org(kb, t + k + dash, n - k - dash, mk_legal, mk_noun))
                    org_legal = slice_dup(t, k + dash, n);
            }
        }
    }
    rq_hits_free(&h);
    /* a first line named again in the text is the organisation ("Fondation
     * X" / ... / "La Fondation X, basée à ..."); the title is the next line */
    if (title_first && !title_rec && !title_job && p->nsents > 1 &&
        strstr(p->sents[1].text, title_first) == NULL) {
        bool again = false;
        for (size_t si = 1; si < p->nsents && !again; si++)
            again = strstr(p->sents[si].text, title_first) != NULL;
        const rq_psent *st = &p->sents[1];
        if (again && st->nlines == 1 && st->len > 3 && st->text[st->len - 1] != '.' &&
            count_words(st->text, 0, title_end(st->text, 0, st->len)) <= 16 &&
            !p->lines[st->lines[0] - 1].heading) {
            /* unless the second line names the organisation itself and
             * the first does not ("Policy Manager" / "Terre Solidaire
             * Foundation – Brussels" / ... "The Policy Manager will
             * lead ...": the title was named again, not the employer) */
            size_t e2 = title_end(st->text, 0, st->len);
            if (names_org(kb, st->text, e2, mk_legal, mk_noun) &&
                !names_org(kb, title_first, strlen(title_first), mk_legal, mk_noun)) {
                if (!org)
                    org = slice_dup(st->text, 0, e2);
            } else {
                if (!org)
                    org = title_first;
                else
                    free(title_first);
                title_first = slice_dup(st->text, 0, e2);
            }
        }
    }
    /* "Policy Officer" / "Harbourlight International, Geneva office" /
     * ... "Harbourlight has supported ...": a short line under the title
     * whose name opens a later sentence is the organisation */
    if (!org && !org_legal && (title_first || title_job) && p->nsents > 2)
        org = second_line_org(p, title_job ? title_si + 1 : 1);
    /* "Youth Coordinator" / "Brightpath Children's Charity, Manchester":
     * a short line under the title that is a proper name holding an
     * organisation noun or a legal form */
    if (!org && !org_legal && title_first && p->nsents > 1 && p->sents[1].nlines == 1) {
        const rq_psent *st = &p->sents[1];
        size_t e2 = title_end(st->text, 0, st->len);
        if (e2 > 0 && count_words(st->text, 0, e2) <= 8 &&
            proper_name(sc, st->text, 0, e2) && names_org(kb, st->text, e2, mk_legal, mk_noun))
            org = slice_dup(st->text, 0, e2);
    }
    if (!org) {
        org = org_legal;
        org_legal = NULL;
    }
    free(org_legal);
    org = org_clean(org, kb);
    /* "Fondation X – Lausanne" / ... / "Nous recherchons un·e" / TITLE:
     * a first line that names someone, above an announcement of the
     * title, is the organisation */
    if (!org && title_rec_next && title_first &&
        proper_name(sc, title_first, 0, strlen(title_first))) {
        org = org_clean(title_first, kb);
        title_first = NULL;
    }
    /* a one-word title from "X recherche un Y" is a cut line, not a title,
     * unless something closes it on its line ("un·e juriste (H/F/X)") */
    if (title_rec && !strchr(title_rec, ' ') && !title_rec_closed) {
        free(title_rec);
        title_rec = NULL;
    }
    /* "X is looking for a Policy Officer to join ..." under a first line
     * "Policy Officer - Migration": the first line is the title */
    if (title_rec && title_first && strncasecmp(title_rec, title_first, strlen(title_first)) == 0 &&
        strlen(title_rec) > strlen(title_first)) {
        free(title_rec);
        title_rec = NULL;
    }
    p->title = title_job ? title_job : title_rec ? title_rec : title_first;
    if (p->title != title_job)
        free(title_job);
    if (p->title != title_rec)
        free(title_rec);
    if (p->title != title_first)
        free(title_first);
    if (p->title)
        trim_rate(p->title);
    if (p->title && count_words(p->title, 0, strlen(p->title)) > 16) {
        free(p->title);
        p->title = NULL;
    }
    p->organization = org;
}

int rq_posting_parse(const char *text, size_t len, const rq_kb *kb, rq_posting *p)
{
    memset(p, 0, sizeof *p);
    p->text = text;
    p->len = len;
    scratch sc;
    memset(&sc, 0, sizeof sc);
    int rc = -1;
    rq_buf sb = RQ_BUF_INIT;
    sent_meta *metas = NULL;
    size_t *para_width = NULL;

    /* 1-2. lines and headings */
    size_t cap = 16;
    p->lines = malloc(cap * sizeof *p->lines);
    if (!p->lines)
        goto out;
    int kind = SEC_NONE, para = 0, lineno = 0;
    bool seen_text = false;
    for (size_t pos = 0; pos <= len;) {
        size_t e = pos;
        /* a line ends at LF, CRLF, or a CR alone (old Mac files, text
         * pasted from some PDF readers) */
        while (e < len && text[e] != '\n' &&
               !(text[e] == '\r' && (e + 1 == len || text[e + 1] != '\n')))
            e++;
        if (pos == len && e == len && len > 0 &&
            (text[len - 1] == '\n' || text[len - 1] == '\r'))
            break;
        lineno++;
        if (p->nlines == cap) {
            cap *= 2;
            rq_pline *nl = realloc(p->lines, cap * sizeof *nl);
            if (!nl)
                goto out;
            p->lines = nl;
        }
        rq_pline *L = &p->lines[p->nlines++];
        memset(L, 0, sizeof *L);
        L->no = lineno;
        size_t a = pos, b = e;
        trim(text, &a, &b);
        L->blank = a >= b;
        bool numbered = false, pictograph = false;
        if (!L->blank) {
            size_t bl = bullet_len(text + a, b - a, &numbered);
            if (bl == 0) {
                bl = symbol_len(text + a, b - a);
                pictograph = bl > 0;
            }
            L->bullet = bl > 0;
            a += bl;
            L->blank = a >= b;
        }
        L->start = a;
        L->end = b;
        L->indented = !L->blank && !L->bullet && a > pos &&
                      (text[pos] == ' ' || text[pos] == '\t');
        /* a line continuing the previous one is never a heading */
        bool cont = false;
        if (!L->blank && p->nlines >= 2) {
            const rq_pline *P = &p->lines[p->nlines - 2];
            if (!P->blank && !P->heading && P->end > P->start) {
                char w[16];
                last_word(text, P->start, P->end, w, sizeof w);
                cont = !ends_sentence(text, P->start, P->end) &&
                       (is_function_word(w) || text[P->end - 1] == ',');
            }
        }
        if (!L->blank && !L->bullet && starts_lower(text + a, b - a) && text[b - 1] != ':')
            cont = true;
        /* an indented line under a bullet carries on its item */
        if (L->indented && item_goes_on(p, p->nlines - 1))
            cont = true;
        if (!L->blank && !cont) {
            /* "🔎 What you'll do": a pictograph may open a heading too */
            int hk = heading_kind(kb, &sc, text + a, b - a, L->bullet && !pictograph, numbered);
            /* the first line in capitals that no section phrase names is
             * the job title ("PROGRAMME MANAGER – CHILD SAFEGUARDING") */
            if (hk == SEC_OTHER && !seen_text)
                hk = -1;
            if (hk >= 0) {
                /* a sub-heading (Formation, Atouts) inside a requirement
                 * section keeps the requirement family; an unknown one too */
                if (hk == SEC_OTHER && rq_section_states_requirements(kind))
                    hk = kind;
                L->heading = true;
                L->bullet = L->bullet && !pictograph;
                L->heading_kind = hk;
                kind = hk;
                para++;
            }
        } else if (L->blank) {
            para++;
        }
        L->kind = kind;
        L->para = para;
        /* "Salary: 48,000 per annum" under the requirements: an inline
         * heading of pay, contract or application speaks for its line */
        if (!L->blank && !L->heading && rq_section_states_requirements(kind)) {
            const char *colon = memchr(text + a, ':', b - a < 40 ? b - a : 40);
            if (colon && colon > text + a) {
                int ik = heading_kind(kb, &sc, text + a, (size_t)(colon - (text + a)) + 1,
                                      false, false);
                if (ik == SEC_OFFER || ik == SEC_CONDITIONS || ik == SEC_APPLY)
                    L->kind = ik;
            }
        }
        /* "We offer a one-year contract ..." opening a paragraph under the
         * requirements: the employer's side starts there, up to the next
         * heading (markers "offer_lead", "apply_lead") */
        if (!L->blank && !L->heading && (!L->bullet || pictograph) && !cont &&
            rq_section_states_requirements(kind)) {
            int lk = lead_kind(kb, &sc, text + a, b - a);
            if (lk >= 0)
                kind = L->kind = lk;
        }
        if (!L->blank)
            seen_text = true;
        if (e >= len)
            break;
        pos = e + 1;
    }

    /* 3. sentences */
    para_width = calloc((size_t)para + 1, sizeof *para_width);
    if (!para_width)
        goto out;
    for (size_t i = 0; i < p->nlines; i++)
        if (!p->lines[i].blank && p->lines[i].end - p->lines[i].start > para_width[p->lines[i].para])
            para_width[p->lines[i].para] = p->lines[i].end - p->lines[i].start;
    {
        int open = -1;
        size_t prev = 0;
        for (size_t i = 0; i < p->nlines; i++) {
            rq_pline *L = &p->lines[i];
            if (L->blank) {
                /* a blank line inside a wrapped sentence (PDF page break) */
                if (open >= 0) {
                    size_t j = i;
                    while (j < p->nlines && p->lines[j].blank)
                        j++;
                    const rq_pline *P = &p->lines[prev];
                    char w[16];
                    last_word(text, P->start, P->end, w, sizeof w);
                    bool bridge = j < p->nlines && j - i == 1 && !p->lines[j].heading &&
                                  !p->lines[j].bullet &&
                                  !ends_sentence(text, P->start, P->end) &&
                                  starts_lower(text + p->lines[j].start,
                                               p->lines[j].end - p->lines[j].start) &&
                                  (is_function_word(w) || text[P->end - 1] == ',');
                    if (bridge) {
                        p->lines[j].para = P->para;
                        continue;
                    }
                }
                open = -1;
                continue;
            }
            if (L->heading) {
                open = -1;
                continue;
            }
            bool join = false;
            if (open >= 0 && L->indented && item_goes_on(p, i))
                join = true;
            else if (open >= 0 && !L->bullet && orphan_tail(p, kb, &sc, prev, i, para_width))
                join = true;
            else if (open >= 0 && !L->bullet) {
                const rq_pline *P = &p->lines[prev];
                char w[16];
                last_word(text, P->start, P->end, w, sizeof w);
                char lc = text[P->end - 1];
                /* a line closed by a bracket ("... Farsi (D)") does not
                 * end on a function word, whatever is inside */
                join = !ends_sentence(text, P->start, P->end) &&
                       (starts_lower(text + L->start, L->end - L->start) ||
                        text[L->start] == '(' ||
                        (is_function_word(w) && lc != ')') || lc == ',' || lc == '-' ||
                        lc == '&' || lc == '(' || lc == '/');
            }
            if (join) {
                rq_psent *st = &p->sents[open];
                rq_buf_reset(&sb);
                rq_buf_append(&sb, st->text, st->len);
                if (sent_push_line(st, &sb, text, L->start, L->end, L->no) < 0)
                    goto out;
                free(st->text);
                st->len = sb.len;
                st->text = rq_buf_take(&sb);
                if (!st->text)
                    goto out;
            } else {
                rq_psent *ns = grow_pow2(p->sents, p->nsents, sizeof *ns);
                if (!ns)
                    goto out;
                p->sents = ns;
                sent_meta *nm = grow_pow2(metas, p->nsents, sizeof *nm);
                if (!nm)
                    goto out;
                metas = nm;
                rq_psent *st = &p->sents[p->nsents];
                memset(st, 0, sizeof *st);
                metas[p->nsents].kind = L->kind;
                metas[p->nsents].para = L->para;
                metas[p->nsents].bullet = L->bullet;
                p->nsents++;
                rq_buf_reset(&sb);
                if (sent_push_line(st, &sb, text, L->start, L->end, L->no) < 0)
                    goto out;
                st->len = sb.len;
                st->text = rq_buf_take(&sb);
                if (!st->text)
                    goto out;
                open = (int)p->nsents - 1;
            }
            prev = i;
        }
    }

    /* 4. clauses */
    for (size_t si = 0; si < p->nsents; si++)
        if (split_clauses(p, (int)si, &metas[si]) < 0)
            goto out;

    /* 5. requirement blocks, modality */
    fix_sections(p, kb);
    set_modality(p, kb);

    detect_language(&sc, text, len, p->language);
    {
        rq_hits h = RQ_HITS_INIT;
        long mk_be = rq_kb_find(kb, RQ_TABLE_MARKERS, "belgium");
        rq_kb_scan(kb, RQ_TABLE_MARKERS, text, len, &h);
        for (size_t k = 0; k < h.count; k++)
            if ((long)h.hits[k].entry == mk_be)
                p->belgian = true;
        rq_hits_free(&h);
    }
    find_title(p, kb, &sc);
    rc = 0;
out:
    free(metas);
    free(para_width);
    rq_buf_free(&sb);
    scratch_free(&sc);
    if (rc < 0)
        rq_posting_free(p);
    return rc;
}
