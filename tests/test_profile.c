/* Tests for engine/profile.c and engine/load.c: JSON Resume analysis,
 * dates and periods, languages, degrees, concepts with evidence paths,
 * rejections, and loading files, directories and JSON Lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kb.h"
#include "profile.h"

#define SRC RQ_SOURCE_DIR

static rq_kb *kb;
static rq_profile_opts opts;
static rq_diags diags;

/* Test-only vocabulary: invented words, so that these tests do not depend
 * on what the built-in concept table happens to contain. */
static const char test_vocab[] =
    "@table concepts\n"
    "test_zorblax: zorblax; zorblax management\n"
    "test_quenvor: quenvor studies\n"
    "test_plimbo: plimbo\n";

static int setup(void **state)
{
    (void)state;
    rq_diags_init(&diags);
    if (rq_kb_new(&kb, &diags) < 0)
        return -1;
    if (rq_kb_extend_text(kb, test_vocab, sizeof test_vocab - 1, "test", &diags) < 0)
        return -1;
    rq_diags_clear(&diags);
    opts.kb = kb;
    opts.as_of = rq_month(2025, 6);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rq_kb_free(kb);
    rq_diags_clear(&diags);
    return 0;
}

static int reset(void **state)
{
    (void)state;
    rq_diags_clear(&diags);
    opts.as_of = rq_month(2025, 6);
    return 0;
}

static rq_profile *parse(const char *json)
{
    rq_profile *p = NULL;
    int rc = rq_profile_parse(json, strlen(json), "t.json", 0, NULL, &opts, &p, &diags);
    if (rc != 0) {
        for (size_t i = 0; i < diags.count; i++) {
            char *s = rq_diag_format(&diags.items[i]);
            fprintf(stderr, "  %s\n", s);
            free(s);
        }
    }
    assert_int_equal(rc, 0);
    assert_non_null(p);
    return p;
}

/* The formatted text of the only error, after a failed parse. */
static char *parse_error(const char *json, size_t len, const char *file, int line)
{
    rq_profile *p = (rq_profile *)1;
    int rc = rq_profile_parse(json, len, file, line, NULL, &opts, &p, &diags);
    assert_int_equal(rc, -1);
    assert_null(p);
    assert_int_equal(rq_diags_count(&diags, RQ_SEV_ERROR), 1);
    for (size_t i = 0; i < diags.count; i++)
        if (diags.items[i].severity == RQ_SEV_ERROR)
            return rq_diag_format(&diags.items[i]);
    return NULL;
}

static void assert_error(const char *json, const char *expected)
{
    char *s = parse_error(json, strlen(json), "t.json", 0);
    assert_string_equal(s, expected);
    free(s);
    rq_diags_clear(&diags);
}

/* true if a warning with this path and message was given */
static bool warned(const char *path, const char *message)
{
    for (size_t i = 0; i < diags.count; i++) {
        const rq_diag *g = &diags.items[i];
        if (g->severity == RQ_SEV_WARNING && g->path && strcmp(g->path, path) == 0 &&
            strcmp(g->message, message) == 0)
            return true;
    }
    return false;
}

static void dump_warnings(void)
{
    for (size_t i = 0; i < diags.count; i++) {
        char *s = rq_diag_format(&diags.items[i]);
        fprintf(stderr, "  diag: %s\n", s);
        free(s);
    }
}

static const rq_job *only_job(const rq_profile *p)
{
    assert_int_equal(p->njobs, 1);
    return &p->jobs[0];
}

/* ---- dates ---- */

static void dates_should_read_a_start_year_as_january_and_an_end_year_as_december(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"2019\",\"endDate\":\"2020\"}]}");
    const rq_job *j = only_job(p);
    assert_true(j->dated);
    assert_false(j->open_ended);
    assert_int_equal(j->period.start, rq_month(2019, 1));
    assert_int_equal(j->period.end, rq_month(2020, 12));
    rq_profile_free(p);
}

static void dates_should_read_month_and_day_forms(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"2019-05-17\",\"endDate\":\"2021-02\"}]}");
    const rq_job *j = only_job(p);
    assert_int_equal(j->period.start, rq_month(2019, 5));
    assert_int_equal(j->period.end, rq_month(2021, 2));
    assert_int_equal(diags.count, 0);
    rq_profile_free(p);
}

static void dates_should_warn_about_month_13_and_leave_the_entry_undated(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"2020-13\"}]}");
    assert_false(only_job(p)->dated);
    assert_true(warned("$.work[0].startDate", "\"2020-13\": no month 13"));
    rq_profile_free(p);
}

static void dates_should_know_leap_years(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"2021-02-30\"},"
                          "{\"startDate\":\"2020-02-29\"},{\"startDate\":\"1900-02-29\"}]}");
    assert_false(p->jobs[0].dated);
    assert_true(warned("$.work[0].startDate", "\"2021-02-30\": no day 30 in 2021-02"));
    assert_true(p->jobs[1].dated);
    assert_false(p->jobs[2].dated);
    assert_true(warned("$.work[2].startDate", "\"1900-02-29\": no day 29 in 1900-02"));
    rq_profile_free(p);
}

static void dates_should_warn_about_text_that_is_not_a_date(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"May 2019\"}]}");
    assert_false(only_job(p)->dated);
    assert_true(warned("$.work[0].startDate",
                       "\"May 2019\": not a date (YYYY, YYYY-MM or YYYY-MM-DD); ignored"));
    rq_profile_free(p);
}

static void missing_end_date_should_run_to_as_of(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"2023-01\"}]}");
    const rq_job *j = only_job(p);
    assert_true(j->dated);
    assert_true(j->open_ended);
    assert_int_equal(j->period.end, rq_month(2025, 6));
    assert_int_equal(diags.count, 0);
    rq_profile_free(p);
}

static void present_end_date_in_three_languages_should_be_open_ended_with_a_warning(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":["
                          "{\"startDate\":\"2020\",\"endDate\":\"present\"},"
                          "{\"startDate\":\"2020\",\"endDate\":\"aujourd\xE2\x80\x99hui\"},"
                          "{\"startDate\":\"2020\",\"endDate\":\"Heden\"},"
                          "{\"startDate\":\"2020\",\"endDate\":\"\"}]}");
    assert_int_equal(p->njobs, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_true(p->jobs[i].dated);
        assert_true(p->jobs[i].open_ended);
        assert_int_equal(p->jobs[i].period.end, rq_month(2025, 6));
    }
    assert_int_equal(rq_diags_count(&diags, RQ_SEV_WARNING), 4);
    assert_true(warned("$.work[0].endDate",
                       "\"present\": read as ongoing (a current entry has no endDate)"));
    rq_profile_free(p);
}

static void end_before_start_should_not_count_the_entry(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{},{},{\"startDate\":\"2019-06\",\"endDate\":\"2018-01\"}]}");
    assert_false(p->jobs[2].dated);
    assert_true(warned("$.work[2].endDate",
                       "\"2018-01\" is before startDate \"2019-06\": not counted"));
    rq_profile_free(p);
}

