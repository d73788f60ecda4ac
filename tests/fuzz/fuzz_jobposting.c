/*
 * fuzz_jobposting.c - the schema.org JobPosting loader on arbitrary bytes.
 *
 * rq_jobposting_compile reads JSON-LD (a JobPosting at the root, in an
 * array or in an @graph), turns its structured properties into rules and
 * hands the HTML description, turned into text, to the text compiler. It
 * must either refuse the input with an error diagnostic or return a rule
 * set, and a rule set it returns must survive the .rules format (written,
 * parsed back without error, equal), as `reqmatch compile job.json -o
 * job.rules` followed by `reqmatch rank job.rules` relies on it.
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
    /* the loader reads a NUL-terminated file image, as rq_read_file gives */
    char *json = malloc(size + 1);
    if (!json)
        return 0;
    if (size)
        memcpy(json, data, size);
    json[size] = '\0';

    rq_diags diags = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    int rc = rq_jobposting_compile(json, size, "fuzz.json", kb, &rs, &diags);
    fuzz_check_diags(&diags);
    if (rc != 0) {
        fuzz_require(rs == NULL);
        fuzz_require(rq_diags_count(&diags, RQ_SEV_ERROR) > 0);
        rq_diags_clear(&diags);
        free(json);
        return 0;
    }
    fuzz_check_compiled(kb, rs);
    rq_ruleset_free(rs);
    rq_diags_clear(&diags);
    free(json);
    return 0;
}
