/*
 * test_compiler.c - the plain-text posting compiler.
 *
 * Golden files: every tests/postings/NAME.txt compiles to exactly
 * NAME.rules (rq_rules_write) with exactly the warnings in NAME.warnings
 * (one rq_diag_format line each); samples/postings/NAME.txt to NAME.rules.
 * RQ_UPDATE_GOLDEN=1 rewrites them (review every change by eye).
 * Unit tests name the behaviours the golden files rely on.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "compiler_internal.h"
#include "rules.h"

static rq_kb *kb;

static int setup(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    int rc = rq_kb_new(&kb, &d);
    rq_diags_clear(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    rq_kb_free(kb);
    return 0;
}

static rq_ruleset *compile(const char *text, rq_diags *d)
{
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_compile_text(text, strlen(text), "t.txt", kb, NULL, &rs, d), 0);
    assert_non_null(rs);
    return rs;
}

static const rq_rule *find_rule(const rq_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->count; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return &rs->rules[i];
    return NULL;
}

static size_t count_cat(const rq_ruleset *rs, rq_category c)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->count; i++)
        n += rs->rules[i].category == c;
    return n;
}

/* ---- golden files ---- */

static char *slurp(const char *path)
{
    char *t;
    size_t n;
    return rq_read_file(path, &t, &n) == 0 ? t : NULL;
}

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

static void check_golden(const char *dir, const char *name, bool warnings)
{
    char path[512], gold[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = slurp(path);
    assert_non_null(text);
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_compile_text(text, strlen(text), path, kb, NULL, &rs, &d), 0);
    rq_buf out = RQ_BUF_INIT, warn = RQ_BUF_INIT;
    assert_int_equal(rq_rules_write(rs, &out), 0);
    for (size_t i = 0; i < d.count; i++) {
        char *m = rq_diag_format(&d.items[i]);
        rq_buf_printf(&warn, "%s\n", m);
        free(m);
    }
    size_t nl = strlen(name);
    bool update = getenv("RQ_UPDATE_GOLDEN") != NULL;
    snprintf(gold, sizeof gold, "%s/%.*s.rules", dir, (int)(nl - 4), name);
    if (update)
        write_file(gold, out.data ? out.data : "");
    char *want = slurp(gold);
    if (!want)
        fail_msg("missing golden file %s", gold);
    if (strcmp(want, out.data ? out.data : "") != 0) {
        print_error("%s: got\n%s\n", gold, out.data ? out.data : "");
        fail_msg("%s differs", gold);
    }
    free(want);
    if (warnings) {
        snprintf(gold, sizeof gold, "%s/%.*s.warnings", dir, (int)(nl - 4), name);
        if (update)
            write_file(gold, warn.data ? warn.data : "");
        want = slurp(gold);
        if (!want)
            fail_msg("missing golden file %s", gold);
        if (strcmp(want, warn.data ? warn.data : "") != 0) {
            print_error("%s: got\n%s\n", gold, warn.data ? warn.data : "");
            fail_msg("%s differs", gold);
        }
        free(want);
    }
    rq_buf_free(&out);
    rq_buf_free(&warn);
    rq_diags_clear(&d);
    rq_ruleset_free(rs);
    free(text);
}

static int txt_filter(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0;
}

static void check_dir(const char *dir, bool warnings)
{
    struct dirent **list;
    int n = scandir(dir, &list, txt_filter, alphasort);
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        check_golden(dir, list[i]->d_name, warnings);
        free(list[i]);
    }
    free(list);
}

static void compiler_should_match_golden_test_postings(void **state)
{
    (void)state;
    check_dir("tests/postings", true);
}

static void compiler_should_match_golden_samples(void **state)
{
    (void)state;
    check_dir("samples/postings", false);
}

/* ---- behaviours ---- */