static void start_after_as_of_should_not_count_the_entry(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"2025-09\"}]}");
    assert_false(only_job(p)->dated);
    assert_true(warned("$.work[0].startDate", "\"2025-09\" is after the as-of date: not counted"));
    rq_profile_free(p);
}

static void end_after_as_of_should_count_up_to_as_of(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"2024-01\",\"endDate\":\"2026-12\"}]}");
    const rq_job *j = only_job(p);
    assert_true(j->dated);
    assert_false(j->open_ended);
    assert_int_equal(j->period.end, rq_month(2025, 6));
    rq_profile_free(p);
}

static void missing_start_date_should_warn_and_not_count(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"position\":\"Officer\"}]}");
    assert_false(only_job(p)->dated);
    assert_true(warned("$.work[0]", "no startDate: not counted in years of experience"));
    rq_profile_free(p);
}

/* ---- periods ---- */

static void periods_should_merge_overlapping_and_adjacent_jobs(void **state)
{
    (void)state;
    rq_period p[] = {
        {rq_month(2020, 1), rq_month(2020, 12)},
        {rq_month(2018, 1), rq_month(2018, 6)},
        {rq_month(2020, 6), rq_month(2021, 3)},  /* overlaps the first */
        {rq_month(2018, 7), rq_month(2018, 12)}, /* adjacent to the second */
        {rq_month(2020, 2), rq_month(2020, 3)},  /* inside the first */
    };
    size_t n = 0;
    int months = rq_periods_merge(p, 5, &n);
    assert_int_equal(n, 2);
    assert_int_equal(months, 12 + 15);
    assert_int_equal(p[0].start, rq_month(2018, 1));
    assert_int_equal(p[0].end, rq_month(2018, 12));
    assert_int_equal(p[1].start, rq_month(2020, 1));
    assert_int_equal(p[1].end, rq_month(2021, 3));
}

static void periods_months_should_count_the_union_without_changing_input(void **state)
{
    (void)state;
    const rq_period unsorted[] = {{10, 20}, {0, 4}, {15, 30}};
    assert_int_equal(rq_periods_months(unsorted, 3), 5 + 21);
    assert_int_equal(unsorted[0].start, 10);
    const rq_period sorted[] = {{0, 10}, {2, 3}, {11, 11}, {20, 20}};
    assert_int_equal(rq_periods_months(sorted, 4), 12 + 1);
    assert_int_equal(rq_periods_months(NULL, 0), 0);
}

static void overlapping_jobs_of_a_profile_should_merge_to_months_covered(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"startDate\":\"2020-01\",\"endDate\":\"2021-12\"},"
                          "{\"startDate\":\"2021-01\",\"endDate\":\"2022-12\"}],"
                          "\"volunteer\":[{\"startDate\":\"2022-06\"}]}");
    rq_period per[3];
    for (size_t i = 0; i < 3; i++)
        per[i] = p->jobs[i].period;
    /* 2020-01 .. 2025-06 */
    assert_int_equal(rq_periods_merge(per, 3, NULL), 66);
    rq_profile_free(p);
}

/* ---- jobs and concepts ---- */

static void volunteer_entries_should_be_jobs_of_kind_volunteer(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"name\":\"A\"}],\"volunteer\":[{\"organization\":\"B\"},"
                          "{\"organization\":\"C\"}]}");
    assert_int_equal(p->njobs, 3);
    assert_int_equal(p->jobs[0].kind, RQ_JOB_WORK);
    assert_int_equal(p->jobs[1].kind, RQ_JOB_VOLUNTEER);
    assert_int_equal(p->jobs[1].index, 0);
    assert_int_equal(p->jobs[2].index, 1);
    rq_profile_free(p);
}

static long concept(const char *key)
{
    long e = rq_kb_find(kb, RQ_TABLE_CONCEPTS, key);
    assert_true(e >= 0);
    return e;
}

static void concepts_should_be_found_with_their_evidence_paths(void **state)
{
    (void)state;
    rq_profile *p = parse(
        "{\"basics\":{\"summary\":\"Plimbo and more.\"},"
        "\"work\":[{\"position\":\"Clerk\"},"
        "{\"name\":\"Plimbo Ltd\",\"highlights\":[\"Led zorblax management\",\"zorblax\"]}],"
        "\"volunteer\":[{\"summary\":\"Zorblax for kids\"}],"
        "\"education\":[{\"area\":\"Quenvor studies\",\"studyType\":\"Master\","
        "\"courses\":[\"a\",\"b\",\"plimbo\"]}]}");
    uint32_t zorblax = (uint32_t)concept("test_zorblax");
    uint32_t plimbo = (uint32_t)concept("test_plimbo");
    uint32_t quenvor = (uint32_t)concept("test_quenvor");

    const rq_job *j = &p->jobs[1];
    assert_int_equal(j->nconcepts, 2);
    assert_int_equal(j->concepts[0], zorblax < plimbo ? zorblax : plimbo);
    assert_int_equal(p->jobs[0].nconcepts, 0);
    assert_int_equal(p->jobs[2].nconcepts, 1);
    assert_int_equal(p->degrees[0].nfields, 1);
    assert_int_equal(p->degrees[0].fields[0], quenvor);

    /* hits sorted by concept, then in text order */
    const char *zpaths[] = {"work[1].highlights[0]", "work[1].highlights[1]",
                            "volunteer[0].summary"};
    const char *ppaths[] = {"basics.summary", "work[1].name", "education[0].courses[2]"};
    size_t nz = 0, np = 0, nq = 0;
    for (size_t i = 0; i < p->nhits; i++) {
        if (i)
            assert_true(p->hits[i - 1].concept <= p->hits[i].concept);
        if (p->hits[i].concept == zorblax)
            assert_string_equal(p->hits[i].path, zpaths[nz++]);
        else if (p->hits[i].concept == plimbo)
            assert_string_equal(p->hits[i].path, ppaths[np++]);
        else if (p->hits[i].concept == quenvor)
            assert_string_equal(p->hits[i].path, (nq++, "education[0].area"));
    }
    assert_int_equal(nz, 3);
    assert_int_equal(np, 3);
    assert_int_equal(nq, 1);

    /* texts are folded and tied to their job */
    bool seen = false;
    for (size_t i = 0; i < p->ntexts; i++)
        if (strcmp(p->texts[i].path, "work[1].highlights[0]") == 0) {
            assert_string_equal(p->texts[i].folded, "led zorblax management");
            assert_int_equal(p->texts[i].job, 1);
            seen = true;
        } else if (strcmp(p->texts[i].path, "education[0].area") == 0) {
            assert_int_equal(p->texts[i].job, -1);
        }
    assert_true(seen);
    rq_profile_free(p);
}

static void older_company_field_should_name_the_employer(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"company\":\"Zorblax Inc\"}]}");
    assert_int_equal(only_job(p)->nconcepts, 1);
    assert_int_equal(p->nhits, 1);
    assert_string_equal(p->hits[0].path, "work[0].company");
    rq_profile_free(p);
}

