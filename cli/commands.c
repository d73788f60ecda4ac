/*
 * commands.c - compile, check, rank and gap.
 *
 * Each command follows the same line: resolve the output format (from
 * --format, else the -o extension, else the command's default), build the
 * kb once, load the posting (an unusable posting ends the run with status
 * 1 before any output is touched), stream the profiles through the pool,
 * rank, render into a buffer, and write it in one atomic step. Status 2
 * when some input was rejected, 1 when nothing could be produced.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "rules.h"

/* --format, else the -o extension (when the command knows it), else def */
static const char *resolve_format(const cli_opts *o, const char *command,
                                  const char *const *allowed, const char *def)
{
    const char *f = o->format;
    bool explicit = f != NULL;
    if (!f)
        f = cli_format_from_path(o->output);
    if (!f)
        return def;
    for (const char *const *a = allowed; *a; a++)
        if (strcmp(f, *a) == 0)
            return f;
    if (explicit)
        cli_error("%s: unknown format '%s' (see reqmatch %s --help)", command, f, command);
    else
        cli_error("%s: cannot write %s output to '%s'; give --format", command, f, o->output);
    return NULL;
}

static bool uses_stdin_twice(const char *posting, const cli_list *profiles)
{
    size_t n = posting && strcmp(posting, "-") == 0;
    for (size_t i = 0; i < profiles->count; i++)
        n += strcmp(profiles->items[i], "-") == 0;
    if (n > 1)
        cli_error("standard input (-) can be read only once");
    return n > 1;
}

/* ---- compile ---- */

int cli_compile(const cli_opts *o)
{
    static const char *const formats[] = {"rules", "json", NULL};
    if (o->args.count != 1) {
        cli_error("compile takes one POSTING (see reqmatch compile --help)");
        return CLI_FAIL;
    }
    const char *format = resolve_format(o, "compile", formats, "rules");
    if (!format)
        return CLI_FAIL;
    rq_kb *kb = NULL;
    if (cli_kb_load(o, &kb) != 0)
        return CLI_FAIL;
    rq_ruleset *rs = NULL;
    if (cli_posting_load(o->args.items[0], kb, !o->quiet, &rs, NULL) != 0) {
        rq_kb_free(kb);
        return CLI_FAIL;
    }
    rq_buf out = RQ_BUF_INIT;
    int rc;
    if (strcmp(format, "json") == 0) {
        cJSON *doc = rq_ruleset_to_json(rs);
        rc = doc ? rq_json_print(doc, &out) : -1;
        cJSON_Delete(doc);
    } else {
        rc = rq_rules_write(rs, &out);
    }
    if (rc != 0 || out.oom)
        cli_error("out of memory");
    else
        rc = cli_write(o->output, out.data, out.len);
    rq_buf_free(&out);
    rq_ruleset_free(rs);
    rq_kb_free(kb);
    return rc == 0 ? CLI_OK : CLI_FAIL;
}

/* ---- check ---- */

int cli_check(const cli_opts *o)
{
    if (o->args.count == 0) {
        cli_error("check takes at least one RULES file (see reqmatch check --help)");
        return CLI_FAIL;
    }
    rq_kb *kb = NULL;
    if (cli_kb_load(o, &kb) != 0)
        return CLI_FAIL;
    int status = CLI_OK;
    for (size_t i = 0; i < o->args.count; i++) {
        const char *path = o->args.items[i];
        char *text = NULL;
        size_t len = 0;
        if (rq_read_file(path, &text, &len) != 0) {
            char *shown = rq_one_line(path);
            fprintf(stderr, "%s: error: cannot read: %s\n", shown ? shown : path,
                    strerror(errno));
            free(shown);
            status = CLI_FAIL;
            continue;
        }
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = NULL;
        int rc = rq_rules_parse(text, len, path, kb, &rs, &d);
        cli_print_diags(&d, RQ_SEV_NOTE);
        if (rc == 0 && rs && rq_diags_count(&d, RQ_SEV_ERROR) == 0) {
            printf("%s: ok, %zu rule%s\n", path, rs->count, rs->count == 1 ? "" : "s");
        } else {
            if (rq_diags_count(&d, RQ_SEV_ERROR) == 0) {
                char *shown = rq_one_line(path);
                fprintf(stderr, "%s: error: not a usable rules file\n", shown ? shown : path);
                free(shown);
            }
            status = CLI_FAIL;
        }
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
        free(text);
    }
    fflush(stdout);
    rq_kb_free(kb);
    return status;
}

/* ---- rank and gap ---- */

