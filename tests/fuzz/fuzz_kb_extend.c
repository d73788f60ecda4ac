/*
 * fuzz_kb_extend.c - the vocabulary data parser on arbitrary bytes.
 *
 * An rq_kb only grows, and building one from the compiled-in data takes
 * tens of milliseconds under the sanitizers, so one kb is extended by up to
 * RQ_FUZZ_KB_REUSE inputs (default 32) before it is rebuilt: the parser
 * also meets keys, relations and stop words that earlier batches defined,
 * as a user's several data files would. To replay a crash exactly, run the
 * single reproducer (a fresh kb), or set RQ_FUZZ_KB_REUSE=1.
 *
 * When an extension loads, the input is scanned with the extended kb for
 * every table, since new phrases change the trie the matcher walks; every
 * hit must lie inside the text and name an existing entry.
 */
#include "fuzz_common.h"

static rq_kb *kb;
static rq_kb *base;
static long reuse = 32;
static long uses;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *env = getenv("RQ_FUZZ_KB_REUSE");
    if (env && atol(env) > 0)
        reuse = atol(env);
    base = fuzz_kb_new();
    kb = fuzz_kb_new();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (++uses > reuse) {
        rq_kb_free(kb);
        kb = fuzz_kb_new();
        uses = 1;
    }
    rq_diags diags = RQ_DIAGS_INIT;
    int rc = rq_kb_extend_text(kb, (const char *)data, size, "fuzz.txt", &diags);
    fuzz_check_diags(&diags);
    if (rc != 0) {
        fuzz_require(rq_diags_count(&diags, RQ_SEV_ERROR) > 0);
        /* a failed batch may leave the kb half-extended: start afresh */
        rq_kb_free(kb);
        kb = fuzz_kb_new();
        uses = 0;
    } else {
        for (int t = 0; t < RQ_TABLE_COUNT; t++) {
            fuzz_require(rq_kb_count(kb, (rq_table)t) >= rq_kb_count(base, (rq_table)t));
            rq_hits hits = RQ_HITS_INIT;
            long n = rq_kb_scan(kb, (rq_table)t, (const char *)data, size, &hits);
            fuzz_require(n >= 0 && (size_t)n == hits.count);
            for (size_t i = 0; i < hits.count; i++) {
                fuzz_require(hits.hits[i].start <= hits.hits[i].end);
                fuzz_require(hits.hits[i].end <= size);
                fuzz_require(hits.hits[i].entry < rq_kb_count(kb, (rq_table)t));
            }
            rq_hits_free(&hits);
        }
    }
    rq_diags_clear(&diags);
    return 0;
}