static void knowledge_sections_should_be_scanned(void **state)
{
    (void)state;
    rq_profile *p = parse(
        "{\"skills\":[{\"name\":\"zorblax\",\"keywords\":[\"x\",\"plimbo\"]}],"
        "\"certificates\":[{\"name\":\"Zorblax certificate\"}],"
        "\"projects\":[{\"name\":\"P\",\"description\":\"plimbo\",\"highlights\":[\"zorblax\"],"
        "\"keywords\":[\"plimbo\"]}],"
        "\"awards\":[{\"title\":\"Plimbo award\",\"summary\":\"for zorblax\"}],"
        "\"publications\":[{\"name\":\"On zorblax\",\"summary\":\"plimbo\"}],"
        "\"basics\":{\"label\":\"Plimbo officer\"}}");
    const char *expected[] = {"basics.label", "skills[0].name", "skills[0].keywords[1]",
                              "certificates[0].name", "projects[0].description",
                              "projects[0].highlights[0]", "projects[0].keywords[0]",
                              "awards[0].title", "awards[0].summary",
                              "publications[0].name", "publications[0].summary"};
    for (size_t k = 0; k < sizeof expected / sizeof *expected; k++) {
        bool found = false;
        for (size_t i = 0; i < p->nhits; i++)
            found = found || strcmp(p->hits[i].path, expected[k]) == 0;
        if (!found)
            fail_msg("no hit at %s", expected[k]);
    }
    assert_int_equal(p->nhits, 11);
    rq_profile_free(p);
}

static void references_interests_and_personal_details_should_never_count(void **state)
{
    (void)state;
    rq_profile *p = parse(
        "{\"basics\":{\"name\":\"Zorblax Plimbo\",\"email\":\"zorblax@plimbo.org\","
        "\"url\":\"https://zorblax.example\",\"location\":{\"city\":\"Plimbo\"},"
        "\"profiles\":[{\"network\":\"zorblax\"}]},"
        "\"references\":[{\"name\":\"A\",\"reference\":\"Great at zorblax\"}],"
        "\"interests\":[{\"name\":\"Zorblax\",\"keywords\":[\"plimbo\"]}]}");
    assert_int_equal(p->nhits, 0);
    assert_int_equal(p->ntexts, 0);
    assert_string_equal(p->name, "Zorblax Plimbo");
    rq_profile_free(p);
}

static void a_string_field_of_the_wrong_type_should_be_ignored_with_a_warning(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"work\":[{\"position\":42,\"summary\":\"zorblax\","
                          "\"highlights\":[7,\"plimbo\"],\"startDate\":2019}]}");
    assert_true(warned("$.work[0].position", "expected a string, got a number; ignored"));
    assert_true(warned("$.work[0].highlights[0]", "expected a string, got a number; ignored"));
    assert_true(warned("$.work[0].startDate",
                       "expected a date string (YYYY, YYYY-MM or YYYY-MM-DD), "
                       "got a number; ignored"));
    assert_int_equal(only_job(p)->nconcepts, 2);
    rq_profile_free(p);
}

static void unknown_fields_and_location_objects_should_be_ignored(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"meta\":{\"version\":\"v1\"},\"x-custom\":[1,2],"
                          "\"work\":[{\"location\":{\"city\":\"Gent\"},\"startDate\":\"2020\","
                          "\"endDate\":\"2020\",\"whatever\":true}]}");
    assert_true(only_job(p)->dated);
    assert_int_equal(diags.count, 0);
    rq_profile_free(p);
}

/* A member named twice is read from its first occurrence, as cJSON's
 * lookup gives it, in every object that is read: the root, basics, work
 * and volunteer entries, education, languages and knowledge entries. A
 * first occurrence that is null counts as absent (the second is not
 * looked at); one of the wrong type is warned about and ignored. The
 * duplicates come after other members, so that a lookup that starts
 * anywhere but the first child would find them first. */
static void a_member_named_twice_should_be_read_from_its_first_occurrence(void **state)
{
    (void)state;
    rq_profile *p = parse(
        "{\"basics\":{\"name\":\"First\",\"label\":null,\"summary\":\"plimbo\","
        "\"name\":\"Second\",\"label\":\"zorblax\",\"summary\":\"quenvor studies\"},"
        "\"work\":[{\"position\":\"Zorblax\",\"startDate\":\"2019\",\"summary\":7,"
        "\"name\":null,\"highlights\":[\"plimbo\"],\"position\":\"Plimbo\","
        "\"company\":\"Quenvor studies\",\"startDate\":\"2021\",\"summary\":\"zorblax\","
        "\"name\":\"X\",\"highlights\":[\"zorblax\"],\"company\":\"Y\"}],"
        "\"work\":\"not an array\","
        "\"volunteer\":[{\"organization\":\"Plimbo\",\"position\":\"Z\","
        "\"organization\":\"Zorblax\"}],"
        "\"education\":[{\"studyType\":\"Master\",\"area\":\"Quenvor studies\","
        "\"endDate\":\"2030\",\"courses\":[\"plimbo\"],\"studyType\":\"GCSEs\","
        "\"area\":\"Plimbo\",\"endDate\":\"2010\",\"courses\":[\"zorblax\"]}],"
        "\"languages\":[{\"language\":\"French\",\"fluency\":\"C1\","
        "\"language\":\"German\",\"fluency\":\"A1\"}],"
        "\"skills\":[{\"name\":\"zorblax\",\"keywords\":[\"plimbo\"],"
        "\"name\":\"plimbo\",\"keywords\":[\"zorblax\"]}],"
        "\"skills\":5}");
    assert_int_equal(rq_diags_count(&diags, RQ_SEV_ERROR), 0);
    assert_string_equal(p->name, "First");
    /* every text, in the order recorded */
    const char *expected[][2] = {
        {"basics.summary", "plimbo"},
        {"work[0].position", "zorblax"},
        {"work[0].company", "quenvor studies"},
        {"work[0].highlights[0]", "plimbo"},
        {"volunteer[0].position", "z"},
        {"volunteer[0].organization", "plimbo"},
        {"education[0].area", "quenvor studies"},
        {"education[0].studyType", "master"},
        {"education[0].courses[0]", "plimbo"},
        {"skills[0].name", "zorblax"},
        {"skills[0].keywords[0]", "plimbo"},
    };
    size_t n = sizeof expected / sizeof *expected;
    for (size_t i = 0; i < p->ntexts && i < n; i++) {
        assert_string_equal(p->texts[i].path, expected[i][0]);
        assert_string_equal(p->texts[i].folded, expected[i][1]);
    }
    assert_int_equal(p->ntexts, n);
    assert_true(warned("$.work[0].summary", "expected a string, got a number; ignored"));
    assert_true(warned("$.volunteer[0]", "no startDate: not counted in years of experience"));
    assert_int_equal(rq_diags_count(&diags, RQ_SEV_WARNING), 2);
    assert_int_equal(p->njobs, 2);
    assert_true(p->jobs[0].dated);
    assert_int_equal(p->jobs[0].period.start, rq_month(2019, 1));
    assert_int_equal(p->ndegrees, 1);
    assert_int_equal(p->degrees[0].eqf, 7);
    assert_false(p->degrees[0].completed);
    assert_int_equal(p->nlangs, 1);
    assert_string_equal(p->langs[0].code, "fr");
    assert_int_equal(p->langs[0].level, 5);
    rq_profile_free(p);

    /* and a wrong first occurrence is not saved by a right second one */
    assert_error("{\"work\":\"x\",\"work\":[]}",
                 "t.json: $.work: expected an array, got a string");

    /* the id of a JSON Lines record */
    p = NULL;
    const char *json = "{\"id\":\"first\",\"work\":[],\"id\":\"second\"}";
    assert_int_equal(rq_profile_parse(json, strlen(json), "t.jsonl", 3, NULL, &opts, &p,
                                      &diags), 0);
    assert_string_equal(p->id, "first");
    rq_profile_free(p);
    p = NULL;
    json = "{\"id\":null,\"work\":[],\"id\":5}";
    assert_int_equal(rq_profile_parse(json, strlen(json), "t.jsonl", 3, NULL, &opts, &p,
                                      &diags), 0);
    assert_string_equal(p->id, "t:3");
    rq_profile_free(p);
    assert_int_equal(diags.count, 0);
    p = NULL;
    json = "{\"id\":5,\"work\":[],\"id\":\"second\"}";
    assert_int_equal(rq_profile_parse(json, strlen(json), "t.jsonl", 3, NULL, &opts, &p,
                                      &diags), 0);
    assert_string_equal(p->id, "t:3");
    rq_profile_free(p);
    assert_true(warned("$.id", "expected a string, got a number; id taken from the line"));
    assert_int_equal(diags.count, 1);
}

