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
#include "rules.h"

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
    fuzz_require(rs != NULL);
    for (size_t i = 0; i < rs->count; i++) {
        fuzz_require(rs->rules[i].id != NULL);
        fuzz_require(rs->rules[i].weight > 0);
        fuzz_require(rs->rules[i].category >= 0 && rs->rules[i].category < RQ_CAT_COUNT);
        for (size_t k = 0; k < i; k++)
            fuzz_require(strcmp(rs->rules[i].id, rs->rules[k].id) != 0);
    }

    rq_buf out = RQ_BUF_INIT;
    fuzz_require(rq_rules_write(rs, &out) == 0);
    rq_diags back_diags = RQ_DIAGS_INIT;
    rq_ruleset *back = NULL;
    int back_rc = rq_rules_parse(out.data ? out.data : "", out.len, "compiled.rules", kb,
                                 &back, &back_diags);
    if (back_rc != 0) {
        for (size_t i = 0; i < back_diags.count; i++) {
            char *line = rq_diag_format(&back_diags.items[i]);
            fprintf(stderr, "re-parse: %s\n", line ? line : "?");
            free(line);
        }
        fprintf(stderr, "--- written rules ---\n%s\n", out.data ? out.data : "");
    }
    fuzz_require(back_rc == 0);
    fuzz_require(rq_ruleset_equal(rs, back));

    rq_ruleset_free(back);
    rq_diags_clear(&back_diags);
    rq_buf_free(&out);
    rq_ruleset_free(rs);
    rq_diags_clear(&diags);
    free(json);
    return 0;
}
