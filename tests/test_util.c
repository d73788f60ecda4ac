/* Tests for engine/util.c: buffers, UTF-8 validation, dates, diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

static void buf_should_grow_and_stay_nul_terminated(void **state)
{
    (void)state;
    rq_buf b = RQ_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(rq_buf_printf(&b, "%d,", i % 10), 0);
    assert_int_equal(b.len, 2000);
    assert_int_equal(b.data[b.len], '\0');
    assert_memory_equal(b.data, "0,1,2,", 6);
    char *s = rq_buf_take(&b);
    assert_non_null(s);
    assert_null(b.data);
    free(s);
}

static void buf_take_should_give_empty_string_for_empty_buffer(void **state)
{
    (void)state;
    rq_buf b = RQ_BUF_INIT;
    char *s = rq_buf_take(&b);
    assert_string_equal(s, "");
    free(s);
}

/* A bad byte is found wherever it falls against the validator's 8- and
 * 16-byte steps, and n bounds the read: a bad byte at n is not read. */
static void utf8_should_find_a_bad_byte_at_any_offset(void **state)
{
    (void)state;
    char buf[80];
    for (size_t len = 1; len < 70; len++) {
        for (size_t at = 0; at < len; at++) {
            memset(buf, 'a', sizeof buf);
            if (at >= 2)
                memcpy(buf, "\xC3\xA9", 2); /* é before, in the way */
            buf[at] = (char)0xFF;
            assert_false(rq_utf8_valid(buf, len));
            buf[at] = 'b';
            assert_true(rq_utf8_valid(buf, len));
            /* a truncated sequence at the very end */
            if (at == len - 1) {
                buf[at] = (char)0xC3;
                assert_false(rq_utf8_valid(buf, len));
                buf[len] = (char)0xA9;
                assert_true(rq_utf8_valid(buf, len + 1));
            }
        }
        buf[len] = (char)0xFF; /* past n: never read */
        memset(buf, 'a', len);
        assert_true(rq_utf8_valid(buf, len));
    }
}

/* rq_grow: room for at least need, doubling; an overflowing request
 * fails and leaves the array as it was */
static void grow_should_double_and_refuse_overflow(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    assert_int_equal(rq_grow((void **)&a, &cap, 1, sizeof *a), 0);
    assert_non_null(a);
    assert_int_equal(cap, 16);
    int *same = a;
    assert_int_equal(rq_grow((void **)&a, &cap, 16, sizeof *a), 0);
    assert_ptr_equal(a, same);
    assert_int_equal(rq_grow((void **)&a, &cap, 100, sizeof *a), 0);
    assert_int_equal(cap, 128);
    a[99] = 7;
    assert_int_equal(rq_grow((void **)&a, &cap, SIZE_MAX / 2 + 2, sizeof *a), -1);
    assert_int_equal(rq_grow((void **)&a, &cap, SIZE_MAX / 4, sizeof *a), -1);
    assert_int_equal(cap, 128);
    assert_int_equal(a[99], 7);
    free(a);
}

static void utf8_should_reject_overlongs_surrogates_and_truncation(void **state)
{
    (void)state;
    assert_true(rq_utf8_valid("chargé·e ✓", strlen("chargé·e ✓")));
    assert_false(rq_utf8_valid("\xC0\xAF", 2));           /* overlong '/' */
    assert_false(rq_utf8_valid("\xED\xA0\x80", 3));       /* surrogate */
    assert_false(rq_utf8_valid("\xE2\x9C", 2));           /* truncated */
    assert_false(rq_utf8_valid("\xF5\x80\x80\x80", 4));   /* > U+10FFFF */
    assert_true(rq_utf8_valid("", 0));
}

static void as_of_should_validate_calendar_dates(void **state)
{
    (void)state;
    int m = 0;
    assert_int_equal(rq_parse_as_of("2024-02-29", &m), 0);
    assert_int_equal(m, rq_month(2024, 2));
    assert_int_equal(rq_parse_as_of("2023-02-29", &m), -1);
    assert_int_equal(rq_parse_as_of("2023-13-01", &m), -1);
    assert_int_equal(rq_parse_as_of("2023-1-01", &m), -1);
    assert_int_equal(rq_parse_as_of("yesterday", &m), -1);
}

