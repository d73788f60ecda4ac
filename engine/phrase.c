/*
 * phrase.c - free-text concepts: prepared once as content-word stems,
 * then looked for word by word in folded profile text (see phrase.h).
 *
 * Preparing folds the concept, finds the kb's stop words in it with the
 * stopwords table, and keeps the distinct stems of the other words of at
 * least 3 letters (at most RQ_PHRASE_TERMS). Looking for it splits the
 * folded text into words and stems each until all stems have been seen.
 */
#include "phrase.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int rq_phrase_prepare(const rq_kb *kb, const char *concept, rq_phrase *ph,
                      rq_phrase_scratch *sc)
{
    int rc = 0;
    ph->n = 0;
    char *folded = rq_fold_dup(concept);
    if (!folded)
        return -1;
    size_t len = strlen(folded);
    /* the kb's stop words: scanning the stopwords table itself does not
     * skip them, so each hit is one stop word */
    rq_hits stops = RQ_HITS_INIT;
    if (kb && rq_kb_scan(kb, RQ_TABLE_STOPWORDS, folded, len, &stops) < 0)
        rc = -1;
    long nw = rq_words(folded, len, NULL, NULL, &sc->words, &sc->cap);
    if (nw < 0)
        rc = -1;
    for (long i = 0; i < nw && ph->n < RQ_PHRASE_TERMS; i++) {
        const rq_word *w = &sc->words[i];
        bool stop = false;
        for (size_t k = 0; k < stops.count && !stop; k++)
            stop = stops.hits[k].start <= w->start && w->start < stops.hits[k].end;
        char stem[RQ_PHRASE_STEM];
        size_t sn = rq_stem(folded + w->start, w->len, stem, sizeof stem);
        if (w->len < 3 || sn < 3 || stop)
            continue;
        bool dup = false;
        for (size_t k = 0; k < ph->n && !dup; k++)
            dup = strcmp(ph->stem[k], stem) == 0;
        if (!dup)
            memcpy(ph->stem[ph->n++], stem, sn + 1);
    }
    rq_hits_free(&stops);
    free(folded);
    return rc;
}

int rq_phrase_in_text(const rq_phrase *ph, const char *folded, rq_phrase_scratch *sc)
{
    if (ph->n == 0 || !folded)
        return 0;
    long nw = rq_words(folded, strlen(folded), NULL, NULL, &sc->words, &sc->cap);
    if (nw < 0)
        return -1;
    uint32_t found = 0, all = (1u << ph->n) - 1;
    for (long i = 0; i < nw && found != all; i++) {
        const rq_word *w = &sc->words[i];
        char stem[RQ_PHRASE_STEM];
        size_t sn = rq_stem(folded + w->start, w->len, stem, sizeof stem);
        for (size_t k = 0; k < ph->n; k++)
            if (!(found & (1u << k)) && strlen(ph->stem[k]) == sn &&
                memcmp(ph->stem[k], stem, sn) == 0)
                found |= 1u << k;
    }
    return found == all;
}
