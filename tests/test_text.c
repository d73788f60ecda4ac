/* Tests for engine/text.c: folding, inclusive writing, words, stems. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

static void assert_folds(const char *in, const char *want)
{
    char *got = rq_fold_dup(in);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        print_error("fold(\"%s\") = \"%s\", want \"%s\"\n", in, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void fold_should_drop_case_and_accents(void **state)
{
    (void)state;
    assert_folds("Éducation PERMANENTE", "education permanente");
    assert_folds("naïve façade Überall", "naive facade uberall");
    assert_folds("œuvre ŒUVRE æther Straße", "oeuvre oeuvre aether strasse");
    assert_folds("Łódź Øresund", "lodz oresund");
    assert_folds("ﬁnance", "finance");
}

static void fold_should_normalise_quotes_dashes_and_spaces(void **state)
{
    (void)state;
    assert_folds("l’enfant l‘x l`y", "l'enfant l'x l'y");
    assert_folds("a – b — c ‑ d", "a - b - c - d");
    assert_folds("5\xc2\xa0" "ans 3\xe2\x80\xaf" "km", "5 ans 3 km");
    assert_folds("“quoted”", "\"quoted\"");
    assert_folds("co\xc2\xad" "operation", "cooperation");
    assert_folds("wait…", "wait...");
}

static void fold_should_replace_invalid_utf8_with_question_mark(void **state)
{
    (void)state;
    assert_folds("a\xff" "b\xc3", "a?b?");
    char *f = rq_fold_dup("\xe2\x82");
    assert_string_equal(f, "??");
    free(f);
}

static void fold_should_drop_inclusive_endings(void **state)
{
    (void)state;
    assert_folds("chargé·es", "charge");
    assert_folds("chargé·e de projet", "charge de projet");
    assert_folds("coordinateur·ice", "coordinateur");
    assert_folds("acteur-ices", "acteur");
    assert_folds("collaborateur(trice)", "collaborateur");
    assert_folds("il·elle est", "il est");
    assert_folds("Il-elle travaille", "il travaille");
    assert_folds("chargé.e", "charge");
    assert_folds("un(e) juriste", "un juriste");
    assert_folds("le.la", "le");
    assert_folds("directeur-rice", "directeur");
    assert_folds("salarié·es", "salarie");
    assert_folds("mineur.es", "mineur");
    assert_folds("profession·el·les", "profession");
    assert_folds("collaborateur.rices", "collaborateur");
    assert_folds("décideur·euses", "decideur");
    assert_folds("son·sa prochain·e", "son prochain");
    assert_folds("employé(e)s", "employe");
    assert_folds("CHARGÉ·ES", "charge");
    assert_folds("expert•es", "expert");
}

static void fold_should_not_mistake_other_punctuation_for_inclusive_writing(void **state)
{
    (void)state;
    assert_folds("non-gouvernementale", "non-gouvernementale");
    assert_folds("co-développement", "co-developpement");
    assert_folds("e.g. i.e.", "e.g. i.e.");
    assert_folds("Bac+5", "bac+5");
    assert_folds("4/5ème", "4/5eme");
    assert_folds("NL/FR", "nl/fr");
    assert_folds("sciences-po", "sciences-po");
    assert_folds("la rue.Les", "la rue.les");
    assert_folds("http://x.be/a-b", "http://x.be/a-b");
    assert_folds("5.5", "5.5");
    assert_folds("work-life balance", "work-life balance");
    assert_folds("Wallonie-Bruxelles", "wallonie-bruxelles");
    assert_folds("projets/programmes", "projets/programmes");
}

static void fold_map_should_point_into_the_source(void **state)
{
    (void)state;
    const char *src = "Éa·es œ";
    rq_buf out = RQ_BUF_INIT;
    uint32_t *map = NULL;
    size_t cap = 0;
    assert_int_equal(rq_fold(src, strlen(src), &out, &map, &cap), 0);
    assert_string_equal(out.data, "ea oe");
    assert_true(cap >= out.len);
    assert_int_equal(map[0], 0); /* É is two bytes */
    assert_int_equal(map[1], 2);
    assert_int_equal(map[2], 7); /* the space after "·es" */
    assert_int_equal(map[3], 8);
    assert_int_equal(map[4], 8); /* both bytes of "oe" come from œ */
    free(map);
    rq_buf_free(&out);
}

static void fold_should_append_to_the_buffer(void **state)
{
    (void)state;
    rq_buf out = RQ_BUF_INIT;
    uint32_t *map = NULL;
    size_t cap = 0;
    assert_int_equal(rq_fold("AB", 2, &out, &map, &cap), 0);
    assert_int_equal(rq_fold("Cé", 3, &out, &map, &cap), 0);
    assert_string_equal(out.data, "abce");
    assert_int_equal(map[2], 0);
    assert_int_equal(map[3], 1);
    free(map);
    rq_buf_free(&out);
}