static void diag_should_format_file_line_col_path_message(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_diags_add(&d, RQ_SEV_ERROR, "jonas.json", 0, 0, "$.work[2].startDate",
                 "\"%s\": no month 13", "2020-13");
    rq_diags_add(&d, RQ_SEV_WARNING, "job.rules", 12, 9, NULL, "unknown key '%s'", "min_eqff");
    rq_diags_add(&d, RQ_SEV_ERROR, NULL, 0, 0, NULL, "plain");
    char *a = rq_diag_format(&d.items[0]);
    char *b = rq_diag_format(&d.items[1]);
    char *c = rq_diag_format(&d.items[2]);
    assert_string_equal(a, "jonas.json: $.work[2].startDate: \"2020-13\": no month 13");
    assert_string_equal(b, "job.rules:12:9: unknown key 'min_eqff'");
    assert_string_equal(c, "plain");
    assert_int_equal(rq_diags_count(&d, RQ_SEV_ERROR), 2);
    assert_int_equal(rq_diags_count(&d, RQ_SEV_WARNING), 1);
    free(a);
    free(b);
    free(c);
    rq_diags_clear(&d);
    rq_diags_clear(NULL);
}

/* A value quoted from an input (a fluency "Nati\nve", a rules value with an
 * escaped line break, an ANSI escape, a stray byte) must not split a
 * diagnostic over two lines nor reach the terminal raw. */
static void diag_should_stay_on_one_printable_line(void **state)
{
    (void)state;
    rq_diags d = RQ_DIAGS_INIT;
    rq_diags_add(&d, RQ_SEV_WARNING, "pool\n.jsonl", 3, 0, "$.languages[0].fluency",
                 "unrecognised fluency \"%s\"", "Nati\nve\r\t\x1b[31m\x7f");
    rq_diags_add(&d, RQ_SEV_ERROR, "a.rules", 2, 11, NULL, "bad '%s'",
                 "x\xff\xc3(\xe2\x80\xa8\xc2\x85 caf\xc3\xa9");
    assert_string_equal(d.items[0].message,
                        "unrecognised fluency \"Nati\\nve\\r\\t\\x1B[31m\\x7F\"");
    assert_string_equal(d.items[0].file, "pool\\n.jsonl");
    char *a = rq_diag_format(&d.items[0]);
    char *b = rq_diag_format(&d.items[1]);
    assert_string_equal(a, "pool\\n.jsonl:3: $.languages[0].fluency: "
                           "unrecognised fluency \"Nati\\nve\\r\\t\\x1B[31m\\x7F\"");
    assert_string_equal(b, "a.rules:2:11: bad 'x\\xFF\\xC3(\\u2028\\u0085 caf\xc3\xa9'");
    free(a);
    free(b);
    /* a diagnostic built by hand is escaped when formatted */
    rq_diag g = {RQ_SEV_ERROR, "dir/x\ny.json", 0, 0, NULL, "No such file\n"};
    a = rq_diag_format(&g);
    assert_string_equal(a, "dir/x\\ny.json: No such file\\n");
    free(a);
    rq_diags_clear(&d);
}

/* A 2 MB line quoted in a warning: the message keeps its start and its
 * end, cut at character boundaries, and stays short. */
static void long_diag_should_keep_start_and_end_only(void **state)
{
    (void)state;
    size_t n = 2u << 20;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2)
        memcpy(big + i, "\xc3\xa9", 2);           /* é é é ... */
    big[n] = '\0';
    char *stray = malloc(5001);
    memset(stray, 0x80, 5000);                    /* continuation bytes only */
    stray[5000] = '\0';
    rq_diags d = RQ_DIAGS_INIT;
    rq_diags_add(&d, RQ_SEV_WARNING, "job.txt", 2, 0, NULL, "no rule from: %s (end)", big);
    rq_diags_add(&d, RQ_SEV_WARNING, "job.txt", 3, 0, NULL, "odd: %s (end)", stray);
    const char *m = d.items[0].message;
    assert_true(strlen(m) <= 600);
    assert_memory_equal(m, "no rule from: \xc3\xa9\xc3\xa9", 18);
    assert_non_null(strstr(m, "\xc3\xa9 [...] \xc3\xa9"));
    assert_string_equal(m + strlen(m) - 8, "\xc3\xa9 (end)");
    assert_true(rq_utf8_valid(m, strlen(m)));
    char *line = rq_diag_format(&d.items[1]);
    assert_true(strlen(line) < 4 * 600);
    assert_non_null(strstr(line, "\\x80 [...] \\x80"));
    assert_string_equal(line + strlen(line) - 6, " (end)");
    free(line);
    rq_diags_clear(&d);
    free(big);
    free(stray);
}

