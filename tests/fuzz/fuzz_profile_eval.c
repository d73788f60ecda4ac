/*
 * fuzz_profile_eval.c - the JSON Resume loader and the evaluator on
 * arbitrary bytes.
 *
 * rq_profile_parse must either reject the document with an error
 * diagnostic or return an analysed profile. A profile it returns is
 * evaluated against a fixed rule set with one rule of each category:
 * every satisfaction must lie in [0,1], the score in [0,100], and the
 * improvements must name rules of the set.
 */
#include "eval.h"
#include "fuzz_common.h"

static rq_kb *kb;
static rq_ruleset *rules;

static const char fixed_rules[] =
    "title: Fuzz coordinator\n"
    "organization: Fuzz association\n"
    "language: en\n"
    "\n"
    "[degree-1]\n"
    "category: degree\n"
    "required: yes\n"
    "weight: 2\n"
    "min_eqf: 6\n"
    "fields: social_sciences; law\n"
    "or_equivalent: yes\n"
    "\n"
    "[experience-1]\n"
    "category: experience\n"
    "required: yes\n"
    "weight: 3\n"
    "min_years: 3\n"
    "domains: project_management; child_rights\n"
    "\n"
    "[experience-2]\n"
    "category: experience\n"
    "required: no\n"
    "weight: 1\n"
    "min_years: none\n"
    "domains:\n"
    "\n"
    "[language-1]\n"
    "category: language\n"
    "required: yes\n"
    "weight: 2\n"
    "languages: en; fr\n"
    "min_level: C1\n"
    "\n"
    "[knowledge-1]\n"
    "category: knowledge\n"
    "required: no\n"
    "weight: 1\n"
    "concepts: child_rights; advocacy with local councils\n"
    "match: all\n"
    "\n"
    "[other-1]\n"
    "category: other\n"
    "required: no\n"
    "weight: 0.5\n"
    "concepts: driving licence; autonomy\n"
    "match: any\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    kb = fuzz_kb_new();
    rq_diags diags = RQ_DIAGS_INIT;
    if (rq_rules_parse(fixed_rules, sizeof fixed_rules - 1, "fixed.rules", kb, &rules,
                       &diags) != 0) {
        for (size_t i = 0; i < diags.count; i++) {
            char *line = rq_diag_format(&diags.items[i]);
            fprintf(stderr, "fixed rules: %s\n", line ? line : "?");
            free(line);
        }
        abort();
    }
    rq_diags_clear(&diags);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rq_diags diags = RQ_DIAGS_INIT;
    rq_profile_opts popts = {.kb = kb, .as_of = rq_month(2025, 6)};
    rq_profile *p = NULL;
    int rc = rq_profile_parse((const char *)data, size, "fuzz.json", 0, "fuzz", &popts, &p,
                              &diags);
    fuzz_check_diags(&diags);
    if (rc != 0) {
        fuzz_require(p == NULL);
        fuzz_require(rq_diags_count(&diags, RQ_SEV_ERROR) > 0);
        rq_diags_clear(&diags);
        return 0;
    }
    fuzz_require(p != NULL);
    for (size_t i = 0; i < p->njobs; i++)
        if (p->jobs[i].dated)
            fuzz_require(p->jobs[i].period.end >= p->jobs[i].period.start);

    rq_eval_opts eopts = {kb, popts.as_of};
    rq_evaluation ev;
    memset(&ev, 0, sizeof ev);
    fuzz_require(rq_evaluate(rules, p, &eopts, &ev) == 0);
    fuzz_require(ev.nresults == rules->count);
    fuzz_require(ev.score >= 0.0 && ev.score <= 100.0);
    for (size_t i = 0; i < ev.nresults; i++) {
        const rq_result *r = &ev.results[i];
        fuzz_require(r->satisfaction >= 0.0 && r->satisfaction <= 1.0);
        fuzz_require((r->status == RQ_MET) == (r->satisfaction == 1.0));
        if (r->status == RQ_UNMET || r->status == RQ_UNKNOWN)
            fuzz_require(r->satisfaction == 0.0);
        fuzz_require(r->status == RQ_MET || r->gap != NULL);
        for (size_t k = 0; k < r->nevidence; k++)
            fuzz_require(r->evidence[k] != NULL);
    }

    rq_improvement *imp = NULL;
    size_t nimp = 0;
    fuzz_require(rq_improvements(rules, &ev, &imp, &nimp) == 0);
    for (size_t i = 0; i < nimp; i++) {
        fuzz_require(imp[i].rule < rules->count);
        fuzz_require(imp[i].score_gain >= 0.0);
        if (i > 0)
            fuzz_require(imp[i - 1].score_gain >= imp[i].score_gain);
    }
    free(imp);

    rq_evaluation_clear(&ev);
    rq_profile_free(p);
    rq_diags_clear(&diags);
    return 0;
}