/* Write an xlsx workbook: to FILE through FILE.tmp-PID + rename, or to
 * stdout, a device or a FIFO through a temporary file (libxlsxwriter
 * writes to paths) that is then copied there. */
static int write_xlsx(const rq_report *report, const char *output)
{
    bool to_stdout = !output || strcmp(output, "-") == 0;
    if (to_stdout && !output && isatty(STDOUT_FILENO)) {
        cli_error("rank: a workbook is not for a terminal; give -o FILE.xlsx (or -o -)");
        return -1;
    }
    bool copied = to_stdout || cli_output_in_place(output);
    char *tmp;
    if (copied) {
        const char *dir = getenv("TMPDIR");
        tmp = rq_sprintf("%s/reqmatch-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = tmp ? mkstemp(tmp) : -1;
        if (fd < 0) {
            cli_error("cannot create a temporary file: %s", strerror(errno));
            free(tmp);
            return -1;
        }
        close(fd);
    } else {
        tmp = rq_sprintf("%s.tmp-%ld", output, (long)getpid());
        if (!tmp) {
            cli_error("out of memory");
            return -1;
        }
    }
    rq_diags d = RQ_DIAGS_INIT;
    /* libxlsxwriter prints its own "[ERROR] ..." lines, naming the
     * temporary file, when a write fails; the CLI owns stderr and says it
     * once, in one line, below. */
    fflush(stderr);
    int saved_stderr = dup(STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY);
    if (saved_stderr >= 0 && devnull >= 0)
        dup2(devnull, STDERR_FILENO);
    int rc = rq_report_rank_xlsx(report, tmp, &d);
    if (saved_stderr >= 0) {
        fflush(stderr);
        dup2(saved_stderr, STDERR_FILENO);
        close(saved_stderr);
    }
    if (devnull >= 0)
        close(devnull);
    if (rc != 0) {
        /* the writer names the temporary file; the user gave `output` */
        const char *why = NULL;
        for (size_t i = 0; i < d.count && !why; i++)
            if (d.items[i].severity == RQ_SEV_ERROR)
                why = d.items[i].message;
        cli_error("cannot write '%s': %s", to_stdout ? "-" : output,
                  why ? why : "the workbook could not be written");
    }
    rq_diags_clear(&d);
    if (rc == 0 && copied) {
        char *data = NULL;
        size_t len = 0;
        if (rq_read_file(tmp, &data, &len) != 0) {
            cli_error("cannot read back '%s': %s", tmp, strerror(errno));
            rc = -1;
        } else {
            rc = cli_write(to_stdout ? NULL : output, data, len);
        }
        free(data);
        unlink(tmp);
    } else if (rc == 0) {
        FILE *f = fopen(tmp, "rb");
        if (!f || fsync(fileno(f)) != 0 || rename(tmp, output) != 0) {
            cli_error("cannot write '%s': %s", output, strerror(errno));
            rc = -1;
        }
        if (f)
            fclose(f);
    }
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

typedef struct {
    rq_kb *kb;
    rq_ruleset *rs;
    cli_pool pool;
    char as_of_text[11];
    int as_of;
} run_state;

static void run_free(run_state *s)
{
    cli_pool_free(&s->pool);
    rq_ruleset_free(s->rs);
    rq_kb_free(s->kb);
}

/* everything up to ranked evaluations; CLI_OK or CLI_FAIL */
static int evaluate_pool(const cli_opts *o, run_state *s, size_t top)
{
    memset(s, 0, sizeof *s);
    const char *posting = o->args.items[0];
    cli_list profiles = {o->args.items + 1, o->args.count - 1};
    if (uses_stdin_twice(posting, &profiles))
        return CLI_FAIL;
    if (cli_as_of(o, &s->as_of, s->as_of_text) != 0)
        return CLI_FAIL;
    if (cli_kb_load(o, &s->kb) != 0)
        return CLI_FAIL;
    if (cli_posting_load(posting, s->kb, o->verbose, &s->rs, NULL) != 0)
        return CLI_FAIL;
    s->pool.rs = s->rs;
    s->pool.eval_opts.kb = s->kb;
    s->pool.eval_opts.as_of = s->as_of;
    s->pool.top = top;
    s->pool.quiet = o->quiet;
    s->pool.anonymize = o->anonymize;
    cli_pool_options(&s->pool, o);
    /* the profiles are read against this posting only: they keep only
     * the concepts its rules can count, and without free text in its
     * rules no folded texts (the results are the same) */
    uint64_t *read = rq_rules_concepts_read((const rq_ruleset *const *)&s->rs, 1, s->kb);
    rq_profile_opts popts = {.kb = s->kb, .as_of = s->as_of,
                             .no_folded = !rq_rules_use_text(s->rs, s->kb),
                             .concepts = read};
    int loaded = cli_pool_load(&s->pool, &profiles, &popts, !o->quiet);
    free(read);
    if (loaded != 0)
        return CLI_FAIL;
    if (s->pool.ncandidates == 0) {
        cli_error("no readable profile in the input");
        return CLI_FAIL;
    }
    rq_rank(s->pool.evals, s->pool.nevals);
    return CLI_OK;
}

static rq_report make_report(const cli_opts *o, run_state *s, const char *format)
{
    rq_report r;
    memset(&r, 0, sizeof r);
    r.rules = s->rs;
    r.kb = s->kb;
    r.posting_path = o->args.items[0];
    r.as_of = s->as_of;
    r.as_of_text = s->as_of_text;
    r.evals = s->pool.evals;
    r.nevals = s->pool.nevals;
    r.ncandidates = s->pool.ncandidates;
    r.rejected = s->pool.rejected;
    r.nrejected = s->pool.nrejected;
    /* the pool already put pseudonyms in place (cli_pool.anonymize) */
    r.anonymize = false;
    r.color = strcmp(format, "text") == 0 && cli_stdout_color(o->output);
    return r;
}

static int emit(const cli_opts *o, rq_buf *out, int rc)
{
    if (rc != 0 || out->oom) {
        cli_error("cannot render the report (out of memory)");
        return -1;
    }
    return cli_write(o->output, out->data, out->len);
}

int cli_rank(const cli_opts *o)
{
    static const char *const formats[] = {"text", "json", "jsonl", "csv", "xlsx", "md", NULL};
    if (o->args.count < 2) {
        cli_error("rank takes a POSTING and at least one PROFILE (see reqmatch rank --help)");
        return CLI_FAIL;
    }
    const char *format = resolve_format(o, "rank", formats, "text");
    if (!format)
        return CLI_FAIL;
    run_state s;
    int status = evaluate_pool(o, &s, (size_t)o->top);
    if (status != CLI_OK) {
        run_free(&s);
        return status;
    }
    rq_report r = make_report(o, &s, format);
    int rc;
    if (strcmp(format, "xlsx") == 0) {
        rc = write_xlsx(&r, o->output);
    } else {
        rq_buf out = RQ_BUF_INIT;
        int (*writer)(const rq_report *, rq_buf *) =
            strcmp(format, "json") == 0    ? rq_report_rank_json
            : strcmp(format, "jsonl") == 0 ? rq_report_rank_jsonl
            : strcmp(format, "csv") == 0   ? rq_report_rank_csv
            : strcmp(format, "md") == 0  ? rq_report_rank_md
                                         : rq_report_rank_text;
        rc = emit(o, &out, writer(&r, &out));
        rq_buf_free(&out);
    }
    status = rc != 0 ? CLI_FAIL : s.pool.nrejected > 0 ? CLI_PARTIAL : CLI_OK;
    run_free(&s);
    return status;
}

int cli_gap(const cli_opts *o)
{
    static const char *const formats[] = {"text", "json", "md", "html", NULL};
    if (o->args.count != 2) {
        cli_error("gap takes a POSTING and one PROFILE (see reqmatch gap --help)");
        return CLI_FAIL;
    }
    const char *format = resolve_format(o, "gap", formats, "text");
    if (!format)
        return CLI_FAIL;
    run_state s;
    int status = evaluate_pool(o, &s, 0);
    if (status == CLI_OK && s.pool.nevals != 1) {
        cli_error("gap: '%s' holds %zu profiles; gap explains one (use rank for several)",
                  o->args.items[1], s.pool.nevals);
        status = CLI_FAIL;
    }
    if (status != CLI_OK) {
        run_free(&s);
        return status;
    }
    rq_report r = make_report(o, &s, format);
    rq_buf out = RQ_BUF_INIT;
    int (*writer)(const rq_report *, rq_buf *) =
        strcmp(format, "json") == 0   ? rq_report_gap_json
        : strcmp(format, "md") == 0   ? rq_report_gap_md
        : strcmp(format, "html") == 0 ? rq_report_gap_html
                                      : rq_report_gap_text;
    int rc = emit(o, &out, writer(&r, &out));
    rq_buf_free(&out);
    status = rc != 0 ? CLI_FAIL : s.pool.nrejected > 0 ? CLI_PARTIAL : CLI_OK;
    run_free(&s);
    return status;
}
