/*
 * text.h - folding and tokenising French, English and Dutch text.
 *
 * Folding makes "Chargé·es", "CHARGEE" and "chargée" the same word:
 *  - case folded, diacritics stripped (é->e, ë->e, ç->c, œ->oe, ß->ss),
 *  - curly quotes and apostrophes (’ ‘ ʼ ` ´) become ', dashes (– — ‑) become -,
 *    non-breaking and other Unicode spaces become ' ',
 *  - inclusive-writing endings are dropped: a word followed by one of
 *    · • . - / ( and a short lower-case ending (e, es, s, x, ice, ices, rice,
 *    rices, trice, trices, euse, euses, ne, nes, le, les, elle, elles, ère, ères,
 *    fe, ve, ...) that ends the word is kept without the ending:
 *    "chargé·es"->"charge", "coordinateur·ice"->"coordinateur",
 *    "acteur-ices"->"acteur", "collaborateur(trice)"->"collaborateur",
 *    "il·elle"->"il", "chargé.e"->"charge", "un(e)"->"un".
 *    A marker followed by an upper-case letter ("fin.Le") is not inclusive writing.
 *  - everything else is kept (digits, punctuation), so the posting compiler
 *    can still see sentence structure.
 * Invalid UTF-8 bytes become U+FFFD-free '?' so output is always valid UTF-8.
 */
#ifndef RQ_TEXT_H
#define RQ_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Append the folded form of s[0..n) to out. Returns 0, or -1 on oom.
 * If map != NULL it receives, for every byte of the appended output, the
 * byte offset in s it came from (map is grown as needed; *map_cap is its
 * capacity in elements). Thread-safe. */
int rq_fold(const char *s, size_t n, rq_buf *out, uint32_t **map, size_t *map_cap);

/* Convenience: folded copy, caller frees; NULL on oom. */
char *rq_fold_dup(const char *s);

/* A word of folded text: a maximal run of ASCII letters and digits
 * (after folding every letter is ASCII; non-Latin letters are kept as
 * UTF-8 and count as letters too). */
typedef struct {
    uint32_t start; /* byte offset in the folded text */
    uint32_t len;
    bool caps;      /* the source word was all upper case and >= 2 letters (MNA, EU) */
} rq_word;

/* Split folded text into words. *words is grown as needed. Returns the
 * number of words, or -1 on oom. caps needs the original: pass the source
 * text and the map from rq_fold, or NULL/NULL to leave caps false. */
/* true for the ASCII bytes that make words (letters and digits) */
extern const bool rq_ascii_word[128];

long rq_words(const char *folded, size_t n, const char *src, const uint32_t *map,
              rq_word **words, size_t *cap);

/* Whether word w (of folded text made by rq_fold from src, with its map)
 * was written all in capitals, with at least two letters: what rq_words
 * puts in caps, for callers that need it for a few words only. */
bool rq_word_caps(const char *src, const uint32_t *map, const rq_word *w);

/* A word with its source span: [start, end) in the folded text,
 * [src_start, src_end) in the text it was folded from (whole characters).
 * The order of the fields is that of the two cuts, (folded, source) at the
 * start and at the end, that rq_fold_spans writes. */
typedef struct {
    uint32_t start, src_start;
    uint32_t end, src_end;
} rq_wspan;

/* rq_fold and rq_words at once, for scanners: appends the folded form of
 * s[0..n) to out (the same bytes as rq_fold) and writes its words (those
 * of rq_words, in order) to *spans with their source spans; start is
 * relative to where the text was appended. Text of ASCII and accented
 * Latin letters, where no inclusive ending is dropped, takes one pass
 * with no byte map; the rest goes through rq_fold with the map in
 * *map / *map_cap (both required, grown as needed). *spans is grown as
 * needed. Returns the number of words, or -1 on oom. */
long rq_fold_spans(const char *s, size_t n, rq_buf *out, uint32_t **map, size_t *map_cap,
                   rq_wspan **spans, size_t *cap);

/* rq_word_caps for a span: the source word is all upper case, >= 2 letters. */
bool rq_span_caps(const char *src, const rq_wspan *w);

/* Light multilingual stem of one folded word, written to out (NUL-terminated,
 * at most outsz-1 bytes): strip a plural -s / -x (French -aux -> -al) when
 * the word is longer than 3 letters, then a final -e when still longer than
 * 4 letters ("osce" stays), then an -s bared by that -e ("francaise" meets
 * "francais", "engelse" meets "engels"). "droits"->"droit", "sociales"->
 * "social", "internationaux"->"international", "enfants"->"enfant".
 * Returns the stem length. */
size_t rq_stem(const char *w, size_t n, char *out, size_t outsz);

#endif
