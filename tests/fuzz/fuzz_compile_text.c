/*
 * fuzz_compile_text.c - the plain-text posting compiler on arbitrary bytes.
 *
 * rq_compile_text must either refuse the input with an error diagnostic or
 * return a rule set. A rule set it returns must survive the .rules format:
 * written, parsed back without error, and equal to the original, since
 * `reqmatch compile` followed by `reqmatch rank job.rules` relies on it.
 */
#include "fuzz_common.h"

static rq_kb *kb;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    kb = fuzz_kb_new();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rq_diags diags = RQ_DIAGS_INIT;
    rq_compile_opts opts = RQ_COMPILE_OPTS_INIT;
    rq_ruleset *rs = NULL;
    int rc = rq_compile_text((const char *)data, size, "fuzz.txt", kb, &opts, &rs, &diags);
    fuzz_check_diags(&diags);
    if (rc != 0) {
        fuzz_require(rs == NULL);
        fuzz_require(rq_diags_count(&diags, RQ_SEV_ERROR) > 0);
        rq_diags_clear(&diags);
        return 0;
    }
    fuzz_check_compiled(kb, rs);
    rq_ruleset_free(rs);
    rq_diags_clear(&diags);
    return 0;
}
