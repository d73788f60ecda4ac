/*
 * phrase.h - internal to the engine: free-text concepts (the recruiter's
 * own words, not lexicon keys) and how they are found in profile text.
 *
 * A free-text concept is found in one piece of text when every content
 * word of it (folded, stemmed; stop words and words under 3 letters left
 * out) is among that text's words, in any order. The full evaluation
 * (eval.c) and the fast scorer (score.c) share this code, so they cannot
 * disagree on what matches.
 */
#ifndef RQ_PHRASE_H
#define RQ_PHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"
#include "text.h"

#define RQ_PHRASE_TERMS 16
#define RQ_PHRASE_STEM 64

typedef struct {
    char stem[RQ_PHRASE_TERMS][RQ_PHRASE_STEM];
    size_t n;               /* 0: nothing to look for, never found */
} rq_phrase;

/* Word scratch reused across calls (one per thread). */
typedef struct {
    rq_word *words;
    size_t cap;
} rq_phrase_scratch;

/* Content-word stems of concept into ph. Returns 0, or -1 on oom. */
int rq_phrase_prepare(const rq_kb *kb, const char *concept, rq_phrase *ph,
                      rq_phrase_scratch *sc);

/* 1 when every stem of ph is a word of the folded text, 0 when not, -1
 * on oom. */
int rq_phrase_in_text(const rq_phrase *ph, const char *folded, rq_phrase_scratch *sc);

#endif