/* ---- languages ---- */

static int level(const char *fluency)
{
    char json[256];
    snprintf(json, sizeof json,
             "{\"languages\":[{\"language\":\"French\",\"fluency\":\"%s\"}]}", fluency);
    rq_profile *p = parse(json);
    assert_int_equal(p->nlangs, 1);
    int lv = p->langs[0].level;
    rq_profile_free(p);
    return lv;
}

static void fluency_should_read_cefr_codes_anywhere_in_the_text(void **state)
{
    (void)state;
    assert_int_equal(level("C1"), 5);
    assert_int_equal(level("c1"), 5);
    assert_int_equal(level("B2 - upper intermediate"), 4);
    assert_int_equal(level("niveau A2"), 2);
    assert_int_equal(level("C2 (bilingue)"), 6);
}

static void fluency_words_in_three_languages_should_map_to_levels(void **state)
{
    (void)state;
    assert_int_equal(level("Langue maternelle"), 7);
    assert_int_equal(level("moedertaal"), 7);
    assert_int_equal(level("Native speaker"), 7);
    assert_int_equal(level("courant"), 5);
    assert_int_equal(level("vloeiend"), 5);
    assert_int_equal(level("Fluent"), 5);
    assert_int_equal(level("bilingue"), 6);
    assert_int_equal(level("notions"), 2);
    assert_int_equal(level("basiskennis"), 2);
    assert_int_equal(level("goed"), 4);
    assert_int_equal(level("goede kennis"), 4);
    assert_int_equal(level("Full professional proficiency"), 5);
    assert_int_equal(level("Limited working proficiency"), 3);
    assert_int_equal(level("scolaire"), 2);
    /* the French CV idiom: reads, writes and speaks it, a working level */
    assert_int_equal(level("lu, écrit, parlé"), 4);
    assert_int_equal(level("Parlé / lu / écrit"), 4);
    assert_int_equal(diags.count, 0);
}

static void the_most_specific_fluency_phrase_should_win(void **state)
{
    (void)state;
    /* "native or bilingual" is one phrase (native), not "bilingual" (C2) */
    assert_int_equal(level("Native or bilingual proficiency"), 7);
    /* two phrases of one word each: the first */
    assert_int_equal(level("courant, presque bilingue"), 5);
}

static void unknown_fluency_should_be_level_zero_with_a_warning(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"languages\":[{\"language\":\"Dutch\",\"fluency\":\"so-so\"},"
                          "{\"language\":\"English\"}]}");
    assert_int_equal(p->nlangs, 2);
    assert_int_equal(p->langs[0].level, 0);
    assert_string_equal(p->langs[0].code, "nl");
    assert_true(warned("$.languages[0].fluency", "unrecognised fluency \"so-so\""));
    assert_true(warned("$.languages[1].fluency", "no fluency given: level unknown"));
    rq_profile_free(p);
}

/* The fuzzer's find: a fluency with a line break is quoted on one line. */
static void quoted_values_should_keep_a_warning_on_one_line(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"languages\":[{\"language\":\"Dutch\",\"fluency\":\"Nati\\nve\"}]}");
    assert_true(warned("$.languages[0].fluency", "unrecognised fluency \"Nati\\nve\""));
    rq_profile_free(p);
}

/* A language listed 160 000 times (with unrecognised ones among them) keeps
 * one entry a code, the highest level, in linear time (each entry was
 * compared with all the kept ones: seconds). */
static void many_language_entries_should_be_merged_in_linear_time(void **state)
{
    (void)state;
    enum { N = 160000 };
    static const char *const names[] = {"English", "French", "Dutch", "Klingon"};
    rq_buf b = RQ_BUF_INIT;
    rq_buf_puts(&b, "{\"languages\":[");
    for (int i = 0; i < N; i++)
        rq_buf_printf(&b, "%s{\"language\":\"%s\",\"fluency\":\"%s\"}", i ? "," : "",
                      names[i % 4], i == N - 3 ? "C2" : "B1");
    rq_buf_puts(&b, "]}");
    char *json = rq_buf_take(&b);
    clock_t t0 = clock();
    rq_profile *p = parse(json);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    free(json);
    /* en, fr, nl once each, and every unrecognised entry */
    assert_int_equal(p->nlangs, 3 + N / 4);
    assert_string_equal(p->langs[0].code, "en");
    assert_string_equal(p->langs[1].code, "fr");
    assert_int_equal(p->langs[1].level, 6);       /* entry N-3 is French C2 */
    assert_int_equal(p->langs[0].level, 3);
    if (cpu > 2.5 * RQ_CPU_SLACK)
        print_error("160 000 language entries took %.2f s of CPU\n", cpu);
    assert_true(cpu <= 2.5 * RQ_CPU_SLACK);
    rq_profile_free(p);
    rq_diags_clear(&diags);
}

static const char *code(const char *language)
{
    static char out[4];
    char json[256];
    snprintf(json, sizeof json,
             "{\"languages\":[{\"language\":\"%s\",\"fluency\":\"C1\"}]}", language);
    rq_profile *p = parse(json);
    assert_int_equal(p->nlangs, 1);
    strcpy(out, p->langs[0].code);
    rq_profile_free(p);
    return out;
}

