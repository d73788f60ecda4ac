/* Tests for rules/rulesfile.c (the .rules format) and rules/rulejson.c
 * (the contract's JSON). Broken files and their exact diagnostics are in
 * tests/rules/NAME.rules and NAME.expected; run with RQ_UPDATE_GOLDEN=1 to
 * rewrite the .expected files after a deliberate change (then review them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "rules.h"

static rq_kb *kb;

static int setup(void **state)
{
    (void)state;
    /* the test's own concepts, so it does not hang on the shipped lexicon */
    static const char concepts[] =
        "@table concepts\n"
        "child_rights: children's rights; droits de l'enfant\n"
        "driving_licence: driving licence; permis de conduire\n"
        "social_sciences: social sciences; sciences sociales\n"
        "team_management: team management\n";
    rq_diags d = RQ_DIAGS_INIT;
    int rc = rq_kb_new(&kb, &d);
    if (rc == 0)
        rc = rq_kb_extend_text(kb, concepts, sizeof concepts - 1, "test", &d);
    rq_diags_clear(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    rq_kb_free(kb);
    return 0;
}

static void add_rule(rq_ruleset *rs, const char *id, rq_category cat, bool required,
                     double weight, int line, const char *source)
{
    rq_rule *r = rq_ruleset_add(rs);
    assert_non_null(r);
    r->id = rq_strdup(id);
    r->category = cat;
    r->required = required;
    r->weight = weight;
    r->source_line = line;
    r->source_text = rq_strdup(source);
}

/* A set with every category and the awkward characters a value can hold. */
static rq_ruleset *sample_set(void)
{
    rq_ruleset *rs = rq_ruleset_new();
    assert_non_null(rs);
    rs->title = rq_strdup("Coordinateur·ice des programmes");
    rs->organization = rq_strdup("Association Exemple #2; Bruxelles");
    memcpy(rs->language, "fr", 3);

    add_rule(rs, "degree-1", RQ_CAT_DEGREE, true, 2, 27,
             "Diplôme universitaire; idéalement en sciences sociales");
    rq_rule *r = &rs->rules[rs->count - 1];
    r->min_eqf = 6;
    rq_strlist_add(&r->fields, "social_sciences");
    rq_strlist_add(&r->fields, "sciences; humaines #1");
    r->or_equivalent = true;

    add_rule(rs, "experience-1", RQ_CAT_EXPERIENCE, true, 1.5, 30,
             "5 ans d'expérience # minimum\\ au moins");
    r = &rs->rules[rs->count - 1];
    r->has_min_years = true;
    r->min_years = 5.25;
    rq_strlist_add(&r->domains, "team_management");

    add_rule(rs, "experience-2", RQ_CAT_EXPERIENCE, false, 0.1, 31, "");
    r = &rs->rules[rs->count - 1];
    r->has_min_years = false;

    add_rule(rs, "language-1", RQ_CAT_LANGUAGE, true, 3, 40, "  espaces autour\t");
    r = &rs->rules[rs->count - 1];
    rq_strlist_add(&r->languages, "en");
    rq_strlist_add(&r->languages, "nl");
    r->min_level = 5;

    add_rule(rs, "knowledge-1", RQ_CAT_KNOWLEDGE, false, 1, 0,
             "ligne 1\nligne 2 \x01 fin");
    r = &rs->rules[rs->count - 1];
    rq_strlist_add(&r->concepts, "child_rights");
    rq_strlist_add(&r->concepts, "droit des étrangers");
    r->match_any = true;

    add_rule(rs, "other-1", RQ_CAT_OTHER, false, 1.0 / 3.0, 52, "Permis B");
    r = &rs->rules[rs->count - 1];
    rq_strlist_add(&r->concepts, "driving_licence");
    return rs;
}

static char *write_set(const rq_ruleset *rs)
{
    rq_buf b = RQ_BUF_INIT;
    assert_int_equal(rq_rules_write(rs, &b), 0);
    return rq_buf_take(&b);
}

static rq_ruleset *parse_ok(const char *text, rq_diags *d)
{
    rq_ruleset *rs = NULL;
    int rc = rq_rules_parse(text, strlen(text), "t.rules", kb, &rs, d);
    if (rc != 0)
        for (size_t i = 0; i < d->count; i++) {
            char *s = rq_diag_format(&d->items[i]);
            print_error("%s\n", s);
            free(s);
        }
    assert_int_equal(rc, 0);
    assert_non_null(rs);
    return rs;
}

