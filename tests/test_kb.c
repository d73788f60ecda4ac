/* Tests for engine/kb.c: data format, built-in tables, phrase matching.
 * Test vocabularies use invented words (zorp, blag) so that they never
 * collide with the built-in tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "kb.h"

static int setup(void **state)
{
    rq_diags d = RQ_DIAGS_INIT;
    rq_kb *kb = NULL;
    if (rq_kb_new(&kb, &d) != 0)
        return -1;
    rq_diags_clear(&d);
    *state = kb;
    return 0;
}

static int teardown(void **state)
{
    rq_kb_free(*state);
    return 0;
}

/* Load text as file "t.txt"; returns rq_kb_extend_text's status and the
 * diagnostics joined by '\n'. */
static int extend(rq_kb *kb, const char *text, char **messages)
{
    rq_diags d = RQ_DIAGS_INIT;
    int rc = rq_kb_extend_text(kb, text, strlen(text), "t.txt", &d);
    rq_buf b = RQ_BUF_INIT;
    for (size_t i = 0; i < d.count; i++) {
        char *m = rq_diag_format(&d.items[i]);
        rq_buf_printf(&b, "%s%s", i ? "\n" : "", m);
        free(m);
    }
    *messages = rq_buf_take(&b);
    rq_diags_clear(&d);
    return rc;
}

static void assert_extend_fails(rq_kb *kb, const char *text, const char *want)
{
    char *msg = NULL;
    assert_int_equal(extend(kb, text, &msg), -1);
    assert_string_equal(msg, want);
    free(msg);
}

/* Scan text for table t; returns the number of hits, first one in *hit. */
static long scan1(const rq_kb *kb, rq_table t, const char *text, rq_hit *hit)
{
    rq_hits h = RQ_HITS_INIT;
    long n = rq_kb_scan(kb, t, text, strlen(text), &h);
    assert_int_equal((size_t)n, h.count);
    if (n > 0 && hit)
        *hit = h.hits[0];
    rq_hits_free(&h);
    return n;
}

/* Key of the single phrase of table t found in text, or NULL. */
static const char *lookup(const rq_kb *kb, rq_table t, const char *text)
{
    rq_hit hit;
    if (scan1(kb, t, text, &hit) != 1)
        return NULL;
    return rq_kb_key(kb, t, hit.entry);
}

static void builtin_kb_should_load_without_any_diagnostic(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_kb *kb = NULL;
    int rc = rq_kb_new(&kb, &d);
    for (size_t i = 0; i < d.count; i++) {
        char *m = rq_diag_format(&d.items[i]);
        print_error("%s\n", m);
        free(m);
    }
    size_t ndiags = d.count;
    rq_diags_clear(&d);
    assert_int_equal(rc, 0);
    assert_non_null(kb);
    size_t nlang = rq_kb_count(kb, RQ_TABLE_LANGUAGES);
    size_t nlevels = rq_kb_count(kb, RQ_TABLE_LEVELS);
    size_t ndegrees = rq_kb_count(kb, RQ_TABLE_DEGREES);
    rq_kb_free(kb);
    assert_int_equal(ndiags, 0);
    assert_true(nlang >= 40);
    assert_int_equal(nlevels, 7);
    assert_int_equal(ndegrees, 6);
}

static void format_errors_should_name_file_line_and_column(void **state)
{
    rq_kb *kb = *state;
    assert_extend_fails(kb, "# comment\n@table foods\n", "t.txt:2:8: unknown table 'foods'");
    assert_extend_fails(kb, "@tabel concepts\n", "t.txt:1:1: unknown directive '@tabel'");
    assert_extend_fails(kb, "zorp: zorp\n", "t.txt:1:1: entry outside a table (add '@table NAME' above)");
    assert_extend_fails(kb, "@table concepts\n  : zorp\n", "t.txt:2:3: missing key");
    assert_extend_fails(kb, "@table concepts\nzo!rp: zorp\n",
                        "t.txt:2:3: bad character '!' in key (keys are [a-z0-9_+.-])");
    assert_extend_fails(kb, "@table concepts\nzorp zorp\n",
                        "t.txt:2:6: expected ':' or '>' after key 'zorp'");
    assert_extend_fails(kb, "@table concepts\nzorp: zorp;; blag\n", "t.txt:2:12: empty phrase");
    assert_extend_fails(kb, "@table concepts\nzorp:\n", "t.txt:2:6: empty phrase");
    assert_extend_fails(kb, "@table concepts\nzorp: zorp; +++\n", "t.txt:2:13: phrase '+++' has no words");
    assert_extend_fails(kb, "@table concepts\nzorp: zorp\nzorp > nowhere_at_all\n",
                        "t.txt:3:8: relation to unknown concept 'nowhere_at_all'");
}