static void language_names_and_codes_should_give_iso_codes(void **state)
{
    (void)state;
    assert_string_equal(code("English"), "en");
    assert_string_equal(code("Anglais"), "en");
    assert_string_equal(code("Engels"), "en");
    assert_string_equal(code("en"), "en");
    assert_string_equal(code("EN"), "en");
    assert_string_equal(code("English (UK)"), "en");
    assert_string_equal(code("Néerlandais"), "nl");
    assert_string_equal(code("Nederlands"), "nl");
    assert_string_equal(code("Frans"), "fr");
    assert_string_equal(code("Français"), "fr");
    assert_string_equal(code("Créole haïtien"), "ht");
    assert_string_equal(code("Kinyarwanda"), "rw");
    assert_int_equal(diags.count, 0);
}

static void unknown_language_should_have_an_empty_code_and_a_warning(void **state)
{
    (void)state;
    assert_string_equal(code("Klingon"), "");
    assert_true(warned("$.languages[0].language", "unrecognised language \"Klingon\""));
}

static void same_language_twice_should_keep_the_highest_and_native_beats_c2(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"languages\":[{\"language\":\"English\",\"fluency\":\"C2\"},"
                          "{\"language\":\"French\",\"fluency\":\"B1\"},"
                          "{\"language\":\"Anglais\",\"fluency\":\"langue maternelle\"},"
                          "{\"language\":\"fr\",\"fluency\":\"A2\"}]}");
    assert_int_equal(p->nlangs, 2);
    assert_string_equal(p->langs[0].code, "en");
    assert_int_equal(p->langs[0].level, 7);
    assert_int_equal(p->langs[0].index, 2);
    assert_string_equal(p->langs[1].code, "fr");
    assert_int_equal(p->langs[1].level, 3);
    rq_profile_free(p);
}

/* ---- degrees ---- */

static int eqf(const char *study_type, const char *area)
{
    char json[512];
    snprintf(json, sizeof json,
             "{\"education\":[{\"institution\":\"Master School of Doctorates\","
             "\"studyType\":\"%s\",\"area\":\"%s\"}]}", study_type, area);
    rq_profile *p = parse(json);
    assert_int_equal(p->ndegrees, 1);
    int v = p->degrees[0].eqf;
    rq_profile_free(p);
    return v;
}

static void degrees_in_four_wordings_should_map_to_eqf_levels(void **state)
{
    (void)state;
    assert_int_equal(eqf("Master 2", "Sociologie"), 7);
    assert_int_equal(eqf("Bac+5", ""), 7);
    assert_int_equal(eqf("Bachelier", "Communication"), 6);
    assert_int_equal(eqf("Bachelor of Laws (LLB)", "Law"), 6);
    assert_int_equal(eqf("LL.M.", "European Law"), 7);
    assert_int_equal(eqf("MSc", "Computer Science"), 7);
    assert_int_equal(eqf("Doctorat", "Anthropologie"), 8);
    assert_int_equal(eqf("PhD", "History"), 8);
    assert_int_equal(eqf("Graduaat", "Maatschappelijk werk"), 5);
    assert_int_equal(eqf("BTS", "Commerce"), 5);
    assert_int_equal(eqf("Doctor of Philosophy", "History"), 8);
    assert_int_equal(eqf("Juris Doctor", "Law"), 7);
    assert_int_equal(eqf("Doctorandus", "Psychologie"), 7);
    assert_int_equal(eqf("Diplôme d'État d'assistant de service social", ""), 6);
    assert_int_equal(eqf("DEES", "Éducation spécialisée"), 6);
    assert_int_equal(eqf("MAS", "Droits de l'enfant"), 7);
    assert_int_equal(eqf("GCSEs", ""), 3);
}

static void degree_should_use_area_only_when_study_type_says_nothing(void **state)
{
    (void)state;
    assert_int_equal(eqf("", "Master en sciences sociales"), 7);
    assert_int_equal(eqf("Bachelor", "Master studies"), 6);
    /* the institution name ("Master School of Doctorates") is never read */
    assert_int_equal(eqf("Summer course", "History"), 0);
    assert_true(warned("$.education[0].studyType",
                       "no degree level recognised in \"Summer course\""));
}

static bool degree_has_field(const rq_profile *p, const char *key)
{
    long c = concept(key);
    for (size_t i = 0; i < p->degrees[0].nfields; i++)
        if (p->degrees[0].fields[i] == (uint32_t)c)
            return true;
    return false;
}

/* "Droit", "Rechten": a bare discipline word names the field of study in
 * education.area, never in running text */
static void degree_area_should_read_bare_discipline_words(void **state)
{
    (void)state;
    const char *law[] = {"Droit", "Rechten", "Law", "Droit des affaires"};
    for (size_t i = 0; i < sizeof law / sizeof *law; i++) {
        char json[200];
        snprintf(json, sizeof json,
                 "{\"education\":[{\"studyType\":\"Master\",\"area\":\"%s\"}]}", law[i]);
        rq_profile *p = parse(json);
        if (!degree_has_field(p, "law"))
            fail_msg("area '%s' is not law", law[i]);
        rq_profile_free(p);
    }
    /* a word inside a longer concept phrase is that phrase's */
    rq_profile *p = parse("{\"education\":[{\"studyType\":\"Master\","
                          "\"area\":\"Droits de l'homme\"}]}");
    assert_true(degree_has_field(p, "human_rights"));
    assert_false(degree_has_field(p, "law"));
    rq_profile_free(p);
    /* running text: no law */
    p = parse("{\"work\":[{\"summary\":\"Droit au logement\"}],"
              "\"skills\":[{\"name\":\"Recht\"}]}");
    for (size_t i = 0; i < p->nhits; i++)
        assert_int_not_equal(p->hits[i].concept, (uint32_t)concept("law"));
    rq_profile_free(p);
}

static void degree_should_be_in_progress_when_it_ends_after_as_of(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"education\":[{\"studyType\":\"MSc\",\"endDate\":\"2026-06\"},"
                          "{\"studyType\":\"BA\",\"endDate\":\"2024-06\"},"
                          "{\"studyType\":\"BA\"},"
                          "{\"studyType\":\"MA\",\"endDate\":\"2025\"},"
                          "{\"studyType\":\"MA\",\"endDate\":\"present\"}]}");
    assert_int_equal(p->ndegrees, 5);
    assert_false(p->degrees[0].completed);
    assert_int_equal(p->degrees[0].eqf, 7);
    assert_true(p->degrees[1].completed);
    assert_true(p->degrees[2].completed);
    assert_true(p->degrees[3].completed);
    assert_false(p->degrees[4].completed);
    rq_profile_free(p);
}

/* ---- rejections ---- */

static void wrong_shapes_should_be_rejected_naming_the_path(void **state)
{
    (void)state;
    assert_error("[{\"basics\":{}}]", "t.json: $: expected an object, got an array");
    assert_error("\"hello\"", "t.json: $: expected an object, got a string");
    assert_error("{\"work\":\"Officer since 2019\"}",
                 "t.json: $.work: expected an array, got a string");
    assert_error("{\"languages\":{\"en\":\"C1\"}}",
                 "t.json: $.languages: expected an array, got an object");
    assert_error("{\"education\":[{},\"MSc\"]}",
                 "t.json: $.education[1]: expected an object, got a string");
    assert_error("{\"basics\":[]}", "t.json: $.basics: expected an object, got an array");
    assert_error("{\"skills\":[null]}", "t.json: $.skills[0]: expected an object, got null");
}

