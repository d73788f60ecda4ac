/*
 * main.c - reqmatch's command line: parse the arguments, print help, and
 * hand over to the command.
 *
 * One pass over argv: the first positional is the command, later ones are
 * its arguments. Options may come before or after positionals, "--" ends
 * options, "--opt=value" and "--opt value" both work, short flags may be
 * grouped (-qv) and "-oFILE" works. For match, "--postings" and
 * "--profiles" switch the list that the following positionals go to.
 * Which options each command accepts is one table, so that a misplaced
 * option is an error rather than silently ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef RQ_VERSION
#define RQ_VERSION "0.0.0"
#endif

static const char usage_main[] =
    "Usage: reqmatch COMMAND [OPTIONS] ARGS...\n"
    "\n"
    "Rank candidates (JSON Resume profiles) against a job posting's\n"
    "requirements, and explain each candidate's gaps.\n"
    "\n"
    "Commands:\n"
    "  compile POSTING            turn a posting into a rule set (.rules or JSON)\n"
    "  check RULES...             check rules files, print every diagnostic\n"
    "  rank POSTING PROFILE...    rank candidates: text, json, csv, xlsx, md\n"
    "  gap POSTING PROFILE        one candidate's gaps: text, json, md, html\n"
    "  match --postings P... --profiles C...\n"
    "                             best candidates per posting and back\n"
    "  merge FILE...              combine rank --format jsonl outputs (shards)\n"
    "\n"
    "POSTING: a text posting (.txt, fr/en/nl), a schema.org JobPosting\n"
    "(.json) or a rule set (.rules). PROFILE: a JSON Resume (.json), JSON\n"
    "Lines (.jsonl), a directory of them, or - (JSON Lines on stdin).\n"
    "\n"
    "Common options:\n"
    "  -o, --output FILE   write to FILE (atomically); - is stdout; the\n"
    "                      extension picks the format unless --format is given\n"
    "  --format FORMAT     output format (see COMMAND --help)\n"
    "  --lexicon FILE      extra vocabulary in the kb data format (repeatable)\n"
    "  -q, --quiet         no progress and no warnings on stderr\n"
    "  -v, --verbose       also print the posting's compiler warnings\n"
    "                      (rank, gap, match; compile always prints them)\n"
    "  --jobs N            threads that parse and evaluate profiles\n"
    "                      (default: the number of CPUs); same output\n"
    "  --shard I/N         only profiles number I, I+N, I+2N... (1-based):\n"
    "                      one map task of N; see the README on sharding\n"
    "  -h, --help          this help, or a command's with COMMAND --help\n"
    "  --version           print the version\n"
    "\n"
    "Exit status: 0 all inputs used; 2 output produced but some inputs were\n"
    "rejected (each named on stderr and in the output); 1 nothing produced.\n";

static const char usage_compile[] =
    "Usage: reqmatch compile POSTING [-o FILE] [--format rules|json]\n"
    "\n"
    "Compile a posting (.txt, JobPosting .json, or .rules) into a rule set.\n"
    "Requirement sentences that produced no rule are reported as warnings\n"
    "on stderr (not with -q). Default format: rules, on stdout.\n"
    "\n"
    "  -o, --output FILE   .rules or .json picks the format\n"
    "  --format rules|json\n";

static const char usage_check[] =
    "Usage: reqmatch check RULES...\n"
    "\n"
    "Check rules files. Every problem is printed as\n"
    "  file:line:col: severity: message\n"
    "and each good file as \"file: ok, N rules\" on stdout.\n"
    "Exit status 1 if any file has an error, else 0.\n";

static const char usage_rank[] =
    "Usage: reqmatch rank POSTING PROFILE... [-o FILE]\n"
    "                [--format text|json|jsonl|csv|xlsx|md] [--top N]\n"
    "                [--as-of YYYY-MM-DD] [--anonymize]\n"
    "\n"
    "Evaluate every profile against the posting's rules and rank them:\n"
    "eligible first (every required rule met), then score, then id.\n"
    "\n"
    "  -o, --output FILE   .txt .json .jsonl .csv .xlsx .md pick the format\n"
    "  --format FORMAT     text (default), json, jsonl, csv, xlsx, md\n"
    "  --top N             keep only the best N candidates\n"
    "  --as-of DATE        date open-ended jobs run to (default: today)\n"
    "  --anonymize         no names; ids and sources become pseudonyms\n"
    "  --jobs N            threads (default: CPUs); output is the same\n"
    "  --shard I/N         only every N-th input, from the I-th (1..N)\n"
    "\n"
    "Rejected profiles are listed on stderr and in the text, json, jsonl,\n"
    "md and xlsx output; the CSV holds candidates only. jsonl (JSON Lines:\n"
    "one candidate a line, then one {\"source\", \"error\"} line per rejected\n"
    "input) is the output of a map task: reqmatch merge combines them.\n";

static const char usage_gap[] =
    "Usage: reqmatch gap POSTING PROFILE [-o FILE]\n"
    "               [--format text|json|md|html] [--as-of YYYY-MM-DD]\n"
    "\n"
    "Show how one candidate meets each rule, the evidence, what is missing,\n"
    "and what to work on first (largest score gain first). PROFILE must\n"
    "hold exactly one profile.\n"
    "\n"
    "  -o, --output FILE   .txt .json .md .html pick the format\n"
    "  --format FORMAT     text (default), json, md, html\n"
    "  --as-of DATE        date open-ended jobs run to (default: today)\n"
    "  --anonymize         no name; id and source become a pseudonym\n";

static const char usage_match[] =
    "Usage: reqmatch match --postings POSTING... --profiles PROFILE...\n"
    "                 [--top K] [--format text|json|csv] [-o FILE]\n"
    "\n"
    "Evaluate every profile against every posting. For each posting, its\n"
    "best K candidates; for each candidate, its best K postings\n"
    "(default K: 10). Order: eligible first, then score, then id or path.\n"
    "\n"
    "  --top K             how many to list each way\n"
    "  --format FORMAT     text (default), json, csv\n"
    "  --as-of DATE        date open-ended jobs run to (default: today)\n"
    "  --anonymize         candidate ids become pseudonyms\n"
    "  --jobs N            threads (default: CPUs); output is the same\n"
    "\n"
    "CSV: posting,candidate,score,eligible,rank_for_posting (one row per\n"
    "posting and listed candidate).\n";

static const char usage_merge[] =
    "Usage: reqmatch merge FILE... [--top N] [-o FILE]\n"
    "\n"
    "Combine the outputs of `reqmatch rank --format jsonl` (one per shard,\n"
    "or per piece of a split pool; - reads stdin) into one ranking in the\n"
    "same format: candidates in rank's order (eligible first, then score,\n"
    "then id), ranks renumbered, then the rejected inputs as read. The\n"
    "merge of the shards of a run is the run's own output.\n"
    "\n"
    "  --top N             keep only the best N (memory bounded by N)\n"
    "  -o, --output FILE   write to FILE (atomically); - is stdout\n"
    "  --format jsonl      the only format\n"
    "\n"
    "Exit status 2 when some input was rejected (by rank, or a line here\n"
    "that is not rank's), 1 when there is nothing to merge.\n";

typedef struct {
    const char *name;
    int (*run)(const cli_opts *);
    const char *usage;
    unsigned allowed; /* CLI_OPT_* */
} command;