static void words_should_split_on_non_letters_and_see_capitals(void **state)
{
    (void)state;
    const char *src = "Les MNA, l’EU et Bac+5 à Liège; B2 中文";
    rq_buf out = RQ_BUF_INIT;
    uint32_t *map = NULL;
    size_t mcap = 0;
    assert_int_equal(rq_fold(src, strlen(src), &out, &map, &mcap), 0);
    rq_word *w = NULL;
    size_t wcap = 0;
    long n = rq_words(out.data, out.len, src, map, &w, &wcap);
    const char *want[] = {"les", "mna", "l", "eu", "et", "bac", "5", "a", "liege", "b2", "中文"};
    bool caps[] = {false, true, false, true, false, false, false, false, false, false, false};
    assert_int_equal(n, 11);
    for (long i = 0; i < n; i++) {
        assert_int_equal(w[i].len, strlen(want[i]));
        assert_memory_equal(out.data + w[i].start, want[i], w[i].len);
        assert_int_equal(w[i].caps, caps[i]);
    }
    /* without the source, caps stays false */
    n = rq_words(out.data, out.len, NULL, NULL, &w, &wcap);
    assert_int_equal(n, 11);
    assert_false(w[1].caps);
    free(w);
    free(map);
    rq_buf_free(&out);
}

/* rq_fold_spans against rq_fold + rq_words + the byte map: the same
 * folded bytes, the same words, the source span of each word (from the
 * map: the first character's start, the last character's end) and the
 * same caps. prefix is appended first, so that offsets are relative. */
static void assert_spans_agree(const char *src, const char *prefix)
{
    size_t n = strlen(src);
    rq_buf ref = RQ_BUF_INIT, got = RQ_BUF_INIT;
    uint32_t *map = NULL, *map2 = NULL;
    size_t mcap = 0, mcap2 = 0, wcap = 0, scap = 0;
    rq_word *w = NULL;
    rq_wspan *sp = NULL;
    assert_int_equal(rq_fold(src, n, &ref, &map, &mcap), 0);
    long nw = rq_words(ref.data, ref.len, src, map, &w, &wcap);
    assert_int_equal(rq_buf_puts(&got, prefix), 0);
    size_t base = got.len;
    long ns = rq_fold_spans(src, n, &got, &map2, &mcap2, &sp, &scap);
    if (ns != nw || got.len - base != ref.len || memcmp(got.data + base, ref.data, ref.len) != 0)
        print_error("\"%s\": %ld words \"%s\", want %ld \"%s\"\n", src, ns, got.data + base, nw,
                    ref.data);
    assert_int_equal(ns, nw);
    assert_int_equal(got.len - base, ref.len);
    assert_memory_equal(got.data + base, ref.data, ref.len);
    assert_int_equal(got.data[got.len], '\0');
    for (long i = 0; i < nw; i++) {
        size_t last = map[w[i].start + w[i].len - 1];
        unsigned char c = (unsigned char)src[last];
        size_t end = last + (c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4);
        if (sp[i].start != w[i].start || sp[i].end != w[i].start + w[i].len ||
            sp[i].src_start != map[w[i].start] || sp[i].src_end != end)
            print_error("\"%s\": word %ld at %u..%u (source %u..%u), want %u..%u (%u..%zu)\n",
                        src, i, sp[i].start, sp[i].end, sp[i].src_start, sp[i].src_end,
                        w[i].start, w[i].start + w[i].len, map[w[i].start], end);
        assert_int_equal(sp[i].start, w[i].start);
        assert_int_equal(sp[i].end, w[i].start + w[i].len);
        assert_int_equal(sp[i].src_start, map[w[i].start]);
        assert_int_equal(sp[i].src_end, end);
        assert_int_equal(rq_span_caps(src, &sp[i]), w[i].caps);
    }
    free(w);
    free(sp);
    free(map);
    free(map2);
    rq_buf_free(&ref);
    rq_buf_free(&got);
}