static void roundtrip_should_give_back_an_equal_set_and_identical_text(void **state)
{
    (void)state;
    rq_ruleset *rs = sample_set();
    char *text = write_set(rs);
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *back = parse_ok(text, &d);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_ERROR), 0);
    assert_true(rq_ruleset_equal(back, rs));
    char *again = write_set(back);
    assert_string_equal(again, text);
    free(again);
    free(text);
    rq_ruleset_free(back);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void writer_should_write_every_key_of_the_category_in_canonical_order(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    memcpy(rs->language, "en", 3);
    rs->title = rq_strdup("Project officer");
    add_rule(rs, "experience-1", RQ_CAT_EXPERIENCE, false, 2, 0, "");
    add_rule(rs, "degree-1", RQ_CAT_DEGREE, true, 1.5, 3, "C# and ;");
    rs->rules[1].min_eqf = 7;
    char *text = write_set(rs);
    assert_string_equal(text,
        "# reqmatch rule set: one [section] per rule, lists separated by ';'\n"
        "title: Project officer\n"
        "language: en\n"
        "\n"
        "[experience-1]\n"
        "category: experience\n"
        "required: no\n"
        "weight: 2\n"
        "min_years: none\n"
        "domains:\n"
        "line: 0\n"
        "source:\n"
        "\n"
        "[degree-1]\n"
        "category: degree\n"
        "required: yes\n"
        "weight: 1.5\n"
        "min_eqf: 7\n"
        "fields:\n"
        "or_equivalent: no\n"
        "line: 3\n"
        "source: C# and ;\n");
    free(text);
    rq_ruleset_free(rs);
}

static void writer_should_print_numbers_in_shortest_round_trip_form(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    add_rule(rs, "e", RQ_CAT_EXPERIENCE, false, 0.1, 0, "");
    rs->rules[0].has_min_years = true;
    rs->rules[0].min_years = 1.0 / 3.0;
    char *text = write_set(rs);
    assert_non_null(strstr(text, "weight: 0.1\n"));
    assert_non_null(strstr(text, "min_years: 0.33333333333333331\n"));
    free(text);
    rq_ruleset_free(rs);
}

static void parser_should_accept_comments_escapes_and_keys_in_any_order(void **state)
{
    (void)state;
    const char *text =
        "\xEF\xBB\xBF# a hand-written file\r\n"
        "title: Juriste   # trailing comment\r\n"
        "language: FR\n"
        "\n"
        "  [know-1]   # the first rule\n"
        "concepts: C#; a\\; b ;  ;\\#tag ; child_rights;\n"
        "weight: 3\n"
        "category: knowledge\n"
        "match: ANY\n"
        "required: True\n"
        "source: costs 5\\; no \\\\ more\\ \n"
        "\n"
        "[exp-2]\n"
        "category: experience\n";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = parse_ok(text, &d);
    assert_string_equal(rs->title, "Juriste");
    assert_string_equal(rs->language, "fr");
    assert_int_equal(rs->count, 2);
    rq_rule *r = &rs->rules[0];
    assert_string_equal(r->id, "know-1");
    assert_int_equal(r->category, RQ_CAT_KNOWLEDGE);
    assert_true(r->required);
    assert_true(r->match_any);
    assert_true(r->weight == 3);
    assert_int_equal(r->concepts.count, 4);
    assert_string_equal(r->concepts.items[0], "C#");
    assert_string_equal(r->concepts.items[1], "a; b");
    assert_string_equal(r->concepts.items[2], "#tag");
    assert_string_equal(r->concepts.items[3], "child_rights");
    assert_string_equal(r->source_text, "costs 5; no \\ more ");
    /* defaults of an experience rule written with its category only */
    r = &rs->rules[1];
    assert_false(r->required);
    assert_true(r->weight == 1);
    assert_false(r->has_min_years);
    assert_int_equal(r->domains.count, 0);
    assert_string_equal(r->source_text, "");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void parser_should_note_free_text_concepts_without_failing(void **state)
{
    (void)state;
    const char *text = "[k]\ncategory: knowledge\nconcepts: child_rights; xyz words\n";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = parse_ok(text, &d);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_ERROR), 0);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_NOTE), 1);
    char *s = rq_diag_format(&d.items[0]);
    assert_string_equal(s, "t.rules:3:25: free-text concept 'xyz words' (not in the lexicon)");
    free(s);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void parser_should_warn_about_a_file_without_rules(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = parse_ok("# nothing yet\ntitle: X\n", &d);
    assert_int_equal(rs->count, 0);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_WARNING), 1);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static char *slurp(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (rq_read_file(path, &data, &len) != 0)
        fail_msg("cannot read %s", path);
    return data;
}

