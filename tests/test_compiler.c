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

#include "kb_fixture.h"

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
                             "- Sept années d'expérience au minimum en plaidoyer\n",
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
    rq_ruleset *rs = compile("Profil\n- Anglais et français courants ; "
                             "le néerlandais parlé serait un atout\n",
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
                             "- Aisance relationnelle et bonnes compétences en communication\n"
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

static const rq_rule *nth_cat(const rq_ruleset *rs, rq_category c, size_t n)
{
    for (size_t i = 0; i < rs->count; i++)
        if (rs->rules[i].category == c && n-- == 0)
            return &rs->rules[i];
    return NULL;
}

static void compiler_should_bind_a_level_written_after_its_language(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Requirements\n- Languages: English C1 and French B2\n"
                             "- Je spreekt goed Nederlands (C1) en Engels (B2).\n",
                             &d);
    assert_int_equal((int)rs->count, 4);
    assert_string_equal(rs->rules[0].languages.items[0], "en");
    assert_int_equal(rs->rules[0].min_level, 5);
    assert_string_equal(rs->rules[1].languages.items[0], "fr");
    assert_int_equal(rs->rules[1].min_level, 4);
    assert_string_equal(rs->rules[2].languages.items[0], "nl");
    assert_int_equal(rs->rules[2].min_level, 5);
    assert_string_equal(rs->rules[3].languages.items[0], "en");
    assert_int_equal(rs->rules[3].min_level, 4);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_give_a_list_the_level_written_after_it(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Langues : français (langue maternelle), allemand "
                             "et/ou anglais (B2 minimum)\n",
                             &d);
    assert_int_equal((int)rs->count, 2);
    assert_int_equal((int)rs->rules[0].languages.count, 1);
    assert_string_equal(rs->rules[0].languages.items[0], "fr");
    assert_int_equal(rs->rules[0].min_level, 6);
    assert_int_equal((int)rs->rules[1].languages.count, 2);
    assert_int_equal(rs->rules[1].min_level, 4);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_a_language_after_a_verb_of_speaking(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Requirements\n- Excellent written English\n"
                             "- You speak Spanish or Portuguese\n",
                             &d);
    assert_int_equal((int)count_cat(rs, RQ_CAT_LANGUAGE), 2);
    assert_string_equal(rs->rules[0].languages.items[0], "en");
    assert_int_equal(rs->rules[0].min_level, 5);
    assert_int_equal((int)rs->rules[1].languages.count, 2);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_ask_for_the_working_languages_of_the_office(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Languages\nEnglish and French are the working languages of "
                             "the Office. Fluency in English is required.\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_string_equal(rs->rules[0].languages.items[0], "en");
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_in_lieu_of_as_an_equivalent(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Education\nAdvanced university degree in law. A first-level "
                             "university degree with two additional years of experience may "
                             "be accepted in lieu of the advanced university degree.\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].min_eqf, 7);
    assert_true(rs->rules[0].or_equivalent);
    assert_true(rs->rules[0].required);
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_fields_after_a_bracketed_equivalent(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Education\n- Master's degree (or equivalent) in public health or "
                             "social sciences\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_true(rs->rules[0].or_equivalent);
    assert_true(has_concept(&rs->rules[0].fields, "public_health"));
    assert_true(has_concept(&rs->rules[0].fields, "social_sciences"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_read_a_degree_of_autonomy_as_a_diploma(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Requirements\n- A high degree of autonomy\n"
                             "- A degree in economics\n",
                             &d);
    assert_int_equal((int)count_cat(rs, RQ_CAT_DEGREE), 1);
    assert_true(has_concept(&nth_cat(rs, RQ_CAT_DEGREE, 0)->fields, "economics"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_take_the_lower_end_of_a_range_of_years(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profiel\n- Je hebt twee tot drie jaar ervaring in projectbeheer.\n"
                             "- 2-4 years of experience in advocacy\n"
                             "- Entre 3 et 5 ans d'expérience en plaidoyer\n"
                             "- Bac+2 et 5 ans d'expérience en animation\n",
                             &d);
    assert_true(nth_cat(rs, RQ_CAT_EXPERIENCE, 0)->min_years == 2.0);
    assert_true(nth_cat(rs, RQ_CAT_EXPERIENCE, 1)->min_years == 2.0);
    assert_true(nth_cat(rs, RQ_CAT_EXPERIENCE, 2)->min_years == 3.0);
    /* not a range: a degree, then a duration */
    assert_true(nth_cat(rs, RQ_CAT_EXPERIENCE, 3)->min_years == 5.0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_split_a_paragraph_at_its_subject_pronouns(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil recherché\nTitulaire d'un master en droit, vous justifiez "
                             "de deux ans d'expérience en accompagnement juridique et vous "
                             "maîtrisez le droit d'asile.\n",
                             &d);
    assert_int_equal((int)rs->count, 3);
    assert_int_equal(rs->rules[0].category, RQ_CAT_DEGREE);
    assert_int_equal((int)rs->rules[0].fields.count, 1);
    assert_int_equal(rs->rules[1].category, RQ_CAT_EXPERIENCE);
    assert_true(rs->rules[1].min_years == 2.0);
    assert_int_equal(rs->rules[2].category, RQ_CAT_KNOWLEDGE);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_scope_a_trailing_marker_to_its_conjunct(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\nLa maîtrise de l'anglais est indispensable et la "
                             "connaissance de l'arabe serait un plus.\n"
                             "Connaissance du français et de l'espagnol est un atout.\n",
                             &d);
    assert_int_equal((int)rs->count, 4);
    assert_true(rs->rules[0].required);
    assert_false(rs->rules[1].required);
    assert_string_equal(rs->rules[1].languages.items[0], "ar");
    /* no lead word after "et": the marker covers both languages */
    assert_false(rs->rules[2].required);
    assert_false(rs->rules[3].required);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_make_experience_of_a_soft_skill(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Compétences\n- Compétences organisationnelles : expérience dans "
                             "la création de systèmes organisationnels\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].category, RQ_CAT_OTHER);
    assert_true(has_concept(&rs->rules[0].concepts, "organisational_skills"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_repeat_a_rule_within_a_sentence(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Compétences\n- Organisation : capacité d'organisation ; "
                             "capacité à respecter les délais\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_string_equal(rs->rules[0].id, "other-1");
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_absorb_a_continuation_in_its_own_words(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Compétences\n- Bonne capacité d'analyse des situations ; "
                             "d'identification des besoins ; de formulation de pistes d'action\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_true(has_concept(&rs->rules[0].concepts, "analytical_skills"));
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_a_permit_stated_under_conditions(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Expérience en animation\n\nConditions\n"
                             "Assurance hospitalisation obligatoire, payée à 50%.\n"
                             "Permis B souhaitable.\n\nNous offrons\n"
                             "- Aide au permis de conduire, obligatoire pour tous\n",
                             &d);
    assert_int_equal((int)rs->count, 2);
    assert_int_equal(rs->rules[1].category, RQ_CAT_OTHER);
    assert_false(rs->rules[1].required);
    assert_true(has_concept(&rs->rules[1].concepts, "driving_licence"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_join_a_capitalised_tail_to_its_wrapped_line(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil recherché\n"
                             "Diplôme universitaire en droit ou en sciences politiques\n"
                             "Connaissance approfondie des acteurs institutionnels actifs en Région\n"
                             "Bruxelles-Capitale\n"
                             "Expérience de 3 ans dans le secteur associatif ou public\n"
                             "Rigueur\n",
                             &d);
    assert_int_equal((int)d.count, 0);
    assert_int_equal((int)rs->count, 4);
    assert_int_equal(rs->rules[3].category, RQ_CAT_OTHER);
    assert_true(has_concept(&rs->rules[3].concepts, "rigour"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_keep_the_domain_before_its_setting(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Requirements\n- At least 2 years' experience in communication "
                             "for an NGO or an international organisation\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal((int)rs->rules[0].domains.count, 1);
    assert_string_equal(rs->rules[0].domains.items[0], "communication");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_a_repeated_first_line_as_the_organisation(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Fondation Arc-en-Ciel\nChargé·e de mission jeunesse\n\n"
                             "La Fondation Arc-en-Ciel soutient des projets de jeunesse.\n\n"
                             "Profil\n- Master en sciences de l'éducation\n",
                             &d);
    assert_non_null(rs->organization);
    assert_string_equal(rs->organization, "Fondation Arc-en-Ciel");
    assert_non_null(rs->title);
    assert_string_equal(rs->title, "Chargé·e de mission jeunesse");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* "Nous recherchons ... un·e" / TITLE: the title is the next line, the
 * pronoun is no organisation, the first line above is, and a work rate
 * after "À" leaves the title with its preposition. */
static void compiler_should_read_the_title_after_an_announcement_ending_in_an_article(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Association Pont des Langues – Genève\n\n"
                             "Nous recherchons pour le 1er avril ou à convenir un·e\n\n"
                             "COORDINATEUR·ICE PÉDAGOGIQUE À 70 %\n\n"
                             "Votre profil\n- Master en sciences de l'éducation\n",
                             &d);
    assert_non_null(rs->title);
    assert_string_equal(rs->title, "COORDINATEUR·ICE PÉDAGOGIQUE");
    assert_non_null(rs->organization);
    assert_string_equal(rs->organization, "Association Pont des Langues");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
    /* a line ending in a work rate, not an article, keeps its own title */
    rs = compile("L'ASBL Les Passeurs recrute un·e Animateur·ice jeunesse (CDI – 4/5e)\n\n"
                 "Fondée en 2001, Les Passeurs anime des ateliers.\n\n"
                 "Profil\n- Bachelier en animation\n",
                 &d);
    assert_non_null(rs->title);
    assert_string_equal(rs->title, "Animateur·ice jeunesse");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
    /* a one-word title closed by a bracket on its line is a title */
    rs = compile("L'ASBL Droits Devant recrute un·e juriste (H/F/X) – CDI mi-temps\n\n"
                 "Profil\n- Master en droit\n",
                 &d);
    assert_non_null(rs->title);
    assert_string_equal(rs->title, "juriste");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* "X is a Brussels-based NGO", "X est une petite association": a proper
 * name before "is"/"est" and an organisation noun a few words on; a
 * common noun subject names no one. */
static void compiler_should_read_the_organisation_from_is_a_noun(void **state)
{
    (void)state;
    static const struct {
        const char *text, *org;
    } cases[] = {
        {"Data Officer\n\nWho we are: Harbour Lights Aid is a Geneva-based NGO working "
         "with refugees.\n\nRequirements\n- Master's degree\n",
         "Harbour Lights Aid"},
        {"Chargé·e de projet\n\nLe Collectif Sésame est une petite association "
         "bruxelloise.\n\nProfil\n- Master\n",
         "Collectif Sésame"},
        {"Data Officer\n\nThe role is a key position in a small NGO.\n\n"
         "Requirements\n- Master's degree\n",
         NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = compile(cases[i].text, &d);
        if (cases[i].org) {
            assert_non_null(rs->organization);
            assert_string_equal(rs->organization, cases[i].org);
        } else {
            assert_null(rs->organization);
        }
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
}

/* "Position: X" / "Organisation: Y" label lines, in the three languages */
static void compiler_should_read_title_and_organisation_label_lines(void **state)
{
    (void)state;
    static const struct {
        const char *text, *title, *org;
    } cases[] = {
        {"Position: Finance Officer\nOrganisation: Global Health Partners\nLocation: Geneva\n\n"
         "Requirements\n- Degree in accounting\n",
         "Finance Officer", "Global Health Partners"},
        {"Poste : Responsable financier·e (CDI)\nStructure : Les Amis du Quartier\n\n"
         "Profil\n- Bac+3 en gestion\n",
         "Responsable financier·e", "Les Amis du Quartier"},
        {"Functie: Coördinator vrijwilligers\nWerkgever: Huis van de Buurt\n\nProfiel\n"
         "- Bachelor sociaal werk\n",
         "Coördinator vrijwilligers", "Huis van de Buurt"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = compile(cases[i].text, &d);
        assert_non_null(rs->title);
        assert_string_equal(rs->title, cases[i].title);
        assert_non_null(rs->organization);
        assert_string_equal(rs->organization, cases[i].org);
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
}

static void compiler_should_cut_a_common_noun_before_the_organisation(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("L'association Terre Commune recherche un·e animateur·ice.\n\n"
                             "Profil\n- Expérience en animation\n",
                             &d);
    assert_non_null(rs->organization);
    assert_string_equal(rs->organization, "Terre Commune");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_quote_only_the_sentence_of_a_rule(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profile\nFluent English is required. Knowledge of Dutch is an "
                             "asset; Spanish is a plus.\n",
                             &d);
    assert_int_equal((int)rs->count, 3);
    assert_string_equal(rs->rules[0].source_text, "Fluent English is required.");
    assert_string_equal(rs->rules[1].source_text,
                        "Knowledge of Dutch is an asset; Spanish is a plus.");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_read_eu_level_as_a_language(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Essential\n- Minimum of 5 years' professional experience in "
                             "advocacy, at least 2 of which at EU level\n",
                             &d);
    assert_int_equal((int)count_cat(rs, RQ_CAT_LANGUAGE), 0);
    assert_int_equal((int)count_cat(rs, RQ_CAT_EXPERIENCE), 2);
    assert_true(rs->rules[0].min_years == 5.0);
    assert_string_equal(rs->rules[0].domains.items[0], "advocacy");
    assert_true(rs->rules[1].min_years == 2.0);
    assert_true(has_concept(&rs->rules[1].domains, "eu_institutions"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_keep_the_domains_of_a_nested_duration_naming_none(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Au moins 4 ans d'expérience en plaidoyer, dont 2 "
                             "dans une fonction similaire\n",
                             &d);
    assert_int_equal((int)rs->count, 2);
    assert_true(rs->rules[1].min_years == 2.0);
    assert_true(has_concept(&rs->rules[1].domains, "advocacy"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_file_a_soft_skill_under_other_however_worded(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profiel\n- Je werkt graag in team.\n", &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].category, RQ_CAT_OTHER);
    assert_true(has_concept(&rs->rules[0].concepts, "teamwork"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_lend_a_language_the_level_of_the_next(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Vous parlez le français et avez des notions de "
                             "néerlandais\n",
                             &d);
    assert_int_equal((int)rs->count, 2);
    assert_string_equal(rs->rules[0].languages.items[0], "fr");
    assert_int_equal(rs->rules[0].min_level, 4);
    assert_int_equal(rs->rules[1].min_level, 2);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_keep_a_vague_field(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Desirable\n- Postgraduate degree in a relevant field\n", &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].min_eqf, 7);
    assert_int_equal((int)rs->rules[0].fields.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_a_heading_opening_with_an_article(void **state)
{
    (void)state;
    const char *t = "The role\nYou will lead 3 projects a year.\n\nRequirements\n"
                    "- Experience in advocacy\n";
    rq_buf out = RQ_BUF_INIT;
    assert_int_equal(rq_compile_dump(t, strlen(t), kb, &out), 0);
    assert_non_null(strstr(out.data, "   1 tasks        # The role"));
    rq_buf_free(&out);
}

static void compiler_should_read_experience_in_place_of_a_degree(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Requirements\n- Bachelor's degree in law or 5 years of "
                             "relevant experience\n"
                             "- Master en droit avec minimum 3 ans d'expérience en plaidoyer\n",
                             &d);
    assert_int_equal((int)rs->count, 3);
    assert_int_equal(rs->rules[0].category, RQ_CAT_DEGREE);
    assert_true(rs->rules[0].or_equivalent);
    assert_int_equal(rs->rules[1].category, RQ_CAT_DEGREE);
    assert_false(rs->rules[1].or_equivalent);
    assert_int_equal(rs->rules[2].category, RQ_CAT_EXPERIENCE);
    assert_true(rs->rules[2].min_years == 3.0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_read_themes_into_an_unnamed_language(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Desirable\n- Knowledge of a third EU language\n", &d);
    assert_int_equal((int)rs->count, 1);
    assert_false(has_concept(&rs->rules[0].concepts, "eu_institutions"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_take_a_first_line_in_capitals_as_the_title(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("FIELD COORDINATOR – NUTRITION\n\nRequirements\n"
                             "- Experience in nutrition programmes\n",
                             &d);
    assert_non_null(rs->title);
    assert_string_equal(rs->title, "FIELD COORDINATOR");
    assert_int_equal((int)rs->count, 1);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_read_an_inline_salary_line_as_a_requirement(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Skills\n- Knowledge of child protection\n"
                             "Salary: 48,000 per annum plus 8% pension contribution.\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_fields_written_before_the_degree_level(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil recherché\nFormation supérieure en psychologie ou travail "
                             "social (Bac+5 exigé).\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].min_eqf, 7);
    assert_true(has_concept(&rs->rules[0].fields, "psychology"));
    assert_true(has_concept(&rs->rules[0].fields, "social_work"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_a_skill_stated_in_a_language(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Skills\n- Strong report writing skills in English\n", &d);
    assert_int_equal((int)rs->count, 2);
    assert_int_equal((int)count_cat(rs, RQ_CAT_LANGUAGE), 1);
    assert_string_equal(nth_cat(rs, RQ_CAT_LANGUAGE, 0)->languages.items[0], "en");
    assert_true(has_concept(&nth_cat(rs, RQ_CAT_OTHER, 0)->concepts, "report_writing"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_plural_assets_and_no_bare_plus(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- L'anglais et l'arabe sont des atouts.\n"
                             "- Expérience en plaidoyer, de plus en plus européen\n",
                             &d);
    assert_int_equal((int)rs->count, 3);
    assert_false(rs->rules[0].required);
    assert_false(rs->rules[1].required);
    assert_true(rs->rules[2].required);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* A preference marker inside brackets that name what it qualifies stays
 * in the brackets; alone in its brackets, it qualifies the clause. */
static void compiler_should_keep_a_bracketed_asset_to_its_brackets(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n"
                             "- Diplôme de niveau 6 en travail social (DEASS, CAFERUIS apprécié), "
                             "3 ans d'expérience en encadrement d'équipe, idéalement dans "
                             "l'hébergement.\n"
                             "- Maîtrise du français (la connaissance du néerlandais est un atout).\n"
                             "- Connaissance du droit des étrangers (un atout).\n",
                             &d);
    const rq_rule *deg = nth_cat(rs, RQ_CAT_DEGREE, 0);
    assert_non_null(deg);
    assert_true(deg->required);
    assert_int_equal(deg->min_eqf, 6);
    assert_int_equal((int)count_cat(rs, RQ_CAT_DEGREE), 1);
    const rq_rule *team = nth_cat(rs, RQ_CAT_EXPERIENCE, 0);
    assert_true(team->required);
    assert_true(has_concept(&team->domains, "team_management"));
    assert_int_equal((int)count_cat(rs, RQ_CAT_LANGUAGE), 2);
    const rq_rule *fr = nth_cat(rs, RQ_CAT_LANGUAGE, 0), *nl = nth_cat(rs, RQ_CAT_LANGUAGE, 1);
    assert_string_equal(fr->languages.items[0], "fr");
    assert_true(fr->required);
    assert_string_equal(nl->languages.items[0], "nl");
    assert_false(nl->required);
    const rq_rule *law = nth_cat(rs, RQ_CAT_KNOWLEDGE, 0);
    assert_true(has_concept(&law->concepts, "migration_law"));
    assert_false(law->required);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* A degree and an experience in one item, joined by a comma or a
 * semicolon: two rules, the field stays with the degree ("en" is "in" in
 * French, "and" only in Dutch); "idéalement dans X" after them qualifies
 * the experience, the nearest requirement. */
static void compiler_should_split_a_degree_and_an_experience_at_a_comma(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Profil\n- Bac+3 en travail social, 3 ans d'expérience en encadrement d'équipe.\n",
        "Profile\n- Bachelor's degree in social work, 3 years of experience in team "
        "management.\n",
        "Profil\n- Licence en travail social ; 3 ans d'expérience en encadrement d'équipe, "
        "idéalement dans l'hébergement.\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = compile(texts[i], &d);
        assert_int_equal((int)count_cat(rs, RQ_CAT_DEGREE), 1);
        const rq_rule *deg = nth_cat(rs, RQ_CAT_DEGREE, 0);
        assert_true(deg->required);
        assert_int_equal(deg->min_eqf, 6);
        assert_int_equal((int)deg->fields.count, 1);
        assert_string_equal(deg->fields.items[0], "social_work");
        const rq_rule *exp = nth_cat(rs, RQ_CAT_EXPERIENCE, 0);
        assert_non_null(exp);
        assert_true(exp->required);
        assert_true(exp->min_years == 3.0);
        assert_true(has_concept(&exp->domains, "team_management"));
        if (i == 2) {
            const rq_rule *asset = nth_cat(rs, RQ_CAT_EXPERIENCE, 1);
            assert_non_null(asset);
            assert_false(asset->required);
            assert_true(has_concept(&asset->domains, "housing"));
        }
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
}

/* A part that opens with a duration in years and goes on with a
 * preposition is experience, without the word; a duration elsewhere
 * without an experience word is not ("un contrat de 2 ans"). */
static void compiler_should_read_years_in_a_field_as_experience(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double years;
        const char *domain;
    } cases[] = {
        {"Nice to have\n* 5+ years in a humanitarian context\n", 5, "humanitarian_work"},
        {"Profil\n- Au moins 3 ans dans le secteur associatif\n", 3, "nonprofit_sector"},
        {"Profiel\n- Minstens 2 jaar in de jeugdhulp\n", 2, "child_protection"},
        /* the domain between the duration and the experience word; "with
         * an NGO" is where, not what */
        {"Requirements\n- Minimum 2 years of M&E experience with an international NGO\n", 2,
         "monitoring_evaluation"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = compile(cases[i].text, &d);
        assert_int_equal((int)rs->count, 1);
        const rq_rule *r = &rs->rules[0];
        assert_int_equal(r->category, RQ_CAT_EXPERIENCE);
        assert_true(r->has_min_years);
        assert_true(r->min_years == cases[i].years);
        assert_true(has_concept(&r->domains, cases[i].domain));
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- Connaissance du secteur associatif pour un contrat de "
                             "2 ans\n",
                             &d);
    assert_int_equal((int)count_cat(rs, RQ_CAT_EXPERIENCE), 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* A text with no requirement and no theme says so in one warning, without
 * counting "0 rules inferred". */
static void compiler_should_say_when_nothing_reads_as_a_requirement(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Join our team.\n", &d);
    assert_int_equal((int)rs->count, 0);
    assert_int_equal((int)d.count, 1);
    assert_string_equal(d.items[0].message,
                        "no requirement found: no requirement section, no theme to infer one from");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

/* A certificate of good conduct is a permit: an `other` rule, in the
 * three languages. */
static void compiler_should_read_a_certificate_of_good_conduct_as_a_permit(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Profiel\n- Je bent in het bezit van een VOG.\n",
        "Profil\n- Extrait de casier judiciaire vierge exigé\n",
        "Requirements\n- Enhanced DBS check\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = compile(texts[i], &d);
        assert_int_equal((int)rs->count, 1);
        assert_int_equal(rs->rules[0].category, RQ_CAT_OTHER);
        assert_true(has_concept(&rs->rules[0].concepts, "good_conduct_certificate"));
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
}

/* ---- robustness round: postings nobody tuned for ---- */

static void compiler_should_read_fields_after_an_equivalent_inside_brackets(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Education\n- Advanced degree (MSc or equivalent) in economics or "
                             "public health\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].min_eqf, 7);
    assert_true(rs->rules[0].or_equivalent);
    assert_true(has_concept(&rs->rules[0].fields, "economics"));
    assert_true(has_concept(&rs->rules[0].fields, "public_health"));
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_cut_a_job_offer_prefix_from_the_title(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("JOB VACANCY – Field Nutrition Adviser (Sahel)\n\nRequirements\n"
                             "- Experience in nutrition programmes\n",
                             &d);
    assert_non_null(rs->title);
    assert_string_equal(rs->title, "Field Nutrition Adviser");
    rq_ruleset_free(rs);
    rs = compile("VACANCY NOTICE\nWater Engineer, P-2\n\nRequirements\n"
                 "- Experience in water supply\n",
                 &d);
    assert_non_null(rs->title);
    assert_string_equal(rs->title, "Water Engineer");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_the_organisation_on_the_line_under_the_title(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Logistics Officer\nNorthwind Relief, Lyon office\n\n"
                             "Northwind has worked in disaster response for 20 years.\n\n"
                             "Requirements\n- Experience in logistics\n",
                             &d);
    assert_non_null(rs->organization);
    assert_string_equal(rs->organization, "Northwind Relief");
    rq_ruleset_free(rs);
    /* by its acronym, after an article */
    rs = compile("Chargé·e de communication\nCollectif Terres Partagées (CTP) – Liège\n\n"
                 "Le CTP regroupe 12 fermes.\n\nProfil\n- Expérience en communication\n",
                 &d);
    assert_non_null(rs->organization);
    assert_string_equal(rs->organization, "Collectif Terres Partagées");
    rq_ruleset_free(rs);
    /* a place named again is not an organisation */
    rs = compile("Logistics Officer\nGeneva, Switzerland\n\nRequirements\n"
                 "- Experience in logistics in Geneva\n",
                 &d);
    assert_null(rs->organization);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_a_name_ending_in_its_legal_form_as_the_organisation(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Vacature: coördinator vrijwilligers\n\n"
                             "Buurtwerk De Brug vzw ondersteunt sinds 2005 bewoners van Gent.\n\n"
                             "Profiel\n- Je hebt ervaring met vrijwilligerswerk\n",
                             &d);
    assert_non_null(rs->organization);
    assert_string_equal(rs->organization, "Buurtwerk De Brug vzw");
    rq_ruleset_free(rs);
    /* not after a possessive: "Our foundation" names nobody */
    rs = compile("Fundraiser\n\nOur foundation supports 30 schools.\n\n"
                 "Requirements\n- Experience in fundraising\n",
                 &d);
    assert_null(rs->organization);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_read_an_offer_paragraph_under_the_requirements(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Requirements\n- Experience in child protection\n\n"
                             "We offer training in safeguarding, a salary of 40,000 and\n"
                             "30 days of leave.\n\n"
                             "Knowledge of Arabic\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].category, RQ_CAT_EXPERIENCE);
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rs = compile("Profil\n- Expérience en plaidoyer\n\nNous proposons un CDI et des "
                 "formations en gestion de projet.\n",
                 &d);
    assert_int_equal((int)rs->count, 1);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_make_a_rule_of_pay_contract_or_leave(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Desirable\n- Experience in fundraising\n"
                             "- A permanent contract with 25 days of holiday\n"
                             "- Ability to work 2 days a week from the office\n",
                             &d);
    assert_int_equal((int)rs->count, 2);
    assert_int_equal(rs->rules[0].category, RQ_CAT_EXPERIENCE);
    assert_int_equal(rs->rules[1].category, RQ_CAT_OTHER);
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_keep_the_capital_of_a_name_in_free_text(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Requirements\n- Experience in the Sahel region\n"
                             "- Knowledge of the Renting Homes (Wales) Act\n",
                             &d);
    assert_int_equal((int)rs->count, 2);
    assert_string_equal(rs->rules[0].domains.items[0], "Sahel region");
    assert_string_equal(rs->rules[1].concepts.items[0], "Renting Homes (Wales) Act");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_languages_named_as_examples(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Desirable\n- Ability to speak a community language such as "
                             "Tigrinya or Somali\n"
                             "- Ability to communicate in Dari, Pashto or Urdu is preferred\n",
                             &d);
    assert_int_equal((int)rs->count, 2);
    assert_int_equal((int)rs->rules[0].languages.count, 2);
    assert_int_equal((int)rs->rules[1].languages.count, 3);
    assert_false(rs->rules[1].required);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_an_alternative_to_the_degree_asked(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    /* experience instead of the degree */
    rq_ruleset *rs = compile("Qualifications\n- Bachelor's degree in social work. In lieu of a "
                             "degree, four years of casework experience will be considered.\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_true(rs->rules[0].or_equivalent);
    rq_ruleset_free(rs);
    /* another degree as high: its fields join the degree asked */
    rs = compile("Profil\n- Bachelor HES en travail social\n"
                 "- Une maîtrise universitaire en psychologie peut aussi convenir\n",
                 &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].min_eqf, 6);
    assert_false(rs->rules[0].or_equivalent);
    assert_true(has_concept(&rs->rules[0].fields, "social_work"));
    assert_true(has_concept(&rs->rules[0].fields, "psychology"));
    rq_ruleset_free(rs);
    /* a lower one: the required degree, not the preferred one after it */
    rs = compile("Wat vragen wij?\n- Een bachelordiploma, bij voorkeur in de rechten\n"
                 "- Een MBO 4 diploma met ruime ervaring kan ook\n",
                 &d);
    assert_int_equal((int)rs->count, 2);
    assert_true(rs->rules[0].required && rs->rules[0].or_equivalent);
    assert_false(rs->rules[1].or_equivalent);
    rq_ruleset_free(rs);
    /* "en premier lieu" is no "au lieu de" */
    rs = compile("Formation\n- Master en droit\n- L'expérience de terrain compte en premier "
                 "lieu.\n",
                 &d);
    assert_false(rs->rules[0].or_equivalent);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_swiss_titles(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profil\n- CFC d'employé·e de commerce\n- Titre HES en gestion\n"
                             "- Brevet fédéral de comptable\n",
                             &d);
    assert_int_equal((int)count_cat(rs, RQ_CAT_DEGREE), 3);
    assert_int_equal(rs->rules[0].min_eqf, 4);
    assert_int_equal(rs->rules[1].min_eqf, 6);
    assert_int_equal(rs->rules[2].min_eqf, 5);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_cut_the_work_rate_from_the_title(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Éducateur·rice à 60-80 %\n\nProfil\n- Expérience en animation\n",
                             &d);
    assert_non_null(rs->title);
    assert_string_equal(rs->title, "Éducateur·rice");
    rq_ruleset_free(rs);
    rs = compile("Planning, Monitoring and Reporting Officer\n\nRequirements\n"
                 "- Experience in reporting\n",
                 &d);
    assert_string_equal(rs->title, "Planning, Monitoring and Reporting Officer");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_join_an_indented_line_to_its_bullet(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Wat vragen wij?\n- HBO werk- en denkniveau, bij voorkeur een "
                             "opleiding\n  Pedagogiek of Bestuurskunde\n",
                             &d);
    assert_int_equal((int)rs->count, 2);
    assert_int_equal(rs->rules[1].category, RQ_CAT_DEGREE);
    assert_false(rs->rules[1].required);
    assert_true(has_concept(&rs->rules[1].fields, "public_administration"));
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_a_public_sector_level_as_a_degree(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Toelatingsvoorwaarden\nJe hebt een diploma van niveau A.\n", &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal(rs->rules[0].category, RQ_CAT_DEGREE);
    assert_int_equal(rs->rules[0].min_eqf, 7);
    rq_ruleset_free(rs);
    rs = compile("Profil\n- Diplôme de niveau C\n- Néerlandais niveau B2\n", &d);
    assert_int_equal((int)rs->count, 2);
    assert_int_equal(rs->rules[0].min_eqf, 4);
    assert_int_equal(rs->rules[1].category, RQ_CAT_LANGUAGE);
    assert_int_equal(rs->rules[1].min_level, 4);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_drop_a_degree_implied_by_an_earlier_one(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Profiel\n- Je hebt een bachelordiploma sociaal werk\n"
                             "- Je hebt een diploma van niveau B\n- Een masterdiploma is vereist\n",
                             &d);
    assert_int_equal((int)count_cat(rs, RQ_CAT_DEGREE), 2);
    assert_int_equal(rs->rules[1].min_eqf, 7);
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_skip_employer_sentences_of_a_requirement_paragraph(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile(
        "La Maison Verte, centre de jeunes actif depuis 1990, recherche un·e animateur·rice "
        "pour un CDD de 10 mois en éducation permanente. Vous avez un bachelier en "
        "sciences sociales et trois ans d'expérience en animation. Vous parlez couramment "
        "le français. Candidature avant le 1er mai.\n",
        &d);
    assert_non_null(rs->organization);
    assert_string_equal(rs->organization, "Maison Verte");
    assert_int_equal((int)count_cat(rs, RQ_CAT_KNOWLEDGE), 0);
    assert_int_equal((int)count_cat(rs, RQ_CAT_DEGREE), 1);
    assert_int_equal((int)count_cat(rs, RQ_CAT_EXPERIENCE), 1);
    assert_int_equal((int)count_cat(rs, RQ_CAT_LANGUAGE), 1);
    assert_int_equal((int)d.count, 0);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_not_ask_for_examples_in_brackets_besides_their_concept(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Skills\n- Strong skills in data analysis (SPSS, R or Python)\n",
                             &d);
    assert_int_equal((int)rs->count, 1);
    assert_int_equal((int)rs->rules[0].concepts.count, 1);
    assert_string_equal(rs->rules[0].concepts.items[0], "data_analysis");
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
}

static void compiler_should_read_headings_of_vacancy_notices(void **state)
{
    (void)state;
    static const char *const after[] = {
        "Org. Setting and Reporting\nThe office has monitored 40 prisons since 2012 and "
        "reports on detention.\n",
        "Assessment\nEvaluation of candidates may include a written test.\n",
        "Vos tâches\n- Suivi des dossiers juridiques\n",
        "About Northwind\nNorthwind works on migration and asylum in 9 countries.\n",
    };
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "Education\nMaster's degree in law.\n%s", after[i]);
        rq_diags d = RQ_DIAGS_INIT;
        rq_ruleset *rs = compile(text, &d);
        assert_int_equal((int)rs->count, 1);
        assert_int_equal(rs->rules[0].category, RQ_CAT_DEGREE);
        assert_int_equal((int)d.count, 0);
        rq_ruleset_free(rs);
        rq_diags_clear(&d);
    }
}

static void compiler_should_read_a_criteria_table_with_essential_and_desirable(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = compile("Person specification\nCriteria          Essential / Desirable\n"
                             "Experience of fundraising from trusts                   Essential\n"
                             "Knowledge of Welsh language policy, legislation and rights        "
                             "Desirable\nOther\nFull driving licence                         "
                             "Essential\n",
                             &d);
    assert_int_equal((int)rs->count, 3);
    assert_true(rs->rules[0].required);
    assert_false(rs->rules[1].required);
    assert_int_equal(rs->rules[2].category, RQ_CAT_OTHER);
    assert_true(rs->rules[2].required);
    assert_int_equal((int)d.count, 0);
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

/* The same posting saved with a BOM, with CRLF or with CR-only line ends
 * (old Mac files, some PDF readers) compiles to the same rules, line
 * numbers included; the BOM never reaches the title. */
static void compiler_should_read_bom_crlf_and_cr_only_alike(void **state)
{
    (void)state;
    static const char lf[] =
        "Project coordinator\n\nProfile\n"
        "- Master's degree in law or social sciences (required)\n"
        "- At least 3 years of experience in project management\n"
        "- Fluent English; French is an asset\n";
    char crlf[sizeof lf * 2], cr[sizeof lf], bom[sizeof lf + 3];
    size_t k = 0;
    for (const char *p = lf; *p; p++) {
        if (*p == '\n')
            crlf[k++] = '\r';
        crlf[k++] = *p;
    }
    crlf[k] = '\0';
    for (size_t i = 0; i < sizeof lf; i++)
        cr[i] = lf[i] == '\n' ? '\r' : lf[i];
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, lf, sizeof lf);
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *want = compile(lf, &d);
    assert_string_equal(want->title, "Project coordinator");
    assert_true(want->count >= 3);
    const char *variants[] = {crlf, cr, bom};
    for (size_t i = 0; i < 3; i++) {
        rq_ruleset *got = compile(variants[i], &d);
        assert_string_equal(got->title, "Project coordinator");
        assert_true(rq_ruleset_equal(want, got));
        rq_ruleset_free(got);
    }
    rq_ruleset_free(want);
    rq_diags_clear(&d);
}

/* A 1 MB posting (12 000 sentences and clauses) compiles in linear time:
 * its arrays once grew one element at a time, which costs nothing with
 * glibc's realloc but copies everything each time under the sanitizers
 * (this test fails there: 160 s of CPU, now under 4). */
static void compiler_should_compile_a_1mb_posting_in_linear_time(void **state)
{
    (void)state;
    static const char block[] =
        "Profile\n- Master's degree in law or social sciences (required)\n"
        "- At least 3 years of experience in project management\n"
        "- Fluent English; French is an asset\n\n";
    rq_buf b = RQ_BUF_INIT;
    rq_buf_puts(&b, "Project coordinator\n\n");
    while (b.len < (1u << 20))
        rq_buf_puts(&b, block);
    rq_diags d = RQ_DIAGS_INIT;
    rq_ruleset *rs = NULL;
    clock_t t0 = clock();
    assert_int_equal(rq_compile_text(b.data, b.len, "big.txt", kb, NULL, &rs, &d), 0);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(rs->count > 0);
    if (cpu > 12.0 * RQ_CPU_SLACK)
        print_error("a 1 MB posting took %.2f s of CPU\n", cpu);
    assert_true(cpu <= 12.0 * RQ_CPU_SLACK);
    rq_ruleset_free(rs);
    rq_diags_clear(&d);
    rq_buf_free(&b);
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
        cmocka_unit_test(compiler_should_bind_a_level_written_after_its_language),
        cmocka_unit_test(compiler_should_give_a_list_the_level_written_after_it),
        cmocka_unit_test(compiler_should_read_a_language_after_a_verb_of_speaking),
        cmocka_unit_test(compiler_should_not_ask_for_the_working_languages_of_the_office),
        cmocka_unit_test(compiler_should_read_in_lieu_of_as_an_equivalent),
        cmocka_unit_test(compiler_should_read_fields_after_a_bracketed_equivalent),
        cmocka_unit_test(compiler_should_not_read_a_degree_of_autonomy_as_a_diploma),
        cmocka_unit_test(compiler_should_take_the_lower_end_of_a_range_of_years),
        cmocka_unit_test(compiler_should_split_a_paragraph_at_its_subject_pronouns),
        cmocka_unit_test(compiler_should_scope_a_trailing_marker_to_its_conjunct),
        cmocka_unit_test(compiler_should_not_make_experience_of_a_soft_skill),
        cmocka_unit_test(compiler_should_not_repeat_a_rule_within_a_sentence),
        cmocka_unit_test(compiler_should_absorb_a_continuation_in_its_own_words),
        cmocka_unit_test(compiler_should_read_a_permit_stated_under_conditions),
        cmocka_unit_test(compiler_should_join_a_capitalised_tail_to_its_wrapped_line),
        cmocka_unit_test(compiler_should_keep_the_domain_before_its_setting),
        cmocka_unit_test(compiler_should_read_a_repeated_first_line_as_the_organisation),
        cmocka_unit_test(compiler_should_read_the_title_after_an_announcement_ending_in_an_article),
        cmocka_unit_test(compiler_should_read_the_organisation_from_is_a_noun),
        cmocka_unit_test(compiler_should_read_title_and_organisation_label_lines),
        cmocka_unit_test(compiler_should_cut_a_common_noun_before_the_organisation),
        cmocka_unit_test(compiler_should_quote_only_the_sentence_of_a_rule),
        cmocka_unit_test(compiler_should_not_read_eu_level_as_a_language),
        cmocka_unit_test(compiler_should_keep_the_domains_of_a_nested_duration_naming_none),
        cmocka_unit_test(compiler_should_file_a_soft_skill_under_other_however_worded),
        cmocka_unit_test(compiler_should_not_lend_a_language_the_level_of_the_next),
        cmocka_unit_test(compiler_should_not_keep_a_vague_field),
        cmocka_unit_test(compiler_should_read_a_heading_opening_with_an_article),
        cmocka_unit_test(compiler_should_read_experience_in_place_of_a_degree),
        cmocka_unit_test(compiler_should_not_read_themes_into_an_unnamed_language),
        cmocka_unit_test(compiler_should_take_a_first_line_in_capitals_as_the_title),
        cmocka_unit_test(compiler_should_not_read_an_inline_salary_line_as_a_requirement),
        cmocka_unit_test(compiler_should_read_fields_written_before_the_degree_level),
        cmocka_unit_test(compiler_should_read_a_skill_stated_in_a_language),
        cmocka_unit_test(compiler_should_read_plural_assets_and_no_bare_plus),
        cmocka_unit_test(compiler_should_keep_a_bracketed_asset_to_its_brackets),
        cmocka_unit_test(compiler_should_split_a_degree_and_an_experience_at_a_comma),
        cmocka_unit_test(compiler_should_read_years_in_a_field_as_experience),
        cmocka_unit_test(compiler_should_say_when_nothing_reads_as_a_requirement),
        cmocka_unit_test(compiler_should_read_a_certificate_of_good_conduct_as_a_permit),
        cmocka_unit_test(compiler_should_read_fields_after_an_equivalent_inside_brackets),
        cmocka_unit_test(compiler_should_cut_a_job_offer_prefix_from_the_title),
        cmocka_unit_test(compiler_should_read_the_organisation_on_the_line_under_the_title),
        cmocka_unit_test(compiler_should_read_a_name_ending_in_its_legal_form_as_the_organisation),
        cmocka_unit_test(compiler_should_not_read_an_offer_paragraph_under_the_requirements),
        cmocka_unit_test(compiler_should_not_make_a_rule_of_pay_contract_or_leave),
        cmocka_unit_test(compiler_should_keep_the_capital_of_a_name_in_free_text),
        cmocka_unit_test(compiler_should_read_languages_named_as_examples),
        cmocka_unit_test(compiler_should_read_an_alternative_to_the_degree_asked),
        cmocka_unit_test(compiler_should_read_swiss_titles),
        cmocka_unit_test(compiler_should_cut_the_work_rate_from_the_title),
        cmocka_unit_test(compiler_should_join_an_indented_line_to_its_bullet),
        cmocka_unit_test(compiler_should_read_a_public_sector_level_as_a_degree),
        cmocka_unit_test(compiler_should_drop_a_degree_implied_by_an_earlier_one),
        cmocka_unit_test(compiler_should_skip_employer_sentences_of_a_requirement_paragraph),
        cmocka_unit_test(compiler_should_not_ask_for_examples_in_brackets_besides_their_concept),
        cmocka_unit_test(compiler_should_read_headings_of_vacancy_notices),
        cmocka_unit_test(compiler_should_read_a_criteria_table_with_essential_and_desirable),
        cmocka_unit_test(compiler_should_reject_binary_and_empty_input),
        cmocka_unit_test(compiler_should_read_bom_crlf_and_cr_only_alike),
        cmocka_unit_test(compiler_should_compile_a_1mb_posting_in_linear_time),
        cmocka_unit_test(compiler_dump_should_show_sections_and_clauses),
    };
    return cmocka_run_group_tests(tests, kb_setup, kb_teardown);
}
