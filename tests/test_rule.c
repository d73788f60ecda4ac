/* Tests for engine/rule.c: the rule set model and its descriptions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rule.h"

static rq_rule *add_rule(rq_ruleset *rs, const char *id, rq_category cat)
{
    rq_rule *r = rq_ruleset_add(rs);
    assert_non_null(r);
    r->id = strdup(id);
    r->category = cat;
    return r;
}

static void add_items(rq_strlist *l, const char *a, const char *b)
{
    if (a)
        assert_int_equal(rq_strlist_add(l, a), 0);
    if (b)
        assert_int_equal(rq_strlist_add(l, b), 0);
}

/* One rule of every category, with every field the category uses. */
static rq_ruleset *sample_set(void)
{
    rq_ruleset *rs = rq_ruleset_new();
    assert_non_null(rs);
    rs->title = strdup("Beekeeping officer");
    memcpy(rs->language, "fr", 3);
    rq_rule *r = add_rule(rs, "degree-1", RQ_CAT_DEGREE);
    r->required = true;
    r->min_eqf = 7;
    r->or_equivalent = true;
    add_items(&r->fields, "law", "political science");
    r->source_line = 12;
    r->source_text = strdup("A master in law or political science.");
    r = add_rule(rs, "experience-1", RQ_CAT_EXPERIENCE);
    r->has_min_years = true;
    r->min_years = 5;
    r->weight = 2.5;
    add_items(&r->domains, "team management", "project coordination");
    r = add_rule(rs, "language-1", RQ_CAT_LANGUAGE);
    add_items(&r->languages, "nl", "fr");
    r->min_level = 6;
    r = add_rule(rs, "knowledge-1", RQ_CAT_KNOWLEDGE);
    add_items(&r->concepts, "children's rights", "migration");
    return rs;
}

static void category_names_should_round_trip(void **state)
{
    (void)state;
    for (int c = 0; c < RQ_CAT_COUNT; c++)
        assert_int_equal(rq_category_parse(rq_category_name((rq_category)c)), c);
    assert_string_equal(rq_category_name(RQ_CAT_KNOWLEDGE), "knowledge");
    assert_null(rq_category_name(RQ_CAT_COUNT));
    assert_int_equal(rq_category_parse("skills"), -1);
    assert_int_equal(rq_category_parse(NULL), -1);
}

static void ruleset_add_should_give_a_zeroed_rule_of_weight_one(void **state)
{
    (void)state;
    rq_ruleset *rs = rq_ruleset_new();
    for (int i = 0; i < 20; i++) {
        rq_rule *r = rq_ruleset_add(rs);
        assert_non_null(r);
        assert_true(r->weight == 1.0);
        assert_false(r->required);
        assert_null(r->id);
        assert_int_equal(r->fields.count, 0);
    }
    assert_int_equal(rs->count, 20);
    rq_ruleset_free(rs);
    rq_ruleset_free(NULL);
}

static void strlist_should_copy_and_find_strings(void **state)
{
    (void)state;
    rq_strlist l = {NULL, 0};
    char word[] = "migration";
    assert_int_equal(rq_strlist_add(&l, word), 0);
    word[0] = 'X'; /* the list holds its own copy */
    assert_true(rq_strlist_has(&l, "migration"));
    assert_false(rq_strlist_has(&l, "Xigration"));
    assert_false(rq_strlist_has(&l, NULL));
    rq_strlist_clear(&l);
    assert_int_equal(l.count, 0);
    assert_null(l.items);
    rq_strlist_clear(NULL);
}

static void copy_should_be_deep_and_equal(void **state)
{
    (void)state;
    rq_ruleset *a = sample_set();
    rq_ruleset *b = rq_ruleset_copy(a);
    assert_non_null(b);
    assert_true(rq_ruleset_equal(a, b));
    assert_ptr_not_equal(a->rules[0].fields.items[0], b->rules[0].fields.items[0]);
    assert_ptr_not_equal(a->title, b->title);
    rq_ruleset_free(a); /* b must survive on its own */
    assert_string_equal(b->rules[0].fields.items[1], "political science");
    assert_string_equal(b->rules[0].source_text, "A master in law or political science.");
    rq_ruleset_free(b);
}

static void equal_should_see_every_meaningful_difference(void **state)
{
    (void)state;
    rq_ruleset *a = sample_set();
    rq_ruleset *b = rq_ruleset_copy(a);

    b->rules[1].min_years = 4;
    assert_false(rq_ruleset_equal(a, b));
    b->rules[1].min_years = 5;
    b->rules[0].or_equivalent = false;
    assert_false(rq_ruleset_equal(a, b));
    b->rules[0].or_equivalent = true;
    b->rules[2].min_level = 5;
    assert_false(rq_ruleset_equal(a, b));
    b->rules[2].min_level = 6;
    b->rules[3].match_any = true;
    assert_false(rq_ruleset_equal(a, b));
    b->rules[3].match_any = false;
    b->rules[0].source_line = 13;
    assert_false(rq_ruleset_equal(a, b));
    b->rules[0].source_line = 12;
    free(b->rules[3].concepts.items[1]);
    b->rules[3].concepts.items[1] = strdup("asylum");
    assert_false(rq_ruleset_equal(a, b));
    rq_ruleset_free(b);

    b = rq_ruleset_copy(a);
    memcpy(b->language, "en", 3);
    assert_false(rq_ruleset_equal(a, b));
    rq_ruleset_free(b);
    assert_false(rq_ruleset_equal(a, NULL));
    rq_ruleset_free(a);
}