static void syntax_errors_should_give_line_and_column(void **state)
{
    (void)state;
    assert_error("{\n  \"work\": [\n    {\"name\": \"A\"\n",
                 "t.json:4:1: invalid JSON: unexpected end of input");
    assert_error("{\"a\": 1,\n \"b\": [1 2]}", "t.json:2:10: invalid JSON near '2'");
    assert_error("{\"a\": 1} trailing", "t.json:1:10: invalid JSON near 't'");
    assert_error("{\"a\": \xff}", "t.json:1:7: invalid JSON near byte 0xFF");
    char *s = parse_error("{\"a\" 1}", 7, "pool.jsonl", 17);
    assert_string_equal(s, "pool.jsonl:17:6: invalid JSON near '1'");
    free(s);
}

/* The reader stops at 1000 levels (its recursion stays off the end of the
 * stack): the message says so instead of "invalid JSON near '['". */
static void deep_nesting_should_be_rejected_as_too_deep(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *json = malloc(2 * depth + 32);
    size_t n = (size_t)sprintf(json, "{\"projects\": ");
    memset(json + n, '[', depth);
    memset(json + n + depth, ']', depth);
    strcpy(json + n + 2 * depth, "}");
    /* 1 for the object, 999 arrays open: the next '[' (column 14 + 999) */
    assert_error(json, "t.json:1:1013: JSON nested deeper than 1000 levels");
    /* strings holding brackets do not count */
    strcpy(json, "{\"a\": \"[[[[\", \"b\": [1 2]}");
    assert_error(json, "t.json:1:23: invalid JSON near '2'");
    free(json);
}

static void empty_input_should_be_rejected(void **state)
{
    (void)state;
    assert_error("", "t.json: empty file");
    assert_error(" \r\n\n", "t.json: empty file");
    assert_error("\xEF\xBB\xBF", "t.json: empty file");
}

static void invalid_utf8_should_be_rejected_naming_the_path(void **state)
{
    (void)state;
    assert_error("{\"work\":[{\"summary\":\"ok\"},{\"highlights\":[\"bad \xC3\x28 byte\"]}]}",
                 "t.json: $.work[1].highlights[0]: invalid UTF-8");
    assert_error("{\"basics\":{\"name\":\"\xff\"}}", "t.json: $.basics.name: invalid UTF-8");
}

static void strings_over_one_megabyte_should_be_rejected(void **state)
{
    (void)state;
    size_t big = 1024 * 1024 + 1;
    const char *head = "{\"basics\":{\"summary\":\"";
    const char *tail = "\"}}";
    size_t len = strlen(head) + big + strlen(tail);
    char *json = malloc(len + 1);
    assert_non_null(json);
    strcpy(json, head);
    memset(json + strlen(head), 'a', big);
    strcpy(json + strlen(head) + big, tail);
    char *s = parse_error(json, len, "t.json", 0);
    assert_string_equal(s, "t.json: $.basics.summary: string longer than 1 MB (1048577 bytes)");
    free(s);
    free(json);
}

static void nul_bytes_should_be_rejected(void **state)
{
    (void)state;
    char *s = parse_error("{\"a\":\"x\"}\0{}", 11, "t.json", 0);
    assert_string_equal(s, "t.json:1:10: NUL byte in input");
    free(s);
}

/* ---- ids, sources, BOM, CRLF ---- */

static void bom_and_crlf_should_be_accepted(void **state)
{
    (void)state;
    rq_profile *p = parse("\xEF\xBB\xBF{\r\n\"work\": [{\"startDate\": \"2020\"}]\r\n}\r\n");
    assert_int_equal(p->njobs, 1);
    assert_string_equal(p->id, "t");
    assert_string_equal(p->source, "t.json");
    rq_profile_free(p);
}

static void twins_differing_only_in_personal_details_should_analyse_the_same(void **state)
{
    (void)state;
    const char *body =
        "\"work\":[{\"name\":\"Zorblax\",\"position\":\"Officer\",\"startDate\":\"2019-03\","
        "\"highlights\":[\"plimbo\"]}],\"volunteer\":[{\"organization\":\"X\","
        "\"startDate\":\"2015\",\"endDate\":\"2016\"}],"
        "\"education\":[{\"studyType\":\"Master\",\"area\":\"Quenvor studies\"}],"
        "\"languages\":[{\"language\":\"French\",\"fluency\":\"C1\"}]}";
    char a[1024], b[1024];
    snprintf(a, sizeof a, "{\"basics\":{\"name\":\"Anna A\",\"email\":\"a@x.org\","
             "\"phone\":\"+32 1\",\"birthDate\":\"1970-01-01\",\"gender\":\"f\","
             "\"nationality\":\"BE\",\"image\":\"a.jpg\"},%s", body);
    snprintf(b, sizeof b, "{\"basics\":{\"name\":\"Bob B\",\"email\":\"b@y.com\","
             "\"phone\":\"+44 2\",\"birthDate\":\"2001-12-31\",\"gender\":\"m\","
             "\"nationality\":\"NG\",\"location\":{\"city\":\"Lagos\"}},%s", body);
    rq_profile *x = parse(a), *y = parse(b);
    assert_string_not_equal(x->name, y->name);
    assert_int_equal(x->njobs, y->njobs);
    for (size_t i = 0; i < x->njobs; i++) {
        assert_memory_equal(&x->jobs[i].period, &y->jobs[i].period, sizeof(rq_period));
        assert_int_equal(x->jobs[i].dated, y->jobs[i].dated);
        assert_int_equal(x->jobs[i].nconcepts, y->jobs[i].nconcepts);
    }
    assert_int_equal(x->nlangs, y->nlangs);
    assert_memory_equal(x->langs, y->langs, x->nlangs * sizeof *x->langs);
    assert_int_equal(x->ndegrees, y->ndegrees);
    assert_int_equal(x->degrees[0].eqf, y->degrees[0].eqf);
    assert_int_equal(x->nhits, y->nhits);
    for (size_t i = 0; i < x->nhits; i++) {
        assert_int_equal(x->hits[i].concept, y->hits[i].concept);
        assert_string_equal(x->hits[i].path, y->hits[i].path);
    }
    assert_int_equal(x->ntexts, y->ntexts);
    for (size_t i = 0; i < x->ntexts; i++)
        assert_string_equal(x->texts[i].folded, y->texts[i].folded);
    rq_profile_free(x);
    rq_profile_free(y);
}

/* ---- loading ---- */

typedef struct {
    char *ids[64];
    char *rejects[64];
    size_t nids, nrejects;
    size_t stop_after;
} sink_log;

static int sink(void *ctx, rq_profile *p, const char *source, const char *error)
{
    sink_log *log = ctx;
    if (p) {
        assert_string_equal(source, p->source);
        if (log->nids < 64)
            log->ids[log->nids++] = strdup(p->id);
        rq_profile_free(p);
    } else if (log->nrejects < 64) {
        log->rejects[log->nrejects++] = strdup(error);
    }
    return log->stop_after && log->nids + log->nrejects >= log->stop_after;
}

