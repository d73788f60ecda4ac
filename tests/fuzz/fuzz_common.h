/*
 * fuzz_common.h - shared set-up for the libFuzzer targets in tests/fuzz/.
 *
 * Each target keeps one knowledge base, built from the compiled-in data in
 * LLVMFuzzerInitialize, and treats every broken promise of a public header
 * (a failed call without an error diagnostic, a round trip that changes
 * the rule set, a score out of range) as a crash: fuzz_require() aborts
 * with the condition, so libFuzzer saves the input as a reproducer.
 */
#ifndef RQ_FUZZ_COMMON_H
#define RQ_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb.h"
#include "rules.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_require(cond)                                                   \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__,        \
                    __LINE__, #cond);                                        \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* The compiled-in knowledge base; a broken built-in table stops the run. */
static inline rq_kb *fuzz_kb_new(void)
{
    rq_diags diags = RQ_DIAGS_INIT;
    rq_kb *kb = NULL;
    if (rq_kb_new(&kb, &diags) != 0) {
        for (size_t i = 0; i < diags.count; i++) {
            char *line = rq_diag_format(&diags.items[i]);
            fprintf(stderr, "kb: %s\n", line ? line : "?");
            free(line);
        }
        abort();
    }
    rq_diags_clear(&diags);
    return kb;
}

/* Every diagnostic has a message and formats to exactly one line (the
 * contract: one line on stderr per problem). RQ_FUZZ_LAX=1 in the
 * environment skips the one-line check, to hunt for crashes only. */
static inline void fuzz_check_diags(const rq_diags *d)
{
    static int lax = -1;
    if (lax < 0) {
        const char *env = getenv("RQ_FUZZ_LAX");
        lax = env && *env && strcmp(env, "0") != 0;
    }
    for (size_t i = 0; i < d->count; i++) {
        fuzz_require(d->items[i].message != NULL);
        char *line = rq_diag_format(&d->items[i]);
        fuzz_require(line != NULL);
        if (!lax && strchr(line, '\n') != NULL) {
            fprintf(stderr, "diagnostic on more than one line:\n%s\n", line);
            abort();
        }
        free(line);
    }
}

/* rs written as a .rules file into *out, parsed back (named `name` in
 * messages) without error and equal to rs; returns the parsed-back set,
 * the caller frees it and *out. */
static inline rq_ruleset *fuzz_round_trip(const rq_kb *kb, const rq_ruleset *rs,
                                          const char *name, rq_buf *out)
{
    fuzz_require(rq_rules_write(rs, out) == 0);
    rq_diags back_diags = RQ_DIAGS_INIT;
    rq_ruleset *back = NULL;
    int back_rc = rq_rules_parse(out->data ? out->data : "", out->len, name, kb, &back,
                                 &back_diags);
    if (back_rc != 0) {
        for (size_t i = 0; i < back_diags.count; i++) {
            char *line = rq_diag_format(&back_diags.items[i]);
            fprintf(stderr, "re-parse: %s\n", line ? line : "?");
            free(line);
        }
        fprintf(stderr, "--- written rules ---\n%s\n", out->data ? out->data : "");
    }
    fuzz_require(back_rc == 0);
    fuzz_require(rq_ruleset_equal(rs, back));
    rq_diags_clear(&back_diags);
    return back;
}

/* A rule set a compiler returned keeps the promises of rules.h: every id
 * set and unique, weights positive, categories known; and it survives the
 * .rules format, as `reqmatch compile -o job.rules` followed by `reqmatch
 * rank job.rules` relies on. */
static inline void fuzz_check_compiled(const rq_kb *kb, const rq_ruleset *rs)
{
    fuzz_require(rs != NULL);
    for (size_t i = 0; i < rs->count; i++) {
        fuzz_require(rs->rules[i].id != NULL);
        fuzz_require(rs->rules[i].weight > 0);
        fuzz_require(rs->rules[i].category >= 0 && rs->rules[i].category < RQ_CAT_COUNT);
        for (size_t k = 0; k < i; k++)
            fuzz_require(strcmp(rs->rules[i].id, rs->rules[k].id) != 0);
    }
    rq_buf out = RQ_BUF_INIT;
    rq_ruleset_free(fuzz_round_trip(kb, rs, "compiled.rules", &out));
    rq_buf_free(&out);
}

#endif