static void fields_of_study_should_name_concept_keys(void **state)
{
    (void)state;
    rq_kb *kb = NULL;
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_kb_new(&kb, &d), 0);
    rq_diags_clear(&d);
    assert_extend_fails(kb, "@table fields\nno_such_concept: zorbology\n",
                        "t.txt:2:1: field of study 'no_such_concept' is not a concept key");
    char *msg = NULL;
    assert_int_equal(extend(kb, "@table fields\nlaw: quenzology\n", &msg), 0);
    free(msg);
    assert_string_equal(lookup(kb, RQ_TABLE_FIELDS, "Quenzology"), "law");
    rq_kb_free(kb);
}

static void relations_should_resolve_after_the_whole_file(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    /* the broader concept is defined below its first use */
    assert_int_equal(extend(kb, "@table concepts\nzk_low > zk_high\nzk_low: zklow\n"
                                "zk_high: zkhigh\n", &msg), 0);
    assert_string_equal(msg, "");
    free(msg);
    long low = rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zk_low");
    long high = rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zk_high");
    size_t n = 0;
    const uint32_t *b = rq_kb_broader(kb, (uint32_t)low, &n);
    assert_int_equal(n, 1);
    assert_int_equal(b[0], high);
}

static void duplicate_phrase_for_two_keys_should_warn_and_keep_the_first(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    rq_diags d = RQ_DIAGS_INIT;
    const char *text = "@table concepts\nzd_one: flibbergast\nzd_two: Flibbergasts\n";
    assert_int_equal(rq_kb_extend_text(kb, text, strlen(text), "t.txt", &d), 0);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].severity, RQ_SEV_WARNING);
    msg = rq_diag_format(&d.items[0]);
    rq_diags_clear(&d);
    assert_string_equal(msg, "t.txt:3:9: phrase 'Flibbergasts' already means 'zd_one' "
                             "in table concepts; 'zd_two' ignored");
    free(msg);
    assert_string_equal(lookup(kb, RQ_TABLE_CONCEPTS, "flibbergast"), "zd_one");
}

static void comments_blank_lines_and_several_tables_should_parse(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    assert_int_equal(extend(kb, "# header\n\n@table concepts\nzc_sharp: C# # the language\r\n"
                                "@table numbers   \n1000: zillionty\n", &msg), 0);
    assert_string_equal(msg, "");
    free(msg);
    long e = rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zc_sharp");
    assert_true(e >= 0);
    assert_string_equal(rq_kb_label(kb, RQ_TABLE_CONCEPTS, (uint32_t)e), "C#");
    assert_string_equal(lookup(kb, RQ_TABLE_NUMBERS, "a zillionty"), "1000");
}

static void labels_should_be_the_first_phrase_as_written(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    assert_int_equal(extend(kb, "@table concepts\nzl_key: Zébulon Études; zebulon\nzl_key: zeb\n", &msg), 0);
    free(msg);
    long e = rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zl_key");
    assert_string_equal(rq_kb_label(kb, RQ_TABLE_CONCEPTS, (uint32_t)e), "Zébulon Études");
    assert_string_equal(rq_kb_key(kb, RQ_TABLE_CONCEPTS, (uint32_t)e), "zl_key");
    assert_null(rq_kb_key(kb, RQ_TABLE_CONCEPTS, 1000000));
    assert_int_equal(rq_kb_find(kb, RQ_TABLE_CONCEPTS, "no_such_key_here"), -1);
}

static void matching_should_be_leftmost_longest_and_non_overlapping(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    assert_int_equal(extend(kb, "@table concepts\nzm_zorp: zorp\nzm_zorp_blag: zorp blag\n"
                                "zm_blag_quux: blag quux\nzm_quux: quux\n", &msg), 0);
    free(msg);
    const char *text = "Zorp blag quux, zorp quux.";
    rq_hits h = RQ_HITS_INIT;
    assert_int_equal(rq_kb_scan(kb, RQ_TABLE_CONCEPTS, text, strlen(text), &h), 4);
    const char *want[] = {"zm_zorp_blag", "zm_quux", "zm_zorp", "zm_quux"};
    const char *span[] = {"Zorp blag", "quux", "zorp", "quux"};
    uint32_t word[] = {0, 2, 3, 4};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(rq_kb_key(kb, RQ_TABLE_CONCEPTS, h.hits[i].entry), want[i]);
        assert_int_equal(h.hits[i].end - h.hits[i].start, strlen(span[i]));
        assert_memory_equal(text + h.hits[i].start, span[i], strlen(span[i]));
        assert_int_equal(h.hits[i].word, word[i]);
    }
    assert_int_equal(h.hits[0].nwords, 2);
    /* hits are appended, not replacing */
    assert_int_equal(rq_kb_scan(kb, RQ_TABLE_CONCEPTS, "quux", 4, &h), 1);
    assert_int_equal(h.count, 5);
    rq_hits_free(&h);
}