static const command commands[] = {
    {"compile", cli_compile, usage_compile, CLI_OPT_OUTPUT | CLI_OPT_FORMAT},
    {"check", cli_check, usage_check, 0},
    {"rank", cli_rank, usage_rank,
     CLI_OPT_OUTPUT | CLI_OPT_FORMAT | CLI_OPT_TOP | CLI_OPT_AS_OF | CLI_OPT_ANONYMIZE},
    {"gap", cli_gap, usage_gap,
     CLI_OPT_OUTPUT | CLI_OPT_FORMAT | CLI_OPT_AS_OF | CLI_OPT_ANONYMIZE},
    {"match", cli_match, usage_match,
     CLI_OPT_OUTPUT | CLI_OPT_FORMAT | CLI_OPT_TOP | CLI_OPT_AS_OF | CLI_OPT_ANONYMIZE |
         CLI_OPT_POSTINGS | CLI_OPT_PROFILES},
    {"merge", cli_merge, usage_merge, CLI_OPT_OUTPUT | CLI_OPT_FORMAT | CLI_OPT_TOP},
};

static const struct {
    unsigned bit;
    const char *name;
} option_names[] = {
    {CLI_OPT_OUTPUT, "-o/--output"}, {CLI_OPT_FORMAT, "--format"},
    {CLI_OPT_TOP, "--top"}, {CLI_OPT_AS_OF, "--as-of"},
    {CLI_OPT_ANONYMIZE, "--anonymize"}, {CLI_OPT_POSTINGS, "--postings"},
    {CLI_OPT_PROFILES, "--profiles"},
};