/* Every broken file: exact diagnostics, all of them, in one pass. */
static void parser_should_report_every_error_with_file_line_col(void **state)
{
    (void)state;
    static const char *const names[] = {
        "unknown_key", "key_of_other_category", "missing_category", "duplicate_id",
        "bad_id", "bad_number", "weight_not_positive", "eqf_out_of_range",
        "unknown_cefr_level", "unknown_iso_code", "empty_required_list",
        "missing_required_key", "text_before_section", "invalid_utf8", "bad_value",
        "bad_escape", "duplicate_key", "unknown_category", "posting_keys",
        "many_errors", "newline_in_value",
    };
    bool update = getenv("RQ_UPDATE_GOLDEN") != NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256], file[256];
        snprintf(path, sizeof path, "%s/tests/rules/%s.rules", RQ_SOURCE_DIR, names[i]);
        snprintf(file, sizeof file, "tests/rules/%s.rules", names[i]);
        char *data = NULL;
        size_t len = 0;
        assert_int_equal(rq_read_file(path, &data, &len), 0);
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = NULL;
        assert_int_equal(rq_rules_parse(data, len, file, kb, &rs, &d), -1);
        assert_null(rs);
        rq_buf got = RQ_BUF_INIT;
        for (size_t k = 0; k < d.count; k++) {
            char *s = rq_diag_format(&d.items[k]);
            rq_buf_printf(&got, "%s\n", s);
            free(s);
        }
        snprintf(path, sizeof path, "%s/tests/rules/%s.expected", RQ_SOURCE_DIR, names[i]);
        if (update) {
            FILE *f = fopen(path, "wb");
            assert_non_null(f);
            fwrite(got.data, 1, got.len, f);
            fclose(f);
        }
        char *want = slurp(path);
        if (strcmp(want, got.data ? got.data : "") != 0)
            print_error("%s:\n--- want\n%s--- got\n%s", names[i], want, got.data);
        assert_string_equal(got.data ? got.data : "", want);
        free(want);
        rq_buf_free(&got);
        rq_diags_clear(&d);
        free(data);
    }
}

/* A 5 MB posting compiles to some 50 000 rules: their ids are checked for
 * duplicates in linear time (pair by pair it took seconds), and every
 * duplicate still names the first line of its id. */
static void parser_should_check_50000_ids_in_linear_time(void **state)
{
    (void)state;
    enum { RULES = 50000 };
    rq_buf b = RQ_BUF_INIT;
    for (int i = 0; i < RULES; i++)
        rq_buf_printf(&b, "[knowledge-%d]\ncategory: knowledge\nconcepts: x\n", i);
    rq_buf_puts(&b, "[knowledge-7]\ncategory: knowledge\nconcepts: x\n");
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    clock_t t0 = clock();
    assert_int_equal(rq_rules_parse(b.data, b.len, "many.rules", NULL, &rs, &d), -1);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_int_equal(rq_diags_count(&d, RQ_SEV_ERROR), 1);
    for (size_t i = 0; i < d.count; i++)
        if (d.items[i].severity == RQ_SEV_ERROR) {
            char *line = rq_diag_format(&d.items[i]);
            assert_string_equal(line, "many.rules:150001:2: duplicate rule id 'knowledge-7' "
                                      "(first at line 22)");
            free(line);
        }
    if (cpu > 1.5 * RQ_CPU_SLACK)
        print_error("parsing 50 000 rules took %.2f s of CPU\n", cpu);
    assert_true(cpu <= 1.5 * RQ_CPU_SLACK);
    rq_diags_clear(&d);
    rq_buf_free(&b);
}

/* One rule with 50 000 concepts on a 600 KB line: each item's column was
 * counted from the start of the line, and the lists grew one item at a
 * time (seconds here, minutes under the sanitizers). Columns stay exact. */