static void matching_should_ignore_stop_words_plurals_accents_and_inclusive_writing(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    assert_int_equal(extend(kb, "@table concepts\nzs_child: droit de l'enfant\n"
                                "zs_officer: chargé de plaidoyer\n", &msg), 0);
    free(msg);
    rq_hit a, b;
    /* the built-in concepts may already know the phrase: compare entries */
    assert_int_equal(scan1(kb, RQ_TABLE_CONCEPTS, "droit de l’enfant", &a), 1);
    const char *text = "Les DROITS DES ENFANTS en Belgique";
    assert_true(scan1(kb, RQ_TABLE_CONCEPTS, text, &b) >= 1);
    assert_int_equal(a.entry, b.entry);
    assert_int_equal(b.start, 4);
    assert_int_equal(b.end, strlen("Les DROITS DES ENFANTS"));
    assert_int_equal(b.word, 1);
    assert_int_equal(b.nwords, 3);
    assert_int_equal(scan1(kb, RQ_TABLE_CONCEPTS, "un·e chargé·e de plaidoyer", &a), 1);
    assert_int_equal(scan1(kb, RQ_TABLE_CONCEPTS, "Chargées du plaidoyer", &b), 1);
    assert_int_equal(a.entry, b.entry);
    /* a match never starts or ends on a stop word */
    assert_int_equal(scan1(kb, RQ_TABLE_CONCEPTS, "droit de", NULL), 0);
}

static void caps_phrase_should_match_only_words_in_capitals(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    assert_int_equal(extend(kb, "@table concepts\nzq_qzx: =QZX; quizzix organisation\n", &msg), 0);
    free(msg);
    rq_hit h;
    assert_int_equal(scan1(kb, RQ_TABLE_CONCEPTS, "les QZX et", &h), 1);
    assert_int_equal(h.start, 4);
    assert_int_equal(h.end, 7);
    assert_int_equal(scan1(kb, RQ_TABLE_CONCEPTS, "les qzx et Qzx", NULL), 0);
    assert_string_equal(lookup(kb, RQ_TABLE_CONCEPTS, "Quizzix Organisation"), "zq_qzx");
}

static void hits_should_cover_the_original_bytes(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    assert_int_equal(extend(kb, "@table concepts\nzb_eleve: élève œuvré\n", &msg), 0);
    free(msg);
    const char *text = "« ÉLÈVES ŒUVRÉS »";
    rq_hit h;
    assert_int_equal(scan1(kb, RQ_TABLE_CONCEPTS, text, &h), 1);
    assert_int_equal(h.start, strlen("« "));
    assert_int_equal(h.end, strlen("« ÉLÈVES ŒUVRÉS"));
}

static void related_should_follow_broader_links_at_any_depth(void **state)
{
    rq_kb *kb = *state;
    char *msg = NULL;
    assert_int_equal(extend(kb, "@table concepts\nzr_a: zra\nzr_b: zrb\nzr_c: zrc\nzr_d: zrd\n"
                                "zr_e: zre\nzr_a > zr_b\nzr_b > zr_c\nzr_d > zr_b\n", &msg), 0);
    free(msg);
    uint32_t a = (uint32_t)rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zr_a");
    uint32_t b = (uint32_t)rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zr_b");
    uint32_t c = (uint32_t)rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zr_c");
    uint32_t d = (uint32_t)rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zr_d");
    uint32_t e = (uint32_t)rq_kb_find(kb, RQ_TABLE_CONCEPTS, "zr_e");
    assert_true(rq_kb_related(kb, a, a));
    assert_true(rq_kb_related(kb, a, b));
    assert_true(rq_kb_related(kb, b, a));
    assert_true(rq_kb_related(kb, a, c)); /* two levels up */
    assert_true(rq_kb_related(kb, c, a));
    assert_true(rq_kb_related(kb, a, d)); /* siblings under zr_b */
    assert_false(rq_kb_related(kb, a, e));
    assert_false(rq_kb_related(kb, c, e));
}