static int list_add(cli_list *l, const char *s)
{
    const char **n = realloc(l->items, (l->count + 1) * sizeof *n);
    if (!n)
        return -1;
    l->items = n;
    l->items[l->count++] = s;
    return 0;
}

static void opts_free(cli_opts *o)
{
    free(o->args.items);
    free(o->postings.items);
    free(o->profiles.items);
    free(o->lexicons.items);
}

/* --shard I/N: 1 <= I <= N */
static int parse_shard(const char *v, cli_opts *o)
{
    char *end;
    errno = 0;
    long i = strtol(v, &end, 10);
    long n = 0;
    if (!errno && end != v && *end == '/') {
        const char *s = end + 1;
        n = strtol(s, &end, 10);
        if (errno || end == s || *end)
            n = 0;
    }
    if (n < 1 || i < 1 || i > n) {
        cli_error("--shard '%s': expected I/N with 1 <= I <= N (e.g. 2/4)", v);
        return -1;
    }
    o->shard = i;
    o->nshards = n;
    return 0;
}

static int parse_count(const char *opt, const char *v, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 1) {
        cli_error("%s '%s': expected a whole number of 1 or more", opt, v);
        return -1;
    }
    *out = n;
    return 0;
}

enum { TARGET_ARGS, TARGET_POSTINGS, TARGET_PROFILES };

/* an option that takes a value; name is the spelling used for messages */
static int set_value(cli_opts *o, const char *name, const char *v)
{
    if (strcmp(name, "output") == 0 || strcmp(name, "o") == 0) {
        o->output = v;
        o->seen |= CLI_OPT_OUTPUT;
    } else if (strcmp(name, "format") == 0) {
        o->format = v;
        o->seen |= CLI_OPT_FORMAT;
    } else if (strcmp(name, "top") == 0) {
        o->seen |= CLI_OPT_TOP;
        return parse_count("--top", v, &o->top);
    } else if (strcmp(name, "as-of") == 0) {
        o->as_of = v;
        o->seen |= CLI_OPT_AS_OF;
    } else if (strcmp(name, "lexicon") == 0) {
        return list_add(&o->lexicons, v);
    } else if (strcmp(name, "jobs") == 0 || strcmp(name, "j") == 0) {
        return parse_count("--jobs", v, &o->jobs);
    } else if (strcmp(name, "shard") == 0) {
        return parse_shard(v, o);
    }
    return 0;
}

