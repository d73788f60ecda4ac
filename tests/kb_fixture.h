/*
 * kb_fixture.h - the built-in vocabulary as a cmocka group fixture, for
 * the test files that need nothing more (language names, labels, the
 * lexicon as shipped):
 *
 *     return cmocka_run_group_tests(tests, kb_setup, kb_teardown);
 *
 * Include after <cmocka.h> and "kb.h"; the tests read the global kb.
 */
#ifndef RQ_TESTS_KB_FIXTURE_H
#define RQ_TESTS_KB_FIXTURE_H

static rq_kb *kb;

static int kb_setup(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    int rc = rq_kb_new(&kb, &d);
    rq_diags_clear(&d);
    return rc;
}

static int kb_teardown(void **state)
{
    (void)state;
    rq_kb_free(kb);
    kb = NULL;
    return 0;
}

#endif