static void scanner_should_give_the_same_hits_when_reused(void **state)
{
    rq_kb *kb = *state;
    rq_scanner *s = rq_scanner_new(kb);
    assert_non_null(s);
    rq_hits h = RQ_HITS_INIT;
    const char *t1 = "Bonne connaissance du néerlandais";
    const char *t2 = "anglais courant, allemand: notions";
    for (int round = 0; round < 3; round++) {
        h.count = 0;
        assert_int_equal(rq_scanner_scan(s, RQ_TABLE_LANGUAGES, t1, strlen(t1), &h), 1);
        assert_int_equal(rq_scanner_scan(s, RQ_TABLE_LANGUAGES, t2, strlen(t2), &h), 2);
        assert_string_equal(rq_kb_key(kb, RQ_TABLE_LANGUAGES, h.hits[0].entry), "nl");
        assert_string_equal(rq_kb_key(kb, RQ_TABLE_LANGUAGES, h.hits[1].entry), "en");
        assert_string_equal(rq_kb_key(kb, RQ_TABLE_LANGUAGES, h.hits[2].entry), "de");
    }
    rq_hits_free(&h);
    rq_scanner_free(s);
    rq_scanner_free(NULL);
}

static void builtin_languages_should_know_names_in_three_languages(void **state)
{
    rq_kb *kb = *state;
    assert_string_equal(lookup(kb, RQ_TABLE_LANGUAGES, "Néerlandais"), "nl");
    assert_string_equal(lookup(kb, RQ_TABLE_LANGUAGES, "Vlaams"), "nl");
    assert_string_equal(lookup(kb, RQ_TABLE_LANGUAGES, "Engels"), "en");
    assert_string_equal(lookup(kb, RQ_TABLE_LANGUAGES, "Française"), "fr");
    assert_string_equal(lookup(kb, RQ_TABLE_LANGUAGES, "castillan"), "es");
    assert_string_equal(lookup(kb, RQ_TABLE_LANGUAGES, "l'arabe"), "ar");
    assert_string_equal(lookup(kb, RQ_TABLE_LANGUAGES, "Deutsch"), "de");
    /* bare codes are not phrases; callers resolve them with rq_kb_find */
    assert_int_equal(scan1(kb, RQ_TABLE_LANGUAGES, "en de it", NULL), 0);
    assert_true(rq_kb_find(kb, RQ_TABLE_LANGUAGES, "NL") >= 0);
    assert_true(rq_kb_find(kb, RQ_TABLE_LANGUAGES, "sw") >= 0);
}

static void builtin_levels_should_map_phrases_to_cefr(void **state)
{
    rq_kb *kb = *state;
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "notions"), "A2");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "redelijk"), "B1");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "bonne connaissance"), "B2");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "Connaissance satisfaisante"), "B2");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "courant"), "C1");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "très bon niveau"), "C1");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "connaissance approfondie"), "C1");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "Bilingue"), "C2");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "Native speaker"), "native");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "langue maternelle"), "native");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "moedertaal"), "native");
    assert_string_equal(lookup(kb, RQ_TABLE_LEVELS, "niveau B2"), "B2");
}

static void builtin_degrees_should_map_names_to_eqf(void **state)
{
    rq_kb *kb = *state;
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "CESS"), "4");
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "un Bac+2"), "5");
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "graduaat"), "5");
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "Bachelier"), "6");
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "graduat"), "6");
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "Master en droit"), "7");
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "Bac+5"), "7");
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "PhD"), "8");
    assert_string_equal(lookup(kb, RQ_TABLE_DEGREES, "un CAP"), "3");
    assert_int_equal(scan1(kb, RQ_TABLE_DEGREES, "garder le cap", NULL), 0);
    assert_int_equal(scan1(kb, RQ_TABLE_DEGREES, "maîtrise du néerlandais", NULL), 0);
}

static void builtin_numbers_should_read_number_words(void **state)
{
    rq_kb *kb = *state;
    assert_string_equal(lookup(kb, RQ_TABLE_NUMBERS, "trois ans"), "3");
    assert_string_equal(lookup(kb, RQ_TABLE_NUMBERS, "five years"), "5");
    assert_string_equal(lookup(kb, RQ_TABLE_NUMBERS, "twee jaar"), "2");
    assert_string_equal(lookup(kb, RQ_TABLE_NUMBERS, "dix-sept"), "17");
}

static void level_names_should_round_trip(void **state)
{
    (void)state;
    assert_int_equal(rq_level_parse("A1"), 1);
    assert_int_equal(rq_level_parse("b2"), 4);
    assert_int_equal(rq_level_parse("C2"), 6);
    assert_int_equal(rq_level_parse("native"), 7);
    assert_int_equal(rq_level_parse("C3"), 0);
    assert_int_equal(rq_level_parse(""), 0);
    assert_int_equal(rq_level_parse(NULL), 0);
    for (int i = 1; i <= 7; i++)
        assert_int_equal(rq_level_parse(rq_level_name(i)), i);
    assert_null(rq_level_name(0));
    assert_null(rq_level_name(8));
    assert_string_equal(rq_level_name(5), "C1");
}