static void sink_log_free(sink_log *log)
{
    for (size_t i = 0; i < log->nids; i++)
        free(log->ids[i]);
    for (size_t i = 0; i < log->nrejects; i++)
        free(log->rejects[i]);
}

static void jsonl_ids_should_be_the_id_field_or_stem_and_line(void **state)
{
    (void)state;
    sink_log log = {0};
    assert_int_equal(rq_profiles_load(SRC "/samples/profiles/pool.jsonl", &opts, sink,
                                      &log, &diags), 0);
    assert_int_equal(log.nrejects, 0);
    assert_int_equal(log.nids, 10);
    assert_string_equal(log.ids[0], "cand-101");
    assert_string_equal(log.ids[1], "pool:2");
    assert_string_equal(log.ids[9], "pool:10");
    sink_log_free(&log);
}

static void bad_jsonl_lines_should_be_rejected_and_the_rest_loaded(void **state)
{
    (void)state;
    sink_log log = {0};
    assert_int_equal(rq_profiles_load(SRC "/samples/bad/mixed.jsonl", &opts, sink, &log,
                                      &diags), 0);
    assert_int_equal(log.nids, 1);
    assert_string_equal(log.ids[0], "mixed:1");
    assert_int_equal(log.nrejects, 2);
    assert_string_equal(log.rejects[0], SRC "/samples/bad/mixed.jsonl:3: $.work: "
                                            "expected an array, got an object");
    assert_string_equal(log.rejects[1], SRC "/samples/bad/mixed.jsonl:4:32: "
                                            "invalid JSON: unexpected end of input");
    assert_int_equal(rq_diags_count(&diags, RQ_SEV_ERROR), 0);
    sink_log_free(&log);
}

