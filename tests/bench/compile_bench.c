/*
 * compile_bench.c - how long compiling a posting takes.
 *
 *   compile_bench [REPEAT] POSTING...
 *
 * Builds the kb once (as reqmatch does), then loads and compiles each
 * POSTING (text, JobPosting JSON or .rules, through rq_posting_load)
 * REPEAT times (default 50) and prints the mean wall time per compile in
 * milliseconds, with the number of rules. A benchmark, not a test: it
 * prints figures and never fails on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rules.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    int first = 1;
    long repeat = 50;
    if (argc > 1) {
        char *end;
        long n = strtol(argv[1], &end, 10);
        if (*end == '\0' && n > 0) {
            repeat = n;
            first = 2;
        }
    }
    if (first >= argc) {
        fprintf(stderr, "usage: compile_bench [REPEAT] POSTING...\n");
        return 1;
    }
    rq_diags d = RQ_DIAGS_INIT;
    rq_kb *kb = NULL;
    double t0 = now_ms();
    if (rq_kb_new(&kb, &d) != 0) {
        fprintf(stderr, "compile_bench: cannot build the kb\n");
        return 1;
    }
    printf("kb built in %.2f ms\n", now_ms() - t0);
    printf("%9s %6s  %s\n", "ms", "rules", "posting");
    int status = 0;
    for (int i = first; i < argc; i++) {
        size_t rules = 0;
        double start = now_ms();
        long k;
        for (k = 0; k < repeat; k++) {
            rq_ruleset *rs = NULL;
            rq_diags_clear(&d);
            if (rq_posting_load(argv[i], kb, NULL, &rs, &d) != 0)
                break;
            rules = rs->count;
            rq_ruleset_free(rs);
        }
        if (k < repeat) {
            fprintf(stderr, "compile_bench: %s: cannot be compiled\n", argv[i]);
            status = 1;
            continue;
        }
        printf("%9.3f %6zu  %s\n", (now_ms() - start) / (double)repeat, rules, argv[i]);
    }
    rq_diags_clear(&d);
    rq_kb_free(kb);
    return status;
}