typedef struct {
    const rq_kb *kb;
    long hits;
} scan_job;

static void *scan_many(void *arg)
{
    scan_job *job = arg;
    const char *text = "Bonne connaissance du néerlandais et de l'anglais, arabe un atout";
    rq_hits h = RQ_HITS_INIT;
    for (int i = 0; i < 200; i++) {
        h.count = 0;
        job->hits += rq_kb_scan(job->kb, RQ_TABLE_LANGUAGES, text, strlen(text), &h);
    }
    rq_hits_free(&h);
    return NULL;
}

static void kb_should_be_scanned_by_several_threads_at_once(void **state)
{
    scan_job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (scan_job){*state, 0};
        assert_int_equal(pthread_create(&th[i], NULL, scan_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].hits, 600);
    }
}

static void extend_should_report_an_unreadable_file(void **state)
{
    rq_kb *kb = *state;
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_kb_extend(kb, "/nonexistent/words.txt", &d), -1);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.items[0].file, "/nonexistent/words.txt");
    rq_diags_clear(&d);
}

/* A binary --lexicon file is one error; a text full of errors stops after
 * 50 with a last line saying so (an executable gave 854 lines). */
static void extend_should_refuse_binary_and_stop_after_50_errors(void **state)
{
    rq_kb *kb = *state;
    static const char binary[] = "@table concepts\nabc: a b c\nx\0y\n";
    rq_diags d = RQ_DIAGS_INIT;
    assert_int_equal(rq_kb_extend_text(kb, binary, sizeof binary - 1, "bin", &d), -1);
    assert_int_equal(d.count, 1);
    char *line = rq_diag_format(&d.items[0]);
    assert_string_equal(line, "bin:3:2: NUL byte: a binary file, not a data file");
    free(line);
    rq_diags_clear(&d);

    rq_buf b = RQ_BUF_INIT;
    for (int i = 0; i < 300; i++)
        rq_buf_puts(&b, "\xff\n");
    assert_int_equal(rq_kb_extend_text(kb, b.data, b.len, "junk", &d), -1);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_ERROR), 51);
    line = rq_diag_format(&d.items[50]);
    assert_string_equal(line, "junk:51:1: more than 50 errors: the rest of the file is not read");
    free(line);
    rq_diags_clear(&d);
    rq_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_kb_should_load_without_any_diagnostic),
        cmocka_unit_test_setup_teardown(format_errors_should_name_file_line_and_column, setup, teardown),
        cmocka_unit_test(fields_of_study_should_name_concept_keys),
        cmocka_unit_test_setup_teardown(relations_should_resolve_after_the_whole_file, setup, teardown),
        cmocka_unit_test_setup_teardown(duplicate_phrase_for_two_keys_should_warn_and_keep_the_first, setup, teardown),
        cmocka_unit_test_setup_teardown(comments_blank_lines_and_several_tables_should_parse, setup, teardown),
        cmocka_unit_test_setup_teardown(labels_should_be_the_first_phrase_as_written, setup, teardown),
        cmocka_unit_test_setup_teardown(matching_should_be_leftmost_longest_and_non_overlapping, setup, teardown),
        cmocka_unit_test_setup_teardown(matching_should_ignore_stop_words_plurals_accents_and_inclusive_writing, setup, teardown),
        cmocka_unit_test_setup_teardown(caps_phrase_should_match_only_words_in_capitals, setup, teardown),
        cmocka_unit_test_setup_teardown(hits_should_cover_the_original_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(related_should_follow_broader_links_at_any_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(scanner_should_give_the_same_hits_when_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(builtin_languages_should_know_names_in_three_languages, setup, teardown),
        cmocka_unit_test_setup_teardown(builtin_levels_should_map_phrases_to_cefr, setup, teardown),
        cmocka_unit_test_setup_teardown(builtin_degrees_should_map_names_to_eqf, setup, teardown),
        cmocka_unit_test_setup_teardown(builtin_numbers_should_read_number_words, setup, teardown),
        cmocka_unit_test(level_names_should_round_trip),
        cmocka_unit_test_setup_teardown(kb_should_be_scanned_by_several_threads_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(extend_should_report_an_unreadable_file, setup, teardown),
        cmocka_unit_test_setup_teardown(extend_should_refuse_binary_and_stop_after_50_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