/* Writes data to a temporary file and returns its descriptor, at offset 0. */
static int temp_fd(const char *data, size_t len)
{
    char path[] = "/tmp/rq_lines_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        assert_true(n > 0);
        done += (size_t)n;
    }
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

static void lines_should_split_on_newlines_and_keep_a_last_unterminated_line(void **state)
{
    (void)state;
    const char text[] = "one\n\nthree\r\nlast";
    int fd = temp_fd(text, sizeof text - 1);
    rq_line_reader r;
    rq_lines_init(&r, fd);
    char *line;
    size_t len;
    const char *want[] = {"one", "", "three\r", "last"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(rq_lines_next(&r, &line, &len), 1);
        assert_int_equal(len, strlen(want[i]));
        assert_string_equal(line, want[i]);
    }
    assert_int_equal(rq_lines_next(&r, &line, &len), 0);
    assert_int_equal(rq_lines_next(&r, &line, &len), 0);
    rq_lines_free(&r);
    close(fd);
}

static void lines_should_give_nothing_for_an_empty_file(void **state)
{
    (void)state;
    int fd = temp_fd("", 0);
    rq_line_reader r;
    rq_lines_init(&r, fd);
    char *line;
    size_t len;
    assert_int_equal(rq_lines_next(&r, &line, &len), 0);
    rq_lines_free(&r);
    close(fd);
}

/* Lines longer than one read, and lines across the boundary of reads,
 * come back whole. */
static void lines_should_be_whole_across_reads(void **state)
{
    (void)state;
    size_t big = 3u * RQ_LINE_READ_SIZE + 17;
    rq_buf b = RQ_BUF_INIT;
    rq_buf_puts(&b, "short\n");
    for (size_t i = 0; i < big; i++)
        rq_buf_putc(&b, (char)('a' + i % 26));
    rq_buf_putc(&b, '\n');
    size_t small = 0;
    while (b.len < 5u * RQ_LINE_READ_SIZE) {
        rq_buf_printf(&b, "line %zu\n", small++);
    }
    assert_false(b.oom);
    int fd = temp_fd(b.data, b.len);
    rq_line_reader r;
    rq_lines_init(&r, fd);
    char *line;
    size_t len;
    assert_int_equal(rq_lines_next(&r, &line, &len), 1);
    assert_string_equal(line, "short");
    assert_int_equal(rq_lines_next(&r, &line, &len), 1);
    assert_int_equal(len, big);
    assert_int_equal(strlen(line), big);
    assert_int_equal(line[big - 1], 'a' + (big - 1) % 26);
    char want[32];
    for (size_t i = 0; i < small; i++) {
        assert_int_equal(rq_lines_next(&r, &line, &len), 1);
        snprintf(want, sizeof want, "line %zu", i);
        assert_string_equal(line, want);
    }
    assert_int_equal(rq_lines_next(&r, &line, &len), 0);
    rq_lines_free(&r);
    close(fd);
    rq_buf_free(&b);
}

static void lines_should_report_a_read_error(void **state)
{
    (void)state;
    rq_line_reader r;
    rq_lines_init(&r, -1);
    char *line;
    size_t len;
    assert_int_equal(rq_lines_next(&r, &line, &len), -1);
    rq_lines_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_should_grow_and_stay_nul_terminated),
        cmocka_unit_test(buf_take_should_give_empty_string_for_empty_buffer),
        cmocka_unit_test(grow_should_double_and_refuse_overflow),
        cmocka_unit_test(utf8_should_reject_overlongs_surrogates_and_truncation),
        cmocka_unit_test(utf8_should_find_a_bad_byte_at_any_offset),
        cmocka_unit_test(as_of_should_validate_calendar_dates),
        cmocka_unit_test(diag_should_format_file_line_col_path_message),
        cmocka_unit_test(diag_should_stay_on_one_printable_line),
        cmocka_unit_test(long_diag_should_keep_start_and_end_only),
        cmocka_unit_test(lines_should_split_on_newlines_and_keep_a_last_unterminated_line),
        cmocka_unit_test(lines_should_give_nothing_for_an_empty_file),
        cmocka_unit_test(lines_should_be_whole_across_reads),
        cmocka_unit_test(lines_should_report_a_read_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
