/*
 * posting.c - rq_posting_load: any POSTING of the contract -> rule set.
 *
 * The extension picks the reader: .rules is a compiled rule set,
 * .json / .jsonld a schema.org JobPosting, anything else (and "-", standard
 * input) a plain-text posting for the compiler. Before the text compiler
 * sees a file, it must be text: a NUL byte or invalid UTF-8 stops it with
 * one clear error, instead of rules made of noise.
 */
#include "rules.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool has_ext(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot)
        return false;
    const char *a = dot + 1, *b = ext;
    for (; *a && *b; a++, b++) {
        char c = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        if (c != *b)
            return false;
    }
    return !*a && !*b;
}

int rq_posting_load(const char *path, const rq_kb *kb, const rq_compile_opts *opts,
                    rq_ruleset **out, rq_diags *diags)
{
    *out = NULL;
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    char *data = NULL;
    size_t len = 0;
    if (rq_read_file(path, &data, &len) != 0) {
        rq_diags_add(diags, RQ_SEV_ERROR, name, 0, 0, NULL, "%s", strerror(errno));
        return -1;
    }
    rq_compile_opts defaults = RQ_COMPILE_OPTS_INIT;
    if (!opts)
        opts = &defaults;
    bool stdin_text = strcmp(path, "-") == 0;
    bool rules = !stdin_text && has_ext(path, "rules");
    bool json = !stdin_text && (has_ext(path, "json") || has_ext(path, "jsonld"));
    int rc;
    size_t bad = rq_text_bad_at(data, len);
    if (bad < len && !rules) {
        /* a .rules file reports its bad lines itself, with line and column */
        rq_diags_add(diags, RQ_SEV_ERROR, name, 0, 0, NULL,
                     "not a text posting (binary or invalid UTF-8 at byte %zu)", bad);
        rc = -1;
    } else if (rules) {
        rc = rq_rules_parse(data, len, name, kb, out, diags);
    } else if (json) {
        rc = rq_jobposting_compile_opts(data, len, name, kb, opts, out, diags);
    } else {
        rc = rq_compile_text(data, len, name, kb, opts, out, diags);
    }
    free(data);
    return rc;
}