static void parser_should_read_a_50000_item_list_in_linear_time(void **state)
{
    (void)state;
    enum { ITEMS = 50000 };
    rq_buf b = RQ_BUF_INIT;
    rq_buf_puts(&b, "[k-1]\ncategory: knowledge\nconcepts: ");
    for (int i = 0; i < ITEMS; i++)
        rq_buf_printf(&b, "%sthing%05d", i ? "; " : "", i);
    rq_buf_puts(&b, "\n");
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    clock_t t0 = clock();
    int rc = rq_rules_parse(b.data, b.len, "wide.rules", NULL, &rs, &d);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_int_equal(rc, 0);
    assert_int_equal(rs->count, 1);
    assert_int_equal(rs->rules[0].concepts.count, ITEMS);
    assert_string_equal(rs->rules[0].concepts.items[ITEMS - 1], "thing49999");
    if (cpu > 1.5 * RQ_CPU_SLACK)
        print_error("a 50 000-item list took %.2f s of CPU\n", cpu);
    assert_true(cpu <= 1.5 * RQ_CPU_SLACK);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
    rq_buf_free(&b);

    /* columns after escapes and accented letters, and of an error inside
     * an item that a later item follows */
    static const char esc[] = "[k-1]\ncategory: knowledge\n"
                              "concepts: zork\\tb;  caf\xc3\xa9\\;x ;y\\qz; \xc3\xa9\xc3\xa9  ; last\n";
    assert_int_equal(rq_rules_parse(esc, sizeof esc - 1, "esc.rules", kb, &rs, &d), -1);
    rq_buf got = RQ_BUF_INIT;
    for (size_t i = 0; i < d.count; i++) {
        char *line = rq_diag_format(&d.items[i]);
        rq_buf_printf(&got, "%s\n", line);
        free(line);
    }
    assert_string_equal(got.data, "esc.rules:3:31: unknown escape '\\q' (write '\\\\' for a backslash)\n");
    rq_buf_free(&got);
    rq_diags_clear(&d);
    static const char ok[] = "[k-1]\ncategory: knowledge\n"
                             "concepts: zork\\tb;  caf\xc3\xa9\\;x ;y\\x01z; \xc3\xa9\xc3\xa9  ; last\n";
    assert_int_equal(rq_rules_parse(ok, sizeof ok - 1, "ok.rules", kb, &rs, &d), 0);
    for (size_t i = 0; i < d.count; i++) {
        char *line = rq_diag_format(&d.items[i]);
        rq_buf_printf(&got, "%s\n", line);
        free(line);
    }
    assert_string_equal(got.data,
                        "ok.rules:3:11: free-text concept 'zork\\tb' (not in the lexicon)\n"
                        "ok.rules:3:21: free-text concept 'caf\xc3\xa9;x' (not in the lexicon)\n"
                        "ok.rules:3:30: free-text concept 'y\\x01z' (not in the lexicon)\n"
                        "ok.rules:3:38: free-text concept '\xc3\xa9\xc3\xa9' (not in the lexicon)\n"
                        "ok.rules:3:44: free-text concept 'last' (not in the lexicon)\n");
    rq_buf_free(&got);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* A binary file is one error, not one a line; text full of errors stops
 * after 50 of them with a last one saying so. */
static void parser_should_stop_at_a_nul_byte_and_after_50_errors(void **state)
{
    (void)state;
    static const char binary[] = "[r-1]\ncategory: other\nconcepts: a\0b\n\xff\n\0\n";
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_rules_parse(binary, sizeof binary - 1, "x.rules", NULL, &rs, &d), -1);
    assert_int_equal(d.count, 1);
    char *line = rq_diag_format(&d.items[0]);
    assert_string_equal(line, "x.rules:3:12: NUL byte: a binary file, not a rules file");
    free(line);
    rq_diags_clear(&d);

    rq_buf b = RQ_BUF_INIT;
    for (int i = 0; i < 200; i++)
        rq_buf_puts(&b, "no key here\n");
    assert_int_equal(rq_rules_parse(b.data, b.len, "y.rules", NULL, &rs, &d), -1);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_ERROR), 51);
    line = rq_diag_format(&d.items[d.count - 1]);
    assert_string_equal(line, "y.rules:51:1: more than 50 errors: the rest of the file is not read");
    free(line);
    rq_diags_clear(&d);
    rq_buf_free(&b);
}

