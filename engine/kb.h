/*
 * kb.h - the knowledge base: every vocabulary reqmatch knows, as data.
 *
 * All vocabulary lives in plain-text data files (engine/data/, one .txt file per theme),
 * compiled into the binary at build time and extendable by the user with
 * files in the same format (rq_kb_extend). One format serves every table:
 *
 *     # comment to end of line
 *     @table concepts                 selects the table for the lines below
 *     child_rights: children's rights; child rights; droits de l'enfant
 *     child_rights: kinderrechten     more phrases for the same key
 *     child_rights > human_rights     relation: key is narrower than target
 *     eu: =EU; union europeenne      '=' marks a phrase that must be written
 *                                     in capitals in the text (MNA, EU)
 *
 * A key is [a-z0-9_+.-]+ (concepts: snake_case English ids; levels: A1..C2,
 * native; degrees: EQF 1..8; numbers: 0..100; languages: ISO 639-1 codes;
 * sections and markers: the kinds listed in their files). The first phrase
 * given for a concept is its display label. Phrases are folded (text.h)
 * and stemmed word by word when loaded, exactly like the text they are
 * matched against, so accents, case, plurals and inclusive writing never
 * matter. Stop words (table "stopwords", key "stop") are skipped on both
 * sides: "droits des enfants" and "droit de l'enfant" are the same phrase.
 *
 * Matching is leftmost-longest, non-overlapping, over words, in one pass
 * per text: each word is looked up once in a hash of known words, then a
 * trie over word ids is walked. Cost is linear in the text length.
 *
 * An rq_kb is immutable after loading: share one between threads.
 */
#ifndef RQ_KB_H
#define RQ_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef enum {
    RQ_TABLE_CONCEPTS,  /* thematic knowledge, fields of study, domains */
    RQ_TABLE_LANGUAGES, /* language names in en/fr/nl -> ISO 639-1 code */
    RQ_TABLE_LEVELS,    /* fluency/level phrases -> A1..C2 | native */
    RQ_TABLE_DEGREES,   /* degree names -> EQF level 1..8 */
    RQ_TABLE_NUMBERS,   /* number words -> value */
    RQ_TABLE_SECTIONS,  /* posting section headings -> section kind */
    RQ_TABLE_MARKERS,   /* modality / emphasis / context markers -> kind */
    RQ_TABLE_STOPWORDS, /* words skipped when matching */
    RQ_TABLE_FIELDS,    /* bare discipline words of education.area -> concept key */
    RQ_TABLE_COUNT
} rq_table;

typedef struct rq_kb rq_kb;

/* Build the knowledge base from the compiled-in data. Returns 0 or -1 with
 * diagnostics (a broken built-in file is a bug, but is reported, not fatal
 * to the caller's process). */
int rq_kb_new(rq_kb **out, rq_diags *diags);

/* Add the entries of a user data file (same format) to kb. Problems are
 * reported as "file:line:col: message". Returns 0, or -1 if any error.
 * Must be called before the kb is shared between threads. */
int rq_kb_extend(rq_kb *kb, const char *path, rq_diags *diags);
int rq_kb_extend_text(rq_kb *kb, const char *text, size_t len, const char *file,
                      rq_diags *diags);

void rq_kb_free(rq_kb *kb);

/* ---- entries: each table is a list of keys numbered 0..count-1 ---- */

size_t rq_kb_count(const rq_kb *kb, rq_table t);
const char *rq_kb_key(const rq_kb *kb, rq_table t, uint32_t entry);
const char *rq_kb_label(const rq_kb *kb, rq_table t, uint32_t entry); /* first phrase */
/* entry number of key, or -1 */
long rq_kb_find(const rq_kb *kb, rq_table t, const char *key);

/* concepts only: true if a is b, or one is narrower than the other
 * (transitively), or they share a broader concept. */
bool rq_kb_related(const rq_kb *kb, uint32_t a, uint32_t b);
/* concepts only: true if a is b or narrower than b, at any depth (evidence
 * of a counts as evidence of b: EU law is law). */
bool rq_kb_covers(const rq_kb *kb, uint32_t a, uint32_t b);
/* concepts only: direct broader concepts of a (array owned by kb). */
const uint32_t *rq_kb_broader(const rq_kb *kb, uint32_t a, size_t *n);

/* ---- matching ---- */

typedef struct {
    uint32_t entry;  /* entry number in the table */
    size_t start;    /* byte range in the ORIGINAL text given to rq_kb_scan */
    size_t end;
    uint32_t word;   /* index of the first matched word in the text */
    uint32_t nwords; /* number of words the match spans (stop words included) */
} rq_hit;

typedef struct {
    rq_hit *hits;
    size_t count;
    size_t cap;
} rq_hits;

#define RQ_HITS_INIT {NULL, 0, 0}
void rq_hits_free(rq_hits *h);

/* Scan text[0..n) (raw UTF-8, folded internally) for phrases of table t.
 * Appends hits in text order to out (not cleared first). Returns the number
 * of hits appended or -1 on oom. Thread-safe. */
long rq_kb_scan(const rq_kb *kb, rq_table t, const char *text, size_t n, rq_hits *out);

/* A reusable scanner holding scratch buffers, for hot loops (one per thread). */
typedef struct rq_scanner rq_scanner;
rq_scanner *rq_scanner_new(const rq_kb *kb);
void rq_scanner_free(rq_scanner *s);
long rq_scanner_scan(rq_scanner *s, rq_table t, const char *text, size_t n, rq_hits *out);
/* Scan the text of the last rq_scanner_scan again, for table t: text must
 * be that same text (hits point into it); its folding, words and word
 * lookups are reused, so a second table costs only its own trie walk. */
long rq_scanner_rescan(rq_scanner *s, rq_table t, const char *text, rq_hits *out);
/* The folded form (rq_fold) of the text of the last rq_scanner_scan,
 * NUL-terminated, owned by the scanner until its next scan: callers that
 * also keep the folded text need not fold it twice. */
const char *rq_scanner_folded(const rq_scanner *s, size_t *len);

/* Parse a CEFR level or level word: "A1".."C2" -> 1..6, "native" -> 7, else 0. */
int rq_level_parse(const char *key);
/* 1..6 -> "A1".."C2", 7 -> "native", else NULL */
const char *rq_level_name(int level);

#endif