static bool takes_value(const char *name)
{
    static const char *const names[] = {"output", "format", "top", "as-of", "lexicon", "jobs",
                                        "shard"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static int parse_args(int argc, char **argv, cli_opts *o)
{
    int target = TARGET_ARGS;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            cli_list *l = !o->command ? NULL
                        : target == TARGET_POSTINGS ? &o->postings
                        : target == TARGET_PROFILES ? &o->profiles
                        : &o->args;
            if (!l)
                o->command = a;
            else if (list_add(l, a) != 0)
                return -1;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            char key[32];
            size_t klen = eq ? (size_t)(eq - name) : strlen(name);
            if (klen >= sizeof key) {
                cli_error("unknown option '%s' (see reqmatch --help)", a);
                return -1;
            }
            memcpy(key, name, klen);
            key[klen] = '\0';
            if (takes_value(key)) {
                const char *v = eq ? eq + 1 : NULL;
                if (!v) {
                    if (i + 1 >= argc) {
                        cli_error("option '--%s' needs a value", key);
                        return -1;
                    }
                    v = argv[++i];
                }
                if (set_value(o, key, v) != 0)
                    return -1;
                continue;
            }
            if (eq) {
                cli_error("option '--%s' takes no value", key);
                return -1;
            }
            if (strcmp(key, "help") == 0)
                o->help = true;
            else if (strcmp(key, "version") == 0)
                o->version = true;
            else if (strcmp(key, "quiet") == 0)
                o->quiet = true;
            else if (strcmp(key, "verbose") == 0)
                o->verbose = true;
            else if (strcmp(key, "anonymize") == 0) {
                o->anonymize = true;
                o->seen |= CLI_OPT_ANONYMIZE;
            } else if (strcmp(key, "postings") == 0) {
                target = TARGET_POSTINGS;
                o->seen |= CLI_OPT_POSTINGS;
            } else if (strcmp(key, "profiles") == 0) {
                target = TARGET_PROFILES;
                o->seen |= CLI_OPT_PROFILES;
            } else {
                cli_error("unknown option '%s' (see reqmatch --help)", a);
                return -1;
            }
            continue;
        }
        /* short options, possibly grouped: -qv, -oFILE, -o FILE */
        for (const char *p = a + 1; *p; p++) {
            if (*p == 'o' || *p == 'j') {
                const char *v = p[1] ? p + 1 : NULL;
                if (!v) {
                    if (i + 1 >= argc) {
                        cli_error("option '-%c' needs a value", *p);
                        return -1;
                    }
                    v = argv[++i];
                }
                char key[2] = {*p, '\0'};
                if (set_value(o, key, v) != 0)
                    return -1;
                break;
            } else if (*p == 'q') {
                o->quiet = true;
            } else if (*p == 'v') {
                o->verbose = true;
            } else if (*p == 'h') {
                o->help = true;
            } else {
                cli_error("unknown option '-%c' (see reqmatch --help)", *p);
                return -1;
            }
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    /* profiles are parsed into per-thread arenas (engine/jsonarena.h);
     * every other cJSON use keeps malloc */
    rq_json_arena_install();
    cli_opts o;
    memset(&o, 0, sizeof o);
    if (parse_args(argc, argv, &o) != 0) {
        opts_free(&o);
        return CLI_FAIL;
    }
    if (o.command && strcmp(o.command, "help") == 0) {
        o.help = true;
        o.command = o.args.count > 0 ? o.args.items[0] : NULL;
    }
    if (o.version && !o.help) {
        printf("reqmatch %s\n", RQ_VERSION);
        opts_free(&o);
        return CLI_OK;
    }
    if (!o.command) {
        if (o.help) {
            fputs(usage_main, stdout);
            opts_free(&o);
            return CLI_OK;
        }
        fputs(usage_main, stderr);
        opts_free(&o);
        return CLI_FAIL;
    }
    const command *cmd = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(o.command, commands[i].name) == 0)
            cmd = &commands[i];
    if (!cmd) {
        cli_error("unknown command '%s' (see reqmatch --help)", o.command);
        opts_free(&o);
        return CLI_FAIL;
    }
    if (o.help) {
        fputs(cmd->usage, stdout);
        opts_free(&o);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof option_names / sizeof option_names[0]; i++) {
        if ((o.seen & option_names[i].bit) && !(cmd->allowed & option_names[i].bit)) {
            cli_error("%s: option %s does not apply (see reqmatch %s --help)",
                      cmd->name, option_names[i].name, cmd->name);
            opts_free(&o);
            return CLI_FAIL;
        }
    }
    int rc = cmd->run(&o);
    opts_free(&o);
    return rc;
}
