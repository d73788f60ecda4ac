/*
 * fuzz_rules_roundtrip.c - the .rules parser and writer on arbitrary bytes.
 *
 * Whatever rq_rules_parse accepts, rq_rules_write must write in a form that
 * parses back to an equal rule set (rq_ruleset_equal), and writing that
 * again must give the same bytes: the writer is canonical.
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
    rq_ruleset *rs = NULL;
    int rc = rq_rules_parse((const char *)data, size, "fuzz.rules", kb, &rs, &diags);
    fuzz_check_diags(&diags);
    if (rc != 0) {
        fuzz_require(rs == NULL);
        fuzz_require(rq_diags_count(&diags, RQ_SEV_ERROR) > 0);
        rq_diags_clear(&diags);
        return 0;
    }
    fuzz_require(rs != NULL);

    rq_buf first = RQ_BUF_INIT;
    rq_ruleset *back = fuzz_round_trip(kb, rs, "written.rules", &first);

    rq_buf second = RQ_BUF_INIT;
    fuzz_require(rq_rules_write(back, &second) == 0);
    fuzz_require(first.len == second.len);
    fuzz_require(first.len == 0 || memcmp(first.data, second.data, first.len) == 0);

    rq_buf_free(&second);
    rq_ruleset_free(back);
    rq_buf_free(&first);
    rq_ruleset_free(rs);
    rq_diags_clear(&diags);
    return 0;
}
