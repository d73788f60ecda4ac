/* Tests for rules/jobposting.c (schema.org JobPosting -> rules) and
 * rules/posting.c (rq_posting_load: picking the reader, refusing binary). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rules.h"

static rq_kb *kb;

static int setup(void **state)
{
    (void)state;
    /* the test's own concepts, so it does not hang on the shipped lexicon */
    static const char concepts[] =
        "@table concepts\n"
        "migration_law: migration law; droit des étrangers\n"
        "team_management: team management; gestion d'équipe\n"
        "project_management: project management; gestion de projet\n"
        "driving_licence: driving licence; permis B\n"
        "law: law; droit\n";
    rq_diags d = RQ_DIAGS_INIT;
    int rc = rq_kb_new(&kb, &d);
    if (rc == 0)
        rc = rq_kb_extend_text(kb, concepts, sizeof concepts - 1, "test", &d);
    rq_diags_clear(&d);
    return rc;
}

static char tmpdir[];

static int teardown(void **state)
{
    (void)state;
    rmdir(tmpdir);
    rq_kb_free(kb);
    return 0;
}

static rq_ruleset *compile_ok(const char *json, rq_diags *d)
{
    rq_ruleset *rs = NULL;
    int rc = rq_jobposting_compile(json, strlen(json), "job.json", kb, &rs, d);
    for (size_t i = 0; rc != 0 && i < d->count; i++) {
        char *s = rq_diag_format(&d->items[i]);
        print_error("%s\n", s);
        free(s);
    }
    assert_int_equal(rc, 0);
    assert_non_null(rs);
    return rs;
}

static const rq_rule *find(const rq_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->count; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return &rs->rules[i];
    fail_msg("no rule %s", id);
    return NULL;
}