static void fold_spans_should_agree_with_fold_and_words(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "", "a", "ab", "A.", "MNA", "Les MNA, l’EU et Bac+5 à Liège; B2 中文",
        "Coördinatie van jeugdhulp samen met lokale besturen.",
        "Chargé·es de projet", "coordinateur·ice", "acteur-ices", "collaborateur(trice)",
        "un(e) chargé.e", "CHARGE·ES", "fin.Le", "e.g. NL/FR", "co-développement 5.5",
        "`quoted` words", "Straße œuvre ŒUVRE æther", "naïve\xc2\xad" "façade",
        "bad \xff byte", "tail \xc3", "x\xcc\x81y", "12345678", "abcdefgh", "abcdefghi",
        "abc.defg", "abcdefg.hij", "abcdefgh.ij", "ab.cd", "AB.CD", "a b c d e f g h i j",
        "Éducation PERMANENTE, ÉTÉ Été", "l'ÉTAT", "Droits de l'homme — ONG", "x.e",
        "word\x01" "ctl", "Ωmega ελληνικά", "1/2", "ab/cd", "ab-Cd", "ab(cd)", "ab(CD)",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        assert_spans_agree(texts[i], "");
        assert_spans_agree(texts[i], "prefix ");
    }
    /* generated text: pieces picked by a fixed generator, so that every
     * alignment against the eight-byte steps is met */
    static const char *const pieces[] = {
        "a", "B", "é", "É", "ß", "œ", " ", ".", "-", "/", "(", ")", "·", "`", "7",
        "es", "ice", "trice", "MNA", "droit", "Jeugd", "’", "\xc2\xa0", "中", ",", "e",
    };
    /* and mostly ASCII text, for the sixteen-byte steps and the last
     * sixteen bytes read again */
    static const char *const ascii[] = {
        "a", "B", " ", ".", "-", "/", "(", ")", "7", "es", "ice", "MNA", "droit", "Jeugd",
        "coordination ", "de ", "l'", ",", "e", "project management", "é",
    };
    uint32_t seed = 12345;
    char buf[64];
    for (int round = 0; round < 8000; round++) {
        size_t len = 0;
        int parts = (int)(seed % 12);
        bool plain = round >= 4000;
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = plain ? ascii[(seed >> 16) % (sizeof ascii / sizeof *ascii)]
                                  : pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
            size_t pl = strlen(p);
            if (len + pl >= sizeof buf)
                break;
            memcpy(buf + len, p, pl);
            len += pl;
        }
        buf[len] = '\0';
        seed = seed * 1103515245u + 12345u;
        assert_spans_agree(buf, round % 2 ? "p" : "");
    }
}

static void words_should_see_accented_capitals(void **state)
{
    (void)state;
    const char *src = "ÉTÉ Été";
    rq_buf out = RQ_BUF_INIT;
    uint32_t *map = NULL;
    size_t mcap = 0;
    assert_int_equal(rq_fold(src, strlen(src), &out, &map, &mcap), 0);
    rq_word *w = NULL;
    size_t wcap = 0;
    assert_int_equal(rq_words(out.data, out.len, src, map, &w, &wcap), 2);
    assert_true(w[0].caps);
    assert_false(w[1].caps);
    free(w);
    free(map);
    rq_buf_free(&out);
}

static void assert_stems(const char *word, const char *want)
{
    char out[64];
    size_t n = rq_stem(word, strlen(word), out, sizeof out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void stem_should_strip_plurals_and_final_e(void **state)
{
    (void)state;
    assert_stems("droits", "droit");
    assert_stems("droit", "droit");
    assert_stems("sociales", "social");
    assert_stems("sociale", "social");
    assert_stems("internationaux", "international");
    assert_stems("international", "international");
    assert_stems("enfants", "enfant");
    assert_stems("les", "les");  /* 3 letters: left alone */
    assert_stems("business", "business");
    assert_stems("b2", "b2");
    assert_stems("osce", "osce"); /* short words keep their -e */
    assert_stems("aides", "aide");
    /* feminine and Dutch adjectives meet their base form */
    char a[64], b[64];
    rq_stem("francaise", 9, a, sizeof a);
    rq_stem("francais", 8, b, sizeof b);
    assert_string_equal(a, b);
    rq_stem("engelse", 7, a, sizeof a);
    rq_stem("engels", 6, b, sizeof b);
    assert_string_equal(a, b);
    /* short -se words keep their s: "these" (thèse) must not become the stop word "the" */
    assert_stems("these", "thes");
    rq_stem("crises", 6, a, sizeof a);
    rq_stem("crise", 5, b, sizeof b);
    assert_string_equal(a, b);
    assert_string_equal(a, "cris");
}

static void stem_should_respect_the_output_size(void **state)
{
    (void)state;
    char out[4];
    size_t n = rq_stem("abcdefgh", 8, out, sizeof out);
    assert_int_equal(n, 3);
    assert_string_equal(out, "abc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fold_should_drop_case_and_accents),
        cmocka_unit_test(fold_should_normalise_quotes_dashes_and_spaces),
        cmocka_unit_test(fold_should_replace_invalid_utf8_with_question_mark),
        cmocka_unit_test(fold_should_drop_inclusive_endings),
        cmocka_unit_test(fold_should_not_mistake_other_punctuation_for_inclusive_writing),
        cmocka_unit_test(fold_map_should_point_into_the_source),
        cmocka_unit_test(fold_should_append_to_the_buffer),
        cmocka_unit_test(words_should_split_on_non_letters_and_see_capitals),
        cmocka_unit_test(words_should_see_accented_capitals),
        cmocka_unit_test(fold_spans_should_agree_with_fold_and_words),
        cmocka_unit_test(stem_should_strip_plurals_and_final_e),
        cmocka_unit_test(stem_should_respect_the_output_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