static void compiler_should_not_read_salary_table_as_requirement(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil recherché\n"
                             "- Expérience de 2 ans en animation\n\n"
                             "Nous offrons\n"
                             "- Salaire brut de 3 000 € pour 10 années d'expérience\n"
                             "- Un contrat d'un an et un CDD de 18 mois\n",
                             &d);
    assert_int_equal(rs->count, 1);
    assert_true(rs->rules[0].has_min_years);
    assert_true(rs->rules[0].min_years == 2.0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_read_context_numbers_as_years(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil recherché\n"
                             "- Expérience en animation, notre équipe existe depuis 30 ans\n",
                             &d);
    assert_int_equal(count_cat(rs, RQ_CAT_EXPERIENCE), 1);
    assert_false(rs->rules[0].has_min_years);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_split_nested_experience_into_two_rules(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Au moins 3 ans d'expérience en plaidoyer dont "
                             "au minimum 1 an auprès des institutions européennes\n",
                             &d);
    assert_int_equal(count_cat(rs, RQ_CAT_EXPERIENCE), 2);
    assert_true(find_rule(rs, "experience-1")->min_years == 3.0);
    assert_true(find_rule(rs, "experience-2")->min_years == 1.0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_months_and_number_words(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Une expérience de 18 mois en gestion de projets\n"
                             "- Au moins sept ans d'expérience en plaidoyer\n",
                             &d);
    assert_true(find_rule(rs, "experience-1")->min_years == 1.5);
    assert_true(find_rule(rs, "experience-2")->min_years == 7.0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_scope_a_marker_to_its_clause(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Maîtrise avancée de l'anglais et du français ; "
                             "la connaissance du néerlandais est un atout\n",
                             &d);
    assert_int_equal(rs->count, 3);
    assert_true(rs->rules[0].required);
    assert_true(rs->rules[1].required);
    assert_false(rs->rules[2].required);
    assert_string_equal(rs->rules[2].languages.items[0], "nl");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_language_alternatives_as_one_rule(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- La connaissance d'autres langues (espagnol, "
                             "arabe ou russe) sera un atout.\n",
                             &d);
    assert_int_equal(rs->count, 1);
    assert_int_equal(rs->rules[0].languages.count, 3);
    assert_false(rs->rules[0].required);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_bilingual_codes_as_two_c2_rules(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Bilingue FR/NL\n", &d);
    assert_int_equal(rs->count, 2);
    assert_int_equal(rs->rules[0].min_level, 6);
    assert_int_equal(rs->rules[1].min_level, 6);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_split_degree_field_preference(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Diplôme universitaire, de préférence en droit\n", &d);
    assert_int_equal(rs->count, 2);
    assert_true(rs->rules[0].required);
    assert_int_equal((int)rs->rules[0].fields.count, 0);
    assert_false(rs->rules[1].required);
    assert_int_equal((int)rs->rules[1].fields.count, 1);
    assert_int_equal(rs->rules[1].min_eqf, 6);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_find_displaced_requirement_block(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Diplôme de master en droit\n"
                             "Expérience de 3 ans en plaidoyer\n"
                             " Profil recherché\n\n"
                             "Photo de l'équipe en 2021\n",
                             &d);
    assert_int_equal(count_cat(rs, RQ_CAT_DEGREE), 1);
    assert_int_equal(count_cat(rs, RQ_CAT_EXPERIENCE), 1);
    assert_int_equal((int)rs->count, 2);
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_infer_preferred_rules_without_profile(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Missions\n- Coordonner le plaidoyer\n", &d);
    assert_int_equal((int)d.count, 1);
    assert_int_equal(d.items[0].severity, RQ_SEV_WARNING);
    assert_true(rs->count >= 1);
    assert_false(rs->rules[0].required);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_keep_unknown_subject_as_free_text(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Goût prononcé pour la randonnée en montagne\n", &d);
    assert_int_equal(rs->count, 1);
    assert_int_equal(rs->rules[0].category, RQ_CAT_OTHER);
    assert_int_equal((int)rs->rules[0].concepts.count, 1);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}


static bool has_concept(const rq_strlist *l, const char *key)
{
    return rq_strlist_has(l, key);
}

static void compiler_should_file_soft_skills_under_other(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n"
                             "- Excellentes capacités organisationnelles\n"
                             "- Bonnes compétences relationnelles et de communication\n"
                             "- Connaissance du droit des étrangers\n",
                             &d);
    assert_int_equal((int)rs->count, 3);
    assert_int_equal(rs->rules[0].category, RQ_CAT_OTHER);
    assert_true(has_concept(&rs->rules[0].concepts, "organisational_skills"));
    assert_int_equal(rs->rules[1].category, RQ_CAT_OTHER);
    assert_int_equal(rs->rules[2].category, RQ_CAT_KNOWLEDGE);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_split_soft_skills_from_thematic_knowledge(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n"
                             "- Compétences en gestion de projet et travail en équipe\n"
                             "- Rigueur dans le suivi budgétaire\n",
                             &d);
    assert_int_equal((int)rs->count, 3);
    assert_int_equal(rs->rules[0].category, RQ_CAT_KNOWLEDGE);
    assert_true(has_concept(&rs->rules[0].concepts, "project_management"));
    assert_int_equal(rs->rules[1].category, RQ_CAT_OTHER);
    assert_true(has_concept(&rs->rules[1].concepts, "teamwork"));
    /* headed by the soft skill: its scope stays with it */
    assert_int_equal(rs->rules[2].category, RQ_CAT_OTHER);
    assert_true(has_concept(&rs->rules[2].concepts, "rigour"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_each_item_of_a_degree_field_list(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n"
                             "- Master en relations internationales, droit ou "
                             "dans un domaine connexe\n"
                             "- Diplôme universitaire en sciences humaines & sociales\n"
                             "- Een master in de rechten\n",
                             &d);
    assert_int_equal((int)rs->count, 3);
    assert_true(has_concept(&rs->rules[0].fields, "international_relations"));
    assert_true(has_concept(&rs->rules[0].fields, "law"));
    assert_int_equal((int)rs->rules[0].fields.count, 2);
    assert_true(has_concept(&rs->rules[1].fields, "human_sciences"));
    assert_true(has_concept(&rs->rules[1].fields, "social_sciences"));
    assert_true(has_concept(&rs->rules[2].fields, "law"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_both_fields_of_an_elliptic_pair(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Master en sciences sociales et politiques\n", &d);
    assert_int_equal((int)rs->count, 1);
    assert_true(has_concept(&rs->rules[0].fields, "social_sciences"));
    assert_true(has_concept(&rs->rules[0].fields, "political_science"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_cut_office_and_city_from_organisation(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Le bureau de l'Alliance pour la Paix à Bruxelles recrute "
                             "un·e chargé·e de plaidoyer.\n\nProfil\n- Master en droit\n",
                             &d);
    assert_non_null(rs->organization);
    assert_string_equal(rs->organization, "Alliance pour la Paix");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_leave_generic_words_out_of_inferred_rules(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Missions\n- Coordonner l'équipe et la communication interne\n"
                             "- Suivre les dossiers de santé mentale\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_true(has_concept(&rs->rules[0].concepts, "mental_health"));
    assert_false(has_concept(&rs->rules[0].concepts, "communication"));
    assert_false(has_concept(&rs->rules[0].concepts, "coordination"));
    assert_non_null(strstr(d.items[0].message, "1 preferred knowledge rule"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_reject_binary_and_empty_input(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    assert_int_equal(rq_compile_text("", 0, "e.txt", kb, NULL, &rs, &d), -1);
    assert_null(rs);
    assert_int_equal(rq_compile_text("a\0b", 3, "b.txt", kb, NULL, &rs, &d), -1);
    assert_int_equal(rq_compile_text("\xff\xfe", 2, "u.txt", kb, NULL, &rs, &d), -1);
    assert_int_equal((int)rq_diags_count(&d, RQ_SEV_ERROR), 3);
    rq_diags_clear(&d);
}

static void compiler_should_compile_in_milliseconds(void **state)
{
    (void)state;
    char *text = slurp("samples/postings/coordination-droits-enfant.txt");
    assert_non_null(text);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 20; i++) {
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = NULL;
        assert_int_equal(rq_compile_text(text, strlen(text), "x", kb, NULL, &rs, &d), 0);
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = ((double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6) / 20;
    assert_true(ms < 50.0); /* generous for valgrind and debug builds */
    free(text);
}

static void compiler_dump_should_show_sections_and_clauses(void **state)
{
    (void)state;
    const char *t = "Profil recherché\n- Expérience de 2 ans en plaidoyer\n";
    rq_buf out = RQ_BUF_INIT;
    assert_int_equal(rq_compile_dump(t, strlen(t), kb, &out), 0);
    assert_non_null(strstr(out.data, "requirements"));
    assert_non_null(strstr(out.data, "experience-1"));
    rq_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compiler_should_match_golden_test_postings),
        cmocka_unit_test(compiler_should_match_golden_samples),
        cmocka_unit_test(compiler_should_not_read_salary_table_as_requirement),
        cmocka_unit_test(compiler_should_not_read_context_numbers_as_years),
        cmocka_unit_test(compiler_should_split_nested_experience_into_two_rules),
        cmocka_unit_test(compiler_should_read_months_and_number_words),
        cmocka_unit_test(compiler_should_scope_a_marker_to_its_clause),
        cmocka_unit_test(compiler_should_read_language_alternatives_as_one_rule),
        cmocka_unit_test(compiler_should_read_bilingual_codes_as_two_c2_rules),
        cmocka_unit_test(compiler_should_split_degree_field_preference),
        cmocka_unit_test(compiler_should_find_displaced_requirement_block),
        cmocka_unit_test(compiler_should_infer_preferred_rules_without_profile),
        cmocka_unit_test(compiler_should_keep_unknown_subject_as_free_text),
        cmocka_unit_test(compiler_should_file_soft_skills_under_other),
        cmocka_unit_test(compiler_should_split_soft_skills_from_thematic_knowledge),
        cmocka_unit_test(compiler_should_read_each_item_of_a_degree_field_list),
        cmocka_unit_test(compiler_should_read_both_fields_of_an_elliptic_pair),
        cmocka_unit_test(compiler_should_cut_office_and_city_from_organisation),
        cmocka_unit_test(compiler_should_leave_generic_words_out_of_inferred_rules),
        cmocka_unit_test(compiler_should_reject_binary_and_empty_input),
        cmocka_unit_test(compiler_should_compile_in_milliseconds),
        cmocka_unit_test(compiler_dump_should_show_sections_and_clauses),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