static void equal_should_ignore_fields_of_other_categories(void **state)
{
    (void)state;
    rq_ruleset *a = sample_set();
    rq_ruleset *b = rq_ruleset_copy(a);
    b->rules[0].min_level = 3;        /* a degree rule has no level */
    b->rules[3].min_years = 9;        /* a knowledge rule has no duration */
    b->rules[1].min_eqf = 8;
    assert_true(rq_ruleset_equal(a, b));
    /* nor a duration that is not stated */
    a->rules[1].has_min_years = b->rules[1].has_min_years = false;
    b->rules[1].min_years = 1;
    assert_true(rq_ruleset_equal(a, b));
    /* a missing source text is the empty one */
    free(a->rules[0].source_text);
    a->rules[0].source_text = NULL;
    free(b->rules[0].source_text);
    b->rules[0].source_text = strdup("");
    assert_true(rq_ruleset_equal(a, b));
    rq_ruleset_free(a);
    rq_ruleset_free(b);
}

static void equal_should_allow_for_printed_doubles(void **state)
{
    (void)state;
    rq_ruleset *a = sample_set();
    rq_ruleset *b = rq_ruleset_copy(a);
    b->rules[1].weight = 2.5 + 1e-13;
    assert_true(rq_ruleset_equal(a, b));
    b->rules[1].weight = 2.51;
    assert_false(rq_ruleset_equal(a, b));
    rq_ruleset_free(a);
    rq_ruleset_free(b);
}

#include "kb_fixture.h"

static void check_describe(const rq_rule *r, const char *expected)
{
    rq_buf b = RQ_BUF_INIT;
    assert_int_equal(rq_rule_describe(r, kb, &b), 0);
    assert_string_equal(b.data, expected);
    rq_buf_free(&b);
}

static void describe_should_say_what_each_rule_asks(void **state)
{
    (void)state;
    rq_ruleset *rs = sample_set();
    check_describe(&rs->rules[0], "a degree at EQF level 7 (master) or higher in law "
                                  "or political science, or equivalent experience");
    check_describe(&rs->rules[1], "at least 5 years of experience in team management "
                                  "or project coordination");
    check_describe(&rs->rules[2], "Dutch or French at C2 or better");
    check_describe(&rs->rules[3], "knowledge of children's rights and migration");
    rs->rules[3].match_any = true;
    check_describe(&rs->rules[3], "knowledge of children's rights or migration");
    assert_int_equal(rq_strlist_add(&rs->rules[3].concepts, "asylum"), 0);
    check_describe(&rs->rules[3], "knowledge of children's rights, migration or asylum");
    rs->rules[1].has_min_years = false;
    rq_strlist_clear(&rs->rules[1].domains);
    assert_int_equal(rq_strlist_add(&rs->rules[1].domains, "project management"), 0);
    check_describe(&rs->rules[1], "experience in project management");
    rs->rules[1].has_min_years = true;
    rs->rules[1].min_years = 1;
    check_describe(&rs->rules[1], "at least 1 year of experience in project management");
    rs->rules[1].min_years = 1.5;
    check_describe(&rs->rules[1], "at least 1.5 years of experience in project management");
    rs->rules[0].or_equivalent = false;
    rq_strlist_clear(&rs->rules[0].fields);
    rs->rules[0].min_eqf = 6;
    check_describe(&rs->rules[0], "a degree at EQF level 6 (bachelor) or higher");
    rs->rules[3].category = RQ_CAT_OTHER;
    check_describe(&rs->rules[3], "children's rights, migration or asylum");
    rq_ruleset_free(rs);
}

static void language_names_should_fall_back_to_the_code(void **state)
{
    (void)state;
    assert_string_equal(rq_language_name(kb, "nl"), "Dutch");
    assert_string_equal(rq_language_name(kb, "en"), "English");
    assert_string_equal(rq_language_name(kb, "sw"), "Swahili");
    assert_string_equal(rq_language_name(kb, "xx"), "xx");
    assert_string_equal(rq_language_name(NULL, "nl"), "nl");
    assert_string_equal(rq_concept_label(NULL, "free words"), "free words");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(category_names_should_round_trip),
        cmocka_unit_test(ruleset_add_should_give_a_zeroed_rule_of_weight_one),
        cmocka_unit_test(strlist_should_copy_and_find_strings),
        cmocka_unit_test(copy_should_be_deep_and_equal),
        cmocka_unit_test(equal_should_see_every_meaningful_difference),
        cmocka_unit_test(equal_should_ignore_fields_of_other_categories),
        cmocka_unit_test(equal_should_allow_for_printed_doubles),
        cmocka_unit_test(describe_should_say_what_each_rule_asks),
        cmocka_unit_test(language_names_should_fall_back_to_the_code),
    };
    return cmocka_run_group_tests(tests, kb_setup, kb_teardown);
}