static void bad_sample_files_should_be_rejected_with_exact_messages(void **state)
{
    (void)state;
    sink_log log = {0};
    assert_int_equal(rq_profiles_load(SRC "/samples/bad", &opts, sink, &log, &diags), 0);
    /* sorted: empty, impossible-dates, invalid-utf8, mixed, root-array,
     * truncated, wrong-types */
    const char *expected[] = {
        SRC "/samples/bad/empty.json: empty file",
        SRC "/samples/bad/invalid-utf8.json: $.basics.name: invalid UTF-8",
        SRC "/samples/bad/mixed.jsonl:3: $.work: expected an array, got an object",
        SRC "/samples/bad/mixed.jsonl:4:32: invalid JSON: unexpected end of input",
        SRC "/samples/bad/root-array.json: $: expected an object, got an array",
        SRC "/samples/bad/truncated.json:5:1: invalid JSON: unexpected end of input",
        SRC "/samples/bad/wrong-types.json: $.work: expected an array, got a string",
    };
    assert_int_equal(log.nrejects, 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(log.rejects[i], expected[i]);
    assert_int_equal(log.nids, 2);
    assert_string_equal(log.ids[0], "impossible-dates");
    assert_string_equal(log.ids[1], "mixed:1");
    sink_log_free(&log);
}

static void every_sample_profile_should_load_without_errors(void **state)
{
    (void)state;
    sink_log log = {0};
    assert_int_equal(rq_profiles_load(SRC "/samples/profiles/", &opts, sink, &log, &diags), 0);
    assert_int_equal(log.nrejects, 0);
    assert_true(log.nids >= 28);
    assert_string_equal(log.ids[0], "amelie-fontaine");
    for (size_t i = 1; i < log.nids; i++)
        if (!strchr(log.ids[i], ':') && !strchr(log.ids[i - 1], ':') &&
            !strstr(log.ids[i], "cand-") && !strstr(log.ids[i - 1], "cand-"))
            assert_true(strcmp(log.ids[i - 1], log.ids[i]) < 0);
    /* the only expected warning in the samples: the "so-so" fluency */
    size_t so_so = 0;
    for (size_t i = 0; i < diags.count; i++)
        if (strstr(diags.items[i].message, "so-so"))
            so_so++;
    if (so_so != 1 || diags.count != 2)
        dump_warnings();
    assert_int_equal(so_so, 1);
    assert_int_equal(diags.count, 2);
    assert_true(warned("$.work[0].endDate",
                       "\"present\": read as ongoing (a current entry has no endDate)"));
    sink_log_free(&log);
}

static void a_missing_path_should_be_a_rejection(void **state)
{
    (void)state;
    sink_log log = {0};
    assert_int_equal(rq_profiles_load("no/such/file.json", &opts, sink, &log, &diags), -1);
    assert_int_equal(log.nrejects, 1);
    assert_string_equal(log.rejects[0], "no/such/file.json: No such file or directory");
    sink_log_free(&log);
}

static void a_sink_returning_nonzero_should_stop_loading(void **state)
{
    (void)state;
    sink_log log = {.stop_after = 3};
    assert_int_equal(rq_profiles_load(SRC "/samples/profiles/pool.jsonl", &opts, sink,
                                      &log, &diags), 0);
    assert_int_equal(log.nids, 3);
    sink_log_free(&log);
}

/* A directory entry named like a profile that is no regular file (a FIFO,
 * a subdirectory, a dangling link) is rejected by name, never dropped
 * silently, and a FIFO is never opened (that would wait for a writer). */
static void odd_directory_entries_should_be_rejected_by_name(void **state)
{
    (void)state;
    char dir[] = "/tmp/rq_test_dir_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[64], sub[64], link[64], good[64];
    snprintf(fifo, sizeof fifo, "%s/a-fifo.json", dir);
    snprintf(sub, sizeof sub, "%s/b-sub.json", dir);
    snprintf(link, sizeof link, "%s/c-dangling.jsonl", dir);
    snprintf(good, sizeof good, "%s/d-good.json", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(symlink("/nonexistent/x.json", link), 0);
    FILE *f = fopen(good, "w");
    assert_non_null(f);
    fputs("{\"work\":[]}", f);
    fclose(f);
    sink_log log = {0};
    assert_int_equal(rq_profiles_load(dir, &opts, sink, &log, &diags), 0);
    assert_int_equal(log.nids, 1);
    assert_string_equal(log.ids[0], "d-good");
    assert_int_equal(log.nrejects, 3);
    char want[128];
    snprintf(want, sizeof want, "%s: not a regular file (not read)", fifo);
    assert_string_equal(log.rejects[0], want);
    snprintf(want, sizeof want, "%s: a directory, not a profile file (not read)", sub);
    assert_string_equal(log.rejects[1], want);
    snprintf(want, sizeof want, "%s: No such file or directory", link);
    assert_string_equal(log.rejects[2], want);
    sink_log_free(&log);
    unlink(fifo);
    rmdir(sub);
    unlink(link);
    unlink(good);
    rmdir(dir);
}

static void jsonl_should_accept_bom_crlf_and_blank_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/rq_test_profile_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "\xEF\xBB\xBF{\"id\":\"one\"}\r\n\r\n   \r\n{\"work\":[]}\r\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    char jsonl[64];
    snprintf(jsonl, sizeof jsonl, "%s.jsonl", path);
    assert_int_equal(rename(path, jsonl), 0);
    sink_log log = {0};
    assert_int_equal(rq_profiles_load(jsonl, &opts, sink, &log, &diags), 0);
    assert_int_equal(log.nrejects, 0);
    assert_int_equal(log.nids, 2);
    assert_string_equal(log.ids[0], "one");
    char want[64];
    snprintf(want, sizeof want, "%s:4", strrchr(path, '/') + 1);
    assert_string_equal(log.ids[1], want);
    sink_log_free(&log);
    unlink(jsonl);
}

static void sample_profiles_should_be_analysed_as_written(void **state)
{
    (void)state;
    opts.as_of = rq_month(2025, 6);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(rq_read_file(SRC "/samples/profiles/amelie-fontaine.json", &data, &len), 0);
    rq_profile *p = NULL;
    assert_int_equal(rq_profile_parse(data, len, "amelie-fontaine.json", 0, NULL, &opts,
                                      &p, &diags), 0);
    free(data);
    assert_string_equal(p->id, "amelie-fontaine");
    assert_string_equal(p->name, "Amélie Fontaine");
    assert_int_equal(p->njobs, 3);
    assert_true(p->jobs[0].open_ended);
    assert_int_equal(p->jobs[2].kind, RQ_JOB_VOLUNTEER);
    assert_int_equal(p->ndegrees, 2);
    assert_int_equal(p->degrees[0].eqf, 7);
    assert_int_equal(p->degrees[1].eqf, 6);
    assert_int_equal(p->nlangs, 3);
    assert_int_equal(p->langs[0].level, 7);
    assert_int_equal(p->langs[1].level, 5);
    assert_int_equal(p->langs[2].level, 2);
    long child_rights = rq_kb_find(kb, RQ_TABLE_CONCEPTS, "child_rights");
    if (child_rights >= 0) {
        /* "Plaidoyer pour les droits de l'enfant auprès des élus" */
        bool in_job = false, at_path = false;
        for (size_t i = 0; i < p->jobs[0].nconcepts; i++)
            in_job = in_job || p->jobs[0].concepts[i] == (uint32_t)child_rights;
        for (size_t i = 0; i < p->nhits; i++)
            at_path = at_path || (p->hits[i].concept == (uint32_t)child_rights &&
                                  strcmp(p->hits[i].path, "work[0].highlights[2]") == 0);
        assert_true(in_job);
        assert_true(at_path);
    }
    rq_profile_free(p);
}

/* After ranking has evaluated a profile, only who it is stays in memory. */
static void shed_profile_should_keep_only_id_name_and_source(void **state)
{
    (void)state;
    rq_profile *p = parse("{\"basics\": {\"name\": \"Ann Lee\", \"summary\": \"budgeting\"},"
                          " \"work\": [{\"position\": \"Clerk\", \"startDate\": \"2020-01\"}],"
                          " \"languages\": [{\"language\": \"English\", \"fluency\": \"C1\"}],"
                          " \"education\": [{\"studyType\": \"Master\", \"area\": \"Law\"}]}");
    assert_true(p->njobs > 0 && p->nlangs > 0 && p->ndegrees > 0 && p->ntexts > 0);
    p = rq_profile_shed(p);
    assert_string_equal(p->name, "Ann Lee");
    assert_string_equal(p->source, "t.json");
    assert_non_null(p->id);
    assert_true(p->njobs == 0 && p->nlangs == 0 && p->ndegrees == 0 &&
                p->nhits == 0 && p->ntexts == 0);
    assert_true(!p->jobs && !p->langs && !p->degrees && !p->hits && !p->texts);
    p = rq_profile_shed(p); /* twice is harmless */
    assert_null(rq_profile_shed(NULL));
    rq_profile_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, reset)
        T(dates_should_read_a_start_year_as_january_and_an_end_year_as_december),
        T(dates_should_read_month_and_day_forms),
        T(dates_should_warn_about_month_13_and_leave_the_entry_undated),
        T(dates_should_know_leap_years),
        T(dates_should_warn_about_text_that_is_not_a_date),
        T(missing_end_date_should_run_to_as_of),
        T(present_end_date_in_three_languages_should_be_open_ended_with_a_warning),
        T(end_before_start_should_not_count_the_entry),
        T(start_after_as_of_should_not_count_the_entry),
        T(end_after_as_of_should_count_up_to_as_of),
        T(missing_start_date_should_warn_and_not_count),
        T(periods_should_merge_overlapping_and_adjacent_jobs),
        T(periods_months_should_count_the_union_without_changing_input),
        T(overlapping_jobs_of_a_profile_should_merge_to_months_covered),
        T(volunteer_entries_should_be_jobs_of_kind_volunteer),
        T(concepts_should_be_found_with_their_evidence_paths),
        T(older_company_field_should_name_the_employer),
        T(knowledge_sections_should_be_scanned),
        T(references_interests_and_personal_details_should_never_count),
        T(a_string_field_of_the_wrong_type_should_be_ignored_with_a_warning),
        T(unknown_fields_and_location_objects_should_be_ignored),
        T(a_member_named_twice_should_be_read_from_its_first_occurrence),
        T(fluency_should_read_cefr_codes_anywhere_in_the_text),
        T(fluency_words_in_three_languages_should_map_to_levels),
        T(degree_area_should_read_bare_discipline_words),
        T(the_most_specific_fluency_phrase_should_win),
        T(unknown_fluency_should_be_level_zero_with_a_warning),
        T(quoted_values_should_keep_a_warning_on_one_line),
        T(many_language_entries_should_be_merged_in_linear_time),
        T(language_names_and_codes_should_give_iso_codes),
        T(unknown_language_should_have_an_empty_code_and_a_warning),
        T(same_language_twice_should_keep_the_highest_and_native_beats_c2),
        T(degrees_in_four_wordings_should_map_to_eqf_levels),
        T(degree_should_use_area_only_when_study_type_says_nothing),
        T(degree_should_be_in_progress_when_it_ends_after_as_of),
        T(wrong_shapes_should_be_rejected_naming_the_path),
        T(syntax_errors_should_give_line_and_column),
        T(deep_nesting_should_be_rejected_as_too_deep),
        T(empty_input_should_be_rejected),
        T(invalid_utf8_should_be_rejected_naming_the_path),
        T(strings_over_one_megabyte_should_be_rejected),
        T(nul_bytes_should_be_rejected),
        T(bom_and_crlf_should_be_accepted),
        T(twins_differing_only_in_personal_details_should_analyse_the_same),
        T(jsonl_ids_should_be_the_id_field_or_stem_and_line),
        T(bad_jsonl_lines_should_be_rejected_and_the_rest_loaded),
        T(bad_sample_files_should_be_rejected_with_exact_messages),
        T(every_sample_profile_should_load_without_errors),
        T(a_missing_path_should_be_a_rejection),
        T(a_sink_returning_nonzero_should_stop_loading),
        T(jsonl_should_accept_bom_crlf_and_blank_lines),
        T(odd_directory_entries_should_be_rejected_by_name),
        T(sample_profiles_should_be_analysed_as_written),
        T(shed_profile_should_keep_only_id_name_and_source),
#undef T
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