static void credential_category_should_give_the_eqf_level(void **state)
{
    (void)state;
    static const struct {
        const char *category;
        int eqf;
    } cases[] = {
        {"high school", 4}, {"associate degree", 5}, {"Bachelor Degree", 6},
        {"postgraduate degree", 7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{\"@type\":\"JobPosting\",\"educationRequirements\":"
                 "{\"@type\":\"EducationalOccupationalCredential\","
                 "\"credentialCategory\":\"%s\"}}", cases[i].category);
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = compile_ok(json, &d);
        assert_int_equal(rs->count, 1);
        const rq_rule *r = find(rs, "degree-1");
        assert_int_equal(r->min_eqf, cases[i].eqf);
        assert_true(r->required);
        assert_false(r->or_equivalent);
        assert_int_equal(r->source_line, 1); /* the JSON is one line */
        char want[128];
        snprintf(want, sizeof want, "educationRequirements.credentialCategory: %s",
                 cases[i].category);
        assert_string_equal(r->source_text, want);
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
}

static void professional_certificate_should_become_an_other_rule(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\",\"educationRequirements\":"
        "{\"@type\":\"EducationalOccupationalCredential\","
        "\"credentialCategory\":\"professional certificate\",\"name\":\"Permis B\"}}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    const rq_rule *r = find(rs, "other-1");
    assert_int_equal(r->category, RQ_CAT_OTHER);
    assert_int_equal(r->concepts.count, 1);
    assert_string_equal(r->concepts.items[0], "driving_licence");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void months_of_experience_should_become_years(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\",\"experienceRequirements\":"
        "{\"@type\":\"OccupationalExperienceRequirements\",\"monthsOfExperience\":30,"
        "\"description\":\"in team management\"}}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    const rq_rule *r = find(rs, "experience-1");
    assert_true(r->has_min_years);
    assert_true(r->min_years == 2.5);
    assert_int_equal(r->domains.count, 1);
    assert_string_equal(r->domains.items[0], "team_management");
    assert_string_equal(r->source_text, "experienceRequirements.monthsOfExperience: 30");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* "many" is no number of months: a warning names it, the description is
 * read instead, and no 0-year rule appears; "36" as a string is a number. */
static void months_of_experience_that_is_no_number_should_be_named(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\",\"experienceRequirements\":["
        "{\"@type\":\"OccupationalExperienceRequirements\",\"monthsOfExperience\":\"many\","
        "\"description\":\"experience in team management\"},"
        "{\"@type\":\"OccupationalExperienceRequirements\",\"monthsOfExperience\":\" 36 \"},"
        "{\"@type\":\"OccupationalExperienceRequirements\",\"monthsOfExperience\":[1]}]}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    bool named_word = false, named_array = false;
    for (size_t i = 0; i < d.count; i++) {
        char *s = rq_diag_format(&d.items[i]);
        named_word |= strstr(s, "monthsOfExperience: not a number of months: \"many\"") != NULL;
        named_array |= strstr(s, "monthsOfExperience: not a number of months: [1]") != NULL;
        free(s);
    }
    assert_true(named_word);
    assert_true(named_array);
    size_t with_years = 0;
    for (size_t i = 0; i < rs->count; i++) {
        const rq_rule *r = &rs->rules[i];
        if (r->category != RQ_CAT_EXPERIENCE || !r->has_min_years)
            continue;
        assert_true(r->min_years == 3.0);
        with_years++;
    }
    assert_int_equal(with_years, 1);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void experience_in_place_of_education_should_allow_equivalent(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\",\"experienceInPlaceOfEducation\":true,"
        "\"educationRequirements\":\"Master's degree in law\"}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    const rq_rule *r = find(rs, "degree-1");
    assert_int_equal(r->min_eqf, 7);
    assert_true(r->or_equivalent);
    assert_true(rq_strlist_has(&r->fields, "law"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void posting_inside_a_graph_with_a_type_array_should_be_found(void **state)
{
    (void)state;
    const char *json =
        "{\"@context\":\"https://schema.org\",\"@graph\":["
        "{\"@type\":\"Organization\",\"name\":\"Not me\"},"
        "{\"@type\":[\"Thing\",\"schema:JobPosting\"],\"title\":\"Animateur\","
        "\"hiringOrganization\":\"Maison  des\\nJeunes\",\"inLanguage\":\"fr-BE\"}]}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    assert_string_equal(rs->title, "Animateur");
    assert_string_equal(rs->organization, "Maison des Jeunes");
    assert_string_equal(rs->language, "fr");
    assert_int_equal(rs->count, 0);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_WARNING), 1);   /* no requirements */
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void posting_language_should_come_from_in_language_or_default_to_en(void **state)
{
    (void)state;
    static const struct {
        const char *in_language, *want;
    } cases[] = {
        {"\"nl-BE\"", "nl"}, {"\"FR\"", "fr"},
        {"{\"@type\":\"Language\",\"name\":\"French\"}", "fr"},
        {"\"Nederlands\"", "nl"}, {"null", "en"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[256];
        snprintf(json, sizeof json, "{\"@type\":\"JobPosting\",\"inLanguage\":%s}",
                 cases[i].in_language);
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = compile_ok(json, &d);
        assert_string_equal(rs->language, cases[i].want);
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
}

static void text_requirements_should_be_read_with_the_kb(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\",\"hiringOrganization\":{\"name\":\"MJ\"},"
        "\"educationRequirements\":\"Bachelier ou équivalent\","
        "\"experienceRequirements\":\"Au moins trois ans en gestion d'équipe\"}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    assert_string_equal(rs->organization, "MJ");
    const rq_rule *deg = find(rs, "degree-1");
    assert_int_equal(deg->min_eqf, 6);
    assert_true(deg->or_equivalent);
    const rq_rule *exp = find(rs, "experience-1");
    assert_true(exp->has_min_years);
    assert_true(exp->min_years == 3);
    assert_true(rq_strlist_has(&exp->domains, "team_management"));
    assert_string_equal(exp->source_text,
                        "experienceRequirements: Au moins trois ans en gestion d'équipe");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void experience_text_without_duration_should_have_no_min_years(void **state)
{
    (void)state;
    const char *json = "{\"@type\":\"JobPosting\",\"experienceRequirements\":"
                       "[\"Experience in project management\", \"18 months abroad\"]}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    const rq_rule *r = find(rs, "experience-1");
    assert_false(r->has_min_years);
    assert_string_equal(r->source_text, "experienceRequirements[0]: Experience in project management");
    r = find(rs, "experience-2");
    assert_true(r->has_min_years);
    assert_true(r->min_years == 1.5);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void skills_should_give_one_knowledge_rule_per_entry(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\","
        "\"skills\":[{\"@type\":\"DefinedTerm\",\"name\":\"migration law\"},\"cooking\"],"
        "\"qualifications\":\"gestion de projet; permis B is a plus\"}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    assert_int_equal(rs->count, 4);
    const rq_rule *r = find(rs, "knowledge-1");
    assert_string_equal(r->concepts.items[0], "migration_law");
    assert_string_equal(r->source_text, "skills[0]: migration law");
    r = find(rs, "knowledge-2");
    assert_string_equal(r->concepts.items[0], "cooking");   /* free text kept */
    r = find(rs, "knowledge-3");
    assert_string_equal(r->concepts.items[0], "project_management");
    assert_true(r->required);
    r = find(rs, "knowledge-4");
    assert_string_equal(r->concepts.items[0], "driving_licence");
    assert_string_equal(r->source_text, "qualifications: permis B is a plus");
    assert_false(r->required);   /* the JSON says it is an asset */
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* A skill or qualification naming a language is a language rule, read as
 * a requirement line: level, "or", modality. */
static void skills_naming_a_language_should_be_language_rules(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\",\"title\":\"Caseworker\","
        "\"skills\":\"case management, Arabic\","
        "\"qualifications\":\"Fluent English; Arabic or Farsi desirable\"}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    const rq_rule *ar = find(rs, "language-1");
    assert_string_equal(ar->languages.items[0], "ar");
    assert_true(ar->required);
    assert_string_equal(ar->source_text, "skills: Arabic");
    const rq_rule *en = find(rs, "language-2");
    assert_string_equal(en->languages.items[0], "en");
    assert_int_equal(en->min_level, 5);
    const rq_rule *either = find(rs, "language-3");
    assert_int_equal((int)either->languages.count, 2);
    assert_false(either->required);
    for (size_t i = 0; i < rs->count; i++)
        assert_true(rs->rules[i].category != RQ_CAT_KNOWLEDGE ||
                    !rq_strlist_has(&rs->rules[i].concepts, "Arabic"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void html_should_become_plain_text_lines(void **state)
{
    (void)state;
    char *t = rq_html_to_text("<h2>Profil</h2>\n<ul><li>Droit &amp; <b>migration</b></li>"
                              "<li>caf&eacute; &#233;t&#xE9;&nbsp;x &lt;3&gt; &bogus; "
                              "&quot;q&quot; &#39;</li></ul><p>Fin<br/>ici</p>");
    assert_string_equal(t, "Profil\n\n- Droit & migration\n- café été x <3> &bogus; \"q\" '\n"
                           "\nFin\nici\n");
    free(t);
    t = rq_html_to_text("Plain text\nkeeps its lines & ampersands\n\n\n\nonly one blank");
    assert_string_equal(t, "Plain text\nkeeps its lines & ampersands\n\nonly one blank\n");
    free(t);
}

static void description_rules_should_be_merged_structured_first(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\",\"title\":\"Officer\","
        "\"educationRequirements\":{\"@type\":\"EducationalOccupationalCredential\","
        "\"credentialCategory\":\"bachelor degree\"},"
        "\"description\":\"<h3>Profile</h3><ul><li>Master's degree in law</li>"
        "<li>Fluent English</li></ul>\"}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    /* the structured degree wins over the description's */
    size_t degrees = 0;
    for (size_t i = 0; i < rs->count; i++)
        degrees += rs->rules[i].category == RQ_CAT_DEGREE;
    assert_int_equal(degrees, 1);
    assert_int_equal(find(rs, "degree-1")->min_eqf, 6);
    const rq_rule *lang = find(rs, "language-1");
    assert_string_equal(lang->languages.items[0], "en");
    assert_true(lang->source_line > 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* The structured numbers stand; what they leave out (the fields of the
 * degree, the domain of the experience) comes from the description, and
 * the rule shows both sentences. A description asking a lower degree
 * gives the structured one no fields. */
static void description_should_complete_structured_rules(void **state)
{
    (void)state;
    const char *json =
        "{\"@type\":\"JobPosting\",\"title\":\"Chargé de plaidoyer\","
        "\"educationRequirements\":{\"@type\":\"EducationalOccupationalCredential\","
        "\"credentialCategory\":\"postgraduate degree\"},"
        "\"experienceRequirements\":{\"@type\":\"OccupationalExperienceRequirements\","
        "\"monthsOfExperience\":36},"
        "\"description\":\"<p>Profil</p><ul><li>Bac+5 en droit ou sciences politiques</li>"
        "<li>2 ans d'expérience minimum en plaidoyer</li></ul>\"}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    const rq_rule *deg = find(rs, "degree-1");
    assert_int_equal(deg->min_eqf, 7);
    assert_int_equal((int)deg->fields.count, 2);
    assert_string_equal(deg->fields.items[0], "law");
    assert_string_equal(deg->fields.items[1], "political_science");
    assert_non_null(strstr(deg->source_text, "| description: Bac+5 en droit"));
    const rq_rule *exp = find(rs, "experience-1");
    assert_true(exp->min_years == 3.0);
    assert_int_equal((int)exp->domains.count, 1);
    assert_string_equal(exp->domains.items[0], "advocacy");
    for (size_t i = 0; i < rs->count; i++)
        assert_true(rs->rules[i].category != RQ_CAT_DEGREE || &rs->rules[i] == deg);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);

    json = "{\"@type\":\"JobPosting\",\"title\":\"Officer\","
           "\"educationRequirements\":{\"@type\":\"EducationalOccupationalCredential\","
           "\"credentialCategory\":\"postgraduate degree\"},"
           "\"description\":\"<ul><li>Bachelor's degree in law</li></ul>\"}";
    rs = compile_ok(json, &d);
    assert_int_equal((int)find(rs, "degree-1")->fields.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void every_rule_should_point_at_the_line_of_its_property(void **state)
{
    (void)state;
    const char *json =
        "{\n"
        "  \"@type\": \"JobPosting\",\n"
        "  \"title\": \"Adviser\",\n"
        "  \"skills\": [\"migration law\"],\n"
        "  \"experienceRequirements\"  :\n"
        "    {\"monthsOfExperience\": 24},\n"
        "  \"description\": \"<h3>Profile</h3><ul><li>Fluent Dutch</li></ul>\"\n"
        "}\n";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile_ok(json, &d);
    assert_int_equal(find(rs, "knowledge-1")->source_line, 4);
    assert_int_equal(find(rs, "experience-1")->source_line, 5);
    assert_int_equal(find(rs, "language-1")->source_line, 7);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void broken_json_should_be_an_error_with_line_and_column(void **state)
{
    (void)state;
    const char *json = "{\"@type\": \"JobPosting\",\n  \"title\": oops}";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_jobposting_compile(json, strlen(json), "job.json", kb, &rs, &d), -1);
    assert_null(rs);
    char *s = rq_diag_format(&d.items[0]);
    assert_string_equal(s, "job.json:2:12: invalid JSON");
    free(s);
    rq_diags_clear(&d);

    json = "{\"basics\": {\"name\": \"A CV, not a posting\"}}";
    assert_int_equal(rq_jobposting_compile(json, strlen(json), "cv.json", kb, &rs, &d), -1);
    s = rq_diag_format(&d.items[0]);
    assert_string_equal(s, "cv.json: not a schema.org JobPosting (no \"@type\": \"JobPosting\")");
    free(s);
    rq_diags_clear(&d);
}

/* The JSON reader takes any byte inside a string and stops at a NUL: a
 * posting with either would give rules that no .rules file can hold. */
static void invalid_utf8_or_nul_should_be_an_error_with_line_and_column(void **state)
{
    (void)state;
    static const char bad_utf8[] =
        "{\"@type\": \"JobPosting\",\n \"hiringOrganization\": \"Qua\xd4\xd4rtier\"}";
    static const char nul[] = "{\"@type\": \"JobPosting\", \"title\": \"x\"}\n\0{\"junk\"";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_jobposting_compile(bad_utf8, sizeof bad_utf8 - 1, "job.json", kb, &rs,
                                           &d), -1);
    assert_null(rs);
    char *s = rq_diag_format(&d.items[0]);
    assert_string_equal(s, "job.json:2:28: invalid UTF-8");
    free(s);
    rq_diags_clear(&d);
    assert_int_equal(rq_jobposting_compile(nul, sizeof nul - 1, "job.json", kb, &rs, &d), -1);
    assert_null(rs);
    s = rq_diag_format(&d.items[0]);
    assert_string_equal(s, "job.json:2:1: NUL byte (not a text file?)");
    free(s);
    rq_diags_clear(&d);
}

/* cJSON stops at 1000 levels: the message says so, where it stopped. */
static void deep_nesting_should_be_named_as_such(void **state)
{
    (void)state;
    size_t depth = 5000;
    char *json = malloc(2 * depth + 64);
    size_t n = (size_t)sprintf(json, "{\"@type\": \"JobPosting\", \"skills\": ");
    memset(json + n, '[', depth);
    memset(json + n + depth, ']', depth);
    strcpy(json + n + 2 * depth, "}");
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_jobposting_compile(json, strlen(json), "job.json", kb, &rs, &d), -1);
    char *s = rq_diag_format(&d.items[0]);
    /* the object and 999 arrays are open at the 1000th array: column 35 + 999 */
    assert_string_equal(s, "job.json:1:1034: JSON nested deeper than 1000 levels");
    free(s);
    rq_diags_clear(&d);
    free(json);
}

/* ---- rq_posting_load ---- */

static char tmpdir[] = "/tmp/rq_jobposting_XXXXXX";

static char *temp_file(const char *ext, const char *data, size_t len)
{
    static int n;
    if (n == 0)
        assert_non_null(mkdtemp(tmpdir));
    char *path = rq_sprintf("%s/posting%d%s", tmpdir, ++n, ext);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static void load_should_pick_the_reader_by_extension(void **state)
{
    (void)state;
    const char *rules = "title: T\n[k]\ncategory: knowledge\nconcepts: law\n";
    const char *text = "Profile\n- Master's degree in law\n- Fluent English\n";
    const struct {
        const char *ext, *data;
        const char *first_category;
    } cases[] = {
        {".rules", rules, "knowledge"},
        {".RULES", rules, "knowledge"},
        {".txt", text, NULL},
        {".json", "{\"@type\":\"JobPosting\",\"skills\":\"law\"}", "knowledge"},
        {".jsonld", "{\"@type\":\"JobPosting\",\"educationRequirements\":\"PhD\"}", "degree"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = temp_file(cases[i].ext, cases[i].data, strlen(cases[i].data));
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = NULL;
        assert_int_equal(rq_posting_load(path, kb, NULL, &rs, &d), 0);
        assert_true(rs->count > 0);
        if (cases[i].first_category)
            assert_string_equal(rq_category_name(rs->rules[0].category),
                                cases[i].first_category);
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
        unlink(path);
        free(path);
    }
}

static void load_should_refuse_binary_and_invalid_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *ext, *data;
        size_t len;
        const char *message;
    } cases[] = {
        {".txt", "Profile\n\0\x01\x02", 11, "not a text posting (binary or invalid UTF-8 at byte 8)"},
        {".txt", "caf\xE9 au lait", 12, "not a text posting (binary or invalid UTF-8 at byte 3)"},
        {".json", "{\"a\":\"\xFF\"}", 9, "not a text posting (binary or invalid UTF-8 at byte 6)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = temp_file(cases[i].ext, cases[i].data, cases[i].len);
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = NULL;
        assert_int_equal(rq_posting_load(path, kb, NULL, &rs, &d), -1);
        assert_null(rs);
        assert_int_equal(d.count, 1);
        assert_string_equal(d.items[0].file, path);
        assert_string_equal(d.items[0].message, cases[i].message);
        rq_diags_clear(&d);
        unlink(path);
        free(path);
    }
}

static void load_should_name_a_missing_file(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_posting_load("/nonexistent/job.txt", kb, NULL, &rs, &d), -1);
    char *s = rq_diag_format(&d.items[0]);
    assert_string_equal(s, "/nonexistent/job.txt: No such file or directory");
    free(s);
    rq_diags_clear(&d);
}

/* The shipped samples load, and survive a trip through the .rules format. */
static void samples_should_compile_and_round_trip(void **state)
{
    (void)state;
    static const char *const samples[] = {"legal-officer.json", "coordinateur-graph.json"};
    for (size_t i = 0; i < 2; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/samples/postings/%s", RQ_SOURCE_DIR, samples[i]);
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = NULL;
        assert_int_equal(rq_posting_load(path, kb, NULL, &rs, &d), 0);
        assert_true(rs->count >= 4);
        assert_non_null(rs->title);
        rq_buf b = RQ_BUF_INIT;
        assert_int_equal(rq_rules_write(rs, &b), 0);
        rq_ruleset *back = NULL;
        assert_int_equal(rq_rules_parse(b.data, b.len, "x.rules", kb, &back, &d), 0);
        assert_true(rq_ruleset_equal(rs, back));
        rq_ruleset_free(back);
        rq_buf_free(&b);
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(credential_category_should_give_the_eqf_level),
        cmocka_unit_test(professional_certificate_should_become_an_other_rule),
        cmocka_unit_test(months_of_experience_should_become_years),
        cmocka_unit_test(months_of_experience_that_is_no_number_should_be_named),
        cmocka_unit_test(experience_in_place_of_education_should_allow_equivalent),
        cmocka_unit_test(posting_inside_a_graph_with_a_type_array_should_be_found),
        cmocka_unit_test(posting_language_should_come_from_in_language_or_default_to_en),
        cmocka_unit_test(text_requirements_should_be_read_with_the_kb),
        cmocka_unit_test(experience_text_without_duration_should_have_no_min_years),
        cmocka_unit_test(skills_should_give_one_knowledge_rule_per_entry),
        cmocka_unit_test(skills_naming_a_language_should_be_language_rules),
        cmocka_unit_test(html_should_become_plain_text_lines),
        cmocka_unit_test(description_rules_should_be_merged_structured_first),
        cmocka_unit_test(description_should_complete_structured_rules),
        cmocka_unit_test(every_rule_should_point_at_the_line_of_its_property),
        cmocka_unit_test(broken_json_should_be_an_error_with_line_and_column),
        cmocka_unit_test(invalid_utf8_or_nul_should_be_an_error_with_line_and_column),
        cmocka_unit_test(deep_nesting_should_be_named_as_such),
        cmocka_unit_test(load_should_pick_the_reader_by_extension),
        cmocka_unit_test(load_should_refuse_binary_and_invalid_utf8),
        cmocka_unit_test(load_should_name_a_missing_file),
        cmocka_unit_test(samples_should_compile_and_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