/* The annotated example of the README parses, with notes for free text only. */
static void readme_example_should_parse(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/tests/rules/readme_example.rules", RQ_SOURCE_DIR);
    char *data = slurp(path);
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = parse_ok(data, &d);
    assert_int_equal(rs->count, 4);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_ERROR) + rq_diags_count(&d, RQ_SEV_WARNING), 0);
    for (size_t i = 0; i < d.count; i++)
        assert_non_null(strstr(d.items[i].message, "free-text concept"));
    const rq_rule *r = &rs->rules[3];
    assert_true(r->match_any);
    assert_string_equal(r->source_text, "Connaissance des droits de l'enfant; un atout");
    assert_true(rs->rules[1].has_min_years && rs->rules[1].min_years == 5);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
    free(data);
}

/* ---- JSON ---- */

static void json_should_follow_the_contract_shape(void **state)
{
    (void)state;
    rq_ruleset *rs = sample_set();
    cJSON *j = rq_ruleset_to_json(rs);
    assert_non_null(j);
    char *printed = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    /* read it back as any consumer would */
    cJSON *root = cJSON_Parse(printed);
    assert_non_null(root);
    cJSON *posting = cJSON_GetObjectItemCaseSensitive(root, "posting");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(posting, "title")->valuestring,
                        "Coordinateur·ice des programmes");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(posting, "language")->valuestring, "fr");
    cJSON *rules = cJSON_GetObjectItemCaseSensitive(root, "rules");
    assert_int_equal(cJSON_GetArraySize(rules), 6);

    cJSON *deg = cJSON_GetArrayItem(rules, 0);
    assert_string_equal(deg->child->string, "id");   /* fixed key order */
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(deg, "category")->valuestring, "degree");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(deg, "required")));
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(deg, "min_eqf")->valueint, 6);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(deg, "fields")), 2);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(deg, "or_equivalent")));
    cJSON *src = cJSON_GetObjectItemCaseSensitive(deg, "source");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(src, "line")->valueint, 27);
    assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(src, "text")));
    assert_null(cJSON_GetObjectItemCaseSensitive(deg, "concepts"));

    cJSON *exp1 = cJSON_GetArrayItem(rules, 1);
    assert_true(cJSON_GetObjectItemCaseSensitive(exp1, "min_years")->valuedouble == 5.25);
    cJSON *exp2 = cJSON_GetArrayItem(rules, 2);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(exp2, "min_years")));
    assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(exp2, "domains")));

    cJSON *lang = cJSON_GetArrayItem(rules, 3);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(lang, "min_level")->valuestring, "C1");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(lang, "languages"), 1)
                            ->valuestring, "nl");
    cJSON *know = cJSON_GetArrayItem(rules, 4);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(know, "match")->valuestring, "any");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(know, "concepts")), 2);
    cJSON_Delete(root);

    /* weights print as plain numbers: 2 not 2.0, 1.5 as 1.5 */
    assert_non_null(strstr(printed, "\"weight\":2,"));
    assert_non_null(strstr(printed, "\"weight\":1.5,"));
    free(printed);
    rq_ruleset_free(rs);
}

static void json_should_give_null_title_and_organization_when_absent(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    memcpy(rs->language, "nl", 3);
    cJSON *j = rq_posting_to_json(rs);
    char *s = cJSON_PrintUnformatted(j);
    assert_string_equal(s, "{\"title\":null,\"organization\":null,\"language\":\"nl\"}");
    free(s);
    cJSON_Delete(j);
    rq_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roundtrip_should_give_back_an_equal_set_and_identical_text),
        cmocka_unit_test(writer_should_write_every_key_of_the_category_in_canonical_order),
        cmocka_unit_test(writer_should_print_numbers_in_shortest_round_trip_form),
        cmocka_unit_test(parser_should_accept_comments_escapes_and_keys_in_any_order),
        cmocka_unit_test(parser_should_note_free_text_concepts_without_failing),
        cmocka_unit_test(parser_should_warn_about_a_file_without_rules),
        cmocka_unit_test(parser_should_report_every_error_with_file_line_col),
        cmocka_unit_test(parser_should_check_50000_ids_in_linear_time),
        cmocka_unit_test(parser_should_stop_at_a_nul_byte_and_after_50_errors),
        cmocka_unit_test(parser_should_read_a_50000_item_list_in_linear_time),
        cmocka_unit_test(readme_example_should_parse),
        cmocka_unit_test(json_should_follow_the_contract_shape),
        cmocka_unit_test(json_should_give_null_title_and_organization_when_absent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
